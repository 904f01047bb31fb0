"""DSO (kpi/dso.py): the three methods, the countback walk of DOMAIN.md, unavailable sales.

Every expected value is computed by hand next to the ledger that produces it;
:func:`builders.cei_ledger` gives the encours and sales of the methods.
"""

from __future__ import annotations

import pytest
from builders import cei_ledger, invoices, ledger, payments, segmented_ledger

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
