"""Prescription of open claims, per debtor regime: which invoices are prescribed or soon.

Each regime of :mod:`recouvrement.conventions.regimes` has its period: 5 years from the
due date between professionals (art. L.110-4 code de commerce), 2 years against an
individual (art. L.218-2 code de la consommation), 4 years from 1 January of the year
after the due date against a public buyer (déchéance quadriennale, loi n° 68-1250 of
31 December 1968, art. 1er). A part payment acknowledges the debt and starts the period
again (art. 2240 code civil); against a public buyer, any written claim about the debt
interrupts it too, and the period restarts on 1 January of the year after the
interruption (loi n° 68-1250, art. 2). :func:`prescription_watch` lists the open
invoices whose deadline falls within a horizon.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.channels import is_written
from recouvrement.conventions.law import (
    PART_PAYMENT_BASIS,
    PRESCRIPTION_BASIS,
    UNKNOWN_KIND_LABEL,
    WRITTEN_CLAIM_BASIS,
)
from recouvrement.conventions.regimes import Regime
from recouvrement.formatting import fmt_date
from recouvrement.legal.debtors import kinds_of, regime_codes
from recouvrement.legal.notices import logged_actions

#: Default horizon of :func:`prescription_watch` (months).
DEFAULT_HORIZON_MONTHS = 6

#: Columns of :func:`prescription_watch` and their dtypes, in order.
PRESCRIPTION_DTYPES = {
    "invoice_id": "str",
    "debtor_id": "str",
    "kind": "str",
    "regime": "str",
    "basis": "str",
    "due_date": cv.DATE_DTYPE,
    "residual": "float64",
    "last_payment_date": cv.DATE_DTYPE,
    "last_claim_date": cv.DATE_DTYPE,
    "start_date": cv.DATE_DTYPE,
    "prescription_years": "int64",
    "prescription_date": cv.DATE_DTYPE,
    "days_left": "int64",
    "prescribed": "bool",
    "note": "str",
}
PRESCRIPTION_COLUMNS = list(PRESCRIPTION_DTYPES)

#: Whether each regime's written claims interrupt its prescription (a public buyer's:
#: loi n° 68-1250, art. 2), by where its period starts.
_CLAIMS_INTERRUPT = {"january_next": True, "due_date": False}

_ONE_DAY = pd.Timedelta(days=1)


def last_day(regime: Regime, start: pd.Timestamp) -> pd.Timestamp:
    """The last day to act of a period of ``regime`` starting at ``start``.

    From a date (due date, part payment), that day is not counted (art. 2229 code
    civil): the last day is ``start + N years`` (5 years from 30/09/2020: 30/09/2025).
    From 1 January (déchéance quadriennale), that day is the first of the period: the
    last day is the 31 December ``N`` years later (from 01/01/2022: 31/12/2025).
    """
    end = start + pd.DateOffset(years=regime.prescription_years)
    return end - _ONE_DAY if regime.prescription_from == "january_next" else end


def deadline(
    regime: Regime,
    due: pd.Timestamp,
    payments: list[pd.Timestamp],
    claims: list[pd.Timestamp],
) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """``(start, last day to act, French interruption note)`` of one claim under ``regime``.

    Parameters
    ----------
    regime : Regime
        The debtor's regime (its period and where it starts).
    due : Timestamp
        The invoice's due date.
    payments : list of Timestamp
        Part payments allocated to the invoice (each acknowledges the debt).
    claims : list of Timestamp
        Written claims logged on the invoice (counted when the regime's claims
        interrupt, and only when made before the deadline then running: a claim does
        not revive a claim already prescribed).

    """
    start = regime.prescription_start(due)
    events = [(d, PART_PAYMENT_BASIS, "règlement partiel") for d in payments]
    if _CLAIMS_INTERRUPT[regime.prescription_from]:
        events += [(d, WRITTEN_CLAIM_BASIS, "réclamation écrite") for d in claims]
    note = ""
    for day, basis, what in sorted(events):
        if basis == WRITTEN_CLAIM_BASIS and day > last_day(regime, start):
            continue
        restart = regime.prescription_start(day)
        if restart > start:
            start = restart
            note = f"interrompue par {what} du {fmt_date(day)} ({basis})"
    return start, last_day(regime, start), note


def _period_note(regime: Regime) -> str:
    origin = (
        "du 1er janvier suivant l'échéance"
        if regime.prescription_from == "january_next"
        else "de l'échéance"
    )
    return (
        f"{regime.prescription_years} ans à compter {origin} ({regime.label}, "
        f"{PRESCRIPTION_BASIS[regime.kind]})"
    )


def prescription_watch(
    snap: Snapshot, *, horizon_months: int = DEFAULT_HORIZON_MONTHS
) -> pd.DataFrame:
    """Open invoices whose claim is prescribed or prescribes within the horizon.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date ``as_of`` (:class:`recouvrement.aging.Snapshot`).
    horizon_months : int
        Calendar months ahead of ``as_of`` to watch (default 6, ≥ 0).

    Returns
    -------
    DataFrame
        Columns :data:`PRESCRIPTION_COLUMNS`: ``invoice_id, debtor_id, kind``,
        ``regime`` (French label of the regime applied), ``basis`` (short legal
        basis), ``due_date, residual`` (euros at ``as_of``), ``last_payment_date``
        (last payment allocated to the invoice, NaT if none), ``last_claim_date``
        (last written claim logged on the invoice, public buyers only, NaT if none),
        ``start_date`` (start of the period running), ``prescription_years``,
        ``prescription_date`` (last day to act), ``days_left`` (negative: already
        prescribed), ``prescribed`` (bool) and ``note`` (French: the period, its
        article, what interrupted it). Sorted by ``prescription_date, invoice_id``.

    Notes
    -----
    Per regime (:func:`deadline`, :func:`last_day`):

    - professional: ``start`` = due date, last day ``start + 5 years`` (art. L.110-4
      code de commerce);
    - individual: ``start`` = due date, last day ``start + 2 years`` (art. L.218-2
      code de la consommation);
    - public buyer: ``start`` = 1 January of the year after the due date, last day
      the 31 December 4 years later (loi n° 68-1250, art. 1er).

    A part payment allocated to the invoice starts the period again (art. 2240 code
    civil): from its date, or for a public buyer from 1 January of the next year.
    Against a public buyer, a written claim logged on the invoice (any channel
    named, except a phone call: :mod:`recouvrement.conventions.channels`) does the
    same if made before the deadline then running (loi n° 68-1250, art. 2);
    actions logged on the debtor without invoice are not counted. Other reminders do
    not interrupt a prescription. When the kind is unknown, the earliest deadline of
    the regimes is kept (prudence). Listed when ``prescription_date ≤ as_of +
    horizon_months``; prescribed when ``as_of > prescription_date``.

    """
    ledger, day = snap.ledger, snap.as_of
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, int | np.integer):
        raise ValueError(f"horizon_months must be a whole number of months, got {horizon_months!r}")
    if horizon_months < 0:
        raise ValueError(f"horizon_months must be ≥ 0, got {horizon_months!r}")
    items = snap.items
    pay = ledger.payments
    pay = pay[pay["invoice_id"].notna() & (pay["date"] <= day)]
    claims = logged_actions(ledger, day, is_written)
    claims = claims[claims["invoice_id"].notna()] if claims is not None else None
    kinds = kinds_of(ledger, items["debtor_id"])
    invoice = items["invoice_id"].astype("str").to_numpy(dtype=object)
    due = items["due_date"].to_numpy(dtype="datetime64[ns]")
    own, regimes = regime_codes(kinds.to_numpy(dtype=object), due)

    # every regime a row may follow: its own, or every kind's when its kind is unknown
    unknown = np.flatnonzero(own < 0)
    options = [(np.flatnonzero(own >= 0), own[own >= 0])]
    for kind in cv.DEBTOR_KINDS:
        codes, _ = regime_codes(np.full(len(unknown), kind, dtype=object), due[unknown])
        options.append((unknown, codes))
    row = np.concatenate([r for r, _ in options])
    code = np.concatenate([c for _, c in options])
    start, presc, event, events = _deadlines(regimes, code, invoice[row], due[row], pay, claims)

    # the earliest deadline of each row (then the kind's name), as ``min`` in :func:`deadline`
    names = sorted({r.kind for r in regimes})
    kind_rank = np.array([names.index(r.kind) for r in regimes], dtype="int64")[code]
    order = np.lexsort((kind_rank, presc, row))
    first = np.ones(len(order), dtype=bool)
    first[1:] = row[order][1:] != row[order][:-1]
    pick = order[first]
    chosen, start, presc, event = code[pick], start[pick], presc[pick], event[pick]
    limit = np.datetime64(cv.shift_months(day, int(horizon_months)), "ns")
    keep = np.flatnonzero(presc <= limit)
    chosen, start, presc, event = chosen[keep], start[keep], presc[keep], event[keep]
    known = own[keep] >= 0
    interrupting = np.array([_CLAIMS_INTERRUPT[r.prescription_from] for r in regimes])[chosen]
    last_claim = _latest(claims, invoice[keep])
    out = pd.DataFrame(
        {
            "invoice_id": invoice[keep],
            "debtor_id": items["debtor_id"].astype("str").to_numpy(dtype=object)[keep],
            "kind": kinds.to_numpy(dtype=object)[keep],
            "regime": np.where(
                known,
                np.array([r.label for r in regimes], dtype=object)[chosen],
                UNKNOWN_KIND_LABEL,
            ),
            "basis": np.array([PRESCRIPTION_BASIS[r.kind] for r in regimes], dtype=object)[chosen],
            "due_date": due[keep],
            "residual": items["residual"].to_numpy()[keep],
            "last_payment_date": _latest(pay, invoice[keep]),
            "last_claim_date": np.where(interrupting, last_claim, np.datetime64("NaT", "ns")),
            "start_date": start,
            "prescription_years": np.array([r.prescription_years for r in regimes])[chosen],
            "prescription_date": presc,
            "days_left": (presc - np.datetime64(day, "ns")) // np.timedelta64(1, "D"),
            "prescribed": presc < np.datetime64(day, "ns"),
            "note": _notes(regimes, chosen, known, events, event),
        },
        columns=PRESCRIPTION_COLUMNS,
    )
    out = out.astype(PRESCRIPTION_DTYPES)
    return out.sort_values(["prescription_date", "invoice_id"], kind="stable").reset_index(
        drop=True
    )


def _latest(log: pd.DataFrame | None, invoice_ids: np.ndarray) -> np.ndarray:
    """Per invoice of ``invoice_ids``: the latest date of ``log`` on it, NaT when none."""
    if log is None or not len(log):
        return np.full(len(invoice_ids), np.datetime64("NaT"), dtype="datetime64[ns]")
    latest = log.groupby(log["invoice_id"].astype("str"))["date"].max()
    found = pd.Series(latest.to_numpy(dtype="datetime64[ns]"), index=latest.index.astype(object))
    return found.reindex(pd.Index(invoice_ids, dtype=object)).to_numpy(dtype="datetime64[ns]")


def _next_january(days: np.ndarray) -> np.ndarray:
    """1 January of the year after each day."""
    return (days.astype("datetime64[Y]") + 1).astype("datetime64[ns]")


def _last_days(regimes: tuple[Regime, ...], code: np.ndarray, start: np.ndarray) -> np.ndarray:
    """:func:`last_day` of each row's regime and period start, vectorised."""
    out = np.empty(len(start), dtype="datetime64[ns]")
    for c in np.unique(code).tolist():
        rows = code == c
        out[rows] = last_day(regimes[c], pd.DatetimeIndex(start[rows])).to_numpy()
    return out


