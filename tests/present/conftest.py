"""Present-layer fixtures: tables loaded from the small evidence fixture, figures kept in tmp."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence_fixture import write_tables

from rssreview import evidence


@pytest.fixture
def tables(tmp_path: Path):
    return evidence.load(write_tables(tmp_path / "evidence"))


@pytest.fixture(autouse=True)
def _charts_in_tmp(figures_in_tmp: Path) -> Path:
    return figures_in_tmp


@pytest.fixture(scope="session")
def real_tables():
    """The project's own evidence tables."""
    return evidence.load()
