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

import pandas as pd

from recouvrement.ledger import Ledger


def debtor_kinds(ledger: Ledger) -> dict[str, str | None]:
    """Debtor id -> kind (``professionnel``, ``public``, ``particulier``, ``None`` if unknown).

    Every debtor of the invoices and of the debtors table, from
    :meth:`~recouvrement.ledger.Ledger.kinds` (the company's default kind included).
    """
    return {str(d): (None if pd.isna(k) else str(k)) for d, k in ledger.kinds().items()}


def missing_debtors(ledger: Ledger) -> frozenset[str]:
    """Debtors of the invoices absent from the debtors table (none without a table)."""
    if not ledger.has("debtors"):
        return frozenset()
    invoiced = set(ledger.invoices["debtor_id"].dropna().astype("str"))
    return frozenset(invoiced - set(ledger.debtors["debtor_id"].dropna().astype("str")))


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
