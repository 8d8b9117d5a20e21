"""Fill a customer's questionnaire (.xlsx, .docx tables, .csv) from the answer library.

The customer's file keeps the customer's columns and words: only the answer cell and the compliance
cell of each answered question change (the compliance as an option of the cell's drop-down list, or
in the compliance header's language); an answer column is added only when the file has none; no
title row is written to. Each answer is in its question's language when the library has it. Review
data (confidence, answer id, review date, notes) goes to the report and, with ``review``, to a copy of
the file that has it in added columns and a report sheet or section. Internal answers are never
written: a question only an internal answer fits is reported with that answer's owner.

A file is checked before any library reads it: its type, a password, a zip bomb, an XML document
type declaration (external entities), a sheet of more rows than a questionnaire has.
"""

from __future__ import annotations

import copy
import csv
import io
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import schema
from ..content.diagnostics import EnablekitError
from ..content.files import csv_text
from ..content.model import Project
from ..language.i18n import CATALOGS
from ..views.audience import view
from .lang import language_among, language_of, pick
from .library import compliance, plain_text, status_note
from .matching import AnswerIndex, Match, detect_language, normalise

HEADER_ROWS = 20  # a header is looked for in the first rows of each sheet / table
MAX_ROWS = 100_000  # a questionnaire has far fewer; more is refused before it is read
MAX_UNPACKED = 200 * 1024 * 1024  # bytes an .xlsx/.docx may unpack to
MAX_RATIO = 500  # unpacked / packed size of one part (over 1 MB) beyond which it is a zip bomb
MAX_CSV = 50 * 1024 * 1024

# header words per language (normalised: lower case, no punctuation); the catalogs' own words are added
QUESTION_HEADERS = {
    "question", "questions", "requirement", "requirements", "query", "control", "item", "description",
    "question text", "requirement description",
    "问题", "问题描述", "问询", "需求", "需求描述", "要求", "技术要求", "条款", "题目", "检查项", "评估项", "内容",
    "問題", "需求說明", "項目", "檢查項",
    "exigence", "exigences", "intitulé", "critère", "description de l'exigence", "libellé",
    "frage", "fragen", "anforderung", "anforderungen", "kriterium", "beschreibung",
    "pregunta", "requisito", "requerimiento", "domanda", "pergunta", "vraag", "eis", "eisen", "vereiste",
    "質問", "質問内容", "要件", "要求事項", "確認項目", "질문", "요구사항", "항목",
}
ANSWER_HEADERS = {
    "answer", "answers", "response", "vendor response", "supplier response", "reply", "vendor answer",
    "comments", "vendor comments", "supplier comments",
    "回答", "答复", "回复", "应答", "应答说明", "供应商回复", "供应商答复", "厂商回复", "响应说明", "说明",
    "答覆", "回覆", "廠商回覆",
    "réponse", "réponses", "réponse du fournisseur", "réponse du soumissionnaire", "réponse du candidat",
    "réponse du prestataire", "commentaire du fournisseur",
    "antwort", "antworten", "antwort des anbieters", "antwort anbieter", "stellungnahme", "erläuterung",
    "respuesta", "respuesta del proveedor", "risposta", "risposta del fornitore", "resposta",
    "resposta do fornecedor", "antwoord", "antwoord leverancier", "toelichting",
    "ご回答", "回答内容", "説明", "답변", "응답",
}
COMPLIANCE_HEADERS = {
    "compliance", "compliant", "comply", "yes/no", "y/n", "supported", "meets requirement",
    "是否满足", "是否符合", "是否支持", "符合性", "符合情况", "满足情况", "响应情况", "是否滿足", "符合情況",
    "conformité", "conforme", "statut de conformité", "erfüllung", "erfüllt", "erfüllungsgrad", "konformität",
    "cumplimiento", "cumple", "conformità", "conformidade", "atende", "voldoet", "naleving",
    "適合", "適合状況", "対応可否", "可否", "준수", "준수 여부", "충족 여부",
}
# a column the buyer fills (its comments, its score) is never the supplier's answer
BUYER_WORDS = ("acheteur", "buyer", "customer", "client", "purchaser", "käufer", "auftraggeber", "买方", "采购方",
               "甲方", "招标人", "評価", "comprador", "acquirente", "koper", "score", "note", "bewertung", "评分")


