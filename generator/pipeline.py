"""Build orchestration: load and validate everything, then run builders into a temporary
folder, and only when all of them succeeded swap it in place of the previous output."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .content.diagnostics import Diagnostics, EnablekitError, did_you_mean
from .content.loader import load_or_fail
from .content.schema import Audience
from .outputs import BuildContext, Views, builtin_builders
from .outputs.proposal import ProposalBuilder
from .outputs.registry import Builder, Pending, may_fork
from .views.documents import Download, merged_manifest, read_manifest


@dataclass
class BuildResult:
    out: Path
    builders: list[str]
    diagnostics: Diagnostics
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    explain: list[tuple[str, str | None]] = field(default_factory=list)  # (artifact, why made again; None: reused)


def builder_names() -> list[str]:
    return list(builtin_builders())


def build(
    root: str | Path,
    *,
    out: str | Path | None = None,
    audience: Audience | str = Audience.internal,
    only: Sequence[str] | None = None,
    today: dt.date | None = None,
    strict: bool = False,
    force: bool = False,
    report: Callable[[str], None] = lambda message: None,
) -> BuildResult:
    """Validate the project and build the selected outputs into ``out`` (default ``<root>/site``).

    Raises :class:`~generator.diagnostics.ContentError` (with every problem) before anything
    is written when the content has errors, and leaves the previous output untouched when a
    builder fails. Artifacts whose inputs did not change since they were last built come from
    ``<root>/.enablekit-cache`` (``force`` builds every one again); ``BuildResult.explain`` says, per
    artifact, whether it was reused or why it was made again.
    """
    root = Path(root).resolve()
    registry = builtin_builders()
    names = [n for n in registry if n in only] + [n for n in only if n not in registry] if only else list(registry)
    unknown = [n for n in names if n not in registry]
    if unknown:
        raise EnablekitError(
            f"unknown output '{unknown[0]}'{did_you_mean(unknown[0], registry)} (outputs: {', '.join(registry)})"
        )
    audience = Audience(audience)
    target = Path(out).resolve() if out else root / "site"
    changed = _maybe_changed(root, target, force)
    warm = _warm_pdf(names, changed)  # WeasyPrint imported meanwhile, on the core the loading leaves idle
    try:
        return _build(root, target, names, registry, audience, only, today, strict, force, report, warm, changed)
    finally:
        gc.unfreeze()  # see _build
        for process in warm.values():
            process.close()


def _build(root: Path, target: Path, names: list[str], registry: dict, audience: Audience,
           only: Sequence[str] | None, today: dt.date | None, strict: bool, force: bool,
           report: Callable[[str], None], warm: dict, changed: bool) -> BuildResult:
    project, diags = load_or_fail(root, today=today, strict=strict)
    _check_target(root, target)
    context = BuildContext(root=root, audience=audience, today=project.today, report=report, force=force, warm=warm)
    views = Views(project, audience)
    # the loaded project is shared with the processes the builders fork: frozen, it is left out of the garbage
    # collections here and there, which would otherwise touch, and so copy, every page of it in each process
    gc.freeze()
    result = BuildResult(out=target, builders=names, diagnostics=diags)
    beside: _Beside | None = None  # the builder made while the downloads are finished, if any
    with _writing_to(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent))
        spare = _spare(root, target)
        try:
            if not only or "site" in names:  # the site brings the folders up to date
                _reuse_folders(spare, stage)
            with _locked(stage):
                stage.chmod(0o755)
                if only and target.is_dir() and _previous_audience(target) == audience.value:
                    # a partial build keeps the other outputs of the previous one, if it was for the same readers
                    _keep_previous(target, stage, folders="site" not in names)
                # downloads builders hand their slow part (drawing decks, laying out PDFs) to forked processes
                # and the next ones start meanwhile; all of it is finished before a builder that reads them
                # runs, but the site: it is made meanwhile too, from what their manifest is expected to say
                context.background = sum(registry[n].order < READS_DOWNLOADS for n in names) > 1
                # (when nothing may have changed, the site is likely reused whole: it is not worth a process)
                beside = _start_before_downloads(registry, names, context, views, stage, target) if changed else None
                for name in names:
                    builder = registry[name](context)
                    if registry[name].order >= READS_DOWNLOADS:
                        if beside is not None and beside.builder is registry[name]:
                            continue  # started before the downloads' builders ran
                        if beside is None and registry[name].beside_downloads and context.pending:
                            beside = _start_beside(registry[name], context, views, stage, target)
                            if beside is not None:
                                continue
                        if beside is not None and not beside.done:
                            builder.prepare(views, target)  # while the site is made, with its pages of last time
                        _finish_pending(context, result)
                        if beside is not None and not beside.done:
                            _finish_beside(beside, context, views, stage, result)
                    started, explained = time.perf_counter(), len(context.explain)
                    builder.build(views, stage)
                    result.seconds[name] = time.perf_counter() - started
                    if len(context.explain) == explained:  # a builder without a cache makes its output every time
                        context.explained(name, "this output is made every time (it is not cached)")
                _finish_pending(context, result)
                if beside is not None and not beside.done:
                    _finish_beside(beside, context, views, stage, result)
                if beside is not None:
                    beside.job.join()  # it removes its scratch folders after handing back its result
                (stage / STAMP).write_text(json.dumps({"audience": audience.value}) + "\n", encoding="utf-8")
                _swap(stage, target, spare)
        except BaseException:
            context.cancel_pending()
            if beside is not None:  # stopped; or, its result taken, let it remove its scratch folders
                beside.job.join() if beside.done else beside.job.cancel()
            _remove(stage)
            raise
    result.warnings = context.warnings
    result.explain = context.explain
    return result


STAMP = ".enablekit-build.json"
# what a PDF is made from, in the project: a file there newer than the last build may mean a PDF to lay out
PDF_SOURCES = ("content", "templates", "deals", "playbooks")
PDF_BUILDERS = {"pdf", "proposal"}


def _maybe_changed(root: Path, target: Path, force: bool) -> bool:
    """Whether an artifact may have to be made again: ``--force``, no build before, or a project file the
    PDFs, decks and pages are made from edited after the last build's stamp was written. A guess that only
    decides what starts early (see _warm_pdf, _start_before_downloads): every artifact's key decides."""
    try:
        built = (target / STAMP).stat().st_mtime_ns
    except OSError:
        return True
    return force or _newer(root, built)


