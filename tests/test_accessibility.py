"""Accessible documents, read back with real clients: every PDF is tagged PDF/UA-1 (poppler's pdfinfo
says so; pikepdf reads the structure tree, /Lang and the XMP identification), its pictures and charts
carry alternative text written from the content, in the document's language, and what only decorates
a page (bands, shapes, rules) is an artifact. Every picture and chart in a deck carries alternative
text (``descr`` of its ``p:cNvPr``)."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from PIL import Image

from generator import build

from .conftest import FIXTURES, TODAY
from .test_validation import problems, write

pytestmark = pytest.mark.needs("pdfinfo")

# every PDF of the valid fixture's internal build: its title and language
PDFS = {
    "battlecard-rival.en.pdf": ("Battlecard · Rival Inc", "en"),
    "battlecard-rival.zh.pdf": ("竞品作战卡 · 对手公司", "zh"),
    "booklet.en.pdf": ("Test Cloud · Decision-maker briefing", "en"),
    "booklet.zh.pdf": ("测试云 · 决策者简报", "zh"),
    "brochure-retail.en.pdf": ("Retail · Industry solution", "en"),
    "brochure-retail.zh.pdf": ("零售 · 行业解决方案", "zh"),
    "meeting-prep-big-deal.zh.pdf": ("会前准备 · 华信测试零售", "zh"),
    "proposal-big-deal.zh.pdf": ("解决方案建议书 · 华信测试零售", "zh"),
    "whitepaper-guide.en.pdf": ("Rostering guide", "en"),
    "whitepaper-guide.zh.pdf": ("排班指南", "zh"),
    "workbook-onboarding.en.pdf": ("Workbook · Onboarding", "en"),
    "workbook-onboarding.zh.pdf": ("培训手册 · 入职", "zh"),
}
COMPANY = {"en": "Testco", "zh": "测试科技"}
# the figures of each PDF, in reading order, with their alternative text: the logo on the covers of the
# long documents and of the proposal; battlecards and meeting-prep sheets have no pictures
FIGURES = {name: [COMPANY[lang]] for name, (_, lang) in PDFS.items()
           if not name.startswith(("battlecard-", "meeting-prep-"))}


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def elements(pdf: pikepdf.Pdf) -> list[tuple[str, str | None]]:
    """(structure type, /Alt) of every element of the structure tree, in reading order."""
    out: list[tuple[str, str | None]] = []

    def walk(node) -> None:  # noqa: ANN001
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                out.append((str(node.S), str(node.Alt) if "/Alt" in node else None))
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return out


def figures(path: Path) -> list[str | None]:
    with pikepdf.open(path) as pdf:
        return [alt for kind, alt in elements(pdf) if kind == "/Figure"]


def paints(page: pikepdf.Page) -> list[tuple[str, tuple[str, ...], tuple[float, ...] | None]]:
    """Every painting operator of a page's content: (operator, the marked-content sequences it is in,
    from the outermost, the fill colour set with ``rg``)."""
    out, stack, fill, saved = [], [], None, []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            stack.append(str(operands[0]))
        elif op == "EMC":
            stack.pop()
        elif op == "q":
            saved.append(fill)
        elif op == "Q":
            fill = saved.pop() if saved else None
        elif op == "rg":
            fill = tuple(round(float(x), 3) for x in operands)
        elif op in ("f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "Tj", "TJ", "'", '"', "BI"):
            out.append((op, tuple(stack), fill))
    return out


# --------------------------------------------------------------------------- PDFs


def test_every_pdf_is_tagged_with_its_title_and_language(built_sites):
    downloads = built_sites["internal"] / "downloads"
    assert sorted(p.name for p in downloads.glob("*.pdf")) == sorted(PDFS)  # every kind enablekit makes
    for name, (title, lang) in PDFS.items():
        info = pdfinfo(downloads / name)
        assert (info["Tagged"], info["Title"]) == ("yes", title), name
        with pikepdf.open(downloads / name) as pdf:
            root = pdf.Root
            assert str(root.Lang) == lang, name
            assert bool(root.MarkInfo.Marked) and bool(root.ViewerPreferences.DisplayDocTitle), name
            assert str(root.StructTreeRoot.K[0].S) == "/Document", name
            assert str(pdf.open_metadata().get("pdfuaid:part")) == "1", name  # claims PDF/UA-1
            assert str(pdf.open_metadata().get("dc:title")) == title, name
    manifest = {d["file"]: (d["title"], d["lang"]) for d in json.loads((downloads / "manifest.json").read_text())}
    assert {name: manifest[name] for name in PDFS} == PDFS


def test_figures_carry_alternative_text(built_sites):
    downloads = built_sites["internal"] / "downloads"
    found = {name: figures(downloads / name) for name in PDFS}
    assert {name: alts for name, alts in found.items() if alts} == FIGURES


def test_decoration_is_an_artifact_and_nothing_is_left_untagged(built_sites):
    """PDF/UA: every mark on a page is either tagged content (a marked-content sequence with an
    MCID) or an artifact. The covers' band of the brand colour (#123456) is an artifact."""
    downloads = built_sites["internal"] / "downloads"
    primary = (round(0x12 / 255, 3), round(0x34 / 255, 3), round(0x56 / 255, 3))
    for name in PDFS:
        with pikepdf.open(downloads / name) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                loose = [op for op, stack, _ in paints(page) if not stack]
                assert loose == [], (name, number)
            if name.startswith(("booklet", "brochure", "whitepaper", "workbook")):
                band = [stack for op, stack, fill in paints(pdf.pages[0]) if op == "f" and fill == primary]
                assert band and all(stack[0] == "/Artifact" for stack in band), name


