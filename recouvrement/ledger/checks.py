"""Row-level rules of the ledger, declared with pandera and run lazily.

Every failing row is recorded once per reason in the table's problems and set aside
(see :func:`validate_rows`); the French reasons are those of the quality table.
"""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa

from recouvrement import conventions as cv
from recouvrement.ledger.table import ROW, SET_ASIDE, WorkTable


def _either(a: str, b: str):
    return pa.Check(lambda d: d[a].notna() | d[b].notna(), name=f"{a}_or_{b}", element_wise=False)


_POSITIVE = pa.Check(lambda s: s > 0, name="positive")
_NON_NEGATIVE = pa.Check(lambda s: s >= 0, name="non_negative")

_CHECKS: dict[str, dict[str, Any]] = {
    "invoices": {
        "columns": {"amount": [_POSITIVE]},
        "frame": [
            pa.Check(
                lambda d: (
                    d["due_date"].isna()
                    | d["issue_date"].isna()
                    | (d["due_date"] >= d["issue_date"])
                ),
                name="due_after_issue",
                element_wise=False,
            )
        ],
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
        "frame": [
            pa.Check(
                lambda d: (
                    d["resolved_date"].isna()
                    | d["opened_date"].isna()
                    | (d["resolved_date"] >= d["opened_date"])
                ),
                name="resolved_after_opened",
                element_wise=False,
            )
        ],
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


def _schema(table: str) -> pa.DataFrameSchema:
    spec = _CHECKS[table]
    required = set(cv.required_columns(table))
    cols = {}
    for col in cv.columns(table):
        cols[col] = pa.Column(
            checks=spec["columns"].get(col, []),
            nullable=col not in required,
            required=True,
        )
    return pa.DataFrameSchema(cols, checks=spec["frame"], name=table)


def validate_rows(table: WorkTable) -> None:
    """Run the pandera schema lazily; record each failing row once per reason."""
    df = table.frame
    try:
        _schema(table.name).validate(df.drop(columns=ROW), lazy=True)
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
