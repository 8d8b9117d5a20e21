"""PDF rendering speed: per page and language, on one core and on every core, and with the content-hash cache.

    python benchmarks/pdf.py              # the example company and the synthetic corpus (scale 1), 3 runs each
    python benchmarks/pdf.py --scale 2 --runs 5

For each corpus prints, from medians of ``--runs`` runs with their spread:

- seconds per page of Chinese and of English documents and their ratio (target: at most 1.5, which
  needs HarfBuzz font subsetting), and the slowest document in seconds per page (target: at most 0.4);
- the speed-up of rendering on every core over one process;
- a no-change rebuild's time as a fraction of a full PDF build (``enablekit build --only pdf``).

Every run is a fresh interpreter (``--worker``), so no run inherits fonts, templates or imports another run
warmed: the one-core and every-core runs each start cold, and runs alternate (one core, every core, one
core…) so that a change in the machine's load weighs on both. A run times the rendering only: the documents'
HTML is made before the clock starts, as the build makes it before it renders.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from corpus import copy_example, generate  # noqa: E402


def worker(project: Path, mode: str) -> None:
    """One run in this fresh interpreter: make every document's HTML, then render them all (``serial``: one
    at a time in this process; ``parallel``: on every core, as the build does). Prints JSON."""
    from generator import load_or_fail
    from generator.content.schema import Audience
    from generator.outputs import BuildContext, Views
    from generator.outputs.pdf.builder import PdfBuilder
    from generator.outputs.pdf.render import _render, pdf_environment, render_all
    from generator.views.documents import pdf_documents

    loaded, _ = load_or_fail(project)
    views = Views(loaded, Audience.internal)
    builder = PdfBuilder(BuildContext(root=project, audience=Audience.internal, today=loaded.today))
    env = pdf_environment(project)
    jobs = [builder._job(env, views.get(spec.audience), spec) for spec in pdf_documents(views)]
    cache = project / ".enablekit-cache" / "pdf"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    documents = []
    started = time.perf_counter()
    if mode == "serial":
        for job in jobs:
            t0 = time.perf_counter()
            pages, _, error = _render(job.html, job.base_url, str(cache / f"{job.key}.pdf"), job.key, str(project))
            if error:
                raise SystemExit(f"{job.spec.filename}: {error}")
            documents.append((job.spec.filename, job.spec.lang, pages, time.perf_counter() - t0))
    else:
        for job, (pages, _, error) in zip(jobs, render_all(jobs, project, os.cpu_count() or 1), strict=True):
            if error:
                raise SystemExit(f"{job.spec.filename}: {error}")
            documents.append((job.spec.filename, job.spec.lang, pages, None))
    print(json.dumps({"seconds": time.perf_counter() - started, "documents": documents}))


def _run(args: list[str]) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started, done.stdout


def _spread(values: list[float], unit: str = "s") -> str:
    return f"{statistics.median(values):.2f} {unit} ({min(values):.2f}-{max(values):.2f})"


def bench(name: str, project: Path, work: Path, runs: int) -> None:
    from generator.outputs.pdf.render import harfbuzz_subsetting

    serial, parallel, per_page = [], [], {}  # per_page: (lang) -> [s/page per run]; and per document
    slowest: dict[str, list[tuple[float, int, float]]] = {}
    for _ in range(runs):
        result = json.loads(_run([str(Path(__file__).resolve()), "--worker", "serial", str(project)])[1])
        serial.append(result["seconds"])
        for lang in {d[1] for d in result["documents"]}:
            docs = [d for d in result["documents"] if d[1] == lang]
            per_page.setdefault(lang, []).append(sum(d[3] for d in docs) / max(1, sum(d[2] for d in docs)))
        for filename, _, pages, seconds in result["documents"]:
            slowest.setdefault(filename, []).append((seconds / max(pages, 1), pages, seconds))
        result = json.loads(_run([str(Path(__file__).resolve()), "--worker", "parallel", str(project)])[1])
        parallel.append(result["seconds"])
        documents = len(result["documents"])
    full, again = [], []
    out = work / f"{name}-out"
    for _ in range(runs):
        shutil.rmtree(project / ".enablekit-cache", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        build = ["-m", "generator.cli", "build", str(project), "--out", str(out), "--only", "pdf"]
        full.append(_run(build)[0])
        again.append(_run(build)[0])
    print(f"\n{name}: {documents} PDFs (HarfBuzz subsetting: {'yes' if harfbuzz_subsetting() else 'NO'});"
          f" {runs} runs, load average {os.getloadavg()[0]:.1f} at the end")
    zh, en = statistics.median(per_page.get("zh", [0.0])), statistics.median(per_page.get("en", [1.0]))
    print(f"  seconds per page: zh {_spread(per_page.get('zh', [0.0]))}, en {_spread(per_page.get('en', [0.0]))};"
          f" zh/en = {zh / en:.2f} (target <= 1.5)")
    file, runs_of = max(slowest.items(), key=lambda item: statistics.median(r[0] for r in item[1]))
    print(f"  slowest document {file}: {runs_of[0][1]} pages, {_spread([r[0] for r in runs_of], 's/page')}"
          f" (target <= 0.4)")
    speedup = [s / p for s, p in zip(serial, parallel, strict=True)]
    print(f"  one process {_spread(serial)}, {os.cpu_count()} processes {_spread(parallel)}:"
          f" speed-up {statistics.median(speedup):.2f}x ({min(speedup):.2f}-{max(speedup):.2f})")
    share = [a / f for a, f in zip(again, full, strict=True)]
    print(f"  full pdf build {_spread(full)}, no-change rebuild {_spread(again)} ="
          f" {statistics.median(share):.2f} of a full build")


def main() -> None:
    parser = argparse.ArgumentParser(description="enablekit PDF benchmark")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worker", choices=("serial", "parallel"), help=argparse.SUPPRESS)
    parser.add_argument("project", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.project, args.worker)
        return
    with tempfile.TemporaryDirectory(prefix="enablekit-pdf-bench-") as tmp:
        work = Path(tmp)
        example = work / "example"
        copy_example(example)
        bench("example company", example, work, args.runs)
        synthetic = work / "synthetic"
        generate(synthetic, args.scale)
        bench(f"synthetic corpus, scale {args.scale}", synthetic, work, args.runs)


if __name__ == "__main__":
    main()
