"""Named conventions of the receivables audit: the bottom layer of the package.

Everything a formula depends on that is a *choice* lives here as a named constant
or as a data file read through :mod:`~recouvrement.conventions.data`:

- :mod:`~recouvrement.conventions.tables`: the data contract (canonical tables and
  columns, French labels, default payment terms, significance threshold);
- :mod:`~recouvrement.conventions.buckets`: aging bucket schemes and their labels;
- :mod:`~recouvrement.conventions.dates`: as-of dates, month ends, the audited month;
- :mod:`~recouvrement.conventions.law`: French legal constants (indemnity, prescription...);
- :mod:`~recouvrement.conventions.regimes`: the legal regime of each kind of debtor (data);
- :mod:`~recouvrement.conventions.risk`: the names of the risk classes;
- :mod:`~recouvrement.conventions.limits`: plausibility bounds (dates, amounts, letters);
- :mod:`~recouvrement.conventions.data`: the one reader of the package's data files.

This package imports nothing else of the project; every other layer may import it.
"""

from recouvrement.conventions.buckets import (
    BUCKET_PRESETS,
    DEFAULT_BUCKETS,
    MONTH_BUCKETS,
    NOT_DUE_LABEL,
    RECOVERY_SEGMENTS,
    TOTAL_LABEL,
    UNAPPLIED_LABEL,
    Buckets,
    as_buckets,
)
from recouvrement.conventions.dates import (
    ACTIVITY_DATES,
    MONTH_RE,
    as_date,
    last_activity_date,
    month_end,
    month_of,
    next_business_day,
    parse_month,
    shift_months,
)
from recouvrement.conventions.limits import MAX_AMOUNT_CEILING_EUR, MAX_TOTAL_CENTS, Limits
from recouvrement.conventions.tables import (
    COLUMN_LABELS_FR,
    DATE_DTYPE,
    DEBTOR_KINDS,
    DEFAULT_CURRENCY,
    DEFAULT_TERMS_DAYS,
    INVOICE_ORIGINS,
    MANDATORY_TABLES,
    MIN_DEBTORS_SIGNIFICANT,
    NON_CASH_ORIGINS,
    OPTIONAL_TABLES,
    PROCEDURE_KINDS,
    TABLE_LABELS_FR,
    TABLES,
    ColumnType,
    column_types,
    columns,
    required_columns,
)

__all__ = [
    "MAX_AMOUNT_CEILING_EUR",
    "MAX_TOTAL_CENTS",
    "ACTIVITY_DATES",
    "BUCKET_PRESETS",
    "DATE_DTYPE",
    "DEBTOR_KINDS",
    "PROCEDURE_KINDS",
    "INVOICE_ORIGINS",
    "NON_CASH_ORIGINS",
    "DEFAULT_BUCKETS",
    "DEFAULT_CURRENCY",
    "DEFAULT_TERMS_DAYS",
    "MANDATORY_TABLES",
    "MIN_DEBTORS_SIGNIFICANT",
    "MONTH_BUCKETS",
    "MONTH_RE",
    "NOT_DUE_LABEL",
    "OPTIONAL_TABLES",
    "RECOVERY_SEGMENTS",
    "TABLES",
    "COLUMN_LABELS_FR",
    "TABLE_LABELS_FR",
    "TOTAL_LABEL",
    "UNAPPLIED_LABEL",
    "Buckets",
    "ColumnType",
    "Limits",
    "as_buckets",
    "as_date",
    "column_types",
    "last_activity_date",
    "columns",
    "month_end",
    "next_business_day",
    "month_of",
    "parse_month",
    "required_columns",
    "shift_months",
]
