"""The allocation of a company's matched lines, one fiscal year (file) after the other.

Groups never span two files, but a file's opening lines stand for what the previous
files left open: a carried line naming its item (:func:`~recouvrement.io.fec.openings.
carried_targets`) stands for that item, up to the item's amount; a carried line naming
nothing (the debtor's prior invoices aggregated in one opening line, the usual layout)
stands for the debtor's items still open at the previous closing, oldest first, up to
what each still owes — so the payment matched with it settles the original invoices,
which keep their age. The same holds for credits carried over. Each file is therefore
allocated after the ones before it (:func:`allocate_files`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.io.fec.lettrage import allocate
from recouvrement.io.fec.transfers import allocate_with_transfers

#: Columns of a members frame (see :func:`recouvrement.io.fec.lettrage.allocate`), plus ``id``.
MEMBER_COLUMNS = ["group", "side", "target", "capacity", "matched", "date", "seq", "id"]


def open_at_close(entries: pd.DataFrame, pieces: pd.DataFrame, side: str) -> pd.DataFrame:
    """Items (``side="D"``) or credits (``"C"``) of earlier files with what they still have.

    ``entries``: ``id, debtor, date, amount`` (cents > 0); returns the same with
    ``left`` > 0 (amount − their pieces so far).
    """
    key = "invoice" if side == "D" else "credit"
    used = pieces.groupby(key)["amount"].sum() if len(pieces) else pd.Series(dtype="int64")
    left = entries["amount"] - entries["id"].map(used).fillna(0).astype("int64")
    return entries.assign(left=left)[left > 0]


def stand_ins(carried: pd.DataFrame, open_entries: pd.DataFrame, side: str) -> pd.DataFrame:
    """Members standing for ``carried`` lines (naming nothing): the debtor's open entries.

    ``carried``: members of the carried lines of one side; ``open_entries``: from
    :func:`open_at_close`. Oldest entries first; a carried amount beyond what its
    debtor still has stands for nothing (it stays unmatched).
    """
    if carried.empty or open_entries.empty:
        return pd.DataFrame(columns=MEMBER_COLUMNS)
    codes = {d: k for k, d in enumerate(pd.unique(carried["debtor"]))}
    supply = pd.DataFrame(
        {
            "group": carried["debtor"].map(codes),
            "side": "C",
            "target": carried["id"],
            "capacity": carried["capacity"],
            "matched": carried["matched"],
            "date": carried["date"],
            "seq": carried["seq"],
        }
    )
    owed = open_entries[open_entries["debtor"].isin(codes)]
    demand = pd.DataFrame(
        {
            "group": owed["debtor"].map(codes),
            "side": "D",
            "target": owed["id"],
            "capacity": owed["left"],
            "matched": owed["date"],
            "date": owed["date"],
            "seq": np.arange(len(owed)),
        }
    )
    parts = allocate(pd.concat([supply, demand], ignore_index=True))
    lines = carried.set_index("id")
    hit = lines.loc[parts["credit"]]
    return pd.DataFrame(
        {
            "group": hit["group"].to_numpy(),
            "side": side,
            "target": parts["invoice"].to_numpy(),
            "capacity": parts["amount"].to_numpy(),
            "matched": hit["matched"].to_numpy(),
            "date": hit["date"].to_numpy(),
            "seq": hit["seq"].to_numpy(),
            "id": parts["credit"].to_numpy(),
        }
    )


def allocate_files(
    members: pd.DataFrame,
    untargeted: pd.Series,
    pairs: pd.DataFrame,
    items: pd.DataFrame,
    credits: pd.DataFrame,
) -> pd.DataFrame:
    """Every piece of every file, files in order (see the module's rules).

    ``members``: the matched lines (:data:`MEMBER_COLUMNS` plus ``file`` and
    ``debtor``); ``untargeted``: boolean per member, a carried line naming nothing;
    ``items``/``credits``: ``id, debtor, date, amount, file``.
    """
    pieces = pd.DataFrame(columns=["credit", "invoice", "amount", "applied_date"])
    pieces = pieces.astype({"amount": "int64", "applied_date": "datetime64[ns]"})
    for k in sorted(members["file"].unique()):
        here = members["file"] == k
        loose = members[here & untargeted]
        done = [pieces] if len(pieces) else []
        extra = []
        for side, entries in (("D", items), ("C", credits)):
            lines = loose[loose["side"] == side]
            if lines.empty:
                continue
            open_entries = open_at_close(entries[entries["file"] < k], pieces, side)
            extra.append(stand_ins(lines, open_entries, side))
        own = members[here & ~untargeted][MEMBER_COLUMNS]
        batch = pd.concat([own, *extra], ignore_index=True) if extra else own
        done.append(allocate_with_transfers(batch, pairs))
        pieces = pd.concat(done, ignore_index=True)
    return pieces
