"""What changed between two versions of the content, and the smallest version bump it needs.

The rules (also in the README):
- major: an ID is removed or renamed (items, sections, links, resources, topics, UI strings,
  questions, answers, columns, locales), or the export schema changes incompatibly;
- minor: something is added (items, links, resources, topics, UI strings, locales, ...);
- patch: text is edited, or another value changes (a URL, a resource's authors or date, which
  resources an item cites, the order of a topic's items or links);
- none: nothing a reader or a downstream project can see changed.
"""

from __future__ import annotations

import difflib
import enum
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from chemsex_toolkit.findings import Finding, Place, Problem, problem
from chemsex_toolkit.loading.yamlio import MAX_FILE_BYTES
from chemsex_toolkit.messages import children, message_prefix
from chemsex_toolkit.models import Model, Toolkit


class Bump(enum.IntEnum):
    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class TextChange:
    """A source text that changed: its message ID, the text before and after."""

    message_id: str
    old: str
    new: str

    def word_diff(self, limit: int = 12) -> str:
        """A short word diff: ``[-removed-]`` and ``{+added+}`` with a little context."""
        old_words, new_words = self.old.split(), self.new.split()
        parts: list[str] = []
        matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                words = old_words[i1:i2]
                parts.append(
                    " ".join(words)
                    if len(words) <= 6
                    else " ".join(words[:3]) + " … " + " ".join(words[-3:])
                )
                continue
            if i2 > i1:
                parts.append("[-" + " ".join(old_words[i1:i2]) + "-]")
            if j2 > j1:
                parts.append("{+" + " ".join(new_words[j1:j2]) + "+}")
        changed = [p for p in parts if p.startswith(("[-", "{+"))]
        if len(changed) > limit:
            return " ".join(changed[:limit]) + " …"
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class ValueChange:
    """A value other than source text that changed (a URL, a date, a resource's authors, which
    resources an item cites, the order of a topic's items): where it is, named like a message ID
    (``link.<id>.url``, ``topic.<id>.items``), and the value before and after as shown (a list
    as its entries joined by commas, nothing as an empty string)."""

    path: str
    old: str
    new: str

    def word_diff(self, limit: int = 12) -> str:
        return TextChange(self.path, self.old, self.new).word_diff(limit)


@dataclass(frozen=True)
class Rename:
    """An ID that looks renamed (the same text under a new ID), by kind of thing."""

    kind: str
    old_id: str
    new_id: str


@dataclass
class Diff:
    """What changed between two versions of the content: IDs added, removed and renamed, text
    and other values changed, locales added and removed, translations made stale; and the bump
    it needs."""

    old_version: str
    new_version: str
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    changed: list[TextChange] = field(default_factory=list)
    #: Values other than text that changed; reported with the changed text.
    values: list[ValueChange] = field(default_factory=list)
    locales_added: list[str] = field(default_factory=list)
    locales_removed: list[str] = field(default_factory=list)
    # locale -> message IDs whose translation is now stale because the source text changed
    stale: dict[str, list[str]] = field(default_factory=dict)
    #: What validating OLD found: reported, not a reason to refuse the comparison, since one bad
    #: tag (or a rule new in this version of the tool) would block every version check until the
    #: next release.
    old_findings: list[Finding] = field(default_factory=list)

    @property
    def required(self) -> Bump:
        if self.removed or self.renamed or self.locales_removed:
            return Bump.MAJOR
        if self.added or self.locales_added:
            return Bump.MINOR
        if self.changed or self.values:
            return Bump.PATCH
        return Bump.NONE

    def version_ok(self) -> bool:
        """True when the new version is at least the old one raised by the required bump."""
        return parse_version(self.new_version) >= bumped(self.old_version, self.required)


