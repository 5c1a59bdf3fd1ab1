"""Compiled rule regexes kept across runs: start-up without re-compiling ~400 patterns.

Python's ``re`` parses and compiles a pattern in Python code; for the rule packs' long
alternations that is about a third of a second per process, more than linting an article.
``re`` cannot pickle a compiled pattern (unpickling compiles again), so this module keeps what
``re._compiler.compile`` hands to the C engine (the opcode list, group names) and rebuilds the
pattern with ``_sre.compile`` on the next run: about 30 times faster.

Those are CPython internals, so every entry is checked when it is made (the rebuilt pattern must
compare equal to ``re.compile``'s, which compares the compiled code), the file is keyed by the
exact Python version, the engine's ``MAGIC`` and copydesk's own code, and anything unexpected
falls back to plain ``re.compile``. Entries are saved at exit to the cache directory (see
:mod:`linter.cache`).
"""
from __future__ import annotations

import atexit
import re

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # another Python implementation: plain re.compile
    _sre = None

_MAX_ENTRIES = 4000
_entries: dict[tuple, object] | None = None
_dirty = False


def _store():
    from linter.cache import Store, cache_root

    return Store(cache_root(), "regex")


def _key() -> str:
    """This Python's engine, and copydesk's code (``memo`` values are computed by it)."""
    from linter.cache import code_digest, digest

    return digest(code_digest(), str(getattr(_sre, "MAGIC", "")), str(getattr(_sre, "CODESIZE", "")))


def _loaded() -> dict:
    global _entries
    if _entries is None:
        stored = _store().load(_key())
        _entries = stored if isinstance(stored, dict) else {}
    return _entries


def _capture(pattern: str, flags: int) -> tuple | None:
    """What ``re._compiler.compile`` passes to ``_sre.compile``, or None if it cannot be had."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]
        state = parsed.state
        indexgroup = [None] * state.groups
        for name, index in state.groupdict.items():
            indexgroup[index] = name
        args = (pattern, flags | state.flags, code, state.groups - 1, dict(state.groupdict), tuple(indexgroup))
        if _sre.compile(*args) != re.compile(pattern, flags):
            return None
        return args
    except Exception:
        return None


def compile(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the cache when this Python compiled it before.

    Errors are ``re.compile``'s own (a broken pattern is never cached).
    """
    global _dirty
    flags = int(flags)
    if _sre is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    entries = _loaded()
    args = entries.get((pattern, flags))
    if args is not None:
        try:
            return _sre.compile(*args)
        except Exception:
            entries.pop((pattern, flags), None)
    compiled = re.compile(pattern, flags)  # raises re.error for the caller to report
    args = _capture(pattern, flags)
    if args is not None and len(entries) < _MAX_ENTRIES:
        entries[(pattern, flags)] = args
        if not _dirty:
            _dirty = True
            atexit.register(save)
    return compiled


def memo(name: str, pattern: str, flags: int, compute):
    """``compute(pattern, flags)``, kept across runs like compiled patterns (for what is derived
    from parsing a pattern, such as the prefilter's needles). Values must pickle."""
    global _dirty
    key = (name, pattern, int(flags))
    entries = _loaded()
    if key in entries:
        return entries[key]
    value = compute(pattern, flags)
    if len(entries) < _MAX_ENTRIES:
        entries[key] = value
        if not _dirty:
            _dirty = True
            atexit.register(save)
    return value


def save() -> None:
    """Write new entries (merged with what other processes saved meanwhile)."""
    global _dirty
    if not _dirty or _entries is None:
        return
    store = _store()
    stored = store.load(_key())
    merged = dict(stored) if isinstance(stored, dict) and len(stored) < _MAX_ENTRIES else {}
    merged.update(_entries)
    store.save(_key(), merged)
    _dirty = False
