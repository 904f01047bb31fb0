"""recouvrement: audit of a company's accounts receivable ("poste client").

``import recouvrement as rc`` gives the public API: the validated :class:`Ledger`,
:func:`read_ledger`, the as-of aged balance and its :class:`Snapshot`, every KPI, the
audit layer (dunning, legal claims, scoring, letters) and the written findings.

This module is the façade only: nothing inside the package imports it, and it imports
nothing until a name is asked for (PEP 562), so ``import recouvrement.runner`` or
``import recouvrement.io`` load only what they use. The layers, from the bottom up,
are described in ``docs/architecture.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from recouvrement._version import __version__

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "__version__": "recouvrement._version",
    "Reconciliation": "recouvrement.aging",
    "ReconciliationError": "recouvrement.aging",
    "Snapshot": "recouvrement.aging",
    "aged_balance": "recouvrement.aging",
    "aged_balance_history": "recouvrement.aging",
    "open_items": "recouvrement.aging",
    "reconcile": "recouvrement.aging",
    "snapshot": "recouvrement.aging",
    "unapplied": "recouvrement.aging",
    "AuditLayer": "recouvrement.audit",
    "audit_layer": "recouvrement.audit",
    "Buckets": "recouvrement.conventions",
    "MONTH_BUCKETS": "recouvrement.conventions",
    "load_config": "recouvrement.io",
    "read_ledger": "recouvrement.io",
    "read_fec": "recouvrement.io",
    "FecOptions": "recouvrement.io",
    "tie_to_books": "recouvrement.aging.books",
    "lettrage_quality": "recouvrement.aging.books",
    "DEFAULT_TARGETS": "recouvrement.kpi",
    "KpiResult": "recouvrement.kpi",
    "activation_rate": "recouvrement.kpi",
    "average_days_delinquent": "recouvrement.kpi",
    "bad_debt_rate": "recouvrement.kpi",
    "best_possible_dso": "recouvrement.kpi",
    "collection_effectiveness_index": "recouvrement.kpi",
    "compare_to_targets": "recouvrement.kpi",
    "cost_per_euro_collected": "recouvrement.kpi",
    "days_sales_outstanding": "recouvrement.kpi",
    "dispute_rate": "recouvrement.kpi",
    "doubtful_receivables": "recouvrement.kpi",
    "dunning_coverage_rate": "recouvrement.kpi",
    "kpi_history": "recouvrement.kpi",
    "kpi_pack": "recouvrement.kpi",
    "payment_behaviour": "recouvrement.kpi",
    "payment_behaviour_summary": "recouvrement.kpi",
    "recovery_by_segment": "recouvrement.kpi",
    "recovery_rate": "recouvrement.kpi",
    "unpaid_rate": "recouvrement.kpi",
    "Ledger": "recouvrement.ledger",
    "LedgerError": "recouvrement.ledger",
    "ParseOptions": "recouvrement.ledger",
    "Findings": "recouvrement.report.findings",
    "audit_findings": "recouvrement.report.findings",
    "executive_findings": "recouvrement.report.findings",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'recouvrement' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
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
    from recouvrement.aging.books import lettrage_quality, tie_to_books
    from recouvrement.audit import AuditLayer, audit_layer
    from recouvrement.conventions import MONTH_BUCKETS, Buckets
    from recouvrement.io import FecOptions, load_config, read_fec, read_ledger
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
