"""Evidence fixtures: a valid set of tables in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence_fixture import write_tables


@pytest.fixture
def tables_dir(tmp_path: Path) -> Path:
    return write_tables(tmp_path / "evidence")


@pytest.fixture(scope="session")
def real_tables():
    """The project's own evidence tables."""
    from rssreview import evidence

    return evidence.load()
