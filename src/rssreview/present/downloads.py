"""Every file a reader can download, named in one place, and the CSV bundle built from the Data Package.

The landing page lists them, the tests check each one exists in the built site, and the CLI
builds the CSVs, `datapackage.json`, the workbook and the zip beside the figures before a render
so both renderers publish them. The data files are the resources of rssreview.present.datapackage.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from rssreview.evidence.load import EvidenceTables
from rssreview.files import write_if_changed
from rssreview.paths import FIGURES, QUARTO_YML, ROOT, display_path
from rssreview.present import datapackage, words
from rssreview.present.spreadsheet import workbook_name
from rssreview.present.text import local_link
from rssreview.publication import settings

#: The Easy Read chapter, as listed in _quarto.yml.
EASY_READ_PAGE = "notebooks/13_easy_read.html"
#: The edition's spreadsheet and CSV zip under names without the cycle, so every page's footer (set once in
#: _quarto.yml) can link them; written before each render from the cycle's own files, and not committed.
EDITION_FOLDER = "figures/edition"
EDITION_WORKBOOK = f"{EDITION_FOLDER}/rss-progress-report-tables.xlsx"
EDITION_ZIP = f"{EDITION_FOLDER}/rss-progress-report-csv.zip"
#: Every zip entry gets this timestamp (the earliest a zip can hold), so the bytes depend on content only.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Download:
    """One download: what it is called, its path inside the published site, and its format."""

    label: str
    path: str
    kind: str
    about: str


def pdf_name(quarto_yml: Path = QUARTO_YML) -> str:
    """The PDF's file name, from `book.output-file` in _quarto.yml (the renderers name it so)."""
    return f"{settings(quarto_yml).output_file}.pdf"


def easy_read_pdf_name(quarto_yml: Path = QUARTO_YML) -> str:
    """The Easy Read PDF, written at the site root by the Easy Read build as `<output-file>-easy-read.pdf`."""
    return pdf_name(quarto_yml).removesuffix(".pdf") + "-easy-read.pdf"


def zip_name(cycle_id: str) -> str:
    return f"rss-progress-report-csv-{cycle_id}.zip"


def figure_folder(cycle_id: str) -> Path:
    return FIGURES / cycle_id


def downloads(cycle_id: str) -> list[Download]:
    """The publication's downloads, in the order the landing page offers them."""
    folder = f"figures/{cycle_id}"
    return [
        Download(
            "The whole report", pdf_name(), "PDF", "every chapter, table and chart, for printing or reading offline"
        ),
        Download(
            "All the tables",
            f"{folder}/{workbook_name(cycle_id)}",
            "Excel spreadsheet",
            "one table to a worksheet, with notes, in an accessible layout",
        ),
        Download(
            "All the data as CSV files",
            f"{folder}/{zip_name(cycle_id)}",
            "ZIP of CSV files",
            "the data behind every table and chart, one CSV file each, described by a Frictionless Data Package",
        ),
        Download(
            "Description of the data files",
            f"{folder}/{datapackage.PACKAGE_FILE}",
            "JSON file",
            "each CSV file's columns, types, units, allowed values and keys, with the licence and sources, as a "
            "Frictionless Data Package",
        ),
        Download("Easy Read version", easy_read_pdf_name(), "PDF", "the findings in short sentences with pictures"),
        Download("Easy Read version", EASY_READ_PAGE, "web page", "the same Easy Read text as a web page"),
    ]


def where_shown(resource: datapackage.Resource) -> str:
    """Where a page shows a data file: its tables and charts as cross references ("@fig-restraint"), which
    Quarto and the built-in renderer turn into "Figure 11.1", numbered as the captions are, with a link."""
    if not resource.shown_in:
        return words.md(resource.shown)
    references = words.join_and([f"@{label}" for label in resource.shown_in])
    return f"shown in {references} ({words.md(resource.shown)})"


def download_list(cycle_id: str, *, page_path: str) -> str:
    """The downloads as a Markdown list, each link relative to the page at `page_path` (e.g. 'index.html'),
    then every data file of the cycle, each on its own, with where it appears."""
    up = "../" * page_path.count("/")
    items = [f"- {local_link(f'{d.label} ({d.kind})', up + d.path)}: {d.about}." for d in downloads(cycle_id)]
    items.append("- Each data file on its own (CSV):")
    items += [
        f"    - {local_link(f'{r.title} (CSV)', f'{up}figures/{cycle_id}/{r.path}')}: {where_shown(r)}."
        for r in datapackage.RESOURCES
    ]
    return "\n".join(items)


