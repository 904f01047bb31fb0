"""The KPI pack and its history (kpi/pack.py), and the invariants of the pack (hypothesis)."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import (
    APRIL,
    PACK_KEYS,
    PROPS,
    D,
    cei_ledger,
    dunning_ledger,
    extra_rows,
    invoice_rows,
    month_end_after,
    payment_rows,
    random_frames,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from recouvrement import aging, kpi
from recouvrement.ledger import Ledger

#: The keys of the pack: ``builders.PACK_KEYS`` and the DSO on the Banque de France basis,
#: after the other DSO methods (move it into ``builders.PACK_KEYS``).
_AFTER = PACK_KEYS.index("dso_average") + 1
KEYS = [*PACK_KEYS[:_AFTER], "dso_bdf", *PACK_KEYS[_AFTER:]]


def test_kpi_pack_matches_direct_calls():
    dunning = dunning_ledger()
    pack = kpi.kpi_pack(dunning, APRIL)
    assert list(pack) == KEYS
    assert pack["activation_rate"] == kpi.activation_rate(dunning, APRIL)
    assert pack["dunning_coverage_rate"] == kpi.dunning_coverage_rate(dunning, APRIL)
    assert pack["recovery_rate_6m"] == kpi.recovery_rate(dunning, APRIL, months=6)
    assert pack["dso_countback"] == kpi.days_sales_outstanding(dunning, APRIL, method="countback")
    assert pack["cei"] == kpi.collection_effectiveness_index(dunning, APRIL)
    assert pack["dso_bdf"] == kpi.days_sales_outstanding(dunning, APRIL, method="bdf")
    assert pack["weighted_days_late"] == kpi.payment_behaviour_summary(dunning, APRIL)
    assert pack["cost_per_euro_collected"].reason.endswith("pas de table des coûts de recouvrement")
    for r in pack.values():
        assert r.available != (r.reason is not None)
        assert r.label and r.convention


def test_kpi_history():
    led = cei_ledger()
    hist = kpi.kpi_history(led, "2025-06-15", months=4)
    assert list(hist.columns) == [
        "as_of",
        "key",
        "label",
        "value",
        "unit",
        "numerator",
        "denominator",
        "n_debtors",
        "significant",
        "available",
        "reason",
    ]
    assert list(hist.columns) == kpi.HISTORY_COLUMNS
    assert hist.shape == (4 * len(KEYS), 11)
    assert sorted(hist["as_of"].unique()) == [
        D("2025-03-31"),
        D("2025-04-30"),
        D("2025-05-31"),
        D("2025-06-30"),
    ]
    row = hist[(hist["as_of"] == D("2025-06-30")) & (hist["key"] == "cei")].iloc[0]
    assert row["value"] == kpi.collection_effectiveness_index(led, "2025-06-30").value
    dso = hist[(hist["as_of"] == D("2025-05-31")) & (hist["key"] == "dso")].iloc[0]
    assert dso["value"] == kpi.days_sales_outstanding(led, "2025-05-31").value
    # the history starts on 01/03/2025: no year of turnover for the Banque de France basis
    bdf = hist[hist["key"] == "dso_bdf"]
    assert not bdf["available"].any()
    assert bdf["reason"].str.startswith("non disponible : historique de moins de 11 mois").all()
    missing = hist[hist["key"] == "dispute_rate"]
    assert not missing["available"].any() and missing["value"].isna().all()
    assert missing["reason"].str.startswith("non disponible").all()
    assert hist.loc[hist["available"], "reason"].isna().all()


def test_pack_dso_bdf_on_a_year_of_history():
    """cei_ledger a year later, 31/03/2026: 12 months from 01/04/2025, A (01/03) before them.

    Turnover = B1 7 300 + B2 3 590 = 10 890; encours = B1 2 750 + B2 3 590 = 6 340;
    DSO BdF = 6 340 × 360 / 10 890 = 209.59 days (the 3-month DSO has no sales: n/a).
    """
    pack = kpi.kpi_pack(cei_ledger(), "2026-03-31")
    bdf = pack["dso_bdf"]
    assert (bdf.numerator, bdf.denominator, bdf.months) == (6340.0, 10890.0, 12)
    assert bdf.value == pytest.approx(6340 * 360 / 10890)
    assert round(bdf.value, 2) == 209.59
    assert not pack["dso"].available


@pytest.mark.parametrize(
    ("options", "label"),
    [
        ({}, "Part de l'échu hors litige non recouvrée dans le mois"),
        ({"months": 3}, "Part de l'échu hors litige non recouvrée dans le mois (glissant 3 mois)"),
        ({"horizon": 2}, "Part de l'échu hors litige non recouvrée dans les 2 mois"),
        (
            {"horizon": 2, "segment": "> 6 mois"},
            "Part de l'échu hors litige non recouvrée dans les 2 mois (retard > 6 mois)",
        ),
    ],
    ids=["pack", "rolling", "horizon", "horizon-segment"],
)
def test_unpaid_rate_label_says_what_it_measures(options, label):
    # 100 − recovery rate on the overdue, undisputed base: not a share of unpaid invoices
    r = kpi.unpaid_rate(cei_ledger(), "2025-06-30", **options)
    assert r.label == label
    assert "ce n'est pas la part des factures impayées" in r.convention
    assert kpi.recovery_rate(cei_ledger(), "2025-06-30", horizon=2).label == (
        "Taux de recouvrement (horizon 2 mois)"
    )


def _summary(pack: dict[str, kpi.KpiResult]) -> dict:
    return {k: (r.value, r.numerator, r.denominator, r.n_debtors) for k, r in pack.items()}


@PROPS
@given(invoice_rows, payment_rows, extra_rows, extra_rows, st.integers(30, 300))
def test_invariants(inv_rows, pay_rows, dispute_rows, action_rows, as_of_days):
    frames = random_frames(inv_rows, pay_rows, dispute_rows, action_rows)
    before = {k: v.copy() for k, v in frames.items()}
    led = Ledger(**frames)
    kept = {k: getattr(led, k).copy() for k in frames}
    day = month_end_after(as_of_days)

    pack = kpi.kpi_pack(led, day)
    for months in (1, 3):
        r = kpi.recovery_rate(led, day, months=months)
        if r.available:  # capped collections: never above 100 %, even with overpayments
            assert 0.0 <= r.value <= 100.0
            u = kpi.unpaid_rate(led, day, months=months)
            assert u.value == pytest.approx(100.0 - r.value)
    segments = kpi.recovery_by_segment(led, day)
    assert segments["base"].iloc[:-1].sum() == pytest.approx(segments["base"].iloc[-1])
    for key in ("activation_rate", "dunning_coverage_rate", "dispute_rate"):
        if pack[key].available:
            assert 0.0 <= pack[key].value <= 100.0
    behaviour = kpi.payment_behaviour(led, day)
    assert (behaviour["days_late"] >= 0).all()

    # the encours of DSO is the aged balance total
    assert pack["dso"].numerator == pytest.approx(aging.aged_balance(led, day)["Total"].sum())

    # nothing was mutated: neither the input frames nor the ledger's tables
    for k, frame in frames.items():
        assert_frame_equal(frame, before[k])
        assert_frame_equal(getattr(led, k), kept[k])


@settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(invoice_rows, payment_rows, extra_rows, extra_rows, st.integers(30, 300), st.randoms())
def test_independent_of_row_order(inv_rows, pay_rows, dispute_rows, action_rows, as_of_days, rnd):
    frames = random_frames(inv_rows, pay_rows, dispute_rows, action_rows)
    shuffled: dict[str, pd.DataFrame] = {}
    for k, f in frames.items():
        order = list(range(len(f)))
        rnd.shuffle(order)
        shuffled[k] = f.iloc[order].reset_index(drop=True)
    day = month_end_after(as_of_days)
    one, two = Ledger(**frames), Ledger(**shuffled)
    assert _summary(kpi.kpi_pack(one, day)) == _summary(kpi.kpi_pack(two, day))
    assert_frame_equal(kpi.payment_behaviour(one, day), kpi.payment_behaviour(two, day))
    assert_frame_equal(kpi.recovery_by_segment(one, day), kpi.recovery_by_segment(two, day))
