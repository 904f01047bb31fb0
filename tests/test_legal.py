"""Legal rules (late-payment penalties, indemnity, prescription, terms) on hand-built ledgers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from recouvrement import legal, read_ledger
from recouvrement.aging import open_items, snapshot
from recouvrement.ledger import Ledger


def D(values):
    """Dates at the ledger's resolution (ns)."""
    return pd.to_datetime(values).astype("datetime64[ns]")


NBSP = "\u00a0"


def make_ledger(invoices, payments=None, debtors=None, **kwargs) -> Ledger:
    inv = pd.DataFrame(
        invoices, columns=["invoice_id", "debtor_id", "issue_date", "due_date", "amount"]
    )
    inv["issue_date"] = D(inv["issue_date"])
    inv["due_date"] = D(inv["due_date"])
    pay = None
    if payments is not None:
        pay = pd.DataFrame(payments, columns=["invoice_id", "date", "amount"])
        pay["date"] = D(pay["date"])
    deb = None
    if debtors is not None:
        deb = pd.DataFrame(debtors, columns=["debtor_id", "kind", "insolvency_date"])
        deb["insolvency_date"] = D(deb["insolvency_date"])
    return Ledger(inv, pay, debtors=deb, **kwargs)


PRO = [("A", "professionnel", None)]


# ---------------------------------------------------------------------------
# Rate tables
# ---------------------------------------------------------------------------
def test_rate_files_parse_and_cite_sources():
    tables = legal.load_rates()
    assert list(tables.ecb.columns) == ["effective_date", "rate", "source"]
    assert list(tables.legal.columns) == ["half_year_start", "professional", "private", "source"]
    for frame in tables:
        assert len(frame) > 0
        assert frame["source"].str.strip().str.len().gt(0).all()
        assert frame.iloc[:, 0].is_monotonic_increasing
    ecb = tables.ecb.set_index("effective_date")["rate"]
    for day, rate in [
        ("2023-09-20", 4.50),
        ("2024-06-12", 4.25),
        ("2024-09-18", 3.65),
        ("2024-10-23", 3.40),
        ("2024-12-18", 3.15),
        ("2025-02-05", 2.90),
        ("2025-03-12", 2.65),
        ("2025-04-23", 2.40),
        ("2025-06-11", 2.15),
    ]:
        assert ecb[pd.Timestamp(day)] == rate
    lg = tables.legal.set_index("half_year_start")
    assert lg.loc[pd.Timestamp("2024-07-01"), "professional"] == 4.92  # DOMAIN.md
    assert lg.loc[pd.Timestamp("2025-01-01"), "professional"] == 3.71  # DOMAIN.md
    assert lg.loc[pd.Timestamp("2025-07-01"), ["professional", "private"]].tolist() == [2.76, 6.65]


def test_load_rates_returns_copies():
    first = legal.load_rates()
    first.ecb.loc[0, "rate"] = 99.0
    assert legal.load_rates().ecb.loc[0, "rate"] != 99.0


# ---------------------------------------------------------------------------
# Penalty rate
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2024-12-15", 14.25),  # ECB on 01/07/2024 = 4.25
        ("2025-01-01", 13.15),  # ECB on 01/01/2025 = 3.15
        ("2025-06-30", 13.15),
        ("2025-07-01", 12.15),  # ECB on 01/07/2025 = 2.15
        ("2023-03-01", 12.50),  # ECB on 01/01/2023 = 2.50
        ("2024-02-01", 14.50),  # ECB on 01/01/2024 = 4.50
    ],
    ids=["S2-2024", "S1-2025-first-day", "S1-2025-last-day", "S2-2025", "S1-2023", "S1-2024"],
)
def test_default_penalty_rate(day, expected):
    pr = legal.penalty_rate(day)
    assert pr.rate == expected
    assert pr.ecb_rate == pytest.approx(expected - legal.ECB_MARGIN_POINTS)
    assert not pr.provisional and not pr.floor_applied and pr.note == ""


