"""The preview's pages: rendered on demand, dropped only where a change touches them, and kept
when the content breaks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.loading import load_content
from chemsex_toolkit.paths import bundled_content
from chemsex_toolkit.preview.server import inject, reload_script, widen_policy
from chemsex_toolkit.preview.site import ALL, PreviewSite
from chemsex_toolkit_exporters.html import page_names


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(bundled_content(), target)
    return target


ITEM = "topics/chemsex-support/items/chemsex-knowledge.yaml"
MULTI_TOPIC = Path(__file__).parents[1] / "fixtures" / "multi-topic"
TOPIC = "topics/chemsex-support/topic.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.slow
def test_pages_of_every_locale_and_the_markdown_as_html(content: Path) -> None:
    site = PreviewSite(content)
    index = site.page("/")
    assert index is not None and b'href="de/index.html"' in index.body
    english = site.page("/en/index.html")
    assert english is not None and b"Support for ChemSex users" in english.body
    assert site.page("/de/") == site.page("/de/index.html")
    badge = site.page("/badges/fr.svg")
    assert badge is not None and badge.content_type == "image/svg+xml"
    assert site.markdown_pages() == [
        f"markdown/{code}/chemsex-support.html" for code in ("en", "de", "fr")
    ]
    markdown = site.page("/markdown/de/chemsex-support.html")
    assert markdown is not None
    assert b"<h1>Unterst" in markdown.body and b'<html lang="de">' in markdown.body
    assert site.page("/nothing-here") is None
    assert site.page("/xx/index.html") is None


def test_the_site_of_many_topics_is_served_page_by_page(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTI_TOPIC, content)
    toolkit = load_content(content).toolkit
    assert toolkit is not None
    site = PreviewSite(content)
    home = site.page("/fr/")
    assert home is not None
    for topic in toolkit.topics:
        name = page_names(toolkit)[topic.id]
        assert f'href="{name}"'.encode() in home.body
        page = site.page(f"/fr/{name}")
        assert page is not None and f'<h1 id="topic-{topic.id}"'.encode() in page.body
    plan = site.page("/fr/action-plan.html")
    assert plan is not None and b'id="plan-rows"' in plan.body
    assert site.page("/fr/no-such-topic.html") is None


def test_a_failing_template_is_named_with_its_line_in_the_preview(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTI_TOPIC, content)
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "topic.md.j2").write_text("A first line\n{{ 1 / 0 }}\n", "utf-8")
    site = PreviewSite(content, templates=tmp_path / "templates")
    toolkit = load_content(content).toolkit
    assert toolkit is not None
    site.page(f"/markdown/en/{toolkit.topics[0].id}.html")
    assert f"template failed ({templates / 'topic.md.j2'}, line 2): division by zero" in (
        site.problem
    )


def test_the_language_chooser_names_every_locale_after_a_page_of_one(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MULTI_TOPIC, content)
    toolkit = load_content(content).toolkit
    assert toolkit is not None
    site = PreviewSite(content)
    assert site.page("/en/index.html") is not None  # renders the English pages only
    chooser = site.page("/")
    assert chooser is not None
    for code in (toolkit.source_locale, *toolkit.locales):
        assert f'href="{code}/index.html"'.encode() in chooser.body, code


def test_a_change_between_two_pages_of_one_locale_shows_on_the_next(tmp_path: Path) -> None:
    """A locale's site is rendered a page at a time: what comes after a change is of the new
    content, never of the export that was under way before it."""
    content = tmp_path / "content"
    shutil.copytree(MULTI_TOPIC, content)
    site = PreviewSite(content)
    first = site.page("/de/sample-topic.html")
    assert first is not None and b"DE PrEP services" in first.body  # in the site's bar
    translation = content / "locales/de/topics/prep-topic.yaml"
    _edit(translation, "text: 'DE PrEP services'", "text: 'DE PrEP neu'")
    site.apply([translation])
    later = site.page("/de/prep-topic.html")
    assert later is not None and b"DE PrEP neu" in later.body
    assert b"DE PrEP services" not in later.body


def test_a_change_is_classified_by_what_it_touches(content: Path) -> None:
    site = PreviewSite(content)
    german = site.touched([content / "locales/de/common.yaml"])
    assert german.content and german.locales == {"de"} and not german.formats
    source = site.touched([content / ITEM])
    assert source.locales == {ALL}
    html_template = site.template_dirs()["html"] / "style.css"
    template = site.touched([html_template])
    assert not template.content and template.formats == {"html"}
    assert not site.touched([content / "notes.txt"]).anything


def test_a_translation_change_rebuilds_only_its_locale(content: Path) -> None:
    site = PreviewSite(content)
    paths = (
        "en/chemsex-support.html",
        "de/chemsex-support.html",
        "fr/chemsex-support.html",
        "markdown/de/chemsex-support.html",
    )
    pages = {path: site.page(path) for path in paths}
    generation = site.generation
    _edit(
        content / "locales/de/topics/chemsex-support.yaml",
        "Wissen über Chemsex",
        "Wissen über Chemsex (neu)",
    )
    site.apply([content / "locales/de/topics/chemsex-support.yaml"])
    assert site.generation == generation + 1
    # Untouched locales are served from memory, the same objects as before.
    assert site.page("en/chemsex-support.html") is pages["en/chemsex-support.html"]
    assert site.page("fr/chemsex-support.html") is pages["fr/chemsex-support.html"]
    german = site.page("de/chemsex-support.html")
    assert german is not pages["de/chemsex-support.html"]
    assert german is not None and "Wissen über Chemsex (neu)".encode() in german.body
    markdown = site.page("markdown/de/chemsex-support.html")
    assert markdown is not None and "Wissen über Chemsex (neu)".encode() in markdown.body


@pytest.mark.slow
def test_a_source_change_reaches_every_locale(content: Path) -> None:
    site = PreviewSite(content)
    before = site.page("fr/chemsex-support.html")
    _edit(content / ITEM, "title: Knowledge about ChemSex", "title: Knowledge about ChemSex now")
    site.apply([content / ITEM])
    assert site.page("fr/chemsex-support.html") is not before
    english = site.page("en/chemsex-support.html")
    assert english is not None and b"Knowledge about ChemSex now" in english.body


def test_broken_content_keeps_the_last_good_pages_and_says_why(content: Path) -> None:
    site = PreviewSite(content)
    good = site.page("en/chemsex-support.html")
    generation = site.generation
    (content / TOPIC).write_text("id: [unclosed\n", "utf-8")
    touched = site.apply([content / TOPIC])
    assert not touched.anything
    assert site.generation == generation
    assert site.page("en/chemsex-support.html") is good
    assert "last good state" in site.problem
    assert TOPIC in {f.file for f in site.findings if f.severity == "error"}
    # Fixed again: the preview follows.
    shutil.copyfile(bundled_content() / TOPIC, content / TOPIC)
    assert site.apply([content / TOPIC]).anything
    assert site.problem == ""


@pytest.mark.slow
def test_validation_findings_reach_the_preview(content: Path) -> None:
    site = PreviewSite(content)
    assert site.validate() is True  # the bundled content's warnings (open gaps)
    assert not [f for f in site.findings if f.severity == "error"]
    _edit(content / ITEM, "[link:dean-street-tools]", "[link:no-such-link]")
    site.apply([content / ITEM])
    assert site.validate() is True
    codes = {f.code for f in site.findings if f.severity == "error"}
    assert "CT302" in codes
    assert "a build would refuse it" in site.problem


def test_the_reload_script_is_injected_by_the_server_only(content: Path, tmp_path: Path) -> None:
    site = PreviewSite(content)
    page = site.page("en/chemsex-support.html")
    assert page is not None
    assert b"__preview" not in page.body
    served = inject(page.body, 7).decode("utf-8")
    assert served.count("<script") == page.body.decode("utf-8").count("<script") + 1
    assert f'<script data-generation="7">{reload_script()}</script></body>' in served
    # The exported files never carry it.
    build(content, tmp_path / "out", ["html"])
    for file in (tmp_path / "out/html").rglob("*.html"):
        assert "__preview" not in file.read_text("utf-8")


def test_the_policy_is_widened_by_the_reload_script_alone() -> None:
    policy = "default-src 'none'; style-src 'sha256-A'; script-src 'sha256-B'; img-src data:"
    widened = widen_policy(policy)
    directives = dict(d.split(" ", 1) for d in widened.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'sha256-A'"
    assert directives["script-src"].startswith("'sha256-B' 'sha256-")
    assert directives["connect-src"] == "'self'"
    assert "unsafe" not in widened


GERMAN = "locales/de/topics/chemsex-support.yaml"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files read from the disk, as they are read."""
    from chemsex_toolkit.loading import content as loading

    read: list[str] = []
    real = loading.read_yaml

    def recording(path: Path, root: Path, **options: bool) -> Any:
        read.append(path.relative_to(root).as_posix())
        return real(path, root, **options)

    monkeypatch.setattr(loading, "read_yaml", recording)
    return read


