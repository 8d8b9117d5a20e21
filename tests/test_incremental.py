"""Incremental builds (issue 26): what did not change since the last build is reused from
.enablekit-cache, what did is made again (and --explain says why), and the output is byte for byte
what a build from scratch makes."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.content.diagnostics import EnablekitError
from generator.outputs.site.builder import SiteBuilder
from generator.pipeline import build

from .conftest import FIXTURES, TODAY


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid fixture built once: its output in site/ and its caches in .enablekit-cache/."""
    root = tmp_path_factory.mktemp("warm") / "project"
    shutil.copytree(FIXTURES / "valid", root)
    build(root, today=TODAY)
    return root


@pytest.fixture
def copy(warm: Path, tmp_path: Path) -> Path:
    """A writable copy of the warm project, its caches and its last output included."""
    target = tmp_path / "project"
    shutil.copytree(warm, target, symlinks=True)
    return target


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_price_objection(copy: Path, old: str, new: str):  # noqa: ANN201
    """Replace ``old`` by ``new`` in the price objections, build again: the result and what was rebuilt."""
    path = copy / "content/objections/price.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = build(copy, today=TODAY)
    return result, rebuilt(result)


def assert_same_as_from_scratch(project: Path, tmp_path: Path) -> None:
    """The project's site, built incrementally, is byte for byte what a build from scratch of a copy makes."""
    scratch_root = tmp_path / "scratch-project"
    shutil.copytree(project, scratch_root, ignore=shutil.ignore_patterns(".enablekit-cache", "site"))
    build(scratch_root, today=TODAY)
    assert_same_output(project / "site", scratch_root / "site")


def assert_same_output(a: Path, b: Path) -> None:
    left, right = files(a), files(b)
    assert sorted(left) == sorted(right)
    different = [name for name in left if left[name] != right[name]]
    assert not different, f"differ from a build from scratch: {different[:10]}"


def rebuilt(result) -> dict[str, str]:  # noqa: ANN001
    return {artifact: reason for artifact, reason in result.explain if reason is not None}


def test_nothing_changed_reuses_everything_and_matches_a_build_from_scratch(copy: Path, tmp_path: Path) -> None:
    result = build(copy, today=TODAY)
    assert rebuilt(result) == {"answers": "this output is made every time (it is not cached)"}
    reused = [artifact for artifact, reason in result.explain if reason is None]
    assert any(a.endswith(".pptx") for a in reused) and any(a.endswith(".pdf") for a in reused)
    assert any(a.startswith("site") for a in reused)
    scratch = build(copy, out=tmp_path / "scratch", today=TODAY, force=True)
    assert all(reason is not None for _, reason in scratch.explain)  # --force: nothing reused
    assert_same_output(copy / "site", tmp_path / "scratch")


def test_a_page_that_did_not_change_is_linked_from_the_last_site_not_written_again(copy: Path,
                                                                                   tmp_path: Path) -> None:
    tree = copy / ".enablekit-cache/site/internal/tree/en"
    same, shows = tree / "authoring/index.html", tree / "objections/temp-workers-cost/index.html"
    before = {page: (page.stat().st_ino, page.read_bytes()) for page in (same, shows)}
    edit_price_objection(copy, "billed by days actually worked", "billed per day worked")
    # the kept site is a new folder (the last one is removed), yet a page whose bytes are the same is the
    # same file: MkDocs wrote nothing for it
    assert (same.stat().st_ino, same.read_bytes()) == before[same]
    assert shows.stat().st_ino != before[shows][0] and b"billed per day worked" in shows.read_bytes()
    assert_same_as_from_scratch(copy, tmp_path)
    # --force links nothing: every page is written
    build(copy, today=TODAY, force=True)
    assert same.stat().st_ino != before[same][0] and same.read_bytes() == before[same][1]


