"""The authoring guide and the JSON Schema, both generated from the schema declarations."""

from __future__ import annotations

import copy
import json
import re
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ..language.i18n import labels
from ..markup.markdown import safe_markdown
from . import schema
from .diagnostics import EnablekitError
from .files import write_text_atomic
from .model import PLURAL, SINGULAR, a
from .reader import LAYOUT, MAX_REVIEW_DAYS
from .text import Text

KIND_FILES: list[tuple[str, type[BaseModel], str, str]] = [
    ("company", schema.Company, "content/company.yaml", "One mapping: the company, its brand, languages and product."),
    ("capabilities", schema.Capability, "content/capabilities.yaml",
     "A list of capabilities (they may also sit under `capabilities:` in company.yaml)."),
    ("personas", schema.Persona, "content/personas/<id>.yaml", "One buyer role per file."),
    ("industries", schema.Industry, "content/industries/<id>.yaml", "One industry solution per file."),
    ("competitors", schema.Competitor, "content/competitors/<id>.yaml", "One battlecard per file (internal by default)."),
    ("objections", schema.Objection, "content/objections/<file>.yaml",
     "One objection, or a list of them, per file (internal by default)."),
    ("cases", schema.Case, "content/cases/<id>.yaml",
     "One customer case per file; internal unless `audience: public` (set it only when the customer agreed)."),
    ("whitepapers", schema.Whitepaper, "content/whitepapers/<id>.md",
     "YAML front matter, then the Markdown body. `<id>.<lang>.md` holds the body translated into <lang>."),
    ("playbooks", schema.Playbook, "playbooks/<id>.yaml", "A stage playbook (internal by default)."),
    ("training", schema.TrainingPath, "playbooks/training/<id>.yaml", "An onboarding path (internal by default)."),
    ("deals", schema.Deal, "deals/<id>.yaml", "One live opportunity (internal)."),
    ("answers", schema.Answer, "content/answers/<file>.yaml",
     "One answer, or a list of them, per file: the library `enablekit answer FILE` fills RFPs, tenders and"
     " security questionnaires (.xlsx, .docx, .csv) from. Public by default: answers are written to be sent;"
     " internal answers are never written into a file. Add the phrasings customers use as `variants`. Without"
     " `compliance`, it follows the `capabilities`: all GA → yes, beta → partial, roadmap → never yes."),
    ("calendar", schema.CalendarItem, "content/calendar.yaml",
     "Marketing's content calendar: a list of planned pieces and events (internal by default)."),
]


# --------------------------------------------------------------------------- JSON Schema, for editors

SCHEMA_FILE = ".enablekit.schema.json"  # where `enablekit schema --vscode` writes it, in the project
_META_KEYS = ("title", "description")


def file_kinds() -> list[tuple[str, str, bool, type[BaseModel], str]]:
    """Every kind of content file: (kind, glob relative to the project root, may the file hold a
    list?, model, what the file holds). The globs are the loader's own."""
    described = {kind: (cls, what) for kind, cls, _, what in KIND_FILES}
    layout = {"company": ("content/company.yaml", False), **LAYOUT, "whitepapers": ("content/whitepapers/*.md", False)}
    out = []
    for kind, (pattern, many) in layout.items():
        cls, what = described.get(kind) or (schema.ENTITY_KINDS[kind], "")
        out.append((kind, pattern, many, cls, what))
    return out


def _file_def(kind: str) -> str:
    return "file:whitepaper-front-matter" if kind == "whitepapers" else f"file:{kind}"


