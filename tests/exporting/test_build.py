"""Build orchestration: validation first, reproducible bytes, atomic replacement, safe paths."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main
from chemsex_toolkit.errors import ContentError, UsageError
from chemsex_toolkit.exporting.build import build, safe_path


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_two_builds_are_byte_identical(minimal_content: Path, tmp_path: Path) -> None:
    build(minimal_content, tmp_path / "a", ["html", "markdown", "json"])
    build(minimal_content, tmp_path / "b", ["html", "markdown", "json"])
    first, second = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert first == second
    assert {"html/en/index.html", "markdown/en/sample-topic.md", "json/en.json"} <= set(first)


def test_invalid_content_is_refused_and_old_output_kept(
    minimal_content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(minimal_content, out, ["json"])
    before = _digest(out)
    (minimal_content / "topics/sample-topic/items/second-item.yaml").write_text("id: [", "utf-8")
    with pytest.raises(ContentError) as error:
        build(minimal_content, out, ["json"])
    assert any(f.code == "CT102" for f in error.value.findings)
    assert _digest(out) == before


def test_failing_exporter_leaves_previous_output(
    minimal_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(minimal_content, out, ["json", "markdown"])
    before = _digest(out)

    from chemsex_toolkit_exporters import markdown

    def explode(self: object, context: object) -> list[object]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(markdown.MarkdownExporter, "export", explode)
    with pytest.raises(RuntimeError):
        build(minimal_content, out, ["json", "markdown"])
    assert _digest(out) == before
    assert not [
        p for p in out.iterdir() if p.name.startswith(".json.") or p.name.startswith(".markdown.")
    ]


def test_output_folder_may_not_touch_the_content(minimal_content: Path) -> None:
    with pytest.raises(UsageError):
        build(minimal_content, minimal_content, ["json"])
    with pytest.raises(UsageError):
        build(minimal_content, minimal_content / "dist", ["json"])
    with pytest.raises(UsageError):
        build(minimal_content, minimal_content.parent, ["json"])


@pytest.mark.parametrize("bad", ["../escape.txt", "/etc/passwd", "a/../../b", "", "nul\0byte"])
def test_paths_outside_the_output_folder_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UsageError):
        safe_path(tmp_path, bad)


def test_unknown_format_is_a_usage_error(minimal_content: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--content",
            str(minimal_content),
            "--out",
            str(tmp_path / "o"),
            "--format",
            "docx",
        ],
    )
    assert result.exit_code == 2
    assert "No exporter named 'docx'" in result.output


def test_cli_build_prints_what_it_wrote(minimal_content: Path, tmp_path: Path) -> None:
    """With -v, every file written; by default one summary line (tests/cli/test_conventions)."""
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        main, ["-v", "build", "--content", str(minimal_content), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    printed = {line for line in result.stdout.splitlines() if line}
    written = {str(p) for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert {str(Path(p).resolve()) for p in printed} == written


def test_cli_build_refuses_invalid_content_with_findings(
    minimal_content: Path, tmp_path: Path
) -> None:
    (minimal_content / "topics/sample-topic/links.yaml").write_text("links: [", "utf-8")
    result = CliRunner().invoke(
        main, ["build", "--content", str(minimal_content), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "CT102" in result.output and "nothing was exported" in result.output
    assert not (tmp_path / "o" / "html").exists()


def test_templates_override_a_builtin_template_by_name(
    minimal_content: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "topic.md.j2").write_text("# {{ topic.title }} (our edition)\n", "utf-8")
    build(minimal_content, tmp_path / "out", ["markdown"], templates=tmp_path / "templates")
    text = (tmp_path / "out/markdown/en/sample-topic.md").read_text("utf-8")
    assert text == "# A sample topic (our edition)\n"


def test_exporters_command_lists_the_builtins() -> None:
    result = CliRunner().invoke(main, ["exporters"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines()]
    assert {"html", "markdown", "json"} <= set(names)
