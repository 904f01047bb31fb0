"""Opening entries (*à nouveaux*) of a FEC, with or without the previous year's file.

An opening entry (journal ``AN``, ``ANO``, ``RAN``, ``ANC`` or one given the role
``opening``) restates on the first day of a fiscal year the customer accounts at the
previous closing. Two cases:

* **The previous year's FEC is given** (the file just before, in the order of the
  entries' dates): its lines already hold every open item with its date, so the
  opening lines are *carried*, not counted again. Each debtor's opening total must
  equal its balance at the previous closing, to the cent, or the files are refused.
  A carried line that names its item (same debtor and ``PieceRef`` as exactly one
  line of the previous years, on the same side) stands for that item in the new
  year's lettrage: the credits matched with it settle the original invoice, so the
  invoice keeps its age. A carried line naming nothing is listed.
* **No previous file:** the opening lines are the items themselves (origin « à
  nouveau »): never sales of the period. A detailed opening line whose ``PieceDate``
  is before the opening date is aged from it; otherwise (a debtor's prior invoices
  aggregated in one line) its age is unknown, and it is aged from the opening date
  and marked « antériorité inconnue ».
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.formatting import fmt_eur
from recouvrement.ledger import LedgerError


def carried_mask(rec: pd.DataFrame) -> pd.Series:
    """Opening lines restating a previous file of the same company (not counted again)."""
    first = rec["file"].min() if len(rec) else 0
    return (rec["role"] == "opening") & (rec["file"] > first)


def check_year_ties(rec: pd.DataFrame, carried: pd.Series, sources: list[str]) -> None:
    """Refuse files whose openings differ from the previous closing, per debtor.

    Raises
    ------
    LedgerError
        One problem per debtor and file: the opening total, the closing balance of the
        previous files and the difference, in French.

    """
    problems = []
    for k in sorted(rec.loc[carried, "file"].unique()):
        opening = rec[carried & (rec["file"] == k)].groupby("debtor")["net"].sum()
        before = rec[~carried & (rec["file"] < k)].groupby("debtor")["net"].sum()
        both = pd.concat([opening.rename("o"), before.rename("b")], axis=1).fillna(0)
        bad = both[both["o"] != both["b"]]
        for debtor, row in bad.head(10).iterrows():
            problems.append(
                f"{sources[k]} : à-nouveaux du compte client « {debtor} » = "
                f"{fmt_eur(row['o'] / 100)}, mais son solde à la clôture précédente "
                f"({sources[k - 1]}) est de {fmt_eur(row['b'] / 100)} (écart "
                f"{fmt_eur((row['o'] - row['b']) / 100)}) ; les deux FEC ne se suivent pas : "
                "fournir les FEC complets d'exercices consécutifs, ou seulement le plus récent"
            )
        if len(bad) > 10:
            problems.append(f"{sources[k]} : et {len(bad) - 10} autre(s) compte(s) client")
    problems += _hidden_openings(rec, carried, sources)
    if problems:
        raise LedgerError(problems)


def _hidden_openings(rec: pd.DataFrame, carried: pd.Series, sources: list[str]) -> list[str]:
    """Openings booked in a journal not known as one: the previous closing, on day one.

    A file with no opening line whose first day restates every customer's closing
    balance of the files before it would be counted twice: refused, naming the journal.
    """
    problems = []
    for k in sorted(rec["file"].unique())[1:]:
        if (carried & (rec["file"] == k)).any():
            continue
        closing = rec[~carried & (rec["file"] < k)].groupby("debtor")["net"].sum()
        closing = closing[closing != 0]
        here = rec[rec["file"] == k]
        first = here[here["date"] == here["date"].min()]
        day_one = first.groupby("debtor")["net"].sum()
        if len(closing) and day_one.reindex(closing.index).eq(closing).all():
            journals = ", ".join(f"« {j} »" for j in pd.unique(first["journal"]))
            problems.append(
                f"{sources[k]} : les écritures du {here['date'].min():%d/%m/%Y} (journal "
                f"{journals}) reprennent exactement les soldes clients de la clôture "
                f"précédente ({sources[k - 1]}) : ce sont des à-nouveaux, qui seraient comptés "
                "deux fois ; ajouter ce journal à fec: opening_journals dans recouvrement.yml"
            )
    return problems


def carried_targets(rec: pd.DataFrame, carried: pd.Series) -> pd.Series:
    """For each carried line, the id of the earlier line it restates (NA when none or many).

    Matched on (debtor, ``PieceRef``, side) among the lines of the previous files that
    are not themselves carried; a reference found on several lines matches none.
    """
    out = pd.Series(pd.NA, index=rec.index, dtype="object")
    if not carried.any():
        return out
    side = np.where(rec["net"] > 0, "D", "C")
    ref = rec["piece_ref"].astype("object").where(rec["piece_ref"].notna(), "").astype("str")
    keys = pd.DataFrame(
        {"debtor": rec["debtor"], "ref": ref.str.strip(), "side": side, "file": rec["file"]}
    )
    # a transfer to 416 is not an item: a 416 opening line stands for what it moved
    prior = keys[~carried & (keys["ref"] != "") & (rec["role"] != "transfer")].assign(id=rec["id"])
    lines = keys[carried & (keys["ref"] != "")].reset_index()
    pairs = lines.merge(prior, on=["debtor", "ref", "side"], suffixes=("", "_prior"))
    pairs = pairs[pairs["file_prior"] < pairs["file"]]
    unique = pairs[pairs.groupby("index")["id"].transform("size") == 1]
    out[unique["index"].to_numpy()] = unique["id"].to_numpy()
    return out


def opening_dates(items: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """``(issue date, age known)`` of uncarried opening items (see the module's rules)."""
    detailed = items["piece_date"].notna() & (items["piece_date"] < items["date"])
    return items["piece_date"].where(detailed, items["date"]), detailed
