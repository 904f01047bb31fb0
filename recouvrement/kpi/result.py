"""The KPI result: value, unit, terms of the ratio, significance and French convention.

:class:`KpiResult` is what every KPI function returns; :func:`make_result` builds one
with the package's rules (a missing value carries a ``"non disponible : ..."``
reason, only a KPI on a debtor base can be "non significatif"). The French labels
of the KPIs live here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.formatting import MISSING, fmt_unit

__all__ = [
    "DEBTOR_BASE_KPIS",
    "KPI_LABELS",
    "UNITS",
    "KpiResult",
    "is_significant",
    "make_result",
    "missing_table",
]

#: Units of :attr:`KpiResult.unit`.
UNITS = ("%", "j", "€", "ratio")

#: French labels of the KPIs (variants add their window or segment in brackets). A label
#: says what is measured: the unpaid rate of DOMAIN.md (« taux d'impayés » = 100 − the
#: recovery rate) is the part of the overdue amount, disputes excluded, that the month
#: did not collect, not the share of the invoices left unpaid, and says so.
KPI_LABELS: dict[str, str] = {
    "recovery_rate": "Taux de recouvrement",
    "unpaid_rate": "Part de l'échu hors litige non recouvrée dans le mois",
    "activation_rate": "Taux d'activation (payeurs sous relance)",
    "dunning_coverage_rate": "Taux de couverture des relances",
    "dso": "DSO (méthode comptable)",
    "dso_countback": "DSO (méthode par épuisement)",
    "dso_average": "DSO (encours moyen)",
    "dso_bdf": "DSO base Banque de France (12 mois, année de 360 j)",
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


def is_significant(key: str, n_debtors: int | None) -> bool:
    """Whether a KPI's base is large enough to be significant.

    Parameters
    ----------
    key : str
        KPI key; a variant (``recovery_rate_3m``) counts as its base key.
    n_debtors : int or None
        Debtors in the base; ``None`` for a portfolio-level ratio.

    Returns
    -------
    bool
        ``False`` only for a KPI on a debtor base (:data:`DEBTOR_BASE_KPIS`) with
        fewer than :data:`~recouvrement.conventions.MIN_DEBTORS_SIGNIFICANT` debtors.

    Notes
    -----
    DOMAIN.md: only a rate on a debtor base can be "non significatif".

    """
    on_debtor_base = any(key.startswith(k) for k in DEBTOR_BASE_KPIS)
    return not on_debtor_base or n_debtors is None or n_debtors >= cv.MIN_DEBTORS_SIGNIFICANT


def make_result(
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
    """Build a :class:`KpiResult` with the package's rules (the one factory of results).

    Parameters
    ----------
    key, unit : str
        KPI key and unit (one of :data:`UNITS`).
    day : Timestamp
        The as-of date.
    months : int or None
        Length of the period in months, ``None`` for a KPI at a date.
    convention : str
        French text of the formula and parameters.
    value : float, optional
        The KPI in its unit; ``None`` (default) when not available.
    numerator, denominator : float, optional
        Terms of the ratio, in euros or counts.
    n_debtors : int, optional
        Debtors in the base.
    reason : str, optional
        Why the value is missing; prefixed with ``"non disponible : "`` when it
        does not start with it, and dropped when there is a value.
    details : DataFrame, optional
        Breakdown of the KPI.
    label : str, optional
        French label; defaults to :data:`KPI_LABELS` ``[key]``.

    Returns
    -------
    KpiResult
        Numbers as Python floats/ints; ``significant`` from :func:`is_significant`.

    Raises
    ------
    AssertionError
        When ``value`` is not finite (a bug in the caller).

    """
    if value is not None and not np.isfinite(value):
        raise AssertionError(f"{key}: non-finite value {value!r}")  # pragma: no cover - a bug
    if reason is not None and not reason.startswith(_UNAVAILABLE):
        reason = f"{_UNAVAILABLE} : {reason}"
    return KpiResult(
        key=key,
        label=label or KPI_LABELS[key],
        value=None if value is None else float(value),
        unit=unit,
        numerator=None if numerator is None else float(numerator),
        denominator=None if denominator is None else float(denominator),
        n_debtors=None if n_debtors is None else int(n_debtors),
        significant=bool(is_significant(key, n_debtors)),
        convention=convention,
        as_of=day,
        months=months,
        reason=reason if value is None else None,
        details=details,
    )


def ratio_result(
    key: str,
    unit: str,
    day: pd.Timestamp,
    months: int | None,
    convention: str,
    num: float,
    den: float,
    *,
    reason: str,
    scale: float = 100,
    numerator: float | None = None,
    denominator: float | None = None,
    keep: tuple[str, ...] = (),
    n_debtors: int | None = None,
    details: pd.DataFrame | None = None,
    label: str | None = None,
) -> KpiResult:
    """A ratio KPI ``num / den × scale``, not available with ``reason`` when ``den ≤ 0``.

    Parameters
    ----------
    key, unit, day, months, convention
        As in :func:`make_result`.
    num, den : float
        The terms of the ratio, in any one unit (cents, counts, euros × days).
    reason : str
        Why the KPI is not available when ``den ≤ 0``.
    scale : float
        Factor of the ratio: 100 for a percentage (default), the days of the
        period for a DSO, 1 for a plain ratio.
    numerator, denominator : float, optional
        The terms as reported (euros or counts).
    keep : tuple of {"numerator", "denominator"}
        The reported terms still given when the KPI is not available.
    n_debtors, details, label
        As in :func:`make_result`.

    Returns
    -------
    KpiResult
        ``value = num / den × scale``.

    Notes
    -----
    Every rate of the package has this shape; the one rule is that a nil or
    negative denominator never gives a made-up value.

    """
    if den <= 0:
        return make_result(
            key,
            unit,
            day,
            months,
            convention,
            numerator=numerator if "numerator" in keep else None,
            denominator=denominator if "denominator" in keep else None,
            n_debtors=n_debtors,
            reason=reason,
            details=details,
            label=label,
        )
    return make_result(
        key,
        unit,
        day,
        months,
        convention,
        value=num / den * scale,
        numerator=numerator,
        denominator=denominator,
        n_debtors=n_debtors,
        details=details,
        label=label,
    )


def missing_table(table: str) -> str:
    """French reason of a KPI whose optional ``table`` was not provided.

    Parameters
    ----------
    table : str
        Canonical table name (``"actions"``, ``"costs"``...).

    Returns
    -------
    str
        ``"pas de table des <French name>"`` (:func:`make_result` adds the
        ``"non disponible : "`` prefix).

    """
    return f"pas de table des {cv.TABLE_LABELS_FR[table]}"