@pytest.mark.parametrize(
    ("day", "contractual", "rate", "raised"),
    [
        ("2025-03-31", 5.0, 11.13, True),  # floor 3 × 3.71 = 11.13
        ("2025-03-31", 12.0, 12.0, False),  # above the floor: kept
        ("2025-03-31", 11.13, 11.13, False),  # exactly the floor: kept
        ("2024-10-01", 12.0, 14.76, True),  # floor 3 × 4.92 = 14.76
    ],
    ids=["below-floor-S1-2025", "above-floor", "at-floor", "below-floor-S2-2024"],
)
def test_contractual_rate_floor(day, contractual, rate, raised):
    pr = legal.penalty_rate(day, contractual_rate=contractual)
    assert pr.rate == rate
    assert pr.floor_applied is raised
    assert ("plancher appliqué" in pr.note) is raised


def test_provisional_rate_beyond_the_table():
    pr = legal.penalty_rate("2026-02-01")
    assert pr.provisional
    assert pr.rate == 12.15  # last known ECB rate 2.15 + 10
    assert pr.note == (
        f"taux BCE au 01/01/2026 absent de la table : dernier taux connu (2,15{NBSP}% depuis "
        "le 11/06/2025) appliqué à titre provisoire ; mettre à jour "
        "recouvrement/data/rates/ecb_main_refinancing_rate.csv"
    )
    contractual = legal.penalty_rate("2026-02-01", contractual_rate=12.0)
    assert contractual.provisional and contractual.rate == 12.0  # floor 3 × 2.76 = 8.28
    assert "legal_interest_rate.csv" in contractual.note


@pytest.mark.parametrize(
    "bad",
    [0.12, 0, -5, 150, "12 %", True, float("nan")],
    ids=["fraction", "zero", "negative", "too-high", "text", "bool", "nan"],
)
def test_invalid_contractual_rate(bad):
    with pytest.raises(ValueError, match="contractual_rate"):
        legal.penalty_rate("2025-01-01", contractual_rate=bad)


def test_day_before_the_table_raises():
    with pytest.raises(legal.RateTableError, match="before the first row"):
        legal.penalty_rate("2010-01-01")


# ---------------------------------------------------------------------------
# Late-payment interest
# ---------------------------------------------------------------------------
def test_interest_across_a_half_year_boundary():
    ledger = make_ledger([("F1", "A", "2024-11-15", "2024-12-15", 10000.0)], debtors=PRO)
    out = legal.late_payment_interest(snapshot(ledger, "2025-01-31"))
    # 16/12-31/12/2024: 16 days at 4.25 + 10 = 14.25 %; 01/01-31/01/2025: 31 days at 3.15 + 10
    # = 13.15 %: (10000 × 0.1425 × 16 + 10000 × 0.1315 × 31) / 365 = (22800 + 40765) / 365
    # = 63565 / 365 = 174.1507 -> 174.15 €
    row = out.iloc[0]
    assert len(out) == 1
    assert row["interest"] == 174.15
    assert row["days_late"] == 47
    assert row["rate"] == 13.15
    assert row["rate_detail"] == (
        f"S2 2024 : 14,25{NBSP}% du 16/12/2024 au 31/12/2024 ; "
        f"S1 2025 : 13,15{NBSP}% du 01/01/2025 au 31/01/2025"
    )
    assert row["indemnity"] == 40.0
    assert row["claimable"] and not row["provisional"]
    assert pd.isna(row["settled_date"])


