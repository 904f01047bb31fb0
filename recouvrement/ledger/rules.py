"""Cross-table rules of the ledger: what is repaired, what is set aside, and why.

Applied once every table is typed and its rows validated (see the table of rules in
:mod:`recouvrement.ledger`): the company's currency and the currency of every row and
amount, duplicate invoice and debtor ids, missing due dates, the conversion of the rows
in another currency (:mod:`~recouvrement.ledger.convert`), payments, credit notes,
write-offs, disputes and dunning actions on unknown invoices, payment debtors that
differ from the invoice's, debtors missing from the debtors table.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from recouvrement import conventions as cv
from recouvrement.ledger.convert import convert_tables
from recouvrement.ledger.lookup import KeyTable, repeated
from recouvrement.ledger.parse_amounts import CURRENCY_TOKENS
from recouvrement.ledger.table import REPAIRED, ROW, SET_ASIDE, WorkTable, window_problem

#: Tables whose amounts make the balance; their rows carry a currency (column ``currency``).
CURRENCY_TABLES = ("invoices", "payments", "credit_notes", "write_offs")


def apply_cross_table_rules(
    t: dict[str, WorkTable],
    default_terms_days: int,
    *,
    window: tuple[pd.Timestamp, pd.Timestamp],
    debtors_given: bool = False,
    default_kind: str | None = None,
    currency: str | None = None,
    max_amount: int = cv.Limits().max_amount,
) -> tuple[str, list[dict[str, Any]]]:
    """Apply the cross-table rules to the typed tables in place.

    Parameters
    ----------
    t : dict of str to WorkTable
        Every canonical table (typed and validated row by row).
    default_terms_days : int
        Payment terms (days after issue) repairing a missing due date.
    window : (Timestamp, Timestamp)
        The plausible dates: a repaired due date must fall inside.
    debtors_given : bool
        Whether a debtors table was provided (invoice debtors missing from it are listed).
    default_kind : str or None
        The kind of a debtor the debtors table does not list (quoted in the repair).
    currency : str or None
        The company's declared currency (ISO code), ``None``: see :func:`currency_rules`.
    max_amount : int
        The ceiling per row, checked again on converted amounts.

    Returns
    -------
    (str, list of dict)
        The company's currency, and one record per row converted into it
        (:func:`~recouvrement.ledger.convert.convert_tables`).

    Raises
    ------
    FxError
        Rows in a currency that cannot be converted (French, table, line, date, fix).

    """
    currency = currency_rules(t, currency)
    inv = t["invoices"]
    df = inv.frame

    # duplicate invoice ids: the first occurrence is kept
    alive = inv.alive()
    dup = (
        alive
        & df["invoice_id"].notna()
        & repeated(df.loc[alive, "invoice_id"]).reindex(df.index, fill_value=False)
    )
    inv.flag(
        df.loc[dup, ROW],
        "invoice_id",
        df.loc[dup, "invoice_id"],
        "identifiant de facture en double",
        SET_ASIDE,
    )
    if dup.any():
        twice = alive & df["invoice_id"].isin(df.loc[dup, "invoice_id"].unique())
        first_row = df[twice].drop_duplicates("invoice_id").set_index("invoice_id")[ROW]
        # say which row was kept
        for p in inv.problems:
            if p["problem"] == "identifiant de facture en double":
                p["problem"] = (
                    "identifiant de facture en double "
                    f"(ligne {int(first_row[p['value']])} conservée)"
                )

    # missing due date: issue date + default terms, inside the plausible window
    alive = inv.alive()
    no_due = alive & df["due_date"].isna()
    high = window[1]
    latest_issue = (
        high - pd.Timedelta(days=default_terms_days)
        if default_terms_days <= (high - window[0]).days
        else None
    )
    beyond = no_due & (
        df["issue_date"] > latest_issue if latest_issue is not None else df["issue_date"].notna()
    )
    inv.flag(
        df.loc[beyond, ROW],
        "due_date",
        "",
        f"échéance manquante : date de facture + {default_terms_days} jours, "
        + window_problem(window),
        SET_ASIDE,
    )
    no_due &= ~beyond
    if no_due.any():
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

    conversions = convert_tables(t, currency, max_amount)
    known = KeyTable(df.loc[inv.alive()].set_index("invoice_id")["debtor_id"])

    for name, orphan in (
        ("payments", "facture inconnue et débiteur non renseigné"),
        ("credit_notes", "facture inconnue et débiteur non renseigné"),
        ("write_offs", "passage en perte sur une facture inconnue"),
    ):
        tab = t[name]
        f = tab.frame
        inv_debtor = detach_unknown_invoices(
            tab,
            known,
            orphan,
            f"{orphan.split(' et ')[0]} : montant conservé en non affecté pour le débiteur",
        )
        matched = inv_debtor.index
        differs = f.loc[matched, "debtor_id"].notna() & (f.loc[matched, "debtor_id"] != inv_debtor)
        idx = differs[differs].index
        tab.flag(
            f.loc[idx, ROW],
            "debtor_id",
            f.loc[idx, "debtor_id"],
            "débiteur différent de celui de la facture : débiteur de la facture retenu",
            REPAIRED,
        )
        f.loc[matched, "debtor_id"] = inv_debtor
        if name != "write_offs":
            fill_ids(tab, "payment_id" if name == "payments" else "credit_note_id")

    for name, problem in (("disputes", "litige sur une facture inconnue"),):
        tab = t[name]
        f = tab.frame
        unknown = tab.alive() & ~known.has(f["invoice_id"])
        tab.flag(
            f.loc[unknown, ROW], "invoice_id", f.loc[unknown, "invoice_id"], problem, SET_ASIDE
        )

    acts = t["actions"]
    f = acts.frame
    inv_debtor = detach_unknown_invoices(
        acts,
        known,
        "relance sur une facture inconnue, sans débiteur",
        "relance sur une facture inconnue : rattachée au débiteur",
    )
    f.loc[inv_debtor.index, "debtor_id"] = inv_debtor

    deb = t["debtors"]
    f = deb.frame
    alive = deb.alive()
    dup = alive & f[alive].duplicated("debtor_id", keep="first").reindex(f.index, fill_value=False)
    deb.flag(
        f.loc[dup, ROW],
        "debtor_id",
        f.loc[dup, "debtor_id"],
        "débiteur en double (première ligne conservée)",
        SET_ASIDE,
    )
    if debtors_given:
        missing_debtors(inv, deb, default_kind)
    return currency, conversions


def currency_rules(t: dict[str, WorkTable], declared: str | None = None) -> str:
    """Every row's currency as an ISO code; the company's currency; contradictions set aside.

    A row's currency is its ``currency`` cell (``€``, ``$``, ``£`` read as ``EUR``,
    ``USD``, ``GBP``), else the currency written in its amount cell (``$1234.56``), else
    the company's. The company's is ``declared``, else the most frequent currency of the
    kept invoices, one that says none counting as ``EUR`` (a tie: ``EUR`` if tied, else
    the first code in alphabetical order; ``EUR`` without invoices). An
    amount cell naming another currency than its row's is set aside (never taken in the
    row's currency); so is an original amount naming another currency than
    ``currency_original``. Originals given by the source (both ``amount_original`` and
    ``currency_original``, on a row in the company's currency, in another currency) are
    kept as booked; otherwise they are cleared (repaired, listed). The conversion itself
    is :func:`~recouvrement.ledger.convert.convert_tables`.
    """
    for name in CURRENCY_TABLES:
        tab = t[name]
        f = tab.frame
        written = tab.money_currency.get("amount")
        stated = currency_codes(f["currency"])
        if written is not None and written.notna().any():  # else nothing to fill
            stated = stated.fillna(written.reindex(f.index).astype("str"))
        f["currency"] = stated
        original = currency_codes(f["currency_original"])
        written = tab.money_currency.get("amount_original")
        if written is not None and written.notna().any():
            original = original.fillna(written.reindex(f.index).astype("str"))
        f["currency_original"] = original
    inv = t["invoices"]
    stated = inv.frame.loc[inv.alive(), "currency"].fillna(cv.DEFAULT_CURRENCY)
    counts = stated.value_counts()  # an invoice that does not say counts as EUR here
    tied = sorted(str(c) for c in counts.index[counts == counts.max()]) if len(counts) else []
    found = cv.DEFAULT_CURRENCY if cv.DEFAULT_CURRENCY in tied or not tied else tied[0]
    currency = declared or found
    for name in CURRENCY_TABLES:
        f = t[name].frame
        f["currency"] = f["currency"].fillna(currency).astype("str")
    for tab in t.values():
        for col, written in tab.money_currency.items():
            if not written.notna().any():
                continue  # no currency written in the amounts: none to contradict
            f = tab.frame
            ref = "currency_original" if col == "amount_original" else "currency"
            row = f[ref] if ref in f.columns else pd.Series(currency, index=f.index)
            differs = tab.alive() & written.notna() & row.notna() & (written != row)
            pairs = pd.DataFrame({"written": written[differs], "row": row[differs]})
            for (code, row_code), group in pairs.groupby(["written", "row"], sort=True):
                idx = group.index
                raw = tab.raw[col] if tab.raw is not None else f[col]
                tab.flag(
                    f.loc[idx, ROW],
                    col,
                    raw[idx],
                    f"montant en {code} sur une ligne en {row_code} : pas de conversion",
                    SET_ASIDE,
                )
    for name in CURRENCY_TABLES:
        _originals(t[name], currency)
    return currency


def currency_codes(cells: pd.Series) -> pd.Series:
    """Currency cells as ISO codes (``€`` → ``EUR``, ``usd`` → ``USD``), missing when empty."""
    if cells.isna().all():
        return pd.Series(np.nan, index=cells.index, dtype="str", name=cells.name)
    codes, uniques = pd.factorize(cells.astype("str"))  # each distinct cell read once
    text = pd.Series(uniques, dtype="str").str.strip().str.upper()  # missing: code -1
    iso = [CURRENCY_TOKENS.get(u, u) if u != "" else None for u in text.tolist()]
    codes[codes < 0] = len(iso)
    mapped = pa.array([*iso, None], type=pa.large_string()).take(pa.array(codes))
    return pd.Series(pd.array(mapped, dtype="str"), index=cells.index, name=cells.name)


def _originals(tab: WorkTable, currency: str) -> None:
    """Keep the originals a source booked itself; clear the others (listed, repaired)."""
    f = tab.frame
    amount, code = f["amount_original"].notna(), f["currency_original"].notna()
    given = tab.alive() & (amount | code)
    booked = (
        given & amount & code & (f["currency"] == currency) & (f["currency_original"] != currency)
    )
    cleared = given & ~booked
    if not cleared.any():
        return
    tab.flag(
        f.loc[cleared, ROW],
        "amount_original",
        (tab.raw if tab.raw is not None else f).loc[cleared, "amount_original"],
        f"montant d'origine ignoré : attendu avec sa devise (currency_original), autre que "
        f"{currency}, sur une ligne en {currency}",
        REPAIRED,
    )
    f.loc[cleared, ["amount_original", "currency_original"]] = pd.NA
    cents = tab.cents["amount_original"].copy()
    cents[cleared] = pd.NA
    tab.cents["amount_original"] = cents


def missing_debtors(inv: WorkTable, deb: WorkTable, default_kind: str | None) -> None:
    """One repair per invoice debtor missing from the debtors table, on its first invoice."""
    f = inv.frame[inv.alive()]
    listed = deb.frame.loc[deb.alive(), "debtor_id"]
    first = f[~f["debtor_id"].isin(listed)].sort_values(ROW).drop_duplicates("debtor_id")
    if default_kind:
        problem = (
            "débiteur absent de la table des débiteurs : type « "
            f"{default_kind} » retenu par défaut (default_debtor_kind)"
        )
    else:
        problem = (
            "débiteur absent de la table des débiteurs : type non renseigné (renseigner la "
            "table des débiteurs ou default_debtor_kind dans recouvrement.yml)"
        )
    inv.flag(first[ROW], "debtor_id", first["debtor_id"], problem, REPAIRED)


def fill_ids(tab: WorkTable, col: str) -> None:
    """Give rows without an id a stable one built from their source row."""
    f = tab.frame
    missing = f[col].isna()
    prefix = {"payment_id": "P", "credit_note_id": "AV"}[col]
    f.loc[missing, col] = prefix + "-L" + f.loc[missing, ROW].astype("str")


def detach_unknown_invoices(
    tab: WorkTable,
    known: KeyTable,
    orphan_problem: str,
    detached_problem: str,
) -> pd.Series:
    """The one rule of a row on an invoice the ledger does not know (payment, credit, action).

    Without a debtor the row is set aside (``orphan_problem``); with one, it is kept on
    its debtor alone, its ``invoice_id`` cleared (``detached_problem``: unapplied cash,
    unallocated credit, debtor-level action). ``known`` maps each kept invoice to its
    debtor. Returns the debtor of the invoice of each row on a known invoice, indexed by
    those rows.
    """
    f = tab.frame
    has_inv = tab.alive() & f["invoice_id"].notna()
    found = known.find(f["invoice_id"])
    unknown = has_inv & (found < 0)
    orphan = unknown & f["debtor_id"].isna()
    ids = f["invoice_id"]
    tab.flag(f.loc[orphan, ROW], "invoice_id", ids[orphan], orphan_problem, SET_ASIDE)
    detached = unknown & ~orphan
    tab.flag(f.loc[detached, ROW], "invoice_id", ids[detached], detached_problem, REPAIRED)
    f.loc[detached, "invoice_id"] = pd.NA
    matched = (has_inv & ~unknown).to_numpy()
    return known.values_at(found[matched], f.index[matched], "invoice_id")
