"""Cash before dunning: unapplied credits proposed against open invoices (aging/matching.py).

One ledger, one debtor per case, checked by hand as of 30/04/2025 (amounts in euros)::

    A  F1 due 31/01 100, F2 due 03/03 250, F4 due 15/03 300, F3 due 31/03 300
       P1 10/04 300, P2 20/04 300 unapplied    -> P1→F4 300, P2→F3 300 (montant identique:
                                                  F4 the older of the two 300; F1, F2 kept)
       P9 05/05 999                            -> after the date: not yet a credit
    B  G1 due 31/01 100, G2 due 03/03 250, G3 due 01/05 80 (not due)
       Q2 and Q1 05/04, 120 and 50 (same day: Q1 first by id), no invoice of 50 or 120
                                               -> Q1→G1 50, Q2→G1 50, Q2→G2 70 (antériorité)
    C  H1 due 31/03 100 open; H2 200 paid; R1 15/04 250 unapplied
                                               -> R1→H1 100, 150 left (a credit balance)
    D  K1 due 31/03 500; credit note AV1 15/04 200 unapplied -> AV1→K1 200 (avoir)
    E  L1 due 31/03 400; S1 10/04 400 on L1, lettered 15/05 -> unapplied at 30/04: S1→L1 400
                                               (montant identique); at 31/05 L1 is settled
    K  I1 due 31/03 200; I2 issued 10/05 300; AC1 20/04 300 on I2 (an advance)
                                               -> unapplied at 30/04: AC1→I1 200, 100 left
    O  M1 100 paid 60 (U1 01/02) + 70 (U2 01/03): overpaid 30, charged to U2; M2 due 31/03 50
                                               -> U2→M2 30 (trop-perçu)
    W  V1 due 31/03 90; write-off 10/04 40 without invoice -> not proposed (write_offs 40)
    X  T1 15/04 500, X has no invoice           -> left 500, never matched to Y
    Y  N1 due 31/03 500, no credit              -> stays open
    Z  J1 due 03/03 150, disputed since 10/03, Z insolvent since 01/04; ZP 20/04 150
                                               -> ZP→J1 150, flagged disputed and insolvent

Totals at 30/04: unapplied 600 + 170 + 250 + 200 + 400 + 300 + 30 + 500 + 150 = 2 600;
matched 600 + 170 + 100 + 200 + 400 + 200 + 30 + 150 = 1 850; left 150 + 100 + 500 = 750;
write-offs 40; Non affecté of the aged balance −(2 600 + 40) = −2 640. Open residual of
these debtors 950 + 430 + 100 + 500 + 400 + 200 + 50 + 90 + 0 + 150 = 2 870, after the
proposal 2 870 − 1 850 = 1 020.
"""

from __future__ import annotations

import pandas as pd
import pytest
from builders import PROPS, debtors, disputes, invoices, ledger
from hypothesis import given
from hypothesis import strategies as st

from recouvrement import aging
from recouvrement.aging.matching import (
    CREDIT_COLUMNS,
    LEFT_COLUMNS,
    MATCH_COLUMNS,
    RULE_EXACT,
    RULE_OLDEST,
    TOTAL_KEYS,
)

AS_OF = "2025-04-30"
EX, OLD = RULE_EXACT, RULE_OLDEST


def _frame(columns: list[str], rows) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=columns)
    for col in columns:
        if col in ("date", "applied_date"):
            out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    return out


def pay(*rows) -> pd.DataFrame:
    """Rows ``(payment_id, debtor_id, invoice_id, date, amount, applied_date)``."""
    cols = ["payment_id", "debtor_id", "invoice_id", "date", "amount", "applied_date"]
    return _frame(cols, rows)


def avoirs(*rows) -> pd.DataFrame:
    """Rows ``(credit_note_id, debtor_id, invoice_id, date, amount)``."""
    return _frame(["credit_note_id", "debtor_id", "invoice_id", "date", "amount"], rows)


