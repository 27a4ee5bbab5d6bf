"""Templates and the strings they show, through `chemsex-toolkit build`: every template is
escaped whatever its file name (the SVG badge opened in Chromium runs nothing), templates run in
a sandbox, the compiled-template cache is private, template folders are not left by links."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from chemsex_toolkit.exporting import base
from chemsex_toolkit.i18n import init_locale
from chemsex_toolkit.loading import load_content

# No "<": validation finds no raw HTML in it; only escaping keeps it out of the markup.
ATTRIBUTE_ATTACK = 'Status" onload="window.__pwned=1" x="'


def _build(content: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> str:
    command = ["build", "--content", str(content), "--out", str(out), "--format", "html"]
    done = subprocess.run(
        [sys.executable, "-m", "chemsex_toolkit", *command, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return f"{done.returncode}\n{done.stdout}{done.stderr}"


def _translate_badge(content: Path, text: str) -> None:
    toolkit = content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8").replace("locales: []", "locales: [de]"))
    init_locale(load_content(content), "de")
    catalog = content / "locales/de/common.yaml"
    lines = catalog.read_text("utf-8").splitlines()
    start = lines.index("  ui.translation-status:")
    lines[start + 1] = "    text: '" + text.replace("'", "''") + "'"
    catalog.write_text("\n".join(lines) + "\n", "utf-8")


@pytest.mark.browser
def test_a_translated_string_cannot_script_the_svg_badge(
    browser: Browser, minimal_content: Path, tmp_path: Path
) -> None:
    _translate_badge(minimal_content, ATTRIBUTE_ATTACK)
    assert _build(minimal_content, tmp_path / "out").startswith("0\n")
    badge = tmp_path / "out/html/badges/de.svg"
    assert 'onload="' not in badge.read_text("utf-8")

    context = browser.new_context()
    page = context.new_page()
    page.goto(badge.as_uri())
    page.wait_for_load_state("load")
    handlers = page.evaluate(
        "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    pwned = page.evaluate("() => window.__pwned ?? null")
    label = page.evaluate("() => document.querySelector('svg').getAttribute('aria-label')")
    context.close()
    assert handlers == [] and pwned is None
    assert label.startswith(ATTRIBUTE_ATTACK)  # shown as the text it is


def _override(folder: Path, template: str, text: str) -> None:
    (folder / "html").mkdir(parents=True, exist_ok=True)
    (folder / "html" / template).write_text(text, "utf-8")


@pytest.mark.parametrize(
    "expression",
    [
        "cycler.__init__.__globals__.os.system('touch {marker}')",
        "lipsum.__globals__['os'].system('touch {marker}')",
        "''.__class__.__mro__[1].__subclasses__()",
        "self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch {marker}')",
    ],
)
def test_a_template_cannot_run_code(minimal_content: Path, tmp_path: Path, expression: str) -> None:
    marker = tmp_path / "PWNED"
    _override(
        tmp_path / "templates", "badge.svg.j2", "{{ " + expression.format(marker=marker) + " }}"
    )
    result = _build(minimal_content, tmp_path / "out", "--templates", str(tmp_path / "templates"))
    assert not result.startswith("0\n")
    assert "unsafe" in result or "undefined" in result
    assert not marker.exists()
    assert not (tmp_path / "out/html").exists()


def test_a_link_out_of_the_templates_folder_is_not_followed(
    minimal_content: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", "utf-8")
    (tmp_path / "templates/html").mkdir(parents=True)
    (tmp_path / "templates/html/badge.svg.j2").symlink_to(secret)
    result = _build(minimal_content, tmp_path / "out", "--templates", str(tmp_path / "templates"))
    assert not result.startswith("0\n")
    assert "leads outside" in result
    assert "TOP-SECRET" not in result
    assert not (tmp_path / "out/html").exists()


def test_the_compiled_template_cache_is_private_or_off(
    minimal_content: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-cache"
    folder = shared / "chemsex-toolkit" / f"jinja-{base.jinja2.__version__}"
    folder.mkdir(parents=True)
    folder.chmod(0o777)  # anyone could plant compiled code here
    assert _build(minimal_content, tmp_path / "a", env={"XDG_CACHE_HOME": str(shared)}).startswith(
        "0\n"
    )
    assert list(folder.iterdir()) == []  # not used: no cache at all

    private = tmp_path / "private-cache"
    assert _build(minimal_content, tmp_path / "b", env={"XDG_CACHE_HOME": str(private)}).startswith(
        "0\n"
    )
    made = private / "chemsex-toolkit" / f"jinja-{base.jinja2.__version__}"
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert any(made.iterdir())  # compiled templates kept, for this user only

    made.chmod(0o755)  # readable by others, as an older version made it: closed again, used
    for path in made.iterdir():
        path.unlink()
    assert _build(minimal_content, tmp_path / "c", env={"XDG_CACHE_HOME": str(private)}).startswith(
        "0\n"
    )
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert any(made.iterdir())

    made.chmod(0o775)  # writable by others: never trusted, never used
    for path in made.iterdir():
        path.unlink()
    assert _build(minimal_content, tmp_path / "d", env={"XDG_CACHE_HOME": str(private)}).startswith(
        "0\n"
    )
    assert list(made.iterdir()) == []
    assert stat.S_IMODE(made.stat().st_mode) == 0o775


def test_the_cache_folder_must_not_be_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    (tmp_path / "chemsex-toolkit").mkdir(mode=0o700)
    (tmp_path / "chemsex-toolkit" / f"jinja-{base.jinja2.__version__}").symlink_to(target)
    assert base._bytecode_cache() is None
    (tmp_path / "chemsex-toolkit" / f"jinja-{base.jinja2.__version__}").unlink()
    assert base._bytecode_cache() is not None  # made afresh, private
    (tmp_path / "chemsex-toolkit").chmod(0o777)
    assert base._bytecode_cache() is None  # a parent others can write is not private
