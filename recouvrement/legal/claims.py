"""What can be claimed, per debtor, per legal basis and in total, and what is claimed.

:func:`claimable_by_debtor`, :func:`claimable_by_basis` and :func:`interest_totals` sum
the frame of :func:`~recouvrement.legal.interest.late_payment_interest` exactly (via
cents): the principal overdue, the interest and indemnities computed, those the law
allows to claim (``claimable``), split into those the company claims and those it
waives (its claim policy), and each debtor's eligibility to the small-claims
procedures. No total is given without its split.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.aging import to_cents
from recouvrement.conventions import DEBTOR_KINDS
from recouvrement.conventions.law import SMALL_CLAIMS_LIMIT_EUR
from recouvrement.legal.config import CLAIM_CHOICES
from recouvrement.legal.interest import INTEREST_COLUMNS

#: Columns of :func:`claimable_by_debtor` and their dtypes, in order.
CLAIM_DTYPES = {
    "debtor_id": "str",
    "regime": "str",
    "basis": "str",
    "n_invoices": "int64",
    "principal_overdue": "float64",
    "interest": "float64",
    "indemnities": "float64",
    "total_claimable": "float64",
    "policy": "str",
    "claimed": "float64",
    "waived": "float64",
    "claim_total": "float64",
    "small_claims": "bool",
    "provisional": "bool",
}
CLAIM_COLUMNS = list(CLAIM_DTYPES)

#: Columns of :func:`claimable_by_basis` and their dtypes, in order.
BASIS_DTYPES = {
    "kind": "str",
    "regime": "str",
    "basis": "str",
    "policy": "str",
    "n_invoices": "int64",
    "n_debtors": "int64",
    "interest": "float64",
    "indemnities": "float64",
    "total": "float64",
}
BASIS_COLUMNS = list(BASIS_DTYPES)


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


def _penalties(g: pd.DataFrame, rows: np.ndarray) -> float:
    """Σ interest + Σ indemnity of the ``rows`` of ``g``, exact to the cent."""
    return round(_sum_eur(g.loc[rows, "interest"]) + _sum_eur(g.loc[rows, "indemnity"]), 2)


def _distinct(values: pd.Series) -> str:
    """The distinct non-empty texts of ``values``, in order, joined by `` / ``."""
    return " / ".join(dict.fromkeys(v for v in values.astype("str").tolist() if v))


def claimable_by_debtor(interest_frame: pd.DataFrame) -> pd.DataFrame:
    """What the law allows to claim from each debtor, and what is claimed (policy).

    Parameters
    ----------
    interest_frame : DataFrame
        The result of :func:`late_payment_interest` (not modified).

    Returns
    -------
    DataFrame
        One row per debtor, sorted by ``debtor_id``, columns :data:`CLAIM_COLUMNS`:
        ``regime`` and ``basis`` (the debtor's regime and the legal basis of its
        interest), ``n_invoices`` (invoices overdue or paid late),
        ``principal_overdue`` (Σ residual at ``as_of``, euros), ``interest`` and
        ``indemnities`` (Σ computed, euros; NaN when nothing was computed, e.g. a
        debtor of unknown kind), ``total_claimable`` (Σ interest + indemnity of the
        claimable invoices, what the law allows), split into ``claimed`` and
        ``waived`` by ``policy`` (the company's choice for the debtor, ``réclamer``
        or ``renoncer``), ``claim_total`` (principal of the invoices neither disputed
        nor under insolvency + ``claimed``), ``small_claims`` (0 < ``claim_total`` <
        5 000 €) and ``provisional`` (any rate of the debtor is provisional).

    Notes
    -----
    ``total_claimable = claimed + waived``; ``claim_total = Σ residual (not
    disputed, not insolvent) + claimed``: what is waived is not claimed in court
    either. Sums are exact to the cent. A private debtor's principal counts
    (small-claims procedures are open against anyone), and its interest at the legal
    rate once a formal notice is logged. ``small_claims`` is strict: 5 000,00 € is
    not eligible.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    records = []
    for debtor, g in f.groupby("debtor_id", sort=True):
        claimable = g["claimable"].to_numpy(dtype=bool)
        claimed_rows = g["claimed"].to_numpy(dtype=bool)
        pursuable = ~(g["disputed"].to_numpy(dtype=bool) | g["insolvent"].to_numpy(dtype=bool))
        total_claimable = _penalties(g, claimable)
        claimed = _penalties(g, claimed_rows)
        claim_total = round(_sum_eur(g.loc[pursuable, "residual"]) + claimed, 2)
        records.append(
            {
                "debtor_id": debtor,
                "regime": _distinct(g["regime"]),
                "basis": _distinct(g["basis"]),
                "n_invoices": len(g),
                "principal_overdue": _sum_eur(g["residual"]),
                "interest": _sum_eur(g["interest"], min_count=1),
                "indemnities": _sum_eur(g["indemnity"], min_count=1),
                "total_claimable": total_claimable,
                "policy": _distinct(g["policy"]),
                "claimed": claimed,
                "waived": round(total_claimable - claimed, 2),
                "claim_total": claim_total,
                "small_claims": bool(0 < claim_total < SMALL_CLAIMS_LIMIT_EUR),
                "provisional": bool(g["provisional"].any()),
            }
        )
    out = pd.DataFrame.from_records(records, columns=CLAIM_COLUMNS)
    return out.astype(CLAIM_DTYPES)


