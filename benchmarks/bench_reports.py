"""Benchmark (not a test): monthly reports of every sample company, batch vs naive script.

Same machine, same run, same notebook and template, same files produced for each company
(executed notebook, ``rapport.html``, ``rapport.pdf``, ``rapport.xlsx``, ``lettres.html``,
``lettres.pdf``, ``lettres.csv``, ``lettres/*.docx``, ``lettres-a-completer.csv`` and the
CSV of any table too long to print):

- **batch**: ``recouvrement batch --jobs N --force`` (worker processes, one reused
  kernel per worker, exports and both PDFs in the worker), which also writes each
  report's manifest, the batch's letters checklist and the index page;
- **naive**: what a consultant would script, company after company, four programs per
  company: the ``papermill`` CLI (a fresh kernel), a fresh Python that exports the executed
  notebook (the package's nbconvert exporter and template, with the shipped fonts that the
  ``jupyter nbconvert`` CLI cannot pass, see :data:`EXPORT`) and saves the attachments
  (the letters' HTML, ``.docx``, register and checklist, the workbook, the CSVs), then the
  ``weasyprint`` CLI twice: ``rapport.html`` and ``lettres.html`` to PDF.

Usage::

    python -m benchmarks.bench_reports [--month 2026-10] [--jobs 2] [--copies 1]
        [--repeat 1] [--checkout DIR] [--baseline DIR] [--sides batch,naive,baseline]
        [--samples a,b]

``--copies K`` benchmarks K copies of each of the four CSV sample companies (4 × K
reports; ``--samples a,b`` chooses others).
``--checkout DIR`` runs both sides with the package of another checkout (``PYTHONPATH``,
its notebook and template; this ``.venv``'s programs); ``--baseline DIR`` adds a third
side, the batch of that checkout, to compare two revisions in one run. ``--repeat R``
alternates the sides R times (order reversed every other round) and reports medians.
Prints the wall-clock times, seconds per report, ratios, the load average, the CPU
seconds of every process of each side (``getrusage`` of the finished children: the
work done, whatever else the machine runs), and the median stage timings of the
batch's manifests. Record the figures in
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
BIN = Path(sys.executable).parent
#: The four sample companies of the CSV/XLSX/Parquet exports (not the FEC ones).
COMPANIES = ("batiment-durand", "conseil-horizon", "maison-lumiere", "meca-precision")

#: The naive loop's export program: executed notebook -> the report's HTML and every
#: attachment the batch writes, with no PDF (the ``weasyprint`` CLI prints them after).
#: Only long-standing public functions, so that it runs against any checkout.
EXPORT = r"""
import sys
from pathlib import Path
import nbformat
from recouvrement.dunning.letters import Block
from recouvrement.formatting import fmt_date
from recouvrement.report.attachments import csv_text
from recouvrement.report.letter_docx import docx_bytes
from recouvrement.report.letter_files import checklist_frame
from recouvrement.report.typography import typeset_html
from recouvrement.runner.export import (
    export_html, notebook_attachments, notebook_headline, renumber, write_attachment,
)

executed, company, month = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
folder = executed.parent
nb = nbformat.read(executed, as_version=4)
head = notebook_headline(nb)
renumber(nb)
html = export_html(
    nb,
    title=f"Audit du poste client — {head.company_name} — {head.month_label}",
    author=head.consultant or "",
    subject=f"Audit du poste client de {head.company_name} au "
    f"{fmt_date(head.as_of)} : balance âgée, indicateurs, plan d'action",
)
(folder / "rapport.html").write_text(html, encoding="utf-8")
for doc in notebook_attachments(nb):
    name, kind = doc["name"], doc.get("kind", "html")
    if kind in ("csv", "xlsx"):
        write_attachment(doc, folder)
        continue
    (folder / f"{name}.html").write_text(typeset_html(doc["content"]), encoding="utf-8")
    if kind != "letters":
        continue
    (folder / f"{name}.csv").write_text(doc["register"], encoding="utf-8")
    (folder / name).mkdir()
    for item in doc["letters"]:
        blocks = [Block.from_json(b) for b in item["blocks"]]
        (folder / name / item["file"]).write_bytes(docx_bytes(blocks, title=item.get("title", "")))
    frame = checklist_frame(
        doc["checklist"], company=company, company_name=head.company_name, month=month
    )
    (folder / "lettres-a-completer.csv").write_text(csv_text(frame), encoding="utf-8")
"""


def _data(root: Path, copies: int, samples: list[str]) -> list[str]:
    companies = []
    for src in (SAMPLES / s for s in samples):
        for k in range(copies):
            name = src.name if copies == 1 else f"{src.name}-{k + 1:02d}"
            shutil.copytree(src, root / name)
            companies.append(name)
    return companies


def cpu_seconds() -> float:
    """User + system CPU seconds of this process's finished children (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _env(checkout: Path) -> dict[str, str]:
    """The environment that makes this ``.venv`` run ``checkout``'s package (and its kernels)."""
    env = dict(os.environ)
    if checkout != ROOT:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout), env.get("PYTHONPATH")]))
    return env


