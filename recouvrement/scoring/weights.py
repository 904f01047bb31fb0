"""The score's factors and their editable weights table (``recouvrement/data/scoring_weights.csv``).

Each factor of :data:`FACTORS` has a ``weight`` (points of score, the weights summing
to 100) and a ``worst`` threshold (in the factor's unit, where its badness reaches 1).
The packaged table is read through :mod:`recouvrement.conventions.data`; a company
may give its own (:func:`load_weights` with a path, or a frame to :func:`check_weights`).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from recouvrement.conventions.data import label, read_csv
from recouvrement.io import read_settings_table

__all__ = [
    "FACTORS",
    "FACTOR_LABELS",
    "WEIGHTS_FILE",
    "WEIGHT_COLUMNS",
    "WEIGHT_TOTAL",
    "WeightsArg",
    "as_weights",
    "check_weights",
    "load_weights",
]

#: The factors of the score, in report order.
FACTORS = (
    "days_late",
    "share_late",
    "disputes",
    "reminders",
    "instalments",
    "trend",
    "relationship_age",
)

#: French label and unit of each factor's value.
FACTOR_LABELS: dict[str, tuple[str, str]] = {
    "days_late": ("Retard moyen pondéré", "j"),
    "share_late": ("Part des factures en retard", "%"),
    "disputes": ("Part des factures en litige", "%"),
    "reminders": ("Relances par facture", "relances"),
    "instalments": ("Part des factures réglées en plusieurs fois", "%"),
    "trend": ("Tendance du retard (3 derniers mois − 9 précédents)", "j"),
    "relationship_age": ("Ancienneté de la relation", "j"),
}

#: Columns of the weights table.
WEIGHT_COLUMNS = ["factor", "weight", "worst", "description"]

#: The weights must sum to this (points of score).
WEIGHT_TOTAL = 100.0

#: Packaged default weights (``recouvrement/data/``).
WEIGHTS_FILE = "scoring_weights.csv"

#: What the scoring functions accept as ``weights``: a table, a path to one, or ``None``.
WeightsArg = pd.DataFrame | str | Path | None


def check_weights(weights: pd.DataFrame, source: str = "weights") -> pd.DataFrame:
    """Validate a weights table and return a clean copy in :data:`FACTORS` order.

    Parameters
    ----------
    weights : DataFrame
        Columns ``factor, weight, worst, description`` (see :func:`load_weights`).
    source : str
        Name of the table in error messages (e.g. the file path).

    Returns
    -------
    DataFrame
        Columns ``factor`` (str), ``weight`` (float, points), ``worst`` (float, in
        the factor's unit), ``description`` (str); one row per factor of
        :data:`FACTORS`, in that order.

    Raises
    ------
    ValueError
        Listing every problem found: missing column, unknown, duplicate or missing
        factor, weight not a number or negative, ``worst`` not a number or ≤ 0,
        weights not summing to 100.

    """
    if not isinstance(weights, pd.DataFrame):
        raise ValueError(f"{source}: expected a DataFrame, got {type(weights).__name__}")
    missing = [c for c in WEIGHT_COLUMNS if c not in weights.columns]
    if missing:
        raise ValueError(
            f"invalid scoring weights ({source}): missing column(s) {', '.join(missing)}; "
            f"expected {', '.join(WEIGHT_COLUMNS)}"
        )
    frame = weights.loc[:, WEIGHT_COLUMNS].copy()
    frame["factor"] = frame["factor"].astype("str").str.strip()
    weight = pd.to_numeric(frame["weight"], errors="coerce").astype("float64")
    worst = pd.to_numeric(frame["worst"], errors="coerce").astype("float64")
    problems: list[str] = []
    for pos, factor in enumerate(frame["factor"]):
        if factor not in FACTORS:
            problems.append(
                f"row {pos + 1}: unknown factor {factor!r} (known: {', '.join(FACTORS)})"
            )
        if np.isnan(weight.iloc[pos]):
            problems.append(f"{factor}: weight '{frame['weight'].iloc[pos]}' is not a number")
        elif weight.iloc[pos] < 0:
            problems.append(f"{factor}: negative weight {weight.iloc[pos]:g}")
        if np.isnan(worst.iloc[pos]) or worst.iloc[pos] <= 0:
            problems.append(f"{factor}: worst '{frame['worst'].iloc[pos]}' must be a number > 0")
    duplicated = frame["factor"][frame["factor"].duplicated()].unique().tolist()
    if duplicated:
        problems.append(f"duplicate factor(s): {', '.join(duplicated)}")
    absent = [f for f in FACTORS if f not in set(frame["factor"])]
    if absent:
        problems.append(f"missing factor(s): {', '.join(absent)} (give them weight 0)")
    total = float(weight.sum())
    if weight.notna().all() and abs(total - WEIGHT_TOTAL) > 1e-9:
        problems.append(f"weights sum to {total:g}, not {WEIGHT_TOTAL:g}")
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise ValueError(
            f"invalid scoring weights ({source}, {len(problems)} problem(s)):\n{lines}"
        )
    out = pd.DataFrame(
        {
            "factor": frame["factor"],
            "weight": weight,
            "worst": worst,
            "description": frame["description"].fillna("").astype("str"),
        }
    )
    out = out.set_index("factor").loc[list(FACTORS)].reset_index()
    return out.astype({"factor": "str"})


def load_weights(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the scoring weights table.

    Parameters
    ----------
    path : str or Path, optional
        A UTF-8 CSV file (comma-separated) with columns ``factor, weight, worst,
        description``. ``None`` reads the packaged default
        ``recouvrement/data/scoring_weights.csv``.

    Returns
    -------
    DataFrame
        As :func:`check_weights`: one row per factor of :data:`FACTORS`.

    Raises
    ------
    ValueError
        When the table is invalid (every problem listed, see :func:`check_weights`).
    FileNotFoundError
        When ``path`` does not exist.

    Notes
    -----
    ``weight`` is in points of score (Σ weights = 100); ``worst`` is in the
    factor's unit (days, percent, reminders per invoice) and is the value at which
    the factor's badness reaches 1 (for ``relationship_age``, the age in days from
    which the badness is 0). The default table:

    ================  ======  =====
    factor            weight  worst
    ================  ======  =====
    days_late         30      60 j
    share_late        15      100 %
    disputes          15      20 %
    reminders         15      2
    instalments       5       50 %
    trend             10      30 j
    relationship_age  10      365 j
    ================  ======  =====

    Examples
    --------
    >>> load_weights()["weight"].sum()  # doctest: +SKIP
    100.0

    """
    if path is None:
        return _packaged().copy()
    return check_weights(read_settings_table(path), str(path))


@functools.cache
def _packaged() -> pd.DataFrame:
    """The packaged default table, read and checked once (callers get copies)."""
    return check_weights(read_csv("data", WEIGHTS_FILE), label("data", WEIGHTS_FILE))


def as_weights(weights: WeightsArg) -> pd.DataFrame:
    """The validated weights table of a ``weights`` argument.

    Parameters
    ----------
    weights : DataFrame, str, Path or None
        A table (checked by :func:`check_weights`), a path to one (read by
        :func:`load_weights`), or ``None`` for the packaged default.

    Returns
    -------
    DataFrame
        As :func:`check_weights`.

    """
    if weights is None or isinstance(weights, (str, Path)):
        return load_weights(weights)
    return check_weights(weights)
