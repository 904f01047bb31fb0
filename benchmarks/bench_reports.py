"""Benchmark (not a test): monthly reports of every sample company, batch vs naive script.

Same machine, same run, same notebook, template and outputs (executed notebook, HTML, PDF):

- **batch**: ``recouvrement batch --jobs N --force`` (worker processes, one reused
  kernel per worker, export and PDF in the worker);
- **naive**: what a consultant would script, per company, sequentially: the
  ``papermill`` CLI, then ``jupyter nbconvert --to html`` with the package's template,
  then the ``weasyprint`` CLI for the PDF (three programs, a fresh kernel each time).

Usage::

    python -m benchmarks.bench_reports [--month 2026-10] [--jobs 2] [--copies 1]

``--copies K`` benchmarks K copies of each sample company (4 × K reports) to see the
amortised cost of a large batch. Prints both wall-clock times, the ratio and the
seconds per report. Record the figures in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
NOTEBOOK = ROOT / "notebooks" / "audit_mensuel.ipynb"
TEMPLATES = ROOT / "recouvrement" / "templates"
BIN = Path(sys.executable).parent


def _data(root: Path, copies: int) -> list[str]:
    companies = []
    for src in sorted(p for p in SAMPLES.iterdir() if p.is_dir()):
        for k in range(copies):
            name = src.name if copies == 1 else f"{src.name}-{k + 1:02d}"
            shutil.copytree(src, root / name)
            companies.append(name)
    return companies


def batch(data: Path, out: Path, month: str, jobs: int) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "recouvrement"),
            "batch",
            "--month",
            month,
            "--data",
            str(data),
            "--out",
            str(out),
            "--jobs",
            str(jobs),
            "--force",
            "--no-progress",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def naive(data: Path, out: Path, month: str, companies: list[str]) -> float:
    t0 = time.perf_counter()
    for company in companies:
        folder = out / company / month
        folder.mkdir(parents=True)
        executed = folder / "audit_mensuel.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(NOTEBOOK),
                str(executed),
                "-p",
                "company",
                company,
                "-p",
                "month",
                month,
                "-p",
                "data_dir",
                str(data),
                "--cwd",
                str(NOTEBOOK.parent),
                "--no-progress-bar",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(
            [
                str(BIN / "jupyter"),
                "nbconvert",
                "--to",
                "html",
                "--no-input",
                "--no-prompt",
                f"--TemplateExporter.extra_template_basedirs={TEMPLATES}",
                "--template",
                "audit",
                "--HTMLExporter.embed_images=True",
                "--output",
                "rapport",
                str(executed),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(
            [str(BIN / "weasyprint"), str(folder / "rapport.html"), str(folder / "rapport.pdf")],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    """Run both approaches and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--copies", type=int, default=1, help="copies of each sample company")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        root = Path(tmp)
        (root / "data").mkdir()
        companies = _data(root / "data", args.copies)
        n = len(companies)
        print(
            f"{n} reports ({args.month}), {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}"
        )
        t_batch = batch(root / "data", root / "batch", args.month, args.jobs)
        print(
            f"batch  (--jobs {args.jobs}, reused kernels): {t_batch:7.1f} s  {t_batch / n:5.2f} s/report"
        )
        t_naive = naive(root / "data", root / "naive", args.month, companies)
        print(
            f"naive  (papermill + nbconvert + weasyprint CLIs): {t_naive:7.1f} s  {t_naive / n:5.2f} s/report"
        )
        print(f"ratio  naive / batch: {t_naive / t_batch:.2f}x")
        pdfs = sorted((root / "naive").rglob("rapport.pdf")) + sorted(
            (root / "batch").rglob("rapport.pdf")
        )
        assert len(pdfs) == 2 * n, "every report must have its PDF in both runs"
    return 0


if __name__ == "__main__":
    sys.exit(main())
