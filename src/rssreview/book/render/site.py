"""The HTML site: one page per chapter, laid out like Quarto's book output, accessible and CDN-free."""

from __future__ import annotations

import hashlib
import posixpath
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bs4
import jinja2
from bs4 import BeautifulSoup, Tag
from markupsafe import Markup

from rssreview.book.render import pandoc_run
from rssreview.book.render.assets import STATIC, copy_resources, project_files, write_vega_bundle
from rssreview.book.render.errors import RenderError
from rssreview.book.render.notebook_markdown import ChapterMarkdown, Float, resolve_cross_references
from rssreview.book.render.quarto_config import BookConfig, Chapter, NavLink
from rssreview.book.render.sources import ChapterSource, float_index
from rssreview.files import write_if_changed
from rssreview.paths import CACHE

STYLE_DIR = "site_libs/rss"
#: The site's own stylesheet: linked from site_libs/rss/ here, put inline in each page's head under Quarto.
STYLESHEET = "site.css"
SCRIPTS = ("disclosure.js",)
#: Source files whose links Quarto turns into links to their pages.
DOCUMENT_SUFFIXES = (".ipynb", ".qmd", ".md")


@dataclass(frozen=True)
class _Link:
    href: str
    label: str


@dataclass(frozen=True)
class EditionLink:
    """One edition of the publication on the site: how it is named, its folder from the site's root, and whether
    it is the one being rendered (every page links to the same page in each of the others)."""

    label: str
    folder: str
    current: bool


def write_site(
    config: BookConfig,
    sources: Sequence[ChapterSource],
    out_dir: Path,
    *,
    root: Path,
    draft: bool,
    cycle: str | None = None,
    before_resources: Callable[[], object] | None = None,
    editions: Sequence[EditionLink] = (),
) -> list[Path]:
    """Write every page, its images, the styles, resources and the Vega bundle; return the pages in book order.

    `before_resources` is called first when the resources are still being written (the downloads). With
    `editions`, each page says which edition it belongs to and links to the same page in the others.
    """
    rendered = [
        (source, source.markdown("html", echo=config.echo, image_dir=source.chapter.figure_dir("html")))
        for source in sources
    ]
    site = _Site(
        config=config,
        rendered=rendered,
        floats=float_index(rendered),
        stylesheets=_install_styles(config, root, out_dir),
        scripts=_install_scripts(out_dir),
        after_body=[
            Markup(path.read_text(encoding="utf-8"))
            for path in project_files(root, config.html.get("include-after-body"), "include-after-body")
        ],
        draft=draft,
        template=_template(),
        editions=tuple(editions),
    )
    pages = []
    for position, (source, chapter) in enumerate(rendered):
        target = out_dir / source.chapter.html_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(site.page(position), encoding="utf-8")
        _write_images(chapter, target.parent)
        pages.append(target)
    if before_resources:
        before_resources()
    copy_resources(root, config.resources, out_dir, cycle)
    write_vega_bundle(out_dir)
    return pages


@dataclass(frozen=True)
class _Site:
    """Everything every page shares."""

    config: BookConfig
    rendered: Sequence[tuple[ChapterSource, ChapterMarkdown]]
    floats: dict[str, tuple[Float, ChapterSource]]
    stylesheets: list[str]
    scripts: list[str]
    after_body: list[Markup]
    draft: bool
    template: jinja2.Template
    editions: tuple[EditionLink, ...] = ()

    def page(self, position: int) -> str:
        """The complete HTML of the chapter at `position` in book order."""
        source, chapter = self.rendered[position]
        page_path = source.chapter.html_path
        targets = {
            label: (item.reference, _relative(page_path, f"{owner.chapter.html_path}#{label}"))
            for label, (item, owner) in self.floats.items()
        }
        html = self.config.html
        content = _content_html(
            resolve_cross_references(chapter.markdown, targets, source.chapter.source),
            source.chapter,
            numbered=html.get("number-sections", True) is not False,
            toc_depth=int(html.get("toc-depth", 3)) if html.get("toc", True) is not False else 0,
            auto_widths=self.config.tbl_colwidths in ("auto", False),
            body_header=self.config.body_header,
            filters=self.config.filters,
            glossary_links=self.config.glossary_links,
        )
        neighbours = [
            self.rendered[i][0] if 0 <= i < len(self.rendered) else None for i in (position - 1, position + 1)
        ]
        previous, following = (
            _Link(_relative(page_path, other.chapter.html_path), _chapter_label(other)) if other else None
            for other in neighbours
        )
        return self.template.render(
            lang=self.config.lang,
            site_root=_relative_root(page_path),
            page_title=self.config.title if position == 0 else f"{_chapter_label(source)} – {self.config.title}",
            stylesheets=[_relative(page_path, f"{STYLE_DIR}/{sheet}") for sheet in self.stylesheets],
            scripts=[_relative(page_path, f"{STYLE_DIR}/{script}") for script in self.scripts],
            draft=self.draft,
            book_title=self.config.title,
            subtitle=self.config.subtitle,
            author=self.config.author,
            footer=_footer(self.config, page_path),
            nav=_navigation(self.rendered, page_path),
            content=Markup(content),
            previous=previous,
            next=following,
            after_body=self.after_body,
            editions=_edition_switch(self.editions, page_path),
        )


