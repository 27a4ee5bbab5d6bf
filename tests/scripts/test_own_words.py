"""scripts/own_words.py: finding passages copied word for word from a source document."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[2]
SOURCE = ROOT / "tests" / "fixtures" / "own-words" / "source.txt"


@pytest.fixture(scope="module")
def own_words() -> ModuleType:
    spec = importlib.util.spec_from_file_location("own_words", ROOT / "scripts" / "own_words.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["own_words"] = module
    spec.loader.exec_module(module)
    return module


def test_a_copied_run_is_found_with_its_source_line(own_words: ModuleType) -> None:
    sources = {"source.txt": SOURCE.read_text("utf-8")}
    messages = {
        "copied": "Look: the quick brown fox jumps over the lazy dog, while the farmer watches.",
        "own": "A fast fox leaps across a sleepy dog as a farmer looks on from a barn.",
    }
    (passage,) = own_words.find(messages, sources, min_words=12)
    assert passage.message_id == "copied"
    assert passage.source_line == 3
    assert passage.words.startswith("the quick brown fox") and passage.words.endswith("watches")


def test_reference_syntax_and_glued_words_do_not_hide_a_copy(own_words: ModuleType) -> None:
    sources = {"s": "Support for ChemSexusers who ask for help in whatever way they can express"}
    text = "[Support for ChemSex users][link:x] who ask for help in whatever way they can express"
    assert len(own_words.find({"m": text}, sources, min_words=12)) == 1
    assert own_words.find({"m": text}, sources, min_words=30) == []


def test_the_command_fails_on_a_copy_and_passes_on_own_words(
    own_words: ModuleType, minimal_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert own_words.main([str(SOURCE), "--content", str(minimal_content)]) == 0
    item = minimal_content / "topics" / "sample-topic" / "items" / "first-item.yaml"
    text = item.read_text("utf-8")
    copied = "the quick brown fox jumps over the lazy dog while the farmer watches from the barn"
    item.write_text(text.replace("title: ", f"title: {copied} ", 1), "utf-8")
    assert own_words.main([str(SOURCE), "--content", str(minimal_content)]) == 1
    assert "item.first-item.title" in capsys.readouterr().out
