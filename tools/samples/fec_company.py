"""Atelier Rivage SARL: the sample company kept both as tables and as FEC files.

:func:`generate_fec_company` simulates a ledger restricted to what a FEC carries
(invoices, payments, credit notes, write-offs, professional debtors and their terms;
no disputes, reminders or costs, no data problem), built so that its tables and its
FEC files (:mod:`tools.samples.fec`) say exactly the same thing:

* the history starts on 1 January of the first fiscal year (the calendar year before
  the end's) and ends at ``end`` in the second (nothing before, nothing after);
* every due date is the issue date plus the debtor's own terms (``terms_days``);
* every payment, credit note and write-off is dated on or after its invoice;
* no invoice is overpaid, and every lettrage group is settled oldest first
  (:func:`tools.samples.lettrage.follows_fifo_by_year`): a debtor's transfer that
  pays several invoices (a "statement payer") keeps one payment id only when it does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.samples.dates import (
    DEFAULT_END,
    day_number,
    month_end_day,
    month_start_day,
    next_weekday,
    number_ids,
    str_column,
    to_datetimes,
    to_euros,
)
from tools.samples.lettrage import Allocation, follows_fifo_by_year
from tools.samples.portfolio import Debtors, make_debtors, make_invoices
from tools.samples.profiles import CompanyProfile, CustomerType

#: The sample company written both as tables and as FEC files.
FEC_COMPANY = CompanyProfile(
    company_id="atelier-rivage",
    creditor=(
        ("name", "Atelier Rivage SARL"),
        ("legal_form", "SARL"),
        ("capital", "20 000 €"),
        ("rcs", "RCS La Rochelle 999 888 779"),
        ("siren", "999 888 779"),
        ("address", "5 quai Valin, 17000 La Rochelle"),
        ("iban", "FR76 3000 4000 0500 0000 0000 505"),
        ("bic", "BNPAFRPPXXX"),
    ),
    letters=(
        ("nature", "travaux et fournitures nautiques"),
        ("contact", "Comptabilité, 05 00 00 05 05, compta@atelier-rivage.example"),
        ("signatory", "Anne Royer, gérante"),
    ),
    name="Atelier Rivage SARL",
    sector="nautisme",
    report=(
        ("consultant", "Cabinet Lefort Conseil (fictif)"),
        ("addressee", "Direction administrative et financière"),
        ("size", "micro"),
    ),
    seed=505,
    style="canonical",
    n_debtors=34,
    invoices_per_month=15.0,
    seasonality=(0.7, 0.8, 1.1, 1.3, 1.3, 1.2, 1.0, 0.6, 1.0, 1.1, 0.9, 0.7),
    amount_median=2400.0,
    amount_sigma=0.85,
    terms=((30, 0.45), (45, 0.35), (60, 0.2)),
    late_payer_share=0.25,
    late_days=35.0,
    mild_days=8.0,
    on_time_share=0.55,
    never_pay_prob=0.03,
    dispute_prob=0.0,
    credit_note_prob=0.06,
    partial_prob=0.12,
    overpayment_prob=0.0,
    unapplied_prob=0.0,
    short_payment_prob=0.02,
    write_off_prob=0.6,
    n_insolvent=0,
    n_worsening=0,
    statement_payer_share=0.3,
    deposits=5,
    customer_types=(
        CustomerType("Chantier naval {nom}", "Construction navale"),
        CustomerType("Marina {ville}", "Port de plaisance", legal_form=False),
        CustomerType("Voilerie {nom}", "Voilerie"),
        CustomerType("Yacht Club {ville}", "Club nautique", legal_form=False),
        CustomerType("{nom} Nautisme", "Négoce nautique"),
        CustomerType("Location de bateaux {nom}", "Location"),
    ),
    invoice_format="FA-{year}-{n:04d}",
    debtor_format="C{n:04d}",
    payment_format="RG-{year}-{n:04d}",
    credit_note_format="AV-{year}-{n:04d}",
)

#: Names given to a few debtors (by position), in capitals as accounting software
#: often keeps them: letters of ISO-8859-15 that Latin-1 lacks (Œ, Ÿ), and others.
ACCENTED_NAMES = {2: "BŒUF & FILS NAUTISME", 10: "CAVES MARITIMES D'AŸ", 17: "ÉTÉ À BORD SARL"}


def fiscal_years(end: object = DEFAULT_END) -> tuple[int, int, int]:
    """Day numbers of the first day of each fiscal year and of the end.

    The first fiscal year is the calendar year before the end's; the second runs from
    1 January of the end's year to ``end``.
    """
    end_d = day_number(end)
    year = np.datetime64(end_d, "D").astype("datetime64[Y]")
    second = int(year.astype("datetime64[D]").astype("int64"))
    first = int((year - 1).astype("datetime64[D]").astype("int64"))
    return first, second, end_d


def _settle(p: CompanyProfile, rng: np.random.Generator, deb: Debtors, inv: dict) -> list:
    """The credits of every invoice: ``(kind, debtor, invoice, day, cents)`` rows."""
    n = len(inv["issue"])
    u = rng.random((11, n)).tolist()
    e = rng.exponential(1.0, (6, n)).tolist()
    late, on_time = deb.late.tolist(), deb.on_time.tolist()
    late_mean, pay_day = deb.late_mean.tolist(), deb.pay_day.tolist()
    rows = []
    for i in range(n):
        d = int(inv["debtor"][i])
        iss, due, amt = int(inv["issue"][i]), int(inv["due"][i]), int(inv["cents"][i])
        to_pay, credit = amt, None
        if u[0][i] < p.credit_note_prob:  # a return, a discount or a cancellation
            share = 1.0 if u[1][i] < 0.25 else 0.05 + 0.25 * u[2][i]
            credit = [next_weekday(iss + 1 + int(e[0][i] * 10)), min(amt, round(amt * share))]
            to_pay -= credit[1]
        never = u[3][i] < p.never_pay_prob * (3.0 if late[d] else 0.5)
        if to_pay > 0 and not never:
            if not late[d] and u[4][i] < on_time[d]:
                pay = max(iss, due - int(u[5][i] * 6))
            else:
                pay = due + 1 + int(e[1][i] * late_mean[d])
            if pay_day[d]:  # a statement payer: one transfer on a fixed day of the month
                target = month_start_day(pay) + pay_day[d] - 1
                pay = target if target >= pay else month_end_day(pay) + pay_day[d]
            pay = next_weekday(pay)
            if credit is not None and credit[0] > pay:
                credit[0] = pay  # the credit note came before the payment
            if u[6][i] < p.partial_prob and to_pay >= 100_000:
                k = 2 if u[7][i] < 0.6 else 3
                parts = [to_pay // k] * (k - 1)
                parts.append(to_pay - sum(parts))
                for j, part in enumerate(parts):
                    rows.append(("payment", d, i, pay, part))
                    pay = next_weekday(pay + 15 + int(e[2 + j][i] * 15))
            elif u[8][i] < p.short_payment_prob and to_pay >= 10_000:
                gap = 1 + int(u[9][i] * 999)  # 0,01 to 9,99 euros short, written off
                rows.append(("payment", d, i, pay, to_pay - gap))
                rows.append(("write_off", d, i, next_weekday(pay + 20 + int(e[5][i] * 20)), gap))
            else:
                rows.append(("payment", d, i, pay, to_pay))
        elif to_pay > 0 and u[10][i] < p.write_off_prob:
            rows.append(("write_off", d, i, next_weekday(due + 180 + int(e[5][i] * 150)), to_pay))
        if credit is not None and credit[1] > 0:
            rows.append(("credit_note", d, i, credit[0], credit[1]))
    return rows


def _deposits(
    p: CompanyProfile, rng: np.random.Generator, deb: Debtors, active: np.ndarray, years: tuple
) -> list:
    """Payments on account matched to no invoice; the first one in the first year."""
    first, second, end = years
    pool = np.flatnonzero(active)
    who = rng.choice(pool, p.deposits, replace=False, p=deb.weight[pool] / deb.weight[pool].sum())
    days = rng.integers(second, end - 10, p.deposits)
    days[0] = rng.integers(first + 240, second - 30)
    cents = (1 + rng.integers(0, 15, p.deposits)) * 10_000
    return [
        ("payment", int(d), None, next_weekday(int(day)), int(c))
        for d, day, c in zip(who, days, cents, strict=True)
    ]


def _payment_groups(rows: list, inv: dict, deb: Debtors, second: int) -> list[int]:
    """The payment id (as a group number) of each row: one transfer per debtor and day.

    Rows of one statement payer on one day share a group when the lettrage groups stay
    settled oldest first; otherwise each keeps its own (and so its own payment id).
    """
    group = list(range(len(rows)))
    issue = {f"I{i:05d}": int(day) for i, day in enumerate(inv["issue"].tolist())}
    amounts = {f"I{i:05d}": int(c) for i, c in enumerate(inv["cents"].tolist())}

    def fifo(debtor: int) -> bool:
        allocations = [
            Allocation(f"{kind[0]}{group[r] if kind == 'payment' else r:05d}", f"I{i:05d}", day, c)
            for r, (kind, d, i, day, c) in enumerate(rows)
            if d == debtor and i is not None
        ]
        return follows_fifo_by_year(allocations, issue, amounts, second)

    candidates: dict[tuple[int, int], list[int]] = {}
    for r, (kind, d, i, day, _) in enumerate(rows):
        if kind == "payment" and i is not None and deb.pay_day[d]:
            candidates.setdefault((day, d), []).append(r)
    for (_, d), members in sorted(candidates.items()):
        if len(members) < 2:
            continue
        before = [group[r] for r in members]
        for r in members:
            group[r] = members[0]
        if not fifo(d):
            for r, g in zip(members, before, strict=True):
                group[r] = g
    if not all(fifo(d) for d in range(len(deb.ids))):
        raise AssertionError("a lettrage group is not settled oldest first")
    return group


def generate_fec_company(end: object = DEFAULT_END) -> dict[str, pd.DataFrame]:
    """Simulate the ledger of :data:`FEC_COMPANY`, as the tables a FEC can carry.

    Parameters
    ----------
    end : date-like, default ``"2026-10-31"``
        Last day of the history, in the second fiscal year; the history starts on
        1 January of the year before.

    Returns
    -------
    dict of str to DataFrame
        ``invoices`` (``invoice_id``, ``debtor_id``, ``issue_date``, ``due_date``,
        ``amount``), ``payments`` (``payment_id``, ``debtor_id``, ``invoice_id``,
        ``date``, ``amount``; no ``invoice_id``: unapplied), ``credit_notes``
        (``credit_note_id``, ``debtor_id``, ``invoice_id``, ``date``, ``amount``),
        ``write_offs`` (``invoice_id``, ``debtor_id``, ``date``, ``amount``) and
        ``debtors`` (``debtor_id``, ``name``, ``kind``, ``terms_days``): the debtors
        with at least one row. Dates ``datetime64[ns]``, amounts ``float64`` euros,
        ids ``str``; rows in date order.

    """
    p = FEC_COMPANY
    first, second, end_d = years = fiscal_years(end)
    month = np.array([first, end_d], dtype="datetime64[D]").astype("datetime64[M]").astype("int64")
    months = int(month[1] - month[0]) + 1
    rng = np.random.default_rng(p.seed)
    deb = make_debtors(p, rng, first, end_d, months)
    inv = make_invoices(p, rng, deb, first, end_d, months)
    rows = [r for r in _settle(p, rng, deb, inv) if r[3] <= end_d]
    invoiced = np.bincount(inv["debtor"], minlength=len(deb.ids)) > 0
    rows += _deposits(p, rng, deb, invoiced, years)
    rows.sort(key=lambda r: (r[3], r[1], -1 if r[2] is None else r[2], r[0]))
    group = _payment_groups(rows, inv, deb, second)

    invoice_ids = number_ids(p.invoice_format, inv["issue"])
    names = [ACCENTED_NAMES.get(k, name) for k, name in enumerate(deb.names)]

    def events(kind: str) -> list:
        return [(r, *row[1:]) for r, row in enumerate(rows) if row[0] == kind]

    def frame(kind: str, id_col: str | None, ids: list[str] | None) -> pd.DataFrame:
        picked = events(kind)
        columns = {} if id_col is None else {id_col: str_column(ids)}
        columns |= {
            "debtor_id": str_column([deb.ids[r[1]] for r in picked]),
            "invoice_id": str_column([None if r[2] is None else invoice_ids[r[2]] for r in picked]),
            "date": to_datetimes(np.array([r[3] for r in picked], dtype="int64")),
            "amount": to_euros([r[4] for r in picked]),
        }
        return pd.DataFrame(columns)

    pay = events("payment")
    first_row = {}
    for r, *_ in pay:
        first_row.setdefault(group[r], r)
    numbered = number_ids(p.payment_format, np.array([rows[r][3] for r in first_row.values()]))
    payment_id = dict(zip(first_row, numbered, strict=True))
    payments = frame("payment", "payment_id", [payment_id[group[r[0]]] for r in pay])
    credit_days = np.array([r[3] for r in events("credit_note")], dtype="int64")
    credit_notes = frame(
        "credit_note", "credit_note_id", number_ids(p.credit_note_format, credit_days)
    )
    write_offs = frame("write_off", None, None)[["invoice_id", "debtor_id", "date", "amount"]]
    debtor_l = inv["debtor"].tolist()
    invoices = pd.DataFrame(
        {
            "invoice_id": str_column(invoice_ids),
            "debtor_id": str_column([deb.ids[d] for d in debtor_l]),
            "issue_date": to_datetimes(inv["issue"]),
            "due_date": to_datetimes(inv["due"]),
            "amount": to_euros(inv["cents"]),
        }
    )
    used = sorted(set(debtor_l) | {r[1] for r in rows})
    debtors = pd.DataFrame(
        {
            "debtor_id": str_column([deb.ids[d] for d in used]),
            "name": str_column([names[d] for d in used]),
            "kind": str_column(["professionnel"] * len(used)),
            "terms_days": deb.terms[used].astype("int64"),
        }
    )
    return {
        "invoices": invoices,
        "payments": payments,
        "credit_notes": credit_notes,
        "write_offs": write_offs,
        "debtors": debtors,
    }


def fec_config(tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    """The settings of the FEC folder's ``recouvrement.yml``: name, sector, debtors' terms.

    A FEC names no debtor kind and no payment terms: every debtor is professional, and
    ``fec: terms_days:`` gives each auxiliary account (``CompAuxNum``) its terms in days.
    """
    debtors = tables["debtors"]
    terms = dict(zip(debtors["debtor_id"], debtors["terms_days"].astype(int).tolist(), strict=True))
    return {
        "name": FEC_COMPANY.name,
        "sector": FEC_COMPANY.sector,
        "default_debtor_kind": "professionnel",
        "fec": {"terms_days": terms},
        "dunning": {"letters": dict(FEC_COMPANY.letters)},
        "creditor": dict(FEC_COMPANY.creditor),
        "report": dict(FEC_COMPANY.report),
    }
