"""Audience views: the project as one audience may see it.

Builders never see the full project; they get ``view(project, audience)``, where
everything the audience may not see is already gone: whole entities, sections and
list items marked narrower, and references that point at removed content. So a
template cannot leak internal material by forgetting a check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from ..content import schema
from ..content.model import CONTENT_KINDS, Project
from ..content.schema import Audience, Section
from ..content.text import Text
from ..content.validate import walk
from ..markup.markdown import markdown_images
from ..markup.sanitize import asset_path


class ViewMemo:
    """What the last view of a project made of each entity (``serve``: a save reads the project again, the
    entities of the files that did not change as the same objects): an entity the last view saw is given as
    that view made it, when what making it reads of the view is the same (which ids there are, which the
    audience may not see). Stripping, pruning and listing the pictures of thousands of entities on every save
    cost a fifth of a second."""

    def __init__(self) -> None:
        self.root: Any = None  # the project's folder: one memo serves one project
        self.setting: tuple | None = None
        self.entities: dict[int, tuple[Any, Any]] = {}  # id(entity) → (entity, as the view has it)
        self.assets: dict[int, tuple[Any, str, frozenset]] = {}  # id(view's entity) → (it, its file, its pictures)


def view(project: Project, audience: Audience | str, memo: ViewMemo | None = None) -> Project:
    """What ``audience`` may see of ``project``. ``memo`` (serve): what the last view made, reused where it
    would be made the same (see :class:`ViewMemo`)."""
    audience = Audience(audience)
    kinds = CONTENT_KINDS + ("deals", "answers", "calendar")
    filtered: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        filtered[kind] = {
            ident: entity
            for ident, entity in project.kind(kind).items()
            if audience.can_see(entity.effective_audience)
        }
    company = _strip(project.company, audience)
    out = dataclasses.replace(project, company=company, audience=audience, **filtered)
    hidden = {ident for kind in kinds for ident in project.kind(kind) if ident not in out.kind(kind)}
    kept: dict[int, tuple[Any, Any]] = {}
    if memo is not None:
        if memo.root != project.root:
            memo.root, memo.setting, memo.assets = project.root, None, {}
        setting = (audience, frozenset(hidden),
                   tuple(frozenset(out.kind(kind)) for kind in kinds + ("stages", "tiers", "plans")))
        kept = memo.entities if memo.setting == setting else {}
        memo.setting, memo.entities = setting, {}
    # a second pass drops references to what the first pass removed
    for kind in kinds:
        table = out.kind(kind)
        for ident, entity in list(table.items()):
            found = kept.get(id(entity))
            if found is not None and found[0] is entity:
                made = found[1]
            else:
                made = _unowned(_prune_refs(_strip(entity, audience), out, hidden), audience)
            if memo is not None:
                memo.entities[id(entity)] = (entity, made)
            table[ident] = made
    out.company = _unowned(_prune_refs(out.company, out, hidden), audience)
    out.assets = referenced_assets(out, memo) & project.assets
    return out


def referenced_assets(project: Project, memo: ViewMemo | None = None) -> set:
    """Image files that the (already filtered) content of ``project`` shows: only these may leave
    the project in an artifact made from it. ``memo``: an entity's pictures as the last view found them."""
    found = set()
    kept, now = (memo.assets, {}) if memo is not None else ({}, None)
    for entity in project.entities():
        path = project.source(entity).path
        last = kept.get(id(entity))
        if last is not None and last[0] is entity and last[1] == path:
            pictures = last[2]
        else:
            pictures = frozenset(_pictures(project.root / path, entity))
        if now is not None:
            now[id(entity)] = (entity, path, pictures)
        found.update(pictures)
    if memo is not None:
        memo.assets = now
    return found


def _pictures(file: Any, entity: Any) -> Iterable:  # noqa: ANN401
    """The image files the texts of ``entity``, written in ``file``, show."""
    base = file.parent
    for node, _ in walk(entity):
        if isinstance(node, Text):
            for value in node.values.values():
                if "![" in value or "src" in value:
                    yield from ((base / asset_path(url)).resolve() for url in markdown_images(value)[0])


