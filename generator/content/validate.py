"""Checks that need the whole project: references, audiences, languages, paths, freshness."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..language.fonts import check_fonts
from ..language.i18n import CATALOGS, FALLBACK, _suggest, language_name, language_problem, missing_keys
from ..markup.markdown import images_without_alt, markdown_images
from ..markup.sanitize import ASSET_TYPES, asset_path, is_asset_type
from . import schema
from .diagnostics import Diagnostics, Location, closest, did_you_mean
from .docs import docs_dir, read_docs
from .model import CONTENT_KINDS, PLURAL, SINGULAR, Project, Source, Unloaded, a
from .raw import PROOF_HINT, RawRef, RawText, raw_parts
from .schema import Audience, Entity, Section
from .text import DEFAULT, Text
from .yamlsafe import YamlError, check_text, load_yaml


def walk(node: Any, path: tuple = ()) -> Iterator[tuple[Any, tuple]]:
    """Every model and Text inside ``node`` with its path (field names, list indexes, mapping keys), the
    node itself first, depth first (listed before they are given: nested generators cost a project of
    thousands of entities a tenth of a second on every read)."""
    out: list[tuple[Any, tuple]] = []
    _walk(node, path, out)
    return iter(out)


def _walk(node: Any, path: tuple, out: list[tuple[Any, tuple]]) -> None:  # noqa: ANN401
    out.append((node, path))
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if value is not None:
                _walk(value, path + (name,), out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _walk(item, path + (i,), out)
    elif isinstance(node, dict):
        for key, item in node.items():
            _walk(item, path + (key,), out)


def validate_project(project: Project, diags: Diagnostics) -> None:
    """Every project-wide check, also of what the entities that could not be loaded still say (their
    references and texts), so that one run reports every layer of mistakes."""
    if project.languages_known:
        _check_languages(project, diags)
    checked = _Checked(project)
    for entity in project.entities():
        if entity is project.company and "company" in project.broken:
            continue  # a stand-in: what company.yaml says is checked as unloaded
        checked.check(entity, diags)
    checked.keep()
    for item in project.unloaded:
        _check_unloaded(project, item, diags)
    read_docs(docs_dir(project.root), project.root, diags)
    if project.languages_known:
        check_fonts(project, diags)  # a language no installed font covers: PDFs and decks would show boxes


# ``serve`` (keep_checked): each entity's problems as the last check of the project found them. A save changes
# one file and the project is read again, the entities of the other files as the same objects (the reader
# keeps them): one of those, checked in the same project-wide setting (see _setting), has the same problems.
_KEEP_CHECKED = False
_CHECKED: dict[int, tuple[Entity, Source, list]] = {}
_SETTING: tuple | None = None
# kinds whose checks read other entities' contents (a quiz rule matches objections, an answer reads its
# capabilities' status), not only which ids exist: checked every time
_READS_OTHERS = ("training", "answers")


def keep_checked(on: bool) -> None:
    """Keep each entity's problems for the next check of the project (``serve``); off: forget them."""
    global _KEEP_CHECKED, _CHECKED, _SETTING  # noqa: PLW0603
    _KEEP_CHECKED = on
    _CHECKED, _SETTING = {}, None


def _setting(project: Project) -> tuple:
    """What an entity's checks read of the project besides the entity itself (which ids of each kind exist,
    which items failed to load, the company, its languages, the date, where the project is); the company is
    compared as a value, the rest as it is."""
    kinds = CONTENT_KINDS + ("deals", "answers", "calendar", "stages", "tiers", "plans")
    return (project.root, project.today, project.languages_known, project.text_languages,
            project.answer_text_languages, project.company.languages,
            tuple(frozenset(project.kind(kind)) for kind in kinds),
            tuple((kind, tuple(sorted(ids.items()))) for kind, ids in sorted(project.broken.items())))


def _same_source(a: Source, b: Source) -> bool:
    return a.path == b.path and a.doc is b.doc and a.base == b.base


