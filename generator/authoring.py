"""The authoring guide and the JSON Schema, both generated from the schema declarations."""

from __future__ import annotations

import json
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel

from . import schema
from .i18n import labels
from .render import safe_markdown
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
]


def json_schema() -> dict[str, Any]:
    """One JSON Schema document: ``$defs`` holds every kind; each file kind is listed with its glob."""
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "enablekit content",
        "$defs": {},
        "x-enablekit-files": {},
    }
    for kind, cls, path, _ in KIND_FILES:
        sub = cls.model_json_schema(ref_template="#/$defs/{model}")
        out["$defs"].update(sub.pop("$defs", {}))
        if kind in ("objections", "capabilities"):
            sub = {"anyOf": [sub, {"type": "array", "items": sub}]} if kind == "objections" else {"type": "array", "items": sub}
        out["$defs"][f"file:{kind}"] = sub
        out["x-enablekit-files"][path] = f"#/$defs/file:{kind}"
    return out


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, default=str) + "\n"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is typing.Union:
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(names))
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
    return {str: "string", int: "number", bool: "true/false"}.get(annotation, getattr(annotation, "__name__", "value")).replace("date", "date (YYYY-MM-DD)")


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
        rows.append(f"| `{name}` | {_type_name(info.annotation)} | {required} | {desc} |")
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
    ]
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
    return "\n".join(parts) + "\n"
