"""Charts, alt text and computed sentences for the national data chapters.

Every number in a caption, alt text or summary is computed from the tidy indicator
table, so the words cannot drift from the chart. Points are joined only within one
series segment and only across consecutive months; figures not confirmed say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse

import altair as alt
import pandas as pd

from rssreview.national import build_indicators, load_national_figures
from rssreview.national.indicators import figures_source
from rssreview.national.lda_measure_map import ENGLAND
from rssreview.national.periods import parse_month
from rssreview.national.series import BREAKS
from rssreview.present.display import ChartOutput, export_chart

AT_SERIES = {
    "inpatients_total": "Total (first published)",
    "inpatients_total_revised": "Total (revised later)",
    "inpatients_ld_only": "Learning disability, not autistic",
    "inpatients_autistic_only": "Autistic, no learning disability",
    "inpatients_ld_and_autistic": "Learning disability and autistic",
    "inpatients_autistic_any": "Autistic (with or without a learning disability)",
}
LDA_SERIES = {
    "restrictive_interventions": "Restrictive interventions (all ages)",
    "restrictive_interventions_under_18": "Restrictive interventions on under-18s",
    "people_restrained": "People restrained",
}
SEND_SERIES = {"areas_inspected": "Areas inspected", "wsoa_required": "Needed a written statement of action"}
AT_START = pd.Timestamp("2015-03-31")
LEGEND = alt.Legend(columns=2, labelLimit=400)


@dataclass(frozen=True)
class Figure:
    """A chart with its caption, alt text and a few computed sentences for the chapter."""

    output: ChartOutput
    caption: str
    alt: str
    summary_md: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.output._repr_mimebundle_(include, exclude)


def month(d: pd.Timestamp) -> str:
    return f"{d:%B %Y}"


def day(d: pd.Timestamp) -> str:
    return f"{d.day} {d:%B %Y}"


def source_link(row: pd.Series) -> str:
    """A link to where a figure came from; the raw file's name when its manifest row gives no address."""
    url = row["source_url"]
    if not url:
        return f"`{row['source_file']}`"
    host = urlparse(url).netloc.removeprefix("www.")
    return f"[{host}]({url})"


def qualifier(row: pd.Series) -> str:
    """The certainty every figure carries in prose (one vocabulary), and who quoted it when not the publisher."""
    quoted = "figure quoted by a third party; " if row["source_kind"] == "third-party quote" else ""
    return f" ({quoted}{row['confidence']})"


def national_rows(table: pd.DataFrame | None, dataset: str, names: dict[str, str], data_month) -> pd.DataFrame:
    """National (England) rows of the chosen measures up to the data month, never a sub-national breakdown.

    Confidence and source kind come from the embedded figures for their own rows; a
    figure read from a raw NHS file is official and counts as confirmed.
    """
    tidy = build_indicators() if table is None else table
    end = pd.Timestamp(parse_month(data_month))
    rows = tidy[(tidy["dataset"] == dataset) & (tidy["breakdown"] == ENGLAND) & (tidy["level"] == ENGLAND)
                & tidy["measure"].isin(list(names)) & (tidy["period_end"] <= end) & ~tidy["suppressed"]]
    rows = rows.astype({"dataset": str, "measure": str, "series": str, "source_url": str, "source_file": str})
    known = load_national_figures()[["dataset", "period_end", "measure", "confidence", "source_kind"]]
    known = known.astype({"dataset": str, "measure": str, "confidence": str, "source_kind": str})
    known = known.assign(source_file=figures_source(), period_end=known["period_end"].astype(rows["period_end"].dtype))
    rows = rows.merge(known, on=["dataset", "period_end", "measure", "source_file"], how="left")
    rows = rows.fillna({"confidence": "confirmed", "source_kind": "official"})
    return rows.assign(label=rows["measure"].map(names)).sort_values(["measure", "period_end"], kind="stable")


def segment_ids(rows: pd.DataFrame) -> pd.Series:
    """A line-segment id per point: a new one at a series break or after a gap of more than one month."""
    months = rows["period_end"].dt.year * 12 + rows["period_end"].dt.month
    same_line = rows["measure"].eq(rows["measure"].shift()) & rows["series"].eq(rows["series"].shift())
    new = ~same_line | (months.diff() != 1)
    run = new.astype(int).groupby(rows["measure"]).cumsum()  # readers see "<series>, part 2", never an internal id
    return rows["label"] + ", part " + run.astype(str)


def presentation(rows: pd.DataFrame, value_name: str) -> pd.DataFrame:
    """The tidy table a reader downloads: readable names, ISO dates as text."""
    table = pd.DataFrame({
        "Month end": rows["period_end"].dt.strftime("%Y-%m-%d"),
        "Series": rows["label"],
        value_name: rows["value"].astype(int),
        "Segment": segment_ids(rows),
        "Confidence": rows["confidence"],
        "Source": rows["source_url"],
    })
    return table.sort_values(["Month end", "Series"], kind="stable").reset_index(drop=True)


