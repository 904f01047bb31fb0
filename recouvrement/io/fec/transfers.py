"""Transfers of a receivable to doubtful (411 → 416): the invoice moves, it is not settled.

An entry that credits a customer account (``411*``) and debits the same customer's
doubtful account (``416*``) by the same amount changes the account, not the debt: the
customer owes the same invoices, as old as before. So the two lines are neither a
credit nor a new item. The 411 credit is matched (lettrage) with the invoices it moves;
the 416 debit is matched with what is later received or written off on 416. The
transferred invoices stand for the 416 debit in its group: what settles the 416 debit
settles them, oldest first, and their age runs from their own due dates.

An unmatched transfer moves nothing identifiable: its two lines still cancel, and the
invoices stay open on the customer as they were.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.io.fec.lettrage import allocate
from recouvrement.io.fec.roles import FecOptions, starts


def transfer_pairs(rec: pd.DataFrame, options: FecOptions) -> pd.DataFrame:
    """The (411 credit, 416 debit) pairs of one entry, debtor and amount: ``credit, debit`` ids.

    Each line is paired at most once, in file order.
    """
    trade = starts(rec["account"], options.receivable_accounts)
    doubtful = starts(rec["account"], options.doubtful_accounts)
    key = ["file", "journal", "entry", "debtor", "size"]
    lines = rec.assign(size=rec["net"].abs())
    cr = lines[trade & (lines["net"] < 0).to_numpy()]
    dr = lines[doubtful & (lines["net"] > 0).to_numpy()]
    if cr.empty or dr.empty:
        return pd.DataFrame({"credit": pd.Series([], dtype="str"), "debit": []})
    cr = cr.assign(k=cr.groupby(key).cumcount())
    dr = dr.assign(k=dr.groupby(key).cumcount())
    pairs = cr[[*key, "k", "id"]].merge(dr[[*key, "k", "id"]], on=[*key, "k"])
    return pd.DataFrame({"credit": pairs["id_x"].to_numpy(), "debit": pairs["id_y"].to_numpy()})


def allocate_with_transfers(members: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """:func:`~recouvrement.io.fec.lettrage.allocate`, the transferred invoices moved to 416.

    ``members`` as for ``allocate``, plus ``id`` (the line's own id). Groups holding a
    transfer's 416 debit are allocated second, that debit replaced by the invoices its
    411 credit was matched with (capacity: the amounts matched; matched from the later
    of the two dates). The transfer's own pieces are not allocations.
    """
    if pairs.empty:
        return allocate(members)
    is_debit = members["id"].isin(pairs["debit"])
    second = members["group"].isin(members.loc[is_debit, "group"])
    first = allocate(members[~second])
    moved = first["credit"].isin(pairs["credit"])
    pieces, moves = first[~moved], first[moved]
    debit_of = pd.Series(pairs["debit"].to_numpy(), index=pairs["credit"].to_numpy())
    moves = moves.assign(debit=moves["credit"].map(debit_of))
    stand = members[is_debit].set_index("id")[["group", "matched", "date", "seq"]]
    proxies = moves.join(stand, on="debit")
    proxies = pd.DataFrame(
        {
            "group": proxies["group"],
            "side": "D",
            "target": proxies["invoice"],
            "capacity": proxies["amount"],
            "matched": np.maximum(
                proxies["matched"].to_numpy(dtype="datetime64[ns]"),
                proxies["applied_date"].to_numpy(dtype="datetime64[ns]"),
            ),
            "date": proxies["date"],
            "seq": proxies["seq"],
        }
    )
    rest = members[second & ~is_debit].drop(columns="id")
    return pd.concat([pieces, allocate(pd.concat([rest, proxies]))], ignore_index=True)
