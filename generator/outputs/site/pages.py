"""Generate the site's Markdown pages for one language from an audience view.

Every page is a Jinja2 template (``templates/site/*.md.j2``, overridable per project)
rendered with the view and a few helpers. MkDocs turns the Markdown into HTML, search
index, tags and navigation; nothing here writes HTML pages by hand.

Each page is rendered with a traced view and its Markdown kept with what it read
(:mod:`.pagestore`): a build (and each save under ``serve``) renders again only the pages whose
entities, catalog, templates or downloads changed, and tells from the kept ones alone that a
language did not change.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ...answers.library import compliance, trust_answers
from ...content import schema
from ...content.authoring import authoring_page
from ...content.model import SINGULAR, Project
from ...content.schema import Audience, Entity
from ...language.i18n import LANGUAGE_NAMES
from ...markup.escape import attr, inline
from ...render.jinja import environment
from ...views.documents import Download
from ...views.presales import meeting_prep
from ...views.training import card_title, quiz, roleplay_cards
from ..cache import query, traced_query
from .cockpit import calendar_pages, changes_pages, cockpit_nav, health_pages
from .pagestore import PageStore

NAV_LIMIT = 25  # a kind with more entities than this lists only its index page in the navigation
CATEGORIES = typing.get_args(schema.Objection.model_fields["category"].annotation)
TAG_PAGE = 100  # pages listed per page of one tag
LIBRARY_PAGE = 50  # objections per page of the library; past one page, the filter reads library.json

KIND_PAGES = (
    # kind, index page label key
    ("personas", "personas"),
    ("industries", "industries"),
    ("competitors", "competitors"),
    ("objections", "objections"),
    ("cases", "cases"),
    ("playbooks", "playbooks"),
    ("whitepapers", "whitepapers"),
    ("training", "training"),
    ("deals", "deals"),
)
PAGE_TEMPLATE = {
    "personas": "persona.md.j2",
    "industries": "industry.md.j2",
    "competitors": "competitor.md.j2",
    "objections": "objection.md.j2",
    "cases": "case.md.j2",
    "playbooks": "playbook.md.j2",
    "whitepapers": "whitepaper.md.j2",
    "deals": "deal.md.j2",
    "training": "training_path.md.j2",
}


def page_uri(kind: str, ident: str | None = None) -> str:
    if kind == "capabilities":
        return "capabilities.md" if ident is None else f"capabilities.md#{ident}"
    return f"{kind}/index.md" if ident is None else f"{kind}/{ident}.md"


@dataclass
class SitePages:
    pages: dict[str, str] = field(default_factory=dict)  # src_uri → Markdown
    files: dict[str, str] = field(default_factory=dict)  # other generated files (uri → text): library.json
    tags: dict[str, str] = field(default_factory=dict)  # tag → its page (uri), for the tag chips on pages
    tag_names: dict[str, str] = field(default_factory=dict)  # tag → its name in this language, where known
    nav: list[Any] = field(default_factory=list)
    explain: str | None = None  # which pages were generated again and why (None: every one was kept)
    made: list[str] = field(default_factory=list)  # the pages (and files) generated again
    reused: int = 0  # how many were kept
    deferred: list[str] = field(default_factory=list)  # pages given as kept, unchecked (generate's ``later``)


@functools.lru_cache(maxsize=1 << 16)
def relative_path(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` of two paths from the same folder (the docs root), without the two
    calls to ``os.getcwd()`` it makes to turn them absolute (a link on every card of thousands of pages);
    remembered (the pages of a folder link the same pages)."""
    import posixpath

    if not path or not start or path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path, start)
    return posixpath.relpath("/" + path, "/" + start)


