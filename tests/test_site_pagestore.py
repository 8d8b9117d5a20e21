"""The generated pages' Markdown kept between builds (issue 26, generator/outputs/site/pagestore.py): a
page is generated again only when what it read, its template or the downloads it links changed, and
what is kept is exactly what generating it again would give."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.content.loader import load_or_fail
from generator.outputs.site.pages import generate
from generator.views import audience as audiences
from generator.views.documents import Download

from .conftest import FIXTURES, MARKER, ROOT, TODAY


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    # never the caches another test's build left in the fixture: this one starts with none
    shutil.copytree(FIXTURES / "valid", root, ignore=shutil.ignore_patterns(".enablekit-cache"))
    return root


def view(root: Path, audience: str = "internal"):  # noqa: ANN201
    loaded, _ = load_or_fail(root, today=TODAY)
    return audiences.view(loaded, audience)


def same_as_from_scratch(kept, root: Path, lang: str, audience: str = "internal", **options) -> None:  # noqa: ANN001
    scratch = generate(view(root, audience), lang, force=True, **options)
    assert kept.pages == scratch.pages
    assert kept.files == scratch.files
    assert (kept.nav, kept.tags, kept.tag_names) == (scratch.nav, scratch.tags, scratch.tag_names)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def store_file(root: Path, audience: str, lang: str) -> Path:
    return root / ".enablekit-cache" / "site-markdown" / audience / f"{lang}.json"


def test_nothing_changed_generates_no_page(project: Path) -> None:
    first = generate(view(project), "en")
    assert first.explain == f"all {len(first.made)} pages generated again: it was not generated before"
    again = generate(view(project), "en")
    assert again.explain is None and again.made == []
    assert again.reused == len(first.made)
    assert again.pages == first.pages and again.files == first.files and again.nav == first.nav


def test_one_objection_changed_generates_only_the_pages_that_show_it(project: Path) -> None:
    for lang in ("en", "zh"):
        generate(view(project), lang)
    edit(project / "content/objections/price.yaml", "billed by days actually worked", "billed per day worked")
    english = generate(view(project), "en")
    assert "objections/temp-workers-cost.md" in english.made
    assert "personas/cfo.md" in english.made  # lists the objections that apply to the CFO
    assert "cases/public-case.md" not in english.made and "whitepapers/guide.md" not in english.made
    assert len(english.made) < english.reused
    assert "objections/temp-workers-cost.md (objections 'temp-workers-cost' in 'en' changed)" in english.explain
    same_as_from_scratch(english, project, "en")
    # the edit is of the English text: no Chinese page shows it (the team's pages read every language)
    chinese = generate(view(project), "zh")
    assert set(chinese.made) <= {"health/index.md", "changes/index.md"}, chinese.made
    same_as_from_scratch(chinese, project, "zh")


def test_the_calendar_is_generated_again_for_a_review_date_not_for_an_answer(project: Path) -> None:
    """The calendar's feed lists every item's review due date: it reads those (one query), not every item."""
    (project / "content/calendar.yaml").write_text(
        "- id: spring-webinar\n  title: {zh: 春季网络研讨会, en: Spring webinar}\n  kind: webinar\n"
        "  date: 2026-12-10\n  owner: marketing@example.com\n  status: planned\n", encoding="utf-8")
    generate(view(project), "en")
    edit(project / "content/objections/price.yaml", "billed by days actually worked", "billed per day worked")
    answer = generate(view(project), "en")
    assert "objections/temp-workers-cost.md" in answer.made and "calendar/index.md" not in answer.made
    same_as_from_scratch(answer, project, "en")
    edit(project / "content/objections/price.yaml", "reviewed: 2026-11-01", "reviewed: 2026-11-20")
    reviewed = generate(view(project), "en")
    assert "calendar/index.md" in reviewed.made
    assert "DTSTART;VALUE=DATE:20270218" in reviewed.pages["calendar/enablekit.ics"]  # 2026-11-20 + 90 days
    same_as_from_scratch(reviewed, project, "en")


def test_a_changed_template_generates_again_only_the_pages_that_use_it(project: Path) -> None:
    generate(view(project), "en")
    builtin = Path(__file__).parent.parent / "generator/render/templates/site/case.md.j2"
    (project / "templates/site").mkdir(parents=True)
    (project / "templates/site/case.md.j2").write_text(
        builtin.read_text(encoding="utf-8") + "\nOVERRIDDEN\n", encoding="utf-8"
    )
    again = generate(view(project), "en")
    cases = sorted(uri for uri in again.pages if uri.startswith("cases/") and uri != "cases/index.md")
    assert cases and sorted(again.made) == cases
    assert again.explain.endswith(f"({'the template case.md.j2 changed'})")
    assert all(again.pages[uri].endswith("OVERRIDDEN\n") for uri in cases)
    same_as_from_scratch(again, project, "en")
    # an imported template (the macros every page uses) makes every page that imports it again
    macros = Path(__file__).parent.parent / "generator/render/templates/site/_macros.md.j2"
    (project / "templates/site/_macros.md.j2").write_text(macros.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = generate(view(project), "en")
    assert "index.md" in third.made and "personas/cfo.md" in third.made
    assert "(the template _macros.md.j2 changed)" in third.explain


def test_a_public_site_never_reuses_a_page_generated_for_the_sales_team(project: Path) -> None:
    internal = generate(view(project, "internal"), "en")
    assert any(MARKER in page for page in internal.pages.values())
    public = generate(view(project, "public"), "en")
    assert public.explain == f"all {len(public.made)} pages generated again: it was not generated before"
    assert not any(MARKER in page for page in public.pages.values())
    # an internal file put where the public one is kept is refused as a whole
    shutil.copyfile(store_file(project, "internal", "en"), store_file(project, "public", "en"))
    again = generate(view(project, "public"), "en")
    assert again.explain == f"all {len(again.made)} pages generated again: the audience changed"
    assert not any(MARKER in page for page in again.pages.values())
    same_as_from_scratch(again, project, "en", "public")


def test_a_damaged_kept_page_is_generated_again_never_trusted(project: Path) -> None:
    generate(view(project), "en")
    path = store_file(project, "internal", "en")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["units"]["cases/public-case.md"]["out"]["cases/public-case.md"] = "# forged\n"
    path.write_text(json.dumps(data), encoding="utf-8")
    again = generate(view(project), "en")
    assert again.made == ["cases/public-case.md"]
    total = again.reused + 1
    assert again.explain == f"1 of {total} pages generated again: cases/public-case.md (its kept copy is damaged)"
    assert "forged" not in again.pages["cases/public-case.md"]
    same_as_from_scratch(again, project, "en")
    # a file cut short (a build killed while writing, a full disk) is not read at all
    path.write_bytes(path.read_bytes()[:1000])
    third = generate(view(project), "en")
    assert third.explain == f"all {len(third.made)} pages generated again: its kept copy could not be read"
    same_as_from_scratch(third, project, "en")


def test_pages_are_generated_again_when_the_downloads_they_link_change(project: Path) -> None:
    deck = Download(
        file="competitive-rival.en.pptx",
        kind="deck",
        id="competitive-rival",
        lang="en",
        audience="internal",
        title="Rival",
        pages=12,
        bytes=1000,
    )
    generate(view(project), "en", downloads=[deck])
    # the same deck, another size in bytes (which no page shows): nothing is generated again
    bigger = Download(**{**deck.__dict__, "bytes": 2000})
    assert generate(view(project), "en", downloads=[bigger]).made == []
    # one more slide: the pages that link it, and the downloads page, are generated again
    longer = Download(**{**deck.__dict__, "pages": 13})
    again = generate(view(project), "en", downloads=[longer])
    assert sorted(again.made) == ["collateral.md", "competitors/rival.md"]
    assert "13" in again.pages["competitors/rival.md"]
    assert "competitors/rival.md (the downloads it links changed)" in again.explain
    same_as_from_scratch(again, project, "en", downloads=[longer])


def test_a_new_entity_adds_its_page_and_the_pages_that_list_it(project: Path) -> None:
    generate(view(project), "en")
    shutil.copyfile(project / "content/cases/public-case.yaml", project / "content/cases/zz-new-co.yaml")
    again = generate(view(project), "en")
    assert "cases/zz-new-co.md" in again.pages and "cases/zz-new-co.md" in again.made
    assert "cases/index.md" in again.made
    assert "cases/zz-new-co.md (it was not generated before)" in again.explain
    same_as_from_scratch(again, project, "en")


def test_a_changed_catalog_generates_again_the_pages_in_its_language(project: Path) -> None:
    from generator.language import i18n

    for lang in ("en", "zh"):
        generate(view(project), lang)
    (project / "templates/labels").mkdir(parents=True)
    (project / "templates/labels/en.yaml").write_text('cases: "Case studies"\n', encoding="utf-8")
    for cached in (i18n.labels, i18n._read, i18n._raw):  # as serve forgets them before each rebuild
        cached.cache_clear()
    english = generate(view(project), "en")
    assert english.reused == 0 and len(english.made) > 30  # every page says a word of the catalog
    n = len(english.made)
    assert english.explain.startswith(
        f"{n} of {n} pages generated again: index.md (the 'en' catalog (interface words) "
    )
    assert "Case studies" in english.pages["cases/index.md"]
    same_as_from_scratch(english, project, "en")
    assert generate(view(project), "zh").made == []  # the Chinese catalog says what it said


def test_the_mkdocs_plugin_builds_of_serve_render_only_the_changed_pages(project: Path, tmp_path: Path) -> None:
    """`enablekit serve` and `mkdocs serve` rebuild through the plugin: each rebuild reads the project
    again and renders only the pages whose inputs the save changed."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    def rebuild():  # noqa: ANN202 - the plugin, after one build (as serve runs one per save)
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        plugin = config.plugins["enablekit"]
        plugin.config.today = TODAY.isoformat()
        plugin.other_languages = False  # the default language only (serve builds the others when opened)
        mkdocs_build(config)
        return plugin

    first = rebuild()
    assert first.markdown_explain.endswith("pages generated again: it was not generated before")
    assert rebuild().markdown_explain is None
    edit(project / "content/objections/price.yaml", "临时工按实际在岗天数计费", "临时工按在岗天数计费")
    after = rebuild().markdown_explain
    assert "objections/temp-workers-cost.md (objections 'temp-workers-cost' in 'zh' changed)" in after
    assert "cases/public-case.md" not in after and "whitepapers/guide.md" not in after
    page = (tmp_path / "site/objections/temp-workers-cost/index.html").read_text(encoding="utf-8")
    assert "临时工按在岗天数计费" in page