def _catalog_words() -> dict[str, set[str]]:
    """The catalogs' own words for the three columns, in every shipped language."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml reads the catalogs ten times faster
    out: dict[str, set[str]] = {"question": set(), "answer": set(), "compliance": set()}
    for path in sorted(CATALOGS.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - a safe loader
        for kind in out:
            value = data.get(f"answers_{kind}")
            if isinstance(value, str):
                out[kind].add(_norm_header(value))
    return out


def _norm_header(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    text = normalise(value)
    text = re.sub(r"[（(][^)）]*[)）]", "", text)  # "Answer (vendor)" → "answer"
    text = text.replace("’", "'")
    return re.sub(r"[\s:：*＊_.。?？]+", " ", text).strip()


_NAMES: dict[str, frozenset[str]] = {}


def _names(kind: str) -> frozenset[str]:
    if not _NAMES:
        catalog = _catalog_words()
        for name, words in (("question", QUESTION_HEADERS), ("answer", ANSWER_HEADERS),
                            ("compliance", COMPLIANCE_HEADERS)):
            _NAMES[name] = frozenset({_norm_header(w) for w in words} | catalog[name])
    return _NAMES[kind]


def _header_score(value: Any, kind: str) -> int:
    """3 when a cell is exactly a ``kind`` header in some language, 1 when it contains one (a whole
    word for latin names: 'Questionnaire' is not a 'question' header), else 0. A buyer's column is no
    answer or compliance column."""
    text = _norm_header(value)
    if not text or len(text) > 40:
        return 0
    if kind != "question" and any(w in text for w in BUYER_WORDS):
        return 0
    names = _names(kind)
    if text in names:
        return 3
    for name in names:
        if name.isascii() or re.search(r"[a-zà-ÿ]", name):
            if len(name) >= 4 and re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text):
                return 1
        elif len(name) >= 2 and name in text:
            return 1
    return 0


def _is_letter(spec: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]{1,3}", spec.strip()))


def _letter_index(spec: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(spec.strip().upper()) - 1


def _col_index(spec: str, header: list[Any]) -> int | None:
    """A column given by its header text or as a letter (B, AA): its 0-based index, or None."""
    wanted = _norm_header(spec)
    for i, value in enumerate(header):
        if _norm_header(value) == wanted:
            return i
    return _letter_index(spec) if _is_letter(spec) else None


@dataclass
class Layout:
    header_row: int  # 0-based within the rows looked at
    question: int
    answer: int | None
    compliance: int | None


def find_layout(rows: list[list[Any]], question_col: str | None, answer_col: str | None,
                title_rows: set[int] = frozenset()) -> Layout | None:  # type: ignore[assignment]
    """Where the header row and the question, answer and compliance columns are, or None. The header
    row is the one among the first rows whose cells look most like question/answer/compliance headers
    in any catalog language; without such words, the row above the first column of long texts.
    ``title_rows`` (0-based: rows merged across the table) are never the header."""
    best: tuple[int, Layout] | None = None
    for r, row in enumerate(rows[:HEADER_ROWS]):
        if r in title_rows:
            continue
        if question_col:
            q = _col_index(question_col, row)
            if q is None or (not _is_letter(question_col) and _norm_header(row[q]) != _norm_header(question_col)):
                continue
            q_score = 3 if not _is_letter(question_col) else _header_score(row[q] if q < len(row) else None,
                                                                            "question")
        else:
            q_score, q = max(((_header_score(v, "question"), i) for i, v in enumerate(row)), default=(0, 0))
            if not q_score:
                continue
        rest = [(i, v) for i, v in enumerate(row) if i != q]
        c_score, comp_col = max(((_header_score(v, "compliance"), i) for i, v in rest), default=(0, None))
        comp_col = comp_col if c_score else None
        if answer_col:
            a, a_score = _col_index(answer_col, row), 3
        else:
            a_score, a = max(((_header_score(v, "answer"), i) for i, v in rest if i != comp_col),
                             default=(0, None))
            a = a if a_score else None
        score = q_score * 2 + a_score + c_score
        if best is None or score > best[0]:
            best = (score, Layout(r, q, a, comp_col))
    if best is not None:
        return best[1]
    return _layout_by_shape(rows, question_col, answer_col, title_rows)


def _layout_by_shape(rows: list[list[Any]], question_col: str | None, answer_col: str | None,
                     title_rows: set[int]) -> Layout | None:
    """No header words: the header is the first row (not a title) under which one column holds long
    texts in most rows; that column holds the questions (or the one named by letter)."""
    for r, row in enumerate(rows[:HEADER_ROWS]):
        if r in title_rows or sum(1 for v in row if isinstance(v, str) and v.strip()) < 2:
            continue
        below = rows[r + 1:r + 31]
        if len(below) < 2:
            continue
        if question_col and _is_letter(question_col):
            q = _letter_index(question_col)
        else:
            width = max(len(x) for x in below)
            means = []
            for c in range(width):
                texts = [x[c] for x in below if c < len(x) and isinstance(x[c], str) and x[c].strip()]
                if len(texts) * 2 >= len(below):
                    means.append((sum(len(t) for t in texts) / len(texts), c))
            if not means or max(means)[0] < 15:
                continue
            q = max(means)[1]
        a = _letter_index(answer_col) if answer_col and _is_letter(answer_col) else None
        return Layout(r, q, a, None)
    return None


# --------------------------------------------------------------------------- results


@dataclass
class Item:
    where: str  # "Security!B7", "table 2, row 4", "row 12"
    question: str
    answered: bool = False  # the file already had an answer: left alone
    handle: Any = None  # the format's own reference to the row
    compliance: str | None = None  # yes | partial | no, once answered
    language: str | None = None  # the question's own language, when it tells


@dataclass
class Filled:
    item: Item
    match: Match | None
    used: bool = False
    compliance: str | None = None
    language: str = ""  # the language the answer was written in
    note: str = ""  # for the review: stale, beta/roadmap, internal, why empty


@dataclass
class Report:
    source: Path
    out: Path
    language: str
    items: list[Filled] = field(default_factory=list)
    stale: list[tuple[Filled, str]] = field(default_factory=list)  # (row, review due)
    depends: list[tuple[Filled, str]] = field(default_factory=list)  # (row, capability notes)
    internal: list[tuple[Filled, str]] = field(default_factory=list)  # (row, the internal answer's owner)
    duplicates: list[tuple[Item, Item]] = field(default_factory=list)  # (row, first row with that question)
    review: Path | None = None
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


@dataclass
class Written:
    """What one answered row gets: the customer's cells, and the review columns of the review copy."""

    text: str
    word: str | None  # the compliance value in the customer's words (or None: left alone)
    value: str | None  # yes | partial | no
    review: list[Any]  # confidence, answer id, reviewed, note


