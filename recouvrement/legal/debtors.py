"""What the legal rules need to know of each debtor: its kind and its insolvency date.

The kind gives the debtor's regime (:func:`recouvrement.conventions.regimes.regime_of`:
its interest, indemnity, prescription and maximum terms); a debtor in insolvency
proceedings is not pursued directly, and the judgment stops its interest. The kind has one source,
:meth:`recouvrement.ledger.Ledger.kinds`: the debtors table's, else the company's
default kind (``default_debtor_kind`` of recouvrement.yml) for a debtor absent from the
table or of unknown kind, else unknown. The insolvency date comes from the optional
debtors table (no table: no insolvency).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.aging import derived
from recouvrement.conventions.regimes import Regime, load_regimes
from recouvrement.conventions.tables import DEBTOR_KINDS
from recouvrement.ledger import Ledger


def debtor_kinds(ledger: Ledger) -> dict[str, str | None]:
    """Debtor id -> kind (``professionnel``, ``public``, ``particulier``, ``None`` if unknown).

    Every debtor of the invoices and of the debtors table, as
    :meth:`~recouvrement.ledger.Ledger.kinds` says (the debtors table's kind, else the
    company's default kind), computed once per ledger (a ledger's frames are
    read-only) and without iterating over the invoices in Python. Do not modify.
    """
    store = derived(ledger)
    if "legal.kinds" not in store:
        listed = ledger.debtors.drop_duplicates("debtor_id").set_index("debtor_id")["kind"]
        invoiced = pd.unique(ledger.invoices["debtor_id"].dropna())
        ids = pd.Index(np.asarray(invoiced, dtype=object)).union(
            pd.Index(listed.index.to_numpy(dtype=object))
        )
        kinds = listed.set_axis(listed.index.to_numpy(dtype=object)).reindex(ids)
        if ledger.default_kind is not None:
            kinds = kinds.fillna(ledger.default_kind)
        store["legal.kinds"] = {
            str(d): (None if pd.isna(k) else str(k))
            for d, k in zip(ids.to_numpy(dtype=object), kinds.to_numpy(dtype=object), strict=True)
        }
    return store["legal.kinds"]


def kinds_by_code(ledger: Ledger, debtor_ids: np.ndarray) -> np.ndarray:
    """The kind of each debtor of ``debtor_ids`` (object array, ``None`` when unknown)."""
    kinds = debtor_kinds(ledger)
    return np.array([kinds.get(str(d)) for d in debtor_ids], dtype="object")


def missing_debtors(ledger: Ledger) -> frozenset[str]:
    """Debtors of the invoices absent from the debtors table (none without a table)."""
    if not ledger.has("debtors"):
        return frozenset()
    invoiced = pd.unique(ledger.invoices["debtor_id"].dropna())
    invoiced = {str(d) for d in np.asarray(invoiced, dtype=object)}
    listed = ledger.debtors["debtor_id"].dropna().to_numpy(dtype=object)
    return frozenset(invoiced - {str(d) for d in listed})


def insolvency_dates(ledger: Ledger) -> dict[str, pd.Timestamp]:
    """Debtor id -> opening date of its insolvency proceedings (debtors with one only)."""
    deb = ledger.debtors
    return {
        str(d): t
        for d, t in zip(deb["debtor_id"], deb["insolvency_date"], strict=True)
        if not pd.isna(t)
    }


def kinds_of(ledger: Ledger, debtor_ids: pd.Series) -> pd.Series:
    """The kind of each debtor of ``debtor_ids``, as text (missing when unknown), same index."""
    return debtor_ids.map(debtor_kinds(ledger)).astype("str")


def regime_codes(kinds: np.ndarray, days: np.ndarray) -> tuple[np.ndarray, tuple[Regime, ...]]:
    """Each row's regime (:func:`~recouvrement.conventions.regimes.regime_of`), as a code.

    Parameters
    ----------
    kinds : ndarray of object
        The kind of each row (``None`` or any other value: unknown).
    days : ndarray of datetime64
        The date each row's regime is read at (no NaT where the kind is known).

    Returns
    -------
    codes : ndarray of int64
        Index into ``regimes``; ``-1`` for an unknown kind.
    regimes : tuple of Regime
        :func:`~recouvrement.conventions.regimes.load_regimes`.

    """
    regimes = load_regimes()
    codes = np.full(len(kinds), -1, dtype="int64")
    days = np.asarray(days, dtype="datetime64[ns]")
    for kind in DEBTOR_KINDS:
        rows = np.flatnonzero(kinds == kind)
        if not len(rows):
            continue
        where = np.array([i for i, r in enumerate(regimes) if r.kind == kind], dtype="int64")
        starts = np.array([regimes[i].valid_from for i in where], dtype="datetime64[ns]")
        pos = np.searchsorted(starts, days[rows], side="right") - 1
        codes[rows] = where[np.maximum(pos, 0)]  # before the first row: the first row
    return codes, regimes
