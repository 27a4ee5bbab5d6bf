"""Answers files of made-up services for the network report's tests, written as the page saves
them, for any toolkit (IDs and fingerprints come from the loaded toolkit)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chemsex_toolkit.exporting.render import item_fingerprint
from chemsex_toolkit.models import Toolkit


def answers_document(
    toolkit: Toolkit,
    service: str,
    date: str,
    given: Mapping[str, Mapping[str, str]],
    *,
    saved_at: str = "",
    reason: str = "",
    action: str = "",
) -> dict[str, Any]:
    """An answers file of ``service`` on ``date``: ``given`` maps item ID -> question -> answer."""
    items = {item.id: item for topic in toolkit.topics for item in topic.items}
    return {
        "format": "chemsex-toolkit-answers",
        "formatVersion": 2,
        "toolkit": toolkit.id,
        "contentVersion": toolkit.version,
        "locale": toolkit.locale,
        "savedAt": saved_at or f"{date}T10:00:00.000Z",
        "state": {
            "meta": {"service": service, "date": date, "participants": "Team member names"},
            "planning": False,
            "items": {
                item_id: {
                    "answers": dict(answers),
                    "reasons": {question: reason for question in answers} if reason else {},
                    "action": action,
                    "fingerprint": item_fingerprint(items[item_id]),
                }
                for item_id, answers in given.items()
            },
            "plan": [{"item": "", "what": action, "who": "Secret team", "status": "planned"}]
            if action
            else [],
        },
    }


def write(path: Path, document: Mapping[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def every(toolkit: Toolkit, answer: str) -> dict[str, dict[str, str]]:
    """The same answer to every question of every item."""
    questions = [question.id for question in toolkit.checklist.questions]
    return {
        item.id: {question: answer for question in questions}
        for topic in toolkit.topics
        for item in topic.items
    }
