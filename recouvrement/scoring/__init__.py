"""Behavioural risk score per debtor, risk classes, ABC value segments, recommendations.

:func:`risk_scores` rates every debtor of the portfolio from its own history in the
ledger (DOMAIN.md, "Risk scoring and segmentation"): seven factors, each mapped to a
*badness* between 0 (nothing to report) and 1 (as bad as the factor's ``worst``
threshold or worse), weighted by an editable table (:func:`load_weights`, shipped as
``recouvrement/data/scoring_weights.csv``, weights summing to 100)::

    score = round(100 − Σ_factors weight × badness, 1)        (0 ≤ score ≤ 100)

=================  ======================================================  ============
factor             value (per debtor, as of D, period P = (D − 12 m, D])   badness
=================  ======================================================  ============
days_late          amount-weighted days late of the invoices settled in P   value/worst
                   and of the invoices overdue at D (days past due)
share_late         % of those invoices that are late                        value/worst
disputes           % of the period's invoices with a dispute opened ≤ D     value/worst
reminders          dunning actions dated in P per invoice of the period     value/worst
instalments        % of the period's invoices paid in ≥ 2 payments          value/worst
trend              days late over the last 3 months − over the 9 before     value/worst
relationship_age   days since the debtor's first invoice                    1 − v/worst
=================  ======================================================  ============

every badness clipped to [0, 1]. A factor that cannot be measured for a debtor (table
not provided, no trend window) is left out and the other weights are scaled back to
100 (see :func:`risk_scores`). The risk class follows from the rounded score
(:data:`FIABLE` ≥ 70, :data:`MODERE` 40 to 69.9, :data:`A_RISQUE` < 40) and gives a
French recommendation (:data:`RECOMMENDATIONS`). A separate axis, the ABC value
segmentation (:func:`abc_segments`), ranks debtors by encours (Pareto 80/15/5).

Nothing here prints or mutates its inputs; the only file read is the weights table.

- :mod:`~recouvrement.scoring.weights`: the factors and the editable weights table;
- :mod:`~recouvrement.scoring.segments`: risk classes, recommendations, ABC segments;
- :mod:`~recouvrement.scoring.factors`: the factors measured per debtor, their badness;
- :mod:`~recouvrement.scoring.scores`: :func:`risk_scores` and :func:`class_changes`;
- :mod:`~recouvrement.scoring.rules`: the French rules of the methodology appendix.
"""

from recouvrement.scoring.factors import (
    INSTALMENT_MIN_PAYMENTS,
    SCORING_MONTHS,
    TREND_RECENT_MONTHS,
)
from recouvrement.scoring.rules import RULES, rules
from recouvrement.scoring.scores import (
    CHANGE_COLUMNS,
    NO_FACTOR_REASON,
    NO_HISTORY_REASON,
    SCORE_COLUMNS,
    class_changes,
    risk_scores,
)
from recouvrement.scoring.segments import (
    A_RISQUE,
    ABC_A_SHARE,
    ABC_B_SHARE,
    ABC_LABELS,
    DEPOSIT_PERCENT,
    FIABLE,
    FIABLE_MIN_SCORE,
    MODERE,
    MODERE_MIN_SCORE,
    RECOMMENDATIONS,
    RISK_CLASSES,
    abc_segments,
    risk_class,
)
from recouvrement.scoring.weights import (
    FACTOR_LABELS,
    FACTORS,
    WEIGHT_COLUMNS,
    WEIGHT_TOTAL,
    WEIGHTS_FILE,
    WeightsArg,
    check_weights,
    load_weights,
)

__all__ = [
    "ABC_A_SHARE",
    "ABC_B_SHARE",
    "ABC_LABELS",
    "A_RISQUE",
    "CHANGE_COLUMNS",
    "DEPOSIT_PERCENT",
    "FACTORS",
    "FACTOR_LABELS",
    "FIABLE",
    "FIABLE_MIN_SCORE",
    "INSTALMENT_MIN_PAYMENTS",
    "MODERE",
    "MODERE_MIN_SCORE",
    "NO_FACTOR_REASON",
    "NO_HISTORY_REASON",
    "RECOMMENDATIONS",
    "RISK_CLASSES",
    "RULES",
    "SCORE_COLUMNS",
    "SCORING_MONTHS",
    "TREND_RECENT_MONTHS",
    "WEIGHT_COLUMNS",
    "WEIGHT_TOTAL",
    "WEIGHTS_FILE",
    "WeightsArg",
    "abc_segments",
    "check_weights",
    "class_changes",
    "load_weights",
    "risk_class",
    "risk_scores",
    "rules",
]
