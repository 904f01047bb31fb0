"""What can be claimed per debtor and in total, from the penalties of each invoice."""

from __future__ import annotations

import pytest
from builders import debtors, invoices, ledger, snap

from recouvrement import legal

PRO = debtors(("A", None, "professionnel", None))


@pytest.mark.parametrize(
    ("interest", "eligible"),
    [(59.99, True), (60.00, False)],
    ids=["4999.99-eligible", "5000.00-not-eligible"],
)
def test_small_claims_threshold(interest, eligible):
    led = ledger(invoices(("F1", "A", "2025-01-01", "2025-01-31", 4900.0)), debtors=PRO)
    frame = legal.late_payment_interest(snap(led, "2025-02-10")).copy()
    frame["interest"] = interest  # 4900 + interest + 40 = 4999.99 or 5000.00
    row = legal.claimable_by_debtor(frame).iloc[0]
    assert row["claim_total"] == round(4940.0 + interest, 2)
    assert bool(row["small_claims"]) is eligible


@pytest.fixture
def interest_frame():
    """A professional and a private debtor, each with one invoice due 31/01/2025.

    At 02/03/2025, 30 days late at 13.15 %: A owes 1000 × 0.1315 × 30 / 365 = 3945 / 365
    = 10.808 -> 10.81 € of penalties and 40 € of indemnity (art. L.441-10, D.441-5 C. com.);
    P (private) owes neither, and no interest without a formal notice (art. 1231-6 C. civ.).
    """
    led = ledger(
        invoices(
            ("F1", "A", "2025-01-01", "2025-01-31", 1000.0),
            ("F2", "P", "2025-01-01", "2025-01-31", 500.0),
        ),
        debtors=debtors(("A", None, "professionnel", None), ("P", None, "particulier", None)),
    )
    return legal.late_payment_interest(snap(led, "2025-03-02"))


def test_claims_by_debtor_by_hand(interest_frame):
    """Art. L.441-10 II and D.441-5 C. com.; art. 1231-6 C. civ. for the individual."""
    out = legal.claimable_by_debtor(interest_frame)
    assert list(out.columns) == legal.CLAIM_COLUMNS
    a, p = out.set_index("debtor_id").loc["A"], out.set_index("debtor_id").loc["P"]
    assert (a["interest"], a["indemnities"], a["total_claimable"]) == (10.81, 40.0, 50.81)
    assert a["claim_total"] == 1050.81 and a["small_claims"]  # 1000 + 50.81
    assert p["interest"] == 0.0 and p["indemnities"] == 0.0 and p["total_claimable"] == 0.0
    assert p["claim_total"] == 500.0 and p["small_claims"]  # the principal only
    assert (a["regime"], a["basis"], a["policy"]) == (
        "débiteur professionnel",
        "art. L.441-10 C. com.",
        "réclamer",
    )
    assert (a["claimed"], a["waived"]) == (50.81, 0.0)
    assert (p["regime"], p["basis"]) == ("particulier (consommateur)", "art. 1231-6 C. civ.")


def test_interest_totals_by_hand(interest_frame):
    """Art. L.441-10 II and D.441-5 C. com.: totals, claimed and waived apart."""
    totals = legal.interest_totals(interest_frame)
    assert totals.to_dict() == {
        "n_invoices": 2,
        "n_debtors": 2,
        "principal_overdue": 1500.0,
        "interest": 10.81,
        "indemnities": 40.0,  # 40 + 0 (private)
        "claimable_interest": 10.81,
        "claimable_indemnities": 40.0,
        "total_claimable": 50.81,
        "claimed_interest": 10.81,
        "claimed_indemnities": 40.0,
        "claimed_total": 50.81,
        "n_debtors_claimed": 1,
        "waived_interest": 0.0,
        "waived_indemnities": 0.0,
        "waived_total": 0.0,
        "n_debtors_waived": 0,
        "provisional": False,
        "provisional_note": "",
    }


@pytest.mark.parametrize(
    "summary",
    [legal.claimable_by_debtor, legal.claimable_by_basis, legal.interest_totals],
    ids=["by-debtor", "by-basis", "totals"],
)
def test_other_frames_are_refused(interest_frame, summary):
    with pytest.raises(ValueError, match="missing column\\(s\\) claimable"):
        summary(interest_frame.drop(columns="claimable"))