def test_a_save_reads_again_only_the_file_it_wrote(content: Path, reads: list[str]) -> None:
    site = PreviewSite(content)
    assert TOPIC in reads and ITEM in reads
    reads.clear()
    _edit(content / ITEM, "title: Knowledge about ChemSex", "title: Knowing ChemSex")
    site.apply([content / ITEM])
    assert reads == [ITEM]
    english = site.page("en/chemsex-support.html")
    assert english is not None and b"Knowing ChemSex" in english.body


def test_a_deleted_and_a_restored_item(content: Path) -> None:
    site = PreviewSite(content)
    good = site.page("en/chemsex-support.html")
    (content / ITEM).unlink()
    assert not site.apply([content / ITEM]).anything
    assert "last good state" in site.problem
    assert site.page("en/chemsex-support.html") is good
    assert ITEM in {f.file for f in site.findings} or TOPIC in {f.file for f in site.findings}
    shutil.copyfile(bundled_content() / ITEM, content / ITEM)
    assert site.apply([content / ITEM]).anything
    assert site.problem == ""


def test_a_renamed_folder_is_a_change_too(content: Path, reads: list[str]) -> None:
    """Renaming a folder reports the folder alone, not the files in it."""
    site = PreviewSite(content)
    items = content / "topics/chemsex-support/items"
    items.rename(items.with_name("items-old"))
    assert not site.apply([items, items.with_name("items-old")]).anything
    assert "last good state" in site.problem
    reads.clear()
    items.with_name("items-old").rename(items)
    touched = site.apply([items.with_name("items-old"), items])
    assert touched.anything and touched.locales == {ALL}
    assert site.problem == ""
    # The files came back under their old names, with new inode times: read again.
    assert ITEM in reads


