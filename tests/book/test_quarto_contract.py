"""The contract that keeps `quarto render` and the built-in renderer faithful, checked without Quarto.

Each rule below is a behaviour of Quarto's that was observed when this project was rendered with Quarto itself
(listed in the README, "What the built-in path reproduces of Quarto") or read in Quarto's source
(quarto-dev/quarto-cli), with the file named.
The rules are checked against the committed notebooks and `_quarto.yml`, and each check is also shown
to fail on a bad example, so none of them can pass vacuously.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from pypdf import PdfReader
from quarto_fixture import EDITIONS, notices, quarto_output

from rssreview.book.render.assets import quarto_glob, resource_files
from rssreview.book.render.bookmarks import nest_under_parts
from rssreview.book.render.notebook_markdown import MARKDOWN_IMAGE, OUTPUT_PRIORITY, _attributes, cell_options
from rssreview.book.render.quarto_config import read_book_config
from rssreview.book.render.site import edition_switch_html
from rssreview.paths import QUARTO_YML, ROOT

CONFIG = yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: src/core/jupyter/widgets.ts: any output with one of these makes Quarto add require.js and jQuery from a CDN.
WIDGET_MIMES = {
    "text/html",
    "application/javascript",
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
}
#: Pandoc's pipe tables take relative column widths from the separator's dashes when a line is longer than
#: `columns`; Quarto's `tbl-colwidths` (default true) keeps them. 72 is Quarto's `columns`.
QUARTO_COLUMNS = 72
SHORT_SEPARATOR = re.compile(r"^\|(?:\s*:?-{3}:?\s*\|)+$")


def quarto_mime(data: dict, fmt: str) -> str | None:
    """The output Quarto renders (src/core/jupyter/display-data.ts, displayDataMimeType), for .ipynb input."""
    priority = ["text/markdown", "image/svg+xml", "image/png", "image/jpeg"]
    if fmt == "html":
        priority = [
            "application/vnd.jupyter.widget-state+json",
            "application/vnd.jupyter.widget-view+json",
            "application/javascript",
            "text/html",
            *priority,
        ]
    if "<table" in str(data.get("text/html", "")).lower() and "text/html" not in priority:
        priority.append("text/html")
    priority.append("text/plain")
    return next((mime for mime in priority if mime in data), None)


def display_outputs(path: Path):
    """(cell index, cell options, output) for every display output of a notebook."""
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        options, _ = cell_options(cell.source, f"{path.name}: cell {index}")
        for output in cell.get("outputs", []):
            if output.output_type in ("display_data", "execute_result"):
                yield index, options, output


# --- rule 1: no output Quarto treats as a widget ------------------------------------------------------------


def widget_problems(path: Path) -> list[str]:
    return [
        f"{path.name}: cell {index}: output has {', '.join(sorted(WIDGET_MIMES & set(output.data)))}; "
        "Quarto would load require.js and jQuery from a CDN on this page"
        for index, _, output in display_outputs(path)
        if WIDGET_MIMES & set(output.data)
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_output_is_a_widget_to_quarto(path: Path) -> None:
    assert not widget_problems(path), "\n".join(widget_problems(path))


# --- rule 2: every figure has alt text Quarto reads -----------------------------------------------------------


def alt_problems(path: Path) -> list[str]:
    """Quarto reads alt text from `fig-alt` or from a Markdown image's attributes, never from output metadata."""
    problems = []
    for index, options, output in display_outputs(path):
        label = str(options.get("label", ""))
        for fmt in ("html", "typst"):
            mime = quarto_mime(output.data, fmt)
            text = str(output.data.get(mime, "")) if mime == "text/markdown" else ""
            images = list(MARKDOWN_IMAGE.finditer(text))
            for image in images:
                attributes = _attributes(image["attributes"] or "")
                if not (attributes.get("alt") and attributes.get("fig-alt")) and not options.get("fig-alt"):
                    problems.append(
                        f"{path.name}: cell {index}: image {image['path']} has no alt and fig-alt attributes ({fmt})"
                    )
            if (
                label.startswith("fig-")
                and mime in ("image/svg+xml", "image/png", "image/jpeg")
                and not options.get("fig-alt")
            ):
                problems.append(
                    f"{path.name}: cell {index}: figure '{label}' shows {mime} in {fmt} with no "
                    "'#| fig-alt'; Quarto ignores alt text in output metadata"
                )
            if label.startswith("fig-") and mime == "text/markdown" and not images:
                problems.append(f"{path.name}: cell {index}: figure '{label}' shows Markdown with no image ({fmt})")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chart_has_alt_text_quarto_reads(path: Path) -> None:
    assert not alt_problems(path), "\n".join(alt_problems(path))


