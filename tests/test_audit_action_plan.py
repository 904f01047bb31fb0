"""The month's action plan: owner, due date, and each debtor's status against last month."""

from __future__ import annotations

import pandas as pd

from recouvrement.audit import action_plan, audit_layer
from recouvrement.audit.action_plan import DONE, NEW, OPEN, OWNERS, review_date
from recouvrement.formatting import fmt_count
from recouvrement.report.findings.messages import key_messages
from tests.builders import debtors, invoices, ledger, payments, snap


def _two_months():
    """A: 1 000 € due 31/08, never paid nor dunned; B: 500 € due 31/08, paid 15/10;
    C: 800 € due 10/10 (not yet due at 30/09); D: 600 € issued 20/10, due 20/11."""
    return ledger(
        invoices(
            ("F1", "A", "2026-08-01", "2026-08-31", 1000.0),
            ("F2", "B", "2026-08-01", "2026-08-31", 500.0),
            ("F3", "C", "2026-09-10", "2026-10-10", 800.0),
            ("F4", "D", "2026-10-20", "2026-11-20", 600.0),
        ),
        payments(("F2", "2026-10-15", 500.0)),
        debtors=debtors(
            ("A", "Alpha SAS", "professionnel", None),
            ("B", "Beta SARL", "professionnel", None),
            ("C", "Gamma SA", "professionnel", None),
            ("D", "Delta SAS", "professionnel", None),
        ),
    )


def test_statuses_new_still_open_and_done_from_the_ledger():
    """The plan looks one month ahead. At 30/09: A and B at level 1 (no log: first
    step, due + 5 days = 05/09/2026), C at level 1 on 15/10/2026 (due 10/10). At 31/10:
    A and C have the same step, not done -> « toujours ouverte », overdue (05/09 and
    15/10 are past); D (issued 20/10) is new, level 1 on 25/11/2026; B paid its 500 €
    on 15/10 -> « réalisée », « solde réglé », with last month's amount."""
    led = _two_months()
    before = audit_layer(snap(led, "2026-09-30")).decisions
    s = snap(led, "2026-10-31")
    plan = action_plan(audit_layer(s).decisions, before, s).set_index("debtor_id")
    assert plan.loc["A", "status"] == OPEN
    assert plan.loc["A", "due"] == pd.Timestamp("2026-09-05")
    assert bool(plan.loc["A", "overdue"])
    assert plan.loc["C", "status"] == OPEN
    assert plan.loc["C", "due"] == pd.Timestamp("2026-10-15")
    assert bool(plan.loc["C", "overdue"])
    assert plan.loc["D", "status"] == NEW
    assert plan.loc["D", "due"] == pd.Timestamp("2026-11-25")
    assert not bool(plan.loc["D", "overdue"])
    assert (plan.loc["B", "status"], plan.loc["B", "detail"], plan.loc["B", "amount"]) == (
        DONE,
        "solde réglé",
        500.0,
    )
    assert pd.isna(plan.loc["B", "due"])
    assert plan.loc["A", "owner"] == OWNERS["relancer"] == "Crédit clients"


def test_without_a_previous_plan_everything_is_new_and_undated_actions_wait_for_review():
    """No previous month: every action is « nouvelle ». An action without a deadline (a
    dispute to resolve) is due at the next review, the end of the following month."""
    led = _two_months()
    s = snap(led, "2026-10-31")
    decided = audit_layer(s).decisions
    plan = action_plan(decided, None, s)
    assert set(plan["status"]) == {NEW}
    assert review_date(pd.Timestamp("2026-10-31")) == pd.Timestamp("2026-11-30")
    assert review_date(pd.Timestamp("2026-01-31")) == pd.Timestamp("2026-02-28")
    undated = decided.assign(key="litige", deadline=pd.NaT)
    assert set(action_plan(undated, None, s)["due"]) == {pd.Timestamp("2026-11-30")}


def test_key_messages_are_ranked_by_cash_and_say_who_does_what():
    """At 31/10: to dun A (1 000 €), C (800 €) and D (600 €) = 2 400 € for 3 debtors;
    claimed penalties 2 500 € rank first; a DSO of 90 days against 60 frees encours ×
    30 / 90 = 3 000 × 1/3 = 1 000 €. Ranked: 2 500, 2 400, 1 000."""
    led = _two_months()
    s = snap(led, "2026-10-31")
    plan = action_plan(audit_layer(s).decisions, None, s)
    msgs = key_messages(
        plan, s.as_of, claimed=2500.0, claimed_debtors=2, dso=(3000.0, 90.0, 60.0)
    )
    assert [(m.key, m.amount) for m in msgs] == [
        ("penalites", 2500.0),
        ("relancer", 2400.0),
        ("dso", 1000.0),
    ]
    dun = msgs[1]
    assert dun.debtors_text == "Alpha SAS, Gamma SA, Delta SAS"
    assert dun.owner == "Crédit clients"
    assert dun.due == pd.Timestamp("2026-11-01")  # A's step is overdue: at once
    assert "2 400,00 € échus à relancer auprès de 3 débiteurs" in dun.title.replace("\u202f", " ").replace("\u00a0", " ")
    assert msgs[0].debtors_text == "2\u00a0débiteurs"
    assert key_messages(plan, s.as_of, dso=(3000.0, 50.0, 60.0), limit=5)[-1].key == "relancer"


def test_counts_agree_with_their_noun():
    assert fmt_count(0, "facture") == "0\u00a0facture"
    assert fmt_count(1, "facture") == "1\u00a0facture"
    assert fmt_count(1234, "facture") == "1\u00a0234\u00a0factures"
    assert fmt_count(2, "facture ouverte", "factures ouvertes") == "2\u00a0factures ouvertes"
    assert fmt_count(3, "prix") == "3\u00a0prix"
