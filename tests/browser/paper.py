"""What a reader of the printed paper sees: a PDF rendered to grayscale page images by poppler's
pdftoppm, as a print preview shows it, and the shapes the print tests look for on them."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

# 50 dots per inch: an A4 page is 414 x 586 pixels, a millimetre about two of them. Enough to see
# the plan's cell borders, the form's 3.6 mm tick boxes and where the ink ends, and quick.
DPI = 50
# Darker than this is ink. Paper renders at 255; pdftoppm draws a line thinner than a pixel (the
# plan's 1 px #999 borders) as one whole pixel of its colour, 153, and text well below 235.
INK = 235
# The page's margins as the print style sets them (`@page { margin: 18mm 14mm 16mm }`): the
# header and the page's number are printed in the top and bottom ones, nothing in the sides.
TOP_MM, SIDE_MM, BOTTOM_MM = 18, 14, 16


@dataclass(frozen=True)
class Sheet:
    """One rendered page: its number (from 1), size and grayscale pixels, row after row."""

    number: int
    width: int
    height: int
    pixels: bytes

    def ink(self, x: int, y: int) -> bool:
        """Whether the pixel at (x, y) is ink; outside the page there is none."""
        if not (0 <= x < self.width and 0 <= y < self.height):
            return False
        return self.pixels[y * self.width + x] < INK


def mm(millimetres: float) -> int:
    """Millimetres on paper in the rendered images' pixels."""
    return round(millimetres / 25.4 * DPI)


def render(pdf: Path, folder: Path) -> list[Sheet]:
    """Every page of ``pdf`` as a grayscale image, rendered into ``folder`` with pdftoppm."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(folder / pdf.stem)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # pdftoppm numbers the files NAME-1.png or NAME-01.png, as many digits as the page count has.
    files = sorted(
        folder.glob(f"{pdf.stem}-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1])
    )
    assert files, f"pdftoppm rendered no page of {pdf.name}"
    sheets = []
    for number, file in enumerate(files, start=1):
        # Converted again: this pdftoppm writes its gray pages as RGB files.
        with Image.open(file) as image:
            gray = image.convert("L")
        sheets.append(Sheet(number, gray.width, gray.height, gray.tobytes()))
    return sheets


def ink_box(sheet: Sheet, top: int = 0, bottom: int | None = None) -> tuple[int, int, int, int]:
    """The smallest box holding the ink between the rows ``top`` and ``bottom`` (exclusive) of
    the page: (left, top, right, bottom) in the page's pixels, right and bottom exclusive. A page
    with no ink there fails: every printed page has something on it."""
    bottom = sheet.height if bottom is None else bottom
    band = Image.frombytes("L", (sheet.width, sheet.height), sheet.pixels)
    band = band.crop((0, top, sheet.width, bottom))
    box = band.point(lambda value: 255 if value < INK else 0).getbbox()
    assert box is not None, f"page {sheet.number} has no ink between rows {top} and {bottom}"
    left, upper, right, lower = box
    return left, upper + top, right, lower + top


def body_fill(sheet: Sheet) -> float:
    """How far down the page's body (inside the top and bottom margins, where the header and the
    page's number are) its ink reaches, from 0 (nothing below the top) to 1 (down to the bottom
    margin)."""
    top, bottom = mm(TOP_MM), sheet.height - mm(BOTTOM_MM)
    return (ink_box(sheet, top, bottom)[3] - top) / (bottom - top)


def vertical_rules(sheet: Sheet, least: int) -> list[int]:
    """The x positions of unbroken vertical lines of ink at least ``least`` pixels long: a table's
    column borders, or the sides of a box. Text never makes one: its letters are a few pixels
    high, with paper between the lines."""
    found = []
    for x in range(sheet.width):
        run = 0
        for y in range(sheet.height):
            run = run + 1 if sheet.ink(x, y) else 0
            if run >= least:
                found.append(x)
                break
    # A line two pixels wide is one line, at its left.
    return [x for x in found if x - 1 not in found]


def tick_boxes(sheet: Sheet) -> int:
    """How many empty square outlines of a tick box's size (3 to 5 mm a side, the style's 3.6 mm
    rounded to whole pixels, so one side may be a pixel longer) the page holds, each standing
    alone: its four sides ink, its inside and a ring of one pixel around it paper. Letters are no
    such squares (their corners are round or open), nor are a table's cells (larger, and joined
    to their neighbours)."""
    ink = sheet.ink

    def run(x: int, y: int, dx: int, dy: int) -> int:
        length = 0
        while ink(x + length * dx, y + length * dy):
            length += 1
        return length

    sizes = range(mm(3), mm(5) + 1)
    count = 0
    for y in range(sheet.height):
        for x in range(sheet.width):
            # The top left corner of an outline: ink with paper left of it and above it.
            if not ink(x, y) or ink(x - 1, y) or ink(x, y - 1):
                continue
            width, height = run(x, y, 1, 0), run(x, y, 0, 1)
            if width not in sizes or height not in sizes or abs(width - height) > 1:
                continue
            right, low = x + width - 1, y + height - 1
            sides = run(right, y, 0, 1) == height and run(x, low, 1, 0) == width
            inside = not any(ink(i, j) for i in range(x + 1, right) for j in range(y + 1, low))
            ring = not any(ink(i, y - 1) or ink(i, low + 1) for i in range(x - 1, right + 2))
            ring = ring and not any(ink(x - 1, j) or ink(right + 1, j) for j in range(y, low + 1))
            count += sides and inside and ring
    return count


def _run(sheet: Sheet, x: int, y: int, dx: int, dy: int) -> int:
    """How many ink pixels in a line through (x, y), along (dx, dy) both ways."""
    if not sheet.ink(x, y):
        return 0
    length = 1
    for sign in (1, -1):
        at = 1
        while sheet.ink(x + sign * at * dx, y + sign * at * dy):
            at += 1
        length += at - 1
    return length


def _on_a_line(sheet: Sheet, x: int, y: int, least: int) -> bool:
    """Whether (x, y) is on or beside a vertical or horizontal line at least ``least`` long:
    beside counts, as a box's corner drawn between pixels greys the pixels next to it."""
    return any(
        max(_run(sheet, x + i, y + j, 0, 1), _run(sheet, x + i, y + j, 1, 0)) >= least
        for i in (-1, 0, 1)
        for j in (-1, 0, 1)
    )


def cut_at_the_right(sheet: Sheet) -> list[int]:
    """The rows of the page's body where something is cut at the right edge of the text's width:
    ink in its last millimetre that is neither a box's side (a vertical line at least 5 mm long)
    nor the end of a rule or a line to write on (a horizontal one as long), nor next to one. What
    stays inside
    the width has its padding there; what is cut ends there, its letters sliced."""
    edge = sheet.width - mm(SIDE_MM)
    least = mm(5)
    rows = []
    for y in range(mm(TOP_MM), sheet.height - mm(BOTTOM_MM)):
        for x in range(edge - mm(1), edge + 1):
            if sheet.ink(x, y) and not _on_a_line(sheet, x, y, least):
                rows.append(y)
                break
    return rows
