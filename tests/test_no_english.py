"""No English in a project that is not English: a French, a Spanish, a Korean and a Traditional-Chinese
project (one language each, so every English word in their outputs comes from enablekit, not from the
content) are built once, internal audience with a deal's proposal, and every text a reader sees is read
back: the site's pages (text and the title, aria-label, alt and placeholder attributes, the words the
scripts show), the PDFs (pdftotext), the decks (every shape, table, chart title and the notes), the
answer library's workbook and the health report. None may hold a phrase of the English catalog
(``generator/language/labels/en.yaml``) or one of Material for MkDocs' English words, and ``check
--strict`` passes on each project."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from .conftest import FIXTURES, TODAY

LANGUAGES = ["fr", "es", "ko", "zh-TW"]

# Names that read the same in every language: products, brands and file formats the catalogs name.
NAMES = {"enablekit", "Acme HR", "Excel", "Outlook", "Google Calendar", "Material for MkDocs", "MkDocs", "PDF", "ICS",
         "Atom", "Pagefind", "PowerPoint"}

# Phrases of the English catalog that the target language writes the same way, beyond those its own
# catalog already gives identically for the same key (those are skipped automatically: see _catalog_twins).
# Each entry says why it is not English in that language.
SAME_IN_LANGUAGE: dict[str, dict[str, str]] = {
    "fr": {},
    "es": {},
    "ko": {},
    "zh-TW": {},
}

# The catalog keys whose text is the English one, per language: checked below so that an untranslated
# entry (a copy of the English text) can not hide in the automatic skip. Every one is a real word there.
CATALOG_TWINS: dict[str, dict[str, str]] = {
    "fr": {
        "for_marketing": "« Marketing » is the French name of the department",
        "contact": "French word", "solution": "French word", "source": "French word", "sources": "French word",
        "objection": "French word", "ask": "« Question » is French", "answers_question": "« Question » is French",
        "date": "French word", "sign_date": "French word", "calendar_date": "French word",
        "count_objections": "French word", "document": "French word", "inv_total": "French word",
        "unit_site": "French word", "unit_transaction": "French word", "sign_signature": "French word",
        "quiz": "French word (Larousse)", "certification": "French word", "pages_count": "French word",
        "page_count_one": "French word", "authoring_conventions_title": "French word",
        "download_pdf": "a file format",
    },
    "es": {
        "beta": "Spanish uses the Greek letter's name as is", "plan": "Spanish word",
        "for_marketing": "the department's name in Spanish", "no": "Spanish word", "answers_no": "Spanish word",
        "inv_subtotal": "Spanish word", "inv_total": "Spanish word", "neutral": "Spanish word",
        "calendar_status_idea": "Spanish word", "download_pdf": "a file format",
    },
    "ko": {"download_pdf": "a file format"},
    "zh-TW": {"download_pdf": "a file format"},
}


# --------------------------------------------------------------------------- the English phrases


def _segments(value: str) -> list[str]:
    """The phrases of one catalog text: split around placeholders, code spans, Markdown marks and the
    ends of sentences and clauses, so each piece is words that must appear as they are."""
    value = re.sub(r"`[^`]*`", "\n", value)            # commands and field names are not English prose
    value = re.sub(r"\{\w+\}|\*\*|[“”\"()\[\]|→×÷]", "\n", value)
    pieces = re.split(r"\n|[.;:!?…]\s|[.;:!?…]$|—|–|^-\s|\s-\s|,\s", value, flags=re.M)
    out = []
    for piece in pieces:
        piece = piece.strip(" \t-,.;:!?…'’/%+")
        if not piece or piece in NAMES or not re.search(r"[A-Za-z]", piece):
            continue
        letters = len(re.findall(r"[A-Za-z]", piece))
        if len(piece.split()) >= 2 or (letters >= 6 and len(pieces) == 1):
            out.append(piece)  # a single word counts when it is the whole text ("Capabilities"), not a
            # word out of a sentence ("images", "status"), which French or Spanish may write alike
    return out


def _catalog_twins(lang: str) -> dict[str, str]:
    """Keys whose text in ``lang`` is the English text (a word both languages write alike)."""
    from generator.language.i18n import labels

    en, own = labels("en"), labels(lang)
    return {key: value for key, value in en.items()
            if own.get(key) == value and re.search(r"[A-Za-z]{2}", re.sub(r"\{\w+\}", "", value))}


def english_phrases(lang: str) -> list[str]:
    """Every phrase of the English catalog that must not appear in a ``lang`` output."""
    from generator.language.i18n import labels

    same = {segment for value in _catalog_twins(lang).values() for segment in _segments(value)}
    same |= set(SAME_IN_LANGUAGE[lang])
    phrases = {segment for value in labels("en").values() for segment in _segments(value)}
    return sorted(phrases - same, key=len, reverse=True)


def english_patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    """The catalog texts with placeholders as patterns ("Page {page} of {pages}" finds "Page 2 of 5"), where
    the words around the placeholders are two or more and ``lang`` does not write the text alike."""
    from generator.language.i18n import labels

    out = []
    twins = _catalog_twins(lang)
    for key, value in labels("en").items():
        if "{" not in value or key in twins or "\n" in value.strip():
            continue
        literal = re.sub(r"\{\w+\}", " ", value)
        if len(re.findall(r"[A-Za-z]+", literal)) < 2:
            continue
        parts = [re.escape(p) for p in re.split(r"\{\w+\}", value.strip())]
        body = r".{1,60}?".join(parts).strip()
        body = re.sub(r"^(\.\{1,60\}\?)+|(\.\{1,60\}\?)+$", "", body)  # placeholders at either end
        out.append((value, re.compile(rf"(?<![0-9A-Za-z\u00C0-\u024F/_-]){body}")))
    return out


def _material_words(lang: str) -> dict[str, str]:
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"

    def read(code: str) -> dict[str, str]:
        path = folder / f"{code}.html"
        return dict(re.findall(r'"([\w.]+)":\s*"([^"]*)"', path.read_text(encoding="utf-8"))) if path.is_file() else {}

    return read("en"), read(lang)


def material_phrases(lang: str) -> list[str]:
    """Material for MkDocs' English interface words that its ``lang`` file words differently, and the
    words its templates write in English whatever the language ("Made with")."""
    en, own = _material_words(lang)
    out = {"Made with"}
    for key, value in en.items():
        if key in ("language", "direction") or key.startswith("search.config") or own.get(key) == value:
            continue
        value = value.replace("#", " ")
        out.update(_segments(value))
    return sorted(out, key=len, reverse=True)


# --------------------------------------------------------------------------- what a reader sees

VISIBLE_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Visible(HTMLParser):
    """A page's visible words: text outside scripts and styles, the attributes shown or read out, the
    words the scripts put on the page (data-* attributes, Material's translations). An element marked
    ``lang="en"`` is English on purpose (the authoring guide's field reference): it is counted apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.english: list[str] = []  # what elements marked lang="en" hold
        self._skip: str | None = None  # script or style being read
        self._config = False
        self._en: tuple[str, int] | None = None  # tag of the lang="en" element and its nesting depth

    def _out(self) -> list[str]:
        return self.english if self._en else self.words

    def handle_starttag(self, tag, attrs) -> None:  # noqa: ANN001
        values = dict(attrs)
        if tag in ("script", "style", "code"):  # code: commands and field names an author types
            self._skip, self._config = tag, values.get("id") == "__config"
            return
        if self._en and tag == self._en[0]:
            self._en = (tag, self._en[1] + 1)
        elif not self._en and (values.get("lang") or "").split("-")[0] == "en" and tag not in VOID:
            self._en = (tag, 1)
        for name, value in attrs:
            if not value or not (name in VISIBLE_ATTRIBUTES or name.startswith("data-")) or name.startswith("data-md-"):
                continue
            if re.fullmatch(r"\S*[/#]\S*", value) or value.startswith(("{", "[")):
                continue  # a URL, a path or data for a script, not words
            self._out().append(f" ¶ {value} ¶ ")

    def handle_startendtag(self, tag, attrs) -> None:  # noqa: ANN001
        self.handle_starttag(tag, attrs)
        if self._en and tag == self._en[0]:
            self.handle_endtag(tag)

    def handle_endtag(self, tag) -> None:  # noqa: ANN001
        if tag == self._skip:
            self._skip = None
        elif self._en and tag == self._en[0]:
            self._en = (tag, self._en[1] - 1) if self._en[1] > 1 else None

    def handle_data(self, data) -> None:  # noqa: ANN001
        if self._skip:
            if self._config and self._skip == "script":
                self.words.extend(f" ¶ {v} ¶ " for v in json.loads(data).get("translations", {}).values())
            return
        self._out().append(data)


def page_text(page: Path) -> tuple[str, str]:
    """(the words of a page, the words of its parts marked as English)."""
    parser = _Visible()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return " ".join(" ".join(parser.words).split()), " ".join(" ".join(parser.english).split())


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    title = re.search(r"^Title:\s*(.*)$", info, flags=re.M)
    return " ".join(out.stdout.split()) + (" ¶ " + title.group(1) if title else "")


def deck_text(deck: Path) -> str:
    """Every word of a deck: shapes (in groups too), tables, charts (title, axes, series, categories),
    the notes."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    texts: list[str] = []

    def shape_words(shape) -> None:  # noqa: ANN001
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            for inner in shape.shapes:
                shape_words(inner)
            return
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            texts.extend([cell.text for row in shape.table.rows for cell in row.cells])
        if getattr(shape, "has_chart", False) and shape.has_chart:
            chart = shape.chart
            if chart.has_title and chart.chart_title.has_text_frame:
                texts.append(chart.chart_title.text_frame.text)
            for axis in ("category_axis", "value_axis"):
                try:
                    ax = getattr(chart, axis)
                except (ValueError, AttributeError):
                    continue
                if ax.has_title and ax.axis_title.has_text_frame:
                    texts.append(ax.axis_title.text_frame.text)
            for plot in chart.plots:
                texts.extend([str(c) for c in plot.categories])
                texts.extend([s.name or "" for s in plot.series])
        descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")  # alternative text
        texts.extend([str(d) for d in descr])

    prs = Presentation(str(deck))
    for slide in prs.slides:
        for shape in slide.shapes:
            shape_words(shape)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return " ¶ ".join(" ".join(t.split()) for t in texts if t.strip())


def workbook_text(book: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(book, read_only=True)
    words = [wb.sheetnames and " ¶ ".join(wb.sheetnames)]
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(values_only=True):
            words += [str(v) for v in row if isinstance(v, str)]
    wb.close()
    return " ¶ ".join(" ".join(w.split()) for w in words if w)


# --------------------------------------------------------------------------- the builds


@dataclass
class Built:
    project: Path
    site: Path
    texts: dict[str, str] = field(default_factory=dict)  # file (relative) -> visible text
    english: dict[str, str] = field(default_factory=dict)  # page -> the text of its parts marked lang="en"


def _build(lang: str, base: Path) -> Built:
    from generator import build
    from generator.cli import cli

    project = base / f"lang-{lang}"
    shutil.copytree(FIXTURES / f"lang-{lang}", project)
    site = build(project, out=base / f"site-{lang}", today=TODAY).out
    health = base / f"health-{lang}"
    result = CliRunner().invoke(cli, ["health", str(project), "--today", TODAY.isoformat(), "--no-trend",
                                      "--pdf", str(health)])
    assert result.exit_code == 0, result.output
    built = Built(project, site)
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        built.texts[name], english = page_text(page)
        if english:
            built.english[name] = english
    for pdf in sorted([*site.rglob("*.pdf"), *health.glob("*.pdf")]):
        built.texts[pdf.name] = pdf_text(pdf)
    for deck in sorted(site.rglob("*.pptx")):
        built.texts[deck.name] = deck_text(deck)
    for book in sorted(site.rglob("*.xlsx")):
        built.texts[book.name] = workbook_text(book)
    return built


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Each language's project built once for this module, when a test first asks for it."""
    base = tmp_path_factory.mktemp("no-english")
    cache: dict[str, Built] = {}

    def get(lang: str) -> Built:
        if lang not in cache:
            cache[lang] = _build(lang, base)
        return cache[lang]

    return get


def _find(phrases: list[str], texts: dict[str, str]) -> list[str]:
    """Every phrase found in a text (case-sensitive, whole words), as 'phrase' — file: …context…"""
    found = []
    for phrase in phrases:
        pattern = re.compile(rf"(?<![0-9A-Za-z\u00C0-\u024F/_-]){re.escape(phrase)}(?![0-9A-Za-z\u00C0-\u024F/_-])")
        for name, text in texts.items():
            for match in pattern.finditer(text):
                context = text[max(0, match.start() - 50):match.end() + 50]
                found.append(f"{phrase!r} — {name}: …{context}…")
                break
    return found


# --------------------------------------------------------------------------- the tests


@pytest.mark.needs("pdftotext", "pdfinfo")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_output_is_made(builds, lang):
    """The fixture makes every kind of output, so the tests below read all of them."""
    built = builds(lang)
    names = set(built.texts)
    for expected in (f"booklet.{lang}.pdf", f"brochure-retail.{lang}.pdf", f"battlecard-legacy-suite.{lang}.pdf",
                     f"whitepaper-frontline-guide.{lang}.pdf", f"workbook-onboarding.{lang}.pdf",
                     f"pitch.{lang}.pptx", f"pitch-presenter.{lang}.pptx", f"industry-retail.{lang}.pptx",
                     f"competitive-legacy-suite.{lang}.pptx", f"answers.{lang}.xlsx", f"health.{lang}.pdf"):
        assert expected in names, expected
    assert [n for n in names if n.startswith("proposal-") and n.endswith(f".{lang}.pdf")]
    assert [n for n in names if n.startswith("proposal-") and n.endswith(f"-presenter.{lang}.pptx")]
    assert [n for n in names if n.startswith("meeting-prep-") and n.endswith(f".{lang}.pdf")]
    for page in ("index.html", "capabilities/index.html", "answers/index.html", "trust/index.html",
                 "calendar/index.html", "health/index.html", "authoring/index.html", "collateral/index.html"):
        assert page in names, page
    assert len(english_phrases(lang)) > 300


@pytest.mark.needs("pdftotext", "pdfinfo")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_interface_phrase(builds, lang):
    built = builds(lang)
    found = _find(english_phrases(lang), built.texts)
    for value, pattern in english_patterns(lang):
        for name, text in built.texts.items():
            match = pattern.search(text)
            if match:
                found.append(f"{value!r} — {name}: …{text[max(0, match.start() - 50):match.end() + 50]}…")
                break
    assert not found, f"{len(found)} English phrases in the {lang} outputs:\n" + "\n".join(found)
    # English on purpose, and marked so (lang="en"): only the authoring guide's field reference, generated
    # from the schema's declarations like the field names an author types; its heading and note are in lang
    assert set(built.english) == {"authoring/index.html"}
    assert "lowercase letters, digits" in built.english["authoring/index.html"]


@pytest.mark.needs("pdftotext", "pdfinfo")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_material_speaks_the_language(builds, lang):
    """The theme's own words (search box, footer, skip link, "Made with") are in the site's language."""
    texts = {name: text for name, text in builds(lang).texts.items() if name.endswith(".html")}
    found = _find(material_phrases(lang), texts)
    assert not found, "\n".join(found)
    en, own = _material_words(lang)
    assert own.get("search.placeholder") and own["search.placeholder"] in texts["index.html"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_words_written_as_in_english_are_real_words_there(lang):
    """A catalog entry that equals the English text is skipped by the search above: each must be a word
    of that language, listed with its reason, or it would hide an untranslated entry."""
    assert set(_catalog_twins(lang)) == set(CATALOG_TWINS[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_strict_passes(lang):
    from generator.cli import cli

    result = CliRunner().invoke(cli, ["check", str(FIXTURES / f"lang-{lang}"), "--strict",
                                      "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