class _Checked:
    """The entity checks of one check of the project; under ``serve``, an entity checked the last time in the
    same setting gives its problems again, in the same order, without being checked again."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.now: dict[int, tuple[Entity, Source, list]] = {}
        self.kept: dict[int, tuple[Entity, Source, list]] = {}
        if _KEEP_CHECKED:
            self.setting = (_setting(project), project.company)
            last = _SETTING
            if last is not None and last[0] == self.setting[0] and \
                    (last[1] is project.company or last[1] == project.company):
                self.kept = _CHECKED

    def check(self, entity: Entity, diags: Diagnostics) -> None:
        if not _KEEP_CHECKED:
            _check_entity(self.project, entity, diags)
            return
        source = self.project.source(entity)
        found = self.kept.get(id(entity))
        if found is not None and found[0] is entity and _same_source(found[1], source):
            diags.extend(found[2])
            self.now[id(entity)] = found
            return
        start = len(diags.items)
        own = _check_entity(self.project, entity, diags)
        if own and entity.kind not in _READS_OTHERS and entity is not self.project.company:
            self.now[id(entity)] = (entity, source, diags.items[start:])

    def keep(self) -> None:
        global _CHECKED, _SETTING  # noqa: PLW0603
        if _KEEP_CHECKED:
            _CHECKED, _SETTING = self.now, self.setting


def _check_unloaded(project: Project, item: Unloaded, diags: Diagnostics) -> None:
    """The references and texts of an entity that could not be loaded, but for the parts with an
    error of their own."""
    for part in raw_parts(item.model, item.data):
        if part.path in item.errors:
            continue
        if isinstance(part, RawRef):
            message = _ref_problem(project, part.kind, part.value, item.source.path, hint=part.hint)
            if message:
                diags.error(item.source.at(part.path, key=part.key), message, code="reference")
        elif isinstance(part, RawText):
            _check_text(project, item.source, part.text, part.path, diags,
                        answer_entry=_answer_text(item.model, part.path))


def _check_languages(project: Project, diags: Diagnostics) -> None:
    company = project.company
    seen: set[str] = set()
    for i, lang in enumerate(company.languages):
        where = project.where(company, ("languages", i))
        problem = language_problem(lang)
        if problem:
            diags.error(where, problem, code="language")
        elif lang in seen:
            diags.error(where, f"language '{lang}' is listed twice")
        else:
            missing = missing_keys(lang, project.root)
            if missing:
                shown = ", ".join(missing[:8]) + (", …" if len(missing) > 8 else "")
                own = project.root / "templates" / "labels" / f"{lang}.yaml"
                if own.is_file():  # the project's own catalog, partly translated
                    message = (f"templates/labels/{lang}.yaml: {len(missing)} interface words are still in English"
                               f" ({shown}); write them there (`enablekit labels {lang} --missing` lists them)")
                else:
                    message = (f"enablekit has no interface words in {language_name(lang)} ({lang}): its {len(missing)}"
                               f" words would be in English; write them out with `enablekit labels {lang} --out"
                               f" templates/labels/{lang}.yaml` and translate them there")
                diags.warning(where, message, code="labels")
        seen.add(lang)
    for i, lang in enumerate(company.answer_languages):
        where = project.where(company, ("answer_languages", i))
        problem = language_problem(lang)
        if problem:
            diags.error(where, f"answer_languages: {problem}", code="language")
        elif lang in company.languages:
            # harmless (a language promoted to the site), but the line says nothing any more
            diags.warning(where, f"answer_languages: '{lang}' is also in languages, which covers it; remove it here",
                          code="language")
        elif lang in seen:
            diags.error(where, f"answer language '{lang}' is listed twice", code="language")
        seen.add(lang)
    _check_label_files(project, diags)


def _check_label_files(project: Project, diags: Diagnostics) -> None:
    """A project's templates/labels/<lang>.yaml: YAML mapping of known keys to text."""
    folder = project.root / "templates" / "labels"
    if not folder.is_dir():
        return
    known = list(yaml_keys(CATALOGS / f"{FALLBACK}.yaml"))
    for file in sorted(folder.glob("*.yaml")):
        rel = file.relative_to(project.root).as_posix()
        lang = file.stem
        if lang not in project.languages and lang not in {x.split("-")[0] for x in project.languages}:
            diags.warning(Location(rel, 1, 1), f"labels for '{lang}', which is not a project language"
                          f"{did_you_mean(lang, project.languages)}", code="labels")
        try:
            doc = load_yaml(check_text(file.read_bytes()))
        except (YamlError, OSError) as exc:
            line, col = (getattr(exc, "line", 1), getattr(exc, "col", 1))
            diags.error(Location(rel, line, col), getattr(exc, "message", str(exc)), code="labels")
            continue
        if not isinstance(doc.data, dict):
            diags.error(Location(rel, 1, 1), "a label file is a mapping of key: text", code="labels")
            continue
        for key, value in doc.data.items():
            line, col = doc.mark((key,), key=True)
            if key not in known:
                diags.warning(Location(rel, line, col), f"unknown label '{key}'{did_you_mean(str(key), known)}",
                              code="labels")
            elif not isinstance(value, str):
                line, col = doc.mark((key,))
                diags.error(Location(rel, line, col), f"{key}: expected text", code="labels")


