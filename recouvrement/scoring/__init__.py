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
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot, open_items
from recouvrement.conventions.data import read_csv
from recouvrement.conventions.risk import A_RISQUE, FIABLE, MODERE, RISK_CLASSES
from recouvrement.formatting import fmt_number
from recouvrement.kpi import payment_behaviour
from recouvrement.ledger import Ledger

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
    "abc_segments",
    "check_weights",
    "class_changes",
    "load_weights",
    "risk_class",
    "risk_scores",
    "rules",
]

# ---------------------------------------------------------------------------
# Named conventions
# ---------------------------------------------------------------------------
#: The factors of the score, in report order.
FACTORS = (
    "days_late",
    "share_late",
    "disputes",
    "reminders",
    "instalments",
    "trend",
    "relationship_age",
)

#: French label and unit of each factor's value.
FACTOR_LABELS: dict[str, tuple[str, str]] = {
    "days_late": ("Retard moyen pondéré", "j"),
    "share_late": ("Part des factures en retard", "%"),
    "disputes": ("Part des factures en litige", "%"),
    "reminders": ("Relances par facture", "relances"),
    "instalments": ("Part des factures réglées en plusieurs fois", "%"),
    "trend": ("Tendance du retard (3 derniers mois − 9 précédents)", "j"),
    "relationship_age": ("Ancienneté de la relation", "j"),
}

#: Columns of the weights table.
WEIGHT_COLUMNS = ["factor", "weight", "worst", "description"]

#: The weights must sum to this (points of score).
WEIGHT_TOTAL = 100.0

#: Packaged default weights (``recouvrement/data/``).
WEIGHTS_FILE = "scoring_weights.csv"

#: Length of the scoring period, in calendar months.
SCORING_MONTHS = 12

#: The trend compares the last ``TREND_RECENT_MONTHS`` months with the rest of the period.
TREND_RECENT_MONTHS = 3

#: An invoice with at least this many payments counts as paid in instalments.
INSTALMENT_MIN_PAYMENTS = 2

#: Lowest (rounded) score of each class.
FIABLE_MIN_SCORE = 70.0
MODERE_MIN_SCORE = 40.0

#: Deposit asked of a debtor rated "à risque" (percent of the order).
DEPOSIT_PERCENT = 30

#: French recommendation per risk class (DOMAIN.md).
RECOMMENDATIONS: dict[str, str] = {
    FIABLE: "Conditions habituelles ; suivi normal de la limite de crédit.",
    MODERE: (
        "Relance dès J+1 après l'échéance, relances plus fréquentes ; surveiller "
        "l'encours par rapport à la limite de crédit."
    ),
    A_RISQUE: (
        f"Paiement comptant ou acompte de {DEPOSIT_PERCENT} % à la commande ; relance "
        "anticipée (avis avant échéance) ; réduction de la limite de crédit."
    ),
}

#: Why a debtor has no score.
NO_HISTORY_REASON = "non disponible : pas d'historique de paiement"
NO_FACTOR_REASON = "non disponible : aucun facteur pondéré n'a pu être mesuré"

#: ABC segmentation: cumulated share of the encours (percent) closing segments A and B.
ABC_A_SHARE = 80.0
ABC_B_SHARE = 95.0
ABC_LABELS = ("A", "B", "C")

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

_EXCLUDED = "facteur exclu, poids des autres facteurs ramenés à 100"
_NOT_MEASURED = {
    "disputes": f"litiges : table des litiges non fournie, {_EXCLUDED}",
    "reminders": f"relances : journal des relances non fourni, {_EXCLUDED}",
    "trend": f"tendance : pas de facture soldée ou échue sur l'une des deux fenêtres, {_EXCLUDED}",
}


