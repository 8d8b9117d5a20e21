"""enablekit preflight: every check fires on a crafted bad page or slide with its exact message and
stays quiet on a clean one; the command's exit codes, formats and -q; and a real build read back."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from generator.cli import main
from generator.preflight import deck as decks
from generator.preflight import layout, pdf, wording
from generator.preflight.files import Target, sendable
from generator.preflight.run import check
from generator.preflight.wording import Vocabulary
from generator.views.documents import Download

from .conftest import FIXTURES, TODAY

CSS = "@page { size: A4; margin: 20mm; } body { margin: 0; font: 11pt/1.5 'Noto Sans CJK SC'; }"


def make_pdf(path: Path, body: str, css: str = "") -> Path:
    from weasyprint import HTML

    HTML(string=f"<html><head><style>{CSS}{css}</style></head><body>{body}</body></html>").write_pdf(path)
    return path


def block(mm: float, text: str = "", colour: str = "#dbe4f0") -> str:
    """A filled block ``mm`` high: content whose reach on the page is known to the millimetre."""
    return f'<div style="height:{mm}mm;background:{colour};margin:0">{text}</div>'


BREAK = '<div style="break-after:page"></div>'


def findings(found, check_id: str) -> list[tuple[int, str]]:
    return [(number, message) for number, cid, message in found if cid == check_id]


# --------------------------------------------------------------------------- decks, crafted


def new_deck() -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    return prs


def layout_named(prs: Presentation, name: str):  # noqa: ANN201
    return next(lay for lay in prs.slide_layouts if lay.name == name)


def write(frame, paragraphs: list[str], size: float = 18, pitch: float | None = None, bullets: bool = False,  # noqa: ANN001
          bold_first: bool = False) -> None:
    """Paragraphs at a fixed size and exact pitch with no insets, so a frame's text height is known."""
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    for i, text in enumerate(paragraphs):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.line_spacing = Pt(pitch or size * 1.2)
        p.space_before = Pt(0)
        run = p.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold_first and i == 0
        ppr = p._p.get_or_add_pPr()
        for old in ppr.findall(qn("a:buNone")) + ppr.findall(qn("a:buChar")):
            ppr.remove(old)
        if bullets:
            ppr.append(ppr.makeelement(qn("a:buChar"), {"char": "•"}))
        else:
            ppr.append(ppr.makeelement(qn("a:buNone"), {}))
        rpr = run._r.get_or_add_rPr()
        for slot in ("a:latin", "a:ea"):
            rpr.append(rpr.makeelement(qn(slot), {"typeface": "Noto Sans CJK SC"}))


def text_box(slide, name: str, left: float, top: float, width: float, height: float, paragraphs: list[str],  # noqa: ANN001
             **kw) -> None:
    box = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(height))
    box.name = name
    write(box.text_frame, paragraphs, **kw)


def panel(slide, name: str, left: float, top: float, width: float, height: float) -> None:  # noqa: ANN001
    from pptx.enum.shapes import MSO_SHAPE

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(left), Pt(top), Pt(width), Pt(height))
    shape.name = name


def title_only(prs: Presentation, title: str = "A title"):  # noqa: ANN201
    slide = prs.slides.add_slide(layout_named(prs, "Title Only"))
    slide.shapes.title.text = title
    return slide


def save_deck(prs: Presentation, path: Path) -> decks.Deck:
    prs.save(path)
    return decks.read(path)


# --------------------------------------------------------------------------- outside


def test_outside_fires_on_text_at_or_past_the_page_edge(tmp_path):
    bad = make_pdf(tmp_path / "bad.pdf", "<p>Body text well inside.</p>"
                   '<p style="position:absolute;left:-19mm;top:40mm;margin:0">Edge line</p>'
                   '<p style="position:absolute;left:-40mm;top:80mm;margin:0">Gone line</p>')
    found = findings(layout.pdf_outside(pdf.read(bad)), "outside")
    assert found == [(1, 'text within 3 mm of the page\'s edge ("Edge line")'),
                     (1, 'text runs off the page ("Gone line")')]
    clean = make_pdf(tmp_path / "clean.pdf", "<p>Body text well inside.</p>" * 30)
    assert findings(layout.pdf_outside(pdf.read(clean)), "outside") == []


