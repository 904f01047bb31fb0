"""The behavioural risk score per debtor, and the debtors whose class worsened."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.scoring.factors import (
    SCORING_MONTHS,
    badness,
    check_months,
    details,
    factor_values,
    population,
)
from recouvrement.scoring.segments import RECOMMENDATIONS, RISK_CLASSES, abc_segments, risk_class
from recouvrement.scoring.weights import FACTORS, WeightsArg, as_weights

__all__ = [
    "CHANGE_COLUMNS",
    "NO_FACTOR_REASON",
    "NO_HISTORY_REASON",
    "SCORE_COLUMNS",
    "class_changes",
    "risk_scores",
]

#: Why a debtor has no score.
NO_HISTORY_REASON = "non disponible : pas d'historique de paiement"
NO_FACTOR_REASON = "non disponible : aucun facteur pondéré n'a pu être mesuré"

#: Columns of :func:`risk_scores`.
SCORE_COLUMNS = [
    "debtor_id",
    "name",
    "score",
    "risk_class",
    "reason",
    "recommendation",
    *[c for f in FACTORS for c in (f, f"{f}_badness")],
    "encours",
    "overdue",
    "credit_limit",
    "limit_breach",
    "abc",
    "details",
]

#: Columns of :func:`class_changes`.
CHANGE_COLUMNS = [
    "debtor_id",
    "name",
    "previous_score",
    "previous_class",
    "score",
    "risk_class",
    "score_change",
]


def risk_scores(
    snap: Snapshot,
    *,
    weights: WeightsArg = None,
    months: int = SCORING_MONTHS,
    ignored_actions: Collection[int] = (),
) -> pd.DataFrame:
    """Behavioural risk score, risk class, ABC segment and recommendation per debtor.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the date the scores are computed at, the end of the period
        (:class:`recouvrement.aging.Snapshot`).
    weights : DataFrame, str, Path or None
        The weights table (see :func:`~recouvrement.scoring.weights.load_weights`), a
        path to one, or ``None`` for the packaged default.
    months : int
        Length of the period P in calendar months (default 12, must be > 3).
    ignored_actions : collection of int
        Rows of ``ledger.actions`` the reminders factor does not count: the audit
        passes the actions logged after their invoice was settled
        (:func:`recouvrement.dunning.action_rows_after_settlement`), since dunning what
        was paid is the creditor's error, not the debtor's behaviour.

    Returns
    -------
    DataFrame
        One row per debtor with an open balance at ``as_of`` (any non-zero cell of
        the aged balance) or an invoice issued, a payment, credit note or write-off
        dated in P. Columns:

        - ``debtor_id``, ``name`` (from the debtors table, missing without it);
        - ``score`` (0-100, 0.1 precision, NaN when not available), ``risk_class``
          (one of :data:`RISK_CLASSES`, missing when not available), ``reason``
          (:data:`NO_HISTORY_REASON` or :data:`NO_FACTOR_REASON` when not
          available, missing otherwise),
          ``recommendation`` (French, :data:`RECOMMENDATIONS`; missing when not
          available);
        - for each factor of :data:`FACTORS`, its value (unit in
          :data:`~recouvrement.scoring.weights.FACTOR_LABELS`; NaN when it cannot be measured) and
          ``<factor>_badness`` (0-1; NaN when not measured or when the debtor has
          no payment history);
        - ``encours`` (€, the aged balance's Total, unapplied cash netted),
          ``overdue`` (€, Total − Non échu − Non affecté), ``credit_limit`` (€, NaN
          when unknown), ``limit_breach`` (nullable bool: encours > credit limit,
          missing without a limit), ``abc`` (:func:`abc_segments` on ``encours``);
        - ``details``: French note naming the factors that could not be measured.

        Sorted by score ascending (riskiest first, not available last), then
        ``debtor_id``.

    Raises
    ------
    ValueError
        Invalid weights (every problem listed) or ``months`` ≤ 3.

    Notes
    -----
    With D = ``snap.as_of``, P = (D − months, D] and "invoices of the period" = the
    debtor's invoices issued in P plus those issued earlier and still open at the
    start of P (residual > 0):

    - **days_late** = Σ amount × days late / Σ amount over the invoices settled in
      P (days late = max(0, settlement − due date), from
      :func:`recouvrement.kpi.payment_behaviour`) and the invoices open and overdue
      at D (days late = D − due date so far); weights = invoice amounts.
    - **share_late** = late invoices / invoices of that same set × 100 (an invoice
      overdue at D is late).
    - **disputes** = invoices of the period with a dispute opened ≤ D / invoices
      of the period × 100 (NaN without a disputes table).
    - **reminders** = dunning actions of the debtor dated in P (on an invoice or
      on the debtor), except ``ignored_actions``, / invoices of the period (NaN
      without an actions table).
    - **instalments**: the data contract has no instalment-plan table; the proxy
      is the share (%) of the invoices of the period that received at least
      :data:`~recouvrement.scoring.factors.INSTALMENT_MIN_PAYMENTS` payments dated ≤ D.
    - **trend** = days_late over (D − 3 months, D] − days_late over
      (D − months, D − 3 months], each computed as ``days_late`` above on its own
      window (settled in the window, overdue at its end); positive = worsening.
      NaN when either window has nothing to measure.
    - **relationship_age** = D − the debtor's first invoice date, in days.

    badness = clip(value / worst, 0, 1), except relationship_age:
    clip(1 − value / worst, 0, 1). Then, over the factors measured for the debtor
    (M; all of them when every table is given)::

        score = round(100 × (1 − Σ_M weight × badness / Σ_M weight), 1)

    which is ``100 − Σ weight × badness`` when every factor is measured (weights sum
    to 100). A factor that cannot be measured (NaN value, NaN badness) is left out
    and the other weights are scaled up, so that a missing table never makes a
    debtor look safer; it is named in ``details``. When no weighted factor is
    measured, the score is not available (:data:`NO_FACTOR_REASON`).

    and the class uses the rounded score: fiable ≥ 70, modéré ≥ 40, à risque < 40.
    **Not available**: a debtor with no invoice settled in P and none overdue at D
    (no payment history to judge) gets no score, never a default one.

    Examples
    --------
    >>> scores = risk_scores(snapshot(ledger, "2026-10-31"))  # doctest: +SKIP
    >>> scores[["debtor_id", "score", "risk_class"]]  # doctest: +SKIP

    """
    ledger = snap.ledger
    months = check_months(months)
    table = as_weights(weights)
    balance = snap.balance
    debtors = population(snap, months)
    values, available = factor_values(snap, months, debtors, ignored_actions)

    out = pd.DataFrame(index=debtors)
    if ledger.has("debtors"):
        info = ledger.debtors.assign(debtor_id=ledger.debtors["debtor_id"].astype("str"))
        info = info.set_index("debtor_id")
        out["name"] = info["name"].reindex(debtors).astype("str")
        out["credit_limit"] = info["credit_limit"].reindex(debtors).astype("float64")
    else:
        out["name"] = pd.Series(np.nan, index=debtors, dtype="str")
        out["credit_limit"] = np.nan
    penalty = pd.Series(0.0, index=debtors)
    measured = pd.Series(0.0, index=debtors)
    for row in table.itertuples(index=False):
        bad = badness(row.factor, values[row.factor], row.worst)
        penalty = penalty + row.weight * bad.fillna(0.0)
        measured = measured + row.weight * bad.notna()
        out[row.factor] = values[row.factor]
        out[f"{row.factor}_badness"] = bad.where(available)
    scored = available & (measured > 0)
    score = 100 * (1 - penalty / measured.where(scored))
    out["score"] = score.round(1).clip(lower=0.0, upper=100.0)
    out["risk_class"] = risk_class(out["score"])
    reason = np.where(available, np.where(scored, None, NO_FACTOR_REASON), NO_HISTORY_REASON)
    out["reason"] = pd.Series(reason, index=debtors, dtype="str")
    out["recommendation"] = out["risk_class"].map(RECOMMENDATIONS).astype("str")

    cols = balance.columns
    encours = balance[cv.TOTAL_LABEL].reindex(debtors, fill_value=0.0)
    not_due = balance[cv.NOT_DUE_LABEL] if cv.NOT_DUE_LABEL in cols else 0.0
    overdue = balance[cv.TOTAL_LABEL] - not_due - balance[cv.UNAPPLIED_LABEL]
    out["encours"] = encours.astype("float64")
    out["overdue"] = overdue.reindex(debtors, fill_value=0.0).round(2).astype("float64")
    breach = pd.Series(
        (out["encours"] > out["credit_limit"]).to_numpy(), index=debtors, dtype="boolean"
    )
    out["limit_breach"] = breach.mask(out["credit_limit"].isna())
    out["abc"] = abc_segments(out["encours"])
    out["details"] = details(ledger, values, available)

    out = out.reset_index()
    out["debtor_id"] = out["debtor_id"].astype("str")
    out = out.sort_values(
        ["score", "debtor_id"], ascending=[True, True], na_position="last", kind="stable"
    )
    return out[SCORE_COLUMNS].reset_index(drop=True)


def class_changes(
    snap: Snapshot,
    *,
    weights: WeightsArg = None,
    months: int = SCORING_MONTHS,
    scores: pd.DataFrame | None = None,
    ignored_actions: Collection[int] = (),
) -> pd.DataFrame:
    """Debtors whose risk class worsened since the previous month end.

    Parameters
    ----------
    snap, weights, months, ignored_actions
        As in :func:`risk_scores` (an action after settlement dated by the previous
        month end was already after settlement then: one list serves both dates).
    scores : DataFrame, optional
        :func:`risk_scores` of ``snap`` with the same weights and months, when
        already computed (not recomputed then).

    Returns
    -------
    DataFrame
        Columns ``debtor_id, name, previous_score, previous_class, score,
        risk_class, score_change`` (points, score − previous score); one row per
        debtor whose class is worse at ``as_of`` than at the previous month end.
        Sorted by ``score_change`` ascending (largest drop first), then
        ``debtor_id``.

    Notes
    -----
    The previous date is ``month_end(shift_months(snap.as_of, −1))`` (31 October →
    30 September; 15 October → 30 September). Class order: fiable < modéré <
    à risque. A debtor not scored at either date (not available, or absent) is
    not a worsening.

    """
    day = snap.as_of
    table = as_weights(weights)
    previous = cv.month_end(cv.shift_months(day, -1))
    if scores is None:
        scores = risk_scores(snap, weights=table, months=months, ignored_actions=ignored_actions)
    now = scores.set_index("debtor_id")
    then = risk_scores(
        Snapshot(snap.ledger, previous),
        weights=table,
        months=months,
        ignored_actions=ignored_actions,
    )
    then = then.set_index("debtor_id")
    rank = {c: i for i, c in enumerate(RISK_CLASSES)}
    both = now[["name", "score", "risk_class"]].join(
        then[["score", "risk_class"]].rename(
            columns={"score": "previous_score", "risk_class": "previous_class"}
        ),
        how="inner",
    )
    worse = both["risk_class"].map(rank) > both["previous_class"].map(rank)
    out = both[worse.fillna(False).astype("bool")].reset_index()
    out["score_change"] = (out["score"] - out["previous_score"]).round(1)
    out = out.sort_values(["score_change", "debtor_id"], kind="stable")
    return out[CHANGE_COLUMNS].reset_index(drop=True)
