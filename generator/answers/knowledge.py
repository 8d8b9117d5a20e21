"""The knowledge of one audience view as items an assistant can cite: every objection, battlecard,
capability, case, persona, industry, playbook, whitepaper, answer and training path, each as titled
passages in each language, with where it came from (``path:line``), when it was verified, whether it
is stale and, for a capability, its honest status.

The MCP server (``outputs/mcp``), ``enablekit ask`` (both through ``retrieval.py``) and the site's
``llms.txt`` read the same items,
always made from an audience view: what the view does not hold, no item holds. Texts are data: they
are returned as written (Markdown), never interpreted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ..content import schema
from ..content.model import Project
from ..content.schema import Audience, Entity
from ..content.text import Text
from ..language.i18n import format_month
from .library import compliance

# the kind an item is named by (``objection:price``, ``enablekit://objection/price``) → the project's table
KINDS = {
    "objection": "objections",
    "competitor": "competitors",
    "capability": "capabilities",
    "case": "cases",
    "persona": "personas",
    "industry": "industries",
    "playbook": "playbooks",
    "whitepaper": "whitepapers",
    "answer": "answers",
    "training": "training",
}
TABLE_KIND = {table: kind for kind, table in KINDS.items()}
# other names people and assistants give a kind
KIND_ALIASES = {"battlecard": "competitor", "battlecards": "competitor", "competitors": "competitor",
                "objections": "objection", "capabilities": "capability", "cases": "case", "personas": "persona",
                "industries": "industry", "playbooks": "playbook", "whitepapers": "whitepaper", "answers": "answer",
                "stage": "playbook", "role": "persona"}
# the site page of each kind (capabilities share one page, with an anchor per capability)
PAGE = {"objection": "objections/{id}/", "competitor": "competitors/{id}/", "capability": "capabilities/#{id}",
        "case": "cases/{id}/", "persona": "personas/{id}/", "industry": "industries/{id}/",
        "playbook": "playbooks/{id}/", "whitepaper": "whitepapers/{id}/", "answer": "answers/#{id}",
        "training": "training/{id}/"}


def kind_name(value: str) -> str | None:
    """The item kind a user or an assistant means by ``value`` ('battlecards' → 'competitor'), or None."""
    value = value.strip().lower()
    if value in KINDS:
        return value
    return KIND_ALIASES.get(value)


@dataclass
class Section:
    heading: str  # "" for the item's opening passage
    text: str  # Markdown, as the author wrote it


@dataclass
class Item:
    kind: str
    id: str
    entity: Entity

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def uri(self) -> str:
        return f"enablekit://{self.kind}/{self.id}"


def items(project: Project) -> list[Item]:
    """Every item of the (already filtered) ``project``, in a stable order."""
    out = []
    for kind, table in KINDS.items():
        for ident in sorted(project.kind(table)):
            out.append(Item(kind, ident, project.kind(table)[ident]))
    return out


# --------------------------------------------------------------------------- facts


def status_label(project: Project, cap: schema.Capability, lang: str) -> str:
    """'' for a GA capability, else '[Beta: not generally available yet (expected Mar 2027)]' /
    '[规划中：尚未上线（预计 2027年3月）]': every word from ``lang``'s catalog, as the site's badge says it."""
    if cap.status == "ga":
        return ""
    L = project.labels(lang)
    note = L["not_available_yet" if cap.status == "roadmap" else "not_ga_yet"]
    text = f"{L.get(cap.status, cap.status)}{L['colon']}{note}"
    if cap.available_from:
        text += L["in_parentheses"].format(text=L["expected_on"].format(date=format_month(cap.available_from, lang)))
    return f"[{text.strip()}]"


def stale_label(project: Project, entity: Entity, lang: str | None = None) -> str:
    """'' for an item within its review interval, else the site's warning in ``lang``, in brackets."""
    if not project.is_stale(entity):
        return ""
    L = project.labels(lang or project.default_language)
    body = L["stale_body"].format(reviewed=entity.reviewed.isoformat(),
                                  due=project.review_due(entity).isoformat(), owner=entity.owner or "—")
    return f"[{L['stale_title']}{L['colon']}{body}]"


def source(project: Project, entity: Entity) -> str:
    """``path:line`` of the entity in the project (relative path)."""
    loc = project.where(entity)
    return f"{loc.path}:{loc.line}" if getattr(loc, "line", 0) else str(loc.path)


def url(project: Project, item: Item, lang: str, site_url: str | None) -> str | None:
    """The built site's page of ``item`` in ``lang``, when the site's address is known."""
    if not site_url:
        return None
    base = site_url.rstrip("/") + "/"
    if lang != project.default_language:
        base += f"{lang}/"
    if item.kind == "answer" and project.audience is not Audience.internal:
        # the answer library is the sales team's page; others see the trust center's answers
        if item.entity.category not in ("security", "privacy"):
            return None
        return base + f"trust/#{item.id}"
    return base + PAGE[item.kind].format(id=item.id)


