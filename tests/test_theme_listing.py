"""What serve keeps from one reading to the next: the theme's files, listed once per process for the
folders installed packages bring (Material's thousands of icons) and every time for a project's own
theme folder, which may change while serving; and the parse of each YAML file that did not change."""

from __future__ import annotations

from pathlib import Path

import jinja2
import material

from generator.outputs.site.plugin import _installed, _ThemeLoader


def _visible(names: list[str]) -> list[str]:
    return [name for name in names if not any(part.startswith(".") for part in name.split("/"))]


def test_the_listing_is_the_one_jinja_makes_without_hidden_files_and_a_project_folder_is_listed_anew(
        tmp_path: Path) -> None:
    installed = str(Path(material.__file__).parent / "templates")
    custom = tmp_path / "overrides"
    (custom / "partials").mkdir(parents=True)
    (custom / "partials" / "footer.html").write_text("<footer></footer>", encoding="utf-8")
    assert _installed(installed) and not _installed(str(custom))
    folders = [str(custom), installed]

    def expected() -> list[str]:  # an installed folder's hidden files (Material's .icons) are not listed
        return sorted(set(jinja2.FileSystemLoader(str(custom)).list_templates())
                      | set(_visible(jinja2.FileSystemLoader(installed).list_templates())))

    loader = _ThemeLoader(folders)
    assert loader.list_templates() == expected()
    assert len(jinja2.FileSystemLoader(installed).list_templates()) > 10_000 > 1_000 > len(loader.list_templates())
    (custom / "extra.css").write_text("body{}", encoding="utf-8")  # added while the preview runs
    listed = _ThemeLoader(folders).list_templates()
    assert {"extra.css", "partials/footer.html", "base.html"} <= set(listed) and ".icons/material/home.svg" not in listed
    assert listed == expected()


def test_mkdocs_copies_the_same_theme_files_from_the_shorter_listing(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from generator.outputs.site.plugin import _list_installed_theme_once

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: material\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    plain = Files([])
    plain.add_files_from_theme(config.theme.get_env(), config)
    _list_installed_theme_once(config.theme)
    ours = Files([])
    ours.add_files_from_theme(config.theme.get_env(), config)
    copied = sorted(f.src_uri for f in ours)
    assert copied == sorted(f.src_uri for f in plain)
    assert any(name.startswith("assets/javascripts/bundle.") for name in copied)
    assert not any(name.startswith(".icons/") for name in copied)


def test_under_serve_an_unchanged_yaml_file_is_not_parsed_again_and_a_build_keeps_no_parse(
        tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import shutil

    from generator.content import reader
    from generator.content.loader import load_project

    from .conftest import FIXTURES, TODAY

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    parsed: list[str] = []
    real = reader.load_yaml
    monkeypatch.setattr(reader, "load_yaml", lambda text, **kw: parsed.append(text) or real(text, **kw))
    load_project(project, today=TODAY)
    load_project(project, today=TODAY)
    files = len(parsed) // 2
    assert files > 10 and len(parsed) == 2 * files  # a build: every reading parses every file
    reader.keep_parsed(True)
    try:
        parsed.clear()
        load_project(project, today=TODAY)
        assert len(parsed) == files
        cfo = project / "content" / "personas" / "cfo.yaml"
        cfo.write_text(cfo.read_text(encoding="utf-8").replace("en: CFO", "en: Head of finance"), encoding="utf-8")
        parsed.clear()
        loaded, _ = load_project(project, today=TODAY)
        assert len(parsed) == 1 and "Head of finance" in parsed[0]  # only the saved file
        assert loaded.personas["cfo"].name.get("en", "zh") == "Head of finance"
    finally:
        reader.keep_parsed(False)