def test_the_chapters_have_charts_to_check() -> None:
    figures = [
        (path, index)
        for path in NOTEBOOKS
        for index, options, _ in display_outputs(path)
        if str(options.get("label", "")).startswith("fig-")
    ]
    assert len(figures) >= 4, "expected the book's charts among the stored outputs"


# --- rule 3: no table gets relative column widths -------------------------------------------------------------


def pipe_tables(markdown: str) -> list[list[str]]:
    tables, current = [], []
    for line in markdown.split("\n") + [""]:
        if line.lstrip().startswith("|"):
            current.append(line.strip())
        elif current:
            tables.append(current)
            current = []
    return [table for table in tables if len(table) >= 2]


def table_problems(path: Path, colwidths: object) -> list[str]:
    problems = []
    notebook = nbformat.read(path, as_version=4)
    texts = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    texts += [
        str(output.data["text/markdown"]) for _, _, output in display_outputs(path) if "text/markdown" in output.data
    ]
    for text in texts:
        for table in pipe_tables(text):
            if not SHORT_SEPARATOR.match(table[1]):
                problems.append(
                    f"{path.name}: table '{table[0][:50]}': separator {table[1][:40]!r} is padded; "
                    "write short separators like |---|---:|"
                )
            longest = max(len(line) for line in table)
            if longest > QUARTO_COLUMNS and colwidths not in ("auto", False):
                problems.append(
                    f"{path.name}: table '{table[0][:50]}' has {longest}-character lines and "
                    f"tbl-colwidths is {colwidths!r}: Quarto would give it relative widths"
                )
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_table_separator_gives_relative_widths(path: Path) -> None:
    problems = table_problems(path, CONFIG.get("tbl-colwidths", True))
    assert not problems, "\n".join(problems)


# --- rule 4: resources publish nothing from tests/ -------------------------------------------------------------


def test_no_resource_pattern_matches_anything_under_tests() -> None:
    patterns = tuple(str(p) for p in (CONFIG.get("project") or {}).get("resources") or [])
    published = resource_files(ROOT, patterns)
    assert published, "expected project.resources to publish the figures"
    leaked = [path for path in published if path.startswith("tests/")]
    assert not leaked, f"project.resources {patterns} would publish test files: {leaked[:5]}"


def test_quarto_glob_semantics() -> None:
    """src/core/path.ts: unanchored patterns match at any depth; a leading "/" anchors at the project root."""
    fixture = "tests/fixtures/a11y/clean/figures/bars.svg"
    assert quarto_glob("figures/", ROOT).match(fixture)
    assert not quarto_glob("/figures/", ROOT).match(fixture)
    assert quarto_glob("/figures/", ROOT).match("figures/2022-03/restraint.svg")
    assert quarto_glob("figures/20*/", ROOT).match("figures/2022-03/restraint.svg")


# --- rule 5: what Quarto runs, and what it must leave alone ----------------------------------------------------


def test_pre_and_post_render_run_with_quarto_python() -> None:
    project = CONFIG["project"]
    for key in ("pre-render", "post-render"):
        entries = project.get(key)
        entries = entries if isinstance(entries, list) else [entries]
        for entry in entries:
            assert str(entry).endswith(".py"), f"project.{key} '{entry}' must end in .py (QUARTO_PYTHON runs it)"
            assert (ROOT / str(entry)).is_file(), f"project.{key}: {entry} does not exist"


