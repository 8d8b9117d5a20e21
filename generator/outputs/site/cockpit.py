"""The enablement manager's pages of the internal site: content health, the content calendar
(with its ICS feed) and what changed. Each page is a template under ``templates/site``; the
pictures and feeds next to them are files of the same site, so every link stays relative."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from typing import Any

from markupsafe import Markup

from ...content.diagnostics import EnablekitError
from ...content.model import Project
from ...content.schema import Audience
from ...language.i18n import LANGUAGE_NAMES, format_date, format_percent
from ...markup.escape import inline
from ...team import calendar, changes, health
from ...team.changes import page_path
from ...team.plot import heatmap, trend_chart
from ..cache import query, traced_query

_TREND_CACHE: dict[tuple, tuple] = {}  # (root, HEAD, today, audience) → trend: once per build, not per language
_HEALTH_CACHE: dict[str, tuple] = {}  # "last" → (view, its health report, HEAD)


def _head(project: Project) -> str:
    try:
        result = subprocess.run(  # noqa: S603
            ["git", "-C", str(project.root), "rev-parse", "-q", "--verify", "HEAD"],  # noqa: S607
            capture_output=True, timeout=30, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.decode().strip()


def health_pages(project: Project, ctx: Any, env: Any, lang: str) -> dict[str, str]:
    """``health/index.md`` and its SVG pictures (internal builds only)."""
    if project.audience is not Audience.internal:
        return {}
    cached = _HEALTH_CACHE.get("last")  # one computation per build: every language reads the same view
    if cached is None or cached[0] is not project:
        _HEALTH_CACHE["last"] = cached = (project, health.compute(_read_whole(project)), _head(project))
    report, head = cached[1], cached[2]
    key = (str(project.root), head, project.today, project.audience)
    if key not in _TREND_CACHE:
        _TREND_CACHE[key] = health.trend(project, limit=12)
    report.trend, report.trend_note = _TREND_CACHE[key]
    L = ctx.L
    brand = project.company.brand.primary
    out: dict[str, str] = {}
    names = {"industries": project.industries, "stages": project.stages, "competitors": project.competitors}
    for matrix in report.matrices:
        table = names[matrix.name]
        general = L["health_general"] if any(matrix.general.values()) else None
        rows = {r: ctx.t(project.personas[r].name) for r in matrix.rows}
        cols = {col: ctx.t(table[col].name) for col in matrix.columns}
        out[f"health/objections-{matrix.name}.svg"] = _drawn(
            project, ("heatmap", matrix, rows, cols, brand, general),
            lambda matrix=matrix, rows=rows, cols=cols, general=general: heatmap(
                matrix, rows.__getitem__, cols.__getitem__, colour=brand, general_label=general),
        )
    if report.trend:
        out["health/trend.svg"] = _drawn(
            project, ("trend", report.trend, report.min_score, brand, L["health_minimum"]),
            lambda: trend_chart(report.trend, report.min_score, colour=brand, minimum_label=L["health_minimum"]),
        )

    def pct(value: float | None) -> str:
        return "—" if value is None else format_percent(value, lang)

    def item_link_id(kind: str, ident: str) -> str:
        if kind == "company":
            return Markup(f"[{inline(ctx.t(project.company.name))}]({ctx.md('index.md')})")
        entity = project.kind(kind).get(ident)
        if kind == "answers" and entity is not None:  # an answer is an entry of the answer library page
            return Markup(f"[{inline(ctx.t(entity.label))}]({ctx.md(f'answers/index.md#{ident}')})")
        return ctx.link(entity) if entity is not None and kind in _PAGED else ident

    def column(kind: str, ident: str) -> Any:
        if kind == "stages":
            for playbook in project.playbooks.values():
                if any(s.id == ident for s in playbook.stages):
                    return _StageRef(playbook, ident, ctx.t(project.stages[ident].name))
        return project.kind(kind).get(ident)

    ctx.page_uri = "health/index.md"
    out["health/index.md"] = env.get_template("health.md.j2").render(
        c=_Links(ctx), p=project, L=L, t=ctx.t, lang=lang, h=report, pct=pct,
        item_link=lambda i: item_link_id(i.kind, i.id), item_link_id=item_link_id, column=column,
        language_name=lambda code: LANGUAGE_NAMES.get(code, code),
    )
    return out


# what the health report reads of a view besides its tables (every item's location: the content's files,
# which the health page's inputs hold)
_READ_WHOLE = ("company", "today", "languages", "default_language")


def _read_whole(project: Any) -> Any:  # noqa: ANN401
    """The view a traced one stands for, every table and what else the health report reads recorded as
    read: the report reads every item, so what it read is all of them; read through the trace, read by
    read, it took four times as long (0.7 s a language at scale 4, after any change)."""
    from ..cache import TABLES, TracedProject

    if not isinstance(project, TracedProject):
        return project
    for table in sorted(TABLES):
        project._trace.record(("table", project._audience, table))
    for name in _READ_WHOLE:
        project._trace.record(("attr", project._audience, name))
    return project._view


def _drawn(project: Project, what: tuple, draw: Any) -> str:
    """The picture ``draw()`` makes, kept in ``.enablekit-cache/plots`` under a hash of everything it
    shows (``what``: the data, the labels, the colour) and of enablekit's code and matplotlib's
    version: drawing one takes a second, and the same data draws the same bytes."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    from ..cache import Uncacheable, code_fingerprint, digest

    try:
        matplotlib = version("matplotlib")
    except PackageNotFoundError:  # pragma: no cover
        matplotlib = "-"
    try:
        key = hashlib.sha256(f"{code_fingerprint()}|{matplotlib}|{digest(what)}".encode()).hexdigest()[:32]
    except Uncacheable:  # pragma: no cover - plain data; drawn every time if it ever is not
        return draw()
    path = project.root / ".enablekit-cache" / "plots" / f"{key}.svg"
    try:
        svg = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    else:
        try:
            os.utime(path)  # used now: kept when the folder is pruned
        except OSError:
            pass
        return svg
    svg = draw()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(svg, encoding="utf-8")
        os.replace(tmp, path)
        kept = sorted(path.parent.glob("*.svg"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEPT_PLOTS:]:  # the pictures of older data
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a project one may not write to: drawn again next time
    return svg


KEPT_PLOTS = 64  # pictures kept in .enablekit-cache/plots (a build draws 4 per audience)


_PAGED = ("capabilities", "personas", "industries", "competitors", "objections", "cases", "whitepapers",
          "playbooks", "training")


class _StageRef:
    """A playbook stage as a link target: the stage's heading on its playbook's page."""

    kind = "playbooks"

    def __init__(self, playbook: Any, stage_id: str, name: str):
        self.playbook, self.stage_id, self.name = playbook, stage_id, name


class _Links:
    """The page context, with links to playbook stages as well as to entities."""

    def __init__(self, ctx: Any):
        self._ctx = ctx

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx, name)

    def link(self, entity: Any) -> str:
        if isinstance(entity, _StageRef):
            return Markup(f"[{inline(entity.name)}]({self._ctx.md(f'playbooks/{entity.playbook.id}.md#{entity.stage_id}')})")
        return self._ctx.link(entity)


