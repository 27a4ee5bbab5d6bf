"""Every rule is linear in its input: tens of thousands of findings, through the CLI, and the
work counted (calls made, not seconds) as the input grows fourfold."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chemsex_toolkit.validation import validate

TOPIC = "topics/sample-topic/topic.yaml"


def _missing_items(content: Path, count: int) -> None:
    """A topic that lists ``count`` items whose files do not exist, each one a finding."""
    ids = ", ".join(f"missing-{index}" for index in range(count))
    path = content / TOPIC
    text = path.read_text("utf-8").replace("items: [first-item, second-item]", "")
    path.write_text(f"{text}items: [first-item, second-item, {ids}]\n", "utf-8")


def _calls(content: Path) -> int:
    """Python function calls made while validating ``content``."""
    calls = 0

    def count(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        validate(content)
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.slow  # forty thousand findings through a child process
def test_forty_thousand_missing_items_through_the_cli(minimal_content: Path) -> None:
    _missing_items(minimal_content, 40_000)
    command = ["validate", "--format", "json", "--content", str(minimal_content)]
    done = subprocess.run(
        [sys.executable, "-m", "chemsex_toolkit", *command],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    findings = json.loads(done.stdout)["findings"]
    # Shown up to the limit per file; the rest counted by one finding.
    assert sum(1 for f in findings if f["code"] == "CT302") == 100
    left_out = [f["message"] for f in findings if f["code"] == "CT112"]
    assert left_out == [
        "39900 more finding(s) in this file are left out: at most 100 are shown per file."
    ]


def test_work_grows_linearly_with_the_findings(tmp_path: Path, minimal_content: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    shutil.copytree(minimal_content, small)
    shutil.copytree(minimal_content, large)
    _missing_items(small, 2_000)
    _missing_items(large, 8_000)
    ratio = _calls(large) / _calls(small)
    # Four times the input: about four times the calls when linear, sixteen when quadratic.
    assert ratio < 5, ratio
