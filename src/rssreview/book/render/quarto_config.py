"""Read the book's structure from `_quarto.yml`, so the built-in renderer and Quarto build the same book."""

from __future__ import annotations

import json
import posixpath
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rssreview.book.render.errors import RenderError
from rssreview.publication import author_text
from rssreview.settings_file import SettingsError, read_settings

ChapterKind = Literal["unnumbered", "chapter", "appendix"]
#: The metadata key naming the glossary links filter's JSON file (static/glossary.lua reads the same key).
GLOSSARY_LINKS = "rss-glossary-links"
INDEX_STEMS = ("index",)


@dataclass(frozen=True)
class Chapter:
    """One entry of `book.chapters` or `book.appendices`, with the number Quarto would give it."""

    source: str
    kind: ChapterKind
    number: str | None
    part: str | None

    @property
    def html_path(self) -> str:
        """The page's path inside the site, mirroring Quarto (`notebooks/01_x.ipynb` → `notebooks/01_x.html`)."""
        return posixpath.splitext(self.source)[0] + ".html"

    def figure_dir(self, fmt: str) -> str:
        """Where the chapter's images go, relative to its output, named as Quarto names it (`01_x_files/figure-html`)."""
        return f"{posixpath.splitext(posixpath.basename(self.source))[0]}_files/figure-{fmt}"


@dataclass(frozen=True)
class NavLink:
    """A `page-footer` navigation item: its text and its project-relative address."""

    text: str
    href: str


FOOTER_REGIONS = ("left", "center", "right")
#: A footer region holds Markdown text and links, in order.
FooterItem = str | NavLink


@dataclass(frozen=True)
class BookConfig:
    """What the renderer needs from `_quarto.yml`."""

    title: str
    subtitle: str | None
    author: str
    output_file: str
    lang: str
    echo: bool
    chapters: tuple[Chapter, ...]
    resources: tuple[str, ...]
    html: dict[str, Any]
    typst: dict[str, Any]
    status: str = ""
    #: Quarto's `tbl-colwidths`: `auto` (or false) drops the widths Pandoc takes from separator dashes.
    tbl_colwidths: Any = True
    easy_read: str | None = None  # the chapter also published alone as the Easy Read PDF (`easy-read: chapter:`)
    body_header: str | None = None
    #: While `book.site-url` is unset (a local build): the line every page shows below the status, in Markdown.
    #: It is part of `body_header` for the built-in pages; Quarto's pages get it from the post-render step.
    local_build: str | None = None
    page_footer: tuple[tuple[str, tuple[FooterItem, ...]], ...] = ()
    #: Quarto's top-level `filters`: pandoc Lua filters run for every format, as absolute paths.
    filters: tuple[Path, ...] = ()
    #: `rss-glossary-links`: the JSON file the glossary links filter reads (its words and anchors), absolute.
    glossary_links: Path | None = None

    @property
    def top_headings(self) -> tuple[str | None, ...]:
        """For each level-1 heading of the PDF in order, the part it sits under (None: at the top level).

        Quarto's Typst book writes a part's band (`#part[…]`) and the "Appendices" heading as level-1 headings
        before their first chapter, and every chapter's title is level 1 too (its numbering counts level-1
        headings), so Typst cannot nest chapters under parts by level. The PDF's bookmarks
        (rssreview.book.render.bookmarks) and its printed contents nest them by this list instead.
        """
        headings: list[str | None] = []
        part: str | None = None
        for chapter in self.chapters:
            if chapter.part is not None and chapter.part != part:
                headings.append(None)  # the part's band, or the "Appendices" heading
            headings.append(chapter.part)
            part = chapter.part
        return tuple(headings)


