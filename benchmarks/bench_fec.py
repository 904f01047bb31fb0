"""Benchmark (not a test): a company read from its FEC, against the same ledger read from tables.

Generates a large ledger (``tools.samples.generate_large``, seed 0: invoices, payments,
credit notes, write-offs) and writes it twice, with whole-array operations: as canonical
CSV tables (``debtors.csv`` with each debtor's own ``terms_days``), and as one FEC (TAB,
UTF-8, ``1234,56``, ``YYYYMMDD``): an invoice is a ``VE`` entry (411000 debit TTC with
the debtor as auxiliary, 706000 credit HT, 445710 credit VAT), a credit note the same
reversed, a payment row a ``BQ`` entry (411000 / 512000), a write-off an ``OD`` entry
(411000 / 654000). An invoice with allocations gets a lettrage code (per-debtor counter
in letters) shared by the rows allocated to it (``DateLet``: their own date; the
invoice's: its first allocation's); unallocated rows have none.

Then times, in the same run, ``read_ledger`` of the tables against ``read_fec`` of the FEC
(the FEC reader and the table building apart), their peak memory (each in a fresh
process: tracemalloc, Arrow's pool, RSS growth), checks that both ledgers give the same
aged balance, and times ``tie_to_books`` at 12 month ends.

Usage::

    python -m benchmarks.bench_fec [--invoices 200000] [--as-of 2026-10-31] [--repeat 1]
        [--skip-memory]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

import recouvrement as rc
from recouvrement import conventions as cv
from recouvrement.aging.books import tie_to_books
from recouvrement.io.fec.book import build_tables
from recouvrement.io.fec.read import read_fec_file
from tools.samples import generate_large

#: Accounts of the FEC (number, label), by name.
ACCOUNTS = {
    "client": ("411000", "Clients"),
    "sales": ("706000", "Prestations de services"),
    "vat": ("445710", "TVA collectée"),
    "bank": ("512000", "Banque"),
    "loss": ("654000", "Pertes sur créances irrécouvrables"),
}
ACCOUNT_NAMES = list(ACCOUNTS)
CLIENT = ACCOUNT_NAMES.index("client")

#: Journals: label, and the order of the entries of one day.
JOURNALS = {"VE": ("Ventes", 0), "BQ": ("Banque", 1), "OD": ("Opérations diverses", 2)}

#: Per kind of entry: its table, id column, journal, label, and lines (account, side, part).
KINDS = {
    "invoice": ("invoices", "invoice_id", "VE", "Facture ",
                [("client", "D", "ttc"), ("sales", "C", "ht"), ("vat", "C", "vat")]),
    "payment": ("payments", "payment_id", "BQ", "Règlement ",
                [("client", "C", "ttc"), ("bank", "D", "ttc")]),
    "credit_note": ("credit_notes", "credit_note_id", "VE", "Avoir ",
                    [("client", "C", "ttc"), ("sales", "D", "ht"), ("vat", "D", "vat")]),
    "write_off": ("write_offs", None, "OD", "Perte sur créance ",
                  [("client", "C", "ttc"), ("loss", "D", "ttc")]),
}  # fmt: skip

FEC_HEADER = """JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum
    CompAuxLib PieceRef PieceDate EcritureLib Debit Credit EcritureLet DateLet ValidDate
    Montantdevise Idevise""".split()


def cents(amount: pd.Series) -> np.ndarray:
    return np.rint(amount.to_numpy(dtype="float64") * 100).astype("int64")


def amount_text(value: np.ndarray, sep: str) -> pa.Array:
    """Cents as ``1234,56`` (``sep`` = ``,``) or ``1234.56``, exactly (no float)."""
    euros = pc.cast(pa.array(value // 100), pa.string())
    rest = pc.utf8_lpad(pc.cast(pa.array(value % 100), pa.string()), 2, "0")
    return pc.binary_join_element_wise(euros, rest, sep)


def yyyymmdd(dates: np.ndarray) -> pa.Array:
    """Dates as the integers ``YYYYMMDD`` (null for NaT)."""
    d = np.asarray(dates).astype("datetime64[D]")
    y, m = d.astype("datetime64[Y]"), d.astype("datetime64[M]")
    value = (y.astype("int64") + 1970) * 10000 + ((m - y).astype("int64") + 1) * 100
    return pa.array(value + (d - m).astype("int64") + 1, mask=np.isnat(d))


def letters(counter: np.ndarray) -> np.ndarray:
    """0 → ``AA``, 1 → ``AB``...: fixed-width base-26 letters (2 at least)."""
    width = 2
    while 26**width <= int(counter.max(initial=0)):
        width += 1
    digits = counter[:, None] // 26 ** np.arange(width - 1, -1, -1) % 26
    return (digits + 65).astype(np.uint8).view(f"S{width}").ravel().astype(str)


def restrict(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Invoices, payments, credit notes, write-offs (with their debtor), debtors with terms."""
    inv, wo = tables["invoices"], tables["write_offs"]
    days = (inv["due_date"] - inv["issue_date"]).dt.days.groupby(inv["debtor_id"])
    terms = days.agg(["min", "max"])
    assert (terms["min"] == terms["max"]).all(), "terms not constant per debtor"
    debtors = tables["debtors"][["debtor_id", "name"]].assign(kind="professionnel")
    terms = debtors["debtor_id"].map(terms["min"]).fillna(cv.DEFAULT_TERMS_DAYS)
    debtor_of = pd.Series(inv["debtor_id"].to_numpy(), index=inv["invoice_id"])
    credit = ["debtor_id", "invoice_id", "date", "amount"]
    return {
        "invoices": inv[["invoice_id", "debtor_id", "issue_date", "due_date", "amount"]],
        "payments": tables["payments"][["payment_id", *credit]],
        "credit_notes": tables["credit_notes"][["credit_note_id", *credit]],
        "write_offs": wo.assign(debtor_id=wo["invoice_id"].map(debtor_of))[credit],
        "debtors": debtors.assign(terms_days=terms.astype("int64")),
    }


