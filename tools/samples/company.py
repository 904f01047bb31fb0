"""The canonical ledger of a fictional audited company: :func:`generate_company`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from tools.samples.companies import get_profile
from tools.samples.dates import (
    DEFAULT_END,
    DEFAULT_MONTHS,
    NAT_DAY,
    NEVER,
    day_number,
    history_start,
    number_ids,
    str_column,
    to_datetimes,
    to_euros,
)
from tools.samples.events import log_debtor_actions, log_extra_cash, monthly_costs
from tools.samples.portfolio import make_debtors, make_invoices
from tools.samples.profiles import CompanyProfile
from tools.samples.simulate import simulate


def generate_company(
    company: str | CompanyProfile, end: object = DEFAULT_END, months: int = DEFAULT_MONTHS
) -> dict[str, pd.DataFrame]:
    """Generate the canonical ledger of a fictional audited company.

    Parameters
    ----------
    company : str or CompanyProfile
        A company id of :data:`COMPANIES` (e.g. ``"batiment-durand"``) or a profile.
    end : date-like, default ``"2026-10-31"``
        Last day of the history: no event is dated after it (the future does not
        exist), so invoices near ``end`` are still open.
    months : int, default 24
        Length of the history in calendar months; the first invoice is issued in
        the month ``months - 1`` months before the month of ``end``.

    Returns
    -------
    dict of str to DataFrame
        The eight canonical tables (``invoices``, ``payments``, ``credit_notes``,
        ``write_offs``, ``disputes``, ``debtors``, ``actions``, ``costs``) with
        the canonical columns of :data:`recouvrement.conventions.TABLES`: ids as
        ``str`` (missing = NaN), dates ``datetime64[ns]`` (missing = NaT), amounts
        ``float64`` euros rounded to the cent, ``level`` ``int64``, ``month`` a
        ``YYYY-MM`` string. No deliberate data problem (see
        :func:`inject_data_problems`).

    Notes
    -----
    Behaviour simulated per invoice, from the profile's probabilities: payment at
    the due date plus a lateness drawn from the debtor's culture (some debtors are
    reliably late; statement payers settle a month's invoices by one transfer, so
    a payment id spans several invoices), instalments, short payments written off,
    overpayments (paid twice, or rounded up with the excess left unapplied),
    unapplied payments, commercial and dispute credit notes, disputes (most
    resolved, some open at ``end``, blocking the payment), insolvent debtors
    (claims frozen at the insolvency date, written off later), year-end rebates
    (unallocated credit notes), and the company's dunning calendar followed
    imperfectly (forgotten, late, during disputes, rarely after payment).

    The same profile, ``end`` and ``months`` always give identical frames.

    Examples
    --------
    >>> t = generate_company("conseil-horizon", end="2025-06-30", months=12)
    >>> bool(t["invoices"]["issue_date"].max() <= pd.Timestamp("2025-06-30"))
    True

    """
    p = get_profile(company)
    if int(months) < 1:
        raise ValueError(f"months must be ≥ 1, got {months!r}")
    months = int(months)
    rng = np.random.default_rng(p.seed)
    end_d = day_number(end)
    start = history_start(end_d, months)

    deb = make_debtors(p, rng, start, end_d, months)
    inv = make_invoices(p, rng, deb, start, end_d, months)
    log, settled = simulate(p, rng, deb, inv, end_d)
    log_debtor_actions(p, rng, deb, inv, settled, start, end_d, months, log)
    log_extra_cash(p, rng, deb, inv, start, end_d, log)

    invoice_ids = number_ids(p.invoice_format, inv["issue"])
    invoices = pd.DataFrame(
        {
            "invoice_id": str_column(invoice_ids),
            "debtor_id": str_column([deb.ids[d] for d in inv["debtor"].tolist()]),
            "issue_date": to_datetimes(inv["issue"]),
            "due_date": to_datetimes(inv["due"]),
            "amount": to_euros(inv["cents"]),
            "currency": pd.Series(["EUR"] * len(invoice_ids), dtype="str"),
        }
    )

    payments = _ledger_rows(
        log.payments, p.payment_format, "payment_id", deb.ids, invoice_ids, group=True
    )
    credit_notes = _ledger_rows(
        log.credits, p.credit_note_format, "credit_note_id", deb.ids, invoice_ids, group=False
    )
    wo = sorted(log.write_offs, key=lambda r: (r[1], r[0]))
    inv_debtor = inv["debtor"].tolist()
    write_offs = pd.DataFrame(
        {
            "invoice_id": str_column([invoice_ids[r[0]] for r in wo]),
            "debtor_id": str_column([deb.ids[inv_debtor[r[0]]] for r in wo]),
            "date": to_datetimes(np.array([r[1] for r in wo], dtype="int64")),
            "amount": to_euros([r[2] for r in wo]),
        }
    )
    disputes = pd.DataFrame(
        {
            "invoice_id": str_column([invoice_ids[r[0]] for r in log.disputes]),
            "opened_date": to_datetimes([r[1] for r in log.disputes]),
            "resolved_date": to_datetimes([r[2] for r in log.disputes]),
        }
    )
    debtors = pd.DataFrame(
        {
            "debtor_id": str_column(deb.ids),
            "name": str_column(deb.names),
            "kind": str_column(debtor_kinds(p, deb)),
            "sector": str_column(deb.sectors),
            "credit_limit": deb.credit_limit.astype("float64"),
            "insolvency_date": to_datetimes(
                np.where(deb.insolvency == NEVER, NAT_DAY, deb.insolvency)
            ),
            "terms_days": deb.terms.astype("int64"),
            "procedure": str_column(procedures(deb)),
            "publication_date": to_datetimes(
                np.where(deb.insolvency == NEVER, NAT_DAY, deb.insolvency + BODACC_DELAY_DAYS)
            ),
            "civility": str_column(civilities(deb)),
        }
    )
    acts = sorted(log.actions, key=lambda r: (r[2], r[0], -1 if r[1] is None else r[1], r[4]))
    actions = pd.DataFrame(
        {
            "debtor_id": str_column([deb.ids[r[0]] for r in acts]),
            "invoice_id": _invoice_column(acts, invoice_ids),
            "date": to_datetimes(np.array([r[2] for r in acts], dtype="int64")),
            "channel": str_column([r[3] for r in acts]),
            "level": np.array([r[4] for r in acts], dtype="int64"),
        }
    )
    costs = monthly_costs(p, rng, actions, start, months)
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
    for name in ("payments", "credit_notes", "write_offs"):  # the currency of every row
        tables[name] = tables[name].assign(
            currency=pd.Series("EUR", index=tables[name].index, dtype="str")
        )
    return {name: contract_columns(name, tables[name]) for name in cv.TABLES}


#: Column types whose empty value is a missing ``str`` (NaN).
_TEXT_TYPES = ("id", "text", "kind", "month")


def contract_columns(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with the contract's columns of ``table``, in order.

    A column of the contract missing from ``frame`` is added empty (NaN text and
    amounts, NaT dates): the optional columns the simulation has no value for (an invoice's
    ``origin`` and ``reference``, an event's ``applied_date``...).
    """
    types = cv.column_types(table)
    out = {}
    for col in cv.columns(table):
        if col in frame.columns:
            out[col] = frame[col]
        elif types[col] == "date":
            out[col] = pd.Series(to_datetimes([NAT_DAY] * len(frame)), index=frame.index)
        elif types[col] in _TEXT_TYPES:
            out[col] = str_column([None] * len(frame)).set_axis(frame.index)
        elif types[col] == "money":
            out[col] = pd.Series(np.nan, index=frame.index, dtype="float64")
        else:
            raise ValueError(f"{table}: no empty value for the {types[col]} column {col!r}")
    return pd.DataFrame(out, index=frame.index)


