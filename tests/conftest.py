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
    """Headless Chromium for one test module (skipped where Chromium is not installed)."""
    from .browsing import ARGS, CHROMIUM, HAVE_CHROMIUM

    if not HAVE_CHROMIUM:
        pytest.skip("Chromium is installed by .ci/setup")
    from playwright.sync_api import sync_playwright

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
