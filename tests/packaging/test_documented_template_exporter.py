"""The complete template exporter in docs/exporters.md works as written: its files, taken from the
page, install into a fresh environment beside the wheel, find their template beside their module,
build, and take a user's override through --templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import Venv

pytestmark = pytest.mark.slow

DOC = Path(__file__).parents[2] / "docs" / "exporters.md"
# A fenced block that names the file it is: ```python title="package/module.py"
BLOCK = re.compile(r'^```\w+ title="([^"]+)"\n(.*?)^```$', re.MULTILINE | re.DOTALL)


def documented_files() -> dict[str, str]:
    return dict(BLOCK.findall(DOC.read_text(encoding="utf-8")))


def test_the_page_holds_the_whole_distribution() -> None:
    files = documented_files()
    assert set(files) == {
        "pyproject.toml",
        "chemsex_toolkit_handout/__init__.py",
        "chemsex_toolkit_handout/handout.html.j2",
    }


def test_documented_template_exporter_installs_and_builds(wheel_venv: Venv, tmp_path: Path) -> None:
    plugin = tmp_path / "plugin"
    for name, text in documented_files().items():
        (plugin / name).parent.mkdir(parents=True, exist_ok=True)
        (plugin / name).write_text(text, encoding="utf-8")
    installed = wheel_venv.run(
        wheel_venv.python, "-m", "pip", "install", "--quiet", str(plugin), cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr

    listed = wheel_venv.run(wheel_venv.bin("chemsex-toolkit"), "exporters", cwd=tmp_path)
    assert "chemsex-toolkit-handout" in listed.stdout

    out = tmp_path / "dist"
    cli = wheel_venv.bin("chemsex-toolkit")
    built = wheel_venv.run(cli, "build", "--format", "handout", "--out", out, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    handouts = sorted(p.name for p in (out / "handout").iterdir() if not p.name.startswith("."))
    assert handouts == ["de.html", "en.html", "fr.html"]
    german = (out / "handout" / "de.html").read_text(encoding="utf-8")
    assert '<html lang="de" dir="ltr">' in german
    assert "<h3>Wissen über Chemsex</h3>" in german
    # Content references became safe links: external ones with rel, none left as raw syntax.
    assert 'rel="noopener noreferrer"' in german
    assert "][link:" not in german

    override = tmp_path / "mine" / "handout"
    override.mkdir(parents=True)
    (override / "handout.html.j2").write_text("{{ toolkit.title }} ({{ view.locale }})\n", "utf-8")
    rebuilt = wheel_venv.run(
        cli,
        "build",
        "--format",
        "handout",
        "--out",
        out,
        "--templates",
        override.parent,
        cwd=tmp_path,
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (out / "handout" / "de.html").read_text(encoding="utf-8").endswith("(de)\n")
