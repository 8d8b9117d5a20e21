"""What changed for reps between two revisions of the content: new and removed items, changed talk
tracks (as a readable diff), battlecard updates, capability status changes, new cases and papers.

Both sides are audience views, so a public release note never names an internal item. A change of
review metadata alone (``reviewed``, ``owner``) is a re-verification, not news, and is left out.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from ..content.diagnostics import EnablekitError
from ..content.loader import load_project
from ..content.model import CONTENT_KINDS, SINGULAR, Project
from ..content.text import Text
from ..language.i18n import format_date
from ..markup.escape import inline
from ..views.audience import view
from . import history

# who reads a change of each kind, in the order the groups are shown
GROUPS = ("sales", "presales", "marketing")
AUDIENCES: dict[str, tuple[str, ...]] = {
    "objections": ("sales",),
    "competitors": ("sales", "presales"),
    "capabilities": ("presales", "sales"),
    "cases": ("sales", "marketing"),
    "whitepapers": ("marketing", "presales"),
    "personas": ("sales", "marketing"),
    "industries": ("presales", "marketing"),
    "playbooks": ("sales",),
    "training": ("sales",),
}
TALK_TRACK = ("short", "answer", "follow_up")  # an objection's words a rep says
_QUIET = {"reviewed", "owner", "review_every", "tags", "audience"}  # re-verification, not news


@dataclass
class Change:
    action: str  # added | removed | updated
    kind: str
    id: str
    label: Text
    fields: list[str] = field(default_factory=list)  # changed fields (updated)
    status: tuple[str, str] | None = None  # capability status old → new
    available: tuple[str | None, str | None] | None = None  # capability available_from old → new
    diffs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # talk-track field → (op, line)
    texts: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # talk-track field → (old, new) Text

    def diffs_in(self, lang: str, default: str) -> dict[str, list[tuple[str, str]]]:
        """The talk-track diffs in another language than the one they were computed in."""
        def text(value: Any) -> str:
            return value.get(lang, default) if isinstance(value, Text) else str(value or "")

        return {name: readable_diff(text(a), text(b)) for name, (a, b) in self.texts.items()}

    @property
    def groups(self) -> tuple[str, ...]:
        return AUDIENCES.get(self.kind, ("sales",))


def compare(old: Project, new: Project, lang: str) -> list[Change]:
    """Every change from ``old`` to ``new``, kind by kind, ids in order; diffs in ``lang``."""
    out: list[Change] = []
    for kind in CONTENT_KINDS:
        before, after = old.kind(kind), new.kind(kind)
        for ident in sorted(set(before) | set(after)):
            if ident not in before:
                out.append(Change("added", kind, ident, after[ident].label))
            elif ident not in after:
                out.append(Change("removed", kind, ident, before[ident].label))
            else:
                change = _updated(kind, before[ident], after[ident], old, new, lang)
                if change is not None:
                    out.append(change)
    return out


def _updated(kind: str, a: Any, b: Any, old: Project, new: Project, lang: str) -> Change | None:
    dump_a, dump_b = a.model_dump(mode="json"), b.model_dump(mode="json")
    fields = [name for name in type(b).model_fields
              if name not in _QUIET and dump_a.get(name) != dump_b.get(name)]
    if not fields:
        return None
    change = Change("updated", kind, b.id, b.label, fields)
    if kind == "capabilities":
        if a.status != b.status:
            change.status = (a.status, b.status)
        if a.available_from != b.available_from:
            change.available = (a.available_from, b.available_from)
    if kind == "objections":
        for name in TALK_TRACK:
            if name in fields:
                change.texts[name] = (getattr(a, name), getattr(b, name))
                change.diffs[name] = readable_diff(old.t(getattr(a, name), lang), new.t(getattr(b, name), lang))
    return change


def readable_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Line by line: ('-', removed), ('+', added), (' ', kept) — a long paragraph is compared by
    sentence, so one changed sentence shows as one pair, not as the whole paragraph twice."""
    def pieces(text: str) -> list[str]:
        out: list[str] = []
        for line in text.strip().splitlines():
            out.extend(_sentences(line))
        return out

    result = []
    for op in difflib.ndiff(pieces(before), pieces(after)):
        if op[:1] in ("-", "+", " "):
            result.append((op[0], op[2:]))
    return result


def _sentences(line: str) -> list[str]:
    import re

    parts = re.split(r"(?<=[.!?。！？])\s*", line.strip())
    return [p for p in parts if p] or [line]


def grouped(changes: list[Change]) -> dict[str, list[Change]]:
    """The changes for each reader group, in GROUPS order; empty groups left out."""
    out: dict[str, list[Change]] = {}
    for group in GROUPS:
        mine = [c for c in changes if group in c.groups]
        if mine:
            out[group] = mine
    return out


def page_path(change: Change) -> str | None:
    """Where the item's page is on the site (None for a removed item)."""
    if change.action == "removed":
        return None
    if change.kind == "capabilities":
        return f"capabilities/#{change.id}"
    return f"{change.kind}/{change.id}/"


