"""The debtor portfolio of a sample company and the invoices issued to it.

:func:`make_debtors` draws who the debtors are and how they pay (terms, lateness,
statement payers, insolvencies, worsening payers); :func:`make_invoices` draws the
invoices of every month of the history. Both consume the company's random
generator in a fixed order: changing one draw changes every sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tools.samples.dates import (
    NEVER,
    history_months,
    month_end_day,
    month_end_days,
    next_weekdays,
    working_days,
)
from tools.samples.names import debtor_name
from tools.samples.profiles import CompanyProfile


@dataclass
class Debtors:
    """The debtors of a company, one array (or list) item per debtor, by position.

    Attributes
    ----------
    ids, names : list of str
        Debtor ids (``CompanyProfile.debtor_format``) and names.
    pro : numpy.ndarray of bool
        Professional debtor (else a private individual).
    sectors : list of str or None
        Sector of a professional debtor, ``None`` for an individual.
    credit_limit : numpy.ndarray
        Credit limit in euros, NaN = none.
    weight : numpy.ndarray
        Relative share of the company's invoices.
    first_month, last_month : numpy.ndarray
        First and last month (position in the history) the debtor is invoiced.
    terms : numpy.ndarray
        Payment terms, in days.
    end_of_month : numpy.ndarray of bool
        Terms "fin de mois": the due date moves to the month end.
    late : numpy.ndarray of bool
        Reliably late payer.
    late_mean : numpy.ndarray
        Mean days late of a late invoice.
    on_time : numpy.ndarray
        Probability of paying by the due date.
    dispute_factor : numpy.ndarray
        Factor of the company's dispute probability.
    pay_day : numpy.ndarray
        Day of the month on which a statement payer pays, 0 = pays invoice by invoice.
    insolvency : numpy.ndarray
        Day number of the insolvency proceedings, :data:`~tools.samples.dates.NEVER`
        = none.
    distress : numpy.ndarray
        Day from which the debtor pays badly, ``NEVER`` = none.
    write_off_delay : numpy.ndarray
        Days from the insolvency to the write-off of the frozen claims.

    """

    ids: list[str]
    pro: np.ndarray
    names: list[str]
    sectors: list[str | None]
    credit_limit: np.ndarray
    weight: np.ndarray
    first_month: np.ndarray
    last_month: np.ndarray
    terms: np.ndarray
    end_of_month: np.ndarray
    late: np.ndarray
    late_mean: np.ndarray
    on_time: np.ndarray
    dispute_factor: np.ndarray
    pay_day: np.ndarray
    insolvency: np.ndarray
    distress: np.ndarray
    write_off_delay: np.ndarray


def _pick(rng: np.random.Generator, pool: np.ndarray, k: int, weight: np.ndarray) -> np.ndarray:
    """Draw up to ``k`` distinct items of ``pool`` with probabilities proportional to ``weight``."""
    k = min(k, len(pool))
    if k <= 0:
        return np.array([], dtype="int64")
    return rng.choice(pool, k, replace=False, p=weight[pool] / weight[pool].sum())


def make_debtors(
    p: CompanyProfile, rng: np.random.Generator, start: int, end: int, months: int
) -> Debtors:
    """Draw the debtor portfolio of a company.

    Parameters
    ----------
    p : CompanyProfile
        The company.
    rng : numpy.random.Generator
        The company's generator.
    start, end : int
        Day numbers of the first and last day of the history.
    months : int
        Length of the history, in calendar months.

    Returns
    -------
    Debtors
        ``p.n_debtors`` debtors.

    """
    n = p.n_debtors
    pro = rng.random(n) >= p.share_particuliers
    ctype_idx = rng.integers(len(p.customer_types), size=n)
    names, seen = [], set()
    for i in range(n):
        ctype = p.customer_types[ctype_idx[i]]
        name = debtor_name(rng, bool(pro[i]), ctype)
        while name in seen:
            name = debtor_name(rng, bool(pro[i]), ctype)
        seen.add(name)
        names.append(name)
    sectors = [p.customer_types[ctype_idx[i]].sector if pro[i] else None for i in range(n)]
    weight = rng.lognormal(0.0, 1.0, n) * np.where(pro, 1.0, 0.35)
    first_month = np.where(rng.random(n) < 0.7, 0, rng.integers(0, months, n))
    last_month = np.where(rng.random(n) < 0.1, rng.integers(0, months, n), months - 1)
    last_month = np.maximum(first_month, last_month)
    term_days = np.array([t for t, _ in p.terms])
    term_w = np.array([w for _, w in p.terms], dtype=float)
    terms = np.where(
        pro, term_days[rng.choice(len(term_days), n, p=term_w / term_w.sum())], p.default_terms_days
    )
    end_of_month = pro & (rng.random(n) < p.end_of_month_share)
    late = rng.random(n) < p.late_payer_share
    late_mean = np.where(late, p.late_days, p.mild_days) * rng.lognormal(0.0, 0.35, n)
    on_time = np.where(late, 0.15, p.on_time_share)
    dispute_factor = rng.lognormal(0.0, 0.6, n)
    statement = pro & (rng.random(n) < p.statement_payer_share)
    pay_day = np.where(statement, rng.choice([5, 10, 15, 25], n), 0)
    scale = p.amount_median * np.sqrt(weight / np.median(weight[pro])) if pro.any() else 0.0
    limit = np.round(np.maximum(1000.0, 3.0 * scale) / 500.0) * 500.0
    limit = np.where(pro, limit, np.where(rng.random(n) < 0.5, 1500.0, np.nan))
    limit = np.where(rng.random(n) < 0.1, np.nan, limit)
    # insolvency: late professional debtors present from the start, after 9 months; never
    # a public buyer (no procédure collective for a public body, art. L.620-2 C. com.)
    insolvency = np.full(n, NEVER, dtype="int64")
    lo, hi = start + 270, end - 25
    public = np.array([p.customer_types[k].public for k in ctype_idx]) & pro
    pool = np.flatnonzero(pro & ~public & late & (first_month == 0) & (last_month == months - 1))
    chosen = _pick(rng, pool, p.n_insolvent if hi > lo else 0, weight)
    if len(chosen):
        insolvency[chosen] = next_weekdays(rng.integers(lo, hi, len(chosen)))
    # good debtors whose payments degrade in the last months
    distress = np.where(insolvency != NEVER, insolvency - 200, NEVER)
    pool = np.flatnonzero(
        pro
        & ~late
        & (insolvency == NEVER)
        & (last_month == months - 1)
        & (first_month < months - 9)
    )
    worsening = _pick(rng, pool, p.n_worsening, weight)
    distress[worsening] = end - rng.integers(150, 250, len(worsening))
    write_off_delay = rng.integers(90, 330, n)
    ids = [p.debtor_format.format(n=i + 1) for i in range(n)]
    return Debtors(
        ids=ids,
        pro=pro,
        names=names,
        sectors=sectors,
        credit_limit=limit,
        weight=weight,
        first_month=first_month,
        last_month=last_month,
        terms=terms,
        end_of_month=end_of_month,
        late=late,
        late_mean=late_mean,
        on_time=on_time,
        dispute_factor=dispute_factor,
        pay_day=pay_day,
        insolvency=insolvency,
        distress=distress,
        write_off_delay=write_off_delay,
    )


def make_invoices(
    p: CompanyProfile, rng: np.random.Generator, deb: Debtors, start: int, end: int, months: int
) -> dict[str, np.ndarray]:
    """Draw the invoices of every month of the history, in issue order.

    Parameters
    ----------
    p : CompanyProfile
        The company.
    rng : numpy.random.Generator
        The company's generator.
    deb : Debtors
        The company's debtors (see :func:`make_debtors`).
    start, end : int
        Day numbers of the first and last day of the history.
    months : int
        Length of the history, in calendar months.

    Returns
    -------
    dict of str to numpy.ndarray
        ``issue`` and ``due`` (day numbers), ``debtor`` (position in ``deb``) and
        ``cents`` (amount TTC), one item per invoice.

    """
    month_starts = history_months(start, months)  # the months of the history
    issue, debtor = [], []
    for k, m0 in enumerate(month_starts.tolist()):
        month_end = month_end_day(m0)
        m1 = min(month_end, end)
        calendar_month = int(np.datetime64(m0, "D").astype("datetime64[M]").astype("int64") % 12)
        lam = (
            p.invoices_per_month
            * p.seasonality[calendar_month]
            * (1 + p.growth * k / max(months - 1, 1))
        )
        days = working_days(m0, m1)
        active = (deb.first_month <= k) & (deb.last_month >= k) & (deb.insolvency > m1)
        if not len(days) or not active.any():
            continue
        count = rng.poisson(lam * (m1 - m0 + 1) / (month_end - m0 + 1))
        w = deb.weight * active
        debtor.append(rng.choice(p.n_debtors, count, p=w / w.sum()))
        issue.append(rng.choice(days, count))
    issue_d = np.concatenate(issue)
    debtor_i = np.concatenate(debtor)
    order = np.argsort(issue_d, kind="stable")
    issue_d, debtor_i = issue_d[order], debtor_i[order]
    # invoices issued on or after a debtor's insolvency date do not exist
    keep = issue_d < deb.insolvency[debtor_i]
    issue_d, debtor_i = issue_d[keep], debtor_i[keep]
    n = len(issue_d)
    due = issue_d + deb.terms[debtor_i]
    due = np.where(deb.end_of_month[debtor_i], month_end_days(due), due)
    pro = deb.pro[debtor_i]
    size = np.sqrt(deb.weight[debtor_i] / np.median(deb.weight))
    before_tax = np.where(
        pro,
        rng.lognormal(np.log(p.amount_median / (1 + p.vat_rate)), p.amount_sigma, n) * size**0.5,
        rng.lognormal(np.log(p.particulier_median / (1 + p.vat_rate)), 0.7, n),
    )
    before_tax = np.where(rng.random(n) < 0.5, np.round(before_tax), np.round(before_tax, 2))
    cents = np.maximum(1500, np.round(before_tax * (1 + p.vat_rate) * 100)).astype("int64")
    return {"issue": issue_d, "due": due, "debtor": debtor_i, "cents": cents}