def test_a_layout_is_kept_as_the_digest_of_the_page_in_the_kept_site_and_made_again_when_that_file_differs(
        copy: Path, tmp_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(copy / ".enablekit-cache/pages/internal/en.sqlite") as conn:
        kept = [json.loads(data) for (data,) in conn.execute("SELECT data FROM entries")]
    layouts = [entry for entry in kept if "log" in entry and "content" not in entry]
    assert layouts and all(set(entry) == {"digest", "log"} for entry in layouts)  # no page's HTML kept twice
    # a kept page someone changed (a new file: the output's is another link to the old one) is laid out again
    tree = copy / ".enablekit-cache/site/internal/tree/en"
    page = tree / "authoring/index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()
    page.write_text(text.replace("</body>", "<script>alert(1)</script></body>"), encoding="utf-8")
    result, again = edit_price_objection(copy, "billed by days actually worked", "billed per day worked")
    assert "authoring.md" in again["site pages (en)"].split(": ", 1)[1].split(", ")
    assert b"alert(1)" not in (copy / "site/en/authoring/index.html").read_bytes()
    assert_same_as_from_scratch(copy, tmp_path)
    # ...and one that is gone too
    (tree / "authoring/index.html").unlink()
    _result, again = edit_price_objection(copy, "billed per day worked", "billed per worked day")
    assert "authoring.md" in again["site pages (en)"].split(": ", 1)[1].split(", ")
    assert_same_as_from_scratch(copy, tmp_path / "second")


def test_one_objection_changed_rebuilds_only_what_shows_it(copy: Path, tmp_path: Path) -> None:
    result, again = edit_price_objection(copy, "billed by days actually worked", "billed per day worked")
    # the objection (price, about the rival) is in the notes of the presenter decks that list price
    # objections and in the competitive deck; never in a deck sent to customers. Only its English
    # text changed: the English decks that show it are made again, the Chinese ones are reused
    assert again["downloads/pitch-presenter.en.pptx"] == "likely objections (price) in 'en' changed"
    assert again["downloads/competitive-rival.en.pptx"] == "competitor objections (rival) in 'en' changed"
    for lang in ("zh", "en"):
        for kept in (f"pitch.{lang}.pptx", f"industry-retail.{lang}.pptx", f"booklet.{lang}.pdf"):
            assert f"downloads/{kept}" not in again
    assert not [a for a in again if a.endswith(".zh.pptx")], again
    assert "downloads/proposal-big-deal.zh.pptx" not in again
    assert "site (every page and the search index)" in again  # the site shows every objection
    # ...but only the pages that show it are made again: the rest of each language is reused whole
    # (the change is in English: the Chinese site is kept as it was, without a build)
    assert ("site (zh)", None) in result.explain and ("site pages (zh)", None) in result.explain
    assert again["site (en)"] == "its pages or what they are made from changed"
    found = re.fullmatch(r"(\d+) laid out again \((\d+) of them converted from Markdown again\), (\d+) reused: (.*)",
                         again["site pages (en)"])
    assert found, again["site pages (en)"]
    laid_out, converted, reused = (int(n) for n in found.groups()[:3])
    assert 0 < converted <= laid_out < reused, found.group(0)
    assert "objections/temp-workers-cost.md" in again["site pages (en)"]  # the page that shows it
    assert_same_as_from_scratch(copy, tmp_path)
    assert_site_kept_whole(copy, tmp_path)


def test_a_new_page_elsewhere_converts_again_only_the_pages_whose_markdown_or_links_changed(
        copy: Path, tmp_path: Path) -> None:
    """A persona's new English name is in the navigation of every English page (each is laid out again)
    and is a new tag (a new page of the site): a page's conversion is kept while the files its links
    name are found as they were, so only the pages whose Markdown shows the name, or that link the
    tag's page, are converted again; the site is byte for byte the one a build from scratch makes."""
    path = copy / "content/personas/cfo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("en: CFO", "en: Head of finance", 1), encoding="utf-8")
    again = rebuilt(build(copy, today=TODAY))
    found = re.fullmatch(r"(\d+) laid out again \((\d+) of them converted from Markdown again\), 0 reused: .*",
                         again["site pages (en)"])
    assert found, again["site pages (en)"]
    laid_out, converted = int(found.group(1)), int(found.group(2))
    assert laid_out == len(list((copy / "site" / "en").rglob("index.html")))  # every page (404.html is no page)
    assert 0 < converted <= laid_out // 3, found.group(0)
    assert "Head of finance" in (copy / "site/en/tags/head-of-finance/index.html").read_text(encoding="utf-8")
    assert_same_as_from_scratch(copy, tmp_path)


def test_a_page_whose_link_target_is_gone_is_converted_again_and_warns(copy: Path, tmp_path: Path) -> None:
    """A kept conversion is reused only while every file its links name is found as it was: the page
    linking a removed page has the same Markdown, yet it is converted again and the broken link is
    reported, as a build from scratch reports it."""
    for name in ("about.md", "about.en.md"):
        page = copy / "docs" / name
        page.write_text(page.read_text(encoding="utf-8") + "\nSee [the guide](guide.md).\n", encoding="utf-8")
        (copy / "docs" / name.replace("about", "guide")).write_text("# Guide\n\nHow we sell.\n", encoding="utf-8")
    result = build(copy, today=TODAY)
    assert not [w for w in result.warnings if "guide.md" in w], result.warnings
    (copy / "docs" / "guide.md").unlink()
    (copy / "docs" / "guide.en.md").unlink()
    result = build(copy, today=TODAY)
    broken = [w for w in result.warnings if "guide.md" in w]
    assert broken == ["site: Doc file 'about.md' contains a link 'guide.md', but the target is not found among "
                      "documentation files."] * 2, result.warnings  # once per language
    assert "about.md" in rebuilt(result)["site pages (en)"]
    assert_same_as_from_scratch(copy, tmp_path)


def test_the_site_is_made_beside_the_downloads_from_the_page_counts_they_had(copy: Path, tmp_path: Path,
                                                                            monkeypatch) -> None:  # noqa: ANN001
    # the decks that show the objection are drawn again in the background; the site does not wait for them:
    # it is made meanwhile, with their slide counts of the last build, which they still have; it starts
    # before the downloads' builders work out what they reuse and what they make
    from generator import pipeline
    from generator.outputs.deck.builder import DeckBuilder

    started, order = [], []
    real, deck = pipeline._start_beside, DeckBuilder.build
    monkeypatch.setattr(pipeline, "_start_beside",
                        lambda *a, **k: order.append("site") or started.append(real(*a, **k)) or started[-1])
    monkeypatch.setattr(DeckBuilder, "build", lambda *a: order.append("deck") or deck(*a))
    result, again = edit_price_objection(copy, "billed by days actually worked", "billed per day worked")
    assert again["downloads/pitch-presenter.en.pptx"] == "likely objections (price) in 'en' changed"
    assert [type(made).__name__ for made in started] == ["_Beside"]
    assert order == ["site", "deck"]
    assert "site (made beside the downloads)" not in again
    assert again["site (en)"] == "its pages or what they are made from changed"
    assert_same_as_from_scratch(copy, tmp_path)


def test_the_site_made_beside_the_downloads_is_made_again_when_a_page_count_changed(copy: Path,
                                                                                   tmp_path: Path) -> None:
    # a whitepaper grows by pages: the site, made while its PDF was laid out, showed the count of the last
    # build; it is made again with the new one, and is what a build from scratch makes
    def pages() -> dict[str, int]:
        manifest = json.loads((copy / "site/downloads/manifest.json").read_text(encoding="utf-8"))
        return {d["file"]: d["pages"] for d in manifest}

    before = pages()
    path = copy / "content/whitepapers/guide.en.md"
    more = "\n\n".join(f"## Part {n}\n\n" + "Footfall changes every day, and so does the roster. " * 40 for n in range(12))
    path.write_text(path.read_text(encoding="utf-8") + "\n" + more + "\n", encoding="utf-8")
    result = build(copy, today=TODAY)
    again = rebuilt(result)
    assert pages()["whitepaper-guide.en.pdf"] > before["whitepaper-guide.en.pdf"]
    assert again["site (made beside the downloads)"] == (
        "made again: the downloads' titles or page counts are not those expected")
    page = (copy / "site/en/whitepapers/guide/index.html").read_text(encoding="utf-8")
    link = page[page.index('href="../../../downloads/whitepaper-guide.en.pdf"'):]
    assert re.search(r"<small>(\d+)&nbsp;pages</small>", link).group(1) == str(pages()["whitepaper-guide.en.pdf"])
    assert_same_as_from_scratch(copy, tmp_path)


def test_a_chinese_edit_rebuilds_the_chinese_site_and_keeps_the_english_one(copy: Path, tmp_path: Path) -> None:
    result, again = edit_price_objection(copy, "临时工按实际在岗天数计费", "临时工按在岗天数计费")
    assert ("site (en)", None) in result.explain and "site pages (en)" not in again
    assert again["site (zh)"] == "its pages or what they are made from changed"
    assert "objections/temp-workers-cost.md" in again["site pages (zh)"]
    page = (copy / "site/objections/temp-workers-cost/index.html").read_text(encoding="utf-8")
    assert "临时工按在岗天数计费" in page and "按实际在岗天数" not in page
    assert_same_as_from_scratch(copy, tmp_path)
    assert_site_kept_whole(copy, tmp_path)


def assert_site_kept_whole(copy: Path, tmp_path: Path) -> None:
    """The site kept in the cache holds every language, the one kept whole too (its files went from the
    cache straight to the output): a build with nothing changed into another folder gives the same site."""
    result = build(copy, out=tmp_path / "from-the-cache", today=TODAY)
    assert ("site (every page and the search index)", None) in result.explain
    assert_same_output(copy / "site", tmp_path / "from-the-cache")


def test_a_hand_written_page_changed_builds_the_language_that_shows_it(copy: Path, tmp_path: Path) -> None:
    """A docs/ page is no content the view holds: its file is among what each language is made from."""
    path = copy / "docs/about.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added by hand.\n", encoding="utf-8")
    result = build(copy, today=TODAY)
    again = rebuilt(result)
    assert again["site (en)"] == "its pages or what they are made from changed"
    assert "A sentence added by hand." in (copy / "site/en/about/index.html").read_text(encoding="utf-8")
    assert_same_as_from_scratch(copy, tmp_path)


