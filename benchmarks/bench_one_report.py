"""Benchmark (not a test): one report's wall time, this checkout against a baseline and the naive chain.

All build the same company's report for the same month from the same copy of the
data, one after the other, ``--repeat`` times (alternating, so that a busy machine
slows all alike): ``recouvrement report --force`` of ``--checkout`` (default this
checkout) against the one of ``--baseline``, a checkout of an earlier revision, and
with ``--naive`` the consultant's chain for that one company, the naive loop of
:mod:`benchmarks.bench_reports` (``papermill``, a Python exporting the HTML and the
attachments, the ``weasyprint`` CLI for the report and the letters: the same files).
A checkout with its own ``.venv`` (``git worktree add ../baseline <rev> && make -C
../baseline install``) runs with it; one without (``git archive <rev> | tar -x -C
DIR``) runs with this ``.venv`` and ``PYTHONPATH=DIR``. Prints each run, the medians
(wall and CPU seconds of all the processes), the ratios, and the stage timings of the
manifests.

Usage::

    python -m benchmarks.bench_one_report [--baseline ../baseline] [--naive] \\
        [--checkout DIR] [--company conseil-horizon] [--month 2026-10] [--repeat 3]
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

from benchmarks.bench_reports import BIN, cpu_seconds, naive

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
STAGES = ("execute_s", "html_s", "pdf_s", "attachments_s")


def run_once(checkout: Path, data: Path, out: Path, company: str, month: str) -> dict:
    """One report with ``checkout``'s command; its wall time and its manifest's timings."""
    command = checkout / ".venv" / "bin" / "recouvrement"
    env = dict(os.environ)
    if not command.is_file():  # a source tree: this .venv runs its package
        command = BIN / "recouvrement"
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout), env.get("PYTHONPATH")]))
    t0, c0 = time.perf_counter(), cpu_seconds()
    subprocess.run(
        [str(command), "report", "--company", company, "--month", month]
        + ["--data", str(data), "--out", str(out), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=checkout,
        env=env,
    )
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    manifest = json.loads((out / company / month / "manifest.json").read_text(encoding="utf-8"))
    return {
        "wall": wall,
        "cpu": cpu,
        **{k: manifest.get("timings", {}).get(k, float("nan")) for k in STAGES},
    }


def main(argv: list[str] | None = None) -> int:
    """Run both checkouts alternately and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="checkout of the baseline")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="checkout under test")
    parser.add_argument("--naive", action="store_true", help="also the naive chain")
    parser.add_argument("--company", default="conseil-horizon")
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    checkouts = {"this checkout": args.checkout.resolve()}
    if args.baseline:
        checkouts["baseline"] = args.baseline.resolve()
    for name, checkout in checkouts.items():
        if not (checkout / "recouvrement" / "__init__.py").is_file():
            print(f"{name}: no package recouvrement in {checkout}")
            return 2
    sides = [*checkouts, *(["naive"] if args.naive else [])]
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory(prefix="bench-one-report-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(SAMPLES / args.company, data / args.company)
        for k in range(args.repeat):
            for name in sides if k % 2 == 0 else sides[::-1]:
                out = Path(tmp) / f"out-{name.replace(' ', '-')}-{k}"
                if name == "naive":
                    t0, c0 = time.perf_counter(), cpu_seconds()
                    naive(data, out, args.month, [args.company], args.checkout.resolve())
                    r = {"wall": time.perf_counter() - t0, "cpu": cpu_seconds() - c0}
                    r.update({s: float("nan") for s in STAGES})
                else:
                    r = run_once(checkouts[name], data, out, args.company, args.month)
                runs[name].append(r)
                print(
                    f"run {k + 1} {name:14s} {r['wall']:6.1f} s, CPU {r['cpu']:6.1f} s", flush=True
                )
    print(f"\n{args.company} {args.month}, {args.repeat} runs each (median; stages from manifests)")
    print(f"{'':14s} {'wall':>7s} {'CPU':>7s} " + " ".join(f"{s:>14s}" for s in STAGES))
    medians, cpus = {}, {}
    for name, rs in runs.items():
        medians[name] = statistics.median(r["wall"] for r in rs)
        cpus[name] = statistics.median(r["cpu"] for r in rs)
        stages = " ".join(f"{statistics.median(r[s] for r in rs):14.2f}" for s in STAGES)
        print(f"{name:14s} {medians[name]:7.1f} {cpus[name]:7.1f} {stages}")
    for other in ("baseline", "naive"):
        if other in medians:
            print(
                f"ratio {other} / this checkout: wall "
                f"{medians[other] / medians['this checkout']:.2f}, CPU "
                f"{cpus[other] / cpus['this checkout']:.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
