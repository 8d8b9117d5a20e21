"""The hostile corpus (tests/fixtures/hostile): content that tries to run script, to load from
another host and to push internal material into public and partner artifacts. It is built for
both audiences on every run and checked by real clients: Chromium, poppler and python-pptx.

Every payload lives in the fixture; ZZLEAKZZ marks what only the sales team may see, and OUTSIDE
becomes the address of a local server that plays "another host" and must never be contacted.
"""

from __future__ import annotations

import gzip
import http.server
import re
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest

from generator import build
from generator.outputs.site.search import indexed_pages

from .browsing import serve
from .conftest import FIXTURES, TODAY

CANARY = "ZZLEAKZZ"
# what a built output may hold: pages, styles, scripts, data for search (Pagefind's index chunks and
# wasm), images, documents
ALLOWED_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".gz", ".svg", ".png", ".jpg", ".jpeg", ".gif",
                    ".webp", ".ico", ".pdf", ".pptx", ".xlsx", ".map", ".woff", ".woff2", ".ttf",
                    ".pf_meta", ".pf_index", ".pf_fragment", ".pagefind", ".txt", ".md"}
# .txt and .md: llms.txt, llms-full.txt and the pages' Markdown twins, read for the canary like the pages
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".md"}


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def _serve(handler) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="module")
def outside():
    """A server on another port: another origin, i.e. 'another host' for the browser."""
    _Recorder.seen = []
    httpd, address = _serve(_Recorder)
    yield address
    httpd.shutdown()


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory, outside) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("hostile")
    project = base / "project"
    shutil.copytree(FIXTURES / "hostile", project)
    for path in project.rglob("*"):
        if path.is_file() and path.suffix in (".yaml", ".md", ".svg", ".yml"):
            text = path.read_text(encoding="utf-8")
            if "OUTSIDE" in text:
                path.write_text(text.replace("OUTSIDE", outside), encoding="utf-8")
    out = {"project": project}
    for audience in ("public", "partner", "internal"):
        out[audience] = build(project, out=base / audience, audience=audience, today=TODAY).out
    return out


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _texts(path: Path) -> list[tuple[str, str]]:
    """(part name, text) of one artifact as a reader's software would get it."""
    if path.suffix in TEXT_SUFFIXES:
        return [(path.name, path.read_text(encoding="utf-8", errors="replace"))]
    if path.suffix == ".pdf":
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        return [(path.name, text), (path.name + " (bytes)", path.read_bytes().decode("latin-1"))]
    if path.suffix in (".pf_fragment", ".pf_index", ".pf_meta"):  # Pagefind's chunks are gzip-compressed
        text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        return [(path.name, text), (path.name + " (text)", text.replace("\u200b", ""))]
    if path.suffix in (".pptx", ".xlsx"):
        with zipfile.ZipFile(path) as z:
            return [(f"{path.name}:{n}", z.read(n).decode("utf-8", errors="replace")) for n in z.namelist()]
    return [(path.name, path.read_bytes().decode("latin-1"))]


# --------------------------------------------------------------------------- leaks


def test_the_canary_is_really_there_for_the_sales_team(hostile_builds):
    """Positive control: the internal build holds the internal material the other builds must not."""
    internal = hostile_builds["internal"]
    assert (internal / "assets" / "secret-chart.png").is_file()
    assert (internal / "internal-notes" / "index.html").is_file()
    hits = [name for f in _files(internal) for name, text in _texts(f) if CANARY in text]
    assert any("competitors" in str(h) or h.endswith("index.html") for h in hits)
    assert any(h.startswith("battlecard-rival.") for h in hits)


@pytest.mark.parametrize("audience", ["public", "partner"])
def test_no_artifact_holds_internal_material(hostile_builds, audience):
    files = _files(hostile_builds[audience])
    # every kind of artifact is read: pages, documents, decks, search chunks, pictures
    assert {".html", ".pdf", ".pptx", ".pf_fragment", ".svg", ".txt", ".md"} <= {f.suffix for f in files}
    leaks = [f"{f.relative_to(hostile_builds[audience])} ({name})"
             for f in files for name, text in _texts(f) if CANARY in text]
    assert leaks == []


