"""Aged balance: hand-checked values, custom buckets, and the reconciliation invariant."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import recouvrement as rc
from recouvrement.aging import REVALUATION_COLUMNS, Reconciliation, ReconciliationError, revaluation
from recouvrement.ledger.fx import ecb_data_date

AS_OF = "2025-03-31"
D = pd.Timestamp


def _ledger(**tables) -> rc.Ledger:
    return rc.Ledger(**tables)


@pytest.fixture
def ledger() -> rc.Ledger:
    """A small ledger checked by hand at 31/03/2025.

    A: F1 1 000 due 31/01 (59 days late), paid 400 on 10/03 and 300 on 05/04 (after
       as-of, ignored) -> residual 600 in 31-60.
       F2 500 due 31/03 (due exactly on as-of: not overdue), credit note 100 -> 400 Non échu.
       F6 700 issued 02/04 (after as-of): absent.
    B: F3 300 due 09/02 (50 days) -> 300 in 31-60; unapplied payment 50 -> Non affecté −50.
       F4 200 due 01/01 (89 days) -> 200 in 61-90; F7 120 due 15/12/2024 (106 days) -> > 90.
    C: F5 800 paid 900 (overpaid 100) -> Non affecté −100; unallocated credit note 25 -> −125.
    """
    invoices = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2", "F3", "F4", "F5", "F6", "F7"],
            "debtor_id": ["A", "A", "B", "B", "C", "A", "B"],
            "issue_date": [
                D("2025-01-01"),
                D("2025-02-15"),
                D("2025-01-10"),
                D("2024-12-02"),
                D("2024-10-01"),
                D("2025-04-02"),
                D("2024-11-15"),
            ],
            "due_date": [
                D("2025-01-31"),
                D("2025-03-31"),
                D("2025-02-09"),
                D("2025-01-01"),
                D("2024-10-31"),
                D("2025-05-02"),
                D("2024-12-15"),
            ],
            "amount": [1000.0, 500.0, 300.0, 200.0, 800.0, 700.0, 120.0],
        }
    )
    payments = pd.DataFrame(
        {
            "payment_id": ["P1", "P2", "P3", "P4"],
            "debtor_id": ["A", "A", "B", "C"],
            "invoice_id": ["F1", "F1", None, "F5"],
            "date": [D("2025-03-10"), D("2025-04-05"), D("2025-03-01"), D("2025-02-01")],
            "amount": [400.0, 300.0, 50.0, 900.0],
        }
    )
    credit_notes = pd.DataFrame(
        {
            "credit_note_id": ["AV1", "AV2"],
            "debtor_id": ["A", "C"],
            "invoice_id": ["F2", None],
            "date": [D("2025-03-20"), D("2025-03-25")],
            "amount": [100.0, 25.0],
        }
    )
    return _ledger(invoices=invoices, payments=payments, credit_notes=credit_notes)


def test_aged_balance_hand_checked(ledger):
    got = rc.aged_balance(ledger, AS_OF)
    expected = pd.DataFrame(
        {
            "Non échu": [0.0, 400.0, 0.0],
            "1-30": [0.0, 0.0, 0.0],
            "31-60": [300.0, 600.0, 0.0],
            "61-90": [200.0, 0.0, 0.0],
            "> 90": [120.0, 0.0, 0.0],
            "Non affecté": [-50.0, 0.0, -125.0],
            "Total": [570.0, 1000.0, -125.0],
        },
        index=pd.Index(["B", "A", "C"], dtype="str", name="debtor_id"),
    )
    # sorted by overdue amount: B 620, A 600, C 0
    assert_frame_equal(got, expected)


def test_open_items_columns_and_values(ledger):
    items = rc.open_items(ledger, AS_OF)
    assert list(items.columns) == [
        "invoice_id",
        "debtor_id",
        "issue_date",
        "due_date",
        "amount",
        "paid",
        "credited",
        "written_off",
        "residual",
        "days_past_due",
        "age_days",
        "bucket",
        "disputed",
    ]
    by_id = items.set_index("invoice_id")
    assert "F6" not in by_id.index  # issued after as-of
    assert "F5" not in by_id.index  # overpaid: not an open item
    assert by_id.loc["F1", "paid"] == 400.0  # the payment of 05/04 is ignored
    assert by_id.loc["F1", "residual"] == 600.0
    assert by_id.loc["F1", "days_past_due"] == 59
    assert by_id.loc["F2", "days_past_due"] == 0
    assert by_id.loc["F2", "bucket"] == "Non échu"  # due exactly on as-of: not overdue
    assert by_id.loc["F2", "credited"] == 100.0
    assert by_id.loc["F7", "bucket"] == "> 90"
    assert list(items["bucket"].cat.categories) == ["Non échu", "1-30", "31-60", "61-90", "> 90"]


def test_payment_after_as_of_counts_once_the_date_is_reached(ledger):
    before = rc.aged_balance(ledger, "2025-04-04").loc["A"]
    after = rc.aged_balance(ledger, "2025-04-05").loc["A"]
    # the 300 payment of 05/04 reduces F1 from 600 to 300; F6 (issued 02/04) now exists
    assert before["Total"] == 1000.0 + 700.0
    assert after["Total"] == 700.0 + 700.0


def test_custom_buckets_30_60_90_120(ledger):
    got = rc.aged_balance(ledger, AS_OF, buckets=(30, 60, 90, 120))
    assert list(got.columns) == [
        "Non échu",
        "1-30",
        "31-60",
        "61-90",
        "91-120",
        "> 120",
        "Non affecté",
        "Total",
    ]
    assert got.loc["B", "91-120"] == 120.0  # F7, 106 days
    assert got.loc["B", "> 120"] == 0.0
    assert got["Total"].sum() == pytest.approx(1445.0)


def test_month_buckets(ledger):
    got = rc.aged_balance(ledger, AS_OF, buckets="mois")
    assert list(got.columns) == [
        "Non échu",
        "< 2 mois",
        "2-6 mois",
        "> 6 mois",
        "Non affecté",
        "Total",
    ]
    # F1 due 31/01 -> 2 complete months at 31/03; F3 due 09/02 -> 1; F4 due 01/01 -> 2; F7 -> 3
    assert got.loc["A", "2-6 mois"] == 600.0
    assert got.loc["B", "< 2 mois"] == 300.0
    assert got.loc["B", "2-6 mois"] == 320.0


def test_issue_basis(ledger):
    got = rc.aged_balance(ledger, AS_OF, basis="issue")
    assert list(got.columns)[:4] == ["0-30", "31-60", "61-90", "> 90"]
    # F2 issued 15/02 -> 44 days; F1 issued 01/01 -> 89 days
    assert got.loc["A", "31-60"] == 400.0
    assert got.loc["A", "61-90"] == 600.0


def test_write_off_reduces_residual():
    inv = pd.DataFrame(
        {
            "invoice_id": ["F1"],
            "debtor_id": ["A"],
            "issue_date": ["2024-01-01"],
            "due_date": ["2024-01-31"],
            "amount": [1000.0],
        }
    )
    wo = pd.DataFrame({"invoice_id": ["F1"], "date": ["2025-01-15"], "amount": [600.0]})
    led = rc.Ledger(inv, write_offs=wo)
    assert rc.aged_balance(led, "2025-01-14").loc["A", "> 90"] == 1000.0
    assert rc.aged_balance(led, "2025-01-15").loc["A", "> 90"] == 400.0
    assert rc.reconcile(led, "2025-01-15").written_off == 600.0


def test_prepayment_on_invoice_not_yet_issued_is_unapplied():
    inv = pd.DataFrame(
        {
            "invoice_id": ["F1"],
            "debtor_id": ["A"],
            "issue_date": ["2025-02-01"],
            "due_date": ["2025-03-01"],
            "amount": [100.0],
        }
    )
    pay = pd.DataFrame(
        {
            "payment_id": ["P1"],
            "debtor_id": ["A"],
            "invoice_id": ["F1"],
            "date": ["2025-01-20"],
            "amount": [30.0],
        }
    )
    led = rc.Ledger(inv, pay)
    jan = rc.aged_balance(led, "2025-01-31")
    assert jan.loc["A", "Non affecté"] == -30.0
    feb = rc.aged_balance(led, "2025-02-28")
    assert feb.loc["A", "Non échu"] == 70.0
    assert feb.loc["A", "Non affecté"] == 0.0


def test_reconcile_hand_checked(ledger):
    rec = rc.reconcile(ledger, AS_OF)
    assert isinstance(rec, Reconciliation)
    # invoices issued ≤ 31/03: 2 920; payments 1 350; credit notes 125
    assert (rec.invoiced, rec.paid, rec.credited, rec.written_off) == (2920.0, 1350.0, 125.0, 0.0)
    assert rec.ledger_balance == 1445.0
    assert rec.aged + rec.unapplied == 1445.0
    assert rec.ok
    assert "vérifié" in rec.describe()
    assert "1\u00a0445,00\u00a0€" in rec.describe()


def test_reconcile_detects_a_wrong_balance(ledger):
    bad = rc.aged_balance(ledger, AS_OF)
    bad.iloc[0, 0] += 0.01
    with pytest.raises(ReconciliationError, match="does not reconcile"):
        rc.reconcile(ledger, AS_OF, bad)
    assert rc.reconcile(ledger, AS_OF, bad, strict=False).difference == 0.01


def test_aged_balance_history(ledger):
    hist = rc.aged_balance_history(ledger, "2025-04", months=2)
    assert list(hist.index) == [D("2025-03-31"), D("2025-04-30")]
    assert hist.loc[D("2025-03-31"), "Total"] == 1445.0
    # April: +700 F6, −300 P2
    assert hist.loc[D("2025-04-30"), "Total"] == 1845.0


def test_bad_arguments(ledger):
    with pytest.raises(ValueError, match="basis"):
        rc.aged_balance(ledger, AS_OF, basis="creation")
    with pytest.raises(ValueError, match="increasing"):
        rc.aged_balance(ledger, AS_OF, buckets=(60, 30))
    with pytest.raises(ValueError, match="as_of"):
        rc.aged_balance(ledger, "31 février")


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------
START = pd.Timestamp("2024-01-01")


@st.composite
def ledgers(draw):
    n_inv = draw(st.integers(1, 25))
    debtors = [f"D{i}" for i in range(draw(st.integers(1, 5)))]
    rows = []
    for i in range(n_inv):
        issue = START + pd.Timedelta(days=draw(st.integers(0, 300)))
        rows.append(
            {
                "invoice_id": f"F{i}",
                "debtor_id": draw(st.sampled_from(debtors)),
                "issue_date": issue,
                "due_date": issue + pd.Timedelta(days=draw(st.integers(0, 90))),
                "amount": draw(st.integers(1, 10**7)) / 100,
            }
        )
    invoices = pd.DataFrame(rows)

    def events(n, with_debtor=True):
        out = []
        for _ in range(n):
            k = draw(st.integers(-1, n_inv - 1))  # -1 = unapplied
            row = {
                "invoice_id": None if k < 0 else f"F{k}",
                "date": START + pd.Timedelta(days=draw(st.integers(0, 400))),
                "amount": draw(st.integers(1, 10**7)) / 100,
            }
            if with_debtor:
                row["debtor_id"] = (
                    rows[k]["debtor_id"] if k >= 0 else draw(st.sampled_from(debtors))
                )
            out.append(row)
        return out

    payments = pd.DataFrame(
        events(draw(st.integers(0, 30))), columns=["invoice_id", "date", "amount", "debtor_id"]
    )
    credits = pd.DataFrame(
        events(draw(st.integers(0, 5))), columns=["invoice_id", "date", "amount", "debtor_id"]
    )
    wo = [e for e in events(draw(st.integers(0, 3)), with_debtor=False) if e["invoice_id"]]
    write_offs = pd.DataFrame(wo, columns=["invoice_id", "date", "amount"])
    return {
        "invoices": invoices,
        "payments": payments,
        "credit_notes": credits,
        "write_offs": write_offs,
    }


PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
dates = st.integers(0, 420).map(lambda d: START + pd.Timedelta(days=d))


@PROPS
@given(
    tables=ledgers(), as_of=dates, edges=st.sampled_from([(30, 60, 90), (30, 60, 90, 120), (15,)])
)
def test_reconciliation_invariant(tables, as_of, edges):
    led = rc.Ledger(**tables)
    balance = rc.aged_balance(led, as_of, buckets=edges)
    rec = rc.reconcile(led, as_of, balance)  # raises if it fails

    # the same, computed independently from the input frames in cents
    def cents(frame, date_col):
        f = frame[frame[date_col] <= as_of]
        return int(np.round(f["amount"].to_numpy() * 100).sum())

    expected = (
        cents(tables["invoices"], "issue_date")
        - cents(tables["payments"], "date")
        - cents(tables["credit_notes"], "date")
        - cents(tables["write_offs"], "date")
    )
    assert round(rec.ledger_balance * 100) == expected
    assert round(balance["Total"].sum() * 100) == expected
    # buckets are non-negative; the unapplied column never positive
    bucket_cols = [c for c in balance.columns if c not in ("Non affecté", "Total")]
    assert (balance[bucket_cols] >= 0).all().all()
    assert (balance["Non affecté"] <= 0).all()


@PROPS
@given(tables=ledgers(), as_of=dates, seed=st.integers(0, 2**32 - 1))
def test_row_order_independence(tables, as_of, seed):
    shuffled = {k: v.sample(frac=1, random_state=seed % (2**32)) for k, v in tables.items()}
    a = rc.Ledger(**tables)
    b = rc.Ledger(**shuffled)
    assert_frame_equal(rc.aged_balance(a, as_of), rc.aged_balance(b, as_of))
    assert_frame_equal(rc.open_items(a, as_of), rc.open_items(b, as_of))


@PROPS
@given(tables=ledgers(), as_of=dates)
def test_inputs_never_mutated(tables, as_of):
    copies = {k: v.copy(deep=True) for k, v in tables.items()}
    led = rc.Ledger(**tables)
    kept = {k: getattr(led, k).copy(deep=True) for k in tables}
    rc.aged_balance(led, as_of, buckets="mois")
    rc.open_items(led, as_of, basis="issue")
    rc.reconcile(led, as_of)
    for k in tables:
        assert_frame_equal(tables[k], copies[k])
        assert_frame_equal(getattr(led, k), kept[k])


def test_arrays_take_the_ledgers_exact_cents():
    """Amounts of 10^13 € and cents, the highest ceiling: the arrays are the ledger's cents."""
    limits = rc.conventions.Limits(max_amount=10**13)
    led = rc.Ledger(
        pd.DataFrame(
            {
                "invoice_id": ["F1", "F2"],
                "debtor_id": ["A", "B"],
                "issue_date": ["2025-01-01", "2025-01-02"],
                "due_date": ["2025-01-31", "2025-02-01"],
                "amount": ["9999999999999.97", "9999999999999.95"],
            }
        ),
        pd.DataFrame({"invoice_id": ["F1"], "date": ["2025-02-01"], "amount": ["0.01"]}),
        credit_notes=pd.DataFrame({"invoice_id": ["F2"], "date": ["2025-02-01"], "amount": [0.02]}),
        limits=limits,
    )
    a = rc.aging.ledger_arrays(led)
    assert a.amount.tolist() == [999_999_999_999_997, 999_999_999_999_995]
    assert a.amount.tolist() == led.cents("invoices").tolist()
    assert a.ev_amount.tolist() == [1, 2]
    assert int(a.amount.sum() - a.ev_amount.sum()) == 1_999_999_999_999_989
    # and the aged balance, in float euros, reconciles to the cent at that size
    assert rc.aging.reconcile(led, "2025-06-30").ok


