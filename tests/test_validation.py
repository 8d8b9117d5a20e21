"""Every kind of content error, with its exact message and position."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.content.loader import load_project

from .conftest import TODAY


def problems(project: Path, *, warnings: bool = False) -> list[str]:
    _, diags = load_project(project, today=TODAY)
    items = diags if warnings else diags.errors
    return sorted(str(d) for d in items) if warnings else [str(d) for d in sorted(items, key=lambda d: d.sort_key())]


def write(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_valid_fixture_has_no_errors(project):
    assert problems(project) == []


def test_valid_fixture_warnings(project):
    assert problems(project, warnings=True) == [
        "content/personas/cfo.yaml:9:5: warning: no 'en' translation (falls back to 'zh')",
        "content/personas/store-manager.yaml:6:11: warning: persona 'store-manager' is stale:"
        " last reviewed 2026-05-01, review was due 2026-07-30",
    ]


def test_unknown_field_suggests_the_right_one(project):
    write(project, "content/personas/ceo.yaml", "name: CEO\nrole_in_decision: decides\nmesaging: hi\n")
    assert problems(project) == ["content/personas/ceo.yaml:3:1: unknown field 'mesaging'; did you mean 'messaging'?"]


def test_nested_unknown_field(project):
    write(
        project,
        "content/competitors/other.yaml",
        "name: Other\nwhy_we_win:\n  - {title: a, bdy: b}\n",
    )
    assert problems(project) == ["content/competitors/other.yaml:3:16: unknown field 'bdy'; did you mean 'body'?"]


def test_wrong_choice_suggests_the_right_one(project):
    write(project, "content/personas/ceo.yaml", "name: CEO\nrole_in_decision: decide\n")
    assert problems(project) == [
        "content/personas/ceo.yaml:2:19: role_in_decision: 'decide' is not one of:"
        " decides, influences, uses, relays, procures; did you mean 'decides'?"
    ]


def test_wrong_types(project):
    write(project, "content/personas/ceo.yaml", "name: CEO\nrole_in_decision: decides\ncares_about: money\ntitles: {a: b}\n")
    assert problems(project) == [
        "content/personas/ceo.yaml:3:14: cares_about: expected a list, got str",
        "content/personas/ceo.yaml:4:9: titles: expected a list, got a mapping",
    ]


def test_missing_required_field(project):
    write(project, "content/personas/ceo.yaml", "name: CEO\n")
    assert problems(project) == ["content/personas/ceo.yaml:1:1: missing required field 'role_in_decision'"]


def test_bad_dates(project):
    write(project, "content/personas/ceo.yaml", "name: CEO\nrole_in_decision: decides\nreviewed: 2026-02-30\n")
    write(project, "content/personas/cmo.yaml", "name: CMO\nrole_in_decision: decides\nreviewed: last week\n")
    assert problems(project) == [
        "content/personas/ceo.yaml:3:11: invalid date '2026-02-30': day is out of range for month",
        "content/personas/cmo.yaml:3:11: reviewed: invalid date 'last week': use YYYY-MM-DD",
    ]


def test_invalid_id(project):
    write(project, "content/objections/more.yaml", "- id: Bad Id\n  objection: x\n  short: y\n")
    assert problems(project) == [
        "content/objections/more.yaml:1:7: id: invalid id 'Bad Id': use lowercase letters, digits, '-' and '_'"
    ]


def test_duplicate_ids(project):
    write(project, "content/objections/more.yaml", "- id: too-slow-rollout\n  objection: x\n  short: y\n")
    assert problems(project) == [
        "content/objections/price.yaml:12:7: duplicate objection id 'too-slow-rollout'"
        " (first defined at content/objections/more.yaml:1:7)"
    ]


def test_unknown_references_suggest_close_ids(project):
    write(
        project,
        "content/objections/more.yaml",
        "- id: x\n  objection: x\n  short: y\n  roles: [cfoo]\n  industries: [retail, banking]\n"
        "  competitor: rivel\n  stages: [proposl]\n",
    )
    assert problems(project) == [
        "content/objections/more.yaml:4:11: unknown persona 'cfoo'; did you mean 'cfo'?",
        "content/objections/more.yaml:5:24: unknown industry 'banking' (industries: retail; to add 'banking',"
        " create content/industries/banking.yaml)",
        "content/objections/more.yaml:6:15: unknown competitor 'rivel'; did you mean 'rival'?",
        "content/objections/more.yaml:7:12: unknown playbook stage 'proposl'; did you mean 'proposal'?",
    ]


def test_generic_references(project):
    write(project, "playbooks/other.yaml", "name: x\nstages:\n  - {id: s, name: s, use: [public-cas, 'cases:nope', 'bogus:x']}\n")
    assert problems(project) == [
        "playbooks/other.yaml:3:28: 'public-cas' does not name any content; did you mean 'public-case'?",
        "playbooks/other.yaml:3:40: unknown case 'nope' (cases: internal-case, public-case; to add 'nope', create"
        " content/cases/nope.yaml)",
        "playbooks/other.yaml:3:54: unknown kind 'bogus' in 'bogus:x'",
    ]


def test_mapping_keys_are_references(project):
    write(project, "content/competitors/other.yaml", "name: O\ncomparison:\n  rostring: {us: yes, them: no}\n")
    assert problems(project) == [
        "content/competitors/other.yaml:3:3: unknown capability 'rostring'; did you mean 'rostering'?"
    ]


def test_value_proof_names_a_case_or_is_a_sentence(project):
    text = (project / "content/company.yaml").read_text(encoding="utf-8")
    write(project, "content/company.yaml", text.replace("proof: [public-case,", "proof: [publik-case,"))
    assert problems(project) == [
        "content/company.yaml:14:15: unknown case 'publik-case'; did you mean 'public-case'?"
        " (write a metric as a sentence, or name a case id)"
    ]


def test_paths_must_stay_inside_the_project(project):
    text = (project / "content/company.yaml").read_text(encoding="utf-8")
    for logo, message in [
        ("../../etc/passwd", "'../../etc/passwd' leaves the project; only files inside it are read"),
        ("/etc/passwd", "'/etc/passwd' is an absolute path; use a path inside the project"),
        ("file:///etc/passwd", "'file:///etc/passwd' is a URL; only files inside the project are read"),
        ("assets/nope.svg", "'assets/nope.svg' does not exist (looked for content/assets/nope.svg)"),
    ]:
        write(project, "content/company.yaml", text.replace("logo: assets/logo.svg", f"logo: {logo!r}"))
        assert problems(project) == [f"content/company.yaml:6:54: logo: {message}"]


def test_audience_can_only_narrow(project):
    write(
        project,
        "content/competitors/other.yaml",
        "name: O\nstrengths:\n  - {text: fine, audience: public}\n",
    )
    assert problems(project) == [
        "content/competitors/other.yaml:3:28: audience 'public' is wider than its parent's 'internal':"
        " a part can only narrow its audience"
    ]


def test_unknown_language_in_text(project):
    write(project, "content/personas/ceo.yaml", "name: {zh: 老板, eN: Boss}\nrole_in_decision: decides\n")
    assert problems(project) == [
        "content/personas/ceo.yaml:1:16: unknown language 'eN'; did you mean 'en'? (languages: zh, en)"
    ]


def test_unquoted_comma_in_flow_mapping_explains_itself(project):
    write(project, "content/personas/ceo.yaml", "name: {zh: 老板, en: Boss, the owner}\nrole_in_decision: decides\n")
    assert problems(project) == [  # at the comma, with the fix to paste
        "content/personas/ceo.yaml:1:24: this comma splits the 'en' text: inside {…} a comma starts a new entry;"
        ' put the text in quotes: en: "Boss, the owner"'
    ]
    # two split texts that share a word: one message, not a missing text and a duplicate key as well
    write(project, "content/personas/ceo.yaml", "name: {zh: 老板, PDG, en: Boss, PDG}\nrole_in_decision: decides\n")
    assert problems(project) == [
        "content/personas/ceo.yaml:1:14: this comma splits the 'zh' and 'en' texts: inside {…} a comma starts a"
        ' new entry; put the text in quotes: zh: "老板, PDG", en: "Boss, PDG"'
    ]


def test_quiz_answer_out_of_range_and_rule_matching_nothing(project):
    write(
        project,
        "playbooks/training/more.yaml",
        "name: x\nmodules:\n  - id: m\n    name: m\n    quiz:\n"
        "      - {q: a, choices: [x, y], answer: 2}\n"
        "      - {from_objections: {roles: [store-manager], category: security}}\n",
    )
    assert problems(project) == [
        "playbooks/training/more.yaml:6:41: answer 2 is out of range: there are 2 choices, numbered 0 to 1",
        "playbooks/training/more.yaml:7:27: from_objections matches no objection",
    ]


def test_roleplay_names_an_unknown_persona(project):
    path = project / "playbooks/training/onboarding.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("persona: cfo", "persona: cfoo"), encoding="utf-8")
    assert problems(project) == ["playbooks/training/onboarding.yaml:14:18: unknown persona 'cfoo'; did you mean 'cfo'?"]


def test_every_error_is_reported_at_once(project):
    write(project, "content/personas/a.yaml", "name: A\nrole_in_decision: nope\n")
    write(project, "content/personas/b.yaml", "name: [unclosed\n")
    write(project, "content/cases/c.yaml", "customer: C\nindustry: retial\n")
    assert problems(project) == [
        "content/cases/c.yaml:2:11: unknown industry 'retial'; did you mean 'retail'?",
        "content/personas/a.yaml:2:19: role_in_decision: 'nope' is not one of: decides, influences, uses, relays, procures",
        "content/personas/b.yaml:1:1: missing required field 'role_in_decision'",  # the rest of the file is read too
        "content/personas/b.yaml:1:7: this list '[' is not closed with ']' (or an item is missing a comma)",
    ]


def test_binary_file_is_an_error_not_a_crash(project):
    (project / "content/personas/junk.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert problems(project) == ["content/personas/junk.yaml:1:1: file is binary (contains NUL bytes), not UTF-8 text"]


def test_whitepaper_front_matter_errors_have_positions(project):
    write(project, "content/whitepapers/bad.md", "---\ntitle: x\nindustries: [retial]\n---\nbody\n")
    write(project, "content/whitepapers/bad.fr.md", "corps\n")
    assert problems(project) == [
        "content/whitepapers/bad.fr.md: unknown language 'fr' in file name",
        "content/whitepapers/bad.md:3:14: unknown industry 'retial'; did you mean 'retail'?",
    ]


def test_deal_errors(project):
    write(
        project,
        "deals/d2.yaml",
        "customer: {name: C, industry: retail}\nstakeholders: [{name: x, persona: cto}]\n"
        "proposal: {pricing_plan: gold, language: fr}\n",
    )
    write(project, "deals/d3.yaml", "customer: {industry: retail}\n")
    assert problems(project) == [
        "deals/d2.yaml:2:35: unknown persona 'cto'; did you mean 'cfo'?",
        "deals/d2.yaml:3:26: unknown pricing plan 'gold' (pricing plans: basic, premium; to add 'gold', add it under"
        " product: pricing: plans: in content/company.yaml)",
        "deals/d2.yaml:3:42: unknown language 'fr' (languages: zh, en)",
        "deals/d3.yaml:1:11: missing required field 'name'",
    ]


# ---------------------------------------------------------------- command line


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_exit_codes(project):
    ok = run("check", str(project), "--today", "2026-11-22")
    assert ok.exit_code == 0
    assert "0 errors, 2 warnings" in ok.output
    strict = run("check", str(project), "--today", "2026-11-22", "--strict")
    assert strict.exit_code == 1
    write(project, "content/personas/ceo.yaml", "name: CEO\nrole_in_decision: decide\n")
    bad = run("check", str(project))
    assert bad.exit_code == 1
    assert "content/personas/ceo.yaml:2:19: role_in_decision: 'decide' is not one of" in bad.output
    assert "Traceback" not in bad.output


def test_check_of_a_folder_that_is_not_a_project(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "not an enablekit project (no content/company.yaml)" in result.stderr
    assert "Traceback" not in result.stderr


def test_only_image_files_may_be_shown_as_images(project):
    write(project, "content/whitepapers/leaky.md",
          "---\ntitle: Leaky\n---\n![c](../competitors/rival.yaml)\n\n![w][ref]\n\n[ref]: guide.md\n")
    write(project, "content/personas/ceo.yaml",
          "name: CEO\nrole_in_decision: decides\nmessaging: '![x](../company.yaml){: width=\"20\"}'\n")
    types = "avif, gif, jpeg, jpg, png, svg, webp"
    assert problems(project) == [
        f"content/personas/ceo.yaml:3:12: image '../company.yaml' is not an image file; only these are published: {types}",
        f"content/whitepapers/leaky.md:2:1: image '../competitors/rival.yaml' is not an image file;"
        f" only these are published: {types}",
        f"content/whitepapers/leaky.md:2:1: image 'guide.md' is not an image file; only these are published: {types}",
    ]


def test_logo_must_be_an_image(project):
    text = (project / "content/company.yaml").read_text(encoding="utf-8")
    write(project, "content/company.yaml", text.replace("logo: assets/logo.svg", "logo: company.yaml"))
    assert problems(project) == ["content/company.yaml:6:54: logo: 'company.yaml' is not an image file; use an SVG or PNG"]


def test_a_deal_is_always_internal(project):
    text = (project / "deals/big-deal.yaml").read_text(encoding="utf-8")
    write(project, "deals/big-deal.yaml", text + "audience: public\n")
    assert problems(project) == [
        "deals/big-deal.yaml:16:11: audience: a deal is always internal ('public' would publish stakeholder"
        " names and notes); remove the line — the proposal is the customer's document"
    ]


def test_docs_pages_audience_is_checked(project):
    write(project, "docs/notes.md", "---\ntitle: Notes\naudience: internl\n---\n# Notes\n")
    write(project, "docs/broken.md", "---\naudience: [\n---\n# Broken\n")
    assert problems(project) == [
        "docs/broken.md:3:1: YAML syntax error: while parsing a flow node, did not find expected node content",
        "docs/notes.md:3:11: audience: 'internl' is not one of: internal, partner, public; did you mean 'internal'?",
    ]


# ---------------------------------------------------------------- one round (issue 27)


def test_a_company_yaml_with_an_error_does_not_stop_the_other_files(project):
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace('primary: "#123456"', "primary: blue"),
                       encoding="utf-8")
    write(project, "content/personas/ceo.yaml", "name: {zh: 老板, eN: Boss}\nrole_in_decision: decides\n"
                                               "send_them: [public-case, publik-case]\n")
    loaded, diags = load_project(project, today=TODAY)
    assert loaded is None  # nothing is built from a project whose company.yaml failed…
    assert [str(d) for d in diags.sorted() if d.severity.value == "error"] == [  # …but everything is checked
        "content/company.yaml:6:18: primary: invalid colour 'blue': use #RRGGBB",
        "content/personas/ceo.yaml:1:16: unknown language 'eN'; did you mean 'en'? (languages: zh, en)",
        "content/personas/ceo.yaml:3:26: 'publik-case' does not name any content; did you mean 'public-case'?",
    ]  # the tiers, plans and capabilities company.yaml defines are not "unknown" elsewhere


def test_a_company_yaml_that_cannot_say_its_languages_is_one_error(project):
    company = project / "content/company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("languages: [zh, en]", "languages: [zh, en"),
                       encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    assert [str(d) for d in diags.errors] == [  # not an "unknown language" at every text
        "content/company.yaml:2:12: this list '[' is not closed with ']' (or an item is missing a comma)"]


def test_an_item_with_a_syntax_error_stops_only_itself(project):
    write(project, "content/objections/more.yaml",
          "- id: switching\n  objection: x\n  short: 'C'est simple'\n- id: z\n  objection: y\n  short: z\n"
          "  roles: [cfoo]\n")
    write(project, "playbooks/other.yaml", "name: x\nstages:\n  - {id: s, name: s, use: [switching]}\n")
    assert problems(project) == [
        "content/objections/more.yaml:3:12: this apostrophe ends the text early: inside '…' write it twice ('C''est…),"
        " or put the whole text in \"…\"",
        "content/objections/more.yaml:7:11: unknown persona 'cfoo'; did you mean 'cfo'?",
    ]  # and 'switching', defined in the broken item, is no unknown content


def test_what_a_broken_playbook_defines_exists(project):
    path = project / "playbooks/ltc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: h@test.example", "owner: [h]"), encoding="utf-8")
    write(project, "content/whitepapers/bad.md", "---\ntitle: x\nsummary: 'L'essentiel'\nindustries: [retial]\n---\nbody\n")
    assert problems(project) == [
        "content/whitepapers/bad.md:3:12: this apostrophe ends the text early: inside '…' write it twice"
        " ('L''essentiel…), or put the whole text in \"…\"",
        "content/whitepapers/bad.md:4:14: unknown industry 'retial'; did you mean 'retail'?",  # front matter read on
        "playbooks/ltc.yaml:8:8: owner: expected text, got a list",
    ]  # the stage 'proposal' that objections name is defined in the broken playbook: no error there


def test_an_unknown_id_says_what_it_is_or_which_ids_there_are(project):
    write(project, "content/cases/c.yaml", "customer: C\nindustry: public-case\ncompetitor: nobody\n")
    write(project, "deals/d2.yaml", "customer: {name: C, tier: platinum}\n")
    for i in range(12):
        write(project, f"content/industries/i{i:02}.yaml", f"name: I{i}\n")
    write(project, "content/objections/more.yaml", "- {id: x, objection: x, short: y, industries: [banking]}\n")
    assert problems(project) == [
        "content/cases/c.yaml:2:11: unknown industry 'public-case': 'public-case' is a case, not an industry",
        "content/cases/c.yaml:3:13: unknown competitor 'nobody' (competitors: rival; to add 'nobody', create"
        " content/competitors/nobody.yaml)",
        "content/objections/more.yaml:1:48: unknown industry 'banking' (industries: i00, i01, i02, i03, i04, i05, i06,"
        " i07, i08, retail and 3 more; to add 'banking', create content/industries/banking.yaml)",
        "deals/d2.yaml:1:27: unknown tier 'platinum' (tiers: ka; to add 'platinum', add it under product: tiers: in"
        " content/company.yaml)",
    ]


def test_a_field_that_is_not_translated_says_so(project):
    write(project, "content/personas/ceo.yaml", "name: {zh: 老板, en: Boss}\nrole_in_decision: decides\n"
          "titles: {zh: [总经理], en: [CEO, MD]}\ncares_about: {zh: [增长, 利润], en: [Growth, Margin]}\n")
    write(project, "deals/d2.yaml", "customer: {name: C, industry: {zh: 零售, en: retail}}\n")
    write(project, "content/cases/c.yaml", "customer: C\nresults: [{metric: M, value: '-5 days', unit: {zh: 天, en: days}}]\n")
    assert problems(project) == [
        "content/cases/c.yaml:2:47: unit: this field is not translated: write one text for every language, e.g."
        " unit: 天 (a mapping of languages is for translated text only)",
        "content/personas/ceo.yaml:3:9: titles: this field is not translated: write one list for every language,"
        " e.g. titles: [总经理, CEO, MD] (a mapping of languages is for translated text only)",
        "content/personas/ceo.yaml:4:14: cares_about: expected a list, got a mapping of languages: translate each"
        " item, e.g. cares_about: [{zh: 增长, en: Growth}, …]",
        "deals/d2.yaml:1:31: industry: expected the id of an industry, got a mapping of languages: ids are not"
        " translated (write the id once, the same in every language)",
    ]


def test_a_syntax_error_in_one_stage_stops_only_that_stage(project):
    write(project, "playbooks/other.yaml", "name: x\nstages:\n  - id: s1\n    name: a\n    use: [public-cas]\n"
          "  - id: s2\n    name: 'L'étape'\n    use: [rival]\n")
    write(project, "content/objections/more.yaml", "- {id: x, objection: x, short: y, stages: [s1, s2, s3]}\n")
    assert problems(project) == [
        "content/objections/more.yaml:1:52: unknown playbook stage 's3' (playbook stages: proposal, s1, s2; to add"
        " 's3', add a stage with this id to a playbook in playbooks/)",
        "playbooks/other.yaml:5:11: 'public-cas' does not name any content; did you mean 'public-case'?",
        "playbooks/other.yaml:7:13: this apostrophe ends the text early: inside '…' write it twice ('L''étape…), or"
        " put the whole text in \"…\"",
    ]


def test_an_id_used_twice_is_reported_even_when_one_has_an_error(project):
    write(project, "content/objections/more.yaml", "- id: too-slow-rollout\n  objection: x\n  short: y\n"
          "  category: slow\n")
    assert problems(project) == [
        "content/objections/more.yaml:4:13: category: 'slow' is not one of: price, security, integration, switching,"
        " fit, timing, other",
        "content/objections/price.yaml:12:7: duplicate objection id 'too-slow-rollout'"
        " (first defined at content/objections/more.yaml:1:7)",
    ]