def review_columns(L: Mapping[str, str]) -> list[str]:
    return [L["answers_confidence"], L["answers_answer_id"], L["answers_reviewed"], L["answers_note"]]


# --------------------------------------------------------------------------- entry point


def fill(project: Project, path: Path, *, out: Path | None = None, language: str | None = None,
         sheet: str | None = None, question_col: str | None = None, answer_col: str | None = None,
         review: Path | None = None) -> Report:
    """Answer every question of the questionnaire at ``path``; write the result to ``out`` (default:
    ``<name>.answered.<ext>`` beside it) and, when asked, the review copy to ``review``. Raises
    EnablekitError (one line) for a file it cannot use; the file itself is never written to."""
    path = Path(path)
    if not path.is_file():
        raise EnablekitError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".doc"):
        raise EnablekitError(f"{path}: the old binary {suffix} format is not supported; save it as {suffix}x and try again")
    kinds = {".xlsx": XlsxFile, ".xlsm": XlsxFile, ".docx": DocxFile, ".csv": CsvFile}
    if suffix not in kinds:
        raise EnablekitError(f"{path}: not a questionnaire file enablekit can fill (use .xlsx, .docx or .csv)")
    out = Path(out) if out else path.with_name(f"{path.stem}.answered{path.suffix}")
    for target, option in ((out, "--out"), (review, "--review")):
        if target is not None and target.resolve() == path.resolve():
            raise EnablekitError(f"{path}: {option} names the questionnaire itself; write to another file")
    languages = [*project.languages, *project.answer_languages]  # a question may be in an answer language
    if language is not None and language not in languages:
        extra = f"; answer languages: {', '.join(project.answer_languages)}" if project.answer_languages else ""
        raise EnablekitError(f"--language {language}: not a language of the project"
                             f" ({', '.join(project.languages)}{extra})")
    options = {"sheet": sheet, "question_col": question_col, "answer_col": answer_col}
    doc = kinds[suffix](path, **options)
    items = doc.items()
    lang = language or detect_language([i.question for i in items], languages)
    public = view(project, schema.Audience.public)
    index = AnswerIndex(list(project.answers.values()), project.languages,
                        cache=project.root / ".enablekit-cache" / "answers")
    report = Report(path, out, lang, review=review)
    L = project.labels(lang)
    copy_doc = kinds[suffix](path, **options) if review is not None else None
    docs = [d for d in (doc, copy_doc) if d is not None]
    for d in docs:
        d.prepare(project, lang)
    if copy_doc is not None:
        copy_doc.add_review_columns(review_columns(L))
    seen: dict[str, Item] = {}
    matches = index.match_all([item.question for item in items])
    for item, copy_item, match in zip(items, copy_doc.items() if copy_doc else items, matches, strict=True):
        key = re.sub(r"\W+", "", normalise(item.question))
        if key in seen:
            report.duplicates.append((item, seen[key]))
        else:
            seen[key] = item
        filled = Filled(item, match)
        report.items.append(filled)
        if item.answered or match is None:
            continue
        answer = public.answers.get(match.answer.id)
        if not match.usable or answer is None or answer.effective_audience is not schema.Audience.public:
            if match.why == "internal":
                owner = match.answer.owner or project.company.owner or ""
                report.internal.append((filled, owner))
                filled.note = f"{L['answers_internal']}: {match.answer.id}"
                if copy_doc is not None:
                    copy_doc.write(copy_item, None, [f"{match.confidence:.2f}", match.answer.id, "", filled.note])
            continue
        result = compliance(public, answer)
        asked = item.language or (language_among(item.question, languages) if project.answer_languages else None)
        answer_lang = language or pick(asked, sorted(answer.answer.languages) or [lang],
                                       [lang, "en", *project.languages])
        text = plain_text(public.t(answer.answer, answer_lang))
        filled.used, filled.compliance, filled.language = True, result.value, answer_lang
        item.compliance = result.value
        notes = []
        if project.is_stale(answer):
            due = project.review_due(answer).isoformat()
            report.stale.append((filled, due))
            notes.append(f"{L['answers_due']} {due}")
        if result.depends:
            depends = "; ".join(status_note(public, c, lang) for c in result.depends)
            report.depends.append((filled, depends))
            notes.append(depends)
        filled.note = "; ".join(notes)
        reviewed = answer.reviewed.isoformat() if answer.reviewed else ""
        written = Written(text, None, result.value, [f"{match.confidence:.2f}", answer.id, reviewed, filled.note])
        doc.write(item, written, None)
        if copy_doc is not None:
            copy_doc.write(copy_item, written, written.review)
    report.warnings = list(getattr(doc, "warnings", []))
    report.extra_files = doc.save(out)
    if copy_doc is not None:
        copy_doc.add_report(report, L)
        report.extra_files += [review, *copy_doc.save(review)]
    return report


