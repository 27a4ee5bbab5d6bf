"""A downstream project using the Python API: print the checklist of every topic as a table.

    python examples/api_summary.py [LOCALE]

Uses only the public API: ``chemsex_toolkit.load`` and the typed models.
"""

from __future__ import annotations

import sys

import chemsex_toolkit


def main() -> None:
    locale = sys.argv[1] if len(sys.argv) > 1 else None
    toolkit = chemsex_toolkit.load(locale=locale)
    questions = [q.short for q in toolkit.checklist.questions]
    print(f"{toolkit.title} ({toolkit.id} {toolkit.version}, {toolkit.locale})")
    for topic in toolkit.topics:
        print(f"\n{topic.title}")
        print(" | ".join(["Item", *questions]))
        for item in topic.items:
            print(" | ".join([item.title, *("" for _ in questions)]))
        sections = sum(1 for item in topic.items for _name, text in item.sections if text)
        print(f"{len(topic.items)} items, {sections} sections, {len(topic.links)} links")


if __name__ == "__main__":
    main()
