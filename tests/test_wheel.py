"""The package as users get it: the built wheel holds every file enablekit reads at run time, its
metadata states ranges (the exact versions CI uses are in .ci/constraints.txt), and `mkdocs gh-deploy`
never publishes the internal audience. Installing the wheel into fresh venvs and running
new/check/build/mkdocs build/serve from it is the CI wheel job, .ci/wheel."""

from __future__ import annotations

import email
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the source it was built from): built from a clean copy of the package, so that
    neither a stale build/ folder nor files being edited meanwhile make the lists disagree."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "generator", src / "generator", ignore=shutil.ignore_patterns("__pycache__", "*.py[co]"))
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(src)]
    if Version(importlib.metadata.version("setuptools")) >= Version("77"):
        command.insert(4, "--no-build-isolation")  # fast, offline; else pip fetches the build backend
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    (path,) = (base / "dist").glob("enablekit-*.whl")
    return path, src


def _names(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


def _metadata(path: Path) -> email.message.Message:
    with zipfile.ZipFile(path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


def test_the_wheel_holds_every_file_of_the_package(wheel):
    path, src = wheel
    names = _names(path)
    package = {p.relative_to(src).as_posix() for p in (src / "generator").rglob("*") if p.is_file()}
    assert package - names == set(), "not in the wheel: add them to [tool.setuptools.package-data]"
    # what `enablekit new`, `build`, `serve` and plain `mkdocs build` read, by name
    for needed in ("generator/content/starter/docs/.gitkeep", "generator/content/starter/mkdocs.yml",
                   "generator/content/starter/content/company.yaml",
                   "generator/render/templates/site/home.md.j2", "generator/render/templates/site/assets/enablekit.css",
                   "generator/render/templates/site/assets/enablekit.js",
                   "generator/render/templates/site/overrides/partials/alternate.html",
                   "generator/render/templates/pdf/base.css", "generator/render/templates/pdf/booklet.html.j2",
                   *(f"generator/language/labels/{lang}.yaml" for lang in ("zh", "en", "ja", "de"))):
        assert needed in names
    outside = {n for n in names if not n.startswith(("generator/", "enablekit-"))}
    assert outside == set()  # no tests, example content or build leftovers
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo"))]
    with zipfile.ZipFile(path) as archive:
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert "enablekit = generator.cli:main" in text
    assert "[mkdocs.plugins]" in text and "enablekit = generator.outputs.site.plugin:EnablekitPlugin" in text


def test_the_wheel_metadata_states_licence_pythons_and_ranges(wheel):
    path, _ = wheel
    meta = _metadata(path)
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"]
    with zipfile.ZipFile(path) as archive:
        (licence,) = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        text = archive.read(licence).decode()
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License\n                           Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text and "APPENDIX: How to apply the Apache License" in text
    classifiers = meta.get_all("Classifier")
    assert "Framework :: MkDocs" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the SPDX expression says it
    # the Python classifiers are exactly the minor versions requires-python admits (up to the newest listed)
    requires = SpecifierSet(meta["Requires-Python"])
    listed = sorted(int(m) for c in classifiers for m in re.findall(r"^Programming Language :: Python :: 3\.(\d+)$", c))
    assert listed and listed == [m for m in range(listed[0] - 2, listed[-1] + 1) if f"3.{m}.0" in requires]
    assert f"3.{listed[0] - 1}.99" not in requires
    # ranges, not pins: enablekit is an MkDocs plugin and must install next to other packages
    pinned = [r for r in meta.get_all("Requires-Dist") if any(s.operator in ("==", "===") for s in Requirement(r).specifier)]
    assert pinned == []


def _constraints() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / ".ci/constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", line
            pins[canonicalize_name(requirement.name)] = Version(spec.version)
    return pins


def test_the_constraints_pin_every_dependency_within_its_range():
    pins = _constraints()
    project = PYPROJECT["project"]
    for line in project["dependencies"] + project["optional-dependencies"]["test"] + PYPROJECT["build-system"]["requires"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name}: not in .ci/constraints.txt"
        assert pins[name] in requirement.specifier, f"{name}=={pins[name]} is outside {requirement.specifier}"


# --------------------------------------------------------------------------- mkdocs gh-deploy
def _set_audience(project: Path, audience: str | None) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - enablekit\n" in text
    if audience is not None:
        config.write_text(text.replace("  - enablekit\n", f"  - enablekit:\n      audience: {audience}\n"),
                          encoding="utf-8")


def _events(project: Path, command: str):  # noqa: ANN202
    """A fresh plugin through MkDocs' startup and config events, as `mkdocs <command>` runs them (a
    new instance, not MkDocs' per-process cached one, so no state reaches other tests)."""
    from mkdocs.config import load_config

    from generator.outputs.site.plugin import EnablekitPlugin

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project.parent / "out"))
    plugin = EnablekitPlugin()
    errors, _ = plugin.load_config(dict(config.plugins["enablekit"].config), config.config_file_path)
    assert errors == []
    plugin.on_startup(command=command, dirty=False)
    plugin.on_config(config)
    return plugin


def test_gh_deploy_builds_the_public_site_unless_mkdocs_yml_says_otherwise(project):
    internal = _events(project, "build")
    assert internal.config.audience == "internal" and any(p.startswith("competitors/") for p in internal.pages)
    public = _events(project, "gh-deploy")
    assert public.config.audience == "public" and public.view.audience.value == "public"
    assert not any(p.startswith(("competitors/", "objections/", "deals/")) for p in public.pages)
    _set_audience(project, "partner")
    assert _events(project, "gh-deploy").config.audience == "partner"  # said so: kept


def test_gh_deploy_refuses_an_explicitly_internal_site(project):
    from mkdocs.exceptions import PluginError

    _set_audience(project, "internal")
    assert _events(project, "build").config.audience == "internal"
    with pytest.raises(PluginError, match="gh-deploy publishes to the public web; the enablekit plugin's "
                                          "audience is 'internal' in mkdocs.yml"):
        _events(project, "gh-deploy")


def _gh_deploy(project: Path, out: Path) -> subprocess.CompletedProcess:
    # the project is not a git repository, and git may not look above it: nothing can be pushed
    env = dict(os.environ, GIT_CEILING_DIRECTORIES=str(project.parent), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "-d", str(out)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def _copy_with_audience(project: Path, target: Path, audience: str) -> Path:
    shutil.copytree(project, target)
    _set_audience(target, audience)
    return target


def test_mkdocs_gh_deploy_itself(project, tmp_path):
    refused = _gh_deploy(_copy_with_audience(project, tmp_path / "internal", "internal"), tmp_path / "refused")
    assert refused.returncode == 1
    assert "gh-deploy publishes to the public web" in refused.stderr
    assert not (tmp_path / "refused" / "index.html").exists()
    out = tmp_path / "site"
    built = _gh_deploy(project, out)  # builds, then stops: not a git repository
    assert "does not appear to be a git repository" in built.stderr, built.stderr[-3000:]
    assert (out / "index.html").is_file() and (out / "personas/cfo/index.html").is_file()
    assert (out / "en/index.html").is_file()
    assert not (out / "competitors").exists() and not (out / "en/competitors").exists()
