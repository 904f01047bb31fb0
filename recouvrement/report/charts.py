"""Charts of the audit report (matplotlib). They draw what they are given.

Each function takes frames computed by :mod:`recouvrement.aging` or
:mod:`recouvrement.kpi`, draws on a new figure (or the ``ax`` given), and returns
the :class:`~matplotlib.figure.Figure`; :func:`recouvrement.report.html.figure` turns
it into inline SVG. Nothing is computed here beyond picking columns.

One look for every chart, from :mod:`recouvrement.report.chart_style`: the shipped font
family, one type scale (no chart sets a font size), amounts in ``k€``/``M€``, months as
« nov. 25 », one colour-blind-safe palette for the aging buckets; ranking and
distribution bars carry their values. :func:`sparkline` draws the tiny trend lines of
dashboard tiles as hand-written SVG (numbers only, no matplotlib).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import matplotlib

matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from recouvrement import conventions as cv  # noqa: E402
from recouvrement.formatting import fmt_pct, is_missing, money_symbol  # noqa: E402
from recouvrement.report.chart_style import (  # noqa: E402
    ACCENT,
    COLUMN_WIDTH,
    MAX_MONTH_LABELS,
    MUTED,
    OVERDUE_COLOUR,
    AmountFormatter,
    bucket_colours,
    fmt_amount_short,
    short_month,
    use_chart_style,
)
from recouvrement.report.html import Html  # noqa: E402


def plain_text(texts: Iterable) -> None:
    """Print client text as written: no mathtext (``$x$``), whatever the characters.

    A debtor named ``Morel $5 et $10`` is data, not a formula: without this, matplotlib
    renders it as math ("Morel 5et10"), or fails the whole report on an unknown command.
    """
    for text in texts:
        text.set_parse_math(False)


def _axes(ax: Axes | None, height: float = 3.2) -> tuple[Figure, Axes]:
    use_chart_style()
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH, height), layout="constrained")
    return fig, ax


def _finish(fig: Figure) -> Figure:
    if fig.get_layout_engine() is None:  # a figure given by the caller
        fig.tight_layout()
    return fig


def _month_axis(ax: Axes, dates: Iterable) -> None:
    """One tick per month, labelled « nov. 25 »; one label in k past 13 months."""
    labels = [short_month(d) for d in dates]
    step = math.ceil(len(labels) / MAX_MONTH_LABELS) if labels else 1
    last = (len(labels) - 1) % step  # the latest month always labelled
    shown = [label if i % step == last else "" for i, label in enumerate(labels)]
    ax.set_xticks(range(len(labels)), shown)


def _bucket_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in (cv.UNAPPLIED_LABEL, cv.TOTAL_LABEL)]


def aged_balance_over_time(history: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Stacked bars of the portfolio per bucket at each month end.

    Parameters
    ----------
    history : DataFrame
        As returned by :func:`recouvrement.aging.aged_balance_history` (index of
        month ends, one column per bucket, then ``Non affecté`` and ``Total``).
        ``Non affecté`` is not drawn (it is not aged).
    ax : Axes, optional
        Where to draw; default a new figure.

    """
    fig, ax = _axes(ax)
    buckets = _bucket_columns(history)
    bottom = np.zeros(len(history))
    positions = range(len(history))
    for label, colour in zip(buckets, bucket_colours(buckets), strict=True):
        values = history[label].to_numpy(dtype=float)
        ax.bar(positions, values, bottom=bottom, label=label, color=colour, width=0.7)
        bottom = bottom + values
    _month_axis(ax, history.index)
    ax.yaxis.set_major_formatter(AmountFormatter())
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    ax.set_title("Balance âgée par tranche, fin de mois")
    # under the chart, one row: the months get the whole width of the column
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=len(buckets))
    return _finish(fig)


def kpi_against_target(
    history: pd.DataFrame, key: str, target: float | None = None, ax: Axes | None = None
) -> Figure:
    """A KPI's monthly values with its target as a horizontal line.

    Parameters
    ----------
    history : DataFrame
        Tidy frame of :func:`recouvrement.kpi.kpi_history` (``as_of, key, label,
        value, unit...``). Months where the KPI is not available are gaps.
    key : str
        The KPI to draw (e.g. ``"dso"``, ``"recovery_rate"``).
    target : float, optional
        Drawn as a dashed line labelled ``Objectif``.
    ax : Axes, optional
        Where to draw; default a new figure.

    """
    rows = history[history["key"] == key].sort_values("as_of")
    if rows.empty:
        raise ValueError(f"no KPI {key!r} in the history; keys: {sorted(history['key'].unique())}")
    fig, ax = _axes(ax, 2.8)
    label, unit = rows["label"].iloc[0], rows["unit"].iloc[0]
    values = pd.to_numeric(rows["value"], errors="coerce")
    ax.plot(range(len(rows)), values.to_numpy(), marker="o", color=ACCENT, label="Résultat")
    if target is not None:
        ax.axhline(target, linestyle="--", color=MUTED, linewidth=1, label="Objectif")
    _month_axis(ax, rows["as_of"])
    money = money_symbol()
    if unit == "€":
        ax.yaxis.set_major_formatter(AmountFormatter())
    ax.set_ylabel(
        {"%": "%", "j": "jours", "€": money, "ratio": f"{money} par {money} recouvré"}[unit]
    )
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    ax.set_title(label)
    ax.legend()
    return _finish(fig)