def test_outside_fires_on_a_shape_past_the_slide_and_on_text_taller_than_its_box(tmp_path):
    prs = new_deck()
    slide = title_only(prs)
    panel(slide, "Band", 900, 100, 100, 50)  # the slide is 960 pt wide
    text_box(slide, "Note", 50, 150, 400, 36, ["One", "Two", "Three"], size=20, pitch=24)  # 72 pt of text
    table = slide.shapes.add_table(2, 1, Pt(50), Pt(400), Pt(200), Pt(60)).table
    for row in table.rows:
        write(row.cells[0].text_frame, ["A long cell " * 30], size=18)
    found = findings(layout.deck_outside(save_deck(prs, tmp_path / "bad.pptx")), "outside")
    assert found[:2] == [(1, '"Band" extends past the slide\'s right edge'),
                         (1, 'text is taller than its box: 72 pt of text in a 36 pt "Note" ("One / Two / Three")')]
    assert found[2][1].startswith("the table's rows, grown to fit their text, run ")
    assert found[2][1].endswith(" in past the slide's bottom edge")

    prs = new_deck()
    slide = title_only(prs)
    panel(slide, "Band", 800, 100, 100, 50)
    text_box(slide, "Note", 50, 150, 400, 72, ["One", "Two", "Three"], size=20, pitch=24)
    assert findings(layout.deck_outside(save_deck(prs, tmp_path / "clean.pptx")), "outside") == []


# --------------------------------------------------------------------------- underfilled and stub

FOOTER = "@page { @bottom-right { content: 'Page ' counter(page); font-size: 8pt; } }"


def test_underfilled_fires_on_a_page_before_the_last_under_half_full(tmp_path):
    # content area: 297 − 2 × 20 = 257 mm; page 2 reaches 60 mm of it (23%); the footer does not count
    bad = make_pdf(tmp_path / "bad.pdf", block(240) + BREAK + block(60) + BREAK + block(200), FOOTER)
    found = findings(layout.pdf_fill(pdf.read(bad)), "underfilled")
    assert found == [(2, "page is 23% used (a page other than the last should be at least half full)")]
    clean = make_pdf(tmp_path / "clean.pdf", block(240) + BREAK + block(140) + BREAK + block(30), FOOTER)
    assert findings(layout.pdf_fill(pdf.read(clean)), "underfilled") == []


def test_a_contents_page_may_be_short(tmp_path):
    doc = make_pdf(tmp_path / "toc.pdf", block(240) + BREAK + "<h2>Contents</h2><p>1. Why</p><p>2. How</p>" + BREAK
                   + block(200))
    assert findings(layout.pdf_fill(pdf.read(doc), "Contents"), "underfilled") == []
    assert len(findings(layout.pdf_fill(pdf.read(doc)), "underfilled")) == 1


def test_stub_fires_on_a_last_page_of_almost_nothing_a_few_lines_or_one_box(tmp_path):
    tiny = make_pdf(tmp_path / "tiny.pdf", block(240) + BREAK + block(30))
    assert findings(layout.pdf_fill(pdf.read(tiny)), "stub") == [
        (2, "last page holds only a stub: its content reaches 11% of the page")]
    lines = make_pdf(tmp_path / "lines.pdf", block(240) + BREAK + '<p>First line</p>'
                     '<p style="margin-top:80mm">Second line</p>')
    assert findings(layout.pdf_fill(pdf.read(lines)), "stub") == [
        (2, 'last page holds only 2 lines of text ("First line / Second line")')]
    contact = ('<div style="margin-top:40mm;height:50mm;background:#123b6d;color:white">'
               "<p>Contact</p><p>Acme Ltd</p><p>hello@acme.example</p><p>+1 555 0100</p></div>")
    boxed = make_pdf(tmp_path / "box.pdf", block(240) + BREAK + contact)
    assert findings(layout.pdf_fill(pdf.read(boxed)), "stub") == [
        (2, 'last page holds only a box ("Contact / Acme Ltd / hello@acme.example / +1 555 0100")')]
    clean = make_pdf(tmp_path / "clean.pdf", block(240) + BREAK + "".join(f"<p>Line {i}</p>" for i in range(12)))
    assert findings(layout.pdf_fill(pdf.read(clean)), "stub") == []


