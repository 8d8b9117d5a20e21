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

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches, Pt

from ...language.breaks import glue
from ...markup.markdown import markdown_html
from .slides import INSET_X as INSET
from .slides import PANEL_LEFT, Metrics, Para, RunFonts, alt_text, fill

BODY = 18  # the smallest size body text is ever set at
BODY_SIZES = (28, 26, 24, 22, 20, 18)
CARD_SIZES = (28, 26, 24, 22, 20, 18)  # a card's text: as large as fills it, up to a ceiling
STATEMENT_SIZES = (40, 36, 32, 30, 28, 26, 24, 22, 20)
HERO_VALUE_SIZES = (96, 88, 80, 72, 66, 60, 54, 48)
TITLE_SIZES = (34, 32, 30, 28, 26, 24, 22)
TILE_VALUE_SIZES = (60, 54, 48, 44, 40, 36, 32, 28, 24)
GOOD, PARTIAL, BAD, LATER, GREY, INK = "#1B7A2E", "#9A6400", "#B3261E", "#55557A", "#6B7280", "#1F2937"
STATUS_COLOURS = {"yes": GOOD, "partial": PARTIAL, "no": BAD, "roadmap": LATER}  # as in the PDF battlecard
TONES = {"good": GOOD, "bad": BAD, "us": None, "them": GREY, "neutral": None, "later": LATER}


