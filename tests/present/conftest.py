"""Present-layer fixtures: tables loaded from the small evidence fixture, figures kept in tmp."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence_fixture import write_tables

from rssreview import evidence
from rssreview.present import display


@pytest.fixture
def tables(tmp_path: Path):
    return evidence.load(write_tables(tmp_path / "evidence"))


@pytest.fixture(autouse=True)
def figures_in_tmp(tmp_path: Path, monkeypatch):
    """Charts and CSVs go to a temporary folder, never the project's figures/."""
    monkeypatch.setattr(display, "FIGURES", tmp_path / "figures")
    monkeypatch.setattr(display, "ROOT", tmp_path)
    return tmp_path / "figures"


@pytest.fixture(scope="session")
def real_tables():
    """The project's own evidence tables."""
    return evidence.load()
