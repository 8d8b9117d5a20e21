"""Decks reopened with python-pptx and converted by LibreOffice, as a presenter would open them."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from generator import EnablekitError, build
from generator.outputs.deck.slides import PANEL_LEFT

from .conftest import FIXTURES, MARKER, TODAY

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def convert(tmp: Path, *decks: Path) -> dict[str, Path]:
    """PDFs of the decks, made by LibreOffice in one run."""
    out = tmp / "converted"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [LIBREOFFICE, "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, decks)],
        check=True, capture_output=True, timeout=240,
    )
    return {d.name: out / (d.stem + ".pdf") for d in decks}


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def all_xml(pptx: Path) -> str:
    with zipfile.ZipFile(pptx) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    base = tmp_path_factory.mktemp("decks")
    project = base / "project"
    shutil.copytree(FIXTURES / "valid", project)
    out = {a: build(project, out=base / a, audience=a, only=["deck"], today=TODAY).out / "downloads"
           for a in ("internal", "public")}
    return out, project


INTERNAL_DECKS = [
    "competitive-rival.en.pptx", "competitive-rival.zh.pptx",
    "industry-retail-presenter.en.pptx", "industry-retail-presenter.zh.pptx",
    "industry-retail.en.pptx", "industry-retail.zh.pptx",
    "pitch-presenter.en.pptx", "pitch-presenter.zh.pptx", "pitch.en.pptx", "pitch.zh.pptx",
]
PUBLIC_DECKS = ["industry-retail.en.pptx", "industry-retail.zh.pptx", "pitch.en.pptx", "pitch.zh.pptx"]


def test_decks_in_every_language(decks):
    out, _ = decks
    assert sorted(p.name for p in out["internal"].glob("*.pptx")) == INTERNAL_DECKS
    assert sorted(p.name for p in out["public"].glob("*.pptx")) == PUBLIC_DECKS


def test_presenter_and_training_decks_have_notes_on_every_slide_and_sendable_decks_none(decks):
    found = sorted(decks[0]["internal"].glob("*.pptx"))
    assert [deck.name for deck in found] == INTERNAL_DECKS
    sendable = [deck for deck in found if deck.name.startswith(("pitch.", "industry-retail."))]
    assert len(sendable) == 4
    for deck in found:
        prs = Presentation(str(deck))
        assert len(prs.slides) >= 3, deck.name
        for number, slide in enumerate(prs.slides, 1):
            if deck in sendable:  # a customer who gets the file reads its notes: it has none
                assert not slide.has_notes_slide, (deck.name, number)
                continue
            notes = slide.notes_slide.notes_text_frame.text
            lines = notes.splitlines()
            assert lines[0] in ("讲解要点:", "Talk track:") and len(lines) >= 2 and len(lines[1]) > 4, (deck.name, number)


def test_pitch_deck_story_and_honest_status(decks):
    prs = Presentation(str(decks[0]["public"] / "pitch.en.pptx"))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    # the fixture's company writes no next steps: no "Next steps" slide with only a contact box
    assert titles == ["Test Cloud", "What customers get", "Capabilities", "Industry snapshots", "Public customer"]
    capabilities = prs.slides[2]
    heads = [sh.text_frame.text for sh in capabilities.shapes if sh.name == "Column title"]
    left, right = [sh.text_frame.text for sh in capabilities.shapes if sh.name == "Column text"]
    # the column is headed by what it holds (only the roadmap here), with no sub-heading repeating it
    assert heads == ["Available now", "Roadmap"]
    assert right == "Forecast (expected June 2027)"
    assert "Forecast" not in left  # never listed as available


def test_industry_deck_tells_its_case_by_name_without_repeating_its_numbers(decks):
    # the fixture's industry has no pains and one public case: cover, capabilities, the case slide titled
    # with the customer; no KPI slide or results chart repeating the figures the case slide shows
    prs = Presentation(str(decks[0]["public"] / "industry-retail.en.pptx"))
    assert [s.shapes.title.text_frame.text for s in prs.slides] == ["Retail", "Capabilities", "Public customer"]
    assert not [shape for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def test_one_case_result_is_a_hero_number_not_a_one_bar_chart(decks):
    # charts need two cases with before/after (tests/test_numbers.py); the fixture has one public case:
    # its figure stands alone, large and centred, not in a tile that fills half the slide
    prs = Presentation(str(decks[0]["public"] / "pitch.zh.pptx"))
    assert not [shape for slide in prs.slides for shape in slide.shapes if shape.has_chart]
    # one customer: the slide carries its name as the title, and the figure's label does not repeat it
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text == "公开客户")
    assert not [sh for sh in slide.shapes if sh.name.startswith("Tile")]
    value, label = (next(sh.text_frame.text for sh in slide.shapes if sh.name == name) for name in ("Hero value", "Hero label"))
    assert f"{value}\n{label}" == "−50%\n排班耗时"


def test_presenter_edition_adds_objections_to_the_notes(decks):
    prs = Presentation(str(decks[0]["internal"] / "pitch-presenter.zh.pptx"))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert "可能遇到的异议:" in notes
    assert "旺季临时工太多按人头收费不划算 → ZZINTERNALZZ 临时工按实际在岗天数计费" in notes


def test_presenter_edition_is_the_public_deck_with_classification_and_notes(decks):
    # a presenter edition is made from its public deck's bytes: the very slides, with the classification
    # mark an internal deck carries and the notes; only its title says which edition it is
    internal = decks[0]["internal"]
    for public_name in ("pitch.en.pptx", "pitch.zh.pptx", "industry-retail.en.pptx", "industry-retail.zh.pptx"):
        public = Presentation(str(internal / public_name))
        presenter = Presentation(str(internal / public_name.replace(".", "-presenter.", 1)))
        suffix = " (presenter edition)" if ".en." in public_name else "（讲者版）"
        assert presenter.core_properties.title == public.core_properties.title + suffix
        assert len(presenter.slides) == len(public.slides) >= 3
        marked = 0
        for number, (mine, theirs) in enumerate(zip(presenter.slides, public.slides, strict=True), 1):
            shapes = [(sh.name, sh.left, sh.top, sh.width, sh.height, sh.text_frame.text if sh.has_text_frame else "")
                      for sh in mine.shapes]
            marks = [shape for shape in shapes if shape[0] == "Small print: classification"]
            assert [shape for shape in shapes if shape not in marks] == [
                (sh.name, sh.left, sh.top, sh.width, sh.height, sh.text_frame.text if sh.has_text_frame else "")
                for sh in theirs.shapes], (public_name, number)
            assert [shape[5] for shape in marks] in (
                [], ["INTERNAL · CONFIDENTIAL — do not forward"] if ".en." in public_name else ["内部资料 · 严禁外传"])
            marked += len(marks)
            if number == 1 and marks:  # white on the title slide's brand panel: inside it, whatever the font's width
                assert marks[0][1] >= PANEL_LEFT and marks[0][1] + marks[0][3] <= presenter.slide_width, marks
            assert mine.has_notes_slide and not theirs.has_notes_slide, (public_name, number)
        assert marked >= 2, public_name


def test_public_decks_contain_nothing_internal(decks):
    public = sorted(decks[0]["public"].glob("*.pptx"))
    assert [deck.name for deck in public] == PUBLIC_DECKS
    for deck in public:
        assert MARKER not in all_xml(deck), deck.name
    # in an internal build the decks for customers hold nothing internal either; the battlecard deck and
    # the pitch deck's presenter notes (an internal objection answer) do: the marker is in the content
    internal = {deck.name: MARKER in all_xml(deck) for deck in decks[0]["internal"].glob("*.pptx")}
    assert internal == {name: name.startswith(("competitive-", "pitch-presenter.")) for name in INTERNAL_DECKS}


def test_competitive_deck_marks_every_slide_internal(decks):
    prs = Presentation(str(decks[0]["internal"] / "competitive-rival.zh.pptx"))
    for slide in prs.slides:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert "内部资料 · 严禁外传" in texts


def test_chinese_uses_the_east_asian_font_slot(decks):
    prs = Presentation(str(decks[0]["public"] / "pitch.zh.pptx"))
    runs = [r for s in prs.slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs if re.search(r"[\u4e00-\u9fff]", r.text)]
    assert runs
    for run in runs:
        rpr = run._r.rPr
        ea = rpr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
        assert ea is not None and ea.get("typeface") == "Noto Sans CJK SC", run.text
        assert rpr.get("lang") == "zh-CN"


def test_same_input_gives_the_same_bytes(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    a = build(project, out=tmp_path / "a", only=["deck"], today=TODAY).out / "downloads"
    b = build(project, out=tmp_path / "b", only=["deck"], today=TODAY).out / "downloads"
    assert sorted(p.name for p in a.glob("*.pptx")) == sorted(p.name for p in b.glob("*.pptx")) == INTERNAL_DECKS
    for name in INTERNAL_DECKS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_custom_template_is_used_and_checked(project, tmp_path):
    template = project / "templates/deck/pitch.pptx"
    template.parent.mkdir(parents=True)
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[0])  # a sample slide, which the builder drops
    prs.save(str(template))
    out = build(project, out=tmp_path / "ok", only=["deck"], today=TODAY).out / "downloads"
    built = Presentation(str(out / "pitch.en.pptx"))
    assert built.slide_width == prs.slide_width  # the template's 4:3, not the built-in 16:9
    assert built.slides[0].shapes.title.text_frame.text == "Test Cloud"
    layout = next(lo for lo in prs.slide_layouts if lo.name == "Title Only")
    layout._element.cSld.set("name", "Title Alone")
    prs.save(str(template))
    with pytest.raises(EnablekitError) as info:
        build(project, out=tmp_path / "bad", only=["deck"], today=TODAY)
    assert str(info.value).startswith(
        "templates/deck/pitch.pptx: no slide layout named 'Title Only' (the template has: Title Slide,"
    )


@pytest.mark.needs("libreoffice", "pdftotext", "pdfinfo")
def test_libreoffice_opens_the_decks(decks, tmp_path):
    out = decks[0]["internal"]
    chosen = [out / "pitch.zh.pptx", out / "competitive-rival.en.pptx"]
    pdfs = convert(tmp_path, *chosen)
    for deck in chosen:
        pdf = pdfs[deck.name]
        assert pdf_pages(pdf) == len(Presentation(str(deck)).slides)
    text = subprocess.run(["pdftotext", str(pdfs["pitch.zh.pptx"]), "-"], capture_output=True, text=True).stdout
    assert "测试云" in text and "公开客户\n\n−50%\n排班耗时\n" in text


@pytest.mark.needs("libreoffice", "pdftotext", "pdfinfo")
def test_long_texts_continue_on_new_slides_and_stay_inside(project, tmp_path):
    long_word = "Extraordinarilylongcustomername" * 6
    competitor = project / "content/competitors/rival.yaml"
    strengths = "".join(f"  - {{zh: 第{i}条很长的优势{'它的集成能力很强而且客户基础深厚' * 6}, en: Strength {i} {'their integration is deep and their installed base is loyal ' * 5}}}\n" for i in range(14))
    competitor.write_text(
        competitor.read_text(encoding="utf-8").replace("strengths: [{zh: 便宜, en: Cheap}]\n", "strengths:\n" + strengths)
        + f"where_we_lose:\n  - {long_word}\n  - {{zh: {'问' * 600}, en: {'question ' * 120}}}\n",
        encoding="utf-8",
    )
    out = build(project, out=tmp_path / "o", only=["deck"], today=TODAY).out / "downloads"
    decks = [out / "competitive-rival.zh.pptx", out / "competitive-rival.en.pptx"]
    for deck in decks:
        titles = [s.shapes.title.text_frame.text for s in Presentation(str(deck)).slides]
        assert any(t.endswith(("（续）", "(续)", "(continued)")) for t in titles), titles
    pdfs = convert(tmp_path, *decks)
    for deck in decks:
        pdf = pdfs[deck.name]
        assert pdf_pages(pdf) == len(Presentation(str(deck)).slides)
        bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
        page_w = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
        page_h = float(re.search(r'height="([\d.]+)"', bbox).group(1))
        words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', bbox)
        assert words
        for x0, y0, x1, y1 in words:
            assert 0 <= float(x0) and float(x1) <= page_w + 0.5 and 0 <= float(y0) and float(y1) <= page_h + 0.5


def test_a_stale_battlecard_deck_says_so_with_dates_and_owner(project, tmp_path):
    rival = project / "content/competitors/rival.yaml"
    rival.write_text(rival.read_text(encoding="utf-8").replace("reviewed: 2026-11-01", "reviewed: 2026-01-05"),
                     encoding="utf-8")
    out = build(project, out=tmp_path / "out", only=["deck"], today=TODAY).out / "downloads"
    first = Presentation(str(out / "competitive-rival.en.pptx")).slides[0]
    text = " ".join(sh.text_frame.text for sh in first.shapes if sh.has_text_frame)
    assert "This page may be out of date" in text
    assert "Jan 5, 2026" in text and "Apr 5, 2026" in text and "d@test.example" in text
    fresh = Presentation(str(out / "competitive-rival.zh.pptx")).slides[0]
    assert "2026年1月5日" in " ".join(sh.text_frame.text for sh in fresh.shapes if sh.has_text_frame)


def test_the_built_in_template_is_made_once_per_language_in_a_process(monkeypatch) -> None:  # noqa: ANN001
    from generator.content.loader import load_or_fail
    from generator.outputs.deck import slides
    from generator.outputs.deck.slides import RunFonts, builtin_template

    brand = load_or_fail(FIXTURES / "valid", today=TODAY)[0].company.brand
    made = []
    real = slides.make_builtin_template
    monkeypatch.setattr(slides, "_BUILT", {})
    monkeypatch.setattr(slides, "make_builtin_template", lambda *args: made.append(args[3]) or real(*args))
    english, chinese = RunFonts.of(brand.families[0]), RunFonts("Noto Sans CJK SC", "Noto Sans CJK SC")
    first = builtin_template(brand, None, english, "Test Cloud")
    assert builtin_template(brand, None, english, "Test Cloud") is first  # the next deck of the language: kept
    assert builtin_template(brand, None, chinese, "测试云") is not first  # another language: made for it
    assert made == ["Test Cloud", "测试云"]
    assert Presentation(__import__("io").BytesIO(first)).slide_width == slides.WIDE[0]
