"""Recovery and unpaid rates (kpi/recovery.py): DOMAIN.md example, cap, rolling windows, segments.

Every expected value is computed by hand in the docstring of the ledger that
produces it. Amounts in euros, rates in percent.
"""

from __future__ import annotations

import pandas as pd
import pytest
from builders import APRIL, D, credit_notes, disputes, invoices, ledger, payments, segmented_ledger
from pandas.testing import assert_frame_equal

from recouvrement import kpi
from recouvrement.formatting import NBSP
from recouvrement.ledger import Ledger


@pytest.fixture
def domain_recovery() -> Ledger:
    """DOMAIN.md: 110 000 € overdue at 31 March, 10 000 € disputed, 75 000 € collected in April.

    C01..C10: one invoice of 10 000 € each, due 28/02 (overdue at 31/03) -> base 100 000.
    C11: 10 000 € due 28/02, disputed since 15/03 (open) -> out of the base; its April
         payment is not a collection of the cohort.
    C12: 5 000 € due 15/04 (not due at 31/03) -> out of the base, even though paid in April.
    April payments on the base: C01..C07 10 000 each + C08 5 000 = 75 000 -> 75 %.
    C09 pays 10 000 on 02/05 (after the window): ignored.
    """
    ids = [f"F{i:02d}" for i in range(1, 12)]
    inv = invoices(
        *[(f, f"C{f[1:]}", "2025-01-29", "2025-02-28", 10_000.0) for f in ids],
        ("F12", "C12", "2025-03-16", "2025-04-15", 5_000.0),
    )
    pay = payments(
        *[(f"F{i:02d}", "2025-04-15", 10_000.0) for i in range(1, 8)],
        ("F08", "2025-04-30", 5_000.0),
        ("F11", "2025-04-10", 10_000.0),
        ("F12", "2025-04-20", 5_000.0),
        ("F09", "2025-05-02", 10_000.0),
    )
    return ledger(inv, pay, disputes=disputes(("F11", "2025-03-15", None)))


def test_recovery_rate_domain_example(domain_recovery):
    r = kpi.recovery_rate(domain_recovery, APRIL)
    assert r.key == "recovery_rate"
    assert r.value == 75.0
    assert (r.numerator, r.denominator) == (75_000.0, 100_000.0)
    assert r.n_debtors == 10 and r.significant
    assert r.unit == "%" and r.months == 1 and r.as_of == D(APRIL)
    assert r.formatted() == f"75,0{NBSP}%"
    assert "31/03/2025" in r.convention and "plafonn" in r.convention
    expected = pd.DataFrame(
        {
            "cohort": [D("2025-03-31")],
            "window_end": [D(APRIL)],
            "base": [100_000.0],
            "collected": [75_000.0],
            "rate": [75.0],
            "n_debtors": [10],
        }
    ).astype({"cohort": "datetime64[ns]", "window_end": "datetime64[ns]"})
    assert_frame_equal(r.details, expected)


def test_unpaid_rate_is_the_complement(domain_recovery):
    u = kpi.unpaid_rate(domain_recovery, APRIL)
    assert u.key == "unpaid_rate"
    assert u.value == 25.0
    assert (u.numerator, u.denominator) == (25_000.0, 100_000.0)


def test_recovery_caps_overpayments_and_nets_credits():
    """Cohort 31/03, window April; one debtor each.

    A: 1 000 due 28/02, paid 1 500 in April -> collected capped at 1 000.
    B: 1 000 due 28/02, paid 400 on 10/03 (before D) -> base 600; paid 600 in April.
    C: 1 000 due 28/02, credit note 200 on 20/03 -> base 800; credit note 300 in April
       is not cash: collected 0.
    Base 1 000 + 600 + 800 = 2 400, collected 1 000 + 600 = 1 600 -> 66.67 %.
    """
    inv = invoices(
        ("A1", "A", "2025-01-29", "2025-02-28", 1000.0),
        ("B1", "B", "2025-01-29", "2025-02-28", 1000.0),
        ("C1", "C", "2025-01-29", "2025-02-28", 1000.0),
    )
    pay = payments(
        ("A1", "2025-04-05", 1500.0), ("B1", "2025-03-10", 400.0), ("B1", "2025-04-05", 600.0)
    )
    credits = credit_notes(("C1", "2025-03-20", 200.0), ("C1", "2025-04-10", 300.0))
    r = kpi.recovery_rate(ledger(inv, pay, credit_notes=credits), APRIL)
    assert (r.numerator, r.denominator) == (1600.0, 2400.0)
    assert r.value == pytest.approx(1600 / 2400 * 100)
    assert r.n_debtors == 3 and not r.significant
    assert r.formatted() == f"66,7{NBSP}% (non significatif)"