@pytest.fixture(scope="module")
def led():
    return ledger(
        invoices(
            ("F1", "A", "2025-01-01", "2025-01-31", 100.0),
            ("F2", "A", "2025-02-01", "2025-03-03", 250.0),
            ("F4", "A", "2025-02-14", "2025-03-15", 300.0),
            ("F3", "A", "2025-03-01", "2025-03-31", 300.0),
            ("G1", "B", "2025-01-01", "2025-01-31", 100.0),
            ("G2", "B", "2025-02-01", "2025-03-03", 250.0),
            ("G3", "B", "2025-04-01", "2025-05-01", 80.0),
            ("H1", "C", "2025-03-01", "2025-03-31", 100.0),
            ("H2", "C", "2025-02-01", "2025-03-03", 200.0),
            ("K1", "D", "2025-03-01", "2025-03-31", 500.0),
            ("L1", "E", "2025-03-01", "2025-03-31", 400.0),
            ("I1", "K", "2025-03-01", "2025-03-31", 200.0),
            ("I2", "K", "2025-05-10", "2025-06-09", 300.0),
            ("M1", "O", "2025-01-01", "2025-01-31", 100.0),
            ("M2", "O", "2025-03-01", "2025-03-31", 50.0),
            ("V1", "W", "2025-03-01", "2025-03-31", 90.0),
            ("N1", "Y", "2025-03-01", "2025-03-31", 500.0),
            ("J1", "Z", "2025-02-01", "2025-03-03", 150.0),
        ),
        pay(
            ("P1", "A", None, "2025-04-10", 300.0, None),
            ("P2", "A", None, "2025-04-20", 300.0, None),
            ("P9", "A", None, "2025-05-05", 999.0, None),
            ("Q2", "B", None, "2025-04-05", 120.0, None),
            ("Q1", "B", None, "2025-04-05", 50.0, None),
            ("R0", "C", "H2", "2025-03-01", 200.0, None),
            ("R1", "C", None, "2025-04-15", 250.0, None),
            ("S1", "E", "L1", "2025-04-10", 400.0, "2025-05-15"),
            ("AC1", "K", "I2", "2025-04-20", 300.0, None),
            ("U1", "O", "M1", "2025-02-01", 60.0, None),
            ("U2", "O", "M1", "2025-03-01", 70.0, None),
            ("T1", "X", None, "2025-04-15", 500.0, None),
            ("ZP", "Z", None, "2025-04-20", 150.0, None),
        ),
        credit_notes=avoirs(("AV1", "D", None, "2025-04-15", 200.0)),
        write_offs=_frame(
            ["debtor_id", "invoice_id", "date", "amount"], [("W", None, "2025-04-10", 40.0)]
        ),
        disputes=disputes(("J1", "2025-03-10", None)),
        debtors=debtors(("A", "Alpha", None, None), ("Z", "Zêta", None, "2025-04-01")),
    )


@pytest.fixture(scope="module")
def snap(led):
    return aging.snapshot(led, AS_OF)


@pytest.fixture(scope="module")
def cm(snap):
    return aging.proposed_matches(snap)


def rows(m: aging.CashMatches, debtor: str | None = None) -> list[tuple]:
    x = m.matches if debtor is None else m.matches[m.matches["debtor_id"] == debtor]
    return list(
        x[["credit_id", "invoice_id", "matched", "rule"]].itertuples(index=False, name=None)
    )


def test_columns_and_order(cm):
    assert list(cm.matches.columns) == MATCH_COLUMNS
    assert list(cm.credits.columns) == CREDIT_COLUMNS
    assert list(cm.left.columns) == LEFT_COLUMNS
    assert list(cm.totals.index) == TOTAL_KEYS
    assert cm.matches["debtor_id"].tolist() == ["A"] * 2 + ["B"] * 3 + list("CDEKOZ")
    assert cm.as_of == pd.Timestamp(AS_OF)


def test_exact_amount_is_chosen_over_the_oldest_invoice(cm):
    assert rows(cm, "A") == [("P1", "F4", 300.0, EX), ("P2", "F3", 300.0, EX)]
    a = cm.matches[cm.matches["debtor_id"] == "A"]
    assert a["name"].tolist() == ["Alpha", "Alpha"]
    assert a["days_past_due"].tolist() == [46, 30]  # 30/04 − 15/03, 30/04 − 31/03
    assert a["credit_amount"].tolist() == [300.0, 300.0]
    assert a["invoice_residual"].tolist() == [300.0, 300.0]


