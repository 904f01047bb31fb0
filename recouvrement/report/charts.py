"""Charts of the audit report (matplotlib/seaborn). They draw what they are given.

Each function takes frames computed by :mod:`recouvrement.aging` or
:mod:`recouvrement.kpi`, draws on a new figure (or the ``ax`` given), and returns
the :class:`~matplotlib.figure.Figure`. Nothing is computed here beyond picking
columns; axis labels are French, amounts in euros with French separators.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib

matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from recouvrement import conventions as cv  # noqa: E402
from recouvrement.formatting import fmt_eur, fmt_month, fmt_pct, money_symbol  # noqa: E402

#: Colours of the aging buckets, youngest (green) to oldest (red).
BUCKET_PALETTE = "RdYlGn_r"

_EUR = FuncFormatter(lambda v, _pos: fmt_eur(v, 0))


def _axes(ax: Axes | None, size: tuple[float, float] = (8, 4)) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size)
    return fig, ax


def plain_text(texts) -> None:
    """Print client text as written: no mathtext (``$x$``), whatever the characters.

    A debtor named ``Morel $5 et $10`` is data, not a formula: without this, matplotlib
    renders it as math ("Morel 5et10"), or fails the whole report on an unknown command.
    """
    for text in texts:
        text.set_parse_math(False)


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
    colours = sns.color_palette(BUCKET_PALETTE, len(buckets))
    bottom = pd.Series(0.0, index=history.index)
    positions = range(len(history))
    for label, colour in zip(buckets, colours, strict=True):
        ax.bar(
            positions,
            history[label].to_numpy(),
            bottom=bottom.to_numpy(),
            label=label,
            color=colour,
        )
        bottom = bottom + history[label]
    ax.set_xticks(list(positions), [fmt_month(d) for d in history.index], rotation=45, ha="right")
    ax.yaxis.set_major_formatter(_EUR)
    ax.set_title("Balance âgée par tranche, fin de mois")
    ax.legend(title="Tranche", fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    return fig


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
    fig, ax = _axes(ax)
    label, unit = rows["label"].iloc[0], rows["unit"].iloc[0]
    values = pd.to_numeric(rows["value"], errors="coerce")
    ax.plot(range(len(rows)), values.to_numpy(), marker="o", label="Résultat")
    if target is not None:
        ax.axhline(target, linestyle="--", color="grey", label="Objectif")
    ax.set_xticks(range(len(rows)), [fmt_month(d) for d in rows["as_of"]], rotation=45, ha="right")
    money = money_symbol()
    ax.set_ylabel(
        {"%": "%", "j": "jours", "€": money, "ratio": f"{money} par {money} recouvré"}[unit]
    )
    ax.set_title(label)
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def top_overdue_debtors(
    balance: pd.DataFrame,
    n: int = 10,
    names: Mapping[str, str] | pd.Series | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars of the ``n`` debtors with the largest overdue amount.

    Parameters
    ----------
    balance : DataFrame
        An aged balance (:func:`recouvrement.aging.aged_balance`), due-date basis.
    n : int
        Number of debtors drawn (default 10).
    names : mapping, optional
        debtor_id -> display name for the labels.
    ax : Axes, optional
        Where to draw; default a new figure.

    """
    overdue_cols = [c for c in _bucket_columns(balance) if c != cv.NOT_DUE_LABEL]
    overdue = balance[overdue_cols].sum(axis=1).sort_values(ascending=False).head(n)
    overdue = overdue[overdue > 0]
    fig, ax = _axes(ax, (8, 0.4 * max(len(overdue), 3) + 1))
    labels = [str(names.get(d, d)) if names is not None else str(d) for d in overdue.index]
    positions = range(len(labels))  # one bar per debtor, even when two share a name
    ax.barh(positions, overdue.to_numpy()[::-1], color=sns.color_palette(BUCKET_PALETTE, 5)[-1])
    ax.set_yticks(list(positions), labels[::-1])
    plain_text(ax.get_yticklabels())
    ax.xaxis.set_major_formatter(_EUR)
    ax.set_title(f"Principaux débiteurs en retard (top {n})")
    fig.tight_layout()
    return fig


def bucket_mix(balance: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Share of each bucket in the aged receivables (bars, percent).

    ``Non affecté`` is excluded: shares are of Σ buckets.
    """
    buckets = _bucket_columns(balance)
    totals = balance[buckets].sum(axis=0)
    shares = totals / totals.sum() * 100 if totals.sum() else totals * 0
    fig, ax = _axes(ax, (6, 3.5))
    ax.bar(buckets, shares.to_numpy(), color=sns.color_palette(BUCKET_PALETTE, len(buckets)))
    ax.set_ylabel("% de l'encours âgé")
    ax.set_title("Répartition par tranche d'âge")
    for x, share in enumerate(shares):
        ax.annotate(fmt_pct(share, 1), (x, share), ha="center", va="bottom", fontsize="small")
    fig.tight_layout()
    return fig
