"""A downstream project reading the JSON export with nothing but the standard library.

    python examples/json_checklist.py dist/json/en.json

Prints each topic's items with the four questions, as another toolkit would import them.
"""

from __future__ import annotations

import json
import sys

SUPPORTED_SCHEMA_MAJOR = "1"


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        document = json.load(handle)
    if document.get("schema_version", "").split(".")[0] != SUPPORTED_SCHEMA_MAJOR:
        sys.exit(f"unsupported export schema {document.get('schema_version')}")
    questions = document["checklist"]["questions"]
    for topic in document["topics"]:
        print(
            f"{topic['title']} ({document['toolkit_id']} {document['content_version']}, "
            f"{document['locale']})"
        )
        for number, item in enumerate(topic["items"], start=1):
            print(f"{number}. {item['title']}")
            for question in questions:
                section = item["sections"][question["section"]]
                words = len(section["text"].split())
                print(f"   - {question['text']} ({words} words of guidance)")


if __name__ == "__main__":
    main()
