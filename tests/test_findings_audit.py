"""Written findings of the audit layer in English (the French ones: ``test_audit``).

The ledger is the one of ``test_audit``: two professional debtors, F1 (A, 1 000 €, due
30/09/2026, reminded once on 06/10) and F2 (B, 500 €, due 10/10/2026, never reminded),
audited on 31/10/2026.
"""

from __future__ import annotations

import pytest
from builders import actions, debtors, invoices, ledger, snap

from recouvrement.audit import audit_layer
from recouvrement.report import findings as fd

NAMES = {"A": "Alpha SAS", "B": "Bêta SARL"}


@pytest.fixture
def layer():
    led = ledger(
        invoices(
            ("F1", "A", "2026-09-01", "2026-09-30", 1000.0),
            ("F2", "B", "2026-09-10", "2026-10-10", 500.0),
        ),
        debtors=debtors(
            ("A", "Alpha SAS", "professionnel", None),
            ("B", "Bêta SARL", "professionnel", None),
        ),
        actions=actions(("A", "F1", "2026-10-06", 1, "email")),
    )
    return audit_layer(snap(led, "2026-10-31"))


def test_audit_findings_in_english(layer):
    (title, found), (title_actions, actions_) = fd.audit_findings(layer, NAMES, language="en")
    assert (title, title_actions) == (
        "Dunning, creditor's rights and risk",
        "Actions from the audit",
    )
    # the same figures as in French (test_audit): 1 of 2 invoices never reminded, 500 €;
    # penalties 10.32 + 3.50 = 13.82 € + 2 × 40 € = 93.82 €, provisional (S2 2026)
    assert found[:4] == [
        "50.0% of the overdue invoices to dun (1 of 2, €500.00) have had no reminder as of "
        "31 October 2026.",
        "1 overdue invoice (€1,000.00) is behind the 'standard' dunning calendar: the expected "
        "level was not reached.",
        "2 dunning procedures are due by 30 November 2026 (2 already late), for €1,500.00; "
        "2 draft letters are attached to the report.",
        "€93.82 of late-payment penalties and recovery indemnities are claimable (€13.82 of "
        "penalties, €80.00 of indemnities, 2 professional debtors); the data shows no penalty "
        "invoiced.",
    ]
    # the provisional note stays in French: it comes from the legal rules
    assert found[4].startswith("Provisional amount: taux BCE au 01/07/2026 absent de la table")
    assert actions_[:2] == [
        "Send the 2 reminders of the calendar (draft letters attached), starting with the 2 "
        "late ones.",
        "Invoice the claimable penalties and indemnities to professional debtors, first "
        "Alpha SAS and Bêta SARL.",
    ]


@pytest.mark.parametrize("language", ["de", "EN", None], ids=["de", "upper-case", "none"])
def test_audit_findings_invalid_language_raises(layer, language):
    with pytest.raises(ValueError, match="language must be one of"):
        fd.audit_findings(layer, language=language)
