"""Site search with Pagefind: an index per language and audience, Chinese words inside words, the
example's query set ranked, and the results in Material's own search box."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import build
from generator.outputs.site.search import index_site, indexed_pages, split_han, title_only

from .browsing import browser_only, serve
from .conftest import FIXTURES, MARKER, ROOT, TODAY

QUERIES = yaml.safe_load((FIXTURES / "search-queries.yaml").read_text(encoding="utf-8"))


def _html_pages(site: Path, skip: tuple[str, ...] = ()) -> set[str]:
    urls = set()
    for page in site.rglob("index.html"):
        rel = page.relative_to(site).as_posix()
        if rel.split("/")[0] in skip or rel.startswith("pagefind/"):
            continue
        urls.add("/" + rel[: -len("index.html")])
    return urls


def test_han_characters_are_indexed_one_by_one():
    assert split_han("<h1>不安全 HR</h1>") == "<h1>不\u200b安\u200b全 HR</h1>"
    assert split_han("<p>北辰HR，安全</p>") == "<p>北\u200b辰HR，安\u200b全</p>"


def test_what_a_reader_does_not_see_is_not_indexed(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<html lang="fr"><body><article class="md-content__inner"><h1>Réponses</h1><p>Réversibilité des données.</p>'
        '<p class="ek-filter__empty" hidden>Aucune réponse ne correspond à ces filtres.</p></article></body></html>',
        encoding="utf-8")
    assert index_site(tmp_path, "fr") == 1
    assert [p["content"] for p in indexed_pages(tmp_path / "pagefind")] == ["Réponses. Réversibilité des données."]


def test_a_list_page_is_found_by_its_title_only():
    page = '<html lang="zh"><body><nav>x</nav><article><h1 id="a">异议库</h1><p>北辰</p></article></body></html>'
    assert title_only(page) == ('<html lang="zh"><body><article class="md-content__inner"><h1 id="a">异议库</h1>'
                                "</article></body></html>")


def test_each_language_has_its_own_index_of_its_own_pages(built_sites):
    site = built_sites["internal"]
    assert not (site / "search" / "search_index.json").exists()  # Material's whole-site index is not made
    for root, lang, skip in ((site, "zh", ("en",)), (site / "en", "en", ())):
        entry = json.loads((root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [lang]
        urls = {p["url"] for p in indexed_pages(root / "pagefind")}
        assert urls == _html_pages(root, skip)
        assert {"/", "/personas/cfo/", "/objections/temp-workers-cost/", "/competitors/rival/"} <= urls
    assert not (site / "pagefind" / "pagefind-ui.js").exists()  # Pagefind's own UI kits are not shipped


def test_public_index_holds_public_pages_only(built_sites):
    site = built_sites["public"]
    for root, skip in ((site, ("en",)), (site / "en", ())):
        pages = indexed_pages(root / "pagefind")
        assert {p["url"] for p in pages} == _html_pages(root, skip)
        assert "/cases/public-case/" in {p["url"] for p in pages}
        assert not any(p["url"].startswith(("/objections/", "/competitors/", "/cases/internal-case")) for p in pages)
        assert MARKER not in json.dumps(pages, ensure_ascii=False)


def test_material_search_stays_available(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - enablekit", "  - enablekit: {search: material}"),
                      encoding="utf-8")
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"].startswith("[\\s\\u200b")  # jieba's cuts, for lunr
    assert "\u200b临时工\u200b" in " ".join(doc["title"] + doc["text"] for doc in index["docs"])
    assert not (site / "pagefind").exists()
    assert 'data-md-component="search"' in (site / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def example(example_site):
    """The example company's site (the repository itself), served."""
    httpd, url = serve(example_site)
    yield url
    httpd.shutdown()


def _type(page, query: str) -> None:
    page.click(".md-search__input")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")


@browser_only
def test_the_query_set_finds_the_expected_page_first(page, example):
    hits, misses = 0, []
    for lang, prefix in (("zh", "/"), ("en", "/en/")):
        page.goto(example + prefix)
        page.wait_for_function("!!window.enablekitSearch")
        for item in QUERIES[lang]:
            urls = page.evaluate("q => window.enablekitSearch(q)", item["q"])
            if urls and urls[0] == prefix + item["page"]:
                hits += 1
            else:
                misses.append((item["q"], urls[:3]))
    total = len(QUERIES["zh"]) + len(QUERIES["en"])
    assert len(QUERIES["zh"]) >= 10 and len(QUERIES["en"]) >= 10
    assert hits / total >= 0.9, misses


