"""The ledger contract: canonical tables validated with pandera, nothing lost.

A :class:`Ledger` holds the eight canonical tables of DOMAIN.md (only invoices and
payments are mandatory). Building one coerces each input column to its canonical
type, validates every row lazily with pandera, then applies the cross-table rules.
Each input row ends up either **kept** (possibly repaired by a documented rule) or
**set aside**; either way every problem is listed in :attr:`Ledger.quality` with the
table, source, row number, column, value and reason, and :attr:`Ledger.counts`
reconciles ``read = kept + set_aside`` per table.

Structural problems (missing mandatory column, no invoices) raise a single
:class:`LedgerError` listing them all.

Repair and set-aside rules (quoted in the report's data-quality section):

========================================  ==========================================
Problem                                   Treatment
========================================  ==========================================
unparseable date, amount or level         row set aside
missing mandatory value                   row set aside
amount ≤ 0 (invoice, payment, credit...)  row set aside
due date before issue date                row set aside
missing due date                          repaired: issue date + default terms
amount with more than 2 decimals          repaired: rounded to the cent
currency other than the ledger's          row set aside (no conversion)
duplicate invoice id                      first occurrence kept, others set aside
payment/credit note on unknown invoice    repaired: kept as unapplied (non affecté)
                                          for its debtor; set aside if no debtor
payment debtor ≠ invoice debtor           repaired: the invoice's debtor is used
write-off/dispute on unknown invoice      row set aside
action on unknown invoice                 repaired: debtor-level action if it has a
                                          debtor, otherwise set aside
duplicate debtor id                       first occurrence kept, others set aside
unknown debtor kind                       repaired: kind left empty (non renseigné)
dispute resolved before it was opened     row set aside
========================================  ==========================================
"""

from recouvrement.ledger.ledger import Ledger, LedgerError
from recouvrement.ledger.parse import ParseOptions
from recouvrement.ledger.table import COUNT_COLUMNS, QUALITY_COLUMNS, REPAIRED, SET_ASIDE

__all__ = [
    "COUNT_COLUMNS",
    "QUALITY_COLUMNS",
    "REPAIRED",
    "SET_ASIDE",
    "Ledger",
    "LedgerError",
    "ParseOptions",
]
