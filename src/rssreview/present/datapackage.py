"""Every data download, described once: the Frictionless Data Package of a cycle's CSV files.

Each `Resource` names a file, what it holds, where a reader meets it (the labels of the tables and charts that
show it, which the renderer numbers as it numbers their captions, or what else shows it), how to build its tidy
frame (rssreview.present.tidy) and its Table Schema: each field's type, meaning, unit and allowed values (the
rating and certainty words of the data dictionary), with primary and foreign keys. The pages' download links, the CSV files, the zip, the workbook's sheets
and `datapackage.json` are all made from this one list, so they cannot name different sets.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.vocabulary import CONFIDENCE, IMPACTS, KINDS, STATUSES
from rssreview.files import write_if_changed
from rssreview.national.measures import DATASETS  # the datasets national figures come from, named once
from rssreview.present import national_charts, tidy
from rssreview.present.display import data_csv
from rssreview.present.words import join_and
from rssreview.publication import settings

PACKAGE_FILE = "datapackage.json"
OGL = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
SOURCE_KINDS = ("official", "third-party quote")
#: What a cell label's prefix draws (Quarto's `fig-` and `tbl-`), in words.
FLOAT_WORDS = {"fig": "a chart", "tbl": "a table"}


@dataclass(frozen=True)
class Field:
    """One column of a download: its Table Schema type and what it means (`unit` for a count or date)."""

    name: str
    type: str
    title: str
    description: str
    enum: tuple[str, ...] = ()
    unit: str = ""
    required: bool = True
    pattern: str = ""
    #: A note on the workbook's notes sheet that explains the column (spreadsheet.NOTES).
    note: str = ""

    def schema(self) -> dict:
        out: dict = {"name": self.name, "type": self.type, "title": self.title, "description": self.description}
        if self.type == "date":
            out["format"] = "%Y-%m-%d"
        if self.type == "boolean":
            out["trueValues"], out["falseValues"] = ["True"], ["False"]
        if self.unit:
            out["unit"] = self.unit
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.type in ("integer", "number") and self.unit in ("count", "people", "local areas"):
            constraints["minimum"] = 0
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Resource:
    """One CSV download: file name, title, its sheet's name in words, where it appears and its schema.

    `shown_in` holds the labels (`fig-…`, `tbl-…`) of the cells that draw the file's data, and `shown` the chapter
    they are in, in words; a file no table or chart shows has no labels, and `shown` says what shows it instead.
    Pages cross-reference the labels, so a figure's number comes from where its caption's does, never from here.
    """

    name: str
    title: str
    sheet: str
    description: str
    shown: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    build: Callable[[EvidenceTables, str], pd.DataFrame]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    sources: tuple[str, ...] = field(default=())
    shown_in: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def where_shown(self) -> str:
        """Where the file is shown, for the workbook and `datapackage.json`, which cannot number a figure:
        "Shown in the summary chapter, as a chart and a table." """
        if not self.shown_in:
            return self.shown[0].upper() + self.shown[1:] + "."
        kinds = [FLOAT_WORDS[label.split("-", 1)[0]] for label in self.shown_in]
        return f"Shown in the {self.shown} chapter, as {join_and(kinds)}."

    def schema(self) -> dict:
        schema: dict = {
            "fields": [f.schema() for f in self.fields],
            "primaryKey": list(self.primary_key),
            "missingValues": [""],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(own), "reference": {"resource": other, "fields": list(theirs)}}
                for own, other, theirs in self.foreign_keys
            ]
        return schema


def _certainty(name: str, of: str) -> Field:
    return Field(
        name,
        "string",
        f"Certainty of the {of}",
        f"How sure the {of} is: confirmed (a cited source states it), inferred (worked out from what the sources "
        "say) or uncertain (the sources are incomplete, indirect or disagree).",
        enum=CONFIDENCE,
        note="evidence_confidence",
    )


REPORT_DATE = Field(
    "report_date", "date", "Report date", "The publication date of the progress report the row belongs to.", unit="date"
)
STATUS = Field(
    "status",
    "string",
    "Status",
    "The recommendation's progress status, in the report's words.",
    enum=STATUSES,
    note="rating_rule",
)
REC_ID = Field("rec_id", "integer", "Recommendation", "The recommendation's number in the review (1 to 17).")
SOURCE_URL = Field("source_url", "string", "Source", "Where the figure or item was published.", pattern="https?://.+")
PERIOD_END = Field("period_end", "date", "Period end", "The last day of the period the figure describes.", unit="date")
#: Why a figure is not confirmed, in the plain words of data/national/national_figures.csv's `reason` column (the
#: same words the text after each chart gives); empty for a confirmed figure, which has nothing to explain.
WHY_NOT_CONFIRMED = Field(
    "reason",
    "string",
    "Why not confirmed",
    "Why the figure is inferred or uncertain, in plain words; empty when it is confirmed.",
    required=False,
)


def _series_fields(value: Field, with_line: bool) -> tuple[Field, ...]:
    fields = [
        PERIOD_END,
        Field("series", "string", "Series", "Which series of the chart the figure belongs to.", note="at_series"),
        value,
        Field("series_version", "string", "Series version", "The comparable stretch of the dataset the month is in."),
        Field("coverage", "string", "Coverage", "What the figure counts, and who reported it."),
    ]
    if with_line:
        fields.append(
            Field(
                "line",
                "string",
                "Joined by a line",
                "The run of consecutive months the chart joins the point into, or why it is not joined.",
            )
        )
    return (*fields, _certainty("certainty", "figure"), WHY_NOT_CONFIRMED, SOURCE_URL)


def _count(name: str, title: str, unit: str, what: str) -> Field:
    return Field(name, "integer", title, what, unit=unit, note="rounding")


def _chart(name: str, title: str, sheet: str, shown: str, label: str, value: Field, with_line: bool) -> Resource:
    def build(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
        data, column = national_charts.chart_data(name, tables.cycle(cycle_id)["data_month"])
        return tidy.series(data, column)

    return Resource(
        name,
        title,
        sheet,
        f"The figures drawn in the chart '{title}', one row per point.",
        shown,
        _series_fields(value, with_line),
        ("period_end", "series"),
        build,
        shown_in=(label,),
    )


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "status-counts",
        "Recommendations by status and certainty",
        "Status counts",
        "How many of the 17 recommendations have each status in this report, split by the certainty of the rating; "
        "which recommendations they are is in all-recommendations.",
        "summary",
        (
            REPORT_DATE,
            STATUS,
            _certainty("status_certainty", "status"),
            Field("recommendations", "integer", "Number of recommendations", "How many recommendations.", unit="count"),
        ),
        ("report_date", "status", "status_certainty"),
        tidy.status_counts,
        shown_in=("fig-status-counts", "tbl-status-counts"),
    ),
    Resource(
        "indicator-changes",
        "Key national indicators available to each report",
        "Indicators by report",
        "The latest figure of each key national indicator that this report and the previous one could use.",
        "summary",
        (
            Field("indicator", "string", "Indicator", "The national indicator, with its dataset."),
            REPORT_DATE,
            PERIOD_END,
            _count("value", "Value", "count", "The figure, as published."),
            _certainty("certainty", "figure"),
            Field("source_url", "string", "Source", "Where the figure was published.", required=False),
        ),
        ("indicator", "report_date"),
        tidy.indicator_changes,
        shown_in=("tbl-indicator-changes",),
    ),
    Resource(
        "rating-rule",
        "The rating rule",
        "Rating rule",
        "How a status follows from the strongest effect on people's lives that the evidence shows.",
        "method",
        (
            Field(
                "strongest_impact",
                "string",
                "Strongest effect on people's lives",
                "The strongest effect on people's lives shown by the evidence.",
                enum=IMPACTS,
            ),
            STATUS,
            Field("origin", "string", "Where this step comes from", "The report's stated rule, or this rebuild's."),
        ),
        ("strongest_impact",),
        tidy.rating_rule,
        shown_in=("tbl-rating-rule",),
    ),
    Resource(
        "evidence-base",
        "Items of evidence by kind and certainty",
        "Evidence by kind",
        "How many items of evidence of each kind and certainty this report holds, new and carried forward.",
        "method",
        (
            REPORT_DATE,
            Field("kind", "string", "Kind of evidence", "What kind of source the item is.", enum=KINDS),
            _certainty("certainty", "item"),
            Field("items", "integer", "Items of evidence", "How many items.", unit="count"),
        ),
        ("report_date", "kind", "certainty"),
        tidy.evidence_base,
        shown_in=("tbl-evidence-base",),
    ),
    Resource(
        "evidence",
        "Evidence behind the statuses",
        "Evidence",
        "Every item of evidence held for this report, with its date, source, certainty and whether it counts "
        "towards the rating rule.",
        "no table or chart shows this file; the theme chapters list the same items in words",
        (
            Field("evidence_id", "string", "Evidence item", "The item's identifier in the evidence table."),
            REC_ID,
            REPORT_DATE,
            Field("kind", "string", "Kind of evidence", "What kind of source the item is.", enum=KINDS),
            Field("summary", "string", "Summary", "What the source says."),
            Field(
                "impact",
                "string",
                "Effect on people's lives",
                "The effect on people's lives the item shows.",
                enum=IMPACTS,
                note="rating_rule",
            ),
            Field(
                "evidence_date",
                "string",
                "Date of the evidence",
                "When the source was published, as an ISO 8601 date or, where only the month is known, year-month.",
                pattern=r"\d{4}-\d{2}(-\d{2})?",
                unit="date",
            ),
            _certainty("certainty", "item"),
            SOURCE_URL,
            Field(
                "carried_forward",
                "boolean",
                "Carried forward",
                "Whether the item was first held for an earlier report.",
            ),
            Field(
                "counts_towards_rule",
                "boolean",
                "Counts towards the rule",
                "Whether the item counts towards the rating rule.",
            ),
            Field(
                "not_counted_because",
                "string",
                "Why it does not count",
                "Why an item does not count towards the rule; empty when it counts.",
                enum=tuple(v for v in tidy.NOT_COUNTED.values() if v),
                required=False,
            ),
        ),
        ("evidence_id",),
        tidy.evidence,
        foreign_keys=((("rec_id", "report_date"), "all-recommendations", ("rec_id", "report_date")),),
    ),
    _chart(
        "people-in-hospital",
        "People in hospital, England, month ends",
        "People in hospital",
        "people in hospital",
        "fig-people-in-hospital",
        _count("value", "People in hospital", "people", "People in hospital at the month end."),
        with_line=True,
    ),
    _chart(
        "people-by-diagnosis",
        "People in hospital by diagnosis, England",
        "People by diagnosis",
        "people in hospital",
        "fig-people-by-diagnosis",
        _count("value", "People in hospital", "people", "People in hospital at the month end."),
        with_line=False,
    ),
    _chart(
        "restraint",
        "Restrictive interventions, England, by month",
        "Restrictive interventions",
        "restraint",
        "fig-restraint",
        _count("value", "Restrictive interventions", "count", "Restrictive interventions reported in the month."),
        with_line=True,
    ),
    _chart(
        "send-inspections",
        "Local area SEND inspections, England, running totals",
        "SEND inspections",
        "SEND inspections",
        "fig-send",
        _count("value", "Local areas", "local areas", "Local areas, counted from May 2016 to the date."),
        with_line=False,
    ),
    Resource(
        "all-recommendations",
        "Every recommendation with its status in each report",
        "All recommendations",
        "One row per recommendation and report: the recommendation's label and chapter, its status in that report "
        "with its certainty, and the reason for the status.",
        "all recommendations",
        (
            REC_ID,
            REPORT_DATE,
            Field(
                "label",
                "string",
                "Label",
                "The recommendation's short label; empty where no source gives it.",
                required=False,
            ),
            _certainty("label_certainty", "label"),
            Field(
                "chapter", "string", "Chapter", "The theme chapter that discusses the recommendation.", note="chapter"
            ),
            _certainty("chapter_certainty", "chapter"),
            STATUS,
            _certainty("status_certainty", "status"),
            Field(
                "reason", "string", "Reason for the status", "Why the recommendation has its status.", required=False
            ),
        ),
        ("rec_id", "report_date"),
        tidy.all_recommendations,
        shown_in=("tbl-all-recommendations",),
    ),
    Resource(
        "national-figures",
        "National figures held as published",
        "National figures",
        "Every national figure this rebuild holds as published by NHS Digital, Ofsted or CQC, or as quoted by "
        "a third party, for periods up to the report's last month of data.",
        "no table or chart shows this file; the charts of the national data chapters draw on it",
        (
            Field("dataset", "string", "Dataset", "The statistical collection.", enum=DATASETS),
            Field("measure", "string", "Measure code", "The measure's code in data/national/measures.csv."),
            Field("measure_name", "string", "Measure", "What the figure counts.", note="at_series"),
            PERIOD_END,
            _count("value", "Number", "count", "The figure, as published."),
            Field(
                "source_kind",
                "string",
                "Source type",
                "official: the official release; third-party quote: a charity, news report, blog or parliamentary "
                "answer quoting the statistics.",
                enum=SOURCE_KINDS,
                note="source_kind",
            ),
            _certainty("certainty", "figure"),
            WHY_NOT_CONFIRMED,
            SOURCE_URL,
        ),
        ("dataset", "measure", "period_end"),
        tidy.national_figures,
    ),
)

BY_NAME = {r.name: r for r in RESOURCES}


def resource(name: str) -> Resource:
    return BY_NAME[name]


def is_download_csv(path: Path) -> bool:
    """Whether `path` is one of a cycle's download CSVs (figures/<cycle>/<resource>.csv), which the render writes
    from the tables (and a chapter that shows it writes with the same bytes)."""
    return path.suffix == ".csv" and path.stem in BY_NAME and path.parent.parent.name == "figures"


def frames(tables: EvidenceTables, cycle_id: str) -> dict[str, pd.DataFrame]:
    """Every download's tidy frame for a cycle, in the package's order (a chart the cycle's data cannot draw
    keeps its file, with its header and no rows, so every cycle publishes the same set of files)."""
    return {r.name: r.build(tables, cycle_id) for r in RESOURCES}


def write_csvs(built: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Every download's CSV in a cycle's folder (the chapters write the same bytes for those they show)."""
    return [write_if_changed(folder / f"{name}.csv", data_csv(frame)) for name, frame in built.items()]


