"""What serve keeps from one reading of the project to the next (content/reader.py, content/validate.py,
views/audience.py): the entities of the files a save did not change, their problems and what the audience
view made of them. Whatever is kept, each reading must give what a reading from scratch gives: the same
problems as ``path:line:col: message`` in the same order, the same project, the same view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.content import reader, validate
from generator.content.loader import load_project
from generator.views import audience as audiences

from .conftest import TODAY


@pytest.fixture
def kept():
    """Serve's reuse switched on (as live.start_session does), and off again."""
    reader.keep_parsed(True)
    validate.keep_checked(True)
    try:
        yield
    finally:
        reader.keep_parsed(False)
        validate.keep_checked(False)


def _from_scratch(project: Path):
    """A reading that keeps nothing: what ``enablekit build`` reads."""
    on = reader._KEEP_PARSED, validate._KEEP_CHECKED
    saved = reader._READ, validate._CHECKED, validate._SETTING
    reader._KEEP_PARSED = validate._KEEP_CHECKED = False
    try:
        return load_project(project, today=TODAY)
    finally:
        reader._KEEP_PARSED, validate._KEEP_CHECKED = on
        reader._READ, validate._CHECKED, validate._SETTING = saved


def _problems(diags) -> list[str]:  # noqa: ANN001
    return [f"{d.severity.value}: {d}" for d in diags.items]


def _same_as_from_scratch(project: Path):  # noqa: ANN202
    """Read ``project`` with what the last reading kept; check it against a reading from scratch."""
    loaded, diags = load_project(project, today=TODAY)
    fresh, fresh_diags = _from_scratch(project)
    assert _problems(diags) == _problems(fresh_diags)
    assert (loaded is None) == (fresh is None)
    if loaded is not None:
        for kind in ("company", "capabilities", "personas", "objections", "cases", "whitepapers", "playbooks",
                     "training", "deals", "competitors", "industries"):
            assert getattr(loaded, kind) == getattr(fresh, kind), kind
        assert loaded.broken == fresh.broken
        assert loaded.assets == fresh.assets
    return loaded, diags


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_save_reads_again_only_the_changed_file_and_gives_what_a_whole_reading_gives(
        project: Path, kept, monkeypatch) -> None:  # noqa: ANN001
    validated: list[str] = []
    real = reader._Reader.validate

    def counting(self, cls, data, source, **kw):  # noqa: ANN001, ANN202
        validated.append(source.path)
        return real(self, cls, data, source, **kw)

    monkeypatch.setattr(reader._Reader, "validate", counting)
    first, _ = _same_as_from_scratch(project)
    cfo = project / "content" / "personas" / "cfo.yaml"
    _edit(cfo, "en: CFO}", "en: Head of finance}")
    validated.clear()
    load_project(project, today=TODAY)
    saw = sorted(set(validated))
    second, diags = _same_as_from_scratch(project)
    # the reading with what was kept validated the saved file's entity and the whitepaper (read with its translation), no other
    assert saw == ["content/personas/cfo.yaml", "content/whitepapers/guide.md"]
    assert second.personas["cfo"].name.get("en", "zh") == "Head of finance"
    assert second.personas["store-manager"] is first.personas["store-manager"]  # not loaded again
    assert second.objections["temp-workers-cost"] is first.objections["temp-workers-cost"]
    assert second.personas["cfo"] is not first.personas["cfo"]
    assert not diags.errors


def test_a_reference_a_save_breaks_in_another_file_is_reported_there(project: Path, kept) -> None:  # noqa: ANN001
    _same_as_from_scratch(project)
    cfo = project / "content" / "personas" / "cfo.yaml"
    cfo.rename(project / "content" / "personas" / "chief-financial-officer.yaml")  # its id is its file's name
    _, diags = _same_as_from_scratch(project)
    errors = [str(d) for d in diags.errors]
    # price.yaml did not change: its entities are the kept ones, and their reference to cfo is now wrong
    assert any(e.startswith("content/objections/price.yaml:3:11: unknown persona 'cfo'") for e in errors), errors
    assert any(e.startswith("deals/big-deal.yaml:") and "unknown persona 'cfo'" in e for e in errors), errors
    (project / "content" / "personas" / "chief-financial-officer.yaml").rename(cfo)
    _, diags = _same_as_from_scratch(project)
    assert not diags.errors


def test_an_error_in_the_saved_file_is_reported_with_its_place_and_fixing_it_clears_it(
        project: Path, kept) -> None:  # noqa: ANN001
    _same_as_from_scratch(project)
    cfo = project / "content" / "personas" / "cfo.yaml"
    good = cfo.read_text(encoding="utf-8")
    _edit(cfo, "role_in_decision: influences", "role_in_decision: sometimes")
    _, diags = _same_as_from_scratch(project)
    assert [str(d) for d in diags.errors] == [
        "content/personas/cfo.yaml:3:19: role_in_decision: 'sometimes' is not one of: decides, influences, uses, "
        "relays, procures"]
    # a syntax error: the persona exists (references to it are no error) but is not loaded
    cfo.write_text(good + "fears: [unclosed\n", encoding="utf-8")
    loaded, diags = _same_as_from_scratch(project)
    errors = [str(d) for d in diags.errors]
    assert errors and all(re.match(r"content/personas/cfo\.yaml:\d+:\d+: ", e) for e in errors), errors
    assert not any("unknown persona 'cfo'" in e for e in errors)
    cfo.write_text(good, encoding="utf-8")
    loaded, diags = _same_as_from_scratch(project)
    assert not diags.errors and "cfo" in loaded.personas


