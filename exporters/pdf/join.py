"""Parts of a booklet, each a tagged PDF of its own, joined into one tagged PDF.

WeasyPrint keeps every laid-out page of a document in memory until the PDF is written, about
1.3 MB a page: a booklet of 400 items (900 pages) took over 1 GB. Laid out part by part, only
one part's pages are held at a time, and the parts are joined here with qpdf (through pikepdf),
which copies their objects without parsing them into Python.

What a join must keep, and how:
- pages in order, each with its content, fonts and links;
- the structure tree (tags): WeasyPrint makes one ``/Document`` element whose children are the
  elements of each page in turn, so the joined ``/Document`` takes every part's children in
  order; the parent tree that maps a page's marked content (``/StructParents``) and a link
  (``/StructParent``) to its elements is renumbered, part after part;
- named destinations, which the links name: a part's stand-in for an anchor of another part
  (see ``booklet.render_part``) gives way to the real one;
- bookmarks, rebuilt from each part's tree with page numbers moved by the pages before it;
- language, title, dates and the PDF/UA metadata, taken from the first part.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation


@dataclass
class Bookmark:
    """A PDF bookmark: its label, the 0-based page of its part, its place on that page (PDF
    coordinates), its children, and whether it starts closed."""

    label: str
    page: int
    x: float
    y: float
    children: list[Bookmark] = field(default_factory=list)
    closed: bool = False


@dataclass
class RenderedPart:
    """One part of a booklet as a PDF, with what the join and the table of contents need."""

    data: bytes
    pages: int
    # The 0-based page of the part on which each anchor (an element's id) is.
    anchors: dict[str, int]
    # Anchors of other parts that this part's links name, stood in for on its last page.
    stand_ins: frozenset[str]
    bookmarks: list[Bookmark]


def join(parts: Sequence[RenderedPart]) -> bytes:
    """The parts as one tagged PDF, the first part's document metadata for the whole."""
    out = pikepdf.new()
    # The parts stay open until the joined file is written: qpdf copies stream data then.
    sources = [pikepdf.open(io.BytesIO(part.data)) for part in parts]
    first = sources[0]
    tree_root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = out.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, K=Array(), P=tree_root)
    )
    parent_tree = out.make_indirect(Dictionary(Nums=Array()))
    tree_root.K = Array([document])
    tree_root.ParentTree = parent_tree
    destinations: dict[str, pikepdf.Object] = {}
    stood_in: dict[str, pikepdf.Object] = {}
    next_key = 0
    offsets = []
    for part, source in zip(parts, sources, strict=True):
        offset = len(out.pages)
        offsets.append(offset)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not carried over: they are, below.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(source.pages)
        source_root = source.Root.StructTreeRoot
        for element in source_root.K[0].K:
            del element[Name.P]  # the part's /Document, left behind
            copied = out.copy_foreign(element)
            copied.P = document
            document.K.append(copied)
        keys: dict[int, int] = {}
        nums = source_root.ParentTree.Nums
        for index in range(0, len(nums), 2):
            keys[int(nums[index])] = next_key
            parent_tree.Nums.append(next_key)
            parent_tree.Nums.append(_copy(out, nums[index + 1]))
            next_key += 1
        for page in out.pages[offset:]:
            page.obj.StructParents = keys[int(page.obj.StructParents)]
            for annotation in page.obj.get(Name.Annots, Array()):
                if Name.StructParent in annotation:
                    annotation.StructParent = keys[int(annotation.StructParent)]
        names = source.Root.get(Name.Names, Dictionary()).get(Name.Dests, Dictionary())
        entries = names.get(Name.Names, Array())
        for index in range(0, len(entries), 2):
            name = str(entries[index])
            target = _copy(out, entries[index + 1])
            if name in part.stand_ins:
                stood_in.setdefault(name, target)
            else:
                destinations.setdefault(name, target)
    tree_root.ParentTreeNextKey = next_key
    # A name no part defines keeps its stand-in, so its link still leads somewhere in the file.
    for name, target in stood_in.items():
        destinations.setdefault(name, target)
    out.Root.StructTreeRoot = tree_root
    if destinations:
        flat = Array()
        for name in sorted(destinations):  # a name tree is sorted; the ids are ASCII
            flat.append(pikepdf.String(name))
            flat.append(destinations[name])
        out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=flat)))
    for key in (Name.Lang, Name.MarkInfo, Name.ViewerPreferences):
        if key in first.Root:
            out.Root[key] = _copy(out, first.Root[key])
    if Name.Metadata in first.Root:
        out.Root.Metadata = out.copy_foreign(first.Root.Metadata)
    out.trailer.Info = out.copy_foreign(first.trailer.Info)
    with out.open_outline() as outline:
        for part, offset in zip(parts, offsets, strict=True):
            outline.root.extend(_outline_item(b, offset) for b in part.bookmarks)
    buffer = io.BytesIO()
    out.save(
        buffer,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        min_version="1.7",
    )
    for source in sources:
        source.close()
    return buffer.getvalue()


def _outline_item(bookmark: Bookmark, offset: int) -> OutlineItem:
    item = OutlineItem(
        bookmark.label,
        bookmark.page + offset,
        PageLocation.XYZ,
        left=bookmark.x,
        top=bookmark.y,
    )
    item.is_closed = bookmark.closed
    item.children.extend(_outline_item(child, offset) for child in bookmark.children)
    return item


def _copy(out: pikepdf.Pdf, value: Any) -> Any:
    """``value`` of another file, copied into ``out``: qpdf copies indirect objects (once per
    file: a page already copied is referred to, not copied again); direct arrays and
    dictionaries are rebuilt around them."""
    if not isinstance(value, pikepdf.Object):
        return value  # a number or a name, converted to Python by pikepdf
    if value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(out, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(out, item) for key, item in value.items()})
    return value
