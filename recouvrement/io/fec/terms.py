"""Due dates of a FEC's items: a FEC records no due date, so each comes from a labelled source.

For each debtor, in this order:

1. **contractuel** — its terms in ``recouvrement.yml`` (``fec: terms_days: {<CompAuxNum>:
   days}``): the agreed terms, given by the consultant;
2. **estimé** — its observed terms: the median number of days between the issue and
   the full settlement of its invoices settled by matching (at least
   :data:`MIN_OBSERVED` of them), rounded to the day. An estimate from behaviour, not
   a contract: it says when this debtor usually pays, so an invoice is "overdue" when
   it is late for *this* debtor;
3. **par défaut** — the company's default terms (``default_terms_days``, 30 days
   unless stated).

The due date is the issue date + the terms (calendar days). The aged balance and the
methodology appendix say which source each debtor's terms come from.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: Settled invoices needed before a debtor's observed terms are used.
MIN_OBSERVED = 3

#: French labels of the sources of terms.
SOURCES = {
    "contract": "contractuel (recouvrement.yml, fec: terms_days)",
    "observed": "estimé (délai de règlement médian observé)",
    "default": "par défaut (default_terms_days)",
}


def debtor_terms(
    items: pd.DataFrame,
    pieces: pd.DataFrame,
    declared: Mapping[str, int],
    default_days: int,
) -> pd.DataFrame:
    """Terms of every debtor of ``items``, with their source.

    Parameters
    ----------
    items : DataFrame
        The debit items: ``id``, ``debtor``, ``issue``, ``amount`` (cents), ``origin``.
    pieces : DataFrame
        The allocations (:func:`~recouvrement.io.fec.lettrage.allocate`): ``invoice``,
        ``amount``, ``applied_date``.
    declared : mapping of str to int
        Per-debtor terms from the configuration (days).
    default_days : int
        The company's default terms (days).

    Returns
    -------
    DataFrame
        Indexed by debtor: ``days`` (int), ``source`` (``contract``, ``observed`` or
        ``default``), ``settled`` (invoices used for an estimate).

    """
    sales = items[items["origin"] == "facture"]
    got = pieces.groupby("invoice").agg(paid=("amount", "sum"), last=("applied_date", "max"))
    settled = sales.join(got, on="id", how="inner")
    settled = settled[settled["paid"] >= settled["amount"]]
    delay = (settled["last"] - settled["issue"]).dt.days.clip(lower=0)
    observed = delay.groupby(settled["debtor"]).agg(["median", "size"])
    out = pd.DataFrame(index=pd.Index(sorted(items["debtor"].unique()), name="debtor"))
    out["days"] = default_days
    out["source"] = "default"
    out["settled"] = 0
    enough = observed[observed["size"] >= MIN_OBSERVED]
    idx = out.index.intersection(enough.index)
    out.loc[idx, "days"] = np.floor(enough.loc[idx, "median"].to_numpy() + 0.5).astype("int64")
    out.loc[idx, "source"] = "observed"
    out.loc[observed.index.intersection(out.index), "settled"] = observed["size"]
    given = pd.Series(dict(declared), dtype="int64").reindex(out.index).dropna()
    out.loc[given.index, "days"] = given.astype("int64")
    out.loc[given.index, "source"] = "contract"
    out["days"] = out["days"].astype("int64")
    return out
