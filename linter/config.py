"""Configuration: ``[tool.copydesk]`` in pyproject.toml or top-level keys in copydesk.toml.

The file is searched upward from each linted file (the nearest wins, as with ruff); ``--config``
overrides the search. Every key is validated; a broken file is reported as ``file: field: problem``.
Rule selection follows ruff: codes or prefixes (``CD1``), ``ALL``, or rule names; the most specific
selector wins, so ``ignore = ["CD1"]`` with ``extend-select = ["CD101"]`` keeps CD101.
"""
from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from linter.errors import ConfigError
from linter.finding import SEVERITIES

CONFIG_NAMES = ("copydesk.toml", ".copydesk.toml", "pyproject.toml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
_SELECTORS = {"type": "array", "items": {"type": "string", "minLength": 1}}

# Sections that configure one check kind; their contents are validated by the schema below.
CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "select": _SELECTORS,
        "ignore": _SELECTORS,
        "extend-select": _SELECTORS,
        "fail-on": {"enum": [*SEVERITIES, "never"]},
        "severity": {"type": "object", "additionalProperties": {"enum": list(SEVERITIES)}},
        "per-file-ignores": {"type": "object", "additionalProperties": _SELECTORS},
        "rule-dirs": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "include": {"type": "array", "items": {"type": "string"}},
        "max-file-size": {"type": ["integer", "string"]},
        "encoding": {"type": "string"},
        "languagetool": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "enabled": {"type": "boolean"},
                "url": {"type": "string"},
                "language": {"type": "string"},
                "mother-tongue": {"type": "string"},
                "disabled-rules": {"type": "array", "items": {"type": "string"}},
                "timeout": {"type": "number", "exclusiveMinimum": 0},
            },
        },
        "house-spellings": {"type": "object", "additionalProperties": {"type": "string"}},
        "json": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "headline-fields": {"type": "array", "items": {"type": "string"}},
                "body-fields": {"type": "array", "items": {"type": "string"}},
                "id-fields": {"type": "array", "items": {"type": "string"}},
            },
        },
        "source-language": {"type": "string"},
    },
}


@dataclass(frozen=True)
class Settings:
    """Resolved configuration for the files under one config file (or the defaults)."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()  # globs a directory walk takes besides article files (corpora, XLIFF)
    fail_on: str = "error"
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    encoding: str | None = None
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def label(self) -> str:
        return str(self.path) if self.path else "(defaults)"

    def option(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)

    def with_overrides(self, **changes: Any) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def parse_size(value: int | str, where: str) -> int:
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)\s*", value, re.I)
    if not match:
        raise ConfigError(f"{where}: {value!r} is not a size (e.g. 10MB)")
    unit = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "M": 1 << 20, "MB": 1 << 20,
            "G": 1 << 30, "GB": 1 << 30}[match.group(2).upper()]
    return int(float(match.group(1)) * unit)


def _table_of(path: Path) -> tuple[dict | None, str]:
    """The copydesk table of a config file and the prefix naming it in messages."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML syntax error: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("copydesk")
        return table, "tool.copydesk."
    return data, ""


def load_settings(path: Path) -> Settings:
    """Read and validate one config file; rule codes are checked later, against the loaded pack."""
    path = path.resolve()
    table, prefix = _table_of(path)
    table = table or {}
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(CONFIG_SCHEMA).iter_errors(table))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            message = f"unknown key {', '.join(map(repr, extra))}"
        else:
            message = error.message
        raise ConfigError(f"{path}: {prefix}{where or '(table)'}: {message}".replace(": .", ": "))
    root = path.parent
    options = {k: table[k] for k in ("languagetool", "house-spellings", "json", "source-language") if k in table}
    return Settings(
        path=path,
        root=root,
        select=tuple(table["select"]) if "select" in table else None,
        ignore=tuple(table.get("ignore", ())),
        extend_select=tuple(table.get("extend-select", ())),
        severity=tuple(table.get("severity", {}).items()),
        per_file_ignores=tuple((g, tuple(c)) for g, c in table.get("per-file-ignores", {}).items()),
        rule_dirs=tuple((root / d).resolve() for d in table.get("rule-dirs", ())),
        exclude=tuple(table.get("exclude", ())),
        include=tuple(table.get("include", ())),
        fail_on=table.get("fail-on", "error"),
        max_file_size=parse_size(table.get("max-file-size", DEFAULT_MAX_FILE_SIZE),
                                 f"{path}: {prefix}max-file-size"),
        encoding=table.get("encoding"),
        options=tuple(options.items()),
    )


