"""One letter drafted from its facts: every mandatory element, the law of each kind, escaping.

The letters of these tests are drafted by hand (``draft_letter``); their selection from
a ledger is in ``test_letters_select.py``, their files (``.docx``, PDF, register,
checklist) in ``test_letters_outputs.py``.
"""

from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest

from recouvrement.dunning import letters as lt
from recouvrement.report.letters import render_letters

XSS = "<script>alert(1)</script>"

#: A creditor with every mention of art. R.123-237 code de commerce and its bank details.
CREDITOR = {
    "name": "Conseil Horizon SARL",
    "legal_form": "SARL",
    "capital": "50 000 €",
    "rcs": "RCS Nantes 999 303 101",
    "siren": "999 303 101",
    "address": "3 quai de la Fosse, 44000 Nantes",
    "iban": "FR76 3000 4000 0300 0000 0000 303",
    "bic": "BNPAFRPPXXX",
}
SETTINGS = {
    "nature": "prestations de conseil",
    "contact": "compta@horizon.example",
    "signatory": "Claire Martin, responsable crédit",
}
MENTIONS = (
    "Conseil Horizon SARL, SARL au capital de 50 000 € – RCS Nantes 999 303 101 – "
    "Siège social : 3 quai de la Fosse, 44000 Nantes"
)


@pytest.fixture
def invoices() -> pd.DataFrame:
    """Two invoices of a professional, their interest rows claimed (12,15 %, 40 € each)."""
    return pd.DataFrame(
        {
            "invoice_id": ["F-2026-002", "F-2026-001"],
            "issue_date": pd.to_datetime(["2026-09-01", "2026-08-01"]),
            "due_date": pd.to_datetime(["2026-09-30", "2026-08-31"]),
            "amount": [300.0, 1200.0],
            "residual": [150.0, 1200.0],
            "interest": [1.2, 20.5],
            "indemnity": [40.0, 40.0],
            "rate": [12.15, 12.15],
            "claimable": [True, True],
        }
    )


def _text(html: str) -> str:
    """The visible text of the HTML, tags removed, entities decoded, spaces collapsed."""
    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _draft(invoices, level, channel="courrier", **kw):
    kw.setdefault("creditor", CREDITOR)
    kw.setdefault("settings", SETTINGS)
    return lt.draft_letter(
        "C0001", "Lopez Logistique SASU", level, invoices, "2026-10-31", channel=channel, **kw
    )


HISTORY = (
    lt.HistoryEntry(pd.Timestamp("2026-09-05"), 1, ("email",)),
    lt.HistoryEntry(pd.Timestamp("2026-09-15"), 2, ("courrier",)),
)


