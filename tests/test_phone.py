"""The example site as a rep uses it on a phone: small library pages whose filter survives paging
and the language switch, relative links, the 30-second view, tabs that fit, and accessibility."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator.loader import load_or_fail
from generator.site.pages import LIBRARY_PAGE, generate

from .conftest import ROOT, TODAY

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def browser_only(test):
    test = pytest.mark.browser(test)
    return pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is installed by .ci/setup")(test)


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


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def example(example_site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(example_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _context(browser, width: int, height: int = 844):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    return context, page


def _local_only(page) -> None:
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert hosts <= {"127.0.0.1"}, f"requests to other hosts: {hosts}"


@browser_only
def test_the_library_filter_survives_paging_and_the_language_switch(browser, example, pages):
    project, _ = pages
    ids = sorted(project.objections)
    expected = [i for i in ids if not project.objections[i].roles or "store-manager" in project.objections[i].roles]
    assert [i for i in expected if ids.index(i) < LIBRARY_PAGE] and [i for i in expected if ids.index(i) >= LIBRARY_PAGE]
    context, page = _context(browser, 1280, 900)
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
    _local_only(page)
    context.close()
