"""Charts are tested on their artists (Agg backend) and on their SVG, with hand-made inputs."""

from __future__ import annotations

import base64
import io
import math
import re
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from recouvrement import conventions as cv  # noqa: E402
from recouvrement.formatting import set_money_unit  # noqa: E402
from recouvrement.report import chart_style as style  # noqa: E402
from recouvrement.report import charts as plots  # noqa: E402
from recouvrement.report.fonts import FONT_FAMILY  # noqa: E402
from recouvrement.report.html import figure  # noqa: E402

COLUMNS = ["Non échu", "1-30", "31-60", "61-90", "> 90", "Non affecté", "Total"]
HOSTILE = "<script>alert(1)</script> $x^2$"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")
    set_money_unit("EUR")


def balance():
    return pd.DataFrame(
        [
            [100.0, 50.0, 0.0, 0.0, 30.0, -10.0, 170.0],
            [0.0, 0.0, 200.0, 0.0, 0.0, 0.0, 200.0],
            [40.0, 0.0, 0.0, 0.0, 0.0, 0.0, 40.0],
        ],
        index=pd.Index(["A", "B", "C"], name="debtor_id"),
        columns=COLUMNS,
    )


def big_balance(n: int = 10) -> pd.DataFrame:
    """``n`` debtors with overdue amounts from 190 000 to 1 234 567 (wide tick labels)."""
    overdue = np.linspace(1_234_567.0, 190_000.0, n)
    frame = pd.DataFrame(0.0, index=[f"D{i}" for i in range(n)], columns=COLUMNS)
    frame["> 90"] = overdue
    frame["Total"] = overdue
    return frame.rename_axis("debtor_id")


def history(months: int = 2) -> pd.DataFrame:
    values = np.tile([10.0, 5.0, 0.0, 0.0, 1.0, -2.0, 14.0], (months, 1))
    values[1:, :] = [20.0, 0.0, 5.0, 0.0, 1.0, 0.0, 26.0]
    ends = pd.date_range("2025-02-28", periods=months, freq="ME", name="as_of")
    return pd.DataFrame(values, index=ends, columns=COLUMNS)


def kpis() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2025-01-31", "2025-02-28", "2025-03-31"]),
            "key": "dso",
            "label": "DSO (méthode comptable)",
            "unit": "j",
            "value": [50.0, None, 45.0],
        }
    )


# ------------------------------------------------------------------ artists ----


def test_aged_balance_over_time_stacks_buckets():
    fig = plots.aged_balance_over_time(history())
    ax = fig.axes[0]
    assert len(ax.patches) == 10  # 5 buckets x 2 months, Non affecté not drawn
    first_month = [p.get_height() for p in ax.patches[::2]]
    assert first_month == [10.0, 5.0, 0.0, 0.0, 1.0]
    tops = [p.get_y() + p.get_height() for p in ax.patches[-2:]]
    assert tops == [16.0, 26.0]  # stacked: totals without Non affecté
    assert [t.get_text() for t in ax.get_xticklabels()] == ["févr. 25", "mars 25"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == COLUMNS[:5]
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches[::2]]
    assert colours == list(style.BUCKET_COLOURS)


def test_a_long_history_labels_one_month_in_k_and_always_the_last():
    fig = plots.aged_balance_over_time(history(25))
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    shown = [label for label in labels if label]
    assert len(labels) == 25 and len(shown) <= style.MAX_MONTH_LABELS
    assert labels[-1] == "févr. 27" and labels[0] == "févr. 25"


def test_kpi_against_target():
    fig = plots.kpi_against_target(kpis(), "dso", target=45.0)
    ax = fig.axes[0]
    line, target = ax.get_lines()
    assert list(line.get_ydata()[[0, 2]]) == [50.0, 45.0] and pd.isna(line.get_ydata()[1])
    assert list(target.get_ydata()) == [45.0, 45.0]
    assert ax.get_title() == "DSO (méthode comptable)" and ax.get_ylabel() == "jours"
    with pytest.raises(ValueError, match="no KPI 'cei'"):
        plots.kpi_against_target(kpis(), "cei")


