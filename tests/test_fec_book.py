"""The receivable lines of a FEC as the ledger's tables: roles, lettrage as of any date, openings.

Every scenario is a handful of balanced entries written with :mod:`tests.fec_entries`;
the expected aged balances are worked out by hand in the comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from recouvrement.aging import aged_balance
from recouvrement.aging.books import BooksTieError, lettrage_quality, tie_to_books
from recouvrement.io.fec.book import build_tables
from recouvrement.io.fec.roles import FecOptions, line_roles
from recouvrement.ledger import Ledger, LedgerError
from tests.fec_entries import Books


def ledger_of(*books: Books, options: FecOptions | None = None, terms: int = 30) -> Ledger:
    lines = pd.concat([b.frame(k) for k, b in enumerate(books)], ignore_index=True)
    sources = [f"FEC{k}.txt" for k in range(len(books))]
    tables, rows, book = build_tables(
        lines, sources, ["TAB"] * len(books), options or FecOptions(), terms
    )
    return Ledger(**tables, rows=rows, meta={"fec": book}, default_terms_days=terms)


def row(ledger: Ledger, day: str, debtor: str) -> dict:
    bal = aged_balance(ledger, day)
    return {k: round(v, 2) for k, v in bal.loc[debtor].items() if v}


@pytest.fixture
def year() -> Books:
    b = Books()
    # C1: F1 1 200 € paid 15/02, matched only on 20/02
    b.invoice("C1", "2025-01-10", 120000, "F1", "A", "2025-02-20")
    b.payment("C1", "2025-02-15", 120000, "VIR1", "A", "2025-02-20")
    # C1: F2 1 000 € partly paid 600 € (partial group B)
    b.invoice("C1", "2025-01-20", 100000, "F2", "B", "2025-02-01")
    b.payment("C1", "2025-02-01", 60000, "VIR2", "B", "2025-02-01")
    # C2 reuses code A: its own group; F3 cancelled by a credit note on 01/03
    b.invoice("C2", "2025-01-05", 50000, "F3", "A", "2025-03-01")
    b.credit_note("C2", "2025-03-01", 50000, "AV1", "A", "2025-03-01")
    # C2: 300 € received, never matched
    b.payment("C2", "2025-02-10", 30000, "VIR3")
    # C2: F4 240 € written off on 01/04 (654 + VAT reversed)
    b.invoice("C2", "2025-01-06", 24000, "F4", "B", "2025-04-01")
    b.write_off("C2", "2025-04-01", 24000, "PERTE", "B", "2025-04-01")
    return b


def test_roles_come_from_the_entry(year):
    lines = year.frame()
    roles = line_roles(lines, FecOptions())
    assert roles["role"].tolist() == [
        "invoice", "payment", "invoice", "payment", "invoice", "credit_note", "payment",
        "invoice", "write_off",
    ]  # fmt: skip
    assert roles["position"].tolist() == [1, 2, 1, 2, 1, 1, 2, 1, 3]


def test_tables_built_from_the_lines(year):
    led = ledger_of(year)
    inv = led.invoices
    assert inv["invoice_id"].tolist() == ["VE-00001-1", "VE-00002-1", "VE-00003-1", "VE-00005-1"]
    assert inv["reference"].tolist() == ["F1", "F2", "F3", "F4"]
    assert inv["due_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-02-09", "2025-02-19", "2025-02-04", "2025-02-05",
    ]  # fmt: skip
    pay = led.payments
    assert pay["invoice_id"].fillna("").tolist() == ["VE-00001-1", "VE-00002-1", ""]
    assert pay["applied_date"].dt.strftime("%Y-%m-%d").fillna("").tolist() == [
        "2025-02-20", "2025-02-01", "",
    ]  # fmt: skip
    assert led.credit_notes["invoice_id"].tolist() == ["VE-00003-1"]
    assert led.write_offs[["debtor_id", "invoice_id", "amount"]].to_numpy().tolist() == [
        ["C2", "VE-00005-1", 240.0]
    ]
    assert led.quality.empty


def test_matching_after_the_date_is_ignored(year):
    led = ledger_of(year)
    # 16/02: VIR1 received but matched on 20/02: F1 open 7 days late, VIR1 unapplied;
    # F2 1 000 − 600 = 400 not due (due 19/02)
    assert row(led, "2025-02-16", "C1") == {
        "Non échu": 400.0, "1-30": 1200.0, "Non affecté": -1200.0, "Total": 400.0,
    }  # fmt: skip
    # 28/02: F1 settled; F2's residual 400 is 9 days late
    assert row(led, "2025-02-28", "C1") == {"1-30": 400.0, "Total": 400.0}
    # 31/03: C2's F3 cancelled, F4 54 days late, 300 unapplied
    assert row(led, "2025-03-31", "C2") == {"31-60": 240.0, "Non affecté": -300.0, "Total": -60.0}


def test_books_tie_at_every_month_end(year):
    led = ledger_of(year)
    for day in pd.date_range("2025-01-31", "2025-06-30", freq="ME"):
        tie = tie_to_books(led, day)
        assert (tie["difference"] == 0).all()
    tie = tie_to_books(led, "2025-03-31")
    # C1: 1 200 + 1 000 − 1 200 − 600; C2: 500 + 240 − 300 − 500
    assert tie.loc["C1", "books"] == 40000
    assert tie.loc["C2", "books"] == -6000


def test_a_lost_line_stops_the_report(year):
    led = ledger_of(year)
    book = led.meta["fec"]
    extra = book.lines.iloc[[0]].assign(net=100)
    broken = Ledger(
        led.invoices, led.payments, led.credit_notes, led.write_offs,
        meta={"fec": type(book)(**{**book.__dict__, "lines": pd.concat([book.lines, extra])})},
    )  # fmt: skip
    expected = "1 débiteur\\(s\\) \\(C1 : balance âgée 400,00\xa0€, comptes clients 401,00"
    with pytest.raises(BooksTieError, match=expected):
        tie_to_books(broken, "2025-03-31")


def test_lettrage_quality(year):
    led = ledger_of(year)
    q = lettrage_quality(led, "2025-06-30")
    # group B of C1: 1 000 − 600, last line 01/02, more than 90 days before 30/06
    assert q.to_numpy().tolist() == [["partial_old", "C1", 2, 40000]]
    assert lettrage_quality(led, "2025-04-30").empty  # 88 days: not yet


def test_unmatched_credit_equal_to_an_open_invoice_is_listed():
    b = Books()
    b.invoice("C1", "2025-01-10", 50000, "F1")
    b.payment("C1", "2025-02-10", 50000, "VIR")
    q = lettrage_quality(ledger_of(b), "2025-02-28")
    assert q.to_numpy().tolist() == [["unmatched_exact", "C1", 1, 50000]]


def test_one_credit_settles_two_invoices_oldest_first():
    b = Books()
    b.invoice("C1", "2025-01-10", 30000, "F1", "A", "2025-02-10")
    b.invoice("C1", "2025-01-05", 20000, "F0", "A", "2025-02-10")
    b.payment("C1", "2025-02-10", 40000, "VIR", "A", "2025-02-10")
    led = ledger_of(b)
    pay = led.payments
    # F0 (issued first) gets 200, F1 the remaining 200 of 300
    assert pay[["invoice_id", "amount"]].to_numpy().tolist() == [
        ["VE-00002-1", 200.0], ["VE-00001-1", 200.0],
    ]  # fmt: skip
    # F1 due 09/02: its 100 left is 19 days late on 28/02
    assert row(led, "2025-02-28", "C1") == {"1-30": 100.0, "Total": 100.0}


def test_an_overpayment_stays_unapplied():
    b = Books()
    b.invoice("C1", "2025-01-10", 30000, "F1", "A", "2025-02-10")
    b.payment("C1", "2025-02-10", 35000, "VIR", "A", "2025-02-10")
    led = ledger_of(b)
    assert led.payments[["invoice_id", "amount"]].fillna("").to_numpy().tolist() == [
        ["VE-00001-1", 300.0], ["", 50.0],
    ]  # fmt: skip
    assert row(led, "2025-02-28", "C1") == {"Non affecté": -50.0, "Total": -50.0}


def test_opening_alone_ages_from_its_piece_date_or_is_marked_unknown():
    b = Books()
    b.opening("2025-01-01", [("C1", 50000, "F9", "2024-11-15", None), ("C2", 80000, "", "", None)])
    b.invoice("C1", "2025-01-10", 12000, "F10")
    led = ledger_of(b)
    inv = led.invoices
    assert inv["origin"].tolist() == ["à nouveau", "à nouveau", "facture"]
    assert inv["issue_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-11-15", "2025-01-01", "2025-01-10",
    ]  # fmt: skip
    book = led.meta["fec"]
    assert book.unknown_age[["debtor", "amount"]].to_numpy().tolist() == [["C2", 80000]]
    # C1's detailed opening: due 15/12/2024, 47 days late on 31/01; C2's aggregated one
    # is due on the opening date (30 days late)
    assert row(led, "2025-01-31", "C1") == {"Non échu": 120.0, "31-60": 500.0, "Total": 620.0}
    assert row(led, "2025-01-31", "C2") == {"1-30": 800.0, "Total": 800.0}


def test_next_year_openings_are_carried_and_keep_the_invoice_age():
    y1 = Books()
    y1.invoice("C1", "2024-11-10", 100000, "F1", "AB", "2024-12-10")
    y1.payment("C1", "2024-12-10", 40000, "VIR1", "AB", "2024-12-10")
    y2 = Books()
    y2.opening("2025-01-01", [("C1", 60000, "F1", "2024-11-10", "AA")])
    y2.payment("C1", "2025-02-05", 60000, "VIR2", "AA", "2025-02-05")
    led = ledger_of(y1, y2)
    # the opening line is not an item: F1 is, and VIR2 settles it
    assert led.invoices["invoice_id"].tolist() == ["2024-VE-00001-1"]
    assert led.payments[["invoice_id", "amount"]].to_numpy().tolist() == [
        ["2024-VE-00001-1", 400.0], ["2024-VE-00001-1", 600.0],
    ]  # fmt: skip
    # 31/01/2025: F1 (due 10/12/2024) 600 open, 52 days late
    assert row(led, "2025-01-31", "C1") == {"31-60": 600.0, "Total": 600.0}
    assert "C1" not in aged_balance(led, "2025-02-28").index
    for day in ("2024-12-31", "2025-01-31", "2025-02-28"):
        assert (tie_to_books(led, day)["difference"] == 0).all()


def test_openings_that_do_not_restate_the_previous_closing_are_refused():
    y1 = Books()
    y1.invoice("C1", "2024-11-10", 100000, "F1")
    y2 = Books()
    y2.opening("2025-01-01", [("C1", 90000, "F1", "2024-11-10", None)])
    expected = "à-nouveaux du compte client « C1 » = 900,00\xa0€, mais son solde"
    with pytest.raises(LedgerError, match=expected):
        ledger_of(y1, y2)


def test_transfer_to_doubtful_moves_the_invoice_with_its_age():
    b = Books()
    b.invoice("C1", "2025-01-10", 60000, "F1", "A", "2025-03-01")
    b.entry(
        "OD",
        "2025-03-01",
        [
            ("416000", "C1", 60000, 0, "A", "2025-04-15"),
            ("411000", "C1", 0, 60000, "A", "2025-03-01"),
        ],
        "DOUTEUX",
    )
    # on 416: 200 received, then 400 written off, matched with the 416 line (same code,
    # another account: another group)
    b.entry(
        "BQ",
        "2025-04-10",
        [("512000", "", 20000, 0, None, None), ("416000", "C1", 0, 20000, "A", "2025-04-15")],
    )
    b.entry(
        "OD",
        "2025-04-15",
        [("654000", "", 40000, 0, None, None), ("416000", "C1", 0, 40000, "A", "2025-04-15")],
    )
    led = ledger_of(b)
    # the transfer is neither an item nor a credit: F1 is the only invoice
    assert led.invoices["reference"].tolist() == ["F1"]
    assert led.payments[["invoice_id", "amount"]].to_numpy().tolist() == [["VE-00001-1", 200.0]]
    assert led.write_offs[["invoice_id", "amount"]].to_numpy().tolist() == [["VE-00001-1", 400.0]]
    # F1 (due 09/02) keeps its age: 600 open 19 days late on 28/02, 50 days on 31/03
    assert row(led, "2025-02-28", "C1") == {"1-30": 600.0, "Total": 600.0}
    assert row(led, "2025-03-31", "C1") == {"31-60": 600.0, "Total": 600.0}
    # 10/04: 200 received on 416 but matched on 15/04: unapplied until then
    assert row(led, "2025-04-12", "C1") == {"61-90": 600.0, "Non affecté": -200.0, "Total": 400.0}
    assert "C1" not in aged_balance(led, "2025-04-30").index
    for day in ("2025-02-28", "2025-03-31", "2025-04-12", "2025-04-30"):
        assert (tie_to_books(led, day)["difference"] == 0).all()


def test_terms_declared_observed_or_default():
    b = Books()
    for k, (issue, paid) in enumerate(
        [("2025-01-01", "2025-02-15"), ("2025-02-01", "2025-03-18"), ("2025-03-01", "2025-04-20")]
    ):
        code = f"A{k}"
        b.invoice("C1", issue, 10000, f"F{k}", code, paid)
        b.payment("C1", paid, 10000, f"V{k}", code, paid)
    b.invoice("C2", "2025-01-01", 10000, "G1")
    b.invoice("C3", "2025-01-01", 10000, "H1")
    led = ledger_of(b, options=FecOptions(terms_days={"C3": 60}))
    terms = led.meta["fec"].terms
    # C1 paid after 45, 45 and 50 days: median 45 (estimated); C2 default; C3 declared
    assert terms[["days", "source"]].to_numpy().tolist() == [
        [45, "observed"], [30, "default"], [60, "contract"],
    ]  # fmt: skip