def test_a_cover_counts_as_a_full_page(tmp_path):
    cover = '<div style="page:cover;height:297mm;background:#123b6d"><h1 style="color:white">Cover</h1></div>'
    doc = make_pdf(tmp_path / "cover.pdf", cover + block(200) + BREAK + block(160),
                   "@page cover { margin: 0 }")
    assert pdf.read(doc).pages[0].cover
    assert findings(layout.pdf_fill(pdf.read(doc)), "underfilled") == []


# --------------------------------------------------------------------------- empty-body and one-bullet


def test_empty_body_fires_on_a_card_with_only_its_heading(tmp_path):
    prs = new_deck()
    slide = title_only(prs)
    body = "Managers build the rota on their phone in fifteen minutes, and staff see it the same day."
    for i, texts in enumerate((["Faster rotas", body], ["Right pay", body], ["Staff stay longer"])):
        panel(slide, "Card", 50 + i * 300, 110, 280, 200)
        text_box(slide, "Card text", 60 + i * 300, 120, 260, 180, texts, bold_first=True)
    found = findings(layout.deck_bodies(save_deck(prs, tmp_path / "bad.pptx")), "empty-body")
    assert found == [(2 - 1, 'card 3 of 3 holds only its heading ("Staff stay longer"); the others have text under'
                             " theirs")]

    prs = new_deck()
    slide = title_only(prs)
    for i in range(3):
        panel(slide, "Card", 50 + i * 300, 110, 280, 200)
        text_box(slide, "Card text", 60 + i * 300, 120, 260, 180, ["Heading", body], bold_first=True)
    assert findings(layout.deck_bodies(save_deck(prs, tmp_path / "clean.pptx")), "empty-body") == []


def test_empty_body_fires_on_a_sparse_card_an_empty_column_and_a_near_empty_list(tmp_path):
    prs = new_deck()
    slide = title_only(prs)  # slide 1: two cards, text 21.6 pt in cards 200 pt high (10%)
    for i in range(2):
        panel(slide, "Card", 50 + i * 300, 110, 280, 200)
        text_box(slide, "Card text", 60 + i * 300, 120, 260, 180, ["Short"])
    slide = title_only(prs)  # slide 2: two columns, the second empty
    for i, head in enumerate(("Now", "Later")):
        panel(slide, "Column head", 50 + i * 440, 110, 420, 40)
        text_box(slide, "Column title", 50 + i * 440, 110, 420, 40, [head])
        panel(slide, "Column", 50 + i * 440, 150, 420, 330)
    text_box(slide, "Column text", 50, 155, 420, 320, ["Scheduling", "Payroll", "Time"], bullets=True)
    slide = prs.slides.add_slide(layout_named(prs, "Title and Content"))  # slide 3: two short bullets
    slide.shapes.title.text = "Bullets"
    body = slide.placeholders[1]
    body.left, body.top, body.width, body.height = Pt(50), Pt(110), Pt(860), Pt(400)
    write(body.text_frame, ["Alpha", "Beta"], size=18, pitch=21.6, bullets=True)  # 43.2 of 400 pt: 10%
    found = findings(layout.deck_bodies(save_deck(prs, tmp_path / "bad.pptx")), "empty-body")
    assert found == [
        (1, 'card 1 of 2 is nearly empty: its text fills 10% of it ("Short")'),
        (1, 'card 2 of 2 is nearly empty: its text fills 10% of it ("Short")'),
        (2, 'the column "Later" is empty'),
        (3, 'the slide\'s body is 10% used ("Alpha / Beta")'),
    ]


