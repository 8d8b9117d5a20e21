"""Page-level reuse inside one language's MkDocs build: a page whose inputs did not change since the
last build is neither converted from Markdown nor laid out by the theme again.

Two steps of a page's build are kept, each under a hash of everything it depends on:

- *converting* its Markdown to HTML depends on the Markdown (after every plugin's
  ``on_page_markdown``), on where the page is, on the files its links name (links are resolved and
  checked against the site's files: each file the conversion looked up is kept with what it found, and
  the conversion is reused only while every such lookup finds the same), and on the settings that
  conversion reads (the Markdown extensions and their options, link validation, enablekit's code and
  the libraries' versions). What is kept: the HTML, the table of contents, the title found in it, its
  anchors and its links to anchors, the files looked up, and the warnings the conversion logged
  (logged again when it is reused, so a reused page warns as a converted one does). A new page
  elsewhere in the site (a new tag, say) does not make every page convert again;
- *laying it out* (the theme's template) depends on the page's HTML, title, table of contents and
  front matter, on its place in the navigation and the whole navigation (titles, addresses and front
  matter of every page in it), on the site's settings, and on what other plugins added to the
  template's context. What is kept: the finished HTML file; or, where the pages a build writes are
  kept as they are for the next one (``enablekit build``: the site kept in ``.enablekit-cache/site``),
  only its digest, and the page is read from there (a page whose file is missing or different there is
  laid out again). At scale 4 the kept HTML was 200 MB a language, written twice (SQLite's log, then
  its file) by every cold build, and a copy of pages kept anyway.

Anything that cannot be written down as plain data makes the step run as usual (never a guess). What
is kept lives in one SQLite file per language, ``.enablekit-cache/pages/<audience>/<language>.sqlite``
(entries keyed by their hash, as JSON); those a whole build did not use are deleted when it ends, so the
file holds one site's pages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..cache import code_fingerprint

# what get_context puts in every page's template context; anything else was added by a plugin
STANDARD_CONTEXT = {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
                    "build_date_utc", "config", "page"}


class _Unwritable(Exception):
    pass


def _default(value: Any) -> Any:  # noqa: ANN401
    """JSON for what json cannot write itself: sets sorted, plain objects by their public fields."""
    if isinstance(value, (set, frozenset)):
        return sorted(str(v) for v in value)
    if isinstance(value, Mapping):  # MkDocs' settings (by their values, not where mkdocs.yml is)
        return {"type": type(value).__qualname__, **{str(k): v for k, v in value.items()}}
    if callable(value):
        return getattr(value, "__qualname__", type(value).__qualname__)
    fields = getattr(value, "__dict__", None)
    if isinstance(fields, dict):
        return {"type": type(value).__qualname__, **{k: v for k, v in fields.items() if not k.startswith("_")}}
    return {"type": type(value).__qualname__, "str": str(value)}


def _hash(*parts: Any) -> str:  # noqa: ANN401
    try:
        text = json.dumps(parts, default=_default, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError) as exc:
        raise _Unwritable(str(exc)) from None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _toc(items: Any) -> list:  # noqa: ANN401
    return [[str(i.title), i.id, i.level, _toc(i.children)] for i in items or ()]


def _anchor_links(items: list) -> list:
    from mkdocs.structure.toc import AnchorLink

    out = []
    for title, ident, level, children in items:
        link = AnchorLink(title, ident, level)
        link.children = _anchor_links(children)
        out.append(link)
    return out


def _nav(items: Any) -> list:  # noqa: ANN401
    """The navigation as data: kind, title, address, front matter and children of every item."""
    out = []
    for item in items or ():
        entry: dict[str, Any] = {"kind": type(item).__name__, "title": str(item.title) if item.title else None}
        if getattr(item, "is_page", False):
            entry.update(url=item.url, meta=item.meta, src=item.file.src_uri)
        elif getattr(item, "is_link", False):
            entry.update(url=item.url)
        entry["children"] = _nav(getattr(item, "children", None))
        out.append(entry)
    return out


class _Recording:
    __slots__ = ("records",)

    def __init__(self) -> None:
        self.records: list[list] = []


class _Recorder(logging.Handler):
    """What MkDocs logs, handed to the recordings open (one handler for the process: making a handler for
    each page and step cost more than what it recorded)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.open: list[_Recording] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            entry = [record.name, record.levelno, record.getMessage()]
            for recording in list(self.open):
                recording.records.append(entry)


_RECORDER = _Recorder()
_RECORDING = threading.Lock()  # the recordings open and the handler's place on the logger change together


