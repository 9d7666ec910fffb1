"""Render a small synthetic book end to end (HTML site and Typst PDF) and check what readers get."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
import vl_convert
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from rssreview.book.edition import front_matter
from rssreview.book.render import RenderError, render_book
from rssreview.book.render.assets import STATIC
from rssreview.book.render.pdf import typst_book
from rssreview.book.render.quarto_config import read_book_config
from rssreview.book.render.sources import load_chapters
from rssreview.publication import Publication

PDF_DATE = datetime.date(2022, 3, 31)
LOADER = (STATIC / "charts-loader.html").as_posix()
QUARTO_YML = f"""\
project:
  type: book
  resources:
    - /figures/
lang: en-GB
rss-status: "A synthetic test book, not an official publication"
tbl-colwidths: auto
execute:
  echo: false
book:
  title: "Synthetic review: progress"
  subtitle: "A test book"
  author: "Test Team"
  output-file: synthetic-book
  chapters:
    - index.md
    - notebooks/01_summary.ipynb
    - part: "Progress by theme"
      chapters:
        - notebooks/02_status.ipynb
  appendices:
    - notebooks/03_all.ipynb
format:
  html:
    toc: true
    toc-depth: 3
    number-sections: true
    css: style.css
    include-after-body: [{LOADER}, {LOADER}]
  typst:
    toc: true
    number-sections: true
    papersize: a4
"""
SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"month": "Jan", "people": 2040}, {"month": "Feb", "people": 2035}]},
    "mark": "bar",
    "encoding": {"x": {"field": "month", "type": "nominal"}, "y": {"field": "people", "type": "quantitative"}},
}
STATUS_TABLE = (
    "Most recommendations are still open.\n\n"
    "| Recommendation | Status |\n|:--|:--|\n"
    "| 1 Community support | [Not achieved]{.status .status-not-achieved} |\n"
    "| 2 Advocacy | [Achieved]{.status .status-achieved} |\n"
)


def _display(data: dict[str, str]) -> nbformat.NotebookNode:
    return new_output("display_data", data=data)


def _code(source: str, *outputs: nbformat.NotebookNode, count: int = 1) -> nbformat.NotebookNode:
    cell = new_code_cell(source, outputs=list(outputs), execution_count=count)
    return cell


ALT = 'Bar chart: 2,040 people in January, 2,035 in "February"'


def _chart_output(svg: str) -> nbformat.NotebookNode:
    """A chart as rssreview.present.display stores it: a Markdown image with alt attributes, and the SVG."""
    alt = ALT.replace('"', '\\"')
    markdown = (
        f'![](../figures/2022-03/people.svg){{.rss-chart alt="{alt}" fig-alt="{alt}"}}\n\n'
        '::: {.content-visible when-format="html"}\n[Download the data for this chart (CSV)](../figures/extra.csv)\n:::\n\n'
        '::: {.content-hidden when-format="html"}\nData for this chart (CSV): <https://example.org/figures/extra.csv>\n:::\n'
    )
    return _display({"text/markdown": markdown, "image/svg+xml": svg, "text/plain": "<Altair chart>"})


def synthetic_front_matter(root: Path) -> str:
    """The PDF's title page for the synthetic book, as rssreview.book.edition writes it for the real one."""
    cycle = {"title": "Synthetic progress report (March 2022)", "publication_date": "2022-03-25"}
    publication = Publication(site_url="https://example.org/book/", author="Test Team", status="A test")
    return front_matter(read_book_config(root / "_quarto.yml"), publication, cycle, "2022-03", PDF_DATE)