def test_airy_slide_kinds_are_left_alone(tmp_path):
    prs = new_deck()
    slide = prs.slides.add_slide(layout_named(prs, "Title and Content"))  # a statement: no bullets
    slide.shapes.title.text = "What we do"
    write(slide.placeholders[1].text_frame, ["We make rotas."], size=28)
    slide = title_only(prs, "In their words")
    text_box(slide, "Quote", 100, 120, 700, 300, ["Short and sweet."], size=32)
    deck = save_deck(prs, tmp_path / "airy.pptx")
    assert [layout.kind(s) for s in deck.slides] == ["statement", "quote"]
    assert list(layout.deck_bodies(deck)) == []


def test_one_bullet_fires_on_a_list_of_one_item(tmp_path):
    def bulleted(items: list[str]) -> decks.Deck:
        prs = new_deck()
        slide = prs.slides.add_slide(layout_named(prs, "Title and Content"))
        slide.shapes.title.text = "Payment terms"
        write(slide.placeholders[1].text_frame, items, size=24, bullets=True)
        return save_deck(prs, tmp_path / f"d{len(items)}.pptx")

    found = list(layout.deck_bodies(bulleted(["Paid quarterly in advance; the set-up fee after acceptance."])))
    assert found == [(1, "one-bullet", 'one bullet on the slide ("Paid quarterly in advance; the set-up fee after'
                                       ' acceptance.")')]
    assert findings(layout.deck_bodies(bulleted(["Quarterly in advance", "Set-up after acceptance", "Net 30"])),
                    "one-bullet") == []


def test_a_body_placeholder_has_the_masters_bullets_unless_it_says_none(tmp_path):
    prs = new_deck()
    slide = prs.slides.add_slide(layout_named(prs, "Title and Content"))
    slide.shapes.title.text = "Hand-made"
    slide.placeholders[1].text_frame.text = "Only item"  # no bullet element: the master's bullet
    deck = save_deck(prs, tmp_path / "hand.pptx")
    assert layout.kind(deck.slides[0]) == "bullets"
    assert findings(layout.deck_bodies(deck), "one-bullet") == [(1, 'one bullet on the slide ("Only item")')]


# --------------------------------------------------------------------------- repeated-figure


def test_repeated_figure_fires_on_the_same_big_number_on_two_slides(tmp_path):
    def tiles(values: list[list[str]]) -> decks.Deck:
        prs = new_deck()
        for row in values:
            slide = title_only(prs)
            for i, value in enumerate(row):
                panel(slide, "Tile", 50 + i * 300, 150, 280, 250)
                text_box(slide, "Tile value", 60 + i * 300, 160, 260, 90, [value], size=40, pitch=48)
        return save_deck(prs, tmp_path / "tiles.pptx")

    found = findings(layout.deck_figures(tiles([["−41%", "6 days → 1 day"], ["+12 %"], ["-41 %", "+12%"]])),
                     "repeated-figure")
    assert found == [(3, '"-41 %" is already the big figure of slide 1'), (3, '"+12%" is already the big figure of'
                                                                              " slide 2")]
    assert findings(layout.deck_figures(tiles([["−41%"], ["+12%"], ["−35%"]])), "repeated-figure") == []


# --------------------------------------------------------------------------- lone-char