def batch(data: Path, out: Path, month: str, jobs: int, checkout: Path) -> float:
    """``recouvrement batch --force`` of ``checkout``'s package; its wall time."""
    t0 = time.perf_counter()
    subprocess.run(
        [str(BIN / "recouvrement"), "batch", "--month", month, "--data", str(data)]
        + ["--out", str(out), "--jobs", str(jobs), "--force", "--no-progress"],
        check=True,
        stdout=subprocess.DEVNULL,
        env=_env(checkout),
        cwd=checkout,
    )
    return time.perf_counter() - t0


def naive(data: Path, out: Path, month: str, companies: list[str], checkout: Path) -> float:
    """The consultant's loop, company after company (four programs each); its wall time."""
    env = _env(checkout)
    notebook = checkout / "recouvrement" / "notebooks" / "audit_mensuel.ipynb"
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    t0 = time.perf_counter()
    for company in companies:
        folder = out / company / month
        folder.mkdir(parents=True)
        executed = folder / "audit_mensuel.ipynb"
        subprocess.run(
            [str(BIN / "papermill"), str(notebook), str(executed)]
            + ["-p", "company", company, "-p", "month", month, "-p", "data_dir", str(data)]
            + ["--cwd", str(notebook.parent), "--no-progress-bar"],
            **quiet,
        )
        subprocess.run([sys.executable, "-c", EXPORT, str(executed), company, month], **quiet)
        for html in sorted(folder.glob("*.html")):
            subprocess.run(
                [str(BIN / "weasyprint"), str(html), str(html.with_suffix(".pdf"))], **quiet
            )
    return time.perf_counter() - t0


def _files(folder: Path) -> set[str]:
    """The report files under an output folder (``<company>/<month>/...``), manifests left out."""
    return {
        rel
        for p in folder.rglob("*")
        if p.is_file()
        and p.name != "manifest.json"
        and (rel := p.relative_to(folder).as_posix()).count("/") >= 2
    }


def _stages(out: Path) -> dict[str, float]:
    """Median stage timings of the batch's manifests, and the pages and letters per report."""
    manifests = [json.loads(p.read_text(encoding="utf-8")) for p in out.rglob("manifest.json")]
    found: dict[str, list[float]] = {}
    for m in manifests:
        for key, value in m.get("timings", {}).items():
            found.setdefault(key, []).append(value)
        found.setdefault("pages", []).append(m.get("pdf_pages") or 0)
        found.setdefault("letters", []).append(m.get("attachments", {}).get("lettres", 0))
    return {k: statistics.median(v) for k, v in found.items()}


def main(argv: list[str] | None = None) -> int:
    """Run the sides alternately and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--copies", type=int, default=1, help="copies of each sample company")
    parser.add_argument("--samples", default=",".join(COMPANIES), help="sample companies")
    parser.add_argument("--repeat", type=int, default=1, help="rounds, sides alternated")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="package under test")
    parser.add_argument("--baseline", type=Path, help="checkout whose batch is a third side")
    parser.add_argument("--sides", default="batch,naive,baseline", help="sides to run")
    args = parser.parse_args(argv)
    checkout = args.checkout.resolve()
    wanted = [s for s in args.sides.split(",") if s != "baseline" or args.baseline]
    times: dict[str, list[float]] = {s: [] for s in wanted}
    cpus: dict[str, list[float]] = {s: [] for s in wanted}
    stages: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        root = Path(tmp)
        (root / "data").mkdir()
        companies = _data(root / "data", args.copies, args.samples.split(","))
        n = len(companies)
        print(
            f"{n} reports ({args.month}), {os.cpu_count()} CPU(s), Python "
            f"{sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}"
        )
        for k in range(args.repeat):
            for side in wanted if k % 2 == 0 else wanted[::-1]:
                out = root / f"{side}-{k}"
                c0 = cpu_seconds()
                if side == "naive":
                    t = naive(root / "data", out, args.month, companies, checkout)
                else:
                    code = checkout if side == "batch" else args.baseline.resolve()
                    t = batch(root / "data", out, args.month, args.jobs, code)
                    stages[side] = _stages(out)
                times[side].append(t)
                cpus[side].append(cpu_seconds() - c0)
                print(
                    f"round {k + 1} {side:9s} {t:7.1f} s  {t / n:5.2f} s/report, "
                    f"CPU {cpus[side][-1] / n:5.2f} s/report, load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
        for side in wanted[1:]:  # like for like: the same report files on every side
            assert _files(root / f"{side}-0") == _files(root / f"{wanted[0]}-0"), side
        print(f"load average at the end {os.getloadavg()[0]:.2f}")
    medians = {s: statistics.median(ts) for s, ts in times.items()}
    cpu = {s: statistics.median(cs) for s, cs in cpus.items()}
    for side, t in medians.items():
        ratio = ""
        if "naive" in medians:
            ratio = f"  naive / {side}: {medians['naive'] / t:.2f}x, CPU {cpu['naive'] / cpu[side]:.2f}x"
        print(
            f"{side:9s} median {t:7.1f} s  {t / n:5.2f} s/report, CPU {cpu[side] / n:5.2f} "
            f"s/report{ratio}"
        )
    for side, st in stages.items():
        print(
            f"{side:9s} manifests (median per report): "
            + ", ".join(f"{k} {v:.2f}" for k, v in st.items())
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
