"""An A4 booklet of one locale: HTML from a template, laid out and written by WeasyPrint.

WeasyPrint fetches what a page refers to. Content is untrusted, so the fetcher here serves only
files inside this exporter's own folder (the font) and refuses everything else: no network
request, no file elsewhere on the machine, whatever a text or an overriding template names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from jinja2 import Template
from markupsafe import Markup
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from chemsex_toolkit import ExportError, Item, Topic
from chemsex_toolkit.exporting import HtmlRenderer, LocaleView

from .fields import BOOKLET_FORMAT, MARKER, FieldNames
from .join import Bookmark, JoinError, RenderedPart, join

# Empty rows of the printed action plan.
PLAN_ROWS = 8
# The statuses of a plan row, as the answers file names them.
STATUSES = ("planned", "in-progress", "done")

# Items laid out together in one part of the booklet. WeasyPrint holds a part's pages in memory
# until it is written (about 1.5 MB a page, two to three pages an item), so this bounds the
# memory a booklet takes whatever the size of the content; fewer parts mean less work repeated
# per part (the fonts subset and embedded once a part).
ITEMS_PER_PART = 12

# Rounds of laying out the booklet until its table of contents keeps the length it was given.
MAX_ROUNDS = 4

# A link the renderer made to an address outside the booklet (http(s) or mailto).
_EXTERNAL_LINK = re.compile(r'(<a href="((?:https?://|mailto:)[^"]*)"[^>]*>.*?</a>)', re.DOTALL)


# How a link's address note starts: the booklet's footnotes are these notes, numbered on
# through the booklet, so each part counts the notes of the parts before it.
LINK_NOTE = '<span class="link-note">'


class FetchRefused(ValueError):
    """A document or stylesheet referred to something outside the exporter's folder."""


class FolderFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    """Serves the files inside one folder and refuses every other address."""

    def __init__(self, folder: Path) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.root = folder.resolve()

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise FetchRefused(f"refused to fetch {url!r}: the booklet makes no request")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise FetchRefused(f"refused to read {url!r}: outside the exporter's folder")
        return URLFetcherResponse(url, path.read_bytes())


def fetcher_within(folder: Path) -> FolderFetcher:
    """A WeasyPrint URL fetcher that reads files inside ``folder`` and refuses anything else."""
    return FolderFetcher(folder)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: quotes, backslashes and line breaks escaped, other
    control characters dropped."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\A ")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            continue
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def with_link_notes(html: Markup) -> Markup:
    """Each external link followed by its address as a footnote, so paper keeps the target."""

    def note(match: re.Match[str]) -> str:
        return f"{match.group(1)}{LINK_NOTE}{match.group(2)}</span>"

    return Markup(_EXTERNAL_LINK.sub(note, html))


def variables(view: LocaleView, date: datetime) -> dict[str, Any]:
    """What the booklet template needs for ``view``."""
    toolkit = view.toolkit
    renderer = HtmlRenderer(toolkit)

    def lang_attr(message_id: str) -> Markup:
        lang = view.lang_of(message_id)
        return Markup(' lang="{}"').format(lang) if lang != view.locale else Markup("")

    def sections_of(item: Item) -> Mapping[str, str]:
        return dict(item.sections)

    return {
        "toolkit": toolkit,
        "view": view,
        "checklist": toolkit.checklist,
        "resources": toolkit.resources,
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "note": s.note,
                "url": toolkit.link(s.link).url,
            }
            for s in toolkit.sources
        ],
        "topic_titles": ", ".join(t.title for t in toolkit.topics),
        "ui": toolkit.text,
        "md": lambda text: with_link_notes(renderer.block(text)),
        "inline": lambda text: with_link_notes(renderer.inline(text)),
        "link": toolkit.link,
        "lang_attr": lang_attr,
        "sections_of": sections_of,
        "plan_rows": PLAN_ROWS,
        "statuses": STATUSES,
        "field": FieldNames(),
        "marker": {"name": MARKER, "format": BOOKLET_FORMAT},
        "date": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def field_descriptions(view: LocaleView) -> dict[str, str]:
    """What a reader says of each question's answer field: the question (each of its buttons
    is described by its own title, the question and the answer)."""
    names = FieldNames()
    questions = view.toolkit.checklist.questions
    return {
        names.answer(item.id, question.id): f"{number}. {question.text}"
        for topic in view.toolkit.topics
        for item in topic.items
        for number, question in enumerate(questions, 1)
    }


