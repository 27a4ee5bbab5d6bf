"""The FHIR exporter, read back with fhir.resources as a FHIR server or form renderer would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

import chemsex_toolkit
from chemsex_toolkit import Toolkit
from chemsex_toolkit.exporting.build import build

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"
HELP = {
    "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
    "valueCodeableConcept": {
        "coding": [
            {
                "system": "http://hl7.org/fhir/questionnaire-item-control",
                "code": "help",
                "display": "Help-Button",
            }
        ]
    },
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fhir")
    build(MULTI, out, ["fhir"])
    return out / "fhir"


@pytest.fixture(scope="module")
def source() -> Toolkit:
    return chemsex_toolkit.load(MULTI)


def _locales(source: Toolkit) -> list[str]:
    return [source.source_locale, *source.locales]


def _resource(folder: Path, locale: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (folder / f"{locale}.questionnaire.json").read_text("utf-8")
    )
    return document


def _items(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from _items(item.get("item", []))


def _by_link(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["linkId"]: item for item in _items(resource["item"])}


def test_one_questionnaire_per_locale_that_fhir_resources_parses(
    folder: Path, source: Toolkit
) -> None:
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(
        f"{locale}.questionnaire.json" for locale in _locales(source)
    )
    for locale in _locales(source):
        parsed = Questionnaire.model_validate(_resource(folder, locale))
        assert parsed.status == "active" and parsed.language == locale
        assert parsed.version == source.version
        assert parsed.url == f"urn:chemsex-toolkit:questionnaire:{source.id}:{locale}"
        # One group per topic, in the toolkit's order, after the assessment's own group.
        assert parsed.item is not None
        assert [item.linkId for item in parsed.item] == [
            "toolkit:assessment",
            *(f"topic:{topic.id}" for topic in source.topics),
        ]


def test_link_ids_are_unique_and_made_from_the_content_ids(folder: Path, source: Toolkit) -> None:
    questions = [question.id for question in source.checklist.questions]
    expected = {"toolkit:assessment", "toolkit:planning"}
    for topic in source.topics:
        expected.add(f"topic:{topic.id}")
        for item in topic.items:
            expected |= {item.id, f"{item.id}/action"}
            expected |= {
                f"{item.id}.{question}{end}"
                for question in questions
                for end in ("", "/reason", "/help")
            }
    found = None
    for locale in _locales(source):
        links = [item["linkId"] for item in _items(_resource(folder, locale)["item"])]
        assert len(links) == len(set(links)), locale
        assert expected <= set(links)
        # The same in every locale: a response in any language maps back alike.
        assert found is None or links == found
        found = links


def test_every_condition_names_an_item_and_a_coded_answer(folder: Path, source: Toolkit) -> None:
    resource = _resource(folder, "en")
    items = _by_link(resource)
    (value_set,) = resource["contained"]
    system = value_set["compose"]["include"][0]["system"]
    codes = [concept["code"] for concept in value_set["compose"]["include"][0]["concept"]]
    assert codes == [answer.id for answer in source.checklist.answers]
    assert [entry["code"] for entry in value_set["expansion"]["contains"]] == codes
    conditioned = [item for item in items.values() if "enableWhen" in item]
    assert conditioned
    for item in conditioned:
        assert item["enableBehavior"] in ("all", "any")
        for condition in item["enableWhen"]:
            assert condition["question"] in items
            coding = condition.get("answerCoding")
            if coding is not None:
                assert coding["system"] == system and coding["code"] in codes
    for item in items.values():
        if item["type"] == "choice":
            assert item["answerValueSet"] == f"#{value_set['id']}"


def test_reasons_are_required_once_not_applicable_is_answered(
    folder: Path, source: Toolkit
) -> None:
    items = _by_link(_resource(folder, "en"))
    with_reason = [answer.id for answer in source.checklist.answers if answer.requires_reason]
    assert with_reason == ["not-applicable"]
    reason = items["prep-access.adapted/reason"]
    assert reason["type"] == "text" and reason["required"] is True
    assert [c["answerCoding"]["code"] for c in reason["enableWhen"]] == with_reason
    assert {c["question"] for c in reason["enableWhen"]} == {"prep-access.adapted"}


def test_planning_mode_skips_only_the_questions_it_may(folder: Path, source: Toolkit) -> None:
    items = _by_link(_resource(folder, "en"))
    assert items["toolkit:planning"]["type"] == "boolean"
    skippable = {q.id for q in source.checklist.questions if q.skippable_when_planning}
    assert skippable == {"working"}
    for item in (i for topic in source.topics for i in topic.items):
        for question in source.checklist.questions:
            entry = items[f"{item.id}.{question.id}"]
            if question.id in skippable:
                assert entry["enableWhen"] == [
                    {"question": "toolkit:planning", "operator": "!=", "answerBoolean": True}
                ]
            else:
                assert "enableWhen" not in entry


def test_the_sections_are_help_in_plain_text(folder: Path, source: Toolkit) -> None:
    items = _by_link(_resource(folder, "en"))
    help_items = [item for item in items.values() if item["linkId"].endswith("/help")]
    assert help_items
    for item in help_items:
        assert item["type"] == "display" and item["extension"] == [HELP]
        assert "](" not in item["text"] and "][" not in item["text"] and "**" not in item["text"]
    # The question that opens the guidance section carries it; a cited page keeps its address.
    guide = items["prep-access.documented/help"]["text"]
    assert guide == "Guidance\n\nRead the PrEP guide (https://example.org/prep/)."
    assert items["prep-access/action"]["type"] == "text"


def test_every_locale_has_its_own_words(folder: Path, source: Toolkit) -> None:
    for locale in source.locales:
        toolkit = chemsex_toolkit.load(MULTI, locale=locale)
        resource = _resource(folder, locale)
        items = _by_link(resource)
        assert resource["title"] == toolkit.title
        displays = [c["display"] for c in resource["contained"][0]["expansion"]["contains"]]
        assert displays == [answer.label for answer in toolkit.checklist.answers]
        for topic in toolkit.topics:
            assert items[f"topic:{topic.id}"]["text"] == topic.title
            for item in topic.items:
                assert items[item.id]["text"] == item.title
        assert items["toolkit:planning"]["text"] == toolkit.text("planning-label")
    german = _by_link(_resource(folder, "de"))
    english = _by_link(_resource(folder, "en"))
    assert german["first-item"]["text"] != english["first-item"]["text"]


def test_two_builds_are_byte_identical(folder: Path, tmp_path: Path) -> None:
    build(MULTI, tmp_path, ["fhir"])
    for path in folder.glob("*.json"):
        assert (tmp_path / "fhir" / path.name).read_bytes() == path.read_bytes()


def _addresses(value: Any) -> Iterator[str]:
    """Every url and system anywhere in a JSON value."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("url", "system") and isinstance(inner, str):
                yield inner
            else:
                yield from _addresses(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _addresses(inner)


def test_only_urns_and_the_standards_own_addresses(folder: Path) -> None:
    addresses = list(_addresses(_resource(folder, "en")))
    assert "http://hl7.org/fhir/questionnaire-item-control" in addresses
    for address in addresses:
        assert address.startswith(("urn:chemsex-toolkit:", "http://hl7.org/fhir/")), address


def test_a_machine_translation_says_so(folder: Path) -> None:
    assert "machine translation, not reviewed" in _resource(folder, "es")["description"]
    assert "description" not in _resource(folder, "en")
