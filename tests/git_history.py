"""A small content project in a git repository with a known history, for health trends and
release notes: four weekly commits in November 2026."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .conftest import FIXTURES

NEW_OBJECTION = """
- id: no-mobile-app
  objection: {zh: 店长不想再装一个 App, en: Store managers won't install another app}
  roles: [store-manager]
  industries: [retail]
  short: {zh: 直接在企业微信里用, en: It runs inside WeCom}
  owner: e@test.example
  reviewed: 2026-11-08
"""


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@test.example",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@test.example", GIT_CONFIG_GLOBAL="/dev/null")
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T10:00:00+00:00", GIT_COMMITTER_DATE=f"{date}T10:00:00+00:00")
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_repo(target: Path) -> Path:
    """The valid fixture, committed four times:

    1. 2026-11-02 the project as it is, the CFO persona re-verified every 10 days (stale from 11-12);
    2. 2026-11-09 an objection added;
    3. 2026-11-16 a talk track changed;
    4. 2026-11-23 the forecast capability moved from roadmap to GA."""
    shutil.copytree(FIXTURES / "valid", target)
    _git(target, "init", "-q", "-b", "main")
    _edit(target / "content/personas/cfo.yaml", "reviewed: 2026-11-01", "reviewed: 2026-11-01\nreview_every: 10")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "The content as it was", date="2026-11-02")
    with (target / "content/objections/price.yaml").open("a", encoding="utf-8") as handle:
        handle.write(NEW_OBJECTION)
    _git(target, "commit", "-q", "-am", "Objection: another app for store managers", date="2026-11-09")
    _edit(target / "content/objections/price.yaml", "short: {zh: 四周上线, en: Live in four weeks}",
          "short: {zh: 两周上线首批门店, en: First stores live in two weeks. The rest follow store by store.}")
    _git(target, "commit", "-q", "-am", "Faster rollout talk track", date="2026-11-16")
    _edit(target / "content/company.yaml",
          '{id: forecast, name: {zh: 预测, en: Forecast}, status: roadmap, available_from: "2027-06",',
          "{id: forecast, name: {zh: 预测, en: Forecast}, status: ga,")
    _git(target, "commit", "-q", "-am", "Forecast is GA", date="2026-11-23")
    return target
