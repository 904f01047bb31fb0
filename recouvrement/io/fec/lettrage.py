"""Lettrage as of any date: which credit settles which debit, and from when.

A FEC says which lines were matched (``EcritureLet``) and when (``DateLet``), never
which credit paid which invoice. This module turns the matching into the ledger's
allocations (one payment row per invoice it settles, with an ``applied_date``) so
that the as-of engine rebuilds the customer accounts at any date:

* **Groups.** The lines of one debtor sharing a code form a group, per file (codes
  are reused across customers, and software restart them each fiscal year): the key
  is ``(file, debtor, EcritureLet)``.
* **When.** A line is matched from its ``DateLet``; without one, from the latest
  entry date of its group (the group is complete at the earliest then). Matching
  dated after ``D`` is ignored at ``D``: the credit is unapplied ("Non affecté") and
  the invoice open, until the match.
* **Which.** Inside a group, credits settle debits oldest first (FIFO): both sides
  ordered by matching date, then entry date, then file order; each credit covers
  what is left of the current debit, and moves on. A group that nets to zero settles
  all its debits; a partly matched group leaves its residual open on its latest
  debits; what a credit does not cover stays unapplied on its debtor.
* **Unmatched credits** (no code) are unapplied: they reduce their debtor's
  balance, shown as *Non affecté*, never dropped nor allocated by guess (the dunning
  audit proposes their matching, :mod:`recouvrement.dunning`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def matching_dates(members: pd.DataFrame) -> pd.Series:
    """The date each member is matched from: its ``date_let``, else its group's latest date.

    Never before the line's own date (a ``DateLet`` earlier than the entry is bad data).

    ``members`` has ``group`` (NA = unmatched), ``date`` and ``date_let``. Unmatched
    members get NaT.
    """
    latest = members.groupby("group", dropna=True)["date"].transform("max")
    out = members["date_let"].where(members["date_let"].notna(), latest)
    # a line is never matched before it exists (a DateLet earlier than its entry date)
    out = out.where(out >= members["date"], members["date"])
    return out.where(members["group"].notna())


def allocate(members: pd.DataFrame) -> pd.DataFrame:
    """FIFO allocation of each group's credits to its debits (see the module's rules).

    Parameters
    ----------
    members : DataFrame
        One row per matched line: ``group`` (int), ``side`` (``"D"`` debit or ``"C"``
        credit), ``target`` (the id of the invoice a debit stands for, or of the credit
        a credit stands for), ``capacity`` (cents > 0), ``matched`` (date it is matched
        from), ``date`` (entry date), ``seq`` (file order).

    Returns
    -------
    DataFrame
        ``credit, invoice, amount, applied_date``: one row per (credit, debit) piece,
        amounts in cents, ``applied_date`` = the later matching date of the two lines.

    Notes
    -----
    Groups of one debit and one credit (most of them) are settled at once,
    vectorised; the others walk their two sorted sides.

    """
    out_cols = ["credit", "invoice", "amount", "applied_date"]
    if members.empty:
        return pd.DataFrame(
            {
                "credit": pd.Series([], dtype="str"),
                "invoice": pd.Series([], dtype="str"),
                "amount": pd.Series([], dtype="int64"),
                "applied_date": pd.Series([], dtype="datetime64[ns]"),
            }
        )
    m = members.sort_values(["group", "side", "matched", "date", "seq"], kind="stable")
    sizes = m.groupby(["group", "side"]).size().unstack(fill_value=0)
    for side in ("C", "D"):
        if side not in sizes.columns:
            sizes[side] = 0
    simple = sizes.index[(sizes["C"] == 1) & (sizes["D"] == 1)]
    is_simple = m["group"].isin(simple)
    pieces = [_simple(m[is_simple])]
    rest = m[~is_simple & m["group"].isin(sizes.index[(sizes["C"] > 0) & (sizes["D"] > 0)])]
    pieces.append(_walk(rest))
    out = pd.concat(pieces, ignore_index=True)
    out = out[out["amount"] > 0]
    return out[out_cols].reset_index(drop=True)


def _simple(m: pd.DataFrame) -> pd.DataFrame:
    cr = m[m["side"] == "C"].set_index("group")
    dr = m[m["side"] == "D"].set_index("group").reindex(cr.index)
    return pd.DataFrame(
        {
            "credit": cr["target"].to_numpy(),
            "invoice": dr["target"].to_numpy(),
            "amount": np.minimum(
                cr["capacity"].to_numpy(dtype="int64"), dr["capacity"].to_numpy(dtype="int64")
            ),
            "applied_date": np.maximum(
                cr["matched"].to_numpy(dtype="datetime64[ns]"),
                dr["matched"].to_numpy(dtype="datetime64[ns]"),
            ),
        }
    )


def _walk(m: pd.DataFrame) -> pd.DataFrame:
    rows: list[tuple[str, str, int, np.datetime64]] = []
    if m.empty:
        return pd.DataFrame(rows, columns=["credit", "invoice", "amount", "applied_date"]).astype(
            {"amount": "int64", "applied_date": "datetime64[ns]"}
        )
    group = m["group"].to_numpy()
    side = m["side"].to_numpy()
    target = m["target"].to_numpy()
    cap = m["capacity"].to_numpy(dtype="int64")
    matched = m["matched"].to_numpy(dtype="datetime64[ns]")
    bounds = np.flatnonzero(np.r_[True, group[1:] != group[:-1], True])
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):
        idx = np.arange(start, stop)
        credits = idx[side[idx] == "C"]
        debits = idx[side[idx] == "D"]
        left_c = cap[credits].copy()
        left_d = cap[debits].copy()
        i = j = 0
        while i < len(credits) and j < len(debits):
            amount = min(left_c[i], left_d[j])
            if amount > 0:
                c, d = credits[i], debits[j]
                rows.append((target[c], target[d], int(amount), max(matched[c], matched[d])))
            left_c[i] -= amount
            left_d[j] -= amount
            if left_c[i] == 0:
                i += 1
            if left_d[j] == 0:
                j += 1
    return pd.DataFrame(rows, columns=["credit", "invoice", "amount", "applied_date"]).astype(
        {"amount": "int64", "applied_date": "datetime64[ns]"}
    )
