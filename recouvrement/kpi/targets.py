"""Targets of the KPIs: which way is better, where a target comes from, the status.

:func:`kpi_targets` gives each KPI of a report its target and the French source of it;
:func:`target_status` its status; :func:`target_table` the Objectif / Résultat / Écart /
Statut / Source table; :func:`compare_to_targets` the table of plain target values;
:func:`kpi_direction` whether a higher or a lower value is better. A target comes from,
in this order (a target a CFO can accept, never an invented one): the company's own
targets file (``objectifs.yml``), KPI by KPI; else a public reference **on the same
basis** as the KPI (:data:`REFERENCE_KPIS`: the Banque de France's « délais clients » of
the company's sector and size for ``dso_bdf``, Altares' average delay beyond terms for
the ADD; ``recouvrement/data/references``), a DSO target being never below the company's
best possible DSO on the same basis; else none, « sans objectif ».
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement.conventions.references import SECTORS, Reference, reference_for, sector_code
from recouvrement.formatting import fmt_date, fmt_unit
from recouvrement.kpi.dso import BDF_DAYS
from recouvrement.kpi.result import KpiResult

__all__ = [
    "DEFAULT_TARGETS",
    "HIGHER_IS_BETTER",
    "KPI_DIRECTION",
    "LOWER_IS_BETTER",
    "REFERENCE_KPIS",
    "STATUSES",
    "WATCH_BAND",
    "Target",
    "compare_to_targets",
    "kpi_direction",
    "kpi_targets",
    "target_status",
    "target_table",
    "target_values",
]

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
    "dso_bdf": LOWER_IS_BETTER,
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

#: Legacy indicative targets, kept while the report still reads them: they are no
#: company's nor any publication's, :func:`kpi_targets` never uses them, and they are to
#: be removed once the report takes its targets from :func:`kpi_targets`.
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


def kpi_direction(key: str) -> int | None:
    """Direction of a KPI key, or of its stem for a variant key.

    Parameters
    ----------
    key : str
        A KPI key (``"dso"``) or a variant of one (``"recovery_rate_3m_lt2m"``:
        the longest key of :data:`KPI_DIRECTION` followed by ``_``).

    Returns
    -------
    int or None
        :data:`HIGHER_IS_BETTER` (+1), :data:`LOWER_IS_BETTER` (−1), or ``None``
        when the key is not a KPI key.

    """
    if key in KPI_DIRECTION:
        return KPI_DIRECTION[key]
    stems = [s for s in KPI_DIRECTION if key.startswith(f"{s}_")]
    return KPI_DIRECTION[max(stems, key=len)] if stems else None


def _known_direction(key: str) -> int:
    direction = kpi_direction(key)
    if direction is None:
        raise ValueError(f"unknown KPI key {key!r}; known keys: {', '.join(KPI_DIRECTION)}")
    return direction


def compare_to_targets(
    results: Mapping[str, KpiResult] | Iterable[KpiResult],
    targets: Mapping[str, float] = DEFAULT_TARGETS,
) -> pd.DataFrame:
    """Objectif / Résultat / Écart table of the KPIs that have a target.

    Parameters
    ----------
    results : mapping of key to KpiResult, or iterable of KpiResult
        E.g. the output of :func:`recouvrement.kpi.kpi_pack`.
    targets : mapping of key to float
        Target per KPI key, in the KPI's unit (percent for rates, days...);
        defaults to the indicative :data:`DEFAULT_TARGETS`.

    Returns
    -------
    DataFrame
        Index ``key`` (the results that have a target, in the order of
        ``results``); columns ``Indicateur`` (French label), ``Objectif``,
        ``Résultat`` and ``Écart`` (floats, NaN when the KPI is not available),
        ``unit``, ``écart_texte`` (the gap in its unit by
        :func:`recouvrement.formatting.fmt_unit`: ``−3,0 pts``, ``+5,0 j``,
        ``+0,012`` for a ratio), ``favorable`` (bool) and ``significatif`` (bool).

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
        _known_direction(key)
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
                "écart_texte": fmt_unit(gap, r.unit, sign=True),
                "favorable": gap is not None and _known_direction(r.key) * gap >= 0,
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


