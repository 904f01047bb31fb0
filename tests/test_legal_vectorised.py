"""The vectorised legal rules equal their per-invoice references, cell by cell.

``late_payment_interest`` (and, in ``reference_legal``, the claims, the prescription
watch and the long terms) were per-invoice Python loops; they are now whole-column
computations (issue 14). Their former code is kept verbatim in ``tests/reference_*.py``
and must give exactly the same frames: on random ledgers (hypothesis, derandomized)
mixing every kind of debtor, insolvency, formal notices, written claims, disputes,
partial payments, credit notes, write-offs, contractual rates, claim policies, rates
before the tables (2008) and beyond them (provisional), and on the sample companies.
"""

from __future__ import annotations

import pandas as pd
import pytest
import reference_interest
import reference_legal
from builders import (
    actions,
    credit_notes,
    debtor_payments,
    debtors,
    disputes,
    invoices,
    sample_ledgers,
    write_offs,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from recouvrement import legal
from recouvrement.aging import Snapshot
from recouvrement.ledger import Ledger, LedgerError

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: Where a random ledger starts: before the rate tables (2008), around 2012-2013 (the
#: indemnity's first days), and near the end of the tables (provisional rates).
ANCHORS = [pd.Timestamp(d) for d in ("2008-05-10", "2012-11-20", "2024-10-01", "2026-04-15")]
KINDS = ["professionnel", "public", "particulier", None, "absent"]
CHANNELS = ["LRAR", "Lettre recommandée", "LRAR", "email", None, "téléphone"]
CONTRACTUAL = [None, 5.0, 12.0, 15.123]
POLICIES = [
    None,
    {"default": "renoncer", "by_risk_class": {"fiable": "réclamer"}},
    {"debtors": {"C0": "renoncer"}},
]
CLASSES = ["fiable", "modéré", "à risque"]

cents = st.one_of(st.integers(1, 2_000_000), st.integers(1, 100_000_000_000))
day = st.integers(-30, 900)


@st.composite
def random_ledgers(draw) -> tuple[Ledger, pd.Timestamp, dict[str, str]]:
    """A ledger with every feature the legal rules read, its as-of date, risk classes."""
    base = draw(st.sampled_from(ANCHORS))

    def at(offset: int) -> pd.Timestamp:
        return base + pd.Timedelta(days=offset)

    n_deb = draw(st.integers(1, 4))
    kinds = [draw(st.sampled_from(KINDS)) for _ in range(n_deb)]
    judged = [draw(st.one_of(st.none(), st.integers(0, 700))) for _ in range(n_deb)]
    deb = [
        (f"C{d}", f"Client {d}", None if k is None else k, None if j is None else at(j))
        for d, (k, j) in enumerate(zip(kinds, judged, strict=True))
        if k != "absent"
    ]
    inv_rows = draw(
        st.lists(
            st.tuples(st.integers(0, n_deb - 1), st.integers(0, 500), st.integers(0, 90), cents),
            min_size=1,
            max_size=10,
        )
    )
    inv = [(f"F{i}", f"C{d}", at(o), at(o + t), c / 100) for i, (d, o, t, c) in enumerate(inv_rows)]
    n = len(inv)

    def allocations(size: int) -> list[tuple[int, int, int]]:
        rows = st.tuples(st.integers(0, n - 1), day, st.integers(1, 3_000_000))
        return draw(st.lists(rows, max_size=size))

    pay = [
        (inv[i][1], inv[i][0], inv[i][2] + pd.Timedelta(days=o), min(c, inv_rows[i][3]) / 100)
        for i, o, c in allocations(12)
    ]
    cn = [
        (inv[i][0], inv[i][2] + pd.Timedelta(days=max(o, 0)), c / 100) for i, o, c in allocations(3)
    ]
    wo = [
        (inv[i][0], inv[i][2] + pd.Timedelta(days=max(o, 0)), c / 100) for i, o, c in allocations(2)
    ]
    act_rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.sampled_from([True, False]),
                st.integers(-30, 400),
                st.integers(1, 3),
                st.sampled_from(CHANNELS),
            ),
            max_size=10,
        )
    )
    act = [
        (inv[i][1], inv[i][0] if on_invoice else None, inv[i][3] + pd.Timedelta(days=o), lvl, ch)
        for i, on_invoice, o, lvl, ch in act_rows
    ]
    disp = [
        (inv[i][0], inv[i][2] + pd.Timedelta(days=max(o, 0)), None) for i, o, _ in allocations(2)
    ]
    legal_cfg = {}
    rate = draw(st.sampled_from(CONTRACTUAL))
    if rate is not None:
        legal_cfg["contractual_rate"] = rate
    policy = draw(st.sampled_from(POLICIES))
    if policy is not None:
        legal_cfg["claim_policy"] = policy
    try:
        led = Ledger(
            invoices(*inv),
            debtor_payments(*pay),
            credit_notes=credit_notes(*cn),
            write_offs=write_offs(*wo),
            debtors=debtors(*deb),
            actions=actions(*act),
            disputes=disputes(*disp),
            meta={"legal": legal_cfg} if legal_cfg else None,
            default_kind=draw(st.sampled_from([None, "professionnel"])),
        )
    except LedgerError:
        led = Ledger(invoices(*inv), debtors=debtors(*deb))
    as_of = at(draw(st.integers(0, 1100)))
    classes = {f"C{d}": draw(st.sampled_from(CLASSES)) for d in range(n_deb)}
    return led, as_of, classes


