"""``chemsex-toolkit report``: the command calls ``build_report`` and shows findings, never a
traceback; exit codes for a left-out file, --strict and no usable file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import chemsex_toolkit
from chemsex_toolkit.cli import main
from tests.network.make import answers_document, every, write

CONTENT = Path(__file__).parents[1] / "fixtures" / "multi-topic"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["report", *args, "--content", str(CONTENT)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_report_writes_every_report_and_names_a_left_out_file(tmp_path: Path) -> None:
    toolkit = chemsex_toolkit.load(CONTENT)
    write(
        tmp_path / "in" / "a.json",
        answers_document(toolkit, "North", "2025-01-01", every(toolkit, "yes")),
    )
    (tmp_path / "in" / "bad.json").write_text("[1,", encoding="utf-8")
    (tmp_path / "in" / "deep.json").write_text("[" * 3000 + "]" * 3000, encoding="utf-8")
    code, _out, err = _run(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert "CT740" in err and "bad.json" in err and "deep.json" in err and "Traceback" not in err
    assert "1 service(s) from 1 file(s)" in err
    for name in ("html/index.html", "xlsx/report.xlsx", "json/report.json"):
        assert (tmp_path / "out" / name).is_file()
    summary = json.loads((tmp_path / "out" / "json" / "report.json").read_text("utf-8"))
    assert summary["services"][0]["service"] == "North"

    code, _out, err = _run(str(tmp_path / "in"), "-o", str(tmp_path / "strict"), "--strict")
    assert code == 1 and "no report was written" in err and "Traceback" not in err
    assert not (tmp_path / "strict").exists()


def test_report_without_a_usable_file_or_salt_fails_plainly(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    code, _out, err = _run(str(tmp_path / "bad.json"), "-o", str(tmp_path / "out"))
    assert code == 1 and "CT740" in err and "CT743" in err
    code, _out, err = _run(str(tmp_path / "bad.json"), "-o", str(tmp_path / "out"), "--anonymise")
    assert code == 2 and "--salt" in err