def test_a_translation_saved_twice_in_one_clock_tick_shows_the_second(content: Path) -> None:
    """Translation files are kept by size and modification time; the watcher's word that one
    changed outweighs them (a save of the same length within the clock's tick keeps both)."""
    site = PreviewSite(content)
    german = content / GERMAN
    page = "de/chemsex-support.html"
    assert b"Wissen \xc3\xbcber Chemsex" in (site.page(page) or _missing()).body
    before = german.stat()
    _edit(german, "Wissen über Chemsex", "Wissen über ChemSEX")  # the same length
    os.utime(german, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert german.stat().st_size == before.st_size
    touched = site.apply([german])
    assert touched.locales == {"de"}
    assert "Wissen über ChemSEX".encode() in (site.page(page) or _missing()).body


def test_a_template_change_touches_only_its_format(content: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "markdown").mkdir(parents=True)
    site = PreviewSite(content, templates)
    html = site.page("en/chemsex-support.html")
    markdown = site.page("markdown/en/chemsex-support.html")
    assert markdown is not None and b"Marked by the override" not in markdown.body
    own = site.template_dirs()["markdown"] / "topic.md.j2"
    override = templates / "markdown/topic.md.j2"
    override.write_text("Marked by the override\n\n" + own.read_text("utf-8"), "utf-8")
    touched = site.apply([override])
    assert touched.formats == {"markdown"} and not touched.content
    assert site.page("en/chemsex-support.html") is html
    changed = site.page("markdown/en/chemsex-support.html")
    assert changed is not None and b"Marked by the override" in changed.body


@pytest.mark.slow
def test_validation_keeps_the_word_that_the_content_does_not_load(content: Path) -> None:
    site = PreviewSite(content)
    (content / TOPIC).write_text("id: [unclosed\n", "utf-8")
    site.apply([content / TOPIC])
    site.validate()
    assert "last good state" in site.problem
    assert TOPIC in {f.file for f in site.findings if f.severity == "error"}


def test_no_validation_starts_once_the_preview_stops(content: Path) -> None:
    site = PreviewSite(content)
    site.cancel_validation()
    assert site.validate() is False
    assert site.findings == ()


def _missing() -> Any:
    raise AssertionError("no such page")


def test_the_reload_script_also_goes_into_a_page_without_a_policy_or_an_end() -> None:
    script = f'<script data-generation="2">{reload_script()}</script>'.encode()
    assert inject(b"<p>Text</p>", 2) == b"<p>Text</p>" + script
    page = b'<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;">'
    served = inject(page + b"<body></body>", 2).decode("utf-8")
    assert "connect-src &#x27;self&#x27;" in served and served.endswith("</script></body>")


def test_a_first_page_needs_no_round_trip_yaml(tmp_path: Path) -> None:
    """Showing a page reads content and renders it; ruamel.yaml, which only the commands that
    write YAML back need, stays unimported (its import is a fifth of the preview's start)."""
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from chemsex_toolkit.preview.site import PreviewSite\n"
        "site = PreviewSite(Path(sys.argv[1]))\n"
        "page = site.page(sys.argv[2])\n"
        "assert page is not None and b'<h1' in page.body, page\n"
        "print(sorted(name for name in sys.modules if name.startswith('ruamel')))\n"
    )
    topic = sorted((MULTI_TOPIC / "topics").iterdir())[0].name
    done = subprocess.run(
        [sys.executable, "-c", probe, str(MULTI_TOPIC), f"en/{topic}.html"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