def test_top_overdue_debtors_uses_names_and_order_and_labels_the_bars():
    fig = plots.top_overdue_debtors(balance(), n=2, names={"B": "Béta SA"})
    ax = fig.axes[0]
    # overdue: B 200, A 80 (50 + 30); C has nothing overdue; largest drawn on top
    assert [p.get_width() for p in ax.patches] == [80.0, 200.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "Béta SA"]
    assert [t.get_text() for t in ax.texts] == ["80\u00a0€", "200\u00a0€"]


def test_top_overdue_debtors_value_labels_in_k_and_m_euros():
    ax = plots.top_overdue_debtors(big_balance(3)).axes[0]
    assert [t.get_text() for t in ax.texts] == ["190\u00a0k€", "712\u00a0k€", "1,2\u00a0M€"]


def test_bucket_mix_shares_and_amounts():
    fig = plots.bucket_mix(balance())
    ax = fig.axes[0]
    # Σ buckets = 140 + 50 + 200 + 0 + 30 = 420
    heights = [round(p.get_height(), 4) for p in ax.patches]
    assert heights == [round(v / 420 * 100, 4) for v in (140, 50, 200, 0, 30)]
    assert [t.get_text() for t in ax.texts][0] == "33,3\u00a0%\n140\u00a0€"
    assert [t.get_text() for t in ax.texts][3] == "0,0\u00a0%\n0"


def test_client_names_are_printed_as_written_never_as_math():
    # two debtors with the same name keep a bar each; $...$ is text, not a formula
    names = {"A": "Morel $5 et $10", "B": "Morel $5 et $10", "C": r"$\foo$"}
    frame = pd.DataFrame(
        {"Non échu": [0.0] * 3, "1-30": [100.0, 50.0, 20.0], "Non affecté": [0.0] * 3},
        index=pd.Index(["A", "B", "C"], name="debtor_id"),
    )
    frame["Total"] = frame.sum(axis=1)
    fig = plots.top_overdue_debtors(frame, n=3, names=names)
    ax = fig.axes[0]
    assert [p.get_width() for p in ax.patches] == [20.0, 50.0, 100.0]
    labels = ax.get_yticklabels()
    assert [t.get_text() for t in labels] == [r"$\foo$", "Morel $5 et $10", "Morel $5 et $10"]
    assert not any(t.get_parse_math() for t in labels)
    fig.savefig(io.BytesIO(), format="png")  # an unknown TeX command would fail here


def test_long_debtor_names_are_shortened():
    long = "Société Générale des Établissements Métallurgiques du Sud-Ouest"
    ax = plots.top_overdue_debtors(balance(), names={"B": long}).axes[0]
    label = ax.get_yticklabels()[-1].get_text()
    assert len(label) == 40 and label.endswith("…") and long.startswith(label[:-1])


def chart_figures():
    return {
        "aged_balance_over_time": plots.aged_balance_over_time(history(13)),
        "kpi_against_target": plots.kpi_against_target(kpis(), "dso", 45.0),
        "top_overdue_debtors": plots.top_overdue_debtors(big_balance(), names={"D0": HOSTILE}),
        "bucket_mix": plots.bucket_mix(big_balance()),
    }


def test_one_type_scale_and_the_shipped_family_everywhere():
    for name, fig in chart_figures().items():
        ax = fig.axes[0]
        ticks = [*ax.get_xticklabels(), *ax.get_yticklabels()]
        assert {t.get_fontsize() for t in ticks} == {8.5}, name
        assert ax.title.get_fontsize() == 10 and ax.yaxis.label.get_fontsize() == 9, name
        assert {t.get_fontsize() for t in ax.texts} <= {8.5}, name
        assert all(t.get_fontfamily()[0] == FONT_FAMILY for t in [*ticks, ax.title]), name


@pytest.mark.parametrize("name", ["aged_balance_over_time", "top_overdue_debtors"])
def test_tick_labels_do_not_overlap(name):
    fig = chart_figures()[name]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for labels in (fig.axes[0].get_xticklabels(), fig.axes[0].get_yticklabels()):
        boxes = [t.get_window_extent(renderer) for t in labels if t.get_text()]
        for a, b in zip(boxes, boxes[1:], strict=False):
            assert not a.overlaps(b), (name, a, b)


# ---------------------------------------------------------------------- SVG ----