def yaml_keys(path: Path) -> list[str]:
    import yaml

    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506 - keys as text
    return list(data) if isinstance(data, dict) else []


def _language_hint(lang: str, languages: list[str]) -> str:
    """'; did you mean …?' for a language key: the code it usually is (jp → ja), else the closest."""
    suggestion = _suggest(lang)
    if suggestion and suggestion != lang and suggestion in languages:
        return f"; did you mean '{suggestion}'?"
    return did_you_mean(lang, languages)


def _check_entity(project: Project, entity: Entity, diags: Diagnostics) -> bool:
    """Report the problems of ``entity``. True when they depend only on the entity and the project's setting
    (:func:`_setting`): no file was looked at (an image it shows)."""
    languages = project.text_languages or []  # None: company.yaml does not say; its own error says why
    source = project.source(entity)
    nodes = list(walk(entity))
    own = True
    for node, path in nodes:
        if isinstance(node, Text):
            if _check_text(project, source, node, path, diags, answer_entry=_answer_text(type(entity), path)):
                own = False  # it shows an image: its file was looked at
        elif isinstance(node, schema.Model):
            _check_refs(project, source, node, path, diags)
    _check_audiences(project, entity, diags)
    _check_freshness(project, entity, diags)
    _check_numbers(project, entity, diags, nodes)
    if isinstance(entity, schema.Company):
        _check_company(project, entity, diags)
    elif isinstance(entity, schema.Capability) and entity.status != "ga" and not entity.available_from:
        diags.warning(
            project.where(entity, ("status",)),
            f"{entity.status} capability '{entity.id}' has no 'available_from': say when it is expected",
            code="no-date",
        )
    elif isinstance(entity, schema.Whitepaper) and entity.language and languages and entity.language not in languages:
        diags.error(
            project.where(entity, ("language",)),
            f"unknown language '{entity.language}'{did_you_mean(entity.language, languages)}"
            f" (languages: {', '.join(project.languages)})",
        )
    elif isinstance(entity, schema.TrainingPath):
        _check_training(project, entity, diags)
    elif isinstance(entity, schema.Answer):
        _check_answer(project, entity, diags)
    elif isinstance(entity, schema.Deal):
        if entity.audience not in (None, Audience.internal):
            diags.error(
                project.where(entity, ("audience",)),
                f"audience: a deal is always internal ('{entity.audience.value}' would publish stakeholder names"
                " and notes); remove the line — the proposal is the customer's document",
                code="audience",
            )
        lang = entity.proposal.language
        if lang and languages and lang not in languages:
            diags.error(
                project.where(entity, ("proposal", "language")),
                f"unknown language '{lang}'{_language_hint(lang, languages)} (languages: {', '.join(project.languages)})",
            )
        _check_proposal_pricing(project, entity, diags)
    return own