def json_schema() -> dict[str, Any]:
    """One JSON Schema document (Draft 2020-12, using only keywords that mean the same in draft 7,
    which editors' YAML support implements). ``$defs/file:<kind>`` describes a whole file of that
    kind as an editor reads it (YAML 1.2: ``yes`` is text, an unquoted date a ``YYYY-MM-DD`` string);
    ``x-enablekit-files`` maps each file glob to its definition."""
    kinds = file_kinds()
    models = list(dict.fromkeys(cls for *_, cls, _ in kinds))
    refs, generated = models_json_schema([(cls, "validation") for cls in models], ref_template="#/$defs/{model}")
    defs: dict[str, Any] = generated["$defs"]
    for definition in defs.values():  # the loader's limit, beyond what the model declares
        review_every = definition.get("properties", {}).get("review_every", {})
        for option in review_every.get("anyOf", [review_every]):
            if option.get("type") == "integer":
                option["maximum"] = MAX_REVIEW_DAYS
    files: dict[str, str] = {}
    file_defs: dict[str, Any] = {}
    for kind, pattern, many, cls, what in kinds:
        ref = refs[(cls, "validation")]["$ref"]
        one = _one_per_file(defs[ref.rsplit("/", 1)[1]])
        if kind == "whitepapers":  # the body is the Markdown after the front matter
            one["properties"].pop("body", None)
        if kind == "deals":
            one["properties"]["audience"] = {
                "anyOf": [{"const": "internal"}, {"type": "null"}],
                "default": None,
                "description": "A deal is always internal (it names the customer's people).",
            }
        if many:  # one entity (its id optional) or a list of them (each with its id)
            listed = {"type": "array", "items": {"$ref": ref}}
            options = [listed, one] if kind == "capabilities" else [one, listed]
            body: dict[str, Any] = {"anyOf": [{k: v for k, v in o.items() if k not in _META_KEYS} for o in options]}
        else:
            body = {k: v for k, v in one.items() if k not in _META_KEYS}
        where = f"`{pattern}`" + (" (the front matter; `<id>.<lang>.md` translations need none)" if kind == "whitepapers" else "")
        file_defs[_file_def(kind)] = {
            "title": f"{kind}: {pattern}",
            "description": " ".join(part for part in (what, f"File: {where}.") if part),
            **body,
        }
        files[pattern] = f"#/$defs/{_file_def(kind)}"
    file_defs["file:whitepapers"] = {"$ref": "#/$defs/file:whitepaper-front-matter"}  # its earlier name
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "enablekit content",
        "description": "Use one definition per file: x-enablekit-files maps each file glob to it,"
        " e.g. .enablekit.schema.json#/$defs/file:personas for content/personas/*.yaml.",
        "x-enablekit-files": files,
        "$defs": {**file_defs, **defs},
    }


def _one_per_file(entity: dict[str, Any]) -> dict[str, Any]:
    """An entity's schema for a file that holds only it: ``id`` may be left out (the file name is the id)."""
    one = copy.deepcopy(entity)
    required = [name for name in one.get("required", []) if name != "id"]
    if required:
        one["required"] = required
    else:
        one.pop("required", None)
    if "id" in one.get("properties", {}):
        one["properties"]["id"]["description"] = "Optional here: the file name (without extension) is the id."
    return one


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, default=str) + "\n"


def vscode_associations(document: dict[str, Any] | None = None) -> dict[str, str | list[str]]:
    """``yaml.schemas`` entries of VS Code's YAML extension (redhat.vscode-yaml): schema reference
    (relative to the project folder) → glob(s), for every YAML file kind. Whitepapers are left out:
    the extension does not read the front matter of Markdown files (``enablekit check`` does)."""
    document = document or json_schema()
    out: dict[str, list[str]] = {}
    for pattern, ref in document["x-enablekit-files"].items():
        if pattern.endswith((".yaml", ".yml")):
            out.setdefault(SCHEMA_FILE + ref, []).append(pattern)
    return {ref: patterns[0] if len(patterns) == 1 else patterns for ref, patterns in out.items()}


def _ours(reference: Any) -> bool:
    """Whether a ``yaml.schemas`` key points into the project's own schema file (a stale entry to replace)."""
    return isinstance(reference, str) and reference.split("#", 1)[0].removeprefix("./") == SCHEMA_FILE