def test_a_chinese_edit_rebuilds_the_chinese_decks_that_show_it_and_no_english_one(copy: Path) -> None:
    path = copy / "content/objections/price.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("临时工按实际在岗天数计费", "临时工按在岗天数计费"),
                    encoding="utf-8")
    result = build(copy, today=TODAY, only=["deck"])
    again = rebuilt(result)
    assert again == {"downloads/pitch-presenter.zh.pptx": "likely objections (price) in 'zh' changed",
                     "downloads/competitive-rival.zh.pptx": "competitor objections (rival) in 'zh' changed"}
    reused = [a for a, reason in result.explain if reason is None]
    assert "downloads/pitch-presenter.en.pptx" in reused and "downloads/competitive-rival.en.pptx" in reused
    # the decks made again show the new text: in the presenter's notes, on the competitive deck's slide
    from pptx import Presentation

    def texts(name: str) -> str:
        deck = Presentation(str(copy / "site/downloads" / name))
        return "\n".join([sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
                         + [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide])

    for name in ("pitch-presenter.zh.pptx", "competitive-rival.zh.pptx"):
        assert "临时工按在岗天数计费" in texts(name) and "按实际在岗天数" not in texts(name)
    assert "temps are billed by days actually worked" in texts("competitive-rival.en.pptx")


def test_a_text_without_the_decks_language_is_followed_whole(copy: Path) -> None:
    """An English deck shows the Chinese text where an objection has no English: a change to it makes the deck again."""
    path = copy / "content/objections/price.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("short: {zh: ZZINTERNALZZ 临时工按实际在岗天数计费, en: ZZINTERNALZZ temps are billed by days actually worked}",
                        "short: {zh: ZZINTERNALZZ 临时工按实际在岗天数计费}")
    path.write_text(text, encoding="utf-8")
    build(copy, today=TODAY, only=["deck"])
    path.write_text(text.replace("临时工按实际在岗天数计费", "临时工按在岗天数计费"), encoding="utf-8")
    again = rebuilt(build(copy, today=TODAY, only=["deck"]))
    assert again["downloads/competitive-rival.en.pptx"] == "competitor objections (rival) in 'en' changed"
    assert again["downloads/competitive-rival.zh.pptx"] == "competitor objections (rival) in 'zh' changed"


