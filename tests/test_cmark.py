"""cmark-gfm through its C library: the same HTML as the cmarkgfm wrapper, and no memory lost."""

from __future__ import annotations

import cmarkgfm
import pytest

from chemsex_toolkit.cmark import to_html

SAMPLE = (
    "Some *words* and [a link](https://example.org/) and `code`.\n\n- one\n- two\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n<b>raw</b> [bad](javascript:alert(1))\n"
)


def _anonymous_memory_kb() -> int:
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["RssAnon"].split()[0])


def test_same_html_as_the_wrapper() -> None:
    expected = cmarkgfm.markdown_to_html_with_extensions(SAMPLE, options=0, extensions=["table"])
    assert to_html(SAMPLE) == expected
    assert "<table>" in expected and "raw HTML omitted" in expected


@pytest.mark.slow
def test_rendering_frees_what_it_allocates() -> None:
    to_html(SAMPLE)
    before = _anonymous_memory_kb()
    for _ in range(20_000):
        to_html(SAMPLE)
    # cmarkgfm's wrapper loses about 5 KB a call here, 100 MB in all.
    assert _anonymous_memory_kb() - before < 10_000
