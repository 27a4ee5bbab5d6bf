"""The wheel carries everything: installed in a fresh venv it validates and loads the bundled
content from any directory, with no access to this source tree."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import chemsex_toolkit
from tests.support import Venv

pytestmark = pytest.mark.slow


def test_wheel_ships_content_schemas_and_templates(built_wheel: Path) -> None:
    names = set(zipfile.ZipFile(built_wheel).namelist())
    assert "chemsex_toolkit/py.typed" in names
    assert "chemsex_toolkit/_bundled/content/toolkit.yaml" in names
    assert "chemsex_toolkit/_bundled/schemas/item.schema.json" in names
    assert "chemsex_toolkit/_bundled/schemas/findings.schema.json" in names
    assert any(n.startswith("chemsex_toolkit/_bundled/content/topics/") for n in names)
    # Each built-in exporter is one package: its code beside its templates and assets.
    for exporter, asset in [
        ("html", "page.html.j2"),
        ("markdown", "topic.md.j2"),
        ("json", ""),
        ("fhir", "questionnaire.py"),
    ]:
        assert f"chemsex_toolkit_exporters/{exporter}/__init__.py" in names
        assert not asset or f"chemsex_toolkit_exporters/{exporter}/{asset}" in names
    assert not any(n.startswith("chemsex_toolkit/_bundled/exporters") for n in names)
    # The wheel holds the exporters themselves, not the checkout's pointer to their folder.
    init = zipfile.ZipFile(built_wheel).read("chemsex_toolkit_exporters/__init__.py")
    assert b"__path__" not in init
    assert "chemsex_toolkit/validation/rules.yaml" in names  # the rules' catalogue
    for asset in [
        "pdf/booklet.html.j2",
        "pdf/booklet.css",
        "pdf/fonts/DejaVuSans.ttf",
        "pdf/fonts/DejaVuSans-Bold.ttf",
        "pdf/fonts/DejaVuSans-Oblique.ttf",
        "pdf/fonts/LICENSE",
        "xlsx/workbook.py",
        "xlsform/form.py",
    ]:
        assert f"chemsex_toolkit_exporters/{asset}" in names
    assert "chemsex_toolkit/preview/reload.js" in names


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "xlsform"])
def test_a_format_whose_extra_is_missing_says_how_to_install_it(
    wheel_venv: Venv, tmp_path: Path, fmt: str
) -> None:
    """The venv has the wheel without extras: the format is listed, and building it names the
    command that installs what it needs."""
    listed = wheel_venv.run(wheel_venv.bin("chemsex-toolkit"), "exporters", cwd=tmp_path)
    assert fmt in {line.split()[0] for line in listed.stdout.splitlines() if line.strip()}
    result = wheel_venv.run(
        wheel_venv.bin("chemsex-toolkit"),
        "build",
        "--format",
        fmt,
        "--out",
        str(tmp_path / "o"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert f"pip install 'chemsex-toolkit[{fmt}]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_fhir_format_needs_no_extra_and_reading_a_response_names_its_own(
    wheel_venv: Venv, tmp_path: Path
) -> None:
    """The Questionnaire is plain JSON, written without fhir.resources; a response is checked
    with it, so importing one without the extra says how to install it."""
    tool = wheel_venv.bin("chemsex-toolkit")
    built = wheel_venv.run(
        tool, "build", "--format", "fhir", "--out", str(tmp_path / "o"), cwd=tmp_path
    )
    assert built.returncode == 0, built.stderr
    questionnaire = json.loads((tmp_path / "o" / "fhir" / "en.questionnaire.json").read_text())
    response = tmp_path / "response.json"
    canonical = f"{questionnaire['url']}|{questionnaire['version']}"
    response.write_text(
        json.dumps(
            {
                "resourceType": "QuestionnaireResponse",
                "status": "completed",
                "questionnaire": canonical,
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "answers.json"
    result = wheel_venv.run(tool, "answers", "import", str(response), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 2 and not out.exists()
    assert "pip install 'chemsex-toolkit[fhir]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_installed_validate_runs_from_any_directory(wheel_venv: Venv, tmp_path: Path) -> None:
    result = wheel_venv.run(wheel_venv.bin("chemsex-toolkit"), "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error(s)" in result.stdout or "No findings" in result.stdout
    assert "0 error(s)" in result.stdout or "No findings" in result.stdout


def test_installed_module_entry_point(wheel_venv: Venv, tmp_path: Path) -> None:
    result = wheel_venv.run(wheel_venv.python, "-m", "chemsex_toolkit", "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("chemsex-toolkit ")


def test_installed_api_loads_typed_content(wheel_venv: Venv, tmp_path: Path) -> None:
    script = (
        "import chemsex_toolkit, pathlib\n"
        "t = chemsex_toolkit.load()\n"
        "assert 'site-packages' in pathlib.Path(chemsex_toolkit.__file__).as_posix()\n"
        "items = [item for topic in t.topics for item in topic.items]\n"
        "print(t.id, len(t.topics), len(items), items[-1].id,"
        " bool(items[-1].sections.quality_improvement))\n"
    )
    result = wheel_venv.run(wheel_venv.python, "-c", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    toolkit_id, topics, count, item_id, has_section = result.stdout.split()
    # The wheel carries the content of this source tree, every topic of it.
    source = chemsex_toolkit.load()
    items = [item for topic in source.topics for item in topic.items]
    assert toolkit_id == source.id
    assert int(topics) == len(source.topics)
    assert int(count) == len(items)
    assert item_id == items[-1].id
    assert has_section == "True"


def test_wheel_carries_both_licences(built_wheel: Path) -> None:
    wheel = zipfile.ZipFile(built_wheel)
    metadata = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    text = wheel.read(metadata).decode("utf-8")
    assert "License-Expression: MIT AND CC-BY-4.0" in text
    assert "License-File: LICENSE" in text
    assert "License-File: LICENSES/CC-BY-4.0.txt" in text
    licences = {n.rpartition("/licenses/")[2]: n for n in wheel.namelist() if "/licenses/" in n}
    assert "MIT License" in wheel.read(licences["LICENSE"]).decode()
    legal_code = wheel.read(licences["LICENSES/CC-BY-4.0.txt"]).decode()
    assert "Attribution 4.0 International Public License" in legal_code
    for os_name in ("POSIX :: Linux", "MacOS", "Microsoft :: Windows"):
        assert f"Classifier: Operating System :: {os_name}" in text
