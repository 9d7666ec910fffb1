"""The tidy frames behind every download: one variable per column, one value per cell.

The pages show formatted tables ("2,080 (September 2021; confirmed)"); an analyst needs the value,
its period and its certainty in separate columns, numbers as numbers and dates as ISO dates, so
each frame here is built from the evidence and national tables themselves, never from a reader
table. Lists of recommendations are one row per recommendation. Column names are the field names
of the Data Package (rssreview.present.datapackage), which also gives their types and meanings.
"""

from __future__ import annotations

import pandas as pd

from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.rules import RULE_ORIGIN, STATUS_FOR_IMPACT
from rssreview.evidence.vocabulary import CONFIDENCE, IMPACTS, KINDS, STATUSES
from rssreview.national import build_indicators, load_national_figures, measures
from rssreview.national.indicators import figures_source
from rssreview.national.periods import parse_month

# The headline indicators a reader compares between reports, with how to name them in this table (each
# measure's own names are in data/national/measures.csv).
KEY_INDICATORS = (
    ("AT", "inpatients_total", "People in hospital (Assuring Transformation, as first published)"),
    (
        "MHSDS-LDA",
        "restrictive_interventions",
        "Restrictive interventions reported in a month (Mental Health Services Data Set)",
    ),
    (
        "SEND",
        "wsoa_required",
        "Local areas required to write a statement of action (inspections of services for "
        "children with special educational needs and disabilities)",
    ),
)


def latest(indicators: pd.DataFrame, dataset: str, measure: str, data_month: str) -> pd.Series | None:
    """The latest published figure no later than the end of a report's data month."""
    cutoff = pd.Timestamp(data_month + "-01") + pd.offsets.MonthEnd(0)
    rows = indicators[
        (indicators["dataset"] == dataset)
        & (indicators["measure"] == measure)
        & (indicators["period_end"] <= cutoff)
        & ~indicators["suppressed"]
    ]
    if "breakdown" in rows.columns:  # national figures only, never a region's or provider's
        rows = rows[(rows["breakdown"] == "England") & (rows["level"] == "England")]
    return None if rows.empty else rows.sort_values("period_end").iloc[-1]


def with_certainty(indicators: pd.DataFrame) -> pd.DataFrame:
    """Each figure's certainty: from the embedded table for its own row, confirmed for an official raw file."""
    known = load_national_figures()[["dataset", "period_end", "measure", "confidence"]]
    known = known.assign(
        source_file=figures_source(), period_end=known["period_end"].astype(indicators["period_end"].dtype)
    )
    keys = ["dataset", "period_end", "measure"] + (["source_file"] if "source_file" in indicators.columns else [])
    merged = indicators.merge(known[keys + ["confidence"]], on=keys, how="left")
    return merged.fillna({"confidence": "confirmed"})


def key_figures(
    tables: EvidenceTables, cycle_id: str, indicators: pd.DataFrame
) -> list[tuple[str, str, pd.Series | None]]:
    """Each key indicator's latest figure for the previous report and for this one, with its certainty:
    (indicator, cycle, row or None), the previous report first. The table and the download both read it."""
    for dataset, measure, _ in KEY_INDICATORS:
        measures.listed(dataset, [measure], "the summary compares it between reports")
    indicators = with_certainty(indicators)
    previous_id = tables.previous_cycle(cycle_id)
    cycles = [c for c in (previous_id, cycle_id) if c]
    return [
        (label, cycle, latest(indicators, dataset, measure, tables.cycle(cycle)["data_month"]))
        for dataset, measure, label in KEY_INDICATORS
        for cycle in cycles
    ]


def report_date(tables: EvidenceTables, cycle_id: str) -> str:
    """The report's publication date (ISO), which identifies a report in every download."""
    return str(tables.cycle(cycle_id)["publication_date"])


