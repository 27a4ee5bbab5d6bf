"""The fuzz target: bytes in, through reading, the schema, the models and the text scans of
validate, and through the whole of validate on a content folder. Nothing may raise."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from chemsex_toolkit import textscan
from chemsex_toolkit.exporting.render import render_block
from chemsex_toolkit.loading.content import to_model
from chemsex_toolkit.loading.yamlio import parse_yaml
from chemsex_toolkit.mdtext import plain_text
from chemsex_toolkit.validation import validate
from chemsex_toolkit.validation.schema_rules import explain

MINIMAL = Path(__file__).parents[1] / "fixtures" / "minimal"
# Where each kind of file lives in the minimal content (the first byte of the input picks one).
PLACES = {
    "toolkit": "toolkit.yaml",
    "checklist": "checklist.yaml",
    "ui": "ui.yaml",
    "topic": "topics/sample-topic/topic.yaml",
    "links": "topics/sample-topic/links.yaml",
    "item": "topics/sample-topic/items/second-item.yaml",
    "resource": "resources/sample-case.yaml",
    "catalog": "locales/de/common.yaml",
}
KINDS = sorted(PLACES)


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return [node] if isinstance(node, str) else []


def check(data: bytes) -> None:
    """Raises only if the code under test has a bug."""
    if not data:
        return
    kind = KINDS[data[0] % len(KINDS)]
    whole_folder = data[0] >= 128
    raw = data[1:]
    relpath = PLACES[kind]
    document, problems = parse_yaml(raw, Path(relpath), relpath)
    for problem in problems:
        assert problem.code.startswith("CT1"), problem
    if document is not None:
        if to_model(document, kind) is None:
            explain(document, kind)
        for text in _strings(document.plain()):
            for scan in (textscan.inline_urls, textscan.raw_html, textscan.unsafe_characters):
                list(scan(text))
            textscan.references(text)
            textscan.list_shape(text)
            plain_text(text)
            render_block(text)
    if whole_folder:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "content"
            shutil.copytree(MINIMAL, root)
            target = root / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
            validate(root)
