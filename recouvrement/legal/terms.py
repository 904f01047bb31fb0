"""Agreed payment terms above the legal maximum of the debtor's regime.

:func:`long_payment_terms` lists the invoices whose terms (due date − issue date)
exceed the maximum of their debtor's regime (:mod:`recouvrement.conventions.regimes`):
60 days between professionals (art. L.441-10 I code de commerce), 30 days for a public
buyer (art. R.2192-10 code de la commande publique); no legal maximum towards an
individual.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.conventions.law import PROFESSIONAL, PUBLIC, TERMS_BASIS, UNKNOWN_KIND_LABEL
from recouvrement.conventions.regimes import Regime
from recouvrement.ledger import Ledger
from recouvrement.legal.debtors import kinds_of, regime_codes

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
    issue = inv["issue_date"].to_numpy(dtype="datetime64[ns]")
    own, regimes = regime_codes(kinds.to_numpy(dtype=object), issue)
    fallback, _ = regime_codes(np.full(len(inv), UNKNOWN_KIND_TERMS, dtype=object), issue)
    known = own >= 0
    code = np.where(known, own, fallback)
    caps = np.array([np.nan if r.max_terms_days is None else r.max_terms_days for r in regimes])
    terms = (inv["due_date"] - inv["issue_date"]).dt.days.astype("int64").to_numpy()
    rows = np.flatnonzero(terms > caps[code])
    code, known = code[rows], known[rows]
    notes = {
        (c, k): _note(regimes[c], k)
        for c, k in set(zip(code.tolist(), known.tolist(), strict=True))
    }
    out = pd.DataFrame(
        {
            "invoice_id": inv["invoice_id"].to_numpy()[rows],
            "debtor_id": inv["debtor_id"].to_numpy()[rows],
            "kind": kinds.to_numpy()[rows],
            "regime": np.where(
                known, np.array([r.label for r in regimes], dtype=object)[code], UNKNOWN_KIND_LABEL
            ),
            "basis": np.array([TERMS_BASIS[r.kind] for r in regimes], dtype=object)[code],
            "issue_date": issue[rows],
            "due_date": inv["due_date"].to_numpy()[rows],
            "amount": inv["amount"].to_numpy()[rows],
            "terms_days": terms[rows],
            "max_terms_days": caps[code].astype("int64"),
            "excess_days": terms[rows] - caps[code].astype("int64"),
            "breach": True,
            "note": [notes[c, k] for c, k in zip(code.tolist(), known.tolist(), strict=True)],
        },
        columns=TERMS_COLUMNS,
    )
    out = out.astype(TERMS_DTYPES)
    return out.sort_values(["issue_date", "invoice_id"], kind="stable").reset_index(drop=True)
