"""The checks on how pages and slides are laid out: text outside its box or margins, pages and
slides nearly empty, a slide of one bullet, a big figure shown twice, CJK characters left alone
on a paragraph's last line. Each returns the defects it finds, as (unit number, check, message)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from . import deck as decks
from .deck import Deck, Frame, Shape, Slide
from .defects import quoted
from .pdf import MM, Document, Line, Page

Finding = tuple[int, str, str]  # (page or slide number, check id, message)

# --------------------------------------------------------------------------- thresholds
EDGE = 3 * MM  # our pages have margins of 12 mm or more: a character this close to the edge has left its box
HALF = 0.5  # a page other than the last should reach at least half of its content area
STUB = 0.2  # a last page reaching less than this share of its content area is a stub
STUB_LINES = 3  # a last page of this few lines of body text (or fewer) is a stub, however they are spread
STUB_BOX = 0.4  # ... and so is one whose text all sits in a single box (a contact panel) this share of the page high
SLIDE_SLACK = 0.5  # pt: what a shape may pass a slide's edge by (rounding of inches to EMU)
FIT_SLACK = 1.0  # pt: measured text may exceed its box by this much (the writer's own measure is exact to ~0.1 pt)
CARD_FILL = 0.25  # a card (or column) whose text fills less of it than this looks empty beside the others
BODY_FILL = 0.15  # a content slide whose body holds text in less than this share of its area looks empty
BIG = 40  # pt: text this large that holds a digit is a big figure, wherever a deck puts it
LONE = 2  # a paragraph's last line of this many characters or fewer (punctuation aside) stands alone
# PowerPoint, LibreOffice and Keynote set text up to about 2% wider than the writer's measure: a lone
# last line that a 2% narrower box would not leave alone depends on the program, so is not reported
RENDER_SLACK = 0.02
CJK = re.compile(r"[\u2e80-\u2fff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# slide kinds meant to be airy (deck design system): their white space is the design, not a gap
AIRY = {"title", "section", "statement", "quote", "closing", "chart", "tiles", "process", "table"}


# --------------------------------------------------------------------------- PDF pages


def pdf_outside(doc: Document) -> Iterator[Finding]:
    """Characters off the page or within :data:`EDGE` of its edge, one finding per line of text."""
    for page in doc.pages:
        for line in page.lines:
            chars = [c for c in line.chars if not c.text.isspace()]
            off = [c for c in chars if c.left < 0 or c.top < 0 or c.right > page.width or c.bottom > page.height]
            near = [c for c in chars if c.left < EDGE or c.top < EDGE or c.right > page.width - EDGE
                    or c.bottom > page.height - EDGE]
            if off:
                yield page.number, "outside", f"text runs off the page ({_q(line.text)})"
            elif near:
                yield page.number, "outside", f"text within 3 mm of the page's edge ({_q(line.text)})"


def used(page: Page, frame: tuple[float, float]) -> float:
    """How far down the content area (``frame``: its top and bottom) the page's content reaches, 0 to 1;
    running header and footer aside, a page dressed edge to edge counts as full."""
    if page.cover:
        return 1.0
    top, bottom = frame
    reach = [ln.bottom for ln in page.body] + [b.bottom for b in page.boxes
                                                if b.top < bottom and b.bottom > top and b.area < 0.9 * page.width * page.height]
    if not reach or bottom <= top:
        return 0.0
    return min(1.0, max(0.0, (max(reach) - top) / (bottom - top)))


def pdf_fill(doc: Document, contents: str = "") -> Iterator[Finding]:
    """underfilled: a page before the last that reaches less than half of its content area (a table
    of contents, a page headed ``contents``, is a page of its own by design); stub: a last page (of
    two or more) of a few lines, a lone box, or under a fifth of the area."""
    frame = doc.frame()
    pages = doc.pages
    for page, after in zip(pages[:-1], pages[1:], strict=True):
        share = used(page, frame)
        if share < HALF and not (contents and page.body and page.body[0].text == contents.strip()) \
                and not _pushed(after, (1 - share) * (frame[1] - frame[0])):
            yield (page.number, "underfilled",
                   f"page is {_pct(share)} used (a page other than the last should be at least half full)")
    if len(pages) < 2 or pages[-1].cover:
        return
    last = pages[-1]
    share = used(last, frame)
    body = last.body
    if share < STUB:
        yield last.number, "stub", f"last page holds only a stub: its content reaches {_pct(share)} of the page"
    elif len(body) <= STUB_LINES:
        yield (last.number, "stub", f"last page holds only {len(body)} line{'s' if len(body) != 1 else ''} of text"
               f" ({_q(' / '.join(ln.text for ln in body))})")
    else:
        holder = _one_box(last, body, frame)
        if holder is not None:
            yield last.number, "stub", f"last page holds only a box ({_q(' / '.join(ln.text for ln in body))})"


def _pushed(page: Page, free: float) -> bool:
    """Whether ``page`` opens with a block taller than ``free``, the room left on the page before: a
    block that must not split (a role-play card, a table row) went over whole, leaving that room."""
    lines = sorted(page.body, key=lambda ln: ln.top)
    if not lines:
        return False
    bottom = lines[0].bottom
    for k, line in enumerate(lines[1:], 1):
        heading = k == 1 and lines[0].size > 1.2 * line.size  # a heading goes over with the block under it
        if line.top - bottom > 2.5 * max(line.size, 1.0) and not heading:  # a gap between blocks
            break
        bottom = max(bottom, line.bottom)
    return bottom - lines[0].top > 0.85 * free  # its heading and margins went over with it


def _one_box(page: Page, body: list[Line], frame: tuple[float, float]):  # noqa: ANN202 - pdf.Box | None
    """The single filled box, less than :data:`STUB_BOX` of the content area high, that holds all the body text."""
    limit = STUB_BOX * (frame[1] - frame[0])
    for box in page.boxes:
        if box.bottom - box.top > limit or box.picture:
            continue
        if all(box.left - 1 <= ln.left and ln.right <= box.right + 1 and box.top - 1 <= ln.top
               and ln.bottom <= box.bottom + 1 for ln in body):
            return box
    return None


def pdf_lone_chars(doc: Document) -> Iterator[Finding]:
    """A CJK paragraph whose last line holds one or two characters (plus punctuation), or only
    punctuation: a line right under a longer line of the same size that starts where it starts."""
    for page in doc.pages:
        for line in page.body:
            if not _lone(line.text):
                continue
            above = [a for a in page.body if abs(a.left - line.left) <= 1.5 and abs(a.size - line.size) <= 0.5
                     and 0.9 * line.size <= line.baseline - a.baseline <= 1.9 * line.size]
            if not above:
                continue
            above = max(above, key=lambda a: a.baseline)
            if len(_letters(above.text)) >= 4 * LONE and CJK.search(above.text + line.text):
                yield page.number, "lone-char", f"{_corner(line.text)} alone on the last line of a paragraph ({_q(above.text)})"


# --------------------------------------------------------------------------- deck slides


def deck_outside(deck: Deck) -> Iterator[Finding]:
    """A shape past the slide's edge; text taller, as measured, than the shape that holds it; a
    table whose rows, grown to their text, run past the slide's foot."""
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.grouped:
                continue
            past = _past_edge(shape, deck.width, deck.height)
            if past:
                yield slide.number, "outside", f"{_name(shape)} extends past the slide's {past}"
            if shape.frame and not shape.frame.grows:
                need = decks.text_height(shape.frame, shape.width)
                # text spilling into the frame's own inset on the side it grows to is still inside the shape
                if need - min(shape.frame.insets[2:]) > shape.height + FIT_SLACK:
                    yield (slide.number, "outside", f"text is taller than its box: {need:.0f} pt of text in a"
                           f" {shape.height:.0f} pt {_name(shape)} ({_q(shape.text)})")
            if shape.rows:
                height = sum(max(row_h, max((decks.text_height(cell, w) for w, cell in cells), default=0.0))
                             for row_h, cells in shape.rows)
                if shape.top + height > deck.height + SLIDE_SLACK:
                    yield (slide.number, "outside", f"the table's rows, grown to fit their text, run"
                           f" {(shape.top + height - deck.height) / 72:.1f} in past the slide's bottom edge")


