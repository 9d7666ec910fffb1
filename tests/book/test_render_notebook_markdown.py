"""Turning one executed notebook into pandoc Markdown, as Quarto renders stored outputs."""

from __future__ import annotations

import base64

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from rssreview.book.render import RenderError
from rssreview.book.render.notebook_markdown import (
    cell_options,
    chapter_title,
    fenced,
    notebook_markdown,
    resolve_cross_references,
)

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>'


def _render(*cells, fmt="html", number="4"):
    notebook = new_notebook(cells=[new_markdown_cell("# Title here"), *cells])
    return notebook_markdown(notebook, source="nb.ipynb", fmt=fmt, number=number, echo=False, image_dir="nb_files")


def _code(source, *data, count=1):
    return new_code_cell(source, execution_count=count, outputs=[new_output("display_data", data=d) for d in data])


def test_options_are_yaml_and_removed_from_code() -> None:
    options, code = cell_options('#| label: tbl-x\n#| tbl-cap: "A: b"\n#| echo: true\nx = 1', "nb: cell 2")
    assert options == {"label": "tbl-x", "tbl-cap": "A: b", "echo": True}
    assert code == "x = 1"
    with pytest.raises(RenderError, match=r"^nb: cell 2: cell options are not valid YAML"):
        cell_options("#| label: [unclosed\nx", "nb: cell 2")


def test_outputs_are_chosen_as_quarto_chooses_them() -> None:
    """display-data.ts: text/html first for HTML; Markdown first for Typst, which never takes HTML."""
    both = {"text/markdown": "**md**", "text/html": "<b>html</b>", "text/plain": "plain"}
    html_only = {"text/html": "<b>html</b>", "text/plain": "plain"}
    assert "<b>html</b>" in _render(_code("x", both)).markdown
    assert "**md**" in _render(_code("x", both), fmt="typst").markdown
    assert "<b>html</b>" in _render(_code("x", html_only)).markdown
    typst = _render(_code("x", html_only), fmt="typst").markdown
    assert "<b>" not in typst and "plain" in typst


def test_chart_uses_html_for_the_site_and_svg_for_typst() -> None:
    chart = {"text/html": '<div class="rss-chart"><img alt="old"></div>', "image/svg+xml": SVG, "text/plain": "c"}
    cell = _code('#| label: fig-a\n#| fig-cap: "Cap"\n#| fig-alt: "New alt"\nc', chart)
    html = _render(cell)
    assert 'alt="New alt"' in html.markdown and "Figure 4.1: Cap" in html.markdown and html.images == {}
    typst = _render(cell, fmt="typst")
    assert typst.images == {"nb_files/fig-a.svg": SVG.encode()}
    assert (
        '#figure(image("nb_files/fig-a.svg", alt: "New alt"), caption: [#"Figure 4.1: Cap"]) <fig-a>' in typst.markdown
    )


def test_markdown_chart_image_carries_its_alt_attributes_into_both_formats(tmp_path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "c.svg").write_text(SVG, encoding="utf-8")
    markdown = (
        '![](../figures/c.svg){.rss-chart alt="Rises \\"a lot\\"" fig-alt="Rises \\"a lot\\""}\n\n'
        '::: {.content-visible when-format="html"}\nSITE ONLY\n:::\n\n'
        '::: {.content-hidden when-format="html"}\nPDF ONLY\n:::\n'
    )
    cell = _code('#| label: fig-c\n#| fig-cap: "Cap"\nc', {"text/markdown": markdown, "image/svg+xml": SVG})
    notebook = new_notebook(cells=[new_markdown_cell("# T"), cell])
    html = notebook_markdown(
        notebook, source="notebooks/nb.ipynb", fmt="html", number="2", echo=False, image_dir="nb_files", root=tmp_path
    ).markdown
    assert ":::: {#fig-c .rss-figure}" in html and "../figures/c.svg" in html
    assert "SITE ONLY" in html and "PDF ONLY" not in html and "content-visible" not in html
    typst = notebook_markdown(
        notebook, source="notebooks/nb.ipynb", fmt="typst", number="2", echo=False, image_dir="nb_files", root=tmp_path
    )
    assert '#figure([\n#image("figures/c.svg", alt: "Rises \\"a lot\\"")' in typst.markdown
    assert '], caption: [#"Figure 2.1: Cap"]) <fig-c>' in typst.markdown
    assert typst.images == {"figures/c.svg": SVG.encode()}
    assert "PDF ONLY" in typst.markdown and "SITE ONLY" not in typst.markdown
    missing = _code("#| label: fig-d\nc", {"text/markdown": '![](../figures/none.svg){alt="x"}'})
    with pytest.raises(RenderError, match=r"image '../figures/none.svg'.* not found"):
        notebook_markdown(
            new_notebook(cells=[new_markdown_cell("# T"), missing]),
            source="notebooks/nb.ipynb",
            fmt="typst",
            number="2",
            echo=False,
            image_dir="nb_files",
            root=tmp_path,
        )


