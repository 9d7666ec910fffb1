"""Chart geometry: every chart's text is readable at desktop and phone widths.

Each chart is rendered to SVG with vl-convert (the same renderer as the published SVG
and PNG) at the width of the exported files, of the page column at 1280 px and of a
chart on a 320 px phone.
Text boxes come from the SVG itself: each <text>'s position (all enclosing translates
and its rotation), anchor, font size and a width from Helvetica/Arial character
widths (Liberation Sans, the font named first, has the same metrics), taken 10% wider
for readers whose browser falls back to a wider font. No two visible
texts may overlap (one text drawn twice in the same place, as a white halo under the
text itself, counts once), none may fall outside the picture and none may be under 12 px.
"""

from __future__ import annotations

import copy
import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from rssreview import run
from rssreview.present import display, national_charts, summary, theme

NARROW = 288  # a chart's room on a 320 px phone (the page keeps 16 px each side; measured in Chromium)
DESKTOP = 736  # a chart's room in the page column at 1280 px (measured in Chromium)
SVG = "{http://www.w3.org/2000/svg}"
# Helvetica/Arial advance widths in 1/1000 em, printable ASCII from space (32) to tilde (126).
WIDTHS = [
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    191,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    *[556] * 10,
    278,
    278,
    584,
    584,
    584,
    556,
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,
    333,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,
]
BOLD = 1.08  # Helvetica Bold is about 8% wider on average
FALLBACK = 1.1  # a reader without Arial or Liberation Sans gets a wider sans-serif, such as DejaVu Sans


def text_width(text: str, size: float, bold: bool) -> float:
    em = sum(WIDTHS[ord(c) - 32] if 32 <= ord(c) <= 126 else 556 for c in text) / 1000
    return em * size * (BOLD if bold else 1) * FALLBACK


@dataclass(frozen=True)
class Box:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    size: float

    def overlaps(self, other: Box, slack: float = 0.5) -> bool:
        return (
            min(self.right, other.right) - max(self.left, other.left) > slack
            and min(self.bottom, other.bottom) - max(self.top, other.top) > slack
        )


Matrix = tuple[float, float, float, float, float, float]  # SVG's (a b c d e f)
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    return (
        a * n[0] + c * n[1],
        b * n[0] + d * n[1],
        a * n[2] + c * n[3],
        b * n[2] + d * n[3],
        a * n[4] + c * n[5] + e,
        b * n[4] + d * n[5] + f,
    )


def _matrix(transform: str) -> Matrix:
    """An SVG transform list (translate and rotate, as Vega writes them) as one matrix."""
    m = IDENTITY
    for kind, args in re.findall(r"(translate|rotate)\(([^)]*)\)", transform):
        values = [float(v) for v in re.split(r"[ ,]+", args.strip())]
        if kind == "translate":
            step = (1.0, 0.0, 0.0, 1.0, values[0], values[1] if len(values) > 1 else 0.0)
        else:
            cos, sin = math.cos(math.radians(values[0])), math.sin(math.radians(values[0]))
            step = (cos, sin, -sin, cos, 0.0, 0.0)
        m = _times(m, step)
    return m


