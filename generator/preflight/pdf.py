"""A built PDF read back with pypdfium2: per page its lines of text (characters with their boxes)
and the boxes of what is drawn (filled shapes, pictures), in points from the page's top-left corner,
with the running header and footer told apart from the body."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

MM = 72 / 25.4  # points in a millimetre

_TEXT, _PATH, _IMAGE, _SHADING = (raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE,
                                  raw.FPDF_PAGEOBJ_SHADING)
WORD_GAP = 2.5  # a horizontal gap of more ems than this on one baseline starts another line (table cells)
FULL_BLEED = 0.25  # a coloured panel or picture reaching two page edges and this share of the page: a cover
RUNNING_BAND = 0.2  # running headers and footers sit in the top or bottom fifth of the page


@dataclass
class Char:
    text: str
    left: float
    top: float
    right: float
    bottom: float


@dataclass
class Line:
    """Characters on one baseline, left to right, without a wide gap between them."""

    chars: list[Char]
    size: float
    baseline: float
    running: bool = False  # a running header or footer (repeated on other pages at the same place)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).strip()

    @property
    def left(self) -> float:
        return min(c.left for c in self.chars)

    @property
    def right(self) -> float:
        return max(c.right for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)


@dataclass
class Box:
    """Something drawn that is not text: a filled shape or a picture."""

    left: float
    top: float
    right: float
    bottom: float
    picture: bool = False

    @property
    def area(self) -> float:
        return max(0.0, self.right - self.left) * max(0.0, self.bottom - self.top)


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)

    @property
    def body(self) -> list[Line]:
        return [line for line in self.lines if not line.running]

    @property
    def cover(self) -> bool:
        """A page dressed edge to edge: a coloured panel or picture touching two of its edges."""
        edge = 1 * MM
        for box in self.boxes:
            touches = sum((box.left <= edge, box.top <= edge, box.right >= self.width - edge,
                           box.bottom >= self.height - edge))
            if touches >= 2 and box.area >= FULL_BLEED * self.width * self.height:
                return True
        return False


@dataclass
class Document:
    path: Path
    pages: list[Page]

    def frame(self) -> tuple[float, float]:
        """The top and bottom of the area the body is set in: where the body starts on the pages
        that are not covers (the top margin), the bottom margin taken as deep as the top one."""
        tops = [min([ln.top for ln in p.body] + [b.top for b in _inside(p)]) for p in self.pages
                if not p.cover and (p.body or _inside(p))]
        if not self.pages:
            return 0.0, 0.0
        height = self.pages[0].height
        top = min(tops) if tops else 20 * MM
        top = min(max(top, 0.0), height / 3)
        return top, height - top


def read(path: Path) -> Document:
    """The pages of the PDF at ``path``: lines of text and drawn boxes. Raises ``pdfium.PdfiumError``
    (or ``OSError``) for a file that is not a readable PDF."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = [_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()
    _mark_running(pages)
    return Document(path, pages)


def _page(pdf: pdfium.PdfDocument, index: int) -> Page:
    page = pdf[index]
    width, height = page.get_size()
    out = Page(index + 1, width, height)
    textpage = page.get_textpage()
    out.lines = _lines(textpage, height)
    out.boxes = _boxes(page, height)
    textpage.close()
    page.close()
    return out


def _lines(textpage: pdfium.PdfTextPage, height: float) -> list[Line]:
    tp = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()
    lines: list[Line] = []
    current: list[Char] = []
    size = base = 0.0

    def close() -> None:
        if current and "".join(c.text for c in current).strip():
            lines.append(Line(list(current), size, base))
        current.clear()

    for i in range(raw.FPDFText_CountChars(tp)):
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (0x0A, 0x0D, 0x02) or code == 0xFFFE:
            close()
            continue
        if raw.FPDFText_IsGenerated(tp, i) == 1:
            continue
        char = chr(code) if code < 0x110000 else "\ufffd"
        raw.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        # the font size pdfium reports leaves out the page's scale (WeasyPrint draws at 0.75): apply it
        raw.FPDFText_GetMatrix(tp, i, matrix)
        char_size = raw.FPDFText_GetFontSize(tp, i) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        baseline = height - oy.value
        if current:
            last = current[-1]
            gap = left.value - last.right
            if abs(baseline - base) > 0.4 * max(size, 1) or gap > WORD_GAP * max(size, 1) or gap < -2 * max(size, 1):
                close()
        if not current:
            size, base = char_size, baseline
        box = Char(char, left.value, height - top.value, right.value, height - bottom.value)
        if char.isspace():  # a space's box has no height: give it the line's, at its place
            box.top, box.bottom = baseline - 0.7 * size, baseline
        current.append(box)
    close()
    return lines


def _boxes(page: pdfium.PdfPage, height: float) -> list[Box]:
    out = []
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(max_depth=8):
        if obj.type not in (_PATH, _IMAGE, _SHADING):
            continue
        if obj.type == _PATH:
            raw.FPDFPath_GetDrawMode(obj.raw, mode, stroke)
            if not mode.value:
                continue  # a rule or an outline: no panel
            raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
            if a.value == 0 or min(r.value, g.value, b.value) >= 250:
                continue  # white on white: no panel
        x0, y0, x1, y1 = obj.get_bounds()
        out.append(Box(x0, height - y1, x1, height - y0, picture=obj.type == _IMAGE))
    return out


def _running_key(line: Line) -> tuple[int, str]:
    return round(line.baseline), re.sub(r"\d+", "#", line.text)


def _mark_running(pages: list[Page]) -> None:
    """A line in the top or bottom band of its page whose text (numbers aside) stands at the same
    height on another page is a running header or footer ("Page 2 of 5", the document's title)."""
    if len(pages) < 2:
        for page in pages:
            for line in page.lines:
                line.running = _in_band(line, page) and bool(re.fullmatch(r"\D*\d+\D*", line.text or "")) \
                    and len(line.text) < 40
        return
    seen: dict[tuple[int, str], int] = {}
    for page in pages:
        for key in {_running_key(ln) for ln in page.lines if _in_band(ln, page)}:
            seen[key] = seen.get(key, 0) + 1
    for page in pages:
        for line in page.lines:
            line.running = _in_band(line, page) and seen.get(_running_key(line), 0) >= 2


def _in_band(line: Line, page: Page) -> bool:
    return line.bottom <= page.height * RUNNING_BAND or line.top >= page.height * (1 - RUNNING_BAND)


def _inside(page: Page) -> list[Box]:
    """The page's boxes that are content: not the page's own background or a full-bleed decoration."""
    return [b for b in page.boxes if b.area < 0.9 * page.width * page.height]
