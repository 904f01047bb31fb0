"""The DSO bridge: the change of DSO between two month ends split into three effects.

DOMAIN.md (Portfolio analytics): the change of DSO between two months is split into the
effect of the sales (the denominator) and the effect of the receivables (the numerator,
collection). The sales effect is itself split into **volume** and **mix** over groups of
debtors (their kind by default), so that the bridge reads
``DSO t + volume + mix + collection = DSO t + 1``, exactly. The DSO is the one of
:mod:`recouvrement.kpi.dso` (its value, its period and its day count are reused, never
re-derived); the decomposition is the symmetric (Shapley, midpoint) one, written out in
:func:`decompose_dso`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date
from recouvrement.kpi.dso import BDF_DAYS, BDF_MONTHS, dso_kpi
from recouvrement.kpi.engine import KpiContext
from recouvrement.kpi.periods import DSO_MONTHS, check_method, check_months, period
from recouvrement.ledger import Ledger
from recouvrement.portfolio.shapley import BRIDGE_METHODS, decompose_dso, method_text

__all__ = [
    "BRIDGE_METHODS",
    "GROUPINGS",
    "MISSING_GROUP",
    "WATERFALL_COLUMNS",
    "DsoBridge",
    "dso_bridge",
    "dso_bridge_from_cents",
    "dso_waterfall",
]

#: Debtor attributes a bridge can group by (or a mapping debtor id -> group).
GROUPINGS = ("kind", "sector")
#: Group of a debtor without a value of the grouping (and of cash with no debtor).
MISSING_GROUP = "non renseigné"
#: Columns of :func:`dso_waterfall`.
WATERFALL_COLUMNS = ["step", "label", "kind", "value", "start", "end"]


@dataclass(frozen=True, eq=False)
class DsoBridge:
    """The change of DSO between two month ends, split into three effects (days).

    Attributes
    ----------
    month_from, month_to : str
        The months ``YYYY-MM`` compared (``t`` and ``t + 1`` by default).
    as_of_from, as_of_to : Timestamp
        Their month ends.
    dso_method : str
        The DSO of :func:`recouvrement.kpi.days_sales_outstanding` decomposed:
        ``"simple"`` (the accounting method) or ``"bdf"`` (Banque de France basis).
    months : int
        Its period of sales, in months (3 for ``simple`` by default, 12 for ``bdf``).
    days_from, days_to : int
        Days of the period at each date (calendar days; 360 for ``bdf``).
    by : str
        The grouping of the mix effect (``"kind"``, ``"sector"``, ``"custom"``, or
        ``"company"`` for a portfolio bridged by :func:`dso_bridge_from_cents`).
    dso_from, dso_to : float
        The DSO at each date, in days (each NaN when not available at its date).
    volume_effect, mix_effect, collection_effect : float
        The three effects, in days; they add up to ``dso_to − dso_from`` (NaN when
        either DSO is not available).
    receivables_from_cents, receivables_to_cents : int
        The encours at each date (the DSO's numerator), in cents.
    sales_from_cents, sales_to_cents : int
        The net sales of each period (the DSO's denominator), in cents.
    groups : DataFrame
        One row per group (:data:`~recouvrement.portfolio.shapley.GROUP_COLUMNS`, index
        ``group``): its cents, weights, own DSO, treatment and the three effects it
        contributes. Sorted by label, ``non renseigné`` last; a group with no cents at
        either date is left out.
    available : bool
        Whether both DSO are available.
    reason : str or None
        Why not, in French (``None`` when available).
    method : str
        The method in French, for the methodology appendix.

    """

    month_from: str
    month_to: str
    as_of_from: pd.Timestamp
    as_of_to: pd.Timestamp
    dso_method: str
    months: int
    days_from: int
    days_to: int
    by: str
    dso_from: float
    dso_to: float
    volume_effect: float
    mix_effect: float
    collection_effect: float
    receivables_from_cents: int
    receivables_to_cents: int
    sales_from_cents: int
    sales_to_cents: int
    groups: pd.DataFrame
    available: bool
    reason: str | None
    method: str

    @property
    def change(self) -> float:
        """``dso_to − dso_from`` in days (NaN when not available)."""
        return self.dso_to - self.dso_from


def _debtor_groups(ledger: Ledger, a: aging.LedgerArrays, by: object) -> tuple[str, np.ndarray]:
    """(name of the grouping, group label per debtor code of ``a``)."""
    if isinstance(by, str):
        if by not in GROUPINGS:
            raise ValueError(
                f"unknown grouping by={by!r}; choose one of {', '.join(GROUPINGS)} "
                "or give a mapping debtor_id -> group"
            )
        if by == "kind":
            values = ledger.kinds()
        else:
            deb = ledger.debtors.drop_duplicates("debtor_id")
            values = pd.Series(deb["sector"].to_numpy(dtype=object), index=deb["debtor_id"])
        name = by
    elif isinstance(by, (Mapping, pd.Series)):
        values, name = pd.Series(by, dtype=object), "custom"
    else:
        raise ValueError(f"by must be 'kind', 'sector' or a mapping, got {type(by).__name__}")
    labels = pd.Series(values, dtype=object).reindex(pd.Index(a.debtor_ids, dtype=object))
    labels = labels.where(labels.notna() & (labels.astype("str").str.strip() != ""), MISSING_GROUP)
    return name, labels.astype("str").to_numpy(dtype=object)


def _group_cents(
    ctx: KpiContext, group: np.ndarray, n: int, day: pd.Timestamp, start: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray]:
    """(encours, net sales of ``(start, day]``) per group code, in cents, checked."""
    a, d = ctx.a, np.datetime64(day, "ns")

    def total(codes: np.ndarray, cents: np.ndarray, mask: np.ndarray) -> np.ndarray:
        sums = np.bincount(codes[mask], weights=cents[mask].astype("float64"), minlength=n)
        return np.rint(sums).astype("int64")  # exact: cents below 2**53

    ev_group = np.where(a.ev_debtor >= 0, group[np.maximum(a.ev_debtor, 0)], n - 1)
    inv_group = group[a.inv_debtor]
    dated = a.ev_date <= d
    receivables = total(inv_group, a.amount, a.issue <= d) - total(ev_group, a.ev_amount, dated)
    credit = (a.ev_kind == aging.CREDIT) & (a.ev_date > np.datetime64(start, "ns")) & dated
    sales = total(inv_group, a.amount, ctx.invoiced(start, day))
    sales -= total(ev_group, a.ev_amount, credit)
    invoiced, credited = ctx.net_sales(start, day)
    if receivables.sum() != ctx.encours(day) or sales.sum() != invoiced - credited:
        raise RuntimeError("DSO bridge: groups do not add up to the DSO's terms (engine broken)")
    return receivables, sales


def dso_bridge(
    ledger: Ledger,
    as_of: object,
    *,
    since: object | None = None,
    months: int = DSO_MONTHS,
    method: str = "simple",
    by: str | Mapping[str, str] | pd.Series = "kind",
) -> DsoBridge:
    """The change of DSO from the month end ``since`` to the month end of ``as_of``.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        Any date of the later month ``t + 1``; its month end is used.
    since : date-like, optional
        Any date of the earlier month; default the month before ``as_of``.
    months : int
        The DSO's period of sales for ``simple`` (default 3 months); ``bdf`` always
        uses 12 months and a 360-day year.
    method : {"simple", "bdf"}
        The DSO decomposed (:func:`recouvrement.kpi.days_sales_outstanding`).
    by : {"kind", "sector"} or mapping of debtor id to group
        The groups of the mix effect: the debtor's kind (``professionnel``,
        ``particulier``, ``public``: they differ in payment terms and behaviour by law),
        its sector, or any mapping (a risk class, an A/B/C segment). A debtor without
        a group, and cash with no debtor, are in ``non renseigné``.

    Returns
    -------
    DsoBridge
        The two DSO, the three effects and their inputs (see :class:`DsoBridge`).

    Raises
    ------
    ValueError
        Unknown ``method`` or grouping, ``months`` < 1, ``since`` not before ``as_of``.

    Notes
    -----
    The DSO, its period and its day count are those of
    :func:`~recouvrement.kpi.days_sales_outstanding` (``DSO = R / S × D``: R the encours
    at the month end, S the net sales of the period, D its days). R and S are split by
    group (their sums are checked against the KPI's terms) and
    :func:`~recouvrement.portfolio.shapley.decompose_dso` splits the change, with the
    formulas and their source written out there.

    Examples
    --------
    >>> bridge = dso_bridge(ledger, "2025-04-30")  # doctest: +SKIP
    >>> dso_waterfall(bridge)  # doctest: +SKIP

    """
    method = check_method(method, BRIDGE_METHODS)
    months = check_months(months) if method == "simple" else BDF_MONTHS
    t1 = cv.month_end(as_of)
    t0 = cv.shift_months(t1, -1) if since is None else cv.month_end(since)
    if t0 >= t1:
        raise ValueError(f"since={since!r} must be a month before as_of={as_of!r}")
    ctx = KpiContext(ledger)
    by_name, debtor_group = _debtor_groups(ledger, ctx.a, by)
    names = sorted({*debtor_group, MISSING_GROUP})
    names.remove(MISSING_GROUP)
    names.append(MISSING_GROUP)  # last: also the group of cash without a debtor
    code = {g: i for i, g in enumerate(names)}
    group = np.array([code[g] for g in debtor_group], dtype="int64")
    terms, reasons, values = [], [], []
    for day in (t0, t1):
        start, days, _ = period(day, months)
        if method == "bdf":  # the Banque de France's year of 360 days
            days = BDF_DAYS
        r, s = _group_cents(ctx, group, len(names), day, start)
        kpi = dso_kpi(ctx, day, method, months)
        terms.append((r, s, days))
        values.append(np.nan if kpi.value is None else float(kpi.value))
        if kpi.value is None:
            reasons.append(f"DSO au {fmt_date(day)} {kpi.reason}")  # « non disponible : … »
    cents = pd.DataFrame(
        {
            "receivables_from_cents": terms[0][0],
            "receivables_to_cents": terms[1][0],
            "sales_from_cents": terms[0][1],
            "sales_to_cents": terms[1][1],
        },
        index=pd.Index(names, name="group", dtype="str"),
    )
    keep = cents.to_numpy().any(axis=1)  # groups with no cents at either date left out
    bridge = dso_bridge_from_cents(
        cents[keep],
        as_of_from=t0,
        as_of_to=t1,
        days_from=terms[0][2],
        days_to=terms[1][2],
        by=by_name,
        dso_method=method,
        months=months,
        reason="" if not reasons else " ; ".join(reasons),
    )
    if not bridge.available:  # each DSO as the KPI gives it (NaN when not available)
        return replace(bridge, dso_from=values[0], dso_to=values[1])
    if not np.allclose([bridge.dso_from, bridge.dso_to], values, rtol=1e-12, atol=1e-9):
        raise RuntimeError(f"DSO bridge: {bridge.dso_from}, {bridge.dso_to} vs the KPI {values}")
    return bridge


def dso_bridge_from_cents(
    groups: pd.DataFrame,
    *,
    as_of_from: object,
    as_of_to: object,
    days_from: int,
    days_to: int,
    by: str = "custom",
    dso_method: str = "simple",
    months: int = DSO_MONTHS,
    reason: str = "",
) -> DsoBridge:
    """A :class:`DsoBridge` from the receivables and sales of each group, in cents.

    Use it to bridge a portfolio: one row per company (or per company and kind), the
    cents of each company's :class:`DsoBridge` ``groups`` summed (they are additive),
    the same month ends and periods.

    Parameters
    ----------
    groups : DataFrame
        Index: the group labels; int columns ``receivables_from_cents``,
        ``receivables_to_cents``, ``sales_from_cents``, ``sales_to_cents``.
    as_of_from, as_of_to : date-like
        The two dates.
    days_from, days_to : int
        Days of the DSO period at each date.
    by : str
        What the groups are, recorded and written in :attr:`DsoBridge.method`:
        ``"company"`` for a portfolio whose groups are its companies, ``"kind"``,
        ``"sector"``, or ``"custom"``.
    dso_method, months
        Recorded in the bridge (see :class:`DsoBridge`).
    reason : str
        Why the DSO is not available (from the KPI); empty when it is.

    Returns
    -------
    DsoBridge
        Not available (NaN effects, French ``reason``) when ``reason`` is given or when
        the net sales of either period are ≤ 0; a DSO whose net sales are ≤ 0 is NaN.

    """
    t0, t1 = cv.as_date(as_of_from, "as_of_from"), cv.as_date(as_of_to, "as_of_to")
    frame = decompose_dso(groups, days_from=days_from, days_to=days_to)
    r0, r1 = (int(groups[c].sum()) for c in ("receivables_from_cents", "receivables_to_cents"))
    s0, s1 = (int(groups[c].sum()) for c in ("sales_from_cents", "sales_to_cents"))
    if not reason and (s0 <= 0 or s1 <= 0):
        day = t0 if s0 <= 0 else t1
        reason = f"DSO au {fmt_date(day)} non disponible : aucune vente nette sur la période"
    available = not reason
    dso0 = r0 / (s0 / days_from) if s0 > 0 else np.nan  # R / s, s = S / D
    dso1 = r1 / (s1 / days_to) if s1 > 0 else np.nan
    effects = frame[["volume_effect", "mix_effect", "collection_effect"]].sum()
    if not available:
        effects[:] = np.nan
    return DsoBridge(
        month_from=f"{t0:%Y-%m}",
        month_to=f"{t1:%Y-%m}",
        as_of_from=t0,
        as_of_to=t1,
        dso_method=dso_method,
        months=int(months),
        days_from=int(days_from),
        days_to=int(days_to),
        by=by,
        dso_from=float(dso0),
        dso_to=float(dso1),
        volume_effect=float(effects["volume_effect"]),
        mix_effect=float(effects["mix_effect"]),
        collection_effect=float(effects["collection_effect"]),
        receivables_from_cents=r0,
        receivables_to_cents=r1,
        sales_from_cents=s0,
        sales_to_cents=s1,
        groups=frame,
        available=available,
        reason=reason or None,
        method=method_text(by, dso_method, int(months)),
    )


def dso_waterfall(bridge: DsoBridge) -> pd.DataFrame:
    """The bridge as the five bars of a waterfall chart.

    Returns
    -------
    DataFrame
        Rows ``dso_from``, ``volume``, ``mix``, ``collection``, ``dso_to``; columns
        ``step`` (that key), ``label`` (French: « DSO au 31/03/2025 », « Effet volume »,
        « Effet mix », « Effet encaissement », « DSO au 30/04/2025 »), ``kind``
        (``"total"`` or ``"effect"``), ``value`` (days), ``start`` and ``end`` (where
        the bar starts and ends: 0 to the DSO for a total, the running total before and
        after for an effect). Values are NaN when the bridge is not available.

    """
    steps = [
        ("dso_from", f"DSO au {fmt_date(bridge.as_of_from)}", "total", bridge.dso_from),
        ("volume", "Effet volume", "effect", bridge.volume_effect),
        ("mix", "Effet mix", "effect", bridge.mix_effect),
        ("collection", "Effet encaissement", "effect", bridge.collection_effect),
        ("dso_to", f"DSO au {fmt_date(bridge.as_of_to)}", "total", bridge.dso_to),
    ]
    rows, level = [], bridge.dso_from
    for step, label, kind, value in steps:
        if kind == "total":
            rows.append((step, label, kind, value, 0.0, value))
        else:
            rows.append((step, label, kind, value, level, level + value))
            level = level + value
    return pd.DataFrame(rows, columns=WATERFALL_COLUMNS).astype(
        {"step": "str", "label": "str", "kind": "str", "value": "float64"}
    )
