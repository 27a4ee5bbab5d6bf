"""``chemsex-toolkit answers``: exit codes, reports, and nothing written for a refused file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

import chemsex_toolkit
from chemsex_toolkit.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"
ANSWERS = FIXTURES / "answers"
CONTENT = str(FIXTURES / "multi-topic")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["answers", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_reports_located_findings_and_fails_on_errors(tmp_path: Path) -> None:
    code, out, _err = _run("validate", "--content", CONTENT, str(ANSWERS / "service-2025.json"))
    assert code == 0 and "CT707" in out and "35:7" in out
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "chemsex-toolkit-answers", "formatVersion": 2}', encoding="utf-8")
    code, out, _err = _run("validate", "--content", CONTENT, "--format", "json", str(bad))
    assert code == 1
    findings = json.loads(out)["findings"]
    assert [f["code"] for f in findings] == ["CT706"] and findings[0]["path"] == "/toolkit"


def test_validate_of_good_files_speaks_of_answers_files_not_content() -> None:
    files = [str(ANSWERS / "ana-2026.json"), str(ANSWERS / "ben-2026.json")]
    code, out, _err = _run("validate", "--content", CONTENT, *files)
    assert code == 0
    assert out == "No findings: 2 answers file(s) checked, ready to use.\n"


def test_validate_and_report_refuse_a_day_the_calendar_lacks(tmp_path: Path) -> None:
    document = json.loads((ANSWERS / "ana-2026.json").read_text("utf-8"))
    document["state"]["meta"]["date"] = "2026-02-30"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, indent=2), encoding="utf-8")
    code, out, _err = _run("validate", "--content", CONTENT, "--format", "json", str(bad))
    assert code == 1
    [finding] = json.loads(out)["findings"]
    assert finding["code"] == "CT705" and finding["path"] == "/state/meta/date"
    assert (finding["line"], finding["column"]) == (11, 7)
    assert finding["file"] == str(bad)
    # The network report leaves it out, with the same place.
    result = CliRunner().invoke(
        main, ["report", "--content", CONTENT, str(bad), "-o", str(tmp_path / "out"), "--strict"]
    )
    assert result.exit_code == 1 and "CT705" in result.output and "11:7" in result.output


def test_merge_writes_the_team_and_lists_disagreements(tmp_path: Path) -> None:
    out_file = tmp_path / "team.json"
    files = [str(ANSWERS / "ana-2026.json"), str(ANSWERS / "ben-2026.json")]
    code, out, _err = _run("merge", *files, "-o", str(out_file), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["members"] == ["Ana", "Ben"]
    assert report["disagreements"][0]["field"] == "in-place"
    merged = chemsex_toolkit.load_answers(out_file, CONTENT)
    assert len(merged.state.team) == 2


def test_compare_counts_better_and_worse() -> None:
    old, new = str(ANSWERS / "service-2025.json"), str(ANSWERS / "ana-2026.json")
    code, out, _err = _run("compare", "--content", CONTENT, old, new)
    assert code == 0 and "2 better, 1 worse, 1 the same." in out
    assert "worse   first-item adapted: partly -> no" in out


def test_import_normalises_an_old_file(tmp_path: Path) -> None:
    out_file = tmp_path / "now.json"
    code, _out, _err = _run(
        "import", "--content", CONTENT, str(ANSWERS / "first-edition.json"), "-o", str(out_file)
    )
    assert code == 0
    document = json.loads(out_file.read_text("utf-8"))
    assert document["formatVersion"] == 2 and document["state"]["plan"][0]["status"] == "planned"


def test_import_of_a_refused_file_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "chemsex-toolkit-answers", "formatVersion": 2, "toolkit": "multi-toolkit",\n'
        ' "state": {"plan": [{"status": "someday"}]}}',
        encoding="utf-8",
    )
    out_file = tmp_path / "out.json"
    code, _out, err = _run("import", "--content", CONTENT, str(bad), "-o", str(out_file))
    assert code == 1
    assert "2:22" in err and "/state/plan/0/status" in err and "nothing was written" in err
    assert "Traceback" not in err
    assert not out_file.exists()


def test_a_file_that_cannot_be_read_is_a_plain_error(tmp_path: Path) -> None:
    code, _out, err = _run("validate", "--content", CONTENT, str(tmp_path))
    assert code == 2 and "Traceback" not in err  # click refuses a folder for a file
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    code, _out, err = _run("import", "--content", CONTENT, str(fifo), "-o", str(tmp_path / "o"))
    assert code == 1 and "not a regular file" in err


def test_names_from_files_reach_the_terminal_without_control_sequences(tmp_path: Path) -> None:
    files: list[str] = []
    for name, answer in (("\x1b[2J\x1b]0;evil\x07Ana", "partly"), ("Ben\r\nfake: line", "no")):
        document = json.loads((ANSWERS / "ana-2026.json").read_text("utf-8"))
        document["state"]["meta"]["participants"] = name
        document["state"]["items"]["first-item"]["answers"]["in-place"] = answer
        path = tmp_path / f"{len(files)}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        files.append(str(path))
    code, out, _err = _run("merge", *files, "-o", str(tmp_path / "team.json"))
    assert code == 0 and "1 disagreement(s)" in out
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert "\nfake: line" not in out
