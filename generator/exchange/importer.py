"""`enablekit import KIND FILE`: rows of a spreadsheet merged into the project's YAML by id.

A row is one item. A row whose id (or, without an id, whose title in any language) names an
existing item changes that item in place, cell by cell: a cell fills an empty field or a missing
translation, and a cell that differs from what the YAML says is applied only when the YAML still
says what the sheet said when it was exported (an ``enablekit export`` carries those values in a
hidden sheet); otherwise it is a conflict, reported and left alone, unless ``--overwrite``. Any
other row is a new item, with an id made from its title. Empty cells never delete anything.

Every row that cannot be used is reported as ``FILE:ROW: message`` and left out; the rest is
written. Each file is read back before it is written, and all files are written at the end, so an
error leaves the project as it was.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import schema
from ..content.diagnostics import EnablekitError, did_you_mean, one_line
from ..content.model import SINGULAR, Project
from ..content.yamlsafe import YamlError, load_yaml
from . import emit
from .cells import CellError, parse, render, same
from .columns import Layout, describe, find_layout, norm
from .edit import EditError, FileEdit
from .fields import ALIASES, KINDS, TITLE, Spec
from .ids import slug, unique
from .sheets import Table, as_text, read_table

EXPORT_TAG = "enablekit export"
FOLDERS = {"objections": "content/objections", "answers": "content/answers", "cases": "content/cases",
           "personas": "content/personas"}
LIST_FILES = ("objections", "answers")  # new items go to <category>.yaml, a list
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

Key = tuple[str, str | None]  # (field, language)


@dataclass
class Change:
    spec: Spec
    lang: str | None
    value: Any
    old: Any = None
    row: dict[Key, Any] | None = None  # every cell of the row (a list's other languages)


@dataclass
class Outcome:
    kind: str
    source: Path
    columns: str = ""
    added: list[tuple[str, str]] = field(default_factory=list)  # (id, file)
    updated: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (id, file, fields)
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)  # FILE:ROW: message
    conflicts: list[str] = field(default_factory=list)  # FILE:ROW: message
    notes: list[str] = field(default_factory=list)
    files: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # rel → (old text, new text)

    def diff(self) -> str:
        out = []
        for rel, (old, new) in sorted(self.files.items()):
            out += difflib.unified_diff((old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                                        "/dev/null" if old is None else f"a/{rel}", f"b/{rel}")
        return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def kind_name(kind: str) -> str:
    kind = ALIASES.get(kind, kind)
    if kind not in KINDS and kind != "deals":
        raise EnablekitError(f"unknown kind '{kind}'{did_you_mean(kind, [*KINDS, 'deals'])}"
                             f" (kinds: {', '.join([*KINDS, 'deals'])})")
    return kind


def parse_maps(maps: list[str] | tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in maps:
        column, sep, target = item.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise EnablekitError(f"--map {item}: write COL=field, e.g. --map 'Réponse=answer.fr' or --map C=short")
        out[column.strip()] = target.strip()
    return out


# --------------------------------------------------------------------------- references


class Names:
    """Ids of the project's things by id or by any of their names (and personas by job title)."""

    def __init__(self, project: Project):
        self.project = project
        self.tables: dict[str, dict[str, str]] = {}

    def table(self, kind: str) -> dict[str, str]:
        if kind not in self.tables:
            project = self.project
            kinds = ("capabilities", "personas", "industries", "competitors", "objections", "cases", "whitepapers",
                     "playbooks", "training") if kind == "*" else (kind,)
            out: dict[str, str] = {norm(ident): ident for k in kinds for ident in project.kind(k)}
            for k in kinds:
                for ident, thing in project.kind(k).items():
                    for attr in ("name", "title", "customer"):
                        value = getattr(thing, attr, None)
                        for text in (value.values.values() if hasattr(value, "values") else []):
                            out.setdefault(norm(text), ident)
                    for title in getattr(thing, "titles", []) if k == "personas" else []:
                        out.setdefault(norm(title), ident)
            self.tables[kind] = out
        return self.tables[kind]

    def resolve(self, kind: str, word: str) -> str:
        table = self.table(kind)
        hit = table.get(norm(word))
        if hit is None:
            what = SINGULAR.get(kind, "item") if kind != "*" else "item"
            raise CellError(f"no {what} '{word}'{did_you_mean(word, sorted(set(table.values())))}")
        return hit


