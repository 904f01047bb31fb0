"""The audit sections: risk scoring, the dunning audit and next month's actions, legal items.

Each function takes the :class:`~recouvrement.report.context.Report` and returns the
blocks of one notebook cell, in order (``display(*blocks)``). A part of the audit
layer whose data is missing shows its reason (``non disponible : …``).
"""

from __future__ import annotations

import pandas as pd

from recouvrement.formatting import fmt_count, fmt_date, fmt_eur, fmt_int, fmt_pct
from recouvrement.report.attachments import Attachment, attachment, bounded_table, table_csv
from recouvrement.report.context import Report
from recouvrement.report.html import Html, kpi_cards, section_note
from recouvrement.report.html_tables import table_html
from recouvrement.report.letters import render_letters
from recouvrement.report.tables import (
    abc_segments,
    adherence_gaps,
    adherence_summary_table,
    calendar_steps,
    claims_table,
    class_worsening,
    coverage_table,
    effectiveness_table,
    excluded_table,
    limit_breaches,
    long_terms_table,
    next_actions_table,
    prescription_table,
    risk_classes,
    riskiest,
)
from recouvrement.report.tables.dunning import (
    after_settlement_table,
    cash_matches_table,
    excluded_summary,
)
from recouvrement.report.tables.letters import drafted_letters, letters_table
from recouvrement.scoring import RECOMMENDATIONS, SCORING_MONTHS

#: Rows of the tables that list debtors or invoices one by one (appendices).
LISTED = 15
#: Rows of those tables in the main body (the rest: appendices and workbook).
BODY_ROWS = 10


def risk(r: Report) -> list[Html]:
    """Debtors per risk class, per ABC segment, and the fifteen lowest scores."""
    scores = r.audit.scores
    return [
        table_html(
            risk_classes(scores),
            money=["Encours", "Échu"],
            pct=["Part de l'encours"],
            ints=["Débiteurs"],
            total_row={"Part de l'encours": 100.0},
            index=False,
            caption=f"Débiteurs par classe de risque au {fmt_date(r.as_of)}",
            note=f"Base : les {fmt_count(len(scores), 'débiteur')} avec un solde à la date "
            f"d'arrêté ou une opération (facture, règlement, avoir, perte) sur les "
            f"{SCORING_MONTHS} derniers mois ; « non noté » : sans historique suffisant.",
        ),
        table_html(
            abc_segments(scores),
            money=["Encours"],
            pct=["Part de l'encours"],
            ints=["Débiteurs", "dont à risque"],
            total_row={"Part de l'encours": 100.0},
            index=False,
            caption="Segmentation par encours (A : 80 % de l'encours, B : 15 %, C : 5 %)",
        ),
        table_html(
            riskiest(scores, n=BODY_ROWS),
            money=["Encours", "Échu"],
            decimals={"Score": 1},
            compact=True,
            caption="Les dix débiteurs les moins bien notés (avec un encours)",
            empty="Aucun débiteur noté avec un encours.",
            note="Recommandations par classe : "
            + " ; ".join(f"{k} : {v}" for k, v in RECOMMENDATIONS.items())
            + ". L'action retenue pour chaque débiteur figure au plan d'action.",
        ),
    ]


def breaches(r: Report) -> list[Html | Attachment]:
    """Credit-limit breaches and the debtors whose risk class worsened (``limits.max_rows``)."""
    return [
        *bounded_table(
            "depassements",
            limit_breaches(r.audit.scores),
            r.limits.max_rows,
            money=["Limite de crédit", "Encours", "Dépassement"],
            total_row=True,
            compact=True,
            caption="Débiteurs au-delà de leur limite de crédit",
            empty="Aucun dépassement de limite de crédit (ou aucune limite renseignée).",
        ),
        *bounded_table(
            "degradations",
            class_worsening(r.audit.changes),
            r.limits.max_rows,
            decimals={"Score précédent": 1, "Score": 1, "Variation": 1},
            compact=True,
            caption="Débiteurs dont la classe de risque s'est dégradée depuis le mois précédent",
            empty="Aucune classe de risque dégradée depuis le mois précédent.",
        ),
    ]


def calendar(r: Report) -> list[Html]:
    """The dunning calendar applied, or why there is no dunning audit."""
    audit = r.audit
    if audit.coverage is None:
        return [section_note(audit.reason("dunning"), "missing")]
    return [
        table_html(
            calendar_steps(audit.calendar),
            index=False,
            caption=f"Calendrier appliqué : « {audit.calendar.name} »",
        )
    ]


