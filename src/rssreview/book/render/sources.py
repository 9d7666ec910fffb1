"""The book's chapters as loaded from disk, ready to be turned into Markdown for either format."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat

from rssreview.book.render.errors import RenderError
from rssreview.book.render.notebook_markdown import (
    ChapterMarkdown,
    Float,
    Format,
    chapter_title,
    markdown_document,
    notebook_markdown,
    read_notebook,
)
from rssreview.book.render.quarto_config import BookConfig, Chapter


@dataclass(frozen=True)
class ChapterSource:
    """One chapter and the file its content comes from (an executed notebook or a Markdown file)."""

    chapter: Chapter
    path: Path
    notebook: nbformat.NotebookNode | None
    root: Path | None = None

    @property
    def title(self) -> str:
        """The chapter's `# Title`."""
        if self.notebook is None:
            return markdown_document(self.path, self.chapter.source).title
        return chapter_title(self.notebook.cells[0].source if self.notebook.cells else "", self.chapter.source)

    def markdown(self, fmt: Format, *, echo: bool, image_dir: str) -> ChapterMarkdown:
        """The chapter as pandoc Markdown for `fmt`."""
        if self.notebook is None:
            return markdown_document(self.path, self.chapter.source)
        return notebook_markdown(
            self.notebook,
            source=self.chapter.source,
            fmt=fmt,
            number=self.chapter.number,
            echo=echo,
            image_dir=image_dir,
            root=self.root,
        )


def load_chapters(config: BookConfig, root: Path, notebooks: Mapping[str, Path] | None) -> list[ChapterSource]:
    """Read every chapter, reporting all missing or unreadable ones together."""
    loaded: list[ChapterSource] = []
    problems: list[str] = []
    for chapter in config.chapters:
        path = Path((notebooks or {}).get(chapter.source, root / chapter.source))
        if path.suffix not in (".ipynb", ".md"):
            problems.append(f"{chapter.source}: expected a .ipynb or .md chapter, found '{path.suffix}'")
            continue
        try:
            if path.suffix == ".ipynb":
                loaded.append(ChapterSource(chapter, path, read_notebook(path, chapter.source), root))
            else:
                markdown_document(path, chapter.source)  # fails early if missing or untitled
                loaded.append(ChapterSource(chapter, path, None, root))
        except RenderError as exc:
            problems.append(str(exc))
    if problems:
        raise RenderError("\n".join(problems))
    return loaded


def float_index(rendered: Sequence[tuple[ChapterSource, ChapterMarkdown]]) -> dict[str, tuple[Float, ChapterSource]]:
    """Map each table and figure label to its float and chapter, refusing labels used twice in the book."""
    index: dict[str, tuple[Float, ChapterSource]] = {}
    problems: list[str] = []
    for source, chapter in rendered:
        for item in chapter.floats:
            if item.label in index:
                problems.append(
                    f"{source.chapter.source}: label '{item.label}' is already used in "
                    f"{index[item.label][1].chapter.source}; labels must be unique in the book"
                )
                continue
            index[item.label] = (item, source)
    if problems:
        raise RenderError("\n".join(problems))
    return index
