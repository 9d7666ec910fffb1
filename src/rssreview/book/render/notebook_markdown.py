"""Turn one executed notebook (or index.md) into pandoc Markdown, the way Quarto renders stored outputs.

Outputs are chosen by Quarto's preference order for the target format, cell options (`#| echo`, `#| label`,
`#| tbl-cap`, `#| fig-cap`, `#| fig-alt`, `#| output`, `#| include`) are honoured, and labelled tables and
figures get per-chapter numbers ("Table 3.1") so the book can cross-reference them.
"""

from __future__ import annotations

import base64
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import nbformat
import yaml
from bs4 import BeautifulSoup

from rssreview.book.render.errors import RenderError
from rssreview.book.render.typst_text import typst_string, typst_text
from rssreview.files import SAFE_LOADER
from rssreview.present.text import md as markdown_escape
from rssreview.published_text import split_options

Format = Literal["html", "typst"]

#: Quarto's choice of output per format (src/core/jupyter/display-data.ts): for HTML, text/html before
#: everything (tests/book/test_quarto_contract.py keeps stored outputs free of it); otherwise Markdown first.
OUTPUT_PRIORITY: dict[Format, tuple[str, ...]] = {
    "html": ("text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain"),
    "typst": ("text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain"),
}
IMAGE_SUFFIX = {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpg"}
FLOAT_KINDS = {"tbl": "Table", "fig": "Figure"}
CROSS_REFERENCE = re.compile(r"(?<![\w@\\])@((?:tbl|fig)-[A-Za-z0-9_-]*[A-Za-z0-9_])")
TITLE_LINE = re.compile(r"#[ \t]+(?P<title>.+?)(?:[ \t]+\{[^}]*\})?[ \t]*#*[ \t]*$")


@dataclass(frozen=True)
class Float:
    """A numbered table or figure that `@tbl-…` / `@fig-…` can point at."""

    label: str
    number: str

    @property
    def reference(self) -> str:
        """The words a cross reference shows, e.g. "Table 3.1"."""
        return f"{FLOAT_KINDS[self.label.split('-', 1)[0]]} {self.number}"


@dataclass(frozen=True)
class ChapterMarkdown:
    """A chapter as pandoc Markdown, with its numbered floats and the image files it refers to."""

    title: str
    markdown: str
    floats: tuple[Float, ...] = ()
    images: Mapping[str, bytes] = field(default_factory=dict)


def read_notebook(path: Path, source: str) -> nbformat.NotebookNode:
    """Load a notebook, naming the chapter if it is missing or unreadable."""
    if not path.is_file():
        raise RenderError(f"{source}: chapter listed in _quarto.yml not found at {path}")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for bad JSON
        raise RenderError(f"{source}: cannot read the notebook {path}: {' '.join(str(exc).split())}") from exc


def markdown_document(path: Path, source: str) -> ChapterMarkdown:
    """A plain Markdown chapter such as index.md: its text is used as it stands."""
    if not path.is_file():
        raise RenderError(f"{source}: chapter listed in _quarto.yml not found at {path}")
    text = path.read_text(encoding="utf-8")
    return ChapterMarkdown(title=chapter_title(text, source), markdown=text.strip() + "\n")


def chapter_title(markdown: str, source: str) -> str:
    """The text of the `# Title` line that must open every chapter."""
    first_line = markdown.lstrip().split("\n", 1)[0]
    match = TITLE_LINE.fullmatch(first_line)
    if not match:
        raise RenderError(f"{source}: expected the chapter to open with a '# Title' line, found {first_line[:60]!r}")
    return match["title"]


def notebook_markdown(
    notebook: nbformat.NotebookNode,
    *,
    source: str,
    fmt: Format,
    number: str | None,
    echo: bool,
    image_dir: str,
    root: Path | None = None,
) -> ChapterMarkdown:
    """Render the notebook's cells for `fmt`; images are named under `image_dir` (relative to the output page).

    `root` is the project folder: Markdown images in outputs (charts under figures/) are relative to the
    chapter's place in it, and the PDF needs their files.
    """
    cells = notebook.cells
    if not cells or cells[0].cell_type != "markdown":
        raise RenderError(f"{source}: expected the first cell to be Markdown with '# Title', found no such cell")
    renderer = _CellRenderer(source=source, fmt=fmt, number=number, echo=echo, image_dir=image_dir, root=root)
    blocks = [renderer.cell(index, cell) for index, cell in enumerate(cells, start=1)]
    return ChapterMarkdown(
        title=chapter_title(cells[0].source, source),
        markdown="\n\n".join(block for block in blocks if block) + "\n",
        floats=tuple(renderer.floats),
        images=dict(renderer.images),
    )


def resolve_cross_references(markdown: str, targets: Mapping[str, tuple[str, str]], source: str) -> str:
    """Replace `@tbl-x` / `@fig-x` with a link; `targets` maps a label to (link text, link target)."""
    unknown = sorted({label for label in CROSS_REFERENCE.findall(markdown) if label not in targets})
    if unknown:
        raise RenderError(f"{source}: cross reference to unknown label(s) {', '.join('@' + u for u in unknown)}")

    def link(match: re.Match[str]) -> str:
        text, href = targets[match[1]]
        return f"[{text}]({href})"

    return CROSS_REFERENCE.sub(link, markdown)


def cell_options(code: str, where: str) -> tuple[dict[str, Any], str]:
    """Split Quarto's leading `#|` option comments (parsed as YAML, like Quarto) from the code."""
    yaml_text, rest = split_options(code)
    try:
        options = yaml.load(yaml_text, Loader=SAFE_LOADER) if yaml_text else {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise RenderError(f"{where}: cell options are not valid YAML: {' '.join(str(exc).split())}") from exc
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise RenderError(f"{where}: expected '#| key: value' cell options, found {yaml_text!r}")
    return options, rest.strip("\n")


def fenced(text: str, attributes: str) -> str:
    """A fenced code block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{attributes}\n{text.rstrip()}\n{fence}"


@dataclass
class _CellRenderer:
    """Renders cells one by one, numbering the chapter's tables and figures as it goes."""

    source: str
    fmt: Format
    number: str | None
    echo: bool
    image_dir: str
    root: Path | None = None
    floats: list[Float] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)

    def cell(self, index: int, cell: nbformat.NotebookNode) -> str:
        """One cell's Markdown, or "" when nothing of it is shown."""
        if cell.cell_type == "markdown":
            return cell.source.strip()
        if cell.cell_type != "code":
            return ""
        where = f"{self.source}: cell {index}"
        options, code = cell_options(cell.source, where)
        self._check_executed(cell, code, where)
        tags = set(cell.metadata.get("tags", []))
        if options.get("include") is False or "remove-cell" in tags:
            return ""
        blocks = []
        if options.get("echo", self.echo) is True and "remove-input" not in tags and code:
            blocks.append(fenced(code, " {.python}"))
        if options.get("output", True) is not False and "remove-output" not in tags:
            blocks.extend(self._outputs(cell, options, where, index))
        return "\n\n".join(blocks)

    def _check_executed(self, cell: nbformat.NotebookNode, code: str, where: str) -> None:
        for output in cell.outputs:
            if output.output_type == "error":
                raise RenderError(
                    f"{where}: has an error output ({output.ename}: {' '.join(output.evalue.split())}); "
                    "fix it and re-execute the notebook"
                )
        if code and cell.execution_count is None:
            raise RenderError(f"{where}: code cell has not been executed; execute the notebook before rendering")

    def _outputs(self, cell: nbformat.NotebookNode, options: dict[str, Any], where: str, index: int) -> list[str]:
        label = str(options.get("label", ""))
        kind = label.split("-", 1)[0] if "-" in label else ""
        chosen = [item for item in (self._choose(output, options) for output in cell.outputs) if item]
        if kind == "tbl":
            return [self._table(label, options, chosen, where)]
        if kind == "fig":
            return [self._figure(label, options, chosen, where)]
        return [self._block(mime, data, options, f"cell-{index}-{n}") for n, (mime, data) in enumerate(chosen, 1)]

    def _choose(self, output: nbformat.NotebookNode, options: dict[str, Any]) -> tuple[str, Any] | None:
        if output.output_type == "stream":
            shown = output.name == "stdout" or options.get("warning") is True
            return (f"stream/{output.name}", output.text) if shown and output.text.strip() else None
        data = output.get("data", {})
        mime = next((mime for mime in OUTPUT_PRIORITY[self.fmt] if mime in data), None)
        return (mime, data[mime]) if mime else None

    def _next_float(self, label: str) -> Float:
        kind = label.split("-", 1)[0]
        count = 1 + sum(1 for item in self.floats if item.label.startswith(kind + "-"))
        number = f"{self.number}.{count}" if self.number else str(count)
        item = Float(label=label, number=number)
        self.floats.append(item)
        return item

    def _table(self, label: str, options: dict[str, Any], chosen: list[tuple[str, Any]], where: str) -> str:
        item = self._next_float(label)
        caption = _caption(item, options.get("tbl-cap"))
        blocks = [self._block(mime, data, options, label) for mime, data in chosen]
        table_at = next((i for i, block in enumerate(blocks) if _pipe_table_end(block) is not None), None)
        if table_at is None:
            raise RenderError(f"{where}: label '{label}' expects a Markdown pipe table in the output, found none")
        lines = blocks[table_at].split("\n")
        end = _pipe_table_end(blocks[table_at])
        rest = "\n".join(lines[end:]).strip("\n")
        blocks[table_at] = "\n".join(lines[:end]) + f"\n\n: {caption}" + (f"\n\n{rest}" if rest else "")
        body = "\n\n".join(blocks)
        return f"::::: {{#{label} .rss-table}}\n{body}\n:::::"

    def _figure(self, label: str, options: dict[str, Any], chosen: list[tuple[str, Any]], where: str) -> str:
        item = self._next_float(label)
        caption = _caption(item, options.get("fig-cap"))
        visual = next(
            (
                i
                for i, (mime, data) in enumerate(chosen)
                if mime == "text/html"
                or mime in IMAGE_SUFFIX
                or (mime == "text/markdown" and MARKDOWN_IMAGE.search(str(data)))
            ),
            None,
        )
        if visual is None:
            raise RenderError(f"{where}: label '{label}' expects a chart or image output, found none")
        blocks = [self._block(mime, data, options, label) for mime, data in chosen[:visual]]
        mime, data = chosen[visual]
        if self.fmt == "typst":
            rest = ""
            if mime == "text/markdown":
                image = MARKDOWN_IMAGE.search(str(data))
                if image is None:  # the output was chosen above for holding an image
                    raise RenderError(f"{where}: label '{label}' expects a Markdown image, found none")
                attributes = _attributes(image["attributes"] or "")
                path = self._linked_image(image["path"], where)
                alt = str(
                    options.get("fig-alt")
                    or attributes.get("fig-alt")
                    or attributes.get("alt")
                    or options.get("fig-cap")
                    or ""
                )
                rest = self._block(mime, MARKDOWN_IMAGE.sub("", str(data), count=1), options, label)
            else:
                path = self._image(label, mime, data)
                alt = str(options.get("fig-alt") or options.get("fig-cap") or "")
            if rest:
                # The rest of the output (the chart's CSV link) stays inside the figure, as in Quarto's float.
                blocks.append(f"```{{=typst}}\n#figure([\n#image({typst_string(path)}, alt: {typst_string(alt)})\n```")
                blocks.append(rest)
                blocks.append(f"```{{=typst}}\n], caption: {typst_text(caption)}) <{label}>\n```")
            else:
                blocks.append(
                    "```{=typst}\n"
                    f"#figure(image({typst_string(path)}, alt: {typst_string(alt)}), caption: {typst_text(caption)})"
                    f" <{label}>\n```"
                )
        else:
            figure = self._block(mime, data, options, label)
            blocks.append(
                f":::: {{#{label} .rss-figure}}\n{figure}\n\n::: {{.rss-figure-caption}}\n{caption}\n:::\n::::"
            )
        blocks.extend(
            self._block(mime, data, options, f"{label}-{n}") for n, (mime, data) in enumerate(chosen[visual + 1 :], 1)
        )
        return "\n\n".join(block for block in blocks if block)

    def _block(self, mime: str, data: Any, options: dict[str, Any], name: str) -> str:
        alt = str(options.get("fig-alt") or options.get("fig-cap") or "")
        if mime == "text/markdown":
            text = for_format(str(data).strip(), self.fmt)
            if self.fmt == "typst":
                text = MARKDOWN_IMAGE.sub(
                    lambda m: m[0].replace(f"]({m['path']})", f"]({self._linked_image(m['path'], name)})", 1), text
                )
            return text
        if mime == "text/html":
            html = str(data)
            return fenced(_with_alt(html, str(options["fig-alt"])) if options.get("fig-alt") else html, "{=html}")
        if mime in IMAGE_SUFFIX:
            path = self._image(name, mime, data)
            if self.fmt == "typst":
                return f"```{{=typst}}\n#image({typst_string(path)}, alt: {typst_string(alt)})\n```"
            return f"![{markdown_escape(alt)}]({path})"
        if mime.startswith("stream/"):
            return fenced(str(data), f" {{.cell-output .cell-output-{mime.split('/', 1)[1]}}}")
        return fenced(str(data), " {.cell-output}")

    def _linked_image(self, link: str, where: str) -> str:
        """A Markdown image's file (relative to the chapter), carried into the PDF under its project path."""
        if re.match(r"^[a-z]+:", link) or self.root is None:
            return link
        relative = posixpath.normpath(posixpath.join(posixpath.dirname(self.source), link))
        path = self.root / relative
        if relative.startswith("../") or not path.is_file():
            raise RenderError(f"{self.source}: image '{link}' in {where} not found at {path}")
        self.images[relative] = path.read_bytes()
        return relative

    def _image(self, name: str, mime: str, data: Any) -> str:
        path = f"{self.image_dir}/{name}{IMAGE_SUFFIX[mime]}"
        self.images[path] = str(data).encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(str(data))
        return path


#: A Markdown image as chart outputs write it: `![](path){attributes}`.
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\((?P<path>[^)\s]+)\)(?:\{(?P<attributes>[^}]*)\})?")
ATTRIBUTE = re.compile(r'([A-Za-z][\w-]*)="((?:[^"\\]|\\.)*)"')
#: Quarto's conditional content for the HTML format: (class, whether the block is kept in HTML).
CONDITIONAL = re.compile(
    r'^::: \{\.(?P<kind>content-visible|content-hidden) when-format="html"\}\n(?P<body>.*?)\n:::$', re.S | re.M
)


