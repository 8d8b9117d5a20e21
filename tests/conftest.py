"""Shared fixtures: small content projects under tests/fixtures, copied so tests may edit them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
TODAY = dt.date(2026, 11, 22)
MARKER = "ZZINTERNALZZ"

# What the tests drive beside Python, and what installs it. CI (.ci/setup) installs every one, so a
# test that needs a missing one fails with this hint instead of being skipped: a skipped check is a
# check nobody ran. A name is looked up on PATH; a path must exist.
INSTALLED_BY = {
    **dict.fromkeys(("pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "pdfdetach", "pdftohtml"), "poppler-utils"),
    "libreoffice": "libreoffice-impress",
    "/usr/bin/chromium": "chromium",
    "fc-list": "fontconfig",
    "/usr/share/fonts/truetype/dejavu": "fonts-dejavu-core",
    "git": "git",
    "ruff": "the test extras: pip install -e '.[test]'",
    str(ROOT / ".ci/node/node_modules/axe-core/axe.min.js"): "npm install --prefix .ci/node axe-core",
}


def missing(*needed: str) -> list[str]:
    """The programs (names on PATH) and files (paths) of ``needed`` that are not there."""
    return [n for n in needed if not (Path(n).exists() if n.startswith("/") else shutil.which(n))]


def require(*needed: str) -> None:
    """Fail the running test unless every program and file it needs is installed."""
    gone = missing(*needed)
    if gone:
        pytest.fail("; ".join(f"{n} is not installed (.ci/setup installs it: {INSTALLED_BY.get(n, n)})" for n in gone),
                    pytrace=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(*programs): programs or files the test runs; a missing one fails it")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("needs"):
        require(*mark.args)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture project."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", target)
    return target


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The valid fixture built once for the internal and the public audience."""
    from generator import build

    base = tmp_path_factory.mktemp("built")
    out = {}
    for audience in ("internal", "public"):
        out[audience] = build(FIXTURES / "valid", out=base / audience, audience=audience, today=TODAY).out
    return out


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example company's site (the repository itself), built once: pages a rep opens on a phone."""
    from generator import build

    return build(ROOT, out=tmp_path_factory.mktemp("example") / "site", only=["site"], today=TODAY).out


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module (a test that uses it fails where Chromium is not installed)."""
    from playwright.sync_api import sync_playwright

    from .browsing import ARGS, CHROMIUM

    require(CHROMIUM)

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A desktop-sized page that must not ask any other host for anything."""
    from .browsing import assert_local_only, open_page

    context, pg = open_page(browser)
    yield pg
    context.close()
    assert_local_only(pg)
