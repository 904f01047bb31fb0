"""Converting the rows of a ledger being built that are in another currency than the company's.

The rules are those of :mod:`recouvrement.ledger.fx` (ECB rate of the row's day; events
of an invoice in its own currency at its booked rate, cumulatively; exact cents, a half
rounded away from zero); this module applies them to the work tables, lists every
conversion and refuses, in French, what cannot be converted.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date, fmt_int
from recouvrement.ledger.fx import (
    CONVERSION_COLUMNS,
    CONVERTED_TABLES,
    DAY_RATE,
    INVOICE_RATE,
    RATES_PACKAGE,
    RateError,
    factor,
    times,
)
from recouvrement.ledger.inputs import table_label
from recouvrement.ledger.parse_amounts import (
    CURRENCY_TOKENS,
    MAX_EXACT_EUROS,
    ceiling_problem,
    euros,
)
from recouvrement.ledger.table import REPAIRED, ROW, SET_ASIDE, WorkTable


class FxError(ValueError):
    """Rows whose currency cannot be converted; ``problems`` are French, one per group."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def convert_tables(t: dict[str, WorkTable], currency: str, max_amount: int) -> list[dict[str, Any]]:
    """Convert the rows of ``t`` in another currency than ``currency``, in place.

    Parameters
    ----------
    t : dict of str to WorkTable
        The typed tables; ``currency`` cells already ISO codes, originals checked.
    currency : str
        The company's currency.
    max_amount : int
        The ceiling per row (units of the company's currency): a row above it once
        converted is set aside (:func:`~recouvrement.ledger.parse_amounts.ceiling_problem`).

    Returns
    -------
    list of dict
        One record per row converted (:data:`CONVERSION_COLUMNS`), set-aside rows included.

    Raises
    ------
    FxError
        Rows without a rate, grouped by table, currency and reason (French, with the fix).

    Notes
    -----
    The invoices are converted first (and their limits checked), so that an event knows
    the booked rate of its invoice; the events of an invoice in their own currency are
    then converted at that rate, cumulatively, in the order date, table, source line.

    """
    run = _Conversion(t, currency, max_amount)
    for name in CONVERTED_TABLES:
        run.table(name)
    if run.failed:
        failed = sorted(run.failed.items())
        raise FxError([_failure(t, key, rows, currency) for key, rows in failed])
    run.same_currency_events()
    for name in CONVERTED_TABLES[1:]:
        run.apply(name)
    return run.records