def for_format(markdown: str, fmt: Format) -> str:
    """Keep or drop Quarto's `when-format="html"` blocks as Quarto does for `fmt`, unwrapping the kept ones."""

    def keep(match: re.Match[str]) -> str:
        shown_in_html = match["kind"] == "content-visible"
        return match["body"] if shown_in_html == (fmt == "html") else ""

    return re.sub(r"\n{3,}", "\n\n", CONDITIONAL.sub(keep, markdown)).strip()


def _attributes(text: str) -> dict[str, str]:
    """Pandoc `key="value"` attributes, unescaped."""
    return {key: re.sub(r"\\(.)", r"\1", value) for key, value in ATTRIBUTE.findall(text)}


def _caption(item: Float, text: Any) -> str:
    """Quarto's caption form, "Table 3.1: caption"."""
    words = " ".join(str(text).split()) if text else ""
    return f"{item.reference}: {words}" if words else item.reference


def _pipe_table_end(block: str) -> int | None:
    """Index of the line after the first pipe table in `block`, or None when it holds none."""
    lines = block.split("\n")
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("|")), None)
    if start is None:
        return None
    end = start
    while end < len(lines) and lines[end].lstrip().startswith("|"):
        end += 1
    return end


def _with_alt(html: str, alt: str) -> str:
    """Give every image of an HTML output the cell's `fig-alt`, as Quarto does for images it makes."""
    soup = BeautifulSoup(html, "html.parser")
    images = soup.find_all("img")
    for image in images:
        image["alt"] = alt
    return str(soup) if images else html