def test_a_duplicate_id_in_an_unchanged_file_is_reported_once_a_save_makes_it_one(
        project: Path, kept) -> None:  # noqa: ANN001
    _same_as_from_scratch(project)
    other = project / "content" / "objections" / "more.yaml"
    other.write_text("- id: too-slow-rollout\n  objection: {zh: 慢, en: Slow}\n  category: timing\n"
                     "  short: {zh: 快, en: Fast}\n  owner: e@test.example\n  reviewed: 2026-11-01\n", encoding="utf-8")
    _, diags = _same_as_from_scratch(project)
    assert any("duplicate objection id 'too-slow-rollout'" in str(d) for d in diags.errors)
    other.unlink()
    _, diags = _same_as_from_scratch(project)
    assert not diags.errors


def test_a_new_company_owner_reaches_the_kept_items_that_name_none(project: Path, kept) -> None:  # noqa: ANN001
    retail = project / "content" / "industries" / "retail.yaml"
    retail.write_text(re.sub(r"(?m)^owner: .*\n", "", retail.read_text(encoding="utf-8")), encoding="utf-8")
    first, _ = _same_as_from_scratch(project)
    assert first.objections["temp-workers-cost"].owner == "e@test.example"
    owned = [e for e in first.entities() if e.kind in ("whitepapers", "industries") and e.owner == "owner@test.example"]
    assert [e.id for e in owned] == ["retail"]
    _edit(project / "content" / "company.yaml", "owner: owner@test.example", "owner: new@test.example")
    second, _ = _same_as_from_scratch(project)
    for entity in owned:
        assert second.kind(entity.kind)[entity.id].owner == "new@test.example"
    assert first.kind(owned[0].kind)[owned[0].id].owner == "owner@test.example"  # the last reading's left as it was


def test_a_project_wide_change_checks_every_entity_again(project: Path, kept) -> None:  # noqa: ANN001
    """Dropping a language from company.yaml makes every other file's text with that language an error:
    the kept problems of the unchanged files are not reused in another setting."""
    _same_as_from_scratch(project)
    _edit(project / "content" / "company.yaml", "languages: [zh, en]", "languages: [zh]")
    _, diags = _same_as_from_scratch(project)
    errors = [str(d) for d in diags.errors]
    assert any(e.startswith("content/personas/cfo.yaml:1:") and "unknown language 'en'" in e for e in errors), errors
    _edit(project / "content" / "company.yaml", "languages: [zh]", "languages: [zh, en]")
    _, diags = _same_as_from_scratch(project)
    assert not diags.errors


def test_an_image_s_file_is_looked_at_on_every_reading(project: Path, kept) -> None:  # noqa: ANN001
    """An entity that shows an image is checked again each time: its file may be gone though its text is the same."""
    cfo = project / "content" / "personas" / "cfo.yaml"
    _edit(cfo, 'en: "Lead with cost.', 'en: "![Logo](../assets/logo.svg) Lead with cost.')
    loaded, diags = _same_as_from_scratch(project)
    assert not diags.errors and any(p.name == "logo.svg" for p in loaded.assets)
    (project / "content" / "assets" / "logo.svg").rename(project / "content" / "assets" / "gone.svg")
    _, diags = _same_as_from_scratch(project)
    assert any(str(d).startswith("content/personas/cfo.yaml:") and "does not exist" in str(d) for d in diags.errors)


@pytest.mark.parametrize("audience", ["internal", "partner", "public"])
def test_the_view_of_a_saved_project_is_the_one_made_from_scratch(project: Path, kept, audience: str) -> None:  # noqa: ANN001
    memo = audiences.ViewMemo()
    edits = [
        (project / "content" / "personas" / "cfo.yaml", "en: CFO}", "en: Head of finance}"),
        (project / "content" / "cases" / "public-case.yaml", "audience: public", "audience: internal"),  # hidden now
        (project / "content" / "cases" / "public-case.yaml", "audience: internal", "audience: public"),
    ]
    for step in range(len(edits) + 1):
        loaded, _ = load_project(project, today=TODAY)
        made = audiences.view(loaded, audience, memo=memo)
        fresh = audiences.view(_from_scratch(project)[0], audience)
        for kind in ("company", "personas", "objections", "cases", "whitepapers", "playbooks", "training", "deals"):
            assert getattr(made, kind) == getattr(fresh, kind), (step, kind)
        assert made.assets == fresh.assets
        if step < len(edits):
            _edit(*edits[step])
    again = audiences.view(load_project(project, today=TODAY)[0], audience, memo=memo)
    assert made.personas and again.personas == made.personas
    for ident, persona in made.personas.items():  # nothing changed: each made once
        assert again.personas[ident] is persona
