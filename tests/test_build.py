"""Build orchestration: all-or-nothing output, --only, the command line, scaffolding, schema."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator import ContentError, EnablekitError, build

from .conftest import TODAY
from .test_json_schema import FILE_DEFS


def enablekit(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def test_bad_content_never_touches_the_last_good_output(project, tmp_path):
    out = tmp_path / "site"
    build(project, out=out, today=TODAY, only=["site"])
    before = (out / "index.html").read_bytes()
    (project / "content/personas/buyer.yaml").write_text("name: Buyer\nrole_in_decision: decider\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        build(project, out=out, today=TODAY)
    assert [str(d) for d in info.value.diagnostics.errors] == [
        "content/personas/buyer.yaml:2:19: role_in_decision: 'decider' is not one of:"
        " decides, influences, uses, relays, procures; did you mean 'decides'?"
    ]
    assert (out / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]  # no half-built folders left


def test_a_failing_builder_leaves_the_previous_output(project, tmp_path):
    out = tmp_path / "site"
    build(project, out=out, today=TODAY)
    (out / "marker.txt").write_text("previous build", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: x\ntheme: {name: no-such-theme}\nplugins: [enablekit]\n")
    with pytest.raises(EnablekitError, match="site: "):
        build(project, out=out, today=TODAY)
    assert (out / "marker.txt").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_unknown_output_suggests_a_name(project):
    with pytest.raises(EnablekitError, match=r"unknown output 'sit'; did you mean 'site'\? \(outputs: pdf, deck, proposal, answers, site, llms\)"):
        build(project, only=["sit"], today=TODAY)


def test_refuses_to_write_over_the_project(project):
    with pytest.raises(EnablekitError, match="refusing to write the output into"):
        build(project, out=project / "content", today=TODAY)


def test_builds_without_an_mkdocs_file(project, tmp_path):
    (project / "mkdocs.yml").unlink()
    result = build(project, out=tmp_path / "out", today=TODAY)
    assert (result.out / "en/personas/cfo/index.html").is_file()


def test_cli_build_and_errors(project, tmp_path):
    ok = enablekit("build", str(project), "--out", str(tmp_path / "o"), "--audience", "public", "--today", "2026-11-22")
    assert ok.returncode == 0, ok.stderr
    assert "built" in ok.stderr and "(public; pdf " in ok.stderr and ", site " in ok.stderr
    (project / "content/cases/broken.yaml").write_text("customer: [x\n", encoding="utf-8")
    bad = enablekit("build", str(project), "--out", str(tmp_path / "o"))
    assert bad.returncode == 1
    assert "content/cases/broken.yaml:1:11: this list '[' is not closed with ']'" in bad.stderr
    assert "1 error, " in bad.stderr and "Traceback" not in bad.stderr


def test_help_lists_the_commands():
    result = enablekit("--help")
    for command in ("check", "build", "serve", "new", "schema", "answer"):
        assert f"  {command} " in result.stdout


def test_new_makes_a_project_that_builds(tmp_path):
    target = tmp_path / "acme"
    made = enablekit("new", str(target))
    assert made.returncode == 0, made.stderr
    assert (target / "content/company.yaml").is_file() and (target / "mkdocs.yml").is_file()
    checked = enablekit("check", str(target), "--strict", "--today", "2026-11-22")
    assert checked.returncode == 0, checked.stderr
    built = enablekit("build", str(target), "--today", "2026-11-22")
    assert built.returncode == 0, built.stderr
    assert (target / "site/en/competitors/legacy-suite/index.html").is_file()
    again = enablekit("new", str(target))
    assert again.returncode == 1 and "exists and is not empty" in again.stderr


def test_schema_describes_every_file_kind():
    result = enablekit("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["x-enablekit-files"] == FILE_DEFS
    persona = schema["$defs"]["file:personas"]
    assert persona["additionalProperties"] is False
    assert persona["properties"]["role_in_decision"]["enum"] == ["decides", "influences", "uses", "relays", "procures"]
    name = persona["properties"]["name"]["anyOf"]
    assert {"type": "string"} in name


def test_partial_public_build_never_keeps_internal_output(project, tmp_path):
    out = tmp_path / "site"
    build(project, out=out, today=TODAY)  # internal: battlecards and all
    assert (out / "downloads/battlecard-rival.zh.pdf").is_file()
    build(project, out=out, audience="public", only=["site"], today=TODAY)
    assert not (out / "downloads").exists()
    assert not (out / "competitors").exists()
    build(project, out=out, audience="public", only=["pdf"], today=TODAY)
    build(project, out=out, audience="public", only=["site"], today=TODAY)  # same audience: PDFs kept
    assert (out / "downloads/booklet.zh.pdf").is_file()
    assert not (out / "downloads/battlecard-rival.zh.pdf").exists()


def test_plain_mkdocs_build_works_too(project, tmp_path):
    out = tmp_path / "plain"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                             "-d", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "personas/cfo/index.html").is_file() and (out / "en/personas/cfo/index.html").is_file()
    (project / "content/personas/cfo.yaml").write_text("name: CFO\nrole_in_decision: decider\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                          "-d", str(tmp_path / "bad")], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "content/personas/cfo.yaml:2:19: role_in_decision: 'decider' is not one of" in bad.stderr


def test_a_partial_build_links_the_site_it_keeps_and_copies_what_builders_write(project, tmp_path):
    out = tmp_path / "site"
    build(project, out=out, today=TODAY)
    page, pdf, stamp = out / "personas/cfo/index.html", out / "downloads/booklet.zh.pdf", out / ".enablekit-build.json"
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in (page, pdf, stamp)}
    build(project, out=out, only=["pdf"], today=TODAY)
    assert page.stat().st_ino == before[page][0]  # kept by a hard link, not copied
    assert pdf.stat().st_ino != before[pdf][0] and stamp.stat().st_ino != before[stamp][0]  # copies: written into
    assert {p: p.read_bytes() for p in before} == {p: data for p, (_ino, data) in before.items()}
    build(project, out=out, only=["site"], today=TODAY)  # the site made again in the folders of an older output
    assert page.read_bytes() == before[page][1] and pdf.read_bytes() == before[pdf][1]