def describe(change: Change, project: Project, lang: str) -> str:
    """One plain line (English words, content in ``lang``), as the CLI prints it."""
    sign = {"added": "+", "removed": "-", "updated": "~"}[change.action]
    what = f"{sign} {SINGULAR.get(change.kind, change.kind)} {change.id}: {project.t(change.label, lang)}"
    details = []
    if change.status:
        details.append(f"status {change.status[0]} → {change.status[1]}")
    if change.available:
        details.append(f"expected {change.available[0] or '—'} → {change.available[1] or '—'}")
    if change.action == "updated" and not details:
        details.append(("talk track: " if change.diffs else "") + ", ".join(change.fields))
    if details:
        what += f" ({'; '.join(details)})"
    path = page_path(change)
    return what + (f"  → /{path}" if path else "")


def text_lines(changes: list[Change], project: Project, lang: str, *, since: str, sha: str,
               date: dt.date) -> list[str]:
    lines = [f"changes since {since} ({sha[:10]}, {date.isoformat()})"]
    groups = grouped(changes)
    if not groups:
        lines.append("nothing changed")
    for group, items in groups.items():
        lines.append(f"for {group}:")
        for change in items:
            lines.append("  " + describe(change, project, lang))
            for name, diff in change.diffs.items():
                lines.append(f"      {name}:")
                lines.extend(f"      {op} {text}" for op, text in diff if op != " ")
    return lines


def markdown(changes: list[Change], project: Project, lang: str, *, sha: str, date: dt.date,
             site_url: str | None = None) -> str:
    """A release note in Markdown, in ``lang``: one section per team, each line linking to its page in
    ``lang`` on the site: full addresses when the site's address is known (a note pasted into a mail or a
    chat keeps working), else paths from the site's root."""
    L = project.labels(lang)
    base = (site_url.rstrip("/") + "/") if site_url else ""
    if lang != project.default_language:
        base += f"{lang}/"
    lines = [f"# {L['changes']}", "", L["changes_intro"].format(since=format_date(date, lang), commit=sha[:7]), ""]
    groups = grouped(changes)
    if not groups:
        lines.append(L["changes_none"])
    for group, items in groups.items():
        lines += [f"## {L['changes_' + group]}", ""]
        for change in items:
            name = inline(project.t(change.label, lang))
            path = page_path(change)
            line = f"- **{L['changes_' + change.action]}** {L.get(change.kind, change.kind)}{L['colon']}" + (
                f"[{name}]({base}{path})" if path else name)
            if change.status:
                line += " — " + L["changes_status"].format(old=L[change.status[0]], new=L[change.status[1]])
            if change.diffs:
                line += " — " + L["changes_talk_track"]
            lines.append(line)
            for diff in change.diffs_in(lang, project.default_language).values():
                lines += ["", "  ```diff", *(f"  {op} {text}".replace("```", "ˋˋˋ") for op, text in diff), "  ```", ""]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def as_dict(changes: list[Change], project: Project, lang: str, *, since: str, sha: str,
            date: dt.date) -> dict[str, Any]:
    return {
        "since": since, "commit": sha, "date": date.isoformat(),
        "groups": {group: [{
            "action": c.action, "kind": c.kind, "id": c.id, "label": project.t(c.label, lang),
            "fields": c.fields, "page": page_path(c),
            **({"status": list(c.status)} if c.status else {}),
            **({"available_from": list(c.available)} if c.available else {}),
            **({"diff": {name: [op + " " + text for op, text in diff if op != " "]
                         for name, diff in c.diffs.items()}} if c.diffs else {}),
        } for c in items] for group, items in grouped(changes).items()},
    }


def since_revision(project: Project, since: str | None, audience: str = "internal",
                   lang: str | None = None) -> tuple[list[Change], Any]:
    """The changes from revision (or date) ``since`` — default: 30 days before the project's today —
    to the project as it is on disk, both seen by ``audience``. Returns (changes, the old commit)."""
    repo = history.repo_of(project.root)
    if repo is None:
        raise EnablekitError(f"{project.root}: not in a git repository; `changes` compares git revisions")
    ref = since or (project.today - dt.timedelta(days=30)).isoformat()
    try:
        commit = history.resolve(repo, ref)
    except EnablekitError:
        first = history.commits(repo, parts=("content/company.yaml",))[:1]
        if since or not first:  # a revision asked for by name must exist
            raise
        commit = first[0]  # a history younger than 30 days: everything since its first commit
    with history.checkout(repo, commit.sha) as root:
        try:
            old, _ = load_project(root, today=project.today)
        except EnablekitError:
            old = None
    if old is None:
        raise EnablekitError(f"{ref} ({commit.sha[:10]}): the project could not be read at that revision")
    lang = lang or project.default_language
    return compare(view(old, audience), view(project, audience), lang), commit