def dunning_audit(r: Report) -> list[Html]:
    """Coverage, adherence in summary and effectiveness per level (the detail: appendix)."""
    audit = r.audit
    if audit.coverage is None:
        return []
    return [
        section_note(audit.coverage.describe(), "warning" if audit.coverage.n_undunned else "ok"),
        table_html(
            coverage_table(audit.coverage),
            money=["Montant"],
            pct=["Part (factures)", "Part (montant)"],
            ints=["Factures"],
            caption="Couverture des relances",
        ),
        table_html(
            adherence_summary_table(audit.adherence),
            money=["Montant"],
            pct=["Part des factures"],
            ints=["Factures"],
            days=["Retard moyen sur le calendrier"],
            caption="Respect du calendrier (niveau atteint au regard du niveau attendu)",
        ),
        table_html(
            effectiveness_table(audit.effectiveness),
            money=["Montant relancé", "Payé sous 15 j"],
            pct=["Taux de succès"],
            ints=["Relances", "Niveau"],
            unsummed=["Niveau"],
            index=False,
            caption="Efficacité par niveau : part du montant relancé payée dans les 15 jours "
            "(12 derniers mois)",
            empty="Aucune relance sur la période.",
        ),
    ]


def dunning_detail(r: Report) -> list[Html]:
    """The invoices most behind the calendar and the actions logged after settlement."""
    audit = r.audit
    if audit.coverage is None:
        return [section_note(audit.reason("dunning"), "missing")]
    after = audit.after_settlement
    return [
        table_html(
            adherence_gaps(audit.adherence, r.names, n=LISTED),
            money=["Reste dû"],
            dates=["Échéance"],
            ints=["Niveau attendu", "Niveau atteint"],
            unsummed=["Niveau attendu", "Niveau atteint"],
            days=["Jours de retard sur le calendrier"],
            index=False,
            compact=True,
            caption="Factures les plus en retard sur le calendrier",
            empty="Aucune facture en retard sur le calendrier.",
        ),
        table_html(
            after_settlement_table(after, r.names, n=LISTED),
            dates=["Relance le", "Réglée le"],
            ints=["Niveau"],
            unsummed=["Niveau"],
            days=["Jours après le règlement"],
            index=False,
            compact=True,
            caption="Relances enregistrées après le règlement de la facture "
            f"({fmt_count(len(after), 'relance')} au total"
            + (", les quinze plus récentes)" if len(after) > LISTED else ")"),
            empty="Aucune relance enregistrée après le règlement de sa facture.",
            note="Facture réglée : reste dû ramené à zéro par les règlements, avoirs et passages "
            "en perte. Une relance du jour même du règlement n'est pas comptée (le règlement et "
            "la relance se sont croisés).",
        ),
    ]


def next_actions(r: Report) -> list[Html | Attachment]:
    """Next month's procedures, the invoices never to dun, and the letter drafts attached."""
    audit = r.audit
    if audit.next_actions is None:
        return []
    horizon = r.as_of + pd.Timedelta(days=audit.next_actions.horizon_days)
    blocks: list[Html | Attachment] = []
    if audit.reason("dunning"):
        blocks.append(
            section_note(
                "Journal des relances absent : chaque facture échue part du premier niveau "
                "du calendrier ; les relances déjà faites ne sont pas connues.",
                "warning",
            )
        )
    return [
        *blocks,
        table_html(
            cash_matches_table(audit.cash.matches),
            money=["Reste dû", "Proposé"],
            dates=["Date", "Échéance"],
            index=False,
            compact=True,
            max_rows=25,
            others_label="Autres rapprochements",
            caption=(
                "Encaissements à lettrer : règlements et avoirs non affectés proposés sur les "
                "factures ouvertes du même débiteur (montant identique, puis antériorité) ; "
                "les factures couvertes ne sont pas relancées, la balance âgée reste celle "
                "de la comptabilité"
            ),
            empty="Aucun encaissement non affecté à rapprocher d'une facture ouverte.",
        ),
        table_html(
            next_actions_table(audit.planned_actions),
            money=["Montant"],
            dates=["À faire le"],
            ints=["Niveau", "Factures"],
            unsummed=["Niveau"],
            total_row=True,
            max_rows=30,
            others_label="Autres procédures",
            compact=True,
            caption=f"Procédures de relance à engager d'ici au {fmt_date(horizon)}",
            empty="Aucune relance à engager le mois prochain.",
        ),
        table_html(
            excluded_summary(audit.next_actions.excluded),
            money=["Reste dû"],
            ints=["Factures"],
            total_row=True,
            index=False,
            compact=True,
            caption="Factures écartées de la relance, par motif, et ce qu'il faut faire à la place",
            empty="Aucune facture écartée.",
        ),
        table_html(
            excluded_table(audit.next_actions.excluded),
            money=["Reste dû"],
            dates=["Échéance"],
            index=False,
            compact=True,
            max_rows=25,
            others_label="Autres factures",
            caption="Factures écartées de la relance avec un reste dû, les plus importantes "
            "d'abord",
            empty="Aucune facture écartée avec un reste dû.",
        ),
        *_letters(r),
    ]


