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

from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.rules import AS_PUBLISHED, AS_REPORTED_LATER, RULE_ORIGIN, STATUS_FOR_IMPACT
from rssreview.files import write_if_changed
from rssreview.present import datapackage, words
from rssreview.present import status as marks
from rssreview.present.text import workbook_line_link, workbook_link, workbook_text
from rssreview.publication import settings

#: Each dataset's name in words (the About page's data-quality section names them so).
DATASET_NAMES = {
    "AT": "Assuring Transformation (NHS Digital)",
    "MHSDS-LDA": "Mental Health Services Data Set, learning disability and autism (NHS Digital)",
    "SEND": "Local area SEND inspections (Ofsted and CQC)",
}
LICENCE_CREDIT = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)."
)


def contact() -> str:
    """Who made the workbook: the publisher set in _quarto.yml, and that it is not CQC's."""
    return f"Produced by {settings().author}, an independent rebuild; not an official CQC publication."


#: Note reference → text; each is referenced from a table, so gptables numbers them in reading order.
NOTES = {
    "evidence_confidence": (
        "Certainty of statuses, labels, chapters, evidence and national figures: one vocabulary for all. "
        "Confirmed: a cited source states it directly. "
        "Inferred: no source states it, and the project worked it out from what the sources do say (for a national "
        "figure, usually the month it describes). "
        "Uncertain: the sources are incomplete, approximate, indirect or disagree, so treat it with caution."
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


#: How a date cell shows: the UK's day, month in words and year ("31 March 2021"); the cell holds a real date.
DATE_FORMAT = "d mmmm yyyy"


def workbook_date(value: object) -> object:
    """An ISO date from a download as a real date (shown with DATE_FORMAT); a year-month, which no date cell
    can hold without inventing a day, as the month in words ("November 2021"); nothing as "Not applicable"."""
    if not isinstance(value, str) or not value:
        return "Not applicable"
    return words.long_date(value) if len(value) == 7 else dt.date.fromisoformat(value)


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
        "a status that departs from the rule for another reason has that reason printed in the book. "
        "Not rated: the report is not known to have given the recommendation a status of its own; the reason "
        "column says why."
    )


def report_month(tables: EvidenceTables, cycle_id: str) -> str:
    """'March 2022': the month a cycle's report was published, used to name it."""
    return words.long_date(tables.cycle(cycle_id)["publication_date"][:7])


def link(url: str) -> dict[str, str]:
    """A cell gptables writes as a working hyperlink that shows the address itself (http and https only)."""
    return workbook_link(url, url)


def sheet_frame(resource: datapackage.Resource, frame: pd.DataFrame) -> pd.DataFrame:
    """A download's tidy frame as a worksheet: the same rows and columns, headed by the fields' titles; addresses
    as links, dates as date cells, yes or no for true or false, and a word (never a blank cell) where a value is
    empty."""
    out = pd.DataFrame(index=frame.index)
    for spec in resource.fields:
        values = frame[spec.name]
        if spec.unit == "date":  # ISO in the CSVs; a real date cell here
            values = values.map(workbook_date)
        elif spec.type == "boolean":
            values = values.map({True: "Yes", False: "No"})
        elif spec.type == "string":
            values = values.map(lambda v: workbook_text(v) if isinstance(v, str) and v else (v or "Not applicable"))
            if spec.name == "source_url":
                values = values.map(lambda v: link(v) if str(v).startswith("http") else v)
        out[spec.title] = values
    return out.reset_index(drop=True)


def table_sheets(tables: EvidenceTables, cycle_id: str, frames: dict[str, pd.DataFrame]) -> dict[str, gpt.GPTable]:
    """One sheet per download, in the Data Package's order, each named in words."""
    cycle = tables.cycle(cycle_id)
    when = f"{report_month(tables, cycle_id)} report"
    report_source = workbook_line_link(
        f"Source: CQC progress report, {report_month(tables, cycle_id)}, and the publications it cites",
        cycle["source_url"],
    )
    sheets = {}
    for number, resource in enumerate(datapackage.RESOURCES, start=1):
        frame = sheet_frame(resource, frames[resource.name])
        if frame.empty:
            frame = pd.DataFrame({spec.title: ["No figure for this report"] for spec in resource.fields})
        counts = [f.title for f in resource.fields if f.type == "integer" and f.unit]
        dates = [f.title for f in resource.fields if f.unit == "date"]
        has_sources = any(f.name == "source_url" for f in resource.fields)
        sheets[resource.sheet] = gpt.GPTable(
            frame,
            table_name=resource.name.replace("-", "_"),
            title=f"Table {number}: {resource.title}, {when}",
            subtitles=[f"{resource.description} {resource.where_shown()} Data file: {resource.path}."],
            source="Source: the publication linked in each row" if has_sources else report_source,
            table_notes={f.title: f"$${f.note}$$" for f in resource.fields if f.note},
            additional_formatting=[
                {"column": {"columns": [frame.columns.get_loc(c)], "format": {"num_format": number_format}}}
                for columns, number_format in ((counts, "#,##0"), (dates, DATE_FORMAT))
                for c in columns
            ],
        )
    return sheets


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
    """The notes the sheets reference (gptables numbers them in reading order)."""
    notes = NOTES | {"rating_rule": rating_rule_note(), "chapter": chapter_note(tables)}
    used = {f.note for r in datapackage.RESOURCES for f in r.fields if f.note}
    notes = {key: text for key, text in notes.items() if key in used}
    return pd.DataFrame({"Note reference": list(notes), "Note text": list(notes.values())})


def cover(tables: EvidenceTables, cycle_id: str) -> gpt.Cover:
    cycle = tables.cycle(cycle_id)
    return gpt.Cover(
        title=workbook_text(f"Tables: {cycle['title']}"),
        intro=[
            f"This workbook holds the data behind every table and chart of {settings().author}'s independent, "
            "reproducible rebuild of the Care Quality Commission's progress report, one table to a worksheet. "
            "It is not an official CQC publication.",
            f"The report it rebuilds was published on {words.long_date(cycle['publication_date'])}.",
            workbook_line_link("Read the original report on the CQC website", cycle["source_url"]),
        ],
        about=[
            "Each worksheet holds one of the CSV files of the same release (named under its title), with the same "
            "rows and columns; datapackage.json describes them. National figures are for periods up to "
            f"{words.long_date(cycle['data_month'])}.",
            "Sources: the CQC report, the publications it cites, and NHS Digital, Ofsted and CQC statistics. "
            "Every row of tables 3 and 4 links to its own source.",
            "Every status, evidence item and national figure carries one certainty word (confirmed, inferred or "
            "uncertain), defined on the Notes worksheet with the rule that turns evidence into a status.",
        ],
        contact=[contact(), LICENCE_CREDIT],
    )


def build_workbook(
    tables: EvidenceTables,
    cycle_id: str,
    dest: Path,
    edition: dt.date,
    frames: dict[str, pd.DataFrame] | None = None,
) -> Path:
    """Write dest/rss-progress-report-tables-<cycle>.xlsx; the same inputs always give the same bytes.

    The sheets hold the downloads' tidy frames (`frames`, built here when not given). xlsxwriter already
    fixes the zip entry dates; the creation date in docProps/core.xml is this edition's date (`edition`,
    from rssreview.book.edition), never now, and the creator is the publisher. The file is rewritten only
    if it changes.
    """
    cycle = tables.cycle(cycle_id)
    frames = datapackage.frames(tables, cycle_id) if frames is None else frames
    buffer = io.BytesIO()
    workbook = gpt.produce_workbook(
        buffer,
        sheets=table_sheets(tables, cycle_id, frames),
        cover=cover(tables, cycle_id),
        contentsheet_options={"additional_elements": ["subtitles"]},
        notes_table=notes_table(tables),
        workbook_options=WORKBOOK_OPTIONS,
    )
    workbook.set_properties(
        {
            "title": f"Tables: {cycle['title']} (an independent rebuild)",
            "author": settings().author,
            "company": settings().author,
            "comments": f"{contact()} {LICENCE_CREDIT}",
            "created": dt.datetime.combine(edition, dt.time()),
        }
    )
    workbook.close()
    return write_if_changed(Path(dest) / workbook_name(cycle_id), buffer.getvalue())
