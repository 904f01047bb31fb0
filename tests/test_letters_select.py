"""Which letters a ledger gets (``letters_for``): kinds, invoices, history, debtors, samples.

Hand-built ledgers (``tests/builders.py``) audited on Saturday 31/10/2026: a letter due
by then is dated Monday 02/11/2026 (Sunday 01/11 is Toussaint). The standard calendar:
level 1 by email at J+5, level 2 by letter at J+15, level 3 by registered letter (LRAR)
at J+30.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import actions, debtors, invoices, ledger, snap

import recouvrement as rc
from recouvrement import dunning, legal
from recouvrement.audit import audit_layer
from recouvrement.dunning import letters as lt
from recouvrement.dunning.next_actions import ACTION_COLUMNS

AS_OF = "2026-10-31"
CREDITOR = {
    "name": "Atelier Test SARL",
    "legal_form": "SARL",
    "capital": "10 000 €",
    "rcs": "RCS Lyon",
    "siren": "999 000 111",
    "address": "1 rue Test, 69001 Lyon",
    "iban": "FR76 0000",
    "bic": "TESTFRPP",
}
META = {
    "creditor": CREDITOR,
    "dunning": {"letters": {"nature": "travaux", "contact": "x@y.fr", "signatory": "A. B."}},
}


def _ledger(inv, *, kinds=None, civility=None, insolvency=None, log=(), meta=META):
    """Debtor ``A`` (``Alpha SAS`` by default professional) with invoices ``inv``."""
    ids = sorted({row[1] for row in inv})
    deb = debtors(
        *[
            (d, f"{d}lpha SAS", (kinds or {}).get(d, "professionnel"), (insolvency or {}).get(d))
            for d in ids
        ]
    )
    deb["civility"] = [(civility or {}).get(d) for d in ids]
    return ledger(invoices(*inv), debtors=deb, actions=actions(*log), meta=meta)


def _plan(*rows):
    """Next-actions rows ``(debtor, level, channel, action_date, invoices, levels)``."""
    out = pd.DataFrame(
        [
            {
                "debtor_id": d,
                "name": f"{d}lpha SAS",
                "level": lvl,
                "channel": ch,
                "label": "",
                "action_date": pd.Timestamp(when),
                "status": "en retard",
                "days_overdue": 0,
                "invoices": list(ids),
                "levels": list(levels),
                "n_invoices": len(ids),
                "amount": 0.0,
                "calendar": "standard",
            }
            for d, lvl, ch, when, ids, levels in rows
        ]
    )
    return out[ACTION_COLUMNS]


def _letters(led, plan=None, interest=None):
    s = snap(led, AS_OF)
    if plan is None:
        plan = dunning.next_actions(s).actions
    if interest is None:
        interest = legal.late_payment_interest(s)
    return lt.letters_for(s, plan, interest)


def test_a_level_3_lrar_step_gives_a_mise_en_demeure():
    """The standard calendar's level 3 is a registered letter: a mise en demeure (art. 1344
    code civil), headed "Lettre recommandée avec accusé de réception", recalling the two
    reminders the log shows (art. 1353 code civil: what is claimed is proved).

    F1 1 000 € due 01/09/2026; reminded 06/09 (email, level 1) and 16/09 (letter, level 2):
    level 3 due 01/10, late; the letter is dated 02/11/2026.
    """
    led = _ledger(
        [("F1", "A", "2026-08-02", "2026-09-01", 1000.0)],
        log=[("A", "F1", "2026-09-06", 1, "email"), ("A", "F1", "2026-09-16", 2, "courrier")],
    )
    (letter,) = _letters(led)
    assert (letter.kind, letter.level, letter.channel, letter.registered) == (
        "mise_en_demeure",
        3,
        "LRAR",
        True,
    )
    assert letter.blocks[0].lines == ("Lettre recommandée avec accusé de réception",)
    assert f"{letter.date:%d/%m/%Y}" == "02/11/2026"
    assert (
        "Par nos relances du 06/09/2026 (première relance, par courriel) et du 16/09/2026 "
        "(deuxième relance, par courrier), nous vous avons rappelé l'échéance de cette facture."
    ) in letter.paragraphs
    assert letter.previous == [(pd.Timestamp("2026-09-06"), 1), (pd.Timestamp("2026-09-16"), 2)]


def test_a_mise_en_demeure_claims_only_the_invoices_at_the_registered_step():
    """A mise en demeure (art. 1344 code civil) puts on notice only the invoices whose own
    level reached the registered step: F2 (level 1 due) waits for its own step."""
    led = _ledger(
        [
            ("F1", "A", "2026-08-02", "2026-09-01", 1000.0),
            ("F2", "A", "2026-09-20", "2026-10-20", 300.0),
        ]
    )
    plan = _plan(("A", 3, "LRAR", "2026-10-01", ["F1", "F2"], [3, 1]))
    (letter,) = _letters(led, plan)
    assert letter.invoices["invoice_id"].tolist() == ["F1"] and letter.principal == 1000.0
    reminder = _plan(("A", 2, "courrier", "2026-10-01", ["F1", "F2"], [2, 1]))
    assert _letters(led, reminder)[0].invoices["invoice_id"].tolist() == ["F1", "F2"]


def test_no_invoice_that_is_not_overdue_at_the_letter_date():
    """An invoice is overdue the day after its due date (art. L.441-10 II code de
    commerce: penalties run from the day after it): a letter dated Thursday 05/11/2026
    claims F1 (due 04/11), never F2 (due 05/11, the very day) nor F3 (due 20/11)."""
    led = _ledger(
        [
            ("F1", "A", "2026-10-05", "2026-11-04", 100.0),
            ("F2", "A", "2026-10-06", "2026-11-05", 200.0),
            ("F3", "A", "2026-10-21", "2026-11-20", 400.0),
        ]
    )
    plan = _plan(("A", 1, "email", "2026-11-05", ["F1", "F2", "F3"], [1, 1, 1]))
    (letter,) = _letters(led, plan)
    assert f"{letter.date:%d/%m/%Y}" == "05/11/2026"
    assert letter.invoices["invoice_id"].tolist() == ["F1"]
    assert (letter.invoices["due_date"] < letter.date).all()


def test_history_cites_only_logged_actions_after_the_due_date_and_before_the_letter():
    """What a letter says was sent is what the log shows (art. 1353 code civil), on the
    letter's invoices or on the debtor, dated after a due date and before the letter.

    F1 due 01/09: a notice of 27/08 (before the due date) is not cited; 06/09 on F1
    (level 1, email) and 10/09 on the debtor (level 1, SMS) are; an action of 05/11
    (after the audit date and the letter of 02/11) is not. F2 (another invoice, not in
    the letter) is never cited.
    """
    led = _ledger(
        [
            ("F1", "A", "2026-08-02", "2026-09-01", 1000.0),
            ("F2", "A", "2026-06-01", "2026-07-01", 50.0),
        ],
        log=[
            ("A", "F1", "2026-08-27", 0, "email"),
            ("A", "F1", "2026-09-06", 1, "email"),
            ("A", None, "2026-09-10", 1, "sms"),
            ("A", "F2", "2026-07-20", 2, "courrier"),
            ("A", "F1", "2026-11-05", 2, "courrier"),
        ],
    )
    plan = _plan(("A", 2, "courrier", "2026-09-16", ["F1"], [2]))
    (letter,) = _letters(led, plan)
    assert [(f"{h.date:%d/%m}", h.level, h.channels) for h in letter.history] == [
        ("06/09", 1, ("email",)),
        ("10/09", 1, ("sms",)),
    ]
    assert (
        "Par nos relances du 06/09/2026 (première relance, par courriel) et du 10/09/2026 "
        "(première relance, par SMS), nous vous avons rappelé l'échéance de cette facture."
    ) in letter.paragraphs
    silent = _ledger([("F1", "A", "2026-08-02", "2026-09-01", 1000.0)])
    (alone,) = _letters(silent, plan)
    assert alone.history == () and not any("Par no" in p for p in alone.paragraphs)


def test_an_insolvent_debtor_gets_no_letter():
    """After the judgment opening insolvency proceedings, no individual action nor payment
    of an earlier claim (art. L.622-21 and L.622-7 code de commerce): the claim is declared
    to the administrator (art. L.622-24). A judgment of 01/11/2026, after the audit but on
    or before the letter's date (02/11), stops the letter; one of 03/11 does not."""
    inv = [("F1", "A", "2026-08-02", "2026-09-01", 1000.0)]
    plan = _plan(("A", 1, "email", "2026-09-06", ["F1"], [1]))
    assert _letters(_ledger(inv, insolvency={"A": "2026-11-01"}), plan) == []
    assert _letters(_ledger(inv, insolvency={"A": "2026-11-02"}), plan) == []
    assert len(_letters(_ledger(inv, insolvency={"A": "2026-11-03"}), plan)) == 1


