"""JSON and JSONL corpora: one document per record, findings at the file's lines and columns."""
from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from linter.config import Settings
from linter.readers import RecordError, read_documents
from linter.readers.jsonrecords import stream_jsonl
from linter.runner import Runner

DOUBLED = "CD501"


def _run(paths, **kwargs):
    from linter.runner import Overrides

    return list(Runner(overrides=Overrides(select=(DOUBLED,)), **kwargs).run([str(p) for p in paths]))


def _located(result, text: str):
    """(line, column, text) of each finding, checked against the file itself."""
    lines = text.split("\n")
    out = []
    for f in result.findings:
        assert text[f.offset:f.end_offset] == f.text
        assert lines[f.line - 1][f.column - 1:].startswith(f.text)
        out.append((f.line, f.column, f.text))
    return out


def test_jsonl_records_are_named_and_findings_point_into_the_file(tmp_path):
    records = [
        {"id": "a1", "title": "Fire in Kyiv", "body": "Rescuers searched for for survivors.\nThe fire is out."},
        {"title": "No id", "body": ["Para one said said it.", "Para two."]},
        {"id": 7, "headline": "Escapes", "content": "He said \"the the\" café\u00e9 closed."},
    ]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    path = tmp_path / "corpus.jsonl"
    path.write_text(text, encoding="utf-8")
    results = _run([path])
    assert [r.path for r in results] == [f"{path}#a1", f"{path}:2", f"{path}#7"]
    assert [_located(r, text) for r in results] == [
        [(1, 66, "for for")], [(2, 39, "said said")], [(3, 56, "the the")]]


def test_json_escapes_are_one_character_of_article_and_whole_in_the_file(tmp_path):
    text = '{"title": "T", "body": "Caf\\u00e9 \\"owner\\" said said it.\\nThe the end."}'
    path = tmp_path / "one.json"
    path.write_text(text, encoding="utf-8")
    [result] = _run([path])
    assert [(f.text, f.column) for f in result.findings] == [("said said", 45), ("The the", 60)]
    doc = next(read_documents("one.json", text.encode()))
    assert doc.text == 'T\n\nCafé "owner" said said it.\n\nThe the end.'
    start = doc.text.index("é")
    assert text[slice(*doc.to_source(start, start + 1))] == "\\u00e9"


def test_json_array_and_wrapped_array(tmp_path):
    array = '[\n {"id": "x", "title": "A", "text": "One one two."},\n {"title": "B", "text": "Fine."}\n]'
    wrapped = '{"meta": {"n": 2}, "articles": [{"slug": "s1", "headline": "H", "body": "Go go now."}]}'
    (tmp_path / "a.json").write_text(array, encoding="utf-8")
    (tmp_path / "w.json").write_text(wrapped, encoding="utf-8")
    results = _run([tmp_path / "a.json", tmp_path / "w.json"])
    assert [(r.path.rsplit("/", 1)[-1], [(f.line, f.column, f.text) for f in r.findings]) for r in results] == [
        ("a.json#x", [(2, 37, "One one")]), ("a.json:3", []), ("w.json#s1", [(1, 74, "Go go")])]


def test_configured_fields_and_nested_names(tmp_path):
    (tmp_path / "copydesk.toml").write_text(
        '[json]\nheadline-fields = ["meta.hed"]\nbody-fields = ["fields.story"]\nid-fields = ["meta.key"]\n',
        encoding="utf-8")
    text = '{"meta": {"key": "k9", "hed": "Hed"}, "fields": {"story": "Now now then."}}\n'
    (tmp_path / "c.jsonl").write_text(text, encoding="utf-8")
    [result] = _run([tmp_path / "c.jsonl"])
    assert result.path.endswith("c.jsonl#k9")
    assert [(f.line, f.column, f.text) for f in result.findings] == [(1, 60, "Now now")]


def test_html_body_is_read_as_html(tmp_path):
    text = '{"id": 1, "title": "T", "body": "<p>Crews put out out a fire.</p><p>Two &amp; two.</p>"}\n'
    (tmp_path / "h.jsonl").write_text(text, encoding="utf-8")
    doc = next(read_documents("h.jsonl", text.encode()))
    assert doc.text == "T\n\nCrews put out out a fire.\n\nTwo & two."
    [result] = _run([tmp_path / "h.jsonl"])
    assert [(f.column, f.text) for f in result.findings] == [(47, "out out")]