def parse_version(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def bumped(version: str, bump: Bump) -> tuple[int, int, int]:
    major, minor, patch = parse_version(version)
    if bump is Bump.MAJOR:
        return major + 1, 0, 0
    if bump is Bump.MINOR:
        return major, minor + 1, 0
    if bump is Bump.PATCH:
        return major, minor, patch + 1
    return major, minor, patch


def inventory(toolkit: Toolkit) -> set[tuple[str, str]]:
    """Every (kind, ID) a translator or downstream project can depend on."""
    ids: set[tuple[str, str]] = {("topic", t.id) for t in toolkit.topics}
    for topic in toolkit.topics:
        ids |= {("item", i.id) for i in topic.items}
        ids |= {("link", link.id) for link in topic.links}
    ids |= {("resource", r.id) for r in toolkit.resources}
    ids |= {("ui", key) for key in toolkit.ui}
    ids |= {("question", q.id) for q in toolkit.checklist.questions}
    ids |= {("answer", a.id) for a in toolkit.checklist.answers}
    ids |= {("column", c.id) for c in toolkit.checklist.action_plan.columns}
    ids |= {("external-topic", e.id) for e in toolkit.external_topics}
    return ids


def compare(
    old: Toolkit,
    new: Toolkit,
    old_texts: Mapping[str, str],
    new_texts: Mapping[str, str],
    translated: Mapping[str, set[str]],
) -> Diff:
    """Compare two toolkits.

    ``*_texts`` map message IDs to source text; ``translated`` maps each locale of NEW to the
    message IDs it has a translation for (those become stale when the source text changed).
    """
    diff = Diff(old_version=old.version, new_version=new.version)
    before, after = inventory(old), inventory(new)
    removed = sorted(before - after)
    added = sorted(after - before)
    diff.renamed = _renames(removed, added, old_texts, new_texts)
    renamed_old = {(r.kind, r.old_id) for r in diff.renamed}
    renamed_new = {(r.kind, r.new_id) for r in diff.renamed}
    diff.removed = [r for r in removed if r not in renamed_old]
    diff.added = [a for a in added if a not in renamed_new]
    # A text of one side only belongs to a thing added or removed, reported as such, or is an
    # optional text (the credits, a source's note) written or deleted: a change of its text.
    gone = {*removed, *added}
    for message_id in sorted(set(old_texts) | set(new_texts)):
        old_text, new_text = old_texts.get(message_id, ""), new_texts.get(message_id, "")
        if old_text == new_text:
            continue
        if (message_id in old_texts) != (message_id in new_texts) and _owned(message_id, gone):
            continue
        diff.changed.append(TextChange(message_id, old_text, new_text))
    diff.values = _value_changes(old, new, diff)
    diff.locales_added = sorted(set(new.locales) - set(old.locales))
    diff.locales_removed = sorted(set(old.locales) - set(new.locales))
    # A deleted text's translations are obsolete, not stale.
    changed_ids = {c.message_id for c in diff.changed if c.message_id in new_texts}
    for locale, ids in sorted(translated.items()):
        stale = sorted(changed_ids & ids)
        if stale:
            diff.stale[locale] = stale
    return diff


def _owned(message_id: str, things: set[tuple[str, str]]) -> bool:
    """Whether ``message_id`` is a text of one of ``things`` (kind, ID), or one of them (a UI
    string): a message ID starts with its thing's kind and ID."""
    kind, _, rest = message_id.partition(".")
    ident = rest
    while ident:
        if (kind, ident) in things:
            return True
        ident = ident.rpartition(".")[0]
    return False


@dataclass(frozen=True)
class _Order:
    """The (kind, ID) of each entry of a list of things with IDs of their own, in order."""

    entries: tuple[tuple[str, str], ...]

    def without(self, gone: set[tuple[str, str]], renamed: Mapping[tuple[str, str], str]) -> str:
        """The order as shown, leaving out what ``gone`` holds and naming a renamed entry by
        its old ID: what was added, removed or renamed is reported as such, not as a new order."""
        ids = (renamed.get(entry, entry[1]) for entry in self.entries if entry not in gone)
        return ", ".join(ids)


# Fields the rest of the diff compares: the version is what it checks, the locale is the view's
# (always the source locale), the locales are added and removed.
_COMPARED_ELSEWHERE = frozenset({"toolkit.version", "toolkit.locale", "toolkit.locales"})


def values(toolkit: Toolkit) -> dict[str, object]:
    """Every value of ``toolkit`` other than its source texts and the IDs of its things, by a
    path named like the message IDs (``link.<id>.url``, ``topic.<id>.items``). Read off the
    models' fields, so that a field added to a model is compared without being listed here."""
    found = dict(_values(toolkit, None, ""))
    return {path: value for path, value in found.items() if path not in _COMPARED_ELSEWHERE}


def _values(model: Model, key: str | None, prefix: str) -> Iterator[tuple[str, object]]:
    spec = model.translatable
    prefix = message_prefix(model, key, prefix)
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}.{name}"
        if name == "id" and spec.kind is not None and spec.keyed:
            continue  # the thing's own ID: added, removed and renamed IDs are reported as such
        if name not in spec.fields:
            yield path, _plain(value)
        elif isinstance(value, str) or value is None:
            continue  # source text, compared as text
        else:
            if isinstance(value, list):
                # The models of a list are compared one by one; their order is a value too.
                yield path, _Order(tuple(_entry(child) for child in value))
            for child_key, child in children(value):
                yield from _values(child, child_key, prefix)


