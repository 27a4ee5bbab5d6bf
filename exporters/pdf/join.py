"""Parts of a booklet, each a tagged PDF of its own, joined into one tagged PDF.

WeasyPrint keeps every laid-out page of a document in memory until the PDF is written, about
1.5 MB a page: a booklet of 400 items (875 pages) took 1.3 GB. Laid out part by part, only
one part's pages are held at a time. The join must not then hold them all either: a library that
builds the joined file as one object graph (pypdf, or qpdf through pikepdf) needs 300 to 600 MB
for the 100,000 objects of such a booklet, most of them structure elements (tags). So the join
writes each part's objects out as soon as they are read, renumbered, and keeps only what the
whole file needs at its end: the page list, the structure tree's top level and parent tree, the
named destinations and the bookmarks. pikepdf (qpdf) reads the parts and writes each value's
PDF syntax (names, strings, numbers), so nothing here escapes text by hand.

What a join keeps, and how:
- pages in order, each with its content, fonts and links;
- the structure tree (tags): WeasyPrint makes one ``/Document`` element whose children are the
  elements of each page in turn, so the joined ``/Document`` takes every part's children in
  order; the parent tree that maps a page's marked content (``/StructParents``) and a link
  (``/StructParent``) to its elements is renumbered, part after part;
- named destinations, which the links name: a part's stand-in for an anchor of another part
  (see ``booklet.render_part``) gives way to the real one;
- bookmarks, rebuilt from each part's tree with page numbers moved by the pages before it;
- language, title, dates and the PDF/UA metadata, taken from the first part;
- form fields, every part's in one ``/AcroForm`` (see ``forms``);
- a stream that refers to no other object and is the same in several parts (the form fields'
  font, embedded whole in each part, and the colour profile), written once.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Name, ObjectType

from .forms import Form, FormError

# Objects written together in one compressed object stream.
OBJECTS_PER_STREAM = 200


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


class JoinError(ValueError):
    """A part is not shaped as WeasyPrint writes a tagged PDF, or the parts' form fields
    cannot be one form."""


def join(parts: Sequence[RenderedPart], descriptions: Mapping[str, str] | None = None) -> bytes:
    """The parts as one tagged PDF, the first part's document metadata for the whole;
    ``descriptions`` give form fields (by whole name) the description readers show for them."""
    writer = _Writer(descriptions or {})
    for index, part in enumerate(parts):
        with pikepdf.open(io.BytesIO(part.data)) as source:
            writer.add_part(source, part, first=index == 0)
    return writer.finish()


def _number(value: float | Decimal) -> bytes:
    """A real number as PDF writes it: a part's own numbers as they were, coordinates of the
    bookmarks to a ten-thousandth of a point."""
    text = format(value, "f") if isinstance(value, Decimal) else f"{value:.4f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode("ascii")


class _Writer:
    """A PDF 1.7 file written object by object: objects in compressed object streams, streams
    as they are, a cross-reference stream at the end."""

    def __init__(self, descriptions: Mapping[str, str]) -> None:
        self.form = Form(descriptions)
        self.out = io.BytesIO()
        self.out.write(b"%PDF-1.7\n%\xb5\xed\xae\xfb\n")
        # Where each object is: (1, offset) in the file or (2, stream, index) in an object stream.
        self.where: dict[int, tuple[int, int, int]] = {}
        self.batch: list[tuple[int, bytes]] = []
        self.count = 0
        self.catalog = self.reserve()
        self.page_tree = self.reserve()
        self.tree_root = self.reserve()
        self.document = self.reserve()
        self.pages: list[int] = []
        self.document_kids: list[int] = []
        self.parent_tree: list[tuple[int, bytes]] = []
        self.destinations: dict[str, bytes] = {}
        self.stood_in: dict[str, bytes] = {}
        self.bookmarks: list[tuple[Bookmark, int]] = []
        self.catalog_entries: dict[str, bytes] = {}
        self.info: int | None = None
        # Per part: each source object's number in the joined file, and what remains to be
        # written.
        self.numbers: dict[tuple[int, int], int] = {}
        self.pending: deque[Any] = deque()
        self.names: dict[str, bytes] = {}
        # The number of each stream already written that another part may share.
        self.streams: dict[bytes, int] = {}

    def reserve(self) -> int:
        self.count += 1
        return self.count

    # Writing objects.

    def _flush(self) -> None:
        if not self.batch:
            return
        number = self.reserve()
        header, bodies, offset = [], [], 0
        for index, (member, body) in enumerate(self.batch):
            header.append(b"%d %d" % (member, offset))
            bodies.append(body)
            offset += len(body) + 1
            self.where[member] = (2, number, index)
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies), 6)
        self._write_stream(
            number,
            b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(self.batch), len(head)),
            data,
        )
        self.batch = []

    def _write_object(self, number: int, body: bytes) -> None:
        self.batch.append((number, body))
        if len(self.batch) >= OBJECTS_PER_STREAM:
            self._flush()

    def _write_stream(self, number: int, entries: bytes, data: bytes) -> None:
        self.where[number] = (1, self.out.tell(), 0)
        self.out.write(b"%d 0 obj\n<<%s /Length %d>>\nstream\n" % (number, entries, len(data)))
        self.out.write(data)
        self.out.write(b"\nendstream\nendobj\n")

    # Objects of a part.

    def _numbered(self, value: Any) -> int:
        """The joined file's number for an object of the part, written once the part is read."""
        if not value.is_indirect:  # an object of its own in the joined file
            number = self.reserve()
            self._write_object(number, self._direct(value))
            return number
        key = value.objgen
        known = self.numbers.get(key)
        if known is not None:
            return known
        same = self._same_stream(value)
        if same is not None and same in self.streams:
            # Written by an earlier part: each part with form fields embeds the fields' font
            # whole (380 KB for DejaVu Sans), and each its colour profile.
            number = self.numbers[key] = self.streams[same]
            return number
        number = self.numbers[key] = self.reserve()
        if same is not None:
            self.streams[same] = number
        self.pending.append(value)
        return number

    def _same_stream(self, value: Any) -> bytes | None:
        """What makes a stream that refers to no other object the same as another (its
        dictionary and data); None for any other object, which is never shared."""
        if value._type_code != ObjectType.stream:
            return None
        entries = value.stream_dict
        for item in entries.values():
            if isinstance(item, pikepdf.Object) and (
                item.is_indirect or item._type_code in (ObjectType.dictionary, ObjectType.array)
            ):
                return None
        digest = hashlib.sha256(self._entries(entries, skip="/Length"))
        digest.update(value.read_raw_bytes())
        return digest.digest()

    def _ref(self, value: Any) -> bytes:
        return b"%d 0 R" % self._numbered(value)

    def _name(self, key: str) -> bytes:
        found = self.names.get(key)
        if found is None:
            found = self.names[key] = Name(key).unparse()
        return found

    def _value(self, value: Any) -> bytes:
        if not isinstance(value, pikepdf.Object):
            if value is None:
                return b"null"
            if isinstance(value, bool):
                return b"true" if value else b"false"
            if isinstance(value, int):
                return b"%d" % value
            return _number(value)
        if value.is_indirect:
            return self._ref(value)
        return self._direct(value)

    def _entries(self, value: Any, skip: str = "") -> bytes:
        return b"".join(
            self._name(key) + b" " + self._value(item) + b" "
            for key, item in value.items()
            if key != skip
        )

    def _direct(self, value: Any) -> bytes:
        code = value._type_code
        if code == ObjectType.dictionary:
            return b"<<" + self._entries(value) + b">>"
        if code == ObjectType.array:
            return b"[" + b" ".join(self._value(item) for item in value) + b"]"
        if code == ObjectType.stream:
            raise JoinError("a stream inside another object")
        unparsed: bytes = value.unparse()  # a name, string, number, boolean or null
        return unparsed

    def _drain(self) -> None:
        while self.pending:
            value = self.pending.popleft()
            number = self.numbers[value.objgen]
            if value._type_code == ObjectType.stream:
                entries = self._entries(value.stream_dict, skip="/Length")
                self._write_stream(number, b" " + entries, value.read_raw_bytes())
                continue
            if value._type_code == ObjectType.dictionary and value.get("/Type") == Name.Catalog:
                raise JoinError("a part's catalog is referred to from its content")
            self._write_object(number, self._direct(value))

    def add_part(self, source: pikepdf.Pdf, part: RenderedPart, first: bool) -> None:
        self.numbers, self.pending = {}, deque()
        root = source.Root
        offset = len(self.pages)
        self.bookmarks.extend((bookmark, offset) for bookmark in part.bookmarks)
        tree = root.get("/StructTreeRoot")
        if tree is None or len(tree.K) != 1:
            raise JoinError("a part without WeasyPrint's structure tree")
        # Renumber the parent tree: keys run on from the previous part's.
        keys: dict[int, int] = {}
        nums = tree.ParentTree.Nums
        for index in range(0, len(nums), 2):
            keys[int(nums[index])] = len(self.parent_tree) + len(keys)
        # What the part's pages and elements name as their parent is the joined file's own.
        self.numbers[tree.objgen] = self.tree_root
        self.numbers[tree.K[0].objgen] = self.document
        self.numbers[root.Pages.objgen] = self.page_tree
        for page in source.pages:
            page_object = page.obj
            page_object.StructParents = keys[int(page_object.StructParents)]
            for annotation in page_object.get("/Annots", ()):
                if "/StructParent" in annotation:
                    annotation.StructParent = keys[int(annotation.StructParent)]
            self.pages.append(self._numbered(page_object))
        self.document_kids.extend(self._numbered(element) for element in tree.K[0].K)
        for index in range(0, len(nums), 2):
            self.parent_tree.append((keys[int(nums[index])], self._value(nums[index + 1])))
        names = root.get("/Names")
        dests: Any = names.get("/Dests") if names is not None else None
        dests = dests.get("/Names", ()) if dests is not None else ()
        for index in range(0, len(dests), 2):
            name = str(dests[index])
            target = self._value(dests[index + 1])
            chosen = self.stood_in if name in part.stand_ins else self.destinations
            chosen.setdefault(name, target)
        if first:
            for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
                if key in root:
                    self.catalog_entries[key] = self._value(root[key])
            info = source.trailer.get("/Info")
            if info is not None:
                self.info = self._numbered(info)
        try:
            self.form.add_part(source, self._numbered, self.reserve, self._value, self._alias)
        except FormError as error:
            raise JoinError(str(error)) from error
        self._drain()

    def _alias(self, value: Any, number: int) -> None:
        """The part's indirect ``value`` stands for the joined file's object ``number``."""
        self.numbers[value.objgen] = number

    # The whole file.

    def _outline(self, items: list[tuple[Bookmark, int]], parent: int) -> tuple[list[int], int]:
        """Writes the outline items of one level; returns their numbers and how many items
        an open reader shows under ``parent``."""
        numbers = [self.reserve() for _ in items]
        shown = len(items)
        for index, ((bookmark, offset), number) in enumerate(zip(items, numbers, strict=True)):
            kids, kids_shown = self._outline([(c, offset) for c in bookmark.children], number)
            page = self.pages[bookmark.page + offset]
            body = b"<</Title %s /Parent %d 0 R /Dest [%d 0 R /XYZ %s %s 0] /Count %d" % (
                pikepdf.String(bookmark.label).unparse(),
                parent,
                page,
                _number(bookmark.x),
                _number(bookmark.y),
                -kids_shown if bookmark.closed else kids_shown,
            )
            if not bookmark.closed:
                shown += kids_shown
            if index:
                body += b" /Prev %d 0 R" % numbers[index - 1]
            if index + 1 < len(numbers):
                body += b" /Next %d 0 R" % numbers[index + 1]
            if kids:
                body += b" /First %d 0 R /Last %d 0 R" % (kids[0], kids[-1])
            self._write_object(number, body + b">>")
        return numbers, shown

    def finish(self) -> bytes:
        def refs(numbers: Sequence[int]) -> bytes:
            return b" ".join(b"%d 0 R" % n for n in numbers)

        catalog = b"<</Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R" % (
            self.page_tree,
            self.tree_root,
        )
        self._write_object(
            self.page_tree,
            b"<</Type /Pages /Kids [%s] /Count %d>>" % (refs(self.pages), len(self.pages)),
        )
        self._write_object(
            self.document,
            b"<</Type /StructElem /S /Document /P %d 0 R /K [%s]>>"
            % (self.tree_root, refs(self.document_kids)),
        )
        parent_tree = self.reserve()
        self._write_object(
            parent_tree,
            b"<</Nums [%s]>>"
            % b" ".join(b"%d %s" % (key, value) for key, value in self.parent_tree),
        )
        self._write_object(
            self.tree_root,
            b"<</Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d>>"
            % (self.document, parent_tree, len(self.parent_tree)),
        )
        # A name no part defines keeps its stand-in, so its link still leads into the file.
        for name, target in self.stood_in.items():
            self.destinations.setdefault(name, target)
        if self.destinations:
            dests = self.reserve()
            self._write_object(
                dests,
                b"<</Names [%s]>>"
                % b" ".join(
                    pikepdf.String(name).unparse() + b" " + self.destinations[name]
                    for name in sorted(self.destinations)  # a name tree is sorted; ids are ASCII
                ),
            )
            catalog += b" /Names <</Dests %d 0 R>>" % dests
        if self.bookmarks:
            outlines = self.reserve()
            kids, shown = self._outline(self.bookmarks, outlines)
            self._write_object(
                outlines, b"<</Count %d /First %d 0 R /Last %d 0 R>>" % (shown, kids[0], kids[-1])
            )
            catalog += b" /Outlines %d 0 R" % outlines
        form = self.form.write(self._write_object)
        if form is not None:
            catalog += b" /AcroForm " + form
        for key, value in self.catalog_entries.items():
            catalog += b" " + self._name(key) + b" " + value
        self._write_object(self.catalog, catalog + b">>")
        self._flush()
        return self._cross_reference()

    def _cross_reference(self) -> bytes:
        number = self.reserve()
        self.where[number] = (1, self.out.tell(), 0)
        body = self.out.getvalue()
        # The same content gives the same identifier, so two builds are byte-identical.
        identifier = hashlib.md5(body, usedforsecurity=False).hexdigest().encode("ascii")
        rows = b"".join(self._rows(number + 1))
        info = b" /Info %d 0 R" % self.info if self.info else b""
        self._write_stream(
            number,
            b"/Type /XRef /Size %d /W [1 4 2] /Root %d 0 R%s /ID [<%s><%s>] /Filter /FlateDecode"
            % (number + 1, self.catalog, info, identifier, identifier),
            zlib.compress(rows, 6),
        )
        self.out.write(b"startxref\n%d\n%%%%EOF\n" % self.where[number][1])
        return self.out.getvalue()

    def _rows(self, size: int) -> Iterator[bytes]:
        yield bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
        for number in range(1, size):
            kind, first, second = self.where[number]
            yield bytes([kind]) + first.to_bytes(4, "big") + second.to_bytes(2, "big")
