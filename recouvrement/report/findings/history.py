"""The inputs of the executive findings, checked: KPI history, targets, debtor names.

:func:`read_history` turns the tidy frame of :func:`recouvrement.kpi.kpi_history` into
one :class:`KpiRow` per KPI and month end; :func:`read_targets` and
:func:`debtor_names` check the optional targets and names. Inputs are never mutated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from recouvrement.formatting import is_missing
from recouvrement.kpi import (
    DEFAULT_TARGETS,
    HISTORY_COLUMNS,
    KPI_DIRECTION,
    KPI_LABELS,
    kpi_direction,
)
from recouvrement.report.findings.rules import MOVE_THRESHOLDS


@dataclass(frozen=True)
class KpiRow:
    """One KPI at one month end of the history.

    Attributes
    ----------
    key, label, unit : str
        The KPI key, its French label and its unit (``%``, ``j``, ``€``, ``ratio``).
    value : float or None
        ``None`` when the KPI is not available.
    n_debtors : int or None
        Debtors in the KPI's base, when known.
    significant : bool
        Enough debtors in the base.
    reason : str or None
        The French reason it is not available, when the history gives one.

    """

    key: str
    label: str
    value: float | None
    unit: str
    n_debtors: int | None
    significant: bool
    reason: str | None


def read_history(history: pd.DataFrame) -> dict[pd.Timestamp, dict[str, KpiRow]]:
    """The KPIs of ``history`` by month end (ascending), then by key (history order).

    Raises
    ------
    ValueError
        When ``history`` is not a frame, lacks a column of
        :data:`recouvrement.kpi.HISTORY_COLUMNS`, is empty, has a row without date,
        repeats an ``(as_of, key)`` pair or has an unknown unit.

    """
    if not isinstance(history, pd.DataFrame):
        raise ValueError(f"history must be a DataFrame, got {type(history).__name__}")
    missing = [c for c in HISTORY_COLUMNS if c not in history.columns]
    if missing:
        raise ValueError(f"history lacks the columns {missing} (expected kpi_history output)")
    if history.empty:
        raise ValueError("history is empty: no month end to comment")
    dates = pd.to_datetime(history["as_of"])
    if dates.isna().any():
        raise ValueError("history has rows without an as_of date")
    dup = history.assign(as_of=dates).duplicated(["as_of", "key"])
    if dup.any():
        first = history.loc[dup].iloc[0]
        raise ValueError(f"history has duplicated (as_of, key) rows, e.g. {first['key']!r}")
    bad_units = sorted(set(history["unit"]) - set(MOVE_THRESHOLDS))
    if bad_units:
        raise ValueError(f"unknown units in history: {bad_units}")
    has_reason = "reason" in history.columns
    out: dict[pd.Timestamp, dict[str, KpiRow]] = {}
    for day, row in zip(dates, history.itertuples(index=False), strict=True):
        value = None if is_missing(row.value) else float(row.value)
        available = bool(row.available) and value is not None
        reason = getattr(row, "reason", None) if has_reason else None
        out.setdefault(pd.Timestamp(day), {})[str(row.key)] = KpiRow(
            key=str(row.key),
            label=str(row.label) if not is_missing(row.label) else KPI_LABELS.get(row.key, row.key),
            value=value if available else None,
            unit=str(row.unit),
            n_debtors=None if is_missing(row.n_debtors) else int(row.n_debtors),
            significant=bool(row.significant),
            reason=None if is_missing(reason) or not str(reason).strip() else str(reason),
        )
    return dict(sorted(out.items()))


def read_targets(targets: Mapping[str, float] | None) -> dict[str, float]:
    """The targets by KPI key, as floats (default :data:`recouvrement.kpi.DEFAULT_TARGETS`).

    Raises
    ------
    ValueError
        When a key is not a KPI key (nor a variant of one) or a target is not a
        finite number.

    """
    targets = DEFAULT_TARGETS if targets is None else targets
    out = {}
    for key, target in targets.items():
        if kpi_direction(key) is None:
            raise ValueError(
                f"unknown KPI key {key!r} in targets; known keys: {', '.join(KPI_DIRECTION)}"
            )
        try:
            value = float(target)
        except (TypeError, ValueError):
            raise ValueError(f"target of {key!r} is not a number: {target!r}") from None
        if not math.isfinite(value):
            raise ValueError(f"target of {key!r} is not finite: {target!r}")
        out[key] = value
    return out


def debtor_names(names: Mapping[str, str] | pd.Series | None) -> dict[str, str]:
    """Debtor id -> name, without the missing or blank names (``None``: no name).

    Raises
    ------
    ValueError
        When ``names`` is neither a mapping nor a Series.

    """
    if names is None:
        return {}
    if isinstance(names, pd.Series):
        items = zip(names.index, names.to_numpy(dtype=object), strict=True)
    elif isinstance(names, Mapping):
        items = names.items()
    else:
        raise ValueError(f"names must be a mapping or a Series, got {type(names).__name__}")
    out = {}
    for debtor, name in items:
        if not is_missing(name) and str(name).strip():
            out[str(debtor)] = str(name).strip()
    return out
