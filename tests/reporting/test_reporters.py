"""The reporter registry and each format's one escaping rule: hostile values (from content, from
servers) cannot forge an annotation, a line, a table cell or markup."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from chemsex_toolkit.cli import check_links, diff_cmd, validate_cmd
from chemsex_toolkit.findings import Finding, Severity
from chemsex_toolkit.links.check import Outcome, Result
from chemsex_toolkit.links.collect import Target, Use
from chemsex_toolkit.links.run import Report
from chemsex_toolkit.reporting import formats, reporter
from chemsex_toolkit.reporting.markdown import text as markdown_text
from chemsex_toolkit.versioning import Diff, TextChange

HOSTILE = "a\nb\r::error file=x::forged %0A 50% done, x:y | `tick` <b>&</b>\x1b[31m\x00"


def _links() -> Report:
    url = "https://example.org/x?q=1,2:3%20\n::warning::forged"
    target = Target(url, [Use("links.yaml", 5, 10, "the,id")])
    result = Result(url, Outcome.BROKEN, status=404, detail=HOSTILE)
    return Report(targets=[target], results={url: result})


def _finding() -> Finding:
    return Finding(
        file="items/a,b:c.yaml",
        line=3,
        column=4,
        code="CT302",
        rule="reference",
        severity=Severity.ERROR,
        message=HOSTILE,
        hint=HOSTILE,
    )


def test_each_command_offers_the_formats_the_registry_serves() -> None:
    assert formats("findings") == validate_cmd.FORMATS
    assert formats("links") == check_links.FORMATS
    assert formats("diff") == diff_cmd.FORMATS


@pytest.mark.parametrize(
    "render",
    [
        lambda: reporter("github").findings([_finding()], "content"),
        lambda: reporter("github").links(_links(), "content"),
    ],
)
def test_github_annotations_cannot_be_forged(render: object) -> None:
    assert callable(render)
    output = render()
    lines = output.splitlines()
    assert len(lines) == 1  # one annotation, however many line breaks the values hold
    command, _, rest = lines[0].partition(" ")
    properties, _, message = rest.partition("::")
    assert command in ("::error", "::warning")
    assert "\r" not in output  # a message may hold "::"; only a line break starts a command
    assert "\\u000a" in message and "%25" in message  # escaped, not dropped
    # Property values hold no raw separator: every comma splits two properties.
    assert [p.split("=", 1)[0] for p in properties.split(",")] == ["file", "line", "col", "title"]


def test_text_shows_unprintable_characters_as_codes() -> None:
    output = reporter("text").findings([_finding()], "content")
    assert "\x1b" not in output and "\x00" not in output and "\r" not in output
    assert "\\u001b[31m" in output and "\\u000a" in output
    links = reporter("text").links(_links(), "content")
    assert "\x1b" not in links
    assert len(links.splitlines()) == 3  # the result, its one use, the summary


def test_markdown_values_are_literal_text() -> None:
    assert markdown_text("a | *b* <i>") == "a \\| \\*b\\* &lt;i&gt;"
    table = reporter("markdown").links(_links(), "content")
    row = table.splitlines()[2]
    assert row.count("|") - row.count("\\|") == 4  # three cells, whatever the URL holds
    diff = Diff("1.0.0", "1.0.1", changed=[TextChange("ui.title", "old", HOSTILE)])
    entry = reporter("markdown").diff(diff).splitlines()[-1]
    assert entry.startswith("- Text of `ui.title`: ")
    assert "<b>" not in entry and "&lt;b&gt;" in entry and "\n" not in entry


def test_junit_is_well_formed_xml_whatever_the_values() -> None:
    output = reporter("junit").links(_links(), "content")
    suite = ET.fromstring(output.encode("utf-8"))
    case = suite.find("testcase")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None and "<b>&</b>" in failure.attrib["message"]


def test_a_format_that_does_not_serve_a_subject_says_so() -> None:
    assert "findings" not in reporter("junit").subjects
    with pytest.raises(NotImplementedError):
        reporter("junit").findings([], ".")


def _plain_links() -> Report:
    url = "https://example.org/gone"
    target = Target(url, [Use("resources/links.yaml", 5, 10, "gone")])
    return Report(targets=[target], results={url: Result(url, Outcome.BROKEN, status=404)})


def _plain_finding() -> Finding:
    return Finding(
        file="topics/t/items/a.yaml",
        line=3,
        column=4,
        code="CT302",
        rule="reference",
        severity=Severity.ERROR,
        message="Unknown link 'x'.",
        hint="",
    )


def test_every_format_names_a_file_by_one_path() -> None:
    """The path a user can open (the content folder as given, then the file in it), whatever
    the format: text, JSON, annotations, Markdown and JUnit agree."""
    finding_path, link_path = "my content/topics/t/items/a.yaml", "my content/resources/links.yaml"
    for name in formats("findings"):
        output = reporter(name).findings([_plain_finding()], "my content")
        assert finding_path in output, name
        assert output.count("topics/t/items/a.yaml") == output.count(finding_path), name
    for name in formats("links"):
        output = reporter(name).links(_plain_links(), "my content")
        if name == "junit":  # one test case per URL: the places are not listed
            continue
        assert link_path in output, name
        assert output.count("resources/links.yaml") == output.count(link_path), name
