"""A team's merge and a comparison of two assessments, rendered for people (text) and tools
(JSON). Names, IDs and values come from answers files, strangers' data: text passes
``printable`` so that no terminal control sequence reaches the screen."""

from __future__ import annotations

import json

from chemsex_toolkit.answers import Comparison, MergeResult
from chemsex_toolkit.reporting.text import printable


def merge_text(result: MergeResult, out: str) -> str:
    members = ", ".join(printable(name) for name in result.members)
    lines = [f"Merged {len(result.members)} file(s) ({members}) into {printable(out)}."]
    if not result.disagreements:
        lines.append("The members agree on everything they answered.")
    else:
        lines.append(f"{len(result.disagreements)} disagreement(s), left open:")
        for entry in result.disagreements:
            where = (
                f"{printable(entry.item)} {printable(entry.field)}"
                if entry.item
                else printable(entry.field)
            )
            given = "; ".join(
                f"{printable(name)}: {printable(value)}" for name, value in entry.values
            )
            lines.append(f"  {where}: {given}")
    return "\n".join(lines) + "\n"


def merge_json(result: MergeResult, out: str) -> str:
    document = {
        "out": out,
        "members": list(result.members),
        "disagreements": [
            {
                "item": entry.item,
                "field": entry.field,
                "values": [{"member": name, "value": value} for name, value in entry.values],
            }
            for entry in result.disagreements
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def comparison_text(comparison: Comparison) -> str:
    counts = {d: comparison.count(d) for d in ("better", "worse", "same")}
    lines = [
        f"{printable(comparison.old)} -> {printable(comparison.new)}: {counts['better']} better,"
        f" {counts['worse']} worse, {counts['same']} the same."
    ]
    for change in comparison.changes:
        if change.direction != "same":
            lines.append(
                f"  {change.direction:6}  {printable(change.item)} {printable(change.question)}:"
                f" {printable(change.before)} -> {printable(change.after)}"
            )
    return "\n".join(lines) + "\n"


def comparison_json(comparison: Comparison) -> str:
    document = {
        "old": comparison.old,
        "new": comparison.new,
        "summary": {d: comparison.count(d) for d in ("better", "worse", "same")},
        "changes": [
            {
                "item": change.item,
                "question": change.question,
                "before": change.before,
                "after": change.after,
                "direction": change.direction,
            }
            for change in comparison.changes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
