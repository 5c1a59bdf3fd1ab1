"""Fixes: the seed with --fix / --diff, overlap resolution, formats, encodings and safe writes."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from conftest import SEED
from linter.api import make_linter
from linter.cli import app
from linter.document import Document, Run, SpanMap
from linter.errors import CopydeskError
from linter.finding import Edit, Finding, Fix
from linter.fixes import (EditMapper, MAX_PASSES, _write_back, apply_edits, article_lint, choose, fix_text,
                          unified_diff)

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
# Line 3 (the repeated headline), line 5 (the tag line) and line 31 (the tag line again) go, with the
# blank lines that separated them; the file still ends without a line break, as it did.
SEED_FIXED = "\n".join(SEED_LINES[:1] + SEED_LINES[5:29])
SEED_DIFF = f"""\
--- dprk-russia-pact.txt
+++ dprk-russia-pact.txt
@@ -1,8 +1,4 @@
 {SEED_LINES[0]}
-
-{SEED_LINES[2]}
-
-{SEED_LINES[4]}
 
 {SEED_LINES[6]}
 
@@ -26,6 +22,4 @@
 
 {SEED_LINES[26]}
 
-{SEED_LINES[28]}
-
-{SEED_LINES[30]}
\\ No newline at end of file
+{SEED_LINES[28]}
\\ No newline at end of file
"""
runner = CliRunner()


@pytest.fixture
def seed_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / SEED.name
    shutil.copyfile(SEED, target)
    target.chmod(0o640)
    return target


def lint(*args):
    return runner.invoke(app, ["lint", *args])


def test_seed_fix_removes_the_repeated_headline_and_both_tag_lines(seed_copy):
    result = lint(SEED.name, "--fix", "--select", "CD1")
    assert result.stderr == "copydesk: fixed 3 findings in 1 file\n"
    assert result.exit_code == 0, result.stdout  # nothing of CD1 is left
    assert result.stdout == "Found 0 findings (0 error, 0 warning, 0 info) in 1 file.\n"
    assert seed_copy.read_text(encoding="utf-8") == SEED_FIXED
    assert "\n\n\n" not in SEED_FIXED
    assert oct(seed_copy.stat().st_mode & 0o777) == oct(0o640)


def test_seed_fix_with_every_rule_changes_nothing_else(seed_copy):
    """The acceptance criterion: the safe fixes of the whole rule pack on the seed are exactly these."""
    result = lint(SEED.name, "--fix", "--exit-zero")
    assert result.exit_code == 0, result.stdout
    assert seed_copy.read_text(encoding="utf-8") == SEED_FIXED
    assert result.stderr.startswith("copydesk: fixed 3 findings in 1 file\n")


def test_second_fix_is_a_no_op(seed_copy):
    assert lint(SEED.name, "--fix", "--select", "CD1").exit_code == 0
    inode, mtime = seed_copy.stat().st_ino, seed_copy.stat().st_mtime_ns
    result = lint(SEED.name, "--fix", "--select", "CD1")
    assert result.exit_code == 0
    assert result.stderr == "copydesk: nothing to fix\n"
    assert (seed_copy.stat().st_ino, seed_copy.stat().st_mtime_ns) == (inode, mtime)  # not even rewritten
    assert seed_copy.read_text(encoding="utf-8") == SEED_FIXED


def test_diff_shows_exactly_that_and_writes_nothing(seed_copy):
    before = seed_copy.read_bytes()
    result = lint(SEED.name, "--diff")
    assert result.exit_code == 1
    assert result.stdout == SEED_DIFF
    assert result.stderr.splitlines() == [  # the calque (CD201) and "Kim Jong-Un" (CD401) need a person
        "copydesk: would fix 3 findings in 1 file",
        "copydesk: 2 more fixes are unsafe: review with --diff --unsafe-fixes, apply with --fix --unsafe-fixes"]
    assert seed_copy.read_bytes() == before


@pytest.mark.skipif(shutil.which("patch") is None, reason="no patch program")
def test_the_diff_applies_with_patch(seed_copy):
    patch = seed_copy.parent / "seed.diff"
    patch.write_text(lint(SEED.name, "--diff").stdout, encoding="utf-8")
    subprocess.run(["patch", "-p0", "--quiet", "-i", str(patch)], cwd=seed_copy.parent, check=True)
    assert seed_copy.read_text(encoding="utf-8") == SEED_FIXED


def test_unsafe_fix_of_the_same_line_is_shared_not_applied_twice(seed_copy):
    """CD102 (unsafe) and CD110 (safe) delete the same bottom tag line: one deletion, both fixed."""
    result = lint(SEED.name, "--fix", "--unsafe-fixes", "--select", "CD1")
    assert result.stderr == "copydesk: fixed 4 findings in 1 file\n"
    assert seed_copy.read_text(encoding="utf-8") == SEED_FIXED


def test_diff_of_standard_input(monkeypatch):
    result = runner.invoke(app, ["lint", "-", "--stdin-filename", SEED.name, "--diff", "--select", "CD1"],
                           input=SEED.read_text(encoding="utf-8"))
    assert result.exit_code == 1
    assert result.stdout == SEED_DIFF


@pytest.mark.parametrize("args, message", [
    (["-", "--fix"], "copydesk: error: --fix cannot rewrite standard input; use --diff to see the fixes\n"),
    (["x.txt", "--unsafe-fixes"], "copydesk: error: --unsafe-fixes only widens --fix (which writes) and --diff "
                                  "(which shows); add one of them\n"),
])
def test_refusals_on_the_command_line(args, message):
    result = lint(*args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_unsafe_fixes_wait_for_the_flag(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.txt"
    text = ("Talks resume\n\nThe the minister said talks would resume.\n\nPhoto caption,\n\n"
            "More talks follow, he said.\n")
    article.write_text(text, encoding="utf-8")
    result = lint("a.txt", "--fix", "--select", "CD113,CD501")
    assert result.stderr == ("copydesk: fixed 1 finding in 1 file\n"
                             "copydesk: 1 more fix is unsafe: review with --diff --unsafe-fixes, "
                             "apply with --fix --unsafe-fixes\n")
    assert article.read_text(encoding="utf-8") == text.replace("The the", "The")
    result = lint("a.txt", "--fix", "--unsafe-fixes", "--select", "CD113,CD501")
    assert result.stderr == "copydesk: fixed 1 finding in 1 file\n"
    assert article.read_text(encoding="utf-8") == ("Talks resume\n\nThe minister said talks would resume.\n\n"
                                                   "More talks follow, he said.\n")


def test_formats_that_cannot_be_fixed_are_left_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    records = tmp_path / "articles.jsonl"
    data = '{"headline": "Talks", "body": "The the minister said talks would resume."}\n'
    records.write_text(data, encoding="utf-8")
    result = lint("articles.jsonl", "--fix", "--select", "CD501", "--exit-zero")
    assert "copydesk: warning: articles.jsonl: not fixed: fixes apply to .txt, .md and .html files only\n" \
        in result.stderr
    assert records.read_text(encoding="utf-8") == data


def test_a_file_that_cannot_be_written_fails_the_run(seed_copy, monkeypatch):
    def refuse(*args):
        raise CopydeskError("not fixed: the file changed on disk while it was being fixed; run again")

    monkeypatch.setattr("linter.fixes._write_back", refuse)
    result = lint(SEED.name, "--fix", "--select", "CD1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (f"copydesk: error: {SEED.name}: not fixed: the file changed on disk "
                                             "while it was being fixed; run again")
    assert seed_copy.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")


def test_an_unreadable_file_is_reported_once_by_the_lint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    result = lint("binary.txt", "--fix")
    assert result.exit_code == 2
    assert "copydesk: error" not in result.stderr
    assert "binary file" in result.stdout


# ---- encodings, line breaks, and writing --------------------------------------------------------

@pytest.mark.parametrize("encoding, bom", [("utf-16-le", "\ufeff"), ("utf-8", "\ufeff"), ("utf-8", "")])
def test_a_file_is_written_back_in_its_own_encoding(tmp_path, monkeypatch, encoding, bom):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.txt"
    text = "Talks resume\r\n\r\nThe minister  said talks would resume – in Kyiv.\r\n"
    article.write_bytes((bom + text).encode(encoding))
    assert lint("a.txt", "--fix", "--select", "CD502").exit_code == 0
    assert article.read_bytes() == (bom + text.replace("  ", " ")).encode(encoding)


def test_a_legacy_code_page_is_written_back_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.txt"
    text = "Talks resume\n\nThe minister  said «Москва» would resume talks.\n"
    article.write_bytes(text.encode("cp1251"))
    assert lint("a.txt", "--fix", "--select", "CD502", "--encoding", "cp1251").exit_code == 0
    assert article.read_bytes() == text.replace("  ", " ").encode("cp1251")


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("edited meanwhile\n", encoding="utf-8")
    with pytest.raises(CopydeskError, match="changed on disk while it was being fixed"):
        _write_back(article, b"as read\n", "as read\n", "fixed\n", None)
    assert article.read_text(encoding="utf-8") == "edited meanwhile\n"


def test_a_replacement_the_code_page_cannot_hold_is_refused(tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes("Москва\n".encode("koi8_r"))
    with pytest.raises(CopydeskError, match="koi8_r cannot encode"):
        _write_back(article, "Москва\n".encode("koi8_r"), "Москва\n", "Москва’\n", None)
    assert article.read_bytes() == "Москва\n".encode("koi8_r")


def test_unified_diff_marks_missing_final_line_breaks():
    assert unified_diff("a.txt", "one\ntwo", "one\nthree\n") == (
        "--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n\\ No newline at end of file\n+three\n")
    assert unified_diff("a.txt", "same", "same") == ""


# ---- choosing among fixes ----------------------------------------------------------------------

def finding(code: str, *edits: tuple[int, int, str], safe: bool = True, span: tuple[int, int] | None = None):
    start, end = span or (edits[0][0], edits[0][1])
    return Finding(code=code, name=code.lower(), category="typography", severity="warning", message="",
                   line=1, column=start + 1, end_line=1, end_column=end + 1, offset=start, end_offset=end,
                   text="", fix=Fix(tuple(Edit(*e) for e in edits), safe, ""))


def codes(selection):
    return [f.code for f in selection.findings]


def test_the_earlier_fix_wins_an_overlap_and_safe_wins_a_tie():
    first, later = finding("CD502", (0, 5, "x")), finding("CD501", (3, 8, "y"))
    assert codes(choose([later, first])) == ["CD502"]
    safe, unsafe = finding("CD999", (0, 5, "x")), finding("CD001", (0, 6, "y"), safe=False)
    assert codes(choose([unsafe, safe], unsafe=True)) == ["CD999"]
    assert codes(choose([unsafe])) == []  # unsafe fixes need the flag


def test_touching_edits_both_apply_but_two_insertions_at_one_place_do_not():
    left, right = finding("CD1", (0, 3, "")), finding("CD2", (3, 6, "B"))
    assert codes(choose([left, right])) == ["CD1", "CD2"]
    assert apply_edits("abcdefg", choose([left, right]).edits) == "Bg"
    one, two = finding("CD1", (4, 4, "x")), finding("CD2", (4, 4, "y"))
    assert codes(choose([two, one])) == ["CD1"]
    inside = finding("CD3", (2, 2, "!"))
    assert codes(choose([finding("CD4", (1, 3, "")), inside])) == ["CD4"]


def test_a_fix_applies_whole_or_not_at_all():
    blocker = finding("CD1", (10, 12, ""))
    pair = finding("CD2", (0, 1, "A"), (11, 13, "B"))
    assert codes(choose([pair, blocker])) == ["CD2"]  # starts first
    assert choose([pair, blocker]).edits == [Edit(0, 1, "A"), Edit(11, 13, "B")]
    late_pair = finding("CD3", (20, 21, "A"), (11, 13, "B"), span=(20, 21))
    assert codes(choose([late_pair, blocker])) == ["CD1"]


def test_edits_out_of_bounds_are_skipped():
    assert codes(choose([finding("CD1", (5, 20, "")), finding("CD2", (0, 1, "x"))], length=10)) == ["CD2"]


def test_the_loop_runs_until_nothing_is_left():
    linter = make_linter(["CD501"])
    outcome = fix_text("Talks\n\nThe the the minister said talks would resume.\n", article_lint(linter, "a.txt", None))
    assert outcome.after == "Talks\n\nThe minister said talks would resume.\n"
    assert (outcome.passes, outcome.converged, len(outcome.applied)) == (2, True, 2)


def test_a_fix_that_never_settles_stops_after_max_passes():
    def flip_flop(text: str):
        return [finding("CD999", (0, 1, "b" if text[0] == "a" else "a"))]

    outcome = fix_text("a", flip_flop)
    assert (outcome.passes, outcome.converged) == (MAX_PASSES, False)


# ---- which edits map cleanly onto markup --------------------------------------------------------

def test_markdown_block_deletion_takes_its_markup_along():
    text = ("# The DPRK and Russia sign mutual defense pact\n\n**The DPRK and Russia sign mutual defense pact**\n\n"
            "*Asia North Korea (DPRK) Russia World*\n\nRussia and the DPRK have signed an agreement, which "
            "includes the the military assistance.\n")
    outcome = fix_text(text, article_lint(make_linter(["CD101", "CD110", "CD501"]), "a.md", None))
    assert outcome.after == ("# The DPRK and Russia sign mutual defense pact\n\nRussia and the DPRK have signed "
                             "an agreement, which includes the military assistance.\n")


def test_markdown_edit_across_inline_markup_is_not_applied():
    text = "Talks resume\n\nThe minister said the **the** talks would resume soon.\n"
    outcome = fix_text(text, article_lint(make_linter(["CD501"]), "a.md", None))
    assert outcome.after == text
    assert [(f.code, f.fix) for f in outcome.remaining] == [("CD501", None)]


def test_markdown_list_item_deletion_keeps_the_list():
    text = ("Talks resume\n\nThe ministers met on Monday and said talks would resume soon.\n\n"
            "- First point of the long agreement here.\n- Subscribe to our Telegram channel to stay up to date.\n"
            "- Third point of the long agreement here.\n")
    outcome = fix_text(text, article_lint(make_linter(["CD112"]), "a.md", None))
    assert outcome.after == text.replace("- Subscribe to our Telegram channel to stay up to date.\n", "")


def html_document(source: str, runs: list[Run], text: str) -> Document:
    return Document(path="a.html", source=source, text=text, blocks=[], span_map=SpanMap(runs))


def test_html_edits_apply_inside_text_only():
    source = "<p>The the minister &amp; aide</p>\n<p>Tag line</p>"
    text = "The the minister & aide\n\nTag line"
    runs = [Run(0, 3, 3, 6), Run(3, 4, 6, 7), Run(4, 7, 7, 10), Run(7, 16, 10, 19), Run(16, 17, 19, 24),
            Run(17, 22, 24, 29), Run(24, 32, 37, 45)]
    mapper = EditMapper(html_document(source, runs, text), "html")
    in_text = mapper.fix_of(finding("CD501", (3, 10, "The")))
    assert in_text.fix.edits == (Edit(3, 10, "The"),)
    across_entity = mapper.fix_of(finding("CD501", (17, 29, "x")))
    assert across_entity.fix is None
    block = mapper.fix_of(finding("CD110", (29, 45, ""), span=(37, 45)))
    assert block.fix is None  # a deleted paragraph would leave its tags behind
