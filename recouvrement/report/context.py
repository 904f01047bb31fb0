"""Everything a monthly report shows, computed once from its plan: :func:`open_report`.

The report notebook calls :func:`open_report` in its first cell and then only
displays: the ledger (read from the company's own folder only), the
:class:`~recouvrement.aging.Snapshot` at the month end shared by every section, the
reconciliation, the KPI pack and its history, the audit layer, the written findings
and the :class:`~recouvrement.report.headline.Headline`. Nothing here prints.
"""

from __future__ import annotations

import platform
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Reconciliation, Snapshot, aged_balance_history, reconcile
from recouvrement.aging.books import fec_book, lettrage_quality, tie_to_books
from recouvrement.audit import AuditLayer, action_plan, audit_layer
from recouvrement.audit.decisions import DUNNED_KEYS
from recouvrement.conventions import Limits
from recouvrement.conventions.risk import A_RISQUE
from recouvrement.dunning import UNCOVERED_LABEL
from recouvrement.formatting import fmt_month, set_money_unit
from recouvrement.io import load_targets, read_ledger
from recouvrement.kpi import KpiResult, compare_to_targets, kpi_history, kpi_pack
from recouvrement.kpi.targets import Target, kpi_targets, target_values
from recouvrement.ledger import Ledger, LedgerError
from recouvrement.report.findings import Findings, audit_findings, executive_findings
from recouvrement.report.headline import Headline
from recouvrement.report.plan import Plan, ReportError, make_plan

#: Month ends of the aged-balance evolution shown in the report.
EVOLUTION_MONTHS = 12

#: Month ends of the KPI history (this month, the previous one and eleven before).
KPI_HISTORY_MONTHS = 13


@dataclass(frozen=True)
class PortfolioFigures:
    """The aged balance summed over debtors at the as-of date (euros, counts).

    ``open_invoices`` = Σ buckets; ``overdue`` = Σ buckets but « Non échu »;
    ``oldest`` = the oldest bucket; ``unapplied`` = Σ « Non affecté » (≤ 0);
    ``encours`` = open invoices + unapplied (the Total column); ``n_debtors`` =
    debtors invoiced by the as-of date; ``n_open_items`` and ``n_overdue_items`` =
    open invoices, and those at least one day past due.
    """

    open_invoices: float
    overdue: float
    oldest: float
    unapplied: float
    encours: float
    n_debtors: int
    n_with_balance: int
    n_open_items: int
    n_overdue_items: int

    @property
    def overdue_share(self) -> float | None:
        """Overdue / open invoices × 100 (``None`` when nothing is open)."""
        return self.overdue / self.open_invoices * 100 if self.open_invoices else None

    @property
    def oldest_share(self) -> float | None:
        """Oldest bucket / open invoices × 100 (``None`` when nothing is open)."""
        return self.oldest / self.open_invoices * 100 if self.open_invoices else None


def portfolio_figures(snap: Snapshot) -> PortfolioFigures:
    """The :class:`PortfolioFigures` of a snapshot (each sum rounded to the cent)."""
    balance, labels = snap.balance, snap.buckets.labels()
    invoices = snap.ledger.invoices
    open_invoices = round(float(balance[labels].to_numpy().sum()), 2)
    unapplied = round(float(balance[cv.UNAPPLIED_LABEL].sum()), 2)
    return PortfolioFigures(
        open_invoices=open_invoices,
        overdue=round(float(balance[labels[1:]].to_numpy().sum()), 2),
        oldest=round(float(balance[labels[-1]].sum()), 2),
        unapplied=unapplied,
        encours=round(open_invoices + unapplied, 2),
        n_debtors=int(invoices.loc[invoices["issue_date"] <= snap.as_of, "debtor_id"].nunique()),
        n_with_balance=len(balance),
        n_open_items=len(snap.items),
        n_overdue_items=int((snap.items["days_past_due"] > 0).sum()),
    )


