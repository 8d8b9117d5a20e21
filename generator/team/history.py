"""The project's git history: which commits touched the content, and the project as it was at one.

Everything goes through the ``git`` command (a subprocess, never a shell); outside a git
repository, or without git, the functions say so by returning None and callers skip what needs
history with a note. An old revision is read by extracting only the content folders of that
commit (``git archive``) into a temporary folder and loading it like any project.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..content.diagnostics import EnablekitError

# what a project is made of; nothing else of the repository is extracted
PROJECT_PARTS = ("content", "playbooks", "deals", "docs", "templates", "mkdocs.yml")
GIT_TIMEOUT = 60


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.date  # the committer's date, in the committer's time zone
    subject: str


@dataclass(frozen=True)
class Repo:
    top: Path  # the repository's work tree
    prefix: str  # the project's folder inside it ("" when the project is the repository)

    def git(self, *args: str, binary: bool = False) -> str | bytes:
        result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            ["git", "-C", str(self.top), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False,
        )
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise EnablekitError(f"git {args[0]}: {message[-1] if message else 'failed'}")
        return result.stdout if binary else result.stdout.decode("utf-8", "replace")

    def path(self, part: str) -> str:
        return f"{self.prefix}/{part}" if self.prefix else part


def repo_of(project_root: Path) -> Repo | None:
    """The git repository that holds ``project_root``, or None (not a repository, or no git)."""
    if shutil.which("git") is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603
            ["git", "-C", str(project_root), "rev-parse", "--show-toplevel", "--show-prefix"],
            capture_output=True, timeout=GIT_TIMEOUT, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    if not lines:
        return None
    top = Path(lines[0])
    prefix = lines[1].rstrip("/") if len(lines) > 1 else ""
    has_head = subprocess.run(  # noqa: S603
        ["git", "-C", str(top), "rev-parse", "--verify", "-q", "HEAD"], capture_output=True, check=False,
        timeout=GIT_TIMEOUT,
    )
    return Repo(top, prefix) if has_head.returncode == 0 else None


def commits(repo: Repo, *, since: str | None = None, parts: tuple[str, ...] = PROJECT_PARTS) -> list[Commit]:
    """Commits that changed the project's content (or ``parts`` of it), oldest first (first parents
    only: a merged branch counts as its merge)."""
    args = ["log", "--first-parent", "--format=%H%x1f%cs%x1f%s", "HEAD"]
    if since:
        args.insert(1, f"{since}..HEAD")
        args.pop()
    paths = [repo.path(part) for part in parts]
    out = repo.git(*args, "--", *paths)
    found = []
    for line in str(out).splitlines():
        sha, date, subject = line.split("\x1f", 2)
        found.append(Commit(sha, dt.date.fromisoformat(date), subject))
    return list(reversed(found))


def resolve(repo: Repo, ref: str) -> Commit:
    """The commit ``ref`` names: a revision (a tag, ``HEAD~5``, a sha) or a date (YYYY-MM-DD: the
    last commit before that day)."""
    try:
        day = dt.date.fromisoformat(ref)
    except ValueError:
        day = None
    if day is not None:
        sha = str(repo.git("rev-list", "-1", f"--before={day.isoformat()} 00:00", "--first-parent", "HEAD")).strip()
        if not sha:
            raise EnablekitError(f"no commit before {day.isoformat()}: the history starts later")
    else:
        try:
            sha = str(repo.git("rev-parse", "--verify", "-q", f"{ref}^{{commit}}")).strip()
        except EnablekitError:
            raise EnablekitError(f"'{ref}' is not a revision of this repository (nor a date YYYY-MM-DD)") from None
    line = str(repo.git("log", "-1", "--format=%H%x1f%cs%x1f%s", sha)).strip()
    sha, date, subject = line.split("\x1f", 2)
    return Commit(sha, dt.date.fromisoformat(date), subject)


@contextlib.contextmanager
def checkout(repo: Repo, sha: str) -> Iterator[Path]:
    """The project's folder as it was at ``sha``, extracted into a temporary folder."""
    listed = str(repo.git("ls-tree", "--name-only", sha, "--", *(repo.path(p) for p in PROJECT_PARTS)))
    present = [line for line in listed.splitlines() if line]
    with tempfile.TemporaryDirectory(prefix="enablekit-rev-") as tmp:
        if present:
            data = repo.git("archive", "--format=tar", sha, "--", *present, binary=True)
            with tarfile.open(fileobj=io.BytesIO(bytes(data))) as tar:
                tar.extractall(tmp, filter="data")
        root = Path(tmp) / repo.prefix if repo.prefix else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        yield root