def _past_edge(shape: Shape, width: float, height: float) -> str:
    edges = [name for name, over in (("left edge", -shape.left), ("top edge", -shape.top),
                                     ("right edge", shape.right - width), ("bottom edge", shape.bottom - height))
             if over > SLIDE_SLACK]
    return " and ".join(edges)


def kind(slide: Slide) -> str:
    """The slide's kind in the deck design system (outputs/deck/design.py), from its layout and the
    names its shapes are given there; "content" for a slide drawn some other way."""
    names = {s.name for s in slide.shapes}
    if slide.layout == "Title Slide":
        return "title"
    if slide.layout == "Section Header" or "Band" in names:
        return "section"
    for name, what in (("Contact panel", "closing"), ("Quote", "quote"), ("Card", "cards"), ("Tile", "tiles"),
                       ("Result", "case"), ("Step", "process"), ("Column", "columns")):
        if name in names:
            return what
    if any(s.kind == "table" for s in slide.shapes):
        return "table"
    if any(s.kind == "chart" for s in slide.shapes):
        return "chart"
    body = next((s for s in slide.shapes if s.placeholder == "body" and s.frame), None)
    if body is not None:
        return "bullets" if any(p.bullet for p in body.frame.paragraphs) else "statement"
    return "content"


def deck_bodies(deck: Deck) -> Iterator[Finding]:
    """empty-body, by slide kind: a card with only its heading while the others have text, or one
    whose text fills under a quarter of it; an empty column, or columns whose text fills under a
    quarter of them; a bulleted or other content slide whose text covers under 15% of its body.
    one-bullet: a bulleted slide with a single item."""
    for slide in deck.slides:
        what = kind(slide)
        if what in AIRY:
            continue
        if what == "cards":
            yield from _cards(slide)
        elif what in ("columns", "case"):
            yield from _columns(slide, "Case text" if what == "case" else "Column text",
                                "Column head" if what == "case" else "Column")
        elif what == "bullets":
            body = next(s for s in slide.shapes if s.placeholder == "body" and s.frame)
            items = [p for p in body.frame.paragraphs if p.bullet and p.level == 0 and p.text]
            if len(items) == 1:  # says why the slide is empty too: not reported twice
                yield slide.number, "one-bullet", f"one bullet on the slide ({_q(items[0].text)})"
                continue
            share = decks.text_height(body.frame, body.width) / body.height if body.height else 1.0
            if share < BODY_FILL:
                yield slide.number, "empty-body", f"the slide's body is {_pct(share)} used ({_q(body.text)})"
        else:
            yield from _content(slide, deck)