def test_the_plugin_instance_mkdocs_hands_on_keeps_nothing_of_an_enablekit_build(project: Path, tmp_path: Path) -> None:
    """MkDocs gives a later build in the same process the same plugin instance (serve; a plain `mkdocs
    build`): a language kept whole, which never runs MkDocs, must not leave its pages or its project in it
    for that build to take as its own."""
    from mkdocs.config import load_config

    from generator.outputs.site.builder import _build_language, _docs_dir, language_inputs

    config = project / "mkdocs.yml"
    internal = view(project)
    inputs = language_inputs(project, internal, config, _docs_dir(config))

    def build(site: Path, kept: tuple) -> tuple:
        return _build_language(str(config), {"site_dir": str(site)}, "en", str(site), internal, "internal", [],
                               kept=kept)

    error, _, stats, key = build(tmp_path / "first", (None, None, [], inputs))
    assert error is None and key is not None and not stats.get("whole")
    error, _, stats, _ = build(tmp_path / "again", (str(tmp_path / "first"), key, [], inputs))
    assert error is None and stats["whole"] is True  # kept whole: the plugin's pages were made, never used
    plugin = load_config(config_file=str(config)).plugins["enablekit"]
    assert (plugin.view, plugin.language, plugin.generated, plugin.downloads, plugin.force) == (None, None, None, [], False)
    assert plugin.other_languages is True and plugin.index_later is None