def descriptor(tables: EvidenceTables, cycle_id: str, edition: dt.date) -> dict:
    """The Data Package descriptor: every resource with its schema, the licence, the sources and the publisher."""
    cycle = tables.cycle(cycle_id)
    publisher = settings().author
    return {
        "profile": "tabular-data-package",
        "name": f"rss-progress-report-{cycle_id}".lower(),
        "title": f"Data behind an independent rebuild of '{cycle['title']}'",
        "description": (
            "Tidy data behind every table and chart of an independent, reproducible rebuild of the Care Quality "
            f"Commission's progress report published on {cycle['publication_date']}. This is not an official CQC "
            "publication. Each file is UTF-8 CSV with every cell quoted; dates are ISO 8601."
        ),
        "version": edition.isoformat(),
        "created": f"{edition.isoformat()}T00:00:00Z",
        "contributors": [{"title": publisher, "role": "publisher"}],
        "licenses": [OGL],
        "sources": [{"title": str(cycle["title"]), "path": str(cycle["source_url"])}],
        "resources": [
            {
                "name": r.name,
                "path": r.path,
                "title": r.title,
                "description": f"{r.description} {r.where_shown()}",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": r.schema(),
            }
            for r in RESOURCES
        ],
    }


def package_json(tables: EvidenceTables, cycle_id: str, edition: dt.date) -> str:
    return json.dumps(descriptor(tables, cycle_id, edition), indent=1, ensure_ascii=False) + "\n"


def write_package(tables: EvidenceTables, cycle_id: str, edition: dt.date, folder: Path) -> Path:
    """figures/<cycle>/datapackage.json, beside the CSVs it describes (the site and the zip both publish it)."""
    return write_if_changed(folder / PACKAGE_FILE, package_json(tables, cycle_id, edition))
