"""The language server (``copydesk lsp``): findings as diagnostics while you type, fixes as code actions.

pygls over stdio. Plain text, Markdown and HTML documents are read by the same readers as the
command line (picked by file extension, else by the editor's language id) and linted with the
configuration found from the document's folder (``find_config``, looked up afresh each time so
that a new or edited ``copydesk.toml`` takes effect without a restart).

Scheduling keeps typing cheap. A document has at most one lint in flight, on one worker thread.
A change waits for ``DEBOUNCE`` seconds of quiet, then lints the newest text; a change that lands
while a lint runs makes that run stop at its next hit (its result would be stale) and the newest
text is linted next, so there is never a backlog of old versions. LanguageTool's kind runs on open
and on save only; between saves its findings are carried over edits elsewhere in the text.
Each run is logged to the client (``window/logMessage``), which is how a test counts them.
"""
from __future__ import annotations

import asyncio
import copy
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from linter import __version__
from linter.config import Settings, find_config, load_settings
from linter.engine import Linter
from linter.errors import CopydeskError
from linter.finding import Finding
from linter.fixes import article_lint
from linter.lsp_convert import FIX_ALL_KIND, PositionMap, carry_over, code_actions, diagnostic

DEBOUNCE = 0.15  # seconds of quiet after a change before it is linted
SLOW_KINDS = frozenset({"languagetool"})  # run on open and save only
LANGUAGE_SUFFIX = {"plaintext": ".txt", "text": ".txt", "markdown": ".md", "html": ".html", "mhtml": ".html"}


class Cancelled(Exception):
    """The document changed while it was being linted."""


class _Interruptible:
    """A check kind that stops between hits once ``stale()`` says the text it reads is outdated."""

    def __init__(self, kind, stale):
        self.kind, self.stale, self.name = kind, stale, kind.name

    def run(self, doc):
        if self.stale():
            raise Cancelled
        for hit in self.kind.run(doc):
            if self.stale():
                raise Cancelled
            yield hit


@dataclass
class _Linters:
    """The linter of one configuration, and what the server needs to know about its rules."""

    settings: Settings
    linter: Linter
    slow_codes: frozenset[str]
    rule_files: dict[str, str]

    def for_run(self, *, full: bool, stale) -> Linter:
        run = copy.copy(self.linter)
        run.kinds = [_Interruptible(k, stale) for k in self.linter.kinds if full or k.name not in SLOW_KINDS]
        return run


@dataclass
class _Open:
    """An open document: its scheduling state and the findings last published for it."""

    uri: str
    path: Path | None
    display: str  # a name whose extension picks the reader; "" when copydesk does not read it
    generation: int = 0  # bumped by every change; a run of an older generation is stale
    full_wanted: bool = True
    task: asyncio.Task | None = None
    version: int | None = None
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    slow: list[Finding] = field(default_factory=list)  # the last LanguageTool findings ...
    slow_text: str = ""  # ... and the text they are for


def _display(path: Path | None, language_id: str | None) -> str:
    from linter.readers import format_for

    if path is not None and (fmt := format_for(path.suffix)) is not None and fmt.article:
        return str(path)
    suffix = LANGUAGE_SUFFIX.get(language_id or "")
    return f"{path.name if path else 'untitled'}{suffix}" if suffix else ""