# --------------------------------------------------------------------------- rows


@dataclass
class Row:
    number: int
    cells: dict[Key, Any]
    raw: dict[Key, str]  # the cells' text, as the sheet shows it
    ident: str | None = None
    explicit: bool = False


def read_rows(table: Table, layout: Layout, names: Names, out: Outcome) -> list[Row]:
    rows = []
    horizontal = {(r1, c1): c2 - c1 for r1, c1, r2, c2 in table.merged if c2 > c1}
    date_order = _date_orders(table, layout)
    for number, values in table.rows:
        if number <= layout.header_row:
            continue
        filled = [(c, values[c.index]) for c in layout.mapped() if c.index < len(values)
                  and as_text(values[c.index])]
        if not filled:
            continue
        present = [i for i, v in enumerate(values) if as_text(v)]
        if len(present) == 1 and horizontal.get((number, present[0] + 1), 0) >= 1:
            continue  # a section title across the table
        cells: dict[Key, Any] = {}
        raw: dict[Key, str] = {}
        problems = []
        for column, value in filled:
            spec = column.spec
            try:
                cells[(spec.name, column.lang)] = parse(spec, value, names.resolve, date_order.get(column.index))
                raw[(spec.name, column.lang)] = as_text(value) if spec.shape != "date" else cells[(spec.name, None)]
            except CellError as exc:
                problems.append(f"{column.header or spec.name}: {exc}")
        if problems:
            out.refused.append(f"{table.where(number)}: {'; '.join(problems)}")
            continue
        rows.append(Row(number, cells, raw))
    return rows


def _date_orders(table: Table, layout: Layout) -> dict[int, bool | None]:
    """Per date column: True when its written dates put the day first (a first number over 12
    somewhere), False when the month comes first, None when no row tells."""
    out: dict[int, bool | None] = {}
    for column in layout.mapped():
        if column.spec.shape != "date":
            continue
        order = None
        for _, values in table.rows:
            text = as_text(values[column.index]) if column.index < len(values) else ""
            match = re.match(r"^(\d{1,2})[/\-](\d{1,2})[/\-]\d{4}$", text)
            if match:
                a, b = int(match.group(1)), int(match.group(2))
                order = True if a > 12 else False if b > 12 else order
        out[column.index] = order
    return out


# --------------------------------------------------------------------------- existing items


def at(raw: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(raw, dict):
            return None
        raw = raw.get(part)
    return raw


def text_path(raw: Any, spec: Spec) -> tuple[str, ...] | None:
    """Where a field is in an item: a case's quote written as just its text holds the text itself
    (and has no place for ``by``)."""
    if spec.path[:1] == ("quote",):
        quote = raw.get("quote") if isinstance(raw, dict) else None
        if quote is not None and not (isinstance(quote, dict) and "text" in quote):
            return ("quote",) if spec.path == ("quote", "text") else None
    return spec.key


def flatten(raw: Any, specs: tuple[Spec, ...], default: str) -> dict[Key, Any]:
    """An item's fields as the cells of a row: (field, language) → value."""
    out: dict[Key, Any] = {}
    for spec in specs:
        path = text_path(raw, spec)
        value = at(raw, path) if path else None
        if value is None or spec.name == "id":
            continue
        if spec.shape == "text":
            for lang, text in _languages(value, default).items():
                out[(spec.name, lang)] = text
        elif spec.shape in ("texts",):
            items = [_item_text(i) for i in value] if isinstance(value, list) else []
            langs = {lang for item in items for lang in _languages(item, default)}
            for lang in langs:
                out[(spec.name, lang)] = [_languages(item, default).get(lang, "") for item in items]
        elif spec.shape == "results":
            out[(spec.name, None)] = value
        elif spec.shape in ("refs", "plains"):
            out[(spec.name, None)] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        elif spec.shape == "date":
            out[(spec.name, None)] = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)
        else:
            out[(spec.name, None)] = str(value) if not isinstance(value, bool) else ("yes" if value else "no")
    return out


