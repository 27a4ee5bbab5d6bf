"""A content folder to typed models, with every problem noticed on the way.

Each file is read and turned into its model on its own, so one broken file never hides the
problems of another. Assembly into a ``Toolkit`` happens only when every file it needs is sound.
Loading words nothing: it records problems (``findings.Problem``) and the files their models
refused, and the rules in ``chemsex_toolkit.validation`` turn both into findings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from chemsex_toolkit.findings import Place, Problem, pointer, problem
from chemsex_toolkit.loading.yamlio import Document, read_yaml
from chemsex_toolkit.models import (
    FILE_MODELS,
    Checklist,
    Item,
    Link,
    LinksFile,
    Model,
    Resource,
    Toolkit,
    ToolkitFile,
    Topic,
    TopicFile,
    UiFile,
)
from chemsex_toolkit.safefiles import inside

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Origin:
    """Where a thing with an ID is defined: a file and the path to it inside the document."""

    file: str
    parts: tuple[str | int, ...]


@dataclass
class Content:
    """Everything loaded from one content folder (``Report.content``): its ``root`` and
    ``toolkit``, public; the rest is the loader's record (the documents with their positions,
    the file models, the problems found, where each thing is defined), which the API's functions
    hand each other and which may change in any release."""

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Files that read as YAML but that their model refused, by path: their kind of file.
    refused: dict[str, str] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    toolkit: Toolkit | None = None
    # When a file could not be loaded, the toolkit of the rest (None if the frame itself,
    # toolkit.yaml, checklist.yaml or ui.yaml, is broken): the checks that do not depend on the
    # broken file still run on it. Never exported or returned by load().
    partial: Toolkit | None = None
    # Kinds of file ("item", "links", ...) of which at least one could not be loaded. References
    # to things of these kinds may point into the broken file, so they are not reported as
    # dangling: the broken file's own finding is the one to fix first.
    incomplete: set[str] = field(default_factory=set)
    # Results of reading other files of this folder (translations), kept so that the checks,
    # the exporters and the statistics that all need them read each file once.
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def where(self, kind: str, ident: str, *sub: str | int) -> Place:
        """The place of ``sub`` inside the thing ``(kind, ident)``."""
        origin = self.origins[(kind, ident)]
        return self.place(origin.file, *origin.parts, *sub)

    def place(self, relpath: str, *parts: str | int) -> Place:
        """The place of ``parts`` inside the document at ``relpath``."""
        return Place(relpath, *self.documents[relpath].locate(parts), pointer(parts))

    def catalog_files(self) -> list[Path]:
        """The translation files under ``locales/`` (loaded by the i18n package); links out of
        the content folder are left out (loading reports them)."""
        base = self.root / "locales"
        if not base.is_dir():
            return []
        return sorted(
            p
            for p in base.rglob("*.yaml")
            if inside(p, self.root)
            and p.is_file()
            and classify(p.relative_to(self.root).as_posix()) == "catalog"
        )


def classify(relpath: str) -> str | None:
    """The kind of content file at ``relpath``, or None if the layout has no place for it."""
    parts = relpath.split("/")
    match parts:
        case ["toolkit.yaml"]:
            return "toolkit"
        case ["checklist.yaml"]:
            return "checklist"
        case ["ui.yaml"]:
            return "ui"
        case ["resources", name] if name.endswith(".yaml"):
            return "resource"
        case ["topics", _, "topic.yaml"]:
            return "topic"
        case ["topics", _, "links.yaml"]:
            return "links"
        case ["topics", _, "items", name] if name.endswith(".yaml"):
            return "item"
        case ["locales", _, "glossary.yaml"]:
            return "glossary"
        case ["locales", *_]:
            return "catalog"
    return None


@dataclass(frozen=True)
class _Read:
    """What reading one file gave: its document and model, or the problems that stopped it."""

    version: tuple[int, ...]
    document: Document | None
    problems: tuple[Problem, ...]
    model: Model | None


class FileCache:
    """What each file of a content folder read as, by the file's version (size, times, inode).

    Handed to ``load_content`` again and again (as the live preview does on every save), it
    lets a load read only the files that changed since the last one and reuse the documents
    and models of the rest; the whole is assembled afresh each time. One loader at a time.

    A file written twice within one tick of the file system's clock, at the same size, keeps
    its version: whoever learns of a change another way (a file watcher) says so with
    ``forget``."""

    def __init__(self) -> None:
        self._reads: dict[str, _Read] = {}
        # The files the last load read from the disk (the rest came from here), by path.
        self.last_read: list[str] = []

    def forget(self, relpaths: Iterable[str]) -> None:
        """Read these files again on the next load, whatever their version says."""
        for relpath in relpaths:
            self._reads.pop(relpath, None)

    def _get(self, path: Path, relpath: str, root: Path, kind: str) -> _Read:
        try:
            stat = os.stat(path)
            version: tuple[int, ...] = (
                stat.st_size,
                stat.st_mtime_ns,
                stat.st_ctime_ns,
                stat.st_ino,
                stat.st_dev,
            )
        except OSError:  # gone since it was listed: read_yaml says so, and it is not kept
            version = ()
        known = self._reads.get(relpath)
        if known is not None and version and known.version == version:
            return known
        read = _read_file(path, relpath, root, kind, version)
        self.last_read.append(relpath)
        if version:
            self._reads[relpath] = read
        return read

    def _keep_only(self, relpaths: set[str]) -> None:
        """Drop the files that are no longer there (deleted, renamed)."""
        for relpath in set(self._reads) - relpaths:
            del self._reads[relpath]


def _read_file(path: Path, relpath: str, root: Path, kind: str, version: tuple[int, ...]) -> _Read:
    document, problems = read_yaml(path, root)
    model = to_model(document, kind) if document is not None and not problems else None
    return _Read(version, document, tuple(problems), model)


def load_content(root: Path, cache: FileCache | None = None) -> Content:
    """Read every file of the content folder ``root``; never raises for bad content.

    With ``cache`` (of earlier loads of the same folder), only the files that changed since
    are read again."""
    root = root.resolve()
    content = Content(root=root)
    if cache is not None:
        cache.last_read = []
    if not (root / "toolkit.yaml").is_file():
        at = Place("toolkit.yaml")
        content.problems.append(problem("CT100", at, "no-toolkit", folder=root.name))
        return content
    listed: set[str] = set()
    for relpath, path in _content_files(root, content.problems):
        kind = classify(relpath)
        if kind in ("catalog", "glossary"):  # read by the i18n package
            continue
        if kind is None:
            content.problems.append(problem("CT107", Place(relpath)))
            continue
        listed.add(relpath)
        if cache is not None:
            read = cache._get(path, relpath, root, kind)
        else:
            read = _read_file(path, relpath, root, kind, ())
        content.problems.extend(read.problems)
        if read.document is None or read.problems:
            content.incomplete.add(kind)
            continue
        content.documents[relpath] = read.document
        if read.model is None:
            content.incomplete.add(kind)
            content.refused[relpath] = kind
        else:
            content.models[relpath] = read.model
    if cache is not None:
        cache._keep_only(listed)
    content.toolkit = _assemble(content)
    return content


def _content_files(root: Path, problems: list[Problem]) -> list[tuple[str, Path]]:
    """The YAML files of the folder, as (path relative to ``root``, path), in path order.

    Walked with ``os.scandir``, which knows most entries' type without asking the system
    again: on a large content folder, listing it took most of a load whose files were cached
    (``FileCache``). Hidden files and folders are left out; links are not followed into
    folders."""
    entries: list[tuple[list[str], Path, os.DirEntry[str]]] = []
    folders = [(root, "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as listing:
                found = list(listing)
        except OSError:
            continue
        for entry in found:
            if entry.name.startswith("."):
                continue
            relpath = prefix + entry.name
            path = folder / entry.name
            entries.append((relpath.split("/"), path, entry))
            if _is_dir(entry, follow=False):
                folders.append((path, relpath + "/"))
    files: list[tuple[str, Path]] = []
    for parts, path, entry in sorted(entries, key=lambda found: found[0]):
        relpath = "/".join(parts)
        if entry.is_symlink() and not inside(path, root):
            problems.append(problem("CT110", Place(relpath)))
            continue
        if not _is_file(entry):
            if path.suffix in (".yaml", ".yml"):
                # A folder of a content file's name stands where that file should be: said here,
                # or the file would only be "missing" wherever the content names it.
                kind = "folder" if _is_dir(entry, follow=True) else "not-regular"
                problems.append(problem("CT100", Place(relpath), kind))
            continue
        if _is_code(path, entry):
            problems.append(problem("CT111", Place(relpath)))
            if path.suffix not in (".yaml", ".yml"):  # an executable YAML file is still read
                continue
        if path.suffix == ".yml":
            problems.append(problem("CT107", Place(relpath), "yml"))
        elif path.suffix == ".yaml":
            files.append((relpath, path))
    return files


# Files Python, a shell or a loader would run or import: content is YAML, so any of these in the
# content folder is a plant (a folder "chemsex_toolkit" of them would be imported instead of the
# installed package by a Python started in the content folder).
CODE_SUFFIXES = frozenset(
    {
        ".py",
        ".pyc",
        ".pyo",
        ".pyd",
        ".pyw",
        ".pyz",
        ".pth",
        ".whl",
        ".egg",
        ".so",
        ".dll",
        ".dylib",
        ".exe",
        ".sh",
        ".bat",
        ".cmd",
        ".ps1",
    }
)


def _is_code(path: Path, entry: os.DirEntry[str]) -> bool:
    """Whether a regular file of the content folder is code: by its suffix or executable bit."""
    if path.suffix.lower() in CODE_SUFFIXES:
        return True
    try:
        return bool(entry.stat().st_mode & 0o111)
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str], follow: bool) -> bool:
    try:
        return entry.is_dir(follow_symlinks=follow)
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def to_model(document: Document, kind: str) -> Model | None:
    """The model of a file of ``kind``, or None when the model refuses it (the shape rules in
    ``validation`` then say where and why, from the file's JSON Schema).

    Strict: no coercion, so the model accepts exactly what the schema accepts; and it shares the
    document's strings rather than copying them."""
    plain: Any = document.plain()
    try:
        return FILE_MODELS[kind].model_validate(plain, strict=True)
    except ValidationError:
        return None


def _one(content: Content, relpath: str, model_type: type[M]) -> M | None:
    model = content.models.get(relpath)
    return model if isinstance(model, model_type) else None


def _assemble(content: Content) -> Toolkit | None:
    """Build the toolkit; records origins and the findings that only the whole can show."""
    toolkit_file = _one(content, "toolkit.yaml", ToolkitFile)
    checklist = _one(content, "checklist.yaml", Checklist)
    ui = _one(content, "ui.yaml", UiFile)
    for name in ("checklist.yaml", "ui.yaml"):
        if (
            name not in content.models
            and name not in content.documents
            and not _reported(content, name)
        ):
            content.problems.append(problem("CT100", Place(name), "no-file", name=name))
    origins = content.origins
    resources: list[Resource] = []
    for relpath, model in content.models.items():
        if isinstance(model, Resource):
            _claim(content, "resource", model.id, Origin(relpath, ()))
            _check_file_name(content, relpath, model.id)
            resources.append(model)

    topics: list[Topic] = []
    complete = True
    if toolkit_file is not None:
        for index, external in enumerate(toolkit_file.external_topics):
            _claim(
                content, "topic", external.id, Origin("toolkit.yaml", ("external_topics", index))
            )
        for index, source in enumerate(toolkit_file.sources):
            origins[("source", source.id)] = Origin("toolkit.yaml", ("sources", index))
        for index, topic_id in enumerate(toolkit_file.topics):
            topic, topic_complete = _assemble_topic(content, topic_id, ("toolkit.yaml", index))
            complete = complete and topic_complete
            if topic is not None:
                topics.append(topic)
        _check_orphans(content, toolkit_file)

    if toolkit_file is None or checklist is None or ui is None:
        return None
    resources.sort(key=lambda r: r.id)
    try:
        toolkit = Toolkit(
            id=toolkit_file.id,
            title=toolkit_file.title,
            version=toolkit_file.version,
            locale=toolkit_file.source_locale,
            source_locale=toolkit_file.source_locale,
            locales=list(toolkit_file.locales),
            licence=toolkit_file.licence,
            sources=list(toolkit_file.sources),
            credits=toolkit_file.credits,
            external_topics=list(toolkit_file.external_topics),
            checklist=checklist,
            ui=dict(ui.strings),
            resources=resources,
            topics=topics,
        )
    except ValidationError:
        return None  # too little loaded to stand for the whole: the file findings say why
    if complete and len(topics) == len(toolkit_file.topics):
        return toolkit
    content.partial = toolkit
    return None


def _reported(content: Content, relpath: str) -> bool:
    return relpath in content.refused or any(p.place.file == relpath for p in content.problems)


def _assemble_topic(
    content: Content, topic_id: str, listed_at: tuple[str, int]
) -> tuple[Topic | None, bool]:
    """The topic, and whether every item of it loaded (if not, the topic holds the rest)."""
    relpath = f"topics/{topic_id}/topic.yaml"
    topic_file = _one(content, relpath, TopicFile)
    if topic_file is None:
        if relpath not in content.documents and not _reported(content, relpath):
            at = content.place("toolkit.yaml", "topics", listed_at[1])
            content.problems.append(
                problem(
                    "CT302", at, "listed", Kind="Topic", id=topic_id, file=relpath, field="topics"
                )
            )
        return None, False
    _claim(content, "topic", topic_file.id, Origin(relpath, ()))
    _check_file_name(content, relpath, topic_file.id, expected=topic_id)

    links: list[Link] = []
    links_path = f"topics/{topic_id}/links.yaml"
    links_file = _one(content, links_path, LinksFile)
    if links_file is not None:
        for index, link in enumerate(links_file.links):
            if _claim(content, "link", link.id, Origin(links_path, ("links", index))):
                links.append(link)

    items: list[Item] = []
    complete = True
    # Files with findings, gathered once: asking each missing item's file in turn would scan
    # every finding per item (quadratic in a long list of missing items).
    reported = {*content.refused, *(p.place.file for p in content.problems)}
    for index, item_id in enumerate(topic_file.items):
        item_path = f"topics/{topic_id}/items/{item_id}.yaml"
        item = _one(content, item_path, Item)
        if item is None:
            complete = False
            if item_path not in reported:
                at = content.place(relpath, "items", index)
                content.problems.append(
                    problem(
                        "CT302",
                        at,
                        "listed",
                        Kind="Item",
                        id=item_id,
                        file=item_path,
                        field="items",
                    )
                )
            continue
        _check_file_name(content, item_path, item.id)
        if _claim(content, "item", item.id, Origin(item_path, ())):
            items.append(item)
    try:
        topic = Topic(
            id=topic_file.id,
            title=topic_file.title,
            introduction=topic_file.introduction,
            items=items,
            links=links,
        )
    except ValidationError:
        return None, False
    return topic, complete


def _claim(content: Content, kind: str, ident: str, origin: Origin) -> bool:
    """Record where ``ident`` is defined; a second definition is a duplicate-ID finding."""
    key = (kind, ident)
    first = content.origins.get(key)
    if first is None:
        content.origins[key] = origin
        return True
    if first == origin:
        return False
    at = content.place(origin.file, *origin.parts, "id")
    first_line = content.place(first.file, *first.parts, "id").line
    content.problems.append(
        problem("CT301", at, kind=kind, id=ident, first=f"{first.file}:{first_line}")
    )
    return False


def _check_file_name(
    content: Content, relpath: str, ident: str, expected: str | None = None
) -> None:
    stem = expected or relpath.rsplit("/", 1)[-1].removesuffix(".yaml")
    if stem == ident:
        return
    content.problems.append(problem("CT303", content.place(relpath, "id"), stem=stem, id=ident))


def _check_orphans(content: Content, toolkit_file: ToolkitFile) -> None:
    listed: dict[str, int] = {}
    for relpath, model in content.models.items():
        if isinstance(model, TopicFile):
            for item_id in model.items:
                listed[item_id] = listed.get(item_id, 0) + 1
            topic_dir = relpath.split("/")[1]
            if topic_dir not in toolkit_file.topics:
                at = Place(relpath, 1, 1)
                content.problems.append(problem("CT307", at, "topic", id=topic_dir))
    for relpath in content.documents:
        if classify(relpath) != "item":
            continue
        item_id = relpath.rsplit("/", 1)[-1].removesuffix(".yaml")
        count = listed.get(item_id, 0)
        if count == 1:
            continue
        topic_path = "/".join(relpath.split("/")[:2]) + "/topic.yaml"
        variant = "" if count == 0 else "twice"
        content.problems.append(
            problem(
                "CT307", Place(relpath, 1, 1), variant, id=item_id, count=count, topic=topic_path
            )
        )