def test_lone_char_fires_on_a_pdf_paragraph_ending_in_one_character(tmp_path):
    # Noto Sans CJK draws every Han character one em wide: ten to a line in a 10.2 em column
    text = "我们帮助零售企业把排班从半天缩短到几分钟并按时"
    bad = make_pdf(tmp_path / "bad.pdf", f'<p style="width:10.2em">{text[:20]}送。</p>')
    assert findings(layout.pdf_lone_chars(pdf.read(bad)), "lone-char") == [
        (1, f"「送。」 alone on the last line of a paragraph (\"{text[10:20]}\")")]
    clean = make_pdf(tmp_path / "clean.pdf", f'<p style="width:10.2em">{text}送达。</p>')
    assert findings(layout.pdf_lone_chars(pdf.read(clean)), "lone-char") == []


def test_lone_char_fires_on_a_slide_paragraph_ending_in_one_character(tmp_path):
    text = "我们帮助零售企业把排班从半天缩短到几分钟并按时"

    def one(paragraph: str) -> decks.Deck:
        prs = new_deck()
        slide = title_only(prs)
        text_box(slide, "Text", 50, 120, 205, 200, [paragraph], size=20)  # ten characters of 20 pt to a line
        return save_deck(prs, tmp_path / "lone.pptx")

    assert findings(layout.deck_lone_chars(one(text[:20] + "送。")), "lone-char") == [
        (1, f"「送。」 alone on the last line of a paragraph (\"{text[:20]}送。\")")]
    assert findings(layout.deck_lone_chars(one(text + "送达。")), "lone-char") == []
    # "规则。" stays on the line before where "规" fits: PowerPoint and LibreOffice hang the full stop
    assert findings(layout.deck_lone_chars(one(text[:19] + "则。")), "lone-char") == []


def test_korean_breaks_between_words_in_a_deck():
    para = decks.Paragraph("높은 측정 정밀도와 오랜 브랜드 신뢰", 24, fonts=("Noto Sans CJK KR", "Noto Sans CJK KR"))
    frame = decks.Frame([para], (0, 0, 0, 0))
    for line in decks.lines(para, frame, 300):
        assert not line.startswith(" ") and all(word in para.text.split() for word in line.split())


# --------------------------------------------------------------------------- wording

VOCABULARY = Vocabulary(ids={"case-weida", "multi-entity", "labor-cost-analytics"},
                        names=["云帆科技", "Yunfan Workforce Cloud"], prose={"en": {"multi-entity"}})


def test_raw_id_fires_on_an_id_shown_as_text():
    units = [(1, ["+12 % sales per hour", "case-weida"]), (2, ["Built on multi-entity management."])]
    assert list(wording.raw_ids(units, "en", VOCABULARY)) == [
        (1, "raw-id", 'the content id "case-weida" is shown as text ("case-weida")')]
    # the authors write "multi-entity" as an English word; in Chinese it is the id
    assert list(wording.raw_ids([(3, ["基于 multi-entity 管理"])], "zh", VOCABULARY)) == [
        (3, "raw-id", 'the content id "multi-entity" is shown as text ("基于 multi-entity 管理")')]
    assert list(wording.raw_ids([(1, ["Retail chains", "https://x.example/case-weida"])], "en", VOCABULARY)) == []


def test_the_vocabulary_knows_ids_names_and_prose_of_a_project():
    from generator.content.loader import load_project

    loaded, _ = load_project(FIXTURES / "valid", today=TODAY)
    words = Vocabulary.of(loaded)
    assert words.ids and all(any(ch in i for ch in "-_0123456789") for i in words.ids)
    assert "big-deal" in words.ids
    assert words.names


def test_internal_word_fires_on_coaching_words_in_a_file_for_customers():
    units = [(1, ["Why us", "Talk track: open with the cost of overtime."]), (2, ["内部"]), (3, ["内部管理更简单"])]
    assert list(wording.internal_words(units, "en", Vocabulary())) == [
        (1, "internal-word", '"Talk track" (talk_track) is a word for the team, not the customer')]
    assert list(wording.internal_words(units[1:], "zh", Vocabulary())) == [
        (2, "internal-word", '"内部" (internal_badge) is a word for the team, not the customer')]
    confidential = [(4, ["内部资料 · 严禁外传"])]
    assert [m for _, _, m in wording.internal_words(confidential, "zh", Vocabulary())] == [
        '"内部资料 · 严禁外传" (confidential) is a word for the team, not the customer']
    assert list(wording.internal_words([(1, ["Internal audits take a day."])], "en", Vocabulary())) == []


