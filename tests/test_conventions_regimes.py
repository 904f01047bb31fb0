"""The legal regime of each kind of debtor: the dated, sourced table and its reader."""

from __future__ import annotations

import pandas as pd
import pytest

from recouvrement.conventions import regimes
from recouvrement.conventions.regimes import regime_of


def test_professional_regime_is_l441_10():
    """Art. L.441-10 C. com.: 60 days, ECB + 10 points per half-year, 40 € (D.441-5), 5 years."""
    r = regime_of("professionnel", "2026-10-31")
    assert (r.max_terms_days, r.penalty, r.margin_points, r.rate_fixing) == (
        60,
        "ecb",
        10,
        "half_year",
    )
    assert (r.indemnity_cents, r.prescription_years, r.penalty_from) == (4000, 5, "due_date")
    assert "L.441-10" in r.penalty_source and "D.441-5" in r.indemnity_source
    assert "L.110-4" in r.prescription_source
    assert r.has_penalties


def test_public_buyer_regime_is_the_code_de_la_commande_publique():
    """R.2192-10 (30 days), R.2192-31 (ECB + 8, rate of the starting half-year), D.2192-35 (40 €),
    loi 68-1250 (4 years from 1 January after the year of the due date)."""
    r = regime_of("public", "2026-10-31")
    assert (r.max_terms_days, r.margin_points, r.rate_fixing, r.indemnity_cents) == (
        30,
        8,
        "start",
        4000,
    )
    assert "R.2192-31" in r.penalty_source and "D.2192-35" in r.indemnity_source
    assert r.prescription_years == 4
    assert r.prescription_start(pd.Timestamp("2024-03-15")) == pd.Timestamp("2025-01-01")
    assert r.prescription_start(pd.Timestamp("2024-12-31")) == pd.Timestamp("2025-01-01")


def test_private_individual_regime_has_no_penalty_nor_indemnity():
    """Art. 1231-6 C. civ.: legal interest from the formal notice only; no D.441-5 indemnity;
    art. L.218-2 C. consom.: 2 years."""
    r = regime_of("particulier")
    assert (r.penalty, r.penalty_from, r.indemnity_cents, r.max_terms_days) == (
        "legal_rate",
        "formal_notice",
        0,
        None,
    )
    assert not r.has_penalties
    assert r.prescription_years == 2 and "L.218-2" in r.prescription_source
    assert r.prescription_start(pd.Timestamp("2024-03-15")) == pd.Timestamp("2024-03-15")


def test_unknown_kind_has_no_regime_and_early_dates_get_the_first_row():
    assert regime_of(None) is None and regime_of("association") is None
    assert regime_of("public", "2010-01-01").valid_from == pd.Timestamp("2013-03-16")


def test_a_row_without_its_source_is_refused(monkeypatch):
    table = regimes.data.read_csv(*regimes.REGIMES_FILE)
    table.loc[1, "penalty_source"] = " "
    monkeypatch.setattr(regimes.data, "read_csv", lambda *parts: table)
    regimes.load_regimes.cache_clear()
    try:
        with pytest.raises(
            ValueError, match=r"debtor_regimes.csv, ligne 3 : colonne penalty_source vide"
        ):
            regimes.load_regimes()
    finally:
        regimes.load_regimes.cache_clear()