class PageContext:
    """What every page template can use: the view, the language, its words, and link helpers."""

    def __init__(self, project: Project, lang: str, directory_urls: bool = True,
                 downloads: list[Download] | None = None):
        self.p = project
        self.lang = lang
        self.directory_urls = directory_urls
        self.downloads = downloads or []
        self.page_uri = "index.md"
        self.L = project.labels(lang)
        self._objection_index: dict[tuple[str, str], list[schema.Objection]] | None = None
        self.store: Any = None  # the pagestore.PageStore of the page being made, which notes the downloads it links

    def t(self, text: Any) -> str:
        return self.p.t(text, self.lang)

    def url(self, entity: Entity) -> str:
        return self.md(page_uri(entity.kind, entity.id))

    def md(self, uri: str) -> str:
        """A relative Markdown link from the current page to the page ``uri`` (a source path from the
        docs root, such as objections/index.md, with an optional #anchor or ?query). Relative links to
        .md files are what every Markdown site engine resolves, not only MkDocs with
        ``absolute_links: relative_to_docs``."""
        import posixpath

        cut = re.search(r"[#?]", uri)
        path, rest = (uri[:cut.start()], uri[cut.start():]) if cut else (uri, "")
        return relative_path(path, posixpath.dirname(self.page_uri) or ".") + rest

    def link(self, entity: Entity | None) -> str:
        if entity is None:
            return Markup("")
        return Markup(f"[{inline(self.t(entity.label))}]({self.url(entity)})")

    categories = CATEGORIES

    def relative(self, uri: str) -> str:
        """The URL of the page ``uri`` (a source path such as objections/p/2.md) from the current page."""
        import posixpath

        def url(src: str) -> str:
            if not self.directory_urls:
                return src[:-3] + ".html"
            stem = src[:-3]
            return "" if stem == "index" else (stem[:-len("index")] if stem.endswith("/index") else stem + "/")

        here = url(self.page_uri)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        target = url(uri)
        rel = relative_path(target or ".", base or ".")
        return rel + "/" if self.directory_urls and target.endswith("/") and rel != "." else (
            "./" if rel == "." else rel)

    def to_root(self) -> str:
        """Relative path from the current page to the top of the whole site (above /<lang>/)."""
        uri = self.page_uri
        if self.directory_urls:
            depth = uri.count("/") + (0 if uri == "index.md" or uri.endswith("/index.md") else 1)
        else:
            depth = uri.count("/")
        if self.lang != self.p.default_language:
            depth += 1
        return "../" * depth

    def documents(self, kind: str | None = None, ident: str | None = None) -> list[list[Download]]:
        """Downloads grouped by document (each group: one file per language), current language first."""
        groups: dict[tuple, list[Download]] = {}
        for d in self.downloads:
            if (kind is None or d.kind == kind) and (ident is None or d.id == ident):
                groups.setdefault((d.kind, d.id), []).append(d)
        order = {lang: i for i, lang in reversed(list(enumerate([self.lang] + self.p.languages)))}  # first wins
        found = [sorted(g, key=lambda d: order.get(d.lang, 99)) for g in groups.values()]
        if self.store is not None:  # a page kept between builds is made again when these change
            self.store.used_documents(kind, ident, found)
        return found

    def download_label(self, d: Download) -> str:
        """What a download is, in a word or two: 'Industry deck', 'Battlecard'…"""
        L, ident = self.L, d.id or ""
        if d.kind == "deck":
            kind = "pitch_deck" if ident.startswith("pitch") else (
                "industry_deck" if ident.startswith("industry-") else "competitive_deck")
            return L[kind]
        return L.get({"booklet": "booklet_title", "brochure": "brochure_title", "battlecard": "battlecard_title",
                      "whitepaper": "whitepaper_title", "workbook": "workbook", "proposal": "proposal_docs",
                      "meeting-prep": "meeting_prep", "answers": "answers_download"}.get(d.kind, ""), d.kind)

    def download_links(self, group: list[Download], label: bool = True) -> str:
        """HTML links to one document's files (raw HTML: the files live outside MkDocs' docs)."""
        L = self.L
        links = []
        for d in group:
            name = LANGUAGE_NAMES.get(d.lang, d.lang)
            deck = d.file.endswith(".pptx")
            one = d.pages == 1
            icon, kind, unit = ("file-powerpoint-box", "PPTX", L["slide_count_one" if one else "slides_count"]) \
                if deck else ("file-pdf-box", "PDF", L["page_count_one" if one else "pages_count"])
            if d.file.endswith(".xlsx"):  # the answer library: its "pages" are answers
                icon, kind, unit = "file-excel-box", "XLSX", L["answers_count"]
            links.append(
                f'<a class="ek-download" href="{attr(self.to_root() + "downloads/" + d.file)}" download '
                f'hreflang="{attr(d.lang)}">{self.icon(icon)} {attr(name)} {kind}</a>'
                f' <small>{d.pages}&nbsp;{attr(unit)}</small>'
            )
        prefix = f"<strong>{attr(self.download_label(group[0]))}</strong> " if label and group else ""
        if group and (group[0].id or "").endswith("-presenter"):
            prefix += f'<span class="ek-tag">{attr(L["presenter_edition"])}</span> '
        return Markup(prefix + " · ".join(links))

    def icon(self, name: str) -> str:
        """A Material Design icon from the theme's bundled set, inline (no emoji extension needed)."""
        return _icon(name)

    def sibling_url(self, ident: str) -> str:
        """A raw HTML link from a kind's index page to one of its pages."""
        return Markup(attr(f"{ident}/" if self.directory_urls else f"{ident}.html"))

    def whitepaper_body(self, paper: schema.Whitepaper) -> str:
        return self.t(paper.body)

    def names(self, kind: str, ids: list[str]) -> list[str]:
        table = self.p.kind(kind)
        return [self.t(table[i].label) for i in ids if i in table]

    @property
    def internal(self) -> bool:
        return self.p.audience is Audience.internal

    def quiz(self, path: schema.TrainingPath, module: schema.Module):  # noqa: ANN201

        return quiz(self.p, path, module, self.lang)

    def cards(self, module: schema.Module):  # noqa: ANN201

        return roleplay_cards(self.p, module)

    def card_title(self, card) -> str:  # noqa: ANN001

        return card_title(self.p, card, self.lang)

    def prep(self, deal: schema.Deal):  # noqa: ANN201

        return meeting_prep(self.p, deal)

    def ref(self, ref: str) -> Entity | None:
        return self.p.find(ref)

    def get(self, kind: str, ident: str | None) -> Any:
        return self.p.kind(kind).get(ident) if ident else None

    def kind_label(self, entity: Entity) -> str:
        return self.L.get(entity.kind, SINGULAR.get(entity.kind, entity.kind))

    def stale(self, entity: Entity) -> bool:
        return self.p.is_stale(entity)

    def due(self, entity: Entity) -> dt.date | None:
        return self.p.review_due(entity)

    def objections(self, *, role: str | None = None, industry: str | None = None,
                   competitor: str | None = None) -> list[schema.Objection]:
        """Objections that apply: an objection with no roles (industries) applies to all of them."""
        return traced_query(self.p, applicable_objections, role, industry, competitor)