def report_rows(report: Report, L: Mapping[str, str]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The report as (title, header, rows) sections: the same in the terminal, a sheet and a page."""
    internal = {id(f) for f, _ in report.internal}
    sections = [
        (L["answers_unanswered"], [L["answers_where"], L["answers_question"], L["answers_best"],
                                   L["answers_confidence"]],
         [[f.item.where, f.item.question, _candidates(f.match), f"{f.match.confidence:.2f}" if f.match else ""]
          for f in report.unanswered if id(f) not in internal]),
        (L["answers_internal"], [L["answers_where"], L["answers_question"], L["answers_answer_id"],
                                 L["answers_owner"]],
         [[f.item.where, f.item.question, f.match.answer.id, owner] for f, owner in report.internal]),
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
    return f"{match.answer.id} / {match.runner_up.id}" if match.ambiguous and match.runner_up else match.answer.id


def summary(report: Report, L: Mapping[str, str]) -> str:
    return L["answers_summary"].format(answered=len(report.answered), total=len(report.items) - len(report.kept))


# --------------------------------------------------------------------------- the customer's words

# what customers' drop-down lists and compliance columns call yes, partial and no
_CHOICES = {
    "yes": ("yes", "y", "compliant", "comply", "fully compliant", "full", "supported", "fully supported", "met",
            "是", "满足", "完全满足", "符合", "完全符合", "支持", "滿足", "完全滿足", "はい", "対応", "対応可", "適合",
            "ja", "erfüllt", "voll erfüllt", "oui", "conforme", "totalement conforme", "sí", "si", "cumple",
            "sim", "atende", "conforme", "voldoet", "예", "충족", "준수"),
    "partial": ("partial", "partially", "partially compliant", "partly", "partially supported", "partially met",
                "部分满足", "部分符合", "部分支持", "部分", "部分滿足", "一部対応", "一部適合", "teilweise",
                "teilweise erfüllt", "partiel", "partiellement", "partiellement conforme", "parcial",
                "cumple parcialmente", "parziale", "parzialmente conforme", "atende parcialmente", "gedeeltelijk",
                "부분 충족", "일부"),
    "no": ("no", "n", "non-compliant", "not compliant", "not supported", "not met", "否", "不满足", "不符合",
           "不支持", "不滿足", "いいえ", "非対応", "対応不可", "不適合", "nein", "nicht erfüllt", "non",
           "non conforme", "no cumple", "não", "não atende", "non conforme", "voldoet niet", "nee", "아니오",
           "미충족"),
}
_CHOICE_OF = {_norm_header(word): value for value, words in _CHOICES.items() for word in words}


def choice(options: list[str], value: str | None) -> str | None:
    """The option among a customer's ``options`` that means ``value`` (yes | partial | no), if one does."""
    if value is None:
        return None
    for option in options:
        if _CHOICE_OF.get(_norm_header(option)) == value:
            return option
    return None


def word_for(value: str | None, header: Any, project: Project, lang: str) -> str | None:
    """The compliance word in the language of the compliance column's header (else ``lang``)."""
    if value is None:
        return None
    header_lang = language_of(header) if isinstance(header, str) else None
    return project.labels(header_lang or lang)[f"answers_{value}"]


# --------------------------------------------------------------------------- checks and saving


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


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file or an old binary .xls/.doc
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _check_zip(path: Path, what: str) -> None:
    """The one-line reason an Office file cannot be opened, raised before any library sees it: not a
    zip, encrypted, a zip bomb, a document type declaration, more rows than a questionnaire has."""
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
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > MAX_UNPACKED or any(
                    i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(1, i.compress_size) for i in infos):
                raise EnablekitError(f"{path}: the {what} unpacks to far more than it holds (a zip bomb?); not opened")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    _check_part(path, what, archive, info)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError):
        raise EnablekitError(f"{path}: not a {what} (the file is damaged or of another type)") from None


