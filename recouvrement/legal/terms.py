"""Agreed payment terms above the legal cap of 60 days from issue (art. L.441-10 I).

:func:`long_payment_terms` lists the invoices whose terms (due date − issue date)
exceed :data:`~recouvrement.conventions.law.MAX_TERMS_DAYS`, with whether the cap
applies to their debtor.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.conventions.law import MAX_TERMS_DAYS, PRIVATE, PROFESSIONAL
from recouvrement.ledger import Ledger
from recouvrement.legal.debtors import kinds_of

#: Columns of :func:`long_payment_terms`, in order.
TERMS_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "kind",
    "issue_date",
    "due_date",
    "amount",
    "terms_days",
    "excess_days",
    "breach",
    "note",
]


def long_payment_terms(ledger: Ledger) -> pd.DataFrame:
    """Invoices whose agreed payment terms exceed 60 days from issue.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger (every invoice, whatever its date or status).

    Returns
    -------
    DataFrame
        Columns ``invoice_id, debtor_id, kind, issue_date, due_date, amount``
        (euros), ``terms_days`` (``due_date − issue_date``), ``excess_days``
        (``terms_days − 60``), ``breach`` (bool) and ``note`` (French); only the
        invoices with ``terms_days > 60``, sorted by ``issue_date, invoice_id``.

    Notes
    -----
    Art. L.441-10 I code de commerce: between professionals the agreed terms may
    not exceed 60 days from the issue date, or 45 days end of month if the parties
    agree so. Only the 60-day rule is checked: an invoice on 45 days end of month
    (at most ~76 days from issue) may be flagged although compliant with the
    alternative, which the note says. ``breach`` is False for private debtors (the
    cap does not apply) and True for professional debtors and debtors of unknown
    kind (flagged, to check). Due dates repaired from the default terms are never
    above the cap.

    """
    inv = ledger.invoices
    terms = (inv["due_date"] - inv["issue_date"]).dt.days.astype("int64")
    long = inv[terms > MAX_TERMS_DAYS]
    kinds = kinds_of(ledger, long["debtor_id"])
    private = (kinds == PRIVATE).to_numpy()
    notes = np.where(
        private,
        "débiteur particulier : plafond de l'art. L.441-10 non applicable",
        np.where(
            (kinds == PROFESSIONAL).to_numpy(),
            f"délai supérieur à {MAX_TERMS_DAYS} jours après émission (art. L.441-10) ; "
            "vérifier s'il s'agit de 45 jours fin de mois convenus",
            f"type de débiteur non renseigné : délai supérieur à {MAX_TERMS_DAYS} jours "
            "après émission, à vérifier",
        ),
    )
    out = pd.DataFrame(
        {
            "invoice_id": long["invoice_id"],
            "debtor_id": long["debtor_id"],
            "kind": kinds,
            "issue_date": long["issue_date"],
            "due_date": long["due_date"],
            "amount": long["amount"],
            "terms_days": terms[long.index],
            "excess_days": terms[long.index] - MAX_TERMS_DAYS,
            "breach": ~private,
            "note": pd.Series(notes, index=long.index, dtype="str"),
        },
        columns=TERMS_COLUMNS,
    )
    return out.sort_values(["issue_date", "invoice_id"], kind="stable").reset_index(drop=True)
