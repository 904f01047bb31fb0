"""The portfolio report's interactive tables: sortable, filtered by company and sector, offline.

:func:`sortable_table` writes an escaped ``rc-table`` whose rows carry the company's
name and id (``data-search``) and sector (``data-sector``), and whose figures carry their
raw value (``data-sort``; headings are ``span`` with the role of a button: WeasyPrint drops the
columns after a ``<button>``); :func:`filter_bar` is the search box and sector list above it;
:func:`table_scripts` embeds the one script that sorts and filters every such table
(``templates/overview/tables.js``, no network, no library). On paper the filter bar is
not printed and the tables show every row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from recouvrement.conventions.data import read_text
from recouvrement.formatting import (
    fmt_days,
    fmt_eur,
    fmt_int,
    fmt_money,
    fmt_number,
    fmt_pct,
    is_missing,
)
from recouvrement.report.html import Html, cell_text, esc

__all__ = ["filter_bar", "sortable_table", "table_scripts"]

#: How each kind of column is written (the report's French formatting).
FORMATS = {
    "money": fmt_eur,
    "pct": lambda v: fmt_pct(v, 1),
    "days": lambda v: fmt_days(v, 1),
    "int": fmt_int,
    "number": lambda v: fmt_number(v, 1),
    "rank": lambda v: fmt_int(v),
    "text": cell_text,
}

#: CSS of the filter bar; on paper it is not printed and hidden rows come back.
FILTER_CSS = """
.rc-filter-bar { display: flex; gap: 1em; align-items: center; margin: 0.5em 0; }
.rc-filter-bar input, .rc-filter-bar select { font: inherit; padding: 0.15em 0.3em; }
table.rc-sortable th .rc-sort { cursor: pointer; }
table.rc-sortable th[aria-sort="ascending"] .rc-sort::after { content: " ▲"; }
table.rc-sortable th[aria-sort="descending"] .rc-sort::after { content: " ▼"; }
@page { @top-right { content: "Vue de portefeuille · " string(period); } }
@media print {
  .rc-filter-bar { display: none; }
  table.rc-sortable tr[hidden] { display: table-row; }
}
"""


def _sort_value(value: object, kind: str) -> str:
    if kind == "text" or is_missing(value):
        return ""
    return repr(float(value))  # type: ignore[arg-type]


def sortable_table(
    frame: pd.DataFrame,
    kinds: Mapping[str, str],
    *,
    table_id: str,
    search: Iterable[str],
    sectors: Iterable[str] | None = None,
    currencies: Iterable[str] | None = None,
    caption: str | None = None,
    note: str | None = None,
) -> Html:
    """An escaped table whose columns sort and whose rows filter, in the HTML report.

    Parameters
    ----------
    frame : DataFrame
        The rows, in their first order; every column is shown.
    kinds : mapping of column to kind
        ``money``, ``pct`` (already × 100), ``days``, ``int``, ``number``, ``rank``,
        ``text`` (default for an unlisted column).
    table_id : str
        The ``id`` of the table (a plain identifier, not client text).
    search : iterable of str
        Per row, the text the search box looks in (company name and id).
    sectors : iterable of str, optional
        Per row, the sector the sector list filters on.
    currencies : iterable of str, optional
        Per row, the currency of its ``money`` cells (default: the report's, ``€``); a
        company keeping its books in dollars never shows « € ».
    caption, note : str, optional
        Title above, remark below.

    """
    search, sectors_ = list(search), list(sectors) if sectors is not None else None
    money = list(currencies) if currencies is not None else None
    if len(search) != len(frame) or (sectors_ is not None and len(sectors_) != len(frame)):
        raise ValueError("one search text (and sector) per row is expected")
    columns = list(frame.columns)
    kind = {c: kinds.get(c, "text") for c in columns}
    parts = [
        f'<div class="rc-table-block"><table class="rc-table rc-sortable" id="{esc(table_id)}">'
    ]
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    parts.append("<thead><tr>")
    for c in columns:
        numeric = kind[c] != "text"
        attrs = ' class="num" data-type="num"' if numeric else ""
        parts.append(
            f'<th{attrs}><span class="rc-sort" role="button" tabindex="0">{esc(c)}</span></th>'
        )
    parts.append("</tr></thead><tbody>")
    for i, record in enumerate(frame.to_dict("records")):
        attrs = f' data-search="{esc(search[i])}"'
        if sectors_ is not None:
            attrs += f' data-sector="{esc(sectors_[i])}"'
        cells = []
        for c in columns:
            value = record[c]
            if kind[c] == "money" and money is not None:
                text = fmt_money(value, money[i])
            else:
                text = FORMATS[kind[c]](value)
            sort = _sort_value(value, kind[c])
            css = ' class="num"' if kind[c] != "text" else ""
            data = f' data-sort="{sort}"' if sort else ""
            cells.append(f"<td{css}{data}>{esc(text)}</td>")
        parts.append(f"<tr{attrs}>{''.join(cells)}</tr>")
    parts.append("</tbody></table>")
    if note:
        parts.append(f'<p class="rc-table-note">{esc(note)}</p>')
    parts.append("</div>")
    return Html("".join(parts))


def filter_bar(table_id: str, sectors: Iterable[str]) -> Html:
    """The search box and sector list of the table ``table_id`` (HTML only, not printed)."""
    options = ['<option value="">Tous les secteurs</option>']
    options += [f'<option value="{esc(s)}">{esc(s)}</option>' for s in sorted(set(sectors))]
    return Html(
        f'<div class="rc-filter-bar" data-filter-for="{esc(table_id)}">'
        '<label>Société <input type="search" placeholder="nom ou identifiant"></label>'
        f"<label>Secteur <select>{''.join(options)}</select></label>"
        "<span>lignes affichées : <output></output></span></div>"
    )


def table_scripts() -> Html:
    """The style and the one script of every sortable, filtered table (once per report)."""
    script = read_text("templates", "overview", "tables.js")
    return Html(f"<style>{FILTER_CSS}</style><script>{script}</script>")
