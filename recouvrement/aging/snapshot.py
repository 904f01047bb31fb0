"""One as-of snapshot of a ledger, computed once and shared by every audit rule.

A monthly report looks at one date from many angles: the aged balance, the open
items, the invoices to dun, the penalties, the scores, the letters, the listings.
:class:`Snapshot` computes what they all need at that date once — open items, aged
balance, open disputes, debtors in insolvency proceedings, invoices to dun — and
:mod:`recouvrement.dunning`, :mod:`recouvrement.legal`, :mod:`recouvrement.scoring`
and the report take it instead of ``(ledger, as_of)``.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging.arrays import LedgerArrays, ledger_arrays
from recouvrement.aging.balance import aged_balance, open_items
from recouvrement.aging.state import (
    AsOfState,
    disputed_at,
    insolvent_at,
    state_at,
    to_dun_mask,
)
from recouvrement.conventions import Buckets
from recouvrement.ledger import Ledger


class Snapshot:
    """A ledger as of one date; each part is computed once, when first used.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date (a month end in the monthly report).
    buckets : Buckets, sequence of int, str or None
        Bucket scheme of :attr:`items` and :attr:`balance` (see
        :func:`~recouvrement.aging.balance.open_items`); the rules never depend on it.

    Attributes
    ----------
    items : DataFrame
        :func:`~recouvrement.aging.balance.open_items` at ``as_of`` (age from the due date).
    balance : DataFrame
        :func:`~recouvrement.aging.balance.aged_balance` at ``as_of``.
    disputed : ndarray of bool
        Per invoice (ledger order): under an open dispute at ``as_of``.
    insolvent : frozenset of str
        Debtors in insolvency proceedings at ``as_of``.
    to_dun : DataFrame
        The rows of :attr:`items` to dun (:func:`~recouvrement.aging.state.to_dun_mask`).

    Notes
    -----
    Treat every frame as read-only: they are shared by the whole report.

    Examples
    --------
    >>> snap = Snapshot(ledger, "2026-10-31")  # doctest: +SKIP
    >>> snap.items.groupby("bucket", observed=False)["residual"].sum()  # doctest: +SKIP

    """

    def __init__(
        self,
        ledger: Ledger,
        as_of: object,
        buckets: Buckets | tuple[int, ...] | str | None = None,
    ):
        self.ledger = ledger
        self.as_of = cv.as_date(as_of)
        self.buckets = cv.as_buckets(buckets)

    def __repr__(self) -> str:
        return f"<Snapshot {self.ledger.name!s} au {self.as_of:%Y-%m-%d}>"

    @cached_property
    def arrays(self) -> LedgerArrays:
        """The ledger's arrays (:func:`~recouvrement.aging.arrays.ledger_arrays`)."""
        return ledger_arrays(self.ledger)

    @cached_property
    def state(self) -> AsOfState:
        """Every invoice's state at ``as_of`` (:func:`~recouvrement.aging.state.state_at`)."""
        return state_at(self.arrays, self.as_of)

    @cached_property
    def items(self) -> pd.DataFrame:
        """Open items at ``as_of``."""
        return open_items(self.ledger, self.as_of, buckets=self.buckets)

    @cached_property
    def balance(self) -> pd.DataFrame:
        """The aged balance per debtor at ``as_of``."""
        return aged_balance(self.ledger, self.as_of, buckets=self.buckets)

    @cached_property
    def disputed(self) -> np.ndarray:
        """Per invoice: under an open dispute at ``as_of``."""
        return disputed_at(self.ledger, self.as_of)

    @cached_property
    def insolvent(self) -> frozenset[str]:
        """Debtors in insolvency proceedings at ``as_of``."""
        return insolvent_at(self.ledger, self.as_of)

    @cached_property
    def to_dun(self) -> pd.DataFrame:
        """Open items to dun at ``as_of`` (open, overdue, not disputed, debtor not insolvent)."""
        a = self.arrays
        insolvent = np.isin(a.debtor_ids[a.inv_debtor], list(self.insolvent))
        mask = to_dun_mask(self.state.residual, a.due, self.as_of, self.disputed, insolvent)
        ids = a.invoice_ids[mask]
        items = self.items
        return items[items["invoice_id"].isin(ids)].reset_index(drop=True)


def snapshot(
    ledger: Ledger, as_of: object, buckets: Buckets | tuple[int, ...] | str | None = None
) -> Snapshot:
    """The :class:`Snapshot` of ``ledger`` at ``as_of`` (see the class)."""
    return Snapshot(ledger, as_of, buckets)
