"""Every legal rule asks the debtor's regime: professional, public buyer, individual.

Hand-built ledgers, every figure computed by hand in its test, every test citing its
article. Rates from ``recouvrement/data/rates``: ECB 3,15 % in force on 01/01/2025
(18/12/2024), 2,15 % on 01/07/2025 (11/06/2025); legal interest rate, "tous les autres
cas": 3,71 % (S1 2025), 2,76 % (S2 2025).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from builders import actions, debtors, invoices, ledger, payments, snap
from pandas.testing import assert_frame_equal

from recouvrement import legal
from recouvrement.conventions import law
from recouvrement.conventions.channels import is_phone, is_written
from recouvrement.conventions.regimes import regime_of

NBSP = "\u00a0"

#: One invoice per kind, each 10 000 € issued 16/05/2025 and due 15/06/2025, unpaid at
#: 31/07/2025: interest runs from 16/06 (15 days in S1 2025, 31 in S2 2025, 46 in all).
STRADDLE = invoices(
    ("F1", "G", "2025-05-16", "2025-06-15", 10000.0),
    ("F2", "A", "2025-05-16", "2025-06-15", 10000.0),
    ("F3", "P", "2025-05-16", "2025-06-15", 10000.0),
)
KINDS = debtors(
    ("G", "Commune de Rivage", "public", None),
    ("A", "Alpha SAS", "professionnel", None),
    ("P", "M. Petit", "particulier", None),
)
AS_OF = "2025-07-31"


def _rows(led, as_of=AS_OF, **kwargs):
    return legal.late_payment_interest(snap(led, as_of), **kwargs).set_index("invoice_id")


# ---------------------------------------------------------------------------
# Interest per regime
# ---------------------------------------------------------------------------
def test_public_buyer_keeps_the_rate_of_the_starting_half_year():
    """Art. R.2192-31 CCP: ECB in force on the first day of the half-year in which interest
    started to run (16/06/2025: S1 2025, ECB 3,15 %) + 8 points = 11,15 % for the whole period,
    although the ECB rate is 2,15 % on 01/07/2025; art. D.2192-35 CCP: 40 €.

    10 000 × 11,15 % × 46 / 365 = 51 290 / 365 = 140,5205 -> 140,52 €.
    """
    g = _rows(ledger(STRADDLE, debtors=KINDS)).loc["F1"]
    assert (g["interest"], g["rate"], g["indemnity"]) == (140.52, 11.15, 40.0)
    assert (g["regime"], g["basis"]) == ("acheteur public", "art. R.2192-31 CCP")
    assert g["rate_detail"] == (
        f"S1 2025 : 11,15{NBSP}% du 16/06/2025 au 31/07/2025 (taux du semestre où les intérêts "
        "ont commencé à courir, retenu pour toute la période : art. R.2192-31 CCP)"
    )
    assert g["claimable"] and g["claimed"] and g["policy"] == "réclamer"
    assert g["reason"] == "intérêts moratoires et indemnité forfaitaire réclamables"
    assert (g["interest_start"], g["interest_end"]) == (
        pd.Timestamp("2025-06-16"),
        pd.Timestamp("2025-07-31"),
    )


def test_professional_changes_rate_at_the_half_year():
    """Art. L.441-10 II C. com.: ECB of each half-year + 10 points: 13,15 % (S1 2025) then
    12,15 % (S2 2025); art. D.441-5: 40 €.

    10 000 × (13,15 % × 15 + 12,15 % × 31) / 365 = (19 725 + 37 665) / 365 = 57 390 / 365
    = 157,2329 -> 157,23 €; ``rate`` is the last half-year's.
    """
    a = _rows(ledger(STRADDLE, debtors=KINDS)).loc["F2"]
    assert (a["interest"], a["rate"], a["indemnity"]) == (157.23, 12.15, 40.0)
    assert (a["regime"], a["basis"]) == ("débiteur professionnel", "art. L.441-10 C. com.")
    assert a["rate_detail"] == (
        f"S1 2025 : 13,15{NBSP}% du 16/06/2025 au 30/06/2025 ; "
        f"S2 2025 : 12,15{NBSP}% du 01/07/2025 au 31/07/2025"
    )


def test_contractual_rate_applies_to_professionals_only():
    """Art. L.441-10 II C. com.: a 12 % contractual rate (≥ 3 × 3,71 % = 11,13 % and
    3 × 2,76 %) replaces ECB + 10: 10 000 × 12 % × 46 / 365 = 55 200 / 365 = 151,23 €; a public
    buyer keeps art. R.2192-31 CCP (140,52 €) and the reason says the contract does not apply."""
    led = ledger(STRADDLE, debtors=KINDS, meta={"legal": {"contractual_rate": 12.0}})
    out = _rows(led)
    assert (out.loc["F2", "interest"], out.loc["F2", "rate"]) == (151.23, 12.0)
    assert (out.loc["F1", "interest"], out.loc["F1", "rate"]) == (140.52, 11.15)
    assert out.loc["F1", "reason"].endswith(
        "acheteur public : taux contractuel non applicable, taux de l'art. R.2192-31 CCP"
    )


def test_individual_without_formal_notice_owes_nothing():
    """Art. 1231-6 C. civ.: interest at the legal rate only from the formal notice; no L.441-10
    penalty and no D.441-5 indemnity, ever. A registered letter before the due date and an
    email after it are no formal notice: 0, and the reason says why."""
    log = actions(
        ("P", "F3", "2025-06-10", 3, "LRAR"),  # before the due date
        ("P", "F3", "2025-06-20", 1, "email"),  # not registered
    )
    p = _rows(ledger(STRADDLE, debtors=KINDS, actions=log)).loc["F3"]
    assert (p["interest"], p["indemnity"], p["claimable"], p["claimed"]) == (0.0, 0.0, False, False)
    assert pd.isna(p["notice_date"]) and np.isnan(p["rate"])
    assert (p["regime"], p["basis"]) == ("particulier (consommateur)", "art. 1231-6 C. civ.")
    assert p["reason"] == (
        "intérêts au taux légal dus à compter de la mise en demeure (art. 1231-6 du code civil) "
        ": aucune mise en demeure dans le journal des relances ; ni pénalités de l'art. L.441-10 "
        "du code de commerce ni indemnité forfaitaire envers un particulier"
    )


@pytest.mark.parametrize(
    ("log", "notice", "interest", "rate"),
    [
        # LRAR on the invoice on 01/07: 02/07-31/07 = 30 days at 2,76 %:
        # 10 000 × 2,76 % × 30 / 365 = 8 280 / 365 = 22,6849 -> 22,68 €
        ([("P", "F3", "2025-07-01", 3, "LRAR")], "2025-07-01", 22.68, 2.76),
        # a registered letter on the debtor (no invoice) on 25/06 comes first: 26/06-30/06 =
        # 5 days at 3,71 %, 01/07-31/07 = 31 days at 2,76 %:
        # 10 000 × (3,71 % × 5 + 2,76 % × 31) / 365 = (1 855 + 8 556) / 365 = 28,5233 -> 28,52 €
        (
            [
                ("P", None, "2025-06-25", 3, "Lettre recommandée"),
                ("P", "F3", "2025-07-01", 3, "LRAR"),
            ],
            "2025-06-25",
            28.52,
            2.76,
        ),
    ],
    ids=["registered-letter-on-the-invoice", "registered-letter-on-the-debtor"],
)
def test_individual_owes_legal_rate_interest_from_the_registered_letter(
    log, notice, interest, rate
):
    """Art. 1231-6 C. civ. and L.313-2 CMF: the legal interest rate "de tous les autres cas"
    (the creditor is a professional), per half-year, from the first registered letter logged on
    the invoice or its debtor after the due date; still no indemnity."""
    p = _rows(ledger(STRADDLE, debtors=KINDS, actions=actions(*log))).loc["F3"]
    assert (p["interest"], p["rate"], p["indemnity"]) == (interest, rate, 0.0)
    assert p["notice_date"] == pd.Timestamp(notice)
    assert p["claimable"] and p["claimed"]
    assert p["reason"].startswith(
        f"intérêts au taux légal réclamables à compter de la mise en demeure du "
        f"{pd.Timestamp(notice):%d/%m/%Y} (art. 1231-6 C. civ.)"
    )


@pytest.mark.parametrize(
    ("judgment", "interest", "end", "claimable"),
    [
        # 16/01-28/02 = 44 days: 10 000 × 13,15 % × 44 / 365 = 57 860 / 365 = 158,5205
        ("2025-03-01", 158.52, "2025-02-28", False),
        # judgment before the due date: no day of interest
        ("2025-01-10", 0.0, None, False),
        # judgment after the audit date: not yet insolvent, 16/01-31/03 = 75 days:
        # 10 000 × 13,15 % × 75 / 365 = 98 625 / 365 = 270,2055 -> 270,21
        ("2025-04-15", 270.21, "2025-03-31", True),
    ],
    ids=["judgment-stops-interest", "judgment-before-due", "judgment-after-audit"],
)
def test_insolvency_judgment_stops_interest(judgment, interest, end, claimable):
    """Art. L.622-28 C. com.: the judgment opening proceedings stops the running of interest
    (from the first hour of its date: the last day of interest is the day before); nothing is
    claimable from the debtor, the claim is declared to the mandataire judiciaire."""
    led = ledger(
        invoices(("F1", "B", "2024-12-16", "2025-01-15", 10000.0)),
        debtors=debtors(("B", None, "professionnel", judgment)),
    )
    row = _rows(led, "2025-03-31").loc["F1"]
    assert row["interest"] == interest and row["indemnity"] == 40.0
    if end is None:
        assert pd.isna(row["interest_end"])
    else:
        assert row["interest_end"] == pd.Timestamp(end)
    assert bool(row["claimable"]) is claimable
    if not claimable:
        assert "créance à déclarer au mandataire judiciaire" in row["reason"]
        assert row["reason"].endswith(
            "intérêts arrêtés au jugement d'ouverture (art. L.622-28 C. com.)"
        )


# ---------------------------------------------------------------------------
# Claim policy
# ---------------------------------------------------------------------------
#: Four professionals, each 1 000 € due 31/01/2025, 30 days late at 02/03/2025:
#: 1 000 × 13,15 % × 30 / 365 = 3 945 / 365 = 10,808 -> 10,81 € + 40 € = 50,81 € each.
FOUR = ledger(
    invoices(*[(f"F{d}", d, "2025-01-01", "2025-01-31", 1000.0) for d in "ABCD"]),
    debtors=debtors(*[(d, None, "professionnel", None) for d in "ABCD"]),
    meta={
        "legal": {
            "claim_policy": {
                "default": "renoncer",
                "by_risk_class": {"fiable": "réclamer", "à risque": "renoncer"},
                "debtors": {"B": "renoncer", "D": "réclamer"},
            }
        }
    },
)
CLASSES = {"A": "fiable", "B": "fiable", "C": "modéré", "D": "à risque"}


def test_claim_policy_debtor_then_class_then_default():
    """Art. L.441-10 II C. com. allows the creditor to claim or waive: the debtor's own choice
    (B renonce although fiable, D réclame although à risque) prevails over its risk class (A
    fiable: réclamer), which prevails over the default (C modéré: renoncer)."""
    out = _rows(FOUR, "2025-03-02", risk_classes=CLASSES)
    assert out["policy"].to_dict() == {
        "FA": "réclamer",
        "FB": "renoncer",
        "FC": "renoncer",
        "FD": "réclamer",
    }
    assert out["claimable"].all()
    assert out["claimed"].to_dict() == {"FA": True, "FB": False, "FC": False, "FD": True}
    assert out.loc["FB", "reason"].endswith(
        "l'entreprise renonce à les réclamer (claim_policy : décision propre au débiteur)"
    )
    assert out.loc["FC", "reason"].endswith("(claim_policy : règle par défaut)")
    # without the risk classes, A falls back on the default
    assert _rows(FOUR, "2025-03-02").loc["FA", "policy"] == "renoncer"
    # no policy at all: claim everything
    plain = ledger(FOUR.invoices, debtors=FOUR.debtors)
    assert (_rows(plain, "2025-03-02")["policy"] == "réclamer").all()


def test_claims_are_split_by_policy_and_basis():
    """Art. L.441-10 II and D.441-5 C. com.: 4 × 50,81 € = 203,24 € claimable; A and D claimed
    (2 × 10,81 + 2 × 40 = 101,62 €), B and C waived (101,62 €); a waived claim is not in the
    claim total (B: the principal only, 1 000 €)."""
    frame = legal.late_payment_interest(snap(FOUR, "2025-03-02"), risk_classes=CLASSES)
    totals = legal.interest_totals(frame)
    assert (totals["total_claimable"], totals["claimed_total"], totals["waived_total"]) == (
        203.24,
        101.62,
        101.62,
    )
    assert (totals["claimed_interest"], totals["claimed_indemnities"]) == (21.62, 80.0)
    assert (totals["n_debtors_claimed"], totals["n_debtors_waived"]) == (2, 2)
    by_debtor = legal.claimable_by_debtor(frame).set_index("debtor_id")
    assert by_debtor.loc["A", ["claimed", "waived", "claim_total"]].tolist() == [
        50.81,
        0.0,
        1050.81,
    ]
    assert by_debtor.loc["B", ["claimed", "waived", "claim_total"]].tolist() == [0.0, 50.81, 1000.0]
    expected = pd.DataFrame(
        {
            "kind": pd.array(["professionnel", "professionnel"], dtype="str"),
            "regime": pd.array(["débiteur professionnel"] * 2, dtype="str"),
            "basis": pd.array(["art. L.441-10 C. com."] * 2, dtype="str"),
            "policy": pd.array(["réclamer", "renoncer"], dtype="str"),
            "n_invoices": [2, 2],
            "n_debtors": [2, 2],
            "interest": [21.62, 21.62],
            "indemnities": [80.0, 80.0],
            "total": [101.62, 101.62],
        }
    )
    assert_frame_equal(legal.claimable_by_basis(frame), expected)


@pytest.mark.parametrize(
    ("policy", "match"),
    [
        ({"default": "oui"}, "legal.claim_policy.default = « oui » : réclamer ou renoncer"),
        (
            {"by_risk_class": {"douteux": "renoncer"}},
            "classe\\(s\\) de risque inconnue\\(s\\) douteux ; classes admises : fiable, modéré",
        ),
        ({"par_defaut": "réclamer"}, "clé\\(s\\) inconnue\\(s\\) par_defaut"),
        ({"debtors": {"A": "peut-être"}}, "legal.claim_policy.debtors.A = « peut-être »"),
    ],
    ids=["bad-choice", "unknown-class", "unknown-key", "bad-debtor-choice"],
)
def test_invalid_claim_policy_is_refused_in_french(policy, match):
    led = ledger(FOUR.invoices, debtors=FOUR.debtors, meta={"legal": {"claim_policy": policy}})
    with pytest.raises(ValueError, match=match):
        legal.late_payment_interest(snap(led, "2025-03-02"))


# ---------------------------------------------------------------------------
# The rates of each kind
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-03-31", {"professionnel": 13.15, "particulier": 3.71, "public": 11.15}),
        ("2025-07-01", {"professionnel": 12.15, "particulier": 2.76, "public": 10.15}),
    ],
    ids=["S1-2025", "S2-2025"],
)
def test_penalty_rates_per_kind(day, expected):
    """Art. L.441-10 II C. com. (ECB + 10), R.2192-31 CCP (ECB + 8), art. 1231-6 C. civ. (the
    legal interest rate, "tous les autres cas")."""
    rates = legal.penalty_rates(day)
    assert {k: r.rate for k, r in rates.items()} == expected
    assert rates["particulier"].basis == "taux de l'intérêt légal"
    assert rates["particulier"].legal_basis == "art. 1231-6 C. civ."
    assert rates["public"].basis.startswith("taux BCE + 8 points")
    assert rates["professionnel"] == legal.penalty_rate(day)


def test_penalty_rates_with_a_contractual_rate():
    """Art. L.441-10 II C. com.: the contractual rate is the professionals' only; the others say
    it does not apply."""
    rates = legal.penalty_rates("2025-03-31", contractual_rate=12.0)
    assert {k: r.rate for k, r in rates.items()} == {
        "professionnel": 12.0,
        "particulier": 3.71,
        "public": 11.15,
    }
    assert rates["public"].note == (
        "acheteur public : taux contractuel non applicable, taux de l'art. R.2192-31 CCP"
    )
    assert rates["professionnel"].note == ""


# ---------------------------------------------------------------------------
# Prescription
# ---------------------------------------------------------------------------
def test_prescription_dates_of_the_three_regimes():
    """Art. L.110-4 C. com. (5 years from the due date), L.218-2 C. consom. (2 years), loi
    n° 68-1250 art. 1er (4 years from 1 January after the due date: last day the 31 December)
    and art. 2 (a written claim before the deadline restarts it on the next 1 January; a phone
    call does not; a claim after the deadline revives nothing), art. 2240 C. civ. (a part
    payment restarts it). Audit date 30/06/2025:

    - PRO  due 30/09/2020 -> 30/09/2025, 92 days left;
    - PRO2 due 15/03/2021, email 10/05/2023 (not an interruption) -> 15/03/2026, 258 days;
    - PRI  due 15/10/2023 -> 15/10/2025, 107 days;
    - PUB1 due 15/03/2021 -> from 01/01/2022 to 31/12/2025, 184 days;
    - PUB2 idem, email 10/05/2023 -> from 01/01/2024 to 31/12/2027, 914 days;
    - PUB3 idem, phone call 10/05/2023 -> 31/12/2025;
    - PUB4 due 30/06/2020 -> 31/12/2024, email 01/02/2025 too late: prescribed 181 days ago;
    - PUB5 due 15/03/2021, part payment 01/06/2022 -> from 01/01/2023 to 31/12/2026, 549 days;
    - UNK  unknown kind, due 31/12/2023: the earliest of 31/12/2025 (2 years), 31/12/2027 and
      31/12/2028 -> 31/12/2025, 184 days.
    """
    led = ledger(
        invoices(
            ("PRO", "A", "2020-08-31", "2020-09-30", 100.0),
            ("PRO2", "A", "2021-02-13", "2021-03-15", 100.0),
            ("PRI", "P", "2023-09-15", "2023-10-15", 100.0),
            ("PUB1", "G", "2021-02-13", "2021-03-15", 100.0),
            ("PUB2", "G", "2021-02-13", "2021-03-15", 100.0),
            ("PUB3", "G", "2021-02-13", "2021-03-15", 100.0),
            ("PUB4", "G", "2020-05-31", "2020-06-30", 100.0),
            ("PUB5", "G", "2021-02-13", "2021-03-15", 100.0),
            ("UNK", "U", "2023-12-01", "2023-12-31", 100.0),
        ),
        payments(("PUB5", "2022-06-01", 30.0)),
        debtors=debtors(
            ("A", None, "professionnel", None),
            ("P", None, "particulier", None),
            ("G", None, "public", None),
            ("U", None, None, None),
        ),
        actions=actions(
            ("A", "PRO2", "2023-05-10", 1, "email"),
            ("G", "PUB2", "2023-05-10", 1, "email"),
            ("G", "PUB3", "2023-05-10", 1, "téléphone"),
            ("G", "PUB4", "2025-02-01", 2, "courrier"),
            ("G", None, "2024-06-01", 2, "courrier"),  # on the debtor: not counted
        ),
    )
    out = legal.prescription_watch(snap(led, "2025-06-30"), horizon_months=36)
    got = out.set_index("invoice_id")
    expected = {
        "PUB4": ("2021-01-01", "2024-12-31", -181, 4),
        "PRO": ("2020-09-30", "2025-09-30", 92, 5),
        "PRI": ("2023-10-15", "2025-10-15", 107, 2),
        "PUB1": ("2022-01-01", "2025-12-31", 184, 4),
        "PUB3": ("2022-01-01", "2025-12-31", 184, 4),
        "UNK": ("2023-12-31", "2025-12-31", 184, 2),
        "PRO2": ("2021-03-15", "2026-03-15", 258, 5),
        "PUB5": ("2023-01-01", "2026-12-31", 549, 4),
        "PUB2": ("2024-01-01", "2027-12-31", 914, 4),
    }
    assert out["invoice_id"].tolist() == list(expected)
    for invoice, (start, last, left, years) in expected.items():
        row = got.loc[invoice]
        assert (row["start_date"], row["prescription_date"]) == (
            pd.Timestamp(start),
            pd.Timestamp(last),
        ), invoice
        assert (row["days_left"], row["prescription_years"]) == (left, years), invoice
    assert got["prescribed"][got["prescribed"]].index.tolist() == ["PUB4"]
    assert got.loc["PUB2", "last_claim_date"] == pd.Timestamp("2023-05-10")
    assert got.loc["PUB2", "note"] == (
        "4 ans à compter du 1er janvier suivant l'échéance (acheteur public, loi n° 68-1250, "
        "art. 1er) ; interrompue par réclamation écrite du 10/05/2023 (loi n° 68-1250, art. 2)"
    )
    assert got.loc["PUB5", "note"].endswith(
        "interrompue par règlement partiel du 01/06/2022 (art. 2240 C. civ.)"
    )
    assert pd.isna(got.loc["PRO2", "last_claim_date"])  # a professional's claims do not count
    assert got.loc["PRO", "basis"] == "art. L.110-4 C. com."
    assert got.loc["PRI", "basis"] == "art. L.218-2 C. consom."
    assert got.loc["UNK", "note"].startswith("type de débiteur non renseigné : délai le plus court")
    assert got.loc["UNK", "note"].endswith("retenu par prudence")
    assert list(out.columns) == legal.PRESCRIPTION_COLUMNS


def test_written_claims_exclude_phone_calls_and_unnamed_channels():
    """Loi n° 68-1250, art. 2: only a written claim interrupts the déchéance quadriennale."""
    channels = ["email", "courrier", "LRAR", "téléphone", "Appel", None, " "]
    assert is_phone(channels).tolist() == [False, False, False, True, True, False, False]
    assert is_written(channels).tolist() == [True, True, True, False, False, False, False]


# ---------------------------------------------------------------------------
# The short bases agree with the regimes table
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["professionnel", "public", "particulier"])
def test_short_bases_cite_the_articles_of_the_regimes_table(kind):
    """Each short basis of conventions.law names an article quoted in the regime's source."""
    regime = regime_of(kind)
    for short, source in [
        (law.PENALTY_BASIS[kind], regime.penalty_source),
        (law.PRESCRIPTION_BASIS[kind], regime.prescription_source),
        (law.INDEMNITY_BASIS[kind], regime.indemnity_source),
        (law.TERMS_BASIS[kind], regime.terms_source),
    ]:
        if short:
            article = short.split(" ")[1] if short.startswith("art.") else "68-1250"
            assert article in source, (kind, short)


