"""Outputs cannot leak (issue 9): decks keep text as written, PDFs carry no attachment, no file
link and no trace of the folder the project sits in, brand fonts cannot inject CSS, and deck
templates lose every external relationship."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from generator.content.loader import load_project
from generator.content.scaffold import scaffold
from generator.content.schema import Audience
from generator.outputs.pdf import render as pdf_render
from generator.pipeline import build
from generator.views.documents import DocumentSpec

TODAY = dt.date(2026, 11, 22)
XSS = "<script>alert('xss')</script> & \"q\" > 3"
CANARY = "ZZCANARYDEALZZ"
needs_poppler = pytest.mark.needs("pdfdetach", "pdftotext")


def yaml_str(text: str) -> str:
    """``text`` as a single-quoted YAML scalar."""
    return "'" + text.replace("'", "''") + "'"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_project(folder: Path) -> Path:
    scaffold(folder)
    return folder


def slide_texts(deck: Path) -> list[str]:
    """Every paragraph of every shape, table cell and speaker note, as python-pptx reads it back."""
    out = []
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out += [p.text for p in shape.text_frame.paragraphs]
            if shape.has_table:
                out += [p.text for row in shape.table.rows for cell in row.cells for p in cell.text_frame.paragraphs]
        out += [p.text for p in slide.notes_slide.notes_text_frame.paragraphs]
    return out


def parts(deck: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(deck) as z:
        return {name: z.read(name) for name in z.namelist()}


def pdf_objects(pdf: Path) -> bytes:
    """The PDF's bytes followed by every Flate stream decompressed (object streams hold the dictionaries)."""
    data = pdf.read_bytes()
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


# ---------------------------------------------------------------------------- 1. deck text as written


def test_deck_text_comes_out_exactly_as_written(tmp_path):
    project = new_project(tmp_path / "project")
    industry = project / "content/industries/retail.yaml"
    edit(industry, "solution:\n  zh: 用智能排班替代 Excel，考勤数据直接进入算薪。\n  en: Smart scheduling replaces Excel and attendance flows straight into payroll.",
         "solution:\n  zh: 用智能排班替代 Excel。\n  en: |\n"
         f"    {XSS}\n\n    **Bold** claim with `a*b` and #1 > 2 &amp; more\n\n    - first *point*\n    - second point")
    edit(project / "content/cases/sample-retail-case.yaml",
         "summary:\n  zh: 120 家门店一个季度完成上线。\n  en: 120 stores live within one quarter.",
         f"summary:\n  zh: 120 家门店一个季度完成上线。\n  en: {yaml_str(XSS)}")
    edit(project / "content/objections/price.yaml",
         "  objection:\n    zh: 按人头收费太贵了。\n    en: Per-head pricing is too expensive.",
         f"  objection:\n    zh: 按人头收费太贵了。\n    en: {yaml_str(XSS)}")
    out = build(project, out=tmp_path / "out", only=["deck"], today=TODAY).out / "downloads"

    texts = slide_texts(out / "industry-retail.en.pptx")
    # the solution (Markdown): markers gone, every literal character kept, one paragraph per block
    start = texts.index(XSS)
    assert texts[start:start + 4] == [XSS, "Bold claim with a*b and #1 > 2 & more", "first point", "second point"]
    # the case (plain text) on its own slide
    assert texts.count(XSS) >= 2
    # the objection in the presenter's notes
    notes = slide_texts(out / "pitch-presenter.en.pptx")
    assert (f"• {XSS} → Do the full sum: the monthly fee per employee is a fraction of the overtime it saves.") in notes

    decks = sorted(out.glob("*.pptx"))
    assert {"industry-retail.en.pptx", "industry-retail.zh.pptx", "pitch-presenter.en.pptx"} <= {d.name for d in decks}
    for deck in decks:
        for name, body in parts(deck).items():
            assert b"<script" not in body, (deck.name, name)
    escaped = b"&lt;script&gt;alert('xss')&lt;/script&gt; &amp; \"q\" &gt; 3"
    assert any(escaped in body for body in parts(out / "industry-retail.en.pptx").values())


# ---------------------------------------------------------------------------- 2. brand.font


