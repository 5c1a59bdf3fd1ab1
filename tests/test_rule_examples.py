"""Every rule's flag/pass examples, run by one parametrised test; and the meta-test on examples."""
from __future__ import annotations

import pytest

from languagetool_fixture import languagetool_server_url
from linter.api import lint_text, make_linter
from pathlib import Path

from linter.rulepack import builtin_rules_dir, list_examples, load_rules

RULES = load_rules().rules
LISTS = list_examples()


def _cases(kind: str):
    for rule in RULES:
        examples = rule.examples_flag if kind == "flag" else rule.examples_pass
        for i, example in enumerate(examples):
            yield pytest.param(rule, example, id=f"{rule.code}-{rule.name}-{kind}{i}")


_LINTERS: dict[str, object] = {}


def _linter(*codes: str):
    by_code = {r.code: r for r in RULES}
    if any(by_code[code].kind == "languagetool" for code in codes):
        languagetool_server_url()  # skips visibly without Java; the rule then uses this session's server
    key = ",".join(codes)
    if key not in _LINTERS:
        _LINTERS[key] = make_linter(codes)
    return _LINTERS[key]


def _meta(example) -> dict | None:
    return {"source_text": example.source} if example.source is not None else None


@pytest.mark.parametrize(("rule", "example"), list(_cases("flag")))
def test_flag_example_is_flagged(rule, example):
    findings = [f for f in lint_text(example.text, example.filename, linter=_linter(rule.code), meta=_meta(example))
                if f.code == rule.code]
    assert findings, f"{rule.code} did not flag: {example.text!r}"
    if example.excerpt is not None:
        assert any(f.text == example.excerpt for f in findings), (
            f"{rule.code} flagged {[f.text for f in findings]!r}, expected exactly {example.excerpt!r}")


@pytest.mark.parametrize(("rule", "example"), list(_cases("pass")))
def test_pass_example_is_not_flagged(rule, example):
    findings = [f for f in lint_text(example.text, example.filename, linter=_linter(rule.code), meta=_meta(example))
                if f.code == rule.code]
    assert not findings, f"{rule.code} flagged {[(f.text, f.message) for f in findings]!r} in {example.text!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_two_examples_of_each(rule):
    assert len(rule.examples_flag) >= 2, f"{rule.path}: needs at least two `flag` examples"
    assert len(rule.examples_pass) >= 2, f"{rule.path}: needs at least two `pass` examples"


def test_codes_and_names_are_unique_and_documented():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert len(rule.description) > 40, f"{rule.code}: description too short to be documentation"


# ---- word lists: a YAML list carries examples of its entries at work, run with the rules it names ----

def _list_cases(kind: str):
    for word_list in LISTS:
        for i, example in enumerate(word_list.flag if kind == "flag" else word_list.pass_):
            yield pytest.param(word_list, example, id=f"{Path(word_list.path).stem}-{kind}{i}")


def _list_findings(word_list, example):
    return [f for f in lint_text(example.text, example.filename, linter=_linter(*word_list.rules),
                                 meta=_meta(example)) if f.code in word_list.rules]


@pytest.mark.parametrize(("word_list", "example"), list(_list_cases("flag")))
def test_word_list_flag_example_is_flagged(word_list, example):
    findings = _list_findings(word_list, example)
    assert findings, f"{word_list.path}: {word_list.rules} did not flag: {example.text!r}"
    if example.excerpt is not None:
        assert any(f.text == example.excerpt for f in findings), (
            f"{word_list.path}: flagged {[f.text for f in findings]!r}, expected exactly {example.excerpt!r}")


@pytest.mark.parametrize(("word_list", "example"), list(_list_cases("pass")))
def test_word_list_pass_example_is_not_flagged(word_list, example):
    findings = _list_findings(word_list, example)
    assert not findings, f"{word_list.path}: flagged {[(f.code, f.text) for f in findings]!r} in {example.text!r}"


def test_every_yaml_word_list_of_entries_has_two_examples_of_each():
    """Lists that are mappings (every one but the ordered alternation steps) show their entries at work."""
    import yaml

    mappings = sorted(str(p) for p in (builtin_rules_dir() / "lists").glob("*.yml")
                      if isinstance(yaml.safe_load(p.read_text(encoding="utf-8")), dict))
    assert sorted(w.path for w in LISTS) == mappings
    for word_list in LISTS:
        assert len(word_list.flag) >= 2 and len(word_list.pass_) >= 2, word_list.path
        assert set(word_list.rules) <= {r.code for r in RULES}, word_list.path
