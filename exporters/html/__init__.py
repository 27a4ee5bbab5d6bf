"""The HTML exporter: a small offline site per locale, one interactive self-assessment per topic.

Per locale: a home page (every topic with its progress, read from the browser's stored answers),
one page per topic (its checklist, summary and plan) and a combined action plan across topics.
Each page inlines its CSS and JavaScript and carries a Content-Security-Policy that allows exactly
those two (by hash) and nothing else: no other script, no network request of any kind.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, ClassVar, Literal

import rcssmin
import rjsmin
from markupsafe import Markup

from chemsex_toolkit import Toolkit, Topic
from chemsex_toolkit.exporting import (
    ANSWER_SYMBOLS,
    ExportContext,
    HtmlRenderer,
    LocaleView,
    OutputFile,
    TemplateExporter,
    anchor,
    item_fingerprint,
    punctuation,
)


def _compact(text: str, language: Literal["css", "js"]) -> str:
    """``text`` without comments and the whitespace the language does not need: the page
    must stay small enough for a phone on a slow line. rjsmin and rcssmin only remove, never
    rename or rewrite, so the script's quoted interface string names survive (``_names_in``)."""
    if language == "css":
        return str(rcssmin.cssmin(text))
    return str(rjsmin.jsmin(text))


_KEEPS_WHITESPACE = re.compile(rb"(<(pre|textarea)[\s>].*?</\2>)", re.DOTALL | re.IGNORECASE)


def _unindent(page: bytes) -> bytes:
    """The page without the templates' indentation, which HTML shows as one space anyway;
    preformatted text and text areas keep theirs."""
    parts = _KEEPS_WHITESPACE.split(page)
    # split() returns text, then each kept block and its tag name, in turn.
    out = [
        part if index % 3 else re.sub(rb"\n[ \t]+", b"\n", part)
        for index, part in enumerate(parts)
        if index % 3 != 2
    ]
    return b"".join(out)


def _names_in(script: str) -> frozenset[str]:
    """The interface strings the page's script names (it names each one it shows, in quotes or
    as ``t.key``): only those travel in the page's data. One pass over the script, however
    many strings there are; a key is lowercase words joined by hyphens, so ``t.a-b`` names
    both ``a`` and ``a-b``, as a search for each key would find."""
    quoted = script.split('"')[1:-1]  # every text between two quotes
    dotted = []
    for match in re.finditer(r"(?=\bt\.([\w-]+))", script):
        run = match.group(1)
        dotted += [run[:i] for i in range(1, len(run) + 1) if i == len(run) or run[i] == "-"]
    return frozenset([*quoted, *dotted])


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


HOME = "index.html"
PLAN = "action-plan.html"


def page_names(toolkit: Toolkit) -> dict[str, str]:
    """Topic ID -> the file of its page in a locale's folder; a topic named like the home page
    or the combined plan gets a prefix, so no page overwrites another."""
    names = {}
    for topic in toolkit.topics:
        name = f"{topic.id}.html"
        names[topic.id] = f"topic-{name}" if name in (HOME, PLAN) else name
    return names


def _anchor_pages(toolkit: Toolkit, pages: dict[str, str]) -> dict[str, str]:
    """Every anchor that lives on a topic's page (its heading, items, their sections) -> that
    page, so that a reference across topics can link to the other page."""
    owners = {}
    for topic in toolkit.topics:
        owners[anchor("topic", topic.id)] = pages[topic.id]
        for item in topic.items:
            owners[anchor("item", item.id)] = pages[topic.id]
            owners[f"title-{item.id}"] = pages[topic.id]
            for section in toolkit.checklist.sections:
                owners[anchor("section", f"{item.id}/{section.id}")] = pages[topic.id]
    return owners


_IN_PAGE = re.compile(rb'href="#([^"]+)"')


def _link_pages(page: bytes, owners: dict[str, str], current: str) -> bytes:
    """``page`` with each in-page link to an anchor of another page pointing at that page."""

    def target(match: re.Match[bytes]) -> bytes:
        name = match.group(1).decode("utf-8")
        owner = owners.get(name)
        if owner is None or owner == current:
            return match.group(0)
        return b'href="' + owner.encode("utf-8") + b"#" + match.group(1) + b'"'

    return _IN_PAGE.sub(target, page)


class _Deferred:
    """A page's bytes, rendered when they are read: the preview reads only the pages asked
    for, though the export names every page of the site on its way to the one wanted."""

    def __init__(self, render: Callable[[], bytes]) -> None:
        self._render = render

    def __iter__(self) -> Iterator[bytes]:
        yield self._render()


