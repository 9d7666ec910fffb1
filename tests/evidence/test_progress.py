"""Ratings and held evidence are computed once per set of tables, and no caller can change another's copy."""

from __future__ import annotations

import dataclasses

from rssreview import evidence
from rssreview.evidence import progress


def test_a_caller_changing_its_ratings_changes_nobody_elses():
    tables = evidence.load()
    cycle = tables.latest_cycle()
    first = progress.ratings_for(tables, cycle)
    first.loc[0, "status"] = "changed by a caller"
    first["extra"] = 1
    again = progress.ratings_for(tables, cycle)
    assert "extra" not in again.columns and "changed by a caller" not in set(again["status"])
    held = progress.evidence_for(tables, cycle)
    held.drop(held.index, inplace=True)
    assert len(progress.evidence_for(tables, cycle)) > 0


def test_other_tables_are_computed_afresh():
    tables = evidence.load()
    cycle = tables.latest_cycle()
    before = progress.ratings_for(tables, cycle)
    ratings = tables.ratings.copy()
    row = ratings.index[(ratings["cycle_id"] == cycle)][0]
    ratings.loc[row, "status"] = "not achieved" if ratings.loc[row, "status"] != "not achieved" else "achieved"
    edited = dataclasses.replace(tables, ratings=ratings)
    after = progress.ratings_for(edited, cycle)
    assert list(after["status"]) != list(before["status"])
    assert list(progress.ratings_for(tables, cycle)["status"]) == list(before["status"])
