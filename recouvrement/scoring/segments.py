"""Risk classes of the score, their French recommendations, and the ABC value segments.

The class names live in :mod:`recouvrement.conventions.risk` (the dunning policy uses
them too); the thresholds, the recommendations and the Pareto shares are the scoring's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.conventions.risk import A_RISQUE, FIABLE, MODERE, RISK_CLASSES

__all__ = [
    "ABC_A_SHARE",
    "ABC_B_SHARE",
    "ABC_LABELS",
    "A_RISQUE",
    "DEPOSIT_PERCENT",
    "FIABLE",
    "FIABLE_MIN_SCORE",
    "MODERE",
    "MODERE_MIN_SCORE",
    "RECOMMENDATIONS",
    "RISK_CLASSES",
    "abc_segments",
    "risk_class",
]

#: Lowest (rounded) score of each class.
FIABLE_MIN_SCORE = 70.0
MODERE_MIN_SCORE = 40.0

#: Deposit asked of a debtor rated "à risque" (percent of the order).
DEPOSIT_PERCENT = 30

#: French recommendation per risk class (DOMAIN.md).
RECOMMENDATIONS: dict[str, str] = {
    FIABLE: "Conditions habituelles ; suivi normal de la limite de crédit.",
    MODERE: (
        "Relance dès J+1 après l'échéance, relances plus fréquentes ; surveiller "
        "l'encours par rapport à la limite de crédit."
    ),
    A_RISQUE: (
        f"Paiement comptant ou acompte de {DEPOSIT_PERCENT} % à la commande ; relance "
        "anticipée (avis avant échéance) ; réduction de la limite de crédit."
    ),
}

#: ABC segmentation: cumulated share of the encours (percent) closing segments A and B.
ABC_A_SHARE = 80.0
ABC_B_SHARE = 95.0
ABC_LABELS = ("A", "B", "C")


def risk_class(scores: pd.Series) -> pd.Series:
    """Risk class of each score: ``fiable`` ≥ 70, ``modéré`` ≥ 40, ``à risque`` below.

    Parameters
    ----------
    scores : Series of float
        Scores 0-100 (already rounded to 0.1); NaN = not available.

    Returns
    -------
    Series of str
        Same index; one of :data:`RISK_CLASSES`, missing where the score is NaN.

    """
    values = scores.astype("float64")
    out = np.select(
        [values >= FIABLE_MIN_SCORE, values >= MODERE_MIN_SCORE, values.notna()],
        [FIABLE, MODERE, A_RISQUE],
        default=None,
    )
    return pd.Series(out, index=scores.index, dtype="str", name="risk_class")


def abc_segments(encours: pd.Series) -> pd.Series:
    """ABC value segment of each debtor by encours (Pareto 80 / 15 / 5).

    Parameters
    ----------
    encours : Series of float
        Encours per debtor (euros), indexed by ``debtor_id``.

    Returns
    -------
    Series of str
        Same index and order; ``"A"``, ``"B"`` or ``"C"``.

    Notes
    -----
    Debtors are sorted by encours descending, ties by ``debtor_id`` ascending
    (deterministic; two debtors with the same encours may fall on either side of a
    boundary). With ``T`` = Σ of the positive encours and ``before`` = the share of
    ``T`` held by the debtors ranked above::

        A  if before < 80 %     (A = the fewest top debtors reaching 80 % of T)
        B  if before < 95 %     (the next ones, up to 95 %)
        C  otherwise

    so the debtor that crosses a boundary belongs to the segment it completes, and
    A holds at least 80 % of ``T``. A debtor with an encours ≤ 0 (nothing owed, or
    unapplied cash only) is ``C``; if no debtor owes anything, all are ``C``.

    Examples
    --------
    >>> abc_segments(pd.Series({"a": 50.0, "b": 30.0, "c": 15.0, "d": 5.0}))  # doctest: +SKIP
    a A / b A / c B / d C

    """
    values = encours.astype("float64")
    frame = pd.DataFrame(
        {"id": encours.index.astype("str"), "value": values.to_numpy(), "pos": range(len(values))}
    )
    frame = frame.sort_values(["value", "id"], ascending=[False, True], kind="stable")
    positive = frame["value"].clip(lower=0)
    total = float(positive.sum())
    label = np.full(len(frame), ABC_LABELS[2], dtype=object)
    if total > 0:
        before = (positive.cumsum() - positive) / total * 100
        label = np.select(
            [before < ABC_A_SHARE, before < ABC_B_SHARE], ABC_LABELS[:2], default=ABC_LABELS[2]
        ).astype(object)
        label[(frame["value"] <= 0).to_numpy()] = ABC_LABELS[2]
    out = pd.Series(label, index=frame["pos"].to_numpy()).sort_index()
    return pd.Series(out.to_numpy(), index=encours.index, dtype="str", name="abc")
