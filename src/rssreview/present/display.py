"""Deterministic display outputs for executed notebooks.

Every chart is stored as one output holding: an HTML block (the static SVG as an
image with alt text, the Vega-Lite spec for the site's own Vega bundle to make it
interactive, the data as a table and a CSV link), the SVG itself (what the PDF and
nbval use) and a short text. Nothing here carries a random id or a timestamp, so
re-executing an unchanged notebook gives byte-identical outputs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc
from IPython.display import Markdown

from rssreview.files import write_if_changed
from rssreview.paths import FIGURES, ROOT
from rssreview.present import theme
from rssreview.present.text import csv_safe, html_text, md as markdown_escape

theme.enable()


@dataclass(frozen=True)
class ChartOutput:
    """A chart ready for display: its files and the MIME bundle a notebook stores."""

    name: str
    alt: str
    spec: dict
    svg: str
    data: pd.DataFrame
    csv_path: Path

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {
            "text/html": chart_html(self),
            "image/svg+xml": self.svg,
            "text/plain": f"Chart: {self.alt}",
        }
        return data, {"image/svg+xml": {"alt": self.alt}}


def figure_dir(cycle_id: str) -> Path:
    return FIGURES / cycle_id


def page_link(path: Path) -> str:
    """A link from a chapter page (notebooks/NN.html) to a project file copied into the site."""
    return "../" + path.relative_to(ROOT).as_posix()


def data_csv(df: pd.DataFrame) -> str:
    """The CSV form of a table, with LF endings and no index, as published; no text cell can run as a formula."""
    return df.map(csv_safe).to_csv(index=False, lineterminator="\n")


def export_chart(chart: alt.TopLevelMixin, *, name: str, alt_text: str, data: pd.DataFrame,
                 cycle_id: str) -> ChartOutput:
    """Render a chart to SVG, PNG, its spec and its data CSV under figures/<cycle>/."""
    spec = chart.to_dict()
    spec.setdefault("description", alt_text)
    svg = vlc.vegalite_to_svg(spec)
    png = vlc.vegalite_to_png(spec, scale=2)
    folder = figure_dir(cycle_id)
    write_if_changed(folder / f"{name}.svg", svg)
    write_if_changed(folder / f"{name}.png", png)
    write_if_changed(folder / f"{name}.vl.json", json.dumps(spec, indent=1, sort_keys=True) + "\n")
    csv_path = write_if_changed(folder / f"{name}.csv", data_csv(data))
    return ChartOutput(name=name, alt=alt_text, spec=spec, svg=svg, data=data, csv_path=csv_path)


def chart_html(out: ChartOutput) -> str:
    """The HTML for a chart: static SVG first, upgraded to an interactive chart by the site script."""
    spec_json = json.dumps(out.spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    ident = hashlib.sha256(spec_json.encode()).hexdigest()[:12]
    svg64 = base64.b64encode(out.svg.encode("utf-8")).decode("ascii")
    title = out.spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    caption = html.escape(f"Data behind the chart: {title}" if title else "Data behind the chart", quote=False)
    table = out.data.to_html(index=False, border=0, classes="rss-chart-data", escape=True)
    table = table.replace("<th>", '<th scope="col">').replace("<thead>", f"<caption>{caption}</caption>\n  <thead>", 1)
    return (
        f'<div class="rss-chart" id="rss-chart-{ident}">'
        f'<img class="rss-chart-static" alt="{html_text(out.alt)}" '
        f'src="data:image/svg+xml;base64,{svg64}">'
        f'<script type="application/json" class="rss-chart-spec">{spec_json}</script>'
        f"</div>\n"
        f'<details class="rss-chart-table"><summary>Show the data behind this chart as a table</summary>\n'
        f"{table}\n</details>\n"
        f'<p class="rss-download"><a href="{page_link(out.csv_path)}" download>'
        f"Download the data for this chart (CSV)</a></p>\n"
    )


def html_only(markdown: str) -> str:
    """Content that only makes sense on the site (downloads), hidden from the PDF by Quarto and by us."""
    return f'::: {{.content-visible when-format="html"}}\n{markdown}\n:::'


def show_table(df: pd.DataFrame, *, name: str, cycle_id: str, floatfmt: str = ",.0f") -> Markdown:
    """A table as Markdown (a real table in HTML and PDF) with a link to its CSV."""
    csv_path = write_if_changed(figure_dir(cycle_id) / f"{name}.csv", data_csv(df))
    safe = df.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: v if pd.isna(v) else markdown_escape(str(v)))
    safe.columns = [markdown_escape(str(c)) for c in safe.columns]
    body = safe.to_markdown(index=False, floatfmt=floatfmt)
    link = html_only(f"[Download this table (CSV)]({page_link(csv_path)})")
    return Markdown(f"{body}\n\n{link}\n")