def test_oldest_first_partial_allocation_across_two_invoices(cm, snap):
    assert rows(cm, "B") == [
        ("Q1", "G1", 50.0, OLD),
        ("Q2", "G1", 50.0, OLD),
        ("Q2", "G2", 70.0, OLD),
    ]
    after = cm.residual_after(snap.items)
    b = after[after["debtor_id"] == "B"]
    assert b[["invoice_id", "residual", "matched"]].to_numpy().tolist() == [
        ["G2", 180.0, 70.0],
        ["G3", 80.0, 0.0],
    ]


def test_a_credit_beyond_the_open_invoices_is_left(cm):
    assert rows(cm, "C") == [("R1", "H1", 100.0, OLD)]
    c = cm.left.set_index("debtor_id").loc["C"]
    assert (c["unapplied"], c["matched"], c["left"]) == (250.0, 100.0, 150.0)
    assert (c["open_residual"], c["residual_after"]) == (100.0, 0.0)
    r1 = cm.credits.set_index("credit_id").loc["R1"]
    assert (r1["credit_amount"], r1["matched"], r1["left"]) == (250.0, 100.0, 150.0)


def test_an_unapplied_credit_note(cm):
    assert rows(cm, "D") == [("AV1", "K1", 200.0, OLD)]
    assert cm.matches.loc[cm.matches["credit_id"] == "AV1", "credit_kind"].item() == "avoir"
    assert cm.matches.loc[cm.matches["credit_id"] == "P1", "credit_kind"].item() == "règlement"


def test_lettered_after_the_date_is_unapplied_until_then(led, cm, snap):
    assert rows(cm, "E") == [("S1", "L1", 400.0, EX)]
    assert snap.balance.loc["E", "Non affecté"] == -400.0
    assert cm.credits.set_index("credit_id").loc["S1", "source"] == "lettré après la date"
    later = aging.proposed_matches(aging.snapshot(led, "2025-05-31"))
    assert "E" not in set(later.matches["debtor_id"]) | set(later.left["debtor_id"])
    assert "S1" not in set(later.credits["credit_id"])


def test_an_advance_on_an_invoice_not_issued_yet(led, cm):
    assert rows(cm, "K") == [("AC1", "I1", 200.0, OLD)]
    ac1 = cm.credits.set_index("credit_id").loc["AC1"]
    assert (ac1["source"], ac1["left"]) == ("facture émise après la date", 100.0)
    later = aging.proposed_matches(aging.snapshot(led, "2025-05-31"))  # I2 issued: applied
    assert "AC1" not in set(later.credits["credit_id"])
    assert "K" not in set(later.matches["debtor_id"])


def test_an_overpayment_is_charged_to_the_last_payment(cm):
    assert rows(cm, "O") == [("U2", "M2", 30.0, OLD)]
    u2 = cm.credits.set_index("credit_id").loc["U2"]
    assert (u2["source"], u2["credit_amount"], u2["credit_date"]) == (
        "trop-perçu",
        30.0,
        pd.Timestamp("2025-03-01"),
    )


def test_two_debtors_are_never_mixed(cm, snap):
    assert rows(cm, "X") == [] and rows(cm, "Y") == []  # 500 each, different debtors
    x = cm.left.set_index("debtor_id").loc["X"]
    assert (x["unapplied"], x["left"], x["open_residual"]) == (500.0, 500.0, 0.0)
    assert "Y" not in set(cm.left["debtor_id"])
    debtor_of = snap.items.set_index("invoice_id")["debtor_id"]
    assert (cm.matches["invoice_id"].map(debtor_of) == cm.matches["debtor_id"]).all()


def test_write_offs_are_not_proposed_but_tie_to_the_balance(cm):
    w = cm.left.set_index("debtor_id").loc["W"]
    assert (w["unapplied"], w["write_offs"], w["residual_after"]) == (0.0, 40.0, 90.0)
    assert rows(cm, "W") == []


def test_disputed_and_insolvent_are_matched_and_flagged(cm):
    z = cm.matches[cm.matches["debtor_id"] == "Z"]
    assert rows(cm, "Z") == [("ZP", "J1", 150.0, EX)]
    assert z[["name", "disputed", "insolvent"]].to_numpy().tolist() == [["Zêta", True, True]]
    assert not cm.matches.loc[cm.matches["debtor_id"] != "Z", ["disputed", "insolvent"]].any().any()
    assert cm.left.set_index("debtor_id")["insolvent"].to_dict()["Z"]