def _check_numbers(
    project: Project, entity: Entity, diags: Diagnostics, nodes: list[tuple[Any, tuple]] | None = None
) -> None:
    """Results and KPIs: charts plot only the numbers given as ``before``/``after``, never the
    display text, so a value that states numbers without them is left out of every chart. ``nodes``:
    ``walk(entity)`` already listed."""
    for node, path in walk(entity) if nodes is None else nodes:
        if not isinstance(node, (schema.Result, schema.Kpi)):
            continue
        kind, name = ("result", node.metric) if isinstance(node, schema.Result) else ("KPI", node.name)
        label = f"{kind} '{project.t(name, 'en')}'"
        if node.before is None:
            if any(re.search(r"\d", text) for text in node.value.all_strings()):
                diags.warning(
                    project.where(entity, path + ("value",)),
                    f"{label} has numbers in its value but no 'before'/'after': charts leave it out"
                    " (add before, after, unit, better)",
                    code="numbers",
                )
        elif node.before == 0:
            diags.warning(
                project.where(entity, path + ("before",)),
                f"{label} has 'before: 0': a change from 0 has no percentage, so charts leave it out",
                code="numbers",
            )
        elif node.better is None:
            diags.warning(
                project.where(entity, path),
                f"{label} has no 'better' (lower or higher): charts cannot tell whether it improved",
                code="numbers",
            )


def _answer_text(model: type, path: tuple) -> bool:
    """Whether ``path`` is one of the texts of an answer-library entry that ``answer_languages`` extend:
    its question, a variant or its answer."""
    return model is schema.Answer and bool(path) and path[0] in ("question", "variants", "answer")


def _check_text(project: Project, source: Source, text: Text, path: tuple, diags: Diagnostics, *,
                answer_entry: bool = False) -> bool:
    """Report the problems of ``text``; True when it shows images (whose files were looked at)."""
    images = "![" in "".join(text.values.values())
    if images:
        _check_images(project, source, text, path, diags)
    languages = project.text_languages
    if languages is None:  # company.yaml does not say which: its own error says why
        return images
    allowed = (project.answer_text_languages or languages) if answer_entry else languages
    extra = allowed[len(languages):]
    also = f"; answer languages: {', '.join(extra)}" if extra else ""
    unknown = [lang for lang in text.languages if lang not in allowed]
    for lang in unknown:
        diags.error(
            source.at(path + (lang,), key=True),
            f"unknown language '{lang}'{_language_hint(lang, allowed)}"
            f" (languages: {', '.join(project.languages)}{also})",
        )
    if text.is_plain and len(languages) > 1:
        _check_plain_language(project, source, text, path, diags)
    # a wrong key is one error, not two; a text only in answer languages is an optional extra
    if not text.is_plain and text.languages & set(languages) and not unknown:
        for lang in languages:
            if lang not in text.values:
                fallback = project.default_language if project.default_language in text.values else \
                    next(key for key in text.values if key in languages)
                diags.warning(
                    source.at(path),
                    f"no '{lang}' translation (falls back to '{fallback}')",
                    code="translation",
                )
    return images


def _check_plain_language(project: Project, source: Source, text: Text, path: tuple, diags: Diagnostics) -> None:
    """A plain string is one text for every language: written in a language that is not the default one, it
    is most likely a translation in the wrong place, shown as it is on the default language's pages."""
    from babel import Locale

    from ..language.detect import written_in

    found = written_in(text.values[DEFAULT], list(project.languages))
    default = project.default_language
    if found is None or found == default:
        return
    name = Locale.parse(found.replace("-", "_")).get_display_name("en")
    diags.warning(
        source.at(path),
        f"this text is in {name} but written as one text for every language: the '{default}' pages show it in"
        f" {name}; write it per language ({default}: …, {found}: …)",
        code="translation",
    )


def _check_images(project: Project, source: Source, text: Text, path: tuple, diags: Diagnostics) -> None:
    """Images in Markdown: image files inside the project are embedded; anything else is not."""
    where = source.at(path)
    base = (project.root / source.path).parent
    for value in text.values.values():
        local, remote = markdown_images(value)
        for url in remote:
            if re.match(r"^\s*(https?:)?//", url, re.I):
                diags.warning(
                    where, f"image '{url}' is on another host and is not embedded; put the file in the project",
                    code="image",
                )
            else:
                diags.error(where, f"image {project_path_problem(project.root, base, url)}", code="image")
        for url in local:
            file = asset_path(url)
            problem = project_path_problem(project.root, base, file)
            if problem:
                diags.error(where, f"image {problem}", code="image")
            elif not is_asset_type(file):
                types = ", ".join(sorted(t.lstrip(".") for t in ASSET_TYPES))
                diags.error(where, f"image '{url}' is not an image file; only these are published: {types}",
                            code="image")
            else:
                project.assets.add((base / file).resolve())
        for url in images_without_alt(value):
            diags.warning(
                where, f"image '{url}' has no alt text: write what it shows, ![what it shows]({url}), for screen"
                " readers and the figures of tagged PDFs",
                code="image",
            )


