"""The one Altair theme every chart uses, and the few rules that make a chart re-lay itself for its width.

Colours are the Government Analysis Function's accessible categorical palette
(distinguishable with the common colour-vision deficiencies and at least 3:1 against
white); a chart uses at most four of them and names its series directly, not through a
colour key alone. Text is near-black on white and never smaller than 13 px at the width
it is drawn. Axes start at zero unless a chart says otherwise and why.

Every chart is as wide as its container (`width: "container"`): in the browser Vega
sizes it to the page column and re-lays it when the window changes; vl-convert, which
has no container, draws it at `WIDTH` for the SVG and PNG files. Tick counts follow the
width and overlapping axis labels are dropped, so a narrow chart gets fewer labels, not
smaller ones.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

import altair as alt
import pandas as pd

from rssreview.evidence.vocabulary import CONFIDENCE

#: Any top-level chart: `responsive` hands back the same kind it was given.
AnyChart = TypeVar("AnyChart", bound=alt.TopLevelMixin)
PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
MAX_SERIES = 4
TEXT = "#0B0C0C"
MUTED = "#505A5F"
GRID = "#D9D9D9"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
FONT_SIZE = 13
THEME_NAME = "rssreview"
WIDTH = 560
#: How many "Jan 2019" labels fit along the x axis of a chart drawn WIDTH px wide, with room between them.
MONTH_LABELS_AT_WIDTH = 6
#: No month label in the last part of the axis, where half a centred "Jul 2021" would pass a phone chart's edge.
END_MARGIN = 0.12
HEIGHT = 300
#: For counts along x: about one tick per 60 px of width (at least three). Date axes get explicit
#: ticks from time_axis, which Vega would thin to this count, so they rely on dropping overlaps instead.
TICKS = {"expr": "max(3, floor(width / 60))"}
#: One colour per certainty word, the same in every chart and cycle (each at least 3:1 against white).
CERTAINTY_COLOURS = dict(zip(CONFIDENCE, [PALETTE[0], PALETTE[1], PALETTE[3]]))
#: Shapes that tell series apart without colour, in series order.
SHAPES = ["circle", "square", "triangle-up", "diamond"]


@alt.theme.register(THEME_NAME, enable=True)
def rssreview_theme() -> alt.theme.ThemeConfig:
    """Readable type, a colour-blind-safe palette, light grid, zero baselines, labels that never collide."""
    return {
        "config": {
            "background": "#FFFFFF",
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "title": {
                "fontSize": 16,
                "fontWeight": "bold",
                "color": TEXT,
                "anchor": "start",
                "offset": 12,
                "subtitleFontSize": FONT_SIZE,
                "subtitleColor": TEXT,
                "subtitlePadding": 6,
            },
            "axis": {
                "labelFontSize": FONT_SIZE,
                "titleFontSize": FONT_SIZE,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "gridColor": GRID,
                "domainColor": MUTED,
                "tickColor": MUTED,
                "labelOverlap": "greedy",
                "labelSeparation": 6,
                "labelFlush": True,
            },
            "axisX": {"grid": False},
            "axisXQuantitative": {"tickCount": TICKS},  # type: ignore[typeddict-item]
            # Vega-Lite takes an expression here; Altair's typed config does not list that form.
            "axisYQuantitative": {"tickCount": {"expr": "max(2, floor(height / 60))"}},  # type: ignore[typeddict-item]
            "legend": {
                "labelFontSize": FONT_SIZE,
                "titleFontSize": FONT_SIZE,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "orient": "bottom",
                "direction": "horizontal",
                "labelLimit": 0,
            },
            "range": {"category": PALETTE},
            "scale": {"zero": True},
            "line": {"strokeWidth": 3},
            "point": {"size": 60, "filled": True},
            "bar": {"color": PALETTE[0]},
            "text": {"fontSize": FONT_SIZE, "color": TEXT},
            "rule": {"color": MUTED},
        }
    }


#: How a mark shows its certainty: its fill's opacity (it keeps its coloured outline, so a hollow mark is seen).
CERTAINTY_FILL = {"confirmed": 1.0, "inferred": 0.35, "uncertain": 0.0}
#: The same fills in the key, drawn in near-black: solid, light grey, white.
CERTAINTY_KEY = {"confirmed": TEXT, "inferred": "#B6B6B6", "uncertain": "#FFFFFF"}
CERTAINTY_NAMES = {
    "confirmed": "Confirmed (solid)",
    "inferred": "Inferred (half-filled)",
    "uncertain": "Uncertain (hollow)",
}


def certainty_fill() -> alt.FillOpacity:
    """Marks filled by certainty: solid for confirmed, half-filled for inferred, hollow for uncertain."""
    return alt.FillOpacity(
        "Certainty:N",
        scale=alt.Scale(domain=list(CERTAINTY_FILL), range=list(CERTAINTY_FILL.values())),
        legend=None,
    )


def certainty_key(chart: alt.Chart) -> alt.Chart:
    """The key to certainty_fill, as a layer of invisible marks on the same data and axes.

    Vega-Lite draws no legend for a fill-opacity channel, so the key comes from a `fill` channel on
    marks of size 0, whose legend shows each certainty word beside a solid, half-filled or hollow circle.
    """
    label = " : ".join(f"datum.label == '{w}' ? '{n}'" for w, n in CERTAINTY_NAMES.items()) + " : datum.label"
    return chart.mark_point(filled=True, size=0, strokeWidth=0).encode(
        fill=alt.Fill(
            "Certainty:N",
            scale=alt.Scale(domain=list(CERTAINTY_KEY), range=list(CERTAINTY_KEY.values())),
            legend=alt.Legend(
                title="Certainty of each figure",
                orient="bottom",
                direction="vertical",
                symbolType="circle",
                symbolSize=100,
                symbolStrokeColor=TEXT,
                symbolStrokeWidth=2,
                labelExpr=label,
                titleLimit=0,
            ),
        ),
        tooltip=alt.value(None),
    )


def enable() -> None:
    """Make the project theme the active one (idempotent)."""
    alt.theme.enable(THEME_NAME)


def colours(n: int) -> list[str]:
    """The first n palette colours; more than MAX_SERIES series need small multiples instead."""
    if n > MAX_SERIES:
        raise ValueError(f"{n} series in one chart; at most {MAX_SERIES} colours, so use small multiples")
    return PALETTE[:n]


def responsive(chart: AnyChart) -> AnyChart:
    """As wide as the page column in the browser, WIDTH px in the exported SVG and PNG."""
    return chart.properties(width="container")


def time_axis(start: pd.Timestamp, end: pd.Timestamp, title: str) -> alt.Axis:
    """A date axis with ticks at whole years (or quarters, or months, for short spans) between two timestamps.

    Vega drops whichever labels would overlap at the drawn width, so a narrow chart shows
    every other year rather than years printed over each other. Use it with a UTC time
    scale: month ends are dates, and a reader's time zone must not move them.
    """
    span_years = (end - start).days / 365.25
    freq, fmt = ("YS", "%Y") if span_years >= 3 else ("QS", "%b %Y") if span_years >= 1 else ("MS", "%b %Y")
    ticks = pd.date_range(start, end, freq=freq)
    # The drawn chart (SVG, PDF) keeps labels Vega drops as invisible text, which a PDF's text layer prints over
    # the shown ones ('Apr' over '2019'): give the static width no more month labels than it shows.
    if fmt != "%Y":
        ticks = ticks[:: -(-len(ticks) // MONTH_LABELS_AT_WIDTH)]
        ticks = ticks[ticks <= end - (end - start) * END_MARGIN]  # a centred label there would pass the edge
    values = [alt.DateTime(year=t.year, month=t.month, date=1, utc=True) for t in ticks]
    return alt.Axis(title=title, values=values, format=fmt, labelOverlap="greedy")


def with_fixed_inline_spec(output):
    """A chart output whose page-embedded spec is WIDTH px wide, while its `.vl.json` file stays container-wide.

    The site script that loads `figures/<cycle>/<name>.vl.json` fits the chart to the page
    column; the copy embedded in the page serves scripts that know nothing of container
    sizing (they would measure a hidden element as 0 px wide), and draws exactly as the SVG.
    """
    fixed = {**output.spec, "width": WIDTH, "autosize": {"type": "fit-x", "contains": "padding"}}
    return dataclasses.replace(output, spec=fixed)