def test_a_changed_catalog_rebuilds_the_decks_of_its_language_only(copy: Path) -> None:
    labels = copy / "templates/labels"
    labels.mkdir(parents=True)
    (labels / "en.yaml").write_text("pitch_deck: Sales pitch\n", encoding="utf-8")
    again = rebuilt(build(copy, today=TODAY, only=["deck"]))
    assert again["downloads/pitch.en.pptx"] == "the 'en' catalog (interface words) changed"
    # a presenter edition is made from its public deck: made again with it, and --explain says so
    assert again["downloads/pitch-presenter.en.pptx"] == "its public deck pitch.en.pptx is made again"
    assert not [a for a in again if a.endswith(".zh.pptx")]


def test_a_changed_deck_template_rebuilds_every_deck(copy: Path) -> None:
    from pptx import Presentation

    folder = copy / "templates/deck"
    folder.mkdir(parents=True)
    Presentation().save(str(folder / "pitch.pptx"))
    result = build(copy, today=TODAY, only=["deck"])
    decks = {a: r for a, r in result.explain if a.endswith(".pptx")}
    presenters = {a: r for a, r in decks.items() if "-presenter." in a}
    assert presenters == {a: f"its public deck {a.removeprefix('downloads/').replace('-presenter', '')} is made again"
                          for a in presenters} != {}
    assert all(decks[a] == "a template changed" for a in decks if a not in presenters)


def test_a_failed_build_leaves_the_previous_output_and_poisons_no_cache(copy: Path, monkeypatch) -> None:  # noqa: ANN001
    before = files(copy / "site")
    path = copy / "content/objections/price.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("billed by days actually worked", "billed by the shift"),
                    encoding="utf-8")
    real = SiteBuilder.build

    def failing(self, views, out):  # noqa: ANN001, ANN202
        real(self, views, out)
        raise EnablekitError("site: boom")

    monkeypatch.setattr(SiteBuilder, "build", failing)
    with pytest.raises(EnablekitError):
        build(copy, today=TODAY)
    assert files(copy / "site") == before
    monkeypatch.setattr(SiteBuilder, "build", real)
    build(copy, today=TODAY)  # the artifacts made by the failed build are now reused, and correct
    after = files(copy / "site")
    assert after != before
    assert any("billed by the shift" in page.decode("utf-8", "replace") for name, page in after.items() if name.endswith(".html"))


