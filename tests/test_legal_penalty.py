"""The penalty rate of a half-year: ECB + 10 points, or a contractual rate with its floor."""

from __future__ import annotations

import pytest
from builders import invoices, ledger

from recouvrement import legal
from recouvrement.legal.penalty import check_rate

NBSP = "\u00a0"


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


#: ECB rate in force on the half-year's first day (from the ECB table) + 10 points.
EARLY_HALF_YEARS = [
    ("2010-03-31", 1.00, 11.00),  # 1.00 % since 13/05/2009
    ("2010-12-31", 1.00, 11.00),
    ("2011-06-30", 1.00, 11.00),  # 1.25 % only from 13/04/2011: counts from S2 2011
    ("2011-07-01", 1.25, 11.25),  # 1.50 % only from 13/07/2011
    ("2012-01-01", 1.00, 11.00),  # 1.00 % since 14/12/2011
    ("2012-06-30", 1.00, 11.00),
    ("2012-07-01", 1.00, 11.00),  # 0.75 % only from 11/07/2012
    ("2013-01-01", 0.75, 10.75),
    ("2013-07-01", 0.50, 10.50),  # 0.50 % since 08/05/2013
    ("2014-01-01", 0.25, 10.25),  # 0.25 % since 13/11/2013
    ("2014-07-01", 0.15, 10.15),  # 0.15 % since 11/06/2014
    ("2015-01-01", 0.05, 10.05),  # 0.05 % since 10/09/2014
    ("2016-01-01", 0.05, 10.05),  # 0.00 % only from 16/03/2016
    ("2016-07-01", 0.00, 10.00),
]


@pytest.mark.parametrize(
    ("day", "ecb", "expected"),
    EARLY_HALF_YEARS,
    ids=[
        "S1-2010",
        "S2-2010",
        "S1-2011",
        "S2-2011",
        "S1-2012-first-day",
        "S1-2012-last-day",
        "S2-2012",
        "S1-2013",
        "S2-2013",
        "S1-2014",
        "S2-2014",
        "S1-2015",
        "S1-2016",
        "S2-2016",
    ],
)
def test_default_penalty_rate_back_to_2010(day, ecb, expected):
    pr = legal.penalty_rate(day)
    assert (pr.ecb_rate, pr.rate) == (ecb, expected)
    assert pr.basis == "taux BCE + 10 points"
    assert not pr.provisional and pr.note == ""


@pytest.mark.parametrize(
    ("day", "contractual", "rate", "floor", "raised"),
    [
        ("2012-03-31", 1.5, 2.13, 2.13, True),  # one annual rate in 2012: 3 × 0.71
        ("2012-10-31", 2.13, 2.13, 2.13, False),  # same rate for both half-years
        ("2014-03-31", 1.5, 1.5, 0.12, False),  # 3 × 0.04
        ("2015-03-31", 2.5, 2.79, 2.79, True),  # S1 2015: 3 × 0.93 (other cases)
        ("2015-09-30", 2.5, 2.97, 2.97, True),  # S2 2015: 3 × 0.99
    ],
    ids=["S1-2012-raised", "S2-2012-kept", "S1-2014", "S1-2015", "S2-2015"],
)
def test_contractual_floor_back_to_2010(day, contractual, rate, floor, raised):
    pr = legal.penalty_rate(day, contractual_rate=contractual)
    assert (pr.rate, pr.floor, pr.floor_applied) == (rate, floor, raised)
    assert not pr.provisional


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


def test_floor_note_in_full():
    pr = legal.penalty_rate("2025-03-31", contractual_rate=5.0)
    assert pr.basis == "plancher 3 × taux d'intérêt légal"
    assert pr.floor == 11.13 and pr.ecb_rate is None
    assert pr.note == (
        f"taux contractuel 5,00{NBSP}% inférieur au plancher légal "
        f"(3 × 3,71{NBSP}% = 11,13{NBSP}%, S1 2025) : plancher appliqué"
    )


