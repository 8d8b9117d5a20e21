"""Faults in the content, the files, mkdocs.yml and the disk: each one is one plain line naming the
file, a non-zero exit, and the previous output left exactly as it was (no traceback, no leftovers)."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.cli import main
from generator.content.files import read_bytes
from generator.content.loader import load_project
from generator.content.scaffold import scaffold
from generator.outputs.site.builder import SiteBuilder

from .conftest import TODAY

DAY = TODAY.isoformat()
MKDOCS = """\
site_name: Test
theme:
  name: material
plugins:
  - search
  - enablekit
"""


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scaffolded project with a site built once; tests work on copies."""
    root = tmp_path_factory.mktemp("built") / "project"
    scaffold(root)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    pipeline.build(root, only=["site"], today=TODAY)
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    return root


def tree(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` with a hash of its bytes (or its link target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, list[str]]:
    """Run the command line in this process; (exit code, lines on stderr)."""
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def fails_cleanly(capsys: pytest.CaptureFixture, project: Path, *args: str) -> list[str]:
    """Build ``project`` (expecting a failure) and check that the output and its folder are untouched."""
    before, listing = tree(project / "site"), sorted(os.listdir(project))
    code, lines = run(capsys, "build", str(project), "--today", DAY, *args)
    assert code == 1, lines
    assert tree(project / "site") == before
    assert sorted(os.listdir(project)) == listing  # no half-built or temporary folders
    return lines


def content_fault(capsys: pytest.CaptureFixture, project: Path) -> list[str]:
    """The one-line problems of a broken project, from `check` and from `build` (which must agree)."""
    code, checked = run(capsys, "check", str(project), "--today", DAY)
    assert code == 1
    built = fails_cleanly(capsys, project, "--only", "site")
    assert built == checked
    assert checked[-1].startswith(("1 error", f"{len(checked) - 1} errors"))
    return checked[:-1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


# --------------------------------------------------------------------------- 1. review dates


def test_a_huge_review_interval_is_refused_at_its_place(project, capsys):
    company = project / "content/company.yaml"
    edit(company, "review_every: 90", "review_every: 99999999999")
    line = line_of(company, "review_every:")
    assert content_fault(capsys, project) == [
        f"content/company.yaml:{line}:15: review_every: must be at most 36500 days (100 years)"
    ]


def test_a_huge_review_interval_on_a_capability_inside_company_yaml(project, capsys):
    company = project / "content/company.yaml"
    edit(company, "    status: ga\n", "    status: ga\n    review_every: 36501\n")
    line = line_of(company, "    review_every:")
    assert content_fault(capsys, project) == [
        f"content/company.yaml:{line}:19: review_every: must be at most 36500 days (100 years)"
    ]


def test_a_review_date_at_the_end_of_time_does_not_overflow(project, capsys):
    company = project / "content/company.yaml"
    edit(company, "review_every: 90\nowner: marketing@example.com\nreviewed: 2026-11-01",
         "review_every: 36500\nowner: marketing@example.com\nreviewed: 9999-12-31")
    code, lines = run(capsys, "check", str(project), "--today", DAY)
    assert code == 1
    assert lines[0] == (f"content/company.yaml:{line_of(company, 'reviewed:')}:11: reviewed: 9999-12-31 is in the"
                        f" future (today is {DAY}); write the date of the last review")
    loaded, _ = load_project(project, today=TODAY)
    assert loaded.review_due(loaded.company) == dt.date.max  # no OverflowError on the way
    assert not loaded.is_stale(loaded.company)


# --------------------------------------------------------------------------- 2. links, pipes, permissions


def test_a_link_loop_is_refused(project, capsys):
    personas = project / "content/personas"
    (personas / "a.yaml").symlink_to("b.yaml")
    (personas / "b.yaml").symlink_to("a.yaml")
    (personas / "self.yaml").symlink_to("self.yaml")
    assert content_fault(capsys, project) == [
        "content/personas/a.yaml: link leads back to itself in a loop; not read",
        "content/personas/b.yaml: link leads back to itself in a loop; not read",
        "content/personas/self.yaml: link leads back to itself in a loop; not read",
    ]


def test_a_linked_folder_outside_the_project_is_not_read(project, capsys, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.yaml").write_text("customer: Big Bank\nprice: 1\n", encoding="utf-8")
    (project / "deals").symlink_to(elsewhere, target_is_directory=True)
    assert content_fault(capsys, project) == ["deals: link points outside the project; not read"]


def test_a_linked_content_folder_outside_the_project_is_not_read(project, capsys, tmp_path):
    elsewhere = tmp_path / "personas-elsewhere"
    shutil.move(project / "content/personas", elsewhere)
    (project / "content/personas").symlink_to(elsewhere, target_is_directory=True)
    # the personas are not read, so whatever names them is reported too
    assert "content/personas: link points outside the project; not read" in content_fault(capsys, project)


def test_a_linked_file_outside_the_project_is_not_read(project, capsys, tmp_path):
    outside = tmp_path / "cto.yaml"
    outside.write_text("name: CTO\nrole_in_decision: decides\n", encoding="utf-8")
    (project / "content/personas/cto.yaml").symlink_to(outside)
    assert content_fault(capsys, project) == ["content/personas/cto.yaml: link points outside the project; not read"]


def test_links_that_stay_inside_the_project_are_read(project):
    (project / "shared").mkdir()
    shutil.move(project / "content/personas/cfo.yaml", project / "shared/cfo.yaml")
    (project / "content/personas/cfo.yaml").symlink_to("../../shared/cfo.yaml")
    loaded, diags = load_project(project, today=TODAY)
    assert diags.errors == [] and "cfo" in loaded.personas


def test_a_dangling_link_is_reported_and_an_editor_lock_file_ignored(project, capsys):
    (project / "content/personas/gone.yaml").symlink_to("nowhere.yaml")
    (project / "content/personas/.#cfo.yaml").symlink_to("root@host.1234:1700000000")  # Emacs' lock
    assert content_fault(capsys, project) == [
        "content/personas/gone.yaml: link points to a file that does not exist; not read"
    ]


def test_a_named_pipe_is_never_opened(project):
    os.mkfifo(project / "content/personas/pipe.yaml")
    done = subprocess.run(  # a separate process: if the pipe were opened for reading, it would hang
        [sys.executable, "-m", "generator", "check", str(project), "--today", DAY],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "content/personas/pipe.yaml: not a regular file (a named pipe); not read", "1 error, 0 warnings"
    ]


def test_reading_a_pipe_that_replaced_a_file_does_not_block(tmp_path):
    pipe = tmp_path / "late.yaml"
    os.mkfifo(pipe)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("reading the pipe blocked"))
    signal.alarm(10)
    try:
        with pytest.raises(OSError, match="a named pipe"):
            read_bytes(pipe)
    finally:
        signal.alarm(0)


def test_a_file_that_cannot_be_read(project, capsys, monkeypatch):
    target = project / "content/personas/cto.yaml"
    shutil.copyfile(project / "content/personas/cfo.yaml", target)
    real_open = os.open

    def denied(path, flags, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    assert content_fault(capsys, project) == ["content/personas/cto.yaml: cannot read file: permission denied"]


def test_a_folder_that_cannot_be_read(project, capsys, monkeypatch):
    training = project / "playbooks/training"
    training.mkdir()
    (training / "path.yaml").write_text("name: x\n", encoding="utf-8")
    real_scandir = os.scandir

    def denied(path="."):
        if Path(path) == training:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    assert content_fault(capsys, project) == ["playbooks/training: cannot read folder: permission denied"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_a_file_without_read_permission(project, capsys):
    target = project / "content/personas/cto.yaml"
    shutil.copyfile(project / "content/personas/cfo.yaml", target)
    target.chmod(0)
    try:
        assert content_fault(capsys, project) == ["content/personas/cto.yaml: cannot read file: permission denied"]
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


# --------------------------------------------------------------------------- 3. front matter


def test_front_matter_that_is_never_closed(project, capsys):
    (project / "content/whitepapers/frontline-guide.md").write_text(
        "---\ntitle: {zh: 指南, en: Guide}\n\n## 正文\n", encoding="utf-8"
    )
    assert content_fault(capsys, project) == [
        "content/whitepapers/frontline-guide.md:1:1: front matter is not closed: add a line '---' after its fields"
    ]


def test_a_translation_with_broken_front_matter(project, capsys):
    (project / "content/whitepapers/frontline-guide.en.md").write_text(
        "---\ntitle: [Guide\n---\n## Why scheduling is hard\n", encoding="utf-8"
    )
    assert content_fault(capsys, project) == [
        "content/whitepapers/frontline-guide.en.md:2:8: this list '[' is not closed with ']'"
        " (or an item is missing a comma)"
    ]


def test_a_translation_with_unclosed_front_matter(project, capsys):
    (project / "content/whitepapers/frontline-guide.en.md").write_text(
        "---\ntitle: Guide\n## Why scheduling is hard\n", encoding="utf-8"
    )
    assert content_fault(capsys, project) == [
        "content/whitepapers/frontline-guide.en.md:1:1: front matter is not closed: add a line '---' after its fields"
    ]


# --------------------------------------------------------------------------- 4. months that do not exist


@pytest.mark.parametrize(("value", "message"), [
    ("2027-13", "available_from: invalid month '2027-13': use YYYY-MM"),
    ("2027-00", "available_from: invalid month '2027-00': use YYYY-MM"),
    ("2027-02-30", "available_from: invalid date '2027-02-30': there is no such day; use YYYY-MM-DD"),
])
def test_available_from_must_be_a_real_month(project, capsys, value, message):
    company = project / "content/company.yaml"
    edit(company, "available_from: 2027-06", f'available_from: "{value}"')
    line = line_of(company, "    available_from:")
    assert content_fault(capsys, project) == [f"content/company.yaml:{line}:21: {message}"]


def test_available_from_accepts_real_dates(project):
    edit(project / "content/company.yaml", "available_from: 2027-06", 'available_from: "2028-02-29"')
    assert load_project(project, today=TODAY)[1].errors == []


# --------------------------------------------------------------------------- 5 and 8. the disk


def test_a_full_disk_while_building(project, capsys, monkeypatch):
    def full(self, views, out):
        (out / "half-written.html").write_text("<html>", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "index.html"))

    monkeypatch.setattr(SiteBuilder, "build", full)
    assert fails_cleanly(capsys, project, "--only", "site") == [
        f"error: cannot write the output to {project / 'site'}: the disk is full"
    ]


def test_an_output_folder_one_may_not_write_to(project, capsys, monkeypatch):
    def denied(a, b):
        raise PermissionError(errno.EACCES, "Permission denied", str(b))

    monkeypatch.setattr(pipeline, "_exchange", denied)
    assert fails_cleanly(capsys, project, "--only", "site") == [
        f"error: cannot write the output to {project / 'site'}: permission denied"
    ]


def test_a_read_only_disk(project, capsys, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(project))

    monkeypatch.setattr(pipeline.tempfile, "mkdtemp", read_only)
    assert fails_cleanly(capsys, project, "--only", "site") == [
        f"error: cannot write the output to {project / 'site'}: the disk is read-only"
    ]


def test_a_full_disk_while_copying_the_previous_output(project, capsys, monkeypatch):
    def full(src, dst, **kwargs):
        raise shutil.Error([(str(src), str(dst), "[Errno 28] No space left on device: 'x'")])

    def full_file(src, dst, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(pipeline.shutil, "copytree", full)  # the downloads, copied
    monkeypatch.setattr(pipeline.shutil, "copy2", full_file)  # the top-level files, copied
    assert fails_cleanly(capsys, project, "--only", "site") == [
        f"error: cannot write the output to {project / 'site'}: the disk is full"
    ]


def test_a_full_disk_when_scaffolding(capsys, monkeypatch, tmp_path):
    import generator.content.scaffold

    def full(src, dst, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(generator.content.scaffold.shutil, "copyfile", full)
    code, lines = run(capsys, "new", str(tmp_path / "new"))
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"error: {tmp_path / 'new'}") and lines[0].endswith(
        ": the disk is full"
    )


def test_a_bug_keeps_its_traceback(project, capsys, monkeypatch):
    def buggy(self, views, out):
        return 1 / 0

    monkeypatch.setattr(SiteBuilder, "build", buggy)
    before = tree(project / "site")
    with pytest.raises(ZeroDivisionError):
        main(["build", str(project), "--only", "site", "--today", DAY])
    assert tree(project / "site") == before
    assert not [n for n in os.listdir(project) if n.startswith(".site.")]  # no stage left behind


def test_an_unrelated_os_error_is_a_bug_too(project, monkeypatch):
    def buggy(self, views, out):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "templates/missing.j2")

    monkeypatch.setattr(SiteBuilder, "build", buggy)
    with pytest.raises(FileNotFoundError):
        main(["build", str(project), "--only", "site", "--today", DAY])


# --------------------------------------------------------------------------- 6. mkdocs.yml


@pytest.mark.parametrize(("config", "message"), [
    (MKDOCS.replace("theme:\n  name: material\n", "theme: 5\n"),
     "mkdocs.yml:2:1: theme: Invalid type a number. Expected a string or key/value pairs."),
    (MKDOCS + 'nav: "x"\n', "mkdocs.yml:7:1: nav: Expected nav to be a list, got 'x'"),
    (MKDOCS.replace("plugins:\n  - search\n  - enablekit\n", "plugins: {enablekit: {audience: everyone}}\n"),
     "mkdocs.yml:4:1: plugins: Plugin 'enablekit' option 'audience':"
     " Expected one of: ('internal', 'partner', 'public') but received: 'everyone'"),
    (MKDOCS + "extra: [\n", "mkdocs.yml:8:1: YAML syntax error: while parsing a flow node, did not find expected node content"),
    ("- just\n- a list\n", "mkdocs.yml:1:1: expected settings (a mapping such as 'site_name: ...'), got '['just', 'a list']'"),
    (MKDOCS.replace("name: material", "name: material\n  features: 5"),
     "mkdocs.yml: MkDocs could not use a setting (TypeError: argument of type 'int' is not iterable);"
     " check the values under 'theme', 'plugins' and 'markdown_extensions'"),
])
def test_a_broken_mkdocs_yml(project, capsys, config, message):
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    lines = fails_cleanly(capsys, project, "--only", "site")
    assert len(lines) == 1
    assert lines[0] in (f"error: site: {message}", f"error: site (zh): {message}")


def test_mkdocs_yml_is_checked_again_only_when_it_changed(project, capsys, monkeypatch):
    """A site built with the same mkdocs.yml (and the same enablekit) passed MkDocs' check of it: the next
    build leaves the check to the languages' builds; once the file changes, a fault in it is reported as
    on a first build."""
    import mkdocs.config

    (project / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    main(["build", str(project), "--only", "site", "--today", DAY])
    checked = []  # MkDocs' loads of the settings for the site as a whole (the languages' are each for a folder)
    real = mkdocs.config.load_config

    def load_config(config_file=None, **overrides):  # noqa: ANN001, ANN003, ANN202
        if Path(overrides["site_dir"]).name == "site":
            checked.append(config_file)
        return real(config_file, **overrides)

    monkeypatch.setattr(mkdocs.config, "load_config", load_config)
    objections = project / "content/objections/price.yaml"
    objections.write_text(objections.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the site is made again
    main(["build", str(project), "--only", "site", "--today", DAY])
    assert checked == []
    (project / "mkdocs.yml").write_text(MKDOCS + 'nav: "x"\n', encoding="utf-8")
    assert fails_cleanly(capsys, project, "--only", "site") == [
        "error: site: mkdocs.yml:7:1: nav: Expected nav to be a list, got 'x'"]
    assert checked == [str(project / "mkdocs.yml")]


def test_mkdocs_yml_that_is_not_utf8(project, capsys):
    (project / "mkdocs.yml").write_bytes(b"site_name: caf\xe9\nplugins: [enablekit]\n")
    assert fails_cleanly(capsys, project, "--only", "site") == [
        "error: site: mkdocs.yml:1:15: file is not valid UTF-8 text"
    ]


# --------------------------------------------------------------------------- 7. the swap


def test_the_output_is_exchanged_in_one_step(project, monkeypatch):
    target = project / "site"
    assert pipeline._exchange is not None
    if pipeline._renameat2() is None:
        pytest.skip("renameat2 is not available here")
    exchanged, removed = [], []
    real_exchange, real_replace, real_remove = pipeline._exchange, os.replace, pipeline._remove

    def exchange(a, b):
        assert Path(b) == target and (target / "index.html").is_file()
        result = real_exchange(a, b)
        assert result and (target / "index.html").is_file()
        exchanged.append((Path(a), Path(b)))
        return result

    def replace(src, dst, *args, **kwargs):
        assert Path(src) != target, "the output was moved away: for a moment there was none"
        return real_replace(src, dst, *args, **kwargs)

    def remove(path):
        assert (target / "index.html").is_file()
        removed.append(Path(path))
        return real_remove(path)

    monkeypatch.setattr(pipeline, "_exchange", exchange)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(pipeline, "_remove", remove)
    (target / "old-marker.txt").write_text("old", encoding="utf-8")
    pipeline.build(project, only=["site"], today=TODAY)
    assert len(exchanged) == 1 and exchanged[0][0].name.startswith(f".site.building-{os.getpid()}-")
    # the old output, at the stage's name after the exchange, is put aside in the cache: its folders
    # are what the next build writes into
    assert removed == [] and not exchanged[0][0].exists()
    assert (pipeline._spare(project.resolve(), target.resolve()) / "old-marker.txt").is_file()
    assert not (target / "old-marker.txt").exists() and (target / "index.html").is_file()
    assert not [n for n in os.listdir(project) if n.startswith(".site.")]


def test_the_exchange_swaps_two_folders(tmp_path):
    if pipeline._renameat2() is None:
        pytest.skip("renameat2 is not available here")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").touch()
    (b / "from-b").touch()
    assert pipeline._exchange(a, b)
    assert os.listdir(a) == ["from-b"] and os.listdir(b) == ["from-a"]


def test_without_the_exchange_two_renames_still_work(project, monkeypatch):
    monkeypatch.setattr(pipeline, "_renameat2", lambda: None)
    (project / "site/old-marker.txt").write_text("old", encoding="utf-8")
    pipeline.build(project, only=["site"], today=TODAY)
    assert not (project / "site/old-marker.txt").exists() and (project / "site/index.html").is_file()
    assert not [n for n in os.listdir(project) if n.startswith(".site.")]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_killed_builds_are_removed_but_not_those_of_running_ones(project):
    dead = _dead_pid()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        leftovers = {
            f".site.building-{dead}-abc123": False,  # killed while building
            f".site.old-{dead}": False,  # killed between the two renames (systems without the exchange)
            f".site.building-{sleeper.pid}-def456": True,  # a build that is still running
            f".site.building-{os.getpid()}-ghi789": True,  # this very process
            f".site.building-{dead}-locked": True,  # pid gone, but someone holds its lock
            ".site.building-notapid": True,  # not ours: never touched
            f".other.building-{dead}-abc": True,  # another output's: never touched
        }
        for name in leftovers:
            (project / name).mkdir()
            (project / name / "index.html").write_text("partial", encoding="utf-8")
        import fcntl

        lock = os.open(project / f".site.building-{dead}-locked", os.O_RDONLY)
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            pipeline.build(project, only=["site"], today=TODAY)
        finally:
            os.close(lock)
        for name, kept in leftovers.items():
            assert (project / name).exists() == kept, name
    finally:
        sleeper.kill()
        sleeper.wait()


def test_docs_links_out_of_the_project_and_pipes_are_refused(project, capsys, tmp_path):
    elsewhere = tmp_path / "elsewhere-docs"
    elsewhere.mkdir()
    (elsewhere / "secret.md").write_text("# ZZSECRETZZ\n", encoding="utf-8")
    (project / "docs" / "outside").symlink_to(elsewhere, target_is_directory=True)
    (project / "docs" / "passwd.png").symlink_to("/etc/passwd")
    os.mkfifo(project / "docs" / "pipe.md")
    done = subprocess.run(  # a separate process: a pipe opened for reading would hang it
        [sys.executable, "-m", "generator", "check", str(project), "--today", DAY],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "docs/outside: link points outside the project; not read",
        "docs/passwd.png: link points outside the project; not read",
        "docs/pipe.md: not a regular file; not read",
        "3 errors, 0 warnings",
    ]


def test_pagefind_failing_fails_the_build_in_one_line(project, capsys, monkeypatch, tmp_path):
    import pagefind.service

    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: could not read the pages' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: broken)
    assert fails_cleanly(capsys, project, "--force") == [
        "error: site (zh): enablekit: Pagefind failed: Error: could not read the pages"
    ]
