"""Each company against the consultant's portfolio and against the public references.

:func:`kpi_standing` places every company's KPI among the companies of the portfolio
(quartiles, rank, best first); :func:`reference_comparison` sets the KPIs that have a
public reference on their own basis (the Banque de France « délais clients », Altares'
average delay beyond terms; :data:`recouvrement.kpi.targets.REFERENCE_KPIS`) against the
reference row that applies to the company (:func:`recouvrement.conventions.references.
reference_for`), with the basis of both stated.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from recouvrement.conventions.references import (
    INDICATORS,
    SECTORS,
    reference_for,
    sector_code,
    size_code,
)
from recouvrement.kpi import kpi_direction
from recouvrement.kpi.targets import PAYER_SCOPED, REFERENCE_KPIS

__all__ = ["COMPANY_BASES", "STANDING_COLUMNS", "kpi_standing", "reference_comparison"]

#: Columns of :func:`kpi_standing`.
STANDING_COLUMNS = ["company", "key", "value", "n", "q1", "median", "q3", "rank", "quartile"]

#: How the company's own figure is computed, for each KPI compared with a reference
#: (French, for the report): the same basis as the reference's, from the ledger.
COMPANY_BASES = {
    "dso_bdf": (
        "encours clients TTC à la date d'arrêté (factures ouvertes, avoirs et encaissements "
        "non lettrés déduits) × 360 / chiffre d'affaires TTC facturé des 12 derniers mois"
    ),
    "average_days_delinquent": (
        "DSO comptable − meilleur DSO possible = encours échu / ventes TTC nettes des "
        "12 derniers mois × jours de la période"
    ),
}


def kpi_standing(values: pd.DataFrame) -> pd.DataFrame:
    """Quartiles of each KPI over the portfolio and each company's rank, best first.

    Parameters
    ----------
    values : DataFrame
        One row per company (index: company id), one column per KPI key, values in the
        KPI's unit (NaN: not available for that company).

    Returns
    -------
    DataFrame
        Columns :data:`STANDING_COLUMNS`, one row per (company, KPI) in the order of
        ``values``: ``value``; ``n`` the number of companies with a value for the KPI;
        ``q1``, ``median``, ``q3`` the portfolio's quartiles; ``rank`` (1 = best, ties
        share the best rank; missing for a KPI without a direction or a missing value);
        ``quartile`` 1 to 4, 1 being the best quarter of the portfolio (missing likewise).

    Notes
    -----
    Quartiles by linear interpolation between order statistics (``numpy.quantile``'s
    default, Hyndman & Fan type 7) over the companies that have a value; a missing value
    is never counted as 0. Better is higher for a rate to maximise (recovery, CEI), lower
    for a delay or a loss (:func:`recouvrement.kpi.kpi_direction`). ``quartile`` =
    ⌈4 × (rank − 0,5) / n⌉, bounded to 1-4: with 6 companies, ranks 1-2 are in the best
    quarter, 3 in the second, 4 in the third, 5-6 in the last. A portfolio of one company
    has rank 1 and quartile 1 by construction; the report says how many companies each
    figure is drawn from.

    Examples
    --------
    >>> frame = pd.DataFrame({"dso": [40.0, 60.0, np.nan]}, index=["a", "b", "c"])
    >>> kpi_standing(frame)[["company", "rank", "n"]].to_dict("list")
    {'company': ['a', 'b', 'c'], 'rank': [1.0, 2.0, nan], 'n': [2, 2, 2]}

    """
    rows = []
    for key in values.columns:
        column = pd.to_numeric(values[key], errors="coerce").astype("float64")
        known = column.dropna()
        n = len(known)
        q1, median, q3 = (
            np.quantile(known.to_numpy(), [0.25, 0.5, 0.75]) if n else (np.nan,) * 3
        )
        direction = kpi_direction(str(key))
        ranks = (
            (known * -direction).rank(method="min")
            if direction is not None
            else pd.Series(np.nan, index=known.index)
        )
        for company, value in column.items():
            rank = ranks.get(company, np.nan)
            quartile = (
                float(min(4, max(1, int(np.ceil(4 * (rank - 0.5) / n)))))
                if not np.isnan(rank)
                else np.nan
            )
            rows.append([company, key, value, n, q1, median, q3, rank, quartile])
    frame = pd.DataFrame(rows, columns=STANDING_COLUMNS)
    return frame.astype({"rank": "float64", "quartile": "float64", "n": "int64"})


def reference_comparison(
    kpis: Mapping[str, float | None],
    *,
    sector: str | None = None,
    size: str | int | None = None,
    as_of: object = None,
) -> pd.DataFrame:
    """A company's KPIs against the public reference on each KPI's own basis.

    Parameters
    ----------
    kpis : mapping of key to float or None
        The company's KPI values at ``as_of`` (at least the keys of
        :data:`~recouvrement.kpi.targets.REFERENCE_KPIS` to be compared; None: not
        available).
    sector, size : optional
        The company's sector (free text of ``recouvrement.yml``) and size (``micro``,
        ``pme``, ``eti``, ``ge`` or a headcount), as in :func:`reference_for`.
    as_of : date-like, optional
        Only references published on or before this day count.

    Returns
    -------
    DataFrame
        One row per KPI of ``REFERENCE_KPIS`` (in that order): ``key``, ``indicator``
        (French name of the reference's indicator), ``value`` (the company's, NaN when
        not available), ``reference`` (NaN when none published by ``as_of``), ``gap``
        (value − reference), ``company_basis`` (:data:`COMPANY_BASES`), ``reference_basis``
        and ``reference_label`` (publisher, publication, period, scope and value), ``scope``
        (why this row: the sector and size used), ``reason`` (why a figure is missing,
        empty otherwise).

    Notes
    -----
    The Banque de France ratio is compared with ``dso_bdf``, computed on its own basis
    (receivables × 360 / turnover incl. VAT), for the company's sector and size (the
    creditor's, as the Observatoire's tables); Altares' average delay beyond terms with the
    average days delinquent, over all payers (Altares classes by the **payer**'s sector
    and size, which the audited company is not). A reference published after ``as_of``
    is never used. The reference is a mean of individual companies' ratios at their year
    end, the company's figure is at a month end: the report says so beside the table.

    """
    rows = []
    code = sector_code(sector)
    company_size = size_code(size) if size not in (None, "") else None
    for key, indicator in REFERENCE_KPIS.items():
        payer = indicator in PAYER_SCOPED
        ref = reference_for(indicator, None if payer else sector, None if payer else size, as_of)
        raw = kpis.get(key)
        value = np.nan if raw is None or pd.isna(raw) else float(raw)
        if payer:
            scope = "tous payeurs (secteur et taille du payeur chez Altares)"
        else:
            scope_sector = SECTORS[code] if code else "secteur non reconnu : tous secteurs"
            scope = f"{scope_sector}, taille {company_size or 'non renseignée'}"
        reasons = []
        if np.isnan(value):
            reasons.append("indicateur non disponible pour la société")
        if ref is None:
            reasons.append("aucune référence publiée à la date d'arrêté")
        reference = np.nan if ref is None else ref.value
        rows.append(
            {
                "key": key,
                "indicator": INDICATORS[indicator],
                "value": value,
                "reference": reference,
                "gap": value - reference,
                "company_basis": COMPANY_BASES[key],
                "reference_basis": "" if ref is None else ref.basis,
                "reference_label": "" if ref is None else ref.label,
                "scope": scope,
                "reason": " ; ".join(reasons),
            }
        )
    return pd.DataFrame(rows)
