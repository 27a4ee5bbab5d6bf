"""The network report on made-up services of the multi-topic fixture: its figures, the files it
writes (HTML, workbook, JSON against the published schema), anonymising, untrusted input, bad
files and a network's own report."""

from __future__ import annotations

import json
from importlib.metadata import EntryPoint
from pathlib import Path

import jsonschema
import openpyxl
import pytest

import chemsex_toolkit
from chemsex_toolkit.models import Toolkit
from chemsex_toolkit.network import registry
from chemsex_toolkit.network.build import ReportError
from chemsex_toolkit.network.figures import priority
from chemsex_toolkit.paths import schemas_dir
from tests.network.make import answers_document, every, write

CONTENT = Path(__file__).parents[1] / "fixtures" / "multi-topic"


@pytest.fixture(scope="module")
def toolkit() -> Toolkit:
    return chemsex_toolkit.load(CONTENT)


def _ids(toolkit: Toolkit) -> list[str]:
    return [item.id for topic in toolkit.topics for item in topic.items]


@pytest.fixture
def network(tmp_path: Path, toolkit: Toolkit) -> Path:
    """Three services: North twice, months apart (No to everything, then Yes), South once with
    the first item's first question answered Partly and nothing else, West once with N/A."""
    first = _ids(toolkit)[0]
    question = toolkit.checklist.questions[0].id
    folder = tmp_path / "answers"
    write(
        folder / "north-2025.json",
        answers_document(toolkit, "North", "2025-01-10", every(toolkit, "no")),
    )
    write(
        folder / "north-2025-09.json",
        answers_document(toolkit, "North", "2025-09-10", every(toolkit, "yes")),
    )
    write(
        folder / "south.json",
        answers_document(toolkit, "South", "2025-05-01", {first: {question: "partly"}}),
    )
    write(
        folder / "sub" / "west.json",
        answers_document(toolkit, "West", "2025-06-01", every(toolkit, "not-applicable")),
    )
    return folder


def test_the_figures_count_each_services_latest_answers(
    network: Path, tmp_path: Path, toolkit: Toolkit
) -> None:
    result = chemsex_toolkit.build_report([network], tmp_path / "out", content=toolkit)
    figures = result.figures
    assert [s.service for s in figures.services] == ["North", "South", "West"]
    assert figures.files == 4 and result.findings == ()
    first = figures.items[0]
    counts = first.questions[0]
    # North's latest answer is Yes, South's Partly, West's N/A: North's first file is history.
    assert counts.counts == {"yes": 1, "partly": 1, "no": 0, "not-applicable": 1}
    assert counts.not_answered == 0
    assert first.questions[1].not_answered == 1  # South left it open
    assert first.priorities["1"] == 1 and first.priorities["none"] == 2
    assert figures.most_urgent == [first.id]
    north = figures.services[0]
    assert [a.date for a in north.assessments] == ["2025-01-10", "2025-09-10"]
    items = len(_ids(toolkit))
    assert north.assessments[0].totals["1"] == items
    assert north.assessments[1].totals["none"] == items


def test_priority_follows_the_pages_rule(toolkit: Toolkit) -> None:
    first = _ids(toolkit)[0]
    questions = [q.id for q in toolkit.checklist.questions]

    def of(given: dict[str, str], planning: bool = False) -> str:
        document = answers_document(toolkit, "S", "2025-01-01", {first: given})
        document["state"]["planning"] = planning
        return priority(toolkit, chemsex_toolkit.AnswersFile.model_validate(document), first)

    assert of({}) == "open"
    assert of({questions[0]: "yes"}) == "open"
    assert of({q: "yes" for q in questions}) == "none"
    assert of({questions[0]: "yes", questions[1]: "no"}) == "2"
    assert of({q: "yes" for q in questions} | {questions[-1]: "partly"}) == str(len(questions))
    skippable = [q.id for q in toolkit.checklist.questions if q.skippable_when_planning]
    if skippable:  # a service being planned may leave those open
        rest = {q: "yes" for q in questions if q not in skippable}
        assert of(rest, planning=True) == "none" and of(rest) == "open"