def test_image_only_output_becomes_a_file_with_alt_text() -> None:
    png = base64.b64encode(b"\x89PNG fake").decode()
    result = _render(_code('#| fig-alt: "A picture"\np', {"image/png": png}))
    assert result.markdown.count("![A picture](nb_files/cell-2-1.png)") == 1
    assert result.images["nb_files/cell-2-1.png"] == b"\x89PNG fake"


def test_tables_are_numbered_per_chapter_with_caption_after_the_pipe_table() -> None:
    table = "Intro.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter."
    result = _render(
        _code('#| label: tbl-one\n#| tbl-cap: "First"\nt', {"text/markdown": table}),
        _code('#| label: tbl-two\n#| tbl-cap: "Second"\nt', {"text/markdown": table}),
        number="A",
    )
    assert [(f.label, f.reference) for f in result.floats] == [("tbl-one", "Table A.1"), ("tbl-two", "Table A.2")]
    assert "| 1 | 2 |\n\n: Table A.1: First\n\nAfter." in result.markdown
    assert "::::: {#tbl-one .rss-table}" in result.markdown


def test_table_label_without_a_table_is_refused() -> None:
    with pytest.raises(RenderError, match=r"nb.ipynb: cell 2: label 'tbl-x' expects a Markdown pipe table"):
        _render(_code("#| label: tbl-x\nt", {"text/markdown": "no table here"}))


def test_echo_include_and_stream_rules() -> None:
    result = _render(
        new_code_cell("#| echo: true\nshown = 1", execution_count=1),
        new_code_cell("hidden = 2", execution_count=2),
        new_code_cell(
            "#| include: false\nz", execution_count=3, outputs=[new_output("stream", name="stdout", text="nope")]
        ),
        new_code_cell("w", execution_count=4, outputs=[new_output("stream", name="stderr", text="a warning")]),
        new_code_cell("print(1)", execution_count=5, outputs=[new_output("stream", name="stdout", text="``` 1")]),
    )
    assert "shown = 1" in result.markdown and "hidden = 2" not in result.markdown
    assert "nope" not in result.markdown and "a warning" not in result.markdown
    assert "````{.cell-output .cell-output-stdout}\n``` 1\n````" in result.markdown.replace(" {", "{")


def test_unexecuted_or_failed_cells_are_refused() -> None:
    with pytest.raises(RenderError, match=r"nb.ipynb: cell 2: code cell has not been executed"):
        _render(new_code_cell("x = 1"))
    failed = new_code_cell(
        "x", execution_count=1, outputs=[new_output("error", ename="KeyError", evalue="'k'", traceback=[])]
    )
    with pytest.raises(RenderError, match=r"nb.ipynb: cell 2: has an error output \(KeyError: 'k'\)"):
        _render(failed)


def test_title_must_open_the_chapter() -> None:
    assert chapter_title("# Care in the community {#sec-c}\n\nText", "x.md") == "Care in the community"
    with pytest.raises(RenderError, match=r"^x.md: expected the chapter to open with a '# Title' line"):
        chapter_title("Some text\n# Late title", "x.md")


def test_cross_references_resolve_and_unknown_labels_fail() -> None:
    targets = {"tbl-a": ("Table 2.1", "p.html#tbl-a")}
    assert (
        resolve_cross_references("See @tbl-a. Mail me@tbl-a.", targets, "s")
        == "See [Table 2.1](p.html#tbl-a). Mail me@tbl-a."
    )
    with pytest.raises(RenderError, match=r"^s: cross reference to unknown label\(s\) @fig-missing$"):
        resolve_cross_references("See @fig-missing.", targets, "s")


def test_fence_outgrows_backticks_inside() -> None:
    assert fenced("a ```` b", "").startswith("`````\n")
