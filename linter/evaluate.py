"""``copydesk eval``: score findings against labelled articles (recall, false alarms, unlabelled).

A label file (format in DESIGN.md) names an article and lists what must be found (``expected``)
and what must not be (``must_not_flag``). A finding matches a label when its category is the
label's (or one of them) and its span overlaps the label's excerpt on the label's line (any
occurrence there). Recall = matched expected / expected; a finding on a must-not-flag excerpt of
its category is a false alarm; findings that match no label are counted as unlabelled so a person
can look at them.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from linter.errors import CopydeskError
from linter.finding import CATEGORIES

LABEL_SUFFIX = ".labels.json"

_LABEL_ITEM = {
    "type": "object",
    "required": ["category", "excerpt", "line"],
    "properties": {
        "category": {"oneOf": [{"enum": list(CATEGORIES)},
                               {"type": "array", "minItems": 1, "items": {"enum": list(CATEGORIES)}}]},
        "excerpt": {"type": "string", "minLength": 1},
        "line": {"type": "integer", "minimum": 1},
        "note": {"type": "string"},
    },
}
LABEL_SCHEMA = {
    "type": "object",
    "required": ["file", "expected", "must_not_flag"],
    "properties": {
        "file": {"type": "string", "minLength": 1},
        "expected": {"type": "array", "items": _LABEL_ITEM},
        "must_not_flag": {"type": "array", "items": _LABEL_ITEM},
    },
}


class LabelError(CopydeskError):
    """A label file that cannot be used: ``file: field: what is wrong``."""


@dataclass
class Label:
    kind: str  # "expected" or "must_not_flag"
    index: int
    categories: tuple[str, ...]
    excerpt: str
    line: int
    note: str
    spans: list[tuple[int, int]]  # every occurrence of the excerpt on its line (file offsets)
    matched_by: list = field(default_factory=list)

    @property
    def category(self) -> str:
        return self.categories[0]

    def overlaps(self, finding) -> bool:
        if finding.category not in self.categories:
            return False
        return any(finding.offset < end and finding.end_offset > start for start, end in self.spans)


@dataclass
class LabelledArticle:
    label_path: Path
    article_path: Path
    labels: list[Label]


@dataclass
class ArticleResult:
    article: LabelledArticle
    findings: list = field(default_factory=list)
    error: str | None = None


def find_label_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(path.rglob(f"*{LABEL_SUFFIX}")))
        elif path.is_file():
            out.append(path)
        else:
            raise LabelError(f"{raw}: no such file or directory")
    return sorted(dict.fromkeys(out))


def load_labels(label_path: Path) -> LabelledArticle:
    """Read and validate a label file; every excerpt must stand on its line of the article."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from linter.document import LineIndex
    from linter.readers.decode import decode

    try:
        data = json.loads(label_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LabelError(f"{label_path}: line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}") from None
    except OSError as exc:
        raise LabelError(f"{label_path}: cannot read: {exc.strerror}") from None
    error = best_match(Draft202012Validator(LABEL_SCHEMA).iter_errors(data))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        raise LabelError(f"{label_path}: {where}: {error.message}")
    article = (label_path.parent / data["file"]).resolve()
    if not article.is_file():
        raise LabelError(f"{label_path}: file: article {data['file']!r} not found (looked for {article})")
    text, _ = decode(article.read_bytes())
    index = LineIndex(text)
    labels: list[Label] = []
    for kind in ("expected", "must_not_flag"):
        for i, item in enumerate(data[kind]):
            line = item["line"]
            if line > len(index.starts):
                raise LabelError(f"{label_path}: {kind}[{i}].line: line {line} is past the end of "
                                 f"{data['file']} ({len(index.starts)} lines)")
            start = index.starts[line - 1]
            end = index.starts[line] if line < len(index.starts) else len(text)
            line_text = text[start:end].rstrip("\r\n")
            spans = [(start + m.start(), start + m.start() + len(item["excerpt"]))
                     for m in re.finditer(re.escape(item["excerpt"]), line_text)]
            if not spans:
                raise LabelError(f"{label_path}: {kind}[{i}].excerpt: {item['excerpt']!r} is not on line "
                                 f"{line} of {data['file']} (line {line} reads {line_text[:120]!r})")
            categories = item["category"] if isinstance(item["category"], list) else [item["category"]]
            labels.append(Label(kind, i, tuple(categories), item["excerpt"], line, item.get("note", ""), spans))
    return LabelledArticle(label_path, article, labels)


@dataclass
class CategoryScore:
    expected: int = 0
    matched: int = 0
    found: int = 0
    traps: int = 0
    false_alarms: int = 0
    unlabelled: int = 0

    @property
    def recall(self) -> float | None:
        return self.matched / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        """Labelled precision: findings on expected items / (those + false alarms)."""
        hits = self.found - self.unlabelled - self.false_alarms
        denominator = hits + self.false_alarms
        return hits / denominator if denominator else None


@dataclass
class Evaluation:
    results: list[ArticleResult]
    scores: dict[str, CategoryScore]
    misses: list[tuple[ArticleResult, Label]]
    false_alarms: list[tuple[ArticleResult, Label, object]]
    unlabelled: list[tuple[ArticleResult, object]]
    errors: list[str]

    def total(self) -> CategoryScore:
        total = CategoryScore()
        for score in self.scores.values():
            for name in ("expected", "matched", "found", "traps", "false_alarms", "unlabelled"):
                setattr(total, name, getattr(total, name) + getattr(score, name))
        return total


def evaluate(articles: list[LabelledArticle], runner, errors: list[str] | None = None) -> Evaluation:
    """Lint each labelled article with ``runner`` (a linter.runner.Runner) and score the findings."""
    from linter.runner import Target

    scores: dict[str, CategoryScore] = defaultdict(CategoryScore)
    misses, false_alarms, unlabelled, results = [], [], [], []
    errors = list(errors or [])
    for article in articles:
        display = str(article.article_path)
        file_results = list(runner.lint_target(Target(display, article.article_path, True)))
        result = ArticleResult(article, [f for r in file_results for f in r.findings],
                               next((r.error for r in file_results if r.error), None))
        results.append(result)
        if result.error:
            errors.append(f"{article.label_path}: article {display}: {result.error}")
            continue
        expected = [lb for lb in article.labels if lb.kind == "expected"]
        traps = [lb for lb in article.labels if lb.kind == "must_not_flag"]
        for label in expected:
            scores[label.category].expected += 1
        for label in traps:
            scores[label.category].traps += 1
        for finding in result.findings:
            score = scores[finding.category]
            score.found += 1
            hit_expected = [lb for lb in expected if lb.overlaps(finding)]
            hit_traps = [lb for lb in traps if lb.overlaps(finding)]
            for label in hit_expected:
                label.matched_by.append(finding)
            if hit_traps and not hit_expected:
                score.false_alarms += 1
                false_alarms.extend((result, lb, finding) for lb in hit_traps[:1])
            elif not hit_expected:
                score.unlabelled += 1
                unlabelled.append((result, finding))
        for label in expected:
            if label.matched_by:
                scores[label.category].matched += 1
            else:
                misses.append((result, label))
    ordered = {c: scores[c] for c in CATEGORIES if c in scores}
    return Evaluation(results, ordered, misses, false_alarms, unlabelled, errors)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def table_rows(evaluation: Evaluation) -> list[list[str]]:
    rows = []
    for category, s in [*evaluation.scores.items(), ("all", evaluation.total())]:
        rows.append([category, str(s.expected), str(s.matched), _fmt(s.recall), str(s.found),
                     str(s.traps), str(s.false_alarms), str(s.unlabelled), _fmt(s.precision)])
    return rows


HEADER = ["category", "expected", "matched", "recall", "found", "traps", "false alarms", "unlabelled",
          "precision"]


def render_text(evaluation: Evaluation, details: bool = True) -> str:
    rows = [HEADER, *table_rows(evaluation)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    articles = len(evaluation.results)
    lines.insert(0, f"{articles} labelled article{'s' if articles != 1 else ''}")
    if details:
        if evaluation.misses:
            lines += ["", "Missed (expected, not found):"]
            lines += [f"  {_where(r, lb.line)}: [{lb.category}] {lb.excerpt!r}" + (f"  ({lb.note})" if lb.note else "")
                      for r, lb in evaluation.misses]
        if evaluation.false_alarms:
            lines += ["", "False alarms (must not flag):"]
            lines += [f"  {_where(r, f.line)}: {f.code} [{f.category}] {f.text!r}  (label: {lb.note or lb.excerpt})"
                      for r, lb, f in evaluation.false_alarms]
    for error in evaluation.errors:
        lines.append(f"error: {error}")
    return "\n".join(lines) + "\n"


def _where(result: ArticleResult, line: int) -> str:
    return f"{_short(result.article.article_path)}:{line}"


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def render_markdown(evaluation: Evaluation, command: str = "") -> str:
    rows = table_rows(evaluation)
    out = ["# Quality on the labelled articles", ""]
    if command:
        out += [f"Generated by `{command}`; do not edit by hand.", ""]
    out += [f"{len(evaluation.results)} labelled articles. Recall = matched expected labels / expected; "
            "a false alarm is a finding on a must-not-flag excerpt of its category; unlabelled "
            "findings match no label (neither right nor wrong until someone looks); precision = "
            "findings on expected labels / (those + false alarms).", ""]
    out.append("| " + " | ".join(HEADER) + " |")
    out.append("|" + "|".join(["---"] + ["---:"] * (len(HEADER) - 1)) + "|")
    out += ["| " + " | ".join(r) + " |" for r in rows]
    if evaluation.misses:
        out += ["", "## Missed", ""]
        out += [f"- `{_where(r, lb.line)}` [{lb.category}] {lb.excerpt}" for r, lb in evaluation.misses]
    if evaluation.false_alarms:
        out += ["", "## False alarms", ""]
        out += [f"- `{_where(r, f.line)}` {f.code} [{f.category}] {f.text}" for r, lb, f in evaluation.false_alarms]
    unlabelled = Counter(f.code for _, f in evaluation.unlabelled)
    if unlabelled:
        out += ["", "## Unlabelled findings by rule", ""]
        out += [f"- {code}: {n}" for code, n in sorted(unlabelled.items())]
    return "\n".join(out) + "\n"


def to_json(evaluation: Evaluation) -> dict:
    def score(s: CategoryScore) -> dict:
        return {"expected": s.expected, "matched": s.matched, "recall": s.recall, "found": s.found,
                "traps": s.traps, "false_alarms": s.false_alarms, "unlabelled": s.unlabelled,
                "precision": s.precision}

    return {
        "version": 1,
        "articles": len(evaluation.results),
        "categories": {c: score(s) for c, s in evaluation.scores.items()},
        "total": score(evaluation.total()),
        "misses": [{"file": str(r.article.article_path), "line": lb.line, "category": lb.category,
                    "excerpt": lb.excerpt, "note": lb.note} for r, lb in evaluation.misses],
        "false_alarms": [{"file": str(r.article.article_path), "line": f.line, "code": f.code,
                          "category": f.category, "text": f.text, "label_note": lb.note}
                         for r, lb, f in evaluation.false_alarms],
        "unlabelled": [{"file": str(r.article.article_path), "line": f.line, "code": f.code,
                        "category": f.category, "text": f.text} for r, f in evaluation.unlabelled],
        "errors": evaluation.errors,
    }


def parse_bound(text: str) -> tuple[str, float]:
    """``CAT=R`` for --min-recall; CAT is a category or ``all``."""
    category, sep, value = text.partition("=")
    if not sep or (category not in CATEGORIES and category != "all"):
        raise LabelError(f"--min-recall {text!r}: expected CATEGORY=RECALL with a category of "
                         f"{', '.join(CATEGORIES)} or all")
    try:
        number = float(value)
    except ValueError:
        raise LabelError(f"--min-recall {text!r}: {value!r} is not a number") from None
    if not 0 <= number <= 1:
        raise LabelError(f"--min-recall {text!r}: recall must be between 0 and 1")
    return category, number


def failed_bounds(evaluation: Evaluation, min_recall: list[tuple[str, float]],
                  max_false_alarms: int | None) -> list[str]:
    failures = []
    for category, bound in min_recall:
        score = evaluation.total() if category == "all" else evaluation.scores.get(category, CategoryScore())
        recall = score.recall
        if recall is None:
            failures.append(f"recall of {category}: no expected labels to measure (bound {bound})")
        elif recall < bound:
            failures.append(f"recall of {category} is {recall:.2f}, below the bound {bound}")
    if max_false_alarms is not None:
        total = evaluation.total().false_alarms
        if total > max_false_alarms:
            failures.append(f"{total} false alarms, more than the bound {max_false_alarms}")
    return failures