@pytest.fixture
def ledger() -> Ledger:
    invoices = [
        # A (professional): partial payment after the due date, still open
        ("F1", "A", "2024-12-16", "2025-01-15", 10000.0),
        # A: paid late in two parts (3000 before the due date, 2000 late)
        ("F2", "A", "2025-02-08", "2025-03-10", 5000.0),
        # A: paid on the due date -> nothing
        ("F3", "A", "2025-02-08", "2025-03-10", 700.0),
        # A: not yet due at as_of -> nothing
        ("F4", "A", "2025-03-01", "2025-04-15", 900.0),
        # P (private): overdue
        ("F5", "P", "2025-01-01", "2025-01-31", 1200.0),
        # U (kind unknown): overdue
        ("F6", "U", "2025-01-01", "2025-01-31", 800.0),
        # B (professional, insolvent on 01/03/2025): overdue
        ("F7", "B", "2025-01-01", "2025-01-31", 1000.0),
    ]
    payments = [
        ("F1", "2025-01-25", 4000.0),
        ("F2", "2025-03-01", 3000.0),
        ("F2", "2025-03-30", 2000.0),
        ("F3", "2025-03-10", 700.0),
        ("F2", "2025-04-20", 1.0),  # after as_of: ignored
    ]
    debtors = [
        ("A", "professionnel", None),
        ("P", "particulier", None),
        ("U", None, None),
        ("B", "professionnel", "2025-03-01"),
    ]
    return make_ledger(invoices, payments, debtors)


AS_OF = "2025-03-31"


def test_interest_by_hand(ledger):
    out = legal.late_payment_interest(snapshot(ledger, AS_OF))
    # F1: 16/01-25/01 = 10 days on 10000 (the payment day still bears interest), then
    #     26/01-31/03 = 65 days on 6000, all at 13.15 %:
    #     (10000 × 0.1315 × 10 + 6000 × 0.1315 × 65) / 365 = (13150 + 51285) / 365
    #     = 64435 / 365 = 176.534 -> 176.53
    # F2: 2000 outstanding 11/03-30/03 = 20 days: 2000 × 0.1315 × 20 / 365 = 5260 / 365
    #     = 14.411 -> 14.41 (settled 30/03, 20 days late)
    # F7: 1000 from 01/02 to 31/03 = 59 days: 1000 × 0.1315 × 59 / 365 = 7758.5 / 365
    #     = 21.256 -> 21.26 (computed, not claimable: insolvent)
    expected = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2", "F7", "F5", "F6"],
            "debtor_id": ["A", "A", "B", "P", "U"],
            "kind": pd.array(
                ["professionnel", "professionnel", "professionnel", "particulier", None],
                dtype="str",
            ),
            "settled_date": D([None, "2025-03-30", None, None, None]),
            "days_late": [75, 20, 59, 59, 59],
            "base": [6000.0, 2000.0, 1000.0, 1200.0, 800.0],
            "residual": [6000.0, 0.0, 1000.0, 1200.0, 800.0],
            "interest": [176.53, 14.41, 21.26, np.nan, np.nan],
            "indemnity": [40.0, 40.0, 40.0, 0.0, np.nan],
            "insolvent": [False, False, True, False, False],
            "claimable": [True, True, False, False, False],
        }
    )
    expected["invoice_id"] = expected["invoice_id"].astype("str")
    expected["debtor_id"] = expected["debtor_id"].astype("str")
    assert_frame_equal(out[list(expected.columns)], expected)
    reasons = out.set_index("invoice_id")["reason"]
    assert reasons["F5"].startswith("débiteur particulier")
    assert reasons["F6"].startswith("type de débiteur non renseigné")
    assert "mandataire judiciaire" in reasons["F7"]


def test_indemnity_once_per_invoice(ledger):
    by_debtor = legal.claimable_by_debtor(legal.late_payment_interest(snapshot(ledger, AS_OF)))
    a = by_debtor.set_index("debtor_id").loc["A"]
    assert a["n_invoices"] == 2
    assert a["indemnities"] == 80.0  # two late invoices of one debtor
    assert a["interest"] == 190.94  # 176.53 + 14.41
    assert a["total_claimable"] == 270.94
    assert a["principal_overdue"] == 6000.0
    assert a["claim_total"] == 6270.94
    assert not a["small_claims"]
    p = by_debtor.set_index("debtor_id").loc["P"]
    assert p["indemnities"] == 0.0 and np.isnan(p["interest"]) and p["total_claimable"] == 0.0
    assert p["claim_total"] == 1200.0 and p["small_claims"]  # principal only
    b = by_debtor.set_index("debtor_id").loc["B"]
    assert b["claim_total"] == 0.0 and not b["small_claims"]  # insolvent: declare, not sue


