"""Deterministic display outputs for executed notebooks, in the forms Quarto renders faithfully.

Every chart is stored as one output holding a Markdown image of its SVG file under `figures/<cycle>/`
with its alt text as attributes (the form Quarto reads alt text from, in HTML and Typst), its data as a
table and CSV link for the site, an absolute CSV link for the PDF, and the SVG itself (what nbval
compares). No output carries `text/html` or JavaScript: Quarto would add require.js and jQuery from a
CDN to the page. The site-wide chart script upgrades each chart image from its Vega-Lite spec file.
Nothing here carries a random id or a timestamp, so re-executing gives byte-identical outputs.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc
from IPython.display import Markdown

from rssreview.files import write_if_changed
from rssreview.paths import CACHE, FIGURES, ROOT
from rssreview.present import theme
from rssreview.present.text import autolink, csv_safe, image, local_link
from rssreview.present.text import md as markdown_escape
from rssreview.present.words import long_date
from rssreview.publication import settings

theme.enable()


@dataclass(frozen=True)
class DataFile:
    """A download: its file name without `.csv` (a Data Package resource, rssreview.present.datapackage) and the
    tidy frame written to it. The page shows a table formatted for reading; the file holds this frame."""

    name: str
    frame: pd.DataFrame


@dataclass(frozen=True)
class ChartOutput:
    """A chart ready for display: its files and the MIME bundle a notebook stores."""

    name: str
    alt: str
    spec: dict
    svg: str
    data: pd.DataFrame
    csv_path: Path
    #: The data behind the chart as the page shows it (dates in words); `data` when not given.
    table: pd.DataFrame | None = None

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {
            "text/markdown": chart_markdown(self),
            "image/svg+xml": self.svg,
            "text/plain": f"Chart: {self.alt}",
        }
        return data, {}


def figure_dir(cycle_id: str) -> Path:
    return FIGURES / cycle_id


def project_path(path: Path) -> str:
    """A project file's path inside the project (and the published site)."""
    return path.relative_to(ROOT).as_posix()


def page_link(path: Path) -> str:
    """A link from a chapter page (notebooks/NN.html) to a project file copied into the site."""
    return "../" + project_path(path)


def site_link(path: Path) -> str:
    """A published project file for the PDF, as Markdown: its absolute address, linked (from `book.site-url`), or,
    in a local build (no site address), its file name and where it is, with no address."""
    url = settings().url(project_path(path))
    if url is None:
        return f"{markdown_escape(path.name)}, with this edition's downloads (a local build, not published: no web address)"
    return autolink(url)


def data_csv(df: pd.DataFrame) -> str:
    """The CSV form of a table, with LF endings and no index, as published; no text cell can run as a formula.

    Every cell is quoted, so a spreadsheet that splits cells on semicolons (or commas inside a cell) keeps
    each cell whole and never reads part of one as a new cell starting a formula; quoted numbers still load
    as numbers (pandas, frictionless and spreadsheets all read them so).
    """
    return df.map(csv_safe).to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_ALL)


def write_data_file(download: DataFile, cycle_id: str) -> Path:
    """Write a download's CSV under figures/<cycle>/, only when its bytes change."""
    return write_if_changed(figure_dir(cycle_id) / f"{download.name}.csv", data_csv(download.frame))


def export_chart(
    chart: alt.TopLevelMixin,
    *,
    name: str,
    alt_text: str,
    data: pd.DataFrame,
    download: DataFile,
    cycle_id: str,
    table: pd.DataFrame | None = None,
) -> ChartOutput:
    """Render a chart to SVG, PNG and its spec under figures/<cycle>/, with the tidy CSV of its data.

    `data` is the data behind the chart, `table` the same as a reader sees it on the page (when it differs),
    and `download` the tidy file."""
    spec = chart.to_dict()
    spec.setdefault("description", alt_text)
    svg, png = drawn(spec)
    folder = figure_dir(cycle_id)
    write_if_changed(folder / f"{name}.svg", svg)
    write_if_changed(folder / f"{name}.png", png)
    write_if_changed(folder / f"{name}.vl.json", json.dumps(spec, indent=1, sort_keys=True) + "\n")
    csv_path = write_data_file(download, cycle_id)
    return ChartOutput(name=name, alt=alt_text, spec=spec, svg=svg, data=data, csv_path=csv_path, table=table)


