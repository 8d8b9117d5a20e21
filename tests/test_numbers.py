"""Charts that tell the truth: results and KPIs carry their numbers as data (before, after, unit,
better), charts plot only those, and ``check`` names every value whose numbers no chart can use."""

from __future__ import annotations

import shutil
import textwrap

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_TICK_LABEL_POSITION

from generator import build, load_project
from generator.language.i18n import labels
from generator.outputs.deck.writer import relative_change

from .conftest import FIXTURES, ROOT, TODAY


def charts(deck):
    """(slide title, chart) of every chart in a deck."""
    prs = Presentation(str(deck))
    return [(slide.shapes.title.text_frame.text, shape.chart)
            for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def tiles(deck, title: str) -> list[str]:
    """The big-number tiles on the slides with this title: value, label and further lines."""
    prs = Presentation(str(deck))
    values = [shape.text_frame.text for slide in prs.slides if slide.shapes.title.text_frame.text == title
              for shape in slide.shapes if shape.name == "Tile value"]
    labels = [shape.text_frame.text for slide in prs.slides if slide.shapes.title.text_frame.text == title
              for shape in slide.shapes if shape.name == "Tile label"]
    return [f"{v}\n{label}".replace("\xa0", " ") for v, label in zip(values, labels, strict=True)]


def slide_texts(deck, title: str) -> list[str]:
    """The text of every shape on the slides with this title."""
    prs = Presentation(str(deck))
    return [shape.text_frame.text for slide in prs.slides if slide.shapes.title.text_frame.text == title
            for shape in slide.shapes if shape.has_text_frame]


def headline(project, case, lang: str) -> tuple[str, float] | None:
    """What the chart must show for a case, worked out here from the content, not by the builder:
    its first result that gives before and after, as (category, relative change in %)."""
    for r in case.results:
        if r.before is not None and r.after is not None and r.before != 0:
            change = round((r.after - r.before) / abs(r.before) * 100, 1)
            return f"{project.t(case.customer, lang)}\n{project.t(r.metric, lang)}", change
    return None


# ----------------------------------------------------------------------------- the example


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    project, diags = load_project(ROOT, today=TODAY)
    out = build(ROOT, out=tmp_path_factory.mktemp("ex12") / "out", only=["deck"], today=TODAY).out / "downloads"
    return project, diags, out


def test_every_chart_plots_exactly_the_numbers_of_its_cases(example):
    project, _, out = example
    public = sorted((c for c in project.cases.values() if c.effective_audience.value == "public"), key=lambda c: c.id)
    sources = {"pitch": public}
    for ident, industry in project.industries.items():
        sources[f"industry-{ident}"] = [c for c in public if c.id in industry.cases]
    checked = 0
    for stem, cases in sources.items():
        for lang in project.languages:
            expected = [h for h in (headline(project, c, lang) for c in cases) if h]
            for suffix in ("", "-presenter"):
                found = charts(out / f"{stem}{suffix}.{lang}.pptx")
                if len(expected) < 2:
                    assert found == [], (stem, lang)
                    continue
                assert len(found) == 1, (stem, lang)
                plot = found[0][1].plots[0]
                assert list(zip(plot.categories, plot.series[0].values, strict=True)) == expected
                checked += 1
    assert checked == 4  # the pitch deck and its presenter edition, in zh and en


def test_the_pitch_chart_shows_the_cases_own_numbers(example):
    _, _, out = example
    (title, chart), = charts(out / "pitch.en.pptx")
    plot = chart.plots[0]
    assert title == "Results at customers"
    assert list(plot.categories) == [
        "Chengwei Restaurants\nUnderstaffing at lunch and dinner peaks",  # 18% → 10.6%, not "18"
        "Sutong Logistics\nMonthly payroll cycle",  # 6 days → 1 day
        "Xianfeng Supermarket\nWeekly scheduling time per store manager",  # 6 h → 1.7 h
    ]
    assert list(plot.series[0].values) == [-41.1, -83.3, -71.7]
    assert chart.chart_title.text_frame.text == "Change vs. before, %"
    # each value written by us in the deck's language (never the viewer's system decimal separator), whole
    # percents from 5 % up; the names right of the zero line when every bar runs left, clear of the values
    assert [point.data_label.text_frame.text for point in plot.series[0].points] == ["−41%", "−83%", "−72%"]
    assert chart.category_axis.tick_label_position == XL_TICK_LABEL_POSITION.HIGH


def test_no_chart_in_any_deck_has_fewer_than_two_points(example):
    _, _, out = example
    decks = sorted(out.glob("*.pptx"))
    assert len(decks) > 20
    for deck in decks:
        for title, chart in charts(deck):
            values = [v for v in chart.plots[0].series[0].values if v is not None]
            assert len(values) >= 2, (deck.name, title)


def test_a_single_point_is_no_one_bar_chart_and_no_figure_twice(example):
    _, _, out = example
    # the restaurant deck's only public case is Chengwei: one number, no one-bar chart; its -41% is the
    # industry's first KPI tile already, so it is not shown again as the case's result
    for deck in ("industry-restaurants.en.pptx", "industry-restaurants.zh.pptx"):
        assert charts(out / deck) == []
        prs = Presentation(str(out / deck))
        figures = [sh.text_frame.text for slide in prs.slides for sh in slide.shapes
                   if sh.name in ("Tile value", "Hero value", "Result value")]
        assert sum("41%" in f for f in figures) == 1, figures
    assert tiles(out / "industry-restaurants.en.pptx", "Results at customers")[0] == \
        "−41%\nUnderstaffing at lunch and dinner peaks\nChengwei Restaurants 2025 project review"  # where it was measured


def test_every_example_value_with_numbers_gives_them_as_data(example):
    """The example gives before/after wherever a value states numbers, so check has nothing to say."""
    project, diags, _ = example
    assert [str(d) for d in diags.warnings if d.code == "numbers"] == []
    structured = [r for c in project.cases.values() for r in c.results if r.before is not None]
    structured += [k for i in project.industries.values() for k in i.kpis if k.before is not None]
    assert len(structured) == 36 and all(r.unit and r.better for r in structured)


# ----------------------------------------------------------------------------- small projects


@pytest.fixture
def project(tmp_path):
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", target)
    return target


def write(path, text: str) -> None:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def public_case(project, ident: str, customer: str, results: str) -> None:
    write(project / f"content/cases/{ident}.yaml", f"""
        customer: {customer}
        industry: retail
        audience: public
        owner: f@test.example
        reviewed: 2026-11-01
        results:
        {textwrap.indent(textwrap.dedent(results).strip(), "        ").lstrip()}
    """)


def pitch(project, tmp_path, lang: str = "en"):
    return build(project, out=tmp_path / "out", audience="public", only=["deck"], today=TODAY).out \
        / "downloads" / f"pitch.{lang}.pptx"


def test_minus_41_percent_is_plotted_as_minus_41_1(project, tmp_path):
    public_case(project, "public-case", "Chengwei", """
        - metric: Peak-hour understaffing
          value: "-41% (18% → 10.6%)"
          before: 18
          after: 10.6
          unit: "%"
          better: lower
    """)
    public_case(project, "second-case", "Sutong", """
        - metric: Payroll cycle
          value: "6 days → 1 day"
          before: 6
          after: 1
          unit: days
          better: lower
    """)
    (_, chart), = charts(pitch(project, tmp_path))
    plot = chart.plots[0]
    assert list(plot.categories) == ["Chengwei\nPeak-hour understaffing", "Sutong\nPayroll cycle"]
    assert list(plot.series[0].values) == [-41.1, -83.3]  # relative change, one decimal; never 18 or 41
    assert relative_change(18, 10.6) == -41.1


def test_the_colour_says_whether_it_improved(project, tmp_path):
    public_case(project, "public-case", "A", """
        - {metric: Understaffing, value: "18% → 10.6%", before: 18, after: 10.6, unit: "%", better: lower}
    """)
    public_case(project, "second-case", "B", """
        - {metric: Coverage, value: "95% → 90%", before: 95, after: 90, unit: "%", better: higher}
    """)
    public_case(project, "third-case", "C", """
        - {metric: Queries, value: "40 → 50", before: 40, after: 50}
    """)
    deck = pitch(project, tmp_path)
    (_, chart), = charts(deck)
    series = chart.plots[0].series[0]
    assert list(series.values) == [-41.1, -5.3, 25.0]
    colours = [str(series.points[i].format.fill.fore_color.rgb) for i in range(3)]
    assert colours == ["123456", "B3261E", "6B7280"]  # brand primary = improvement; red = none; grey = not said
    key = next(t for t in slide_texts(deck, "Results at customers") if t.startswith("Relative change"))
    assert key == "Relative change: (after − before) ÷ before   ■ improvement   ■ no improvement   ■ direction not stated"


def test_a_few_improvements_pointing_both_ways_are_figures_not_a_chart(project, tmp_path):
    """A time down and a share up, both better: bars to the left and to the right would read as a
    contradiction, so each case's figure is a tile."""
    public_case(project, "public-case", "A", """
        - {metric: Understaffing, value: "18% → 10.6%", before: 18, after: 10.6, unit: "%", better: lower}
    """)
    public_case(project, "second-case", "B", """
        - {metric: Coverage, value: "90% → 95%", before: 90, after: 95, unit: "%", better: higher}
    """)
    deck = pitch(project, tmp_path)
    assert charts(deck) == []
    assert tiles(deck, "Results at customers") == ["18% → 10.6%\nUnderstaffing\nA", "90% → 95%\nCoverage\nB"]


def test_with_fewer_than_two_points_every_case_is_a_tile_of_its_display_value(project, tmp_path):
    # the fixture's case has numbers (one point); this one has none: no chart, a tile for each
    public_case(project, "second-case", "Other customer", """
        - {metric: Onboarding, value: "1 day → 2 hours"}
    """)
    deck = pitch(project, tmp_path)
    assert charts(deck) == []
    assert tiles(deck, "Results at customers") == ["−50%\nRoster time\nPublic customer",
                                                    "1 day → 2 hours\nOnboarding\nOther customer"]


def test_without_numbers_there_is_no_chart(project, tmp_path):
    public_case(project, "public-case", "Public customer", """
        - {metric: Roster time, value: "-50%"}
        - {metric: Payroll, value: "-30%"}
    """)
    public_case(project, "second-case", "Other customer", """
        - {metric: Onboarding, value: "-70%"}
    """)
    deck = pitch(project, tmp_path)
    assert charts(deck) == []
    assert tiles(deck, "Results at customers") == ["−50%\nRoster time\nPublic customer", "−70%\nOnboarding\nOther customer"]


def test_many_cases_continue_on_a_second_chart_never_a_chart_of_one(project, tmp_path):
    for n in range(9):
        public_case(project, f"case-{n}", f"Customer {n}", f"""
            - {{metric: Time, value: "{n + 2} h → 1 h", before: {n + 2}, after: 1, unit: h, better: lower}}
        """)
    found = charts(pitch(project, tmp_path))
    assert [(title, len(chart.plots[0].categories)) for title, chart in found] == [
        ("Results at customers", 5), ("Results at customers (continued)", 5),
    ]  # ten bars (with the fixture's own case): 5 + 5, never 8 + 2


# ----------------------------------------------------------------------------- check


def test_check_warns_about_numbers_no_chart_can_use(project):
    write(project / "content/cases/x.yaml", """
        customer: X
        industry: retail
        audience: public
        owner: f@test.example
        reviewed: 2026-11-01
        results:
          - metric: {zh: 高峰缺岗率, en: Peak-hour understaffing}
            value: "-41% (18% → 10.6%)"
          - metric: {zh: 员工满意度, en: Employee satisfaction}
            value: {zh: 明显提高, en: clearly higher}
          - metric: {zh: 算薪周期, en: Payroll cycle}
            value: {zh: "6 天 → 1 天", en: "6 days → 1 day"}
          - metric: Queries
            value: "0 → 5"
            before: 0
            after: 5
          - metric: Coverage
            value: "90% → 95%"
            before: 90
            after: 95
    """)
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.warnings if d.code == "numbers"] == [
        "content/cases/x.yaml:8:12: warning: result 'Peak-hour understaffing' has numbers in its value but no"
        " 'before'/'after': charts leave it out (add before, after, unit, better)",
        "content/cases/x.yaml:12:12: warning: result 'Payroll cycle' has numbers in its value but no"
        " 'before'/'after': charts leave it out (add before, after, unit, better)",
        "content/cases/x.yaml:15:13: warning: result 'Queries' has 'before: 0': a change from 0 has no"
        " percentage, so charts leave it out",
        "content/cases/x.yaml:17:5: warning: result 'Coverage' has no 'better' (lower or higher):"
        " charts cannot tell whether it improved",
    ]


