"""Any company, any language: Japanese–English and German–English projects built end to end,
language codes checked against CLDR, interface catalogs per language with project overrides."""

from __future__ import annotations

import functools
import html
import http.server
import re
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import build
from generator.cli import cli
from generator.content.loader import load_project
from generator.language.i18n import CATALOGS, labels, language_problem, missing_keys

from .conftest import FIXTURES, TODAY


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("languages")
    out = {}
    for name in ("ja-en", "de-en"):
        project = base / name
        shutil.copytree(FIXTURES / name, project)
        out[name] = build(project, out=base / f"{name}-site", today=TODAY).out
    return out


def _visible_text(page: Path) -> str:
    """The words a reader sees: the page without scripts, styles and tags."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _english_only_words(lang: str) -> list[str]:
    """English interface phrases that the catalog of ``lang`` words differently (two words or more,
    so shared loan words such as 'Beta' or 'PDF' are not counted)."""
    en, own = labels("en"), labels(lang)
    phrases = []
    for key, value in en.items():
        if key.startswith("authoring_") or "{" in value or own.get(key) == value:
            continue
        if len(value.split()) >= 2 and not value.startswith(("http", "Noto")):
            phrases.append(value)
    return phrases


@pytest.mark.parametrize(("name", "lang"), [("ja-en", "ja"), ("de-en", "de")])
def test_no_english_interface_word_on_a_default_language_page(sites, name, lang):
    site = sites[name]
    phrases = _english_only_words(lang)
    assert len(phrases) > 100
    # the authoring guide's field reference may stay English; its prose is checked with the rest
    pages = [p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith(("en/", "authoring/"))]
    assert len(pages) > 20
    found = {}
    for page in pages:
        text = _visible_text(page)
        hits = [p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)]
        if hits:
            found[page.relative_to(site).as_posix()] = hits
    assert found == {}


@pytest.mark.parametrize(("name", "lang", "expected"), [  # the booklet's headings and page footers (3 pages)
    ("ja-en", "ja", ["選ばれる理由", "セキュリティ・安定性・サポート", "2 / 3 ページ", "3 / 3 ページ"]),
    ("de-en", "de", ["Warum Unternehmen sich für uns entscheiden", "Sicherheit, Verfügbarkeit und Service",
                     "Seite 2 von 3", "Seite 3 von 3"]),
])
def test_documents_speak_the_language(sites, name, lang, expected):
    downloads = sites[name] / "downloads"
    phrases = _english_only_words(lang)
    pdfs = sorted(downloads.glob(f"*.{lang}.pdf"))
    assert pdfs
    for pdf in pdfs:
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        assert [p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)] == [], pdf.name
    decks = sorted(downloads.glob(f"*.{lang}.pptx"))
    assert decks
    for deck in decks:
        with zipfile.ZipFile(deck) as z:
            text = " ".join(html.unescape(t) for n in z.namelist() if n.startswith("ppt/slides/slide")
                            for t in re.findall(r"<a:t>([^<]*)</a:t>", z.read(n).decode("utf-8")))
        assert [p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)] == [], deck.name
    booklet = " ".join(subprocess.run(["pdftotext", str(downloads / f"booklet.{lang}.pdf"), "-"],
                                      capture_output=True, text=True, check=True).stdout.split())
    assert [phrase for phrase in expected if phrase not in booklet] == []


def test_dates_are_written_the_way_the_language_writes_them(sites):
    ja = _visible_text(sites["ja-en"] / "competitors" / "connectbase" / "index.html")
    assert "2026/11/01" in ja and "2026-11-01" not in ja
    de = _visible_text(sites["de-en"] / "competitors" / "nordsoft" / "index.html")
    assert "01.11.2026" in de and "2026-11-01" not in de
    assert "担当者：" in ja  # a full-width colon after a Japanese label


def test_search_uses_the_language_of_each_site(sites):
    import json

    def languages(bundle: Path) -> list[str]:
        return list(json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"])

    assert languages(sites["ja-en"] / "pagefind") == ["ja"]
    assert languages(sites["de-en"] / "pagefind") == ["de"] and languages(sites["de-en"] / "en" / "pagefind") == ["en"]
    assert (sites["de-en"] / "pagefind" / "wasm.de.pagefind").is_file()  # German stemming in the browser


def _search(browser, site: Path, query: str) -> list[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
        box = page.locator(".md-search__input")
        box.click()
        box.fill(query)
        page.keyboard.press("End")  # Material's search reacts to key events
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
        page.close()
        return hrefs
    finally:
        httpd.shutdown()


@pytest.mark.browser
def test_japanese_search_finds_a_word_inside_a_kanji_compound(sites, browser):
    hrefs = _search(browser, sites["ja-en"], "距離")  # the pages say 歩行距離
    assert any("/personas/maintenance-lead/" in h for h in hrefs), hrefs


@pytest.mark.browser
def test_german_search_finds_an_inflected_form(sites, browser):
    hrefs = _search(browser, sites["de-en"], "Technikern")  # stemmed: finds pages that say "Techniker"
    assert len(hrefs) >= 3, hrefs


# --------------------------------------------------------------------------- codes and catalogs


@pytest.mark.parametrize(("code", "message"), [
    ("jp", "unknown language code 'jp'; did you mean 'ja'? (use BCP 47 codes such as ja, de, zh-TW, pt-BR)"),
    ("cn", "unknown language code 'cn'; did you mean 'zh'? (use BCP 47 codes such as ja, de, zh-TW, pt-BR)"),
    ("zh-cn", "unknown language code 'zh-cn'; did you mean 'zh-CN'? (use BCP 47 codes such as ja, de, zh-TW, pt-BR)"),
    ("zh_TW", "unknown language code 'zh_TW'; did you mean 'zh-TW'? (use BCP 47 codes such as ja, de, zh-TW, pt-BR)"),
    ("xx", "unknown language code 'xx' (use BCP 47 codes such as ja, de, zh-TW, pt-BR)"),
])
def test_language_code_mistakes(code, message):
    assert language_problem(code) == message


@pytest.mark.parametrize("code", ["ja", "de", "zh-TW", "pt-BR", "en-GB", "zh-Hant", "ko", "fr-CA"])
def test_real_codes_pass(code):
    assert language_problem(code) is None


def test_a_wrong_code_in_company_yaml_stops_check_before_the_build(project):
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("languages: [zh, en]", "languages: [zh, jp]"),
                       encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    assert "content/company.yaml:2:17: unknown language code 'jp'; did you mean 'ja'?" \
           " (use BCP 47 codes such as ja, de, zh-TW, pt-BR)" in [str(d) for d in diags.errors]
    result = CliRunner().invoke(cli, ["build", str(project), "--today", TODAY.isoformat()])
    assert result.exit_code != 0 and not (project / "site").exists()


def test_a_wrong_text_key_suggests_the_language(tmp_path):
    from generator.content.scaffold import scaffold

    scaffold(tmp_path / "p", ["ja", "en"])
    persona = tmp_path / "p/content/personas/cfo.yaml"
    persona.write_text(persona.read_text(encoding="utf-8").replace("name:\n  ja: 財務責任者", "name:\n  jp: 財務責任者"),
                       encoding="utf-8")
    _, diags = load_project(tmp_path / "p", today=TODAY)
    assert [str(d) for d in diags.errors] == [
        "content/personas/cfo.yaml:2:3: unknown language 'jp'; did you mean 'ja'? (languages: ja, en)"
    ]


def test_a_regional_variant_takes_its_base_catalog(project, tmp_path):
    company = project / "content/company.yaml"
    text = company.read_text(encoding="utf-8").replace("languages: [zh, en]", "languages: [zh-TW, en]")
    company.write_text(text, encoding="utf-8")
    for path in project.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".md"):
            text = re.sub(r"\bzh:", "zh-TW:", path.read_text(encoding="utf-8"))
            path.write_text(re.sub(r"\blanguage: zh\b", "language: zh-TW", text), encoding="utf-8")
    for path in (project / "content/whitepapers").glob("*.zh.md"):
        path.rename(path.with_name(path.name.replace(".zh.", ".zh-TW.")))
    _, diags = load_project(project, today=TODAY)
    assert diags.errors == [] and not [d for d in diags.warnings if d.code == "labels"]
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    assert "首頁" in (site / "index.html").read_text(encoding="utf-8")  # zh-TW's own catalog, over zh's
    assert labels("zh-TW")["home"] != labels("zh")["home"]
    assert labels("zh-SG")["home"] == labels("zh")["home"]  # a region without a catalog of its own takes its base's


def test_every_shipped_catalog_is_complete():
    english = list(labels("en"))
    files = sorted(CATALOGS.glob("*.yaml"))
    assert [file.stem for file in files] == ["de", "en", "es", "fr", "it", "ja", "ko", "nl", "pt", "zh-TW", "zh"]
    for file in files:
        assert missing_keys(file.stem) == [], file.name
        assert list(labels(file.stem)) == english, file.name
        for key in english:  # no placeholder English lacks, so .format() never fails (a sentence may leave one
            # out: French addresses the customer as 'vous' where English names it)
            assert set(re.findall(r"\{(\w+)\}", labels(file.stem)[key])) <= \
                   set(re.findall(r"\{(\w+)\}", labels("en")[key])), (file.name, key)


def test_a_language_without_catalog_is_named_with_its_missing_words(project):
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("languages: [zh, en]", "languages: [zh, en, sv]"),
                       encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    [warning] = [str(d) for d in diags.warnings if d.code == "labels"]
    count = len(labels("en"))
    assert warning == (f"content/company.yaml:2:21: warning: enablekit has no interface words in Svenska (sv): its {count}"
                       " words would be in English; write them out with `enablekit labels sv --out"
                       " templates/labels/sv.yaml` and translate them there")


def test_a_translator_writes_the_catalog_out_and_check_counts_what_is_left(project):
    """`enablekit labels sv --out …` writes every key with its English text above it and an empty value;
    each value written in Swedish is one word fewer in English, and check says how many remain."""
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("languages: [zh, en]", "languages: [zh, en, sv]"),
                       encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["labels", "sv", "--out", str(project / "templates/labels/sv.yaml")])
    assert result.exit_code == 0, result.output
    written = (project / "templates/labels/sv.yaml").read_text(encoding="utf-8")
    assert "\n# en: Home  (not translated yet)\nhome: \"\"\n" in written
    assert "\n# en: Why we win  (not translated yet)\nwhy_we_win: \"\"\n" in written
    assert '\nsentence_separator: " "\n' in written  # blank in English: written as English has it, counted as done
    labels.cache_clear()
    translated = written.replace('home: ""', 'home: "Hem"').replace('why_we_win: ""', 'why_we_win: "Därför vinner vi"')
    (project / "templates/labels/sv.yaml").write_text(translated, encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    [warning] = [str(d) for d in diags.warnings if d.code == "labels"]
    count = len(labels("en")) - 3  # home, why_we_win and the sentence separator
    assert warning.startswith(f"content/company.yaml:2:21: warning: templates/labels/sv.yaml: {count} interface words"
                              " are still in English (sales_enablement, product,")
    assert labels("sv", project.resolve())["home"] == "Hem" and labels("sv", project.resolve())["product"] == "Product"
    missing = runner.invoke(cli, ["labels", "sv", "--missing", "--project", str(project)]).output
    assert "home:" not in missing and 'product: ""' in missing  # only what is left to translate
    again = runner.invoke(cli, ["labels", "sv", "--out", str(project / "templates/labels/sv.yaml")])
    assert again.exit_code == 1 and "exists: it keeps its translations" in str(again.exception)
    assert runner.invoke(cli, ["labels", "fr", "--missing"]).output.endswith(
        "# Every word has a Français translation: nothing to add.\n")


def test_a_project_overrides_and_adds_words(project, tmp_path):
    (project / "templates/labels").mkdir(parents=True)
    (project / "templates/labels/zh.yaml").write_text("landmines: 要问客户的问题\nlandmine: x\n", encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.warnings if d.code == "labels"] == [
        "templates/labels/zh.yaml:2:1: warning: unknown label 'landmine'; did you mean 'landmines'?"
    ]
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    page = _visible_text(site / "competitors" / "rival" / "index.html")
    assert "要问客户的问题" in page and "埋雷问题" not in page


def test_new_scaffolds_any_language_list_that_builds_at_once(tmp_path):
    """The starter is written in the eleven languages enablekit has words for: a Japanese project is Japanese
    from the first build; a language it lacks (Swedish) falls back to English, and check lists each text."""
    runner = CliRunner()
    result = runner.invoke(cli, ["new", str(tmp_path / "p"), "--languages", "ja,en"])
    assert result.exit_code == 0, result.output
    _, diags = load_project(tmp_path / "p", today=TODAY)
    assert diags.errors == [] and diags.warnings == []
    out = build(tmp_path / "p", out=tmp_path / "site", today=TODAY).out
    assert (out / "downloads" / "booklet.ja.pdf").is_file() and (out / "downloads" / "booklet.en.pdf").is_file()
    assert "ホーム" in (out / "index.html").read_text(encoding="utf-8")
    result = runner.invoke(cli, ["new", str(tmp_path / "s"), "--languages", "sv,en"])
    assert result.exit_code == 0, result.output
    _, diags = load_project(tmp_path / "s", today=TODAY)
    assert diags.errors == []
    assert "no 'sv' translation (falls back to 'en')" in {d.message for d in diags.warnings}
    result = runner.invoke(cli, ["new", str(tmp_path / "q"), "--languages", "jp,en"])
    assert result.exit_code != 0


def test_a_document_whose_texts_lack_a_language_is_not_made_in_it(project, tmp_path):
    """Never a mixed-language document: an English whitepaper with a Chinese body, or an English
    brochure with a plain Chinese text, is not made; check says what to translate."""
    (project / "content/whitepapers/guide.en.md").unlink()
    industry = project / "content/industries/retail.yaml"
    text = industry.read_text(encoding="utf-8")
    industry.write_text(text.replace("summary: {zh: 门店多, en: Many stores}", "summary: 门店多"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(project), "--today", TODAY.isoformat()])
    lines = [line for line in result.output.splitlines() if "to make it" in line]
    assert lines == [
        "content/industries/retail.yaml:2:10: warning: no 'en' brochure retail and industry retail: 1 text it shows"
        " lacks 'en' (industry 'retail' summary); translate it to make it",
        "content/whitepapers/guide.md:2:1: warning: no 'en' whitepaper guide: 1 text it shows lacks 'en'"
        " (whitepaper 'guide' body); translate it to make it",
    ]
    out = build(project, out=tmp_path / "site", only=["pdf", "deck"], today=TODAY).out / "downloads"
    made = sorted(p.name for p in out.iterdir() if "guide" in p.name or "retail" in p.name)
    assert made == ["brochure-retail.zh.pdf", "industry-retail-presenter.zh.pptx", "industry-retail.zh.pptx",
                    "whitepaper-guide.zh.pdf"]


def test_an_author_written_in_chinese_needs_an_english_name_for_the_english_whitepaper(project, tmp_path):
    paper = project / "content/whitepapers/guide.md"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("date: 2026-10-01\n", "date: 2026-10-01\nauthors: [Anna Lee, 许曼]\n"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(project), "--today", TODAY.isoformat()])
    assert ("content/whitepapers/guide.md:5:21: warning: no 'en' whitepaper guide: 1 text it shows lacks 'en'"
            " (whitepaper 'guide' authors.1); translate it to make it") in result.output
    paper.write_text(text.replace("date: 2026-10-01\n", "date: 2026-10-01\nauthors: [Anna Lee, {zh: 许曼, en: Xu Man}]\n"),
                     encoding="utf-8")
    out = build(project, out=tmp_path / "site", only=["pdf"], today=TODAY).out / "downloads"
    import subprocess

    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out / "whitepaper-guide.en.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Anna\u00a0Lee, Xu\u00a0Man" in cover or "Anna Lee, Xu Man" in cover
    zh = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out / "whitepaper-guide.zh.pdf"), "-"],
                        capture_output=True, text=True, check=True).stdout
    assert "Anna\u00a0Lee、许曼" in zh or "Anna Lee、许曼" in zh


def test_a_company_without_languages_never_inherits_chinese(project):
    company = project / "content/company.yaml"
    text = company.read_text(encoding="utf-8")
    assert "languages: [zh, en]\n" in text
    company.write_text(text.replace("languages: [zh, en]\n", ""), encoding="utf-8")
    loaded, _ = load_project(project, today=TODAY)
    assert loaded.languages == ["zh", "en"]  # the languages its name is written in, in that order
    name = re.search(r"(?m)^name: .*$", text).group(0)
    company.write_text(text.replace("languages: [zh, en]\n", "").replace(name, "name: Testco"), encoding="utf-8")
    loaded, _ = load_project(project, today=TODAY)
    assert loaded.languages == ["en"]  # a plain name says nothing: English, never Chinese


def test_a_blank_word_is_a_translation_where_english_is_blank_too():
    from generator.language.i18n import labels, missing_keys

    assert labels("en")["sentence_separator"] == " "
    assert labels("zh")["sentence_separator"] == ""
    assert labels("ja")["sentence_separator"] == ""
    assert "sentence_separator" not in missing_keys("ja")


def test_a_plain_text_in_another_language_than_the_default_is_flagged(project):
    """A plain string shows on every language's pages: written in English on a Chinese-first project it is a
    translation in the wrong place. Short texts (names, codes) and texts in the default language are left alone."""
    price = project / "content/objections/price.yaml"
    text = price.read_text(encoding="utf-8")
    text = text.replace("answer: {zh: 用客户的数据算账。, en: Do the sums with the customer's data.}",
                        "answer: Work out the return with the customer's own overtime figures before you talk price.")
    text = text.replace("objection: {zh: 旺季临时工太多按人头收费不划算, en: Seasonal temps make per-head pricing too costly}",
                        "objection: 旺季临时工太多，按人头收费不划算，我们算不过来这笔账。")
    text = text.replace("short: {zh: ZZINTERNALZZ 临时工按实际在岗天数计费, en: ZZINTERNALZZ temps are billed by days actually worked}",
                        "short: Roster Pro")
    price.write_text(text, encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    flagged = [str(d) for d in diags.warnings if "one text for every language" in str(d)]
    assert flagged == [
        "content/objections/price.yaml:9:11: warning: this text is in English but written as one text for every"
        " language: the 'zh' pages show it in English; write it per language (zh: …, en: …)"
    ]


def test_spanish_never_passes_for_french():
    from generator.language.detect import written_in

    spanish = "Planificación de turnos para equipos de primera línea en tiendas y restaurantes."
    assert written_in(spanish, ["fr", "en"]) is None and written_in(spanish, ["fr", "en", "es"]) == "es"
    assert written_in("Nous aidons les entreprises multisites à gérer le planning et la paie.", ["en", "fr"]) == "fr"
    assert written_in("Example Tech", ["en", "fr"]) is None  # too short to tell
    assert written_in("按客流和技能自动排班，店长每周少花半天时间。", ["zh", "zh-TW", "en"]) is None  # zh or zh-TW: cannot tell