def test_disputed_invoice_is_computed_but_not_claimed():
    invoices = [("F1", "A", "2024-12-16", "2025-01-15", 10000.0)]
    inv_ledger = make_ledger(invoices, debtors=PRO)
    disputes = pd.DataFrame({"invoice_id": ["F1"], "opened_date": D(["2025-02-01"])})
    ledger = Ledger(inv_ledger.invoices, None, debtors=inv_ledger.debtors, disputes=disputes)
    row = legal.late_payment_interest(snapshot(ledger, "2025-01-31")).iloc[0]
    assert row["claimable"] and not row["disputed"]  # dispute opened after as_of
    row = legal.late_payment_interest(snapshot(ledger, "2025-02-14")).iloc[0]
    # 30 days × 10000 × 13.15 % / 365 = 39450 / 365 = 108.08
    assert row["interest"] == 108.08
    assert row["disputed"] and not row["claimable"]
    assert "litige" in row["reason"]


def test_contractual_rate_from_the_company_configuration():
    invoices = [("F1", "A", "2024-12-16", "2025-01-15", 10000.0)]
    ledger = make_ledger(invoices, debtors=PRO, meta={"legal": {"contractual_rate": 12.0}})
    row = legal.late_payment_interest(snapshot(ledger, "2025-02-14")).iloc[0]
    # 30 days × 10000 × 12 % / 365 = 36000 / 365 = 98.63 (12 ≥ floor 11.13)
    assert row["interest"] == 98.63 and row["rate"] == 12.0 and not row["floor_applied"]
    low = legal.late_payment_interest(snapshot(ledger, "2025-02-14"), contractual_rate=5.0).iloc[0]
    # raised to 11.13: 10000 × 0.1113 × 30 / 365 = 33390 / 365 = 91.48
    assert low["interest"] == 91.48 and low["rate"] == 11.13 and low["floor_applied"]


@pytest.mark.parametrize(
    ("legal_cfg", "match"),
    [
        ("12", "must be a mapping"),
        ({"contractual_rate": 0.12}, "looks like a fraction"),
        ({"contractual_rate": "douze"}, "must be a number"),
        ({"taux": 12}, "unknown key"),
    ],
    ids=["not-a-mapping", "fraction", "text", "unknown-key"],
)
def test_invalid_legal_configuration(legal_cfg, match):
    ledger = make_ledger(
        [("F1", "A", "2024-12-16", "2025-01-15", 100.0)], debtors=PRO, meta={"legal": legal_cfg}
    )
    with pytest.raises(ValueError, match=match):
        legal.late_payment_interest(snapshot(ledger, "2025-02-14"))


def test_provisional_flag_for_days_in_2026():
    ledger = make_ledger([("F1", "A", "2025-11-15", "2025-12-15", 10000.0)], debtors=PRO)
    out = legal.late_payment_interest(snapshot(ledger, "2026-01-10"))
    row = out.iloc[0]
    # 16/12-31/12/2025: 16 days at 12.15 %; 01/01-10/01/2026: 10 days at 12.15 % (provisional)
    # 10000 × 0.1215 × 26 / 365 = 31590 / 365 = 86.548 -> 86.55
    assert row["interest"] == 86.55
    assert row["provisional"]
    assert "absent de la table" in row["provisional_note"]
    totals = legal.interest_totals(out)
    assert totals["provisional"] and totals["provisional_note"] == row["provisional_note"]
    assert legal.claimable_by_debtor(out)["provisional"].tolist() == [True]
    before = legal.late_payment_interest(snapshot(ledger, "2025-12-31")).iloc[0]
    assert not before["provisional"] and before["provisional_note"] == ""


def test_no_debtor_table_flags_every_invoice():
    ledger = make_ledger([("F1", "A", "2024-12-16", "2025-01-15", 100.0)])
    row = legal.late_payment_interest(snapshot(ledger, "2025-02-14")).iloc[0]
    assert np.isnan(row["interest"]) and np.isnan(row["indemnity"]) and not row["claimable"]