def _check_part(path: Path, what: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream one XML part: no DOCTYPE (entities, external ones included), not too many rows."""
    sheet = info.filename.startswith("xl/worksheets/")
    rows = 0
    with archive.open(info) as part:
        start = part.read(4096)
        if b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper():
            raise EnablekitError(f"{path}: the {what} declares an XML document type (DOCTYPE, entities), which"
                                 " Office never writes; not opened")
        if not sheet:
            return
        chunk, tail = start, b""
        while chunk:
            rows += len(_ROW_TAG.findall(tail + chunk))
            if rows > MAX_ROWS:
                raise EnablekitError(f"{path}: a sheet has more than {MAX_ROWS:,} rows, more than a questionnaire"
                                     " has; not opened")
            tail = chunk[-8:]
            rows -= len(_ROW_TAG.findall(tail))  # counted again with the next chunk
            chunk = part.read(1024 * 1024)


def _safe(value: str) -> str:
    """A value that spreadsheet programs will not run as a formula (OWASP's CSV injection rule: a cell
    starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe)."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"):
        return "'" + value
    return value


def set_text(cell: Any, value: Any) -> None:
    """Put ``value`` in a worksheet cell as data: text that starts with '=' stays text, never a formula."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


# --------------------------------------------------------------------------- formats


class _Doc:
    """What the three formats share: the project and the file's language, set by ``prepare``."""

    project: Project
    lang: str
    warnings: list[str]

    def prepare(self, project: Project, lang: str) -> None:
        self.project, self.lang = project, lang

    def _answer_title(self) -> str:
        return self.project.labels(self.lang)["answers_answer"]


def _title_rows_xlsx(ws: Any) -> set[int]:
    """0-based rows of the first ones that hold only a title merged across columns."""
    out = set()
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= HEADER_ROWS and rng.max_col > rng.min_col:
            row = [c.value for c in ws[rng.min_row]]
            values = [v for v in row if v is not None and str(v).strip()]
            if len(values) <= 1:
                out.update(range(rng.min_row - 1, rng.max_row))
    return out


