"""The PDF exporter, read back with pypdf: pages, text, tags, language, fonts, bookmarks."""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

import chemsex_toolkit
from chemsex_toolkit.errors import ExportError
from chemsex_toolkit.exporting.build import build

# WeasyPrint lays out whole booklets: a second or more each.
pytestmark = pytest.mark.slow


MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"


@pytest.fixture(scope="module")
def booklets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    build(MULTI, out, ["pdf"])
    return out / "pdf"


def _text(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def _tags(node: Any, found: list[str]) -> list[str]:
    """Every structure element type (``/H2``, ``/Table``, ...) under ``node``."""
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(str(node["/S"]))
        if "/K" in node:
            _tags(node["/K"], found)
    elif isinstance(node, list):
        for child in node:
            _tags(child, found)
    return found


def test_one_booklet_per_locale_in_its_language(booklets: Path) -> None:
    locales = ["en", *chemsex_toolkit.load(MULTI).locales]
    assert sorted(p.name for p in booklets.glob("*.pdf")) == sorted(f"{x}.pdf" for x in locales)
    for locale in locales:
        reader = PdfReader(booklets / f"{locale}.pdf")
        assert reader.trailer["/Root"]["/Lang"] == locale
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4, points


def test_cover_contents_items_and_action_plan(booklets: Path) -> None:
    toolkit = chemsex_toolkit.load(MULTI)
    reader = PdfReader(booklets / "en.pdf")
    pages = _text(reader)
    cover = pages[0]
    for expected in (
        toolkit.title,
        *(topic.title for topic in toolkit.topics),  # a booklet of several topics names each
        "Content version",
        toolkit.version,
        toolkit.licence,
        toolkit.sources[0].title,
        toolkit.link(toolkit.sources[0].link).url,
    ):
        assert expected in cover, expected
    contents = pages[1]
    assert "Contents" in contents
    # The table of contents gives each topic's and item's page number, and that page starts it.
    for topic in toolkit.topics:
        match = re.search(rf"{re.escape(topic.title)}\W+(\d+)", contents)
        assert match, (topic.title, contents)
        assert pages[int(match.group(1)) - 1].startswith(topic.title)
    first = toolkit.topics[0].items[0]
    match = re.search(rf"{re.escape(first.title)}\W+(\d+)", contents)
    assert match, contents
    item_page = pages[int(match.group(1)) - 1]
    assert item_page.startswith(first.title)
    for label in (
        "Yes",
        "Partly",
        "No",
        "Not applicable",
        "Does your CBVCT have this in place?",
        "Why does this question not apply?",
        "Action",
        "Description",
        "Guidance",
    ):
        assert label in item_page, label
    # A box per answer of each question, a radio button of the question's group.
    page = reader.pages[int(match.group(1)) - 1]
    buttons = [
        a.get_object()
        for a in page.get("/Annots", [])
        if a.get_object().get("/Parent", {}).get("/T") == "answer"
    ]
    assert len(buttons) == len(toolkit.checklist.questions) * len(toolkit.checklist.answers)
    # Page numbers in the footer, with the word from the content.
    assert re.search(r"Page 2\s*$", contents)
    # Every link's address as a note on the page that cites it.
    assert toolkit.link("sample-guide").url in item_page
    # The action plan template: its columns on the last, landscape page.
    last = reader.pages[-1]
    assert float(last.mediabox.width) > float(last.mediabox.height)
    for column in toolkit.checklist.action_plan.columns:
        assert column.label in pages[-1]


def test_translated_booklet_speaks_its_language(booklets: Path) -> None:
    german = chemsex_toolkit.load(MULTI, locale="de")
    pages = _text(PdfReader(booklets / "de.pdf"))
    assert german.text("contents-heading") in pages[1]
    assert f"{german.text('page-label')} 2" in pages[1]
    assert german.text("action-plan-heading") in pages[-1]
    assert german.checklist.answers[-1].label in "".join(pages)


def _outline(reader: PdfReader, outline: list[Any]) -> list[Any]:
    """The bookmarks as (title, page, [children]) trees."""
    tree: list[Any] = []
    for entry in outline:
        if isinstance(entry, list):
            tree[-1][2].extend(_outline(reader, entry))
        else:
            tree.append((entry.title, reader.get_destination_page_number(entry) + 1, []))
    return tree


def test_tagged_pdf_with_bookmarks_title_and_embedded_font(booklets: Path) -> None:
    toolkit = chemsex_toolkit.load(MULTI)
    reader = PdfReader(booklets / "en.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    tags = set(_tags(root["/StructTreeRoot"], []))
    assert {"/Document", "/H1", "/H2", "/H3", "/P", "/Table", "/TH", "/TD", "/L", "/LI"} <= tags
    assert reader.metadata is not None
    assert reader.metadata.title == toolkit.title
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    # The contents, then a bookmark per topic holding its introduction and items, then the
    # resources and the action plan.
    tree = _outline(reader, reader.outline)
    assert [title for title, _page, _kids in tree] == [
        "Contents",
        *(t.title for t in toolkit.topics),
        "Resources",
        "Action plan",
    ]
    for topic, (_title, _page, kids) in zip(toolkit.topics, tree[1:], strict=False):
        assert [title for title, _p, _k in kids] == [
            "About this topic",
            *(item.title for item in topic.items),
        ]
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            assert descriptor["/FontFile2"].get_object().get_data()  # embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    # Only the shipped font files, named after their @font-face family, in three styles; a
    # system font would bring its own name (DejaVuSans, LiberationSans, ...).
    assert fonts == {"Toolkit-Sans", "Toolkit-Sans-Bold", "Toolkit-Sans-Italic"}


def test_two_builds_are_byte_identical_and_dated_from_the_content(
    minimal_content: Path, tmp_path: Path
) -> None:
    build(minimal_content, tmp_path / "a", ["pdf"])
    build(minimal_content, tmp_path / "b", ["pdf"])
    first = (tmp_path / "a/pdf/en.pdf").read_bytes()
    assert first == (tmp_path / "b/pdf/en.pdf").read_bytes()
    metadata = PdfReader(tmp_path / "a/pdf/en.pdf").metadata
    assert metadata is not None
    assert metadata["/CreationDate"] == "D:20220426000000Z"  # the fixture resource's date


def test_hostile_text_is_text(minimal_content: Path, tmp_path: Path) -> None:
    item = minimal_content / "topics/sample-topic/items/first-item.yaml"
    item.write_text(
        item.read_text("utf-8").replace(
            "title: The first item", "title: '=1+1 &amp; \"quoted\" @x'"
        ),
        "utf-8",
    )
    build(minimal_content, tmp_path / "out", ["pdf"])
    text = "".join(_text(PdfReader(tmp_path / "out/pdf/en.pdf")))
    assert '=1+1 &amp; "quoted" @x' in text  # not a formula, not an entity


class _Counting(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counting.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def counting_server() -> Iterator[str]:
    _Counting.requests = []
    server = HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_booklet_fetches_nothing_outside_its_folder(
    counting_server: str, tmp_path: Path
) -> None:
    """WeasyPrint would load an image or a stylesheet from anywhere; the exporter's fetcher
    serves only its own folder, so an overriding template cannot make it reach out."""
    import weasyprint

    from chemsex_toolkit_exporters.pdf.booklet import FetchRefused, fetcher_within

    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }", "utf-8")
    folder = tmp_path / "exporter"
    (folder / "fonts").mkdir(parents=True)
    (folder / "fonts" / "font.css").write_text("p { color: blue }", "utf-8")
    fetch = fetcher_within(folder)
    assert fetch.fetch((folder / "fonts" / "font.css").as_uri()).read() == b"p { color: blue }"
    for url in (f"{counting_server}/image.png", secret.as_uri(), "data:text/css,p{}"):
        with pytest.raises(FetchRefused):
            fetch.fetch(url)
    html = (
        f'<link rel="stylesheet" href="{counting_server}/style.css">'
        f'<img src="{counting_server}/image.png"><img src="{secret.as_uri()}"><p>text</p>'
    )
    data = weasyprint.HTML(string=html, url_fetcher=fetch).write_pdf()
    assert data.startswith(b"%PDF")
    assert _Counting.requests == []


def test_a_missing_extra_names_the_command_that_installs_it(
    minimal_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    for name in [m for m in sys.modules if m.endswith("pdf.booklet")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if not installed
    with pytest.raises(ExportError, match=re.escape("pip install 'chemsex-toolkit[pdf]'")):
        build(minimal_content, tmp_path / "out", ["pdf"])


def test_verbose_build_says_how_the_booklet_gets_on(minimal_content: Path, tmp_path: Path) -> None:
    """A booklet takes seconds per part: -v reports each part as it is laid out."""
    from click.testing import CliRunner

    from chemsex_toolkit.cli import main

    args = ["-v", "build", "--content", str(minimal_content), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, [*args, "--format", "pdf"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    parts = [line for line in lines if line.startswith("pdf: en: laying out part 1 of ")]
    assert parts
    assert lines.index(parts[0]) < lines.index("pdf: wrote 1 file(s)")