class CopydeskServer(LanguageServer):
    def __init__(self):
        super().__init__("copydesk", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.documents: dict[str, _Open] = {}
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copydesk-lint")
        self.debounce = DEBOUNCE
        self.docs_url: str | None = None  # initializationOptions.ruleDocsUrl, with {code}
        self._linters: dict[Path | None, tuple[int | None, _Linters]] = {}
        self._told: set[str] = set()

    # ---- configuration ------------------------------------------------------------------

    def linters_for(self, path: Path | None) -> _Linters:
        """The linter for a document's folder; rebuilt when its configuration file changes."""
        directory = (path.parent if path else Path.cwd()).resolve()
        config = getattr(find_config, "__wrapped__", find_config)(directory)  # uncached: outlives config edits
        stamp = config.stat().st_mtime_ns if config else None
        cached = self._linters.get(config)
        if cached is None or cached[0] != stamp:
            settings = load_settings(config) if config else Settings()
            linter = Linter(settings)
            built = _Linters(settings, linter, frozenset(r.code for r in linter.rules if r.kind in SLOW_KINDS),
                             {r.code: r.path for r in linter.all_rules})
            self._linters[config] = cached = (stamp, built)
        return cached[1]

    def docs_href(self, code: str, linters: _Linters | None = None) -> str | None:
        """The rule's documentation: the configured URL template, else its YAML file (local, offline)."""
        if self.docs_url:
            return self.docs_url.replace("{code}", code)
        path = linters.rule_files.get(code) if linters else None
        return Path(path).resolve().as_uri() if path else None

    # ---- linting ------------------------------------------------------------------------

    def lint(self, state: _Open, text: str, *, full: bool, stale=lambda: False) -> tuple[list[Finding], _Linters]:
        """Findings for ``text`` (runs on the worker thread); LanguageTool's only when ``full``."""
        linters = self.linters_for(state.path)
        if len(text) > linters.settings.max_file_size:
            raise CopydeskError(f"{state.display}: too large to lint as you type (over `max-file-size`)")
        run = linters.for_run(full=full, stale=stale)
        findings = article_lint(run, state.display, state.path, dict(linters.settings.options))(text)
        if full:
            state.slow, state.slow_text = [f for f in findings if f.code in linters.slow_codes], text
        else:
            state.slow, state.slow_text = carry_over(state.slow, state.slow_text, text), text
            findings = sorted(findings + state.slow, key=lambda f: f.sort_key)
        return findings, linters

    def schedule(self, state: _Open, *, full: bool, delay: float, changed: bool = True) -> None:
        if changed:
            state.generation += 1
        state.full_wanted |= full
        if state.task is None or state.task.done():
            state.task = asyncio.ensure_future(self._lint_loop(state, delay))

    async def _lint_loop(self, state: _Open, delay: float) -> None:
        loop = asyncio.get_running_loop()
        while self.documents.get(state.uri) is state:
            generation = state.generation
            await asyncio.sleep(delay)
            delay = self.debounce
            if generation != state.generation:
                continue  # still typing
            document = self.workspace.get_text_document(state.uri)
            text, version = document.source, document.version
            full, state.full_wanted = state.full_wanted, False
            stale = lambda g=generation: state.generation != g  # noqa: E731 - read on the worker thread
            started = time.perf_counter()
            try:
                findings, linters = await loop.run_in_executor(
                    self.executor, lambda: self.lint(state, text, full=full, stale=stale))
            except Cancelled:
                self.log(f"cancelled a stale run on {state.uri} version {version}")
                continue
            except CopydeskError as exc:
                self.tell(str(exc))
                findings, linters = [], None
            except Exception as exc:  # a bug in a check kind must not take the server down
                logging.getLogger(__name__).exception("lint failed")
                self.tell(f"copydesk failed on {state.display}: {exc!r}")
                findings, linters = [], None
            if stale():
                self.log(f"dropped a stale result on {state.uri} version {version}")
                continue
            self.publish(state, text, version, findings, linters)
            self.log(f"linted {state.uri} version {version} ({'full' if full else 'as you type'}) in "
                     f"{time.perf_counter() - started:.3f} s: {len(findings)} findings")
            if not state.full_wanted:
                return

    def publish(self, state: _Open, text: str, version: int | None, findings: list[Finding],
                linters: _Linters | None) -> None:
        state.text, state.version, state.findings = text, version, findings
        positions = PositionMap(text, self.workspace.position_encoding)
        diagnostics = [diagnostic(f, positions, lambda code: self.docs_href(code, linters)) for f in findings]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=state.uri, version=version, diagnostics=diagnostics))

    async def actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        state = self.documents.get(params.text_document.uri)
        if state is None or not state.display:
            return []
        document = self.workspace.get_text_document(state.uri)
        text, version = document.source, document.version
        findings, linters = state.findings, None
        if state.version != version or state.text != text:
            try:
                findings, linters = await asyncio.get_running_loop().run_in_executor(
                    self.executor, lambda: self.lint(state, text, full=False))
            except CopydeskError:
                return []
        positions = PositionMap(text, self.workspace.position_encoding)
        linters = linters or self.linters_for(state.path)
        capability = self.client_capabilities.workspace
        versioned = bool(capability and capability.workspace_edit and capability.workspace_edit.document_changes)
        return code_actions(state.uri, version, findings, positions, positions.offset(params.range.start),
                            positions.offset(params.range.end), docs_href=lambda c: self.docs_href(c, linters),
                            only=params.context.only, document_changes=versioned)

    def warm_up(self, folder: Path) -> None:
        """Build the linter and import its kinds before the first document arrives (worker thread)."""
        try:
            linters = self.linters_for(folder / "untitled.txt")
            article_lint(linters.for_run(full=False, stale=lambda: False), "untitled.txt", None)(
                "Warm up\n\nThe sentence segmenter and every check kind load now, not on the first keystroke.\n")
        except Exception:  # noqa: BLE001 - the first real lint reports the problem
            logging.getLogger(__name__).debug("warm-up failed", exc_info=True)

    # ---- talking to the user ------------------------------------------------------------

    def log(self, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Log, message=f"copydesk: {message}"))

    def tell(self, message: str) -> None:
        """Show a problem once (a broken configuration would otherwise pop up on every keystroke)."""
        self.log(message)
        if message not in self._told:
            self._told.add(message)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))


