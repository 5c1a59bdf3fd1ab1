"""Rule packs: one YAML file per rule, word lists beside them; loaded and validated here.

A rule picks a check kind (``linter/checks/``) and configures it. Every field is validated with
JSON Schema (the common fields here, ``params`` by the kind's own schema), and a broken pack is
reported as ``file: field: what is wrong``. Word lists live in ``lists/`` beside the rules and are
referenced from ``params`` as ``"@name"``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from linter.errors import RulePackError
from linter.finding import CATEGORIES, SEVERITIES

CODE_RE = r"^CD[0-9]{3}$"
LIST_REF = re.compile(r"^@([A-Za-z0-9_.-]+)$")

_EXAMPLE = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "required": ["text"],
            "additionalProperties": False,
            "properties": {
                "text": {"type": "string", "minLength": 1},
                "excerpt": {"type": "string", "minLength": 1},
                "filename": {"type": "string", "minLength": 1},
                "source": {"type": "string"},
            },
        },
    ]
}

RULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["code", "name", "category", "severity", "kind", "message", "description", "examples"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "string", "pattern": CODE_RE},
        "name": {"type": "string", "pattern": r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
        "category": {"enum": list(CATEGORIES)},
        "severity": {"enum": list(SEVERITIES)},
        "kind": {"type": "string"},
        "message": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "suggestion": {"type": ["string", "null"]},
        "default": {"type": "boolean"},
        "scope": {"enum": ["headline", "body", "block", "line", "paragraph", "sentence", "document"]},
        "params": {"type": "object"},
        "fix": {
            "type": "object",
            "required": ["action", "safe"],
            "additionalProperties": False,
            "properties": {
                "action": {"enum": ["replace", "delete", "delete-block"]},
                "safe": {"type": "boolean"},
                "description": {"type": "string"},
            },
        },
        "references": {"type": "array", "items": {"type": "string"}},
        "examples": {
            "type": "object",
            "required": ["flag", "pass"],
            "additionalProperties": False,
            "properties": {
                "flag": {"type": "array", "minItems": 1, "items": _EXAMPLE},
                "pass": {"type": "array", "minItems": 1, "items": _EXAMPLE},
            },
        },
    },
}


LIST_EXAMPLES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["rules", "flag", "pass"],
    "additionalProperties": False,
    "properties": {
        "rules": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": CODE_RE}},
        **RULE_SCHEMA["properties"]["examples"]["properties"],
    },
}


@dataclass(frozen=True)
class Example:
    text: str
    excerpt: str | None = None
    filename: str = "example.txt"
    source: str | None = None


@dataclass(frozen=True, eq=False)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    kind: str
    message: str
    description: str
    params: dict
    examples_flag: tuple[Example, ...]
    examples_pass: tuple[Example, ...]
    path: str
    scope: str | None = None
    suggestion: str | None = None
    default: bool = True
    fix: dict | None = None
    references: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash(self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and other.code == self.code and other.path == self.path


@dataclass
class RulePack:
    rules: list[Rule] = field(default_factory=list)

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}


def builtin_rules_dir() -> Path:
    """``rules/`` of a checkout, or the copy shipped inside the wheel (``linter/_rules``)."""
    packaged = Path(__file__).resolve().parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def _field_path(error) -> str:
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts) if parts else "(top level)"


def _describe(error) -> tuple[str, str]:
    """(field, message) for a jsonschema error, in words a rule author understands."""
    where = _field_path(error)
    if error.validator == "required":
        missing = [r for r in error.validator_value if r not in (error.instance or {})]
        name = missing[0] if missing else "?"
        return (f"{where}.{name}" if where != "(top level)" else name), "required field is missing"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return where, f"unknown field {', '.join(map(repr, extra))}"
    if error.validator == "oneOf" and isinstance(error.instance, (str, dict)):
        return where, "must be a string or a mapping with `text` (and optional `excerpt`)"
    return where, error.message


def validate(data: Any, schema: dict, path: str, prefix: str = "") -> None:
    """Raise RulePackError ``path: field: problem`` for the first (most relevant) schema violation."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        where, message = _describe(error)
        raise RulePackError(f"{path}: {prefix}{where}: {message}")


def _parse_yaml(path: Path) -> Any:
    import yaml  # only when a pack is (re)validated: a cached pack needs no YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        raise RulePackError(f"{path}: {where}: YAML syntax error: {exc.problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"{path}: cannot read: {exc}") from None


def load_list(name: str, dirs: list[Path], where: str) -> Any:
    """A word list: ``lists/NAME.txt`` (one entry a line, ``#`` comments) or ``lists/NAME.yml``."""
    for directory in dirs:
        for candidate in (directory / "lists" / f"{name}.txt", directory / "lists" / f"{name}.yml",
                          directory / "lists" / f"{name}.yaml"):
            if candidate.is_file():
                return _read_list(candidate)
    raise RulePackError(f"{where}: word list @{name} not found in "
                        + ", ".join(str(d / 'lists') for d in dirs))


@lru_cache(maxsize=256)
def _read_list(path: Path) -> Any:
    if path.suffix == ".txt":
        entries = []
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
            if line:
                entries.append(line)
        return tuple(entries)
    data = _parse_yaml(path)
    if not isinstance(data, (dict, list)):
        raise RulePackError(f"{path}: (top level): a word list must be a mapping or a list")
    if isinstance(data, dict) and "examples" in data:  # the list's own examples: see list_examples
        validate(data["examples"], LIST_EXAMPLES_SCHEMA, str(path), prefix="examples.")
        data = {k: v for k, v in data.items() if k != "examples"}
    return data