@pytest.mark.parametrize(
    ("level", "channel", "kind", "object_text", "deadline"),
    [
        (1, "email", "relance_1", "Objet : rappel de paiement – factures en attente de règlement", "10/11/2026"),
        (2, "courrier", "relance_2", "Objet : deuxième relance – factures impayées", "10/11/2026"),
        (3, "courrier", "relance_3", "Objet : troisième relance – dernier rappel amiable", "10/11/2026"),
        (3, "LRAR", "mise_en_demeure", "Objet : mise en demeure de payer", "dix jours à compter de la réception"),
        (4, "lettre recommandée", "mise_en_demeure", "Objet : mise en demeure de payer", "dix jours à compter de la réception"),
    ],
    ids=["relance-1", "relance-2", "relance-3", "lrar-3", "recommandee-4"],
)  # fmt: skip
def test_letter_has_every_mandatory_element(invoices, level, channel, kind, object_text, deadline):
    """Every element a letter needs, the registered one a mise en demeure.

    Penalties and 40 € per invoice: art. L.441-10 II and D.441-5 code de commerce; a
    step by registered letter is a mise en demeure (art. 1344 code civil), headed
    "Lettre recommandée avec accusé de réception"; the creditor's mentions: art.
    R.123-237 code de commerce. Total 1 200 + 150 + 20,50 + 1,20 + 80 = 1 451,70 €.
    """
    letter = _draft(invoices, level, channel, history=HISTORY[: level - 1])
    assert letter.kind == kind and not letter.draft
    text = _text(render_letters([letter]))
    assert object_text in text  # object
    for number, issued, due, amount, residual in [
        ("F-2026-001", "01/08/2026", "31/08/2026", "1 200,00 €", "1 200,00 €"),
        ("F-2026-002", "01/09/2026", "30/09/2026", "300,00 €", "150,00 €"),
    ]:  # invoice number, date, due date, amount and amount due
        assert f"{number} {issued} {due} {amount} {residual}" in text
    assert "prestations de conseil" in text  # nature
    assert "au taux annuel de 12,15 % (art. L.441-10 II du code de commerce)" in text
    assert (
        "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture "
        "(art. L.441-10 II et D.441-5 du code de commerce)"
    ) in text
    assert deadline in text  # deadline
    assert "compta@horizon.example" in text  # contact
    assert "Claire Martin, responsable crédit" in text  # signature
    assert MENTIONS in text  # art. R.123-237
    assert "IBAN FR76 3000 4000 0300 0000 0000 303 – BIC BNPAFRPPXXX" in text
    assert "Si le règlement a déjà été effectué, nous vous prions de ne pas tenir compte" in text
    # asked for Saturday 31/10/2026 (Sunday 01/11 is Toussaint): dated Monday 02/11/2026,
    # the deadline 8 days later, Tuesday 10/11/2026; the amounts are those of 31/10
    assert "Le 02/11/2026" in text
    assert text.index("F-2026-001") < text.index("F-2026-002")  # oldest first
    assert "[à compléter" not in text and "PROJET" not in text
    if level > 1:
        assert "05/09/2026 (première relance, par courriel)" in text  # the log, recalled
    if kind == "mise_en_demeure":
        assert letter.blocks[0].lines == ("Lettre recommandée avec accusé de réception",)
        assert "au sens de l'article 1344 du code civil" in text
        assert "la somme de 1 451,70 € dans un délai de dix jours" in text
    else:
        assert "Lettre recommandée" not in text and "mise en demeure" not in text.lower()


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("LRAR", "mise_en_demeure"),
        ("lettre recommandée", "mise_en_demeure"),
        ("Recommandé AR", "mise_en_demeure"),
        ("email", "relance_2"),
        ("courrier", "relance_2"),
        ("téléphone", None),
        ("agence", None),
        ("Tribunal", None),
    ],
)
def test_the_step_decides_the_letter(channel, expected):
    """A registered letter is a mise en demeure (art. 1344 code civil); a call or a
    hand-over (agency, court) gets no letter; any other step, a reminder."""
    kind = lt.letter_kind(2, channel)
    assert (kind[0] if kind else None) == expected


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


@pytest.mark.parametrize(("level", "channel"), [(2, "courrier"), (3, "LRAR")])
def test_an_individual_gets_no_penalty_nor_indemnity(invoices, level, channel):
    """An individual owes no penalty of art. L.441-10 nor the indemnity of D.441-5 code de
    commerce (professionals only), whatever its interest rows say; a mise en demeure makes
    legal interest run from its receipt (art. 1231-6 and 1344-1 code civil)."""
    letter = _draft(invoices, level, channel, debtor_kind="particulier")
    text = _text(render_letters([letter]))
    assert letter.penalties == 0 and letter.indemnities == 0 and letter.penalty_rate is None
    assert letter.total == 1350.0
    assert "L.441-10" not in text and "ndemnité" not in text and "énalités" not in text
    if channel == "LRAR":
        assert (
            "Cette somme portera intérêts au taux légal à compter de la réception de la "
            "présente mise en demeure (art. 1231-6 et 1344-1 du code civil)."
        ) in text
    else:
        assert "taux légal" not in text


