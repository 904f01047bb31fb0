"""The audit layer (dunning, legal, scoring, letters together) and its written findings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import actions, debtors, invoices, ledger, payments

import recouvrement as rc
from recouvrement.aging import snapshot
from recouvrement.audit import audit_layer
from recouvrement.ledger import Ledger
from recouvrement.report import findings as rf
from recouvrement.report.tables import abc_segments, risk_classes

AS_OF = "2026-10-31"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _ledger(with_actions: bool = True) -> Ledger:
    invoices = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2"],
            "debtor_id": ["A", "B"],
            "issue_date": pd.to_datetime(["2026-09-01", "2026-09-10"]),
            "due_date": pd.to_datetime(["2026-09-30", "2026-10-10"]),
            "amount": [1000.0, 500.0],
        }
    )
    payments = pd.DataFrame(
        {"invoice_id": ["F0"], "date": pd.to_datetime(["2026-01-01"]), "amount": [0.0]}
    )
    payments = payments.iloc[:0]
    debtors = pd.DataFrame(
        {"debtor_id": ["A", "B"], "name": ["Alpha SAS", "Bêta SARL"], "kind": ["professionnel"] * 2}
    )
    tables = {"debtors": debtors}
    if with_actions:
        tables["actions"] = pd.DataFrame(
            {
                "debtor_id": ["A"],
                "invoice_id": ["F1"],
                "date": pd.to_datetime(["2026-10-06"]),
                "channel": ["email"],
                "level": [1],
            }
        )
    return Ledger(invoices, payments, **tables)


def test_written_findings_of_a_small_ledger_by_hand():
    ledger = _ledger()
    layer = audit_layer(snapshot(ledger, AS_OF))
    found, actions = rf.audit_findings(layer, {"A": "Alpha SAS", "B": "Bêta SARL"})
    assert found[0] == "Relances, droits du créancier et risques"
    sentences = found[1]
    # F1 dunned (level 1 on 06/10), F2 never: 1 of 2 overdue invoices, 500 €
    assert sentences[0] == (
        "50,0\u00a0% des factures échues à relancer (1 sur 2, 500,00\u00a0€) n'ont fait l'objet "
        "d'aucune relance au 31/10/2026."
    )
    # standard calendar: F1 expects level 2 since 15/10 and has level 1 → behind; F2 has
    # no reminder at all (its own status, counted in the sentence above)
    assert sentences[1] == (
        "1 facture échue (1\u00a0000,00\u00a0€) est en retard sur le calendrier de relance "
        "« standard » : le niveau attendu n'a pas été atteint."
    )
    # next step above the level reached, never skipping one: level 2 for A, level 1 for B
    assert sentences[2] == (
        "2 procédures de relance sont à engager d'ici au 30/11/2026 (2 déjà en retard), pour "
        "1\u00a0500,00\u00a0€ ; 2 projets de lettres sont joints au rapport."
    )
    # penalties, S2 2026 at the last known ECB rate 2,15 % + 10 = 12,15 % (provisional):
    # F1 1 000 × 12,15 % × 31 / 365 = 10,3192 → 10,32 ; F2 500 × 12,15 % × 21 / 365 = 3,4952 → 3,50
    # + 2 × 40 € indemnities = 93,82 €
    assert sentences[3] == (
        "93,82\u00a0€ de pénalités de retard et d'indemnités forfaitaires sont réclamables "
        "(13,82\u00a0€ de pénalités, 80,00\u00a0€ d'indemnités, 2 débiteurs professionnels) ; "
        "aucune facturation de pénalités ne figure dans les données."
    )
    assert sentences[4].startswith("Montant provisoire : taux BCE au 01/07/2026 absent de la table")
    assert (
        actions[1][0]
        == "Engager les 2 relances du calendrier (projets de lettres joints), en commençant par les 2 en retard."
    )
    assert actions[1][1] == (
        "Facturer les pénalités et indemnités réclamables aux débiteurs professionnels, en "
        "priorité Alpha SAS et Bêta SARL."
    )
    # the letters: one per debtor, the level of its procedure, penalties stated
    assert [(lt.debtor_id, lt.level) for lt in layer.letters] == [("A", 2), ("B", 1)]
    assert layer.letters[0].total == 1050.32  # 1 000 + 10,32 + 40
    assert layer.letters[0].previous == [(pd.Timestamp("2026-10-06"), 1)]


def test_without_dunning_log_the_parts_say_why():
    """No dunning log is not no plan: every overdue invoice starts at the first level of
    its calendar (both debtors at level 1, one letter each); what cannot be measured
    without the log says why."""
    layer = audit_layer(snapshot(_ledger(with_actions=False), AS_OF))
    assert layer.coverage is None
    assert layer.next_actions.actions[["debtor_id", "level"]].to_numpy().tolist() == [
        ["A", 1],
        ["B", 1],
    ]
    assert [(lt.debtor_id, lt.level) for lt in layer.letters] == [("A", 1), ("B", 1)]
    assert layer.reason("dunning").startswith("non disponible : pas de journal des relances")
    found = rf.audit_findings(layer)[0][1]
    assert found[0].startswith(
        "Audit des relances non disponible : pas de journal des relances (table des actions) "
        "dans les données ; le plan d'action part du premier niveau du calendrier"
    )
    assert layer.totals["total_claimable"] == 93.82  # the legal part does not need the log


def test_sample_layer_is_consistent():
    ledger = rc.read_ledger(SAMPLES / "conseil-horizon")
    layer = audit_layer(snapshot(ledger, AS_OF))
    acts = layer.next_actions.actions
    lettered = acts[(acts["level"] >= 1) & (acts["level"] < 5)]
    assert [lt.debtor_id for lt in layer.letters] == lettered["debtor_id"].tolist()
    excluded = set(layer.next_actions.excluded["invoice_id"])
    for letter in layer.letters:
        assert not excluded & set(letter.invoices["invoice_id"])
        assert (letter.invoices["residual"] > 0).all()
        # a letter claims only what is overdue on its date, and is never dated before as_of
        assert (letter.invoices["due_date"] < letter.date).all()
        assert letter.date >= pd.Timestamp(AS_OF) and letter.amounts_at == pd.Timestamp(AS_OF)
    assert layer.totals["interest"] == pytest.approx(layer.interest["interest"].sum(), abs=0.01)
    classes = risk_classes(layer.scores)
    assert classes["Débiteurs"].sum() == len(layer.scores)
    assert classes["Encours"].sum() == pytest.approx(layer.scores["encours"].sum(), abs=0.01)
    assert abc_segments(layer.scores)["Part de l'encours"].sum() == pytest.approx(100)


def _paid_then_dunned(*dunned: tuple[str, int, str]):
    """K1 (Alpha SAS, 1 000 € due 30/09/2026) paid in full on 05/10, then ``dunned``.

    Each action ``(date, level, channel)`` is dated after 05/10: each one is a finding.
    """
    return ledger(
        invoices(("K1", "A", "2026-09-01", "2026-09-30", 1000.0)),
        payments(("K1", "2026-10-05", 1000.0)),
        debtors=debtors(("A", "Alpha SAS", "professionnel", None)),
        actions=actions(*[("A", "K1", d, lvl, ch) for d, lvl, ch in dunned]),
    )


@pytest.mark.parametrize(
    ("dunned", "sentence"),
    [
        (
            [("2026-10-10", 1, "email")],
            "1 relance a été envoyée après le règlement de la facture : vérifier le lettrage "
            "avant chaque relance.",
        ),
        (
            [("2026-10-10", 3, "LRAR")],
            "1 relance a été envoyée après le règlement de la facture (lettre recommandée) : "
            "vérifier le lettrage avant chaque relance.",
        ),
        (
            [("2026-10-10", 1, "email"), ("2026-10-15", 2, "courrier"), ("2026-10-20", 3, "LRAR")],
            "3 relances ont été envoyées après le règlement de la facture (dont 1 lettre "
            "recommandée) : vérifier le lettrage avant chaque relance.",
        ),
        (
            [("2026-10-10", 1, "email"), ("2026-10-15", 3, "LRAR"), ("2026-10-20", 3, "LRAR")],
            "3 relances ont été envoyées après le règlement de la facture (dont 2 lettres "
            "recommandées) : vérifier le lettrage avant chaque relance.",
        ),
        (
            [("2026-10-15", 3, "LRAR"), ("2026-10-20", 3, "LRAR")],
            "2 relances ont été envoyées après le règlement de la facture (toutes des lettres "
            "recommandées) : vérifier le lettrage avant chaque relance.",
        ),
    ],
    ids=[
        "one-email",
        "one-registered",
        "three-one-registered",
        "three-two-registered",
        "all-registered",
    ],
)
def test_actions_after_settlement_are_a_written_finding(dunned, sentence):
    layer = audit_layer(snapshot(_paid_then_dunned(*dunned), AS_OF))
    assert len(layer.after_settlement) == len(dunned)
    (_, found), (_, actions) = rf.audit_findings(layer, {"A": "Alpha SAS"})
    assert sentence in found
    assert (
        "Rapprocher les règlements reçus (lettrage) avant toute relance, en commençant par les "
        "débiteurs relancés après règlement : Alpha SAS."
    ) in actions


def test_actions_after_settlement_in_english():
    layer = audit_layer(
        snapshot(_paid_then_dunned(("2026-10-10", 1, "email"), ("2026-10-20", 3, "LRAR")), AS_OF)
    )
    (_, found), (_, actions) = rf.audit_findings(layer, {"A": "Alpha SAS"}, language="en")
    assert (
        "2 reminders were sent after their invoice was settled (of which 1 registered letter): "
        "check the matching of payments before every reminder."
    ) in found
    assert (
        "Match the payments received before any reminder, starting with the debtors dunned "
        "after payment: Alpha SAS."
    ) in actions


def test_no_action_after_settlement_no_finding():
    layer = audit_layer(snapshot(_ledger(), AS_OF))
    assert layer.after_settlement.empty
    found, actions = rf.audit_findings(layer)
    assert not any("après le règlement" in s for s in found[1] + actions[1])
    assert audit_layer(snapshot(_ledger(with_actions=False), AS_OF)).after_settlement is None
