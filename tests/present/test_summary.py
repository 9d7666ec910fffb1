"""The summary's words, counts and lists come from the ratings table and follow its edits."""

from __future__ import annotations

import csv
from pathlib import Path

from evidence_fixture import ROWS, write_tables

from rssreview import evidence
from rssreview.present import summary


def test_headline_counts_come_from_the_ratings(tables):
    text = summary.headline(tables, "2022-03").data
    assert "found that none of the 2 recommendations" in text
    assert "The report rated **1** partly achieved and **1** not achieved." in text
    assert "published on 25 March 2022" in text and "held here for this report describe February 2022" in text


def test_unrated_cycle_says_so(tables):
    text = summary.headline(tables, "2021-12").data
    assert "did not rate each recommendation" in text and "Not rated" in text and "*(uncertain)*" in text


def test_editing_one_rating_changes_exactly_the_affected_text(tmp_path: Path):
    rows = {k: [list(r) for r in v] for k, v in ROWS.items()}
    before = evidence.load(write_tables(tmp_path / "a", rows))
    rows["ratings"][3][2] = "achieved"
    rows["evidence"][1][5] = "clear"
    after = evidence.load(write_tables(tmp_path / "b", rows))
    assert summary.headline(before, "2022-03").data != summary.headline(after, "2022-03").data
    assert "The report rated **1** achieved and **1** not achieved." in summary.headline(after, "2022-03").data
    assert "Recommendation 2" in summary.status_lists(after, "2022-03").data
    assert (
        summary.changes_since_previous(before, "2022-03").data == summary.changes_since_previous(after, "2022-03").data
    )


def test_counts_table_and_csv_agree(tables, figures_in_tmp):
    table = summary.counts_table(tables, "2022-03").data
    assert "Partly achieved" in table and r"[Download this table \(CSV\)](../figures/2022-03/" in table
    with (figures_in_tmp / "2022-03" / "status-counts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + int(row["recommendations"])
    assert counts == {"achieved": 0, "partly achieved": 1, "not achieved": 1, "not rated": 0}


def test_chart_has_alt_text_with_the_counts_and_a_zero_baseline(tables, figures_in_tmp):
    out = summary.counts_chart(tables, "2022-03")
    assert out.alt.endswith(
        "achieved: 0; partly achieved: 1 (1 confirmed); not achieved: 1 (1 confirmed); not rated: 0."
    )
    assert out.spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 2]
    assert set(out.data["Certainty"]) <= {"confirmed", "inferred", "uncertain"}
    bundle, _ = out._repr_mimebundle_()
    assert "text/html" not in bundle, "Quarto would load require.js and jQuery from a CDN"
    assert bundle["image/svg+xml"].startswith("<svg")
    image = bundle["text/markdown"].split("\n", 1)[0]
    assert image.startswith("![](../figures/2022-03/status-chart-2022-03.svg){.rss-chart ")
    assert "|---|" in bundle["text/markdown"] or "|:---|" in bundle["text/markdown"], "short separators"
    assert (figures_in_tmp / "2022-03" / "status-chart-2022-03.svg").exists()
    assert "status_certainty" in (figures_in_tmp / "2022-03" / "status-counts.csv").read_text(encoding="utf-8")


def test_a_new_cycle_added_by_rows_alone_shows_its_changes(tmp_path: Path):
    rows = {k: [list(r) for r in v] for k, v in ROWS.items()}
    url = "https://www.cqc.org.uk/example"
    rows["cycles"].append(["2022-09", "Progress report (September 2022)", "2022-09-30", "2022-06", "2022-03", url])
    rows["ratings"] += [
        ["2022-09", "1", "partly achieved", "confirmed", "Some impact now.", url, "", "final"],
        ["2022-09", "2", "partly achieved", "confirmed", "Still some.", url, "", "final"],
    ]
    rows["evidence"] += [
        ["E003", "2022-09", "1", "inspection", "Fewer restraints seen.", "some", "2022-08", url, "confirmed"],
        ["E004", "2022-09", "2", "stakeholders", "Training continues.", "some", "2022-08", url, "confirmed"],
    ]
    tables = evidence.load(write_tables(tmp_path / "c", rows))
    assert tables.latest_cycle() == "2022-09"
    text = summary.changes_since_previous(tables, "2022-09").data
    assert "one rating has changed" in text
    assert "Recommendation 1: from [Not achieved]" in text and "to [Partly achieved]" in text


def test_key_messages_come_from_the_table_with_certainty_and_sources(real_tables):
    text = summary.key_messages(real_tables, "2022-03").data
    messages = real_tables.key_messages
    rows = messages[(messages["cycle_id"] == "2022-03") & (messages["section"] == "finding")]
    assert text.count("\n- ") == len(rows) >= 5
    assert "*(uncertain)*" in text and "*(confirmed)*" in text and "Sources: [" in text
    assert "Not one of the 17 recommendations had been achieved" in text


def test_every_cycle_has_key_messages(real_tables):
    assert set(real_tables.key_messages["cycle_id"]) == set(real_tables.cycles["cycle_id"])


def test_counts_table_marks_each_rating_with_its_certainty(real_tables, figures_in_tmp):
    frame = summary.counts_frame(real_tables, "2022-03").set_index("Status")
    column = "Recommendations (certainty of each rating)"
    assert frame.loc["Partly achieved", column] == "6, 9, 10 and 12 (inferred)"
    assert frame.loc["Not achieved", column].endswith("16 and 17 (inferred)")
    december = summary.counts_frame(real_tables, "2021-12").set_index("Status")
    assert december.loc["Not rated", column].endswith("(uncertain)")
    summary.counts_table(real_tables, "2022-03")
    with (figures_in_tmp / "2022-03" / "status-counts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"status": "partly achieved", "status_certainty": "inferred", "recommendations": "4"} in [
        {k: r[k] for k in ("status", "status_certainty", "recommendations")} for r in rows
    ]


def test_what_happens_next_gives_governance_who_acts_and_the_next_report_with_sources(real_tables):
    text = summary.what_happens_next(real_tables, "2022-03").data.replace("\\", "")
    assert "Building the Right Support delivery board" in text and "mental ill health" in text
    assert "Who must act" in text and "No later progress report is known" in text
    assert text.count("Sources: [") == text.count("\n- ") + 1 and "*(uncertain)*" in text
    december = summary.what_happens_next(real_tables, "2021-12").data.replace("\\", "")
    assert (
        "The next report held here is *Restraint, segregation and seclusion review: Progress report (March 2022)*"
        in (december)
    )


def test_the_evidence_balance_caveat_is_where_ratings_are_explained(real_tables):
    from rssreview.present import method

    for shown in (summary.uncertainty_note(real_tables, "2022-03"), method.rule_text(real_tables, "2022-03")):
        text = shown.data.replace("\\", "")
        assert "leans towards people with a learning disability and autistic people" in text
