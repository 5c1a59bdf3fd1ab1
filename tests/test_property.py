"""Property: over arbitrary Unicode text the engine never raises, and every finding is where it says."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.api import lint_text, make_linter

LINTER = make_linter()  # every rule that is on by default
_BREAK = re.compile(r"\r\n|\r|\n")

# Article-like material that makes the rules fire, mixed with arbitrary text.
FRAGMENTS = st.sampled_from([
    "The DPRK and Russia sign mutual defense pact", "Asia North Korea (DPRK) Russia World",
    "Read also: Another story", "Photo caption,", "31 minute(s) ago", "the the", "“quote", "quote”",
    "(open", "close)", '"', "  ", " .", "rubble.Rescuers", "Kim Jong-un", "Kim Jong-Un", "Kiev", "Kyiv",
    "according to the media", "5 million shells", "It should be noted that", "\n", "\n\n", "\r\n", "\r",
    "Ukrаine", "Ð¿Ñ€", "Київ", "yesterday", " - DW - 08.02.2023", "<!-- copydesk-disable -->", "# ",
])
# Any characters but C0/C1 controls other than line breaks and tabs: text full of control
# characters is refused as binary by the reader (tests/test_bad_input.py), by design.
CHARS = st.one_of(st.characters(blacklist_categories=("Cc", "Cs")), st.sampled_from("\n\r\t"))
TEXTS = st.one_of(
    st.text(CHARS, max_size=400),
    st.lists(st.one_of(FRAGMENTS, st.text(CHARS, max_size=30)), max_size=40).map("".join),
)


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) computed independently of the engine's LineIndex."""
    before = text[:offset]
    breaks = list(_BREAK.finditer(before))
    line = len(breaks) + 1
    start = breaks[-1].end() if breaks else 0
    if before.endswith("\r") and text[offset:offset + 1] == "\n":
        # an offset between \r and \n sits at the end of the line the \r\n breaks
        line -= 1
        start = breaks[-2].end() if len(breaks) > 1 else 0
    return line, offset - start + 1


def check(text: str, filename: str) -> None:
    for finding in lint_text(text, filename, linter=LINTER):
        assert 0 <= finding.offset <= finding.end_offset <= len(text)
        assert finding.text == text[finding.offset:finding.end_offset]
        assert (finding.line, finding.column) == position(text, finding.offset)
        assert (finding.end_line, finding.end_column) == position(text, finding.end_offset)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_plain_text_findings_match_their_offsets(text):
    if text.strip():
        check(text, "a.txt")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_markdown_findings_match_their_offsets(text):
    if text.strip():
        check(text, "a.md")