# ---------------------------------------------------------------------------
# Weights
# ---------------------------------------------------------------------------
def check_weights(weights: pd.DataFrame, source: str = "weights") -> pd.DataFrame:
    """Validate a weights table and return a clean copy in :data:`FACTORS` order.

    Parameters
    ----------
    weights : DataFrame
        Columns ``factor, weight, worst, description`` (see :func:`load_weights`).
    source : str
        Name of the table in error messages (e.g. the file path).

    Returns
    -------
    DataFrame
        Columns ``factor`` (str), ``weight`` (float, points), ``worst`` (float, in
        the factor's unit), ``description`` (str); one row per factor of
        :data:`FACTORS`, in that order.

    Raises
    ------
    ValueError
        Listing every problem found: missing column, unknown, duplicate or missing
        factor, weight not a number or negative, ``worst`` not a number or ≤ 0,
        weights not summing to 100.

    """
    if not isinstance(weights, pd.DataFrame):
        raise ValueError(f"{source}: expected a DataFrame, got {type(weights).__name__}")
    missing = [c for c in WEIGHT_COLUMNS if c not in weights.columns]
    if missing:
        raise ValueError(
            f"invalid scoring weights ({source}): missing column(s) {', '.join(missing)}; "
            f"expected {', '.join(WEIGHT_COLUMNS)}"
        )
    frame = weights.loc[:, WEIGHT_COLUMNS].copy()
    frame["factor"] = frame["factor"].astype("str").str.strip()
    weight = pd.to_numeric(frame["weight"], errors="coerce").astype("float64")
    worst = pd.to_numeric(frame["worst"], errors="coerce").astype("float64")
    problems: list[str] = []
    for pos, factor in enumerate(frame["factor"]):
        if factor not in FACTORS:
            problems.append(
                f"row {pos + 1}: unknown factor {factor!r} (known: {', '.join(FACTORS)})"
            )
        if np.isnan(weight.iloc[pos]):
            problems.append(f"{factor}: weight '{frame['weight'].iloc[pos]}' is not a number")
        elif weight.iloc[pos] < 0:
            problems.append(f"{factor}: negative weight {weight.iloc[pos]:g}")
        if np.isnan(worst.iloc[pos]) or worst.iloc[pos] <= 0:
            problems.append(f"{factor}: worst '{frame['worst'].iloc[pos]}' must be a number > 0")
    duplicated = frame["factor"][frame["factor"].duplicated()].unique().tolist()
    if duplicated:
        problems.append(f"duplicate factor(s): {', '.join(duplicated)}")
    absent = [f for f in FACTORS if f not in set(frame["factor"])]
    if absent:
        problems.append(f"missing factor(s): {', '.join(absent)} (give them weight 0)")
    total = float(weight.sum())
    if weight.notna().all() and abs(total - WEIGHT_TOTAL) > 1e-9:
        problems.append(f"weights sum to {total:g}, not {WEIGHT_TOTAL:g}")
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise ValueError(
            f"invalid scoring weights ({source}, {len(problems)} problem(s)):\n{lines}"
        )
    out = pd.DataFrame(
        {
            "factor": frame["factor"],
            "weight": weight,
            "worst": worst,
            "description": frame["description"].fillna("").astype("str"),
        }
    )
    out = out.set_index("factor").loc[list(FACTORS)].reset_index()
    return out.astype({"factor": "str"})