def test_the_reports_are_written_and_the_json_meets_its_schema(
    network: Path, tmp_path: Path, toolkit: Toolkit
) -> None:
    result = chemsex_toolkit.build_report([network], tmp_path / "out", content=toolkit)
    assert sorted(result.written) == ["html", "json", "xlsx"]
    document = json.loads((tmp_path / "out" / "json" / "report.json").read_text("utf-8"))
    schema = json.loads((schemas_dir() / "report.schema.json").read_text("utf-8"))
    assert schema["$id"] == "urn:chemsex-toolkit:schema:report:v1"
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []
    assert document == result.figures.model_dump(mode="json")
    book = openpyxl.load_workbook(tmp_path / "out" / "xlsx" / "report.xlsx")
    answers = book.worksheets[0]
    rows = list(answers.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(_ids(toolkit)) * len(toolkit.checklist.questions)
    assert rows[0][3:] == (1, 1, 0, 1, 0)  # Yes, Partly, No, N/A, not answered
    services = [row[0] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert services == ["North", "North", "South", "West"]
    page = (tmp_path / "out" / "html" / "index.html").read_text("utf-8")
    assert "Content-Security-Policy" in page and "<script" not in page
    assert page.count("<svg") == len(_ids(toolkit)) + 2  # items, most urgent, North over time
    assert page.count("<table") == page.count("<svg") + 1  # each chart's table, and services'


def test_anonymised_reports_hold_no_name_and_no_free_text(tmp_path: Path, toolkit: Toolkit) -> None:
    secret = "Zebra Clinic"
    document = answers_document(
        toolkit,
        secret,
        "2025-02-02",
        every(toolkit, "partly"),
        reason="Reason written by Zebra",
        action="Action planned by Zebra",
    )
    write(tmp_path / "in" / "zebra-clinic.json", document)
    write(
        tmp_path / "in" / "broken-zebra.json",
        {"format": "chemsex-toolkit-answers", "toolkit": "Zebra"},
    )
    first = chemsex_toolkit.build_report(
        [tmp_path / "in"], tmp_path / "a", content=toolkit, anonymise=True, salt="s3cret"
    )
    again = chemsex_toolkit.build_report(
        [tmp_path / "in"], tmp_path / "b", content=toolkit, anonymise=True, salt="s3cret"
    )
    other = chemsex_toolkit.build_report(
        [tmp_path / "in"], tmp_path / "c", content=toolkit, anonymise=True, salt="other"
    )
    code = first.figures.services[0].service
    assert code == again.figures.services[0].service != other.figures.services[0].service
    assert first.figures.anonymised and len(first.figures.skipped) == 1
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".xlsx":
                book = openpyxl.load_workbook(path)
                data = repr([list(s.iter_rows(values_only=True)) for s in book]).encode()
            assert b"Zebra" not in data and b"Secret team" not in data, path
            assert b"Team member" not in data, path
    with pytest.raises(chemsex_toolkit.UsageError, match="salt"):
        chemsex_toolkit.build_report(
            [tmp_path / "in"], tmp_path / "d", content=toolkit, anonymise=True
        )


HOSTILE = '<img src=x onerror=alert(1)>"&'
FORMULA = '=HYPERLINK("http://example.invalid","x")'


def test_untrusted_names_are_escaped_and_never_formulas(tmp_path: Path, toolkit: Toolkit) -> None:
    write(
        tmp_path / "in" / "a.json",
        answers_document(toolkit, HOSTILE, "2025-01-01", every(toolkit, "no")),
    )
    write(
        tmp_path / "in" / "b.json",
        answers_document(toolkit, FORMULA, "2025-01-01", every(toolkit, "no")),
    )
    chemsex_toolkit.build_report([tmp_path / "in"], tmp_path / "out", content=toolkit)
    page = (tmp_path / "out" / "html" / "index.html").read_text("utf-8")
    assert HOSTILE not in page and "&lt;img src=x onerror=alert(1)&gt;&#34;&amp;" in page
    book = openpyxl.load_workbook(tmp_path / "out" / "xlsx" / "report.xlsx")
    cells = [row[0] for row in book.worksheets[2].iter_rows(min_row=2)]
    assert {cell.value for cell in cells} == {HOSTILE, FORMULA}
    assert {cell.data_type for cell in cells} == {"s"}


def test_a_bad_file_is_left_out_with_its_place_and_strict_writes_nothing(
    network: Path, tmp_path: Path, toolkit: Toolkit
) -> None:
    bad = network / "bad.json"
    bad.write_text('{\n  "format": "chemsex-toolkit-answers",\n  oops\n}\n', encoding="utf-8")
    result = chemsex_toolkit.build_report([network], tmp_path / "out", content=toolkit)
    (finding,) = result.findings
    assert (finding.code, finding.file, finding.line) == ("CT740", str(bad), 3)
    assert "CT702" in finding.message
    assert [s.file for s in result.figures.skipped] == [str(bad)]
    with pytest.raises(ReportError) as raised:
        chemsex_toolkit.build_report([network], tmp_path / "strict", content=toolkit, strict=True)
    assert [f.code for f in raised.value.findings] == ["CT740"]
    assert not (tmp_path / "strict").exists()


def test_no_usable_file_is_an_error(tmp_path: Path, toolkit: Toolkit) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReportError) as raised:
        chemsex_toolkit.build_report([tmp_path / "empty"], tmp_path / "out", content=toolkit)
    assert [f.code for f in raised.value.findings] == ["CT743"]


def test_files_of_one_service_and_date_are_flagged_and_the_last_saved_used(
    tmp_path: Path, toolkit: Toolkit
) -> None:
    early = answers_document(
        toolkit, "North", "2025-01-10", every(toolkit, "no"), saved_at="2025-01-10T09:00:00Z"
    )
    late = answers_document(
        toolkit, "North", "2025-01-10", every(toolkit, "yes"), saved_at="2025-01-10T17:00:00Z"
    )
    write(tmp_path / "in" / "a-late.json", late)
    write(tmp_path / "in" / "b-early.json", early)
    result = chemsex_toolkit.build_report([tmp_path / "in"], tmp_path / "out", content=toolkit)
    (finding,) = result.findings
    assert finding.code == "CT742" and finding.file.endswith("b-early.json")
    # The report itself lists it with the files left out, not only the terminal.
    (skipped,) = result.figures.skipped
    assert skipped.code == "CT742" and skipped.file.endswith("b-early.json")
    assert "a-late.json" in skipped.message
    (assessment,) = result.figures.services[0].assessments
    assert assessment.totals["none"] == len(_ids(toolkit))


class Counts:
    """A network's own report: one line per service."""

    name = "counts"
    description = "Services and their assessments."

    def render(self, figures, context):  # type: ignore[no-untyped-def]
        from chemsex_toolkit.exporting.base import OutputFile

        lines = [f"{s.service}\t{len(s.assessments)}" for s in figures.services]
        yield OutputFile("counts.tsv", "\n".join(lines).encode())


def test_a_network_adds_its_own_report_through_the_entry_point_group(
    network: Path, tmp_path: Path, toolkit: Toolkit, monkeypatch: pytest.MonkeyPatch
) -> None:
    point = EntryPoint("counts", f"{__name__}:Counts", registry.GROUP)
    monkeypatch.setattr(registry, "_points", lambda: (point,))
    result = chemsex_toolkit.build_report(
        [network], tmp_path / "out", content=toolkit, reports=["counts"]
    )
    assert (tmp_path / "out" / "counts" / "counts.tsv").read_text() == "North\t2\nSouth\t1\nWest\t1"
    assert list(result.written) == ["counts"]
    with pytest.raises(chemsex_toolkit.UsageError, match="No report named 'pie'"):
        chemsex_toolkit.build_report([network], tmp_path / "x", content=toolkit, reports=["pie"])


def test_the_report_speaks_the_contents_language_where_it_has_the_words(
    network: Path, tmp_path: Path
) -> None:
    german = chemsex_toolkit.load(CONTENT, locale="de")
    chemsex_toolkit.build_report([network], tmp_path / "out", content=CONTENT, locale="de")
    page = (tmp_path / "out" / "html" / "index.html").read_text("utf-8")
    assert '<html lang="de"' in page
    assert german.text("priority-1") in page and german.topics[0].items[0].title in page
    # The fixture has no word for the report's own title: the English default stands in.
    assert "report-title" not in german.ui and "<h1>Network report</h1>" in page
