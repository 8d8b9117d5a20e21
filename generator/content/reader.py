"""Read a content project from disk into typed models, collecting every problem on the way.

Data flows one way: files → located raw data (:mod:`yamlsafe`) → pydantic models
(:mod:`schema`) → one :class:`~generator.content.model.Project`. The checks that need the whole
project are :mod:`validate`'s; :mod:`loader` runs both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import fnmatch
import functools
import os
import re
import stat
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import schema
from .diagnostics import Diagnostics, EnablekitError, Location, did_you_mean
from .files import NotAFile, file_type, inside, os_reason, read_bytes
from .model import PLURAL, SINGULAR, Project, Source, Unloaded, a
from .raw import RawId, defined_at, raw_parts
from .schema import QUIZ_TAGS
from .text import Text, _kind
from .yamlsafe import Document, YamlError, check_text, load_yaml, split_front_matter

# kind → (glob relative to the project root, may a file hold a list of entities?)
LAYOUT: dict[str, tuple[str, bool]] = {
    "capabilities": ("content/capabilities.yaml", True),
    "personas": ("content/personas/*.yaml", False),
    "industries": ("content/industries/*.yaml", False),
    "competitors": ("content/competitors/*.yaml", False),
    "objections": ("content/objections/*.yaml", True),
    "cases": ("content/cases/*.yaml", False),
    "playbooks": ("playbooks/*.yaml", False),
    "training": ("playbooks/training/*.yaml", False),
    "deals": ("deals/*.yaml", False),
    "answers": ("content/answers/*.yaml", True),
    "calendar": ("content/calendar.yaml", True),
}
MAX_FILES = 50_000
PARSED_KEPT = 20_000  # YAML texts whose parse a process keeps (a text read again unchanged is not parsed again)
MAX_REVIEW_DAYS = 36_500  # review_every: a hundred years is plenty


def read_project(root: str | Path, *, today: dt.date | None = None) -> tuple[Project, Diagnostics]:
    """Read a project's files into one model. Returns the project and every problem of the files
    themselves; project-wide checks are :mod:`validate`'s. When company.yaml cannot be loaded, the
    project's company is a stand-in made of what the file still says, and ``"company"`` is in
    ``project.broken``: the other files are read and checked all the same. Never raises for bad content."""
    root = Path(root).resolve()
    diags = Diagnostics()
    if not root.is_dir():
        raise EnablekitError(f"{root}: no such folder")
    company_file = root / "content" / "company.yaml"
    if not os.path.lexists(company_file):  # anything else there (a link, a pipe) is reported by the reader
        raise EnablekitError(
            f"{root}: not an enablekit project (no content/company.yaml); `enablekit new DIR` creates one"
        )
    reader = _Reader(root, diags)
    company = reader.company()
    project = Project(root=root, company=company or _placeholder_company(reader.company_data),
                      today=today or dt.date.today())
    reader.owner = project.company.owner  # what the items that name no owner of their own are given
    if company is None:
        reader.mark_broken("company", "company", "content/company.yaml")
        project.languages_known = isinstance((reader.company_data or {}).get("languages"), list)
    project.sources[("company", "company")] = reader.last_source
    for i, inline in enumerate(company.capabilities if company else []):
        _add(project, inline, Source(reader.company_source.path, reader.company_source.doc, ("capabilities", i)), diags)
    for kind, (pattern, many) in LAYOUT.items():
        for path in reader.glob(pattern):
            for entity, source in reader.entities(kind, path, many):
                _add(project, entity, source, diags)
    papers = reader.glob("content/whitepapers/*.md")
    for path in papers:
        loaded = reader.whitepaper(path, project.text_languages, papers)
        if loaded:
            _add(project, *loaded, diags)
    check_layout(root, diags)
    project.broken, project.unloaded = reader.broken, reader.unloaded
    for item in reader.unloaded:  # an id used twice is reported now, not once the other error is fixed
        other = project.sources.get((item.kind, item.id)) if item.kind != "company" else None
        if other is not None:
            here, there = item.source.at(("id",)), other.at(("id",))
            later, first = (here, there) if (here.path, here.line) > (there.path, there.line) else (there, here)
            diags.error(later, f"duplicate {SINGULAR.get(item.kind, item.kind)} id '{item.id}' (first defined at {first})",
                        code="duplicate-id")
    owner = project.company.owner
    if owner:  # company.yaml's owner answers for every item that names no owner of its own
        for entity in project.entities():
            if entity.owner is None and entity.kind != "deals":
                entity.owner = owner
    reader.keep_read()
    return project, diags


def _placeholder_company(data: dict | None) -> schema.Company:
    """A stand-in for a company.yaml that could not be loaded, with what the rest of the project needs
    from it when the file says it: the languages, the default owner and review interval."""
    data = data or {}
    languages = data.get("languages")
    if not (isinstance(languages, list) and languages and all(isinstance(x, str) and x for x in languages)):
        languages = ["en"]
    owner = data.get("owner") if isinstance(data.get("owner"), str) else None
    every = data.get("review_every")
    every = every if isinstance(every, int) and not isinstance(every, bool) and 0 < every <= MAX_REVIEW_DAYS else None
    return schema.Company.model_construct(
        id="company", name=Text("?"), languages=languages, owner=owner, review_every=every,
        product=schema.Product.model_construct(name=Text("?")),
    )


def _add(project: Project, entity: schema.Entity, source: Source, diags: Diagnostics) -> None:
    table = project.kind(entity.kind)
    first = project.sources.get((entity.kind, entity.id))
    if entity.id in table and first is not None:
        diags.error(
            source.at(("id",)),
            f"duplicate {entity.kind[:-1] if entity.kind.endswith('s') else entity.kind} id '{entity.id}'"
            f" (first defined at {first.at(('id',))})",
            code="duplicate-id",
        )
        return
    table[entity.id] = entity
    project.sources[(entity.kind, entity.id)] = source


class _Reader:
    def __init__(self, root: Path, diags: Diagnostics):
        self.root, self.diags = root, diags
        self.file_count = 0
        self.company_source = Source("content/company.yaml", None)
        self.company_data: dict | None = None
        self.last_source = self.company_source
        self.folders: dict[str, Path | None] = {}
        # ids (and files) of entities that exist but could not be loaded: references to them are not errors too
        self.broken: dict[str, dict[str, str]] = {}
        self.unloaded: list[Unloaded] = []
        self.owner: str | None = None  # company.yaml's owner, given to the items that name none
        self._marks: list[tuple[str, str, str]] | None = None  # mark_broken's calls, while a file's reading is kept
        self._read_now: dict[tuple, _FileRead] = {}  # serve: what reading each file gave this time

    def mark_broken(self, kind: str, ident: str, rel: str) -> None:
        if self._marks is not None:
            self._marks.append((kind, ident, rel))
        self.broken.setdefault(kind, {}).setdefault(ident, rel)

    def kept(self, key: tuple, read: Callable[[], Any]) -> Any:  # noqa: ANN401
        """``read()``, which reads one file whose text (and whatever else it depends on) ``key`` names.
        Under ``serve`` (:func:`keep_parsed`), a key read the last time gives what it gave then: the same
        objects, its problems and the ids it marked as broken again, in the same order (a save changes one
        file; validating every other file's entities again is most of reading a project of thousands)."""
        if not _KEEP_PARSED:
            return read()
        key = (self.root, *key)
        found = _READ.get(key)
        if found is None:
            diags, unloaded, self._marks = len(self.diags.items), len(self.unloaded), []
            try:
                value = read()
            finally:
                marks, self._marks = self._marks, None
            found = _FileRead(value, self.diags.items[diags:], marks, self.unloaded[unloaded:])
        else:
            self.diags.extend(found.problems)
            for mark in found.marks:
                self.mark_broken(*mark)
            self.unloaded.extend(found.unloaded)
        self._read_now[key] = found
        return found.value

    def keep_read(self) -> None:
        """Under ``serve``: what reading each file gave this time is what the next reading reuses (and
        only that: a file's older texts are forgotten)."""
        global _READ  # noqa: PLW0603
        if _KEEP_PARSED:
            _READ = self._read_now

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def glob(self, pattern: str) -> list[Path]:
        """The regular files inside the project that ``folder/*.ext`` names, in name order. Links that
        lead outside the project or nowhere, pipes, devices and unreadable folders are reported, not read."""
        folder_rel, _, name_pattern = pattern.rpartition("/")
        folder = self.folder(folder_rel)
        if folder is None:
            return []
        try:
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries if fnmatch.fnmatchcase(e.name, name_pattern)
                               or (name_pattern.endswith(".yaml") and fnmatch.fnmatchcase(e.name, name_pattern[:-5] + ".yml")))
        except OSError as exc:
            self.diags.error(Location(folder_rel), f"cannot read folder: {os_reason(exc)}", code="unreadable")
            return []
        out = [folder / name for name in names if self.usable(folder / name)]
        self.file_count += len(out)
        if self.file_count > MAX_FILES:
            raise EnablekitError(f"more than {MAX_FILES:,} content files; refusing to read them all")
        return out

    def folder(self, rel: str) -> Path | None:
        """``root/rel`` if it is a folder inside the project (following links that stay inside); None
        when it is missing or not a folder, or when it is refused (reported once)."""
        if rel in self.folders:
            return self.folders[rel]
        parent_rel, _, name = rel.rpartition("/")
        parent = self.folder(parent_rel) if parent_rel else self.root
        result = None
        if parent is not None:
            path = parent / name
            st = self.lstat_followed(path, rel, what="folder")
            if st is not None and stat.S_ISDIR(st.st_mode):
                result = path
        self.folders[rel] = result
        return result

    def usable(self, path: Path, *, required: bool = False) -> bool:
        """Whether ``path`` (in a folder already checked) is a regular file that may be read. A folder
        is skipped quietly unless the file is ``required``."""
        if path.name.startswith(".#") and not required:  # an editor's lock file (usually a dangling link)
            return False
        st = self.lstat_followed(path, self.rel(path), what="file")
        if st is None:
            return False
        if stat.S_ISDIR(st.st_mode):
            if required:
                self.diags.error(Location(self.rel(path)), "is a folder, not a file; not read", code="unreadable")
            return False
        if not stat.S_ISREG(st.st_mode):
            self.diags.error(
                Location(self.rel(path)), f"not a regular file ({file_type(st.st_mode)}); not read", code="unreadable"
            )
            return False
        return True

    def lstat_followed(self, path: Path, rel: str, *, what: str) -> os.stat_result | None:
        """The status of ``path``, following a link only when it leads to an existing place inside
        the project. None (after reporting why, unless the path simply does not exist) otherwise."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.diags.error(Location(rel), f"cannot read {what}: {os_reason(exc)}", code="unreadable")
            return None
        if not stat.S_ISLNK(st.st_mode):
            return st
        try:
            st = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                message = "link leads back to itself in a loop; not read"
            elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
                message = f"link points to a {what} that does not exist; not read"
            else:
                message = f"cannot read {what}: {os_reason(exc)}"
            self.diags.error(Location(rel), message, code="link")
            return None
        if not inside(Path(os.path.realpath(path)), self.root):
            self.diags.error(Location(rel), "link points outside the project; not read", code="link")
            return None
        return st

    def read(self, path: Path) -> str | None:
        """The text of a regular file, never opening pipes or devices (so never blocking)."""
        rel = self.rel(path)
        try:
            return check_text(read_bytes(path))
        except YamlError as exc:
            self.diags.error(Location(rel, exc.line, exc.col), exc.message, code="unreadable")
        except NotAFile as exc:
            self.diags.error(Location(rel), f"not a regular file ({exc}); not read", code="unreadable")
        except OSError as exc:
            self.diags.error(Location(rel), f"cannot read file: {os_reason(exc)}", code="unreadable")
        return None

    def parse(self, path: Path, text: str | None = None) -> Document | None:
        """The YAML document of ``path`` (whose ``text`` may be read already), or None after reporting why not."""
        text = self.read(path) if text is None else text
        if text is None:
            return None
        rel = self.rel(path)
        try:
            doc = _parsed(text) if _KEEP_PARSED else load_yaml(text, recover=True)
        except YamlError as exc:
            self.diags.error(Location(rel, exc.line, exc.col), exc.message, code="yaml")
            return None
        self.yaml_problems(rel, doc)
        return doc

    def yaml_problems(self, rel: str, doc: Document) -> None:
        for p in doc.problems:
            self.diags.error(Location(rel, p.line, p.col), p.message, code="yaml")

    # ------------------------------------------------------------------ kinds
    def company(self) -> schema.Company | None:
        path = self.root / "content" / "company.yaml"
        usable = self.folder("content") is not None and self.usable(path, required=True)
        text = self.read(path) if usable else None
        if text is None:
            company, source, data = None, Source(self.rel(path), None), None
        else:
            company, source, data = self.kept(("company", text), lambda: self._company(path, text))
        self.company_source = self.last_source = source
        self.company_data = data
        return company

    def _company(self, path: Path, text: str) -> tuple[schema.Company | None, Source, dict | None]:
        """company.yaml read from ``text``: the company (None when it cannot be loaded), where it is written,
        and the fields the file gives (None when they are not a mapping)."""
        doc = self.parse(path, text)
        source = Source(self.rel(path), doc)
        if doc is None or () in doc.unread:
            return None, source, None
        if not isinstance(doc.data, dict):
            self.diags.error(source.at(), f"company.yaml must be a mapping of fields, got {_kind(doc.data)}")
            return None, source, None
        return self.validate(schema.Company, doc.data, source, unread=_unread_paths(doc, ())), source, doc.data

    def entities(self, kind: str, path: Path, many: bool) -> list[tuple[schema.Entity, Source]]:
        """The entities of ``kind`` that file ``path`` holds, each with where it is written. An item that names
        no owner is given company.yaml's (the same items again for the same text and owner, under serve)."""
        text = self.read(path)
        if text is None:
            if not many:
                self.mark_broken(kind, path.stem, self.rel(path))
            return []
        return self.kept((kind, self.rel(path), many, text, self.owner),
                         lambda: list(self._entities(kind, path, many, text)))

    def _entities(self, kind: str, path: Path, many: bool, text: str) -> Iterable[tuple[schema.Entity, Source]]:
        doc = self.parse(path, text)
        rel = self.rel(path)
        if doc is None or () in doc.unread:
            if not many:
                self.mark_broken(kind, path.stem, rel)
            return
        cls = schema.ENTITY_KINDS[kind]
        data = doc.data
        if data is None:
            self.diags.warning(Location(rel, 1, 1), "file is empty", code="empty")
            return
        if isinstance(data, list) and many:
            items = [(item, (i,)) for i, item in enumerate(data)]
        elif isinstance(data, dict):
            items = [(data, ())]
            if "id" not in data:
                data = dict(data, id=path.stem)
                items = [(data, ())]
        else:
            expected = "a mapping or a list of mappings" if many else "a mapping of fields"
            self.diags.error(Location(rel, 1, 1), f"expected {expected}, got {_kind(data)}")
            return
        for item, base in items:
            source = Source(rel, doc, base)
            if base in doc.unread:  # a syntax error stopped this item: its error says so, once
                if doc.unread[base]:
                    self.mark_broken(kind, doc.unread[base], rel)
                continue
            if not isinstance(item, dict):
                self.diags.error(source.at(), f"expected a mapping of fields, got {_kind(item)}")
                continue
            if "id" not in item:
                self.diags.error(source.at(), "missing required field 'id' (a file with several entries needs one per entry)")
                continue
            entity = self.validate(cls, item, source, unread=_unread_paths(doc, base))
            if entity is not None:
                yield entity, source

    def whitepaper(
        self, path: Path, languages: list[str] | None, papers: list[Path]
    ) -> tuple[schema.Whitepaper, Source] | None:
        """A whitepaper and its translations; ``languages`` is None when company.yaml is unusable,
        ``papers`` are the whitepaper files that may be read."""
        stem, _, lang = path.stem.partition(".")
        rel = self.rel(path)
        if lang:  # a translation; read with its main file
            if not os.path.lexists(path.parent / f"{stem}.md"):
                self.diags.error(Location(rel), f"translation without its main file '{stem}.md'")
            elif languages is not None and lang not in languages:
                self.diags.error(
                    Location(rel), f"unknown language '{lang}' in file name{did_you_mean(lang, languages)}"
                )
            return None
        languages = languages or ["en"]  # the company's languages are unknown (its file has an error)
        translations: dict[str, str] = {}
        for other in papers:
            other_lang = other.stem.partition(".")[2]
            if other.stem.partition(".")[0] == stem and other_lang in languages:
                translations[other_lang] = ""  # a translation with an error is reported once, not as missing
                translated = self.read(other)
                if translated is None:
                    continue
                try:
                    other_front, translations[other_lang], _ = split_front_matter(translated)
                except YamlError as exc:
                    self.diags.error(Location(self.rel(other), exc.line, exc.col), exc.message, code="yaml")
                    continue
                if other_front is not None:
                    self.yaml_problems(self.rel(other), other_front)
        self.mark_broken("whitepapers", stem, rel)  # until it has been read without error
        text = self.read(path)
        if text is None:
            return None
        try:
            front, body, _ = split_front_matter(text, recover=True)
        except YamlError as exc:
            self.diags.error(Location(rel, exc.line, exc.col), exc.message, code="yaml")
            return None
        if front is not None:
            self.yaml_problems(rel, front)
            if () in front.unread:
                return None
        data = front.data if front is not None and front.data is not None else {}
        if not isinstance(data, dict):
            self.diags.error(Location(rel, 2, 1), f"front matter must be a mapping of fields, got {_kind(data)}")
            return None
        if "body" in data:
            self.diags.error(
                Location(rel, *(front.mark(("body",), key=True) if front else (1, 1))),
                "unknown field 'body': the body is the Markdown after the front matter",
            )
            return None
        data = dict(data)
        data.setdefault("id", stem)
        default = data.get("language") if isinstance(data.get("language"), str) else languages[0]
        bodies = {default: body, **translations}
        source = Source(rel, front, ())
        entity = self.validate(schema.Whitepaper, data, source, unread=_unread_paths(front, ()) if front else {})
        if entity is None:
            return None
        entity.body = Text(bodies)
        self.broken["whitepapers"].pop(stem, None)
        return entity, source

    # ------------------------------------------------------------------ validation
    def validate(self, cls: type[BaseModel], data: dict, source: Source, *,
                 unread: dict[tuple, str | None] | None = None) -> Any:
        """The model of ``data``, or None after reporting why not. A part in ``unread`` had a syntax
        error (reported): what is missing or wrong because of it is not reported again. An entity
        that is not built this way is kept as :class:`Unloaded`, so that the rest of it is still checked."""
        errors: set[tuple] = set()
        unread = unread or {}
        try:
            model = cls.model_validate(data)
        except ValidationError as exc:
            model = None
            for error in exc.errors():
                path = _data_path(data, error["loc"], error["type"])
                if any(path[:len(part)] == part for part in unread):
                    continue
                loc, message = explain(cls, data, error)
                key = error["type"] in ("extra_forbidden",)
                self.diags.error(source.at(loc, key=key), message, code="schema")
                errors.add(path)
        if model is not None:
            too_long = [path for path, entity in _entities_in(model, ())
                        if entity.review_every is not None and entity.review_every > MAX_REVIEW_DAYS]
            for path in too_long:
                self.diags.error(
                    source.at(path + ("review_every",)),
                    f"review_every: must be at most {MAX_REVIEW_DAYS} days (100 years)",
                    code="schema",
                )
                errors.add(path + ("review_every",))
        if model is not None and not errors and not unread:
            return model
        if issubclass(cls, schema.Entity):
            self.unloaded_entity(cls, data, source, errors)
            for path, ident in unread.items():  # a stage (say) that a syntax error stopped still exists
                kind = defined_at(cls, path)
                if ident is not None and kind is not None:
                    self.mark_broken(kind, ident, source.path)
        return None

    def unloaded_entity(self, cls: type[schema.Entity], data: dict, source: Source, errors: set[tuple]) -> None:
        """Keep what an entity that could not be loaded says, and the ids it and its parts define."""
        ident = data.get("id", cls.model_fields["id"].default) if cls is schema.Company else data.get("id")
        ident = ident if isinstance(ident, str) else None
        self.unloaded.append(Unloaded(cls.kind, ident, cls, data, source, errors))
        if ident is not None:
            self.mark_broken(cls.kind, ident, source.path)
        for part in raw_parts(cls, data):
            if isinstance(part, RawId):
                self.mark_broken(part.kind, part.id, source.path)