def load_weights(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the scoring weights table.

    Parameters
    ----------
    path : str or Path, optional
        A UTF-8 CSV file (comma-separated) with columns ``factor, weight, worst,
        description``. ``None`` reads the packaged default
        ``recouvrement/data/scoring_weights.csv``.

    Returns
    -------
    DataFrame
        As :func:`check_weights`: one row per factor of :data:`FACTORS`.

    Raises
    ------
    ValueError
        When the table is invalid (every problem listed, see :func:`check_weights`).
    FileNotFoundError
        When ``path`` does not exist.

    Notes
    -----
    ``weight`` is in points of score (Σ weights = 100); ``worst`` is in the
    factor's unit (days, percent, reminders per invoice) and is the value at which
    the factor's badness reaches 1 (for ``relationship_age``, the age in days from
    which the badness is 0). The default table:

    ================  ======  =====
    factor            weight  worst
    ================  ======  =====
    days_late         30      60 j
    share_late        15      100 %
    disputes          15      20 %
    reminders         15      2
    instalments       5       50 %
    trend             10      30 j
    relationship_age  10      365 j
    ================  ======  =====

    Examples
    --------
    >>> load_weights()["weight"].sum()  # doctest: +SKIP
    100.0

    """
    if path is None:
        return check_weights(read_csv("data", WEIGHTS_FILE), f"recouvrement/data/{WEIGHTS_FILE}")
    file = Path(path)
    raw = pd.read_csv(file, dtype="str", keep_default_na=False, encoding="utf-8")
    return check_weights(raw, str(file))


def _as_weights(weights: pd.DataFrame | str | Path | None) -> pd.DataFrame:
    if weights is None or isinstance(weights, (str, Path)):
        return load_weights(weights)
    return check_weights(weights)


# ---------------------------------------------------------------------------
# Classes and segments
# ---------------------------------------------------------------------------
def risk_class(scores: pd.Series) -> pd.Series:
    """Risk class of each score: ``fiable`` ≥ 70, ``modéré`` ≥ 40, ``à risque`` below.

    Parameters
    ----------
    scores : Series of float
        Scores 0-100 (already rounded to 0.1); NaN = not available.

    Returns
    -------
    Series of str
        Same index; one of :data:`RISK_CLASSES`, missing where the score is NaN.

    """
    values = scores.astype("float64")
    out = np.select(
        [values >= FIABLE_MIN_SCORE, values >= MODERE_MIN_SCORE, values.notna()],
        [FIABLE, MODERE, A_RISQUE],
        default=None,
    )
    return pd.Series(out, index=scores.index, dtype="str", name="risk_class")


def abc_segments(encours: pd.Series) -> pd.Series:
    """ABC value segment of each debtor by encours (Pareto 80 / 15 / 5).

    Parameters
    ----------
    encours : Series of float
        Encours per debtor (euros), indexed by ``debtor_id``.

    Returns
    -------
    Series of str
        Same index and order; ``"A"``, ``"B"`` or ``"C"``.

    Notes
    -----
    Debtors are sorted by encours descending, ties by ``debtor_id`` ascending
    (deterministic; two debtors with the same encours may fall on either side of a
    boundary). With ``T`` = Σ of the positive encours and ``before`` = the share of
    ``T`` held by the debtors ranked above::

        A  if before < 80 %     (A = the fewest top debtors reaching 80 % of T)
        B  if before < 95 %     (the next ones, up to 95 %)
        C  otherwise

    so the debtor that crosses a boundary belongs to the segment it completes, and
    A holds at least 80 % of ``T``. A debtor with an encours ≤ 0 (nothing owed, or
    unapplied cash only) is ``C``; if no debtor owes anything, all are ``C``.

    Examples
    --------
    >>> abc_segments(pd.Series({"a": 50.0, "b": 30.0, "c": 15.0, "d": 5.0}))  # doctest: +SKIP
    a A / b A / c B / d C

    """
    values = encours.astype("float64")
    frame = pd.DataFrame(
        {"id": encours.index.astype("str"), "value": values.to_numpy(), "pos": range(len(values))}
    )
    frame = frame.sort_values(["value", "id"], ascending=[False, True], kind="stable")
    positive = frame["value"].clip(lower=0)
    total = float(positive.sum())
    label = np.full(len(frame), ABC_LABELS[2], dtype=object)
    if total > 0:
        before = (positive.cumsum() - positive) / total * 100
        label = np.select(
            [before < ABC_A_SHARE, before < ABC_B_SHARE], ABC_LABELS[:2], default=ABC_LABELS[2]
        ).astype(object)
        label[(frame["value"] <= 0).to_numpy()] = ABC_LABELS[2]
    out = pd.Series(label, index=frame["pos"].to_numpy()).sort_index()
    return pd.Series(out.to_numpy(), index=encours.index, dtype="str", name="abc")


# ---------------------------------------------------------------------------
# Factors
# ---------------------------------------------------------------------------
def _check_months(months: object) -> int:
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)):
        raise ValueError(f"months must be an integer number of months, got {months!r}")
    if months <= TREND_RECENT_MONTHS:
        raise ValueError(
            f"months must be > {TREND_RECENT_MONTHS} (the trend compares the last "
            f"{TREND_RECENT_MONTHS} months with the rest of the period), got {months!r}"
        )
    return int(months)


def _lateness(
    ledger: Ledger, end: pd.Timestamp, months: int, items: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per debtor: Σ amount, Σ amount × days late, invoices, late invoices.

    Invoices settled in ``(end − months, end]`` (from :func:`payment_behaviour`)
    plus invoices open and overdue at ``end`` (days past due so far); ``items``: the
    open items at ``end`` when already computed.
    """
    behaviour = payment_behaviour(ledger, end, months=months).set_index("debtor_id")
    settled = pd.DataFrame(
        {
            "weight": behaviour["amount"],
            "weighted_late": behaviour["amount"] * behaviour["days_late"],
            "n": behaviour["n_invoices"].astype("float64"),
            "n_late": np.rint(behaviour["share_late"] * behaviour["n_invoices"] / 100),
        }
    )
    items = open_items(ledger, end) if items is None else items
    overdue = items[items["days_past_due"] > 0]
    open_late = (
        pd.DataFrame(
            {
                "debtor_id": overdue["debtor_id"],
                "weight": overdue["amount"],
                "weighted_late": overdue["amount"] * overdue["days_past_due"],
                "n": 1.0,
                "n_late": 1.0,
            }
        )
        .groupby("debtor_id")[["weight", "weighted_late", "n", "n_late"]]
        .sum()
    )
    both = pd.concat([settled, open_late])
    out = both.groupby(level=0).sum()
    out.index = out.index.astype("str")
    out.index.name = "debtor_id"
    out["days_late"] = out["weighted_late"] / out["weight"].where(out["weight"] > 0)
    return out


