"""Report building blocks: escaping and French formatting of what reaches the HTML."""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from recouvrement.kpi import KpiResult  # noqa: E402
from recouvrement.report import display as rd  # noqa: E402

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _kpi(key, value, unit, *, reason=None, significant=True, label=None):
    return KpiResult(
        key=key,
        label=label or key,
        value=value,
        unit=unit,
        numerator=None,
        denominator=None,
        n_debtors=None,
        significant=significant,
        convention="c",
        as_of=pd.Timestamp("2026-10-31"),
        months=1,
        reason=reason,
    )


def test_table_escapes_every_cell_header_and_caption_and_formats_french():
    frame = pd.DataFrame(
        {XSS: [XSS, "b"], "Montant": [1234.5, -2.0], "Date": pd.to_datetime(["2025-03-31", None])}
    )
    html = str(
        rd.table_html(frame, money=["Montant"], caption=XSS, note=XSS, total_row=True, index=False)
    )
    assert XSS not in html
    assert html.count(ESCAPED) == 4  # header, cell, caption, note
    assert "1\u00a0234,50\u00a0€" in html and "\u22122,00\u00a0€" in html
    assert "1\u00a0232,50\u00a0€" in html  # total row
    assert "31/03/2025" in html
    assert "non disponible" in html and "NaT" not in html  # a missing date is said


def test_table_folds_rows_beyond_max_rows_and_still_adds_up():
    frame = pd.DataFrame({"Nom": list("abcd"), "Montant": [4.0, 3.0, 2.0, 1.0]})
    html = str(
        rd.table_html(
            frame, money=["Montant"], max_rows=2, others_label="Autres", total_row=True, index=False
        )
    )
    assert "Autres (2)" in html and "3,00\u00a0€" in html and "10,00\u00a0€" in html


def test_empty_table_says_so():
    html = str(rd.table_html(pd.DataFrame({"a": []}), empty="Aucune ligne ce mois."))
    assert "Aucune ligne ce mois." in html and "<table" not in html


def test_kpi_table_values_previous_target_gap_and_unavailable():
    rows = [
        _kpi("dso", 49.44, "j", label="DSO"),
        _kpi("recovery_rate", 30.26, "%", label="Taux <b>"),
        _kpi(
            "dispute_rate",
            None,
            "%",
            reason="non disponible : pas de table des litiges",
            label="Litiges",
        ),
        _kpi("cei", 65.3, "%", significant=False, label="CEI"),
    ]
    html = str(
        rd.kpi_table(rows, targets={"dso": 60.0, "recovery_rate": 90.0}, previous={"dso": 51.4})
    )
    assert "Taux &lt;b&gt;" in html
    assert "49,4\u00a0j" in html and "51,4\u00a0j" in html and "60,0\u00a0j" in html
    assert "\u221210,6\u00a0j" in html  # 49.44 − 60
    assert "\u221259,7\u00a0pts" in html  # 30.26 − 90, in points
    assert "non disponible (pas de table des litiges)" in html
    assert "(non significatif)" in html


def test_prose_and_facts_escape_text():
    html = str(rd.prose([("Titre " + XSS, ["Phrase " + XSS])]) + rd.facts({XSS: XSS}, long=True))
    assert XSS not in html and html.count(ESCAPED) == 4
    assert "rc-appendix" in html


def test_cover_escapes_company_name():
    html = str(rd.cover_page(XSS, "octobre 2026", {"Débiteurs": XSS}, stamp="abc"))
    assert XSS not in html and ESCAPED in html and "octobre 2026" in html


def test_figure_embeds_vector_svg_and_closes_the_figure():
    """Charts are inline SVG with their text as glyph outlines: vector in the PDF, no
    font needed, no client text as markup."""
    fig, ax = plt.subplots()
    ax.bar([0, 1], [1, 2])
    before = len(plt.get_fignums())
    html = str(rd.figure(fig, "Légende " + XSS))
    assert '<img class="rc-chart" alt="Légende &lt;script&gt;' in html
    inner = base64.b64decode(html.split("base64,")[1].split('"')[0]).decode()
    assert inner.startswith("<svg") and "<text" not in inner  # vector, text as outlines
    assert "data:image/png" not in html
    assert ESCAPED in html and XSS not in html
    assert len(plt.get_fignums()) == before - 1


def test_decimals_per_column():
    frame = pd.DataFrame({"Score": [48.3, 9.0], "Autre": [1.234, 2.0]})
    html = str(rd.table_html(frame, decimals={"Score": 1}, index=False))
    assert ">48,3<" in html and ">9,0<" in html and ">1,23<" in html
    with pytest.raises(KeyError, match="Scor"):
        rd.table_html(frame, decimals={"Scor": 1})


def test_a_level_column_is_never_totalled():
    """A dunning level or days left do not add up: blank in the total and folded rows,
    while the counts and amounts beside them add up (2 + 1 + 4 invoices, 350 €)."""
    frame = pd.DataFrame(
        {
            "Action": ["Mise en demeure", "Lettre", "Courriel"],
            "Niveau": [3, 2, 1],
            "Factures": [2, 1, 4],
            "Montant": [100.0, 200.0, 50.0],
        }
    )
    html = str(
        rd.table_html(
            frame,
            ints=["Niveau", "Factures"],
            money=["Montant"],
            unsummed=["Niveau"],
            total_row=True,
            max_rows=2,
            index=False,
        )
    )
    total = html.split('class="rc-total"')[1]
    assert '<td>Total</td><td class="num"></td><td class="num">7</td>' in total
    assert "350,00" in total
    folded = html.split('class="rc-others"')[1].split("</tr>")[0]
    assert '<td class="num"></td><td class="num">4</td>' in folded