def _item_text(item: Any) -> Any:
    return item["text"] if isinstance(item, dict) and "text" in item else item


def _languages(value: Any, default: str) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): "" if v is None else str(v) for k, v in value.items()}
    return {default: "" if value is None else str(value)}


# --------------------------------------------------------------------------- the import


class Importer:
    def __init__(self, project: Project, kind: str, *, overwrite: bool = False):
        self.project, self.kind, self.overwrite = project, kind, overwrite
        self.specs = KINDS[kind]
        self.languages = list(project.languages)
        self.default = project.default_language
        self.names = Names(project)
        self.edits: dict[str, FileEdit] = {}
        self.texts: dict[str, str] = {}  # rel → current text (after appends)
        self.new_files: dict[str, list[dict[str, Any]]] = {}
        self.appends: dict[str, list[dict[str, Any]]] = {}
        self.expect: dict[str, list[tuple[tuple[Any, ...], dict[Key, Any]]]] = {}

    # ------------------------------------------------------------------ entry
    def run(self, path: Path, *, maps: dict[str, str], sheet: str | None) -> Outcome:
        table = read_table(path, sheet=sheet)
        out = Outcome(self.kind, path)
        base: dict[str, dict[Key, str]] = {}
        if table.meta:
            maps, base = self._export_meta(table, maps, out)
        layout = find_layout(table, self.specs, self.languages, maps)
        out.columns = describe(layout)
        rows = read_rows(table, layout, self.names, out)
        if self.kind == "comparison":
            self._comparison(table, rows, base, out)
        else:
            self._items(table, rows, base, out)
        self._finish(out)
        return out

    def _export_meta(self, table: Table, maps: dict[str, str], out: Outcome
                     ) -> tuple[dict[str, str], dict[str, dict[Key, str]]]:
        meta = table.meta or []
        if not meta or as_text(meta[0][0] if meta[0] else "") != EXPORT_TAG:
            return maps, {}
        kind = as_text(meta[0][1]) if len(meta[0]) > 1 else ""
        if kind != self.kind:
            raise EnablekitError(f"{table.path}: an export of {kind}, not of {self.kind}: run `enablekit import {kind}"
                                 f" {table.path}`")
        keys = [as_text(v) for v in meta[1][1:]] if len(meta) > 1 else []
        headers = [as_text(v) for v in meta[2][1:]] if len(meta) > 2 else []
        merged = {h: k for h, k in zip(headers, keys, strict=False) if h}
        merged.update(maps)
        base: dict[str, dict[Key, str]] = {}
        for values in meta[3:]:
            ident = as_text(values[0]) if values else ""
            if not ident:
                continue
            cells = {}
            for key, value in zip(keys, values[1:], strict=False):
                name, _, lang = key.partition(".")
                cells[(name, lang or None)] = as_text(value)
            base[ident] = cells
        out.notes.append(f"an enablekit export of {len(base)} {self.kind}: changed cells are applied where the YAML"
                         " still says what was exported")
        return merged, base

    # ------------------------------------------------------------------ items with ids
    def _items(self, table: Table, rows: list[Row], base: dict[str, dict[Key, str]], out: Outcome) -> None:
        project, kind = self.project, self.kind
        existing = project.kind(kind)
        titles = self._titles()
        seen: dict[str, int] = {}
        taken = set(existing)
        for row in rows:
            where = table.where(row.number)
            ident = row.cells.pop(("id", None), None)
            row.raw.pop(("id", None), None)
            if ident:
                if not _ID.match(ident):
                    suggestion = slug(ident)
                    out.refused.append(f"{where}: id '{one_line(ident)}' must be lowercase letters, digits, '-' and '_'"
                                       + (f" (e.g. '{suggestion}')" if suggestion else ""))
                    continue
                row.ident, row.explicit = ident, True
            else:
                row.ident = self._matching_title(row, titles)
            if row.ident is None:
                title = self._title_for_id(row)
                if not title:
                    out.refused.append(f"{where}: no {TITLE[kind]} to make an id from (and no id)")
                    continue
                made = slug(title)
                if not made:
                    out.refused.append(f"{where}: cannot make an id from '{one_line(title)}'; give one in an id column")
                    continue
                row.ident = unique(made, taken | set(seen))
            if row.ident in seen:
                out.refused.append(f"{where}: duplicate id '{row.ident}' (row {seen[row.ident]} has it too); left out")
                continue
            seen[row.ident] = row.number
            if row.ident in existing:
                self._update(table, row, base.get(row.ident), out)
            else:
                self._add(table, row, out)
                taken.add(row.ident)

    def _titles(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for ident, item in self.project.kind(self.kind).items():
            value = getattr(item, TITLE[self.kind], None)
            for text in value.values.values() if value is not None else []:
                out.setdefault(norm(text), ident)
        return out

    def _matching_title(self, row: Row, titles: dict[str, str]) -> str | None:
        name = TITLE[self.kind]
        for (field_name, _), value in row.cells.items():
            if field_name == name and isinstance(value, str) and norm(value) in titles:
                return titles[norm(value)]
        return None

    def _title_for_id(self, row: Row) -> str:
        """The title an id is made from: a Latin-script translation first (readable as it is), else
        the default language's."""
        name = TITLE[self.kind]
        if self.kind == "cases" and not any(k[0] == name for k in row.cells):
            name = "customer"
        values = {lang: v for (f, lang), v in row.cells.items() if f == name and isinstance(v, str) and v}
        from ..language.scripts import scripts

        for lang in sorted(values, key=lambda code: (code.split("-")[0] != "en", code)):
            if not scripts(values[lang]):
                return values[lang]
        return values.get(self.default) or next(iter(values.values()), "")

    # ------------------------------------------------------------------ new items
    def _add(self, table: Table, row: Row, out: Outcome) -> None:
        where = table.where(row.number)
        cells = dict(row.cells)
        if self.kind == "objections":
            self._short_from_answer(cells, out, where)
        missing = [s.name for s in self.specs if s.required and s.name != "id"
                   and not any(k[0] == s.name for k in cells)]
        if missing:
            out.refused.append(f"{where}: new {SINGULAR[self.kind]} '{row.ident}' has no {', '.join(missing)}")
            return
        try:
            data = self.assemble(row.ident, cells)
        except CellError as exc:
            out.refused.append(f"{where}: {exc}")
            return
        problem = validate(self.kind, data)
        if problem:
            out.refused.append(f"{where}: {problem}")
            return
        rel = self._target(data)
        out.added.append((row.ident, rel))
        if rel in self.new_files:
            self.new_files[rel].append(data)
        elif (self.project.root / rel).exists():
            self.appends.setdefault(rel, []).append(data)
        else:
            self.new_files[rel] = [data]

    def _short_from_answer(self, cells: dict[Key, Any], out: Outcome, where: str) -> None:
        if any(k[0] == "short" for k in cells):
            return
        for (name, lang), value in list(cells.items()):
            if name == "answer" and value:
                first = re.split(r"(?<=[.!?。！？])\s*", value.strip().split("\n")[0].lstrip("-*• "))[0]
                cells[("short", lang)] = first[:200]
        if any(k[0] == "short" for k in cells):
            out.notes.append(f"{where}: no talk track (short): the answer's first sentence is used; check it")

    def assemble(self, ident: str, cells: dict[Key, Any]) -> dict[str, Any]:
        """A new item's YAML data, in the order of the content model."""
        data: dict[str, Any] = {"id": ident}
        many = len(self.languages) > 1
        for spec in self.specs:
            if spec.name == "id":
                continue
            values = {lang: v for (name, lang), v in cells.items() if name == spec.name}
            if not values:
                continue
            if spec.shape == "text":  # Markdown of several lines ends with a line break, as `|` writes it
                texts = {lang: values[lang] + ("\n" if "\n" in values[lang] else "") for lang in self._order(values)
                         if values[lang]}
                if not texts:
                    continue
                value: Any = texts if many or set(texts) != {self.default} else texts[self.default]
            elif spec.shape == "texts":
                value = self._zip(spec, {lang: v for lang, v in values.items() if v}, many)
            elif spec.shape == "results":
                value = self._results(values, many)
            elif spec.shape == "date":
                value = emit.Date(values[None])
            else:
                value = values[None]
            if value in (None, "", [], {}):
                continue
            node = data
            for part in spec.key[:-1]:
                node = node.setdefault(part, {})
            node[spec.key[-1]] = value
        return data

    def _order(self, values: dict[str | None, Any]) -> list[str]:
        return [lang for lang in self.languages if lang in values] + [k for k in values if k not in self.languages]

    def _zip(self, spec: Spec, values: dict[str, list[str]], many: bool) -> list[Any]:
        counts = {lang: len(v) for lang, v in values.items()}
        if len(set(counts.values())) > 1:
            raise CellError(f"{spec.name}: {', '.join(f'{n} lines in {lang}' for lang, n in counts.items())};"
                            " give each language the same items")
        n = max(counts.values(), default=0)
        items = []
        for i in range(n):
            item = {lang: values[lang][i] for lang in self._order(values) if values[lang][i]}
            items.append(item if many or set(item) != {self.default} else item[self.default])
        return items

    def _results(self, values: dict[str, list[tuple[str, str]]], many: bool) -> list[Any]:
        counts = {len(v) for v in values.values()}
        if len(counts) > 1:
            raise CellError("results: not as many lines in each language")
        out = []
        for i in range(counts.pop() if counts else 0):
            metric = {lang: values[lang][i][0] for lang in self._order(values)}
            value = {lang: values[lang][i][1] for lang in self._order(values)}
            if not many and set(metric) == {self.default}:
                out.append({"metric": metric[self.default], "value": value[self.default]})
            else:
                out.append({"metric": metric, "value": value})
        return out

    def _target(self, data: dict[str, Any]) -> str:
        folder = FOLDERS[self.kind]
        if self.kind in LIST_FILES:
            name = data.get("category", "other")
            rel = f"{folder}/{name}.yaml"
            path = self.project.root / rel
            if rel in self.new_files or not path.exists() or self._is_block_list(rel):
                return rel
            return f"{folder}/imported.yaml"
        rel = f"{folder}/{data['id']}.yaml"
        return rel

    def _is_block_list(self, rel: str) -> bool:
        text = self._text(rel)
        first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
        return first.startswith("- ")

    # ------------------------------------------------------------------ existing items
    def _update(self, table: Table, row: Row, base: dict[Key, str] | None, out: Outcome) -> None:
        where = table.where(row.number)
        item = self.project.kind(self.kind)[row.ident]
        source = self.project.source(item)
        raw = at_path(source.doc.data, source.base) if source.doc else None
        current = flatten(raw, self.specs, self.default)
        changes: list[Change] = []
        conflicts: list[str] = []
        by_name = {s.name: s for s in self.specs}
        for key, value in row.cells.items():
            spec = by_name[key[0]]
            now = current.get(key)
            if spec.shape == "results":
                if now:
                    conflicts.append("results (they carry numbers: edit them in the YAML)")
                else:
                    changes.append(Change(spec, None, value))
                continue
            if _empty(value) or same(now, value):
                continue
            if base is not None and key in base and same(render(spec, value), base[key]):
                continue  # the sheet still says what was exported: the YAML changed since, and stays
            if _empty(now) or self.overwrite or (base is not None and key in base
                                                 and same(render(spec, now), base[key])):
                if spec.path[:1] == ("quote",) and text_path(raw, spec) is None:
                    conflicts.append(f"{spec.name} (the quote is written as a text: add 'by' in the YAML)")
                    continue
                changes.append(Change(spec, key[1], value, now, row.cells))
            else:
                label = f"{spec.name}.{key[1]}" if key[1] else spec.name
                conflicts.append(label)
        if conflicts:
            rel = source.path
            hint = "" if self.overwrite else " (--overwrite takes the sheet's)"
            out.conflicts.append(f"{where}: {SINGULAR[self.kind]} '{row.ident}': {', '.join(conflicts)} differ from"
                                 f" {rel}, which was edited since; kept the file's{hint}")
        if not changes:
            if not conflicts:
                out.unchanged += 1
            return
        try:
            self._apply(source.path, source.base, raw, changes)
        except EditError as exc:
            out.refused.append(f"{where}: {exc}")
            return
        fields = sorted({f"{c.spec.name}.{c.lang}" if c.lang else c.spec.name for c in changes})
        out.updated.append((row.ident, source.path, fields))

    def _apply(self, rel: str, base: tuple[Any, ...], raw: Any, changes: list[Change]) -> None:
        edit = self._edit(rel)
        node = edit.item(base)
        expected = flatten(raw, self.specs, self.default)
        self.replaced: set[str] = set()
        done = len(edit.ops)
        for change in changes:
            if change.spec.name in self.replaced:
                continue
            try:
                self._change(edit, node, raw, change)
            except EditError:
                del edit.ops[done:]  # none of this item's changes, rather than some
                raise
            if change.spec.name in self.replaced:  # the whole list: every language of the row
                for key, value in (change.row or {}).items():
                    if key[0] == change.spec.name:
                        expected[key] = value
            elif change.spec.shape != "results":
                expected[(change.spec.name, change.lang)] = change.value
        self.expect.setdefault(rel, []).append((base, expected))

    def _change(self, edit: FileEdit, node: Any, raw: Any, change: Change) -> None:
        spec, lang, value = change.spec, change.lang, change.value
        path = text_path(raw, spec) or spec.key
        if spec.shape == "text":
            edit.set_text(node, path, lang, value, self.default)
        elif spec.shape == "texts":
            items = at(raw, path)
            now = change.old or [""] * (len(items) if isinstance(items, list) else 0)  # no item has this language yet
            if len(now) == len(value):
                for i, (old_line, new_line) in enumerate(zip(now, value, strict=True)):
                    if new_line and not same(old_line, new_line):
                        item = edit.list_item(node, path, i)
                        if type(item).__name__ == "MappingNode" and any(k.value == "text" for k, _ in item.value):
                            key, text_node = next((k, v) for k, v in item.value if k.value == "text")
                            edit.set_text_node(item, key, text_node, lang, new_line, self.default)
                        else:
                            edit.set_text_node(None, None, item, lang, new_line, self.default)
            elif not now and not at(raw, path):
                edit.set_value(node, path, self._zip(spec, {lang: value}, len(self.languages) > 1))
                self.replaced.add(spec.name)
            elif self._whole_list(spec, raw, change):
                values = {k[1]: v for k, v in (change.row or {}).items() if k[0] == spec.name and v}
                edit.set_value(node, path, self._zip(spec, values, len(self.languages) > 1))
                self.replaced.add(spec.name)
            else:
                raise EditError(f"{spec.name}.{lang}: {len(value)} lines where the YAML has {len(now)} items;"
                                " edit the list in the YAML")
        elif spec.shape == "results":
            edit.set_value(node, path, self._results({lang or self.default: value}, len(self.languages) > 1))
        elif spec.shape == "date":
            edit.set_value(node, path, emit.Date(value))
        else:
            edit.set_value(node, path, value)

    def _whole_list(self, spec: Spec, raw: Any, change: Change) -> bool:
        """Whether a list whose length changed can be rewritten from the row: the row gives every
        language the list has, each with the same number of lines."""
        row = {k[1]: v for k, v in (change.row or {}).items() if k[0] == spec.name and v}
        have = {lang for (name, lang) in flatten(raw, self.specs, self.default) if name == spec.name}
        return bool(row) and have <= set(row) and len({len(v) for v in row.values()}) == 1

    def _edit(self, rel: str) -> FileEdit:
        if rel not in self.edits:
            self.edits[rel] = FileEdit(self._text(rel), rel)
        return self.edits[rel]

    def _text(self, rel: str) -> str:
        if rel not in self.texts:
            try:
                self.texts[rel] = (self.project.root / rel).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise EnablekitError(f"{rel}: cannot read: {exc}") from None
        return self.texts[rel]

    # ------------------------------------------------------------------ comparison rows
    def _comparison(self, table: Table, rows: list[Row], base: dict[str, dict[Key, str]], out: Outcome) -> None:
        seen: dict[tuple[str, str], int] = {}
        for row in rows:
            where = table.where(row.number)
            competitor, capability = row.cells.pop(("competitor", None), None), row.cells.pop(("capability", None), None)
            if not competitor or not capability:
                out.refused.append(f"{where}: a comparison row names a competitor and a capability")
                continue
            pair = (competitor, capability)
            if pair in seen:
                out.refused.append(f"{where}: {competitor} / {capability} again (row {seen[pair]} has it); left out")
                continue
            seen[pair] = row.number
            item = self.project.competitors[competitor]
            source = self.project.source(item)
            raw_competitor = at_path(source.doc.data, source.base) if source.doc else {}
            raw = at(raw_competitor, ("comparison", capability))
            row.ident = f"{competitor}:{capability}"
            if raw is None:
                cells = row.cells
                missing = [n for n in ("us", "them") if (n, None) not in cells]
                if missing:
                    out.refused.append(f"{where}: {competitor} / {capability} is new and has no {', '.join(missing)}")
                    continue
                entry: dict[str, Any] = {"us": cells[("us", None)], "them": cells[("them", None)]}
                notes = {lang: v for (n, lang), v in cells.items() if n == "note" and v}
                if notes:
                    entry["note"] = notes if len(self.languages) > 1 or set(notes) != {self.default} \
                        else notes[self.default]
                try:
                    edit = self._edit(source.path)
                    edit.add(edit.item(source.base), ("comparison", capability), entry)
                except EditError as exc:
                    out.refused.append(f"{where}: {exc}")
                    continue
                self.expect.setdefault(source.path, []).append((source.base + ("comparison", capability),
                                                                 flatten(entry, self.specs, self.default)))
                out.added.append((row.ident, source.path))
                continue
            self._update_pair(table, row, raw, source, capability, base.get(row.ident), out)

    def _update_pair(self, table: Table, row: Row, raw: Any, source: Any, capability: str,
                     base: dict[Key, str] | None, out: Outcome) -> None:
        where = table.where(row.number)
        current = flatten(raw, self.specs, self.default)
        by_name = {s.name: s for s in self.specs}
        changes, conflicts = [], []
        for key, value in row.cells.items():
            spec = by_name[key[0]]
            now = current.get(key)
            if _empty(value) or same(now, value):
                continue
            if base is not None and key in base and same(render(spec, value), base[key]):
                continue
            if _empty(now) or self.overwrite or (base is not None and key in base
                                                 and same(render(spec, now), base[key])):
                changes.append(Change(spec, key[1], value, now))
            else:
                conflicts.append(f"{spec.name}.{key[1]}" if key[1] else spec.name)
        if conflicts:
            hint = "" if self.overwrite else " (--overwrite takes the sheet's)"
            out.conflicts.append(f"{where}: {row.ident}: {', '.join(conflicts)} differ from {source.path}, which was"
                                 f" edited since; kept the file's{hint}")
        if not changes:
            if not conflicts:
                out.unchanged += 1
            return
        base_path = source.base + ("comparison", capability)
        edit = self._edit(source.path)
        expected = dict(current)
        try:
            node = edit.item(base_path)
            for change in changes:
                if change.spec.shape == "text":
                    edit.set_text(node, change.spec.key, change.lang, change.value, self.default)
                else:
                    edit.set_value(node, change.spec.key, change.value)
                expected[(change.spec.name, change.lang)] = change.value
        except EditError as exc:
            out.refused.append(f"{where}: {exc}")
            return
        self.expect.setdefault(source.path, []).append((base_path, expected))
        out.updated.append((row.ident, source.path, sorted({c.spec.name for c in changes})))

    # ------------------------------------------------------------------ the files
    def _finish(self, out: Outcome) -> None:
        for rel, edit in self.edits.items():
            new = edit.result()
            self._check(rel, edit.text, new)
            self.texts[rel] = new
        for rel, items in self.appends.items():
            old = self._text(rel)
            new = emit.appended(old, items)
            self._check_new(rel, new, items, appended_to=old)
            self.texts[rel] = new
        for rel, items in self.new_files.items():
            new = emit.document(items, as_list=self.kind in LIST_FILES)
            self._check_new(rel, new, items)
            out.files[rel] = (None, new)
        for rel in list(self.edits) + list(self.appends):
            old = (self.project.root / rel).read_bytes().decode("utf-8")
            if self.texts[rel] != old:
                out.files[rel] = (old, self.texts[rel])

    def _check(self, rel: str, old: str, new: str) -> None:
        """The edited file says what was meant: every changed item as expected, nothing else changed."""
        before, after = _load(rel, old), _load(rel, new)
        expected = self.expect.get(rel, [])
        for base, cells in expected:
            got = flatten(at_path(after, base), self.specs, self.default)
            if {k: v for k, v in got.items() if not _empty(v)} != {k: v for k, v in cells.items() if not _empty(v)}:
                raise EnablekitError(f"{rel}: the change could not be made safely; nothing was written (edit it by hand)")
            _clear(before, base)
            _clear(after, base)
        if before != after:
            raise EnablekitError(f"{rel}: the change would alter other items; nothing was written (edit it by hand)")

    def _check_new(self, rel: str, text: str, items: list[dict[str, Any]], appended_to: str | None = None) -> None:
        data = _load(rel, text)
        listed = data if isinstance(data, list) else [data]
        got = listed[-len(items):]
        if appended_to is not None and _load(rel, appended_to) != listed[:-len(items)]:
            raise EnablekitError(f"{rel}: adding to it would change what it holds; nothing was written")
        for want, have in zip(items, got, strict=True):
            if flatten(have, self.specs, self.default) != flatten(_plain(want), self.specs, self.default):
                raise EnablekitError(f"{rel}: '{want.get('id')}' would not read back as written; nothing was written")


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, emit.Date):
        import datetime as dt

        return dt.date.fromisoformat(data)
    return data


