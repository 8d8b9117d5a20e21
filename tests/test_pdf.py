"""PDF collateral checked with poppler: text, fonts, metadata, audience, determinism, safety."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import build
from generator.content.loader import load_project
from generator.outputs.pdf import builder as pdf_builder
from generator.outputs.pdf import render as pdf_render

from .conftest import FIXTURES, MARKER, TODAY

pytestmark = pytest.mark.needs("pdftotext", "pdfinfo", "pdffonts", "pdftohtml", "pdfdetach")


def text(pdf: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@pytest.fixture(scope="module")
def pdf_sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("pdf")
    project = base / "project"
    shutil.copytree(FIXTURES / "valid", project)
    return {
        audience: build(project, out=base / audience, audience=audience, today=TODAY).out
        for audience in ("internal", "public")
    }, project


DOCUMENTS = [
    "battlecard-rival.en.pdf", "battlecard-rival.zh.pdf", "booklet.en.pdf", "booklet.zh.pdf",
    "brochure-retail.en.pdf", "brochure-retail.zh.pdf", "whitepaper-guide.en.pdf", "whitepaper-guide.zh.pdf",
    "workbook-onboarding.en.pdf", "workbook-onboarding.zh.pdf",
]


def test_documents_in_every_language(pdf_sites):
    sites, _ = pdf_sites
    names = sorted(p.name for p in (sites["internal"] / "downloads").glob("*.pdf")
                   if not p.name.startswith(("proposal-", "meeting-prep-")))
    assert names == DOCUMENTS
    public = sorted(p.name for p in (sites["public"] / "downloads").glob("*.pdf"))
    assert public == [n for n in names if not n.startswith(("battlecard", "workbook"))]  # both internal


def test_text_is_extractable_and_fonts_are_embedded(pdf_sites):
    downloads = pdf_sites[0]["internal"] / "downloads"
    zh = text(downloads / "brochure-retail.zh.pdf")
    assert "零售" in zh and "门店多" in zh and "公开案例" in zh
    en = text(downloads / "brochure-retail.en.pdf")
    assert "Retail" in en and "Many stores" in en
    pdfs = sorted(downloads.glob("*.pdf"))
    assert [pdf.name for pdf in pdfs] == sorted([*DOCUMENTS, "meeting-prep-big-deal.zh.pdf", "proposal-big-deal.zh.pdf"])
    for pdf in pdfs:
        rows = fonts(pdf)
        assert rows and all(row[-5] == "yes" for row in rows), pdf.name  # emb column
        assert any("Noto-Sans-CJK" in row[0] for row in rows), pdf.name


def test_metadata_and_outline(pdf_sites):
    downloads = pdf_sites[0]["internal"] / "downloads"
    meta = info(downloads / "whitepaper-guide.zh.pdf")
    assert meta["Title"] == "排班指南" and meta["Author"] == "测试科技"
    assert meta["Page size"].endswith("(A4)")
    assert meta["CreationDate"].endswith("2026 UTC")
    outline = subprocess.run(["pdftohtml", "-stdout", "-xml", "-i", str(downloads / "whitepaper-guide.en.pdf")],
                             capture_output=True, text=True, check=True).stdout
    assert "<outline>" in outline and "Why rostering is hard" in outline


def test_status_honesty_in_the_brochure(pdf_sites):
    zh = text(pdf_sites[0]["internal"] / "downloads/brochure-retail.zh.pdf")
    assert "已上线" in zh and "排班" in zh
    assert re.search(r"产品规划（尚未上线）\s+· 预测\s+预计 2027年6月", zh)  # under its heading: the date, no badge


def test_a_short_whitepaper_has_no_contents_page(pdf_sites):
    pdf = pdf_sites[0]["internal"] / "downloads/whitepaper-guide.en.pdf"
    assert info(pdf)["Pages"] == "2"  # one heading: a contents page for it would be a page of nothing
    body = text(pdf, 2)
    assert body.lstrip().startswith("Rostering guide")  # running header with the title
    assert "Contents" not in body and "Page 2 of 2" in body


def test_five_headings_over_little_text_get_no_contents_page(project, tmp_path):
    sections = "".join(f"\n## Part {n}\n\n" + "A paragraph about rostering and its costs. " * 8 + "\n" for n in range(1, 6))
    paper = project / "content/whitepapers/guide.en.md"
    paper.write_text(paper.read_text(encoding="utf-8") + sections, encoding="utf-8")
    out = build(project, out=tmp_path / "o", only=["pdf"], today=TODAY).out / "downloads"
    pdf = out / "whitepaper-guide.en.pdf"
    assert "Contents" not in text(pdf, 2) and text(pdf, 2).lstrip().startswith("Rostering guide")


def test_a_longer_whitepaper_has_contents_with_page_numbers(project, tmp_path):
    sections = "".join(f"\n## Part {n}\n\n" + "A paragraph about rostering and its costs. " * 60 + "\n" for n in range(1, 6))
    paper = project / "content/whitepapers/guide.en.md"
    paper.write_text(paper.read_text(encoding="utf-8") + sections, encoding="utf-8")
    out = build(project, out=tmp_path / "o", only=["pdf"], today=TODAY).out / "downloads"
    pdf = out / "whitepaper-guide.en.pdf"
    toc = text(pdf, 2)
    assert re.search(r"Contents\s+Why rostering is hard\s*\.+\s*3", toc)
    assert re.search(r"Part 5\s*\.+\s*\d+", toc)
    assert f"Page {info(pdf)['Pages']} of {info(pdf)['Pages']}" in text(pdf, int(info(pdf)["Pages"]))


def test_battlecard_marks_every_page_internal(pdf_sites):
    pdf = pdf_sites[0]["internal"] / "downloads/battlecard-rival.zh.pdf"
    pages = int(info(pdf)["Pages"])
    assert 1 <= pages <= 2
    for page in range(1, pages + 1):
        assert "内部资料 · 严禁外传" in text(pdf, page)


def test_public_pdfs_contain_nothing_internal(pdf_sites):
    sites, _ = pdf_sites
    public = ["booklet.en.pdf", "booklet.zh.pdf", "brochure-retail.en.pdf", "brochure-retail.zh.pdf",
              "whitepaper-guide.en.pdf", "whitepaper-guide.zh.pdf"]
    for audience, site in sites.items():
        manifest = json.loads((site / "downloads/manifest.json").read_text(encoding="utf-8"))
        files = sorted(e["file"] for e in manifest if e["audience"] == "public" and e["file"].endswith(".pdf"))
        # the internal build also makes the customer's proposal, a public document
        assert files == (sorted([*public, "proposal-big-deal.zh.pdf"]) if audience == "internal" else public)
        for name in files:
            assert MARKER not in text(site / "downloads" / name), name
    assert MARKER in text(sites["internal"] / "downloads/battlecard-rival.en.pdf")  # the marker is in the content
    booklet = text(sites["internal"] / "downloads/booklet.en.pdf")
    assert "price 99" not in booklet and "¥42" not in booklet  # pricing is internal: not in a public booklet, even in an internal build


def test_site_links_its_downloads(pdf_sites):
    sites, _ = pdf_sites
    page = (sites["internal"] / "en/industries/retail/index.html").read_text(encoding="utf-8")
    assert 'href="../../../downloads/brochure-retail.en.pdf"' in page
    assert 'href="../../../downloads/brochure-retail.zh.pdf"' in page
    assert (sites["internal"] / "collateral/index.html").is_file()
    public_page = (sites["public"] / "collateral/index.html").read_text(encoding="utf-8")
    assert "battlecard" not in public_page and "booklet.zh.pdf" in public_page


def test_same_input_gives_identical_bytes(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    first = build(project, out=tmp_path / "a", only=["pdf"], today=TODAY).out
    shutil.rmtree(project / ".enablekit-cache")
    second = build(project, out=tmp_path / "b", only=["pdf"], today=TODAY).out
    assert sorted(p.name for p in (first / "downloads").glob("*.pdf")) == DOCUMENTS
    assert sorted(p.name for p in (second / "downloads").glob("*.pdf")) == DOCUMENTS
    for name in DOCUMENTS:
        assert (first / "downloads" / name).read_bytes() == (second / "downloads" / name).read_bytes(), name


def test_unchanged_documents_are_not_rendered_again(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    out = tmp_path / "out"
    build(project, out=out, only=["pdf"], today=TODAY)
    cache = project / ".enablekit-cache" / "pdf"
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}
    build(project, out=out, only=["pdf"], today=TODAY)
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")} == before
    paper = project / "content/whitepapers/guide.en.md"
    paper.write_text(paper.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    build(project, out=out, only=["pdf"], today=TODAY)
    new = sorted(set(p.name for p in cache.glob("*.pdf")) - set(before))
    assert len(new) == 1  # only the English whitepaper changed
    assert "A new paragraph." in text(out / "downloads/whitepaper-guide.en.pdf")
    logo = project / "content/assets/logo.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("#0B5FFF", "#00AA00"), encoding="utf-8")
    build(project, out=out, only=["pdf"], today=TODAY)
    assert len(set(p.name for p in cache.glob("*.pdf")) - set(before)) == 1 + 8  # the logo: every PDF but battlecards


def test_letter_paper(project, tmp_path):
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8") + "pdf: {page_size: Letter}\n", encoding="utf-8")
    out = build(project, out=tmp_path / "o", only=["pdf"], today=TODAY).out
    assert info(out / "downloads/booklet.en.pdf")["Page size"] == "612 x 792 pts (letter)"


def test_bad_page_size_is_a_content_error(project):
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8") + "pdf: {page_size: A5}\n", encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.errors] == [
        "content/company.yaml:24:18: page_size: 'A5' is not one of: A4, Letter"
    ]


def test_templates_can_be_overridden(project, tmp_path):
    override = project / "templates/pdf/brochure.css"
    override.parent.mkdir(parents=True)
    override.write_text("h1::before { content: 'ACME CUSTOM STYLE '; }\n", encoding="utf-8")
    out = build(project, out=tmp_path / "o", only=["pdf"], today=TODAY).out
    assert "ACME CUSTOM STYLE" in text(out / "downloads/brochure-retail.en.pdf")


def test_images_outside_the_project_or_online_are_refused(project, tmp_path):
    paper = project / "content/whitepapers/guide.md"
    paper.write_text(
        paper.read_text(encoding="utf-8")
        + "\n![a](file:///etc/passwd)\n\n![b](../../../../etc/passwd)\n\n![c](http://evil.example/x.png)\n",
        encoding="utf-8",
    )
    _, diags = load_project(project, today=TODAY)
    messages = [d.message for d in diags.items if d.code == "image"]
    assert messages == [
        "image 'file:///etc/passwd' is a URL; only files inside the project are read",
        "image 'http://evil.example/x.png' is on another host and is not embedded; put the file in the project",
        "image '../../../../etc/passwd' leaves the project; only files inside it are read",
    ]


def test_the_renderer_reads_only_project_files(tmp_path):
    (tmp_path / "inside.png").write_bytes(b"\x89PNG")
    fetcher = pdf_render.ProjectFetcher(tmp_path)
    assert fetcher.fetch((tmp_path / "inside.png").as_uri()).status == 200
    for url in ("file:///etc/passwd", (tmp_path / ".." / "x.png").as_uri(), "http://example.com/a.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert [b.split(" (")[1] for b in fetcher.blocked] == [
        "outside the project)", "outside the project)", "network access is not allowed)"
    ]


def test_long_strings_stay_inside_the_page(project, tmp_path):
    long_word = "Superlongunbreakablecustomername" * 12
    industry = project / "content/industries/retail.yaml"
    industry.write_text(
        industry.read_text(encoding="utf-8").replace("summary: {zh: 门店多, en: Many stores}", f"summary: {long_word}")
        + f"pains:\n  - title: {long_word}\n    body: {{zh: {'很长的中文句子没有标点' * 40}, en: {'long English sentence without stops ' * 25}}}\n"
        + f"kpis:\n  - {{name: {long_word}, value: '{'9' * 60}%', source: {long_word}}}\n",
        encoding="utf-8",
    )
    out = build(project, out=tmp_path / "o", only=["pdf"], today=TODAY).out
    for name in ("brochure-retail.en.pdf", "brochure-retail.zh.pdf"):
        pdf = out / "downloads" / name
        width = float(info(pdf)["Page size"].split()[0])
        html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', html)]
        assert right_edges and max(right_edges) <= width - 30, name  # inside the right margin


def test_missing_harfbuzz_is_reported(project, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_builder, "harfbuzz_subsetting", lambda: False)
    shutil.rmtree(project / ".enablekit-cache", ignore_errors=True)  # reported when PDFs are rendered
    result = build(project, out=tmp_path / "o", only=["pdf"], today=TODAY)
    assert any("libharfbuzz-subset0" in w for w in result.warnings)
