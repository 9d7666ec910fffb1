"""The changes a reader would notice between two built sites, grouped by chapter, most important first.

Sentences are matched in reading order (difflib); a pair that differs only in its numbers is a changed
number, otherwise a reworded sentence. Ratings are matched by their recommendation; table rows and CSV
rows by their first cells (as many as make a row unique), so a changed cell is named by its row and column.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rssreview.diff.snapshot import DataFile, Page, Site, Table

#: Kinds of change, most important first; a chapter's place in the report is its most important change's.
KINDS = (
    "page",
    "rating",
    "headline",
    "key message",
    "evidence",
    "number",
    "sentence",
    "table",
    "chart",
    "download",
    "pdf",
)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
#: Below this similarity two sentences at the same place are one removed and one added, not one reworded.
SIMILAR = 0.5
#: Where changes with no page of their own are grouped.
DOWNLOADS = "Downloads"
PDFS = "PDF"


@dataclass(frozen=True)
class Change:
    """One change a reader would notice; `before`/`after` anchor it in each build (page#anchor), if it is there."""

    kind: str
    what: str
    old: str = ""
    new: str = ""
    where: str = ""
    before: str = ""
    after: str = ""


@dataclass
class Chapter:
    """The changes to one chapter (a page and the downloads it links to)."""

    title: str
    order: int
    changes: list[Change] = field(default_factory=list)

    @property
    def rank(self) -> int:
        return min(KINDS.index(change.kind) for change in self.changes)


@dataclass(frozen=True)
class Comparison:
    """Every changed chapter, most important first; empty when nothing a reader sees changed."""

    chapters: tuple[Chapter, ...]

    @property
    def unchanged(self) -> bool:
        return not self.chapters


def compare(old: Site, new: Site) -> Comparison:
    chapters: dict[str, Chapter] = {}
    order = _book_order([*new.pages, *old.pages])

    def chapter(title: str, path: str) -> Chapter:
        if title not in chapters:
            chapters[title] = Chapter(title, order.get(path, len(order)))
        return chapters[title]

    for path in sorted(set(old.pages) | set(new.pages), key=lambda p: order.get(p, len(order))):
        before, after = old.pages.get(path), new.pages.get(path)
        title = _page_title(path, after or before)
        changes = list(page_changes(before, after))
        if changes:
            chapter(title, path).changes += changes
    owners = {**_owners(old), **_owners(new)}
    for path in sorted(set(old.data) | set(new.data)):
        changes = list(data_changes(old.data.get(path), new.data.get(path)))
        if changes:
            page = owners.get(path)
            title = _page_title(page, new.pages.get(page) or old.pages.get(page)) if page else DOWNLOADS
            chapter(title, page or "").changes += changes
    for path in sorted(set(old.pdf_pages) | set(new.pdf_pages)):
        was, now = old.pdf_pages.get(path), new.pdf_pages.get(path)
        if was != now:
            what = "PDF added" if was is None else "PDF removed" if now is None else "PDF page count changed"
            chapter(PDFS, "").changes.append(
                Change("pdf", what, _count(was), _count(now), where=path, before=path, after=path)
            )
    for item in chapters.values():
        item.changes.sort(key=lambda change: KINDS.index(change.kind))
    ranked = sorted(chapters.values(), key=lambda c: (c.rank, c.order))
    return Comparison(tuple(ranked))


def page_changes(before: Page | None, after: Page | None) -> Iterable[Change]:
    if before is None or after is None:
        page = after or before
        assert page is not None
        kind = "Page added" if before is None else "Page removed"
        yield Change(
            "page", kind, where=page.path, before=page.path if before else "", after=page.path if after else ""
        )
        return
    yield from _rating_changes(before, after)
    yield from _sentence_changes(before, after)
    yield from _table_changes(before, after)


def _rating_changes(before: Page, after: Page) -> Iterable[Change]:
    old = {r.recommendation: r for r in before.ratings}
    new = {r.recommendation: r for r in after.ratings}
    for name in [*old, *(n for n in new if n not in old)]:
        was, now = old.get(name), new.get(name)
        shown = [f"{r.status} ({r.certainty})" if r and r.certainty else r.status if r else "" for r in (was, now)]
        if shown[0] == shown[1]:
            continue
        what = "Rating added" if was is None else "Rating removed" if now is None else "Rating changed"
        yield Change(
            "rating",
            what,
            shown[0],
            shown[1],
            where=name,
            before=_at(before, was.anchor) if was else "",
            after=_at(after, now.anchor) if now else "",
        )


def _sentence_changes(before: Page, after: Page) -> Iterable[Change]:
    old, new = before.sentences, after.sentences
    matcher = difflib.SequenceMatcher(None, [s.text for s in old], [s.text for s in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = list(old[i1:i2]), list(new[j1:j2])
        for was, now in _pairs(removed, added):
            sentence = now or was
            assert sentence is not None
            kind = sentence.role if sentence.role != "text" else "sentence"
            if was and now:
                numbers_only = NUMBER.sub("#", was.text) == NUMBER.sub("#", now.text)
                kind = kind if kind != "sentence" else "number" if numbers_only else "sentence"
                what = {
                    "number": "Number changed",
                    "sentence": "Sentence reworded",
                    "evidence": "Evidence changed",
                }.get(kind, f"{kind.capitalize()} changed")
            else:
                label = {"sentence": "Sentence", "evidence": "Evidence"}.get(kind, kind.capitalize())
                what = f"{label} {'added' if now else 'removed'}"
            yield Change(
                kind,
                what,
                was.text if was else "",
                now.text if now else "",
                where=sentence.section,
                before=_at(before, was.anchor) if was else "",
                after=_at(after, now.anchor) if now else "",
            )


def _pairs(removed: Sequence, added: Sequence) -> list[tuple]:
    """Pair each removed sentence with the most similar added one (in order); the rest stand alone.

    One sentence replaced by one at the same place is a rewording, however different.
    """
    if len(removed) == len(added) == 1:
        return [(removed[0], added[0])]
    pairs: list[tuple] = []
    start = 0
    for was in removed:
        best, score = None, SIMILAR
        for index in range(start, len(added)):
            ratio = difflib.SequenceMatcher(None, was.text, added[index].text).ratio()
            if ratio >= score:
                best, score = index, ratio
        if best is None:
            pairs.append((was, None))
            continue
        pairs += [(None, now) for now in added[start:best]]
        pairs.append((was, added[best]))
        start = best + 1
    pairs += [(None, now) for now in added[start:]]
    return pairs


def _table_changes(before: Page, after: Page) -> Iterable[Change]:
    old = _by_caption(before.tables)
    new = _by_caption(after.tables)
    for caption in [*old, *(c for c in new if c not in old)]:
        was, now = old.get(caption), new.get(caption)
        if was is None or now is None:
            table = now or was
            assert table is not None
            yield Change(
                "table",
                "Table added" if was is None else "Table removed",
                where=caption,
                before=_at(before, was.anchor) if was else "",
                after=_at(after, now.anchor) if now else "",
            )
            continue
        for what, old_text, new_text in row_changes(was.header, was.rows, now.header, now.rows):
            yield Change(
                "table",
                what,
                old_text,
                new_text,
                where=caption,
                before=_at(before, was.anchor),
                after=_at(after, now.anchor),
            )


def _by_caption(tables: Sequence[Table]) -> dict[str, Table]:
    found: dict[str, Table] = {}
    for table in tables:
        key, number = table.caption, 2
        while key in found:
            key, number = f"{table.caption} ({number})", number + 1
        found[key] = table
    return found


def data_changes(before: DataFile | None, after: DataFile | None) -> Iterable[Change]:
    file = after or before
    assert file is not None
    kind = "chart" if file.chart else "download"
    noun = "Chart data" if file.chart else "Download"
    name = posixpath.basename(file.path)
    if before is None or after is None:
        yield Change(kind, f"{noun} {'added' if before is None else 'removed'}", where=name,
                     before=before.path if before else "", after=after.path if after else "")  # fmt: skip
        return
    for what, old_text, new_text in row_changes(before.header, before.rows, after.header, after.rows):
        what = what.replace("Row", "Point", 1) if file.chart else what
        yield Change(kind, what, old_text, new_text, where=name, before=before.path, after=after.path)


def row_changes(
    old_header: Sequence[str],
    old_rows: Sequence[Sequence[str]],
    new_header: Sequence[str],
    new_rows: Sequence[Sequence[str]],
) -> Iterable[tuple[str, str, str]]:
    """(what, before, after) for each row added, removed or changed, and for a changed header."""
    if tuple(old_header) != tuple(new_header):
        yield "Columns changed", " | ".join(old_header), " | ".join(new_header)
    width = _key_width(old_rows, new_rows)
    old = {tuple(row[:width]): row for row in old_rows}
    new = {tuple(row[:width]): row for row in new_rows}
    header = list(new_header) or list(old_header)
    for key in [*old, *(k for k in new if k not in old)]:
        was, now = old.get(key), new.get(key)
        label = _row_label(header, key)
        if was is None:
            yield f"Row added: {label}", "", _row_text(header, now or ())
        elif now is None:
            yield f"Row removed: {label}", _row_text(header, was), ""
        elif tuple(was) != tuple(now):
            columns = [
                (header[i] if i < len(header) else f"column {i + 1}", _cell(was, i), _cell(now, i))
                for i in range(max(len(was), len(now)))
                if _cell(was, i) != _cell(now, i)
            ]
            yield (
                f"Row {label} changed",
                "; ".join(f"{name}: {a}" for name, a, _ in columns),
                "; ".join(f"{name}: {b}" for name, _, b in columns),
            )


def _cell(row: Sequence[str], column: int) -> str:
    return row[column] if column < len(row) else ""


def _key_width(*builds: Sequence[Sequence[str]]) -> int:
    """How many leading cells tell every row of each build apart (duplicate rows aside)."""
    longest = max((len(row) for rows in builds for row in rows), default=1)
    for width in range(1, longest + 1):
        if all(len({tuple(row[:width]) for row in rows}) == len({tuple(row) for row in rows}) for rows in builds):
            return width
    return longest


def _row_label(header: Sequence[str], key: Sequence[str]) -> str:
    parts = [f"{header[i]} {value}" if i < len(header) and header[i] else value for i, value in enumerate(key)]
    return "“" + ", ".join(parts) + "”"


def _row_text(header: Sequence[str], row: Sequence[str]) -> str:
    return "; ".join(f"{header[i]}: {v}" if i < len(header) and header[i] else v for i, v in enumerate(row))


def _owners(site: Site) -> dict[str, str]:
    """Which page links to each CSV (the first in book order), so a download is reported with its chapter."""
    order = _book_order(list(site.pages))
    owners: dict[str, str] = {}
    for path in sorted(site.pages, key=lambda p: order.get(p, len(order))):
        for link in site.pages[path].links:
            owners.setdefault(link, path)
    return owners


def _book_order(paths: Sequence[str]) -> dict[str, int]:
    """Pages in reading order: each edition's landing page, then its chapters by file name (NN_…), then the rest."""

    def key(path: str) -> tuple:
        folder, name = posixpath.split(path)
        depth = path.count("/") - (1 if folder.endswith("notebooks") else 0)
        return (depth, folder.removesuffix("notebooks"), name != "index.html", not name[:1].isdigit(), name)

    return {path: position for position, path in enumerate(sorted(set(paths), key=key))}


def _page_title(path: str, page: Page | None) -> str:
    title = page.title if page else path
    edition = re.match(r"editions/([^/]+)/", path)
    return f"{title} (edition {edition.group(1)})" if edition else title


def _at(page: Page, anchor: str) -> str:
    return f"{page.path}#{anchor}" if anchor else page.path


def _count(pages: int | None) -> str:
    return "" if pages is None else f"{pages} page{'s' if pages != 1 else ''}"