class XlsxFile(_Doc):
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
            last = min(ws.max_row, HEADER_ROWS + 30)
            rows = [[_value(c.value) for c in row] for row in ws.iter_rows(min_row=1, max_row=last)]
            layout = find_layout(rows, question_col, answer_col, _title_rows_xlsx(ws))
            if layout is not None:
                self.sheets.append((ws, layout, layout.header_row + 1, {}))
        if not self.sheets:
            where = f"sheet '{sheet}'" if sheet else "any sheet"
            raise EnablekitError(_no_question_column(path, where, question_col))

    def items(self) -> list[Item]:
        out = []
        for ws, layout, header, _ in self.sheets:
            merged = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
            header_text = _norm_header(_value(ws.cell(header, layout.question + 1).value))
            for row in range(header + 1, ws.max_row + 1):
                cell = ws.cell(row, layout.question + 1)
                value = _value(cell.value)
                if not isinstance(value, str) or not value.strip() or value.startswith("="):
                    continue  # empty, a number or a formula: not a question
                if _norm_header(value) == header_text:
                    continue  # the header repeated (on each printed page)
                span = merged.get((row, layout.question + 1))
                if span is not None and span.max_col > span.min_col and layout.answer is not None \
                        and span.max_col >= layout.answer + 1:
                    continue  # a section title across the table
                answered = False
                if layout.answer is not None:
                    existing = ws.cell(row, layout.answer + 1).value
                    answered = existing is not None and str(existing).strip() != ""
                out.append(Item(f"{ws.title}!{cell.coordinate}", value.strip(), answered, (ws, layout, row),
                                language=language_of(value)))
        return out

    def _add(self, ws: Any, header: int, source_col: int, title: str, width: int) -> int:
        """Add a column after the last one, its header styled like ``source_col``'s; its 1-based index."""
        from openpyxl.utils import get_column_letter

        col = ws.max_column + 1
        source, target = ws.cell(header, source_col), ws.cell(header, col)
        target.value = title
        if source.has_style:
            target._style = copy.copy(source._style)
        ws.column_dimensions[get_column_letter(col)].width = width
        return col

    def add_review_columns(self, names: list[str]) -> None:
        for ws, layout, header, added in self.sheets:
            if layout.answer is None and "answer" not in added:
                added["answer"] = self._add(ws, header, layout.question + 1, self._answer_title(), 60)
            for name in names:
                added[name] = self._add(ws, header, layout.question + 1, name, 16)
            added["review"] = 1

    def write(self, item: Item, written: Written | None, review: list[Any] | None) -> None:
        ws, layout, row = item.handle
        entry = next(s for s in self.sheets if s[0] is ws)
        header, added = entry[2], entry[3]
        if written is not None:
            if layout.answer is not None:
                answer_col = layout.answer + 1
            else:
                if "answer" not in added:
                    added["answer"] = self._add(ws, header, layout.question + 1, self._answer_title(), 60)
                answer_col = added["answer"]
            self._set(ws, row, answer_col, written.text)
            if layout.compliance is not None and written.value:
                word = self._word(ws, row, layout.compliance + 1, header, written.value)
                if word:
                    self._set(ws, row, layout.compliance + 1, word)
        if review is not None:
            cols = [v for k, v in added.items() if k not in ("answer", "review")]
            for col, value in zip(cols, [float(review[0]), *review[1:]], strict=True):
                self._set(ws, row, col, value)

    def _word(self, ws: Any, row: int, col: int, header: int, value: str) -> str | None:
        """The customer's word for ``value``: its drop-down's option (none when the list has no option
        that means it), else the catalog word in the compliance header's language."""
        options = self._dropdown(ws, ws.cell(row, col).coordinate)
        if options is not None:
            return choice(options, value)
        return word_for(value, _value(ws.cell(header, col).value), self.project, self.lang)

    def _dropdown(self, ws: Any, coordinate: str) -> list[str] | None:
        """The options of the cell's drop-down list (data validation), or None when it has none."""
        for validation in ws.data_validations.dataValidation:
            if validation.type != "list" or coordinate not in validation.sqref:
                continue
            formula = (validation.formula1 or "").strip()
            if formula.startswith('"') and formula.endswith('"'):
                return [o.strip() for o in formula[1:-1].split(",") if o.strip()]
            return self._range_values(ws, formula.lstrip("="))
        return None

    def _range_values(self, ws: Any, ref: str) -> list[str]:
        """The texts of a list's source range: 'Listes'!$A$1:$A$3, $H$1:$H$3 or a defined name."""
        if ref in self.wb.defined_names:
            destinations = list(self.wb.defined_names[ref].destinations)
            if not destinations:
                return []
            title, ref = destinations[0]
            sheet = self.wb[title] if title in self.wb.sheetnames else ws
        elif "!" in ref:
            title, ref = ref.rsplit("!", 1)
            title = title.strip("'")
            if title not in self.wb.sheetnames:
                return []
            sheet = self.wb[title]
        else:
            sheet = ws
        try:
            cells = sheet[ref.replace("$", "")]
        except ValueError:
            return []
        flat = [c for row in (cells if isinstance(cells, tuple) else ((cells,),)) for c in
                (row if isinstance(row, tuple) else (row,))]
        return [str(_value(c.value)).strip() for c in flat[:200] if c.value is not None]

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
                    ws.append([None] * len(row))
                    for col, value in enumerate(row, start=1):
                        set_text(ws.cell(ws.max_row, col), value)
        for letter, width in zip("ABCD", (18, 60, 30, 12), strict=True):
            ws.column_dimensions[letter].width = width

    def save(self, out: Path) -> list[Path]:
        _atomic_save(out, self.wb.save)
        return []