def test_a_credit_dated_after_the_date_does_not_exist_yet(cm, led):
    assert "P9" not in set(cm.credits["credit_id"])
    later = aging.proposed_matches(aging.snapshot(led, "2025-05-31"))
    # 31/05: P1→F4 and P2→F3 as before, then P9 999 settles F1 100 and F2 250, 649 left
    assert rows(later, "A") == [
        ("P1", "F4", 300.0, EX),
        ("P2", "F3", 300.0, EX),
        ("P9", "F1", 100.0, OLD),
        ("P9", "F2", 250.0, OLD),
    ]
    assert later.left.set_index("debtor_id").loc["A", "left"] == 649.0


def test_reconciliation_identities(cm, snap):
    assert cm.totals.to_dict() == {
        "unapplied": 2600.0,
        "matched": 1850.0,
        "left": 750.0,
        "write_offs": 40.0,
        "open_residual": 2870.0,
        "residual_after": 1020.0,
    }
    cents = {k: aging.to_cents(cm.left[k]) for k in TOTAL_KEYS}
    assert (cents["matched"] + cents["left"] == cents["unapplied"]).all()
    assert (cents["open_residual"] - cents["matched"] == cents["residual_after"]).all()
    non_affecte = aging.to_cents(snap.balance["Non affecté"])
    assert non_affecte.sum() == -264000
    tie = snap.balance.loc[cm.left["debtor_id"], "Non affecté"]
    assert (aging.to_cents(tie) == -(cents["unapplied"] + cents["write_offs"])).all()
    assert aging.to_cents(cm.credits["credit_amount"]).sum() == 260000
    assert aging.to_cents(cm.matches["matched"]).sum() == aging.to_cents(cm.covered).sum() == 185000
    assert cm.covered.to_dict() == {
        "F3": 300.0, "F4": 300.0, "G1": 100.0, "G2": 70.0, "H1": 100.0, "I1": 200.0,
        "J1": 150.0, "K1": 200.0, "L1": 400.0, "M2": 30.0,
    }  # fmt: skip


def test_residual_after_drops_the_rows_fully_covered(cm, snap):
    after = cm.residual_after(snap.items)
    assert after[["invoice_id", "residual"]].to_numpy().tolist() == [
        ["F1", 100.0], ["F2", 250.0], ["G2", 180.0], ["G3", 80.0], ["K1", 300.0],
        ["M2", 20.0], ["V1", 90.0], ["N1", 500.0],
    ]  # fmt: skip
    assert list(after.columns) == [*snap.items.columns, "matched"]
    assert snap.items["residual"].sum() == 3370.0  # the open items are not changed
    to_dun = cm.residual_after(snap.to_dun)  # J1 (disputed, insolvent) is not to dun anyway
    assert "J1" not in set(to_dun["invoice_id"]) and "F4" not in set(to_dun["invoice_id"])


def test_a_ledger_without_unapplied_credit():
    led = ledger(invoices(("F1", "A", "2025-01-01", "2025-01-31", 100.0)))
    m = aging.proposed_matches(aging.snapshot(led, AS_OF))
    assert m.matches.empty and list(m.matches.columns) == MATCH_COLUMNS
    assert m.credits.empty and m.left.empty and m.covered.empty
    assert (m.totals == 0).all()
    assert m.residual_after(aging.snapshot(led, AS_OF).items)["residual"].tolist() == [100.0]


# --- property: the rules, against a plain loop, on random ledgers -------------------------
BASE = pd.Timestamp("2025-01-01")
ROUND = st.sampled_from([5_000, 12_000, 30_000])  # cents: equal amounts are frequent
AMOUNTS = st.integers(0, 2).flatmap(lambda k: ROUND if k else st.integers(1, 40_000))


def _day(n: int) -> pd.Timestamp:
    return BASE + pd.Timedelta(days=n)


