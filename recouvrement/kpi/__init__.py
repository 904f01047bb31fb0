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
:func:`kpi_history` share one internal context so that every as-of state is
computed once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.formatting import (
    MISSING,
    fmt_date,
    fmt_days,
    fmt_eur,
    fmt_number,
    fmt_pct,
    fmt_pts,
    fmt_unit,
)
from recouvrement.ledger import Ledger

__all__ = [
    "ANNUAL_MONTHS",
    "COST_METHODS",
    "DEFAULT_HORIZON_MONTHS",
    "DEFAULT_TARGETS",
    "DISPUTE_METHODS",
    "DSO_METHODS",
    "DSO_MONTHS",
    "HIGHER_IS_BETTER",
    "KPI_DIRECTION",
    "KPI_LABELS",
    "LOWER_IS_BETTER",
    "MONTHLY_MONTHS",
    "ROLLING_MONTHS",
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
]

# ---------------------------------------------------------------------------
# Named conventions
# ---------------------------------------------------------------------------
#: Collection horizon of the recovery rate (DOMAIN.md: one month).
DEFAULT_HORIZON_MONTHS = 1

#: Period of the monthly KPIs (recovery, activation, cost per euro collected).
MONTHLY_MONTHS = 1

#: Rolling windows of the recovery rate shown in the report (monthly cohorts).
ROLLING_MONTHS = (3, 6)

#: Default period of DSO, best possible DSO, ADD and CEI (DOMAIN.md: 3 months).
DSO_MONTHS = 3

#: Default period of the bad-debt rate, dispute rate and payment behaviour.
ANNUAL_MONTHS = 12

#: Number of month ends of :func:`kpi_history`.
HISTORY_MONTHS = 12

DSO_METHODS = ("simple", "countback", "average")
COST_METHODS = ("collected", "encours")
DISPUTE_METHODS = ("count", "amount")

#: Units of :attr:`KpiResult.unit`.
UNITS = ("%", "j", "€", "ratio")

HIGHER_IS_BETTER = 1
LOWER_IS_BETTER = -1

#: Direction of each KPI: +1 when a higher value is better, −1 when lower is better.
#: Variant keys (``recovery_rate_3m``, ``recovery_rate_lt2m``...) take the
#: direction of their base key.
KPI_DIRECTION: dict[str, int] = {
    "recovery_rate": HIGHER_IS_BETTER,
    "unpaid_rate": LOWER_IS_BETTER,
    "activation_rate": HIGHER_IS_BETTER,
    "dunning_coverage_rate": HIGHER_IS_BETTER,
    "dso": LOWER_IS_BETTER,
    "dso_countback": LOWER_IS_BETTER,
    "dso_average": LOWER_IS_BETTER,
    "best_possible_dso": LOWER_IS_BETTER,
    "average_days_delinquent": LOWER_IS_BETTER,
    "cei": HIGHER_IS_BETTER,
    "cost_per_euro_collected": LOWER_IS_BETTER,
    "cost_to_encours": LOWER_IS_BETTER,
    "bad_debt_rate": LOWER_IS_BETTER,
    "dispute_rate": LOWER_IS_BETTER,
    "dispute_rate_amount": LOWER_IS_BETTER,
    "doubtful_receivables": LOWER_IS_BETTER,
    "weighted_days_late": LOWER_IS_BETTER,
}

#: French labels of the KPIs (variants add their window or segment in brackets).
KPI_LABELS: dict[str, str] = {
    "recovery_rate": "Taux de recouvrement",
    "unpaid_rate": "Taux d'impayés",
    "activation_rate": "Taux d'activation (payeurs sous relance)",
    "dunning_coverage_rate": "Taux de couverture des relances",
    "dso": "DSO (méthode comptable)",
    "dso_countback": "DSO (méthode par épuisement)",
    "dso_average": "DSO (encours moyen)",
    "best_possible_dso": "Meilleur DSO possible",
    "average_days_delinquent": "Retard moyen des encours (ADD)",
    "cei": "Indice d'efficacité du recouvrement (CEI)",
    "cost_per_euro_collected": "Coût à l'euro recouvré",
    "cost_to_encours": "Coût de recouvrement rapporté à l'encours",
    "bad_debt_rate": "Taux de créances irrécouvrables",
    "dispute_rate": "Taux de litige",
    "dispute_rate_amount": "Taux de litige (en montant)",
    "doubtful_receivables": "Créances douteuses (procédures collectives)",
    "weighted_days_late": "Retard moyen de paiement pondéré",
}

#: Indicative targets (DOMAIN.md gives none): a receivables consultant's usual
#: starting points, to be replaced by the audited company's own objectives.
#: DSO 60 days echoes the legal cap on payment terms between professionals
#: (60 days from issue, art. L.441-10 Code de commerce).
DEFAULT_TARGETS: dict[str, float] = {
    "recovery_rate": 90.0,
    "recovery_rate_3m": 90.0,
    "recovery_rate_6m": 90.0,
    "unpaid_rate": 10.0,
    "activation_rate": 60.0,
    "dunning_coverage_rate": 100.0,
    "dso": 60.0,
    "dso_countback": 60.0,
    "dso_average": 60.0,
    "average_days_delinquent": 15.0,
    "cei": 80.0,
    "cost_per_euro_collected": 0.05,
    "bad_debt_rate": 1.0,
    "dispute_rate": 5.0,
    "weighted_days_late": 15.0,
}

#: KPIs whose base is a set of debtors' invoices: flagged "non significatif"
#: below :data:`recouvrement.conventions.MIN_DEBTORS_SIGNIFICANT` debtors.
DEBTOR_BASE_KPIS = (
    "recovery_rate",
    "unpaid_rate",
    "activation_rate",
    "dunning_coverage_rate",
    "bad_debt_rate",
    "dispute_rate",
    "dispute_rate_amount",
    "weighted_days_late",
)

_NOT_SIGNIFICANT = "(non significatif)"
_UNAVAILABLE = "non disponible"
_DAY = np.timedelta64(1, "D")
_PAYMENT, _CREDIT, _WRITE_OFF = aging.PAYMENT, aging.CREDIT, aging.WRITE_OFF


# ---------------------------------------------------------------------------
# The result object
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class KpiResult:
    """One KPI computed at one date, with the convention used.

    Attributes
    ----------
    key : str
        Stable machine name (``"recovery_rate"``, ``"recovery_rate_3m"``,
        ``"dso_countback"``...).
    label : str
        French label for the report.
    value : float or None
        Percent for rates (75.0 means 75 %), days for DSO/ADD, euros for amounts,
        a plain ratio for the cost per euro collected; ``None`` when not available.
    unit : {"%", "j", "€", "ratio"}
    numerator, denominator : float or None
        The two terms of the ratio, in euros (or counts for count-based rates).
    n_debtors : int or None
        Debtors in the base; ``None`` for portfolio-level ratios (DSO, CEI...).
    significant : bool
        ``False`` when the base holds fewer than
        :data:`~recouvrement.conventions.MIN_DEBTORS_SIGNIFICANT` debtors; only
        KPIs on a debtor base (:data:`DEBTOR_BASE_KPIS`) can be non-significant.
    convention : str
        French text: the formula and the parameters actually used.
    as_of : Timestamp
    months : int or None
        Length of the period in months (``None`` for a KPI at a date).
    reason : str or None
        ``"non disponible : <why>"`` when ``value`` is ``None``.
    details : DataFrame or None
        Optional breakdown (per cohort, per month, per debtor, per invoice).

    """

    key: str
    label: str
    value: float | None
    unit: str
    numerator: float | None
    denominator: float | None
    n_debtors: int | None
    significant: bool
    convention: str
    as_of: pd.Timestamp
    months: int | None
    reason: str | None = None
    details: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, got {self.unit!r}")
        if self.value is None and not self.reason:
            raise ValueError(f"KPI {self.key!r} has no value and no reason")

    @property
    def available(self) -> bool:
        """Whether the KPI has a value."""
        return self.value is not None

    def formatted(self, decimals: int | None = None) -> str:
        """French rendering: ``75,0 %``, ``73,7 j``, ``1 234,56 €``, ``0,081`` (ratio).

        ``non disponible`` when there is no value; ``(non significatif)`` is
        appended when the base is too small.
        """
        if self.value is None:
            return MISSING
        text = fmt_unit(self.value, self.unit, decimals)
        return text if self.significant else f"{text} {_NOT_SIGNIFICANT}"


def _make(
    key: str,
    unit: str,
    day: pd.Timestamp,
    months: int | None,
    convention: str,
    *,
    value: float | None = None,
    numerator: float | None = None,
    denominator: float | None = None,
    n_debtors: int | None = None,
    reason: str | None = None,
    details: pd.DataFrame | None = None,
    label: str | None = None,
) -> KpiResult:
    if value is not None and not np.isfinite(value):
        raise AssertionError(f"{key}: non-finite value {value!r}")  # pragma: no cover - a bug
    if reason is not None and not reason.startswith(_UNAVAILABLE):
        reason = f"{_UNAVAILABLE} : {reason}"
    # only a rate on a debtor base can be "non significatif" (DOMAIN.md)
    on_debtor_base = any(key.startswith(k) for k in DEBTOR_BASE_KPIS)
    significant = not on_debtor_base or n_debtors is None or n_debtors >= cv.MIN_DEBTORS_SIGNIFICANT
    return KpiResult(
        key=key,
        label=label or KPI_LABELS[key],
        value=None if value is None else float(value),
        unit=unit,
        numerator=None if numerator is None else float(numerator),
        denominator=None if denominator is None else float(denominator),
        n_debtors=None if n_debtors is None else int(n_debtors),
        significant=bool(significant),
        convention=convention,
        as_of=day,
        months=months,
        reason=reason if value is None else None,
        details=details,
    )


# ---------------------------------------------------------------------------
# Argument checks and small helpers
# ---------------------------------------------------------------------------
def _check_months(months: object, name: str = "months") -> int:
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise ValueError(f"{name} must be a whole number of months ≥ 1, got {months!r}")
    return int(months)


def _check_method(method: object, allowed: tuple[str, ...]) -> str:
    if method not in allowed:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(allowed)}")
    return str(method)


def _missing_table(table: str) -> str:
    return f"pas de table des {cv.TABLE_LABELS_FR[table]}"


def _d64(day: pd.Timestamp) -> np.datetime64:
    return np.datetime64(day, "ns")


def _eur(cents: float | int | np.integer) -> float:
    return float(cents) / 100


def _period(day: pd.Timestamp, months: int) -> tuple[pd.Timestamp, int, str]:
    """(start, days, French text) of the period ``(day − months, day]``."""
    start = cv.shift_months(day, -months)
    days = int((day - start).days)
    text = (
        f"période de {months} mois du {fmt_date(start + pd.Timedelta(days=1))} au "
        f"{fmt_date(day)} ({days} jours)"
    )
    return start, days, text


