"""Targets (kpi/targets.py): directions of the KPIs and the Objectif / Résultat / Écart table."""

from __future__ import annotations

import numpy as np
import pytest
from builders import APRIL, PACK_KEYS, D

from recouvrement import kpi
from recouvrement.formatting import NBSP


def _result(key: str, value: float | None, unit: str) -> kpi.KpiResult:
    return kpi.KpiResult(
        key=key,
        label=kpi.KPI_LABELS[key],
        value=value,
        unit=unit,
        numerator=None,
        denominator=None,
        n_debtors=None,
        significant=True,
        convention="test",
        as_of=D(APRIL),
        months=1,
        reason=None if value is not None else "non disponible : test",
    )


def test_compare_to_targets_domain_examples():
    results = [
        _result("recovery_rate", 92.0, "%"),
        _result("dso", 50.0, "j"),
        _result("cei", 85.0, "%"),
        _result("dispute_rate", None, "%"),
        _result("best_possible_dso", 20.0, "j"),  # no target: not shown
    ]
    got = kpi.compare_to_targets(
        results, {"recovery_rate": 95.0, "dso": 45.0, "cei": 80.0, "dispute_rate": 5.0}
    )
    assert got.index.tolist() == ["recovery_rate", "dso", "cei", "dispute_rate"]
    assert got["Écart"].iloc[:3].tolist() == [-3.0, 5.0, 5.0]
    assert got["écart_texte"].tolist() == [
        f"\u22123,0{NBSP}pts",
        f"+5,0{NBSP}j",
        f"+5,0{NBSP}pts",
        "non disponible",
    ]
    assert got["favorable"].tolist() == [False, False, True, False]
    assert np.isnan(got.loc["dispute_rate", "Résultat"]) and np.isnan(
        got.loc["dispute_rate", "Écart"]
    )
    assert got.loc["dso", "Indicateur"] == "DSO (méthode comptable)"
    # a mapping of results works the same
    same = kpi.compare_to_targets({r.key: r for r in results}, {"recovery_rate": 95.0})
    assert same.loc["recovery_rate", "Écart"] == -3.0


@pytest.mark.parametrize(
    ("key", "value", "unit", "target", "text"),
    [
        ("cost_per_euro_collected", 0.0812, "ratio", 0.05, "+0,031"),
        ("doubtful_receivables", 1200.0, "€", 1000.0, f"+200,00{NBSP}€"),
    ],
    ids=["ratio-three-decimals", "euros"],
)
def test_gap_text_is_the_report_formatter(key, value, unit, target, text):
    # the gap is rendered by formatting.fmt_unit(sign=True), as in the report: a ratio
    # gap 0.0812 − 0.05 = 0.0312 has 3 decimals
    got = kpi.compare_to_targets([_result(key, value, unit)], {key: target})
    assert got.loc[key, "écart_texte"] == text
    assert not got.loc[key, "favorable"]  # lower is better for both


def test_compare_to_targets_rejects_unknown_keys():
    with pytest.raises(ValueError, match="'recovery'"):
        kpi.compare_to_targets([_result("dso", 50.0, "j")], {"recovery": 90.0})


def test_default_targets_and_directions_are_consistent():
    assert set(kpi.DEFAULT_TARGETS) <= set(PACK_KEYS)
    assert set(PACK_KEYS) <= set(kpi.KPI_DIRECTION) | {"recovery_rate_3m", "recovery_rate_6m"}
    assert all(kpi.kpi_direction(key) is not None for key in kpi.DEFAULT_TARGETS)


@pytest.mark.parametrize(
    ("key", "direction"),
    [
        ("recovery_rate_3m_lt2m", kpi.HIGHER_IS_BETTER),
        ("dso_countback", kpi.LOWER_IS_BETTER),
        ("dso", kpi.LOWER_IS_BETTER),
        ("dispute_rate_amount", kpi.LOWER_IS_BETTER),
        ("recovery", None),
        ("dsox", None),
    ],
    ids=["variant-stem", "key-not-stem", "key", "longest-key", "unknown", "unknown-prefix"],
)
def test_kpi_direction(key, direction):
    assert kpi.kpi_direction(key) == direction