def _warm_pdf(names: list[str], changed: bool) -> dict:
    """``{"pdf": Warm}``: a process importing WeasyPrint while this one loads the content, when a builder that
    lays out PDFs runs, the build may fork, and a PDF may have to be laid out (``changed``: see _maybe_changed);
    else nothing to start. The guess only decides whether the import starts early: a PDF it did not expect is
    laid out all the same."""
    from .outputs.pdf.render import warm_up
    from .outputs.registry import Warm

    if not PDF_BUILDERS & set(names) or not may_fork() or not changed:
        return {}
    return {"pdf": Warm(warm_up)}


def _newer(root: Path, than: int) -> bool:
    """Whether a file under the project's PDF sources was modified after ``than`` (ns)."""
    stack = [str(root / name) for name in PDF_SOURCES]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.stat().st_mtime_ns > than:
                    return True
            except OSError:
                return True
    return False


READS_DOWNLOADS = 100  # builders from this order on (the site, llms) read what the ones before wrote (see _Beside)


def _finish_pending(context: BuildContext, result: BuildResult) -> None:
    """Wait for the work the builders started in the background and finish it (the build's timings show the
    time waited as "waiting for downloads")."""
    if context.pending:
        started = time.perf_counter()
        context.finish_pending()
        result.seconds["waiting for downloads"] = time.perf_counter() - started


@dataclass
class _Beside:
    """A builder (the site) made in a forked process while the downloads are finished, from ``expected``: their
    manifest as the pending work is expected to write it."""

    builder: type[Builder]
    job: Pending
    expected: list[Download]
    started: float
    done: bool = False  # its result is taken (or it was made again)