class HtmlExporter(TemplateExporter):
    name: ClassVar[str] = "html"
    description: ClassVar[str] = (
        "Interactive, printable self-assessment; per locale an offline site of one page per topic."
    )

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        env = self.environment(context)
        # The page's data as UTF-8, not \u escapes (a fifth of a French page's data); tojson
        # still escapes < > & and ', so the data cannot end its script element.
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
        css = _compact(env.get_template("style.css").render(), "css")
        script = _compact(env.get_template("app.js").render(), "js")
        csp = "; ".join(
            [
                "default-src 'none'",
                f"style-src {_csp_hash(css)}",
                f"script-src {_csp_hash(script)}",
                "img-src data:",
                "base-uri 'none'",
                "form-action 'none'",
            ]
        )
        source = context.source or context.locales[0].toolkit
        # The language chooser first. Every page is rendered only when read (see _Deferred).
        index = partial(
            self.render,
            env,
            "index.html.j2",
            css=Markup(css),
            csp=csp,
            views=context.locales,
            first=context.locales[0],
            punct=lambda mark, locale: punctuation(locale, mark),
        )
        yield OutputFile("index.html", _Deferred(index))
        for view in context.locales:
            pages = page_names(view.toolkit)
            owners = _anchor_pages(view.toolkit, pages)
            kinds = [("home", None), *(("topic", t) for t in view.toolkit.topics), ("plan", None)]
            for kind, topic in kinds:
                name = pages[topic.id] if topic else HOME if kind == "home" else PLAN
                page = _Deferred(
                    partial(
                        self._page,
                        env,
                        context,
                        view,
                        source,
                        kind,
                        topic,
                        name,
                        owners,
                        css=css,
                        script=script,
                        csp=csp,
                    )
                )
                yield OutputFile(f"{view.locale}/{name}", page)
            yield OutputFile(f"badges/{view.locale}.svg", self.badge(env, view))

    def _page(
        self,
        env: Any,
        context: ExportContext,
        view: LocaleView,
        source: Toolkit,
        kind: str,
        topic: Topic | None,
        name: str,
        owners: dict[str, str],
        *,
        css: str,
        script: str,
        csp: str,
    ) -> bytes:
        variables = self.variables(context, view, source, script=script, topic=topic)
        variables["data"]["page"] = kind
        page = self.render(
            env,
            "home.html.j2" if kind == "home" else "page.html.j2",
            css=Markup(css),
            script=Markup(script),
            csp=csp,
            current=name,
            **variables,
        )
        return _unindent(_link_pages(page, owners, name))

    def badge(self, env: Any, view: LocaleView) -> bytes:
        return self.render(
            env,
            "badge.svg.j2",
            label=view.toolkit.text("translation-status"),
            locale=view.locale,
            percent=view.percent,
            reviewed=view.reviewed,
            figures=view.review_figures(),
        )

    def variables(
        self,
        context: ExportContext,
        view: LocaleView,
        source: Toolkit,
        script: str = "",
        topic: Topic | None = None,
    ) -> dict[str, Any]:
        """The template's variables for the page of ``topic`` (the combined plan without one);
        the page's data carries the interface strings ``script`` names (all of them without a
        script), and every item of the toolkit: the answers of every topic share one storage."""
        toolkit = view.toolkit
        renderer = HtmlRenderer(toolkit)
        named = _names_in(script)

        def lang_attr(message_id: str) -> Markup:
            lang = view.lang_of(message_id)
            return Markup(' lang="{}"').format(lang) if lang != view.locale else Markup("")

        fingerprints = {
            item.id: item_fingerprint(item) for topic in source.topics for item in topic.items
        }
        pages = page_names(toolkit)
        items = topic.items if topic else [item for t in toolkit.topics for item in t.items]
        data = {
            "toolkit": toolkit.id,
            "version": toolkit.version,
            "locale": view.locale,
            "storageKey": f"chemsex-toolkit:{toolkit.id}",
            # What joins a label and its value in this locale ("Priorité :" in French).
            "colon": punctuation(view.locale, ":"),
            "questions": [q.id for q in toolkit.checklist.questions],
            "shortQuestions": [q.short for q in toolkit.checklist.questions],
            # Questions a service still being planned leaves open (out of progress and urgency).
            "skippable": [q.id for q in toolkit.checklist.questions if q.skippable_when_planning],
            "answers": {
                a.id: {
                    "improve": a.needs_improvement,
                    "reason": a.requires_reason,
                    "colour": a.colour,
                    "symbol": ANSWER_SYMBOLS[a.colour],
                    "label": a.label,
                }
                for a in toolkit.checklist.answers
            },
            "topic": topic.id if topic else "",
            "topics": [{"id": t.id, "title": t.title, "page": pages[t.id]} for t in toolkit.topics],
            # Every topic's items, in order (the page numbers them within their topic).
            "items": [
                {
                    "id": item.id,
                    "title": item.title,
                    "fingerprint": fingerprints.get(item.id, ""),
                    "topic": t.id,
                }
                for t in toolkit.topics
                for item in t.items
            ],
            # The answers in the checklist's order (the data's keys are sorted).
            "answerOrder": [a.id for a in toolkit.checklist.answers],
            "columns": [
                {"id": c.id, "label": c.label} for c in toolkit.checklist.action_plan.columns
            ],
            "text": {
                key: value.text
                for key, value in sorted(toolkit.ui.items())
                if not script or key in named
            },
        }
        return {
            "toolkit": toolkit,
            "topic": topic,
            "page_names": pages,
            "view": view,
            "views": context.locales,
            "checklist": toolkit.checklist,
            "items": items,
            "ui": toolkit.text,
            "punct": lambda mark, locale=view.locale: punctuation(locale, mark),
            "md": renderer.block,
            "inline": renderer.inline,
            "lang_attr": lang_attr,
            "symbols": ANSWER_SYMBOLS,
            "section_titles": {s.id: s.title for s in toolkit.checklist.sections},
            "citations": renderer.citations(),
            "data": data,
        }
