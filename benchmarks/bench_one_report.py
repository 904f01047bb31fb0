"""Benchmark (not a test): one report's wall time, this checkout against a baseline checkout.

Both build the same company's report for the same month from the same copy of the
data, one after the other, ``--repeat`` times (alternating, so that a busy machine
slows both alike): ``recouvrement report --force`` of this checkout's ``.venv``
against the one of ``--baseline``, a checkout of an earlier revision with its own
``.venv`` (``git worktree add ../baseline <rev> && make -C ../baseline install``).
Prints each run, the medians, the ratio, and the stage timings of the manifests.

Usage::

    python -m benchmarks.bench_one_report --baseline ../baseline \\
        [--company conseil-horizon] [--month 2026-10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
STAGES = ("execute_s", "html_s", "pdf_s", "attachments_s")


def run_once(checkout: Path, data: Path, out: Path, company: str, month: str) -> dict:
    """One report with ``checkout``'s command; its wall time and its manifest's timings."""
    command = checkout / ".venv" / "bin" / "recouvrement"
    t0 = time.perf_counter()
    subprocess.run(
        [str(command), "report", "--company", company, "--month", month]
        + ["--data", str(data), "--out", str(out), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=checkout,
    )
    wall = time.perf_counter() - t0
    manifest = json.loads((out / company / month / "manifest.json").read_text(encoding="utf-8"))
    return {"wall": wall, **{k: manifest.get("timings", {}).get(k, float("nan")) for k in STAGES}}


def main(argv: list[str] | None = None) -> int:
    """Run both checkouts alternately and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="checkout of the baseline")
    parser.add_argument("--company", default="conseil-horizon")
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    checkouts = {"this checkout": ROOT, "baseline": args.baseline.resolve()}
    for name, checkout in checkouts.items():
        if not (checkout / ".venv" / "bin" / "recouvrement").is_file():
            print(f"{name}: no .venv/bin/recouvrement in {checkout} (run make install there)")
            return 2
    runs: dict[str, list[dict]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory(prefix="bench-one-report-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(SAMPLES / args.company, data / args.company)
        for k in range(args.repeat):
            for name, checkout in checkouts.items():
                r = run_once(checkout, data, Path(tmp) / f"out-{k}-{len(runs[name])}", args.company, args.month)
                runs[name].append(r)
                print(f"run {k + 1} {name:14s} {r['wall']:6.1f} s")
    print(f"\n{args.company} {args.month}, {args.repeat} runs each (median; stages from manifests)")
    print(f"{'':14s} {'wall':>7s} " + " ".join(f"{s:>14s}" for s in STAGES))
    medians = {}
    for name, rs in runs.items():
        medians[name] = statistics.median(r["wall"] for r in rs)
        stages = " ".join(f"{statistics.median(r[s] for r in rs):14.2f}" for s in STAGES)
        print(f"{name:14s} {medians[name]:7.1f} {stages}")
    print(f"ratio this / baseline: {medians['this checkout'] / medians['baseline']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
