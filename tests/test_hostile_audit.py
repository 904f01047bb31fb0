"""Hostile inputs of the audit layer: actions after settlement, missing debtors, no names.

Each case of :data:`CASES` is tested below; ``docs/hostile-inputs.md`` lists them. Every
test builds a clean ledger and its hostile twin, audits both on 31/10/2026 and checks the
exact finding, row or letter text of the hostile input, and that nothing else of the
audit layer moved (or exactly what the hostile row really changes, said in the test).

The clean ledger (:func:`clean`), audited on 31/10/2026:

- A, Alpha SAS, professional: P1 1 000 € due 31/08, paid in full 15/09 (15 days late),
  reminded (email, level 1) on 05/09; P2 500 € due 30/09, open.
- B, Bêta SARL, professional: Q1 800 € due 01/10, settled by a credit note of 800 € on
  10/10, reminded on 06/10; Q2 300 € due 15/10, paid 20/10.
- X (:data:`ODD`): X1 700 € due 30/09, open, never reminded. The debtors table lists X
  as "Xéna SAS", professional; the hostile twins drop it, empty its kind or its name.
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from builders import HostileCase, actions, credit_notes, debtors, invoices, ledger, payments, snap
from pandas.testing import assert_frame_equal

from recouvrement.audit import AuditLayer, audit_layer
from recouvrement.report.findings import audit_findings
from recouvrement.report.letters import render_letters
from recouvrement.report.sections import audit as sections
from recouvrement.report.tables.dunning import ON_DEBTOR, after_settlement_table

AS_OF = "2026-10-31"
ODD = "X"
CHECK_KIND = (
    "À vérifier avant envoi : le type du débiteur (professionnel ou particulier) n'est pas "
    "renseigné dans la table des débiteurs ; aucune pénalité de retard ni indemnité "
    "forfaitaire n'est mentionnée dans ce projet."
)
PLACEHOLDER = ""  # letters carry no placeholder (issue 12): the checklist lists the name
MISSING_REASON = (
    "débiteur absent de la table des débiteurs : type non renseigné, pénalités non calculées"
)

CASES = [
    HostileCase(
        "registered-letter-after-payment",
        "lettre recommandée (LRAR) enregistrée dix jours après le règlement complet de la facture",
        "corrigée",
        "1 relance a été envoyée après le règlement de la facture (lettre recommandée) : "
        "vérifier le lettrage avant chaque relance.",
    ),
    HostileCase(
        "reminder-after-credit-note",
        "relance par email enregistrée après l'avoir qui a soldé la facture",
        "corrigée",
        "1 relance a été envoyée après le règlement de la facture : vérifier le lettrage "
        "avant chaque relance.",
    ),
    HostileCase(
        "debtor-call-after-all-paid",
        "appel enregistré sur le débiteur (sans facture) après le règlement de toutes ses factures",
        "corrigée",
        "toutes (relance du débiteur)",
    ),
    HostileCase(
        "pre-due-notice-after-early-payment",
        "avis avant échéance envoyé après un règlement anticipé de la facture",
        "corrigée",
        "1 relance a été envoyée après le règlement de la facture : vérifier le lettrage "
        "avant chaque relance.",
    ),
    HostileCase(
        "action-on-the-settlement-day",
        "relance datée du jour même du règlement (le règlement et la relance se croisent)",
        "corrigée",
        "Aucune relance enregistrée après le règlement de sa facture.",
    ),
    HostileCase(
        "missing-debtor-default-kind",
        "facture d'un débiteur absent de la table des débiteurs, type par défaut "
        "« professionnel » configuré",
        "corrigée",
        "pénalités et indemnité forfaitaire réclamables",
    ),
    HostileCase(
        "missing-debtor-no-default-kind",
        "facture d'un débiteur absent de la table des débiteurs, sans type par défaut",
        "corrigée",
        MISSING_REASON,
    ),
    HostileCase(
        "empty-debtor-name",
        "débiteur à la raison sociale vide dans la table des débiteurs",
        "corrigée",
        PLACEHOLDER,
    ),
]


def clean(
    *extra_actions,
    odd: tuple | None = (ODD, "Xéna SAS", "professionnel", None),
    more_invoices=(),
    more_payments=(),
    **kw,
):
    """The clean ledger, with ``extra_actions`` logged and ``odd`` as X's row of the table."""
    rows = [
        ("A", "Alpha SAS", "professionnel", None),
        ("B", "Bêta SARL", "professionnel", None),
    ]
    return ledger(
        invoices(
            ("P1", "A", "2026-08-01", "2026-08-31", 1000.0),
            ("P2", "A", "2026-09-01", "2026-09-30", 500.0),
            ("Q1", "B", "2026-09-01", "2026-10-01", 800.0),
            ("Q2", "B", "2026-09-15", "2026-10-15", 300.0),
            ("X1", ODD, "2026-09-01", "2026-09-30", 700.0),
            *more_invoices,
        ),
        payments(("P1", "2026-09-15", 1000.0), ("Q2", "2026-10-20", 300.0), *more_payments),
        credit_notes=credit_notes(("Q1", "2026-10-10", 800.0)),
        debtors=debtors(*rows, *([odd] if odd else [])),
        actions=actions(
            ("A", "P1", "2026-09-05", 1, "email"),
            ("B", "Q1", "2026-10-06", 1, "email"),
            *extra_actions,
        ),
        **kw,
    )


