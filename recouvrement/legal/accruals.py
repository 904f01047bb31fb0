"""Simple interest of many invoices at once: whole-column integer arithmetic.

:func:`accrue` gives, for every row of its arrays (one invoice each), what
:func:`~recouvrement.legal.accrual.regime_interest` gives for one invoice — the same
cents, rates, detail and first and last days — without a Python loop over the
invoices: the days of lateness are cut into periods of constant residual within one
half-year (:func:`~recouvrement.legal.accrual.segments`) for every invoice at once, each
period's ``residual × days × rate`` is an exact integer over a denominator common to
every rate used, and each invoice's sum is rounded half up to the cent once, in integer
arithmetic. Only the distinct half-years, rates and days are handled one by one (to
read a rate table, to write a date in French).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from recouvrement.conventions.law import DAY_COUNT_DAYS, PENALTY_BASIS
from recouvrement.conventions.regimes import Regime
from recouvrement.formatting import fmt_date, fmt_pct
from recouvrement.legal.accrual import exact_rate
from recouvrement.legal.penalty import PenaltyRate, contractual_applies, regime_rate
from recouvrement.legal.rates import RateTableError, half_year_label

__all__ = ["Accruals", "accrue", "day_numbers", "half_year_index", "half_year_first_day"]

#: The largest integer the int64 path may hold (else exact Python integers are used).
_INT64_SAFE = 2**62


class Accruals(NamedTuple):
    """The interest of each row of :func:`accrue` (arrays of the rows' length).

    ``cents`` (object array of Python ints: rounded half up once; 0 when no day bears
    interest), ``error`` (object: the French message of a
    :class:`~recouvrement.legal.rates.RateTableError`, ``""`` when none), ``first`` and
    ``last`` (datetime64[ns], first and last day bearing interest, NaT when none),
    ``rate`` (float64, the rate of the last half-year charged, NaN when none),
    ``detail`` (object, French, per half-year), ``floor_applied`` and ``provisional``
    (bool), ``provisional_note`` (object, the distinct notes of the provisional rates).
    """

    cents: np.ndarray
    error: np.ndarray
    first: np.ndarray
    last: np.ndarray
    rate: np.ndarray
    detail: np.ndarray
    floor_applied: np.ndarray
    provisional: np.ndarray
    provisional_note: np.ndarray


def day_numbers(dates: np.ndarray) -> np.ndarray:
    """Dates (datetime64, no NaT) as int64 days since 1970-01-01."""
    return np.asarray(dates).astype("datetime64[D]").astype("int64")


def half_year_index(days: np.ndarray) -> np.ndarray:
    """The half-year of each day (int64 days): 0 for the first half of 1970, 1 for its second..."""
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype("int64")
    return months // 6


def half_year_first_day(index: np.ndarray) -> np.ndarray:
    """The first day (int64 days) of each half-year of :func:`half_year_index`."""
    months = np.datetime64("1970-01", "M") + (np.asarray(index, dtype="int64") * 6).astype(
        "timedelta64[M]"
    )
    return months.astype("datetime64[D]").astype("int64")


def _group_starts(keys: np.ndarray) -> np.ndarray:
    """Positions where a run of equal ``keys`` (sorted) starts."""
    return np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys[:0]


def _rates(
    regimes: Sequence[Regime], pairs: np.ndarray, contractual_rate: float | None
) -> tuple[list[PenaltyRate | None], list[str]]:
    """The :class:`PenaltyRate` (or the error message) of each ``(regime code, half-year)``."""
    found: list[PenaltyRate | None] = []
    errors: list[str] = []
    for code, k in pairs.tolist():
        regime = regimes[code]
        start = pd.Timestamp(int(half_year_first_day(np.array([k]))[0]), unit="D")
        try:
            pr = regime_rate(
                regime, start, contractual_rate if contractual_applies(regime) else None
            )
        except RateTableError as exc:
            found.append(None)
            errors.append(str(exc))
        else:
            found.append(pr)
            errors.append("")
    return found, errors


def accrue(
    regimes: Sequence[Regime],
    codes: np.ndarray,
    amount: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    ev_row: np.ndarray,
    ev_date: np.ndarray,
    ev_amount: np.ndarray,
    contractual_rate: float | None = None,
) -> Accruals:
    """The interest of each row under its regime, from the day after ``start`` to ``stop``.

    Parameters
    ----------
    regimes : sequence of Regime
        The regimes the rows use.
    codes : ndarray of int
        Per row, the index of its regime in ``regimes``.
    amount : ndarray of int64
        Amount invoiced per row, cents.
    start, stop : ndarray of datetime64
        Per row, as ``start`` and ``stop`` of
        :func:`~recouvrement.legal.accrual.regime_interest` (no NaT).
    ev_row, ev_date, ev_amount : ndarray
        The payments, credit notes and write-offs of the rows' invoices: row index,
        date, cents (positive), in any order.
    contractual_rate : float, optional
        Checked; applied where the regime allows it (professionals).

    Returns
    -------
    Accruals
        Row ``j`` holds what ``regime_interest`` returns for invoice ``j`` (``cents``,
        the last rate, the detail, the first and last days), or the message of the
        :class:`~recouvrement.legal.rates.RateTableError` it raises.

    Notes
    -----
    Per invoice, with periods ``p`` of constant residual ``R_p`` (cents) and ``n_p`` days
    within one half-year of rate ``r_p = a_p / Q`` (percent per year, exact: every rate
    is a decimal, ``Q`` the least common denominator of the rates used)::

        cents = floor((2 × Σ R_p × n_p × a_p + 36 500 Q) / (2 × 36 500 Q))

    which is ``Σ R_p × n_p × r_p / (100 × 365)`` rounded half up, computed in int64 when
    every product is below 2**62 and with exact Python integers otherwise.

    """
    n = len(amount)
    s, t = day_numbers(start), day_numbers(stop)
    amount = np.asarray(amount, dtype="int64")
    codes = np.asarray(codes, dtype="int64")
    cents = np.zeros(n, dtype="object")
    cents[:] = 0
    error = np.full(n, "", dtype="object")
    first = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    last = first.copy()
    rate = np.full(n, np.nan)
    detail = np.full(n, "", dtype="object")
    floor = np.zeros(n, dtype=bool)
    provisional = np.zeros(n, dtype=bool)
    note = np.full(n, "", dtype="object")
    out = Accruals(cents, error, first, last, rate, detail, floor, provisional, note)
    rows = np.flatnonzero(t > s)
    if not len(rows):
        return out

    # half-year pieces [a, b] of each row's days s + 1 .. t
    h0 = half_year_index(s[rows] + 1)
    count = half_year_index(t[rows]) - h0 + 1
    p_row = np.repeat(rows, count)
    p_h0 = np.repeat(h0, count)
    p_k = p_h0 + np.arange(len(p_row)) - np.repeat(np.cumsum(count) - count, count)
    p_a = np.maximum(s[p_row] + 1, half_year_first_day(p_k))
    fixed = np.array([r.rate_fixing == "start" for r in regimes], dtype=bool)[codes[p_row]]
    p_rate_k = np.where(fixed, p_h0, p_k)

    # cuts: each piece's first day, the day after each event within the days, the end
    ev_row = np.asarray(ev_row, dtype="int64")
    ev_day = day_numbers(ev_date) if len(ev_row) else np.zeros(0, dtype="int64")
    ev_amount = np.asarray(ev_amount, dtype="int64")
    inside = (ev_day + 1 > s[ev_row] + 1) & (ev_day + 1 <= t[ev_row]) & (t[ev_row] > s[ev_row])
    lo = int(min(s[rows].min(), ev_day.min() if len(ev_day) else 0))
    width = int(max(t[rows].max(), ev_day.max() if len(ev_day) else 0)) - lo + 3
    cut_row = np.concatenate([p_row, ev_row[inside], rows])
    cut_day = np.concatenate([p_a, ev_day[inside] + 1, t[rows] + 1])
    cut_key = np.unique(cut_row * width + (cut_day - lo))
    c_row, c_day = cut_key // width, cut_key % width + lo
    starts = np.flatnonzero(c_row[:-1] == c_row[1:])  # a segment: a cut and the next one
    g_row, g_first, g_len = c_row[starts], c_day[starts], c_day[starts + 1] - c_day[starts]

    # residual on each segment's first day: amount − Σ events of the row dated before it
    order = np.lexsort((ev_day, ev_row))
    e_key = ev_row[order] * width + (ev_day[order] - lo)
    cum = np.r_[0, np.cumsum(ev_amount[order])]
    before = cum[np.searchsorted(e_key, g_row * width + (g_first - lo), side="left")]
    g_res = amount[g_row] - (before - cum[np.searchsorted(e_key, g_row * width, side="left")])
    keep = g_res > 0
    g_row, g_first, g_len, g_res = g_row[keep], g_first[keep], g_len[keep], g_res[keep]
    if not len(g_row):
        return out
    p_key = p_row * width + (p_a - lo)
    g_piece = np.searchsorted(p_key, g_row * width + (g_first - lo), side="right") - 1

    # the rate of each piece: one table look-up per distinct (regime, half-year)
    k0 = int(p_rate_k.min())
    span = int(p_rate_k.max()) - k0 + 1
    pair_of_piece, uniques = pd.factorize(codes[p_row] * span + (p_rate_k - k0))
    pair_keys = np.stack([uniques // span, uniques % span + k0], axis=1)
    prs, messages = _rates(regimes, pair_keys, contractual_rate)
    g_pair = pair_of_piece[g_piece]
    failed = np.array([pr is None for pr in prs], dtype=bool)
    fractions = [exact_rate(pr.rate) for pr in prs if pr is not None]
    q = math.lcm(*(f.denominator for f in fractions)) if fractions else 1
    numer = np.array(
        [0 if pr is None else int(exact_rate(pr.rate) * q) for pr in prs], dtype="object"
    )

    # per row: Σ R × n × a, exact
    seg_start = _group_starts(g_row)
    seg_rows = g_row[seg_start]
    per_row = np.diff(np.r_[seg_start, len(g_row)])
    den = 100 * DAY_COUNT_DAYS * q
    bound = int(g_res.max()) * int(g_len.max()) * int(max(numer.max(), 1)) * int(per_row.max())
    if 2 * bound + den < _INT64_SAFE:
        terms = g_res * g_len * numer.astype("int64")[g_pair]
        total = np.add.reduceat(terms, seg_start)
        rounded = ((2 * total + den) // (2 * den)).astype("object")
    else:  # beyond int64: exact Python integers
        terms = g_res.astype("object") * g_len.astype("object") * numer[g_pair]
        total = np.add.reduceat(terms, seg_start)
        rounded = np.array([(2 * int(x) + den) // (2 * den) for x in total], dtype="object")

    # a rate table that does not cover a half-year charged: the first one in time
    g_failed = failed[g_pair]
    bad = np.logical_or.reduceat(g_failed, seg_start)
    for i in np.flatnonzero(bad).tolist():
        pos = int(seg_start[i])
        hit = pos + int(np.argmax(g_failed[pos : pos + int(per_row[i])]))
        error[seg_rows[i]] = messages[g_pair[hit]]
    good = ~bad
    ok_rows = seg_rows[good]
    cents[ok_rows] = rounded[good]
    seg_end = seg_start + per_row - 1
    first[ok_rows] = g_first[seg_start[good]].astype("datetime64[D]").astype("datetime64[ns]")
    last_day = g_first[seg_end] + g_len[seg_end] - 1
    last[ok_rows] = last_day[good].astype("datetime64[D]").astype("datetime64[ns]")
    _describe(out, regimes, codes, prs, g_row, g_first, g_len, g_piece, g_pair, ok_rows)
    return out


def _describe(
    out: Accruals,
    regimes: Sequence[Regime],
    codes: np.ndarray,
    prs: list[PenaltyRate | None],
    g_row: np.ndarray,
    g_first: np.ndarray,
    g_len: np.ndarray,
    g_piece: np.ndarray,
    g_pair: np.ndarray,
    rows: np.ndarray,
) -> None:
    """Rate charged last, French detail, floor and provisional flags of ``rows``.

    As :func:`~recouvrement.legal.accrual.accrued_interest` and ``regime_interest``
    write them: one entry per half-year charged (its first and last day bearing
    interest), or one for the whole period when the rate is the one of the half-year
    in which interest started.
    """
    # one entry per (row, half-year piece) holding segments: its span, its rate
    u_start = _group_starts(g_piece)
    u_end = np.r_[u_start[1:], len(g_piece)] - 1
    u_row, u_pair = g_row[u_start], g_pair[u_start]
    u_a, u_b = g_first[u_start], g_first[u_end] + g_len[u_end] - 1
    keep = np.isin(u_row, rows)
    u_row, u_pair, u_a, u_b = u_row[keep], u_pair[keep], u_a[keep], u_b[keep]
    if not len(u_row):
        return
    r0 = _group_starts(u_row)
    r1 = np.r_[r0[1:], len(u_row)] - 1
    j = u_row[r0]
    some = next(pr for pr in prs if pr is not None)
    valid = [some if pr is None else pr for pr in prs]  # no failed pair is used by ``rows``
    pair_rate = np.array([pr.rate for pr in valid], dtype="float64")
    pair_floor = np.array([pr.floor_applied for pr in valid], dtype=bool)
    pair_prov = np.array([pr.provisional for pr in valid], dtype=bool)
    out.rate[j] = pair_rate[u_pair[r1]]
    out.floor_applied[j] = np.logical_or.reduceat(pair_floor[u_pair], r0)
    out.provisional[j] = np.logical_or.reduceat(pair_prov[u_pair], r0)

    words = {d: fmt_date(pd.Timestamp(d, unit="D")) for d in np.unique(np.r_[u_a, u_b]).tolist()}
    heads = [f"{half_year_label(pr.half_year_start)} : {fmt_pct(pr.rate, 2)}" for pr in valid]
    fixed = np.array([r.rate_fixing == "start" for r in regimes], dtype=bool)[codes[j]]
    single = (r0 == r1) | fixed
    texts = np.array(
        [
            f"{heads[p]} du {words[a]} au {words[b]}"
            for p, a, b in zip(u_pair.tolist(), u_a.tolist(), u_b.tolist(), strict=True)
        ],
        dtype="object",
    )
    out.detail[j[single & ~fixed]] = texts[r0[single & ~fixed]]
    for row, a, b in zip(
        j[~single].tolist(), r0[~single].tolist(), r1[~single].tolist(), strict=True
    ):
        out.detail[row] = " ; ".join(texts[a : b + 1])
    for row, a, b in zip(j[fixed].tolist(), r0[fixed].tolist(), r1[fixed].tolist(), strict=True):
        kind = regimes[int(codes[row])].kind
        out.detail[row] = (
            f"{heads[int(u_pair[a])]} du {words[int(u_a[a])]} au {words[int(u_b[b])]} (taux du "
            "semestre où les intérêts ont commencé à courir, retenu pour toute la période : "
            f"{PENALTY_BASIS[kind]})"
        )

    # the distinct notes of the provisional rates used, in order
    prov = pair_prov[u_pair]
    if prov.any():
        pairs = pd.DataFrame({"row": u_row[prov], "pair": u_pair[prov]})
        pairs["note"] = np.array([pr.note for pr in valid], dtype="object")[pairs["pair"]]
        notes = pairs[["row", "note"]].drop_duplicates()
        rows_n = notes["row"].to_numpy()
        texts_n = notes["note"].to_numpy()
        start = _group_starts(rows_n)
        count = np.diff(np.r_[start, len(rows_n)])
        out.provisional_note[rows_n[start[count == 1]]] = texts_n[start[count == 1]]
        for a, c in zip(start[count > 1].tolist(), count[count > 1].tolist(), strict=True):
            out.provisional_note[rows_n[a]] = " ; ".join(texts_n[a : a + c])
