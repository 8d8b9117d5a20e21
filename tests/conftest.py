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
