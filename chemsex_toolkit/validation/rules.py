"""The rules: every finding is worded by one of these objects, each with its stable code, name,
severity, what it checks, its messages and hints, and the function that detects it.

Codes never change meaning once released; a retired rule keeps its code reserved. Detectors
report ``Problem``s (a code, a place and the values the message names) or call ``Rule.at``;
the words are only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from chemsex_toolkit.findings import Finding, Place, Problem, Severity


@dataclass(frozen=True)
class Message:
    """What a finding says and how to fix it: ``str.format`` templates over named values."""

    text: str
    hint: str = ""


@dataclass(frozen=True)
class Rule:
    """One rule. ``messages`` maps a variant name ("" for the usual one) to its words;
    ``detector`` names the function that reports it (``module:function``)."""

    code: str
    name: str
    severity: Severity
    summary: str
    detector: str
    messages: Mapping[str, Message] = field(default_factory=dict)

    def at(self, place: Place, variant: str = "", **values: object) -> Finding:
        """The finding of this rule at ``place``, worded by ``variant`` with ``values``."""
        message = self.messages[variant]
        return Finding(
            file=place.file,
            line=place.line,
            column=place.column,
            code=self.code,
            rule=self.name,
            severity=self.severity,
            message=message.text.format(**values),
            hint=message.hint.format(**values),
            path=place.path,
        )


def _rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    detector: str,
    **messages: Message | tuple[str, str] | str,
) -> Rule:
    worded = {
        ("" if variant == "default" else variant.replace("_", "-")): (
            m if isinstance(m, Message) else Message(*m) if isinstance(m, tuple) else Message(m)
        )
        for variant, m in messages.items()
    }
    return Rule(code, name, severity, summary, detector, worded)


_E, _W = Severity.ERROR, Severity.WARNING
_READ = "chemsex_toolkit.loading.yamlio:read_yaml"
_LOAD = "chemsex_toolkit.loading.content:load_content"
_SCHEMA = "chemsex_toolkit.validation.schema_rules:check"
_TEXT = "chemsex_toolkit.validation.semantic:check_text"
_LINKS = "chemsex_toolkit.validation.semantic:check_links"
_GAPS = "chemsex_toolkit.validation.semantic:check_gaps"
_CHECKLIST = "chemsex_toolkit.validation.semantic:check_checklist"
_TRANSLATIONS = "chemsex_toolkit.validation.translations:check"
_UNIQUE = ("Give each entry its own ID.",)
_YAML_HINT = "Check indentation, quotes and colons near this position."
_TAG_HINT = "Remove the tag: content is plain data."
_ALIAS_HINT = "Write the value out instead of using an anchor (&) and alias (*)."
_DEPTH_HINT = "Content files are shallow; flatten this structure."
_GLOSSARY_HINT = "Use '{translation}'{note}, or change the term in locales/{locale}/glossary.yaml."

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in [
        # Files and YAML
        _rule(
            "CT100", "missing-file", _E, "A file the content needs does not exist.", _LOAD,
            no_toolkit=(
                "No toolkit.yaml in {folder}/: this is not a content folder.",
                "Point --content at the folder that holds toolkit.yaml.",
            ),
            no_file=("The content has no {name}.", "Create {name}."),
            unreadable=Message("Cannot read the file: {reason}."),
            not_regular=(
                "This is not a regular file (a pipe, a device or a dangling link).",
                "Replace it with the YAML file itself.",
            ),
        ),
        _rule(
            "CT101", "encoding", _E, "The file is not valid UTF-8.", _READ,
            default=(
                "Byte 0x{byte:02x} is not valid UTF-8.",
                "Save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).",
            ),
        ),
        _rule(
            "CT102", "yaml-syntax", _E, "The file is not valid YAML.", _READ,
            default=("{problem}.", _YAML_HINT),
            compose=("{problem}.", "Keys are plain words; a file holds one document."),
            character=(
                "Character U+{codepoint:04X} is not allowed in a YAML file.",
                "Delete it; control characters cannot appear in content.",
            ),
            unknown=Message("Not valid YAML: {problem}."),
        ),
        _rule(
            "CT103", "duplicate-key", _E, "A key appears twice in the same mapping.", _READ,
            default=(
                "Duplicate key: '{key}' already appears in this mapping.",
                "Remove or rename one of the two keys.",
            ),
            parser=("Duplicate key: {problem}.", "Remove or rename one of the two keys."),
        ),
        _rule(
            "CT104", "empty-file", _E, "The file holds no document.", _READ,
            default=(
                "The file is empty or holds only comments.",
                "Fill it in, or delete it if it is not needed.",
            ),
        ),
        _rule(
            "CT105", "yaml-tag", _E, "A YAML tag is used; content is plain data.", _READ,
            default=("The YAML tag {tag} is not allowed.", _TAG_HINT),
            parser=("{problem}.", _TAG_HINT),
        ),
        _rule(
            "CT106", "file-too-large", _E, "The file is over the size limit.", _READ,
            default=(
                "The file is over {limit:,} bytes, the most a content file may hold.",
                "Split it into smaller files (one item per file).",
            ),
            text=(
                "This text is {size:,} characters long; a single text may be at most {limit:,}.",
                "Shorten it, or split the content into more items.",
            ),
        ),
        _rule(
            "CT107", "unexpected-file", _E, "A file lies where the layout expects none.", _LOAD,
            default=(
                "The content layout has no place for this file.",
                "See docs/content-format.md for where each kind of file goes.",
            ),
            yml=("Content files end in .yaml.", "Rename it to .yaml."),
        ),
        _rule(
            "CT108", "yaml-alias", _E, "Anchors and aliases are not allowed in content.", _READ,
            default=("Alias *{anchor} repeats another value{more}.", _ALIAS_HINT),
        ),
        _rule(
            "CT109", "too-deep", _E, "The document nests deeper than the limit.", _READ,
            default=("The document nests deeper than {limit} levels.", _DEPTH_HINT),
            recursion=("The document nests too deeply to read.", "Flatten it."),
        ),
        _rule(
            "CT110", "unsafe-path", _E, "A file or link leads outside the content folder.", _LOAD,
            default=(
                "This symbolic link leads outside the content folder.",
                "Copy the file into the content folder instead of linking to it.",
            ),
            archive=(
                "Not taken from {ref}: {error}.",
                "Copy the file into the content folder instead of linking to it.",
            ),
        ),
        # Shape (JSON Schema)
        _rule(
            "CT201", "missing-field", _E, "A required field is missing.", _SCHEMA,
            default=("Missing required field '{field}'.", "Add '{field}:' here."),
        ),
        _rule(
            "CT202", "unknown-field", _E, "A field is not part of the format.", _SCHEMA,
            default=(
                "Unknown field '{field}'.",
                "Fields allowed here: {allowed}. Check the spelling or remove it.",
            ),
        ),
        _rule(
            "CT203", "wrong-type", _E, "A value has the wrong type.", _SCHEMA,
            default=Message("Expected {expected}, found {found}."),
            text=("Expected {expected}, found {found}.", "Quote the value to make it text."),
        ),
        _rule(
            "CT204", "invalid-value", _E, "A value does not match what the field allows.",
            _SCHEMA,
            default=("{problem}", "{hint}"),
            # What a reader reports when a file's model refuses it; validation explains the file
            # by its schema instead, so this wording is only a fallback.
            refused=("The file does not fit the format of a {kind} file.",
                     "Run `chemsex-toolkit validate` for where and why."),
            sections=(
                "The sections must be {sections}, in this order.",
                "Keep the four sections of the original toolkit in their order.",
            ),
        ),
        # Meaning
        _rule(
            "CT301", "duplicate-id", _E, "Two things share one ID.", _LOAD,
            default=(
                "The {kind} ID '{id}' is already used in {first}.",
                "Give this {kind} an ID of its own.",
            ),
            gap=("Gap ID '{id}' is used twice in item '{item}'.", "Give each gap its own ID."),
            section=(
                "Two questions open the section '{section}'.",
                "Each question opens a section of its own.",
            ),
            entry=("The ID '{id}' is used twice in {where}.", *_UNIQUE),
        ),
        _rule(
            "CT302", "dangling-reference", _E, "A reference points to nothing.", _TEXT,
            default=("{label} points to no {kind} with the ID '{target}'.",
                     "Check the ID, or define the {kind}."),
            kind=("Unknown reference kind '{kind}' in {label}.", "Use one of: {kinds}."),
            section=("{label} does not point to a section.",
                     "Write item-id/section, with section one of {sections}."),
            listed=("{Kind} '{id}' is listed but {file} does not exist.",
                    "Create {file} or remove '{id}' from {field}."),
            locale=("Locale '{locale}' is listed but locales/{locale}/ does not exist.",
                    "Run `chemsex-toolkit i18n init {locale}`, or remove it from locales."),
            cited=("{Kind} '{id}' cites the unknown link '{link}'.",
                   "Use the ID of a link defined in a links.yaml."),
            resource=("Item '{item}' lists the unknown resource '{resource}'.",
                      "Use the ID of a file in resources/."),
            notice=("Gap '{id}' shows readers the notice 'gap-notice-{notice}', which ui.yaml"
                    " does not define.",
                    "Add 'gap-notice-{notice}' to ui.yaml, or remove `notice`."),
        ),
        _rule(
            "CT303", "id-mismatch", _E, "A file's name and the ID it holds differ.", _LOAD,
            default=("The file is named for '{stem}' but holds the ID '{id}'.",
                     "Rename the file to match the ID, or set id: {stem}."),
        ),
        _rule(
            "CT304", "unused-link", _E, "A link is defined but never cited.", _LINKS,
            default=("Link '{id}' is never cited.",
                     "Cite it as [text][link:{id}] somewhere, or remove it."),
        ),
        _rule(
            "CT305", "unsafe-url", _E,
            "A URL breaks the URL rule (scheme, spaces, credentials, characters).", _TEXT,
            default=("Unsafe link target {url!r} in text.",
                     "Only http, https and mailto links are allowed, and only through a link ID."),
            field=("URL {url!r} is not an http, https or mailto URL.",
                   "Only http://, https:// and mailto: links are allowed."),
            link=("The URL of link '{id}' is not allowed: {problem}.",
                  "Write a plain http(s) address without spaces, credentials or invisible"
                  " characters; percent-encode the characters a URL cannot hold."),
        ),
        _rule(
            "CT306", "missing-section", _E, "An item lacks one of its four sections.", _SCHEMA,
            default=("The item has no '{section}' section.",
                     "Every item has description, guidance, adaptation and quality_improvement."),
        ),
        _rule(
            "CT307", "orphan-item", _E, "An item file is not listed by its topic, or listed twice.",
            _LOAD,
            default=("Item '{id}' is not listed in {topic}.",
                     "List it once under items in {topic}."),
            twice=("Item '{id}' is listed {count} times.", "List it once under items in {topic}."),
            topic=("Topic '{id}' is not listed in toolkit.yaml.",
                   "Add '{id}' to topics in toolkit.yaml, or remove the folder."),
        ),
        _rule(
            "CT308", "raw-html", _E, "Text contains raw HTML, which is never rendered.", _TEXT,
            default=("Raw HTML {html!r} is not allowed in content.",
                     "Use Markdown instead (**bold**, *emphasis*, - lists); HTML is never"
                     " rendered."),
        ),
        _rule(
            "CT309", "inline-url", _E, "Text contains a URL instead of a reference to a link.",
            _TEXT,
            default=("URL {url!r} is written into the text.",
                     "Add it to the topic's links.yaml and cite it as [text][link:its-id]."),
        ),
        _rule(
            "CT310", "duplicate-url", _W, "Two links share one URL.", _LINKS,
            default=("Link '{id}' has the same URL as '{first}'.",
                     "Cite '{first}' instead and remove this one."),
        ),
        _rule(
            "CT311", "unsafe-text", _E,
            "Text contains invisible characters: controls, format characters, separators.", _TEXT,
            default=("Invisible character {character} in text.",
                     "Delete it; control and direction-override characters can hide or reorder"
                     " text."),
        ),
        _rule(
            "CT312", "reference-loop", _E, "References form a loop.", _TEXT,
            default=("{label} points to the text it stands in.",
                     "Point it at another item or section, or drop the reference."),
        ),
        _rule(
            "CT313", "multiline-title", _E, "A title or label holds a line break.", _TEXT,
            default=("A title or label is one line: this one holds a line break.",
                     "Join the lines; a break would start a new heading or paragraph in the"
                     " exports."),
        ),
        # Editorial
        _rule(
            "CT401", "open-gap", _W, "An open editorial gap is recorded.", _GAPS,
            default=("Open gap '{id}' ({kind}) in {item}/{section}: {note}",
                     "Close it by adding what is missing, then remove the gap."),
        ),
        _rule(
            "CT402", "placeholder-text", _W, "Text looks like a placeholder.", _TEXT,
            default=("{text!r} looks like placeholder text.",
                     "Write the text, or record an open gap on the item (gaps:) instead."),
        ),
        _rule(
            "CT403", "typography", _W,
            "Text breaks its locale's typography (spaces before punctuation, quotation marks).",
            _TRANSLATIONS,
            default=("'{id}': {problem}", "{hint}"),
        ),
        # Translations
        _rule(
            "CT501", "bad-locale", _E, "A locale code is not a valid BCP 47 tag.", _TRANSLATIONS,
            default=("'{locale}' is not a valid BCP 47 locale code.",
                     "Rename the folder to a tag such as de, fr or pt-BR."),
        ),
        _rule(
            "CT502", "unknown-message", _E, "A translation has an ID the source does not have.",
            _TRANSLATIONS,
            default=("No source string has the ID '{id}'.",
                     "Run `chemsex-toolkit i18n update` to move it to obsolete, or fix the ID."),
            domain=("'{id}' belongs in {domain}.yaml, not here.", "Move the entry to that file."),
        ),
        _rule(
            "CT503", "empty-translation", _E, "A translation is empty.", _TRANSLATIONS,
            default=("The translation of '{id}' is only blank space.",
                     "Translate it, or leave it empty ('') to fall back to the source."),
        ),
        _rule(
            "CT504", "translation-structure", _E,
            "A translation's references or lists differ from the source.", _TRANSLATIONS,
            default=("The references of '{id}' differ from the source (missing: {missing};"
                     " extra: {extra}).",
                     "Keep every [text][kind:id] of the source; translate only the text in"
                     " brackets."),
            lists=("The lists of '{id}' differ from the source ({found} entries instead of"
                   " {expected}).",
                   "Keep one '- ' line per list entry of the source."),
        ),
        _rule(
            "CT505", "stale-translation", _W, "The source changed since this was translated.",
            _TRANSLATIONS,
            default=("The source of '{id}' changed since it was translated.",
                     "Update the translation, then run `chemsex-toolkit i18n update` to stamp"
                     " it."),
        ),
        _rule(
            "CT506", "missing-translation", _W, "A string of a shipped locale is not translated.",
            _TRANSLATIONS,
            default=("{count} string(s) of the shipped locale '{locale}' are not translated.",
                     "Translate them, or see `chemsex-toolkit i18n status`."),
        ),
        _rule(
            "CT507", "catalog-mismatch", _E, "A translation file is for another locale or toolkit.",
            _TRANSLATIONS,
            default=("This file says {field}: {value}, but it lies in locales/{locale}/ of"
                     " toolkit {toolkit}.",
                     "Move the file to its own locale's folder, or correct the field."),
            glossary=("This glossary says locale: {value}, but it lies in locales/{locale}/.",
                      "Move the file to its own locale's folder, or correct the field."),
        ),
        _rule(
            "CT508", "glossary-term", _W,
            "A translation does not use the locale glossary's term for a source term.",
            _TRANSLATIONS,
            default=("The source of '{id}' holds '{term}', but the translation lacks the"
                     " glossary's '{translation}'.", _GLOSSARY_HINT),
            avoided=("'{id}' translates '{term}' as '{avoided}', which the {locale} glossary"
                     " says to avoid.", _GLOSSARY_HINT),
        ),
    ]
}


def word(problem: Problem) -> Finding:
    """The finding for a problem a reader reported, worded by its rule."""
    values: dict[str, object] = dict(problem.values)
    return RULES[problem.code].at(problem.place, problem.variant, **values)


def word_all(problems: Iterable[Problem]) -> list[Finding]:
    return [word(p) for p in problems]
