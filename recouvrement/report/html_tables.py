"""Report tables: frames and KPI results as escaped, French-formatted HTML tables.

Numbers and dates are formatted with :mod:`recouvrement.formatting` (``1 234,56 €``,
``31/03/2025``, non-breaking spaces); every label, value, caption and note is escaped,
so nothing from a frame reaches the markup raw. Layout lives in the report template's
CSS; the tables only carry ``rc-`` classes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from recouvrement.formatting import (
    MISSING,
    fmt_date,
    fmt_days,
    fmt_eur,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_unit,
    is_missing,
)
from recouvrement.report.html import (
    EMPTY_TEXT,
    ZERO_DASH,
    Html,
    cell_text,
    esc,
    reason_text,
    section_note,
)


def _formatter(kind: str, blank_zero: bool):
    base = {
        "money": fmt_eur,
        "pct": fmt_pct,
        "date": fmt_date,
        "int": fmt_int,
        "days": lambda v: fmt_days(v, 0),
        "number": fmt_number,
        "text": cell_text,
    }[kind]
    if kind == "money" and blank_zero:
        return lambda v: ZERO_DASH if (not is_missing(v) and float(v) == 0) else base(v)
    return base


def _kinds(
    frame: pd.DataFrame,
    money: Iterable[str],
    pct: Iterable[str],
    dates: Iterable[str],
    ints: Iterable[str],
    days: Iterable[str],
) -> dict[str, str]:
    """Column -> kind; unlisted numeric columns are numbers (ints when integer dtype)."""
    declared: dict[str, str] = {}
    for kind, cols in (
        ("money", money),
        ("pct", pct),
        ("date", dates),
        ("int", ints),
        ("days", days),
    ):
        for c in cols:
            if c not in frame.columns:
                raise KeyError(
                    f"column {c!r} given as {kind} is not in the frame ({list(frame.columns)})"
                )
            declared[c] = kind
    out = {}
    for c in frame.columns:
        if c in declared:
            out[c] = declared[c]
        elif pd.api.types.is_bool_dtype(frame[c]):
            out[c] = "text"
        elif pd.api.types.is_integer_dtype(frame[c]):
            out[c] = "int"
        elif pd.api.types.is_numeric_dtype(frame[c]):
            out[c] = "number"
        elif pd.api.types.is_datetime64_any_dtype(frame[c]):
            out[c] = "date"
        else:
            out[c] = "text"
    return out


_NUMERIC_KINDS = ("money", "pct", "int", "days", "number")


#: Tables of at most this many rows are printed on one page, never split.
KEEP_ROWS = 16


def table_html(
    frame: pd.DataFrame,
    *,
    money: Sequence[str] = (),
    pct: Sequence[str] = (),
    dates: Sequence[str] = (),
    ints: Sequence[str] = (),
    days: Sequence[str] = (),
    caption: str | None = None,
    total_row: bool | Mapping[str, Any] = False,
    max_rows: int | None = None,
    others_label: str = "Autres",
    index: bool | None = None,
    blank_zero: bool = False,
    mono: Sequence[str] = (),
    empty: str = "Aucune ligne.",
    note: str | None = None,
    compact: bool = False,
    missing: str | None = None,
    decimals: Mapping[str, int] | None = None,
    unsummed: Sequence[str] = (),
) -> Html:
    """A formatted, escaped HTML table of ``frame``.

    Parameters
    ----------
    frame : DataFrame
        The rows to show, in order. Not modified.
    money, pct, dates, ints, days : sequence of str
        Columns formatted as euros (``1 234,56 €``), percentages already × 100
        (``75,0 %``), dates (``31/03/2025``), counts (``1 234``) and days
        (``45 j``). Other numeric columns get two decimals, other columns are text
        (missing text shows ``—``, missing numbers ``non disponible``).
    caption : str, optional
        Table title, printed above it.
    total_row : bool or mapping
        ``True`` adds a bold ``Total`` row summing the money and count columns of
        the *whole* frame (hidden rows included). A mapping gives the values of
        some total cells explicitly (e.g. ``{"Part": 100.0}``), summing the rest.
    max_rows : int, optional
        Show at most this many rows; the remaining rows are folded into one
        ``others_label (n)`` row whose money and count cells are their sums, so that
        the table still adds up to its total.
    others_label : str
        Label of the folded row.
    index : bool, optional
        Show the index as the first column. Default: when it is named or not a
        plain ``RangeIndex``.
    blank_zero : bool
        Print exact zero amounts as ``–`` (aged balances read better that way).
    mono : sequence of str
        Columns printed in a monospace font (fingerprints, identifiers).
    empty : str
        Sentence shown instead of the table when ``frame`` has no row.
    note : str, optional
        A footnote printed under the table.
    compact : bool
        Smaller type, for wide tables.
    missing : str, optional
        Text for missing numbers and dates instead of ``non disponible`` (e.g.
        ``"—"`` where a value does not apply rather than is unknown).

    decimals : mapping, optional
        Column -> number of decimals for plain number columns (default 2), e.g.
        ``{"Score": 1}``.
    unsummed : sequence of str
        Count columns that do not add up (a dunning level, days left, a term in days):
        left blank in the total and folded rows.

    Returns
    -------
    Html
        ``<table class="rc-table">`` with a ``thead`` (repeated on every printed
        page), numeric cells right-aligned (class ``num``) and the total row in
        class ``rc-total``.

    Notes
    -----
    Column labels, index labels, text cells, the caption and the note are escaped;
    nothing from ``frame`` reaches the markup raw.

    """
    df = frame
    show_index = (
        index
        if index is not None
        else (df.index.name is not None or not isinstance(df.index, pd.RangeIndex))
    )
    if show_index:
        index_label = df.index.name if df.index.name is not None else ""
        df = df.reset_index()
        first = df.columns[0]
        if index_label == "":
            df = df.rename(columns={first: ""})
    kinds = _kinds(df, money, pct, dates, ints, days)
    fmts = {c: _formatter(k, blank_zero) for c, k in kinds.items()}
    for c, d in (decimals or {}).items():
        if c not in frame.columns:
            raise KeyError(f"column {c!r} given in decimals is not in the frame")
        fmts[c] = lambda v, d=d: fmt_number(v, d)
        kinds[c] = "number"
    summable = [c for c, k in kinds.items() if k in ("money", "int") and c not in unsummed]

    parts: list[str] = []
    classes = "rc-table" + (" rc-compact" if compact else "")
    if len(df) == 0:
        head = f'<p class="rc-caption">{esc(caption)}</p>' if caption else ""
        return Html(f'<div class="rc-table-block">{head}{section_note(empty, "missing")}</div>')

    # a short table is kept on one page with its caption (a long one repeats its header)
    keep = " rc-keep" if len(df) <= KEEP_ROWS else ""
    parts.append(f'<div class="rc-table-block{keep}"><table class="{classes}">')
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    parts.append("<thead><tr>")
    for c in df.columns:
        cls = ' class="num"' if kinds[c] in _NUMERIC_KINDS else ""
        parts.append(f"<th{cls}>{esc(c)}</th>")
    parts.append("</tr></thead><tbody>")

    def row_html(values: Mapping[str, Any], extra: str = "", label: str | None = None) -> str:
        cells = []
        for i, c in enumerate(df.columns):
            css = []
            if kinds[c] in _NUMERIC_KINDS and not (i == 0 and label is not None):
                css.append("num")
            if c in mono:
                css.append("mono")
            if i == 0 and label is not None:
                text = label
            else:
                text = fmts[c](values[c]) if c in values else ""
            if text == MISSING:
                css.append("rc-missing")
                text = missing if missing is not None else text
            attr = f' class="{" ".join(css)}"' if css else ""
            cells.append(f"<td{attr}>{esc(text)}</td>")
        attr = f' class="{extra}"' if extra else ""
        return f"<tr{attr}>{''.join(cells)}</tr>"

    shown = df if max_rows is None or len(df) <= max_rows else df.iloc[:max_rows]
    for rec in shown.to_dict("records"):
        parts.append(row_html(rec))
    if len(shown) < len(df):
        rest = df.iloc[len(shown) :]
        folded = {c: rest[c].sum() for c in summable}
        parts.append(row_html(folded, "rc-others", f"{others_label} ({fmt_int(len(rest))})"))
    if total_row is not False:
        totals: dict[str, Any] = {c: df[c].sum() for c in summable}
        if isinstance(total_row, Mapping):
            unknown = [c for c in total_row if c not in df.columns]
            if unknown:
                raise KeyError(f"total_row names unknown column(s) {unknown}")
            totals.update(total_row)
        parts.append(row_html(totals, "rc-total", "Total"))
    parts.append("</tbody></table>")
    if note:
        parts.append(f'<p class="rc-table-note">{esc(note)}</p>')
    parts.append("</div>")
    return Html("".join(parts))


def kpi_table(
    results: Iterable[Any],
    *,
    targets: Mapping[str, float] | None = None,
    previous: Mapping[str, Any] | None = None,
    caption: str | None = None,
    note: str | None = None,
) -> Html:
    """KPI results as a table: indicator, value, previous month, target, gap.

    Parameters
    ----------
    results : iterable of KpiResult
        In display order.
    targets : mapping, optional
        KPI key -> target in the KPI's unit; no column when ``None``.
    previous : mapping, optional
        KPI key -> value at the previous month end; no column when ``None``.
    caption, note : str, optional
        Title above and small print below the table (escaped).

    Notes
    -----
    A KPI without value shows ``non disponible`` followed by its reason; a KPI on
    too small a base is flagged ``(non significatif)``. The gap is result − target,
    in points for rates (``+2,0 pts``), in the unit otherwise.

    """
    head = ["Indicateur", "Valeur"]
    if previous is not None:
        head.append("Mois précédent")
    if targets is not None:
        head += ["Objectif", "Écart"]
    rows = []
    for r in results:
        value = r.formatted() if r.available else f"{MISSING} ({reason_text(r.reason)})"
        cells = [f'<th scope="row">{esc(r.label)}</th>', f'<td class="num">{esc(value)}</td>']
        if previous is not None:
            cells.append(f'<td class="num">{esc(fmt_unit(previous.get(r.key), r.unit))}</td>')
        if targets is not None:
            target = targets.get(r.key)
            gap = ""
            if target is not None and r.available:
                gap = fmt_unit(r.value - target, r.unit, sign=True)
            cells.append(
                '<td class="num">'
                f"{esc(EMPTY_TEXT if target is None else fmt_unit(target, r.unit))}</td>"
            )
            cells.append(f'<td class="num">{esc(gap or EMPTY_TEXT)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    ths = "".join(
        f'<th scope="col" class="num">{esc(h)}</th>' if i else f'<th scope="col">{esc(h)}</th>'
        for i, h in enumerate(head)
    )
    foot = f'<p class="rc-table-note">{esc(note)}</p>' if note else ""
    return Html(
        f'<div class="rc-table-block"><table class="rc-table rc-kpi-table">{cap}'
        f"<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>{foot}</div>"
    )