@st.composite
def random_ledgers(draw):
    inv = draw(
        st.lists(
            st.tuples(st.integers(0, 2), st.integers(0, 90), st.integers(0, 60), AMOUNTS),
            min_size=1,
            max_size=8,
        )
    )
    pays = draw(
        st.lists(
            st.tuples(
                st.one_of(st.just(-1), st.integers(-1, len(inv) - 1)),  # -1: no invoice
                st.integers(0, 3),  # debtor of a payment without invoice (3: no invoice at all)
                st.integers(0, 150),
                AMOUNTS,
                st.one_of(st.none(), st.integers(0, 60)),  # lettered that many days later
            ),
            max_size=10,
        )
    )
    notes = draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 150), AMOUNTS), max_size=3))
    # unapplied payments of an invoice's exact amount, by its debtor
    twins = draw(st.lists(st.tuples(st.integers(0, len(inv) - 1), st.integers(0, 150)), max_size=4))
    pays += [(-1, inv[i][0], o, inv[i][3], None) for i, o in twins]
    as_of = _day(draw(st.integers(30, 150)))
    inv_rows = [
        (f"F{i}", f"C{d}", _day(o), _day(o + t), c / 100) for i, (d, o, t, c) in enumerate(inv)
    ]
    pay_rows = [
        (
            f"P{k}",
            f"C{inv[i][0]}" if i >= 0 else f"C{d}",
            f"F{i}" if i >= 0 else None,
            _day(o),
            c / 100,
            None if late is None else _day(o + late),
        )
        for k, (i, d, o, c, late) in enumerate(pays)
    ]
    note_rows = [(f"AV{k}", f"C{d}", None, _day(o), c / 100) for k, (d, o, c) in enumerate(notes)]
    led = ledger(invoices(*inv_rows), pay(*pay_rows), credit_notes=avoirs(*note_rows))
    return aging.snapshot(led, as_of)


def reference(credits: pd.DataFrame, items: pd.DataFrame) -> list[tuple]:
    """The two rules, one credit and one invoice at a time."""
    out = []
    for debtor, cr in credits.groupby("debtor_id", sort=True):
        inv = items[items["debtor_id"] == debtor].sort_values(["due_date", "invoice_id"])
        res = dict(zip(inv["invoice_id"], aging.to_cents(inv["residual"]).tolist(), strict=True))
        cr = cr.sort_values(["credit_date", "credit_id"])
        rest = dict(zip(cr["credit_id"], aging.to_cents(cr["credit_amount"]).tolist(), strict=True))
        used, pairs = set(), []
        for cid in cr["credit_id"]:
            for iid in res:
                if iid not in used and res[iid] == rest[cid]:
                    pairs.append((cid, iid, rest[cid], EX))
                    used.add(iid)
                    rest[cid] = 0
                    break
        for cid in cr["credit_id"]:
            for iid in res:
                if iid in used or not rest[cid]:
                    continue
                take = min(rest[cid], res[iid])
                if take:
                    pairs.append((cid, iid, take, OLD))
                    rest[cid] -= take
                    res[iid] -= take
        rank_c = {c: n for n, c in enumerate(cr["credit_id"])}
        rank_i = {i: n for n, i in enumerate(inv["invoice_id"])}
        pairs.sort(key=lambda p: (rank_c[p[0]], rank_i[p[1]]))
        out += [(debtor, *p) for p in pairs]
    return out


@PROPS
@given(random_ledgers())
def test_property_the_proposal_follows_the_rules_and_reconciles(snap):
    m = aging.proposed_matches(snap)
    got = list(
        zip(
            m.matches["debtor_id"],
            m.matches["credit_id"],
            m.matches["invoice_id"],
            aging.to_cents(m.matches["matched"]).tolist(),
            m.matches["rule"],
            strict=True,
        )
    )
    assert got == reference(m.credits, snap.items)
    c = {k: aging.to_cents(m.left[k]) for k in TOTAL_KEYS}
    assert (c["matched"] <= c["unapplied"]).all() and (c["matched"] <= c["open_residual"]).all()
    assert (c["matched"] + c["left"] == c["unapplied"]).all()
    assert aging.to_cents(m.totals["matched"]) + aging.to_cents(m.totals["left"]) == (
        aging.to_cents(m.totals["unapplied"])
    )
    na = snap.balance["Non affecté"]
    assert -aging.to_cents(na).sum() == c["unapplied"].sum() + c["write_offs"].sum()
    residual = snap.items.set_index("invoice_id")["residual"]
    assert (aging.to_cents(m.covered) <= aging.to_cents(residual.reindex(m.covered.index))).all()
    assert (aging.to_cents(m.credits["left"]) >= 0).all()
    after = m.residual_after(snap.items)
    assert aging.to_cents(after["residual"]).sum() == (
        aging.to_cents(snap.items["residual"]).sum() - aging.to_cents(m.matches["matched"]).sum()
    )