def text_boxes(svg: str) -> tuple[list[Box], float, float]:
    """The box of every visible text in an SVG from vl-convert, and the picture's width and height."""
    root = ET.fromstring(svg)
    boxes: list[Box] = []

    def visit(node, outer: Matrix, hidden: bool) -> None:
        hidden = hidden or node.get("opacity") == "0" or node.get("fill-opacity") == "0"
        m = _times(outer, _matrix(node.get("transform", "")))
        if node.tag == SVG + "text" and not hidden and "".join(node.itertext()).strip():
            size = float(node.get("font-size", "11px").removesuffix("px"))
            lines = [t.text or "" for t in node.findall(SVG + "tspan")] or ["".join(node.itertext())]
            width = max(text_width(line, size, node.get("font-weight") == "bold") for line in lines)
            start = {"start": 0.0, "middle": -width / 2, "end": -width}[node.get("text-anchor", "start")]
            top, bottom = -0.8 * size, size * 1.2 * (len(lines) - 1) + 0.2 * size  # ascent above the baseline
            corners = [
                (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
                for x in (start, start + width)
                for y in (top, bottom)
            ]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            boxes.append(Box(" / ".join(lines), min(xs), min(ys), max(xs), max(ys), size))
            return
        for child in node:
            visit(child, m, hidden)

    visit(root, IDENTITY, False)
    return list(dict.fromkeys(boxes)), float(root.get("width", "nan")), float(root.get("height", "nan"))


def problems(spec: dict, room: float | None = None) -> list[str]:
    """Every overlap, text outside the picture and text under 12 px in the spec's SVG, shown `room` px wide at most.

    A picture wider than its room is scaled down to fit, and its text with it.
    """
    boxes, width, height = text_boxes(vlc.vegalite_to_svg(spec))
    scale = min(1.0, room / width) if room else 1.0
    found = [f"{a.text!r} overlaps {b.text!r}" for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]
    found += [
        f"{b.text!r} is outside the {width:.0f}x{height:.0f} picture"
        for b in boxes
        if b.left < -0.5 or b.top < -0.5 or b.right > width + 0.5 or b.bottom > height + 0.5
    ]
    found += [f"{b.text!r} is {b.size * scale:.1f} px" for b in boxes if b.size * scale < 12]
    return found


def at_width(spec: dict, width: int) -> dict:
    """The spec as the site lays it out in a container `width` px wide: only a container-width spec re-lays
    itself (vl-convert draws it at the configured width); any other is drawn as it is and scaled to fit."""
    if spec.get("width") != "container":
        return spec
    sized = copy.deepcopy(spec)
    sized.setdefault("config", {}).setdefault("view", {})["continuousWidth"] = width
    return sized


CYCLES = ("2021-12", "2022-03")
BUILDERS = {
    "people in hospital": national_charts.people_in_hospital,
    "restraint": national_charts.restraint,
    "SEND inspections": national_charts.send_inspections,
}


@pytest.fixture(scope="module")
def specs(tmp_path_factory) -> dict[str, dict]:
    """The `.vl.json` file the site loads for every chart of both cycles, built once into a temporary folder."""
    folder = tmp_path_factory.mktemp("figures")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(display, "FIGURES", folder)
        tables = run.tables()
        found = {}
        for cycle_id in CYCLES:
            data_month = tables.cycle(cycle_id)["data_month"]
            outputs = {name: build(cycle_id, data_month).output for name, build in BUILDERS.items()}
            outputs["status counts"] = summary.counts_chart(tables, cycle_id)
            for name, output in outputs.items():
                found[f"{name} {cycle_id}"] = json.loads((folder / cycle_id / f"{output.name}.vl.json").read_text())
    return found


@pytest.mark.parametrize("width", [theme.WIDTH, DESKTOP, NARROW], ids=["exported", "desktop", "narrow"])
@pytest.mark.parametrize("name", [f"{n} {c}" for c in CYCLES for n in [*BUILDERS, "status counts"]])
def test_chart_text_is_readable(specs, name, width):
    assert problems(at_width(specs[name], width), room=width) == []


def test_the_check_finds_dates_printed_over_each_other():
    """The SEND chart as first published: three dates under narrow bars print over each other."""
    data = pd.DataFrame({"As at": ["2021-03-31", "2021-04-13", "2021-08-31"], "Local areas": [116, 117, 123]})
    theme.enable()
    axis = alt.Axis(labelAngle=0, labelOverlap=False)  # Vega's default for a band axis, as that chart had it
    chart = alt.Chart(data).mark_bar().encode(x=alt.X("As at:N", axis=axis), y="Local areas:Q")
    found = problems(chart.to_dict())
    assert any("'2021-03-31' overlaps '2021-04-13'" in p for p in found), found


def test_the_check_finds_small_and_cut_off_text():
    data = pd.DataFrame({"x": [1, 2], "y": [1, 2], "label": ["a label", "a long label that runs off the right edge"]})
    chart = (
        alt.Chart(data)
        .mark_text(fontSize=9, align="left")
        .encode(x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), text="label:N")
    )
    found = problems(chart.properties(width=200, autosize="none").to_dict())
    assert "'a label' is 9.0 px" in found and "'a label' is outside the 210x310 picture" not in found, found
    assert "'a long label that runs off the right edge' is outside the 210x310 picture" in found, found