def test_brand_font_must_be_a_font_family_list(tmp_path):
    project = new_project(tmp_path / "project")
    company = project / "content/company.yaml"
    bad = 'x"; } @page { background: url(file:///etc/passwd) } /*'
    edit(company, "  logo: assets/logo.svg\n", f"  logo: assets/logo.svg\n  font: {yaml_str(bad)}\n")
    line = company.read_text(encoding="utf-8").splitlines().index(f"  font: {yaml_str(bad)}") + 1
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.errors] == [
        f"content/company.yaml:{line}:9: font: {bad!r} is not a font-family list (write names separated by commas,"
        " e.g. \"Noto Sans CJK SC, Arial\"; letters, digits, spaces, '-' and '_' only, at most 200 characters)"
    ]
    for value in ("Arial;", "A,,B", "Arial, \"B", "a" * 201, "url(x)", "Arial</style>"):
        edit(company, company.read_text(encoding="utf-8").splitlines()[line - 1], f"  font: {yaml_str(value)}")
        _, diags = load_project(project, today=TODAY)
        assert len(diags.errors) == 1 and "is not a font-family list" in diags.errors[0].message, value


def test_brand_font_list_is_written_as_css_strings_and_first_name_in_decks(tmp_path):
    project = new_project(tmp_path / "project")
    edit(project / "content/company.yaml", "  logo: assets/logo.svg\n",
         "  logo: assets/logo.svg\n  font: \"'Noto Sans CJK SC', 思源 黑体, DejaVu_Sans-2\"\n")
    view, diags = load_project(project, today=TODAY)
    assert not diags.errors
    assert view.company.brand.families == ["Noto Sans CJK SC", "思源 黑体", "DejaVu_Sans-2"]
    html, base_url, _ = pdf_render.render_html(pdf_render.pdf_environment(project), view,
                                                DocumentSpec("booklet", None, "en", Audience.public))
    # the brand's names first, escaped; then the language's families (which depend on the machine)
    brand = '"Noto Sans CJK SC", "思源 黑体", "DejaVu_Sans-2", '
    assert re.search(rf"--font: {re.escape(brand)}[^;<]*sans-serif;", html)
    assert re.search(rf"size: A4; font-family: {re.escape(brand)}[^;<]*sans-serif;", html)
    assert 'content: "Page " counter(page) " of " counter(pages);' in html
    assert base_url == "file:///.enablekit-project/content/"
    assert str(project) not in html
    deck = build(project, out=tmp_path / "out", only=["deck"], today=TODAY).out / "downloads/pitch.en.pptx"
    runs = [r for s in Presentation(str(deck)).slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"Noto Sans CJK SC"}


# ---------------------------------------------------------------------------- 3. no attachments


@needs_poppler
def test_pdfs_carry_no_attachment_and_no_file_link(tmp_path):
    project = new_project(tmp_path / "project")
    (project / "deals").mkdir()
    (project / "deals/x.yaml").write_text(
        f"customer: {{name: {CANARY} Corp, industry: retail, tier: ka}}\nstage: proposal\nsummary: {CANARY} budget\n",
        encoding="utf-8",
    )
    paper = project / "content/whitepapers/frontline-guide.en.md"
    paper.write_text(paper.read_text(encoding="utf-8")
                     + '\nSee the [deal](../../deals/x.yaml){: rel="attachment"}, the [company](../company.yaml),'
                     + " [our site](https://www.example.com/why) and [mail](mailto:sales@example.com).\n",
                     encoding="utf-8")
    # a project template is not run through the Markdown sanitiser: the renderer itself must refuse
    override = project / "templates/pdf/booklet.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "_base.html.j2" %}{% block body %}<h1>Booklet</h1>'
        '<link rel="attachment" href="../deals/x.yaml" title="deal">'
        '<a rel="attachment" href="../deals/x.yaml">attached deal</a> '
        '<a rel="Attachment nofollow" href="company.yaml">attached company</a> '
        '<a href="file:///etc/passwd">passwd</a> <a href="../mkdocs.yml">config</a> '
        '<img src="company.yaml" alt="not an image"><img src="../mkdocs.yml" alt="x">'
        '<a href="https://www.example.com/">web</a>{% endblock %}',
        encoding="utf-8",
    )
    result = build(project, out=tmp_path / "out", only=["pdf"], today=TODAY)
    downloads = result.out / "downloads"
    pdfs = sorted(downloads.glob("*.pdf"))
    assert len(pdfs) == 8
    for pdf in pdfs:
        listing = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert listing.strip() == "0 embedded files", pdf.name
        objects = pdf_objects(pdf)
        for needle in (b"/EmbeddedFile", b"/FileAttachment", b"/Filespec", b"file:", CANARY.encode()):
            assert needle not in objects, (pdf.name, needle)
        assert CANARY not in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                            check=True).stdout
    paper_links = re.findall(rb"/URI ?\(([^)]*)\)", pdf_objects(downloads / "whitepaper-frontline-guide.en.pdf"))
    assert sorted(paper_links) == [b"https://www.example.com/why", b"mailto:sales@example.com"]
    booklet = pdf_objects(downloads / "booklet.en.pdf")
    assert re.findall(rb"/URI ?\(([^)]*)\)", booklet) == [b"https://www.example.com/"]
    booklet_text = subprocess.run(["pdftotext", str(downloads / "booklet.en.pdf"), "-"], capture_output=True,
                                  text=True, check=True).stdout
    assert "attached deal" in booklet_text and "passwd" in booklet_text  # the text stays, the link goes
    assert sorted(w for w in result.warnings if "not embedded" in w) == [
        "pdf: booklet.en.pdf: not embedded: content/company.yaml (not an image, font or stylesheet)",
        "pdf: booklet.en.pdf: not embedded: mkdocs.yml (not an image, font or stylesheet)",
        "pdf: booklet.zh.pdf: not embedded: content/company.yaml (not an image, font or stylesheet)",
        "pdf: booklet.zh.pdf: not embedded: mkdocs.yml (not an image, font or stylesheet)",
    ]


