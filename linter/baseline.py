"""Baselines: accept today's findings, report only new ones.

A finding is keyed by what it is, not where it stands: its code, the flagged text and the sentence
around it (the lines it spans when it crosses sentences), whitespace- and NFKC-normalised, counted
per file so that two identical findings need two accepted entries. Inserting or moving paragraphs
elsewhere keeps every key; editing the sentence a finding is in makes it new, which is the point
(someone touched it, look again). Messages are not keyed: some name line numbers.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from linter.document import LineIndex
from linter.errors import CopydeskError
from linter.sentences import sentence_spans

VERSION = 1
Key = tuple[str, str, str]  # code, normalised text, normalised context


class BaselineError(CopydeskError):
    """A baseline file that cannot be read or is not one."""


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _context(source: str, lines: LineIndex, finding) -> str:
    """The sentence holding the finding, or the whole lines it spans when no one sentence does."""
    start = lines.starts[finding.line - 1]
    end = lines.starts[finding.end_line] if finding.end_line < len(lines.starts) else len(source)
    chunk = source[start:end].rstrip("\r\n")
    if finding.line == finding.end_line:
        lo, hi = finding.offset - start, finding.end_offset - start
        for s, e in sentence_spans(chunk):
            if s <= lo and hi <= e:
                return chunk[s:e]
    return chunk


def finding_keys(result) -> list[Key]:
    """The key of each finding of ``result``, in order; the result must carry its ``source``."""
    if result.source is None:
        raise ValueError(f"{result.path}: baseline keys need the file's text (Runner keep_source=True)")
    lines = LineIndex(result.source)
    return [(f.code, normalise(f.text), normalise(_context(result.source, lines, f)))
            for f in result.findings]


def fingerprints(result) -> list[str]:
    """A stable identifier per finding (code, text, context, occurrence) for SARIF and GitLab."""
    seen: Counter[Key] = Counter()
    out = []
    for key in finding_keys(result):
        payload = json.dumps([result.path, *key, seen[key]], ensure_ascii=False)
        seen[key] += 1
        out.append(hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32])
    return out


@dataclass
class Baseline:
    """Accepted findings per file path, as a multiset of keys."""

    files: dict[str, Counter] = field(default_factory=dict)
    matched: Counter = field(default_factory=Counter)  # how many accepted entries this run met

    @classmethod
    def from_results(cls, results) -> "Baseline":
        files: dict[str, Counter] = {}
        for result in results:
            if result.findings:
                files.setdefault(result.path, Counter()).update(finding_keys(result))
        return cls(files)

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"--baseline {path}: cannot read: {exc.strerror or exc}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"--baseline {path}: not a copydesk baseline (invalid JSON: {exc})") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("files"), dict):
            raise BaselineError(f"--baseline {path}: not a copydesk baseline (expected "
                                f'{{"version": {VERSION}, "files": {{...}}}}); write one with --write-baseline')
        files: dict[str, Counter] = {}
        for name, entries in data["files"].items():
            counts = files.setdefault(name, Counter())
            for i, entry in enumerate(entries if isinstance(entries, list) else [None]):
                try:
                    counts[(entry["code"], entry["text"], entry["context"])] += int(entry.get("count", 1))
                except (TypeError, KeyError, ValueError):
                    raise BaselineError(f"--baseline {path}: files.{name!r}[{i}]: expected an object with "
                                        "code, text, context and count") from None
        return cls(files)

    def dumps(self) -> str:
        files = {
            name: [{"code": c, "text": t, "context": x, "count": n} for (c, t, x), n in sorted(counts.items())]
            for name, counts in sorted(self.files.items())
        }
        return json.dumps({"version": VERSION, "tool": "copydesk", "files": files}, ensure_ascii=False,
                          indent=1) + "\n"

    def filter(self, result):
        """``result`` without the findings this baseline accepts (its source is kept as it was)."""
        accepted = self.files.get(result.path)
        if not accepted or not result.findings:
            return result
        left = Counter(accepted)
        kept = []
        for finding, key in zip(result.findings, finding_keys(result)):
            if left[key] > 0:
                left[key] -= 1
                self.matched[result.path] += 1
            else:
                kept.append(finding)
        return replace(result, findings=kept)

    @property
    def size(self) -> int:
        return sum(sum(c.values()) for c in self.files.values())

    def stale(self, linted_paths) -> int:
        """Accepted entries of the linted files that no finding met: fixed since, or edited."""
        return sum(sum(self.files[p].values()) - self.matched[p] for p in set(linted_paths) if p in self.files)