def test_a_public_buyer_owes_moratory_interest_and_its_indemnity(invoices):
    """A public buyer: interest at the ECB rate of the half-year it started + 8 points
    (art. R.2192-31 code de la commande publique), 40 € per invoice (art. D.2192-35).

    Interest rows built by hand: F-2026-001 started in S2 2026 at 10,15 %, F-2026-002 too;
    1 350 + 21,70 + 80 = 1 451,70 €.
    """
    public = invoices.assign(rate=[10.15, 10.15])
    letter = _draft(public, 3, "LRAR", debtor_kind="public")
    text = _text(render_letters([letter]))
    assert (
        "des intérêts moratoires au taux annuel de 10,15 % (art. R.2192-31 du code de la "
        "commande publique)"
    ) in text
    assert "40,00 € par facture (art. D.2192-35 du code de la commande publique)" in text
    assert "dès le lendemain de l'expiration du délai de paiement" in text
    assert "Intérêts moratoires au 31/10/2026" in text and "L.441-10" not in text
    assert letter.total == 1451.7
    # two half-years, two rates: each invoice's rate in the table, none in the sentence
    mixed = _text(
        render_letters(
            [_draft(invoices.assign(rate=[10.15, 12.15]), 3, "LRAR", debtor_kind="public")]
        )
    )
    assert "au taux annuel indiqué pour chaque facture" in mixed
    assert "Taux annuel" in mixed and "10,15 %" in mixed and "12,15 %" in mixed


@pytest.mark.parametrize(
    "rows",
    [
        {"claimable": [False, False]},
        {"policy": ["renoncer", "renoncer"]},
        {"claimed": [False, False]},
        {"interest": [float("nan"), float("nan")]},
    ],
    ids=["not-claimable", "waived", "not-claimed", "not-computed"],
)
def test_only_what_the_interest_rows_claim_is_stated(invoices, rows):
    """Penalties and indemnity (art. L.441-10 II, D.441-5 code de commerce) are stated only
    when the invoice's row says they are claimed: claimable, not waived by the company's
    claim policy. Nothing then but the principal, 1 350 €."""
    letter = _draft(invoices.assign(**rows), 3, "LRAR")
    text = _text(render_letters([letter]))
    assert (letter.penalties, letter.indemnities, letter.total) == (0.0, 0.0, 1350.0)
    assert "L.441-10" not in text and "ndemnité" not in text and "énalités" not in text
    assert "taux légal" not in text  # a professional: no legal interest claimed either


def test_no_text_of_40_euros_above_an_indemnity_of_zero(invoices):
    """The 40 € indemnity (art. D.441-5 code de commerce) is due from 2013 only: an invoice
    whose row has none shows "—" (never "0,00 €" under a sentence saying 40 € is due), and
    without any, neither the sentence nor the column. Total: 1 350 + 21,70 + 40 = 1 411,70 €.
    """
    one = _draft(invoices.assign(indemnity=[0.0, 40.0]), 2)
    table = next(b for b in one.blocks if b.kind == "table")
    column = table.header.index("Indemnité")
    assert [row[column] for row in table.rows] == ["40,00\u00a0€", "—"]
    assert table.footer[column] == "40,00\u00a0€" and one.total == 1411.7
    assert "de 40,00 € par facture" in _text(render_letters([one]))
    none = _draft(invoices.assign(indemnity=[0.0, 0.0]), 2)
    text = _text(render_letters([none]))
    assert "ndemnité" not in text and "40,00" not in text and none.total == 1371.7


def test_tone_no_threat_no_third_party(invoices):
    """No threat, no third party (art. 312-10 and 226-1 code pénal)."""
    drafts = [_draft(invoices, 1, "email"), _draft(invoices, 2), _draft(invoices, 3, "LRAR")]
    text = _text(render_letters(drafts)).lower()
    for word in ("menace", "huissier", "fichier", "employeur", "voisin", "divulg", "tiers"):
        assert word not in text, word


def test_client_data_is_escaped(invoices):
    bad = invoices.assign(invoice_id=[XSS, "F&1"])
    letter = lt.draft_letter(
        XSS, XSS, 1, bad, "2026-10-31", creditor={"name": XSS}, settings={"nature": XSS}
    )
    html = render_letters([letter])
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "F&amp;1" in html
    assert XSS in letter.paragraphs[3]  # the blocks are plain text: escaped when rendered


