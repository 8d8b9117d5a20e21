"""Fonts per language (generator/language/fonts.py): families, deck language tags, the missing-font check,
and Japanese / German projects built to PDFs and decks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.content.scaffold import scaffold
from generator.language import fonts
from generator.language.i18n import labels
from generator.pipeline import build

from .conftest import ROOT, TODAY

DEJAVU = "/usr/share/fonts/truetype/dejavu"
needs_fc = pytest.mark.needs("fc-list", DEJAVU)
needs_poppler = pytest.mark.needs("pdffonts", "pdftotext")
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


# ---------------------------------------------------------------------------- mappings


@pytest.mark.parametrize(("lang", "family"), [
    ("zh", "Noto Sans CJK SC"), ("zh-Hans", "Noto Sans CJK SC"), ("zh-CN", "Noto Sans CJK SC"),
    ("zh-SG", "Noto Sans CJK SC"), ("zh-TW", "Noto Sans CJK TC"), ("zh-Hant", "Noto Sans CJK TC"),
    ("zh-MO", "Noto Sans CJK TC"), ("ja", "Noto Sans CJK JP"), ("ko", "Noto Sans CJK KR"),
    ("de", None), ("en", None), ("ru", None), ("pt-BR", None),
])
def test_cjk_family_per_language(lang, family):
    assert fonts.cjk_family(lang) == family


def test_hong_kong_uses_hk_shapes_only_when_installed(monkeypatch):
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"Noto Sans CJK HK", "Noto Sans"}))
    assert fonts.cjk_family("zh-HK") == "Noto Sans CJK HK"
    assert fonts.brand_families(["Noto Sans CJK SC", "Arial"], "zh-HK") == ["Noto Sans CJK HK", "Arial"]
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset())
    assert fonts.cjk_family("zh-HK") == "Noto Sans CJK TC"
    assert fonts.brand_families(["Noto Sans CJK SC"], "zh-HK") == ["Noto Sans CJK TC"]


def test_latin_family_is_noto_sans_when_installed_else_dejavu(monkeypatch):
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"Noto Sans", "DejaVu Sans"}))
    assert fonts.family("de") == fonts.latin_family() == "Noto Sans"
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"DejaVu Sans"}))
    assert fonts.family("de") == fonts.family("en") == "DejaVu Sans"
    assert fonts.family("ja") == "Noto Sans CJK JP"


@pytest.mark.parametrize(("lang", "script"), [
    ("zh", "Hans"), ("zh-SG", "Hans"), ("zh-TW", "Hant"), ("zh-HK", "Hant"), ("ja", "Jpan"), ("ko", "Kore"),
    ("de", "Latn"), ("en", "Latn"), ("ru", "Cyrl"), ("sr", "Cyrl"), ("sr-Latn", "Latn"), ("el", "Grek"),
    ("ar", "Arab"), ("th", "Thai"),
])
def test_script_of_a_language(lang, script):
    assert fonts.script(lang) == script


@pytest.mark.parametrize(("lang", "tag"), [
    ("ja", "ja-JP"), ("de", "de-DE"), ("en", "en-US"), ("zh", "zh-CN"), ("zh-Hans", "zh-CN"), ("zh-TW", "zh-TW"),
    ("zh-Hant", "zh-TW"), ("zh-HK", "zh-HK"), ("ko", "ko-KR"), ("fr", "fr-FR"), ("pt-BR", "pt-BR"),
    ("en-GB", "en-GB"), ("sr-Latn", "sr-Latn-RS"), ("xq", "xq"),
])
def test_language_tag_of_a_deck_run(lang, tag):
    assert fonts.language_tag(lang) == tag


def test_pdf_families_put_the_language_after_the_brand_then_the_other_cjk_families(monkeypatch):
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"DejaVu Sans"}))
    assert fonts.pdf_families(["Acme Sans"], "ja", ["ja", "en"]) == [
        "Acme Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK KR", "DejaVu Sans"]
    # the default brand font (a regional Noto CJK family) takes the document's region
    assert fonts.pdf_families(["Noto Sans CJK SC", "Arial"], "ja", ["ja", "en"])[:3] == [
        "Noto Sans CJK JP", "Arial", "Noto Sans CJK SC"]
    # an English document of a Japanese project: Han characters (fallback text) in Japanese shapes
    assert fonts.pdf_families(["Noto Sans CJK SC"], "en", ["ja", "en"])[:3] == [
        "Noto Sans CJK JP", "DejaVu Sans", "Noto Sans CJK SC"]
    assert fonts.pdf_families(["Acme Sans"], "de", ["de", "en"]) == [
        "Acme Sans", "DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR"]
    assert fonts.pdf_families(["Acme Sans"], "zh-TW", ["zh-TW", "zh"])[:3] == [
        "Acme Sans", "Noto Sans CJK TC", "Noto Sans CJK SC"]


def test_east_asian_family_and_platform_fallbacks():
    assert fonts.east_asian_family("ja") == "Noto Sans CJK JP"
    assert fonts.east_asian_family("en", ["ko", "en"]) == "Noto Sans CJK KR"
    assert fonts.east_asian_family("de", ["de", "en"]) == "Noto Sans CJK SC"
    assert fonts.platform_fallbacks("ja") == ("Yu Gothic", "Meiryo", "Hiragino Sans")
    assert fonts.platform_fallbacks("zh") == ("Microsoft YaHei", "PingFang SC")
    assert fonts.platform_fallbacks("zh-TW") == ("Microsoft JhengHei", "PingFang TC")
    assert fonts.platform_fallbacks("ko") == ("Malgun Gothic", "Apple SD Gothic Neo")
    assert fonts.platform_fallbacks("de") == ("Arial", "Helvetica")
    assert fonts.theme_script_fonts() == {"Jpan": "Yu Gothic", "Hang": "Malgun Gothic", "Hans": "Microsoft YaHei",
                                          "Hant": "Microsoft JhengHei"}


# ---------------------------------------------------------------------------- installed fonts


def dejavu_only(tmp_path: Path) -> Path:
    """A fontconfig setup that knows only the DejaVu fonts (no CJK)."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{DEJAVU}</dir>\n"
        f"  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


