"""The example site as a rep uses it on a phone: small library pages whose filter survives paging
and the language switch, relative links, the 30-second view, tabs that fit, and accessibility."""

from __future__ import annotations

import json
import re

import pytest

from generator.content.loader import load_or_fail
from generator.outputs.site.pages import LIBRARY_PAGE, generate

from .browsing import OVERFLOW, assert_local_only, browser_only, open_page, serve
from .conftest import ROOT, TODAY


@pytest.fixture(scope="module")
def pages():
    project, _ = load_or_fail(ROOT, today=TODAY)
    return project, generate(project, "zh")


def test_generated_links_are_relative_markdown_links(pages):
    _, site = pages
    absolute = {uri: re.findall(r"\]\((/[^)]*)\)", text) for uri, text in site.pages.items()}
    assert {uri: links for uri, links in absolute.items() if links} == {}
    assert "](../objections/beichen-safe-brand.md)" in site.pages["competitors/beichen-hr.md"]
    assert "](../capabilities.md#" in site.pages["competitors/beichen-hr.md"]
    assert "](objections/index.md)" in site.pages["index.md"]


def test_the_library_is_paged_and_its_filter_reads_every_objection(pages):
    project, site = pages
    count = len(project.objections)
    assert count > LIBRARY_PAGE  # the example has two library pages
    assert "objections/p/2.md" in site.pages and "objections/p/3.md" not in site.pages
    first, second = site.pages["objections/index.md"], site.pages["objections/p/2.md"]
    assert first.count('<article class="ek-objection"') == LIBRARY_PAGE
    assert second.count('<article class="ek-objection"') == count - LIBRARY_PAGE
    assert 'data-ek-rows="library.json"' in first and 'data-ek-rows="../../library.json"' in second
    assert f"显示 {{n}} / {count}" in first
    assert '<a href="p/2/">2</a>' in first and '<a href="../../">1</a>' in second
    rows = json.loads(site.files["objections/library.json"])["rows"]
    assert len(rows) == count
    assert rows[0][:4] == ["agency-workers-in-schedule", project.t(project.objections["agency-workers-in-schedule"].objection, "zh"),
                           project.t(project.objections["agency-workers-in-schedule"].short, "zh"),
                           project.objections["agency-workers-in-schedule"].category]


def test_every_tag_has_its_own_small_page(pages):
    _, site = pages
    assert "<!-- material/tags -->" not in site.pages["tags.md"]
    assert site.tags["竞品作战卡"] == "tags/竞品作战卡.md"
    assert "- [北辰HR](../competitors/beichen-hr.md)" in site.pages["tags/竞品作战卡.md"]
    assert "[竞品作战卡](tags/竞品作战卡.md) <small>3</small>" in site.pages["tags.md"]


# --------------------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def example(example_site):
    httpd, url = serve(example_site)
    yield url
    httpd.shutdown()


@browser_only
def test_the_library_filter_survives_paging_and_the_language_switch(browser, example, pages):
    project, _ = pages
    ids = sorted(project.objections)
    expected = [i for i in ids if not project.objections[i].roles or "store-manager" in project.objections[i].roles]
    assert [i for i in expected if ids.index(i) < LIBRARY_PAGE] and [i for i in expected if ids.index(i) >= LIBRARY_PAGE]
    context, page = open_page(browser, 1280, 900)
    page.goto(example + "/objections/p/2/")
    cards = page.locator("article.ek-objection:visible")
    assert cards.count() > 0 and not any("library.json" in u for u in page.requests)  # read only to filter
    page.select_option("select[name=role]", "store-manager")
    page.wait_for_function("document.querySelector('.ek-objections--filtered') !== null")
    assert page.locator(".ek-filter__count").inner_text() == f"显示 {len(expected)} / {len(ids)}"
    assert [c.get_attribute("id") for c in cards.all()] == expected[:LIBRARY_PAGE]  # from both library pages
    assert "role=store-manager" in page.url
    page.fill("input[name=q]", "店长")
    page.wait_for_timeout(200)
    assert "q=%E5%BA%97%E9%95%BF" in page.url or "q=店长" in page.url
    for card in cards.all():
        assert "店长" in card.inner_text()
    page.hover(".md-header__option .md-select")
    page.click("a.md-select__link[hreflang=en]")
    page.wait_for_url("**/en/objections/p/2/?**")
    assert "role=store-manager" in page.url and "q=" in page.url
    assert page.locator("select[name=role]").input_value() == "store-manager"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert_local_only(page)
    context.close()


def _font(page, selector: str) -> float:
    return page.evaluate(f"parseFloat(getComputedStyle(document.querySelector({selector!r})).fontSize)")


