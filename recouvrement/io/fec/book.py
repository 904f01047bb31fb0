"""The receivable lines of a company's FEC files as the ledger's tables.

Every receivable line (accounts ``411*``, ``416*``, ``419*`` by default) becomes
exactly one item or one credit, so that the ledger's balance per debtor is the
customer accounts' balance at every date (checked by
:func:`recouvrement.aging.tie_to_books`):

* a debit line is an item of the invoices table: an invoice (a sale), or a refund,
  an opening balance, an adjustment (``origin``; only invoices are sales);
* a transfer to doubtful (411 → 416) is neither: the invoices move with their age
  (:mod:`~recouvrement.io.fec.transfers`);
* a credit line is a payment, a credit note, a write-off, or a non-cash credit
  (opening, adjustment), split into one row per invoice it settles
  (:mod:`~recouvrement.io.fec.lettrage`), what it does not settle kept unapplied;
* opening lines restating a previous file are not counted again
  (:mod:`~recouvrement.io.fec.openings`).

The debtor of a line is its stripped ``CompAuxNum``; a customer account without an
auxiliary code (``411DUPONT``) is its own debtor. Each line gets the id
``<journal>-<EcritureNum>-<position in its entry>`` (``PieceRef`` is not unique; the
invoice's ``PieceRef`` is kept as its ``reference``), prefixed with the year of its
file's last entry when several files are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recouvrement.io.fec.allocation import allocate_files
from recouvrement.io.fec.lettrage import matching_dates
from recouvrement.io.fec.openings import (
    carried_mask,
    carried_targets,
    check_year_ties,
    opening_dates,
)
from recouvrement.io.fec.roles import FecOptions, line_roles
from recouvrement.io.fec.terms import debtor_terms
from recouvrement.io.fec.transfers import transfer_pairs

#: ``origin`` of an item (invoices table) per role of its line.
ITEM_ORIGIN = {
    "invoice": "facture",
    "opening": "à nouveau",
    "refund": "remboursement",
    "adjustment": "régularisation",
}

#: Ledger table of a credit per role of its line, and its ``origin`` (payments only).
CREDIT_TABLE = {
    "payment": ("payments", pd.NA),
    "credit_note": ("credit_notes", pd.NA),
    "write_off": ("write_offs", pd.NA),
    "opening": ("payments", "à nouveau"),
    "adjustment": ("payments", "régularisation"),
    "invoice": ("payments", "régularisation"),
    "refund": ("payments", "régularisation"),
}


@dataclass(frozen=True)
class FecBook:
    """What the report needs of the FEC beyond the ledger's tables.

    Attributes
    ----------
    sources : list of str
        The files read, oldest first (names only).
    dialects : list of str
        Each file's dialect, in French.
    period : (Timestamp, Timestamp)
        First and last entry date of the receivable lines.
    lines : DataFrame
        The receivable lines counted in the balance (carried openings excluded):
        ``id, file, line, debtor, date, net`` (cents), ``role``, ``let``,
        ``group`` (lettrage group, -1 when unmatched), ``matched`` (matching date).
    carried : DataFrame
        The opening lines not counted again: ``file, line, debtor, net, target``.
    members : DataFrame
        Every matched line, carried openings included (they stand for their item in
        the new year's groups): ``group, file, debtor, let, date, matched, net``, ``item`` (the
        line's id, or for a carried opening the id of the line it stands for).
    terms : DataFrame
        Per debtor: ``days``, ``source``, ``settled`` (:func:`debtor_terms`).
    unknown_age : DataFrame
        Opening items aged from the opening date: ``id, debtor, amount`` (cents).
    partial_after_days : int
        Threshold of the lettrage quality: partly matched groups older than this.
    options : FecOptions
        The options the files were read with (for the methodology appendix).
    set_aside : list of dict
        The FEC lines set aside by the reader (whole entries: ``Fichier, Ligne,
        Colonne, Valeur lue, Problème``).

    """

    sources: list[str]
    dialects: list[str]
    period: tuple[pd.Timestamp, pd.Timestamp]
    lines: pd.DataFrame
    carried: pd.DataFrame
    members: pd.DataFrame
    terms: pd.DataFrame
    unknown_age: pd.DataFrame
    partial_after_days: int = 90
    options: FecOptions = field(default_factory=FecOptions)
    set_aside: list[dict] = field(default_factory=list)


def line_ids(rec: pd.DataFrame, several: bool) -> pd.Series:
    """``<journal>-<EcritureNum>-<position>`` (prefixed ``<year>-`` when ``several`` files)."""
    ids = (
        rec["journal"].astype("str")
        + "-"
        + rec["entry"].astype("str")
        + "-"
        + rec["position"].astype("str")
    )
    if several:
        end = rec.groupby("file")["date"].transform("max")
        per_file = end.groupby(rec["file"]).first()
        # the year of each file's last entry; the whole date when two files end the same year
        fmt = "%Y" if per_file.dt.year.is_unique else "%Y%m%d"
        ids = end.dt.strftime(fmt) + "-" + ids
    return ids


def build_tables(
    lines: pd.DataFrame,
    sources: list[str],
    dialects: list[str],
    options: FecOptions,
    default_terms_days: int,
) -> tuple[dict[str, pd.DataFrame], dict[str, list[int]], FecBook]:
    """The ledger's tables, their FEC line numbers and the :class:`FecBook`.

    ``lines``: every line of every file (``file`` = position in ``sources``, oldest
    first). Raises :class:`~recouvrement.ledger.LedgerError` when a file's openings do
    not restate the previous file's closing.
    """
    rec = line_roles(lines, options)
    rec["debtor"] = rec["aux"].astype("object").where(rec["aux"].notna(), rec["account"])
    rec["debtor"] = rec["debtor"].astype("str")
    rec["name"] = rec["aux_lib"].astype("object").where(rec["aux"].notna(), rec["account_lib"])
    rec["id"] = line_ids(rec, len(sources) > 1)
    rec["seq"] = np.arange(len(rec))
    carried = carried_mask(rec)
    check_year_ties(rec, carried, sources)
    pairs = transfer_pairs(rec, options)
    moving = rec["id"].isin(pairs["credit"]) | rec["id"].isin(pairs["debit"])
    rec.loc[moving, "role"] = "transfer"
    target = carried_targets(rec, carried)

    let = rec["let"].astype("object").where(rec["let"].notna())
    has_let = let.notna()
    # lettrage is per account: a code of 411 and the same code of 416 are two groups
    key = pd.DataFrame({"f": rec["file"], "d": rec["debtor"], "a": rec["account"], "l": let})
    group = pd.Series(-1, index=rec.index, dtype="int64")
    group[has_let] = key[has_let].groupby(["f", "d", "a", "l"], sort=False).ngroup().to_numpy()
    rec["group"] = group
    dated = pd.DataFrame(
        {"group": group.where(group >= 0), "date": rec["date"], "date_let": rec["date_let"]}
    )
    rec["matched"] = matching_dates(dated)

    live = rec[~carried & ~moving & (rec["net"] != 0)]
    items = live[live["net"] > 0].copy()
    credits = live[live["net"] < 0].copy()
    items["amount"] = items["net"]
    items["origin"] = items["role"].map(ITEM_ORIGIN).fillna("régularisation")
    items["issue"] = items["date"]
    opening = items["origin"] == "à nouveau"
    issue, known = opening_dates(items[opening])
    items.loc[opening, "issue"] = issue
    unknown = items[opening][~known]
    credits["amount"] = -credits["net"]

    m = rec[has_let & (rec["net"] != 0)]
    # a carried line stands for its item up to the item's own amount, never beyond
    amounts = pd.concat([items.set_index("id")["amount"], credits.set_index("id")["amount"]])
    cap = target[m.index].map(amounts)
    capacity = m["net"].abs().where(cap.isna(), np.minimum(m["net"].abs(), cap))
    members = pd.DataFrame(
        {
            "group": m["group"],
            "side": np.where(m["net"] > 0, "D", "C"),
            "target": target[m.index].where(carried[m.index], m["id"]),
            "capacity": capacity.astype("int64"),
            "matched": m["matched"],
            "date": m["date"],
            "seq": m["seq"],
            "id": m["id"],
            "file": m["file"],
            "debtor": m["debtor"],
        }
    )
    untargeted = carried[m.index] & target[m.index].isna()
    # what a carried line claims beyond its item stands for the debtor's other open items
    excess = members[carried[m.index] & cap.notna() & (m["net"].abs() > cap)]
    excess = excess.assign(target=excess["id"], capacity=m["net"].abs()[excess.index] - cap)
    members = pd.concat([members, excess])
    untargeted = np.r_[untargeted.to_numpy(), np.ones(len(excess), dtype=bool)]
    cols = ["id", "debtor", "date", "amount", "file"]
    pieces = allocate_files(members, untargeted, pairs, items[cols], credits[cols])
    cash = set(credits.loc[credits["role"] == "payment", "id"])
    terms = debtor_terms(items, pieces, options.terms_days, default_terms_days, cash)
    items["due"] = items["issue"] + pd.to_timedelta(items["debtor"].map(terms["days"]), unit="D")
    items.loc[unknown.index, "due"] = items.loc[unknown.index, "issue"]

    tables, rows = _tables(items, credits, pieces)
    # each debtor's most frequent CompAuxLib (the first met on a tie)
    counts = rec.dropna(subset=["name"]).groupby(["debtor", "name"], sort=False).size()
    names = (
        counts.sort_values(ascending=False, kind="stable")
        .reset_index()
        .drop_duplicates("debtor")
        .set_index("debtor")["name"]
        .sort_index()
    )
    debtors = pd.DataFrame({"debtor_id": names.index.astype("str"), "name": names.to_numpy()})
    tables["debtors"] = debtors
    rows["debtors"] = list(range(1, len(debtors) + 1))
    book = FecBook(
        sources=list(sources),
        dialects=list(dialects),
        period=(rec["date"].min(), rec["date"].max()),
        lines=rec.loc[
            ~carried,
            ["id", "file", "line", "debtor", "date", "net", "role", "let", "group", "matched"],
        ].reset_index(drop=True),
        carried=rec.loc[carried, ["file", "line", "debtor", "net"]]
        .assign(target=target[carried])
        .reset_index(drop=True),
        members=rec.loc[has_let, ["group", "file", "debtor", "let", "date", "matched", "net"]]
        .assign(item=target[has_let].where(carried[has_let], rec.loc[has_let, "id"]))
        .reset_index(drop=True),
        terms=terms,
        unknown_age=unknown[["id", "debtor", "amount"]].reset_index(drop=True),
        partial_after_days=int(options.partial_after_days),
        options=options,
    )
    return tables, rows, book


def _tables(
    items: pd.DataFrame, credits: pd.DataFrame, pieces: pd.DataFrame
) -> tuple[dict[str, pd.DataFrame], dict[str, list[int]]]:
    tables: dict[str, pd.DataFrame] = {
        "invoices": pd.DataFrame(
            {
                "invoice_id": items["id"],
                "debtor_id": items["debtor"],
                "issue_date": items["issue"],
                "due_date": items["due"],
                "amount": items["amount"] / 100,
                "origin": items["origin"],
                "reference": items["piece_ref"],
            }
        ).reset_index(drop=True)
    }
    # rows are positions in the built table (a credit split over several invoices gives
    # several rows of one FEC line, and line numbers repeat across files)
    rows = {"invoices": list(range(1, len(items) + 1))}
    # each credit: its pieces (never more than the credit: a carried line that claims more
    # than its line had is cut), then what they leave unapplied
    pieces = pieces.merge(credits[["id", "amount"]], left_on="credit", right_on="id",
                          suffixes=("", "_line"))  # fmt: skip
    before = pieces.groupby("credit")["amount"].cumsum() - pieces["amount"]
    pieces = pieces.assign(
        amount=np.minimum(pieces["amount"], (pieces["amount_line"] - before).clip(lower=0))
    )[["credit", "invoice", "amount", "applied_date"]]
    pieces = pieces[pieces["amount"] > 0]
    got = pieces.groupby("credit")["amount"].sum()
    rest = credits.assign(left=credits["amount"] - credits["id"].map(got).fillna(0).astype("int64"))
    whole = pd.concat(
        [
            credits.merge(pieces, left_on="id", right_on="credit", suffixes=("", "_piece")).assign(
                amount=lambda f: f["amount_piece"]
            ),
            rest[rest["left"] != 0].assign(amount=lambda f: f["left"], invoice=pd.NA),
        ],
        ignore_index=True,
    ).sort_values("seq", kind="stable")
    table = whole["role"].map({r: t for r, (t, _) in CREDIT_TABLE.items()})
    origin = whole["role"].map({r: o for r, (_, o) in CREDIT_TABLE.items()})
    applied = whole.get("applied_date", pd.Series(pd.NaT, index=whole.index))
    for name, id_col in (
        ("payments", "payment_id"),
        ("credit_notes", "credit_note_id"),
        ("write_offs", None),
    ):
        sel = whole[table == name]
        frame = {
            "debtor_id": sel["debtor"],
            "invoice_id": sel["invoice"],
            "date": sel["date"],
            "amount": sel["amount"] / 100,
            "applied_date": applied[sel.index],
        }
        if id_col:
            frame = {id_col: sel["id"], **frame}
        if name == "payments":
            frame["origin"] = origin[sel.index]
        tables[name] = pd.DataFrame(frame).reset_index(drop=True)
        rows[name] = list(range(1, len(sel) + 1))
    return tables, rows
