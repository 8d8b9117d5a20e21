"""The builder registry: one builder per output, each given audience views of the project, never
the project itself.

A builder declares a ``name`` (what ``--only`` names) and writes under the output
folder it is given. The registry refuses nameless and duplicate builders.

Builders that make downloads (PDFs, decks) may hand their slow part to a forked process
(:meth:`BuildContext.in_background`) and finish with its result later: the next builders start
meanwhile (a meeting-prep PDF is laid out while decks are drawn), and every such piece of work is
finished, in the order it was started, before a builder that reads the downloads runs. A builder that
only shows what the manifest records of them (the site: titles and page counts) may run meanwhile when
the work says what it will record (:class:`Writes`; see ``pipeline.build``).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..content.diagnostics import EnablekitError
from ..content.model import Project
from ..content.schema import Audience
from ..views.audience import view


class Views:
    """Audience views of one project, each made once. An audience wider than the build's
    maximum is refused: ``get`` returns None, so an internal document is simply not made
    in a public build."""

    def __init__(self, project: Project, maximum: Audience):
        self._project, self.maximum = project, maximum
        self._cache: dict[Audience, Project] = {}
        self.memo: dict = {}  # the artifact cache's digests of what was read of these views (and the registered
        # queries' answers: cache._answer), once per build

    def get(self, audience: Audience | str) -> Project | None:
        audience = Audience(audience)
        if not self.maximum.can_see(audience):
            return None
        if audience not in self._cache:
            self._cache[audience] = view(self._project, audience)
        return self._cache[audience]

    @property
    def root(self) -> Path:
        return self._project.root


@dataclass
class BuildContext:
    root: Path
    audience: Audience
    today: dt.date
    report: Callable[[str], None] = lambda message: None
    warnings: list[str] = field(default_factory=list)
    force: bool = False  # build every artifact again, whatever the caches hold
    explain: list[tuple[str, str | None]] = field(default_factory=list)  # (artifact, why rebuilt; None: reused)

    background: bool = False  # the pipeline lets builders fork work off (there is other work to overlap it with)
    pending: list[tuple[Pending | _Done, Callable[[Any], None]]] = field(default_factory=list)
    # what the pending work's finishers will write to the downloads' manifest: per piece of work, the kinds
    # whose entries it replaces and the files it records (None: not said, so not known before it is done)
    writes: list[Writes | None] = field(default_factory=list)
    # the downloads the site links, when it is made before their manifest is written (see pipeline.build)
    downloads: list | None = None
    leftovers: list[Path] | None = None  # a list: the builder's scratch folders are removed after it hands back its result
    # processes forked before the content was loaded, a slow library imported there meanwhile (see Warm), by name
    warm: dict[str, Warm] = field(default_factory=dict)

    def remove_later(self, folder: Path) -> None:
        """Remove a builder's scratch ``folder``: now, or once its result is handed back (see ``leftovers``)."""
        if self.leftovers is None:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
        else:
            self.leftovers.append(folder)

    def explained(self, artifact: str, reason: str | None) -> None:
        """Note that ``artifact`` was reused (``reason`` None) or made again, and why (``--explain``)."""
        self.explain.append((artifact, reason))

    def in_background(self, work: Callable[[], Any], finish: Callable[[Any], None],  # noqa: ANN401
                      writes: Writes | None = None, *, warm: str | None = None) -> None:
        """Run ``work()`` in a forked process, and later ``finish(its result)`` in this one (see
        :meth:`finish_pending`); both at once, here, when the build may not fork (one core, threads, no fork).
        ``writes``: what ``finish`` writes to the downloads' manifest (lets the site start meanwhile).
        ``warm``: the :class:`Warm` process that may run it (``work`` is then sent to it: it must pickle)."""
        if not (self.background and may_fork()):
            finish(work())
            return
        ready = self.warm.get(warm) if warm is not None else None
        job = ready.take(work) if ready is not None else None
        self.pending.append((job or Pending(work), finish))
        self.writes.append(writes)

    def later(self, finish: Callable[[], None], writes: Writes | None = None) -> None:
        """Run ``finish()`` after the work started in the background so far is finished (now, when there is none).
        ``writes`` as for :meth:`in_background`."""
        if not self.pending:
            finish()
            return
        self.pending.append((_Done(), lambda _: finish()))
        self.writes.append(writes)

    def expected_downloads(self, written: list, before: list) -> list | None:  # noqa: ANN001 - documents.Download
        """The downloads' manifest as it will be once the pending work is finished, told from ``written``
        (what the manifest holds now) and ``before`` (the previous build's manifest, for what the pending
        work will record: its page counts and titles are known only once it is made); None when that
        cannot be told (pending work that did not say what it writes, or a file the previous build
        did not make)."""
        from ..views.documents import merged_manifest

        if any(w is None for w in self.writes):
            return None
        previous = {d.file: d for d in before}
        kinds = {kind for w in self.writes for kind in w.kinds}
        coming = []
        for w in self.writes:
            for name in w.files:
                found = previous.get(name)
                if found is None or found.kind not in w.kinds:
                    return None
                coming.append(found)
        return merged_manifest(written, coming, replace_kinds=kinds)

    def finish_pending(self) -> None:
        """Wait for the work started in the background and finish it, in the order it was started. The first
        failure is raised (what was started after it is stopped)."""
        try:
            while self.pending:
                job, finish = self.pending[0]
                result = job.result()
                self.pending.pop(0)
                self.writes.pop(0)
                finish(result)
        finally:
            self.cancel_pending()

    def cancel_pending(self) -> None:
        """Stop the work still running in the background (a builder failed: its results are not wanted)."""
        while self.pending:
            job, _ = self.pending.pop()
            job.cancel()
        self.writes.clear()


