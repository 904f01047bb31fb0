"""Named conventions of the receivables audit: tables, columns, labels, defaults.

Everything a formula depends on that is a *choice* (bucket edges, labels, default
payment terms, significance threshold...) lives here as a named constant, so that
the KPI and aging code never carries a bare literal and the report's methodology
appendix can quote the value actually in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

#: Currency assumed when an invoice row does not say.
DEFAULT_CURRENCY = "EUR"

#: Payment terms (days after issue) used when an invoice has no due date.
DEFAULT_TERMS_DAYS = 30

#: Below this many debtors in a KPI's base, the KPI is flagged "non significatif".
MIN_DEBTORS_SIGNIFICANT = 10

#: dtype of every date column of the canonical tables.
DATE_DTYPE = "datetime64[ns]"

#: Kinds of debtor (DOMAIN.md: professional or private individual).
DEBTOR_KINDS = ("professionnel", "particulier")

# ---------------------------------------------------------------------------
# Canonical tables: column -> logical type. ``str`` ids, ``date``, ``money``
# (euros, two decimals), ``int``, ``text`` (free text), ``month`` (YYYY-MM).
# A column whose name ends with ``?`` is optional in the *input*; it is created
# empty when absent.
# ---------------------------------------------------------------------------
ColumnType = Literal["id", "date", "money", "int", "text", "month", "kind"]

TABLES: dict[str, dict[str, ColumnType]] = {
    "invoices": {
        "invoice_id": "id",
        "debtor_id": "id",
        "issue_date": "date",
        "due_date?": "date",
        "amount": "money",
        "currency?": "text",
    },
    "payments": {
        "payment_id?": "id",
        "debtor_id?": "id",
        "invoice_id?": "id",
        "date": "date",
        "amount": "money",
    },
    "credit_notes": {
        "credit_note_id?": "id",
        "debtor_id?": "id",
        "invoice_id?": "id",
        "date": "date",
        "amount": "money",
    },
    "write_offs": {
        "invoice_id": "id",
        "date": "date",
        "amount": "money",
    },
    "disputes": {
        "invoice_id": "id",
        "opened_date": "date",
        "resolved_date?": "date",
    },
    "debtors": {
        "debtor_id": "id",
        "name?": "text",
        "kind?": "kind",
        "sector?": "text",
        "credit_limit?": "money",
        "insolvency_date?": "date",
    },
    "actions": {
        "debtor_id?": "id",
        "invoice_id?": "id",
        "date": "date",
        "channel?": "text",
        "level": "int",
    },
    "costs": {
        "month": "month",
        "amount": "money",
    },
}

#: Tables without which no audit is possible.
MANDATORY_TABLES = ("invoices", "payments")

#: Optional tables, in the order reports list them.
OPTIONAL_TABLES = tuple(t for t in TABLES if t not in MANDATORY_TABLES)

#: French names of the tables, for messages and reports.
TABLE_LABELS_FR = {
    "invoices": "factures",
    "payments": "règlements",
    "credit_notes": "avoirs",
    "write_offs": "passages en perte",
    "disputes": "litiges",
    "debtors": "débiteurs",
    "actions": "relances",
    "costs": "coûts de recouvrement",
}


def columns(table: str) -> list[str]:
    """Canonical column names of ``table``, in order (without the ``?`` marker)."""
    return [c.rstrip("?") for c in TABLES[table]]


def required_columns(table: str) -> list[str]:
    """Columns that must be present in the input of ``table``."""
    return [c for c in TABLES[table] if not c.endswith("?")]


def column_types(table: str) -> dict[str, ColumnType]:
    """Mapping canonical column -> logical type for ``table``."""
    return {c.rstrip("?"): t for c, t in TABLES[table].items()}


# ---------------------------------------------------------------------------
# Aging buckets
# ---------------------------------------------------------------------------
NOT_DUE_LABEL = "Non échu"
UNAPPLIED_LABEL = "Non affecté"
TOTAL_LABEL = "Total"

#: Default edges of the aging buckets, in days past due (DOMAIN.md).
DEFAULT_BUCKETS = (30, 60, 90)


@dataclass(frozen=True)
class Buckets:
    """A bucket scheme: increasing edges in ``days`` or whole calendar ``months``.

    With edges ``(30, 60, 90)`` in days the labels are ``Non échu`` (age ≤ 0),
    ``1-30``, ``31-60``, ``61-90``, ``> 90``: a bucket ``a-b`` holds ages
    ``a ≤ age ≤ b``. With edges ``(2, 6)`` in months the labels are ``Non échu``,
    ``< 2 mois``, ``2-6 mois``, ``> 6 mois``: the age is the number of *complete*
    calendar months elapsed since the reference date, a bucket ``a-b mois`` holds
    ``a ≤ months < b``.
    """

    edges: tuple[int, ...] = DEFAULT_BUCKETS
    unit: Literal["days", "months"] = "days"

    def __post_init__(self) -> None:
        edges = tuple(int(e) for e in self.edges)
        if not edges:
            raise ValueError("a bucket scheme needs at least one edge")
        if any(e <= 0 for e in edges) or any(
            b <= a for a, b in zip(edges, edges[1:], strict=False)
        ):
            raise ValueError(
                f"bucket edges must be positive and strictly increasing, got {self.edges!r}"
            )
        if self.unit not in ("days", "months"):
            raise ValueError(f"bucket unit must be 'days' or 'months', got {self.unit!r}")
        object.__setattr__(self, "edges", edges)

    def labels(self, basis: str = "due") -> list[str]:
        """Labels of the buckets, youngest first.

        With ``basis="issue"`` (age since the issue date) there is no "not due"
        bucket: the first bucket starts at age 0.
        """
        e = self.edges
        if self.unit == "days":
            first = NOT_DUE_LABEL if basis == "due" else f"0-{e[0]}"
            middle = [f"{a + 1}-{b}" for a, b in zip(e, e[1:], strict=False)]
            if basis == "due":
                middle = [f"1-{e[0]}", *middle]
            return [first, *middle, f"> {e[-1]}"]
        first_label = f"< {e[0]} mois"
        middle = [f"{a}-{b} mois" for a, b in zip(e, e[1:], strict=False)]
        head = [NOT_DUE_LABEL, first_label] if basis == "due" else [first_label]
        return [*head, *middle, f"> {e[-1]} mois"]

    def describe(self) -> str:
        """One French sentence describing the scheme, for the methodology appendix."""
        unit = "jours" if self.unit == "days" else "mois calendaires complets"
        return f"tranches d'âge en {unit}, bornes {', '.join(str(e) for e in self.edges)}"


#: The month scheme of DOMAIN.md (``< 2 mois``, ``2-6 mois``, ``> 6 mois``).
MONTH_BUCKETS = Buckets((2, 6), unit="months")

#: Age segments of the recovery rate (DOMAIN.md): by months past due.
RECOVERY_SEGMENTS = MONTH_BUCKETS


def as_buckets(buckets: Buckets | tuple[int, ...] | list[int] | str | None) -> Buckets:
    """Normalise a ``buckets=`` argument.

    Accepts a :class:`Buckets`, a sequence of day edges, ``None`` (the default
    scheme) or a preset name: ``"jours"`` (30/60/90), ``"120"`` (30/60/90/120)
    or ``"mois"`` (2/6 months).
    """
    if buckets is None:
        return Buckets()
    if isinstance(buckets, Buckets):
        return buckets
    if isinstance(buckets, str):
        presets = {"jours": Buckets(), "120": Buckets((30, 60, 90, 120)), "mois": MONTH_BUCKETS}
        try:
            return presets[buckets]
        except KeyError:
            raise ValueError(
                f"unknown bucket preset {buckets!r}; choose one of {sorted(presets)} "
                "or give increasing edges such as (30, 60, 90, 120)"
            ) from None
    return Buckets(tuple(buckets))


def as_date(value: object, name: str = "as_of") -> pd.Timestamp:
    """Normalise a date argument (``str``, ``date``, ``Timestamp``) to a midnight Timestamp.

    Raises ``ValueError`` naming the argument when the value is not a date.
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name}={value!r} is not a date (expected e.g. '2025-03-31')") from exc
    if ts is pd.NaT or pd.isna(ts):
        raise ValueError(f"{name} is missing (got {value!r})")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def month_end(value: object) -> pd.Timestamp:
    """Last day of the month of ``value`` (accepts ``'2025-03'``)."""
    ts = as_date(value, "month")
    return (ts + pd.offsets.MonthEnd(0)).normalize()


def shift_months(as_of: pd.Timestamp, months: int) -> pd.Timestamp:
    """``as_of`` moved by ``months`` calendar months (negative = back).

    A month-end date stays a month end (31 March − 1 month = 28/29 February),
    any other date keeps its day where the target month has it.
    """
    if as_of == as_of + pd.offsets.MonthEnd(0):
        return (as_of + pd.offsets.MonthEnd(months)).normalize()
    return (as_of + pd.DateOffset(months=months)).normalize()