def _check_refs(project: Project, source: Source, node: schema.Model, path: tuple, diags: Diagnostics) -> None:
    for field, kind in type(node).refs.items():
        value = getattr(node, field, None)
        if value is None:
            continue
        values = [(value, path + (field,))] if isinstance(value, str) else [
            (v, path + (field, i)) for i, v in enumerate(value)
        ]
        for ref, where in values:
            message = _ref_problem(project, kind, ref, source.path)
            if message:
                diags.error(source.at(where), message, code="reference")
    for field, kind in type(node).ref_keys.items():
        for key in getattr(node, field, None) or {}:
            message = _ref_problem(project, kind, key, source.path)
            if message:
                diags.error(source.at(path + (field, key), key=True), message, code="reference")


# how to add an item of a kind a reference names ({id}: the id it names, when that is a valid id)
HOW_TO_ADD = {
    "capabilities": "add it to content/capabilities.yaml",
    "personas": "create content/personas/{id}.yaml",
    "industries": "create content/industries/{id}.yaml",
    "competitors": "create content/competitors/{id}.yaml",
    "objections": "add it to a file in content/objections/",
    "cases": "create content/cases/{id}.yaml",
    "whitepapers": "create content/whitepapers/{id}.md",
    "playbooks": "create playbooks/{id}.yaml",
    "training": "create playbooks/training/{id}.yaml",
    "stages": "add a stage with this id to a playbook in playbooks/",
    "tiers": "add it under product: tiers: in content/company.yaml",
    "plans": "add it under product: pricing: plans: in content/company.yaml",
}
LISTED = 10  # valid ids an "unknown" message lists
_WIDE_COMMAS = "，、；"


def _ref_problem(project: Project, kind: str, ref: str, here: str, *, hint: str = "") -> str | None:
    """Why ``ref`` (written in file ``here``) names no item of ``kind`` (``*``: of any kind), or None
    when it does. An item whose file has an error exists: naming it is no error."""
    if _is_broken(project, kind, ref):
        return None
    if kind == "*":
        if ":" in ref:
            prefix, _, ident = ref.partition(":")
            if prefix not in CONTENT_KINDS:
                return f"unknown kind '{prefix}' in '{ref}'{did_you_mean(prefix, CONTENT_KINDS)}"
            if ident in project.kind(prefix) or _is_broken(project, prefix, ident):
                return None
            return _unknown(project, prefix, ident, here, hint)
        hits = [k for k in CONTENT_KINDS if ref in project.kind(k)]
        if len(hits) == 1:
            return None
        if len(hits) > 1:
            return (
                f"'{ref}' names more than one thing ({', '.join(SINGULAR[k] for k in hits)}):"
                f" write '{hits[0]}:{ref}'"
            )
        return f"'{ref}' does not name any content{_wide_comma(ref) or _suggestion(project, ref, CONTENT_KINDS, here)}"
    if ref in project.kind(kind):
        return None
    return _unknown(project, kind, ref, here, hint)


def _unknown(project: Project, kind: str, ref: str, here: str, hint: str) -> str:
    """'unknown industry …' with the way out: the id meant (of that kind first, also among items whose
    file has an error), else what the id is if another kind has it, else the ids there are and how to
    add one."""
    words = f"unknown {SINGULAR[kind]} '{ref}'"
    wide = _wide_comma(ref)
    if wide:
        return words + wide
    suggestion = _suggestion(project, ref, (kind,), here)
    if suggestion:
        return words + suggestion + hint
    other = next((k for k in CONTENT_KINDS if k != kind and ref in project.kind(k)), None)
    if other is not None:
        return f"{words}: '{ref}' is {a(SINGULAR[other])}, not {a(SINGULAR[kind])}"
    ids = sorted(set(project.kind(kind)) | set(project.broken.get(kind, {})))
    if len(ids) > LISTED:
        ranked = sorted(ids, key=lambda i: -_similarity(ref, i))[:LISTED]
        shown = ", ".join(sorted(ranked)) + f" and {len(ids) - LISTED} more"
    else:
        shown = ", ".join(ids)
    plural = PLURAL.get(kind, kind)
    notes = [hint.strip()[1:-1]] if hint else []
    notes.append(f"{plural}: {shown}" if ids else f"there are no {plural} yet")
    if kind in HOW_TO_ADD:
        valid = _ID.fullmatch(ref) is not None
        notes.append(f"to add {repr(ref) if valid else 'one'}, " + HOW_TO_ADD[kind].format(id=ref if valid else "<id>"))
    return f"{words} ({'; '.join(notes)})"


