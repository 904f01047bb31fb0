"""Which logged actions count for which invoice (the dunning scenario of ``builders``)."""

from __future__ import annotations

import pandas as pd
from builders import DUNNING_AS_OF, D, actions, audited, frames, snap

from recouvrement import dunning
from recouvrement.dunning.attribution import NO_LEVEL, attributed_actions, logged_levels


def with_debtor_call():
    """The ledger plus a call to debtor A without invoice, at level 3 on 20/06."""
    tables = frames()
    extra = actions(("A", None, "2025-06-20", 3, "téléphone"))
    tables["actions"] = pd.concat([tables["actions"], extra], ignore_index=True)
    return audited(tables)


def test_debtor_level_action_covers_invoices_due_by_its_date():
    adh = dunning.adherence(snap(with_debtor_call(), DUNNING_AS_OF)).invoices.set_index(
        "invoice_id"
    )
    # F1 (due 10/06) reaches level 3 on 20/06: ahead of the J+15 level 2
    assert adh.loc["F1", "logged_level"] == 3 and adh.loc["F1", "status"] == "en avance"
    # F4 (due 27/06) was not due on 20/06: the call does not count for it
    assert pd.isna(adh.loc["F4", "logged_level"])


def test_attributed_actions_and_logged_levels_by_hand():
    led = with_debtor_call()
    items = led.invoices.loc[led.invoices["invoice_id"].isin(["F4", "F1", "F3"])]
    items = items.assign(start=items["due_date"])[["invoice_id", "debtor_id", "start"]]
    got = attributed_actions(led, items, D(DUNNING_AS_OF))
    # F1: L1 15/06 and L2 26/06 on the invoice, the debtor call L3 20/06 (after 10/06);
    # F3: nothing logged; F4 (due 27/06): the call of 20/06 is before its due date
    assert sorted(got.itertuples(index=False, name=None)) == [
        ("F1", D("2025-06-15"), 1),
        ("F1", D("2025-06-20"), 3),
        ("F1", D("2025-06-26"), 2),
    ]
    assert got["level"].dtype == "int64"
    level, last = logged_levels(got, items["invoice_id"])
    assert dict(zip(items["invoice_id"], level.tolist(), strict=True)) == {
        "F1": 3,
        "F3": NO_LEVEL,
        "F4": NO_LEVEL,
    }
    assert last.index.equals(items.index)
    assert last.tolist()[0] == D("2025-06-26") and last.isna().sum() == 2
    # actions dated after the audit date do not exist yet
    early = attributed_actions(led, items, D("2025-06-19"))
    assert early[["invoice_id", "level"]].to_numpy().tolist() == [["F1", 1]]
