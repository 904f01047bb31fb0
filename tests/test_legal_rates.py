"""The rate tables of the penalties and the one rule of the rate in force on a half-year."""

from __future__ import annotations

import pandas as pd
import pytest

from recouvrement import legal
from recouvrement.legal.rates import (
    ECB_RATE,
    LEGAL_RATE,
    RateInForce,
    before_table_message,
    half_year_fr,
    half_year_label,
    half_year_start,
    rate_in_force,
    table_period,
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
                "depuis le 11/06/2025) appliqué à titre provisoire ; table des taux "
                "du logiciel à mettre à jour (voir l'annexe technique)",
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
                "table des taux du logiciel à mettre à jour (voir l'annexe technique)",
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


ECB_FILE_LABEL = "recouvrement/data/rates/ecb_main_refinancing_rate.csv"
LEGAL_FILE_LABEL = "recouvrement/data/rates/legal_interest_rate.csv"
README_LABEL = "recouvrement/data/rates/README.md"


@pytest.mark.parametrize(
    ("series", "start", "message"),
    [
        (
            ECB_RATE,
            "2009-01-01",
            "taux BCE au 01/01/2009 absent de la table des taux BCE, qui couvre du 13/05/2009 "
            "au 01/07/2025 : les pénalités de retard du 1er semestre 2009 ne peuvent pas être "
            "calculées ; ajouter les taux antérieurs, avec leur source, au fichier "
            f"{ECB_FILE_LABEL} (mode d'emploi : {README_LABEL})",
        ),
        (
            LEGAL_RATE,
            "2009-07-01",
            "taux de l'intérêt légal du 2nd semestre 2009 absent de la table des taux de "
            "l'intérêt légal, qui couvre du 01/01/2010 au 31/12/2025 : le plancher du taux "
            "contractuel du 2nd semestre 2009 ne peut pas être calculé ; ajouter les semestres "
            f"antérieurs, avec leur source, au fichier {LEGAL_FILE_LABEL} (mode d'emploi : "
            f"{README_LABEL})",
        ),
    ],
    ids=["ecb", "legal"],
)
def test_rate_before_the_table_raises_one_french_sentence(series, start, message):
    with pytest.raises(legal.RateTableError) as caught:
        rate_in_force(series, pd.Timestamp(start))
    assert str(caught.value) == message == before_table_message(series, pd.Timestamp(start))
    assert "\n" not in message


def test_table_periods():
    assert table_period(ECB_RATE) == (pd.Timestamp("2009-05-13"), pd.Timestamp("2025-07-01"))
    assert table_period(LEGAL_RATE) == (pd.Timestamp("2010-01-01"), pd.Timestamp("2025-12-31"))


@pytest.mark.parametrize("series", [ECB_RATE, LEGAL_RATE], ids=["ecb", "legal"])
def test_every_half_year_from_2010_has_a_rate(series):
    # the methodology appendix says the tables start at the latest with 2010-S1
    starts = pd.date_range("2010-01-01", "2025-07-01", freq="6MS")
    assert len(starts) == 32
    assert all(not rate_in_force(series, s).provisional for s in starts)


# ---------------------------------------------------------------------------
# The rows added back to 2010, each checked against its source
# ---------------------------------------------------------------------------
#: ECB main refinancing rate (fixed rate) 2009-2016: date of effect, rate, date of the
#: decision (ECB press releases "Monetary policy decisions").
ECB_ROWS = [
    ("2009-05-13", 1.00, "07/05/2009"),
    ("2011-04-13", 1.25, "07/04/2011"),
    ("2011-07-13", 1.50, "07/07/2011"),
    ("2011-11-09", 1.25, "03/11/2011"),
    ("2011-12-14", 1.00, "08/12/2011"),
    ("2012-07-11", 0.75, "05/07/2012"),
    ("2013-05-08", 0.50, "02/05/2013"),
    ("2013-11-13", 0.25, "07/11/2013"),
    ("2014-06-11", 0.15, "05/06/2014"),
    ("2014-09-10", 0.05, "04/09/2014"),
    ("2016-03-16", 0.00, "10/03/2016"),
    ("2022-07-27", 0.50, "21/07/2022"),
]


def test_ecb_rows_2009_to_2022():
    ecb = legal.load_rates().ecb
    early = ecb[ecb["effective_date"] <= pd.Timestamp("2022-07-27")]
    got = [
        (f"{d:%Y-%m-%d}", r) for d, r in zip(early["effective_date"], early["rate"], strict=True)
    ]
    assert got == [(day, rate) for day, rate, _ in ECB_ROWS]
    for (_, _, decided), source in zip(ECB_ROWS, early["source"], strict=True):
        assert f"décision de politique monétaire du {decided}" in source


#: Legal interest rate: half-year, professional (all other cases), private, reference.
LEGAL_ROWS = [
    ("2010-01-01", 0.65, 0.65, "Décret n° 2010-127"),
    ("2010-07-01", 0.65, 0.65, "Décret n° 2010-127"),
    ("2011-01-01", 0.38, 0.38, "Décret n° 2011-137"),
    ("2011-07-01", 0.38, 0.38, "Décret n° 2011-137"),
    ("2012-01-01", 0.71, 0.71, "Décret n° 2012-182"),
    ("2012-07-01", 0.71, 0.71, "Décret n° 2012-182"),
    ("2013-01-01", 0.04, 0.04, "Décret n° 2013-178"),
    ("2013-07-01", 0.04, 0.04, "Décret n° 2013-178"),
    ("2014-01-01", 0.04, 0.04, "Décret n° 2014-98"),
    ("2014-07-01", 0.04, 0.04, "Décret n° 2014-98"),
    ("2015-01-01", 0.93, 4.06, "Arrêté du 23 décembre 2014"),
    ("2015-07-01", 0.99, 4.29, "Arrêté du 24 juin 2015"),
    ("2016-01-01", 1.01, 4.54, "Arrêté du 23 décembre 2015"),
    ("2016-07-01", 0.93, 4.35, "Arrêté du 24 juin 2016"),
    ("2017-01-01", 0.90, 4.16, "Arrêté du 29 décembre 2016"),
    ("2017-07-01", 0.90, 3.94, "Arrêté du 26 juin 2017"),
    ("2018-01-01", 0.89, 3.73, "Arrêté du 28 décembre 2017"),
    ("2018-07-01", 0.88, 3.60, "Arrêté du 27 juin 2018"),
    ("2019-01-01", 0.86, 3.40, "Arrêté du 21 décembre 2018"),
    ("2019-07-01", 0.87, 3.26, "Arrêté du 26 juin 2019"),
    ("2020-01-01", 0.87, 3.15, "Arrêté du 23 décembre 2019"),
    ("2020-07-01", 0.84, 3.11, "Arrêté du 15 juin 2020"),
    ("2021-01-01", 0.79, 3.14, "Arrêté du 21 décembre 2020"),
    ("2021-07-01", 0.76, 3.12, "Arrêté du 16 juin 2021"),
]


def test_legal_rows_2010_to_2021():
    lg = legal.load_rates().legal
    early = lg[lg["half_year_start"] < pd.Timestamp("2022-01-01")]
    columns = early["half_year_start"], early["professional"], early["private"]
    got = [(f"{d:%Y-%m-%d}", p, q) for d, p, q in zip(*columns, strict=True)]
    assert got == [(day, p, q) for day, p, q, _ in LEGAL_ROWS]
    for (_, _, _, reference), source in zip(LEGAL_ROWS, early["source"], strict=True):
        assert source.startswith(reference)
        assert "JORF" in source and "art. L.313-2 du code monétaire et financier" in source
    # the rows already shipped follow without a gap (contiguity is checked when read)
    assert lg.loc[len(early), ["professional", "private"]].tolist() == [0.76, 3.13]


def test_before_2015_one_annual_rate_for_both_columns_and_half_years():
    lg = legal.load_rates().legal
    before = lg[lg["half_year_start"] < pd.Timestamp("2015-01-01")]
    assert len(before) == 10
    assert (before["professional"] == before["private"]).all()
    by_year = before.groupby(before["half_year_start"].dt.year)["professional"].nunique()
    assert (by_year == 1).all()
    assert before["source"].str.contains("taux annuel unique").all()


def test_rules_list_the_ecb_changes_within_a_half_year_before_2013():
    ecb = legal.load_rates().ecb
    within = ecb[
        (ecb["effective_date"] < pd.Timestamp("2013-01-01"))
        & (ecb["effective_date"] >= pd.Timestamp("2010-01-01"))
    ]["effective_date"]
    listed = ", ".join(f"{d:%d/%m/%Y}" for d in within)
    assert listed == "13/04/2011, 13/07/2011, 09/11/2011, 14/12/2011, 11/07/2012"
    assert f"({listed})" in dict(legal.RULES)["Semestres antérieurs à 2013"]
