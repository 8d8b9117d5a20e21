"""The live-reload session behind ``enablekit serve`` and the plugin's side of ``mkdocs serve``.

Every rebuild reads the project again (MkDocs keeps one plugin instance per process, so no view
loaded for an earlier build may be reused); what reading, checking and viewing a file that did not
change gave is kept by the content layer while a session runs (``keep_parsed``, ``keep_checked``,
``Session.views``). The default language is rebuilt at once; another
language is rebuilt with it while a browser tab shows it, and otherwise when it is next opened.
A content error does not stop the preview: the terminal prints it as ``path:line:col: message``
and every page shows it in a banner above the last version that built, until a save fixes it.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from markupsafe import escape

from ...content.diagnostics import EnablekitError
from ...content.model import Project
from ...content.reader import keep_parsed
from ...content.validate import keep_checked
from ...language import i18n
from ...views.audience import ViewMemo
from ..cache import remember_values
from . import pagestore
from .builder import _check_config
from .search import IndexStopped, memoise_segmentation

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.enablekit.serve")

WATCHED = ("content", "playbooks", "deals", "templates")  # besides docs_dir and mkdocs.yml
SETTLE_SECONDS = 120  # the longest a request waits for its language's pages to be built after a reload
VIEWING_SECONDS = 30  # a language whose page was requested this recently counts as being looked at
LOADED_SECONDS = 1.5  # a page asked for this recently is in view (its tab may not wait for a reload yet)
RELOAD_SECONDS = 1.0  # the longest the work after a reload waits for the browsers to load the reloaded page
QUIET_SECONDS = 0.15  # ... which they have once they asked for it and then for nothing else this long
BANNER_START, BANNER_END = "<!--ek-serve-errors-->", "<!--/ek-serve-errors-->"

_SESSIONS: dict[str, Session] = {}
_SESSIONS_LOCK = threading.Lock()


def _key(config_file: str | os.PathLike | None) -> str:
    return os.path.realpath(config_file) if config_file else ""


def session_for(config_file: str | os.PathLike | None) -> Session | None:
    """The live preview serving the site of ``config_file``, if one runs in this process."""
    if not _SESSIONS or not config_file:
        return None
    return _SESSIONS.get(_key(config_file))


def start_session(config_file: str | os.PathLike, root: Path) -> Session:
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(_key(config_file))
        if session is None:
            session = _SESSIONS[_key(config_file)] = Session(str(config_file), root)
        keep_parsed(True)  # each save reads the project again: its unchanged files are not parsed nor loaded again,
        keep_checked(True)  # nor their entities checked again
        pagestore.keep_in_memory(True)  # and makes each language's pages from the page store: kept in memory,
        remember_values(True)  # with the digests of what the pages read (a value equal to the last one: its digest)
        return session


def end_session(session: Session) -> None:
    with _SESSIONS_LOCK:
        if _SESSIONS.get(_key(session.config_file)) is session:
            del _SESSIONS[_key(session.config_file)]
        if not _SESSIONS:
            keep_parsed(False)
            keep_checked(False)
            pagestore.keep_in_memory(False)  # what is not written yet is written now
            remember_values(False)
    session.finish_clearing()
    session._resume_collector()


def page_address(url: str | None) -> str:
    """A page's address as serve compares them: its URL from its language's site root, without a final
    'index.html' ('' the home page, 'personas/cfo/', 'personas/cfo.html')."""
    return (url or "").removesuffix("index.html")


def _stamp(message: str) -> str:
    return time.strftime("[%H:%M:%S] ") + message


class Session:
    """State of one live preview: problems shown, last good content, languages up to date."""

    def __init__(self, config_file: str, root: Path) -> None:
        self.config_file = config_file
        self.root = root
        self.lock = threading.RLock()  # one build at a time: the plugin instance is shared
        self.problems: list[str] = []  # shown in the banner: path:line:col: message
        self._fresh: list[str] = []  # problems found by the build under way (already printed)
        self._last_good: dict[str, Project] = {}  # audience -> the last view that loaded
        self.views = ViewMemo()  # what the last view made of each entity (reused for those that did not change)
        self._warned: set[str] = set()
        self._changed: list[str] = []
        self._changed_lock = threading.Lock()
        self._polls: dict[str, int] = {}  # language -> browser tabs waiting for a reload
        self._viewing: dict[str, int] = {}  # page address -> browser tabs showing it (waiting for a reload)
        self._loaded: dict[str, float] = {}  # page address -> when it was last asked for (time.monotonic)
        self._seen: dict[str, float] = {}  # language -> when one of its pages was last requested
        self.plugin: Any = None  # the enablekit plugin instance of the last build
        self.view: Project | None = None
        self.languages: list[str] = []
        self.built: set[str] = set()  # languages whose pages in site_dir are up to date
        self.keys: dict[str, str] = {}  # language -> what its pages in site_dir were made from (builder.language_key)
        self.kept: list[str] = []  # languages the build under way left as they were: nothing they show changed
        self.first: dict[str, int] = {}  # languages whose pages in view (how many) the build under way made first
        self.following = False  # the build under way leaves the other pages for after the reload
        self.site_dir: str | None = None
        self.docs_dir: str | None = None
        self.mount_path = "/"
        self.initial = True
        self.attached = False
        self._server: LiveReloadServer | None = None
        self._waiting = 0  # rebuilds waiting for the lock
        self.failed = False  # the last build failed: no language is built until one succeeds
        self.builds = 0  # run through this session (`mkdocs serve` runs its first build without one)
        self._polls_lock = threading.Lock()
        self._clearing: list[tuple[threading.Thread, Path]] = []  # old pages being deleted meanwhile
        self._deferring = False  # a rebuild after a save is under way: the search index may wait for the reload
        self._deferred: list[Callable[[], None]] = []
        self._unindexed: dict[str, Callable[[], None]] = {}  # language folder -> its search index, stopped for a save
        self._indexing: threading.Thread | None = None
        self._collector_paused = False  # the garbage collector waits: a save is being rebuilt, its page reloaded
        self._requests = 0  # requests for the site's files (not the reload script's polls) so far
        self._last_request = 0.0  # when the last one came (time.monotonic)
        self._reloading = 0  # browser tabs the last rebuild reloads
        self._requests_then = 0  # ... and how many requests had come when it ended
        # pages in view first: after a save the pages browsers show are built before the reload, the rest of
        # their language after it; until then a request for one of the rest waits for it (never a stale page)
        self.written: dict[str, set[str]] = {}  # language -> the page files its last whole build wrote
        self._unsettled: dict[str, set[str]] = {}  # language -> addresses already up to date, while the rest is built
        self._settled = threading.Event()
        self._settled.set()

    def clear_later(self, site_dir: str) -> None:
        """Empty ``site_dir`` at once and delete what it held in the background: MkDocs empties it
        before each build, and deleting a site's hundreds of folders can take seconds the reload
        would wait for."""
        import shutil
        import tempfile

        site = Path(site_dir)
        try:
            entries = list(os.scandir(site))
        except OSError:
            return
        if not entries:
            return
        try:  # beside the whole site (not inside it, when ``site_dir`` is one language's folder)
            where = Path(self.site_dir).parent if self.site_dir else site.parent
            trash = Path(tempfile.mkdtemp(prefix=".enablekit-serve-old-", dir=where))
        except OSError:
            return  # MkDocs empties it itself
        for entry in entries:
            try:
                os.rename(entry.path, trash / entry.name)
            except OSError:
                break
        thread = threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}, daemon=True)
        thread.start()
        self._clearing = [(t, p) for t, p in self._clearing if t.is_alive()] + [(thread, trash)]

    def defer(self, job: Callable[[], None]) -> bool:
        """Run ``job`` (a language's search index) after the rebuild under way, once the browser has
        been told to reload, rather than before; False: run it now (the first build, a build that
        shows problems: the pages are indexed as they are served)."""
        if not self._deferring or self._fresh:
            return False
        self._deferred.append(job)
        return True

    def _run_deferred(self) -> None:
        with self.lock:  # after the build that deferred them, before the next one
            self._wait_for_reload()
            self._resume_collector()
            self._deferring = True  # what a job defers (the search index of the pages it built) runs after it
            try:
                while self._deferred:
                    if self.superseded():  # a newer save: its rebuild makes all of it again (search indexes: after it)
                        self._unindexed.update((job.key, job) for job in self._deferred if hasattr(job, "key"))
                        self._deferred = []
                        break
                    job = self._deferred.pop(0)
                    key = getattr(job, "key", None)
                    if key is not None and any(getattr(other, "key", None) == key for other in self._deferred):
                        continue  # the same language's index follows, of its pages as they are then
                    try:
                        job()
                    except IndexStopped:  # a newer save came while Pagefind ran: made again after its rebuild
                        self._unindexed[key] = job
                    except Exception as exc:  # noqa: BLE001 - the preview goes on; the search is out of date
                        log.error(f"{getattr(job, 'what', 'search index')}: {one_line(str(exc)) or type(exc).__name__}")
            finally:
                self._deferring = False

    def _wait_for_reload(self) -> None:
        """Until the browser tabs the last rebuild reloads have asked for their page again and then for nothing
        for QUIET_SECONDS (at most RELOAD_SECONDS; a newer save ends it): the work after a reload starts once
        the page is loaded, not beside it on the same cores."""
        if not self._reloading:
            return
        start = time.monotonic()
        while time.monotonic() - start < RELOAD_SECONDS and not self.superseded():
            if self._requests > self._requests_then and time.monotonic() - self._last_request >= QUIET_SECONDS:
                return
            time.sleep(0.02)

    def _pause_collector(self) -> None:
        """No automatic garbage collection from a save until its page is reloaded: a full pass over what
        serve holds at scale 4 (page stores, the project, the theme) costs 0.3-0.6 s, and one fell between
        a save and its reload in about every other rebuild. What the rebuild leaves is collected after."""
        import gc

        if gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def _resume_collector(self) -> None:
        import gc

        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def in_view(self, lang: str) -> set[str]:
        """The addresses of ``lang``'s pages that browser tabs show now (each waiting for a reload, or loaded
        in the last LOADED_SECONDS: a tab that has just reloaded asks for the next reload only once the page
        is loaded), relative to the language's site: '' for its home page, 'personas/cfo/' (or 'personas/cfo.html')."""
        now = time.monotonic()
        with self._polls_lock:
            shown = [path for path, n in self._viewing.items() if n > 0]
            self._loaded = {path: when for path, when in self._loaded.items() if now - when < LOADED_SECONDS}
            shown += self._loaded
        return {self._address(path, lang) for path in shown if self._language(path, pages_only=True) == lang}

    def _address(self, path: str, lang: str) -> str:
        """The address (:func:`page_address`) of the page at ``path``, of language ``lang``."""
        rel = unquote(path)[len(self.mount_path):]
        if self.languages and lang != self.languages[0]:
            rel = rel[len(lang) + 1:]
        return page_address(rel)

    def unsettled(self, done: dict[str, set[str]]) -> None:
        """The languages of ``done`` are being built after the reload: their pages but those of ``done``
        (built already) are out of date until :meth:`settle`."""
        self._unsettled = {lang: set(pages) for lang, pages in done.items()}
        if self._unsettled:
            self._settled.clear()

    def settle(self) -> None:
        self._unsettled = {}
        self._settled.set()

    def failed_later(self, exc: Exception) -> None:
        """The work after a reload failed: its problems are shown on every page, as a failed rebuild's are,
        and the next save builds everything again."""
        self.problems = self._explain(exc, []) if _is_expected(exc) else [one_line(f"{type(exc).__name__}: {exc}")]
        self.failed = True
        self.built, self.keys = set(), {}
        if self.site_dir:
            show_problems(Path(self.site_dir), self.problems)

    def later(self, job: Callable[[], None], what: str) -> None:
        """Run ``job`` after the rebuild under way, once the browser has been told to reload (first of what
        waits for the reload; an error is printed, the preview goes on)."""
        job.what = what  # type: ignore[attr-defined]
        self._deferred.insert(0, job)

    def finish_clearing(self) -> None:
        import shutil

        if self._indexing is not None:
            self._indexing.join()
            self._indexing = None
        for thread, trash in self._clearing:
            thread.join()
            shutil.rmtree(trash, ignore_errors=True)
        self._clearing = []

    # ------------------------------------------------------------ called by the plugin
    def loaded(self, view: Project, audience: str, warnings: Iterable) -> list:  # noqa: ANN001
        """The content loaded: remember it as the last good one; the warnings not yet shown."""
        self._last_good[audience] = view
        new = [w for w in warnings if str(w) not in self._warned]
        self._warned.update(str(w) for w in new)
        return new

    def fall_back(self, audience: str, problems: list[str]) -> Project | None:
        """The content has errors: print them and return the last good content, if any."""
        for line in problems:
            log.error(line)
        self._fresh = list(problems)
        return self._last_good.get(audience)

    def languages_to_build(self, view: Project) -> list[str]:
        """Languages besides the default to rebuild now: those a browser tab is showing."""
        if self.initial:
            return []
        now = time.monotonic()
        wanted = {lang for lang, n in self._polls.items() if n > 0}
        wanted |= {lang for lang, when in self._seen.items() if now - when < VIEWING_SECONDS}
        return [lang for lang in view.languages[1:] if lang in wanted]

    def site_built(self, plugin: Any, view: Project, config: MkDocsConfig, languages: list[str]) -> None:  # noqa: ANN401
        """After a build of the default language (and ``languages``) into ``config.site_dir``."""
        self.plugin, self.view = plugin, view
        self.languages = list(view.languages)
        self.site_dir, self.docs_dir = config.site_dir, config.docs_dir
        self.built = {view.default_language, *languages}
        self.keys = {lang: key for lang, key in self.keys.items() if lang in self.built}
        self.problems = list(self._fresh)
        if self.problems:
            show_problems(Path(config.site_dir), self.problems)

    # ------------------------------------------------------------ rebuilds
    def wrap(self, builder: Callable[[], Any]) -> Callable[[], None]:
        def rebuild() -> None:
            self.rebuild(builder)

        rebuild._enablekit_serve = True  # type: ignore[attr-defined]
        return rebuild

    def rebuild(self, builder: Callable[[], Any], *, initial: bool = False) -> None:
        """Run ``builder`` (one MkDocs build); report its time and any problem, never raise one."""
        self._waiting += 1  # what runs after the last rebuild (the other pages of a language) gives way
        try:
            self.lock.acquire()
        finally:
            self._waiting -= 1
        try:
            if not initial:
                self._pause_collector()
            self._rebuild(builder, initial)
        except BaseException:
            self._resume_collector()
            raise
        finally:
            self.lock.release()

    def _rebuild(self, builder: Callable[[], Any], initial: bool) -> None:
        changed = self._take_changed()
        _forget_cached_files()
        memoise_segmentation()
        if self.plugin is not None and self.plugin.view is getattr(self.plugin, "_loaded_view", None):
            self.plugin.view = None  # read the project again
        self._fresh = []
        self.kept = []
        self.first = {}
        self.following = False
        self._deferred = []
        self._deferring = not initial
        self.initial = initial
        self.builds += 1
        collect = _Collect()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(collect)
        start = time.monotonic()
        try:
            builder()
        except Exception as exc:  # noqa: BLE001 - the preview keeps running whatever went wrong
            failed = exc
        else:
            failed = None
        finally:
            mkdocs_log.removeHandler(collect)
            self.initial = False
            self._deferring = False
        seconds = time.monotonic() - start
        if failed is not None:
            found = [line for line in self._explain(failed, collect.errors) if line not in self._fresh]
            for line in found:  # content errors (self._fresh) are printed already
                log.error(line)
            problems = self._fresh + found or [f"{type(failed).__name__}"]
            self.problems = problems
            self.built = set()  # what is left in site_dir is the last build's; languages build again
            self.keys = {}
            if self.site_dir:
                show_problems(Path(self.site_dir), problems)
        self.failed = failed is not None
        what = "built" if initial else "rebuilt"
        after = "" if initial else _after(changed, self.root)
        langs = sorted(self.built, key=lambda lang: self.languages.index(lang) if lang in self.languages else 99)
        kept = [lang for lang in langs if lang in self.kept and not failed]
        made = ", ".join(lang for lang in langs if lang not in kept)
        made += f"{'; ' * bool(made)}{', '.join(kept)} kept" if kept else ""
        where = f" ({made})" if made and len(self.languages) > 1 else ""
        if failed is not None:
            shown = "the page lists it" if self.view is None else "the pages show the last version that built"
            log.warning(_stamp(f"{'build' if initial else 'rebuild'} failed in {seconds:.1f} s{after}: "
                               f"{_count(self.problems)}; {shown}"))
        elif self.problems:
            log.warning(_stamp(f"{what} in {seconds:.1f} s{after}{where}: {_count(self.problems)}; "
                               "the pages show the last good content"))
        else:
            if self.following:
                shown = sum(self.first.values())
                langs = f" ({', '.join(self.first)})" if len(self.languages) > 1 else ""
                where = (f": {shown} {'page' if shown == 1 else 'pages'} in view{langs} first, the rest after the"
                         " reload") if shown else ": nothing in view changed, the rest after the reload"
            log.info(_stamp(f"{what} in {seconds:.1f} s{after}{where}"))
        if failed is not None:
            self._deferred = []
        if not self._deferred:
            self.settle()
        if failed is None and self._unindexed:  # search indexes a save stopped: made now, after the reload
            queued = {getattr(job, "key", None) for job in self._deferred}
            self._deferred.extend(job for key, job in self._unindexed.items() if key not in queued)
            self._unindexed = {}
        if pagestore.pending():  # the page stores this build made: written after the reload
            self._deferred.append(_write_page_stores)
        with self._polls_lock:
            self._reloading, self._requests_then = sum(self._polls.values()), self._requests
        if self._deferred or self._collector_paused:  # waits for the lock: runs once this rebuild has returned,
            self._indexing = threading.Thread(target=self._run_deferred, daemon=True)  # and its page reloaded
            self._indexing.start()
        if initial and not failed and len(self.languages) > 1:
            others = ", ".join(f"/{lang}/" for lang in self.languages[1:])
            log.info(_stamp(f"{self.languages[0]} at /; {others} built when first opened"))

    def _explain(self, exc: Exception, logged: list[str]) -> list[str]:
        """The problems of a failed build as lines; mkdocs.yml's with the line of the setting."""
        from mkdocs.exceptions import ConfigurationError

        if isinstance(exc, ConfigurationError) or any(m.startswith("Config value") for m in logged):
            try:
                _check_config(Path(self.config_file), {"site_dir": self.site_dir or "site"}, self.root)
            except EnablekitError as error:
                return [one_line(str(error)).removeprefix("site: ")]
            except Exception:  # noqa: BLE001, S110 - fall back to MkDocs' own words below
                pass
        lines = [line.strip().removeprefix("enablekit: ") for message in logged for line in message.splitlines()]
        lines = [line for line in lines if line and not _SUMMARY.fullmatch(line)]
        if not lines:
            if _is_expected(exc):
                lines = [one_line(str(exc)) or type(exc).__name__]
            else:  # a bug: keep its traceback
                lines = [one_line(f"{type(exc).__name__}: {exc}")]
                log.error("the build failed", exc_info=exc)
        return lines

    def ensure_built(self, lang: str) -> None:
        """Build the pages of ``lang`` if they are older than the last change (first visit)."""
        if lang in self.built or self.failed:
            return
        with self.lock:
            if lang in self.built or self.failed or None in (self.plugin, self.view, self.site_dir):
                return  # after a failed build, what was built before stays (with the banner)
            start = time.monotonic()
            try:
                self.plugin._build_languages(self.config_file, self.site_dir, self.docs_dir, self.view, [lang])
            except Exception as exc:  # noqa: BLE001
                problems = [f"{lang}: {one_line(str(exc)) or type(exc).__name__}"]
                for line in problems:
                    log.error(line)
                show_problems(Path(self.site_dir) / lang, self.problems + problems)
            else:
                if self.problems:
                    show_problems(Path(self.site_dir) / lang, self.problems)
                log.info(_stamp(f"built /{lang}/ in {time.monotonic() - start:.1f} s (opened)"))
            self.built.add(lang)

    # ------------------------------------------------------------ the server
    def attach(self, server: LiveReloadServer, config: MkDocsConfig, plugin: Any) -> None:  # noqa: ANN401
        """Watch the project's folders, note what changes, rebuild through :meth:`rebuild` and build
        other languages when they are requested."""
        if self.attached:
            return
        self.attached = True
        self._server = server
        self.plugin = plugin
        self.mount_path = server.mount_path
        if not self.builds and getattr(plugin, "_loaded_view", None) is not None:
            # `mkdocs serve`: its first build ran before this session; it built every language
            view = plugin._loaded_view
            self.view, self.languages = view, list(view.languages)
            self.built = set(view.languages)
            self.site_dir, self.docs_dir = config.site_dir, config.docs_dir
            self._last_good[plugin.config.audience] = view
        paths = [self.root / folder for folder in WATCHED if (self.root / folder).is_dir()]
        paths.append(Path(config.docs_dir))
        if config.config_file_path:
            paths.append(Path(config.config_file_path))
        import watchdog.events

        recorder = watchdog.events.FileSystemEventHandler()
        recorder.on_any_event = self._record  # type: ignore[method-assign]
        for path in paths:
            if path.exists():
                server.watch(str(path))
                server.observer.schedule(recorder, str(path.resolve()), recursive=path.is_dir())
        if not getattr(server.builder, "_enablekit_serve", False):
            server.builder = self.wrap(server.builder)
        app = server.get_app()
        server.set_app(self.wsgi(app))

    def _record(self, event: Any) -> None:  # noqa: ANN401
        if event.is_directory:
            return
        path = getattr(event, "dest_path", "") or event.src_path
        with self._changed_lock:
            self._changed.append(os.fsdecode(path))

    def superseded(self) -> bool:
        """Whether the server will rebuild again once this work is done (a file changed since the rebuild
        began): the work is then moot. Asked of the server itself, whose watch starts its rebuilds (this
        session's own watch of the same folders polls at other moments: a save it sees late may be one the
        rebuild under way has read already)."""
        return self._waiting > 0 or bool(getattr(self._server, "_want_rebuild", False))

    def _take_changed(self) -> list[str]:
        with self._changed_lock:
            changed, self._changed = self._changed, []
        return changed

    def wsgi(self, app: Callable) -> Callable:
        """The server's application, noting which languages browsers show and building a language
        whose pages are out of date before answering for it."""

        def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
            if path.startswith("/livereload/"):
                shown = urlsplit(environ.get("HTTP_REFERER") or "").path
                lang = self._language(shown, pages_only=True)
                if lang is None:
                    return app(environ, start_response)
                with self._polls_lock:
                    self._polls[lang] = self._polls.get(lang, 0) + 1
                    self._viewing[shown] = self._viewing.get(shown, 0) + 1
                try:
                    return app(environ, start_response)  # waits for the next build
                finally:
                    with self._polls_lock:
                        self._polls[lang] -= 1
                        self._viewing[shown] -= 1
                        if not self._viewing[shown]:
                            del self._viewing[shown]
            self._requests += 1
            self._last_request = time.monotonic()
            lang = self._language(path, pages_only=False)
            if lang is not None:
                if _is_page(path):
                    self._seen[lang] = time.monotonic()
                    with self._polls_lock:
                        self._loaded[path] = self._seen[lang]
                    self._wait_if_unsettled(lang, path)
                if self.languages and lang != self.languages[0]:
                    self.ensure_built(lang)
            return app(environ, start_response)

        return application

    def _wait_if_unsettled(self, lang: str, path: str) -> None:
        """A page of a language whose pages are being built after a reload waits for them, unless it is one
        of those built before the reload."""
        pending = self._unsettled.get(lang)
        if pending is None or self._settled.is_set():
            return
        if self._address(path, lang) not in pending:
            self._settled.wait(timeout=SETTLE_SECONDS)

    def _language(self, path: str, *, pages_only: bool) -> str | None:
        """The language of the site ``path`` belongs to (None: not a page of the site)."""
        path = unquote(path or "")
        if not self.languages or not (path + "/").startswith(self.mount_path):
            return None
        first = path[len(self.mount_path):].split("/", 1)[0]
        if first in self.languages[1:]:
            return first
        if pages_only and not _is_page(path):
            return None
        return self.languages[0]


