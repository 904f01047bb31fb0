"""The consultant's portfolio at one month: every company's figures, computed once.

:func:`open_overview` makes each company's plan (validated id, month within its data,
inputs fingerprinted, :func:`recouvrement.report.plan.make_plan`), reads its ledger from
its own folder only, and computes what the portfolio report shows: the aged balance
figures, the KPI pack and its history, the targets on public references, the roll rates
and the DSO decomposition of the month. A company that cannot be read is set aside with
its reason in French, never counted as zero.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from recouvrement import conventions as cv
from recouvrement._version import __version__
from recouvrement.aging import ReconciliationError, Snapshot, reconcile
from recouvrement.formatting import fmt_month
from recouvrement.io import CompanyError, list_companies, read_ledger
from recouvrement.kpi import KpiResult, kpi_history, kpi_pack
from recouvrement.kpi.targets import Target, kpi_targets
from recouvrement.ledger import LedgerError
from recouvrement.portfolio import DsoBridge, dso_bridge, roll_history
from recouvrement.portfolio.compare import kpi_standing, reference_comparison
from recouvrement.report.context import PortfolioFigures, portfolio_figures
from recouvrement.report.overview.exceptions import kpi_exceptions
from recouvrement.report.plan import Plan, ReportError, make_plan, validate_buckets, validate_month

__all__ = ["TREND_MONTHS", "CompanyView", "Overview", "open_overview"]

#: Month ends of each company's trends (small multiples).
TREND_MONTHS = 24

#: Month transitions averaged in the roll-rate matrices.
ROLL_MONTHS = 12

#: KPIs placed against the portfolio (quartiles and rank), in the report's order.
STANDING_KEYS = (
    "dso",
    "dso_bdf",
    "average_days_delinquent",
    "cei",
    "recovery_rate_3m",
    "unpaid_rate",
    "dispute_rate",
    "bad_debt_rate",
    "weighted_days_late",
)


@dataclass(frozen=True)
class CompanyView:
    """One company of the portfolio at the month end.

    Attributes
    ----------
    plan : Plan
        Its validated plan (folder, inputs fingerprinted).
    name, sector, size, currency, consultant : str
        From its ``recouvrement.yml`` (``""`` when not given).
    figures : PortfolioFigures
        The aged balance summed over debtors (amounts in ``currency``).
    kpis : dict of key to KpiResult
        The KPI pack at the month end.
    history : DataFrame
        The KPI history over :data:`TREND_MONTHS` month ends (:func:`kpi_history`).
    targets : dict of key to Target
        Each KPI's target on public references (the monthly report's default).
    rolls : DataFrame
        The roll-rate history (:func:`recouvrement.portfolio.roll_history`).
    bridge : DsoBridge
        The DSO change of the month split into its effects.

    """

    plan: Plan
    name: str
    sector: str
    size: str
    currency: str
    consultant: str
    figures: PortfolioFigures
    kpis: dict[str, KpiResult]
    history: pd.DataFrame
    targets: dict[str, Target]
    rolls: pd.DataFrame
    bridge: DsoBridge

    @property
    def company(self) -> str:
        """The company id."""
        return self.plan.company


@dataclass(frozen=True)
class Overview:
    """The portfolio of one month: the companies read, those set aside, the comparisons.

    ``standing`` (:func:`~recouvrement.portfolio.compare.kpi_standing`),
    ``references`` (one row per company and compared KPI, with ``company``),
    ``exceptions`` (:func:`~.exceptions.kpi_exceptions`); ``skipped`` maps a company id
    to the reason it is not in the portfolio's figures.
    """

    month: str
    buckets: str
    companies: tuple[CompanyView, ...]
    skipped: dict[str, str]
    standing: pd.DataFrame
    references: pd.DataFrame
    exceptions: pd.DataFrame
    version: str = __version__
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def as_of(self) -> pd.Timestamp:
        """The month end."""
        return cv.month_end(self.month)

    @property
    def month_label(self) -> str:
        """``octobre 2026``."""
        return fmt_month(self.month)

    @property
    def stamp(self) -> str:
        """16 hex digits of SHA-256(every company's inputs, month, buckets, version)."""
        key = {"inputs": self.inputs, "month": self.month, "buckets": self.buckets}
        key["version"] = self.version
        return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]

    def company(self, company: str) -> CompanyView:
        """The view of ``company`` (KeyError when it is not in the portfolio)."""
        for view in self.companies:
            if view.company == company:
                return view
        raise KeyError(company)


