"""The vectorised ``letters_for`` writes exactly the letters of its per-letter reference.

``letters_for`` chose the letters, rescanned the dunning log for each letter and looked
its invoices up one by one; it now prepares every letter's invoices and history at once
(issue 14) and composes a letter's text when it is first read. Its former code is kept
in ``tests/reference_letters.py``: both must give the same letters, fact by fact,
invoice by invoice and line by line, on random ledgers, on the samples and on a
generated ledger of a few thousand invoices.
"""

from __future__ import annotations

import pandas as pd
import pytest
import reference_letters
from builders import sample_ledgers
from hypothesis import given
from pandas.testing import assert_frame_equal
from test_legal_vectorised import SETTINGS, random_ledgers

from recouvrement import dunning, legal
from recouvrement.aging import Snapshot
from recouvrement.dunning import letters as lt
from recouvrement.ledger import Ledger
from tools.samples import generate_large

#: What a letter says: every fact the outputs read, and its text.
FACTS = (
    "debtor_id",
    "debtor_name",
    "kind",
    "title",
    "level",
    "channel",
    "date",
    "deadline",
    "debtor_kind",
    "civility",
    "penalty_rate",
    "history",
    "furniture",
    "amounts_at",
    "provisional",
    "notes",
    "todo",
    "draft",
    "claims",
    "principal",
    "penalties",
    "indemnities",
    "total",
    "blocks",
    "paragraphs",
    "cells",
)
CREDITOR = {"name": "Créancier SAS", "siren": "999 000 111", "iban": "FR76 0000"}


def assert_same_letters(got: list[lt.Letter], expected: list[lt.Letter]) -> None:
    """Same letters, in the same order, saying the same."""
    assert len(got) == len(expected)
    for new, old in zip(got, expected, strict=True):
        for name in FACTS:
            assert getattr(new, name) == getattr(old, name), (old.debtor_id, name)
        assert_frame_equal(new.invoices, old.invoices)
        assert new.n_invoices == len(old.invoices)


def both(led: Ledger, as_of: object) -> tuple[list[lt.Letter], list[lt.Letter]]:
    """The letters of the next actions at ``as_of``: vectorised, and the reference's."""
    snap = Snapshot(led, as_of)
    plan = dunning.next_actions(snap).actions
    interest = legal.late_payment_interest(snap)
    try:
        penalty = legal.penalty_rate(snap.as_of)
    except legal.RateTableError:  # an audit date before the rate tables
        kwargs = {}
    else:
        kwargs = {"penalty_rate": penalty.rate, "provisional": penalty.provisional}
    return (
        lt.letters_for(snap, plan, interest, **kwargs),
        reference_letters.letters_for(Snapshot(led, as_of), plan, interest, **kwargs),
    )


@SETTINGS
@given(random_ledgers())
def test_letters_equal_the_per_letter_reference(drawn):
    led, as_of, _ = drawn
    led.meta["creditor"] = CREDITOR
    assert_same_letters(*both(led, as_of))


@pytest.mark.parametrize("company", sorted(sample_ledgers()))
def test_letters_of_the_samples_equal_the_reference(company):
    led = Ledger(**sample_ledgers()[company])
    got, expected = both(led, "2026-10-31")
    assert got
    assert_same_letters(got, expected)


def test_letters_of_a_generated_ledger_equal_the_reference():
    led = Ledger(**generate_large(n_invoices=4000, seed=3))
    got, expected = both(led, pd.Timestamp("2026-06-30"))
    assert len(got) > 20
    assert_same_letters(got, expected)


def test_a_letter_text_is_composed_when_first_read():
    led = Ledger(**sample_ledgers()["conseil-horizon"])
    letters, _ = both(led, "2026-10-31")
    assert "blocks" not in vars(letters[0]) and "invoices" not in vars(letters[0])
    assert letters[0].principal > 0 and letters[0].n_invoices >= 1
    assert "invoices" not in vars(letters[0])  # the totals read the shared rows
    assert letters[0].blocks and letters[0].blocks is letters[0].blocks
