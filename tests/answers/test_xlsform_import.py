"""Submissions of the xlsform export, laid out as KoboToolbox and ODK Central export them and
made from the field names of the built form, imported back into answers files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import chemsex_toolkit
from chemsex_toolkit import Toolkit
from chemsex_toolkit.answers import (
    AnswersError,
    import_answers,
    import_submissions,
    validate_answers,
)
from chemsex_toolkit.answers.check import ContentKeys
from chemsex_toolkit.answers.model import AnswersFile, ItemAnswers, Meta, PlanRow, State
from chemsex_toolkit.answers.xlsform import read_submissions
from chemsex_toolkit.cli import main
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.form_fields import form_fields

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"
# What KoboToolbox adds around the form's own fields in an export.
KOBO_BEFORE = ["start", "end"]
KOBO_AFTER = ["_id", "_uuid", "_submission_time", "_validation_status", "_index"]


@pytest.fixture(scope="module")
def source() -> Toolkit:
    return chemsex_toolkit.load(MULTI)


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each field of the built form (its survey sheet) by name: its groups and itself, as
    an export joins them; the plan's fields apart, as the repeat's own table."""
    out = tmp_path_factory.mktemp("xlsform")
    build(MULTI, out, ["xlsform"])
    (form,) = (out / "xlsform").glob("*.xlsx")
    rows = list(openpyxl.load_workbook(form)["survey"].iter_rows(values_only=True))
    kind, name = rows[0].index("type"), rows[0].index("name")
    groups: list[str] = []
    found: dict[str, list[str]] = {}
    for row in rows[1:]:
        if row[kind] in ("begin_group", "begin_repeat"):
            groups.append(str(row[name]))
        elif row[kind] in ("end_group", "end_repeat"):
            groups.pop()
        else:
            found[str(row[name])] = [*groups, str(row[name])]
    return found


def _expected(source: Toolkit) -> list[AnswersFile]:
    """Two services' submissions: every answer once, a reason to each Not applicable, actions,
    planning mode in the second (its skipped question left open), a plan in the first."""
    keys = ContentKeys.of(source)
    answers = [a.id for a in source.checklist.answers]
    questions = source.checklist.questions
    files = []
    for n, (service, planning) in enumerate((("Checkpoint Süd", False), ('Ami; "B"', True))):
        items = {}
        for i, (item, fingerprint) in enumerate(list(keys.fingerprints.items())[n::2]):
            given = {
                q.id: answers[(i + k + n) % len(answers)]
                for k, q in enumerate(questions)
                if not (planning and q.skippable_when_planning)
            }
            items[item] = ItemAnswers(
                answers=given,
                reasons={q: f"Reason {i}, {q}" for q, a in given.items() if a == "not-applicable"},
                action=f"Action {i}\nsecond line" if i % 2 == 0 else "",
                fingerprint=fingerprint,
            )
        ids = list(keys.fingerprints)
        plan = (
            [
                PlanRow(item=ids[0], origin=ids[0], what="Train staff", who="Ana"),
                PlanRow(
                    item=ids[-1],
                    origin=ids[-1],
                    when="2026-06-30",
                    when_date="2026-06-30",
                    monitoring="Monthly",
                    status="in-progress",
                ),
                PlanRow(what="An action of no item", status="done"),
            ]
            if n == 0
            else []
        )
        files.append(
            AnswersFile(
                format="chemsex-toolkit-answers",
                format_version=2,
                toolkit=source.id,
                content_version=source.version,
                locale=source.source_locale,
                saved_at=f"2026-03-0{n + 1}T10:00:00",
                state=State(
                    meta=Meta(service=service, date=f"2026-03-0{n + 1}", participants="Ana, Ben"),
                    planning=planning,
                    items=items,
                    plan=plan,
                ),
            )
        )
    return files


