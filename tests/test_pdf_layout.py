"""Page layout of the example's PDFs, read back with ``pdftotext -bbox-layout``: no nearly empty
page before the last, no heading left alone at the bottom of a page, battlecards on one sheet
when they fit."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.needs("pdftotext", "pdfinfo", "pdffonts", "pdftohtml", "pdfdetach")

NS = "{http://www.w3.org/1999/xhtml}"
MARGIN = 32.0  # pt: lines this close to the top or bottom edge are running headers and footers


@dataclass
class Line:
    text: str
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top


@dataclass
class Page:
    height: float
    lines: list[Line]  # body lines only, top to bottom

    def filled(self) -> float:
        return max((line.bottom for line in self.lines), default=0.0) / self.height


def layout(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    tree = ET.fromstring(out)
    pages = []
    for page in tree.iter(f"{NS}page"):
        height = float(page.get("height"))
        lines = []
        for line in page.iter(f"{NS}line"):
            words = [w for w in line.iter(f"{NS}word")]
            top, bottom = float(line.get("yMin")), float(line.get("yMax"))
            if top < MARGIN or bottom > height - MARGIN:
                continue
            lines.append(Line(" ".join(w.text or "" for w in words), top, bottom))
        lines.sort(key=lambda line: (line.bottom, line.top))
        pages.append(Page(height, lines))
    return pages


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory) -> dict[str, list[Page]]:
    base = tmp_path_factory.mktemp("layout")
    project = base / "example"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        "site", ".git", ".enablekit-cache", "__pycache__", "tests", "benchmarks", "*.egg-info", "build"))
    out = base / "out"
    subprocess.run([sys.executable, "-m", "generator.cli", "build", str(project), "--only", "pdf", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True, text=True)
    pdfs = sorted((out / "downloads").glob("*.pdf"))
    assert pdfs
    return {pdf.name: layout(pdf) for pdf in pdfs}


def chosen(example_pdfs, workbooks: bool) -> dict[str, list[Page]]:
    """The workbooks, or every other document, of the example (asserting there are some to look at)."""
    picked = {name: pages for name, pages in example_pdfs.items() if name.startswith("workbook-") == workbooks}
    assert len(picked) >= 2 and any(len(pages) > 2 for pages in picked.values()), sorted(example_pdfs)
    return picked


def sparse_pages(example_pdfs, workbooks: bool) -> list[str]:
    return [f"{name} p{number} ({page.filled():.0%})"
            for name, pages in chosen(example_pdfs, workbooks).items()
            for number, page in enumerate(pages[:-1], 1) if page.filled() < 0.25]


def test_no_page_less_than_a_quarter_full(example_pdfs):
    assert not sparse_pages(example_pdfs, workbooks=False)


def test_workbook_no_page_less_than_a_quarter_full(example_pdfs):
    assert not sparse_pages(example_pdfs, workbooks=True)


def lonely_headings(example_pdfs, workbooks: bool) -> list[str]:
    lonely = []
    for name, pages in chosen(example_pdfs, workbooks).items():
        sizes = [line.size for page in pages for line in page.lines]
        body = median(sizes)
        for number, page in enumerate(pages[:-1], 1):
            if number == 1 and name.startswith(("booklet", "brochure", "whitepaper", "workbook")):
                continue  # the cover: a title in large type over white space by design
            if page.lines and page.lines[-1].size > 1.12 * body:
                lonely.append(f"{name} p{number}: {page.lines[-1].text!r}")
    return lonely


def test_no_heading_alone_at_a_page_bottom(example_pdfs):
    assert not lonely_headings(example_pdfs, workbooks=False)


def test_workbook_no_heading_alone_at_a_page_bottom(example_pdfs):
    assert not lonely_headings(example_pdfs, workbooks=True)


def test_battlecards_on_one_page_when_they_fit(example_pdfs, built_sites):
    cards = {name: pages for name, pages in example_pdfs.items() if name.startswith("battlecard-")}
    assert cards
    # a short card is one page (the example's cards are long: two well-filled pages)
    short = sorted((built_sites["internal"] / "downloads").glob("battlecard-rival.*.pdf"))
    pages = [subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout for pdf in short]
    assert short and all(re.search(r"^Pages:\s+1$", info, re.M) for info in pages)
    for name, pages in cards.items():
        assert len(pages) <= 2, name
        if len(pages) == 2:  # only when the second page holds more than the compact layout saves
            assert pages[1].filled() > 0.25, name