def _value(value: Any) -> Any:
    """A cell's value, rich text as its plain text."""
    return str(value) if type(value).__name__ == "CellRichText" else value


class DocxFile(_Doc):
    def __init__(self, path: Path, *, sheet: str | None, question_col: str | None, answer_col: str | None):
        import docx

        _check_zip(path, "Word document")
        try:
            self.doc = docx.Document(str(path))
        except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken file
            raise EnablekitError(f"{path}: not a readable Word document ({type(exc).__name__})") from None
        self.path = path
        self.warnings = []
        self.tables: list[tuple[int, Any, Layout, dict[str, int]]] = []
        for n, table in enumerate(self.doc.tables, start=1):
            cells = [list(row.cells) for row in table.rows[:HEADER_ROWS + 30]]
            rows = [[c.text for c in row] for row in cells]
            titles = {r for r, row in enumerate(cells) if len(row) > 1 and all(c._tc is row[0]._tc for c in row)}
            layout = find_layout(rows, question_col, answer_col, titles)
            if layout is not None:
                self.tables.append((n, table, layout, {}))
        if not self.tables:
            raise EnablekitError(_no_question_column(path, "any table", question_col))

    def items(self) -> list[Item]:
        out = []
        for n, table, layout, _ in self.tables:
            header_text = ""
            for r, row in enumerate(table.rows):
                cells = list(row.cells)
                if r == layout.header_row and layout.question < len(cells):
                    header_text = _norm_header(cells[layout.question].text)
                if r <= layout.header_row or layout.question >= len(cells):
                    continue
                qcell = cells[layout.question]
                text = qcell.text.strip()
                if not text or _norm_header(text) == header_text:
                    continue
                if all(c._tc is qcell._tc for c in cells):
                    continue  # a merged section title
                answered = layout.answer is not None and layout.answer < len(cells) and bool(cells[layout.answer].text.strip())
                out.append(Item(f"table {n}, row {r + 1}", text, answered, (table, layout, r),
                                language=language_of(text)))
        return out

    def _add(self, table: Any, layout: Layout, title: str, wide: bool) -> int:
        from docx.shared import Cm

        table.add_column(Cm(7 if wide else 2.5))
        col = len(table.columns) - 1
        self._set(table.rows[layout.header_row].cells[col], title)
        return col

    def add_review_columns(self, names: list[str]) -> None:
        for _, table, layout, added in self.tables:
            if layout.answer is None and "answer" not in added:
                added["answer"] = self._add(table, layout, self._answer_title(), True)
            for name in names:
                added[name] = self._add(table, layout, name, False)

    def write(self, item: Item, written: Written | None, review: list[Any] | None) -> None:
        table, layout, r = item.handle
        added = next(t[3] for t in self.tables if t[1] is table)
        cells = table.rows[r].cells
        if written is not None:
            if layout.answer is None and "answer" not in added:
                added["answer"] = self._add(table, layout, self._answer_title(), True)
                cells = table.rows[r].cells
            self._set(cells[layout.answer if layout.answer is not None else added["answer"]], written.text)
            if layout.compliance is not None and written.value:
                header = table.rows[layout.header_row].cells[layout.compliance].text
                word = word_for(written.value, header, self.project, self.lang)
                if word:
                    self._set(cells[layout.compliance], word)
        if review is not None:
            cols = [v for k, v in added.items() if k != "answer"]
            for col, value in zip(cols, review, strict=True):
                self._set(cells[col], str(value))

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


