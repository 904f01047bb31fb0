"""Each debtor's kind and insolvency date, as the legal rules see them.

The ledger: debtors table A (professionnel), B (particulier), C (kind not given,
insolvent since 01/06/2026); the invoices are on A, B, C and Z, which the table does not
list. The kind is the ledger's (:meth:`recouvrement.ledger.Ledger.kinds`): the table's,
else the company's default kind, else unknown.
"""

from __future__ import annotations

import pandas as pd
import pytest
from builders import D, debtors, invoices, ledger

from recouvrement.legal.debtors import (
    debtor_kinds,
    insolvency_dates,
    kinds_of,
    missing_debtors,
)


def _ledger(default_kind=None, with_table=True):
    tables = {}
    if with_table:
        tables["debtors"] = debtors(
            ("A", "Alpha SAS", "professionnel", None),
            ("B", "M. Bernard", "particulier", None),
            ("C", "Gamma SARL", None, "2026-06-01"),
        )
    return ledger(
        invoices(
            ("F1", "A", "2026-09-01", "2026-09-30", 100.0),
            ("F2", "B", "2026-09-01", "2026-09-30", 100.0),
            ("F3", "C", "2026-09-01", "2026-09-30", 100.0),
            ("F4", "Z", "2026-09-01", "2026-09-30", 100.0),
        ),
        default_kind=default_kind,
        **tables,
    )


@pytest.mark.parametrize(
    ("default_kind", "expected"),
    [
        (None, {"A": "professionnel", "B": "particulier", "C": None, "Z": None}),
        (
            "professionnel",
            {"A": "professionnel", "B": "particulier", "C": "professionnel", "Z": "professionnel"},
        ),
        (
            "particulier",
            {"A": "professionnel", "B": "particulier", "C": "particulier", "Z": "particulier"},
        ),
    ],
    ids=["no-default", "default-professional", "default-private"],
)
def test_kinds_come_from_the_ledger_default_included(default_kind, expected):
    led = _ledger(default_kind)
    assert debtor_kinds(led) == expected
    got = kinds_of(led, pd.Series(["Z", "A", "C"], index=[10, 11, 12]))
    assert got.index.tolist() == [10, 11, 12]
    shown = [None if pd.isna(k) else k for k in got]
    assert shown == [expected["Z"], expected["A"], expected["C"]]


def test_missing_debtors_are_those_the_table_does_not_list():
    assert missing_debtors(_ledger()) == {"Z"}
    assert missing_debtors(_ledger("professionnel")) == {"Z"}  # default kind or not
    # no table at all: nobody is "missing from it", every kind is unknown
    bare = _ledger(with_table=False)
    assert missing_debtors(bare) == frozenset()
    assert debtor_kinds(bare) == {"A": None, "B": None, "C": None, "Z": None}
    assert debtor_kinds(_ledger("particulier", with_table=False)) == dict.fromkeys(
        "ABCZ", "particulier"
    )


def test_insolvency_dates_of_the_table():
    assert insolvency_dates(_ledger()) == {"C": D("2026-06-01")}
    assert insolvency_dates(_ledger(with_table=False)) == {}