def test_law_constants_are_read_from_the_regimes_table():
    """Art. L.441-10, D.441-5, L.110-4 C. com., L.218-2 C. consom.: one source, the table."""
    pro, private = regime_of("professionnel"), regime_of("particulier")
    assert law.ECB_MARGIN_POINTS == pro.margin_points == 10
    assert law.RECOVERY_INDEMNITY_EUR == pro.indemnity_eur == 40.0
    assert law.RECOVERY_INDEMNITY_FROM == "2013-01-01"
    assert law.MAX_TERMS_DAYS == pro.max_terms_days == 60
    assert law.PRESCRIPTION_YEARS_PROFESSIONAL == 5 and law.PRESCRIPTION_YEARS_PRIVATE == 2
    assert private.prescription_years == law.PRESCRIPTION_YEARS_PRIVATE
    with pytest.raises(AttributeError):
        law.NOT_A_CONSTANT  # noqa: B018


def test_the_log_is_read_not_changed_and_its_order_does_not_matter():
    """Art. 1231-6 C. civ.: the formal notice is the *first* registered letter, whatever the
    order of the rows of the log; the log itself is left as it was."""
    log = actions(
        ("P", "F3", "2025-07-01", 3, "LRAR"),
        ("P", None, "2025-06-25", 3, "Lettre recommandée"),
        ("G", "F1", "2025-07-05", 1, "email"),
    )
    led = ledger(STRADDLE, debtors=KINDS, actions=log)
    before = led.actions.copy()
    out = legal.late_payment_interest(snap(led, AS_OF))
    assert_frame_equal(led.actions, before)
    shuffled = ledger(STRADDLE, debtors=KINDS, actions=log.iloc[::-1].reset_index(drop=True))
    assert_frame_equal(legal.late_payment_interest(snap(shuffled, AS_OF)), out)
    assert out.set_index("invoice_id").loc["F3", "notice_date"] == pd.Timestamp("2025-06-25")
