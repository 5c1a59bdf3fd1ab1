"""Kind ``languagetool``: grammar, punctuation and typography findings from a LanguageTool server.

The server is the one the user names (``[tool.copydesk.languagetool] url``) or, when none is named,
a local one started from the fetched jars (:mod:`linter.languagetool_server`); copydesk reaches it
through ``language-tool-python`` with ``remote_server=``, so nothing is ever downloaded.

One request per document: its paragraphs joined by blank lines, so that LanguageTool sees the
paragraphs copydesk sees; long documents go in batches of whole paragraphs. Headlines, headings and
short lines (tag lines, bylines, captions) are not sent: headline grammar drops articles and uses
"to" for the future, which LanguageTool reads as errors ("Army likely to suffer biggest losses").
LanguageTool's offsets (UTF-16 units into the request text) map back to ``doc.text`` exactly.

Every rule of this kind names the same map (``params.map``, ``rules/lists/languagetool-map.yml``):
LanguageTool rule id (exact, or a glob) or category id -> copydesk code, or ``off``. Codes that
are not selected are dropped, so ignoring one copydesk code never moves its matches to another.

When LanguageTool is on but not configured, cannot start, or cannot be reached, the first document
gets one warning and every later one is linted without it: the other rules always run. The local
server is started when the kind is built, in the parent process, so that ``--jobs`` workers share
it (and the one-warning flag) instead of starting one each.
"""
from __future__ import annotations

import bisect
import fnmatch
import http.client
import multiprocessing
import re
from collections.abc import Iterator
from dataclasses import dataclass

from linter.checks.base import CheckKind
from linter.document import Document
from linter.errors import RulePackError
from linter.finding import Hit

OFF = "off"
MAX_REQUEST_CHARS = 20_000  # LanguageTool's public API refuses more; a local server takes it in one go
BLOCK_SEPARATOR = "\n\n"
DEFAULT_LANGUAGE = "en"  # variant-neutral English: no US/UK spelling preference
DEFAULT_TIMEOUT = 60.0
_CODE = {"type": "string", "pattern": r"^(CD[0-9]{3}|off)$"}


# ---- the map: LanguageTool rule / category -> copydesk code ----------------------------------

class RuleMap:
    """Which copydesk code a LanguageTool match becomes: exact rule id, then the longest matching
    glob, then the category, then ``other``. ``None`` means off (never reported)."""

    def __init__(self, data: dict):
        rules = data.get("rules", {})
        self.exact = {k: v for k, v in rules.items() if not _is_glob(k)}
        self.globs = sorted(((k, v) for k, v in rules.items() if _is_glob(k)), key=lambda kv: -len(kv[0]))
        self.categories = dict(data.get("categories", {}))
        self.other = data["other"]

    def code_for(self, rule_id: str, category: str) -> str | None:
        code = self.exact.get(rule_id)
        if code is None:
            code = next((c for pattern, c in self.globs if fnmatch.fnmatchcase(rule_id, pattern)), None)
        if code is None:
            code = self.categories.get(category, self.other)
        return None if code == OFF else code

    def off_ids(self) -> set[str]:
        """Rule ids LanguageTool need not run at all (sent as ``disabledRules``)."""
        return {rule_id for rule_id, code in self.exact.items() if code == OFF}

    def codes(self) -> set[str]:
        return {c for c in (*self.exact.values(), *(c for _, c in self.globs), *self.categories.values(),
                            self.other) if c != OFF}


def _is_glob(pattern: str) -> bool:
    return any(ch in pattern for ch in "*?[")


# ---- requests: blocks joined by blank lines, offsets mapped back -----------------------------

@dataclass(frozen=True, slots=True)
class Piece:
    """request text [at, at + length) is doc.text [start, start + length)."""

    at: int
    start: int
    length: int


@dataclass
class Batch:
    text: str
    pieces: list[Piece]

    def to_doc(self, offset: int, *, is_end: bool = False) -> int | None:
        """A request offset as a ``doc.text`` offset; None inside a separator between blocks."""
        i = bisect.bisect_right([p.at for p in self.pieces], offset) - 1
        if is_end and i > 0 and offset == self.pieces[i].at:
            i -= 1
        if i < 0:
            return None
        piece = self.pieces[i]
        if offset > piece.at + piece.length:
            return piece.start + piece.length if is_end else None
        return piece.start + offset - piece.at


