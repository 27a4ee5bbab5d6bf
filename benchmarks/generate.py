"""Synthetic content at any scale, valid under the real schemas, reproducible from a seed.

    python benchmarks/generate.py OUT --topics 10 --items 50 --locales 10 --seed 1

It copies the bundled checklist and interface strings, then writes TOPICS topics of ITEMS items
each (with links and references like the real content, items about as long as the bundled ones)
and, for each locale, a complete machine translation of every string. The "translation" keeps
length and markup (letters rotated, references untouched), so a synthetic locale weighs what a
real one does; fingerprints and statuses are computed by the i18n package.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

from chemsex_toolkit.paths import bundled_content

WORDS = (
    "community testing service staff volunteers support harm reduction counselling referral "
    "network partners peer knowledge training quality local needs guidance adaptation review "
    "clients access participation stigma respect information campaign collaboration plan"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraphs(rng: random.Random, count: int, refs: list[str]) -> str:
    paragraphs = []
    for _ in range(count):
        sentences = [_sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(2, 4))]
        if refs and rng.random() < 0.6:
            sentences.append(f"See [{rng.choice(WORDS)}][{rng.choice(refs)}].")
        paragraphs.append(" ".join(sentences))
    if rng.random() < 0.5:
        paragraphs.append("\n".join(f"- {_sentence(rng, 6)}" for _ in range(rng.randint(2, 5))))
    return "\n\n".join(paragraphs)


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.splitlines())


def generate(out: Path, topics: int, items: int, locales: int, seed: int) -> None:
    """Write a content folder of ``topics`` x ``items`` items and ``locales`` translations."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    source = bundled_content()
    for name in ("checklist.yaml", "ui.yaml"):
        shutil.copyfile(source / name, out / name)
    topic_ids = [f"topic-{t:03d}" for t in range(topics)]
    locale_codes = [f"x{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(locales)]
    lines = [
        "id: synthetic-toolkit",
        "title: Synthetic toolkit",
        "version: 1.0.0",
        "source_locale: en",
        f"locales: [{', '.join(locale_codes)}]",
        "licence: CC-BY-4.0",
        f"topics: [{', '.join(topic_ids)}]",
    ]
    (out / "toolkit.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for t, topic_id in enumerate(topic_ids):
        folder = out / "topics" / topic_id
        (folder / "items").mkdir(parents=True)
        item_ids = [f"t{t:03d}-item-{i:03d}" for i in range(items)]
        link_ids = [f"t{t:03d}-link-{i:03d}" for i in range(max(2, items // 2))]
        refs = [f"link:{link}" for link in link_ids] + [f"item:{i}" for i in item_ids]
        (folder / "topic.yaml").write_text(
            f"id: {topic_id}\ntitle: {_sentence(rng, 4)}\n"
            f"introduction: {_block(_paragraphs(rng, 2, []), 2)}\n"
            f"items: [{', '.join(item_ids)}]\n",
            encoding="utf-8",
        )
        links = ["links:"]
        for index, link_id in enumerate(link_ids):
            host = f"host{index % 5}.example.org"
            links += [
                f"  - id: {link_id}",
                f"    title: {_sentence(rng, 3)}",
                f"    url: https://{host}/{topic_id}/{index}",
            ]
        (folder / "links.yaml").write_text("\n".join(links) + "\n", encoding="utf-8")
        for index, item_id in enumerate(item_ids):
            # Cite every link once, so that no link is unused.
            cited = [f"link:{link_ids[index]}"] if index < len(link_ids) else []
            sections = []
            own = f"item:{item_id}"  # a text may not refer to its own item
            for section in ("description", "guidance", "adaptation", "quality_improvement"):
                text = _paragraphs(rng, rng.randint(1, 3), [r for r in refs if r != own])
                if section == "guidance" and cited:
                    text += f"\n\nRead [this guide][{cited[0]}]."
                sections.append(f"  {section}: {_block(text, 4)}")
            (folder / "items" / f"{item_id}.yaml").write_text(
                f"id: {item_id}\ntitle: {_sentence(rng, 5)}\nsections:\n"
                + "\n".join(sections)
                + "\n",
                encoding="utf-8",
            )
    if locale_codes:
        _translate(out, locale_codes)


_ROT13 = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "nopqrstuvwxyzabcdefghijklmNOPQRSTUVWXYZABCDEFGHIJKLM",
)
# Kept as they are: reference targets, and placeholders such as {path} (a translation must keep
# every placeholder of its source).
_TARGET = re.compile(r"\]\[[a-z]+:[^\]]*\]|\{[\w-]+\}")


def rotate(text: str) -> str:
    """Same length, same Markdown, other letters; reference targets (``][link:id]``) and
    placeholders (``{name}``) kept."""
    out, position = [], 0
    for match in _TARGET.finditer(text):
        out.append(text[position : match.start()].translate(_ROT13))
        out.append(match.group(0))
        position = match.end()
    out.append(text[position:].translate(_ROT13))
    return "".join(out)


def _translate(out: Path, locale_codes: list[str]) -> None:
    from chemsex_toolkit.i18n import pseudo_translate_locale

    for code in locale_codes:
        pseudo_translate_locale(out, code, rotate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--topics", type=int, default=1)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--locales", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.topics, args.items, args.locales, args.seed)


if __name__ == "__main__":
    main()