@pytest.mark.parametrize("audience", ["public", "partner"])
def test_only_referenced_images_leave_the_project(hostile_builds, audience):
    site = hostile_builds[audience]
    files = _files(site)
    assert [f for f in files if f.suffix.lower() not in ALLOWED_SUFFIXES] == []
    names = {f.name for f in files}
    # the internal case's and the battlecard's image, the internal docs page's image and the YAML in docs/
    assert {"secret-chart.png", "only-internal.png", "leak.yaml", "pipeline.yaml"}.isdisjoint(names)
    assert not (site / "internal-notes").exists()
    assert (site / "img" / "public.png").is_file()  # shown by a public docs page
    assert (site / "assets" / "public-chart.svg").is_file()  # shown by the public whitepaper
    assert list((site / "assets" / "stylesheets").glob("main.*.css"))  # the theme's own files stay
    assert list((site / "assets" / "javascripts").glob("bundle.*.js"))


@pytest.mark.parametrize("audience", ["public", "partner"])
def test_pdfs_carry_no_attachments(hostile_builds, audience):
    pdfs = sorted((hostile_builds[audience] / "downloads").glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        listing = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True)
        assert listing.stdout.strip() == "0 embedded files", pdf.name


def test_owners_and_hidden_ids_stay_out_of_public_pages(hostile_builds):
    site = hostile_builds["public"]
    industry = (site / "industries" / "utilities" / "index.html").read_text(encoding="utf-8")
    assert "zzsecretcase" not in industry.lower()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "ZZPUBLICOKZZ" in home  # a metric sentence as proof stays
    assert "zzsecretcase" not in home.lower()
    addresses = {m for f in _files(site) if f.suffix == ".html"
                 for m in re.findall(r"[\w.+-]+@nordlicht\.example", f.read_text(encoding="utf-8"))}
    assert addresses == {"sales@nordlicht.example"}  # the contact address, never an owner's


# --------------------------------------------------------------------------- script and requests


def test_published_svgs_are_sanitised(hostile_builds):
    for audience in ("public", "partner"):
        svgs = [f for f in _files(hostile_builds[audience]) if f.suffix == ".svg"]
        assert {f.name for f in svgs} >= {"logo.svg", "public-chart.svg"}
        for svg in svgs:
            text = svg.read_text(encoding="utf-8")
            assert re.search(r"<script|foreignObject|\son\w+\s*=|javascript:|file:|https?://(?!www\.w3\.org)",
                             text, re.I) is None, (svg, text)


def test_search_index_holds_text_only(hostile_builds):
    for audience in ("public", "partner"):
        pages = indexed_pages(hostile_builds[audience] / "pagefind")
        ciso = next(p for p in pages if p["url"] == "/personas/ciso/")
        assert ciso["meta"]["title"] == "CISO<img src=x onerror=alert('persona')>"  # the text as written


@pytest.mark.browser
def test_search_results_show_hostile_text_as_text(hostile_builds, browser):
    site = hostile_builds["public"]
    httpd, address = serve(site)
    try:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{address}/", wait_until="load")
        page.click(".md-search__input")
        page.fill(".md-search__input", "CISO")
        page.keyboard.press("End")
        result = page.locator(".md-search-result__item h1", has_text="CISO").first
        result.wait_for(timeout=15000)
        assert result.inner_text() == "CISO<img src=x onerror=alert('persona')>"
        assert page.locator(".md-search-result img, .md-search-result script, .md-search-result svg").count() == 0
        page.wait_for_timeout(300)
        page.close()
        assert dialogs == []
    finally:
        httpd.shutdown()


def test_decks_have_no_script_and_no_external_links(hostile_builds, outside):
    """Slides show hostile text as text; no relationship points outside the file."""
    decks = sorted((hostile_builds["public"] / "downloads").glob("*.pptx"))
    assert decks
    for deck in decks:
        with zipfile.ZipFile(deck) as z:
            for name in z.namelist():
                text = z.read(name).decode("utf-8", errors="replace")
                assert "<script" not in text.lower(), (deck.name, name)  # text is escaped XML: &lt;script
                if name.endswith(".rels"):  # nothing a viewer would fetch or open
                    assert 'TargetMode="External"' not in text, (deck.name, name)
                    assert outside not in text and "javascript:" not in text.lower(), (deck.name, name)


COMPANY = {"en": 'Nordlicht <b>Security</b> & "Co"', "de": "Nordlicht </title><script>alert('company-de')</script>"}
COVER_ALT = {"en": "Control room \"at night\" <script>alert('cover-alt')</script>",
             "de": "Leitstand </title><img src=x onerror=alert('cover-alt-de')>"}
# what a tagged PDF's structure tree may hold: the standard structure types WeasyPrint writes
STRUCTURE_TYPES = {"/Document", "/Sect", "/Part", "/Art", "/Div", "/Span", "/P", "/H1", "/H2", "/H3", "/H4", "/H5",
                   "/H6", "/L", "/LI", "/Lbl", "/LBody", "/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD",
                   "/Figure", "/Caption", "/Link", "/BlockQuote", "/NonStruct", "/Form"}


