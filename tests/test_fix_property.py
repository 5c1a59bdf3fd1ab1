"""Property: over arbitrary text and every rule, fixes change only the spans they edit, and settle.

The texts mix random Unicode with fragments that set rules off (repeated headlines, tag lines,
doubled words, stray spaces, Markdown markup), in plain text and in Markdown.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.api import make_linter
from linter.fixes import apply_edits, article_lint, choose, conflicts, fix_text

LINTER = make_linter(["ALL"])
FRAGMENTS = [
    "The DPRK and Russia sign mutual defense pact", "Asia North Korea (DPRK) Russia World",
    "The the minister said", " for for ", "  ", " ,", " .", ".They", ",the", "Read also: Talks in Kyiv",
    "Photo caption,", "Subscribe to our Telegram channel to stay up to date.", "31 minute(s) ago",
    "Kim Jong-un", "Kim Jong-Un", "\n", "\n\n", "\r\n", "# ", "**", "*", "- ", "> ", "`", "[link](http://x.y)",
    "😀", "«", "»", "“", "”", "’", "Москва", "\u2028",
]
LINES = ["The DPRK and Russia sign mutual defense pact", "Asia North Korea (DPRK) Russia World",
         "# The DPRK and Russia sign mutual defense pact", "**Asia North Korea (DPRK) Russia World**",
         "- Subscribe to our Telegram channel to stay up to date.", "Read also: Talks in Kyiv", "Photo caption,",
         "31 minute(s) ago", "Russia and the DPRK have signed an agreement, which  includes the the aid .",
         "> The Russian media announced this.Kim Jong-Un said so , he said."]
inline = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30).map("".join)
blocks = st.tuples(st.lists(st.one_of(st.sampled_from(LINES), inline), min_size=1, max_size=8),
                   st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"])).map(lambda t: t[1].join(t[0]))
texts = st.one_of(inline, blocks)


def one_pass(text: str, filename: str):
    findings = article_lint(LINTER, filename, None)(text)
    return findings, choose(findings, unsafe=True, length=len(text))


def check_only_edited_spans_change(text: str, filename: str) -> None:
    findings, chosen = one_pass(text, filename)
    edits = chosen.edits
    assert all(0 <= e.start <= e.end <= len(text) for e in edits)
    assert not any(conflicts(a, b) for i, a in enumerate(edits) for b in edits[i + 1:])
    for f in chosen.findings:  # a fix edits where its finding is (or the block around it)
        assert all(e.start <= f.end_offset and f.offset <= e.end for e in f.fix.edits), f
    fixed = apply_edits(text, edits)
    # Outside the union of the edited spans the text is identical, piece by piece, in order.
    position, cursor = 0, 0
    for edit in edits:
        kept = text[position:edit.start]
        assert fixed[cursor:cursor + len(kept)] == kept
        cursor += len(kept)
        assert fixed[cursor:cursor + len(edit.replacement)] == edit.replacement
        cursor += len(edit.replacement)
        position = edit.end
    assert fixed[cursor:] == text[position:]


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(texts)
def test_plain_text_fixes_change_only_their_spans(text):
    check_only_edited_spans_change(text, "a.txt")


@PROPERTY
@given(texts)
def test_markdown_fixes_change_only_their_spans(text):
    check_only_edited_spans_change(text, "a.md")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["a.txt", "a.md"]))
def test_fixing_twice_changes_nothing_the_second_time(text, filename):
    lint = article_lint(LINTER, filename, None)
    first = fix_text(text, lint, unsafe=True)
    if first.converged:
        second = fix_text(first.after, lint, unsafe=True)
        assert second.after == first.after
        assert second.applied == []
