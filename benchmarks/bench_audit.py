"""Benchmark (not a test): the audit layer against the KPI pack, at 30k to 1M invoices.

For each size, in a fresh process (so that each size's peak memory is its own), a ledger
from the deterministic generator (``tools.samples.generate_large``, seed 0) is built once,
then, at one as-of date:

* **KPI pack**: ``kpi_pack`` cold (the ledger's cached arrays cleared first, so that they
  are built inside the measure, as in ``bench_core``) and warm;
* **Snapshot**: ``snapshot(ledger, as_of)`` and its shared parts (state, open items,
  aged balance, disputes, insolvency, invoices to dun);
* **audit layer**: ``audit_layer`` on that snapshot, cold (first call: nothing of the
  layer cached), with the time of each section it calls (every public function of
  ``dunning``, ``legal``, ``scoring`` and ``dunning.letters`` and the layer's own imports,
  wrapped for the run; a section called inside another counts in the outer one only);
* the ratio audit layer / KPI pack (cold), peak Python memory of the audit layer
  (tracemalloc, a second run on a fresh snapshot) and the process' peak RSS;
* a digest (SHA-256) of every part of the layer (frames hashed cell by cell with their
  columns and dtypes; letters with their facts, invoices and text), so that two
  revisions can be checked to give the same results.

With ``--baseline DIR`` (a source tree of another revision, e.g. ``git archive <rev> |
tar -x -C DIR``) every size runs in both trees, alternately, ``--repeat`` times, with this
interpreter (``DIR`` first on ``PYTHONPATH``); the medians are printed side by side and
the digests compared part by part. ``--profile K`` prints the K functions of the audit
layer with the most own time (cProfile, a separate run).

Usage::

    python -m benchmarks.bench_audit [--invoices 30000 100000 300000 1000000]
        [--as-of 2026-06-30] [--repeat 1] [--baseline DIR] [--profile 25] [--skip-memory]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import functools
import gc
import hashlib
import inspect
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (30_000, 100_000, 300_000, 1_000_000)
#: What a letter says (its facts, invoices and text), digested whatever its fields are.
LETTER_FACTS = (
    "debtor_id",
    "debtor_name",
    "kind",
    "title",
    "level",
    "channel",
    "date",
    "deadline",
    "debtor_kind",
    "civility",
    "invoices",
    "penalty_rate",
    "history",
    "furniture",
    "amounts_at",
    "provisional",
    "notes",
    "blocks",
    "principal",
    "penalties",
    "indemnities",
    "total",
)


# --------------------------------------------------------------------------- child


def _digest(obj, h) -> None:
    """Feed ``obj`` into the hash ``h``: frames cell by cell, dataclasses field by field."""
    import numpy as np
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        h.update(repr((list(obj.columns), [str(t) for t in obj.dtypes], len(obj))).encode())
        for name in obj.columns:
            _digest(obj[name], h)
        _digest_values(obj.index, h)
    elif isinstance(obj, pd.Series):
        h.update(repr((obj.name, str(obj.dtype), len(obj))).encode())
        _digest_values(obj, h)
        _digest_values(obj.index, h)
    elif isinstance(obj, np.ndarray):
        _digest_values(pd.Series(obj.ravel()), h)
    elif type(obj).__name__ == "Letter":  # what it says, however it is built
        for attr in LETTER_FACTS:
            h.update(attr.encode())
            _digest(getattr(obj, attr), h)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        h.update(type(obj).__name__.encode())
        for f in dataclasses.fields(obj):
            h.update(f.name.encode())
            _digest(getattr(obj, f.name), h)
    elif isinstance(obj, list | tuple | frozenset | set):
        items = sorted(obj, key=repr) if isinstance(obj, frozenset | set) else obj
        h.update(f"{type(obj).__name__}{len(items)}".encode())
        for item in items:
            _digest(item, h)
    elif isinstance(obj, dict):
        h.update(f"dict{len(obj)}".encode())
        for key, value in obj.items():
            h.update(repr(key).encode())
            _digest(value, h)
    else:
        h.update(repr(obj).encode())


def _digest_values(values, h) -> None:
    """Hash the values of a Series or Index, cell by cell (object cells by their repr)."""
    import pandas as pd

    s = pd.Series(values) if isinstance(values, pd.Index) else values
    try:
        hashed = pd.util.hash_pandas_object(s, index=False)
    except TypeError:  # lists, tuples, dicts in cells
        hashed = pd.util.hash_pandas_object(s.map(repr).astype("object"), index=False)
    h.update(hashed.to_numpy().tobytes())


def layer_digests(layer) -> dict[str, str]:
    """Part of the audit layer -> SHA-256 of its content (see :func:`_digest`)."""
    out = {}
    for f in dataclasses.fields(layer):
        h = hashlib.sha256()
        _digest(getattr(layer, f.name), h)
        out[f.name] = h.hexdigest()[:16]
    return out


class SectionTimer:
    """Wrap the functions the audit layer calls; time the outermost calls by name."""

    def __init__(self):
        self.times: dict[str, float] = {}
        self._depth = 0
        self._patched: list[tuple[object, str, object]] = []

    def _wrap(self, label: str, func):
        @functools.wraps(func)
        def timed(*args, **kwargs):
            if self._depth:
                return func(*args, **kwargs)
            self._depth += 1
            t0 = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.times[label] = self.times.get(label, 0.0) + time.perf_counter() - t0
                self._depth -= 1

        return timed

    def __enter__(self):
        from recouvrement import dunning, legal, scoring
        from recouvrement.audit import layer as layer_module
        from recouvrement.dunning import letters

        targets = [(dunning, "dunning"), (legal, "legal"), (scoring, "scoring")]
        targets += [(letters, "letters"), (layer_module, "layer")]
        for owner, prefix in targets:
            for name in list(vars(owner)):
                value = getattr(owner, name)
                if name.startswith("_") or not inspect.isfunction(value):
                    continue
                if owner is layer_module and value.__module__ == layer_module.__name__:
                    continue  # audit_layer itself
                self._patched.append((owner, name, value))
                setattr(owner, name, self._wrap(f"{prefix}.{name}", value))
        return self

    def __exit__(self, *exc):
        for owner, name, value in reversed(self._patched):
            setattr(owner, name, value)
        self._patched.clear()


def _fresh_snapshot(ledger, as_of):
    """A snapshot of ``ledger`` with its shared parts computed (timed by the caller)."""
    from recouvrement.aging import snapshot

    snap = snapshot(ledger, as_of)
    for part in ("state", "items", "balance", "disputed", "insolvent", "to_dun"):
        getattr(snap, part)
    return snap


def child(n: int, as_of_text: str, skip_memory: bool, profile: int) -> dict:
    """Every measure of one size, in this process; a JSON-able dict."""
    import numpy as np
    import pandas as pd

    import recouvrement as rc
    from recouvrement.aging import derived
    from recouvrement.audit import audit_layer
    from recouvrement.kpi import kpi_pack
    from tools.samples import generate_large

    as_of = pd.Timestamp(as_of_text)
    out: dict = {
        "invoices": n,
        "code": str(Path(rc.__file__).resolve().parents[1]),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }
    t = time.perf_counter()
    tables = generate_large(n_invoices=n, seed=0)
    out["generate_s"] = time.perf_counter() - t
    out["rows"] = {k: len(v) for k, v in tables.items()}
    out["input_cents"] = int(round(tables["invoices"]["amount"].sum() * 100))
    t = time.perf_counter()
    ledger = rc.Ledger(**tables)
    out["ledger_s"] = time.perf_counter() - t
    del tables
    gc.collect()

    derived(ledger).clear()
    t = time.perf_counter()
    pack = kpi_pack(ledger, as_of)
    out["kpi_cold_s"] = time.perf_counter() - t
    t = time.perf_counter()
    kpi_pack(ledger, as_of)
    out["kpi_warm_s"] = time.perf_counter() - t
    out["kpis"] = len(pack)

    t = time.perf_counter()
    snap = _fresh_snapshot(ledger, as_of)
    out["snapshot_s"] = time.perf_counter() - t

    gc.collect()
    with SectionTimer() as timer:
        t = time.perf_counter()
        layer = audit_layer(snap)
        out["audit_s"] = time.perf_counter() - t
    out["sections"] = dict(sorted(timer.times.items(), key=lambda kv: -kv[1]))
    out["sections"]["(layer's own)"] = out["audit_s"] - sum(timer.times.values())
    out["ratio"] = out["audit_s"] / out["kpi_cold_s"]
    out["ratio_warm"] = out["audit_s"] / out["kpi_warm_s"]
    out["letters"] = len(layer.letters)
    out["debtors_scored"] = 0 if layer.scores is None else len(layer.scores)
    out["interest_rows"] = 0 if layer.interest is None else len(layer.interest)
    t = time.perf_counter()
    out["digests"] = layer_digests(layer)
    out["digest_s"] = time.perf_counter() - t
    del layer
    gc.collect()

    if not skip_memory:
        snap = _fresh_snapshot(ledger, as_of)
        gc.collect()
        tracemalloc.start()
        audit_layer(snap)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["audit_peak_mib"] = peak / 2**20
        derived(ledger).clear()
        gc.collect()
        tracemalloc.start()
        kpi_pack(ledger, as_of)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["kpi_peak_mib"] = peak / 2**20
    out["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if profile:
        snap = _fresh_snapshot(ledger, as_of)
        profiler = cProfile.Profile()
        profiler.enable()
        audit_layer(snap)
        profiler.disable()
        stats = pstats.Stats(profiler)
        rows = []
        for (file, line, func), (_, calls, own, cum, _) in stats.stats.items():
            rows.append((own, cum, calls, f"{Path(file).name}:{line}({func})"))
        rows.sort(reverse=True)
        out["profile"] = [
            {"own_s": own, "cum_s": cum, "calls": calls, "function": name}
            for own, cum, calls, name in rows[:profile]
        ]
    return out


# --------------------------------------------------------------------------- parent


def run_child(code: Path, n: int, args: argparse.Namespace) -> dict:
    """One size in a fresh interpreter, with ``code`` (a source tree) first on the path."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(code), str(ROOT)]))
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(n)]
    command += ["--as-of", args.as_of, "--profile", str(args.profile)]
    command += ["--skip-memory"] if args.skip_memory else []
    done = subprocess.run(command, env=env, cwd=code, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(runs: list[dict], key: str) -> float:
    values = [r[key] for r in runs if key in r]
    return statistics.median(values) if values else float("nan")


def _sections(runs: list[dict]) -> dict[str, float]:
    names = dict.fromkeys(name for r in runs for name in r["sections"])
    return {name: statistics.median(r["sections"].get(name, 0.0) for r in runs) for name in names}


def print_size(n: int, results: dict[str, list[dict]]) -> None:
    """The medians of one size, per source tree, and the sections' breakdown."""
    print(f"\n## {n:,} invoices")
    first = next(iter(results.values()))[0]
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in first["rows"].items() if v))
    header = (
        "| code | ledger s | snapshot s | KPI pack cold s | warm s | audit s | ratio (cold) "
        "| ratio (warm) | audit peak MiB | KPI peak MiB | max RSS MiB | letters |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for name, runs in results.items():
        cells = [
            name,
            *(
                f"{_median(runs, k):.3f}"
                for k in ("ledger_s", "snapshot_s", "kpi_cold_s", "kpi_warm_s", "audit_s")
            ),
            f"{_median(runs, 'ratio'):.1f}×",
            f"{_median(runs, 'ratio_warm'):.1f}×",
            *(f"{_median(runs, k):.0f}" for k in ("audit_peak_mib", "kpi_peak_mib", "max_rss_mib")),
            f"{runs[0]['letters']:,}",
        ]
        print("| " + " | ".join(cells) + " |")
        each = ", ".join(f"{r['audit_s']:.3f}" for r in runs)
        print(f"   ({name}: audit s of each run: {each})")
    names = list(results)
    per = {name: _sections(runs) for name, runs in results.items()}
    order = sorted(
        dict.fromkeys(s for p in per.values() for s in p),
        key=lambda s: -max(p.get(s, 0) for p in per.values()),
    )
    print("\n| section | " + " | ".join(f"{name} s" for name in names) + " |")
    print("|---|" + "---|" * len(names))
    for section in order:
        print(
            f"| {section} | "
            + " | ".join(f"{per[name].get(section, 0.0):.3f}" for name in names)
            + " |"
        )
    if len(results) > 1:
        digests = [runs[0]["digests"] for runs in results.values()]
        differ = [part for part in digests[0] if len({d.get(part) for d in digests}) > 1]
        print(
            f"\nsame results, part by part: {'yes' if not differ else 'NO: ' + ', '.join(differ)}"
        )
    for name, runs in results.items():
        if runs[0].get("profile"):
            print(f"\nprofile ({name}), own time:")
            for row in runs[0]["profile"]:
                print(
                    f"  {row['own_s']:7.3f} s own {row['cum_s']:7.3f} s cum {row['calls']:>9,}  {row['function']}"
                )


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments; run the sizes (in child processes) and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--as-of", default="2026-06-30")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--baseline", type=Path, help="source tree of another revision")
    parser.add_argument("--profile", type=int, default=0, help="print the top K functions")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--json", type=Path, help="also write every run to this file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.as_of, args.skip_memory, args.profile)))
        return 0
    trees = {"this checkout": ROOT}
    if args.baseline is not None:
        trees = {"baseline": args.baseline.resolve(), **trees}
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}; python {platform.python_version()}"
    )
    print(f"as of {args.as_of}; trees: " + ", ".join(f"{k} = {v}" for k, v in trees.items()))
    everything = {}
    for n in args.invoices:
        results: dict[str, list[dict]] = {name: [] for name in trees}
        for _ in range(args.repeat):
            for name, code in trees.items():  # alternately: a busy machine slows both alike
                results[name].append(run_child(code, n, args))
        first = next(iter(results.values()))[0]
        if (
            len({(r["input_cents"], json.dumps(r["rows"])) for v in results.values() for r in v})
            > 1
        ):
            print("WARNING: the trees generated different ledgers (tools.samples differs)")
        print_size(n, results)
        print(f"(python {first['python']}, pandas {first['pandas']}, numpy {first['numpy']})")
        everything[n] = results
        sys.stdout.flush()
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