def _similarity(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _suggestion(project: Project, ref: str, kinds: tuple[str, ...], here: str) -> str:
    """'; did you mean …?' from the ids of ``kinds``, also those of items whose file has an error
    (saying where, since that item is not usable until its error is fixed)."""
    where: dict[str, str | None] = {}
    for kind in kinds:
        for ident in project.broken.get(kind, {}):
            where.setdefault(ident, project.broken[kind][ident])
        for ident in project.kind(kind):
            where[ident] = None
    match = closest(ref, where)
    if match is None:
        return ""
    broken_in = where[match]
    if broken_in is None:
        return f"; did you mean '{match}'?"
    side = " above" if broken_in < here else " below" if broken_in > here else ""
    return f"; did you mean '{match}'? (defined in {broken_in}, which has an error{side})"


def _wide_comma(ref: str) -> str:
    """What to write when a full-width comma joined several ids into one."""
    mark = next((c for c in _WIDE_COMMAS if c in ref), None)
    if mark is None:
        return ""
    parts = [p.strip() for p in re.split(f"[{_WIDE_COMMAS}]", ref) if p.strip()]
    return f": '{mark}' is a full-width comma, which does not separate ids; write '{', '.join(parts)}' with an ASCII comma"


def _is_broken(project: Project, kind: str, ref: str) -> bool:
    """Whether ``ref`` names an item whose file has an error (``Découverte`` counts for ``decouverte``:
    an id written wrongly is reported once, where it is written)."""
    kinds = [k for k in project.broken if k in CONTENT_KINDS] if kind == "*" else [kind]
    tables = [project.broken[k] for k in kinds if project.broken.get(k)]
    if not tables:  # no file of those kinds has an error (folding every reference costs a project of thousands)
        return False
    folded = _fold(ref)
    return any(ref in table or any(_fold(i) == folded and not _ID.fullmatch(i) for i in table) for table in tables)


_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _fold(ident: str) -> str:
    text = unicodedata.normalize("NFKD", ident)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[\s_]+", "-", text.strip())


def _check_audiences(project: Project, entity: Entity, diags: Diagnostics) -> None:
    def visit(node: Any, path: tuple, parent: Audience) -> None:
        if isinstance(node, Section) and node.audience is not None:
            if node.audience.rank < parent.rank:
                diags.error(
                    project.where(entity, path + ("audience",)),
                    f"audience '{node.audience.value}' is wider than its parent's '{parent.value}':"
                    " a part can only narrow its audience",
                    code="audience",
                )
            parent = node.audience if node.audience.rank > parent.rank else parent
        if isinstance(node, BaseModel):
            for name in type(node).model_fields:
                value = getattr(node, name)
                if value is not None and name != "audience":
                    visit(value, path + (name,), parent)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, path + (i,), parent)
        elif isinstance(node, dict):
            for key, item in node.items():
                visit(item, path + (key,), parent)

    visit(entity, (), entity.effective_audience)


def _check_freshness(project: Project, entity: Entity, diags: Diagnostics) -> None:
    if entity.kind in ("deals", "calendar"):
        return  # a deal or a calendar entry is a plan or a live record, not reviewed content
    label = f"{SINGULAR.get(entity.kind, entity.kind)} '{entity.id}'"
    if not entity.owner:
        diags.warning(project.where(entity), f"{label} has no owner: set 'owner' so someone answers for it", code="owner")
    if entity.reviewed is not None and entity.reviewed > project.today + dt.timedelta(days=1):
        diags.error(
            project.where(entity, ("reviewed",)),
            f"reviewed: {entity.reviewed} is in the future (today is {project.today}); write the date of the last review",
            code="stale",
        )
        return
    if entity.reviewed is None:
        diags.warning(project.where(entity), f"{label} was never reviewed: set 'reviewed: YYYY-MM-DD'", code="stale")
    elif project.is_stale(entity):
        due = project.review_due(entity)
        diags.warning(
            project.where(entity, ("reviewed",)),
            f"{label} is stale: last reviewed {entity.reviewed}, review was due {due}",
            code="stale",
        )


