"""Benchmark (not a test): reading a French Excel CSV folder of 1M invoices + 1M payments.

Writes, with whole-array operations, a company folder as French exports write it
(``factures.csv`` and ``reglements.csv``; ``;`` separator, decimal comma with a
thousands separator, ``dd/mm/yyyy`` dates; style ``excel``: UTF-8 with a BOM, U+202F
thousands, no ``read:`` block so that the separator, decimal and date format are
detected; style ``french``: cp1252, spaces and U+00A0, a ``read:`` block) from
:func:`tools.samples.generate_large` (seed 0), with a few realistic problems spread
through the files (unreadable amounts and dates, a duplicate id, blank lines, a
ragged line, a quoted field holding the separator, one spanning two lines...). Then,
each measure in a fresh process, side by side and alternately, ``--repeat`` rounds:

(a) ``pyarrow.csv.read_csv`` of the same two files, every column as text;
(b) ``recouvrement.read_ledger`` of the folder, with the time spent inside
    ``Ledger(...)`` apart (the rest: reading, splitting, mapping), the peak RSS of the
    process and the peak of Arrow's memory pool;
(c) ``Ledger(invoices=..., payments=...)`` of the typed frames of ``generate_large``
    (the 1M + 1M build, no text to parse).

``--baseline DIR`` runs (b) and (c) also with the package of an earlier revision
copied in DIR (``git archive <rev> recouvrement | tar -x -C DIR``) and checks that both
revisions give the same ledger: the eight tables, the exact cents, the quality table,
the counts and the lines a ``where:`` excluded.

Usage::

    python -m benchmarks.bench_read [--invoices 1000000] [--style excel|french]
        [--repeat 3] [--baseline DIR] [--folder DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

#: Per style: encoding, thousands separators (odd rows, every fifth row), read block.
STYLES = {
    "excel": ("utf-8-sig", "\u202f", "\u202f", False),
    "french": ("cp1252", " ", "\u00a0", True),
}
INVOICE_HEADERS = ["N° facture", "Code client", "Date facture", "Date échéance", "Montant TTC"]
PAYMENT_HEADERS = ["N° règlement", "Code client", "N° facture", "Date règlement", "Montant réglé"]
CANONICAL = {
    "invoices": ["invoice_id", "debtor_id", "issue_date", "due_date", "amount"],
    "payments": ["payment_id", "debtor_id", "invoice_id", "date", "amount"],
}


def french_amounts(cents: np.ndarray, sep: str, alt: str) -> pd.Series:
    """``1 234,56`` (``sep`` as thousands separator, ``alt`` on every fifth row)."""
    cents = np.asarray(cents, dtype="int64")
    euros, frac = np.abs(cents) // 100, np.abs(cents) % 100
    millions, thousands, units = euros // 1_000_000, (euros // 1000) % 1000, euros % 1000
    seps = pd.Series(np.where(np.arange(len(cents)) % 5 == 2, alt, sep), dtype="str")

    def text(values: np.ndarray, width: int = 0) -> pd.Series:
        out = pd.Series(values, dtype="int64").astype("str")
        return out.str.zfill(width) if width else out

    body = text(units)
    body = body.where(euros < 1000, text(thousands) + seps + text(units, 3))
    body = body.where(
        euros < 1_000_000, text(millions) + seps + text(thousands, 3) + seps + text(units, 3)
    )
    sign = pd.Series(np.where(cents < 0, "-", ""), dtype="str")
    return sign + body + "," + text(frac, 2)


def french_dates(dates: pd.Series) -> pd.Series:
    """``dd/mm/yyyy``, empty when missing (each distinct day formatted once)."""
    codes, days = pd.factorize(dates)
    texts = np.append(pd.DatetimeIndex(days).strftime("%d/%m/%Y").to_numpy(dtype=object), "")
    return pd.Series(texts[codes], dtype="str")


def _problems(frame: pd.DataFrame, table: str) -> list[str]:
    """Overwrite a few cells with realistic problems; return extra raw lines to insert."""
    n = len(frame)
    at = [int(n * f) for f in (0.1, 0.3, 0.5, 0.7, 0.9)]
    amount, date = frame.columns[-1], frame.columns[2 if table == "invoices" else 3]
    frame.loc[at[0], amount] = "n/a"
    frame.loc[at[1], date] = "31/02/2026"
    frame.loc[at[2], amount] = frame.loc[at[2], amount] + "5"  # three decimals: rounded
    frame.loc[at[3], frame.columns[1]] = '"' + frame.loc[at[3], frame.columns[1]] + ';bis"'
    frame.loc[at[4], frame.columns[0]] = frame.loc[at[4] - 1, frame.columns[0]]  # duplicate id
    if table == "invoices":
        frame.loc[at[2] + 1, "Date échéance"] = ""  # repaired: issue date + terms
    return ["", ";" * (frame.shape[1] - 1), "X;Y", '"ligne\nsur deux";a;b;c;d']


def write_folder(folder: Path, n_invoices: int, style: str) -> dict[str, int]:
    """Write the benchmark folder; return the size in bytes of each file."""
    from tools.samples import generate_large  # the child processes need only the package

    encoding, sep, alt, read_block = STYLES[style]
    tables = generate_large(n_invoices=n_invoices, seed=0)
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for table, name, headers in (
        ("invoices", "factures.csv", INVOICE_HEADERS),
        ("payments", "reglements.csv", PAYMENT_HEADERS),
    ):
        src = tables[table]
        cols = {}
        for header, col in zip(headers, CANONICAL[table], strict=True):
            if col.endswith("date"):
                cols[header] = french_dates(src[col])
            elif col == "amount":
                cols[header] = french_amounts(np.rint(src[col] * 100), sep, alt)
            else:
                cols[header] = src[col].fillna("").astype("str")
        frame = pd.DataFrame(cols).astype(object)
        extra = _problems(frame, table)
        lines = (frame[headers[0]].str.cat([frame[h] for h in headers[1:]], sep=";")).tolist()
        step = max(1, len(lines) // (len(extra) + 1))
        for i, line in enumerate(extra):
            lines.insert((i + 1) * step, line)
        text = "\r\n".join([";".join(headers), *lines, ""])
        (folder / name).write_bytes(text.encode(encoding))
        sizes[name] = (folder / name).stat().st_size
    config = ['name: "Lecture 1M"', "tables:"]
    if read_block:
        config[1:1] = ["read:", '  sep: ";"', '  decimal: ","', f"  encoding: {encoding}",
                       '  date_format: "%d/%m/%Y"']  # fmt: skip
    for table, name, headers in (
        ("invoices", "factures.csv", INVOICE_HEADERS),
        ("payments", "reglements.csv", PAYMENT_HEADERS),
    ):
        config += [f"  {table}:", f'    file: "{name}"', "    columns:"]
        config += [f'      "{h}": {c}' for h, c in zip(headers, CANONICAL[table], strict=True)]
    (folder / "recouvrement.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return sizes


# -- measures, each run in a fresh process (--child) -----------------------------------


def _arrow_peak() -> int:
    import pyarrow as pa

    return int(pa.default_memory_pool().max_memory() or 0)


def _rss_mib() -> float:
    """Peak RSS of this process (``VmHWM``: unlike ``ru_maxrss``, not the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource  # not Linux: the maximum resident set size

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_arrow(folder: Path, encoding: str) -> dict:
    """(a): the two files as Arrow tables of text, with pyarrow.csv."""
    import pyarrow as pa
    import pyarrow.csv as pc

    t, cpu = time.perf_counter(), time.process_time()
    rows = 0
    for name in ("factures.csv", "reglements.csv"):
        path = folder / name
        header = path.read_bytes()[:4096].decode(encoding).splitlines()[0].lstrip("\ufeff")
        names = header.split(";")
        table = pc.read_csv(
            path,
            read_options=pc.ReadOptions(encoding=encoding, column_names=names, skip_rows=1),
            parse_options=pc.ParseOptions(delimiter=";", invalid_row_handler=lambda r: "skip"),
            convert_options=pc.ConvertOptions(column_types={c: pa.string() for c in names}),
        )
        rows += table.num_rows
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "rows": rows, "rss_mib": _rss_mib()}


