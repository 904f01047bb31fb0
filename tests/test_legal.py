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
    assert legal.LEGAL_CONFIG_KEYS == ("contractual_rate", "claim_policy")
    assert issubclass(legal.RateTableError, ValueError)


def test_rules_are_french_texts():
    assert len(legal.RULES) >= 8
    assert all(rule.strip() and text.strip() for rule, text in legal.RULES)
    rules = dict(legal.RULES)
    assert rules["Indemnité forfaitaire"].startswith(
        "40,00\u00a0€ par facture payée en retard ou échue et impayée pour un débiteur "
        "professionnel (art. D.441-5 C. com.)"
    )
    assert rules["Indemnité forfaitaire"].endswith("aucune indemnité envers un particulier.")
    assert rules["Petites créances"].endswith("< 5\u00a0000,00\u00a0€.")


def test_rules_quote_each_regime_from_the_table():
    """The regimes table (art. L.441-10, R.2192-31, 1231-6 C. civ. ...) is quoted per kind;
    the insolvency stop of art. L.622-28 C. com. is stated."""
    rules = dict(legal.RULES)
    pro = rules["Régime : débiteur professionnel"]
    assert "délai de paiement maximal de 60 jours (Art. L.441-10 I" in pro
    assert "majoré de 10 points" in pro and "D.441-5" in pro and "5 ans (Art. L.110-4" in pro
    public = rules["Régime : acheteur public"]
    assert "30 jours (Art. R.2192-10" in public and "R.2192-31" in public
    assert "D.2192-35" in public and "4 ans (Loi n° 68-1250" in public
    private = rules["Régime : particulier (consommateur)"]
    assert "aucun délai de paiement maximal" in private and "1231-6" in private
    assert "2 ans (Art. L.218-2" in private
    assert "art. L.622-28 C. com." in rules["Litiges et procédures collectives"]
    assert "LRAR" in rules["Mise en demeure d'un particulier"]


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
    # no private debtor gets an indemnity; interest only from a registered letter (formal
    # notice, art. 1231-6 C. civ.), at the legal rate
    private = out[out["kind"] == "particulier"]
    assert len(private) > 0
    assert (private["indemnity"] == 0).all() and private["interest"].notna().all()
    noticed = private["notice_date"].notna()
    assert (private.loc[~noticed, "interest"] == 0).all()
    assert (private.loc[~noticed, "reason"].str.contains("aucune mise en demeure")).all()
    assert (private["basis"] == "art. 1231-6 C. civ.").all()
    # totals equal the sum of the rows and of the per-debtor table
    assert totals["n_invoices"] == len(out) == by_debtor["n_invoices"].sum()
    claimable = out[out["claimable"]]
    assert totals["total_claimable"] == pytest.approx(
        claimable["interest"].sum() + claimable["indemnity"].sum(), abs=0.005
    )
    assert totals["total_claimable"] == pytest.approx(by_debtor["total_claimable"].sum(), abs=0.005)
    # no policy configured: everything claimable is claimed
    assert totals["claimed_total"] == totals["total_claimable"] and totals["waived_total"] == 0
    assert (out["claimed"] == out["claimable"]).all() and (out["policy"] == "réclamer").all()
    assert legal.claimable_by_basis(out)["total"].sum() == pytest.approx(
        totals["total_claimable"], abs=0.005
    )
    # 40 € per invoice of a professional (D.441-5 C. com.) or a public buyer (D.2192-35 CCP)
    assert totals["indemnities"] == 40.0 * out["kind"].isin(["professionnel", "public"]).sum()
    # days charged in 2026 are beyond the ECB table: provisional, and only those; a public
    # buyer's rate is the one of the half-year its interest started in (art. R.2192-31 CCP)
    rated = out["interest_end"].notna()
    charged = out["interest_start"].where(out["kind"] == "public", out["interest_end"])
    beyond_table = (charged[rated] >= pd.Timestamp("2026-01-01")).to_numpy()
    assert (out.loc[rated, "provisional"].to_numpy() == beyond_table).all()
    assert not out.loc[~rated, "provisional"].any()
    assert totals["provisional"] and by_debtor["provisional"].any()
    # insolvent debtors are never claimable
    assert not (out["insolvent"] & out["claimable"]).any()