def _edition_switch(editions: Sequence[EditionLink], page_path: str) -> dict[str, object] | None:
    """This page's edition and links to the same page in every other edition (paths from the site's root)."""
    current = next((e for e in editions if e.current), None)
    if current is None or len(editions) < 2:
        return None
    here = posixpath.dirname(current.folder + page_path) or "."
    others = [
        {"label": e.label, "href": posixpath.relpath(e.folder + page_path, here)} for e in editions if not e.current
    ]
    return {"label": current.label, "latest": current is editions[0], "others": others}


def _write_images(chapter: ChapterMarkdown, page_dir: Path) -> None:
    for relative, data in sorted(chapter.images.items()):
        path = page_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def inline_style() -> str:
    """The site's stylesheet as a <style> block: what Quarto's `include-in-header` puts in every page's head."""
    css = (STATIC / STYLESHEET).read_text(encoding="utf-8")
    if "</style" in css.lower():
        raise RenderError(f"{STATIC / STYLESHEET}: a stylesheet cannot contain '</style'")
    return f"<style>\n{css}</style>\n"


def _install_styles(config: BookConfig, root: Path, out_dir: Path) -> list[str]:
    """Copy the site's stylesheet and any `format.html.css` files into site_libs."""
    names = []
    for path in [STATIC / STYLESHEET, *project_files(root, config.html.get("css"), "css")]:
        target = out_dir / STYLE_DIR / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        names.append(path.name)
    return names


def _install_scripts(out_dir: Path) -> list[str]:
    """Copy the site's own scripts (progressive enhancement only: every page works without them)."""
    target = out_dir / STYLE_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name in SCRIPTS:
        shutil.copyfile(STATIC / name, target / name)
    return list(SCRIPTS)


def _template(name: str = "page.html") -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(STATIC),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template(name)


def edition_switch_html(editions: Sequence[EditionLink], page_path: str) -> str:
    """The page's edition line (static/edition-switch.html, which page.html includes), or '' with one edition:
    the same markup for the built-in pages and, through the post-render step, for Quarto's."""
    switch = _edition_switch(editions, page_path)
    return _template("edition-switch.html").render(editions=switch) if switch else ""


def _relative(page_path: str, target: str) -> str:
    """A link from one site page to another site file (or anchor)."""
    target_path, _, anchor = target.partition("#")
    if target_path == page_path and anchor:
        return f"#{anchor}"
    link = posixpath.relpath(target_path, posixpath.dirname(page_path) or ".")
    return f"{link}#{anchor}" if anchor else link


def _relative_root(page_path: str) -> str:
    depth = page_path.count("/")
    return "../" * depth


def _chapter_label(source: ChapterSource) -> str:
    """How a chapter is named in links: its number and title."""
    number = source.chapter.number
    return f"{number}\u2002{source.title}" if number else source.title


def _navigation(rendered: Sequence[tuple[ChapterSource, ChapterMarkdown]], page_path: str) -> list[dict[str, object]]:
    """The sidebar: chapters in book order, grouped under their part headings."""
    groups: list[dict[str, object]] = []
    items: list[dict[str, object]] = []
    for source, markdown in rendered:
        chapter = source.chapter
        if not groups or groups[-1]["part"] != chapter.part:
            items = []
            groups.append({"part": chapter.part, "items": items})
        items.append(
            {
                "href": _relative(page_path, chapter.html_path),
                "number": chapter.number,
                "title": markdown.title,
                "current": chapter.html_path == page_path,
            }
        )
    return groups