def test_an_individual_letters_carry_no_penalty_nor_indemnity():
    """An individual owes neither the penalties of art. L.441-10 nor the 40 € of D.441-5
    code de commerce; its mise en demeure makes legal interest run from its receipt (art.
    1231-6 code civil). Greeted by its civility: "Madame,"."""
    inv = [("F1", "A", "2026-08-02", "2026-09-01", 1000.0)]
    led = _ledger(inv, kinds={"A": "particulier"}, civility={"A": "Mme"})
    for level, channel in [(1, "email"), (2, "courrier"), (3, "LRAR")]:
        (letter,) = _letters(led, _plan(("A", level, channel, "2026-10-01", ["F1"], [level])))
        text = " ".join(letter.paragraphs + letter.cells)
        assert (letter.penalties, letter.indemnities, letter.total) == (0.0, 0.0, 1000.0)
        assert "L.441-10" not in text and "ndemnité" not in text and "énalités" not in text
        assert "Madame," in letter.paragraphs
    assert "art. 1231-6 et 1344-1 du code civil" in text  # the last: the mise en demeure


def test_a_public_buyer_letters_carry_r2192_31_and_d2192_35():
    """A public buyer owes moratory interest at the ECB rate of the half-year it started
    + 8 points (art. R.2192-31 code de la commande publique) and 40 € per invoice (art.
    D.2192-35). Interest rows built by hand: 1 000 € at 10,15 % for 60 days
    (1 000 × 10,15 % × 60 / 365 = 16,68 €) + 40 € = 1 056,68 €.
    """
    led = _ledger([("F1", "A", "2026-08-02", "2026-09-01", 1000.0)], kinds={"A": "public"})
    rows = pd.DataFrame(
        {
            "invoice_id": ["F1"],
            "interest": [16.68],
            "indemnity": [40.0],
            "rate": [10.15],
            "claimable": [True],
            "policy": ["réclamer"],
            "claimed": [True],
            "basis": ["art. R.2192-31 CCP"],
        }
    )
    (letter,) = _letters(led, _plan(("A", 3, "LRAR", "2026-10-01", ["F1"], [3])), rows)
    text = " ".join(letter.paragraphs)
    assert letter.total == 1056.68
    assert (
        "intérêts moratoires au taux annuel de 10,15\u00a0% (art. R.2192-31 du code de la commande publique)"
        in text
    )
    assert "(art. D.2192-35 du code de la commande publique)" in text
    waived = rows.assign(policy=["renoncer"], claimed=[False])
    (free,) = _letters(led, _plan(("A", 3, "LRAR", "2026-10-01", ["F1"], [3])), waived)
    assert free.total == 1000.0 and "R.2192-31" not in " ".join(free.paragraphs)


