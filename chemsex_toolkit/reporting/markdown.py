"""GitHub-flavoured Markdown: a link-check table for an issue or a pull request, and a draft
CHANGELOG.md section (Keep a Changelog) for a content diff."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from chemsex_toolkit.reporting.base import Reporter, Subject
from chemsex_toolkit.reporting.subjects import link_rows, links_summary
from chemsex_toolkit.reporting.text import printable
from chemsex_toolkit.urls import url_problem

if TYPE_CHECKING:
    from chemsex_toolkit.links.run import Report
    from chemsex_toolkit.versioning import Diff

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def text(value: object) -> str:
    """The one escaping rule of Markdown output: literal text anywhere, a table cell included.
    Printable (see ``text.printable``), HTML's ``&``, ``<`` and ``>`` as entities, and every
    character Markdown gives a meaning backslash-escaped: no emphasis, link, HTML tag or cell
    break can come from a value."""
    shown = printable(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", shown)


def url(value: str) -> str:
    """A URL as an autolink when it is one by the content's rule and cannot leave the
    autolink; anything else as literal text."""
    if url_problem(value) is None and not any(c in value for c in "<>|\\`"):
        return f"<{value}>"
    return text(value)


def _id(value: str) -> str:
    """An ID or locale code as code: those of valid content (the only content a diff compares)
    hold no character Markdown reads; any other is shown as literal text."""
    return f"`{value}`" if _ID.fullmatch(value) else text(value)


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")


def _value(value: str) -> str:
    """A changed value: a URL as a link, nothing as "(none)", else literal text."""
    return url(value) if value else "(none)"


class MarkdownReporter(Reporter):
    name: ClassVar[str] = "markdown"
    subjects: ClassVar[frozenset[Subject]] = frozenset({"links", "diff"})

    def links(self, report: Report, root: str) -> str:
        lines = ["| Result | URL | Used in |", "| --- | --- | --- |"]
        for row in link_rows(report, root):
            uses = "<br>".join(text(f"{u['file']}:{u['line']}") for u in row["uses"])
            result = str(row["outcome"]) + (f" {row['status']}" if row["status"] else "")
            lines.append(f"| {result} | {url(str(row['url']))} | {uses} |")
        return "\n".join(lines) + "\n\n" + links_summary(report) + "\n"

    def diff(self, diff: Diff) -> str:
        lines = [f"## [{diff.new_version}]", ""]
        added = [f"- {kind.capitalize()} {_id(ident)}." for kind, ident in diff.added]
        added += [f"- Locale {_id(locale)}." for locale in diff.locales_added]
        changed = [f"- Text of {_id(c.message_id)}: {text(c.word_diff())}" for c in diff.changed]
        changed += [
            f"- Value of {_id(v.path)}: {_value(v.old)} → {_value(v.new)}" for v in diff.values
        ]
        changed += [
            f"- {r.kind.capitalize()} {_id(r.old_id)} renamed to {_id(r.new_id)}."
            for r in diff.renamed
        ]
        removed = [f"- {kind.capitalize()} {_id(ident)}." for kind, ident in diff.removed]
        removed += [f"- Locale {_id(locale)}." for locale in diff.locales_removed]
        for title, entries in (("Added", added), ("Changed", changed), ("Removed", removed)):
            if entries:
                lines += [f"### {title}", "", *entries, ""]
        if diff.stale:
            lines += ["### Translations", ""]
            lines += [
                f"- {_id(locale)}: {len(ids)} string(s) to review."
                for locale, ids in diff.stale.items()
            ]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"
