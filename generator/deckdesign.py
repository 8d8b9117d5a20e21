"""The deck design system: the slide kinds every enablekit deck is made of, drawn on a template's
layouts with measured text (generator.slides.Metrics), so nothing overflows and no body text is
set under 18 pt.

==========================  ===================  ==============================================
slide kind                  layout it uses       what it draws / how it falls back
==========================  ===================  ==============================================
title                       Title Slide          title and subtitle, left-aligned
section divider             Section Header       falls back to Title Only with a brand band
statement                   Title and Content    one paragraph set large, no bullet
bullets                     Title and Content    measured, paginated, headings kept with bodies
cards                       Title Only           2–4 tinted cards: heading + short body
tiles (big numbers)         Title Only           equal tiles, one value size for all
process (chevrons)          Title Only           numbered chevrons, step title and body below
columns (us / them)         Title Only           two coloured headers over tinted columns
table                       Title Only           native table, ≥ 18 pt, rows never split
quote                       Title Only           large quotation, attribution
case                        Title Only           challenge → solution → result numbers
closing                     Title Only           next steps, contact panel in brand colour
==========================  ===================  ==============================================

A custom template needs only the four layouts of ``slides.REQUIRED_LAYOUTS``; the others are
optional and each kind falls back as above. Everything a kind draws itself (cards, tiles,
chevrons…) is placed in the area under the template's title placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches, Pt

from .slides import Metrics, Para, fill

BODY = 18  # the smallest size body text is ever set at
BODY_SIZES = (28, 26, 24, 22, 20, 18)
TILE_VALUE_SIZES = (60, 54, 48, 44, 40, 36, 32, 28, 24)
GOOD, PARTIAL, BAD, LATER, GREY, INK = "#1B7A2E", "#9A6400", "#B3261E", "#55557A", "#6B7280", "#1F2937"
STATUS_COLOURS = {"yes": GOOD, "partial": PARTIAL, "no": BAD, "roadmap": LATER}  # as in the PDF battlecard
TONES = {"good": GOOD, "bad": BAD, "us": None, "them": GREY, "neutral": None, "later": LATER}


def tint(colour: str, percent: int) -> str:
    """``colour`` mixed with white: ``percent`` of the colour."""
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{255 - (255 - c) * percent // 100:02X}" for c in rgb)


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


@dataclass(frozen=True)
class Area:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def box(slide, left: int, top: int, width: int, height: int, colour: str | None = None,  # noqa: ANN001
        line: str | None = None, shape=MSO_SHAPE.RECTANGLE, name: str = "Panel"):  # noqa: ANN201
    """A filled shape without text, shadow or (unless ``line``) outline."""
    sp = slide.shapes.add_shape(shape, left, top, width, height)
    sp.name = name
    if colour:
        sp.fill.solid()
        sp.fill.fore_color.rgb = rgb(colour)
    else:
        sp.fill.background()
    if line:
        sp.line.color.rgb = rgb(line)
        sp.line.width = Pt(1)
    else:
        sp.line.fill.background()
    sp.shadow.inherit = False
    if sp.has_text_frame:
        sp.text_frame.text = ""
    return sp


def text(slide, left: int, top: int, width: int, height: int, paras: list[Para], size: float, font,  # noqa: ANN001, ANN201
         colour: str | None = INK, bullets: bool = False, align: str | None = None, anchor=MSO_ANCHOR.TOP,
         name: str = "Text"):
    tb = slide.shapes.add_textbox(left, top, width, height)
    tb.name = name
    fill(tb.text_frame, paras, size, font, colour, bullets=bullets, align=align)
    tb.text_frame.vertical_anchor = anchor
    return tb


def common_size(metrics: Metrics, blocks: list[tuple[list[Para], int, int]], sizes: tuple[float, ...],
                bullets: bool = False) -> float | None:
    """The largest size at which every block (paragraphs, width, height) fits: one size for all."""
    for size in sizes:
        if all(metrics.fits(paras, w, h, size, bullets) for paras, w, h in blocks):
            return size
    return None


def even_chunks(items: list, per: int) -> list[list]:
    """``items`` in as few chunks of at most ``per`` as possible, as even as possible, the larger
    chunks first (7 by 3: 3, 2, 2)."""
    if not items:
        return []
    count = -(-len(items) // per)
    small, extra = divmod(len(items), count)
    out, start = [], 0
    for n in range(count):
        stop = start + small + (1 if n < extra else 0)
        out.append(items[start:stop])
        start = stop
    return out


def inches(value: int) -> float:
    return Emu(value).inches


GAP = Inches(0.3)
__all__ = ["Area", "BODY", "BODY_SIZES", "GAP", "STATUS_COLOURS", "TONES", "box", "common_size", "even_chunks",
           "inches", "rgb", "text", "tint"]
