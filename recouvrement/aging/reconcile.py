"""The reconciliation of the aged balance with the ledger, to the cent.

DOMAIN.md's invariant, checked on every report::

    Σ buckets + Σ non affecté = Σ invoices − Σ payments − Σ credit notes − Σ write-offs

every term dated ≤ D. A run where it fails is an error, not a footnote.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging.arrays import CREDIT, PAYMENT, WRITE_OFF, ledger_arrays, to_cents
from recouvrement.aging.balance import aged_balance
from recouvrement.formatting import fmt_eur
from recouvrement.ledger import Ledger


class ReconciliationError(AssertionError):
    """The aged balance does not reconcile with the ledger: a bug, never a footnote."""


@dataclass(frozen=True)
class Reconciliation:
    """The reconciliation of the aged balance with the ledger at ``as_of`` (euros)."""

    as_of: pd.Timestamp
    invoiced: float
    paid: float
    credited: float
    written_off: float
    ledger_balance: float
    aged: float
    unapplied: float
    difference: float

    @property
    def ok(self) -> bool:
        """True when the difference is exactly zero (to the cent)."""
        return self.difference == 0

    def describe(self) -> str:
        """French one-line statement of the check, for the report."""
        status = "vérifié" if self.ok else f"ÉCART de {fmt_eur(self.difference)}"
        return (
            f"Rapprochement au {self.as_of:%d/%m/%Y} : tranches {fmt_eur(self.aged)} + non affecté "
            f"{fmt_eur(self.unapplied)} = factures {fmt_eur(self.invoiced)} − règlements "
            f"{fmt_eur(self.paid)} − avoirs {fmt_eur(self.credited)} − pertes "
            f"{fmt_eur(self.written_off)} = {fmt_eur(self.ledger_balance)} : {status}."
        )


def reconcile(
    ledger: Ledger, as_of: object, balance: pd.DataFrame | None = None, *, strict: bool = True
) -> Reconciliation:
    """Check the invariant of DOMAIN.md for an aged balance.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The as-of date of the balance.
    balance : DataFrame, optional
        The aged balance to check (any bucket scheme); computed when omitted.
    strict : bool
        Raise :class:`ReconciliationError` when the invariant fails (default).

    Returns
    -------
    Reconciliation

    Notes
    -----
    Σ buckets + Σ Non affecté = Σ invoices − Σ payments − Σ credit notes −
    Σ write-offs, every term dated ≤ ``as_of``; compared in integer cents.

    """
    day = cv.as_date(as_of)
    if balance is None:
        balance = aged_balance(ledger, day)
    d = np.datetime64(day, "ns")
    a = ledger_arrays(ledger)
    invoiced = int(a.amount[a.issue <= d].sum())
    dated = a.ev_date <= d
    by_kind = [
        int(a.ev_amount[dated & (a.ev_kind == k)].sum()) for k in (PAYMENT, CREDIT, WRITE_OFF)
    ]
    ledger_balance = invoiced - sum(by_kind)
    bucket_cols = [c for c in balance.columns if c not in (cv.UNAPPLIED_LABEL, cv.TOTAL_LABEL)]
    aged = int(to_cents(balance[bucket_cols].to_numpy().ravel()).sum())
    loose = int(to_cents(balance[cv.UNAPPLIED_LABEL].to_numpy()).sum())
    result = Reconciliation(
        as_of=day,
        invoiced=invoiced / 100,
        paid=by_kind[0] / 100,
        credited=by_kind[1] / 100,
        written_off=by_kind[2] / 100,
        ledger_balance=ledger_balance / 100,
        aged=aged / 100,
        unapplied=loose / 100,
        difference=(aged + loose - ledger_balance) / 100,
    )
    if strict and not result.ok:
        raise ReconciliationError(
            f"the aged balance at {day:%Y-%m-%d} does not reconcile with the ledger: "
            f"{result.aged + result.unapplied:.2f} vs {result.ledger_balance:.2f}"
        )
    return result