def drawn(spec: dict) -> tuple[str, bytes]:
    """The chart's SVG and PNG (2x), from the cache when this exact spec was drawn before.

    vl-convert starts a JavaScript engine for a process's first chart (one to two seconds), so an
    unchanged chart is taken from .cache/charts/, keyed by the spec and vl-convert's version.
    """
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    version = metadata.version("vl-convert-python")  # the stub has no vl_convert.__version__
    key = hashlib.sha256(f"{version}\0{text}".encode()).hexdigest()
    svg_path, png_path = CACHE / "charts" / f"{key}.svg", CACHE / "charts" / f"{key}.png"
    if svg_path.is_file() and png_path.is_file():
        return svg_path.read_text(encoding="utf-8"), png_path.read_bytes()
    svg = vlc.vegalite_to_svg(spec)
    png = vlc.vegalite_to_png(spec, scale=2)
    write_if_changed(png_path, png)
    write_if_changed(svg_path, svg)  # written last: the pair is complete once the SVG is there
    return svg, png


def chart_markdown(out: ChartOutput) -> str:
    """The chart as Quarto renders it: a Markdown image with alt text, then its data for each format.

    The image has no description, so Pandoc does not make a figure of its own inside the labelled
    cell's figure; `alt` is what Pandoc and Quarto put on `<img>` and on Typst's `image(alt:)`, and
    `fig-alt` is Quarto's own key for the same text.
    """
    svg = out.csv_path.parent / f"{out.name}.svg"
    alt_text = " ".join(out.alt.split())
    picture = image(page_link(svg), alt_text, "rss-chart")
    title = chart_title(out.spec)
    caption = f"Data behind the chart: {markdown_escape(title)}" if title else "Data behind the chart"
    site = html_only(
        '```{=html}\n<details class="rss-chart-table"><summary>Show the data behind this chart as a table</summary>\n```'
        f"\n\n{markdown_table(out.data if out.table is None else out.table)}\n\n: {caption}\n\n```{{=html}}\n</details>\n```\n\n"
        + local_link("Download the data for this chart (CSV)", page_link(out.csv_path))
    )
    pdf = pdf_only(f"Data for this chart (CSV): {site_link(out.csv_path)}")
    return f"{picture}\n\n{site}\n\n{pdf}\n"


def chart_title(spec: dict) -> str:
    """A chart's title as words: its lines joined with commas ("People in hospital, England, month ends")."""
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    lines = [text] if isinstance(text, str) else list(text or [])
    return ", ".join(str(line).strip() for line in lines if str(line).strip())


def html_only(markdown: str) -> str:
    """Content that only makes sense on the site (tables to unfold, relative links), hidden from the PDF."""
    return f'::: {{.content-visible when-format="html"}}\n{markdown}\n:::'


def pdf_only(markdown: str) -> str:
    """Content for the PDF only (absolute links to the site's downloads), hidden from the site."""
    return f'::: {{.content-hidden when-format="html"}}\n{markdown}\n:::'


SEPARATOR_CELL = re.compile(r"^\s*(:?)-+(:?)\s*$")


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def markdown_table(df: pd.DataFrame, floatfmt: str = ",.0f") -> str:
    """A pipe table with short separators (`|---|---:|`).

    Pandoc turns separator dashes into relative column widths when a line is long, and the padded
    dashes `tabulate` writes made columns print over each other in Quarto's PDF. Short, equal
    separators keep only the alignment; `tbl-colwidths: auto` in `_quarto.yml` lets the page lay out
    the columns.
    """
    safe = df.copy()
    for column in safe.columns:
        # Readers meet UK long dates ('31 March 2015'); the CSV beside the table keeps the ISO form.
        if pd.api.types.is_datetime64_any_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: v if pd.isna(v) else long_date(f"{v:%Y-%m-%d}"))
        elif safe[column].map(lambda v: isinstance(v, str) and ISO_DAY.match(v) is not None).any():
            safe[column] = safe[column].map(lambda v: long_date(v) if isinstance(v, str) and ISO_DAY.match(v) else v)
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: v if pd.isna(v) else markdown_escape(str(v)))
    safe.columns = [markdown_escape(str(c)) for c in safe.columns]
    lines = safe.to_markdown(index=False, floatfmt=floatfmt).split("\n")
    cells = [SEPARATOR_CELL.match(cell) for cell in lines[1].strip().strip("|").split("|")]
    lines[1] = "|" + "|".join(f"{m[1]}---{m[2]}" if m else "---" for m in cells) + "|"
    return "\n".join(line.rstrip() for line in lines)


def show_table(df: pd.DataFrame, *, download: DataFile, cycle_id: str, floatfmt: str = ",.0f") -> Markdown:
    """A table formatted for reading, as Markdown (a real table in HTML and PDF), with a link in each format
    to its tidy CSV (`download`)."""
    csv_path = write_data_file(download, cycle_id)
    body = markdown_table(df, floatfmt=floatfmt)
    site = html_only(local_link("Download this table (CSV)", page_link(csv_path)))
    pdf = pdf_only(f"Download this table (CSV): {site_link(csv_path)}")
    return Markdown(f"{body}\n\n{site}\n\n{pdf}\n")
