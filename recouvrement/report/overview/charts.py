"""Charts of the portfolio report: roll-rate heatmap, DSO waterfall, trends in small multiples.

They draw what they are given (frames of :mod:`recouvrement.portfolio` and KPI histories)
with the look of every report chart (:mod:`recouvrement.report.chart_style`) and return a
:class:`~matplotlib.figure.Figure` for :func:`recouvrement.report.html.figure`. Company
names are printed as plain text, never as mathtext.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib

matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from recouvrement.formatting import fmt_number  # noqa: E402
from recouvrement.report.chart_style import (  # noqa: E402
    ACCENT,
    COLUMN_WIDTH,
    MUTED,
    OVERDUE_COLOUR,
    short_month,
    use_chart_style,
)
from recouvrement.report.charts import plain_text  # noqa: E402

__all__ = ["MAX_PANELS", "bridge_chart", "roll_heatmap", "trend_panels"]

#: Most companies drawn in one small-multiples figure (the largest by encours first).
MAX_PANELS = 24

#: Colour of an improving step of the waterfall (shorter DSO).
BETTER_COLOUR = "#4c8dc6"


def roll_heatmap(shares: pd.DataFrame, title: str) -> Figure:
    """Heatmap of a roll-rate matrix: rows the bucket at t, columns where it is at t+1.

    Parameters
    ----------
    shares : DataFrame
        Fractions (0-1) of each row's amount, rows and columns labelled in French; NaN
        (an empty bucket at t) is drawn blank and labelled « — ».
    title : str
        The chart's title.

    """
    use_chart_style()
    values = shares.to_numpy(dtype=float)
    height = 0.45 * len(shares) + 1.4
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH, height), layout="constrained")
    masked = np.ma.masked_invalid(values * 100)
    ax.imshow(masked, cmap="Blues", vmin=0, vmax=100, aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        text = "—" if np.isnan(value) else f"{fmt_number(value * 100, 0)} %"
        colour = "white" if not np.isnan(value) and value > 0.6 else "black"
        ax.text(j, i, text, ha="center", va="center", color=colour)
    ax.set_xticks(range(shares.shape[1]), [str(c) for c in shares.columns])
    ax.set_yticks(range(shares.shape[0]), [str(r) for r in shares.index])
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_xlabel("Situation à la fin du mois suivant")
    ax.set_ylabel("Tranche en fin de mois")
    ax.set_title(title)
    for side in ax.spines.values():
        side.set_visible(False)
    plain_text(ax.get_xticklabels() + ax.get_yticklabels())
    return fig


def bridge_chart(steps: pd.DataFrame, title: str) -> Figure:
    """Waterfall of a DSO decomposition: DSO at t, each effect, DSO at t+1.

    Parameters
    ----------
    steps : DataFrame
        :func:`recouvrement.portfolio.dso_waterfall`: columns ``label`` (French), ``kind``
        (``total`` drawn from 0, ``effect`` drawn from the running total), ``value``,
        ``start`` and ``end`` (days). A lengthening effect is drawn in the overdue colour,
        a shortening one in blue, the two DSO in grey.
    title : str
        The chart's title.

    """
    use_chart_style()
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH, 2.8), layout="constrained")
    for i, row in enumerate(steps.itertuples(index=False)):
        total = row.kind == "total"
        colour = MUTED if total else (OVERDUE_COLOUR if row.value > 0 else BETTER_COLOUR)
        low, high = min(row.start, row.end), max(row.start, row.end)
        ax.bar(i, high - low, bottom=low, color=colour, width=0.6)
        ax.annotate(
            f"{fmt_number(row.value, 1, sign=not total)} j",
            (i, high),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
        )
    ax.axhline(0, color=MUTED, linewidth=0.6)
    ax.set_xticks(range(len(steps)), steps["label"].astype(str).tolist())
    ax.set_ylabel("jours")
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    ax.margins(y=0.15)
    ax.set_title(title)
    plain_text(ax.get_xticklabels())
    return fig


def trend_panels(
    series: Mapping[str, pd.Series],
    title: str,
    unit: str,
    *,
    median: pd.Series | None = None,
) -> Figure:
    """Small multiples: one panel per company, the same KPI over the months, same scale.

    Parameters
    ----------
    series : mapping of label to Series
        Each company's values indexed by month end, in the order to draw (at most
        :data:`MAX_PANELS`; the caller says which ones are left out). NaN months are gaps.
    title : str
        The figure's title.
    unit : str
        ``j`` or ``%``: the axis label.
    median : Series, optional
        The portfolio's median by month end, drawn dashed in every panel.

    """
    use_chart_style()
    labels = list(series)[:MAX_PANELS]
    cols = 4
    rows = max(1, math.ceil(len(labels) / cols))
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(COLUMN_WIDTH, 1.45 * rows + 0.5),
        sharex=True,
        sharey=True,
        layout="constrained",
        squeeze=False,
    )
    for ax, label in zip(axes.flat, labels, strict=False):
        values = series[label]
        x = np.arange(len(values))
        if median is not None:
            ax.plot(x, median.reindex(values.index).to_numpy(float), color=MUTED, ls="--", lw=0.8)
        ax.plot(x, values.to_numpy(dtype=float), color=ACCENT, lw=1.2)
        ax.set_title(label if len(label) <= 28 else label[:27] + "…")
        ax.grid(axis="y")
        ticks = [0, len(values) - 1] if len(values) > 1 else [0]
        ax.set_xticks(ticks, [short_month(values.index[t]) for t in ticks])
        plain_text([ax.title])
    for ax in list(axes.flat)[len(labels) :]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(unit)
    fig.suptitle(title)
    return fig