@query
def applicable_objections(project: Project, role: str | None, industry: str | None,
                          competitor: str | None) -> list[schema.Objection]:
    """The objections that apply to ``role``, ``industry`` and ``competitor`` (a kept page that lists
    them is made again when one of these changes, not when any objection does)."""
    out = []
    for o in project.objections.values():
        if role and o.roles and role not in o.roles:
            continue
        if industry and o.industries and industry not in o.industries:
            continue
        if competitor and o.competitor != competitor:
            continue
        out.append(o)
    return sorted(out, key=lambda o: o.id)


@functools.cache
def _icon(name: str) -> str:
    import material

    path = Path(material.__file__).parent / "templates" / ".icons" / "material" / f"{name}.svg"
    return Markup(f'<span class="twemoji">{path.read_text(encoding="utf-8").strip()}</span>')


def generate(project: Project, lang: str, *, directory_urls: bool = True,
             downloads: list[Download] | None = None, force: bool = False,
             later: Callable[[str], bool] | None = None, give_way: Callable[[], None] | None = None) -> SitePages:
    """All pages of the site in ``lang``, and its navigation. Which pages there are is worked out from
    the view every time; each page's Markdown is kept between builds with what it read
    (:mod:`.pagestore`) and generated again only when that changed (``force``: every one is).
    ``later(uri)`` (serve, before the reload): a page that reads the whole project, or one only its readers
    see (the objection library's further pages), and is not in view is given as it was kept, unchecked
    (``SitePages.deferred``). ``give_way()`` is called before each page
    (serve, after the reload: it raises when a newer save waits)."""
    ctx = PageContext(project, lang, directory_urls, downloads)
    env = environment(project.root, "site", compiled=project.root / ".enablekit-cache" / "jinja")
    store = PageStore(project, lang, env, directory_urls=directory_urls, force=force, documents=ctx.documents,
                      later=later, give_way=give_way)
    result = SitePages()

    def context(view: Any, uri: str) -> PageContext:  # noqa: ANN401 - a traced view
        page = PageContext(view, lang, directory_urls, downloads)
        page.page_uri, page.store = uri, store
        return page

    def render(uri: str, template: str, place: dict | None = None,
               read: Callable[[Any], dict] | None = None, *, aside: bool = False) -> None:
        """Page ``uri`` from ``template``, given ``place`` (plain data) and what ``read(view)`` reads (``aside``:
        see PageStore.unit)."""

        def make(view: Any) -> dict[str, str]:  # noqa: ANN401
            c = context(view, uri)
            extra = dict(place or {}, **(read(view) if read is not None else {}))
            return {uri: env.get_template(template).render(c=c, p=view, L=c.L, t=c.t, lang=lang, **extra)}

        result.pages.update(store.unit(uri, make, place=[template, place], aside=aside))

    render("index.md", "home.md.j2")
    render("capabilities.md", "capabilities.md.j2")
    for kind, _ in KIND_PAGES:
        ids = sorted(project.kind(kind))
        if not ids:
            continue
        if kind == "objections":
            _library(ctx, render, store, result, ids)
        else:
            render(page_uri(kind), f"{kind}.md.j2", {"ids": ids},
                   lambda view, kind=kind, ids=ids: {"entities": [view.kind(kind)[i] for i in ids]})
        for ident in ids:
            render(page_uri(kind, ident), PAGE_TEMPLATE[kind], None,
                   lambda view, kind=kind, ident=ident: {"e": view.kind(kind)[ident]})
    if project.audience is Audience.internal:  # answer keys exist only for the sales team
        for ident in sorted(project.training):
            render(f"training/{ident}-answers.md", "training_answers.md.j2", None,
                   lambda view, ident=ident: {"e": view.training[ident]})
    _answer_pages(project, render)
    if project.audience is Audience.internal:  # the enablement manager's pages
        _cockpit(project, lang, env, store, context, result)
    _tags(ctx, render, result)  # last: it reads every page's tags
    if ctx.downloads:
        render("collateral.md", "downloads.md.j2")
    if project.audience is not Audience.public:  # customers do not need the authoring guide

        def guide(view: Any) -> dict[str, str]:  # noqa: ANN401
            view.labels(lang)  # what it says comes from the catalog (and the schema: enablekit's code)
            return {"authoring.md": authoring_page(lang, project.root)}

        result.pages.update(store.unit("authoring.md", guide))
    result.nav = _nav(project, ctx, result.pages)
    store.save()
    result.explain = store.summary()
    result.made, result.reused = [name for name, _ in store.made], store.reused
    result.deferred = store.deferred
    return result