def cockpit_nav(project: Project, ctx: Any, pages: dict[str, str] | None = None) -> list[Any]:  # noqa: ANN401
    """The navigation entries of these pages (the internal site only); ``pages``: the pages generated,
    which tell whether there is a page of recent changes without reading the history again."""
    if project.audience is not Audience.internal:
        return []
    nav: list[Any] = [{ctx.L["health"]: "health/index.md"}]
    if project.calendar:
        nav.append({ctx.L["calendar"]: "calendar/index.md"})
    if ("changes/index.md" in pages) if pages is not None else (_recent_changes(project) is not None):
        nav.append({ctx.L["changes"]: "changes/index.md"})
    return nav


def calendar_pages(project: Project, ctx: Any, env: Any, lang: str) -> dict[str, str]:
    """``calendar/index.md`` (month grid, list, follow-up summaries) and its ICS feed."""
    from babel.dates import get_day_names


    if project.audience is not Audience.internal or not project.calendar:
        return {}
    try:
        names = get_day_names("abbreviated", locale=lang.replace("-", "_"))
    except Exception:  # noqa: BLE001 - an unknown locale still gets a grid
        names = get_day_names("abbreviated", locale="en")
    ctx.page_uri = "calendar/index.md"
    page = env.get_template("calendar.md.j2").render(
        c=ctx, p=project, L=ctx.L, t=ctx.t, lang=lang, months=calendar.months(project), items=calendar.items(project),
        weekdays=[names[i] for i in range(7)], feed=calendar.FEED.rpartition("/")[2],
    )
    reviews = traced_query(project, review_dates, lang)  # not every item: an answer's edit leaves the feed as it was
    return {"calendar/index.md": page, calendar.FEED: calendar.ics(project, lang, reviews).decode("utf-8")}


