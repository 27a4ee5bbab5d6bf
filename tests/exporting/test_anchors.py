"""Every internal link of every export resolves (CT601-CT604): the checker on hand-made files,
the build that refuses a dead link, and every format of the three-topic fixture followed link
by link."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from chemsex_toolkit.cli import main
from chemsex_toolkit.errors import ExportCheckError
from chemsex_toolkit.exporting import registry
from chemsex_toolkit.exporting.anchors import check_export, heading_slug, scan
from chemsex_toolkit.exporting.build import build

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"


def _tree(root: Path, files: dict[str, str]) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        out[name] = path
    return out


def _files(folder: Path) -> dict[str, Path]:
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_links_that_resolve_give_no_finding(tmp_path: Path) -> None:
    files = _tree(
        tmp_path,
        {
            "html/en/index.html": '<a href="#top">up</a><h1 id="top">T</h1>'
            '<a href="prep.html#item-a">a</a><a href="https://example.org/#x">out</a>'
            '<a href="../../markdown/en/prep.md#item-a">md</a>',
            "html/en/prep.html": '<link rel="stylesheet" href="../style.css">'
            '<p><a name="item-a"></a></p><a href="index.html">home</a>'
            '<img src="data:image/png;base64,AA" alt="">',
            "html/style.css": "p {}",
            "markdown/en/prep.md": '# PrEP services\n\n<a id="item-a"></a>\n\n'
            "See [the heading](#prep-services) and [home](index.md).\n",
            "markdown/en/index.md": "# Home\n\n| a |\n| --- |\n| [x](prep.md#item-a) |\n",
        },
    )
    assert check_export(files) == []


def test_each_dead_link_is_a_located_finding(tmp_path: Path) -> None:
    files = _tree(
        tmp_path,
        {
            "markdown/en/a.md": "# A\n\nSee [b](b.md#item-gone) and\n"
            "[c](c.md), [up](../../../x.md).\n",
            "markdown/en/b.md": '# B\n\n<a id="item-here"></a>\n',
            "html/en/index.html": '<div id="x"></div>\n<p id="x"><a href="#nowhere">n</a></p>\n'
            '<script src="app.js"></script>',
        },
    )
    found = [(f.file, f.line, f.column, f.code) for f in check_export(files)]
    assert found == [
        ("html/en/index.html", 1, 1, "CT604"),
        ("html/en/index.html", 2, 11, "CT601"),  # the <a> that links
        ("html/en/index.html", 3, 1, "CT602"),  # a script the build did not write
        ("markdown/en/a.md", 3, 9, "CT601"),  # where the destination starts
        ("markdown/en/a.md", 4, 5, "CT602"),
        ("markdown/en/a.md", 4, 17, "CT603"),
    ]
    (dead,) = [f for f in check_export(files) if f.file == "markdown/en/a.md" and f.line == 3]
    assert "item-gone" in dead.message and "markdown/en/b.md" in dead.message
    assert dead.hint


def test_a_link_into_a_format_not_rebuilt_is_looked_up_on_disk(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _tree(out, {"json/en.json": "{}"})
    files = _tree(tmp_path / "staged", {"html/en/index.html": '<a href="../../json/en.json">j</a>'})
    assert check_export(files, others=out) == []
    assert [f.code for f in check_export(files)] == ["CT602"]


def test_heading_anchors_follow_githubs_rule() -> None:
    assert heading_slug("Access to PrEP: who, when?") == "access-to-prep-who-when"
    anchors, _links = scan("a.md", "# Links\n\n## Links\n\n### Zugänge für Äußere\n")
    assert [a.name for a in anchors] == ["links", "links-1", "zugänge-für-äußere"]


def _digest(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in _files(folder).items()}


def test_a_build_with_a_dead_link_replaces_nothing(minimal_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(minimal_content, out, ["markdown"])
    before = _digest(out)
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "index.md.j2").write_text("# Home\n\n[gone](sample-topic.md#nowhere)\n", "utf-8")
    with pytest.raises(ExportCheckError) as error:
        build(minimal_content, out, ["markdown"], templates=tmp_path / "templates")
    codes = {(f.file, f.line, f.code) for f in error.value.findings}
    assert ("markdown/en/index.md", 3, "CT601") in codes
    assert _digest(out) == before
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--content",
            str(minimal_content),
            "--out",
            str(out),
            "--format",
            "markdown",
            "--templates",
            str(tmp_path / "templates"),
        ],
    )
    assert result.exit_code == 1
    assert "CT601" in result.stderr and "Traceback" not in result.stderr
    assert "The export has errors; the previous output was kept." in result.stderr


FORMATS = [
    pytest.param(name, marks=pytest.mark.slow) if name == "pdf" else name
    for name in sorted(info.name for info in registry.installed())
]


@pytest.mark.parametrize("name", FORMATS)
def test_every_link_of_every_format_of_the_multi_topic_fixture_resolves(
    tmp_path: Path, name: str
) -> None:
    build(MULTI, tmp_path, [name])  # the build itself refuses a dead link
    files = _files(tmp_path)
    assert check_export(files) == []
    followed = 0
    for path, source in files.items():
        _anchors, links = scan(path, source.read_text("utf-8", errors="replace"))
        followed += sum(1 for link in links if "://" not in link.href)
    if name in ("html", "markdown"):
        # Cross-topic references are there to follow, so the check above had work to do.
        assert followed > 0