def batches(doc: Document, limit: int = MAX_REQUEST_CHARS) -> Iterator[Batch]:
    """The document's paragraphs, joined by blank lines, in requests of about ``limit`` chars."""
    parts: list[str] = []
    pieces: list[Piece] = []
    size = 0
    for block in doc.blocks:
        text = doc.text[block.start:block.end]
        if block.kind != "paragraph" or not text.strip():
            continue
        if pieces and size + len(BLOCK_SEPARATOR) + len(text) > limit:
            yield Batch("".join(parts), pieces)
            parts, pieces, size = [], [], 0
        if pieces:
            parts.append(BLOCK_SEPARATOR)
            size += len(BLOCK_SEPARATOR)
        pieces.append(Piece(size, block.start, len(text)))
        parts.append(text)
        size += len(text)
    if pieces:
        yield Batch("".join(parts), pieces)


def code_point_span(text: str, start: int, utf16_length: int) -> tuple[int, int]:
    """(start, end) in code points of a match that starts at code point ``start`` (language-tool-
    python already corrects the start) and is ``utf16_length`` UTF-16 units long (it does not)."""
    end, units = start, 0
    while units < utf16_length and end < len(text):
        units += 2 if ord(text[end]) > 0xFFFF else 1
        end += 1
    return start, end


# ---- the kind --------------------------------------------------------------------------------

class Unavailable(Exception):
    """LanguageTool cannot be used for this run; the message is the warning the user sees."""


class RunFlag:
    """Set once per run, across the worker processes forked from this one (``--jobs``): the
    warning meant for the whole run is given by whichever process claims the flag first."""

    def __init__(self):
        try:
            self._shared = multiprocessing.Value("b", 0)
        except (OSError, ImportError):  # no shared memory here (some sandboxes): one flag per process
            self._shared = None
        self._local = False

    def claim(self) -> bool:
        """True for the first caller of the run, False for every later one."""
        if self._shared is None:
            first, self._local = not self._local, True
            return first
        with self._shared.get_lock():
            first = not self._shared.value
            self._shared.value = 1
        return first


