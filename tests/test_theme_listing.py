"""The theme's files are listed once per process for the folders installed packages bring (Material's
thousands of icons), and every time for a project's own theme folder, which may change while serving."""

from __future__ import annotations

from pathlib import Path

import jinja2
import material

from generator.outputs.site.plugin import _installed, _ThemeLoader


def test_the_listing_is_the_one_jinja_makes_and_a_project_folder_is_listed_anew(tmp_path: Path) -> None:
    installed = str(Path(material.__file__).parent / "templates")
    custom = tmp_path / "overrides"
    (custom / "partials").mkdir(parents=True)
    (custom / "partials" / "footer.html").write_text("<footer></footer>", encoding="utf-8")
    assert _installed(installed) and not _installed(str(custom))
    folders = [str(custom), installed]
    loader = _ThemeLoader(folders)
    assert loader.list_templates() == jinja2.FileSystemLoader(folders).list_templates()
    (custom / "extra.css").write_text("body{}", encoding="utf-8")  # added while the preview runs
    listed = _ThemeLoader(folders).list_templates()
    assert "extra.css" in listed and "partials/footer.html" in listed and ".icons/material/home.svg" in listed
    assert listed == jinja2.FileSystemLoader(folders).list_templates()