def _start_before_downloads(registry: dict, names: list[str], context: BuildContext, views: Views, stage: Path,
                            target: Path) -> _Beside | None:
    """Start the builder made beside the downloads (the site) before their builders run, when each of them
    says which kinds of entries it records in the manifest and the output built last time, for the same
    readers, tells what those entries will say (their titles and page counts as last time; when they differ
    once the downloads are made, the site is made again then): the site no longer waits for the downloads'
    builders to work out what they reuse and what they make (a third of a second after one edit)."""
    first = [registry[n] for n in names if registry[n].order < READS_DOWNLOADS]
    site = [registry[n] for n in names if registry[n].order >= READS_DOWNLOADS and registry[n].beside_downloads]
    if not site or not context.background or any(b.manifest_kinds is None for b in first):
        return None
    if _previous_audience(target) != context.audience.value:
        return None
    kinds = set().union(*(b.manifest_kinds for b in first))
    coming = [d for d in read_manifest(target) if d.kind in kinds]
    return _start_beside(site[0], context, views, stage, target,
                         expected=merged_manifest(read_manifest(stage), coming, replace_kinds=kinds))


def _start_beside(builder: type[Builder], context: BuildContext, views: Views, stage: Path,
                  target: Path, expected: list | None = None) -> _Beside | None:
    """Start ``builder`` in a forked process, before the downloads are finished, when what it reads of them
    can be told now (``expected``, or else: their titles and page counts from the cache, or from the previous
    build for those being made: ``BuildContext.expected_downloads``). None (nothing started) when it cannot."""
    if not may_fork():
        return None
    if expected is None:
        expected = context.expected_downloads(read_manifest(stage), read_manifest(target))
    if expected is None:
        return None
    started, explained, warned = time.perf_counter(), len(context.explain), len(context.warnings)

    def work() -> tuple[list, list]:
        # a copy of this process: the downloads' pending work is this process's, to finish or to stop
        context.pending, context.writes, context.downloads, context.leftovers = [], [], expected, []
        context.report = lambda message: None  # one process shows the progress
        builder(context).build(views, stage)
        return context.explain[explained:], context.warnings[warned:]

    def tidy() -> None:  # its scratch folders, removed while the build goes on
        for folder in context.leftovers or []:
            shutil.rmtree(folder, ignore_errors=True)

    context.report(f"{builder.name}: made beside the downloads")
    return _Beside(builder, Pending(work, after=tidy), expected, started)


def _finish_beside(beside: _Beside, context: BuildContext, views: Views, stage: Path, result: BuildResult) -> None:
    """Once the downloads are finished: take what the builder made beside them when they are what it was made
    from (what a page shows of them: not their size in bytes), else make it again from them (what it kept in
    the cache meanwhile makes that quick). Either way its output is what it makes after the downloads."""
    from .outputs.site.pagestore import downloads_shown

    beside.done, explained = True, len(context.explain)
    made = [d for d in read_manifest(stage) if (stage / "downloads" / d.file).is_file()]
    name = beside.builder.name
    if downloads_shown([made]) == downloads_shown([beside.expected]):
        explain, warnings = beside.job.result(join=False)  # its failure is the build's, as after the downloads
        context.explain.extend(explain)
        context.warnings.extend(warnings)
    else:
        with contextlib.suppress(Exception):  # what it made is not wanted, nor its failure: it is made again
            beside.job.result()
        context.explained(f"{name} (made beside the downloads)",
                          "made again: the downloads' titles or page counts are not those expected")
        beside.builder(context).build(views, stage)
    result.seconds[name] = time.perf_counter() - beside.started
    if len(context.explain) == explained:
        context.explained(name, "this output is made every time (it is not cached)")


def _previous_audience(target: Path) -> str | None:
    try:
        return json.loads((target / STAMP).read_text(encoding="utf-8")).get("audience")
    except (OSError, ValueError, AttributeError):
        return None


def _check_target(root: Path, target: Path) -> None:
    protected = [root, root / "content", root / "playbooks", root / "deals", root / "templates", root / "docs"]
    if target in protected or any(p in target.parents for p in protected[1:]) or target in root.parents:
        raise EnablekitError(f"refusing to write the output into {target}: it would replace project files")


