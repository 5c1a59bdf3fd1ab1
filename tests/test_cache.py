"""The caches: results of unchanged files, validated rule packs, compiled regexes.

A cache must never change an answer: the tests compare cached with uncached output, and count the
work that was (not) done rather than timing it.
"""
from __future__ import annotations

import re
import threading

import pytest
from typer.testing import CliRunner

from conftest import SEED
from linter import cache as cache_module
from linter import regexcache
from linter.cache import ResultCache, Store
from linter.cli import app
from linter.engine import Linter
from linter.rulepack import _load_rules_cached, load_rules

cli = CliRunner()

HOUSE_RULE = """code: CD990
name: house-banned-word
category: style
severity: warning
kind: existence
message: 'House style: avoid "{match}".'
description: A word the house style guide bans.
params:
  ignore_case: true
  tokens: [WORD]
examples:
  flag: ["It was WORD.", "WORD again."]
  pass: ["Fine text.", "Also fine."]
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A working directory with two articles and a configuration with house rules."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "CD990.yml").write_text(HOUSE_RULE.replace("WORD", "frankly"), encoding="utf-8")
    (tmp_path / "copydesk.toml").write_text('rule-dirs = ["house"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text("Frankly, the talks went well.\n", encoding="utf-8")
    _load_rules_cached.cache_clear()
    yield tmp_path
    _load_rules_cached.cache_clear()


@pytest.fixture
def lint_calls(monkeypatch):
    """Paths of the documents actually linted (not answered from the cache)."""
    calls: list[str] = []
    original = Linter.lint

    def counting(self, doc, path=None):
        calls.append(doc.path)
        return original(self, doc, path)

    monkeypatch.setattr(Linter, "lint", counting)
    return calls


def lint(*args: str):
    return cli.invoke(app, ["lint", "--jobs", "1", "--format", "json", *args])


def test_unchanged_files_are_not_linted_again(workdir, lint_calls):
    first = lint("a.txt", "b.txt")
    assert sorted(lint_calls) == ["a.txt", "b.txt"]
    lint_calls.clear()
    second = lint("a.txt", "b.txt")
    assert lint_calls == []
    assert second.stdout == first.stdout and second.exit_code == first.exit_code == 1
    assert '"code": "CD990"' in first.stdout


def test_a_changed_file_is_linted_again(workdir, lint_calls):
    lint("a.txt", "b.txt")
    (workdir / "b.txt").write_text("Frankly, the talks went badly.\n", encoding="utf-8")
    lint_calls.clear()
    result = lint("a.txt", "b.txt")
    assert lint_calls == ["b.txt"]
    assert '"text": "Frankly"' in result.stdout


def test_rule_and_configuration_changes_invalidate(workdir, lint_calls):
    lint("b.txt")
    (workdir / "house" / "CD990.yml").write_text(HOUSE_RULE.replace("WORD", "talks"), encoding="utf-8")
    _load_rules_cached.cache_clear()
    lint_calls.clear()
    result = lint("b.txt")
    assert lint_calls == ["b.txt"] and '"text": "talks"' in result.stdout
    lint_calls.clear()
    (workdir / "copydesk.toml").write_text('rule-dirs = ["house"]\nignore = ["CD990"]\n', encoding="utf-8")
    result = lint("b.txt")
    assert lint_calls == ["b.txt"] and "CD990" not in result.stdout
    lint_calls.clear()
    lint("b.txt", "--select", "CD990")
    assert lint_calls == ["b.txt"]


def test_no_cache_neither_reads_nor_writes(workdir, lint_calls):
    lint("a.txt", "--no-cache")
    lint("a.txt", "--no-cache")
    assert lint_calls == ["a.txt", "a.txt"]
    assert not (workdir / "cache" / "v1" / "results").exists()


def test_the_cache_directory_ignores_itself(workdir):
    lint("b.txt")
    root = workdir / "cache"
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (root / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_a_damaged_entry_is_a_miss(workdir, lint_calls):
    first = lint("b.txt")
    for entry in (workdir / "cache" / "v1" / "results").rglob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:10])
    lint_calls.clear()
    assert lint("b.txt").stdout == first.stdout
    assert lint_calls == ["b.txt"]


def test_an_unwritable_cache_is_skipped(workdir, monkeypatch, lint_calls):
    blocker = workdir / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(blocker / "cache"))
    first, second = lint("b.txt"), lint("b.txt")
    assert first.stdout == second.stdout and '"code": "CD990"' in first.stdout
    assert lint_calls == ["b.txt", "b.txt"]


def test_parallel_runs_use_and_fill_the_cache(workdir, lint_calls):
    one = lint("a.txt", "b.txt", "--no-cache")
    two = cli.invoke(app, ["lint", "--jobs", "2", "--format", "json", "a.txt", "b.txt"])
    assert two.stdout == one.stdout
    entries = list((workdir / "cache" / "v1" / "results").rglob("*.pickle"))
    assert len(entries) == 2  # written by the workers
    lint_calls.clear()
    assert lint("a.txt", "b.txt").stdout == one.stdout and lint_calls == []


def test_concurrent_writers_never_leave_a_partial_entry(tmp_path):
    """A reader racing writers of the same key sees one of the written values or nothing."""
    store = Store(tmp_path, "race")
    values = [list(range(n, n + 20000)) for n in range(4)]
    seen, errors = [], []
    writing = threading.Event()

    def write(value):
        for _ in range(25):
            store.save("k" * 40, value)

    def read():
        while True:
            done = not writing.is_set()
            got = store.load("k" * 40)
            if got is not None and got not in values:
                errors.append(got[:3])
            seen.append(got is not None)
            if done:
                return

    writers = [threading.Thread(target=write, args=(v,)) for v in values]
    writing.set()
    reader = threading.Thread(target=read)
    for t in [*writers, reader]:
        t.start()
    for t in writers:
        t.join()
    writing.clear()
    reader.join()
    assert errors == [] and seen[-1] is True and len(seen) > 1
    assert not list(tmp_path.rglob("*.tmp"))


def test_result_keys_cover_what_a_result_depends_on(workdir):
    from linter.config import Settings

    cache = ResultCache(workdir / "cache")
    base = dict(display="a.txt", path=workdir / "a.txt", suffix=".txt", settings=Settings(), keep_source=False)
    key = cache.key(b"text", **base)
    assert key == cache.key(b"text", **base)
    changed = [cache.key(b"text!", **base), cache.key(b"text", **{**base, "display": "b.txt"}),
               cache.key(b"text", **{**base, "suffix": ".md"}), cache.key(b"text", **{**base, "keep_source": True}),
               cache.key(b"text", **{**base, "settings": Settings(select=("CD1",))})]
    assert len({key, *changed}) == 1 + len(changed)


# ---- rule packs ------------------------------------------------------------------------------

def test_the_pack_cache_returns_the_validated_pack(workdir, monkeypatch):
    dirs = ((workdir / "house").resolve(),)
    fresh = load_rules(dirs)
    _load_rules_cached.cache_clear()
    monkeypatch.setattr("linter.rulepack._validate_pack", lambda *a: pytest.fail("validated again"))
    cached = load_rules(dirs)
    assert [(r.code, r.path, r.params, r.examples_flag) for r in cached.rules] == \
           [(r.code, r.path, r.params, r.examples_flag) for r in fresh.rules]


def test_a_broken_rule_reports_the_same_error_after_a_cached_run(workdir):
    assert '"code": "CD990"' in lint("b.txt").stdout
    rule = workdir / "house" / "CD990.yml"
    rule.write_text(HOUSE_RULE.replace("severity: warning", "severity: loud"), encoding="utf-8")
    _load_rules_cached.cache_clear()
    result = lint("b.txt")
    assert result.exit_code == 2
    assert f"{rule.resolve()}: severity: 'loud' is not one of ['error', 'warning', 'info']" in result.stdout


def test_pack_key_changes_with_any_rule_or_list_file(workdir):
    from linter.rulepack import builtin_rules_dir

    dirs = (builtin_rules_dir(), (workdir / "house").resolve())
    key = cache_module.pack_key(dirs)
    (workdir / "house" / "lists").mkdir()
    (workdir / "house" / "lists" / "extra.txt").write_text("word\n", encoding="utf-8")
    assert cache_module.pack_key(dirs) != key
    assert cache_module.pack_key((builtin_rules_dir(), workdir / "nowhere")) is None


# ---- compiled regexes ------------------------------------------------------------------------

PATTERNS = [(r"(?<![\w-])(?:according\s+to|citing)\s+(?P<who>\w+)", re.IGNORECASE),
            (r"\b(?:Kyiv|Kiev)\b", 0), (r"(?P<word>\w+)\s+(?P=word)", re.UNICODE)]


def test_cached_regexes_equal_fresh_ones_and_skip_compilation(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcache, "_entries", None)
    monkeypatch.setattr(regexcache, "_dirty", False)
    first = [regexcache.compile(p, f) for p, f in PATTERNS]
    regexcache.save()
    monkeypatch.setattr(regexcache, "_entries", None)  # a new process: only the file remains
    monkeypatch.setattr(regexcache, "_capture", lambda *a: pytest.fail("compiled again"))
    monkeypatch.setattr(re, "compile", lambda *a: pytest.fail("compiled again"))
    second = [regexcache.compile(p, f) for p, f in PATTERNS]
    monkeypatch.undo()
    for (pattern, flags), a, b in zip(PATTERNS, first, second):
        assert a == b == re.compile(pattern, flags)
        assert b.groupindex == re.compile(pattern, flags).groupindex
    assert second[0].search("He spoke, citing Reuters.").group("who") == "Reuters"
    assert second[2].sub(r"\g<word>", "the the end") == "the end"


def test_broken_regexes_raise_as_re_does(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regexcache, "_entries", None)
    with pytest.raises(re.error, match="missing \\)"):
        regexcache.compile("(unclosed", 0)


def test_the_default_cache_is_the_users_not_the_working_tree(tmp_path, monkeypatch):
    """Entries are pickles: a repository under review must not be able to plant one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COPYDESK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_module.cache_root() == tmp_path / "xdg" / "copydesk"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_module.cache_root() == tmp_path / "home" / ".cache" / "copydesk"
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path / "ci"))
    assert cache_module.cache_root() == tmp_path / "ci"
