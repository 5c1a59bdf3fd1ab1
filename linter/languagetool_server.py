"""A local LanguageTool HTTP server, started from the jars that ``make languagetool`` fetches.

copydesk talks to LanguageTool over HTTP only. When no ``url`` is configured and the jars are
present (``$COPYDESK_LANGUAGETOOL_JARS``, else ``vendor/languagetool`` of a checkout), the
languagetool check kind starts one server for the whole process on a free local port and stops it
when the process ends. Nothing is downloaded here: the jars are fetched once, at install time.

Run a server by hand (for many ``copydesk`` runs, or to point ``url`` at it):

    python -m linter.languagetool_server --port 8081
"""
from __future__ import annotations

import argparse
import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

JARS_ENV = "COPYDESK_LANGUAGETOOL_JARS"
CHECKOUT_JARS = Path(__file__).resolve().parent.parent / "vendor" / "languagetool"
MAIN_CLASS = "org.languagetool.server.HTTPServer"
SERVER_JAR = "languagetool-server-*.jar"
START_TIMEOUT = 240.0  # seconds to start and load English: 25 s on 2 idle cores, 110 s on busy ones


class ServerError(RuntimeError):
    """The server could not be started; the message says why and what to do."""


def find_jars() -> Path | None:
    """The directory of LanguageTool jars: ``$COPYDESK_LANGUAGETOOL_JARS``, else the checkout's vendor/."""
    configured = os.environ.get(JARS_ENV)
    directory = Path(configured).expanduser() if configured else CHECKOUT_JARS
    return directory if any(directory.glob(SERVER_JAR)) else None


def find_java() -> str | None:
    """``$JAVA_HOME/bin/java`` when set, else ``java`` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_ready(url: str, timeout: float = 2.0) -> bool:
    """True when ``url`` (a server root such as http://localhost:8081) answers its healthcheck."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/v2/healthcheck", timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Linux: the server gets SIGTERM when copydesk dies, even from SIGKILL (no orphan JVMs)."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _can_tie_to_parent() -> bool:
    """PR_SET_PDEATHSIG follows the starting *thread*: only tie the server to the main thread."""
    return sys.platform == "linux" and threading.current_thread() is threading.main_thread()


class LocalServer:
    """One ``java ... HTTPServer`` process on 127.0.0.1; a context manager, or start()/stop()."""

    def __init__(self, jars: Path, port: int | None = None, java: str | None = None):
        self.jars = Path(jars)
        self.port = port
        self.java = java
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [self.java or "java", "-cp", str(self.jars / "*"), MAIN_CLASS, "--port", str(self.port)]

    def start(self, timeout: float = START_TIMEOUT) -> str:
        """Start and wait until the healthcheck answers; return the URL. Raises ServerError."""
        if self.process is not None and self.process.poll() is None:
            return self.url
        self.java = self.java or find_java()
        if self.java is None:
            raise ServerError("Java is not installed (no `java` on the PATH and no JAVA_HOME); "
                              "LanguageTool needs Java 17 or newer")
        if not any(self.jars.glob(SERVER_JAR)):
            raise ServerError(f"no LanguageTool jars in {self.jars}; fetch them with `make languagetool`")
        fixed_port = self.port is not None
        deadline = time.monotonic() + timeout
        for _attempt in range(1 if fixed_port else 3):
            self.port = self.port if fixed_port else free_port()
            self._log = tempfile.TemporaryFile()
            self.process = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if _can_tie_to_parent() else None)
            if self._wait(deadline) and self._warm_up(deadline):
                return self.url
            log = self._log_tail()
            hung = self.process.poll() is None
            self.stop()
            if "Address already in use" not in log:
                break
        why = f"no answer within {timeout:.0f} s" if hung else "it exited"
        raise ServerError(f"LanguageTool server did not start ({why}; {' '.join(self.command())}): "
                          f"{log or 'no output'}")

    def _wait(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if is_ready(self.url):
                return True
            time.sleep(0.2)
        return False

    def _warm_up(self, deadline: float) -> bool:
        """One English check: LanguageTool loads its English rules on the first request (40 s on a
        busy machine), which would otherwise eat the first document's request timeout."""
        data = urllib.parse.urlencode({"language": "en", "text": "The server is warming up."}).encode()
        try:
            with urllib.request.urlopen(self.url + "/v2/check", data=data,
                                        timeout=max(1.0, deadline - time.monotonic())) as response:
                return response.status == 200
        except OSError:
            return False

    def _log_tail(self, lines: int = 5) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace")
        return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> "LocalServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


_SHARED: dict[Path, LocalServer] = {}


def shared_server(jars: Path) -> LocalServer:
    """One started server per jar directory for the whole process, stopped when it exits."""
    jars = Path(jars).resolve()
    server = _SHARED.get(jars)
    if server is None:
        server = _SHARED[jars] = LocalServer(jars)
        atexit.register(server.stop)
    server.start()
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8081, help="port on 127.0.0.1 (default: 8081)")
    parser.add_argument("--jars", type=Path, help=f"jar directory (default: ${JARS_ENV} or {CHECKOUT_JARS})")
    args = parser.parse_args(argv)
    jars = args.jars or find_jars()
    if jars is None:
        print(f"error: no LanguageTool jars found (set {JARS_ENV} or run `make languagetool`)", file=sys.stderr)
        return 2
    server = LocalServer(jars, port=args.port)
    try:
        server.start()
    except ServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"LanguageTool is listening on {server.url}; set [tool.copydesk.languagetool] url = "
          f"\"{server.url}\". Ctrl-C stops it.", flush=True)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
