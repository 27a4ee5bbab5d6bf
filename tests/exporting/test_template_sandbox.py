"""Templates reach plain data and a short list of lookups, never a model's methods: every value
every built-in exporter's templates receive is walked, and every public callable on it tried."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.exceptions import SecurityError
from pydantic import BaseModel

from chemsex_toolkit.errors import ExportError
from chemsex_toolkit.exporting.build import build
from chemsex_toolkit.exporting.sandbox import PLAIN_TYPES, TemplateSandbox

FIXTURE = Path(__file__).parents[1] / "fixtures" / "multi-topic"

# The only methods templates may call on the toolkit's objects (plain data aside).
TEMPLATE_API = {
    ("Toolkit", "item"),
    ("Toolkit", "link"),
    ("Toolkit", "resource"),
    ("Toolkit", "text"),
    ("LocaleView", "lang_of"),
    ("LocaleView", "machine_translated"),
    ("LocaleView", "has_fallback"),
    ("LocaleView", "review_figures"),
    # The booklet's form field names (exporters/pdf/fields.py): strings from strings.
    ("FieldNames", "answer"),
    ("FieldNames", "reason"),
    ("FieldNames", "action"),
    ("FieldNames", "meta"),
    ("FieldNames", "plan"),
}
# What the probe used or could use on a pydantic model.
MODEL_METHODS = [
    "parse_raw",
    "parse_file",
    "parse_obj",
    "model_construct",
    "construct",
    "copy",
    "model_copy",
    "model_fields",
    "model_validate",
    "model_validate_json",
    "model_dump",
    "json",
    "dict",
    "schema",
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    return target


def _received(monkeypatch: pytest.MonkeyPatch, content: Path, out: Path) -> list[Any]:
    """Every value passed to any template while every built-in templated format is built."""
    received: list[Any] = []
    render = jinja2.Template.render

    def recording(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        received.extend(kwargs.values())
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", recording)
    build(content, out, ["html", "markdown", "pdf"])
    assert received
    return received


def _walk(env: jinja2.Environment, roots: list[Any]) -> Iterator[tuple[Any, str, Any]]:
    """(object, attribute, value) for every public attribute of everything reachable."""
    seen: set[int] = set()
    queue = list(roots)
    while queue:
        obj = queue.pop()
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, type(None))):
            continue
        seen.add(id(obj))
        if isinstance(obj, dict):
            queue.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            queue.extend(obj)
        for name in dir(obj):
            if name.startswith("_"):
                continue
            value = env.getattr(obj, name)
            yield obj, name, value
            if not isinstance(value, jinja2.Undefined) and not callable(value):
                queue.append(value)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydantic, on reaching model_fields
def test_no_template_value_offers_a_method_beyond_the_template_api(
    monkeypatch: pytest.MonkeyPatch, content: Path, tmp_path: Path
) -> None:
    env = TemplateSandbox(undefined=jinja2.StrictUndefined)
    models = 0
    callables: set[tuple[str, str]] = set()
    for obj, name, value in _walk(env, _received(monkeypatch, content, tmp_path / "out")):
        if isinstance(obj, BaseModel):
            models += 1
        if isinstance(value, jinja2.Undefined):
            with pytest.raises(SecurityError):
                value()
        elif callable(value) and not isinstance(obj, PLAIN_TYPES):
            callables.add((type(obj).__name__, name))
    assert models > 0
    assert callables <= TEMPLATE_API, callables - TEMPLATE_API


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydantic, on reaching model_fields
@pytest.mark.parametrize("method", MODEL_METHODS)
def test_a_template_cannot_use_a_models_methods(content: Path, tmp_path: Path, method: str) -> None:
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "topic.md.j2").write_text(
        f"{{{{ toolkit.{method}('x') }}}} {{{{ topic['{method}'] }}}}"
        f" {{{{ topic|attr('{method}') }}}}",
        "utf-8",
    )
    with pytest.raises(ExportError, match="unsafe"):
        build(content, tmp_path / "out", ["markdown"], templates=tmp_path / "templates")
    assert not (tmp_path / "out" / "markdown").exists()


def test_pickle_through_parse_raw_runs_nothing(content: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = f"cos\nsystem\n(S'touch {marker}'\ntR.".encode().hex()
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "topic.md.j2").write_text(
        "{{ toolkit.topics[0].parse_raw('" + payload + "'|string, proto='pickle',"
        " allow_pickle=True) }}",
        "utf-8",
    )
    with pytest.raises(ExportError, match="unsafe"):
        build(content, tmp_path / "out", ["markdown"], templates=tmp_path / "templates")
    assert not marker.exists()


def test_the_template_api_still_works(content: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "topic.md.j2").write_text(
        "{{ toolkit.item(topic.items[0].id).title }}|{{ toolkit.text('translation-status') }}"
        "|{% for i in topic.items %}{{ loop.index }}{% endfor %}|{{ topic.title|upper }}",
        "utf-8",
    )
    build(content, tmp_path / "out", ["markdown"], templates=tmp_path / "templates")
    assert any("|1" in p.read_text("utf-8") for p in (tmp_path / "out/markdown").rglob("*.md"))


def test_jinja_s_own_objects_still_work(content: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "base.md.j2").write_text("{% block head %}H{% endblock %}|", "utf-8")
    (templates / "topic.md.j2").write_text(
        '{% extends "base.md.j2" %}{% block head %}{{ super() }}{{ self.tail() }}'
        "{% set ns = namespace(n=0) %}{% for i in topic.items %}{% set ns.n = ns.n + 1 %}"
        "{% endfor %}{{ ns.n }}{{ cycler('a', 'b').next() }}{% endblock %}"
        "{% block tail %}T{% endblock %}",
        "utf-8",
    )
    build(content, tmp_path / "out", ["markdown"], templates=tmp_path / "templates")
    # The topic files (each locale's index.md comes from a template of its own).
    pages = [
        p.read_text("utf-8")
        for p in (tmp_path / "out/markdown").rglob("*.md")
        if p.name != "index.md"
    ]
    assert pages and all(page.startswith("HT") and page.rstrip().endswith("a|") for page in pages)


# Templates that fail as Python or Jinja fail, and what the build must then say of them.
FAILING = {
    "range": ("{% for i in range(100000000) %}{% endfor %}", "Range too big"),
    "extends-itself": ("{% extends 'topic.md.j2' %}", "itself too deeply"),
    "calls-itself": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "itself too deeply"),
    "nested": ("{% if 1 %}" * 3000 + "{% endif %}" * 3000, "itself too deeply"),
    "division": ("{{ 1 / 0 }}", "division by zero"),
    "format": ("{{ '%s %s' % (1,) }}", "not enough arguments"),
    "syntax": ("{% if %}", "Expected an expression"),
    "include": ("{% include '/etc/passwd' %}", "no template is named '/etc/passwd'"),
}


@pytest.mark.parametrize("case", FAILING)
def test_a_failing_template_is_named_with_its_line_and_what_is_wrong(
    content: Path, tmp_path: Path, case: str
) -> None:
    text, said = FAILING[case]
    templates = tmp_path / "templates" / "markdown"
    templates.mkdir(parents=True)
    (templates / "topic.md.j2").write_text("A first line\n" + text + "\n", "utf-8")
    with pytest.raises(ExportError) as raised:
        build(content, tmp_path / "out", ["markdown"], templates=tmp_path / "templates")
    message = str(raised.value)
    assert f"{templates / 'topic.md.j2'}, line 2)" in message
    assert said in message
    assert not (tmp_path / "out" / "markdown").exists()
