"""Pricing for any business model: units beyond seats (built in and declared), volume bands, usage
lines, a plan's one-off prices and options, display prices, and tiers that stay internal."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator import build, load_project
from generator.views import presales
from generator.views.audience import view

from .conftest import FIXTURES, TODAY

FLEET = """      - id: fleet
        name: {zh: 车队版, en: Fleet}
        unit_price:
          currency: EUR
          per: vehicle-month
          tiers: [{up_to: 100, amount: 12}, {up_to: 500, amount: 9}, {amount: 7}]
        usage:
          - {item: {zh: 超出 100 万次的 API 调用, en: API calls over 1M}, amount: 0.002, per: call}
          - {item: {zh: 货值分成, en: Share of the freight value}, percent: 3.5, of: freight-value}
        one_off:
          - {item: {zh: 车载终端, en: Telematics box}, amount: 149, per: vehicle}
          - {item: {zh: 网关, en: Gateway}, amount: 1800, per: gateway}
          - {item: {zh: 上线服务, en: Set-up}, amount: 2500}
          - {item: {zh: 额外培训, en: Extra training day}, amount: 900, per: day, optional: true}
        includes: [rostering]
      - id: plant
        name: {zh: 工厂版, en: Plant licence}
        unit_price: {amount: 30000, currency: CNY, per: plant-year}
        includes: [rostering]
      - id: audit
        name: {zh: 现场审计, en: On-site audit}
        unit_price: {amount: 1200, currency: EUR, per: day}
        includes: [rostering]
"""
UNITS = """    units:
      - {id: call, name: {zh: 次调用, en: call}}
      - {id: gateway, name: {zh: 台网关, en: gateway}}
      - {id: freight-value, name: {zh: 货值, en: freight value}}
