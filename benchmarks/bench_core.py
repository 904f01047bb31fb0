"""Benchmark (not a test): aged balance + KPI pack on a 1M-invoice ledger.

Generates ~1M invoices and ~1M payment allocations with the deterministic sample
generator, builds the Ledger (timed separately: validation is paid once per load),
then times, at one as-of date:

* the vectorised path: ``aged_balance`` + ``kpi_pack`` (cold: includes building the
  cached arrays of the ledger), and its peak Python memory (tracemalloc);
* the same aged balance computed by a naive per-row Python loop, as a consultant
  would write it, for comparison (checked to give the same figures).

Usage::

    python -m benchmarks.bench_core [--invoices 1000000] [--as-of 2026-06-30] [--skip-naive]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import time
import tracemalloc
from collections import defaultdict

import numpy as np
import pandas as pd

import recouvrement as rc
from recouvrement.aging import derived
from recouvrement.kpi import kpi_pack
from tools.samples import generate_large


def naive_aged_balance(ledger: rc.Ledger, as_of: pd.Timestamp, edges=(30, 60, 90)) -> pd.DataFrame:
    """Per-row Python loops over the rows: the obvious way, for comparison."""
    labels = rc.Buckets(edges).labels()
    inv = {}
    for row in ledger.invoices.itertuples(index=False):
        if row.issue_date <= as_of:
            inv[row.invoice_id] = [row.debtor_id, row.due_date, round(row.amount * 100)]
    loose = defaultdict(int)
    for table in (ledger.payments, ledger.credit_notes, ledger.write_offs):
        has_debtor = "debtor_id" in table.columns
        for row in table.itertuples(index=False):
            if row.date > as_of:
                continue
            cents = round(row.amount * 100)
            target = inv.get(row.invoice_id) if isinstance(row.invoice_id, str) else None
            if target is not None:
                target[2] -= cents
            elif has_debtor:
                loose[row.debtor_id] -= cents
    grid = defaultdict(lambda: [0] * (len(labels) + 1))
    for debtor, due, residual in inv.values():
        if residual < 0:
            loose[debtor] += residual
            continue
        if residual == 0:
            continue
        age = (as_of - due).days
        pos = 0
        if age > 0:
            pos = 1
            for edge in edges:
                if age > edge:
                    pos += 1
        grid[debtor][pos] += residual
    for debtor, cents in loose.items():
        grid[debtor][len(labels)] += cents
    rows = {d: [c / 100 for c in cells] for d, cells in grid.items() if any(cells)}
    out = pd.DataFrame.from_dict(rows, orient="index", columns=[*labels, "Non affecté"])
    out["Total"] = out.sum(axis=1).round(2)
    return out.sort_index()


def vectorised(ledger: rc.Ledger, as_of: pd.Timestamp):
    balance = rc.aged_balance(ledger, as_of)
    pack = kpi_pack(ledger, as_of)
    rc.reconcile(ledger, as_of, balance)
    return balance, pack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--as-of", default="2026-06-30")
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    as_of = pd.Timestamp(args.as_of)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, "
        f"pandas {pd.__version__}, numpy {np.__version__}"
    )

    t = time.perf_counter()
    tables = generate_large(n_invoices=args.invoices, seed=0)
    t_gen = time.perf_counter() - t
    sizes = ", ".join(f"{k} {len(v):,}" for k, v in tables.items() if len(v))
    print(f"generated in {t_gen:.1f} s: {sizes}")

    t = time.perf_counter()
    ledger = rc.Ledger(**tables)
    t_ledger = time.perf_counter() - t
    print(
        f"Ledger validation (pandera, once per load): {t_ledger:.2f} s, {len(ledger.quality)} quality rows"
    )
    del tables
    gc.collect()

    t = time.perf_counter()
    balance, pack = vectorised(ledger, as_of)
    t_vec = time.perf_counter() - t
    t = time.perf_counter()
    vectorised(ledger, as_of)
    t_warm = time.perf_counter() - t

    derived(ledger).clear()  # the arrays are built again, inside the measure
    gc.collect()
    tracemalloc.start()
    vectorised(ledger, as_of)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"vectorised aged balance + KPI pack ({len(pack)} KPIs) at {as_of:%Y-%m-%d}: "
        f"{t_vec:.2f} s cold, {t_warm:.2f} s warm; peak memory {peak / 2**20:.0f} MiB; "
        f"{len(balance):,} debtors, encours {balance['Total'].sum():,.2f} €"
    )

    if args.skip_naive:
        return
    t = time.perf_counter()
    naive = naive_aged_balance(ledger, as_of)
    t_naive = time.perf_counter() - t
    same = np.allclose(naive.sort_index().to_numpy(), balance.sort_index().to_numpy(), atol=0.005)
    print(f"naive per-row loop (aged balance only): {t_naive:.2f} s; same figures: {same}")
    print(
        f"ratio naive (aged balance only) / vectorised (aged balance + KPI pack, cold): "
        f"{t_naive / t_vec:.1f}x"
    )
    t = time.perf_counter()
    rc.aged_balance(ledger, as_of)
    t_ab = time.perf_counter() - t
    print(f"ratio naive / vectorised, aged balance alone (warm arrays): {t_naive / t_ab:.0f}x")


if __name__ == "__main__":
    main()