class _Conversion:
    """The state of :func:`convert_tables`: conversions waiting, booked rates, failures."""

    def __init__(self, t: dict[str, WorkTable], currency: str, max_amount: int):
        self.t, self.currency, self.max_amount = t, currency, max_amount
        self.failed: dict[tuple[str, str, str, str], list[tuple[int, pd.Timestamp]]] = {}
        self.records: list[dict[str, Any]] = []
        self.done: dict[str, list[tuple[int, str, int, int, str]]] = {
            name: [] for name in CONVERTED_TABLES
        }
        self.rates: dict[str, tuple[str, Fraction, float, pd.Timestamp]] = {}  # per invoice id
        self.events: list[tuple[str, pd.Timestamp, int, int, str, int, str, int]] = []
        self.day_rates: dict[tuple[str, Any], tuple[Fraction, pd.Timestamp, float]] = {}

    def table(self, name: str) -> None:
        """Convert the foreign rows of one table (events of a same-currency invoice wait)."""
        tab = self.t[name]
        f = tab.frame
        if not len(f):  # an empty table is typed, not coerced: no cents
            return
        foreign = tab.alive() & (f["currency"] != self.currency)
        if not foreign.any():  # the usual case: nothing to convert, nothing to wait for
            if name == "invoices":
                self.booked(tab)
            return
        idx = f.index[foreign]
        cols = (
            f.loc[idx, "currency"].astype("str").tolist(),
            tab.cents["amount"][idx].astype("int64").tolist(),
            f.loc[idx, "issue_date" if name == "invoices" else "date"].tolist(),
            f.loc[idx, ROW].astype("int64").tolist(),
            f.loc[idx, "invoice_id"].tolist(),
        )
        order = CONVERTED_TABLES.index(name)
        for i, code, cents, day, row, target in zip(idx, *cols, strict=True):
            key = target if isinstance(target, str) else None
            if name != "invoices" and key in self.rates and self.rates[key][0] == code:
                self.events.append((key, day, order, row, name, int(i), code, cents))
            else:
                self.by_day(name, int(i), code, cents, day, row, key)
        if name == "invoices":  # the invoices' rates, before their events are converted
            self.apply(name)
            self.booked(tab)

    def booked(self, inv: WorkTable) -> None:
        """The invoices' booked rates: converted here or by the source; kept invoices only."""
        _source_booked(inv, self.currency, self.rates)
        if self.rates:
            kept = set(inv.frame.loc[inv.alive(), "invoice_id"])
            self.rates = {k: v for k, v in self.rates.items() if k in kept}

    def by_day(
        self, name: str, i: int, code: str, cents: int, day: Any, row: int, inv: str | None
    ) -> None:
        """Convert one row at the ECB rate of its day, or record why it cannot be."""
        known = self.day_rates.get((code, day))
        if known is None:
            try:
                ratio, published = factor(code, self.currency, day)
            except RateError as err:
                fix = "company" if err.currency == self.currency else err.kind
                self.failed.setdefault((name, code, err.reason, fix), []).append((row, day))
                return
            known = self.day_rates[code, day] = (ratio, published, float(1 / ratio))
        ratio, published, rate = known
        self.book(name, i, code, cents, times(cents, ratio), rate, published, day, row)
        if name == "invoices" and inv is not None:
            self.rates.setdefault(inv, (code, ratio, rate, published))

    def same_currency_events(self) -> None:
        """The events of an invoice in its own currency, at its booked rate, cumulatively."""
        cumulated: dict[str, int] = {}
        for inv, day, _, row, name, i, code, cents in sorted(self.events, key=lambda e: e[:4]):
            _, ratio, rate, published = self.rates[inv]
            before = cumulated.get(inv, 0)
            cumulated[inv] = before + cents
            value = times(before + cents, ratio) - times(before, ratio)
            self.book(name, i, code, cents, value, rate, published, day, row, INVOICE_RATE)

    def book(
        self,
        name: str,
        i: int,
        code: str,
        cents: int,
        value: int,
        rate: float,
        published: pd.Timestamp,
        day: pd.Timestamp,
        row: int,
        basis: str = DAY_RATE,
    ) -> None:
        """Keep one conversion: applied to the table later, listed in the records now."""
        self.done[name].append((i, code, cents, value, _problem(code, self.currency, basis)))
        self.records.append(
            {
                "table": name,
                "source": self.t[name].source,
                "row": row,
                "date": day,
                "currency_original": code,
                "amount_original": cents / 100,
                "currency": self.currency,
                "amount": value / 100,
                "rate": rate,
                "rate_date": published,
                "basis": basis,
            }
        )

    def apply(self, name: str) -> None:
        """Write the conversions of one table: amounts, originals, quality; limits checked."""
        done = self.done[name]
        if not done:
            return
        tab, currency = self.t[name], self.currency
        f = tab.frame
        index, codes, original, booked, problems = (list(c) for c in zip(*done, strict=True))
        idx = pd.Index(index)
        raw = (tab.raw if tab.raw is not None else f)["amount"]
        booked_s = pd.Series(booked, index=idx, dtype="int64")
        original_s = pd.Series(original, index=idx, dtype="int64")
        for col, values in (("amount", booked_s), ("amount_original", original_s)):
            cents = tab.cents[col].copy()
            cents.loc[idx] = values
            tab.cents[col] = cents
            f.loc[idx, col] = euros(values)
        f.loc[idx, "currency_original"] = codes
        f.loc[idx, "currency"] = currency
        by_problem = pd.Series(problems, index=idx)
        for problem, rows in by_problem.groupby(by_problem, sort=True):
            tab.flag(f.loc[rows.index, ROW], "amount", raw[rows.index], str(problem), REPAIRED)
        ceiling = min(int(self.max_amount), MAX_EXACT_EUROS) * 100
        big = idx[booked_s.abs() > ceiling]
        tab.flag(f.loc[big, ROW], "amount", raw[big], ceiling_problem(self.max_amount), SET_ASIDE)
        if name == "invoices":
            nil = idx[booked_s == 0]
            problem = f"montant nul une fois converti en {currency} au centime"
            tab.flag(f.loc[nil, ROW], "amount", raw[nil], problem, SET_ASIDE)