def test_check_warns_about_kpis_too(project):
    industry = project / "content/industries/retail.yaml"
    industry.write_text(industry.read_text(encoding="utf-8") + textwrap.dedent("""
        kpis:
          - {name: {zh: 排班耗时, en: Time on rosters}, value: "-72%"}
          - {name: Payroll, value: "5 days → 1.5 days", before: 5, after: 1.5, unit: days, better: lower}
    """), encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.warnings if d.code == "numbers" and "industries" in str(d)] == [
        "content/industries/retail.yaml:9:52: warning: KPI 'Time on rosters' has numbers in its value but no"
        " 'before'/'after': charts leave it out (add before, after, unit, better)",
    ]


@pytest.mark.parametrize(("numbers", "message"), [
    ("before: 18", "'before' without 'after': give both numbers, or neither"),
    ("after: 10.6", "'after' without 'before': give both numbers, or neither"),
    ("before: 18, after: 10.6, better: down", "better: 'down' is not one of: lower, higher"),
    ("before: lots, after: 10.6", "number"),
])
def test_numbers_that_cannot_be_charted_are_errors(project, numbers, message):
    case = project / "content/cases/public-case.yaml"
    text = case.read_text(encoding="utf-8")
    assert 'value: "-50%", before: 4, after: 2, unit: h, better: lower}' in text
    case.write_text(text.replace('before: 4, after: 2, unit: h, better: lower}', f"{numbers}}}"), encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    errors = [str(d) for d in diags.errors if d.location.path == "content/cases/public-case.yaml"]
    assert len(errors) == 1 and message in errors[0] and errors[0].startswith("content/cases/public-case.yaml:7:"), \
        errors


def test_every_catalog_labels_the_chart():
    for lang in ("en", "zh", "ja", "de"):
        words = labels(lang)
        for key in ("change_vs_before", "change_explained", "change_better", "change_not_better",
                    "change_unrated", "percent_value"):
            assert words[key] and (words[key] != labels("en")[key] or lang == "en" or key == "percent_value"), \
                (lang, key)
        assert "%" in words["change_vs_before"] and "{value}" in words["percent_value"]


def test_a_change_is_written_in_the_decks_language_and_never_rounded_to_all_gone():
    from types import SimpleNamespace

    from generator.outputs.deck.writer import Deck

    spanish = SimpleNamespace(L={"percent_value": "{value} %"}, lang="es")
    english = SimpleNamespace(L={"percent_value": "{value}%"}, lang="en")
    assert [Deck._change_text(spanish, c) for c in (-99.5, -100.0, -87.96, 16.2, -2.35)] == [
        "−99,5 %", "−100 %", "−88 %", "+16 %", "−2,4 %"]
    assert Deck._change_text(english, -2.35) == "−2.4%"