def test_mixed_language_fires_on_sentences_and_scripts_of_another_language():
    words = VOCABULARY
    german = [(1, ["Wir liefern die Software schnell und zuverlässig an alle unsere Kunden."])]
    assert list(wording.mixed_language(german, "en", words)) == [
        (1, "mixed-language", 'a line in German in a document in English ("Wir liefern die Software schnell und'
                              ' zuverlässig an alle un…")')]
    english = [(2, ["我们的方案", "This sentence was left in English for every reader."])]
    assert list(wording.mixed_language(english, "zh", words)) == [
        (2, "mixed-language", 'a line in English in a document in Chinese ("This sentence was left in English'
                              ' for every reader.")')]
    han = [(3, ["Our scheduling tool", "店长每周排班耗时"])]
    assert list(wording.mixed_language(han, "en", words)) == [
        (3, "mixed-language", 'a line in Chinese in a document in English ("店长每周排班耗时")')]
    # names, short tokens and ids are no sentences
    clean = [(1, ["支持 SSO、API 和 HR 系统集成", "Yunfan Workforce Cloud 让排班更简单"]),
             (2, ["云帆科技 builds scheduling software for retail chains.", "case-weida"])]
    assert list(wording.mixed_language(clean[:1], "zh", words)) == []
    assert list(wording.mixed_language(clean[1:], "en", words)) == []


def test_a_name_split_by_a_line_break_is_still_a_name():
    words = Vocabulary(names=["Maison Aubertin-Lacombe – Équipement de la maison et du jardin"])
    lines = ["Customer: Maison Aubertin-Lacombe – Équipement de la", "maison et du jardin, our long-time partner"]
    assert list(wording.mixed_language([(1, lines)], "en", words)) == []
    # a PDF reads a hyphen at a line's end back as nothing
    lines = ["Proposal for Maison Aubertin", "Lacombe – Équipement de la", "maison et du jardin"]
    assert list(wording.mixed_language([(1, lines)], "en", words)) == []


@pytest.fixture(scope="module")
def fixture_words(tmp_path_factory) -> tuple[Vocabulary, Vocabulary]:
    """The valid fixture's vocabulary (its deal quotes plan 'basic' at ¥42/人/月), and that of a copy
    whose plan says nothing of a price."""
    from generator.content.loader import load_project

    priced, _ = load_project(FIXTURES / "valid", today=TODAY)
    copy = tmp_path_factory.mktemp("unpriced") / "project"
    shutil.copytree(FIXTURES / "valid", copy)
    company = copy / "content" / "company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("¥42/人/月", "面议"), encoding="utf-8")
    unpriced, _ = load_project(copy, today=TODAY)
    assert unpriced is not None and unpriced.plans["basic"].unit_price is None
    return Vocabulary.of(priced), Vocabulary.of(unpriced)


def test_price_on_request_fires_when_the_plan_states_a_price(fixture_words):
    priced, unpriced = fixture_words
    units = [(1, ["建议书"]), (2, ["投资", "价格另行报价"])]
    assert list(wording.price_on_request(units, "zh", "big-deal", priced)) == [
        (2, "price-on-request", 'says "价格另行报价" though the plan \'basic\' states a price ("¥42/人/月")')]
    assert list(wording.price_on_request(units, "zh", "big-deal", unpriced)) == []
    assert list(wording.price_on_request([(1, ["¥42/人/月"])], "zh", "big-deal", priced)) == []


# --------------------------------------------------------------------------- files, notes, a whole file


def download(file: str, kind: str, ident: str | None, lang: str = "en", audience: str = "public") -> Download:
    return Download(file=file, kind=kind, id=ident, lang=lang, audience=audience, title=file, pages=1, bytes=1)


