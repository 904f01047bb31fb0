"""Roll matrices summed (companies, months) and their shares: roll, stay and cure rates.

The matrices of :mod:`recouvrement.portfolio.rolls` are in cents and additive; shares
are always recomputed from summed cents (amount-weighted), never averaged.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from recouvrement.portfolio.rolls import CLEARED_LABELS, ENCOURS_COLUMN

__all__ = ["RATE_COLUMNS", "combine_rolls", "roll_rates"]

#: The summary rates of :func:`roll_rates`, after the share of each destination.
RATE_COLUMNS = (
    "roll_rate",
    "roll_beyond_rate",
    "stay_rate",
    "cure_rate",
    "credit_rate",
    "write_off_rate",
)


def _cent_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in ("month", "as_of", "bucket")]


def combine_rolls(frames: Iterable[pd.DataFrame], *, by_month: bool = False) -> pd.DataFrame:
    """Sum roll matrices or histories (companies, months) into one matrix, in cents.

    Parameters
    ----------
    frames : iterable of DataFrame
        Matrices of :func:`roll_matrix` and/or long frames of :func:`roll_history`, all
        on one bucket scheme (the same columns in the same order).
    by_month : bool
        ``False`` (default): one matrix summed over every frame and every month.
        ``True``: one long frame per month (every frame must have a ``month`` column).

    Returns
    -------
    DataFrame
        The shape of :func:`roll_matrix` (index ``bucket``), or with ``by_month`` the
        shape of :func:`roll_history`; cents summed, so every row still reconciles.

    Raises
    ------
    ValueError
        No frame, frames on different bucket schemes, or ``by_month`` with a matrix.

    Notes
    -----
    Amounts are additive; shares are not: the shares of a portfolio, or of a year, are
    :func:`roll_rates` of the summed cents (amount-weighted), never a mean of shares.

    """
    frames = list(frames)
    if not frames:
        raise ValueError("combine_rolls needs at least one roll matrix")
    long = []
    for f in frames:
        if "month" not in f.columns:
            if by_month:
                raise ValueError("by_month=True needs histories (a 'month' column), got a matrix")
            f = f.reset_index()
        long.append(f)
    columns = _cent_columns(long[0])
    labels = list(dict.fromkeys(long[0]["bucket"]))
    for f in long[1:]:
        if _cent_columns(f) != columns:
            raise ValueError(
                f"roll matrices on different bucket schemes: {columns} vs {_cent_columns(f)}"
            )
    data = pd.concat(long, ignore_index=True)
    keys = ["month", "as_of", "bucket"] if by_month else ["bucket"]
    summed = data.groupby(keys, sort=False)[columns].sum().astype("int64")
    if not by_month:
        return summed.reindex(pd.Index(labels, name="bucket", dtype="str"), fill_value=0)
    out = summed.reset_index()
    out["_order"] = out["bucket"].map({b: i for i, b in enumerate(labels)})
    out = out.sort_values(["as_of", "_order"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True).astype({"month": "str", "bucket": "str"})


def roll_rates(matrix: pd.DataFrame) -> pd.DataFrame:
    """The shares of a roll matrix (fractions of the encours of each bucket at ``t``).

    Parameters
    ----------
    matrix : DataFrame
        A matrix of :func:`roll_matrix` or :func:`combine_rolls` (index ``bucket``).

    Returns
    -------
    DataFrame
        Same index; ``encours_cents`` (int), the share of each destination column
        (``Réglé``, ``Avoir``, ``Passé en perte``, each bucket), then ``roll_rate``,
        ``roll_beyond_rate``, ``stay_rate``, ``cure_rate``, ``credit_rate``,
        ``write_off_rate``. Every share of a bucket empty at ``t`` is NaN (no base),
        never 0.

    Notes
    -----
    With ``b`` the row's bucket and ``E_b`` its encours at ``t``::

        roll_rate        = amount in b + 1 at t + 1 / E_b    (DOMAIN.md)
        roll_beyond_rate = amount in b + 2 or older / E_b    (a 31-day month can skip one)
        stay_rate        = amount still in b / E_b
        cure_rate        = (Réglé + amount in a bucket younger than b) / E_b
        credit_rate      = Avoir / E_b
        write_off_rate   = Passé en perte / E_b

    They add up to 1 per row (a bucket that does not exist counts 0): ``roll_rate`` is
    NaN for the oldest bucket, which has no older one, and ``roll_beyond_rate`` for the
    last two. Credit notes and write-offs clear the encours without collecting it, so
    they are not cures. A move back to a younger bucket needs a due date moved, which
    the ledger does not record: in practice the cure rate is the settled share.

    """
    cents = matrix.drop(columns=ENCOURS_COLUMN)
    labels = list(cents.columns[len(CLEARED_LABELS) :])
    if list(matrix.index) != labels:
        raise ValueError(f"not a roll matrix: rows {list(matrix.index)} vs buckets {labels}")
    encours = matrix[ENCOURS_COLUMN].to_numpy(dtype="int64")
    base = np.where(encours != 0, encours, np.nan).astype("float64")
    shares = cents.to_numpy(dtype="float64") / base[:, None]
    out = pd.DataFrame(shares, index=matrix.index, columns=cents.columns)
    n = len(labels)
    moved = shares[:, len(CLEARED_LABELS) :]
    rates = {name: np.full(n, np.nan) for name in RATE_COLUMNS}
    for b in range(n):
        rates["stay_rate"][b] = moved[b, b]
        rates["cure_rate"][b] = shares[b, 0] + moved[b, :b].sum()
        if b + 1 < n:
            rates["roll_rate"][b] = moved[b, b + 1]
        if b + 2 < n:
            rates["roll_beyond_rate"][b] = moved[b, b + 2 :].sum()
    rates["credit_rate"] = shares[:, 1]
    rates["write_off_rate"] = shares[:, 2]
    for name in RATE_COLUMNS:
        out[name] = np.where(np.isnan(base), np.nan, rates[name])
    out.insert(0, ENCOURS_COLUMN, encours)
    return out
