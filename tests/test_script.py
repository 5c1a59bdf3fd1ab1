"""Writing-system checks: homoglyphs (CD510), untranslated runs (CD601) and paragraphs (CD602)."""
from __future__ import annotations

import pytest

from linter.api import lint_text, make_linter
from linter.errors import RulePackError
from linter.rulepack import builtin_rules_dir, load_rule


@pytest.fixture(scope="module")
def linter():
    return make_linter(("CD510", "CD601", "CD602"))


def found(text, linter):
    return [(f.code, f.column, f.text) for f in lint_text(text, linter=linter)]


def test_homoglyph_suggests_the_latin_word_as_a_safe_fix(linter):
    (f,) = lint_text("The president of Ukr\u0430ine spoke.", linter=linter)
    assert (f.code, f.column, f.text, f.suggestion) == ("CD510", 18, "Ukr\u0430ine", "Ukraine")
    assert "U+0430 CYRILLIC SMALL LETTER A" in f.message
    assert f.fix.safe and [(e.start, e.end, e.replacement) for e in f.fix.edits] == [(17, 24, "Ukraine")]


def test_capital_and_greek_look_alikes(linter):
    findings = lint_text("\u0421\u041eVID rules ended in \u0391thens.", linter=linter)
    assert [(f.text, f.suggestion) for f in findings] == [("\u0421\u041eVID", "COVID"), ("\u0391thens", "Athens")]


def test_a_foreign_letter_without_a_latin_twin_is_untranslated_not_a_homoglyph(linter):
    assert found('Ukrainian "Shched\u0440\u0438\u043a" sounded in Carnegie Hall.', linter) == [
        ("CD601", 12, "Shched\u0440\u0438\u043a")]


def test_untranslated_runs_inside_english(linter):
    text = "Poland will buy equipment worth \u0434\u043e\u043b\u0430\u0440\u0456\u0432 10 billion from \u041b\u0435\u043d\u0442\u0430 \u0440\u0443."
    assert found(text, linter) == [("CD601", 33, "\u0434\u043e\u043b\u0430\u0440\u0456\u0432"),
                                   ("CD601", 57, "\u041b\u0435\u043d\u0442\u0430 \u0440\u0443")]
    (f,) = lint_text("It passed - \u7ecf\u6d4e\u89c2\u5bdf\u7f51", linter=linter)
    assert f.message.startswith('Han text left untranslated: "\u7ecf\u6d4e\u89c2\u5bdf\u7f51".')


@pytest.mark.parametrize("text", [
    "The Verkhovna Rada (\u0412\u0435\u0440\u0445\u043e\u0432\u043d\u0430 \u0420\u0430\u0434\u0430) passed the law.",
    'The newspaper "Kommersant" (\u00ab\u041a\u043e\u043c\u043c\u0435\u0440\u0441\u0430\u043d\u0442\u044a\u00bb) reported it.',
    "The carol Shchedryk (Ukrainian: \u0429\u0435\u0434\u0440\u0438\u043a) was sung.",
    "Alpha particles (\u03b1) were detected.",
])
def test_original_in_parentheses_after_its_translation_passes(linter, text):
    assert found(text, linter) == []


def test_parentheses_without_a_translation_before_them_do_not_excuse_a_run(linter):
    assert found("(\u0412\u0435\u0440\u0445\u043e\u0432\u043d\u0430 \u0420\u0430\u0434\u0430) passed the law "
                 "on Tuesday after a long debate.", linter) == [
        ("CD601", 2, "\u0412\u0435\u0440\u0445\u043e\u0432\u043d\u0430 \u0420\u0430\u0434\u0430")]


def test_a_foreign_paragraph_is_one_finding(linter):
    text = ("Doctor names causes of poor sleep\n\n"
            "\u041d\u0435\u0433\u0430\u0442\u0438\u0432\u043d\u043e \u0432\u043b\u0438\u044f\u0435\u0442 "
            "\u043d\u0430 \u0441\u043e\u043d \u0438 \u0430\u043b\u043a\u043e\u0433\u043e\u043b\u044c, "
            "says Dr Smith.\n\nShe also said more.\n")
    findings = lint_text(text, linter=linter)
    assert [(f.code, f.line, f.column) for f in findings] == [("CD602", 3, 1)]
    assert findings[0].message == "This paragraph is 72% Cyrillic: it was not translated."


def _rule_file(tmp_path, params: str):
    path = tmp_path / "CD699-test.yml"
    path.write_text(
        "code: CD699\nname: test-script\ncategory: untranslated\nseverity: error\nkind: script\n"
        "message: m\ndescription: d\n" + params +
        "examples:\n  flag: [a, b]\n  pass: [c, d]\n", encoding="utf-8")
    return path


def test_unknown_script_name_is_a_rule_pack_error(tmp_path):
    path = _rule_file(tmp_path, "params:\n  mode: foreign-run\n  scripts: [Klingon]\n")
    with pytest.raises(RulePackError, match=r"CD699-test.yml: params.scripts: unknown Unicode script"):
        load_rule(path, [builtin_rules_dir()])


def test_homoglyph_mode_needs_a_confusables_table(tmp_path):
    path = _rule_file(tmp_path, "params:\n  mode: homoglyph\n")
    with pytest.raises(RulePackError, match=r"params.confusables: required for mode homoglyph"):
        load_rule(path, [builtin_rules_dir()])
