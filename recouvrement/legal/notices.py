"""What the dunning log proves for the legal rules: formal notices and written claims.

Two rules of :mod:`recouvrement.legal` read the dunning log (``actions`` table):

- an individual owes interest at the legal rate from the **formal notice** (art. 1231-6
  code civil): the first registered letter (:func:`~recouvrement.conventions.channels.
  is_registered`) logged on the invoice or on its debtor (an action without invoice)
  after the due date — :func:`formal_notices`;
- a public buyer's debt is interrupted by any **written claim** about it (loi
  n° 68-1250, art. 2): any action logged on the invoice whose channel is named and is
  not a phone call (:func:`~recouvrement.conventions.channels.is_written`) —
  :func:`written_claims`. Actions logged on the debtor without invoice are not
  counted: the log does not say which debts they claimed, and the earliest deadline is
  kept.

Both read the actions dated on or before the audit date only. :func:`logged_actions`
and :func:`first_after` answer the same questions for whole columns of invoices at
once (the rule of each channel is evaluated once per distinct channel).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recouvrement.conventions.channels import is_registered, is_written
from recouvrement.ledger import Ledger


@dataclass(frozen=True)
class LoggedDates:
    """Dates of some logged actions, by invoice and by debtor (actions without invoice).

    Attributes
    ----------
    available : bool
        Whether the ledger has a dunning log (actions table).
    by_invoice, by_debtor : mapping
        Invoice id (debtor id) -> sorted tuple of the dates of its actions.

    """

    available: bool
    by_invoice: Mapping[str, tuple[pd.Timestamp, ...]] = field(default_factory=dict)
    by_debtor: Mapping[str, tuple[pd.Timestamp, ...]] = field(default_factory=dict)

    def dates(self, invoice_id: str, debtor_id: str | None = None) -> list[pd.Timestamp]:
        """Sorted dates of the actions on the invoice (and on ``debtor_id`` when given)."""
        found = list(self.by_invoice.get(invoice_id, ()))
        if debtor_id is not None:
            found += self.by_debtor.get(debtor_id, ())
        return sorted(found)

    def first_after(
        self, invoice_id: str, debtor_id: str | None, day: pd.Timestamp
    ) -> pd.Timestamp | None:
        """The first date strictly after ``day`` (``None`` when there is none)."""
        return next((d for d in self.dates(invoice_id, debtor_id) if d > day), None)


def channel_mask(channels: pd.Series, rule: Callable[[Iterable[object]], np.ndarray]) -> np.ndarray:
    """``rule`` (:func:`is_registered`, :func:`is_written`...) per row, once per channel value."""
    codes, uniques = pd.factorize(channels.astype("object"), use_na_sentinel=False)
    if not len(uniques):
        return np.zeros(len(channels), dtype=bool)
    return np.asarray(rule(list(uniques)), dtype=bool)[codes]


def logged_actions(
    ledger: Ledger, as_of: pd.Timestamp, which: Callable[[Iterable[object]], np.ndarray]
) -> pd.DataFrame | None:
    """The logged actions up to ``as_of`` whose channel ``which`` selects, dated.

    Returns ``debtor_id, invoice_id, date`` (the rows :func:`logged_dates` reads), or
    None without an actions table.
    """
    if not ledger.has("actions"):
        return None
    log = ledger.actions
    log = log.loc[
        (log["date"] <= as_of) & log["date"].notna(), ["debtor_id", "invoice_id", "date", "channel"]
    ]
    return log.loc[channel_mask(log["channel"], which), ["debtor_id", "invoice_id", "date"]]


def first_after(
    log: pd.DataFrame, invoice_ids: np.ndarray, debtor_ids: np.ndarray, days: np.ndarray
) -> np.ndarray:
    """Per query row: the first date of ``log`` strictly after its day, NaT when none.

    The dates counted for a row are those of the actions logged on its invoice and on
    its debtor without invoice (:meth:`LoggedDates.first_after` of every row at once);
    ``log`` is :func:`logged_actions`' frame.
    """
    found = np.full(len(days), np.datetime64("NaT"), dtype="datetime64[ns]")
    if not len(days) or not len(log):
        return found
    query = pd.DataFrame(
        {"row": np.arange(len(days)), "date": np.asarray(days, dtype="datetime64[ns]")}
    )
    on_invoice = log[log["invoice_id"].notna()]
    on_debtor = log[log["invoice_id"].isna() & log["debtor_id"].notna()]
    for rows, key, ids in (
        (on_invoice, "invoice_id", invoice_ids),
        (on_debtor, "debtor_id", debtor_ids),
    ):
        if not len(rows):
            continue
        right = pd.DataFrame(
            {"key": rows[key].astype("str").to_numpy(dtype=object), "date": rows["date"].to_numpy()}
        )
        right["found"] = right["date"]
        left = query.assign(key=np.asarray(ids, dtype=object))
        hit = pd.merge_asof(
            left.sort_values("date", kind="stable"),
            right.sort_values("date", kind="stable"),
            on="date",
            by="key",
            direction="forward",
            allow_exact_matches=False,
        )
        got = hit["found"].to_numpy(dtype="datetime64[ns]")
        pos = hit["row"].to_numpy()
        current = found[pos]
        better = ~np.isnat(got) & (np.isnat(current) | (got < current))
        found[pos[better]] = got[better]
    return found


def _grouped(keys: pd.Series, dates: pd.Series) -> dict[str, tuple[pd.Timestamp, ...]]:
    out: dict[str, list[pd.Timestamp]] = {}
    for key, day in zip(keys.astype("str"), dates, strict=True):
        out.setdefault(key, []).append(pd.Timestamp(day))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def logged_dates(
    ledger: Ledger, as_of: pd.Timestamp, which: Callable[[Iterable[object]], np.ndarray]
) -> LoggedDates:
    """The dates of the logged actions whose channel ``which`` selects, up to ``as_of``.

    Parameters
    ----------
    ledger : Ledger
        The ledger; without an actions table, ``available`` is False and nothing is found.
    as_of : Timestamp
        Actions dated after it are ignored.
    which : callable
        Boolean per channel (:func:`~recouvrement.conventions.channels.is_registered`,
        :func:`~recouvrement.conventions.channels.is_written`...).

    """
    if not ledger.has("actions"):
        return LoggedDates(available=False)
    log = ledger.actions
    log = log[(log["date"] <= as_of) & log["date"].notna()]
    log = log[which(log["channel"].tolist())] if len(log) else log
    on_invoice = log[log["invoice_id"].notna()]
    on_debtor = log[log["invoice_id"].isna() & log["debtor_id"].notna()]
    return LoggedDates(
        available=True,
        by_invoice=_grouped(on_invoice["invoice_id"], on_invoice["date"]),
        by_debtor=_grouped(on_debtor["debtor_id"], on_debtor["date"]),
    )


def formal_notices(ledger: Ledger, as_of: pd.Timestamp) -> LoggedDates:
    """The registered letters of the dunning log up to ``as_of`` (formal notices).

    Use :meth:`LoggedDates.first_after` with the invoice, its debtor and its due date:
    the formal notice of an invoice is the first registered letter logged on it or on
    its debtor after its due date.
    """
    return logged_dates(ledger, as_of, is_registered)


def written_claims(ledger: Ledger, as_of: pd.Timestamp) -> LoggedDates:
    """The written actions of the dunning log up to ``as_of`` (any named channel but a call).

    Use :meth:`LoggedDates.dates` with the invoice only: the claims logged on it.
    """
    return logged_dates(ledger, as_of, is_written)
