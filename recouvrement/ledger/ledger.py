"""The :class:`Ledger`: eight canonical tables, validated, with nothing lost.

See :mod:`recouvrement.ledger` for the rules applied to bad rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.ledger.checks import validate_rows
from recouvrement.ledger.parse import ParseOptions
from recouvrement.ledger.rules import apply_cross_table_rules
from recouvrement.ledger.table import (
    COUNT_COLUMNS,
    QUALITY_COLUMNS,
    ROW,
    SET_ASIDE,
    WorkTable,
    coerce,
    empty_typed,
)


class LedgerError(ValueError):
    """Structural problems that make a ledger impossible to build.

    ``problems`` is the list of messages; the exception text lists them all, each
    naming the table, the file and how to fix the input.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"the ledger cannot be built ({len(self.problems)} problem(s)):\n{lines}")

class Ledger:
    """A validated receivables ledger.

    Parameters
    ----------
    invoices : DataFrame
        Canonical columns ``invoice_id, debtor_id, issue_date, due_date, amount,
        currency`` (``due_date`` and ``currency`` may be absent). Dates may be
        datetimes or text (ISO or ``dd/mm/yyyy``), amounts numbers or text
        (``1 234,56``).
    payments : DataFrame, optional
        One row per allocation: ``payment_id, debtor_id, invoice_id, date,
        amount``. An empty ``invoice_id`` is unapplied cash. ``None`` means "no
        payment at all" (an empty table).
    credit_notes, write_offs, disputes, debtors, actions, costs : DataFrame, optional
        Optional tables (see :data:`recouvrement.conventions.TABLES`). ``None``
        means "not provided": every KPI that needs the table says
        "non disponible".
    default_terms_days : int
        Payment terms used to repair a missing due date (default 30 days).
    sources : mapping, optional
        Table name -> source label (file name) used in the quality table.
    rows : mapping, optional
        Table name -> source row numbers (e.g. file line numbers), aligned with
        the frame; defaults to 1-based positions.
    parse : ParseOptions, optional
        How text dates and amounts are read.
    meta : mapping, optional
        Free metadata (company name, sector, data folder...).
    read_problems : mapping, optional
        Table name -> source lines the reader could not split into fields
        (dicts with ``row``, ``value``, ``problem``); counted as read and set aside.

    Attributes
    ----------
    invoices, payments, credit_notes, write_offs, disputes, debtors, actions, costs : DataFrame
        The kept rows, with canonical columns and dtypes, index reset.
    quality : DataFrame
        Columns ``table, source, row, column, value, problem, action``: every
        problem found, with ``action`` ``"écartée"`` (set aside) or
        ``"corrigée"`` (repaired and kept).
    counts : DataFrame
        Per table: ``read``, ``kept``, ``set_aside``, ``repaired`` (rows kept after a
        repair); ``read == kept + set_aside`` always.
    provided : frozenset of str
        Tables that were given (even empty).
    currency : str
        The ledger's currency (the invoices' most frequent one, EUR by default).

    Raises
    ------
    LedgerError
        When a mandatory column is missing, or no invoice is given.

    Notes
    -----
    Input frames are never modified. The rules applied to bad rows are listed in
    the module docstring and in the report's methodology appendix.

    """

    invoices: pd.DataFrame
    payments: pd.DataFrame
    credit_notes: pd.DataFrame
    write_offs: pd.DataFrame
    disputes: pd.DataFrame
    debtors: pd.DataFrame
    actions: pd.DataFrame
    costs: pd.DataFrame

    def __init__(
        self,
        invoices: pd.DataFrame,
        payments: pd.DataFrame | None = None,
        credit_notes: pd.DataFrame | None = None,
        write_offs: pd.DataFrame | None = None,
        disputes: pd.DataFrame | None = None,
        debtors: pd.DataFrame | None = None,
        actions: pd.DataFrame | None = None,
        costs: pd.DataFrame | None = None,
        *,
        default_terms_days: int = cv.DEFAULT_TERMS_DAYS,
        sources: Mapping[str, str] | None = None,
        rows: Mapping[str, Any] | None = None,
        parse: ParseOptions | None = None,
        meta: Mapping[str, Any] | None = None,
        read_problems: Mapping[str, list[dict[str, Any]]] | None = None,
    ):
        given = {
            "invoices": invoices,
            "payments": payments,
            "credit_notes": credit_notes,
            "write_offs": write_offs,
            "disputes": disputes,
            "debtors": debtors,
            "actions": actions,
            "costs": costs,
        }
        if int(default_terms_days) < 0:
            raise ValueError(f"default_terms_days must be ≥ 0, got {default_terms_days!r}")
        self.default_terms_days = int(default_terms_days)
        self.meta = dict(meta or {})
        self.sources = dict(sources or {})
        self.provided = frozenset(
            name for name, frame in given.items() if frame is not None or name == "payments"
        )
        opts = parse or ParseOptions()
        rows = rows or {}

        structural: list[str] = []
        tables: dict[str, WorkTable] = {}
        for name, frame in given.items():
            source = self.sources.get(name, "DataFrame")
            if frame is None:
                frame = pd.DataFrame(columns=cv.columns(name))
            if not isinstance(frame, pd.DataFrame):
                structural.append(
                    f"{name}: expected a pandas DataFrame, got {type(frame).__name__}"
                )
                continue
            missing = [c for c in cv.required_columns(name) if c not in frame.columns]
            if missing:
                structural.append(
                    f"{name} ({source}): missing mandatory column(s) {', '.join(missing)}; "
                    f"found {', '.join(map(str, frame.columns)) or 'no column'}. Rename the source "
                    "columns or map them in the company's recouvrement.yml (tables: "
                    f"{name}: columns: ...)"
                )
                continue
            work = frame.loc[:, [c for c in frame.columns if c in cv.columns(name)]].copy()
            for col in cv.columns(name):
                if col not in work.columns:
                    work[col] = pd.Series(pd.NA, index=work.index, dtype="object")
            work = work[cv.columns(name)].reset_index(drop=True)
            row_numbers = rows.get(name)
            work[ROW] = (
                np.arange(1, len(work) + 1)
                if row_numbers is None
                else np.asarray(row_numbers, dtype="int64")
            )
            table = WorkTable(name=name, source=source, frame=work, read=len(work))
            for bad in (read_problems or {}).get(name, []):
                # lines the reader could not split into fields: read, and set aside
                table.read += 1
                table.flag(
                    [bad["row"]],
                    bad.get("column", ""),
                    bad.get("value", ""),
                    bad["problem"],
                    SET_ASIDE,
                )
            tables[name] = table
        if "invoices" in tables and tables["invoices"].read == 0:
            structural.append(
                f"invoices ({tables['invoices'].source}): no invoice rows; "
                "an audit needs at least one invoice"
            )
        if structural:
            raise LedgerError(structural)

        for table in tables.values():
            if len(table.frame):
                coerce(table, opts)
                validate_rows(table)
            else:
                table.frame = empty_typed(table.name)
        self.currency = apply_cross_table_rules(tables, self.default_terms_days)

        for name, table in tables.items():
            kept = table.frame[table.alive()].drop(columns=ROW).reset_index(drop=True)
            setattr(self, name, kept)
        self.quality = self._quality_frame(tables)
        self.counts = pd.DataFrame(
            [
                {
                    "table": t.name,
                    "source": t.source,
                    "read": t.read,
                    "kept": int(t.alive().sum()),
                    "set_aside": len(t.set_aside),
                    "repaired": len(t.repaired - t.set_aside),
                }
                for t in tables.values()
            ],
            columns=COUNT_COLUMNS,
        )
        bad = self.counts[self.counts["read"] != self.counts["kept"] + self.counts["set_aside"]]
        if len(bad):  # pragma: no cover - an internal bug, never bad data
            raise AssertionError(f"row counts do not reconcile: {bad.to_dict('records')}")

    @staticmethod
    def _quality_frame(tables: dict[str, WorkTable]) -> pd.DataFrame:
        records = [p for t in tables.values() for p in t.problems]
        q = pd.DataFrame.from_records(records, columns=QUALITY_COLUMNS)
        q["row"] = q["row"].astype("int64")
        order = {name: i for i, name in enumerate(cv.TABLES)}
        q = q.sort_values(
            ["table", "row", "column"], key=lambda s: s.map(order) if s.name == "table" else s
        )
        return q.reset_index(drop=True)

    # -- conveniences -------------------------------------------------------------
    def has(self, table: str) -> bool:
        """Whether ``table`` was provided (a provided table may be empty)."""
        if table not in cv.TABLES:
            raise ValueError(f"unknown table {table!r}; known tables: {', '.join(cv.TABLES)}")
        return table in self.provided

    @property
    def debtor_names(self) -> pd.Series:
        """Debtor id -> name, debtors without a name left out (``str`` Series, may be empty)."""
        deb = self.debtors
        named = deb[deb["name"].notna()]
        return pd.Series(
            named["name"].to_numpy(),
            index=pd.Index(named["debtor_id"].to_numpy(), name="debtor_id", dtype="str"),
            name="name",
            dtype="str",
        )

    @property
    def name(self) -> str:
        """Display name of the audited company (``meta['name']``, else ``'—'``)."""
        return str(self.meta.get("name") or self.meta.get("company") or "—")

    def __repr__(self) -> str:
        parts = ", ".join(f"{n}={len(getattr(self, n))}" for n in cv.TABLES if self.has(n))
        return f"<Ledger {self.name!s}: {parts}; {len(self.quality)} quality finding(s)>"