# what each folder holds: the content files it reads (besides images, which may sit anywhere)
FOLDERS: dict[str, tuple[str, ...]] = {
    "content": ("company.yaml", "capabilities.yaml", "calendar.yaml"),
    "content/personas": (".yaml",), "content/industries": (".yaml",), "content/competitors": (".yaml",),
    "content/objections": (".yaml",), "content/cases": (".yaml",), "content/answers": (".yaml",),
    "content/whitepapers": (".md",), "content/assets": (), "playbooks": (".yaml",), "playbooks/training": (".yaml",),
    "deals": (".yaml",),
}
_IGNORED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".ico", ".pdf", ".txt", ".keep", ".gitkeep"}


def check_layout(root: Path, diags: Diagnostics) -> None:
    """Warn about content files the loader never reads: a folder it does not know (content/persona/),
    a YAML or Markdown file where none is read, a file of another type among content files."""
    for folder, holds in FOLDERS.items():
        path = root / folder
        if not path.is_dir() or path.is_symlink():
            continue
        known_dirs = sorted(f.rpartition("/")[2] for f in FOLDERS if f.startswith(folder + "/") and f.count("/") ==
                            folder.count("/") + 1)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            continue  # reported by the reader
        for entry in entries:
            name, rel = entry.name, f"{folder}/{entry.name}"
            if name.startswith((".", "_", "#")) or name.endswith("~"):
                continue
            suffix = os.path.splitext(name)[1].lower()
            if entry.is_dir(follow_symlinks=False):
                if rel not in FOLDERS and folder in ("content", "playbooks") and _holds_content(Path(entry.path)):
                    hint = did_you_mean(name, known_dirs)
                    hint = hint.replace("'?", "/'?") if hint else f" (folders read here: {', '.join(known_dirs)})"
                    diags.warning(Location(rel), f"folder not read: enablekit does not know '{name}/'{hint}",
                                  code="layout")
                continue
            if folder == "content":
                if suffix in (".yaml", ".yml", ".md") and name not in holds:
                    stem = os.path.splitext(name)[0]
                    hint = did_you_mean(stem, [h.partition(".")[0] for h in holds] + known_dirs)
                    diags.warning(Location(rel), f"not read: content/ holds {', '.join(holds)} and the folders"
                                  f" {', '.join(d + '/' for d in known_dirs)}{hint}", code="layout")
            elif holds and suffix not in holds and not (".yaml" in holds and suffix == ".yml") \
                    and suffix not in _IGNORED and folder != "content/assets":
                diags.warning(Location(rel), f"not read: files in {folder}/ are {' or '.join(holds)}"
                              + (" (or .yml)" if ".yaml" in holds else ""), code="layout")


