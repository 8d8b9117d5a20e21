"""Reading a spreadsheet someone sent: .xlsx or .csv into rows of plain values, each with its row
number, refusing what is not a plain table of values before any of it is used.

Refused with one line naming the file: a damaged or password-protected workbook, an old .xls, a
zip that expands beyond reason (a zip bomb), XML that declares entities (which no spreadsheet
program writes: an XXE or billion-laughs payload), more rows or columns than a content table has,
and formula text (``=HYPERLINK(…)``, ``-cmd|' /C calc'!A0``) instead of values. A formula that
Excel computed is read as the value Excel stored for it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..answers.questionnaire import _check_zip
from ..content.diagnostics import EnablekitError, one_line
from ..content.files import csv_text

MAX_ROWS = 20_000  # rows of one sheet; a content table has hundreds
MAX_COLS = 200
MAX_UNZIPPED = 200 * 1024 * 1024  # what the parts of a workbook may expand to, together
MAX_RATIO = 150  # compression ratio of one part over 1 MB: spreadsheets compress 5 to 20 times
MAX_PARTS = 10_000
MAX_CSV_BYTES = 64 * 1024 * 1024
META_SHEET = "enablekit"  # the very hidden sheet of an export: what was exported, and its values then
# what a spreadsheet program would run: "=…", "+SUM(", "@HYPERLINK(", "-cmd|", and DDE ("…cmd|' /C calc'!A0");
# a Markdown bullet ("- Ask (politely)", "- **Find out**") is text
_FORMULA = re.compile(r"^(=.|[+\-@][A-Za-z_][\w.]*[(|]|[=+\-@].*?\w\|\s*'[^']*'\s*!)", re.S)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_DTD = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"),
        "<!DOCTYPE".encode("utf-16-be"), "<!ENTITY".encode("utf-16-be"))


@dataclass
class Table:
    """One sheet's cells as plain values (str, int, float, datetime, None), by 1-based row number."""

    path: Path
    sheet: str | None
    rows: list[tuple[int, list[Any]]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    meta: list[list[Any]] | None = None  # the export's hidden sheet, when this is an enablekit export

    def where(self, row: int) -> str:
        return f"{self.path}:{row}"


def formula_text(value: Any) -> bool:
    """Whether a cell's text is a formula a spreadsheet program would run, not a value."""
    return isinstance(value, str) and bool(_FORMULA.match(value.lstrip(" \t\r\n")))


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """The table of ``path`` (.xlsx, .xlsm or .csv): the named sheet, or the first sheet that holds
    anything. Raises EnablekitError (one line) for a file that is not a plain table of values."""
    path = Path(path)
    if not path.is_file():
        raise EnablekitError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise EnablekitError(f"{path}: {suffix} files are not read; save it as .xlsx or .csv and try again")
    if suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path, sheet)
    elif suffix in (".csv", ".tsv", ".txt"):
        if sheet is not None:
            raise EnablekitError(f"{path}: --sheet is for workbooks; a CSV file has one table")
        table = _read_csv(path)
    else:
        raise EnablekitError(f"{path}: not a spreadsheet enablekit reads (use .xlsx or .csv)")
    for row, values in table.rows:
        for col, value in enumerate(values, start=1):
            if formula_text(value):
                count = sum(formula_text(v) for _, vs in table.rows for v in vs)
                more = f" and {count - 1} more cell{'s' if count > 2 else ''}" if count > 1 else ""
                raise EnablekitError(
                    f"{table.where(row)}: cell {_letter(col)}{row} holds a formula"
                    f" ({_short(value)}){more}, not a value; enablekit imports values only: paste them as values"
                    " and try again")
    return table


def _short(value: str) -> str:
    value = one_line(value.strip())
    return value if len(value) <= 40 else value[:39] + "…"


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


# --------------------------------------------------------------------------- xlsx


