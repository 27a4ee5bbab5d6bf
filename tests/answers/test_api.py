"""The answers API on fixtures: page files of both format versions load, findings are located in
the file, a team's files merge with their disagreements listed, and assessments compare."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import chemsex_toolkit
from chemsex_toolkit.answers.check import ContentKeys
from chemsex_toolkit.models import Toolkit
from chemsex_toolkit.paths import schemas_dir

FIXTURES = Path(__file__).parents[1] / "fixtures"
ANSWERS = FIXTURES / "answers"
CONTENT = FIXTURES / "multi-topic"


@pytest.fixture(scope="module")
def toolkit() -> Toolkit:
    return chemsex_toolkit.load(CONTENT)


def _schema() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json.loads((schemas_dir() / "answers.schema.json").read_text("utf-8"))
    )


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def _codes(report: chemsex_toolkit.AnswersReport) -> list[str]:
    return [finding.code for finding in report.findings]


@pytest.mark.parametrize("name", ["ana-2026.json", "first-edition.json"])
def test_page_files_of_both_versions_load_and_meet_the_schema(name: str, toolkit: Toolkit) -> None:
    document = json.loads((ANSWERS / name).read_text("utf-8"))
    assert list(_schema().iter_errors(document)) == []
    answers = chemsex_toolkit.load_answers(ANSWERS / name, toolkit)
    assert (
        answers.state.items["first-item"].answers
        == document["state"]["items"]["first-item"]["answers"]
    )
    dumped = answers.dump()
    assert dumped["formatVersion"] == 2
    assert list(_schema().iter_errors(dumped)) == []


def test_a_first_edition_file_gets_the_current_defaults() -> None:
    answers = chemsex_toolkit.load_answers(ANSWERS / "first-edition.json")
    assert answers.format_version == 1
    assert answers.state.plan[0].status == "planned"
    assert answers.state.meta.service == ""


def test_a_refused_value_is_located_by_line_column_and_pointer(tmp_path: Path) -> None:
    document = json.loads((ANSWERS / "ana-2026.json").read_text("utf-8"))
    document["state"]["plan"][0]["status"] = "someday"
    path = _write(tmp_path / "bad.json", document)
    report = chemsex_toolkit.validate_answers(path)
    assert _codes(report) == ["CT705"] and report.answers is None
    finding = report.findings[0]
    assert finding.path == "/state/plan/0/status"
    line = path.read_text("utf-8").splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith('"status": "someday"')
    assert list(_schema().iter_errors(document)), "the schema refuses it too"


# Every date an answers file holds; the schema's pattern lets through days no calendar has.
DATES: dict[str, tuple[list[str | int], Any]] = {
    "meta": (["meta", "date"], None),
    "plan": (["plan", 0, "whenDate"], None),
    "baseline": (["baseline", "date"], {"name": "2025", "date": "", "items": {}}),
    "team": (["team", 0, "date"], [{"name": "Ana", "date": "", "items": {}}]),
}


@pytest.mark.parametrize("day", ["2026-02-30", "2025-02-29", "2026-13-01", "2026-04-00"])
@pytest.mark.parametrize("field", DATES)
def test_a_day_the_calendar_lacks_is_refused_and_located(
    field: str, day: str, tmp_path: Path, toolkit: Toolkit
) -> None:
    where, holder = DATES[field]
    document = json.loads((ANSWERS / "ana-2026.json").read_text("utf-8"))
    state = document["state"]
    if holder is not None:
        state[str(where[0])] = holder
    target = state
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = day
    path = _write(tmp_path / "bad.json", document)
    report = chemsex_toolkit.validate_answers(path, toolkit)
    assert _codes(report) == ["CT705"] and report.failed() and report.answers is None
    finding = report.findings[0]
    assert finding.path == "/state/" + "/".join(map(str, where))
    assert f"{day} is not a day of the calendar" in finding.message
    line = path.read_text("utf-8").splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith(f'"{where[-1]}": "{day}"')
    with pytest.raises(chemsex_toolkit.AnswersError):
        chemsex_toolkit.load_answers(path, toolkit)


def test_a_leap_day_is_a_day(toolkit: Toolkit) -> None:
    document = json.loads((ANSWERS / "ana-2026.json").read_text("utf-8"))
    document["state"]["meta"]["date"] = "2024-02-29"
    document["state"]["plan"][0]["whenDate"] = "2000-02-29"
    assert chemsex_toolkit.validate_answers(document, toolkit).findings == ()


def test_answers_checked_against_the_content(tmp_path: Path, toolkit: Toolkit) -> None:
    keys = ContentKeys.of(toolkit)
    document = json.loads((ANSWERS / "ana-2026.json").read_text("utf-8"))
    items = document["state"]["items"]
    items["first-item"]["fingerprint"] = "not-" + keys.fingerprints["first-item"]
    items["prep-access"]["answers"]["no-such-question"] = "yes"
    items["gone"] = {"answers": {"in-place": "yes"}}
    document["state"]["plan"][0]["origin"] = "gone"
    report = chemsex_toolkit.validate_answers(_write(tmp_path / "a.json", document), toolkit)
    assert sorted(_codes(report)) == ["CT707", "CT709", "CT710", "CT711"]
    assert not report.failed() and report.answers is not None
    changed = next(f for f in report.findings if f.code == "CT710")
    assert changed.path == "/state/items/first-item/fingerprint" and changed.line > 1
    # Without the content only the format is checked.
    assert chemsex_toolkit.validate_answers(document).findings == ()


def test_an_answer_the_checklist_lacks_is_refused(toolkit: Toolkit) -> None:
    document = json.loads((ANSWERS / "ana-2026.json").read_text("utf-8"))
    document["state"]["items"]["first-item"]["answers"]["in-place"] = "maybe"
    report = chemsex_toolkit.validate_answers(document, toolkit)
    assert _codes(report) == ["CT708"] and report.failed() and report.answers is None
    assert report.findings[0].path == "/state/items/first-item/answers/in-place"


# What the page refuses before anything else (readAnswersFile), refused here in the same order.
REFUSED: dict[str, tuple[str, str]] = {
    "not-json": ('{\n  "format": nope', "CT702"),
    "foreign": ('{"format": "something-else"}', "CT703"),
    "array": ("[1, 2]", "CT703"),
    "nan": ('{"format": "chemsex-toolkit-answers", "formatVersion": NaN}', "CT702"),
    "newer": (
        '{"format": "chemsex-toolkit-answers", "formatVersion": 9, "toolkit": "multi-toolkit"}',
        "CT704",
    ),
    "toolkit": (
        '{"format": "chemsex-toolkit-answers", "formatVersion": 2, "toolkit": "another",'
        ' "state": {"plan": []}}',
        "CT706",
    ),
    "plan": (
        '{"format": "chemsex-toolkit-answers", "formatVersion": 2, "toolkit": "multi-toolkit",'
        ' "state": {"plan": "all of it"}}',
        "CT705",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_files_the_page_refuses_are_refused(case: str, tmp_path: Path, toolkit: Toolkit) -> None:
    text, code = REFUSED[case]
    path = tmp_path / f"{case}.json"
    path.write_text(text, encoding="utf-8")
    report = chemsex_toolkit.validate_answers(path, toolkit)
    assert _codes(report) == [code] and report.answers is None
    with pytest.raises(chemsex_toolkit.AnswersError) as raised:
        chemsex_toolkit.load_answers(path, toolkit)
    assert raised.value.findings[0].code == code


def test_not_json_is_located(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": nope', encoding="utf-8")
    finding = chemsex_toolkit.validate_answers(path).findings[0]
    assert (finding.line, finding.column) == (2, 13)


@pytest.mark.parametrize("opening", ["[", '{"a": '])
def test_a_file_nested_too_deep_is_refused_where_it_goes_too_deep(
    opening: str, tmp_path: Path
) -> None:
    # A few kilobytes of brackets exhausted Python's stack in the JSON parser (RecursionError).
    closing = "]" if opening == "[" else "}"
    path = tmp_path / "deep.json"
    path.write_text('{"state":\n' + opening * 5000 + "1" + closing * 5000 + "}", encoding="utf-8")
    report = chemsex_toolkit.validate_answers(path)
    assert _codes(report) == ["CT702"] and report.answers is None
    finding = report.findings[0]
    assert "64" in finding.message
    # The 64th opening bracket within the file's object, on the second line.
    assert (finding.line, finding.column) == (2, 63 * len(opening) + 1)


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    path = tmp_path / "text.json"
    path.write_text(json.dumps({"format": "x", "note": "[{" * 5000 + '\\"['}), encoding="utf-8")
    assert _codes(chemsex_toolkit.validate_answers(path)) == ["CT703"]


def test_too_large_a_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    from chemsex_toolkit.answers.model import MAX_FILE

    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_FILE + 10))
    assert _codes(chemsex_toolkit.validate_answers(path)) == ["CT701"]


def test_merge_keeps_agreement_and_lists_every_disagreement(toolkit: Toolkit) -> None:
    files = [ANSWERS / "ana-2026.json", ANSWERS / "ben-2026.json"]
    result = chemsex_toolkit.merge_answers(files)
    assert result.members == ("Ana", "Ben")
    assert [(d.item, d.field, d.values) for d in result.disagreements] == [
        ("first-item", "in-place", (("Ana", "partly"), ("Ben", "no")))
    ]
    state = result.answers.state
    assert "in-place" not in state.items["first-item"].answers  # left open, not resolved
    assert state.items["first-item"].answers["documented"] == "yes"
    assert set(state.items) == {"first-item", "prep-access", "outreach-contact"}
    assert [row.what for row in state.plan] == ["Train the team", "Map the venues"]
    assert [member.name for member in state.team] == ["Ana", "Ben"]
    assert state.meta.participants == "Ana, Ben"
    # The merged file is a sound answers file the page can load.
    assert chemsex_toolkit.validate_answers(result.answers.dump(), toolkit).findings == ()


def test_merge_refuses_files_of_different_toolkits(tmp_path: Path) -> None:
    document = json.loads((ANSWERS / "ben-2026.json").read_text("utf-8"))
    document["toolkit"] = "another-toolkit"
    other = _write(tmp_path / "other.json", document)
    with pytest.raises(chemsex_toolkit.UsageError, match="different toolkits"):
        chemsex_toolkit.merge_answers([ANSWERS / "ana-2026.json", other])


def test_compare_per_item_and_question(toolkit: Toolkit) -> None:
    comparison = chemsex_toolkit.compare_answers(
        ANSWERS / "service-2025.json", ANSWERS / "ana-2026.json", toolkit
    )
    got = {(c.item, c.question): (c.before, c.after, c.direction) for c in comparison.changes}
    assert got == {
        ("first-item", "in-place"): ("no", "partly", "better"),
        ("first-item", "documented"): ("yes", "yes", "same"),
        ("first-item", "adapted"): ("partly", "no", "worse"),
        ("prep-access", "in-place"): ("partly", "yes", "better"),
    }
    # "Not applicable" (working) is never compared, as on the page; the retired item is skipped.
    assert (comparison.count("better"), comparison.count("worse")) == (2, 1)


def test_saved_answers_are_written_atomically_and_read_back(tmp_path: Path) -> None:
    answers = chemsex_toolkit.load_answers(ANSWERS / "first-edition.json")
    out = chemsex_toolkit.save_answers(answers, tmp_path / "out.json")
    again = chemsex_toolkit.load_answers(out)
    assert again.format_version == 2 and again.state == answers.state
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_translated_toolkit_is_refused_for_fingerprints() -> None:
    french = chemsex_toolkit.load(CONTENT, locale="fr")
    with pytest.raises(chemsex_toolkit.UsageError, match="source language"):
        chemsex_toolkit.validate_answers(ANSWERS / "ana-2026.json", french)


def test_findings_of_one_file_are_capped(tmp_path: Path) -> None:
    from chemsex_toolkit.validation.limits import PER_FILE

    document = json.loads((ANSWERS / "ana-2026.json").read_text("utf-8"))
    document["state"]["plan"] = [{"status": "someday"}] * (PER_FILE + 50)
    report = chemsex_toolkit.validate_answers(_write(tmp_path / "many.json", document))
    assert len(report.findings) == PER_FILE + 1 and report.failed()
    stand_in = [finding for finding in report.findings if finding.code == "CT112"]
    assert len(stand_in) == 1 and "50" in stand_in[0].message
