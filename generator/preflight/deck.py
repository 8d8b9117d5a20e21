"""A built deck read back with python-pptx: per slide its shapes (in points), the paragraphs of each
text frame with their size, indent and spacing, the speaker notes, and text measured with the
deck writer's own metrics (``outputs.deck.slides.Metrics``: the real fonts, LibreOffice's breaks)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Length

from ..outputs.deck.slides import LINE_BREAK, Metrics, RunFonts, squash

DEFAULT_SIZE = 18.0  # pt: PowerPoint's body size when a run names none
SINGLE = 1.2  # a line's pitch in ems at single spacing (the deck writer's LINE)
DEFAULT_INSETS = (7.2, 7.2, 3.6, 3.6)  # pt: PowerPoint's text frame insets (left, right, top, bottom)


@dataclass
class Paragraph:
    text: str
    size: float
    bold: bool = False
    level: int = 0
    bullet: bool = False
    indent: float = 0.0  # pt from the frame's inset to where the text starts (room for a bullet)
    pitch: float = 0.0  # pt from one line to the next
    before: float = 0.0  # pt of space above it (after the first paragraph)
    fonts: tuple[str, str] = ("Calibri", "Calibri")


@dataclass
class Frame:
    paragraphs: list[Paragraph]
    insets: tuple[float, float, float, float] = DEFAULT_INSETS
    grows: bool = False  # the shape grows with its text (auto-size): it cannot overflow

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs if p.text)


@dataclass
class Shape:
    name: str
    kind: str  # text | picture | table | chart | group | shape
    left: float
    top: float
    width: float
    height: float
    frame: Frame | None = None
    placeholder: str | None = None  # title | body | subtitle | other, for placeholders
    rows: list[tuple[float, list[tuple[float, Frame]]]] = field(default_factory=list)  # table: (height, [(width, cell)])
    grouped: bool = False  # inside a group: its coordinates are the group's, not the slide's

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def text(self) -> str:
        return self.frame.text if self.frame else ""

    def contains(self, other: Shape, slack: float = 1.0) -> bool:
        return (self.left - slack <= other.left and other.right <= self.right + slack
                and self.top - slack <= other.top and other.bottom <= self.bottom + slack)


@dataclass
class Slide:
    number: int
    layout: str
    shapes: list[Shape]
    notes: str = ""

    def named(self, name: str) -> list[Shape]:
        return [s for s in self.shapes if s.name == name]

    @property
    def title(self) -> Shape | None:
        return next((s for s in self.shapes if s.placeholder == "title"), None)


@dataclass
class Deck:
    path: Path
    width: float
    height: float
    slides: list[Slide]


def read(path: Path) -> Deck:
    """The slides of the deck at ``path``. Raises python-pptx's or zipfile's errors for a file that
    is not a readable deck."""
    prs = Presentation(str(path))
    theme = _theme_fonts(prs)
    slides = []
    for n, slide in enumerate(prs.slides, 1):
        shapes = [s for shape in slide.shapes for s in _shapes(shape, theme)]
        notes = slide.notes_slide.notes_text_frame.text.strip() if slide.has_notes_slide else ""
        slides.append(Slide(n, slide.slide_layout.name, shapes, notes))
    return Deck(path, Emu(prs.slide_width).pt, Emu(prs.slide_height).pt, slides)


def _pt(value: int | None) -> float:
    return Emu(value or 0).pt


def _shapes(shape, theme: tuple[str, str]) -> list[Shape]:  # noqa: ANN001 - a python-pptx shape
    geometry = (_pt(shape.left), _pt(shape.top), _pt(shape.width), _pt(shape.height))
    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        # a group's children are placed in the group's own frame: their text counts, not their place
        inner = [s for child in shape.shapes for s in _shapes(child, theme)]
        for s in inner:
            s.grouped = True
        return [Shape(shape.name, "group", *geometry)] + [s for s in inner if s.frame]
    placeholder = _placeholder(shape) if shape.is_placeholder else None
    if getattr(shape, "has_table", False) and shape.has_table:
        table = shape.table
        widths = [_pt(c.width) for c in table.columns]
        rows = [(_pt(row.height), [(w, _frame(cell.text_frame, theme, cell)) for w, cell in zip(widths, row.cells,
                                                                                           strict=False)])
                for row in table.rows]
        return [Shape(shape.name, "table", *geometry, rows=rows)]
    if getattr(shape, "has_chart", False) and shape.has_chart:
        return [Shape(shape.name, "chart", *geometry)]
    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
        return [Shape(shape.name, "picture", *geometry, placeholder=placeholder)]
    frame = None
    if shape.has_text_frame and shape.text_frame.text.strip():
        # a body placeholder's paragraphs have the master's bullets unless they say "no bullet"
        frame = _frame(shape.text_frame, theme, bulleted=placeholder == "body")
    kind = "text" if frame else "shape"
    return [Shape(shape.name, kind, *geometry, frame=frame, placeholder=placeholder)]


def _placeholder(shape) -> str:  # noqa: ANN001
    kind = shape.placeholder_format.type
    if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE):
        return "title"
    if kind == PP_PLACEHOLDER.SUBTITLE:
        return "subtitle"
    if kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.VERTICAL_BODY):
        return "body"
    return "other"


def _frame(tf, theme: tuple[str, str], cell=None, bulleted: bool = False) -> Frame:  # noqa: ANN001
    """A text frame's paragraphs with what measuring them needs; a table cell's insets are its margins."""
    holder = cell if cell is not None else tf
    insets = tuple(_pt(getattr(holder, f"margin_{side}")) for side in ("left", "right", "top", "bottom"))
    grows = cell is not None or tf.auto_size in (MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT,)
    paragraphs = []
    for p in tf.paragraphs:
        text = p.text.replace("\v", LINE_BREAK)  # <a:br/>: a line break the writer set
        runs = list(p.runs)
        size = max((r.font.size.pt for r in runs if r.font.size is not None), default=DEFAULT_SIZE)
        bold = bool(runs) and all(bool(r.font.bold) for r in runs if r.text.strip())
        ppr = p._p.pPr
        indent = _pt(int(ppr.get("marL"))) if ppr is not None and ppr.get("marL") else 0.0
        marks = [] if ppr is None else [etree.QName(el).localname for el in ppr if isinstance(el.tag, str)]
        bullet = "buChar" in marks or "buAutoNum" in marks or (bulleted and "buNone" not in marks)
        spacing = p.line_spacing
        pitch = Emu(spacing).pt if isinstance(spacing, Length) else (spacing or 1.0) * size * SINGLE
        before = Emu(p.space_before).pt if isinstance(p.space_before, Length) else 0.0
        text = LINE_BREAK.join(squash(part) for part in text.split(LINE_BREAK))  # spaces folded, no-break ones kept
        paragraphs.append(Paragraph(text, size, bold, p.level, bullet, indent, pitch, before,
                                    _fonts(runs, theme)))
    return Frame(paragraphs, insets, grows)


def _fonts(runs, theme: tuple[str, str]) -> tuple[str, str]:  # noqa: ANN001
    for run in runs:
        rpr = run._r.find(qn("a:rPr"))
        if rpr is None:
            continue
        latin, ea = rpr.find(qn("a:latin")), rpr.find(qn("a:ea"))
        if latin is not None or ea is not None:
            first = (latin if latin is not None else ea).get("typeface")
            return first, (ea.get("typeface") if ea is not None else first)
    return theme


def _theme_fonts(prs) -> tuple[str, str]:  # noqa: ANN001
    """The theme's body (minor) fonts: what a run that names no typeface is drawn with."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        return ("Calibri", "Calibri")
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    latin = theme.find(".//a:minorFont/a:latin", ns)
    ea = theme.find(".//a:minorFont/a:ea", ns)
    first = latin.get("typeface") if latin is not None else "Calibri"
    second = ea.get("typeface") if ea is not None and ea.get("typeface") else first
    return first, second


# ---------------------------------------------------------------------------- measuring


@functools.lru_cache(maxsize=16)
def metrics(latin: str, east_asian: str) -> Metrics:
    return Metrics(RunFonts(latin, east_asian))


def usable(para: Paragraph, frame: Frame, width: float) -> float:
    """The width in pt a paragraph's lines have in a frame ``width`` pt wide: insets and indent off."""
    return max(width - frame.insets[0] - frame.insets[1] - para.indent, para.size * 2)


def lines(para: Paragraph, frame: Frame, width: float) -> list[str]:
    """``para`` broken into lines as the deck writer (and LibreOffice) breaks it in a frame ``width``
    pt wide: the writer's own measure, line breaks it set included."""
    if not para.text:
        return [""]
    return metrics(*para.fonts).wrap(para.text, usable(para, frame, width), para.size, para.bold)


def text_height(frame: Frame, width: float) -> float:
    """The height in pt the frame's text takes, insets included, at ``width``."""
    total = frame.insets[2] + frame.insets[3]
    for i, para in enumerate(frame.paragraphs):
        total += len(lines(para, frame, width)) * para.pitch + (para.before if i else 0.0)
    return total
