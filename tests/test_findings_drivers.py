"""Rule 4 of the executive findings: the debtors that drive the overdue, from the aged balance."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import NAMES, OCT, history, kpi, october_balance

from recouvrement.conventions import UNAPPLIED_LABEL
from recouvrement.report import findings as fd

DRIVERS_FR = [
    "Échu total au 31/10/2026 : 12\u00a0000,00\u00a0€ sur un encours de 17\u00a0000,00\u00a0€, "
    "porté par 4 débiteurs.",
    "Alpha SA : 6\u00a0000,00\u00a0€ échus, soit 50,0\u00a0% de l'échu, dont 5\u00a0000,00\u00a0€ "
    "dans la tranche «\u00a0> 90\u00a0».",
    "Bêta SARL : 3\u00a0000,00\u00a0€ échus, soit 25,0\u00a0% de l'échu.",
    "D3 : 2\u00a0000,00\u00a0€ échus, soit 16,7\u00a0% de l'échu.",
    "Les 3 premiers débiteurs représentent 91,7\u00a0% de l'échu.",
    "La tranche la plus ancienne («\u00a0> 90\u00a0») représente 50,0\u00a0% de l'échu "
    "(6\u00a0000,00\u00a0€).",
]


@pytest.mark.parametrize("names", [NAMES, pd.Series(NAMES, name="name")], ids=["mapping", "series"])
def test_drivers_with_names_and_concentration(names):
    balance = october_balance()
    out = fd.executive_findings(
        history(kpi(OCT, "dso", 40.0)), balance=balance, names=names, targets={}
    )
    assert out.drivers == DRIVERS_FR


def test_drivers_few_debtors():
    balance = october_balance()
    small = balance.loc[["D3", "D5"]]
    out = fd.executive_findings(history(kpi(OCT, "dso", 40.0)), balance=small, targets={})
    assert out.drivers == [
        "Échu total au 31/10/2026 : 2\u00a0000,00\u00a0€ sur un encours de 5\u00a0000,00\u00a0€, "
        "porté par 1 débiteur.",
        "D3 : 2\u00a0000,00\u00a0€ échus, soit 100,0\u00a0% de l'échu.",
        "L'échu est porté par un seul débiteur.",
        "La tranche la plus ancienne («\u00a0> 90\u00a0») représente 0,0\u00a0% de l'échu "
        "(0,00\u00a0€).",
    ]


def test_drivers_without_balance_or_overdue():
    balance = october_balance()
    hist = history(kpi(OCT, "dso", 40.0))
    assert fd.executive_findings(hist, targets={}).drivers == [
        "Balance âgée non fournie : l'origine de l'échu n'est pas analysée."
    ]
    not_due = balance.loc[["D5"]]
    assert fd.executive_findings(hist, balance=not_due, targets={}).drivers == [
        "Aucune créance échue au 31/10/2026."
    ]


def test_balance_without_aged_columns_raises():
    balance = october_balance()
    with pytest.raises(ValueError, match="Non affecté"):
        fd.executive_findings(
            history(kpi(OCT, "dso", 40.0)), balance=balance.drop(columns=UNAPPLIED_LABEL)
        )
