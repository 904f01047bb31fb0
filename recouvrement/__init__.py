"""recouvrement: audit of a company's accounts receivable ("poste client").

``import recouvrement as rc`` gives the whole public API: the validated
:class:`Ledger`, :func:`read_ledger`, the as-of aged balance and every KPI.
"""

from recouvrement.aging import (
    Reconciliation,
    ReconciliationError,
    aged_balance,
    aged_balance_history,
    open_items,
    reconcile,
    unapplied,
)
from recouvrement.audit import AuditLayer, audit_layer
from recouvrement.conventions import MONTH_BUCKETS, Buckets
from recouvrement.findings import Findings, audit_findings, executive_findings
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
from recouvrement.schema import Ledger, LedgerError, ParseOptions

__version__ = "0.1.0"

__all__ = [
    "AuditLayer",
    "audit_findings",
    "audit_layer",
    "DEFAULT_TARGETS",
    "KpiResult",
    "activation_rate",
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
    "kpi_history",
    "kpi_pack",
    "payment_behaviour",
    "payment_behaviour_summary",
    "recovery_by_segment",
    "recovery_rate",
    "unpaid_rate",
    "MONTH_BUCKETS",
    "Buckets",
    "Ledger",
    "LedgerError",
    "ParseOptions",
    "Reconciliation",
    "ReconciliationError",
    "__version__",
    "aged_balance",
    "aged_balance_history",
    "load_config",
    "open_items",
    "read_ledger",
    "reconcile",
    "unapplied",
    "Findings",
    "executive_findings",
]
