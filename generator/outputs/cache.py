"""The artifact cache: a deck, a workbook or the whole site built before is reused when nothing it was
made from changed, so a build with nothing changed does not make everything again.

Each artifact is stored under ``.enablekit-cache/<output>/`` with what it was made from:

- its *inputs*: named digests the builder computes before building (enablekit's own code and the
  versions of the libraries it uses, the project's template files, the brand pictures, the artifact's
  own description such as its kind, id and language);
- its *trace*: what it read of the audience views while it was built. A builder hands the artifact's
  code :class:`TracedProject` views instead of the views themselves; every entity, table, catalog and
  query read through them is recorded with a digest of what was read. Reading one objection records
  that objection; iterating all industries records the industries table; :func:`traced_query` records
  the result of a named query (the four likely objections of a slide), not the whole table it scans.

An artifact is reused when its inputs have the same digests and every traced read gives the same
digest on the current views: exactly what it showed is the same, so its bytes would be the same.
Anything the trace cannot follow (a value it cannot digest) makes the artifact uncacheable: it is
built every time, never reused on a guess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import functools
import hashlib
import importlib.metadata
import inspect
import json
import os
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..content.model import Project
from ..content.text import Text

CACHE_FORMAT = "1"  # bump when what an entry holds, or how a digest is made, changes
TABLES = {"capabilities", "personas", "industries", "competitors", "objections", "cases", "whitepapers",
          "playbooks", "training", "deals", "answers", "calendar"}
PACKAGES = ("python-pptx", "openpyxl", "Pillow", "CairoSVG", "lxml", "mkdocs", "mkdocs-material",
            "pymdown-extensions", "Markdown", "Jinja2", "jieba", "pagefind", "pagefind-bin", "WeasyPrint")


class Uncacheable(Exception):
    """A value the cache cannot digest: the artifact that read it is built every time."""


# --------------------------------------------------------------------------------------------- digests


def _plain(value: Any, lang: str | None = None) -> Any:  # noqa: ANN401 - any content value
    """``value`` as JSON-able data that says everything about it, or :class:`Uncacheable`. With ``lang``,
    what it says in that language: a translated text that has ``lang`` is only that language's string
    (what an artifact in ``lang`` shows of it); one without it stays whole (the artifact falls back to
    another language)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Text):
        if lang is not None and not value.is_plain and lang in value.values:
            return {"text": [[lang, value.values[lang]]]}
        return {"text": sorted(value.values.items())}
    if isinstance(value, BaseModel):
        data = value.model_dump(mode="json", context={"lang": lang} if lang is not None else None)
        return {"model": type(value).__name__, "data": data}
    if isinstance(value, enum.Enum):
        return {"enum": f"{type(value).__name__}.{value.name}"}
    if isinstance(value, (dt.date, dt.datetime, decimal.Decimal, Path)):
        return {type(value).__name__: str(value)}
    if isinstance(value, Mapping):
        return {"map": sorted(([_key(k), _plain(v, lang)] for k, v in value.items()), key=lambda kv: kv[0])}
    if isinstance(value, (list, tuple)):
        return [_plain(v, lang) for v in value]
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(json.dumps(_plain(v, lang), sort_keys=True) for v in value)}
    if isinstance(value, bytes):
        return {"bytes": hashlib.sha256(value).hexdigest()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"dataclass": type(value).__name__,
                "fields": {f.name: _plain(getattr(value, f.name), lang) for f in dataclasses.fields(value)}}
    raise Uncacheable(type(value).__name__)


def _key(key: Any) -> str:  # noqa: ANN401
    return key if isinstance(key, str) else json.dumps(_plain(key), sort_keys=True)


