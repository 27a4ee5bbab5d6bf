"""A FHIR QuestionnaireResponse to the fhir export's Questionnaire, imported back: the response is
built with fhir.resources from the Questionnaire the exporter wrote, as a form renderer would,
so the exporter and the importer are held to the same linkIds and codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)

import chemsex_toolkit
from chemsex_toolkit import Toolkit
from chemsex_toolkit.answers.fhir import is_response
from chemsex_toolkit.cli import main
from chemsex_toolkit.exporting.build import build

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"
CONTENT = str(MULTI)
# What a team put in, per item: answers and reasons per question, and the action.
GIVEN: dict[str, dict[str, Any]] = {
    "first-item": {
        "answers": {"in-place": "not-applicable", "documented": "partly", "working": "no"},
        "reasons": {"in-place": "Clients are referred to the clinic next door."},
        "action": "Write the referral guide.",
    },
    "prep-access": {
        "answers": {"in-place": "yes", "documented": "no", "adapted": "yes", "working": "partly"},
        "reasons": {},
        "action": "",
    },
    "outreach-contact": {"answers": {}, "reasons": {}, "action": "Ask the outreach team."},
}
META = {"service": "Checkpoint Zürich", "date": "2026-05-01", "participants": "Ana, Ben"}
VALUE_OF = {
    "choice": "valueCoding",
    "string": "valueString",
    "text": "valueString",
    "date": "valueDate",
    "boolean": "valueBoolean",
}


@pytest.fixture(scope="module")
def source() -> Toolkit:
    return chemsex_toolkit.load(MULTI)


@pytest.fixture(scope="module")
def questionnaires(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fhir")
    build(MULTI, out, ["fhir"])
    return out / "fhir"


def _values(planning: bool, skipped: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The answer of each linkId, by the export's scheme of IDs."""
    values: dict[str, Any] = {f"toolkit:{key}": value for key, value in META.items()}
    values["toolkit:planning"] = planning
    for item, given in GIVEN.items():
        for question, answer in given["answers"].items():
            if question not in skipped:
                values[f"{item}.{question}"] = answer
        for question, reason in given["reasons"].items():
            values[f"{item}.{question}/reason"] = reason
        if given["action"]:
            values[f"{item}/action"] = given["action"]
    return values


def _response(questionnaire: dict[str, Any], values: dict[str, Any]) -> QuestionnaireResponse:
    """The response a form renderer saves for ``values`` (by linkId): groups nest as in the
    Questionnaire, display items and unanswered questions are left out."""
    system = questionnaire["contained"][0]["compose"]["include"][0]["system"]

    def answer(item: dict[str, Any]) -> QuestionnaireResponseItemAnswer | None:
        value = values.get(item["linkId"])
        if value is None:
            return None
        kind = VALUE_OF[item["type"]]
        if kind == "valueCoding":
            return QuestionnaireResponseItemAnswer(valueCoding=Coding(system=system, code=value))
        return QuestionnaireResponseItemAnswer.model_validate({kind: value})

    def items(children: list[dict[str, Any]]) -> list[QuestionnaireResponseItem]:
        out: list[QuestionnaireResponseItem] = []
        for item in children:
            if item["type"] == "display":
                continue
            nested = items(item.get("item", []))
            if item["type"] == "group":
                if nested:
                    out.append(QuestionnaireResponseItem(linkId=item["linkId"], item=nested))
                continue
            given = answer(item)
            if given is not None:
                out.append(QuestionnaireResponseItem(linkId=item["linkId"], answer=[given]))
        return out

    response = QuestionnaireResponse(
        status="completed",
        questionnaire=f"{questionnaire['url']}|{questionnaire['version']}",
        language=questionnaire["language"],
        item=items(questionnaire["item"]),
    )
    # A renderer states when it was answered, with the offset of its clock.
    return response.model_copy(update={"authored": "2026-05-01T10:30:00+02:00"})