def page_css(view: LocaleView, first_page: int, notes_before: int) -> str:
    """The rules that carry words from the content (the page label) into the stylesheet, and
    where a part starts in the whole booklet: the number of its first page and of the
    footnotes before it."""
    label = css_string(view.toolkit.text("page-label"))
    return (
        f'@page {{ @bottom-center {{ content: {label} " " counter(page); }} }}\n'
        f"@page :first {{ counter-reset: page {first_page}; }}\n"
        f"html {{ counter-reset: footnote {notes_before}; }}\n"
    )


class Style:
    """The booklet's stylesheet of one locale, parsed once and used for every part."""

    def __init__(self, css: str, view: LocaleView, folder: Path) -> None:
        self.view = view
        self.fetch = fetcher_within(folder)
        self.base = folder.resolve().as_uri() + "/"
        self.fonts = FontConfiguration()
        self.sheet = weasyprint.CSS(
            string=css, base_url=self.base, url_fetcher=self.fetch, font_config=self.fonts
        )

    def sheets(self, first_page: int, notes_before: int) -> list[Any]:
        numbering = weasyprint.CSS(
            string=page_css(self.view, first_page, notes_before),
            base_url=self.base,
            url_fetcher=self.fetch,
        )
        return [self.sheet, numbering]


def _layout(html: str, style: Style, first_page: int, notes_before: int) -> Any:
    return weasyprint.HTML(string=html, base_url=style.base, url_fetcher=style.fetch).render(
        stylesheets=style.sheets(first_page, notes_before),
        font_config=style.fonts,
        pdf_tags=True,
        pdf_forms=True,
    )


def page_count(html: str, style: Style) -> int:
    """How many pages ``html`` takes, laid out but not written."""
    return len(_layout(html, style, 1, 0).pages)


def render_part(html: str, style: Style, first_page: int, notes_before: int) -> RenderedPart:
    """One part of the booklet, laid out and written as a tagged PDF on its own.

    A link to an anchor in another part would be dropped by WeasyPrint; the anchor is stood in
    for on the part's last page, so the link is kept, and the join points it at the real one."""
    document = _layout(html, style, first_page, notes_before)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    wanted = {
        target for page in document.pages for kind, target, _, _ in page.links if kind == "internal"
    }
    stand_ins = sorted(wanted - anchors.keys())
    for name in stand_ins:
        document.pages[-1].anchors[name] = (0, 0, 0, 0)
    data = document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1", custom_metadata=True)
    assert isinstance(data, bytes)
    return RenderedPart(
        data=data,
        pages=len(document.pages),
        anchors=anchors,
        stand_ins=frozenset(stand_ins),
        bookmarks=[_bookmark(b) for b in document.make_bookmark_tree(0.75, transform_pages=True)],
    )


def _bookmark(tree: Any) -> Bookmark:
    label, (page, x, y), children, state = tree
    return Bookmark(label, page, x, y, [_bookmark(c) for c in children], state == "closed")


@dataclass(frozen=True)
class Part:
    """Which pages of the booklet one layout makes: the front (cover, contents), then
    ``groups`` (each a topic, some of its items, and whether the topic's introduction comes
    first), then the back (resources, action plan) when ``back`` is set."""

    front: bool = False
    groups: tuple[tuple[Topic, tuple[Item, ...], bool], ...] = ()
    back: bool = False