def report_of(layer: AuditLayer) -> SimpleNamespace:
    """What the report's audit sections read of a report: its audit layer and names."""
    return SimpleNamespace(audit=layer, names={"A": "Alpha SAS", "B": "Bêta SARL"})


def layer_of(led) -> AuditLayer:
    return audit_layer(snap(led, AS_OF))


def _facts(letter) -> list:
    """Every field of a letter but its invoices (a frame, compared apart)."""
    return [getattr(letter, f.name) for f in dataclasses.fields(letter) if f.name != "invoices"]


def changed(base: AuditLayer, other: AuditLayer) -> set[str]:
    """The parts of two audit layers that differ (frames, letters, every other field)."""
    out = set()
    for f in dataclasses.fields(AuditLayer):
        x, y = getattr(base, f.name), getattr(other, f.name)
        if f.name == "letters":
            same = len(x) == len(y) and all(
                _facts(a) == _facts(b) and a.invoices.equals(b.invoices)
                for a, b in zip(x, y, strict=True)
            )
        elif isinstance(x, pd.DataFrame | pd.Series):
            same = x.equals(y)
        elif hasattr(x, "table"):  # Coverage
            same = x.table().equals(y.table())
        elif hasattr(x, "summary"):  # Adherence
            same = x.invoices.equals(y.invoices) and x.summary.equals(y.summary)
        elif hasattr(x, "matches"):  # CashMatches
            same = x.matches.equals(y.matches) and x.left.equals(y.left)
        elif hasattr(x, "excluded"):  # NextActions
            same = x.actions.equals(y.actions) and x.excluded.equals(y.excluded)
        else:
            same = x == y
        if not same:
            out.add(f.name)
    return out


def found_of(layer: AuditLayer) -> list[str]:
    return audit_findings(layer, {"A": "Alpha SAS", "B": "Bêta SARL"})[0][1]


def reminders_only(base: AuditLayer, hostile: AuditLayer, debtor: str, level: int) -> None:
    """An action logged (even wrongly) is one more action of its level, not of its debtor.

    Effectiveness counts it at its level with nothing outstanding (amounts unchanged);
    the risk score does not count it among the debtor's reminders (dunning what was
    paid is the creditor's error, :func:`recouvrement.scoring.risk_scores`); nothing
    else moves.
    """
    e0, e1 = base.effectiveness.set_index("level"), hostile.effectiveness.set_index("level")
    assert e1.loc[level, "n_actions"] == e0["n_actions"].get(level, 0) + 1
    assert e1["amount"].sum() == e0["amount"].sum() and e1["paid"].sum() == e0["paid"].sum()
    assert hostile.scores.equals(base.scores)
    assert debtor in set(hostile.scores["debtor_id"])


def case(case_id: str) -> HostileCase:
    return next(c for c in CASES if c.id == case_id)


@pytest.mark.parametrize(
    ("case_id", "action", "row"),
    [
        (
            "registered-letter-after-payment",
            ("A", "P1", "2026-09-25", 3, "LRAR"),
            ("P1", "A", "25/09/2026", 3, "LRAR", True, "15/09/2026", 10),
        ),
        (
            "reminder-after-credit-note",
            ("B", "Q1", "2026-10-13", 1, "email"),
            ("Q1", "B", "13/10/2026", 1, "email", False, "10/10/2026", 3),
        ),
    ],
    ids=["registered-letter-after-payment", "reminder-after-credit-note"],
)
def test_action_after_settlement_is_found(case_id, action, row):
    """P1 paid in full on 15/09, LRAR on 25/09: 10 days after; Q1 credited on 10/10, email 13/10.

    Both actions are old enough for the effectiveness window (up to 16/10) and in the
    scoring period: one more action of their level and debtor (:func:`reminders_only`).
    """
    base, hostile = layer_of(clean()), layer_of(clean(action))
    level = action[3]
    got = hostile.after_settlement
    assert [
        (i, d, t.strftime("%d/%m/%Y"), lvl, ch, reg, s.strftime("%d/%m/%Y"), n)
        for i, d, t, lvl, ch, reg, s, n in got.itertuples(index=False, name=None)
    ] == [row]
    assert case(case_id).message in found_of(hostile)
    shown = " ".join(str(block) for block in sections.dunning_detail(report_of(hostile)))
    assert "Relances enregistrées après le règlement de la facture (1\u00a0relance au total)" in shown
    assert base.after_settlement.empty and not any("règlement" in s for s in found_of(base))
    assert changed(base, hostile) == {"after_settlement", "effectiveness"}
    reminders_only(base, hostile, action[0], level)