def facts(project: Project, item: Item, lang: str, site_url: str | None = None) -> dict[str, Any]:
    """The front matter of an item: what every result about it carries."""
    entity = item.entity
    out: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "title": title(project, item, lang),
        "url": url(project, item, lang, site_url),
        "source": source(project, entity),
        "reviewed": entity.reviewed.isoformat() if entity.reviewed else None,
        "stale": project.is_stale(entity),
    }
    if project.audience is Audience.internal:
        out["owner"] = entity.owner or project.company.owner
    if isinstance(entity, schema.Capability):
        out["status"] = entity.status
        out["available_from"] = entity.available_from
    if isinstance(entity, schema.Answer):
        out["compliance"] = compliance(project, entity).value
    return out


def title(project: Project, item: Item, lang: str) -> str:
    text = project.t(item.entity.label, lang)
    if isinstance(item.entity, schema.Capability):
        label = status_label(project, item.entity, lang)
        return f"{text} {label}" if label else text
    return text


# --------------------------------------------------------------------------- passages


def _t(project: Project, value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, schema.TextItem):
        value = value.text
    if isinstance(value, (Text, str)):
        return project.t(value, lang).strip()
    return str(value)


def _bullets(project: Project, values: list[Any], lang: str) -> str:
    return "\n".join(f"- {line}" for line in (_t(project, v, lang) for v in values) if line)


def _cap_line(project: Project, ident: str, lang: str) -> str:
    cap = project.capabilities.get(ident)
    if cap is None:
        return ident
    label = status_label(project, cap, lang)
    return f"{project.t(cap.name, lang)} {label}".strip()


def sections(project: Project, item: Item, lang: str) -> list[Section]:
    """The passages of an item in ``lang``: the first says what it is, each other one a part of it.
    Beta and roadmap capabilities are labelled wherever they are named."""
    e, t = item.entity, (lambda v: _t(project, v, lang))
    L = project.labels(lang)
    out: list[Section] = []

    def sub(key: str, name: str) -> str:  # 'Why we win: Fast rollout', '阶段：需求确认'
        return f"{L[key]}{L['colon']}{name}"

    def add(heading: str, text: str) -> None:
        if text and text.strip():
            out.append(Section(heading, text.strip()))

    if isinstance(e, schema.Objection):
        add("", f"{t(e.objection)}\n\n{t(e.short)}")
        add(L["answer"], t(e.answer))
        add(L["follow_up"], t(e.follow_up))
        add(L["avoid"], _bullets(project, e.avoid, lang))
        proof = [project.t(project.cases[c].label, lang) for c in e.proof if c in project.cases]
        add(L["proof"], "\n".join(f"- {p}" for p in proof))
    elif isinstance(e, schema.Competitor):
        add("", "\n\n".join(x for x in (t(e.name), t(e.summary)) if x))
        add(L["strengths"], _bullets(project, e.strengths, lang))
        add(L["weaknesses"], _bullets(project, e.weaknesses, lang))
        for point in e.why_we_win:
            add(sub("why_we_win", t(point.title)), "\n\n".join(x for x in (t(point.title), t(point.body)) if x))
        add(L["where_we_lose"], _bullets(project, e.where_we_lose, lang))
        add(L["landmines"], _bullets(project, e.landmines, lang))
        for qd in e.quick_dismisses:
            add(L["quick_dismisses"], f"{t(qd.claim)}\n\n{t(qd.response)}")

        def mark(value: Any) -> str:
            value = getattr(value, "value", value)
            return L.get(str(value), str(value))

        rows = [f"- {_cap_line(project, cap, lang)}{L['colon']}{L['us']} {mark(row.us)}{L['list_separator']}"
                f"{L['them']} {mark(row.them)}"
                + (L["in_parentheses"].format(text=t(row.note)) if getattr(row, "note", None) else "")
                for cap, row in e.comparison.items()]
        add(L["comparison"], "\n".join(rows))
        add(L["pricing"], t(e.pricing))
    elif isinstance(e, schema.Capability):
        label = status_label(project, e, lang)
        head = f"{t(e.name)} {label}".strip()
        add("", "\n\n".join(x for x in (head, t(e.summary)) if x))
        add(L["description"], (f"{label}\n\n" if label else "") + t(e.description) if t(e.description) else "")
    elif isinstance(e, schema.Case):
        add("", "\n\n".join(x for x in (t(e.label), t(e.customer), t(e.summary)) if x))
        add(L["challenge"], t(e.challenge))
        add(L["solution"], t(e.solution))
        add(L["results"], "\n".join(f"- {t(r.metric)}: {t(r.value)}" for r in e.results))
        if e.quote is not None:
            add(L["quote"], f"> {t(e.quote.text)}" + (f"\n> — {t(e.quote.by)}" if e.quote.by else ""))
        add(L["internal_note"], t(e.internal_note))
    elif isinstance(e, schema.Persona):
        add("", "\n\n".join(x for x in (t(e.name), ", ".join(e.titles)) if x))
        add(L["cares_about"], _bullets(project, e.cares_about, lang))
        add(L["fears"], _bullets(project, e.fears, lang))
        add(L["messaging"], t(e.messaging))
    elif isinstance(e, schema.Industry):
        add("", "\n\n".join(x for x in (t(e.name), t(e.summary)) if x))
        for pain in e.pains:
            add(sub("pains", t(pain.title)), "\n\n".join(x for x in (t(pain.title), t(pain.body)) if x))
        add(L["solution"], t(e.solution))
        add(L["capabilities"], "\n".join(f"- {_cap_line(project, c, lang)}" for c in e.capabilities))
        add(L["kpis"], "\n".join(f"- {t(k.name)}: {t(k.value)}" for k in e.kpis))
    elif isinstance(e, schema.Playbook):
        add("", "\n\n".join(x for x in (t(e.name), t(e.summary)) if x))
        for stage in e.stages:
            parts = [t(stage.name), t(stage.goal), _bullets(project, stage.exit_criteria, lang),
                     "\n".join(f"- {t(q.ask)}" + (f" ({t(q.why)})" if q.why else "") for q in stage.questions),
                     _bullets(project, stage.checklist, lang),
                     "\n".join(f"- {t(s.signal)} → {t(s.action)}" for s in stage.signals)]
            add(sub("stage", t(stage.name)), "\n\n".join(p for p in parts if p))
    elif isinstance(e, schema.Whitepaper):
        add("", "\n\n".join(x for x in (t(e.title), t(e.subtitle), t(e.summary)) if x))
        for heading, body in _chunks(t(e.body)):
            add(heading, body)
    elif isinstance(e, schema.Answer):
        add("", f"{t(e.question)}\n\n{t(e.answer)}")
        variants = [t(v) for v in e.variants]
        add(L["answers_variants"], "\n".join(f"- {v}" for v in variants if v))
        caps = [c for c in e.capabilities if c in project.capabilities and project.capabilities[c].status != "ga"]
        add(L["answers_depends_on"], "\n".join(f"- {_cap_line(project, c, lang)}" for c in caps))
    elif isinstance(e, schema.TrainingPath):
        add("", "\n\n".join(x for x in (t(e.name), t(e.summary)) if x))
        for module in e.modules:
            quiz = [t(q.q) for q in module.quiz if isinstance(q, schema.QuizQuestion)]
            parts = [t(module.name), t(module.goal), "\n".join(f"- {q}" for q in quiz)]
            add(t(module.name), "\n\n".join(p for p in parts if p))
        add(L["certification"], _bullets(project, e.certification, lang))
    return out


