"""Builders of small hand-checkable ledgers, shared by every test module.

Each builder takes plain rows (tuples) in the column order it documents and returns
a frame of the canonical table with real dtypes: dates as ``datetime64[ns]`` (``None``
is NaT), amounts as floats, ids as text. :func:`ledger` assembles them into a
validated :class:`~recouvrement.ledger.Ledger`, :func:`snap` into the
:class:`~recouvrement.aging.Snapshot` the audit rules take. A test states its rows
and the figures it expects, computed by hand in its docstring.

Example::

    led = ledger(
        invoices(("F1", "A", "2025-01-01", "2025-01-31", 1000.0)),
        payments(("F1", "2025-03-10", 400.0)),
    )
    snap(led, "2025-03-31").items["residual"].tolist()  # [600.0]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from recouvrement.aging import Snapshot
from recouvrement.ledger import Ledger

#: Columns of each builder's rows, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "invoices": ("invoice_id", "debtor_id", "issue_date", "due_date", "amount"),
    "payments": ("invoice_id", "date", "amount"),
    "debtor_payments": ("debtor_id", "invoice_id", "date", "amount"),
    "credit_notes": ("invoice_id", "date", "amount"),
    "write_offs": ("invoice_id", "date", "amount"),
    "disputes": ("invoice_id", "opened_date", "resolved_date"),
    "debtors": ("debtor_id", "name", "kind", "insolvency_date"),
    "actions": ("debtor_id", "invoice_id", "date", "level", "channel"),
    "costs": ("month", "amount"),
}

DATE_COLUMNS = {"issue_date", "due_date", "date", "opened_date", "resolved_date", "insolvency_date"}


def D(value: Any) -> Any:
    """A date (or a sequence of dates) as ``pd.Timestamp`` / ``DatetimeIndex``; ``None`` is NaT."""
    if isinstance(value, str) or value is None:
        return pd.Timestamp(value) if value is not None else pd.NaT
    return pd.to_datetime(list(value))


def frame(table: str, rows: Iterable[Sequence[Any]]) -> pd.DataFrame:
    """A frame of ``rows`` with the columns of :data:`COLUMNS` ``[table]``, dates parsed."""
    columns = list(COLUMNS[table])
    out = pd.DataFrame(list(rows), columns=columns)
    for col in columns:
        if col in DATE_COLUMNS:
            out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    return out


def invoices(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, debtor_id, issue_date, due_date, amount)``."""
    return frame("invoices", rows)


def payments(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, date, amount)``: payments allocated to an invoice."""
    return frame("payments", rows)


def debtor_payments(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(debtor_id, invoice_id, date, amount)``; ``invoice_id`` ``None`` is unapplied cash."""
    return frame("debtor_payments", rows)


def credit_notes(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, date, amount)``."""
    return frame("credit_notes", rows)


def write_offs(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, date, amount)``."""
    return frame("write_offs", rows)


def disputes(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, opened_date, resolved_date)``; ``resolved_date`` ``None`` = open."""
    return frame("disputes", rows)


def debtors(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(debtor_id, name, kind, insolvency_date)``; kind ``professionnel``/``particulier``."""
    return frame("debtors", rows)


def actions(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(debtor_id, invoice_id, date, level, channel)``; ``invoice_id`` ``None``: on the debtor."""
    return frame("actions", rows)


def costs(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(month, amount)`` with months ``"YYYY-MM"``."""
    return frame("costs", rows)


def ledger(
    invoices: pd.DataFrame,
    payments: pd.DataFrame | None = None,
    *,
    meta: Mapping[str, Any] | None = None,
    **tables: pd.DataFrame | None,
) -> Ledger:
    """A validated ledger of the given frames (optional tables by name: ``debtors=...``)."""
    return Ledger(invoices, payments, meta=meta, **tables)


def snap(led: Ledger, as_of: Any, buckets: Any = None) -> Snapshot:
    """The ledger's :class:`~recouvrement.aging.Snapshot` at ``as_of``."""
    return Snapshot(led, as_of, buckets)
