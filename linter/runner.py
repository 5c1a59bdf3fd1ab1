"""From command-line paths to results: walk, configure, read, lint, one file at a time.

Every problem with one file (unreadable, undecodable, too large, broken config) becomes that
file's ``error`` and the run goes on with the others. Results come back in input order.
"""
from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from linter.config import Settings, find_config, is_excluded, is_included, load_settings
from linter.engine import Linter
from linter.errors import CopydeskError, ReadError
from linter.finding import Finding
from linter.readers import (ARTICLE_EXTENSIONS, RecordError, format_for, read_documents, relocate,
                            stream_documents)
from linter.readers.decode import decode

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
             ".pytest_cache"}
STDIN = "-"


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    source: str | None = None  # the decoded file, kept only when a report needs it (Runner keep_source)
    # Where ``source`` starts in the file: a streamed JSONL record keeps only its own line as source,
    # while findings' offsets and lines are the file's: source[f.offset - source_offset:...] == f.text.
    source_offset: int = 0
    source_line: int = 1

    def to_dict(self) -> dict:
        out = {"path": self.path, "error": self.error, "findings": [f.to_dict() for f in self.findings]}
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


@dataclass(frozen=True)
class Target:
    """One input: a file path as the user should see it, or standard input."""

    display: str
    path: Path | None  # None for stdin
    explicit: bool  # named on the command line (not found by walking a directory)