def test_build_explain_and_force_on_the_command_line(copy: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(copy), "--today", TODAY.isoformat(), "--only", "deck", "--explain"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines and all(line.startswith("reused   downloads/") for line in lines)
    result = runner.invoke(cli, ["build", str(copy), "--today", TODAY.isoformat(), "--only", "deck", "--explain",
                                 "--force"])
    assert result.exit_code == 0, result.output
    assert all(re.match(r"rebuilt  downloads/\S+\.pptx: --force$", line) for line in result.stdout.splitlines() if line)


def test_a_project_without_mkdocs_yml_reuses_its_site_too(copy: Path) -> None:
    (copy / "mkdocs.yml").unlink()  # the builder writes a default one into a scratch folder, new each build
    build(copy, today=TODAY, only=["site"])
    again = build(copy, today=TODAY, only=["site"])
    assert again.explain == [("site (every page and the search index)", None)]


def test_a_file_of_the_output_changed_in_place_is_not_reused(copy: Path) -> None:
    """The output's files and the cached site share their bytes (hard links): writing into one in
    place changes the other, and the cache notices rather than serving the change again."""
    build(copy, today=TODAY)  # the output's files are now links to the cached ones
    page = copy / "site/index.html"
    original = page.read_bytes()
    with page.open("r+b") as file:  # in place, as an editor or a deploy script might
        file.write(b"<!-- changed by hand -->")
    result = build(copy, today=TODAY)
    assert rebuilt(result)["site (every page and the search index)"] == "its cached copy was changed or is incomplete"
    assert (copy / "site/index.html").read_bytes() == original


def test_an_output_for_other_readers_keeps_nothing_of_the_one_before(copy: Path, tmp_path: Path) -> None:
    """A build writes into the folders of the output it replaced before (kept in the cache): nothing of
    the internal site may stay in the public one built into the same folder."""
    out = tmp_path / "out"
    build(copy, out=out, today=TODAY)
    build(copy, out=out, today=TODAY)  # the first output is now kept as spare folders
    build(copy, out=out, audience="public", today=TODAY)
    fresh = tmp_path / "fresh"
    build(copy, out=fresh, audience="public", today=TODAY, force=True)
    assert_same_output(out, fresh)


def test_decks_made_side_by_side_are_the_decks_made_one_by_one(copy: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import os

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: the decks are always made one by one")
    import concurrent.futures

    pools = []
    real = concurrent.futures.ProcessPoolExecutor
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", lambda *a, **k: pools.append(1) or real(*a, **k))
    side_by_side = build(copy, out=tmp_path / "parallel", today=TODAY, only=["deck"], force=True)
    assert pools == [1]  # made side by side
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    one_by_one = build(copy, out=tmp_path / "serial", today=TODAY, only=["deck"], force=True)
    assert pools == [1]  # ...and one by one
    assert [a for a, _ in side_by_side.explain] == [a for a, _ in one_by_one.explain]
    assert side_by_side.warnings == one_by_one.warnings
    decks = sorted(p.name for p in (tmp_path / "parallel/downloads").glob("*.pptx"))
    assert len(decks) > 4
    assert_same_output(tmp_path / "parallel/downloads", tmp_path / "serial/downloads")


def test_a_pdf_whose_content_did_not_change_is_not_made_into_html_again(copy: Path, tmp_path: Path,
                                                                         monkeypatch) -> None:  # noqa: ANN001
    # a PDF's cache key is kept with what its HTML read of the views: a build knows it without the HTML
    from generator.outputs.pdf import builder as pdf_builder

    made: list[str] = []
    real = pdf_builder.make_job
    monkeypatch.setattr(pdf_builder, "make_job", lambda env, view, spec, **extra: (
        made.append(spec.filename), real(env, view, spec, **extra))[1])
    build(copy, today=TODAY)
    assert made == []
    _, again = edit_price_objection(copy, "billed by days actually worked", "billed per day worked")
    # only the workbooks read the objections (their role-play cards); the Chinese one's HTML is the same
    # as before, so its PDF is reused; the English one shows the changed text and is rendered again
    assert made == ["workbook-onboarding.zh.pdf", "workbook-onboarding.en.pdf"]
    assert again["downloads/workbook-onboarding.en.pdf"] == (
        "the objections changed; no PDF is cached for what it shows now (its content, styles or pictures"
        " changed, or it was never built)")
    assert not [a for a in again if a.endswith(".pdf") and "workbook-onboarding.en" not in a], again
    assert_same_as_from_scratch(copy, tmp_path)


def test_a_changed_picture_makes_the_pdfs_that_show_it_again(copy: Path) -> None:
    logo = copy / "content/assets/logo.svg"
    before = (copy / "site/downloads/battlecard-rival.en.pdf").read_bytes(), (copy / "site/downloads/booklet.en.pdf").read_bytes()
    logo.write_bytes(logo.read_bytes().replace(b"</svg>", b"<!-- redrawn --></svg>"))
    again = rebuilt(build(copy, today=TODAY, only=["pdf"]))
    assert again["downloads/booklet.en.pdf"] == (
        "a picture it shows changed; no PDF is cached for what it shows now (its content, styles or pictures"
        " changed, or it was never built)")
    assert "downloads/battlecard-rival.en.pdf" not in again  # a battlecard shows no logo
    assert (copy / "site/downloads/battlecard-rival.en.pdf").read_bytes() == before[0]
    assert (copy / "site/downloads/booklet.en.pdf").read_bytes() != before[1]


def test_llms_files_are_kept_until_the_content_or_the_pages_beside_them_change(copy: Path) -> None:
    before = files(copy / "site")
    result = build(copy, today=TODAY, only=["site", "llms"])
    assert ("llms", None) in result.explain
    assert files(copy / "site") == before
    _, again = edit_price_objection(copy, "billed by days actually worked", "billed per day worked")
    assert again["llms"] == "a project file (content, docs, templates, mkdocs.yml) changed"
    twin = (copy / "site/en/objections/temp-workers-cost/index.md").read_text(encoding="utf-8")
    assert "billed per day worked" in twin
    assert "billed per day worked" in (copy / "site/en/llms-full.txt").read_text(encoding="utf-8")


def test_a_deck_failing_in_the_background_fails_the_build_and_leaves_the_previous_output(copy: Path,
                                                                                        monkeypatch) -> None:  # noqa: ANN001
    # decks are drawn in a forked process while the next builders run: its error is the build's error
    from generator.outputs.deck import writer

    before = files(copy / "site")

    def failing(self):  # noqa: ANN001, ANN202
        raise EnablekitError(f"deck: {self.spec.filename}: boom")

    monkeypatch.setattr(writer.Deck, "build", failing)
    path = copy / "content/objections/price.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("billed by days actually worked", "billed by the shift"),
                    encoding="utf-8")
    # the only deck drawn again: the competitive deck (the presenter editions take the public decks' slides)
    with pytest.raises(EnablekitError, match=r"^deck: competitive-rival\.en\.pptx: boom$"):
        build(copy, today=TODAY)
    assert files(copy / "site") == before
    assert not [p for p in copy.iterdir() if p.name.startswith(".site.")]  # no stage left behind
    import multiprocessing

    assert multiprocessing.active_children() == []  # nor a process still drawing


def test_the_command_line_build_runs_no_thread_so_decks_are_drawn_side_by_side(copy: Path, monkeypatch) -> None:  # noqa: ANN001
    import threading

    from generator.outputs.deck.builder import DeckBuilder

    seen = []
    real = DeckBuilder.build

    def counting(self, views, out):  # noqa: ANN001, ANN202
        seen.append(threading.active_count())
        return real(self, views, out)

    monkeypatch.setattr(DeckBuilder, "build", counting)
    result = CliRunner().invoke(cli, ["build", str(copy), "--today", TODAY.isoformat(), "--only", "deck"])
    assert result.exit_code == 0, result.output
    assert seen == [1]  # a process with a second thread (a spinner's) is never forked


def test_a_drawn_brand_picture_is_kept_until_its_file_or_the_languages_change(copy: Path, monkeypatch) -> None:  # noqa: ANN001
    import cairosvg

    from generator.outputs.deck.builder import _drawn_svg

    drawn = []
    real = cairosvg.svg2png
    monkeypatch.setattr(cairosvg, "svg2png", lambda **kw: drawn.append(kw["output_height"]) or real(**kw))
    svg = (copy / "content/assets/logo.svg").read_bytes()
    shutil.rmtree(copy / ".enablekit-cache/brand", ignore_errors=True)
    first = _drawn_svg(copy, svg, 200, ["zh", "en"])
    assert first.startswith(b"\x89PNG") and drawn == [200]
    assert _drawn_svg(copy, svg, 200, ["zh", "en"]) == first and drawn == [200]  # kept
    _drawn_svg(copy, svg, 1500, ["zh", "en"])
    _drawn_svg(copy, svg, 200, ["en"])
    _drawn_svg(copy, svg.replace(b"</svg>", b'<rect width="1" height="1"/></svg>'), 200, ["zh", "en"])
    assert drawn == [200, 1500, 200, 200]


def test_a_builder_failing_while_decks_are_drawn_stops_them_all(copy: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    # the decks are drawn by a pool of processes that a forked process started: a failure of the build
    # stops every one of them, none is left drawing (or waiting for work) after the build
    import time

    from generator.outputs.deck import writer
    from generator.outputs.proposal import ProposalBuilder

    marks = tmp_path / "marks"
    marks.mkdir()

    def slow(self):  # noqa: ANN001, ANN202
        time.sleep(3)
        (marks / self.spec.filename).write_text("drawn", encoding="utf-8")
        raise AssertionError("never reached: the build stopped it")

    def failing(self, views, out):  # noqa: ANN001, ANN202
        time.sleep(1.5)  # the decks are being drawn
        raise EnablekitError("proposal: boom")

    monkeypatch.setattr(writer.Deck, "build", slow)
    monkeypatch.setattr(ProposalBuilder, "build", failing)
    before = files(copy / "site")
    with pytest.raises(EnablekitError, match="^proposal: boom$"):
        build(copy, today=TODAY, force=True)
    time.sleep(4)
    assert list(marks.iterdir()) == []
    assert files(copy / "site") == before


def test_the_downloads_expected_before_the_pending_work_is_done() -> None:
    import datetime as dt

    from generator.content.schema import Audience
    from generator.outputs.registry import BuildContext, Writes, _Done
    from generator.views.documents import Download

    def entry(file: str, kind: str, pages: int, size: int = 10) -> Download:
        return Download(file=file, kind=kind, id=file.split(".")[0], lang="en", audience="public", title=file.upper(),
                        pages=pages, bytes=size)

    context = BuildContext(root=Path("."), audience=Audience.internal, today=dt.date(2026, 12, 1))
    written = [entry("answers.en.xlsx", "answers", 48), entry("pitch.en.pptx", "deck", 12)]
    before = [entry("pitch.en.pptx", "deck", 13, 99), entry("booklet.en.pdf", "booklet", 6, 7),
              entry("gone.en.pdf", "brochure", 2)]
    context.pending = [(_Done(), lambda _: None)]
    context.writes = [Writes(frozenset({"deck"}), ("pitch.en.pptx",))]
    # what the pending work will record comes from the last build; what is written already stays
    assert context.expected_downloads(written, before) == [entry("answers.en.xlsx", "answers", 48),
                                                           entry("pitch.en.pptx", "deck", 13, 99)]
    context.writes = [Writes(frozenset({"deck"}), ("pitch.en.pptx",)),
                      Writes(frozenset({"booklet", "brochure"}), ("booklet.en.pdf",))]
    context.pending.append((_Done(), lambda _: None))
    assert [d.file for d in context.expected_downloads(written, before)] == [
        "answers.en.xlsx", "booklet.en.pdf", "pitch.en.pptx"]
    context.writes[1] = Writes(frozenset({"booklet"}), ("booklet.en.pdf", "booklet.zh.pdf"))
    assert context.expected_downloads(written, before) is None  # a file the last build did not make
    context.writes[1] = None
    assert context.expected_downloads(written, before) is None  # work that did not say what it records
    context.writes[1] = Writes()
    assert [d.file for d in context.expected_downloads(written, before)] == ["answers.en.xlsx", "pitch.en.pptx"]
    context.finish_pending()
    assert context.writes == [] and context.pending == []


def test_llms_files_made_ahead_are_taken_only_for_the_pages_the_site_has(copy: Path, tmp_path: Path) -> None:
    # while the site is made beside the downloads, llms makes its files for the pages of the last output; they
    # are taken when the new site has the same pages, else made again
    from generator.content.loader import load_or_fail
    from generator.content.schema import Audience
    from generator.outputs import BuildContext, Views
    from generator.outputs.llms import LlmsBuilder

    project, _ = load_or_fail(copy, today=TODAY)
    views = Views(project, Audience.internal)

    def llms(like: Path | None, out: Path) -> tuple[dict[str, bytes], int]:
        shutil.copytree(copy / "site", out, symlinks=True)
        for twin in [*out.rglob("index.md"), *out.rglob("llms*.txt")]:
            twin.unlink()
        context = BuildContext(root=copy, audience=Audience.internal, today=project.today, force=True)
        builder, made = LlmsBuilder(context), []
        real = builder._make
        builder._make = lambda *a: made.append(a[-1]) or real(*a)
        if like is not None:
            builder.prepare(views, like)
        builder.build(views, out)
        return files(out), len(made)

    plain, count = llms(None, tmp_path / "plain")
    assert count == 1 and "en/objections/temp-workers-cost/index.md" in plain
    assert llms(copy / "site", tmp_path / "ahead") == (plain, 1)  # made ahead only
    fewer = tmp_path / "fewer"
    shutil.copytree(copy / "site", fewer, symlinks=True)
    shutil.rmtree(fewer / "en/objections/temp-workers-cost")
    assert llms(fewer, tmp_path / "again") == (plain, 2)  # made ahead for other pages: made again


def _marks(folder: Path, name: str) -> list[list[int]]:
    return sorted([int(n) for n in p.read_text(encoding="utf-8").split()] for p in folder.glob(f"{name}-*"))


def test_a_pdf_is_laid_out_by_the_process_that_imported_weasyprint_while_the_content_was_loaded(
        copy: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import multiprocessing
    import os

    from generator.outputs.pdf import render

    marks = tmp_path / "marks"
    marks.mkdir()
    real_warm_up, real_layout = render.warm_up, render._layout

    def mark(name: str) -> None:
        (marks / f"{name}-{os.getpid()}").write_text(f"{os.getpid()} {os.getppid()}", encoding="utf-8")

    def warm_up() -> None:
        mark("warm")
        real_warm_up()

    def layout(*args):  # noqa: ANN002, ANN202
        mark("layout")
        return real_layout(*args)

    monkeypatch.setattr(render, "warm_up", warm_up)
    monkeypatch.setattr(render, "_layout", layout)
    build(copy, today=TODAY)  # nothing changed since the last build: no process is started to import WeasyPrint
    assert _marks(marks, "warm") == [] and _marks(marks, "layout") == []
    result, made = edit_price_objection(copy, "billed by days actually worked", "billed by the shift")
    assert [name for name in made if name.endswith(".pdf")]  # a PDF shows the objection: it is laid out again
    (warm, builder), = _marks(marks, "warm")
    assert builder == os.getpid()  # forked by the build
    laid_out = _marks(marks, "layout")
    assert laid_out and all(warm in (pid, parent) for pid, parent in laid_out)  # there, or by the pool it forked
    assert multiprocessing.active_children() == []
    assert_same_as_from_scratch(copy, tmp_path)


def test_the_process_importing_weasyprint_is_stopped_when_the_build_fails_or_has_no_pdf_to_lay_out(
        copy: Path, monkeypatch) -> None:  # noqa: ANN001
    import multiprocessing

    from generator.content.diagnostics import ContentError

    path = copy / "content/objections/price.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nnot: [valid\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(copy, today=TODAY)
    assert multiprocessing.active_children() == []
    path.write_text(path.read_text(encoding="utf-8").replace("\nnot: [valid\n", ""), encoding="utf-8")
    result = build(copy, today=TODAY, only=["deck", "site"])  # no builder lays out a PDF
    assert not [a for a, why in result.explain if a.endswith(".pdf")]
    assert multiprocessing.active_children() == []


def _warmed() -> str | None:
    import os

    return os.environ.get("ENABLEKIT_WARMED")


def test_a_warm_process_runs_the_work_handed_to_it_or_is_stopped_unused() -> None:
    import functools
    import multiprocessing
    import os

    from generator.outputs.registry import Warm

    warm = Warm(functools.partial(os.environ.setdefault, "ENABLEKIT_WARMED", "yes"))
    job = warm.take(_warmed)
    assert job is not None and job.result() == "yes"  # prepared first, in that process
    assert warm.take(_warmed) is None  # it runs one piece of work
    assert "ENABLEKIT_WARMED" not in os.environ
    unused = Warm(lambda: None)
    assert unused.take(lambda: 1) is None  # what cannot be sent to it is not taken; it is stopped
    Warm(lambda: None).close()
    assert multiprocessing.active_children() == []


def test_a_scratch_folder_left_by_a_stopped_build_is_removed_by_the_next(copy: Path) -> None:
    scratch = copy / ".enablekit-cache" / "scratch"
    abandoned = scratch / "enablekit-site-999999999-abc" / "lang-en"  # no such process
    abandoned.mkdir(parents=True)
    (abandoned / "index.html").write_text("<p>half</p>", encoding="utf-8")
    running = scratch / f"enablekit-site-{os.getppid()}-abc"  # a process that runs: another build, say
    running.mkdir()
    build(copy, today=TODAY, only=["site"], force=True)
    assert sorted(p.name for p in scratch.iterdir()) == [running.name]


def test_the_pages_are_linked_into_the_output_while_pagefind_runs_without_its_unfinished_index(
        copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind runs outside the interpreter: the pages are linked into the output meanwhile, and the index it
    is making beside the one in use (a folder of the site while it runs) never reaches the output."""
    import threading

    from generator.outputs.site import builder, search

    linked = threading.Event()
    real_sync, real_index = builder.sync_tree, search.index_site

    def sync(source: Path, target: Path, skip=()) -> None:  # noqa: ANN001
        real_sync(source, target, skip)
        linked.set()

    def index(**job) -> int:  # noqa: ANN003
        (Path(job["site_dir"]) / search.being_made()[0]).mkdir()  # as Pagefind's run starts
        if not linked.wait(30):
            raise search.SearchError("the pages were not linked while the index was made")
        return real_index(**job)

    monkeypatch.setattr(builder, "sync_tree", sync)
    monkeypatch.setattr(search, "index_site", index)
    (copy / "content/objections/price.yaml").write_text(
        (copy / "content/objections/price.yaml").read_text(encoding="utf-8").replace("billed by days actually worked", "billed per day worked"), encoding="utf-8")
    out = tmp_path / "out"
    build(copy, out=out, today=TODAY, only=["site"])
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob(".pagefind*")) == []
    assert json.loads((out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
    assert json.loads((out / "en/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))["languages"]


def test_when_no_project_file_changed_the_site_is_not_made_in_a_process_of_its_own(copy: Path, monkeypatch) -> None:  # noqa: ANN001
    """Nothing edited since the last build: the site is most likely reused whole, so it is not started before
    the downloads' builders in a forked process (that costs more than it saves)."""
    from generator import pipeline

    started = []
    monkeypatch.setattr(pipeline, "_start_beside", lambda *a, **k: started.append(a) and None)
    result = build(copy, today=TODAY)
    assert started == []
    assert ("site (every page and the search index)", None) in result.explain
    assert rebuilt(result) == {"answers": "this output is made every time (it is not cached)"}


def test_a_build_leaves_the_garbage_collector_as_it_found_it(copy: Path) -> None:
    """The loaded project is frozen out of the garbage collections while the builders' processes share it;
    the caller's collector gets it back, after a failed build too (serve and the tests build many times)."""
    import gc

    build(copy, today=TODAY, only=["deck", "site"])
    assert gc.get_freeze_count() == 0
    (copy / "mkdocs.yml").write_text("site_name: [\n", encoding="utf-8")
    with pytest.raises(EnablekitError):
        build(copy, today=TODAY, only=["deck", "site"])
    assert gc.get_freeze_count() == 0
