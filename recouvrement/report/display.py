"""Report building blocks: frames and figures turned into escaped, French-formatted HTML.

Every function returns an :class:`Html` fragment, which notebooks display directly
(it has ``_repr_html_``) and Jinja templates embed as is (it has ``__html__``).
Numbers and dates are formatted with :mod:`recouvrement.formatting` (``1 234,56 €``,
``31/03/2025``, non-breaking spaces); **every value, label and caption is escaped**
with :func:`markupsafe.escape` before it reaches the markup, so a debtor named
``<script>…</script>`` is printed, never executed. Layout (fonts, page breaks,
colours) lives in the report template's CSS (``recouvrement/templates/audit``); this
module only emits semantic markup with ``rc-`` classes.

This module computes nothing: give it the frames and figures to show.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

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

#: MIME type of the machine-readable headline figures a report records (see :func:`headline`).
HEADLINE_MIME = "application/vnd.recouvrement.headline+json"
#: MIME type of a document attached to a report (see :func:`attachment`).
ATTACHMENT_MIME = "application/vnd.recouvrement.attachment+json"

#: Shown in a text cell whose value is missing.
EMPTY_TEXT = "—"

#: Shown instead of an exact zero amount when ``blank_zero=True``.
ZERO_DASH = "–"

_NOTE_KINDS = ("info", "warning", "ok", "missing")


class Html:
    """A fragment of report HTML, already escaped.

    Notebooks render it through ``_repr_html_``; Jinja/markupsafe through
    ``__html__``; ``str()`` gives the markup. Build it only from this module's
    functions (they escape their inputs): the constructor trusts its argument.
    """

    __slots__ = ("_markup",)

    def __init__(self, markup: str):
        self._markup = Markup(markup)

    def __html__(self) -> str:
        return str(self._markup)

    def _repr_html_(self) -> str:
        return str(self._markup)

    def __str__(self) -> str:
        return str(self._markup)

    def __repr__(self) -> str:
        text = str(self._markup)
        return f"Html({text[:60]!r}{'…' if len(text) > 60 else ''})"

    def __add__(self, other: Html) -> Html:
        if not isinstance(other, Html):
            return NotImplemented
        return Html(self._markup + other._markup)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Html) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self._markup))


def _e(value: Any) -> Markup:
    """Escape any value for HTML text or attribute content."""
    return escape("" if value is None else str(value))


def _text(value: Any) -> str:
    """Plain (non-numeric) cell: missing -> em dash, timestamps as dates."""
    if is_missing(value):
        return EMPTY_TEXT
    if isinstance(value, pd.Timestamp):
        return fmt_date(value)
    if isinstance(value, float) and value.is_integer():
        return fmt_int(value)
    return str(value)


def _formatter(kind: str, blank_zero: bool):
    base = {
        "money": fmt_eur,
        "pct": fmt_pct,
        "date": fmt_date,
        "int": fmt_int,
        "days": lambda v: fmt_days(v, 0),
        "number": fmt_number,
        "text": _text,
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
    summable = [c for c, k in kinds.items() if k in ("money", "int")]

    parts: list[str] = []
    classes = "rc-table" + (" rc-compact" if compact else "")
    if len(df) == 0:
        head = f'<p class="rc-caption">{_e(caption)}</p>' if caption else ""
        return Html(f'<div class="rc-table-block">{head}{section_note(empty, "missing")}</div>')

    parts.append(f'<div class="rc-table-block"><table class="{classes}">')
    if caption:
        parts.append(f"<caption>{_e(caption)}</caption>")
    parts.append("<thead><tr>")
    for c in df.columns:
        cls = ' class="num"' if kinds[c] in _NUMERIC_KINDS else ""
        parts.append(f"<th{cls}>{_e(c)}</th>")
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
            cells.append(f"<td{attr}>{_e(text)}</td>")
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
        parts.append(f'<p class="rc-table-note">{_e(note)}</p>')
    parts.append("</div>")
    return Html("".join(parts))


def kpi_cards(cards: Iterable[Sequence[str]] | Mapping[str, str]) -> Html:
    """A row of headline figures.

    Parameters
    ----------
    cards : iterable of (label, value) or (label, value, detail), or mapping
        Values are already formatted strings (``fmt_eur(...)``); ``detail`` is a
        short line under the value (e.g. ``"soit 42,0 % de l'encours"``).

    Returns
    -------
    Html
        ``<div class="rc-cards">`` with one ``rc-card`` per figure; every text escaped.

    """
    items = list(cards.items()) if isinstance(cards, Mapping) else [tuple(c) for c in cards]
    out = ['<div class="rc-cards">']
    for item in items:
        if len(item) not in (2, 3):
            raise ValueError(f"a card is (label, value) or (label, value, detail), got {item!r}")
        label, value = item[0], item[1]
        detail = item[2] if len(item) == 3 else None
        out.append('<div class="rc-card">')
        out.append(f'<div class="rc-card-label">{_e(label)}</div>')
        out.append(f'<div class="rc-card-value">{_e(value)}</div>')
        if detail:
            out.append(f'<div class="rc-card-detail">{_e(detail)}</div>')
        out.append("</div>")
    out.append("</div>")
    return Html("".join(out))


def section_note(text: str, kind: str = "info") -> Html:
    """A sentence set apart: a "non disponible" statement, a check result, a caveat.

    Parameters
    ----------
    text : str
        The statement, in French (escaped).
    kind : {"info", "warning", "ok", "missing"}
        Visual emphasis; ``"missing"`` for sections whose inputs are absent.

    """
    if kind not in _NOTE_KINDS:
        raise ValueError(f"kind must be one of {_NOTE_KINDS}, got {kind!r}")
    return Html(f'<p class="rc-note rc-note-{kind}">{_e(text)}</p>')


def paragraph(text: str) -> Html:
    """A plain paragraph of (escaped) text."""
    return Html(f'<p class="rc-text">{_e(text)}</p>')


def bullet_list(items: Iterable[str]) -> Html:
    """An unordered list of (escaped) sentences."""
    lis = "".join(f"<li>{_e(i)}</li>" for i in items)
    return Html(f'<ul class="rc-list">{lis}</ul>')


def facts(mapping: Mapping[str, Any], *, long: bool = False) -> Html:
    """Label/value pairs as a definition list (values already formatted, escaped here).

    ``long=True`` for long texts (formulas of the methodology appendix): plain weight,
    smaller type.
    """
    rows = "".join(
        f'<div class="rc-fact"><dt>{_e(k)}</dt><dd>{_e(_text(v))}</dd></div>'
        for k, v in mapping.items()
    )
    css = "rc-facts rc-appendix" if long else "rc-facts"
    return Html(f'<dl class="{css}">{rows}</dl>')


def cover_page(
    company: str,
    period: str,
    facts_: Mapping[str, Any],
    *,
    title: str = "Audit du poste client",
    subtitle: str = "Rapport mensuel",
    stamp: str = "",
    footer: Iterable[str] = (),
) -> Html:
    """The report's first page.

    Parameters
    ----------
    company : str
        Display name of the audited company (client data: escaped).
    period : str
        The audited month in words (``"octobre 2026"``).
    facts_ : mapping
        Label -> formatted value (as-of date, portfolio size...).
    title, subtitle : str
        Report title lines.
    stamp : str
        Reproducibility stamp, repeated in every page footer of the PDF.
    footer : iterable of str
        Small print at the bottom of the cover (package version...).

    Notes
    -----
    The elements carry the ``rc-running-*`` classes from which the print CSS takes
    the running header and footer (``string-set``), so the page furniture always
    names the company and month the figures belong to.

    """
    small = "".join(f"<p>{_e(line)}</p>" for line in footer)
    stamp_html = (
        '<p class="rc-cover-stamp">Empreinte d’exécution : '
        f'<span class="mono">{_e(stamp)}</span></p>'
        if stamp
        else ""
    )
    # the running footer takes the stamp from an in-flow element (string-set)
    running = f'<p class="rc-running-stamp" aria-hidden="true">{_e(stamp)}</p>' if stamp else ""
    return Html(
        '<section class="rc-cover" id="couverture" aria-label="Couverture">'
        f'<p class="rc-cover-kicker">{_e(subtitle)}</p>'
        f'<h1 class="rc-cover-title">{_e(title)}</h1>'
        f'<p class="rc-cover-company rc-running-company">{_e(company)}</p>'
        f'<p class="rc-cover-period rc-running-period">{_e(period)}</p>'
        f"{facts(facts_)}{running}"
        f'<div class="rc-cover-foot">{stamp_html}{small}</div>'
        "</section>"
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class Headline:
    """Machine-readable headline figures of a report (see :func:`headline`)."""

    def __init__(self, figures: Mapping[str, Any]):
        self.figures = _jsonable(dict(figures))
        json.dumps(self.figures)  # fail early on anything that is not JSON

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return {HEADLINE_MIME: self.figures}

    def __repr__(self) -> str:
        return f"<Headline: {len(self.figures)} figure(s)>"


def headline(figures: Mapping[str, Any]) -> Headline:
    """Record a report's headline figures for the run manifest and the index page.

    Displaying the returned object stores ``figures`` in the executed notebook
    under the MIME type :data:`HEADLINE_MIME`; the report template prints nothing
    for it, and :mod:`recouvrement.reporting` copies it into ``manifest.json``. So
    the index shows exactly the figures of the report, computed once.
    NaN and infinities become ``null``; timestamps ISO dates.
    """
    return Headline(figures)


def figure(fig: Any, caption: str | None = None, *, dpi: int = 150) -> Html:
    """A matplotlib figure as an embedded PNG (``data:`` URI) with an optional caption.

    The figure is closed afterwards, so notebooks do not show it twice and a long
    batch does not accumulate figures. ``alt`` text is the (escaped) caption.
    """
    import base64
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    cap = f"<figcaption>{_e(caption)}</figcaption>" if caption else ""
    return Html(
        f'<figure class="rc-figure"><img alt="{_e(caption or "")}" '
        f'src="data:image/png;base64,{data}">{cap}</figure>'
    )


#: A KPI value in its unit (see :func:`recouvrement.formatting.fmt_unit`).
format_value = fmt_unit


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
        value = r.formatted() if r.available else f"{MISSING} ({_reason(r.reason)})"
        cells = [f'<th scope="row">{_e(r.label)}</th>', f'<td class="num">{_e(value)}</td>']
        if previous is not None:
            cells.append(f'<td class="num">{_e(format_value(previous.get(r.key), r.unit))}</td>')
        if targets is not None:
            target = targets.get(r.key)
            gap = ""
            if target is not None and r.available:
                gap = format_value(r.value - target, r.unit, sign=True)
            cells.append(
                '<td class="num">'
                f"{_e(EMPTY_TEXT if target is None else format_value(target, r.unit))}</td>"
            )
            cells.append(f'<td class="num">{_e(gap or EMPTY_TEXT)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    ths = "".join(
        f'<th scope="col" class="num">{_e(h)}</th>' if i else f'<th scope="col">{_e(h)}</th>'
        for i, h in enumerate(head)
    )
    foot = f'<p class="rc-table-note">{_e(note)}</p>' if note else ""
    return Html(
        f'<div class="rc-table-block"><table class="rc-table rc-kpi-table">{cap}'
        f"<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>{foot}</div>"
    )


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    return (
        text.removeprefix(f"{MISSING} :").removeprefix(MISSING).strip(" :") or "cause non précisée"
    )


def prose(sections: Iterable[tuple[str, Iterable[str]]]) -> Html:
    """Written findings: for each ``(title, sentences)``, a small heading and a list.

    Titles and sentences are plain text (escaped here).
    """
    out = ['<div class="rc-prose">']
    for title, sentences in sections:
        out.append(f'<h4 class="rc-prose-title">{_e(title)}</h4>')
        out.append(str(bullet_list(sentences)))
    out.append("</div>")
    return Html("".join(out))


class Attachment:
    """A document produced by a report beside it (see :func:`attachment`)."""

    def __init__(self, name: str, html: str, count: int):
        if not name.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"an attachment name is a plain word, got {name!r}")
        self.payload = {"name": name, "html": str(html), "count": int(count)}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return {ATTACHMENT_MIME: self.payload}

    def __repr__(self) -> str:
        return f"<Attachment {self.payload['name']}: {self.payload['count']} document(s)>"


def attachment(name: str, html: str, count: int) -> Attachment:
    """Attach a whole HTML document (e.g. the letter drafts) to the report.

    Displaying the returned object stores the document in the executed notebook under
    :data:`ATTACHMENT_MIME`; the report template prints nothing for it and
    :mod:`recouvrement.reporting` writes it beside the report as ``<name>.html`` and
    ``<name>.pdf``. So the documents come from the very figures of the report.
    ``count`` (documents inside, e.g. letters) is recorded in the manifest.
    """
    return Attachment(name, html, count)
