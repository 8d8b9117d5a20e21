"""The site's theme between builds: its templates compiled once and kept in the project's cache (each
`enablekit build` is a new process)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.outputs.site.plugin import _CompiledTemplates


def _environment(templates: Path, cache: _CompiledTemplates, autoescape: bool = True) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=autoescape)
    env.bytecode_cache = cache
    return env


def _compiling(env: jinja2.Environment) -> list[str]:
    """The names of the templates ``env`` compiles from here on."""
    compiled: list[str] = []
    real = env.compile
    env.compile = lambda source, name=None, *a, **k: compiled.append(name) or real(source, name, *a, **k)
    return compiled


def test_templates_compiled_by_one_process_are_loaded_by_the_next(tmp_path: Path) -> None:
    templates, kept = tmp_path / "templates", tmp_path / "cache" / "theme"
    templates.mkdir()
    (templates / "page.html").write_text("{{ title }}!", encoding="utf-8")
    first = _environment(templates, _CompiledTemplates(kept))
    compiled = _compiling(first)
    assert first.get_template("page.html").render(title="<b>") == "&lt;b&gt;!"
    assert compiled == ["page.html"]
    assert len(list(kept.iterdir())) == 1
    # a new process (a new cache object, its memory empty) reads it from the folder: nothing compiled
    second = _environment(templates, _CompiledTemplates(kept))
    compiled = _compiling(second)
    assert second.get_template("page.html").render(title="<b>") == "&lt;b&gt;!"
    assert compiled == []
    # a template changed since is compiled again; an environment that does not escape gets code of its own
    (templates / "page.html").write_text("{{ title }}?", encoding="utf-8")
    third = _environment(templates, _CompiledTemplates(kept))
    compiled = _compiling(third)
    assert third.get_template("page.html").render(title="<b>") == "&lt;b&gt;?"
    plain = _environment(templates, _CompiledTemplates(kept), autoescape=False)
    assert plain.get_template("page.html").render(title="<b>") == "<b>?"
    assert compiled == ["page.html"]


def test_a_kept_template_that_is_not_jinja_code_is_compiled_again(tmp_path: Path) -> None:
    templates, kept = tmp_path / "templates", tmp_path / "theme"
    templates.mkdir()
    (templates / "page.html").write_text("{{ title }}!", encoding="utf-8")
    _environment(templates, _CompiledTemplates(kept)).get_template("page.html")
    (kept_file,) = kept.iterdir()
    kept_file.write_bytes(b"not a template")
    env = _environment(templates, _CompiledTemplates(kept))
    compiled = _compiling(env)
    assert env.get_template("page.html").render(title="x") == "x!"
    assert compiled == ["page.html"]


def test_a_cache_folder_that_cannot_be_written_only_means_compiling_again(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ title }}!", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    env = _environment(templates, _CompiledTemplates(tmp_path / "file" / "theme"))  # a file where a folder goes
    assert env.get_template("page.html").render(title="x") == "x!"
