"""Charts, alt text and computed sentences for the national data chapters.

Every number in a caption, alt text or summary is computed from the tidy indicator
table, so the words cannot drift from the chart. Each figure carries its period, its
source and its certainty (confirmed, inferred or uncertain) in the prose, the chart's
tooltip, its table and its CSV. Points are joined only across consecutive months of
one series version whose coverage is the same; a series break is drawn as a marked
line, never bridged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlparse

import altair as alt
import pandas as pd

from rssreview.national import build_indicators, load_national_figures
from rssreview.national import measures as measure_table
from rssreview.national.indicators import figures_source
from rssreview.national.lda_measure_map import ENGLAND
from rssreview.national.periods import parse_month
from rssreview.national.series import BREAKS, SEGMENTS
from rssreview.present import theme, tidy
from rssreview.present.display import ChartOutput, DataFile, export_chart
from rssreview.present.status import CERTAINTY_MEANING
from rssreview.present.text import link, md
from rssreview.present.words import count_words, long_date, plural, source_name

#: The measures each chart draws, in the order of its series; their series names and coverage are in
#: data/national/measures.csv (rssreview.national.measures), with the workbook's names.
AT_TOTALS = ("inpatients_total", "inpatients_total_revised")
AT_DIAGNOSES = (
    "inpatients_ld_only",
    "inpatients_autistic_only",
    "inpatients_ld_and_autistic",
    "inpatients_autistic_any",
)
RI_SERIES = ("restrictive_interventions", "restrictive_interventions_under_18")
SEND_SERIES = ("areas_inspected", "wsoa_required")
NOT_JOINED = "Not joined: the providers reporting changed from month to month"
AT_START = pd.Timestamp("2015-03-31")


@dataclass(frozen=True)
class Figure:
    """A chart with its caption, alt text and a few computed sentences for the chapter.

    `certainty_md` follows the chart: which of its figures are not confirmed, and why (not_confirmed).
    """

    output: ChartOutput
    caption: str
    alt: str
    summary_md: str
    certainty_md: str

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
        return md(row["source_file"])
    host = urlparse(url).netloc.removeprefix("www.")
    return link(host, url)


def cite(row: pd.Series) -> str:
    """Source, who said it and how sure we are, for the parenthesis after a figure."""
    quoted = ", quoted by a third party" if row["source_kind"] == "third-party quote" else ""
    return f"{source_link(row)}{quoted}; {row['confidence']}"


def sentence(lead: str, row: pd.Series) -> str:
    return f"{lead} ({cite(row)})."


def national_rows(
    table: pd.DataFrame | None,
    dataset: str,
    drawn: Sequence[str],
    data_month: str | dt.date,
    also: Sequence[str] = (),
) -> pd.DataFrame:
    """National (England) rows of the measures a chart draws (and of those its sentences quote, `also`) up to
    the data month, never a sub-national breakdown.

    Each row carries its measure's series name (`label`) and `coverage` from the measures table, which
    must list every measure asked for and name every one drawn. Confidence and source kind come from the
    embedded figures for their own rows; a figure read from a raw NHS file is official and counts as confirmed.
    """
    measure_table.chart_labels(dataset, drawn)
    listed = measure_table.listed(dataset, [*drawn, *also], "a chart uses it")
    tidy = build_indicators() if table is None else table
    end = pd.Timestamp(parse_month(data_month))
    rows = tidy[
        (tidy["dataset"] == dataset)
        & (tidy["breakdown"] == ENGLAND)
        & (tidy["level"] == ENGLAND)
        & tidy["measure"].isin(list(listed))
        & (tidy["period_end"] <= end)
        & ~tidy["suppressed"]
    ]
    rows = rows.astype({"dataset": str, "measure": str, "series": str, "source_url": str, "source_file": str})
    known = load_national_figures()[["dataset", "period_end", "measure", "confidence", "source_kind", "reason"]]
    known = known.astype({"dataset": str, "measure": str, "confidence": str, "source_kind": str, "reason": str})
    known = known.assign(source_file=figures_source(), period_end=known["period_end"].astype(rows["period_end"].dtype))
    rows = rows.merge(known, on=["dataset", "period_end", "measure", "source_file"], how="left")
    rows = rows.fillna({"confidence": "confirmed", "source_kind": "official", "reason": ""})
    rows = rows.assign(
        label=rows["measure"].map({m: row.chart_label for m, row in listed.items()}),
        coverage=rows["measure"].map({m: row.coverage for m, row in listed.items()}),
    )
    return rows.sort_values(["measure", "period_end"], kind="stable")


def series_version(dataset: str, when: pd.Timestamp) -> str:
    """The comparable stretch of a dataset a month belongs to, in words (series.SEGMENTS)."""
    reason = [s.reason for s in SEGMENTS if s.dataset == dataset and pd.Timestamp(s.start) <= when][-1]
    return reason[0].upper() + reason[1:]


def runs(rows: pd.DataFrame) -> pd.Series:
    """Which months a line joins: a run of consecutive months of one measure and series version."""
    months = rows["period_end"].dt.year * 12 + rows["period_end"].dt.month
    same_line = rows["measure"].eq(rows["measure"].shift()) & rows["series"].eq(rows["series"].shift())
    run_id = (~same_line | (months.diff() != 1)).cumsum()
    first = rows.groupby(run_id)["period_end"].transform("min")
    last = rows.groupby(run_id)["period_end"].transform("max")
    return pd.Series(
        [
            f"{a:%b %Y} to {b:%b %Y}" if a != b else "Not joined: no figure for the month before or after"
            for a, b in zip(first, last)
        ],
        index=rows.index,
    )


def presentation(rows: pd.DataFrame, value_name: str, joined: bool) -> pd.DataFrame:
    """The data behind a chart: ISO dates as text (which the chart draws and the download keeps), the same
    date in words (`Date`, for tooltips and the table on the page), version, coverage and certainty."""
    table = pd.DataFrame(
        {
            "Month end": rows["period_end"].dt.strftime("%Y-%m-%d"),
            "Date": [long_date(f"{d:%Y-%m-%d}") for d in rows["period_end"]],
            "Series": rows["label"],
            value_name: rows["value"].astype(int),
            "Series version": [series_version(d, w) for d, w in zip(rows["dataset"], rows["period_end"])],
            "Coverage": rows["coverage"],
            "Joined by a line": runs(rows) if joined else NOT_JOINED,
            "Certainty": rows["confidence"],
            # Why a figure is inferred or uncertain, in the figures' own plain words (national_figures.csv `reason`).
            "Why not confirmed": rows["reason"].where(
                rows["confidence"] != "confirmed", CERTAINTY_MEANING["confirmed"].capitalize()
            ),
            "Source": rows["source_url"],
        }
    )
    return table.sort_values(["Month end", "Series"], kind="stable").reset_index(drop=True)


def wrap(name: str, width: int = 22) -> str:
    """A series name on two lines when it is long, split at the space nearest its middle."""
    if len(name) <= width or " " not in name:
        return name
    spaces = [i for i, c in enumerate(name) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return name[:cut] + "\n" + name[cut + 1 :]


def month_axis(start: pd.Timestamp, end: pd.Timestamp, title: str = "Month end") -> alt.X:
    """The shared x encoding of a chart by month: a UTC time scale over the chart's whole period."""
    return alt.X(
        "Month end:T",
        axis=theme.time_axis(start, end, title),
        scale=alt.Scale(type="utc", domain=[f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"]),
    )


def series_labels(
    data: pd.DataFrame, value: str, start: pd.Timestamp, end: pd.Timestamp, x_title: str
) -> list[alt.Chart]:
    """Each series named just below one of its points instead of in a colour key: its last point when the series
    runs to the chart's last month, otherwise its first; a white halo keeps the name legible over other marks."""
    dated = data.assign(when=pd.to_datetime(data["Month end"])).sort_values("when", kind="stable")
    final = dated["when"].max()
    anchors = [
        group.iloc[-1] if group["when"].iloc[-1] == final else group.iloc[0]
        for _, group in dated.groupby("Series", sort=False)
    ]
    anchors = pd.DataFrame(anchors).assign(Label=lambda f: f["Series"].map(wrap))
    right_half = anchors["when"] > start + (end - start) / 2
    sides: list[tuple[pd.Series, Literal["left", "right"], int]] = [(right_half, "right", 4), (~right_half, "left", -4)]
    return [
        alt.Chart(anchors.loc[side, ["Month end", value, "Label"]])
        .mark_text(
            align=align,
            dx=dx,
            baseline="top",
            dy=10,
            fontWeight="bold",
            lineBreak="\n",
            stroke="#FFFFFF" if halo else alt.Undefined,
            strokeWidth=4 if halo else alt.Undefined,
            strokeJoin="round" if halo else alt.Undefined,
        )
        .encode(x=month_axis(start, end, x_title), y=alt.Y(f"{value}:Q"), text="Label:N")
        for side, align, dx in sides
        if side.any()
        for halo in (True, False)
    ]


def break_marks(dataset: str, start: pd.Timestamp, end: pd.Timestamp, x_title: str) -> list[alt.Chart]:
    """A dashed rule and a note at each series break inside the chart's period."""
    marks = pd.DataFrame(
        [
            {"Month end": f"{b.start:%Y-%m-%d}", "Break": f"Series break:\n{b.label}"}
            for b in BREAKS.get(dataset, [])
            if start <= pd.Timestamp(b.start) <= end
        ]
    )
    if marks.empty:
        return []
    base = alt.Chart(marks).encode(x=month_axis(start, end, x_title))
    return [
        base.mark_rule(strokeDash=[4, 4], strokeWidth=2),
        base.mark_text(align="right", dx=-4, baseline="top", lineBreak="\n").encode(text="Break:N", y=alt.value(2)),
    ]


def trend_chart(
    data: pd.DataFrame,
    *,
    value: str,
    y_title: str,
    title: list[str],
    note: list[str],
    order: list[str],
    joined: bool,
    dataset: str,
    start: pd.Timestamp,
    end: pd.Timestamp,
    x_title: str = "Month end",
) -> alt.LayerChart | alt.FacetChart:
    """Points for every figure from zero, lines only within a run, series named directly, breaks marked."""
    palette = theme.colours(len(order))
    base = alt.Chart(data).encode(
        x=month_axis(start, end, x_title),
        y=alt.Y(f"{value}:Q", title=y_title, scale=alt.Scale(zero=True)),
        color=alt.Color("Series:N", scale=alt.Scale(domain=order, range=palette), legend=None),
    )
    points = base.mark_point(strokeWidth=2).encode(
        shape=alt.Shape("Series:N", scale=alt.Scale(domain=order, range=theme.SHAPES[: len(order)]), legend=None),
        stroke=alt.Stroke("Series:N", scale=alt.Scale(domain=order, range=palette), legend=None),
        fillOpacity=theme.certainty_fill(),
        tooltip=[
            alt.Tooltip("Date:N", title=x_title),
            "Series:N",
            alt.Tooltip(f"{value}:Q", format=","),
            "Certainty:N",
            "Coverage:N",
        ],
    )
    layers = [
        *break_marks(dataset, start, end, x_title),
        *series_labels(data, value, start, end, x_title),
        points,
        theme.certainty_key(alt.Chart(data).encode(x=month_axis(start, end, x_title), y=f"{value}:Q")),
    ]
    if joined:
        layers.insert(
            0,
            base.transform_filter("indexof(datum['Joined by a line'], 'Not joined') < 0")
            .mark_line()
            .encode(detail="Joined by a line:N"),
        )
    return theme.responsive(alt.layer(*layers).properties(title=alt.Title(title, subtitle=note)))


def reader_table(data: pd.DataFrame) -> pd.DataFrame:
    """The data behind a chart as the page shows it: the date in words, no ISO date."""
    return data.drop(columns=["Month end"]).rename(columns={"Date": "Month end"})


def publish(
    chart: alt.TopLevelMixin, name: str, alt_text: str, data: pd.DataFrame, value: str, cycle_id: str
) -> ChartOutput:
    """Export a chart's files under figures/<cycle>/, with its tidy CSV; the page embeds its fixed-width copy."""
    download = DataFile(name, tidy.series(data, value))
    exported = export_chart(
        chart, name=name, alt_text=alt_text, data=data, table=reader_table(data), download=download, cycle_id=cycle_id
    )
    return theme.with_fixed_inline_spec(exported)


def certainty_words(data: pd.DataFrame) -> str:
    """For the alt text: which points are inferred or uncertain, which the chart draws hollow or half-filled."""
    parts = []
    for word, drawn in (("inferred", "half-filled"), ("uncertain", "hollow")):
        chosen = data[data["Certainty"] == word]
        if not chosen.empty:
            which = "; ".join(f"{s.lower()}, {d}" for s, d in zip(chosen["Series"], chosen["Date"]))
            parts.append(f"{len(chosen)} {word} ({drawn} {'point' if len(chosen) == 1 else 'points'}: {which})")
    if not parts:
        return " Every figure is confirmed (solid points)."
    return " Solid points are confirmed; " + "; ".join(parts) + "."


#: How the chart draws each certainty short of confirmed (theme.CERTAINTY_FILL), in the prose's words.
DRAWN = {"inferred": "half-filled", "uncertain": "hollow"}


def reason_sentence(reason: str) -> str:
    """A reason from the data as a sentence of the page: escaped, starting with a capital, ending with a stop."""
    reason = " ".join(reason.split())
    reason = reason[:1].upper() + reason[1:]
    return md(reason if reason.endswith((".", "?", "!")) else reason + ".")


def not_confirmed(data: pd.DataFrame, value: str) -> str:
    """What the chart's half-filled and hollow points are, for the text after the chart: each inferred or uncertain
    figure with its date, series, value, source and why it is not confirmed (its "Why not confirmed").

    Made from the frame the chart draws (`presentation`), so the words name exactly the points the chart marks,
    in both renderers and both formats; the reasons are the figures' `reason` column in data/national/.
    """
    chosen = data[data["Certainty"] != "confirmed"]
    if chosen.empty:
        return f"Every figure in this chart is confirmed: {CERTAINTY_MEANING['confirmed']}."
    blocks = []
    for word, drawn in DRAWN.items():
        group = chosen[chosen["Certainty"] == word]
        if group.empty:
            continue
        n = len(group)
        blocks.append(
            f"This chart draws {count_words(n)} {word} {plural(n, 'figure')} as "
            f"{plural(n, 'a ' + drawn + ' point', drawn + ' points')}. "
            f"{word.capitalize()} means {CERTAINTY_MEANING[word]}. "
            f"{plural(n, 'Here it is', 'Here is each one')}, with its source and why:"
        )
        blocks.append(
            "\n".join(
                f"- {md(date)}, {md(series.lower())}: {figure:,.0f} {md(value.lower())} "
                f"({link(source_name(url), url) if url else 'source not named'}). {reason_sentence(reason)}"
                for date, series, figure, url, reason in zip(
                    group["Date"], group["Series"], group[value], group["Source"], group["Why not confirmed"]
                )
            )
        )
    return "\n\n".join(blocks)


def figure_of(rows: pd.DataFrame, measure: str, which: Literal["first", "last"] = "first") -> pd.Series | None:
    found = rows[rows["measure"] == measure]
    if found.empty:
        return None
    return found.iloc[0] if which == "first" else found.iloc[-1]


def required_figure(rows: pd.DataFrame, measure: str, which: Literal["first", "last"] = "first") -> pd.Series:
    """As figure_of, for a figure a chart cannot be described without: its absence is an error, said plainly."""
    found = figure_of(rows, measure, which)
    if found is None:
        raise ValueError(f"no national figure for {measure} up to the data month, which this chart needs")
    return found


def period_end(data_month: str | dt.date) -> pd.Timestamp:
    return pd.Timestamp(parse_month(data_month))


def hospital_rows(data_month: str | dt.date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    rows = national_rows(table, "AT", AT_TOTALS, data_month)
    return rows[rows["period_end"] >= AT_START]


def diagnosis_rows(data_month: str | dt.date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The latest month with the three-way split by diagnosis (empty when no month has it)."""
    rows = national_rows(table, "AT", AT_DIAGNOSES, data_month)
    split = rows[rows["measure"] != "inpatients_autistic_any"]
    if split.empty:
        return split
    rows = rows[rows["period_end"] == split["period_end"].max()]
    return rows.set_index("measure").loc[[m for m in AT_DIAGNOSES if m in set(rows["measure"])]].reset_index()


def restraint_rows(data_month: str | dt.date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    return national_rows(table, "MHSDS-LDA", RI_SERIES, data_month, also=["people_restrained"])


def send_rows(data_month: str | dt.date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    return national_rows(table, "SEND", SEND_SERIES, data_month, also=["areas_total"])


#: Each national chart's download name: how its rows are chosen, the measures drawn, the value's name and
#: whether the chart joins points with lines.
CHARTS = {
    "people-in-hospital": (hospital_rows, AT_TOTALS, "People in hospital", True),
    "people-by-diagnosis": (diagnosis_rows, AT_DIAGNOSES, "People in hospital", False),
    "restraint": (restraint_rows, RI_SERIES, "Restrictive interventions", False),
    "send-inspections": (send_rows, SEND_SERIES, "Local areas", False),
}


def chart_data(
    name: str, data_month: str | dt.date, table: pd.DataFrame | None = None, rows: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, str]:
    """The data behind a national chart (the frame it draws and the download is made from) and its value's name."""
    select, drawn, value, joined = CHARTS[name]
    rows = select(data_month, table) if rows is None else rows
    rows = rows[rows["measure"].isin(list(drawn))]
    data = presentation(rows, value, joined=joined)
    if name in ("people-by-diagnosis", "send-inspections"):  # one point per series, or running totals
        data = data.drop(columns="Joined by a line")
    if name == "people-by-diagnosis":  # in the order of the measures, as the bars are drawn
        data = data.set_index("Series").loc[list(rows["label"])].reset_index()[data.columns]
    return data, value


def people_in_hospital(cycle_id: str, data_month: str | dt.date, table: pd.DataFrame | None = None) -> Figure:
    """Assuring Transformation inpatients by month since March 2015, up to the cycle's data month."""
    rows = hospital_rows(data_month, table)
    data, _ = chart_data("people-in-hospital", data_month, rows=rows)
    first, last = required_figure(rows, "inpatients_total"), required_figure(rows, "inpatients_total", "last")
    revised = figure_of(rows, "inpatients_total_revised")
    alt_parts = [
        f"Assuring Transformation: {first['value']:,.0f} people in hospital at the end of "
        f"{month(first['period_end'])} (first published) and {last['value']:,.0f} at the end of "
        f"{month(last['period_end'])}"
    ]
    summary = [
        sentence(
            f"At the end of {month(first['period_end'])}, {first['value']:,.0f} people with a learning "
            "disability or autistic people were in hospital in England, as first published in the "
            "Assuring Transformation statistics",
            first,
        ),
        sentence(
            f"The latest figure in our data, for the end of {month(last['period_end'])}, is {last['value']:,.0f}", last
        ),
    ]
    if revised is not None:
        alt_parts.append(f"the revised figure for {month(revised['period_end'])} is {revised['value']:,.0f}")
        summary.append(
            sentence(
                f"Later revisions of the data give {revised['value']:,.0f} for "
                f"{month(revised['period_end'])}, so revised and first-published totals are shown "
                "as separate series and never joined",
                revised,
            )
        )
    start, end = AT_START, period_end(data_month)
    alt_text = (
        "Chart of people in hospital by month: "
        + "; ".join(alt_parts)
        + ". Lines join consecutive months only; gaps are months with no figure in our data."
    )
    chart = trend_chart(
        data,
        value="People in hospital",
        y_title="People in hospital (count)",
        title=["People in hospital", "England, month ends"],
        note=["Lines join consecutive months only;", "gaps are months with no figure in our data."],
        order=measure_table.chart_labels("AT", AT_TOTALS),
        joined=True,
        dataset="AT",
        start=start,
        end=end,
    )
    caption = (
        f"People with a learning disability and autistic people in hospital, England, month ends "
        f"{month(rows['period_end'].min())} to {month(rows['period_end'].max())}. Source: NHS Digital, Assuring Transformation (first-published and "
        "revised totals shown separately; some figures are quoted by third parties). Certainty of each figure "
        "in the data table."
    )
    alt_text += certainty_words(data)
    output = publish(chart, "people-in-hospital", alt_text, data, "People in hospital", cycle_id)
    return Figure(output, caption, alt_text, " ".join(summary), not_confirmed(data, "People in hospital"))


def people_by_diagnosis(cycle_id: str, data_month: str | dt.date, table: pd.DataFrame | None = None) -> Figure | None:
    """People in hospital by diagnosis in the latest month with the three-way split, as labelled bars."""
    rows = diagnosis_rows(data_month, table)
    if rows.empty:
        return None
    when = rows["period_end"].max()
    data, _ = chart_data("people-by-diagnosis", data_month, rows=rows)
    described = "; ".join(f"{label.lower()}: {value:,.0f}" for label, value in zip(rows["label"], rows["value"]))
    row = rows.iloc[0]
    summary = sentence(
        f"At the end of {month(when)} the split by diagnosis (rounded to the nearest 5) was {described}", row
    )
    alt_text = f"Bar chart of people in hospital in England at the end of {month(when)} by diagnosis: {described}."
    chart = labelled_bars(
        data,
        label="Series",
        value="People in hospital",
        x_title="People in hospital (count)",
        title=["People in hospital by diagnosis", f"England, end of {month(when)}"],
    )
    caption = (
        f"People with a learning disability and autistic people in hospital by diagnosis, England, end of "
        f"{month(when)}. Source: NHS Digital, Assuring Transformation, as given in a parliamentary written "
        f"answer; certainty: {row['confidence']}."
    )
    alt_text += certainty_words(data)
    output = publish(chart, "people-by-diagnosis", alt_text, data, "People in hospital", cycle_id)
    return Figure(output, caption, alt_text, summary, not_confirmed(data, "People in hospital"))


def labelled_bars(
    data: pd.DataFrame, *, label: str, value: str, x_title: str, title: list[str]
) -> alt.LayerChart | alt.FacetChart:
    """Horizontal bars from zero, each with its name above it and its value at its end, so nothing sits beside
    the bars that a narrow screen would squeeze."""
    base = alt.Chart(data).encode(
        y=alt.Y(f"{label}:N", sort=None, axis=None), x=alt.X(f"{value}:Q", title=x_title, scale=alt.Scale(zero=True))
    )
    bars = base.mark_bar(size=20, stroke=theme.PALETTE[0], strokeWidth=2).encode(
        fillOpacity=theme.certainty_fill(),
        tooltip=[
            f"{label}:N",
            alt.Tooltip(f"{value}:Q", format=","),
            "Certainty:N",
            alt.Tooltip("Date:N", title="Month end"),
        ],
    )
    names = base.mark_text(align="left", baseline="bottom", dy=-13, fontWeight="bold").encode(
        x=alt.datum(0), text=f"{label}:N"
    )
    values = base.mark_text(align="left", baseline="middle", dx=4).encode(text=alt.Text(f"{value}:Q", format=","))
    key = theme.certainty_key(alt.Chart(data).encode(y=alt.Y(f"{label}:N", sort=None, axis=None), x=alt.datum(0)))
    chart = alt.layer(bars, names, values, key).properties(height={"step": 52}, title=alt.Title(title))
    return theme.responsive(chart)


def restraint(cycle_id: str, data_month: str | dt.date, table: pd.DataFrame | None = None) -> Figure:
    """MHSDS restrictive interventions on people with a learning disability or autism, by month, as dots."""
    rows = restraint_rows(data_month, table)
    people = figure_of(rows, "people_restrained", "last")
    rows = rows[rows["measure"].isin(list(RI_SERIES))]
    data, _ = chart_data("restraint", data_month, rows=rows)
    total = rows[rows["measure"] == "restrictive_interventions"]
    low, high = total.loc[total["value"].idxmin()], total.loc[total["value"].idxmax()]
    last = total.iloc[-1]
    under = rows[(rows["measure"] == "restrictive_interventions_under_18") & (rows["period_end"] == last["period_end"])]
    under_text = f", {under.iloc[0]['value']:,.0f} of them on under-18s" if not under.empty else ""
    start, end = total["period_end"].min(), period_end(data_month)
    span = f"between {month(start)} and {month(last['period_end'])}"
    summary = [
        f"We hold monthly counts of restrictive interventions in England for {len(total)} months {span}. "
        f"They ranged from {low['value']:,.0f} in {month(low['period_end'])} ({cite(low)}) to "
        f"{high['value']:,.0f} in {month(high['period_end'])} ({cite(high)}).",
        sentence(f"The latest, for {month(last['period_end'])}, is {last['value']:,.0f}{under_text}", last),
        "Each count covers only the providers that reported that month, and that number changed from month "
        "to month, so the counts are not a like-for-like series and the chart does not join them.",
    ]
    alt_text = (
        f"Dot chart of restrictive interventions by month from the MHSDS learning disability and autism "
        f"statistics: {len(total)} monthly counts {span}, from {low['value']:,.0f} in "
        f"{month(low['period_end'])} to the most, {high['value']:,.0f} in {month(high['period_end'])}; "
        f"{last['value']:,.0f} in {month(last['period_end'])}{under_text.replace(', ', ' (', 1)}"
        f"{')' if under_text else ''}. Points are not joined because the providers reporting changed "
        f"from month to month"
    )
    if people is not None:
        alt_text += f"; {people['value']:,.0f} people restrained in {month(people['period_end'])}"
        summary.append(
            sentence(
                f"In {month(people['period_end'])}, {people['value']:,.0f} people were restrained at least once", people
            )
        )
    breaks = [b for b in BREAKS["MHSDS-LDA"] if start <= pd.Timestamp(b.start) <= end]
    if breaks:
        alt_text += f"; the series breaks in {', '.join(f'{b.start:%B %Y}' for b in breaks)}"
        summary.append(
            f"Figures from {breaks[0].start:%B %Y} are not comparable with earlier months ({breaks[0].reason})."
        )
    alt_text += "."
    chart = trend_chart(
        data,
        value="Restrictive interventions",
        y_title="Restrictive interventions in the month (count)",
        title=["Restrictive interventions", "England, by month"],
        note=["Points are not joined: the providers", "reporting changed from month to month."],
        order=measure_table.chart_labels("MHSDS-LDA", RI_SERIES),
        joined=False,
        dataset="MHSDS-LDA",
        start=start,
        end=end,
    )
    caption = (
        f"Restrictive interventions on people with a learning disability and autistic people in hospital, "
        f"England, {month(start)} to {month(rows['period_end'].max())}. Source: NHS Digital, MHSDS learning disability and "
        "autism statistics, mostly as quoted by third parties; months are as reported. Certainty of each "
        "figure in the data table."
    )
    alt_text += certainty_words(data)
    output = publish(chart, "restraint", alt_text, data, "Restrictive interventions", cycle_id)
    return Figure(output, caption, alt_text, " ".join(summary), not_confirmed(data, "Restrictive interventions"))


def send_inspections(cycle_id: str, data_month: str | dt.date, table: pd.DataFrame | None = None) -> Figure:
    """Local area SEND inspections: running totals of areas inspected and of those needing a statement of action."""
    rows = send_rows(data_month, table)
    totals = rows[rows["measure"] == "areas_total"].set_index("period_end")["value"]
    rows = rows[rows["measure"].isin(list(SEND_SERIES))]
    data, _ = chart_data("send-inspections", data_month, rows=rows)
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
    alt_text = "Dot chart of local area SEND inspections (2016 framework), running totals: " + "; ".join(parts) + "."
    start, end = rows["period_end"].min(), rows["period_end"].max()
    chart = trend_chart(
        data,
        value="Local areas",
        y_title="Local areas (count)",
        title=["Local area SEND inspections", "England, running totals"],
        note=["Each point is a total to that date,", "from a different source."],
        order=measure_table.chart_labels("SEND", SEND_SERIES),
        joined=False,
        dataset="SEND",
        start=start - pd.Timedelta(days=20),
        end=end + pd.Timedelta(days=20),
        x_title="As at",
    )
    caption = (
        f"Local area SEND inspections by Ofsted and CQC, England, as at {day(start)} to {day(end)}. Sources: "
        "gov.uk official statistics, a Department for Education written answer and press reports of Ofsted "
        "figures. Certainty of each figure in the data table."
    )
    alt_text += certainty_words(data)
    output = publish(chart, "send-inspections", alt_text, data, "Local areas", cycle_id)
    return Figure(output, caption, alt_text, " ".join(summary[:4]), not_confirmed(data, "Local areas"))
