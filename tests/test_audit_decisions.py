"""One debtor, one action: insolvency deadlines, cash before dunning, no log is not no plan."""

from __future__ import annotations

import pandas as pd

from recouvrement.audit import audit_layer, debtor_decisions
from recouvrement.dunning import REASON_CASH, next_actions
from tests.builders import actions, debtors, invoices, ledger, snap


def _insolvent_ledger(publication: str | None):
    deb = debtors(
        ("A", "Alpha SAS", "professionnel", "2026-09-10"),
        ("B", "Beta SARL", "professionnel", None),
    )
    deb["procedure"] = pd.Series(["redressement judiciaire", None], dtype="str")
    deb["publication_date"] = pd.to_datetime([publication, None])
    return ledger(
        invoices(
            ("F1", "A", "2026-06-01", "2026-07-01", 1200.0),
            ("F2", "A", "2026-08-01", "2026-08-31", 300.0),
            ("F3", "B", "2026-08-01", "2026-08-31", 500.0),
        ),
        debtors=deb,
        actions=actions(),
    )


def test_insolvent_debtor_gets_one_declaration_with_its_bodacc_deadline():
    """Art. R.622-24 C. com.: the claim is declared within two months of the BODACC
    publication (24/09/2026 -> 24/11/2026); art. L.622-21 and L.622-7: no reminder after
    the judgment. Alpha gets that one action for its whole open balance (1 500 €); Beta,
    not insolvent, its reminder."""
    s = snap(_insolvent_ledger("2026-09-24"), "2026-10-31")
    layer = audit_layer(s)
    d = layer.decisions.set_index("debtor_id")
    assert d.loc["A", "key"] == "declarer"
    assert d.loc["A", "deadline"] == pd.Timestamp("2026-11-24")
    assert not d.loc["A", "estimated"]
    assert d.loc["A", "amount"] == 1500.0
    assert d.loc["B", "key"] == "relancer"
    assert list(d.index).count("A") == 1
    assert {letter.debtor_id for letter in layer.letters} == {"B"}
    assert "A" not in set(layer.next_actions.actions["debtor_id"])


def test_without_publication_the_deadline_is_estimated_then_relief_then_foreclosed():
    """No publication date: judgment 10/09/2026 + 15 days (art. R.621-8) = 25/09/2026,
    declaration by 25/11/2026 (estimated); after it, relevé de forclusion by 25/03/2027
    (art. L.622-26: six months from the publication); after that, nothing but the
    write-off."""
    led = _insolvent_ledger(None)
    d = debtor_decisions(snap(led, "2026-10-31"), None).set_index("debtor_id")
    assert (d.loc["A", "key"], d.loc["A", "deadline"], d.loc["A", "estimated"]) == (
        "declarer",
        pd.Timestamp("2026-11-25"),
        True,
    )
    d = debtor_decisions(snap(led, "2026-12-31"), None).set_index("debtor_id")
    assert (d.loc["A", "key"], d.loc["A", "deadline"]) == ("relever", pd.Timestamp("2027-03-25"))
    d = debtor_decisions(snap(led, "2027-04-30"), None).set_index("debtor_id")
    assert d.loc["A", "key"] == "forclos" and pd.isna(d.loc["A", "deadline"])


def test_no_dunning_log_still_gives_a_plan_from_the_first_level():
    """Without a log, every overdue invoice starts at the first step of the calendar
    (standard calendar: level 1 at due + 5 days): F3 due 31/08/2026 is proposed at
    level 1 on 05/09/2026, and the report says the log is missing."""
    led = ledger(
        invoices(("F3", "B", "2026-08-01", "2026-08-31", 500.0)),
        debtors=debtors(("B", "Beta SARL", "professionnel", None)),
    )
    layer = audit_layer(snap(led, "2026-10-31"))
    acts = layer.next_actions.actions
    assert acts[["debtor_id", "level"]].to_numpy().tolist() == [["B", 1]]
    assert acts["action_date"].tolist() == [pd.Timestamp("2026-09-05")]
    assert len(layer.letters) == 1
    assert "pas de journal des relances" in layer.reason("dunning")
    assert layer.decisions["key"].tolist() == ["relancer"]


def test_covered_invoices_are_not_dunned():
    """Cash before dunning: an invoice an unapplied credit of its debtor is proposed to
    settle is listed as « encaissement à lettrer », not dunned; the debtor's one action
    is to match the cash (amount covered: 500 €)."""
    led = ledger(
        invoices(("F3", "B", "2026-08-01", "2026-08-31", 500.0)),
        debtors=debtors(("B", "Beta SARL", "professionnel", None)),
        actions=actions(),
    )
    s = snap(led, "2026-10-31")
    plan = next_actions(s, covered=["F3"])
    assert plan.actions.empty
    assert plan.excluded[["invoice_id", "reason"]].to_numpy().tolist() == [["F3", REASON_CASH]]
    d = debtor_decisions(s, plan, covered={"F3": 500.0})
    assert d[["debtor_id", "key", "amount"]].to_numpy().tolist() == [["B", "lettrer", 500.0]]
