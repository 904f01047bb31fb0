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
            "recouvrement.yml : legal : clé(s) inconnue(s) taux ; clé admise : contractual_rate",
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
