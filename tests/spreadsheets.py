"""Workbooks written the way Excel stores them, for the import tests: text in the shared-strings
table, dates as serial day numbers with a date format, formulas with the value Excel computed,
merged cells; and the same files made hostile (formula text, entities, a zip bomb, damage)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter


class Formula:
    """A formula cell: its text and the value Excel stored for it (None: never computed)."""

    def __init__(self, formula: str, cached: Any = None):
        self.formula, self.cached = formula, cached


def xlsx(path: Path, rows: list[list[Any]], *, merged: tuple[str, ...] = (), sheet: str = "Sheet1",
         doctype: str = "", hidden: dict[str, list[list[Any]]] | None = None) -> Path:
    """Write ``rows`` (None: empty cell) to ``path``; ``doctype`` is put before the sheet's root."""
    strings: list[str] = []

    def shared(text: str) -> int:
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    def sheet_xml(grid: list[list[Any]], merges: tuple[str, ...]) -> str:
        out = []
        for r, values in enumerate(grid, start=1):
            cells = []
            for c, value in enumerate(values, start=1):
                ref = f"{get_column_letter(c)}{r}"
                if value is None:
                    continue
                if isinstance(value, Formula):
                    cached = value.cached
                    kind = ' t="str"' if isinstance(cached, str) else ""
                    v = "" if cached is None else f"<v>{escape(str(cached))}</v>"
                    cells.append(f'<c r="{ref}"{kind}><f>{escape(value.formula.lstrip("="))}</f>{v}</c>')
                elif isinstance(value, dt.date):
                    serial = (value - dt.date(1899, 12, 30)).days
                    cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
                elif isinstance(value, (int, float)):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="s"><v>{shared(str(value))}</v></c>')
            out.append(f'<row r="{r}">{"".join(cells)}</row>')
        merge = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                 + "</mergeCells>") if merges else ""
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + doctype +
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<sheetData>{"".join(out)}</sheetData>{merge}</worksheet>')

    sheets = [(sheet, rows, merged, "visible")] + [(name, grid, (), "veryHidden") for name, grid in (hidden or {}).items()]
    parts = {f"xl/worksheets/sheet{i}.xml": sheet_xml(grid, merges) for i, (_, grid, merges, _) in enumerate(sheets, 1)}
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings) + "</sst>")
    parts["xl/styles.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" state="{state}" r:id="rId{i}"/>'
                  for i, (name, _, _, state) in enumerate(sheets, 1)) + "</sheets></workbook>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                  for i in range(1, len(sheets) + 1))
        + f'<Relationship Id="rId90" Type="{rel}/styles" Target="styles.xml"/>'
        + f'<Relationship Id="rId91" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.'
        f'org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>")
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.worksheet+xml"/>'
                  for i in range(1, len(sheets) + 1))
        + f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                     "xl/styles.xml", "xl/sharedStrings.xml", *sorted(n for n in parts if n.startswith("xl/worksheets"))]:
            archive.writestr(name, parts[name])
    path.write_bytes(buffer.getvalue())
    return path


def zip_bomb(path: Path) -> Path:
    """A workbook whose sheet expands 1000 times: 64 MB of spaces in 64 KB."""
    good = io.BytesIO(xlsx(path, [["Objection", "Talk track"], ["a", "b"]]).read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (64 * 1024 * 1024))
            dst.writestr(info.filename, data)
    path.write_bytes(out.getvalue())
    return path