def test_the_renderer_reads_only_assets_inside_the_project(tmp_path):
    project = new_project(tmp_path / "project")
    (project / "templates/pdf").mkdir(parents=True)
    (project / "templates/pdf/extra.css").write_text("h1 { color: red }", encoding="utf-8")
    (project / "content/font.woff2").write_bytes(b"wOF2")
    fetcher = pdf_render.ProjectFetcher(project)
    url = pdf_render.PROJECT_URL
    assert fetcher.fetch(url + "content/assets/logo.svg").headers["Content-Type"] == "image/svg+xml"
    assert fetcher.fetch(url + "templates/pdf/extra.css").headers["Content-Type"] == "text/css"
    assert fetcher.fetch(url + "content/font.woff2").headers["Content-Type"] == "font/woff2"
    assert fetcher.fetch((project / "content/assets/logo.svg").as_uri()).status == 200
    refused = ["content/company.yaml", "content/whitepapers/frontline-guide.md", "mkdocs.yml", "templates/pdf",
               "content/assets/../../../outside.png", ".gitignore"]
    for path in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url + path)
    with pytest.raises(ValueError):
        fetcher.fetch("data:text/html,<p>x</p>")
    assert fetcher.blocked == [
        "content/company.yaml (not an image, font or stylesheet)",
        "content/whitepapers/frontline-guide.md (not an image, font or stylesheet)",
        "mkdocs.yml (not an image, font or stylesheet)",
        "templates/pdf (not an image, font or stylesheet)",
        "content/assets/../../../outside.png (outside the project)",
        ".gitignore (not an image, font or stylesheet)",
        "data:text/html,<p>x</p> (not an image, font or stylesheet)",
    ]


# ---------------------------------------------------------------------------- 4. same bytes in any folder


def test_pdfs_and_decks_do_not_depend_on_the_project_folder(tmp_path):
    first = new_project(tmp_path / "a" / "project")
    second = tmp_path / "somewhere" / "much-longer folder name" / "copy"
    shutil.copytree(first, second)
    outs = [build(root, out=root.parent / "out", only=["pdf", "deck"], today=TODAY).out / "downloads"
            for root in (first, second)]
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == sorted(p.name for p in outs[1].iterdir())
    assert len([n for n in names if n.endswith(".pdf")]) == 8 and len([n for n in names if n.endswith(".pptx")]) == 10
    for name in names:
        one, two = (outs[0] / name).read_bytes(), (outs[1] / name).read_bytes()
        assert one == two, name
        if name.endswith(".pdf"):
            searched = pdf_objects(outs[0] / name)
        elif name.endswith(".pptx"):
            searched = b"".join(parts(outs[0] / name).values())
        else:
            searched = one
        for folder in (str(tmp_path), str(first), os.path.basename(tmp_path)):
            assert folder.encode() not in searched, (name, folder)


# ---------------------------------------------------------------------------- 5. deck templates