def _cards(slide: Slide) -> Iterator[Finding]:
    cards = slide.named("Card")
    texts = slide.named("Card text")
    held = [(card, next((t for t in texts if card.contains(t)), None)) for card in cards]
    with_body = [t for _, t in held if t and len([p for p in t.frame.paragraphs if p.text]) > 1]
    for n, (card, text) in enumerate(held, 1):
        where = f"card {n} of {len(held)}"
        if text is None:
            yield slide.number, "empty-body", f"{where} is empty"
            continue
        paragraphs = [p for p in text.frame.paragraphs if p.text]
        if len(paragraphs) == 1 and with_body:
            yield (slide.number, "empty-body",
                   f"{where} holds only its heading ({_q(text.text)}); the others have text under theirs")
            continue
        share = decks.text_height(text.frame, text.width) / card.height if card.height else 1.0
        if share < CARD_FILL:
            yield slide.number, "empty-body", f"{where} is nearly empty: its text fills {_pct(share)} of it ({_q(text.text)})"


def _columns(slide: Slide, text_name: str, column_name: str) -> Iterator[Finding]:
    """Columns side by side (strengths and weaknesses; a case's challenge and solution): a column
    with no text, or columns whose text all fills under a quarter of their height."""
    heads = {round(s.left): s.text for s in slide.named("Column title")}
    if text_name == "Case text":  # the story columns run from under their heads to the results' foot
        foot = max((s.bottom for s in slide.named("Result")), default=0.0)
        columns = [(t, max(foot - t.top, t.height)) for t in slide.named(text_name)]
    else:
        columns = []
        for column in sorted(slide.named(column_name), key=lambda s: s.left):
            inside = next((t for t in slide.named(text_name) if column.contains(t, slack=6)), None)
            if inside is None:
                yield slide.number, "empty-body", f"the column {_q(heads.get(round(column.left), ''))} is empty"
                return  # an empty column is the finding: how full the other one is does not matter
            columns.append((inside, column.height))
    shares = [decks.text_height(t.frame, t.width) / height for t, height in columns if height]
    if shares and max(shares) < CARD_FILL:
        yield slide.number, "empty-body", f"the columns are nearly empty: their text fills {_pct(max(shares))} of them"


