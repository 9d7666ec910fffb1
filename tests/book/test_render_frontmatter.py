"""The built-in renderer shows `book.body-header` and `book.page-footer` on every page, as Quarto does,
and turns links to source documents into links to their pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_markdown_cell, new_notebook

from rssreview.book.render import RenderError, render_book
from rssreview.book.render.quarto_config import NavLink, read_book_config
from rssreview.book.render.site import site_link

QUARTO_YML = """\
project: {type: book}
book:
  title: T
  author: The test project
  output-file: book
  body-header: |
    ::: {.publication-status role="note"}
    **Not official.** [About](/notebooks/02_about.ipynb)
    :::
  page-footer:
    left: "Not an official publication."
    right:
      - text: "Report (PDF)"
        href: book.pdf
      - text: "Tables"
        href: figures/2022-03/tables.xlsx
  chapters:
    - index.md
    - notebooks/01_one.ipynb
    - notebooks/02_about.ipynb
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "notebooks").mkdir()
    (root / "_quarto.yml").write_text(QUARTO_YML, encoding="utf-8")
    (root / "index.md").write_text(
        "# Home\n\nSee [the first chapter](notebooks/01_one.ipynb#part).\n", encoding="utf-8"
    )
    one = new_notebook(
        cells=[new_markdown_cell("# One\n\n## Part\n\nBack [home](../index.md); [about](02_about.ipynb).")]
    )
    about = new_notebook(cells=[new_markdown_cell("# About {.unnumbered}\n\nText.")])
    nbformat.write(one, root / "notebooks" / "01_one.ipynb")
    nbformat.write(about, root / "notebooks" / "02_about.ipynb")
    out = tmp_path_factory.mktemp("out")
    render_book(out, root=root, pdf_date=dt.date(2022, 3, 25), formats=("html",))
    return out


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", ["index.html", "notebooks/01_one.html", "notebooks/02_about.html"])
def test_status_sits_just_below_the_title_on_every_page(site: Path, page: str) -> None:
    soup = _soup(site / page)
    status = soup.select_one("main .publication-status")
    assert status is not None and status.get("role") == "note"
    assert status.find_previous_sibling("h1") is not None or status.find_previous("h1") is not None
    about = status.find("a")
    assert (site / page).parent.joinpath(str(about["href"])).resolve() == (site / "notebooks/02_about.html").resolve()


@pytest.mark.parametrize("page, prefix", [("index.html", ""), ("notebooks/01_one.html", "../")])
def test_footer_has_the_status_and_download_links_relative_to_the_page(site: Path, page: str, prefix: str) -> None:
    footer = _soup(site / page).select_one("footer.site-footer")
    assert "Not an official publication." in footer.get_text()
    assert [a["href"] for a in footer.find_all("a")] == [f"{prefix}book.pdf", f"{prefix}figures/2022-03/tables.xlsx"]


def test_links_to_source_documents_go_to_their_pages(site: Path) -> None:
    home = [a["href"] for a in _soup(site / "index.html").select("main a")]
    assert "notebooks/01_one.html#part" in home
    one = [a["href"] for a in _soup(site / "notebooks/01_one.html").select("main a")]
    assert "../index.html" in one and "02_about.html" in one


@pytest.mark.parametrize(
    "href, page, expected",
    [
        ("/notebooks/x.ipynb", "index.html", "notebooks/x.html"),
        ("/notebooks/x.ipynb#a", "notebooks/y.html", "x.html#a"),
        ("x.qmd", "notebooks/y.html", "x.html"),
        ("https://example.org/a.ipynb", "index.html", "https://example.org/a.ipynb"),
        ("mailto:a@b.example", "index.html", "mailto:a@b.example"),
        ("#here", "index.html", "#here"),
        ("../figures/a.csv", "notebooks/y.html", "../figures/a.csv"),
    ],
)
def test_site_link(href: str, page: str, expected: str) -> None:
    assert site_link(page, href) == expected


def test_project_relative_navigation_links() -> None:
    assert site_link("notebooks/y.html", "figures/t.xlsx", project_relative=True) == "../figures/t.xlsx"
    assert site_link("index.html", "notebooks/a.ipynb", project_relative=True) == "notebooks/a.html"


def test_footer_and_header_are_read_from_quarto_yml(tmp_path: Path) -> None:
    path = tmp_path / "_quarto.yml"
    path.write_text(
        QUARTO_YML.replace("  chapters:\n    - index.md\n", "  chapters:\n    - index.md\n"), encoding="utf-8"
    )
    config = read_book_config(path)
    assert config.body_header and config.body_header.startswith("::: {.publication-status")
    assert config.page_footer == (
        ("left", ("Not an official publication.",)),
        ("right", (NavLink("Report (PDF)", "book.pdf"), NavLink("Tables", "figures/2022-03/tables.xlsx"))),
    )


def test_a_malformed_footer_is_named(tmp_path: Path) -> None:
    path = tmp_path / "_quarto.yml"
    path.write_text(
        QUARTO_YML.replace("        href: book.pdf\n", "").replace('- text: "Report (PDF)"', "- 42"), encoding="utf-8"
    )
    with pytest.raises(RenderError, match=r"book\.page-footer\.right"):
        read_book_config(path)