@contextmanager
def _recording() -> Iterator[_Recording]:
    """What MkDocs logs meanwhile (on MkDocs' logger only while a recording is open, as a handler of each
    recording was)."""
    recording = _Recording()
    mkdocs_log = logging.getLogger("mkdocs")
    with _RECORDING:
        _RECORDER.open.append(recording)
        mkdocs_log.addHandler(_RECORDER)  # (not added twice)
    try:
        yield recording
    finally:
        with _RECORDING:
            _RECORDER.open.remove(recording)
            if not _RECORDER.open:
                mkdocs_log.removeHandler(_RECORDER)


def _replay(records: list) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


class PageCache:
    """The kept conversions and layouts of one language's pages (see the module's description)."""

    def __init__(self, folder: Path, *, force: bool = False, pages: str | None = None, kept: bool = False) -> None:
        self.folder = folder
        self.force = force  # --force: nothing is reused (everything is kept for the next build)
        self.pages = pages  # a folder with the pages of the last build, by where they are written (or None)
        self.kept = kept  # the pages this build writes are kept so for the next one: their digests kept only
        self.read_back = False  # whether the HTML laid_out gave last is the file of ``pages`` (checked)
        self.used: set[str] = set()
        self.converted = self.layouts = self.reused = 0  # pages converted, laid out, and reused whole
        self.made: list[str] = []  # the pages laid out (their source files), for --explain
        self._settings: str | None = None
        self._converting: str | None = None
        self._files: str | None = None
        self._site: str | None = None
        self._conn: sqlite3.Connection | None = None
        self._pending = 0  # entries written since the last commit
        self._broken = False

    # ----------------------------------------------------------------- storage
    def _db(self) -> sqlite3.Connection | None:
        """The language's kept entries: one SQLite file (a file per entry cost a file's creation and
        replacement per page and step, a fifth of a cold build's time). None when it cannot be opened."""
        if self._conn is None and not self._broken:
            try:
                self.folder.parent.mkdir(parents=True, exist_ok=True)
                if self.folder.is_dir():  # the kept files of an earlier version: a file each
                    shutil.rmtree(self.folder, ignore_errors=True)
                conn = sqlite3.connect(self.folder.with_suffix(".sqlite"), timeout=10, isolation_level=None,
                                       check_same_thread=False)
                conn.execute("PRAGMA auto_vacuum=INCREMENTAL")  # a new file gives back what is deleted (finish)
                conn.execute("PRAGMA journal_mode=WAL")  # a build stopped midway leaves the file whole
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
                self._conn = conn
            except (OSError, sqlite3.Error):
                self._broken = True  # a project one may not write to, a damaged file: nothing is kept
        return self._conn

    def _read(self, key: str) -> Any:  # noqa: ANN401
        if self.force:
            return None
        conn = self._db()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
            data = json.loads(row[0]) if row is not None else None
        except (sqlite3.Error, ValueError):
            return None
        if data is not None:
            self.used.add(key)
        return data

    def _write(self, key: str, data: Any) -> None:  # noqa: ANN401
        self.used.add(key)
        conn = self._db()
        if conn is None:
            return
        try:
            if not conn.in_transaction:
                conn.execute("BEGIN")
            conn.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, json.dumps(data, ensure_ascii=False)))
            self._pending += 1
            if self._pending >= 256:  # written in batches: another build of the project waits a batch, not a build
                conn.execute("COMMIT")
                self._pending = 0
        except sqlite3.Error:
            self._broken = True
            self.close()

    def finish(self) -> None:
        """Delete what this build did not use (pages removed or changed since), and close."""
        conn = self._db()
        if conn is not None:
            try:
                if not conn.in_transaction:
                    conn.execute("BEGIN")
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                conn.execute("DELETE FROM used")
                conn.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
                conn.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
                conn.execute("COMMIT")
                self._shrink(conn)
            except sqlite3.Error:
                self._broken = True
        self.close()

    @staticmethod
    def _shrink(conn: sqlite3.Connection) -> None:
        """Give the space of deleted entries back when it is most of the file (a file of an earlier version,
        which kept every page's HTML, is ten times the size: made anew once)."""
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        if free < 1024 or free * 2 < conn.execute("PRAGMA page_count").fetchone()[0]:
            return
        if conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:  # incremental
            conn.execute("PRAGMA incremental_vacuum")
        else:
            conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
            conn.execute("VACUUM")

    def close(self) -> None:
        """What this build wrote, committed; the file closed (the next build opens it again)."""
        conn, self._conn, self._pending = self._conn, None, 0
        if conn is None:
            return
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK" if self._broken else "COMMIT")
        except sqlite3.Error:
            pass
        finally:
            conn.close()

    # ----------------------------------------------------------------- keys
    def settings(self, config: Any) -> str:  # noqa: ANN401 - MkDocsConfig
        """What every page depends on: enablekit's code and the libraries, mkdocs.yml and the files it
        names, the Markdown extensions and the site's settings."""
        if self._settings is None:
            self._settings = _hash(
                code_fingerprint(),
                _named_files(config, theme=True),
                [str(e) if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions],
                config.mdx_configs,
                dict(config.theme), config.extra, [str(s) for s in config.extra_css],
                [str(s) for s in config.extra_javascript], config.site_name, config.site_url, config.copyright,
                config.repo_url, config.repo_name, config.edit_uri, config.use_directory_urls,
                os.environ.get("SOURCE_DATE_EPOCH"),
                {name: dict(plugin.config) for name, plugin in config.plugins.items()},
            )
        return self._settings

    def converting(self, config: Any) -> str:  # noqa: ANN401 - MkDocsConfig
        """What converting any page depends on besides its Markdown, its place and the files it links:
        enablekit's code and the libraries, the files mkdocs.yml names, the Markdown extensions and
        their options, and how links are resolved and checked (MkDocs' ``Page.render`` reads no other
        setting; the theme, ``extra`` and the navigation only reach the layout)."""
        if self._converting is None:
            self._converting = _hash(
                code_fingerprint(),
                _named_files(config, theme=False),
                [str(e) if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions],
                config.mdx_configs, config.use_directory_urls, config.validation,
            )
        return self._converting

    def _files_key(self, files: Any) -> str:  # noqa: ANN401 - Files
        if self._files is None:
            self._files = _hash(sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files))
        return self._files

    # ----------------------------------------------------------------- converting
    def convert(self, page: Any, config: Any, files: Any, render: Any) -> None:  # noqa: ANN401
        """``render(config, files)`` (MkDocs' conversion of the page), or what it made last time."""
        try:
            key = _hash("convert", self.converting(config), page.file.src_uri, page.file.dest_uri, page.file.url,
                        str(page.file.inclusion), page.markdown)
        except _Unwritable:
            render(config, files)
            return
        kept = self._read(key)
        if kept is None:  # one that read the files otherwise is kept for its whole set of files
            try:
                kept = self._read(_hash(key, self._files_key(files)))
            except _Unwritable:
                kept = None
        if kept is not None and _same_lookups(kept.get("lookups"), files):
            page.content = kept["content"]
            page.toc = _toc_of(kept["toc"])
            page._title_from_render = kept["title"]
            page.present_anchor_ids = set(kept["anchors"])
            if kept["links"] is not None:
                page.links_to_anchors = {}
                for uri, anchors in kept["links"]:
                    target = files.get_file_from_path(uri)
                    if target is not None:
                        page.links_to_anchors[target] = dict(anchors)
            _replay(kept["log"])
            return
        watched = _LookedUp(files)
        with _recording() as log:
            render(config, watched)
        self.converted += 1
        if watched.other:  # the conversion read the files some other way: kept for this very set of files
            try:
                key = _hash(key, self._files_key(files))
            except _Unwritable:
                return
        links = getattr(page, "links_to_anchors", None)
        self._write(key, {
            "content": page.content, "toc": _toc(page.toc), "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else [[f.src_uri, sorted(a.items())] for f, a in links.items()],
            "lookups": None if watched.other else sorted(watched.found.items()),
            "log": log.records,
        })

    # ----------------------------------------------------------------- laying out
    def layout_key(self, context: Any, page: Any, config: Any, nav: Any) -> str | None:  # noqa: ANN401
        """The key of the page's finished HTML, or None when something in it cannot be written down."""
        try:
            if self._site is None:
                self._site = _hash(self.settings(config), _nav(nav.items),
                                   nav.homepage.url if nav.homepage else None)
            others = {k: v for k, v in context.items() if k not in STANDARD_CONTEXT}

            def neighbour(other: Any) -> Any:  # noqa: ANN401
                return None if other is None else [other.url, str(other.title)]

            return _hash("layout", self._site, page.file.src_uri, page.url, str(page.title), page.meta,
                         str(page.content), _toc(page.toc), neighbour(page.previous_page),
                         neighbour(page.next_page), page.canonical_url, page.edit_url, page.is_homepage,
                         [str(p.title) for p in page.ancestors], str(page.file.inclusion), others)
        except _Unwritable:
            return None

    def laid_out(self, key: str, dest: str) -> str | None:
        """The page's finished HTML kept under ``key`` (``dest``: where the page is written, in the site), or
        None: the page is laid out."""
        self.read_back = False
        kept = self._read(key)
        if kept is None:
            return None
        html = kept.get("html")
        if html is None:
            html = self._written(dest, kept.get("digest"))
            if html is None:
                return None
            self.read_back = True
        _replay(kept["log"])
        self.reused += 1
        return html

    def _written(self, dest: str, digest: Any) -> str | None:  # noqa: ANN401
        """The page the last build wrote at ``dest``, when it is the one of ``digest``."""
        if self.pages is None or not isinstance(digest, str):
            return None
        try:
            with open(os.path.join(self.pages, dest), "rb") as file:
                data = file.read()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        return data.decode("utf-8")

    def keep_layout(self, key: str, html: str, log: list, page: str = "") -> None:
        self.layouts += 1
        self.made.append(page)
        if self.kept:  # the file as written (see the plugin's on_post_page); read from the kept site next time
            data = html.encode("utf-8", errors="xmlcharrefreplace")
            self._write(key, {"digest": hashlib.sha256(data).hexdigest(), "log": log})
        else:
            self._write(key, {"html": html, "log": log})


