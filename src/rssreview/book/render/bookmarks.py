"""The PDF's bookmarks with each part above its chapters, for the built-in renderer and Quarto alike.

Typst nests bookmarks only by heading level. A part's band, the "Appendices" heading and every chapter's
title are all level-1 headings: Quarto's Typst book writes them so, and its numbering (chapter numbers,
"Figure 10.1", "Table A.1", the per-chapter counters it resets) counts level-1 headings. So Typst writes
the parts beside their chapters, and the chapters' level cannot change without breaking Quarto's numbering.
Hidden stand-in headings one level down do not help either: Typst puts the bookmark that follows a heading
kept out of the bookmarks at that heading's level, so after every level-1 chapter title, at the top.
Instead, once Typst has written the PDF, each chapter's bookmark (with its sections) is moved under its
part's, as `_quarto.yml` groups them (BookConfig.top_headings). Parts are left open, chapters closed, so a
reader's bookmark panel first shows the parts and their chapters.

The change is appended as an incremental update (pypdf): the bytes Typst wrote are kept as they are, and
nothing in it depends on the clock, so two builds still give identical files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject

from rssreview.book.render.errors import RenderError

FIRST, LAST, NEXT, PREV, PARENT, COUNT = (
    NameObject(k) for k in ("/First", "/Last", "/Next", "/Prev", "/Parent", "/Count")
)


def nest_under_parts(pdf: bytes, top_headings: Sequence[str | None], name: str) -> bytes:
    """`pdf` with each top-level bookmark whose entry in `top_headings` names a part moved under that part's.

    `top_headings` holds, for each top-level bookmark in order, the part it belongs under (None: it stays at
    the top). A PDF whose bookmarks do not match it is refused with one line naming `name`.
    """
    try:
        writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    except (PyPdfError, ValueError) as exc:
        raise RenderError(f"{name}: bookmarks: could not read the PDF: {exc}") from None
    root = writer.root_object.raw_get("/Outlines") if "/Outlines" in writer.root_object else None
    top = _children(root) if isinstance(root, IndirectObject) else []
    titles = [_title(ref) for ref in top]
    if len(top) != len(top_headings) and len(top) == list(top_headings).count(None):
        return pdf  # already nested (Quarto's post-render step may meet a PDF it has handled before)
    if len(top) != len(top_headings):
        raise RenderError(
            f"{name}: bookmarks: expected {len(top_headings)} top-level entries (one per part and chapter in "
            f"_quarto.yml), found {len(top)}: {', '.join(titles) or 'none'}"
        )
    kept: list[IndirectObject] = []
    moved: dict[int, list[IndirectObject]] = {}  # position in `kept` of a part → the bookmarks it receives
    for ref, title, part in zip(top, titles, top_headings, strict=True):
        if part is None:
            kept.append(ref)
            continue
        above = _title(kept[-1]) if kept else "nothing"
        if above != part:
            raise RenderError(
                f"{name}: bookmarks: expected '{title}' to follow the part '{part}', found it after '{above}'"
            )
        moved.setdefault(len(kept) - 1, []).append(ref)
    if not moved or not isinstance(root, IndirectObject):
        return pdf
    for position, chapters in moved.items():
        _link(kept[position], [*_children(kept[position]), *chapters])
    _link(root, kept)
    _keep_document_information(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _keep_document_information(writer: PdfWriter) -> None:
    """Keep the title, author and dates readers show: pypdf's incremental update names the document information
    (`/Info`) in its trailer only when it changed, and a trailer without it hides the metadata from readers
    (poppler shows no title). Written again as a new object, it is named there; its content is the same."""
    information = writer.metadata
    if information is not None:
        entries = dict(information)
        writer.metadata = None
        writer.metadata = entries


def _node(ref: IndirectObject) -> DictionaryObject:
    """The outline node (the outline itself or one bookmark) that `ref` points to."""
    node = ref.get_object()
    if not isinstance(node, DictionaryObject):
        raise RenderError(f"bookmarks: expected an outline entry, found {type(node).__name__}")
    return node


def _title(ref: IndirectObject) -> str:
    return str(_node(ref).get("/Title", ""))


def _children(ref: IndirectObject) -> list[IndirectObject]:
    """An outline node's children, first to last."""
    children = []
    node = _node(ref)
    child = node.raw_get(FIRST) if FIRST in node else None
    while isinstance(child, IndirectObject):
        children.append(child)
        item = _node(child)
        child = item.raw_get(NEXT) if NEXT in item else None
    return children


def _link(parent_ref: IndirectObject, children: list[IndirectObject]) -> None:
    """Make `children` the open parent's children, in order: the outline's doubly linked list, and the count of
    entries it shows (PDF 1.7, 12.3.3: each child and the entries of an open child; Typst closes every chapter)."""
    parent = _node(parent_ref)
    for key in (FIRST, LAST):
        parent.pop(key, None)
    if children:
        parent[FIRST], parent[LAST] = children[0], children[-1]
    for position, ref in enumerate(children):
        item = _node(ref)
        item[PARENT] = parent_ref
        for key in (PREV, NEXT):
            item.pop(key, None)
        if position > 0:
            item[PREV] = children[position - 1]
        if position + 1 < len(children):
            item[NEXT] = children[position + 1]
    shown = sum(1 + max(int(_node(ref).get(COUNT, 0)), 0) for ref in children)
    parent[COUNT] = NumberObject(shown)
