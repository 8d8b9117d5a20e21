"""The checks on what pages and slides say: content ids shown as text, interface words only internal
material carries, text in another language than the document's, and "price on request" where the
deal's plan has a price. They read lines of text per page or slide and what the project knows."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..content.model import Project
from ..language.detect import identifier
from ..language.i18n import labels
from .defects import quoted

Finding = tuple[int, str, str]  # (page or slide number, check id, message)
Unit = tuple[int, list[str]]  # (page or slide number, its lines of text)

# interface words only internal material carries (generator/language/labels/*.yaml): a customer must
# never read them. Coaching lines (talk tracks, what not to promise) and the internal classification.
INTERNAL_KEYS = (
    "internal_badge", "internal_doc", "confidential", "presenter_edition", "do_not_promise", "talk_track",
    "likely_objections", "opening", "closing_note", "notes_continued", "stale_title", "stale_body", "gap_list",
    "gap_none", "landmines", "quick_dismisses", "where_we_lose", "avoid", "expect_objections",
    "discovery_questions", "answer_key_internal", "competitive_deck", "battlecard_title", "meeting_prep",
)
# a single Latin word ("Internal") or two CJK characters ("内部") count only as a line of their own (a
# badge): inside a sentence they are ordinary words ("internal audit", "内部管理")
STANDALONE_CJK = 2
LETTERS = 20  # a line needs this many letters (names aside) before its language is judged
CONFIDENT = 0.9  # and py3langid this sure it is another language…
DOUBT = 0.05  # …and this unsure it is the document's
FOREIGN_CJK = 2  # Han, kana or Hangul characters (names aside) that make a line of a Latin document mixed
# the languages a line may be judged to be in: those enablekit has interface words for (and the
# project's own). Letting py3langid pick among all 97 it knows makes Portuguese Galician and
# English Latin or Scots for no reader's benefit.
CANDIDATES = ("en", "zh", "ja", "ko", "de", "fr", "es", "pt", "it", "nl", "sv")
_CJK_SCRIPTS = {"Han": r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", "kana": r"[\u3040-\u30ff]",
                "Hangul": r"[\uac00-\ud7af\u1100-\u11ff]"}
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TOKEN = re.compile(r"(?<![\w-])[A-Za-z0-9][\w-]*[A-Za-z0-9](?![\w-])")
_LEGAL_FORM = re.compile(r"[\s,]+(?:SA|SAS|SASU|SARL|SE|GmbH|AG|KG|Ltd\.?|Ltda\.?|Inc\.?|LLC|S\.A\.?|S/A|"
                         r"Co\.,? Ltd\.?|有限公司|股份有限公司|株式会社|㈜|주식회사)$")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-.,;:()/ ]*[A-Za-z\u00c0-\u024f.]")


@dataclass
class Vocabulary:
    """What the project knows that the wording checks need: every id a reader could take for a raw
    id, the proper names (company, product, competitors, customers, people, capabilities, persona
    titles) in every language, and where interface words come from (the project's overrides)."""

    ids: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    project: Project | None = None
    prose: dict[str, set[str]] = field(default_factory=dict)  # language → id-like tokens its authors write as words

    @classmethod
    def of(cls, project: Project | None) -> Vocabulary:
        if project is None:
            return cls()
        ids = set()
        for kind in ("capabilities", "personas", "industries", "competitors", "objections", "cases", "whitepapers",
                     "playbooks", "training", "deals", "answers", "calendar", "tiers", "plans", "stages"):
            ids.update(project.kind(kind))
        ids = {i for i in ids if re.search(r"[-_0-9]", i)}
        return cls(ids, sorted(_names(project), key=len, reverse=True), project, _prose(project, ids))

    def labels(self, lang: str):  # noqa: ANN201 - Mapping[str, str]
        return self.project.labels(lang) if self.project else labels(lang)

    def without_names(self, lines: list[str]) -> list[str]:
        """The lines of a page or slide with the project's proper names (also where a line break
        splits one), content ids, web and e-mail addresses taken out."""
        text = "\n".join(lines)
        if self.names:
            text = self.names_pattern.sub(lambda m: " " + "\n" * m.group().count("\n"), text)
        text = _URL.sub(" ", text)
        if self.ids:
            text = _TOKEN.sub(lambda m: " " if m.group() in self.ids else m.group(), text)
        return text.split("\n")

    @functools.cached_property
    def names_pattern(self) -> re.Pattern:
        """Any of the names, longest first; a line break may fall after any character of one (and
        swallow a hyphen: "Aubertin-" at a line's end reads back as "Aubertin")."""
        def one(name: str) -> str:
            return "".join(r"\s+" if ch.isspace() else r"(?:-\n?|\n)" if ch == "-" else re.escape(ch) + "\n?"
                           for ch in name)

        return re.compile("|".join(one(n) for n in self.names))


def _names(project: Project) -> set[str]:
    texts = [project.company.name, project.company.product.name]
    texts += [e.owner for e in project.entities() if getattr(e, "owner", None)]
    texts += [a for w in project.whitepapers.values() for a in w.authors]
    texts += [c.name for c in project.competitors.values()]
    texts += [c.customer for c in project.cases.values()]
    texts += [c.quote.by for c in project.cases.values() if c.quote and c.quote.by]
    texts += [d.customer.name for d in project.deals.values()]
    texts += [s.name for d in project.deals.values() for s in d.stakeholders]
    texts += [d.proposal.prepared_by.name for d in project.deals.values() if d.proposal.prepared_by]
    texts += [c.name for c in project.capabilities.values()]
    texts += [p.name for p in project.plans.values()] + [t.name for t in project.tiers.values()]
    out: set[str] = set()
    for persona in project.personas.values():
        out.update(persona.titles)
        texts.append(persona.name)
    for text in texts:
        if text is None:
            continue
        for value in ([text] if isinstance(text, str) else text.all_strings()):
            out.update(part.strip() for part in re.split(r"[,，、]", value) if len(part.strip()) >= 2)
            out.add(value.strip())
            out.add(re.split(r"[<(（]", value)[0].strip())  # "周婧 <jing.zhou@…>": the person
            out.add(_LEGAL_FORM.sub("", value.strip()))  # "… de l'Oise SAS" is cited without its legal form
    return {n for n in out if n}


def _prose(project: Project, ids: set[str]) -> dict[str, set[str]]:
    """Per language, the ids that the project's authors also write as words in their prose (a text
    that says more than the id): "multi-entity management", "an e-signature integration". In a
    document in that language such a token is the word; in any other, the id. Texts that are only
    an id (a proof naming a case) are references, not prose."""
    out: dict[str, set[str]] = {}
    for text in _texts(project.entities()):
        for lang, value in text.values.items():
            if value.strip() in ids:
                continue
            found = {t for t in _TOKEN.findall(value) if t in ids}
            if found:
                out.setdefault(lang, set()).update(found)
    return out


def _texts(values) -> Iterator:  # noqa: ANN001 - models, lists, dicts, Text; yields content.text.Text
    from pydantic import BaseModel

    from ..content.text import Text

    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, Text):
            yield value
        elif isinstance(value, BaseModel):
            stack += [getattr(value, name) for name in type(value).model_fields]
        elif isinstance(value, dict):
            stack += list(value.values())
        elif isinstance(value, list | tuple):
            stack += list(value)