def child_read(folder: Path, digest: Path | None) -> dict:
    """(b): ``read_ledger`` of the folder, the time inside ``Ledger(...)`` apart."""
    import recouvrement.io.folder as folder_module
    from recouvrement.ledger import Ledger

    inside = []

    class TimedLedger(Ledger):
        def __init__(self, *args, **kwargs):
            t0, cpu0 = time.perf_counter(), time.process_time()
            super().__init__(*args, **kwargs)
            inside.append((time.perf_counter() - t0, time.process_time() - cpu0))

    folder_module.Ledger = TimedLedger  # a benchmark's probe: times the build in place
    rss0 = _rss_mib()
    t, cpu = time.perf_counter(), time.process_time()
    ledger = folder_module.read_ledger(folder)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    out = {
        "seconds": seconds,
        "cpu": cpu,
        "ledger": inside[0][0],
        "ledger_cpu": inside[0][1],
        "rss_mib": _rss_mib(),
        "rss_start_mib": rss0,
        "arrow_peak_mib": _arrow_peak() / 2**20,
        "quality": len(ledger.quality),
        "kept": int(ledger.counts["kept"].sum()),
        "module": folder_module.__file__,
    }
    if digest is not None:
        pd.to_pickle(_digest(ledger), digest)
    return out


def _digest(ledger) -> dict:
    """What two revisions must give alike: tables, exact cents, quality, counts, exclusions."""
    from recouvrement import conventions as cv

    out = {name: getattr(ledger, name) for name in cv.TABLES}
    out |= {f"cents:{name}": ledger.cents(name) for name in ("invoices", "payments")}
    out |= {"quality": ledger.quality, "counts": ledger.counts}
    out |= {"quality_amounts": ledger.quality_amounts, "excluded": ledger.meta["excluded"]}
    return out


