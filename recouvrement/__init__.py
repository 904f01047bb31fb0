"""recouvrement: audit of a company's accounts receivable ("poste client").

``import recouvrement as rc`` gives the public API: the validated :class:`Ledger`,
:func:`read_ledger`, the as-of aged balance and its :class:`Snapshot`, every KPI, the
audit layer (dunning, legal claims, scoring, letters) and the written findings.

This module is the façade only: nothing inside the package imports it. The layers,
from the bottom up, are described in ``docs/architecture.md``.
"""

from recouvrement._version import __version__
from recouvrement.aging import (
    Reconciliation,
    ReconciliationError,
    Snapshot,
    aged_balance,
    aged_balance_history,
    open_items,
    reconcile,
    snapshot,
    unapplied,
)
from recouvrement.audit import AuditLayer, audit_layer
from recouvrement.conventions import MONTH_BUCKETS, Buckets
from recouvrement.io import load_config, read_ledger
from recouvrement.kpi import (
    DEFAULT_TARGETS,
    KpiResult,
    activation_rate,
    average_days_delinquent,
    bad_debt_rate,
    best_possible_dso,
    collection_effectiveness_index,
    compare_to_targets,
    cost_per_euro_collected,
    days_sales_outstanding,
    dispute_rate,
    doubtful_receivables,
    dunning_coverage_rate,
    kpi_history,
    kpi_pack,
    payment_behaviour,
    payment_behaviour_summary,
    recovery_by_segment,
    recovery_rate,
    unpaid_rate,
)
from recouvrement.ledger import Ledger, LedgerError, ParseOptions
from recouvrement.report.findings import Findings, audit_findings, executive_findings

__all__ = [
    "DEFAULT_TARGETS",
    "MONTH_BUCKETS",
    "AuditLayer",
    "Buckets",
    "Findings",
    "KpiResult",
    "Ledger",
    "LedgerError",
    "ParseOptions",
    "Reconciliation",
    "ReconciliationError",
    "Snapshot",
    "__version__",
    "activation_rate",
    "aged_balance",
    "aged_balance_history",
    "audit_findings",
    "audit_layer",
    "average_days_delinquent",
    "bad_debt_rate",
    "best_possible_dso",
    "collection_effectiveness_index",
    "compare_to_targets",
    "cost_per_euro_collected",
    "days_sales_outstanding",
    "dispute_rate",
    "doubtful_receivables",
    "dunning_coverage_rate",
    "executive_findings",
    "kpi_history",
    "kpi_pack",
    "load_config",
    "open_items",
    "payment_behaviour",
    "payment_behaviour_summary",
    "read_ledger",
    "reconcile",
    "recovery_by_segment",
    "recovery_rate",
    "snapshot",
    "unapplied",
    "unpaid_rate",
]
