"""Check kinds: the small set of engines rules configure. Imported lazily, by name.

A kind is a :class:`linter.checks.base.CheckKind` subclass named ``Check`` in its module; it gets
every selected rule of its kind at once, so it can compile them together.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

KIND_MODULES = {
    "pattern": "linter.checks.pattern",
    "existence": "linter.checks.existence",
    "substitution": "linter.checks.substitution",
    "duplicate-block": "linter.checks.duplicate",
    "tag-line": "linter.checks.tagline",
    "trailing-title": "linter.checks.trailing",
    "balance": "linter.checks.balance",
    "repetition": "linter.checks.repetition",
    "script": "linter.checks.script",
    "mojibake": "linter.checks.mojibake",
    "sentence-shape": "linter.checks.shape",
    "attribution": "linter.checks.attribution",
    "name-variants": "linter.checks.variants",
    "house-spelling": "linter.checks.house",
    "style-mix": "linter.checks.numformat",
    "temporal": "linter.checks.temporal",
    "translation": "linter.checks.translation",
    "languagetool": "linter.checks.languagetool",
}


def kind_names() -> list[str]:
    return sorted(KIND_MODULES)


@lru_cache(maxsize=None)
def get_kind(name: str):
    return importlib.import_module(KIND_MODULES[name]).Check
