"""Synthetic content projects for benchmarks: the example company's shape, times a scale factor.

    python benchmarks/corpus.py OUT_DIR --scale 4

Scale 1 makes about 1,300 pages (both languages); scale 4 about 5,200. ``--lang ko``: Korean and
English instead of Chinese and English.
The text is generated from a small vocabulary so runs are repeatable (seeded).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

BASE = {"personas": 10, "industries": 10, "competitors": 10, "objections": 500, "cases": 100, "whitepapers": 10}
ROLES = ["decides", "influences", "uses", "relays", "procures"]
CATEGORIES = ["price", "security", "integration", "switching", "fit", "timing", "other"]
ZH = "门店 排班 考勤 算薪 加班 社保 个税 店长 员工 旺季 临时工 成本 合规 集成 试点 上线 数据 安全 报表 审批".split()
EN = ("store roster attendance payroll overtime insurance tax manager staff peak temps cost compliance "
      "integration pilot rollout data security report approval").split()


KO = "매장 근무표 근태 급여 초과근무 보험 세금 점장 직원 성수기 임시직 비용 규정 연동 시범 도입 데이터 보안 보고서 결재".split()
# the site's main language: its words, what goes between them, its full stop
LOCAL = {"zh": (ZH, "", "。"), "ko": (KO, " ", ".")}


def _local(rng: random.Random, n: int, lang: str = "zh") -> str:
    words, space, stop = LOCAL[lang]
    return space.join(rng.choice(words) for _ in range(n)) + stop


def _en(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(EN) for _ in range(n)).capitalize() + "."


def _text(rng: random.Random, n: int, lang: str = "zh") -> dict[str, str]:
    return {lang: _local(rng, n, lang), "en": _en(rng, n)}


def _para(rng: random.Random, sentences: int, words: int = 12, lang: str = "zh") -> dict[str, str]:
    return {
        lang: "\n\n".join(_local(rng, words, lang) for _ in range(sentences)),
        "en": "\n\n".join(_en(rng, words) for _ in range(sentences)),
    }


def generate(out: Path, scale: int, seed: int = 7, lang: str = "zh") -> dict[str, int]:
    """The corpus in ``lang`` (zh or ko) and English."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    counts = {kind: n * scale for kind, n in BASE.items()}
    caps = [f"cap-{i}" for i in range(12)]
    persona_ids = [f"persona-{i}" for i in range(counts["personas"])]
    industry_ids = [f"industry-{i}" for i in range(counts["industries"])]
    competitor_ids = [f"competitor-{i}" for i in range(counts["competitors"])]
    case_ids = [f"case-{i}" for i in range(counts["cases"])]
    common = {"owner": "bench@example.com", "reviewed": "2026-11-01"}

    def write(rel: str, data) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    write("content/company.yaml", {
        "name": {lang: "基准科技" if lang == "zh" else "벤치테크", "en": "Bench Tech"}, "languages": [lang, "en"],
        **common,
        "product": {
            "name": {lang: "基准云" if lang == "zh" else "벤치클라우드", "en": "Bench Cloud"}, "slogan": _text(rng, 8, lang),
            "elevator_pitch": _para(rng, 2, lang=lang),
            "tiers": [{"id": "ka", "name": "KA"}, {"id": "mid", "name": "Mid"}],
        },
        "capabilities": [
            {"id": c, "name": _text(rng, 2, lang), "summary": _text(rng, 8, lang), "status": ["ga", "beta", "roadmap"][i % 3],
             "available_from": None if i % 3 == 0 else "2027-06", **common}
            for i, c in enumerate(caps)
        ],
    })
    for i, pid in enumerate(persona_ids):
        write(f"content/personas/{pid}.yaml", {
            "name": _text(rng, 2, lang), "role_in_decision": ROLES[i % 5], "cares_about": [_text(rng, 6, lang) for _ in range(4)],
            "fears": [_text(rng, 6, lang) for _ in range(3)], "messaging": _para(rng, 3, lang=lang), "send_them": rng.sample(case_ids, 3),
            **common,
        })
    for iid in industry_ids:
        write(f"content/industries/{iid}.yaml", {
            "name": _text(rng, 2, lang), "summary": _text(rng, 10, lang),
            "pains": [{"title": _text(rng, 4, lang), "body": _para(rng, 2, lang=lang)} for _ in range(3)],
            "solution": _para(rng, 4, lang=lang), "capabilities": rng.sample(caps, 4), "cases": rng.sample(case_ids, 3),
            "kpis": [{"name": _text(rng, 3, lang), "value": "-30%"} for _ in range(3)], **common,
        })
    for cid in competitor_ids:
        write(f"content/competitors/{cid}.yaml", {
            "name": _text(rng, 2, lang), "summary": _para(rng, 2, lang=lang), "strengths": [_text(rng, 6, lang) for _ in range(4)],
            "weaknesses": [_text(rng, 6, lang) for _ in range(4)],
            "why_we_win": [{"title": _text(rng, 4, lang), "body": _para(rng, 1, lang=lang)} for _ in range(3)],
            "landmines": [_text(rng, 8, lang) for _ in range(3)],
            "quick_dismisses": [{"claim": _text(rng, 6, lang), "response": _text(rng, 10, lang)} for _ in range(3)],
            "comparison": {c: {"us": "yes", "them": rng.choice(["yes", "partial", "no"])} for c in caps[:8]},
            **common,
        })
    for i, case_id in enumerate(case_ids):
        write(f"content/cases/{case_id}.yaml", {
            "title": _text(rng, 6, lang), "customer": _text(rng, 2, lang), "industry": rng.choice(industry_ids), "tier": "ka",
            "audience": "public" if i % 2 else "internal", "summary": _text(rng, 12, lang), "challenge": _para(rng, 2, lang=lang),
            "solution": _para(rng, 2, lang=lang), "results": [{"metric": _text(rng, 3, lang), "value": "-40%"} for _ in range(3)],
            **common,
        })
    stages = ["lead", "qualify", "visit", "demo", "proposal", "negotiation", "handover", "renewal"]
    write("playbooks/ltc.yaml", {
        "name": _text(rng, 2, lang), **common,
        "stages": [{"id": s, "name": _text(rng, 2, lang), "goal": _text(rng, 8, lang), "checklist": [_text(rng, 6, lang) for _ in range(4)],
                    "questions": [{"ask": _text(rng, 8, lang), "roles": rng.sample(persona_ids, 2)} for _ in range(3)]}
                   for s in stages],
    })
    per_file = 50
    objections = []
    for i in range(counts["objections"]):
        objections.append({
            "id": f"objection-{i}", "objection": _text(rng, 10, lang), "roles": rng.sample(persona_ids, 2),
            "industries": rng.sample(industry_ids, 1), "stages": rng.sample(stages, 2),
            "competitor": rng.choice(competitor_ids) if i % 4 == 0 else None, "category": rng.choice(CATEGORIES),
            "short": _text(rng, 12, lang), "answer": _para(rng, 3, lang=lang), "follow_up": _text(rng, 8, lang), **common,
        })
        objections[-1] = {k: v for k, v in objections[-1].items() if v is not None}
    for start in range(0, len(objections), per_file):
        write(f"content/objections/batch-{start // per_file:04d}.yaml", objections[start:start + per_file])
    for i in range(counts["whitepapers"]):
        front = yaml.safe_dump({"title": _text(rng, 4, lang), "summary": _text(rng, 12, lang), **common}, allow_unicode=True)
        (out / "content/whitepapers").mkdir(parents=True, exist_ok=True)
        body_local = "\n\n".join(f"## {_local(rng, 3, lang)}\n\n{_local(rng, 40, lang)}" for _ in range(5))
        body_en = "\n\n".join(f"## {_en(rng, 3)}\n\n{_en(rng, 40)}" for _ in range(5))
        (out / f"content/whitepapers/paper-{i}.md").write_text(f"---\n{front}---\n{body_local}\n", encoding="utf-8")
        (out / f"content/whitepapers/paper-{i}.en.md").write_text(body_en + "\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        "site_name: Bench\ntheme:\n  name: material\n  features: [navigation.instant, navigation.tabs, navigation.indexes]\n"
        "plugins:\n  - search\n  - tags\n  - enablekit\n",
        encoding="utf-8",
    )
    (out / "docs").mkdir(exist_ok=True)
    return counts


EXAMPLE = ("content", "playbooks", "deals", "docs", "templates", "mkdocs.yml")  # what the example project is


def copy_example(target: Path) -> None:
    """The repository's example company (its project files only) copied to ``target``."""
    root = Path(__file__).resolve().parent.parent
    target.mkdir(parents=True)
    for name in EXAMPLE:
        if (root / name).is_dir():
            shutil.copytree(root / name, target / name)
        elif (root / name).is_file():
            shutil.copyfile(root / name, target / name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--lang", choices=sorted(LOCAL), default="zh", help="the site's main language")
    args = parser.parse_args()
    print(generate(args.out, args.scale, lang=args.lang))