@dataclass(frozen=True)
class Writes:
    """What a piece of pending work records in the downloads' manifest: it replaces the entries of
    ``kinds`` by entries for ``files`` (file names under downloads/; none: it records nothing)."""

    kinds: frozenset[str] = frozenset()
    files: tuple[str, ...] = ()


def may_fork() -> bool:
    """Whether this process may fork workers safely: more than one core, one thread (not under ``serve``,
    not under a spinner), and fork available."""
    import multiprocessing
    import threading

    return ((os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


class _Done:
    """Work with nothing left to wait for (a finisher queued behind others)."""

    def result(self) -> None:
        return None

    def cancel(self) -> None:
        pass


class Pending:
    """``work()`` running in a forked process (it sees this process's memory as it was: the loaded
    project), its result or its error sent back through a pipe."""

    def __init__(self, work: Callable[[], Any] | None, after: Callable[[], None] | None = None, *,
                 _target: Callable[..., None] | None = None, _args: tuple = ()):
        """``after()``: run in the forked process once it has sent its result (the result is not waited for).
        (``_target(send, *_args)`` instead of ``work``: the process of a :class:`Warm`.)"""
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        target, args = (_run, (send, work, after)) if _target is None else (_target, (send, *_args))
        self._process = context.Process(target=target, args=args, daemon=False)
        self._process.start()
        send.close()
        try:  # a process group of its own (set here and there: whichever runs first), stopped as a whole
            os.setpgid(self._process.pid, self._process.pid)
        except OSError:
            pass

    def result(self, join: bool = True) -> Any:  # noqa: ANN401
        """The work's result (its error raised here); ``join`` False: without waiting for the process to end
        (call :meth:`join` later)."""
        try:
            kind, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"a build process stopped without a result (exit code {self._process.exitcode})") from None
        finally:
            self._receive.close()
        if join:
            self._process.join()
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        """Stop the work with the processes it started (decks are drawn by a pool of its own)."""
        if self._process.is_alive():
            import signal

            try:
                os.killpg(self._process.pid, signal.SIGTERM)
            except OSError:
                self._process.terminate()
        self._process.join()
        self._receive.close()

    def join(self) -> None:
        self._process.join()


def _run(send: Any, work: Callable[[], Any], after: Callable[[], None] | None = None) -> None:  # noqa: ANN401
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    try:
        message = ("ok", work())
    except BaseException as exc:  # noqa: BLE001 - sent back, raised in the build's process
        if not isinstance(exc, EnablekitError):  # a bug: where it happened, in the forked process
            exc.add_note("".join(traceback.format_exception(exc)).rstrip())
        message = ("error", exc)
    try:
        send.send(message)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:  # an error that cannot be sent: its text
        send.send(("error", RuntimeError(f"{message[1]!r} ({exc})")))
    send.close()
    if after is not None:
        after()


class Warm:
    """A process forked when a build starts, before the content is loaded, that imports a slow library
    (``prepare()``: WeasyPrint, about half a second of CPU) on the core the loading leaves idle, then runs
    the one piece of work handed to it (:meth:`take`) as a :class:`Pending` does: the PDFs are laid out
    without waiting for that import. Stopped unused (:meth:`close`) when no such work comes."""

    def __init__(self, prepare: Callable[[], None]):
        import multiprocessing

        self._work, self._send = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._job: Pending | None = Pending(None, _target=_run_warm, _args=(self._work, self._send, prepare))
        self._work.close()

    def take(self, work: Callable[[], Any]) -> Pending | None:  # noqa: ANN401
        """``work`` sent to this process (it must pickle: a module's function with plain arguments) and the
        :class:`Pending` that gives its result; None once it was taken, stopped, or cannot be sent."""
        job, self._job = self._job, None
        if job is None:
            return None
        try:
            self._send.send(work)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            job.cancel()
            return None
        finally:
            self._send.close()
        return job

    def close(self) -> None:
        """Stop it when no work was handed to it (its import may still be running)."""
        job, self._job = self._job, None
        if job is not None:
            self._send.close()
            job.cancel()


def _run_warm(send: Any, work: Any, sender: Any, prepare: Callable[[], None]) -> None:  # noqa: ANN401 - pipes' ends
    sender.close()  # the build's end of the pipe the work comes through
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    try:
        prepare()
    except Exception:  # noqa: BLE001, S110 - the work imports it again, and reports what fails then
        pass
    try:
        given = work.recv()
    except (EOFError, OSError):  # closed unused
        return
    finally:
        work.close()
    _run(send, given)


class Builder(ABC):
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    order: ClassVar[int] = 50  # lower runs first; the site runs last so it can link the downloads
    # made while the downloads are finished, from the manifest they are expected to write (pipeline.build)
    beside_downloads: ClassVar[bool] = False
    # the kinds of entries the builder records in the downloads' manifest (it replaces those of these kinds);
    # None: not said. When every builder before the site says it, the site starts before they run
    manifest_kinds: ClassVar[frozenset[str] | None] = None

    def __init__(self, context: BuildContext):
        self.context = context

    @abstractmethod
    def build(self, views: Views, out: Path) -> None:
        """Write this builder's output into ``out`` (the whole output folder being assembled)."""

    def prepare(self, views: Views, like: Path) -> None:  # noqa: B027 - most builders have nothing to prepare
        """Work that may be done ahead of :meth:`build`, while the builders before it finish (the site is
        made beside the downloads): ``like`` is the output built last time, for what they will write."""


REGISTRY: dict[str, type[Builder]] = {}


def register(cls: type[Builder]) -> type[Builder]:
    if not cls.name:
        raise ValueError(f"builder {cls.__name__} has no name")
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise ValueError(f"a builder named '{cls.name}' is already registered")
    REGISTRY[cls.name] = cls
    return cls