def csv_files(folder: Path) -> list[Path]:
    """The CSV files the cycle's Data Package describes, in name order (none before it is written)."""
    package = folder / datapackage.PACKAGE_FILE
    if not package.is_file():
        return []
    names = [r["path"] for r in json.loads(package.read_text(encoding="utf-8"))["resources"]]
    return sorted((folder / name for name in names), key=lambda p: p.name)


def _readme(tables: EvidenceTables, cycle_id: str, files: list[Path]) -> str:
    cycle = tables.cycle(cycle_id)
    listing = "\n".join(f"- {path.name}" for path in files)
    return (
        f"Data behind the tables and charts of an independent, reproducible rebuild of\n"
        f"'{cycle['title']}' (published by the Care Quality Commission on "
        f"{words.long_date(cycle['publication_date'])}).\n\n"
        "This is not an official Care Quality Commission (CQC) publication. CQC material is used under the\n"
        "Open Government Licence v3.0: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\n\n"
        "Each file is UTF-8 CSV with one header row and every cell quoted: one variable per column, numbers as\n"
        "plain numbers, dates as ISO 8601 (YYYY-MM-DD). datapackage.json (a Frictionless Data Package) gives\n"
        "each column's type, unit and allowed values, and each file's keys. The spreadsheet in the same\n"
        "release holds the same tables, one to a sheet, with notes on what they mean.\n\n"
        f"Files:\n{listing}\n"
    )


def build_csv_zip(tables: EvidenceTables, cycle_id: str, folder: Path | None = None) -> Path:
    """Write figures/<cycle>/rss-progress-report-csv-<cycle>.zip from the cycle's CSV files.

    Entries are sorted by name, each carries the same fixed timestamp and permissions, and a
    README says what the files are: the same CSVs always give the same bytes. Raises ValueError if there
    is no CSV to bundle (the chapters have not been executed for this cycle).
    """
    folder = folder or figure_folder(cycle_id)
    files = csv_files(folder)
    if not files:
        raise ValueError(
            f"{display_path(folder)}: no data package to bundle; build the downloads first "
            f"(rssreview build --cycle {cycle_id})"
        )
    top = zip_name(cycle_id).removesuffix(".zip")
    entries = [("README.txt", _readme(tables, cycle_id, files).encode("utf-8"))]
    entries += [(path.name, path.read_bytes()) for path in [*files, folder / datapackage.PACKAGE_FILE]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, whichever system builds it
            archive.writestr(info, data, compresslevel=9)
    return write_if_changed(folder / zip_name(cycle_id), buffer.getvalue())


def write_edition_copies(cycle_id: str, root: Path = ROOT) -> list[Path]:
    """Copy the cycle's spreadsheet and CSV zip to the cycle-free names the page footer links."""
    folder = FIGURES / cycle_id
    pairs = [
        (folder / workbook_name(cycle_id), root / EDITION_WORKBOOK),
        (folder / zip_name(cycle_id), root / EDITION_ZIP),
    ]
    missing = [display_path(source) for source, _ in pairs if not source.is_file()]
    if missing:
        raise ValueError(f"{', '.join(missing)}: not built yet; run rssreview build --cycle {cycle_id}")
    return [write_if_changed(target, source.read_bytes()) for source, target in pairs]


def write_downloads(tables: EvidenceTables, cycle_id: str, edition: dt.date) -> list[Path]:
    """Every download both renderers publish beside the figures: each data file's CSV, `datapackage.json`,
    the spreadsheet of the same tables, the zip of the CSVs with the package, and the cycle-free copies
    that the page footer links. `edition` is this edition's date (rssreview.book.edition), which the
    package and the workbook carry. Returns the files written."""
    from rssreview.present.spreadsheet import build_workbook

    frames = datapackage.frames(tables, cycle_id)
    csvs = datapackage.write_csvs(frames, figure_folder(cycle_id))
    package = datapackage.write_package(tables, cycle_id, edition, figure_folder(cycle_id))
    workbook = Path(build_workbook(tables, cycle_id, figure_folder(cycle_id), edition, frames))
    archive = build_csv_zip(tables, cycle_id)
    return [*csvs, package, workbook, archive, *write_edition_copies(cycle_id)]