def report_targets(plan: Plan, ledger: Ledger, kpis: Mapping[str, KpiResult]) -> dict[str, Target]:
    """Each KPI's target and its source (:func:`recouvrement.kpi.targets.kpi_targets`).

    The company's targets file (``targets_file``) first, KPI by KPI; otherwise the dated
    public reference on the KPI's own basis for the company's sector and size
    (``sector:``, ``report: size:`` of recouvrement.yml); otherwise no target. Raises
    :class:`~recouvrement.report.plan.ReportError` for an unreadable file, a value that
    is not a number or a key that is not a KPI key.
    """
    own, name = None, "objectifs.yml"
    if plan.targets_file is not None:
        name = plan.targets_file.name
        try:
            own = load_targets(plan.targets_file)
            compare_to_targets({}, own)  # checks every key is a KPI key
        except (LedgerError, ValueError) as exc:
            raise ReportError(f"fichier d'objectifs {name} : {exc}") from None
    return kpi_targets(
        kpis,
        own=own,
        own_name=name,
        sector=ledger.meta.get("sector"),
        size=(ledger.meta.get("report") or {}).get("size"),
        as_of=plan.as_of,
    )


@dataclass(frozen=True)
class Report:
    """One report's inputs and results (see :func:`open_report`); treat it as read-only."""

    plan: Plan
    ledger: Ledger
    snap: Snapshot
    figures: PortfolioFigures
    reconciliation: Reconciliation
    history: pd.DataFrame
    targets: dict[str, float]
    kpis: dict[str, KpiResult]
    kpi_history: pd.DataFrame
    previous: dict[str, float]
    findings: Findings
    audit: AuditLayer
    audit_sections: list[tuple[str, list[str]]]
    headline: Headline
    action_plan: pd.DataFrame | None = None
    goals: dict[str, Target] = field(default_factory=dict)
    books_tie: pd.DataFrame | None = None
    books_months: tuple[pd.Timestamp, ...] = ()
    lettrage: pd.DataFrame | None = None

    @property
    def as_of(self) -> pd.Timestamp:
        """The as-of date (the month end)."""
        return self.snap.as_of

    @property
    def labels(self) -> list[str]:
        """The bucket labels of the report's scheme, « Non échu » first."""
        return self.snap.buckets.labels()

    @property
    def names(self) -> pd.Series:
        """Debtor id -> name."""
        return self.ledger.debtor_names

    @property
    def limits(self) -> Limits:
        """The company's plausibility bounds (``limits:`` of its recouvrement.yml)."""
        return self.ledger.limits

    @property
    def versions(self) -> tuple[str, str, str]:
        """``(package, Python, pandas)`` versions: what computed the report."""
        return self.plan.version, platform.python_version(), pd.__version__


def headline(
    plan: Plan,
    ledger: Ledger,
    figures: PortfolioFigures,
    *,
    reconciliation: Reconciliation,
    kpis: Mapping[str, KpiResult],
    audit: AuditLayer,
) -> Headline:
    """The report's :class:`Headline` from its figures, reconciliation, KPIs and audit layer."""
    coverage = audit.coverage
    return Headline(
        company=plan.company,
        company_name=ledger.name,
        month=plan.month,
        month_label=fmt_month(plan.month),
        as_of=f"{plan.as_of:%Y-%m-%d}",
        stamp=plan.stamp,
        encours=figures.encours,
        overdue=figures.overdue,
        overdue_share=figures.overdue_share,
        open_invoices_amount=figures.open_invoices,
        over_90=figures.oldest,
        unapplied=figures.unapplied,
        debtors_with_balance=figures.n_with_balance,
        open_invoices=figures.n_open_items,
        quality_findings=len(ledger.quality),
        rows_set_aside=int(ledger.counts["set_aside"].sum()),
        reconciled=reconciliation.ok,
        recovery_rate_3m=kpis["recovery_rate_3m"].value,
        dso=kpis["dso"].value,
        average_days_delinquent=kpis["average_days_delinquent"].value,
        cei=kpis["cei"].value,
        dispute_rate=kpis["dispute_rate"].value,
        undunned_share=None
        if coverage is None
        else coverage.table().loc[UNCOVERED_LABEL, "share_invoices"],
        total_claimable=audit.totals["total_claimable"],
        debtors_at_risk=int((audit.scores["risk_class"] == A_RISQUE).sum()),
        letters=len(audit.letters),
        consultant=(ledger.meta.get("report") or {}).get("consultant"),
    )