def _footer(config: BookConfig, page_path: str) -> list[dict[str, object]]:
    """`book.page-footer` for one page: each region's Markdown as HTML and its links made relative to the page."""
    regions: list[dict[str, object]] = []
    for region, items in config.page_footer:
        rendered: list[dict[str, object]] = []
        for item in items:
            if isinstance(item, NavLink):
                rendered.append(
                    {"text": item.text, "href": site_link(page_path, item.href, project_relative=True), "html": None}
                )
            else:
                html = pandoc_run.convert(
                    item,
                    source="_quarto.yml page-footer",
                    reader=pandoc_run.MARKDOWN,
                    writer="html5",
                    args=["--wrap=none"],
                )
                soup = BeautifulSoup(html, "html.parser")
                _document_links(soup, page_path)
                paragraph = soup.find("p")
                rendered.append(
                    {"text": None, "href": None, "html": Markup("".join(str(c) for c in (paragraph or soup).contents))}
                )
        regions.append({"name": region, "items": rendered})
    return regions


def site_link(page_path: str, href: str, *, project_relative: bool = False) -> str:
    """Where a link in a page (or a project-relative navigation link) points in the built site.

    As Quarto does: a link to a source document (`x.ipynb`, `x.qmd`, `x.md`) goes to its page
    (`x.html`); a link starting with `/` is relative to the project root; other addresses stay.
    """
    if not href or href.startswith(("#", "mailto:", "data:")) or "://" in href:
        return href
    path, hash_mark, anchor = href.partition("#")
    if path.endswith(DOCUMENT_SUFFIXES):
        path = posixpath.splitext(path)[0] + ".html"
    if not (path.startswith("/") or project_relative):
        return f"{path}{hash_mark}{anchor}"
    return _relative(page_path, path.lstrip("/") + (f"#{anchor}" if anchor else ""))


def _document_links(soup: BeautifulSoup, page_path: str) -> None:
    for link in soup.find_all("a", href=True):
        link["href"] = site_link(page_path, str(link["href"]))