@dataclass
class Overrides:
    """Command-line options that override every configuration file."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    fail_on: str | None = None
    encoding: str | None = None

    def apply(self, settings: Settings) -> Settings:
        return settings.with_overrides(select=self.select, ignore=self.ignore,
                                       extend_select=self.extend_select, fail_on=self.fail_on,
                                       encoding=self.encoding)


def _display(path: Path) -> str:
    text = str(path)
    return text[2:] if text.startswith("./") else text


def expand(inputs: Iterable[str], stdin_filename: str | None = None,
           included: Callable[[Path], bool] | None = None) -> Iterator[Target | FileResult]:
    """Targets in input order; directories walked (sorted) for article files (and what ``included``
    accepts: the configuration's ``include`` globs); missing paths are errors."""
    for raw in inputs:
        if raw == STDIN:
            yield Target(stdin_filename or "<stdin>", None, True)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in _walk(path, included):
                yield Target(_display(child), child, False)
        elif path.is_file():
            yield Target(_display(path), path, True)
        elif path.exists():
            yield FileResult(_display(path), error="not a regular file")
        else:
            yield FileResult(_display(path), error="no such file or directory")


def _walk(folder: Path, included: Callable[[Path], bool] | None) -> Iterator[Path]:
    """Article files under ``folder`` in sorted path order, one directory listing at a time (an
    archive of a million files is never listed in memory); hidden names and SKIP_DIRS are left
    out, symbolic links to directories are not followed, unreadable directories are skipped."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name not in SKIP_DIRS and not entry.is_symlink():
                yield from _walk(Path(entry.path), included)
            continue
        child = Path(entry.path)
        if child.suffix.lower() in ARTICLE_EXTENSIONS or (
                included is not None and format_for(child.suffix) and included(child)):
            yield child


class Runner:
    """Lints targets with the right configuration for each; caches linters per configuration."""

    def __init__(self, config: Path | None = None, overrides: Overrides | None = None,
                 stdin_filename: str | None = None, keep_source: bool = False,
                 pair_source: Path | None = None, cache=None):
        self.overrides = overrides or Overrides()
        self.cache = cache  # a linter.cache.ResultCache: unchanged files are not linted again
        self.pair_source = pair_source  # `--source`: the source-language text the targets translate
        self._pair_text: tuple[str, list[str]] | None = None
        self.keep_source = keep_source
        self.stdin_filename = stdin_filename
        self._forced = config
        self._forced_settings: Settings | None = None
        self._linters: dict[Path | None, Linter | CopydeskError] = {}
        self.settings_seen: dict[Path | None, Settings] = {}

    def settings_for(self, target: Target) -> Settings:
        if self._forced is not None:
            if self._forced_settings is None:
                self._forced_settings = self.overrides.apply(load_settings(self._forced))
            return self._forced_settings
        directory = (target.path.parent if target.path else Path(self.stdin_filename or "x").parent).resolve()
        config = find_config(directory)
        key = config
        if key not in self.settings_seen:
            base = load_settings(config) if config else Settings()
            self.settings_seen[key] = self.overrides.apply(base)
        return self.settings_seen[key]

    def linter_for(self, settings: Settings) -> Linter:
        key = settings.path
        cached = self._linters.get(key)
        if cached is None:
            try:
                cached = Linter(settings)
            except CopydeskError as exc:
                cached = exc
            self._linters[key] = cached
        if isinstance(cached, CopydeskError):
            raise cached
        return cached

    def run(self, inputs: Iterable[str]) -> Iterator[FileResult]:
        yield from self.lint_items(expand(inputs, self.stdin_filename, self._included))

    def lint_items(self, items: Iterable[Target | FileResult]) -> Iterator[FileResult]:
        """Results of expanded inputs, in order (linter.parallel spreads this over processes)."""
        for item in items:
            if isinstance(item, FileResult):
                yield item
            else:
                yield from self.lint_target(item)

    def lint_target(self, target: Target) -> Iterator[FileResult]:
        try:
            opened = self.open_target(target)
            if opened is None:
                return
            if isinstance(opened, list):  # the cached results of an unchanged file
                yield from opened
                return
            settings, linter, documents, key = opened
            stored: list[bytes] | None = [] if key is not None and _cacheable(linter) else None
            for doc in documents:
                result = self._result(doc, linter, target, settings)
                if stored is not None:
                    stored.append(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
                yield result
            if stored is not None:
                self.cache.put(key, stored)
        except ReadError as exc:
            yield FileResult(target.display, error=exc.located())
        except CopydeskError as exc:
            yield FileResult(target.display, error=str(exc))
        except OSError as exc:
            yield FileResult(target.display, error=f"cannot read: {exc.strerror or exc}")

    def open_target(self, target: Target):
        """What linting a target takes: ``(settings, linter, documents, cache_key)``; or the list of
        its cached results; or None when the configuration excludes it. Raises what makes the
        whole target an error. Documents are read lazily, in order."""
        settings = self.settings_for(target)
        if target.path is not None and not target.explicit and is_excluded(target.path, settings):
            return None
        suffix = Path(target.display).suffix or ".txt"
        if format_for(suffix) is None and target.path is None:
            suffix = ".txt"
        fmt = format_for(suffix)
        data, key, cached = self._probe(target, settings, suffix)
        if cached is not None:
            return cached
        linter = self.linter_for(settings)
        options = dict(settings.options)
        if fmt is not None and fmt.streaming:
            documents = self._stream(target, settings, suffix, options)
        else:
            if data is None:
                data = self._read_bytes(target, settings)
            documents = read_documents(target.display, data, suffix=suffix, encoding=settings.encoding,
                                       options=options)
        return settings, linter, documents, key

    def cached_results(self, target: Target) -> list[FileResult] | None:
        """The cached results of an unchanged file, or None (not cached, or not cacheable)."""
        try:
            settings = self.settings_for(target)
            return self._probe(target, settings, Path(target.display).suffix or ".txt")[2]
        except (CopydeskError, OSError):
            return None

    def _probe(self, target: Target, settings: Settings, suffix: str):
        """``(data, cache_key, cached results)`` of a regular file when the result cache is on.

        A file that cannot be read gives (None, None, None): its error is reported in the usual
        order, after the configuration's."""
        fmt = format_for(suffix)
        if self.cache is None or target.path is None or self.pair_source is not None or (
                fmt is not None and fmt.streaming):
            return None, None, None
        try:
            data = self._read_bytes(target, settings)
        except (ReadError, OSError):
            return None, None, None
        key = self.cache.key(data, display=target.display, path=target.path, suffix=suffix,
                             settings=settings, keep_source=self.keep_source)
        stored = self.cache.get(key) if key is not None else None
        return data, key, None if stored is None else [pickle.loads(blob) for blob in stored]

    def loaded_rules(self) -> list:
        """Every rule of the configurations this run used (house rules too), for formats that
        document rules. A configuration whose files were all cached (or linted in other
        processes) has no linter here: its pack is loaded instead."""
        from linter.rulepack import load_rules

        loaded: dict = {}
        packs = [getattr(linter, "all_rules", ()) for linter in self._linters.values()]
        for settings in self._settings_used():
            if settings.path not in self._linters:
                try:
                    packs.append(load_rules(settings.rule_dirs).rules)
                except CopydeskError:
                    pass
        for rules in packs:
            for rule in rules:
                loaded.setdefault(rule.code, rule)
        return list(loaded.values())

    def _settings_used(self) -> list[Settings]:
        if self._forced_settings is not None:
            return [self._forced_settings]
        return list(self.settings_seen.values())

    def _included(self, path: Path) -> bool:
        try:
            return is_included(path, self.settings_for(Target(_display(path), path, False)))
        except CopydeskError:
            return False

    def _stream(self, target: Target, settings: Settings, suffix: str, options: dict) -> Iterator:
        """Records of a streaming format, one at a time: memory stays bounded by the largest record."""
        if target.path is None:
            yield from stream_documents(target.display, sys.stdin.buffer, suffix=suffix, encoding=settings.encoding,
                                        options=options, max_record=settings.max_file_size)
            return
        with open(target.path, "rb") as handle:
            yield from stream_documents(target.display, handle, suffix=suffix, encoding=settings.encoding,
                                        options=options, max_record=settings.max_file_size)

    def _result(self, doc, linter: Linter, target: Target, settings: Settings) -> FileResult:
        if isinstance(doc, RecordError):
            return FileResult(doc.display, error=doc.located())
        if self.pair_source is not None:
            doc.meta["source_text"], warnings = self._source_text(settings)
            doc.warnings.extend(f"--source {self.pair_source}: {w}" for w in warnings)
        findings = relocate(linter.lint(doc, target.path), doc)
        offset, line = doc.meta.get("origin", (0, 1))
        return FileResult(doc.meta.get("display", target.display), findings, warnings=list(doc.warnings),
                          source=doc.source if self.keep_source else None, source_offset=offset, source_line=line)

    def _source_text(self, settings: Settings) -> tuple[str, list[str]]:
        """The ``--source`` file, decoded once, and its decoding warnings; a problem with it is the
        target's error."""
        if self._pair_text is None:
            try:
                data = self.pair_source.read_bytes()
            except OSError as exc:
                raise ReadError(f"--source {self.pair_source}: cannot read: {exc.strerror or exc}") from None
            try:
                self._pair_text = decode(data, encoding=settings.encoding)
            except ReadError as exc:
                raise ReadError(f"--source {self.pair_source}: {exc}") from None
        return self._pair_text

    def _read_bytes(self, target: Target, settings: Settings) -> bytes:
        limit = settings.max_file_size
        if target.path is None:
            data = sys.stdin.buffer.read(limit + 1)
        else:
            size = target.path.stat().st_size
            if size > limit:
                raise ReadError(f"file too large: {size / 1048576:.1f} MB is over the "
                                f"{limit / 1048576:.1f} MB limit; raise `max-file-size` in the "
                                "configuration to lint it")
            with open(target.path, "rb") as handle:
                data = handle.read(limit + 1)
        if len(data) > limit:
            raise ReadError(f"input too large: over the {limit / 1048576:.1f} MB limit; "
                            "raise `max-file-size` in the configuration to lint it")
        return data


def _cacheable(linter: Linter) -> bool:
    """LanguageTool's findings depend on a server's state (up, down, its version): not cached."""
    return not any(kind.name == "languagetool" for kind in linter.kinds)