class CsvFile(_Doc):
    def __init__(self, path: Path, *, sheet: str | None, question_col: str | None, answer_col: str | None):
        try:
            size = path.stat().st_size
            if size > MAX_CSV:
                raise EnablekitError(f"{path}: {size // (1024 * 1024)} MB, more than a questionnaire has; not opened")
            raw = path.read_bytes()
        except OSError as exc:
            raise EnablekitError(f"{path}: cannot read file: {exc.strerror or exc}") from None
        text = csv_text(path, raw)
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
        self.delimiter = delimiter
        self.rows: list[list[str]] = []
        try:
            for row in csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter, strict=False):
                self.rows.append(list(row))
                if len(self.rows) > MAX_ROWS:
                    raise EnablekitError(f"{path}: more than {MAX_ROWS:,} rows, more than a questionnaire has;"
                                         " not opened")
        except csv.Error as exc:
            raise EnablekitError(f"{path}: not a readable CSV file ({exc})") from None
        self.path = path
        self.warnings = []
        self.layout = find_layout(self.rows, question_col, answer_col)
        if self.layout is None:
            raise EnablekitError(_no_question_column(path, "the header", question_col))
        self.added: dict[str, int] = {}
        self.report_text = ""

    def items(self) -> list[Item]:
        out = []
        lay = self.layout
        header_text = _norm_header(self.rows[lay.header_row][lay.question]) \
            if lay.question < len(self.rows[lay.header_row]) else ""
        for r, row in enumerate(self.rows):
            if r <= lay.header_row or lay.question >= len(row) or not row[lay.question].strip():
                continue
            if _norm_header(row[lay.question]) == header_text:
                continue
            answered = lay.answer is not None and lay.answer < len(row) and bool(row[lay.answer].strip())
            out.append(Item(f"row {r + 1}", row[lay.question].strip(), answered, r,
                            language=language_of(row[lay.question])))
        return out

    def _col(self, name: str, title: str) -> int:
        if name not in self.added:
            header = self.rows[self.layout.header_row]
            width = max(len(r) for r in self.rows)
            header.extend([""] * (width - len(header)))
            header.append(title)
            self.added[name] = len(header) - 1
        return self.added[name]

    def add_review_columns(self, names: list[str]) -> None:
        if self.layout.answer is None:
            self._col("answer", self._answer_title())
        for name in names:
            self._col(name, name)

    def write(self, item: Item, written: Written | None, review: list[Any] | None) -> None:
        lay = self.layout
        row = self.rows[item.handle]
        values: dict[int, str] = {}
        if written is not None:
            answer_col = lay.answer if lay.answer is not None else self._col("answer", self._answer_title())
            values[answer_col] = written.text
            if lay.compliance is not None and written.value:
                header = self.rows[lay.header_row][lay.compliance]
                word = word_for(written.value, header, self.project, self.lang)
                if word:
                    values[lay.compliance] = word
        if review is not None:
            cols = [v for k, v in self.added.items() if k != "answer"]
            values.update(zip(cols, (str(v) for v in review), strict=True))
        for col, value in values.items():
            row.extend([""] * (col + 1 - len(row)))
            row[col] = _safe(value)

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
                writer = csv.writer(handle, csv.excel, delimiter=self.delimiter)
                writer.writerows(r + [""] * (width - len(r)) if r else r for r in self.rows)

        _atomic_save(out, write)
        if not self.report_text:
            return []
        report = out.with_name(f"{out.stem}.report.md")
        _atomic_save(report, lambda tmp: Path(tmp).write_text(self.report_text, encoding="utf-8"))
        return [report]


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
    return (f"{path}: no question column found in {where} (looked for a header such as 'Question', '问题' or"
            f" 'Exigence' in the first {HEADER_ROWS} rows, and for a column of long texts); name it with --question-col")
