"""The built site driven in headless Chromium, as a sales rep would use it."""

from __future__ import annotations

import pytest

from .browsing import CHROMIUM, OVERFLOW, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.needs(CHROMIUM),
]


@pytest.fixture(scope="module")
def server(built_sites):
    httpd, url = serve(built_sites["internal"])
    yield url
    httpd.shutdown()


def test_search_a_chinese_phrase_and_open_the_objection(page, server):
    page.goto(server + "/")
    page.click("label.md-search__icon, .md-search__input")
    box = page.locator("input.md-search__input")
    box.fill("临时工按人头收费")
    box.press("End")  # Material's search listens to key events
    result = page.locator(".md-search-result__item a", has_text="旺季临时工太多按人头收费不划算").first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url("**/objections/temp-workers-cost/**")
    assert page.locator("h1").inner_text() == "旺季临时工太多按人头收费不划算"


def test_search_in_english(page, server):
    page.goto(server + "/en/")
    box = page.locator("input.md-search__input")
    page.click(".md-search__input")
    box.fill("seasonal temps")
    box.press("End")
    result = page.locator(".md-search-result__item a", has_text="Seasonal temps make per-head pricing too costly").first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url("**/en/objections/temp-workers-cost/**")
    assert page.locator("h1").inner_text() == "Seasonal temps make per-head pricing too costly"
    assert page.evaluate("document.documentElement.lang") == "en"


def test_switch_language_stays_on_the_page(page, server):
    page.goto(server + "/personas/cfo/")
    assert page.locator("h1").inner_text() == "财务负责人"
    page.hover(".md-header__option .md-select")
    page.click("a.md-select__link[hreflang=en]")
    page.wait_for_url("**/en/personas/cfo/")
    assert page.locator("h1").inner_text() == "CFO"
    assert page.evaluate("document.documentElement.lang") == "en"
    page.hover(".md-header__option .md-select")
    page.click("a.md-select__link[hreflang=zh]")
    page.wait_for_url(server + "/personas/cfo/")
    assert page.locator("h1").inner_text() == "财务负责人"


def test_filter_the_objection_library(page, server):
    page.goto(server + "/objections/")
    cards = page.locator("article.ek-objection:visible")
    count = page.locator(".ek-filter__count")
    assert cards.count() == 2 and count.inner_text() == "显示 2 / 2"
    page.select_option("select[name=category]", "timing")
    assert cards.count() == 1 and cards.first.get_attribute("id") == "too-slow-rollout"
    assert "category=timing" in page.url
    page.select_option("select[name=role]", "cfo")  # the timing objection applies to every role
    assert cards.count() == 1
    page.select_option("select[name=competitor]", "rival")
    assert cards.count() == 0
    assert page.locator(".ek-filter__empty").is_visible()
    page.click(".ek-filter button[type=reset]")
    page.wait_for_function("document.querySelectorAll('article.ek-objection:not([hidden])').length === 2")
    page.fill("input[name=q]", "临时工")
    assert cards.count() == 1 and cards.first.get_attribute("id") == "temp-workers-cost"


def test_filter_from_a_link(page, server):
    page.goto(server + "/en/objections/?industry=retail&category=price")
    cards = page.locator("article.ek-objection:visible")
    assert cards.count() == 1
    assert page.locator("select[name=industry]").input_value() == "retail"


def test_filter_survives_instant_navigation(page, server):
    page.goto(server + "/")
    page.click(".md-tabs a:has-text('异议库')")
    page.wait_for_url("**/objections/")
    page.select_option("select[name=category]", "price")
    assert page.locator("article.ek-objection:visible").count() == 1


def test_battlecard_fits_a_phone(browser, server):
    """On a phone the battlecard is as wide as the screen, nothing sticks out, and the quick answers
    (what the rival says, what we answer) are the first section, on the first screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    pg = context.new_page()
    pg.goto(server + "/competitors/rival/")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    assert pg.evaluate(OVERFLOW) == []
    assert pg.locator("article h1").inner_text() == "对手公司"
    assert [h.inner_text() for h in pg.locator("article h2").all()] == [
        "快速回击", "埋雷问题", "对手概况", "对手优势", "对手劣势", "能力对比", "异议库"]
    quick = pg.locator("article h2").first.bounding_box()
    assert quick["y"] + quick["height"] <= 844
    answer = pg.get_by_text("算上加班费再比")
    assert answer.is_visible() and answer.bounding_box()["y"] < 844
    context.close()


def test_take_a_quiz_and_keep_progress(page, server):
    page.goto(server + "/training/onboarding/")
    quiz = page.locator(".ek-quiz[data-module=basics]")
    first = quiz.locator("fieldset.ek-q").first
    first.locator("label.ek-q__choice").nth(0).click()  # the wrong answer
    feedback = first.locator(".ek-q__feedback")
    feedback.wait_for()
    assert feedback.inner_text().startswith("不太对。正确答案： 规划中，预计 2027-06")
    assert "规划中的能力不能当作已上线来卖。" in feedback.inner_text()
    assert quiz.locator(".ek-quiz__score").inner_text() == "得分：0 / 2"
    second = quiz.locator("fieldset.ek-q").nth(1)
    right = int(second.get_attribute("data-answer"))
    second.locator("label.ek-q__choice").nth(right).click()
    assert second.locator(".ek-q__feedback").inner_text().startswith("回答正确。")
    assert quiz.locator(".ek-quiz__score").inner_text() == "得分：1 / 2"
    page.check("input[data-ek-done='onboarding:basics']")
    assert page.locator("[data-ek-progress=onboarding]").inner_text() == "已完成 1 / 1 个模块"
    page.reload()
    assert quiz.locator(".ek-quiz__score").inner_text() == "得分：1 / 2"  # remembered in this browser
    assert page.is_checked("input[data-ek-done='onboarding:basics']")
    page.goto(server + "/training/")
    assert page.locator("[data-ek-progress=onboarding]").inner_text() == "已完成 1 / 1 个模块"