# --------------------------------------------------------------------------- raw-id


def raw_ids(units: Iterable[Unit], lang: str, words: Vocabulary) -> Iterator[Finding]:
    """A token equal to a content id that has a hyphen, underscore or digit (``case-weida``): ids are
    for files, not readers. Plain-word ids (``retail``) read as words and are left alone, and so are
    ids the authors write as words in prose of the document's language (``multi-entity``)."""
    if not words.ids:
        return
    from ..content.text import DEFAULT

    as_words = words.prose.get(lang, set()) | words.prose.get(DEFAULT, set())
    if lang.split("-")[0] in ("zh", "ja", "ko"):
        as_words = set()  # a Latin compound is no word of Chinese, Japanese or Korean prose
    for number, lines in units:
        seen = set()
        for line in lines:
            for token in _TOKEN.findall(_URL.sub(" ", line)):
                if token in words.ids and token not in seen and token not in as_words:
                    seen.add(token)
                    yield number, "raw-id", f"the content id {quoted(token)} is shown as text ({quoted(line)})"


# --------------------------------------------------------------------------- internal-word


def internal_words(units: Iterable[Unit], lang: str, words: Vocabulary) -> Iterator[Finding]:
    """An interface word of internal material (:data:`INTERNAL_KEYS`, in the document's language and
    the project's overrides) in a file meant for customers."""
    patterns = _internal_patterns(tuple(sorted(words.labels(lang).items())))
    for number, lines in units:
        flat = _squash("".join(lines))
        own_lines = {_squash(line) for line in lines}
        said = set()
        for key, value, pattern in patterns:
            hit = (_squash(value) in own_lines) if pattern is None else pattern.search(flat)
            if hit and value not in said:  # two keys with one word ("内部"): one finding
                said.add(value)
                yield number, "internal-word", f"{quoted(value)} ({key}) is a word for the team, not the customer"