@SETTINGS
@given(random_ledgers())
def test_interest_equals_the_per_invoice_reference(drawn):
    led, as_of, classes = drawn
    expected = reference_interest.late_payment_interest(Snapshot(led, as_of), risk_classes=classes)
    got = legal.late_payment_interest(Snapshot(led, as_of), risk_classes=classes)
    assert_frame_equal(got, expected)


@SETTINGS
@given(random_ledgers(), st.sampled_from([3.5, 12.0, 40.25]))
def test_interest_with_a_contractual_rate_argument_equals_the_reference(drawn, rate):
    led, as_of, _ = drawn
    expected = reference_interest.late_payment_interest(Snapshot(led, as_of), contractual_rate=rate)
    got = legal.late_payment_interest(Snapshot(led, as_of), contractual_rate=rate)
    assert_frame_equal(got, expected)


@pytest.mark.parametrize("as_of", ["2025-06-30", "2026-10-31"])
@pytest.mark.parametrize("company", sorted(sample_ledgers()))
def test_interest_of_the_samples_equals_the_reference(company, as_of):
    led = Ledger(**sample_ledgers()[company])
    expected = reference_interest.late_payment_interest(Snapshot(led, as_of))
    assert_frame_equal(legal.late_payment_interest(Snapshot(led, as_of)), expected)


@SETTINGS
@given(random_ledgers(), st.integers(0, 30))
def test_claims_prescription_and_terms_equal_their_references(drawn, horizon):
    led, as_of, classes = drawn
    interest = legal.late_payment_interest(Snapshot(led, as_of), risk_classes=classes)
    assert_frame_equal(
        legal.claimable_by_debtor(interest), reference_legal.claimable_by_debtor(interest)
    )
    assert_frame_equal(
        legal.claimable_by_basis(interest), reference_legal.claimable_by_basis(interest)
    )
    assert_frame_equal(
        legal.prescription_watch(Snapshot(led, as_of), horizon_months=horizon),
        reference_legal.prescription_watch(Snapshot(led, as_of), horizon_months=horizon),
    )
    assert_frame_equal(legal.long_payment_terms(led), reference_legal.long_payment_terms(led))


@pytest.mark.parametrize("company", sorted(sample_ledgers()))
def test_legal_tables_of_the_samples_equal_their_references(company):
    led = Ledger(**sample_ledgers()[company])
    snap = Snapshot(led, "2026-10-31")
    interest = legal.late_payment_interest(snap)
    assert_frame_equal(
        legal.claimable_by_debtor(interest), reference_legal.claimable_by_debtor(interest)
    )
    for horizon in (6, 120):
        assert_frame_equal(
            legal.prescription_watch(snap, horizon_months=horizon),
            reference_legal.prescription_watch(snap, horizon_months=horizon),
        )
    assert_frame_equal(legal.long_payment_terms(led), reference_legal.long_payment_terms(led))
