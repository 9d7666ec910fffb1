"""A new cycle is scaffolded from rows alone, as drafts that block publication until reviewed."""

from __future__ import annotations

import pytest

from rssreview import checks, evidence
from rssreview.evidence import EvidenceError
from rssreview.evidence.new_cycle import new_cycle


def test_new_cycle_adds_a_row_and_draft_ratings(tables_dir):
    count = new_cycle("2022-09", published="2022-09-30", source_url="https://www.cqc.org.uk/new",
                      folder=tables_dir)
    tables = evidence.load(tables_dir)
    assert count == 2
    assert tables.latest_cycle() == "2022-09" and tables.previous_cycle("2022-09") == "2022-03"
    drafts = tables.ratings[tables.ratings["cycle_id"] == "2022-09"]
    assert set(drafts["review_state"]) == {"draft"}
    assert drafts["status"].tolist() == ["not achieved", "partly achieved"]


def test_unreviewed_drafts_block_publication_unless_a_draft_is_asked_for(tables_dir):
    new_cycle("2022-09", published="2022-09-30", source_url="https://www.cqc.org.uk/new", folder=tables_dir)
    tables = evidence.load(tables_dir)
    with pytest.raises(checks.PublicationRefused, match="draft ratings awaiting review"):
        checks.check_publishable(tables, "2022-09", draft=False, folder=tables_dir)
    checks.check_publishable(tables, "2022-09", draft=True, folder=tables_dir)


def test_existing_or_earlier_cycle_is_refused_and_nothing_changes(tables_dir):
    before = {p.name: p.read_bytes() for p in tables_dir.iterdir()}
    for cycle in ("2022-03", "2022-01"):
        with pytest.raises(EvidenceError):
            new_cycle(cycle, published="2022-09-30", source_url="https://www.cqc.org.uk/new", folder=tables_dir)
    with pytest.raises(EvidenceError, match="publication_date"):
        new_cycle("2022-09", published="30/09/2022", source_url="https://www.cqc.org.uk/new", folder=tables_dir)
    assert {p.name: p.read_bytes() for p in tables_dir.iterdir()} == before