# -- open invoices in another currency, revalued at the as-of rate ---------------------------------
def foreign_ledger() -> rc.Ledger:
    """A company in euros: USD invoices, a USD payment at the invoice's rate, a euro payment."""
    inv = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2", "F3", "F4"],
            "debtor_id": ["D1", "D1", "D2", "D2"],
            "issue_date": ["2025-01-02", "2025-03-14", "2025-03-14", "2025-03-14"],
            "due_date": ["2025-02-01", "2025-04-13", "2025-04-13", "2025-04-13"],
            "amount": ["1000.00", "250.00", "80.00", "500.00"],
            "currency": ["USD", "USD", "GBP", "EUR"],
        }
    )
    pay = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2", "F2"],
            "debtor_id": ["D1", "D1", "D1"],
            "date": ["2025-02-03", "2025-04-01", "2025-07-01"],
            "amount": ["400.00", "100.00", "10.00"],
            "currency": ["USD", "EUR", "USD"],
        }
    )
    return rc.Ledger(inv, pay, currency="EUR")


def test_revaluation_hand_checked():
    # 14 March 2025: 1 EUR = 1.0889 USD = 0.84183 GBP; 30 June 2025: 1.172 USD, 0.8555 GBP.
    # F1 1000 USD at 1.0321 (2 Jan): 968.90 €; 400 USD paid at its rate: 387.56 €
    #   open 600 USD, booked 581.34 €, at 1.172: 60000 / 1.172 = 51194.54 -> 511.95 €
    # F2 250 USD: 229.59 €; 100 € paid = 100 * 25000 / 22959 = 108.89 USD at its booked rate
    #   open 141.11 USD, booked 129.59 €, at 1.172: 14111 / 1.172 = 12040.10 -> 120.40 €
    # F3 80 GBP at 0.84183: 8000 / 0.84183 = 9503.10 -> 95.03 €; at 0.8555: 93.51 €
    # the USD payment of 1 July is after the date: not counted
    led = foreign_ledger()
    expected = pd.DataFrame(
        {
            "debtor_id": ["D1", "D2"],
            "currency": ["USD", "GBP"],
            "n_invoices": [2, 1],
            "open_original": [741.11, 80.0],
            "booked": [710.93, 95.03],
            "rate": [1.172, 0.8555],
            "rate_date": pd.to_datetime(["2025-06-30", "2025-06-30"]).astype("datetime64[ns]"),
            "revalued": [632.35, 93.51],
            "difference": [-78.58, -1.52],
        }
    ).astype({"debtor_id": "str", "currency": "str"})
    got = revaluation(led, "2025-06-30")
    assert_frame_equal(got, expected)
    # the balance is not changed: booked is the share of these invoices in it
    balance = rc.aged_balance(led, "2025-06-30")
    assert balance["Total"].to_dict() == {"D1": 710.93, "D2": 595.03}


def test_revaluation_without_a_rate_at_the_date_says_so_and_without_foreign_items_is_empty():
    led = foreign_ledger()
    later = revaluation(led, ecb_data_date() + pd.Timedelta(days=7))
    # by then the 10 USD of 1 July count, at F2's rate: 1000 / 1.0889 = 918.34 -> 9.18 €
    assert later["booked"].tolist() == [701.75, 95.03]
    assert later["open_original"].tolist() == [731.11, 80.0]
    assert later[["rate", "revalued", "difference"]].isna().all().all()
    assert later["rate_date"].isna().all()
    before = revaluation(led, "2024-12-31")  # nothing issued yet
    assert before.empty and list(before.columns) == REVALUATION_COLUMNS