@browser_only
def test_a_battlecard_answers_on_the_first_phone_screen(browser, example):
    context, page = open_page(browser, 390, 844)
    page.goto(example + "/competitors/beichen-hr/")
    talks = page.locator(".ek-talk")
    assert talks.count() >= 3
    first = talks.first.bounding_box()
    assert first["y"] + first["height"] < 844  # a whole talk track on the first screen
    assert "我们答" in talks.first.inner_text()
    body = _font(page, "article.md-content__inner > p:not([class])")
    assert _font(page, ".ek-talk") >= body
    order = page.evaluate("""() => ['.ek-talk', '#埋雷问题', '#我们为什么赢', '.ek-meta', '.md-tags']
        .map(s => document.querySelector(s)).map(el => el ? el.getBoundingClientRect().top + scrollY : null)""")
    assert None not in order and order == sorted(order), order  # talk tracks, landmines, why we win, then the rest
    assert page.locator(".md-tags").is_hidden()  # folded
    assert page.locator("details.ek-tags summary").inner_text() == "标签 (6)"
    assert "大客户（KA）" in page.locator("details.ek-tags").text_content()  # a tier's id shown by its name
    assert page.evaluate(OVERFLOW) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_local_only(page)
    context.close()


@browser_only
def test_an_objection_shows_its_talk_track_first_at_body_size(browser, example):
    context, page = open_page(browser, 390, 844)
    page.goto(example + "/objections/beichen-already-installed/")  # a long objection
    title = page.locator("article h1")
    assert title.evaluate("h => h.scrollHeight <= h.clientHeight + 1 && getComputedStyle(h).overflow === 'visible'")
    assert title.inner_text().endswith("？")  # the buyer's words whole, never cut with an ellipsis
    talk = page.locator(".ek-talk--lead").bounding_box()
    assert talk["y"] + talk["height"] < 844
    assert _font(page, ".ek-talk--lead") >= _font(page, "article.md-content__inner li, article.md-content__inner p:not([class])")
    assert page.evaluate(OVERFLOW) == []
    context.close()


@browser_only
def test_every_tab_is_visible_at_1366(browser, example):
    context, page = open_page(browser, 1366, 800)
    for path in ("/", "/en/"):
        page.goto(example + path)
        tabs = page.evaluate("""() => Array.from(document.querySelectorAll('.md-tabs__item')).map(li => {
            const r = li.getBoundingClientRect(), list = li.closest('.md-tabs').getBoundingClientRect();
            return [li.innerText.trim(), r.right <= list.right + 1 && r.top < list.top + 10]; })""")
        assert len(tabs) >= 12 and all(ok for _, ok in tabs), tabs
    context.close()


def _contrast(page, selector: str) -> float:
    return page.evaluate("""sel => {
      const el = document.querySelector(sel);
      const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      let bg = null;
      for (let p = el; p && !bg; p = p.parentElement) {
        const c = getComputedStyle(p).backgroundColor;
        if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') bg = rgb(c);
      }
      const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; };
                                   return .2126 * f(r) + .7152 * f(g) + .0722 * f(b); };
      const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg || [255, 255, 255]);
      return (Math.max(a, b) + .05) / (Math.min(a, b) + .05);
    }""", selector)


@browser_only
def test_the_right_answer_is_readable_in_dark_mode(browser, example):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(example + "/training/new-hire-30-days/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    question = page.locator(".ek-q").first
    question.locator("input[type=radio]").first.check()
    page.locator(".ek-q__choice--right").first.wait_for()
    assert _contrast(page, ".ek-q__choice--right") >= 4.5
    assert _contrast(page, ".ek-q__feedback") >= 4.5
    context.close()


@browser_only
def test_the_downloads_table_fits_a_phone(browser, built_sites):
    httpd, url = serve(built_sites["internal"])
    try:
        context, page = open_page(browser, 390, 844)
        page.goto(f"{url}/collateral/")
        assert page.locator("a.ek-download").count() >= 2
        wraps = page.evaluate("""() => Array.from(document.querySelectorAll('.md-typeset__table, .md-typeset__scrollwrap'))
            .map(el => el.scrollWidth - el.clientWidth)""")
        assert wraps and max(wraps) <= 1, wraps  # nothing clipped or scrolled away
        assert page.evaluate(OVERFLOW) == []
        # each document a block of its own: its name over the whole width, its files under it (three
        # columns on a phone broke names and headers a few letters a line: 'Bibliothè / que')
        rows = page.evaluate("""() => Array.from(document.querySelectorAll('tr:has(.ek-download)')).map(tr => {
            const cells = Array.from(tr.children).map(td => td.getBoundingClientRect());
            return [cells[0].width / tr.getBoundingClientRect().width, cells[0].bottom <= cells[cells.length - 1].top + 1]; })""")
        assert rows and all(share > 0.9 and stacked for share, stacked in rows), rows
        assert page.locator("thead:has(+ tbody .ek-download)").first.is_hidden()
        context.close()
    finally:
        httpd.shutdown()


AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"  # installed by .ci/setup (npm)


@browser_only
@pytest.mark.needs(str(AXE))
@pytest.mark.parametrize("path", ["/", "/competitors/beichen-hr/", "/objections/beichen-already-installed/",
                                  "/objections/", "/training/new-hire-30-days/", "/en/objections/"])
def test_no_serious_accessibility_violation(browser, example, path):
    context, page = open_page(browser, 1280, 900)
    page.goto(example + path)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => [v.id, v.impact, v.nodes.length, v.nodes[0].target.join(' '), v.help])""")
    assert violations == []
    assert_local_only(page)
    context.close()
