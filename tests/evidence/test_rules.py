"""The rating rule: what counts as impact, what accumulates, what is later commentary, what is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rssreview import evidence
from rssreview.evidence import EvidenceError, progress, rules


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(folder: Path, name: str, line: str) -> None:
    with (folder / f"{name}.csv").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def _problems(folder: Path) -> str:
    with pytest.raises(EvidenceError) as caught:
        evidence.load(folder)
    return str(caught.value)


RESTATEMENT = "E002,2022-03,2,lived experience,Some staff were better trained.,some,2022-01-15"


def test_a_restatement_of_a_rating_never_counts_as_impact(tables_dir):
    _edit(
        tables_dir,
        "evidence",
        RESTATEMENT,
        "E002,2022-03,2,published rating,A summary lists it as partly achieved.,none seen,2022-01-15",
    )
    tables = evidence.load(tables_dir)
    kind, rule = progress.support(tables, "2022-03", 2)
    assert (kind, rule) == (rules.AS_PUBLISHED, "not achieved")
    assert rules.expected_status([]) == "not achieved"


def test_a_restatement_published_after_the_report_is_later_commentary_and_says_so(tables_dir):
    """A summary dated after the report is later commentary even though it restates the rating."""
    _edit(
        tables_dir,
        "evidence",
        RESTATEMENT,
        "E002,2022-03,2,published rating,A summary lists it as partly achieved.,none seen,2022-05",
    )
    tables = evidence.load(tables_dir)
    assert progress.evidence_for(tables, "2022-03", 2)["role"].tolist() == [rules.LATER]
    assert progress.support(tables, "2022-03", 2) == (rules.AS_REPORTED_LATER, "not achieved")


def test_a_restatement_tagged_as_impact_is_refused(tables_dir):
    _edit(
        tables_dir,
        "evidence",
        RESTATEMENT,
        "E002,2022-03,2,published rating,A summary lists it as partly achieved.,some,2022-01-15",
    )
    assert re.search(
        r"evidence\.csv, row 3, column impact: expected 'none seen' for a published rating", _problems(tables_dir)
    )


def test_a_rating_whose_only_support_is_a_restatement_fails_without_the_published_kind(tables_dir):
    """With the restatement removed, nothing supports 'partly achieved': the load names the rating."""
    _edit(
        tables_dir,
        "evidence",
        RESTATEMENT,
        "E002,2022-03,2,lived experience,Staff were as before.,none seen,2022-01-15",
    )
    assert re.search(
        r"ratings\.csv, row 5, column status: expected .*; found 'partly achieved', which contradicts the evidence",
        _problems(tables_dir),
    )


def test_evidence_dated_after_the_report_is_later_commentary_outside_the_rating_basis(tables_dir):
    _edit(tables_dir, "evidence", RESTATEMENT, "E002,2022-03,2,lived experience,Later staff were better.,some,2022-05")
    message = _problems(tables_dir)
    assert "found 'partly achieved', which contradicts the evidence for recommendation 2" in message
    _edit(tables_dir, "ratings", "2022-03,2,partly achieved", "2022-03,2,not achieved")
    held = progress.evidence_for(evidence.load(tables_dir), "2022-03", 2)
    assert held["role"].tolist() == [rules.LATER]


def test_the_achieved_step_is_marked_as_the_projects_extension():
    assert rules.RULE_ORIGIN["none seen"] == rules.RULE_ORIGIN["some"] == "CQC's stated rule"
    assert "extension" in rules.RULE_ORIGIN["clear"]


def test_evidence_accumulates_and_a_superseded_item_stops_counting(tables_dir):
    # Move the 'some' item to the earlier cycle: it is carried forward and still supports 'partly achieved'.
    _edit(tables_dir, "evidence", "E002,2022-03,2,", "E002,2021-12,2,")
    _edit(tables_dir, "evidence", "2022-01-15", "2021-11-15")
    tables = evidence.load(tables_dir)
    held = progress.evidence_for(tables, "2022-03", 2)
    assert held["carried"].tolist() == [True] and progress.support(tables, "2022-03", 2)[0] == rules.BY_RULE
    (tables_dir / "superseded.csv").write_text(
        "evidence_id,cycle_id,reason\nE002,2022-03,Replaced by a newer account.\n", encoding="utf-8"
    )
    assert "found 'partly achieved', which contradicts the evidence for recommendation 2" in _problems(tables_dir)


def test_leftover_draft_text_is_refused_on_a_final_row(tables_dir):
    _edit(tables_dir, "ratings", "No impact seen.", "Draft copied from 2021-12 for review: No impact seen.")
    assert re.search(
        r"ratings\.csv, row 4, column reason: expected the reviewed reason on a final row", _problems(tables_dir)
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("2022-03-25,2022-02,", "2022-03-25,2022-03,", "expected a month before the publication month"),
        ("2022-03-25,2022-02,", "2022-03-25,2021-08,", "expected no earlier than the previous cycle's data month"),
    ],
)
def test_data_month_is_checked(tables_dir, old, new, expected):
    _edit(tables_dir, "cycles", old, new)
    assert re.search(rf"cycles\.csv, row 3, column data_month: {expected}", _problems(tables_dir))


def test_data_month_covers_the_national_figures_the_cycle_cites(tables_dir):
    _append(
        tables_dir,
        "evidence",
        "E003,2022-03,1,national data,A figure.,none seen,2022-03,https://www.cqc.org.uk/example,confirmed",
    )
    assert "expected at least the latest month of national data the cycle cites (2022-03)" in _problems(tables_dir)


@pytest.mark.parametrize(
    "url",
    [
        "https://staging-mr.mills-reeve.com/insights",
        "https://www.staging.medscape.com/viewarticle/1",
        "https://cqc.org.uk./publications",
        "https://gl-cqc.axis12.com/publications",
    ],
)
def test_staging_and_unlisted_hosts_are_refused(tables_dir, url):
    _edit(tables_dir, "evidence", "none seen,2022-03,https://www.cqc.org.uk/example", f"none seen,2022-03,{url}")
    assert re.search(r"evidence\.csv, row 2, column source_url: expected (the|a host)", _problems(tables_dir))


def test_every_real_source_address_is_on_the_allowed_list(real_tables):
    """The load checks every address; this names the tables it covered, so a table left out is noticed."""
    from rssreview.evidence import sources
    from rssreview.national import load_national_figures

    checked = 0
    for frame in (
        real_tables.evidence,
        real_tables.ratings,
        real_tables.recommendations,
        real_tables.themes,
        real_tables.cycles,
        real_tables.key_messages,
        real_tables.glossary,
        real_tables.pseudonyms,
    ):
        for column in [c for c in frame.columns if "url" in c or c == "sources"]:
            for cell in frame[column]:
                for url in sources.addresses(cell):
                    assert sources.host_problem(url) is None, url
                    checked += 1
    for url in load_national_figures()["source_url"]:
        assert sources.host_problem(url) is None, url
        checked += 1
    assert checked > 300


def test_real_partly_achieved_ratings_rest_only_on_later_commentary(real_tables):
    """Recommendations 6, 9, 10 and 12: their only support is April and May 2022 summaries, after the report."""
    for rec in (6, 9, 10, 12):
        kind, rule = progress.support(real_tables, "2022-03", rec)
        assert (kind, rule) == (rules.AS_REPORTED_LATER, "not achieved")
        held = progress.evidence_for(real_tables, "2022-03", rec)
        assert not (held.loc[held["role"] == rules.BASIS, "impact"] != "none seen").any()
        assert set(held.loc[held["kind"] == "published rating", "role"]) == {rules.LATER}


def test_real_law_firm_summaries_are_published_ratings_dated_after_the_report(real_tables):
    items = real_tables.evidence[
        real_tables.evidence["source_url"].str.contains("mills-reeve.com/insights/blogs/health-and-care/may-2022")
    ]
    assert set(items["kind"]) == {"published rating"} and set(items["evidence_date"]) == {"2022-05"}


def test_a_finding_read_on_the_reports_own_pages_carries_the_reports_date(tables_dir):
    """The report's date lives in cycles.csv only: a page of the report dated two days early is refused."""
    _edit(tables_dir, "evidence", RESTATEMENT, RESTATEMENT.replace("2022-01-15", "2022-03-23"))
    assert re.search(
        r"evidence\.csv, row 3, column evidence_date: expected the 2022-03 report's own date from cycles\.csv "
        r"\(2022-03-25\)",
        _problems(tables_dir),
    )
