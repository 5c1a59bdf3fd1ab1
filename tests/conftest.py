"""Shared fixtures: paths of the repository, the seed, and the shared real-data corpora."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED = SEEDS / "dprk-russia-pact.txt"
SHARED_DATA = Path(os.environ.get("COPYDESK_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip, visibly, when it is not beside the checkout."""
    if not (SHARED_DATA / "wmt23-news-toen" / "segments.tsv").is_file():
        pytest.skip(f"shared real-data corpora not found at {SHARED_DATA} (set COPYDESK_SHARED_DATA)")
    return SHARED_DATA