def _check_not_public(target: Path, deal_id: str, root: Path) -> None:
    """Refuse to put the internal meeting-prep sheet into (or under) a public or partner build, which
    is published as it is."""
    for folder in [target, *target.parents]:
        audience = _previous_audience(folder) if folder.is_dir() else None
        if audience in ("public", "partner"):
            suggestion = root / "proposals" / deal_id
            raise EnablekitError(
                f"refusing to write {deal_id}'s proposal into {target}: {folder} holds a {audience} build, and the"
                f" meeting-prep sheet is internal; name another folder with --out (such as {suggestion})")
        if folder == root or folder == folder.parent:
            break


# --------------------------------------------------------------------------- writing the output

# errors of the disk or the permissions, not of enablekit: shown as one line, without a traceback
_PLAIN = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EFBIG: "a file is too large for the disk",
    errno.EIO: "the disk reported an input/output error",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a file is in the way",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EBUSY: "the folder is busy (is it a mount point, or open in another program?)",
    errno.EXDEV: "the folder is on another disk than the folder that holds it (a mount point?)",
}
WRITE_ERRNOS = set(_PLAIN)


def write_error_reason(exc: OSError) -> str | None:
    """Plain words for an OS error caused by the disk or permissions; None for any other error
    (which is more likely a bug and keeps its traceback). ``shutil.Error`` carries the errors
    of a whole copy as text: the first one is used."""
    code = exc.errno
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        first = exc.args[0][0]
        why = str(first[-1]) if isinstance(first, tuple) and first else str(first)
        found = re.match(r"\[Errno (\d+)\]", why)
        code = int(found.group(1)) if found else None
        if code is None:
            return why
    if code in WRITE_ERRNOS:
        return _PLAIN[code]
    return None


@contextlib.contextmanager
def _writing_to(target: Path):
    """Turn a full or read-only disk (or a folder one may not write to) into one plain error."""
    try:
        yield
    except OSError as exc:
        reason = write_error_reason(exc)
        if reason is None:
            raise
        raise EnablekitError(f"cannot write the output to {target}: {reason}") from None


