"""An A4 booklet of one locale: HTML from a template, laid out and written by WeasyPrint.

WeasyPrint fetches what a page refers to. Content is untrusted, so the fetcher here serves only
files inside this exporter's own folder (the font) and refuses everything else: no network
request, no file elsewhere on the machine, whatever a text or an overriding template names.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from markupsafe import Markup
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from chemsex_toolkit import Item
from chemsex_toolkit.exporting import HtmlRenderer, LocaleView

# Empty rows of the printed action plan.
PLAN_ROWS = 8

# A link the renderer made to an address outside the booklet (http(s) or mailto).
_EXTERNAL_LINK = re.compile(r'(<a href="((?:https?://|mailto:)[^"]*)"[^>]*>.*?</a>)', re.DOTALL)


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
        return f'{match.group(1)}<span class="link-note">{match.group(2)}</span>'

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
        "date": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def page_css(view: LocaleView) -> str:
    """The rules that carry words from the content (the page label) into the stylesheet."""
    label = css_string(view.toolkit.text("page-label"))
    return f"@page {{ @bottom-center {{ content: {label} \" \" counter(page); }} }}\n"


def pdf_bytes(html: str, css: str, view: LocaleView, folder: Path) -> bytes:
    """The tagged PDF of ``html`` laid out with ``css``; ``folder`` holds the fonts that the
    stylesheet names and is the only place anything is read from."""
    fetch = fetcher_within(folder)
    base = folder.resolve().as_uri() + "/"
    fonts = FontConfiguration()
    stylesheets = [
        weasyprint.CSS(string=css, base_url=base, url_fetcher=fetch, font_config=fonts),
        weasyprint.CSS(string=page_css(view), base_url=base, url_fetcher=fetch),
    ]
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetch)
    # The same content gives the same identifier, so two builds are byte-identical.
    identifier = hashlib.sha256(html.encode("utf-8") + css.encode("utf-8")).hexdigest()[:32]
    data = document.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        pdf_tags=True,
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier.encode("ascii"),
    )
    assert isinstance(data, bytes)
    return data
