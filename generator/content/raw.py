"""What an entity that could not be loaded still says, read from its raw data the way its model
would read it: the ids it names, the texts it holds and the ids it defines (a playbook's stages,
the company's tiers and plans).

An entity with a wrong date or a syntax error in one field is not built, but the rest of it is
written: its references and languages are checked in the same run as everything else, and what it
defines is known to exist. So fixing one layer of mistakes never uncovers the next.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from . import schema
from .text import Text

Path = tuple[Any, ...]


@dataclass(frozen=True)
class RawRef:
    """An id named at ``path``: an item of ``kind`` (``*``: of any kind), or a mapping's key."""

    path: Path
    kind: str
    value: str
    key: bool = False
    hint: str = ""  # what the field also accepts, said after "unknown …"


@dataclass(frozen=True)
class RawText:
    path: Path
    text: Text


@dataclass(frozen=True)
class RawId:
    """An id this entity defines for others to name."""

    kind: str
    id: str
    path: Path


# models whose ``id`` others name, and the kind a reference calls them
DEFINES: dict[type[BaseModel], str] = {
    schema.Stage: "stages", schema.Tier: "tiers", schema.Plan: "plans", schema.Capability: "capabilities",
    schema.Unit: "units",
}
PROOF_HINT = " (write a metric as a sentence, or name a case id)"


def raw_parts(cls: type[BaseModel], data: Any, path: Path = ()) -> Iterator[RawRef | RawText | RawId]:
    """Every reference, text and defined id in ``data`` read as ``cls``, with its path in the file.
    Parts whose shape does not fit the model are left out: their own error says why."""
    if cls is schema.TextItem and not (isinstance(data, dict) and "text" in data):
        yield from _value(Text, data, path)
        return
    if cls is schema.Quote and not (isinstance(data, dict) and ("text" in data or "by" in data)):
        yield from _value(Text, data, path)
        return
    if cls is schema.Tiers and isinstance(data, list):
        yield from _value(list[schema.Tier], data, path)
        return
    if not isinstance(data, dict):
        return
    if cls in DEFINES and isinstance(data.get("id"), str):
        yield RawId(DEFINES[cls], data["id"], path + ("id",))
    fields = {(info.alias or name): (name, info.annotation) for name, info in cls.model_fields.items()}
    refs: dict[str, Any] = getattr(cls, "refs", {})
    ref_keys: dict[str, str] = getattr(cls, "ref_keys", {})
    for key, value in data.items():
        if key not in fields:
            continue
        name, annotation = fields[key]
        where = path + (key,)
        if name in refs:
            values = [(value, where)] if isinstance(value, str) else \
                [(v, where + (i,)) for i, v in enumerate(value)] if isinstance(value, list) else []
            for ident, at in values:
                if isinstance(ident, str):
                    yield RawRef(at, refs[name], ident)
            continue
        if name in ref_keys and isinstance(value, dict):
            for ident in value:
                yield RawRef(where + (ident,), ref_keys[name], str(ident), key=True)
        if cls is schema.ValueItem and name == "proof" and isinstance(value, list):
            for i, proof in enumerate(value):
                ident = schema.proof_case_id(Text(proof)) if isinstance(proof, str) else None
                if ident is not None:
                    yield RawRef(where + (i,), "cases", ident, hint=PROOF_HINT)
        yield from _value(annotation, value, where)


def defined_at(cls: type[BaseModel], path: Path) -> str | None:
    """The kind of item whose id is defined at ``path`` inside ``cls`` (a playbook's ``("stages", 2)``
    is a stage), or None when nothing there is named by others."""
    current: Any = cls
    for part in path:
        model = _model_of(current)
        if isinstance(part, int) and model is schema.Tiers:  # written as the plain list of tiers
            current = schema.Tier
        elif isinstance(part, int):
            origin, args = typing.get_origin(_bare(current)), typing.get_args(_bare(current))
            if origin is not list:
                return None
            current = args[0]
        elif model is not None and part in model.model_fields:
            current = model.model_fields[part].annotation
        else:
            return None
    model = _model_of(_bare(current))
    return DEFINES.get(model) if model is not None else None


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``Annotated`` and ``| None``."""
    while True:
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType) and len([a for a in args if a is not type(None)]) == 1:
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation


def _value(annotation: Any, value: Any, path: Path) -> Iterator[RawRef | RawText | RawId]:
    if value is None:
        return
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from _value(args[0], value, path)
    elif origin in (typing.Union, types.UnionType):
        yield from _value(_member(args, value), value, path)
    elif origin is list and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _value(args[0], item, path + (i,))
    elif origin is dict and isinstance(value, dict):
        for key, item in value.items():
            yield from _value(args[1], item, path + (key,))
    elif annotation is Text:
        text = _text(value)
        if text is not None:
            yield RawText(path, text)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from raw_parts(annotation, value, path)


def _member(options: tuple, value: Any) -> Any:
    """The member of a union that ``value`` is written as (a quiz rule or a question, a text…)."""
    options = tuple(o for o in options if o is not type(None))
    models = [(o, _model_of(o)) for o in options]
    if isinstance(value, dict):
        fitting = [o for o, m in models if m is not None and set(value) <= {f.alias or n for n, f in m.model_fields.items()}]
        if fitting:
            return fitting[0]
    if Text in options:
        return Text
    return options[0] if options else None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _bare(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _text(value: Any) -> Text | None:
    """A text as :class:`Text` reads it, or None when it is not one (its own error says why)."""
    if isinstance(value, str):
        return Text(value)
    if isinstance(value, dict) and value and all(
            isinstance(k, str) and isinstance(v, (str, int, float)) and not isinstance(v, bool) for k, v in value.items()):
        return Text({k: str(v) for k, v in value.items()})
    return None
