"""A booklet of the pdf export, filled with pypdf as a PDF reader's form filling fills it (the
value of each field, its appearance drawn anew), saved, and imported back into answers."""

from __future__ import annotations

import warnings
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

import chemsex_toolkit
from chemsex_toolkit import Toolkit
from chemsex_toolkit.answers import AnswersError, import_answers, validate_answers
from chemsex_toolkit.answers.check import ContentKeys
from chemsex_toolkit.answers.model import AnswersFile, ItemAnswers, Meta, PlanRow, State
from chemsex_toolkit.cli import main
from chemsex_toolkit.exporting.build import build

# WeasyPrint lays out whole booklets: a few seconds each.
pytestmark = pytest.mark.slow

MULTI = Path(__file__).parents[1] / "fixtures" / "multi-topic"


@pytest.fixture(scope="module")
def booklets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    build(MULTI, out, ["pdf"], locales=["en", "de"])
    return out / "pdf"


@pytest.fixture(scope="module")
def source() -> Toolkit:
    return chemsex_toolkit.load(MULTI)


def _expected(source: Toolkit, locale: str) -> AnswersFile:
    """Answers to every other item of every topic (each answer once), reasons, actions, a
    plan with and without item and date, and the metadata: derived from the content."""
    keys = ContentKeys.of(source)
    answers = [a.id for a in source.checklist.answers]
    questions = keys.questions
    items = {}
    for n, (item, fingerprint) in enumerate(list(keys.fingerprints.items())[::2]):
        given = {q: answers[(n + i) % len(answers)] for i, q in enumerate(questions) if i != n % 3}
        items[item] = ItemAnswers(
            answers=given,
            reasons={questions[0]: f"Grund {n}: (Klammern) \\ und ünïcödé"},
            action=f"Action {n}\nsecond line",
            fingerprint=fingerprint,
        )
    ids = list(keys.fingerprints)
    plan = [
        PlanRow(item=ids[0], origin=ids[0], what="Train staff", who="Ana", status="in-progress"),
        PlanRow(item=ids[-1], origin=ids[-1], when="2026-06-30", when_date="2026-06-30"),
        PlanRow(what="An action of no item", monitoring="Monthly", when="Q3", status="done"),
    ]
    return AnswersFile(
        format="chemsex-toolkit-answers",
        format_version=2,
        toolkit=source.id,
        content_version=source.version,
        locale=locale,
        state=State(
            meta=Meta(service="Checkpoint Süd", date="2026-03-01", participants="Ana, Ben"),
            planning=True,
            items=items,
            plan=plan,
        ),
    )


def _values(answers: AnswersFile) -> dict[str, str]:
    """The value of each field a team fills, by the field's name; a radio button or check
    box takes the name of its on state, as a reader sets it."""
    state = answers.state
    values = {
        "ct.meta.service": state.meta.service,
        "ct.meta.date": state.meta.date,
        "ct.meta.participants": state.meta.participants,
        "ct.meta.planning": "/on" if state.planning else "/Off",
    }
    for item, given in state.items.items():
        for question, answer in given.answers.items():
            values[f"ct.item.{item}.{question}.answer"] = f"/{answer}"
        for question, reason in given.reasons.items():
            values[f"ct.item.{item}.{question}.reason"] = reason
        values[f"ct.item.{item}.action"] = given.action
    for row, entry in enumerate(state.plan, 1):
        for column in ("item", "what", "who", "when", "monitoring", "status"):
            values[f"ct.plan.{row}.{column}"] = getattr(entry, column)
        values[f"ct.plan.{row}.priority"] = "1"  # the page derives it; the booklet's is not read
    return values


def _fill(built: Path, values: dict[str, str], out: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(built))
    writer.update_page_form_field_values(None, values, auto_regenerate=True)
    with out.open("wb") as file:
        writer.write(file)
    return out


@pytest.mark.parametrize("locale", ["en", "de"])
def test_a_filled_booklet_imports_to_the_answers_put_in(
    booklets: Path, source: Toolkit, tmp_path: Path, locale: str
) -> None:
    expected = _expected(source, locale)
    filled = _fill(booklets / f"{locale}.pdf", _values(expected), tmp_path / "filled.pdf")
    # The values are in the saved file as a reader would find them.
    fields = PdfReader(filled).get_fields() or {}
    assert fields["ct.meta.service"]["/V"] == "Checkpoint Süd"
    imported = import_answers(filled, MULTI)
    assert imported == expected
    report = validate_answers(imported.dump(), source)
    assert report.findings == () and report.answers == expected


def test_a_blank_booklet_imports_as_no_answers(booklets: Path) -> None:
    imported = import_answers(booklets / "en.pdf", MULTI)
    assert imported.state.items == {} and imported.state.plan == []
    assert imported.state.meta == Meta() and imported.state.planning is False


def test_the_state_a_reader_shows_counts_where_only_it_was_set(
    booklets: Path, tmp_path: Path
) -> None:
    """A tool that turns a button on without the group's value: what the page shows is read."""
    with pikepdf.open(booklets / "en.pdf") as pdf:
        group = next(
            field
            for page in pdf.pages
            for widget in page.get("/Annots", ())
            if "/Parent" in widget
            and str((field := widget.Parent).T) == "answer"
            and str(field.Parent.T) == "in-place"
            and str(field.Parent.Parent.T) == "first-item"
        )
        button = next(kid for kid in group.Kids if "/no" in kid.AP.N)
        button.AS = pikepdf.Name("/no")
        pdf.save(tmp_path / "state.pdf")
    imported = import_answers(tmp_path / "state.pdf", MULTI)
    assert imported.state.items["first-item"].answers == {"in-place": "no"}