def test_under_serve_the_store_is_kept_in_memory_and_written_after_the_reload(project: Path) -> None:
    """Under serve (keep_in_memory) a save neither reads the language's store file again nor waits for it to
    be written: the pages come from the store as the last build left it, and flush() writes it; a file
    another process wrote since is read again, and what is kept is what generating from scratch gives."""
    from generator.outputs.cache import remember_values
    from generator.outputs.site import pagestore

    store = project / ".enablekit-cache" / "site-markdown" / "internal" / "en.json"
    pagestore.keep_in_memory(True)
    remember_values(True)  # as serve: the digests of what the pages read kept, for values equal to the last ones
    try:
        first = generate(view(project), "en")
        assert not store.exists() and pagestore.pending()  # written after the reload, not before it
        pagestore.flush()
        assert not pagestore.pending()
        assert json.loads(store.read_text(encoding="utf-8"))["units"]["personas/cfo.md"]["out"] == {
            "personas/cfo.md": first.pages["personas/cfo.md"]
        }
        written = store.stat().st_mtime_ns
        edit(project / "content/objections/price.yaml", "billed by days actually worked", "billed per day worked")
        second = generate(view(project), "en")
        assert "personas/cfo.md" in second.made and store.stat().st_mtime_ns == written
        third = generate(view(project), "en")  # the pages made by the second, from memory: none made again
        assert third.made == [] and third.pages == second.pages
        same_as_from_scratch(third, project, "en")
        pagestore.flush()
        # another process (enablekit build) writes the file: read again, its pages trusted as it says
        data = json.loads(store.read_text(encoding="utf-8"))
        del data["units"]["personas/cfo.md"]
        store.write_text(json.dumps(data), encoding="utf-8")
        fourth = generate(view(project), "en")
        assert fourth.made == ["personas/cfo.md"] and fourth.pages == second.pages
    finally:
        pagestore.keep_in_memory(False)
        remember_values(False)
    assert not pagestore.pending()
    assert "personas/cfo.md" in json.loads(store.read_text(encoding="utf-8"))["units"]  # written when serve ended
    assert generate(view(project), "en").made == []  # and read from the file as before


