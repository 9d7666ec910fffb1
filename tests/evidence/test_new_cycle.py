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


@pytest.mark.parametrize("cycle,options,column", [
    ("Sept-2022", {}, "cycle_id"),
    ("2022-13", {"title": "A title"}, "cycle_id"),
    ("2022-09", {"published": "2022-02-30"}, "publication_date"),
    ("2022-09", {"source_url": "cqc.org.uk"}, "source_url"),
    ("2022-09", {"data_month": "June 2022"}, "data_month"),
    ("2022-09", {"title": "  "}, "title"),
])
def test_bad_arguments_are_refused_before_anything_is_read_or_written(tables_dir, monkeypatch, cycle, options,
                                                                     column):
    from rssreview.evidence import new_cycle as module

    before = {p.name: p.read_bytes() for p in tables_dir.iterdir()}
    monkeypatch.setattr(module, "load", lambda folder: pytest.fail("the tables were read"))
    arguments = {"published": "2022-09-30", "source_url": "https://www.cqc.org.uk/new"} | options
    with pytest.raises(EvidenceError) as err:
        new_cycle(cycle, folder=tables_dir, **arguments)
    (problem,) = err.value.problems
    assert (problem.file, problem.column) == (f"{tables_dir.as_posix()}/cycles.csv", column)
    assert {p.name: p.read_bytes() for p in tables_dir.iterdir()} == before


def test_a_result_that_would_not_validate_names_the_real_files_not_a_scratch_copy(tables_dir):
    before = {p.name: p.read_bytes() for p in tables_dir.iterdir()}
    with pytest.raises(EvidenceError) as err:
        new_cycle("2022-09", published="2022-09-30", source_url="https://www.cqc.org.uk/new", data_month="2030-01",
                  folder=tables_dir)
    assert [(p.file, p.column) for p in err.value.problems] == [(f"{tables_dir.as_posix()}/cycles.csv", "data_month")]
    assert {p.name: p.read_bytes() for p in tables_dir.iterdir()} == before
