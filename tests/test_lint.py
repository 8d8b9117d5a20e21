import subprocess

import pytest

from .conftest import ROOT


@pytest.mark.needs("ruff")
def test_ruff_is_clean():
    result = subprocess.run(["ruff", "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
