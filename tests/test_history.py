"""Health, trend and release notes over a git history: four weekly commits of a small project."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import FIXTURES
from .git_history import make_repo

pytestmark = pytest.mark.needs("git")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("history") / "project")


def _run(*args: str):  # noqa: ANN202
    return CliRunner().invoke(cli, list(args))


def test_health_json(repo: Path):
    result = _run("health", str(repo), "--today", "2026-11-23", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    trend = data.pop("trend")
    assert [len(p.pop("commit")) for p in trend] == [10, 10, 10, 10]
    assert trend == [
        {"date": "2026-11-02", "subject": "The content as it was", "score": 0.929},
        {"date": "2026-11-09", "subject": "Objection: another app for store managers", "score": 0.933},
        {"date": "2026-11-16", "subject": "Faster rollout talk track", "score": 0.867},
        {"date": "2026-11-23", "subject": "Forecast is GA", "score": 0.867},
    ]
    stale = {"owner": "b@test.example", "state": "stale"}
    assert data == {
        "today": "2026-11-23", "score": 0.867, "min_score": 0.8, "passed": True,
        "scores": {"company": 1.0, "capabilities": 1.0, "personas": 0.0, "industries": 1.0, "competitors": 1.0,
                   "objections": 1.0, "cases": 1.0, "whitepapers": 1.0, "playbooks": 1.0, "training": 1.0},
        "counts": {"fresh": 13, "stale": 2, "never": 0},
        "attention": {"b@test.example": [
            {"kind": "personas", "id": "store-manager", **stale, "reviewed": "2026-05-01", "due": "2026-07-30",
             "path": "content/personas/store-manager.yaml", "line": 6},
            {"kind": "personas", "id": "cfo", **stale, "reviewed": "2026-11-01", "due": "2026-11-11",
             "path": "content/personas/cfo.yaml", "line": 15},
        ]},
        "coverage": {
            "industries": {"empty": [], "cells": {"cfo/retail": 1, "store-manager/retail": 1},
                           "general": {"cfo": 1, "store-manager": 1}},
            "stages": {"empty": [["store-manager", "proposal"]], "cells": {"cfo/proposal": 1},
                       "general": {"cfo": 1, "store-manager": 2}},
            "competitors": {"empty": [["store-manager", "rival"]], "cells": {"cfo/rival": 1},
                            "general": {"cfo": 1, "store-manager": 2}},
            "personas_without_content": ["store-manager"],
            "industries_without_public_case": [],
            "claims_without_proof": [],
            "capabilities_without_case": ["forecast", "rostering"],
            "gaps": [],
        },
        "orphans": {"capabilities": [], "cases": [], "whitepapers": ["guide"], "competitors": []},
        "translations": {"en": [{"kind": "personas", "id": "cfo", "missing": 1}]},
        "trend_note": None,
    }


def test_health_text_and_strict_gate(repo: Path):
    result = _run("health", str(repo), "--today", "2026-11-23")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "health score 87% (minimum 80%) as of 2026-11-23"
    assert lines[2:6] == [
        "to verify, by owner:",
        "  b@test.example",
        "    content/personas/store-manager.yaml:6: personas:store-manager (due 2026-07-30)",
        "    content/personas/cfo.yaml:15: personas:cfo (due 2026-11-11)",
    ]
    assert lines[-1] == "trend: 2026-11-02 93%, 2026-11-09 93%, 2026-11-16 87%, 2026-11-23 87%"
    strict = _run("health", str(repo), "--today", "2027-03-01", "--strict", "--no-trend")
    assert strict.exit_code == 1
    assert "health score 0% is below the minimum 80%" in strict.output


def test_health_github_annotations(repo: Path):
    result = _run("health", str(repo), "--today", "2026-11-23", "--format", "github", "--no-trend")
    assert result.output.splitlines() == [
        "::warning file=content/personas/store-manager.yaml,line=6,title=enablekit health::personas:store-manager"
        " is stale (review was due 2026-07-30; owner b@test.example)",
        "::warning file=content/personas/cfo.yaml,line=15,title=enablekit health::personas:cfo is stale"
        " (review was due 2026-11-11; owner b@test.example)",
        "::notice title=enablekit health::health score 87%25, minimum 80%25",
    ]


def test_no_trend_outside_git(tmp_path: Path, repo: Path):
    copy = tmp_path / "plain"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"))
    result = _run("health", str(copy), "--today", "2026-11-23", "--format", "json")
    data = json.loads(result.output)
    assert (data["trend"], data["trend_note"]) == (None, "not a git repository: no trend")
    changes = _run("changes", str(copy))
    assert changes.exit_code == 1
    assert "not in a git repository; `changes` compares git revisions" in str(changes.exception)


def test_changes_text(repo: Path):
    result = _run("changes", str(repo), "--since", "HEAD~3", "--today", "2026-11-23", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.fullmatch(r"changes since HEAD~3 \([0-9a-f]{10}, 2026-11-02\)", lines[0])
    assert lines[1:] == [
        "for sales:",
        "  ~ capability forecast: Forecast (status roadmap → ga; expected 2027-06 → —)  → /capabilities/#forecast",
        "  + objection no-mobile-app: Store managers won't install another app  → /objections/no-mobile-app/",
        "  ~ objection too-slow-rollout: Rollout takes too long (talk track: short)  → /objections/too-slow-rollout/",
        "      short:",
        "      - Live in four weeks",
        "      + First stores live in two weeks.",
        "      + The rest follow store by store.",
        "for presales:",
        "  ~ capability forecast: Forecast (status roadmap → ga; expected 2027-06 → —)  → /capabilities/#forecast",
    ]


def test_changes_by_date_json_and_audience(repo: Path):
    result = _run("changes", str(repo), "--since", "2026-11-10", "--today", "2026-11-23", "--format", "json")
    data = json.loads(result.output)
    assert data["date"] == "2026-11-09"
    assert [(c["action"], c["id"]) for c in data["groups"]["sales"]] == [
        ("updated", "forecast"), ("updated", "too-slow-rollout")]
    assert data["groups"]["sales"][1]["diff"] == {"short": ["- 四周上线", "+ 两周上线首批门店"]}
    public = _run("changes", str(repo), "--since", "HEAD~3", "--audience", "public", "--format", "json")
    assert [c["id"] for g in json.loads(public.output)["groups"].values() for c in g] == ["forecast", "forecast"]


def test_changes_refuses_unknown_revisions(repo: Path):
    result = _run("changes", str(repo), "--since", "nope")
    assert result.exit_code == 1
    assert str(result.exception) == "'nope' is not a revision of this repository (nor a date YYYY-MM-DD)"


def test_heat_map_marks_the_empty_cells(repo: Path):
    import datetime as dt

    from generator.content.loader import load_project
    from generator.team import health
    from generator.team.plot import heatmap

    project, _ = load_project(repo, today=dt.date(2026, 11, 23))
    stages, competitors = health.compute(project).matrices[1:]
    svg = heatmap(stages, lambda r: project.personas[r].name.get("en", "zh"), lambda c: c, general_label="(any)")
    assert re.findall(r'id="(empty-[^"]+)"', svg) == ["empty-store-manager-proposal"]
    assert ">(any)<" in svg and ">CFO<" in svg  # labels stay text
    svg = heatmap(competitors, lambda r: "<b>&" + r, lambda c: c)
    assert re.findall(r'id="(empty-[^"]+)"', svg) == ["empty-store-manager-rival"]
    assert "<b>" not in svg and "&lt;b&gt;&amp;cfo" in svg  # content is escaped XML text


def test_changes_page_and_atom_feed(repo: Path):
    import datetime as dt

    from lxml import etree

    from generator.content.loader import load_project
    from generator.outputs.site.pages import generate
    from generator.views.audience import view

    project, _ = load_project(repo, today=dt.date(2026, 11, 30))  # 30 days back: before the history
    pages = generate(view(project, "internal"), "en").pages
    page = pages["changes/index.md"]
    assert "What changed in the content since Nov 2, 2026 (commit " in page
    assert "- **New** <small class=\"ek-kind\">Objection library</small> [Store managers won&#39;t install" \
        " another app](../objections/no-mobile-app.md)" in page or \
        "- **New** <small class=\"ek-kind\">Objection library</small> [Store managers won't install" \
        " another app](../objections/no-mobile-app.md)" in page
    assert "[Forecast](../capabilities.md#forecast) — status Roadmap → Available" in page
    assert ('<pre class="ek-diff"><del>- Live in four weeks</del>\n<ins>+ First stores live in two weeks.</ins>\n'
            '<ins>+ The rest follow store by store.</ins>\n</pre>') in page
    feed = etree.fromstring(pages["changes/feed.xml"].encode())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)] == [
        "Updated: Forecast", "New: Store managers won't install another app", "Updated: Rollout takes too long"]
    assert [link.get("href") for link in feed.findall("a:entry/a:link", ns)] == [
        "../capabilities/#forecast", "../objections/no-mobile-app/", "../objections/too-slow-rollout/"]


def test_one_page_health_pdf(repo: Path, tmp_path: Path):
    import subprocess

    result = _run("health", str(repo), "--today", "2026-11-23", "--pdf", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "health.en.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Content health" in text and "87%" in text and "Store manager (Buyer roles)" in text
    assert "Buyer role × sales stage · No objection yet: 1" in text


def test_changes_markdown_in_the_asked_language_with_full_links(repo: Path):
    """Pasted into a mail or a chat, the note's links still work: full addresses from --site-url (or
    mkdocs.yml's site_url), each to the page in the note's language; headings in that language."""
    result = _run("changes", str(repo), "--since", "HEAD~3", "--format", "markdown",
                  "--site-url", "https://sales.example.com/")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "# 最近更新"
    assert "- **更新** 产品能力：[预测](https://sales.example.com/capabilities/#forecast) — 状态 规划中 → 已上线" in lines
    english = _run("changes", str(repo), "--since", "HEAD~3", "--format", "markdown", "--lang", "en",
                   "--site-url", "https://sales.example.com")
    assert "[Forecast](https://sales.example.com/en/capabilities/#forecast)" in english.output


def test_changes_as_a_markdown_release_note(repo: Path):
    result = _run("changes", str(repo), "--since", "HEAD~3", "--format", "markdown", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.split("## For presales")[0].splitlines()[4:] == [
        "## For sales",
        "",
        "- **Updated** Capabilities: [Forecast](en/capabilities/#forecast) — status Roadmap → Available",
        "- **New** Objection library: [Store managers won't install another app](en/objections/no-mobile-app/)",
        "- **Updated** Objection library: [Rollout takes too long](en/objections/too-slow-rollout/) — talk track changed",
        "",
        "  ```diff",
        "  - Live in four weeks",
        "  + First stores live in two weeks.",
        "  + The rest follow store by store.",
        "  ```",
        "",
        "",
    ]


def test_the_health_pdf_never_breaks_a_word(tmp_path):
    """French kind names are long ("Fonctionnalités", "Traitement des objections"): the table keeps every word
    whole, breaking only between words."""
    from generator.language.i18n import labels

    result = _run("health", str(FIXTURES / "lang-fr"), "--no-trend", "--pdf", str(tmp_path), "--lang", "fr",
                  "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "health.fr.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = set(text.split())
    L = labels("fr")
    for key in ("capabilities", "objections", "competitors", "industries", "personas", "cases", "health_items"):
        for word in L[key].split():
            assert word in words, (key, word)


def test_heat_map_is_an_svg_of_one_cell_per_count_sized_to_its_labels():
    from lxml import etree

    from generator.team.health import Matrix
    from generator.team.plot import CELL_W, heatmap

    matrix = Matrix("roles x stages", ["cfo", "cio"], ["lead", "demo", "handover"],
                    {("cfo", "lead"): 4, ("cfo", "demo"): 2, ("cio", "demo"): 1}, {"cfo": 3})
    svg = heatmap(matrix, {"cfo": "财务负责人", "cio": "Chief information officer"}.get, str.upper,
                  colour="#C8102E", general_label="(any)", alt="Objections per role & stage")
    root = etree.fromstring(svg.encode("utf-8"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns).text == "Objections per role & stage"
    assert [g.get("id") for g in root.iterfind(".//s:g", ns)] == ["empty-cfo-handover", "empty-cio-lead",
                                                                "empty-cio-handover"]
    counts = [t.text for t in root.iterfind("s:text", ns) if t.get("text-anchor") == "middle"]
    assert counts == ["4", "2", "3", "1", "0"]  # row by row; the last column counts what names no stage
    fills = [r.get("fill") for r in root.iterfind("s:rect", ns)]
    assert fills[0] == "#C8102E" and "#FFFFFF" not in fills  # the largest count in the brand colour itself
    labels = [t.text for t in root.iterfind("s:text", ns) if t.get("text-anchor") in ("end",)]
    assert labels == ["财务负责人", "Chief information officer", "LEAD", "DEMO", "HANDOVER", "(any)"]
    # the longest row label fits left of the grid: the first column starts after it
    first_cell = min(float(r.get("x")) for r in root.iterfind("s:rect", ns))
    assert first_cell >= 0.6 * 9 * len("Chief information officer") and float(root.get("viewBox").split()[2]) >= \
        first_cell + 4 * CELL_W
