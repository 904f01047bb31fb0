"""Reminder letter drafts: every mandatory element of DOMAIN.md, escaping, refusals."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from recouvrement.dunning import letters as lt
from recouvrement.report.letters import render_letters

XSS = "<script>alert(1)</script>"


@pytest.fixture
def invoices() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "invoice_id": ["F-2026-002", "F-2026-001"],
            "issue_date": pd.to_datetime(["2026-09-01", "2026-08-01"]),
            "due_date": pd.to_datetime(["2026-09-30", "2026-08-31"]),
            "amount": [300.0, 1200.0],
            "residual": [150.0, 1200.0],
            "interest": [1.2, 20.5],
            "indemnity": [40.0, 40.0],
        }
    )


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def _draft(invoices, level, **kw):
    kw.setdefault("creditor", "Conseil Horizon SARL")
    kw.setdefault("penalty_rate", 12.15)
    kw.setdefault(
        "settings",
        {
            "nature": "prestations de conseil",
            "contact": "compta@horizon.example",
            "signatory": "Claire Martin, responsable crédit",
        },
    )
    return lt.draft_letter("C0001", "Lopez Logistique SASU", level, invoices, "2026-10-31", **kw)


@pytest.mark.parametrize(
    ("level", "kind", "object_text", "deadline"),
    [
        (
            1,
            "relance_1",
            "Objet : rappel de paiement – factures en attente de règlement",
            "10/11/2026",
        ),
        (2, "relance_2", "Objet : deuxième relance – factures impayées", "10/11/2026"),
        (3, "relance_3", "Objet : troisième relance – dernier rappel amiable", "10/11/2026"),
        (
            4,
            "mise_en_demeure",
            "Objet : mise en demeure de payer",
            "dix jours à compter de la réception",
        ),
        (
            5,
            "mise_en_demeure",
            "Objet : mise en demeure de payer",
            "dix jours à compter de la réception",
        ),
    ],
    ids=["level-1", "level-2", "level-3", "level-4", "level-5"],
)
def test_letter_has_every_mandatory_element(invoices, level, kind, object_text, deadline):
    previous = [("2026-09-05", 1), ("2026-09-15", 2), ("2026-10-01", 3)][: level - 1]
    letter = _draft(invoices, level, previous=previous)
    assert letter.kind == kind
    text = _text(render_letters([letter]))
    assert object_text in text  # object
    for number, issued, due, amount, residual in [
        ("F-2026-001", "01/08/2026", "31/08/2026", "1 200,00 €", "1 200,00 €"),
        ("F-2026-002", "01/09/2026", "30/09/2026", "300,00 €", "150,00 €"),
    ]:  # invoice number, date, due date, amount and amount due
        assert f"{number} {issued} {due} {amount} {residual}" in text
    assert "prestations de conseil" in text  # nature
    assert "au taux annuel de 12,15 %" in text  # penalty rate (professional)
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture" in text
    assert "L.441-10" in text
    assert deadline in text  # deadline
    assert "compta@horizon.example" in text  # contact
    assert "Claire Martin, responsable crédit" in text  # signature
    assert "Si le règlement a déjà été effectué, nous vous prions de ne pas tenir compte" in text
    # asked for Saturday 31/10/2026 (Sunday 01/11 is Toussaint): dated Monday 02/11/2026,
    # the deadline 8 days later, Tuesday 10/11/2026; the amounts are those of 31/10
    assert "Le 02/11/2026" in text
    # sorted by due date: the oldest invoice first
    assert text.index("F-2026-001") < text.index("F-2026-002")
    if level > 1:
        assert "05/09/2026" in text  # previous reminders recalled
    if kind == "mise_en_demeure":
        assert "Lettre recommandée avec accusé de réception" in text
        assert "1344-1 du Code civil" in text
        assert "1 451,70 €" in text  # 1 350 + 21,70 + 80


def test_amounts_add_up(invoices):
    letter = _draft(invoices, 2)
    assert (letter.principal, letter.penalties, letter.indemnities, letter.total) == (
        1350.0,
        21.7,
        80.0,
        1451.7,
    )
    assert "Le montant dû au 31/10/2026 s'élève ainsi à 1 451,70 €" in _text(
        render_letters([letter])
    )


def test_private_debtor_gets_no_penalty_nor_indemnity(invoices):
    letter = _draft(invoices, 2, professional=False)
    text = _text(render_letters([letter]))
    assert letter.penalties == 0 and letter.indemnities == 0 and letter.penalty_rate is None
    assert "L.441-10" not in text and "indemnité" not in text and "Pénalités" not in text


def test_tone_no_threat_no_third_party(invoices):
    text = _text(render_letters([_draft(invoices, lvl) for lvl in (1, 2, 3, 4)])).lower()
    for word in (
        "menace",
        "huissier",
        "fichier",
        "employeur",
        "voisin",
        "divulg",
        "tiers",
        "casier",
    ):
        assert word not in text, word


def test_client_data_is_escaped(invoices):
    bad = invoices.assign(invoice_id=[XSS, "F&1"])
    letter = lt.draft_letter(XSS, XSS, 1, bad, "2026-10-31", creditor=XSS, settings={"nature": XSS})
    html = render_letters([letter])
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "F&amp;1" in html


def test_missing_furniture_is_flagged_not_invented(invoices):
    letter = lt.draft_letter("C1", None, 1, invoices, "2026-10-31", creditor="X")
    text = _text(render_letters([letter]))
    assert "[à compléter : nature des prestations ou produits]" in text
    assert "[à compléter : nom et fonction du signataire]" in text
    # never addressed to an id as if it were a name
    assert letter.debtor_name == "[à compléter : raison sociale du débiteur C1]"
    assert "[à compléter : raison sociale du débiteur C1] Réf. client : C1" in text


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (None, "[à compléter : raison sociale du débiteur C9999]"),
        (float("nan"), "[à compléter : raison sociale du débiteur C9999]"),
        ("", "[à compléter : raison sociale du débiteur C9999]"),
        ("   ", "[à compléter : raison sociale du débiteur C9999]"),
        ("Lopez Logistique SASU", "Lopez Logistique SASU"),
    ],
    ids=["none", "nan", "empty", "blank", "named"],
)
def test_addressee_is_a_name_or_a_visible_placeholder(name, shown):
    assert lt.addressee("C9999", name) == shown


def test_placeholder_addressee_is_escaped(invoices):
    letter = lt.draft_letter(XSS, None, 1, invoices, "2026-10-31", creditor="X")
    html = render_letters([letter])
    assert XSS not in html
    assert (
        "[à compléter : raison sociale du débiteur &lt;script&gt;alert(1)&lt;/script&gt;]" in html
    )


@pytest.mark.parametrize("level", [1, 2, 4], ids=["relance-1", "relance-2", "mise-en-demeure"])
def test_unknown_kind_states_no_penalty_and_asks_to_check(invoices, level):
    """A debtor of unknown kind: professional=True is overridden, nothing of L.441-10 stated.

    The principal is the only amount: 1 200 + 150 = 1 350 €.
    """
    letter = _draft(invoices, level, kind_known=False)
    text = _text(render_letters([letter]))
    assert not letter.professional and not letter.kind_known and letter.penalty_rate is None
    assert (letter.penalties, letter.indemnities, letter.total) == (0.0, 0.0, 1350.0)
    assert (
        "À vérifier avant envoi : le type du débiteur (professionnel ou particulier) n'est pas "
        "renseigné dans la table des débiteurs ; aucune pénalité de retard ni indemnité "
        "forfaitaire n'est mentionnée dans ce projet."
    ) in text
    assert "L.441-10" not in text and "Pénalités au" not in text and "12,15" not in text
    assert "1 451,70" not in text  # the total with penalties is never stated
    known = _text(render_letters([_draft(invoices, level)]))
    assert "À vérifier avant envoi" not in known


def test_paid_invoice_and_bad_level_are_refused(invoices):
    with pytest.raises(ValueError, match="never dun what is paid"):
        lt.draft_letter(
            "C1", "A", 1, invoices.assign(residual=[0.0, 10.0]), "2026-10-31", creditor="X"
        )
    with pytest.raises(ValueError, match="level ≥ 1"):
        lt.draft_letter("C1", "A", 0, invoices, "2026-10-31", creditor="X")
    with pytest.raises(ValueError, match="no invoice"):
        lt.draft_letter("C1", "A", 1, invoices.iloc[:0], "2026-10-31", creditor="X")


def test_one_page_per_letter_and_inputs_untouched(invoices):
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*HarfBuzz", category=DeprecationWarning)
        import weasyprint

    copy = invoices.copy()
    html = render_letters([_draft(invoices, 1), _draft(invoices, 4)])
    pdf = weasyprint.HTML(string=html).render()
    assert len(pdf.pages) == 2
    pd.testing.assert_frame_equal(invoices, copy)


def test_no_letter_says_so():
    assert "Aucune relance à envoyer" in render_letters([])


def test_deadlines_come_from_the_company_settings(invoices):
    settings = {"deadline_days": 15, "notice_days": 8}
    reminder = lt.draft_letter(
        "C1", "A", 2, invoices, "2026-10-31", creditor="X", settings=settings
    )
    notice = lt.draft_letter("C1", "A", 4, invoices, "2026-10-31", creditor="X", settings=settings)
    assert reminder.deadline == "17/11/2026"  # 02/11 (the letter's business day) + 15
    assert notice.deadline == "huit jours à compter de la réception de la présente"
    with pytest.raises(ValueError, match="notice_days"):
        lt.draft_letter(
            "C1", "A", 4, invoices, "2026-10-31", creditor="X", settings={"notice_days": 12}
        )
    with pytest.raises(ValueError, match="deadline_days"):
        lt.draft_letter(
            "C1", "A", 1, invoices, "2026-10-31", creditor="X", settings={"deadline_days": "8"}
        )
