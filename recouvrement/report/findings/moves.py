"""Rules 1 and 2 of the findings: material moves since the previous month end, and trends.

A move is commented for the headline KPIs of :data:`~.rules.MOVE_KEYS` when it reaches
the materiality threshold of the KPI's unit (:data:`~.rules.MOVE_THRESHOLDS`); a trend
when the last :data:`~.rules.TREND_MONTHS` month ends move the same way strictly and
the cumulated move is material. Whether a move is an improvement follows
:func:`recouvrement.kpi.kpi_direction`.
"""

from __future__ import annotations

import pandas as pd

from recouvrement.kpi import kpi_direction
from recouvrement.report.findings.history import KpiRow
from recouvrement.report.findings.language import Language
from recouvrement.report.findings.rules import (
    MOVE_KEYS,
    MOVE_THRESHOLD_RELATIVE,
    MOVE_THRESHOLDS,
    TREND_MONTHS,
)

#: KPIs by month end, then by key (:func:`~.history.read_history`).
ByDate = dict[pd.Timestamp, dict[str, KpiRow]]


def is_material(unit: str, before: float, after: float) -> bool:
    """Whether ``before → after`` reaches the materiality threshold of ``unit``."""
    delta = after - before
    if unit == "€":
        if before == 0:
            return after != 0
        return round(abs(delta) / abs(before), 9) >= MOVE_THRESHOLD_RELATIVE
    return round(abs(delta), 9) >= MOVE_THRESHOLDS[unit]


def _sense(lang: Language, key: str, delta: float) -> str:
    direction = kpi_direction(key)
    if direction is None:
        return lang.t["neutral"]
    return lang.t["better"] if direction * delta > 0 else lang.t["worse"]


def _delta_text(lang: Language, unit: str, before: float, after: float) -> str:
    text = lang.gap(unit, after - before)
    if unit == "€" and before != 0:
        text += f", {lang.share((after - before) / abs(before) * 100, sign=True)}"
    return text


def _shown(lang: Language, k: KpiRow) -> str:
    assert k.value is not None
    text = lang.value(k.unit, k.value)
    return text if k.significant else f"{text} {lang.t['not_significant']}"


def moves(lang: Language, by_date: ByDate) -> tuple[list[str], pd.Timestamp | None]:
    """The move and trend sentences at the last month end, and the month end compared with.

    Parameters
    ----------
    lang : Language
        The language of the sentences.
    by_date : dict
        The KPIs by month end (:func:`~.history.read_history`).

    Returns
    -------
    tuple
        ``(sentences, previous month end)``; with a single month end, one sentence
        saying no comparison is possible and ``None``.

    """
    t = lang.t
    dates = list(by_date)
    last = dates[-1]
    if len(dates) == 1:
        return [t["first_month"].format(date=lang.date(last))], None
    prev = dates[-2]
    now, before = by_date[last], by_date[prev]
    out = []
    for key, k in now.items():
        if key not in MOVE_KEYS:
            continue
        p = before.get(key)
        if k.value is None or p is None or p.value is None or p.unit != k.unit:
            continue
        if is_material(k.unit, p.value, k.value):
            out.append(
                t["move"].format(
                    label=lang.label(key, k.label),
                    cur=_shown(lang, k),
                    date=lang.date(last),
                    prev=_shown(lang, p),
                    prev_date=lang.date(prev),
                    delta=_delta_text(lang, k.unit, p.value, k.value),
                    sense=_sense(lang, key, k.value - p.value),
                )
            )
        if len(dates) >= TREND_MONTHS:
            trend = _trend(lang, key, by_date, dates[-TREND_MONTHS:])
            if trend is not None:
                out.append(trend)
    return out, prev


def _trend(
    lang: Language,
    key: str,
    by_date: ByDate,
    window: list[pd.Timestamp],
) -> str | None:
    """The trend sentence of ``key`` over ``window`` when it is consistent and material."""
    points = [by_date[d].get(key) for d in window]
    kpis = [p for p in points if p is not None and p.value is not None]
    if len(kpis) < len(window) or len({p.unit for p in kpis}) != 1:
        return None
    unit = kpis[-1].unit
    values = [float(p.value) for p in kpis if p.value is not None]
    steps = [b - a for a, b in zip(values, values[1:], strict=False)]
    rising, falling = all(s > 0 for s in steps), all(s < 0 for s in steps)
    if not (rising or falling) or not is_material(unit, values[0], values[-1]):
        return None
    t = lang.t
    path = ", ".join(
        t["path_item"].format(value=_shown(lang, p), date=lang.date(d))
        for p, d in zip(kpis, window, strict=True)
    )
    return t["trend"].format(
        n=len(window),
        label=lang.label(key, kpis[-1].label),
        way=t["up"] if rising else t["down"],
        path=path,
        delta=_delta_text(lang, unit, values[0], values[-1]),
        sense=_sense(lang, key, values[-1] - values[0]),
    )
