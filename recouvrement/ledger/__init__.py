"""The ledger contract: canonical tables validated with pandera, nothing lost.

A :class:`Ledger` holds the eight canonical tables of DOMAIN.md (only invoices and
payments are mandatory). Building one coerces each input column to its canonical
type, validates every row lazily with pandera, then applies the cross-table rules.
Each input row ends up either **kept** (possibly repaired by a documented rule) or
**set aside**; either way every problem is listed in :attr:`Ledger.quality` with the
table, source, row number, column, value and reason, and :attr:`Ledger.counts`
reconciles ``read = kept + set_aside`` per table.

Structural problems (a table that is not a DataFrame, a mandatory column missing or
given twice, no invoice row) raise a single :class:`LedgerError` listing them all, in
French, each naming the table, its source and the fix.

Amounts are read per column (:mod:`~recouvrement.ledger.parse_amounts`): one decimal
separator for the whole column (given, or the one its unambiguous values show, ``.``
without evidence), straight to integer cents with :class:`decimal.Decimal`; the frames
hold float euros for reading and :meth:`Ledger.cents` the exact cents the as-of
engine sums. Dates are plausible only inside ``limits.window()`` (from
:class:`~recouvrement.conventions.Limits`: 1 January 2000 to the run date + 2 years by
default).

Repair and set-aside rules (quoted in the report's data-quality section):

========================================  ==========================================
Problem                                   Treatment
========================================  ==========================================
unparseable date, amount or level         row set aside
text date column in another format        the whole column refused (``LedgerError``
(``3/14/2025`` under ``J/M/AAAA``), or    naming the file, column, examples, likely
ambiguous (every day ≤ 12, no format)     format and the ``date_format`` to give)
amount not following the column's         row set aside (``1,5`` in a ``.`` column,
decimal separator                         ``1.5`` in a ``,`` column, ``1,50,0``)
amount not finite (inf, nan, Infinity)    row set aside
amount above ``limits.max_amount``        row set aside (the ceiling is quoted)
amount written in another currency        row set aside when the row states another
than its row's (``$``, ``USD``, ``£``...) currency (``$12`` on a EUR row); on a row
                                          stating none, the sign gives the currency
date outside ``limits.window()``          row set aside (also years 2263 or 9999,
(any date column, also months)            from text, spreadsheets or Parquet)
control characters in an id or a text     repaired: removed (tabs and line breaks
                                          of free text become spaces); an id left
                                          empty is a missing value
missing mandatory value                   row set aside
amount ≤ 0 (invoice, payment, credit...)  row set aside
due date before issue date                row set aside
missing due date                          repaired: issue date + default terms; set
                                          aside if that falls after the window
amount with more than 2 decimals          repaired: rounded half away from zero to
                                          the cent
currency other than the ledger's          repaired: converted at the ECB reference
                                          rate of the row's date (an event on an
                                          invoice of its currency: at the invoice's
                                          rate); no rate known → ``LedgerError``
duplicate invoice id                      first occurrence kept, others set aside
payment/credit note on unknown invoice    repaired: kept as unapplied (non affecté)
                                          for its debtor; set aside if no debtor
payment debtor ≠ invoice debtor           repaired: the invoice's debtor is used
write-off on unknown invoice              repaired: unapplied on its debtor; set
                                          aside if no debtor
dispute on unknown invoice                row set aside
action on unknown invoice                 repaired: debtor-level action if it has a
                                          debtor, otherwise set aside
duplicate debtor id                       first occurrence kept, others set aside
unknown debtor kind                       repaired: kind left empty (non renseigné)
invoice debtor missing from the debtors   repaired (listed once, on its first
table (when one is given)                 invoice): ``default_kind``, or no kind
dispute resolved before it was opened     row set aside
========================================  ==========================================

A ledger whose invoices, payments, credit notes and write-offs add up (in absolute
value) beyond 2**53 cents, about 90 000 billion euros, is refused (:class:`LedgerError`):
beyond, float euros lose cents and sums may overflow, so no total would be certain.
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