def _arrow(values: pd.Series | np.ndarray | pa.Array) -> pa.Array:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values
    return pa.array(values, type=pa.large_string(), from_pandas=True)


def _lookup(
    values: pd.Series | np.ndarray | pa.Array, universe: pd.Series | np.ndarray | pa.Array
) -> np.ndarray:
    """Position of each of ``values`` in ``universe`` (−1 when absent or missing)."""
    found = pc.index_in(_arrow(values), value_set=_arrow(universe))
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype="int64")


def _ids(values: np.ndarray) -> pd.arrays.ArrowStringArray:
    return pd.array(values, dtype="str")


# ---------------------------------------------------------------------------
# Arrays and memoised states (internal)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Events:
    """Event arrays split by use, sorted by date, built once per ledger (internal).

    Sorted dates turn every "dated ≤ D" or "dated in (D1, D2]" selection into a
    slice found by binary search; ``*_cum`` are cumulative sums in cents with a
    leading 0 (``cum[k]`` = sum of the first ``k`` events).
    """

    all_date: np.ndarray  # every event (payment, credit note, write-off)
    all_cum: np.ndarray
    alloc_inv: np.ndarray  # events allocated to an invoice (all kinds)
    alloc_date: np.ndarray
    alloc_amount: np.ndarray  # float64 cents (bincount weights)
    alloc_cents: np.ndarray  # the same in int64
    pay_inv: np.ndarray  # payments allocated to an invoice
    pay_date: np.ndarray
    pay_amount: np.ndarray  # int64 cents
    credit_date: np.ndarray  # every credit note, allocated or not
    credit_cum: np.ndarray
    wo_date: np.ndarray  # every write-off
    wo_cum: np.ndarray


@dataclass(frozen=True)
class _Actions:
    """Dunning actions as codes (invoice-level and debtor-level)."""

    inv: np.ndarray  # invoice code of invoice-level actions
    inv_date: np.ndarray
    debtor: np.ndarray  # debtor code of debtor-level actions (invoice_id empty)
    debtor_date: np.ndarray


def _cum(amounts: np.ndarray) -> np.ndarray:
    out = np.zeros(len(amounts) + 1, dtype="int64")
    np.cumsum(amounts, out=out[1:])
    return out


def _events(ledger: Ledger, a: aging.LedgerArrays) -> _Events:
    cached = aging.derived(ledger).get("kpi.events")
    if cached is not None:
        return cached
    order = np.argsort(a.ev_date, kind="stable")
    date, inv, kind, amount = (
        a.ev_date[order],
        a.ev_inv[order],
        a.ev_kind[order],
        a.ev_amount[order],
    )
    alloc = inv >= 0
    pay = alloc & (kind == _PAYMENT)
    credit = kind == _CREDIT
    wo = kind == _WRITE_OFF
    ev = _Events(
        all_date=date,
        all_cum=_cum(amount),
        alloc_inv=inv[alloc],
        alloc_date=date[alloc],
        alloc_amount=amount[alloc].astype("float64"),
        alloc_cents=amount[alloc],
        pay_inv=inv[pay],
        pay_date=date[pay],
        pay_amount=amount[pay],
        credit_date=date[credit],
        credit_cum=_cum(amount[credit]),
        wo_date=date[wo],
        wo_cum=_cum(amount[wo]),
    )
    aging.derived(ledger)["kpi.events"] = ev
    return ev


def _upto(dates: np.ndarray, day: pd.Timestamp) -> int:
    """Count the (sorted) ``dates`` ≤ ``day``."""
    return int(np.searchsorted(dates, _d64(day), side="right"))


def _window(dates: np.ndarray, start: pd.Timestamp, end: pd.Timestamp) -> slice:
    """Slice of the (sorted) ``dates`` in ``(start, end]``."""
    return slice(_upto(dates, start), _upto(dates, end))


def _build_actions(
    ledger: Ledger, a: aging.LedgerArrays, among: np.ndarray | None = None
) -> _Actions:
    """Code the dunning actions; with ``among`` (invoice codes), only the actions on them.

    Hashing the invoice ids is the costly step: restricting it to the invoices a
    KPI looks at (the overdue ones) is much cheaper on a large ledger.
    """
    act = ledger.actions
    universe = _arrow(ledger.invoices["invoice_id"])
    if among is not None:
        universe = universe.take(pa.array(among))
    pos = _lookup(act["invoice_id"], universe)
    if among is None:
        inv = pos
    elif len(among) == 0:
        inv = np.full(len(pos), -1, dtype="int64")
    else:
        inv = np.where(pos >= 0, among[np.maximum(pos, 0)], -1)
    dates = act["date"].to_numpy(dtype="datetime64[ns]")
    on_inv = inv >= 0
    debtor = _lookup(act["debtor_id"], a.debtor_ids)
    loose = act["invoice_id"].isna().to_numpy() & (debtor >= 0)
    return _Actions(
        inv=inv[on_inv], inv_date=dates[on_inv], debtor=debtor[loose], debtor_date=dates[loose]
    )


class _Prefetch(threading.Thread):
    """Build the action codes in the background (string hashing releases the GIL)."""

    def __init__(self, ledger: Ledger, a: aging.LedgerArrays):
        super().__init__(name="recouvrement-kpi-actions", daemon=True)
        self.args = (ledger, a)
        self.result: _Actions | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = _build_actions(*self.args)
        except BaseException as exc:  # re-raised in the calling thread
            self.error = exc

    def get(self) -> _Actions:
        self.join()
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