def test_broken_records_are_errors_naming_the_record_and_the_rest_is_linted(tmp_path):
    text = ('{"title": "Ok", "body": "Fine text."}\n'
            '{"title": "broken", "body": "x"\n'
            '\n'
            '{"foo": 1}\n'
            '[1, 2]\n'
            '{"id": "z", "title": "Last", "body": "Go go."}\n')
    path = tmp_path / "b.jsonl"
    path.write_text(text, encoding="utf-8")
    results = _run([path])
    assert [(r.path.rsplit("/", 1)[-1], r.error) for r in results] == [
        ("b.jsonl:1", None),
        ("b.jsonl:2", "line 2, column 32: invalid JSON: Expecting ',' delimiter"),
        ("b.jsonl:4", "record has no headline field (headline, title, heading) and no body field (body, text, "
                      "content, article, article_body, articleBody); name its fields in the configuration's "
                      "[json] section"),
        ("b.jsonl:5", "record is a JSON list, not an object"),
        ("b.jsonl#z", None)]
    assert [f.text for f in results[-1].findings] == ["Go go"]


def test_invalid_json_file_is_an_error_with_its_line(tmp_path):
    (tmp_path / "bad.json").write_text('[\n {"title": "A",\n  "body": }\n]', encoding="utf-8")
    [result] = _run([tmp_path / "bad.json"])
    assert result.error == "line 3, column 11: invalid JSON: Expecting value"


def test_a_label_file_named_explicitly_is_a_clear_error_and_never_walked(tmp_path):
    (tmp_path / "a.txt").write_text("Go go now.\n", encoding="utf-8")
    (tmp_path / "a.labels.json").write_text('{"file": "a.txt", "expected": [], "must_not_flag": []}',
                                            encoding="utf-8")
    assert [r.path for r in _run([tmp_path])] == [str(tmp_path / "a.txt")]
    [result] = _run([tmp_path / "a.labels.json"])
    assert result.error.startswith("record has no headline field")


def test_include_globs_let_a_walk_take_corpora(tmp_path):
    (tmp_path / "copydesk.toml").write_text('include = ["exports/*.jsonl"]\n', encoding="utf-8")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "day.jsonl").write_text('{"id": 1, "title": "T", "body": "So so."}\n', encoding="utf-8")
    (tmp_path / "other.jsonl").write_text('{"id": 2, "title": "T", "body": "No no."}\n', encoding="utf-8")
    assert [r.path.rsplit("/", 2)[-2:] for r in _run([tmp_path])] == [["exports", "day.jsonl#1"]]


def test_oversized_and_non_utf8_lines_are_record_errors(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_bytes(b'{"title": "T", "body": "' + b"x" * 300 + b'"}\n'
                     + b'{"title": "T", "body": "caf\xe9"}\n' + b'{"id": 3, "title": "T", "body": "ok ok"}\n')
    out = list(stream_jsonl("big.jsonl", path.open("rb"), {}, None, 200))
    assert [(type(d).__name__, d.display if isinstance(d, RecordError) else d.meta["display"]) for d in out] == [
        ("RecordError", "big.jsonl:1"), ("RecordError", "big.jsonl:2"), ("Document", "big.jsonl#3")]
    assert str(out[0]).startswith("record over the")
    assert "must be UTF-8" in str(out[1])


def test_keep_source_gives_the_record_and_where_it_starts(tmp_path):
    text = '{"title": "A", "body": "x"}\n{"id": "b", "title": "B", "body": "Go go."}\n'
    (tmp_path / "k.jsonl").write_text(text, encoding="utf-8")
    from linter.runner import Overrides

    results = list(Runner(overrides=Overrides(select=(DOUBLED,)), keep_source=True).run([str(tmp_path / "k.jsonl")]))
    second = results[1]
    assert (second.source_offset, second.source_line) == (len(text.split("\n")[0]) + 1, 2)
    f = second.findings[0]
    assert second.source[f.offset - second.source_offset:f.end_offset - second.source_offset] == f.text == "Go go"


def _corpus(path: Path, megabytes: int) -> None:
    record = json.dumps({"title": "Fire in Kyiv", "body": ("Crews put out a fire on Monday, officials said. " * 40)
                         + "Rescuers searched for for survivors."}) + "\n"
    with open(path, "w", encoding="utf-8") as handle:
        for _ in range(megabytes * 1024 * 1024 // len(record)):
            handle.write(record)


def _peak(path: Path) -> tuple[int, int]:
    """Peak traced memory while streaming ``path`` into documents (each dropped when done) and the count."""
    count = 0
    tracemalloc.start()
    with open(path, "rb") as handle:
        for doc in stream_jsonl(str(path), handle, {}, None, Settings().max_file_size):
            assert not isinstance(doc, RecordError) and doc.blocks
            count += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, count


def test_jsonl_streams_in_bounded_memory(tmp_path):
    """Four times the file, about the same peak: memory depends on the record, not the file."""
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    _corpus(small, 1)
    _corpus(large, 4)
    small_peak, small_count = _peak(small)
    large_peak, large_count = _peak(large)
    assert large_count >= 4 * small_count - 4
    assert large_peak < 1.5 * small_peak + 256 * 1024
    assert large_peak < large.stat().st_size / 4
