"""FEC layouts met in practice that are easy to get wrong: aggregated openings, transfers
carried over, openings in an unknown journal, overlapping files, late lettering, ceilings.

Each expected figure is worked out by hand in the comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

import recouvrement as rc
from recouvrement.aging import aged_balance
from recouvrement.aging.books import lettrage_quality, tie_to_books
from recouvrement.conventions import Limits
from recouvrement.io.fec.roles import FecOptions
from recouvrement.ledger import LedgerError
from tests.fec_entries import Books
from tests.test_fec_book import ledger_of


def test_an_aggregated_opening_settles_the_previous_years_invoices_oldest_first():
    y1 = Books()
    y1.invoice("C1", "2024-11-10", 100000, "F1")
    y1.invoice("C1", "2024-12-10", 50000, "F2")
    y2 = Books()
    # one opening line for the debtor, no reference, matched with one payment
    y2.opening("2025-01-01", [("C1", 150000, "", None, "AA")])
    y2.payment("C1", "2025-01-20", 150000, "V2", "AA", "2025-01-20")
    led = ledger_of(y1, y2)
    assert led.payments[["invoice_id", "amount"]].to_numpy().tolist() == [
        ["2024-VE-00001-1", 1000.0],
        ["2024-VE-00002-1", 500.0],
    ]
    assert "C1" not in aged_balance(led, "2025-06-30").index
    assert lettrage_quality(led, "2025-06-30").empty  # the group has its debit
    # before the payment, both invoices keep their age: F1 due 10/12, F2 due 09/01
    assert aged_balance(led, "2025-01-15").loc["C1", "31-60"] == 1000.0


def test_an_opening_naming_a_smaller_invoice_stands_for_the_rest_too():
    y1 = Books()
    y1.invoice("C1", "2024-11-10", 100000, "F1")
    y1.invoice("C1", "2024-12-10", 50000, "F2")
    y2 = Books()
    y2.opening("2025-01-01", [("C1", 150000, "F2", None, "AA")])
    y2.payment("C1", "2025-01-20", 150000, "V2", "AA", "2025-01-20")
    led = ledger_of(y1, y2)
    # F2 gets what it owes (500), the 1 000 beyond stand for F1
    assert sorted(led.payments[["invoice_id", "amount"]].to_numpy().tolist()) == [
        ["2024-VE-00001-1", 1000.0],
        ["2024-VE-00002-1", 500.0],
    ]
    assert "C1" not in aged_balance(led, "2025-06-30").index


def test_a_carried_credit_never_gives_more_than_it_had():
    y1 = Books()
    y1.invoice("C1", "2024-11-10", 100000, "F1")
    y1.payment("C1", "2024-12-01", 30000, "V1")
    y1.payment("C1", "2024-12-02", 20000, "V2")
    y2 = Books()
    # the 500 unapplied are carried under V1's reference (300 only) and matched with F2
    y2.opening("2025-01-01", [("C1", 100000, "F1", None, None), ("C1", -50000, "V1", None, "AB")])
    y2.invoice("C1", "2025-01-10", 50000, "F2", "AB", "2025-01-15")
    led = ledger_of(y1, y2)
    pay = led.payments.set_index("payment_id")
    # V1 gives its 300 to F2, V2 its 200: F2 settled; no negative row
    assert (led.payments["amount"] > 0).all()
    assert pay.loc["2024-BQ-00001-2", "amount"] == 300.0
    assert pay.loc["2024-BQ-00002-2", "amount"] == 200.0
    # 28/02: F1 1 000 open (issued 10/11/2024), F2 settled
    assert aged_balance(led, "2025-02-28").loc["C1", "Total"] == 1000.0
    assert (tie_to_books(led, "2025-02-28")["difference"] == 0).all()


def test_a_transfer_to_doubtful_carried_to_the_next_year():
    y1 = Books()
    y1.invoice("C1", "2024-06-10", 60000, "F1", "A", "2024-09-01")
    y1.entry(
        "OD",
        "2024-09-01",
        [("416000", "C1", 60000, 0, None, None), ("411000", "C1", 0, 60000, "A", "2024-09-01")],
        "DOUT",
    )
    y2 = Books()
    y2.opening("2025-01-01", [("C1", 60000, "DOUT", None, "B")])
    y2.rows[0]["account"] = "416000"
    y2.entry(
        "BQ",
        "2025-03-10",
        [("512000", "", 60000, 0, None, None), ("416000", "C1", 0, 60000, "B", "2025-03-10")],
    )
    led = ledger_of(y1, y2)
    # the receipt on 416 settles F1, through the opening line standing for it
    assert led.payments[["invoice_id", "amount"]].to_numpy().tolist() == [
        ["2024-VE-00001-1", 600.0]
    ]
    assert aged_balance(led, "2025-02-28").loc["C1", "> 90"] == 600.0
    assert "C1" not in aged_balance(led, "2025-06-30").index


def test_openings_in_a_journal_not_known_as_one_are_refused():
    y1 = Books()
    y1.invoice("C1", "2024-11-10", 100000, "F1")
    y2 = Books()
    y2.entry("OUV", "2025-01-01", [("411000", "C1", 100000, 0, None, None),
                                   ("890000", "", 0, 100000, None, None)], "F1")  # fmt: skip
    y2.invoice("C1", "2025-01-10", 10000, "F2")
    with pytest.raises(LedgerError, match="journal « OUV ».*fec: opening_journals"):
        ledger_of(y1, y2)
    # named as an opening journal, it is carried: F1 counted once
    led = ledger_of(y1, y2, options=FecOptions(opening_journals=("OUV",)))
    assert aged_balance(led, "2025-01-31").loc["C1", "Total"] == 1100.0


def test_overlapping_files_are_refused(tmp_path):
    b = Books()
    b.invoice("C1", "2025-01-10", 12000, "F1")
    b.write(tmp_path / "a.txt")
    b.write(tmp_path / "b.txt")
    with pytest.raises(LedgerError, match="a.txt et b.txt se chevauchent"):
        rc.read_fec([tmp_path / "a.txt", tmp_path / "b.txt"])


def test_a_customer_line_above_the_ceiling_refuses_the_files(tmp_path):
    b = Books()
    b.invoice("C1", "2025-01-10", 450000, "F1", "A", "2025-02-10")
    b.invoice("C1", "2025-01-11", 50000, "F2", "A", "2025-02-10")
    b.payment("C1", "2025-02-10", 500000, "V", "A", "2025-02-10")
    b.write(tmp_path / "f.txt")
    with pytest.raises(LedgerError) as err:
        rc.read_fec(tmp_path / "f.txt", limits=Limits(max_amount=4000))
    assert [p.split(" : ")[0] for p in err.value.problems] == [
        "f.txt, ligne 2 (compte 411000)",
        "f.txt, ligne 9 (compte 411000)",  # header, 3 + 3 invoice lines, 512 line, 411 line
    ]


def test_late_lettering_counts_as_collected_when_matched():
    b = Books()
    # 12 debtors pay on 25/03 an invoice due 09/02; the matching is done on 10/04
    for k in range(12):
        b.invoice(f"C{k}", "2025-01-10", 10000, f"F{k}", "A", "2025-04-10")
        b.payment(f"C{k}", "2025-03-25", 10000, f"V{k}", "A", "2025-04-10")
    led = ledger_of(b)
    r = rc.recovery_rate(led, "2025-04-30")
    # cohort 31/03: 1 200 open (matched later); collected in April when matched: 100 %
    assert (r.denominator, r.numerator, r.value) == (1200.0, 1200.0, 100.0)


def test_observed_terms_come_from_payments_only():
    b = Books()
    for k, (issue, day) in enumerate(
        [("2024-01-05", "2025-02-24"), ("2024-01-06", "2025-02-25"), ("2024-01-07", "2025-02-26")]
    ):
        b.invoice("C1", issue, 10000, f"F{k}", f"A{k}", day)
        b.write_off("C1", day, 10000, f"P{k}", f"A{k}", day)
    b.invoice("C1", "2025-01-15", 50000, "F9")
    led = ledger_of(b)
    # write-offs say nothing of when C1 pays: the default 30 days, not 416
    assert led.meta["fec"].terms.loc["C1", ["days", "source"]].tolist() == [30, "default"]


def test_observed_terms_are_capped_at_sixty_days():
    b = Books()
    for k, (issue, day) in enumerate(
        [("2025-01-01", "2025-04-11"), ("2025-01-02", "2025-04-12"), ("2025-01-03", "2025-04-13")]
    ):
        b.invoice("C1", issue, 10000, f"F{k}", f"A{k}", day)
        b.payment("C1", day, 10000, f"V{k}", f"A{k}", day)
    led = ledger_of(b)
    # paid after 100 days: estimated terms 60 (art. L.441-10 I), the debtor is late
    assert led.meta["fec"].terms.loc["C1", ["days", "source"]].tolist() == [60, "observed"]


def test_an_unmatched_transfer_is_not_an_unmatched_receipt():
    b = Books()
    b.invoice("C1", "2025-01-10", 60000, "F1")
    b.entry(
        "OD",
        "2025-03-01",
        [("416000", "C1", 60000, 0, None, None), ("411000", "C1", 0, 60000, None, None)],
        "DOUTEUX",
    )
    led = ledger_of(b)
    assert lettrage_quality(led, "2025-03-31").empty
    assert aged_balance(led, "2025-03-31").loc["C1", "31-60"] == 600.0


def test_a_bill_of_exchange_is_a_payment():
    b = Books()
    b.invoice("C1", "2025-01-10", 60000, "F1", "A", "2025-02-01")
    b.entry(
        "OD",
        "2025-02-01",
        [("413000", "", 60000, 0, None, None), ("411000", "C1", 0, 60000, "A", "2025-02-01")],
        "LCR",
    )
    led = ledger_of(b)
    assert led.payments["origin"].isna().all()  # cash, not an adjustment
    pd.testing.assert_series_equal(
        led.payments["invoice_id"], pd.Series(["VE-00001-1"], name="invoice_id"), check_dtype=False
    )
