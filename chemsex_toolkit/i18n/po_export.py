"""A locale exported as a gettext PO file, as the public API hands it out: the file's text and
its figures, in the package's own type, so that callers depend on no PO library."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chemsex_toolkit._atomic import write_atomic

if TYPE_CHECKING:
    import polib


@dataclass(frozen=True)
class PoExport:
    """A locale as a gettext PO file, for Poedit, Weblate, Crowdin and the like: ``text`` is the
    whole file; ``locale`` the locale exported (``de-DE`` asked gives ``de``); ``strings`` how
    many source strings it holds, ``translated`` how many of them have a translation."""

    locale: str
    text: str
    strings: int
    translated: int

    @property
    def percent_translated(self) -> int:
        """Translated strings in percent, rounded down (100 when there is nothing to translate)."""
        return self.translated * 100 // self.strings if self.strings else 100

    def save(self, path: Path | str) -> Path:
        """Write the PO file to ``path`` (atomically: a reader never sees half a file)."""
        target = Path(path)
        write_atomic(target, self.text)
        return target

    def __len__(self) -> int:
        return self.strings


def po_export(po: polib.POFile) -> PoExport:
    """The public form of a PO file made by ``i18n.po.export_po``."""
    strings = len([entry for entry in po if not entry.obsolete])
    return PoExport(
        locale=str(po.metadata.get("Language", "")).replace("_", "-"),
        text=str(po) + "\n",
        strings=strings,
        translated=len(po.translated_entries()),
    )