class Check(CheckKind):
    name = "languagetool"
    default_scope = "document"
    params_schema = {
        "type": "object",
        "required": ["map"],
        "additionalProperties": False,
        "properties": {
            "map": {
                "type": "object",
                "required": ["other"],
                "additionalProperties": False,
                "properties": {
                    "rules": {"type": "object", "additionalProperties": _CODE},
                    "categories": {"type": "object", "additionalProperties": _CODE},
                    "other": _CODE,
                },
            },
        },
    }

    @classmethod
    def validate_rule(cls, data: dict, params: dict, path: str) -> None:
        if data["code"] not in RuleMap(params["map"]).codes():
            raise RulePackError(f"{path}: params.map: the map never names this rule's code {data['code']}; "
                                "no LanguageTool match could ever become this rule")

    def __init__(self, rules: list, context=None):
        super().__init__(rules, context)
        self.by_code = {rule.code: rule for rule in self.rules}
        self.map = RuleMap(self.rules[0].params["map"]) if self.rules else None
        options = self.context.for_kind("languagetool")
        self.url = options.get("url")
        self.language = options.get("language", DEFAULT_LANGUAGE)
        self.mother_tongue = options.get("mother-tongue") or self.context.options.get("source-language")
        self.disabled = set(options.get("disabled-rules", ()))
        self.timeout = float(options.get("timeout", DEFAULT_TIMEOUT))
        self.max_request_chars = MAX_REQUEST_CHARS
        self._client = None
        self._languages: set[str] = set()  # language codes the server knows
        self._unavailable: str | None = None  # why LanguageTool is off for the rest of the run
        if self.rules:
            self._warned = RunFlag()
            if not self.url:
                try:
                    self.url = self._local_server()
                except Unavailable as exc:
                    self._unavailable = str(exc)

    def run(self, doc: Document) -> Iterator[Hit]:
        if not self.rules:
            return
        try:
            client = self._connect()
            for batch in batches(doc, self.max_request_chars):
                yield from self._hits(doc, batch, self._check(client, batch.text, doc))
        except Unavailable as exc:
            self._unavailable = str(exc)
            self._client = None
        if self._unavailable and self._warned.claim():
            doc.warnings.append(self._unavailable)

    # -- talking to the server

    def _connect(self):
        if self._unavailable:
            raise Unavailable(self._unavailable)
        if self._client is not None:
            return self._client
        try:
            self._client = _make_client(self.url, self.language, self.timeout)
        except ValueError as exc:  # a language the server does not know
            raise Unavailable(f"LanguageTool at {self.url} cannot check this language: {exc}; set "
                              "[tool.copydesk.languagetool] language (e.g. \"en-US\"). "
                              f"{_SKIPPED}") from None
        except Exception as exc:  # noqa: BLE001 - any failure to connect is reported, never fatal
            raise Unavailable(f"LanguageTool is not reachable at {self.url} ({_reason(exc)}); {_SKIPPED} "
                              "Start the server or correct [tool.copydesk.languagetool] url.") from None
        self._client.disabled_rules = self.map.off_ids() | self.disabled
        self._languages = self._client._get_languages()
        return self._client

    def _local_server(self) -> str:
        from linter.languagetool_server import ServerError, find_jars, shared_server

        jars = find_jars()
        if jars is None:
            raise Unavailable("LanguageTool rules are on but no LanguageTool server is configured: set "
                              "[tool.copydesk.languagetool] url, or fetch the jars with `make languagetool` "
                              f"(or set COPYDESK_LANGUAGETOOL_JARS) so that copydesk starts one. {_SKIPPED}")
        try:
            return shared_server(jars).url
        except ServerError as exc:
            raise Unavailable(f"could not start the local LanguageTool server: {exc}. {_SKIPPED}") from None

    def _check(self, client, text: str, doc: Document) -> list:
        from language_tool_python.exceptions import LanguageToolError

        client.mother_tongue = self._mother_tongue_for(doc)
        try:
            return client.check(text)
        except LanguageToolError as exc:
            if isinstance(exc.__cause__, (OSError, http.client.HTTPException)):
                raise Unavailable(f"LanguageTool at {client.url} stopped answering ({_reason(exc.__cause__)}) "
                                  f"while checking this file; {_SKIPPED}") from None
            doc.warnings.append(f"LanguageTool could not check this file: {_reason(exc)}")
            return []

    def _mother_tongue_for(self, doc: Document) -> str | None:
        """The source language LanguageTool knows (it enables false-friend rules), else None."""
        tag = doc.meta.get("source_language") or self.mother_tongue
        if not tag:
            return None
        for candidate in (tag, tag.split("-")[0].split("_")[0]):
            if candidate in self._languages:
                return candidate
        return None

    # -- matches to hits

    def _hits(self, doc: Document, batch: Batch, matches: list) -> Iterator[Hit]:
        for match in matches:
            if match.rule_id in self.disabled:
                continue
            rule = self.by_code.get(self.map.code_for(match.rule_id, match.category))
            if rule is None:
                continue
            start, end = code_point_span(batch.text, match.offset, match.error_length)
            doc_start, doc_end = batch.to_doc(start), batch.to_doc(end, is_end=True)
            if doc_start is None or doc_end is None or doc_end <= doc_start:
                continue
            args = {"match": doc.text[doc_start:doc_end], "lt_message": match.message.strip(),
                    "lt_rule": match.rule_id, "lt_category": match.category}
            suggestion = match.replacements[0] if match.replacements else None
            yield Hit(rule, doc_start, doc_end, args, suggestion)


_SKIPPED = "LanguageTool rules (CD801–CD807, CD899) were skipped; the other rules ran."


def _reason(exc: BaseException) -> str:
    """The part of a (often very long) connection error a user can act on."""
    text = " ".join(str(exc).split())
    errno = re.search(r"\[Errno -?\d+\] [^'\")]+", text)
    if errno:
        return errno.group(0).strip()
    if "timed out" in text.lower():
        return "timed out"
    if not text and isinstance(exc.__cause__, ValueError):
        return "the answer is not LanguageTool's JSON: is a LanguageTool server at that address?"
    return text[:200] or type(exc).__name__


def _make_client(url: str, language: str, timeout: float):
    """A language-tool-python (3.x) client for the server at ``url`` with copydesk's timeout.

    ``remote_server=`` means the library never starts (so never downloads) a server of its own; the
    subclass makes that a guarantee rather than a consequence. ``_TIMEOUT`` and
    ``_start_local_server`` are the library's internals, hence the pin to 3.x in pyproject.toml.
    """
    from language_tool_python import LanguageTool
    from language_tool_python.exceptions import ServerError

    class Client(LanguageTool):
        _TIMEOUT = timeout

        def _start_local_server(self) -> None:
            raise ServerError("copydesk never lets language-tool-python start or download a server")

    return Client(language, remote_server=url)
