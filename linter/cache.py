"""On-disk caches: lint results of unchanged files, validated rule packs, compiled regexes.

Every entry is keyed by a hash of everything it depends on (the file's bytes, the rule files' and
word lists' bytes, the configuration, copydesk's own code), so a changed input is never answered
from the cache: it simply misses. Entries are written atomically (temporary file, then rename),
so concurrent runs (CI jobs sharing a workspace, ``--jobs`` workers) never read a half-written
entry; the last writer wins. A cache that cannot be written (read-only checkout) is skipped.

The directory is ``$COPYDESK_CACHE_DIR``, else the user's cache directory
(``$XDG_CACHE_HOME/copydesk``, by default ``~/.cache/copydesk``); it holds a ``.gitignore`` of ``*``
and a ``CACHEDIR.TAG`` so that neither git nor backups take it. Entries are pickles, so the cache
must never live where the text being linted could plant one: not in the working tree by default (a
pull request could commit a crafted entry), only where the user points ``$COPYDESK_CACHE_DIR``.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

CACHE_ENV = "COPYDESK_CACHE_DIR"
LAYOUT = "v1"  # bump when the layout or the pickled classes change incompatibly
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# copydesk cache: safe to delete\n"


def cache_root() -> Path:
    """Where caches live: ``$COPYDESK_CACHE_DIR``, else ``$XDG_CACHE_HOME/copydesk`` (``~/.cache``)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "copydesk"


def digest(*parts: bytes | str) -> str:
    """One hex key for several values (length-prefixed, so ("ab", "c") != ("a", "bc"))."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_digest(paths: list[Path]) -> str:
    """Hash of the names and contents of ``paths`` (a missing file hashes as missing)."""
    h = hashlib.blake2b(digest_size=20)
    for path in paths:
        h.update(str(path).encode("utf-8", "surrogatepass") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\0missing\0")
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """copydesk's own code and the Python running it: a new version never reads old entries."""
    package = Path(__file__).resolve().parent
    sources = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    return digest(sys.version, LAYOUT, files_digest(sources))


class Store:
    """Pickled values under ``root/v1/NAMESPACE/``, one file per key."""

    def __init__(self, root: Path, namespace: str):
        self.root = root
        self.folder = root / LAYOUT / namespace
        self._writable: bool | None = None

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def load(self, key: str) -> Any:
        """The value stored under ``key``, or None (missing, unreadable or from another version)."""
        try:
            with open(self._path(key), "rb") as handle:
                return pickle.load(handle)
        except Exception:  # a missing, truncated or incompatible entry is a miss, never an error
            return None

    def save(self, key: str, value: Any) -> None:
        """Store ``value`` atomically; silently does nothing where the cache cannot be written."""
        if self._writable is False:
            return
        path = self._path(key)
        try:
            if self._writable is None:
                _prepare(self.root)
                self._writable = True
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except BaseException:
                _unlink(tmp)
                raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            if self._writable is None:  # the cache directory itself cannot be made: stop trying
                self._writable = False


def _prepare(root: Path) -> None:
    """Create the cache directory with its .gitignore and CACHEDIR.TAG."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", "# created by copydesk\n*\n"), ("CACHEDIR.TAG", _TAG)):
        marker = root / name
        if not marker.exists():
            marker.write_text(text, encoding="utf-8")


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# ---- rule packs ------------------------------------------------------------------------------

def pack_files(directory: Path) -> list[Path]:
    """Every file a rule directory's pack is built from: rule YAML files and word lists."""
    from linter.rulepack import rule_files

    lists = directory / "lists"
    words = sorted(p for p in lists.iterdir() if p.is_file()) if lists.is_dir() else []
    return rule_files(directory) + words


def pack_key(directories: tuple[Path, ...]) -> str | None:
    """Key of the pack built from these rule directories, or None when one of them is missing
    (the loader reports that)."""
    if not all(d.is_dir() for d in directories):
        return None
    listing = [p for d in directories for p in pack_files(d)]
    return digest(code_digest(), *map(str, directories), files_digest(listing))


@lru_cache(maxsize=1)
def _pack_store() -> Store:
    return Store(cache_root(), "packs")


def load_pack(key: str):
    return _pack_store().load(key)


def save_pack(key: str, pack) -> None:
    _pack_store().save(key, pack)


# ---- lint results ----------------------------------------------------------------------------

class ResultCache:
    """Results of linting a file, keyed by its bytes, its name, the settings and the rule pack."""

    def __init__(self, root: Path | None = None):
        self.store = Store(root or cache_root(), "results")
        self._rules: dict[tuple[Path, ...], str | None] = {}

    def key(self, data: bytes, *, display: str, path: Path | None, suffix: str, settings,
            keep_source: bool) -> str | None:
        """The entry's key; None when the rule directories cannot be read (nothing is cached)."""
        from linter.rulepack import builtin_rules_dir

        dirs = settings.rule_dirs
        if dirs not in self._rules:
            self._rules[dirs] = pack_key((builtin_rules_dir(), *dirs))
        rules = self._rules[dirs]
        if rules is None:
            return None
        where = str(path.resolve()) if path is not None else ""
        return digest(rules, repr(settings), display, where, suffix, "source" if keep_source else "", data)

    def get(self, key: str) -> list | None:
        results = self.store.load(key)
        return results if isinstance(results, list) else None

    def put(self, key: str, results: list) -> None:
        self.store.save(key, results)
