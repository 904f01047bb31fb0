"""The as-of engine: a ledger rebuilt at any date, its aged balance and its reconciliation.

Everything here is rebuilt *as of* a date ``D``: invoices issued after ``D`` do not
exist yet; payments, credit notes and write-offs dated after ``D`` are ignored, so a
report can be rebuilt for any past date. Amounts are computed in integer cents.

- :mod:`~recouvrement.aging.arrays`: the ledger as numpy arrays, built once per ledger;
- :mod:`~recouvrement.aging.state`: every invoice's state at a date, open disputes,
  insolvency, age buckets, the rule of the invoices to dun;
- :mod:`~recouvrement.aging.balance`: open items and the aged balance ("balance âgée"),
  open invoices in another currency revalued at the as-of date's ECB rate;
- :mod:`~recouvrement.aging.reconcile`: the invariant of DOMAIN.md, to the cent;
- :mod:`~recouvrement.aging.snapshot`: one date's snapshot shared by the audit rules.

The modules are the public internal API of the engine: :mod:`recouvrement.kpi`,
:mod:`recouvrement.dunning` and :mod:`recouvrement.legal` build on them.
"""

from recouvrement.aging.arrays import (
    CREDIT,
    PAYMENT,
    WRITE_OFF,
    LedgerArrays,
    derived,
    ledger_arrays,
    to_cents,
    to_euros,
)
from recouvrement.aging.balance import (
    OPEN_ITEM_COLUMNS,
    REVALUATION_COLUMNS,
    aged_balance,
    aged_balance_history,
    open_items,
    revaluation,
    unapplied,
)
from recouvrement.aging.matching import CashMatches, proposed_matches
from recouvrement.aging.reconcile import Reconciliation, ReconciliationError, reconcile
from recouvrement.aging.snapshot import Snapshot, snapshot
from recouvrement.aging.state import (
    AsOfState,
    Basis,
    bucket_codes,
    check_basis,
    disputed_at,
    insolvent_at,
    insolvent_mask,
    months_elapsed,
    state_at,
    to_dun_mask,
)

__all__ = [
    "CREDIT",
    "OPEN_ITEM_COLUMNS",
    "PAYMENT",
    "REVALUATION_COLUMNS",
    "WRITE_OFF",
    "AsOfState",
    "Basis",
    "CashMatches",
    "LedgerArrays",
    "Reconciliation",
    "ReconciliationError",
    "Snapshot",
    "aged_balance",
    "aged_balance_history",
    "bucket_codes",
    "check_basis",
    "derived",
    "disputed_at",
    "insolvent_at",
    "insolvent_mask",
    "ledger_arrays",
    "months_elapsed",
    "open_items",
    "proposed_matches",
    "reconcile",
    "revaluation",
    "snapshot",
    "state_at",
    "to_cents",
    "to_dun_mask",
    "to_euros",
    "unapplied",
]