class _Context:
    """The arrays of one ledger and the as-of states already computed (internal).

    Public KPI functions build a fresh context; :func:`kpi_pack` and
    :func:`kpi_history` share one, so a residual at a date is computed once, and
    they ask for the dunning actions to be coded in a background thread while
    the other KPIs are computed (``prefetch=True``).
    """

    max_states = 10

    def __init__(self, ledger: Ledger, *, prefetch: bool = False):
        self.ledger = ledger
        self.a = aging.ledger_arrays(ledger)
        self._prefetch: _Prefetch | None = None
        if prefetch and ledger.has("actions") and "kpi.actions" not in aging.derived(ledger):
            self._prefetch = _Prefetch(ledger, self.a)
            self._prefetch.start()
        self.ev = _events(ledger, self.a)
        self.n = len(self.a.amount)
        self.n_debtors = len(self.a.debtor_ids)
        # day -> (allocations counted, residual cents per invoice)
        self._states: OrderedDict[pd.Timestamp, tuple[int, np.ndarray]] = OrderedDict()
        self._overdue: dict[pd.Timestamp, np.ndarray] = {}
        self._dunned: dict[pd.Timestamp, tuple[_Actions, np.ndarray]] = {}
        self._partial: tuple[np.ndarray, _Actions] | None = None

    # -- as-of state ------------------------------------------------------------
    def residual(self, day: pd.Timestamp) -> np.ndarray:
        """Residual per invoice at ``day`` in cents (0 when not issued; < 0 = overpaid).

        Same value as ``aging.state_at(...).residual`` (tested): amount minus every
        allocation dated ≤ ``day``, for the invoices issued by then. Computed,
        when a later state is known, by adding back the allocations dated in
        between (residual_D = residual_ref + allocations in (D, ref] for invoices
        issued by D), which needs a single new array: fresh arrays of a million
        elements cost more in page faults than in arithmetic.
        """
        hit = self._states.get(day)
        if hit is not None:
            self._states.move_to_end(day)
            return hit[1]
        ev = self.ev
        k = _upto(ev.alloc_date, day)
        later = [st for ref, st in self._states.items() if ref >= day]
        near = min(later, key=lambda st: st[0] - k, default=None)
        if near is not None and near[0] - k < k:
            residual = near[1].copy()
            np.add.at(residual, ev.alloc_inv[k : near[0]], ev.alloc_cents[k : near[0]])
        else:
            allocated = np.bincount(ev.alloc_inv[:k], weights=ev.alloc_amount[:k], minlength=self.n)
            residual = np.subtract(self.a.amount, allocated, out=allocated).astype("int64")
        residual[self.a.issue > _d64(day)] = 0
        self._states[day] = (k, residual)
        if len(self._states) > self.max_states:
            self._states.popitem(last=False)
        return residual

    def encours(self, day: pd.Timestamp) -> int:
        """Ledger balance at ``day`` in cents (= Σ aged balance Total, unapplied included)."""
        invoiced = int(np.add.reduce(self.a.amount, where=self.a.issue <= _d64(day)))
        return invoiced - int(self.ev.all_cum[_upto(self.ev.all_date, day)])

    def not_due(self, day: pd.Timestamp) -> int:
        """Residual of open items not yet due at ``day`` (days past due ≤ 0), in cents."""
        r = self.residual(day)
        return int(r[(r > 0) & (self.a.due >= _d64(day))].sum())

    def overdue_mask(self, day: pd.Timestamp) -> np.ndarray:
        """Open and at least one day past due at ``day`` (read-only, memoised)."""
        hit = self._overdue.get(day)
        if hit is None:
            hit = (self.residual(day) > 0) & (self.a.due < _d64(day))
            hit.flags.writeable = False
            self._overdue[day] = hit
        return hit

    def invoiced(self, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
        """Mask of invoices issued in ``(start, end]``."""
        return (self.a.issue > _d64(start)) & (self.a.issue <= _d64(end))

    def net_sales(self, start: pd.Timestamp, end: pd.Timestamp) -> tuple[int, int]:
        """(invoiced, credited) in cents over ``(start, end]``."""
        invoiced = int(np.add.reduce(self.a.amount, where=self.invoiced(start, end)))
        w = _window(self.ev.credit_date, start, end)
        credited = int(self.ev.credit_cum[w.stop] - self.ev.credit_cum[w.start])
        return invoiced, credited

    def disputed(self, day: pd.Timestamp) -> np.ndarray:
        return aging.disputed_at(self.ledger, day)

    def debtors_present(self, mask: np.ndarray) -> np.ndarray:
        """Boolean per debtor code: owns at least one invoice of ``mask``."""
        out = np.zeros(self.n_debtors, dtype=bool)
        out[self.a.inv_debtor[mask]] = True
        return out

    # -- optional tables --------------------------------------------------------
    def actions(self, among: np.ndarray) -> _Actions:
        """Coded actions, valid at least for the invoices of the boolean mask ``among``.

        The full coding is cached on the ledger (built in the background by
        :func:`kpi_history`); otherwise only the actions on the invoices of
        ``among`` (and on those already asked for) are coded, or all of them when
        that is more than half of the invoices.
        """
        cached = aging.derived(self.ledger).get("kpi.actions")
        if cached is not None:
            return cached
        if self._prefetch is not None:
            cached = self._prefetch.get()
            aging.derived(self.ledger)["kpi.actions"] = cached
            return cached
        if self._partial is not None and not (among & ~self._partial[0]).any():
            return self._partial[1]
        cover = among if self._partial is None else among | self._partial[0]
        if 2 * int(cover.sum()) > self.n:
            cached = _build_actions(self.ledger, self.a)
            aging.derived(self.ledger)["kpi.actions"] = cached
            return cached
        acts = _build_actions(self.ledger, self.a, np.flatnonzero(cover))
        self._partial = (cover, acts)
        return acts

    def dunned(self, day: pd.Timestamp, among: np.ndarray) -> np.ndarray:
        """Per invoice of the mask ``among``: ≥ 1 dunning action dated in ``[due_date, day]``.

        Invoice-level actions on the invoice, or debtor-level actions (empty
        ``invoice_id``) on its debtor. Outside ``among`` the flags are not meaningful.
        """
        acts = self.actions(among)
        hit = self._dunned.get(day)
        if hit is not None and hit[0] is acts:
            return hit[1]
        d = _d64(day)
        out = np.zeros(self.n, dtype=bool)
        m = (acts.inv_date <= d) & (acts.inv_date >= self.a.due[acts.inv])
        out[acts.inv[m]] = True
        m = acts.debtor_date <= d
        if m.any():
            latest = np.full(self.n_debtors, np.iinfo("int64").min, dtype="int64")
            np.maximum.at(latest, acts.debtor[m], acts.debtor_date[m].view("int64"))
            out |= latest[self.a.inv_debtor] >= self.a.due.view("int64")
        self._dunned[day] = (acts, out)
        return out

    def insolvency(self) -> np.ndarray:
        """Insolvency date per debtor code (NaT when none or unknown)."""
        store = aging.derived(self.ledger)
        cached = store.get("kpi.insolvency")
        if cached is not None:
            return cached
        deb = self.ledger.debtors
        codes = _lookup(deb["debtor_id"], self.a.debtor_ids)
        out = np.full(self.n_debtors, np.datetime64("NaT"), dtype="datetime64[ns]")
        known = codes >= 0
        out[codes[known]] = deb["insolvency_date"].to_numpy(dtype="datetime64[ns]")[known]
        store["kpi.insolvency"] = out
        return out

    def insolvent(self, day: pd.Timestamp) -> np.ndarray:
        """Boolean per debtor code: in insolvency proceedings at ``day``."""
        return aging.insolvent_mask(self.insolvency(), day)


# ---------------------------------------------------------------------------
# Recovery and unpaid rates
# ---------------------------------------------------------------------------
def _segment_labels() -> list[str]:
    return cv.RECOVERY_SEGMENTS.labels("due")[1:]


def _segment_slugs() -> dict[str, str]:
    e = cv.RECOVERY_SEGMENTS.edges
    slugs = [f"lt{e[0]}m", *[f"{a}to{b}m" for a, b in zip(e, e[1:], strict=False)], f"gt{e[-1]}m"]
    return dict(zip(_segment_labels(), slugs, strict=True))


def _capped_sum(inv: np.ndarray, amount: np.ndarray, cap: np.ndarray) -> int:
    """Σ over invoices of min(Σ ``amount`` allocated to the invoice, ``cap`` of the invoice)."""
    if len(inv) == 0:
        return 0
    codes, pos = np.unique(inv, return_inverse=True)
    sums = np.bincount(pos, weights=amount, minlength=len(codes)).astype("int64")
    return int(np.minimum(sums, cap[codes]).sum())


@dataclass(frozen=True)
class _Recovery:
    base: int  # cents
    collected: int  # cents, capped per invoice
    n_debtors: int
    cohorts: pd.DataFrame
    text: str  # French description of the cohorts


def _recovery_cohorts(
    ctx: _Context, day: pd.Timestamp, horizon: int, months: int, segment: str | None
) -> _Recovery:
    a, ev = ctx.a, ctx.ev
    seg_pos = None
    if segment is not None:
        labels = _segment_labels()
        if segment not in labels:
            raise ValueError(f"unknown segment {segment!r}; choose one of {', '.join(labels)}")
        seg_pos = labels.index(segment) + 1  # position 0 is "Non échu"
    debtors = np.zeros(ctx.n_debtors, dtype=bool)
    rows = []
    total_base = total_collected = 0
    for j in range(months):
        cohort = cv.shift_months(day, -(horizon + j))
        window_end = cv.shift_months(day, -j)
        r = ctx.residual(cohort)
        idx = np.flatnonzero(ctx.overdue_mask(cohort) & ~ctx.disputed(cohort))
        if seg_pos is not None and len(idx):
            _, pos = aging.bucket_codes(
                cv.RECOVERY_SEGMENTS, "due", a.issue[idx], a.due[idx], cohort
            )
            idx = idx[pos == seg_pos]
        in_base = np.zeros(ctx.n, dtype=bool)
        in_base[idx] = True
        w = _window(ev.pay_date, cohort, window_end)
        pay_inv, pay_amount = ev.pay_inv[w], ev.pay_amount[w]
        keep = in_base[pay_inv]
        collected = _capped_sum(pay_inv[keep], pay_amount[keep], r)
        base = int(r[idx].sum())
        present = np.zeros(ctx.n_debtors, dtype=bool)
        present[a.inv_debtor[idx]] = True
        debtors |= present
        total_base += base
        total_collected += collected
        rows.append(
            {
                "cohort": cohort,
                "window_end": window_end,
                "base": _eur(base),
                "collected": _eur(collected),
                "rate": collected / base * 100 if base > 0 else np.nan,
                "n_debtors": int(present.sum()),
            }
        )
    frame = pd.DataFrame(rows).iloc[::-1].reset_index(drop=True)  # oldest cohort first
    frame = frame.astype({"cohort": cv.DATE_DTYPE, "window_end": cv.DATE_DTYPE})
    first = rows[-1]["cohort"]
    if months == 1:
        text = (
            f"cohorte du {fmt_date(first)}, encaissements du "
            f"{fmt_date(first + pd.Timedelta(days=1))} au {fmt_date(day)} (horizon {horizon} mois)"
        )
    else:
        dates = ", ".join(fmt_date(c) for c in frame["cohort"])
        text = (
            f"glissant {months} mois : {months} cohortes mensuelles ({dates}), chacune encaissée "
            f"sur les {horizon} mois suivants ; taux = Σ encaissements / Σ bases"
        )
    return _Recovery(total_base, total_collected, int(debtors.sum()), frame, text)


def _recovery_key(stem: str, horizon: int, months: int, segment: str | None) -> tuple[str, str]:
    key, extra = stem, []
    if months > 1:
        key += f"_{months}m"
        extra.append(f"glissant {months} mois")
    if horizon != DEFAULT_HORIZON_MONTHS:
        key += f"_h{horizon}"
        extra.append(f"horizon {horizon} mois")
    if segment is not None:
        key += f"_{_segment_slugs()[segment]}"
        extra.append(f"retard {segment}")
    label = KPI_LABELS[stem] + (f" ({', '.join(extra)})" if extra else "")
    return key, label


_RECOVERY_BASE_TEXT = (
    "base = reste dû à la date de cohorte D des factures ouvertes et échues (≥ 1 jour de "
    "retard), hors factures en litige ouvert à D, nettes des avoirs et règlements datés ≤ D ; "
    "encaissements = règlements datés de (D, D + horizon] affectés à ces factures, plafonnés "
    "par facture à son reste dû à D (un trop-perçu ne porte jamais une cohorte au-delà de "
    "100 %) ; avoirs et passages en perte après D ne sont pas des encaissements"
)


def _recovery_result(
    ctx: _Context,
    as_of: object,
    *,
    horizon: int,
    months: int,
    segment: str | None,
    unpaid: bool = False,
) -> KpiResult:
    day = cv.as_date(as_of)
    horizon = _check_months(horizon, "horizon")
    months = _check_months(months)
    rec = _recovery_cohorts(ctx, day, horizon, months, segment)
    stem = "unpaid_rate" if unpaid else "recovery_rate"
    key, label = _recovery_key(stem, horizon, months, segment)
    scope = f" ; segment {segment} (mois calendaires complets de retard à D)" if segment else ""
    formula = (
        "Taux d'impayés = (base − encaissements) / base × 100 = 100 − taux de recouvrement"
        if unpaid
        else "Taux de recouvrement = encaissements / base × 100"
    )
    convention = f"{formula} ; {_RECOVERY_BASE_TEXT}{scope} ; {rec.text}."
    common = dict(label=label, n_debtors=rec.n_debtors, details=rec.cohorts)
    if rec.base <= 0:
        return _make(
            key,
            "%",
            day,
            months,
            convention,
            reason="aucune créance échue hors litige dans la base de la cohorte",
            **common,
        )
    num = rec.base - rec.collected if unpaid else rec.collected
    return _make(
        key,
        "%",
        day,
        months,
        convention,
        value=num / rec.base * 100,
        numerator=_eur(num),
        denominator=_eur(rec.base),
        **common,
    )


def recovery_rate(
    ledger: Ledger,
    as_of: object,
    *,
    horizon: int = DEFAULT_HORIZON_MONTHS,
    months: int = MONTHLY_MONTHS,
    segment: str | None = None,
) -> KpiResult:
    """Recovery rate ("taux de recouvrement") on the cohort convention, in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        Measurement date; the (latest) cohort is dated ``as_of − horizon`` months.
    horizon : int
        Collection window after the cohort date, in calendar months (default 1).
    months : int
        Number of monthly cohorts: 1 (default), or 3 / 6 for the rolling rates.
    segment : str, optional
        One label of :data:`recouvrement.conventions.RECOVERY_SEGMENTS`
        (``"< 2 mois"``, ``"2-6 mois"``, ``"> 6 mois"``): restricts the base to the
        invoices with that many complete calendar months past due at the cohort date.

    Returns
    -------
    KpiResult
        ``value`` in percent, ``numerator`` = collected (€), ``denominator`` = base
        (€), ``n_debtors`` = distinct debtors in the base (all cohorts),
        ``details`` = one row per cohort (``cohort, window_end, base, collected,
        rate, n_debtors``), oldest first. ``value`` is ``None`` when the base is 0.

    Raises
    ------
    ValueError
        When ``horizon`` or ``months`` is not a whole number ≥ 1, or ``segment`` is
        unknown.

    Notes
    -----
    For a cohort date ``D``::

        base(D)      = Σ residual_D(i)  over invoices i open and overdue at D
                       (due_date < D), not under an open dispute at D
        collected(D) = Σ min(paid_i(D, D + horizon], residual_D(i))
        rate         = Σ_D collected(D) / Σ_D base(D) × 100

    ``residual_D`` is the as-of residual (amount − payments − credit notes −
    write-offs dated ≤ D), hence net of credit notes. Only cash payments count as
    collected; each invoice's collection is capped at its residual at ``D`` so an
    overpayment never takes a cohort above 100 %. The cohorts are
    ``D_j = as_of − (horizon + j)`` months, each collected until
    ``as_of − j`` months, for ``j = 0 … months − 1``: the report for April shows
    the March cohort collected during April. Invoices disputed after ``D`` stay in
    the base. Fewer than 10 debtors in the base → ``significant=False``.

    DOMAIN.md example: 110 000 € overdue at 31 March, 10 000 € of it disputed →
    base 100 000 €; 75 000 € collected by 30 April → 75 %.

    Examples
    --------
    >>> recovery_rate(ledger, "2025-04-30").formatted()  # doctest: +SKIP
    '75,0 %'

    """
    return _recovery_result(
        _Context(ledger), as_of, horizon=horizon, months=months, segment=segment
    )


def unpaid_rate(
    ledger: Ledger,
    as_of: object,
    *,
    horizon: int = DEFAULT_HORIZON_MONTHS,
    months: int = MONTHLY_MONTHS,
    segment: str | None = None,
) -> KpiResult:
    """Unpaid rate ("taux d'impayés") = 100 − recovery rate, on the same base.

    Parameters
    ----------
    ledger, as_of, horizon, months, segment
        As in :func:`recovery_rate`.

    Returns
    -------
    KpiResult
        ``value`` in percent, ``numerator`` = base − collected (€),
        ``denominator`` = base (€).

    Notes
    -----
    unpaid = (base − collected) / base × 100 = 100 − recovery rate, with the
    cohort base and the capped collections of :func:`recovery_rate`.

    Examples
    --------
    >>> unpaid_rate(ledger, "2025-04-30").formatted()  # doctest: +SKIP
    '25,0 %'

    """
    return _recovery_result(
        _Context(ledger), as_of, horizon=horizon, months=months, segment=segment, unpaid=True
    )


def recovery_by_segment(
    ledger: Ledger,
    as_of: object,
    *,
    horizon: int = DEFAULT_HORIZON_MONTHS,
    months: int = MONTHLY_MONTHS,
) -> pd.DataFrame:
    """Recovery rate per age segment (``< 2 mois``, ``2-6 mois``, ``> 6 mois``) and in total.

    Parameters
    ----------
    ledger, as_of, horizon, months
        As in :func:`recovery_rate`.

    Returns
    -------
    DataFrame
        One row per segment then ``Total``; columns ``segment``, ``base`` and
        ``collected`` (euros), ``rate`` (percent, NaN when the base is 0),
        ``n_debtors``, ``significant``.

    Notes
    -----
    Each row is :func:`recovery_rate` with ``segment=`` set (the total without);
    segments are complete calendar months past due at each cohort date, so the
    segment bases add up to the total base.

    Examples
    --------
    >>> recovery_by_segment(ledger, "2025-04-30")  # doctest: +SKIP

    """
    ctx = _Context(ledger)
    rows = []
    for segment in [*_segment_labels(), None]:
        r = _recovery_result(ctx, as_of, horizon=horizon, months=months, segment=segment)
        rows.append(
            {
                "segment": segment or cv.TOTAL_LABEL,
                "base": r.denominator if r.available else float(r.details["base"].sum()),
                "collected": r.numerator if r.available else float(r.details["collected"].sum()),
                "rate": np.nan if r.value is None else r.value,
                "n_debtors": r.n_debtors,
                "significant": r.significant,
            }
        )
    return pd.DataFrame(rows).astype(
        {"segment": "str", "n_debtors": "int64", "significant": "bool"}
    )


# ---------------------------------------------------------------------------
# Dunning
# ---------------------------------------------------------------------------
_DUNNING_TEXT = (
    "une facture est sous relance quand au moins une action est datée entre son échéance et "
    "la date d'arrêté (action sur la facture, ou action sur le débiteur sans facture) ; les "
    "préavis avant échéance ne sont pas des relances"
)


def _activation(ctx: _Context, as_of: object, months: int) -> KpiResult:
    day = cv.as_date(as_of)
    months = _check_months(months)
    start, _, ptext = _period(day, months)
    key = "activation_rate"
    convention = (
        "Taux d'activation = factures échues et ouvertes au début de la période, sous relance à "
        "la date d'arrêté, ayant reçu au moins un règlement (partiel ou total) dans la période / "
        "factures échues et ouvertes au début de la période sous relance × 100 ; "
        f"{_DUNNING_TEXT} ; "
        f"{ptext}."
    )
    if not ctx.ledger.has("actions"):
        return _make(key, "%", day, months, convention, reason=_missing_table("actions"))
    overdue = ctx.overdue_mask(start)
    base = overdue & ctx.dunned(day, overdue)
    idx = np.flatnonzero(base)
    ev = ctx.ev
    w = _window(ev.pay_date, start, day)
    paid = np.zeros(ctx.n, dtype=bool)
    paid[ev.pay_inv[w]] = True
    n_base, n_paid = len(idx), int(paid[idx].sum())
    n_debtors = int(ctx.debtors_present(idx).sum())
    if n_base == 0:
        return _make(
            key,
            "%",
            day,
            months,
            convention,
            n_debtors=n_debtors,
            reason="aucune facture échue sous relance au début de la période",
        )
    return _make(
        key,
        "%",
        day,
        months,
        convention,
        value=n_paid / n_base * 100,
        numerator=n_paid,
        denominator=n_base,
        n_debtors=n_debtors,
    )


def activation_rate(ledger: Ledger, as_of: object, *, months: int = MONTHLY_MONTHS) -> KpiResult:
    """Activation rate ("taux d'activation / de payeurs") of dunning, in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        End of the period.
    months : int
        Length of the period in calendar months (default 1).

    Returns
    -------
    KpiResult
        ``value`` in percent; ``numerator`` and ``denominator`` are invoice counts.
        ``None`` with a reason when there is no ``actions`` table or no dunned
        overdue invoice.

    Notes
    -----
    With the period ``(start, as_of]``::

        base = invoices open and overdue at start (due_date < start)
               with ≥ 1 dunning action dated in [due_date, as_of]
        rate = #(base with ≥ 1 payment dated in (start, as_of]) / #base × 100

    A dunning action is logged on the invoice, or on its debtor with an empty
    ``invoice_id`` (it then covers every overdue invoice of the debtor). Pre-due
    notices (dated before the due date) are not dunning. Credit notes are not
    payments. Disputed invoices are kept in the base.

    Examples
    --------
    >>> activation_rate(ledger, "2025-04-30").value  # doctest: +SKIP

    """
    return _activation(_Context(ledger), as_of, months)


def _coverage(ctx: _Context, as_of: object) -> KpiResult:
    day = cv.as_date(as_of)
    key = "dunning_coverage_rate"
    has_debtors = ctx.ledger.has("debtors")
    insolvency = (
        "débiteur hors procédure collective (date de jugement ≤ date d'arrêté)"
        if has_debtors
        else "table des débiteurs non fournie : aucune exclusion pour procédure collective"
    )
    convention = (
        "Taux de couverture des relances = factures à relancer ayant au moins une relance / "
        "factures à relancer × 100 ; à relancer = ouvertes, échues (≥ 1 jour de retard) au "
        f"{fmt_date(day)}, hors litige ouvert, {insolvency} ; {_DUNNING_TEXT}."
    )
    if not ctx.ledger.has("actions"):
        return _make(key, "%", day, None, convention, reason=_missing_table("actions"))
    to_dun = aging.to_dun_mask(
        ctx.residual(day), ctx.a.due, day, ctx.disputed(day), ctx.insolvent(day)[ctx.a.inv_debtor]
    )
    covered = ctx.dunned(day, to_dun)
    idx = np.flatnonzero(to_dun)
    n_debtors = int(ctx.debtors_present(idx).sum())
    n_covered = int(covered[idx].sum())
    gap = idx[~covered[idx]]
    a = ctx.a
    r = ctx.residual(day)[gap]
    dpd = ((_d64(day) - a.due[gap]) // _DAY).astype("int64")
    order = np.lexsort((-dpd, -r))
    gap, r, dpd = gap[order], r[order], dpd[order]
    details = pd.DataFrame(
        {
            "invoice_id": _ids(a.invoice_ids[gap]),
            "debtor_id": _ids(a.debtor_ids[a.inv_debtor[gap]]),
            "due_date": a.due[gap],
            "days_past_due": dpd,
            "residual": aging.to_euros(r),
        }
    )
    if len(idx) == 0:
        return _make(
            key,
            "%",
            day,
            None,
            convention,
            n_debtors=0,
            details=details,
            reason="aucune facture échue à relancer",
        )
    return _make(
        key,
        "%",
        day,
        None,
        convention,
        value=n_covered / len(idx) * 100,
        numerator=n_covered,
        denominator=len(idx),
        n_debtors=n_debtors,
        details=details,
    )


def dunning_coverage_rate(ledger: Ledger, as_of: object) -> KpiResult:
    """Dunning coverage ("taux de couverture des relances") at ``as_of``, in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).

    Returns
    -------
    KpiResult
        ``value`` in percent; counts of invoices in ``numerator``/``denominator``;
        ``details`` = the uncovered invoices (``invoice_id, debtor_id, due_date,
        days_past_due, residual``), largest residual first. ``None`` with a reason
        without an ``actions`` table or when nothing is to be dunned.

    Notes
    -----
    ::

        to dun  = invoices open and overdue at as_of (due_date < as_of), not under
                  an open dispute, debtor not in insolvency proceedings
                  (debtors.insolvency_date ≤ as_of)
        covered = to dun with ≥ 1 action dated in [due_date, as_of], logged on the
                  invoice or on its debtor (empty invoice_id)
        rate    = #covered / #to dun × 100

    Without a debtors table no debtor is excluded (said in the convention). An
    empty but provided ``actions`` table gives a legitimate 0 %.

    Examples
    --------
    >>> dunning_coverage_rate(ledger, "2025-04-30").details  # doctest: +SKIP

    """
    return _coverage(_Context(ledger), as_of)


# ---------------------------------------------------------------------------
# DSO family and CEI
# ---------------------------------------------------------------------------
def _countback(
    encours: float, sales: Iterable[float], days: Iterable[int]
) -> tuple[float, bool, list[tuple[float, float]]]:
    """Countback walk of an encours against monthly net sales, latest month first.

    Returns ``(days, exhausted, parts)``: each month whose net sales do not cover
    the remaining encours adds all its days; the month that covers it adds
    ``remaining / sales × days``. A month with net sales ≤ 0 adds its days and
    absorbs nothing. ``exhausted`` is ``False`` when the history runs out before
    the encours is absorbed. ``parts`` = (absorbed, days counted) per month walked.
    """
    remaining = float(encours)
    total = 0.0
    parts: list[tuple[float, float]] = []
    if remaining <= 0:
        return 0.0, True, parts
    for s, d in zip(sales, days, strict=True):
        if 0 < remaining <= s:
            part = remaining / s * d
            parts.append((remaining, part))
            return total + part, True, parts
        total += d
        parts.append((max(s, 0.0), float(d)))
        remaining -= max(s, 0.0)
    return total, False, parts


def _history_note(ctx: _Context, start: pd.Timestamp) -> str:
    first = ctx.a.issue.min() if ctx.n else None
    if first is not None and first > _d64(start):
        return (
            f" ; attention : historique incomplet, la première facture date du "
            f"{fmt_date(pd.Timestamp(first))}"
        )
    return ""


def _dso(ctx: _Context, as_of: object, method: str, months: int) -> KpiResult:
    day = cv.as_date(as_of)
    months = _check_months(months)
    method = _check_method(method, DSO_METHODS)
    key = {"simple": "dso", "countback": "dso_countback", "average": "dso_average"}[method]
    start, days, ptext = _period(day, months)
    closing = ctx.encours(day)
    invoiced, credited = ctx.net_sales(start, day)
    sales = invoiced - credited
    encours_text = (
        "encours = solde net du poste client à la date (Σ restes dus des factures ouvertes "
        "+ Σ non affecté, soit le total de la balance âgée)"
    )
    sales_text = (
        "ventes = factures TTC émises sur la période − avoirs datés de la période (ventes nettes)"
    )
    note = _history_note(ctx, start)
    details = None
    if method == "simple":
        convention = (
            "DSO = encours de clôture / ventes × jours de la période ; "
            f"{encours_text} ; {sales_text} ; {ptext}{note}."
        )
        num = closing
    elif method == "average":
        opening = ctx.encours(start)
        num = (opening + closing) / 2
        convention = (
            f"DSO (encours moyen) = (encours d'ouverture + encours de clôture) / 2 / ventes × "
            f"jours de la période ; encours d'ouverture {fmt_eur(_eur(opening))} au "
            f"{fmt_date(start)} ; {encours_text} ; {sales_text} ; {ptext}{note}."
        )
    else:
        value, details, exhausted = _dso_countback(ctx, day, closing)
        tail = (
            ""
            if exhausted
            else " ; historique épuisé avant absorption de l'encours : la valeur est le nombre "
            "de jours de tout l'historique (minorant)"
        )
        convention = (
            "DSO (épuisement) : l'encours de clôture est imputé sur les ventes nettes des mois "
            "calendaires en remontant depuis la date d'arrêté (mois k = (D − k − 1 mois, D − k "
            "mois]), chaque mois épuisé compte tous ses jours, le dernier au prorata "
            f"(reste / ventes du mois × jours) ; {encours_text} ; ventes = factures TTC − avoirs "
            f"datés du mois{tail}."
        )
        if value is None:
            return _make(
                key,
                "j",
                day,
                months,
                convention,
                numerator=_eur(closing),
                details=details,
                reason="aucune vente nette dans l'historique",
            )
        return _make(
            key,
            "j",
            day,
            months,
            convention,
            value=value,
            numerator=_eur(closing),
            denominator=round(float(details["absorbed"].sum()), 2),
            details=details,
        )
    if sales <= 0:
        return _make(
            key,
            "j",
            day,
            months,
            convention,
            numerator=_eur(num),
            reason="aucune vente nette sur la période",
        )
    return _make(
        key,
        "j",
        day,
        months,
        convention,
        value=num / sales * days,
        numerator=_eur(num),
        denominator=_eur(sales),
    )


def _dso_countback(
    ctx: _Context, day: pd.Timestamp, closing: int
) -> tuple[float | None, pd.DataFrame | None, bool]:
    a = ctx.a
    issued = a.issue[a.issue <= _d64(day)]
    if len(issued) == 0:
        return None, None, True
    first = issued.min()
    ends = [day]
    while ends[-1] >= first:  # the last edge is strictly before the first invoice
        ends.append(cv.shift_months(day, -len(ends)))
    edges = np.array([_d64(e) for e in reversed(ends)])  # ascending
    k = len(edges) - 1

    def per_month(dates: np.ndarray, amounts: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(edges, dates, side="left")  # (e_{i-1}, e_i] -> i
        ok = (pos >= 1) & (pos <= k)
        sums = np.bincount(pos[ok] - 1, weights=amounts[ok], minlength=k)
        return sums[::-1]  # latest month first

    credit_cum = ctx.ev.credit_cum[np.searchsorted(ctx.ev.credit_date, edges, side="right")]
    sales = per_month(a.issue, a.amount) - np.diff(credit_cum)[::-1]
    days = [int((ends[i] - ends[i + 1]).days) for i in range(k)]
    value, exhausted, parts = _countback(closing, sales, days)
    if not exhausted and not (sales > 0).any():
        return None, None, True
    rows = [
        {
            "month_start": ends[i + 1] + pd.Timedelta(days=1),
            "month_end": ends[i],
            "days": days[i],
            "net_sales": _eur(sales[i]),
            "absorbed": _eur(absorbed),
            "days_counted": counted,
        }
        for i, (absorbed, counted) in enumerate(parts)
    ]
    columns = ["month_start", "month_end", "days", "net_sales", "absorbed", "days_counted"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.astype({"month_start": cv.DATE_DTYPE, "month_end": cv.DATE_DTYPE})
    return value, frame, exhausted


def days_sales_outstanding(
    ledger: Ledger, as_of: object, *, method: str = "simple", months: int = DSO_MONTHS
) -> KpiResult:
    """Days sales outstanding (DSO), in days.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        End of the period (closing date).
    method : {"simple", "countback", "average"}
        ``simple`` (default, the accounting method), ``countback`` (exhaustion of
        the encours against the latest months' sales) or ``average`` (average of
        opening and closing encours).
    months : int
        Length of the period in calendar months (default 3; not used by
        ``countback``, which walks back as far as needed).

    Returns
    -------
    KpiResult
        ``value`` in days; ``numerator`` = encours (€, the average encours for
        ``average``), ``denominator`` = net sales of the period (€; for
        ``countback`` the sales absorbed). ``details`` (countback only): one row
        per month walked (``month_start, month_end, days, net_sales, absorbed,
        days_counted``). ``None`` with a reason when net sales are ≤ 0.

    Raises
    ------
    ValueError
        Unknown ``method`` or ``months`` < 1.

    Notes
    -----
    ::

        encours(D) = Σ residual of open items + Σ non affecté
                   = Σ invoices − Σ payments − Σ credit notes − Σ write-offs (dated ≤ D)
        sales      = Σ invoices issued in (start, as_of] − Σ credit notes dated in it
        simple     = encours(as_of) / sales × days
        average    = (encours(start) + encours(as_of)) / 2 / sales × days
        countback  = Σ days of the months whose sales the encours exhausts
                     + remaining / sales_k × days_k for the last one

    ``days`` = calendar days of ``(start, as_of]``, ``start = as_of − months``.
    Countback months are ``(as_of − k − 1 m, as_of − k m]``; a month with net sales
    ≤ 0 adds its days and absorbs nothing; when the history (first invoice) runs
    out first, the value is the days counted (a lower bound) and the convention
    says so. Encours ≤ 0 gives 0 days in countback. DOMAIN.md example: encours
    212 000, sales 100 000 / 80 000 / 70 000 over 30-day months →
    30 + 30 + 32 000 / 70 000 × 30 = 73.7 days.

    Examples
    --------
    >>> dso = days_sales_outstanding(ledger, "2025-06-30", method="countback")  # doctest: +SKIP
    >>> dso.formatted()  # doctest: +SKIP

    """
    return _dso(_Context(ledger), as_of, method, months)


def _best_possible(ctx: _Context, as_of: object, months: int) -> KpiResult:
    day = cv.as_date(as_of)
    months = _check_months(months)
    start, days, ptext = _period(day, months)
    invoiced, credited = ctx.net_sales(start, day)
    sales = invoiced - credited
    nd = ctx.not_due(day)
    convention = (
        "Meilleur DSO possible = encours non échu / ventes × jours de la période ; encours non "
        "échu = Σ restes dus des factures ouvertes dont l'échéance n'est pas dépassée "
        "(retard ≤ 0) ; ventes = factures TTC émises − avoirs datés de la période ; "
        f"{ptext}{_history_note(ctx, start)}."
    )
    if sales <= 0:
        return _make(
            "best_possible_dso",
            "j",
            day,
            months,
            convention,
            numerator=_eur(nd),
            reason="aucune vente nette sur la période",
        )
    return _make(
        "best_possible_dso",
        "j",
        day,
        months,
        convention,
        value=nd / sales * days,
        numerator=_eur(nd),
        denominator=_eur(sales),
    )


def best_possible_dso(ledger: Ledger, as_of: object, *, months: int = DSO_MONTHS) -> KpiResult:
    """Best possible DSO: the DSO if every overdue euro were collected, in days.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 3).

    Returns
    -------
    KpiResult
        ``value`` in days; ``numerator`` = not-yet-due encours (€),
        ``denominator`` = net sales (€). ``None`` when net sales are ≤ 0.

    Notes
    -----
    best possible DSO = not-yet-due encours / net sales × days of the period, the
    not-yet-due encours being the residual at ``as_of`` of open items with
    ``due_date ≥ as_of``; sales as in :func:`days_sales_outstanding`.

    Examples
    --------
    >>> best_possible_dso(ledger, "2025-06-30").value  # doctest: +SKIP

    """
    return _best_possible(_Context(ledger), as_of, months)


def _add(ctx: _Context, as_of: object, months: int) -> KpiResult:
    dso = _dso(ctx, as_of, "simple", months)
    best = _best_possible(ctx, as_of, months)
    _, _, ptext = _period(dso.as_of, dso.months)
    convention = (
        "ADD = DSO (méthode comptable) − meilleur DSO possible = (encours − encours non échu) / "
        "ventes × jours de la période ; l'encours échu inclut le non affecté (négatif) ; ventes = "
        f"factures TTC émises − avoirs datés de la période ; {ptext}."
    )
    if not (dso.available and best.available):
        return _make(
            "average_days_delinquent",
            "j",
            dso.as_of,
            dso.months,
            convention,
            reason=dso.reason or best.reason,
        )
    return _make(
        "average_days_delinquent",
        "j",
        dso.as_of,
        dso.months,
        convention,
        value=dso.value - best.value,
        numerator=dso.numerator - best.numerator,
        denominator=dso.denominator,
    )


def average_days_delinquent(
    ledger: Ledger, as_of: object, *, months: int = DSO_MONTHS
) -> KpiResult:
    """Average days delinquent (ADD) = DSO − best possible DSO, in days.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 3).

    Returns
    -------
    KpiResult
        ``value`` in days; ``numerator`` = encours − not-yet-due encours (€),
        ``denominator`` = net sales (€). ``None`` when net sales are ≤ 0.

    Notes
    -----
    ADD = DSO(simple) − best possible DSO = (encours − not-yet-due encours) / net
    sales × days. The overdue part includes the ``Non affecté`` column (negative),
    so unapplied cash lowers the ADD.

    Examples
    --------
    >>> average_days_delinquent(ledger, "2025-06-30").formatted()  # doctest: +SKIP

    """
    return _add(_Context(ledger), as_of, months)


def _cei(ctx: _Context, as_of: object, months: int) -> KpiResult:
    day = cv.as_date(as_of)
    months = _check_months(months)
    start, _, ptext = _period(day, months)
    opening, closing, nd = ctx.encours(start), ctx.encours(day), ctx.not_due(day)
    invoiced, credited = ctx.net_sales(start, day)
    monthly = (invoiced - credited) / months
    num = opening + monthly - closing
    den = opening + monthly - nd
    convention = (
        "CEI = (encours d'ouverture + S/N − encours de clôture) / (encours d'ouverture + S/N − "
        f"encours non échu de clôture) × 100, S = ventes nettes (factures TTC − avoirs) des N = "
        f"{months} mois ; encours d'ouverture {fmt_eur(_eur(opening))} au {fmt_date(start)}, "
        f"clôture {fmt_eur(_eur(closing))} dont non échu {fmt_eur(_eur(nd))} ; {ptext}"
        f"{_history_note(ctx, start)}."
    )
    if den <= 0:
        return _make(
            "cei",
            "%",
            day,
            months,
            convention,
            numerator=_eur(num),
            denominator=_eur(den),
            reason="dénominateur nul ou négatif (rien à recouvrer sur la période)",
        )
    return _make(
        "cei",
        "%",
        day,
        months,
        convention,
        value=num / den * 100,
        numerator=_eur(num),
        denominator=_eur(den),
    )


def collection_effectiveness_index(
    ledger: Ledger, as_of: object, *, months: int = DSO_MONTHS
) -> KpiResult:
    """Compute the collection effectiveness index (CEI), in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        N, the length of the period in calendar months (default 3).

    Returns
    -------
    KpiResult
        ``value`` in percent; ``numerator`` and ``denominator`` in euros. ``None``
        when the denominator is ≤ 0.

    Notes
    -----
    ::

        CEI = (opening + S/N − closing) / (opening + S/N − closing not yet due) × 100

    ``opening`` = encours at ``as_of − months`` months, ``closing`` = encours at
    ``as_of`` (encours as in :func:`days_sales_outstanding`), ``S`` = net sales of
    the period, ``closing not yet due`` = residual of open items with
    ``due_date ≥ as_of``. DOMAIN.md example: opening 6 200, S = 10 890 over
    3 months, closing 6 340, closing not due 3 590 → 3 490 / 6 240 = 55.9 %.

    Examples
    --------
    >>> collection_effectiveness_index(ledger, "2025-06-30").formatted()  # doctest: +SKIP
    '55,9 %'

    """
    return _cei(_Context(ledger), as_of, months)


# ---------------------------------------------------------------------------
# Costs, losses, disputes, doubtful receivables
# ---------------------------------------------------------------------------
def _cost(ctx: _Context, as_of: object, months: int, method: str) -> KpiResult:
    day = cv.as_date(as_of)
    months = _check_months(months)
    method = _check_method(method, COST_METHODS)
    start, _, ptext = _period(day, months)
    key = "cost_per_euro_collected" if method == "collected" else "cost_to_encours"
    unit = "ratio" if method == "collected" else "%"
    wanted = [day.to_period("M") - k for k in range(months - 1, -1, -1)]
    month_text = ", ".join(str(p) for p in wanted)
    if method == "collected":
        convention = (
            "Coût à l'euro recouvré = coûts de recouvrement des mois "
            f"{month_text} / encaissements sur créances échues de la période (règlements datés de "
            "la période, affectés à une facture dont l'échéance est antérieure à la date du "
            f"règlement) ; {ptext} ; au-delà de 1, le recouvrement coûte plus qu'il ne rapporte."
        )
    else:
        convention = (
            f"Coût de recouvrement / encours = coûts de recouvrement des mois {month_text} / "
            f"encours de clôture au {fmt_date(day)} × 100 ; {ptext}."
        )
    if not ctx.ledger.has("costs"):
        return _make(key, unit, day, months, convention, reason=_missing_table("costs"))
    costs = ctx.ledger.costs
    by_month = costs.groupby("month", observed=True)["amount"].sum()
    missing = [p for p in wanted if p not in by_month.index]
    if missing:
        return _make(
            key,
            unit,
            day,
            months,
            convention,
            reason="coûts de recouvrement absents pour "
            + ", ".join(str(p) for p in missing)
            + " (jamais supposés nuls)",
        )
    kept = by_month.loc[wanted]
    total = int(aging.to_cents(kept.to_numpy()).sum())
    details = pd.DataFrame(
        {"month": pd.PeriodIndex(wanted), "cost": kept.to_numpy(dtype="float64")}
    )
    if method == "collected":
        ev = ctx.ev
        w = _window(ev.pay_date, start, day)
        late = ctx.a.due[ev.pay_inv[w]] < ev.pay_date[w]
        collected = int(ev.pay_amount[w][late].sum())
        if collected <= 0:
            return _make(
                key,
                unit,
                day,
                months,
                convention,
                numerator=_eur(total),
                details=details,
                reason="aucun encaissement sur créances échues sur la période",
            )
        return _make(
            key,
            unit,
            day,
            months,
            convention,
            value=total / collected,
            numerator=_eur(total),
            denominator=_eur(collected),
            details=details,
        )
    encours = ctx.encours(day)
    if encours <= 0:
        return _make(
            key,
            unit,
            day,
            months,
            convention,
            numerator=_eur(total),
            details=details,
            reason="encours nul ou créditeur à la date d'arrêté",
        )
    return _make(
        key,
        unit,
        day,
        months,
        convention,
        value=total / encours * 100,
        numerator=_eur(total),
        denominator=_eur(encours),
        details=details,
    )


def cost_per_euro_collected(
    ledger: Ledger, as_of: object, *, months: int = MONTHLY_MONTHS, method: str = "collected"
) -> KpiResult:
    """Compute the collection cost per euro collected ("coût à l'euro recouvré").

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 1).
    method : {"collected", "encours"}
        ``collected`` (default): ratio of costs to the cash collected on overdue
        receivables (unit ``ratio``, 0.08 = 8 centimes per euro); ``encours``:
        costs as a percentage of the closing encours (unit ``%``).

    Returns
    -------
    KpiResult
        ``numerator`` = costs (€), ``denominator`` = collected or encours (€),
        ``details`` = cost per month. ``None`` with a reason without a ``costs``
        table, when a month of the period has no cost row (the missing months are
        named; a missing month is never taken as 0), or when nothing was collected.

    Notes
    -----
    ::

        collected = Σ payments dated in (start, as_of], allocated to an invoice
                    whose due_date < payment date
        ratio     = Σ costs of the months / collected
        encours   = Σ costs of the months / encours(as_of) × 100

    The months are the ``months`` calendar months ending with the month of
    ``as_of`` (``costs.month``, several rows per month are added up); at a month
    end they coincide with the period. A ratio above 1 means collection costs more
    than it brings.

    Examples
    --------
    >>> cost_per_euro_collected(ledger, "2025-04-30").formatted()  # doctest: +SKIP
    '0,08'

    """
    return _cost(_Context(ledger), as_of, months, method)


def _bad_debt(ctx: _Context, as_of: object, months: int) -> KpiResult:
    day = cv.as_date(as_of)
    months = _check_months(months)
    start, _, ptext = _period(day, months)
    convention = (
        "Taux de créances irrécouvrables = passages en perte datés de la période / factures TTC "
        "émises sur la période × 100 (flux de la période : les pertes peuvent porter sur des "
        f"factures plus anciennes) ; {ptext}{_history_note(ctx, start)}."
    )
    if not ctx.ledger.has("write_offs"):
        return _make(
            "bad_debt_rate", "%", day, months, convention, reason=_missing_table("write_offs")
        )
    mask = ctx.invoiced(start, day)
    invoiced = int(ctx.a.amount[mask].sum())
    w = _window(ctx.ev.wo_date, start, day)
    lost = int(ctx.ev.wo_cum[w.stop] - ctx.ev.wo_cum[w.start])
    n_debtors = int(ctx.debtors_present(mask).sum())
    if invoiced <= 0:
        return _make(
            "bad_debt_rate",
            "%",
            day,
            months,
            convention,
            numerator=_eur(lost),
            n_debtors=n_debtors,
            reason="aucune facture émise sur la période",
        )
    return _make(
        "bad_debt_rate",
        "%",
        day,
        months,
        convention,
        value=lost / invoiced * 100,
        numerator=_eur(lost),
        denominator=_eur(invoiced),
        n_debtors=n_debtors,
    )


def bad_debt_rate(ledger: Ledger, as_of: object, *, months: int = ANNUAL_MONTHS) -> KpiResult:
    """Bad-debt rate ("taux de créances irrécouvrables"), in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 12, rolling).

    Returns
    -------
    KpiResult
        ``value`` in percent; ``numerator`` = write-offs (€), ``denominator`` =
        invoiced (€); ``n_debtors`` = debtors invoiced in the period. ``None``
        without a ``write_offs`` table (an empty but provided table gives 0 %) or
        when nothing was invoiced.

    Notes
    -----
    rate = Σ write-offs dated in (start, as_of] / Σ invoices (TTC, gross) issued in
    (start, as_of] × 100. A flow ratio: the write-offs may concern invoices issued
    before the period.

    Examples
    --------
    >>> bad_debt_rate(ledger, "2025-04-30").formatted()  # doctest: +SKIP

    """
    return _bad_debt(_Context(ledger), as_of, months)


def _dispute(ctx: _Context, as_of: object, months: int, method: str) -> KpiResult:
    day = cv.as_date(as_of)
    months = _check_months(months)
    method = _check_method(method, DISPUTE_METHODS)
    start, _, ptext = _period(day, months)
    key = "dispute_rate" if method == "count" else "dispute_rate_amount"
    what = "nombre" if method == "count" else "montant TTC"
    convention = (
        f"Taux de litige ({what}) = factures émises sur la période ayant un litige ouvert au plus "
        f"tard à la date d'arrêté (résolu ou non) / factures émises sur la période × 100 ; {ptext}."
    )
    if not ctx.ledger.has("disputes"):
        return _make(key, "%", day, months, convention, reason=_missing_table("disputes"))
    a = ctx.a
    flagged = np.zeros(ctx.n, dtype=bool)
    opened = (a.dispute_open <= _d64(day)) & (a.dispute_inv >= 0)
    flagged[a.dispute_inv[opened]] = True
    mask = ctx.invoiced(start, day)
    n_debtors = int(ctx.debtors_present(mask).sum())
    if method == "count":
        num, den = int((mask & flagged).sum()), int(mask.sum())
    else:
        num, den = _eur(a.amount[mask & flagged].sum()), _eur(a.amount[mask].sum())
    if den <= 0:
        return _make(
            key,
            "%",
            day,
            months,
            convention,
            n_debtors=n_debtors,
            reason="aucune facture émise sur la période",
        )
    return _make(
        key,
        "%",
        day,
        months,
        convention,
        value=num / den * 100,
        numerator=num,
        denominator=den,
        n_debtors=n_debtors,
    )


def dispute_rate(
    ledger: Ledger, as_of: object, *, months: int = ANNUAL_MONTHS, method: str = "count"
) -> KpiResult:
    """Dispute rate ("taux de litige"), in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 12).
    method : {"count", "amount"}
        Ratio of invoice counts (default) or of invoice amounts (TTC).

    Returns
    -------
    KpiResult
        ``value`` in percent; ``n_debtors`` = debtors invoiced in the period.
        ``None`` without a ``disputes`` table or when no invoice was issued.

    Notes
    -----
    rate = #invoices issued in (start, as_of] with a dispute opened ≤ as_of (open
    or resolved since) / #invoices issued in (start, as_of] × 100; with
    ``method="amount"`` the counts are replaced by the invoice amounts.

    Examples
    --------
    >>> dispute_rate(ledger, "2025-04-30").formatted()  # doctest: +SKIP

    """
    return _dispute(_Context(ledger), as_of, months, method)


def _doubtful(ctx: _Context, as_of: object) -> KpiResult:
    day = cv.as_date(as_of)
    convention = (
        "Créances douteuses = Σ restes dus au "
        f"{fmt_date(day)} des factures ouvertes des débiteurs en procédure collective "
        "(date de jugement ≤ date d'arrêté ; créances gelées). Le contrat de données n'a pas de "
        "marquage « douteux » : seules les procédures collectives sont retenues. Part de "
        "l'encours = numérateur / dénominateur (encours net à la date)."
    )
    key = "doubtful_receivables"
    if not ctx.ledger.has("debtors"):
        return _make(key, "€", day, None, convention, reason=_missing_table("debtors"))
    a = ctx.a
    r = ctx.residual(day)
    insolvent = ctx.insolvent(day)
    open_ = r > 0
    mask = open_ & insolvent[a.inv_debtor]
    per_debtor = np.bincount(a.inv_debtor[mask], weights=r[mask], minlength=ctx.n_debtors).astype(
        "int64"
    )
    n_open = np.bincount(a.inv_debtor[mask], minlength=ctx.n_debtors)
    deb = ctx.ledger.debtors
    sel = deb[aging.insolvent_mask(deb["insolvency_date"], day)]
    codes = _lookup(sel["debtor_id"], a.debtor_ids)
    known = codes >= 0
    residual = np.where(known, per_debtor[np.where(known, codes, 0)], 0)
    count = np.where(known, n_open[np.where(known, codes, 0)], 0)
    details = pd.DataFrame(
        {
            "debtor_id": sel["debtor_id"].to_numpy(),
            "name": sel["name"].to_numpy(),
            "insolvency_date": sel["insolvency_date"].to_numpy(dtype="datetime64[ns]"),
            "n_open_invoices": count.astype("int64"),
            "residual": aging.to_euros(residual),
        }
    ).astype({"debtor_id": "str", "name": "str"})
    details = details.sort_values(["residual", "debtor_id"], ascending=[False, True]).reset_index(
        drop=True
    )
    total = int(per_debtor.sum())
    encours = ctx.encours(day)
    share = f" Soit {fmt_pct(total / encours * 100)} de l'encours." if encours > 0 else ""
    return _make(
        key,
        "€",
        day,
        None,
        convention + share,
        value=_eur(total),
        numerator=_eur(total),
        denominator=_eur(encours),
        n_debtors=int((count > 0).sum()),
        details=details,
    )


def doubtful_receivables(ledger: Ledger, as_of: object) -> KpiResult:
    """Doubtful receivables ("créances douteuses"): debtors in insolvency proceedings, in euros.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).

    Returns
    -------
    KpiResult
        ``value`` = ``numerator`` = residual of the open invoices of debtors in
        insolvency proceedings (€); ``denominator`` = encours at ``as_of`` (€), so
        that numerator / denominator is the share of the encours; ``n_debtors`` =
        debtors in proceedings with open invoices; ``details`` = one row per debtor
        in proceedings (``debtor_id, name, insolvency_date, n_open_invoices,
        residual``), largest first. ``None`` without a ``debtors`` table.

    Notes
    -----
    value = Σ residual at ``as_of`` of the open invoices of debtors whose
    ``insolvency_date ≤ as_of``; share = value / encours at ``as_of`` × 100.

    DOMAIN.md: "amount flagged doubtful, plus debtors in insolvency proceedings".
    The data contract has no "doubtful" flag, so only debtors whose
    ``insolvency_date ≤ as_of`` are counted (their claims are frozen). 0 € is a
    legitimate result when the debtors table is provided and no debtor is in
    proceedings.

    Examples
    --------
    >>> doubtful_receivables(ledger, "2025-04-30").details  # doctest: +SKIP

    """
    return _doubtful(_Context(ledger), as_of)


# ---------------------------------------------------------------------------
# Payment behaviour
# ---------------------------------------------------------------------------
BEHAVIOUR_COLUMNS = [
    "debtor_id",
    "n_invoices",
    "amount",
    "days_to_pay",
    "days_late",
    "share_late",
    "max_days_late",
]


@dataclass(frozen=True)
class _Settled:
    inv: np.ndarray  # invoice codes settled in the period
    settled: np.ndarray  # datetime64[ns]


def _settled(ctx: _Context, day: pd.Timestamp, start: pd.Timestamp) -> _Settled:
    """Invoices whose residual reached ≤ 0 in ``(start, day]`` and the date it did."""
    a, ev = ctx.a, ctx.ev
    d, s = _d64(day), _d64(start)
    done_now = (a.issue <= d) & (ctx.residual(day) <= 0)
    done_before = (a.issue <= s) & (ctx.residual(start) <= 0)
    target = done_now & ~done_before
    k = _upto(ev.alloc_date, day)
    m = np.flatnonzero(target[ev.alloc_inv[:k]])
    inv, date = ev.alloc_inv[m], ev.alloc_date[m].view("int64")
    amt = ev.alloc_amount[m].astype("int64")
    if len(inv) == 0:
        return _Settled(np.zeros(0, dtype="int64"), np.zeros(0, dtype="datetime64[ns]"))
    days = (date - date.min()) // (24 * 3600 * 10**9)
    order = np.argsort(inv * (int(days.max()) + 1) + days, kind="stable")
    inv, date, amt = inv[order], date[order], amt[order]
    cum = np.cumsum(amt)
    head = np.r_[True, inv[1:] != inv[:-1]]
    starts = np.flatnonzero(head)
    offset = (cum[starts] - amt[starts])[np.cumsum(head) - 1]
    crossed = np.flatnonzero(cum - offset >= a.amount[inv])
    first = crossed[np.r_[True, inv[crossed[1:]] != inv[crossed[:-1]]]]
    out_inv = inv[first]
    settled = np.maximum(date[first], a.issue[out_inv].view("int64")).view("datetime64[ns]")
    if len(out_inv) != int(target.sum()):  # pragma: no cover - an internal bug
        raise AssertionError("settlement dates do not match the as-of residuals")
    return _Settled(out_inv, settled)


def _behaviour(ctx: _Context, day: pd.Timestamp, months: int) -> tuple[pd.DataFrame, np.ndarray]:
    start = cv.shift_months(day, -months)
    st = _settled(ctx, day, start)
    a = ctx.a
    inv = st.inv
    amount = a.amount[inv].astype("float64")
    to_pay = ((st.settled - a.issue[inv]) // _DAY).astype("int64")
    late = np.maximum(((st.settled - a.due[inv]) // _DAY).astype("int64"), 0)
    deb = a.inv_debtor[inv]
    nd = ctx.n_debtors
    n = np.bincount(deb, minlength=nd)
    w = np.bincount(deb, weights=amount, minlength=nd)
    w_pay = np.bincount(deb, weights=amount * to_pay, minlength=nd)
    w_late = np.bincount(deb, weights=amount * late, minlength=nd)
    n_late = np.bincount(deb, weights=(late > 0), minlength=nd)
    max_late = np.zeros(nd, dtype="int64")
    np.maximum.at(max_late, deb, late)
    keep = np.flatnonzero(n > 0)
    frame = pd.DataFrame(
        {
            "debtor_id": _ids(a.debtor_ids[keep]),
            "n_invoices": n[keep].astype("int64"),
            "amount": aging.to_euros(np.rint(w[keep]).astype("int64")),
            "days_to_pay": w_pay[keep] / w[keep],
            "days_late": w_late[keep] / w[keep],
            "share_late": n_late[keep] / n[keep] * 100,
            "max_days_late": max_late[keep],
        },
        columns=BEHAVIOUR_COLUMNS,
    )
    frame = frame.sort_values(["days_late", "debtor_id"], ascending=[False, True], kind="stable")
    totals = np.array([w.sum(), w_late.sum()])
    return frame.reset_index(drop=True), totals


def payment_behaviour(
    ledger: Ledger, as_of: object, *, months: int = ANNUAL_MONTHS
) -> pd.DataFrame:
    """Payment behaviour per debtor over the invoices settled in the period.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 12).

    Returns
    -------
    DataFrame
        One row per debtor with at least one invoice settled in the period:
        ``debtor_id``, ``n_invoices``, ``amount`` (€, invoice amounts),
        ``days_to_pay`` and ``days_late`` (amount-weighted means, days),
        ``share_late`` (percent of the invoices settled after their due date),
        ``max_days_late`` (days). Sorted by ``days_late`` descending, then
        ``debtor_id``.

    Notes
    -----
    An invoice is settled when its as-of residual reaches ≤ 0 through payments,
    credit notes or write-offs; its settlement date is the date of the allocation
    that brought the cumulated allocations to its amount, or its issue date if
    that came first (prepayment: 0 days to pay). Settled in the period =
    settled at ``as_of`` and not at ``as_of − months``. Then, weighted by the
    invoice amount::

        days_to_pay = Σ amount × (settled − issue_date) / Σ amount
        days_late   = Σ amount × max(0, settled − due_date) / Σ amount

    Invoices closed by a credit note or a write-off are included (the closing
    event dates the settlement), as the data contract does not tell a commercial
    cancellation from a payment.

    Examples
    --------
    >>> payment_behaviour(ledger, "2025-04-30").head()  # doctest: +SKIP

    """
    months = _check_months(months)
    frame, _ = _behaviour(_Context(ledger), cv.as_date(as_of), months)
    return frame


def _behaviour_summary(ctx: _Context, as_of: object, months: int) -> KpiResult:
    day = cv.as_date(as_of)
    months = _check_months(months)
    _, _, ptext = _period(day, months)
    frame, (w, w_late) = _behaviour(ctx, day, months)
    convention = (
        "Retard moyen de paiement pondéré = Σ montant × max(0, date de solde − échéance) / "
        "Σ montant, sur les factures soldées dans la période (solde = règlements, avoirs et "
        "passages en perte cumulés atteignant le montant de la facture) ; numérateur en € × "
        f"jours ; {ptext}."
    )
    n_debtors = len(frame)
    if w <= 0:
        return _make(
            "weighted_days_late",
            "j",
            day,
            months,
            convention,
            n_debtors=n_debtors,
            details=frame,
            reason="aucune facture soldée sur la période",
        )
    return _make(
        "weighted_days_late",
        "j",
        day,
        months,
        convention,
        value=w_late / w,
        numerator=w_late / 100,
        denominator=w / 100,
        n_debtors=n_debtors,
        details=frame,
    )


def payment_behaviour_summary(
    ledger: Ledger, as_of: object, *, months: int = ANNUAL_MONTHS
) -> KpiResult:
    """Portfolio amount-weighted days late ("retard moyen de paiement pondéré"), in days.

    Parameters
    ----------
    ledger, as_of, months
        As in :func:`payment_behaviour`.

    Returns
    -------
    KpiResult
        ``value`` in days; ``numerator`` = Σ amount × days late (€ × days),
        ``denominator`` = Σ amount (€); ``n_debtors`` = debtors with a settled
        invoice; ``details`` = the :func:`payment_behaviour` frame. ``None`` when
        no invoice was settled in the period.

    Notes
    -----
    days late = Σ amount × max(0, settled − due_date) / Σ amount over every invoice
    settled in the period (see :func:`payment_behaviour`).

    Examples
    --------
    >>> payment_behaviour_summary(ledger, "2025-04-30").formatted()  # doctest: +SKIP

    """
    return _behaviour_summary(_Context(ledger), as_of, months)


# ---------------------------------------------------------------------------
# The pack, its history and the targets
# ---------------------------------------------------------------------------
def _pack(ctx: _Context, day: pd.Timestamp, months: int) -> dict[str, KpiResult]:
    h = DEFAULT_HORIZON_MONTHS
    ctx.residual(day)  # the other states are derived from this one, going back in time
    if ctx.ledger.has("actions"):  # code once the actions of both dunning KPIs
        start = cv.shift_months(day, -MONTHLY_MONTHS)
        ctx.actions(ctx.overdue_mask(start) | ctx.overdue_mask(day))
    results = [
        _recovery_result(ctx, day, horizon=h, months=MONTHLY_MONTHS, segment=None),
        *[_recovery_result(ctx, day, horizon=h, months=m, segment=None) for m in ROLLING_MONTHS],
        _recovery_result(ctx, day, horizon=h, months=MONTHLY_MONTHS, segment=None, unpaid=True),
        _activation(ctx, day, MONTHLY_MONTHS),
        _coverage(ctx, day),
        *[_dso(ctx, day, method, months) for method in DSO_METHODS],
        _best_possible(ctx, day, months),
        _add(ctx, day, months),
        _cei(ctx, day, months),
        _cost(ctx, day, MONTHLY_MONTHS, "collected"),
        _bad_debt(ctx, day, ANNUAL_MONTHS),
        _dispute(ctx, day, ANNUAL_MONTHS, "count"),
        _doubtful(ctx, day),
        _behaviour_summary(ctx, day, ANNUAL_MONTHS),
    ]
    return {r.key: r for r in results}


def kpi_pack(ledger: Ledger, as_of: object, *, months: int = DSO_MONTHS) -> dict[str, KpiResult]:
    """Every headline KPI at one date, keyed by :attr:`KpiResult.key`.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Period of the DSO family and of the CEI (default 3 months).

    Returns
    -------
    dict of str to KpiResult
        In report order: ``recovery_rate``, ``recovery_rate_3m``,
        ``recovery_rate_6m``, ``unpaid_rate``, ``activation_rate``,
        ``dunning_coverage_rate``, ``dso``, ``dso_countback``, ``dso_average``,
        ``best_possible_dso``, ``average_days_delinquent``, ``cei``,
        ``cost_per_euro_collected``, ``bad_debt_rate``, ``dispute_rate``,
        ``doubtful_receivables``, ``weighted_days_late``.

    Notes
    -----
    The other KPIs keep their own default periods: 1 month for the recovery and
    unpaid rates (horizon 1 month), activation and cost per euro collected;
    12 months for the bad-debt rate, dispute rate and payment behaviour. Every
    as-of state is computed once and shared.

    Examples
    --------
    >>> pack = kpi_pack(ledger, "2025-04-30")  # doctest: +SKIP
    >>> pack["dso"].formatted()  # doctest: +SKIP

    """
    return _pack(_Context(ledger), cv.as_date(as_of), _check_months(months))


HISTORY_COLUMNS = [
    "as_of",
    "key",
    "label",
    "value",
    "unit",
    "numerator",
    "denominator",
    "n_debtors",
    "significant",
    "available",
    "reason",
]


def kpi_history(
    ledger: Ledger, end: object, months: int = HISTORY_MONTHS, *, pack_months: int = DSO_MONTHS
) -> pd.DataFrame:
    """Compute the KPI pack at each of the last ``months`` month ends, as a tidy frame.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    end : date-like
        Any date of the last month; its month end is the last ``as_of``.
    months : int
        Number of month ends (default 12).
    pack_months : int
        ``months`` argument of :func:`kpi_pack` (period of DSO and CEI).

    Returns
    -------
    DataFrame
        One row per (month end, KPI), oldest first, in pack order; columns
        ``as_of, key, label, value, unit, numerator, denominator, n_debtors``
        (nullable integer), ``significant``, ``available``, ``reason`` (why a KPI
        is not available, missing otherwise). ``value`` is NaN when not available.

    Notes
    -----
    The month ends are ``month_end(end) − k`` months, ``k = months − 1 … 0``. One
    internal context is shared, so the arrays are built once and the as-of states
    (residuals at each month end) are reused across months.

    Examples
    --------
    >>> history = kpi_history(ledger, "2025-04-30")  # doctest: +SKIP
    >>> history.pivot(index="as_of", columns="key", values="value")  # doctest: +SKIP

    """
    months = _check_months(months)
    pack_months = _check_months(pack_months, "pack_months")
    last = cv.month_end(end)
    ctx = _Context(ledger, prefetch=True)
    rows = []
    for k in range(months - 1, -1, -1):
        day = cv.shift_months(last, -k)
        for r in _pack(ctx, day, pack_months).values():
            rows.append(
                {
                    "as_of": day,
                    "key": r.key,
                    "label": r.label,
                    "value": np.nan if r.value is None else r.value,
                    "unit": r.unit,
                    "numerator": np.nan if r.numerator is None else r.numerator,
                    "denominator": np.nan if r.denominator is None else r.denominator,
                    "n_debtors": r.n_debtors,
                    "significant": r.significant,
                    "available": r.available,
                    "reason": r.reason,
                }
            )
    out = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    return out.astype(
        {
            "as_of": "datetime64[ns]",
            "key": "str",
            "label": "str",
            "value": "float64",
            "unit": "str",
            "numerator": "float64",
            "denominator": "float64",
            "n_debtors": "Int64",
            "significant": "bool",
            "available": "bool",
            "reason": "str",
        }
    )


def _direction(key: str) -> int:
    if key in KPI_DIRECTION:
        return KPI_DIRECTION[key]
    stems = [s for s in KPI_DIRECTION if key.startswith(f"{s}_")]
    if not stems:
        raise ValueError(f"unknown KPI key {key!r}; known keys: {', '.join(KPI_DIRECTION)}")
    return KPI_DIRECTION[max(stems, key=len)]


def _gap_text(gap: float | None, unit: str) -> str:
    if gap is None:
        return MISSING
    if unit == "%":
        return fmt_pts(gap)
    if unit == "j":
        return fmt_days(gap, sign=True)
    if unit == "€":
        return fmt_eur(gap, sign=True)
    return fmt_number(gap, 2, sign=True)


def compare_to_targets(
    results: Mapping[str, KpiResult] | Iterable[KpiResult],
    targets: Mapping[str, float] = DEFAULT_TARGETS,
) -> pd.DataFrame:
    """Objectif / Résultat / Écart table of the KPIs that have a target.

    Parameters
    ----------
    results : mapping of key to KpiResult, or iterable of KpiResult
        E.g. the output of :func:`kpi_pack`.
    targets : mapping of key to float
        Target per KPI key, in the KPI's unit (percent for rates, days...);
        defaults to the indicative :data:`DEFAULT_TARGETS`.

    Returns
    -------
    DataFrame
        Index ``key`` (the results that have a target, in the order of
        ``results``); columns ``Indicateur`` (French label), ``Objectif``,
        ``Résultat`` and ``Écart`` (floats, NaN when the KPI is not available),
        ``unit``, ``écart_texte`` (``−3,0 pts``, ``+5,0 j``), ``favorable`` (bool)
        and ``significatif`` (bool).

    Raises
    ------
    ValueError
        When a target key is not a known KPI key (typo protection).

    Notes
    -----
    Écart = Résultat − Objectif, in percentage points for rates. ``favorable`` is
    ``direction × Écart ≥ 0`` with :data:`KPI_DIRECTION` (+1 when higher is better:
    recovery, activation, coverage, CEI; −1 when lower is better: DSO, ADD,
    unpaid, bad debt, dispute, cost); a KPI not available is never favorable.
    Targets whose KPI is absent from ``results`` are not shown. DOMAIN.md
    examples: recovery 92 % vs 95 % → −3,0 pts; DSO 50 j vs 45 j → +5,0 j.

    Examples
    --------
    >>> compare_to_targets(kpi_pack(ledger, "2025-04-30"))  # doctest: +SKIP

    """
    items = list(results.values()) if isinstance(results, Mapping) else list(results)
    for key in targets:
        _direction(key)
    rows, keys = [], []
    for r in items:
        if r.key not in targets:
            continue
        target = float(targets[r.key])
        gap = None if r.value is None else r.value - target
        rows.append(
            {
                "Indicateur": r.label,
                "Objectif": target,
                "Résultat": np.nan if r.value is None else r.value,
                "Écart": np.nan if gap is None else gap,
                "unit": r.unit,
                "écart_texte": _gap_text(gap, r.unit),
                "favorable": gap is not None and _direction(r.key) * gap >= 0,
                "significatif": r.significant,
            }
        )
        keys.append(r.key)
    columns = [
        "Indicateur",
        "Objectif",
        "Résultat",
        "Écart",
        "unit",
        "écart_texte",
        "favorable",
        "significatif",
    ]
    out = pd.DataFrame(rows, columns=columns, index=pd.Index(keys, dtype="str", name="key"))
    return out.astype(
        {
            "Indicateur": "str",
            "Objectif": "float64",
            "Résultat": "float64",
            "Écart": "float64",
            "unit": "str",
            "écart_texte": "str",
            "favorable": "bool",
            "significatif": "bool",
        }
    )