def status_counts(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """How many recommendations have each status at each certainty in this report, zeros included."""
    ratings = progress.ratings_for(tables, cycle_id)
    rows = [
        {
            "report_date": report_date(tables, cycle_id),
            "status": status,
            "status_certainty": certainty,
            "recommendations": int(((ratings["status"] == status) & (ratings["status_confidence"] == certainty)).sum()),
        }
        for status in STATUSES
        for certainty in CONFIDENCE
    ]
    return pd.DataFrame(rows)


def all_recommendations(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """Every recommendation's status in each report up to this one: one row per recommendation and report."""
    themes = tables.themes.set_index("theme_id")["title"]
    recs = tables.recommendations
    frames = []
    for cycle in tables.cycles_up_to(cycle_id):
        ratings = progress.ratings_for(tables, cycle).set_index("rec_id")
        frames.append(
            pd.DataFrame(
                {
                    "rec_id": recs["rec_id"].astype("int64"),
                    "report_date": report_date(tables, cycle),
                    "label": [
                        "" if source == "none" else label
                        for label, source in zip(recs["short_label"], recs["label_source"])
                    ],
                    "label_certainty": recs["label_confidence"],
                    "chapter": recs["theme_id"].map(themes),
                    "chapter_certainty": recs["theme_confidence"],
                    "status": recs["rec_id"].map(ratings["status"]),
                    "status_certainty": recs["rec_id"].map(ratings["status_confidence"]),
                    "reason": recs["rec_id"].map(ratings["reason"]).fillna(""),
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    return frame.sort_values(["rec_id", "report_date"], kind="stable").reset_index(drop=True)


def indicator_changes(tables: EvidenceTables, cycle_id: str, indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The latest figure of each key indicator that this report and the previous one could use."""
    indicators = build_indicators() if indicators is None else indicators
    figures = key_figures(tables, cycle_id, indicators)
    rows = [
        {
            "indicator": label,
            "report_date": report_date(tables, cycle),
            "period_end": f"{row['period_end']:%Y-%m-%d}",
            "value": int(row["value"]),
            "certainty": row["confidence"],
            "source_url": row.get("source_url") or "",
        }
        for label, cycle, row in figures
        if row is not None
    ]
    columns = ["indicator", "report_date", "period_end", "value", "certainty", "source_url"]
    return pd.DataFrame(rows, columns=columns).astype({"value": "int64"})


def rating_rule(tables: EvidenceTables | None = None, cycle_id: str = "") -> pd.DataFrame:
    """The rating rule, step by step, with where each step comes from (the same for every report)."""
    return pd.DataFrame(
        {
            "strongest_impact": list(IMPACTS),
            "status": [STATUS_FOR_IMPACT[i] for i in IMPACTS],
            "origin": [RULE_ORIGIN[i] for i in IMPACTS],
        }
    )


def evidence_base(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """How many items of evidence of each kind and certainty this report holds, zeros included."""
    items = progress.evidence_for(tables, cycle_id)
    rows = [
        {
            "report_date": report_date(tables, cycle_id),
            "kind": kind,
            "certainty": certainty,
            "items": int(((items["kind"] == kind) & (items["confidence"] == certainty)).sum()),
        }
        for kind in KINDS
        for certainty in CONFIDENCE
    ]
    return pd.DataFrame(rows)


#: Why an item does not count towards the rating rule, by its role (progress.evidence_for).
NOT_COUNTED = {"basis": "", "published": "only reports the published rating", "later": "published after the report"}


def evidence(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """Every item of evidence held for this report, one row each."""
    items = progress.evidence_for(tables, cycle_id)
    return pd.DataFrame(
        {
            "evidence_id": items["evidence_id"],
            "rec_id": items["rec_id"].astype("int64"),
            "report_date": report_date(tables, cycle_id),
            "kind": items["kind"],
            "summary": items["summary"],
            "impact": items["impact"],
            "evidence_date": items["evidence_date"].astype(str),
            "certainty": items["confidence"],
            "source_url": items["source_url"],
            "carried_forward": items["carried"].astype(bool),
            "counts_towards_rule": items["role"].eq("basis"),
            "not_counted_because": items["role"].map(NOT_COUNTED),
        }
    ).reset_index(drop=True)


def national_figures(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """The national figures held as published (not read from an NHS file), up to the report's data month."""
    figures = load_national_figures()
    figures = figures[figures["period_end"] <= pd.Timestamp(parse_month(tables.cycle(cycle_id)["data_month"]))]
    figures = figures.sort_values(["dataset", "measure", "period_end"], kind="stable")
    return pd.DataFrame(
        {
            "dataset": figures["dataset"],
            "measure": figures["measure"],
            "measure_name": measures.names(figures["dataset"], figures["measure"]),
            "period_end": figures["period_end"].dt.strftime("%Y-%m-%d"),
            "value": figures["value"].astype("int64"),
            "source_kind": figures["source_kind"],
            "certainty": figures["confidence"],
            "reason": figures["reason"],
            "source_url": figures["source_url"],
        }
    ).reset_index(drop=True)


def series(data: pd.DataFrame, value: str) -> pd.DataFrame:
    """A chart's data (national_charts.presentation) as a tidy frame: ISO date, series, plain count, and
    the version, coverage, line, certainty, reason and source of each point in their own columns (the reason
    empty for a confirmed point, as in data/national/national_figures.csv)."""
    data = data.assign(**{"Why not confirmed": data["Why not confirmed"].where(data["Certainty"] != "confirmed", "")})
    renamed = {
        "Month end": "period_end",
        "Series": "series",
        value: "value",
        "Series version": "series_version",
        "Coverage": "coverage",
        "Joined by a line": "line",
        "Certainty": "certainty",
        "Why not confirmed": "reason",
        "Source": "source_url",
    }
    frame = data.drop(columns=["Date"], errors="ignore").rename(columns=renamed)
    return frame.astype({"value": "int64"})[[c for c in renamed.values() if c in frame.columns]]