def _invoice_column(rows: list[tuple], invoice_ids: list[str]) -> pd.Series:
    """The ``invoice_id`` column of event rows whose second item is an invoice or None."""
    return str_column([None if r[1] is None else invoice_ids[r[1]] for r in rows])


def _ledger_rows(
    rows: list[tuple[int, int | None, int, int]],
    fmt: str,
    id_col: str,
    debtor_ids: list[str],
    invoice_ids: list[str],
    *,
    group: bool,
) -> pd.DataFrame:
    """Build the payments or credit notes table from ``(debtor, invoice, day, cents)`` rows.

    Ids are numbered by ``fmt`` in date order; with ``group``, the rows of one
    debtor on one day share an id (one transfer spread over several invoices).
    """
    rows = sorted(rows, key=lambda r: (r[2], r[0], -1 if r[1] is None else r[1]))
    days = np.array([r[2] for r in rows], dtype="int64")
    if group:  # one transfer per debtor and day, possibly spread over several invoices
        keys = [(r[0], r[2]) for r in rows]
        first = {}
        for k in keys:
            first.setdefault(k, len(first))
        numbers = [first[k] for k in keys]
        per_key_ids = number_ids(fmt, np.array([k[1] for k in first], dtype="int64"))
        ids = [per_key_ids[m] for m in numbers]
    else:
        ids = number_ids(fmt, days)
    return pd.DataFrame(
        {
            id_col: str_column(ids),
            "debtor_id": str_column([debtor_ids[r[0]] for r in rows]),
            "invoice_id": _invoice_column(rows, invoice_ids),
            "date": to_datetimes(days),
            "amount": to_euros([r[3] for r in rows]),
        }
    )


#: Days between the judgment opening insolvency proceedings and its BODACC publication
#: in the samples (the publication is due within 15 days, art. R.621-8 C. com.).
BODACC_DELAY_DAYS = 12

#: The kinds of proceedings the samples' insolvent debtors go through, in turn.
SAMPLE_PROCEDURES = ("redressement judiciaire", "liquidation judiciaire", "sauvegarde")


def debtor_kinds(p: CompanyProfile, deb) -> list[str]:
    """Each debtor's kind: ``public`` for a public buyer's sector, else professional or private."""
    public = {t.sector for t in p.customer_types if t.public}
    return [
        ("public" if sector in public else "professionnel") if pro else "particulier"
        for pro, sector in zip(deb.pro.tolist(), deb.sectors, strict=True)
    ]


def procedures(deb) -> list[str | None]:
    """The kind of proceedings of each insolvent debtor, in turn (None for the others)."""
    out: list[str | None] = []
    k = 0
    for day in deb.insolvency.tolist():
        if day == NEVER:
            out.append(None)
        else:
            out.append(SAMPLE_PROCEDURES[k % len(SAMPLE_PROCEDURES)])
            k += 1
    return out


def civilities(deb) -> list[str | None]:
    """``M.`` or ``Mme`` for a private individual (from its name), None otherwise."""
    return [
        None if pro else name.split(" ", 1)[0]
        for pro, name in zip(deb.pro.tolist(), deb.names, strict=True)
    ]
