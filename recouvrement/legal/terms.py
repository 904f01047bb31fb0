"""Agreed payment terms above the legal maximum of the debtor's regime.

:func:`long_payment_terms` lists the invoices whose terms (due date − issue date)
exceed the maximum of their debtor's regime (:mod:`recouvrement.conventions.regimes`):
60 days between professionals (art. L.441-10 I code de commerce), 30 days for a public
buyer (art. R.2192-10 code de la commande publique); no legal maximum towards an
individual.
"""

from __future__ import annotations

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.conventions.law import PROFESSIONAL, PUBLIC, TERMS_BASIS, UNKNOWN_KIND_LABEL
from recouvrement.conventions.regimes import Regime, regime_of
from recouvrement.ledger import Ledger
from recouvrement.legal.debtors import kinds_of

#: Columns of :func:`long_payment_terms` and their dtypes, in order.
TERMS_DTYPES = {
    "invoice_id": "str",
    "debtor_id": "str",
    "kind": "str",
    "regime": "str",
    "basis": "str",
    "issue_date": cv.DATE_DTYPE,
    "due_date": cv.DATE_DTYPE,
    "amount": "float64",
    "terms_days": "int64",
    "max_terms_days": "int64",
    "excess_days": "int64",
    "breach": "bool",
    "note": "str",
}
TERMS_COLUMNS = list(TERMS_DTYPES)

#: The regime whose maximum is checked when the debtor's kind is unknown: the
#: professionals' (most debtors; the flag asks to check the kind).
UNKNOWN_KIND_TERMS = PROFESSIONAL


#: What each kind's check cannot see in the data, said in its note (French).
TERMS_CAVEAT = {
    PROFESSIONAL: "vérifier s'il s'agit de 45 jours fin de mois convenus",
    PUBLIC: (
        "compté de l'émission faute de date de réception de la facture ; 50 jours pour les "
        "établissements publics de santé (art. R.2192-11), non distinguables dans les données"
    ),
}


def _note(regime: Regime, known: bool) -> str:
    cap = regime.max_terms_days
    if not known:
        return (
            f"type de débiteur non renseigné : délai supérieur à {cap} jours après émission, "
            "à vérifier"
        )
    return (
        f"délai supérieur à {cap} jours après émission ({TERMS_BASIS[regime.kind]}) ; "
        f"{TERMS_CAVEAT.get(regime.kind, 'à vérifier')}"
    )


def long_payment_terms(ledger: Ledger) -> pd.DataFrame:
    """Invoices whose agreed payment terms exceed the maximum of their debtor's regime.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger (every invoice, whatever its date or status).

    Returns
    -------
    DataFrame
        Columns :data:`TERMS_COLUMNS`: ``invoice_id, debtor_id, kind, regime``
        (French label), ``basis`` (short legal basis of the maximum), ``issue_date,
        due_date, amount`` (euros), ``terms_days`` (``due_date − issue_date``),
        ``max_terms_days`` (the regime's maximum), ``excess_days`` (``terms_days −
        max_terms_days``), ``breach`` (bool) and ``note`` (French); only the invoices
        above their maximum, sorted by ``issue_date, invoice_id``.

    Notes
    -----
    The regime is the one in force on the issue date:

    - professional: 60 days from the issue date, or 45 days end of month if the
      parties agree so (art. L.441-10 I code de commerce); only the 60-day rule is
      checked, so an invoice on 45 days end of month (at most ~76 days) may be
      flagged although compliant, which the note says;
    - public buyer: 30 days (art. R.2192-10 code de la commande publique), from the
      receipt of the invoice, not in the data: counted from the issue date (the
      terms from receipt are shorter, so a flag is to check); 50 days for public
      health establishments (art. R.2192-11), which the data cannot tell apart, as
      the note says;
    - individual: no legal maximum, never listed;
    - unknown kind: the professionals' 60 days (:data:`UNKNOWN_KIND_TERMS`), flagged
      as a breach to check.

    Due dates repaired from the default terms are never above the maximum.

    """
    inv = ledger.invoices
    kinds = kinds_of(ledger, inv["debtor_id"])
    regimes = [
        regime_of(k, d) or regime_of(UNKNOWN_KIND_TERMS, d)
        for k, d in zip(kinds, inv["issue_date"], strict=True)
    ]
    known = [regime_of(k) is not None for k in kinds]
    caps = pd.Series([r.max_terms_days for r in regimes], index=inv.index, dtype="Float64")
    terms = (inv["due_date"] - inv["issue_date"]).dt.days.astype("int64")
    long = (terms > caps).fillna(False).to_numpy(dtype=bool)
    rows = [i for i, flag in enumerate(long) if flag]
    out = pd.DataFrame(
        {
            "invoice_id": inv["invoice_id"].iloc[rows].to_numpy(),
            "debtor_id": inv["debtor_id"].iloc[rows].to_numpy(),
            "kind": kinds.iloc[rows].to_numpy(),
            "regime": [regimes[i].label if known[i] else UNKNOWN_KIND_LABEL for i in rows],
            "basis": [TERMS_BASIS[regimes[i].kind] for i in rows],
            "issue_date": inv["issue_date"].iloc[rows].to_numpy(),
            "due_date": inv["due_date"].iloc[rows].to_numpy(),
            "amount": inv["amount"].iloc[rows].to_numpy(),
            "terms_days": terms.iloc[rows].to_numpy(),
            "max_terms_days": [regimes[i].max_terms_days for i in rows],
            "excess_days": [int(terms.iloc[i]) - regimes[i].max_terms_days for i in rows],
            "breach": True,
            "note": [_note(regimes[i], known[i]) for i in rows],
        },
        columns=TERMS_COLUMNS,
    )
    out = out.astype(TERMS_DTYPES)
    return out.sort_values(["issue_date", "invoice_id"], kind="stable").reset_index(drop=True)
