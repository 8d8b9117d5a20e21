"""The proposal a CFO can sign: a computed investment table, the customer on the cover, a dated
timeline in the reader's language, no other plan's price and no classification footer."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_currency
from pptx import Presentation

from generator import build
from generator.content.loader import load_project
from generator.language.i18n import format_date, labels

from .conftest import FIXTURES, MARKER, TODAY

pytestmark = pytest.mark.needs("pdftotext", "pdfinfo", "pdffonts", "pdftohtml", "pdfdetach")

# the quoted numbers of the fixture deal, and what its proposal must add up to
UNIT, QUANTITY, MONTHS, ONE_OFF, PERCENT = Decimal(42), 3200, 12, Decimal(80000), Decimal(8)
SUBTOTAL = UNIT * QUANTITY * MONTHS + ONE_OFF
TOTAL = SUBTOTAL - (SUBTOTAL * PERCENT / 100).quantize(Decimal("0.01"))

BIG_DEAL_PROPOSAL = """proposal:
  language: zh
  issued: 2026-11-20
  valid_until: 2026-12-31
  pricing_plan: basic
  quantity: 3200
  term_months: 12
  one_off:
    - {item: {zh: 实施与培训, en: Implementation and training}, amount: 80000}
  discount: {percent: 8}
  payment_terms: {zh: 订阅费按季度预付, en: Subscription billed quarterly in advance}
  start: 2027-01-15
  milestones:
    - {name: {zh: 试点门店上线, en: Pilot stores live}, date: 2027-02-28}
    - {name: {zh: 全部门店上线, en: All stores live}, date: 2027-06-30}
  prepared_by: {name: {zh: 刘洋, en: Liu Yang}, title: {zh: 大客户经理, en: Key Account Manager},
                email: yang.liu@test.example, phone: "+86 571 0000 0000"}
"""

LITE_DEAL = """customer: {name: {zh: 小店测试, en: Corner Shop Test}, industry: retail, tier: ka}
stakeholders:
  - {name: 张总, persona: cfo, attitude: champion}
requirements:
  - {need: {zh: 门店排班, en: Store rostering}, capability: rostering, priority: must}
pains:
  - {zh: 排班太慢, en: Rotas take too long}
proposal: {language: en, valid_until: 2026-12-31, pricing_plan: lite, quantity: 50, term_months: 12,
           one_off: [{item: Setup, amount: 5000}]}
"""

NORD_DEAL = """customer: {name: Nordwerk Haustechnik GmbH, industry: building-services, tier: ka}
stakeholders:
  - {name: Frau Berg, persona: service-manager, attitude: champion}
requirements:
  - {need: {de: Einsatzplanung für 40 Techniker, en: Dispatch planning for 40 technicians}, capability: dispatch-planning}
pains:
  - {de: Disposition per Telefon, en: Dispatching by phone}
proposal:
  language: de
  issued: 2026-11-20
  valid_until: 2027-01-31
  pricing_plan: professional
  quantity: 40
  term_months: 24
  one_off: [{item: {de: Einführungspaket, en: Implementation package}, amount: 7500}]
  discount: {amount: 1000}
  start: 2027-01-15
  milestones: [{name: {de: Pilotteam arbeitet mit der App, en: Pilot team on the app}, date: 2027-02-28}]
