"""chemsex-toolkit: the "Support for ChemSex users" topic of a CBVCT quality toolkit as data.

The public API::

    import chemsex_toolkit
    toolkit = chemsex_toolkit.load()            # the bundled content, typed
    toolkit = chemsex_toolkit.load(path, locale="de")
    report = chemsex_toolkit.validate(path)     # findings, never an exception for bad content

Everything not listed in ``__all__`` is private and may change in any release.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from chemsex_toolkit.__about__ import __version__

if TYPE_CHECKING:
    from chemsex_toolkit.errors import ChemsexToolkitError, ContentError, UsageError
    from chemsex_toolkit.findings import Finding, Severity
    from chemsex_toolkit.models import Item, Link, Resource, Sections, Toolkit, Topic
    from chemsex_toolkit.validation import Report

__all__ = [
    "ChemsexToolkitError",
    "ContentError",
    "Finding",
    "Item",
    "Link",
    "Report",
    "Resource",
    "Sections",
    "Severity",
    "Toolkit",
    "Topic",
    "UsageError",
    "__version__",
    "load",
    "validate",
]

# The models pull in pydantic; importing them only when asked keeps the CLI's start fast.
_LAZY = {
    "ChemsexToolkitError": "chemsex_toolkit.errors",
    "ContentError": "chemsex_toolkit.errors",
    "UsageError": "chemsex_toolkit.errors",
    "Finding": "chemsex_toolkit.findings",
    "Severity": "chemsex_toolkit.findings",
    "Item": "chemsex_toolkit.models",
    "Link": "chemsex_toolkit.models",
    "Resource": "chemsex_toolkit.models",
    "Sections": "chemsex_toolkit.models",
    "Toolkit": "chemsex_toolkit.models",
    "Topic": "chemsex_toolkit.models",
    "Report": "chemsex_toolkit.validation",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'chemsex_toolkit' has no attribute {name!r}")


def validate(path: Path | str | None = None) -> Report:
    """Check the content folder at ``path`` (default: the bundled content).

    Returns a ``Report`` whose ``findings`` list every problem with file, line and column. Bad
    content never raises.
    """
    from chemsex_toolkit.validation import validate as _validate

    return _validate(path)


def load(path: Path | str | None = None, *, locale: str | None = None) -> Toolkit:
    """The content at ``path`` (default: the bundled content) as a typed ``Toolkit``.

    With ``locale`` the text is translated, falling back to the source language where a string is
    not translated yet. Raises ``ContentError`` when the content has errors.
    """
    from chemsex_toolkit.errors import ContentError

    report = validate(path)
    if report.failed() or report.toolkit is None:
        raise ContentError(report.findings)
    if locale is None or locale == report.toolkit.source_locale:
        return report.toolkit
    from chemsex_toolkit.i18n import localize

    return localize(report.content, locale).toolkit
