"""Bad input: a clear error naming the file and the place, exit 2, and the other files still linted."""
from __future__ import annotations

import json
import textwrap

import pytest

from typer.testing import CliRunner

from linter.cli import app

runner = CliRunner()
GOOD = "Same headline here\nSame headline here\nBody text is here.\n"


def lint(*args: str):
    result = runner.invoke(app, ["lint", "--format", "json", "--select", "CD101", *args])
    return result, json.loads(result.stdout)


def by_path(doc) -> dict:
    return {f["path"]: f for f in doc["files"]}


def test_binary_file_is_an_error_and_the_next_file_is_linted(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result, doc = lint(str(binary), str(good))
    assert result.exit_code == 2
    files = by_path(doc)
    assert files[str(binary)]["error"] == "binary file (NUL byte at byte 8); not a text article"
    assert files[str(binary)]["findings"] == []
    assert [f["code"] for f in files[str(good)]["findings"]] == ["CD101"]


def test_utf16_with_bom_is_read_silently_with_code_point_offsets(tmp_path):
    article = tmp_path / "utf16.txt"
    text = "Зеленський і Київ\nЗеленський і Київ\nBody text is here.\n"
    article.write_bytes(text.encode("utf-16"))
    result, doc = lint(str(article))
    assert result.exit_code == 1
    [finding] = doc["files"][0]["findings"]
    assert (finding["line"], finding["column"], finding["offset"], finding["end_offset"]) == (2, 1, 18, 35)
    assert finding["text"] == "Зеленський і Київ"
    assert "warnings" not in doc["files"][0]


def test_utf8_bom_is_read_silently(tmp_path):
    article = tmp_path / "bom.txt"
    article.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    _, doc = lint(str(article))
    assert doc["files"][0]["findings"][0]["line"] == 2
    assert "warnings" not in doc["files"][0]


def test_cp1251_is_read_with_a_warning_naming_the_encoding(tmp_path):
    article = tmp_path / "cp1251.txt"
    article.write_bytes("Київ і Харків сьогодні\nКиїв і Харків сьогодні\nЗвичайний текст статті.\n".encode("cp1251"))
    result, doc = lint(str(article))
    file = doc["files"][0]
    assert file["warnings"] == ["not UTF-8 (invalid byte at line 1); decoded as cp1251. "
                                "Convert the file to UTF-8 to silence this"]
    assert file["findings"][0]["text"] == "Київ і Харків сьогодні"
    text_out = runner.invoke(app, ["lint", str(article), "--select", "CD101"]).stdout
    assert f"{article}: warning: not UTF-8 (invalid byte at line 1); decoded as cp1251." in text_out


def test_empty_file_is_an_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_text("\n  \n", encoding="utf-8")
    result, doc = lint(str(empty), str(blank))
    assert result.exit_code == 2
    assert [f["error"] for f in doc["files"]] == ["empty file: nothing to lint"] * 2


def test_huge_file_is_refused_with_the_limit_named(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.write(b"A line of article text that goes on.\n" * (50 * 1024 * 1024 // 37 + 1))
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result, doc = lint(str(huge), str(good))
    assert result.exit_code == 2
    files = by_path(doc)
    assert files[str(huge)]["error"] == ("file too large: 50.0 MB is over the 10.0 MB limit; raise "
                                         "`max-file-size` in the configuration to lint it")
    assert [f["code"] for f in files[str(good)]["findings"]] == ["CD101"]


def test_max_file_size_can_be_raised(tmp_path):
    (tmp_path / "copydesk.toml").write_text('max-file-size = "20MB"\n', encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("Headline of the big one\n" + "Body text here. " * 800_000 + "\n", encoding="utf-8")
    result, doc = lint(str(big))
    assert doc["files"][0]["error"] is None


def test_directory_walk_takes_articles_and_skips_other_files(tmp_path):
    for name in ("a.txt", "b.md", "sub/c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "a.labels.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    result, doc = lint(str(tmp_path))
    assert result.exit_code == 1
    assert [f["path"] for f in doc["files"]] == [str(tmp_path / n) for n in ("a.txt", "b.md", "sub/c.txt")]


def test_unsupported_file_named_explicitly_is_an_error(tmp_path):
    docx = tmp_path / "notes.docx"
    docx.write_bytes(b"PK\x03\x04")
    result, doc = lint(str(docx))
    assert result.exit_code == 2
    assert doc["files"][0]["error"].startswith("unsupported file type '.docx'; supported: ")


def test_rule_yaml_with_a_missing_field_names_file_and_field(tmp_path):
    rule = tmp_path / "house" / "CD091-x.yml"
    rule.parent.mkdir()
    rule.write_text(textwrap.dedent("""\
        code: CD091
        name: house-thing
        category: style
        kind: existence
        message: "x"
        description: something the house does not like at all
        params: {tokens: ["x"]}
        examples: {flag: ["x"], pass: ["y"]}
        """), encoding="utf-8")
    (tmp_path / "copydesk.toml").write_text('rule-dirs = ["house"]\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["lint", str(article)])
    assert result.exit_code == 2
    assert f"{article}: error: {rule.resolve()}: severity: required field is missing" in result.stdout


def test_rule_yaml_errors_name_the_field(tmp_path):
    from linter.errors import RulePackError
    from linter.rulepack import load_rule, builtin_rules_dir

    cases = {
        "severity: fatal": "severity: 'fatal' is not one of ['error', 'warning', 'info']",
        "code: X1": "code: 'X1' does not match '^CD[0-9]{3}$'",
        "kind: magic": "kind: unknown check kind 'magic'",
        "colour: red": "(top level): unknown field 'colour'",
        "params: {tokens: []}": "params.tokens: [] should be non-empty",
        "params: {tokens: ['@no-such-list']}": "params.tokens: word list @no-such-list not found",
    }
    base = {"code": "code: CD092", "severity": "severity: info", "kind": "kind: existence",
            "params": "params: {tokens: ['x']}"}
    for change, expected in cases.items():
        key = change.split(":")[0]
        fields = dict(base)
        fields[key] = change
        text = "\n".join([*fields.values(), "name: a-rule", "category: style", "message: m",
                          "description: long enough description of the rule",
                          "examples: {flag: ['x'], pass: ['y']}"])
        path = tmp_path / f"{key}.yml"
        path.write_text(text, encoding="utf-8")
        try:
            load_rule(path, [builtin_rules_dir()])
        except RulePackError as exc:
            assert str(exc).startswith(f"{path}: ")
            assert expected in str(exc), (change, str(exc))
        else:
            raise AssertionError(f"{change!r} was accepted")


def test_word_list_examples_are_validated_and_kept_out_of_the_list(tmp_path):
    from linter.errors import RulePackError
    from linter.rulepack import load_list

    lists = tmp_path / "lists"
    lists.mkdir()
    good = "Kiev: Kyiv\nexamples:\n  rules: [CD420]\n  flag: ['Kiev']\n  pass: ['Kyiv']\n"
    (lists / "good.yml").write_text(good, encoding="utf-8")
    assert load_list("good", [tmp_path], "here") == {"Kiev": "Kyiv"}
    (lists / "bad.yml").write_text(good.replace("rules: [CD420]", "rules: [420]"), encoding="utf-8")
    with pytest.raises(RulePackError, match=r"bad\.yml: examples\.rules\.0: 420 is not of type 'string'"):
        load_list("bad", [tmp_path], "here")


def test_rule_yaml_syntax_error_names_line_and_column(tmp_path):
    from linter.errors import RulePackError
    from linter.rulepack import load_rule, builtin_rules_dir

    path = tmp_path / "broken.yml"
    path.write_text("code: CD093\nname: [unclosed\n", encoding="utf-8")
    try:
        load_rule(path, [builtin_rules_dir()])
    except RulePackError as exc:
        assert str(exc).startswith(f"{path}: line 3, column 1: YAML syntax error:")
    else:
        raise AssertionError("broken YAML accepted")


def test_forced_encoding_option(tmp_path):
    article = tmp_path / "koi.txt"
    article.write_bytes("Заголовок статті тут\nЗаголовок статті тут\nТекст.\n".encode("koi8-u"))
    result, doc = lint(str(article), "--encoding", "koi8-u")
    assert doc["files"][0]["findings"][0]["text"] == "Заголовок статті тут"
    assert "warnings" not in doc["files"][0]
