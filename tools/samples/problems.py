"""Deliberate data-quality problems of the samples: :func:`inject_data_problems`.

The committed samples are meant to exercise the reader's quality checks: each
company folder holds a few spoiled rows (duplicate ids, unparseable dates and
amounts, unknown invoices...), logged with their position.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from tools.samples.profiles import PROBLEM_KINDS, DataProblem

#: Columns of the problem log returned by :func:`inject_data_problems`.
PROBLEM_LOG_COLUMNS = ["table", "row", "column", "value", "problem"]


def _tail_number(identifier: str) -> tuple[str, str]:
    match = re.search(r"(\d+)$", identifier)
    if match is None:
        return identifier, ""
    return identifier[: match.start()], match.group(1)


def _next_invoice_id(ids: pd.Series, taken: set[str]) -> str:
    """Return an unused id following the last one (``ids`` in issue order)."""
    head, digits = _tail_number(str(ids.iloc[-1]))
    number = int(digits or 0) + 1
    while f"{head}{number:0{len(digits)}d}" in taken:
        number += 1
    return f"{head}{number:0{len(digits)}d}"


def _typo(identifier: str, known: set[str]) -> str:
    """Return a mistyped id not in ``known`` (a leading zero dropped, or digits swapped)."""
    head, digits = _tail_number(identifier)
    candidates = []
    if digits.startswith("0"):
        candidates.append(head + digits[1:])
    if len(digits) >= 2:
        candidates.append(head + digits[:-2] + digits[-1] + digits[-2])
    candidates.append(identifier + "0")
    return next(c for c in candidates if c not in known)


def inject_data_problems(
    tables: Mapping[str, pd.DataFrame],
    rng: np.random.Generator,
    problems: Sequence[DataProblem],
    *,
    default_terms_days: int = cv.DEFAULT_TERMS_DAYS,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Add deliberate data-quality problems to canonical tables.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Canonical tables as returned by :func:`generate_company` (not modified).
    rng : numpy.random.Generator
        Chooses the rows to spoil.
    problems : sequence of DataProblem
        What to inject, in order (see :data:`PROBLEM_KINDS`):

        - ``duplicate_invoice_id``: a new, different invoice row (other debtor,
          date, amount) reusing an existing invoice id, appended at the end;
        - ``non_positive_amount``: a new invoice row with a zero or negative
          amount (``problem.text``; a credit note keyed as an invoice), for the
          debtor and dates of a recent invoice, appended at the end;
        - ``due_before_issue``: an open, not yet due, otherwise untouched invoice
          whose due date gets the previous year (a typo);
        - ``missing_due_date``: an invoice whose due date is blanked; it is chosen
          with terms of ``default_terms_days``, so the repair restores it exactly;
        - ``unknown_invoice``: a payment row whose invoice id is mistyped (the
          invoice then looks unpaid, the payment becomes unapplied cash);
        - ``unparseable_date`` / ``unparseable_amount``: ``problem.text`` written
          in the ``date`` / ``amount`` column of a row of ``problem.table``;
        - ``unknown_debtor_kind``: ``problem.text`` as the kind of a debtor.
    default_terms_days : int, default 30
        The company's default payment terms, in days.

    Returns
    -------
    tables : dict of str to DataFrame
        Copies of the tables with the problems. A column receiving text becomes
        ``object`` dtype (text next to dates or floats), as in a raw export.
    log : DataFrame
        One row per problem: ``table``, ``row`` (0-based position in the
        returned frame), ``column``, ``value`` (text problems verbatim, other
        values in canonical form: ISO dates, ``1234.56``), ``problem`` (French
        description).

    Notes
    -----
    Rows are chosen so that each problem stays one finding: invoices spoiled
    (``due_before_issue``) have no payment, credit note, dispute, write-off or
    reminder; spoiled payments settle a single invoice alone.

    """
    out = {name: frame.copy() for name, frame in tables.items()}
    latest_ids = tables["invoices"].sort_values("issue_date", kind="stable")["invoice_id"]
    log: list[dict[str, Any]] = []
    used: set[tuple[str, int]] = set()
    inv = out["invoices"]
    referenced = set()
    for name in ("payments", "credit_notes", "write_offs", "disputes", "actions"):
        referenced |= set(out[name]["invoice_id"].dropna())
    end = max(
        out[name][col].max()
        for name, col in (("invoices", "issue_date"), ("payments", "date"), ("actions", "date"))
        if len(out[name])
    )

    def pick(table: str, mask: pd.Series | np.ndarray) -> int:
        rows = [r for r in np.flatnonzero(np.asarray(mask)).tolist() if (table, r) not in used]
        if not rows:
            raise ValueError(f"no row of {table} fits the problem to inject")
        row = int(rows[rng.integers(len(rows))])
        used.add((table, row))
        return row

    def set_text(table: str, row: int, column: str, text: str) -> None:
        frame = out[table]
        frame[column] = frame[column].astype("object")
        frame.iloc[row, frame.columns.get_loc(column)] = text

    def note(table: str, row: int, column: str, value: object, kind: str) -> None:
        if isinstance(value, pd.Timestamp):
            value = value.strftime("%Y-%m-%d")
        log.append(
            {
                "table": table,
                "row": row,
                "column": column,
                "value": str(value),
                "problem": PROBLEM_KINDS[kind],
            }
        )

    def append_invoice(row: dict[str, Any]) -> int:
        frame = out["invoices"]
        new = pd.DataFrame({c: [row.get(c)] for c in frame.columns}).astype(frame.dtypes.to_dict())
        out["invoices"] = pd.concat([frame, new], ignore_index=True)
        return len(out["invoices"]) - 1

    for problem in problems:
        kind = problem.kind
        inv = out["invoices"]
        terms = (inv["due_date"] - inv["issue_date"]).dt.days
        if kind == "duplicate_invoice_id":
            src = inv.iloc[pick("invoices", inv["issue_date"] <= end - pd.Timedelta(days=60))]
            others = out["debtors"]["debtor_id"][out["debtors"]["debtor_id"] != src["debtor_id"]]
            issue = src["issue_date"] + pd.Timedelta(days=int(rng.integers(1, 20)))
            row = append_invoice(
                {
                    "invoice_id": src["invoice_id"],
                    "debtor_id": others.iloc[int(rng.integers(len(others)))],
                    "issue_date": issue,
                    "due_date": issue + (src["due_date"] - src["issue_date"]),
                    "amount": round(float(src["amount"]) * float(rng.uniform(0.3, 1.7)), 2),
                    "currency": "EUR",
                }
            )
            note("invoices", row, "invoice_id", src["invoice_id"], kind)
        elif kind == "non_positive_amount":
            src = inv.iloc[pick("invoices", inv["issue_date"] >= end - pd.Timedelta(days=120))]
            if problem.text is not None:
                amount = float(problem.text)
            else:
                amount = 0.0 if rng.random() < 0.5 else -float(rng.integers(100, 900))
            row = append_invoice(
                {
                    "invoice_id": _next_invoice_id(latest_ids, set(inv["invoice_id"])),
                    "debtor_id": src["debtor_id"],
                    "issue_date": src["issue_date"],
                    "due_date": src["due_date"],
                    "amount": amount,
                    "currency": "EUR",
                }
            )
            note("invoices", row, "amount", f"{amount:.2f}", kind)
        elif kind == "due_before_issue":
            ok = (
                (inv["due_date"] > end)
                & ~inv["invoice_id"].isin(referenced)
                & ~inv["invoice_id"].duplicated(keep=False)
            )
            row = pick("invoices", ok)
            wrong = inv.loc[row, "due_date"] - pd.DateOffset(years=1)
            inv.loc[row, "due_date"] = wrong
            note("invoices", row, "due_date", wrong, kind)
        elif kind == "missing_due_date":
            ok = terms == default_terms_days
            row = pick("invoices", ok if ok.any() else inv["due_date"].notna())
            inv.loc[row, "due_date"] = pd.NaT
            note("invoices", row, "due_date", "", kind)
        elif kind == "unknown_invoice":
            pay = out["payments"]
            alone = ~pay["invoice_id"].duplicated(keep=False) & ~pay["payment_id"].duplicated(
                keep=False
            )
            row = pick("payments", pay["invoice_id"].notna() & alone)
            wrong = _typo(pay.loc[row, "invoice_id"], set(inv["invoice_id"]))
            pay.loc[row, "invoice_id"] = wrong
            note("payments", row, "invoice_id", wrong, kind)
        elif kind in ("unparseable_date", "unparseable_amount"):
            table = problem.table
            frame = out[table]
            column = "date" if kind == "unparseable_date" else "amount"
            if column not in frame.columns:
                raise ValueError(f"{kind}: table {table!r} has no column {column!r}")
            ok = pd.Series(True, index=frame.index)
            if "invoice_id" in frame.columns and table != "actions":
                ok = frame["invoice_id"].notna() & ~frame["invoice_id"].duplicated(keep=False)
            if "payment_id" in frame.columns:
                ok &= ~frame["payment_id"].duplicated(keep=False)
            row = pick(table, ok)
            set_text(table, row, column, problem.text or "n/a")
            note(table, row, column, problem.text or "n/a", kind)
        elif kind == "unknown_debtor_kind":
            deb = out["debtors"]
            row = pick("debtors", deb["kind"] == "professionnel")
            set_text("debtors", row, "kind", problem.text or "Association")
            note("debtors", row, "kind", problem.text or "Association", kind)
        else:  # pragma: no cover - profiles are checked at construction
            raise ValueError(f"unknown problem kind {kind!r}")
    return out, pd.DataFrame(log, columns=PROBLEM_LOG_COLUMNS)
