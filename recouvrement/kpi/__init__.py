"""Key performance indicators of the receivables audit, rebuilt as of a date.

Every KPI is a pure function ``(ledger, as_of, ...)`` that returns a
:class:`KpiResult`: the value, its unit, the numerator and denominator, the number
of debtors in the base and whether that base is large enough to be significant,
and the convention actually used, written in French for the report's methodology
appendix. Nothing here reads files, prints or mutates its inputs.

Conventions shared by every function (DOMAIN.md is the reference):

- **as-of**: the ledger is rebuilt at ``as_of`` exactly as :mod:`recouvrement.aging`
  does (invoices issued after the date do not exist, payments, credit notes and
  write-offs dated after it are ignored); money is computed in integer cents and
  converted to euros at the end.
- **period**: a KPI over ``months`` months covers ``(as_of − months, as_of]``, the
  start being shifted with :func:`recouvrement.conventions.shift_months` (a month
  end stays a month end); its length in days is the actual number of calendar days.
- **overdue**: open (residual > 0) with at least one day past due
  (``due_date < D``); an invoice due on ``D`` is not overdue.
- **encours**: the net balance of the ledger at the date, i.e. the ``Total`` of
  :func:`recouvrement.aging.aged_balance` summed over debtors (open items plus the
  ``Non affecté`` column: unapplied cash and overpayments reduce it).
- **missing inputs**: a KPI whose table was not provided, whose base is empty or
  whose sales are nil returns ``value=None`` with a French ``reason``
  (``"non disponible : ..."``); it never returns a made-up 0 and never raises for
  missing data. Invalid arguments raise :class:`ValueError` naming the value.

Performance: the functions work on the numpy arrays of :func:`aging.ledger_arrays`
(cached on the ledger) with ``bincount`` on integer cents; :func:`kpi_pack` and
:func:`kpi_history` share one :class:`~recouvrement.kpi.engine.KpiContext` so that
every as-of state is computed once.

Modules (each KPI module also exposes its KPIs on a shared context, ``*_kpi(ctx, ...)``):

- :mod:`~recouvrement.kpi.result`: :class:`KpiResult`, its factory, units, labels, significance;
- :mod:`~recouvrement.kpi.periods`: named periods, argument checks, French period texts;
- :mod:`~recouvrement.kpi.arrays`: events sorted by date, coded actions, date slices;
- :mod:`~recouvrement.kpi.engine`: :class:`~recouvrement.kpi.engine.KpiContext`, the
  memoised as-of states shared by the KPIs;
- :mod:`~recouvrement.kpi.recovery`: recovery and unpaid rates, per age segment;
- :mod:`~recouvrement.kpi.dunning_rates`: activation rate and dunning coverage;
- :mod:`~recouvrement.kpi.dso`: DSO (accounting, countback, average encours);
- :mod:`~recouvrement.kpi.delinquency`: best possible DSO, ADD and CEI;
- :mod:`~recouvrement.kpi.costs`: collection cost per euro collected or per euro of encours;
- :mod:`~recouvrement.kpi.losses`: bad-debt rate, dispute rate, doubtful receivables;
- :mod:`~recouvrement.kpi.behaviour`: payment behaviour of the settled invoices;
- :mod:`~recouvrement.kpi.pack`: the KPI pack at a date and its monthly history;
- :mod:`~recouvrement.kpi.targets`: directions, indicative targets, comparison table.
"""

from __future__ import annotations

from recouvrement.kpi.behaviour import (
    BEHAVIOUR_COLUMNS,
    payment_behaviour,
    payment_behaviour_summary,
)
from recouvrement.kpi.costs import COST_METHODS, cost_per_euro_collected
from recouvrement.kpi.delinquency import (
    average_days_delinquent,
    best_possible_dso,
    collection_effectiveness_index,
)
from recouvrement.kpi.dso import DSO_METHODS, days_sales_outstanding
from recouvrement.kpi.dunning_rates import activation_rate, dunning_coverage_rate
from recouvrement.kpi.losses import (
    DISPUTE_METHODS,
    bad_debt_rate,
    dispute_rate,
    doubtful_receivables,
)
from recouvrement.kpi.pack import HISTORY_COLUMNS, kpi_history, kpi_pack
from recouvrement.kpi.periods import (
    ANNUAL_MONTHS,
    DEFAULT_HORIZON_MONTHS,
    DSO_MONTHS,
    HISTORY_MONTHS,
    MONTHLY_MONTHS,
    ROLLING_MONTHS,
)
from recouvrement.kpi.recovery import recovery_by_segment, recovery_rate, unpaid_rate
from recouvrement.kpi.result import DEBTOR_BASE_KPIS, KPI_LABELS, UNITS, KpiResult
from recouvrement.kpi.targets import (
    DEFAULT_TARGETS,
    HIGHER_IS_BETTER,
    KPI_DIRECTION,
    LOWER_IS_BETTER,
    compare_to_targets,
    kpi_direction,
)

__all__ = [
    "ANNUAL_MONTHS",
    "BEHAVIOUR_COLUMNS",
    "COST_METHODS",
    "DEBTOR_BASE_KPIS",
    "DEFAULT_HORIZON_MONTHS",
    "DEFAULT_TARGETS",
    "DISPUTE_METHODS",
    "DSO_METHODS",
    "DSO_MONTHS",
    "HIGHER_IS_BETTER",
    "HISTORY_COLUMNS",
    "HISTORY_MONTHS",
    "KPI_DIRECTION",
    "KPI_LABELS",
    "LOWER_IS_BETTER",
    "MONTHLY_MONTHS",
    "ROLLING_MONTHS",
    "UNITS",
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
    "kpi_direction",
    "kpi_history",
    "kpi_pack",
    "payment_behaviour",
    "payment_behaviour_summary",
    "recovery_by_segment",
    "recovery_rate",
    "unpaid_rate",
]