def _load(rel: str, text: str) -> Any:
    try:
        return load_yaml(text).data
    except YamlError as exc:
        raise EnablekitError(f"{rel}:{exc.line}: the result would not be valid YAML ({exc.message}); nothing was"
                             " written") from None


def at_path(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _clear(data: Any, path: tuple[Any, ...]) -> None:
    if not path:
        return
    parent = at_path(data, path[:-1])
    parent[path[-1]] = None


def _empty(value: Any) -> bool:
    if isinstance(value, list):
        return not any(str(v).strip() for v in value)
    return value is None or str(value).strip() == ""


def validate(kind: str, data: dict[str, Any]) -> str | None:
    """The first problem the content model finds in a new item, in words, or None."""
    from pydantic import ValidationError

    cls = schema.ENTITY_KINDS.get(kind)
    if cls is None:
        return None
    try:
        cls.model_validate(_plain(data))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"{where}: {error['msg']}"
    return None


def import_file(project: Project, kind: str, path: Path, *, maps: dict[str, str] | None = None,
                sheet: str | None = None, overwrite: bool = False) -> Outcome:
    """Read ``path`` into ``project`` (nothing is written: :func:`write` does that). Deals come
    through :func:`generator.exchange.crm.import_deals`."""
    if kind_name(kind) == "deals":
        raise EnablekitError("deals come from a CRM export: use generator.exchange.crm.import_deals")
    return Importer(project, kind_name(kind), overwrite=overwrite).run(Path(path), maps=maps or {}, sheet=sheet)


def write(project: Project, outcome: Outcome) -> list[Path]:
    """Write every file of ``outcome``: each through a temporary file, all or none replaced."""
    temps: list[tuple[str, Path]] = []
    try:
        for rel, (_, text) in sorted(outcome.files.items()):
            target = project.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
            mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
            os.chmod(tmp, mode)
            temps.append((rel, Path(tmp)))
        for rel, tmp in temps:
            os.replace(tmp, project.root / rel)
    except BaseException:
        for _, tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
    return [project.root / rel for rel, _ in temps]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

