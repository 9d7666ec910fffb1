"""Typst specifics: failures name the chapter, and the Vega bundle is written once."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from rssreview.book.render import RenderError, render_book, write_vega_bundle
from rssreview.book.render.typst_text import typst_string

QUARTO_YML = """\
book:
  title: "T"
  author: "A"
  chapters: [index.md, notebooks/01_a.ipynb, notebooks/02_b.ipynb]
"""


def _project(root: Path, raw_typst: str) -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "_quarto.yml").write_text(QUARTO_YML, encoding="utf-8")
    (root / "index.md").write_text("# Welcome\n", encoding="utf-8")
    for name, text in (("01_a", "Fine."), ("02_b", raw_typst)):
        output = new_output("display_data", data={"text/markdown": text})
        cell = new_code_cell("x", execution_count=1, outputs=[output])
        nbformat.write(
            new_notebook(cells=[new_markdown_cell(f"# Chapter {name}"), cell]), root / "notebooks" / f"{name}.ipynb"
        )
    return root


def test_typst_failure_names_the_chapter(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "```{=typst}\n#undefined-function()\n```")
    with pytest.raises(
        RenderError,
        match=r"^notebooks/02_b\.ipynb \(in book\.pdf\): Typst could not compile the book: unknown variable",
    ):
        render_book(tmp_path / "out", root=root, pdf_date=datetime.date(2022, 3, 31), formats=("typst",))


def test_typst_only_render_writes_just_the_pdf(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", 'Also fine, with a quote " and a #hash.')
    result = render_book(tmp_path / "out", root=root, pdf_date=datetime.date(2022, 3, 31), formats=("typst",))
    assert result.html_pages == () and [p.name for p in (tmp_path / "out").iterdir()] == ["book.pdf"]
    assert result.chapter_titles == {
        "index.md": "Welcome",
        "notebooks/01_a.ipynb": "Chapter 01_a",
        "notebooks/02_b.ipynb": "Chapter 02_b",
    }


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="found pdf"):
        render_book(tmp_path / "out", root=tmp_path, pdf_date=datetime.date(2022, 3, 31), formats=("pdf",))


def test_vega_bundle_is_not_rewritten_when_unchanged(tmp_path: Path) -> None:
    target = write_vega_bundle(tmp_path)
    assert target == tmp_path / "figures/vendor/vega-bundle.js" and "vegaEmbed" in target.read_text(encoding="utf-8")
    os.utime(target, (1_000_000, 1_000_000))
    write_vega_bundle(tmp_path)
    assert target.stat().st_mtime == 1_000_000


def test_typst_strings_cannot_escape() -> None:
    assert typst_string('a "quoted" \\ path\nnext') == '"a \\"quoted\\" \\\\ path next"'
