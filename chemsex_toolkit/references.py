"""How the references in a toolkit's text (``[text][kind:id]``) resolve in an export of it: the
one resolver every export uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from chemsex_toolkit import textscan
from chemsex_toolkit.mdtext import standard_markdown
from chemsex_toolkit.models import Toolkit


def anchor(kind: str, ident: str) -> str:
    """The in-page anchor of a topic, item, section or resource (``item-chemsex-knowledge``)."""
    return f"{kind}-{ident.replace('/', '-')}"


class References:
    """Where each reference of one toolkit's text points.

    Links go to their URL; items, sections and topics of this toolkit to in-page anchors (see
    ``anchor``); resources to their anchor, or with ``resources="url"`` (for a document that
    shows no resources, such as the JSON export) to their link's URL. A reference that cannot
    point anywhere stays plain text: a topic this toolkit lacks gets a note saying so unless
    ``note=False``.

    An export of several files passes ``file_of``: the file (relative to the referring one) that
    holds the anchor of a thing of a kind and ID, or "" for the referring file itself; the
    anchor then follows that file's name (``prep-topic.md#item-prep-access``).
    """

    def __init__(
        self,
        toolkit: Toolkit,
        *,
        resources: Literal["anchor", "url"] = "anchor",
        note: bool = True,
        file_of: Callable[[str, str], str] | None = None,
    ) -> None:
        self.toolkit = toolkit
        self._file_of = file_of
        self._internal = {t.id for t in toolkit.topics}
        self._note = toolkit.text("not-in-toolkit") if note else ""
        self._resource_urls = (
            {r.id: toolkit.link(r.link).url for r in toolkit.resources if r.link is not None}
            if resources == "url"
            else None
        )

    def target(self, ref: textscan.Reference) -> str | None:
        """Where ``ref`` points in the export, or None when it stays plain text."""
        match ref.kind:
            case "link":
                return self.toolkit.link(ref.target).url
            case "resource" if self._resource_urls is not None:
                return self._resource_urls.get(ref.target)
            case "topic" if ref.target not in self._internal:
                return None
            case "item" | "section" | "resource" | "topic":
                file = self._file_of(ref.kind, ref.target) if self._file_of else ""
                return f"{file}#{anchor(ref.kind, ref.target)}"
        return None

    def plain(self, ref: textscan.Reference) -> str:
        """The text that stands for a reference that points nowhere."""
        if ref.kind == "topic" and self._note:
            return f"{ref.text} ({self._note})"
        return ref.text

    def markdown(self, text: str) -> str:
        """Content Markdown as standard Markdown, each reference a plain link or text."""
        return standard_markdown(text, self.target, self.plain)