"""


def _project(base: Path) -> Path:
    project = base / "project"
    shutil.copytree(FIXTURES / "valid", project)
    company = project / "content/company.yaml"
    text = company.read_text(encoding="utf-8")
    text = text.replace("  pricing:\n    plans:\n", "  pricing:\n" + UNITS + "    plans:\n" + FLEET)
    company.write_text(text, encoding="utf-8")
    return project


def _deal(project: Path, proposal: str) -> None:
    deal = project / "deals/big-deal.yaml"
    text = deal.read_text(encoding="utf-8")
    old = "proposal: {language: zh, valid_until: 2026-12-31, pricing_plan: basic}\n"
    assert old in text
    deal.write_text(text.replace(old, proposal), encoding="utf-8")


def _investment(project: Path, lang: str = "en") -> presales.Investment | None:
    loaded, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.errors] == []
    internal, public = view(loaded, "internal"), view(loaded, "public")
    deal = internal.deals["big-deal"]
    deal = deal.model_copy(update={"proposal": deal.proposal.model_copy(update={"language": lang})})
    return presales.proposal(public, internal, deal).investment


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return _project(tmp_path)


def test_volume_bands_one_offs_and_usage_add_up(project):
    _deal(project, "proposal: {language: en, pricing_plan: fleet, quantity: 240, term_months: 12,"
                   " quantities: {gateway: 3}, discount: {percent: 10}}\n")
    inv = _investment(project)
    rows = [(r.kind, r.item, r.unit_price, r.quantity, r.term, r.amount) for r in inv.rows]
    assert rows == [
        ("subscription", "Fleet subscription (1–100)", "€12.00 / vehicle / month", "100", "12 months", "€14,400.00"),
        ("subscription", "Fleet subscription (101–500)", "€9.00 / vehicle / month", "140", "12 months", "€15,120.00"),
        ("one_off", "Telematics box", "€149.00 / vehicle", "240", "One-off", "€35,760.00"),
        ("one_off", "Gateway", "€1,800.00 / gateway", "3", "One-off", "€5,400.00"),
        ("one_off", "Set-up", "€2,500.00", "1", "One-off", "€2,500.00"),
        ("subtotal", "Subtotal", "", "", "", "€73,180.00"),
        ("discount", "Discount (10%)", "", "", "", "−€7,318.00"),
        ("total", "Total", "", "", "", "€65,862.00"),
    ]
    assert inv.total == Decimal("65862.00")
    assert inv.total_text == "€65,862.00 + usage-based fees"
    assert [(u.item, u.rate) for u in inv.usage] == [("API calls over 1M", "€0.002 / call"),
                                                     ("Share of the freight value", "3.5%")]


def test_the_expected_use_estimates_the_usage_fees_and_says_so(project, tmp_path):
    _deal(project, "proposal: {language: en, pricing_plan: fleet, quantity: 240, term_months: 12,"
                   " quantities: {gateway: 3}, expected_use: {call: 2500000, freight-value: 400000}}\n")
    inv = _investment(project)
    assert [(u.item, u.rate, u.expected, u.estimate) for u in inv.usage] == [
        ("API calls over 1M", "€0.002 / call", "2,500,000", "€5,000.00"),
        ("Share of the freight value", "3.5%", "€400,000.00", "€14,000.00"),
    ]
    assert inv.usage_estimate == Decimal("19000.00") and inv.usage_estimate_text == "€19,000.00"
    assert inv.total_text == "€73,180.00 + usage-based fees (estimated at €19,000.00)"
    # one line without an expected use: no total estimate (it would be too low), the line estimated alone
    other = _project(tmp_path / "partial")
    _deal(other, "proposal: {language: en, pricing_plan: fleet, quantity: 240, term_months: 12,"
                 " quantities: {gateway: 3}, expected_use: {call: 2500000}}\n")
    inv = _investment(other, "de")
    assert [(u.expected, u.estimate) for u in inv.usage] == [("2.500.000", "5.000,00\xa0€"), ("", "")]
    assert inv.usage_estimate is None and inv.total_text == "73.180,00\xa0€ + nutzungsabhängige Entgelte"


def test_an_option_is_in_only_when_the_deal_counts_it(project):
    _deal(project, "proposal: {language: en, pricing_plan: fleet, quantity: 600, term_months: 1,"
                   " quantities: {gateway: 0, day: 2}}\n")
    inv = _investment(project)
    items = [(r.item, r.quantity, r.amount) for r in inv.rows if r.kind in ("subscription", "one_off")]
    assert items == [
        ("Fleet subscription (1–100)", "100", "€1,200.00"),
        ("Fleet subscription (101–500)", "400", "€3,600.00"),
        ("Fleet subscription (501+)", "100", "€700.00"),
        ("Telematics box", "600", "€89,400.00"),
        ("Set-up", "1", "€2,500.00"),  # gateway: 0 leaves the gateways out
        ("Extra training day", "2", "€1,800.00"),
    ]


def test_units_and_periods_read_in_each_language(project):
    _deal(project, "proposal: {language: zh, pricing_plan: plant, quantity: 2, term_months: 18}\n")
    inv = _investment(project, "zh")
    (row, total) = [(r.item, r.unit_price, r.quantity, r.term, r.amount) for r in inv.rows]
    assert row == ("工厂版订阅服务", "¥30,000.00/工厂/年", "2", "18 个月", "¥90,000.00")
    assert total[-1] == "¥90,000.00" and inv.term == "18 个月"
    inv = _investment(project, "en")
    assert inv.rows[0].unit_price == "CN¥30,000.00 / plant / year"


def test_a_price_paid_once_needs_no_term_and_is_no_subscription(project):
    _deal(project, "proposal: {language: en, pricing_plan: audit, quantity: 12}\n")
    inv = _investment(project)
    assert [(r.item, r.unit_price, r.quantity, r.term, r.amount) for r in inv.rows] == [
        ("On-site audit", "€1,200.00 / day", "12", "", "€14,400.00"),
        ("Total", "", "", "", "€14,400.00"),
    ]
    assert inv.term == "" and inv.usage == []


def test_the_proposal_pdf_shows_the_bands_the_usage_and_no_headcount(project, tmp_path):
    _deal(project, "proposal: {language: en, pricing_plan: fleet, quantity: 240, term_months: 12,"
                   " quantities: {gateway: 3}}\n")
    out = build(project, out=tmp_path / "site", only=["proposal"], today=TODAY).out / "downloads"
    import subprocess

    text = " ".join(subprocess.run(["pdftotext", "-layout", str(out / "proposal-big-deal.en.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "Fleet subscription (101–500) €9.00 / vehicle / month 140 12 months €15,120.00" in text
    assert "Usage-based fees API calls over 1M €0.002 / call Share of the freight value 3.5%" in text
    assert "Billed on actual use, in addition to the total above." in text
    assert "€73,180.00 + usage-based fees" in text
    assert "user" not in text.lower() and "headcount" not in text.lower()


def test_the_proposal_pdf_and_deck_show_the_estimated_usage_beside_the_total(project, tmp_path):
    _deal(project, "proposal: {language: en, pricing_plan: fleet, quantity: 240, term_months: 12,"
                   " quantities: {gateway: 3}, expected_use: {call: 2500000, freight-value: 400000}}\n")
    out = build(project, out=tmp_path / "site", only=["proposal"], today=TODAY).out / "downloads"
    import subprocess

    from pptx import Presentation

    text = " ".join(subprocess.run(["pdftotext", "-layout", str(out / "proposal-big-deal.en.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "€73,180.00 12 months + Estimated usage fees: €19,000.00" in text  # the executive summary's boxes
    for row in ("API calls over 1M €0.002 / call 2,500,000 €5,000.00",
                "Share of the freight value 3.5% €400,000.00 €14,000.00",
                "Estimated usage fees €19,000.00 Estimated from the expected use over the term; billed on actual use"):
        assert row in text
    assert "€73,180.00 + usage-based fees (estimated at €19,000.00)" in text  # the line the customer signs
    deck = Presentation(str(out / "proposal-big-deal.en.pptx"))
    [slide] = [s for s in deck.slides if s.shapes.title.text_frame.text == "Usage-based fees"]
    [table] = [sh.table for sh in slide.shapes if sh.has_table]
    assert [[c.text_frame.text for c in row.cells] for row in table.rows] == [
        ["Item", "Rate", "Expected use over the term", "Estimate"],
        ["API calls over 1M", "€0.002 / call", "2,500,000", "€5,000.00"],
        ["Share of the freight value", "3.5%", "€400,000.00", "€14,000.00"],
        ["Estimated usage fees", "", "", "€19,000.00"],
    ]


@pytest.mark.parametrize(("proposal", "message"), [
    ("proposal: {language: en, pricing_plan: fleet, term_months: 12, quantities: {gateway: 1}}\n",
     "deals/big-deal.yaml:14:40: plan 'fleet' is priced per vehicle: say how many with quantity: N"),
    ("proposal: {language: en, pricing_plan: fleet, quantity: 5, quantities: {gateway: 1}}\n",
     "deals/big-deal.yaml:14:40: plan 'fleet' is priced per month: say for how long with term_months: N"),
    ("proposal: {language: en, pricing_plan: fleet, quantity: 5, term_months: 12}\n",
     "deals/big-deal.yaml:14:40: plan 'fleet' prices '网关' per gateway: say how many under quantities:"
     " {gateway: N} (0 leaves it out)"),
    ("proposal: {language: en, pricing_plan: audit, quantity: 3, quantities: {gatway: 2}}\n",
     "deals/big-deal.yaml:14:81: quantities: unknown unit 'gatway'; did you mean 'gateway'?"),
    ("proposal: {language: en, pricing_plan: fleet, quantity: 5, term_months: 12, quantities: {gateway: 1},"
     " expected_use: {cal: 9}}\n",
     "deals/big-deal.yaml:14:123: expected_use: plan 'fleet' meters no 'cal' (its usage lines count: call,"
     " freight-value); did you mean 'call'?"),
    ("proposal: {language: en, pricing_plan: audit, quantity: 3, expected_use: {call: 9}}\n",
     "deals/big-deal.yaml:14:81: expected_use: plan 'audit' has no usage line with per or of: nothing to estimate"),
])
def test_check_names_the_missing_number_of_a_proposal(project, proposal, message):
    _deal(project, proposal)
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.errors] == [message]


def test_check_refuses_an_unknown_unit_and_explains_how_to_declare_one(project):
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("per: call}", "per: cal}"), encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.errors] == [
        "content/company.yaml:30:88: per: unknown unit 'cal'; did you mean 'call'? (units: seat, user, device,"
        " site, plant, line, vehicle, transaction, project, day, hour, month, year, call, gateway, freight-value; declare another"
        " under pricing.units: {id: cal, name: {zh: ...}})"
    ]


@pytest.mark.parametrize(("tiers", "message"), [
    ("[{up_to: 100, amount: 12}, {up_to: 50, amount: 9}, {amount: 7}]", "up_to must grow from band to band, got 100, 50"),
    ("[{up_to: 100, amount: 12}, {up_to: 500, amount: 9}]",
     "the last band must have no up_to (the units above 500 need a price too)"),
])
def test_volume_bands_must_cover_every_unit_in_order(project, tiers, message):
    company = project / "content/company.yaml"
    text = company.read_text(encoding="utf-8")
    company.write_text(text.replace("[{up_to: 100, amount: 12}, {up_to: 500, amount: 9}, {amount: 7}]", tiers),
                       encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    [error] = [str(d) for d in diags.errors]
    assert error.startswith("content/company.yaml:28:18: tiers: ") and error.endswith(message)


def test_tiers_are_internal_unless_published(project, tmp_path):
    loaded, _ = load_project(project, today=TODAY)
    assert list(view(loaded, "internal").tiers) == ["ka"] and view(loaded, "public").tiers == {}
    company = project / "content/company.yaml"
    text = company.read_text(encoding="utf-8")
    company.write_text(text.replace("  tiers:\n    - {id: ka, name: {zh: 大客户, en: Key accounts}}\n",
                                    "  tiers:\n    audience: public\n    items:\n"
                                    "      - {id: ka, name: {zh: 大客户, en: Key accounts}}\n"), encoding="utf-8")
    loaded, diags = load_project(project, today=TODAY)
    assert diags.errors == [] and list(view(loaded, "public").tiers) == ["ka"]
