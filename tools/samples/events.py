"""Sample events that belong to no single invoice, and the monthly collection costs.

Debtor-level actions (monthly statements, claims declared to the insolvency
officer), payments on account, year-end rebates, and the ``costs`` table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.samples.dates import (
    NEVER,
    history_months,
    month_end_days,
    month_labels,
    next_weekday,
    next_weekdays,
    years_of,
)
from tools.samples.portfolio import Debtors
from tools.samples.profiles import CompanyProfile
from tools.samples.simulate import EventLog


def log_debtor_actions(
    p: CompanyProfile,
    rng: np.random.Generator,
    deb: Debtors,
    inv: dict,
    settled: np.ndarray,
    start: int,
    end: int,
    months: int,
    log: EventLog,
) -> None:
    """Log the debtor-level actions: monthly statements, claims declared to the insolvency officer.

    Parameters
    ----------
    p : CompanyProfile
        The company (monthly statements only if ``p.statement_reminders``).
    rng : numpy.random.Generator
        The company's generator.
    deb : Debtors
        The company's debtors.
    inv : dict of str to numpy.ndarray
        The invoices (see :func:`tools.samples.portfolio.make_invoices`).
    settled : numpy.ndarray
        Settlement day of each invoice (see :func:`tools.samples.simulate.simulate`).
    start, end : int
        Day numbers of the first and last day of the history.
    months : int
        Length of the history, in calendar months.
    log : EventLog
        Receives the actions.

    """
    if p.statement_reminders:
        month_ends = month_end_days(history_months(start, months))
        for me in month_ends.tolist():
            overdue = (inv["due"] < me) & (settled > me) & (inv["issue"] <= me)
            debtors = np.unique(inv["debtor"][overdue])
            debtors = debtors[deb.pro[debtors] & (deb.insolvency[debtors] > me)]
            days = next_weekdays(me + 1 + rng.integers(0, 4, len(debtors)))
            sent = rng.random(len(debtors)) < 0.85
            for dbt, day in zip(debtors[sent].tolist(), days[sent].tolist(), strict=True):
                if day <= end and day < deb.insolvency[dbt]:
                    log.actions.append((dbt, None, day, "email", 1))
    for dbt in np.flatnonzero(deb.insolvency != NEVER).tolist():
        day = next_weekday(int(deb.insolvency[dbt]) + 10 + int(rng.integers(0, 30)))
        if day <= end:  # déclaration de créance au mandataire judiciaire
            log.actions.append((dbt, None, day, "LRAR", 5))


def log_extra_cash(
    p: CompanyProfile,
    rng: np.random.Generator,
    deb: Debtors,
    inv: dict,
    start: int,
    end: int,
    log: EventLog,
) -> None:
    """Log the payments on account (unapplied) and year-end rebates (unallocated credit notes).

    Parameters
    ----------
    p : CompanyProfile
        The company: ``p.deposits`` payments on account, rebates if ``p.rebate_rate``.
    rng : numpy.random.Generator
        The company's generator.
    deb : Debtors
        The company's debtors.
    inv : dict of str to numpy.ndarray
        The invoices (see :func:`tools.samples.portfolio.make_invoices`).
    start, end : int
        Day numbers of the first and last day of the history.
    log : EventLog
        Receives the payments and credit notes.

    """
    pro = np.flatnonzero(deb.pro & (deb.insolvency == NEVER))
    if len(pro):
        who = rng.choice(pro, p.deposits, p=deb.weight[pro] / deb.weight[pro].sum())
        first = start + min(30, (end - start) // 2)
        days = next_weekdays(rng.integers(first, end + 1, p.deposits))
        days = np.where(days > end, days - 3, days)  # a weekend end: back to Friday
        euros = np.round(p.amount_median * rng.uniform(0.5, 3.0, p.deposits), -2)
        amounts = np.maximum(10_000, euros * 100).astype("int64")
        for dbt, day, c in zip(who.tolist(), days.tolist(), amounts.tolist(), strict=True):
            log.payments.append((dbt, None, day, c))
    if p.rebate_rate > 0:
        years = years_of(inv["issue"])
        for year in sorted(set(years.tolist()))[:-1]:
            day = next_weekday(int(np.datetime64(f"{year + 1}-01-20", "D").astype("int64")))
            if day > end:
                continue
            sales = np.bincount(
                inv["debtor"][years == year], inv["cents"][years == year], p.n_debtors
            )
            top = np.argsort(-sales, kind="stable")[:5]
            for dbt in top.tolist():
                if sales[dbt] > 0 and deb.insolvency[dbt] > day and rng.random() < 0.7:
                    log.credits.append((dbt, None, day, int(round(sales[dbt] * p.rebate_rate))))


def monthly_costs(
    p: CompanyProfile, rng: np.random.Generator, actions: pd.DataFrame, start: int, months: int
) -> pd.DataFrame:
    """Build the ``costs`` table: staff, legal fees and the cost of the dunning actions.

    Parameters
    ----------
    p : CompanyProfile
        The company (``monthly_cost``, ``cost_growth``).
    rng : numpy.random.Generator
        The company's generator.
    actions : DataFrame
        The canonical ``actions`` table (each channel has a unit cost).
    start : int
        Day number of the first day of the history.
    months : int
        Length of the history, in calendar months.

    Returns
    -------
    DataFrame
        One row per month: ``month`` (``YYYY-MM``) and ``amount`` (euros).

    """
    labels = month_labels(start, months)
    unit_cost = {
        "LRAR": 7.5,
        "courrier": 1.6,
        "SMS": 0.1,
        "agence": 45.0,
        "téléphone": 3.0,
        "email": 0.0,
    }
    per_action = actions["channel"].map(unit_cost).fillna(0.0).to_numpy()
    month_of_action = actions["date"].dt.strftime("%Y-%m").to_numpy()
    staff = p.monthly_cost * (1 + p.cost_growth * np.arange(months) / max(months - 1, 1))
    staff = staff * (1 + 0.03 * rng.standard_normal(months))
    legal = np.where(rng.random(months) < 0.12, rng.uniform(300, 2500, months), 0.0)
    dunning = np.array([per_action[month_of_action == m].sum() for m in labels])
    amount = np.round(staff + legal + dunning, 2)
    return pd.DataFrame({"month": pd.Series(labels, dtype="str"), "amount": amount})
