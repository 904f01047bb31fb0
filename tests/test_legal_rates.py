"""The rate tables of the penalties and the one rule of the rate in force on a half-year."""

from __future__ import annotations

import pandas as pd
import pytest

from recouvrement import legal
from recouvrement.legal.rates import (
    ECB_RATE,
    LEGAL_RATE,
    RateInForce,
    half_year_fr,
    half_year_label,
    half_year_start,
    rate_in_force,
)

NBSP = "\u00a0"


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
# Half-years
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "start", "label", "french"),
    [
        ("2025-01-01", "2025-01-01", "S1 2025", "1er semestre 2025"),
        ("2025-06-30", "2025-01-01", "S1 2025", "1er semestre 2025"),
        ("2025-07-01", "2025-07-01", "S2 2025", "2nd semestre 2025"),
        ("2025-12-31", "2025-07-01", "S2 2025", "2nd semestre 2025"),
    ],
    ids=["first-day-S1", "last-day-S1", "first-day-S2", "last-day-S2"],
)
def test_half_year_of_a_day(day, start, label, french):
    first = half_year_start(pd.Timestamp(day))
    assert first == pd.Timestamp(start)
    assert half_year_label(first) == label
    assert half_year_fr(first) == french


# ---------------------------------------------------------------------------
# The rate in force: one rule for both tables
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("series", "start", "expected"),
    [
        (ECB_RATE, "2025-01-01", RateInForce(3.15, False, "")),  # set on 18/12/2024
        (ECB_RATE, "2025-07-01", RateInForce(2.15, False, "")),  # set on 11/06/2025
        (
            ECB_RATE,
            "2026-01-01",
            RateInForce(
                2.15,
                True,
                f"taux BCE au 01/01/2026 absent de la table : dernier taux connu (2,15{NBSP}% "
                "depuis le 11/06/2025) appliqué à titre provisoire ; mettre à jour "
                "recouvrement/data/rates/ecb_main_refinancing_rate.csv",
            ),
        ),
        (LEGAL_RATE, "2025-01-01", RateInForce(3.71, False, "")),
        (LEGAL_RATE, "2025-07-01", RateInForce(2.76, False, "")),  # the last half-year
        (
            LEGAL_RATE,
            "2026-07-01",
            RateInForce(
                2.76,
                True,
                "taux de l'intérêt légal du 2nd semestre 2026 absent de la table : dernier "
                f"taux connu (2,76{NBSP}%, 2nd semestre 2025) appliqué à titre provisoire ; "
                "mettre à jour recouvrement/data/rates/legal_interest_rate.csv",
            ),
        ),
    ],
    ids=[
        "ecb-S1-2025",
        "ecb-S2-2025",
        "ecb-beyond",
        "legal-S1-2025",
        "legal-S2-2025",
        "legal-beyond",
    ],
)
def test_rate_in_force(series, start, expected):
    assert rate_in_force(series, pd.Timestamp(start)) == expected


@pytest.mark.parametrize(
    ("series", "message"),
    [
        (
            ECB_RATE,
            "the ECB rate on 2016-01-01 is before the first row of "
            "recouvrement/data/rates/ecb_main_refinancing_rate.csv (2016-03-16); "
            "add the earlier rates",
        ),
        (
            LEGAL_RATE,
            "the legal interest rate of the half-year starting 2016-01-01 is before the first "
            "row of recouvrement/data/rates/legal_interest_rate.csv (2022-01-01); "
            "add the earlier half-years",
        ),
    ],
    ids=["ecb", "legal"],
)
def test_rate_before_the_table_raises(series, message):
    with pytest.raises(legal.RateTableError) as caught:
        rate_in_force(series, pd.Timestamp("2016-01-01"))
    assert str(caught.value) == message