def digest(value: Any, lang: str | None = None) -> str:  # noqa: ANN401
    """A short hash of everything ``value`` says (with ``lang``: says in that language; raises
    :class:`Uncacheable`)."""
    text = json.dumps(_plain(value, lang), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def bytes_digest(data: bytes | None) -> str:
    return "none" if data is None else hashlib.sha256(data).hexdigest()[:24]


def files_digest(root: Path, paths: Iterable[Path]) -> str:
    """A hash of the names (relative to ``root``) and bytes of the files among ``paths``, and of the
    files inside the folders among them, in a stable order; a missing path counts as absent."""
    found: dict[str, Path] = {}
    for path in paths:
        # a path outside the project (a scratch mkdocs.yml) is named from its own folder, never by where it is
        base = root if path.is_relative_to(root) else path.parent
        if path.is_file():
            found[path.relative_to(base).as_posix()] = path
        elif path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in files:
                    if not name.endswith((".pyc", "~")):
                        file = Path(folder) / name
                        found[file.relative_to(base).as_posix()] = file
    h = hashlib.sha256()
    for name in sorted(found):
        h.update(name.encode("utf-8") + b"\0")
        try:
            h.update(found[name].read_bytes())
        except OSError:
            h.update(b"\1unreadable")
        h.update(b"\0")
    return h.hexdigest()[:24]


@functools.cache
def code_fingerprint() -> str:
    """enablekit's own code, built-in templates and catalogs, and the versions of the libraries that
    write the outputs: a change to any of them invalidates every cached artifact."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(CACHE_FORMAT.encode())
    h.update(files_digest(package, [package]).encode())
    for name in PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version};".encode())
    return h.hexdigest()[:24]


# --------------------------------------------------------------------------------------------- tracing

Dep = tuple  # ("attr", audience, name) | ("entity", audience, table, id) | ("table", audience, table)
#              | ("labels", audience, lang) | ("query", audience, name, args)
#              | ("in", lang, *one of those): what that one says in ``lang`` (an artifact in one language)
QUERIES: dict[str, Callable[..., Any]] = {}


def query(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register ``fn(view, *args)`` as a query whose result a trace records (and checks again by name)."""
    QUERIES[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def traced_query(view: Any, fn: Callable[..., Any], *args: Any) -> Any:  # noqa: ANN401
    """``fn(view, *args)``; on a traced view, the result is what the trace records, not what ``fn`` scanned."""
    if isinstance(view, TracedProject):
        return view._trace.query(view._audience, fn, args)
    return fn(view, *args)


# ``serve`` (remember_values): each dependency's value and digest as the last build read them. A save changes
# one file and the project is read again whole: a value equal to the last one (of the same type, compared
# with ==, as entities, texts and tables compare) has its digest. Digesting a table of two thousand
# objections costs a twentieth of a second, comparing it with the last one a thousandth. (== takes 1 for
# 1.0: content values are made by the schema's typed fields, so one place never holds both.)
_REMEMBERED: dict[Dep, tuple[Any, str]] | None = None


def remember_values(on: bool) -> None:
    """Keep each dependency's last value and digest between builds (``serve``); off: forget them."""
    global _REMEMBERED  # noqa: PLW0603
    _REMEMBERED = {} if on else None


def _same(old: Any, new: Any) -> bool:  # noqa: ANN401
    if old is new:  # an entity of a file that did not change: the reader gives the same object again
        return True
    try:
        return type(old) is type(new) and bool(old == new)
    except Exception:  # noqa: BLE001 - a value that cannot be compared is digested again
        return False


def evaluate(views: Any, dep: Dep) -> str:  # noqa: ANN401 - registry.Views
    """The digest of what ``dep`` reads on the current ``views`` (memoised per build on ``views``; under
    ``serve``, the last build's digest when the value equals the last one)."""
    memo: dict = views.memo
    if dep in memo:
        return memo[dep]
    full = dep
    lang = None
    if dep[0] == "in":  # what the dependency after the language says in that language
        lang, dep = dep[1], tuple(dep[2:])
    kind, audience = dep[0], dep[1]
    view = views.get(audience)
    if view is None:
        value: Any = ("no view",)
    elif kind == "attr":
        value = getattr(view, dep[2])
    elif kind == "entity":
        value = getattr(view, dep[2]).get(dep[3])
    elif kind == "table":
        value = getattr(view, dep[2])
    elif kind == "labels":
        value = dict(view.labels(dep[2]))
    elif kind == "query":
        if dep[2] not in QUERIES:
            raise Uncacheable(dep[2])
        value = _answer(views, audience, dep[2], dep[3])
    else:
        raise Uncacheable(kind)
    remembered = _REMEMBERED
    last = remembered.get(full) if remembered is not None else None
    if last is not None and _same(last[0], value):
        found = last[1]
    else:
        found = digest(value, lang)
        if remembered is not None:
            remembered[full] = (value, found)
    memo[full] = found
    return found


def describe(dep: Dep) -> str:
    """What a dependency is, in words for ``--explain``."""
    if dep[0] == "in":
        return f"{describe(tuple(dep[2:]))} in '{dep[1]}'"
    kind = dep[0]
    if kind == "entity":
        return f"{dep[2]} '{dep[3]}'"
    if kind == "table":
        return f"the {dep[2]}"
    if kind == "labels":
        return f"the '{dep[2]}' catalog (interface words)"
    if kind == "query":
        args = ", ".join(str(a) for a in json.loads(dep[3]) if a not in (None, ""))
        return f"{dep[2].rsplit('.', 1)[-1].replace('_', ' ')} ({args})" if args else dep[2].rsplit(".", 1)[-1]
    return f"the project's {dep[2]}"


class Trace:
    """What one artifact read of the views, with the digest of each read. The trace of an artifact in
    one language (``lang``: a deck, which shows every text in its language or, where a text lacks it,
    in the one it falls back to) digests what each read says in that language: an edit of the Chinese
    text of an objection leaves the English decks that list it as they were."""

    def __init__(self, views: Any, lang: str | None = None):  # noqa: ANN401 - registry.Views
        self.views, self.lang = views, lang
        self.deps: dict[Dep, str] = {}
        self.broken: str | None = None  # why the artifact cannot be cached

    def view(self, audience: Any) -> TracedProject | None:  # noqa: ANN401
        real = self.views.get(audience)
        return None if real is None else TracedProject(real, real.audience.value, self)

    def record(self, dep: Dep) -> None:
        if self.lang is not None and dep[0] != "labels":  # a catalog is of one language already
            dep = ("in", self.lang, *dep)
        if dep not in self.deps and self.broken is None:
            try:
                self.deps[dep] = evaluate(self.views, dep)
            except Uncacheable as exc:
                self.broken = f"{describe(dep)} holds a value the cache cannot follow ({exc})"

    def query(self, audience: str, fn: Callable[..., Any], args: tuple) -> Any:  # noqa: ANN401
        name = f"{fn.__module__}.{fn.__qualname__}"
        if QUERIES.get(name) is not fn:
            self.broken = f"{name} is not a registered query"
        else:
            try:
                recorded = json.dumps(list(args))
            except TypeError:
                self.broken = f"{name}: its arguments cannot be recorded"
            else:
                self.record(("query", audience, name, recorded))
                return _answer(self.views, audience, name, recorded)
        return fn(self.views.get(audience), *args)


def _answer(views: Any, audience: str, name: str, args: str) -> Any:  # noqa: ANN401 - registry.Views
    """The registered query ``name``'s answer on ``views`` for ``args`` (as recorded: JSON), worked out once per
    build: the trace digests the answer the artifact uses, and pages ask the same questions (a persona's page
    and the cards that list its objections). A list is given as a copy, so no caller changes the next one's."""
    key = ("answer", audience, name, args)
    memo: dict = views.memo
    if key not in memo:
        memo[key] = QUERIES[name](views.get(audience), *json.loads(args))
    answer = memo[key]
    return list(answer) if isinstance(answer, list) else answer


class TracedTable(Mapping):
    """One table of a traced view: looking up an id records that entity, anything else the whole table."""

    def __init__(self, owner: TracedProject, name: str, table: dict):
        self._owner, self._name, self._table = owner, name, table

    def _entity(self, key: Any) -> None:  # noqa: ANN401
        self._owner._trace.record(("entity", self._owner._audience, self._name, key))

    def _all(self) -> None:
        self._owner._trace.record(("table", self._owner._audience, self._name))

    def __getitem__(self, key: Any) -> Any:  # noqa: ANN401
        self._entity(key)
        return self._table[key]

    def get(self, key: Any, default: Any = None) -> Any:  # noqa: ANN401
        self._entity(key)
        return self._table.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._entity(key)
        return key in self._table

    def __iter__(self) -> Iterator:
        self._all()
        return iter(self._table)

    def __len__(self) -> int:
        self._all()
        return len(self._table)

    def __bool__(self) -> bool:
        self._all()
        return bool(self._table)

    def keys(self):  # noqa: ANN201
        self._all()
        return self._table.keys()

    def values(self):  # noqa: ANN201
        self._all()
        return self._table.values()

    def items(self):  # noqa: ANN201
        self._all()
        return self._table.items()


class TracedProject:
    """An audience view that records what is read of it. Properties and methods of :class:`Project`
    run against the traced view, so what they read is recorded too."""

    _statics: dict[str, Any] = {}  # what Project's class says of a name (property, method, nothing)
    stands_for = Project  # what a template's error message calls it (render.jinja._Undefined)

    def __init__(self, view: Project, audience: str, trace: Trace):
        self._view, self._audience, self._trace = view, audience, trace

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401
        if name.startswith("__"):
            raise AttributeError(name)
        # what is worked out once is set on the instance: Python finds it there without asking again
        statics = TracedProject._statics
        if name not in statics:
            statics[name] = inspect.getattr_static(type(self._view), name, None)
        static = statics[name]
        if isinstance(static, property):
            return static.fget(self)
        if name == "labels":
            def labels(lang: str):  # noqa: ANN202
                self._trace.record(("labels", self._audience, lang))
                return self._view.labels(lang)
            self.__dict__[name] = labels
            return labels
        if inspect.isfunction(static):
            self.__dict__[name] = bound = types.MethodType(static, self)
            return bound
        value = getattr(self._view, name)
        if name in TABLES:
            self.__dict__[name] = table = TracedTable(self, name, value)
            return table
        if name == "root":  # where the project is, not what it says: its files are the builders' inputs
            return value
        self._trace.record(("attr", self._audience, name))
        self.__dict__[name] = value  # recorded once: its next reads (the company, thousands a page) are not again
        return value


# --------------------------------------------------------------------------------------------- storing


@dataclasses.dataclass
class Hit:
    files: dict[str, bytes]
    meta: dict


class ArtifactCache:
    """The cached artifacts of one output (``deck``, ``answers``, ``proposal``…) under ``.enablekit-cache``."""

    def __init__(self, root: Path, output: str, context: Any):  # noqa: ANN401 - registry.BuildContext
        self.folder = root / ".enablekit-cache" / output
        self.output, self.context = output, context

    def _entry(self, name: str) -> Path:
        return self.folder / f"{hashlib.sha256(name.encode('utf-8')).hexdigest()[:24]}.json"

    def lookup(self, name: str, inputs: dict[str, str], views: Any) -> Hit | None:  # noqa: ANN401
        """The cached files of artifact ``name`` when nothing it was made from changed; else None,
        with the reason recorded for ``--explain``."""
        reason = self._stale(name, inputs, views)
        if reason is None:
            entry = json.loads(self._entry(name).read_text(encoding="utf-8"))
            try:
                files = {f: (self.folder / blob).read_bytes() for f, blob in entry["files"].items()}
            except OSError:
                reason = "its cached copy is missing"
            else:
                self.context.explained(name, None)
                return Hit(files, entry.get("meta", {}))
        self.context.explained(name, reason)
        return None

    def _stale(self, name: str, inputs: dict[str, str], views: Any) -> str | None:  # noqa: ANN401
        if self.context.force:
            return "--force"
        try:
            entry = json.loads(self._entry(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return "it was not built before"
        if entry.get("format") != CACHE_FORMAT or entry.get("name") != name:
            return "it was not built before"
        if entry.get("uncacheable"):
            return entry["uncacheable"]
        before = entry.get("inputs", {})
        for key, value in inputs.items():
            if before.get(key) != value:
                return f"{INPUT_NAMES.get(key, key)} changed"
        for dep, value in entry.get("deps", []):
            dep = tuple(dep)
            try:
                if evaluate(views, dep) != value:
                    return f"{describe(dep)} changed"
            except Uncacheable:
                return f"{describe(dep)} cannot be followed"
        return None

    def store(self, name: str, inputs: dict[str, str], trace: Trace | None, files: dict[str, bytes],
              meta: dict) -> None:
        """Keep artifact ``name`` (its files by name) with what it was made from."""
        self.folder.mkdir(parents=True, exist_ok=True)
        entry: dict[str, Any] = {"format": CACHE_FORMAT, "name": name, "inputs": inputs, "meta": meta, "files": {}}
        if trace is not None:
            if trace.broken:
                entry["uncacheable"] = f"it is not cached: {trace.broken}"
            entry["deps"] = [[list(dep), value] for dep, value in trace.deps.items()]
        for file, data in files.items():
            blob = f"{hashlib.sha256(data).hexdigest()[:32]}{Path(file).suffix}"
            if not (self.folder / blob).is_file():
                _write_atomic(self.folder / blob, data)
            entry["files"][file] = blob
        _write_atomic(self._entry(name), json.dumps(entry, ensure_ascii=False).encode("utf-8"))


INPUT_NAMES = {
    "code": "enablekit's code or a library it uses",
    "templates": "a template",
    "logo": "the brand logo",
    "cover": "the brand cover image",
    "artifact": "what the artifact is",
    "proposal": "the proposal's content",
    "public": "its public deck (the slides it is made from)",
    "files": "a project file (content, docs, templates, mkdocs.yml)",
    "git": "the git history (HEAD)",
    "today": "the date (--today)",
    "downloads": "the downloads (PDFs, decks, workbooks) it links",
    "audience": "the audience",
}


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class FolderCache:
    """One cached folder of files (the built site of one audience) with the digests it was made from.

    The cached files and the output share their bytes: both are hard links to the same files (a copy
    where the file system has none), so reusing a site of a thousand pages costs a thousand links,
    not a thousand copies. enablekit never writes into a file of the output (a build writes a new
    folder and swaps it in); a file changed in place there by someone else changes the cached one
    too, so the entry records each file's size and modification time and a cached folder whose files
    differ from them is not reused.
    """

    def __init__(self, root: Path, folder: str, name: str, context: Any):  # noqa: ANN401 - registry.BuildContext
        self.folder = root / ".enablekit-cache" / folder
        self.name, self.context = name, context  # name: what --explain calls it

    @staticmethod
    def kept(root: Path, folder: str) -> Path:
        """Where the files of the folder cached as ``folder`` are kept (valid or not: see :meth:`previous`)."""
        return root / ".enablekit-cache" / folder / "tree"

    def lookup(self, inputs: dict[str, str]) -> tuple[Path, dict] | None:
        """The cached folder and its notes when ``inputs`` are those it was made from; else None, with
        the reason recorded for ``--explain``."""
        reason = "--force" if self.context.force else None
        entry: dict = {}
        if reason is None:
            try:
                entry = json.loads((self.folder / "entry.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                reason = "it was not built before"
        if reason is None and (entry.get("format") != CACHE_FORMAT or not (self.folder / "tree").is_dir()):
            reason = "it was not built before"
        if reason is None:
            before = entry.get("inputs", {})
            changed = [INPUT_NAMES.get(k, k) for k, v in inputs.items() if before.get(k) != v]
            reason = " and ".join(changed) + " changed" if changed else None
        if reason is None and _stats(self.folder / "tree") != entry.get("stats"):
            reason = "its cached copy was changed or is incomplete"
        self.context.explained(self.name, reason)
        return None if reason else (self.folder / "tree", entry.get("meta", {}))

    def previous(self) -> tuple[Path, dict] | None:
        """The folder kept last time and its notes, whatever it was made from, when its files are as they
        were kept (never a folder changed since, or half-written); else None."""
        try:
            entry = json.loads((self.folder / "entry.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        tree = self.folder / "tree"
        if entry.get("format") != CACHE_FORMAT or not tree.is_dir() or _stats(tree) != entry.get("stats"):
            return None
        return tree, entry.get("meta", {})

    def store(self, inputs: dict[str, str], tree: Path, skip: set[str], meta: dict) -> None:
        """Keep ``tree`` (less its top-level entries named in ``skip``) as made from ``inputs``. The kept
        folder is brought up to date in place: a file whose bytes did not change is left as it is, so
        a site of which a few pages changed costs a few links, not a new folder of a thousand."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "entry.json").unlink(missing_ok=True)  # no entry while the tree changes
        sync_tree(tree, self.folder / "tree", skip)
        entry = {"format": CACHE_FORMAT, "inputs": inputs, "meta": meta, "stats": _stats(self.folder / "tree")}
        _write_atomic(self.folder / "entry.json", json.dumps(entry, ensure_ascii=False).encode("utf-8"))

    def set_aside(self) -> None:
        """The folder kept before, no longer to be reused (a build with --force): its removal starts now, in
        another process, while the new one is made (see :meth:`adopt`)."""
        (self.folder / "entry.json").unlink(missing_ok=True)
        kept = self.folder / "tree"
        if os.path.lexists(kept):
            try:
                os.rename(kept, self.folder / f"tree.old-{os.getpid()}")
            except OSError:
                return
        self._remove_old()

    def adopt(self, inputs: dict[str, str], tree: Path, skip: set[str], meta: dict) -> Path:
        """Keep ``tree`` (less its top-level entries in ``skip``, removed) as made from ``inputs`` by moving
        it into the cache, when it is on the cache's disk; else as :meth:`store` does. Returns where it is
        kept now. Moving a site of a thousand folders costs one rename, where linking it costs a thousand
        folders; the folder kept before is removed meanwhile, in another process (``close`` waits for it)."""
        import shutil

        for name in skip:
            gone = tree / name
            if gone.is_dir() and not gone.is_symlink():
                shutil.rmtree(gone)
            elif os.path.lexists(gone):
                os.unlink(gone)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "entry.json").unlink(missing_ok=True)  # no entry while the tree changes
        kept, old = self.folder / "tree", self.folder / f"tree.old-{os.getpid()}-adopt"
        try:
            if os.path.lexists(kept):
                os.rename(kept, old)
            os.rename(tree, kept)
        except OSError:  # another disk: linked in place, as store does
            if os.path.lexists(old) and not os.path.lexists(kept):
                os.rename(old, kept)
            self.store(inputs, tree, skip, meta)
            return tree
        self._remove_old()
        entry = {"format": CACHE_FORMAT, "inputs": inputs, "meta": meta, "stats": _stats(kept)}
        _write_atomic(self.folder / "entry.json", json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        return kept

    def _remove_old(self) -> None:
        """Remove the folders set aside (with any a build stopped before it removed them), in a process of
        its own: a thread would hold the interpreter's lock for most of the work, and forking (the site's
        languages) with a thread running is unsafe."""
        import subprocess
        import sys

        olds = [str(p) for p in sorted(self.folder.glob("tree.old-*"))]
        if not olds:
            return
        code = "import shutil, sys\nfor f in sys.argv[1:]: shutil.rmtree(f, ignore_errors=True)"
        try:
            self._removals = [*getattr(self, "_removals", []),
                              subprocess.Popen([sys.executable, "-c", code, *olds])]  # noqa: S603
        except OSError:
            import shutil

            for folder in olds:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Wait for the removal of the folders kept before (see :meth:`adopt`)."""
        removals, self._removals = getattr(self, "_removals", []), []
        for process in removals:
            process.wait()


def sync_tree(source: Path, target: Path, skip: Iterable[str] = ()) -> None:
    """Make the folder ``target`` hold what ``source`` holds, as hard links to its files; a file of
    ``target`` with the same bytes is kept, whatever else is removed. Entries named in ``skip`` (paths
    relative to ``source``: ``downloads``, ``en/pagefind``) are left alone on both sides. Folders that
    are in both stay (creating and removing folders is what costs most)."""
    import shutil

    if os.path.lexists(target) and (target.is_symlink() or not target.is_dir()):
        os.unlink(target)
    target.mkdir(parents=True, exist_ok=True)
    skip = set(skip)
    wanted = {e.name: e for e in os.scandir(source) if e.name not in skip}
    for entry in os.scandir(target):
        if entry.name not in wanted and entry.name not in skip:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    for name, entry in wanted.items():
        there = target / name
        if entry.is_dir(follow_symlinks=False):
            sync_tree(Path(entry.path), there, [s.split("/", 1)[1] for s in skip if s.startswith(name + "/")])
        elif entry.is_symlink() or not _same_bytes(entry.path, there):
            if os.path.isdir(there) and not os.path.islink(there):
                shutil.rmtree(there)
            link_tree(Path(entry.path), there)


def _same_bytes(a: str, b: Path) -> bool:
    try:
        first, second = os.stat(a), os.stat(b, follow_symlinks=False)
    except OSError:
        return False
    if (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino):
        return True
    import stat

    if not stat.S_ISREG(second.st_mode) or first.st_size != second.st_size:
        return False
    try:
        with open(a, "rb") as one, open(b, "rb") as two:
            return one.read() == two.read()
    except OSError:
        return False


def _stats(tree: Path) -> dict[str, list[int]]:
    """Size and modification time (ns) of every file under ``tree``, by path relative to it."""
    found: dict[str, list[int]] = {}
    stack = [("", str(tree))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for item in entries:
            name = prefix + item.name
            if item.is_dir(follow_symlinks=False):
                stack.append((name + "/", item.path))
            else:
                info = item.stat(follow_symlinks=False)
                found[name] = [info.st_size, info.st_mtime_ns]
    return dict(sorted(found.items()))


def link_tree(source: Path, target: Path) -> None:
    """Make ``target`` hold what ``source`` holds (a file or a folder, merged into what ``target``
    already holds): hard links to its files, copies where the file system cannot link."""
    import shutil

    if not source.is_dir() or source.is_symlink():
        if os.path.lexists(target):
            os.unlink(target)
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
            return
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        return
    target.mkdir(exist_ok=True)
    for child in source.iterdir():
        link_tree(child, target / child.name)


def git_head(root: Path) -> str:
    """The commit checked out in ``root`` (what the site's pages on recent changes and the health trend
    read from git), or "" outside git."""
    import subprocess

    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "-q", "--verify", "HEAD"],  # noqa: S603, S607
                                capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.decode().strip()