# ------------------------------------------------------------------ the watch
LOCAL_FILESYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "jfs",
                               "reiserfs", "bcachefs", "ramfs", "nilfs2"})


def kernel_watch(paths: Iterable[Path]) -> Any | None:  # noqa: ANN401 - a watchdog observer
    """A watch of file changes that the kernel reports as they happen (Linux's inotify), in place of the one
    MkDocs' server polls (every watched folder listed ten times a second, a change seen up to 0.1 s late); None,
    to keep polling, off Linux, when a path is on a file system whose changes the kernel may not see (a network
    share, FUSE, a virtual machine's shared folder) or inotify cannot be had. It reports what polling reports (a
    file created, changed, moved, deleted; written and closed), never a file read: serve reads every file."""
    import sys

    if sys.platform != "linux" or any(_filesystem(path) not in LOCAL_FILESYSTEMS for path in paths):
        return None
    try:
        from watchdog import events
        from watchdog.observers import inotify_c
        from watchdog.observers.inotify import InotifyObserver
    except Exception:  # noqa: BLE001 - no inotify in this C library
        return None
    fd = inotify_c.inotify_init()
    if fd < 0:  # the user's inotify instances are used up
        return None
    os.close(fd)
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent, events.FileDeletedEvent,
               events.FileClosedEvent, events.DirCreatedEvent, events.DirModifiedEvent, events.DirMovedEvent,
               events.DirDeletedEvent]

    class KernelWatch(InotifyObserver):
        def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False,  # noqa: ANN401
                     event_filter: list | None = None, follow_symlink: bool = False) -> Any:  # noqa: ANN401
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    return KernelWatch()


