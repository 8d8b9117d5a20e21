"""`enablekit export KIND --out FILE.xlsx`: one row per item for colleagues who review or
translate in Excel: the id (locked), every language's text side by side, the enumerations as
drop-down lists, owner and review date. A very hidden sheet keeps what each cell said when it was
exported, so that `enablekit import` of the edited file applies exactly the cells that changed."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from ..content.diagnostics import EnablekitError, did_you_mean
from ..content.model import Project
from .cells import render
from .fields import KINDS, Spec
from .importer import EXPORT_TAG, at_path, flatten, kind_name
from .sheets import META_SHEET

LISTS_SHEET = "enablekit-lists"
EXTRA_ROWS = 200  # empty, unlocked rows below the items, for new ones
MAX_CELL = 32_767
_WIDTH = {"text": 48, "texts": 40, "refs": 22, "plains": 22, "choice": 14, "ref": 18, "date": 13, "plain": 22}


def columns(kind: str, languages: list[str]) -> list[tuple[Spec, str | None]]:
    out = []
    for spec in KINDS[kind]:
        if spec.shape == "results":
            continue  # results carry numbers: edited in the YAML
        if spec.localised:
            out += [(spec, lang) for lang in languages]
        else:
            out.append((spec, None))
    return out


def rows(project: Project, kind: str) -> list[tuple[str, Any]]:
    """(id, raw YAML data) of every item, in the order of the files."""
    if kind == "comparison":
        out = []
        for competitor in project.competitors.values():
            source = project.source(competitor)
            raw = at_path(source.doc.data, source.base) if source.doc else {}
            for capability, entry in (raw.get("comparison") or {}).items():
                out.append((f"{competitor.id}:{capability}", {"competitor": competitor.id, "capability": capability,
                                                              **(entry if isinstance(entry, dict) else {})}))
        return out
    items = []
    for ident, item in project.kind(kind).items():
        source = project.source(item)
        raw = at_path(source.doc.data, source.base) if source.doc else {}
        items.append(((source.path, source.base), ident, raw))
    items.sort(key=lambda t: (t[0][0], [str(p).zfill(8) for p in t[0][1]]))
    return [(ident, raw) for _, ident, raw in items]


def header(project: Project, spec: Spec, lang: str | None) -> str:
    L = project.labels(project.default_language)
    word = next((L[k] for k in spec.labels if k in L), None) if spec.labels else None
    word = word or spec.name
    return f"{word} ({lang})" if lang else word


def export(project: Project, kind: str, out: Path, languages: list[str] | None = None) -> int:
    """Write the workbook; returns the number of items."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = kind_name(kind)
    langs = languages or list(project.languages)
    for lang in langs:
        if lang not in project.languages:
            raise EnablekitError(f"--languages {lang}: not a language of the project ({', '.join(project.languages)})"
                                 f"{did_you_mean(lang, project.languages)}; add it to company.yaml's languages first")
    cols = columns(kind, langs)
    if kind != "comparison":
        cols = [c for c in cols if c[0].name != "id"]
    if kind == "comparison":
        body = cols  # competitor and capability come first, locked
    else:
        body = [(Spec("id", "plain"), None), *cols]
    keys = [f"{s.name}.{lang}" if lang else s.name for s, lang in body]
    headers = [("id" if s.name == "id" else header(project, s, lang)) for s, lang in body]
    locked = 2 if kind == "comparison" else 1

    wb = Workbook()
    ws = wb.active
    ws.title = header(project, Spec(kind, "plain", (kind,) if kind != "comparison" else ("comparison",)), None)[:31]
    ws.append(headers)
    fill = PatternFill("solid", fgColor=project.company.brand.primary.lstrip("#").upper())
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    meta = wb.create_sheet(META_SHEET)
    meta.append([EXPORT_TAG, kind, ",".join(langs), dt.date.today().isoformat()])
    meta.append(["keys", *keys])
    meta.append(["headers", *headers])
    items = rows(project, kind)
    unlocked, wrap = Protection(locked=False), Alignment(wrap_text=True, vertical="top")
    for ident, raw in items:
        flat = flatten(raw, KINDS[kind], project.default_language)
        values: list[Any] = []
        for spec, lang in body:
            if spec.name == "id":
                values.append(ident)
            elif spec.name in ("competitor", "capability") and kind == "comparison":
                values.append(raw[spec.name])
            else:
                values.append(render(spec, flat.get((spec.name, lang))))
        for value in values:
            if len(value) > MAX_CELL:
                raise EnablekitError(f"{kind} '{ident}': a text longer than a spreadsheet cell holds ({len(value):,}"
                                     f" characters; the limit is {MAX_CELL:,})")
        r = ws.max_row + 1
        for c, ((spec, _), value) in enumerate(zip(body, values, strict=True), start=1):
            cell = ws.cell(r, c)
            if spec.shape == "date" and value:
                cell.value = dt.date.fromisoformat(value)
                cell.number_format = "yyyy-mm-dd"
            else:
                _text(cell, value)
            cell.alignment = wrap
            if c > locked:
                cell.protection = unlocked
        meta.append([ident, *values])
    last = ws.max_row
    for r in range(last + 1, last + EXTRA_ROWS + 1):
        for c in range(1, len(body) + 1):
            ws.cell(r, c).protection = unlocked
    lists = wb.create_sheet(LISTS_SHEET)
    list_col = 0
    for c, (spec, _) in enumerate(body, start=1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = 16 if spec.name == "id" else _WIDTH.get(spec.shape, 20)
        options = _options(project, spec)
        if not options:
            continue
        list_col += 1
        lists_letter = get_column_letter(list_col)
        for i, option in enumerate(options, start=1):
            lists.cell(i, list_col).value = option
        validation = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!${lists_letter}$1:${lists_letter}${len(options)}",
                                    allow_blank=True, showErrorMessage=spec.shape == "choice")
        validation.error = f"{spec.name}: {', '.join(options[:12])}"
        validation.prompt = ", ".join(options[:20])
        ws.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last + EXTRA_ROWS}")
    lists.sheet_state = "veryHidden"
    meta.sheet_state = "veryHidden"
    ws.freeze_panes = ws.cell(2, locked + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(body))}{max(last, 1)}"
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = protection.sort = False
    protection.insertRows = protection.deleteRows = False
    buffer = io.BytesIO()
    wb.save(buffer)
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise EnablekitError(f"--out {out}: an export is an Excel workbook; name it .xlsx")
    from ..answers.questionnaire import _atomic_save

    _atomic_save(out, lambda tmp: Path(tmp).write_bytes(buffer.getvalue()))
    return len(items)


def _options(project: Project, spec: Spec) -> list[str]:
    if spec.shape == "choice":
        return list(spec.choices)
    if spec.shape == "ref" and spec.refs in ("competitors", "industries", "tiers", "capabilities"):
        return sorted(project.kind(spec.refs))
    return []


def _text(cell: Any, value: str) -> None:
    """A text cell that a spreadsheet program never reads as a formula."""
    from ..answers.questionnaire import set_text

    set_text(cell, value if value != "" else None)
