"""Fill a customer's questionnaire (.xlsx, .docx tables, .csv) from the answer library.

The customer's file is changed as little as possible: only the answer and compliance cells of
the questions, and added columns (confidence, answer id, review date) after the last one, plus a
report sheet (.xlsx) or section (.docx); formatting, formulas, merged cells and other sheets stay.
Only public answers are ever written: the index is built from the public view.
"""

from __future__ import annotations

import copy
import csv
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import schema
from ..content.diagnostics import EnablekitError
from ..content.model import Project
from ..views.audience import view
from .library import compliance, plain_text, status_note
from .matching import THRESHOLD, AnswerIndex, Match, detect_language, normalise

HEADER_ROWS = 20  # a header is looked for in the first rows of each sheet / table

QUESTION_HEADERS = (
    "question", "questions", "requirement", "requirements", "query", "control", "item", "description",
    "问题", "问题描述", "问询", "需求", "需求描述", "要求", "技术要求", "条款", "题目", "检查项", "评估项", "内容",
)
ANSWER_HEADERS = (
    "answer", "answers", "response", "vendor response", "supplier response", "reply", "vendor answer",
    "comments", "回答", "答复", "回复", "应答", "应答说明", "供应商回复", "供应商答复", "厂商回复", "响应说明", "说明",
)
COMPLIANCE_HEADERS = (
    "compliance", "compliant", "comply", "yes/no", "y/n", "supported", "meets requirement",
    "是否满足", "是否符合", "是否支持", "符合性", "符合情况", "满足情况", "响应情况",
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file or an old binary .xls/.doc
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def _norm_header(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    text = normalise(value)
    text = re.sub(r"[（(][^)）]*[)）]", "", text)  # "Answer (vendor)" → "answer"
    return re.sub(r"[\s:：*＊_.。?？]+", " ", text).strip()


def _header_score(value: Any, names: tuple[str, ...]) -> int:
    """3 when a cell is exactly one of ``names``, 1 when it contains one (a whole word for latin
    names: 'Questionnaire' is not a 'question' header), else 0."""
    text = _norm_header(value)
    if not text or len(text) > 40:
        return 0
    if text in names:
        return 3
    for name in names:
        if name.isascii():
            if len(name) >= 4 and re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", text):
                return 1
        elif len(name) >= 2 and name in text:
            return 1
    return 0


def _col_index(spec: str, header: list[Any]) -> int | None:
    """A column given as a letter (B, AA) or by its header text: its 0-based index, or None."""
    wanted = _norm_header(spec)
    for i, value in enumerate(header):
        if _norm_header(value) == wanted:
            return i
    if re.fullmatch(r"[A-Za-z]{1,3}", spec.strip()):
        from openpyxl.utils import column_index_from_string

        return column_index_from_string(spec.strip().upper()) - 1
    return None


@dataclass
class Layout:
    header_row: int  # 0-based within the rows looked at
    question: int
    answer: int | None
    compliance: int | None


def find_layout(rows: list[list[Any]], question_col: str | None, answer_col: str | None) -> Layout | None:
    """Where the header row and the question, answer and compliance columns are, or None. The header
    row is the one among the first rows whose cells look most like question/answer/compliance headers."""
    best: tuple[int, Layout] | None = None
    for r, row in enumerate(rows[:HEADER_ROWS]):
        if question_col:
            q = _col_index(question_col, row)
            if q is None or (not _is_letter(question_col) and (q >= len(row) or
                                                              _norm_header(row[q]) != _norm_header(question_col))):
                continue
            q_score = 3 if not _is_letter(question_col) else _header_score(row[q] if q < len(row) else None,
                                                                            QUESTION_HEADERS)
        else:
            q_score, q = max(((_header_score(v, QUESTION_HEADERS), i) for i, v in enumerate(row)), default=(0, 0))
            if not q_score:
                continue
        rest = [(i, v) for i, v in enumerate(row) if i != q]
        c_score, comp_col = max(((_header_score(v, COMPLIANCE_HEADERS), i) for i, v in rest), default=(0, None))
        comp_col = comp_col if c_score else None
        if answer_col:
            a, a_score = _col_index(answer_col, row), 3
        else:
            a_score, a = max(((_header_score(v, ANSWER_HEADERS), i) for i, v in rest if i != comp_col),
                             default=(0, None))
            a = a if a_score else None
        score = q_score * 2 + a_score + c_score
        if best is None or score > best[0]:
            best = (score, Layout(r, q, a, comp_col))
    if best is not None:
        return best[1]
    if question_col and _is_letter(question_col):  # no recognisable header: the first row is the header
        return Layout(0, _col_index(question_col, []), _col_index(answer_col, []) if answer_col else None, None)
    return None


def _is_letter(spec: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]{1,3}", spec.strip()))


# --------------------------------------------------------------------------- results


@dataclass
class Item:
    where: str  # "Security!B7", "table 2, row 4", "row 12"
    question: str
    answered: bool = False  # the file already had an answer: left alone
    handle: Any = None  # the format's own reference to the row
    compliance: str | None = None  # yes | partial | no, once answered


@dataclass
class Filled:
    item: Item
    match: Match | None
    used: bool = False
    compliance: str | None = None


@dataclass
class Report:
    source: Path
    out: Path
    language: str
    items: list[Filled] = field(default_factory=list)
    stale: list[tuple[Filled, str]] = field(default_factory=list)  # (row, review due)
    depends: list[tuple[Filled, str]] = field(default_factory=list)  # (row, capability notes)
    duplicates: list[tuple[Item, Item]] = field(default_factory=list)  # (row, first row with that question)
    extra_files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def answered(self) -> list[Filled]:
        return [f for f in self.items if f.used]

    @property
    def unanswered(self) -> list[Filled]:
        return [f for f in self.items if not f.used and not f.item.answered]

    @property
    def kept(self) -> list[Filled]:
        return [f for f in self.items if f.item.answered]


class Columns:
    """The added columns' header names in the questionnaire's language."""

    def __init__(self, L: Mapping[str, str]):
        self.L = L
        self.names = [L["answers_confidence"], L["answers_answer_id"], L["answers_reviewed"]]


# --------------------------------------------------------------------------- entry point


def fill(project: Project, path: Path, *, out: Path | None = None, language: str | None = None,
         sheet: str | None = None, question_col: str | None = None, answer_col: str | None = None,
         threshold: float = THRESHOLD) -> Report:
    """Answer every question of the questionnaire at ``path``; write the result to ``out``
    (default: ``<name>.answered.<ext>`` beside it). Raises EnablekitError for a file it cannot use."""
    path = Path(path)
    if not path.is_file():
        raise EnablekitError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".doc"):
        raise EnablekitError(f"{path}: the old binary {suffix} format is not supported; save it as {suffix}x and try again")
    kinds = {".xlsx": XlsxFile, ".xlsm": XlsxFile, ".docx": DocxFile, ".csv": CsvFile}
    if suffix not in kinds:
        raise EnablekitError(f"{path}: not a questionnaire file enablekit can fill (use .xlsx, .docx or .csv)")
    doc = kinds[suffix](path, sheet=sheet, question_col=question_col, answer_col=answer_col)
    items = doc.items()
    if language is not None and language not in project.languages:
        raise EnablekitError(f"--language {language}: not a language of the project ({', '.join(project.languages)})")
    lang = language or detect_language([i.question for i in items], project.languages)
    public = view(project, schema.Audience.public)
    index = AnswerIndex([a for a in public.answers.values() if a.effective_audience is schema.Audience.public],
                        public.languages)
    out = Path(out) if out else path.with_name(f"{path.stem}.answered{path.suffix}")
    report = Report(path, out, lang)
    L = project.labels(lang)
    doc.prepare(L)
    seen: dict[str, Item] = {}
    for item in items:
        key = re.sub(r"\W+", "", normalise(item.question))
        if key in seen:
            report.duplicates.append((item, seen[key]))
        else:
            seen[key] = item
        match = index.match(item.question)
        filled = Filled(item, match)
        report.items.append(filled)
        if item.answered or match is None or match.confidence < threshold or match.ambiguous:
            continue
        answer = match.answer
        if answer.effective_audience is not schema.Audience.public:  # the index holds none; never one anyway
            continue
        result = compliance(public, answer)
        filled.used, filled.compliance = True, result.value
        text = plain_text(public.t(answer.answer, lang))
        word = L[f"answers_{result.value}"] if result.value else None
        reviewed = answer.reviewed.isoformat() if answer.reviewed else ""
        item.compliance = result.value
        doc.write(item, text, word, f"{match.confidence:.2f}", answer.id, reviewed)
        if project.is_stale(answer):
            report.stale.append((filled, project.review_due(answer).isoformat()))
        if result.depends:
            report.depends.append((filled, "; ".join(status_note(public, c, lang) for c in result.depends)))
    doc.add_report(report, L)
    report.warnings = list(getattr(doc, "warnings", []))
    report.extra_files = doc.save(out)
    return report


def report_rows(report: Report, L: Mapping[str, str]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report as (title, header, rows) sections: the same in the terminal, a sheet and a page."""
    sections = [
        (L["answers_unanswered"], [L["answers_where"], L["answers_question"], L["answers_best"],
                                   L["answers_confidence"]],
         [[f.item.where, f.item.question, _candidates(f.match), f"{f.match.confidence:.2f}" if f.match else ""]
          for f in report.unanswered]),
        (L["answers_stale"], [L["answers_where"], L["answers_answer_id"], L["answers_due"]],
         [[f.item.where, f.match.answer.id, due] for f, due in report.stale]),
        (L["answers_depends"], [L["answers_where"], L["answers_answer_id"], L["answers_depends_on"]],
         [[f.item.where, f.match.answer.id, notes] for f, notes in report.depends]),
        (L["answers_duplicates"], [L["answers_where"], L["answers_same_as"], L["answers_question"]],
         [[item.where, first.where, item.question] for item, first in report.duplicates]),
    ]
    return sections


def _candidates(match: Match | None) -> str:
    """The closest answer id(s) of an unanswered question: 'a', or 'a / b' when two fit equally."""
    if match is None:
        return ""
    return f"{match.answer.id} / {match.runner_up.id}" if match.ambiguous else match.answer.id


def summary(report: Report, L: Mapping[str, str]) -> str:
    return L["answers_summary"].format(answered=len(report.answered), total=len(report.items) - len(report.kept))


# --------------------------------------------------------------------------- formats


def _atomic_save(out: Path, save: Any) -> None:
    """Write through a temporary file beside ``out``, so a failed write leaves the old file intact."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(fd)
    try:
        save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the result is an ordinary file
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_zip(path: Path, what: str) -> None:
    """The one-line reason an Office file cannot be opened, raised before any library sees it."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            data = head + handle.read(4 * 1024 * 1024) if head == _OLE else head
    except OSError as exc:
        raise EnablekitError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    if head == _OLE:
        if _ENCRYPTED in data:
            raise EnablekitError(f"{path}: the {what} is password-protected; remove the password and try again")
        raise EnablekitError(f"{path}: an old binary Office file, not {what} (save it as .{path.suffix.lstrip('.')} again)")
    if not zipfile.is_zipfile(path):
        raise EnablekitError(f"{path}: not a {what} (the file is damaged or of another type)")


class XlsxFile:
    def __init__(self, path: Path, *, sheet: str | None, question_col: str | None, answer_col: str | None):
        from openpyxl import load_workbook

        _check_zip(path, "workbook")
        try:
            self.wb = load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", rich_text=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file  # noqa: BLE001
            raise EnablekitError(f"{path}: not a readable Excel workbook ({type(exc).__name__})") from None
        self.path = path
        self.warnings = []
        with zipfile.ZipFile(path) as archive:  # what openpyxl reads but cannot write back
            drawings = [n for n in archive.namelist() if n.startswith("xl/drawings/") and n.endswith(".xml")]
            if any(b"<xdr:sp>" in archive.read(n) or b"<xdr:sp " in archive.read(n) for n in drawings):
                self.warnings.append(f"{path.name} has shapes or text boxes, which the filled copy does not keep;"
                                     " copy the answers into the original if they matter")
        if sheet is not None and sheet not in self.wb.sheetnames:
            raise EnablekitError(f"{path}: no sheet '{sheet}' (sheets: {', '.join(self.wb.sheetnames)})")
        self.sheets: list[tuple[Any, Layout, int, dict[str, int]]] = []
        for ws in [self.wb[sheet]] if sheet else self.wb.worksheets:
            rows = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, HEADER_ROWS))]
            layout = find_layout(rows, question_col, answer_col)
            if layout is not None:
                self.sheets.append((ws, layout, layout.header_row + 1, {}))
        if not self.sheets:
            where = f"sheet '{sheet}'" if sheet else "any sheet"
            raise EnablekitError(_no_question_column(path, where, question_col))

    def items(self) -> list[Item]:
        out = []
        for ws, layout, header, _ in self.sheets:
            merged = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
            for row in range(header + 1, ws.max_row + 1):
                cell = ws.cell(row, layout.question + 1)
                value = cell.value
                if type(value).__name__ == "CellRichText":  # text with formatted runs
                    value = str(value)
                if not isinstance(value, str) or not value.strip() or value.startswith("="):
                    continue  # empty, a number or a formula: not a question
                span = merged.get((row, layout.question + 1))
                if span is not None and span.max_col > span.min_col and layout.answer is not None \
                        and span.max_col >= layout.answer + 1:
                    continue  # a section title across the table
                answered = False
                if layout.answer is not None:
                    existing = ws.cell(row, layout.answer + 1).value
                    answered = existing is not None and str(existing).strip() != ""
                out.append(Item(f"{ws.title}!{cell.coordinate}", str(value).strip(), answered, (ws, layout, row)))
        return out

    def _added(self, ws: Any, layout: Layout, header: int, added: dict[str, int], name: str, title: str) -> int:
        """The 1-based column of an added column, creating it (header styled like the question's)."""
        if name not in added:
            col = ws.max_column + 1
            source = ws.cell(header, layout.question + 1)
            target = ws.cell(header, col)
            target.value = title
            if source.has_style:
                target._style = copy.copy(source._style)
            from openpyxl.utils import get_column_letter

            width = {"answer": 60, "compliance": 14}.get(name, 14)
            ws.column_dimensions[get_column_letter(col)].width = width
            added[name] = col
        return added[name]

    def write(self, item: Item, text: str, word: str | None, confidence: str, ident: str, reviewed: str) -> None:
        ws, layout, row = item.handle
        entry = next(s for s in self.sheets if s[0] is ws)
        header, added = entry[2], entry[3]
        L = self.L
        answer_col = layout.answer + 1 if layout.answer is not None else \
            self._added(ws, layout, header, added, "answer", L["answers_answer"])
        comp_col = layout.compliance + 1 if layout.compliance is not None else \
            self._added(ws, layout, header, added, "compliance", L["answers_compliance"])
        cols = [self._added(ws, layout, header, added, key, title)
                for key, title in zip(("confidence", "id", "reviewed"), self.columns.names, strict=True)]
        self._set(ws, row, answer_col, text)
        if word:
            self._set(ws, row, comp_col, _dropdown_choice(ws, ws.cell(row, comp_col).coordinate, item.compliance)
                      or word)
        for col, value in zip(cols, (float(confidence), ident, reviewed), strict=True):
            self._set(ws, row, col, value)

    @staticmethod
    def _set(ws: Any, row: int, col: int, value: Any) -> None:
        from openpyxl.cell.cell import MergedCell

        cell = ws.cell(row, col)
        if isinstance(cell, MergedCell):  # write into the merged range's first cell
            for rng in ws.merged_cells.ranges:
                if cell.coordinate in rng:
                    cell = ws.cell(rng.min_row, rng.min_col)
                    break
        set_text(cell, value)

    def prepare(self, L: Mapping[str, str]) -> None:
        self.L, self.columns = L, Columns(L)

    def add_report(self, report: Report, L: Mapping[str, str]) -> None:
        from openpyxl.styles import Font

        title = L["answers_report_sheet"][:31]
        if title in self.wb.sheetnames:
            del self.wb[title]
        ws = self.wb.create_sheet(title)
        ws.append([summary(report, L)])
        ws["A1"].font = Font(bold=True, size=13)
        for name, header, rows in report_rows(report, L):
            ws.append([])
            ws.append([f"{name} ({len(rows)})"])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
            if rows:
                ws.append(header)
                for cell in ws[ws.max_row]:
                    cell.font = Font(bold=True)
                for row in rows:
                    ws.append(row)
        for letter, width in zip("ABCD", (18, 60, 30, 12), strict=True):
            ws.column_dimensions[letter].width = width

    def save(self, out: Path) -> list[Path]:
        _atomic_save(out, self.wb.save)
        return []


class DocxFile:
    def __init__(self, path: Path, *, sheet: str | None, question_col: str | None, answer_col: str | None):
        import docx

        _check_zip(path, "Word document")
        try:
            self.doc = docx.Document(str(path))
        except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken file
            raise EnablekitError(f"{path}: not a readable Word document ({type(exc).__name__})") from None
        self.path = path
        self.tables: list[tuple[int, Any, Layout, dict[str, int]]] = []
        for n, table in enumerate(self.doc.tables, start=1):
            rows = [[c.text for c in self._cells(row)] for row in table.rows[:HEADER_ROWS]]
            layout = find_layout(rows, question_col, answer_col)
            if layout is not None:
                self.tables.append((n, table, layout, {}))
        if not self.tables:
            raise EnablekitError(_no_question_column(path, "any table", question_col))

    @staticmethod
    def _cells(row: Any) -> list[Any]:
        """A row's cells, a merged cell once per grid column it spans (as python-docx gives them)."""
        return list(row.cells)

    def items(self) -> list[Item]:
        out = []
        for n, table, layout, _ in self.tables:
            for r, row in enumerate(table.rows):
                if r <= layout.header_row:
                    continue
                cells = self._cells(row)
                if layout.question >= len(cells):
                    continue
                qcell = cells[layout.question]
                text = qcell.text.strip()
                if not text:
                    continue
                if layout.answer is not None and layout.answer < len(cells) and cells[layout.answer]._tc is qcell._tc:
                    continue  # a merged section title
                answered = layout.answer is not None and layout.answer < len(cells) and bool(cells[layout.answer].text.strip())
                out.append(Item(f"table {n}, row {r + 1}", text, answered, (table, layout, r)))
        return out

    def prepare(self, L: Mapping[str, str]) -> None:
        self.L, self.columns = L, Columns(L)

    def _added(self, table: Any, layout: Layout, added: dict[str, int], name: str, title: str) -> int:
        if name not in added:
            from docx.shared import Cm

            table.add_column(Cm(2.5 if name != "answer" else 7))
            col = len(table.columns) - 1
            table.rows[layout.header_row].cells[col].text = title
            added[name] = col
        return added[name]

    def write(self, item: Item, text: str, word: str | None, confidence: str, ident: str, reviewed: str) -> None:
        table, layout, r = item.handle
        added = next(t[3] for t in self.tables if t[1] is table)
        L = self.L
        answer_col = layout.answer if layout.answer is not None else self._added(table, layout, added, "answer",
                                                                                L["answers_answer"])
        comp_col = layout.compliance if layout.compliance is not None else \
            self._added(table, layout, added, "compliance", L["answers_compliance"])
        cols = [self._added(table, layout, added, key, title)
                for key, title in zip(("confidence", "id", "reviewed"), self.columns.names, strict=True)]
        cells = table.rows[r].cells
        self._set(cells[answer_col], text)
        if word:
            self._set(cells[comp_col], word)
        for col, value in zip(cols, (confidence, ident, reviewed), strict=True):
            self._set(cells[col], value)

    @staticmethod
    def _set(cell: Any, text: str) -> None:
        """Replace a cell's text, keeping its first paragraph's style."""
        paragraphs = cell.paragraphs
        first = paragraphs[0]
        for extra in paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
        for run in first.runs[1:]:
            run._element.getparent().remove(run._element)
        if first.runs:
            first.runs[0].text = text
        else:
            first.add_run(text)

    def add_report(self, report: Report, L: Mapping[str, str]) -> None:
        self.doc.add_page_break()
        self.doc.add_heading(L["answers_report_sheet"], level=1)
        self.doc.add_paragraph(summary(report, L))
        for name, header, rows in report_rows(report, L):
            self.doc.add_heading(f"{name} ({len(rows)})", level=2)
            if not rows:
                continue
            table = self.doc.add_table(rows=1, cols=len(header))
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.text = text
            for row in rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text

    def save(self, out: Path) -> list[Path]:
        _atomic_save(out, self.doc.save)
        return []


class CsvFile:
    def __init__(self, path: Path, *, sheet: str | None, question_col: str | None, answer_col: str | None):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise EnablekitError(f"{path}: cannot read file: {exc.strerror or exc}") from None
        if raw.startswith(_OLE) or raw.startswith(b"PK\x03\x04") or b"\x00" in raw[:4096]:
            raise EnablekitError(f"{path}: not a CSV file (it is binary; a spreadsheet saved as .csv?)")
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise EnablekitError(f"{path}: not a CSV file (not UTF-8 or GB18030 text)")
        try:
            self.dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        except csv.Error:
            self.dialect = csv.excel
        self.rows = [list(r) for r in csv.reader(io.StringIO(text), self.dialect)]
        self.path = path
        self.layout = find_layout(self.rows, question_col, answer_col)
        if self.layout is None:
            raise EnablekitError(_no_question_column(path, "the header", question_col))
        self.added: dict[str, int] = {}
        self.report_text = ""

    def items(self) -> list[Item]:
        out = []
        lay = self.layout
        for r, row in enumerate(self.rows):
            if r <= lay.header_row or lay.question >= len(row) or not row[lay.question].strip():
                continue
            answered = lay.answer is not None and lay.answer < len(row) and bool(row[lay.answer].strip())
            out.append(Item(f"row {r + 1}", row[lay.question].strip(), answered, r))
        return out

    def prepare(self, L: Mapping[str, str]) -> None:
        self.L, self.columns = L, Columns(L)

    def _col(self, name: str, title: str) -> int:
        if name not in self.added:
            header = self.rows[self.layout.header_row]
            width = max(len(r) for r in self.rows)
            header.extend([""] * (width - len(header)))
            header.append(title)
            self.added[name] = len(header) - 1
        return self.added[name]

    def write(self, item: Item, text: str, word: str | None, confidence: str, ident: str, reviewed: str) -> None:
        L, lay = self.L, self.layout
        answer_col = lay.answer if lay.answer is not None else self._col("answer", L["answers_answer"])
        comp_col = lay.compliance if lay.compliance is not None else self._col("compliance", L["answers_compliance"])
        cols = [self._col(k, t) for k, t in zip(("confidence", "id", "reviewed"), self.columns.names, strict=True)]
        row = self.rows[item.handle]
        values = {answer_col: _csv_safe(text), comp_col: word or "",
                  **dict(zip(cols, (confidence, ident, reviewed), strict=True))}
        for col, value in values.items():
            row.extend([""] * (col + 1 - len(row)))
            row[col] = value

    def add_report(self, report: Report, L: Mapping[str, str]) -> None:
        lines = [f"# {L['answers_report_sheet']}", "", summary(report, L), ""]
        for name, header, rows in report_rows(report, L):
            lines += [f"## {name} ({len(rows)})", ""]
            if rows:
                lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                lines += ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |" for row in rows]
            lines.append("")
        self.report_text = "\n".join(lines)

    def save(self, out: Path) -> list[Path]:
        width = max(len(r) for r in self.rows)

        def write(tmp: str) -> None:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, self.dialect)
                writer.writerows(r + [""] * (width - len(r)) if r else r for r in self.rows)

        _atomic_save(out, write)
        report = out.with_name(f"{out.stem}.report.md")
        _atomic_save(report, lambda tmp: Path(tmp).write_text(self.report_text, encoding="utf-8"))
        return [report]


# what customers' drop-down lists call yes, partial and no
_CHOICES = {
    "yes": ("yes", "y", "compliant", "comply", "fully compliant", "full", "supported", "是", "满足", "完全满足", "符合",
            "完全符合", "支持", "はい", "ja"),
    "partial": ("partial", "partially", "partially compliant", "partly", "部分满足", "部分符合", "部分支持", "部分",
                "一部対応", "teilweise"),
    "no": ("no", "n", "non-compliant", "not compliant", "not supported", "否", "不满足", "不符合", "不支持", "いいえ",
           "nein"),
}


def _dropdown_choice(ws: Any, coordinate: str, value: str | None) -> str | None:
    """The option of the cell's drop-down list (data validation) that means ``value``, if it has one."""
    if value is None:
        return None
    for validation in ws.data_validations.dataValidation:
        if validation.type != "list" or coordinate not in validation.sqref:
            continue
        formula = (validation.formula1 or "").strip()
        if not (formula.startswith('"') and formula.endswith('"')):
            return None  # a list from a range of cells: not looked up
        options = [o.strip() for o in formula[1:-1].split(",") if o.strip()]
        for option in options:
            if _norm_header(option) in _CHOICES[value]:
                return option
        return None
    return None


def set_text(cell: Any, value: Any) -> None:
    """Put ``value`` in a worksheet cell as data: text that starts with '=' stays text, never a formula."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


def _csv_safe(value: str) -> str:
    """A value for a CSV file that spreadsheet programs will not run as a formula (=, +, @, -cmd)."""
    if value[:1] in ("=", "+", "@", "\t", "\r") or (value[:1] == "-" and value[1:2] not in (" ", "")):
        return "'" + value
    return value


def library_workbook(project: Project, lang: str) -> tuple[bytes, int]:
    """The answers of ``project`` (an audience view: give it the public one) as an .xlsx, in ``lang``:
    the bytes and the number of answers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    L = project.labels(lang)
    wb = Workbook()
    ws = wb.active
    ws.title = L["answer_library"][:31]
    header = [L["answers_answer_id"], L["category"], L["answers_question"], L["answers_variants"],
              L["answers_answer"], L["answers_compliance"], L["answers_capabilities"], L["answers_reviewed"]]
    ws.append(header)
    fill = PatternFill("solid", fgColor=project.company.brand.primary.lstrip("#").upper())
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), fill
    answers = sorted(project.answers.values(), key=lambda a: (a.category, a.id))
    for answer in answers:
        result = compliance(project, answer)
        values = [
            answer.id, L[f"answers_category_{answer.category}"], project.t(answer.question, lang),
            "\n".join(project.t(v, lang) for v in answer.variants), plain_text(project.t(answer.answer, lang)),
            L[f"answers_{result.value}"] if result.value else "",
            "; ".join(status_note(project, c, lang) for c in result.depends),
            answer.reviewed.isoformat() if answer.reviewed else "",
        ]
        ws.append([None] * len(values))
        for col, value in enumerate(values, start=1):
            cell = ws.cell(ws.max_row, col)
            set_text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in enumerate((18, 14, 40, 40, 70, 12, 30, 12), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, ws.max_row)}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), len(answers)


def _no_question_column(path: Path, where: str, question_col: str | None) -> str:
    if question_col:
        return f"{path}: no question column '{question_col}' in {where}"
    return (f"{path}: no question column found in {where} (looked for a header such as 'Question', '问题' or '需求'"
            f" in the first {HEADER_ROWS} rows); name it with --question-col")