def write_book(root: Path) -> Path:
    """A mini project: _quarto.yml, index.md, three executed notebooks and a figures/ resource."""
    (root / "notebooks").mkdir(parents=True)
    (root / "figures").mkdir()
    (root / "figures" / "extra.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "tests" / "fixtures" / "figures").mkdir(parents=True)
    (root / "tests" / "fixtures" / "figures" / "fixture.svg").write_text("<svg/>", encoding="utf-8")
    (root / "style.css").write_text("body { margin: 0; }\n", encoding="utf-8")
    (root / "_quarto.yml").write_text(QUARTO_YML, encoding="utf-8")
    (root / "index.md").write_text(
        "# About this book\n\nA synthetic book for tests. See @tbl-status.\n", encoding="utf-8"
    )
    svg = vl_convert.vegalite_to_svg(SPEC)
    (root / "figures" / "2022-03").mkdir()
    (root / "figures" / "2022-03" / "people.svg").write_text(svg, encoding="utf-8")
    (root / "figures" / "2022-03" / "people.vl.json").write_text(json.dumps(SPEC), encoding="utf-8")
    summary = new_notebook(
        cells=[
            new_markdown_cell("# Summary of progress\n\nWritten explanation."),
            _code(
                "#| echo: false\nfrom IPython.display import Markdown\nMarkdown('x')",
                _display({"text/markdown": "Computed prose with **17** recommendations.", "text/plain": "<Markdown>"}),
            ),
            new_markdown_cell("## Headline figures\n\nThe chart in @fig-people shows it; the table is @tbl-status."),
            _code('#| label: fig-people\n#| fig-cap: "People in hospital by month"\nchart', _chart_output(svg)),
            new_markdown_cell("### Detail\n\nMore words."),
        ]
    )
    status = new_notebook(
        cells=[
            new_markdown_cell("# Status of each recommendation"),
            _code(
                '#| label: tbl-status\n#| tbl-cap: "Status of recommendations in March 2022"\ntable',
                _display({"text/markdown": STATUS_TABLE, "text/plain": "<table>"}),
            ),
            _code("print('hello from stdout')", new_output("stream", name="stdout", text="hello from stdout\n")),
            _code("#| echo: true\nanswer = 6 * 7", count=3),
            _code("#| include: false\nsecret = 1", _display({"text/markdown": "HIDDEN OUTPUT"})),
        ]
    )
    appendix = new_notebook(
        cells=[
            new_markdown_cell("# All recommendations\n\n## Listing"),
            _code(
                '#| label: tbl-all\n#| tbl-cap: "Every recommendation"\ntable',
                _display({"text/markdown": STATUS_TABLE}),
            ),
        ]
    )
    for name, notebook in (("01_summary", summary), ("02_status", status), ("03_all", appendix)):
        nbformat.write(notebook, root / "notebooks" / f"{name}.ipynb")
    return root


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    root = write_book(tmp_path_factory.mktemp("project"))
    out = tmp_path_factory.mktemp("out")
    result = render_book(out, root=root, pdf_date=PDF_DATE, front_matter=synthetic_front_matter(root))
    return root, out, result


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_site_layout_mirrors_quarto(book) -> None:
    _, out, result = book
    assert [p.relative_to(out).as_posix() for p in result.html_pages] == [
        "index.html",
        "notebooks/01_summary.html",
        "notebooks/02_status.html",
        "notebooks/03_all.html",
    ]
    assert (out / "site_libs/rss/style.css").is_file()
    assert (out / "figures/extra.csv").is_file() and (out / "figures/2022-03/people.vl.json").is_file()
    assert not (out / "tests").exists(), "'/figures/' is anchored at the project root, as in Quarto"
    assert (out / "figures/vendor/vega-bundle.js").stat().st_size > 100_000
    assert result.pdf == out / "synthetic-book.pdf"


def test_every_chapter_title_is_the_single_h1_of_its_page(book) -> None:
    _, _, result = book
    for page, title in zip(result.html_pages, result.chapter_titles.values(), strict=True):
        soup = _soup(page)
        headings = soup.find_all("h1")
        assert len(headings) == 1
        assert title in headings[0].get_text()
        assert soup.html["lang"] == "en-GB"
        assert soup.select_one("a.skip-link")["href"] == "#rss-main"
        for landmark in ("header", "nav", "main", "footer"):
            assert soup.find(landmark) is not None


def test_chapters_are_numbered_and_appendices_lettered(book) -> None:
    _, out, _ = book
    assert _soup(out / "notebooks/01_summary.html").h1.get_text(" ", strip=True).startswith("1 Summary")
    assert _soup(out / "notebooks/02_status.html").h1.get_text(" ", strip=True).startswith("2 Status")
    appendix = _soup(out / "notebooks/03_all.html")
    assert appendix.h1.get_text(" ", strip=True).startswith("Appendix A — All recommendations")
    assert appendix.h2.get_text(" ", strip=True).startswith("A.1 Listing")
    assert "header-section-number" not in str(_soup(out / "index.html").h1)


def test_navigation_and_previous_next_links_resolve(book) -> None:
    _, _, result = book
    for page in result.html_pages:
        soup = _soup(page)
        sidebar = soup.select_one("nav.sidebar")
        links = sidebar.find_all("a")
        assert len(links) == 4
        current = sidebar.select('a[aria-current="page"]')
        assert len(current) == 1 and (page.parent / current[0]["href"]).resolve() == page.resolve()
        for link in [*links, *soup.select("nav.page-navigation a")]:
            assert (page.parent / link["href"].split("#")[0]).resolve().is_file()
        assert "Progress by theme" in sidebar.get_text()
    first, last = _soup(result.html_pages[0]), _soup(result.html_pages[-1])
    assert first.select_one('a[rel="prev"]') is None and first.select_one('a[rel="next"]') is not None
    assert last.select_one('a[rel="next"]') is None


def test_tables_are_captioned_numbered_scoped_and_wrapped(book) -> None:
    _, out, _ = book
    soup = _soup(out / "notebooks/02_status.html")
    table = soup.select_one("#tbl-status table")
    assert table.caption.get_text(" ", strip=True) == "Table 2.1: Status of recommendations in March 2022"
    assert {th.get("scope") for th in table.find_all("th")} == {"col"}
    wrapper = table.parent
    assert (
        wrapper["class"] == ["table-wrap"]
        and wrapper["tabindex"] == "0"
        and wrapper["aria-label"].startswith("Table 2.1")
    )
    assert soup.select_one("span.status-not-achieved").get_text() == "Not achieved"
    appendix = _soup(out / "notebooks/03_all.html")
    assert appendix.caption.get_text(" ", strip=True).startswith("Table A.1:")


def test_cell_options_are_honoured(book) -> None:
    _, out, _ = book
    text = (out / "notebooks/02_status.html").read_text(encoding="utf-8")
    assert "hello from stdout" in text
    assert "answer = 6 * 7" in text
    assert "HIDDEN OUTPUT" not in text and "secret = 1" not in text
    assert "print(" not in text and "#|" not in text


def test_figure_shows_the_chart_image_with_alt_and_numbered_caption(book) -> None:
    _, out, _ = book
    soup = _soup(out / "notebooks/01_summary.html")
    figure = soup.select_one("figure#fig-people")
    assert figure.figcaption.get_text(strip=True) == "Figure 1.1: People in hospital by month"
    image = figure.select_one("img.rss-chart")
    assert image["alt"] == ALT and image["src"] == "../figures/2022-03/people.svg"
    assert (out / "notebooks" / image["src"]).resolve().is_file()
    assert figure.find("a", href="../figures/extra.csv") is not None
    assert "example.org" not in str(soup), "PDF-only links stay out of the site"
    assert not soup.find_all("script", src=True) or all(
        "vega" not in s["src"] for s in soup.find_all("script", src=True)
    )


def test_cross_references_become_links(book) -> None:
    _, out, _ = book
    summary = _soup(out / "notebooks/01_summary.html")
    assert summary.find("a", href="#fig-people").get_text() == "Figure 1.1"
    assert summary.find("a", href="02_status.html#tbl-status").get_text() == "Table 2.1"
    assert _soup(out / "index.html").find("a", href="notebooks/02_status.html#tbl-status") is not None


def test_no_external_asset_urls_and_a_page_toc(book) -> None:
    _, _, result = book
    for page in result.html_pages:
        soup = _soup(page)
        for tag in soup.find_all(["script", "link", "img"]):
            for attribute in ("src", "href"):
                assert not str(tag.get(attribute, "")).startswith(("http:", "https:", "//"))
        assert not re.search(r"jsdelivr|unpkg|cdnjs", page.read_text(encoding="utf-8"))
        assert soup.find("meta", attrs={"name": "rss-site-root"}) is not None
        html = page.read_text(encoding="utf-8")
        assert html.count("window.rssChartsLoaded = true") == 1, "the chart script is included once per page"
    toc = _soup(result.html_pages[1]).select_one("details.page-toc[data-rss-disclosure]")
    assert toc.summary.get_text() == "On this page"
    assert [a["href"] for a in toc.nav.find_all("a")] == ["#headline-figures", "#detail"]


def test_menus_fold_away_behind_a_button_that_works_without_javascript(book) -> None:
    _, out, result = book
    for page in result.html_pages:
        soup = _soup(page)
        menu = soup.select_one("details.site-menu[data-rss-disclosure]")
        assert menu is not None and menu.summary is not None, f"{page.name}: no chapters menu"
        assert menu.select_one("nav.sidebar") is not None
        script = soup.find("script", src=re.compile(r"site_libs/rss/disclosure\.js$"))
        assert script is not None, f"{page.name}: no disclosure script"
    assert (out / "site_libs/rss/disclosure.js").is_file()


def test_pdf_has_titles_numbers_and_outline(book) -> None:
    root, out, result = book
    text = _pdf_text(result.pdf)
    for title in result.chapter_titles.values():
        assert title in text
    for words in (
        "Synthetic review: progress",
        "Test Team",
        "This edition",
        "31 March 2022",
        "Original report",
        "25 March 2022",
        "Contents",
        "Progress by theme",
        "Table 2.1: Status of recommendations",
        "Figure 1.1: People in hospital",
        "Not achieved",
        "Table A.1: Every recommendation",
        "hello from stdout",
        "https://example.org/figures/extra.csv",
        "https://example.org/book/",
    ):
        assert words in text
    assert "DRAFT" not in text and "HIDDEN OUTPUT" not in text and "<div" not in text
    assert "Download the data for this chart" not in text, "site-only links stay out of the PDF"
    assert re.search(r"1\s+Summary of progress", text) and re.search(r"A\s+All recommendations", text)
    pages = [page for page in text.split("\f") if page.strip()]
    assert all("A synthetic test book, not an official publication" in page for page in pages), "status in every footer"
    config = read_book_config(root / "_quarto.yml")
    source = typst_book(
        config, load_chapters(config, root, None), draft=False, front_matter=synthetic_front_matter(root)
    )
    assert "#rss-front-matter(" in source.source and "#part(" in source.source
    assert "#show: appendices.with(" in source.source, "appendices are written as Quarto's book filter writes them"
    assert (
        'image("figures/2022-03/people.svg", alt: "Bar chart: 2,040 people in January, 2,035 in \\"February\\"")'
        in source.source
    )
    assert 'lang: "en"' in source.source and 'region: "GB"' in source.source
    assert b"/Outlines" in result.pdf.read_bytes()


def test_two_renders_are_byte_identical(book, tmp_path: Path) -> None:
    root, out, _ = book
    again = tmp_path / "again"
    render_book(again, root=root, pdf_date=PDF_DATE, front_matter=synthetic_front_matter(root))
    first = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_draft_marks_every_page_and_the_pdf(book, tmp_path: Path) -> None:
    root, _, _ = book
    result = render_book(
        tmp_path / "draft", root=root, pdf_date=PDF_DATE, draft=True, front_matter=synthetic_front_matter(root)
    )
    for page in result.html_pages:
        assert "Draft — not for publication" in _soup(page).select_one(".draft-banner").get_text()
    text = subprocess.run(
        ["pdftotext", "-raw", str(result.pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 2 and all("D\nR\nA\nF\nT" in page for page in pages)


def test_error_output_names_the_notebook(book, tmp_path: Path) -> None:
    root, _, _ = book
    broken = tmp_path / "broken.ipynb"
    notebook = nbformat.read(root / "notebooks/02_status.ipynb", as_version=4)
    notebook.cells[2].outputs = [new_output("error", ename="ValueError", evalue="bad value", traceback=[])]
    nbformat.write(notebook, broken)
    with pytest.raises(
        RenderError, match=r"notebooks/02_status\.ipynb: cell 3: has an error output \(ValueError: bad value\)"
    ):
        render_book(tmp_path / "out", root=root, pdf_date=PDF_DATE, notebooks={"notebooks/02_status.ipynb": broken})


def test_missing_chapter_names_the_file(book, tmp_path: Path) -> None:
    root, _, _ = book
    with pytest.raises(RenderError, match=r"notebooks/01_summary\.ipynb: chapter listed in _quarto.yml not found"):
        render_book(
            tmp_path / "out",
            root=root,
            pdf_date=PDF_DATE,
            notebooks={"notebooks/01_summary.ipynb": tmp_path / "nowhere.ipynb"},
        )


def test_staging_folder_must_be_empty(book, tmp_path: Path) -> None:
    root, _, _ = book
    (tmp_path / "stale.html").write_text("old", encoding="utf-8")
    with pytest.raises(RenderError, match="expected an empty staging folder"):
        render_book(tmp_path, root=root, pdf_date=PDF_DATE)


def test_unlisted_headings_stay_out_of_the_page_contents() -> None:
    from bs4 import BeautifulSoup

    from rssreview.book.render.site import _page_toc

    soup = BeautifulSoup(
        '<h1>T</h1><section id="a"><h2>A</h2></section>'
        '<section id="b" class="unlisted"><h3 class="unnumbered unlisted">B</h3></section>',
        "html.parser",
    )
    title = soup.h1
    assert title is not None
    _page_toc(soup, title, 3)
    assert [a["href"] for a in soup.select("details.page-toc a")] == ["#a"]


def test_a_render_makes_again_only_the_pages_of_chapters_that_changed(book, tmp_path: Path, monkeypatch) -> None:
    import shutil

    from rssreview.book.render import site

    root, _, _ = book
    made: list[str] = []
    real = site._make_content_html

    def counting(markdown, chapter, **options):
        made.append(chapter.source)
        return real(markdown, chapter, **options)

    monkeypatch.setattr(site, "_make_content_html", counting)
    monkeypatch.setattr(site, "CACHE", tmp_path / "cache")  # an empty cache of its own
    render_book(tmp_path / "first", root=root, pdf_date=PDF_DATE, formats=("html",))
    assert len(made) == 4, "an empty cache: every page (the landing page and three chapters) is made"
    made.clear()
    render_book(tmp_path / "same", root=root, pdf_date=PDF_DATE, formats=("html",))
    assert made == [], "nothing changed: every page came from the cache"
    edited = tmp_path / "project"
    shutil.copytree(root, edited)
    notebook = nbformat.read(edited / "notebooks/02_status.ipynb", as_version=4)
    notebook.cells[0].source += "\n\nA sentence added since."
    nbformat.write(notebook, edited / "notebooks/02_status.ipynb")
    result = render_book(tmp_path / "edited", root=edited, pdf_date=PDF_DATE, formats=("html",))
    assert made == ["notebooks/02_status.ipynb"]
    page = next(p for p in result.html_pages if p.name == "02_status.html")
    assert "A sentence added since." in page.read_text(encoding="utf-8")
