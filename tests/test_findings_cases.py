"""Shared cases of the findings tests: tiny KPI histories and one aged balance, by hand.

Not a test module of its own (it holds no test): the ``test_findings_*`` modules build
their inputs here. Every history is a tiny tidy frame with the columns of
``kpi_history`` and one to three month ends.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.conventions import TOTAL_LABEL, UNAPPLIED_LABEL, Buckets
from recouvrement.kpi import HISTORY_COLUMNS, KPI_LABELS

AUG, SEP, OCT = "2026-08-31", "2026-09-30", "2026-10-31"
UNITS = {
    "recovery_rate": "%",
    "unpaid_rate": "%",
    "activation_rate": "%",
    "dunning_coverage_rate": "%",
    "dso": "j",
    "average_days_delinquent": "j",
    "cei": "%",
    "cost_per_euro_collected": "ratio",
    "dispute_rate": "%",
    "doubtful_receivables": "€",
}
NO_REMINDERS = "non disponible : pas de table des relances"
NAMES = {"D1": "Alpha SA", "D2": "Bêta SARL", "D4": "Delta & Fils"}


def kpi(as_of, key, value, *, n_debtors=None, significant=True, reason=None) -> dict:
    """One history row; ``value=None`` makes the KPI unavailable (``reason`` optional)."""
    return {
        "as_of": pd.Timestamp(as_of),
        "key": key,
        "label": KPI_LABELS[key],
        "value": np.nan if value is None else value,
        "unit": UNITS[key],
        "numerator": np.nan,
        "denominator": np.nan,
        "n_debtors": n_debtors,
        "significant": significant,
        "available": value is not None,
        "reason": reason,
    }


def history(*rows: dict) -> pd.DataFrame:
    """A frame typed like ``kpi_history``."""
    frame = pd.DataFrame(list(rows), columns=HISTORY_COLUMNS)
    return frame.astype(
        {
            "as_of": "datetime64[ns]",
            "value": "float64",
            "numerator": "float64",
            "denominator": "float64",
            "n_debtors": "Int64",
            "significant": "bool",
            "available": "bool",
        }
    )


def two_months(key: str, before: float, after: float, **kw) -> pd.DataFrame:
    """The history of one KPI at 30/09/2026 (``before``) and 31/10/2026 (``after``)."""
    return history(kpi(SEP, key, before, **kw), kpi(OCT, key, after, **kw))


def october_balance() -> pd.DataFrame:
    """Aged balance at 31/10/2026, default buckets, amounts in euros.

    Overdue (buckets other than Non échu; Non affecté not netted):
    D1 1 000 + 5 000 = 6 000 (50,0 %), D2 3 000 (25,0 %), D3 2 000 (16,7 %), D4 1 000,
    D5 0 (not due only). Total overdue 12 000; top 3 = 11 000 = 91,7 %.
    > 90: D1 5 000 + D4 1 000 = 6 000 = 50,0 % of the overdue.
    Encours = Σ Total = 6 000 + 4 500 + 2 000 + 1 500 + 3 000 = 17 000.
    """
    labels = Buckets().labels()
    rows = {
        "D1": [0.0, 1000.0, 0.0, 0.0, 5000.0, 0.0],
        "D2": [2000.0, 3000.0, 0.0, 0.0, 0.0, -500.0],
        "D3": [0.0, 0.0, 2000.0, 0.0, 0.0, 0.0],
        "D4": [500.0, 0.0, 0.0, 0.0, 1000.0, 0.0],
        "D5": [3000.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[*labels, UNAPPLIED_LABEL])
    frame[TOTAL_LABEL] = frame.sum(axis=1)
    frame.index = pd.Index(frame.index, dtype="str", name="debtor_id")
    return frame
