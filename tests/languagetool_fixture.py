"""The real LanguageTool server for tests: started once per test session, from the fetched jars.

Import the fixture into a test module (``from languagetool_fixture import languagetool_url``).
Tests skip, visibly, only where Java is absent; with Java but without the jars they fail and say
how to fetch them, so that a CI run never passes by silently not testing LanguageTool.
"""
from __future__ import annotations

import pytest

from linter.languagetool_server import JARS_ENV, find_jars, find_java, shared_server

NO_JAVA = "Java is not installed: the LanguageTool tests need Java 17+ (and `make languagetool`)"


def require_java() -> None:
    if find_java() is None:
        pytest.skip(NO_JAVA)


def languagetool_server_url() -> str:
    """The URL of this process's LanguageTool server, started on first use and stopped at exit.

    The ``languagetool`` kind, when no ``url`` is configured, uses this same server, so a test
    that only calls this (to skip without Java) can lint with the default configuration.
    """
    require_java()
    jars = find_jars()
    if jars is None:
        pytest.fail(f"LanguageTool jars not found: run `make languagetool` (or set {JARS_ENV})")
    return shared_server(jars).url


@pytest.fixture(scope="session")
def languagetool_url() -> str:
    return languagetool_server_url()