def create_server() -> CopydeskServer:
    server = CopydeskServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: CopydeskServer, params: types.InitializeParams) -> None:
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        ls.docs_url = options.get("ruleDocsUrl") or None
        if isinstance(options.get("debounceMs"), (int, float)):
            ls.debounce = max(0.0, options["debounceMs"] / 1000)

    @server.feature(types.INITIALIZED)
    def initialized(ls: CopydeskServer, params: types.InitializedParams) -> None:
        root = to_fs_path(ls.workspace.root_uri) if ls.workspace.root_uri else None
        ls.executor.submit(ls.warm_up, Path(root) if root else Path.cwd())

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CopydeskServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        path = to_fs_path(item.uri)
        state = _Open(item.uri, Path(path) if path else None, "")
        state.display = _display(state.path, item.language_id)
        ls.documents[item.uri] = state
        if not state.display:
            ls.log(f"not linting {item.uri}: copydesk reads plain text, Markdown and HTML")
            return
        ls.schedule(state, full=True, delay=0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CopydeskServer, params: types.DidChangeTextDocumentParams) -> None:
        state = ls.documents.get(params.text_document.uri)
        if state is not None and state.display:
            ls.schedule(state, full=False, delay=ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: CopydeskServer, params: types.DidSaveTextDocumentParams) -> None:
        state = ls.documents.get(params.text_document.uri)
        if state is not None and state.display:
            ls.schedule(state, full=True, delay=0, changed=False)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CopydeskServer, params: types.DidCloseTextDocumentParams) -> None:
        state = ls.documents.pop(params.text_document.uri, None)
        if state is not None:
            state.generation += 1  # a run in flight stops at its next hit
            if state.task is not None:
                state.task.cancel()
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=state.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]))
    async def code_action(ls: CopydeskServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return await ls.actions(params)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: CopydeskServer, params) -> None:
        for state in ls.documents.values():
            state.generation += 1
            if state.task is not None:
                state.task.cancel()
        ls.executor.shutdown(wait=False, cancel_futures=True)

    return server


def serve() -> None:
    """Speak LSP on standard input and output until the client says exit."""
    create_server().start_io()
