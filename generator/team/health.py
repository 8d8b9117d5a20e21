"""Content health: what is verified, what is missing, what nothing links to, and how it went.

Computed from one loaded project (and, for the trend, from the project at earlier commits), at
build time and offline. The result is plain data: ``enablekit health`` prints it, ``--format json``
hands it to programs, and the internal "Content health" page and PDF draw it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..content import schema
from ..content.loader import load_project
from ..content.model import CONTENT_KINDS, Project
from ..content.report import github_data, github_property
from ..content.schema import Audience, Entity
from ..content.text import Text
from ..content.validate import walk
from ..views.audience import view
from . import history
from .gaps import read_gaps

# kinds whose items are verified (company.yaml too, and the answers that go to customers); deals and
# calendar entries are plans, not content
VERIFIED_KINDS = ("company",) + CONTENT_KINDS + ("answers",)
# kinds an item of which nothing else names is an orphan (personas, industries, playbooks and the
# like are reached from the site's navigation; objections from every persona and industry page)
ORPHAN_KINDS = ("capabilities", "cases", "whitepapers", "competitors")


@dataclass
class Item:
    kind: str
    id: str
    label: Text
    owner: str | None
    reviewed: dt.date | None
    due: dt.date | None
    state: str  # fresh | stale | never
    path: str
    line: int | None


@dataclass
class Matrix:
    """Counts of objections for each (row, column): rows are personas, columns industries,
    stages or competitors. ``general`` counts objections for the row that name no column."""

    name: str
    rows: list[str]
    columns: list[str]
    counts: dict[tuple[str, str], int]
    general: dict[str, int]

    @property
    def empty(self) -> list[tuple[str, str]]:
        return [(r, c) for r in self.rows for c in self.columns if not self.counts.get((r, c))]


@dataclass
class Health:
    today: dt.date
    items: list[Item]
    matrices: list[Matrix]
    personas_without_content: list[str]
    industries_without_public_case: list[str]
    claims_without_proof: list[int]  # indexes of product.value items
    capabilities_without_case: list[str]
    orphans: dict[str, list[str]]
    translations: dict[str, list[tuple[str, str, int]]]  # language → (kind, id, missing fields)
    min_score: float
    trend: list[dict[str, Any]] | None = None  # None: not computed; [] with trend_note: not possible
    trend_note: str | None = None
    kinds: list[str] = field(default_factory=list)
    gaps: list[dict[str, Any]] = field(default_factory=list)  # what reps asked and did not find (gaps.py)

    def score(self, kind: str | None = None) -> float | None:
        """Share of items verified within their interval (of one kind, or of all): None when none."""
        items = [i for i in self.items if kind is None or i.kind == kind]
        return round(sum(i.state == "fresh" for i in items) / len(items), 3) if items else None

    @property
    def overall(self) -> float:
        return self.score() or 0.0

    @property
    def passed(self) -> bool:
        return self.overall >= self.min_score

    def attention(self) -> dict[str, list[Item]]:
        """Stale and never-verified items by owner, the most overdue first."""
        out: dict[str, list[Item]] = {}
        late = [i for i in self.items if i.state != "fresh"]
        for item in sorted(late, key=lambda i: (i.due or dt.date.min, i.kind, i.id)):
            out.setdefault(item.owner or "—", []).append(item)
        return dict(sorted(out.items()))


def compute(project: Project) -> Health:
    """The health of ``project`` as of ``project.today`` (everything but the trend)."""
    items = [_item(project, e) for e in project.entities() if e.kind in VERIFIED_KINDS]
    items.sort(key=lambda i: (VERIFIED_KINDS.index(i.kind), i.id))
    health = Health(
        today=project.today,
        items=items,
        matrices=matrices(project),
        personas_without_content=sorted(p.id for p in project.personas.values() if not p.send_them),
        industries_without_public_case=sorted(
            ind for ind in project.industries
            if not any(c.industry == ind and c.effective_audience is Audience.public for c in project.cases.values())
        ),
        claims_without_proof=[i for i, v in enumerate(project.company.product.value) if not v.proof],
        capabilities_without_case=_sold_without_case(project),
        orphans=_orphans(project),
        translations=_missing_translations(project),
        min_score=project.company.health.min_score,
    )
    health.kinds = [k for k in VERIFIED_KINDS if any(i.kind == k for i in items)]
    if project.audience is Audience.internal:  # the questions themselves are the sales team's
        health.gaps = read_gaps(project.root)
    return health


def _item(project: Project, entity: Entity) -> Item:
    where = project.where(entity, ("reviewed",) if entity.reviewed else ())
    state = "never" if entity.reviewed is None else ("stale" if project.is_stale(entity) else "fresh")
    return Item(entity.kind, entity.id, entity.label, entity.owner, entity.reviewed, project.review_due(entity),
                state, where.path, where.line)


def matrices(project: Project) -> list[Matrix]:
    """Objections by persona × industry, × stage and × competitor. An objection counts in a cell
    when it names the persona (or no persona: it is for every role) and names the column; one
    that names no industry (stage, competitor) counts as general for its personas."""
    personas = sorted(project.personas)
    objections = sorted(project.objections.values(), key=lambda o: o.id)
    columns = {
        "industries": (sorted(project.industries), lambda o: o.industries),
        "stages": (_objection_stages(project), lambda o: o.stages),
        "competitors": (sorted(project.competitors), lambda o: [o.competitor] if o.competitor else []),
    }
    out = []
    for name, (cols, of) in columns.items():
        counts: dict[tuple[str, str], int] = {}
        general: dict[str, int] = {}
        for o in objections:
            roles = o.roles or personas
            named = [c for c in of(o) if c in cols]
            for role in roles:
                if role not in personas:
                    continue
                if not named:
                    general[role] = general.get(role, 0) + 1
                for col in named:
                    counts[(role, col)] = counts.get((role, col), 0) + 1
        out.append(Matrix(name, personas, cols, counts, general))
    return out


def _objection_stages(project: Project) -> list[str]:
    """Stages of the playbooks objections are written for (a playbook of discovery questions,
    whose stages no objection names, is not a sales stage sequence and would only add noise)."""
    named = {s for o in project.objections.values() for s in o.stages}
    out: list[str] = []
    for playbook in project.playbooks.values():
        ids = [s.id for s in playbook.stages]
        if named & set(ids):
            out.extend(i for i in ids if i not in out)
    return out


def _sold_without_case(project: Project) -> list[str]:
    """Available capabilities that decks and proposals sell (in a plan, an industry solution or a
    deal's requirements) and that no customer case shows."""
    sold: set[str] = set()
    for plan in project.plans.values():
        sold.update(plan.includes)
    for industry in project.industries.values():
        sold.update(industry.capabilities)
    for deal in project.deals.values():
        sold.update(r.capability for r in deal.requirements if r.capability)
    shown = {c for case in project.cases.values() for c in case.capabilities}
    return sorted(c for c in sold if c in project.capabilities and c not in shown
                  and project.capabilities[c].status != "roadmap")


def references(project: Project) -> set[tuple[str, str]]:
    """(kind, id) of everything some other item names."""
    found: set[tuple[str, str]] = set()
    for entity in project.entities():
        for node, _ in walk(entity):
            if not isinstance(node, schema.Model):
                continue
            for name, kind in type(node).refs.items():
                value = getattr(node, name, None)
                for ref in [value] if isinstance(value, str) else (value or []):
                    if kind == "*":
                        target = project.find(ref)
                        if target is not None and target is not entity:
                            found.add((target.kind, target.id))
                    elif (kind, ref) != (entity.kind, entity.id):
                        found.add((kind, ref))
            for name, kind in type(node).ref_keys.items():
                found.update((kind, key) for key in getattr(node, name, None) or {})
    for item in project.company.product.value:
        for proof in item.proof:
            case = schema.proof_case_id(proof)
            if case:
                found.add(("cases", case))
    return found


def _orphans(project: Project) -> dict[str, list[str]]:
    named = references(project)
    return {kind: sorted(i for i in project.kind(kind) if (kind, i) not in named) for kind in ORPHAN_KINDS}


def _missing_translations(project: Project) -> dict[str, list[tuple[str, str, int]]]:
    out: dict[str, list[tuple[str, str, int]]] = {lang: [] for lang in project.languages[1:]}
    for entity in project.entities():
        missing: dict[str, int] = {}
        for node, _ in walk(entity):
            if isinstance(node, Text) and not node.is_plain and node.languages:
                for lang in out:
                    if lang not in node.values:
                        missing[lang] = missing.get(lang, 0) + 1
        for lang, count in missing.items():
            out[lang].append((entity.kind, entity.id, count))
    return out


# --------------------------------------------------------------------------- trend


def score_of(project: Project) -> float:
    return compute(project).overall


def trend(project: Project, *, limit: int = 24) -> tuple[list[dict[str, Any]] | None, str | None]:
    """The overall score at the last commit of each week that changed the content, judged as of that
    commit's date (or at every commit, when all fall in fewer than four weeks); at most ``limit``
    points, the newest last. (None, why) outside a git repository."""
    repo = history.repo_of(project.root)
    if repo is None:
        return None, "not a git repository: no trend"
    found = history.commits(repo)
    weeks: dict[tuple[int, int], history.Commit] = {}
    for commit in found:
        weeks[commit.date.isocalendar()[:2]] = commit
    chosen = list(weeks.values()) if len(weeks) >= 4 else found
    chosen = chosen[-limit:]
    points = []
    for commit in chosen:
        with history.checkout(repo, commit.sha) as root:
            try:
                old, _ = load_project(root, today=commit.date)
            except Exception:  # noqa: BLE001 - a revision that is not a project yet has no score
                old = None
        if old is None:
            continue
        old = view(old, project.audience)
        points.append({"commit": commit.sha[:10], "date": commit.date.isoformat(), "subject": commit.subject,
                       "score": score_of(old)})
    if not points:
        return [], "no commit of the history holds a readable project yet"
    return points, None


# --------------------------------------------------------------------------- output


def as_dict(health: Health, project: Project) -> dict[str, Any]:
    """The report for programs (``--format json``): plain, stable data."""
    def item(i: Item) -> dict[str, Any]:
        return {"kind": i.kind, "id": i.id, "owner": i.owner, "reviewed": _iso(i.reviewed), "due": _iso(i.due),
                "state": i.state, "path": i.path, "line": i.line}

    return {
        "today": health.today.isoformat(),
        "score": health.overall,
        "min_score": health.min_score,
        "passed": health.passed,
        "scores": {k: health.score(k) for k in health.kinds},
        "counts": {state: sum(i.state == state for i in health.items) for state in ("fresh", "stale", "never")},
        "attention": {owner: [item(i) for i in items] for owner, items in health.attention().items()},
        "coverage": {
            **{m.name: {"empty": [list(cell) for cell in m.empty],
                        "cells": {f"{r}/{c}": n for (r, c), n in sorted(m.counts.items())},
                        "general": dict(sorted(m.general.items()))} for m in health.matrices},
            "personas_without_content": health.personas_without_content,
            "industries_without_public_case": health.industries_without_public_case,
            "claims_without_proof": [project.t(project.company.product.value[i].title, project.default_language)
                                     for i in health.claims_without_proof],
            "capabilities_without_case": health.capabilities_without_case,
            "gaps": health.gaps,
        },
        "orphans": health.orphans,
        "translations": {lang: [{"kind": k, "id": i, "missing": n} for k, i, n in rows]
                         for lang, rows in health.translations.items()},
        "trend": health.trend,
        "trend_note": health.trend_note,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def text_lines(health: Health, project: Project, lang: str = "en") -> list[str]:
    """The report for people, in plain lines (the CLI colours them)."""
    pct = _percent
    lines = [f"health score {pct(health.overall)} (minimum {pct(health.min_score)}) as of {health.today.isoformat()}"]
    lines.append("  " + ", ".join(f"{k} {pct(health.score(k))}" for k in health.kinds))
    attention = health.attention()
    if attention:
        lines.append("to verify, by owner:")
        for owner, items in attention.items():
            lines.append(f"  {owner}")
            for i in items:
                when = f"due {i.due.isoformat()}" if i.state == "stale" and i.due else "never verified"
                lines.append(f"    {i.path}:{i.line or 1}: {i.kind}:{i.id} ({when})")
    for m in health.matrices:
        if m.empty:
            cells = ", ".join(f"{r} × {c}" for r, c in m.empty)
            lines.append(f"objections missing, persona × {m.name[:-1] if m.name != 'industries' else 'industry'}"
                         f" ({len(m.empty)} of {len(m.rows) * len(m.columns)}): {cells}")
    for label, values in (("personas with nothing in send_them", health.personas_without_content),
                          ("industries without a public case", health.industries_without_public_case),
                          ("value claims without proof", [project.t(project.company.product.value[i].title, lang)
                                                          for i in health.claims_without_proof]),
                          ("capabilities sold without a case", health.capabilities_without_case)):
        if values:
            lines.append(f"{label}: {', '.join(values)}")
    if health.gaps:
        lines.append(f"questions reps asked that nothing answered ({len(health.gaps)}, from gaps/):")
        for gap in health.gaps:
            context = f" ({gap['context']})" if gap["context"] else ""
            lines.append(f"  {gap['file']}: {gap['question']}{context}")
    for kind, ids in health.orphans.items():
        if ids:
            lines.append(f"orphan {kind} (nothing links to them): {', '.join(ids)}")
    for lang, rows in health.translations.items():
        if rows:
            total = sum(n for *_, n in rows)
            lines.append(f"missing '{lang}' translations: {total} fields in {len(rows)} items ("
                         + ", ".join(f"{k}:{i}" for k, i, _ in rows[:8]) + (", …" if len(rows) > 8 else "") + ")")
    if health.trend:
        lines.append("trend: " + ", ".join(f"{p['date']} {pct(p['score'])}" for p in health.trend))
    elif health.trend_note:
        lines.append(f"trend: skipped ({health.trend_note})")
    return lines


def github_lines(health: Health) -> list[str]:
    """GitHub Actions annotations: one per item to verify, on its review line."""
    out = []
    for owner, items in health.attention().items():
        for i in items:
            what = (f"{i.kind}:{i.id} is stale (review was due {i.due.isoformat()}; owner {owner})"
                    if i.state == "stale" and i.due else f"{i.kind}:{i.id} was never verified (owner {owner})")
            props = [f"file={github_property(i.path)}"] + ([f"line={i.line}"] if i.line else [])
            props.append(f"title={github_property('enablekit health')}")
            out.append(f"::warning {','.join(props)}::{github_data(what)}")
    level = "notice" if health.passed else "error"
    out.append(f"::{level} title=enablekit health::{github_data(f'health score {_percent(health.overall)}, minimum {_percent(health.min_score)}')}")
    return out


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"