def _check_company(project: Project, company: schema.Company, diags: Diagnostics) -> None:
    _check_pricing(project, company, diags)
    for field, use in (("logo", "an SVG or PNG"), ("cover_image", "a JPG, PNG, WebP or SVG")):
        value = getattr(company.brand, field)
        if not value:
            continue
        problem = project_path_problem(project.root, Path(project.root / "content"), value)
        if problem:
            diags.error(project.where(company, ("brand", field)), f"{field}: {problem}", code="path")
        elif not is_asset_type(value):
            diags.error(project.where(company, ("brand", field)),
                        f"{field}: '{value}' is not an image file; use {use}", code="path")
    for i, item in enumerate(company.product.value):
        for j, proof in enumerate(item.proof):
            ref = schema.proof_case_id(proof)
            if ref is not None:
                message = _ref_problem(project, "cases", ref, project.source(company).path, hint=PROOF_HINT)
                if message:
                    diags.error(project.where(company, ("product", "value", i, "proof", j)), message, code="reference")


def _unit_problem(project: Project, per: str) -> str | None:
    """Why a price's ``per`` names no known unit, with the way to declare one; None when it does."""
    unit, _ = schema.split_per(per)
    if unit is None or unit in project.units:
        return None
    return (f"unknown unit '{unit}'{did_you_mean(unit, project.units)} (units: {', '.join(project.units)};"
            f" declare another under pricing.units: {{id: {unit}, name: {{{project.default_language}: ...}}}})")


def _check_pricing(project: Project, company: schema.Company, diags: Diagnostics) -> None:
    """Every unit a price names exists, and every price has a currency."""
    pricing = company.product.pricing
    if pricing is None:
        return
    base = ("product", "pricing", "plans")
    for i, plan in enumerate(pricing.plans):
        places = [((*base, i, "unit_price", "per"), plan.unit_price.per)] if plan.unit_price else []
        places += [((*base, i, "usage", j, "per"), line.per) for j, line in enumerate(plan.usage) if line.per]
        places += [((*base, i, "usage", j, "of"), line.of) for j, line in enumerate(plan.usage) if line.of]
        places += [((*base, i, "one_off", j, "per"), line.per) for j, line in enumerate(plan.one_off) if line.per]
        for path, per in places:
            problem = _unit_problem(project, per)
            if problem:
                diags.error(project.where(company, path), f"per: {problem}", code="reference")
        if (plan.usage or plan.one_off) and plan.unit_price is None and not pricing.currency:
            diags.error(project.where(company, (*base, i, "id")),
                        f"plan '{plan.id}': its usage and one-off prices need a currency: set unit_price or"
                        " pricing.currency (e.g. currency: EUR)", code="pricing")