def _period_invoices(ledger: Ledger, day: pd.Timestamp, start: pd.Timestamp) -> pd.DataFrame:
    """Invoices of the period: issued in ``(start, day]`` or still open at ``start``."""
    inv = ledger.invoices
    issued = (inv["issue_date"] > start) & (inv["issue_date"] <= day)
    open_at_start = inv["invoice_id"].isin(open_items(ledger, start)["invoice_id"])
    return inv.loc[issued | open_at_start, ["invoice_id", "debtor_id"]]


def _count_by_debtor(ids: pd.Series, index: pd.Index) -> pd.Series:
    return ids.astype("str").value_counts().reindex(index, fill_value=0).astype("float64")


def _badness(factor: str, value: pd.Series, worst: float) -> pd.Series:
    if factor == "relationship_age":
        raw = 1 - value / worst
    else:
        raw = value / worst
    return raw.clip(lower=0.0, upper=1.0)  # NaN stays NaN: not measured


def _population(
    ledger: Ledger, day: pd.Timestamp, start: pd.Timestamp, balance: pd.DataFrame
) -> pd.Index:
    """Debtors with a balance at ``day`` or an invoice, payment, credit or write-off in P."""
    inv = ledger.invoices
    ids = [
        balance.index.to_series(),
        inv.loc[inv["issue_date"].between(start, day, "right"), "debtor_id"],
    ]
    for table in (ledger.payments, ledger.credit_notes):
        ids.append(table.loc[table["date"].between(start, day, "right"), "debtor_id"])
    wo = ledger.write_offs
    wo_inv = wo.loc[wo["date"].between(start, day, "right"), "invoice_id"]
    ids.append(inv.loc[inv["invoice_id"].isin(wo_inv), "debtor_id"])
    every = pd.concat([s.astype("str") for s in ids], ignore_index=True).dropna()
    return pd.Index(sorted(every.unique()), dtype="str", name="debtor_id")


