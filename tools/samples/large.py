"""Large synthetic canonical ledgers for the benchmarks: :func:`generate_large`.

Unlike :func:`tools.samples.company.generate_company`, which simulates every
invoice of a small company in Python, this generator draws a million invoices and
their events with whole-array operations, in a few seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from tools.samples.company import contract_columns
from tools.samples.dates import (
    DEFAULT_END,
    DEFAULT_MONTHS,
    NAT_DAY,
    NEVER,
    day_number,
    history_start,
    month_labels,
    next_weekdays,
    to_datetimes,
    working_days,
)


def _seq_ids(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    """Ids ``prefix`` + ``numbers`` zero-padded to ``width`` digits, as a ``str`` column."""
    return prefix + pd.Series(numbers, dtype="int64").astype("str").str.zfill(width)


def generate_large(
    n_invoices: int = 1_000_000,
    n_debtors: int | None = None,
    seed: int = 0,
    end: object = DEFAULT_END,
    months: int = DEFAULT_MONTHS,
) -> dict[str, pd.DataFrame]:
    """Build a large canonical ledger for benchmarks, without any per-row Python loop.

    Parameters
    ----------
    n_invoices : int, default 1 000 000
        Number of invoices (exactly).
    n_debtors : int, optional
        Number of debtors; default ``max(10, n_invoices // 50)``.
    seed : int, default 0
        Seed of the random generator.
    end, months
        Last day and length (calendar months) of the history.

    Returns
    -------
    dict of str to DataFrame
        The eight canonical tables with proper dtypes (``str`` ids, NaN when
        missing; ``datetime64[ns]`` dates; ``float64`` euros; ``int64`` levels)
        and no data problem. Roughly: one payment row per paid invoice, a second
        one for 10 % paid in two instalments, 1 % unapplied payment rows plus
        payments on account, 4 % credit notes (a few unallocated), 2 % disputes,
        write-offs of old unpaid invoices and of insolvent debtors' claims, up to
        three reminders per overdue invoice. Nothing is dated after ``end``.

    Notes
    -----
    A million invoices take a few seconds and well under 1 GB.

    """
    n = int(n_invoices)
    if n < 1:
        raise ValueError(f"n_invoices must be ≥ 1, got {n_invoices!r}")
    nd = int(n_debtors) if n_debtors is not None else max(10, n // 50)
    rng = np.random.default_rng(seed)
    end_d = day_number(end)
    start = history_start(end_d, int(months))

    # debtors
    weight = rng.lognormal(0.0, 1.0, nd)
    pro = rng.random(nd) >= 0.2
    terms = rng.choice(np.array([30, 45, 60]), nd, p=[0.5, 0.3, 0.2])
    late_mean = np.where(rng.random(nd) < 0.3, 35.0, 6.0) * rng.lognormal(0.0, 0.3, nd)

    # invoices
    debtor = rng.choice(nd, n, p=weight / weight.sum())
    workdays = working_days(start, end_d)
    issue = np.sort(rng.choice(workdays, n))
    due = issue + terms[debtor]
    cents = np.maximum(1000, np.round(rng.lognormal(np.log(120_000), 1.0, n))).astype("int64")

    # insolvency: a few debtors, after their last invoice
    last_issue = np.full(nd, -1, dtype="int64")
    np.maximum.at(last_issue, debtor, issue)
    insolvency = np.where(
        (rng.random(nd) < 0.003) & (last_issue > 0), last_issue + rng.integers(1, 60, nd), NEVER
    )
    insolvency = np.where(insolvency <= end_d, insolvency, NEVER)
    ins = insolvency[debtor]

    # disputes
    disputed = rng.random(n) < 0.02
    opened = next_weekdays(issue + 5 + rng.integers(0, 40, n))
    disputed &= (opened <= end_d) & (opened < ins)
    resolved = next_weekdays(opened + 10 + rng.integers(0, 90, n))
    open_dispute = disputed & (resolved > end_d)

    # payment plan
    ontime = rng.random(n) < 0.55
    lateness = np.where(
        ontime, -rng.integers(0, 6, n), 1 + (rng.exponential(1.0, n) * late_mean[debtor])
    )
    pay = next_weekdays(np.maximum(issue, due + lateness.astype("int64")))
    pay = np.where(disputed & ~open_dispute, np.maximum(pay, next_weekdays(resolved + 3)), pay)
    never = (rng.random(n) < 0.02) | open_dispute

    # credit notes (before the payment)
    has_cn = rng.random(n) < 0.04
    full = rng.random(n) < 0.25
    cn_amount = np.where(full, cents, np.round(cents * rng.uniform(0.05, 0.3, n)).astype("int64"))
    cn_day = np.minimum(next_weekdays(issue + 1 + rng.integers(0, 20, n)), pay)
    has_cn &= (cn_day <= end_d) & (cn_day < ins)
    to_pay = cents - np.where(has_cn, cn_amount, 0)

    partial = (rng.random(n) < 0.10) & (to_pay >= 2)
    first = np.where(partial, (to_pay * rng.uniform(0.3, 0.7, n)).astype("int64"), to_pay)
    second_day = next_weekdays(pay + 15 + rng.integers(0, 30, n))
    payable = ~never & (to_pay > 0)
    inv_idx = np.concatenate([np.flatnonzero(payable), np.flatnonzero(payable & partial)])
    p_day = np.concatenate([pay[payable], second_day[payable & partial]])
    p_cents = np.concatenate([first[payable], (to_pay - first)[payable & partial]])
    keep = (p_day <= end_d) & (p_day < ins[inv_idx])
    inv_idx, p_day, p_cents = inv_idx[keep], p_day[keep], p_cents[keep]
    paid = np.bincount(inv_idx, p_cents, n).astype("int64")
    applied = rng.random(len(inv_idx)) >= 0.01
    # payments on account (unapplied, no invoice)
    n_dep = max(1, n // 2000)
    dep_debtor = rng.choice(nd, n_dep)
    dep_day = rng.choice(workdays[workdays >= min(start + 30, workdays[-1])], n_dep)
    dep_cents = rng.integers(1, 50, n_dep) * 10_000
    order = np.argsort(np.concatenate([p_day, dep_day]), kind="stable")
    pay_inv = np.concatenate([np.where(applied, inv_idx, -1), np.full(n_dep, -1)])[order]
    pay_debtor = np.concatenate([debtor[inv_idx], dep_debtor])[order]
    pay_day_all = np.concatenate([p_day, dep_day])[order]
    pay_cents_all = np.concatenate([p_cents, dep_cents])[order]

    # write-offs: insolvent debtors' open claims, and old never-paid invoices
    credited = np.where(has_cn, cn_amount, 0)
    applied_paid = np.bincount(inv_idx[applied], p_cents[applied], n).astype("int64")
    residual = cents - credited - applied_paid
    wo_day = np.where(
        ins != NEVER,
        next_weekdays(np.minimum(ins, NEVER - 400) + 180),
        next_weekdays(due + 240 + rng.integers(0, 120, n)),
    )
    old_unpaid = never & ~open_dispute & (rng.random(n) < 0.3)
    written = (residual > 0) & (wo_day <= end_d) & ((ins != NEVER) | old_unpaid)

    # reminders: up to three calendar steps while the invoice is open
    settle = np.where(never | (paid < to_pay), NEVER, np.where(partial, second_day, pay))
    settle = np.where(written, np.minimum(settle, wo_day), settle)
    a_inv, a_day, a_level, a_channel = [], [], [], []
    for level, (days, channel) in enumerate(
        ((5, "email"), (15, "courrier"), (30, "LRAR")), start=1
    ):
        day = next_weekdays(due + days + rng.integers(0, 6, n))
        sent = (day <= end_d) & (day < settle) & (day < ins) & (rng.random(n) < 0.7)
        idx = np.flatnonzero(sent)
        a_inv.append(idx)
        a_day.append(day[idx])
        a_level.append(np.full(len(idx), level))
        a_channel.append(np.full(len(idx), channel))
    a_inv_all = np.concatenate(a_inv)
    a_order = np.argsort(np.concatenate(a_day), kind="stable")

    invoice_ids = _seq_ids("F", np.arange(1, n + 1), 9)
    debtor_ids = _seq_ids("D", np.arange(1, nd + 1), 7)
    inv_ids_np = invoice_ids.to_numpy()
    deb_ids_np = debtor_ids.to_numpy()

    def ids_at(index: np.ndarray) -> pd.Series:
        out = pd.Series(inv_ids_np[np.maximum(index, 0)], dtype="str")
        return out.mask(index < 0)

    invoices = pd.DataFrame(
        {
            "invoice_id": invoice_ids,
            "debtor_id": pd.Series(deb_ids_np[debtor], dtype="str"),
            "issue_date": to_datetimes(issue),
            "due_date": to_datetimes(due),
            "amount": cents / 100.0,
            "currency": pd.Series(np.full(n, "EUR"), dtype="str"),
        }
    )
    payments = pd.DataFrame(
        {
            "payment_id": _seq_ids("P", np.arange(1, len(pay_inv) + 1), 9),
            "debtor_id": pd.Series(deb_ids_np[pay_debtor], dtype="str"),
            "invoice_id": ids_at(pay_inv),
            "date": to_datetimes(pay_day_all),
            "amount": pay_cents_all / 100.0,
            "currency": pd.Series(np.full(len(pay_inv), "EUR"), dtype="str"),
        }
    )
    cn_idx = np.flatnonzero(has_cn)
    cn_idx = cn_idx[np.argsort(cn_day[cn_idx], kind="stable")]
    unallocated = rng.random(len(cn_idx)) < 0.02
    credit_notes = pd.DataFrame(
        {
            "credit_note_id": _seq_ids("A", np.arange(1, len(cn_idx) + 1), 8),
            "debtor_id": pd.Series(deb_ids_np[debtor[cn_idx]], dtype="str"),
            "invoice_id": ids_at(np.where(unallocated, -1, cn_idx)),
            "date": to_datetimes(cn_day[cn_idx]),
            "amount": cn_amount[cn_idx] / 100.0,
            "currency": pd.Series(np.full(len(cn_idx), "EUR"), dtype="str"),
        }
    )
    wo_idx = np.flatnonzero(written)
    write_offs = pd.DataFrame(
        {
            "invoice_id": ids_at(wo_idx),
            "date": to_datetimes(wo_day[wo_idx]),
            "amount": residual[wo_idx] / 100.0,
            "currency": pd.Series(np.full(len(wo_idx), "EUR"), dtype="str"),
        }
    )
    d_idx = np.flatnonzero(disputed)
    disputes = pd.DataFrame(
        {
            "invoice_id": ids_at(d_idx),
            "opened_date": to_datetimes(opened[d_idx]),
            "resolved_date": to_datetimes(np.where(open_dispute[d_idx], NAT_DAY, resolved[d_idx])),
        }
    )
    debtors = pd.DataFrame(
        {
            "debtor_id": debtor_ids,
            "name": "Débiteur " + debtor_ids.str.slice(1),
            "kind": pd.Series(np.where(pro, "professionnel", "particulier"), dtype="str"),
            "sector": pd.Series(np.where(pro, "Industrie", None), dtype="str"),
            "credit_limit": np.round(weight * 20.0) * 500.0,
            "insolvency_date": to_datetimes(np.where(insolvency == NEVER, NAT_DAY, insolvency)),
        }
    )
    act_inv = a_inv_all[a_order]
    actions = pd.DataFrame(
        {
            "debtor_id": pd.Series(deb_ids_np[debtor[act_inv]], dtype="str"),
            "invoice_id": ids_at(act_inv),
            "date": to_datetimes(np.concatenate(a_day)[a_order]),
            "channel": pd.Series(np.concatenate(a_channel)[a_order], dtype="str"),
            "level": np.concatenate(a_level)[a_order].astype("int64"),
        }
    )
    labels = month_labels(start, int(months))
    costs = pd.DataFrame(
        {
            "month": pd.Series(labels, dtype="str"),
            "amount": np.round(n / int(months) * 0.8 * rng.uniform(0.9, 1.1, int(months)), 2),
        }
    )
    # each debtor's own terms (its invoices' due dates above use them)
    debtors = debtors.assign(terms_days=terms.astype("int64"))
    tables = {
        "invoices": invoices,
        "payments": payments,
        "credit_notes": credit_notes,
        "write_offs": write_offs,
        "disputes": disputes,
        "debtors": debtors,
        "actions": actions,
        "costs": costs,
    }
    return {name: contract_columns(name, tables[name]) for name in cv.TABLES}