def _filesystem(path: Path) -> str | None:
    """The type of the file system ``path`` is on ('ext4', 'nfs', …), from /proc/self/mountinfo; None if unknown."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = os.path.realpath(path)
    found, kind = "", None
    for line in lines:
        fields = line.split(" ")
        try:
            mount = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])  # \040: a space
            fstype = fields[fields.index("-", 6) + 1]
        except (IndexError, ValueError):
            continue
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(found):
            found, kind = mount, fstype
    return kind


# ------------------------------------------------------------------ the banner
def banner(problems: list[str], note: str = "This page is the last version that built.") -> str:
    count = _count(problems)
    items = "".join(f"<li><code>{escape(p)}</code></li>" for p in problems)
    return (f'{BANNER_START}<div class="ek-serve-errors" id="ek-serve-errors" role="alert">'
            f"<p><strong>enablekit serve: {count}.</strong> {escape(note)} "
            f"Save a fix and the page reloads.</p><ul>{items}</ul></div>{BANNER_END}")


_MINIMAL = """<!doctype html>
<html><head><meta charset="utf-8"><title>enablekit serve: {count}</title>
<style>body{{margin:0;font:16px/1.5 system-ui,sans-serif}}
.ek-serve-errors{{background:#b3261e;color:#fff;padding:1rem 1.5rem}}
.ek-serve-errors code{{white-space:pre-wrap;font-size:.9rem}}</style></head>
<body>{banner}
</body></html>
"""


def show_problems(site: Path, problems: list[str]) -> None:
    """Put the banner at the top of every page under ``site``; without pages, write a page that
    lists the problems (as the home page and the not-found page)."""
    pages = list(site.rglob("*.html")) if site.is_dir() else []
    text = banner(problems)
    for page in pages:
        try:
            html = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        page.write_text(with_banner(html, problems, text), encoding="utf-8")
    if not (site / "index.html").is_file():
        site.mkdir(parents=True, exist_ok=True)
        minimal = _MINIMAL.format(count=escape(_count(problems)),
                                  banner=banner(problems, "The site could not be built."))
        for name in ("index.html", "404.html"):
            (site / name).write_text(minimal, encoding="utf-8")


def with_banner(html: str, problems: list[str], text: str | None = None) -> str:
    """``html`` with the banner of ``problems`` at the top of its body (instead of any banner it had)."""
    html = _without_banner(html)
    at = html.find("<body")
    at = html.find(">", at) + 1 if at >= 0 else 0
    return html[:at] + (text if text is not None else banner(problems)) + html[at:]


def _without_banner(html: str) -> str:
    start = html.find(BANNER_START)
    if start < 0:
        return html
    end = html.find(BANNER_END, start)
    return html[:start] + html[end + len(BANNER_END):] if end >= 0 else html


# ------------------------------------------------------------------ helpers
_SUMMARY = re.compile(r"\d+ errors? in the content")  # the heading of the lines that follow it


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(log.name):
            self.errors.append(record.getMessage())


def _is_page(path: str) -> bool:
    return path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]


def _is_expected(exc: Exception) -> bool:
    """Problems MkDocs or enablekit report in words, as opposed to a bug with a traceback."""
    from mkdocs.exceptions import MkDocsException

    try:
        from click import ClickException
    except ImportError:  # pragma: no cover
        ClickException = MkDocsException  # noqa: N806
    return isinstance(exc, (MkDocsException, EnablekitError, ClickException, OSError))


def _after(changed: list[str], root: Path) -> str:
    if not changed:
        return ""
    names: list[str] = []
    for path in changed:
        try:
            name = Path(os.path.relpath(path, root)).as_posix()
        except ValueError:
            name = path
        if name not in names:
            names.append(name)
    # editors save through temporary files: name a real file first
    names.sort(key=lambda n: (_temporary(n), not os.path.exists(root / n)))
    more = len(names) - 1
    return f" after {names[0]} changed" if not more else f" after {names[0]} and {more} more file{'s' * (more > 1)} changed"


def _temporary(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.startswith((".", "#")) or base.endswith(("~", ".swp", ".swx", ".tmp")) or base == "4913"


def _count(problems: list[str]) -> str:
    n = len(problems)
    return f"{n} error{'s' * (n != 1)}"


def one_line(text: str) -> str:
    return " ".join(text.split())


def _write_page_stores() -> None:
    pagestore.flush()


_write_page_stores.what = "page store"  # type: ignore[attr-defined]


def _forget_cached_files() -> None:
    """Interface words are cached per file: a project may edit templates/labels/ while serving."""
    for name in ("_read", "labels"):
        cached = getattr(i18n, name, None)
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()
