"""How well `enablekit answer` matches questions: a synthetic questionnaire against the example library.

    python benchmarks/answers.py [--sizes 50,500] [--threshold 0.5]

The questions are paraphrases written by hand (not the library's own phrasings) of questions the
example library answers, in Chinese and English, plus questions it cannot answer. A questionnaire
of N questions draws from them (cycling, with light variation: a prefix, a numbering, a polite
suffix), about one in five unanswerable. It is written as a real .xlsx and filled by the same code
as the command. Prints precision at 1 on the answerable questions, the share of unanswerable ones
left empty, and seconds per 100 questions.
Targets: precision >= 0.85, >= 0.9 of the unanswerable left empty, 500 questions under 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (expected answer id, question): none of these is a phrasing in the library
ANSWERABLE = [
    ("certifications", "Has your organisation obtained ISO/IEC 27001 certification?"),
    ("certifications", "贵公司是否具备等级保护三级资质？"),
    ("encryption-in-transit", "Is all network traffic to the platform protected with TLS?"),
    ("encryption-in-transit", "数据在网络传输时采用什么加密方式？"),
    ("encryption-at-rest", "Are stored databases and backup copies encrypted?"),
    ("encryption-at-rest", "存储的数据库和备份有没有加密？"),
    ("penetration-testing", "How often is an independent penetration test carried out?"),
    ("penetration-testing", "是否每年请第三方做渗透测试？"),
    ("sso", "Can employees log in through single sign-on with our identity provider?"),
    ("sso", "系统能否用钉钉账号单点登录？"),
    ("mfa", "Is two-factor authentication available for admin accounts?"),
    ("mfa", "管理后台能否开启双因素认证？"),
    ("access-control", "Can data access be restricted by role and by store?"),
    ("access-control", "能否按角色和门店范围控制数据权限？"),
    ("audit-log", "Are user actions recorded in an audit log, and for how long?"),
    ("audit-log", "系统的操作日志保存多长时间？"),
    ("vulnerability-management", "Describe your vulnerability and patch management process."),
    ("vulnerability-management", "高危安全漏洞一般多久修复？"),
    ("incident-response", "Within how many hours will you notify us of a data breach?"),
    ("incident-response", "出现数据泄露事件多久通知我方？"),
    ("employee-security", "How is access by your engineers to production data controlled?"),
    ("employee-security", "贵司运维人员能否查看我们的员工数据？"),
    ("ip-allowlist", "Can the admin console be limited to our office IP addresses?"),
    ("ip-allowlist", "管理后台能否设置 IP 白名单？"),
    ("data-residency", "In which country are our data stored?"),
    ("data-residency", "员工数据是否存放在中国大陆境内？"),
    ("pipl-dpa", "Do you sign a data processing agreement compliant with PIPL?"),
    ("pipl-dpa", "能否签署个人信息保护法要求的数据处理协议？"),
    ("employee-consent", "How do you obtain employees' consent for processing their personal data?"),
    ("employee-consent", "人脸打卡是否取得员工单独同意？"),
    ("data-deletion", "Will our data be deleted when the contract is terminated?"),
    ("data-deletion", "合同终止后能否彻底删除我们的数据？"),
    ("data-export", "Can administrators export all data to Excel at any time?"),
    ("data-export", "我们能否随时导出全部数据？"),
    ("data-minimisation", "Is the personal data you collect limited to what is necessary?"),
    ("subprocessors", "Please list the sub-processors that handle our data."),
    ("subprocessors", "是否有第三方分包商处理我方数据？"),
    ("e-signature", "Do you support signing labour contracts electronically?"),
    ("e-signature", "员工能否在手机上签署电子劳动合同？"),
    ("open-api", "Is a REST API with documentation available?"),
    ("open-api", "是否提供开放接口和测试沙箱？"),
    ("erp-finance", "Can payroll journals be posted to our SAP system?"),
    ("erp-finance", "薪资凭证能否推送到金蝶？"),
    ("hr-master-data", "How is employee master data synchronised with our HR system?"),
    ("hr-master-data", "员工主数据如何与现有人事系统同步？"),
    ("pos-integration", "Can sales data from the point-of-sale system be imported?"),
    ("pos-integration", "能否导入门店收银系统的销售数据？"),
    ("attendance-devices", "Which clock-in methods and time clocks are supported?"),
    ("attendance-devices", "能否对接现有的人脸考勤机？"),
    ("bank-disbursement", "Can you produce salary payment files for the bank?"),
    ("bank-disbursement", "是否支持生成银行代发工资文件？"),
    ("tax-filing", "Can the system generate individual income tax filing data?"),
    ("tax-filing", "社保公积金能否按城市政策自动计算？"),
    ("demand-forecast", "Can AI forecast store traffic to produce staffing requirements?"),
    ("demand-forecast", "是否支持 AI 客流预测自动排班？"),
    ("deployment-model", "Is an on-premise installation available?"),
    ("deployment-model", "系统是否支持本地私有化部署？"),
    ("availability-sla", "What availability does your SLA guarantee?"),
    ("availability-sla", "服务可用性承诺是多少？"),
    ("disaster-recovery", "What RPO and RTO does your disaster recovery plan achieve?"),
    ("disaster-recovery", "数据多长时间备份一次？灾备切换需要多久？"),
    ("peak-scaling", "How does the system cope with peak load on payday?"),
    ("implementation-timeline", "How many weeks does a typical implementation take?"),
    ("implementation-timeline", "项目实施一般需要多长时间？"),
    ("multi-entity-support", "Can several legal entities run payroll separately in one system?"),
    ("multi-entity-support", "是否支持集团多个法人分别算薪？"),
    ("overseas-payroll", "Can you run payroll for our subsidiary in Vietnam?"),
    ("overseas-payroll", "能否为东南亚子公司计算工资？"),
    ("support-hours", "During which hours is technical support available?"),
    ("support-hours", "是否提供全天候 7×24 小时技术支持？"),
    ("response-times", "What is the response time for a critical incident?"),
    ("response-times", "严重故障的响应时间是多少？"),
    ("customer-success", "Do we get a named customer success manager?"),
    ("training", "What training do you provide for store managers and staff?"),
    ("training", "是否为员工和店长提供培训？"),
    ("data-migration", "Can historical data be migrated from our current payroll system?"),
    ("data-migration", "能否迁移原系统的历史薪资数据？"),
    ("policy-updates", "How fast are social insurance policy changes updated in the system?"),
    ("labour-cost-reporting", "Can you report labour cost as a percentage of store revenue?"),
    ("labour-cost-reporting", "能否按门店分析人工成本占营业额比例？"),
    ("pricing-model", "Is the price per employee or per store?"),
    ("pricing-model", "产品怎么收费？"),
    ("contract-term", "What contract length and renewal terms do you offer?"),
    ("free-trial", "Can we try the product for free before buying?"),
    ("free-trial", "是否可以免费试用？"),
    ("invoicing", "Can you issue a VAT special invoice?"),
    ("invoicing", "能否开增值税专用发票？"),
    ("company-profile", "Give a brief introduction to your company."),
    ("company-profile", "请介绍贵公司的成立时间和规模。"),
    ("references", "Can you provide reference customers from our industry?"),
    ("references", "能否提供同行业的参考客户？"),
]

UNANSWERABLE = [
    "What is your cyber liability insurance coverage amount?",
    "Does the user interface support right-to-left languages such as Arabic?",
    "Describe your environmental and carbon reduction policy.",
    "How many parking spaces are available at your headquarters?",
    "Do you offer a native macOS desktop application?",
    "What percentage of your revenue comes from government customers?",
    "Is the product accessible according to WCAG 2.1 AA?",
    "Do you have a bug bounty programme with public payouts?",
    "Which programming languages is your backend written in?",
    "Can the system manage hospital patient records?",
    "What is the gender ratio of your board of directors?",
    "Do you provide hardware leasing for barcode scanners?",
    "贵司是否有军工保密资质？",
    "系统能否管理车辆调度和油耗？",
    "贵司的注册资本是多少？",
    "是否支持阿拉伯语界面？",
    "贵司有没有碳中和目标？",
    "能否提供门禁硬件的安装服务？",
    "贵司董事会成员有哪些？",
    "系统是否支持医院病历管理？",
    "贵司是否提供员工食堂外包？",
    "是否有 macOS 桌面客户端？",
    "贵司的纳税信用等级是什么？",
    "能否代理办理工商注册？",
]

PREFIXES_EN = ["", "", "Please confirm: ", "Q: ", "Vendor to answer — "]
SUFFIXES_EN = ["", "", " Please explain.", " (Yes/No)", " Provide details."]
PREFIXES_ZH = ["", "", "请说明：", "问：", "供应商需回答："]
SUFFIXES_ZH = ["", "", "请详细说明。", "（是/否）", "请提供证明材料。"]


def questionnaire(size: int, seed: int = 7) -> list[tuple[str | None, str]]:
    """``size`` (expected id or None, question) pairs: about one in five unanswerable."""
    rng = random.Random(seed)
    unanswerable = max(1, size // 5)
    out: list[tuple[str | None, str]] = []
    pools = [(None, q) for q in UNANSWERABLE], list(ANSWERABLE)
    for n in range(size):
        pool = pools[0] if n < unanswerable else pools[1]
        expected, text = pool[n % len(pool)] if n >= len(pool) else pool[n]
        if n >= len(pool) or rng.random() < 0.5:
            zh = not text.isascii()
            prefix = rng.choice(PREFIXES_ZH if zh else PREFIXES_EN)
            suffix = rng.choice(SUFFIXES_ZH if zh else SUFFIXES_EN)
            text = f"{prefix}{text}{suffix}"
        out.append((expected, text))
    rng.shuffle(out)
    return out


def run(size: int, threshold: float) -> dict[str, float]:
    import openpyxl

    from generator.answers.questionnaire import fill
    from generator.content.loader import load_or_fail

    project, _ = load_or_fail(ROOT, today=dt.date(2026, 11, 22))
    questions = questionnaire(size)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "q.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["No.", "Question", "Answer", "Compliance"])
        for i, (_, text) in enumerate(questions, start=1):
            ws.append([i, text, None, None])
        wb.save(path)
        start = time.perf_counter()
        report = fill(project, path, language="en", threshold=threshold)
        seconds = time.perf_counter() - start
    by_where = {f.item.where: f for f in report.items}
    top1 = written = wrong = answerable = empty = unanswerable = 0
    for i, (expected, _) in enumerate(questions, start=2):
        filled = by_where[f"Sheet!B{i}"]
        if expected is None:
            unanswerable += 1
            empty += not filled.used
        else:
            answerable += 1
            top1 += filled.match is not None and filled.match.answer.id == expected
            written += filled.used and filled.match.answer.id == expected
            wrong += filled.used and filled.match.answer.id != expected
    return {
        "questions": size,
        "precision_at_1": top1 / answerable,
        "answered_right": written / answerable,
        "answered_wrong": wrong / answerable,
        "unanswerable_empty": empty / unanswerable,
        "seconds": seconds,
        "seconds_per_100": seconds / size * 100,
    }


def main() -> None:
    from generator.answers.matching import THRESHOLD

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        r = run(size, args.threshold)
        print(f"{r['questions']:>4} questions: precision@1 {r['precision_at_1']:.2f} (written and right"
              f" {r['answered_right']:.2f}, written and wrong {r['answered_wrong']:.2f}), unanswerable left empty"
              f" {r['unanswerable_empty']:.2f}, {r['seconds']:.2f} s ({r['seconds_per_100']:.2f} s per 100)")


if __name__ == "__main__":
    main()
