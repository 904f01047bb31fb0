"""Rule 4 of the findings: which debtors drive the overdue, from the aged balance.

Overdue of a debtor = sum of its aged buckets other than ``Non échu`` (gross: unapplied
cash in ``Non affecté`` is not netted). The :data:`~.rules.TOP_DEBTORS` largest are
named with their share of the total overdue and their amount in the oldest bucket; then
the concentration (share of those top debtors) and the share of the oldest bucket.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.report.findings.language import Language
from recouvrement.report.findings.rules import TOP_DEBTORS


@dataclass(frozen=True)
class Drivers:
    """The overdue analysis of the aged balance, for the sentences and the actions.

    Attributes
    ----------
    sentences : list of str
        The drivers section (rule 4), or one sentence saying why there is nothing to
        analyse.
    top : list of str
        Names of the top overdue debtors.
    top_share : float or None
        Share of the overdue held by the top debtors, percent.
    oldest : str or None
        Label of the oldest bucket.
    old_share : float or None
        Share of the overdue in the oldest bucket, percent.
    old_names : list of str
        Names of the debtors with the largest oldest-bucket amounts.

    """

    sentences: list[str]
    top: list[str]
    top_share: float | None
    oldest: str | None
    old_share: float | None
    old_names: list[str]


def drivers(
    lang: Language,
    balance: pd.DataFrame | None,
    names: dict[str, str],
    as_of: pd.Timestamp,
) -> Drivers:
    """The drivers of the overdue at ``as_of`` (rule 4).

    Parameters
    ----------
    lang : Language
        The language of the sentences.
    balance : DataFrame or None
        :func:`recouvrement.aging.aged_balance` at ``as_of`` (basis ``"due"``);
        ``None``: the sentence says the balance was not provided.
    names : dict of str to str
        Debtor names (:func:`~.history.debtor_names`); a debtor without one is shown
        by its id.
    as_of : Timestamp
        The last month end of the history.

    Raises
    ------
    ValueError
        When ``balance`` is not a frame, lacks the aged-balance columns, has no
        overdue bucket or has missing amounts.

    """
    t = lang.t
    if balance is None:
        return Drivers([t["no_balance"]], [], None, None, None, [])
    if not isinstance(balance, pd.DataFrame):
        raise ValueError(f"balance must be a DataFrame, got {type(balance).__name__}")
    needed = [cv.NOT_DUE_LABEL, cv.UNAPPLIED_LABEL, cv.TOTAL_LABEL]
    missing = [c for c in needed if c not in balance.columns]
    if missing:
        raise ValueError(
            f"balance lacks the columns {missing} (expected aged_balance output, basis 'due')"
        )
    buckets = [c for c in balance.columns if c not in needed]
    if not buckets:
        raise ValueError("balance has no overdue bucket column")
    grid = balance[buckets].astype("float64")
    if grid.isna().any().any():
        raise ValueError("balance has missing amounts in its bucket columns")
    overdue = grid.sum(axis=1).round(2)
    overdue = overdue[overdue > 0]
    total_overdue = float(overdue.sum())
    if total_overdue <= 0:
        return Drivers([t["no_overdue"].format(date=lang.date(as_of))], [], None, None, None, [])
    ids = [str(i) for i in overdue.index]
    order = sorted(range(len(ids)), key=lambda i: (-overdue.iloc[i], ids[i]))
    oldest = buckets[-1]
    old = grid[oldest].round(2)
    n = len(ids)
    k = min(TOP_DEBTORS, n)
    top_pos = order[:k]
    top_names = [names.get(ids[i], ids[i]) for i in top_pos]
    encours = float(balance[cv.TOTAL_LABEL].astype("float64").sum())
    debtors = t["debtors_one"] if n == 1 else t["debtors_many"].format(n=n)
    sentences = [
        t["overdue_total"].format(
            date=lang.date(as_of),
            overdue=lang.eur(total_overdue),
            encours=lang.eur(encours),
            debtors=debtors,
        )
    ]
    for i, name in zip(top_pos, top_names, strict=True):
        amount = float(overdue.iloc[i])
        text = t["top_debtor"].format(
            name=name, amount=lang.eur(amount), share=lang.share(amount / total_overdue * 100)
        )
        old_amount = float(old.loc[overdue.index[i]])
        if old_amount > 0:
            text += t["top_debtor_old"].format(old=lang.eur(old_amount), bucket=oldest)
        sentences.append(f"{text}.")
    top_share = float(sum(overdue.iloc[i] for i in top_pos)) / total_overdue * 100
    if n > TOP_DEBTORS:
        sentences.append(t["concentration"].format(k=k, share=lang.share(top_share)))
    elif n == 1:
        sentences.append(t["concentration_all_one"])
    else:
        sentences.append(t["concentration_all"].format(n=n))
    old_total = float(old[old > 0].sum())
    old_share = old_total / total_overdue * 100
    sentences.append(
        t["old_share"].format(
            bucket=oldest, share=lang.share(old_share), amount=lang.eur(old_total)
        )
    )
    old_pos = [o for o in sorted(old.index, key=lambda d: (-old.loc[d], str(d))) if old.loc[o] > 0]
    old_names = [names.get(str(d), str(d)) for d in old_pos[:TOP_DEBTORS]]
    return Drivers(sentences, top_names, top_share, oldest, old_share, old_names)