def _check_proposal_pricing(project: Project, deal: schema.Deal, diags: Diagnostics) -> None:
    """A proposal's numbers are complete for the plan it quotes: the quantity of every unit the plan
    counts; a term for a price per month or year. A proposal never shows a half-computed price."""
    settings = deal.proposal
    for unit in settings.quantities:
        if unit not in project.units and "company" not in project.broken:
            diags.error(project.where(deal, ("proposal", "quantities", unit)),
                        f"quantities: unknown unit '{unit}'{did_you_mean(unit, project.units)}", code="reference")
    plan = project.plans.get(settings.pricing_plan) if settings.pricing_plan else None
    if plan is None:
        for unit in settings.expected_use:
            diags.error(project.where(deal, ("proposal", "expected_use", unit)),
                        "expected_use estimates the usage fees of the plan quoted: set pricing_plan", code="pricing")
        return
    metered = [line.unit for line in plan.usage if line.unit]
    for unit in settings.expected_use:
        if unit not in metered:
            where_use = project.where(deal, ("proposal", "expected_use", unit))
            if metered:
                diags.error(where_use, f"expected_use: plan '{plan.id}' meters no '{unit}' (its usage lines count:"
                            f" {', '.join(metered)}){did_you_mean(unit, metered)}", code="pricing")
            else:
                diags.error(where_use, f"expected_use: plan '{plan.id}' has no usage line with per or of: nothing to"
                            " estimate", code="pricing")
    main, period = schema.split_per(plan.unit_price.per) if plan.unit_price else (None, None)
    if main is not None and main not in project.units:
        return  # the plan's unknown unit is reported where the plan names it
    where = project.where(deal, ("proposal", "pricing_plan"))
    if plan.unit_price is not None:
        if main is not None and settings.quantity is None and main not in settings.quantities:
            diags.error(where, f"plan '{plan.id}' is priced per {main}: say how many with quantity: N", code="pricing")
        if period is not None and settings.term_months is None:
            diags.error(where, f"plan '{plan.id}' is priced per {period}: say for how long with term_months: N",
                        code="pricing")
    for line in plan.one_off:
        if line.per and line.per != main and not line.optional and line.per not in settings.quantities:
            diags.error(where, f"plan '{plan.id}' prices '{project.t(line.item, project.default_language)}' per"
                        f" {line.per}: say how many under quantities: {{{line.per}: N}} (0 leaves it out)",
                        code="pricing")


def project_path_problem(root: Path, base: Path, value: str) -> str | None:
    """Why ``value`` is not a readable file inside the project, or None when it is."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        return f"'{value}' is a URL; only files inside the project are read"
    candidate = Path(value)
    if candidate.is_absolute():
        return f"'{value}' is an absolute path; use a path inside the project"
    resolved = (base / candidate).resolve()
    try:
        resolved.relative_to(root)
    except ValueError:
        return f"'{value}' leaves the project; only files inside it are read"
    if not resolved.is_file():
        try:
            shown = resolved.relative_to(root).as_posix()
        except ValueError:
            shown = str(resolved)
        return f"'{value}' does not exist (looked for {shown})"
    return None


def _check_training(project: Project, path: schema.TrainingPath, diags: Diagnostics) -> None:
    for m, module in enumerate(path.modules):
        for q, entry in enumerate(module.quiz):
            where = ("modules", m, "quiz", q)
            if isinstance(entry, schema.QuizQuestion):
                if not 0 <= entry.answer < len(entry.choices):
                    diags.error(
                        project.where(path, where + ("answer",)),
                        f"answer {entry.answer} is out of range: there are {len(entry.choices)} choices,"
                        f" numbered 0 to {len(entry.choices) - 1}",
                        code="quiz",
                    )
            else:
                rule = entry.from_objections
                if not matching_objections(project, rule) and not project.broken.get("objections"):
                    diags.error(
                        project.where(path, where + ("from_objections",)),
                        "from_objections matches no objection",
                        code="quiz",
                    )


def matching_objections(project: Project, rule: schema.ObjectionRule) -> list[schema.Objection]:
    """Objections a quiz rule selects, in id order (an objection with no roles fits every role)."""
    out = []
    for objection in sorted(project.objections.values(), key=lambda o: o.id):
        if rule.roles and objection.roles and not set(rule.roles) & set(objection.roles):
            continue
        if rule.industries and objection.industries and not set(rule.industries) & set(objection.industries):
            continue
        if rule.stages and not set(rule.stages) & set(objection.stages):
            continue
        if rule.category and objection.category != rule.category:
            continue
        if rule.competitor and objection.competitor != rule.competitor:
            continue
        out.append(objection)
    return out


def _check_answer(project: Project, answer: schema.Answer, diags: Diagnostics) -> None:
    """`check`: an answer that says ``yes`` while relying on a roadmap capability."""
    if answer.compliance != "yes":
        return
    for ident in answer.capabilities:
        cap = project.capabilities.get(ident)
        if cap is not None and cap.status == "roadmap":
            when = f", expected {cap.available_from}" if cap.available_from else ""
            diags.error(
                project.where(answer, ("compliance",)),
                f"compliance: 'yes' but capability '{cap.id}' is on the roadmap{when}; a roadmap item is never"
                f" 'yes' (write partial or no, or remove the line to derive it)",
                code="compliance",
            )
            return