@needs_fc
def test_font_problems_name_the_language_and_the_package(tmp_path, monkeypatch):
    assert fonts.font_problems(["ja", "zh-TW", "ko", "de", "en"]) == []
    monkeypatch.setenv("FONTCONFIG_FILE", str(dejavu_only(tmp_path)))
    assert fonts.font_problems(["de", "ja", "zh-TW", "ru"]) == [
        (1, "no installed font covers Japanese (ja): PDFs and decks would show empty boxes;"
            " install the Noto CJK fonts (Debian/Ubuntu: apt-get install fonts-noto-cjk)"),
        (2, "no installed font covers Chinese (Traditional, Taiwan) (zh-TW): PDFs and decks would show empty"
            " boxes; install the Noto CJK fonts (Debian/Ubuntu: apt-get install fonts-noto-cjk)"),
    ]
    assert fonts.font_problems(["th"]) == [
        (0, "no installed font covers Thai (th): PDFs and decks would show empty boxes;"
            " install the Noto fonts (Debian/Ubuntu: apt-get install fonts-noto-core)")]
    assert "Noto Sans CJK JP" not in fonts.installed_families()


def test_no_fc_list_reports_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list on it
    assert fonts.font_problems(["ja", "th", "ko"]) == []
    assert fonts.installed_families() == frozenset()


# ---------------------------------------------------------------------------- projects


