"""The designed covers of booklets, brochures, whitepapers (and workbooks), read back with poppler: page 1
holds the kind label, the title and the company's name, and no word of it lies outside the page, on A4
and on Letter paper, in Chinese and in English."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.content.loader import load_project

from .conftest import ROOT

pytestmark = pytest.mark.needs("pdftotext", "pdfinfo", "pdffonts", "pdftohtml", "pdfdetach")

NS = "{http://www.w3.org/1999/xhtml}"
KIND_LABEL = {"booklet": "booklet_title", "brochure": "brochure_title", "whitepaper": "whitepaper_title",
              "workbook": "workbook"}


def build_example(base: Path, page_size: str | None = None) -> Path:
    project = base / "example"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        "site", ".git", ".enablekit-cache", "__pycache__", "tests", "benchmarks", "*.egg-info", "build"))
    if page_size:
        company = project / "content/company.yaml"
        company.write_text(company.read_text(encoding="utf-8") + f"pdf: {{page_size: {page_size}}}\n", encoding="utf-8")
    out = base / "out"
    subprocess.run([sys.executable, "-m", "generator.cli", "build", str(project), "--only", "pdf", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True, text=True)
    return out / "downloads"


@pytest.fixture(scope="module", params=["A4", "Letter"])
def covers(request, tmp_path_factory) -> tuple[str, dict[str, Path]]:
    downloads = build_example(tmp_path_factory.mktemp(f"covers-{request.param}"), request.param)
    pdfs = {pdf.name: pdf for pdf in sorted(downloads.glob("*.pdf")) if pdf.name.split("-")[0].split(".")[0] in KIND_LABEL}
    assert {name.split("-")[0].split(".")[0] for name in pdfs} >= {"booklet", "brochure", "whitepaper"}
    return request.param, pdfs


@pytest.fixture(scope="module")
def project():
    loaded, _ = load_project(ROOT)
    assert loaded is not None
    return loaded


def squash(text: str) -> str:
    """Text compared without case and white space (the kind label is set in capitals, CJK may be spaced)."""
    return re.sub(r"\s+", "", text).casefold()


def cover_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def expected(project, name: str) -> tuple[str, str, str]:
    """(kind label, title, company name) that the cover of ``name`` (kind-id.lang.pdf) must show."""
    stem, lang, _ = name.rsplit(".", 2)
    kind, _, entity_id = stem.partition("-")
    t = lambda text: project.t(text, lang)  # noqa: E731
    if kind == "booklet":
        title = t(project.company.product.name)
    elif kind == "brochure":
        title = t(project.industries[entity_id].name)
    elif kind == "whitepaper":
        title = t(project.whitepapers[entity_id].title)
    else:
        title = t(project.training[entity_id].name)
    return project.labels(lang)[KIND_LABEL[kind]], title, t(project.company.name)


def test_cover_shows_kind_title_and_company(covers, project):
    _, pdfs = covers
    for name, pdf in pdfs.items():
        page = squash(cover_text(pdf))
        for want in expected(project, name):
            assert squash(want) in page, f"{name}: {want!r} not on the cover"


def test_brochure_cover_names_the_industry_and_whitepaper_its_authors(covers, project):
    _, pdfs = covers
    for name, pdf in pdfs.items():
        stem, lang, _ = name.rsplit(".", 2)
        kind, _, entity_id = stem.partition("-")
        page = squash(cover_text(pdf))
        if kind == "whitepaper":
            for author in project.whitepapers[entity_id].authors:
                assert squash(author.get(lang, project.company.languages[0])) in page, name
        if kind in ("booklet", "brochure", "whitepaper"):
            contact = project.company.contact
            for value in (contact.email, contact.website):
                if value:
                    assert squash(value) in page, f"{name}: contact {value!r} not at the foot of the cover"


def test_cover_text_inside_the_page(covers):
    size, pdfs = covers
    for name, pdf in pdfs.items():
        out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        page = next(ET.fromstring(out).iter(f"{NS}page"))
        width, height = float(page.get("width")), float(page.get("height"))
        assert (round(width), round(height)) == ((595, 842) if size == "A4" else (612, 792)), name
        words = list(page.iter(f"{NS}word"))
        assert len(words) > 10, name
        for word in words:
            x0, y0, x1, y1 = (float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
            # 18 mm side margins: nothing closer than 10 mm (28 pt) to an edge, nothing outside
            assert 28 <= x0 and x1 <= width - 28 and 28 <= y0 and y1 <= height - 28, (name, word.text, x0, y0, x1, y1)


def test_cover_is_one_page(covers):
    """A long title or many facts must not push the foot of the cover onto a page of its own."""
    _, pdfs = covers
    for name, pdf in pdfs.items():
        first, second = (cover_text(pdf), subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
                                                         capture_output=True, text=True, check=True).stdout)
        assert first.strip() and second.strip(), name