def line_chart(data: pd.DataFrame, value_name: str, title: str, order: list[str]) -> alt.LayerChart:
    """Points for every figure, lines only within a segment, y from zero."""
    base = alt.Chart(data).encode(
        x=alt.X("Month end:T", title="Month end", axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y(f"{value_name}:Q", title=value_name, scale=alt.Scale(zero=True)),
        color=alt.Color("Series:N", sort=order, title=None, legend=LEGEND),
    )
    lines = base.mark_line().encode(detail="Segment:N")
    points = base.mark_point().encode(tooltip=["Month end:N", "Series:N", f"{value_name}:Q", "Confidence:N"])
    return alt.layer(lines, points).properties(title=title)


def figure_of(rows: pd.DataFrame, measure: str, which: str = "first") -> pd.Series | None:
    found = rows[rows["measure"] == measure]
    if found.empty:
        return None
    return found.iloc[0] if which == "first" else found.iloc[-1]


def sentence(lead: str, row: pd.Series, tail: str = "") -> str:
    return f"{lead}{tail} ({source_link(row)}){qualifier(row)}."


def people_in_hospital(cycle_id: str, data_month: str | dt.date, table: pd.DataFrame | None = None) -> Figure:
    """Assuring Transformation inpatients by month since March 2015, up to the cycle's data month."""
    rows = national_rows(table, "AT", AT_SERIES, data_month)
    rows = rows[rows["period_end"] >= AT_START]
    data = presentation(rows, "People in hospital")
    first, last = figure_of(rows, "inpatients_total"), figure_of(rows, "inpatients_total", "last")
    revised = figure_of(rows, "inpatients_total_revised")
    alt_parts = [f"Assuring Transformation: {first['value']:,.0f} people in hospital at the end of "
                 f"{month(first['period_end'])} (first published) and {last['value']:,.0f} at the end of "
                 f"{month(last['period_end'])}"]
    summary = [sentence(f"At the end of {month(first['period_end'])}, {first['value']:,.0f} people with a learning "
                        "disability or autistic people were in hospital, as first published in the Assuring "
                        "Transformation statistics", first),
               sentence(f"The latest figure to {month(last['period_end'])} is {last['value']:,.0f}", last)]
    if revised is not None:
        alt_parts.append(f"the revised figure for {month(revised['period_end'])} is {revised['value']:,.0f}")
        summary.append(sentence(f"Later revisions of the data give {revised['value']:,.0f} for "
                                f"{month(revised['period_end'])}, so revised and first-published totals are shown "
                                "as separate series and never joined", revised))
    split = rows[rows["measure"].isin(["inpatients_ld_only", "inpatients_autistic_only", "inpatients_ld_and_autistic"])]
    if not split.empty:
        when = split["period_end"].max()
        parts = split[split["period_end"] == when].set_index("measure")
        described = "; ".join(f"{AT_SERIES[m].lower()}: {parts.at[m, 'value']:,.0f}" for m in AT_SERIES if m in parts.index)
        alt_parts.append(f"by diagnosis at the end of {month(when)}, {described}")
        summary.append(sentence(f"At the end of {month(when)} the split by diagnosis (rounded to the nearest 5) was "
                                f"{described}", parts.iloc[0]))
    alt_text = "; ".join(alt_parts) + "."
    chart = line_chart(data, "People in hospital", "People in hospital (England)",
                       [AT_SERIES[m] for m in AT_SERIES])
    caption = (f"People with a learning disability and autistic people in hospital, England, month ends "
               f"{month(rows['period_end'].min())} to {month(rows['period_end'].max())}. Source: NHS Digital, "
               "Assuring Transformation (first-published and revised totals shown separately; some figures are "
               "quoted by third parties).")
    output = export_chart(chart, name="people-in-hospital", alt_text=alt_text, data=data, cycle_id=cycle_id)
    return Figure(output, caption, alt_text, " ".join(summary[:4]))


def break_layer(dataset: str, start: pd.Timestamp, end: pd.Timestamp) -> alt.LayerChart | None:
    """A vertical rule and label at each series break inside the chart's period."""
    marks = pd.DataFrame([{"Month end": f"{b.start:%Y-%m-%d}", "Break": f"{b.label} from {b.start:%b %Y}"}
                          for b in BREAKS.get(dataset, []) if start <= pd.Timestamp(b.start) <= end])
    if marks.empty:
        return None
    base = alt.Chart(marks).encode(x="Month end:T")
    return alt.layer(base.mark_rule(strokeDash=[4, 4], color="#505A5F"),
                     base.mark_text(align="left", dx=4, dy=-6, baseline="bottom", color="#0B0C0C")
                     .encode(text="Break:N", y=alt.value(0)))


def restraint(cycle_id: str, data_month: str | dt.date, table: pd.DataFrame | None = None) -> Figure:
    """MHSDS restrictive interventions on people with a learning disability or autism, by month."""
    rows = national_rows(table, "MHSDS-LDA", LDA_SERIES, data_month)
    data = presentation(rows, "Number")
    total = rows[rows["measure"] == "restrictive_interventions"]
    peak = total.loc[total["value"].idxmax()]
    first, last = total.iloc[0], total.iloc[-1]
    under = rows[(rows["measure"] == "restrictive_interventions_under_18") & (rows["period_end"] == last["period_end"])]
    under_text = f" ({under.iloc[0]['value']:,.0f} on under-18s)" if not under.empty else ""
    people = figure_of(rows, "people_restrained", "last")
    alt_text = (f"MHSDS learning disability and autism statistics: {first['value']:,.0f} restrictive interventions "
                f"in {month(first['period_end'])}, the most {peak['value']:,.0f} in {month(peak['period_end'])}, and "
                f"{last['value']:,.0f} in {month(last['period_end'])}{under_text}")
    summary = [sentence(f"The highest monthly count of restrictive interventions shown is {peak['value']:,.0f} in "
                        f"{month(peak['period_end'])}", peak),
               sentence(f"In {month(last['period_end'])} there were {last['value']:,.0f}{under_text}", last)]
    if people is not None:
        alt_text += f"; {people['value']:,.0f} people restrained in {month(people['period_end'])}"
        summary.append(sentence(f"In {month(people['period_end'])}, {people['value']:,.0f} people were restrained "
                                "at least once", people))
    start, end = rows["period_end"].min(), rows["period_end"].max()
    breaks = [b for b in BREAKS["MHSDS-LDA"] if start <= pd.Timestamp(b.start) <= end]
    if breaks:
        alt_text += f"; the series breaks in {', '.join(f'{b.start:%B %Y}' for b in breaks)}"
        summary.append(f"Figures from {breaks[0].start:%B %Y} are not comparable with earlier months "
                       f"({breaks[0].reason}).")
    alt_text += "."
    chart = line_chart(data, "Number", "Restrictive interventions (England)", list(LDA_SERIES.values()))
    rule = break_layer("MHSDS-LDA", start, end)
    chart = alt.layer(chart, rule).properties(title="Restrictive interventions (England)") if rule else chart
    caption = (f"Restrictive interventions on people with a learning disability and autistic people in hospital, "
               f"England, {month(start)} to {month(end)}. Source: NHS Digital, MHSDS learning disability and "
               "autism statistics, mostly as quoted by third parties; months are as reported.")
    output = export_chart(chart, name="restraint", alt_text=alt_text, data=data, cycle_id=cycle_id)
    return Figure(output, caption, alt_text, " ".join(summary[:4]))


def send_inspections(cycle_id: str, data_month: str | dt.date, table: pd.DataFrame | None = None) -> Figure:
    """Local area SEND inspections: areas inspected and those needing a written statement of action."""
    rows = national_rows(table, "SEND", SEND_SERIES | {"areas_total": "Areas in England"}, data_month)
    totals = rows[rows["measure"] == "areas_total"].set_index("period_end")["value"]
    rows = rows[rows["measure"].isin(list(SEND_SERIES))]
    data = pd.DataFrame({
        "As at": rows["period_end"].dt.strftime("%Y-%m-%d"),
        "Measure": rows["label"],
        "Local areas": rows["value"].astype(int),
        "Confidence": rows["confidence"],
        "Source": rows["source_url"],
    }).sort_values(["As at", "Measure"], kind="stable").reset_index(drop=True)
    parts, summary = [], []
    for when, group in rows.groupby("period_end", sort=True):
        got = group.set_index("measure")
        if "areas_inspected" not in got.index:
            continue
        inspected = got.loc["areas_inspected"]
        of_total = f" of {totals[when]:,.0f}" if when in totals.index else ""
        text = f"by {day(when)}, {inspected['value']:,.0f}{of_total} areas had been inspected"
        if "wsoa_required" in got.index:
            text += f" and {got.at['wsoa_required', 'value']:,.0f} needed a written statement of action"
        parts.append(text)
        summary.append(sentence(text[0].upper() + text[1:], inspected))
    alt_text = "Local area SEND inspections (2016 framework): " + "; ".join(parts) + "."
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("As at:N", title="As at", sort=sorted(data["As at"].unique()), axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("Measure:N", sort=list(SEND_SERIES.values())),
        y=alt.Y("Local areas:Q", title="Local areas", scale=alt.Scale(zero=True)),
        color=alt.Color("Measure:N", sort=list(SEND_SERIES.values()), title=None, legend=LEGEND),
        tooltip=["As at:N", "Measure:N", "Local areas:Q", "Confidence:N"],
    ).properties(title="Local area SEND inspections (England)")
    caption = (f"Local area SEND inspections by Ofsted and CQC, England, as at {day(rows['period_end'].min())} to "
               f"{day(rows['period_end'].max())}. Sources: gov.uk official statistics, a DfE written answer and "
               "press reports of Ofsted figures.")
    output = export_chart(chart, name="send-inspections", alt_text=alt_text, data=data, cycle_id=cycle_id)
    return Figure(output, caption, alt_text, " ".join(summary[:4]))
