"""enablekit import and export: spreadsheets written in Chinese, English and French by people who
do not use git, the round trip of the example's objections through Excel, CRM opportunity
exports, and hostile files that must be refused in one line with nothing written."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from generator.cli import main
from generator.content.loader import load_or_fail
from generator.exchange.ids import slug
from generator.exchange.importer import import_file, write

from .conftest import ROOT
from .spreadsheets import Formula, xlsx, zip_bomb


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("example") / "project"
    base.mkdir()
    for part in ("content", "playbooks", "deals"):
        shutil.copytree(ROOT / part, base / part)
    shutil.copy(ROOT / "mkdocs.yml", base / "mkdocs.yml")
    return base


@pytest.fixture
def example(example_copy: Path, tmp_path: Path) -> Path:
    target = tmp_path / "example"
    shutil.copytree(example_copy, target)
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def replaced(before: str, after: str) -> list[tuple[str, str]]:
    """The lines that differ, as (before, after), in a file whose line count did not change."""
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def load(project: Path):  # noqa: ANN201
    return load_or_fail(project)[0]


# --------------------------------------------------------------------------- ids


def test_ids_are_readable_ascii_made_from_titles():
    assert slug("价格太贵") == "jiage-taigui"
    assert slug("Réponse trop chère pour une PME") == "reponse-trop-chere-pour-une-pme"
    assert slug("Your app is too slow on old phones") == "your-app-is-too-slow"
    assert slug("가격이 너무 비싸요") == "gagyeoki-neomu-bissayo"
    assert slug("セキュリティ") == "sekyuritei"
    assert slug("北辰HR 更便宜") == "beichen-hr-geng-pianyi"
    assert slug("Weißt du, Straße") == "weisst-du-strasse"


# --------------------------------------------------------------------------- realistic sheets


def test_a_chinese_workbook_with_merged_headers_blank_rows_formulas_and_dates(example: Path, capsys):
    """Row 1 merges 异议 and 话术 over a row of language names; a section title spans the table;
    the review date is an Excel date, the owner a formula Excel computed; a row repeats an id."""
    rows = [
        ["编号", "异议", None, "话术", None, "类别", "角色", "最近核实", "负责人"],
        [None, "中文", "英文", "中文", "英文", None, None, None, None],
        ["价格类", None, None, None, None, None, None, None, None],
        ["tai-gui-le", "你们比快薪贵一倍。", "You cost twice as much as Kuaixin.", "先问清比较的范围，再算总账。",
         "Ask what is being compared, then count the total cost.", "价格", "财务负责人、CEO", dt.date(2026, 11, 14),
         Formula('="陈思远 <"&"siyuan.chen@yunfan.example>"', "陈思远 <siyuan.chen@yunfan.example>")],
        [None] * 9,
        [None, "数据迁移要停业一周吗？", None, "不用：周末切换，周一照常营业。", None, "切换", "cio", dt.date(2026, 10, 2), None],
        ["tai-gui-le", "重复的一行", None, "x", None, "价格", None, None, None],
    ]
    merged = ("A1:A2", "B1:C1", "D1:E1", "F1:F2", "G1:G2", "H1:H2", "I1:I2", "A3:I3")
    sheet = xlsx(example.parent / "异议.xlsx", rows, merged=merged)
    code, _, err = run(capsys, "import", "objections", str(sheet), "--project", str(example))
    assert code == 1  # one row left out
    assert f"{sheet}:7: duplicate id 'tai-gui-le' (row 4 has it too); left out" in err
    assert "2 added" in err
    price = (example / "content/objections/price.yaml").read_text(encoding="utf-8")
    assert price.endswith(
        "- id: tai-gui-le\n"
        "  objection:\n"
        "    zh: 你们比快薪贵一倍。\n"
        "    en: You cost twice as much as Kuaixin.\n"
        "  short:\n"
        "    zh: 先问清比较的范围，再算总账。\n"
        "    en: Ask what is being compared, then count the total cost.\n"
        "  category: price\n"
        "  roles: [cfo, ceo]\n"
        "  owner: 陈思远 <siyuan.chen@yunfan.example>\n"
        "  reviewed: 2026-11-14\n")
    switching = (example / "content/objections/switching.yaml").read_text(encoding="utf-8")
    assert "- id: shuju-qianyi-yao-tingye" in switching
    assert "  roles: [cio]\n  reviewed: 2026-10-02\n" in switching
    project = load(example)
    assert project.objections["tai-gui-le"].reviewed == dt.date(2026, 11, 14)


def test_an_english_csv_whose_text_columns_name_no_language(example: Path):
    """'Objection' and 'Talk track' carry no language: their cells are English, so they are en."""
    path = example.parent / "objections.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Objection", "Talk track", "Full answer", "Category", "Roles", "Stages", "Last verified"])
        writer.writerow(["We already pay for an HR suite that has a scheduling module.",
                         "Ask how many stores actually use it today.",
                         "- **Find out**: who schedules today?\n- **Show**: the rota on a phone.\n", "fit",
                         "HR Director; Store Manager", "qualify, demo", "11/14/2026"])
        writer.writerow([])
        writer.writerow(["Your mobile app needs too many permissions.", "Only location at clock-in, nothing else.", "",
                         "security", "CIO", "", "14/11/2026"])
    outcome = import_file(load(example), "objections", path)
    assert "'Objection' → objection.en (language read from the cells)" in outcome.columns
    assert [i for i, _ in outcome.added] == ["we-already-pay-for-an-hr", "your-mobile-app-needs-too-many"]
    assert outcome.refused == []
    new = dict(outcome.files)["content/objections/fit.yaml"][1]
    assert ("  answer:\n    en: |\n      - **Find out**: who schedules today?\n      - **Show**: the rota on a phone.\n"
            in new)
    assert "  roles: [hr-director, store-manager]\n  stages: [qualify, demo]\n  reviewed: 2026-11-14\n" in new


def test_french_headers_in_a_french_and_english_project(tmp_path: Path, capsys):
    project = tmp_path / "lumen"
    shutil.copytree(ROOT / "examples/conseil-lumen", project, ignore=shutil.ignore_patterns("site"))
    path = tmp_path / "objections-fr.csv"
    path.write_text(
        "Objection (FR);Objection (EN);Réponse courte (FR);Réponse courte (EN);Catégorie;Dernière vérification\n"
        "Vos jours sont plus chers qu'un indépendant.;Your days cost more than a freelancer's.;"
        "Comparez le coût du projet, pas celui du jour.;Compare the cost of the project, not of the day.;Prix;"
        "14/11/2026\n", encoding="utf-8")
    before = tree(project / "content")
    code, out, err = run(capsys, "import", "objections", str(path), "--project", str(project), "--dry-run")
    assert code == 0 and tree(project / "content") == before
    assert "+- id: your-days-cost-more-than" in out
    assert "+    fr: Vos jours sont plus chers qu'un indépendant." in out
    assert "(dry run)" in err
    code, _, err = run(capsys, "import", "objections", str(path), "--project", str(project))
    assert code == 0, err
    assert load(project).objections["your-days-cost-more-than"].category == "price"


def test_a_column_mapped_by_hand(example: Path):
    path = example.parent / "q.csv"
    path.write_text("Q,R\nDo you offer an on-premise edition?,No: we run on Alibaba Cloud in China.\n", encoding="utf-8")
    outcome = import_file(load(example), "answers", path, maps={"Q": "question.en", "B": "answer.en"})
    assert outcome.added == [("do-you-offer-an-on-premise", "content/answers/other.yaml")]
    with pytest.raises(Exception, match=r"--map Q=questoin: no field 'questoin' here; did you mean 'question'"):
        import_file(load(example), "answers", path, maps={"Q": "questoin"})


# --------------------------------------------------------------------------- the round trip


def test_the_example_objections_round_trip_byte_identical(example: Path, capsys):
    before = tree(example)
    out = example.parent / "objections.xlsx"
    start = time.perf_counter()
    code, _, err = run(capsys, "export", "objections", "--project", str(example), "--out", str(out))
    exported = time.perf_counter() - start
    assert code == 0 and "(66 objections)" in err
    start = time.perf_counter()
    code, _, err = run(capsys, "import", "objections", str(out), "--project", str(example))
    imported = time.perf_counter() - start
    assert code == 0, err
    assert "0 added, 0 updated, 66 unchanged; wrote 0 files" in err
    assert tree(example) == before
    assert exported < 5 and imported < 5


@pytest.mark.parametrize("kind", ["answers", "cases", "personas", "comparison"])
def test_every_kind_round_trips_byte_identical(example: Path, kind: str):
    from generator.exchange.export import export

    project = load(example)
    out = example.parent / f"{kind}.xlsx"
    count = export(project, kind, out)
    assert count > 5
    outcome = import_file(project, kind, out)
    assert (outcome.files, outcome.refused, outcome.conflicts, outcome.unchanged) == ({}, [], [], count)


def test_edited_cells_change_only_their_lines(example: Path):
    out = example.parent / "objections.xlsx"
    project = load(example)
    from generator.exchange.export import export

    export(project, "objections", out)
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["id", "异议 (zh)", "异议 (en)"]
    assert ws.protection.sheet and ws["A2"].protection.locked and not ws["B2"].protection.locked
    ids = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    row = ids.index("price-per-head-too-high") + 2
    col = {name: i + 1 for i, name in enumerate(header)}
    ws.cell(row, col["一句话应答 (en)"]).value = "Ask what it is compared with, then show the return on their own numbers."
    ws.cell(row, col["最近核实"]).value = dt.datetime(2026, 11, 20)
    ws.cell(row, col["角色"]).value = "cfo, ceo"
    wb.save(out)
    before = (example / "content/objections/price.yaml").read_text(encoding="utf-8")
    outcome = import_file(project, "objections", out)
    assert outcome.updated == [("price-per-head-too-high", "content/objections/price.yaml",
                                ["reviewed", "roles", "short.en"])]
    write(project, outcome)
    after = (example / "content/objections/price.yaml").read_text(encoding="utf-8")
    assert replaced(before, after) == [
        ("  roles: [cfo, ceo, procurement]", "  roles: [cfo, ceo]"),
        ('    en: First ask "expensive compared with what?", then show the return using their own overtime hours and'
         " labour cost.", "    en: Ask what it is compared with, then show the return on their own numbers."),
        ("  reviewed: 2026-10-09", "  reviewed: 2026-11-20"),
    ]
    load(example)  # still valid


def test_a_translator_fills_the_new_language_column(example: Path):
    company = example / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("languages: [zh, en]", "languages: [zh, en, fr]"),
                       encoding="utf-8")
    project = load(example)
    out = example.parent / "fr.xlsx"
    from generator.exchange.export import export

    export(project, "objections", out, ["en", "fr"])
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert "异议 (fr)" in header and "异议 (zh)" not in header
    row = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)].index("roi-not-proven") + 1
    ws.cell(row, header.index("一句话应答 (fr)") + 1).value = "Calculez avec vos propres coûts de personnel."
    ws.cell(row, header.index("不要这样说 (fr)") + 1).value = ws.cell(row, header.index("不要这样说 (en)") + 1).value
    wb.save(out)
    before = (example / "content/objections/price.yaml").read_text(encoding="utf-8")
    outcome = import_file(project, "objections", out)
    assert outcome.conflicts == [] and outcome.refused == []
    write(project, outcome)
    after = (example / "content/objections/price.yaml").read_text(encoding="utf-8")
    added = changed_lines(before, after)
    assert all(line.startswith("+") for line in added)
    assert "+    fr: Calculez avec vos propres coûts de personnel." in added
    assert load(example).objections["roi-not-proven"].short.values["fr"].startswith("Calculez")


def test_a_cell_changed_in_git_since_the_export_is_kept(example: Path):
    project = load(example)
    out = example.parent / "objections.xlsx"
    from generator.exchange.export import export

    export(project, "objections", out)
    price = example / "content/objections/price.yaml"
    text = price.read_text(encoding="utf-8")
    price.write_text(text.replace("  reviewed: 2026-10-09\n", "  reviewed: 2026-10-30\n", 1), encoding="utf-8")
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    row = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)].index("price-per-head-too-high") + 1
    ws.cell(row, header.index("最近核实") + 1).value = dt.datetime(2026, 11, 1)
    ws.cell(row, header.index("反问 (en)") + 1).value = "Compared with which option?"
    wb.save(out)
    outcome = import_file(load(example), "objections", out)
    assert outcome.conflicts == [f"{out}:{row}: objection 'price-per-head-too-high': reviewed differ from"
                                 " content/objections/price.yaml, which was edited since; kept the file's"
                                 " (--overwrite takes the sheet's)"]
    assert outcome.updated == [("price-per-head-too-high", "content/objections/price.yaml", ["follow_up.en"])]


# --------------------------------------------------------------------------- other kinds


def test_comparison_rows_personas_and_cases(example: Path):
    battlecard = example / "content/competitors/beichen-hr.yaml"
    battlecard.write_text(re.sub(r"\n  multi-country-payroll:\n(?:    .*\n)*", "\n",
                                 battlecard.read_text(encoding="utf-8")), encoding="utf-8")
    project = load(example)
    assert "multi-country-payroll" not in project.competitors["beichen-hr"].comparison
    path = example.parent / "compare.csv"
    path.write_text("竞品,功能,我们,对手,备注 (zh)\n快薪,smart-scheduling,✓,部分,快薪只有固定班次模板\n"
                    "北辰HR,multi-country-payroll,roadmap,✓,\n", encoding="utf-8")
    outcome = import_file(project, "comparison", path)
    assert outcome.refused == [] and outcome.added == [("beichen-hr:multi-country-payroll",
                                                        "content/competitors/beichen-hr.yaml")]
    assert outcome.conflicts == [f"{path}:2: kuaixin:smart-scheduling: them, note.zh differ from"
                                 " content/competitors/kuaixin.yaml,"
                                 " which was edited since; kept the file's (--overwrite takes the sheet's)"]
    before = (example / "content/competitors/kuaixin.yaml").read_text(encoding="utf-8")
    outcome = import_file(project, "comparison", path, overwrite=True)
    write(project, outcome)
    after = (example / "content/competitors/kuaixin.yaml").read_text(encoding="utf-8")
    assert replaced(before, after) == [('    them: "no"', '    them: "partial"'),  # the quotes kept
                                       ("      zh: 快薪只能导入排班表，没有排班功能。", "      zh: 快薪只有固定班次模板")]
    project = load(example)
    assert project.competitors["kuaixin"].comparison["smart-scheduling"].them.value == "partial"
    assert project.competitors["beichen-hr"].comparison["multi-country-payroll"].us.value == "roadmap"

    people = example.parent / "roles.csv"
    people.write_text("Name (EN),Name (ZH),Job titles,Role in the decision,Fears (EN),Fears (ZH)\n"
                      "Head of Operations,运营负责人,\"COO, 运营总监\",Influences,\"- Downtime\n- Retraining\",\"- 停工\n- 重新培训\"\n",
                      encoding="utf-8")
    outcome = import_file(project, "personas", people)
    assert outcome.added == [("head-of-operations", "content/personas/head-of-operations.yaml")]
    text = outcome.files["content/personas/head-of-operations.yaml"][1]
    assert "titles: [COO, 运营总监]\n" in text and "fears:\n  - zh: 停工\n    en: Downtime\n" in text

    cases = example.parent / "cases.csv"
    cases.write_text("Customer (EN),Customer (ZH),Industry,Results (EN),Results (ZH)\n"
                     "Dongfang Mart,东方超市,Retail,\"Overtime: -38%\nPayroll close: 7 → 3 days\",\"加班：-38%\n关账：7 → 3 天\"\n",
                     encoding="utf-8")
    outcome = import_file(project, "cases", cases)
    assert outcome.refused == []
    write(project, outcome)
    case = load(example).cases["dongfang-mart"]
    assert case.industry == "retail" and case.results[1].value.values == {"zh": "7 → 3 天", "en": "7 → 3 days"}


def test_rows_that_cannot_be_used_are_named_by_file_and_row(example: Path, capsys):
    path = example.parent / "bad.csv"
    path.write_text("Objection,Talk track,Category,Roles,Last verified,id\n"
                    "Too pricey,Ask compared with what,expensive,cfo,2026-11-01,\n"
                    "Too slow,It is not,fit,chief cat,2026-11-01,\n"
                    "Too late,Now is fine,timing,cfo,03/04/2026,\n"
                    "Wrong id,x,fit,,,Bad Id\n", encoding="utf-8")
    before = tree(example)
    code, _, err = run(capsys, "import", "objections", str(path), "--project", str(example))
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith(str(path))]
    assert lines == [
        f"{path}:2: Category: category 'expensive' is not one of price, security, integration, switching, fit, timing,"
        " other",
        f"{path}:3: Roles: no persona 'chief cat'",
        f"{path}:4: Last verified: '03/04/2026' could be 3 April or 4 March; write it as YYYY-MM-DD",
        f"{path}:5: id 'Bad Id' must be lowercase letters, digits, '-' and '_' (e.g. 'bad-id')",
    ]
    assert tree(example) == before
    assert "Traceback" not in err


# --------------------------------------------------------------------------- hostile files


def _hostile(tmp: Path) -> dict[str, tuple[Path, str]]:
    formula = tmp / "formula.csv"
    formula.write_text("Objection,Talk track\nToo expensive,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\n",
                       encoding="utf-8")
    dde = tmp / "dde.csv"
    dde.write_text("Objection,Talk track\n\"-2+3+cmd|' /C calc'!A0\",x\n", encoding="utf-8")
    uncomputed = xlsx(tmp / "uncomputed.xlsx", [["Objection", "Talk track"], ["a", Formula('=WEBSERVICE("http://x")')]])
    huge = tmp / "huge.csv"
    huge.write_text("Objection,Talk track\n" + "a,b\n" * 20_001, encoding="utf-8")
    broken = tmp / "broken.xlsx"
    broken.write_bytes(xlsx(tmp / "whole.xlsx", [["Objection", "Talk track"]]).read_bytes()[:300])
    xxe = xlsx(tmp / "xxe.xlsx", [["Objection", "Talk track"], ["&xxe;", "b"]],
               doctype='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    bomb = zip_bomb(tmp / "bomb.xlsx")
    encrypted = tmp / "encrypted.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le"))
    old = tmp / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    return {
        "formula": (formula, "cell B2 holds a formula (=HYPERLINK(\"http://evil.example\",\"x\")), not a value"),
        "dde": (dde, "cell A2 holds a formula"),
        "uncomputed": (uncomputed, "cell B2 holds a formula that was never computed"),
        "huge": (huge, "more than 20,000 rows; refused"),
        "broken": (broken, "the file is damaged"),
        "xxe": (xxe, "declares an XML document type (DOCTYPE, entities)"),
        "bomb": (bomb, "unpacks to far more than it holds (a zip bomb?); not opened"),
        "encrypted": (encrypted, "password-protected"),
        "old": (old, ".xls files are not read"),
    }


def test_formula_text_is_told_from_markdown_and_phone_numbers():
    from generator.exchange.sheets import formula_text

    for text in ("=1+1", '=HYPERLINK("http://x","y")', "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "+SUM(1)", "-cmd|x"):
        assert formula_text(text), text
    for text in ("- Ask (politely) what it is compared with", "- **Find out** | a | b!", "+86 571 8690 2612",
                 "@john (sales)", "-", "Use A | B!"):
        assert not formula_text(text), text


def test_hostile_spreadsheets_fail_in_one_line_and_write_nothing(example: Path, capsys, tmp_path: Path):
    before = tree(example)
    for name, (path, words) in _hostile(tmp_path).items():
        start = time.perf_counter()
        code, out, err = run(capsys, "import", "objections", str(path), "--project", str(example))
        assert time.perf_counter() - start < 5, name
        assert code == 1, (name, err)
        assert len(err.strip().splitlines()) == 1, (name, err)
        assert words in err and str(path) in err, (name, err)
        assert "Traceback" not in err + out
    assert tree(example) == before


# --------------------------------------------------------------------------- CRM deals


SALESFORCE = """Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Opportunity Currency,Close Date,Industry,Opportunity Owner,Contact: Full Name,Contact: Title
0065g00000AbCdE,Dongfang Mart rollout 2027,Dongfang Mart,Proposal/Price Quote,"1,280,000.00",CNY,12/20/2026,Retail,Liu Yang,Zhou Min,Chief Financial Officer
0065g00000AbCdE,Dongfang Mart rollout 2027,Dongfang Mart,Proposal/Price Quote,"1,280,000.00",CNY,12/20/2026,Retail,Liu Yang,Chen Jing,HR Director
0065g00000AbCdE,Dongfang Mart rollout 2027,Dongfang Mart,Proposal/Price Quote,"1,280,000.00",CNY,12/20/2026,Retail,Liu Yang,Ma Li,Office Administrator
0065g00000XyZaB,Qiantang Logistics pilot,Qiantang Logistics,Closed Lost,300000,CNY,10/01/2026,Transportation,Liu Yang,,
0065g00000KlMnO,Beiyuan Foods payroll,Beiyuan Foods,Negotiation/Review,"450,000.00",CNY,1/15/2027,Food & Beverage Manufacturing,Liu Yang,Sun Wei,CIO
"""


def test_salesforce_opportunities_become_deals_ready_for_a_proposal(example: Path, capsys):
    path = example.parent / "report1712345.csv"
    path.write_text(SALESFORCE, encoding="utf-8")
    code, _, err = run(capsys, "import", "deals", str(path), "--project", str(example))
    assert code == 0, err
    assert "Qiantang Logistics pilot' is Closed Lost: left out" in err
    deal = (example / "deals/dongfang-mart-rollout-2027.yaml").read_text(encoding="utf-8")
    assert deal.startswith("# Imported from Salesforce (record 0065g00000AbCdE) by `enablekit import deals` on ")
    assert "# contact Ma Li (Office Administrator) matches no persona's titles" in deal
    data = yaml.safe_load(deal)
    assert data["customer"] == {"name": "Dongfang Mart", "industry": "retail"}
    assert data["stage"] == "proposal" and data["amount"] == 1280000 and data["currency"] == "CNY"
    assert data["close_date"] == dt.date(2026, 12, 20)
    assert [(s["name"], s["persona"]) for s in data["stakeholders"]] == [("Zhou Min", "cfo"), ("Chen Jing", "hr-director")]
    assert data["crm"] == {"system": "salesforce", "id": "0065g00000AbCdE"}
    project = load(example)
    assert project.deals["beiyuan-foods-payroll"].customer.industry == "manufacturing"
    assert project.deals["beiyuan-foods-payroll"].stage == "negotiation"
    # the same export again changes nothing; a later one with a new contact adds that contact only
    code, _, err = run(capsys, "import", "deals", str(path), "--project", str(example))
    assert "0 added, 0 updated, 2 unchanged" in err
    path.write_text(SALESFORCE.replace("Ma Li,Office Administrator", "Li Zhigang,Head of IT"), encoding="utf-8")
    before = (example / "deals/dongfang-mart-rollout-2027.yaml").read_text(encoding="utf-8")
    code, _, err = run(capsys, "import", "deals", str(path), "--project", str(example))
    after = (example / "deals/dongfang-mart-rollout-2027.yaml").read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["+  - name: Li Zhigang", "+    title: Head of IT", "+    persona: cio"]
    from generator.pipeline import build_proposal

    made = build_proposal(example / "deals/dongfang-mart-rollout-2027.yaml", out=example.parent / "proposal")
    names = {p.name for p in made}
    assert {"proposal-dongfang-mart-rollout-2027.zh.pdf", "proposal-dongfang-mart-rollout-2027.zh.pptx"} <= names


def test_hubspot_dynamics_and_chinese_crm_exports(example: Path, capsys):
    hubspot = xlsx(example.parent / "hubspot-crm-exports-all-deals.xlsx", [
        ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Associated Company", "Associated Contact",
         "Deal owner"],
        [9876543210, "Lanting Hotels - scheduling", "Contract Sent", 560000, dt.date(2027, 1, 31), "Lanting Hotels",
         "Gao Fei (General Manager); Xu Lan (Payroll Manager)", "Liu Yang"],
    ])
    dynamics = xlsx(example.parent / "Open Opportunities 12-6-2026.xlsx", [
        ["(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "Topic", "Potential Customer", "Est. Close Date",
         "Est. Revenue", "Sales Stage", "Contact", "Job Title"],
        ["6f1c2a9e-1d2b-ef11-8409-000d3a8f0c11", "abc==", "Huayu Plants payroll", "Huayu Plants", dt.date(2027, 2, 28),
         Formula("=820000*1", 820000), "Propose", "Qin Hao", "Finance Director"],
    ])
    fxiaoke = xlsx(example.parent / "商机_20261206.xlsx", [
        ["商机名称", "客户名称", "商机阶段", "商机金额", "结单日期", "客户行业", "联系人", "职务", "负责人"],
        ["云海物流排班项目", "云海物流", "商务谈判", "128万", "2026/12/28", "物流", "王强", "总经理", "刘洋"],
        ["云海物流排班项目", "云海物流", "商务谈判", "128万", "2026/12/28", "物流", "李娜", "薪酬经理", "刘洋"],
    ])
    xiaoshouyi = example.parent / "销售机会.csv"
    xiaoshouyi.write_bytes("机会名称,客户名称,销售阶段,销售金额,预计签单日期,所属行业,联系人,职务\n"
                           "鼎盛餐饮门店排班,鼎盛餐饮,方案报价,\"¥360,000\",2027-01-10,餐饮,赵敏,人力资源总监\n"
                           .encode("gb18030"))
    for path, ident in ((hubspot, "lanting-hotels-scheduling"), (dynamics, "huayu-plants-payroll"),
                        (fxiaoke, "yunhai-wuliu-paiban-xiangmu"), (xiaoshouyi, "dingsheng-canyin-mendian-paiban")):
        code, _, err = run(capsys, "import", "deals", str(path), "--project", str(example))
        assert code == 0 and "1 added" in err, (path, err)
        assert (example / f"deals/{ident}.yaml").is_file(), err
    project = load(example)
    assert project.deals["lanting-hotels-scheduling"].stage == "negotiation"
    assert [s.persona for s in project.deals["lanting-hotels-scheduling"].stakeholders] == ["ceo", "payroll-specialist"]
    assert project.deals["huayu-plants-payroll"].amount == 820000
    assert project.deals["huayu-plants-payroll"].crm.system == "dynamics"
    yunhai = project.deals["yunhai-wuliu-paiban-xiangmu"]
    assert (yunhai.amount, yunhai.close_date, yunhai.customer.industry) == (1280000, dt.date(2026, 12, 28), "logistics")
    assert [s.persona for s in yunhai.stakeholders] == ["ceo", "payroll-specialist"]
    assert project.deals["dingsheng-canyin-mendian-paiban"].currency == "CNY"


def test_an_unknown_export_names_the_maps_and_how_to_add_one(example: Path, capsys):
    path = example.parent / "pipeline.csv"
    path.write_text("Kunde,Wert\nA,1\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "deals", str(path), "--project", str(example))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "not an opportunity export of a CRM enablekit knows" in err and "templates/crm/<name>.yaml" in err
    (example / "templates/crm").mkdir(parents=True)
    (example / "templates/crm/pipedrive.yaml").write_text(
        "name: Pipedrive\ndetect: [Kunde]\ncolumns:\n  account: [Kunde]\n  amount: [Wert]\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "deals", str(path), "--project", str(example))
    assert code == 0 and "1 added" in err, err
