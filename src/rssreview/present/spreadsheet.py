"""All the report's tables in one accessible spreadsheet, laid out as the GSS guidance asks.

"Releasing statistics in spreadsheets" wants a cover, contents and notes sheet, one table
per sheet with a title saying what, where and when, a source line, notes referenced from the
table, numbers stored as numbers and no blank cells. gptables does the layout; this module
supplies the content, computed from the evidence and national tables rather than from the
chapters' CSV files, so the workbook is complete without executing a notebook.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import gptables as gpt
import pandas as pd

from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.rules import AS_PUBLISHED, AS_REPORTED_LATER, RULE_ORIGIN, STATUS_FOR_IMPACT
from rssreview.files import write_if_changed
from rssreview.national import load_national_figures, measures
from rssreview.national.periods import parse_month
from rssreview.present import status as marks
from rssreview.present import words
from rssreview.present.text import workbook_line_link, workbook_link, workbook_text

DATASET_NAMES = {
    "AT": "Assuring Transformation (NHS Digital)",
    "MHSDS-LDA": "Mental Health Services Data Set, learning disability and autism (NHS Digital)",
    "SEND": "Local area SEND inspections (Ofsted and CQC)",
}
SOURCE_KINDS = {"official": "Official release", "third-party quote": "Quoted by a third party"}
CONTACT = "Produced by the rssreview project; not an official CQC publication."

#: Note reference → text; each is referenced from a table, so gptables numbers them in reading order.
NOTES = {
    "evidence_confidence": (
        "Certainty of statuses, labels, chapters, evidence and national figures: one vocabulary for all. "
        "Confirmed: a cited source states it directly. "
        "Inferred: no source states it, and the project worked it out from what the sources do say (for a national "
        "figure, usually the month it describes). "
        "Uncertain: the sources are incomplete, approximate, indirect or disagree, so treat it with caution."
    ),
    "not_rated": (
        "Not rated: the report is not known to have given this recommendation a status of its own; "
        "the reason column says why."
    ),
    "at_series": (
        "Assuring Transformation totals as first published and as revised later are different series: "
        "later releases add late returns to earlier months. Do not join or compare the two series."
    ),
    "source_kind": (
        "Quoted by a third party: the figure is taken from a charity, blog, news report or parliamentary answer "
        "that quotes the official statistics, not from the official release itself."
    ),
    "rounding": (
        "NHS Digital rounds many of its counts to the nearest 5, so parts may not add up to their totals. "
        "No value in this workbook is suppressed or missing."
    ),
}


#: Every cell is written as what it is: text stays text (never a formula or an automatic link).
WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def workbook_name(cycle_id: str) -> str:
    return f"rss-progress-report-tables-{cycle_id}.xlsx"


def rating_rule_note() -> str:
    """The rating rule in words, generated from the rule validation enforces so the two cannot differ."""
    steps = "; ".join(
        f"{impact} gives '{status}' ({RULE_ORIGIN[impact]})" for impact, status in STATUS_FOR_IMPACT.items()
    )
    return (
        "How a status follows from the evidence: the strongest effect on people's lives among the evidence "
        f"held for a recommendation, up to the report's date, decides it ({steps}). Sources that only report "
        "the published rating, and items published after the report, do not count. Where a status rests only "
        f"on a source that repeats the rating, the book says '{marks.SUPPORT_WORDS[AS_PUBLISHED]}', or "
        f"'{marks.SUPPORT_WORDS[AS_REPORTED_LATER]}' when every such source came out after the report; "
        "a status that departs from the rule for another reason has that reason printed in the book."
    )


def report_month(tables: EvidenceTables, cycle_id: str) -> str:
    """'March 2022': the month a cycle's report was published, used to name it."""
    return words.long_date(tables.cycle(cycle_id)["publication_date"][:7])


