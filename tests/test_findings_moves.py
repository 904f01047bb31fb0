"""Rules 1-2 of the executive findings: material moves and trends, exact sentences."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import OCT, SEP, history, kpi, two_months

from recouvrement.report import findings as fd

#: The month end before :data:`builders.SEP` (the three-month histories of rules 1-2).
AUG = "2026-08-31"


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            80.0,
            82.0,
            "Taux de recouvrement : 82,0\u00a0% au 31/10/2026 contre 80,0\u00a0% au "
            "30/09/2026 (+2,0\u00a0pts, amélioration).",
        ),
        (
            80.0,
            77.5,
            "Taux de recouvrement : 77,5\u00a0% au 31/10/2026 contre 80,0\u00a0% au "
            "30/09/2026 (\u22122,5\u00a0pts, dégradation).",
        ),
    ],
    ids=["rate-up-better", "rate-down-worse"],
)
def test_rate_move_above_threshold(before, after, expected):
    out = fd.executive_findings(two_months("recovery_rate", before, after, n_debtors=12))
    assert out.moves == [expected]
    assert out.previous == pd.Timestamp(SEP)
    assert out.as_of == pd.Timestamp(OCT)


def test_lower_is_better_move_direction():
    out = fd.executive_findings(two_months("dispute_rate", 6.0, 4.0, n_debtors=20))
    assert out.moves == [
        "Taux de litige : 4,0\u00a0% au 31/10/2026 contre 6,0\u00a0% au 30/09/2026 "
        "(\u22122,0\u00a0pts, amélioration)."
    ]


@pytest.mark.parametrize(
    ("key", "before", "after", "expected"),
    [
        ("recovery_rate", 80.0, 80.9, None),
        (
            "recovery_rate",
            80.0,
            81.0,
            "Taux de recouvrement : 81,0\u00a0% au 31/10/2026 contre 80,0\u00a0% au "
            "30/09/2026 (+1,0\u00a0pts, amélioration).",
        ),
        ("dso", 50.0, 52.9, None),
        (
            "dso",
            50.0,
            53.0,
            "DSO (méthode comptable) : 53,0\u00a0j au 31/10/2026 contre 50,0\u00a0j au "
            "30/09/2026 (+3,0\u00a0j, dégradation).",
        ),
        ("doubtful_receivables", 10000.0, 10999.0, None),
        (
            "doubtful_receivables",
            10000.0,
            11000.0,
            "Créances douteuses (procédures collectives) : 11\u00a0000,00\u00a0€ au "
            "31/10/2026 contre 10\u00a0000,00\u00a0€ au 30/09/2026 (+1\u00a0000,00\u00a0€, "
            "+10,0\u00a0%, dégradation).",
        ),
        (
            "doubtful_receivables",
            0.0,
            250.0,
            "Créances douteuses (procédures collectives) : 250,00\u00a0€ au 31/10/2026 "
            "contre 0,00\u00a0€ au 30/09/2026 (+250,00\u00a0€, dégradation).",
        ),
        ("cost_per_euro_collected", 0.050, 0.059, None),
        (
            "cost_per_euro_collected",
            0.050,
            0.040,
            "Coût à l'euro recouvré : 0,040 au 31/10/2026 contre 0,050 au 30/09/2026 "
            "(\u22120,010, amélioration).",
        ),
    ],
    ids=[
        "rate-0.9pt-silent",
        "rate-1pt",
        "dso-2.9d-silent",
        "dso-3d",
        "eur-9.99pct-silent",
        "eur-10pct",
        "eur-from-zero",
        "ratio-0.009-silent",
        "ratio-0.01",
    ],
)
def test_materiality_thresholds(key, before, after, expected):
    out = fd.executive_findings(two_months(key, before, after), targets={})
    assert out.moves == ([] if expected is None else [expected])


def test_no_material_move_section_says_so():
    out = fd.executive_findings(two_months("recovery_rate", 80.0, 80.5), targets={})
    assert out.moves == []
    assert out.sections()[0] == (
        "Évolutions du mois",
        ["Aucune variation au-delà des seuils de matérialité depuis le 30/09/2026."],
    )


def test_variants_are_not_commented():
    # unpaid rate = 100 − recovery rate: its move would repeat the recovery rate's
    out = fd.executive_findings(two_months("unpaid_rate", 10.0, 20.0), targets={})
    assert out.moves == []


def test_consistent_three_month_trend():
    hist = history(
        kpi(AUG, "recovery_rate", 86.0, n_debtors=12),
        kpi(SEP, "recovery_rate", 84.0, n_debtors=12),
        kpi(OCT, "recovery_rate", 82.0, n_debtors=12),
    )
    out = fd.executive_findings(hist, targets={})
    assert out.moves == [
        "Taux de recouvrement : 82,0\u00a0% au 31/10/2026 contre 84,0\u00a0% au 30/09/2026 "
        "(\u22122,0\u00a0pts, dégradation).",
        "Tendance sur 3 mois : Taux de recouvrement en baisse continue (86,0\u00a0% au "
        "31/08/2026, 84,0\u00a0% au 30/09/2026, 82,0\u00a0% au 31/10/2026), soit "
        "\u22124,0\u00a0pts (dégradation).",
    ]


@pytest.mark.parametrize(
    "values", [(86.0, 80.0, 82.0), (86.0, 86.0, 84.0)], ids=["reversal", "flat-then-down"]
)
def test_no_trend_when_not_consistent(values):
    hist = history(
        *[kpi(d, "recovery_rate", v) for d, v in zip((AUG, SEP, OCT), values, strict=True)]
    )
    out = fd.executive_findings(hist, targets={})
    assert not any(s.startswith("Tendance") for s in out.moves)
    assert len(out.moves) == 1  # the monthly move (2 points) only


def test_first_month_has_no_comparison():
    out = fd.executive_findings(history(kpi(OCT, "recovery_rate", 80.0)), targets={})
    assert out.previous is None
    assert out.moves == [
        "Premier mois de l'historique (31/10/2026) : aucune comparaison avec le mois "
        "précédent n'est possible."
    ]
    assert out.sections()[0][1] == out.moves
