"""What can be claimed, per debtor and in total, from the penalties of each invoice.

:func:`claimable_by_debtor` and :func:`interest_totals` sum the frame of
:func:`~recouvrement.legal.interest.late_payment_interest` exactly (via cents): the
principal overdue, the penalties and indemnities computed and those that can be
claimed, and each debtor's eligibility to the small-claims procedures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.aging import to_cents
from recouvrement.conventions.law import SMALL_CLAIMS_LIMIT_EUR
from recouvrement.legal.interest import INTEREST_COLUMNS

#: Columns of :func:`claimable_by_debtor`, in order.
CLAIM_COLUMNS = [
    "debtor_id",
    "n_invoices",
    "principal_overdue",
    "interest",
    "indemnities",
    "total_claimable",
    "claim_total",
    "small_claims",
    "provisional",
]


def _sum_eur(values: pd.Series, *, min_count: int = 0) -> float:
    """Exact sum of euro amounts (via cents); NaN skipped, NaN if fewer than ``min_count``."""
    present = values.dropna()
    if len(present) < min_count:
        return np.nan
    return int(to_cents(present.to_numpy()).sum()) / 100


def _check_interest_frame(frame: pd.DataFrame) -> None:
    """Raise unless ``frame`` has the columns of :func:`late_payment_interest`."""
    missing = [c for c in INTEREST_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            "expected the frame returned by late_payment_interest; missing column(s) "
            + ", ".join(missing)
        )


def claimable_by_debtor(interest_frame: pd.DataFrame) -> pd.DataFrame:
    """What can be claimed from each debtor, from :func:`late_payment_interest`.

    Parameters
    ----------
    interest_frame : DataFrame
        The result of :func:`late_payment_interest` (not modified).

    Returns
    -------
    DataFrame
        One row per debtor, sorted by ``debtor_id``: ``n_invoices`` (invoices
        overdue or paid late), ``principal_overdue`` (Σ residual at ``as_of``,
        euros), ``interest`` and ``indemnities`` (Σ computed, euros; NaN when
        nothing was computed, e.g. a private debtor), ``total_claimable``
        (Σ interest + indemnity of the claimable invoices), ``claim_total``
        (principal of the invoices neither disputed nor under insolvency +
        ``total_claimable``), ``small_claims`` (0 < ``claim_total`` <
        5 000 €) and ``provisional`` (any rate of the debtor is provisional).

    Notes
    -----
    ``claim_total = Σ residual (not disputed, not insolvent) + Σ (interest +
    indemnity) (claimable)``; sums are exact to the cent. A private debtor's
    principal counts (small-claims procedures are open against anyone), its
    penalties do not. ``small_claims`` is strict: 5 000,00 € is not eligible.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    records = []
    for debtor, g in f.groupby("debtor_id", sort=True):
        claimable = g["claimable"].to_numpy(dtype=bool)
        pursuable = ~(g["disputed"].to_numpy(dtype=bool) | g["insolvent"].to_numpy(dtype=bool))
        penalties = _sum_eur(g.loc[claimable, "interest"]) + _sum_eur(g.loc[claimable, "indemnity"])
        total_claimable = round(penalties, 2)
        claim_total = round(_sum_eur(g.loc[pursuable, "residual"]) + total_claimable, 2)
        records.append(
            {
                "debtor_id": debtor,
                "n_invoices": len(g),
                "principal_overdue": _sum_eur(g["residual"]),
                "interest": _sum_eur(g["interest"], min_count=1),
                "indemnities": _sum_eur(g["indemnity"], min_count=1),
                "total_claimable": total_claimable,
                "claim_total": claim_total,
                "small_claims": bool(0 < claim_total < SMALL_CLAIMS_LIMIT_EUR),
                "provisional": bool(g["provisional"].any()),
            }
        )
    out = pd.DataFrame.from_records(records, columns=CLAIM_COLUMNS)
    return out.astype(
        {
            "debtor_id": "str",
            "n_invoices": "int64",
            "principal_overdue": "float64",
            "interest": "float64",
            "indemnities": "float64",
            "total_claimable": "float64",
            "claim_total": "float64",
            "small_claims": "bool",
            "provisional": "bool",
        }
    )


def interest_totals(interest_frame: pd.DataFrame) -> pd.Series:
    """Totals of :func:`late_payment_interest`, for the report.

    Returns
    -------
    Series
        ``n_invoices``, ``n_debtors``, ``principal_overdue``, ``interest``,
        ``indemnities`` (all rows, computed values only), ``claimable_interest``,
        ``claimable_indemnities``, ``total_claimable`` (claimable rows),
        ``provisional`` (any provisional rate) and ``provisional_note`` (the
        distinct French notes, ``""`` when none). Euros, exact to the cent.

    Notes
    -----
    ``total_claimable = Σ interest + Σ indemnity`` over the rows with
    ``claimable``; equals the sum of :func:`claimable_by_debtor`'s column.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    claimable = f["claimable"].to_numpy(dtype=bool)
    c_interest = _sum_eur(f.loc[claimable, "interest"])
    c_indemnities = _sum_eur(f.loc[claimable, "indemnity"])
    # one clause per missing rate, each said once (a row may carry several half-years)
    clauses = (c.strip() for n in f["provisional_note"].tolist() if n for c in n.split(" ; "))
    notes = [c for c in dict.fromkeys(clauses) if c]
    return pd.Series(
        {
            "n_invoices": len(f),
            "n_debtors": int(f["debtor_id"].nunique()),
            "principal_overdue": _sum_eur(f["residual"]),
            "interest": _sum_eur(f["interest"]),
            "indemnities": _sum_eur(f["indemnity"]),
            "claimable_interest": c_interest,
            "claimable_indemnities": c_indemnities,
            "total_claimable": round(c_interest + c_indemnities, 2),
            "provisional": bool(f["provisional"].any()),
            "provisional_note": " ; ".join(notes),
        },
        dtype="object",
    )
