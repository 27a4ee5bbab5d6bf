"""The command line keeps the ecosystem's conventions: NO_COLOR and --color, -q and -v, a
one-line build, exit codes in every --help, JSON whenever JSON was asked for."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import COMMANDS, main
from chemsex_toolkit.cli._output import Output


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _broken(content: Path) -> Path:
    item = content / "topics/sample-topic/items/first-item.yaml"
    item.write_text(item.read_text("utf-8") + "colour: blue\n", "utf-8")
    return content


def test_color_follows_no_color_and_the_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert Output("auto").use_color(_Terminal())
    assert not Output("auto").use_color(io.StringIO())  # a pipe or a file
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Output("auto").use_color(_Terminal())
    assert Output("always").use_color(_Terminal())
    assert not Output("never").use_color(_Terminal())
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset
    assert Output("auto").use_color(_Terminal())


def test_validate_colours_only_when_asked(minimal_content: Path) -> None:
    args = ["validate", "--content", str(_broken(minimal_content))]
    always = CliRunner().invoke(main, ["--color", "always", *args], color=True)
    never = CliRunner().invoke(main, ["--color", "never", *args], color=True)
    plain = CliRunner(env={"NO_COLOR": "1"}).invoke(main, args, color=True)
    assert "\033[" in always.stdout
    assert "\033[" not in never.stdout and "\033[" not in plain.stdout
    assert "CT202" in never.stdout and "CT202" in plain.stdout


def test_build_says_one_line_by_default_each_file_with_v_nothing_with_q(
    minimal_content: Path, tmp_path: Path
) -> None:
    args = ["build", "--content", str(minimal_content), "--out", str(tmp_path / "out")]
    default = CliRunner().invoke(main, [*args, "--format", "json"])
    assert default.exit_code == 0
    assert default.stdout == ""
    out = (tmp_path / "out").resolve()
    assert default.stderr.splitlines() == [f"Wrote 2 file(s) for en in json to {out}."]
    verbose = CliRunner().invoke(main, ["-v", *args, "--format", "json,markdown"])
    assert verbose.exit_code == 0
    written = verbose.stdout.splitlines()
    assert any(line.endswith("en.json") for line in written)
    assert any(line.endswith(".md") for line in written)
    quiet = CliRunner().invoke(main, ["-q", *args, "--format", "json"])
    assert quiet.exit_code == 0
    assert quiet.stdout == "" and quiet.stderr == ""


def test_quiet_drops_the_content_notice_but_not_errors(
    minimal_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_broken(minimal_content).parent)
    loud = CliRunner().invoke(main, ["validate"])
    quiet = CliRunner().invoke(main, ["-q", "validate"])
    assert "Content: content" in loud.stderr
    assert quiet.stderr == ""
    assert quiet.exit_code == 1 and "CT202" in quiet.stdout


def test_quiet_and_verbose_together_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["-q", "-v", "exporters"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "command",
    [*([name] for name in COMMANDS), *(["i18n", sub] for sub in ("init", "status", "export"))],
)
def test_every_help_lists_the_exit_codes(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Exit codes:" in result.stdout
    assert "  0  " in result.stdout and "  2  usage error" in result.stdout


def test_check_links_prints_json_offline_too(tmp_path: Path) -> None:
    from tests.links.test_check_links_cmd import _content

    root = _content(tmp_path, {"a": "http://one.invalid/", "b": "https://two.invalid/x"})
    result = CliRunner().invoke(
        main, ["check-links", "--content", str(root), "--no-cache", "--format", "json"]
    )
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert isinstance(report, dict) and report
    assert "offline" in result.stderr


def test_diff_prints_json_when_a_side_has_errors(minimal_content: Path, tmp_path: Path) -> None:
    import shutil

    good = tmp_path / "good"
    shutil.copytree(minimal_content, good)
    _broken(minimal_content)
    result = CliRunner().invoke(main, ["diff", str(good), str(minimal_content), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [f["code"] for f in report["findings"]] == ["CT202"]
    assert report["content"] == str(minimal_content)


def test_color_always_and_force_color_colour_a_pipe(minimal_content: Path) -> None:
    """Without a terminal (CliRunner's output is a pipe unless told otherwise)."""
    args = ["validate", "--content", str(_broken(minimal_content))]
    always = CliRunner().invoke(main, ["--color", "always", *args])
    forced = CliRunner(env={"FORCE_COLOR": "1", "NO_COLOR": None}).invoke(main, args)
    auto = CliRunner(env={"FORCE_COLOR": None, "NO_COLOR": None}).invoke(main, args)
    both = CliRunner(env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).invoke(main, args)
    assert "\033[" in always.stdout and "\033[" in forced.stdout
    assert "\033[" not in auto.stdout and "\033[" not in both.stdout
    assert all("CT202" in r.stdout for r in (always, forced, auto, both))


@pytest.mark.parametrize("command", [["validate"], ["i18n", "status"]])
def test_quiet_and_verbose_go_after_the_command_too(
    minimal_content: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(minimal_content.parent)
    loud = CliRunner().invoke(main, command)
    quiet = CliRunner().invoke(main, [*command, "-q"])
    assert loud.exit_code == quiet.exit_code == 0
    assert "Content: content" in loud.stderr
    assert quiet.stderr == ""
    assert CliRunner().invoke(main, ["-q", *command, "-v"]).exit_code == 2
    assert CliRunner().invoke(main, ["-q", *command, "-q"]).exit_code == 0


def test_verbose_after_build_lists_each_file(minimal_content: Path, tmp_path: Path) -> None:
    args = ["build", "--content", str(minimal_content), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, [*args, "--format", "json", "-v"])
    assert result.exit_code == 0
    assert any(line.endswith("en.json") for line in result.stdout.splitlines())


@pytest.mark.parametrize("command", [["validate"], ["check-links", "--offline"]])
def test_json_is_printed_when_no_content_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*command, "--format", "json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert "No content found" in error["message"] and error["exit_code"] == 2
