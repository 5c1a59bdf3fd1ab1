"""The ``copydesk`` console script: answers ``--version`` before importing the CLI (typer and
the rest cost ~0.1 s, which a pre-commit hook or an editor probing the tool pays on every call)."""
from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from linter import __version__

        print(f"copydesk {__version__}")
        return
    from linter.cli import main as cli_main

    cli_main()