def test_missing_mentions_make_a_draft_and_a_checklist_never_a_placeholder(invoices):
    """Art. R.123-237 code de commerce: name, legal form, capital, RCS city and SIREN,
    registered office. Missing ones are never invented nor left as a placeholder: the
    letter carries the draft banner and each item is one checklist row, for all the
    letters of the company at once (two letters: one row per item, 2 letters each)."""
    bare = [
        lt.draft_letter("C1", "Alpha SAS", 1, invoices, "2026-10-31", channel="email"),
        lt.draft_letter("C2", None, 3, invoices, "2026-10-31", channel="LRAR"),
    ]
    for letter in bare:
        text = _text(render_letters([letter]))
        assert letter.draft and "[à compléter" not in text and "compléter :" not in text
        assert letter.blocks[0].lines == ("PROJET — mentions obligatoires à compléter",)
        assert "PROJET — mentions obligatoires à compléter" in text
    rows = {row.item: row for row in lt.checklist(bare)}
    for key, label in lt.CREDITOR_ITEMS.items():
        assert rows[label].article == "art. R.123-237 du code de commerce", key
        assert rows[label].letters == 2 and rows[label].debtors == ()
    for label in lt.SETTING_ITEMS.values():
        assert rows[label].letters == 2
    assert any(item.startswith("Coordonnées de paiement") for item in rows)
    named = rows["Nom ou raison sociale du débiteur, absent de la table des débiteurs"]
    assert (named.letters, named.debtors) == (1, ("C2",))
    # the unnamed debtor is addressed by its reference, never by its id as a name
    recipient = next(b for b in bare[1].blocks if b.kind == "recipient")
    assert recipient.lines == ("Réf. client : C2",)


def test_complete_mentions_are_printed_and_nothing_is_to_complete(invoices):
    """Art. R.123-237 code de commerce: every mention in the letter's footer, no banner;
    the checklist keeps only what no configuration can give (the debtors' addresses)."""
    letter = _draft(invoices, 2)
    mentions = next(b for b in letter.blocks if b.kind == "mentions")
    assert mentions.lines == (
        MENTIONS,
        "Règlement par virement : IBAN FR76 3000 4000 0300 0000 0000 303 – BIC BNPAFRPPXXX.",
    )
    assert not letter.draft and all(not t.draft for t in letter.todo)
    assert [r.item.split(" :")[0] for r in lt.checklist([letter])] == [
        "Adresse postale des destinataires"
    ]


def test_rcs_city_and_siren_are_stated_once():
    """Art. R.123-237 1° code de commerce: "RCS" followed by the registry's city, and the
    SIREN."""
    f = lt.furniture({**CREDITOR, "rcs": "Nantes", "payment": "Chèque à l'ordre de CH"})
    assert "RCS Nantes 999 303 101" in f.mentions[0]
    assert f.mentions[1] == (
        "Règlement par virement : IBAN FR76 3000 4000 0300 0000 0000 303 – BIC "
        "BNPAFRPPXXX ; Chèque à l'ordre de CH."
    )
    assert lt.furniture(CREDITOR).mentions[0].count("999 303 101") == 1


@pytest.mark.parametrize(
    ("kind", "civility", "name", "greeting", "addressed"),
    [
        ("particulier", "Mme", "Mme Camille Breton", "Madame", "Madame Camille Breton"),
        ("particulier", "M.", "Jean Roy", "Monsieur", "Monsieur Jean Roy"),
        ("particulier", None, "Jean Roy", "Madame, Monsieur", "Jean Roy"),
        ("professionnel", "Mme", "Breton SARL", "Madame, Monsieur", "Breton SARL"),
    ],
)
def test_greeting_follows_the_civility_of_an_individual(
    invoices, kind, civility, name, greeting, addressed
):
    letter = lt.draft_letter(
        "C1", name, 2, invoices, "2026-10-31", debtor_kind=kind, civility=civility
    )
    assert f"{greeting}," in letter.paragraphs
    assert (
        f"Nous vous prions d'agréer, {greeting}, l'expression de nos salutations distinguées."
        in letter.paragraphs
    )
    recipient = next(b for b in letter.blocks if b.kind == "recipient")
    assert recipient.lines[0] == addressed


def test_unknown_kind_states_no_penalty_and_goes_to_the_checklist(invoices):
    """A debtor of unknown kind: no penalty (art. L.441-10 code de commerce), no indemnity,
    nothing printed about it; one checklist row names it. Principal only: 1 350 €."""
    letter = _draft(invoices, 2, debtor_kind=None)
    text = _text(render_letters([letter]))
    assert not letter.kind_known and letter.penalty_rate is None
    assert (letter.penalties, letter.indemnities, letter.total) == (0.0, 0.0, 1350.0)
    assert "L.441-10" not in text and "vérifier" not in text.lower() and "type" not in text
    row = next(r for r in lt.checklist([letter]) if r.item.startswith("Type du débiteur"))
    assert row.debtors == ("C0001",) and "L.441-10" in row.article