def _holds_content(folder: Path) -> bool:
    try:
        return any(p.suffix.lower() in (".yaml", ".yml", ".md") for p in folder.iterdir())
    except OSError:
        return False


def _unread_paths(doc: Document, base: tuple) -> dict[tuple, str | None]:
    """The parts inside the entity at ``base`` that a syntax error left unread (paths from ``base``),
    with the id each seems to declare."""
    return {path[len(base):]: ident for path, ident in doc.unread.items()
            if len(path) > len(base) and path[:len(base)] == base}


def _entities_in(model: Any, path: tuple) -> Iterable[tuple[tuple, schema.Entity]]:
    """Every entity in a validated model (itself, and e.g. capabilities inside company.yaml), with
    its path in the document."""
    if isinstance(model, schema.Entity):
        yield path, model
    if isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from _entities_in(getattr(model, name, None), path + (name,))
    elif isinstance(model, list):
        for i, item in enumerate(model):
            yield from _entities_in(item, path + (i,))


# --------------------------------------------------------------------------- error wording

_QUOTED = re.compile(r"'([^']*)'")


def explain(cls: type[BaseModel], data: Any, error: dict) -> tuple[tuple, str]:
    """Turn one pydantic error into (path inside the document, author-facing message)."""
    loc = _data_path(data, error["loc"], error["type"])
    kind = error["type"]
    value = error.get("input")
    shown = _shorten(str(value))
    ctx = error.get("ctx") or {}
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    prefix = f"{field}: " if field else ""
    if kind == "missing":
        missing = str(error["loc"][-1])
        return loc[:-1] if loc and loc[-1] == missing else loc, f"missing required field '{missing}'"
    if kind == "extra_forbidden":
        allowed = _fields_at(cls, error["loc"][:-1])
        return loc, f"unknown field '{field}'{did_you_mean(field, allowed)}"
    if kind in ("literal_error", "enum"):
        options = _QUOTED.findall(str(ctx.get("expected", "")))
        return loc, f"{prefix}'{shown}' is not one of: {', '.join(options)}{did_you_mean(value, options)}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^#"):
            return loc, f"{prefix}invalid colour '{shown}': use #RRGGBB"
        if pattern.startswith(r"^\d{4}"):
            return loc, f"{prefix}invalid month '{shown}': use YYYY-MM"
        return loc, f"{prefix}invalid id '{shown}': use lowercase letters, digits, '-' and '_'"
    if kind.startswith("date_"):
        iso = iso_date(value)
        return loc, f"{prefix}invalid date '{shown}': use YYYY-MM-DD" + (f", here {iso}" if iso else "")
    if kind in ("string_type", "list_type") and _languages_mapping(value):
        return loc, prefix + _not_translated(cls, error["loc"], value)
    if kind in ("list_type", "tuple_type"):
        return loc, f"{prefix}expected a list, got {_kind(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"{prefix}expected a mapping, got {_kind(value)}"
    if kind == "string_type":
        return loc, f"{prefix}expected text, got {_kind(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"{prefix}expected a whole number, got {_shorten(repr(value))}"
    if kind == "greater_than":
        return loc, f"{prefix}must be greater than {ctx.get('gt')}"
    if kind == "too_short":
        return loc, f"{prefix}needs at least {ctx.get('min_length')} items"
    if kind == "string_too_long":
        return loc, f"{prefix}is too long (at most {ctx.get('max_length')} characters)"
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return loc, f"{prefix}expected a question (q, choices, answer) or a rule (from_objections)"
    message = str(error.get("msg", "invalid value"))
    message = message[:1].lower() + message[1:]
    if message.startswith("value error, "):
        message = message[len("value error, "):]
    return loc, f"{prefix}{message}"


_LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _languages_mapping(value: Any) -> bool:
    """Whether ``value`` is written like a translated text: ``{fr: jours, zh: 天}``."""
    return isinstance(value, dict) and bool(value) and all(isinstance(k, str) and _LANGUAGE_KEY.match(k) for k in value)


def _not_translated(cls: type[BaseModel], loc: tuple, value: dict) -> str:
    """Why a field cannot take ``{fr: …, zh: …}``, and what to write instead."""
    field = str(loc[-1]) if loc else ""
    owners = _models_at(cls, loc[:-1])
    ref = next((getattr(m, "refs", {}).get(field) for m in owners if field in getattr(m, "refs", {})), None)
    info = next((m.model_fields[field] for m in owners if field in m.model_fields), None)
    many = info is not None and typing.get_origin(_unwrapped(info.annotation)) is list
    if ref is not None:
        if many:
            what = "a list of ids of " + ("any content" if ref == "*" else PLURAL.get(ref, ref))
        else:
            what = "the id of " + ("any content" if ref == "*" else a(SINGULAR.get(ref, ref)))
        return (f"expected {what}, got a mapping of languages: ids are not translated"
                f" (write {'the list' if many else 'the id'} once, the same in every language)")
    item = typing.get_args(_unwrapped(info.annotation))[0] if many else None
    if item in (Text, schema.TextItem):  # a list of texts: each item is translated, not the list
        firsts = {lang: items[0] for lang, items in value.items() if isinstance(items, list) and items}
        shown = ", ".join(f"{lang}: {_shorten(str(text), 30)}" for lang, text in firsts.items())
        return f"expected a list, got a mapping of languages: translate each item, e.g. {field}: [{{{shown}}}, …]"
    if many:  # one list of what each language's list holds
        merged = dict.fromkeys(str(x) for items in value.values() if isinstance(items, list) for x in items)
        example = _shorten(f"[{', '.join(merged)}]", 60)
    else:
        example = _shorten(str(next(iter(value.values()))), 40)
    return (f"this field is not translated: write one {'list' if many else 'text'} for every language, e.g."
            f" {field}: {example} (a mapping of languages is for translated text only)")


