"""The portfolio sections: aged balance and its evolution, top overdue debtors, recovery, DSO.

Each function takes the :class:`~recouvrement.report.context.Report` and returns the
blocks of one notebook cell, in order (``display(*blocks)``).
"""

from __future__ import annotations

from recouvrement import conventions as cv
from recouvrement.aging import revaluation
from recouvrement.aging.books import fec_book
from recouvrement.formatting import fmt_count, fmt_date, fmt_month
from recouvrement.kpi import recovery_by_segment
from recouvrement.ledger.fx import ecb_data_date, foreign_rows
from recouvrement.report import charts
from recouvrement.report.context import Report
from recouvrement.report.html import Html, figure, section_note
from recouvrement.report.html_tables import kpi_table, table_html
from recouvrement.report.sections.front import reconciliation_note, targets_note
from recouvrement.report.tables import (
    aged_balance_table,
    evolution_table,
    recovery_segments_table,
    top_overdue,
)
from recouvrement.report.tables.portfolio import revaluation_table

#: Debtors of the top-overdue table and chart.
TOP_DEBTORS = 10

#: KPIs of the recovery table, in order.
RECOVERY_KPIS = (
    "recovery_rate",
    "recovery_rate_3m",
    "recovery_rate_6m",
    "unpaid_rate",
    "activation_rate",
    "dunning_coverage_rate",
    "cost_per_euro_collected",
)

#: KPIs of the delays table, in order.
DELAY_KPIS = (
    "dso_bdf",
    "dso",
    "dso_countback",
    "dso_average",
    "best_possible_dso",
    "average_days_delinquent",
    "cei",
    "weighted_days_late",
)


def _amount_columns(r: Report) -> list[str]:
    return [*r.labels, cv.UNAPPLIED_LABEL, cv.TOTAL_LABEL]


def aged_balance(r: Report) -> list[Html]:
    """The aged balance per debtor (25 rows, the others folded), then the reconciliation.

    When the ledger has documents in another currency, the open ones revalued at the
    as-of date's rate follow (:func:`exchange_revaluation`); otherwise nothing more.
    """
    return [
        table_html(
            aged_balance_table(r.snap.balance, r.names),
            money=_amount_columns(r),
            pct=["Part du total"],
            caption=f"Balance âgée au {fmt_date(r.as_of)} ({r.snap.buckets.describe()})",
            total_row={"Part du total": 100.0},
            max_rows=20,
            others_label="Autres débiteurs",
            blank_zero=True,
            compact=True,
            empty="Aucun encours ouvert à la date d'arrêté.",
        ),
        reconciliation_note(r),
        *terms_note(r),
        *exchange_revaluation(r),
    ]


def terms_note(r: Report) -> list[Html]:
    """For a FEC (no due dates): how many debtors' terms are agreed, estimated or by default."""
    book = fec_book(r.ledger)
    if book is None:
        return []
    counts = book.terms["source"].value_counts()
    parts = [
        f"{fmt_count(counts.get(key, 0), 'débiteur')} au délai {label}"
        for key, label in (
            ("contract", "contractuel"),
            ("observed", "estimé d'après leurs règlements"),
            ("default", "par défaut"),
        )
        if counts.get(key, 0)
    ]
    return [
        section_note(
            "Échéances : le FEC n'en contient pas ; elles sont calculées avec "
            + ", ".join(parts)
            + " (détail par débiteur dans « Lettrage des comptes clients »)."
        )
    ]


def exchange_revaluation(r: Report) -> list[Html]:
    """Open invoices in another currency at the as-of date's ECB rate: the latent difference.

    Nothing (an empty list) when every document of the ledger is in the company's
    currency. The aged balance above is not changed: it stays at the rate of each
    document's day (:func:`recouvrement.aging.revaluation`).
    """
    if not foreign_rows(r.ledger):
        return []
    revalued = revaluation(r.ledger, r.as_of)
    day, currency = fmt_date(r.as_of), r.ledger.currency
    blocks = [
        table_html(
            revaluation_table(revalued, r.names, currency),
            caption=f"Créances en devises réévaluées au cours BCE du {day}",
            compact=True,
            empty=f"Aucune facture en devise ouverte au {day}.",
            note="Valeur comptable : au cours BCE du jour de chaque pièce, celle de la balance "
            f"âgée, qui n'est pas modifiée. Écart de change latent = valeur au cours du {day} − "
            "valeur comptable ; il ne se réalise qu'au règlement.",
        )
    ]
    missing = sorted(set(revalued.loc[revalued["rate"].isna(), "currency"]))
    if missing:
        blocks.append(
            section_note(
                f"Cours BCE du {day} non disponible pour {', '.join(missing)} (historique BCE "
                f"jusqu'au {fmt_date(ecb_data_date())}) : réévaluation non disponible.",
                "missing",
            )
        )
    return blocks