def _guard_zip(path: Path) -> dict[str, bytes]:
    """The workbook's XML parts that are read here, after the checks a hostile zip fails."""
    _check_zip(path, "workbook")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise EnablekitError(f"{path}: not a readable workbook (the zip is damaged: {exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise EnablekitError(f"{path}: the workbook has {len(infos):,} parts; refused (a spreadsheet has dozens)")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNZIPPED:
            raise EnablekitError(f"{path}: the workbook expands to {total:,} bytes; refused (a zip bomb, or far more"
                                 f" than a content table: the limit is {MAX_UNZIPPED:,})")
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise EnablekitError(f"{path}: {info.filename} expands {info.file_size // max(info.compress_size, 1):,}"
                                     " times; refused as a zip bomb")
        parts: dict[str, bytes] = {}
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise EnablekitError(f"{path}: not a readable workbook ({info.filename} is damaged: {exc})") from None
            if any(marker in data for marker in _DTD):
                raise EnablekitError(f"{path}: {info.filename} declares XML entities (<!DOCTYPE/<!ENTITY), which no"
                                     " spreadsheet program writes; refused")
            parts[info.filename] = data
    return parts


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    parts = _guard_zip(path)
    try:
        with warnings.catch_warnings():  # "extension is not supported" and the like: not the reader's concern
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise EnablekitError(f"{path}: not a readable Excel workbook ({type(exc).__name__}: {one_line(str(exc))[:80]})"
                             ) from None
    try:
        names = [ws.title for ws in wb.worksheets]
        meta = [v for _, v in _rows(path, wb[META_SHEET], META_SHEET)] if META_SHEET in wb.sheetnames else None
        if sheet is not None:
            if sheet not in wb.sheetnames:
                shown = [n for n in names if n != META_SHEET]
                raise EnablekitError(f"{path}: no sheet '{sheet}' (sheets: {', '.join(shown)})")
            ws = wb[sheet]
        else:
            candidates = [ws for ws in wb.worksheets if ws.title != META_SHEET]
            visible = [ws for ws in candidates if ws.sheet_state == "visible"] or candidates
            if not visible:
                raise EnablekitError(f"{path}: the workbook has no sheet")
            ws = visible[0]
        rows = _rows(path, ws, ws.title)
        xml = parts.get(getattr(ws, "_worksheet_path", "").lstrip("/"), b"")
    finally:
        wb.close()
    unresolved = _unresolved_formula(xml)
    if unresolved:
        row, col = unresolved
        raise EnablekitError(f"{path}:{row}: cell {_letter(col)}{row} holds a formula that was never computed (the file"
                             " was not saved by a spreadsheet program); open it in Excel or LibreOffice, save, and try"
                             " again")
    merged = []
    from openpyxl.utils.cell import coordinate_to_tuple

    for start, end in _MERGE.findall(xml):
        (r1, c1), (r2, c2) = coordinate_to_tuple(start.decode()), coordinate_to_tuple(end.decode())
        merged.append((r1, c1, r2, c2))
    return Table(path, ws.title, rows, merged, meta)


def _rows(path: Path, ws: Any, title: str) -> list[tuple[int, list[Any]]]:
    """Non-empty rows of a read-only worksheet as values (the stored values of formulas)."""
    rows: list[tuple[int, list[Any]]] = []
    count = 0
    for cells in ws.iter_rows():
        count += 1
        if count > MAX_ROWS:
            raise EnablekitError(f"{path}: sheet '{title}' has more than {MAX_ROWS:,} rows; refused (split it, or"
                                 " remove empty formatted rows)")
        values = []
        number = None
        for cell in cells:
            if type(cell).__name__ == "EmptyCell":
                values.append(None)
                continue
            number = number or cell.row
            if cell.column > MAX_COLS:
                if cell.value not in (None, ""):
                    raise EnablekitError(f"{path}: sheet '{title}' has more than {MAX_COLS} columns; refused")
                continue
            value = cell.value
            if type(value).__name__ == "CellRichText":
                value = str(value)
            values.append(value)
        if number is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        while values and values[-1] is None:
            values.pop()
        rows.append((number, values))
    return rows


def _unresolved_formula(xml: bytes) -> tuple[int, int] | None:
    """(row, column) of the first cell of a sheet's XML with a formula but no stored value."""
    if b"<f" not in xml and b":f" not in xml:
        return None
    from openpyxl.utils.cell import coordinate_to_tuple

    for attrs, body in _CELL.findall(xml):
        if re.search(rb"<(?:\w+:)?f[\s>/]", body) and not re.search(rb"<(?:\w+:)?v[\s>]", body):
            ref = re.search(rb'\br="([A-Z]+[0-9]+)"', attrs)
            return coordinate_to_tuple(ref.group(1).decode()) if ref else (1, 1)
    return None


# --------------------------------------------------------------------------- csv


def _read_csv(path: Path) -> Table:
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise EnablekitError(f"{path}: {size:,} bytes; refused (the limit for a CSV file is {MAX_CSV_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise EnablekitError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    text = csv_text(path, raw)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(1024 * 1024)
    rows: list[tuple[int, list[Any]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        for line, values in enumerate(reader, start=1):  # the row number a spreadsheet program shows
            if len(values) > MAX_COLS and any(v.strip() for v in values[MAX_COLS:]):
                raise EnablekitError(f"{path}:{line}: more than {MAX_COLS} columns; refused")
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise EnablekitError(f"{path}: more than {MAX_ROWS:,} rows; refused (split it)")
            rows.append((line, [v if v != "" else None for v in values[:MAX_COLS]]))
    except csv.Error as exc:
        raise EnablekitError(f"{path}: not a readable CSV file ({exc})") from None
    return Table(path, None, rows)


# --------------------------------------------------------------------------- values


def as_text(value: Any) -> str:
    """A cell's value as the text a person reads in it ('' for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return text.strip()
