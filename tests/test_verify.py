"""`enablekit verify`: re-verification recorded in place, every other byte of the file kept."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.content.diagnostics import EnablekitError
from generator.content.loader import load_project
from generator.content.verify import set_field, verify

from .conftest import FIXTURES

SAMPLE = FIXTURES / "verify" / "objections.yaml"


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def test_reviewed_date_is_replaced_and_nothing_else():
    text = SAMPLE.read_text(encoding="utf-8")
    out, old = set_field(text, (0,), "reviewed", "2026-11-20")
    assert old == "2026-05-01"
    assert _changed_lines(text, out) == [
        ("  reviewed: 2026-05-01   # last checked by finance", "  reviewed: 2026-11-20   # last checked by finance"),
    ]


def test_owner_keeps_its_quotes():
    text = SAMPLE.read_text(encoding="utf-8")
    out, old = set_field(text, (0,), "owner", "Li Na")
    assert old == "王芳 <fang.wang@example.com>"
    assert _changed_lines(text, out) == [('  owner: "王芳 <fang.wang@example.com>"', '  owner: "Li Na"')]


def test_a_missing_field_is_one_new_line_after_the_owner():
    text = SAMPLE.read_text(encoding="utf-8")
    out, old = set_field(text, (1,), "reviewed", "2026-11-20")
    assert old is None
    assert out == text.replace("  owner: li@example.com\n", "  owner: li@example.com\n  reviewed: 2026-11-20\n")


def test_flow_mappings_are_edited_in_their_line():
    text = SAMPLE.read_text(encoding="utf-8")
    out, _ = set_field(text, (2,), "reviewed", "2026-11-20")
    assert _changed_lines(text, out) == [
        ("- {id: flow-item, objection: Flow, short: Flow short, reviewed: '2026-01-02'}",
         "- {id: flow-item, objection: Flow, short: Flow short, reviewed: '2026-11-20'}"),
    ]
    out, _ = set_field(out, (2,), "owner", "Wang, Fang")
    assert "- {id: flow-item, objection: Flow, short: Flow short, reviewed: '2026-11-20', owner: \"Wang, Fang\"}" in out


def test_front_matter_of_a_whitepaper():
    text = "---\ntitle: Guide  # the title\nreviewed: 2026-01-01\n---\n\n# Body\nreviewed: 1999-01-01\n"
    out, _ = set_field(text, (), "reviewed", "2026-11-20", markdown=True)
    assert out == text.replace("reviewed: 2026-01-01", "reviewed: 2026-11-20")


@pytest.fixture
def verified_project(project: Path) -> Path:
    shutil.copy(SAMPLE, project / "content/objections/more.yaml")
    return project


def test_verify_command_edits_list_items_and_inline_capabilities(verified_project: Path):
    before = (verified_project / "content/objections/more.yaml").read_bytes()
    company_before = (verified_project / "content/company.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", "too-expensive", "forecast", "--by", "Li Na", "--date", "2026-11-20",
                                      "--project", str(verified_project)])
    assert result.exit_code == 0, result.output
    assert "verified objections:too-expensive (content/objections/more.yaml: reviewed: 2026-05-01 → 2026-11-20," \
        " owner: 王芳 <fang.wang@example.com> → Li Na)" in result.output
    after = (verified_project / "content/objections/more.yaml").read_bytes()
    assert _changed_lines(before.decode(), after.decode()) == [
        ('  owner: "王芳 <fang.wang@example.com>"', '  owner: "Li Na"'),
        ("  reviewed: 2026-05-01   # last checked by finance", "  reviewed: 2026-11-20   # last checked by finance"),
    ]
    company = (verified_project / "content/company.yaml").read_text(encoding="utf-8")
    assert _changed_lines(company_before, company) == [(
        '  - {id: forecast, name: {zh: 预测, en: Forecast}, status: roadmap, available_from: "2027-06",'
        " owner: a@test.example, reviewed: 2026-11-01}",
        '  - {id: forecast, name: {zh: 预测, en: Forecast}, status: roadmap, available_from: "2027-06",'
        " owner: Li Na, reviewed: 2026-11-20}",
    )]
    project, diags = load_project(verified_project, today=dt.date(2026, 11, 22))
    assert project.objections["too-expensive"].reviewed == dt.date(2026, 11, 20)
    assert project.capabilities["forecast"].owner == "Li Na"


def test_unknown_ids_are_refused_with_a_suggestion_before_anything_is_written(verified_project: Path):
    before = (verified_project / "content/objections/more.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["verify", "too-expensive", "too-expensiv", "--project", str(verified_project)])
    assert result.exit_code == 1
    assert str(result.exception) == "'too-expensiv' does not name any content; did you mean 'too-expensive'?"
    assert (verified_project / "content/objections/more.yaml").read_bytes() == before


def test_an_item_whose_file_has_an_error_is_named_as_such(verified_project: Path):
    case = verified_project / "content/cases/public-case.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("reviewed: 2026-11-01", "reviewed: 01/11/2026"),
                    encoding="utf-8")
    project, _ = load_project(verified_project, today=dt.date(2026, 11, 22))
    for ref in ("public-case", "cases:public-case"):
        with pytest.raises(EnablekitError) as info:
            verify(project, [ref])
        assert str(info.value) == ("'public-case' is defined in content/cases/public-case.yaml, which has an error:"
                                   " fix it first (`enablekit check` says where)")


def test_a_kind_prefix_names_one_kind(verified_project: Path):
    project, _ = load_project(verified_project, today=dt.date(2026, 11, 22))
    with pytest.raises(EnablekitError, match="unknown objection 'ret'"):
        verify(project, ["objections:ret"])
    done = verify(project, ["personas:cfo"], date=dt.date(2026, 11, 21))
    assert [(d.kind, d.id, d.changes[0][2]) for d in done] == [("personas", "cfo", "2026-11-21")]


def test_a_date_in_the_future_is_refused(verified_project: Path):
    result = CliRunner().invoke(cli, ["verify", "too-expensive", "--date", "2999-01-01", "--project",
                                      str(verified_project)])
    assert result.exit_code == 2
    assert "Error: Invalid value for --date: 2999-01-01 is in the future (today is " in result.output