def _deadlines(
    regimes: tuple[Regime, ...],
    code: np.ndarray,
    invoice: np.ndarray,
    due: np.ndarray,
    pay: pd.DataFrame,
    claims: pd.DataFrame | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    """:func:`deadline` of every row at once: period start, last day, the event that set it.

    Events (part payments, and written claims where the row's regime counts them) are
    taken in :func:`deadline`'s order, one rank at a time for every row together.
    Returns ``start``, ``last day``, the position in ``events`` of the interruption
    that set the start (-1: none), and ``events`` (``row, date, what``).
    """
    january = np.array([r.prescription_from == "january_next" for r in regimes], dtype=bool)
    start = np.where(january[code], _next_january(due), due)
    parts = [(pay, PART_PAYMENT_BASIS, "règlement partiel", np.ones(len(code), dtype=bool))]
    if claims is not None:
        parts.append((claims, WRITTEN_CLAIM_BASIS, "réclamation écrite", january[code]))
    frames = []
    for log, basis, what, counts in parts:
        pairs = pd.DataFrame(
            {"invoice": log["invoice_id"].astype("str").to_numpy(dtype=object), "date": log["date"]}
        ).merge(pd.DataFrame({"invoice": invoice, "row": np.arange(len(invoice))}), on="invoice")
        pairs = pairs[counts[pairs["row"].to_numpy()]]
        frames.append(pairs.assign(basis=basis, what=what)[["row", "date", "basis", "what"]])
    events = pd.concat(frames, ignore_index=True).sort_values(["row", "date", "basis", "what"])
    events = events.reset_index(drop=True)
    ev_row = events["row"].to_numpy(dtype="int64")
    ev_date = events["date"].to_numpy(dtype="datetime64[ns]")
    ev_claim = (events["basis"] == WRITTEN_CLAIM_BASIS).to_numpy(dtype=bool)
    rank = np.arange(len(ev_row)) - np.searchsorted(ev_row, ev_row, side="left")
    event = np.full(len(code), -1, dtype="int64")
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(rank.max() + 2 if len(rank) else 1))
    for k in range(len(bounds) - 1):
        pos = by_rank[bounds[k] : bounds[k + 1]]
        rows, days = ev_row[pos], ev_date[pos]
        late = ev_claim[pos] & (days > _last_days(regimes, code[rows], start[rows]))
        restart = np.where(january[code[rows]], _next_january(days), days)
        moves = ~late & (restart > start[rows])
        start[rows[moves]] = restart[moves]
        event[rows[moves]] = pos[moves]
    return start, _last_days(regimes, code, start), event, events