def _strip(node: Any, audience: Audience) -> Any:
    """A copy of ``node`` without the sections and items ``audience`` may not see."""
    if isinstance(node, BaseModel):
        updates: dict[str, Any] = {}
        hidden = type(node).internal_fields if audience is not Audience.internal else frozenset()
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in hidden and value is not None:
                updates[name] = None
            elif isinstance(value, Section) and not _visible(value, audience):
                updates[name] = None
            elif isinstance(value, (BaseModel, list, dict)):
                new = _strip(value, audience)
                if new is not value:
                    updates[name] = new
        return node.model_copy(update=updates) if updates else node
    if isinstance(node, list):
        kept = [_strip(item, audience) for item in node if _visible(item, audience)]
        return kept if len(kept) != len(node) or any(a is not b for a, b in zip(kept, node, strict=True)) else node
    if isinstance(node, dict):
        kept = {k: _strip(v, audience) for k, v in node.items() if _visible(v, audience)}
        return kept if kept.keys() != node.keys() or any(kept[k] is not node[k] for k in kept) else node
    return node


def _visible(node: Any, audience: Audience) -> bool:
    return not (isinstance(node, Section) and node.audience is not None and not audience.can_see(node.audience))


def _unowned(entity: Any, audience: Audience) -> Any:
    """Owners (names, e-mail addresses) are for the sales team only."""
    if audience is Audience.internal or getattr(entity, "owner", None) is None:
        return entity
    return entity.model_copy(update={"owner": None})


def _names_hidden(text: Any, hidden: set[str]) -> bool:
    """True when a text is just the id of something the audience may not see (a KPI source, a proof)."""
    return isinstance(text, Text) and any(v.strip() in hidden for v in text.values.values())


def _prune_refs(node: Any, project: Project, hidden: set[str]) -> Any:
    if isinstance(node, BaseModel):
        updates: dict[str, Any] = {}
        cls = type(node)
        for name in cls.model_fields:
            value = getattr(node, name)
            if name in cls.refs and value is not None:
                kind = cls.refs[name]
                if isinstance(value, str):
                    if not _exists(project, kind, value):
                        updates[name] = None
                else:
                    kept = [v for v in value if _exists(project, kind, v)]
                    if len(kept) != len(value):
                        updates[name] = kept
            elif name in cls.ref_keys and value:
                kept_map = {k: v for k, v in value.items() if _exists(project, cls.ref_keys[name], k)}
                if len(kept_map) != len(value):
                    updates[name] = kept_map
            elif isinstance(value, (BaseModel, list, dict)):
                new = _prune_refs(value, project, hidden)
                if new is not value:
                    updates[name] = new
        if isinstance(node, schema.ValueItem):
            kept_proof = [p for p in node.proof if not _is_hidden_case(project, p) and not _names_hidden(p, hidden)]
            if len(kept_proof) != len(node.proof):
                updates["proof"] = kept_proof
        if isinstance(node, schema.Kpi) and _names_hidden(node.source, hidden):
            updates["source"] = None
        return node.model_copy(update=updates) if updates else node
    if isinstance(node, list):
        new_list = [_prune_refs(item, project, hidden) for item in node]
        return new_list if any(a is not b for a, b in zip(new_list, node, strict=True)) else node
    if isinstance(node, dict):
        new_map = {k: _prune_refs(v, project, hidden) for k, v in node.items()}
        return new_map if any(new_map[k] is not node[k] for k in node) else node
    return node


def _exists(project: Project, kind: str, ref: str) -> bool:
    if kind == "*":
        return project.find(ref) is not None
    return ref in project.kind(kind)


def _is_hidden_case(project: Project, proof: Any) -> bool:
    """A value's proof naming a case the audience may not see (a metric sentence always stays)."""
    ref = schema.proof_case_id(proof)
    return ref is not None and ref not in project.cases
