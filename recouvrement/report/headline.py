"""The headline figures of a report: the one contract between notebook, manifest and index.

The report notebook computes its :class:`Headline` once (from the very figures it
prints) and displays it; the display stores it in the executed notebook under the
MIME type :data:`HEADLINE_MIME`, which the report template prints nothing for. The
runner reads it back, checks it (:meth:`Headline.from_json`) and writes it into the
report's ``manifest.json``; the index page reads it from there. One typed object, so
a figure renamed or forgotten is an error, never a blank cell.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from recouvrement.formatting import is_missing

#: MIME type of the headline figures in an executed notebook.
HEADLINE_MIME = "application/vnd.recouvrement.headline+json"


@dataclass(frozen=True)
class Headline:
    """Headline figures of one report (euros TTC, percent, days; ``None`` = not available).

    Attributes
    ----------
    company, company_name, month, month_label, as_of, stamp : str
        Who and when: company id and display name, ``YYYY-MM`` and ``octobre 2026``,
        as-of date ``YYYY-MM-DD``, reproducibility stamp.
    encours : float
        Net receivable at the as-of date (the aged balance's Total: open invoices +
        unapplied).
    overdue, over_90, open_invoices_amount, unapplied : float
        Overdue open invoices, the oldest bucket, all open invoices, the unapplied
        column (≤ 0).
    overdue_share : float or None
        Overdue / open invoices × 100 (``None`` when nothing is open).
    debtors_with_balance, open_invoices, quality_findings, rows_set_aside : int
        Counts.
    reconciled : bool
        The aged balance reconciles with the ledger to the cent.
    recovery_rate_3m, dso, average_days_delinquent, cei, dispute_rate : float or None
        KPIs of the report (percent or days).
    undunned_share : float or None
        Share of the invoices to dun that had no reminder (percent).
    total_claimable : float or None
        Late-payment penalties and indemnities claimable (euros).
    debtors_at_risk, letters : int
        Debtors rated « à risque »; letter drafts attached.
    consultant : str or None
        Who signs the report (``report: consultant:``): the PDF's author.

    """

    company: str
    company_name: str
    month: str
    month_label: str
    as_of: str
    stamp: str
    encours: float | None = None
    overdue: float | None = None
    overdue_share: float | None = None
    open_invoices_amount: float | None = None
    over_90: float | None = None
    unapplied: float | None = None
    debtors_with_balance: int | None = None
    open_invoices: int | None = None
    quality_findings: int | None = None
    rows_set_aside: int | None = None
    reconciled: bool | None = None
    recovery_rate_3m: float | None = None
    dso: float | None = None
    average_days_delinquent: float | None = None
    cei: float | None = None
    dispute_rate: float | None = None
    undunned_share: float | None = None
    total_claimable: float | None = None
    debtors_at_risk: int | None = None
    letters: int | None = None
    consultant: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON-able dict (NaN and infinities as ``None``)."""
        return {f.name: _jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Headline:
        """A headline read back from a notebook output or a manifest.

        Raises
        ------
        ValueError
            When a key is unknown or an identity field (company, month...) is missing.

        """
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"unknown headline figure(s): {', '.join(unknown)}")
        required = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
        missing = [k for k in required if data.get(k) in (None, "")]
        if missing:
            raise ValueError(f"headline without {', '.join(missing)}")
        return cls(**{k: data[k] for k in names if k in data})

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return {HEADLINE_MIME: self.to_json()}


def _jsonable(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    json.dumps(value)  # fail early on anything that is not JSON
    return value


def headline_of(outputs: Mapping[str, Any]) -> Headline | None:
    """The :class:`Headline` in a notebook output's ``data`` bundle, if it holds one."""
    data = outputs.get(HEADLINE_MIME)
    return None if data is None else Headline.from_json(data)