def _notes(
    regimes: tuple[Regime, ...],
    chosen: np.ndarray,
    known: np.ndarray,
    events: pd.DataFrame,
    event: np.ndarray,
) -> np.ndarray:
    """The French note of each row: its period, and what interrupted it (once per text)."""
    if not len(events):  # nothing interrupted any period
        events = pd.DataFrame({"date": [pd.NaT], "basis": [""], "what": [""]})
    moved = event >= 0
    at = np.maximum(event, 0)
    parts = pd.DataFrame(
        {
            "code": chosen,
            "known": known,
            "moved": moved,
            "date": np.where(
                moved, events["date"].to_numpy(dtype="datetime64[ns]")[at], np.datetime64("NaT")
            ),
            "basis": np.where(moved, events["basis"].to_numpy(dtype=object)[at], ""),
            "what": np.where(moved, events["what"].to_numpy(dtype=object)[at], ""),
        }
    )
    group = parts.groupby(list(parts.columns), sort=False, dropna=False).ngroup().to_numpy()
    _, first = np.unique(group, return_index=True)
    texts = []
    for r in parts.iloc[first].itertuples(index=False):
        note = _period_note(regimes[r.code])
        if not r.known:
            note = f"type de débiteur non renseigné : délai le plus court ({note})"
            note += " retenu par prudence"
        moved = f"interrompue par {r.what} du {fmt_date(r.date)} ({r.basis})" if r.moved else ""
        texts.append(" ; ".join(n for n in (note, moved) if n))
    return np.array(texts, dtype=object)[group]