def body_parts(topics: Sequence[Topic], size: int) -> list[Part]:
    """Every topic's introduction and items in parts of at most ``size`` items, in booklet
    order, the back with the last part."""
    parts: list[Part] = []
    groups: list[tuple[Topic, tuple[Item, ...], bool]] = []
    count = 0
    for topic in topics:
        items = list(topic.items)
        start = 0
        while start == 0 or start < len(items):
            chunk = tuple(items[start : start + size - count])
            groups.append((topic, chunk, start == 0))
            count += len(chunk)
            start += max(len(chunk), 1)
            if count >= size:
                parts.append(Part(groups=tuple(groups)))
                groups, count = [], 0
    if groups or not parts:
        parts.append(Part(groups=tuple(groups), back=True))
    else:
        parts[-1] = Part(groups=parts[-1].groups, back=True)
    return parts


def _shifted(bookmark: Bookmark, pages: int) -> Bookmark:
    """``bookmark`` and its children moved ``pages`` pages later."""
    return replace(
        bookmark,
        page=bookmark.page + pages,
        children=[_shifted(child, pages) for child in bookmark.children],
    )


def nest_continued_topics(parts: Sequence[Part], rendered: Sequence[RenderedPart]) -> None:
    """Keep a topic's items under its bookmark when the topic runs on into later parts.

    Each part is laid out alone, so the items that open a part in the middle of a topic have no
    topic heading above them there, and their bookmarks would come out at the top level. They
    move under their topic's bookmark, in the part where the topic began, with their pages
    counted from that part."""
    topic: tuple[Bookmark, int] | None = None  # the open topic's bookmark, its part's page
    first_page = 0
    for part, done in zip(parts, rendered, strict=True):
        groups = part.groups
        if topic is not None and groups and not groups[0][2]:
            bookmark, topic_page = topic
            count = len(groups[0][1])
            moved, done.bookmarks[:] = done.bookmarks[:count], done.bookmarks[count:]
            bookmark.children.extend(_shifted(b, first_page - topic_page) for b in moved)
        if done.bookmarks:
            topic = (done.bookmarks[-1], first_page)
        first_page += done.pages


def booklet_pdf(
    template: Template,
    css: str,
    view: LocaleView,
    folder: Path,
    date: datetime,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """The booklet of ``view``: laid out part by part, then joined.

    The contents give each entry's page, which is known once the parts after it are laid out;
    those parts' page numbers in turn depend on how many pages the contents take. So the
    front is laid out first with placeholder numbers to count its pages, the rest after it, and
    the front again with the real numbers; should that change its length (a number's digits
    wrapping a line), the rest is laid out again."""
    style = Style(css, view, folder)
    common = variables(view, date)

    def html(part: Part, pages: Mapping[str, int] | None = None) -> str:
        def page_of(anchor: str) -> str:
            return str(pages[anchor]) if pages and anchor in pages else "000"

        return template.render(**common, part=part, page_of=page_of)

    front_part = Part(front=True)
    rest = body_parts(view.toolkit.topics, ITEMS_PER_PART)
    front_html = html(front_part)
    front_pages = page_count(front_html, style)
    front_notes = front_html.count(LINK_NOTE)
    for _ in range(MAX_ROUNDS):
        rendered: list[RenderedPart] = []
        pages: dict[str, int] = {}
        next_page, notes = front_pages + 1, front_notes
        for number, part in enumerate(rest, 1):
            if progress is not None:  # a part takes seconds: say which, so -v is never silent
                progress(f"pdf: {view.locale}: laying out part {number} of {len(rest)}")
            part_html = html(part)
            done = render_part(part_html, style, next_page, notes)
            for name, index in done.anchors.items():
                pages.setdefault(name, next_page + index)
            next_page += done.pages
            notes += part_html.count(LINK_NOTE)
            rendered.append(done)
        front = render_part(html(front_part, pages), style, 1, 0)
        if front.pages == front_pages:
            nest_continued_topics(rest, rendered)
            try:
                return join([front, *rendered], field_descriptions(view))
            except JoinError as error:  # a template that names two fields alike
                raise ExportError(f"the {view.locale} booklet: {error}") from error
        front_pages = front.pages
    raise ExportError(
        f"the {view.locale} booklet's table of contents kept changing length over "
        f"{MAX_ROUNDS} layouts; its page numbers could not be settled"
    )