def _values(source: Toolkit, answers: AnswersFile) -> dict[str, str]:
    """A submission's values by field name, as the form records them."""
    fields = form_fields(source)
    state = answers.state
    values = {
        fields.service: state.meta.service,
        fields.date: state.meta.date,
        fields.participants: state.meta.participants,
        fields.planning: fields.yes if state.planning else fields.no,
    }
    for names in fields.items:
        item = state.items.get(names.item, ItemAnswers())
        for question, name in names.answers.items():
            values[name] = item.answers.get(question, "")
            values[names.reasons[question]] = item.reasons.get(question, "")
        values[names.action] = item.action
    return values


def _plan_values(source: Toolkit, row: PlanRow) -> dict[str, str]:
    plan = form_fields(source).plan_fields
    return {
        plan["item"]: row.item,
        plan["what"]: row.what,
        plan["who"]: row.who,
        plan["when"]: row.when_date,
        plan["monitoring"]: row.monitoring,
        plan["status"]: row.status,
    }


def _columns(paths: dict[str, list[str]], names: Iterator[str] | list[str], sep: str) -> list[str]:
    return [sep.join(paths[name]) for name in names]


def _kobo_csv(
    source: Toolkit, paths: dict[str, list[str]], files: list[AnswersFile], out: Path
) -> Path:
    """KoboToolbox's CSV export: ``;`` between cells, groups joined by ``/``, its own columns
    around the form's (a repeat is not in a CSV export)."""
    names = list(_values(source, files[0]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow([*KOBO_BEFORE, *_columns(paths, names, "/"), *KOBO_AFTER])
    for n, entry in enumerate(files, start=1):
        values = _values(source, entry)
        extra = [str(n), f"uuid-{n}", entry.saved_at, "", str(n)]
        writer.writerow(["", "", *(values[name] for name in names), *extra])
    out.write_text(buffer.getvalue(), "utf-8")
    return out


def _without_plans(files: list[AnswersFile]) -> list[AnswersFile]:
    return [f.model_copy(update={"state": f.state.model_copy(update={"plan": []})}) for f in files]


def test_the_expected_answers_are_sound(source: Toolkit) -> None:
    for entry in _expected(source):
        assert validate_answers(entry.dump(), source).findings == ()


def test_a_kobo_csv_of_two_submissions_imports_to_the_answers_put_in(
    source: Toolkit, paths: dict[str, list[str]], tmp_path: Path
) -> None:
    expected = _expected(source)
    export = _kobo_csv(source, paths, expected, tmp_path / "kobo.csv")
    assert import_submissions(export, MULTI) == _without_plans(expected)


def test_an_odk_central_csv_with_its_repeat_file_brings_the_plan(
    source: Toolkit, paths: dict[str, list[str]], tmp_path: Path
) -> None:
    """ODK Central: ``,`` between cells, groups joined by ``-``, its own columns, and each
    repeat in a CSV of its own tied to its submission by ``PARENT_KEY``."""
    expected = _expected(source)
    names = list(_values(source, expected[0]))
    fields = form_fields(source)
    main = tmp_path / f"{fields.form_id}.csv"
    with main.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["SubmissionDate", *_columns(paths, names, "-"), "meta-instanceID", "KEY"])
        for n, entry in enumerate(expected, start=1):
            values = _values(source, entry)
            writer.writerow(
                [entry.saved_at, *(values[name] for name in names), f"uuid:{n}", f"uuid:{n}"]
            )
    plan_names = list(fields.plan_fields.values())
    with (tmp_path / f"{fields.form_id}-{fields.plan}.csv").open(
        "w", encoding="utf-8", newline=""
    ) as handle:
        writer = csv.writer(handle)
        header = ["-".join(paths[name]) for name in plan_names if name in paths]
        writer.writerow([*header, "PARENT_KEY", "KEY"])
        for index, row in enumerate(expected[0].state.plan):
            values = _plan_values(source, row)
            cells = [values.get(name, "") for name in plan_names if name in paths]
            writer.writerow([*cells, "uuid:1", f"uuid:1/{fields.plan}[{index + 1}]"])
    assert import_submissions(main, MULTI) == expected


def test_a_kobo_xlsx_with_the_plan_on_its_own_sheet(
    source: Toolkit, paths: dict[str, list[str]], tmp_path: Path
) -> None:
    expected = _expected(source)
    names = list(_values(source, expected[0]))
    fields = form_fields(source)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Multi-topic toolkit"
    sheet.append([*_columns(paths, names, "/"), "_submission_time", "_index"])
    for n, entry in enumerate(expected, start=1):
        values = _values(source, entry)
        sheet.append([*(values[name] or None for name in names), entry.saved_at, n])
    plan = book.create_sheet(fields.plan)
    plan_names = [name for name in fields.plan_fields.values() if name in paths]
    plan.append([*plan_names, "_index", "_parent_table_name", "_parent_index"])
    for index, row in enumerate(expected[0].state.plan, start=1):
        values = _plan_values(source, row)
        plan.append([*(values.get(name) or None for name in plan_names), index, "x", 1])
    book.save(tmp_path / "kobo.xlsx")
    assert import_submissions(tmp_path / "kobo.xlsx", MULTI) == expected


def test_import_answers_takes_a_one_submission_export_and_refuses_several(
    source: Toolkit, paths: dict[str, list[str]], tmp_path: Path
) -> None:
    expected = _without_plans(_expected(source))
    one = _kobo_csv(source, paths, expected[:1], tmp_path / "one.csv")
    assert import_answers(one, MULTI) == expected[0]
    two = _kobo_csv(source, paths, expected, tmp_path / "two.csv")
    with pytest.raises(AnswersError) as refused:
        import_answers(two, MULTI)
    assert [f.code for f in refused.value.findings] == ["CT768"]


def _rewrite(path: Path, change: dict[tuple[int, str], str]) -> Path:
    """The Kobo CSV at ``path`` with cells changed, by row (1: the first submission) and the
    last segment of their column's header."""
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8")), delimiter=";"))
    header = [cell.rsplit("/", 1)[-1] for cell in rows[0]]
    for (row, name), value in change.items():
        rows[row][header.index(name)] = value
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")
    return path


def _second_line(source: Toolkit, files: list[AnswersFile]) -> int:
    """The line the second submission starts on: the first one's texts may break lines."""
    return 3 + sum(value.count("\n") for value in _values(source, files[0]).values())


def test_bad_cells_are_named_by_line_and_column(
    source: Toolkit, paths: dict[str, list[str]], tmp_path: Path
) -> None:
    fields = form_fields(source)
    answer = fields.items[1].answers["in-place"]
    expected = _expected(source)
    export = _kobo_csv(source, paths, expected, tmp_path / "bad.csv")
    second = _second_line(source, expected)
    _rewrite(
        export, {(1, answer): "Yes", (2, fields.date): "01/03/2026", (2, fields.planning): "1"}
    )
    report = read_submissions(export, MULTI)
    assert report.answers == ()
    found = {(f.code, f.line, f.column) for f in report.findings}
    header = export.read_text("utf-8").split("\n", 1)[0].split(";")
    column = [cell.strip('"').rsplit("/", 1)[-1] for cell in header].index
    assert found == {
        ("CT762", 2, column(answer) + 1),
        ("CT763", second, column(fields.date) + 1),
        ("CT762", second, column(fields.planning) + 1),
    }
    messages = {f.message for f in report.findings}
    assert (
        f"Line 2, column {'/'.join(paths[answer])}: 'Yes' is not a choice of {answer}"
        " (yes, partly, no, not-applicable)." in messages
    )


def test_files_that_are_not_a_submissions_export_are_refused(
    source: Toolkit, paths: dict[str, list[str]], tmp_path: Path
) -> None:
    export = _kobo_csv(source, paths, _expected(source)[:1], tmp_path / "short.csv")
    lines = export.read_text("utf-8").splitlines()
    (tmp_path / "short.csv").write_text(f"{lines[0]}\n{lines[1].rsplit(';', 2)[0]}\n", "utf-8")
    assert [f.code for f in read_submissions(tmp_path / "short.csv", MULTI).findings] == ["CT764"]
    (tmp_path / "empty.csv").write_text(lines[0] + "\n", "utf-8")
    assert [f.code for f in read_submissions(tmp_path / "empty.csv", MULTI).findings] == ["CT767"]
    (tmp_path / "labels.csv").write_text("Service name;Date\nA;B\n", "utf-8")
    (other,) = read_submissions(tmp_path / "labels.csv", MULTI).findings
    assert other.code == "CT761" and "service, planning" in other.message
    (tmp_path / "latin.csv").write_bytes(b"service;planning\n\xe9\n")
    assert [f.code for f in read_submissions(tmp_path / "latin.csv", MULTI).findings] == ["CT760"]


def test_the_command_writes_one_file_per_submission_and_never_replaces_one(
    source: Toolkit, paths: dict[str, list[str]], tmp_path: Path
) -> None:
    expected = _without_plans(_expected(source))
    export = _kobo_csv(source, paths, expected, tmp_path / "kobo.csv")
    out = tmp_path / "answers"
    runner = CliRunner()
    args = ["answers", "import", str(export), "--content", str(MULTI), "--out", str(out)]
    done = runner.invoke(main, [*args, "--each"])
    assert done.exit_code == 0, done.output
    written = sorted(p.name for p in out.iterdir())
    assert written == ["ami-b-2026-03-02.json", "checkpoint-sud-2026-03-01.json"]
    loaded = [chemsex_toolkit.load_answers(out / name, source) for name in reversed(written)]
    assert loaded == expected
    # Again: the files are there, so none is replaced and the command says so.
    (out / written[0]).write_text("kept", "utf-8")
    again = runner.invoke(main, [*args, "--each"])
    assert again.exit_code != 0 and "there already" in again.output
    assert (out / written[0]).read_text("utf-8") == "kept"
    assert "Traceback" not in again.output
    # Several submissions into one answers file: refused, with the way to import them.
    one = runner.invoke(main, [*args[:-2], "--out", str(tmp_path / "one.json")])
    assert one.exit_code == 1 and "CT768" in one.output and "--each" in one.output
    assert not (tmp_path / "one.json").exists()


def test_the_command_names_a_bad_row_without_a_traceback(
    source: Toolkit, paths: dict[str, list[str]], tmp_path: Path
) -> None:
    fields = form_fields(source)
    expected = _expected(source)
    export = _kobo_csv(source, paths, expected, tmp_path / "bad.csv")
    _rewrite(export, {(2, fields.items[0].answers["working"]): "maybe"})
    out = tmp_path / "answers"
    result = CliRunner().invoke(
        main,
        ["answers", "import", str(export), "--content", str(MULTI), "--out", str(out), "--each"],
    )
    assert result.exit_code == 1
    assert (
        "CT762" in result.output
        and "'maybe'" in result.output
        and f"{_second_line(source, expected)}:" in result.output
    )
    assert "Traceback" not in result.output and not out.exists()


def test_a_bad_cell_of_an_xlsx_export_is_named_by_sheet_and_cell(
    source: Toolkit, paths: dict[str, list[str]], tmp_path: Path
) -> None:
    expected = _expected(source)[:1]
    names = list(_values(source, expected[0]))
    fields = form_fields(source)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Submissions"
    sheet.append(_columns(paths, names, "/"))
    values = _values(source, expected[0])
    values[fields.service] = "S" * 301  # the answers format holds at most 300 characters
    sheet.append([values[name] for name in names])
    plan = book.create_sheet(fields.plan)
    plan.append([fields.plan_fields["item"], fields.plan_fields["status"]])
    plan.append(["no-such-item", "done"])
    book.save(tmp_path / "bad.xlsx")
    report = read_submissions(tmp_path / "bad.xlsx", MULTI)
    assert sorted((f.code, f.path) for f in report.findings) == [
        ("CT762", f"{fields.plan}!A2"),
        ("CT765", "Submissions!A2"),
    ]
    (unknown,) = [f for f in report.findings if f.code == "CT762"]
    assert unknown.message.startswith(f"Sheet '{fields.plan}', cell A2: 'no-such-item'")