def tint(colour: str, percent: int) -> str:
    """``colour`` mixed with white: ``percent`` of the colour."""
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{255 - (255 - c) * percent // 100:02X}" for c in rgb)


def _mix(colour: str, other: str, percent: int) -> str:
    """``percent`` of ``colour``, the rest ``other``."""
    a, b = ([int(c.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)] for c in (colour, other))
    return "#" + "".join(f"{(x * percent + y * (100 - percent)) // 100:02X}" for x, y in zip(a, b, strict=True))


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


class SlideKinds:
    """The slide kinds, mixed into a deck writer that provides ``prs``, ``layouts``, ``template``, ``fit``
    (Metrics), ``font``, ``brand``, ``L`` (labels), ``internal``, ``cover`` and ``cover_alt``, ``_area``, ``paren()``,
    ``_notes(slide, lines, objections)`` and ``_events`` (what the presenter edition adds: writer.Deck)."""

    # ------------------------------------------------------------------ slide kinds (generator.deckdesign)
    @property
    def area(self) -> Area:
        """Where a kind draws its own shapes: under the title placeholder of 'Title Only', above the
        slide's foot (the built-in template's brand bar and logo)."""
        if self._area is None:
            probe = self.prs.slides.add_slide(self.layouts["Title Only"])
            title = probe.shapes.title
            left, top = title.left, title.top + title.height + Inches(0.15)
            self._drop(probe)
            width = self.prs.slide_width - 2 * left
            self._area = Area(left, top, width, self.prs.slide_height - Inches(0.65) - top)
        return self._area

    @property
    def builtin(self) -> bool:
        return self.template == "built-in template"

    def unseen(self, items: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
        """The figure items (value first) this deck has not shown yet, and remember them: a figure
        appears on one slide of a deck, never again on the next ('-41%' as a KPI tile, then again in
        '18% → 10.6% (-41%)' as a case result, is one figure shown twice)."""
        seen = self.__dict__.setdefault("_figures", set())
        out = []
        for item in items:
            keys = figure_keys(item[0])
            if keys & seen:
                continue
            seen |= keys
            out.append(item)
        return out

    def metrics(self, title: str, items: list[tuple[str, ...]], notes: list[str],
                objections: dict | None = None, fresh: bool = False, whole_first: bool = False) -> None:
        """Big-number tiles, at most three to a slide, all of one size: the value, then its label and
        any further lines (the customer) in smaller type. ``whole_first``: the first figure is the sum of
        the others (a total and its parts): on two rows, it stands alone above them."""
        if not fresh:  # ``fresh``: the caller has already kept figures shown before out
            items = self.unseen(items)
        if not items:
            return
        if len(items) == 1:
            self.hero(title, items[0], notes, objections)
            return
        a = self.area
        originals = items
        # as many to a row as let every label fit its tile: four (or three), else two and two
        for most in ((4 if len(originals) == 4 else 3), 2):
            chunks = even_chunks(originals, most)
            per = max(len(c) for c in chunks)
            width = (a.width - (per - 1) * GAP) // per
            inner = width - Inches(0.3)
            # a figure too long for its tile at the smallest size gives its parenthesis to the lines under it:
            # '38 days → 27 days' large, '(EUR 1.9m less stock)' with the label
            smallest = TILE_VALUE_SIZES[-1]
            items = [_figure_apart(item) if not self.fit.fits([Para(item[0], bold=True)], inner, Inches(1.25),
                                                              smallest) else item for item in originals]
            chunks = even_chunks(items, most)
            labels = [[Para(label)] + [Para(x) for x in more] for _, label, *more in items]
            # every figure on one line where a size of 24 pt or more allows (a row of tiles whose figures wrap
            # in some and not in others does not line up), else as large as fits its box
            one_line = [size for size in TILE_VALUE_SIZES if size >= 24 and all(
                self.fit.width(v, size, bold=True) <= Emu(inner).pt - 2 * INSET.pt for v, *_ in items)]
            value_size = one_line[0] if one_line else common_size(
                self.fit, [([Para(v, bold=True)], inner, Inches(1.25)) for v, *_ in items], TILE_VALUE_SIZES)
            label_size, label_h, found = BODY, Inches(1.2), None
            if value_size is None:  # a figure too long for the row's tiles: fewer to a row
                value_size = TILE_VALUE_SIZES[-1]
                continue
            for height in (Inches(1.2), Inches(1.8), Inches(2.6), a.height - Inches(2.0)):
                found = common_size(self.fit, [(paras, inner, height) for paras in labels], (22, 20, 18))
                if found:
                    label_size, label_h = found, height
                    break
            if found:
                break
        if whole_first and len(chunks) == 2 and len(chunks[0]) > len(chunks[1]):
            chunks = [items[:len(chunks[1])], items[len(chunks[1]):]]
        tile_h = Inches(1.5) + label_h + Inches(0.3)
        value_h = Inches(1.25)
        if len(chunks) == 2:  # two rows share a slide when they fit its height, each tile as tall as its text
            inner_pt = Emu(inner).pt
            for v_size, l_size in [(v, lab) for v in TILE_VALUE_SIZES if value_size >= v >= min(28, value_size)
                                   for lab in (22, 20, 18) if lab <= label_size]:
                if not all(self.fit.words_fit([Para(v, bold=True)], inner_pt, v_size) for v, *_ in items):
                    continue
                tight_value = int(Pt(max(self.fit.height([Para(v, bold=True)], inner_pt, v_size) for v, *_ in items)))
                tight_label = int(Pt(max(self.fit.height(paras, inner_pt, l_size) for paras in labels)))
                tight = Inches(0.2) + tight_value + Inches(0.05) + tight_label + Inches(0.15)  # as _tiles draws it
                if 2 * tight + GAP <= a.height:
                    tile_h, value_h, label_h = tight, tight_value, tight_label + Inches(0.05)
                    value_size, label_size = v_size, l_size
                    break
        per_slide = 2 if len(chunks) > 1 and 2 * tile_h + GAP <= a.height else 1
        pages = [chunks[i:i + per_slide] for i in range(0, len(chunks), per_slide)]
        for n, rows in enumerate(pages):
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            block_h = len(rows) * tile_h + (len(rows) - 1) * GAP
            top0 = a.top + max(0, (a.height - block_h) // 2 - Inches(0.2))
            for r, chunk in enumerate(rows):
                self._tiles(slide, chunk, width, (tile_h, value_h, label_h), top0 + r * (tile_h + GAP), inner,
                            value_size, label_size)
            self._notes(slide, notes if n == 0 else [], objections)

    def _tiles(self, slide, chunk: list[tuple[str, ...]], width: int, heights: tuple[int, int, int], top: int,  # noqa: ANN001
               inner: int, value_size: float, label_size: float) -> None:
        """One row of big-number tiles, centred: the value in the brand colour, its label under it, any
        further lines in grey; ``heights``: the tile's, its value's and its label's."""
        a = self.area
        tile_h, value_h, label_h = heights
        total = len(chunk) * width + (len(chunk) - 1) * GAP
        left0 = a.left + (a.width - total) // 2
        for i, (value, label, *more) in enumerate(chunk):
            left = left0 + i * (width + GAP)
            box(slide, left, top, width, tile_h, tint(self.brand.primary, 8), name="Tile")
            box(slide, left, top, Inches(0.09), tile_h, self.brand.primary, name="Tile edge")
            text(slide, left + Inches(0.15), top + Inches(0.2), inner, value_h, [Para(value, bold=True)],
                 value_size, self.font, self.brand.primary, anchor=MSO_ANCHOR.BOTTOM, name="Tile value")
            paras = [Para(label)] + [Para(x) for x in more]
            shape = text(slide, left + Inches(0.15), top + Inches(0.2) + value_h + Inches(0.05), inner, label_h, paras,
                         label_size, self.font, INK, name="Tile label")
            for p in shape.text_frame.paragraphs[1:]:
                for run in p.runs:
                    run.font.color.rgb = rgb(GREY)

    def hero(self, title: str, item: tuple[str, ...], notes: list[str], objections: dict | None = None) -> None:
        """One figure on its own: the number set very large and centred, its label and source under it
        (a single tile would fill half the slide and leave the rest empty)."""
        a = self.area
        value, label, *more = item
        label_w = int(a.width * 0.75)
        size = self.fit.best_size([Para(value, bold=True)], a.width, int(a.height * 0.45), HERO_VALUE_SIZES) \
            or TILE_VALUE_SIZES[-1]
        # the box as tall as the lines plus half an em: big glyphs reach past their line pitch
        value_h = int(Pt(self.fit.height([Para(value, bold=True)], Emu(a.width).pt, size) + size * 0.5))
        paras = [Para(label, bold=True)] + [Para(x) for x in more if x]
        room = a.height - value_h - Inches(0.3)
        label_size = self.fit.best_size(paras, label_w, room, (28, 26, 24, 22, 20, 18)) or BODY
        label_h = min(room, int(Pt(self.fit.height(paras, Emu(label_w).pt, label_size))) + Inches(0.1))
        top = a.top + max(0, (a.height - value_h - Inches(0.3) - label_h) // 2)
        slide = self._slide("Title Only", title)
        text(slide, a.left, top, a.width, value_h, [Para(value, bold=True)], size, self.font, self.brand.primary,
             align="ctr", anchor=MSO_ANCHOR.MIDDLE, name="Hero value")
        box(slide, a.left + (a.width - Inches(1.2)) // 2, top + value_h + Inches(0.05), Inches(1.2), Inches(0.06),
            self.brand.accent, name="Hero rule")
        shape = text(slide, a.left + (a.width - label_w) // 2, top + value_h + Inches(0.25), label_w, label_h, paras,
                     label_size, self.font, INK, align="ctr", name="Hero label")
        for p in shape.text_frame.paragraphs[1:]:
            for run in p.runs:
                run.font.color.rgb = rgb(GREY)
        self._notes(slide, notes, objections)

    def title_slide(self, title: str, subtitle: str, notes: list[str], facts: list[str] = ()) -> None:
        """The first slide: title and subtitle left-aligned, one above the other; ``facts`` (dates,
        who prepared it) as further lines under the subtitle."""
        slide = self.prs.slides.add_slide(self.layouts["Title Slide"])
        self._title(slide, title, (44, 40, 36, 32, 28, 24), align="l")
        body = slide.placeholders[1]
        paras = [Para(x) for x in subtitle.split("\n") if x.strip()] + [Para(x) for x in facts if x]
        size = self.fit.best_size(paras, body.width, body.height, (24, 22, 20, 18)) if paras else BODY
        if size is None:
            size = BODY
            paras = self.fit.paginate(paras, body.width, body.height, size)[0]
        fill(body.text_frame, paras, size, self.font, "#4B5563", align="l")
        if self.cover and self.builtin:
            self._cover_picture(slide)
        elif self.builtin:
            self._motif(slide)
        self._mark(slide)
        self._notes(slide, notes, None)

    def _motif(self, slide) -> None:  # noqa: ANN001
        """With no cover picture, the title slide's brand panel carries a pattern of the brand's colours
        (a ring, a grid of dots, an accent dot) rather than standing empty."""
        left = PANEL_LEFT + Inches(0.14)
        width, height = self.prs.slide_width - left, self.prs.slide_height
        channels = [int(self.brand.primary.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
        dark = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2] < 150
        # the panel's colour, a little lighter (a little darker on a light brand colour)
        light = _mix(self.brand.primary, "#FFFFFF" if dark else "#000000", 78)
        ring = Inches(3.0)
        ring_x, ring_y = left + (width - ring) // 2, Inches(0.9)
        shape = box(slide, ring_x, ring_y, ring, ring, None, light, MSO_SHAPE.OVAL, name="Brand motif")
        shape.line.width = Pt(16)
        dot, step = Inches(0.09), Inches(0.34)
        columns = int((width - Inches(0.8)) // step) + 1
        grid_x = left + (width - (columns - 1) * step - dot) // 2
        for row in range(5):
            for column in range(columns):
                box(slide, grid_x + column * step, height - Inches(2.6) + row * step, dot, dot, light,
                    shape=MSO_SHAPE.OVAL, name="Brand motif")
        accent = Inches(0.62)
        box(slide, ring_x + ring - accent - Inches(0.12), ring_y + ring - accent - Inches(0.12), accent, accent,
            self.brand.accent, shape=MSO_SHAPE.OVAL, name="Brand motif")

    def _cover_picture(self, slide) -> None:  # noqa: ANN001
        """The cover picture filling the built-in title slide's panel (right of its accent edge), cropped
        to the panel's shape rather than stretched."""
        import io

        left = PANEL_LEFT + Inches(0.14)
        width, height = self.prs.slide_width - left, self.prs.slide_height
        picture = slide.shapes.add_picture(io.BytesIO(self.cover), left, 0, width, height)
        picture.name = "Cover picture"
        alt_text(picture._element, self.cover_alt)
        px_w, px_h = picture.image.size
        want, have = width / height, px_w / px_h
        if have > want:  # too wide: crop the sides
            cut = (1 - want / have) / 2
            picture.crop_left = picture.crop_right = cut
        elif have < want:  # too tall: crop top and bottom
            cut = (1 - have / want) / 2
            picture.crop_top = picture.crop_bottom = cut

    def section(self, title: str, subtitle: str = "") -> None:
        """A section divider: the Section Header layout (in the built-in template a brand-colour slide),
        else Title Only with a band in the brand colour."""
        layout = self.layouts.get("Section Header")
        has_body = layout is not None and any(ph.placeholder_format.idx == 1 for ph in layout.placeholders)
        if layout is None or not any(ph.placeholder_format.idx == 0 for ph in layout.placeholders):
            slide = self._slide("Title Only", title)
            a = self.area
            box(slide, a.left, a.top + a.height // 3, a.width, Inches(0.12), self.brand.primary, name="Band")
            if subtitle:
                text(slide, a.left, a.top + a.height // 3 + Inches(0.4), a.width, Inches(1.4), [Para(subtitle)], 24,
                     self.font, GREY)
        else:
            slide = self.prs.slides.add_slide(layout)
            colour = "#FFFFFF" if self.builtin else None
            self._title(slide, title, (44, 40, 36, 32, 28), align="l", colour=colour)
            if has_body:
                body = slide.placeholders[1]
                paras = [Para(subtitle)] if subtitle else []
                size = self.fit.best_size(paras, body.width, body.height, (24, 22, 20, 18)) or BODY
                fill(body.text_frame, paras, size, self.font, tint(self.brand.primary, 25) if self.builtin else None,
                     align="l")
            self._mark(slide)
        self._notes(slide, [subtitle or title], None)

    def statement(self, title: str, paragraph: str, notes: list[str]) -> None:
        """One paragraph set large, without a bullet (an elevator pitch, a positioning statement)."""
        if not paragraph.strip():
            return
        layout = self.layouts["Title and Content"]
        width, height = self._body_size()
        paras = [Para(paragraph)]
        size = self.fit.best_size(paras, width, height, STATEMENT_SIZES)
        sentences = _sentences(paragraph)
        usable = Emu(width).pt - 2 * INSET.pt
        if size is not None and len(sentences) >= 3 and len(self.fit.wrap(paragraph, usable, size)) > 7:
            # a long paragraph is no wall of text: its sentences in two or three paragraphs of similar length
            groups = 3 if len(sentences) >= 6 else 2
            total, cuts, run = sum(len(x) for x in sentences), [], 0
            for i, sentence in enumerate(sentences[:-1]):
                run += len(sentence)
                if len(cuts) < groups - 1 and run >= total * (len(cuts) + 1) / groups:
                    cuts.append(i + 1)
            bounds = [0, *cuts, len(sentences)]
            joiner = "" if _CJK_TEXT.search(paragraph) else " "
            split = [Para(joiner.join(sentences[a:b])) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
            split_size = self.fit.best_size(split, width, height, tuple(x for x in (*STATEMENT_SIZES, 18) if x <= size))
            if split_size is not None:
                paras, size = split, split_size
        if size is None:  # long: the ordinary paginated list, a sentence an item
            self._bulleted(title, [Para(x) for x in _sentences(paragraph)], notes)
            return
        slide = self.prs.slides.add_slide(layout)
        self._title(slide, title, TITLE_SIZES)
        body = slide.placeholders[1]
        fill(body.text_frame, paras, size, self.font, INK)
        body.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE  # short text large, in the middle of the slide
        self._mark(slide)
        self._notes(slide, notes, None)

    def _body_size(self) -> tuple[int, int]:
        """Width and height of the body placeholder of 'Title and Content' (a slide's measure of it)."""
        if getattr(self, "_body", None) is None:
            probe = self.prs.slides.add_slide(self.layouts["Title and Content"])
            body = probe.placeholders[1]
            self._body = (body.width, body.height)
            self._drop(probe)
        return self._body

    def bullets(self, title: str, paras: list[Para], notes: list[str], objections: dict | None = None) -> None:
        """A bulleted list on 'Title and Content', as large as fits (at least 18 pt). A longer list
        continues on balanced slides (a heading stays with what is under it, no slide of one
        bullet); continuation slides carry only the notes of their own items when the notes go item
        by item, else a pointer to the first slide's notes, never the same notes again."""
        paras = [p for p in paras if p.text.strip()]
        if not paras:
            return
        if len(paras) == 1:  # one item: said large, not a list of one
            self.statement(title, paras[0].text, notes)
            return
        if paras[0].level == 0 and all(p.level > 0 for p in paras[1:]):  # one item and what is under it
            self.spotlight(title, (paras[0].text, " ".join(p.text for p in paras[1:])), notes, objections)
            return
        self._bulleted(title, paras, notes, objections)

    def _bulleted(self, title: str, paras: list[Para], notes: list[str], objections: dict | None = None) -> None:
        layout = self.layouts["Title and Content"]
        width, height = self._body_size()
        size = self.fit.best_size(paras, width, height, BODY_SIZES, bullets=True)
        pages = [paras] if size else self.fit.paginate(paras, width, height, BODY, bullets=True)
        if not size:
            size = min(self.fit.best_size(page, width, height, BODY_SIZES, bullets=True) or BODY for page in pages)
        per_item = _per_item_notes(paras, notes)
        for n, page in enumerate(pages):
            slide = self.prs.slides.add_slide(layout)
            self._title(slide, title if n == 0 else title + self.paren(self.L["continued"]), TITLE_SIZES)
            fill(slide.placeholders[1].text_frame, page, size, self.font, bullets=True)
            self._mark(slide)
            if len(pages) == 1:
                self._notes(slide, notes, objections)
            elif per_item is not None:
                self._notes(slide, [per_item[id(p)] for p in page if id(p) in per_item], objections if n == 0 else None)
            else:
                self._notes(slide, notes if n == 0 else [self._continued(n, len(pages))], objections if n == 0 else None)

    def cards(self, title: str, items: list[tuple[str, ...]], notes: list[str], objections: dict | None = None) -> None:
        """Two to four tinted cards side by side (four as a 2 × 2 grid): a heading in the brand colour,
        a short body and any further lines (a proof, its evidence) in the brand colour. The type is as large as fills the cards
        (up to 28 pt); cards are as tall as their text and sit in the middle of the slide, so short
        texts never leave them mostly empty. A body too long for its card is shortened to its first
        sentence, then left to the notes; more than four items continue on balanced slides; one item
        is a single wide card."""
        items = [item for item in items if item[0].strip()]
        if not items:
            return
        if len(items) == 1:
            self.spotlight(title, items[0], notes, objections)
            return
        a = self.area

        def shapes(count: int) -> list[tuple[int, int]]:
            """(columns, rows) to try for ``count`` cards: side by side (four as a 2 × 2 grid), else stacked
            as wide cards, which take longer texts."""
            return [(2, 2)] if count == 4 else [(count, 1), (1, count)] if count <= 3 else [(count, 1)]

        def layout(chunk: list[tuple[str, ...]], shorten: bool = True) -> tuple[list[list[Para]], float, tuple[int, int]] | None:
            """The cards' text at one size for all and one depth for all (the whole body, else, when
            ``shorten``, every body's first sentence): never one card with its text beside another with
            only a heading."""
            lines = any(isinstance(item[1], list) for item in chunk if len(item) > 1)
            for first in (False,) if lines or not shorten else (False, True):  # lines are each a point: none dropped
                blocks = [[Para(h, bold=True)] + _body(b, first) + [Para(x) for x in more if x] for h, b, *more in chunk]
                for cols, rows in shapes(len(chunk)):
                    inner_w = (a.width - (cols - 1) * GAP) // cols - Inches(0.4)
                    # narrow cards (three or more abreast) at 24 pt at most: large type in a narrow column breaks
                    # every few words; a 2 × 2 grid keeps every word at 16 pt rather than lose sentences
                    sizes = [x for x in CARD_SIZES if cols < 3 or x <= 24] + ([16] if (cols, rows) == (2, 2) and not first else [])
                    for size in sizes:  # rows as tall as their text: a long row beside a short one fits
                        heights = row_heights(blocks, cols, inner_w, size)
                        if heights and sum(heights) + (rows - 1) * GAP <= a.height:
                            return blocks, size, (cols, rows)
            return None

        def row_heights(blocks: list[list[Para]], cols: int, inner_w: int, size: float) -> list[int] | None:
            """Each row's card height for its tallest text at ``size``; None when a word does not fit."""
            if not all(self.fit.words_fit(block, Emu(inner_w).pt, size) for block in blocks):
                return None
            used = [int(Pt(self.fit.height(block, Emu(inner_w).pt, size))) + Inches(0.5) for block in blocks]
            return [max(used[i:i + cols]) for i in range(0, len(used), cols)]

        chunks: list[list[tuple[str, ...]]] = []
        for chunk in even_chunks(items, 4):  # four too full for one slide: two slides of two
            halves = even_chunks(chunk, 2)
            if len(chunk) < 3 or layout(chunk, shorten=False):
                chunks.append(chunk)
            elif len(chunk) == 4 and all(layout(half, shorten=False) for half in halves):
                # every word on two slides of two beats first sentences on one (three would leave a card alone)
                chunks += halves
            else:
                chunks += [chunk] if layout(chunk) else halves
        layouts = [layout(chunk) for chunk in chunks]
        # one type size on every slide of the run: a card alone on a continuation slide is not set larger
        sizes = [found[1] for found in layouts if found]
        for n, chunk in enumerate(chunks):
            chosen = layouts[n]
            cols, rows = chosen[2] if chosen else (len(chunk), 1)
            width = (a.width - (cols - 1) * GAP) // cols
            height = (a.height - (rows - 1) * GAP) // rows
            inner_w = width - Inches(0.4)
            if chosen is not None and len(chunks) > 1:
                chosen = (chosen[0], min(sizes), chosen[2])
            if chosen is None:  # sentences too long for any card: a list, each heading with its text
                self._bulleted(title, [p for h, b, *more in chunk for p in [Para(h, bold=True)]
                                       + [Para(x, level=1) for x in [*(b if isinstance(b, list) else [b]), *more] if x]],
                               notes, objections)
                continue
            blocks, size, _ = chosen
            # cards as tall as the tallest text (at least a third of the space; in rows, half), rows centred; every
            # row as tall as the tallest when that fits, else each as tall as its own text
            heights = row_heights(blocks, cols, inner_w, size) or [height] * rows
            if rows == 1:
                heights = [max(heights[0], height // 3)]
            # (in rows, each row as tall as its own text: no half-empty row of cards under a full one)
            tops = [a.top + (a.height - (sum(heights) + (rows - 1) * GAP)) // 2]
            for h in heights[:-1]:
                tops.append(tops[-1] + h + GAP)
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            for i, block in enumerate(blocks):
                left = a.left + (i % cols) * (width + GAP)
                top, card_h = tops[i // cols], heights[i // cols]
                box(slide, left, top, width, card_h, tint(self.brand.primary, 7), name="Card")
                box(slide, left, top, width, Inches(0.08), self.brand.primary, name="Card edge")
                shape = text(slide, left + Inches(0.2), top + Inches(0.2), inner_w, card_h - Inches(0.3), block, size,
                             self.font, INK, name="Card text")
                for run in shape.text_frame.paragraphs[0].runs:
                    run.font.color.rgb = rgb(self.brand.primary)
                extras = len([x for x in chunk[i][2:] if x])  # further lines (a proof) in the brand colour
                for p in shape.text_frame.paragraphs[len(block) - extras:] if extras else []:
                    for run in p.runs:
                        run.font.color.rgb = rgb(self.brand.primary)
            self._notes(slide, notes if n == 0 else [self._continued(n, len(chunks))], objections if n == 0 else None)

    def spotlight(self, title: str, item: tuple[str, ...], notes: list[str], objections: dict | None = None) -> None:
        """A single item (one pain, one step): one wide card, its heading and body set large, in the
        middle of the slide."""
        heading, body, *more = item
        a = self.area
        inner_w = a.width - Inches(0.8)
        paras = [Para(heading, bold=True)] + _body(body, False) + [Para(x) for x in more if x]
        size = self.fit.best_size(paras, inner_w, a.height - Inches(0.6), (32, 30, 28, 26, 24, 22, 20, 18))
        if size is None:
            lines = [x for x in body if x] if isinstance(body, list) else _sentences(body)
            self._bulleted(title, [Para(heading, bold=True)] + [Para(x, level=1) for x in lines], notes, objections)
            return
        used = int(Pt(self.fit.height(paras, Emu(inner_w).pt, size)))
        card_h = min(a.height, used + Inches(0.7))
        top = a.top + (a.height - card_h) // 2
        slide = self._slide("Title Only", title)
        box(slide, a.left, top, a.width, card_h, tint(self.brand.primary, 7), name="Card")
        box(slide, a.left, top, Inches(0.1), card_h, self.brand.primary, name="Card edge")
        shape = text(slide, a.left + Inches(0.4), top + Inches(0.3), inner_w, card_h - Inches(0.5), paras, size,
                     self.font, INK, name="Card text")
        for run in shape.text_frame.paragraphs[0].runs:
            run.font.color.rgb = rgb(self.brand.primary)
        self._notes(slide, notes, objections)

    def process(self, title: str, steps: list[tuple[str, str]], notes: list[str]) -> None:
        """The steps of a process on one slide: numbered chevrons with each step's title and text
        under it when the texts are short, else numbered rows (a badge, the title, the text) down
        the slide; a process too long for one slide continues on balanced slides."""
        a = self.area
        if not steps:
            return
        if len(steps) == 1:  # one step is no process
            self.spotlight(title, steps[0], notes)
            return
        gap = Inches(0.12)
        if len(steps) <= 5:
            width = (a.width - (len(steps) - 1) * gap) // len(steps)
            size = common_size(self.fit, [([Para(t, bold=True), Para(b)], width, a.height - Inches(1.05))
                                          for t, b in steps], (22, 20, 18))
            if size:
                slide = self._slide("Title Only", title)
                # chevrons and texts one group in the middle of the slide, never over an empty lower third
                used = Inches(1.0) + max(int(Pt(self.fit.height([Para(t, bold=True), Para(b)], Emu(width).pt, size)))
                                         for t, b in steps)
                top = a.top + max(0, (a.height - used) // 2)
                for i, (step_title, body) in enumerate(steps):
                    left = a.left + i * (width + gap)
                    arrow = box(slide, left, top, width, Inches(0.8), self.brand.primary if i % 2 == 0 else
                                tint(self.brand.primary, 75), shape=MSO_SHAPE.PENTAGON if i == 0 else MSO_SHAPE.CHEVRON,
                                name="Step")
                    fill(arrow.text_frame, [Para(f"{i + 1:02d}", bold=True)], 26, self.font, "#FFFFFF", align="ctr")
                    arrow.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
                    shape = text(slide, left, top + Inches(1.0), width, a.top + a.height - top - Inches(1.05),
                                 [Para(step_title, bold=True), Para(body)], size, self.font, INK, name="Step text")
                    for run in shape.text_frame.paragraphs[0].runs:
                        run.font.color.rgb = rgb(self.brand.primary)
                self._notes(slide, notes, None)
                return
        # rows: a number badge, the step's title, and its text beside it
        badge = Inches(0.62)
        title_left = a.left + badge + Inches(0.25)
        title_w = int(a.width * 0.24)
        body_left = title_left + title_w + Inches(0.15)
        body_w = a.right - body_left
        for size in (22, 20, 18):
            heights = [max(badge + Inches(0.08), int(Pt(max(self.fit.height([Para(t, bold=True)], Emu(title_w).pt, size),
                                                           self.fit.height([Para(b)], Emu(body_w).pt, size)))))
                       + Inches(0.1) for t, b in steps]
            if sum(heights) <= a.height:  # the largest size at which every step fits on one slide
                break
        count, used = 1, 0
        for h in heights:
            if used + h > a.height and used:
                count, used = count + 1, 0
            used += h
        for n, (start, stop) in enumerate(_balanced_rows(heights, count, a.height)):
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            spare = min(Inches(0.4), max(0, (a.height - sum(heights[start:stop])) // max(1, stop - start)))
            y = a.top
            for i in range(start, stop):
                step_title, body = steps[i]
                self._badge(slide, a.left, y, badge, i + 1, 22, name="Step")
                if i + 1 < stop:  # the line joining one step to the next
                    box(slide, a.left + badge // 2 - Inches(0.015), y + badge + Inches(0.06), Inches(0.03),
                        heights[i] + spare - badge - Inches(0.12), tint(self.brand.primary, 40), name="Step line")
                text(slide, title_left, y, title_w, heights[i], [Para(step_title, bold=True)], size, self.font,
                     self.brand.primary, name="Step title")
                text(slide, body_left, y, body_w, heights[i], [Para(body)], size, self.font, INK, name="Step text")
                y += heights[i] + spare
            self._notes(slide, notes[start:stop] if len(notes) == len(steps) else
                        (notes if n == 0 else [self._continued(n, count)]), None)

    def columns(self, title: str, left_title: str, left: list[Para], right_title: str, right: list[Para],
                notes: list[str], objections: dict | None = None, tones: tuple[str, str] = ("us", "them")) -> None:
        """Two columns under coloured headers (strengths in green and weaknesses in red, us in the
        brand colour and them in grey), each on a light tint of its colour. Lists too long for one
        slide continue column by column on balanced slides."""
        if not left and not right:
            return
        if not left or not right:  # no empty column: the one list under its own heading
            head, side = (left_title, left) if left else (right_title, right)
            self.bullets(f"{title} · {head}" if head not in title else title, side, notes, objections)
            return
        a = self.area
        width = (a.width - GAP) // 2
        widths = [width, width]
        head_h = Inches(0.65)
        body_h = a.height - head_h
        colours = [TONES.get(tone) or self.brand.primary for tone in tones]
        size = common_size(self.fit, [(side, width, body_h) for side in (left, right) if side], BODY_SIZES,
                           bullets=True)
        if not size:  # a long list beside a short one: the long one takes more of the width before a second slide
            heights = [self.fit.height(side, Emu(width).pt, BODY, bullets=True) for side in (left, right)]
            wide = int((a.width - GAP) * 0.6)
            widths = [wide, a.width - GAP - wide] if heights[0] >= heights[1] else [a.width - GAP - wide, wide]
            size = common_size(self.fit, [(side, w, body_h) for side, w in zip((left, right), widths, strict=True)],
                               BODY_SIZES, bullets=True)
            if not size:
                widths = [width, width]
        if size:
            pages = [(left, right)]
        else:
            size = BODY
            lp = self.fit.paginate(left, width, body_h, size, bullets=True) if left else []
            rp = self.fit.paginate(right, width, body_h, size, bullets=True) if right else []
            count = max(len(lp), len(rp))
            lp = self.fit.paginate(left, width, body_h, size, bullets=True, count=count) if left else []
            rp = self.fit.paginate(right, width, body_h, size, bullets=True, count=count) if right else []
            if len(lp) != len(rp) or any(len(page) < 2 for page in lp[1:] + rp[1:]):
                # the two lists do not continue side by side: each gets slides of its own, under the title
                self.bullets(f"{title} · {left_title}" if left_title not in title else title, left, notes, objections)
                self.bullets(f"{title} · {right_title}" if right_title not in title else title, right, [], None)
                return
            pages = list(zip(lp, rp, strict=True))
        for n, (lpage, rpage) in enumerate(pages):
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            # columns as tall as their longer list (at least a third of the space), centred
            # (the tallest of the run's pages: the columns' heads stay in one place from slide to slide)
            used = max(self.fit.height(page, Emu(w).pt, size, bullets=True)
                       for both in pages for page, w in zip(both, widths, strict=True) if page)
            col_h = min(body_h, max(int(Pt(used)) + Inches(0.25), a.height // 3))
            top = a.top + (body_h - col_h) // 2
            for i, (head, paras) in enumerate(((left_title, lpage), (right_title, rpage))):
                width = widths[i]
                left_x = a.left + (0 if i == 0 else widths[0] + GAP)
                colour = colours[i]
                box(slide, left_x, top, width, head_h, colour, name="Column head")
                text(slide, left_x, top, width, head_h, [Para(head, bold=True)], 22 if self.fit.fits(
                    [Para(head, bold=True)], width, head_h, 22) else BODY, self.font, "#FFFFFF", anchor=MSO_ANCHOR.MIDDLE,
                    name="Column title")
                box(slide, left_x, top + head_h, width, col_h, tint(colour, 7), name="Column")
                if paras:
                    text(slide, left_x, top + head_h + Inches(0.05), width, col_h - Inches(0.05), paras, size,
                         self.font, INK, bullets=True, name="Column text")
            self._notes(slide, notes if n == 0 else [self._continued(n, len(pages))], objections if n == 0 else None)

    def table(self, title: str, header: list[str], rows: list[list[str]], notes: list[str],
              widths: tuple[float, ...], status_cols: frozenset[int] = frozenset(),
              statuses: list[list[str | None]] | None = None, right: frozenset[int] = frozenset(),
              strong: frozenset[int] = frozenset()) -> None:
        """A native table filling the slide's width at 18 pt or more, header in the brand colour;
        rows are measured and never split, and continue on balanced slides. ``status_cols`` are
        coloured by ``statuses`` (yes / partial / no / roadmap) as in the PDF battlecard."""
        if not rows:
            return
        a = self.area
        base = [int(a.width * w / sum(widths)) for w in widths]
        margin = Inches(0.08)

        def page_count(head_h: int, heights: list[int]) -> int:
            count, used = 1, head_h
            for h in heights:
                if used + h > a.height and used > head_h:
                    count, used = count + 1, head_h
                used += h
            return count

        def measured(size: float) -> tuple[list[int], int, list[int]]:
            """The columns' widths, the header's height and each row's height at ``size``."""
            cols = self._fit_columns(base, header, rows, size, strong)
            return cols, self._row_height(header, cols, size, True), [self._row_height(r, cols, size) for r in rows]

        def tall(size: float) -> int:
            _, head_h, heights = measured(size)
            return head_h + sum(heights)

        # as large as lets the whole table stand on one slide; 16 pt only when that saves a slide
        # (a table read on one slide beats two half-empty ones at 18)
        size = next((candidate for candidate in (24, 22, 20, 18) if tall(candidate) <= a.height), BODY)
        col_widths, head_h, heights = measured(size)
        if size == BODY:
            small = measured(16)
            if page_count(small[1], small[2]) < page_count(head_h, heights):
                size, (col_widths, head_h, heights) = 16, small
        table_h = head_h + sum(heights)
        if table_h < a.height * 0.6:  # a short table: airier rows, never more than half as tall again
            stretch = min(1.5, a.height * 0.6 / table_h)
            head_h, heights = int(head_h * stretch), [int(h * stretch) for h in heights]
        # balanced pages of whole rows
        count = page_count(head_h, heights)
        pages = _balanced_rows(heights, count, a.height - head_h)
        for n, (start, stop) in enumerate(pages):
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            page = rows[start:stop]
            shape = slide.shapes.add_table(len(page) + 1, len(header), a.left, a.top, a.width,
                                           head_h + sum(heights[start:stop]))
            tbl = shape.table
            for i, w in enumerate(col_widths):
                tbl.columns[i].width = w
            tbl.rows[0].height = head_h
            for r, values in enumerate([header] + page):
                if r:
                    tbl.rows[r].height = heights[start + r - 1]
                for col, value in enumerate(values):
                    cell = tbl.cell(r, col)
                    cell.margin_left = cell.margin_right = margin
                    cell.margin_top = cell.margin_bottom = Inches(0.04)
                    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                    status = statuses[start + r - 1][col] if r and statuses and col in status_cols else None
                    colour = "#FFFFFF" if r == 0 else STATUS_COLOURS.get(status or "", INK)
                    bold = r == 0 or status is not None or (start + r - 1) in strong  # ``strong``: rows (a total) in bold
                    fill(cell.text_frame, [Para(value, bold=bold)], size, self.font, colour,
                         width=col_widths[col] - 2 * margin + 2 * INSET,  # the measure's frame: cell margins, not insets
                         align="r" if col in right else None)  # ``right``: columns of amounts and counts
                    cell.fill.solid()
                    if r == 0:
                        cell.fill.fore_color.rgb = rgb(self.brand.primary)
                    elif status:
                        cell.fill.fore_color.rgb = rgb(tint(STATUS_COLOURS.get(status, GREY), 12))
                    else:
                        cell.fill.fore_color.rgb = rgb("#FFFFFF" if r % 2 else tint(self.brand.primary, 5))
            self._notes(slide, notes if n == 0 else [self._continued(n, len(pages))], None)

    def quote(self, quote_text: str, by: str, notes: list[str]) -> None:
        """What a customer said, large, with a quotation mark in the accent colour and who said it right
        under it: the quote and its speaker one group in the middle of the slide, never a gap between."""
        if not quote_text.strip():
            return
        a = self.area
        slide = self._slide("Title Only", self.L["quote"])
        width = a.width - Inches(1.7)
        by_paras = [Para("— " + by)] if by else []
        by_size = (self.fit.best_size(by_paras, width, Inches(1.3), (20, 18)) or BODY) if by else BODY
        by_h = int(Pt(self.fit.height(by_paras, Emu(width).pt, by_size))) + Inches(0.05) if by else 0
        height = a.height - max(Inches(1.3), by_h + Inches(0.5))
        paras = [Para(quote_text)]
        size = self.fit.best_size(paras, width, height, (34, 32, 30, 28, 26, 24, 22, 20, 18)) or BODY
        if not self.fit.fits(paras, width, height, size):
            paras = self.fit.paginate(paras, width, height, size)[:1]
        quote_h = min(height, int(Pt(self.fit.height(paras, Emu(width).pt, size))) + Inches(0.1))
        space = Inches(0.35) if by else 0
        top = a.top + (a.height - (quote_h + space + by_h)) // 2
        text(slide, a.left, top - Inches(0.45), Inches(1.6), Inches(2.0), [Para("“", bold=True)], 96, self.font,
             self.brand.accent, name="Quote mark")
        text(slide, a.left + Inches(1.6), top, width, quote_h, paras, size, self.font, INK, name="Quote")
        if by:
            text(slide, a.left + Inches(1.6), top + quote_h + space, width, by_h, by_paras, by_size,
                 self.font, GREY, name="Quote by")
        self._notes(slide, notes, None)

    def case(self, title: str, challenge: str | list[str], solution: str | list[str], results: list[tuple[str, str]],
             notes: list[str], summary: str = "") -> None:
        """A case on one slide: challenge → solution → the result numbers, a column each (a side the
        case does not tell is left out, never drawn empty); a case whose text does not fit at 18 pt
        gets its story on two columns and its numbers as tiles."""
        results = self.unseen(results)
        def paras(part: str | list[str]) -> list[Para]:  # Markdown, or paragraphs already read from it
            return [Para(x) for x in (part if isinstance(part, list) else _paragraphs(part))]

        story = [(self.L["challenge"], paras(challenge), GREY), (self.L["solution"], paras(solution), self.brand.primary)]
        story = [part for part in story if part[1]]
        if not story and summary and len(results) == 1:  # no story told: its one number, and what it says in a line
            results = [(*results[0], summary)]
        if not story:
            self.metrics(title, results, notes, fresh=True)
            return
        if len(story) == 1 and not results:  # one part of the story, no new numbers: a single card
            self.spotlight(title, (story[0][0], " ".join(p.text for p in story[0][1])), notes)
            return
        a = self.area
        columns = len(story) + (1 if results else 0)
        width = (a.width - (columns - 1) * GAP) // columns
        head_h = Inches(0.6)
        body_h = a.height - head_h - Inches(0.1)
        story_size = common_size(self.fit, [(paras, width, body_h) for _, paras, _ in story], (24, 22, 20, 18))
        each = body_h // max(1, len(results)) - Inches(0.1) if results else body_h
        value_size = common_size(self.fit, [([Para(v, bold=True)], width - Inches(0.3), min(Inches(0.75), each))
                                            for v, _ in results], (36, 32, 28, 24, 22, 20)) if results else 20
        label_fits = all(self.fit.fits([Para(m)], width - Inches(0.3), max(each - Inches(0.75), 0), BODY)
                         for _, m in results)
        if not story_size or not value_size or not label_fits or len(results) > 4:
            if len(story) == 2:
                self.columns(title, story[0][0], story[0][1], story[1][0], story[1][1], notes, tones=("them", "us"))
            else:
                self.bullets(f"{title} · {story[0][0]}", story[0][1], notes)
            if results:
                self.metrics(f"{title} · {self.L['results']}", [(v, m) for v, m in results], [], fresh=True)
            return
        # as tall as the longer story (at least half the space), the heads over it
        used = max(self.fit.height(paras, Emu(width).pt, story_size) for _, paras, _ in story)
        label_h = max((int(Pt(self.fit.height([Para(m)], Emu(width - Inches(0.3)).pt, BODY))) for _, m in results),
                      default=0)
        need = max([int(Pt(used)) + Inches(0.2), body_h // 2]
                   + ([len(results) * (Inches(0.75) + label_h + Inches(0.2))] if results else []))
        body_h = min(body_h, need)
        each = body_h // max(1, len(results)) - Inches(0.1) if results else body_h
        top0 = a.top + (a.height - head_h - Inches(0.1) - body_h) // 2
        slide = self._slide("Title Only", title)
        heads = [(head, colour) for head, _, colour in story] + ([(self.L["results"], self.brand.accent)] if results else [])
        for i, (head, colour) in enumerate(heads):
            left = a.left + i * (width + GAP)
            box(slide, left, top0, width, head_h, colour, name="Column head")
            text(slide, left, top0, width, head_h, [Para(head, bold=True)], 20, self.font, "#FFFFFF",
                 anchor=MSO_ANCHOR.MIDDLE, name="Column title")
            top = top0 + head_h + Inches(0.1)
            if i < len(story):
                text(slide, left, top, width, body_h, story[i][1], story_size, self.font, INK, name="Case text")
                continue
            for k, (value, metric) in enumerate(results):
                y = top + k * (each + Inches(0.1))
                box(slide, left, y, width, each, tint(self.brand.accent, 10), name="Result")
                text(slide, left + Inches(0.15), y, width - Inches(0.3), Inches(0.75), [Para(value, bold=True)],
                     value_size, self.font, self.brand.primary, anchor=MSO_ANCHOR.BOTTOM, name="Result value")
                text(slide, left + Inches(0.15), y + Inches(0.75), width - Inches(0.3), each - Inches(0.75),
                     [Para(metric)], BODY, self.font, INK, name="Result label")
        self._notes(slide, notes, None)

    def closing_slide(self, steps: list[str], contact_lines: list[str], company: str, notes: list[str],
                      objections: dict | None = None, panel_title: str | None = None) -> None:
        """Next steps, each beside its number in a brand-colour badge, next to a contact panel in the
        brand colour; steps and panel as one group in the middle of the slide, never a list stuck to the
        top over an empty half. No slide without steps (a contact box alone is no slide: the title slide
        and the documents carry the contacts)."""
        if not steps:
            return
        a = self.area
        contact = [Para(company, bold=True)] + [Para(x) for x in contact_lines]
        # the panel wide enough for the longest e-mail address or URL on one line at 18 pt
        longest = max((self.fit.width(w, BODY, p.bold) for p in contact for w in p.text.split(" ")), default=0)
        panel_w = max(int(a.width * 0.36), min(int(a.width * 0.5), int(Pt(longest + 2 * INSET.pt)) + Inches(0.6)))
        badge, gap = Inches(0.56), Inches(0.3)
        list_w = a.width - panel_w - GAP - badge - Inches(0.25)
        size = heights = None
        for candidate in BODY_SIZES:  # the largest size at which every step, spaced, fits beside the panel
            found = [max(badge, int(Pt(self.fit.height([Para(s)], Emu(list_w).pt, candidate)))) for s in steps]
            if self.fit.words_fit([Para(s) for s in steps], Emu(list_w).pt, candidate) and \
                    sum(found) + gap * (len(found) - 1) <= a.height:
                size, heights = candidate, found
                break
        panel = [Para(panel_title or self.L["contact"], bold=True)] + contact
        contact_size = self.fit.best_size(panel, panel_w - Inches(0.5), a.height - Inches(0.6), (22, 20, 18))
        if size is None or contact_size is None:
            self.bullets(self.L["next_steps"], [Para(x) for x in steps] + [Para(
                f"{self.L['contact']}{self.L['colon']}" + " · ".join(contact_lines), bold=True)], notes, objections)
            return
        slide = self._slide("Title Only", self.L["next_steps"])
        steps_h = sum(heights) + gap * (len(heights) - 1)
        inner = int(Pt(self.fit.height(panel, Emu(panel_w - Inches(0.5)).pt, contact_size)))
        panel_h = min(a.height, inner + Inches(0.6))  # as tall as what it holds: no block of empty colour
        y, top = a.top + (a.height - steps_h) // 2, a.top + (a.height - panel_h) // 2  # both centred: one group
        for i, (step, h) in enumerate(zip(steps, heights, strict=True), 1):
            self._badge(slide, a.left, y + (h - badge) // 2, badge, i, 20, name="Step number")
            text(slide, a.left + badge + Inches(0.25), y, list_w, h, [Para(step)], size, self.font, INK,
                 anchor=MSO_ANCHOR.MIDDLE, name="Next step")
            y += h + gap
        left = a.right - panel_w
        box(slide, left, top, panel_w, panel_h, self.brand.primary, name="Contact panel")
        box(slide, left, top, panel_w, Inches(0.1), self.brand.accent, name="Contact edge")
        text(slide, left + Inches(0.25), top + Inches(0.35), panel_w - Inches(0.5), panel_h - Inches(0.6),
             panel, contact_size, self.font, "#FFFFFF", name="Contact")
        self._notes(slide, notes, objections)

    # ------------------------------------------------------------------ plumbing
    def _badge(self, slide, left: int, top: int, diameter: int, number: int, size: float, name: str) -> None:  # noqa: ANN001
        """A number in white on a brand-colour disc (a step of a process, a next step)."""
        disc = box(slide, left, top, diameter, diameter, self.brand.primary, shape=MSO_SHAPE.OVAL, name=name)
        fill(disc.text_frame, [Para(str(number), bold=True)], size, self.font, "#FFFFFF", align="ctr")
        disc.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        disc.text_frame.margin_left = disc.text_frame.margin_right = 0

    def _slide(self, layout_name: str, title: str):  # noqa: ANN202
        slide = self.prs.slides.add_slide(self.layouts[layout_name])
        self._title(slide, title, TITLE_SIZES)
        self._mark(slide)
        return slide

    def _title(self, slide, text: str, sizes: tuple[int, ...], align: str | None = None,  # noqa: ANN001
               colour: str | None = None) -> None:
        title = slide.shapes.title
        paras = [Para(text, bold=True)]
        size = self.fit.best_size(paras, title.width, title.height, sizes)
        if size is None:
            size = sizes[-1]
            while text and not self.fit.fits([Para(text + "…", bold=True)], title.width, title.height, size):
                text = text[: int(len(text) * 0.9)]
            paras = [Para(text + "…", bold=True)]
        # a run of slides under one title ('Benefits', 'Benefits (continued)') keeps one title size: when the
        # longer continued title needs a smaller one, the earlier slides of the run take it too
        run = getattr(self, "_title_run", None)
        suffix = self.paren(self.L["continued"])
        if run and text.endswith(suffix) and text[: -len(suffix)] == run["base"]:
            if size < run["size"]:
                for shape, earlier in run["shapes"]:
                    fill(shape.text_frame, [Para(earlier, bold=True)], size, self.font, colour, align=align)
                    for entry in getattr(self, "_titles", []):  # (what the evening-out pass knows of it)
                        if entry[0] is shape:
                            entry[2] = size
                run["size"] = size
            size = run["size"]
            run["shapes"].append((title, paras[0].text))
        else:
            self._title_run = {"base": text, "size": size, "shapes": [(title, paras[0].text)]}
        fill(title.text_frame, paras, size, self.font, colour, align=align)
        if sizes == TITLE_SIZES:  # a content slide's title: evened out with the others once the deck is drawn
            self.__dict__.setdefault("_titles", []).append([title, paras, size, colour, align])

    def _even_titles(self) -> None:
        """One title size for the deck's content slides: the smallest any of them needs, not below 28 pt
        (a title that needs less keeps its own); a title never jumps from 34 pt to 26 pt and back."""
        titles = getattr(self, "_titles", [])
        if len(titles) < 2:
            return
        common = max(28, min(entry[2] for entry in titles))
        for shape, paras, size, colour, align in titles:
            if size > common:
                fill(shape.text_frame, paras, common, self.font, colour, align=align)

    def _continued(self, n: int, count: int) -> str:
        """The notes of continuation slide ``n`` (0-based) of ``count``: which part it is, and where the talk track is."""
        return self.L["notes_continued"].format(part=n + 1, parts=count)

    def _fit_columns(self, widths: list[int], header: list[str], rows: list[list[str]], size: float,
                     strong: frozenset[int] = frozenset()) -> list[int]:
        """``widths`` moved so that no column is narrower than its longest word (the header's and the
        ``strong`` rows' in bold): a word is never broken inside ("Cantida|d", "5.328.|000,00"). The width a
        column needs is taken from the others in proportion to what they have beyond their own longest word."""
        pad = Inches(0.16) + Pt(2)
        need = []
        for col in range(len(widths)):
            words = [(w, True) for w in glue(header[col]).split(" ")] + \
                [(w, n in strong) for n, r in enumerate(rows) for w in glue(str(r[col])).split(" ")]
            need.append(int(max((Pt(self.fit.width(w, size, bold)) for w, bold in words), default=0)) + pad)
        widths = list(widths)
        short = sum(max(0, n - w) for n, w in zip(need, widths, strict=True))
        spare = sum(max(0, w - n) for n, w in zip(need, widths, strict=True))
        if not short or spare < short:
            return widths  # nothing to move, or not enough room for every word: the measure wraps inside words
        for col, (n, w) in enumerate(zip(need, widths, strict=True)):
            widths[col] = n if n > w else w - int((w - n) * short / spare)
        return widths

    def _row_height(self, row: list[str], widths: list[int], size: float, bold: bool = False) -> int:
        """A table row's height at ``size``: its tallest cell, measured (cell margins 0.08 in at the
        sides, 0.04 in above and below, which the measure's frame insets cover)."""
        text_h = max(self.fit.height([Para(v, bold=bold)], Emu(w - Inches(0.16)).pt + 14.4, size) - 7.2
                     for v, w in zip(row, widths, strict=True))  # - 7.2: the measure's frame insets
        return int(Pt(text_h + 2)) + 2 * Inches(0.04)

    def _mark(self, slide) -> None:  # noqa: ANN001
        """The classification in the slide's corner, on an internal deck's slide; recorded on every deck (the
        presenter edition of a public deck adds it: writer.presenter_edition)."""
        on_colour = self.builtin and slide.slide_layout.name in ("Title Slide", "Section Header")
        self._events.append(("mark", slide.part, on_colour))
        if self.internal:
            draw_mark(self.prs, slide, self.L["confidential"], self.font, on_colour)

    def _drop(self, slide) -> None:  # noqa: ANN001
        """Remove a slide added only to measure its layout's placeholders."""
        ids = self.prs.slides._sldIdLst
        for sld_id in list(ids):
            if self.prs.part.related_part(sld_id.rId) is slide.part:
                self.prs.part.drop_rel(sld_id.rId)
                ids.remove(sld_id)
                return


def draw_mark(prs, slide, label: str, font: RunFonts, on_colour: bool) -> None:  # noqa: ANN001
    """The classification ("Confidential") in the top right corner of ``slide``: white on the built-in
    template's coloured title and section slides, red elsewhere."""
    left, width, height = prs.slide_width - Inches(5.3), Inches(5.1), Inches(0.4)
    if on_colour and slide.slide_layout.name == "Title Slide":  # white on the brand panel, never past its edge:
        # in a wider font than the one it was measured in (a client without it) it wraps inside the panel
        left, width, height = PANEL_LEFT + Inches(0.3), prs.slide_width - PANEL_LEFT - Inches(0.5), Inches(0.7)
    mark = slide.shapes.add_textbox(left, Inches(0.08), width, height)
    mark.name = "Small print: classification"
    fill(mark.text_frame, [Para(label, bold=True)], 12, font, "#FFFFFF" if on_colour else "#B3261E", align="r")


_CJK_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _sentences(text: str) -> list[str]:
    """``text`` cut into sentences (Chinese and Japanese full stops too), each kept whole."""
    return [x.strip() for x in re.split(r"(?<=[。！？.!?])\s+|(?<=[。！？])", text or "") if x.strip()]


def _per_item_notes(paras: list[Para], notes: list[str]) -> dict[int, str] | None:
    """Each top-level item's own notes line, when the notes go item by item (one line per heading)."""
    heads = [p for p in paras if p.level == 0]
    if len(heads) != len(notes) or len(heads) < 2:
        return None
    return {id(p): line for p, line in zip(heads, notes, strict=True)}


def _balanced_rows(heights: list[int], count: int, capacity: int) -> list[tuple[int, int]]:
    """(start, stop) of ``count`` pages of consecutive rows, none over ``capacity`` where possible,
    the tallest page as short as it can be (a row taller than a page gets a page of its own)."""
    n = len(heights)
    if count <= 1 or n <= 1:
        return [(0, n)]
    prefix = [0]
    for h in heights:
        prefix.append(prefix[-1] + h)
    memo: dict[tuple[int, int], tuple[int, list[int]]] = {}

    def solve(i: int, k: int) -> tuple[int, list[int]]:
        if (i, k) in memo:
            return memo[(i, k)]
        if k == 1:
            result = (prefix[n] - prefix[i], [n])
        else:
            result = (1 << 62, [n])
            for j in range(i + 1, n - k + 2):
                page = prefix[j] - prefix[i]
                if page > capacity and j - i > 1:
                    break
                rest = solve(j, k - 1)
                candidate = (max(page, rest[0]), [j] + rest[1])
                if candidate[0] < result[0]:
                    result = candidate
        memo[(i, k)] = result
        return result

    cuts = solve(0, min(count, n))[1]
    return list(zip([0] + cuts[:-1], cuts, strict=True))


def _paragraphs(text: str | None) -> list[str]:
    """Markdown prose as plain paragraphs for slides: rendered by the project's one Markdown
    renderer, then read back as text, so emphasis and list markers disappear while every
    character the author wrote as text (``<``, ``>``, ``&``, quotes, ``#``, ``*`` in code) stays
    exactly as written. python-pptx escapes it for XML."""
    if not text or not text.strip():
        return []
    reader = _TextReader()
    reader.feed(markdown_html(text))
    reader.close()
    return reader.paragraphs()


class _TextReader(HTMLParser):
    """The text content of rendered Markdown, one paragraph per block element (p, li, h1…)."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "div", "dt",
                        "dd", "ul", "ol", "table", "figcaption", "hr", "section", "article", "details", "summary"})
    SPACES = frozenset({"br", "td", "th"})
    VOID = frozenset({"br", "hr", "img", "input", "col", "wbr", "area", "source", "meta", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._done: list[str] = []
        self._current: list[str] = []
        self._skip = 0  # inside a footnote, script or style: not slide text

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self._done.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._skip or tag in ("script", "style") or "footnote" in classes or "footnote-ref" in classes:
            if tag not in self.VOID:
                self._skip += 1
            return
        if tag in self.BLOCKS:
            self._flush()
        elif tag in self.SPACES:
            self._current.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip and tag in self.BLOCKS:
            self._flush()
        elif not self._skip and tag in self.SPACES:
            self._current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag not in self.VOID:
                self._skip -= 1
            return
        if tag in self.BLOCKS:
            self._flush()
        elif tag in self.SPACES:
            self._current.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def paragraphs(self) -> list[str]:
        self._flush()
        return self._done


_FIGURE = re.compile(r"[+\-−–]?\s*\d+(?:[.,]\d+)?\s*[%％]?")
_CHANGE = re.compile(r"[+\-−–]\s*\d+(?:[.,]\d+)?\s*[%％]")


def figure_key(value: str) -> str:
    """What makes two displayed figures the same figure: their numbers, signs and percent signs
    ('-71% (31 h → 9 h)' and '−71 %' share '-71%'); '' when the text holds no number."""
    found = _FIGURE.findall(value or "")
    if not found:
        return ""
    first = _norm(found[0])
    return first if "%" in first or len(found) == 1 else " ".join(_norm(f) for f in found)


def _body(body: str | list[str], shorten: bool) -> list[Para]:
    """A card's body: a text (shortened: its first sentence) or lines, one paragraph each (shortened: the
    first line)."""
    if isinstance(body, list):
        lines = [x for x in body if x]
        return [Para(x) for x in (lines[:1] if shorten else lines)]
    if not body:
        return []
    return [Para((_sentences(body) or [""])[0] if shorten else body)]


def _figure_apart(item: tuple[str, ...]) -> tuple[str, ...]:
    """A tile's (value, label, …) with a closing parenthesis of the value moved under the label:
    ('38 days → 27 days (EUR 1.9m less stock)', 'Stock') → ('38 days → 27 days', 'Stock', 'EUR 1.9m less stock')."""
    value, label, *more = item
    match = re.fullmatch(r"(.+?)\s*[(（]([^()（）]+)[)）]\s*", value)
    if not match:
        return item
    return (match.group(1), label, match.group(2), *more)


def figure_keys(value: str) -> set[str]:
    """Everything that would make ``value`` a repeat: the figure itself, each signed change it states
    (-41%, +12 %) and its before → after pair ('31 h → 9 h' in '31 h → 9 h (-71%)'): a figure shown
    once is not shown again inside a longer one."""
    key = figure_key(value)
    keys = ({key} if key else set()) | {_norm(c) for c in _CHANGE.findall(value or "")}
    numbers = [_norm(f) for f in _FIGURE.findall(value or "")]
    if "→" in (value or "") and len(numbers) >= 2:
        keys.add(f"{numbers[0]}→{numbers[1]}")
    return keys


def _norm(figure: str) -> str:
    return figure.replace(" ", "").replace("−", "-").replace("–", "-").replace("％", "%").replace(",", ".")
