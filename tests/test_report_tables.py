"""Detail listings of the report, on a ledger small enough to check by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from recouvrement.aging import snapshot
from recouvrement.ledger import Ledger
from recouvrement.report import tables as listings
from recouvrement.report.tables.dunning import after_settlement_table
from recouvrement.report.tables.quality import defaults_table, excluded_rows_table

D = pd.Timestamp
AS_OF = "2026-10-31"


@pytest.fixture
def ledger() -> Ledger:
    invoices = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2", "F3", "F4", "F5"],
            "debtor_id": ["A", "A", "B", "C", "C"],
            "issue_date": pd.to_datetime(
                ["2026-05-01", "2026-09-01", "2026-07-01", "2026-10-01", "2026-08-01"]
            ),
            "due_date": pd.to_datetime(
                ["2026-05-31", "2026-10-01", "2026-07-31", "2026-11-15", "2026-08-31"]
            ),
            "amount": [1000.0, 500.0, 2000.0, 300.0, 800.0],
        }
    )
    payments = pd.DataFrame(
        {
            "invoice_id": ["F1", "F5"],
            "date": pd.to_datetime(["2026-06-30", "2026-09-10"]),
            "amount": [400.0, 800.0],
        }
    )
    debtors = pd.DataFrame({"debtor_id": ["A", "B", "C"], "name": ["Alpha", "Bêta & Cie", "Gamma"]})
    disputes = pd.DataFrame(
        {
            "invoice_id": ["F3", "F3", "F2", "F5"],
            "opened_date": pd.to_datetime(["2026-08-10", "2026-09-01", "2026-09-15", "2026-09-01"]),
            "resolved_date": pd.to_datetime([None, None, "2026-10-15", None]),
        }
    )
    write_offs = pd.DataFrame(
        {
            "invoice_id": ["F1", "F1"],
            "date": pd.to_datetime(["2026-06-15", "2026-10-20"]),
            "amount": [10.0, 90.0],
        }
    )
    return Ledger(invoices, payments, debtors=debtors, disputes=disputes, write_offs=write_offs)


def test_top_overdue_by_hand(ledger):
    top = listings.top_overdue(snapshot(ledger, AS_OF), n=2)
    # A: F1 1000 − 400 − 10 − 90 = 500, 153 days late (> 90); F2 500, 30 days (1-30)
    # B: F3 2000, 92 days late (> 90), disputed; C: F4 not due, F5 paid
    # overdue total 3000: B 2000 (66.67 %), A 1000 (33.33 %)
    assert list(top.index) == ["B", "A"]
    assert top.loc["B", "Débiteur"] == "Bêta & Cie"
    assert top["Échu"].tolist() == [2000.0, 1000.0]
    assert top["Part de l'échu"].round(2).tolist() == [66.67, 33.33]
    assert top["> 90"].tolist() == [2000.0, 500.0]
    assert top["Factures échues"].tolist() == [1, 2]
    assert top["Retard max."].tolist() == [92, 153]
    assert top["En litige"].tolist() == [1, 0]
    assert top["Total"].tolist() == [2000.0, 1000.0]
    assert listings.top_overdue(snapshot(ledger, AS_OF), n=1).index.tolist() == ["B"]


def test_open_disputes_by_hand(ledger):
    out = listings.open_disputes(snapshot(ledger, AS_OF))
    # F2's dispute was resolved on 15/10; F5 is paid (nothing to recover); F3 has two
    # open disputes: the earliest opening date is kept
    expected = pd.DataFrame(
        {
            "Facture": ["F3"],
            "Code": ["B"],
            "Débiteur": ["Bêta & Cie"],
            "Ouvert le": [D("2026-08-10")],
            "Jours de litige": [82],
            "Reste dû": [2000.0],
            "Jours de retard": [92],
        }
    )
    assert_frame_equal(out, expected, check_dtype=False)
    before = listings.open_disputes(snapshot(ledger, "2026-09-30"))
    assert before["Facture"].tolist() == ["F3", "F2"]


def test_write_offs_of_the_period(ledger):
    out = listings.write_offs(ledger, AS_OF, months=4)  # (30/06/2026, 31/10/2026]
    assert out[
        ["Date", "Facture", "Code", "Débiteur", "Montant facture", "Perte"]
    ].to_numpy().tolist() == [[D("2026-10-20"), "F1", "A", "Alpha", 1000.0, 90.0]]
    assert listings.write_offs(ledger, AS_OF, months=12)["Perte"].tolist() == [10.0, 90.0]


def test_listings_of_a_ledger_without_optional_tables():
    bare = Ledger(
        pd.DataFrame(
            {
                "invoice_id": ["F1"],
                "debtor_id": ["A"],
                "issue_date": pd.to_datetime(["2026-01-01"]),
                "due_date": pd.to_datetime(["2026-01-31"]),
                "amount": [100.0],
            }
        )
    )
    assert listings.open_disputes(snapshot(bare, AS_OF)).empty
    assert listings.write_offs(bare, AS_OF).empty
    top = listings.top_overdue(snapshot(bare, AS_OF))
    assert top.index.tolist() == ["A"] and top["Échu"].tolist() == [100.0]


def test_worst_payers_order_and_inputs_untouched():
    behaviour = pd.DataFrame(
        {
            "debtor_id": ["A", "B", "C"],
            "n_invoices": [2, 1, 3],
            "amount": [100.0, 500.0, 300.0],
            "days_to_pay": [40.0, 70.0, 70.0],
            "days_late": [10.0, 40.0, 40.0],
            "share_late": [50.0, 100.0, 100.0],
            "max_days_late": [15, 40, 60],
        }
    )
    copy = behaviour.copy()
    out = listings.worst_payers(behaviour, {"A": "Alpha", "B": "Bêta"}, n=2)
    assert out.index.tolist() == ["B", "C"]  # same lateness: larger amount first
    assert out["Débiteur"].iloc[0] == "Bêta" and pd.isna(
        out["Débiteur"].iloc[1]
    )  # no name: shown as —
    assert out["Retard max."].tolist() == [40, 60]
    assert_frame_equal(behaviour, copy)


def test_after_settlement_table_most_recent_first():
    """Three actions after settlement (as :func:`recouvrement.dunning.actions_after_settlement`).

    F1 (A) settled 05/10: L1 06/10 (1 day), LRAR L3 20/10 (15 days); a call on debtor C
    25/10, its invoices settled by 20/10 (5 days). Most recent first; two rows shown.
    """
    after = pd.DataFrame(
        {
            "invoice_id": pd.array(["F1", "F1", None], dtype="str"),
            "debtor_id": pd.array(["A", "A", "C"], dtype="str"),
            "date": pd.to_datetime(["2026-10-06", "2026-10-20", "2026-10-25"]),
            "level": [1, 3, 2],
            "channel": pd.array(["email", "LRAR", "téléphone"], dtype="str"),
            "registered": [False, True, False],
            "settled_date": pd.to_datetime(["2026-10-05", "2026-10-05", "2026-10-20"]),
            "days_after": [1, 15, 5],
        }
    )
    copy = after.copy()
    out = after_settlement_table(after, {"A": "Alpha", "C": "Gamma"}, n=2)
    expected = pd.DataFrame(
        {
            "Facture": ["toutes (relance du débiteur)", "F1"],
            "Débiteur": ["Gamma", "Alpha"],
            "Relance le": [D("2026-10-25"), D("2026-10-20")],
            "Niveau": [2, 3],
            "Canal": ["téléphone", "LRAR"],
            "Réglée le": [D("2026-10-20"), D("2026-10-05")],
            "Jours après le règlement": [5, 15],
        }
    )
    assert_frame_equal(out, expected, check_dtype=False)
    assert_frame_equal(after, copy)
    assert after_settlement_table(after.iloc[:0]).empty


# -- data quality: counts, exclusions, defaults ----------------------------------------


@pytest.fixture
def filtered() -> Ledger:
    """Two invoices received (one amount unreadable), two lines excluded by a ``where:``."""
    invoices = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2"],
            "debtor_id": ["A", "B"],
            "issue_date": ["2026-01-05", "2026-01-06"],
            "due_date": ["2026-02-04", "2026-02-05"],
            "amount": ["100", "cent"],
        }
    )
    excluded = pd.DataFrame(
        {
            "table": ["invoices", "invoices"],
            "source": ["journal.csv", "journal.csv"],
            "row": [3, 5],
            "filter": ["Type = « Facture »", "Type = « Facture »"],
            "value": ["Règlement", "(vide)"],
            "taken_by": ["payments, disputes", ""],
        }
    )
    defaults = pd.DataFrame(
        {
            "table": ["invoices", "debtors"],
            "column": ["currency", "kind"],
            "value": ["EUR", "particulier"],
            "filled": [2, 2],
            "key": ["defaults.currency", "default_debtor_kind"],
        }
    )
    return Ledger(
        invoices,
        sources={"invoices": "journal.csv", "payments": "journal.csv"},
        rows={"invoices": [2, 4]},
        meta={"excluded": excluded, "defaults": defaults},
    )


def test_counts_add_the_excluded_lines_to_the_lines_read(filtered):
    counts = listings.counts_table(filtered)
    assert counts.columns.tolist() == [
        "Table",
        "Fichier",
        "Lues",
        "Conservées",
        "Écartées",
        "Exclues",
        "Corrigées",
    ]
    # factures: 2 received (F1 kept, F2 set aside: its amount) + 2 excluded = 4 read
    assert counts.iloc[0].tolist() == ["factures", "journal.csv", 4, 1, 1, 2, 0]
    assert counts.iloc[1].tolist() == ["règlements", "journal.csv", 0, 0, 0, 0, 0]
    assert counts.loc[2:, "Fichier"].eq("non fourni").all()
    assert counts[["Lues", "Exclues"]].sum().tolist() == [4, 2]


def test_counts_of_a_ledger_built_without_the_folder_reader(ledger):
    counts = listings.counts_table(ledger)
    assert counts["Exclues"].sum() == 0
    assert (counts["Lues"] == counts["Conservées"] + counts["Écartées"]).all()


def test_the_excluded_lines_in_french(filtered):
    before = filtered.meta["excluded"].copy()
    expected = pd.DataFrame(
        {
            "Table": ["factures", "factures"],
            "Fichier": ["journal.csv", "journal.csv"],
            "Ligne": [3, 5],
            "Filtre": ["Type = « Facture »", "Type = « Facture »"],
            "Valeur lue": ["Règlement", "(vide)"],
            "Reprise par": ["règlements, litiges", "aucune"],
        }
    )
    assert_frame_equal(excluded_rows_table(filtered), expected)
    assert_frame_equal(filtered.meta["excluded"], before)


def test_the_defaults_used_in_french(filtered):
    expected = pd.DataFrame(
        {
            "Table": ["factures", "débiteurs"],
            "Colonne": ["currency", "kind"],
            "Valeur": ["EUR", "particulier"],
            "Lignes complétées": [2, 2],
            "Origine": [
                "valeur par défaut de recouvrement.yml (defaults:)",
                "valeur par défaut de recouvrement.yml (default_debtor_kind)",
            ],
        }
    )
    assert_frame_equal(defaults_table(filtered), expected)


def test_no_exclusion_and_no_default_without_the_folder_reader(ledger):
    assert excluded_rows_table(ledger).empty and defaults_table(ledger).empty
