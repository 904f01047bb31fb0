"""The ledger contract: canonical tables validated with pandera, nothing lost.

A :class:`Ledger` holds the eight canonical tables of DOMAIN.md (only invoices and
payments are mandatory). Building one coerces each input column to its canonical
type, validates every row lazily with pandera, then applies the cross-table rules.
Each input row ends up either **kept** (possibly repaired by a documented rule) or
**set aside**; either way every problem is listed in :attr:`Ledger.quality` with the
table, source, row number, column, value and reason, and :attr:`Ledger.counts`
reconciles ``read = kept + set_aside`` per table.

Structural problems (missing mandatory column, no invoices) raise a single
:class:`LedgerError` listing them all.

Repair and set-aside rules (quoted in the report's data-quality section):

========================================  ==========================================
Problem                                   Treatment
========================================  ==========================================
unparseable date, amount or level         row set aside
missing mandatory value                   row set aside
amount ≤ 0 (invoice, payment, credit...)  row set aside
due date before issue date                row set aside
missing due date                          repaired: issue date + default terms
amount with more than 2 decimals          repaired: rounded to the cent
currency other than the ledger's          row set aside (no conversion)
duplicate invoice id                      first occurrence kept, others set aside
payment/credit note on unknown invoice    repaired: kept as unapplied (non affecté)
                                          for its debtor; set aside if no debtor
payment debtor ≠ invoice debtor           repaired: the invoice's debtor is used
write-off/dispute on unknown invoice      row set aside
action on unknown invoice                 repaired: debtor-level action if it has a
                                          debtor, otherwise set aside
duplicate debtor id                       first occurrence kept, others set aside
unknown debtor kind                       repaired: kind left empty (non renseigné)
dispute resolved before it was opened     row set aside
========================================  ==========================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from recouvrement import conventions as cv

QUALITY_COLUMNS = ["table", "source", "row", "column", "value", "problem", "action"]
COUNT_COLUMNS = ["table", "source", "read", "kept", "set_aside", "repaired"]

SET_ASIDE = "écartée"
REPAIRED = "corrigée"

_KIND_SYNONYMS = {
    "professionnel": "professionnel",
    "professionnelle": "professionnel",
    "pro": "professionnel",
    "b2b": "professionnel",
    "entreprise": "professionnel",
    "professional": "professionnel",
    "business": "professionnel",
    "particulier": "particulier",
    "part": "particulier",
    "b2c": "particulier",
    "private": "particulier",
    "individual": "particulier",
    "consumer": "particulier",
}

_ROW = "_row"


class LedgerError(ValueError):
    """Structural problems that make a ledger impossible to build.

    ``problems`` is the list of messages; the exception text lists them all, each
    naming the table, the file and how to fix the input.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"the ledger cannot be built ({len(self.problems)} problem(s)):\n{lines}")


@dataclass(frozen=True)
class ParseOptions:
    """How text values are parsed.

    Attributes
    ----------
    date_format : str or None
        A ``strptime`` format (e.g. ``"%d/%m/%Y"``, ``"%m/%d/%Y"``). ``None``
        accepts ISO 8601 and, failing that, ``dd/mm/yyyy`` (the French form);
        US ``m/d/yyyy`` dates are only read when this format says so.
    decimal : str or None
        ``","`` or ``"."``. ``None`` decides per value: the last of ``,``/``.``
        is the decimal separator, the other one a thousands separator.

    """

    date_format: str | None = None
    decimal: str | None = None


