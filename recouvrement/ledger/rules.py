"""Cross-table rules of the ledger: what is repaired, what is set aside, and why.

Applied once every table is typed and its rows validated (see the table of rules in
:mod:`recouvrement.ledger`): the ledger's currency, duplicate invoice and debtor ids,
missing due dates, payments, credit notes, write-offs, disputes and dunning actions
on unknown invoices, payment debtors that differ from the invoice's.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.ledger.table import REPAIRED, ROW, SET_ASIDE, WorkTable


def apply_cross_table_rules(t: dict[str, WorkTable], default_terms_days: int) -> str:
    """Apply the cross-table rules to the typed tables in place; return the ledger's currency.

    Parameters
    ----------
    t : dict of str to WorkTable
        Every canonical table (typed and validated row by row).
    default_terms_days : int
        Payment terms (days after issue) repairing a missing due date.

    Returns
    -------
    str
        The ledger's currency: the most frequent currency of the kept invoices
        (``EUR`` when none says); invoices in another currency are set aside.

    """
    inv = t["invoices"]
    df = inv.frame

    # the ledger's currency; other currencies are set aside (no conversion)
    df["currency"] = df["currency"].fillna(cv.DEFAULT_CURRENCY).str.upper()
    alive = inv.alive()
    counts = df.loc[alive, "currency"].value_counts()
    currency = str(counts.index[0]) if len(counts) else cv.DEFAULT_CURRENCY
    other = alive & (df["currency"] != currency)
    inv.flag(
        df.loc[other, ROW],
        "currency",
        df.loc[other, "currency"],
        f"devise différente de celle du grand livre ({currency}) : pas de conversion",
        SET_ASIDE,
    )

    # duplicate invoice ids: the first occurrence is kept
    alive = inv.alive()
    dup = (
        alive
        & df["invoice_id"].notna()
        & df[alive].duplicated("invoice_id", keep="first").reindex(df.index, fill_value=False)
    )
    first_row = df[alive].drop_duplicates("invoice_id").set_index("invoice_id")[ROW]
    inv.flag(
        df.loc[dup, ROW],
        "invoice_id",
        df.loc[dup, "invoice_id"],
        "identifiant de facture en double",
        SET_ASIDE,
    )
    if dup.any():
        # say which row was kept
        for p in inv.problems:
            if p["problem"] == "identifiant de facture en double":
                p["problem"] = (
                    "identifiant de facture en double "
                    f"(ligne {int(first_row[p['value']])} conservée)"
                )

    # missing due date: issue date + default terms
    alive = inv.alive()
    no_due = alive & df["due_date"].isna()
    df.loc[no_due, "due_date"] = df.loc[no_due, "issue_date"] + pd.Timedelta(
        days=default_terms_days
    )
    inv.flag(
        df.loc[no_due, ROW],
        "due_date",
        "",
        f"échéance manquante : date de facture + {default_terms_days} jours",
        REPAIRED,
    )

    known = df.loc[inv.alive()].set_index("invoice_id")["debtor_id"]

    def is_known(ids: pd.Series) -> pd.Series:
        # get_indexer on the (unique) kept ids: a hash join, fast on Arrow strings
        return pd.Series(known.index.get_indexer(ids) >= 0, index=ids.index)

    for name in ("payments", "credit_notes"):
        tab = t[name]
        f = tab.frame
        matched = detach_unknown_invoices(
            tab,
            is_known,
            "facture inconnue et débiteur non renseigné",
            "facture inconnue : montant conservé en non affecté pour le débiteur",
        )
        inv_debtor = f.loc[matched, "invoice_id"].map(known)
        differs = f.loc[matched, "debtor_id"].notna() & (
            f.loc[matched, "debtor_id"] != inv_debtor
        )
        idx = differs[differs].index
        tab.flag(
            f.loc[idx, ROW],
            "debtor_id",
            f.loc[idx, "debtor_id"],
            "débiteur différent de celui de la facture : débiteur de la facture retenu",
            REPAIRED,
        )
        f.loc[matched, "debtor_id"] = inv_debtor
        fill_ids(tab, "payment_id" if name == "payments" else "credit_note_id")

    for name, problem in (
        ("write_offs", "passage en perte sur une facture inconnue"),
        ("disputes", "litige sur une facture inconnue"),
    ):
        tab = t[name]
        f = tab.frame
        unknown = tab.alive() & ~is_known(f["invoice_id"])
        tab.flag(
            f.loc[unknown, ROW], "invoice_id", f.loc[unknown, "invoice_id"], problem, SET_ASIDE
        )

    acts = t["actions"]
    f = acts.frame
    matched = detach_unknown_invoices(
        acts,
        is_known,
        "relance sur une facture inconnue, sans débiteur",
        "relance sur une facture inconnue : rattachée au débiteur",
    )
    f.loc[matched, "debtor_id"] = f.loc[matched, "invoice_id"].map(known)

    deb = t["debtors"]
    f = deb.frame
    alive = deb.alive()
    dup = alive & f[alive].duplicated("debtor_id", keep="first").reindex(
        f.index, fill_value=False
    )
    deb.flag(
        f.loc[dup, ROW],
        "debtor_id",
        f.loc[dup, "debtor_id"],
        "débiteur en double (première ligne conservée)",
        SET_ASIDE,
    )

    return currency


def fill_ids(tab: WorkTable, col: str) -> None:
    """Give rows without an id a stable one built from their source row."""
    f = tab.frame
    missing = f[col].isna()
    prefix = {"payment_id": "P", "credit_note_id": "AV"}[col]
    f.loc[missing, col] = prefix + "-L" + f.loc[missing, ROW].astype("str")



def detach_unknown_invoices(
    tab: WorkTable,
    is_known: Callable[[pd.Series], pd.Series],
    orphan_problem: str,
    detached_problem: str,
) -> pd.Series:
    """The one rule of a row on an invoice the ledger does not know (payment, credit, action).

    Without a debtor the row is set aside (``orphan_problem``); with one, it is kept on
    its debtor alone, its ``invoice_id`` cleared (``detached_problem``: unapplied cash,
    unallocated credit, debtor-level action). Returns the mask of the rows on a known
    invoice.
    """
    f = tab.frame
    has_inv = tab.alive() & f["invoice_id"].notna()
    unknown = has_inv & ~is_known(f["invoice_id"])
    orphan = unknown & f["debtor_id"].isna()
    ids = f["invoice_id"]
    tab.flag(f.loc[orphan, ROW], "invoice_id", ids[orphan], orphan_problem, SET_ASIDE)
    detached = unknown & ~orphan
    tab.flag(f.loc[detached, ROW], "invoice_id", ids[detached], detached_problem, REPAIRED)
    f.loc[detached, "invoice_id"] = pd.NA
    return has_inv & ~unknown
