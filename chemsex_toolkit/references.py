"""How the references in a toolkit's text (``[text][kind:id]``) resolve in an export of it: the
one resolver every export uses."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Literal

from chemsex_toolkit import textscan
from chemsex_toolkit.mdtext import standard_markdown
from chemsex_toolkit.models import Toolkit


def anchor(kind: str, ident: str) -> str:
    """The in-page anchor of a topic, item, section or resource (``item-chemsex-knowledge``)."""
    return f"{kind}-{ident.replace('/', '-')}"


# What may stand between two topic names of one row: a comma, a slash or one short word, and
# an elided article after it (French "et l'", with either apostrophe).
_CONNECTOR = re.compile(r"(?:\s*(?:,|/|,?\s*\w{1,4})\s+|\s*[,/]\s*)(?:\w[\u2019'])?")


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
        """Content Markdown as standard Markdown, each reference a plain link or text. Topics
        outside the toolkit named in a row ("Counselling and Linkage to care") share one note,
        after the last of them."""
        joined = self._joined_outside_topics(text)
        if not joined:
            return standard_markdown(text, self.target, self.plain)

        def plain(ref: textscan.Reference) -> str:
            return ref.text if ref.start in joined else self.plain(ref)

        return standard_markdown(text, self.target, plain)

    def _joined_outside_topics(self, text: str) -> set[int]:
        """Offsets of the outside topics followed at once (after a comma or a short word such
        as "and", "und", "et") by another: their note waits for the last of the row."""
        if not self._note or "topic:" not in text:
            return set()
        # The same text standard_markdown reads, so that the offsets agree.
        inert = textscan.inert_images(textscan.inert_definitions(text))
        refs = textscan.references(inert)
        outside = [r for r in refs if r.kind == "topic" and r.target not in self._internal]
        return {
            a.start for a, b in pairwise(outside) if _CONNECTOR.fullmatch(inert[a.end : b.start])
        }