def test_alt_text_holds_hostile_names_as_written_and_inert(hostile_builds):
    """The company's name (the logo's alt text) and brand.cover_alt reach the PDFs' figures and the decks'
    pictures exactly as written; they are text: no element, no action, nothing shown on the page."""
    import pikepdf
    from lxml import etree

    from .test_accessibility import deck_pictures, elements

    downloads = hostile_builds["public"] / "downloads"
    for lang in ("en", "de"):
        for name in (f"booklet.{lang}.pdf", f"whitepaper-guide.{lang}.pdf"):
            with pikepdf.open(downloads / name) as pdf:
                tree = elements(pdf)
                assert [alt for kind, alt in tree if kind == "/Figure"][:2] == [COMPANY[lang], COVER_ALT[lang]], name
                assert {kind for kind, _ in tree} <= STRUCTURE_TYPES, name
                keys = {str(k) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) for k in obj.keys()}
                assert keys.isdisjoint({"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch"}), name
            shown = subprocess.run(["pdftotext", str(downloads / name), "-"], capture_output=True, text=True,
                                   check=True).stdout
            assert "cover-alt" not in shown, name  # alternative text is read out, never drawn
            if name.startswith("whitepaper"):  # the authors on the cover, in the document's language, as text
                author = {"en": "<b>Mallory</b> Doe", "de": "<i>Mallory</i> Doe"}[lang]
                assert f"Eve <script>alert('author')</script>, {author}" in " ".join(shown.split()), name
        found = deck_pictures(downloads / f"pitch.{lang}.pptx")
        assert found == {"ppt/slideLayouts/slideLayout1.xml": [("Logo", COMPANY[lang])],
                         "ppt/slideMasters/slideMaster1.xml": [("Logo", COMPANY[lang])],
                         "ppt/slides/slide1.xml": [("Cover picture", COVER_ALT[lang])]}
    with zipfile.ZipFile(downloads / "pitch.en.pptx") as z:
        master = z.read("ppt/slideMasters/slideMaster1.xml").decode("utf-8")
        slide = z.read("ppt/slides/slide1.xml").decode("utf-8")
    # escaped by the XML library, quotes too: the attribute ends where it should and holds no element
    assert 'descr="Nordlicht &lt;b&gt;Security&lt;/b&gt; &amp; &quot;Co&quot;"' in master
    assert 'descr="Control room &quot;at night&quot; &lt;script&gt;alert(\'cover-alt\')&lt;/script&gt;"' in slide
    assert etree.fromstring(slide.encode()).xpath("//*[local-name()='script']") == []


_DOM_PROBLEMS = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(el.tagName + ' ' + a.name);
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (!['http:', 'https:', 'mailto:', 'tel:'].includes(a.protocol)) bad.push('href ' + a.getAttribute('href'));
  }
  for (const el of document.querySelectorAll('[src]')) {
    if (new URL(el.src, location.href).origin !== location.origin) bad.push('src ' + el.getAttribute('src'));
  }
  return bad;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("audience", ["public", "partner"])
def test_chromium_runs_nothing_and_contacts_no_other_host(hostile_builds, browser, outside, audience):
    site = hostile_builds[audience]
    httpd, address = serve(site)
    try:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        foreign: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: None if r.url.startswith(f"{address}/") else foreign.append(r.url))
        pages = [f for f in _files(site) if f.suffix in (".html", ".svg")]
        assert len(pages) > 20
        problems = {}
        for file in pages:
            url = f"{address}/{file.relative_to(site).as_posix()}"
            page.goto(url, wait_until="load")
            if file.suffix == ".html":
                page.mouse.move(5, 5)
                page.keyboard.press("Tab")
                found = page.evaluate(_DOM_PROBLEMS)
                if found:
                    problems[file.relative_to(site).as_posix()] = found
        page.wait_for_timeout(300)
        context.close()
    finally:
        httpd.shutdown()
    assert dialogs == []
    assert problems == {}
    assert foreign == []
    assert _Recorder.seen == []


@pytest.mark.browser
def test_hostile_text_is_shown_exactly_as_written(hostile_builds, browser):
    site = hostile_builds["public"]
    httpd, address = serve(site)
    try:
        page = browser.new_page()
        page.goto(f"{address}/whitepapers/guide/", wait_until="load")
        assert page.title().startswith("Guide</title><script>alert('wp-title')</script>")
        byline = page.locator(".ek-byline").inner_text()
        assert byline.startswith("Authors: Eve <script>alert('author')</script>, <b>Mallory</b> Doe"), byline
        page.goto(f"{address}/personas/ciso/", wait_until="load")
        assert page.locator("article h1").inner_text() == "CISO<img src=x onerror=alert('persona')>"
        page.goto(f"{address}/tags/", wait_until="load")
        assert "<svg onload=alert('tag')>" in page.locator("article").inner_text()
        page.close()
    finally:
        httpd.shutdown()


