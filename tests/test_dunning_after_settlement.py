"""Dunning actions logged after their invoice was settled ("never dun what is paid")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from builders import (
    PROPS,
    D,
    actions,
    credit_notes,
    extra_rows,
    invoice_rows,
    invoices,
    ledger,
    month_end_after,
    payment_rows,
    payments,
    random_frames,
    snap,
    write_offs,
)
from hypothesis import given
from pandas.testing import assert_frame_equal

from recouvrement import dunning
from recouvrement.aging import ledger_arrays, state_at
from recouvrement.conventions import channels

AS_OF = "2026-10-31"


def settled_ledger():
    """Eight invoices and the actions logged on them, audited on 31/10/2026.

    G1 A 1 000 due 01/10, paid 05/10      -> email L1 06/10 (1 day after), LRAR L3 20/10
                                             (15 days after), L1 05/11 (after the audit)
    G2 A   600 due 30/09, credit note 10/10 -> L1 10/10 (the settlement day: not after),
                                             courrier L2 12/10 (2 days after)
    G3 B   800 due 30/09, paid 500 05/10, written off 300 15/10 -> settled 15/10:
                                             L1 14/10 (300 still due: no), L1 16/10 (1 day)
    G4 C   400 due 31/10, paid early 10/10 -> pre-due notice L0 26/10 (16 days after)
    G5 C   500 due 15/11, open             -> pre-due notice L0 26/10 (open: no)
    D: G6 300 due 30/09 paid 01/10, G7 200 due 10/10 paid 20/10, G8 250 issued 28/10 open
       call on D 15/10 (G7 open: no), 25/10 (G6, G7 settled, G8 not issued yet: yes,
       settled 20/10, 5 days), 30/10 (G8 open: no)
    E has no invoice: a call on E 20/10 is no finding.
    G9 F 100 issued 20/10, paid 15/10 (before its issue): settled on its issue date 20/10.
    """
    return ledger(
        invoices(
            ("G1", "A", "2026-09-01", "2026-10-01", 1000.0),
            ("G2", "A", "2026-09-01", "2026-09-30", 600.0),
            ("G3", "B", "2026-09-01", "2026-09-30", 800.0),
            ("G4", "C", "2026-10-01", "2026-10-31", 400.0),
            ("G5", "C", "2026-10-15", "2026-11-15", 500.0),
            ("G6", "D", "2026-09-01", "2026-09-30", 300.0),
            ("G7", "D", "2026-09-10", "2026-10-10", 200.0),
            ("G8", "D", "2026-10-28", "2026-11-27", 250.0),
            ("G9", "F", "2026-10-20", "2026-11-19", 100.0),
        ),
        payments(
            ("G1", "2026-10-05", 1000.0),
            ("G3", "2026-10-05", 500.0),
            ("G4", "2026-10-10", 400.0),
            ("G6", "2026-10-01", 300.0),
            ("G7", "2026-10-20", 200.0),
            ("G9", "2026-10-15", 100.0),
        ),
        credit_notes=credit_notes(("G2", "2026-10-10", 600.0)),
        write_offs=write_offs(("G3", "2026-10-15", 300.0)),
        actions=actions(
            ("A", "G1", "2026-10-06", 1, "email"),
            ("A", "G1", "2026-10-20", 3, "LRAR"),
            ("A", "G1", "2026-11-05", 1, "email"),
            ("A", "G2", "2026-10-10", 1, "email"),
            ("A", "G2", "2026-10-12", 2, "courrier"),
            ("B", "G3", "2026-10-14", 1, "email"),
            ("B", "G3", "2026-10-16", 1, "email"),
            ("C", "G4", "2026-10-26", 0, "email"),
            ("C", "G5", "2026-10-26", 0, "email"),
            ("D", None, "2026-10-15", 2, "téléphone"),
            ("D", None, "2026-10-25", 2, "téléphone"),
            ("D", None, "2026-10-30", 2, "téléphone"),
            ("E", None, "2026-10-20", 1, "téléphone"),
        ),
    )


def test_settlement_dates_by_hand():
    got = dunning.settlement_dates(snap(settled_ledger(), AS_OF))
    assert got.index.tolist() == [f"G{i}" for i in range(1, 10)]
    assert got.to_dict() == {
        "G1": D("2026-10-05"),  # paid in full
        "G2": D("2026-10-10"),  # credit note
        "G3": D("2026-10-15"),  # 500 paid, then the write-off of the last 300
        "G4": D("2026-10-10"),  # paid before its due date
        "G5": pd.NaT,  # open
        "G6": D("2026-10-01"),
        "G7": D("2026-10-20"),
        "G8": pd.NaT,  # open
        "G9": D("2026-10-20"),  # paid before issue: settled the day it exists
    }
    # at an earlier date, later events do not exist yet
    early = dunning.settlement_dates(snap(settled_ledger(), "2026-10-12"))
    assert early[["G1", "G3", "G7", "G9"]].tolist() == [D("2026-10-05"), pd.NaT, pd.NaT, pd.NaT]


def test_actions_after_settlement_by_hand():
    got = dunning.actions_after_settlement(snap(settled_ledger(), AS_OF))
    assert got.columns.tolist() == dunning.AFTER_SETTLEMENT_COLUMNS
    rows = [
        (None if pd.isna(i) else i, d, t.strftime("%d/%m"), lvl, ch, reg, s.strftime("%d/%m"), n)
        for i, d, t, lvl, ch, reg, s, n in got.itertuples(index=False, name=None)
    ]
    assert rows == [
        ("G1", "A", "06/10", 1, "email", False, "05/10", 1),
        ("G2", "A", "12/10", 2, "courrier", False, "10/10", 2),
        ("G3", "B", "16/10", 1, "email", False, "15/10", 1),
        ("G1", "A", "20/10", 3, "LRAR", True, "05/10", 15),
        (None, "D", "25/10", 2, "téléphone", False, "20/10", 5),
        ("G4", "C", "26/10", 0, "email", False, "10/10", 16),
    ]
    assert got.dtypes.astype("str").to_dict() == {
        "invoice_id": "str",
        "debtor_id": "str",
        "date": "datetime64[ns]",
        "level": "int64",
        "channel": "str",
        "registered": "bool",
        "settled_date": "datetime64[ns]",
        "days_after": "int64",
    }


def test_nothing_after_settlement_gives_an_empty_typed_frame():
    led = ledger(
        invoices(("H1", "A", "2026-09-01", "2026-09-30", 100.0)),
        payments(("H1", "2026-10-20", 100.0)),
        actions=actions(("A", "H1", "2026-10-05", 1, "email"), ("A", "H1", "2026-10-20", 2, None)),
    )
    got = dunning.actions_after_settlement(snap(led, AS_OF))
    assert got.empty and got.columns.tolist() == dunning.AFTER_SETTLEMENT_COLUMNS
    assert got["days_after"].dtype == "int64" and got["date"].dtype == "datetime64[ns]"


def test_missing_actions_table_raises():
    led = ledger(invoices(("H1", "A", "2026-09-01", "2026-09-30", 100.0)))
    with pytest.raises(ValueError, match="actions table"):
        dunning.actions_after_settlement(snap(led, AS_OF))


@pytest.mark.parametrize(
    ("channel", "registered"),
    [
        ("LRAR", True),
        ("lrar", True),
        (" LRE ", True),
        ("Lettre recommandée", True),
        ("COURRIER RECOMMANDE AR", True),
        ("courrier", False),
        ("email", False),
        ("téléphone", False),
        (None, False),
    ],
    ids=[
        "lrar",
        "lower-case",
        "electronic",
        "lettre-recommandee",
        "capitals-no-accent",
        "courrier",
        "email",
        "phone",
        "missing",
    ],
)
def test_registered_channels(channel, registered):
    assert dunning.is_registered(pd.Series([channel], dtype="str")).tolist() == [registered]


def test_the_registered_letter_rule_is_the_one_of_conventions():
    """One rule, one place: the legal rules (formal notice) read the same registered letters."""
    assert dunning.is_registered is channels.is_registered
    assert dunning.REGISTERED_CHANNELS is channels.REGISTERED_CHANNELS


def test_inputs_not_mutated():
    led = settled_ledger()
    before = {n: getattr(led, n).copy() for n in ("invoices", "payments", "actions")}
    dunning.actions_after_settlement(snap(led, AS_OF))
    for n, frame in before.items():
        assert_frame_equal(getattr(led, n), frame)


@PROPS
@given(invoice_rows, payment_rows, extra_rows, extra_rows)
def test_after_settlement_agrees_with_the_state_the_day_before(inv, pay, dis, act):
    """An invoice action is after settlement exactly when the invoice was settled the day before.

    ``state_at`` of the day before the action: issued, and residual ≤ 0.
    """
    f = random_frames(inv, pay, dis, act)
    led = ledger(f["invoices"], f["payments"], actions=f["actions"])
    as_of = month_end_after(260)
    got = dunning.actions_after_settlement(snap(led, as_of))
    a = ledger_arrays(led)
    code = {i: k for k, i in enumerate(a.invoice_ids)}
    expected = []
    for row in led.actions.itertuples():
        if pd.isna(row.invoice_id) or row.date > as_of:
            continue
        state = state_at(a, row.date - pd.Timedelta(days=1))
        k = code[row.invoice_id]
        if state.issued[k] and state.residual[k] <= 0:
            expected.append((row.invoice_id, row.date))
    on_invoice = got[got["invoice_id"].notna()]
    assert sorted(zip(on_invoice["invoice_id"], on_invoice["date"], strict=True)) == sorted(
        expected
    )
    assert (got["days_after"] >= 1).all()
    assert np.all(got["settled_date"].to_numpy() < got["date"].to_numpy())
