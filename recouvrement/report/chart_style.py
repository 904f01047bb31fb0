"""The look shared by every chart: font, type scale, colours, amount and month labels.

:mod:`recouvrement.report.charts` draws with these; a new chart uses them too rather
than its own sizes or colours:

- :func:`use_chart_style`: the shipped font family (:mod:`recouvrement.report.fonts`)
  and one type scale (:data:`CHART_STYLE`) in ``matplotlib.rcParams``;
- :func:`bucket_colours`: one colour-blind-safe colour per aging bucket, « Non échu »
  apart, the oldest bucket darkest;
- :func:`fmt_amount_short` and :class:`AmountFormatter`: amounts in ``k€``/``M€``
  (« 1,2 M€ », « 350 k€ ») with the French number formatting of
  :mod:`recouvrement.formatting`;
- :func:`short_month`: months as « nov. 25 ».
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.ticker import Formatter

from recouvrement import conventions as cv
from recouvrement.formatting import MISSING, NBSP, fmt_number, is_missing, money_symbol
from recouvrement.report.fonts import use_shipped_font

#: Colours of the report (its CSS): text, secondary text, rules, accent.
INK, MUTED, RULE, ACCENT = "#1d2430", "#5b6472", "#d9dde3", "#1f3a5f"

#: Width of the report's text column (A4 less 2 × 16 mm margins), inches: a chart drawn at
#: this width is printed at its own size, so :data:`CHART_STYLE`'s sizes are the printed ones.
COLUMN_WIDTH = 7.0

#: The one type scale (points) and look of every chart, set in ``matplotlib.rcParams``.
CHART_STYLE: dict[str, object] = {
    "font.size": 8.5,  # value labels, annotations
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "axes.labelsize": 9,
    "legend.title_fontsize": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlepad": 8,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "grid.color": RULE,
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "axes.unicode_minus": True,
}

#: Colour of « Non échu »: a blue, apart from the warm ramp of the overdue buckets.
NOT_DUE_COLOUR = "#4c8dc6"

#: The overdue buckets: ``magma`` from 0.75 (salmon, youngest) to 0.2 (plum, oldest):
#: lightness falls steadily, so the order reads without colour vision, and the lightest
#: colour is still plain on white (unlike the pale yellow of ``RdYlGn``).
OVERDUE_RAMP = ("magma", 0.75, 0.2)

#: A single-colour overdue bar (the top debtors).
OVERDUE_COLOUR = to_hex(matplotlib.colormaps[OVERDUE_RAMP[0]](0.45))

#: French abbreviations of the months (Imprimerie nationale), for chart axes.
MONTH_ABBREVIATIONS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)

#: Most month labels written under a time axis; more months show one label in k.
MAX_MONTH_LABELS = 13


def use_chart_style() -> None:
    """Shipped font family and :data:`CHART_STYLE` in ``rcParams`` (idempotent)."""
    use_shipped_font()
    matplotlib.rcParams.update(CHART_STYLE)


def bucket_colours(labels: Sequence[str]) -> list[str]:
    """One colour per aging bucket, in order: « Non échu » blue, then the overdue ramp.

    Parameters
    ----------
    labels : sequence of str
        The bucket labels, youngest first (``Non échu``, ``1-30``... ``> 90``; or
        ``0-30``... on the invoice-date basis, which has no ``Non échu``).

    Returns
    -------
    list of str
        Hex colours: :data:`NOT_DUE_COLOUR` for ``Non échu``; the others sampled evenly on
        :data:`OVERDUE_RAMP`, the oldest darkest (one overdue bucket: the ramp's middle).

    """
    overdue = [label for label in labels if label != cv.NOT_DUE_LABEL]
    name, young, old = OVERDUE_RAMP
    ramp = matplotlib.colormaps[name]
    steps = np.linspace(young, old, len(overdue)) if len(overdue) > 1 else [(young + old) / 2]
    colours = iter(to_hex(ramp(x)) for x in steps)
    return [NOT_DUE_COLOUR if label == cv.NOT_DUE_LABEL else next(colours) for label in labels]


#: The colours of the default buckets (``Non échu``, ``1-30``, ``31-60``, ``61-90``, ``> 90``).
BUCKET_COLOURS = tuple(bucket_colours(cv.Buckets().labels()))


def amount_unit(top: float) -> tuple[float, str]:
    """Divisor and unit for amounts up to ``|top|``: ``M€`` from a million, ``k€`` from 1 000.

    The symbol is :func:`~recouvrement.formatting.money_symbol` (``MUSD``, ``kUSD`` for a
    company keeping its books in dollars).
    """
    symbol = money_symbol()
    top = abs(float(top))
    if top >= 1e6:
        return 1e6, f"M{symbol}"
    if top >= 1e3:
        return 1e3, f"k{symbol}"
    return 1.0, symbol


def fmt_amount_short(value: Any, *, top: float | None = None, decimals: int | None = None) -> str:
    """An amount in ``k€``/``M€``: ``1 234 567`` -> « 1,2 M€ », ``350 000`` -> « 350 k€ ».

    Parameters
    ----------
    value : float
        The amount (euros, or the company's currency).
    top : float, optional
        Choose the unit from this amount (an axis' maximum) rather than from ``value``.
    decimals : int, optional
        Default: one decimal below 10 units (« 1,2 M€ », « 2,0 M€ » for 1 960 000),
        none from 10 (« 350 k€ ») nor for an exact number of units (« 2 M€ »).

    Returns
    -------
    str
        French number (:func:`~recouvrement.formatting.fmt_number`), a non-breaking
        space and the unit; exactly 0 is « 0 »; missing is « non disponible ».

    """
    if is_missing(value):
        return MISSING
    x = float(value)
    if x == 0:
        return "0"
    divisor, unit = amount_unit(abs(x) if top is None else top)
    scaled = x / divisor
    if decimals is None:
        decimals = 1 if abs(scaled) < 10 and divisor > 1 and scaled != round(scaled) else 0
    if top is None and divisor < 1e6 and abs(round(scaled, decimals)) >= 1000:
        return fmt_amount_short(math.copysign(1000 * divisor, x))  # 999 999 -> 1 M€
    return f"{fmt_number(scaled, decimals)}{NBSP}{unit}"


class AmountFormatter(Formatter):
    """Ticks of an amount axis: « 0 », « 500 k€ », « 1,5 M€ ».

    The unit comes from the axis' largest absolute value; the decimals are the fewest
    that write every tick exactly (« 0,5 M€ » and « 1,0 M€ » on the same axis).
    """

    _ticks: np.ndarray = np.empty(0)

    def set_locs(self, locs: Sequence[float]) -> None:
        """Remember the ticks of the axis (they set the decimals)."""
        self._ticks = np.asarray(locs, dtype=float)

    def __call__(self, x: float, pos: int | None = None) -> str:
        """The label of the tick at ``x``."""
        lo, hi = self.axis.get_view_interval() if self.axis is not None else (x, x)
        top = max(abs(lo), abs(hi))
        divisor, _ = amount_unit(top)
        ticks = self._ticks if len(self._ticks) else np.array([x], dtype=float)
        return fmt_amount_short(x, top=top, decimals=_decimals(ticks / divisor))


def _decimals(values: np.ndarray, most: int = 2) -> int:
    for decimals in range(most + 1):
        scaled = values * 10**decimals
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6 * np.maximum(1, np.abs(scaled))):
            return decimals
    return most


def short_month(value: Any) -> str:
    """``2025-11-30`` -> « nov. 25 »: a month on a chart axis."""
    ts = pd.Timestamp(value)
    return f"{MONTH_ABBREVIATIONS[ts.month - 1]} {ts.year % 100:02d}"
