"""`i18n status`: the release gate holds the locales the toolkit declares, its stale hint works
when followed to the letter, and a tool that asked for JSON gets JSON even when it fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from chemsex_toolkit.cli import main
from chemsex_toolkit.validation import validate

FIXTURES = Path(__file__).parents[1] / "fixtures"
STALE = "item.prep-follow-up.description"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The three-topic fixture: de complete, fr partial, es with one stale string."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "multi-topic", target)
    return target


def _run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


def _percent(content: Path, locale: str) -> int:
    rows = json.loads(_run("i18n", "status", "--format", "json", "--content", str(content)).stdout)
    return int(next(r["percent"] for r in rows["locales"] if r["locale"] == locale))


def test_the_gate_holds_declared_locales_only(content: Path) -> None:
    fr = _percent(content, "fr")
    assert fr < 100
    gate = _run("i18n", "status", "--min-percent", str(fr + 1), "--content", str(content))
    assert gate.exit_code == 1
    assert f"fr ({fr}%)" in gate.stderr
    # fr goes back to being in progress: listed, not held to the gate.
    toolkit = content / "toolkit.yaml"
    toolkit.write_text(
        toolkit.read_text("utf-8").replace("locales: [de, fr, es]", "locales: [de, es]"), "utf-8"
    )
    gate = _run("i18n", "status", "--min-percent", str(fr + 1), "--content", str(content))
    assert gate.exit_code == 0, gate.output
    assert "in progress (not in locales:)" in next(
        line for line in gate.stdout.splitlines() if line.startswith("fr ")
    )
    rows = json.loads(_run("i18n", "status", "--format", "json", "--content", str(content)).stdout)
    assert {r["locale"]: r["declared"] for r in rows["locales"]} == {
        "de": True,
        "es": True,
        "fr": False,
    }


def test_the_stale_hint_followed_to_the_letter_clears_it(content: Path) -> None:
    (finding,) = [f for f in validate(content).findings if f.code == "CT505"]
    assert "delete its `source:` line" in finding.hint
    path = content / finding.file
    lines = path.read_text("utf-8").splitlines()
    start = lines.index(f"  {STALE}:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    block = lines[start:end]
    # Update the translation, delete its source: line, run i18n update.
    block = [
        "    text: 'ES Visitas de seguimiento.'" if line.startswith("    text:") else line
        for line in block
        if not line.startswith("    source:")
    ]
    path.write_text("\n".join([*lines[:start], *block, *lines[end:]]) + "\n", "utf-8")
    assert _run("i18n", "update", "es", "--content", str(content)).exit_code == 0
    assert not [f for f in validate(content).findings if f.code == "CT505"]
    assert _percent(content, "es") == 100


def test_status_on_broken_content_still_gives_json(content: Path) -> None:
    item = next((content / "topics").glob("*/items/*.yaml"))
    item.write_text(item.read_text("utf-8") + "colour: blue\n", "utf-8")
    result = _run("i18n", "status", "--format", "json", "--content", str(content))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [f["code"] for f in report["findings"]] == ["CT202"]


def test_status_without_content_still_gives_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path)
    result = _run("i18n", "status", "--format", "json")
    assert result.exit_code == 2
    assert "No content found" in json.loads(result.stdout)["error"]["message"]
