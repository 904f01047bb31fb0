"""DSO (kpi/dso.py): the four methods, the countback walk of DOMAIN.md, unavailable sales.

Every expected value is computed by hand next to the ledger that produces it;
:func:`builders.cei_ledger` gives the encours and sales of the methods.
"""

from __future__ import annotations

import pytest
from builders import (
    cei_ledger,
    credit_notes,
    debtor_payments,
    invoices,
    ledger,
    payments,
    segmented_ledger,
)

from recouvrement import kpi
from recouvrement.kpi.dso import countback


def test_dso_methods():
    led, day = cei_ledger(), "2025-06-30"
    simple = kpi.days_sales_outstanding(led, day)
    # 6 340 / 10 890 × 91 (April 30 + May 31 + June 30)
    assert (simple.numerator, simple.denominator) == (6340.0, 10890.0)
    assert simple.value == pytest.approx(6340 / 10890 * 91)
    average = kpi.days_sales_outstanding(led, day, method="average")
    # (6 200 + 6 340) / 2 = 6 270
    assert average.value == pytest.approx(6270 / 10890 * 91)
    countback_dso = kpi.days_sales_outstanding(led, day, method="countback")
    # June sales 3 590 (30 d) leave 2 750; May has no sales (31 d); April 7 300:
    # 2 750 / 7 300 × 30 -> 30 + 31 + 11.30 = 72.30 days
    assert countback_dso.value == pytest.approx(30 + 31 + 2750 / 7300 * 30)
    assert countback_dso.details["days"].tolist() == [30, 31, 30]
    assert countback_dso.details["absorbed"].tolist() == [3590.0, 0.0, 2750.0]


def test_countback_domain_example():
    # DOMAIN.md: encours 212 000, sales 100 000 / 80 000 / 70 000 over 30-day months:
    # 30 + 30 + 32 000 / 70 000 × 30 = 73.714 days
    days, exhausted, parts = countback(212_000, [100_000, 80_000, 70_000], [30, 30, 30])
    assert round(days, 1) == 73.7 and exhausted
    assert parts == [(100_000, 30.0), (80_000, 30.0), (32_000, pytest.approx(32 / 70 * 30))]


@pytest.mark.parametrize(
    ("encours", "sales", "days", "expected"),
    [
        (500, [100, -50, 100], [30, 31, 30], (91.0, False)),
        (-10, [100], [30], (0.0, True)),
    ],
    ids=["history-exhausted-lower-bound", "credit-encours-zero-days"],
)
def test_countback_edges(encours, sales, days, expected):
    # history exhausted first: the value is the days counted (a lower bound);
    # an encours ≤ 0 is absorbed at once
    assert countback(encours, sales, days)[:2] == expected


def test_countback_on_a_calendar_ledger():
    """The DOMAIN.md figures on real calendar months, as of 30/06/2025.

    Sales June 100 000, May 80 000, April 70 000 (payment of 38 000 on the April
    invoice) -> encours 212 000. Calendar months have 30, 31 and 30 days:
    30 + 31 + 32 000 / 70 000 × 30 = 74.71 days (73.7 with three 30-day months).
    """
    inv = invoices(
        ("APR", "C1", "2025-04-10", "2025-05-10", 70_000.0),
        ("MAY", "C2", "2025-05-10", "2025-06-09", 80_000.0),
        ("JUN", "C3", "2025-06-10", "2025-07-10", 100_000.0),
    )
    led = ledger(inv, payments(("APR", "2025-06-20", 38_000.0)))
    r = kpi.days_sales_outstanding(led, "2025-06-30", method="countback")
    assert r.numerator == 212_000.0
    assert r.value == pytest.approx(30 + 31 + 32_000 / 70_000 * 30)
    assert round(r.value, 1) == 74.7


@pytest.mark.parametrize("method", ["simple", "average"], ids=["simple", "average"])
def test_dso_without_sales_is_unavailable(method):
    # nothing issued between 31/01/2026 and 30/04/2026
    r = kpi.days_sales_outstanding(segmented_ledger(), "2026-04-30", method=method)
    assert r.value is None
    assert r.reason == "non disponible : aucune vente nette sur la période"
    assert r.formatted() == "non disponible"


def test_dso_unknown_method():
    with pytest.raises(ValueError, match="'weighted'"):
        kpi.days_sales_outstanding(cei_ledger(), "2025-06-30", method="weighted")


