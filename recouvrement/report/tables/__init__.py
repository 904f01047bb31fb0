"""The report's French tables: the rows behind the headline figures, shown as they are.

Pure functions (frames in, frames out, nothing printed, inputs never modified), so the
report notebook stays a thin sequence of calls:

- :mod:`~recouvrement.report.tables.portfolio`: aged balance, evolution, top overdue
  debtors, recovery by age, disputes, doubtful receivables, write-offs, payers;
- :mod:`~recouvrement.report.tables.risk`: risk classes, ABC segments, riskiest debtors,
  credit-limit breaches, worsened classes;
- :mod:`~recouvrement.report.tables.dunning`: calendar, coverage, adherence,
  effectiveness, next actions, invoices left out;
- :mod:`~recouvrement.report.tables.legal`: claims, prescription, long terms;
- :mod:`~recouvrement.report.tables.quality`: files read, counts, anomalies, rules applied.
"""

from recouvrement.report.tables.dunning import (
    adherence_gaps,
    adherence_summary_table,
    calendar_steps,
    coverage_table,
    effectiveness_table,
    excluded_table,
    next_actions_table,
)
from recouvrement.report.tables.legal import claims_table, long_terms_table, prescription_table
from recouvrement.report.tables.portfolio import (
    aged_balance_table,
    doubtful_table,
    evolution_table,
    open_disputes,
    recovery_segments_table,
    top_overdue,
    worst_payers,
    write_offs,
)
from recouvrement.report.tables.quality import (
    anomalies_table,
    counts_table,
    rules_applied_table,
    sources_table,
)
from recouvrement.report.tables.risk import (
    abc_segments,
    class_worsening,
    limit_breaches,
    risk_classes,
    riskiest,
)

__all__ = [
    "abc_segments",
    "adherence_gaps",
    "adherence_summary_table",
    "aged_balance_table",
    "anomalies_table",
    "calendar_steps",
    "claims_table",
    "class_worsening",
    "counts_table",
    "coverage_table",
    "doubtful_table",
    "effectiveness_table",
    "evolution_table",
    "excluded_table",
    "limit_breaches",
    "long_terms_table",
    "next_actions_table",
    "open_disputes",
    "prescription_table",
    "recovery_segments_table",
    "risk_classes",
    "riskiest",
    "rules_applied_table",
    "sources_table",
    "top_overdue",
    "worst_payers",
    "write_offs",
]
