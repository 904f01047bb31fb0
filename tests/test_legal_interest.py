"""Late-payment penalties and indemnity per invoice, computed by hand on small ledgers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from builders import D, debtors, disputes, invoices, ledger, payments, snap
from pandas.testing import assert_frame_equal

from recouvrement import legal
from recouvrement.conventions import DATE_DTYPE
from recouvrement.legal.accrual import segments

NBSP = "\u00a0"

PRO = debtors(("A", None, "professionnel", None))
AS_OF = "2025-03-31"


# ---------------------------------------------------------------------------
# Day-by-day segments
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("events", "due", "end", "expected"),
    [
        # 4 000 € paid on 25/01: that day still bears interest on 10 000 €
        (
            [("2025-01-25", 400_000)],
            "2025-01-15",
            "2025-03-31",
            [("2025-01-16", "2025-01-25", 1_000_000), ("2025-01-26", "2025-03-31", 600_000)],
        ),
        # cut at 1 January, same residual on both sides
        (
            [],
            "2024-12-15",
            "2025-01-31",
            [("2024-12-16", "2024-12-31", 1_000_000), ("2025-01-01", "2025-01-31", 1_000_000)],
        ),
        # paid in full on 20/01: the days after bear nothing
        (
            [("2025-01-20", 1_000_000)],
            "2025-01-15",
            "2025-01-20",
            [("2025-01-16", "2025-01-20", 1_000_000)],
        ),
    ],
    ids=["partial-payment", "half-year-boundary", "settled"],
)
def test_segments(events, due, end, expected):
    dates = [pd.Timestamp(d) for d, _ in events]
    amounts = [a for _, a in events]
    got = segments(1_000_000, dates, amounts, pd.Timestamp(due), pd.Timestamp(end))
    assert got == [(pd.Timestamp(a), pd.Timestamp(b), r) for a, b, r in expected]


# ---------------------------------------------------------------------------
# Late-payment interest
# ---------------------------------------------------------------------------
def test_interest_across_a_half_year_boundary():
    led = ledger(invoices(("F1", "A", "2024-11-15", "2024-12-15", 10000.0)), debtors=PRO)
    out = legal.late_payment_interest(snap(led, "2025-01-31"))
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
def led():
    return ledger(
        invoices(
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
        ),
        payments(
            ("F1", "2025-01-25", 4000.0),
            ("F2", "2025-03-01", 3000.0),
            ("F2", "2025-03-30", 2000.0),
            ("F3", "2025-03-10", 700.0),
            ("F2", "2025-04-20", 1.0),  # after as_of: ignored
        ),
        debtors=debtors(
            ("A", None, "professionnel", None),
            ("P", None, "particulier", None),
            ("U", None, None, None),
            ("B", None, "professionnel", "2025-03-01"),
        ),
    )


def test_interest_by_hand(led):
    """Art. L.441-10 II C. com. (professionals), 1231-6 C. civ. (individuals), L.622-28 C. com.
    (insolvency stops interest)."""
    out = legal.late_payment_interest(snap(led, AS_OF))
    # F1: 16/01-25/01 = 10 days on 10000 (the payment day still bears interest), then
    #     26/01-31/03 = 65 days on 6000, all at 13.15 %:
    #     (10000 × 0.1315 × 10 + 6000 × 0.1315 × 65) / 365 = (13150 + 51285) / 365
    #     = 64435 / 365 = 176.534 -> 176.53
    # F2: 2000 outstanding 11/03-30/03 = 20 days: 2000 × 0.1315 × 20 / 365 = 5260 / 365
    #     = 14.411 -> 14.41 (settled 30/03, 20 days late)
    # F7: B's insolvency judgment of 01/03 stops interest (art. L.622-28 C. com.): 1000 from
    #     01/02 to 28/02 = 28 days: 1000 × 0.1315 × 28 / 365 = 3682 / 365 = 10.088 -> 10.09
    #     (computed, to declare, not claimable)
    # F5: P is an individual (art. 1231-6 C. civ.): no log, hence no formal notice: 0, no
    #     indemnity
    expected = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2", "F7", "F5", "F6"],
            "debtor_id": ["A", "A", "B", "P", "U"],
            "kind": pd.array(
                ["professionnel", "professionnel", "professionnel", "particulier", None],
                dtype="str",
            ),
            "settled_date": D([None, "2025-03-30", None, None, None]).astype(DATE_DTYPE),
            "days_late": [75, 20, 59, 59, 59],
            "base": [6000.0, 2000.0, 1000.0, 1200.0, 800.0],
            "residual": [6000.0, 0.0, 1000.0, 1200.0, 800.0],
            "interest": [176.53, 14.41, 10.09, 0.0, np.nan],
            "indemnity": [40.0, 40.0, 40.0, 0.0, np.nan],
            "insolvent": [False, False, True, False, False],
            "claimable": [True, True, False, False, False],
        }
    )
    expected["invoice_id"] = expected["invoice_id"].astype("str")
    expected["debtor_id"] = expected["debtor_id"].astype("str")
    assert_frame_equal(out[list(expected.columns)], expected)
    reasons = out.set_index("invoice_id")["reason"]
    assert reasons["F5"].startswith(
        "intérêts au taux légal dus à compter de la mise en demeure (art. 1231-6 du code civil) "
        ": pas de journal des relances dans les données"
    )
    assert reasons["F6"].startswith("type de débiteur non renseigné")
    assert reasons["F7"] == (
        "procédure collective ouverte le 01/03/2025 : non réclamable directement, créance à "
        "déclarer au mandataire judiciaire ; intérêts arrêtés au jugement d'ouverture "
        "(art. L.622-28 C. com.)"
    )
    assert out.set_index("invoice_id").loc["F7", "interest_end"] == pd.Timestamp("2025-02-28")


def test_indemnity_once_per_invoice(led):
    """Art. D.441-5 C. com.: 40 € per invoice paid late, not per debtor."""
    by_debtor = legal.claimable_by_debtor(legal.late_payment_interest(snap(led, AS_OF)))
    a = by_debtor.set_index("debtor_id").loc["A"]
    assert a["n_invoices"] == 2
    assert a["indemnities"] == 80.0  # two late invoices of one debtor
    assert a["interest"] == 190.94  # 176.53 + 14.41
    assert a["total_claimable"] == 270.94
    assert a["principal_overdue"] == 6000.0
    assert a["claim_total"] == 6270.94
    assert not a["small_claims"]
    p = by_debtor.set_index("debtor_id").loc["P"]
    assert p["indemnities"] == 0.0 and p["interest"] == 0.0 and p["total_claimable"] == 0.0
    assert p["claim_total"] == 1200.0 and p["small_claims"]  # principal only
    b = by_debtor.set_index("debtor_id").loc["B"]
    assert b["claim_total"] == 0.0 and not b["small_claims"]  # insolvent: declare, not sue


def test_disputed_invoice_is_computed_but_not_claimed():
    led = ledger(
        invoices(("F1", "A", "2024-12-16", "2025-01-15", 10000.0)),
        debtors=PRO,
        disputes=disputes(("F1", "2025-02-01", None)),
    )
    row = legal.late_payment_interest(snap(led, "2025-01-31")).iloc[0]
    assert row["claimable"] and not row["disputed"]  # dispute opened after as_of
    row = legal.late_payment_interest(snap(led, "2025-02-14")).iloc[0]
    # 30 days × 10000 × 13.15 % / 365 = 39450 / 365 = 108.08
    assert row["interest"] == 108.08
    assert row["disputed"] and not row["claimable"]
    assert "litige" in row["reason"]


def test_contractual_rate_from_the_company_configuration():
    led = ledger(
        invoices(("F1", "A", "2024-12-16", "2025-01-15", 10000.0)),
        debtors=PRO,
        meta={"legal": {"contractual_rate": 12.0}},
    )
    row = legal.late_payment_interest(snap(led, "2025-02-14")).iloc[0]
    # 30 days × 10000 × 12 % / 365 = 36000 / 365 = 98.63 (12 ≥ floor 11.13)
    assert row["interest"] == 98.63 and row["rate"] == 12.0 and not row["floor_applied"]
    low = legal.late_payment_interest(snap(led, "2025-02-14"), contractual_rate=5.0).iloc[0]
    # raised to 11.13: 10000 × 0.1113 × 30 / 365 = 33390 / 365 = 91.48
    assert low["interest"] == 91.48 and low["rate"] == 11.13 and low["floor_applied"]


@pytest.mark.parametrize(
    ("legal_cfg", "match"),
    [
        ("12", "recouvrement.yml : legal = « 12 » : une table est attendue"),
        (
            {"contractual_rate": 0.12},
            "legal.contractual_rate = « 0.12 » : ce taux ressemble à une fraction",
        ),
        (
            {"contractual_rate": "douze"},
            "legal.contractual_rate = « douze » : un taux en pour cent par an est attendu",
        ),
        (
            {"taux": 12},
            r"legal : clé\(s\) inconnue\(s\) taux ; clés admises : contractual_rate, claim_policy",
        ),
    ],
    ids=["not-a-mapping", "fraction", "text", "unknown-key"],
)
def test_invalid_legal_configuration(legal_cfg, match):
    led = ledger(
        invoices(("F1", "A", "2024-12-16", "2025-01-15", 100.0)),
        debtors=PRO,
        meta={"legal": legal_cfg},
    )
    with pytest.raises(ValueError, match=match):
        legal.late_payment_interest(snap(led, "2025-02-14"))


def test_provisional_flag_for_days_in_2026():
    led = ledger(invoices(("F1", "A", "2025-11-15", "2025-12-15", 10000.0)), debtors=PRO)
    out = legal.late_payment_interest(snap(led, "2026-01-10"))
    row = out.iloc[0]
    # 16/12-31/12/2025: 16 days at 12.15 %; 01/01-10/01/2026: 10 days at 12.15 % (provisional)
    # 10000 × 0.1215 × 26 / 365 = 31590 / 365 = 86.548 -> 86.55
    assert row["interest"] == 86.55
    assert row["provisional"]
    assert "absent de la table" in row["provisional_note"]
    totals = legal.interest_totals(out)
    assert totals["provisional"] and totals["provisional_note"] == row["provisional_note"]
    assert legal.claimable_by_debtor(out)["provisional"].tolist() == [True]
    before = legal.late_payment_interest(snap(led, "2025-12-31")).iloc[0]
    assert not before["provisional"] and before["provisional_note"] == ""


def test_no_debtor_table_flags_every_invoice():
    led = ledger(invoices(("F1", "A", "2024-12-16", "2025-01-15", 100.0)))
    row = legal.late_payment_interest(snap(led, "2025-02-14")).iloc[0]
    assert np.isnan(row["interest"]) and np.isnan(row["indemnity"]) and not row["claimable"]


def _one_late_invoice(debtor_rows, default_kind=None):
    """F1 on debtor X, 1 000 € due 15/01/2025, open at 14/02/2025 (30 days late).

    S1 2025 rate 3,15 % + 10 = 13,15 %: 1 000 × 0,1315 × 30 / 365 = 10,808 -> 10,81 €.
    """
    return ledger(
        invoices(("F1", "X", "2024-12-16", "2025-01-15", 1000.0)),
        debtors=debtors(*debtor_rows),
        default_kind=default_kind,
    )


@pytest.mark.parametrize(
    ("listed", "default_kind", "kind", "interest", "indemnity", "reason"),
    [
        (
            False,
            "professionnel",
            "professionnel",
            10.81,
            40.0,
            "pénalités et indemnité forfaitaire réclamables",
        ),
        (
            False,
            "particulier",
            "particulier",
            0.0,
            0.0,
            "intérêts au taux légal dus à compter de la mise en demeure",
        ),
        (
            False,
            None,
            None,
            np.nan,
            np.nan,
            "débiteur absent de la table des débiteurs : type non renseigné, pénalités non "
            "calculées",
        ),
        (True, None, None, np.nan, np.nan, "type de débiteur non renseigné : pénalités"),
        (True, "professionnel", "professionnel", 10.81, 40.0, "pénalités et indemnité"),
    ],
    ids=[
        "missing-default-professional",
        "missing-default-private",
        "missing-no-default",
        "kind-empty-no-default",
        "kind-empty-default-professional",
    ],
)
def test_missing_debtor_or_kind_gets_the_default_kind_or_says_why(
    listed, default_kind, kind, interest, indemnity, reason
):
    rows = [("X", "Xéna SAS", None, None)] if listed else [("Y", "Autre", "particulier", None)]
    row = legal.late_payment_interest(
        snap(_one_late_invoice(rows, default_kind), "2025-02-14")
    ).iloc[0]
    assert (None if pd.isna(row["kind"]) else row["kind"]) == kind
    assert row["interest"] == pytest.approx(interest, nan_ok=True)
    assert row["indemnity"] == pytest.approx(indemnity, nan_ok=True)
    assert row["reason"].startswith(reason)
    assert row["claimable"] == (kind == "professionnel")


def test_nothing_late_gives_an_empty_typed_frame():
    led = ledger(
        invoices(("F1", "A", "2025-01-01", "2025-01-31", 100.0)),
        payments(("F1", "2025-01-31", 100.0)),
        debtors=PRO,
    )
    out = legal.late_payment_interest(snap(led, "2025-03-31"))
    assert out.empty and list(out.columns) == legal.INTEREST_COLUMNS
    assert legal.claimable_by_debtor(out).empty
    assert legal.interest_totals(out)["total_claimable"] == 0.0


def test_result_independent_of_row_order(led):
    shuffled = ledger(
        led.invoices.sample(frac=1, random_state=7),
        led.payments.sample(frac=1, random_state=7),
        debtors=led.debtors.sample(frac=1, random_state=7),
    )
    assert_frame_equal(
        legal.late_payment_interest(snap(shuffled, AS_OF)),
        legal.late_payment_interest(snap(led, AS_OF)),
    )


def test_inputs_not_mutated(led):
    before = {n: getattr(led, n).copy() for n in ("invoices", "payments", "debtors", "disputes")}
    out = legal.late_payment_interest(snap(led, AS_OF))
    out_before = out.copy()
    legal.claimable_by_debtor(out)
    legal.interest_totals(out)
    legal.prescription_watch(snap(led, AS_OF))
    legal.long_payment_terms(led)
    for name, frame in before.items():
        assert_frame_equal(getattr(led, name), frame)
    assert_frame_equal(out, out_before)