def read_book_config(quarto_yml: Path) -> BookConfig:
    """Parse `_quarto.yml` with the one safe settings reader, reporting every problem in one error."""
    try:
        config = read_settings(quarto_yml)
    except SettingsError as exc:
        raise RenderError(str(exc)) from None
    problems: list[str] = []
    if not isinstance(config, dict):
        raise RenderError(f"{quarto_yml}: expected a YAML mapping, found {type(config).__name__}")
    book = config.get("book")
    if not isinstance(book, dict):
        raise RenderError(f"{quarto_yml}: key 'book': expected a mapping, found {type(book).__name__}")
    for key in ("title", "author"):
        if not book.get(key):
            problems.append(f"{quarto_yml}: key 'book.{key}': expected a value, found nothing")
    chapters = _chapters(book.get("chapters"), book.get("appendices") or [], quarto_yml, problems)
    footer = _page_footer(book.get("page-footer"), quarto_yml, problems)
    header = book.get("body-header")
    if header is not None and not isinstance(header, str):
        problems.append(f"{quarto_yml}: key 'book.body-header': expected Markdown text, found {header!r}")
    formats = config.get("format") or {}
    project = config.get("project") or {}
    easy_read = _easy_read_chapter(config.get("easy-read"), chapters, quarto_yml, problems)
    filters = _filters(config.get("filters"), quarto_yml, problems)
    glossary_links = config.get(GLOSSARY_LINKS)
    if glossary_links is not None and (not isinstance(glossary_links, str) or not glossary_links.endswith(".json")):
        problems.append(
            f"{quarto_yml}: key '{GLOSSARY_LINKS}': expected the path of a .json file, found {glossary_links!r}"
        )
    if problems:
        raise RenderError("\n".join(problems))
    return BookConfig(
        title=str(book["title"]),
        subtitle=str(book["subtitle"]) if book.get("subtitle") else None,
        author=author_text(book["author"]),
        output_file=str(book.get("output-file") or "book"),
        lang=str(config.get("lang") or "en"),
        echo=bool((config.get("execute") or {}).get("echo", True)),
        chapters=tuple(chapters),
        resources=tuple(str(item) for item in project.get("resources") or []),
        html=dict(formats.get("html") or {}),
        typst=dict(formats.get("typst") or {}),
        status=str(config.get("rss-status") or ""),
        tbl_colwidths=config.get("tbl-colwidths", True),
        easy_read=easy_read,
        body_header=_with_local_build(header.strip() if isinstance(header, str) and header.strip() else None, book),
        local_build=local_build_note(book),
        page_footer=footer,
        filters=filters,
        glossary_links=(quarto_yml.parent / glossary_links).resolve() if isinstance(glossary_links, str) else None,
    )


#: The local-build line, short enough for a phone's first screen (publication.LOCAL_BUILD says it in full).
LOCAL_BUILD_NOTE = (
    '::: {.publication-status .local-build role="note"}\n'
    "**Local build, not published.** [No web address yet.]{.status-detail}\n:::"
)


def local_build_note(book: dict[str, Any]) -> str | None:
    """The local-build line while the site has no public address (`book.site-url` unset), else None."""
    return None if book.get("site-url") else LOCAL_BUILD_NOTE


def _with_local_build(header: str | None, book: dict[str, Any]) -> str | None:
    """The body header, and, in a local build, the line on every page saying it has not been published."""
    note = local_build_note(book)
    if note is None:
        return header
    return f"{header}\n\n{note}" if header else note


def _filters(entries: Any, source: Path, problems: list[str]) -> tuple[Path, ...]:
    """The project's Lua filters (`filters:`), each a file relative to the project, as Quarto reads them.

    A filter is looked for when a page is rendered (pandoc_run.filter_args), not here: commands that only
    execute or validate read this file too."""
    found: list[Path] = []
    for entry in entries if isinstance(entries, list) else [entries] if entries else []:
        path = (source.parent / str(entry)).resolve()
        if not str(entry).endswith(".lua"):
            problems.append(f"{source}: key 'filters': expected a Lua filter file (.lua), found {entry!r}")
        elif path not in found:
            found.append(path)
    return tuple(found)


def _easy_read_chapter(entry: Any, chapters: list[Chapter], source: Path, problems: list[str]) -> str | None:
    """The chapter named by `easy-read: chapter:`, which must be one of the book's chapters."""
    if entry is None:
        return None
    chapter = entry.get("chapter") if isinstance(entry, dict) else None
    if not isinstance(chapter, str) or chapter not in {c.source for c in chapters}:
        problems.append(f"{source}: key 'easy-read.chapter': expected one of the book's chapters, found {chapter!r}")
        return None
    return chapter


