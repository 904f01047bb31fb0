"""Charts are tested on their artists (Agg backend), with hand-made inputs."""

from __future__ import annotations

import io

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from recouvrement.report import charts as plots  # noqa: E402

COLUMNS = ["Non échu", "1-30", "31-60", "61-90", "> 90", "Non affecté", "Total"]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


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


def test_aged_balance_over_time_stacks_buckets():
    hist = pd.DataFrame(
        [[10.0, 5.0, 0.0, 0.0, 1.0, -2.0, 14.0], [20.0, 0.0, 5.0, 0.0, 1.0, 0.0, 26.0]],
        index=pd.DatetimeIndex(["2025-02-28", "2025-03-31"], name="as_of"),
        columns=COLUMNS,
    )
    fig = plots.aged_balance_over_time(hist)
    ax = fig.axes[0]
    assert len(ax.patches) == 10  # 5 buckets x 2 months, Non affecté not drawn
    first_month = [p.get_height() for p in ax.patches[::2]]
    assert first_month == [10.0, 5.0, 0.0, 0.0, 1.0]
    tops = [p.get_y() + p.get_height() for p in ax.patches[-2:]]
    assert tops == [16.0, 26.0]  # stacked: totals without Non affecté
    assert [t.get_text() for t in ax.get_xticklabels()] == ["février 2025", "mars 2025"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == COLUMNS[:5]


def test_kpi_against_target():
    hist = pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2025-01-31", "2025-02-28", "2025-03-31"]),
            "key": "dso",
            "label": "DSO (méthode comptable)",
            "unit": "j",
            "value": [50.0, None, 45.0],
        }
    )
    fig = plots.kpi_against_target(hist, "dso", target=45.0)
    ax = fig.axes[0]
    line, target = ax.get_lines()
    assert list(line.get_ydata()[[0, 2]]) == [50.0, 45.0] and pd.isna(line.get_ydata()[1])
    assert list(target.get_ydata()) == [45.0, 45.0]
    assert ax.get_title() == "DSO (méthode comptable)" and ax.get_ylabel() == "jours"
    with pytest.raises(ValueError, match="no KPI 'cei'"):
        plots.kpi_against_target(hist, "cei")


def test_top_overdue_debtors_uses_names_and_order():
    fig = plots.top_overdue_debtors(balance(), n=2, names={"B": "Béta SA"})
    ax = fig.axes[0]
    # overdue: B 200, A 80 (50 + 30); C has nothing overdue; largest drawn on top
    assert [p.get_width() for p in ax.patches] == [80.0, 200.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "Béta SA"]


def test_bucket_mix_shares():
    fig = plots.bucket_mix(balance())
    ax = fig.axes[0]
    # Σ buckets = 140 + 50 + 200 + 0 + 30 = 420
    heights = [round(p.get_height(), 4) for p in ax.patches]
    assert heights == [
        round(140 / 420 * 100, 4),
        round(50 / 420 * 100, 4),
        round(200 / 420 * 100, 4),
        0.0,
        round(30 / 420 * 100, 4),
    ]
    assert [t.get_text() for t in ax.texts][0] == "33,3\u00a0%"


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
