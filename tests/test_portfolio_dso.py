"""The DSO bridge (portfolio/dso_bridge.py, portfolio/shapley.py), checked by hand.

:func:`bridged` is built so that the effects are round numbers: DSO over one month of
sales (``months=1``), 31/03/2025 (31 days) to 30/04/2025 (30 days), two debtor kinds.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from builders import (
    PROPS,
    credit_notes,
    debtor_payments,
    debtors,
    invoices,
    ledger,
    payment_rows,
    write_offs,
)
from hypothesis import event, given, settings
from hypothesis import strategies as st

from recouvrement import kpi
from recouvrement.portfolio import (
    GROUP_COLUMNS,
    WATERFALL_COLUMNS,
    decompose_dso,
    dso_bridge,
    dso_bridge_from_cents,
    dso_waterfall,
)

REL = 1e-12


@functools.cache
def bridged():
    """A professionnel (group P), B particulier (group Q); amounts in euros.

    March, sales of (28/02, 31/03], D = 31 days:
      A1 2 000 issued 15/02 (not a March sale), paid 20/03
      A2 3 400 issued 05/03, credit note 300 on 25/03 -> net sales P 3 100, R_P 3 100
      B1 1 000 issued 10/01, written off 15/03          -> R_Q: 0 from B1
      B2 3 100 issued 12/03, 1 550 paid 28/03           -> sales Q 3 100, R_Q 1 550
      s_P = s_Q = 3 100 / 31 = 100 a day, s = 200; DSO = 4 650 / 200 = 23.25 days
      w_P = w_Q = 1/2; d_P = 3 100 / 100 = 31, d_Q = 1 550 / 100 = 15.5
    April, sales of (31/03, 30/04], D = 30 days:
      A3 6 000 issued 10/04; A2's 3 100 paid 20/04      -> sales P 6 000, R_P 6 000
      B3 3 000 issued 08/04; B2's 1 550 paid 15/04, 1 000 of B3 paid 25/04
                                                        -> sales Q 3 000, R_Q 2 000
      s_P = 200, s_Q = 100, s = 300; DSO = 8 000 / 300 = 26.667 days
      w_P = 2/3, w_Q = 1/3; d_P = 30, d_Q = 20
    ΔDSO = 80/3 − 93/4 = 41/12 = 3.41667
    mix        P (2/3 − 1/2) × (31 + 30)/2 = 61/12     Q (1/3 − 1/2) × (15.5 + 20)/2 = −35.5/12
               = 25.5/12 = 2.125
    volume     P (7/12) × (3 100 + 6 000)/2 × (1/200 − 1/100) = −7 × 4 550 / 2 400
               Q (5/12) × 1 775 × (1/100 − 1/100) = 0         -> −31 850 / 2 400 = −13.27083
    collection P (7/12) × 2 900 × (1/100 + 1/200)/2 = 7/12 × 21.75 = 12.6875
               Q (5/12) × 450 × (1/100 + 1/100)/2 = 5/12 × 4.5 = 1.875   -> 14.5625
    2.125 − 13.27083 + 14.5625 = 3.41667 = ΔDSO.
    """
    return ledger(
        invoices(
            ("A1", "A", "2025-02-15", "2025-03-17", 2000.0),
            ("A2", "A", "2025-03-05", "2025-04-04", 3400.0),
            ("A3", "A", "2025-04-10", "2025-05-10", 6000.0),
            ("B1", "B", "2025-01-10", "2025-02-09", 1000.0),
            ("B2", "B", "2025-03-12", "2025-04-11", 3100.0),
            ("B3", "B", "2025-04-08", "2025-05-08", 3000.0),
        ),
        debtor_payments(
            ("A", "A1", "2025-03-20", 2000.0),
            ("B", "B2", "2025-03-28", 1550.0),
            ("B", "B2", "2025-04-15", 1550.0),
            ("A", "A2", "2025-04-20", 3100.0),
            ("B", "B3", "2025-04-25", 1000.0),
        ),
        credit_notes=credit_notes(("A2", "2025-03-25", 300.0)),
        write_offs=write_offs(("B1", "2025-03-15", 1000.0)),
        debtors=debtors(("A", "Alpha", "professionnel", None), ("B", "Bêta", "particulier", None)),
    )


def test_bridge_by_hand():
    b = dso_bridge(bridged(), "2025-04-30", months=1)
    assert (b.month_from, b.month_to, b.days_from, b.days_to) == ("2025-03", "2025-04", 31, 30)
    assert (b.as_of_from, b.as_of_to) == (pd.Timestamp("2025-03-31"), pd.Timestamp("2025-04-30"))
    assert (b.dso_method, b.months, b.by, b.available, b.reason) == (
        "simple",
        1,
        "kind",
        True,
        None,
    )
    # R and S in cents: 3 100 + 1 550, 6 000 + 2 000; 3 100 + 3 100, 6 000 + 3 000
    assert (b.receivables_from_cents, b.receivables_to_cents) == (465_000, 800_000)
    assert (b.sales_from_cents, b.sales_to_cents) == (620_000, 900_000)
    assert b.dso_from == pytest.approx(23.25, rel=REL)
    assert b.dso_to == pytest.approx(80 / 3, rel=REL)
    assert b.mix_effect == pytest.approx(25.5 / 12, rel=REL)
    assert b.volume_effect == pytest.approx(-31_850 / 2_400, rel=REL)
    assert b.collection_effect == pytest.approx(12.6875 + 1.875, rel=REL)
    assert b.change == pytest.approx(41 / 12, rel=REL)
    assert b.volume_effect + b.mix_effect + b.collection_effect == pytest.approx(41 / 12, rel=REL)
    # the DSO are the KPI's, to the last digit
    for day, value in (("2025-03-31", b.dso_from), ("2025-04-30", b.dso_to)):
        assert kpi.days_sales_outstanding(bridged(), day, months=1).value == pytest.approx(
            value, rel=REL
        )
    assert "Shapley" in b.method and "Bennet" in b.method


def test_bridge_groups_by_hand():
    g = dso_bridge(bridged(), "2025-04-30", months=1).groups
    assert g.columns.tolist() == GROUP_COLUMNS
    assert g.index.tolist() == ["particulier", "professionnel"]
    p, q = g.loc["professionnel"], g.loc["particulier"]
    assert p[["receivables_from_cents", "receivables_to_cents"]].tolist() == [310_000, 600_000]
    assert q[["sales_from_cents", "sales_to_cents"]].tolist() == [310_000, 300_000]
    assert (p["treatment"], q["treatment"]) == ("comparable", "comparable")
    assert [p["weight_from"], p["weight_to"]] == pytest.approx([1 / 2, 2 / 3], rel=REL)
    assert [p["dso_from"], p["dso_to"], q["dso_from"], q["dso_to"]] == pytest.approx(
        [31, 30, 15.5, 20], rel=REL
    )
    assert p["mix_effect"] == pytest.approx(61 / 12, rel=REL)
    assert q["mix_effect"] == pytest.approx(-35.5 / 12, rel=REL)
    assert q["volume_effect"] == 0.0
    assert p["collection_effect"] == pytest.approx(12.6875, rel=REL)


def test_waterfall_by_hand():
    w = dso_waterfall(dso_bridge(bridged(), "2025-04-30", months=1))
    assert w.columns.tolist() == WATERFALL_COLUMNS
    assert w["step"].tolist() == ["dso_from", "volume", "mix", "collection", "dso_to"]
    assert w["label"].tolist() == [
        "DSO au 31/03/2025",
        "Effet volume",
        "Effet mix",
        "Effet encaissement",
        "DSO au 30/04/2025",
    ]
    assert w["kind"].tolist() == ["total", "effect", "effect", "effect", "total"]
    # 23.25 − 13.27083 = 9.97917; + 2.125 = 12.10417; + 14.5625 = 26.66667
    after_volume = 23.25 - 31_850 / 2_400
    assert w["start"].tolist() == pytest.approx(
        [0, 23.25, after_volume, after_volume + 2.125, 0], rel=REL
    )
    assert w["end"].tolist() == pytest.approx(
        [23.25, after_volume, after_volume + 2.125, 80 / 3, 80 / 3], rel=REL
    )


def test_one_group_has_no_mix():
    # every debtor in one group: mix 0, volume + collection as the two-factor split of R / s
    # volume = (4 650 + 8 000)/2 × (1/300 − 1/200) = −21.0833; collection = 3 350 ×
    # (1/200 + 1/300)/2 = 13.9583; sum 3.41667
    b = dso_bridge(bridged(), "2025-04-30", months=1, by={"A": "tous", "B": "tous"})
    assert b.by == "custom" and b.groups.index.tolist() == ["tous"]
    assert b.mix_effect == 0.0
    assert b.volume_effect == pytest.approx(6325 * (1 / 300 - 1 / 200), rel=REL)
    assert b.collection_effect == pytest.approx(3350 * (1 / 200 + 1 / 300) / 2, rel=REL)


def frame(rows):
    """Groups of :func:`decompose_dso`: (group, R_from, R_to, S_from, S_to) in euros -> cents."""
    columns = ["receivables_from_cents", "receivables_to_cents", "sales_from_cents"]
    out = pd.DataFrame(
        [[100 * v for v in r[1:]] for r in rows],
        index=[r[0] for r in rows],
        columns=[*columns, "sales_to_cents"],
    )
    return out.astype("int64")


@pytest.mark.parametrize(
    ("rows", "treatments", "effects"),
    [
        # X R 3 000 -> 3 000, S 3 000 -> 3 000; Y enters: R 0 -> 1 500, S 0 -> 3 000.
        # 30 days: s 100 -> 200, DSO 30 -> 22.5. X: w 1 -> 1/2 at d 30: mix −15;
        # Y: mix = its contribution 1 500 / 200 = 7.5.  (volume, mix, collection)
        ([("X", 3000, 3000, 3000, 3000), ("Y", 0, 1500, 0, 3000)], ["comparable", "entrée"],
         (0.0, -7.5, 0.0)),
        # W leaves: R 600 -> 300, S 3 000 -> 0; X R 3 000, S 3 000 -> 6 000. s 200 -> 200,
        # DSO 18 -> 16.5. W: mix −600/200 = −3, collection 300/200 = 1.5. X: w 1/2 -> 1,
        # d 30 -> 15: mix 1/2 × 22.5 = 11.25, volume 3/4 × 3 000 × (1/200 − 1/100) = −11.25
        ([("W", 600, 300, 3000, 0), ("X", 3000, 3000, 3000, 6000)], ["sortie", "comparable"],
         (-11.25, 8.25, 1.5)),
        # Z without sales: R 600 -> 300; X R 3 000, S 3 000 -> 6 000. s 100 -> 200,
        # DSO 36 -> 16.5. X: volume 3 000 × (1/200 − 1/100) = −15. Z: volume 450 × (1/200
        # − 1/100) = −2.25, collection −300 × (1/100 + 1/200)/2 = −2.25
        ([("X", 3000, 3000, 3000, 6000), ("Z", 600, 300, 0, 0)], ["comparable", "sans ventes"],
         (-17.25, 0.0, -2.25)),
    ],
    ids=["entry", "exit", "no-sales"],
)  # fmt: skip
def test_groups_without_sales_at_one_date(rows, treatments, effects):
    given = frame(rows)
    out = decompose_dso(given, days_from=30, days_to=30)
    pd.testing.assert_frame_equal(given, frame(rows))  # the input is not changed
    assert out["treatment"].tolist() == treatments
    got = tuple(out[f"{e}_effect"].sum() for e in ("volume", "mix", "collection"))
    assert got == pytest.approx(effects, rel=REL, abs=1e-12)
    bridge = dso_bridge_from_cents(
        frame(rows), as_of_from="2025-03-31", as_of_to="2025-04-30", days_from=30, days_to=30
    )
    assert bridge.change == pytest.approx(sum(effects), rel=REL)


def test_no_sales_in_a_month_is_not_available():
    # December 2024 has no sale: no DSO at 31/12/2024, hence no bridge to January;
    # January's DSO is still given: B1 1 000 open / 1 000 of sales × 31 days = 31 days
    b = dso_bridge(bridged(), "2025-01-31", months=1)
    assert not b.available
    assert b.reason == "DSO au 31/12/2024 non disponible : aucune vente nette sur la période"
    assert np.isnan([b.dso_from, b.volume_effect, b.mix_effect, b.collection_effect]).all()
    assert b.dso_to == pytest.approx(31.0, rel=REL)
    w = dso_waterfall(b)
    assert w["value"].isna().tolist() == [True, True, True, True, False]


def test_bdf_needs_a_year_of_history():
    b = dso_bridge(bridged(), "2025-04-30", method="bdf")
    assert (b.months, b.available) == (12, False)
    assert "historique de moins de 11 mois" in b.reason


def monthly():
    """1 000 € issued on the 15th of each month from 15/04/2024 to 15/03/2025, then 2 000 €
    on 15/04/2025; each paid on the 15th of the next month (the last two open at 30/04)."""
    issues = pd.date_range("2024-04-01", "2025-04-01", freq="MS") + pd.Timedelta(days=14)
    rows = [(f"M{k}", "A", d, d + pd.Timedelta(days=30), 1000.0) for k, d in enumerate(issues)]
    rows[-1] = (*rows[-1][:4], 2000.0)
    paid = [("A", f"M{k}", d + pd.DateOffset(months=1), 1000.0) for k, d in enumerate(issues[:-1])]
    return ledger(invoices(*rows), debtor_payments(*paid))


def test_bdf_bridge_by_hand():
    # 31/03/2025: 12 months (31/03/2024, 31/03/2025] of sales, April to March = 12 000;
    #   encours = March's 1 000 (paid 15/04) -> DSO = 1 000 × 360 / 12 000 = 30
    # 30/04/2025: May to April = 11 000 + 2 000 = 13 000; encours 2 000 -> 55.385
    # one group, s = S / 360: volume = (1 000 + 2 000)/2 × (360/13 000 − 360/12 000) = −3.4615
    #   collection = 1 000 × (360/12 000 + 360/13 000)/2 = 28.846; sum 25.385
    b = dso_bridge(monthly(), "2025-04-30", method="bdf")
    assert (b.available, b.months, b.days_from, b.days_to) == (True, 12, 360, 360)
    assert (b.sales_from_cents, b.sales_to_cents) == (1_200_000, 1_300_000)
    assert [b.dso_from, b.dso_to] == pytest.approx([30.0, 2000 * 360 / 13000], rel=REL)
    assert b.volume_effect == pytest.approx(1500 * (360 / 13000 - 360 / 12000), rel=REL)
    assert b.collection_effect == pytest.approx(1000 * (360 / 12000 + 360 / 13000) / 2, rel=REL)
    assert b.mix_effect == 0.0
    kpi_value = kpi.days_sales_outstanding(monthly(), "2025-04-30", method="bdf").value
    assert b.dso_to == pytest.approx(kpi_value, rel=REL)
    assert "360" in b.method


def test_bridge_since_an_earlier_month():
    # 28/02/2025 -> 30/04/2025 with months=1: February's sales 1 000 (28 days), encours
    # 1 000 -> 28 days; April 2 000 (30 days), encours 2 000 -> 30 days
    b = dso_bridge(monthly(), "2025-04-30", since="2025-02-10", months=1)
    assert (b.month_from, b.month_to, b.days_from, b.days_to) == ("2025-02", "2025-04", 28, 30)
    assert [b.dso_from, b.dso_to] == pytest.approx([28.0, 30.0], rel=REL)
    assert b.volume_effect + b.mix_effect + b.collection_effect == pytest.approx(2.0, rel=REL)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "countback"}, "unknown method"),
        ({"by": "region"}, "unknown grouping"),
        ({"months": 0}, "months"),
        ({"since": "2025-05-31"}, "must be a month before"),
    ],
    ids=["method", "grouping", "months", "since-after"],
)
def test_bridge_refuses(kwargs, message):
    with pytest.raises(ValueError, match=message):
        dso_bridge(bridged(), "2025-04-30", **kwargs)


# --- property: the three effects add up to the change, and the DSO are the KPI's -----------
BASE = pd.Timestamp("2024-10-01")


#: Invoices issued over the five months from BASE, so that most periods have sales.
dense_invoices = st.lists(
    st.tuples(
        st.integers(0, 4),  # debtor
        st.integers(0, 150),  # issue, days after BASE
        st.integers(0, 60),  # terms
        st.integers(1, 100_000),  # cents
    ),
    min_size=1,
    max_size=10,
)


@settings(PROPS, max_examples=25)
@given(
    dense_invoices,
    payment_rows,
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 180), st.integers(1, 50_000)), max_size=3),
    st.integers(2, 5),
    st.sampled_from([1, 3]),
    st.lists(st.sampled_from(["g1", "g2", "g3"]), min_size=5, max_size=5),
)
def test_property_effects_add_up(inv_rows, pay_rows, credit_rows, month, months, groups):
    day = lambda o: BASE + pd.Timedelta(days=o)  # noqa: E731
    n = len(inv_rows)
    led = ledger(
        invoices(
            *[(f"F{i}", f"C{d}", day(o), day(o + t), c / 100) for i, (d, o, t, c) in enumerate(inv_rows)]
        ),
        debtor_payments(
            *[
                (f"C{inv_rows[i][0]}", f"F{i}", day(o), c / 100) if 0 <= i < n else ("C4", None, day(o), c / 100)
                for i, o, c in pay_rows
            ]
        ),
        credit_notes=credit_notes(*[(f"F{i % n}", day(o), c / 100) for i, o, c in credit_rows]),
    )  # fmt: skip
    as_of = (BASE + pd.DateOffset(months=month) + pd.offsets.MonthEnd(0)).normalize()
    by = {f"C{k}": g for k, g in enumerate(groups)}
    b = dso_bridge(led, as_of, months=months, by=by)
    values = [
        kpi.days_sales_outstanding(led, d, months=months).value for d in (b.as_of_from, as_of)
    ]
    event(f"available={b.available}")
    assert b.available == all(v is not None for v in values)
    assert b.receivables_to_cents == int(b.groups["receivables_to_cents"].sum())
    if b.available:
        assert [b.dso_from, b.dso_to] == pytest.approx(values, rel=REL)
        total = b.volume_effect + b.mix_effect + b.collection_effect
        assert total == pytest.approx(b.change, rel=1e-9, abs=1e-9)
        w = dso_waterfall(b)
        assert w["end"].iloc[3] == pytest.approx(b.dso_to, rel=1e-9, abs=1e-9)
    else:
        assert b.reason and np.isnan(b.change)
