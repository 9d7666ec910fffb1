"""The PDF's bookmarks with each part above its chapters, for the built-in renderer and Quarto alike.

Typst nests bookmarks only by heading level. A part's band, the "Appendices" heading and every chapter's
title are all level-1 headings: Quarto's Typst book writes them so, and its numbering (chapter numbers,
"Figure 10.1", "Table A.1", the per-chapter counters it resets) counts level-1 headings. So Typst writes
the parts beside their chapters, and the chapters' level cannot change without breaking Quarto's numbering.
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
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject

from rssreview.book.render.errors import RenderError

FIRST, LAST, NEXT, PREV, PARENT, COUNT = (NameObject(k) for k in ("/First", "/Last", "/Next", "/Prev", "/Parent", "/Count"))


def nest_under_parts(pdf: bytes, top_headings: Sequence[str | None], name: str) -> bytes:
    """`pdf` with each top-level bookmark whose entry in `top_headings` names a part moved under that part's.

    `top_headings` holds, for each top-level bookmark in order, the part it belongs under (None: it stays at
    the top). A PDF whose bookmarks do not match it is refused with one line naming `name`.
    """
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    root_ref = writer.root_object.raw_get("/Outlines") if "/Outlines" in writer.root_object else None
    top = _children(root_ref.get_object()) if root_ref is not None else []
    titles = [str(ref.get_object().get("/Title", "")) for ref in top]
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
        parent = kept[-1] if kept else None
        if parent is None or str(parent.get_object().get("/Title", "")) != part:
            above = str(parent.get_object().get("/Title", "")) if parent is not None else "nothing"
            raise RenderError(f"{name}: bookmarks: expected '{title}' to follow the part '{part}', found it after '{above}'")
        moved.setdefault(len(kept) - 1, []).append(ref)
    if not moved:
        return pdf
    for position, chapters in moved.items():
        part_ref = kept[position]
        children = [*_children(part_ref.get_object()), *chapters]
        _link(part_ref, children)
        part_ref.get_object()[COUNT] = NumberObject(sum(_shown(child) for child in children))  # open
    _link(root_ref, kept)
    root_ref.get_object()[COUNT] = NumberObject(sum(_shown(ref) for ref in kept))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _children(node: DictionaryObject) -> list[IndirectObject]:
    """An outline node's children, first to last."""
    children = []
    ref = node.raw_get(FIRST) if FIRST in node else None
    while ref is not None:
        children.append(ref)
        item = ref.get_object()
        ref = item.raw_get(NEXT) if NEXT in item else None
    return children


def _link(parent_ref: IndirectObject, children: list[IndirectObject]) -> None:
    """Make `children` the parent's children, in order (the outline's doubly linked list, PDF 1.7 §12.3.3)."""
    parent = parent_ref.get_object()
    for key in (FIRST, LAST):
        parent.pop(key, None)
    if children:
        parent[FIRST], parent[LAST] = children[0], children[-1]
    for position, ref in enumerate(children):
        item = ref.get_object()
        item[PARENT] = parent_ref
        for key in (PREV, NEXT):
            item.pop(key, None)
        if position > 0:
            item[PREV] = children[position - 1]
        if position + 1 < len(children):
            item[NEXT] = children[position + 1]


def _shown(ref: IndirectObject) -> int:
    """How many entries a bookmark shows when its parent is open: itself, and its open descendants."""
    return 1 + max(int(ref.get_object().get(COUNT, 0)), 0)
