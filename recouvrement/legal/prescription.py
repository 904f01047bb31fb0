"""Prescription of open claims: which invoices are prescribed or prescribe soon.

A claim prescribes 5 years after its due date between professionals (art. L.110-4 code
de commerce), 2 years against a private person (art. L.218-2 code de la consommation);
a part payment acknowledges the debt and starts the period again (art. 2240 code
civil). :func:`prescription_watch` lists the open invoices whose deadline falls within
a horizon.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.law import (
    PRESCRIPTION_YEARS_PRIVATE,
    PRESCRIPTION_YEARS_PROFESSIONAL,
    PRIVATE,
    PROFESSIONAL,
)
from recouvrement.legal.debtors import kinds_of

#: Default horizon of :func:`prescription_watch` (months).
DEFAULT_HORIZON_MONTHS = 6

#: Columns of :func:`prescription_watch`, in order.
PRESCRIPTION_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "kind",
    "due_date",
    "residual",
    "last_payment_date",
    "start_date",
    "prescription_years",
    "prescription_date",
    "days_left",
    "prescribed",
    "note",
]


def prescription_watch(
    snap: Snapshot, *, horizon_months: int = DEFAULT_HORIZON_MONTHS
) -> pd.DataFrame:
    """Open invoices whose claim is prescribed or prescribes within the horizon.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date ``as_of`` (:class:`recouvrement.aging.Snapshot`).
    horizon_months : int
        Calendar months ahead of ``as_of`` to watch (default 6, ≥ 0).

    Returns
    -------
    DataFrame
        Columns ``invoice_id, debtor_id, kind, due_date, residual`` (euros at
        ``as_of``), ``last_payment_date`` (last payment allocated to the invoice,
        NaT if none), ``start_date`` (start of the period), ``prescription_years``,
        ``prescription_date`` (last day to act), ``days_left`` (negative: already
        prescribed), ``prescribed`` (bool) and ``note`` (French). Sorted by
        ``prescription_date, invoice_id``.

    Notes
    -----
    ``prescription_date = start_date + N years`` with ``N = 5`` between
    professionals (art. L.110-4 code de commerce), ``2`` for a private debtor
    (art. L.218-2 code de la consommation) and, when the kind is unknown, the
    shorter 2 years (prudence: the earliest possible deadline). ``start_date`` is
    the due date, or the last payment allocated to the invoice when later (a part
    payment acknowledges the debt and interrupts prescription, art. 2240 code
    civil). Reminders do not interrupt it. Listed when ``prescription_date ≤
    as_of + horizon_months``; prescribed when ``as_of > prescription_date``.

    """
    ledger, day = snap.ledger, snap.as_of
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, int | np.integer):
        raise ValueError(f"horizon_months must be a whole number of months, got {horizon_months!r}")
    if horizon_months < 0:
        raise ValueError(f"horizon_months must be ≥ 0, got {horizon_months!r}")
    items = snap.items
    pay = ledger.payments
    pay = pay[pay["invoice_id"].notna() & (pay["date"] <= day)]
    last_payment = pay.groupby("invoice_id")["date"].max()
    kinds = kinds_of(ledger, items["debtor_id"])
    # reindex, not map: pandas maps through an *empty* date Series as float64 and fails
    last = pd.Series(
        last_payment.astype(cv.DATE_DTYPE).reindex(items["invoice_id"]).to_numpy(),
        index=items.index,
        dtype=cv.DATE_DTYPE,
    )
    start = last.where(last > items["due_date"], items["due_date"])
    years = np.where(
        kinds == PROFESSIONAL, PRESCRIPTION_YEARS_PROFESSIONAL, PRESCRIPTION_YEARS_PRIVATE
    )
    limit = cv.shift_months(day, int(horizon_months))
    presc = pd.Series(
        [s + pd.DateOffset(years=int(n)) for s, n in zip(start, years, strict=True)],
        index=items.index,
        dtype=cv.DATE_DTYPE,
    )
    days_left = (presc - day).dt.days.astype("int64")
    notes = np.where(
        kinds == PROFESSIONAL,
        f"{PRESCRIPTION_YEARS_PROFESSIONAL} ans entre professionnels",
        np.where(
            kinds == PRIVATE,
            f"{PRESCRIPTION_YEARS_PRIVATE} ans contre un particulier",
            f"type de débiteur non renseigné : délai le plus court ({PRESCRIPTION_YEARS_PRIVATE} "
            "ans) retenu par prudence",
        ),
    )
    out = pd.DataFrame(
        {
            "invoice_id": items["invoice_id"],
            "debtor_id": items["debtor_id"],
            "kind": kinds,
            "due_date": items["due_date"],
            "residual": items["residual"],
            "last_payment_date": last,
            "start_date": start,
            "prescription_years": years.astype("int64"),
            "prescription_date": presc,
            "days_left": days_left,
            "prescribed": days_left < 0,
            "note": pd.Series(notes, index=items.index, dtype="str"),
        }
    )
    out = out[out["prescription_date"] <= limit]
    return out.sort_values(["prescription_date", "invoice_id"], kind="stable").reset_index(
        drop=True
    )
