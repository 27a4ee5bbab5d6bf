"""The HTML exporter: a self-contained, offline, interactive self-assessment per locale.

Each page inlines its CSS and JavaScript and carries a Content-Security-Policy that allows exactly
those two (by hash) and nothing else: no other script, no network request of any kind.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from markupsafe import Markup

from chemsex_toolkit import Toolkit
from chemsex_toolkit.exporting import (
    ANSWER_SYMBOLS,
    ExportContext,
    HtmlRenderer,
    LocaleView,
    OutputFile,
    TemplateExporter,
    item_fingerprint,
    punctuation,
)


def _compact(text: str, comment: str) -> str:
    """``text`` without indentation, blank lines and whole-line comments starting with
    ``comment``: the page must stay small enough for a phone on a slow line."""
    if comment == "/*":
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith(comment))


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


class HtmlExporter(TemplateExporter):
    name: ClassVar[str] = "html"
    description: ClassVar[str] = (
        "Interactive, printable self-assessment; one offline page per locale."
    )

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        env = self.environment(context)
        css = _compact(env.get_template("style.css").render(), "/*")
        script = _compact(env.get_template("app.js").render(), "//")
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
        for view in context.locales:
            variables = self.variables(context, view, source, script=script)
            page = self.render(
                env, "page.html.j2", css=Markup(css), script=Markup(script), csp=csp, **variables
            )
            yield OutputFile(f"{view.locale}/index.html", _unindent(page))
            yield OutputFile(f"badges/{view.locale}.svg", self.badge(env, view))
        index = self.render(
            env,
            "index.html.j2",
            css=Markup(css),
            csp=csp,
            views=context.locales,
            first=context.locales[0],
            punct=lambda mark, locale: punctuation(locale, mark),
        )
        yield OutputFile("index.html", index)

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
        self, context: ExportContext, view: LocaleView, source: Toolkit, script: str = ""
    ) -> dict[str, Any]:
        """The template's variables; the page's data carries the interface strings ``script``
        names (all of them without a script)."""
        toolkit = view.toolkit
        renderer = HtmlRenderer(toolkit)
        named = _names_in(script)

        def lang_attr(message_id: str) -> Markup:
            lang = view.lang_of(message_id)
            return Markup(' lang="{}"').format(lang) if lang != view.locale else Markup("")

        fingerprints = {
            item.id: item_fingerprint(item) for topic in source.topics for item in topic.items
        }
        items = [item for topic in toolkit.topics for item in topic.items]
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
            "skippable": [
                q.id for q in toolkit.checklist.questions if q.skippable_when_planning
            ],
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
            "items": [
                {"id": item.id, "title": item.title, "fingerprint": fingerprints.get(item.id, "")}
                for item in items
            ],
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