def _factor_values(
    snap: Snapshot, months: int, debtors: pd.Index
) -> tuple[pd.DataFrame, pd.Series]:
    """(factor values per debtor, availability mask)."""
    ledger, day = snap.ledger, snap.as_of
    start = cv.shift_months(day, -months)
    late = _lateness(ledger, day, months, snap.items).reindex(debtors)
    recent = _lateness(ledger, day, TREND_RECENT_MONTHS, snap.items).reindex(debtors)
    before = _lateness(
        ledger, cv.shift_months(day, -TREND_RECENT_MONTHS), months - TREND_RECENT_MONTHS
    ).reindex(debtors)
    period = _period_invoices(ledger, day, start)
    n_period = _count_by_debtor(period["debtor_id"], debtors)
    base = n_period.where(n_period > 0)

    values = pd.DataFrame(index=debtors)
    values["days_late"] = late["days_late"]
    values["share_late"] = late["n_late"] / late["n"] * 100
    if ledger.has("disputes"):
        disputed = ledger.disputes.loc[ledger.disputes["opened_date"] <= day, "invoice_id"]
        hit = period.loc[period["invoice_id"].isin(disputed), "debtor_id"]
        values["disputes"] = _count_by_debtor(hit, debtors) / base * 100
    else:
        values["disputes"] = np.nan
    if ledger.has("actions"):
        acts = ledger.actions
        in_period = acts["date"].between(start, day, "right") & acts["debtor_id"].notna()
        values["reminders"] = _count_by_debtor(acts.loc[in_period, "debtor_id"], debtors) / base
    else:
        values["reminders"] = np.nan
    pays = ledger.payments
    pays = pays[pays["invoice_id"].notna() & (pays["date"] <= day)]
    n_pay = pays["invoice_id"].value_counts()
    several = n_pay.index[n_pay >= INSTALMENT_MIN_PAYMENTS]
    hit = period.loc[period["invoice_id"].isin(several), "debtor_id"]
    values["instalments"] = _count_by_debtor(hit, debtors) / base * 100
    values["trend"] = recent["days_late"] - before["days_late"]
    inv = ledger.invoices[ledger.invoices["issue_date"] <= day]
    first = inv.groupby(inv["debtor_id"].astype("str"))["issue_date"].min().reindex(debtors)
    values["relationship_age"] = ((day - first) / pd.Timedelta(days=1)).astype("float64")
    available = late["n"].fillna(0) > 0
    return values.astype("float64"), available


def _details(ledger: Ledger, values: pd.DataFrame, available: pd.Series) -> pd.Series:
    """French note per debtor naming the factors that could not be measured."""
    common = [
        _NOT_MEASURED[factor]
        for factor, table in (("disputes", "disputes"), ("reminders", "actions"))
        if not ledger.has(table)
    ]
    no_trend = values["trend"].isna().to_numpy()
    text = [
        " ; ".join([*common, *([_NOT_MEASURED["trend"]] if miss else [])]) or None if ok else None
        for ok, miss in zip(available.to_numpy(), no_trend, strict=True)
    ]
    return pd.Series(text, index=values.index, dtype="str")


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------
def risk_scores(
    snap: Snapshot,
    *,
    weights: pd.DataFrame | str | Path | None = None,
    months: int = SCORING_MONTHS,
) -> pd.DataFrame:
    """Behavioural risk score, risk class, ABC segment and recommendation per debtor.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the date the scores are computed at, the end of the period
        (:class:`recouvrement.aging.Snapshot`).
    weights : DataFrame, str, Path or None
        The weights table (see :func:`load_weights`), a path to one, or ``None``
        for the packaged default.
    months : int
        Length of the period P in calendar months (default 12, must be > 3).

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
          :data:`FACTOR_LABELS`; NaN when it cannot be measured) and
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
    With D = ``as_of``, P = (D − months, D] and "invoices of the period" = the
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
      on the debtor) / invoices of the period (NaN without an actions table).
    - **instalments**: the data contract has no instalment-plan table; the proxy
      is the share (%) of the invoices of the period that received at least
      :data:`INSTALMENT_MIN_PAYMENTS` payments dated ≤ D.
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
    ledger, day = snap.ledger, snap.as_of
    months = _check_months(months)
    table = _as_weights(weights)
    start = cv.shift_months(day, -months)
    balance = snap.balance
    debtors = _population(ledger, day, start, balance)
    values, available = _factor_values(snap, months, debtors)

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
        bad = _badness(row.factor, values[row.factor], row.worst)
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
    out["details"] = _details(ledger, values, available)

    out = out.reset_index()
    out["debtor_id"] = out["debtor_id"].astype("str")
    out = out.sort_values(
        ["score", "debtor_id"], ascending=[True, True], na_position="last", kind="stable"
    )
    return out[SCORE_COLUMNS].reset_index(drop=True)


def class_changes(
    snap: Snapshot,
    *,
    weights: pd.DataFrame | str | Path | None = None,
    months: int = SCORING_MONTHS,
    scores: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Debtors whose risk class worsened since the previous month end.

    Parameters
    ----------
    snap, weights, months
        As in :func:`risk_scores`.
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
    The previous date is ``month_end(shift_months(as_of, −1))`` (31 October →
    30 September; 15 October → 30 September). Class order: fiable < modéré <
    à risque. A debtor not scored at either date (not available, or absent) is
    not a worsening.

    """
    day = snap.as_of
    table = _as_weights(weights)
    previous = cv.month_end(cv.shift_months(day, -1))
    if scores is None:
        scores = risk_scores(snap, weights=table, months=months)
    now = scores.set_index("debtor_id")
    then = risk_scores(Snapshot(snap.ledger, previous), weights=table, months=months)
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


