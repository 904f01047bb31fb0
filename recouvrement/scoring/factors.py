"""The score's factors measured per debtor, their badness, and the debtors scored.

Everything is measured as of the snapshot's date D over the period P = (D − months, D]
(see :func:`~recouvrement.scoring.scores.risk_scores` for the definitions): lateness
of the invoices settled in P or overdue at D (from
:func:`recouvrement.kpi.payment_behaviour`), disputes, reminders and instalments over
the invoices of the period, the trend of the lateness, the age of the relationship.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot, ledger_arrays, open_items, state_at
from recouvrement.kpi import payment_behaviour
from recouvrement.ledger import Ledger

__all__ = [
    "INSTALMENT_MIN_PAYMENTS",
    "SCORING_MONTHS",
    "TREND_RECENT_MONTHS",
    "badness",
    "check_months",
    "details",
    "factor_values",
    "member",
    "population",
]

#: Length of the scoring period, in calendar months.
SCORING_MONTHS = 12

#: The trend compares the last ``TREND_RECENT_MONTHS`` months with the rest of the period.
TREND_RECENT_MONTHS = 3

#: An invoice with at least this many payments counts as paid in instalments.
INSTALMENT_MIN_PAYMENTS = 2

_EXCLUDED = "facteur exclu, poids des autres facteurs ramenés à 100"
_NOT_MEASURED = {
    "disputes": f"litiges : table des litiges non fournie, {_EXCLUDED}",
    "reminders": f"relances : journal des relances non fourni, {_EXCLUDED}",
    "trend": f"tendance : pas de facture soldée ou échue sur l'une des deux fenêtres, {_EXCLUDED}",
}


def check_months(months: object) -> int:
    """``months`` (the period's length) as an ``int`` leaving room for the trend.

    Raises
    ------
    ValueError
        When ``months`` is not an integer, or is ≤ :data:`TREND_RECENT_MONTHS`.

    """
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
    """Invoices of the period: issued in ``(start, day]`` or still open at ``start``.

    Open at ``start``: an open item then (:func:`~recouvrement.aging.open_items`: issued
    and residual > 0), read on the ledger's arrays (invoice ``i`` is row ``i``).
    """
    inv = ledger.invoices
    issued = ((inv["issue_date"] > start) & (inv["issue_date"] <= day)).to_numpy(dtype=bool)
    then = state_at(ledger_arrays(ledger), start)
    open_at_start = then.issued & (then.residual > 0)
    return inv.loc[issued | open_at_start, ["invoice_id", "debtor_id"]]


def member(values: pd.Series, pool: object) -> np.ndarray:
    """``values.isin(pool)`` as a boolean array, through one factorisation of both.

    Text columns against thousands of ids: ``isin`` takes close to a second per
    100 000 rows here, a joint :func:`pandas.factorize` a few milliseconds. A missing
    value is in ``pool`` when ``pool`` has one, as with ``isin``.
    """
    left = _text(values)
    right = _text(list(pool) if isinstance(pool, set | frozenset) else pool)
    both = pd.concat([left, right], ignore_index=True) if len(right) else left
    codes, uniques = pd.factorize(both, use_na_sentinel=False)
    found = np.zeros(len(uniques), dtype=bool)
    found[codes[len(left) :]] = True
    return found[codes[: len(left)]]


def _text(values: object) -> pd.Series:
    """``values`` as a text (``str``) Series, without copying one already so."""
    if isinstance(values, pd.Series | pd.Index) and values.dtype == "str":
        return pd.Series(values.array, copy=False)
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


def _count_by_debtor(ids: pd.Series, index: pd.Index) -> pd.Series:
    return ids.astype("str").value_counts().reindex(index, fill_value=0).astype("float64")


def badness(factor: str, value: pd.Series, worst: float) -> pd.Series:
    """Badness of a factor's values, between 0 (nothing to report) and 1.

    Parameters
    ----------
    factor : str
        One of :data:`~recouvrement.scoring.weights.FACTORS`.
    value : Series of float
        The factor's value per debtor (NaN: not measured).
    worst : float
        The weights table's threshold for the factor.

    Returns
    -------
    Series of float
        ``clip(value / worst, 0, 1)``, or ``clip(1 − value / worst, 0, 1)`` for
        ``relationship_age``; NaN where the value is NaN.

    """
    if factor == "relationship_age":
        raw = 1 - value / worst
    else:
        raw = value / worst
    return raw.clip(lower=0.0, upper=1.0)  # NaN stays NaN: not measured


def population(snap: Snapshot, months: int) -> pd.Index:
    """The debtors to score: a balance at D, or an invoice, payment, credit or write-off in P.

    Parameters
    ----------
    snap : Snapshot
        The ledger at D (its aged balance gives the debtors with a balance).
    months : int
        Length of the period P = (D − months, D].

    Returns
    -------
    Index of str
        ``debtor_id``, sorted.

    """
    ledger, day, balance = snap.ledger, snap.as_of, snap.balance
    start = cv.shift_months(day, -months)
    inv = ledger.invoices
    ids = [
        balance.index.to_series(),
        inv.loc[inv["issue_date"].between(start, day, "right"), "debtor_id"],
    ]
    for table in (ledger.payments, ledger.credit_notes):
        ids.append(table.loc[table["date"].between(start, day, "right"), "debtor_id"])
    wo = ledger.write_offs
    wo_inv = wo.loc[wo["date"].between(start, day, "right"), "invoice_id"]
    ids.append(inv.loc[member(inv["invoice_id"], wo_inv), "debtor_id"])
    every = pd.concat([s.astype("str") for s in ids], ignore_index=True).dropna()
    return pd.Index(sorted(every.unique()), dtype="str", name="debtor_id")


def factor_values(
    snap: Snapshot, months: int, debtors: pd.Index, ignored_actions: Collection[int] = ()
) -> tuple[pd.DataFrame, pd.Series]:
    """The value of every factor of the score per debtor, and whether it can be scored.

    Parameters
    ----------
    snap : Snapshot
        The ledger at D.
    months : int
        Length of the period P = (D − months, D] (:func:`check_months`).
    debtors : Index
        The debtors (:func:`population`).
    ignored_actions : collection of int
        Rows of ``ledger.actions`` not counted as reminders (the actions logged after
        their invoice was settled: the creditor's error, not the debtor's behaviour).

    Returns
    -------
    values : DataFrame of float
        Indexed by ``debtors``, one column per factor; NaN when it cannot be measured.
    available : Series of bool
        Same index: the debtor has a payment history (an invoice settled in P or
        overdue at D); the others get no score.

    """
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
        hit = period.loc[member(period["invoice_id"], disputed), "debtor_id"]
        values["disputes"] = _count_by_debtor(hit, debtors) / base * 100
    else:
        values["disputes"] = np.nan
    if ledger.has("actions"):
        acts = ledger.actions.drop(index=list(ignored_actions))
        in_period = acts["date"].between(start, day, "right") & acts["debtor_id"].notna()
        values["reminders"] = _count_by_debtor(acts.loc[in_period, "debtor_id"], debtors) / base
    else:
        values["reminders"] = np.nan
    pays = ledger.payments
    pays = pays[pays["invoice_id"].notna() & (pays["date"] <= day)]
    n_pay = pays["invoice_id"].value_counts()
    several = n_pay.index[n_pay >= INSTALMENT_MIN_PAYMENTS]
    hit = period.loc[member(period["invoice_id"], several), "debtor_id"]
    values["instalments"] = _count_by_debtor(hit, debtors) / base * 100
    values["trend"] = recent["days_late"] - before["days_late"]
    inv = ledger.invoices[ledger.invoices["issue_date"] <= day]
    first = inv.groupby(inv["debtor_id"].astype("str"))["issue_date"].min().reindex(debtors)
    values["relationship_age"] = ((day - first) / pd.Timedelta(days=1)).astype("float64")
    available = late["n"].fillna(0) > 0
    return values.astype("float64"), available


def details(ledger: Ledger, values: pd.DataFrame, available: pd.Series) -> pd.Series:
    """French note per debtor naming the factors that could not be measured.

    Parameters
    ----------
    ledger : Ledger
        Tells which optional tables (disputes, actions) are missing.
    values, available
        As returned by :func:`factor_values`.

    Returns
    -------
    Series of str
        Same index as ``values``; missing when every factor was measured, or when
        the debtor is not available (no score to explain).

    """
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