def test_unknown_kind_gets_a_plain_letter_and_a_checklist_line():
    """A debtor of unknown kind: no penalty (art. L.441-10 code de commerce) nor indemnity
    in its letter; the checklist says to fill in its kind."""
    led = _ledger([("F1", "A", "2026-08-02", "2026-09-01", 1000.0)], kinds={"A": None})
    (letter,) = _letters(led, _plan(("A", 2, "courrier", "2026-10-01", ["F1"], [2])))
    assert letter.total == 1000.0 and not letter.kind_known
    assert [r.debtors for r in lt.checklist([letter]) if r.item.startswith("Type du")] == [("A",)]


def test_missing_creditor_mentions_make_drafts():
    """Art. R.123-237 code de commerce: without a creditor: section, every letter of the
    company is a draft and the checklist lists each mention once."""
    led = _ledger([("F1", "A", "2026-08-02", "2026-09-01", 1000.0)], meta={})
    (letter,) = _letters(led, _plan(("A", 2, "courrier", "2026-10-01", ["F1"], [2])))
    assert letter.draft and letter.blocks[0].kind == "banner"
    items = [r.item for r in lt.checklist([letter])]
    assert len(items) == len(set(items)) and "Numéro SIREN (creditor: siren)" in items


@pytest.fixture(scope="module")
def sample_letters():
    """Every sample company's ledger and audit layer on 31/10/2026."""
    root = Path(__file__).resolve().parents[1] / "data" / "samples"
    out = {}
    for folder in sorted(p for p in root.iterdir() if (p / "recouvrement.yml").is_file()):
        led = rc.read_ledger(folder)
        out[folder.name] = (led, audit_layer(rc.snapshot(led, AS_OF)))
    return out


def test_every_registered_step_of_the_samples_is_a_mise_en_demeure(sample_letters):
    """The samples use the standard calendar (level 3 = LRAR): every level-3 letter is a
    mise en demeure (art. 1344 code civil) headed "Lettre recommandée avec accusé de
    réception", and the plan announces one ("Mise en demeure (lettre recommandée...)")."""
    seen = 0
    for company, (_, layer) in sample_letters.items():
        plan = layer.next_actions.actions.set_index("debtor_id")
        for letter in layer.letters:
            step = plan.loc[letter.debtor_id]
            assert letter.registered == lt.letter_kind(int(step["level"]), step["channel"])[
                0
            ].startswith("mise"), company
            if letter.level == 3 and step["channel"] == "LRAR":
                seen += 1
                assert letter.kind == "mise_en_demeure", (company, letter.debtor_id)
                assert letter.blocks[0].lines == ("Lettre recommandée avec accusé de réception",)
                assert step["label"].startswith("Mise en demeure")
            # never a letter claiming an invoice not overdue at its date, nor a placeholder
            assert (letter.invoices["due_date"] < letter.date).all()
            assert not any("[à compléter" in p for p in letter.paragraphs + letter.cells)
            assert not letter.draft  # the samples configure every mention
    assert seen > 10
