"""The answer library (content/answers/*.yaml) and `enablekit answer`, with real .xlsx, .docx and .csv
files made here."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from generator.answers.library import compliance
from generator.content.loader import load_project
from generator.content.schema import Audience
from generator.views.audience import view

from .conftest import TODAY

ANSWERS = """\
- id: roster-auto
  question: {zh: 能否自动排班？, en: Can rotas be generated automatically?}
  variants:
    - {zh: 系统是否支持智能排班？, en: "Do you build shift schedules automatically, based on rules?"}
  answer: {zh: 可以，系统按规则自动生成排班。, en: "Yes, the system generates rotas from your rules."}
  capabilities: [rostering]
  category: integration
  reviewed: 2026-11-01
- id: forecasting
  question: {zh: 是否支持客流预测？, en: Do you forecast customer traffic?}
  answer: {zh: 客流预测在路线图上，预计 2027 年 6 月。, en: Traffic forecasting is on the roadmap for June 2027.}
  capabilities: [forecast]
  category: integration
  reviewed: 2026-11-01
- id: e-sign
  question: {zh: 是否支持电子签署劳动合同？, en: Can employees sign employment contracts electronically?}
  answer: {zh: 电子签目前为 Beta。, en: E-signing is in beta.}
  capabilities: [esign]
  category: privacy
  reviewed: 2026-11-01
- id: encryption
  question: {zh: 数据是否加密存储？, en: Is data encrypted at rest?}
  answer: {zh: 是，使用 AES-256 加密。, en: "Yes, with AES-256."}
  compliance: yes
  category: security
  reviewed: 2026-05-01
- id: discount
  audience: internal
  question: {zh: 能给多少折扣？, en: What discount can you offer on the price?}
  answer: {zh: ZZINTERNALZZ 最多 10%。, en: ZZINTERNALZZ up to 10%.}
  category: commercial
  reviewed: 2026-11-01
"""

ESIGN = """\
- {id: esign, name: {zh: 电子签, en: E-signing}, status: beta, available_from: "2027-01", owner: a@test.example,
   reviewed: 2026-11-01}