def test_which_files_are_meant_for_customers():
    yes = [download("brochure-retail.en.pdf", "brochure", "retail"), download("booklet.en.pdf", "booklet", None),
           download("whitepaper-x.en.pdf", "whitepaper", "x"), download("proposal-d.en.pdf", "proposal", "d"),
           download("proposal-d.en.pptx", "proposal", "d"), download("pitch.en.pptx", "deck", "pitch"),
           download("industry-retail.en.pptx", "deck", "industry-retail")]
    no = [download("battlecard-r.en.pdf", "battlecard", "r", audience="internal"),
          download("meeting-prep-d.en.pdf", "meeting-prep", "d", audience="internal"),
          download("competitive-r.en.pptx", "deck", "competitive-r", audience="internal"),
          download("workbook-w.en.pdf", "workbook", "w", audience="internal"),
          download("pitch-presenter.en.pptx", "deck", "pitch-presenter", audience="internal"),
          download("whitepaper-p.en.pdf", "whitepaper", "p", audience="partner")]
    assert [sendable(d) for d in yes] == [True] * len(yes)
    assert [sendable(d) for d in no] == [False] * len(no)


def notes_deck(path: Path, notes: list[str]) -> Path:
    """A deck of statement slides (one paragraph set large), with these speaker notes."""
    prs = new_deck()
    for text in notes:
        slide = prs.slides.add_slide(layout_named(prs, "Title and Content"))
        slide.shapes.title.text = "What we do"
        write(slide.placeholders[1].text_frame, ["Scheduling, time and payroll for chains with many stores."], size=28)
        if text:
            slide.notes_slide.notes_text_frame.text = text
    prs.save(path)
    return path


def test_notes_fire_in_a_deck_for_customers_only(tmp_path):
    path = notes_deck(tmp_path / "pitch.en.pptx", ["Talk track: open with the audit.", "Ask about data.", ""])
    sent = check(Target(path, "pitch.en.pptx", download("pitch.en.pptx", "deck", "pitch")), Vocabulary())
    assert [(d.number, d.check, d.message) for d in sent if d.check == "notes"] == [
        (1, "notes", "speaker notes on 2 of 3 slides (1–2): a deck for customers should carry none")]
    kept = check(Target(path, "pitch-presenter.en.pptx",
                        download("pitch-presenter.en.pptx", "deck", "pitch-presenter", audience="internal")), Vocabulary())
    assert [d for d in kept if d.check in ("notes", "internal-word")] == []
    silent = notes_deck(tmp_path / "silent.pptx", ["", "", ""])
    assert check(Target(silent, "pitch.en.pptx", download("pitch.en.pptx", "deck", "pitch")), Vocabulary()) == []