def test_debtor_call_after_all_invoices_paid():
    """B's invoices: Q1 settled 10/10 (credit note), Q2 paid 20/10; a call on B on 22/10.

    After settlement by 2 days (the latest settlement of B's invoices, 20/10). Too recent
    for the effectiveness window (up to 16/10); not a reminder of B for its score (after
    settlement); and the call counts for Q2 (due 15/10 ≤ 22/10), so the paid Q2 joins the procedures to
    close in the next actions (« payée » : clore la procédure).
    """
    base = layer_of(clean())
    hostile = layer_of(clean(("B", None, "2026-10-22", 2, "téléphone")))
    got = hostile.after_settlement
    assert len(got) == 1 and pd.isna(got["invoice_id"].iloc[0])
    assert got[["debtor_id", "date", "settled_date", "days_after"]].iloc[0].tolist() == [
        "B",
        pd.Timestamp("2026-10-22"),
        pd.Timestamp("2026-10-20"),
        2,
    ]
    shown = after_settlement_table(got, {"B": "Bêta SARL"})
    assert shown.iloc[0, :2].tolist() == [case("debtor-call-after-all-paid").message, "Bêta SARL"]
    assert ON_DEBTOR == case("debtor-call-after-all-paid").message
    assert (
        "1 relance a été envoyée après le règlement de la facture : vérifier le lettrage "
        "avant chaque relance."
    ) in found_of(hostile)
    assert changed(base, hostile) == {"after_settlement", "next_actions"}
    only_q2_closed(base, hostile)
    assert hostile.scores.equals(base.scores)  # not a reminder B needed


def test_debtor_call_while_an_invoice_is_open_is_no_finding():
    """A call on B on 18/10: Q1 was settled (10/10) but Q2 still open (paid 20/10)."""
    hostile = layer_of(clean(("B", None, "2026-10-18", 2, "téléphone")))
    assert hostile.after_settlement.empty


def only_q2_closed(base: AuditLayer, hostile: AuditLayer) -> None:
    """The next actions differ by Q2 only, listed as paid: close the procedure."""
    assert base.next_actions.actions.equals(hostile.next_actions.actions)
    x0, x1 = base.next_actions.excluded, hostile.next_actions.excluded
    assert x1[x1["invoice_id"] != "Q2"].reset_index(drop=True).equals(x0)
    assert x1.loc[x1["invoice_id"] == "Q2", ["reason", "residual"]].to_numpy().tolist() == [
        ["payée", 0.0]
    ]
    s0, s1 = base.scores.set_index("debtor_id"), hostile.scores.set_index("debtor_id")
    assert s1.drop(index="B").equals(s0.drop(index="B"))


def test_pre_due_notice_after_an_early_payment():
    """R1 of A, 200 € due 31/10, paid early on 12/10; a pre-due notice (level 0) on 20/10.

    Before the due date but after the payment: dunned what was paid, 8 days after. The
    notice does not count as a reminder of R1 (before its due date) nor in A's score
    (after settlement), so only the finding changes.
    """
    more = {
        "more_invoices": [("R1", "A", "2026-10-01", "2026-10-31", 200.0)],
        "more_payments": [("R1", "2026-10-12", 200.0)],
    }
    base = layer_of(clean(**more))
    hostile = layer_of(clean(("A", "R1", "2026-10-20", 0, "email"), **more))
    got = hostile.after_settlement
    assert got[["invoice_id", "level", "days_after"]].to_numpy().tolist() == [["R1", 0, 8]]
    assert case("pre-due-notice-after-early-payment").message in found_of(hostile)
    assert changed(base, hostile) == {"after_settlement"}
    # the same notice on an invoice still open is no finding
    open_r1 = clean(("A", "R1", "2026-10-20", 0, "email"), more_invoices=more["more_invoices"])
    assert layer_of(open_r1).after_settlement.empty


