"""The answer library as content: the compliance an answer goes out with (from its capabilities'
status), the note that names a beta or roadmap dependency, the trust center's answers, and an
answer's Markdown as the plain text a customer's file takes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content import schema
from ..content.model import Project
from ..markup.escape import safe_url

COMPLIANCE = ("yes", "partial", "no")


@dataclass
class Compliance:
    """An answer's compliance value and why: ``depends`` are the beta/roadmap capabilities it relies on."""

    value: str | None
    depends: list[schema.Capability] = field(default_factory=list)
    derived: bool = False


def compliance(project: Project, answer: schema.Answer) -> Compliance:
    """The compliance value an answer goes out with. Roadmap is never ``yes``; beta is ``partial``
    unless the author says otherwise; all GA is ``yes``. Without capabilities: the author's value."""
    caps = [project.capabilities[c] for c in answer.capabilities if c in project.capabilities]
    depends = [c for c in caps if c.status != "ga"]
    statuses = {c.status for c in caps}
    if answer.compliance is not None:
        value = answer.compliance
        if value == "yes" and "roadmap" in statuses:  # an error in `check`; never sent as yes anyway
            value = "partial" if statuses - {"roadmap"} else "no"
        return Compliance(value, depends)
    if not caps:
        return Compliance(None, [])
    if "roadmap" in statuses:
        value = "partial" if statuses - {"roadmap"} else "no"
    elif "beta" in statuses:
        value = "partial"
    else:
        value = "yes"
    return Compliance(value, depends, derived=True)


def status_note(project: Project, cap: schema.Capability, lang: str) -> str:
    """'E-Contract (Beta, expected 2027-01)' in ``lang``'s words."""
    L = project.labels(lang)
    name, status = project.t(cap.name, lang), L.get(cap.status, cap.status)
    if cap.available_from:
        return L["answers_status_note"].format(name=name, status=status, date=cap.available_from)
    return L["answers_status_note_undated"].format(name=name, status=status)


def trust_answers(project: Project) -> list[schema.Answer]:
    """Public security and privacy answers, for the trust center: what questionnaires say, nothing else."""
    return sorted((a for a in project.answers.values() if a.effective_audience is schema.Audience.public
                   and a.category in ("security", "privacy")), key=lambda a: (a.category, a.id))



def _link_text(match: re.Match[str]) -> str:
    """A Markdown link as text: 'label (https://…)' for a web or mail address, just the label otherwise."""
    url = safe_url(match.group(2))
    return match.group(1) if url == "#" else f"{match.group(1)} ({url})"


def plain_text(markdown: str) -> str:
    """An answer's Markdown as plain text for a spreadsheet cell or a Word table."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\]]+)\]\(([^)]*)\)", _link_text, text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s+", "", text)
    text = re.sub(r"(?m)^(\s*)[*+]\s+", r"\1- ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