def test_a_listed_file_that_is_missing_or_broken_is_a_defect(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    gone = check(Target(tmp_path / "gone.pdf", "gone.pdf", download("gone.pdf", "booklet", None)), Vocabulary())
    broken = check(Target(tmp_path / "broken.pdf", "broken.pdf", download("broken.pdf", "booklet", None)), Vocabulary())
    assert [(d.check, d.message) for d in gone] == [("unreadable", "the manifest lists it, but it does not exist")]
    assert broken[0].check == "unreadable" and broken[0].message.startswith("the manifest lists it, but it cannot be")
    (tmp_path / "broken.pptx").write_bytes(b"PK\x03\x04 not a deck")
    deck = check(Target(tmp_path / "broken.pptx", "broken.pptx", download("broken.pptx", "deck", "pitch")), Vocabulary())
    assert [(d.unit, d.number, d.check) for d in deck] == [("slide", 0, "unreadable")]


# --------------------------------------------------------------------------- the command


def fake_build(project: Path, files: dict[str, tuple[Path, str, str | None, str]]) -> Path:
    """PROJECT/site/downloads with ``files`` (name → (source, kind, id, audience)) and their manifest."""
    from generator.views.documents import write_manifest

    site = project / "site"
    (site / "downloads").mkdir(parents=True, exist_ok=True)
    records = []
    for name, (source, kind, ident, audience) in files.items():
        shutil.copy(source, site / "downloads" / name)
        records.append(download(name, kind, ident, name.split(".")[-2], audience))
    write_manifest(site, records, replace_kinds={r.kind for r in records})
    return site


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("samples")
    return {
        "clean_pdf": make_pdf(base / "clean.pdf", "<h1>Retail</h1>" + "<p>Rotas in minutes, not afternoons.</p>" * 40),
        "stub_pdf": make_pdf(base / "stub.pdf", "<p>Rotas in minutes.</p>" * 40 + BREAK + "<p>Thanks</p>"),
        "clean_deck": notes_deck(base / "clean.pptx", ["", ""]),
    }


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``enablekit preflight ARGS``: its exit code, standard output and standard error."""
    try:
        main(["preflight", *args])
        code = 0
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_exits_2_with_one_line_when_there_is_no_build(tmp_path, capsys):
    code, out, err = run(capsys, str(tmp_path))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [f"error: no build to check: {tmp_path}/site/downloads/manifest.json does not"
                                        " exist (run `enablekit build` first)"]


def test_the_command_exits_0_on_a_clean_build(tmp_path, capsys, samples):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    fake_build(project, {"booklet.en.pdf": (samples["clean_pdf"], "booklet", None, "public"),
                         "pitch.en.pptx": (samples["clean_deck"], "deck", "pitch", "public")})
    code, out, err = run(capsys, str(project))
    assert (code, out) == (0, "")
    assert err.strip().splitlines()[-1] == "2 files, 4 pages and slides checked: no defects"
    code, out, err = run(capsys, str(project), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_the_command_reports_defects_in_three_formats_and_exits_1(tmp_path, capsys, samples):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    fake_build(project, {"booklet.en.pdf": (samples["stub_pdf"], "booklet", None, "public"),
                         "pitch.en.pptx": (samples["clean_deck"], "deck", "pitch", "public")})
    code, out, err = run(capsys, str(project))
    assert code == 1
    stub = "last page holds only a stub: its content reaches 2% of the page"
    assert out.splitlines() == [f"site/downloads/booklet.en.pdf:page 3: {stub}"]
    assert err.strip().splitlines()[-1] == "2 files, 5 pages and slides checked: 1 defect (stub 1)"

    code, out, err = run(capsys, str(project), "--format", "json")
    assert code == 1 and json.loads(out) == [{"file": "site/downloads/booklet.en.pdf", "page": 3, "check": "stub",
                                              "message": stub}]
    code, out, _ = run(capsys, str(project), "--format", "github")
    assert code == 1 and out.splitlines() == [
        f"::error file=site/downloads/booklet.en.pdf,title=preflight stub::page 3: {stub.replace('%', '%25')}"]

    code, out, err = run(capsys, str(project), "-q")
    assert code == 1 and len(out.splitlines()) == 1 and err == ""


# --------------------------------------------------------------------------- a real build


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Path:
    """The valid fixture's PDFs, decks and proposal, built once."""
    from generator import build

    site = tmp_path_factory.mktemp("preflight") / "site"
    build(FIXTURES / "valid", out=site, only=["pdf", "deck", "proposal"], today=dt.date(2026, 11, 22))
    return site


def test_a_real_build_read_back(fixture_build, capsys):
    code, out, err = run(capsys, str(FIXTURES / "valid"), "--site", str(fixture_build), "--format", "json")
    found = json.loads(out)
    # customers' decks carry no notes, the proposal shows its plan's price as written, no page is a stub
    assert code == 0 and found == []
    # the deck writer measures every text into its box, and WeasyPrint keeps to the margins
    assert not [f for f in found if f["check"] == "outside"]
    assert err.strip().splitlines()[-1].startswith("24 files, ")