@functools.lru_cache(maxsize=32)
def _internal_patterns(catalog: tuple[tuple[str, str], ...]) -> list[tuple[str, str, re.Pattern | None]]:
    """Per internal key: its value, and the pattern finding it in a page's text with the spaces taken
    out (a ``{placeholder}`` matches anything short); None for a short word that must stand alone."""
    values = dict(catalog)
    out = []
    for key in INTERNAL_KEYS:
        value = values.get(key, "").strip()
        if not value:
            continue
        cjk = re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", value)
        if "{" not in value and (len(value) <= STANDALONE_CJK if cjk else not re.search(r"\s", value)):
            out.append((key, value, None))
            continue
        parts = re.split(r"\{[^}]*\}", _squash(value))
        out.append((key, value, re.compile(".{0,40}?".join(re.escape(p) for p in parts if p))))
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- mixed-language


def mixed_language(units: Iterable[Unit], lang: str, words: Vocabulary) -> Iterator[Finding]:
    """Lines in another language than the document's, one finding per page or slide and language:
    for a Chinese, Japanese or Korean document a Latin sentence (or another CJK script: kana in
    Chinese, …); for any other document CJK characters, or a line of :data:`LETTERS` letters or
    more that py3langid confidently places in another language. Proper names do not count."""
    base = lang.split("-")[0].lower()
    for number, lines in units:
        found: dict[str, list[str]] = {}
        for line, rest in zip(lines, words.without_names(lines), strict=True):
            other = foreign(rest, base)
            if other:
                found.setdefault(other, []).append(line)
        for other, hits in found.items():
            count = f"{len(hits)} lines" if len(hits) > 1 else "a line"
            yield number, "mixed-language", f"{count} in {other} in a document in {_language(base)} ({quoted(hits[0])})"


def foreign(line: str, base: str) -> str | None:
    """The language (or script) ``line`` is in when it is confidently not ``base``; None otherwise."""
    cjk_doc = base in ("zh", "ja", "ko")
    if cjk_doc:
        for run in _LATIN_RUN.findall(line):
            letters = sum(ch.isalpha() for ch in run)
            if letters >= LETTERS and len(run.split()) >= 3:
                guess = _guess(run, base)
                if guess and guess != base:
                    return _language(guess)
        own = {"zh": ("Han",), "ja": ("Han", "kana"), "ko": ("Hangul", "Han")}[base]
        for script, pattern in _CJK_SCRIPTS.items():
            if script not in own and len(re.findall(pattern, line)) >= FOREIGN_CJK:
                return {"kana": "Japanese", "Hangul": "Korean", "Han": "Chinese"}[script]
        return None
    cjk = [script for script, pattern in _CJK_SCRIPTS.items() if len(re.findall(pattern, line)) >= FOREIGN_CJK]
    if cjk:
        return "Korean" if "Hangul" in cjk else "Japanese" if "kana" in cjk else "Chinese"
    if sum(ch.isalpha() for ch in line) < LETTERS:
        return None
    guess = _guess(line, base)
    return _language(guess) if guess and guess != base else None


def _guess(text: str, base: str) -> str | None:
    """py3langid's language for ``text`` among :data:`CANDIDATES` and ``base`` when it is confident
    and finds ``base`` unlikely; None when in doubt."""
    ranked = dict(_identifier(base).rank(text))
    best = max(ranked, key=ranked.get)
    if ranked[best] >= CONFIDENT and ranked.get(base, 0.0) <= DOUBT:
        return best
    return None


def _identifier(base: str):  # noqa: ANN202 - py3langid.langid.LanguageIdentifier
    return identifier((*CANDIDATES, base))


def _language(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale("en").languages.get(code, code)
    except UnknownLocaleError:
        return code


# --------------------------------------------------------------------------- price-on-request


def price_on_request(units: Iterable[Unit], lang: str, deal_id: str | None, words: Vocabulary) -> Iterator[Finding]:
    """A proposal that says "price on request" while its deal's plan states a price: a display
    price with a number in it, or the numbers themselves (``unit_price``)."""
    project = words.project
    deal = project.deals.get(deal_id) if project and deal_id else None
    plan_id = deal.proposal.pricing_plan if deal else None
    plan = project.plans.get(plan_id) if project and plan_id else None
    if plan is None:
        return
    shown = project.plan_price(plan, lang)
    if plan.unit_price is None and not re.search(r"\d", shown):
        return
    phrase = words.labels(lang).get("price_on_request", "")
    if not phrase:
        return
    for number, lines in units:
        if _squash(phrase) in _squash("".join(lines)):
            yield (number, "price-on-request", f"says {quoted(phrase)} though the plan '{plan.id}' states a price"
                   f" ({quoted(shown)})")
            return