def _refused(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(AnswersError) as raised:
        import_answers(path, MULTI)
    return [(f.code, f.path, f.message) for f in raised.value.findings]


def _page_of(built: Path, name: str) -> int:
    """The page of the field ``name``, its widgets found by their field's whole name."""
    reader = PdfReader(built)
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots", ()):
            node = annotation.get_object()
            parts = []
            while node is not None:
                if "/T" in node:
                    parts.append(str(node["/T"]))
                node = node["/Parent"].get_object() if "/Parent" in node else None
            if ".".join(reversed(parts)) == name:
                return number
    raise AssertionError(name)


def test_an_unknown_value_is_named_by_field_and_page(booklets: Path, tmp_path: Path) -> None:
    name = "ct.item.first-item.adapted.answer"
    values = {name: "/maybe", "ct.plan.2.status": "started", "ct.meta.date": "1 March"}
    filled = _fill(booklets / "de.pdf", values, tmp_path / "value.pdf")
    found = _refused(filled)
    assert [(code, path) for code, path, _ in found] == [
        ("CT733", name),
        ("CT733", "ct.meta.date"),
        ("CT733", "ct.plan.2.status"),
    ]
    page = _page_of(filled, name)
    assert found[0][2] == (
        f"On page {page}, the field '{name}' holds 'maybe', which is not an answer"
        " (yes, partly, no, not-applicable)."
    )
    assert "'1 March', which is not a date" in found[1][2]


def test_unknown_fields_and_items_are_refused(booklets: Path, tmp_path: Path) -> None:
    with pikepdf.open(booklets / "en.pdf") as pdf:
        item = next(
            node for node in pdf.Root.AcroForm.Fields[0].Kids[0].Kids if str(node.T) == "first-item"
        )
        item.T = pikepdf.String("no-such-item")
        extra = pdf.make_indirect(
            pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String("notes"), V=pikepdf.String("x"))
        )
        pdf.Root.AcroForm.Fields.append(extra)
        pdf.save(tmp_path / "fields.pdf")
    found = _refused(tmp_path / "fields.pdf")
    codes = {
        (code, path.split(".")[2] if path.startswith("ct.item") else path)
        for code, path, _ in found
    }
    assert codes == {("CT732", "no-such-item"), ("CT732", "notes")}
    assert any("names the item 'no-such-item'" in message for _, _, message in found)


def test_another_pdf_or_toolkit_or_a_flattened_booklet_is_refused(
    booklets: Path, tmp_path: Path
) -> None:
    plain = PdfWriter()
    plain.add_blank_page(595, 842)
    plain.write(tmp_path / "plain.pdf")
    [(code, _, message)] = _refused(tmp_path / "plain.pdf")
    assert code == "CT731" and "no marker" in message
    other = PdfWriter(clone_from=PdfReader(booklets / "en.pdf"))
    other.add_metadata({"/toolkit": "another-toolkit"})
    other.write(tmp_path / "other.pdf")
    [(code, _, message)] = _refused(tmp_path / "other.pdf")
    assert code == "CT731" and "'another-toolkit'" in message
    with pikepdf.open(booklets / "en.pdf") as pdf, warnings.catch_warnings():
        # pikepdf warns of the widgets left without a form, which is what this file is.
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        del pdf.Root["/AcroForm"]
        pdf.save(tmp_path / "flat.pdf")
    [(code, _, message)] = _refused(tmp_path / "flat.pdf")
    assert code == "CT731" and "no form fields" in message


def test_a_damaged_or_oversized_file_is_refused_before_it_is_read(
    booklets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "text.pdf").write_text("not a booklet", "utf-8")
    [(code, _, message)] = _refused(tmp_path / "text.pdf")
    assert code == "CT730" and "not a PDF file that can be read" in message
    data = (booklets / "en.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    assert [code for code, _, _ in _refused(tmp_path / "cut.pdf")] == ["CT730"]
    from chemsex_toolkit.answers import booklet

    monkeypatch.setattr(booklet, "MAX_FILE", len(data) - 1)
    [(code, _, message)] = _refused(booklets / "en.pdf")
    assert code == "CT730" and f"{len(data) - 1:,}" in message
    monkeypatch.setattr(booklet, "MAX_FILE", len(data))
    monkeypatch.setattr(booklet, "MAX_FIELDS", 10)
    [(code, _, message)] = _refused(booklets / "en.pdf")
    assert code == "CT730" and "more than 10 fields" in message


def test_a_loop_of_fields_ends_the_walk(booklets: Path, tmp_path: Path) -> None:
    with pikepdf.open(booklets / "en.pdf") as pdf:
        root = pdf.Root.AcroForm.Fields[0]
        root.Kids[0].Kids.append(root)  # a field its own grandchild
        pdf.save(tmp_path / "loop.pdf")
    assert import_answers(tmp_path / "loop.pdf", MULTI).state.items == {}


def test_the_command_writes_nothing_when_the_booklet_does_not_fit(
    booklets: Path, source: Toolkit, tmp_path: Path
) -> None:
    out = tmp_path / "answers.json"
    (tmp_path / "text.pdf").write_text("not a booklet", "utf-8")
    runner = CliRunner()
    args = ["answers", "import", "--content", str(MULTI), "-o", str(out)]
    failed = runner.invoke(main, [*args[:2], str(tmp_path / "text.pdf"), *args[2:]])
    assert failed.exit_code == 1 and not out.exists()
    assert "CT730" in failed.output and "Traceback" not in failed.output
    expected = _expected(source, "de")
    filled = _fill(booklets / "de.pdf", _values(expected), tmp_path / "de.pdf")
    done = runner.invoke(main, [*args[:2], str(filled), *args[2:]])
    assert done.exit_code == 0, done.output
    assert chemsex_toolkit.load_answers(out, source) == expected