def _content(slide: Slide, deck: Deck) -> Iterator[Finding]:
    """A slide drawn some other way: the text under the title, as measured, against the area under it."""
    title = slide.title
    top = title.bottom if title else 0.0
    texts = [s for s in slide.shapes if s.frame and s.placeholder != "title" and not s.grouped
             and not s.name.startswith("Small print")]
    if any(s.kind in ("picture", "chart", "table") for s in slide.shapes if s.placeholder is None):
        return  # a picture, chart or table fills the slide its own way
    area = deck.width * max(0.0, deck.height - top)
    covered = sum(min(s.width, deck.width) * min(decks.text_height(s.frame, s.width), s.height) for s in texts)
    if area and covered / area < BODY_FILL:
        yield slide.number, "empty-body", f"the slide's body is {_pct(covered / area)} used"


def deck_figures(deck: Deck) -> Iterator[Finding]:
    """The same big figure (a tile's or a case result's value, or any text of :data:`BIG` pt or more
    holding a digit) on more than one slide."""
    first: dict[str, int] = {}
    for slide in deck.slides:
        seen_here = set()
        for shape in slide.shapes:
            if not shape.frame or shape.placeholder == "title":
                continue
            named = shape.name in ("Tile value", "Result value")
            big = all(p.size >= BIG for p in shape.frame.paragraphs if p.text)
            if not (named or big) or not re.search(r"\d", shape.text) or len(shape.text) > 40:
                continue
            key = _figure(shape.text)
            if key in seen_here:
                continue
            seen_here.add(key)
            if key in first:
                yield slide.number, "repeated-figure", f"{_q(shape.text)} is already the big figure of slide {first[key]}"
            else:
                first[key] = slide.number


def _figure(text: str) -> str:
    flat = unicodedata.normalize("NFKC", text)
    flat = re.sub(r"[\u2212\u2012\u2013\u2014\ufe63\uff0d]", "-", flat)
    return re.sub(r"\s+", "", flat).lower()


def deck_lone_chars(deck: Deck) -> Iterator[Finding]:
    """A CJK paragraph whose last line, broken as the deck writer breaks it, holds one or two
    characters (plus punctuation) or only punctuation; unless the programs that show it keep the
    line on the one before by hanging its punctuation, or it is alone only by a hair
    (:data:`RENDER_SLACK`)."""
    for slide in deck.slides:
        for frame, width in _frames(slide):
            for para in frame.paragraphs:
                if not CJK.search(para.text):
                    continue
                broken = decks.lines(para, frame, width)
                if len(broken) < 2 or not _lone(broken[-1]) or _hangs(broken, para, frame, width):
                    continue
                narrower = decks.lines(para, frame, width * (1 - RENDER_SLACK))
                if len(narrower) >= 2 and _lone(narrower[-1]):
                    yield (slide.number, "lone-char",
                           f"{_corner(broken[-1])} alone on the last line of a paragraph ({_q(para.text)})")


def _hangs(broken: list[str], para: decks.Paragraph, frame: Frame, width: float) -> bool:
    """Whether PowerPoint and LibreOffice keep the last line on the one before by letting its closing
    punctuation hang past the edge (both do for East Asian text; the writer's measure does not):
    "规则。" stays together when "规则" fits."""
    letters = broken[-1].rstrip("、。，．：；！？）」』】〉》”’.,:;!?)")
    if not letters or letters == broken[-1]:
        return False
    return decks.metrics(*para.fonts).width(broken[-2] + letters, para.size, para.bold) <= decks.usable(para, frame, width)


def _frames(slide: Slide) -> Iterator[tuple[Frame, float]]:
    for shape in slide.shapes:
        if shape.frame:
            yield shape.frame, shape.width
        for _, cells in shape.rows:
            for width, cell in cells:
                yield cell, width


# --------------------------------------------------------------------------- helpers


def _letters(text: str) -> str:
    """``text`` without punctuation, symbols or spaces."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _lone(text: str) -> bool:
    return bool(text.strip()) and len(_letters(text)) <= LONE


def _corner(text: str) -> str:
    """A line cited in corner brackets, as a Chinese or Japanese reader cites it."""
    return f"「{text.strip()}」"


def _q(text: str) -> str:
    return quoted(text)


def _pct(share: float) -> str:
    """A share as a whole percentage, rounded down: 19.9% is "19%", never the threshold it missed."""
    return f"{int(share * 100)}%"


def _name(shape: Shape) -> str:
    return f'"{shape.name}"'