def previous_decisions(ledger: Ledger, snap: Snapshot) -> pd.DataFrame | None:
    """The decisions at the previous month end, from the ledger as it stood then.

    ``None`` when no invoice was issued by then (no previous plan to carry).
    """
    before = cv.month_end(snap.as_of - pd.offsets.MonthEnd(1))
    if not (ledger.invoices["issue_date"] <= before).any():
        return None
    return audit_layer(Snapshot(ledger, before, snap.buckets)).decisions


def open_report(plan: Plan | Mapping[str, Any] | None = None, **parameters: Any) -> Report:
    """Load one report's data and compute everything it shows, once.

    Parameters
    ----------
    plan : Plan or mapping, optional
        The plan made by the runner (:meth:`Plan.to_dict` in the notebook's ``plan``
        parameter). Empty or ``None``: a plan is made here from ``parameters``.
    **parameters
        ``company, month, data_dir, language, targets_file, buckets``, as in
        :func:`~recouvrement.report.plan.make_plan` (used only without a plan).

    Returns
    -------
    Report

    Raises
    ------
    ReportError
        Invalid parameters or targets file.
    LedgerError
        The company's files cannot be read, or lead outside its folder.
    ReconciliationError
        The aged balance does not reconcile with the ledger (a bug, never a footnote).
    BooksTieError
        For a FEC, the aged balance differs from a debtor's customer account at the
        report's date or one of the month ends before it.

    """
    if isinstance(plan, Plan):
        the_plan = plan
    elif plan:
        the_plan = Plan.from_dict(plan)
    else:
        the_plan = make_plan(**parameters)
    ledger = read_ledger(the_plan.folder, confined=True)
    set_money_unit(ledger.currency)  # amounts printed in the company's currency
    as_of = the_plan.as_of
    snap = Snapshot(ledger, as_of, the_plan.scheme)
    figures = portfolio_figures(snap)
    reconciliation = reconcile(ledger, as_of, snap.balance)  # raises if the invariant fails
    # a FEC's customer accounts: the aged balance ties to them at every month end of the
    # data up to the report's date
    book = fec_book(ledger)
    books_months = (
        tuple(pd.date_range(cv.month_end(book.period[0]), as_of, freq="ME")) or (as_of,)
        if book
        else ()
    )
    # each raises BooksTieError on any difference; the last one is the report's date
    ties = [tie_to_books(ledger, day) for day in books_months]
    history = aged_balance_history(ledger, as_of, months=EVOLUTION_MONTHS, buckets=snap.buckets)
    kpis = kpi_pack(ledger, as_of)
    goals = report_targets(the_plan, ledger, kpis)
    targets = target_values(goals)
    kpi_hist = kpi_history(ledger, as_of, months=KPI_HISTORY_MONTHS)
    month_ends = kpi_hist["as_of"].drop_duplicates().sort_values()
    previous = kpi_hist[kpi_hist["as_of"] == month_ends.iloc[-2]].set_index("key")["value"]
    names = ledger.debtor_names
    language = the_plan.language
    audit = audit_layer(snap)
    decided = audit.decisions
    plan_actions = action_plan(decided, previous_decisions(ledger, snap), snap)
    findings = executive_findings(
        kpi_hist,
        targets=targets,
        balance=snap.balance,
        names=names,
        language=language,
        not_to_dun=decided.loc[~decided["key"].isin(DUNNED_KEYS), "debtor_id"].tolist(),
    )
    return Report(
        plan=the_plan,
        ledger=ledger,
        snap=snap,
        figures=figures,
        reconciliation=reconciliation,
        history=history,
        targets=targets,
        kpis=kpis,
        kpi_history=kpi_hist,
        previous=previous.to_dict(),
        findings=findings,
        audit=audit,
        audit_sections=audit_findings(audit, names, language=language),
        headline=headline(
            the_plan, ledger, figures, reconciliation=reconciliation, kpis=kpis, audit=audit
        ),
        action_plan=plan_actions,
        goals=goals,
        books_tie=ties[-1] if ties else None,
        books_months=books_months,
        lettrage=lettrage_quality(ledger, as_of),
    )