def table_cells(pdf: pikepdf.Pdf) -> list[list[tuple[str, int]]]:
    """Per table of the structure tree: (/TH or /TD, how many header cells it names) of its cells."""
    tables: list[list[tuple[str, int]]] = []

    def walk(node, cells) -> None:  # noqa: ANN001
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, cells)
        elif isinstance(node, pikepdf.Dictionary):
            kind = str(node.get("/S", ""))
            if kind == "/Table":
                cells = []
                tables.append(cells)
            elif kind in ("/TH", "/TD") and cells is not None:
                attributes = node.get("/A")
                cells.append((kind, len(attributes.Headers) if attributes is not None and "/Headers" in attributes else 0))
            if "/K" in node:
                walk(node.K, cells)

    walk(pdf.Root.StructTreeRoot.K, None)
    return tables


def test_data_cells_name_their_header_cells(built_sites):
    """In a table with header cells (column headers in <thead>, row headers with scope="row"),
    every data cell lists its headers (/Headers), so a screen reader says what a value is."""
    downloads = built_sites["internal"] / "downloads"
    unnamed, named = {}, 0
    for name in PDFS:
        with pikepdf.open(downloads / name) as pdf:
            for cells in table_cells(pdf):
                if any(kind == "/TH" for kind, _ in cells):
                    data = [headers for kind, headers in cells if kind == "/TD"]
                    named += sum(1 for h in data if h)
                    if not all(data):
                        unnamed[name] = unnamed.get(name, 0) + sum(1 for h in data if not h)
    assert unnamed == {}
    assert named > 30  # the check saw the tables: battlecards, booklets, meeting prep, proposal (40 cells)


def test_a_documents_language_is_its_pdfs_language(tmp_path):
    """/Lang is the project's language code as written: a region (pt-BR) stays."""
    from generator.content.scaffold import scaffold

    langs = {}
    for code in ("pt-BR", "fr"):  # one project each: the sample text stands in for its one language
        scaffold(tmp_path / code, [code])
        downloads = build(tmp_path / code, out=tmp_path / f"out-{code}", only=["pdf"], today=TODAY).out / "downloads"
        for pdf in sorted(downloads.glob("*.pdf")):
            assert pdfinfo(pdf)["Tagged"] == "yes", pdf.name
            with pikepdf.open(pdf) as doc:
                langs[pdf.name.rsplit(".", 2)[1]] = str(doc.Root.Lang)
    assert langs == {"pt-BR": "pt-BR", "fr": "fr"}