def test_the_answer_library_download_holds_text_not_formulas(hostile_builds):
    """Answers reach customers' spreadsheets: a value starting with '=' stays text, markup stays text."""
    import openpyxl

    for audience in ("public", "internal"):
        path = hostile_builds[audience] / "downloads" / "answers.en.xlsx"
        ws = openpyxl.load_workbook(path).active
        ids = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
        assert ids == ["script-in-answer"]  # the internal answer never, even in an internal build
        answer = ws.cell(2, 5)
        assert answer.data_type == "s" and answer.value.startswith('=HYPERLINK(')
        assert "javascript" not in answer.value and "<script>" not in answer.value
        assert ws.cell(2, 3).value == "Is it safe? <script>alert('answer-q')</script>"
    trust = (hostile_builds["public"] / "trust" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in trust and "Is it safe? &lt;script&gt;alert('answer-q')&lt;/script&gt;" in trust
    assert "javascript:" not in trust.lower()
    internal = (hostile_builds["internal"] / "answers" / "index.html").read_text(encoding="utf-8")
    assert "ZZLEAKZZ internal answer" in internal and "<img src=x" not in internal
    assert not (hostile_builds["public"] / "answers").exists()


def test_the_customers_proposal_holds_no_team_notes_and_shows_text_as_written(hostile_builds):
    """Proposals are made in internal builds, from public content plus what the deal releases:
    stakeholders, notes and next steps (all canaries here) never reach them; hostile text is text."""
    downloads = hostile_builds["internal"] / "downloads"
    pdf, deck = downloads / "proposal-pipeline.en.pdf", downloads / "proposal-pipeline.en.pptx"
    assert pdf.is_file() and deck.is_file()
    texts = _texts(pdf) + _texts(deck)
    assert [name for name, text in texts if CANARY in text] == []
    shown = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout.split())
    assert "Go-live <svg onload=alert('ms')>" in shown and "Discovery <script>alert('need')</script>" in shown
    assert "Kunde Nord <img src=x onerror=alert('customer')> GmbH" in shown
    # the plan's own prices: its unit, one-off and usage lines are text; no other plan's price
    flat = "".join(shown.split())  # table cells wrap (and pdftotext reads wrapped cells in turn): no spaces
    for piece in ("Metered<b>plan</b>", "€9.00/asset", "Sensor<svg", "onload=alert('oneoff')>", "€100.00/asset",
                  "Scans<imgsrc=xonerror=alert('usage')>", "€0.50/asset", "<script>alert('unit')</", "Total€624.00",
                  "Share<iframesrc=//evil.example>", "2%", "€50,000.00€1,000.00",  # 2 % of the expected €50,000
                  "€624.00+usage-basedfees(estimatedat€1,500.00)"):  # 3 × €9 × 12 + 3 × €100; €500 + €1,000
        assert piece in flat, piece
    deck_xml = " ".join(text for name, text in _texts(deck))  # the parts' XML: text escaped, no element
    assert "Sensor &lt;svg onload=alert('oneoff')&gt;" in deck_xml
    assert "Scans &lt;img src=x onerror=alert('usage')&gt;" in deck_xml
    assert "Share &lt;iframe src=//evil.example&gt;" in deck_xml
    listing = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True)
    assert listing.stdout.strip() == "0 embedded files"