#: KPIs that take a public reference when the company sets no target, and the indicator
#: of :mod:`recouvrement.conventions.references` on the same basis. The ADD, overdue
#: encours in days of sales, measures the average delay beyond terms: in a steady state
#: (Little's law) it is the amount-weighted mean delay of the payments, on-time ones at 0.
REFERENCE_KPIS = {"dso_bdf": "delais_clients", "average_days_delinquent": "retard_moyen"}

#: Reference indicators whose sector and size are the payer's (Altares): the company is
#: compared with every payer, not with the row of its own sector or size.
PAYER_SCOPED = ("retard_moyen",)

#: Watch band: a KPI on the wrong side of its target by at most this fraction of the
#: target (10 %: DSO 46 j for 42 j, recovery 82 % for 90 %) is « à surveiller ».
WATCH_BAND = 0.10

#: Statuses of a KPI against its target (« non disponible »: a target, but no value).
STATUSES = ("atteint", "à surveiller", "hors objectif", "sans objectif", "non disponible")

#: Source of a KPI without target.
NO_TARGET = "aucun objectif fixé"


@dataclass(frozen=True)
class Target:
    """A KPI's target ``value`` (None: none), its French ``source``, its public ``reference``."""

    key: str
    value: float | None
    source: str
    reference: Reference | None = None


def _best_possible_bdf(results: Mapping[str, KpiResult]) -> float | None:
    """Best possible DSO on the Banque de France basis: not-due encours × 360 / turnover."""
    best, bdf = results.get("best_possible_dso"), results.get("dso_bdf")
    if best is None or bdf is None or best.numerator is None or not (bdf.denominator or 0) > 0:
        return None
    return best.numerator * BDF_DAYS / bdf.denominator


def _reference_target(
    key: str, results: Mapping[str, KpiResult], sector: str | None, size: object, day: object
) -> Target:
    indicator = REFERENCE_KPIS[key]
    payer = indicator in PAYER_SCOPED
    ref = reference_for(indicator, None if payer else sector, None if payer else size, day)
    if ref is None:
        when = fmt_date(pd.Timestamp(day)) if day is not None else "ce jour"
        return Target(key, None, f"{NO_TARGET} (aucune référence publique publiée au {when})")
    notes = []
    if payer:
        notes.append(
            "moyenne de tous les payeurs, Altares classant par secteur et taille du payeur"
        )
    else:
        code = sector_code(sector)
        if sector and code is None:
            notes.append(f"secteur « {sector} » sans référence propre : tous secteurs")
        elif code is not None and ref.scope_sector == "tous":
            notes.append(f"pas de référence publiée pour le secteur {SECTORS[code]}")
        if size is None:
            notes.append("taille de la société non renseignée")
    value, source = ref.value, ref.label
    floor = _best_possible_bdf(results) if key == "dso_bdf" else None
    if floor is not None and floor > value:
        value = floor
        notes.append(
            f"objectif relevé au meilleur DSO possible de la société sur la même base "
            f"({fmt_unit(floor, 'j')} : encours non échu × {BDF_DAYS} / chiffre d'affaires TTC "
            "des 12 mois), la référence étant inatteignable même sans aucun retard"
        )
    return Target(key, value, f"{source} ({' ; '.join(notes)})" if notes else source, ref)