def _write(
    questionnaires: Path, folder: Path, locale: str = "en", values: dict[str, Any] | None = None
) -> Path:
    questionnaire = json.loads((questionnaires / f"{locale}.questionnaire.json").read_text())
    response = _response(questionnaire, _values(False) if values is None else values)
    path = folder / f"response-{locale}.json"
    path.write_text(response.model_dump_json(indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("locale", ["en", "de"])
def test_a_response_imports_to_the_answers_put_in(
    questionnaires: Path, tmp_path: Path, locale: str
) -> None:
    path = _write(questionnaires, tmp_path, locale)
    assert is_response(path)
    answers = chemsex_toolkit.import_answers(path, CONTENT)
    assert answers.toolkit == "multi-toolkit" and answers.locale == locale
    assert answers.content_version == "1.0.0"
    assert answers.saved_at == "2026-05-01T10:30:00+02:00"
    assert answers.state.meta.model_dump() == META
    assert answers.state.planning is False
    found = {
        item: {"answers": entry.answers, "reasons": entry.reasons, "action": entry.action}
        for item, entry in answers.state.items.items()
    }
    assert found == GIVEN
    # The answers file is sound against the content: no unknown answer, no changed item.
    assert chemsex_toolkit.validate_answers(answers, CONTENT).findings == ()


def test_a_planned_service_leaves_out_the_skipped_question(
    questionnaires: Path, source: Toolkit, tmp_path: Path
) -> None:
    # A renderer leaves the disabled question out of the response.
    values = _values(True, frozenset({"working"}))
    path = _write(questionnaires, tmp_path, values=values)
    answers = chemsex_toolkit.import_answers(path, source)
    assert answers.state.planning is True
    assert answers.state.items["prep-access"].answers == {
        "in-place": "yes",
        "documented": "no",
        "adapted": "yes",
    }


def test_the_cli_writes_the_imported_answers(questionnaires: Path, tmp_path: Path) -> None:
    path = _write(questionnaires, tmp_path)
    out = tmp_path / "answers.json"
    result = CliRunner().invoke(
        main, ["answers", "import", "--content", CONTENT, str(path), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    saved = chemsex_toolkit.load_answers(out, CONTENT)
    assert saved.state.items["first-item"].reasons == GIVEN["first-item"]["reasons"]


def _entry(document: dict[str, Any], link: str) -> dict[str, Any]:
    """The response item of ``link``, wherever it is nested."""
    stack = list(document["item"])
    while stack:
        item = stack.pop()
        if item["linkId"] == link:
            found: dict[str, Any] = item
            return found
        stack += item.get("item", [])
    raise KeyError(link)


def _unknown_link(document: dict[str, Any]) -> None:
    _entry(document, "prep-access.documented")["linkId"] = "prep-access.staffed"


def _wrong_code(document: dict[str, Any]) -> None:
    _entry(document, "prep-access.adapted")["answer"][0]["valueCoding"]["code"] = "maybe"


def _wrong_system(document: dict[str, Any]) -> None:
    coding = _entry(document, "prep-access.adapted")["answer"][0]["valueCoding"]
    coding["system"] = "urn:chemsex-toolkit:answer:other"


def _wrong_kind(document: dict[str, Any]) -> None:
    _entry(document, "prep-access.adapted")["answer"] = [{"valueString": "Yes"}]


def _twice(document: dict[str, Any]) -> None:
    group = _entry(document, "prep-access")
    group["item"].append(dict(group["item"][0]))


def _other_toolkit(document: dict[str, Any]) -> None:
    document["questionnaire"] = "urn:chemsex-toolkit:questionnaire:other-toolkit:en|1.0.0"


def _not_ours(document: dict[str, Any]) -> None:
    document["questionnaire"] = "Questionnaire/123"


def _unknown_locale(document: dict[str, Any]) -> None:
    document["questionnaire"] = "urn:chemsex-toolkit:questionnaire:multi-toolkit:it|1.0.0"


def _not_fhir(document: dict[str, Any]) -> None:
    _entry(document, "prep-access")["item"] = {"linkId": "prep-access.in-place"}


def _withdrawn(document: dict[str, Any]) -> None:
    document["status"] = "entered-in-error"


def _too_long(document: dict[str, Any]) -> None:
    _entry(document, "first-item/action")["answer"][0]["valueString"] = "x" * 20_001


def _partial_date(document: dict[str, Any]) -> None:
    _entry(document, "toolkit:date")["answer"][0]["valueDate"] = "2026-05"


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        (_unknown_link, "CT754", "no item with the linkId 'prep-access.staffed'"),
        (_wrong_code, "CT755", "'maybe' is not an answer of the checklist"),
        (_wrong_system, "CT755", "urn:chemsex-toolkit:answer:other"),
        (_wrong_kind, "CT755", "takes valueCoding, not valueString"),
        (_twice, "CT754", "more than once"),
        (_other_toolkit, "CT753", "the toolkit 'other-toolkit'"),
        (_not_ours, "CT753", "'Questionnaire/123'"),
        (_unknown_locale, "CT753", "in 'it'"),
        (_not_fhir, "CT752", "/item/2/item/0/item is not what FHIR R4 allows"),
        (_withdrawn, "CT752", "'entered-in-error'"),
        (_too_long, "CT756", "20,001 characters"),
        (_partial_date, "CT755", "'2026-05' is not a whole date"),
    ],
)
def test_a_response_that_does_not_fit_is_a_located_finding(
    questionnaires: Path,
    source: Toolkit,
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None],
    code: str,
    words: str,
) -> None:
    path = _write(questionnaires, tmp_path)
    document = json.loads(path.read_text("utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    with pytest.raises(chemsex_toolkit.AnswersError) as raised:
        chemsex_toolkit.import_answers(path, source)
    (finding,) = raised.value.findings
    assert finding.code == code and words in finding.message, finding
    assert finding.line > 0 and finding.column > 0


def _findings(path: Path, source: Toolkit) -> list[dict[str, Any]]:
    with pytest.raises(chemsex_toolkit.AnswersError) as raised:
        chemsex_toolkit.import_answers(path, source)
    return [
        {"code": f.code, "line": f.line, "column": f.column, "path": f.path}
        for f in raised.value.findings
    ]


def test_findings_name_the_line_column_and_pointer(
    questionnaires: Path, source: Toolkit, tmp_path: Path
) -> None:
    path = _write(questionnaires, tmp_path)
    document = json.loads(path.read_text("utf-8"))
    _wrong_code(document)
    text = json.dumps(document, indent=2)
    path.write_text(text, encoding="utf-8")
    (finding,) = _findings(path, source)
    assert finding["code"] == "CT755"
    assert finding["path"].endswith("/answer/0/valueCoding/code")
    line = text.splitlines()[finding["line"] - 1]
    assert line[finding["column"] - 1 :].startswith('"code": "maybe"')


def test_the_cli_refuses_a_bad_response_with_its_finding_and_writes_nothing(
    questionnaires: Path, source: Toolkit, tmp_path: Path
) -> None:
    text = _write(questionnaires, tmp_path).read_text("utf-8")
    document = json.loads(text)
    _unknown_link(document)
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps(document, indent=2), encoding="utf-8")
    document = json.loads(text)
    _wrong_code(document)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(document, indent=2), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text(text[: len(text) // 2], encoding="utf-8")
    huge = tmp_path / "huge.json"
    huge.write_text(text.rstrip()[:-1] + ', "id": "' + "x" * 2_000_000 + '"}', encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text(text.rstrip()[:-1] + ', "extension": ' + "[" * 3000 + "]" * 3000 + "}")
    # The broken, the huge and the deep one open as FHIR JSON does, so they are taken for
    # responses and say why they cannot be read as one.
    refused = ((unknown, "CT754"), (wrong, "CT755"), (broken, "CT751"), (huge, "CT750"))
    for path, code in (*refused, (deep, "CT751")):
        out = tmp_path / "answers.json"
        result = CliRunner().invoke(
            main, ["answers", "import", "--content", CONTENT, str(path), "-o", str(out)]
        )
        assert result.exit_code == 1 and not out.exists()
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        assert f"error   {code}" in result.output, result.output
        assert "nothing was written" in result.output


def test_resource_type_anywhere_marks_a_response_and_nothing_else_does(
    questionnaires: Path, source: Toolkit, tmp_path: Path
) -> None:
    path = _write(questionnaires, tmp_path)
    document = json.loads(path.read_text("utf-8"))
    resource_type = document.pop("resourceType")
    path.write_text(json.dumps({**document, "resourceType": resource_type}), encoding="utf-8")
    assert is_response(path)
    assert chemsex_toolkit.import_answers(path, source).state.meta.service == META["service"]
    other = tmp_path / "questionnaire.json"
    other.write_text((questionnaires / "en.questionnaire.json").read_text("utf-8"))
    assert not is_response(other)
    # Any other JSON is an answers file, refused as one.
    assert [f["code"] for f in _findings(other, source)] == ["CT703"]


def test_without_the_fhir_extra_the_import_says_how_to_install_it(
    questionnaires: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(questionnaires, tmp_path)
    # As if fhir.resources were not installed: importing it fails.
    monkeypatch.setitem(sys.modules, "fhir.resources.R4B.questionnaireresponse", None)
    out = tmp_path / "answers.json"
    result = CliRunner().invoke(
        main, ["answers", "import", "--content", CONTENT, str(path), "-o", str(out)]
    )
    assert result.exit_code == 2 and not out.exists()
    assert "pip install 'chemsex-toolkit[fhir]'" in result.output
    assert "Traceback" not in result.output