def child_build(n_invoices: int) -> dict:
    """(c): ``Ledger(invoices=..., payments=...)`` of typed frames (no text to parse)."""
    sys.path.append(str(ROOT))  # tools.samples, for the frames only (after a baseline)
    from recouvrement.ledger import Ledger
    from tools.samples import generate_large

    tables = generate_large(n_invoices=n_invoices, seed=0)
    t, cpu = time.perf_counter(), time.process_time()
    ledger = Ledger(invoices=tables["invoices"], payments=tables["payments"])
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "quality": len(ledger.quality), "rss_mib": _rss_mib()}


def _run_child(args: list[str], baseline: Path | None) -> dict:
    env = dict(os.environ)
    if baseline is not None:
        env["PYTHONPATH"] = str(baseline)
    cwd = baseline if baseline is not None else ROOT
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"child {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _compare(ours: Path, theirs: Path) -> list[str]:
    """The parts of the two digests that differ (empty: the same ledger)."""
    a, b = pd.read_pickle(ours), pd.read_pickle(theirs)
    differ = []
    for key in a:
        try:
            if isinstance(a[key], np.ndarray):
                np.testing.assert_array_equal(a[key], b[key])
            elif isinstance(a[key], pd.Series):
                pd.testing.assert_series_equal(a[key], b[key])
            else:
                pd.testing.assert_frame_equal(a[key], b[key])
        except AssertionError as exc:
            differ.append(f"{key}: {str(exc)[:300]}")
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--style", choices=sorted(STYLES), default="excel")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument(
        "--folder", type=Path, default=None, help="write the folder here (reused if there)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "arrow":
            result = child_arrow(Path(rest[0]), rest[1])
        elif kind == "read":
            result = child_read(Path(rest[0]), Path(rest[1]) if len(rest) > 1 else None)
        else:
            result = child_build(int(rest[0]))
        print(json.dumps(result))
        return

    import pyarrow as pa

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
        f"{platform.python_version()}, pandas {pd.__version__}, pyarrow {pa.__version__}"
    )
    with tempfile.TemporaryDirectory(prefix="bench_read_") as tmp:
        folder = args.folder or Path(tmp) / "lecture"
        t = time.perf_counter()
        if (folder / "recouvrement.yml").is_file():  # --folder of an earlier run: reused
            sizes = {p.name: p.stat().st_size for p in sorted(folder.glob("*.csv"))}
            print(f"folder {folder} reused (written by an earlier run, --style as then)")
        else:
            sizes = write_folder(folder, args.invoices, args.style)
        files = ", ".join(f"{k} {v / 2**20:.0f} MiB" for k, v in sizes.items())
        print(f"folder written in {time.perf_counter() - t:.1f} s ({args.style}): {files}")
        encoding = STYLES[args.style][0]
        runs: dict[str, list[dict]] = {}
        sides = [("this", None)] + ([("baseline", args.baseline)] if args.baseline else [])
        digests = {side: Path(tmp) / f"{side}.pkl" for side, _ in sides}
        for r in range(args.repeat):
            runs.setdefault("arrow", []).append(_run_child(["arrow", str(folder), encoding], None))
            for side, base in sides:
                extra = [str(digests[side])] if r == 0 else []
                runs.setdefault(f"read:{side}", []).append(
                    _run_child(["read", str(folder), *extra], base)
                )
                runs.setdefault(f"build:{side}", []).append(
                    _run_child(["build", str(args.invoices)], base)
                )
            print(f"round {r + 1}: " + ", ".join(
                f"{k} {v[-1]['seconds']:.2f} s" for k, v in runs.items()
            ))  # fmt: skip
        report(runs, sides)
        if args.baseline:
            differ = _compare(digests["this"], digests["baseline"])
            print("same ledger as the baseline: " + ("yes" if not differ else "NO"))
            for line in differ:
                print("  " + line)


