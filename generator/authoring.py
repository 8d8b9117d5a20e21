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


def authoring_page(lang: str) -> str:
    L = labels(lang)
    parts = [
        "---",
        f"title: {json.dumps(L['authoring'], ensure_ascii=False)}",
        "---",
        "",
        f"# {L['authoring']}",
        "",
        "Every field an author can write, generated from the same declarations that validate the content.",
        "Run `enablekit check` before you open a pull request: it lists every problem as",
        "`path:line:col: message`. Point your editor's YAML extension at the output of",
        "`enablekit schema` for completion and inline errors.",
        "",
        "## Conventions",
        "",
        "- **ids**: lowercase letters, digits, `-` and `_`; unique within a kind. A file holding one entity",
        "  may leave `id` out: the file name is the id. References name ids; a generic reference",
        "  (`use`, `send_them`, `read`) may write `kind:id` when two kinds share an id.",
        "- **text**: a plain string (used for every language) or a mapping `{zh: …, en: …}`. A missing",
        "  translation falls back to the default language (the first in `languages`) and `check` reports it.",
        "  Long fields (`body`, `answer`, `messaging`, `solution`…) are Markdown; raw HTML is shown as text.",
        "- **audience**: `internal` (sales team), `partner` (resellers too), `public` (may reach customers).",
        "  Defaults: competitors, objections, playbooks, training, deals and cases are internal; the rest public.",
        "  A section or list item may set its own `audience` to narrow it, never to widen it. A list item of",
        "  plain texts narrows with `{text: …, audience: internal}`. A public build contains nothing narrower.",
        "- **freshness**: `reviewed` plus `review_every` days (default from company.yaml) is the due date;",
        "  past it, the page shows a warning and `check` reports it (`--strict` makes it fail).",
        "- **paths** (e.g. `brand.logo`) are relative to the file that names them and must stay inside the project.",
        "- **images** in Markdown must be image files (png, jpg, gif, webp, avif, svg) inside the project; only the",
        "  images that content visible to an output's audience shows are published with it. SVGs are published",
        "  without scripts, event handlers or references to other files and hosts.",
        "- **links** may go to http(s), mailto, tel or a relative path; anything else (`javascript:`, `data:`,",
        "  `file:`) is dropped. `{: …}` attributes may set `class`, `id`, `title` or an image's `width`/`height`;",
        "  event handlers and `style` are removed.",
        "- **hand-written pages** in `docs/` may set `audience: internal` (or `partner`) in their front matter;",
        "  the default is public. **Deals** are always internal.",
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