def _page_footer(value: Any, source: Path, problems: list[str]) -> tuple[tuple[str, tuple[FooterItem, ...]], ...]:
    """Quarto's `page-footer`: Markdown text, or left/center/right regions of text or `{text, href}` links."""
    if value is None:
        return ()
    regions = {"center": value} if isinstance(value, str) else value
    if not isinstance(regions, dict) or set(regions) - set(FOOTER_REGIONS):
        problems.append(
            f"{source}: key 'book.page-footer': expected text or a mapping with keys "
            f"{', '.join(FOOTER_REGIONS)}, found {value!r}"
        )
        return ()
    parsed = []
    for region in FOOTER_REGIONS:
        content = regions.get(region)
        if content is None:
            continue
        items = [content] if isinstance(content, str) else content
        if not isinstance(items, list):
            problems.append(f"{source}: key 'book.page-footer.{region}': expected text or a list, found {content!r}")
            continue
        region_items: list[FooterItem] = []
        for item in items:
            if isinstance(item, str):
                region_items.append(item)
            elif isinstance(item, dict) and isinstance(item.get("text"), str) and isinstance(item.get("href"), str):
                region_items.append(NavLink(item["text"], item["href"]))
            else:
                problems.append(
                    f"{source}: key 'book.page-footer.{region}': expected text or "
                    f"{{text: …, href: …}} items, found {item!r}"
                )
        parsed.append((region, tuple(region_items)))
    return tuple(parsed)


UNNUMBERED = re.compile(r"^#\s.*\{[^}]*(\.unnumbered|(?<![\w-])-(?![\w-]))[^}]*\}\s*$")


def _title_unnumbered(path: Path) -> bool:
    """Whether the chapter's title carries Quarto's `{.unnumbered}` (or `{-}`), as Quarto reads it."""
    try:
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            first = next((c for c in cells if c.get("cell_type") == "markdown"), None)
            text = "".join(first["source"]) if first else ""
        else:
            text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False  # a missing or unreadable chapter is reported where it is rendered
    title = next((line for line in text.splitlines() if line.startswith("# ")), "")
    return bool(UNNUMBERED.match(title))


def _chapters(entries: Any, appendices: Any, source: Path, problems: list[str]) -> list[Chapter]:
    """Flatten chapters and parts, numbering chapters 1, 2, … and appendices A, B, …"""
    if not isinstance(entries, list) or not entries:
        problems.append(f"{source}: key 'book.chapters': expected a non-empty list, found {entries!r}")
        return []
    if not isinstance(appendices, list):
        problems.append(f"{source}: key 'book.appendices': expected a list, found {appendices!r}")
        appendices = []
    flat: list[tuple[str, str | None]] = []
    for position, entry in enumerate(entries, start=1):
        if isinstance(entry, str):
            flat.append((entry, None))
        elif isinstance(entry, dict) and isinstance(entry.get("part"), str) and isinstance(entry.get("chapters"), list):
            flat.extend((str(path), entry["part"]) for path in entry["chapters"])
        else:
            problems.append(
                f"{source}: key 'book.chapters' item {position}: expected a path or a "
                f"'part:' with 'chapters:', found {entry!r}"
            )
    chapters: list[Chapter] = []
    number = 0
    for position, (path, part) in enumerate(flat):
        is_index = position == 0 and posixpath.splitext(posixpath.basename(path))[0] in INDEX_STEMS
        if is_index or _title_unnumbered(source.parent / path):
            chapters.append(Chapter(path, "unnumbered", None, part))
            continue
        number += 1
        chapters.append(Chapter(path, "chapter", str(number), part))
    letters = string.ascii_uppercase
    if len(appendices) > len(letters):
        problems.append(f"{source}: key 'book.appendices': expected at most 26 appendices, found {len(appendices)}")
    for position, path in enumerate(appendices[: len(letters)]):
        chapters.append(Chapter(str(path), "appendix", letters[position], "Appendices"))
    sources = [chapter.source for chapter in chapters]
    for duplicate in sorted({path for path in sources if sources.count(path) > 1}):
        problems.append(
            f"{source}: chapter '{duplicate}': expected once in the book, found {sources.count(duplicate)} times"
        )
    return chapters
