"""From command-line paths to results: walk, configure, read, lint, one file at a time.

Every problem with one file (unreadable, undecodable, too large, broken config) becomes that
file's ``error`` and the run goes on with the others. Results come back in input order.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from linter.config import Settings, find_config, is_excluded, load_settings
from linter.engine import Linter
from linter.errors import CopydeskError, ReadError
from linter.finding import Finding
from linter.readers import ARTICLE_EXTENSIONS, read_documents, reader_for

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
             ".pytest_cache", ".copydesk_cache"}
STDIN = "-"


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    source: str | None = None  # the decoded file, kept only when a report needs it (Runner keep_source)

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


def expand(inputs: Iterable[str], stdin_filename: str | None = None) -> Iterator[Target | FileResult]:
    """Targets in input order; directories walked (sorted) for article files; missing paths are errors."""
    for raw in inputs:
        if raw == STDIN:
            yield Target(stdin_filename or "<stdin>", None, True)
            continue
        path = Path(raw)
        if path.is_dir():
            found = []
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in files:
                    child = Path(folder) / name
                    if child.suffix.lower() in ARTICLE_EXTENSIONS and not name.startswith("."):
                        found.append(child)
            for child in sorted(found):
                yield Target(_display(child), child, False)
        elif path.is_file():
            yield Target(_display(path), path, True)
        elif path.exists():
            yield FileResult(_display(path), error="not a regular file")
        else:
            yield FileResult(_display(path), error="no such file or directory")


class Runner:
    """Lints targets with the right configuration for each; caches linters per configuration."""

    def __init__(self, config: Path | None = None, overrides: Overrides | None = None,
                 stdin_filename: str | None = None, keep_source: bool = False):
        self.overrides = overrides or Overrides()
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
        for item in expand(inputs, self.stdin_filename):
            if isinstance(item, FileResult):
                yield item
            else:
                yield from self.lint_target(item)

    def lint_target(self, target: Target) -> Iterator[FileResult]:
        try:
            settings = self.settings_for(target)
            if target.path is not None and not target.explicit and is_excluded(target.path, settings):
                return
            linter = self.linter_for(settings)
            data = self._read_bytes(target, settings)
            suffix = Path(target.display).suffix or ".txt"
            if reader_for(suffix) is None and target.path is None:
                suffix = ".txt"
            for doc in read_documents(target.display, data, suffix=suffix, encoding=settings.encoding):
                yield FileResult(doc.meta.get("display", target.display), linter.lint(doc, target.path),
                                 warnings=list(doc.warnings), source=doc.source if self.keep_source else None)
        except ReadError as exc:
            yield FileResult(target.display, error=exc.located())
        except CopydeskError as exc:
            yield FileResult(target.display, error=str(exc))
        except OSError as exc:
            yield FileResult(target.display, error=f"cannot read: {exc.strerror or exc}")

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
