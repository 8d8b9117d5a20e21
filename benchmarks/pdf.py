"""PDF rendering speed: per language, in parallel, and with the content-hash cache.

    python benchmarks/pdf.py              # the example company and the synthetic corpus (scale 1)
    python benchmarks/pdf.py --scale 2

For each corpus prints seconds per PDF for Chinese and English documents and their ratio
(target: at most 1.5, which needs HarfBuzz font subsetting), the speed-up of rendering on
every core over one process, a no-change rebuild's time as a fraction of a full build, and the
slowest document in seconds per page (target: at most 0.4 s a page for every document).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402


def bench(name: str, project: Path, work: Path) -> None:
    from generator import build, load_or_fail
    from generator.content.schema import Audience
    from generator.outputs import BuildContext, Views
    from generator.outputs.pdf.builder import PdfBuilder
    from generator.outputs.pdf.render import _render, harfbuzz_subsetting, pdf_environment, render_all
    from generator.views.documents import pdf_documents

    loaded, _ = load_or_fail(project)
    views = Views(loaded, Audience.internal)
    builder = PdfBuilder(BuildContext(root=project, audience=Audience.internal, today=loaded.today))
    env = pdf_environment(project)
    jobs = [builder._job(env, views.get(spec.audience), spec) for spec in pdf_documents(views)]
    cache = project / ".enablekit-cache" / "pdf"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)

    per_lang: dict[str, list[float]] = {}
    per_page: list[tuple[float, str, int, float]] = []  # (s/page, file, pages, s)
    started = time.perf_counter()
    for job in jobs:  # one process, one document at a time
        t0 = time.perf_counter()
        pages, _, error = _render(job.html, job.base_url, str(cache / f"{job.key}.pdf"), job.key, str(project))
        took = time.perf_counter() - t0
        if error:
            raise SystemExit(f"{job.spec.filename}: {error}")
        per_lang.setdefault(job.spec.lang, []).append(took)
        per_page.append((took / max(pages, 1), job.spec.filename, pages, took))
    serial = time.perf_counter() - started

    shutil.rmtree(cache)
    cache.mkdir(parents=True)
    cores = os.cpu_count() or 1
    started = time.perf_counter()
    render_all(jobs, project, cores)
    parallel = time.perf_counter() - started

    shutil.rmtree(project / ".enablekit-cache")
    started = time.perf_counter()
    build(project, out=work / f"{name}-out", only=["pdf"])
    full = time.perf_counter() - started
    started = time.perf_counter()
    build(project, out=work / f"{name}-out", only=["pdf"])
    again = time.perf_counter() - started

    zh, en = mean(per_lang.get("zh", [0])), mean(per_lang.get("en", [0]))
    print(f"\n{name}: {len(jobs)} PDFs (HarfBuzz subsetting: {'yes' if harfbuzz_subsetting() else 'NO'})")
    print(f"  seconds per PDF: zh {zh:.3f}, en {en:.3f}; zh/en = {zh / en:.2f} (target <= 1.5)")
    print(f"  one process {serial:.1f} s, {cores} processes {parallel:.1f} s: speed-up {serial / parallel:.2f}x")
    slowest = max(per_page)
    print(f"  slowest document {slowest[1]}: {slowest[2]} pages in {slowest[3]:.2f} s ="
          f" {slowest[0]:.3f} s per page (target <= 0.4)")
    print(f"  full pdf build {full:.1f} s, no-change rebuild {again:.2f} s = {again / full:.2f} of a full build")


def main() -> None:
    parser = argparse.ArgumentParser(description="enablekit PDF benchmark")
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="enablekit-pdf-bench-") as tmp:
        work = Path(tmp)
        example = work / "example"
        root = HERE.parent
        shutil.copytree(root, example, ignore=shutil.ignore_patterns(
            "site", ".git", ".enablekit-cache", "__pycache__", "tests", "benchmarks", "*.egg-info"))
        bench("example company", example, work)
        synthetic = work / "synthetic"
        generate(synthetic, args.scale)
        bench(f"synthetic corpus, scale {args.scale}", synthetic, work)


if __name__ == "__main__":
    main()
