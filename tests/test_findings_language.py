"""The findings in English: numbers, dates, labels and reasons of the English sentences."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import NAMES, NO_REMINDERS, OCT, SEP, history, kpi, october_balance, two_months

from recouvrement.report import findings as fd
from recouvrement.report.findings.language import Language


def test_english():
    balance = october_balance()
    hist = history(
        kpi(SEP, "dso", 64.0),
        kpi(OCT, "dso", 72.4),
        kpi(SEP, "activation_rate", None, reason=NO_REMINDERS),
        kpi(OCT, "activation_rate", None, reason=NO_REMINDERS),
    )
    out = fd.executive_findings(
        hist, balance=balance, names=NAMES, targets={"dso": 60.0}, language="en"
    )
    assert out.moves == [
        "DSO (accounting method): 72.4 days at 31 October 2026 against 64.0 days at "
        "30 September 2026 (+8.4 days, deterioration)."
    ]
    assert out.off_target == [
        "DSO (accounting method): 72.4 days against a target of 60.0 days, a gap of +12.4 days."
    ]
    assert out.drivers == [
        "Total overdue at 31 October 2026: €12,000.00 out of receivables of €17,000.00, "
        "owed by 4 debtors.",
        "Alpha SA: €6,000.00 overdue, 50.0% of the total overdue, of which €5,000.00 in the "
        "“> 90” bucket.",
        "Bêta SARL: €3,000.00 overdue, 25.0% of the total overdue.",
        "D3: €2,000.00 overdue, 16.7% of the total overdue.",
        "The top 3 debtors account for 91.7% of the overdue.",
        "The oldest bucket (“> 90”) accounts for 50.0% of the overdue (€6,000.00).",
    ]
    assert out.actions[0] == (
        "Tighten reminders on the top overdue debtors (Alpha SA, Bêta SARL and D3): DSO "
        "(accounting method) 72.4 days against a target of 60.0 days."
    )
    assert out.actions[-1] == (
        "Provide the dunning actions table to compute: Activation rate (payers under dunning)."
    )
    assert out.unavailable == ["Activation rate (payers under dunning): no dunning actions table."]
    assert [title for title, _ in out.sections()] == [
        "Changes this month",
        "Off target",
        "Drivers of the overdue",
        "Recommended actions",
        "KPIs not available",
    ]


def test_english_negative_amounts_and_first_month():
    out = fd.executive_findings(two_months("recovery_rate", 80.0, 77.5), targets={}, language="en")
    assert out.moves == [
        "Recovery rate: 77.5% at 31 October 2026 against 80.0% at 30 September 2026 "
        "(\u22122.5 pts, deterioration)."
    ]
    first = fd.executive_findings(history(kpi(OCT, "dso", 40.0)), targets={}, language="en")
    assert first.moves == [
        "First month of the history (31 October 2026): no comparison with the previous month "
        "is possible."
    ]


# ---------------------------------------------------------------------------
# One language's words and numbers
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "items", "expected"),
    [
        ("fr", [], ""),
        ("fr", ["A"], "A"),
        ("fr", ["A", "B"], "A et B"),
        ("fr", ["A", "B", "C"], "A, B et C"),
        ("en", ["A", "B", "C"], "A, B and C"),
    ],
    ids=["none", "one", "two", "three", "en-three"],
)
def test_join(code, items, expected):
    assert Language(code).join(items) == expected


@pytest.mark.parametrize(
    ("code", "reason", "expected"),
    [
        (
            "fr",
            "non disponible : aucune vente nette sur la période",
            "aucune vente nette sur la période",
        ),
        ("en", "non disponible : aucune vente nette sur la période", "no net sales in the period"),
        ("en", NO_REMINDERS, "no dunning actions table"),
        ("en", "non disponible : autre chose", "reason given in French: “autre chose”"),
    ],
    ids=["fr-prefix-dropped", "en-translated", "en-missing-table", "en-unknown"],
)
def test_reason(code, reason, expected):
    assert Language(code).reason(reason) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "fr",
            [
                "72,4\u00a0j",
                "+12,4\u00a0j",
                "\u22122,5\u00a0pts",
                "12\u00a0000,00\u00a0€",
                "31/10/2026",
            ],
        ),
        ("en", ["72.4 days", "+12.4 days", "\u22122.5 pts", "€12,000.00", "31 October 2026"]),
    ],
    ids=["fr", "en"],
)
def test_numbers_and_dates(code, expected):
    lang = Language(code)
    got = [
        lang.value("j", 72.4),
        lang.gap("j", 12.4),
        lang.gap("%", -2.5),
        lang.eur(12000),
        lang.date(pd.Timestamp(OCT)),
    ]
    assert got == expected


def test_labels_fall_back_to_the_key():
    assert Language("en").label("dso", "DSO (méthode comptable)") == "DSO (accounting method)"
    assert Language("en").label("new_kpi", "Nouvel indicateur") == "new_kpi"
    assert Language("fr").label("dso", "DSO (méthode comptable)") == "DSO (méthode comptable)"
    assert fd.KPI_LABELS_EN["dso"] == "DSO (accounting method)"
