"""Real runs of the CLI killed at many moments: what is on disk is the old state or the new one,
never a mix, and the next run tidies up after the dead one."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import chemsex_toolkit
from chemsex_toolkit.paths import bundled_content
from tests.support import takes_ctrl_c

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "chemsex_toolkit"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)


def _inodes(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def _kill_once_replaced(command: list[str], folder: Path, count: int) -> None:
    """SIGKILL ``command`` once it has replaced ``count`` files under ``folder`` (a file written
    atomically gets a new inode), or as it ends: kill moments tied to what the run has done, not
    to a clock."""
    before = _inodes(folder)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while count > 0:
            now = {p: p.stat().st_ino for p in before if p.exists()}
            if sum(now.get(p) != inode for p, inode in before.items()) >= count:
                break
            try:
                process.wait(timeout=0.001)  # a short look at the run, then at the files again
                break  # it ended
            except subprocess.TimeoutExpired:
                continue
        process.kill()
        _out, err = process.communicate(timeout=60)
        assert b"Traceback" not in err
    finally:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    """The bundled content and an edited copy, each with its complete build."""
    base = tmp_path_factory.mktemp("versions")
    old, new = base / "old", base / "new"
    shutil.copytree(bundled_content(), old)
    shutil.copytree(bundled_content(), new)
    # The last item of the last topic, whichever the content has.
    topic = chemsex_toolkit.load(old).topics[-1]
    item = new / "topics" / topic.id / "items" / f"{topic.items[-1].id}.yaml"
    title = f"title: {topic.items[-1].title}"
    text = item.read_text("utf-8")
    assert title in text
    item.write_text(text.replace(title, title + " (edited)"), "utf-8")
    old_out, new_out = base / "old-out", base / "new-out"
    assert _run("build", "--content", str(old), "--out", str(old_out)).returncode == 0
    assert _run("build", "--content", str(new), "--out", str(new_out)).returncode == 0
    return old, new, old_out, new_out


def _kill_at_line(args: list[str], line: int, lock: Path | None = None) -> None:
    """SIGKILL a run once it has printed ``line`` lines of its -v progress (or as it ends):
    kill moments tied to what the run has done, not to a clock. With ``lock``, the kill happens
    while the test holds that output's build lock, so nothing is swapped in meanwhile."""
    from filelock import FileLock

    process = subprocess.Popen(
        [*CLI, "-v", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        assert process.stderr is not None
        for count, _text in enumerate(process.stderr, 1):
            if count >= line:
                break
        if lock is None:
            process.kill()
        else:
            with FileLock(lock / ".build.lock", timeout=120):
                process.kill()
                process.wait(timeout=60)
    finally:
        process.kill()
        process.wait(timeout=60)


def test_killed_build_leaves_the_old_or_the_new_output(
    versions: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    _old, new, old_out, new_out = versions
    formats = ("html", "json", "markdown")
    expected_old = {f: _tree(old_out / f) for f in formats}
    expected_new = {f: _tree(new_out / f) for f in formats}
    seen = set()
    # The progress lines: three 'rendering' (into staging folders), three 'wrote' (each printed
    # once its folder is swapped in), then the files. The first kill holds the lock, so it
    # lands before any swap unless the build got there first (then it is tried again).
    points = [(1, True)] * 3 + [(line, False) for line in range(1, 9)] + [(99, False)]
    for step, (line, hold) in enumerate(points):
        if hold and "old" in seen:
            continue
        out = tmp_path / f"out-{step}"
        shutil.copytree(old_out, out)
        build = ["build", "--content", str(new), "--out", str(out)]
        _kill_at_line(build, line, lock=out if hold else None)
        for name in formats:
            tree = _tree(out / name)
            assert tree in (expected_old[name], expected_new[name]), (step, name)
            seen.add("new" if tree == expected_new[name] else "old")
        # The next build finishes the job and leaves nothing of the killed one behind.
        assert _run("build", "--content", str(new), "--out", str(out)).returncode == 0
        assert sorted(p.name for p in out.iterdir()) == [*formats]  # no lock file left either
        assert {f: _tree(out / f) for f in formats} == expected_new
    assert seen == {"old", "new"}  # the kills did land both before and after the swap


def _wait_for_rendering(process: subprocess.Popen[bytes]) -> bool:
    """Read the build's -v progress until it says it renders a format: its staging folder is
    then being written. False if the build ended first."""
    assert process.stderr is not None
    return any(b": rendering " in line for line in process.stderr)


def test_ctrl_c_during_build_keeps_the_old_output(
    versions: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    """Ctrl-C once the build says it is under way (rendering into a staging folder), while the
    test holds the output's lock, so that however fast the build is it cannot swap before the
    signal lands."""
    from filelock import FileLock

    _old, new, old_out, _new_out = versions
    formats = ("html", "json", "markdown")
    for attempt in range(3):
        out = tmp_path / f"out-{attempt}"
        shutil.copytree(old_out, out)
        command = [*CLI, "-v", "build", "--content", str(new), "--out", str(out)]
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=takes_ctrl_c
        )
        try:
            assert _wait_for_rendering(process), "the build never began writing"
            with FileLock(out / ".build.lock", timeout=120):
                # Unless it swapped before we held the lock, the build is still rendering or
                # waiting for the lock: either way it has not touched the output.
                unswapped = _tree(out / "json") == _tree(old_out / "json")
                interrupted = process.poll() is None and unswapped
                if interrupted:
                    process.send_signal(signal.SIGINT)
                _out, err = process.communicate(timeout=120)
        finally:
            process.kill()
        if interrupted:
            break
    else:
        pytest.fail("every build swapped before the lock could be taken")
    assert b"Traceback" not in err
    assert process.returncode == 130  # as a shell reports Ctrl-C; 1 would mean a failed check
    assert b"Interrupted." in err
    assert {f: _tree(out / f) for f in formats} == {f: _tree(old_out / f) for f in formats}
    assert sorted(p.name for p in out.iterdir()) == [".build.lock", *formats]


def test_two_builds_at_once_into_one_folder(
    versions: tuple[Path, Path, Path, Path], tmp_path: Path
) -> None:
    _old, new, _old_out, new_out = versions
    out = tmp_path / "out"
    command = [*CLI, "build", "--content", str(new), "--out", str(out)]

    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    second = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    assert {f: _tree(out / f) for f in ("html", "json", "markdown")} == {
        f: _tree(new_out / f) for f in ("html", "json", "markdown")
    }
    assert sorted(p.name for p in out.iterdir()) == ["html", "json", "markdown"]  # no lock left


def test_killed_translation_update_leaves_each_file_old_or_new(
    minimal_content: Path, tmp_path: Path
) -> None:
    root = str(minimal_content)
    assert _run("i18n", "init", "de", "--content", root).returncode == 0
    assert _run("i18n", "init", "fr", "--content", root).returncode == 0
    item = minimal_content / "topics/sample-topic/items/first-item.yaml"
    item.write_text(item.read_text("utf-8").replace("The first item", "The opening item"))
    before = _tree(minimal_content / "locales")
    after_copy = tmp_path / "after"
    shutil.copytree(minimal_content, after_copy)
    assert _run("i18n", "update", "de", "--content", str(after_copy)).returncode == 0
    after = _tree(after_copy / "locales")
    assert after != before

    changed = sum(before[name] != after[name] for name in before)
    for step in range(changed + 2):  # before the first file, after each one, and past the end
        trial = tmp_path / f"trial-{step}"
        shutil.copytree(minimal_content, trial)
        command = [*CLI, "i18n", "update", "de", "--content", str(trial)]
        _kill_once_replaced(command, trial / "locales", step)
        files = {k: v for k, v in _tree(trial / "locales").items() if not k.endswith(".tmp")}
        for name, data in files.items():
            assert data in (before[name], after[name]), (step, name)
        assert set(files) == set(before)
        # a killed write may leave its temporary file; nothing reads it, validate ignores it
        assert _run("validate", "--content", str(trial)).returncode in (0, 1)


def test_write_atomic_killed_mid_write_leaves_a_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "data.txt"
    old = "old\n" * 200_000
    target.write_text(old)
    script = (
        "import sys; from pathlib import Path; from chemsex_toolkit._atomic import write_atomic\n"
        "for i in range(1000): write_atomic(Path(sys.argv[1]), f'new {i}\\n' * 200_000)\n"
    )
    # Killed after 0 to 4 replacements: each time in the middle of writing the next one.
    for count in range(5):
        _kill_once_replaced([sys.executable, "-c", script, str(target)], tmp_path, count)
        text = target.read_text()
        first = text.partition("\n")[0]
        assert text == old or text == f"{first}\n" * 200_000, count


def test_killed_po_import_leaves_each_file_old_or_new(
    minimal_content: Path, tmp_path: Path
) -> None:
    root = str(minimal_content)
    assert _run("i18n", "init", "de", "--content", root).returncode == 0
    po_path = tmp_path / "de.po"
    assert _run("i18n", "export", "de", "--content", root, "-o", str(po_path)).returncode == 0
    po = polib.pofile(str(po_path))
    for entry in po:
        # Translated as import takes it: the source's references, lists and placeholders kept.
        between = "\n\n" if "\n" in entry.msgid.strip() else " "
        entry.msgstr = f"Übersetzt:{between}{entry.msgid}"
    po.save(str(po_path))
    before = _tree(minimal_content / "locales")
    done = tmp_path / "done"
    shutil.copytree(minimal_content, done)
    assert _run("i18n", "import", str(po_path), "--content", str(done)).returncode == 0
    after = _tree(done / "locales")
    assert after != before

    changed = sum(before[name] != after[name] for name in before)
    for step in range(changed + 2):  # before the first file, after each one, and past the end
        trial = tmp_path / f"trial-{step}"
        shutil.copytree(minimal_content, trial)
        command = [*CLI, "i18n", "import", str(po_path), "--content", str(trial)]
        _kill_once_replaced(command, trial / "locales", step)
        files = {k: v for k, v in _tree(trial / "locales").items() if not k.endswith(".tmp")}
        assert set(files) == set(before)
        for name, data in files.items():
            assert data in (before[name], after[name]), (step, name)