@browser_only
def test_chinese_search_in_the_header_box_opens_the_objection(page, example):
    page.goto(example + "/")
    _type(page, "北辰HR")
    first = page.locator(".md-search-result__list > .md-search-result__item a").first
    first.wait_for(timeout=15000)
    assert first.locator("h1").inner_text() == "北辰HR"
    assert page.locator(".md-search-result__meta").inner_text() != ""
    _type(page, "临时工按人头收费")
    first = page.locator(".md-search-result__item a", has_text="按人头收费，我们旺季临时工一多就贵了").first
    first.wait_for(timeout=15000)
    first.click()
    page.wait_for_url("**/objections/seasonal-temp-workers-cost/")
    assert page.locator("h1").inner_text() == "按人头收费，我们旺季临时工一多就贵了。"
    assert not any("search_index.json" in u or "/workers/search" in u for u in page.requests)


@browser_only
def test_english_search_in_the_header_box_opens_the_objection(page, example):
    page.goto(example + "/en/objections/")
    _type(page, "single sign-on")
    first = page.locator(".md-search-result__list > .md-search-result__item a").first
    first.wait_for(timeout=15000)
    first.click()
    page.wait_for_url("**/en/objections/sso-and-audit-log/")
    assert "single sign-on" in page.locator("h1").inner_text()


@browser_only
def test_a_chinese_word_inside_a_longer_word_is_found(page, tmp_path):
    assets = ROOT / "generator" / "render" / "templates" / "site" / "assets"
    shutil.copy(assets / "enablekit.js", tmp_path)
    shutil.copy(assets / "enablekit-search.js", tmp_path)
    shell = ('<!doctype html><html lang="zh"><head><meta charset="utf-8"></head><body>'
             '<div data-ek-search="pagefind/pagefind.js" data-none="0" data-one="1" data-other="#" data-placeholder="">'
             '<form><input class="md-search__input"></form><div class="md-search-result__meta"></div>'
             '<ol class="md-search-result__list"></ol></div>'
             '<article class="md-content__inner"><h1>{title}</h1><p>{text}</p></article>'
             '<script src="/enablekit.js"></script><script src="/enablekit-search.js"></script></body></html>')
    for folder, title, text in (("a", "数据", "客户担心云上不安全。"), ("b", "产线", "每次换线损失两个小时。"),
                                ("c", "其他", "安装很快，线路很长。")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(shell.format(title=title, text=text), encoding="utf-8")
    (tmp_path / "index.html").write_text(shell.format(title="首页", text="欢迎"), encoding="utf-8")
    assert index_site(tmp_path, "zh") == 4
    httpd, url = serve(tmp_path)
    try:
        page.goto(url + "/")
        page.wait_for_function("!!window.enablekitSearch")
        assert page.evaluate("q => window.enablekitSearch(q)", "安全") == ["/a/"]
        assert page.evaluate("q => window.enablekitSearch(q)", "换线") == ["/b/"]
        assert page.evaluate("q => window.enablekitSearch(q)", "换线损失") == ["/b/"]
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    """A small French site (tests/fixtures/search-fr), built and served."""
    site = build(FIXTURES / "search-fr", out=tmp_path_factory.mktemp("fr") / "site", only=["site"], today=TODAY).out
    httpd, url = serve(site)
    yield url
    httpd.shutdown()


def _results(page) -> list[list]:
    """The results in the search box: title, excerpt, highlighted words."""
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    return page.evaluate("""() => Array.from(document.querySelectorAll('.md-search-result__item')).map(li => [
        li.querySelector('h1').textContent, li.querySelector('p').textContent,
        Array.from(li.querySelectorAll('mark')).map(m => m.textContent)])""")


@browser_only
def test_an_excerpt_keeps_its_spaces_and_the_page_language(page, french):
    labels = ROOT / "generator" / "language" / "labels"
    english, ours = (yaml.safe_load((labels / f"{lang}.yaml").read_text(encoding="utf-8")) for lang in ("en", "fr"))
    english = [text for key, text in english.items() if isinstance(text, str) and text.strip() and text != ours.get(key)]
    page.goto(french + "/")
    _type(page, "contrats")
    shown = _results(page)
    assert shown == [["Nos saisonniers changent chaque été, la saisie nous prendrait des semaines.",
                      "Nos saisonniers changent chaque été, la saisie nous prendrait des semaines. Réponse courte. "
                      "Les contrats de travail des saisonniers sont importés depuis la paie", ["contrats"]]]
    after = page.evaluate("() => document.querySelector('.md-search-result__item mark').nextSibling.textContent")
    assert after.startswith(" de travail")  # the space after the highlighted word
    _type(page, "préparation")  # the authoring guide has it too
    shown += [result for result in _results(page) if result[0].startswith("Transports Merlin")]
    assert shown[-1] == ["Transports Merlin : les plannings de 240 chauffeurs faits en une heure",
                         "transporteur lyonnais prépare chaque semaine les plannings de ses chauffeurs en une heure au "
                         "lieu d'une journée. Résultats. une journée → une heure Préparation",  # a result's value, its metric
                         ["prépare", "Préparation"]]  # French stems
    for _, excerpt, _ in shown:  # no interface word of the English catalog
        assert not [label for label in english if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", excerpt)], excerpt
