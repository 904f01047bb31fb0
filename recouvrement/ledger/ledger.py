"""The :class:`Ledger`: eight canonical tables, validated, with nothing lost.

See :mod:`recouvrement.ledger` for the rules applied to bad rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.formatting import fmt_money
from recouvrement.ledger.checks import validate_rows
from recouvrement.ledger.convert import FxError, canonical_currency, conversions_frame
from recouvrement.ledger.errors import LedgerError
from recouvrement.ledger.inputs import work_tables
from recouvrement.ledger.parse import KIND_SYNONYMS, NS_RANGE, ParseOptions
from recouvrement.ledger.rules import CURRENCY_TABLES, apply_cross_table_rules
from recouvrement.ledger.table import (
    COUNT_COLUMNS,
    QUALITY_COLUMNS,
    ROW,
    WorkTable,
    coerce,
    empty_typed,
    quality_amounts,
)


class Ledger:
    """A validated receivables ledger.

    Parameters
    ----------
    invoices : DataFrame
        Canonical columns ``invoice_id, debtor_id, issue_date, due_date, amount,
        currency`` (``due_date`` and ``currency`` may be absent). Dates may be
        datetimes or text (ISO or ``dd/mm/yyyy``), amounts numbers or text
        (``1 234,56``, ``1,234.56 €``).
    payments : DataFrame, optional
        One row per allocation: ``payment_id, debtor_id, invoice_id, date,
        amount, currency``. An empty ``invoice_id`` is unapplied cash. ``None`` means
        "no payment at all" (an empty table).
    credit_notes, write_offs, disputes, debtors, actions, costs : DataFrame, optional
        Optional tables (see :data:`recouvrement.conventions.TABLES`). ``None``
        means "not provided": every KPI that needs the table says
        "non disponible".
    default_terms_days : int
        Payment terms used to repair a missing due date (default 30 days).
    sources : mapping, optional
        Table name -> source label (file name) used in the quality table.
    rows : mapping, optional
        Table name -> source row numbers (e.g. file line numbers), aligned with
        the frame; defaults to 1-based positions.
    parse : ParseOptions or mapping of str to ParseOptions, optional
        How text dates and amounts are read: one :class:`ParseOptions` for every
        table, or table name -> its options (tables not named use ``ParseOptions()``).
    meta : mapping, optional
        Free metadata (company name, sector, data folder...).
    read_problems : mapping, optional
        Table name -> source lines the reader could not split into fields
        (dicts with ``row``, ``value``, ``problem``); counted as read and set aside.
    limits : Limits, optional
        The plausible dates (:meth:`~recouvrement.conventions.Limits.window`, at the
        run date) and the amount ceiling; ``None`` is ``Limits()``.
    default_kind : str, optional
        The kind (``professionnel`` or ``particulier``) of a debtor the debtors table
        does not list, or lists without a kind (:meth:`kinds`).
    currency : str, optional
        The company's currency (ISO code); ``None``: the one the kept invoices state most
        often, ``EUR`` when none says. Other currencies are converted (:mod:`.fx`).

    Attributes
    ----------
    invoices, payments, credit_notes, write_offs, disputes, debtors, actions, costs : DataFrame
        The kept rows, with canonical columns and dtypes, index reset. Amounts are
        float units of :attr:`currency` for reading; their exact cents are :meth:`cents`.
        A converted row keeps ``amount_original`` and ``currency_original``.
    quality : DataFrame
        Columns ``table, source, row, column, value, problem, action``: every
        problem found, with ``action`` ``"écartée"`` (set aside) or
        ``"corrigée"`` (repaired and kept).
    quality_amounts : Series
        Aligned with :attr:`quality`: the amount of each line's row in euros, as read
        (NaN when its table has no amount or the amount is unreadable): the € impact
        of a row set aside.
    counts : DataFrame
        Per table: ``read``, ``kept``, ``set_aside``, ``repaired`` (rows kept after a
        repair); ``read == kept + set_aside`` always.
    provided : frozenset of str
        Tables that were given (even empty).
    currency, currency_declared : str, bool
        The company's currency (every amount of the frames), and whether it was given.
    conversions : DataFrame
        Each kept row converted from another currency, also a quality line ``corrigée``
        (:func:`~recouvrement.ledger.convert.conversions_frame`); empty when none.
    limits : Limits
        The plausibility bounds in force.
    window : (Timestamp, Timestamp)
        The plausible dates, both included (``limits.window()`` at the build).
    default_kind : str or None
        The default kind of a debtor, as given (canonical spelling).

    Raises
    ------
    LedgerError
        When a table is not a DataFrame, a mandatory column is missing or given
        twice, no invoice is given, or a row's currency has no ECB rate at its date
        (French messages naming table, lines, currency, date and fix, all at once).
    ValueError
        When ``default_terms_days`` is negative, ``default_kind`` is not a kind or
        ``currency`` is not a three-letter code.

    Notes
    -----
    Input frames are never modified. The rules applied to bad rows are listed in
    the module docstring and in the report's methodology appendix.

    """

    invoices: pd.DataFrame
    payments: pd.DataFrame
    credit_notes: pd.DataFrame
    write_offs: pd.DataFrame
    disputes: pd.DataFrame
    debtors: pd.DataFrame
    actions: pd.DataFrame
    costs: pd.DataFrame

    def __init__(
        self,
        invoices: pd.DataFrame,
        payments: pd.DataFrame | None = None,
        credit_notes: pd.DataFrame | None = None,
        write_offs: pd.DataFrame | None = None,
        disputes: pd.DataFrame | None = None,
        debtors: pd.DataFrame | None = None,
        actions: pd.DataFrame | None = None,
        costs: pd.DataFrame | None = None,
        *,
        default_terms_days: int = cv.DEFAULT_TERMS_DAYS,
        sources: Mapping[str, str] | None = None,
        rows: Mapping[str, Any] | None = None,
        parse: ParseOptions | Mapping[str, ParseOptions] | None = None,
        meta: Mapping[str, Any] | None = None,
        read_problems: Mapping[str, list[dict[str, Any]]] | None = None,
        limits: cv.Limits | None = None,
        default_kind: str | None = None,
        currency: str | None = None,
    ):
        given = {
            "invoices": invoices,
            "payments": payments,
            "credit_notes": credit_notes,
            "write_offs": write_offs,
            "disputes": disputes,
            "debtors": debtors,
            "actions": actions,
            "costs": costs,
        }
        if int(default_terms_days) < 0:
            raise ValueError(
                f"default_terms_days doit être positif ou nul (reçu {default_terms_days!r})"
            )
        self.default_terms_days = int(default_terms_days)
        self.default_kind = _canonical_kind(default_kind)
        declared = canonical_currency(currency)
        self.currency_declared = declared is not None
        self.limits = limits if limits is not None else cv.Limits()
        self.window = _plausible(self.limits)
        self.meta = dict(meta or {})
        self.sources = dict(sources or {})
        self.provided = frozenset(
            name for name, frame in given.items() if frame is not None or name == "payments"
        )
        tables, structural = work_tables(given, self.sources, rows or {}, read_problems or {})
        if structural:
            raise LedgerError(structural)

        for table in tables.values():
            if len(table.frame):
                coerce(table, _options(parse, table.name), self.limits, self.window)
                validate_rows(table)
            else:
                table.frame = empty_typed(table.name)
        try:
            self.currency, converted = apply_cross_table_rules(
                tables,
                self.default_terms_days,
                window=self.window,
                debtors_given="debtors" in self.provided,
                default_kind=self.default_kind,
                currency=declared,
                max_amount=self.limits.max_amount,
            )
        except FxError as err:
            raise LedgerError(err.problems) from None
        self._cents: dict[tuple[str, str], np.ndarray] = {}
        self._missing: set[tuple[str, str]] = set()  # money columns with missing amounts
        for name, table in tables.items():
            alive = table.alive()
            everyone = bool(alive.all())  # no row set aside: no row to drop
            frame = table.frame if everyone else table.frame[alive]
            kept = frame.drop(columns=ROW).reset_index(drop=True)
            setattr(self, name, kept)
            for col, kind in cv.column_types(name).items():
                if kind == "money":
                    cents = table.cents.get(col, pd.Series([], dtype="Int64"))
                    cents = cents if everyone else cents[alive]
                    exact = cents.to_numpy(dtype="int64", na_value=0)
                    exact.flags.writeable = False
                    self._cents[name, col] = exact
                    if cents.isna().any() and col != "amount_original":  # 0: not converted
                        self._missing.add((name, col))
        self._check_magnitude()
        self.quality = self._quality_frame(tables)
        self.quality_amounts = quality_amounts(tables, self.quality)
        self.conversions = conversions_frame(converted, tables)
        self.counts = pd.DataFrame(
            [
                {
                    "table": t.name,
                    "source": t.source,
                    "read": t.read,
                    "kept": int(t.alive().sum()),
                    "set_aside": len(t.set_aside),
                    "repaired": len(t.repaired - t.set_aside),
                }
                for t in tables.values()
            ],
            columns=COUNT_COLUMNS,
        )
        bad = self.counts[self.counts["read"] != self.counts["kept"] + self.counts["set_aside"]]
        if len(bad):  # pragma: no cover - an internal bug, never bad data
            raise AssertionError(
                f"erreur interne : lignes non rapprochées {bad.to_dict('records')}"
            )

    def _check_magnitude(self) -> None:
        """Refuse a ledger whose sums could not be exact (``cv.MAX_TOTAL_CENTS``).

        Each row is below ``limits.max_amount``, but thousands of rows near the ceiling
        could still sum beyond 2**53 cents, where float euros lose cents and int64 may
        overflow: such a ledger is refused rather than totalled approximately. A float sum
        decides at once when far enough below the bound (its rounding is ~1e-15 relative);
        only near it are the cents summed exactly, as Python integers.
        """
        amounts = [np.abs(self._cents[name, "amount"]) for name in CURRENCY_TABLES]
        if sum(float(a.sum(dtype=np.float64)) for a in amounts) < cv.MAX_TOTAL_CENTS * (1 - 1e-9):
            return
        total, bound = sum(int(a.sum(dtype=object)) for a in amounts), cv.MAX_TOTAL_CENTS
        if total > bound:
            limit, reached = (fmt_money(c // 100, self.currency, 0) for c in (bound, total))
            raise LedgerError(
                [
                    "montants trop grands pour être calculés au centime près : la somme des "
                    "factures, règlements, avoirs et pertes (en valeur absolue) atteint "
                    f"{reached}, au-delà de {limit} ; vérifier les montants "
                    "des fichiers (séparateur décimal, colonne décalée) ou abaisser "
                    "limits.max_amount dans recouvrement.yml"
                ]
            )

    @staticmethod
    def _quality_frame(tables: dict[str, WorkTable]) -> pd.DataFrame:
        records = [p for t in tables.values() for p in t.problems]
        q = pd.DataFrame.from_records(records, columns=QUALITY_COLUMNS)
        q = q.astype({c: "int64" if c == "row" else "str" for c in QUALITY_COLUMNS})
        order = {name: i for i, name in enumerate(cv.TABLES)}
        q = q.sort_values(
            ["table", "row", "column"], key=lambda s: s.map(order) if s.name == "table" else s
        )
        return q.reset_index(drop=True)

    # -- exact amounts and debtor kinds ---------------------------------------------
    def cents(self, table: str, column: str = "amount") -> np.ndarray:
        """The exact amounts of ``table.column`` in integer cents, one per kept row.

        Parameters
        ----------
        table : str
            A canonical table (``invoices``, ``payments``...).
        column : str
            One of its money columns (default ``amount``).

        Returns
        -------
        ndarray of int64
            Read-only, aligned with the rows of ``getattr(ledger, table)``; the ceiling and
            the ledger-wide bound (2**53 cents) keep the frames' float euros exact too.
            ``amount_original``: 0 on a row in the company's currency.

        Raises
        ------
        ValueError
            Not a money column of ``table``, or a column with missing amounts
            (``debtors.credit_limit``: read the frame).

        """
        self.has(table)
        if (table, column) not in self._cents:
            money = [c for c, k in cv.column_types(table).items() if k == "money"]
            raise ValueError(
                f"{column!r} n'est pas une colonne de montants de la table {table} "
                f"(colonnes de montants : {', '.join(money) or 'aucune'})"
            )
        if (table, column) in self._missing:
            raise ValueError(
                f"{table}.{column} a des montants manquants : lire la colonne du tableau "
                f"(ledger.{table}[{column!r}])"
            )
        return self._cents[table, column]

    def kinds(self) -> pd.Series:
        """Each debtor's kind: ``professionnel``, ``particulier`` or missing.

        Returns
        -------
        Series
            Indexed by ``debtor_id`` (``str``; every debtor of the kept invoices and of
            the debtors table, sorted), named ``kind``: the debtors table's kind, else
            ``default_kind`` (for a debtor the table does not list or lists without a
            kind), else missing.

        """
        listed = self.debtors.drop_duplicates("debtor_id").set_index("debtor_id")["kind"]
        ids = pd.Index(
            sorted(set(self.invoices["debtor_id"].dropna()) | set(listed.index)),
            dtype="str",
            name="debtor_id",
        )
        kinds = listed.reindex(ids)
        if self.default_kind is not None:
            kinds = kinds.fillna(self.default_kind)
        return pd.Series(kinds.to_numpy(dtype=object), index=ids, name="kind", dtype="str")

    # -- conveniences -------------------------------------------------------------
    def has(self, table: str) -> bool:
        """Whether ``table`` was provided (a provided table may be empty)."""
        if table not in cv.TABLES:
            raise ValueError(f"table inconnue {table!r} ; tables connues : {', '.join(cv.TABLES)}")
        return table in self.provided

    @property
    def debtor_names(self) -> pd.Series:
        """Debtor id -> name, debtors without a name left out (``str`` Series, may be empty)."""
        deb = self.debtors
        named = deb[deb["name"].notna()]
        return pd.Series(
            named["name"].to_numpy(),
            index=pd.Index(named["debtor_id"].to_numpy(), name="debtor_id", dtype="str"),
            name="name",
            dtype="str",
        )

    @property
    def name(self) -> str:
        """Display name of the audited company (``meta['name']``, else ``'—'``)."""
        return str(self.meta.get("name") or self.meta.get("company") or "—")

    def __repr__(self) -> str:
        parts = ", ".join(f"{n}={len(getattr(self, n))}" for n in cv.TABLES if self.has(n))
        return f"<Ledger {self.name!s}: {parts}; {len(self.quality)} quality finding(s)>"


def _options(parse: ParseOptions | Mapping[str, ParseOptions] | None, table: str) -> ParseOptions:
    """The read options of ``table``: the one given for all, its own, or the defaults."""
    if parse is None:
        return ParseOptions()
    if isinstance(parse, ParseOptions):
        return parse
    return parse.get(table) or ParseOptions()


def _plausible(limits: cv.Limits) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``limits.window()`` at the run date, kept inside pandas' nanosecond dates."""
    low, high = limits.window()
    return max(low, NS_RANGE[0]), min(high, NS_RANGE[1])


def _canonical_kind(kind: str | None) -> str | None:
    """``default_kind`` in its canonical spelling (``pro`` -> ``professionnel``)."""
    if kind is None:
        return None
    canonical = KIND_SYNONYMS.get(str(kind).strip().lower())
    if canonical is None:
        raise ValueError(
            f"default_kind « {kind} » inconnu : professionnel ou particulier est attendu "
            "(default_debtor_kind dans recouvrement.yml)"
        )
    return canonical
