"""The generated pages' Markdown kept between builds, each page with what it read, so that a build
generates again only the pages whose inputs changed (as decks are kept: :mod:`generator.outputs.cache`).

A *unit* is one generated page (or a few files made together: the calendar page and its feed). It
is made with a :class:`~generator.outputs.cache.TracedProject` view: every entity, table, catalog and
query its template reads is recorded with a digest of what was read, in the page's language (a
Chinese edit leaves the English pages as they were; the team's pages, which compare languages, are
traced whole). Besides the trace a unit keeps:

- the templates it loaded (its own and those it imports or includes), each with a digest of its
  source as the project's ``templates/site`` or the built-in folder gives it: a changed template
  makes again what used it, and only that;
- the downloads it linked (``c.documents(kind, id)``), with a digest of what a page shows of them;
- its *place*: the plain data the generator hands its template besides the view (which entities an
  index page lists, the page number and links of a page of the library or of a tag), and the
  further inputs of the team's pages (the git commit, for the content health trend);
- its Markdown, with a checksum: a damaged entry is made again, never trusted.

What every unit of a language shares (enablekit's code and libraries, the language, the audience,
the site's URL style) is checked once for the whole file: ``.enablekit-cache/site-markdown/
<audience>/<language>.json``. The audience is part of where the file is and of what it holds, so a
public site never reuses a page generated for the sales team. Which pages exist is worked out on
every build from the view (cheap: the tables' keys); only the Markdown of each page is kept.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...content.files import write_text_atomic
from ..cache import (
    INPUT_NAMES,
    Trace,
    TracedProject,
    Uncacheable,
    code_fingerprint,
    describe,
    digest,
    evaluate,
    files_digest,
)

STORE_FORMAT = "2"  # bump when what an entry holds, or how a digest is made, changes
# what the pages are written with besides the libraries code_fingerprint names: dates and numbers in
# each language, the calendar's feed, the health page's pictures
LIBRARIES = ("Babel", "icalendar", "matplotlib")


NAMES = {  # what --explain calls each input
    **INPUT_NAMES,
    "format": "how enablekit keeps pages",
    "libraries": "a library the pages are written with (Babel, icalendar, matplotlib)",
    "lang": "the language",
    "directory_urls": "the site's use_directory_urls",
}


# ``serve`` (keep_in_memory): each store as the last build left it, so that a save does not read the whole
# file again (a JSON of every page's Markdown: a third of a second at scale 4) nor wait for it to be written.
# file → (what os.stat said of it when it was read or written, its data); a file another process changed
# since (another stat) is read again. A store made is written by flush(), after the reload.
_MEMORY: dict[Path, tuple[tuple[int, int, int] | None, dict]] | None = None
_PENDING: dict[Path, dict] = {}  # stores made but not yet written
_MEMORY_LOCK = threading.Lock()


def keep_in_memory(on: bool) -> None:
    """Keep each language's store in memory between builds (``serve``); off: write what is pending, and
    forget them."""
    global _MEMORY  # noqa: PLW0603
    if on:
        with _MEMORY_LOCK:
            if _MEMORY is None:
                _MEMORY = {}
        return
    flush()
    with _MEMORY_LOCK:
        _MEMORY = None


def pending() -> bool:
    """Whether a store made under ``serve`` is not written yet."""
    return bool(_PENDING)


def flush() -> None:
    """Write the stores made since the last flush (kept in memory under ``serve``); a folder enablekit may
    not write to only means generating again next time."""
    with _MEMORY_LOCK:
        pending = list(_PENDING.items())
        _PENDING.clear()
    for file, data in pending:
        stat = _write(file, data)
        with _MEMORY_LOCK:
            if _MEMORY is not None and _MEMORY.get(file, (None, None))[1] is data and file not in _PENDING:
                _MEMORY[file] = (stat, data)


def _stat(file: Path) -> tuple[int, int, int] | None:
    try:
        st = file.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _write(file: Path, data: dict) -> tuple[int, int, int] | None:
    """Write ``data`` as ``file`` whole (a reader sees the old file or the new one); what os.stat says of it
    then (None: it could not be written)."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(file, json.dumps(data, ensure_ascii=False))
    except OSError:
        return None
    return _stat(file)


def _libraries() -> str:
    import importlib.metadata

    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ";".join(found)


class _OneView:
    """The one audience view a language's pages read, as :class:`Trace` and ``evaluate`` expect views."""

    def __init__(self, project: Any) -> None:  # noqa: ANN401 - content.model.Project
        self.project = project
        self.memo: dict = {}  # digests of what was read (and the queries' answers), once per build

    def get(self, audience: Any) -> Any:  # noqa: ANN401
        value = getattr(audience, "value", audience)
        return self.project if value == self.project.audience.value else None


class _Located(TracedProject):
    """A traced view whose ``sources`` (where each entity is written: file and line) are read without
    recording them: digesting every position of every entity costs seconds; the unit's inputs hold a
    digest of the content files they come from instead."""

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401
        if name == "sources":
            return self._view.sources
        return super().__getattr__(name)


