"""The Markdown exporter: one GitHub-flavoured Markdown file per topic and locale."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from chemsex_toolkit.exporting import (
    ANSWER_SYMBOLS,
    ExportContext,
    LocaleView,
    OutputFile,
    References,
    TemplateExporter,
    anchor,
)


def _cell(value: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(value.split()).replace("|", "\\|")


class MarkdownExporter(TemplateExporter):
    name: ClassVar[str] = "markdown"
    description: ClassVar[str] = "GitHub-flavoured Markdown, one file per topic and locale."

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"cell": _cell}

    def export(self, context: ExportContext) -> Iterator[OutputFile]:
        env = self.environment(context)
        for view in context.locales:
            for topic in view.toolkit.topics:
                data = self.render(env, "topic.md.j2", **self.variables(view, topic.id))
                yield OutputFile(f"{view.locale}/{topic.id}.md", _tidy(data))

    def variables(self, view: LocaleView, topic_id: str) -> dict[str, Any]:
        toolkit = view.toolkit
        topic = next(t for t in toolkit.topics if t.id == topic_id)
        return {
            "toolkit": toolkit,
            "topic": topic,
            "checklist": toolkit.checklist,
            "resources": toolkit.resources,
            "ui": toolkit.text,
            "md": References(toolkit).markdown,
            "anchor": anchor,
            "link": toolkit.link,
            "resource": toolkit.resource,
            "colour_word": lambda colour: toolkit.text(f"colour-{colour}"),
            "symbols": ANSWER_SYMBOLS,
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
