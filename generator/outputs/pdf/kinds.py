"""What is particular to each kind of PDF: the entity it is about, its title and the context its
template needs beyond the common one. One small provider per kind, registered by name, as the
builders are; adding a document is adding a provider here (or in the module of its builder) and a
``templates/pdf/<kind>.html.j2``."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ...content.model import Project
from ...markup.markdown import markdown_html
from ...views import training
from ...views.documents import DocumentSpec

_HEADING = re.compile(r'<h([123]) id="([^"]+)">(.*?)</h\1>', re.S)  # the body's main heading too


def _no_entity(view: Project, spec: DocumentSpec) -> None:
    return None


def _no_context(view: Project, spec: DocumentSpec, entity: Any) -> dict:  # noqa: ANN401
    return {}


def _titled_by_caller(view: Project, spec: DocumentSpec, entity: Any) -> str:  # noqa: ANN401
    raise ValueError(f"a {spec.kind} document is titled by the builder that makes it")


@dataclass(frozen=True)
class DocumentKind:
    """One kind of PDF. ``entity`` finds what a document is about from its spec (None: the company),
    ``title`` names it, ``context`` adds what its template reads besides the common context."""

    name: str
    title: Callable[[Project, DocumentSpec, Any], str] = _titled_by_caller
    entity: Callable[[Project, DocumentSpec], Any] = _no_entity
    context: Callable[[Project, DocumentSpec, Any], dict] = _no_context


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    if kind.name in KINDS and KINDS[kind.name] != kind:
        raise ValueError(f"a document kind named '{kind.name}' is already registered")
    KINDS[kind.name] = kind
    return kind


def _t(view: Project, spec: DocumentSpec):  # noqa: ANN202
    return lambda text: view.t(text, spec.lang)


# ---------------------------------------------------------------------------- the kinds


register(DocumentKind(
    "booklet",
    title=lambda view, spec, e: f"{_t(view, spec)(view.company.product.name)} · {view.labels(spec.lang)['booklet_title']}",
))

register(DocumentKind(
    "brochure",
    entity=lambda view, spec: view.industries[spec.entity_id],
    title=lambda view, spec, e: f"{_t(view, spec)(e.name)} · {view.labels(spec.lang)['brochure_title']}",
))

register(DocumentKind(
    "battlecard",
    entity=lambda view, spec: view.competitors[spec.entity_id],
    title=lambda view, spec, e: f"{view.labels(spec.lang)['battlecard_title']} · {_t(view, spec)(e.name)}",
))


def _whitepaper_context(view: Project, spec: DocumentSpec, paper: Any) -> dict:  # noqa: ANN401
    # the one sanitising Markdown renderer; Markup so templates need no `| safe`
    body = markdown_html(view.t(paper.body, spec.lang))
    toc = [{"level": int(level), "id": ident, "title": htmllib.unescape(re.sub(r"<[^>]+>", "", text)).strip()}
           for level, ident, text in _HEADING.findall(body)]
    if _pages_of_text(body) < TOC_MIN_PAGES:  # a contents page in front of two pages of text is a page of nothing
        toc = []
    return {"body": Markup(body), "toc": toc}


TOC_MIN_PAGES = 2.5  # a whitepaper gets contents when its text fills this many pages (and has five headings)
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _pages_of_text(body: str) -> float:
    """About how many A4 pages the text of ``body`` (HTML) fills: 3,200 Latin characters a page, a CJK
    character counting as two."""
    plain = htmllib.unescape(re.sub(r"<[^>]+>", " ", body))
    plain = " ".join(plain.split())
    return (len(plain) + len(_WIDE.findall(plain))) / 3200


register(DocumentKind(
    "whitepaper",
    entity=lambda view, spec: view.whitepapers[spec.entity_id],
    title=lambda view, spec, e: _t(view, spec)(e.title),
    context=_whitepaper_context,
))


def _workbook_context(view: Project, spec: DocumentSpec, path: Any) -> dict:  # noqa: ANN401
    lang = spec.lang
    return {
        "quiz": lambda module: training.quiz(view, path, module, lang),
        "cards": lambda module: training.roleplay_cards(view, module),
        "card_title": lambda card: training.card_title(view, card, lang),
    }


register(DocumentKind(
    "workbook",
    entity=lambda view, spec: view.training[spec.entity_id],
    title=lambda view, spec, e: f"{view.labels(spec.lang)['workbook']} · {_t(view, spec)(e.name)}",
    context=_workbook_context,
))


# made by their own builders, which pass what they computed (the proposal, the meeting prep, the
# health report) as extra context
register(DocumentKind("proposal"))  # titled by the proposal builder: the customer's name is in the deal, not the public view
register(DocumentKind(
    "meeting-prep",
    title=lambda view, spec, e: f"{view.labels(spec.lang)['meeting_prep']} · "
                                f"{_t(view, spec)(view.deals[spec.entity_id].customer.name)}",
))
register(DocumentKind(
    "health",
    title=lambda view, spec, e: f"{view.labels(spec.lang)['health']} · {_t(view, spec)(view.company.name)}",
))
