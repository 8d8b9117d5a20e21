"""Site search with Pagefind: an index per language and audience, Chinese and Korean words inside
words, Latin letters next to CJK with or without a space, the example's query set ranked, and the
results in Material's own search box, their excerpts as the page writes them."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from generator import build
from generator.outputs.site.plugin import LIST_PAGES
from generator.outputs.site.search import _copy_of, index_site, indexed_pages, joined, split_words, title_only

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
    assert split_words("<h1>不安全 HR</h1>", han=True) == "<h1>不\u200b安\u200b全 HR</h1>"
    assert split_words("<p>北辰HR，安全</p>", han=True) == "<p>北\u200b辰HR，安\u200b全</p>"
    assert split_words("<p><strong>临时工</strong>按人头</p>", han=True) == (  # across an inline tag
        "<p><strong>临\u200b时\u200b工\u200b</strong>按\u200b人\u200b头</p>")


def test_korean_and_han_are_indexed_one_by_one_elsewhere_and_read_back_as_written():
    html = ('<h1>한빛병원 사례</h1><p><strong>개인정보보호법</strong>을 지킵니다. OEE看板, OEE 看板, '
            'S&amp;OP &lt;b&gt;</p><table><tr><th>월</th><th>화</th></tr></table>')
    split = split_words(html, han=False)
    assert not re.search("[\uac00-\ud7a3]", split)  # Hangul as jamo (NFD), so Pagefind chunks the index
    split = unicodedata.normalize("NFC", split)
    assert split == ('<h1>한| 빛| 병| 원 사| 례</h1><p><strong>개| 인| 정| 보| 보| 호| 법| </strong>을 지| 킵| 니| 다| . '
                     'OEE| 看| 板| , OEE 看| 板| , S&amp;OP &lt;b&gt;</p> <table> <tr> <th>월 </th> <th>화 </th> </tr> </table>')
    assert joined("한| 빛| 병| 원 사| 례") == "한빛병원 사례"
    assert joined("개| 인| 정| <mark>보|</mark> <mark>호|</mark> 법| 을 OEE| <mark>看|</mark> 板| , OEE 看| 板") == (
        "개인정<mark>보</mark><mark>호</mark>법을 OEE<mark>看</mark>板, OEE 看板")
    assert joined("a|| 가 가| | 나 끝|") == "a|가 가| 나 끝"  # a "|" of the text itself stays
    text = re.sub("<[^>]*>", " ", re.sub("</?strong>", "", split))  # as Pagefind reads it: inline tags run on
    assert " ".join(joined(text).split()) == (
        "한빛병원 사례 개인정보보호법을 지킵니다. OEE看板, OEE 看板, S&amp;OP &lt;b&gt; 월 화")
    assert split_words("<p>Les contrats de travail</p><dl><dt>Client</dt><dd>Merlin</dd></dl>", han=False) == (
        "<p>Les contrats de travail</p> <dl> <dt>Client </dt> <dd>Merlin </dd> </dl>")  # no CJK: only blocks apart


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


def test_the_copy_pagefind_read_was_made_from_the_pages_as_written(tmp_path):
    """enablekit build makes Pagefind's copy of each page in the language's process, from the HTML MkDocs
    writes: the copy is what reading the written page back gives, page for page, and nothing else."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project, ignore=shutil.ignore_patterns(".enablekit-cache", "site"))
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    for root, lang, skip in ((site, "zh", ("en",)), (site / "en", "en", ())):
        copy = project / ".enablekit-cache" / "pagefind" / "internal" / lang / "work" / "site"
        pages = {p.relative_to(root).as_posix() for p in root.rglob("*.html")
                 if p.name != "404.html" and p.relative_to(root).parts[0] not in (*skip, "pagefind")}
        assert {p.relative_to(copy).as_posix() for p in copy.rglob("*.html")} == pages
        han = lang == "zh"
        for name in pages:
            assert (copy / name).read_bytes() == _copy_of(name, (root / name).read_text(encoding="utf-8"),
                                                          LIST_PAGES, han), name