@dataclass(frozen=True)
class ListExamples:
    """A YAML word list's own flag/pass examples, run with the rules that read the list, so that
    an entry added to the list is shown at work (tests/test_rule_examples.py)."""
    path: str
    rules: tuple[str, ...]
    flag: tuple[Example, ...]
    pass_: tuple[Example, ...]


def list_examples(directory: Path | None = None) -> list[ListExamples]:
    """The examples of every YAML word list in ``directory/lists`` that carries them."""
    found = []
    for path in sorted((directory or builtin_rules_dir()).joinpath("lists").glob("*.y*ml")):
        data = _parse_yaml(path)
        if isinstance(data, dict) and "examples" in data:
            _read_list(path)  # validates them
            examples = data["examples"]
            found.append(ListExamples(str(path), tuple(examples["rules"]),
                                      tuple(_example(e) for e in examples["flag"]),
                                      tuple(_example(e) for e in examples["pass"])))
    return found


def _resolve_lists(value: Any, dirs: list[Path], where: str) -> Any:
    if isinstance(value, str):
        match = LIST_REF.match(value)
        return load_list(match.group(1), dirs, where) if match else value
    if isinstance(value, list):
        out = []
        for item in value:
            resolved = _resolve_lists(item, dirs, where)
            # "@list" inside a list splices the list's entries in
            if isinstance(item, str) and LIST_REF.match(item) and isinstance(resolved, (list, tuple)):
                out.extend(resolved)
            else:
                out.append(resolved)
        return out
    if isinstance(value, dict):
        return {k: _resolve_lists(v, dirs, f"{where}.{k}") for k, v in value.items()}
    return value


def _example(item: Any) -> Example:
    if isinstance(item, str):
        return Example(item)
    return Example(item["text"], item.get("excerpt"), item.get("filename", "example.txt"), item.get("source"))


def load_rule(path: Path, list_dirs: list[Path]) -> Rule:
    from linter.checks import get_kind, kind_names

    data = _parse_yaml(path)
    if not isinstance(data, dict):
        raise RulePackError(f"{path}: (top level): a rule file must be a mapping of fields")
    validate(data, RULE_SCHEMA, str(path))
    if data["kind"] not in kind_names():
        raise RulePackError(f"{path}: kind: unknown check kind {data['kind']!r}; "
                            f"known kinds: {', '.join(kind_names())}")
    kind = get_kind(data["kind"])
    params = _resolve_lists(data.get("params") or {}, list_dirs, f"{path}: params")
    validate(params, kind.params_schema, str(path), prefix="params.")
    kind.validate_rule(data, params, str(path))
    examples = data["examples"]
    return Rule(
        code=data["code"], name=data["name"], category=data["category"], severity=data["severity"],
        kind=data["kind"], message=data["message"], description=data["description"].strip(),
        params=params, scope=data.get("scope"), suggestion=data.get("suggestion"),
        default=data.get("default", True), fix=data.get("fix"),
        references=tuple(data.get("references", ())),
        examples_flag=tuple(_example(e) for e in examples["flag"]),
        examples_pass=tuple(_example(e) for e in examples["pass"]),
        path=str(path),
    )


def rule_files(directory: Path) -> list[Path]:
    """Rule YAML files of a directory tree, excluding its word lists."""
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yml", ".yaml")
                  and "lists" not in p.relative_to(directory).parts and p.is_file())


def load_rules(extra_dirs: tuple[Path, ...] = ()) -> RulePack:
    """The built-in pack plus house rule directories; codes and names must be unique."""
    return _load_rules_cached(tuple(Path(d).resolve() for d in extra_dirs))


@lru_cache(maxsize=16)
def _load_rules_cached(extra_dirs: tuple[Path, ...]) -> RulePack:
    """The pack, from the on-disk pack cache when no rule file, word list or code changed since it
    was last validated (parsing and validating ~100 YAML files is most of a small run's start-up)."""
    from linter import cache

    builtin = builtin_rules_dir()
    key = cache.pack_key((builtin, *extra_dirs))
    cached = cache.load_pack(key) if key else None
    if isinstance(cached, RulePack):
        return cached
    pack = _validate_pack(builtin, extra_dirs)
    if key:
        cache.save_pack(key, pack)
    return pack


def _validate_pack(builtin: Path, extra_dirs: tuple[Path, ...]) -> RulePack:
    pack = RulePack()
    seen_code: dict[str, str] = {}
    seen_name: dict[str, str] = {}
    for directory in (builtin, *extra_dirs):
        if not directory.is_dir():
            raise RulePackError(f"{directory}: rule directory not found")
        list_dirs = [directory, builtin] if directory != builtin else [builtin]
        for path in rule_files(directory):
            rule = load_rule(path, list_dirs)
            if rule.code in seen_code:
                raise RulePackError(f"{path}: code: {rule.code} is already used by {seen_code[rule.code]}")
            if rule.name in seen_name:
                raise RulePackError(f"{path}: name: {rule.name!r} is already used by {seen_name[rule.name]}")
            seen_code[rule.code] = seen_name[rule.name] = str(path)
            pack.rules.append(rule)
    pack.rules.sort(key=lambda r: r.code)
    return pack