def report(runs: dict[str, list[dict]], sides: list) -> None:
    """Print the medians side by side: wall seconds, and CPU seconds of the process."""

    def med(key: str, field: str = "seconds") -> float:
        return statistics.median(r[field] for r in runs[key])

    arrow, arrow_cpu = med("arrow"), med("arrow", "cpu")
    rows = runs["arrow"][0]["rows"]
    print(f"(a) pyarrow text read: {arrow:.2f} s, CPU {arrow_cpu:.2f} s ({rows:,} rows)")
    for side, _ in sides:
        key = f"read:{side}"
        read, cpu = med(key), med(key, "cpu")
        inside, inside_cpu = med(key, "ledger"), med(key, "ledger_cpu")
        first = runs[key][0]
        print(
            f"[{side}] (b) read_ledger {read:.2f} s = {read / arrow:.1f}x (a) "
            f"(CPU {cpu:.2f} s = {cpu / arrow_cpu:.1f}x); inside Ledger(...) {inside:.2f} s "
            f"(CPU {inside_cpu:.2f}), reading and mapping {read - inside:.2f} s; peak RSS "
            f"{max(r['rss_mib'] for r in runs[key]):.0f} MiB (at start "
            f"{first['rss_start_mib']:.0f}), Arrow pool peak "
            f"{max(r['arrow_peak_mib'] for r in runs[key]):.0f} MiB; "
            f"{first['kept']:,} rows kept, {first['quality']} quality rows"
        )
        build = f"build:{side}"
        print(
            f"[{side}] (c) Ledger(invoices, payments) of typed frames: {med(build):.2f} s "
            f"(CPU {med(build, 'cpu'):.2f} s)"
        )
    for key, values in runs.items():
        print(
            f"  {key}: "
            + ", ".join(
                f"{v['seconds']:.2f} (CPU {v.get('cpu', float('nan')):.2f})" for v in values
            )
        )


if __name__ == "__main__":
    main()