def evolution(r: Report) -> list[Html]:
    """The portfolio's aged balance at each of the last twelve month ends."""
    return [
        table_html(
            evolution_table(r.history),
            money=_amount_columns(r),
            blank_zero=True,
            compact=True,
            caption="Encours par tranche d'âge, fins de mois",
        )
    ]


def evolution_chart(r: Report) -> list[Html]:
    """The evolution of the aged balance as stacked bars (the dashboard's chart)."""
    return [
        figure(
            charts.aged_balance_over_time(r.history),
            "Encours par tranche d'âge, fins de mois (hors non affecté)",
        )
    ]


def bucket_mix(r: Report) -> list[Html]:
    """The mix of buckets at the as-of date."""
    return [
        figure(
            charts.bucket_mix(r.snap.balance),
            f"Répartition de l'encours par tranche au {fmt_date(r.as_of)}",
        ),
    ]


def top_overdue_debtors(r: Report) -> list[Html]:
    """The ten debtors with the largest overdue amount: table and chart."""
    return [
        table_html(
            top_overdue(r.snap, n=TOP_DEBTORS),
            money=["Échu", r.labels[-1], cv.TOTAL_LABEL],
            pct=["Part de l'échu"],
            ints=["Factures échues", "En litige"],
            days=["Retard max."],
            blank_zero=True,
            compact=True,
            caption=f"Dix premiers débiteurs par montant échu au {fmt_date(r.as_of)}",
            empty="Aucun débiteur en retard à la date d'arrêté.",
            note="Retard max. : jours de retard de la plus ancienne facture échue ; En litige : "
            "factures échues sous litige ouvert.",
        ),
        figure(
            charts.top_overdue_debtors(r.snap.balance, TOP_DEBTORS, r.names),
            "Montant échu des dix premiers débiteurs",
        ),
    ]


def recovery(r: Report) -> list[Html]:
    """Recovery, unpaid, activation and coverage rates and the cost per euro collected."""
    return [
        kpi_table(
            [r.kpis[k] for k in RECOVERY_KPIS],
            targets=r.targets,
            previous=r.previous,
            caption="Recouvrement",
            note=targets_note(r, RECOVERY_KPIS),
        )
    ]


def recovery_segments(r: Report) -> list[Html]:
    """The recovery rate of the month by age segment (months past due)."""
    return [
        table_html(
            recovery_segments_table(recovery_by_segment(r.ledger, r.as_of)),
            money=["Échu à recouvrer", "Recouvré"],
            pct=["Taux"],
            ints=["Débiteurs"],
            index=False,
            caption=f"Taux de recouvrement par segment d'âge, {fmt_month(r.plan.month)}",
        )
    ]


def delays(r: Report) -> list[Html]:
    """DSO and its variants, ADD, CEI, days late; the DSO against its target.

    The chart shows the DSO on the Banque de France basis (the one with a public
    reference), or the accounting DSO when a year of sales is not available.
    """
    dso = "dso_bdf" if r.kpis["dso_bdf"].available else "dso"
    return [
        kpi_table(
            [r.kpis[k] for k in DELAY_KPIS],
            targets=r.targets,
            previous=r.previous,
            caption="Délais et efficacité",
            note="Meilleur DSO possible : le DSO si aucune facture n'était échue ; ADD = DSO − "
            "meilleur DSO possible. " + targets_note(r, DELAY_KPIS),
        ),
        figure(
            charts.kpi_against_target(r.kpi_history, dso, r.targets.get(dso)),
            f"{r.kpis[dso].label} et objectif, fins de mois",
        ),
    ]


def recovery_chart(r: Report) -> list[Html]:
    """The rolling three-month recovery rate against its target (appendix)."""
    return [
        figure(
            charts.kpi_against_target(
                r.kpi_history, "recovery_rate_3m", r.targets.get("recovery_rate_3m")
            ),
            "Taux de recouvrement glissant 3 mois et objectif, fins de mois",
        ),
    ]