def test_provisional_rate_beyond_the_table():
    pr = legal.penalty_rate("2026-02-01")
    assert pr.provisional
    assert pr.rate == 12.15  # last known ECB rate 2.15 + 10
    assert pr.note == (
        f"taux BCE au 01/01/2026 absent de la table : dernier taux connu (2,15{NBSP}% depuis "
        "le 11/06/2025) appliqué à titre provisoire ; table des taux du logiciel à mettre "
        "à jour (voir l'annexe technique)"
    )
    contractual = legal.penalty_rate("2026-02-01", contractual_rate=12.0)
    assert contractual.provisional and contractual.rate == 12.0  # floor 3 × 2.76 = 8.28
    assert "taux de l'intérêt légal du 1er semestre 2026 absent" in contractual.note


@pytest.mark.parametrize(
    "bad",
    [0.12, 0, -5, 150, "12 %", True, float("nan")],
    ids=["fraction", "zero", "negative", "too-high", "text", "bool", "nan"],
)
def test_invalid_contractual_rate(bad):
    with pytest.raises(ValueError, match="contractual_rate"):
        legal.penalty_rate("2025-01-01", contractual_rate=bad)


def test_half_year_before_the_tables_raises_in_french():
    # the ECB table starts on 13/05/2009: S2 2009 has a rate, S1 2009 has none
    assert legal.penalty_rate("2009-12-31").rate == 11.00
    with pytest.raises(legal.RateTableError) as ecb:
        legal.penalty_rate("2009-03-15")
    assert str(ecb.value).startswith(
        "taux BCE au 01/01/2009 absent de la table des taux BCE, qui couvre du 13/05/2009 au "
        "01/07/2025 : les pénalités de retard du 1er semestre 2009 ne peuvent pas être calculées"
    )
    # a contractual rate needs the legal-rate table, which starts with S1 2010
    with pytest.raises(legal.RateTableError) as floor:
        legal.penalty_rate("2009-12-31", contractual_rate=12.0)
    assert str(floor.value).startswith(
        "taux de l'intérêt légal du 2nd semestre 2009 absent de la table des taux de l'intérêt "
        "légal, qui couvre du 01/01/2010 au 31/12/2025"
    )
    assert "recouvrement/data/rates/legal_interest_rate.csv" in str(floor.value)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [(None, None), ({"legal": {}}, None), ({"legal": {"contractual_rate": 12}}, 12.0)],
    ids=["no-configuration", "no-rate", "rate"],
)
def test_contractual_rate_of_the_configuration(meta, expected):
    led = ledger(invoices(("F1", "A", "2025-01-01", "2025-01-31", 100.0)), meta=meta)
    assert legal.contractual_rate_of(led) == expected


RATE = "par exemple 12.0 pour 12 %"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            0.12,
            "contractual_rate = « 0.12 » : ce taux ressemble à une fraction ; le donner en pour "
            f"cent par an ({RATE}, et non 0.12)",
        ),
        (
            150,
            "contractual_rate = « 150 » : un taux en pour cent par an, supérieur à 0 et au plus "
            f"égal à 100, est attendu ({RATE})",
        ),
        (
            "12 %",
            "contractual_rate = « 12 % » : un taux en pour cent par an est attendu, écrit comme "
            f"un nombre ({RATE})",
        ),
    ],
    ids=["fraction", "too-high", "text"],
)
def test_check_rate_says_what_is_expected_in_french(bad, message):
    with pytest.raises(ValueError) as err:
        check_rate(bad, "contractual_rate")
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            "12",
            "recouvrement.yml : legal = « 12 » : une table est attendue (par exemple legal: "
            "{contractual_rate: 12.0})",
        ),
        (
            {"taux": 12},
            "recouvrement.yml : legal : clé(s) inconnue(s) taux ; clés admises : "
            "contractual_rate, claim_policy",
        ),
        (
            {"contractual_rate": "douze"},
            "recouvrement.yml : legal.contractual_rate = « douze » : un taux en pour cent par an "
            f"est attendu, écrit comme un nombre ({RATE})",
        ),
    ],
    ids=["not-a-mapping", "unknown-key", "text"],
)
def test_the_configuration_rate_is_refused_in_french(section, message):
    led = ledger(invoices(("F1", "A", "2025-01-01", "2025-01-31", 100.0)), meta={"legal": section})
    with pytest.raises(ValueError) as err:
        legal.contractual_rate_of(led)
    assert str(err.value) == message