def svg_text(html: str) -> str:
    """The SVG of a chart's ``<img>`` (a base64 ``data:`` URI), or an inline one (sparklines)."""
    match = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    if match:
        return base64.b64decode(match[1]).decode("utf-8")
    inline = re.search(r"<svg\b.*</svg>", html, flags=re.DOTALL)
    assert inline, html[:200]
    return inline[0]


def svg_of(html: str) -> ET.Element:
    return ET.fromstring(svg_text(html))


@pytest.mark.parametrize("name", ["aged_balance_over_time", "kpi_against_target",
                                  "top_overdue_debtors", "bucket_mix"])  # fmt: skip
def test_each_chart_is_well_formed_svg_with_text_as_paths(name):
    html = str(figure(chart_figures()[name], f"Légende {HOSTILE}"))
    root = svg_of(html)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert "path" in tags and not tags & {"text", "script", "style", "foreignObject"}
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    assert 'class="rc-chart" alt="Légende &lt;script&gt;' in html  # escaped caption as alt
    inner = svg_text(html)
    assert "<script" not in inner and "<!--" not in inner and "<?xml" not in inner
    assert "<script" not in html and html.count("alert(") == 2  # alt and figcaption
    assert html.endswith("<figcaption>Légende &lt;script&gt;alert(1)&lt;/script&gt; $x^2$"
                          "</figcaption></figure>")  # fmt: skip


def test_a_hostile_debtor_name_is_drawn_never_written():
    fig = plots.top_overdue_debtors(big_balance(), names={"D0": HOSTILE})
    assert fig.axes[0].get_yticklabels()[-1].get_text() == HOSTILE
    inner = svg_text(str(figure(fig, "Principaux débiteurs")))
    assert "script" not in inner and "alert" not in inner and "x^2" not in inner


def test_figure_closes_the_figure_and_every_reference_resolves_in_its_own_image():
    """Each chart is a document of its own (an image): its ids never meet the page's."""
    before = len(plt.get_fignums())
    first = str(figure(plots.bucket_mix(balance())))
    second = str(figure(plots.bucket_mix(big_balance())))
    assert len(plt.get_fignums()) == before
    for html in (first, second):
        inner = svg_text(html)
        own = set(re.findall(r'\bid="([^"]+)"', inner))
        refs = set(re.findall(r'(?:href="#|url\(#)([^")]+)', inner))
        assert refs and refs <= own
        assert not re.search(r'\bid="', html.split("src=")[0])  # no id in the page itself
    assert "<figcaption>" not in first and 'alt=""' in first


def test_weasyprint_prints_the_chart_as_vectors_without_any_font():
    html = f"<html><body>{figure(plots.top_overdue_debtors(balance(), names={'A': HOSTILE}))}"
    page = PdfReader(io.BytesIO(HTML(string=html + "</body></html>").write_pdf())).pages[0]
    resources = {key: value.get_object() for key, value in page["/Resources"].items()}
    assert not resources.get("/Font")  # the text is drawn as outlines
    xobjects = [x.get_object() for x in resources.get("/XObject", {}).values()]
    assert [x for x in xobjects if x["/Subtype"] == "/Image"] == []  # no bitmap
    drawn = len(page.get_contents().get_data()) + sum(len(x.get_data()) for x in xobjects)
    assert drawn > 5000  # the bars and glyphs are there, as vector paths


# ------------------------------------------------------------ amounts, palette ----


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_234_567, "1,2\u00a0M€"),
        (350_000, "350\u00a0k€"),
        (0, "0"),
        (1_960_000, "2,0\u00a0M€"),
        (2_000_000, "2\u00a0M€"),
        (12_345_678, "12\u00a0M€"),
        (1_234, "1,2\u00a0k€"),
        (999_999, "1\u00a0M€"),
        (999, "999\u00a0€"),
        (-350_000, "\u2212350\u00a0k€"),
        (float("nan"), "non disponible"),
    ],
    ids=["1.2M", "350k", "zero", "2.0M", "2M", "12M", "1.2k", "rounds-up", "euros", "neg", "nan"],
)
def test_fmt_amount_short(value, expected):
    assert style.fmt_amount_short(value) == expected