def test_calendar_health_and_signals_show_hostile_text_as_text(hostile_builds):
    """The internal pages of the enablement manager: calendar (and its ICS feed), content health
    (and its SVG heat maps), stage signals. Every payload arrives as text."""
    from icalendar import Calendar

    site = hostile_builds["internal"]
    pages = {name: (site / name / "index.html").read_text(encoding="utf-8")
             for name in ("calendar", "health", "playbooks/sales")}
    for name, html in pages.items():
        assert re.search(r"<script>alert|<img src=x|<[a-z][^<>]*\son\w+\s*=|href=\"javascript:", html) is None, name
    assert ">ZZLEAKZZ event&lt;/a&gt;&lt;script&gt;alert('cal-title')&lt;/script&gt;</a>" in pages["calendar"]
    assert "<td>ZZLEAKZZ &lt;script&gt;alert('signal')&lt;/script&gt;</td>" in pages["playbooks/sales"]
    assert "<td>&lt;img src=x onerror=alert('action')&gt;</td>" in pages["playbooks/sales"]
    feed = (site / "calendar" / "enablekit.ics").read_bytes()
    events = Calendar.from_ical(feed).walk("VEVENT")
    summaries = [str(e["summary"]) for e in events if "@calendar.enablekit" in str(e["uid"])
                 and not str(e["uid"]).startswith("review-")]
    assert summaries == ["ZZLEAKZZ event</a><script>alert('cal-title')</script>",
                         "ZZLEAKZZ webinar\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected"]
    assert b"\r\nATTENDEE" not in feed and b"\r\nSUMMARY:injected" not in feed
    svgs = {svg.name: svg.read_text(encoding="utf-8") for svg in (site / "health").glob("*.svg")}
    assert sorted(svgs) == ["objections-competitors.svg", "objections-industries.svg", "objections-stages.svg"]
    for name, text in svgs.items():
        assert re.search(r"<script|<img|<[a-z][^<>]*\son\w+\s*=|href=\"javascript:", text, re.I) is None, name
        assert ">CISO&lt;img src=x onerror=alert('persona')&gt;</text>" in text, name  # the persona's name, as text
    assert ">Utilities &lt;script&gt;alert('industry')&lt;/script&gt;</text>" in svgs["objections-industries.svg"]
    assert ">ZZLEAKZZ Rivalis</text>" in svgs["objections-competitors.svg"]


PAYLOAD = '<img src=x onerror="window.__pwned=1"> javascript:alert(1) </script><script>window.__pwned=2</script>'


@pytest.mark.browser
def test_library_rows_loaded_on_demand_stay_text(project, browser, tmp_path):
    """A library of more than one page fills filtered results from library.json in the browser: the
    objections' text arrives as data and must be shown as text, never parsed as HTML."""
    import json

    lines = []
    for i in range(60):
        lines += [f"- id: hostile-{i:02d}", f"  objection: {json.dumps(f'Payload {i} ' + PAYLOAD)}",
                  "  category: price", f"  short: {json.dumps('Short ' + PAYLOAD)}", "  owner: e@test.example",
                  "  reviewed: 2026-11-01"]
    (project / "content/objections/many.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    rows = json.loads((site / "en/objections/library.json").read_text(encoding="utf-8"))["rows"]
    assert any(PAYLOAD in row[1] for row in rows)  # data, as written: the browser decides how it is shown
    httpd, address = serve(site)
    try:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{address}/en/objections/?q=payload%205", wait_until="load")
        filtered = page.locator(".ek-objections--filtered article.ek-objection")
        filtered.first.wait_for()
        assert filtered.count() == 11  # Payload 5 and 50–59: every match, from every library page
        assert PAYLOAD in filtered.first.locator("h2").inner_text()
        assert page.evaluate("() => window.__pwned") is None and dialogs == []
        assert page.evaluate(_DOM_PROBLEMS) == []
        context.close()
    finally:
        httpd.shutdown()


def test_answer_language_texts_stay_out_of_the_site_and_go_inert_into_questionnaires(hostile_builds, tmp_path):
    """answer_languages: [fr] — the French answer (a formula, a script, a javascript link) and the French-only
    variant never reach a page or download of the en/de site, and a French question's .csv and .xlsx get the
    French answer as inert text."""
    import csv
    import io

    import openpyxl

    from .test_answers import _cli

    for audience in ("public", "partner", "internal"):
        for path in _files(hostile_builds[audience]):
            for name, text in _texts(path):
                assert "answer-fr" not in text and "variant-fr" not in text, (audience, name)
    question = "Est-ce sûr ? <script>alert('variant-fr')</script>"
    source = tmp_path / "q.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows([["Question", "Réponse"], [question, ""]])
    code, text = _cli(["answer", str(source), "--project", str(hostile_builds["project"])])
    assert code == 0, text
    rows = list(csv.reader(io.StringIO((tmp_path / "q.answered.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    outside = rows[1][1].split('"')[1].removesuffix("/fr")
    assert rows[1] == [question, f"'=HYPERLINK(\"{outside}/fr\",\"cliquez\") alert('answer-fr') plus)"]
    book = tmp_path / "q.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Question", "Réponse"])
    wb.active.append([question, None])
    wb.save(book)
    code, text = _cli(["answer", str(book), "--project", str(hostile_builds["project"])])
    assert code == 0, text
    cell = openpyxl.load_workbook(tmp_path / "q.answered.xlsx").active["B2"]
    assert cell.data_type == "s" and cell.value == f"=HYPERLINK(\"{outside}/fr\",\"cliquez\") alert('answer-fr') plus)"
