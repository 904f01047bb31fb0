"""Row-level rules of the ledger, declared with pandera and run lazily.

Every failing row is recorded once per reason in the table's problems and set aside
(see :func:`validate_rows`); the French reasons are those of the quality table.

Most tables break no rule at all: the same checks are first run on the whole columns
(:func:`failing`: each column check on the column's present values, as pandera runs
it, each frame check on the frame, and no missing value in a mandatory column);
pandera runs, and lists the failures, on the rows that fail one of them only. Every
rule is checked on every row either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from recouvrement import conventions as cv
from recouvrement.ledger.table import ROW, SET_ASIDE, WorkTable

#: A check: its name (a key of the quality reasons) and its vectorised function.
Check = tuple[str, Callable[[Any], Any]]


def _either(a: str, b: str) -> Check:
    return f"{a}_or_{b}", lambda d: d[a].notna() | d[b].notna()


def _after(late: str, early: str, name: str) -> Check:
    return name, lambda d: d[late].isna() | d[early].isna() | (d[late] >= d[early])


_POSITIVE: Check = ("positive", lambda s: s > 0)
_NON_NEGATIVE: Check = ("non_negative", lambda s: s >= 0)

_CHECKS: dict[str, dict[str, Any]] = {
    "invoices": {
        "columns": {"amount": [_POSITIVE]},
        "frame": [_after("due_date", "issue_date", "due_after_issue")],
    },
    "payments": {"columns": {"amount": [_POSITIVE]}, "frame": [_either("invoice_id", "debtor_id")]},
    "credit_notes": {
        "columns": {"amount": [_POSITIVE]},
        "frame": [_either("invoice_id", "debtor_id")],
    },
    "write_offs": {
        "columns": {"amount": [_POSITIVE]},
        "frame": [_either("invoice_id", "debtor_id")],
    },
    "disputes": {
        "columns": {},
        "frame": [_after("resolved_date", "opened_date", "resolved_after_opened")],
    },
    "debtors": {"columns": {"credit_limit": [_NON_NEGATIVE]}, "frame": []},
    "actions": {
        "columns": {"level": [_NON_NEGATIVE]},
        "frame": [_either("invoice_id", "debtor_id")],
    },
    "costs": {"columns": {"amount": [_NON_NEGATIVE]}, "frame": []},
}

_CHECK_REASON = {
    "not_nullable": "valeur obligatoire manquante",
    "positive": "montant nul ou négatif",
    "non_negative": "valeur négative",
    "due_after_issue": "échéance antérieure à la date de facture",
    "resolved_after_opened": "litige clos avant son ouverture",
    "invoice_id_or_debtor_id": "ni facture ni débiteur renseigné",
}

# column reported for a frame-wide check
_CHECK_COLUMN = {
    "due_after_issue": "due_date",
    "resolved_after_opened": "resolved_date",
    "invoice_id_or_debtor_id": "invoice_id",
}


def schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of ``table``'s row rules (lazy validation lists every failure)."""
    spec = _CHECKS[table]
    required = set(cv.required_columns(table))
    cols = {}
    for col in cv.columns(table):
        cols[col] = pa.Column(
            checks=[pa.Check(fn, name=name) for name, fn in spec["columns"].get(col, [])],
            nullable=col not in required,
            required=True,
        )
    frame = [pa.Check(fn, name=name, element_wise=False) for name, fn in spec["frame"]]
    return pa.DataFrameSchema(cols, checks=frame, name=table)


def _fails(result: Any, index: pd.Index) -> np.ndarray:
    """The rows of ``index`` where a check's result is false (a missing result is false)."""
    holds = pd.Series(result).fillna(False).astype(bool).reindex(index, fill_value=True)
    return ~holds.to_numpy(dtype=bool)


def failing(table: str, frame: pd.DataFrame) -> np.ndarray | None:
    """The rows of ``frame`` that break a rule of ``table`` (pandera finds no other).

    A mandatory column has no missing value; each column check holds on the column's
    present values (pandera leaves the missing ones out, ``ignore_na``); each frame
    check holds on every row. Returns a boolean mask aligned with ``frame``, or ``None``
    when a check cannot be run here (pandera then looks at every row).
    """
    spec = _CHECKS[table]
    required = set(cv.required_columns(table))
    out = np.zeros(len(frame), dtype=bool)
    try:
        for col in cv.columns(table):
            values = frame[col]
            if col in required:
                out |= values.isna().to_numpy(dtype=bool)
            for _, fn in spec["columns"].get(col, []):
                out |= _fails(fn(values.dropna()), frame.index)
        for _, fn in spec["frame"]:
            out |= _fails(fn(frame), frame.index)
    except Exception:  # noqa: BLE001 - pandera runs on every row and reports
        return None
    return out


def validate_rows(table: WorkTable) -> None:
    """Run the pandera schema lazily; record each failing row once per reason.

    pandera runs on the rows :func:`failing` finds (none: it does not run), and lists
    the failures of each: the same as on the whole table, each row's checks being its
    own.
    """
    df = table.frame
    rows = failing(table.name, df)
    if rows is not None and not rows.any():
        return  # no failing row: nothing for pandera to list
    checked = df if rows is None else df[rows]
    try:
        schema(table.name).validate(checked.drop(columns=ROW), lazy=True)
        return
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    cases = cases[cases["index"].notna()].copy()
    cases["check"] = cases["check"].astype("str").str.replace(r"\(.*$", "", regex=True)
    wide = cases["check"].isin(list(_CHECK_COLUMN))
    cases.loc[wide, "column"] = cases.loc[wide, "check"].map(_CHECK_COLUMN)
    cases = cases.drop_duplicates(["index", "check", "column"])
    # a cell already set aside is not listed twice (a repaired one is: it may still fail)
    already = {(p["row"], p["column"]) for p in table.problems if p["action"] == SET_ASIDE}
    for (check, column), group in cases.groupby(["check", "column"], sort=True):
        idx = group["index"].astype("int64").to_numpy()
        rows = df.loc[idx, ROW]
        keep = [(r, column) not in already for r in rows]
        rows, idx = rows[keep], idx[keep]
        source = table.raw if table.raw is not None else df
        table.flag(
            rows, column, source.loc[idx, column], _CHECK_REASON.get(check, check), SET_ASIDE
        )
