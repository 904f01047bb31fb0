"""Agreed payment terms above 60 days from issue (art. L.441-10 I code de commerce)."""

from __future__ import annotations

import pandas as pd
from builders import debtors, invoices, ledger
from pandas.testing import assert_frame_equal

from recouvrement import legal


def test_long_payment_terms():
    led = ledger(
        invoices(
            ("T1", "A", "2025-01-01", "2025-03-02", 100.0),  # 60 days: compliant
            ("T2", "A", "2025-01-01", "2025-03-03", 200.0),  # 61 days: breach
            ("T3", "P", "2025-01-01", "2025-04-01", 300.0),  # 90 days, private: not applicable
            ("T4", "U", "2025-01-01", "2025-04-01", 400.0),  # 90 days, unknown kind: flagged
        ),
        debtors=debtors(
            ("A", None, "professionnel", None),
            ("P", None, "particulier", None),
            ("U", None, None, None),
        ),
    )
    out = legal.long_payment_terms(led)
    expected = pd.DataFrame(
        {
            "invoice_id": pd.array(["T2", "T3", "T4"], dtype="str"),
            "terms_days": [61, 90, 90],
            "excess_days": [1, 30, 30],
            "breach": [True, False, True],
        }
    )
    assert_frame_equal(out[list(expected.columns)], expected)
    assert list(out.columns) == legal.TERMS_COLUMNS
    assert out["note"].tolist() == [
        "délai supérieur à 60 jours après émission (art. L.441-10) ; vérifier s'il s'agit de "
        "45 jours fin de mois convenus",
        "débiteur particulier : plafond de l'art. L.441-10 non applicable",
        "type de débiteur non renseigné : délai supérieur à 60 jours après émission, à vérifier",
    ]
