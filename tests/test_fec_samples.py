"""The sample company read from its FEC and from its tables gives the same audit.

``data/samples/atelier-rivage-fec`` holds only two FEC files (one per fiscal year, one
of each dialect) and a ``recouvrement.yml``; ``data/samples/atelier-rivage`` the same
simulated ledger as canonical tables. At every month end of the data, the two aged
balances and KPI packs are the same, and the FEC's ties to its 411 accounts.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from recouvrement.aging import aged_balance
from recouvrement.aging.books import lettrage_quality, tie_to_books
from recouvrement.io import activity_period, read_ledger
from recouvrement.kpi import kpi_history

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
MONTH_ENDS = pd.date_range("2025-01-31", "2026-10-31", freq="ME")


@pytest.fixture(scope="module")
def pair():
    fec = read_ledger(SAMPLES / "atelier-rivage-fec", confined=True)
    tables = read_ledger(SAMPLES / "atelier-rivage", confined=True)
    return fec, tables


def test_the_fec_folder_reads_with_no_table(pair):
    fec, tables = pair
    book = fec.meta["fec"]
    assert book.sources == ["999888779FEC20251231.txt", "999888779FEC20261031.txt"]
    # every line kept; the same rows as the tables, table by table
    assert fec.quality.empty
    for table in ("invoices", "payments", "credit_notes", "write_offs", "debtors"):
        assert fec.counts.set_index("table").loc[table, "kept"] == len(getattr(tables, table))
    # the opening entry of the second year restates the first: not counted again
    assert book.carried["net"].sum() == book.lines.loc[
        book.lines["date"] <= "2025-12-31", "net"
    ].sum()
    assert (book.terms["source"] == "contract").all()
    # the period of the data, from the entries (not the file names): the same as the tables'
    assert activity_period(SAMPLES / "atelier-rivage-fec") == (
        pd.Timestamp("2025-01-01"),
        pd.Timestamp("2026-10-23"),
    )
    assert activity_period(SAMPLES / "atelier-rivage") == activity_period(
        SAMPLES / "atelier-rivage-fec"
    )


def test_same_aged_balance_at_every_month_end(pair):
    fec, tables = pair
    for day in MONTH_ENDS:
        ours = aged_balance(fec, day).sort_index()
        theirs = aged_balance(tables, day).sort_index()
        pd.testing.assert_frame_equal(ours, theirs, check_names=False)
        tie = tie_to_books(fec, day)  # raises on any difference
        assert int(tie["books"].sum()) == round(theirs["Total"].sum() * 100)


def test_same_kpis_at_every_month_end(pair):
    fec, tables = pair
    cols = ["as_of", "key", "value", "numerator", "denominator", "n_debtors", "available"]
    ours = kpi_history(fec, MONTH_ENDS[-1], months=len(MONTH_ENDS))[cols]
    theirs = kpi_history(tables, MONTH_ENDS[-1], months=len(MONTH_ENDS))[cols]
    pd.testing.assert_frame_equal(ours, theirs)
    assert ours["available"].any()


def test_lettrage_of_the_sample(pair):
    fec, _ = pair
    # a clean sample: every partial group of 2025 was settled through its 2026 opening
    # line; the software restarts its codes each year, which is listed as information
    q = lettrage_quality(fec, "2026-10-31")
    assert set(q["finding"]) == {"code_reused"}
    members = fec.meta["fec"].members
    files = members.groupby(["debtor", "let"])["file"].nunique()
    reused = files[files == 2].reset_index()
    assert sorted(q["debtor"]) == sorted(reused["debtor"].unique())
    # C0026's group AI of 2025 (6 565,20 € invoiced 13/10/2025, 2 188,40 € paid
    # 30/12/2025) was still partial at the 2025 closing: not yet 90 days old then
    assert lettrage_quality(fec, "2025-12-31").empty
    members = members.set_index(["debtor", "let", "file"])
    assert members.loc[("C0026", "AI", 0), "net"].tolist() == [656520, -218840]
