"""Marketing's content calendar: the month grid and list the site shows, and an ICS feed of the
planned items and of every review due date, for Outlook and Google Calendar."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass

from ..content.model import Project
from ..content.schema import CalendarItem

FEED = "calendar/enablekit.ics"  # where the site publishes the feed, next to the calendar page
_IN_FEED = ("planned", "in-progress", "done")  # ideas are not dates yet; cancelled items are gone
_FEED_KINDS = ("company", "capabilities", "personas", "industries", "competitors", "objections", "cases",
               "whitepapers", "playbooks", "training")


@dataclass
class Day:
    date: dt.date
    in_month: bool
    items: list[CalendarItem]


def items(project: Project) -> list[CalendarItem]:
    return sorted(project.calendar.values(), key=lambda i: (i.date, i.id))


def months(project: Project) -> list[tuple[dt.date, list[list[Day]]]]:
    """Each month from last month (or the first item, if later) to the last item, as weeks (Monday
    first) of days with the items that happen on them (an item with an ``end`` shows on every day
    it lasts). Older items are in the list below the grid."""
    entries = items(project)
    if not entries:
        return []
    last_month = (project.today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    first = max(entries[0].date.replace(day=1), last_month)
    last = max(i.end or i.date for i in entries)
    out = []
    month = first
    grid = _cal.Calendar(firstweekday=0)
    while month <= last:
        weeks = []
        for week in grid.monthdatescalendar(month.year, month.month):
            weeks.append([Day(d, d.month == month.month,
                              [i for i in entries if i.date <= d <= (i.end or i.date)]) for d in week])
        out.append((month, weeks))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def review_dates(project: Project, lang: str) -> list[tuple[str, str, dt.date, str, str | None]]:
    """Every review due date the feed shows: (kind, id, due date, the item's name in ``lang``, owner)."""
    out = []
    for entity in project.entities():
        due = project.review_due(entity) if entity.kind in _FEED_KINDS else None
        if due is not None and due != dt.date.max:
            out.append((entity.kind, entity.id, due, project.t(entity.label, lang), entity.owner))
    return out


def ics(project: Project, lang: str, reviews: list[tuple[str, str, dt.date, str, str | None]] | None = None) -> bytes:
    """The feed: one all-day event per planned (in progress, done) item and per review due date
    (``reviews``: :func:`review_dates`, when it was read already)."""
    from icalendar import Calendar, Event

    labels = project.labels(lang)
    feed = Calendar()
    feed.add("prodid", "-//enablekit//content calendar//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", f"{project.t(project.company.name, lang)} · {labels['calendar']}")
    stamp = dt.datetime.combine(project.today, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for item in items(project):
        if item.status not in _IN_FEED:
            continue
        event = Event()
        event.add("uid", f"{item.id}@calendar.enablekit")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", (item.end or item.date) + dt.timedelta(days=1))  # all-day: DTEND is exclusive
        event.add("summary", project.t(item.title, lang))
        kind = labels.get(f"calendar_kind_{item.item_kind}", item.item_kind)
        status = labels.get(f"calendar_status_{item.status}", item.status)
        details = [f"{labels['calendar_kind']}: {kind}", f"{labels['calendar_status']}: {status}"]
        if item.channels:
            details.append(f"{labels['calendar_channels']}: {', '.join(item.channels)}")
        if item.owner:
            details.append(f"{labels['owner']}: {item.owner}")
        event.add("description", "\n".join(details))
        event.add("categories", [kind])
        event.add("status", "CONFIRMED" if item.status != "in-progress" else "TENTATIVE")
        feed.add_component(event)
    for kind, ident, due, name, owner in review_dates(project, lang) if reviews is None else reviews:
        event = Event()
        event.add("uid", f"review-{kind}-{ident}@calendar.enablekit")
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + dt.timedelta(days=1))
        event.add("summary", labels["calendar_review_due"].format(item=name))
        if owner:
            event.add("description", f"{labels['owner']}: {owner}\nenablekit verify {ident}")
        event.add("categories", [labels["health_due"]])
        feed.add_component(event)
    return feed.to_ical()
