"""The text a reader can get from each published file, with where it is, for the privacy guard.

The guard must scan what is published, not only what was typed: executed notebooks (their
Markdown cells and every output a page or PDF shows), Markdown chapters such as index.md,
the CSV downloads and the workbook. Each reader yields (place, text) or table cells, so a
finding names the notebook cell and output, the CSV row and column, or the worksheet cell.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import yaml
from bs4 import BeautifulSoup

from rssreview.files import SAFE_LOADER
from rssreview.paths import display_path

#: Attributes whose values a reader (or a screen reader) is shown.
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder", "href")
#: Notebook outputs that become page text, in the forms the renderers use.
TEXT_MIMES = ("text/markdown", "text/plain", "text/latex")
MARKUP_MIMES = ("text/html", "image/svg+xml")


def _join(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def markup_text(markup: str) -> str:
    """What HTML or SVG shows or says: element text, shown attributes, and the strings in embedded JSON
    (chart specifications); never image data. Each piece is a paragraph of its own (a blank line between
    pieces), so the guard never reads two table cells or two axis labels as one number."""
    soup = BeautifulSoup(markup, "html.parser")
    parts: list[str] = []
    for script in soup.find_all(["script", "style"]):
        if script.name == "script" and "json" in (script.get("type") or ""):
            try:
                parts.extend(_json_strings(json.loads(script.get_text())))
            except ValueError:
                parts.append(script.get_text())
        elif script.name == "script":
            parts.append(script.get_text())
        script.decompose()
    parts.append(soup.get_text("\n\n"))
    for element in soup.find_all(True):
        for name in SHOWN_ATTRIBUTES:
            value = element.get(name)
            if isinstance(value, str) and not value.startswith("data:"):
                parts.append(value)
    return "\n\n".join(parts)


def split_options(code: str) -> tuple[str, str]:
    """A code cell's leading Quarto `#|` option comments as YAML text, and the code after them."""
    lines = code.split("\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith("#|")), len(lines))
    return "\n".join(line[2:].removeprefix(" ") for line in lines[:count]), "\n".join(lines[count:])


def setting_strings(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    """(dotted key, text) for every key and string of parsed settings (YAML or JSON): what a template may show.
    List items are numbered from 1 (`related.2.url`)."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            path = f"{key}.{name}" if key else str(name)
            yield path, str(name)
            yield from setting_strings(item, path)
    elif isinstance(value, list):
        for number, item in enumerate(value, start=1):
            yield from setting_strings(item, f"{key}.{number}" if key else str(number))


def _option_texts(cell: str, yaml_text: str) -> Iterator[tuple[str, str]]:
    """(place, text) for what a cell's options can show (`fig-cap`, `fig-alt`, `tbl-cap`...), as YAML reads them
    (escapes decoded), or the options as typed when they are not valid YAML."""
    try:
        parsed = yaml.load(yaml_text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        yield f"{cell}, options", yaml_text
        return
    for key, text in setting_strings(parsed):
        yield f"{cell}, option {key}", text


def notebook_texts(path: Path, outputs: bool = True) -> Iterator[tuple[str, str]]:
    """(place, text) for every Markdown cell, every code cell's options (captions and alt text reach the page)
    and, with `outputs`, every shown output of a notebook (code is hidden). Without `outputs`, what is published
    before anything is executed."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    name = display_path(path)
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") == "markdown":
            yield f"{name}, cell {number}", markdown_as_read(_join(cell.get("source", "")))
            continue
        options, _ = split_options(_join(cell.get("source", "")))
        if options:
            yield from _option_texts(f"{name}, cell {number}", options)
        if outputs:
            yield from _output_texts(f"{name}, cell {number}", cell.get("outputs", []))


#: A raw HTML or Typst block in pandoc Markdown (```{=html} … ```), as the Easy Read page writes its pictures.
RAW_HTML = re.compile(r"```\{=(?:html|typst)\}\n(.*?)```", re.S)


def raw_html_as_shown(markdown: str) -> str:
    """Markdown with each raw HTML or Typst block replaced by what it shows (its text and shown attributes, as
    HTML would show them), so the numbers of an inline SVG picture's drawing are not read as text."""
    return RAW_HTML.sub(lambda m: markup_text(m.group(1)) + "\n", markdown)


#: An inline HTML tag on one line, with the attributes a reader is shown.
_INLINE_TAG = re.compile(r"<[A-Za-z/!][^<>\n]{0,500}>")
_SHOWN_ATTRIBUTE = re.compile(rf"""\b(?:{"|".join(SHOWN_ATTRIBUTES)})\s*=\s*["']([^"'\n]*)["']""")
#: Emphasis and code marks at the edge of a word (`**Smith**`, `_Smith_`, `` `Smith` ``), not inside one (jo_doe).
_EMPHASIS = re.compile(r"(?<![\w\\])[*_~`]{1,3}(?=\S)|(?<=\S)[*_~`]{1,3}(?!\w)")


def markdown_as_read(markdown: str) -> str:
    """Markdown as a reader sees it on the page: inline HTML tags and emphasis marks removed (so `Mr **Smith**`
    and `Mr <b>Smith</b>` read "Mr Smith"), the tags' shown attributes (alt text, titles) kept after their tag;
    line breaks stay where they were."""

    def shown(tag: re.Match[str]) -> str:
        attributes = _SHOWN_ATTRIBUTE.findall(tag.group(0))
        return f" {' '.join(attributes)} " if attributes else ""

    with_attributes = _INLINE_TAG.sub(shown, markdown)
    return _EMPHASIS.sub("", with_attributes)


def _output_texts(cell: str, outputs: list[dict]) -> Iterator[tuple[str, str]]:
    for index, output in enumerate(outputs, start=1):
        place = f"{cell}, output {index}"
        if output.get("output_type") == "stream":
            yield place, _join(output.get("text", ""))
        if output.get("output_type") == "error":
            yield place, output.get("evalue", "")
        data = output.get("data", {})
        for mime in TEXT_MIMES:
            if mime in data:
                yield f"{place} ({mime})", markdown_as_read(raw_html_as_shown(_join(data[mime])))
        for mime in MARKUP_MIMES:
            if mime in data:
                yield f"{place} ({mime})", markup_text(_join(data[mime]))


def csv_cells(path: Path) -> Iterator[tuple[int, str, str]]:
    """(spreadsheet row, column, value) for every cell of a published CSV, the header included as row 1."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, [])
        for column in header:
            yield 1, column, column
        for number, row in enumerate(rows, start=2):
            for column, value in zip(header + [f"#{n}" for n in range(len(header), len(row))], row):
                yield number, column, value


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _xml_text(element: ElementTree.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_MAIN}t"))


def workbook_cells(path: Path) -> Iterator[tuple[str, str]]:
    """(place, text) for every text cell of an .xlsx workbook and its document properties."""
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            shared = [
                _xml_text(si) for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{_MAIN}si")
            ]
        sheet_names = [
            s.get("name") for s in ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
        ]
        sheets = sorted(
            (n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
            key=lambda n: int(n.rsplit("sheet", 1)[1].removesuffix(".xml")),
        )
        for number, sheet in enumerate(sheets):
            title = sheet_names[number] if number < len(sheet_names) else sheet
            for cell in ElementTree.fromstring(book.read(sheet)).iter(f"{_MAIN}c"):
                kind, value = cell.get("t"), cell.find(f"{_MAIN}v")
                if kind == "s" and value is not None and value.text and value.text.isdigit():
                    text = shared[int(value.text)] if int(value.text) < len(shared) else ""
                elif kind == "inlineStr":
                    text = _xml_text(cell)
                elif kind == "str" and value is not None:
                    text = value.text or ""
                else:
                    continue
                yield f"{display_path(path)}, sheet {title}, cell {cell.get('r')}", text
        for part in ("docProps/core.xml", "docProps/app.xml"):
            if part in names:
                root = ElementTree.fromstring(book.read(part))
                yield f"{display_path(path)}, {part}", "\n".join(e.text or "" for e in root.iter())


def markdown_file_text(path: Path) -> Iterator[tuple[str, str]]:
    """(place, text) for a Markdown chapter such as index.md."""
    yield display_path(path), path.read_text(encoding="utf-8")


__all__ = [
    "csv_cells",
    "markdown_file_text",
    "markup_text",
    "notebook_texts",
    "setting_strings",
    "split_options",
    "workbook_cells",
]