def _named_files(config: Any, *, theme: bool) -> str:  # noqa: ANN401 - MkDocsConfig
    """A digest of mkdocs.yml and the hooks it names, and with ``theme`` the theme folder it names (the
    theme's own files and enablekit's are in code_fingerprint)."""
    from ..cache import files_digest

    config_file = Path(config.config_file_path) if config.config_file_path else None
    named = [config_file] if config_file is not None else []
    if theme and config.theme.custom_dir:
        named.append(Path(config.theme.custom_dir))
    base = config_file.parent if config_file is not None else Path()
    named += [base / h for h in getattr(config, "hooks", None) or () if isinstance(h, str)]
    return files_digest(base, [p for p in named if p.exists()])


def _found(file: Any) -> list | None:  # noqa: ANN401 - a File or None
    return None if file is None else [file.src_uri, file.dest_uri, file.url, str(file.inclusion)]


class _LookedUp:
    """The site's files as a page's conversion sees them, noting each file it looks up and what it found.
    Anything else it asks of them (``other``) ties the conversion to the whole set of files."""

    def __init__(self, files: Any) -> None:  # noqa: ANN401 - Files
        self._files = files
        self.found: dict[str, list | None] = {}
        self.other = False

    def get_file_from_path(self, path: str) -> Any:  # noqa: ANN401
        file = self._files.get_file_from_path(path)
        self.found[path] = _found(file)
        return file

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401
        self.other = True
        return getattr(self._files, name)

    def __iter__(self) -> Iterator[Any]:
        self.other = True
        return iter(self._files)

    def __len__(self) -> int:
        self.other = True
        return len(self._files)

    def __contains__(self, item: Any) -> bool:  # noqa: ANN401
        self.other = True
        return item in self._files