@pytest.fixture
def rolling() -> Ledger:
    """Three monthly cohorts at 31/01, 28/02, 31/03 (as of 30/04), one debtor.

    X 1 000 issued 16/12/2024 due 15/01; paid 200 on 10/02, 300 on 10/03, 500 on 10/04.
    Y 400 issued 13/02 due 15/03, never paid.
      cohort 31/01: base X 1 000, collected 200
      cohort 28/02: base X 800, collected 300
      cohort 31/03: base X 500 + Y 400 = 900, collected 500  -> month rate 55.56 %
    Rolling 3: 1 000 / 2 700 = 37.04 %. Rolling 6 adds 31/10, 30/11, 31/12 where nothing
    is overdue yet (X is due 15/01), hence the same value.
    """
    inv = invoices(
        ("X", "Z", "2024-12-16", "2025-01-15", 1000.0),
        ("Y", "Z", "2025-02-13", "2025-03-15", 400.0),
    )
    pay = payments(
        ("X", "2025-02-10", 200.0), ("X", "2025-03-10", 300.0), ("X", "2025-04-10", 500.0)
    )
    return ledger(inv, pay)


def test_recovery_rolling_windows(rolling):
    one = kpi.recovery_rate(rolling, APRIL)
    assert one.value == pytest.approx(500 / 900 * 100)
    three = kpi.recovery_rate(rolling, APRIL, months=3)
    assert three.key == "recovery_rate_3m"
    assert (three.numerator, three.denominator) == (1000.0, 2700.0)
    assert three.value == pytest.approx(1000 / 2700 * 100)
    assert three.details["cohort"].tolist() == [D("2025-01-31"), D("2025-02-28"), D("2025-03-31")]
    assert three.details["base"].tolist() == [1000.0, 800.0, 900.0]
    assert three.details["collected"].tolist() == [200.0, 300.0, 500.0]
    six = kpi.recovery_rate(rolling, APRIL, months=6)
    assert six.value == pytest.approx(three.value) and len(six.details) == 6
    assert three.n_debtors == 1 and not three.significant


def test_recovery_horizon_two_months(rolling):
    # cohort 28/02 collected over March and April: X base 800, collected 300 + 500;
    # Y is not overdue at 28/02 -> 100 %
    r = kpi.recovery_rate(rolling, APRIL, horizon=2)
    assert r.key == "recovery_rate_h2"
    assert (r.numerator, r.denominator) == (800.0, 800.0)


def test_recovery_by_segment():
    # segmented_ledger: "< 2 mois" 100 / 100, "2-6 mois" 50 / 200, "> 6 mois" 0 / 400
    segmented = segmented_ledger()
    got = kpi.recovery_by_segment(segmented, APRIL)
    expected = pd.DataFrame(
        {
            "segment": ["< 2 mois", "2-6 mois", "> 6 mois", "Total"],
            "base": [100.0, 200.0, 400.0, 700.0],
            "collected": [100.0, 50.0, 0.0, 150.0],
            "rate": [100.0, 25.0, 0.0, 150 / 700 * 100],
            "n_debtors": [1, 1, 1, 3],
            "significant": [False] * 4,
        }
    ).astype({"segment": "str"})
    assert_frame_equal(got, expected)
    r = kpi.recovery_rate(segmented, APRIL, segment="2-6 mois")
    assert r.key == "recovery_rate_2to6m" and r.value == 25.0


def test_recovery_empty_base_is_unavailable():
    r = kpi.recovery_rate(segmented_ledger(), "2024-06-30")
    assert r.value is None and not r.available
    assert r.reason.startswith("non disponible : ")
    assert r.formatted() == "non disponible"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"months": 0}, "0"),
        ({"months": 1.5}, "1.5"),
        ({"months": True}, "True"),
        ({"horizon": 0}, "horizon"),
        ({"segment": "3 mois"}, "3 mois"),
    ],
    ids=["months-0", "months-float", "months-bool", "horizon-0", "unknown-segment"],
)
def test_recovery_invalid_arguments(kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        kpi.recovery_rate(segmented_ledger(), APRIL, **kwargs)
