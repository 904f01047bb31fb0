"""Benchmark (not a test): the batch's speed-up with workers, local pool and Dask LocalCluster.

Same machine, same run, same companies: ``recouvrement batch --force`` on copies of the
sample companies (each for its own latest month), as a user runs it (the command's
start-up, the cluster's and the kernels' included), for each configuration:

- ``dask-N``: ``--executor dask --jobs N`` (a LocalCluster of N worker processes);
- ``local-N``: ``--jobs N`` (the default process pool), for reference.

The configurations are alternated within each repetition (machine load drifts over a
run), and the median wall time of each is printed with its speed-up over one worker of
the same executor, and the load average before and after.

Usage::

    python -m benchmarks.bench_dask [--workers 1,2] [--repeat 2] [--copies 1] [--no-local]
"""

from __future__ import annotations

import argparse
import os
import platform
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


def _data(root: Path, copies: int) -> list[str]:
    companies = []
    for src in sorted(p for p in SAMPLES.iterdir() if p.is_dir()):
        for k in range(copies):
            name = src.name if copies == 1 else f"{src.name}-{k + 1:02d}"
            shutil.copytree(src, root / name)
            companies.append(name)
    return companies


def batch(data: Path, out: Path, executor: str, workers: int) -> float:
    """Wall time (s) of one forced batch; fails loudly if a report failed."""
    cmd = [str(BIN / "recouvrement"), "batch", "--data", str(data), "--out", str(out)]
    cmd += ["--jobs", str(workers), "--force", "--no-progress", "--executor", executor]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--no-local", action="store_true", help="Dask configurations only")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    executors = ["dask"] if args.no_local else ["dask", "local"]
    configs = [(e, n) for e in executors for n in counts]
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        data = Path(tmp) / "data"
        companies = _data(data, args.copies)
        times: dict[tuple[str, int], list[float]] = {c: [] for c in configs}
        load_before = os.getloadavg()
        for rep in range(args.repeat):
            order = configs if rep % 2 == 0 else configs[::-1]
            for executor, n in order:
                out = Path(tmp) / f"out-{executor}-{n}"
                times[(executor, n)].append(batch(data, out, executor, n))
                print(f"  {executor}-{n} run {rep + 1}: {times[(executor, n)][-1]:.1f} s")
        load_after = os.getloadavg()
    print(
        f"\n{len(companies)} reports, {args.repeat} runs each, alternated; "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(f"{'configuration':<14}{'median s':>10}{'s / report':>12}{'speed-up':>10}  runs")
    for executor, n in configs:
        median = statistics.median(times[(executor, n)])
        base = statistics.median(times[(executor, counts[0])])
        runs = ", ".join(f"{t:.1f}" for t in times[(executor, n)])
        print(
            f"{executor}-{n:<9}{median:>10.1f}{median / len(companies):>12.1f}"
            f"{base / median:>9.2f}×  {runs}"
        )


if __name__ == "__main__":
    main()