def _shorten(name: str, width: int = 40) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def top_overdue_debtors(
    balance: pd.DataFrame,
    n: int = 10,
    names: Mapping[str, str] | pd.Series | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars of the ``n`` debtors with the largest overdue amount, amounts at the ends.

    Parameters
    ----------
    balance : DataFrame
        An aged balance (:func:`recouvrement.aging.aged_balance`), due-date basis.
    n : int
        Number of debtors drawn (default 10).
    names : mapping, optional
        debtor_id -> display name for the labels (printed as written, shortened past 40
        characters).
    ax : Axes, optional
        Where to draw; default a new figure.

    """
    overdue_cols = [c for c in _bucket_columns(balance) if c != cv.NOT_DUE_LABEL]
    overdue = balance[overdue_cols].sum(axis=1).sort_values(ascending=False).head(n)
    overdue = overdue[overdue > 0]
    fig, ax = _axes(ax, 0.3 * max(len(overdue), 3) + 0.9)
    labels = [str(names.get(d, d)) if names is not None else str(d) for d in overdue.index]
    positions = range(len(labels))  # one bar per debtor, even when two share a name
    amounts = overdue.to_numpy(dtype=float)[::-1]
    bars = ax.barh(positions, amounts, color=OVERDUE_COLOUR, height=0.68)
    ax.bar_label(bars, [fmt_amount_short(v) for v in amounts], padding=3)
    ax.set_yticks(list(positions), [_shorten(label) for label in labels[::-1]])
    plain_text(ax.get_yticklabels())
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, (amounts.max() if len(amounts) else 1) * 1.14)  # room for the labels
    ax.xaxis.set_major_formatter(AmountFormatter())
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.set_title(f"Principaux débiteurs en retard (top {n})")
    return _finish(fig)


def bucket_mix(balance: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Share of each bucket in the aged receivables (bars, percent; the amount under it).

    ``Non affecté`` is excluded: shares are of Σ buckets.
    """
    buckets = _bucket_columns(balance)
    totals = balance[buckets].sum(axis=0)
    shares = totals / totals.sum() * 100 if totals.sum() else totals * 0
    fig, ax = _axes(ax, 2.8)
    bars = ax.bar(buckets, shares.to_numpy(), color=bucket_colours(buckets), width=0.65)
    ax.bar_label(
        bars,
        [f"{fmt_pct(s, 1)}\n{fmt_amount_short(t)}" for s, t in zip(shares, totals, strict=True)],
        padding=2,
    )
    ax.set_ylim(0, max(shares.max(), 1) * 1.25)  # room for the two-line labels
    ax.set_ylabel("% de l'encours âgé")
    ax.tick_params(axis="x", length=0)
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    ax.set_title("Répartition par tranche d'âge")
    return _finish(fig)


#: Size of a :func:`sparkline` (CSS pixels) and its inner margin.
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 110, 28, 3


def sparkline(values: Sequence[float], *, target: float | None = None) -> Html:
    """A tiny trend line for a dashboard tile: inline SVG, 110 × 28 px, no axes.

    Parameters
    ----------
    values : sequence of float
        The series, oldest first (twelve month ends); NaN/None are gaps in the line.
    target : float, optional
        Drawn as a dashed horizontal line, inside the vertical scale.

    Returns
    -------
    Html
        ``<svg class="rc-spark" role="img">``: the line, a dot on the last value known,
        and the target line. Built from numbers only (no text from the data), by hand
        rather than by matplotlib: a few microseconds per tile. No value known: an empty
        frame of the same size.

    """
    ys = np.array([np.nan if is_missing(v) else float(v) for v in values], dtype=float)
    known = np.isfinite(ys)
    goal = None if target is None or is_missing(target) else float(target)
    parts = []
    if known.any():
        scale = np.append(ys[known], [] if goal is None else [goal])
        lo, hi = float(scale.min()), float(scale.max())
        inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD
        xs = SPARK_PAD + np.arange(len(ys)) * inner_w / max(len(ys) - 1, 1)

        def y_of(value: float) -> float:  # flat series: a line through the middle
            if hi == lo:
                return SPARK_HEIGHT / 2
            return SPARK_HEIGHT - SPARK_PAD - (value - lo) / (hi - lo) * inner_h

        if goal is not None:
            parts.append(
                f'<line x1="{SPARK_PAD}" x2="{SPARK_WIDTH - SPARK_PAD}" y1="{y_of(goal):.1f}" '
                f'y2="{y_of(goal):.1f}" stroke="{MUTED}" stroke-width="1" '
                'stroke-dasharray="3 2"/>'
            )
        # "M" starts a segment (first value, or first after a gap), "L" continues it;
        # a value alone between two gaps is a dot (a zero-length line with round caps)
        path = []
        for i in np.flatnonzero(known):
            joined = i > 0 and known[i - 1]
            alone = not joined and not (i + 1 < len(ys) and known[i + 1])
            path.append(f"{'L' if joined else 'M'}{xs[i]:.1f} {y_of(ys[i]):.1f}")
            if alone:
                path.append("h0")
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{ACCENT}" stroke-width="1.5" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        last = int(np.flatnonzero(known)[-1])
        parts.append(
            f'<circle class="rc-spark-last" cx="{xs[last]:.1f}" cy="{y_of(ys[last]):.1f}" '
            f'r="2.5" fill="{ACCENT}"/>'
        )
    return Html(
        f'<svg class="rc-spark" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="Évolution sur {len(ys)} mois" width="{SPARK_WIDTH}" '
        f'height="{SPARK_HEIGHT}" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}">'
        f"{''.join(parts)}</svg>"
    )
