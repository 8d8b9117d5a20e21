"""What the MCP server's tools do, without the MCP SDK: each tool takes its arguments as a mapping,
checks them, and returns a JSON-able result (or raises :class:`ToolError` with a message for the
assistant). Everything is read from one audience view: a public or partner server cannot return what
its view does not hold, and the internal-only tools (``prepare``, ``report_gap``) do not exist there.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...answers import knowledge
from ...answers.knowledge import KINDS, Item, kind_name
from ...answers.library import compliance, plain_text, status_note
from ...content.diagnostics import EnablekitError
from ...content.model import Project
from ...content.schema import Audience
from ...team.gaps import record_gap

MAX_LIMIT = 20


def did_you_mean(word: str, candidates: Any) -> str:
    """``; did you mean 'x'?`` when one candidate is close to ``word`` (a typo, not any word at all)."""
    import difflib

    options = {str(c).lower(): str(c) for c in candidates}
    found = difflib.get_close_matches(str(word).lower(), list(options), n=1, cutoff=0.6)
    return f"; did you mean '{options[found[0]]}'?" if found else ""


class ToolError(Exception):
    """A bad argument or an unknown name: returned to the assistant as an error result, never raised."""


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    schema: dict[str, Any]
    run: Callable[..., dict[str, Any]]
    internal_only: bool = False


def _string(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


LANGUAGE = _string("Language of the result (a code of the project, e.g. zh, en); default: the question's.")


class Knowledge:
    """The tools of one server, over one audience view of one project."""

    def __init__(self, view: Project, *, site_url: str | None = None, index: Any = None):
        self.view = view
        self.audience = view.audience
        self.site_url = site_url
        self._index = index
        self.items = knowledge.items(view)
        self.by_key = {item.key: item for item in self.items}

    # ------------------------------------------------------------------ lookups
    @property
    def index(self) -> Any:
        if self._index is None:
            from ...answers.retrieval import index

            self._index = index(self.view)
        return self._index

    @functools.cached_property
    def answer_index(self) -> Any:
        from ...answers.matching import AnswerIndex

        return AnswerIndex(list(self.view.answers.values()), self.view.languages,
                           self.view.root / ".enablekit-cache" / "answers")

    def lang(self, args: dict[str, Any], text: str = "", extra: list[str] | None = None) -> str:
        """The language asked for (or ``text``'s), one of the site's or of ``extra`` (answer languages)."""
        languages = [*self.view.languages, *(extra or [])]
        lang = args.get("language")
        if lang is None:
            if text:
                from ...answers.matching import detect_language

                return detect_language([text], languages)
            return self.view.default_language
        if lang in languages:
            return lang
        base = [code for code in languages if code.split("-")[0] == str(lang).split("-")[0]]
        if base:
            return base[0]
        also = f"; answer languages: {', '.join(extra)}" if extra else ""
        raise ToolError(f"unknown language '{lang}'{did_you_mean(lang, languages)}"
                        f" (languages: {', '.join(self.view.languages)}{also})")

    def find(self, ref: str, kind: str | None = None) -> Item:
        """The item ``ref`` names: ``kind:id``, an id, or (for one ``kind``) a title in any language."""
        ref = ref.strip()
        wanted = kind
        if ":" in ref:
            head, _, ident = ref.partition(":")
            named = kind_name(head)
            if named is None:
                raise ToolError(f"unknown kind '{head}'{did_you_mean(head, KINDS)} (kinds: {', '.join(KINDS)})")
            wanted, ref = named, ident.strip()
        pool = [i for i in self.items if wanted is None or i.kind == wanted]
        for item in pool:
            if item.id == ref:
                return item
        lowered = ref.lower()
        for item in pool:
            if any(v.strip().lower() == lowered for v in item.entity.label.values.values()):
                return item
        what = wanted or "item"
        ids = [i.id for i in pool]
        raise ToolError(f"unknown {what} '{ref}'{did_you_mean(ref, ids)}")

    # ------------------------------------------------------------------ results
    def fact(self, item: Item, lang: str) -> dict[str, Any]:
        out = knowledge.facts(self.view, item, lang, self.site_url)
        return {k: v for k, v in out.items() if v is not None or k in ("url", "reviewed")}

    def hit(self, item: Item, lang: str, section: int = 0, score: float | None = None) -> dict[str, Any]:
        out = self.fact(item, lang)
        out["text"] = knowledge.passage(self.view, item, lang, section)
        if score is not None:
            out["score"] = score
        return out

    def document(self, item: Item, lang: str) -> dict[str, Any]:
        return {**self.fact(item, lang), "markdown": knowledge.markdown(self.view, item, lang, self.site_url)}

    # ------------------------------------------------------------------ tools
    def search(self, args: dict[str, Any]) -> dict[str, Any]:
        query = args["query"]
        kind = None
        if args.get("kind") is not None:
            kind = kind_name(args["kind"])
            if kind is None:
                raise ToolError(f"unknown kind '{args['kind']}'{did_you_mean(args['kind'], KINDS)}"
                                f" (kinds: {', '.join(KINDS)})")
        lang = self.lang(args, query)
        limit = args.get("limit", 5)
        hits = self.index.search(query, kind=kind, language=lang, limit=limit)
        return {"query": query, "language": lang,
                "hits": [self.hit(h.item, h.lang, h.section, h.score) for h in hits]}

    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        item = self.find(args["id"])
        return self.document(item, self.lang(args))

    def battlecard(self, args: dict[str, Any]) -> dict[str, Any]:
        item = self.find(args["competitor"], "competitor")
        return self.document(item, self.lang(args))

    def capability(self, args: dict[str, Any]) -> dict[str, Any]:
        item = self.find(args["name_or_id"], "capability")
        lang = self.lang(args)
        cap = item.entity
        out = self.document(item, lang)
        out["available_now"] = cap.status == "ga"
        out["label"] = knowledge.status_label(self.view, cap, lang) or self.view.labels(lang).get("ga", "Available")
        return out

    def objections(self, args: dict[str, Any]) -> dict[str, Any]:
        lang = self.lang(args)
        checks = {"persona": ("personas", "roles"), "industry": ("industries", "industries"),
                  "stage": ("stages", "stages"), "competitor": ("competitors", "competitor")}
        found = list(self.view.objections.values())
        for arg, (table, field) in checks.items():
            ref = args.get(arg)
            if ref is None:
                continue
            known = self.view.kind(table)
            if ref not in known:
                raise ToolError(f"unknown {arg} '{ref}'{did_you_mean(ref, known)}")
            if field == "competitor":
                found = [o for o in found if o.competitor == ref]
            else:
                found = [o for o in found if not getattr(o, field) or ref in getattr(o, field)]
        items = [self.by_key[f"objection:{o.id}"] for o in sorted(found, key=lambda o: o.id)]
        return {"language": lang, "objections": [
            {**self.hit(item, lang), "short": self.view.t(item.entity.short, lang),
             "category": item.entity.category} for item in items]}

    def answer(self, args: dict[str, Any]) -> dict[str, Any]:
        from ...answers.lang import pick

        question = args["question"]
        # an answer language (answer_languages) for the answer's text only: the rest, with its links to the
        # site, stays in a site language
        wanted = self.lang(args, question, self.view.answer_languages)
        lang = wanted if wanted in self.view.languages else pick("en", self.view.languages, [])
        match = self.answer_index.match(question) if self.view.answers else None
        if match is None or match.why in ("weak", "ambiguous") or match.why.startswith("term"):
            return {"question": question, "language": lang, "found": False,
                    "note": "No answer in the library fits this question well enough. Say so, and call"
                            " report_gap if this server offers it."}
        item = self.by_key[f"answer:{match.answer.id}"]
        value = compliance(self.view, match.answer)
        notes = [status_note(self.view, cap, lang) for cap in value.depends]
        written = wanted if wanted in match.answer.answer.languages else lang
        out = {"question": question, "language": written, "found": True, **self.fact(item, lang),
               "confidence": match.confidence, "compliance": value.value,
               "answer": plain_text(self.view.t(match.answer.answer, written)),
               "depends_on": notes}
        if match.answer.effective_audience is not Audience.public:
            out["note"] = "This answer is not public: do not paste it into a customer's questionnaire."
        return out

    def prepare(self, args: dict[str, Any]) -> dict[str, Any]:
        from ...views.presales import meeting_prep

        ref = args["deal"]
        deal = self.view.deals.get(ref)
        if deal is None:
            by_name = [d for d in self.view.deals.values()
                       if any(v.strip().lower() == ref.strip().lower() for v in d.customer.name.values.values())]
            if not by_name:
                raise ToolError(f"unknown deal '{ref}'{did_you_mean(ref, self.view.deals)}")
            deal = by_name[0]
        lang = self.lang(args)
        prep = meeting_prep(self.view, deal)
        t = functools.partial(self.view.t, lang=lang)
        attendees = [{"name": t(a.stakeholder.name), "persona": a.persona.id, "role": t(a.persona.name),
                      "attitude": a.stakeholder.attitude, "notes": t(a.stakeholder.notes) or None,
                      "cares_about": [t(c.text) for c in a.persona.cares_about],
                      "expect_objections": [self.hit(self.by_key[f"objection:{o.id}"], lang) for o in a.objections],
                      "ask": [t(q.ask) for q in a.questions]} for a in prep.attendees]
        return {"deal": deal.id, "customer": t(deal.customer.name), "stage": deal.stage, "language": lang,
                "source": knowledge.source(self.view, deal),
                "attendees": attendees,
                "competitors": [self.fact(self.by_key[f"competitor:{c.id}"], lang) for c in prep.competitors],
                "cases": [self.fact(self.by_key[f"case:{c.id}"], lang) for c in prep.cases
                          if f"case:{c.id}" in self.by_key],
                "checklist": [t(c.text) for c in prep.checklist],
                "gaps": [{"need": t(g.need), "status": g.status} for g in prep.gaps]}

    def changes(self, args: dict[str, Any]) -> dict[str, Any]:
        from ...team import changes as core

        lang = self.lang(args)
        try:
            found, commit = core.since_revision(self.view, args.get("since"), self.audience.value, lang)
        except EnablekitError as exc:
            raise ToolError(str(exc)) from None
        label = args.get("since") or (self.view.today - dt.timedelta(days=30)).isoformat()
        return core.as_dict(found, self.view, lang, since=label, sha=commit.sha, date=commit.date)

    def report_gap(self, args: dict[str, Any]) -> dict[str, Any]:
        try:
            return {"recorded": record_gap(self.view.root, args["question"], args.get("context"), self.view.today)}
        except OSError as exc:  # a read-only checkout: the assistant says so instead of the server failing
            raise ToolError(f"cannot record the gap in {self.view.root / 'gaps'}: {exc.strerror or exc}") from None

    # ------------------------------------------------------------------ the list
    def tools(self) -> list[Tool]:
        kinds = sorted(KINDS)
        found = [
            Tool("search", "Search every kind of sales content (objections, battlecards, capabilities, cases,"
                 " personas, industries, playbooks, whitepapers, questionnaire answers, training) by meaning, in any"
                 " language. Each hit has id, kind, title, text (the passage, quoted data), url, source, reviewed,"
                 " stale and, for capabilities, status.",
                 _object({"query": _string("What the rep wants to know, in their words.", minLength=1),
                          "kind": _string("Only this kind.", enum=kinds + ["battlecard"]),
                          "language": LANGUAGE,
                          "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 5}},
                         ["query"]), self.search),
            Tool("get", "One item as Markdown with its front matter (id, kind, title, url, source, reviewed,"
                 " stale, status), by 'kind:id' or id.",
                 _asks("id", "kind:id (objection:price) or id."), self.get),
            Tool("battlecard", "The battlecard of a competitor (id or name): strengths, weaknesses, why we win,"
                 " landmines, quick dismisses, comparison.",
                 _asks("competitor", "Competitor id or name."), self.battlecard),
            Tool("objections", "Objections with their talk tracks, filtered by buyer role (persona id), industry,"
                 " playbook stage and competitor; no filter lists all.",
                 _object({"persona": _string("Persona id."), "industry": _string("Industry id."),
                          "stage": _string("Playbook stage id."), "competitor": _string("Competitor id."),
                          "language": LANGUAGE}, []), self.objections),
            Tool("capability", "The honest status of a capability: ga (available now), beta or roadmap, with the"
                 " expected date. Never present beta or roadmap as available.",
                 _asks("name_or_id", "Capability id or name."), self.capability),
            Tool("answer", "The questionnaire answer (RFP, tender, security questionnaire) for a question, with its"
                 " compliance (yes/partial/no) and the beta or roadmap capabilities it depends on.",
                 _asks("question", "The customer's question."), self.answer),
            Tool("prepare", "Meeting preparation for a deal (id or customer name): per attendee their concerns and"
                 " the objections to expect, competitors in play, cases, checklist and gaps not to promise.",
                 _asks("deal", "Deal id or customer name."), self.prepare, internal_only=True),
            Tool("changes", "What changed for reps since a git revision or a date (default: 30 days ago).",
                 _object({"since": _string("A git revision or a date YYYY-MM-DD."), "language": LANGUAGE}, []),
                 self.changes),
            Tool("report_gap", "Record a question the content could not answer, so the enablement team writes it."
                 " Call it whenever nothing fits.",
                 _object({"question": _string("What the rep asked.", minLength=1),
                          "context": _string("Deal, customer, persona or anything that helps.")}, ["question"]),
                 self.report_gap, internal_only=True),
        ]
        return [t for t in found if not t.internal_only or self.audience is Audience.internal]

    def call(self, name: str, arguments: dict[str, Any] | None) -> dict[str, Any]:
        """Run tool ``name``; a bad name or argument raises :class:`ToolError` with a message."""
        tools = {t.name: t for t in self.tools()}
        tool = tools.get(name)
        if tool is None:
            raise ToolError(f"unknown tool '{name}'{did_you_mean(name, tools)} (tools: {', '.join(tools)})")
        args = check_arguments(tool.schema, arguments)
        return tool.run(args)


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _asks(field: str, description: str) -> dict[str, Any]:
    """The arguments of a tool that asks for one text (required, not empty) and takes an optional language."""
    return _object({field: _string(description, minLength=1), "language": LANGUAGE}, [field])


_TYPES = {"string": (str,), "integer": (int,), "object": (dict,)}


def check_arguments(schema: dict[str, Any], arguments: Any) -> dict[str, Any]:
    """The arguments, checked against the tool's schema, with defaults filled in."""
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        raise ToolError("arguments must be an object")
    props = schema["properties"]
    unknown = [k for k in arguments if k not in props]
    if unknown:
        raise ToolError(f"unknown argument '{unknown[0]}'{did_you_mean(unknown[0], props)}"
                        f" (arguments: {', '.join(props) or 'none'})")
    for name in schema["required"]:
        if arguments.get(name) is None:
            raise ToolError(f"missing argument '{name}'")
    out = {}
    for name, spec in props.items():
        value = arguments.get(name)
        if value is None:
            if "default" in spec:
                out[name] = spec["default"]
            continue
        want = spec["type"]
        if not isinstance(value, _TYPES[want]) or isinstance(value, bool):
            raise ToolError(f"'{name}' must be {'a string' if want == 'string' else 'an integer'},"
                            f" got {type(value).__name__} {value!r}"[:200])
        if want == "string":
            if spec.get("minLength") and not value.strip():
                raise ToolError(f"'{name}' must not be empty")
            if len(value) > 4000:
                raise ToolError(f"'{name}' is too long ({len(value)} characters, at most 4000)")
            if "enum" in spec and value not in spec["enum"]:
                raise ToolError(f"'{name}' must be one of {', '.join(spec['enum'])}, got '{value}'"
                                f"{did_you_mean(value, spec['enum'])}")
        if want == "integer" and not spec.get("minimum", value) <= value <= spec.get("maximum", value):
            raise ToolError(f"'{name}' must be between {spec['minimum']} and {spec['maximum']}, got {value}")
        out[name] = value
    return out
