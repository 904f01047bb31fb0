"""Agreed payment terms above the regime's maximum: 60 days between professionals (art.
L.441-10 I code de commerce), 30 days for a public buyer (art. R.2192-10 code de la commande
publique), none towards an individual."""

from __future__ import annotations

import pandas as pd
from builders import debtors, invoices, ledger
from pandas.testing import assert_frame_equal

from recouvrement import legal


def test_long_payment_terms():
    """Art. L.441-10 I C. com. (60 days), R.2192-10 CCP (30 days), no cap for individuals."""
    led = ledger(
        invoices(
            ("T1", "A", "2025-01-01", "2025-03-02", 100.0),  # 60 days: compliant
            ("T2", "A", "2025-01-01", "2025-03-03", 200.0),  # 61 days: breach
            ("T3", "P", "2025-01-01", "2025-04-01", 300.0),  # 90 days, private: no cap
            ("T4", "U", "2025-01-01", "2025-04-01", 400.0),  # 90 days, unknown kind: 60, flagged
            ("T5", "G", "2025-01-01", "2025-01-31", 500.0),  # 30 days, public: compliant
            ("T6", "G", "2025-01-01", "2025-02-15", 600.0),  # 45 days, public: breach
        ),
        debtors=debtors(
            ("A", None, "professionnel", None),
            ("P", None, "particulier", None),
            ("U", None, None, None),
            ("G", None, "public", None),
        ),
    )
    out = legal.long_payment_terms(led)
    expected = pd.DataFrame(
        {
            "invoice_id": pd.array(["T2", "T4", "T6"], dtype="str"),
            "terms_days": [61, 90, 45],
            "max_terms_days": [60, 60, 30],
            "excess_days": [1, 30, 15],
            "breach": [True, True, True],
        }
    )
    assert_frame_equal(out[list(expected.columns)], expected)
    assert list(out.columns) == legal.TERMS_COLUMNS
    assert out["basis"].tolist() == [
        "art. L.441-10 I C. com.",
        "art. L.441-10 I C. com.",
        "art. R.2192-10 CCP",
    ]
    assert out["note"].tolist() == [
        "délai supérieur à 60 jours après émission (art. L.441-10 I C. com.) ; vérifier s'il "
        "s'agit de 45 jours fin de mois convenus",
        "type de débiteur non renseigné : délai supérieur à 60 jours après émission, à vérifier",
        "délai supérieur à 30 jours après émission (art. R.2192-10 CCP) ; compté de l'émission "
        "faute de date de réception de la facture ; 50 jours pour les établissements publics "
        "de santé (art. R.2192-11), non distinguables dans les données",
    ]