def language_project(root: Path, lang: str) -> Path:
    """The scaffold with its Chinese texts keyed as ``lang`` and ``languages: [lang, en]``."""
    scaffold(root)
    for path in [*root.rglob("*.yaml"), *root.rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        changed = re.sub(r"\bzh:", f"{lang}:", text).replace("languages: [zh, en]", f"languages: [{lang}, en]")
        if changed != text:
            path.write_text(changed, encoding="utf-8")
    assert f"languages: [{lang}, en]" in (root / "content/company.yaml").read_text(encoding="utf-8")
    return root


def deck_xml(pptx: Path) -> dict[str, str]:
    with zipfile.ZipFile(pptx) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


@pytest.fixture(scope="module")
def ja_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("ja")
    root = language_project(base / "project", "ja")
    out = build(root, out=base / "out", only=["pdf", "deck"], today=TODAY).out / "downloads"
    return root, out


@needs_poppler
def test_japanese_pdfs_embed_the_japanese_noto_family(ja_build):
    _, out = ja_build
    L = labels("ja")
    for pdf in (out / "booklet.ja.pdf", out / "brochure-retail.ja.pdf", out / "whitepaper-frontline-guide.ja.pdf"):
        rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        names = [row.split()[0] for row in rows]
        assert names and all(row.split()[-5] == "yes" for row in rows), pdf.name  # emb column
        # WeasyPrint writes the family as "Noto-Sans-CJK-JP" (the font's own name is NotoSansCJKjp)
        assert any("notosanscjkjp" in name.replace("-", "").lower() for name in names), (pdf.name, names)
        assert not any("notosanscjksc" in name.replace("-", "").lower() for name in names), (pdf.name, names)
    text = subprocess.run(["pdftotext", str(out / "booklet.ja.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert L["booklet_title"] in text and "示例云" in text


def test_japanese_pdf_html_has_lang_and_font_list(ja_build):
    from generator.content.loader import load_project
    from generator.content.schema import Audience
    from generator.outputs.pdf import render as pdf_render
    from generator.views.documents import DocumentSpec

    root, _ = ja_build
    view, _ = load_project(root, today=TODAY)
    html, _, _ = pdf_render.render_html(pdf_render.pdf_environment(root), view,
                                         DocumentSpec("booklet", None, "ja", Audience.public))
    assert '<html lang="ja">' in html
    assert '--font: "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK KR",' in html


def test_japanese_deck_runs_carry_ja_jp_and_the_jp_family(ja_build):
    _, out = ja_build
    for name in ("pitch.ja.pptx", "industry-retail.ja.pptx", "competitive-legacy-suite.ja.pptx"):
        parts = deck_xml(out / name)
        slides = "".join(v for k, v in parts.items() if k.startswith("ppt/slides/slide"))
        runs = re.findall(r"<a:rPr\b[^>]*>.*?</a:rPr>", slides)
        assert runs, name
        for run in runs:
            assert 'lang="ja-JP"' in run and '<a:ea typeface="Noto Sans CJK JP"' in run, run
        everything = "".join(parts.values())
        assert "zh-CN" not in everything and "Noto Sans CJK SC" not in everything, name
        assert "<dc:language>ja-JP</dc:language>" in parts["docProps/core.xml"]
        theme = next(v for k, v in parts.items() if k.startswith("ppt/theme/") and "<a:minorFont>" in v
                     and '<a:ea typeface="Noto Sans CJK JP"/>' in v)
        assert '<a:font script="Jpan" typeface="Yu Gothic"/>' in theme
    # the English deck of the project: English runs, Han text (fallbacks) still in Japanese shapes
    english = "".join(deck_xml(out / "pitch.en.pptx").values())
    assert 'lang="en-US"' in english and '<a:ea typeface="Noto Sans CJK JP"' in english
    assert "zh-CN" not in english


@pytest.mark.needs("libreoffice")
@needs_poppler
def test_libreoffice_shows_the_japanese_deck(ja_build, tmp_path):
    _, out = ja_build
    subprocess.run([LIBREOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "pitch.ja.pptx")],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "pitch.ja.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    L = labels("ja")
    assert L["the_problem"] in text and "示例云" in text  # an interface word of the deck, and the content
    used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJKjp" in used


def test_german_deck_is_tagged_german(tmp_path):
    root = language_project(tmp_path / "project", "de")
    out = build(root, out=tmp_path / "out", only=["deck"], today=TODAY).out / "downloads"
    parts = deck_xml(out / "pitch.de.pptx")
    slides = "".join(v for k, v in parts.items() if k.startswith("ppt/slides/slide"))
    assert 'lang="de-DE"' in slides
    assert "zh-CN" not in "".join(parts.values())
    assert "<dc:language>de-DE</dc:language>" in parts["docProps/core.xml"]


# ---------------------------------------------------------------------------- check


@needs_fc
def test_check_fails_when_no_font_covers_a_language(tmp_path):
    root = language_project(tmp_path / "project", "ja")
    lines = (root / "content/company.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("languages:"))
    column = lines[line - 1].index("ja") + 1
    expected = (f"content/company.yaml:{line}:{column}: no installed font covers Japanese (ja): PDFs and decks would"
                " show empty boxes; install the Noto CJK fonts (Debian/Ubuntu: apt-get install fonts-noto-cjk)")
    env = {**os.environ, "FONTCONFIG_FILE": str(dejavu_only(tmp_path)), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "generator", "check", str(root)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert expected in (done.stdout + done.stderr).splitlines()
    built = subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--only", "deck"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert built.returncode != 0 and expected in (built.stdout + built.stderr).splitlines()
    assert not (root / "site").exists()
    # with the machine's fonts the same project has no font error
    normal = subprocess.run([sys.executable, "-m", "generator", "check", str(root)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path, timeout=120)
    assert "no installed font" not in normal.stdout + normal.stderr
    assert normal.returncode == 0, normal.stdout + normal.stderr


@needs_fc
def test_a_brand_font_not_installed_is_named_with_the_font_its_pdfs_get(tmp_path, monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", str(dejavu_only(tmp_path)))
    assert fonts.brand_font_problem(["Avenir Next"], "fr") == (
        "brand.font: 'Avenir Next' is not installed on this machine: its PDFs are set in 'DejaVu Sans' instead;"
        " install the brand font, or name an installed family after it (\"Avenir Next, DejaVu Sans\")")
    assert fonts.brand_font_problem(["Avenir Next", "DejaVu Sans"], "fr") is None  # the author's own fallback
    monkeypatch.setenv("PATH", str(tmp_path))  # without fc-list nothing can be told
    assert fonts.brand_font_problem(["Avenir Next"], "fr") is None


@needs_fc
def test_check_warns_at_the_brand_font(tmp_path):
    root = language_project(tmp_path / "project", "ja")
    company = root / "content/company.yaml"
    text = company.read_text(encoding="utf-8")
    company.write_text(text.replace("brand:\n", 'brand:\n  font: "Corporate Sans"\n', 1), encoding="utf-8")
    line = next(i for i, t in enumerate(company.read_text(encoding="utf-8").splitlines(), 1)
                if t.startswith("  font:"))
    done = subprocess.run([sys.executable, "-m", "generator", "check", str(root)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path, timeout=120)
    assert (f"content/company.yaml:{line}:9: warning: brand.font: 'Corporate Sans' is not installed on this machine:"
            " its PDFs are set in 'Noto Sans CJK JP' instead; install the brand font, or name an installed family"
            " after it (\"Corporate Sans, Noto Sans CJK JP\")") in done.stdout + done.stderr
