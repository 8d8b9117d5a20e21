"""`enablekit check` for people and for CI, and the mistakes a newcomer makes, in plain words."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from generator import build
from generator.cli import cli
from generator.content.loader import load_project

from .conftest import TODAY


def _check(project: Path, *args: str):  # noqa: ANN202
    return CliRunner().invoke(cli, ["check", str(project), "--today", TODAY.isoformat(), *args])


def _write(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _unowned(project: Path, count: int) -> None:
    """``count`` objections nobody answers for (and no default owner in company.yaml)."""
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("owner: owner@test.example\n", ""),
                       encoding="utf-8")
    items = "".join(f"- {{id: o{i}, objection: O{i}, short: S{i}, reviewed: 2026-11-01}}\n" for i in range(count))
    _write(project, "content/objections/many.yaml", items)


def test_many_warnings_of_one_kind_become_one_line(project):
    _unowned(project, 14)
    result = _check(project)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "15 items have no owner — `--show-all` lists them" in lines  # the company too
    assert not [line for line in lines if "has no owner" in line]
    assert lines[-1] == "0 errors, 17 warnings"
    every = _check(project, "--show-all").output.splitlines()
    assert len([line for line in every if "has no owner: set 'owner'" in line]) == 15


def test_quiet_prints_errors_and_the_summary(project):
    _unowned(project, 3)
    _write(project, "content/personas/bad.yaml", "name: B\nrole_in_decision: boss\n")
    result = _check(project, "-q")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/personas/bad.yaml:2:19: role_in_decision: 'boss' is not one of: decides, influences, uses, relays,"
        " procures",
        "1 error, 6 warnings",
    ]


def test_quiet_is_quiet_in_every_format(project):
    _unowned(project, 3)
    _write(project, "content/personas/bad.yaml", "name: B\nrole_in_decision: boss\n")
    data = json.loads(_check(project, "-q", "--format", "json").stdout)
    assert [p["severity"] for p in data["problems"]] == ["error"]
    assert (data["errors"], data["warnings"]) == (1, 6)  # the counts are of everything
    github = _check(project, "-q", "--format", "github").stdout.splitlines()
    assert len(github) == 1 and github[0].startswith("::error file=content/personas/bad.yaml,")
    strict = _check(project, "-q", "--strict", "--format", "github").stdout.splitlines()
    assert len(strict) == 7 and all(line.startswith("::error ") for line in strict)  # warnings fail it too


def test_json_for_programs(project):
    _write(project, "content/personas/bad.yaml", "name: B\nrole_in_decision: boss\n")
    result = CliRunner().invoke(cli, ["check", str(project), "--today", TODAY.isoformat(), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["ok"], data["errors"], data["warnings"]) == (False, 1, 2)
    assert data["problems"][0] == {
        "path": "content/personas/bad.yaml", "line": 2, "col": 19, "severity": "error", "code": "schema",
        "message": "role_in_decision: 'boss' is not one of: decides, influences, uses, relays, procures",
    }


def test_github_annotations(project):
    _write(project, "content/personas/bad.yaml", "name: B\nrole_in_decision: 'boss, really'\n")
    result = CliRunner().invoke(cli, ["check", str(project), "--today", TODAY.isoformat(), "--format", "github"])
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations[0] == (
        "::error file=content/personas/bad.yaml,line=2,col=19,title=enablekit schema::role_in_decision:"
        " 'boss, really' is not one of: decides, influences, uses, relays, procures"
    )
    assert annotations[1].startswith("::warning file=content/personas/cfo.yaml,line=9,col=5,title=enablekit translation::")
    strict = CliRunner().invoke(cli, ["check", str(project), "--today", TODAY.isoformat(), "--format", "github",
                                      "--strict"])
    assert all(line.startswith("::error ") for line in strict.stdout.splitlines() if line.startswith("::"))


def test_company_owner_is_everyones_default(project, tmp_path):
    _unowned(project, 2)
    company = project / "content/company.yaml"
    company.write_text("owner: enablement@test.example\n" + company.read_text(encoding="utf-8"), encoding="utf-8")
    loaded, diags = load_project(project, today=TODAY)
    assert not [d for d in diags.warnings if d.code == "owner"]
    assert loaded.objections["o1"].owner == "enablement@test.example"
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    assert "负责人：enablement@test.example" in (site / "objections" / "o1" / "index.html").read_text(encoding="utf-8")


def test_one_broken_file_is_one_error_not_a_cascade(project):
    _write(project, "content/industries/retail.yaml", "name: {zh: 零售, en: Retail}\nsummary: [oops\n")
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.errors] == [
        "content/industries/retail.yaml:2:10: this list '[' is not closed with ']' (or an item is missing a comma)"
    ]


def test_folders_and_files_that_are_not_read_are_named(project):
    shutil.copy(project / "content/personas/cfo.yaml", project / "content/persona-cfo.yaml")
    (project / "content/persona").mkdir()
    shutil.copy(project / "content/personas/cfo.yaml", project / "content/persona/ceo.yaml")
    (project / "content/personas/notes.json").write_text("{}", encoding="utf-8")
    (project / "content/personas/store-manager.yaml").rename(project / "content/personas/store-manager.yml")
    loaded, diags = load_project(project, today=TODAY)
    assert "store-manager" in loaded.personas  # .yml is read like .yaml
    assert [str(d) for d in diags.warnings if d.code == "layout"] == [
        "content/persona: warning: folder not read: enablekit does not know 'persona/'; did you mean 'personas/'?",
        "content/persona-cfo.yaml: warning: not read: content/ holds company.yaml, capabilities.yaml, calendar.yaml"
        " and the folders answers/, assets/, cases/, competitors/, industries/, objections/, personas/,"
        " whitepapers/; did you mean 'personas'?",
        "content/personas/notes.json: warning: not read: files in content/personas/ are .yaml (or .yml)",
    ]


def test_a_quote_may_be_plain_text(project):
    case = project / "content/cases/public-case.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "quote: {zh: 省心多了, en: So much easier}\n", encoding="utf-8")
    loaded, diags = load_project(project, today=TODAY)
    assert diags.errors == []
    assert loaded.cases["public-case"].quote.text.get("en", "zh") == "So much easier"


def test_a_minimal_mkdocs_yml_builds_a_full_site(project, tmp_path):
    (project / "mkdocs.yml").write_text("site_name: Mini\n", encoding="utf-8")
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "assets/enablekit.css" in home and "md-tabs" in home  # enablekit and the Material theme
    # the search (Pagefind, the default, per language) and the tag index came with it
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "en" / "pagefind" / "pagefind.js").is_file()
    assert (site / "tags" / "index.html").is_file()
    assert (site / "en" / "index.html").is_file()