def _source_booked(
    inv: WorkTable, currency: str, rates: dict[str, tuple[str, Fraction, float, pd.Timestamp]]
) -> None:
    """The booked rate ``B/O`` of the invoices a source booked itself (originals given)."""
    f = inv.frame
    given = inv.alive() & f["currency_original"].notna() & (f["currency"] == currency)
    idx = f.index[given]
    for inv_id, code, o, b in zip(
        f.loc[idx, "invoice_id"].tolist(),
        f.loc[idx, "currency_original"].tolist(),
        inv.cents["amount_original"][idx].astype("int64").tolist(),
        inv.cents["amount"][idx].astype("int64").tolist(),
        strict=True,
    ):
        if o > 0 and b > 0:
            rates.setdefault(inv_id, (code, Fraction(b, o), o / b, pd.NaT))


def _problem(code: str, currency: str, basis: str) -> str:
    """The quality text of a conversion: one per currency pair and basis."""
    how = "de référence BCE du jour de la pièce" if basis == DAY_RATE else "comptable de sa facture"
    return f"montant converti de {code} en {currency} au cours {how}"


_FIXES = {
    "unknown": "corriger le code de devise (code ISO à trois lettres coté par la BCE, par "
    "exemple USD) ou le faire correspondre dans recouvrement.yml "
    '(values: {{currency: {{"Dollar": USD}}}})',
    "history": f"mettre à jour {RATES_PACKAGE} (pip install -U {RATES_PACKAGE}) pour un "
    "historique BCE plus récent, ou saisir la ligne en {currency} au cours convenu",
    "none": "saisir la ligne en {currency} au cours convenu",
    "company": "déclarer une devise de société cotée par la BCE (currency: dans "
    "recouvrement.yml) ou saisir la ligne en {currency}",
}


def _failure(
    t: dict[str, WorkTable], key: tuple[str, str, str, str], rows: list, currency: str
) -> str:
    """One French message for the rows of a table that share a currency and a reason."""
    name, code, reason, fix = key
    rows = sorted(rows)
    shown = ", ".join(f"{r} ({fmt_date(day)})" for r, day in rows[:5])
    more = f" et {fmt_int(len(rows) - 5)} autre(s)" if len(rows) > 5 else ""
    lines = "ligne" if len(rows) == 1 else "lignes"
    return (
        f"{table_label(name, t[name].source)}, {lines} {shown}{more} : montant en {code} non "
        f"convertible en {currency} : {reason} ; {_FIXES[fix].format(currency=currency)}"
    )


def conversions_frame(records: list[dict[str, Any]], tables: dict[str, WorkTable]) -> pd.DataFrame:
    """:attr:`Ledger.conversions`: the conversions of the rows kept, in the quality's order.

    Columns ``table, source, row`` (as in the quality table), ``date`` (the document's
    day), ``currency_original, amount_original`` (the document's), ``currency, amount``
    (converted), ``rate`` (units of the original currency for one unit of the company's),
    ``rate_date`` (the ECB publication used; missing for a source-booked invoice's rate)
    and ``basis`` (``cours BCE du jour``, or ``cours de la facture`` for a payment, credit
    note or write-off of an invoice in the same currency).
    """
    kept = [r for r in records if r["row"] not in tables[r["table"]].set_aside]
    frame = pd.DataFrame.from_records(kept, columns=CONVERSION_COLUMNS)
    frame = frame.astype(
        {
            "table": "str",
            "source": "str",
            "row": "int64",
            "date": cv.DATE_DTYPE,
            "currency_original": "str",
            "amount_original": "float64",
            "currency": "str",
            "amount": "float64",
            "rate": "float64",
            "rate_date": cv.DATE_DTYPE,
            "basis": "str",
        }
    )
    order = frame["table"].map({name: i for i, name in enumerate(cv.TABLES)})
    frame = frame.iloc[np.lexsort((frame["row"].to_numpy(), order.to_numpy()))]
    return frame.reset_index(drop=True)


def canonical_currency(currency: str | None) -> str | None:
    """The declared currency as an ISO code (``€`` → ``EUR``, `` usd `` → ``USD``)."""
    if currency is None:
        return None
    text = str(currency).strip().upper()
    code = CURRENCY_TOKENS.get(text, text)
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValueError(
            f"devise de la société « {currency} » illisible : un code ISO de trois lettres est "
            "attendu, par exemple EUR ou USD (currency: dans recouvrement.yml)"
        )
    return code