def test_gitignore_already_has_what_quarto_appends() -> None:
    """Quarto appends `/.quarto/` (exactly) to .gitignore when the line is missing, changing a tracked file."""
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/.quarto/" in lines and "**/*.quarto_ipynb" in lines


def test_typst_uses_the_projects_template() -> None:
    typst = CONFIG["format"]["typst"]
    partials = [ROOT / p for p in typst["template-partials"]]
    assert {p.name for p in partials} >= {"typst-template.typ", "typst-show.typ", "page.typ"}
    template = next(p for p in partials if p.name == "typst-template.typ").read_text(encoding="utf-8")
    assert "$" not in template, "a template partial is a pandoc template: '$' starts a variable"
    for name in ("part", "appendices"):  # what Quarto's Typst book filter writes for parts and appendices
        assert re.search(rf"#let {name}\(", template), f"typst-template.typ must define '{name}'"
    assert CONFIG["book"]["author"] and "Care Quality Commission" not in str(CONFIG["book"]["author"])
    assert CONFIG["lang"] == "en-GB"


def quarto_render_pdf() -> Path | None:
    """The book PDF a real Quarto 1.10.18 made of this project, kept in shared/reference/ beside the project (a
    worktree is one folder deeper, so every parent is tried); read from there, never copied into the project."""
    for parent in ROOT.parents:
        pdf = parent / "shared" / "reference" / "quarto-render-1.10.18" / "rss-progress-report.pdf"
        if pdf.is_file():
            return pdf
    return None


def top_bookmarks(pdf: bytes) -> list[str]:
    """The titles of the PDF's top-level bookmarks, in order."""
    return [str(item.title) for item in PdfReader(io.BytesIO(pdf)).outline if not isinstance(item, list)]


def test_quartos_pdf_bookmarks_are_nested_as_the_built_in_pdfs() -> None:
    """Quarto's Typst book filter (orange-book.lua) writes `#part[…]` for each part and, before the appendices,
    `#show: appendices.with("Appendices", hide-parent: true)` and `#heading(level: 1, numbering: none)[Appendices]`;
    with the project's partials each is one level-1 bookmark beside the chapters, which stay level 1 (its
    numbering.typ and per-chapter counter resets count level-1 headings). So the post-render step nests Quarto's
    PDF with the same function and the same list (BookConfig.top_headings) as the built-in renderer."""
    pdf = quarto_render_pdf()
    if pdf is None:
        pytest.skip(
            "Quarto's stored render is absent: expected shared/reference/quarto-render-1.10.18/ beside the project"
        )
    config = read_book_config(QUARTO_YML)
    raw = pdf.read_bytes()
    top = top_bookmarks(raw)
    if len(top) != len(config.top_headings):
        pytest.skip("Quarto's stored render was made from another chapter list than _quarto.yml's")
    parts = {chapter.part for chapter in config.chapters if chapter.part is not None}
    assert [title for title in top if title in parts] == list(dict.fromkeys(c.part for c in config.chapters if c.part))
    nested = nest_under_parts(raw, config.top_headings, pdf.name)
    assert top_bookmarks(nested) == [
        title for title, part in zip(top, config.top_headings, strict=True) if part is None
    ]


# --- each check fails on a bad example ------------------------------------------------------------------------


def _notebook(tmp_path: Path, source: str, data: dict) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell(source)]
    notebook.cells[1].outputs = [nbformat.v4.new_output("display_data", data=data)]
    path = tmp_path / "bad.ipynb"
    nbformat.write(notebook, path)
    return path


def test_the_checks_catch_bad_outputs(tmp_path: Path) -> None:
    chart = _notebook(tmp_path, "#| label: fig-x\nx", {"text/html": "<div></div>", "image/svg+xml": "<svg/>"})
    assert widget_problems(chart) and alt_problems(chart)
    no_alt = _notebook(tmp_path, "#| label: fig-x\nx", {"text/markdown": "![](../figures/x.svg){.rss-chart}"})
    assert alt_problems(no_alt)
    padded = "| a | b |\n|:------|------:|\n| " + "word " * 20 + "| 1 |"
    table = _notebook(tmp_path, "x", {"text/markdown": padded})
    assert table_problems(table, "auto")
    assert table_problems(
        _notebook(tmp_path, "x", {"text/markdown": padded.replace(":------|------:", ":---|---:")}), True
    )
    assert not table_problems(
        _notebook(tmp_path, "x", {"text/markdown": padded.replace(":------|------:", ":---|---:")}), "auto"
    )


def test_the_built_in_renderer_picks_what_quarto_picks() -> None:
    """For every stored output, the built-in renderer's choice (OUTPUT_PRIORITY) is Quarto's."""
    for path in NOTEBOOKS:
        for _, _, output in display_outputs(path):
            for fmt in ("html", "typst"):
                ours = next((m for m in OUTPUT_PRIORITY[fmt] if m in output.data), None)
                assert ours == quarto_mime(output.data, fmt), f"{path.name}: {fmt}: {ours} vs Quarto's choice"


# --- What Quarto publishes and how its pages look: the same site for readers as the built-in one --------------
#: Quarto copies every local file a page links (a `css:` entry included) to the output folder under the same
#: project-relative path (observed with 1.10.18: `_book/src/rssreview/book/static/site.css`).
SOURCE_FOLDERS = ("src/", "tests/", "notebooks/", "data/", ".venv/", "node_modules/")


def published_paths(html_options: dict) -> list[str]:
    """The project files Quarto would publish for `format.html`'s `css` (a link Quarto copies by its path)."""
    css = html_options.get("css") or []
    return [str(path) for path in (css if isinstance(css, list) else [css])]


def test_quarto_publishes_no_source_tree_paths() -> None:
    html = CONFIG["format"]["html"]
    assert not [p for p in published_paths(html) if p.startswith(SOURCE_FOLDERS)], (
        "a `css:` file under the source tree is published at the same path; inline it with include-in-header"
    )
    assert published_paths({"css": "src/rssreview/book/static/site.css"})  # the check sees a bad example
    from rssreview.book.edition import QUARTO_SITE_STYLE
    from rssreview.book.render.site import STYLESHEET, inline_style

    assert (ROOT / html["include-in-header"]).resolve() == QUARTO_SITE_STYLE.resolve(), (
        "_quarto.yml must include the <style> block the pre-render step writes"
    )
    style = inline_style()
    css = (ROOT / "src/rssreview/book/static" / STYLESHEET).read_text(encoding="utf-8")
    assert style.startswith("<style>\n") and style.endswith("</style>\n") and css in style


def test_both_renderers_run_the_projects_filters() -> None:
    from rssreview.book.render import pandoc_run
    from rssreview.book.render.quarto_config import read_book_config

    config = read_book_config(QUARTO_YML)
    assert CONFIG["filters"] == ["src/rssreview/book/static/tables.lua", "src/rssreview/book/static/glossary.lua"]
    assert config.filters == tuple((ROOT / name).resolve() for name in CONFIG["filters"])
    table = "| Month | Series | People | Source |\n|---|---|---|---|\n| March 2015 | First | 2,395 | https\\://digital.nhs.uk/a/b |\n"
    html = pandoc_run.convert(
        table, source="test", reader=pandoc_run.MARKDOWN, writer="html5", args=pandoc_run.filter_args(config.filters)
    )
    assert 'class="rss-stack"' in html and 'data-label="Source"' in html and 'data-label="Month"' in html
    assert re.search(r"<a\s+href=\"https://digital.nhs.uk/a/b\">digital.nhs.uk</a>", html)
    plain = pandoc_run.convert(table, source="test", reader=pandoc_run.MARKDOWN, writer="html5")
    assert "data-label" not in plain  # without the filter, nothing labels the cells


def quarto_pandoc(markdown: str, project: Path, filters: list[str], fmt: str = "html5") -> str:
    """Pandoc run as Quarto runs it (src/command/render/pandoc.ts): the filters of `_quarto.yml` by path, its
    top-level keys as the document's metadata, and the project folder in QUARTO_PROJECT_DIR
    (src/command/render/project.ts sets it for the whole render)."""
    import pypandoc

    metadata = project / "metadata.yml"
    metadata.write_text(yaml.safe_dump({k: v for k, v in CONFIG.items() if k.startswith("rss-")}), encoding="utf-8")
    return pypandoc.convert_text(
        markdown,
        fmt,
        format="markdown",
        extra_args=["--wrap=none", f"--metadata-file={metadata}", *(f"--lua-filter={ROOT / f}" for f in filters)],
    )


def test_quarto_links_each_pages_first_key_word_to_the_glossary(tmp_path: Path, monkeypatch) -> None:
    """Under Quarto the glossary links come from `filters:` and `rss-glossary-links`, which names (relative to the
    project) the file the pre-render step writes (tests/book/test_quarto_hooks.py checks it writes it there)."""
    from rssreview.book.render.glossary_links import write_glossary_links
    from rssreview.present.glossary import GLOSSARY_PAGE, anchor

    write_glossary_links(tmp_path / CONFIG["rss-glossary-links"])
    monkeypatch.setenv("QUARTO_PROJECT_DIR", str(tmp_path))
    page = quarto_pandoc("People in long-term segregation, and restraint.", tmp_path, CONFIG["filters"])
    target = f"/notebooks/{GLOSSARY_PAGE}#"  # Quarto makes a "/" link relative to the page, as for body-header
    assert f'<a href="{target}{anchor("long-term segregation")}">long-term segregation</a>' in page
    assert f'<a href="{target}{anchor("restraint")}">restraint</a>' in page
    typst = quarto_pandoc("Restraint.", tmp_path, CONFIG["filters"], "typst")
    assert f"link(<{anchor('restraint')}>)[Restraint]" in typst
    without = quarto_pandoc("Restraint.", tmp_path, [f for f in CONFIG["filters"] if "glossary" not in f])
    assert "<a" not in without  # the check sees a bad example: no filter, no link


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        (".nav-footer { flex-wrap: wrap", "Quarto's footer links made every page 332 px wide at 320 px"),
        (".pagination-link .chapter-number { display: none; }", "label-content-name-mismatch on previous/next"),
        (".quarto-title-breadcrumbs .breadcrumb-item a", "target-size on the title's breadcrumbs"),
        ("nav.quarto-secondary-nav .quarto-page-breadcrumbs { display: none !important; }", "phone first screen"),
        (".cell-output-display:has(> table, > .table-wrap)", "Quarto's tables stack in a narrow column too"),
        ("main .edition-switch { margin-bottom: 0.5rem; padding: 0.2rem 0; }", "the edition line in Quarto's column"),
        ("#title-block-header .subtitle { font-size: 0.8125rem;", "phone first screen with the added lines"),
    ],
)
def test_site_css_covers_quartos_page_parts(rule: str, why: str) -> None:
    """Quarto's own markup (src/resources/projects/website/templates) gets the fixes the built-in site has."""
    assert rule in (ROOT / "src/rssreview/book/static/site.css").read_text(encoding="utf-8"), why


# --- rule 6: Quarto's pages carry the lines its body-header cannot ---------------------------------------------
def test_body_header_in_quarto_yml_is_the_same_for_every_page() -> None:
    """Quarto puts `book.body-header` on every page as written (website-navigation-md.ts, bodyHeaderFooterHandler):
    no line that depends on the settings or the page may be written there by hand."""
    header = CONFIG["book"]["body-header"]
    assert "local-build" not in header and "Local build" not in header and "edition" not in header.lower()


def test_quartos_pages_get_the_local_build_and_edition_lines(tmp_path: Path) -> None:
    from rssreview.book.render.quarto_config import read_book_config
    from rssreview.book.render.quarto_pages import finish_pages

    config = read_book_config(QUARTO_YML)
    assert config.local_build and config.body_header and config.body_header.endswith(config.local_build), (
        "the built-in pages and Quarto's take the local-build line from one place"
    )
    output = quarto_output(tmp_path)
    changed = finish_pages(output, config, EDITIONS)
    assert len(changed) == len(config.chapters)
    for chapter in config.chapters:
        page = output / chapter.html_path
        assert notices(page) == ["div publication-status local-build", "nav edition-switch"], chapter.source
        html = page.read_text(encoding="utf-8")
        assert "Local build, not published." in html
        assert edition_switch_html(EDITIONS, chapter.html_path) in html, "the built-in pages' edition line"
    summary = (output / "notebooks/01_summary.html").read_text(encoding="utf-8")
    assert 'href="../editions/2021-12/notebooks/01_summary.html"' in summary
    assert finish_pages(output, config, EDITIONS) == [], "a second run changes nothing"


def test_a_published_or_single_edition_site_gets_neither_line(tmp_path: Path) -> None:
    from rssreview.book.render.quarto_config import read_book_config
    from rssreview.book.render.quarto_pages import finish_pages

    config = dataclasses.replace(read_book_config(QUARTO_YML), local_build=None)  # book.site-url set
    output = quarto_output(tmp_path)
    finish_pages(output, config, EDITIONS[:1])
    assert all(notices(output / c.html_path) == [] for c in config.chapters)


def test_a_quarto_page_without_the_status_is_reported_by_name(tmp_path: Path) -> None:
    from rssreview.book.render.errors import RenderError
    from rssreview.book.render.quarto_config import read_book_config
    from rssreview.book.render.quarto_pages import finish_pages

    output = quarto_output(tmp_path)
    page = output / "notebooks/01_summary.html"
    page.write_text(page.read_text(encoding="utf-8").replace("publication-status", "other"), encoding="utf-8")
    (output / "index.html").unlink()
    with pytest.raises(RenderError) as caught:
        finish_pages(output, read_book_config(QUARTO_YML), EDITIONS)
    message = str(caught.value)
    assert "01_summary.html: expected the status" in message and "index.html: expected Quarto's page" in message