def test_the_copy_of_a_page_whose_html_did_not_change_is_kept_as_it_is(tmp_path):
    """After an edit, the copy of each page whose HTML is the one its kept copy was made from is not made
    again (the list of the copy keeps a digest of each page's HTML); the edited pages' copies are."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project, ignore=shutil.ignore_patterns(".enablekit-cache", "site"))
    build(project, out=tmp_path / "site", only=["site"], today=TODAY)
    copy = project / ".enablekit-cache" / "pagefind" / "internal" / "en" / "work" / "site"
    marked = copy / "cases/public-case/index.html"  # a page the edit does not touch
    marked.write_bytes(marked.read_bytes() + b"<!-- kept -->")
    edited = project / "content/objections/price.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("billed by days actually worked", "billed per day"),
                      encoding="utf-8")
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out / "en"
    assert marked.read_bytes().endswith(b"<!-- kept -->")
    page = "objections/temp-workers-cost/index.html"
    assert "billed per day" in (copy / page).read_text(encoding="utf-8")
    for name in (page, "personas/cfo/index.html"):
        assert (copy / name).read_bytes() == _copy_of(name, (site / name).read_text(encoding="utf-8"), LIST_PAGES, False)
    build(project, out=tmp_path / "site", only=["site"], today=TODAY, force=True)  # --force: every page copied again
    assert marked.read_bytes() == _copy_of("cases/public-case/index.html",
                                           (site / "cases/public-case/index.html").read_text(encoding="utf-8"),
                                           LIST_PAGES, False)


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
                                ("c", "其他", "安装很快，线路很长。"), ("d", "看板", "产线上的OEE 看板坏了。"),
                                ("e", "屏幕", "我们的OEE看板很简单。")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(shell.format(title=title, text=text), encoding="utf-8")
    (tmp_path / "index.html").write_text(shell.format(title="首页", text="欢迎"), encoding="utf-8")
    assert index_site(tmp_path, "zh") == 6
    httpd, url = serve(tmp_path)
    try:
        page.goto(url + "/")
        page.wait_for_function("!!window.enablekitSearch")
        assert page.evaluate("q => window.enablekitSearch(q)", "安全") == ["/a/"]
        assert page.evaluate("q => window.enablekitSearch(q)", "换线") == ["/b/"]
        assert page.evaluate("q => window.enablekitSearch(q)", "换线损失") == ["/b/"]
        for query in ("OEE看板", "OEE 看板"):  # Latin letters next to Han, with or without a space
            assert sorted(page.evaluate("q => window.enablekitSearch(q)", query)) == ["/d/", "/e/"]
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def korean(tmp_path_factory):
    """A small Korean site (tests/fixtures/search-ko), built and served."""
    site = build(FIXTURES / "search-ko", out=tmp_path_factory.mktemp("ko") / "site", only=["site"], today=TODAY).out
    httpd, url = serve(site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def french_site(tmp_path_factory) -> Path:
    """A small French site (tests/fixtures/search-fr)."""
    return build(FIXTURES / "search-fr", out=tmp_path_factory.mktemp("fr") / "site", only=["site"], today=TODAY).out


@pytest.fixture(scope="module")
def french(french_site):
    """The small French site, served."""
    httpd, url = serve(french_site)
    yield url
    httpd.shutdown()


def _results(page) -> list[list]:
    """The results in the search box: title, excerpt, highlighted words."""
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    return page.evaluate("""() => Array.from(document.querySelectorAll('.md-search-result__item')).map(li => [
        li.querySelector('h1').textContent, li.querySelector('p').textContent,
        Array.from(li.querySelectorAll('mark')).map(m => m.textContent)])""")


@browser_only
def test_a_korean_word_inside_a_compound_is_found(page, korean):
    page.goto(korean + "/")
    page.wait_for_function("!!window.enablekitSearch")
    search = lambda q: page.evaluate("q => window.enablekitSearch(q)", q)  # noqa: E731
    assert search("보호") == search("정보") == ["/objections/privacy-law/"]  # in 개인정보보호법
    assert search("병원") == ["/cases/hanbit-hospital/", "/health/"]  # 한빛병원, and the health page lists the case
    assert search("근태") == ["/", "/cases/hanbit-hospital/", "/capabilities/", "/objections/line-board/"]  # 근태관리
    _type(page, "보호")
    assert _results(page) == [["직원 출퇴근 기록을 클라우드에 두면 개인정보보호법에 걸리지 않습니까?",
                               "직원 출퇴근 기록을 클라우드에 두면 개인정보보호법에 걸리지 않습니까? 핵심 답변. 출퇴근 기록",
                               ["보", "호"]]]
    _type(page, "병원")
    assert _results(page)[0] == ["한빛병원: 간호사 교대 근무표 작성 시간 80% 단축",
                                 "한빛병원: 간호사 교대 근무표 작성 시간 80% 단축. 고객사. 한빛병원. 간호사 320명의 교대 근무표를 매",
                                 ["병", "원."]]


@browser_only
def test_latin_letters_next_to_han_match_with_or_without_a_space(page, korean):
    page.goto(korean + "/")
    page.wait_for_function("!!window.enablekitSearch")
    for query in ("OEE看板", "OEE 看板"):
        assert sorted(page.evaluate("q => window.enablekitSearch(q)", query)) == [
            "/objections/line-board/", "/objections/plant-screen/"]  # "OEE 看板이", "OEE看板을"
    _type(page, "OEE看板")
    shown = {title: (text, marks) for title, text, marks in _results(page)}
    assert shown == {  # each as it is written
        "생산 라인에는 이미 OEE 看板이 걸려 있습니다.": (
            "생산 라인에는 이미 OEE 看板이 걸려 있습니다. 핵심 답변. 라인 옆 화면은 그대로 두고, 근태 데이터",
            ["OEE", "看", "板"]),
        "공장마다 OEE看板을 따로 만들어야 합니까?": (
            "공장마다 OEE看板을 따로 만들어야 합니까? 핵심 답변. 한 화면 설정을 모든 공장에 복사합니다. 분",
            ["OEE", "看", "板"]),
    }


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
    _type(page, "préparation")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 2")
    results = _results(page)
    assert results == [
        ["Transports Merlin : les plannings de 240 chauffeurs faits en une heure",
         "transporteur lyonnais prépare chaque semaine les plannings de ses chauffeurs en une heure au "
         "lieu d'une journée. Résultats. une journée → une heure Préparation",  # a result's value, its metric
         ["prépare", "Préparation"]],  # French stems
        ["Guide de rédaction",  # its prose, not its field reference (English: "PreparedBy. field type required…")
         "sur la page du guide de vente et dans la fiche de préparation de rendez-vous des opportunités à cette "
         "étape. Ce qui a changé", ["préparation"]],
    ]
    for _, excerpt, _ in shown + results:  # no interface word of the English catalog
        assert not [label for label in english if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", excerpt)], excerpt


def test_the_english_field_reference_is_not_in_another_language_s_index(french_site):
    from generator.content.authoring import authoring_page

    meanings = {line.split("|")[4].strip() for line in authoring_page("en").splitlines() if line.startswith("| `")}
    meanings = {m for m in meanings if len(m) > 30}
    assert len(meanings) > 100
    guide = next(p for p in indexed_pages(french_site / "pagefind") if p["url"] == "/authoring/")
    assert guide["content"].startswith("Guide de rédaction. Tous les champs qu'un auteur peut renseigner")
    assert not [m for m in meanings if m in guide["content"]]
    assert re.search(r"<div [^>]*lang=\"en\"", (french_site / "authoring" / "index.html").read_text(encoding="utf-8"))


def test_the_copy_pagefind_reads_is_kept_and_brought_up_to_date(tmp_path):
    """With a cache, Pagefind's copy of the pages is kept between builds and only what changed is written:
    a changed page is indexed as it is now, a deleted one is gone, and the index equals a fresh one."""
    site, cache = tmp_path / "site", tmp_path / "cache"

    def page(path: str, title: str, body: str) -> None:
        (site / path).mkdir(parents=True, exist_ok=True)
        (site / path / "index.html").write_text(
            f'<html lang="fr"><body><article class="md-content__inner"><h1>{title}</h1><p>{body}</p></article>'
            "</body></html>", encoding="utf-8")

    page("a", "Prix", "Facturé au jour travaillé.")
    page("b/c", "Délai", "Six semaines.")
    page("d", "Sécurité", "Chiffré au repos.")
    assert index_site(site, "fr", cache=cache) == 3
    kept = cache / "work" / "site" / "d" / "index.html"
    written = kept.stat().st_mtime_ns
    page("a", "Prix", "Facturé à la semaine.")
    import shutil

    shutil.rmtree(site / "b")
    assert index_site(site, "fr", cache=cache) == 2
    assert kept.stat().st_mtime_ns == written  # an unchanged page is not written again
    assert not (cache / "work" / "site" / "b").exists()  # a deleted page's folders go with it
    assert sorted(p["content"] for p in indexed_pages(site / "pagefind")) == [
        "Prix. Facturé à la semaine.", "Sécurité. Chiffré au repos."]
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("pagefind"))
    index_site(fresh, "fr")
    assert {p.relative_to(fresh / "pagefind"): p.read_bytes() for p in (fresh / "pagefind").rglob("*") if p.is_file()} \
        == {p.relative_to(site / "pagefind"): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    (cache / "work" / "copied.json").unlink()  # a copy left incomplete: made anew
    (cache / "work" / "site" / "stray.html").write_text("<html></html>", encoding="utf-8")
    (cache / "entry.json").unlink()
    assert index_site(site, "fr", cache=cache) == 2
    assert not (cache / "work" / "site" / "stray.html").exists()



def test_a_newer_save_stops_the_index_and_the_one_in_use_stays(tmp_path):
    """Under serve the search index is made after the reload; a newer save stops it (``stop``), while the pages
    are copied or while Pagefind runs: the index in use is untouched, the copy's list names the pages there,
    and the next index is the one a fresh run makes."""
    from generator.outputs.site import search

    site, cache = tmp_path / "site", tmp_path / "cache"

    def page(path: str, title: str, body: str) -> None:
        (site / path).mkdir(parents=True, exist_ok=True)
        (site / path / "index.html").write_text(
            f'<html lang="fr"><body><article class="md-content__inner"><h1>{title}</h1><p>{body}</p></article>'
            "</body></html>",
            encoding="utf-8",
        )

    for n in range(3):
        page(f"p{n}", f"Titre {n}", f"Texte numéro {n}.")
    assert index_site(site, "fr", cache=cache) == 3
    in_use = {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    for n in range(3, 3 + search.STOP_EVERY_PAGES + 5):
        page(f"p{n}", f"Titre {n}", f"Texte numéro {n}.")
    asked: list[int] = []

    def stop_after_the_first_pages() -> bool:
        asked.append(1)
        return len(asked) > 1  # the first question (page 0) says go on; the next one, STOP_EVERY_PAGES on, stop

    with pytest.raises(search.IndexStopped):
        index_site(site, "fr", cache=cache, stop=stop_after_the_first_pages)
    assert len(asked) == 2
    assert {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()} == in_use
    listed = json.loads((cache / "work" / "copied.json").read_text(encoding="utf-8"))
    copied = sorted(
        p.relative_to(cache / "work" / "site").as_posix() for p in (cache / "work" / "site").rglob("*.html")
    )
    assert sorted(listed) == copied  # what is there: the 3 pages copied before and the first pages copied since
    assert {"p0/index.html", "p1/index.html", "p2/index.html"} <= set(copied)
    assert len(copied) == search.STOP_EVERY_PAGES < 3 + search.STOP_EVERY_PAGES + 5

    started: list[float] = []

    def stop_once_pagefind_runs() -> bool:  # asked once for the copy (every page is in it), then as Pagefind starts
        started.append(1)
        return len(started) > 1

    search_every = search.STOP_EVERY_PAGES
    search.STOP_EVERY_PAGES = 10_000
    try:
        with pytest.raises(search.IndexStopped):
            index_site(site, "fr", cache=cache, stop=stop_once_pagefind_runs)
    finally:
        search.STOP_EVERY_PAGES = search_every
    assert len(started) == 2  # once for the copy, once as Pagefind had started
    assert {p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()} == in_use
    assert not list(site.glob(".pagefind-*"))  # the index being made is gone with it

    assert index_site(site, "fr", cache=cache, stop=lambda: False) == 3 + search.STOP_EVERY_PAGES + 5
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("pagefind"))
    index_site(fresh, "fr")
    assert {
        p.relative_to(fresh / "pagefind"): p.read_bytes() for p in (fresh / "pagefind").rglob("*") if p.is_file()
    } == {p.relative_to(site / "pagefind"): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