def test_nothing_late_gives_an_empty_typed_frame():
    ledger = make_ledger(
        [("F1", "A", "2025-01-01", "2025-01-31", 100.0)], [("F1", "2025-01-31", 100.0)], PRO
    )
    out = legal.late_payment_interest(snapshot(ledger, "2025-03-31"))
    assert out.empty and list(out.columns) == legal.INTEREST_COLUMNS
    assert legal.claimable_by_debtor(out).empty
    assert legal.interest_totals(out)["total_claimable"] == 0.0


def test_result_independent_of_row_order(ledger):
    shuffled = Ledger(
        ledger.invoices.sample(frac=1, random_state=7),
        ledger.payments.sample(frac=1, random_state=7),
        debtors=ledger.debtors.sample(frac=1, random_state=7),
    )
    assert_frame_equal(
        legal.late_payment_interest(snapshot(shuffled, AS_OF)), legal.late_payment_interest(snapshot(ledger, AS_OF))
    )


def test_inputs_not_mutated(ledger):
    before = {n: getattr(ledger, n).copy() for n in ("invoices", "payments", "debtors", "disputes")}
    out = legal.late_payment_interest(snapshot(ledger, AS_OF))
    out_before = out.copy()
    legal.claimable_by_debtor(out)
    legal.interest_totals(out)
    legal.prescription_watch(snapshot(ledger, AS_OF))
    legal.long_payment_terms(ledger)
    for name, frame in before.items():
        assert_frame_equal(getattr(ledger, name), frame)
    assert_frame_equal(out, out_before)


@pytest.mark.parametrize(
    ("interest", "eligible"),
    [(59.99, True), (60.00, False)],
    ids=["4999.99-eligible", "5000.00-not-eligible"],
)
def test_small_claims_threshold(interest, eligible):
    ledger = make_ledger([("F1", "A", "2025-01-01", "2025-01-31", 4900.0)], debtors=PRO)
    frame = legal.late_payment_interest(snapshot(ledger, "2025-02-10")).copy()
    frame["interest"] = interest  # 4900 + interest + 40 = 4999.99 or 5000.00
    row = legal.claimable_by_debtor(frame).iloc[0]
    assert row["claim_total"] == round(4940.0 + interest, 2)
    assert bool(row["small_claims"]) is eligible


# ---------------------------------------------------------------------------
# Prescription and payment terms
# ---------------------------------------------------------------------------
def test_prescription_watch_by_hand():
    invoices = [
        ("S1", "A", "2020-08-31", "2020-09-30", 100.0),  # 30/09/2025: 92 days left
        ("S2", "A", "2020-02-29", "2020-03-31", 200.0),  # 31/03/2025: prescribed 91 days ago
        ("S3", "A", "2020-08-31", "2020-09-30", 300.0),  # part payment 10/05/2021 -> 10/05/2026
        ("S4", "P", "2023-09-15", "2023-10-15", 400.0),  # private, 2 years: 15/10/2025
        ("S5", "A", "2020-12-31", "2021-01-31", 500.0),  # 31/01/2026: beyond the horizon
        ("S6", "U", "2023-12-01", "2023-12-31", 600.0),  # unknown kind -> 2 years: 31/12/2025
    ]
    payments = [("S3", "2021-05-10", 50.0)]
    debtors = [("A", "professionnel", None), ("P", "particulier", None), ("U", None, None)]
    ledger = make_ledger(invoices, payments, debtors)
    out = legal.prescription_watch(snapshot(ledger, "2025-06-30"), horizon_months=6)
    expected = pd.DataFrame(
        {
            "invoice_id": pd.array(["S2", "S1", "S4", "S6"], dtype="str"),
            "prescription_years": [5, 5, 2, 2],
            "prescription_date": D(["2025-03-31", "2025-09-30", "2025-10-15", "2025-12-31"]),
            "days_left": [-91, 92, 107, 184],
            "prescribed": [True, False, False, False],
        }
    )
    assert_frame_equal(out[list(expected.columns)], expected)
    assert "prudence" in out.loc[3, "note"]
    later = legal.prescription_watch(snapshot(ledger, "2025-06-30"), horizon_months=12)
    assert set(later["invoice_id"]) == {"S1", "S2", "S3", "S4", "S5", "S6"}
    s3 = later.set_index("invoice_id").loc["S3"]
    assert s3["start_date"] == pd.Timestamp("2021-05-10")
    assert s3["prescription_date"] == pd.Timestamp("2026-05-10")


