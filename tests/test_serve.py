"""`enablekit serve` in a browser: every save shows after the automatic reload, a content error is
shown on the page (and printed) without stopping the server, and fixing it removes it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import FIXTURES, ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.needs(CHROMIUM),
]

PERSONA = """\
name: {{zh: {zh}, en: {en}}}
titles: [CFO]
role_in_decision: {role}
cares_about:
  - {{zh: 人力成本, en: Labour cost}}
owner: b@test.example
reviewed: 2026-11-01
"""


class Served:
    def __init__(self, project: Path, url: str, process: subprocess.Popen, log: Path) -> None:
        self.project, self.url, self.process, self.log = project, url, process, log

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def write_persona(self, *, zh: str, en: str, role: str = "influences") -> None:
        path = self.project / "content" / "personas" / "cfo.yaml"
        path.write_text(PERSONA.format(zh=zh, en=en, role=role), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    config = project / "mkdocs.yml"  # fixed "today": the fixture's review dates stay valid
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - enablekit\n", "  - enablekit:\n      today: '2026-11-22'\n"), encoding="utf-8")
    port = _free_port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", COLUMNS="200")
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(project), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    served = Served(project, f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 40
        while "Serving on" not in served.output():
            assert process.poll() is None, f"enablekit serve exited:\n{served.output()}"
            assert time.monotonic() < deadline, f"enablekit serve did not start:\n{served.output()}"
            time.sleep(0.2)
        yield served
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            pg = context.new_page()
            requests: list[str] = []
            pg.on("request", lambda r: requests.append(r.url))
            yield pg
            hosts = {urlparse(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
            assert hosts <= {"127.0.0.1"}, f"requests to other hosts: {hosts}"
        finally:
            browser.close()


def test_every_save_shows_and_errors_show_on_the_page(served: Served, page) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    page.goto(served.url + "/en/personas/cfo/")  # a language other than the default one
    title = page.locator("article h1")
    expect(title).to_have_text("CFO", timeout=20_000)

    # three saves in a row: each one appears after the automatic reload (no manual reload here)
    for zh, en in (("财务一", "Finance chief"), ("财务二", "Money keeper"), ("财务三", "Budget owner")):
        served.write_persona(zh=zh, en=en)
        expect(title).to_have_text(en, timeout=20_000)
    assert "财务三" in page.request.get(served.url + "/personas/cfo/").text()  # the default language too

    # a content error: printed, shown above the last good content, the server goes on
    served.write_persona(zh="财务三", en="Budget owner", role="sometimes")
    banner = page.locator("#ek-serve-errors")
    expect(banner).to_contain_text("content/personas/cfo.yaml:3:19: role_in_decision: 'sometimes' is not one of",
                                   timeout=20_000)
    expect(title).to_have_text("Budget owner")
    home = page.request.get(served.url + "/")
    assert home.ok and 'id="ek-serve-errors"' in home.text()
    assert served.process.poll() is None

    # fixed: the banner goes away with the next rebuild, the edit shows
    served.write_persona(zh="财务四", en="Head of finance")
    expect(title).to_have_text("Head of finance", timeout=20_000)
    expect(banner).to_have_count(0)

    output = served.output()
    assert f"Serving on {served.url}/" in output
    assert re.search(r"rebuilt in \d+\.\d s after content/personas/cfo\.yaml changed", output), output
    assert "content/personas/cfo.yaml:3:19: role_in_decision: 'sometimes' is not one of" in output
    assert "Traceback" not in output


def test_an_english_only_save_rebuilds_english_and_keeps_chinese(served: Served, page) -> None:  # noqa: ANN001
    """A save that changes only English text builds only the English pages: the Chinese ones (the
    default language, at /) are kept as they were, and the English page shows the edit."""
    from playwright.sync_api import expect

    page.goto(served.url + "/en/objections/temp-workers-cost/")
    article = page.locator("article")
    expect(article).to_contain_text("Do the sums with the customer's data.", timeout=20_000)
    home = page.request.get(served.url + "/objections/temp-workers-cost/")
    assert home.ok and "用客户的数据算账。" in home.text()
    entry = page.request.get(served.url + "/en/pagefind/pagefind-entry.json").json()

    objections = served.project / "content" / "objections" / "price.yaml"
    text = objections.read_text(encoding="utf-8")
    edited = text.replace("Do the sums with the customer's data.", "Work it out from their own rota.")
    objections.write_text(edited, encoding="utf-8")
    expect(article).to_contain_text("Work it out from their own rota.", timeout=20_000)

    def without_reload(html: str) -> str:  # the server's reload script names the build it was served after
        return re.sub(r"livereload\(\d+, \d+\)", "livereload()", html)

    again = page.request.get(served.url + "/objections/temp-workers-cost/").text()
    assert without_reload(again) == without_reload(home.text())
    # the English search index is made again after the reload (not before it): it changes soon after
    deadline = time.monotonic() + 20
    while True:
        now = page.request.get(served.url + "/en/pagefind/pagefind-entry.json")
        if now.ok and now.json() != entry:
            break
        assert time.monotonic() < deadline, "the English search index was not made again"
        time.sleep(0.2)
    output = served.output()
    first = (r"rebuilt in \d+\.\d s after content/objections/price\.yaml changed: 1 page in view \(en\) first, the"
             r" rest after the reload\n")
    assert re.search(first, output), output
    assert re.search(r"the rest built in \d+\.\d s \(en; zh kept\)\n", output), output
    assert "Traceback" not in output


def test_the_page_in_view_comes_first_and_the_others_follow_as_a_whole_build_makes_them(served: Served, page) -> None:  # noqa: ANN001
    """A persona's name is in the navigation of every page: after a save, the page in view is laid out
    before the reload and the other pages of its language after it. A page asked for meanwhile waits
    for them (never an old one); once made, every page is what a whole build of the language makes."""
    from playwright.sync_api import expect

    def without_reload(html: str) -> str:  # the server's reload script names the build it was served after
        return re.sub(r"livereload\(\d+, \d+\)", "livereload()", html)

    others = ["/en/", "/en/objections/temp-workers-cost/", "/en/tags/", "/en/personas/", "/en/health/"]
    page.goto(served.url + "/en/personas/cfo/")
    title = page.locator("article h1")
    expect(title).to_have_text("CFO", timeout=20_000)
    served.write_persona(zh="财务负责人", en="Finance chief")
    expect(title).to_have_text("Finance chief", timeout=20_000)
    made = {path: without_reload(page.request.get(served.url + path).text()) for path in others}
    for path, html in made.items():  # asked for at once: each shows the new name in its navigation
        assert "Finance chief" in html, path
    output = served.output()
    assert re.search(r"rebuilt in \d+\.\d s after content/personas/cfo\.yaml changed: 1 page in view \(en\) first, "
                     r"the rest after the reload\n", output), output
    assert re.search(r"the rest built in \d+\.\d s \((zh, )?en(; zh kept)?\)\n", output), output

    # a save while the other pages of the last one are being made: those are left, the newer save's made
    served.write_persona(zh="财务负责人", en="Money keeper")
    expect(title).to_have_text("Money keeper", timeout=20_000)
    served.write_persona(zh="财务负责人", en="Finance chief")
    expect(title).to_have_text("Finance chief", timeout=20_000)
    for path in others:
        html = page.request.get(served.url + path).text()
        assert "Finance chief" in html and "Money keeper" not in html, path

    # a whole build of the same content: a broken save, then the same content again (built whole)
    banner = page.locator("#ek-serve-errors")
    served.write_persona(zh="财务负责人", en="Finance chief", role="sometimes")
    expect(banner).to_have_count(1, timeout=20_000)
    served.write_persona(zh="财务负责人", en="Finance chief")
    expect(banner).to_have_count(0, timeout=20_000)
    for path in [*others, "/en/personas/cfo/"]:
        whole = without_reload(page.request.get(served.url + path).text())
        assert whole == made.get(path, whole), path
    assert "Page skipped" not in served.output() and "dirty" not in served.output()
    assert "Traceback" not in served.output()
