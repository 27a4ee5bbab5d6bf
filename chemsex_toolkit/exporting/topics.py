"""What one topic of a toolkit needs of the rest, for exports that give each topic a file (or a
part) of its own: where a referenced thing lives, and which resources and links the topic cites."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from chemsex_toolkit.models import Toolkit, Topic
from chemsex_toolkit.textscan import references


def topic_of(toolkit: Toolkit) -> Callable[[str, str], str | None]:
    """(kind, target) of a reference -> the ID of the topic whose text holds its anchor, or None
    for a thing that belongs to no topic (a resource, a link) or that this toolkit lacks."""
    home = {item.id: topic.id for topic in toolkit.topics for item in topic.items}
    topics = {topic.id for topic in toolkit.topics}

    def owner(kind: str, target: str) -> str | None:
        match kind:
            case "topic":
                return target if target in topics else None
            case "item" | "section":
                # A section's target is "item-id/section-id".
                return home.get(target.split("/", 1)[0])
        return None

    return owner


def topic_texts(topic: Topic) -> Iterator[str]:
    """Every content text of a topic: its introduction and its items' sections."""
    yield topic.introduction
    for item in topic.items:
        for _name, text in item.sections:
            yield text


def topic_resources(toolkit: Toolkit, topic: Topic) -> list[str]:
    """IDs of the resources that a topic's items list or its text refers to, in the toolkit's
    order."""
    wanted = {resource_id for item in topic.items for resource_id in item.resources}
    wanted |= {
        ref.target
        for text in topic_texts(topic)
        for ref in references(text)
        if ref.kind == "resource"
    }
    return [resource.id for resource in toolkit.resources if resource.id in wanted]


def topic_links(toolkit: Toolkit, topic: Topic) -> list[str]:
    """IDs of the links that a topic's text and its resources (see ``topic_resources``) cite,
    each once, in the order they are first cited."""
    found: dict[str, None] = {}
    for text in topic_texts(topic):
        found.update((ref.target, None) for ref in references(text) if ref.kind == "link")
    for resource_id in topic_resources(toolkit, topic):
        resource = toolkit.resource(resource_id)
        if resource.link:
            found[resource.link] = None
        found.update(
            (ref.target, None) for ref in references(resource.summary) if ref.kind == "link"
        )
    return list(found)
