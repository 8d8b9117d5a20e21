"""The example company shipped in the repository: complete, valid, and safe to publish."""

from __future__ import annotations

from collections import Counter

import pytest

from generator import build, load_project

from .conftest import ROOT, TODAY


@pytest.fixture(scope="module")
def example():
    project, diags = load_project(ROOT, today=TODAY)
    assert project is not None
    return project, diags


def test_example_is_valid_and_only_deliberately_stale(example):
    _, diags = example
    assert [str(d) for d in diags.errors] == []
    # values that state only a change ("-63%") warn that charts leave them out: tests/test_numbers.py
    assert sorted(str(d) for d in diags.warnings if d.code != "numbers") == [
        "content/competitors/globalsuite.yaml:212:11: warning: competitor 'globalsuite' is stale:"
        " last reviewed 2026-06-30, review was due 2026-09-28",
        "content/personas/store-manager.yaml:50:11: warning: persona 'store-manager' is stale:"
        " last reviewed 2026-05-12, review was due 2026-08-10",
    ]


def test_example_is_complete(example):
    p, _ = example
    assert p.languages == ["zh", "en"]
    roles = {persona.role_in_decision for persona in p.personas.values()}
    assert roles == {"decides", "influences", "uses", "relays", "procures"} and len(p.personas) >= 5
    assert len(p.industries) >= 4 and len(p.competitors) >= 3 and len(p.objections) >= 40
    covered_roles = {r for o in p.objections.values() for r in o.roles}
    covered_industries = {i for o in p.objections.values() for i in o.industries}
    assert covered_roles == set(p.personas) and covered_industries == set(p.industries)
    audiences = Counter(c.effective_audience.value for c in p.cases.values())
    assert len(p.cases) >= 6 and audiences["public"] >= 2 and audiences["internal"] >= 2
    assert {c.status for c in p.capabilities.values()} == {"ga", "beta", "roadmap"}
    assert len(p.whitepapers) >= 2
    assert all(set(w.body.languages) == {"zh", "en"} for w in p.whitepapers.values())
    ltc = p.playbooks["ltc"]
    assert len(ltc.stages) >= 6
    visit = next(s for s in ltc.stages if s.id == "visit")
    assert len(visit.checklist) >= 6
    assert len(p.training) >= 1 and len(p.deals) >= 2


def test_every_text_of_the_example_is_translated(example):
    _, diags = example
    assert [d for d in diags.warnings if d.code == "translation"] == []


def test_public_build_of_the_example_leaks_nothing(tmp_path, example):
    p, _ = example
    out = build(ROOT, out=tmp_path / "public", audience="public", today=TODAY).out
    secrets = [c.customer.values["zh"] for c in p.cases.values() if c.effective_audience.value == "internal"]
    secrets += [c.name.values.get("zh", "") for c in p.competitors.values()]
    secrets += [plan.price.values["zh"] for plan in p.company.product.pricing.plans]
    secrets += [o.short.values["zh"][:20] for o in list(p.objections.values())[:10]]
    assert len([s for s in secrets if s]) >= 10
    files = [path for path in out.rglob("*") if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".css")]
    assert {out / "index.html", out / "en/index.html", out / "sitemap.xml"} <= set(files)
    leaks = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        leaks += [(str(path.relative_to(out)), s) for s in secrets if s and s in text]
    assert leaks == []
    assert not (out / "authoring").exists()
