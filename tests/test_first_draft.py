"""A first draft, written the way a busy person writes content by hand, is valid after one round:
`check` reports every mistake at once, each at its place with a message that says what to write, no
mistake hides another and nothing is reported twice; doing what the messages say leaves nothing.

The draft (tests/fixtures/first-draft) is a French company's content with French and Chinese text.
On the code before issue 27 the same draft took four rounds (15 → 52 → 1 errors, then 0) even for
an author who fixed exactly the lines the messages named; some messages pointed elsewhere.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

from .conftest import FIXTURES, TODAY

# Each mistake: what check says (path:line:col: message), the file, what the draft says there and what
# the message says to write instead.
MISTAKES = [
    ("content/capabilities.yaml:3:11: status: 'GA' is not one of: ga, beta, roadmap; did you mean 'ga'?",
     "content/capabilities.yaml", "  status: GA\n  reviewed: 2026-10-05\n- id: planning",
     "  status: ga\n  reviewed: 2026-10-05\n- id: planning"),
    ("content/capabilities.yaml:11:23: this apostrophe ends the text early: inside '…' write it twice ('L''export…),"
     " or put the whole text in \"…\"",
     "content/capabilities.yaml", "{fr: 'L'export comptable part", "{fr: 'L''export comptable part"),
    ("content/cases/lanting-yiliao.yaml:12:13: better: '更低' is not one of: lower, higher",
     "content/cases/lanting-yiliao.yaml", "better: 更低", "better: lower"),
    ("content/cases/lanting-yiliao.yaml:14:11: reviewed: invalid date '2026年10月8日': use YYYY-MM-DD, here 2026-10-08",
     "content/cases/lanting-yiliao.yaml", "reviewed: 2026年10月8日", "reviewed: 2026-10-08"),
    ("content/cases/santeval-cliniques.yaml:3:11: unknown industry 'santé'; did you mean 'sante'? (defined in"
     " content/industries/sante.yaml, which has an error below)",
     "content/cases/santeval-cliniques.yaml", "industry: santé", "industry: sante"),
    ("content/cases/santeval-cliniques.yaml:5:17: this apostrophe ends the text early: inside '…' write it twice"
     " ('L''offre…), or put the whole text in \"…\"",
     "content/cases/santeval-cliniques.yaml", "summary: {fr: 'L'offre Clairpaie a divisé par trois le temps de clôture.',",
     "summary: {fr: \"L'offre Clairpaie a divisé par trois le temps de clôture.\","),
    ("content/company.yaml:3:17: unknown language code 'cn'; did you mean 'zh'? (use BCP 47 codes such as ja, de,"
     " zh-TW, pt-BR)",  # one error, not one at every Chinese text
     "content/company.yaml", "languages: [fr, cn]", "languages: [fr, zh]"),
    ("content/company.yaml:10:29: this comma splits the 'fr' text: inside {…} a comma starts a new entry; put the"
     ' text in quotes: fr: "La paie juste, du premier coup"',
     "content/company.yaml", "slogan: {fr: La paie juste, du premier coup, zh:",
     'slogan: {fr: "La paie juste, du premier coup", zh:'),
    ("content/company.yaml:20:47: this comma splits the 'fr' and 'zh' texts: inside {…} a comma starts a new entry;"
     ' put the text in quotes: fr: "Petites entreprises, PME", zh: "小企业, PME"',  # not a duplicate key 'PME' too
     "content/company.yaml", "name: {fr: Petites entreprises, PME, zh: 小企业, PME}}",
     'name: {fr: "Petites entreprises, PME", zh: "小企业, PME"}}'),
    ("content/competitors/paie-facile.yaml:8:18: us: '是' is not one of: yes, partial, no, roadmap",
     "content/competitors/paie-facile.yaml", "planning: {us: 是, them: no}", "planning: {us: yes, them: no}"),
    ("content/industries/logistique.yaml:2:10: warning: no 'zh' translation (falls back to 'fr')",
     "content/industries/logistique.yaml", "summary: {fr: Transporteurs et entrepôts}",
     "summary: {fr: Transporteurs et entrepôts, zh: 运输与仓储}"),
    ("content/industries/sante.yaml:5:6: this line is indented differently from the block that starts on line 4"
     " ('- title: {fr: Des gardes difficiles à p…'); entries of one mapping or list start in the same column",
     "content/industries/sante.yaml", "     body: {fr: Chaque", "    body: {fr: Chaque"),
    ("content/industries/sante.yaml:7:9: unknown case 'santeval'; did you mean 'santeval-cliniques'? (defined in"
     " content/cases/santeval-cliniques.yaml, which has an error above)",  # not 'sante', an industry
     "content/industries/sante.yaml", "cases: [santeval, lanting-yiliao]", "cases: [santeval-cliniques, lanting-yiliao]"),
    ("content/industries/sante.yaml:13:11: unit: this field is not translated: write one text for every language,"
     " e.g. unit: jours (a mapping of languages is for translated text only)",
     "content/industries/sante.yaml", "    unit: {fr: jours, zh: 天}", "    unit: jours"),
    ("content/objections/prix.yaml:4:11: unknown persona 'drh，daf': '，' is a full-width comma, which does not"
     " separate ids; write 'drh, daf' with an ASCII comma",
     "content/objections/prix.yaml", "roles: [drh，daf]", "roles: [drh, daf]"),
    ("content/objections/prix.yaml:10:17: this apostrophe ends the text early: inside '…' write it twice ('C''est…),"
     " or put the whole text in \"…\"",  # only this objection stops: the one after it is checked
     "content/objections/prix.yaml", "short: {fr: 'C'est inclus : la convention est paramétrée.',",
     "short: {fr: 'C''est inclus : la convention est paramétrée.',"),
    ("content/objections/prix.yaml:16:15: unknown competitor 'paiefacile'; did you mean 'paie-facile'? (defined in"
     " content/competitors/paie-facile.yaml, which has an error above)",
     "content/objections/prix.yaml", "competitor: paiefacile", "competitor: paie-facile"),
    ("content/personas/daf.yaml:2:17: '：' is a full-width colon: write 'role_in_decision: ' with an ASCII colon and a"
     " space",
     "content/personas/daf.yaml", "role_in_decision：decides", "role_in_decision: decides"),
    ("content/personas/drh.yaml:2:19: role_in_decision: 'décide' is not one of: decides, influences, uses, relays,"
     " procures; did you mean 'decides'?",
     "content/personas/drh.yaml", "role_in_decision: décide", "role_in_decision: decides"),
    ("content/personas/drh.yaml:5:56: 'guide-paie-2026' does not name any content; did you mean 'guide-paie'?",
     "content/personas/drh.yaml", "guide-paie-2026]", "guide-paie]"),
    ("content/personas/drh.yaml:6:11: reviewed: invalid date '15/10/2026': use YYYY-MM-DD, here 2026-10-15",
     "content/personas/drh.yaml", "reviewed: 15/10/2026", "reviewed: 2026-10-15"),
    ("content/whitepapers/guide-paie.md:4:21: unknown industry 'logistics'; did you mean 'logistique'?",
     "content/whitepapers/guide-paie.md", "industries: [sante, logistics]", "industries: [sante, logistique]"),
    ("deals/transports-durand.yaml:1:47: unknown industry 'transport' (industries: logistique, sante; to add"
     " 'transport', create content/industries/transport.yaml)",
     "deals/transports-durand.yaml", "industry: transport,", "industry: logistique,"),
    ("deals/transports-durand.yaml:6:50: valid_until: invalid date '31/01/2027': use YYYY-MM-DD, here 2027-01-31",
     "deals/transports-durand.yaml", "valid_until: 31/01/2027}", "valid_until: 2027-01-31}"),
    ("playbooks/vente.yaml:3:9: id: invalid id 'Découverte': use lowercase letters, digits, '-' and '_'",
     # the objection that names the stage 'decouverte' is not reported as well
     "playbooks/vente.yaml", "  - id: Découverte", "  - id: decouverte"),
    ("playbooks/vente.yaml:7:22: unknown persona 'cfo' (personas: daf, drh; to add 'cfo', create"
     " content/personas/cfo.yaml)",
     "playbooks/vente.yaml", "roles: [drh, cfo]", "roles: [drh, daf]"),
]


def _check(project: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check", str(project), "--today", TODAY.isoformat(), "--show-all", *args])
    return result.exit_code, result.output.splitlines()


def test_a_first_draft_is_valid_after_one_round(tmp_path):
    project = tmp_path / "draft"
    shutil.copytree(FIXTURES / "first-draft", project)
    assert len(MISTAKES) >= 15

    code, lines = _check(project)  # round 1: every mistake, once, and nothing else
    assert code == 1
    assert lines == [message for message, *_ in MISTAKES] + ["25 errors, 1 warning"]

    for message, rel, draft, fixed in MISTAKES:  # each message points at the line of its mistake
        text = (project / rel).read_text(encoding="utf-8")
        assert text.count(draft) == 1, draft
        at = text.index(draft) + next(i for i, (x, y) in enumerate(zip(draft, fixed, strict=False)) if x != y)
        assert message.startswith(f"{rel}:{text.count(chr(10), 0, at) + 1}:"), message
        (project / rel).write_text(text.replace(draft, fixed), encoding="utf-8")

    assert _check(project) == (0, ["0 errors, 0 warnings"])  # round 2: clean
    assert _check(project, "--strict")[0] == 0
