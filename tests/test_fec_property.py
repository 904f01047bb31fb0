"""Property: for random FEC ledgers, the aged balance ties to the customer accounts.

Random books of one or two fiscal years — invoices, payments matched fully, partly or
not at all, credit notes, write-offs, codes reused across debtors and years, detailed
openings of the second year — are read into a ledger; at every month end and for every
debtor, the aged balance (buckets + Non affecté) equals Σ (Debit − Credit) of its 411
lines, to the cent; every line is kept; a group that nets to zero leaves its invoices
settled once its matching date is past.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.aging import state_at
from recouvrement.aging.arrays import ledger_arrays
from recouvrement.aging.books import tie_to_books
from tests.fec_entries import Books
from tests.test_fec_book import ledger_of

DEBTORS = ("C1", "C2", "C3")

invoice_st = st.tuples(
    st.sampled_from(DEBTORS),
    st.integers(0, 300),  # issue day offset in the first year
    st.integers(1, 500_00),  # amount, cents
    st.sampled_from(["full", "partial", "two", "none", "credit", "loss", "doubtful"]),
    st.integers(1, 200),  # days to the first settlement
    st.integers(0, 40),  # matching delay (days after the credit)
)


def _date(offset: int) -> str:
    return str((pd.Timestamp("2024-01-01") + pd.Timedelta(days=offset)).date())


def _books(
    invoices: list[tuple], loose: list[tuple], two_years: bool, aggregated: bool = False
) -> list[Books]:
    """Write the random story; a second year restates the openings in detail."""
    y1, y2 = Books(), Books()
    codes: dict[str, int] = {}
    open_at_close: list[tuple] = []
    close = pd.Timestamp("2024-12-31")

    def code(debtor: str) -> str:
        codes[debtor] = codes.get(debtor, 0) + 1
        return f"L{codes[debtor] % 7}"  # reused within a debtor after 7: across years too

    for k, (debtor, day, amount, fate, wait, lag) in enumerate(invoices):
        if fate == "doubtful" and two_years:
            fate = "none"  # 416 lines are not carried over by this story's openings
        ref = f"F{k}"
        let = code(debtor) if fate != "none" else None
        credit_day = day + wait
        match = _date(credit_day + lag)
        year_of = (
            (lambda d: y1 if pd.Timestamp(_date(d)) <= close else y2)
            if two_years
            else (lambda d: y1)
        )
        first_match = match if let else None
        if two_years and pd.Timestamp(_date(day)) > close:
            continue
        y1.invoice(debtor, _date(day), amount, ref, let, first_match)
        paid = 0
        if fate == "doubtful":
            # moved to 416 (matched with the invoice), then half received on 416
            when, d_let = credit_day, f"D{let}"
            y1.entry("OD", _date(when), [
                ("416000", debtor, amount, 0, d_let, _date(when + 60 + lag)),
                ("411000", debtor, 0, amount, let, _date(when + lag)),
            ], f"T{k}")  # fmt: skip
            y1.entry("BQ", _date(when + 60), [
                ("512000", "", amount // 2, 0, None, None),
                ("416000", debtor, 0, amount // 2, d_let, _date(when + 60 + lag)),
            ], f"R{k}")  # fmt: skip
            continue
        parts = {"full": [amount], "partial": [amount // 2], "two": [amount // 3, amount - amount // 3],
                 "credit": [amount], "loss": [amount], "none": []}[fate]  # fmt: skip
        for j, part in enumerate(parts):
            if part <= 0:
                continue
            when = credit_day + 30 * j
            book = year_of(when)
            if two_years and book is y2:
                break  # finished in the second year, through the opening line
            writer = {"credit": book.credit_note, "loss": book.write_off}.get(fate, book.payment)
            writer(debtor, _date(when), part, f"R{k}-{j}", let, _date(when + lag))
            paid += part
        if two_years and amount - paid:
            open_at_close.append((debtor, amount - paid, ref, _date(day), amount, paid))
    for debtor, day, amount in loose:
        book = y2 if two_years and pd.Timestamp(_date(day)) > close else y1
        book.payment(debtor, _date(day), amount, f"U{day}")
    if not two_years:
        return [y1]
    lines = []
    if aggregated:  # one opening line per debtor, no reference (the usual layout)
        owed: dict[str, int] = {}
        for debtor, left, *_ in open_at_close:
            owed[debtor] = owed.get(debtor, 0) + left
        lines += [(debtor, left, "", None, code(debtor)) for debtor, left in owed.items()]
    else:
        for debtor, left, ref, _, _, _ in open_at_close:
            lines.append((debtor, left, ref, None, code(debtor)))
    # unmatched credits carried as such (aggregated per debtor, no reference)
    loose_y1 = pd.DataFrame(
        [r for r in y1.rows if r["account"] == "411000" and not r["let"] and r["credit"]]
    )
    if len(loose_y1):
        for debtor, cents in loose_y1.groupby("aux")["credit"].sum().items():
            lines.append((debtor, -int(cents), "", None, None))
    if lines:
        y2.opening(
            "2025-01-01", [(d, n, r, p, let if n > 0 else None) for d, n, r, p, let in lines]
        )
        for debtor, left, _, _, let in lines:
            if left > 0 and let:
                y2.payment(debtor, "2025-02-15", left, "SOLDE", let, "2025-02-20")
    return [y1, y2] if y2.rows else [y1]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    invoices=st.lists(invoice_st, min_size=1, max_size=12),
    loose=st.lists(
        st.tuples(st.sampled_from(DEBTORS), st.integers(0, 700), st.integers(1, 300_00)),
        max_size=3,
    ),
    two_years=st.booleans(),
    aggregated=st.booleans(),
)
def test_aged_balance_ties_to_the_books(invoices, loose, two_years, aggregated):
    books = _books(invoices, loose, two_years, aggregated)
    led = ledger_of(*books)
    assert led.quality.empty  # nothing set aside nor repaired
    for day in pd.date_range("2024-01-31", "2025-12-31", freq="ME"):
        tie = tie_to_books(led, day)  # raises BooksTieError on any difference
        assert (tie["difference"] == 0).all()
    # at the end, every invoice of a group netting to zero is settled
    a = ledger_arrays(led)
    end = state_at(a, pd.Timestamp("2026-12-31"))
    book = led.meta["fec"]
    net = book.lines[book.lines["group"] >= 0].groupby("group")["net"].sum()
    # a group closed by a transfer to 416 moved its invoices, it did not settle them
    moved = set(book.lines.loc[book.lines["role"] == "transfer", "group"])
    zero = set(net[net == 0].index) - moved
    settled_ids = set(
        book.lines.loc[book.lines["group"].isin(zero) & (book.lines["net"] > 0), "id"]
    )
    residual = dict(zip(a.invoice_ids, end.residual, strict=True))
    assert all(residual[i] == 0 for i in settled_ids if i in residual)
    if len(books) == 2:
        # whatever was open at the first closing was settled through its opening line
        # (detailed, or one per debtor standing for its open items, oldest first) in the
        # second year: every invoice keeps its own id and ends settled
        assert (end.residual <= 0).all()