def _chunks(body: str, size: int = 1200) -> Iterator[tuple[str, str]]:
    """A whitepaper's body as passages: one per heading, long ones cut at paragraphs."""
    heading, buf = "", []
    for block in body.split("\n\n"):
        stripped = block.strip()
        if stripped.startswith("#"):
            if buf:
                yield heading, "\n\n".join(buf)
            heading, buf = stripped.lstrip("#").strip().splitlines()[0], [stripped]
            continue
        if sum(len(b) for b in buf) + len(stripped) > size and buf:
            yield heading, "\n\n".join(buf)
            buf = []
        if stripped:
            buf.append(stripped)
    if buf:
        yield heading, "\n\n".join(buf)


def passage(project: Project, item: Item, lang: str, index: int = 0) -> str:
    """One passage of an item as a tool returns it: labelled stale where it is."""
    found = sections(project, item, lang)
    text = found[min(index, len(found) - 1)].text if found else project.t(item.entity.label, lang)
    label = stale_label(project, item.entity, lang)
    return f"{label}\n\n{text}" if label else text


# --------------------------------------------------------------------------- Markdown


def markdown(project: Project, item: Item, lang: str, site_url: str | None = None, *, level: int = 1) -> str:
    """The item as one Markdown document: YAML front matter with its facts, then its passages under
    headings. The front matter is written by a YAML dumper, so no content text can end it early.
    ``level=2`` makes it a section of a page that holds several items: its facts as a list."""
    found = facts(project, item, lang, site_url)
    if level == 1:
        front = yaml.safe_dump(found, allow_unicode=True, sort_keys=False).strip()
        lines = ["---", front, "---", "", f"# {_one_line(title(project, item, lang))}", ""]
    else:
        lines = [f"## {_one_line(title(project, item, lang))}", ""]
        lines += [f"- {key}: {_one_line(str(value))}" for key, value in found.items()
                  if key not in ("title", "kind") and value is not None] + [""]
    label = stale_label(project, item.entity, lang)
    if label:
        lines += [label, ""]
    for section in sections(project, item, lang):
        if section.heading:
            lines += [f"{'#' * (level + 1)} {_one_line(section.heading)}", ""]
        lines += [section.text, ""]
    return "\n".join(lines).rstrip() + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())