def _entry(model: Model) -> tuple[str, str]:
    """The (kind, ID) of a model of a list: the kinds and IDs of ``inventory``."""
    return model.translatable.kind or "", model.id  # type: ignore[attr-defined]


def _plain(value: object) -> object:
    """A value as plain data: a model (or a list of them) as what its fields hold."""
    if isinstance(value, Model):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(entry) for entry in value]
    return value


def _shown(value: object) -> str:
    """A value as the reports show it: text as itself, nothing as an empty string, a list of
    texts as its entries joined by commas, anything else as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(entry, str) for entry in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _value_changes(old: Toolkit, new: Toolkit, diff: Diff) -> list[ValueChange]:
    """The values of things on both sides that differ, compared after the IDs (``diff``'s
    added, removed and renamed), which orders leave out."""
    gone = {*diff.added, *diff.removed}
    renamed = {(r.kind, r.new_id): r.old_id for r in diff.renamed}
    before, after = values(old), values(new)
    changes: list[ValueChange] = []
    # A path on one side only belongs to a thing added or removed, reported as such.
    for path in [p for p in before if p in after]:
        old_value, new_value = before[path], after[path]
        if isinstance(old_value, _Order) and isinstance(new_value, _Order):
            shown = old_value.without(gone, {}), new_value.without(gone, renamed)
        else:
            shown = _shown(old_value), _shown(new_value)
        if shown[0] != shown[1]:
            changes.append(ValueChange(path, *shown))
    return changes


def _text_of(kind: str, ident: str, texts: Mapping[str, str]) -> str:
    prefix = f"{kind}.{ident}."
    return "\n".join(
        v for k, v in sorted(texts.items()) if k.startswith(prefix) or k == f"{kind}.{ident}"
    )


def _renames(
    removed: list[tuple[str, str]],
    added: list[tuple[str, str]],
    old_texts: Mapping[str, str],
    new_texts: Mapping[str, str],
) -> list[Rename]:
    """Pairs of a removed and an added ID of one kind whose text is nearly the same."""
    renames: list[Rename] = []
    taken: set[tuple[str, str]] = set()
    for kind, old_id in removed:
        old_text = _text_of(kind, old_id, old_texts)
        if not old_text:
            continue
        best: tuple[float, str] | None = None
        for new_kind, new_id in added:
            if new_kind != kind or (new_kind, new_id) in taken:
                continue
            new_text = _text_of(kind, new_id, new_texts)
            ratio = difflib.SequenceMatcher(a=old_text, b=new_text, autojunk=False).ratio()
            if ratio >= 0.8 and (best is None or ratio > best[0]):
                best = (ratio, new_id)
        if best is not None:
            taken.add((kind, best[1]))
            renames.append(Rename(kind, old_id, best[1]))
    return renames


class MissingFolder(ValueError):
    """The ref exists but holds no such folder."""


def checkout(ref: str, repo: Path, subdir: str, into: Path) -> tuple[Path, list[Problem]]:
    """Extract ``subdir`` of git ``ref`` of ``repo`` into ``into``: the extracted folder, and a
    problem for each entry of the archive that was not extracted (a link out of the folder, a
    device, an absolute path).

    Raises ``ValueError`` with git's message when the ref does not exist, ``MissingFolder``
    when the ref has no ``subdir``.
    """
    if not ref.strip() or ref.startswith("-"):
        # A ref is never an option: ``--output=FILE`` would make git write a file.
        raise ValueError(f"'{ref}' is not a git revision")
    # The ref becomes a commit ID first, with options ended, so git archive only ever sees that.
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if commit.returncode != 0:
        raise ValueError(commit.stderr.strip() or f"'{ref}' is not a git revision")
    # Asked before the archive is streamed, whose failure no longer tells a missing folder apart.
    folder = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "-e", f"{commit.stdout.strip()}:{subdir}"],
        capture_output=True,
        timeout=30,
    )
    if folder.returncode != 0:
        raise MissingFolder("the ref holds no such folder")
    skipped: list[Problem] = []
    for name, reason in stream_archive(repo, commit.stdout.strip(), subdir, into, ref):
        # What is not a plain file or folder inside the target is left out and reported, not
        # fatal.
        place = Place(name.removeprefix(f"{subdir}/"))
        skipped.append(problem("CT110", place, "archive", ref=ref, error=reason))
    return into / subdir, skipped


# The largest file taken from a git tree: what the reader would read of it (a larger one is a
# finding there too), so a ref's 400 MB blob is never extracted nor held.
MAX_BLOB_BYTES = MAX_FILE_BYTES
# The most a whole tree may unpack to, whatever the number of files.
MAX_TREE_BYTES = 256 * 1024 * 1024


class _TreeTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"its files add up to over {limit:,} bytes")


def stream_archive(
    repo: Path, commit: str, subdir: str, into: Path, ref: str
) -> list[tuple[str, str]]:
    """Extract ``subdir`` of ``commit`` into ``into`` as ``git archive`` writes it, one entry
    at a time (nothing of the tree is held in memory); the entries left out, with the reason.

    Raises ``ValueError`` with git's message when git fails, or when the tree is over
    ``MAX_TREE_BYTES``."""
    large = _large_blobs(repo, commit, subdir, MAX_BLOB_BYTES)
    # Left out of the archive, so that git does not load them either.
    excludes = [f":(exclude,literal){path}" for path in large]
    with tempfile.TemporaryFile() as errors:
        command = ["git", "-C", str(repo), "archive", "--format=tar", commit, "--", subdir]
        process = subprocess.Popen([*command, *excludes], stdout=subprocess.PIPE, stderr=errors)
        assert process.stdout is not None
        try:
            with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
                left_out = extract_safely(archive, into, MAX_BLOB_BYTES, MAX_TREE_BYTES)
        except (tarfile.TarError, OSError, _TreeTooLarge) as error:
            process.kill()
            process.wait(timeout=30)
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip()
            if process.returncode not in (0, -9) and said:
                raise ValueError(said) from error
            raise ValueError(f"git archive {ref} could not be read: {error}") from error
        finally:
            process.stdout.close()
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            raise ValueError(f"git archive {ref} did not finish") from None
        if process.returncode != 0:
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip()
            raise ValueError(said or f"git archive {ref}")
    return [*((path, f"it is over {MAX_BLOB_BYTES:,} bytes") for path in large), *left_out]


# The most blobs over the limit a tree may hold (each is named to git on its command line).
MAX_LARGE_BLOBS = 1000


def _large_blobs(repo: Path, commit: str, subdir: str, limit: int) -> list[str]:
    """The paths of ``subdir`` in ``commit`` whose blobs are over ``limit`` bytes, from the
    tree's listing (read as it comes, sizes without the blobs)."""
    command = ["git", "-C", str(repo), "ls-tree", "-r", "-l", "-z", commit, "--", subdir]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    large: list[str] = []
    pending = b""
    with process.stdout:
        while chunk := process.stdout.read(1 << 16):
            *entries, pending = (pending + chunk).split(b"\0")
            for entry in entries:
                info, _, path = entry.partition(b"\t")
                size = info.split()[-1] if info else b"-"
                if size.isdigit() and int(size) > limit:
                    large.append(path.decode("utf-8", "surrogateescape"))
            if len(large) > MAX_LARGE_BLOBS:
                process.kill()
                break
    process.wait(timeout=120)
    if len(large) > MAX_LARGE_BLOBS:
        raise ValueError(f"{subdir} holds over {MAX_LARGE_BLOBS:,} files over {limit:,} bytes")
    return large