def status_table(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """Table 1: how many recommendations have each status, and which ones."""
    counts = progress.status_counts(tables, cycle_id)
    certainty = progress.ratings_for(tables, cycle_id).set_index("rec_id")["status_confidence"]
    return pd.DataFrame(
        {
            "Status": counts["status"].str.capitalize(),
            "Number of recommendations": counts["count"].astype("int64"),
            "Recommendations (certainty)": [
                marks.marked_numbers((r, certainty[r]) for r in recs) or "None" for recs in counts["recommendations"]
            ],
        }
    )


def recommendations_table(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """Table 2: every recommendation with its chapter and its status in each report up to this one."""
    recs = tables.recommendations
    themes = tables.themes.set_index("theme_id")
    frame = pd.DataFrame(
        {
            "Recommendation": recs["rec_id"].astype("int64"),
            "Label": recs["short_label"].map(workbook_text),
            "Label confidence": recs["label_confidence"].str.capitalize(),
            "Chapter": recs["theme_id"].map(themes["title"]).map(workbook_text),
            "Chapter confidence": recs["theme_confidence"].str.capitalize(),
        }
    )
    for cycle in tables.cycles_up_to(cycle_id):
        ratings = progress.ratings_for(tables, cycle).set_index("rec_id")
        month = report_month(tables, cycle)
        frame[f"Status, {month} report"] = frame["Recommendation"].map(ratings["status"]).str.capitalize()
        frame[f"Status certainty, {month} report"] = (
            frame["Recommendation"].map(ratings["status_confidence"]).str.capitalize()
        )
    current = progress.ratings_for(tables, cycle_id).set_index("rec_id")
    frame["Reason for the status"] = frame["Recommendation"].map(current["reason"]).map(workbook_text)
    return frame.sort_values("Recommendation", kind="stable").reset_index(drop=True)


def link(url: str) -> dict[str, str]:
    """A cell gptables writes as a working hyperlink that shows the address itself (http and https only)."""
    return workbook_link(url, url)


def evidence_table(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """Table 3: the evidence items behind this report's statuses."""
    items = progress.evidence_for(tables, cycle_id)
    role = {
        "basis": "Yes",
        "published": "No: only reports the published rating",
        "later": "No: published after the report",
    }
    return pd.DataFrame(
        {
            "Recommendation": items["rec_id"].astype("int64"),
            "Kind of evidence": items["kind"].str.capitalize(),
            "Summary": items["summary"].map(workbook_text),
            "Impact on people's outcomes": items["impact"].str.capitalize(),
            "Date": items["evidence_date"],
            "Source": items["source_url"].map(link),
            "Confidence": items["confidence"].str.capitalize(),
            "New or carried forward": items["carried"].map(
                {False: "New for this report", True: "Carried forward from an earlier report"}
            ),
            "Counts towards the rule": items["role"].map(role),
        }
    )


def national_table(data_month: str) -> pd.DataFrame:
    """Table 4: the embedded national figures for periods ending on or before the cycle's data month."""
    figures = load_national_figures()
    figures = figures[figures["period_end"] <= pd.Timestamp(parse_month(data_month))]
    figures = figures.sort_values(["dataset", "measure", "period_end"], kind="stable")
    return pd.DataFrame(
        {
            "Dataset": figures["dataset"].map(DATASET_NAMES),
            "Measure": [workbook_text(name) for name in measures.names(figures["dataset"], figures["measure"])],
            "Period end": figures["period_end"].dt.strftime("%Y-%m-%d"),
            "Number": figures["value"],
            "Source type": figures["source_kind"].map(SOURCE_KINDS),
            "Confidence": figures["confidence"].str.capitalize(),
            "Why not confirmed": [
                workbook_text(note) if level != "confirmed" else marks.CERTAINTY_MEANING["confirmed"].capitalize()
                for note, level in zip(figures["note"], figures["confidence"])
            ],
            "Source": figures["source_url"].map(link),
        }
    ).reset_index(drop=True)


def number_format(frame: pd.DataFrame, column: str) -> list[dict]:
    """Thousands separators on a count column (by position, since note marks change the heading)."""
    return [{"column": {"columns": [frame.columns.get_loc(column)], "format": {"num_format": "#,##0"}}}]


def table_sheets(tables: EvidenceTables, cycle_id: str) -> dict[str, gpt.GPTable]:
    """The four table sheets, in the order the contents sheet lists them."""
    cycle = tables.cycle(cycle_id)
    when = f"{report_month(tables, cycle_id)} report"
    report_source = workbook_line_link(
        f"Source: CQC progress report, {report_month(tables, cycle_id)}, and the publications it cites",
        cycle["source_url"],
    )
    counts = status_table(tables, cycle_id)
    recs = recommendations_table(tables, cycle_id)
    evidence = evidence_table(tables, cycle_id)
    national = national_table(cycle["data_month"])
    first, last = national["Period end"].min(), national["Period end"].max()
    status_columns = [c for c in recs.columns if c.startswith("Status, ")]
    certainty_columns = [c for c in recs.columns if c.startswith("Status certainty, ")]
    return {
        "Status_counts": gpt.GPTable(
            counts,
            table_name="status_counts",
            title=f"Table 1: Recommendations by progress status, England, {when}",
            subtitles=[f"All {len(recs)} recommendations of the review, counted by their status in the {when}."],
            source="Source: rssreview evidence tables, built from the report and the publications it cites",
            table_notes={"Status": "$$rating_rule$$"},
            additional_formatting=number_format(counts, "Number of recommendations"),
        ),
        "Recommendations": gpt.GPTable(
            recs,
            table_name="recommendations",
            title=f"Table 2: Every recommendation with its status in each report, England, up to the {when}",
            subtitles=["One row per recommendation, with the chapter it sits in and the reason for its latest status."],
            source=report_source,
            table_notes={
                "Label confidence": "$$evidence_confidence$$",
                "Chapter": "$$chapter$$",
                "Chapter confidence": "$$evidence_confidence$$",
                status_columns[0]: "$$not_rated$$",
                certainty_columns[0]: "$$evidence_confidence$$",
            },
        ),
        "Evidence": gpt.GPTable(
            evidence,
            table_name="evidence",
            title=f"Table 3: Evidence behind the statuses, by recommendation, England, {when}",
            subtitles=[f"{len(evidence)} items of evidence, each with its date, source and confidence."],
            source="Source: the publication linked in each row",
            table_notes={"Impact on people's outcomes": "$$rating_rule$$", "Confidence": "$$evidence_confidence$$"},
        ),
        "National_figures": gpt.GPTable(
            national,
            table_name="national_figures",
            title=(
                f"Table 4: National figures on people with a learning disability and autistic people in "
                f"hospital, restraint and SEND inspections, England, periods ending {words.long_date(first)} "
                f"to {words.long_date(last)}"
            ),
            subtitles=[
                f"Figures for periods up to the last month of data the {when} draws on "
                f"({words.long_date(cycle['data_month'])})."
            ],
            source="Source: NHS Digital, Ofsted and CQC statistics, at the address in each row",
            table_notes={
                "Measure": "$$at_series$$",
                "Number": "$$rounding$$",
                "Source type": "$$source_kind$$",
                "Confidence": "$$evidence_confidence$$",
            },
            additional_formatting=number_format(national, "Number"),
        ),
    }


def chapter_note(tables: EvidenceTables) -> str:
    """What the chapter columns mean, naming the chapter titles that are ours rather than the report's."""
    working = tables.themes.loc[tables.themes["title_confidence"] != "confirmed", "title"].tolist()
    text = (
        "Chapter is the theme chapter of the report that discusses the recommendation; chapter confidence "
        "says how sure the placing is."
    )
    if working:
        text += (
            " These chapter titles are not confirmed as the report's own and are working titles: "
            + "; ".join(workbook_text(title) for title in working)
            + "."
        )
    return text


def notes_table(tables: EvidenceTables) -> pd.DataFrame:
    notes = NOTES | {"rating_rule": rating_rule_note(), "chapter": chapter_note(tables)}
    return pd.DataFrame({"Note reference": list(notes), "Note text": list(notes.values())})


def cover(tables: EvidenceTables, cycle_id: str) -> gpt.Cover:
    cycle = tables.cycle(cycle_id)
    return gpt.Cover(
        title=workbook_text(f"Tables: {cycle['title']}"),
        intro=[
            "This workbook holds every table of the rssreview project's reproducible rebuild of the Care Quality "
            "Commission's progress report, one table to a worksheet.",
            f"The report it rebuilds was published on {words.long_date(cycle['publication_date'])}.",
            workbook_line_link("Read the original report on the CQC website", cycle["source_url"]),
        ],
        about=[
            "Tables 1 and 2 give each recommendation's progress status; table 3 lists the evidence behind the "
            "statuses; table 4 gives the national NHS and inspection figures for periods up to "
            f"{words.long_date(cycle['data_month'])}.",
            "Sources: the CQC report, the publications it cites, and NHS Digital, Ofsted and CQC statistics. "
            "Every row of tables 3 and 4 links to its own source.",
            "Every status, evidence item and national figure carries one certainty word (confirmed, inferred or "
            "uncertain), defined on the Notes worksheet with the rule that turns evidence into a status.",
        ],
        contact=[CONTACT],
    )


def build_workbook(tables: EvidenceTables, cycle_id: str, dest: Path) -> Path:
    """Write dest/rss-progress-report-tables-<cycle>.xlsx; the same inputs always give the same bytes.

    xlsxwriter already fixes the zip entry dates; the creation date in docProps/core.xml is set
    to the report's publication date instead of now. The file is rewritten only if it changes.
    """
    cycle = tables.cycle(cycle_id)
    buffer = io.BytesIO()
    workbook = gpt.produce_workbook(
        buffer,
        sheets=table_sheets(tables, cycle_id),
        cover=cover(tables, cycle_id),
        contentsheet_options={"additional_elements": ["subtitles"]},
        notes_table=notes_table(tables),
        workbook_options=WORKBOOK_OPTIONS,
    )
    workbook.set_properties(
        {
            "title": f"Tables: {cycle['title']}",
            "author": "rssreview project",
            "comments": CONTACT,
            "created": dt.datetime.fromisoformat(cycle["publication_date"]),
        }
    )
    workbook.close()
    return write_if_changed(Path(dest) / workbook_name(cycle_id), buffer.getvalue())