def company_view(plan: Plan) -> CompanyView:
    """Read one company's ledger (its own folder only) and compute its portfolio figures.

    Raises :class:`~recouvrement.ledger.LedgerError` when its files cannot be read and
    :class:`~recouvrement.aging.ReconciliationError` when its aged balance does not
    reconcile (the caller sets the company aside with the reason).
    """
    ledger = read_ledger(plan.folder, confined=True)
    as_of = plan.as_of
    snap = Snapshot(ledger, as_of, plan.scheme)
    reconcile(ledger, as_of, snap.balance)  # raises if the invariant fails
    kpis = kpi_pack(ledger, as_of)
    report = ledger.meta.get("report") or {}
    size = report.get("size") or ""
    sector = ledger.meta.get("sector") or ""
    return CompanyView(
        plan=plan,
        name=ledger.name,
        sector=str(sector),
        size=str(size),
        currency=ledger.currency,
        consultant=str(report.get("consultant") or ""),
        figures=portfolio_figures(snap),
        kpis=kpis,
        history=kpi_history(ledger, as_of, months=TREND_MONTHS),
        targets=kpi_targets(kpis, sector=sector or None, size=size or None, as_of=as_of),
        rolls=roll_history(ledger, as_of, months=ROLL_MONTHS, buckets=plan.scheme),
        bridge=dso_bridge(ledger, as_of),
    )


def open_overview(
    month: str,
    *,
    data_dir: str | os.PathLike[str] = "data/samples",
    companies: Sequence[str] | None = None,
    buckets: str = "jours",
    progress: bool = False,
) -> Overview:
    """The portfolio of ``month``: every company of ``data_dir`` (or ``companies``).

    Parameters
    ----------
    month : str
        ``YYYY-MM``; every company is taken at that month's last day.
    data_dir : str or path
        The folder of company folders.
    companies : sequence of str, optional
        Company ids (default: every company folder of ``data_dir``).
    buckets : str
        Bucket preset of the roll rates (``jours``, ``120``, ``mois``).
    progress : bool
        Show a progress bar (tqdm) over the companies.

    Returns
    -------
    Overview

    Raises
    ------
    ReportError
        Invalid month or preset, a missing data folder, or no company at all in the
        portfolio's figures (each one's reason is listed).

    Notes
    -----
    A company with no data in ``month``, unreadable files or an aged balance that does not
    reconcile is set aside with its reason (:attr:`Overview.skipped`), never shown as
    zero. KPI comparisons are currency-free (days, percentages); amounts are only ever
    summed over companies of one currency (the report says which).

    """
    month = validate_month(month)
    validate_buckets(buckets)
    try:
        ids = list(companies) if companies else list_companies(data_dir)
    except CompanyError as exc:
        raise ReportError(str(exc)) from None
    views, skipped, inputs = [], {}, {}
    iterator = ids
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(ids, desc="Portefeuille", unit="société")
    for company in iterator:
        try:
            plan = make_plan(company, month, data_dir=data_dir, buckets=buckets)
            view = company_view(plan)
        except (ReportError, CompanyError, LedgerError, ReconciliationError) as exc:
            skipped[company] = str(exc)
            continue
        views.append(view)
        inputs[company] = dict(plan.inputs)
    if not views:
        detail = " ; ".join(f"{c} : {r}" for c, r in skipped.items()) or "aucune société"
        raise ReportError(f"portefeuille vide pour {month} : {detail}")
    return Overview(
        month=month,
        buckets=buckets,
        companies=tuple(views),
        skipped=skipped,
        standing=kpi_standing(_values(views)),
        references=_references(views),
        exceptions=kpi_exceptions(
            {v.company: v.history for v in views}, {v.company: v.targets for v in views}
        ),
        inputs=inputs,
    )


def _values(views: Sequence[CompanyView]) -> pd.DataFrame:
    """Company × KPI values at the month end (NaN when not available)."""
    data = {
        v.company: {k: (v.kpis[k].value if k in v.kpis else None) for k in STANDING_KEYS}
        for v in views
    }
    return pd.DataFrame.from_dict(data, orient="index", columns=list(STANDING_KEYS)).astype(
        "float64"
    )


def _references(views: Sequence[CompanyView]) -> pd.DataFrame:
    frames = []
    for v in views:
        values: Mapping[str, float | None] = {k: r.value for k, r in v.kpis.items()}
        frame = reference_comparison(
            values, sector=v.sector or None, size=v.size or None, as_of=v.plan.as_of
        )
        frame.insert(0, "company", v.company)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