@pytest.fixture
def pictured(project):
    """The valid fixture with a cover picture described in both languages."""
    Image.new("RGB", (600, 400), (200, 40, 40)).save(project / "content/assets/cover.png")
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace(
        "logo: assets/logo.svg}",
        'logo: assets/logo.svg, cover_image: assets/cover.png, cover_alt: {zh: 店长在排班, en: "A store manager, planning shifts"}}'),
        encoding="utf-8")
    return project


def test_the_cover_picture_carries_brand_cover_alt(pictured, tmp_path):
    assert problems(pictured) == []
    out = build(pictured, out=tmp_path / "out", audience="public", only=["pdf", "deck"], today=TODAY).out / "downloads"
    assert figures(out / "brochure-retail.en.pdf") == ["Testco", "A store manager, planning shifts"]
    assert figures(out / "booklet.zh.pdf") == ["测试科技", "店长在排班"]
    assert deck_pictures(out / "pitch.en.pptx")["ppt/slides/slide1.xml"] == [("Cover picture", "A store manager, planning shifts")]
    assert deck_pictures(out / "pitch.zh.pptx")["ppt/slides/slide1.xml"] == [("Cover picture", "店长在排班")]


def test_without_cover_alt_the_cover_picture_is_named_by_the_product(pictured, tmp_path):
    company = pictured / "content/company.yaml"
    company.write_text(re.sub(r", cover_alt: \{[^}]*\}", "", company.read_text(encoding="utf-8")), encoding="utf-8")
    out = build(pictured, out=tmp_path / "out", audience="public", only=["deck"], today=TODAY).out / "downloads"
    assert deck_pictures(out / "pitch.en.pptx")["ppt/slides/slide1.xml"] == [("Cover picture", "Test Cloud")]
    assert deck_pictures(out / "pitch.zh.pptx")["ppt/slides/slide1.xml"] == [("Cover picture", "测试云")]


def test_whitepaper_images_keep_their_markdown_alt_text_and_check_asks_for_it(project, tmp_path):
    Image.new("RGB", (300, 200), (40, 120, 40)).save(project / "content/assets/footfall.png")
    paper = project / "content/whitepapers/guide.en.md"
    write(project, "content/whitepapers/guide.en.md", paper.read_text(encoding="utf-8")
          + "\n![Footfall by hour, Monday to Sunday](../assets/footfall.png)\n\n![](../assets/footfall.png)\n")
    assert [w for w in problems(project, warnings=True) if "alt text" in w] == [
        "content/whitepapers/guide.md:2:1: warning: image '../assets/footfall.png' has no alt text: write what it"
        " shows, ![what it shows](../assets/footfall.png), for screen readers and the figures of tagged PDFs"]
    out = build(project, out=tmp_path / "out", audience="public", only=["pdf"], today=TODAY).out / "downloads"
    # the image without alt text is a figure with nothing to say: what check warned about
    assert figures(out / "whitepaper-guide.en.pdf") == ["Testco", "Footfall by hour, Monday to Sunday", None]


