"""The report's first pages: cover, sources, executive summary, written findings, key KPIs.

Each function takes the :class:`~recouvrement.report.context.Report` and returns the
blocks of one notebook cell, in order (``display(*blocks)``); the section headings
and introductions are the notebook's markdown cells.
"""

from __future__ import annotations

from typing import Any

from recouvrement.formatting import fmt_date, fmt_eur, fmt_int, fmt_month, fmt_pct
from recouvrement.report.context import Report
from recouvrement.report.html import Html, cover_page, kpi_cards, prose, section_note
from recouvrement.report.html_tables import kpi_table, table_html
from recouvrement.report.tables import sources_table


def currency_name(code: str) -> str:
    """« euros » for EUR, else « <code> (devise de la société) »."""
    return "euros" if code == "EUR" else f"{code} (devise de la société)"


#: The KPIs of the executive summary's table, in order.
KEY_KPIS = (
    "recovery_rate",
    "recovery_rate_3m",
    "dso",
    "best_possible_dso",
    "average_days_delinquent",
    "cei",
    "dispute_rate",
    "bad_debt_rate",
)


def cover(r: Report) -> list[Html]:
    """The cover page: company, month, as-of date, portfolio, stamp, what computed it."""
    f = r.figures
    version, python, pandas = r.versions
    return [
        cover_page(
            r.ledger.name,
            fmt_month(r.plan.month),
            {
                "Date d'arrêté": fmt_date(r.as_of),
                "Débiteurs": f"{fmt_int(f.n_debtors)} facturés, "
                f"dont {fmt_int(f.n_with_balance)} avec un solde",
                "Factures ouvertes": f"{fmt_int(f.n_open_items)}, "
                f"dont {fmt_int(f.n_overdue_items)} échues",
                "Encours net": f"{fmt_eur(f.encours)} (factures ouvertes "
                f"{fmt_eur(f.open_invoices)}, non affecté {fmt_eur(f.unapplied)})",
                "Secteur": r.ledger.meta.get("sector") or "non renseigné",
            },
            stamp=r.plan.stamp,
            footer=[
                f"Établi avec recouvrement {version} (Python {python}, pandas {pandas}).",
                f"Montants TTC en {currency_name(r.ledger.currency)}. Les données proviennent "
                "des seuls fichiers de la société listés en page 2.",
            ],
        )
    ]


def sources(r: Report) -> list[Html]:
    """The files read, with their row counts and SHA-256 fingerprints."""
    return [
        table_html(
            sources_table(r.plan, r.ledger),
            ints=["Lignes lues"],
            mono=["SHA-256"],
            index=False,
            missing="—",
        )
    ]


def reconciliation_note(r: Report) -> Html:
    """The reconciliation of the aged balance with the ledger, as a note."""
    return section_note(r.reconciliation.describe(), "ok" if r.reconciliation.ok else "warning")


def summary(r: Report) -> list[Any]:
    """Headline cards, the reconciliation and the machine-readable headline for the runner."""
    f = r.figures
    return [
        kpi_cards(
            [
                (
                    "Encours net",
                    fmt_eur(f.encours),
                    f"factures ouvertes {fmt_eur(f.open_invoices)}",
                ),
                (
                    "Dont échu",
                    fmt_eur(f.overdue),
                    f"{fmt_pct(f.overdue_share)} des factures ouvertes",
                ),
                (
                    f"Échu {r.labels[-1]}",
                    fmt_eur(f.oldest),
                    f"{fmt_pct(f.oldest_share)} des factures ouvertes",
                ),
                ("Non affecté", fmt_eur(f.unapplied), "règlements et avoirs non lettrés"),
            ]
        ),
        reconciliation_note(r),
        r.headline,
    ]


def findings(r: Report) -> list[Html]:
    """The written findings: executive sections, then the audit layer's."""
    return [prose(r.findings.sections() + r.audit_sections)]


def targets_note(r: Report) -> str:
    """Where the targets come from, for the KPI tables' notes."""
    source = r.plan.targets_file
    return source.name if source else "valeurs indicatives par défaut du logiciel"


def key_kpis(r: Report) -> list[Html]:
    """The key KPIs against the previous month and their targets."""
    return [
        kpi_table(
            [r.kpis[k] for k in KEY_KPIS],
            targets=r.targets,
            previous=r.previous,
            caption=f"Indicateurs clés au {fmt_date(r.as_of)}",
            note="Écart = valeur − objectif (en points pour les taux). Objectifs : "
            f"{targets_note(r)}.",
        )
    ]