def rules(weights: pd.DataFrame | str | Path | None = None) -> list[tuple[str, str]]:
    """The scoring rules in French, (rule, text), for the methodology appendix.

    Parameters
    ----------
    weights : DataFrame, str, Path or None
        As in :func:`risk_scores`; the weights table is quoted factor by factor.

    Returns
    -------
    list of (str, str)

    """
    table = _as_weights(weights)
    out: list[tuple[str, str]] = [
        (
            "Score de risque comportemental",
            "score = 100 − Σ poids × pénalité, arrondi à 0,1 ; pénalité de chaque facteur "
            "entre 0 et 1 = valeur / seuil (ancienneté : 1 − valeur / seuil), bornée ; "
            f"période de {SCORING_MONTHS} mois jusqu'à la date d'arrêté ; "
            "poids modifiables (recouvrement/data/scoring_weights.csv, total 100)",
        ),
    ]
    for row in table.itertuples(index=False):
        label, unit = FACTOR_LABELS[row.factor]
        out.append(
            (
                f"Facteur « {label} » : poids {fmt_number(row.weight, 0)}",
                f"{row.description} (seuil : {fmt_number(row.worst, 0)} {unit})",
            )
        )
    out += [
        (
            "Factures de la période",
            "factures émises sur la période, plus celles émises avant et encore ouvertes "
            "à son début",
        ),
        (
            "Facteur non mesurable",
            "table absente (litiges, relances) ou tendance sans fenêtre mesurable : "
            "facteur exclu, score = 100 × (1 − Σ poids × pénalité / Σ poids des facteurs "
            "mesurés) ; signalé dans le détail du score",
        ),
        (
            "Échéanciers",
            "les données ne contiennent pas de table d'échéanciers : approximation par "
            f"les factures réglées en au moins {INSTALMENT_MIN_PAYMENTS} paiements",
        ),
        (
            "Score non disponible",
            "débiteur sans facture soldée sur la période ni facture échue : "
            f"« {NO_HISTORY_REASON} » ; aucun facteur pondéré mesuré : « {NO_FACTOR_REASON} »",
        ),
        (
            "Classes de risque",
            f"{FIABLE} : score ≥ {fmt_number(FIABLE_MIN_SCORE, 0)} ; {MODERE} : "
            f"{fmt_number(MODERE_MIN_SCORE, 0)} à {fmt_number(FIABLE_MIN_SCORE - 0.1, 1)} ; "
            f"{A_RISQUE} : < {fmt_number(MODERE_MIN_SCORE, 0)}",
        ),
        *[(f"Recommandation « {c} »", RECOMMENDATIONS[c]) for c in RISK_CLASSES],
        (
            "Dépassement de limite de crédit",
            "encours (solde âgé total, non affecté déduit) > limite de crédit, lorsque la "
            "limite est connue (une limite de 0 interdit tout encours)",
        ),
        (
            "Segmentation ABC par encours (Pareto)",
            f"débiteurs classés par encours décroissant (ex aequo : par code) ; A : les "
            f"premiers jusqu'à atteindre {fmt_number(ABC_A_SHARE, 0)} % de l'encours, "
            f"B : jusqu'à {fmt_number(ABC_B_SHARE, 0)} %, C : le reste et les encours ≤ 0",
        ),
        (
            "Dégradation de classe",
            "classe plus risquée qu'à la fin du mois précédent (débiteurs notés aux deux dates)",
        ),
    ]
    return out


#: The scoring rules with the packaged default weights.
RULES: list[tuple[str, str]] = rules()