def test_the_health_reports_charts_are_described_by_their_data(tmp_path):
    from generator.content.loader import load_project
    from generator.outputs.health_pdf import write as write_health
    from generator.team.health import compute
    from generator.views.audience import view

    loaded, _ = load_project(FIXTURES / "valid", today=TODAY)
    seen = view(loaded, "internal")
    report = compute(seen)
    report.trend = [{"date": "2026-10-01", "score": 0.5}, {"date": "2026-11-01", "score": 0.875}]
    en = write_health(seen, report, "en", tmp_path)
    zh = write_health(seen, report, "zh", tmp_path)
    assert pdfinfo(en)["Tagged"] == "yes" and pdfinfo(en)["Title"] == "Content health · Testco"
    assert figures(en) == [
        "Health score by date: 2026-10-01 50%, 2026-11-01 88%; minimum 80%.",
        "Coverage of objection answers · Buyer role × industry, objections per cell."
        " CFO: Retail 1, (any) 1; Store manager: Retail 0, (any) 1.",
        "Coverage of objection answers · Buyer role × sales stage, objections per cell."
        " CFO: Proposal 1, (any) 1; Store manager: Proposal 0, (any) 1.",
        "Coverage of objection answers · Buyer role × competitor, objections per cell."
        " CFO: Rival Inc 1, (any) 1; Store manager: Rival Inc 0, (any) 1.",
    ]
    assert figures(zh) == [
        "健康分（按日期）：2026-10-01 50%、2026-11-01 88%；最低要求 80%。",
        "异议应答覆盖 · 买方角色 × 行业，每格为异议数。财务负责人：零售 1、（不限） 1；店长：零售 0、（不限） 1。",
        "异议应答覆盖 · 买方角色 × 销售阶段，每格为异议数。财务负责人：方案 1、（不限） 1；店长：方案 0、（不限） 1。",
        "异议应答覆盖 · 买方角色 × 竞争对手，每格为异议数。财务负责人：对手公司 1、（不限） 1；店长：对手公司 0、（不限） 1。",
    ]
    with pikepdf.open(zh) as pdf:
        assert str(pdf.Root.Lang) == "zh"
        for number, page in enumerate(pdf.pages, 1):
            assert [op for op, stack, _ in paints(page) if not stack] == [], number


# --------------------------------------------------------------------------- decks

_P = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}


def deck_pictures(path: Path) -> dict[str, list[tuple[str, str | None]]]:
    """Per part of the deck (slides, layouts, masters): (name, descr) of every picture and chart."""
    out: dict[str, list[tuple[str, str | None]]] = {}
    with zipfile.ZipFile(path) as z:
        for part in sorted(n for n in z.namelist() if re.fullmatch(r"ppt/slide(Layout|Master)?s/\w+\.xml", n)):
            root = etree.fromstring(z.read(part))
            shapes = root.xpath("//p:pic | //p:graphicFrame[.//*[local-name()='chart']]", namespaces=_P)
            for shape in shapes:
                c_nv_pr = shape.xpath("./*[1]/p:cNvPr", namespaces=_P)[0]
                out.setdefault(part, []).append((c_nv_pr.get("name"), c_nv_pr.get("descr")))
    return out


def test_every_picture_in_the_decks_has_alternative_text(built_sites):
    decks = sorted({p for audience in ("internal", "public") for p in (built_sites[audience] / "downloads").glob("*.pptx")})
    assert len(decks) > 8
    for deck in decks:
        lang = deck.name.split(".")[-2]
        found = deck_pictures(deck)
        # the logo on the master (every slide) and on the title slide's layout, named by the company
        assert found == {"ppt/slideLayouts/slideLayout1.xml": [("Logo", COMPANY[lang])],
                         "ppt/slideMasters/slideMaster1.xml": [("Logo", COMPANY[lang])]}, deck.name


def test_a_results_chart_is_described_by_its_title_and_bars(project, tmp_path):
    write(project, "content/cases/second-case.yaml", "\n".join([
        "title: {zh: 第二个案例, en: Second case}",
        "customer: {zh: 第二客户, en: Second customer}",
        "industry: retail",
        "audience: public",
        "results: [{metric: {zh: 算薪耗时, en: Payroll time}, value: '-25%', before: 8, after: 6, unit: h, better: lower}]",
        "owner: f@test.example",
        "reviewed: 2026-11-01",
        ""]))
    assert problems(project) == []
    out = build(project, out=tmp_path / "out", audience="public", only=["deck"], today=TODAY).out / "downloads"
    charts = {lang: [(part, shape) for part, shapes in deck_pictures(out / f"pitch.{lang}.pptx").items()
                     for shape in shapes if shape[0] != "Logo"] for lang in ("en", "zh")}
    assert [descr for _, (_, descr) in charts["en"]] == [
        "Change vs. before, %: Public customer · Roster time −50%; Second customer · Payroll time −25%"]
    assert [descr for _, (_, descr) in charts["zh"]] == [
        "较实施前的变化（%）：公开客户 · 排班耗时 −50%；第二客户 · 算薪耗时 −25%"]
