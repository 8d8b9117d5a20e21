"""Template overrides in a project's templates/ folder get the same guarantees as the built-in
ones: autoescape on, content passed as data, and a broken template reported at its line."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import build
from generator.cli import cli
from generator.content.diagnostics import EnablekitError

from .conftest import TODAY


def _tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def _override(project: Path, rel: str, text: str) -> None:
    path = project / "templates" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_an_override_that_forgets_to_escape_still_shows_text(project, tmp_path):
    persona = project / "content/personas/cfo.yaml"
    persona.write_text(persona.read_text(encoding="utf-8").replace(
        "name: {zh: 财务负责人", "name: {zh: \"财务<img src=x onerror=alert(1)>\""), encoding="utf-8")
    _override(project, "site/persona.md.j2", "# {{ t(e.name) }}\n\n{{ t(e.name) }} <b>{{ e.id }}</b>\n")
    out = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    html = (out / "personas" / "cfo" / "index.html").read_text(encoding="utf-8")
    assert "财务&lt;img src=x onerror=alert(1)&gt; <b>cfo</b>" in html
    assert "<img src=x" not in html and "onerror=alert(1)>" not in html


@pytest.mark.parametrize(("text", "message"), [
    ("# {% if %}\n", "templates/site/persona.md.j2:1: Expected an expression, got 'end of statement block'"),
    ("# ok\n\n{{ e.nope }}\n", "templates/site/persona.md.j2:3: 'generator.content.schema.Persona object' has no attribute 'nope'"),
    ("{{ 1 / 0 }}\n", "templates/site/persona.md.j2:1: ZeroDivisionError: division by zero"),
])
def test_a_broken_override_is_one_line_at_its_position(project, text, message):
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(project), "--only", "site", "--today", TODAY.isoformat()])
    assert first.exit_code == 0, first.output
    before = _tree_hash(project / "site")
    _override(project, "site/persona.md.j2", text)
    with pytest.raises(EnablekitError) as caught:
        build(project, only=["site"], today=TODAY)
    assert str(caught.value).endswith(message)
    assert _tree_hash(project / "site") == before


def test_cli_prints_the_template_error_without_traceback(project):
    _override(project, "site/home.md.j2", "{% for x in %}\n")
    done = subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", "build", str(project),
                           "--only", "site", "--today", TODAY.isoformat()], capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "error: site (zh): templates/site/home.md.j2:1: Expected an expression, got 'end of statement block'"
    )


def test_a_broken_pdf_override_is_reported_at_its_line(project):
    _override(project, "pdf/booklet.html.j2", "{% extends \"_base.html.j2\" %}\n{% block body %}\n{{ p.nope.x }}\n"
                                             "{% endblock %}\n")
    with pytest.raises(EnablekitError) as caught:
        build(project, only=["pdf"], today=TODAY)
    assert str(caught.value) == "templates/pdf/booklet.html.j2:3: 'generator.content.model.Project object' has no attribute 'nope'"


def test_a_pdf_override_autoescapes_content(project, tmp_path):
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace(
        "slogan: {zh: 排班算薪一次做对", "slogan: {zh: \"<i>排班</i>算薪一次做对\""), encoding="utf-8")
    _override(project, "pdf/booklet.html.j2", "{% extends \"_base.html.j2\" %}\n{% block body %}\n"
                                             "<p>{{ t(p.company.product.slogan) }}</p>\n{% endblock %}\n")
    out = build(project, out=tmp_path / "out", only=["pdf"], today=TODAY).out
    text = subprocess.run(["pdftotext", str(out / "downloads" / "booklet.zh.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "<i>排班</i>算薪一次做对" in text


def test_an_override_cannot_reach_python_internals(project):
    _override(project, "site/persona.md.j2", "# x\n\n{{ c.__init__.__globals__['__builtins__'] }}\n")
    with pytest.raises(EnablekitError) as caught:
        build(project, only=["site"], today=TODAY)
    assert str(caught.value).endswith(
        "templates/site/persona.md.j2:3: access to attribute '__init__' of 'PageContext' object is unsafe."
    )


def test_a_site_template_reading_what_the_project_lacks_names_the_project_not_the_recorder(project):
    _override(project, "site/home.md.j2", "# Home\n\n{{ p.nope.x }}\n")
    with pytest.raises(EnablekitError) as caught:
        build(project, only=["site"], today=TODAY)
    assert str(caught.value) == ("site (zh): templates/site/home.md.j2:3: 'generator.content.model.Project object'"
                                 " has no attribute 'nope'")
