"""Read a content project from disk into typed models, collecting every problem on the way.

Data flows one way: files → located raw data (:mod:`yamlsafe`) → pydantic models
(:mod:`schema`) → cross-checks (:mod:`validate`) → :class:`~generator.model.Project`.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import schema
from .diagnostics import ContentError, Diagnostics, EnablekitError, Location, did_you_mean
from .model import Project, Source
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
}
MAX_FILES = 50_000


def load_project(root: str | Path, *, today: dt.date | None = None) -> tuple[Project | None, Diagnostics]:
    """Load and validate a project. Returns the project (``None`` when it cannot be built at all)
    and every problem found. Never raises for bad content."""
    from .validate import validate_project

    root = Path(root).resolve()
    diags = Diagnostics()
    if not root.is_dir():
        raise EnablekitError(f"{root}: no such folder")
    company_file = root / "content" / "company.yaml"
    if not company_file.is_file():
        raise EnablekitError(
            f"{root}: not an enablekit project (no content/company.yaml); `enablekit new DIR` creates one"
        )
    reader = _Reader(root, diags)
    company = reader.company()
    project = Project(root=root, company=company or _placeholder_company(), today=today or dt.date.today())
    project.sources[("company", "company")] = reader.last_source
    for i, inline in enumerate(company.capabilities if company else []):
        _add(project, inline, Source(reader.company_source.path, reader.company_source.doc, ("capabilities", i)), diags)
    for kind, (pattern, many) in LAYOUT.items():
        for path in reader.glob(pattern):
            for entity, source in reader.entities(kind, path, many):
                _add(project, entity, source, diags)
    for path in reader.glob("content/whitepapers/*.md"):
        loaded = reader.whitepaper(path, project.languages if company else None)
        if loaded:
            _add(project, *loaded, diags)
    if company is None:
        return None, diags
    validate_project(project, diags)
    return project, diags


def load_or_fail(root: str | Path, *, today: dt.date | None = None, strict: bool = False) -> tuple[Project, Diagnostics]:
    """Load a project, raising :class:`ContentError` with every problem when it has errors."""
    project, diags = load_project(root, today=today)
    if project is None or diags.errors or (strict and diags.warnings):
        raise ContentError(diags)
    return project, diags


def _placeholder_company() -> schema.Company:
    return schema.Company.model_construct(
        id="company", name=Text("?"), languages=["zh"], product=schema.Product.model_construct(name=Text("?"))
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
        self.last_source = self.company_source

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def glob(self, pattern: str) -> list[Path]:
        out = []
        for path in sorted(self.root.glob(pattern)):
            if path.is_symlink() and not _inside(path.resolve(), self.root):
                self.diags.error(Location(self.rel(path)), "link points outside the project; not read")
                continue
            if path.is_file():
                out.append(path)
        self.file_count += len(out)
        if self.file_count > MAX_FILES:
            raise EnablekitError(f"more than {MAX_FILES:,} content files; refusing to read them all")
        return out

    def read(self, path: Path) -> str | None:
        rel = self.rel(path)
        try:
            return check_text(path.read_bytes())
        except YamlError as exc:
            self.diags.error(Location(rel, exc.line, exc.col), exc.message, code="unreadable")
        except OSError as exc:
            self.diags.error(Location(rel), f"cannot read file: {exc.strerror}", code="unreadable")
        return None

    def parse(self, path: Path) -> Document | None:
        text = self.read(path)
        if text is None:
            return None
        rel = self.rel(path)
        try:
            doc = load_yaml(text)
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
        doc = self.parse(path)
        source = Source(self.rel(path), doc)
        self.company_source = self.last_source = source
        if doc is None:
            return None
        if not isinstance(doc.data, dict):
            self.diags.error(source.at(), f"company.yaml must be a mapping of fields, got {_kind(doc.data)}")
            return None
        return self.validate(schema.Company, doc.data, source)

    def entities(self, kind: str, path: Path, many: bool) -> Iterable[tuple[schema.Entity, Source]]:
        doc = self.parse(path)
        rel = self.rel(path)
        if doc is None:
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
            if not isinstance(item, dict):
                self.diags.error(source.at(), f"expected a mapping of fields, got {_kind(item)}")
                continue
            if "id" not in item:
                self.diags.error(source.at(), "missing required field 'id' (a file with several entries needs one per entry)")
                continue
            entity = self.validate(cls, item, source)
            if entity is not None:
                yield entity, source

    def whitepaper(self, path: Path, languages: list[str] | None) -> tuple[schema.Whitepaper, Source] | None:
        """A whitepaper and its translations; ``languages`` is None when company.yaml is unusable."""
        stem, _, lang = path.stem.partition(".")
        rel = self.rel(path)
        if lang:  # a translation; read with its main file
            if not (path.parent / f"{stem}.md").is_file():
                self.diags.error(Location(rel), f"translation without its main file '{stem}.md'")
            elif languages is not None and lang not in languages:
                self.diags.error(
                    Location(rel), f"unknown language '{lang}' in file name{did_you_mean(lang, languages)}"
                )
            return None
        text = self.read(path)
        if text is None:
            return None
        try:
            front, body, _ = split_front_matter(text)
        except YamlError as exc:
            self.diags.error(Location(rel, exc.line, exc.col), exc.message, code="yaml")
            return None
        if front is not None:
            self.yaml_problems(rel, front)
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
        languages = languages or ["zh"]
        default = data.get("language") if isinstance(data.get("language"), str) else languages[0]
        bodies = {default: body}
        for other in sorted(path.parent.glob(f"{stem}.*.md")):
            other_lang = other.stem.partition(".")[2]
            if other_lang in languages:
                translated = self.read(other)
                if translated is not None:
                    fm, translated_body, _ = _safe_split(translated)
                    bodies[other_lang] = translated_body
        source = Source(rel, front, ())
        entity = self.validate(schema.Whitepaper, data, source)
        if entity is None:
            return None
        entity.body = Text(bodies)
        return entity, source

    # ------------------------------------------------------------------ validation
    def validate(self, cls: type[BaseModel], data: dict, source: Source) -> Any:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc, message = explain(cls, data, error)
                key = error["type"] in ("extra_forbidden",)
                self.diags.error(source.at(loc, key=key), message, code="schema")
            return None


def _safe_split(text: str) -> tuple[Any, str, int]:
    try:
        return split_front_matter(text)
    except YamlError:
        return None, text, 1


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


# --------------------------------------------------------------------------- error wording

_QUOTED = re.compile(r"'([^']*)'")


def explain(cls: type[BaseModel], data: Any, error: dict) -> tuple[tuple, str]:
    """Turn one pydantic error into (path inside the document, author-facing message)."""
    loc = _data_path(data, error["loc"], error["type"])
    kind = error["type"]
    value = error.get("input")
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
        return loc, f"{prefix}'{value}' is not one of: {', '.join(options)}{did_you_mean(value, options)}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^#"):
            return loc, f"{prefix}invalid colour '{value}': use #RRGGBB"
        if pattern.startswith(r"^\d{4}"):
            return loc, f"{prefix}invalid month '{value}': use YYYY-MM"
        return loc, f"{prefix}invalid id '{value}': use lowercase letters, digits, '-' and '_'"
    if kind.startswith("date_"):
        return loc, f"{prefix}invalid date '{value}': use YYYY-MM-DD"
    if kind in ("list_type", "tuple_type"):
        return loc, f"{prefix}expected a list, got {_kind(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"{prefix}expected a mapping, got {_kind(value)}"
    if kind == "string_type":
        return loc, f"{prefix}expected text, got {_kind(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"{prefix}expected a whole number, got {value!r}"
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
    models = _models_in(current)
    return sorted({name for m in models for name in m.model_fields})


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out.extend(_models_in(arg))
    return out