"""


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [arg for flag, n in (("-f", first), ("-l", last)) if n for arg in (flag, str(n))]
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def deck_texts(path: Path) -> tuple[str, list[list[list[str]]]]:
    """All text of a deck's text frames, and every table as rows of cell texts (a no-break space read as a
    space: "12 months" is kept on one line, see language/breaks.py)."""
    prs = Presentation(str(path))
    texts = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    tables = [[[c.text.replace("\xa0", " ") for c in row.cells] for row in sh.table.rows] for s in prs.slides
              for sh in s.shapes if sh.has_table]
    return texts.replace("\xa0", " "), tables


def deck_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def amount(text: str) -> Decimal:
    """A formatted amount read back as a number: ¥1,557,376.00 / CN¥5,000.00 / 1.234,50 € → Decimal."""
    digits = re.sub(r"[^\d,.\-]", "", text.replace("−", "-"))
    if re.search(r",\d{2}$", digits):  # German: 1.234,50
        digits = digits.replace(".", "").replace(",", ".")
    return Decimal(digits.replace(",", ""))


def _project(tmp: Path) -> Path:
    project = tmp / "project"
    shutil.copytree(FIXTURES / "valid", project)
    company = project / "content/company.yaml"
    text = company.read_text(encoding="utf-8")
    text = text.replace('price: "¥42/人/月", includes', 'price: "¥42/人/月", unit_price: {amount: 42, currency: CNY}, includes')
    text = text.replace('price: "ZZINTERNALZZ-price 99", includes',
                        'price: "ZZINTERNALZZ-price 99", unit_price: {amount: 77.5, currency: CNY}, includes')
    text = text.replace("      - {id: premium,", "      - {id: lite, name: Lite, price: {zh: ¥18/人/月, en: CNY 18 per user"
                        " per month}, includes: [rostering]}\n      - {id: premium,")
    assert text.count("unit_price") == 2 and "id: lite" in text
    company.write_text(text, encoding="utf-8")
    deal = project / "deals/big-deal.yaml"
    text = deal.read_text(encoding="utf-8")
    old = "proposal: {language: zh, valid_until: 2026-12-31, pricing_plan: basic}\n"
    assert old in text
    deal.write_text(text.replace(old, BIG_DEAL_PROPOSAL), encoding="utf-8")
    (project / "deals/lite-deal.yaml").write_text(LITE_DEAL, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def proposals(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("proposals")
    project = _project(base)
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.errors] == []
    return build(project, out=base / "site", only=["proposal"], today=TODAY).out / "downloads"


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("german")
    project = base / "project"
    shutil.copytree(FIXTURES / "de-en", project)
    company = project / "content/company.yaml"
    text = company.read_text(encoding="utf-8")
    old = "        price: {de: 59 € pro Techniker und Monat, en: EUR 59 per technician per month}\n"
    assert old in text
    company.write_text(text.replace(old, old + "        unit_price: {amount: 59, currency: EUR, per: seat-month}\n"),
                       encoding="utf-8")
    (project / "deals").mkdir()
    (project / "deals/nord-deal.yaml").write_text(NORD_DEAL, encoding="utf-8")
    return build(project, out=base / "site", only=["proposal"], today=TODAY).out / "downloads"


# ---------------------------------------------------------------------------- the investment


def test_pdf_total_is_unit_price_times_quantity_times_term_plus_one_off_minus_discount(proposals):
    text = pdf_text(proposals / "proposal-big-deal.zh.pdf")
    subscription = re.search(r"Basic订阅服务\s+¥42\.00/人/月\s+3,200\s+12 个月\s+(¥[\d,.]+)", text)
    assert subscription and amount(subscription.group(1)) == UNIT * QUANTITY * MONTHS
    fee = re.search(r"实施与培训\s+(¥[\d,.]+)\s+1\s+一次性\s+(¥[\d,.]+)", text)  # a lump sum: one of it at its amount
    assert fee and amount(fee.group(1)) == amount(fee.group(2)) == ONE_OFF
    assert amount(re.search(r"小计\s+(¥[\d,.]+)", text).group(1)) == SUBTOTAL
    discount = re.search(r"折扣（8%）\s+(−¥[\d,.]+)", text)
    assert discount and amount(discount.group(1)) == -(SUBTOTAL * PERCENT / 100)
    total = re.search(r"合计\s+(¥[\d,.]+)", text)
    assert total and amount(total.group(1)) == TOTAL == Decimal("1557376.00")
    assert format_currency(TOTAL, "CNY", locale="zh") == "¥1,557,376.00" == total.group(1)
    compact = flat(text)
    assert "付款方式订阅费按季度预付" in compact and "有效期至2026年12月31日" in compact
    summary = flat(pdf_text(proposals / "proposal-big-deal.zh.pdf", 2, 2))
    assert "总投资" in summary and "¥1,557,376.00" in summary  # the executive summary quotes the same total


def test_deck_table_total_is_the_same(proposals):
    _, tables = deck_texts(proposals / "proposal-big-deal.zh.pptx")
    [investment] = [t for t in tables if t[0] == ["项目", "单价", "数量", "期限", "金额"]]
    rows = {row[0]: row for row in investment[1:]}
    assert rows["Basic订阅服务"][1:] == ["¥42.00/人/月", "3,200", "12 个月", "¥1,612,800.00"]
    assert rows["实施与培训"][1:3] == [rows["实施与培训"][-1], "1"] and amount(rows["实施与培训"][-1]) == ONE_OFF
    assert amount(rows["小计"][-1]) == SUBTOTAL
    assert amount(rows["折扣（8%）"][-1]) == -(SUBTOTAL * PERCENT / 100)
    assert amount(rows["合计"][-1]) == TOTAL
    assert amount(rows["Basic订阅服务"][-1]) + amount(rows["实施与培训"][-1]) + amount(rows["折扣（8%）"][-1]) == TOTAL


def test_a_plan_without_numbers_shows_its_price_as_written(proposals):
    text = " ".join(pdf_text(proposals / "proposal-lite-deal.en.pdf").split())
    assert "Price on request" not in text
    assert "CNY 18 per user per month" in text
    assert "The price of Lite as listed; we confirm the amount with you once the scope is agreed." in text
    texts, tables = deck_texts(proposals / "proposal-lite-deal.en.pptx")
    assert ["Lite", "Rostering", "CNY 18 per user per month"] in [row for t in tables for row in t]
    assert "Price on request" not in texts
    for half_price in ("CN¥", "Subtotal"):  # no computed amount next to a price as written
        assert half_price not in text and half_price not in texts, half_price
    summary = flat(pdf_text(proposals / "proposal-lite-deal.en.pdf", 2, 2))
    assert "Totalinvestment" in summary and "CNY18peruserpermonth" in summary
    # the one-off fee alone would be a half price
    assert "Setup" not in text and "5,000" not in text


def test_no_other_plans_price_anywhere(proposals):
    outputs = {
        "big-deal": ("proposal-big-deal.zh.pdf", "proposal-big-deal.zh.pptx"),
        "lite-deal": ("proposal-lite-deal.en.pdf", "proposal-lite-deal.en.pptx"),
    }
    names = {"big-deal": ["Premium", "ZZINTERNALZZ", "Lite"], "lite-deal": ["Premium", "ZZINTERNALZZ", "Basic"]}
    prices = {
        "big-deal": ["77.5", "¥18", "18/人", "CNY 18"],
        "lite-deal": ["77.5", "¥42", "42.00", "1,612,800", "1,557,376"],
    }
    for deal, (pdf, deck) in outputs.items():
        text, xml = pdf_text(proposals / pdf), deck_xml(proposals / deck)
        texts, tables = deck_texts(proposals / deck)
        slides = texts + "\n".join(c for t in tables for row in t for c in row)
        for name in names[deal]:  # not even in the deck's XML (notes, properties)
            assert name not in text and name not in xml, (deal, name)
        for price in prices[deal]:
            assert price not in text and price not in slides, (deal, price)
    assert MARKER not in pdf_text(proposals / "proposal-big-deal.zh.pdf")


def test_german_amounts_and_dates(german):
    text = pdf_text(german / "proposal-nord-deal.de.pdf")
    # 59 € × 40 × 24 + 7.500 € − 1.000 € = 63.140 €
    assert re.search(r"Abonnement Professional\s+59,00\s€ / Nutzer / Monat\s+40\s+24 Monate\s+56\.640,00\s€", text)
    assert re.search(r"Rabatt\s+−1\.000,00\s€", text)
    total = re.search(r"Gesamtbetrag\s+([\d.,]+\s€)", text)
    assert total and amount(total.group(1)) == Decimal(59 * 40 * 24 + 7500 - 1000)
    assert re.search(r"15\. Januar 2027\s+Projektstart", text) and re.search(r"28\. Februar 2027\s+Pilotteam", text)
    _, tables = deck_texts(german / "proposal-nord-deal.de.pptx")
    [investment] = [t for t in tables if t[0][-1] == "Betrag"]
    assert investment[-1][0] == "Gesamtbetrag" and amount(investment[-1][-1]) == Decimal(63140)


# ---------------------------------------------------------------------------- cover and timeline


def test_the_cover_shows_the_customer_date_and_author(proposals):
    cover = flat(pdf_text(proposals / "proposal-big-deal.zh.pdf", 1, 1))
    assert "华信测试零售解决方案建议书" in cover
    assert "提交日期2026年11月20日" in cover and "有效期至2026年12月31日" in cover
    assert "方案编写刘洋·大客户经理" in cover
    prs = Presentation(str(proposals / "proposal-big-deal.zh.pptx"))
    # \v: the line break that keeps "建议书" together instead of leaving "书" alone on the last line
    assert prs.slides[0].shapes.title.text_frame.text == "华信测试零售解决方案\v建议书"
    english = " ".join(pdf_text(proposals / "proposal-lite-deal.en.pdf", 1, 1).split())
    assert "Proposal for Corner Shop Test" in english
    assert "Issued November 22, 2026" not in english  # never the clock: the deal names no date …
    assert "Issued November 1, 2026" in english  # … so the company's reviewed date


def test_executive_summary_speaks_of_this_customer(proposals):
    page = flat(pdf_text(proposals / "proposal-big-deal.zh.pdf", 2, 2))
    assert page.startswith("解决方案建议书·华信测试零售") and "执行摘要" in page
    assert "本建议书说明测试云如何解决华信测试零售与我们分享的挑战" in page
    assert "您提出的3项需求中，1项由现已上线的功能满足。" in page
    assert "另有1项对应的功能尚在产品规划中" in page and "有1项不在本方案范围内" in page
    assert "店长每周花一天排班" in page  # their pains
    # what we commit to is the requirements table's (page 3), not a "capability: need" list repeating it here
    assert "排班：门店排班" not in page


def test_milestone_dates_in_the_language_of_the_proposal(proposals):
    text = pdf_text(proposals / "proposal-big-deal.zh.pdf")
    for day, name in (("2027-01-15", "项目启动"), ("2027-02-28", "试点门店上线"), ("2027-06-30", "全部门店上线")):
        assert re.search(rf"{format_date(day, 'zh')}\s+{name}", text), (day, name)
    assert format_date("2027-02-28", "zh") == "2027年2月28日"
    _, tables = deck_texts(proposals / "proposal-big-deal.zh.pptx")
    [timeline] = [t for t in tables if t[0] == ["日期", "里程碑"]]
    assert timeline[1:] == [["2027年1月15日", "项目启动"], ["2027年2月28日", "试点门店上线"], ["2027年6月30日", "全部门店上线"]]


# ---------------------------------------------------------------------------- no classification on customer PDFs


def test_no_classification_footer_on_customer_documents(built_sites, proposals):
    marks = [labels(lang)[key] for lang in ("zh", "en") for key in ("public_doc", "confidential", "partner_badge")]
    public = built_sites["public"] / "downloads"
    pdfs = sorted(public.glob("*.pdf"))
    kinds = {p.name.split("-")[0].split(".")[0] for p in pdfs}
    assert {"booklet", "brochure", "whitepaper"} <= kinds
    for pdf in [*pdfs, proposals / "proposal-big-deal.zh.pdf", proposals / "proposal-lite-deal.en.pdf"]:
        text = " ".join(pdf_text(pdf).split())
        assert [m for m in marks if " ".join(m.split()) in text] == [], pdf.name
    # internal documents keep their mark on every page
    battlecard = pdf_text(built_sites["internal"] / "downloads/battlecard-rival.zh.pdf")
    pages = battlecard.count("\f")
    assert flat(battlecard).count(flat(labels("zh")["confidential"])) >= pages


# ---------------------------------------------------------------------------- check


def _errors(project: Path) -> list[str]:
    _, diags = load_project(project, today=TODAY)
    return [str(d) for d in sorted(diags.errors, key=lambda d: d.sort_key())]


def _deal(project: Path, proposal: str) -> None:
    deal = project / "deals/big-deal.yaml"
    text = deal.read_text(encoding="utf-8")
    old = "proposal: {language: zh, valid_until: 2026-12-31, pricing_plan: basic}\n"
    deal.write_text(text.replace(old, proposal), encoding="utf-8")


@pytest.mark.parametrize(("proposal", "message"), [
    ("proposal:\n  discount: {percent: 8, amount: 5000}\n",
     "deals/big-deal.yaml:15:13: discount: write exactly one of percent or amount, e.g. {percent: 8} or {amount: 50000}"),
    ("proposal:\n  discount: {}\n",
     "deals/big-deal.yaml:15:13: discount: write exactly one of percent or amount, e.g. {percent: 8} or {amount: 50000}"),
    ("proposal:\n  discount: {percent: -5}\n", "deals/big-deal.yaml:15:23: percent: must not be negative, got -5"),
    ("proposal:\n  discount: {percent: 120}\n", "deals/big-deal.yaml:15:23: percent: must be at most 100, got 120"),
    ("proposal:\n  discount: {amount: -1000}\n", "deals/big-deal.yaml:15:22: amount: must not be negative, got -1000"),
    ("proposal:\n  one_off:\n    - {item: 实施, amount: -80000}\n",
     "deals/big-deal.yaml:16:26: amount: must not be negative, got -80000"),
    ("proposal:\n  quantity: -3\n", "deals/big-deal.yaml:15:13: quantity: must be greater than 0"),
    ("proposal:\n  term_months: 0\n", "deals/big-deal.yaml:15:16: term_months: must be greater than 0"),
    ("proposal:\n  start: 2027-01-15\n  milestones:\n    - {name: 试点, date: 2027-01-01}\n    - {name: 上线, date: 2027-03-01}\n",
     "deals/big-deal.yaml:17:5: milestones: 2027-01-01 is before the start 2027-01-15"),
    ("proposal:\n  issued: 2026-12-01\n  valid_until: 2026-11-30\n",
     "deals/big-deal.yaml:16:16: valid_until: 2026-11-30 is before the issue date 2026-12-01"),
])
def test_check_rejects_impossible_numbers(project, proposal, message):
    _deal(project, proposal)
    assert _errors(project) == [message]


@pytest.mark.parametrize(("unit_price", "message"), [
    ("{amount: -42, currency: CNY}", "content/company.yaml:19:73: amount: must not be negative, got -42"),
    ("{amount: 42, currency: RMB}",
     "content/company.yaml:19:87: currency: 'RMB' is not an ISO 4217 currency code; did you mean 'CNY'? (e.g. CNY, EUR, USD)"),
    ("{amount: 42, currency: CNY, per: seats-month}",
     "content/company.yaml:19:97: per: unknown unit 'seats'; did you mean 'seat'? (units: seat, user, device, site,"
     " plant, line, vehicle, transaction, project, day, hour, month, year; declare another under pricing.units:"
     " {id: seats, name: {zh: ...}})"),
    ("{amount: 42, currency: CNY, per: month-year}",
     "content/company.yaml:19:97: per: 'month-year': a period cannot be priced per period; write month or a unit"
     " such as device-year"),
    ("{currency: CNY, per: seat-month}",
     "content/company.yaml:19:64: unit_price: write exactly one of amount or tiers, e.g. {amount: 35, currency:"
     " CNY, per: seat-month}"),
])
def test_check_rejects_a_wrong_unit_price(project, unit_price, message):
    company = project / "content/company.yaml"
    text = company.read_text(encoding="utf-8")
    company.write_text(text.replace('price: "¥42/人/月", includes', f'price: "¥42/人/月", unit_price: {unit_price}, includes'),
                       encoding="utf-8")
    assert _errors(project) == [message]


def test_deck_amounts_and_quantities_are_right_aligned(proposals):
    prs = Presentation(str(proposals / "proposal-big-deal.zh.pptx"))
    [table] = [sh.table for s in prs.slides for sh in s.shapes if sh.has_table and len(sh.table.columns) == 5]
    for row in list(table.rows)[1:]:
        for col in (2, 4):
            paragraph = row.cells[col].text_frame.paragraphs[0]
            if row.cells[col].text:
                assert paragraph._pPr.get("algn") == "r", row.cells[col].text