def test_fmt_amount_short_unit_from_the_axis_and_currency():
    assert style.fmt_amount_short(200_000, top=1_500_000, decimals=1) == "0,2\u00a0M€"
    set_money_unit("USD")
    assert style.fmt_amount_short(350_000) == "350\u00a0kUSD"


@pytest.mark.parametrize(
    ("ticks", "expected"),
    [
        ([0, 5e5, 1e6, 1.5e6], ["0", "0,5\u00a0M€", "1,0\u00a0M€", "1,5\u00a0M€"]),
        ([0, 2e5, 4e5], ["0", "200\u00a0k€", "400\u00a0k€"]),
        ([0, 2e6, 4e6], ["0", "2\u00a0M€", "4\u00a0M€"]),
    ],
    ids=["half-millions", "thousands", "millions"],
)
def test_amount_axis_ticks(ticks, expected):
    fig, ax = plt.subplots()
    ax.set_ylim(0, ticks[-1])
    ax.set_yticks(ticks)
    ax.yaxis.set_major_formatter(style.AmountFormatter())
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == expected


def luminance(colour: str) -> float:
    """WCAG relative luminance."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


@pytest.mark.parametrize(
    "scheme",
    [cv.Buckets(), cv.Buckets((30, 60, 90, 120)), cv.MONTH_BUCKETS],
    ids=["jours", "120", "mois"],
)
@pytest.mark.parametrize("basis", ["due", "issue"])
def test_bucket_palette(scheme, basis):
    labels = scheme.labels(basis)
    colours = plots.bucket_colours(labels)
    assert len(colours) == len(labels) == len(set(colours))
    overdue = [c for label, c in zip(labels, colours, strict=True) if label != cv.NOT_DUE_LABEL]
    lum = [luminance(c) for c in overdue]
    assert all(a > b + 0.02 for a, b in zip(lum, lum[1:], strict=False))  # older, darker
    assert all((1.05 / (luminance(c) + 0.05)) >= 2 for c in colours)  # plain on white
    if basis == "due":
        assert colours[0] == style.NOT_DUE_COLOUR
        blue = to_rgb(colours[0])
        assert blue[2] > blue[0] and all(to_rgb(c)[0] > to_rgb(c)[2] for c in overdue[:2])


def test_default_palette_constant():
    assert len(style.BUCKET_COLOURS) == len(COLUMNS) - 2
    assert style.BUCKET_COLOURS[-1] == min(style.BUCKET_COLOURS, key=luminance)


def test_short_month():
    assert style.short_month("2025-11-30") == "nov. 25"
    assert style.short_month(pd.Timestamp("2026-02-28")) == "févr. 26"


# ---------------------------------------------------------------- sparkline ----


def test_sparkline_with_a_gap_and_a_target():
    root = svg_of(str(plots.sparkline([1, 2, math.nan, 4], target=3)))
    assert (root.get("width"), root.get("height"), root.get("role")) == ("110", "28", "img")
    path = root.find(f"{SVG}path").get("d")
    assert path.count("M") == 2 and path.count("L") == 1  # 1 -> 2, gap, 4 alone
    last = root.find(f"{SVG}circle[@class='rc-spark-last']")
    assert (float(last.get("cx")), float(last.get("cy"))) == (107.0, 3.0)  # right, top (max)
    target = root.find(f"{SVG}line")
    assert target.get("stroke-dasharray") and float(target.get("y1")) == pytest.approx(10.3, 0.1)
    assert {e.tag.removeprefix(SVG) for e in root.iter()} == {"svg", "path", "circle", "line"}


def test_sparkline_edge_cases():
    assert "h0" in svg_of(str(plots.sparkline([1, math.nan, 2, math.nan, 3, 4]))).find(
        f"{SVG}path"
    ).get("d")  # 2 alone between gaps is a dot
    flat = svg_of(str(plots.sparkline([5.0, 5.0, None])))
    assert flat.find(f"{SVG}circle").get("cy") == "14.0"  # a flat line through the middle
    assert flat.find(f"{SVG}circle").get("cx") == "55.0"  # the last value known
    empty = svg_of(str(plots.sparkline([math.nan, None])))
    assert list(empty) == [] and empty.get("aria-label") == "Évolution sur 2 mois"
