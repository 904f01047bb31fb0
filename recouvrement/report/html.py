"""Report building blocks: escaped, French-formatted HTML fragments (cards, notes, prose...).

Every function returns an :class:`Html` fragment, which notebooks display directly
(it has ``_repr_html_``) and Jinja templates embed as is (it has ``__html__``).
Numbers and dates are formatted with :mod:`recouvrement.formatting` (``1 234,56 €``,
``31/03/2025``, non-breaking spaces); **every value, label and caption is escaped**
with :func:`markupsafe.escape` before it reaches the markup, so a debtor named
``<script>…</script>`` is printed, never executed. Layout (fonts, page breaks,
colours) lives in the report template's CSS (``recouvrement/templates/audit``); this
module only emits semantic markup with ``rc-`` classes.

This module computes nothing: give it the values and figures to show. Tables are in
:mod:`recouvrement.report.html_tables`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from recouvrement.formatting import MISSING, fmt_date, fmt_int, is_missing

#: Shown in a text cell whose value is missing.
EMPTY_TEXT = "—"

#: Shown instead of an exact zero amount when ``blank_zero=True``.
ZERO_DASH = "–"

NOTE_KINDS = ("info", "warning", "ok", "missing")


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


def esc(value: Any) -> Markup:
    """Escape any value for HTML text or attribute content."""
    return escape("" if value is None else str(value))


def cell_text(value: Any) -> str:
    """Plain (non-numeric) cell: missing -> em dash, timestamps as dates."""
    if is_missing(value):
        return EMPTY_TEXT
    if isinstance(value, pd.Timestamp):
        return fmt_date(value)
    if isinstance(value, float) and value.is_integer():
        return fmt_int(value)
    return str(value)


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
        out.append(f'<div class="rc-card-label">{esc(label)}</div>')
        out.append(f'<div class="rc-card-value">{esc(value)}</div>')
        if detail:
            out.append(f'<div class="rc-card-detail">{esc(detail)}</div>')
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
    if kind not in NOTE_KINDS:
        raise ValueError(f"kind must be one of {NOTE_KINDS}, got {kind!r}")
    return Html(f'<p class="rc-note rc-note-{kind}">{esc(text)}</p>')


def paragraph(text: str) -> Html:
    """A plain paragraph of (escaped) text."""
    return Html(f'<p class="rc-text">{esc(text)}</p>')


def bullet_list(items: Iterable[str]) -> Html:
    """An unordered list of (escaped) sentences."""
    lis = "".join(f"<li>{esc(i)}</li>" for i in items)
    return Html(f'<ul class="rc-list">{lis}</ul>')


def facts(mapping: Mapping[str, Any], *, long: bool = False) -> Html:
    """Label/value pairs as a definition list (values already formatted, escaped here).

    ``long=True`` for long texts (formulas of the methodology appendix): plain weight,
    smaller type.
    """
    rows = "".join(
        f'<div class="rc-fact"><dt>{esc(k)}</dt><dd>{esc(cell_text(v))}</dd></div>'
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
    """The report's first page: company, month, who signs it, for whom, « Confidentiel ».

    Parameters
    ----------
    company : str
        Display name of the audited company (client data: escaped).
    period : str
        The audited month in words (``"octobre 2026"``).
    facts_ : mapping
        Label -> formatted value (addressee, consultant, as-of date, issue date...).
    title, subtitle : str
        Report title lines.
    stamp : str
        The report's reference (its run stamp), repeated in every page footer of the
        PDF; carried by an attribute of the cover, never as hidden text.
    footer : iterable of str
        Small print at the bottom of the cover (confidentiality, currency...).

    Notes
    -----
    The elements carry the ``rc-running-*`` classes from which the print CSS takes
    the running header and footer (``string-set``), so the page furniture always
    names the company and month the figures belong to.

    """
    small = "".join(f"<p>{esc(line)}</p>" for line in footer)
    return Html(
        '<section class="rc-cover" id="couverture" aria-label="Couverture" '
        f'data-stamp="{esc(stamp)}">'
        '<p class="rc-cover-confidential">Confidentiel</p>'
        f'<p class="rc-cover-kicker">{esc(subtitle)}</p>'
        f'<h1 class="rc-cover-title">{esc(title)}</h1>'
        f'<p class="rc-cover-company rc-running-company">{esc(company)}</p>'
        f'<p class="rc-cover-period rc-running-period">{esc(period)}</p>'
        f"{facts(facts_)}"
        f'<div class="rc-cover-foot">{small}</div>'
        "</section>"
    )


def figure(fig: Any, caption: str | None = None, *, dpi: int = 150) -> Html:
    """A matplotlib figure as a vector SVG image (``data:`` URI), with an optional caption.

    The text of the chart is drawn as glyph outlines (``svg.fonttype = "path"``): the
    SVG has no ``<text>`` element, needs no font to be viewed, and a client name in a
    chart can never become markup. It is embedded as an ``<img>`` (base64 ``data:``
    URI): an image document never runs a script, its ids and styles never meet the
    page's, and WeasyPrint draws it as vector graphics without passing its thousands of
    elements through the page's CSS cascade (2,5 s less per report than inline SVG).
    The XML metadata, comments and matplotlib's stylesheet (its defaults are
    attributes) are dropped; the image scales to the column
    (``width: 100%``) and its ``alt`` is the escaped caption, also printed as
    ``<figcaption>``. ``dpi`` is the resolution of rasterised artists only (images).

    The figure is closed afterwards, so notebooks do not show it twice and a long
    batch does not accumulate figures.
    """
    import base64
    import io
    import re

    import matplotlib
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    try:
        with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "recouvrement"}):
            fig.savefig(buffer, format="svg", dpi=dpi, bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML prolog nor doctype
    svg = re.sub(r"<metadata>.*?</metadata>|<!--.*?-->|<style.*?</style>", "", svg, flags=re.DOTALL)
    data = base64.b64encode(svg.strip().encode("utf-8")).decode("ascii")
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return Html(
        f'<figure class="rc-figure"><img class="rc-chart" alt="{esc(caption or "")}" '
        f'src="data:image/svg+xml;base64,{data}">{cap}</figure>'
    )


def reason_text(reason: str | None) -> str:
    """The why of a KPI not available, without its ``non disponible :`` prefix."""
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
        out.append(f'<h4 class="rc-prose-title">{esc(title)}</h4>')
        out.append(str(bullet_list(sentences)))
    out.append("</div>")
    return Html("".join(out))