@dataclass
class _Table:
    """Work state of one table while a ledger is built."""

    name: str
    source: str
    frame: pd.DataFrame  # canonical columns + _row
    read: int
    problems: list[dict[str, Any]] = field(default_factory=list)
    set_aside: set[int] = field(default_factory=set)
    repaired: set[int] = field(default_factory=set)
    raw: pd.DataFrame | None = None  # the values as read, to quote them in the quality table

    def flag(
        self,
        rows: pd.Series | np.ndarray | list,
        column: str,
        values: Any,
        problem: str,
        action: str,
    ) -> None:
        """Record ``problem`` for ``rows`` (source row numbers); set aside or mark repaired."""
        rows = list(pd.Series(rows).astype("int64"))
        if not rows:
            return
        if isinstance(values, pd.Series):
            vals = [_show(v) for v in values.tolist()]
        else:
            vals = [_show(values)] * len(rows)
        for r, v in zip(rows, vals, strict=True):
            self.problems.append(
                {
                    "table": self.name,
                    "source": self.source,
                    "row": r,
                    "column": column,
                    "value": v,
                    "problem": problem,
                    "action": action,
                }
            )
        (self.set_aside if action == SET_ASIDE else self.repaired).update(rows)

    def alive(self) -> pd.Series:
        """Boolean mask of rows not (yet) set aside."""
        return ~self.frame[_ROW].isin(self.set_aside)