def _unwrapped(annotation: Any) -> Any:
    """``list[str]`` for ``list[str] | None`` and the like."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


_YEAR_LAST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")  # 31/12/2026, 12/31/2026, 31.12.2026
_YEAR_FIRST = re.compile(r"^(\d{4})\s*[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?$")  # 2026/12/31, 2026年12月31日


def iso_date(value: Any) -> str | None:
    """``value`` written as YYYY-MM-DD when it is an unambiguous date in another common form
    (``31/12/2026``, ``2026年12月31日``); None otherwise (``05/10/2026`` may be May or October)."""
    text = str(value).strip()
    if match := _YEAR_FIRST.match(text):
        year, month, day = (int(x) for x in match.groups())
    elif match := _YEAR_LAST.match(text):
        first, second, year = (int(x) for x in match.groups())
        if first > 12 >= second or first == second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        else:
            return None  # day and month could be either way round
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _shorten(text: str, limit: int = 80) -> str:
    """A value as quoted in a message: long ones cut, so that one problem stays one readable line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _data_path(data: Any, loc: tuple, kind: str) -> tuple:
    """Keep the parts of pydantic's ``loc`` that name places in the YAML (drop union tags, ``text``
    wrappers and the like)."""
    out: list[Any] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            out.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
        elif isinstance(part, str) and isinstance(current, dict) and kind in ("missing", "extra_forbidden"):
            out.append(part)
            current = None
        # else: a pydantic-internal step (union member, wrapper) with no place in the YAML
    return tuple(out)


