"""The public API: every command is a typed, documented function of the package root, which the
command line only calls."""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path

import polib
import pytest

import chemsex_toolkit

MULTI = Path(__file__).parent / "fixtures" / "multi-topic"

COMMANDS = [
    "build",
    "check_links",
    "diff",
    "export_po",
    "export_pot",
    "fix_redirects",
    "import_po",
    "init_locale",
    "load",
    "readability",
    "translation_status",
    "update_locales",
    "validate",
]


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in chemsex_toolkit.__all__:
        value = getattr(chemsex_toolkit, name)
        if name == "__version__":
            continue
        doc = value.__dict__.get("__doc__") if inspect.isclass(value) else value.__doc__
        # A dataclass's own generated docstring only repeats its signature.
        generated = f"{getattr(value, '__name__', name)}("
        assert doc and not doc.startswith(generated), f"{name} has no docstring for help()"
    for name in COMMANDS:
        function = getattr(chemsex_toolkit, name)
        signature = inspect.signature(function)
        assert signature.return_annotation is not inspect.Signature.empty, name


def test_build_and_diff_without_the_command_line(minimal_content: Path, tmp_path: Path) -> None:
    result = chemsex_toolkit.build(minimal_content, tmp_path / "out", formats=["json"])
    assert result.locales[0] == "en"
    assert {p.name for p in result.written} >= {"en.json", "all.json"}

    newer = tmp_path / "newer"
    shutil.copytree(minimal_content, newer)
    toolkit = newer / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text("utf-8").replace("title:", "title: New", 1), "utf-8")
    changes = chemsex_toolkit.diff(minimal_content, newer)
    assert [c.message_id for c in changes.changed] == ["toolkit.title"]
    assert changes.required.label == "patch"


def test_diff_of_broken_content_raises_with_findings(minimal_content: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(minimal_content, broken)
    (broken / "ui.yaml").write_text("strings: [", "utf-8")
    with pytest.raises(chemsex_toolkit.ContentError) as error:
        chemsex_toolkit.diff(minimal_content, broken)
    assert any(f.code == "CT102" for f in error.value.findings)
    assert error.value.exit_code == 1
    with pytest.raises(chemsex_toolkit.UsageError):
        chemsex_toolkit.diff(minimal_content, tmp_path / "no-such-folder", repo=tmp_path)


@pytest.mark.slow
def test_translation_operations_round_trip(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTI, content)
    rows = {row.locale: row for row in chemsex_toolkit.translation_status(content)}
    assert set(rows) == {"de", "fr", "es"}
    po = chemsex_toolkit.export_po("de", content)
    assert isinstance(po, chemsex_toolkit.PoExport) and len(po) == rows["de"].total
    path = tmp_path / "de.po"
    po.save(str(path))
    assert len(polib.pofile(str(path))) == rows["de"].total
    report = chemsex_toolkit.import_po(path, content)
    assert report.locale == "de" and not report.skipped
    [updated] = chemsex_toolkit.update_locales(["de"], content)
    assert updated.locale == "de"
    created = chemsex_toolkit.init_locale("it", content)
    assert created and all(p.is_file() for p in created)
    with pytest.raises(chemsex_toolkit.UsageError):
        chemsex_toolkit.init_locale("it", content)


def test_check_links_refuses_invalid_content(minimal_content: Path) -> None:
    (minimal_content / "topics/sample-topic/links.yaml").write_text("links: [", "utf-8")
    with pytest.raises(chemsex_toolkit.ContentError) as error:
        chemsex_toolkit.check_links(minimal_content)
    assert any(f.code == "CT102" for f in error.value.findings)


def test_export_po_is_the_packages_own_type_and_writes_a_path(
    minimal_content: Path, tmp_path: Path
) -> None:
    chemsex_toolkit.init_locale("de", minimal_content)
    out = tmp_path / "de.po"
    po = chemsex_toolkit.export_po("de-DE", minimal_content, out=out)
    assert isinstance(po, chemsex_toolkit.PoExport)
    assert po.locale == "de" and po.translated == 0 and po.percent_translated == 0
    assert out.read_text(encoding="utf-8") == po.text
    read_back = polib.pofile(str(out))
    assert len(read_back) == po.strings == len(po) > 0
    assert read_back.metadata["Language"] == "de"


def test_links_are_configured_and_redirects_fixed_with_public_types_only(
    minimal_content: Path,
) -> None:
    links = minimal_content / "topics/sample-topic/links.yaml"
    before = links.read_text(encoding="utf-8")
    line = before.splitlines().index("    url: https://example.org/guide/") + 1
    old, new = "https://example.org/guide/", "https://example.org/guide/v2/"
    options = chemsex_toolkit.LinkOptions(
        limits=chemsex_toolkit.LinkLimits(concurrency=2, timeout=1.0),
        policy=chemsex_toolkit.AddressPolicy(allow_private=True),
        offline=True,
    )
    assert options.limits.concurrency == 2 and options.policy.allow_private
    use = chemsex_toolkit.LinkUse("topics/sample-topic/links.yaml", line, 10, "sample-guide")
    report = chemsex_toolkit.LinkReport(
        targets=[chemsex_toolkit.LinkTarget(old, [use])],
        results={
            old: chemsex_toolkit.LinkResult(
                old, chemsex_toolkit.LinkOutcome.REDIRECTED, 301, final_url=new
            )
        },
    )
    fixed = chemsex_toolkit.fix_redirects(report, minimal_content)
    assert isinstance(fixed, chemsex_toolkit.RedirectFixes)
    assert fixed.changes == [chemsex_toolkit.RedirectChange(use.file, line, old, new)]
    assert fixed.refusals == []
    assert links.read_text(encoding="utf-8") == before.replace(old, new)


def test_export_pot_is_the_packages_own_type_and_writes_out(
    minimal_content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "messages.pot"
    pot = chemsex_toolkit.export_pot(minimal_content, out=out)
    assert isinstance(pot, chemsex_toolkit.PoExport)
    assert pot.locale == "" and pot.translated == 0 and pot.strings > 0
    assert out.read_text(encoding="utf-8") == pot.text
    assert len(polib.pofile(str(out))) == pot.strings
