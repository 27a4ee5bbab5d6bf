"""`chemsex-toolkit check-links` end to end: collection, exit codes, cache, formats, fixes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner, Result

from chemsex_toolkit.cli import main
from chemsex_toolkit.links.collect import collect
from chemsex_toolkit.validation import validate
from tests.links.conftest import Server

FIXTURE = Path(__file__).parents[1] / "fixtures" / "minimal"
LINKS = "topics/sample-topic/links.yaml"


def _content(tmp_path: Path, urls: dict[str, str]) -> Path:
    """The minimal content with ``urls`` as its links, all cited (the first as the source)."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    lines = ["# Links of topic t. Keep this comment.", "links:"]
    for ident, url in urls.items():
        lines += [f"  - id: {ident}", f"    title: {ident}  # title comment", f"    url: {url}"]
    (root / LINKS).write_text("\n".join(lines) + "\n", "utf-8")
    toolkit = root / "toolkit.yaml"
    first = next(iter(urls))
    toolkit.write_text(toolkit.read_text("utf-8").replace("sample-source-page", first), "utf-8")
    item = root / "topics/sample-topic/items/first-item.yaml"
    cites = " ".join(f"[{ident}][link:{ident}]" for ident in urls)
    text = item.read_text("utf-8").replace("[the sample guide][link:sample-guide]", cites)
    item.write_text(text, "utf-8")
    return root


def _run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(
        main,
        ["check-links", "--content", str(root), "--timeout", "1", "--allow-private", *args],
    )
    assert "Traceback" not in result.output
    return result


def test_collects_every_use_with_locations(tmp_path: Path, servers: list[Server]) -> None:
    a = servers[0]
    root = _content(tmp_path, {"one": a.url("/ok"), "two": a.url("/page")})
    validation = validate(root)
    assert not validation.failed(), validation.findings
    targets = collect(validation.content)
    by_url = {t.url: t for t in targets}
    (one,) = by_url[a.url("/ok")].uses
    assert (one.file, one.line, one.column, one.id) == (LINKS, 5, 10, "one")
    ((two),) = by_url[a.url("/page")].uses
    assert (two.file, two.line, two.column, two.id) == (LINKS, 8, 10, "two")


def test_exit_codes_and_json(tmp_path: Path, servers: list[Server]) -> None:
    a = servers[0]
    good = _content(tmp_path / "g", {"ok": a.url("/ok"), "moved": a.url("/perm")})
    result = _run(good, "--no-cache", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["summary"]["ok"] == 1 and report["summary"]["redirected"] == 1
    bad = _content(tmp_path / "b", {"ok": a.url("/ok"), "gone": a.url("/gone")})
    result = _run(bad, "--no-cache")
    assert result.exit_code == 1
    assert f"BROKEN        410 {a.url('/gone')}" in result.output
    assert f"{LINKS}:8:10 (gone)" in result.output
    assert _run(bad, "--no-cache", "--max-age", "soon").exit_code == 2


def test_no_network_is_not_broken_links(tmp_path: Path) -> None:
    root = _content(
        tmp_path,
        {"a": "http://one.invalid/", "b": "https://two.invalid/x", "c": "http://three.invalid"},
    )
    result = _run(root, "--no-cache")
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [
        "Could not check links: none of the 3 URL(s) could be reached (no DNS or no route to any "
        "host). Is this machine offline?"
    ]


def test_no_network_json_says_so(tmp_path: Path, servers: list[Server]) -> None:
    offline = _content(tmp_path / "off", {"a": "http://one.invalid/", "b": "https://two.invalid/"})
    result = _run(offline, "--no-cache", "--format", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["no_network"] is True
    online = _content(tmp_path / "on", {"ok": servers[0].url("/ok")})
    assert json.loads(_run(online, "--no-cache", "--format", "json").stdout)["no_network"] is False


def test_cache_hits_expiry_and_corruption(tmp_path: Path, servers: list[Server]) -> None:
    a = servers[0]
    root = _content(tmp_path, {"ok": a.url("/ok"), "gone": a.url("/gone")})
    cache = tmp_path / "cache.json"
    _run(root, "--cache", str(cache))
    assert a.hits["/ok"] == 1
    stored = json.loads(cache.read_text())["results"]
    assert list(stored) == [a.url("/ok")]  # failures are never cached
    _run(root, "--cache", str(cache))
    assert a.hits["/ok"] == 1 and a.hits["/gone"] == 2
    _run(root, "--cache", str(cache), "--max-age", "0s")
    assert a.hits["/ok"] == 2
    cache.write_text("{not json", "utf-8")
    result = _run(root, "--cache", str(cache))
    assert result.exit_code == 1
    assert "could not be read" in result.output
    assert json.loads(cache.read_text())["results"]  # rewritten, sound again


def test_fix_redirects_keeps_comments(tmp_path: Path, servers: list[Server]) -> None:
    a = servers[0]
    root = _content(tmp_path, {"moved": a.url("/perm"), "ok": a.url("/ok")})
    path = root / LINKS
    before = path.read_text("utf-8")
    result = _run(root, "--no-cache", "--fix-redirects")
    assert result.exit_code == 0
    after = path.read_text("utf-8")
    assert after == before.replace(a.url("/perm"), a.url("/c2"))
    assert "Keep this comment." in after and "# title comment" in after
    assert "fixed" in result.output and a.url("/c2") in result.output


def test_formats(tmp_path: Path, servers: list[Server]) -> None:
    a = servers[0]
    root = _content(tmp_path, {"gone": a.url("/gone"), "moved": a.url("/perm")})
    github = _run(root, "--no-cache", "--format", "github").stdout.splitlines()
    assert (
        github[0].startswith("::error file=") and ",line=5,col=10,title=link broken::" in github[0]
    )
    assert github[1].startswith("::warning") and a.url("/c2") in github[1]
    junit = _run(root, "--no-cache", "--format", "junit").stdout
    assert '<testsuite name="check-links" tests="2" failures="1"' in junit
    markdown = _run(root, "--no-cache", "--format", "markdown").stdout
    assert markdown.startswith("| Result | URL | Used in |")


def test_only_changed_and_exclude(tmp_path: Path, servers: list[Server]) -> None:
    a = servers[0]
    root = _content(tmp_path, {"ok": a.url("/ok")})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=root, check=True)
    path = root / LINKS
    path.write_text(path.read_text() + f"  - id: new\n    title: new\n    url: {a.url('/gone')}\n")
    item = root / "topics/sample-topic/items/first-item.yaml"
    item.write_text(item.read_text().replace("[ok][link:ok]", "[ok][link:ok] [new][link:new]"))
    result = _run(root, "--no-cache", "--only-changed", "HEAD", "--format", "json")
    checked = [r["url"] for r in json.loads(result.stdout)["results"]]
    assert checked == [a.url("/gone")] and a.hits["/ok"] == 0
    excluded = _run(root, "--no-cache", "--exclude", "/gone$", "--format", "json")
    assert excluded.exit_code == 0
    assert json.loads(excluded.stdout)["summary"]["skipped"] == 1