def _template_with_external_links(path: Path) -> None:
    """A usable template whose master links a picture from the web and whose layout (kept in every
    deck) and sample slide link to local files."""
    prs = Presentation()
    master = prs.slide_master
    pic_rid = master.part.relate_to("http://evil.example/track.png", RT.IMAGE, is_external=True)
    tree = master.shapes._spTree
    tree.append(tree.makeelement(qn("p:pic"), {}))
    pic = tree[-1]
    pic.append(pic.makeelement(qn("p:nvPicPr"), {}))
    pic[0].append(pic.makeelement(qn("p:cNvPr"), {"id": "99", "name": "Tracker"}))
    pic[0].append(pic.makeelement(qn("p:cNvPicPr"), {}))
    pic[0].append(pic.makeelement(qn("p:nvPr"), {}))
    fill = pic.makeelement(qn("p:blipFill"), {})
    fill.append(fill.makeelement(qn("a:blip"), {qn("r:link"): pic_rid}))
    pic.append(fill)
    pic.append(pic.makeelement(qn("p:spPr"), {}))
    layout = next(lo for lo in prs.slide_layouts if lo.name == "Title and Content")
    link_rid = layout.part.relate_to("file:///etc/passwd", RT.HYPERLINK, is_external=True)
    title = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 0)
    run = title.text_frame.paragraphs[0].add_run()
    run.text = "click"
    rpr = run._r.get_or_add_rPr()
    rpr.append(rpr.makeelement(qn("a:hlinkClick"), {qn("r:id"): link_rid}))
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text_frame.paragraphs[0].add_run().hyperlink.address = "file:///home/secret.txt"
    prs.save(str(path))


def test_template_external_relationships_are_stripped_with_a_warning(tmp_path):
    project = new_project(tmp_path / "project")
    template = project / "templates/deck/pitch.pptx"
    template.parent.mkdir(parents=True)
    _template_with_external_links(template)
    raw = b"".join(body for name, body in parts(template).items() if name.endswith(".rels"))
    assert raw.count(b'TargetMode="External"') == 3  # the crafted template really links out

    result = build(project, out=tmp_path / "out", only=["deck"], today=TODAY)
    assert [w for w in result.warnings if w.startswith("deck:")] == [
        "deck: templates/deck/pitch.pptx: removed 3 external link(s) from the template (http://evil.example/track.png,"
        " file:///etc/passwd, file:///home/secret.txt); decks never link to or load anything outside themselves"
    ]
    downloads = result.out / "downloads"
    decks = sorted(downloads.glob("*.pptx"))
    # the decks made from the template among them
    assert {"pitch.en.pptx", "pitch.zh.pptx", "pitch-presenter.en.pptx", "pitch-presenter.zh.pptx"} <= {d.name for d in decks}
    for deck in decks:
        for name, body in parts(deck).items():
            assert b'TargetMode="External"' not in body, (deck.name, name)
            for needle in (b"etc/passwd", b"evil.example", b"secret.txt"):
                assert needle not in body, (deck.name, name, needle)
    built = Presentation(str(downloads / "pitch.en.pptx"))
    assert built.slides[0].shapes.title.text_frame.text == "Example Cloud"  # the template is used
    layout = next(lo for lo in built.slide_layouts if lo.name == "Title and Content")
    assert layout.placeholders[0]._element.xpath(".//a:hlinkClick") == []
    assert [r.text for p in layout.placeholders[0].text_frame.paragraphs for r in p.runs] == [
        "Click to edit Master title style", "click"]  # the text stays, the link goes
    blips = built.slide_master.shapes._spTree.xpath(".//a:blip")
    assert len(blips) == 1 and dict(blips[0].attrib) == {}


def test_oversized_template_is_reported(tmp_path):
    project = new_project(tmp_path / "project")
    template = project / "templates/deck/pitch.pptx"
    template.parent.mkdir(parents=True)
    Presentation().save(str(template))
    with zipfile.ZipFile(template, "a", zipfile.ZIP_STORED) as z:  # an unreferenced 21 MB part
        z.writestr("ppt/media/ballast.bin", os.urandom(21 * 1024 * 1024))
    result = build(project, out=tmp_path / "out", only=["deck"], today=TODAY)
    assert [w for w in result.warnings if w.startswith("deck:")] == [
        "deck: templates/deck/pitch.pptx: the template is 21 MB (over 20 MB); every deck made from it is at least as large"
    ]