def kpi_targets(
    results: Mapping[str, KpiResult],
    *,
    own: Mapping[str, float] | None = None,
    own_name: str = "objectifs.yml",
    sector: str | None = None,
    size: str | int | None = None,
    as_of: object = None,
) -> dict[str, Target]:
    """The target of every KPI of a report, and where it comes from.

    Parameters
    ----------
    results : mapping of key to KpiResult
        The report's KPIs (:func:`recouvrement.kpi.kpi_pack`).
    own, own_name : mapping of key to float, str
        The company's targets (:func:`recouvrement.io.load_targets`, KPI units): they win,
        KPI by KPI, never altered; the file name is quoted in the source.
    sector : str, optional
        The company's free-text sector (``recouvrement.yml``), for the Banque de France row.
    size : str or int, optional
        ``micro``, ``pme``, ``eti``, ``ge`` or a headcount; None: a row of several sizes.
    as_of : date-like, optional
        Only references published by this day count; default: the KPIs' as-of date.

    Returns
    -------
    dict of str to Target
        One per KPI, in the order of ``results``.

    Raises
    ------
    ValueError
        A key of ``own`` that is not a KPI key, or an unknown size.

    Notes
    -----
    ``dso_bdf`` target = max(délais clients of the Banque de France row, best possible
    DSO on its basis = not-due encours × 360 / turnover of the 12 months). The other
    KPIs (recovery, CEI, the 3-month DSO...) have no public reference on their basis.

    """
    own = dict(own or {})
    for key in own:
        _known_direction(key)
    day = as_of
    if day is None and results:
        day = next(iter(results.values())).as_of
    out = {}
    for key in results:
        if key in own:
            out[key] = Target(key, float(own[key]), f"objectifs de la société ({own_name})")
        elif key in REFERENCE_KPIS:
            out[key] = _reference_target(key, results, sector, size, day)
        else:
            out[key] = Target(key, None, NO_TARGET)
    return out


def target_status(key: str, value: float | None, target: float | None) -> str:
    """Status of a KPI value against its target: one of :data:`STATUSES`.

    ``sans objectif`` without target, ``non disponible`` without value; otherwise
    ``atteint`` on the right side of the target or on it, ``à surveiller`` on the wrong
    side by at most :data:`WATCH_BAND` × |target| (the edge included), ``hors objectif``
    beyond. Example, DSO target 40 j: 40 → atteint, 44 → à surveiller, 44,1 → hors
    objectif; recovery target 90 %: 81 % → à surveiller.
    """
    if target is None:
        return "sans objectif"
    if value is None:
        return "non disponible"
    shortfall = round(-_known_direction(key) * (value - target), 9)
    if shortfall <= 0:
        return "atteint"
    return "à surveiller" if shortfall <= round(WATCH_BAND * abs(target), 9) else "hors objectif"


def target_values(targets: Mapping[str, Target]) -> dict[str, float]:
    """The targets that have a value, ``key -> float`` (for :func:`compare_to_targets`)."""
    return {k: t.value for k, t in targets.items() if t.value is not None}


def target_table(results: Mapping[str, KpiResult], targets: Mapping[str, Target]) -> pd.DataFrame:
    """Objectif / Résultat / Écart / Statut / Source of every KPI of ``results``.

    Returns
    -------
    DataFrame
        Index ``key`` (order of ``results``); columns ``Indicateur``, ``Objectif``,
        ``Résultat``, ``Écart`` (floats, NaN when missing), ``unit``, ``écart_texte``,
        ``Statut`` (:func:`target_status`), ``Source`` (of the target) and
        ``significatif``. A KPI absent from ``targets`` is « sans objectif ».

    """
    rows = []
    for key, r in results.items():
        t = targets.get(key, Target(key, None, NO_TARGET))
        gap = None if r.value is None or t.value is None else r.value - t.value
        rows.append(
            {
                "Indicateur": r.label,
                "Objectif": np.nan if t.value is None else t.value,
                "Résultat": np.nan if r.value is None else r.value,
                "Écart": np.nan if gap is None else gap,
                "unit": r.unit,
                "écart_texte": "" if gap is None else fmt_unit(gap, r.unit, sign=True),
                "Statut": target_status(key, r.value, t.value),
                "Source": t.source,
                "significatif": r.significant,
            }
        )
    return pd.DataFrame(rows, index=pd.Index(list(results), dtype="str", name="key"))
