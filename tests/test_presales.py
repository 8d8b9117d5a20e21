"""A deal file's proposal (customer-facing) and meeting-prep sheet (internal)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from pptx import Presentation

from generator import build
from generator.views import presales as presales_view

from .conftest import FIXTURES, MARKER, TODAY

pytestmark = pytest.mark.needs("pdftotext", "pdfinfo", "pdffonts", "pdftohtml", "pdfdetach")


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def presales(tmp_path_factory):
    base = tmp_path_factory.mktemp("presales")
    project = base / "project"
    shutil.copytree(FIXTURES / "valid", project)
    internal = build(project, out=base / "internal", only=["proposal", "site"], today=TODAY).out
    public = build(project, out=base / "public", audience="public", only=["proposal", "site"], today=TODAY).out
    return internal, public, project


def test_outputs_per_deal(presales):
    internal, public, _ = presales
    made = sorted(p.name for p in (internal / "downloads").iterdir() if p.name != "manifest.json")
    # the deal is written in Chinese only: its meeting-prep sheet is made in Chinese only
    assert made == ["meeting-prep-big-deal.zh.pdf",
                    "proposal-big-deal-presenter.zh.pptx", "proposal-big-deal.zh.pdf", "proposal-big-deal.zh.pptx"]
    assert not (public / "downloads" / "proposal-big-deal.zh.pdf").exists()
    assert (internal / "deals/big-deal/index.html").is_file() and not (public / "deals").exists()


def test_proposal_pdf_is_honest_and_customer_safe(presales):
    text = pdf_text(presales[0] / "downloads/proposal-big-deal.zh.pdf")
    compact = flat(text)
    assert "华信测试零售解决方案建议书" in compact  # the customer is the cover's headline
    assert "店长每周花一天排班" in compact  # their pains, mirrored
    assert re.search(r"门店排班\s+排班\s+已上线", text)
    assert "产品规划中（尚未上线）" in compact and "客流预测—预测规划中预计2027年6月" in compact  # the badge, then when, beside it
    assert "与门店监控联动的考勤" in compact and "本方案暂不包含" in compact  # never claimed
    # the plan's price has no numbers: its price as written, in the summary, the table and the signature line
    assert compact.count("¥42/人/月") == 3 and "价格另行报价" not in compact and "有效期至2026年12月31日" in compact
    assert "Basic按上述价格计价；范围确认后，我们与您确认具体金额。" in compact
    for secret in (MARKER, "Premium", "99", "王总", "怀疑", "对手公司"):
        assert secret not in text, secret
    # a role's concerns are our notes on a kind of buyer: the meeting-prep sheet's (below), never the customer's file
    assert "财务负责人" not in compact and "人力成本" not in compact


def test_proposal_deck(presales):
    deck = presales[0] / "downloads/proposal-big-deal.zh.pptx"
    prs = Presentation(str(deck))
    # \v: a line break the deck writer set so that no line ends on a lone character
    texts = "\n".join(sh.text_frame.text.replace("\v", "") for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    tables = "\n".join(c.text for s in prs.slides for sh in s.shapes if sh.has_table
                       for r in sh.table.rows for c in r.cells)
    assert "华信测试零售解决方案建议书" in texts and "¥42/人/月\n\n总投资" in texts  # the summary: the price as written, its label
    assert "¥42/人/月" in tables and "价格另行报价" not in texts + tables
    assert "门店排班" in tables and "已上线" in tables and "目前尚不支持" in tables
    assert "预测（预计 2027年6月）" in tables and "规划中" in tables  # the roadmap row, with its date
    with zipfile.ZipFile(deck) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert MARKER not in xml and "Premium" not in xml and "王总" not in xml


def test_meeting_prep_sheet(presales):
    text = flat(pdf_text(presales[0] / "downloads/meeting-prep-big-deal.zh.pdf"))
    for expected in [
        "会前准备：华信测试零售",
        "王总·CFO", "财务负责人", "人力成本",  # attendee, role, concerns
        "旺季临时工太多按人头收费不划算", "→ZZINTERNALZZ临时工按实际在岗天数计费",  # objections with short answers
        "店长能在手机上改排班吗？", "对手说：我们更便宜", "我们答：算上加班费再比",  # competitor in play
        "检查清单：方案", "确认参会人",  # the checklist of the deal's stage (the playbook has no 'visit' stage)
        "缺口清单—不要承诺", "与门店监控联动的考勤—没有能力覆盖", "客流预测—仅在规划中，预计2027年6月",
    ]:
        assert expected in text, expected
    assert "内部资料·严禁外传" in text


def test_a_need_met_only_by_a_beta_is_a_gap_in_the_prep_sheet(tmp_path):
    from generator import load_project
    from generator.views.audience import view

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace(
        "  - {id: forecast,", "  - {id: esign, name: {zh: 电子签, en: E-signature}, status: beta, available_from: \"2027-03\","
        " owner: a@test.example, reviewed: 2026-11-01}\n  - {id: forecast,"), encoding="utf-8")
    deal = project / "deals/big-deal.yaml"
    deal.write_text(deal.read_text(encoding="utf-8").replace(
        "  - {need: {zh: 客流预测,", "  - {need: {zh: 电子签合同, en: E-signed contracts}, capability: esign, priority: must}\n"
        "  - {need: {zh: 客流预测,"), encoding="utf-8")
    loaded, diags = load_project(project, today=TODAY)
    assert diags.errors == []
    internal = view(loaded, "internal")
    prep = presales_view.meeting_prep(internal, internal.deals["big-deal"])
    assert [(a.status, internal.t(a.need, "en")) for a in prep.gaps] == [
        ("beta", "E-signed contracts"), ("roadmap", "Footfall forecasting"), ("none", "Attendance linked to store CCTV")]
    out = build(project, out=tmp_path / "o", only=["proposal"], today=TODAY).out / "downloads"
    text = flat(pdf_text(out / "meeting-prep-big-deal.zh.pdf"))
    assert "电子签合同—仅Beta测试：无SLA，预计2027年3月正式上线（电子签）·优先级：必须" in text
    assert "需求与覆盖情况" in text and "您的需求" not in text  # an internal sheet, not the customer's wording


def test_deal_page_on_the_internal_site(presales):
    page = (presales[0] / "deals/big-deal/index.html").read_text(encoding="utf-8")
    assert "与门店监控联动的考勤" in page and "没有能力覆盖" in page
    assert "旺季临时工太多按人头收费不划算" in page
    assert 'href="../../downloads/proposal-big-deal.zh.pdf"' in page
    assert 'href="../../downloads/proposal-big-deal-presenter.zh.pptx"' in page


def test_proposal_command(project, tmp_path):
    out = tmp_path / "out"
    ok = subprocess.run([sys.executable, "-m", "generator", "proposal", str(project / "deals/big-deal.yaml"),
                         "--out", str(out), "--today", "2026-11-22"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "meeting-prep-big-deal.zh.pdf",
        "proposal-big-deal-presenter.zh.pptx", "proposal-big-deal.zh.pdf", "proposal-big-deal.zh.pptx",
    ]
    deal = project / "deals/big-deal.yaml"
    deal.write_text(deal.read_text(encoding="utf-8").replace("persona: store-manager", "persona: store-manger")
                    .replace("capability: forecast", "capability: forcast"), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "generator", "proposal", str(deal), "--out", str(tmp_path / "x")],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "deals/big-deal.yaml:6:26: unknown persona 'store-manger'; did you mean 'store-manager'?" in bad.stderr
    assert "deals/big-deal.yaml:10:62: unknown capability 'forcast'; did you mean 'forecast'?" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "x").exists()


def test_proposal_never_writes_the_meeting_prep_into_a_public_or_partner_build(project):
    from generator import cli

    for audience in ("public", "partner"):
        (project / "site").mkdir(exist_ok=True)
        (project / "site" / ".enablekit-build.json").write_text(json.dumps({"audience": audience}) + "\n",
                                                               encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stop:
            cli.main(["proposal", str(project / "deals/big-deal.yaml"), "--today", "2026-11-22"])
        assert stop.value.code == 1
        assert " ".join(err.getvalue().split()) == (
            f"error: refusing to write big-deal's proposal into {project / 'site/proposals/big-deal'}:"
            f" {project / 'site'} holds a {audience} build, and the meeting-prep sheet is internal; name another"
            f" folder with --out (such as {project / 'proposals/big-deal'})")
        assert not (project / "site" / "proposals").exists()
