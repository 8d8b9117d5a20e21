"""The built site: pages per language, translation fallback, escaping, audience, offline."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from generator import build
from generator.outputs.site.search import indexed_pages

from .conftest import FIXTURES, MARKER, TODAY


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# page → (heading in Chinese, in English): every page is in both languages, each in its own
PAGES = {
    "index.html": ("测试云", "Test Cloud"),
    "capabilities/index.html": ("产品能力", "Capabilities"),
    "personas/index.html": ("买方角色", "Buyer roles"),
    "personas/cfo/index.html": ("财务负责人", "CFO"),
    "industries/retail/index.html": ("零售", "Retail"),
    "competitors/rival/index.html": ("对手公司", "Rival Inc"),
    "objections/index.html": ("异议库", "Objection library"),
    "objections/temp-workers-cost/index.html": ("旺季临时工太多按人头收费不划算", "Seasonal temps make per-head pricing too costly"),
    "cases/internal-case/index.html": ("ZZINTERNALZZ 内部案例", "ZZINTERNALZZ internal case"),
    "playbooks/ltc/index.html": ("销售流程", "Sales process"),
    "whitepapers/guide/index.html": ("排班指南", "Rostering guide"),
    "authoring/index.html": ("内容编写指南", "Authoring guide"),
    "tags/index.html": ("标签", "Tags"),
    "about/index.html": ("关于", "About"),
}


def headings(page: str) -> tuple[str, str, list[str]]:
    """(the html element's lang, the window title, the text of every h1) of a built page."""
    lang = re.search(r'<html lang="([^"]+)"', page).group(1)
    title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))
    return lang, title, [html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<h1\b[^>]*>(.*?)</h1>", page, re.S)]


def test_every_page_exists_in_every_language(built_sites):
    site = built_sites["internal"]
    for page, (zh, en) in PAGES.items():
        zh_title, en_title = ("首页", "Home") if page == "index.html" else (zh, en)
        assert headings(read(site / page)) == ("zh", f"{zh_title} - 测试科技 · 销售赋能", [zh]), page
        assert headings(read(site / "en" / page)) == ("en", f"{en_title} - Testco · Sales enablement", [en]), f"en/{page}"


def test_languages_and_fallback(built_sites):
    site = built_sites["internal"]
    zh, en = read(site / "personas/cfo/index.html"), read(site / "en/personas/cfo/index.html")
    assert '<html lang="zh"' in zh and '<html lang="en"' in en
    assert "<h1" in en and ">CFO</h1>" in en
    assert "Lead with cost." in en and "先谈成本。" in zh
    # a text with no English falls back to Chinese on the English page
    assert "只有中文的担忧" in en
    # whitepaper bodies come from <id>.md and <id>.en.md
    assert "为什么排班难" in read(site / "whitepapers/guide/index.html")
    assert "Why rostering is hard" in read(site / "en/whitepapers/guide/index.html")
    # hand-written pages: about.en.md replaces about.md in the English site
    assert "手写页面" in read(site / "about/index.html")
    assert "A hand-written page" in read(site / "en/about/index.html")


def test_language_switch_links_to_the_same_page(built_sites):
    site = built_sites["internal"]
    zh = read(site / "personas/cfo/index.html")
    en = read(site / "en/personas/cfo/index.html")
    assert 'href="../../en/personas/cfo/" hreflang="en"' in zh, 'language switch'
    assert 'href="../../../personas/cfo/" hreflang="zh"' in en


def test_content_is_escaped(built_sites):
    page = read(built_sites["internal"] / "personas/cfo/index.html")
    assert "&lt;script&gt;alert('xss')&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_owner_review_and_stale_warning(built_sites):
    site = built_sites["internal"]
    fresh = read(site / "personas/cfo/index.html")
    assert "负责人：b@test.example" in fresh and "最近核实：2026年11月1日" in fresh
    assert "本页内容可能已过时" not in fresh
    stale = read(site / "en/personas/store-manager/index.html")
    assert "This page may be out of date" in stale
    assert "It was last verified on May 1, 2026; a review was due on Jul 30, 2026." in stale


def test_capability_status_is_honest(built_sites):
    page = read(built_sites["internal"] / "en/capabilities/index.html")
    assert '<span class="ek-status ek-status--roadmap">Roadmap · expected June 2027</span>' in page
    assert '<span class="ek-status ek-status--ga">Available</span>' in page


def test_objection_library_carries_filter_facets(built_sites):
    page = read(built_sites["internal"] / "objections/index.html")
    assert (
        '<article class="ek-objection" id="temp-workers-cost" data-roles="cfo" data-industries="retail"'
        ' data-stages="proposal" data-category="price" data-competitor="rival">'
    ) in page
    assert '<a href="temp-workers-cost/">旺季临时工太多按人头收费不划算</a>' in page


def test_internal_build_shows_internal_content(built_sites):
    site = built_sites["internal"]
    assert MARKER in read(site / "competitors/rival/index.html")
    assert "Customer has not agreed to publication" in read(site / "en/cases/internal-case/index.html")
    assert f"{MARKER}-price 99" in read(site / "index.html")


def test_public_build_contains_nothing_internal(built_sites):
    site = built_sites["public"]
    files = {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}
    assert {"index.html", "en/index.html", "cases/public-case/index.html", "sitemap.xml"} <= set(files)
    assert [rel for rel, path in files.items() if MARKER.encode() in path.read_bytes()] == []
    for gone in ["competitors", "objections", "playbooks", "cases/internal-case", "en/competitors"]:
        assert not (site / gone).exists(), gone
    assert (site / "cases/public-case/index.html").is_file()
    assert "internal-case" not in read(site / "sitemap.xml")
    assert "internal-case" not in json.dumps(indexed_pages(site / "pagefind"))  # compressed: read, not grepped
    home = read(site / "index.html")
    assert "公开案例" in home  # a public case named as proof stays
    assert "价格" not in home  # pricing is internal by default


def test_sites_request_nothing_from_other_hosts(built_sites):
    resource = re.compile(r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["']?((?:https?:)?//[^"' >]+)"""
                          r"""|<link\b[^>]*\bhref=["']?((?:https?:)?//[^"' >]+)""", re.I)
    css_url = re.compile(r"""(?:url\(|@import\s+)["']?((?:https?:)?//[^"')]+)""", re.I)
    for site in built_sites.values():
        pages = sorted(site.rglob("*.html"))
        styles = sorted(site.rglob("*.css"))
        assert len(pages) > 20 and site / "assets/brand.css" in styles, site
        for path in pages:
            found = [m.group(1) or m.group(2) for m in resource.finditer(read(path))]
            found = [u for u in found if "rel=\"canonical\"" not in u]
            assert found == [], path
        for path in styles:
            assert css_url.findall(read(path)) == [], path


def test_authoring_guide_documents_every_kind(built_sites):
    page = read(built_sites["internal"] / "en/authoring/index.html")
    for text in ["content/personas/&lt;id&gt;.yaml", "<code>role_in_decision</code>", "<code>quick_dismisses</code>",
                 "<code>from_objections</code>", "<code>pricing_plan</code>"]:
        assert text in page, text


def test_brand_colours_and_logo(built_sites):
    site = built_sites["internal"]
    assert "--md-primary-fg-color: #123456;" in read(site / "assets/brand.css")
    assert (site / "assets/brand/logo.svg").is_file()


def test_pages_mkdocs_excludes_are_not_in_the_menu_either(tmp_path):
    """A repository's own notes in docs/ (exclude_docs in mkdocs.yml) are no page and no menu entry."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    (project / "docs" / "maintainers.md").write_text("# Notes for maintainers\n\nHow we release.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(read(config).replace("docs_dir: docs\n", "docs_dir: docs\nexclude_docs: /maintainers.md\n"),
                      encoding="utf-8")
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    assert (site / "about/index.html").is_file()
    assert not (site / "maintainers").exists()
    home = read(site / "index.html")
    assert 'href="about/"' in home
    assert "maintainers" not in home


def test_a_list_of_linked_cases_or_objections_keeps_one_item_a_line(example_site: Path) -> None:
    """A list item whose line ends in a template tag (a case's summary, an objection's short answer, each
    shown only when there is one) keeps its line end: the next item is an item of its own, and the facts
    table after the proofs is a table, not text inside the last item."""
    page = (example_site / "en/objections/price-per-head-too-high/index.html").read_text(encoding="utf-8")
    proof = page.split('id="proof"', 1)[1].split("</ul>", 1)[0]
    assert proof.count("<li>") == 2 and "|---|" not in page
    assert "<td>Category</td>" in page.split('id="proof"', 1)[1]
    for path in ("en/industries/retail/index.html", "en/deals/huaxin-retail-2026/index.html",
                 "objections/price-per-head-too-high/index.html"):
        text = (example_site / path).read_text(encoding="utf-8")
        assert not re.search(r"[^\s>]- <a href", text), path  # "…summary.- <a href=…": two items run together


def test_a_table_of_facts_has_no_empty_header_row(example_site: Path) -> None:
    """A case's and an objection's facts (one name and one value a row) are a table without a header:
    the empty header line Markdown needs would show as an empty strip above the first fact."""
    for path, first in (("cases/lanshan-bakery/index.html", "<td>客户</td>"),
                        ("en/objections/price-per-head-too-high/index.html", "<td>Category</td>")):
        page = (example_site / path).read_text(encoding="utf-8")
        table = page[page.rindex("<table>", 0, page.index(first)):page.index(first)]
        assert "<thead>" not in table and "<th>" not in table, path
        assert table.startswith("<table>\n<tbody>\n<tr>\n"), path
    industry = (example_site / "en/industries/retail/index.html").read_text(encoding="utf-8")
    assert "<th>Capability</th>\n<th>Status</th>" in industry  # a header with a label keeps its row, each column named


def test_a_result_keeps_each_side_of_its_arrow_whole(example_site: Path) -> None:
    """A case's results ('120 h → 36 h a month'): a count and its unit never split across lines, and when
    one value is long every tile of the case is a size smaller (alike, each side on a line)."""
    page = (example_site / "en/cases/hongda-electronics/index.html").read_text(encoding="utf-8")
    assert '<div class="ek-results ek-results--long ek-results--four">' in page  # four: two by two
    assert '<span class="ek-result__value">120&nbsp;h → 36&nbsp;h a month (−70%)</span>' in page