def _show(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


# ---------------------------------------------------------------------------
# Coercion of raw columns
# ---------------------------------------------------------------------------
def _blank_to_na(s: pd.Series) -> pd.Series:
    s = s.astype("str").str.strip()
    return s.mask(s.isin(["", "nan", "NaN", "None", "NaT", "<NA>"]))


def _parse_ids(raw: pd.Series) -> pd.Series:
    if pd.api.types.is_float_dtype(raw):
        # ids read as numbers by a spreadsheet: 1234.0 -> "1234"
        out = raw.map(
            lambda v: "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else str(v))
        )
        return _blank_to_na(out)
    return _blank_to_na(raw.where(raw.notna(), ""))


def _parse_dates(raw: pd.Series, opts: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Parse a date column; return (dates, mask of present-but-unparseable values)."""
    if pd.api.types.is_datetime64_any_dtype(raw):
        out = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) is not None else raw
        return out.dt.normalize().astype(cv.DATE_DTYPE), pd.Series(False, index=raw.index)
    text = _blank_to_na(raw.where(raw.notna(), ""))
    present = text.notna()
    if opts.date_format:
        out = pd.to_datetime(text, format=opts.date_format, errors="coerce")
    else:
        out = pd.to_datetime(text, format="ISO8601", errors="coerce")
        rest = out.isna() & present
        if rest.any():
            for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
                parsed = pd.to_datetime(text[rest], format=fmt, errors="coerce")
                out = out.where(~rest, parsed.reindex(out.index))
                rest = out.isna() & present
                if not rest.any():
                    break
    out = pd.Series(out, index=raw.index).dt.normalize().astype(cv.DATE_DTYPE)
    return out, present & out.isna()


_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009€$")


def _normalise_number(text: str, decimal: str | None) -> str:
    t = text.translate(_SPACES)
    if decimal == ",":
        return t.replace(".", "").replace(",", ".")
    if decimal == ".":
        return t.replace(",", "")
    # auto: the last of ',' / '.' is the decimal separator if the other is present
    if "," in t and "." in t:
        return (
            t.replace(".", "").replace(",", ".")
            if t.rfind(",") > t.rfind(".")
            else t.replace(",", "")
        )
    if t.count(",") == 1:
        return t.replace(",", ".")
    return t


def _parse_numbers(raw: pd.Series, opts: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Parse a numeric column; return (float values, mask of present-but-unparseable)."""
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        return raw.astype("float64"), pd.Series(False, index=raw.index)
    text = _blank_to_na(raw.where(raw.notna(), ""))
    present = text.notna()
    cleaned = text[present].map(lambda v: _normalise_number(v, opts.decimal))
    values = pd.to_numeric(cleaned, errors="coerce").reindex(raw.index).astype("float64")
    return values, present & values.isna()


def _parse_months(raw: pd.Series, opts: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Parse ``YYYY-MM`` / ``MM/YYYY`` / dates into ``period[M]``."""
    if isinstance(raw.dtype, pd.PeriodDtype):
        return raw.astype("period[M]"), pd.Series(False, index=raw.index)
    if pd.api.types.is_datetime64_any_dtype(raw):
        return raw.dt.to_period("M"), pd.Series(False, index=raw.index)
    text = _blank_to_na(raw.where(raw.notna(), ""))
    present = text.notna()
    out = pd.to_datetime(text, format="%Y-%m", errors="coerce")
    for fmt in ("%m/%Y", "%Y/%m", "%m-%Y"):
        rest = out.isna() & present
        if not rest.any():
            break
        out = out.where(
            ~rest, pd.to_datetime(text[rest], format=fmt, errors="coerce").reindex(out.index)
        )
    rest = out.isna() & present
    if rest.any():
        dates, _ = _parse_dates(text[rest], opts)
        out = out.where(~rest, dates.reindex(out.index))
    out = pd.Series(pd.to_datetime(out), index=raw.index)
    return out.dt.to_period("M"), present & out.isna()


_PARSE_REASON = {
    "date": "date illisible",
    "money": "montant illisible",
    "int": "nombre entier illisible",
    "month": "mois illisible (attendu AAAA-MM)",
}


def _coerce(table: _Table, opts: ParseOptions) -> None:
    """Coerce every canonical column of ``table.frame`` in place (on a copy)."""
    df = table.frame
    raw = df.copy()
    table.raw = raw
    for col, kind in cv.column_types(table.name).items():
        if kind == "id":
            df[col] = _parse_ids(raw[col])
        elif kind == "text":
            df[col] = _blank_to_na(raw[col].where(raw[col].notna(), ""))
        elif kind == "kind":
            text = _blank_to_na(raw[col].where(raw[col].notna(), ""))
            mapped = text.str.lower().map(_KIND_SYNONYMS)
            unknown = text.notna() & mapped.isna()
            table.flag(
                df.loc[unknown, _ROW],
                col,
                raw.loc[unknown, col],
                "type de débiteur inconnu (attendu professionnel ou particulier) : "
                "laissé non renseigné",
                REPAIRED,
            )
            df[col] = mapped
        elif kind == "date":
            df[col], bad = _parse_dates(raw[col], opts)
            table.flag(df.loc[bad, _ROW], col, raw.loc[bad, col], _PARSE_REASON[kind], SET_ASIDE)
        elif kind == "month":
            df[col], bad = _parse_months(raw[col], opts)
            table.flag(df.loc[bad, _ROW], col, raw.loc[bad, col], _PARSE_REASON[kind], SET_ASIDE)
        elif kind in ("money", "int"):
            values, bad = _parse_numbers(raw[col], opts)
            if kind == "int":
                frac = values.notna() & (values != values.round())
                bad = bad | frac
                values = values.where(~frac)
            table.flag(df.loc[bad, _ROW], col, raw.loc[bad, col], _PARSE_REASON[kind], SET_ASIDE)
            if kind == "money":
                cents = values * 100
                sub_cent = values.notna() & ((cents - cents.round()).abs() > 1e-6) & ~bad
                table.flag(
                    df.loc[sub_cent, _ROW],
                    col,
                    raw.loc[sub_cent, col],
                    "montant à plus de deux décimales : arrondi au centime",
                    REPAIRED,
                )
                values = values.round(2)
                df[col] = values
            else:
                df[col] = values.astype("Int64")
    table.frame = df


_EMPTY_DTYPES = {
    "id": "str",
    "text": "str",
    "kind": "str",
    "date": cv.DATE_DTYPE,
    "money": "float64",
    "int": "Int64",
    "month": "period[M]",
}


def _empty_typed(table: str) -> pd.DataFrame:
    """An empty frame with the canonical columns and dtypes of ``table``."""
    frame = pd.DataFrame(
        {c: pd.Series([], dtype=_EMPTY_DTYPES[k]) for c, k in cv.column_types(table).items()}
    )
    frame[_ROW] = pd.Series([], dtype="int64")
    return frame


# ---------------------------------------------------------------------------
# Row-level rules, declared with pandera
# ---------------------------------------------------------------------------
def _either(a: str, b: str):
    return pa.Check(lambda d: d[a].notna() | d[b].notna(), name=f"{a}_or_{b}", element_wise=False)


_POSITIVE = pa.Check(lambda s: s > 0, name="positive")
_NON_NEGATIVE = pa.Check(lambda s: s >= 0, name="non_negative")

_CHECKS: dict[str, dict[str, Any]] = {
    "invoices": {
        "columns": {"amount": [_POSITIVE]},
        "frame": [
            pa.Check(
                lambda d: (
                    d["due_date"].isna()
                    | d["issue_date"].isna()
                    | (d["due_date"] >= d["issue_date"])
                ),
                name="due_after_issue",
                element_wise=False,
            )
        ],
    },
    "payments": {"columns": {"amount": [_POSITIVE]}, "frame": [_either("invoice_id", "debtor_id")]},
    "credit_notes": {
        "columns": {"amount": [_POSITIVE]},
        "frame": [_either("invoice_id", "debtor_id")],
    },
    "write_offs": {"columns": {"amount": [_POSITIVE]}, "frame": []},
    "disputes": {
        "columns": {},
        "frame": [
            pa.Check(
                lambda d: (
                    d["resolved_date"].isna()
                    | d["opened_date"].isna()
                    | (d["resolved_date"] >= d["opened_date"])
                ),
                name="resolved_after_opened",
                element_wise=False,
            )
        ],
    },
    "debtors": {"columns": {"credit_limit": [_NON_NEGATIVE]}, "frame": []},
    "actions": {
        "columns": {"level": [_NON_NEGATIVE]},
        "frame": [_either("invoice_id", "debtor_id")],
    },
    "costs": {"columns": {"amount": [_NON_NEGATIVE]}, "frame": []},
}

_CHECK_REASON = {
    "not_nullable": "valeur obligatoire manquante",
    "positive": "montant nul ou négatif",
    "non_negative": "valeur négative",
    "due_after_issue": "échéance antérieure à la date de facture",
    "resolved_after_opened": "litige clos avant son ouverture",
    "invoice_id_or_debtor_id": "ni facture ni débiteur renseigné",
}

# column reported for a frame-wide check
_CHECK_COLUMN = {
    "due_after_issue": "due_date",
    "resolved_after_opened": "resolved_date",
    "invoice_id_or_debtor_id": "invoice_id",
}


def _schema(table: str) -> pa.DataFrameSchema:
    spec = _CHECKS[table]
    required = set(cv.required_columns(table))
    cols = {}
    for col in cv.columns(table):
        cols[col] = pa.Column(
            checks=spec["columns"].get(col, []),
            nullable=col not in required,
            required=True,
        )
    return pa.DataFrameSchema(cols, checks=spec["frame"], name=table)


def _validate_rows(table: _Table) -> None:
    """Run the pandera schema lazily; record each failing row once per reason."""
    df = table.frame
    try:
        _schema(table.name).validate(df.drop(columns=_ROW), lazy=True)
        return
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    cases = cases[cases["index"].notna()].copy()
    cases["check"] = cases["check"].astype("str").str.replace(r"\(.*$", "", regex=True)
    wide = cases["check"].isin(list(_CHECK_COLUMN))
    cases.loc[wide, "column"] = cases.loc[wide, "check"].map(_CHECK_COLUMN)
    cases = cases.drop_duplicates(["index", "check", "column"])
    already = {(p["row"], p["column"]) for p in table.problems}
    for (check, column), group in cases.groupby(["check", "column"], sort=True):
        idx = group["index"].astype("int64").to_numpy()
        rows = df.loc[idx, _ROW]
        keep = [(r, column) not in already for r in rows]
        rows, idx = rows[keep], idx[keep]
        source = table.raw if table.raw is not None else df
        table.flag(
            rows, column, source.loc[idx, column], _CHECK_REASON.get(check, check), SET_ASIDE
        )


# ---------------------------------------------------------------------------
# The ledger
# ---------------------------------------------------------------------------
class Ledger:
    """A validated receivables ledger.

    Parameters
    ----------
    invoices : DataFrame
        Canonical columns ``invoice_id, debtor_id, issue_date, due_date, amount,
        currency`` (``due_date`` and ``currency`` may be absent). Dates may be
        datetimes or text (ISO or ``dd/mm/yyyy``), amounts numbers or text
        (``1 234,56``).
    payments : DataFrame, optional
        One row per allocation: ``payment_id, debtor_id, invoice_id, date,
        amount``. An empty ``invoice_id`` is unapplied cash. ``None`` means "no
        payment at all" (an empty table).
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
    parse : ParseOptions, optional
        How text dates and amounts are read.
    meta : mapping, optional
        Free metadata (company name, sector, data folder...).
    read_problems : mapping, optional
        Table name -> source lines the reader could not split into fields
        (dicts with ``row``, ``value``, ``problem``); counted as read and set aside.

    Attributes
    ----------
    invoices, payments, credit_notes, write_offs, disputes, debtors, actions, costs : DataFrame
        The kept rows, with canonical columns and dtypes, index reset.
    quality : DataFrame
        Columns ``table, source, row, column, value, problem, action``: every
        problem found, with ``action`` ``"écartée"`` (set aside) or
        ``"corrigée"`` (repaired and kept).
    counts : DataFrame
        Per table: ``read``, ``kept``, ``set_aside``, ``repaired`` (rows kept after a
        repair); ``read == kept + set_aside`` always.
    provided : frozenset of str
        Tables that were given (even empty).
    currency : str
        The ledger's currency (the invoices' most frequent one, EUR by default).

    Raises
    ------
    LedgerError
        When a mandatory column is missing, or no invoice is given.

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
        parse: ParseOptions | None = None,
        meta: Mapping[str, Any] | None = None,
        read_problems: Mapping[str, list[dict[str, Any]]] | None = None,
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
            raise ValueError(f"default_terms_days must be ≥ 0, got {default_terms_days!r}")
        self.default_terms_days = int(default_terms_days)
        self._cache: dict[
            str, Any
        ] = {}  # derived arrays (see aging._prepare); frames are read-only
        self.meta = dict(meta or {})
        self.sources = dict(sources or {})
        self.provided = frozenset(
            name for name, frame in given.items() if frame is not None or name == "payments"
        )
        opts = parse or ParseOptions()
        rows = rows or {}

        structural: list[str] = []
        tables: dict[str, _Table] = {}
        for name, frame in given.items():
            source = self.sources.get(name, "DataFrame")
            if frame is None:
                frame = pd.DataFrame(columns=cv.columns(name))
            if not isinstance(frame, pd.DataFrame):
                structural.append(
                    f"{name}: expected a pandas DataFrame, got {type(frame).__name__}"
                )
                continue
            missing = [c for c in cv.required_columns(name) if c not in frame.columns]
            if missing:
                structural.append(
                    f"{name} ({source}): missing mandatory column(s) {', '.join(missing)}; "
                    f"found {', '.join(map(str, frame.columns)) or 'no column'}. Rename the source "
                    "columns or map them in the company's recouvrement.yml (tables: "
                    f"{name}: columns: ...)"
                )
                continue
            work = frame.loc[:, [c for c in frame.columns if c in cv.columns(name)]].copy()
            for col in cv.columns(name):
                if col not in work.columns:
                    work[col] = pd.Series(pd.NA, index=work.index, dtype="object")
            work = work[cv.columns(name)].reset_index(drop=True)
            row_numbers = rows.get(name)
            work[_ROW] = (
                np.arange(1, len(work) + 1)
                if row_numbers is None
                else np.asarray(row_numbers, dtype="int64")
            )
            table = _Table(name=name, source=source, frame=work, read=len(work))
            for bad in (read_problems or {}).get(name, []):
                # lines the reader could not split into fields: read, and set aside
                table.read += 1
                table.flag(
                    [bad["row"]],
                    bad.get("column", ""),
                    bad.get("value", ""),
                    bad["problem"],
                    SET_ASIDE,
                )
            tables[name] = table
        if "invoices" in tables and tables["invoices"].read == 0:
            structural.append(
                f"invoices ({tables['invoices'].source}): no invoice rows; "
                "an audit needs at least one invoice"
            )
        if structural:
            raise LedgerError(structural)

        for table in tables.values():
            if len(table.frame):
                _coerce(table, opts)
                _validate_rows(table)
            else:
                table.frame = _empty_typed(table.name)
        self._cross_table_rules(tables)

        for name, table in tables.items():
            kept = table.frame[table.alive()].drop(columns=_ROW).reset_index(drop=True)
            setattr(self, name, kept)
        self.quality = self._quality_frame(tables)
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
            raise AssertionError(f"row counts do not reconcile: {bad.to_dict('records')}")

    # -- cross-table rules ------------------------------------------------------
    def _cross_table_rules(self, t: dict[str, _Table]) -> None:
        inv = t["invoices"]
        df = inv.frame

        # the ledger's currency; other currencies are set aside (no conversion)
        df["currency"] = df["currency"].fillna(cv.DEFAULT_CURRENCY).str.upper()
        alive = inv.alive()
        counts = df.loc[alive, "currency"].value_counts()
        self.currency = str(counts.index[0]) if len(counts) else cv.DEFAULT_CURRENCY
        other = alive & (df["currency"] != self.currency)
        inv.flag(
            df.loc[other, _ROW],
            "currency",
            df.loc[other, "currency"],
            f"devise différente de celle du grand livre ({self.currency}) : pas de conversion",
            SET_ASIDE,
        )

        # duplicate invoice ids: the first occurrence is kept
        alive = inv.alive()
        dup = (
            alive
            & df["invoice_id"].notna()
            & df[alive].duplicated("invoice_id", keep="first").reindex(df.index, fill_value=False)
        )
        first_row = df[alive].drop_duplicates("invoice_id").set_index("invoice_id")[_ROW]
        inv.flag(
            df.loc[dup, _ROW],
            "invoice_id",
            df.loc[dup, "invoice_id"],
            "identifiant de facture en double",
            SET_ASIDE,
        )
        if dup.any():
            # say which row was kept
            for p in inv.problems:
                if p["problem"] == "identifiant de facture en double":
                    p["problem"] = (
                        "identifiant de facture en double "
                        f"(ligne {int(first_row[p['value']])} conservée)"
                    )

        # missing due date: issue date + default terms
        alive = inv.alive()
        no_due = alive & df["due_date"].isna()
        df.loc[no_due, "due_date"] = df.loc[no_due, "issue_date"] + pd.Timedelta(
            days=self.default_terms_days
        )
        inv.flag(
            df.loc[no_due, _ROW],
            "due_date",
            "",
            f"échéance manquante : date de facture + {self.default_terms_days} jours",
            REPAIRED,
        )

        known = df.loc[inv.alive()].set_index("invoice_id")["debtor_id"]

        def is_known(ids: pd.Series) -> pd.Series:
            # get_indexer on the (unique) kept ids: a hash join, fast on Arrow strings
            return pd.Series(known.index.get_indexer(ids) >= 0, index=ids.index)

        for name in ("payments", "credit_notes"):
            tab = t[name]
            f = tab.frame
            alive = tab.alive()
            has_inv = alive & f["invoice_id"].notna()
            unknown = has_inv & ~is_known(f["invoice_id"])
            orphan = unknown & f["debtor_id"].isna()
            tab.flag(
                f.loc[orphan, _ROW],
                "invoice_id",
                f.loc[orphan, "invoice_id"],
                "facture inconnue et débiteur non renseigné",
                SET_ASIDE,
            )
            unapplied = unknown & ~orphan
            tab.flag(
                f.loc[unapplied, _ROW],
                "invoice_id",
                f.loc[unapplied, "invoice_id"],
                "facture inconnue : montant conservé en non affecté pour le débiteur",
                REPAIRED,
            )
            f.loc[unapplied, "invoice_id"] = pd.NA
            matched = has_inv & ~unknown
            inv_debtor = f.loc[matched, "invoice_id"].map(known)
            differs = f.loc[matched, "debtor_id"].notna() & (
                f.loc[matched, "debtor_id"] != inv_debtor
            )
            idx = differs[differs].index
            tab.flag(
                f.loc[idx, _ROW],
                "debtor_id",
                f.loc[idx, "debtor_id"],
                "débiteur différent de celui de la facture : débiteur de la facture retenu",
                REPAIRED,
            )
            f.loc[matched, "debtor_id"] = inv_debtor
            self._fill_ids(tab, "payment_id" if name == "payments" else "credit_note_id")

        for name, problem in (
            ("write_offs", "passage en perte sur une facture inconnue"),
            ("disputes", "litige sur une facture inconnue"),
        ):
            tab = t[name]
            f = tab.frame
            unknown = tab.alive() & ~is_known(f["invoice_id"])
            tab.flag(
                f.loc[unknown, _ROW], "invoice_id", f.loc[unknown, "invoice_id"], problem, SET_ASIDE
            )

        acts = t["actions"]
        f = acts.frame
        alive = acts.alive()
        has_inv = alive & f["invoice_id"].notna()
        unknown = has_inv & ~is_known(f["invoice_id"])
        orphan = unknown & f["debtor_id"].isna()
        acts.flag(
            f.loc[orphan, _ROW],
            "invoice_id",
            f.loc[orphan, "invoice_id"],
            "relance sur une facture inconnue, sans débiteur",
            SET_ASIDE,
        )
        to_debtor = unknown & ~orphan
        acts.flag(
            f.loc[to_debtor, _ROW],
            "invoice_id",
            f.loc[to_debtor, "invoice_id"],
            "relance sur une facture inconnue : rattachée au débiteur",
            REPAIRED,
        )
        f.loc[to_debtor, "invoice_id"] = pd.NA
        matched = has_inv & ~unknown
        f.loc[matched, "debtor_id"] = f.loc[matched, "invoice_id"].map(known)

        deb = t["debtors"]
        f = deb.frame
        alive = deb.alive()
        dup = alive & f[alive].duplicated("debtor_id", keep="first").reindex(
            f.index, fill_value=False
        )
        deb.flag(
            f.loc[dup, _ROW],
            "debtor_id",
            f.loc[dup, "debtor_id"],
            "débiteur en double (première ligne conservée)",
            SET_ASIDE,
        )

    @staticmethod
    def _fill_ids(tab: _Table, col: str) -> None:
        """Give rows without an id a stable one built from their source row."""
        f = tab.frame
        missing = f[col].isna()
        prefix = {"payment_id": "P", "credit_note_id": "AV"}[col]
        f.loc[missing, col] = prefix + "-L" + f.loc[missing, _ROW].astype("str")

    @staticmethod
    def _quality_frame(tables: dict[str, _Table]) -> pd.DataFrame:
        records = [p for t in tables.values() for p in t.problems]
        q = pd.DataFrame.from_records(records, columns=QUALITY_COLUMNS)
        q["row"] = q["row"].astype("int64")
        order = {name: i for i, name in enumerate(cv.TABLES)}
        q = q.sort_values(
            ["table", "row", "column"], key=lambda s: s.map(order) if s.name == "table" else s
        )
        return q.reset_index(drop=True)

    # -- conveniences -------------------------------------------------------------
    def has(self, table: str) -> bool:
        """Whether ``table`` was provided (a provided table may be empty)."""
        if table not in cv.TABLES:
            raise ValueError(f"unknown table {table!r}; known tables: {', '.join(cv.TABLES)}")
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
