"""Written findings of the monthly audit report's executive summary (no LLM, only rules).

:func:`executive_findings` turns the tidy KPI history of :func:`recouvrement.kpi.kpi_history`
and, optionally, the aged balance at the last month end into short plain-text sentences,
grouped in five sections: what moved this month, what is off target, which debtors drive
the overdue, the recommended actions and the KPIs that could not be computed. Sentences
are plain text (not HTML): the report template escapes them. Nothing here reads files,
prints or mutates its inputs.

Rules and thresholds (quoted in French in the methodology appendix through :data:`RULES`):

1. **Moves** (month end vs the previous month end of the history), only for the headline
   KPIs of :data:`MOVE_KEYS` (the unpaid rate, the DSO variants, the best possible DSO
   and the rolling recovery rates repeat them) and only when the move reaches the
   materiality threshold of the KPI's unit: :data:`MOVE_THRESHOLD_PTS` (1 point) for
   rates (``%``), :data:`MOVE_THRESHOLD_DAYS` (3 days) for days (DSO, ADD...),
   :data:`MOVE_THRESHOLD_RELATIVE` (10 % of the previous value) for euro amounts (any
   move from 0 counts) and :data:`MOVE_THRESHOLD_RATIO` (0.01) for plain ratios (cost
   per euro collected). A move is an improvement or a deterioration according to
   :data:`recouvrement.kpi.KPI_DIRECTION`. A KPI not available at either date has no
   move. With a single month end in the history, one sentence says that no comparison
   is possible.
2. **Trend**: over the last :data:`TREND_MONTHS` month ends (3), when both monthly
   changes go the same way (strictly) and the cumulated change reaches the same
   materiality threshold, a trend sentence is added.
3. **Off target**: every available KPI that has a target (default
   :data:`recouvrement.kpi.DEFAULT_TARGETS`) and is on the wrong side of it
   (``direction × (value − target) < 0``), with its value, target and gap
   (Écart = Résultat − Objectif, points for rates). A KPI flagged not significant (fewer
   than :data:`recouvrement.conventions.MIN_DEBTORS_SIGNIFICANT` debtors in its base) is
   still listed, with that mention.
4. **Drivers** (needs the aged balance): overdue of a debtor = sum of its aged buckets
   other than ``Non échu`` (gross: unapplied cash in ``Non affecté`` is not netted, as
   in the sort order of :func:`recouvrement.aging.aged_balance`). The
   :data:`TOP_DEBTORS` (3) largest are named with their share of the total overdue and
   their amount in the oldest bucket; then the concentration (share of those top
   debtors) and the share of the oldest bucket of the scheme (``> 90`` by default).
5. **Actions**, by rule, in this order; only KPIs that are significant trigger an action:

   a. DSO, ADD, recovery rate or CEI off target → tighten reminders on the top overdue
      debtors, named;
   b. oldest-bucket share ≥ :data:`OLD_SHARE_THRESHOLD` (25 % of the overdue) → review
      doubtful provisioning and consider a formal notice (mise en demeure), naming the
      debtors with the largest old amounts;
   c. top-debtor share ≥ :data:`CONCENTRATION_THRESHOLD` (50 % of the overdue) → follow
      those debtors individually;
   d. dispute rate off target → resolve the open disputes;
   e. dunning coverage off target → dun the overdue invoices that have no action;
   f. activation rate off target → review the channel and level of the reminders;
   g. cost per euro collected off target → keep costly actions for the claims worth it;
   h. bad-debt rate off target → strengthen the credit-risk review;
   i. doubtful receivables > 0 → file the claims of the debtors in insolvency
      proceedings with the court-appointed administrator;
   j. KPI not available → name the table to provide (grouped by table), or the data
      to check.

6. **Unavailable**: every KPI not available at the last month end, with its reason. The
   reason is read from the ``reason`` column of the history (``kpi_history`` carries
   each KPI's ``non disponible : …``); when a history has no reason for a KPI, the table
   the KPI needs is named (:data:`KPI_TABLES`), otherwise the reason is said to be unknown.

Numbers use :mod:`recouvrement.formatting`, in French (no-break spaces U+00A0, minus sign
U+2212) or in English (``language="en"``: ``€1,234.56``, ``12.3%``, ``72.4 days``,
``31 October 2026``; minus sign U+2212 too). English sentences use English KPI labels
(:data:`KPI_LABELS_EN`, falling back to the key); the French reasons of
:class:`recouvrement.kpi.KpiResult` are translated when known (:data:`REASONS_EN`).

:func:`audit_findings` writes the findings of the audit layer (dunning, creditor's
rights, risk) in the same two languages.

Modules:

- :mod:`~recouvrement.report.findings.rules`: the thresholds as named constants and
  their French text (:data:`RULES`);
- :mod:`~recouvrement.report.findings.texts`: the sentence templates, French and English;
- :mod:`~recouvrement.report.findings.language`: one language's numbers, dates, labels
  and reasons;
- :mod:`~recouvrement.report.findings.history`: the inputs checked (KPI history,
  targets, debtor names);
- :mod:`~recouvrement.report.findings.moves`: rules 1-2, moves and trends;
- :mod:`~recouvrement.report.findings.status`: rules 3 and 6, KPIs off target or not
  available;
- :mod:`~recouvrement.report.findings.drivers`: rule 4, the drivers of the overdue;
- :mod:`~recouvrement.report.findings.actions`: rule 5, the recommended actions;
- :mod:`~recouvrement.report.findings.executive`: :func:`executive_findings` and
  :class:`Findings`;
- :mod:`~recouvrement.report.findings.audit`: :func:`audit_findings`, the audit layer's
  findings.
"""

from __future__ import annotations

from recouvrement.formatting import LANGUAGES
from recouvrement.report.findings.audit import audit_findings
from recouvrement.report.findings.executive import Findings, executive_findings
from recouvrement.report.findings.language import KPI_LABELS_EN, REASONS_EN
from recouvrement.report.findings.rules import (
    CONCENTRATION_THRESHOLD,
    DUNNING_TRIGGER_KEYS,
    KPI_TABLES,
    MOVE_KEYS,
    MOVE_THRESHOLD_DAYS,
    MOVE_THRESHOLD_PTS,
    MOVE_THRESHOLD_RATIO,
    MOVE_THRESHOLD_RELATIVE,
    OLD_SHARE_THRESHOLD,
    PRESCRIPTION_URGENT_DAYS,
    RULES,
    TOP_DEBTORS,
    TREND_MONTHS,
)

__all__ = [
    "CONCENTRATION_THRESHOLD",
    "DUNNING_TRIGGER_KEYS",
    "KPI_LABELS_EN",
    "KPI_TABLES",
    "LANGUAGES",
    "MOVE_KEYS",
    "MOVE_THRESHOLD_DAYS",
    "MOVE_THRESHOLD_PTS",
    "MOVE_THRESHOLD_RATIO",
    "MOVE_THRESHOLD_RELATIVE",
    "OLD_SHARE_THRESHOLD",
    "PRESCRIPTION_URGENT_DAYS",
    "REASONS_EN",
    "RULES",
    "TOP_DEBTORS",
    "TREND_MONTHS",
    "Findings",
    "audit_findings",
    "executive_findings",
]
