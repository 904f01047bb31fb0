"""The portfolio's exceptions of the month: the companies whose KPIs moved most or crossed a target.

One rule, the monthly reports' own: a move is material when it reaches the threshold of
its unit (:data:`recouvrement.report.findings.rules.MOVE_THRESHOLDS`, applied by
:func:`recouvrement.report.findings.moves.is_material`) on the headline KPIs
(:data:`~recouvrement.report.findings.rules.MOVE_KEYS`); a KPI crosses its target when
its status (:func:`recouvrement.kpi.targets.target_status`) changes between the two
month ends.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from recouvrement.formatting import fmt_number, fmt_unit
from recouvrement.kpi import KPI_LABELS, kpi_direction
from recouvrement.kpi.targets import Target, target_status
from recouvrement.report.findings.moves import is_material
from recouvrement.report.findings.rules import MOVE_KEYS, MOVE_THRESHOLDS

__all__ = ["EXCEPTION_COLUMNS", "kpi_exceptions", "move_size"]

#: Columns of :func:`kpi_exceptions`.
EXCEPTION_COLUMNS = [
    "company",
    "key",
    "label",
    "unit",
    "before",
    "after",
    "delta",
    "sense",
    "size",
    "crossed",
    "reason",
]


def move_size(unit: str, before: float, after: float) -> float:
    """How many materiality thresholds the move ``before → after`` is (≥ 1: material).

    For amounts the move is relative to the previous value; from 0 to another amount it is
    counted as one threshold exactly (material, of no measurable size).
    """
    if unit == "€":
        if before == 0:
            return 1.0 if after != 0 else 0.0
        return abs(after - before) / abs(before) / MOVE_THRESHOLDS["€"]
    return abs(after - before) / MOVE_THRESHOLDS[unit]


def _sense(key: str, delta: float) -> str:
    direction = kpi_direction(key)
    if direction is None or delta == 0:
        return "—"
    return "amélioration" if direction * delta > 0 else "dégradation"


def kpi_exceptions(
    histories: Mapping[str, pd.DataFrame],
    targets: Mapping[str, Mapping[str, Target]],
) -> pd.DataFrame:
    """The material moves and target crossings of the last month, every company.

    Parameters
    ----------
    histories : mapping of company id to DataFrame
        Each company's KPI history (:func:`recouvrement.kpi.kpi_history`, at least its
        last two month ends).
    targets : mapping of company id to mapping of key to Target
        Each company's targets (:func:`recouvrement.kpi.targets.kpi_targets`); the same
        target judges both month ends.

    Returns
    -------
    DataFrame
        Columns :data:`EXCEPTION_COLUMNS`, largest first: one row per company and KPI of
        ``MOVE_KEYS`` whose move is material or whose status against its target changed.
        ``size`` is the move in materiality thresholds (:func:`move_size`); ``crossed``
        says whether the status changed; ``reason`` says both in French. A KPI not
        available at either month end is never an exception (it cannot be compared).

    Notes
    -----
    Order: crossings of a target first, then by ``size`` descending, then company and
    KPI order, so that the list reads from what most needs the consultant's eye.

    """
    rows = []
    for company, history in histories.items():
        ends = history["as_of"].drop_duplicates().sort_values()
        if len(ends) < 2:
            continue
        before_rows = history[history["as_of"] == ends.iloc[-2]].set_index("key")
        after_rows = history[history["as_of"] == ends.iloc[-1]].set_index("key")
        goals = targets.get(company, {})
        for key in MOVE_KEYS:
            if key not in after_rows.index or key not in before_rows.index:
                continue
            before, after = before_rows.loc[key, "value"], after_rows.loc[key, "value"]
            if pd.isna(before) or pd.isna(after):
                continue
            unit = str(after_rows.loc[key, "unit"])
            goal = goals.get(key)
            target = None if goal is None else goal.value
            status_before = target_status(key, float(before), target)
            status_after = target_status(key, float(after), target)
            crossed = target is not None and status_before != status_after
            material = is_material(unit, float(before), float(after))
            if not (material or crossed):
                continue
            size = move_size(unit, float(before), float(after))
            reasons = []
            if material:
                reasons.append(f"variation de {fmt_number(size, 1)} fois le seuil de matérialité")
            if crossed:
                reasons.append(
                    f"passe de « {status_before} » à « {status_after} » "
                    f"(objectif {fmt_unit(target, unit)})"
                )
            rows.append(
                {
                    "company": company,
                    "key": key,
                    "label": str(after_rows.loc[key, "label"])
                    if "label" in after_rows.columns
                    else KPI_LABELS.get(key, key),
                    "unit": unit,
                    "before": float(before),
                    "after": float(after),
                    "delta": float(after) - float(before),
                    "sense": _sense(key, float(after) - float(before)),
                    "size": size,
                    "crossed": crossed,
                    "reason": " ; ".join(reasons),
                }
            )
    frame = pd.DataFrame(rows, columns=EXCEPTION_COLUMNS)
    if frame.empty:
        return frame
    order = {key: i for i, key in enumerate(MOVE_KEYS)}
    frame["_order"] = frame["key"].map(order)
    frame = frame.sort_values(
        ["crossed", "size", "company", "_order"], ascending=[False, False, True, True]
    )
    return frame.drop(columns="_order").reset_index(drop=True).astype({"size": np.float64})