def extract_safely(
    archive: tarfile.TarFile,
    into: Path,
    max_file_bytes: int | None = None,
    max_total_bytes: int | None = None,
) -> list[tuple[str, str]]:
    """Extract the regular files and folders of ``archive`` that stay inside ``into``; the
    other entries (links, devices, absolute paths, paths with ``..``, files over
    ``max_file_bytes``), each with the reason. Entries are taken in order, so ``archive`` may
    be a stream; files adding up to over ``max_total_bytes`` raise ``_TreeTooLarge``.

    Written out rather than left to ``extractall(filter=...)``, which Python 3.11.0-3.11.3
    (Debian 12's 3.11.2 among them) lack. Links are never followed: content needs none.
    """
    into.mkdir(parents=True, exist_ok=True)
    base = into.resolve()
    left_out: list[tuple[str, str]] = []
    total = 0
    for member in archive:
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or "\0" in member.name:
            left_out.append((member.name, "its path leads out of the folder"))
            continue
        target = base.joinpath(*name.parts)
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
        elif member.isfile() and max_file_bytes is not None and member.size > max_file_bytes:
            left_out.append((member.name, f"it is over {max_file_bytes:,} bytes"))
        elif member.isfile():
            total += member.size
            if max_total_bytes is not None and total > max_total_bytes:
                raise _TreeTooLarge(max_total_bytes)
            target.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            assert source is not None  # a regular file always has data
            with source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
        elif member.issym() or member.islnk():
            left_out.append((member.name, f"it is a link to {member.linkname}"))
        else:
            left_out.append((member.name, "it is not a regular file"))
    return left_out


