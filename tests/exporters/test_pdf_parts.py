"""The booklet laid out in parts and joined: the same booklet however it is cut, with page
numbers, contents, links, bookmarks and tags that hold across the joins."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import weasyprint
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

import chemsex_toolkit
from chemsex_toolkit import ExportError, Item, Topic
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit_exporters.pdf import booklet
from chemsex_toolkit_exporters.pdf.join import JoinError, RenderedPart, join

# WeasyPrint lays out booklets: seconds each.
pytestmark = pytest.mark.slow


def _item(ident: str) -> Item:
    return Item.model_construct(id=ident)


def _topic(ident: str, count: int) -> Topic:
    return Topic.model_construct(id=ident, items=[_item(f"{ident}{n}") for n in range(count)])


def test_items_are_cut_into_parts_in_order_with_each_introduction_first() -> None:
    first, empty, last = _topic("a", 3), _topic("b", 0), _topic("c", 7)
    parts = booklet.body_parts([first, empty, last], 4)
    shape = [
        [(topic.id, [i.id for i in items], intro) for topic, items, intro in part.groups]
        for part in parts
    ]
    assert shape == [
        [("a", ["a0", "a1", "a2"], True), ("b", [], True), ("c", ["c0"], True)],
        [("c", ["c1", "c2", "c3", "c4"], False)],
        [("c", ["c5", "c6"], False)],
    ]
    assert [p.back for p in parts] == [False, False, True]
    assert not any(p.front for p in parts)
    # Content without items still gets its back matter.
    assert booklet.body_parts([], 4) == [booklet.Part(back=True)]


MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"


@pytest.fixture(scope="module")
def cut_fine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three-topic English booklet with one item a part: every item joined to the next,
    and a topic of two items (PrEP services) running on from one part into the next."""
    out = tmp_path_factory.mktemp("parts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(booklet, "ITEMS_PER_PART", 1)
        build(MULTI, out / "fine", ["pdf"], locales=["en"])
    build(MULTI, out / "whole", ["pdf"], locales=["en"])
    return out


def _named_pages(reader: PdfReader) -> dict[str, int]:
    return {
        name: reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def test_the_same_booklet_however_it_is_cut(cut_fine: Path) -> None:
    fine = PdfReader(cut_fine / "fine/pdf/en.pdf")
    whole = PdfReader(cut_fine / "whole/pdf/en.pdf")
    assert [p.extract_text() for p in fine.pages] == [p.extract_text() for p in whole.pages]
    assert _named_pages(fine) == _named_pages(whole)


def test_page_numbers_and_contents_run_across_the_parts(cut_fine: Path) -> None:
    reader = PdfReader(cut_fine / "fine/pdf/en.pdf")
    pages = [page.extract_text() for page in reader.pages]
    assert not re.search(r"Page \d+\s*$", pages[0])  # the cover has no number
    for number, text in enumerate(pages[1:], start=2):
        assert re.search(rf"Page {number}\s*$", text), (number, text[-80:])
    named = _named_pages(reader)
    entries = re.findall(r"^(.+?) \.{3,}\s*(\d+)$", pages[1], re.MULTILINE)
    toolkit = chemsex_toolkit.load(MULTI)
    items = [item for topic in toolkit.topics for item in topic.items]
    # Each topic, each item, the resources and the action plan.
    assert len(entries) == len(toolkit.topics) + len(items) + 2
    for title, number in entries:
        page = " ".join(pages[int(number) - 1].split())  # a long heading wraps
        assert page.startswith(title.strip()), (title, number)
    numbers = {t.strip(): int(n) for t, n in entries}
    assert named["item-prep-follow-up"] == numbers["PrEP follow-up"]
    assert named["topic-outreach-topic"] == numbers["Outreach"]


def _links(reader: PdfReader, subtype: str = "/Link") -> list[tuple[int, DictionaryObject]]:
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation["/Subtype"] == subtype:
                found.append((number, annotation))
    return found


def test_links_into_another_part_lead_to_their_target(cut_fine: Path) -> None:
    reader = PdfReader(cut_fine / "fine/pdf/en.pdf")
    named = _named_pages(reader)
    internal = [(n, str(a["/Dest"])) for n, a in _links(reader) if "/Dest" in a]
    # The contents (page 2) lead to every item; an item's text leads to an item of another
    # topic, laid out in another part, later and earlier in the booklet.
    assert (2, "item-first-item") in internal
    later = [(n, d) for n, d in internal if n > 2 and d == "item-outreach-contact"]
    assert later, internal
    earlier = [(n, d) for n, d in internal if n > 2 and d == "section-first-item-guidance"]
    assert earlier, internal
    for _, dest in internal:
        assert dest in named, dest
    assert named["item-outreach-contact"] > later[0][0]
    assert named["section-first-item-guidance"] < earlier[0][0]


def test_bookmarks_point_at_their_pages(cut_fine: Path) -> None:
    reader = PdfReader(cut_fine / "fine/pdf/en.pdf")
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    found: list[tuple[str, int]] = []

    def walk(outline: list[Any]) -> None:
        for entry in outline:
            if isinstance(entry, list):
                walk(entry)
            else:
                found.append((entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline)
    titles = [title for title, _ in found]
    assert titles.index("Contents") < titles.index("The first item") < titles.index("Action plan")
    for title, number in found:
        assert title in pages[number - 1], (title, number)


def _outline(reader: PdfReader, outline: list[Any]) -> list[Any]:
    tree: list[Any] = []
    for entry in outline:
        if isinstance(entry, list):
            tree[-1][2].extend(_outline(reader, entry))
        else:
            tree.append((entry.title, reader.get_destination_page_number(entry) + 1, []))
    return tree


def test_a_topic_keeps_its_items_under_its_bookmark_across_parts(cut_fine: Path) -> None:
    fine = PdfReader(cut_fine / "fine/pdf/en.pdf")
    whole = PdfReader(cut_fine / "whole/pdf/en.pdf")
    tree = _outline(fine, fine.outline)
    assert tree == _outline(whole, whole.outline)
    prep = next(kids for title, _page, kids in tree if title == "PrEP services")
    # PrEP follow-up opens a part of its own, without its topic's heading, and stays under it.
    assert [title for title, _page, _kids in prep] == [
        "About this topic",
        "Access to PrEP",
        "PrEP follow-up",
    ]


def test_the_structure_tree_maps_every_page_and_link(cut_fine: Path) -> None:
    reader = PdfReader(cut_fine / "fine/pdf/en.pdf")
    root = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"]
    documents = tree["/K"]
    assert len(documents) == 1
    document = documents[0].get_object()
    assert document["/S"] == "/Document"
    nums = tree["/ParentTree"]["/Nums"]
    mapping = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert int(tree["/ParentTreeNextKey"]) == len(mapping)
    document_ref = documents[0]
    assert isinstance(document_ref, IndirectObject)
    for child in document["/K"]:
        assert child.get_object().raw_get("/P") == document_ref  # one /Document for all
    seen_keys = set()
    for number, page in enumerate(reader.pages, start=1):
        key = int(page["/StructParents"])
        seen_keys.add(key)
        elements = mapping[key]
        assert isinstance(elements, ArrayObject)
        content = page.get_contents()
        assert content is not None
        mcids = {int(m) for m in re.findall(rb"/MCID (\d+)", content.get_data())}
        assert mcids == set(range(len(elements))), number
        for mcid in mcids:
            element = elements[mcid].get_object()
            assert element["/Pg"].get_object() == page.get_object() or "/Pg" not in element
    # Each link is a /Link element and each form field's widget a /Form one.
    annotations = [(a, "/Link") for a in _links(reader)]
    annotations += [(a, "/Form") for a in _links(reader, "/Widget")]
    assert any(kind == "/Form" for _, kind in annotations)
    for (number, link), kind in annotations:
        key = int(link["/StructParent"])
        seen_keys.add(key)
        element = mapping[key].get_object()
        assert element["/S"] == kind
        kids = element["/K"]
        kids = kids if isinstance(kids, ArrayObject) else [kids]
        assert any(
            isinstance(k.get_object(), DictionaryObject)
            and k.get_object().get("/Type") == "/OBJR"
            and k.get_object()["/Obj"].get_object() == link
            for k in kids
        ), number
    assert seen_keys == set(mapping)


def test_the_joined_file_is_sound_and_keeps_the_document_metadata(cut_fine: Path) -> None:
    with pikepdf.open(cut_fine / "fine/pdf/en.pdf") as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf's own check of the file's structure
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.MarkInfo.Marked
        with pdf.open_metadata() as xmp:  # PDF/UA identification, from the first part
            assert xmp.get("pdfuaid:part") == "1"
        assert str(pdf.docinfo.Title) == chemsex_toolkit.load(MULTI).title


def test_a_part_without_tags_is_refused() -> None:
    data = weasyprint.HTML(string="<p>untagged</p>").write_pdf()
    part = RenderedPart(data=data, pages=1, anchors={}, stand_ins=frozenset(), bookmarks=[])
    with pytest.raises(JoinError, match="structure tree"):
        join([part])


def test_a_wrong_guess_of_the_contents_length_is_laid_out_again(
    minimal_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the contents take another number of pages than first counted, the parts after
    them are laid out again, so that their page numbers still follow on."""
    counted = booklet.page_count
    calls: list[int] = []

    def short_by_one(html: str, style: booklet.Style) -> int:
        calls.append(counted(html, style))
        return calls[-1] - 1

    monkeypatch.setattr(booklet, "page_count", short_by_one)
    rendered: list[int] = []
    render = booklet.render_part

    def counting(html: str, style: booklet.Style, first: int, notes: int) -> RenderedPart:
        rendered.append(first)
        return render(html, style, first, notes)

    monkeypatch.setattr(booklet, "render_part", counting)
    build(minimal_content, tmp_path / "out", ["pdf"], locales=["en"])
    front = calls[0]
    # Body from the wrong page, front, body again from the right one, front again.
    assert rendered == [front, 1, front + 1, 1]
    pages = [page.extract_text() for page in PdfReader(tmp_path / "out/pdf/en.pdf").pages]
    for number, text in enumerate(pages[1:], start=2):
        assert re.search(rf"Page {number}\s*$", text), (number, text[-80:])


def test_a_template_that_ignores_parts_is_refused_with_what_to_change(
    minimal_content: Path, tmp_path: Path
) -> None:
    """A booklet template written for one layout would repeat itself in every part."""
    templates = tmp_path / "templates" / "pdf"
    templates.mkdir(parents=True)
    (templates / "booklet.html.j2").write_text(
        '<html lang="{{ toolkit.locale }}"><body><h1>{{ toolkit.title }}</h1></body></html>',
        "utf-8",
    )
    with pytest.raises(ExportError, match=r"booklet\.html\.j2: .* does not use `part`"):
        build(minimal_content, tmp_path / "out", ["pdf"], templates=tmp_path / "templates")


def test_a_template_that_renders_parts_may_override_the_booklet(
    minimal_content: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates" / "pdf"
    templates.mkdir(parents=True)
    (templates / "booklet.html.j2").write_text(
        '<html lang="{{ toolkit.locale }}"><body>'
        "{% if part.front %}<h1>Our edition</h1>{% endif %}"
        "{% for topic, items, first in part.groups %}{% for item in items %}"
        '<h2 id="item-{{ item.id }}" style="break-before: page">{{ item.title }}</h2>'
        "{% endfor %}{% endfor %}</body></html>",
        "utf-8",
    )
    build(minimal_content, tmp_path / "out", ["pdf"], templates=tmp_path / "templates")
    pages = [p.extract_text() for p in PdfReader(tmp_path / "out/pdf/en.pdf").pages]
    assert pages[0].startswith("Our edition")
    assert "The first item" in pages[1]
    assert len(pages) == 1 + len(list((minimal_content / "topics").glob("*/items/*.yaml")))