@query
def review_dates(project: Project, lang: str) -> list:
    """The review due dates the calendar's feed shows (:func:`calendar.review_dates`), read as one query."""
    return calendar.review_dates(project, lang)


CHANGES_DAYS = 30  # the site's "what changed" page looks this far back
_CHANGES_CACHE: dict[str, tuple[Project, Any]] = {}


def _recent_changes(project: Project) -> tuple[list, Any] | None:
    """The changes of the last CHANGES_DAYS days and the commit they start from; None outside git,
    or when the history does not reach back that far or cannot be read."""
    # one computation per build (every language uses the same view); the working tree is one side,
    # so a new build (serve after an edit) computes again
    cached = _CHANGES_CACHE.get("last")
    if cached is None or cached[0] is not project:
        try:
            found = changes.since_revision(project, None, project.audience.value)
        except EnablekitError:
            found = None
        _CHANGES_CACHE["last"] = cached = (project, found)
    return cached[1]


def changes_pages(project: Project, ctx: Any, env: Any, lang: str) -> dict[str, str]:
    """``changes/index.md`` (what changed in the last 30 days, by team) and its Atom feed."""
    if project.audience is not Audience.internal:
        return {}
    found = _recent_changes(project)
    if found is None:
        return {}
    items, commit = found

    ctx.page_uri = "changes/index.md"
    page = env.get_template("changes.md.j2").render(
        c=ctx, p=project, L=ctx.L, t=ctx.t, lang=lang, groups=changes.grouped(items), commit=commit,
        since=format_date(commit.date, lang), feed="feed.xml",
    )
    return {"changes/index.md": page, "changes/feed.xml": atom(project, items, commit, lang, ctx.L)}


def atom(project: Project, items: list, commit: Any, lang: str, L: Any) -> str:
    """An Atom feed with one entry per change; links are relative to the feed (the site's address
    is not known at build time, and the site works offline)."""
    from lxml import etree

    ns = "http://www.w3.org/2005/Atom"
    updated = dt.datetime.combine(project.today, dt.time(0, 0), tzinfo=dt.timezone.utc).isoformat()
    feed = etree.Element(f"{{{ns}}}feed", nsmap={None: ns})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    etree.SubElement(feed, f"{{{ns}}}id").text = f"urn:enablekit:changes:{commit.sha}"
    etree.SubElement(feed, f"{{{ns}}}title").text = f"{project.t(project.company.name, lang)} · {L['changes']}"
    etree.SubElement(feed, f"{{{ns}}}updated").text = updated
    author = etree.SubElement(feed, f"{{{ns}}}author")
    etree.SubElement(author, f"{{{ns}}}name").text = project.t(project.company.name, lang)
    for change in items:
        entry = etree.SubElement(feed, f"{{{ns}}}entry")
        etree.SubElement(entry, f"{{{ns}}}id").text = f"urn:enablekit:{commit.sha}:{change.action}:{change.kind}:{change.id}"
        title = f"{L['changes_' + change.action]}: {project.t(change.label, lang)}"
        etree.SubElement(entry, f"{{{ns}}}title").text = title
        etree.SubElement(entry, f"{{{ns}}}updated").text = updated
        path = page_path(change)
        if path:
            etree.SubElement(entry, f"{{{ns}}}link", href="../" + path)
        diffs = change.diffs_in(lang, project.default_language)
        lines = [f"{op} {text}" for diff in diffs.values() for op, text in diff if op != " "]
        summary = ", ".join(change.fields) if change.fields else L.get(change.kind, change.kind)
        etree.SubElement(entry, f"{{{ns}}}summary").text = "\n".join([summary, *lines])
        etree.SubElement(entry, f"{{{ns}}}category", term=change.kind)
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True).decode("utf-8")