def bdf_ledger() -> object:
    """A year of sales as of 30/06/2025, for the Banque de France basis (12 months, × 360).

    A  10 000 issued 15/05/2024 (before the 12 months: history complete), paid 20/06/2024.
    B  20 000 issued 10/09/2024, paid 30/10/2024.
    C  12 000 issued 01/03/2025 due 31/03: credit note 2 000 on 10/05, 7 000 paid 15/04
       -> 3 000 overdue at 30/06.
    D   6 000 issued 15/06/2025 due 15/07 -> not due; 900 of unapplied cash from its
       debtor on 20/06 (an advance: it reduces the encours).
    Turnover of (30/06/2024, 30/06/2025] = 20 000 + 12 000 + 6 000 − 2 000 = 36 000.
    Encours = 3 000 + 6 000 − 900 = 8 100 -> DSO BdF = 8 100 × 360 / 36 000 = 81.0 days.
    """
    return ledger(
        invoices(
            ("A", "K1", "2024-05-15", "2024-06-14", 10_000.0),
            ("B", "K2", "2024-09-10", "2024-10-10", 20_000.0),
            ("C", "K3", "2025-03-01", "2025-03-31", 12_000.0),
            ("D", "K4", "2025-06-15", "2025-07-15", 6_000.0),
        ),
        debtor_payments(
            ("K1", "A", "2024-06-20", 10_000.0),
            ("K2", "B", "2024-10-30", 20_000.0),
            ("K3", "C", "2025-04-15", 7_000.0),
            ("K4", None, "2025-06-20", 900.0),
        ),
        credit_notes=credit_notes(("C", "2025-05-10", 2_000.0)),
    )


def test_dso_on_the_banque_de_france_basis():
    led = bdf_ledger()
    r = kpi.days_sales_outstanding(led, "2025-06-30", method="bdf")
    assert (r.key, r.months, r.unit) == ("dso_bdf", 12, "j")
    assert (r.numerator, r.denominator) == (8_100.0, 36_000.0)
    assert r.value == pytest.approx(81.0)
    assert r.label == "DSO base Banque de France (12 mois, année de 360 j)"
    assert r.convention.startswith(
        "DSO base Banque de France = créances clients TTC à la date × 360 / chiffre "
        "d'affaires TTC des 12 mois"
    )
    assert "période de 12 mois du 01/07/2024 au 30/06/2025 (365 jours)" in r.convention
    assert "effets escomptés non échus ne figurent pas dans les données" in r.convention
    assert "historique incomplet" not in r.convention
    # `months` does not change the basis; the 3-month DSO of the same ledger is another
    # figure: sales of (31/03, 30/06] = 6 000 − 2 000 = 4 000 -> 8 100 / 4 000 × 91
    assert kpi.days_sales_outstanding(led, "2025-06-30", method="bdf", months=3) == r
    simple = kpi.days_sales_outstanding(led, "2025-06-30")
    assert simple.value == pytest.approx(8_100 / 4_000 * 91)


@pytest.mark.parametrize(
    ("as_of", "reason", "numerator"),
    [
        (
            "2026-10-31",
            "non disponible : aucun chiffre d'affaires net sur les 12 mois",
            8_100.0,
        ),
        (
            "2024-08-31",
            "non disponible : historique de moins de 11 mois (première facture du "
            "15/05/2024) : le chiffre d'affaires des 12 mois n'est pas connu",
            0.0,
        ),
    ],
    ids=["no-turnover", "history-short"],
)
def test_dso_bdf_not_available(as_of, reason, numerator):
    # 31/10/2026: nothing sold in the 12 months, C and D still open (3 000 + 6 000 − 900);
    # 31/08/2024: the first sale (15/05/2024) is 2 months after the start (31/08/2023)
    r = kpi.days_sales_outstanding(bdf_ledger(), as_of, method="bdf")
    assert r.value is None and r.reason == reason
    assert r.numerator == numerator  # the encours is still given
    assert r.formatted() == "non disponible"


def test_dso_bdf_accepts_a_history_starting_in_the_first_month():
    # first sale 15/05/2024, 12 months to 30/04/2025 start on 01/05/2024: within the first
    # month, the DSO is given with the warning of an incomplete history
    r = kpi.days_sales_outstanding(bdf_ledger(), "2025-04-30", method="bdf")
    # encours 30/04: C 12 000 − 7 000 = 5 000; turnover 10 000 + 20 000 + 12 000 = 42 000
    assert (r.numerator, r.denominator) == (5_000.0, 42_000.0)
    assert r.value == pytest.approx(5_000 * 360 / 42_000)
    assert "attention : historique incomplet, la première facture date du 15/05/2024" in (
        r.convention
    )
