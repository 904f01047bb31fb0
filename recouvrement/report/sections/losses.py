"""The sections on disputes, doubtful receivables, write-offs and payment behaviour.

Each function takes the :class:`~recouvrement.report.context.Report` and returns the
blocks of one notebook cell, in order (``display(*blocks)``). A table whose data was
not provided says so (``Non disponible : …``) instead of disappearing.
"""

from __future__ import annotations

from recouvrement.formatting import fmt_date, fmt_int
from recouvrement.kpi import ANNUAL_MONTHS, payment_behaviour
from recouvrement.report.attachments import Attachment, bounded_table
from recouvrement.report.context import Report
from recouvrement.report.html import Html, section_note
from recouvrement.report.html_tables import kpi_table, table_html
from recouvrement.report.tables import doubtful_table, open_disputes, worst_payers, write_offs

#: Debtors of the worst payers' table.
WORST_PAYERS = 15


def _empty(r: Report, table: str, present: str, absent: str) -> str:
    """The sentence of an empty table: nothing this month, or the file was not provided."""
    return present if r.ledger.has(table) else absent


def disputes(r: Report) -> list[Html]:
    """Dispute, doubtful and bad-debt KPIs, then the invoices under an open dispute."""
    frame = open_disputes(r.snap)
    return [
        kpi_table(
            [r.kpis[k] for k in ("dispute_rate", "doubtful_receivables", "bad_debt_rate")],
            targets=r.targets,
            previous=r.previous,
            caption="Litiges et risques",
        ),
        table_html(
            frame,
            money=["Reste dû"],
            dates=["Ouvert le"],
            days=["Jours de litige", "Jours de retard"],
            total_row=True,
            index=False,
            compact=True,
            max_rows=10,
            caption=f"Factures en litige ouvert au {fmt_date(r.as_of)} ({fmt_int(len(frame))})",
            empty=_empty(
                r,
                "disputes",
                "Aucune facture en litige ouvert à la date d'arrêté.",
                "Non disponible : aucun fichier de litiges fourni.",
            ),
        ),
    ]


def doubtful(r: Report) -> list[Html | Attachment]:
    """The debtors in insolvency proceedings (``limits.max_rows``), or why not available."""
    kpi = r.kpis["doubtful_receivables"]
    if not kpi.available:
        return [section_note(f"Créances douteuses : {kpi.reason}", "missing")]
    return bounded_table(
        "douteux",
        doubtful_table(kpi),
        r.limits.max_rows,
        money=["Reste dû"],
        dates=["Jugement"],
        ints=["Factures ouvertes"],
        total_row=True,
        index=False,
        compact=True,
        caption="Créances douteuses : débiteurs en procédure collective",
        empty="Aucun débiteur en procédure collective à la date d'arrêté.",
    )


def doubtful_and_write_offs(r: Report) -> list[Html | Attachment]:
    """Doubtful receivables, then the write-offs of the last twelve months."""
    return [
        *doubtful(r),
        table_html(
            write_offs(r.ledger, r.as_of, months=ANNUAL_MONTHS),
            money=["Montant facture", "Perte"],
            unsummed=["Montant facture"],
            dates=["Date"],
            total_row=True,
            index=False,
            compact=True,
            max_rows=10,
            caption="Pertes sur créances des douze derniers mois",
            empty=_empty(
                r,
                "write_offs",
                "Aucune perte sur créance passée sur les douze derniers mois.",
                "Non disponible : aucun fichier de pertes fourni.",
            ),
        ),
    ]


def behaviour(r: Report) -> list[Html]:
    """The portfolio's weighted days late, then the fifteen debtors who paid latest."""
    return [
        kpi_table(
            [r.kpis["weighted_days_late"]],
            targets=r.targets,
            previous=r.previous,
            caption="Retard de paiement du portefeuille",
        ),
        table_html(
            worst_payers(payment_behaviour(r.ledger, r.as_of), r.names, n=WORST_PAYERS),
            money=["Montant réglé"],
            pct=["Part payée en retard"],
            ints=["Factures réglées"],
            days=["Délai moyen", "Retard moyen", "Retard max."],
            compact=True,
            caption="Les quinze débiteurs les plus en retard (factures réglées sur douze mois)",
            empty="Aucune facture réglée sur les douze derniers mois.",
            note="Délai : jours de la facture au règlement ; retard : jours après l'échéance "
            "(0 si payé à temps), moyennes pondérées par montant.",
        ),
    ]
