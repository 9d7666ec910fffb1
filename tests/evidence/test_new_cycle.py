"""A new cycle is scaffolded from rows alone, as drafts that block publication until reviewed."""

from __future__ import annotations

import pytest

from rssreview import checks, evidence
from rssreview.evidence import EvidenceError
from rssreview.evidence.new_cycle import new_cycle


def test_new_cycle_adds_a_row_and_draft_ratings(tables_dir):
    count = new_cycle("2022-09", published="2022-09-30", source_url="https://www.cqc.org.uk/new", folder=tables_dir)
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


@pytest.mark.parametrize(
    "cycle,options,column",
    [
        ("Sept-2022", {}, "cycle_id"),
        ("2022-13", {"title": "A title"}, "cycle_id"),
        ("2022-09", {"published": "2022-02-30"}, "publication_date"),
        ("2022-09", {"source_url": "cqc.org.uk"}, "source_url"),
        ("2022-09", {"data_month": "June 2022"}, "data_month"),
        ("2022-09", {"title": "  "}, "title"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_read_or_written(tables_dir, monkeypatch, cycle, options, column):
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
        new_cycle(
            "2022-09",
            published="2022-09-30",
            source_url="https://www.cqc.org.uk/new",
            data_month="2030-01",
            folder=tables_dir,
        )
    assert [(p.file, p.column) for p in err.value.problems] == [(f"{tables_dir.as_posix()}/cycles.csv", "data_month")]
    assert {p.name: p.read_bytes() for p in tables_dir.iterdir()} == before


def _cli(root, *args):
    import os
    import subprocess
    import sys

    env = {**os.environ, "RSSREVIEW_ROOT": str(root)}
    env.pop("RSSREVIEW_CYCLE", None)
    return subprocess.run(
        [sys.executable, "-m", "rssreview", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_a_cycle_added_by_rows_alone_keeps_unchanged_ratings_on_earlier_evidence(tmp_path):
    """The real tables in a temporary copy: new-cycle, then rows only (no overrides). The unchanged ratings
    validate on the evidence carried forward, and each recommendation shows new and carried-forward items apart."""
    import csv
    import shutil

    from rssreview.evidence import progress, rules
    from rssreview.paths import DATA, QUARTO_YML
    from rssreview.present import themes

    folder = tmp_path / "data" / "evidence"
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("raw"))
    shutil.copy(QUARTO_YML, tmp_path / "_quarto.yml")  # validate reads every setting too
    result = _cli(
        tmp_path,
        "new-cycle",
        "2022-09",
        "--published",
        "2022-09-30",
        "--source-url",
        "https://www.cqc.org.uk/publications/new-progress-report",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    path = folder / "ratings.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["cycle_id"] == "2022-09":
            assert row["review_state"] == "draft" and row["reason"].startswith("Draft copied from 2022-03")
            row["review_state"] = "final"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(EvidenceError, match="expected the reviewed reason on a final row"):
        evidence.load(folder)  # the draft text must be rewritten before a row is final
    for row in rows:
        if row["cycle_id"] == "2022-09":
            row["reason"] = "Reviewed: unchanged since the previous report."
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with (folder / "evidence.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "E900,2022-09,7,inspection,Staffing was still short in the services CQC visited.,none seen,"
            "2022-09-30,https://www.cqc.org.uk/publications/new-progress-report,confirmed\n"
        )

    tables = evidence.load(folder)  # validates: no override_reason anywhere in the new cycle
    new = tables.ratings[tables.ratings["cycle_id"] == "2022-09"]
    assert (new["override_reason"] == "").all() and len(new) == 17
    staff = progress.evidence_for(tables, "2022-09", 7)
    assert staff["carried"].any() and (~staff["carried"]).any()
    text = themes.recommendation_section(tables, "2022-09", 7).data
    assert "#### New for this report" in text and "#### Carried forward from the report of" in text
    assert "We hold no evidence" not in text
    for rec in (6, 9, 10, 12):
        assert progress.support(tables, "2022-09", rec)[0] == rules.AS_PUBLISHED
        section = themes.recommendation_section(tables, "2022-09", rec).data
        assert "none held here reports this report's rating" in section
    assert _cli(tmp_path, "validate").returncode == 0
