"""``--format github``: GitHub Actions workflow commands, shown as annotations on the changed files.

``::error file=F,line=L,col=C,endLine=..,endColumn=..,title=CODE name::message``; info findings are
notices. Values are escaped as the Actions runner expects (``%``, CR, LF; also ``:`` and ``,`` in
properties).
"""
from __future__ import annotations

from linter.report.text import summary_line

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, message: str, **props) -> str:
    fields = ",".join(f"{k}={_property(str(v))}" for k, v in props.items())
    return f"::{level} {fields}::{_data(message)}"


def render(results, context) -> str:
    lines = []
    for result in results:
        for warning in result.warnings:
            lines.append(_command("warning", warning, file=result.path, title="copydesk"))
        if result.error:
            lines.append(_command("error", result.error, file=result.path, title="copydesk: cannot lint"))
        for f in result.findings:
            message = f.message if not f.suggestion else f"{f.message} (suggestion: {f.suggestion})"
            lines.append(_command(LEVELS[f.severity], message, file=result.path, line=f.line, col=f.column,
                                  endLine=f.end_line, endColumn=f.end_column, title=f"{f.code} {f.name}"))
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"