def _cockpit(project: Project, lang: str, env: Any, store: PageStore, context: Callable, result: SitePages) -> None:  # noqa: ANN401
    """Content health, the calendar and recent changes. Health compares the languages and reads the git
    history, the changes compare the view with a commit of it: both are kept with what they read in
    every language (and the commit checked out); the calendar shows its language only."""
    from ..cache import TABLES, git_head

    head = git_head(project.root)
    result.pages.update(store.unit(
        "health/index.md", lambda view: health_pages(view, context(view, "health/index.md"), env, lang),
        inputs={"git": head}, whole=True, located=True))
    if project.calendar:
        result.pages.update(store.unit(
            "calendar/index.md", lambda view: calendar_pages(view, context(view, "calendar/index.md"), env, lang)))

    def changes(view: Any) -> dict[str, str]:  # noqa: ANN401
        # the changes compare the view with the project at a commit of the history: they read all of it
        for table in sorted(TABLES):
            view._trace.record(("table", view._audience, table))
        view._trace.record(("attr", view._audience, "company"))
        view._trace.record(("attr", view._audience, "today"))
        return changes_pages(project, context(view, "changes/index.md"), env, lang)

    result.pages.update(store.unit("changes/index.md", changes, inputs={"git": head}, whole=True))


def library_uri(number: int) -> str:
    """Page ``number`` (from 1) of the objection library. Ids have no '/', so p/2 is never an objection."""
    return "objections/index.md" if number == 1 else f"objections/p/{number}.md"