def as_dict(diff: Diff) -> dict[str, object]:
    return {
        "old_version": diff.old_version,
        "new_version": diff.new_version,
        "required_bump": diff.required.label,
        "minimum_version": ".".join(map(str, bumped(diff.old_version, diff.required))),
        "version_ok": diff.version_ok(),
        "added": [{"kind": k, "id": i} for k, i in diff.added],
        "removed": [{"kind": k, "id": i} for k, i in diff.removed],
        "renamed": [{"kind": r.kind, "old_id": r.old_id, "new_id": r.new_id} for r in diff.renamed],
        "changed": [
            {"id": c.message_id, "old": c.old, "new": c.new, "words": c.word_diff()}
            for c in diff.changed
        ]
        # Values in the same list and shape, so that a reader of "changed" misses none.
        + [{"id": v.path, "old": v.old, "new": v.new, "words": v.word_diff()} for v in diff.values],
        "locales_added": diff.locales_added,
        "locales_removed": diff.locales_removed,
        "stale": diff.stale,
        "old_findings": [finding.as_dict() for finding in diff.old_findings],
    }


def diff_content(old: str, new: str, repo: Path | None = None, subdir: str | None = None) -> Diff:
    """Compare content ``old`` with ``new``, each a folder or a git ref of ``repo`` (default:
    the repository of the working folder) whose ``subdir`` holds the content (default: the
    repository's content folder as every command finds it, ``[tool.chemsex-toolkit] content``
    included).

    OLD's findings are reported in the result, not a reason to refuse, as long as it can be
    read at all. Raises ``ContentError`` when OLD cannot be read or NEW has errors (or an
    archive held entries that could not be taken out), ``UsageError`` when a side is neither a
    folder nor a git ref, or the ref has no such folder."""
    from chemsex_toolkit.errors import ContentError
    from chemsex_toolkit.i18n import translated_ids
    from chemsex_toolkit.messages import source_messages
    from chemsex_toolkit.validation import Report, validate
    from chemsex_toolkit.validation.rules import word_all

    with tempfile.TemporaryDirectory(prefix="chemsex-toolkit-diff-") as tmp:
        reports: list[Report] = []
        for side, spec in enumerate((old, new)):
            folder, skipped = _content_at(spec, repo, subdir, Path(tmp))
            report = validate(folder)
            findings = sorted([*word_all(skipped), *report.findings])
            readable = report.toolkit is not None and not skipped
            if not readable or (side == 1 and report.failed()):
                raise ContentError(findings, spec, "cannot compare it")
            reports.append(report)
        before, after = (r.toolkit for r in reports)
        assert before is not None and after is not None
        diff = compare(
            before,
            after,
            source_messages(before),
            source_messages(after),
            translated_ids(reports[1].content),
        )
        diff.old_findings = list(reports[0].findings)
        return diff


def _content_at(
    spec: str, repo: Path | None, subdir: str | None, workdir: Path
) -> tuple[Path, list[Problem]]:
    """``spec`` itself if it is a folder, else ``subdir`` at git ref ``spec`` (with problems for
    what the archive held that could not be extracted)."""
    from chemsex_toolkit.errors import UsageError

    candidate = Path(spec)
    if candidate.is_dir():
        return candidate, []
    if repo is None:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30
        )
        if top.returncode != 0:
            raise UsageError(f"{spec} is neither a folder nor a git ref (not in a git repo).")
        repo = Path(top.stdout.strip())
    folder = subdir if subdir is not None else configured_folder(repo, Path.cwd())
    try:
        into = Path(tempfile.mkdtemp(dir=workdir))  # never a path built from the ref
        return checkout(spec, repo, folder, into)
    except MissingFolder as error:
        raise UsageError(
            f"{spec} has no content folder {folder}/ ({error}); give the folder the content had"
            " there with --path DIR."
        ) from error
    except ValueError as error:
        raise UsageError(f"{spec} is neither a folder nor a git ref: {error}") from error


def configured_folder(repo: Path, start: Path) -> str:
    """The content folder of ``repo`` as a path inside it: found from ``start`` when that lies
    in the repository, else from its root, the way every command finds its content."""
    from chemsex_toolkit.errors import UsageError
    from chemsex_toolkit.paths import find_content

    top = repo.resolve()
    here = start.resolve()
    location = find_content(here if here.is_relative_to(top) else top)
    try:
        return location.path.resolve().relative_to(top).as_posix()
    except ValueError:
        raise UsageError(
            f"The content folder {location.path} is not inside the repository {top}; give the"
            " folder inside the repository with --path DIR."
        ) from None
