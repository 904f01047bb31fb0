"""Targets of the KPIs: which way is better, indicative targets and the comparison table.

:func:`compare_to_targets` builds the Objectif / Résultat / Écart table of the
report; :func:`kpi_direction` tells whether a higher or a lower value of a KPI (or
of one of its variants) is better.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from recouvrement.formatting import fmt_unit
from recouvrement.kpi.result import KpiResult

__all__ = [
    "DEFAULT_TARGETS",
    "HIGHER_IS_BETTER",
    "KPI_DIRECTION",
    "LOWER_IS_BETTER",
    "compare_to_targets",
    "kpi_direction",
]

HIGHER_IS_BETTER = 1
LOWER_IS_BETTER = -1

#: Direction of each KPI: +1 when a higher value is better, −1 when lower is better.
#: Variant keys (``recovery_rate_3m``, ``recovery_rate_lt2m``...) take the
#: direction of their base key.
KPI_DIRECTION: dict[str, int] = {
    "recovery_rate": HIGHER_IS_BETTER,
    "unpaid_rate": LOWER_IS_BETTER,
    "activation_rate": HIGHER_IS_BETTER,
    "dunning_coverage_rate": HIGHER_IS_BETTER,
    "dso": LOWER_IS_BETTER,
    "dso_countback": LOWER_IS_BETTER,
    "dso_average": LOWER_IS_BETTER,
    "best_possible_dso": LOWER_IS_BETTER,
    "average_days_delinquent": LOWER_IS_BETTER,
    "cei": HIGHER_IS_BETTER,
    "cost_per_euro_collected": LOWER_IS_BETTER,
    "cost_to_encours": LOWER_IS_BETTER,
    "bad_debt_rate": LOWER_IS_BETTER,
    "dispute_rate": LOWER_IS_BETTER,
    "dispute_rate_amount": LOWER_IS_BETTER,
    "doubtful_receivables": LOWER_IS_BETTER,
    "weighted_days_late": LOWER_IS_BETTER,
}

#: Indicative targets (DOMAIN.md gives none): a receivables consultant's usual
#: starting points, to be replaced by the audited company's own objectives.
#: DSO 60 days echoes the legal cap on payment terms between professionals
#: (60 days from issue, art. L.441-10 Code de commerce).
DEFAULT_TARGETS: dict[str, float] = {
    "recovery_rate": 90.0,
    "recovery_rate_3m": 90.0,
    "recovery_rate_6m": 90.0,
    "unpaid_rate": 10.0,
    "activation_rate": 60.0,
    "dunning_coverage_rate": 100.0,
    "dso": 60.0,
    "dso_countback": 60.0,
    "dso_average": 60.0,
    "average_days_delinquent": 15.0,
    "cei": 80.0,
    "cost_per_euro_collected": 0.05,
    "bad_debt_rate": 1.0,
    "dispute_rate": 5.0,
    "weighted_days_late": 15.0,
}


def kpi_direction(key: str) -> int | None:
    """Direction of a KPI key, or of its stem for a variant key.

    Parameters
    ----------
    key : str
        A KPI key (``"dso"``) or a variant of one (``"recovery_rate_3m_lt2m"``:
        the longest key of :data:`KPI_DIRECTION` followed by ``_``).

    Returns
    -------
    int or None
        :data:`HIGHER_IS_BETTER` (+1), :data:`LOWER_IS_BETTER` (−1), or ``None``
        when the key is not a KPI key.

    """
    if key in KPI_DIRECTION:
        return KPI_DIRECTION[key]
    stems = [s for s in KPI_DIRECTION if key.startswith(f"{s}_")]
    return KPI_DIRECTION[max(stems, key=len)] if stems else None


def _known_direction(key: str) -> int:
    direction = kpi_direction(key)
    if direction is None:
        raise ValueError(f"unknown KPI key {key!r}; known keys: {', '.join(KPI_DIRECTION)}")
    return direction


def compare_to_targets(
    results: Mapping[str, KpiResult] | Iterable[KpiResult],
    targets: Mapping[str, float] = DEFAULT_TARGETS,
) -> pd.DataFrame:
    """Objectif / Résultat / Écart table of the KPIs that have a target.

    Parameters
    ----------
    results : mapping of key to KpiResult, or iterable of KpiResult
        E.g. the output of :func:`recouvrement.kpi.kpi_pack`.
    targets : mapping of key to float
        Target per KPI key, in the KPI's unit (percent for rates, days...);
        defaults to the indicative :data:`DEFAULT_TARGETS`.

    Returns
    -------
    DataFrame
        Index ``key`` (the results that have a target, in the order of
        ``results``); columns ``Indicateur`` (French label), ``Objectif``,
        ``Résultat`` and ``Écart`` (floats, NaN when the KPI is not available),
        ``unit``, ``écart_texte`` (the gap in its unit by
        :func:`recouvrement.formatting.fmt_unit`: ``−3,0 pts``, ``+5,0 j``,
        ``+0,012`` for a ratio), ``favorable`` (bool) and ``significatif`` (bool).

    Raises
    ------
    ValueError
        When a target key is not a known KPI key (typo protection).

    Notes
    -----
    Écart = Résultat − Objectif, in percentage points for rates. ``favorable`` is
    ``direction × Écart ≥ 0`` with :data:`KPI_DIRECTION` (+1 when higher is better:
    recovery, activation, coverage, CEI; −1 when lower is better: DSO, ADD,
    unpaid, bad debt, dispute, cost); a KPI not available is never favorable.
    Targets whose KPI is absent from ``results`` are not shown. DOMAIN.md
    examples: recovery 92 % vs 95 % → −3,0 pts; DSO 50 j vs 45 j → +5,0 j.

    Examples
    --------
    >>> compare_to_targets(kpi_pack(ledger, "2025-04-30"))  # doctest: +SKIP

    """
    items = list(results.values()) if isinstance(results, Mapping) else list(results)
    for key in targets:
        _known_direction(key)
    rows, keys = [], []
    for r in items:
        if r.key not in targets:
            continue
        target = float(targets[r.key])
        gap = None if r.value is None else r.value - target
        rows.append(
            {
                "Indicateur": r.label,
                "Objectif": target,
                "Résultat": np.nan if r.value is None else r.value,
                "Écart": np.nan if gap is None else gap,
                "unit": r.unit,
                "écart_texte": fmt_unit(gap, r.unit, sign=True),
                "favorable": gap is not None and _known_direction(r.key) * gap >= 0,
                "significatif": r.significant,
            }
        )
        keys.append(r.key)
    columns = [
        "Indicateur",
        "Objectif",
        "Résultat",
        "Écart",
        "unit",
        "écart_texte",
        "favorable",
        "significatif",
    ]
    out = pd.DataFrame(rows, columns=columns, index=pd.Index(keys, dtype="str", name="key"))
    return out.astype(
        {
            "Indicateur": "str",
            "Objectif": "float64",
            "Résultat": "float64",
            "Écart": "float64",
            "unit": "str",
            "écart_texte": "str",
            "favorable": "bool",
            "significatif": "bool",
        }
    )
