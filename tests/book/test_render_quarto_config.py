"""Reading the book's structure from _quarto.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from rssreview.book.render import RenderError
from rssreview.book.render.quarto_config import read_book_config
from rssreview.paths import QUARTO_YML

BOOK_YML = """\
project: {resources: [figures/]}
lang: en-GB
execute: {echo: false}
book:
  title: T
  author: A
  output-file: report
  chapters:
    - index.md
    - notebooks/01_summary.ipynb
    - part: "Progress by theme"
      chapters: [notebooks/02_community.ipynb, notebooks/03_rights.ipynb]
    - notebooks/04_easy_read.ipynb
  appendices: [notebooks/05_all.ipynb, notebooks/06_more.ipynb]
"""


def test_chapters_are_numbered_and_appendices_lettered(tmp_path: Path) -> None:
    path = tmp_path / "_quarto.yml"
    path.write_text(BOOK_YML, encoding="utf-8")
    config = read_book_config(path)
    assert [(c.source.split("/")[-1], c.kind, c.number, c.part) for c in config.chapters] == [
        ("index.md", "unnumbered", None, None),
        ("01_summary.ipynb", "chapter", "1", None),
        ("02_community.ipynb", "chapter", "2", "Progress by theme"),
        ("03_rights.ipynb", "chapter", "3", "Progress by theme"),
        ("04_easy_read.ipynb", "chapter", "4", None),
        ("05_all.ipynb", "appendix", "A", "Appendices"),
        ("06_more.ipynb", "appendix", "B", "Appendices"),
    ]
    assert config.chapters[1].html_path == "notebooks/01_summary.html"
    assert config.chapters[1].figure_dir("typst") == "01_summary_files/figure-typst"
    assert config.lang == "en-GB" and config.echo is False
    assert config.output_file == "report" and config.resources == ("figures/",)
    # one level-1 heading per part band, Appendices heading and chapter, with the part each sits under
    assert config.top_headings == (
        *(None, None),
        *(None, "Progress by theme", "Progress by theme"),
        None,
        *(None, "Appendices", "Appendices"),
    )


def test_the_project_configuration_is_readable() -> None:
    config = read_book_config(QUARTO_YML)
    assert config.chapters[0].kind == "unnumbered" and config.chapters[1].number == "1"
    assert config.lang == "en-GB"


def test_every_problem_is_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "_quarto.yml"
    path.write_text(
        "book:\n  chapters:\n    - index.md\n    - 42\n    - notebooks/a.ipynb\n    - notebooks/a.ipynb\n",
        encoding="utf-8",
    )
    with pytest.raises(RenderError) as caught:
        read_book_config(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert all(line.startswith(str(path)) for line in lines)
    assert any("book.title" in line for line in lines) and any("book.author" in line for line in lines)
    assert any("item 2" in line and "42" in line for line in lines)
    assert any("notebooks/a.ipynb" in line and "2 times" in line for line in lines)


def test_author_list_is_joined(tmp_path: Path) -> None:
    path = tmp_path / "_quarto.yml"
    path.write_text("book:\n  title: T\n  author:\n    - name: A\n    - B\n  chapters: [x.md]\n", encoding="utf-8")
    config = read_book_config(path)
    assert config.author == "A, B"
    assert config.chapters[0].number == "1"


def test_a_chapter_titled_unnumbered_is_not_numbered_as_in_quarto(tmp_path: Path) -> None:
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    path = tmp_path / "_quarto.yml"
    path.write_text(BOOK_YML, encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    nbformat.write(
        new_notebook(cells=[new_markdown_cell("# Summary {.unnumbered}")]), tmp_path / "notebooks" / "01_summary.ipynb"
    )
    numbers = [(c.source.split("/")[-1], c.number) for c in read_book_config(path).chapters[:3]]
    assert numbers == [("index.md", None), ("01_summary.ipynb", None), ("02_community.ipynb", "1")]


def test_the_easy_read_chapter_must_be_one_of_the_books(tmp_path: Path) -> None:
    path = tmp_path / "_quarto.yml"
    path.write_text(BOOK_YML + "easy-read: {chapter: notebooks/04_easy_read.ipynb}\n", encoding="utf-8")
    assert read_book_config(path).easy_read == "notebooks/04_easy_read.ipynb"
    path.write_text(BOOK_YML, encoding="utf-8")
    assert read_book_config(path).easy_read is None
    path.write_text(BOOK_YML + "easy-read: {chapter: notebooks/99_missing.ipynb}\n", encoding="utf-8")
    with pytest.raises(
        RenderError,
        match=r"key 'easy-read.chapter': expected one of the book's chapters, found 'notebooks/99_missing.ipynb'",
    ):
        read_book_config(path)


def test_every_page_of_a_local_build_says_it_is_not_published(tmp_path: Path) -> None:
    path = tmp_path / "_quarto.yml"
    path.write_text(BOOK_YML, encoding="utf-8")
    assert "Local build, not published." in (read_book_config(path).body_header or "")
    path.write_text(BOOK_YML.replace("  title: T\n", "  title: T\n  site-url: https://rebuild.org.uk/\n"), "utf-8")
    assert read_book_config(path).body_header is None


def test_the_glossary_links_file_is_read_from_the_project_folder(tmp_path: Path) -> None:
    path = tmp_path / "_quarto.yml"
    path.write_text(BOOK_YML + "rss-glossary-links: _build/links.json\n", encoding="utf-8")
    assert read_book_config(path).glossary_links == (tmp_path / "_build" / "links.json").resolve()
    path.write_text(BOOK_YML, encoding="utf-8")
    assert read_book_config(path).glossary_links is None  # no setting: the filter has nothing to link
    path.write_text(BOOK_YML + "rss-glossary-links: [a, b]\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"key 'rss-glossary-links': expected the path of a \.json file"):
        read_book_config(path)