def test_prescription_horizon_validated():
    ledger = make_ledger([("F1", "A", "2025-01-01", "2025-01-31", 100.0)], debtors=PRO)
    with pytest.raises(ValueError, match="horizon_months"):
        legal.prescription_watch(snapshot(ledger, "2025-06-30"), horizon_months=-1)


def test_long_payment_terms():
    invoices = [
        ("T1", "A", "2025-01-01", "2025-03-02", 100.0),  # 60 days: compliant
        ("T2", "A", "2025-01-01", "2025-03-03", 200.0),  # 61 days: breach
        ("T3", "P", "2025-01-01", "2025-04-01", 300.0),  # 90 days, private: not applicable
        ("T4", "U", "2025-01-01", "2025-04-01", 400.0),  # 90 days, unknown kind: flagged
    ]
    debtors = [("A", "professionnel", None), ("P", "particulier", None), ("U", None, None)]
    out = legal.long_payment_terms(make_ledger(invoices, None, debtors))
    expected = pd.DataFrame(
        {
            "invoice_id": pd.array(["T2", "T3", "T4"], dtype="str"),
            "terms_days": [61, 90, 90],
            "excess_days": [1, 30, 30],
            "breach": [True, False, True],
        }
    )
    assert_frame_equal(out[list(expected.columns)], expected)
    assert list(out.columns) == legal.TERMS_COLUMNS


def test_rules_are_french_texts():
    assert len(legal.RULES) >= 8
    assert all(rule.strip() and text.strip() for rule, text in legal.RULES)


# ---------------------------------------------------------------------------
# Sample company
# ---------------------------------------------------------------------------
def test_sample_company_structural_facts():
    ledger = read_ledger("data/samples/conseil-horizon")
    as_of = "2026-10-31"
    out = legal.late_payment_interest(snapshot(ledger, as_of))
    by_debtor = legal.claimable_by_debtor(out)
    totals = legal.interest_totals(out)
    # every invoice overdue at as_of is in the frame, with the same residual
    items = open_items(ledger, as_of)
    overdue = items[items["days_past_due"] > 0].set_index("invoice_id")["residual"]
    open_rows = out[out["settled_date"].isna()].set_index("invoice_id")["residual"]
    pd.testing.assert_series_equal(open_rows.sort_index(), overdue.sort_index(), check_names=False)
    # settled rows were settled after their due date and no later than as_of
    settled = out[out["settled_date"].notna()]
    assert (settled["settled_date"] > settled["due_date"]).all()
    assert (settled["settled_date"] <= pd.Timestamp(as_of)).all()
    # no private debtor gets an indemnity or penalties
    private = out[out["kind"] == "particulier"]
    assert len(private) > 0
    assert (private["indemnity"] == 0).all() and private["interest"].isna().all()
    # totals equal the sum of the rows and of the per-debtor table
    assert totals["n_invoices"] == len(out) == by_debtor["n_invoices"].sum()
    claimable = out[out["claimable"]]
    assert totals["total_claimable"] == pytest.approx(
        claimable["interest"].sum() + claimable["indemnity"].sum(), abs=0.005
    )
    assert totals["total_claimable"] == pytest.approx(by_debtor["total_claimable"].sum(), abs=0.005)
    assert totals["indemnities"] == 40.0 * (out["kind"] == "professionnel").sum()
    # days charged in 2026 are beyond the ECB table: provisional, and only those
    end = out["settled_date"].fillna(pd.Timestamp(as_of))
    computed = out["interest"].notna()
    beyond_table = (end[computed] >= pd.Timestamp("2026-01-01")).to_numpy()
    assert (out.loc[computed, "provisional"].to_numpy() == beyond_table).all()
    assert totals["provisional"] and by_debtor["provisional"].any()
    # insolvent debtors are never claimable
    assert not (out["insolvent"] & out["claimable"]).any()
