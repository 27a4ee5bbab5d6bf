"""The catalogue of rules: every finding carries one of these stable codes.

Codes never change meaning once released; a retired rule keeps its code reserved.
"""

from __future__ import annotations

from dataclasses import dataclass

from chemsex_toolkit.findings import Finding, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str


_E, _W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in [
        # Files and YAML
        Rule("CT100", "missing-file", _E, "A file the content needs does not exist."),
        Rule("CT101", "encoding", _E, "The file is not valid UTF-8."),
        Rule("CT102", "yaml-syntax", _E, "The file is not valid YAML."),
        Rule("CT103", "duplicate-key", _E, "A key appears twice in the same mapping."),
        Rule("CT104", "empty-file", _E, "The file holds no document."),
        Rule("CT105", "yaml-tag", _E, "A YAML tag is used; content is plain data."),
        Rule("CT106", "file-too-large", _E, "The file is over the size limit."),
        Rule("CT107", "unexpected-file", _E, "A file lies where the layout expects none."),
        Rule("CT108", "yaml-alias", _E, "Anchors and aliases are not allowed in content."),
        Rule("CT109", "too-deep", _E, "The document nests deeper than the limit."),
        Rule("CT110", "unsafe-path", _E, "A file or link leads outside the content folder."),
        # Shape (JSON Schema)
        Rule("CT201", "missing-field", _E, "A required field is missing."),
        Rule("CT202", "unknown-field", _E, "A field is not part of the format."),
        Rule("CT203", "wrong-type", _E, "A value has the wrong type."),
        Rule("CT204", "invalid-value", _E, "A value does not match what the field allows."),
        # Meaning
        Rule("CT301", "duplicate-id", _E, "Two things share one ID."),
        Rule("CT302", "dangling-reference", _E, "A reference points to nothing."),
        Rule("CT303", "id-mismatch", _E, "A file's name and the ID it holds differ."),
        Rule("CT304", "unused-link", _E, "A link is defined but never cited."),
        Rule(
            "CT305",
            "unsafe-url",
            _E,
            "A URL breaks the URL rule (scheme, spaces, credentials, characters).",
        ),
        Rule("CT306", "missing-section", _E, "An item lacks one of its four sections."),
        Rule(
            "CT307", "orphan-item", _E, "An item file is not listed by its topic, or listed twice."
        ),
        Rule("CT308", "raw-html", _E, "Text contains raw HTML, which is never rendered."),
        Rule("CT309", "inline-url", _E, "Text contains a URL instead of a reference to a link."),
        Rule("CT310", "duplicate-url", _W, "Two links share one URL."),
        Rule(
            "CT311",
            "unsafe-text",
            _E,
            "Text contains invisible characters: controls, format characters, separators.",
        ),
        Rule("CT312", "reference-loop", _E, "References form a loop."),
        Rule("CT313", "multiline-title", _E, "A title or label holds a line break."),
        # Editorial
        Rule("CT401", "open-gap", _W, "An open editorial gap is recorded."),
        Rule("CT402", "placeholder-text", _W, "Text looks like a placeholder."),
        Rule(
            "CT403",
            "typography",
            _W,
            "Text breaks its locale's typography (spaces before punctuation, quotation marks).",
        ),
        # Translations
        Rule("CT501", "bad-locale", _E, "A locale code is not a valid BCP 47 tag."),
        Rule("CT502", "unknown-message", _E, "A translation has an ID the source does not have."),
        Rule("CT503", "empty-translation", _E, "A translation is empty."),
        Rule(
            "CT504",
            "translation-structure",
            _E,
            "A translation's references or lists differ from the source.",
        ),
        Rule("CT505", "stale-translation", _W, "The source changed since this was translated."),
        Rule("CT506", "missing-translation", _W, "A string of a shipped locale is not translated."),
        Rule(
            "CT507", "catalog-mismatch", _E, "A translation file is for another locale or toolkit."
        ),
        Rule(
            "CT508",
            "glossary-term",
            _W,
            "A translation does not use the locale glossary's term for a source term.",
        ),
    ]
}


def make(
    code: str,
    file: str,
    line: int,
    column: int,
    message: str,
    hint: str = "",
    path: str = "",
    *,
    severity: Severity | None = None,
) -> Finding:
    """Build a finding for rule ``code`` (severity from the catalogue unless given)."""
    rule = RULES[code]
    return Finding(
        file=file,
        line=line,
        column=column,
        code=rule.code,
        rule=rule.name,
        severity=severity or rule.severity,
        message=message,
        hint=hint,
        path=path,
    )
