"""Every rule's flag/pass examples, run by one parametrised test; and the meta-test on examples."""
from __future__ import annotations

import pytest

from languagetool_fixture import languagetool_server_url
from linter.api import lint_text, make_linter
from linter.rulepack import load_rules

RULES = load_rules().rules


def _cases(kind: str):
    for rule in RULES:
        examples = rule.examples_flag if kind == "flag" else rule.examples_pass
        for i, example in enumerate(examples):
            yield pytest.param(rule, example, id=f"{rule.code}-{rule.name}-{kind}{i}")


_LINTERS: dict[str, object] = {}


def _linter(rule):
    if rule.kind == "languagetool":
        languagetool_server_url()  # skips visibly without Java; the rule then uses this session's server
    if rule.code not in _LINTERS:
        _LINTERS[rule.code] = make_linter((rule.code,))
    return _LINTERS[rule.code]


def _meta(example) -> dict | None:
    return {"source_text": example.source} if example.source is not None else None


@pytest.mark.parametrize(("rule", "example"), list(_cases("flag")))
def test_flag_example_is_flagged(rule, example):
    findings = [f for f in lint_text(example.text, example.filename, linter=_linter(rule), meta=_meta(example))
                if f.code == rule.code]
    assert findings, f"{rule.code} did not flag: {example.text!r}"
    if example.excerpt is not None:
        assert any(f.text == example.excerpt for f in findings), (
            f"{rule.code} flagged {[f.text for f in findings]!r}, expected exactly {example.excerpt!r}")


@pytest.mark.parametrize(("rule", "example"), list(_cases("pass")))
def test_pass_example_is_not_flagged(rule, example):
    findings = [f for f in lint_text(example.text, example.filename, linter=_linter(rule), meta=_meta(example))
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