def test_action_on_the_settlement_day_is_not_after_it():
    """Q2 paid on 20/10; a reminder dated 20/10 crossed the payment: no finding.

    The reminder is logged all the same: it counts for Q2 (dunned, then paid: the
    procedure to close) and for B's score, as any reminder.
    """
    base = layer_of(clean())
    hostile = layer_of(clean(("B", "Q2", "2026-10-20", 1, "email")))
    assert hostile.after_settlement.empty
    assert not any("après le règlement" in s for s in found_of(hostile))
    assert changed(base, hostile) == {"scores", "next_actions"}
    only_q2_closed(base, hostile)
    s0, s1 = base.scores.set_index("debtor_id"), hostile.scores.set_index("debtor_id")
    assert s1.loc["B", "reminders"] > s0.loc["B", "reminders"]  # counted, as any reminder
    shown = " ".join(str(block) for block in sections.dunning_detail(report_of(hostile)))
    assert case("action-on-the-settlement-day").message in shown


def _letter_of(layer: AuditLayer, debtor: str):
    return next(lt for lt in layer.letters if lt.debtor_id == debtor)


def _text(letter) -> str:
    html = render_letters([letter])
    return " ".join(
        pd.Series([html]).str.replace(r"<[^>]+>", " ", regex=True).iloc[0].split()
    ).replace("\u00a0", " ")


def test_missing_debtor_with_a_default_kind_gets_what_that_kind_gets():
    """X absent from the table, default kind professional = X listed as professional, unnamed.

    X1 700 € due 30/09, 31 days late on 31/10 at 12,15 % (S2 2026, provisional):
    700 × 0,1215 × 31 / 365 = 7,2234 -> 7,22 € + 40 € indemnity.
    """
    listed = layer_of(clean(odd=(ODD, None, "professionnel", None)))
    hostile = layer_of(clean(odd=None, default_kind="professionnel"))
    assert changed(listed, hostile) == set()
    row = hostile.interest.set_index("invoice_id").loc["X1"]
    assert (row["kind"], row["interest"], row["indemnity"], row["claimable"]) == (
        "professionnel",
        7.22,
        40.0,
        True,
    )
    assert row["reason"].startswith(case("missing-debtor-default-kind").message)
    letter = _letter_of(hostile, ODD)
    assert letter.professional and letter.kind_known and letter.debtor_name == PLACEHOLDER
    assert "7,22 €" in _text(letter) and CHECK_KIND not in _text(letter)


def test_missing_debtor_without_default_kind_says_so():
    """X absent, no default kind: what an X of empty kind gets, and the reason says it is absent."""
    unknown = layer_of(clean(odd=(ODD, None, None, None)))
    hostile = layer_of(clean(odd=None))
    assert changed(unknown, hostile) == {"interest"}
    row = hostile.interest.set_index("invoice_id").loc["X1"]
    assert row["reason"] == case("missing-debtor-no-default-kind").message
    assert np.isnan(row["interest"]) and np.isnan(row["indemnity"]) and not row["claimable"]
    assert_frame_equal(
        hostile.interest.drop(columns="reason"), unknown.interest.drop(columns="reason")
    )
    assert (
        unknown.interest.set_index("invoice_id")
        .loc["X1", "reason"]
        .startswith("type de débiteur non renseigné")
    )
    letter = _letter_of(hostile, ODD)
    text = _text(letter)
    assert letter.debtor_name == PLACEHOLDER and not letter.professional
    assert not letter.kind_known  # the kind to check goes to the checklist, not the letter
    assert "Réf. client : X" in text
    assert "L.441-10" not in text and "Indemnité" not in text
    # the legal part of the layer keeps its figures: X owes nothing claimable
    assert hostile.totals.equals(unknown.totals)


@pytest.mark.parametrize("name", ["", "   "], ids=["empty", "blank"])
def test_empty_debtor_name_gets_a_placeholder(name):
    """X listed with an empty name = X listed without one: the letter says what to fill in."""
    unnamed = layer_of(clean(odd=(ODD, None, "professionnel", None)))
    hostile = layer_of(clean(odd=(ODD, name, "professionnel", None)))
    assert changed(unnamed, hostile) == set()
    letter = _letter_of(hostile, ODD)
    assert letter.debtor_name == ""  # no placeholder in a letter: the checklist lists it
    assert "Réf. client : X" in _text(letter) and "X1" in _text(letter)
    named = _letter_of(layer_of(clean()), ODD)
    assert named.debtor_name == "Xéna SAS"
