"""The life of every invoice of a sample company, simulated one invoice at a time.

:func:`simulate` draws, per invoice, the disputes, credit notes, payments (late,
in instalments, short, twice, unapplied), write-offs and reminders, and records
them in an :class:`EventLog` of day numbers and cents. The reminders follow the
company's dunning calendar imperfectly (forgotten, late, during disputes, rarely
after payment).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from tools.samples.dates import NEVER, month_end_day, month_start_day, next_weekday
from tools.samples.portfolio import Debtors
from tools.samples.profiles import CompanyProfile, DunningStep


@dataclass
class EventLog:
    """Event accumulators of the simulation (day numbers and cents).

    Rows are tuples: payments and credits ``(debtor, invoice or None, day, cents)``,
    write-offs ``(invoice, day, cents)``, disputes ``(invoice, opened, resolved or
    None)``, actions ``(debtor, invoice or None, day, channel, level)``; debtors and
    invoices are positions.
    """

    payments: list[tuple[int, int | None, int, int]] = field(default_factory=list)
    credits: list[tuple[int, int | None, int, int]] = field(default_factory=list)
    write_offs: list[tuple[int, int, int]] = field(default_factory=list)
    disputes: list[tuple[int, int, int | None]] = field(default_factory=list)
    actions: list[tuple[int, int | None, int, str, int]] = field(default_factory=list)


def simulate(
    p: CompanyProfile, rng: np.random.Generator, deb: Debtors, inv: dict, end: int
) -> tuple[EventLog, np.ndarray]:
    """Credit notes, disputes, payments, write-offs and reminders of every invoice.

    Parameters
    ----------
    p : CompanyProfile
        The company.
    rng : numpy.random.Generator
        The company's generator.
    deb : Debtors
        The company's debtors.
    inv : dict of str to numpy.ndarray
        The invoices, as returned by :func:`tools.samples.portfolio.make_invoices`.
    end : int
        Day number of the last day of the history: no event after it.

    Returns
    -------
    log : EventLog
        The events of every invoice.
    settled : numpy.ndarray
        Day each invoice is settled (applied payments, credit notes and write-offs
        cover its amount), :data:`~tools.samples.dates.NEVER` if still open.

    """
    n = len(inv["issue"])
    steps = tuple(sorted(p.dunning))
    u = rng.random((22, n)).tolist()
    e = rng.exponential(1.0, (8, n)).tolist()
    ud = rng.random((len(steps), 4, n)).tolist()
    issue_l, due_l = inv["issue"].tolist(), inv["due"].tolist()
    debtor_l, cents_l = inv["debtor"].tolist(), inv["cents"].tolist()
    insolvency_l, distress_l = deb.insolvency.tolist(), deb.distress.tolist()
    late_mean_l, on_time_l = deb.late_mean.tolist(), deb.on_time.tolist()
    late_l, pro_l = deb.late.tolist(), deb.pro.tolist()
    dispute_f_l, pay_day_l = deb.dispute_factor.tolist(), deb.pay_day.tolist()
    wo_delay_l = deb.write_off_delay.tolist()
    start = min(issue_l) if n else end
    log = EventLog()
    settled = np.full(n, NEVER, dtype="int64")

    for i in range(n):
        d, iss, due, amt = debtor_l[i], issue_l[i], due_l[i], cents_l[i]
        ins = insolvency_l[d]
        allocated: list[tuple[int, int]] = []  # (day, cents) credited, paid or written off
        credits: list[tuple[int, int, bool]] = []  # (day, cents, allocated)
        payments: list[tuple[int, int, bool]] = []  # (day, cents, applied)
        # 1. dispute: opened a few days after issue, resolved (or not) later
        opened = closed = None
        if u[0][i] < p.dispute_prob * dispute_f_l[d]:
            opened = next_weekday(iss + 5 + int(e[0][i] * 20))
            if opened > end or opened >= ins:
                opened = None
            else:
                close = next_weekday(opened + 10 + int(e[1][i] * 45))
                closed = close if close <= end else None
                log.disputes.append((i, opened, closed))
                if closed is not None and u[1][i] < 0.45:  # settled by a credit note
                    share = 1.0 if u[2][i] < 0.3 else 0.1 + 0.6 * u[3][i]
                    credits.append((closed, max(1, round(amt * share)), True))
        # 2. commercial credit note (return, discount, cancellation)
        credit_day = None
        if opened is None and u[4][i] < p.credit_note_prob:
            share = 1.0 if u[5][i] < 0.25 else 0.05 + 0.25 * u[6][i]
            credit_day = next_weekday(iss + 1 + int(e[2][i] * 10))
            allocated_credit = u[20][i] >= p.unallocated_credit_prob
            credits.append((credit_day, max(1, round(amt * share)), allocated_credit))
        to_pay = amt - sum(c for _, c, _ in credits)
        # 3. payment
        distressed = iss >= distress_l[d]
        late_payer = late_l[d] or distressed
        never = u[7][i] < p.never_pay_prob * (1.0 if late_l[d] else 0.2) or (
            distressed and u[7][i] < (0.5 if ins != NEVER else 0.15)
        )
        if opened is not None and closed is None:
            never = True  # an open dispute blocks the payment
        if to_pay > 0 and not never:
            if not late_payer and u[8][i] < on_time_l[d]:
                pay = max(iss, due - int(u[9][i] * 6))
            else:
                mean = late_mean_l[d]
                if distressed:
                    mean = 2.0 * mean if ins != NEVER else 3.0 * max(mean, 20.0)
                if u[9][i] < 0.08:  # an invoice stuck in the debtor's approval circuit
                    mean *= 3.0
                pay = due + 1 + int(e[3][i] * mean)
            if closed is not None:
                pay = max(pay, closed + 3 + int(e[4][i] * 12))
            if pay_day_l[d]:
                target = month_start_day(pay) + pay_day_l[d] - 1
                pay = target if target >= pay else month_end_day(pay) + pay_day_l[d]
            pay = next_weekday(pay)
            if credit_day is not None and credit_day > pay:
                credits[-1] = (pay, *credits[-1][1:])  # the credit note came before the payment
            if u[10][i] < p.partial_prob and to_pay >= 10_000:
                k = 2 if u[11][i] < 0.65 else 3
                weights = [0.3 + x for x in (u[12][i], u[13][i], u[14][i])[:k]]
                parts = [int(to_pay * w / sum(weights)) for w in weights[:-1]]
                parts.append(to_pay - sum(parts))
                day = pay
                for j, part in enumerate(parts):
                    if j:
                        day = next_weekday(day + 15 + int(e[5 + j - 1][i] * 15))
                    payments.append((day, part, True))
            elif u[15][i] < p.short_payment_prob and to_pay >= 10_000:
                gap = 1 + int(u[16][i] * 999)  # 0,01 to 9,99 euros short
                payments.append((pay, to_pay - gap, True))
                wo_day = next_weekday(pay + 20 + int(e[7][i] * 20))
                if wo_day <= end and wo_day < ins:
                    log.write_offs.append((i, wo_day, gap))
                    allocated.append((wo_day, gap))
            elif u[17][i] < p.overpayment_prob:
                payments.append((pay, to_pay, True))
                if u[16][i] < 0.35:  # paid twice
                    payments.append((next_weekday(pay + 7 + int(e[7][i] * 15)), to_pay, True))
                else:  # a rounded-up transfer: the excess stays on account, unapplied
                    excess = (to_pay // 5000 + 1) * 5000 - to_pay
                    payments.append((pay, excess, False))
            else:
                # unmatched cash is mostly recent: old payments end up matched
                recent = end - pay < 60
                applied = u[18][i] >= p.unapplied_prob * (2.0 if recent else 0.3)
                payments.append((pay, to_pay, applied))
        # frozen claims: nothing after the insolvency date, nothing after the end
        horizon = min(end, ins - 1)
        credits = [(day, c, a) for day, c, a in credits if day <= horizon]
        payments = [(day, c, a) for day, c, a in payments if day <= horizon]
        for day, c, applied in credits:
            log.credits.append((d, i if applied else None, day, c))
            if applied:
                allocated.append((day, c))
        for day, c, applied in payments:
            log.payments.append((d, i if applied else None, day, c))
            if applied:
                allocated.append((day, c))
        # 4. write-offs: claims on insolvent debtors, and some old never-paid invoices
        residual = amt - sum(c for _, c in allocated)
        if residual > 0:
            wo_day = None
            if ins != NEVER:
                wo_day = next_weekday(ins + wo_delay_l[d])
            elif never and (opened is None or closed is not None) and u[19][i] < p.write_off_prob:
                wo_day = next_weekday(due + 180 + int(e[6][i] * 150))
            if wo_day is not None and wo_day <= end:
                log.write_offs.append((i, wo_day, residual))
                allocated.append((wo_day, residual))
        # 5. settlement day (ledger view: applied payments, credits and write-offs)
        allocated.sort()
        total = 0
        for day, c in allocated:
            total += c
            if total >= amt:
                settled[i] = day
                break
        claim = _Claim(i, d, due, amt, int(settled[i]), ins, opened, closed, pro_l[d])
        draws = [[row[k][i] for k in range(4)] for row in ud]
        _dun(p, steps, claim, draws, u[21][i], (start, end), log)
    return log, settled


class _Claim(NamedTuple):
    """What the dunning of one invoice depends on (day numbers, cents)."""

    index: int
    debtor: int
    due: int
    cents: int
    settled: int  # NEVER while open
    insolvency: int  # NEVER if none
    opened: int | None  # dispute
    closed: int | None
    pro: bool


def _dun(
    p: CompanyProfile,
    steps: tuple[DunningStep, ...],
    claim: _Claim,
    draws: list[list[float]],
    u_phone: float,
    period: tuple[int, int],
    log: EventLog,
) -> None:
    """Log the reminders of one invoice: the calendar, followed imperfectly.

    ``draws`` holds four uniform numbers per step; ``period`` is the (start, end)
    of the history, over which the coverage moves linearly.
    """
    i, d, due, amt, settled, ins, opened, closed, pro = claim
    start, end = period
    span = max(end - start, 1)
    phoned = False
    for step, (u_sent, u_on_time, u_delay, u_dispute) in zip(steps, draws, strict=True):
        target = due + step.days
        if target > end or target >= ins:
            return
        if settled <= target:
            if u_sent < p.dunning_on_paid_prob:  # dunned although settled (a mistake)
                day = next_weekday(target + int(u_delay * 5))
                if day <= end and day < ins:
                    log.actions.append((d, i, day, step.channel, step.level))
            return
        if opened is not None and opened <= target and (closed is None or target < closed):
            if u_dispute >= p.dunning_in_dispute_prob:
                continue  # dunning suspended during the dispute
        c0, c1 = p.dunning_coverage
        coverage = c0 + (c1 - c0) * (target - start) / span
        if u_sent >= coverage:
            continue  # reminder forgotten
        delay = (
            0
            if u_on_time < p.dunning_on_time
            else 1 + int(-math.log1p(-u_delay) * p.dunning_delay_days)
        )
        day = next_weekday(target + delay)
        if day > end or day >= ins or day >= settled:
            continue
        channel = step.channel
        if not pro and channel == "agence" and amt < 30_000:
            channel = "courrier"  # small claims on individuals stay in house
        log.actions.append((d, i, day, channel, step.level))
        if step.level >= 2 and not phoned and amt >= p.phone_min * 100 and u_phone < p.phone_prob:
            call = next_weekday(day + 2)
            if call <= end and call < settled and call < ins:
                log.actions.append((d, i, call, "téléphone", step.level))
            phoned = True