@contextlib.contextmanager
def _locked(folder: Path):
    """Hold an exclusive lock on ``folder`` (the stage) while this build runs, so that another
    build never takes it for the leftover of a killed one."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Windows; the pid in the name still protects
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):  # e.g. no locks on this file system: the pid still protects
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _held_by_someone(folder: Path) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return False
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except (OSError, OverflowError):
        return False
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Remove what builds that were killed left next to ``target`` (``.site.building-<pid>-*``,
    ``.site.old-<pid>``). A folder whose build is still running (its process is alive, or it holds
    the folder's lock) is kept. Returns the folders removed."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:building|old)-(\d+)(?:-.*)?")
    removed = []
    try:
        names = sorted(os.listdir(target.parent))
    except OSError:
        return removed
    for name in names:
        found = pattern.fullmatch(name)
        if not found:
            continue
        leftover = target.parent / name
        if _pid_alive(int(found.group(1))) or _held_by_someone(leftover):
            continue
        _remove(leftover)
        removed.append(leftover)
    return removed


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def _renameat2():
    """libc's ``renameat2`` (Linux, glibc 2.28+), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap what the paths ``a`` and ``b`` name. False when the system or the file system
    cannot (then nothing changed); raises OSError for any other failure."""
    function = _renameat2()
    if function is None:
        return False
    import ctypes

    if function(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(stage: Path, target: Path, spare: Path | None = None) -> None:
    """Put ``stage`` where ``target`` is. At every instant ``target`` holds the whole old output or
    the whole new one: the two are exchanged in one step (Linux ``renameat2``), then the old one,
    now at the stage's name, is put aside as ``spare`` (or deleted). Elsewhere: two renames, with a
    brief gap between them."""
    if not os.path.lexists(target):
        os.replace(stage, target)
        return
    if _exchange(stage, target):
        _put_aside(stage, spare)  # now the old output; if the build is killed here, the next build removes it
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if os.path.lexists(old):
        _remove(old)
    os.replace(target, old)
    try:
        os.replace(stage, target)
    except BaseException:
        os.replace(old, target)
        raise
    _put_aside(old, spare)


# The folders of the output replaced by a build are kept (in the project's cache) for the next build
# of the same output to write into: a site has a folder per page, and creating and deleting a thousand
# folders costs more than building the pages that changed.


def _spare(root: Path, target: Path) -> Path:
    import hashlib

    return root / ".enablekit-cache" / "spare" / hashlib.sha256(os.fsencode(target)).hexdigest()[:16]


def _put_aside(old: Path, spare: Path | None) -> None:
    """Keep the replaced output ``old`` as ``spare``, or delete it (no spare, or on another disk)."""
    if spare is not None and not os.path.lexists(spare):
        try:
            spare.parent.mkdir(parents=True, exist_ok=True)
            os.rename(old, spare)
            return
        except OSError:
            pass
    _remove(old)


def _reuse_folders(spare: Path, stage: Path) -> None:
    """Move the folders of ``spare`` (an output replaced before) into the empty ``stage``. Only what
    the builders replace as a whole stays: the files of the site, which it brings up to date by
    linking and unlinking (never writing into a file); the downloads, which builders write into,
    and everything else at the top are removed first."""
    try:
        os.rename(spare, stage)  # the empty stage is replaced; fails when there is no spare
    except OSError:
        return
    for child in list(stage.iterdir()):
        if child.is_dir() and not child.is_symlink() and child.name != "downloads":
            continue
        _remove(child)


def _keep_previous(target: Path, stage: Path, folders: bool) -> None:
    """Put the previous output ``target`` in ``stage`` for a build of some outputs only: its downloads
    (which builders write into) and top-level files as copies; with ``folders``, its other folders (the
    site's pages, which are only ever linked and unlinked, never written into: cache.sync_tree,
    llms._write) as hard links, as cheap as a folder each; without, the site being built, they are left
    to it (the stage already holds folders of an older output, brought up to date by the site)."""
    from .outputs.cache import link_tree

    for entry in os.scandir(target):
        there = stage / entry.name
        if entry.is_dir(follow_symlinks=False) and entry.name != "downloads":
            if folders:
                link_tree(Path(entry.path), there)
        elif entry.is_dir(follow_symlinks=False):
            shutil.copytree(entry.path, there, dirs_exist_ok=True, symlinks=True)
        else:
            if os.path.lexists(there):
                _remove(there)
            shutil.copy2(entry.path, there, follow_symlinks=False)


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds content/company.yaml."""
    for folder in [start, *start.parents]:
        if (folder / "content" / "company.yaml").is_file():
            return folder
    raise EnablekitError(f"{start}: not inside an enablekit project (no content/company.yaml above it)")


def build_proposal(
    deal_file: str | Path,
    *,
    out: str | Path | None = None,
    today: dt.date | None = None,
    report: Callable[[str], None] = lambda message: None,
) -> list[Path]:
    """Proposal PDF and deck and the meeting-prep sheet for one deal file. The whole project is
    validated first; files go to ``out`` (default ``<project>/site/proposals/<deal id>``)."""
    deal_path = Path(deal_file).resolve()
    root = find_project_root(deal_path.parent)
    project, _ = load_or_fail(root, today=today)
    rel = deal_path.relative_to(root).as_posix()
    deal = next((d for d in project.deals.values() if project.source(d).path == rel), None)
    if deal is None:
        raise EnablekitError(f"{rel}: not a deal file; deals live in {root.name}/deals/*.yaml")
    target = Path(out).resolve() if out else root / "site" / "proposals" / deal.id
    _check_target(root, target)
    _check_not_public(target, deal.id, root)
    context = BuildContext(root=root, audience=Audience.internal, today=project.today, report=report)
    builder = ProposalBuilder(context)
    builder.deals = {deal.id}
    with _writing_to(target), tempfile.TemporaryDirectory(prefix="enablekit-proposal-") as scratch:
        builder.build(Views(project, Audience.internal), Path(scratch))
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for made in sorted((Path(scratch) / "downloads").iterdir()):
            if made.name == "manifest.json":
                continue
            shutil.copyfile(made, target / made.name)
            written.append(target / made.name)
    return written