def _content_html(
    markdown: str,
    chapter: Chapter,
    *,
    numbered: bool,
    toc_depth: int,
    auto_widths: bool = False,
    body_header: str | None = None,
    filters: Sequence[Path] = (),
    glossary_links: Path | None = None,
) -> str:
    """Pandoc's HTML for the chapter, made accessible and numbered the way Quarto numbers it.

    Kept in .cache/pages/, keyed by everything it is made from (the filters' and their data's bytes too), so
    a render makes again only the pages of chapters that changed.
    """
    options = repr((chapter, numbered, toc_depth, auto_widths, body_header))
    filter_args = pandoc_run.filter_args(filters, glossary_links)
    key = hashlib.sha256(
        "\0".join([_code_digest(), options, *pandoc_run.file_digests(filter_args), markdown]).encode()
    ).hexdigest()
    cached = CACHE / "pages" / f"{key}.html"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    html = _make_content_html(
        markdown,
        chapter,
        numbered=numbered,
        toc_depth=toc_depth,
        auto_widths=auto_widths,
        body_header=body_header,
        filter_args=filter_args,
    )
    write_if_changed(cached, html)
    return html


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The render code, pandoc's version and Beautiful Soup's: a page cached by other code is made again."""
    digest = hashlib.sha256(f"{pandoc_run.pandoc_version()}|{bs4.__version__}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _make_content_html(
    markdown: str,
    chapter: Chapter,
    *,
    numbered: bool,
    toc_depth: int,
    auto_widths: bool,
    body_header: str | None,
    filter_args: Sequence[str],
) -> str:
    args = ["--section-divs", "--mathml", "--wrap=none", *filter_args]
    args.append(f"--columns={10000 if auto_widths else 72}")  # Quarto's `tbl-colwidths` (see pdf.reader_columns)
    if chapter.number and numbered:
        offset = ord(chapter.number) - ord("A") if chapter.kind == "appendix" else int(chapter.number) - 1
        args += ["--number-sections", f"--number-offset={offset}"]
    html = pandoc_run.convert(markdown, source=chapter.source, reader=pandoc_run.MARKDOWN, writer="html5", args=args)
    soup = BeautifulSoup(html, "html.parser")
    headings = soup.find_all("h1")
    if len(headings) != 1:
        raise RenderError(
            f"{chapter.source}: expected exactly one level-1 heading (the chapter title), found {len(headings)}"
        )
    if chapter.kind == "appendix" and numbered:
        _letter_sections(soup, chapter.number or "A")
    _accessible_tables(soup)
    _figures(soup)
    if toc_depth >= 2:
        _page_toc(soup, headings[0], toc_depth)
    if body_header:
        _insert_body_header(soup, headings[0], body_header, chapter.source)
    _document_links(soup, chapter.html_path)
    return str(soup)


def body_header_html(markdown: str, source: str) -> str:
    """Markdown of `book.body-header` (or a line added to it) as HTML, as Quarto converts it."""
    return pandoc_run.convert(markdown, source=source, reader=pandoc_run.MARKDOWN, writer="html5", args=["--wrap=none"])


def _insert_body_header(soup: BeautifulSoup, title: Tag, markdown: str, source: str) -> None:
    """`book.body-header` just below the page title, where Quarto puts it."""
    header = BeautifulSoup(body_header_html(markdown, f"{source} (book.body-header)"), "html.parser")
    for element in reversed([c for c in header.contents if isinstance(c, Tag)]):
        title.insert_after(element)


def _letter_sections(soup: BeautifulSoup, letter: str) -> None:
    """Pandoc only counts in digits; appendix sections are A, A.1, … as in Quarto."""
    for tag in soup.select("[data-number]"):
        tag["data-number"] = _lettered(str(tag["data-number"]), letter)
    for span in soup.select("span.header-section-number"):
        span.string = _lettered(span.get_text(), letter)
    title = soup.select_one("h1 span.header-section-number")
    if title is not None:
        title.string = f"Appendix {title.get_text()} \u2014"  # Quarto's appendix-title and appendix-delim


def _lettered(number: str, letter: str) -> str:
    return ".".join([letter, *number.split(".")[1:]])


def _accessible_tables(soup: BeautifulSoup) -> None:
    """Header cells get `scope="col"`; each table sits in a labelled, focusable region that scrolls when wide."""
    for position, table in enumerate(soup.find_all("table"), start=1):
        for header in table.select("thead th"):
            header["scope"] = "col"
        caption = table.find("caption")
        label = " ".join(caption.get_text(" ").split()) if caption else f"Table {position} on this page"
        wrapper = soup.new_tag(
            "div", attrs={"class": "table-wrap", "role": "region", "tabindex": "0", "aria-label": label}
        )
        table.wrap(wrapper)


def _figures(soup: BeautifulSoup) -> None:
    """Turn the labelled figure divs into `<figure>` with a `<figcaption>`."""
    for div in soup.select("div.rss-figure"):
        div.name = "figure"
        caption = div.select_one("div.rss-figure-caption")
        if isinstance(caption, Tag):
            caption.name = "figcaption"
            for paragraph in caption.find_all("p"):
                paragraph.unwrap()


def _page_toc(soup: BeautifulSoup, title: Tag, depth: int) -> None:
    """An 'On this page' list of the chapter's sections just after its title, folded away until asked for
    (on a phone the chapter's text then starts in the first screen)."""
    entries = []
    for heading in soup.find_all([f"h{level}" for level in range(2, depth + 1)]):
        if "unlisted" in (heading.get("class") or []):
            continue  # Quarto's `.unlisted`: a heading kept out of the contents
        section = heading.parent
        anchor = section.get("id") if isinstance(section, Tag) and section.name == "section" else heading.get("id")
        if anchor:
            entries.append((int(heading.name[1]), str(anchor), " ".join(heading.get_text(" ").split())))
    if not entries:
        return
    details = soup.new_tag("details", attrs={"class": "page-toc", "data-rss-disclosure": "open-when-wide"})
    summary = soup.new_tag("summary", attrs={"class": "disclosure-toggle"})
    summary.string = "On this page"
    nav = soup.new_tag("nav", attrs={"aria-label": "On this page"})
    nav.append(_toc_list(soup, entries, entries[0][0]))
    details.append(summary)
    details.append(nav)
    title.insert_after(details)


def _toc_list(soup: BeautifulSoup, entries: list[tuple[int, str, str]], level: int) -> Tag:
    """Nested lists following the heading levels."""
    top = soup.new_tag("ul")
    stack: list[tuple[int, Tag]] = [(level, top)]
    for entry_level, anchor, text in entries:
        while len(stack) > 1 and entry_level < stack[-1][0]:
            stack.pop()
        earlier = stack[-1][1].find_all("li", recursive=False)
        if entry_level > stack[-1][0] and earlier:
            child = soup.new_tag("ul")
            earlier[-1].append(child)
            stack.append((entry_level, child))
        item = soup.new_tag("li")
        link = soup.new_tag("a", href=f"#{anchor}")
        link.string = text
        item.append(link)
        stack[-1][1].append(item)
    return top