def install_vscode_schema(project: str | Path) -> list[tuple[str, Path]]:
    """Write ``PROJECT/.enablekit.schema.json`` and associate it with every content file in
    ``PROJECT/.vscode/settings.json``, keeping every other setting and association there. Returns
    (what was done, path) pairs. Nothing is written when the settings cannot be merged."""
    project = Path(project)
    if not (project / "content" / "company.yaml").is_file():
        raise EnablekitError(f"{project}: not an enablekit project (no content/company.yaml)")
    document = json_schema()
    entries = vscode_associations(document)
    settings_path = project / ".vscode" / "settings.json"
    settings, indent, existed = _read_settings(settings_path, entries)
    current = settings.get("yaml.schemas", {})
    if not isinstance(current, dict):
        raise EnablekitError(_merge_by_hand(settings_path, entries, '"yaml.schemas" is not a mapping'))
    merged = {ref: globs for ref, globs in current.items() if not _ours(ref)}
    merged.update(entries)
    done = []
    schema_path = project / SCHEMA_FILE
    write_text_atomic(schema_path, json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
    done.append(("wrote", schema_path))
    if existed and merged == current:
        done.append(("unchanged", settings_path))
    else:
        settings["yaml.schemas"] = merged
        settings_path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(settings_path, json.dumps(settings, ensure_ascii=False, indent=indent) + "\n")
        done.append(("updated" if existed else "created", settings_path))
    return done


def _read_settings(path: Path, entries: dict[str, Any]) -> tuple[dict[str, Any], str | int, bool]:
    """VS Code settings as a mapping, the indentation they use, and whether the file exists. Refuses
    (rather than loses) comments, trailing commas or anything else that is not a plain JSON object."""
    if not path.exists():
        return {}, 2, False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EnablekitError(f"{path}: cannot read it ({exc})") from None
    if not text.strip():
        return {}, 2, True
    try:
        settings = json.loads(text)
    except json.JSONDecodeError:
        raise EnablekitError(_merge_by_hand(path, entries, "it is not plain JSON (comments?), which enablekit"
                                            " will not rewrite")) from None
    if not isinstance(settings, dict):
        raise EnablekitError(_merge_by_hand(path, entries, "it is not a JSON object"))
    match = re.search(r"^([ \t]+)\S", text, re.MULTILINE)
    indent: str | int = match.group(1) if match else 2
    return settings, indent, True


def _merge_by_hand(path: Path, entries: dict[str, Any], why: str) -> str:
    snippet = json.dumps({"yaml.schemas": entries}, ensure_ascii=False)
    return f"{path}: {why}; nothing written. Add these entries to its \"yaml.schemas\" yourself: {snippet}"


NOT_TRANSLATED = "string, not translated"


def _field_type(cls: type[BaseModel], name: str, annotation: Any) -> str:
    """What a field takes, as the guide says it: an id of a kind for a reference, text (which may be
    translated) or a string that is the same in every language."""
    kind = getattr(cls, "refs", {}).get(name)
    if kind is not None:
        many = typing.get_origin(_without_none(annotation)) is list
        what = "any content (`kind:id` when two kinds share the id)" if kind == "*" else \
            (PLURAL.get(kind, kind) if many else a(SINGULAR.get(kind, kind)))
        return f"list of ids of {what}" if many else f"id of {what}"
    kind = getattr(cls, "ref_keys", {}).get(name)
    if kind is not None:
        return f"mapping of {SINGULAR.get(kind, kind)} id → {_type_name(typing.get_args(_without_none(annotation))[1])}"
    if name == "id":
        return "id"
    return _type_name(annotation)


def _without_none(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1 else annotation


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(names))
    if origin is list and args[0] is str:
        return "list of strings, not translated"
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping of id → {_type_name(args[1])}"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if annotation is Text:
        return "text"
    if annotation is schema.TextItem:
        return "text"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " \\| ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: NOT_TRANSLATED, int: "whole number", float: "number", bool: "true/false"}.get(
        annotation, getattr(annotation, "__name__", "value")).replace("date", "date (YYYY-MM-DD)")


def _nested(annotation: Any, seen: set[type]) -> list[type[BaseModel]]:
    out = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in (schema.TextItem,):
        if annotation not in seen:
            seen.add(annotation)
            out.append(annotation)
    for arg in typing.get_args(annotation):
        out.extend(_nested(arg, seen))
    return out


def _fields_table(cls: type[BaseModel]) -> str:
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for name, info in cls.model_fields.items():
        required = "yes" if info.is_required() else ""
        desc = safe_markdown(info.description or "").replace("|", "\\|")
        rows.append(f"| `{info.alias or name}` | {_field_type(cls, name, info.annotation)} | {required} | {desc} |")
    return "\n".join(rows)


def authoring_page(lang: str, root=None) -> str:  # noqa: ANN001 - the project root, for its own labels
    """The authoring guide in ``lang``: its prose from the label catalogs, the field tables from the schema."""
    L = labels(lang, root)
    parts = [
        "---",
        f"title: {json.dumps(L['authoring'], ensure_ascii=False)}",
        "---",
        "",
        f"# {L['authoring']}",
        "",
        L["authoring_intro"].strip(),
        "",
        f"## {L['authoring_conventions_title']}",
        "",
        L["authoring_conventions"].strip(),
        "",
        f"## {L['authoring_upkeep_title']}",
        "",
        L["authoring_upkeep"].strip(),
        "",
    ]
    # The field reference comes from the schema, in English: marked so, read aloud as English, and
    # left out of another language's search (its excerpts would show English field labels)
    english = lang.split("-")[0] == "en"
    if not english:
        parts += ['<div lang="en" markdown="1">', ""]
    seen: set[type] = set()
    for kind, cls, path, what in KIND_FILES:
        parts += [f"## {kind}: `{path}`", "", safe_markdown(what), "", _fields_table(cls), ""]
        nested: list[type[BaseModel]] = []
        for info in cls.model_fields.values():
            nested.extend(_nested(info.annotation, seen))
        queue = list(nested)
        while queue:
            sub = queue.pop(0)
            parts += [f"### {sub.__name__}", "", _fields_table(sub), ""]
            for info in sub.model_fields.values():
                queue.extend(_nested(info.annotation, seen))
    if not english:
        parts += ["</div>", ""]
    return "\n".join(parts) + "\n"