def claimable_by_basis(interest_frame: pd.DataFrame) -> pd.DataFrame:
    """What the law allows to claim, per legal basis and per decision (claimed or waived).

    Parameters
    ----------
    interest_frame : DataFrame
        The result of :func:`late_payment_interest` (not modified).

    Returns
    -------
    DataFrame
        One row per kind of debtor and policy having claimable invoices, columns
        :data:`BASIS_COLUMNS`: ``kind``, ``regime``, ``basis`` (``art. L.441-10 C.
        com.``, ``art. R.2192-31 CCP``, ``art. 1231-6 C. civ.``), ``policy``
        (``réclamer`` or ``renoncer``), ``n_invoices``, ``n_debtors``, ``interest``,
        ``indemnities`` and ``total`` (euros, exact to the cent); in the order of
        :data:`~recouvrement.conventions.DEBTOR_KINDS`, ``réclamer`` first.

    Notes
    -----
    Σ ``total`` = :func:`interest_totals`' ``total_claimable``; the rows of policy
    ``réclamer`` sum to its ``claimed_total``, those of ``renoncer`` to
    ``waived_total``.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame[interest_frame["claimable"].to_numpy(dtype=bool)]
    records = []
    for kind in DEBTOR_KINDS:
        for choice in CLAIM_CHOICES:
            g = f[(f["kind"] == kind) & (f["policy"] == choice)]
            if g.empty:
                continue
            interest, indemnities = _sum_eur(g["interest"]), _sum_eur(g["indemnity"])
            records.append(
                {
                    "kind": kind,
                    "regime": _distinct(g["regime"]),
                    "basis": _distinct(g["basis"]),
                    "policy": choice,
                    "n_invoices": len(g),
                    "n_debtors": int(g["debtor_id"].nunique()),
                    "interest": interest,
                    "indemnities": indemnities,
                    "total": round(interest + indemnities, 2),
                }
            )
    return pd.DataFrame.from_records(records, columns=BASIS_COLUMNS).astype(BASIS_DTYPES)


def interest_totals(interest_frame: pd.DataFrame) -> pd.Series:
    """Totals of :func:`late_payment_interest`, for the report.

    Returns
    -------
    Series
        ``n_invoices``, ``n_debtors``, ``principal_overdue``, ``interest``,
        ``indemnities`` (all rows, computed values only); what the law allows to
        claim: ``claimable_interest``, ``claimable_indemnities``,
        ``total_claimable``; split by the company's claim policy:
        ``claimed_interest``, ``claimed_indemnities``, ``claimed_total``,
        ``n_debtors_claimed`` and ``waived_interest``, ``waived_indemnities``,
        ``waived_total``, ``n_debtors_waived``; ``provisional`` (any provisional
        rate) and ``provisional_note`` (the distinct French notes, ``""`` when
        none). Euros, exact to the cent. The split by legal basis is
        :func:`claimable_by_basis`.

    Notes
    -----
    ``total_claimable = Σ interest + Σ indemnity`` over the rows with
    ``claimable`` ``= claimed_total + waived_total``; it equals the sum of
    :func:`claimable_by_debtor`'s column, and ``claimed_total`` the sum of its
    ``claimed``.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    claimable = f["claimable"].to_numpy(dtype=bool)
    claimed = f["claimed"].to_numpy(dtype=bool)
    waived = claimable & ~claimed
    c_interest = _sum_eur(f.loc[claimable, "interest"])
    c_indemnities = _sum_eur(f.loc[claimable, "indemnity"])
    split = {}
    for name, rows in (("claimed", claimed), ("waived", waived)):
        interest = _sum_eur(f.loc[rows, "interest"])
        indemnities = _sum_eur(f.loc[rows, "indemnity"])
        split[f"{name}_interest"] = interest
        split[f"{name}_indemnities"] = indemnities
        split[f"{name}_total"] = round(interest + indemnities, 2)
        split[f"n_debtors_{name}"] = int(f.loc[rows, "debtor_id"].nunique())
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
            **split,
            "provisional": bool(f["provisional"].any()),
            "provisional_note": " ; ".join(notes),
        },
        dtype="object",
    )