def _same_lookups(lookups: list | None, files: Any) -> bool:  # noqa: ANN401 - Files
    """Whether every file a kept conversion looked up is found as it was (None: it was kept for its whole set
    of files, whose hash is in its key)."""
    if lookups is None:
        return True
    return all(_found(files.get_file_from_path(path)) == found for path, found in lookups)


def _toc_of(items: list) -> Any:  # noqa: ANN401
    from mkdocs.structure.toc import TableOfContents

    toc = TableOfContents(_anchor_links(items))
    if toc.items:
        toc.items[0].active = True  # as MkDocs' get_toc marks it
    return toc


def lay_out_with(env: Any, cache: PageCache) -> None:  # noqa: ANN401 - the theme's Jinja environment
    """Make the templates of ``env`` give a page's kept HTML when :meth:`PageCache.laid_out` found it
    (``page._enablekit_html``), and keep what they lay out for a page with a layout key
    (``page._enablekit_layout``). Anything else they render as usual."""
    get_template = env.get_template

    def getting(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        template = get_template(*args, **kwargs)
        if "render" not in vars(template):  # once per template object (the environment caches them)
            render = type(template).render

            def rendering(*a: Any, **kw: Any) -> str:  # noqa: ANN401
                context = a[0] if a and isinstance(a[0], dict) else kw
                page = context.get("page") if isinstance(context, dict) else None
                kept, key = getattr(page, "_enablekit_html", None), getattr(page, "_enablekit_layout", None)
                if kept is not None or key is not None:
                    page._enablekit_html = page._enablekit_layout = None
                if kept is not None:
                    return kept
                if key is None:
                    return render(template, *a, **kw)
                with _recording() as log:
                    html = render(template, *a, **kw)
                cache.keep_layout(key, html, log.records, page.file.src_uri)
                return html

            template.render = rendering
        return template

    env.get_template = getting
