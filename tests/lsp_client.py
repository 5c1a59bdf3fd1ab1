"""A minimal LSP client for the tests: JSON-RPC over the pipes of a ``python -m linter lsp`` process.

Synchronous and small on purpose: the tests see exactly the bytes a real editor would exchange.
"""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class LspClient:
    def __init__(self, cwd: Path | None = None):
        env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.process = subprocess.Popen([sys.executable, "-m", "linter", "lsp"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env)
        self.inbox: queue.Queue = queue.Queue()
        self.seen: list[dict] = []  # every message from the server, in order of arrival
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not headers:
                self.inbox.put(None)
                return
            message = json.loads(stream.read(int(headers["content-length"])))
            message["_received"] = time.monotonic()
            self.inbox.put(message)

    def send(self, message: dict) -> float:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return time.monotonic()

    def notify(self, method: str, params: dict | None) -> float:
        return self.send({"method": method, "params": params})

    def request(self, method: str, params: dict | None, timeout: float = 60) -> dict:
        self._next_id += 1
        ident = self._next_id
        self.send({"id": ident, "method": method, "params": params})
        reply = self.wait_for(lambda m: m.get("id") == ident and "method" not in m, timeout)
        assert "error" not in reply, reply
        return reply.get("result")

    def wait_for(self, predicate, timeout: float = 60) -> dict:
        """The first message (already seen or still to come) that ``predicate`` accepts."""
        for message in self.seen:
            if predicate(message):
                self.seen.remove(message)
                return message
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no matching message within {timeout} s") from None
            if message is None:
                raise AssertionError("the server closed its output: "
                                     + self.process.stderr.read().decode("utf-8", "replace")[-2000:])
            if "method" in message and "id" in message:  # a request from the server: acknowledge it
                self.send({"id": message["id"], "result": None})
            if predicate(message):
                return message
            self.seen.append(message)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 60) -> dict:
        return self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                             and m["params"]["uri"] == uri
                             and (version is None or m["params"].get("version") == version), timeout)["params"]

    def drain(self) -> list[dict]:
        """Every message received so far, including the ones still queued."""
        while True:
            try:
                message = self.inbox.get_nowait()
            except queue.Empty:
                return self.seen
            if message is not None:
                self.seen.append(message)

    def initialize(self, capabilities: dict | None = None, options: dict | None = None,
                   root: Path | None = None) -> dict:
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri() if root else None,
            "capabilities": capabilities or {}, "initializationOptions": options})
        self.notify("initialized", {})
        return result

    def close(self) -> int:
        """shutdown, exit, and the process's exit code."""
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            return self.process.wait(timeout=30)
        finally:
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                stream.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def apply_text_edits(text: str, edits: list[dict], encoding: str = "utf-16") -> str:
    """Apply LSP TextEdits as an editor does (positions in ``encoding`` code units; lines at \\n)."""
    lines = text.split("\n")

    def offset(position: dict) -> int:
        line = lines[position["line"]]
        units, index = 0, 0
        while index < len(line) and units < position["character"]:
            units += 2 if encoding == "utf-16" and ord(line[index]) > 0xFFFF else 1
            index += 1
        return sum(len(x) + 1 for x in lines[:position["line"]]) + index

    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text