def write_csv(table: pa.Table, path: Path, sep: str) -> None:
    """``table`` as text, its header unquoted (Arrow quotes a header whatever the style)."""
    options = pacsv.WriteOptions(include_header=False, delimiter=sep, quoting_style="none")
    with path.open("wb") as out:
        out.write((sep.join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, out, options)


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """Canonical CSV: ISO dates, ``1234.56`` amounts, comma separated."""
    for name, frame in tables.items():
        columns = {}
        for column, values in frame.items():
            if column == "amount":
                columns[column] = amount_text(cents(values), ".")
            elif values.dtype.kind == "M":
                columns[column] = pa.array(values.to_numpy().astype("datetime64[D]"))
            else:
                columns[column] = pa.array(values)
        write_csv(pa.table(columns), folder / f"{name}.csv", ",")


def fec_entries(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per entry, in the FEC's order: ``kind, journal, num, date, ref, ttc, let...``."""
    inv = tables["invoices"]
    index = pd.Index(inv["invoice_id"])
    parts = []
    for kind, (name, id_col, journal, label, _) in KINDS.items():
        t = tables[name]
        ids = t[id_col] if id_col else "OD" + pd.Series(np.arange(1, len(t) + 1)).astype("str")
        ids = np.asarray(ids, dtype=object)
        about = t["invoice_id"].fillna("").to_numpy(dtype=object) if not id_col else ids
        on = t["invoice_id"] if kind != "invoice" else pd.Series(pd.NA, index=t.index)
        parts.append(pd.DataFrame({
            "kind": kind, "journal": journal, "ref": ids, "label": label + about,
            "debtor": t["debtor_id"].to_numpy(dtype=object),
            "date": t["date" if kind != "invoice" else "issue_date"].to_numpy(),
            "ttc": cents(t["amount"]),
            "target": np.where(on.isna().to_numpy(), -1, index.get_indexer(on)),
        }))  # fmt: skip
    e = pd.concat(parts, ignore_index=True)
    # lettrage: one code per invoice with an allocation, from a per-debtor counter
    target = e["target"].to_numpy()
    first = e[target >= 0].groupby("target")["date"].min()
    lettered = first.index.to_numpy()
    debtor = inv["debtor_id"].to_numpy()[lettered]
    counter = pd.Series(debtor).groupby(debtor).cumcount().to_numpy()
    code = np.full(len(inv), None, dtype=object)
    code[lettered] = letters(counter)
    date_let = np.full(len(inv), np.datetime64("NaT"), dtype="datetime64[ns]")
    date_let[lettered] = first.to_numpy()
    is_inv = (e["kind"] == "invoice").to_numpy()
    e["let"] = np.where(target >= 0, code[target], None)
    e["date_let"] = e["date"].where(target >= 0)
    e.loc[is_inv, "let"], e.loc[is_inv, "date_let"] = code, date_let
    rank = e["journal"].map({j: r for j, (_, r) in JOURNALS.items()}).to_numpy()
    e = e.iloc[np.lexsort((rank, e["date"].to_numpy()))].reset_index(drop=True)
    e["num"] = e.groupby("journal").cumcount() + 1
    e["ht"] = (e["ttc"] * 10 + 6) // 12
    e["vat"] = e["ttc"] - e["ht"]
    return e


def write_fec(tables: dict[str, pd.DataFrame], path: Path) -> int:
    """The FEC of ``tables`` (see the module docstring); returns its number of lines."""
    e = fec_entries(tables)
    names = tables["debtors"].set_index("debtor_id")["name"]
    order, pos, account, debit, credit = [], [], [], [], []
    for kind, (*_, template) in KINDS.items():
        rows = np.flatnonzero((e["kind"] == kind).to_numpy())
        for p, (acc, side, part) in enumerate(template):
            value = e[part].to_numpy()[rows]
            order.append(rows)
            pos.append(np.full(len(rows), p))
            account.append(np.full(len(rows), ACCOUNT_NAMES.index(acc)))
            debit.append(value if side == "D" else np.zeros_like(value))
            credit.append(value if side == "C" else np.zeros_like(value))
    order = np.concatenate(order)
    sort = np.lexsort((np.concatenate(pos), order))
    take = pa.array(order[sort])
    account = pa.array(np.concatenate(account)[sort])
    client = pc.equal(account, CLIENT)

    def per_entry(values: object, only_client: bool = False) -> pa.Array:
        out = (values if isinstance(values, pa.Array) else pa.array(values)).take(take)
        return pc.if_else(client, out, pa.scalar(None, out.type)) if only_client else out

    dates = yyyymmdd(e["date"].to_numpy())
    columns = {
        "JournalCode": per_entry(e["journal"].to_numpy(dtype=object)),
        "JournalLib": per_entry(e["journal"].map({j: lib for j, (lib, _) in JOURNALS.items()})),
        "EcritureNum": per_entry(e["num"].to_numpy()),
        "EcritureDate": dates.take(take),
        "CompteNum": pa.array([a for a, _ in ACCOUNTS.values()]).take(account),
        "CompteLib": pa.array([lib for _, lib in ACCOUNTS.values()]).take(account),
        "CompAuxNum": per_entry(e["debtor"].to_numpy(dtype=object), True),
        "CompAuxLib": per_entry(e["debtor"].map(names).to_numpy(dtype=object), True),
        "PieceRef": per_entry(e["ref"].to_numpy(dtype=object)),
        "PieceDate": dates.take(take),
        "EcritureLib": per_entry(e["label"].to_numpy(dtype=object)),
        "Debit": amount_text(np.concatenate(debit)[sort], ","),
        "Credit": amount_text(np.concatenate(credit)[sort], ","),
        "EcritureLet": per_entry(pa.array(e["let"], pa.string(), from_pandas=True), True),
        "DateLet": per_entry(yyyymmdd(e["date_let"].to_numpy()), True),
        "ValidDate": dates.take(take),
        "Montantdevise": pa.nulls(len(take), pa.string()),
        "Idevise": pa.nulls(len(take), pa.string()),
    }
    assert list(columns) == FEC_HEADER
    write_csv(pa.table(columns), path, "\t")
    return len(take)


def read_fec(path: Path, terms: dict[str, int]) -> rc.Ledger:
    options = rc.FecOptions(terms_days=terms)
    return rc.read_fec(path, options=options, default_kind="professionnel")


def fec_parts(path: Path, terms: dict[str, int]) -> tuple[int, str, float, float]:
    """Lines, dialect, seconds of the FEC reader alone and of the table building alone."""
    t = time.perf_counter()
    fec = read_fec_file(path)
    t_read = time.perf_counter() - t
    lines = fec.lines.assign(file=0)
    options = rc.FecOptions(terms_days=terms)
    t = time.perf_counter()
    build_tables(lines, [fec.source], [fec.dialect], options, cv.DEFAULT_TERMS_DAYS)
    return fec.read, fec.dialect, t_read, time.perf_counter() - t


def status_kib(field: str) -> int:
    """A memory figure of this process (``VmRSS``, ``VmHWM``: its peak), in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def memory_child(what: str, path: Path, terms_file: Path) -> None:
    """In a fresh process: the peak memory of one reader, printed as JSON."""
    terms = json.loads(terms_file.read_text())
    gc.collect()
    before = status_kib("VmHWM")  # ru_maxrss would be the parent's (kept across exec)
    tracemalloc.start()
    if what == "tables":
        rc.read_ledger(path)
    elif what == "fec":
        read_fec(path, terms)
    else:
        read_fec_file(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = status_kib("VmHWM")
    arrow = pa.default_memory_pool().max_memory()
    print(json.dumps({"traced": peak, "rss": (after - before) * 1024, "arrow": arrow}))


def peak_memory(what: str, path: Path, terms_file: Path) -> str:
    cmd = [sys.executable, "-m", "benchmarks.bench_fec", "--memory-of", what, str(path)]
    out = subprocess.run([*cmd, str(terms_file)], capture_output=True, text=True, check=True)
    m = json.loads(out.stdout.strip().splitlines()[-1])
    return f"tracemalloc {mib(m['traced'])}, Arrow pool {mib(m['arrow'])}, RSS +{mib(m['rss'])}"


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def timed(fn, *args):
    gc.collect()
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=200_000)
    parser.add_argument("--as-of", default="2026-10-31")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of (a) and (b): the fastest")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--memory-of", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_of:
        what, path, terms_file = args.memory_of
        return memory_child(what, Path(path), Path(terms_file))
    as_of = pd.Timestamp(args.as_of)
    month_ends = pd.date_range(end=as_of, periods=12, freq="ME")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, "
        f"pandas {pd.__version__}, numpy {np.__version__}, pyarrow {pa.__version__}"
    )
    rows: list[tuple[str, str]] = []
    tables, t_gen = timed(lambda: restrict(generate_large(n_invoices=args.invoices, seed=0)))
    sizes = ", ".join(f"{len(v):,} {k.replace('_', ' ')}" for k, v in tables.items())
    rows.append(("generation", f"{t_gen:.1f} s: {sizes}"))
    with tempfile.TemporaryDirectory(prefix="bench_fec_") as tmp:
        folder, fec_path = Path(tmp) / "tables", Path(tmp) / "999888779FEC20261031.txt"
        folder.mkdir()
        _, t_tables = timed(write_tables, tables, folder)
        n_lines, t_fec = timed(write_fec, tables, fec_path)
        size = sum(f.stat().st_size for f in folder.iterdir())
        debtors = tables["debtors"]
        terms = dict(zip(debtors["debtor_id"], debtors["terms_days"].tolist(), strict=True))
        terms_file = Path(tmp) / "terms.json"
        terms_file.write_text(json.dumps(terms))
        del tables, debtors
        rows.append(("writing, vectorised", f"CSV tables {t_tables:.1f} s ({mib(size)}), FEC "
                     f"{t_fec:.1f} s ({n_lines:,} lines, {mib(fec_path.stat().st_size)})"))  # fmt: skip
        print("\n".join(": ".join(row) for row in rows))

        best = [np.inf] * 4  # the fastest of the rounds, (a) and (b) alternating
        for _ in range(args.repeat):
            from_tables = from_fec = None
            from_tables, t_a = timed(rc.read_ledger, folder)
            from_fec, t_b = timed(read_fec, fec_path, terms)
            (read, dialect, t_read, t_build), _ = timed(fec_parts, fec_path, terms)
            print(f"read_ledger (tables) {t_a:.2f} s; read_fec {t_b:.2f} s "
                  f"(FEC reader {t_read:.2f} s, tables built {t_build:.2f} s)")  # fmt: skip
            best = [min(x, y) for x, y in zip(best, (t_a, t_b, t_read, t_build), strict=True)]
        t_a, t_b, t_read, t_build = best
        rows += [
            ("(a) `read_ledger` of the CSV tables", f"**{t_a:.2f} s**"),
            ("(b) `read_fec` of the FEC", f"**{t_b:.2f} s** ({t_b / t_a:.2f}× (a))"),
            ("  (b) `read_fec_file`: parse, type, balance", f"{t_read:.2f} s ({read:,} lines, "
             f"{dialect})"),
            ("  (b) `build_tables`: roles, lettrage, terms", f"{t_build:.2f} s"),
            ("  (b) the rest: `Ledger(...)` validation", f"{t_b - t_read - t_build:.2f} s"),
        ]  # fmt: skip
        if not args.skip_memory:
            for label, what, path in (
                ("(a)", "tables", folder),
                ("(b)", "fec", fec_path),
                ("(b) `read_fec_file` alone", "fec-file", fec_path),
            ):
                rows.append((f"peak memory {label}", peak_memory(what, path, terms_file)))
                print(*rows[-1], sep=": ")

    # (c) the aged balance of both ledgers
    ours, t_ab_a = timed(rc.aged_balance, from_tables, as_of)
    theirs, t_ab_b = timed(rc.aged_balance, from_fec, as_of)
    try:
        pd.testing.assert_frame_equal(ours.sort_index(), theirs.sort_index())
        same = "yes"
    except AssertionError as exc:
        same = f"no ({' '.join(str(exc).split())[:300]})"
    agree = sum(
        rc.aged_balance(from_tables, d).sort_index().equals(rc.aged_balance(from_fec, d).sort_index())
        for d in month_ends
    )  # fmt: skip
    print(f"same aged balance: {same}; at the 12 month ends: {agree}/12")
    rows.append((f"(c) `aged_balance` at {as_of:%Y-%m-%d}, cold arrays",
                 f"(a) {t_ab_a:.2f} s, (b) {t_ab_b:.2f} s; {len(ours):,} debtors, "
                 f"{ours['Total'].sum():,.2f} €"))  # fmt: skip
    rows.append(("same aged balance", f"**{same}** (and at {agree}/12 month ends)"))

    # (d) the tie to the books at 12 month ends
    ties, t_tie = timed(lambda: [tie_to_books(from_fec, d) for d in month_ends])
    off = sum(int(tie["difference"].abs().sum()) for tie in ties)
    print(f"tie_to_books at 12 month ends: {t_tie:.2f} s, difference {off} cents")
    rows.append((f"(d) `tie_to_books` at 12 month ends ({month_ends[0]:%Y-%m} to "
                 f"{month_ends[-1]:%Y-%m})", f"{t_tie:.2f} s ({t_tie / 12 * 1000:.0f} ms each), "
                 f"difference {off} cents"))  # fmt: skip
    print("\n| step | figure |\n|---|---|")
    for step, figure in rows:
        print(f"| {step} | {figure} |")


if __name__ == "__main__":
    main()
