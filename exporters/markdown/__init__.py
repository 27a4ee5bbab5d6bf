"""The Markdown exporter: one GitHub-flavoured Markdown file per topic and locale, and an index
of the topics per locale.

A reference to a thing in another topic links to that topic's file (``prep-topic.md#item-...``);
each topic file lists the resources and links that its own text cites, so a reader of one topic
gets what that topic needs and every in-file anchor exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, ClassVar

from markupsafe import Markup, escape

from chemsex_toolkit import ExportError, Toolkit, Topic
from chemsex_toolkit.exporting import (
    ANSWER_SYMBOLS,
    ExportContext,
    LocaleView,
    OutputFile,
    References,
    TemplateExporter,
    anchor,
    destination,
    punctuation,
    self_contained,
    topic_links,
    topic_of,
    topic_resources,
    url_problem,
)

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#!~])")
# What makes a line a list entry or a setext underline when the value starts the line.
_BLOCK_START = re.compile(r"^(\s*)(?:([-+=])(?=[\s=]|$)|(\d{1,9})([.)])(?=\s|$))")


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def inline_text(value: object) -> Markup:
    """A plain-text value as Markdown that shows it as written: one line (a line break in a
    title cannot start a heading), every character Markdown or HTML would act on escaped."""
    if isinstance(value, Markup):
        return value
    # Runs of ASCII white space become one space; no-break spaces are typography and stay.
    text = _ASCII_SPACE.sub(" ", str(value)).strip(" \t\n\r\f\v")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return Markup(_BLOCK_START.sub(_escape_start, text))


def _escape_start(match: re.Match[str]) -> str:
    """A list marker or setext underline at the start, made text ("1\\." and "\\-")."""
    space, sign, number, mark = match.groups()
    return f"{space}\\{sign}" if sign else f"{space}{number}\\{mark}"


def _cell(value: object) -> Markup:
    """Text safe inside a Markdown table cell (``inline_text`` escapes the pipes)."""
    return inline_text(value)


def _url(value: object) -> Markup:
    """A URL as a link destination that ends where it should (see ``destination``)."""
    return Markup(destination(str(value)))


def _autolink(value: object) -> Markup:
    """A URL shown as itself; one the content's URL rule refuses is shown as escaped text."""
    url = str(value)
    if url_problem(url) is None:
        return Markup(f"<{url}>")
    return inline_text(url)


def _anchor(kind: str, ident: str) -> Markup:
    """An in-page anchor, used in ``<a id="...">`` and after ``#``: escaped as HTML."""
    return Markup(escape(anchor(kind, ident)))


def _markdown(resolver: References) -> Callable[[str], Markup]:
    """Content Markdown as one self-contained block of standard Markdown."""
    return lambda text: Markup(self_contained(resolver.markdown(text)))


# The file of each locale that lists its topics.
INDEX = "index.md"


def topic_file(topic_id: str) -> str:
    """The file of a topic, beside the other topics of its locale."""
    return f"{topic_id}.md"


def _file_of(toolkit: Toolkit, topic: Topic) -> Callable[[str, str], str]:
    """The file holding a referenced thing's anchor, seen from ``topic``'s file ("" for that
    file itself). A resource is listed in every topic file that cites it, so it is always here."""
    owner = topic_of(toolkit)

    def file_of(kind: str, target: str) -> str:
        home = owner(kind, target)
        return "" if home in (None, topic.id) else topic_file(str(home))

    return file_of


class MarkdownExporter(TemplateExporter):
    name: ClassVar[str] = "markdown"
    description: ClassVar[str] = "GitHub-flavoured Markdown, one file per topic and locale."
    escape = inline_text

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"cell": _cell, "url": _url, "autolink": _autolink}

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        env = self.environment(context)
        topics = [t for view in context.locales[:1] for t in view.toolkit.topics]
        if any(topic_file(topic.id) == INDEX for topic in topics):
            raise ExportError(
                f"The topic ID 'index' would give the Markdown file {INDEX}, which lists the"
                " topics: rename the topic (its ID in toolkit.yaml and its folder)."
            )
        for view in context.locales:
            for topic in view.toolkit.topics:
                data = self.render(env, "topic.md.j2", **self.variables(view, topic.id))
                yield OutputFile(f"{view.locale}/{topic_file(topic.id)}", _tidy(data))
            data = self.render(env, "index.md.j2", **self.index_variables(view))
            yield OutputFile(f"{view.locale}/{INDEX}", _tidy(data))

    def index_variables(self, view: LocaleView) -> dict[str, Any]:
        toolkit = view.toolkit
        return {
            "toolkit": toolkit,
            "ui": toolkit.text,
            "punct": partial(punctuation, view.locale),
            "topic_file": topic_file,
        }

    def variables(self, view: LocaleView, topic_id: str) -> dict[str, Any]:
        toolkit = view.toolkit
        topic = next(t for t in toolkit.topics if t.id == topic_id)
        return {
            "toolkit": toolkit,
            "topic": topic,
            "checklist": toolkit.checklist,
            "resources": [toolkit.resource(r) for r in topic_resources(toolkit, topic)],
            "links": [toolkit.link(link_id) for link_id in topic_links(toolkit, topic)],
            "ui": toolkit.text,
            "punct": partial(punctuation, view.locale),
            "md": _markdown(References(toolkit, file_of=_file_of(toolkit, topic))),
            "topic_file": topic_file,
            "anchor": _anchor,
            "link": toolkit.link,
            "resource": toolkit.resource,
            "colour_word": lambda colour: toolkit.text(f"colour-{colour}"),
            "symbols": ANSWER_SYMBOLS,
            # A reader of the file alone must still see that nobody reviewed the translation.
            "review_notice": (
                f"{toolkit.text('machine-translated')} ({', '.join(view.review_figures())})"
                if view.machine_translated()
                else ""
            ),
        }


def _tidy(data: bytes) -> bytes:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in data.decode("utf-8").splitlines()]
    tidy: list[str] = []
    for line in lines:
        if not line and tidy and not tidy[-1]:
            continue
        tidy.append(line)
    return ("\n".join(tidy).strip() + "\n").encode("utf-8")
