"""The content calendar: its checks, its page, its ICS feed read back; stage signals on playbook
pages and meeting-prep sheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from generator.content.loader import load_project
from generator.outputs.site.pages import generate
from generator.team.calendar import ics, months
from generator.views.audience import view

from .conftest import TODAY

CALENDAR = """\
- id: webinar-rostering
  title: {zh: 排班研讨会, en: Rostering webinar}
  kind: webinar
  date: 2026-12-03
  owner: m@test.example
  status: planned
  channels: [wechat, email]
  produces: [guide]
- id: expo
  title: {zh: 零售展, en: Retail expo}
  kind: event
  date: 2026-11-10
  end: 2026-11-12
  status: done
  summary: {zh: "线索 12 条；下次提前邀约。", en: "12 leads; invite earlier next time."}
- id: someday
  title: {zh: 想法, en: An idea}
  date: 2027-01-15
  status: idea
"""

SIGNALS = """\
    signals:
      - {signal: {zh: 登录减少, en: Fewer logins}, severity: high, action: {zh: 两天内回访, en: Call within two days}}
"""


@pytest.fixture
def planned(project: Path) -> Path:
    (project / "content/calendar.yaml").write_text(CALENDAR, encoding="utf-8")
    playbook = project / "playbooks/ltc.yaml"
    text = playbook.read_text(encoding="utf-8")
    playbook.write_text(text.replace("    use: [temp-workers-cost, public-case]\n",
                                     "    use: [temp-workers-cost, public-case]\n" + SIGNALS), encoding="utf-8")
    return project


def _load(root: Path):  # noqa: ANN202
    project, diags = load_project(root, today=TODAY)
    assert diags.errors == []
    return project


def test_unknown_produces_ids_are_errors_with_a_suggestion(planned: Path):
    path = planned / "content/calendar.yaml"
    path.write_text(CALENDAR.replace("produces: [guide]", "produces: [giude, public-case]"), encoding="utf-8")
    _, diags = load_project(planned, today=TODAY)
    assert [str(d) for d in diags.errors] == [
        "content/calendar.yaml:8:14: 'giude' does not name any content; did you mean 'guide'?"]


def test_calendar_fields_are_checked(planned: Path):
    path = planned / "content/calendar.yaml"
    path.write_text(CALENDAR.replace("status: planned", "status: plannd").replace("end: 2026-11-12", "end: 2026-11-01"),
                    encoding="utf-8")
    _, diags = load_project(planned, today=TODAY)
    assert [str(d) for d in diags.errors] == [
        "content/calendar.yaml:6:11: status: 'plannd' is not one of: idea, planned, in-progress, done, cancelled;"
        " did you mean 'planned'?",
        "content/calendar.yaml:13:8: end: 2026-11-01 is before the date 2026-11-10",
    ]


def test_ics_feed_parses_back_with_plans_and_review_dates(planned: Path):
    project = _load(planned)
    feed = Calendar.from_ical(ics(project, "en"))
    events = {str(e["uid"]): e for e in feed.walk("VEVENT")}
    webinar = events["webinar-rostering@calendar.enablekit"]
    assert str(webinar["summary"]) == "Rostering webinar"
    assert webinar.decoded("dtstart") == dt.date(2026, 12, 3)
    assert webinar.decoded("dtend") == dt.date(2026, 12, 4)
    assert str(webinar["description"]) == "Kind: Webinar\nStatus: Planned\nChannels: wechat, email\nOwner: m@test.example"
    expo = events["expo@calendar.enablekit"]
    assert (expo.decoded("dtstart"), expo.decoded("dtend")) == (dt.date(2026, 11, 10), dt.date(2026, 11, 13))
    assert "someday@calendar.enablekit" not in events  # an idea has no date yet
    review = events["review-personas-cfo@calendar.enablekit"]
    assert str(review["summary"]) == "Review due: CFO"
    assert review.decoded("dtstart") == dt.date(2027, 1, 30)  # reviewed 2026-11-01 + 90 days
    assert str(review["description"]) == "Owner: b@test.example\nenablekit verify cfo"
    reviews = [u for u in events if u.startswith("review-")]
    assert len(reviews) == sum(1 for e in project.entities() if e.kind not in ("deals", "calendar") and e.reviewed)


def test_month_grid_runs_from_the_first_item_or_last_month_to_the_last_item(planned: Path):
    grid = months(_load(planned))
    assert [m.isoformat()[:7] for m, _ in grid] == ["2026-11", "2026-12", "2027-01"]
    november = dict(grid)[dt.date(2026, 11, 1)]
    days = {d.date: [i.id for i in d.items] for week in november for d in week if d.in_month}
    assert days[dt.date(2026, 11, 11)] == ["expo"]
    assert days[dt.date(2026, 11, 13)] == []


def test_calendar_page_greys_the_past_and_shows_the_summary(planned: Path):
    project = view(_load(planned), "internal")
    pages = generate(project, "en").pages
    page = pages["calendar/index.md"]
    assert '<a class="ek-cal-item ek-cal-event ek-cal-status-done ek-past" href="#expo">Retail expo</a>' in page
    assert '<a class="ek-cal-item ek-cal-webinar ek-cal-status-planned" href="#webinar-rostering">' in page
    assert "12 leads; invite earlier next time." in page
    assert "**Produces:** [Rostering guide](../whitepapers/guide.md)" in page
    assert pages["calendar/enablekit.ics"].startswith("BEGIN:VCALENDAR")
    public = generate(view(_load(planned), "public"), "en").pages
    assert not [uri for uri in public if uri.startswith(("calendar/", "health/"))]


def test_signals_on_the_playbook_and_the_meeting_prep(planned: Path):
    pages = generate(view(_load(planned), "internal"), "en").pages
    row = ('| Fewer logins | <span class="ek-severity ek-severity--high">high</span> | Call within two days |')
    assert "### Warning signs" in pages["playbooks/ltc.md"] and row in pages["playbooks/ltc.md"]
    assert "## Warning signs" in pages["deals/big-deal.md"] and row in pages["deals/big-deal.md"]


def test_signals_in_the_meeting_prep_pdf_html(planned: Path):
    from generator.content.schema import Audience
    from generator.outputs.pdf.render import pdf_environment, render_html
    from generator.views import presales
    from generator.views.documents import DocumentSpec

    internal = view(_load(planned), "internal")
    prep = presales.meeting_prep(internal, internal.deals["big-deal"])
    spec = DocumentSpec("meeting-prep", "big-deal", "en", Audience.internal)
    html, _, _ = render_html(pdf_environment(planned), internal, spec, title="Prep", prep=prep)
    assert ('<tr><td>Fewer logins</td><td><span class="badge severity-high">high</span></td>'
            "<td>Call within two days</td></tr>") in html
