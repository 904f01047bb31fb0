"""The tie to the general ledger and the quality of the lettrage, for a ledger read from a FEC.

**Tie (a gate).** At every as-of date ``D`` and for every debtor::

    aged balance (Σ buckets + Non affecté) = Σ (Debit − Credit) of its receivable lines dated ≤ D

to the cent, where the receivable lines are those of the FEC (accounts 411*, 416*,
419* by default; openings restating a previous file counted once). The aged balance
is rebuilt by the as-of engine from the ledger's tables; the books are summed straight
from the FEC's lines: a difference means a line lost or counted twice between the two,
so the report stops (:class:`BooksTieError`).

**Lettrage quality.** What the matching leaves in the customer accounts: credits not
matched that exactly equal an open invoice of the same debtor, partly matched groups
older than ``partial_after_days``, groups with credits and no debit, and codes used
in several fiscal years for one debtor — each with its amount: the cash "hidden" in
the customer accounts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging.arrays import ledger_arrays, to_cents
from recouvrement.aging.balance import aged_balance
from recouvrement.aging.state import state_at
from recouvrement.formatting import fmt_eur
from recouvrement.io.fec.book import FecBook
from recouvrement.ledger import Ledger


class BooksTieError(AssertionError):
    """The aged balance differs from the customer accounts of the books: the report stops."""


def fec_book(ledger: Ledger) -> FecBook | None:
    """The FEC behind ``ledger`` (``None`` for a ledger read from tables)."""
    book = ledger.meta.get("fec")
    return book if isinstance(book, FecBook) else None


def tie_to_books(ledger: Ledger, as_of: object, *, strict: bool = True) -> pd.DataFrame | None:
    """Per debtor, the aged balance against the books at ``as_of``, in cents.

    Returns
    -------
    DataFrame or None
        ``None`` without a FEC. Else indexed by debtor id: ``aged`` (open items +
        Non affecté), ``books`` (Σ Debit − Credit of its receivable lines dated ≤
        ``as_of``), ``difference`` (int64 cents, all zero when it ties).

    Raises
    ------
    BooksTieError
        When ``strict`` and any debtor's difference is not zero (the debtors and
        amounts in French).

    """
    book = fec_book(ledger)
    if book is None:
        return None
    day = cv.as_date(as_of)
    d = np.datetime64(day, "ns")
    # the aged balance itself (buckets + Non affecté = Total), back to exact cents
    balance = aged_balance(ledger, day)
    ours = pd.Series(
        to_cents(balance[cv.TOTAL_LABEL].to_numpy()),
        index=pd.Index(balance.index, name="debtor"),
    )
    lines = book.lines[book.lines["date"].to_numpy(dtype="datetime64[ns]") <= d]
    theirs = lines.groupby("debtor")["net"].sum()
    out = pd.concat([ours.rename("aged"), theirs.rename("books")], axis=1).fillna(0)
    out = out.astype("int64")
    out["difference"] = out["aged"] - out["books"]
    out = out[(out["aged"] != 0) | (out["books"] != 0) | (out["difference"] != 0)]
    bad = out[out["difference"] != 0]
    if strict and len(bad):
        shown = "; ".join(
            f"{debtor} : balance âgée {fmt_eur(r.aged / 100)}, comptes clients "
            f"{fmt_eur(r.books / 100)}"
            for debtor, r in bad.head(5).iterrows()
        )
        raise BooksTieError(
            f"au {day:%d/%m/%Y}, la balance âgée ne rapproche pas les comptes clients du FEC "
            f"pour {len(bad)} débiteur(s) ({shown}) ; voir les lignes écartées dans la "
            "qualité des données, les corriger dans le FEC et relancer"
        )
    return out.sort_index()


def describe_tie(tie: pd.DataFrame, as_of: object) -> str:
    """French statement of the tie, for the report."""
    total = int(tie["books"].sum())
    diff = int(tie["difference"].abs().sum())
    status = "vérifié au centime" if diff == 0 else f"ÉCART de {fmt_eur(diff / 100)}"
    return (
        f"Rapprochement avec la comptabilité (comptes 411) au {cv.as_date(as_of):%d/%m/%Y} : "
        f"balance âgée (tranches + non affecté) = solde des comptes clients du FEC = "
        f"{fmt_eur(total / 100)}, pour chacun des {len(tie)} débiteurs : {status}."
    )


def lettrage_quality(ledger: Ledger, as_of: object) -> pd.DataFrame | None:
    """The lettrage findings at ``as_of`` (``None`` without a FEC).

    Returns
    -------
    DataFrame
        ``finding, debtor, lines, amount`` (cents, positive), one row per finding and
        debtor, among: ``unmatched_exact`` (an unmatched credit equal to an open
        invoice of its debtor), ``partial_old`` (a partly matched group whose latest
        line is more than ``partial_after_days`` old and does not net to zero: what its
        invoices still owe at ``as_of``, none when the next year settled them),
        ``credit_only`` (a group with credits and no debit: the credits),
        ``code_reused`` (a debtor's code used in several files: the lines of its groups
        after the first file, an information rather than a defect).

    Notes
    -----
    Only the matching known at ``as_of`` counts: a line matched later (``DateLet``
    after ``as_of``) is not yet in its group.

    """
    book = fec_book(ledger)
    if book is None:
        return None
    day = cv.as_date(as_of)
    d = np.datetime64(day, "ns")
    lines = book.lines[book.lines["date"].to_numpy(dtype="datetime64[ns]") <= d]
    rows: list[dict] = []
    # unmatched credits equal to an open invoice of their debtor
    a = ledger_arrays(ledger)
    st = state_at(a, day)
    open_inv = pd.DataFrame({"debtor": a.debtor_ids[a.inv_debtor], "amount": st.residual})[
        (st.residual > 0)
    ]
    # receipts and credit notes only (not a transfer, an opening or an adjustment); each
    # open invoice is found once, by the first such credit of its amount
    loose = lines[
        (lines["group"] < 0) & (lines["net"] < 0) & lines["role"].isin(["payment", "credit_note"])
    ]
    credits = loose.assign(amount=-loose["net"])
    credits = credits.assign(k=credits.groupby(["debtor", "amount"]).cumcount())
    invoices = open_inv.assign(k=open_inv.groupby(["debtor", "amount"]).cumcount())
    pairs = credits.merge(invoices, on=["debtor", "amount", "k"])
    rows += _per_debtor("unmatched_exact", pairs, pairs["amount"])
    # the matching known at D: lines matched by then (a later DateLet is not yet done)
    matched = book.members[
        (book.members["matched"].to_numpy(dtype="datetime64[ns]") <= d)
        & (book.members["date"].to_numpy(dtype="datetime64[ns]") <= d)
    ]
    groups = (
        matched.assign(dr=(matched["net"] > 0).astype("int64"))
        .groupby("group")
        .agg(
            debtor=("debtor", "first"),
            net=("net", "sum"),
            last=("date", "max"),
            debit=("dr", "sum"),
            n=("net", "size"),
        )
    )
    cutoff = day - pd.Timedelta(days=book.partial_after_days)
    partial = groups[(groups["net"] != 0) & (groups["debit"] > 0) & (groups["last"] < cutoff)]
    # what is still open at D of their invoices (a residual settled later, through the
    # next year's opening line, is no longer a finding)
    left = pd.Series(np.maximum(st.residual, 0), index=a.invoice_ids)
    debits = matched[matched["group"].isin(partial.index) & (matched["net"] > 0)]
    debits = debits.drop_duplicates(["group", "item"])
    still = debits.assign(left=debits["item"].map(left).fillna(0)).groupby("group")["left"].sum()
    partial = partial.assign(left=still.reindex(partial.index, fill_value=0))
    partial = partial[partial["left"] > 0]
    rows += _per_debtor("partial_old", partial.assign(lines=partial["n"]), partial["left"])
    only = groups[groups["debit"] == 0]
    rows += _per_debtor("credit_only", only.assign(lines=only["n"]), only["net"].abs())
    files = matched.groupby(["debtor", "let"])["file"].agg(["nunique", "min"])
    reused = files[files["nunique"] > 1].reset_index()
    hit = matched.merge(reused[["debtor", "let", "min"]], on=["debtor", "let"])
    hit = hit[hit["file"] > hit["min"]]
    rows += _per_debtor("code_reused", hit, hit["net"].abs())
    return pd.DataFrame(rows, columns=["finding", "debtor", "lines", "amount"])


def _per_debtor(finding: str, frame: pd.DataFrame, amount: pd.Series) -> list[dict]:
    if frame.empty:
        return []
    counts = frame["lines"] if "lines" in frame.columns else pd.Series(1, index=frame.index)
    grouped = (
        pd.DataFrame({"debtor": frame["debtor"], "lines": counts, "amount": amount.astype("int64")})
        .groupby("debtor")[["lines", "amount"]]
        .sum()
    )
    grouped = grouped.reset_index().assign(finding=finding)
    return grouped[["finding", "debtor", "lines", "amount"]].astype(
        {"lines": "int64", "amount": "int64"}
    ).to_dict("records")
