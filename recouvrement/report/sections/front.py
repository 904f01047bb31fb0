"""The report's first pages: cover, sources, executive summary, written findings, key KPIs.

Each function takes the :class:`~recouvrement.report.context.Report` and returns the
blocks of one notebook cell, in order (``display(*blocks)``); the section headings
and introductions are the notebook's markdown cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from recouvrement.formatting import fmt_date, fmt_eur, fmt_month, fmt_pct
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


def cover(r: Report, issued: object = None) -> list[Html]:
    """The cover: company, month, addressee and consultant (``report:``), dates, « Confidentiel ».

    ``issued`` is the issue date (today when not given). Nothing technical here: the
    sources, versions and parameters are in the technical appendix; the report's
    reference (its run stamp) is in every page footer.
    """
    meta = r.ledger.meta.get("report") or {}
    facts_ = {}
    if meta.get("addressee"):
        facts_["À l’attention de"] = meta["addressee"]
    if meta.get("consultant"):
        facts_["Établi par"] = meta["consultant"]
    facts_["Date d’arrêté des comptes"] = fmt_date(r.as_of)
    facts_["Date d’émission"] = fmt_date(pd.Timestamp(issued or dt.date.today()))
    facts_["Secteur"] = r.ledger.meta.get("sector") or "non renseigné"
    return [
        cover_page(
            r.ledger.name,
            fmt_month(r.plan.month),
            facts_,
            stamp=r.plan.stamp,
            footer=[
                "Document confidentiel, destiné à la direction de la société auditée.",
                f"Montants TTC en {currency_name(r.ledger.currency)}, établis à partir des "
                "seuls fichiers de la société (liste en annexe technique).",
                f"Référence du rapport : {r.plan.stamp}.",
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


def targets_note(r: Report, keys: Sequence[str]) -> str:
    """Where the targets of ``keys`` come from, for a KPI table's note."""
    parts = [
        f"{r.kpis[k].label} : {r.goals[k].source}"
        for k in keys
        if k in r.goals and r.goals[k].value is not None
    ]
    if not parts:
        return "Aucun objectif fixé pour ces indicateurs (ni fichier d'objectifs, ni "
        "référence publique sur la même base)."
    return "Objectifs : " + " ; ".join(parts) + "."


def key_kpis(r: Report) -> list[Html]:
    """The key KPIs against the previous month and their targets."""
    return [
        kpi_table(
            [r.kpis[k] for k in KEY_KPIS],
            targets=r.targets,
            previous=r.previous,
            caption=f"Indicateurs clés au {fmt_date(r.as_of)}",
            note="Écart = valeur − objectif (en points pour les taux). "
            + targets_note(r, KEY_KPIS),
        )
    ]