def has_copydesk_table(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    try:
        return "copydesk" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return False


@lru_cache(maxsize=1024)
def find_config(directory: Path) -> Path | None:
    """The nearest config file at or above ``directory`` that configures copydesk."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and has_copydesk_table(candidate):
                return candidate
    return None


# ---- rule selection -------------------------------------------------------------------------

def _specificity(selector: str, rule) -> int:
    """How specifically ``selector`` names ``rule``: 0 = not at all, higher = more specific."""
    if selector == "ALL":
        return 1
    if selector == rule.name or selector == rule.code:
        return 100
    if rule.code.startswith(selector):
        return 1 + len(selector)
    return 0


def check_selectors(selectors: tuple[str, ...], rules: list, where: str) -> None:
    for selector in selectors:
        if not any(_specificity(selector, r) for r in rules):
            raise ConfigError(f"{where}: unknown rule code, prefix or name {selector!r} "
                              "(see `copydesk rules`)")


def select_rules(rules: list, settings: Settings) -> list:
    """Rules switched on by ``select`` / ``extend-select`` and not by a more specific ``ignore``."""
    chosen = []
    languagetool = settings.option("languagetool", {}).get("enabled")
    for rule in rules:
        if rule.kind == "languagetool" and languagetool is False:
            continue  # `enabled = false` switches LanguageTool off, whatever selects its rules
        if settings.select is None:
            on = 50 if rule.default else 0
        else:
            on = max((_specificity(s, rule) for s in settings.select), default=0)
            if on and not rule.default and on < 100 and not any(
                    s != "ALL" and _specificity(s, rule) for s in settings.select):
                on = 0  # "ALL" alone does not switch on rules that are off by default
        on = max([on, *(_specificity(s, rule) for s in settings.extend_select)])
        if rule.kind == "languagetool" and languagetool:
            on = max(on, 4)  # `enabled = true` weighs as much as extend-select = ["CD80"]
        off = max((_specificity(s, rule) for s in settings.ignore), default=0)
        if on > off:
            chosen.append(rule)
    return chosen


def severity_for(rule, settings: Settings) -> str:
    best, level = 0, rule.severity
    for selector, value in settings.severity:
        spec = _specificity(selector, rule)
        if spec > best:
            best, level = spec, value
    return level


def _relative(path: Path, root: Path) -> str:
    try:
        return PurePosixPath(path.resolve().relative_to(root)).as_posix()
    except ValueError:
        return path.as_posix()


def ignored_for_file(path: Path | None, settings: Settings) -> tuple[str, ...]:
    """Selectors that ``per-file-ignores`` switches off for this file."""
    if path is None or not settings.per_file_ignores:
        return ()
    rel = _relative(path, settings.root)
    out: list[str] = []
    for pattern, selectors in settings.per_file_ignores:
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(path.name, pattern):
            out.extend(selectors)
    return tuple(out)


def is_included(path: Path, settings: Settings) -> bool:
    """A non-article file that the configuration's ``include`` globs ask a directory walk to take."""
    rel = _relative(path, settings.root)
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(path.name, p) for p in settings.include)


def is_excluded(path: Path, settings: Settings) -> bool:
    rel = _relative(path, settings.root)
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(path.name, p) for p in settings.exclude)
