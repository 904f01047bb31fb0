"""The legal package as a whole: its public names, its rules text and the sample company.

The rules themselves are tested module by module: ``test_legal_rates`` (rate tables and
the rate in force), ``test_legal_penalty``, ``test_legal_interest``, ``test_legal_claims``,
``test_legal_prescription`` and ``test_legal_terms``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import snap

from recouvrement import legal, read_ledger
from recouvrement.aging import open_items
from recouvrement.conventions import law

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

LAW_CONSTANTS = [
    "DAY_COUNT_DAYS",
    "ECB_MARGIN_POINTS",
    "LEGAL_RATE_MULTIPLIER",
    "MAX_TERMS_DAYS",
    "PRESCRIPTION_YEARS_PRIVATE",
    "PRESCRIPTION_YEARS_PROFESSIONAL",
    "PRIVATE",
    "PROFESSIONAL",
    "RECOVERY_INDEMNITY_EUR",
    "SMALL_CLAIMS_LIMIT_EUR",
]


@pytest.mark.parametrize("name", LAW_CONSTANTS, ids=LAW_CONSTANTS)
def test_law_constants_are_re_exported(name):
    assert getattr(legal, name) == getattr(law, name)


def test_public_names():
    for name in legal.__all__:
        assert hasattr(legal, name), name
    assert legal.RECOVERY_INDEMNITY_EUR == 40.0 and legal.ECB_MARGIN_POINTS == 10
    assert legal.DEFAULT_HORIZON_MONTHS == 6
    assert legal.RATES_FOLDER == ("data", "rates")
    assert (legal.ECB_FILE, legal.LEGAL_FILE) == (
        "ecb_main_refinancing_rate.csv",
        "legal_interest_rate.csv",
    )
    assert legal.LEGAL_CONFIG_KEYS == ("contractual_rate",)
    assert issubclass(legal.RateTableError, ValueError)


def test_rules_are_french_texts():
    assert len(legal.RULES) >= 8
    assert all(rule.strip() and text.strip() for rule, text in legal.RULES)
    rules = dict(legal.RULES)
    assert rules["Indemnité forfaitaire"].startswith("40,00\u00a0€ par facture")
    assert rules["Petites créances"].endswith("< 5\u00a0000,00\u00a0€.")


# ---------------------------------------------------------------------------
# Sample company
# ---------------------------------------------------------------------------
def test_sample_company_structural_facts():
    ledger = read_ledger(SAMPLES / "conseil-horizon")
    as_of = "2026-10-31"
    out = legal.late_payment_interest(snap(ledger, as_of))
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