def _checksum(out: dict[str, str]) -> str:
    """A hash of a unit's files (names and texts), to tell a damaged entry: hashed as they are, not as JSON
    (writing a page of Chinese as JSON costs more than hashing it)."""
    h = hashlib.sha256()
    for name in sorted(out):
        h.update(name.encode("utf-8", "surrogatepass") + b"\0" + out[name].encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:32]


def downloads_shown(groups: list) -> list:  # noqa: ANN001 - list[list[Download]]
    """What a page shows of the downloads it links (never their size in bytes, which it does not show)."""
    return [[[d.file, d.kind, d.id, d.lang, d.audience, d.title, d.pages] for d in group] for group in groups]


class PageStore:
    """The kept Markdown of one language's generated pages for one audience (see the module's description)."""

    def __init__(
        self,
        project: Any,
        lang: str,
        env: Any,
        *,
        directory_urls: bool,
        force: bool = False,  # noqa: ANN401
        documents: Callable[[str | None, str | None], list] | None = None,
        later: Callable[[str], bool] | None = None,
        give_way: Callable[[], None] | None = None,
    ) -> None:
        self.project, self.lang, self.env = project, lang, env
        # serve, before the reload: the pages that read the whole project (health, changes), and those that only
        # their own readers see (``aside``: the objection library's further pages), that ``later(name)`` says are
        # not in view are given as kept, unchecked (``deferred``); the build after the reload makes them
        self.later = later
        self.give_way = give_way  # called before each unit: raises to stop (serve, after the reload: a newer save)
        self.deferred: list[str] = []
        self.views = _OneView(project)
        self.documents = documents  # (kind, id) → the download groups a page in this language links
        audience = project.audience.value
        self.file = project.root / ".enablekit-cache" / "site-markdown" / audience / f"{lang}.json"
        self.inputs = {
            "format": STORE_FORMAT,
            "code": code_fingerprint(),
            "libraries": _libraries(),
            "lang": lang,
            "audience": audience,
            "directory_urls": str(bool(directory_urls)),
        }
        self.before: dict[str, Any] = {}
        self.problem: str | None = None  # why no unit of the file can be reused
        self.units: dict[str, dict] = {}  # this build's units, by name
        self.made: list[tuple[str, str]] = []  # units made again, with why
        self.reused = 0
        self._templates: dict[str, str] = {}  # template name → digest of its source (once per build)
        self._current: dict | None = None  # the unit being made: the templates and downloads it uses
        self._read(force)
        self._watch_templates()

    # ------------------------------------------------------------------ the file
    def _read(self, force: bool) -> None:
        if force:
            self.problem = "--force"
            return
        try:
            data = self._kept_data()
        except FileNotFoundError:
            self.problem = "it was not generated before"
            return
        except (OSError, ValueError):
            self.problem = "its kept copy could not be read"
            return
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("inputs"), dict)
            or not isinstance(data.get("units"), dict)
        ):
            self.problem = "its kept copy could not be read"
            return
        changed = [NAMES.get(k, k) for k, v in self.inputs.items() if data["inputs"].get(k) != v]
        if changed:
            self.problem = " and ".join(changed) + " changed"
            return
        self.before = data["units"]

    def _kept_data(self) -> Any:  # noqa: ANN401 - what the file holds, checked by _read
        """The file's data: under ``serve``, as the last build kept it in memory when the file is the one
        it read or wrote (or one not written yet)."""
        with _MEMORY_LOCK:
            memory = _MEMORY
            if memory is not None:
                if self.file in _PENDING:
                    return _PENDING[self.file]
                kept = memory.get(self.file)
        if memory is None:
            return json.loads(self.file.read_text(encoding="utf-8"))
        stat = _stat(self.file)
        if kept is not None and stat is not None and kept[0] == stat:
            return kept[1]
        data = json.loads(self.file.read_text(encoding="utf-8"))
        with _MEMORY_LOCK:
            if _MEMORY is not None and self.file not in _PENDING:
                _MEMORY[self.file] = (stat, data)
        return data

    def save(self) -> None:
        """Keep this build's units (only when one was made again, or one is gone); a folder enablekit
        may not write to only means generating again next time. Under ``serve`` they are kept in memory
        at once and written by :func:`flush`."""
        if not self.made and set(self.units) == set(self.before):
            return
        data = {"inputs": self.inputs, "units": self.units}
        with _MEMORY_LOCK:
            if _MEMORY is not None:
                _PENDING[self.file] = data
                _MEMORY[self.file] = (None, data)
                return
        _write(self.file, data)

    # ------------------------------------------------------------------ templates
    def _watch_templates(self) -> None:
        """Note every template a unit loads (imports and includes too: Jinja loads them through the
        environment while it renders)."""
        get_template = self.env.get_template

        def getting(name: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            if self._current is not None and isinstance(name, str):
                self._current["templates"].setdefault(name, self._template(name))
            return get_template(name, *args, **kwargs)

        self.env.get_template = getting

    def _template(self, name: str) -> str:
        found = self._templates.get(name)
        if found is None:
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)
            except Exception:  # noqa: BLE001 - a missing template: the render reports it
                found = "missing"
            else:
                found = digest([source, Path(filename).name if filename else None])
            self._templates[name] = found
        return found

    def used_documents(self, kind: str | None, ident: str | None, groups: list) -> None:
        """A page of the unit being made links these download groups."""
        if self._current is not None:
            self._current["documents"].append([kind, ident, digest(downloads_shown(groups))])

    # ------------------------------------------------------------------ units
    def unit(
        self,
        name: str,
        make: Callable[[Any], dict[str, str]],
        *,
        place: Any = None,  # noqa: ANN401
        inputs: dict[str, str] | None = None,
        whole: bool = False,
        located: bool = False,
        aside: bool = False,
    ) -> dict[str, str]:
        """The files of unit ``name`` (uri → text): kept ones when nothing it read changed, else
        ``make(view)`` run with a traced view. ``place``: the plain data its template gets besides
        the view; ``inputs``: further digests it depends on; ``whole``: trace what it reads in every
        language (a page that compares languages); ``located``: it names where entities are written
        (file and line), which the content files' digest stands for; ``aside``: no other page shows anything of
        it (it is in no navigation and its front matter names no tag), so serve may leave it for after the
        reload when it is not in view."""
        if self.give_way is not None:
            self.give_way()
        kept = self.before.get(name) if self.problem is None else None
        if (whole or aside) and self.later is not None and self.later(name) and isinstance(kept, dict) \
                and isinstance(kept.get("out"), dict) and not kept.get("uncacheable"):
            self.units[name] = kept
            self.deferred.append(name)
            return dict(kept["out"])
        inputs = dict(inputs or {})
        if located:
            root = self.project.root
            inputs["files"] = files_digest(root, [root / "content", root / "playbooks", root / "deals"])
        try:
            placed: str | None = digest(place)
        except Uncacheable:
            placed = None
        reason = self._stale(name, placed, inputs, whole)
        if reason is None:
            entry = self.before[name]
            self.units[name] = entry
            self.reused += 1
            return dict(entry["out"])
        trace = Trace(self.views, None if whole else self.lang)
        view = (_Located if located else TracedProject)(self.project, self.project.audience.value, trace)
        self._current = current = {"templates": {}, "documents": []}
        try:
            out = make(view)
        finally:
            self._current = None
        entry: dict[str, Any] = {
            "place": placed,
            "inputs": inputs,
            "whole": whole,
            "templates": sorted(current["templates"].items()),
            "documents": current["documents"],
            "deps": [[list(dep), value] for dep, value in trace.deps.items()],
            "out": out,
            "check": _checksum(out),
        }
        if trace.broken or placed is None:
            entry["uncacheable"] = f"it is not kept: {trace.broken or 'its place cannot be followed'}"
        self.units[name] = entry
        self.made.append((name, reason))
        return out

    def _stale(self, name: str, placed: str | None, inputs: dict[str, str], whole: bool) -> str | None:
        """Why unit ``name`` must be made again, or None when its kept files are what it would make."""
        if self.problem is not None:
            return self.problem
        entry = self.before.get(name)
        if not isinstance(entry, dict):
            return "it was not generated before"
        try:
            if entry.get("uncacheable"):
                return str(entry["uncacheable"])
            if entry["place"] != placed or entry["whole"] != whole:
                return "its place in the site changed"
            for key, value in inputs.items():
                if entry["inputs"].get(key) != value:
                    return f"{NAMES.get(key, key)} changed"
            if set(entry["inputs"]) - set(inputs):
                return "what it is made from changed"
            for template, value in entry["templates"]:
                if self._template(template) != value:
                    return f"the template {template} changed"
            for kind, ident, value in entry["documents"]:
                if self.documents is None or digest(downloads_shown(self.documents(kind, ident))) != value:
                    return "the downloads it links changed"
            for dep, value in entry["deps"]:
                dep = tuple(dep)
                if evaluate(self.views, dep) != value:
                    return f"{describe(dep)} changed"
            out = entry["out"]
            if (
                not isinstance(out, dict)
                or not all(isinstance(v, str) for v in out.values())
                or _checksum(out) != entry["check"]
            ):
                return "its kept copy is damaged"
        except Uncacheable as exc:
            return f"what it read cannot be followed ({exc})"
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return "its kept copy is damaged"
        return None

    def summary(self) -> str | None:
        """For ``--explain``: which units were generated again and why (None: every one was reused)."""
        if not self.made:
            return None
        total = len(self.units)
        if self.problem is not None:
            return f"all {total} pages generated again: {self.problem}"
        shown = [f"{name} ({reason})" for name, reason in self.made[:8]]
        more = ", …" if len(self.made) > 8 else ""
        return f"{len(self.made)} of {total} pages generated again: {', '.join(shown)}{more}"