def _fields_at(cls: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model that sits at ``loc`` inside ``cls`` (for "did you mean")."""
    return sorted({name for m in _models_at(cls, loc) for name in m.model_fields})


def _models_at(cls: type[BaseModel], loc: tuple) -> list[type[BaseModel]]:
    """The model(s) that sit at pydantic's ``loc`` inside ``cls``."""
    current: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        models = _models_in(current)
        if not models:
            return []
        chosen = None
        for model in models:
            if part in model.model_fields:
                chosen = model.model_fields[part].annotation
                break
            if part in (model.__name__, QUIZ_TAGS.get(model)):
                chosen = model
                break
        if chosen is None:
            return []
        current = chosen
    return _models_in(current)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out.extend(_models_in(arg))
    return out


_KEEP_PARSED = False


@dataclasses.dataclass
class _FileRead:
    """What reading one file gave (serve, :meth:`_Reader.kept`): its value, the problems it reported, the ids
    it marked as broken and the entities it could not load."""

    value: Any
    problems: list
    marks: list[tuple[str, str, str]]
    unloaded: list[Unloaded]


_READ: dict[tuple, _FileRead] = {}  # serve: the last reading of the project, by what each file was read from


def keep_parsed(on: bool) -> None:
    """Keep each YAML text's parse for the next reading of the project (``serve``: a save changes one file,
    and the project is read again whole); off: forget them (a build reads each file once, and the parses
    would only hold memory)."""
    global _KEEP_PARSED, _READ  # noqa: PLW0603
    _KEEP_PARSED = on
    if not on:
        _parsed.cache_clear()
        _READ = {}


@functools.lru_cache(maxsize=PARSED_KEPT)
def _parsed(text: str) -> Document:
    """``load_yaml(text, recover=True)``, kept for the same text (nothing reading a Document changes it)."""
    return load_yaml(text, recover=True)