"""


@pytest.fixture
def library(project: Path) -> Path:
    (project / "content" / "answers").mkdir()
    (project / "content" / "answers" / "library.yaml").write_text(ANSWERS, encoding="utf-8")
    (project / "content" / "capabilities.yaml").write_text(ESIGN, encoding="utf-8")
    return project


def _load(root: Path):
    project, diags = load_project(root, today=TODAY)
    assert project is not None
    return project, diags


# --------------------------------------------------------------------------- the content kind


def test_answers_load_from_a_list_with_defaults_and_derived_compliance(library):
    project, diags = _load(library)
    assert [str(d) for d in diags.errors] == []
    assert sorted(project.answers) == ["discount", "e-sign", "encryption", "forecasting", "roster-auto"]
    assert project.answers["roster-auto"].effective_audience is Audience.public
    values = {ident: compliance(project, a).value for ident, a in project.answers.items()}
    assert values == {"roster-auto": "yes", "forecasting": "no", "e-sign": "partial", "encryption": "yes",
                      "discount": None}
    assert [c.id for c in compliance(project, project.answers["e-sign"]).depends] == ["esign"]
    stale = [str(d) for d in diags.warnings if d.code == "stale" and "answer" in d.message]
    assert stale == ["content/answers/library.yaml:26:13: warning: answer 'encryption' is stale:"
                     " last reviewed 2026-05-01, review was due 2026-07-30"]


def test_public_view_has_no_internal_answer(library):
    project, _ = _load(library)
    assert "discount" in project.answers
    assert "discount" not in view(project, Audience.public).answers
    assert "discount" not in view(project, Audience.partner).answers


def test_check_reports_unknown_capability_and_roadmap_yes_with_line_and_column(library):
    path = library / "content" / "answers" / "library.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("capabilities: [rostering]", "capabilities: [rosterng]")
    text = text.replace("  capabilities: [forecast]\n", "  compliance: yes\n  capabilities: [forecast]\n")
    text = text.replace("category: commercial", "category: pricing")
    path.write_text(text, encoding="utf-8")
    _, diags = _load(library)
    assert [str(d) for d in diags.errors] == [
        "content/answers/library.yaml:32:13: category: 'pricing' is not one of: security, privacy, integration,"
        " deployment, support, commercial, other",
        "content/answers/library.yaml:6:18: unknown capability 'rosterng'; did you mean 'rostering'?",
        "content/answers/library.yaml:12:15: compliance: 'yes' but capability 'forecast' is on the roadmap,"
        " expected 2027-06; a roadmap item is never 'yes' (write partial or no, or remove the line to derive it)",
    ]


# --------------------------------------------------------------------------- xlsx


def _workbook(path: Path, questions: list[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Security"
    ws["A1"] = "Vendor questionnaire 供应商问卷"
    ws.merge_cells("A1:E1")
    ws["A1"].font = Font(bold=True, size=16)
    ws.append(["No.", "Question", "Vendor response", "Compliance (Y/N)", "Weight x2"])
    for cell in ws[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for i, question in enumerate(questions, start=1):
        ws.append([i, question, None, None, f"=A{i + 2}*2"])
        ws.cell(i + 2, 2).fill = PatternFill("solid", fgColor="FFF2CC")
    wb.create_sheet("Scoring")["A1"] = "=SUM(Security!E3:E20)"
    wb.save(path)


def _cli(args: list[str]) -> tuple[int, str]:
    """Run the command line in this process; its exit code and what it printed on stderr (the rich
    console writes to whatever sys.stderr is at the time)."""
    from generator import cli

    err = io.StringIO()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            cli.main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    return code, err.getvalue()


def test_xlsx_keeps_styles_merges_formulas_and_other_sheets(library, tmp_path):
    source = tmp_path / "rfp.xlsx"
    _workbook(source, [
        "Can rotas be generated automatically by rules?",
        "Do you forecast customer traffic?",
        "What is the colour of your CEO's car?",
        "What discount can you offer on the price?",
        "Is data encrypted at rest?",
        "Can rotas be generated automatically by rules?",
        "Can employees sign employment contracts electronically?",
    ])
    review = tmp_path / "rfp.review.xlsx"
    code, text = _cli(["answer", str(source), "--project", str(library), "--today", "2026-11-22",
                       "--review", str(review)])
    assert code == 0, text
    out = tmp_path / "rfp.answered.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Security", "Scoring"]  # the customer's sheets and columns, nothing else
    ws = wb["Security"]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"]
    assert ws["A1"].value == "Vendor questionnaire 供应商问卷" and ws["A1"].font.size == 16
    assert ws["B2"].fill.fgColor.rgb == "001F4E79" and ws["B3"].fill.fgColor.rgb == "00FFF2CC"
    assert [ws.cell(r, 5).value for r in range(3, 10)] == [f"=A{r}*2" for r in range(3, 10)]
    assert wb["Scoring"]["A1"].value == "=SUM(Security!E3:E20)"
    assert [c.value for c in ws[2]] == ["No.", "Question", "Vendor response", "Compliance (Y/N)", "Weight x2"]
    assert ws.max_column == 5 and [c.value for c in ws[1]][1:] == [None] * 4  # nothing in the title row
    rows = {r: [ws.cell(r, c).value for c in (3, 4)] for r in range(3, 10)}
    assert rows[3] == ["Yes, the system generates rotas from your rules.", "Yes"]
    assert rows[4] == ["Traffic forecasting is on the roadmap for June 2027.", "No"]
    assert rows[5] == [None, None]  # nothing close: left empty
    assert rows[6] == [None, None]  # only an internal answer fits: never written
    assert rows[7] == ["Yes, with AES-256.", "Yes"]
    assert rows[9] == ["E-signing is in beta.", "Partial"]
    copy = openpyxl.load_workbook(review)
    assert copy.sheetnames == ["Security", "Scoring", "Answer report"]
    ws = copy["Security"]
    assert [c.value for c in ws[2]][5:] == ["Confidence", "Answer id", "Reviewed", "Note"]
    assert ws["F2"].fill.fgColor.rgb == "001F4E79"  # added headers look like the customer's
    assert [ws.cell(3, c).value for c in (7, 8)] == ["roster-auto", "2026-11-01"]
    assert [ws.cell(7, c).value for c in (7, 8, 9)] == ["encryption", "2026-05-01", "Review was due 2026-07-30"]
    assert [ws.cell(6, c).value for c in (3, 7, 9)] == [None, "discount", "Questions with an internal answer (ask"
                                                                          " its owner): discount"]
    assert 0.8 <= ws["F3"].value <= 1
    values = [str(c.value) for book in (wb, copy) for sheet in book for row in sheet.iter_rows() for c in row
              if c.value]
    assert not [v for v in values if "ZZINTERNALZZ" in v]
    report = [[c for c in row if c is not None] for row in copy["Answer report"].iter_rows(values_only=True)]
    assert report[0] == ["5 of 7 questions answered"]
    assert ["Unanswered questions (answer by hand) (1)"] in report
    assert ["Security!B5", "What is the colour of your CEO's car?"] in [r[:2] for r in report]
    assert ["Questions with an internal answer (ask its owner) (1)"] in report
    assert ["Security!B6", "What discount can you offer on the price?", "discount"] in [r[:3] for r in report]
    assert ["Answers past their review date (1)"] in report
    assert ["Security!B7", "encryption", "2026-07-30"] in report
    assert ["Security!B9", "e-sign", "E-signing (Beta, expected 2027-01)"] in report
    assert ["Security!B4", "forecasting", "Forecast (Roadmap, expected 2027-06)"] in report
    assert ["Security!B8", "Security!B3", "Can rotas be generated automatically by rules?"] in report
    assert "5 of 7 questions answered" in text and "Security!B5" in text


def test_roadmap_only_question_never_gets_yes_even_when_the_author_says_so(library, tmp_path):
    path = library / "content" / "answers" / "library.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  capabilities: [forecast]\n", "  compliance: partial\n  capabilities: [forecast]\n"), encoding="utf-8")
    source = tmp_path / "q.xlsx"
    _workbook(source, ["Do you forecast customer traffic?"])
    code, _ = _cli(["answer", str(source), "--project", str(library), "--today", "2026-11-22"])
    assert code == 0
    ws = openpyxl.load_workbook(tmp_path / "q.answered.xlsx")["Security"]
    assert ws["D3"].value == "Partial"


def test_compliance_uses_the_options_of_the_customers_drop_down(library, tmp_path):
    from openpyxl.worksheet.datavalidation import DataValidation

    source = tmp_path / "dv.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Question", "Compliant?", "Comments"])
    for q in ("Is data encrypted at rest?", "Can employees sign employment contracts electronically?",
              "Do you forecast customer traffic?"):
        ws.append([q, None, None])
    choices = DataValidation(type="list", formula1='"Fully compliant,Partially compliant,Not compliant,N/A"')
    ws.add_data_validation(choices)
    choices.add("B2:B4")
    wb.save(source)
    assert _cli(["answer", str(source), "--project", str(library)])[0] == 0
    ws = openpyxl.load_workbook(tmp_path / "dv.answered.xlsx").active
    assert [ws.cell(r, 2).value for r in (2, 3, 4)] == ["Fully compliant", "Partially compliant", "Not compliant"]
    assert ws.cell(2, 3).value == "Yes, with AES-256."
    assert len(ws.data_validations.dataValidation) == 1


def test_chinese_questionnaire_is_answered_in_chinese(library, tmp_path):
    source = tmp_path / "zh.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "问题", "回答", "是否满足"])
    for i, q in enumerate(["系统能否自动排班？", "数据是否加密存储？", "是否支持客流预测？"], start=1):
        ws.append([i, q, None, None])
    wb.save(source)
    code, text = _cli(["answer", str(source), "--project", str(library), "--today", "2026-11-22"])
    assert code == 0, text
    ws = openpyxl.load_workbook(tmp_path / "zh.answered.xlsx").active
    assert [c.value for c in ws[1]] == ["序号", "问题", "回答", "是否满足"]
    assert [(ws.cell(r, 3).value, ws.cell(r, 4).value) for r in (2, 3, 4)] == [
        ("可以，系统按规则自动生成排班。", "是"), ("是，使用 AES-256 加密。", "是"),
        ("客流预测在路线图上，预计 2027 年 6 月。", "否")]
    assert "共 3 个问题，已回答 3 个" in text


# --------------------------------------------------------------------------- docx, csv


def test_docx_table_is_filled_and_gets_a_report_section(library, tmp_path):
    source = tmp_path / "tender.docx"
    document = docx.Document()
    document.add_heading("Tender 2027", level=1)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["No.", "Requirement", "Response"], strict=True):
        cell.text = text
    for i, q in enumerate(["Can employees sign employment contracts electronically?", "Who won the 1998 World Cup?"],
                          start=1):
        row = table.add_row().cells
        row[0].text, row[1].text = str(i), q
    document.save(source)
    code, text = _cli(["answer", str(source), "--project", str(library), "--out", str(tmp_path / "done.docx"),
                       "--review", str(tmp_path / "review.docx")])
    assert code == 0, text
    result = docx.Document(str(tmp_path / "done.docx"))
    table = result.tables[0]
    assert table.style.name == "Table Grid"
    assert [c.text for c in table.rows[0].cells] == ["No.", "Requirement", "Response"]
    assert [c.text for c in table.rows[1].cells][2] == "E-signing is in beta."
    assert table.rows[2].cells[2].text == ""
    assert [p.text for p in result.paragraphs if p.style.name.startswith("Heading")] == ["Tender 2027"]
    result = docx.Document(str(tmp_path / "review.docx"))
    assert [c.text for c in result.tables[0].rows[0].cells] == ["No.", "Requirement", "Response", "Confidence",
                                                                "Answer id", "Reviewed", "Note"]
    assert [c.text for c in result.tables[0].rows[1].cells][4:6] == ["e-sign", "2026-11-01"]
    headings = [p.text for p in result.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Tender 2027" and "Answer report" in headings
    assert "Unanswered questions (answer by hand) (1)" in headings


def test_csv_gets_answer_columns_and_a_report_file(library, tmp_path):
    source = tmp_path / "q.csv"
    source.write_text("id,question\n1,Is data encrypted at rest?\n2,What is the capital of Mars?\n", encoding="utf-8")
    code, text = _cli(["answer", str(source), "--project", str(library), "--today", "2026-11-22",
                       "--review", str(tmp_path / "q.review.csv")])
    assert code == 0, text
    rows = list(csv.reader(io.StringIO((tmp_path / "q.answered.csv").read_text(encoding="utf-8-sig"))))
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "q.answered.csv").stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600
    assert rows == [["id", "question", "Answer"], ["1", "Is data encrypted at rest?", "Yes, with AES-256."],
                    ["2", "What is the capital of Mars?", ""]]  # an answer column only because it had none
    assert not (tmp_path / "q.answered.report.md").exists()
    rows = list(csv.reader(io.StringIO((tmp_path / "q.review.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["id", "question", "Answer", "Confidence", "Answer id", "Reviewed", "Note"]
    assert rows[1][4:] == ["encryption", "2026-05-01", "Review was due 2026-07-30"]
    report = (tmp_path / "q.review.report.md").read_text(encoding="utf-8")
    assert "| row 3 | What is the capital of Mars? |" in report and "| row 2 | encryption | 2026-07-30 |" in report


# --------------------------------------------------------------------------- bad files


def test_bad_files_give_one_clear_line(library, tmp_path):
    def run(path: Path, *extra: str) -> str:
        code, text = _cli(["answer", str(path), "--project", str(library), *extra])
        assert code == 1
        assert len(text.strip().splitlines()) == 1, text
        return text.strip()

    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello", encoding="utf-8")
    assert run(text_file) == f"error: {text_file}: not a questionnaire file enablekit can fill (use .xlsx, .docx or .csv)"
    fake = tmp_path / "fake.xlsx"
    fake.write_text("just text", encoding="utf-8")
    assert run(fake) == f"error: {fake}: not a workbook (the file is damaged or of another type)"
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Value"])
    wb.active.append(["a", 1])
    wb.save(plain)
    assert run(plain) == (
        f"error: {plain}: no question column found in any sheet (looked for a header such as 'Question', '问题' or"
        " 'Exigence' in the first 20 rows, and for a column of long texts); name it with --question-col")
    assert run(plain, "--sheet", "Nope") == f"error: {plain}: no sheet 'Nope' (sheets: Sheet)"
    locked = tmp_path / "locked.xlsx"
    _encrypt(plain, locked)
    assert run(locked) == f"error: {locked}: the workbook is password-protected; remove the password and try again"


def _encrypt(source: Path, target: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(source, "rb") as plain, open(target, "wb") as out:
        OOXMLFile(plain).encrypt("secret", out)


def test_a_failed_answer_leaves_the_previous_output(library, tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"previous")
    bad = tmp_path / "bad.csv"
    bad.write_text("nothing,here\n1,2\n", encoding="utf-8")
    code, _ = _cli(["answer", str(bad), "--project", str(library), "--out", str(out)])
    assert code == 1 and out.read_bytes() == b"previous"


def test_questions_match_paraphrases_in_both_languages(library):
    from generator.answers.matching import AnswerIndex

    project, _ = _load(library)
    index = AnswerIndex(list(view(project, Audience.public).answers.values()), project.languages)
    assert index.match("Do you automatically build shift schedules?").answer.id == "roster-auto"
    assert index.match("系统是否可以智能排班？").answer.id == "roster-auto"
    assert index.match("数据加密存储吗？").answer.id == "encryption"
    assert dt.date(2026, 11, 1) == index.match("Do you forecast traffic?").answer.reviewed


def test_an_answer_that_looks_like_a_formula_is_written_as_text(library, tmp_path):
    path = library / "content" / "answers" / "library.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Yes, with AES-256."', '"=1+1 AES-256"'),
                    encoding="utf-8")
    source = tmp_path / "q.xlsx"
    _workbook(source, ["Is data encrypted at rest?"])
    assert _cli(["answer", str(source), "--project", str(library)])[0] == 0
    cell = openpyxl.load_workbook(tmp_path / "q.answered.xlsx")["Security"]["C3"]
    assert cell.value == "=1+1 AES-256" and cell.data_type == "s"


# --------------------------------------------------------------------------- site and download


def test_site_has_the_library_inside_the_trust_center_outside_and_the_xlsx_download(library, tmp_path):
    from generator import build

    internal = build(library, out=tmp_path / "internal", only=["answers", "site"], today=TODAY).out
    public = build(library, out=tmp_path / "public", audience="public", only=["answers", "site"], today=TODAY).out
    page = (internal / "answers" / "index.html").read_text(encoding="utf-8")
    assert 'data-ek-filter' in page and 'data-category="commercial"' in page and "ZZINTERNALZZ" in page
    assert '<option value="security">Security</option>' in (internal / "en" / "answers" / "index.html").read_text(
        encoding="utf-8")
    assert not (public / "answers").exists()
    trust = (public / "trust" / "index.html").read_text(encoding="utf-8")
    assert "数据是否加密存储？" in trust and "电子签目前为 Beta。" in trust
    assert "能否自动排班" not in trust and "ZZINTERNALZZ" not in trust  # integration; internal
    for out in (internal, public):
        manifest = [d for d in json.loads((out / "downloads" / "manifest.json").read_text())
                    if d["kind"] == "answers"]
        assert [(d["file"], d["audience"], d["pages"]) for d in manifest] == [
            ("answers.en.xlsx", "public", 4), ("answers.zh.xlsx", "public", 4)]
        ws = openpyxl.load_workbook(out / "downloads" / "answers.zh.xlsx").active
        assert [c.value for c in ws[1]] == ["答案编号", "类别", "问题", "其他问法", "回答", "符合情况", "依赖的功能",
                                            "审核日期"]
        rows = {ws.cell(r, 1).value: [c.value for c in ws[r]] for r in range(2, ws.max_row + 1)}
        assert sorted(rows) == ["e-sign", "encryption", "forecasting", "roster-auto"]
        assert rows["forecasting"][5:7] == ["否", "预测（规划中，预计 2027-06）"]
        assert rows["e-sign"][4:7] == ["电子签目前为 Beta。", "部分满足", "电子签（Beta 测试，预计 2027-01）"]
        assert "collateral" in [p.name for p in out.iterdir()]


def test_the_example_library_is_complete_honest_and_in_every_language():
    from collections import Counter

    from .conftest import ROOT

    project, diags = _load(ROOT)
    answers = project.answers
    assert len(answers) >= 40 and not [d for d in diags.warnings if "answer" in d.message]
    assert set(Counter(a.category for a in answers.values())) >= {
        "security", "privacy", "integration", "deployment", "support", "commercial"}
    # the site's languages, and the answer languages tenders come in (issue 23)
    assert project.languages == ["zh", "en"] and project.answer_languages == ["fr", "de", "ja"]
    assert all(set(a.question.languages) == set(a.answer.languages) == {"zh", "en", "fr", "de", "ja"}
               for a in answers.values())
    internal = sorted(a.id for a in answers.values() if a.effective_audience is Audience.internal)
    assert internal == ["discount-policy", "security-incident-history"]
    statuses = {project.capabilities[c].status for a in answers.values() for c in a.capabilities}
    assert statuses == {"ga", "beta", "roadmap"}
    # an answer that rests on a roadmap capability never says "yes"
    roadmap = {a.id: compliance(project, a).value for a in answers.values()
               if any(project.capabilities[c].status == "roadmap" for c in a.capabilities)}
    assert roadmap == {"overseas-payroll": "no", "demand-forecast": "no"}


def test_two_answers_that_fit_equally_are_not_guessed_between(library, tmp_path):
    path = library / "content" / "answers" / "more.yaml"
    path.write_text("- id: encryption-old\n  question: {zh: 数据是否加密存储？, en: Is data encrypted at rest?}\n"
                    "  answer: {zh: 是。, en: Yes.}\n  category: security\n  reviewed: 2026-11-01\n", encoding="utf-8")
    source = tmp_path / "q.csv"
    source.write_text("Question,Answer\nIs data encrypted at rest?,\n", encoding="utf-8")
    code, text = _cli(["answer", str(source), "--project", str(library), "--review", str(tmp_path / "r.csv")])
    assert code == 0, text
    rows = list(csv.reader(io.StringIO((tmp_path / "q.answered.csv").read_text(encoding="utf-8-sig"))))
    assert rows == [["Question", "Answer"], ["Is data encrypted at rest?", ""]]
    report = (tmp_path / "r.report.md").read_text(encoding="utf-8")
    assert "| row 2 | Is data encrypted at rest? | encryption / encryption-old |" in report


# --------------------------------------------------------------------------- the customer's file and words

FRENCH = Path(__file__).parent / "fixtures" / "answers-fr"


def test_a_french_tender_fills_with_no_options_into_its_own_columns_and_words(tmp_path):
    source = tmp_path / "appel-offres.xlsx"
    source.write_bytes((FRENCH / "appel-offres.xlsx").read_bytes())
    before = source.read_bytes()
    code, text = _cli(["answer", str(source), "--project", str(FRENCH), "--today", "2026-11-22"])
    assert code == 0, text
    assert source.read_bytes() == before
    assert "Questions traitées\u202f: 9 sur 12" in text
    wb = openpyxl.load_workbook(tmp_path / "appel-offres.answered.xlsx")
    assert wb.sheetnames == ["Instructions", "Exigences"]
    ws = wb["Exigences"]
    assert ws.max_column == 5 and [c.value for c in ws[1]][1:] == [None] * 4  # the merged title row as it was
    assert [c.value for c in ws[3]] == ["N°", "Exigence", "Conformité", "Réponse du fournisseur",
                                        "Commentaire acheteur"]
    filled = {ws.cell(r, 1).value: (ws.cell(r, 3).value, (ws.cell(r, 4).value or "")[:30]) for r in range(5, 19)}
    assert filled == {
        "1.1": ("Conforme", "Oui. SAML 2.0 et OpenID Connec"),
        "1.2": ("Conforme", "Oui. Les échanges sont chiffré"),
        "1.3": ("Conforme", "Une sauvegarde chiffrée chaque"),
        "1.4": (None, ""),  # ISO 27001: a certification the library never names
        "Hébergement et données": (None, ""),
        "2.1": ("Conforme", "Dans deux centres de données s"),
        "2.2": ("Non conforme", "Non. Atelier Planning est prop"),
        "2.3": ("Conforme", "Oui. Notre accord de sous-trai"),
        "Fonctionnel et service": (None, ""),
        "3.1": ("Conforme", "Oui. Une API REST documentée ("),
        "3.2": ("Partiellement conforme", "En partie. Les interventions d"),
        "3.3": (None, "Du lundi au vendredi, de 8 h à"),  # no compliance value in the library
        "3.4": (None, ""),  # insurance: not in the library
        "3.5": (None, ""),  # a discount: internal, never written
    }
    assert all(ws.cell(r, 5).value is None for r in range(4, 19))  # the buyer's column
    assert ws["C20"].value == '=COUNTIF(C4:C18,"Conforme")' and len(ws.data_validations.dataValidation) == 1
    assert "ZZINTERNEZZ" not in str([c.value for row in ws.iter_rows() for c in row])


def test_each_answer_is_in_its_questions_language_cell_by_cell(tmp_path):
    source = tmp_path / "mixed.csv"
    source.write_text("Exigence;Réponse\n"
                      "Les données sont-elles chiffrées lors des échanges et dans les bases ?;\n"
                      "Is customer data encrypted both in transit and at rest?;\n", encoding="utf-8")
    code, text = _cli(["answer", str(source), "--project", str(FRENCH)])
    assert code == 0, text
    rows = list(csv.reader(io.StringIO((tmp_path / "mixed.answered.csv").read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    assert [r[1][:20] for r in rows[1:]] == ["Oui. Les échanges so", "Yes. Traffic is encr"]


def test_headers_are_found_in_other_catalog_languages(library, tmp_path):
    for header, question in ((["Nr.", "Anforderung", "Antwort des Anbieters"], "Is data encrypted at rest?"),
                             (["番号", "質問", "回答"], "Is data encrypted at rest?")):
        source = tmp_path / "h.docx"
        document = docx.Document()
        table = document.add_table(rows=1, cols=3)
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        table.add_row().cells[1].text = question
        document.save(source)
        code, text = _cli(["answer", str(source), "--project", str(library)])
        assert code == 0, text
        assert docx.Document(str(tmp_path / "h.answered.docx")).tables[0].rows[1].cells[2].text == "Yes, with AES-256."


# --------------------------------------------------------------------------- hostile files


def test_csv_answers_are_written_inert_and_quoted(library, tmp_path):
    path = library / "content" / "answers" / "library.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"Yes, with AES-256."', '"=HYPERLINK(\\"http://x.example\\",\\"AES\\"); \\"quoted\\", too"'), encoding="utf-8")
    source = tmp_path / "q.csv"
    source.write_text("Question;Answer\nIs data encrypted at rest?;\n", encoding="utf-8")
    code, text = _cli(["answer", str(source), "--project", str(library)])
    assert code == 0, text
    raw = (tmp_path / "q.answered.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert rows[1] == ["Is data encrypted at rest?", "'=HYPERLINK(\"http://x.example\",\"AES\"); \"quoted\", too"]


def _rezip(source: Path, target: Path, change: dict[str, bytes]) -> None:
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change.get(info.filename, old.read(info.filename)))
        for name in change.keys() - set(old.namelist()):
            new.writestr(name, change[name])


def test_hostile_office_files_give_one_line_in_bounded_time_and_leave_the_input_alone(library, tmp_path):
    import time
    import zipfile

    plain = tmp_path / "plain.xlsx"
    _workbook(plain, ["Is data encrypted at rest?"])
    sheet = zipfile.ZipFile(plain).read("xl/worksheets/sheet1.xml")
    xxe = tmp_path / "xxe.xlsx"
    _rezip(plain, xxe, {"xl/worksheets/sheet1.xml": b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                        + sheet})
    bomb = tmp_path / "bomb.xlsx"
    _rezip(plain, bomb, {"xl/media/filler.xml": b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>"})
    rows = tmp_path / "rows.xlsx"
    body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>q%d</t></is></c></row>' % (i, i, i)
                    for i in range(1, 1_000_002))
    _rezip(plain, rows, {"xl/worksheets/sheet1.xml": sheet.split(b"<sheetData>")[0] + b"<sheetData>" + body
                         + b"</sheetData></worksheet>"})
    document = docx.Document()
    document.add_table(rows=2, cols=2).rows[0].cells[0].text = "Question"
    document.save(tmp_path / "plain.docx")
    doc_xml = zipfile.ZipFile(tmp_path / "plain.docx").read("word/document.xml")
    xxe_docx = tmp_path / "xxe.docx"
    _rezip(tmp_path / "plain.docx", xxe_docx, {"word/document.xml": doc_xml.replace(
        b"?>", b'?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)})
    expected = {
        xxe: "the workbook declares an XML document type (DOCTYPE, entities), which Office never writes; not opened",
        bomb: "the workbook unpacks to far more than it holds (a zip bomb?); not opened",
        rows: "a sheet has more than 100,000 rows, more than a questionnaire has; not opened",
        xxe_docx: "the Word document declares an XML document type (DOCTYPE, entities), which Office never"
                  " writes; not opened",
    }
    for path, message in expected.items():
        before = path.read_bytes()
        start = time.perf_counter()
        code, text = _cli(["answer", str(path), "--project", str(library)])
        assert (code, text.strip()) == (1, f"error: {path}: {message}")
        assert time.perf_counter() - start < 20 and path.read_bytes() == before
        assert not path.with_name(f"{path.stem}.answered{path.suffix}").exists()
    code, text = _cli(["answer", str(plain), "--project", str(library), "--out", str(plain)])
    assert (code, text.strip()) == (1, f"error: {plain}: --out names the questionnaire itself; write to another file")


# --------------------------------------------------------------------------- answers are content like the rest


def test_verify_takes_answers_and_refuses_an_ambiguous_bare_id(library):
    path = library / "content" / "answers" / "library.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- id: e-sign\n", "- id: esign\n"), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    code, text = _cli(["verify", "esign", "--project", str(library), "--date", "2026-11-30"])
    assert (code, text.strip()) == (1, "error: 'esign' names more than one item (capability, answer): write one of"
                                       " capabilities:esign, answers:esign")
    assert path.read_text(encoding="utf-8") == before
    code, text = _cli(["verify", "answers:encryption", "--project", str(library), "--date", "2026-11-30",
                       "--by", "Lei Zhao <lei.zhao@test.example>"])
    assert code == 0, text
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("  reviewed: 2026-05-01\n", "  reviewed: 2026-11-30\n  owner: Lei Zhao"
                                   " <lei.zhao@test.example>\n")


def test_health_scores_answers_and_lists_stale_ones_by_owner(library):
    path = library / "content" / "answers" / "library.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  reviewed: 2026-05-01\n", "  owner: Lei Zhao <lei.zhao@test.example>\n  reviewed: 2026-05-01\n"),
        encoding="utf-8")
    from click.testing import CliRunner

    from generator.cli import cli

    result = CliRunner().invoke(cli, ["health", str(library), "--today", "2026-11-22", "--format", "json"])
    data = json.loads(result.output)
    assert data["scores"]["answers"] == 0.8
    assert [(i["kind"], i["id"], i["state"]) for i in data["attention"]["Lei Zhao <lei.zhao@test.example>"]] == [
        ("answers", "encryption", "stale")]


def test_without_the_model_matching_falls_back_to_words(library, tmp_path, monkeypatch):
    from generator.answers import embedding

    monkeypatch.setenv("ENABLEKIT_MATCHER", "lexical")
    embedding.embedder.cache_clear()
    try:
        source = tmp_path / "q.csv"
        source.write_text("Question,Answer\nIs data encrypted at rest?,\nWho won the 1998 World Cup?,\n"
                          "系统是否可以智能排班？,\n", encoding="utf-8")
        code, text = _cli(["answer", str(source), "--project", str(library)])
        assert code == 0, text
        rows = list(csv.reader(io.StringIO((tmp_path / "q.answered.csv").read_text(encoding="utf-8-sig"))))
        assert [r[1] for r in rows[1:]] == ["Yes, with AES-256.", "", "可以，系统按规则自动生成排班。"]
    finally:
        monkeypatch.delenv("ENABLEKIT_MATCHER")
        embedding.embedder.cache_clear()
