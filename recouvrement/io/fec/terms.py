"""Due dates of a FEC's items: a FEC records no due date, so each comes from a labelled source.

For each debtor, in this order:

1. **contractuel** — its terms in ``recouvrement.yml`` (``fec: terms_days: {<CompAuxNum>:
   days}``): the agreed terms, given by the consultant;
2. **estimé** — its observed terms: the median number of days between the issue and
   the full settlement, by payments, of its invoices (at least :data:`MIN_OBSERVED`
   of them, over the whole FEC), rounded to the day and capped at 60 days (art.
   L.441-10 I: agreed terms never exceed it; a debtor paying later is late). An
   estimate from behaviour, not a contract: it says when this debtor usually pays, so
   an invoice is "overdue" when it is late for *this* debtor;
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

#: Observed terms are capped here: agreed terms may not exceed 60 days from the invoice
#: (art. L.441-10 I code de commerce); a debtor paying later is late, not on longer terms.
MAX_OBSERVED_DAYS = 60

#: French labels of the sources of terms.
SOURCES = {
    "contract": "contractuel (recouvrement.yml, fec: terms_days)",
    "observed": "estimé (délai de règlement médian observé, au plus 60 jours)",
    "default": "par défaut (default_terms_days)",
}


def debtor_terms(
    items: pd.DataFrame,
    pieces: pd.DataFrame,
    declared: Mapping[str, int],
    default_days: int,
    cash_ids: pd.Series | set | None = None,
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
    cash_ids : set of str, optional
        Ids of the credits that are payments: only invoices settled by them are
        observed (a credit note or a write-off says nothing of when a debtor pays).

    Returns
    -------
    DataFrame
        Indexed by debtor: ``days`` (int), ``source`` (``contract``, ``observed`` or
        ``default``), ``settled`` (invoices used for an estimate).

    """
    if cash_ids is None:
        cash_ids = set(pieces["credit"])
    sales = items[items["origin"] == "facture"]
    # settled by payments, not by credit notes or losses (object dtype: membership in a
    # set of Python strings is ten times faster than on str)
    cash = pieces[pieces["credit"].astype("object").isin(cash_ids)]
    got = cash.groupby("invoice").agg(paid=("amount", "sum"), last=("applied_date", "max"))
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
    median = np.floor(enough.loc[idx, "median"].to_numpy() + 0.5).astype("int64")
    out.loc[idx, "days"] = np.minimum(median, MAX_OBSERVED_DAYS)
    out.loc[idx, "source"] = "observed"
    out.loc[observed.index.intersection(out.index), "settled"] = observed["size"]
    given = pd.Series(dict(declared), dtype="int64").reindex(out.index).dropna()
    out.loc[given.index, "days"] = given.astype("int64")
    out.loc[given.index, "source"] = "contract"
    out["days"] = out["days"].astype("int64")
    return out