def test_under_serve_a_value_equal_to_the_last_one_keeps_its_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """remember_values (serve): a dependency whose value equals the last build's (a new object, as each save
    reads the project again) has the last digest without digesting it again; a changed one, or one of
    another type, is digested; off, every build digests."""
    from types import SimpleNamespace

    from generator.content.text import Text
    from generator.outputs import cache

    digested: list[object] = []
    real = cache.digest
    monkeypatch.setattr(cache, "digest", lambda value, lang=None: digested.append(value) or real(value, lang))

    def evaluate(value: object, dep: tuple = ("in", "en", "attr", "internal", "today")) -> str:
        project = SimpleNamespace(today=value)
        return cache.evaluate(SimpleNamespace(memo={}, get=lambda audience: project), dep)

    cache.remember_values(True)
    try:
        first = evaluate({"cfo": Text({"en": "CFO", "zh": "财务总监"})})
        assert evaluate({"cfo": Text({"en": "CFO", "zh": "财务总监"})}) == first and len(digested) == 1
        changed = evaluate({"cfo": Text({"en": "Head of finance", "zh": "财务总监"})})
        assert changed == real({"cfo": Text({"en": "Head of finance", "zh": "财务总监"})}, "en") != first
        assert len(digested) == 2
        assert evaluate(1) != evaluate(1.0)  # equal, of another type: digested again
        plain = ("attr", "internal", "today")  # the same value, every language of it: another dependency
        assert evaluate({"cfo": Text({"en": "CFO"})}, plain) == real({"cfo": Text({"en": "CFO"})})
        assert len(digested) == 5
    finally:
        cache.remember_values(False)
    evaluate({"cfo": Text({"en": "CFO", "zh": "财务总监"})})
    evaluate({"cfo": Text({"en": "CFO", "zh": "财务总监"})})
    assert len(digested) == 7


def test_before_the_reload_the_library_s_further_pages_out_of_view_are_left_for_later(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A persona's name is on every card of the objection library: before the reload (``later``: the page in
    view is the persona's) its further pages, in no navigation and naming no tag, are given as kept; its
    first page (in the navigation) and every other page are what generating from scratch gives. A project
    that writes its own library template keeps them all checked."""
    from generator.outputs.site import pages as site_pages

    monkeypatch.setattr(site_pages, "LIBRARY_PAGE", 1)  # a library of several pages from the fixture's objections
    before = generate(view(project), "en")
    further = sorted(uri for uri in before.pages if uri.startswith("objections/p/"))
    assert further and all("tags:" not in before.pages[uri].split("\n---", 1)[0] for uri in further)
    edit(project / "content/personas/cfo.yaml", "en: CFO}", "en: Head of finance}")

    def not_in_view(uri: str) -> bool:
        return uri != "personas/cfo.md"

    early = generate(view(project), "en", later=not_in_view)
    # with the team's pages, which read everything (units named after their first page)
    assert sorted(early.deferred) == sorted(further + ["changes/index.md", "health/index.md"])
    assert {uri: early.pages[uri] for uri in further} == {uri: before.pages[uri] for uri in further}
    scratch = generate(view(project), "en", force=True)
    assert any(early.pages[uri] != scratch.pages[uri] for uri in further)  # they show the old name until later

    def checked_now(pages: dict[str, str]) -> dict[str, str]:
        return {
            uri: md
            for uri, md in pages.items()
            if uri not in further and uri.split("/")[0] not in ("changes", "health")
        }

    assert checked_now(early.pages) == checked_now(scratch.pages) and len(checked_now(early.pages)) > 10
    assert (
        "Head of finance" in early.pages["personas/cfo.md"] and "Head of finance" in early.pages["objections/index.md"]
    )
    assert (early.nav, early.tags, early.tag_names) == (scratch.nav, scratch.tags, scratch.tag_names)

    own = project / "templates" / "site" / "objections.md.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(
        (ROOT / "generator/render/templates/site/objections.md.j2").read_text(encoding="utf-8"), encoding="utf-8"
    )
    edit(project / "content/personas/cfo.yaml", "en: Head of finance}", "en: Finance lead}")
    checked = generate(view(project), "en", later=not_in_view)
    assert sorted(checked.deferred) == ["changes/index.md", "health/index.md"]
    assert checked_now(checked.pages) == checked_now(generate(view(project), "en", force=True).pages)
    assert all("Finance lead" in checked.pages[uri] for uri in further)