def test_a_provisional_rate_is_never_printed(invoices):
    """The rate of art. L.441-10 II code de commerce from a table not up to date: checked
    before sending (checklist), never a footnote of the letter."""
    letter = _draft(invoices.assign(provisional=[True, False]), 2)
    text = _text(render_letters([letter])).lower()
    assert "provisoire" not in text and "table des taux" not in text
    assert letter.provisional
    assert any("provisoire" in r.item for r in lt.checklist([letter]))
    assert not _draft(invoices.assign(provisional=[False, False]), 2).provisional


def test_paid_invoice_bad_level_and_no_letter_step_are_refused(invoices):
    with pytest.raises(ValueError, match="never dun what is paid"):
        lt.draft_letter("C1", "A", 1, invoices.assign(residual=[0.0, 10.0]), "2026-10-31")
    with pytest.raises(ValueError, match="level ≥ 1"):
        lt.draft_letter("C1", "A", 0, invoices, "2026-10-31")
    with pytest.raises(ValueError, match="no invoice"):
        lt.draft_letter("C1", "A", 1, invoices.iloc[:0], "2026-10-31")
    with pytest.raises(ValueError, match="gets no letter"):
        lt.draft_letter("C1", "A", 2, invoices, "2026-10-31", channel="téléphone")


def test_one_page_per_letter_and_inputs_untouched(invoices):
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*HarfBuzz", category=DeprecationWarning)
        import weasyprint

    copy = invoices.copy()
    html = render_letters([_draft(invoices, 1, "email"), _draft(invoices, 3, "LRAR")])
    pdf = weasyprint.HTML(string=html).render()
    assert len(pdf.pages) == 2
    pd.testing.assert_frame_equal(invoices, copy)


def test_no_letter_says_so():
    assert "Aucune relance à envoyer" in render_letters([])


@pytest.mark.parametrize(
    ("asked", "dated", "deadline"),
    [
        ("2026-10-31", "02/11/2026", "10/11/2026"),  # Saturday, then Toussaint (Sunday)
        ("2026-12-17", "17/12/2026", "28/12/2026"),  # + 8 = Christmas (Friday), weekend
        ("2026-07-14", "15/07/2026", "23/07/2026"),  # Bastille Day
    ],
)
def test_letter_date_and_deadline_are_business_days(invoices, asked, dated, deadline):
    """A letter is dated, and its deadline falls, on a business day: a deadline ending on a
    Saturday, a Sunday or a public holiday runs to the next working day (art. 642 code de
    procédure civile; French public holidays, art. L.3133-1 code du travail)."""
    letter = lt.draft_letter("C1", "A", 1, invoices, asked, channel="email")
    assert (f"{letter.date:%d/%m/%Y}", letter.deadline) == (dated, deadline)
    assert (
        f"Le {dated}" in letter.paragraphs
        and f"au plus tard le {deadline}." in letter.paragraphs[-3]
    )


def test_deadlines_come_from_the_company_settings(invoices):
    settings = {"deadline_days": 15, "notice_days": 8}
    reminder = lt.draft_letter("C1", "A", 2, invoices, "2026-10-31", settings=settings)
    notice = lt.draft_letter(
        "C1", "A", 3, invoices, "2026-10-31", channel="LRAR", settings=settings
    )
    assert reminder.deadline == "17/11/2026"  # 02/11 (the letter's business day) + 15
    assert notice.deadline == "huit jours à compter de la réception de la présente"
    with pytest.raises(ValueError, match="notice_days"):
        lt.draft_letter(
            "C1", "A", 3, invoices, "2026-10-31", channel="LRAR", settings={"notice_days": 12}
        )
    with pytest.raises(ValueError, match="deadline_days"):
        lt.draft_letter("C1", "A", 1, invoices, "2026-10-31", settings={"deadline_days": "8"})
