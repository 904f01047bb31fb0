"""Roll matrices and rates (portfolio/rolls.py, portfolio/shares.py), checked by hand.

The ledger of :func:`rolled` is followed from 28/02 to 31/03 and 30/04/2025 on the
default buckets (Non échu, 1-30, 31-60, 61-90, > 90; days past due = as-of − due date).
Every cell is in cents, computed in the docstrings and comments.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from builders import (
    PROPS,
    credit_notes,
    debtor_payments,
    debtors,
    disputes,
    invoice_rows,
    invoices,
    ledger,
    write_offs,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvrement import aging
from recouvrement.portfolio import (
    ENCOURS_COLUMN,
    RATE_COLUMNS,
    combine_rolls,
    roll_history,
    roll_items,
    roll_matrix,
    roll_rates,
)

BUCKETS = ["Non échu", "1-30", "31-60", "61-90", "> 90"]
COLUMNS = [ENCOURS_COLUMN, "Réglé", "Avoir", "Passé en perte", *BUCKETS]


@functools.cache
def rolled():
    """Two debtors, A (professionnel) and B (particulier, insolvent from 01/04/2025).

    At 31/03 (t) and 30/04 (t + 1), age = as-of − due date:

    ====  ===  =====  ======  ===============  ============================================
    inv   deb  due    amount  at 31/03         what happens in April -> at 30/04
    ====  ===  =====  ======  ===============  ============================================
    F0    A    04/02    100   paid 15/03: not open
    F1    A    09/04  1 000   −9  Non échu     paid 400 on 20/04; 600 left, age 21: 1-30
    F2    A    03/03  2 000   28  1-30 (1 500   paid 1 500 on 15/04: Réglé
                              after 500 paid 20/03)
    F3    B    14/02    500   45  31-60        credit note 150 on 10/04; 350, age 75: 61-90
    F4    B    15/12    800   106 > 90         written off 25/04: Passé en perte
    F5    A    19/01    300   71  61-90        disputed since 01/03, unpaid; age 101: > 90
    F6    A    31/03    250   0   Non échu     300 paid 28/04: 250 Réglé, 50 overpaid
                              (due on the date)   (unapplied at 30/04, not a move)
    F7    B    10/05    900   issued 10/04: not in the encours of 31/03
    F9    A    12/03    400   19  1-30         paid 25/03, matched (lettrage) 02/04: Réglé
    ====  ===  =====  ======  ===============  ============================================

    Plus 70 € of unapplied cash from A on 05/04 (not aged, not in any matrix). Built once:
    a ledger is read-only.
    """
    pay = debtor_payments(
        ("A", "F0", "2025-03-15", 100.0),
        ("A", "F2", "2025-03-20", 500.0),
        ("A", "F9", "2025-03-25", 400.0),
        ("A", None, "2025-04-05", 70.0),
        ("A", "F2", "2025-04-15", 1500.0),
        ("A", "F1", "2025-04-20", 400.0),
        ("A", "F6", "2025-04-28", 300.0),
    )
    pay["applied_date"] = pd.to_datetime([None, None, "2025-04-02", None, None, None, None])
    return ledger(
        invoices(
            ("F0", "A", "2025-01-05", "2025-02-04", 100.0),
            ("F1", "A", "2025-03-10", "2025-04-09", 1000.0),
            ("F2", "A", "2025-02-01", "2025-03-03", 2000.0),
            ("F3", "B", "2025-01-15", "2025-02-14", 500.0),
            ("F4", "B", "2024-11-15", "2024-12-15", 800.0),
            ("F5", "A", "2024-12-20", "2025-01-19", 300.0),
            ("F6", "A", "2025-03-20", "2025-03-31", 250.0),
            ("F7", "B", "2025-04-10", "2025-05-10", 900.0),
            ("F9", "A", "2025-02-10", "2025-03-12", 400.0),
        ),
        pay,
        credit_notes=credit_notes(("F3", "2025-04-10", 150.0)),
        write_offs=write_offs(("F4", "2025-04-25", 800.0)),
        disputes=disputes(("F5", "2025-03-01", None)),
        debtors=debtors(
            ("A", "Alpha", "professionnel", None), ("B", "Bêta", "particulier", "2025-04-01")
        ),
    )


def matrix(rows: dict[str, dict[str, int]]) -> pd.DataFrame:
    """A roll matrix from its non-zero cells (cents), every other cell 0."""
    out = pd.DataFrame(0, index=pd.Index(BUCKETS, name="bucket", dtype="str"), columns=COLUMNS)
    for bucket, cells in rows.items():
        for column, cents in cells.items():
            out.loc[bucket, column] = cents
    return out.astype("int64")


#: April (31/03 -> 30/04), from the table of :func:`rolled`:
#: Non échu F1 100 000 + F6 25 000 = 125 000 -> Réglé 40 000 + 25 000, 1-30 60 000
#: 1-30     F2 150 000 + F9 40 000 = 190 000 -> Réglé 190 000
#: 31-60    F3 50 000                        -> Avoir 15 000, 61-90 35 000
#: 61-90    F5 30 000 (disputed, kept)       -> > 90 30 000
#: > 90     F4 80 000 (insolvent debtor)     -> Passé en perte 80 000
APRIL = matrix(
    {
        "Non échu": {ENCOURS_COLUMN: 125_000, "Réglé": 65_000, "1-30": 60_000},
        "1-30": {ENCOURS_COLUMN: 190_000, "Réglé": 190_000},
        "31-60": {ENCOURS_COLUMN: 50_000, "Avoir": 15_000, "61-90": 35_000},
        "61-90": {ENCOURS_COLUMN: 30_000, "> 90": 30_000},
        "> 90": {ENCOURS_COLUMN: 80_000, "Passé en perte": 80_000},
    }
)

#: March (28/02 -> 31/03). At 28/02: F2 2 000 due 03/03 and F9 400 due 12/03 Non échu;
#: F0 100 (age 24) and F3 500 (age 14) 1-30; F5 300 (age 40) 31-60; F4 800 (age 75) 61-90.
#: At 31/03: F2 500 paid, 1 500 age 28 -> 1-30; F9 unmatched until 02/04, age 19 -> 1-30;
#: F0 paid; F3 age 45 -> 31-60; F5 age 71 -> 61-90; F4 age 106 -> > 90.
MARCH = matrix(
    {
        "Non échu": {ENCOURS_COLUMN: 240_000, "Réglé": 50_000, "1-30": 190_000},
        "1-30": {ENCOURS_COLUMN: 60_000, "Réglé": 10_000, "31-60": 50_000},
        "31-60": {ENCOURS_COLUMN: 30_000, "61-90": 30_000},
        "61-90": {ENCOURS_COLUMN: 80_000, "> 90": 80_000},
    }
)


def test_roll_matrix_by_hand():
    led = rolled()
    got = roll_matrix(led, "2025-04-30")
    pd.testing.assert_frame_equal(got, APRIL)
    # any date of April is the April transition
    pd.testing.assert_frame_equal(roll_matrix(led, "2025-04-12"), APRIL)
    # every row reconciles to the cent
    assert (got[ENCOURS_COLUMN] == got.drop(columns=ENCOURS_COLUMN).sum(axis=1)).all()


def test_the_encours_of_t_is_the_aged_balance_of_t():
    led = rolled()
    balance = aging.aged_balance(led, "2025-03-31")[BUCKETS].sum()
    assert (APRIL[ENCOURS_COLUMN] / 100).tolist() == balance.tolist()


def test_roll_items_by_hand():
    got = roll_items(rolled(), "2025-04-30")
    # F6: 250 owed at 31/03, 300 paid: 250 settled, the 50 overpaid are not a move
    cents = {
        "residual_from": [100_000, 25_000, 150_000, 40_000, 50_000, 30_000, 80_000],
        "settled": [40_000, 25_000, 150_000, 40_000, 0, 0, 0],
        "credited": [0, 0, 0, 0, 15_000, 0, 0],
        "written_off": [0, 0, 0, 0, 0, 0, 80_000],
        "residual_to": [60_000, 0, 0, 0, 35_000, 30_000, 0],
    }
    expected = pd.DataFrame(
        {
            "invoice_id": pd.array(["F1", "F6", "F2", "F9", "F3", "F5", "F4"], dtype="str"),
            "debtor_id": pd.array(["A", "A", "A", "A", "B", "A", "B"], dtype="str"),
            "bucket_from": pd.Categorical(
                ["Non échu", "Non échu", "1-30", "1-30", "31-60", "61-90", "> 90"],
                categories=BUCKETS,
                ordered=True,
            ),
            "bucket_to": pd.Categorical(
                ["1-30", None, None, None, "61-90", "> 90", None], categories=BUCKETS, ordered=True
            ),
            **{k: np.array(v, dtype="int64") for k, v in cents.items()},
        }
    )
    pd.testing.assert_frame_equal(got, expected)


def test_an_overpaid_invoice_is_cleared_in_the_order_of_its_allocations():
    # G1 250 due 31/03 (Non échu at 31/03); in April: credit note 100 on 10/04, then 300
    # paid on 20/04 and 50 written off on 05/04 (counted first): 50 Passé en perte, 100
    # Avoir, then 100 of the 300 Réglé; the other 200 are an overpayment, not a move
    led = ledger(
        invoices(("G1", "A", "2025-03-01", "2025-03-31", 250.0)),
        debtor_payments(("A", "G1", "2025-04-20", 300.0)),
        credit_notes=credit_notes(("G1", "2025-04-10", 100.0)),
        write_offs=write_offs(("G1", "2025-04-05", 50.0)),
    )
    row = roll_matrix(led, "2025-04-30").loc["Non échu"]
    assert row[[ENCOURS_COLUMN, "Réglé", "Avoir", "Passé en perte"]].tolist() == [
        25_000,
        10_000,
        10_000,
        5_000,
    ]
    assert row[BUCKETS].sum() == 0


def test_roll_rates_by_hand():
    rates = roll_rates(APRIL)
    assert rates.columns.tolist() == [*COLUMNS, *RATE_COLUMNS]
    # Non échu: 65 000 / 125 000 = 0.52 settled, 60 000 / 125 000 = 0.48 to 1-30
    row = rates.loc["Non échu"]
    assert (row["roll_rate"], row["cure_rate"], row["stay_rate"]) == (0.48, 0.52, 0.0)
    assert row["roll_beyond_rate"] == 0.0
    # 1-30: all settled; 31-60: 15 000 / 50 000 = 0.3 credited, 35 000 / 50 000 = 0.7 rolled
    assert rates.loc["1-30", "cure_rate"] == 1.0
    assert rates.loc["31-60", ["credit_rate", "roll_rate"]].tolist() == [0.3, 0.7]
    # 61-90: all to > 90 (b + 1); no bucket beyond it -> NaN, not 0
    assert rates.loc["61-90", "roll_rate"] == 1.0
    assert np.isnan(rates.loc["61-90", "roll_beyond_rate"])
    # > 90: written off; no older bucket -> roll_rate NaN
    assert rates.loc["> 90", ["write_off_rate", "stay_rate"]].tolist() == [1.0, 0.0]
    assert np.isnan(rates.loc["> 90", "roll_rate"])
    # the rates add up to 1 per row (missing buckets count 0)
    assert rates[list(RATE_COLUMNS)].sum(axis=1, skipna=True).tolist() == pytest.approx([1.0] * 5)


def test_an_empty_bucket_has_nan_shares_never_zero():
    # the "120" preset: > 120 is empty at 31/03 (F4 is 106 days past due: 91-120)
    m = roll_matrix(rolled(), "2025-04-30", buckets="120")
    assert m.loc["> 120", ENCOURS_COLUMN] == 0
    assert m.loc["91-120", [ENCOURS_COLUMN, "Passé en perte"]].tolist() == [80_000, 80_000]
    # F5 (age 71 -> 101) rolls from 61-90 to 91-120
    assert m.loc["61-90", "91-120"] == 30_000
    rates = roll_rates(m)
    assert rates.loc["> 120"].drop(ENCOURS_COLUMN).isna().all()
    assert rates.loc["> 120", ENCOURS_COLUMN] == 0


def test_roll_history_by_hand():
    history = roll_history(rolled(), "2025-04-30", months=2)
    assert history["month"].tolist() == ["2025-03"] * 5 + ["2025-04"] * 5
    assert (
        history["as_of"].tolist()
        == [pd.Timestamp("2025-03-31")] * 5 + [pd.Timestamp("2025-04-30")] * 5
    )
    assert history.columns.tolist() == ["month", "as_of", "bucket", *COLUMNS]
    march = history[history["month"] == "2025-03"].drop(columns=["month", "as_of"])
    pd.testing.assert_frame_equal(march.set_index("bucket"), MARCH)
    april = history[history["month"] == "2025-04"].drop(columns=["month", "as_of"])
    pd.testing.assert_frame_equal(april.set_index("bucket"), APRIL)


def test_amount_weighted_average_sums_cents_then_shares():
    history = roll_history(rolled(), "2025-04-30", months=2)
    total = combine_rolls([history])
    pd.testing.assert_frame_equal(total, (MARCH + APRIL).astype("int64"))
    # Non échu over both months: (190 000 + 60 000) / (240 000 + 125 000) rolled to 1-30
    assert roll_rates(total).loc["Non échu", "roll_rate"] == pytest.approx(250 / 365, rel=1e-12)
    # not the mean of the two monthly rates: (190/240 + 60/125) / 2
    assert roll_rates(total).loc["Non échu", "roll_rate"] != pytest.approx(
        (190 / 240 + 60 / 125) / 2
    )


def test_combine_rolls_of_a_portfolio_and_by_month():
    a, b = roll_history(rolled(), "2025-04-30", months=2), APRIL.copy()
    a_before, b_before = a.copy(), b.copy()
    # two companies' April matrices: cents add up, rows still reconcile
    pd.testing.assert_frame_equal(combine_rolls([APRIL, b]), (2 * APRIL).astype("int64"))
    by_month = combine_rolls([a, a], by_month=True)
    assert by_month["month"].tolist() == a["month"].tolist()
    cents = by_month.drop(columns=["month", "as_of", "bucket"])
    assert cents.equals((2 * a.drop(columns=["month", "as_of", "bucket"])).astype("int64"))
    # inputs untouched
    pd.testing.assert_frame_equal(a, a_before)
    pd.testing.assert_frame_equal(b, b_before)


@pytest.mark.parametrize(
    ("frames", "by_month", "message"),
    [
        ([], False, "at least one"),
        ([APRIL], True, "by_month"),
        ([APRIL, roll_matrix(rolled(), "2025-04-30", buckets="mois")], False, "schemes"),
    ],
    ids=["none", "matrix-by-month", "two-schemes"],
)
def test_combine_rolls_refuses(frames, by_month, message):
    with pytest.raises(ValueError, match=message):
        combine_rolls(frames, by_month=by_month)


def test_roll_history_refuses_bad_months():
    with pytest.raises(ValueError, match="months"):
        roll_history(rolled(), "2025-04-30", months=0)


# --- property: every row reconciles, and the matrix ties to the aged balances -------------
BASE = pd.Timestamp("2024-10-01")
event_rows = st.lists(
    st.tuples(
        st.sampled_from(["payment", "credit", "write_off", "unapplied"]),
        st.integers(0, 7),  # invoice position
        st.integers(0, 260),  # date, days after BASE
        st.integers(1, 100_000),  # cents
    ),
    max_size=12,
)


def random_ledger(inv_rows, ev_rows):
    day = lambda o: BASE + pd.Timedelta(days=o)  # noqa: E731
    n = len(inv_rows)
    inv = [
        (f"F{i}", f"C{d}", day(o), day(o + t), c / 100) for i, (d, o, t, c) in enumerate(inv_rows)
    ]
    rows = {"payment": [], "credit": [], "write_off": []}
    for kind, i, o, c in ev_rows:
        i %= n
        if kind == "unapplied":
            rows["payment"].append((f"C{inv_rows[i][0]}", None, day(o), c / 100))
        elif kind == "payment":
            rows["payment"].append((f"C{inv_rows[i][0]}", f"F{i}", day(o), c / 100))
        else:
            rows[kind].append((f"F{i}", day(o), c / 100))
    return ledger(
        invoices(*inv),
        debtor_payments(*rows["payment"]),
        credit_notes=credit_notes(*rows["credit"]),
        write_offs=write_offs(*rows["write_off"]),
    )


@settings(PROPS, max_examples=25)
@given(invoice_rows, event_rows, st.integers(1, 9), st.sampled_from(["jours", "120", "mois"]))
def test_property_rows_reconcile_and_tie_to_the_aged_balance(inv_rows, ev_rows, month, preset):
    led = random_ledger(inv_rows, ev_rows)
    t1 = (BASE + pd.DateOffset(months=month) + pd.offsets.MonthEnd(0)).normalize()
    t0 = (t1 - pd.offsets.MonthEnd(1)).normalize()
    m = roll_matrix(led, t1, buckets=preset)
    assert (m.dtypes == "int64").all()
    assert (m[ENCOURS_COLUMN] == m.drop(columns=ENCOURS_COLUMN).sum(axis=1)).all()
    assert (m.drop(columns=ENCOURS_COLUMN) >= 0).all().all()
    labels = list(m.index)
    # the encours of each row is the aged balance's bucket at t ...
    at_t0 = aging.aged_balance(led, t0, buckets=preset)
    assert m[ENCOURS_COLUMN].tolist() == [
        aging.to_cents(at_t0[b].sum()) if b in at_t0 else 0 for b in labels
    ]
    # ... and what is still open lands in the aged balance of t + 1, beside the new invoices
    items = aging.open_items(led, t1, buckets=preset)
    new = items[items["issue_date"] > t0].groupby("bucket", observed=False)["residual"].sum()
    at_t1 = items.groupby("bucket", observed=False)["residual"].sum()
    still = m[labels].sum(axis=0)
    for b in labels:
        assert still[b] + int(aging.to_cents(new[b])) == int(aging.to_cents(at_t1[b]))
    rates = roll_rates(m)
    full = m[ENCOURS_COLUMN] > 0
    assert rates.loc[full, list(RATE_COLUMNS)].sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert rates.loc[~full].drop(columns=ENCOURS_COLUMN).isna().all().all()
