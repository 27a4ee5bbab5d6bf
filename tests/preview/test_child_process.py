"""The preview's validation runs in a child Python started in the content folder: a package
planted there, named like the toolkit's own, is never imported (and validation reports it)."""

from __future__ import annotations

import shutil
from pathlib import Path

from chemsex_toolkit.preview.site import PreviewSite

FIXTURE = Path(__file__).parents[1] / "fixtures" / "minimal"


def test_a_package_in_the_content_folder_is_not_imported(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    marker = tmp_path / "ran"
    package = content / "chemsex_toolkit"
    package.mkdir()
    plant = f"open({str(marker)!r}, 'w').close()\nprint('{{\"findings\": []}}')\n"
    for name in ("__init__.py", "__main__.py"):
        (package / name).write_text(plant, "utf-8")

    site = PreviewSite(content)
    site.validate()  # in the child: the plant would run, and print a report of no findings

    assert not marker.exists()
    assert not site.problem.startswith("Validation failed"), site.problem
    assert ("CT111", "chemsex_toolkit/__main__.py") in {(f.code, f.file) for f in site.findings}
