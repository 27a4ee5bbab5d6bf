"""Translation files: where they live, reading them with positions, writing them back with their
comments and formatting intact (ruamel.yaml round-trip), atomically."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from chemsex_toolkit._atomic import write_atomic
from chemsex_toolkit.findings import Place, Problem, problem
from chemsex_toolkit.i18n.locales import check
from chemsex_toolkit.loading.yamlio import Document, read_yaml
from chemsex_toolkit.models import CatalogFile

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    from chemsex_toolkit.loading.content import Content

# ruamel.yaml is imported where a file is changed or written, not at the top: reading (checks,
# exports, the preview) never needs it, and importing it is a fifth of the preview's start.


def fingerprint(text: str) -> str:
    """A short, stable hash of a source text (whitespace at the ends does not count)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def locale_dir(root: Path, locale: str) -> Path:
    return root / "locales" / check(locale)


def catalog_path(root: Path, locale: str, domain: str) -> Path:
    """``locales/<locale>/common.yaml`` or ``locales/<locale>/topics/<topic>.yaml``."""
    return locale_dir(root, locale) / f"{domain}.yaml"


def present_locales(root: Path) -> list[str]:
    """Folder names under ``locales/`` (not validated: callers check them)."""
    base = root / "locales"
    return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []


def locale_catalog_paths(root: Path, locale: str) -> list[Path]:
    """The translation files of one locale folder (its glossary is not one of them)."""
    from chemsex_toolkit.loading.content import classify

    folder = root / "locales" / locale
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*.yaml") if classify(p.relative_to(root).as_posix()) == "catalog"
    )


@dataclass
class Catalog:
    """One translation file: its parsed document (for positions and round-trip writes)."""

    path: Path
    domain: str
    document: Document
    model: CatalogFile | None

    @property
    def messages(self) -> Any:
        from ruamel.yaml.comments import CommentedMap

        return self.document.data.setdefault("messages", CommentedMap())


def read_catalog(
    path: Path, root: Path, *, round_trip: bool = False
) -> tuple[Catalog | None, list[Problem]]:
    """Parse a translation file; YAML problems leave no catalog, a file that its model refuses
    leaves ``model`` None (``validation`` says why).
    ``round_trip`` keeps comments and formatting, for commands that write the file back."""
    from chemsex_toolkit.loading.content import to_model

    document, problems = read_yaml(path, root, round_trip=round_trip)
    if document is None or problems:
        return None, problems
    relative = path.relative_to(root).as_posix()
    domain = "/".join(relative.split("/")[2:]).removesuffix(".yaml")
    model = to_model(document, "catalog")
    assert model is None or isinstance(model, CatalogFile)
    catalog = Catalog(path=path, domain=domain, document=document, model=model)
    if model is None:  # validation explains the file by its schema
        return catalog, [problem("CT204", Place(relative), "refused", kind="catalog")]
    return catalog, []


def read_cached(content: Content, path: Path) -> tuple[Catalog | None, list[Problem]]:
    """``read_catalog`` once per loaded content and version of the file (validate, the exporters
    and the statistics all ask for the same files)."""
    try:
        stat = path.stat()
        key: tuple[object, ...] = ("catalog", path, stat.st_mtime_ns, stat.st_size)
    except OSError:  # gone, or a dangling link: read_catalog says what is wrong
        key = ("catalog", path)
    if key not in content.cache:
        content.cache[key] = read_catalog(path, content.root)
    result: tuple[Catalog | None, list[Problem]] = content.cache[key]
    return result


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump(data: Any) -> str:
    """The YAML text of a translation file, without blanks at the ends of lines."""
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return _without_trailing_blanks(stream.getvalue())


def _without_trailing_blanks(text: str) -> str:
    """ruamel.yaml leaves a blank where it folds a long line before a word; YAML drops it when
    reading. A block scalar keeps its blanks, though: strip only when the data stays the same."""
    stripped = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    if stripped == text:
        return text
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return stripped if yaml.load(stripped, loader) == yaml.load(text, loader) else text


def write_catalog(path: Path, data: Any) -> None:
    write_atomic(path, dump(data))


def entry(text: str, source_text: str, source: str | None, status: str) -> CommentedMap:
    """A message entry in the order translators read it."""
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap()
    node["text"] = text
    node["source_text"] = source_text
    if source is not None:
        node["source"] = source
    node["status"] = status
    return node
