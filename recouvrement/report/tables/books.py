"""The tables of a report built from a FEC: the tie to the books, the lettrage, the terms."""

from __future__ import annotations

import pandas as pd

from recouvrement.io.fec.book import FecBook
from recouvrement.io.fec.terms import SOURCES

#: French labels of the lettrage findings (:func:`recouvrement.aging.books.lettrage_quality`).
FINDINGS_FR = {
    "unmatched_exact": "Règlement non lettré égal à une facture ouverte du même client",
    "partial_old": "Lettrage partiel ancien : reste non soldé",
    "credit_only": "Groupe lettré sans facture (crédits seuls)",
    "code_reused": "Code de lettrage réutilisé d'un exercice à l'autre (information)",
}


#: The finding that is an information (software restarting codes), not money at stake.
INFORMATION = "code_reused"


def tie_table(tie: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """Per debtor: balance âgée, comptes clients (FEC), écart — in euros, largest first."""
    out = pd.DataFrame(
        {
            "Débiteur": tie.index.map(lambda d: names.get(d, d)),
            "Compte": tie.index,
            "Balance âgée": tie["aged"].to_numpy() / 100,
            "Comptes clients (FEC)": tie["books"].to_numpy() / 100,
            "Écart": tie["difference"].to_numpy() / 100,
        }
    )
    order = (-out["Comptes clients (FEC)"].abs()).argsort(kind="stable")
    return out.iloc[order].reset_index(drop=True)


def lettrage_table(quality: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """The lettrage findings per debtor (not the information), in French, largest first."""
    quality = quality[quality["finding"] != INFORMATION]
    out = pd.DataFrame(
        {
            "Constat": quality["finding"].map(FINDINGS_FR),
            "Débiteur": quality["debtor"].map(lambda d: names.get(d, d)),
            "Compte": quality["debtor"],
            "Lignes": quality["lines"].astype("int64"),
            "Montant": quality["amount"].to_numpy() / 100,
        }
    )
    return out.sort_values(["Constat", "Montant"], ascending=[True, False]).reset_index(drop=True)


def lettrage_summary(quality: pd.DataFrame) -> pd.DataFrame:
    """One row per kind of finding: debtors, lines, amount (every kind shown, even at 0)."""
    grouped = quality.groupby("finding").agg(
        debtors=("debtor", "nunique"), lines=("lines", "sum"), amount=("amount", "sum")
    )
    grouped = grouped.reindex(list(FINDINGS_FR), fill_value=0)
    amount = grouped["amount"].astype("float64") / 100
    amount[INFORMATION] = float("nan")  # a reused code holds no money of its own
    return pd.DataFrame(
        {
            "Constat": [FINDINGS_FR[k] for k in grouped.index],
            "Débiteurs": grouped["debtors"].astype("int64").to_numpy(),
            "Lignes": grouped["lines"].astype("int64").to_numpy(),
            "Montant": amount.to_numpy(),
        }
    )


def terms_table(book: FecBook, names: pd.Series) -> pd.DataFrame:
    """Per debtor: the terms used for its due dates and where they come from."""
    t = book.terms
    return pd.DataFrame(
        {
            "Débiteur": t.index.map(lambda d: names.get(d, d)),
            "Compte": t.index,
            "Délai (jours)": t["days"].astype("int64").to_numpy(),
            "Source": t["source"].map(SOURCES).to_numpy(),
            "Factures soldées observées": t["settled"].astype("int64").to_numpy(),
        }
    )


def files_table(book: FecBook) -> pd.DataFrame:
    """The FEC files read, oldest first, with their dialect."""
    return pd.DataFrame({"Fichier": book.sources, "Format lu": book.dialects})