def _letters(r: Report) -> list[Html | Attachment]:
    """The letter drafts attached, at most ``limits.max_letters``; the list of all in a CSV."""
    letters = r.audit.letters
    limit = r.limits.max_letters
    drafted = drafted_letters(letters, limit)
    sentence = (
        f"{fmt_int(len(letters))} projets de lettres (relances et mises en demeure), un par "
        "débiteur, sont joints au rapport : lettres.html et lettres.pdf, à relire et compléter "
        "avant envoi."
    )
    blocks: list[Html | Attachment] = []
    if len(drafted) < len(letters):
        sentence = (
            f"{fmt_int(len(letters))} lettres (relances et mises en demeure), une par débiteur, "
            f"sont à envoyer : les {fmt_int(limit)} aux plus gros montants dus sont rédigées "
            "dans lettres.html et lettres.pdf (limits.max_letters), et la liste de toutes est "
            "dans relances.csv, joint au rapport. À relire et compléter avant envoi."
        )
        blocks.append(table_csv("relances", letters_table(letters, drafted)))
    title = f"Projets de lettres — {r.ledger.name}"
    return [
        section_note(sentence, "info"),
        attachment("lettres", render_letters(drafted, title=title), len(drafted)),
        *blocks,
    ]


def penalties(r: Report) -> list[Html]:
    """Penalties and indemnities claimable: cards, the rate in force, the largest claims."""
    audit = r.audit
    totals = audit.totals
    provisional = f"Montants provisoires : {totals['provisional_note']}."
    blocks = [
        kpi_cards(
            [
                ("Réclamable", fmt_eur(totals["total_claimable"]), "pénalités et indemnités"),
                (
                    "Pénalités",
                    fmt_eur(totals["claimable_interest"]),
                    f"au taux de {fmt_pct(audit.penalty.rate, 2)}",
                ),
                ("Indemnités", fmt_eur(totals["claimable_indemnities"]), "40 € par facture"),
                (
                    "Débiteurs",
                    fmt_int((audit.claims["total_claimable"] > 0).sum()),
                    "débiteurs redevables de pénalités ou d'indemnités",
                ),
            ]
        ),
        section_note(
            f"Taux du semestre en cours : {audit.penalty.basis}, soit "
            f"{fmt_pct(audit.penalty.rate, 2)} l'an. "
            + (provisional if totals["provisional"] else ""),
            "warning" if totals["provisional"] else "info",
        ),
    ]
    if audit.reason("legal"):
        blocks.append(section_note(audit.reason("legal"), "missing"))
    blocks.append(
        table_html(
            claims_table(audit.claims, r.names, n=BODY_ROWS),
            money=["Principal échu", "Pénalités", "Indemnités", "Total réclamable"],
            ints=["Factures"],
            compact=True,
            caption="Pénalités et indemnités réclamables : les dix premiers débiteurs",
            empty="Aucune pénalité ni indemnité réclamable.",
            note="Hors factures en litige ouvert et débiteurs en procédure collective (créances "
            "à déclarer). Injonction / petits litiges : créance totale inférieure à 5 000 €.",
        )
    )
    return blocks


def prescription(r: Report) -> list[Html | Attachment]:
    """Claims prescribed or prescribing within six months, and terms above 60 days."""
    audit = r.audit
    return [
        *bounded_table(
            "prescription",
            prescription_table(audit.prescription, r.names),
            r.limits.max_rows,
            money=["Reste dû"],
            dates=["Échéance", "Prescription le"],
            ints=["Jours restants"],
            unsummed=["Jours restants"],
            index=False,
            compact=True,
            caption="Créances prescrites ou se prescrivant dans les six mois (5 ans entre "
            "professionnels, 2 ans pour un particulier)",
            empty="Aucune créance ne se prescrit dans les six mois.",
        ),
    ]


def long_terms(r: Report) -> list[Html]:
    """Agreed terms above 60 days (art. L.441-10 I), the longest first."""
    audit = r.audit
    n_long = int(audit.long_terms["breach"].sum())
    return [
        table_html(
            long_terms_table(audit.long_terms, r.names, n=LISTED),
            money=["Montant"],
            dates=["Émise le", "Échéance"],
            ints=["Délai (jours)"],
            index=False,
            compact=True,
            caption="Délais de paiement convenus supérieurs à 60 jours "
            f"({fmt_count(n_long, 'facture')}, les quinze plus longs)",
            empty="Aucun délai de paiement convenu supérieur à 60 jours.",
        ),
    ]