def _library(ctx: PageContext, render: Callable[..., None], store: PageStore, result: SitePages,
             ids: list[str]) -> None:
    """The objection library, LIBRARY_PAGE cards a page. A library of more than one page also gets
    library.json (the facets and short texts of every objection), read by the filter in the browser
    only when a filter is set, so every page stays small and a filter still sees all objections."""
    pages = max(1, -(-len(ids) // LIBRARY_PAGE))
    # its further pages are in no navigation and, with the built-in templates, name no tag: only their readers
    # see them (serve leaves them for after the reload when not in view: a persona's name is on every card)
    own = ctx.p.root / "templates" / "site"
    aside = not any((own / name).exists() for name in ("objections.md.j2", "_macros.md.j2"))
    for number in range(1, pages + 1):
        ctx.page_uri = library_uri(number)
        links = [ctx.relative(library_uri(n)) for n in range(1, pages + 1)]
        shown = ids[(number - 1) * LIBRARY_PAGE:number * LIBRARY_PAGE]
        render(library_uri(number), "objections.md.j2",
               {"ids": shown, "total": len(ids), "page": number, "pages": pages, "page_links": links,
                "rows": "library.json" if pages > 1 and number == 1 else ("../../library.json" if pages > 1 else "")},
               lambda view, shown=shown: {"entities": [view.objections[i] for i in shown]}, aside=aside and number > 1)
    if pages > 1:
        import json

        def rows(view: Any) -> dict[str, str]:  # noqa: ANN401
            c = PageContext(view, ctx.lang, ctx.directory_urls)
            t = c.t
            data = {
                "href": "{id}/" if ctx.directory_urls else "{id}.html",
                "size": LIBRARY_PAGE,
                "names": {
                    "category": {cat: c.L[cat + "_cat"] for cat in CATEGORIES},
                    "role": {i: t(e.name) for i, e in view.personas.items()},
                    "industry": {i: t(e.name) for i, e in view.industries.items()},
                    "competitor": {i: t(e.name) for i, e in view.competitors.items()},
                },
                "rows": [[e.id, t(e.objection), t(e.short), e.category, e.roles, e.industries, e.stages,
                          e.competitor or ""] for e in (view.objections[i] for i in ids)],
            }
            return {"objections/library.json": json.dumps(data, ensure_ascii=False, separators=(",", ":"))}

        result.files.update(store.unit("objections/library.json", rows, place=ids))


def _tags(ctx: PageContext, render: Callable[..., None], result: SitePages) -> None:
    """The tag index: tags.md names every tag with its number of pages; each tag has its own pages
    (tags/<slug>.md, then tags/<slug>/p/N.md), TAG_PAGE entries each, so no page grows with the site."""
    import yaml
    from pymdownx.slugs import slugify

    slug = slugify(case="lower")
    tagged: dict[str, list[tuple[str, str]]] = {}
    for uri, markdown in result.pages.items():
        if not markdown.startswith("---\n"):
            continue
        front = _front_matter(markdown[4:markdown.find("\n---", 4)], yaml.safe_load)
        for tag in front.get("tags") or []:
            tagged.setdefault(str(tag), []).append((uri, str(front.get("title") or uri)))
    for tag in tagged:  # a tag that is the id of a tier, stage, industry, role or competitor: its name
        for kind in ("tiers", "stages", "industries", "personas", "competitors"):
            known = ctx.p.kind(kind).get(tag)
            if known is not None:
                result.tag_names[tag] = ctx.t(getattr(known, "label", None) or known.name)
                break
    used: set[str] = set()
    tags = []
    for tag in sorted(tagged, key=lambda name: (name.lower(), name)):
        base = slug(tag, "-") or "tag"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        result.tags[tag] = f"tags/{name}.md"
        tags.append((result.tag_names.get(tag, tag), f"tags/{name}.md", len(tagged[tag])))
    render("tags.md", "tags.md.j2", {"tags": tags})
    for tag, (shown, uri, _) in zip(sorted(tagged, key=lambda name: (name.lower(), name)), tags, strict=True):
        entries = sorted(tagged[tag], key=lambda entry: entry[1])
        pages = max(1, -(-len(entries) // TAG_PAGE))
        uris = [uri] + [f"{uri[:-3]}/p/{n}.md" for n in range(2, pages + 1)]
        for number, page in enumerate(uris, start=1):
            ctx.page_uri = page
            render(page, "tag.md.j2", {"tag": shown, "total": len(entries), "page": number,
                                       "entries": entries[(number - 1) * TAG_PAGE:number * TAG_PAGE],
                                       "page_links": [ctx.relative(u) for u in uris] if pages > 1 else []})


def _front_matter(text: str, parse: Callable[[str], Any]) -> dict:
    """A page's front matter: the templates write each value as JSON on one line (fast to read back);
    anything else (a project's own template) is read as YAML."""
    import json

    out: dict = {}
    for line in text.splitlines():
        key, sep, value = line.partition(": ")
        try:
            if not sep or key.startswith(" "):
                raise ValueError(line)  # a YAML block
            out[key] = json.loads(value)
        except ValueError:
            return parse(text) or {}
    return out


def _answer_pages(project: Project, render: Callable[..., None]) -> None:
    """The answer library (sales team only) and the trust center (public security and privacy answers)."""
    if project.audience is Audience.internal and project.answers:

        def library(view: Any) -> dict:  # noqa: ANN401
            answers = sorted(view.answers.values(), key=lambda a: (a.category, a.id))
            return {"entities": answers, "categories": list(dict.fromkeys(a.category for a in answers)),
                    "compliance": {a.id: compliance(view, a) for a in answers}}

        render("answers.md", "answers.md.j2", None, library)
    if trust_answers(project):
        render("trust.md", "trust.md.j2", None, lambda view: {"entities": trust_answers(view)})


# The tabs are shown from 76.25em (1220 px) on: at that width, less a scrollbar, about 1,200 px are left
# for them, which tab_width, a little generous, puts at about this much. Measured (Chromium, the theme's
# tab bar, every label catalog): tab_width over the real width by +1.5 to +4.2% for the languages it was
# fitted on (en, fr, es, pt, ko), by +0.5 to +2.9% for de, it, nl, -0.8 to +1.3% for zh, zh-TW, -6.2% for ja
TAB_ROOM = 1210
# what goes under "More" first when the tabs of a language with long names would not fit that room
FOLD_FIRST = ("training", "whitepapers", "playbooks", "deals", "cases", "personas")


def tab_width(label: str) -> float:
    """About how wide (px) the tab ``label`` is in the theme's tab bar (a little more rather than less):
    its padding and each letter's width in the tab's type (a wide CJK or Hangul character, a narrow
    i or l, a wide m or w, a capital)."""
    import unicodedata

    width = 24.0
    for char in label:
        if unicodedata.east_asian_width(char) in "WF":
            width += 10.8
        elif char in "iljtfrI.,'’ ":
            width += 4.2
        elif char in "mwMW":
            width += 11.5
        else:
            width += 9.0 if char.isupper() else 7.4
    return width


def _nav(project: Project, ctx: PageContext, pages: dict[str, str] | None = None) -> list[Any]:
    L = ctx.L
    nav: list[Any] = [{L["home"]: "index.md"}, {L["capabilities"]: "capabilities.md"}]
    kinds: dict[str, dict[str, Any]] = {}
    for kind, label in KIND_PAGES:
        entities = sorted(project.kind(kind).values(), key=lambda e: e.id)
        if not entities:
            continue
        children: list[Any] = [page_uri(kind)]
        if len(entities) <= NAV_LIMIT and kind != "objections":
            children += [{ctx.t(e.label): page_uri(kind, e.id)} for e in entities]
        kinds[kind] = {L[label]: children}
        nav.append(kinds[kind])
    # the team's pages under "More" (with the tag index, the authoring guide and docs/ pages), so every
    # tab fits 1366 px; a public site's trust center is a tab of its own, where customers look for it
    more: list[Any] = []
    if project.audience is Audience.internal and project.answers:
        more.append({L["answer_library"]: "answers.md"})
    if project.answers and _has_trust(project):
        entry = {L["trust_center"]: "trust.md"}
        (nav if project.audience is Audience.public else more).append(entry)
    if ctx.downloads:
        nav.append({L["downloads"]: "collateral.md"})

    more.extend(cockpit_nav(project, ctx, pages))
    more.append({L["tags"]: "tags.md"})
    if project.audience is not Audience.public:
        more.append({L["authoring"]: "authoring.md"})
    # a tab that would not fit the bar (French, Spanish, Portuguese names are long) goes under "More",
    # the sections reps open least first: a tab past the bar's edge is cut off, and the ones after it unreachable
    for kind in FOLD_FIRST:
        if sum(tab_width(next(iter(entry))) for entry in [*nav, {L["more_pages"]: ()}]) <= TAB_ROOM:
            break
        if kind in kinds:
            nav.remove(kinds[kind])
    folded = [entry for entry in kinds.values() if entry not in nav]  # in the tabs' order
    nav.append({L["more_pages"]: folded + more})
    return nav


def _has_trust(project: Project) -> bool:
    return bool(trust_answers(project))


def language_links(project: Project, lang: str) -> list[dict[str, str]]:
    """The language switcher's entries, as paths from this language's site root."""
    default = project.default_language
    out = []
    for other in project.languages:
        if other == lang:
            prefix = ""
        elif lang == default:
            prefix = f"{other}/"
        elif other == default:
            prefix = "../"
        else:
            prefix = f"../{other}/"
        out.append({"lang": other, "name": LANGUAGE_NAMES.get(other, other), "prefix": prefix})
    return out


Renderer = Callable[..., str]
