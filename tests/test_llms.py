"""llms.txt, llms-full.txt and the pages' Markdown twins (llmstxt.org), per language and audience, from
the hostile corpus: the public site's files hold no internal text; the sales team's do."""

from __future__ import annotations

import shutil

import pytest

from generator import build

from .conftest import FIXTURES, TODAY

CANARY = "ZZLEAKZZ"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("llms")
    project = base / "project"
    shutil.copytree(FIXTURES / "hostile", project)
    return {audience: build(project, out=base / audience, audience=audience, only=["site", "llms"],
                            today=TODAY).out for audience in ("public", "internal")}


def _texts(site):
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*")) if p.suffix in (".md", ".txt")}


def test_llms_txt_lists_every_page_of_the_audience_with_its_twin(sites):
    site = sites["public"]
    text = (site / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Nordlicht <b>Security</b> & \"Co\""
    assert lines[2] == "> Zero trust for plants <img src=x onerror=alert('slogan')>"
    assert "for the public audience, in en (also in: de)" in text
    assert ("- [Segmentation (Beta: not generally available yet (expected March 2027))](capabilities/index.md):"
            " Zones and conduits.") in lines
    assert "- [Guide</title><script>alert('wp-title')</script>](whitepapers/guide/index.md): OT segmentation in" \
           " practice <script>alert('wp-summary')</script>" in lines
    for link in [line.split("](")[1].split(")")[0] for line in lines if line.startswith("- [")]:
        assert (site / link).is_file(), link
        assert (site / link).with_suffix(".html").is_file(), link  # the twin sits beside its page
    assert [line for line in lines if line.startswith("## ")] == [
        "## Capabilities", "## Customer cases", "## Buyer roles", "## Industries", "## Whitepapers",
        "## Questionnaire answers", "## Pages"]


def test_every_language_has_its_own_files(sites):
    site = sites["public"]
    german = (site / "de" / "llms.txt").read_text(encoding="utf-8")
    assert "in de (also in: en)" in german
    assert "- [Asset-Erkennung](capabilities/index.md)" in german
    twin = (site / "de" / "whitepapers" / "guide" / "index.md").read_text(encoding="utf-8")
    assert twin.startswith("---\nid: guide\nkind: whitepaper\n")
    assert (site / "de" / "llms-full.txt").is_file()


def test_twins_carry_front_matter_and_the_content_as_written(sites):
    twin = (sites["public"] / "cases" / "stadtwerke-public" / "index.md").read_text(encoding="utf-8")
    assert twin.startswith("---\nid: stadtwerke-public\nkind: case\ntitle: Stadtwerke Nord <svg/onload=alert('case')>\n"
                           "url: null\nsource: content/cases/stadtwerke-public.yaml:1\nreviewed: '2026-11-01'\n"
                           "stale: false\n---\n")
    assert "## Results\n\n- Audit prep: -60% (10 → 4 days)" in twin
    assert "owner" not in twin


def test_the_public_files_hold_no_internal_text(sites):
    texts = _texts(sites["public"])
    assert {"llms.txt", "llms-full.txt", "de/llms.txt", "capabilities/index.md", "notes/index.md"} <= set(texts)
    assert [name for name, text in texts.items() if CANARY in text] == []
    assert not (sites["public"] / "internal-notes").exists()


def test_the_sales_teams_files_hold_the_internal_content(sites):
    """Positive control: the same files of the internal build do hold the canary."""
    texts = _texts(sites["internal"])
    assert CANARY in texts["llms-full.txt"]
    assert CANARY in texts["competitors/rival/index.md"]
    assert "owner: o@nordlicht.example" in texts["objections/too-expensive/index.md"]
    assert "- [ZZLEAKZZ too expensive](objections/too-expensive/index.md): ZZLEAKZZ short answer" in texts["llms.txt"]
