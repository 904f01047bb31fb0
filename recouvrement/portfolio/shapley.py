"""The arithmetic of the DSO bridge: a symmetric (Shapley, midpoint) decomposition.

Pure functions on cents per group of debtors; :mod:`recouvrement.portfolio.dso_bridge`
gets those cents from the ledger. Written out in :func:`decompose_dso`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "BRIDGE_METHODS",
    "CENT_COLUMNS",
    "GROUP_COLUMNS",
    "TREATMENTS",
    "decompose_dso",
    "method_text",
]

#: DSO methods of :func:`recouvrement.kpi.days_sales_outstanding` that a bridge splits
#: (``countback`` and ``average`` are not a ratio ``R / S × D`` of one date).
BRIDGE_METHODS = ("simple", "bdf")

#: The inputs of :func:`decompose_dso`, in cents per group.
CENT_COLUMNS = [
    "receivables_from_cents",
    "receivables_to_cents",
    "sales_from_cents",
    "sales_to_cents",
]

#: Columns of :func:`decompose_dso` (index ``group``).
GROUP_COLUMNS = [
    *CENT_COLUMNS,
    "weight_from",
    "weight_to",
    "dso_from",
    "dso_to",
    "treatment",
    "volume_effect",
    "mix_effect",
    "collection_effect",
]

#: How a group's change is split, by whether it has positive net sales at each date.
TREATMENTS = {
    "comparable": "ventes positives aux deux dates : volume, mix et encaissement",
    "entrée": "ventes positives à la seconde date seulement : entrée dans le mix",
    "sortie": "ventes positives à la première date seulement : sortie du mix",
    "sans ventes": "aucune vente positive : encours mesuré sur les ventes totales",
}


def decompose_dso(groups: pd.DataFrame, *, days_from: int, days_to: int) -> pd.DataFrame:
    """Split the change of ``DSO = R / S × D`` into volume, mix and collection, per group.

    Parameters
    ----------
    groups : DataFrame
        Index: group labels; int columns :data:`CENT_COLUMNS` (receivables R and net
        sales S of each group at the two dates, in cents).
    days_from, days_to : int
        D, the days of the DSO period at each date.

    Returns
    -------
    DataFrame
        Columns :data:`GROUP_COLUMNS`: the cents, ``weight_*`` (share of the net sales),
        ``dso_*`` (the group's own DSO, NaN without positive sales), ``treatment``
        (:data:`TREATMENTS`) and the three effects in days. Effects and weights are NaN
        when the total net sales of either date are ≤ 0 (no DSO). The effects of all
        groups add up to ``DSO(t + 1) − DSO(t)``.

    Notes
    -----
    With ``s = S / D`` the daily sales, for each group ``g`` and date ``m``::

        w_g = S_g / S                       the sales mix
        d_g = R_g / s_g = D × R_g / S_g     the group's own DSO
        DSO = R / s = Σ_g R_g / s = Σ_g w_g × d_g

    Two nested symmetric decompositions, each exact. First the shift-share of
    ``Σ w_g d_g`` (Bennet's midpoint weights, the Shapley value of two factors)::

        Δ(w_g d_g) = Δw_g × (d_g,t + d_g,t+1) / 2  +  (w_g,t + w_g,t+1) / 2 × Δd_g
                     └─ mix ─────────────────────┘    └─ within the group ────────┘

    then the within part, ``Δd_g = Δ(R_g / s_g)``, between the denominator and the
    numerator, again with midpoint weights::

        Δ(R_g / s_g) = (R_g,t + R_g,t+1) / 2 × Δ(1 / s_g)  +  ΔR_g × (1/s_g,t + 1/s_g,t+1) / 2
                       └─ volume ─────────────────────┘      └─ collection ────────────────┘

    volume_g = w̄_g × R̄_g × Δ(1/s_g), collection_g = w̄_g × ΔR_g × mean(1/s_g),
    mix_g = Δw_g × d̄_g (bars: means of the two dates). Both steps are identities
    (``Δ(xy) = x̄Δy + ȳΔx`` holds for any numbers), so the three effects add up to
    ΔDSO to floating precision, whatever the signs. Sources: T. L. Bennet (1920), "The
    theory of measurement of changes in cost of living", *J. Royal Statistical Society*
    83(3); A. F. Shorrocks (2013), "Decomposition procedures for distributional analysis:
    a unified framework based on the Shapley value", *J. Economic Inequality* 11(1), the
    Shapley value of a two-factor product being the midpoint rule. Ang's LMDI (B. W. Ang
    (2005), "The LMDI approach to decomposition analysis: a practical guide", *Energy
    Policy* 33) was not chosen: its logarithms fail on a group with no sales or a
    negative balance, which receivables have.

    A group whose net sales are ≤ 0 at one date has no DSO of its own there
    (``w_g = 0``); its contribution ``c_g = R_g / s`` (always defined) is split so that
    the sum stays exact:

    - entry (sales only at t + 1): mix = c_g,t+1 (it enters the mix at its own DSO),
      collection = −c_g,t (receivables it carried without sales, now gone);
    - exit (sales only at t): mix = −c_g,t, collection = c_g,t+1 (receivables left
      without sales);
    - no sales at either date: volume = R̄_g × Δ(1/s) (the total daily sales),
      collection = ΔR_g × mean(1/s); mix = 0.

    """
    missing = [c for c in CENT_COLUMNS if c not in groups.columns]
    if missing:
        raise ValueError(f"decompose_dso needs the columns {CENT_COLUMNS}, missing {missing}")
    if days_from <= 0 or days_to <= 0:
        raise ValueError(f"days must be > 0, got {days_from!r} and {days_to!r}")
    r0, r1, s0, s1 = (groups[c].to_numpy(dtype="float64") for c in CENT_COLUMNS)
    out = groups[CENT_COLUMNS].astype("int64").copy()
    out.index = pd.Index(groups.index, name="group", dtype="str")
    pos0, pos1 = s0 > 0, s1 > 0
    out["treatment"] = np.select(
        [pos0 & pos1, ~pos0 & pos1, pos0 & ~pos1], ["comparable", "entrée", "sortie"], "sans ventes"
    )
    n = len(out)
    total0, total1 = s0.sum(), s1.sum()
    if total0 <= 0 or total1 <= 0:
        for c in ("weight_from", "weight_to", "dso_from", "dso_to"):
            out[c] = np.nan
        for c in ("volume_effect", "mix_effect", "collection_effect"):
            out[c] = np.nan
        return out[GROUP_COLUMNS]
    daily0, daily1 = total0 / days_from, total1 / days_to  # s = S / D
    with np.errstate(divide="ignore", invalid="ignore"):
        w0, w1 = s0 / total0, s1 / total1
        inv0 = np.where(pos0, days_from / s0, np.nan)  # 1 / s_g
        inv1 = np.where(pos1, days_to / s1, np.nan)
        d0, d1 = r0 * inv0, r1 * inv1
    c0, c1 = r0 / daily0, r1 / daily1  # contributions R_g / s
    volume, mix, collection = np.zeros(n), np.zeros(n), np.zeros(n)
    both = pos0 & pos1
    wbar = (w0 + w1) / 2
    mix[both] = ((w1 - w0) * (d0 + d1) / 2)[both]
    volume[both] = (wbar * (r0 + r1) / 2 * (inv1 - inv0))[both]
    collection[both] = (wbar * (r1 - r0) * (inv0 + inv1) / 2)[both]
    entry, leave = ~pos0 & pos1, pos0 & ~pos1
    mix[entry], collection[entry] = c1[entry], -c0[entry]
    mix[leave], collection[leave] = -c0[leave], c1[leave]
    none = ~pos0 & ~pos1
    volume[none] = ((r0 + r1) / 2 * (1 / daily1 - 1 / daily0))[none]
    collection[none] = ((r1 - r0) * (1 / daily0 + 1 / daily1) / 2)[none]
    out["weight_from"], out["weight_to"] = w0, w1
    out["dso_from"], out["dso_to"] = d0, d1
    out["volume_effect"], out["mix_effect"], out["collection_effect"] = volume, mix, collection
    return out[GROUP_COLUMNS]


_GROUPING_TEXT = {
    "kind": "la nature du débiteur (professionnel, particulier, acheteur public)",
    "sector": "le secteur du débiteur",
    "company": "la société (chaque société du portefeuille est un groupe)",
    "custom": "les groupes de débiteurs indiqués",
}
_GROUPING_TEXT["société"] = _GROUPING_TEXT["company"]


def method_text(by: str, dso_method: str, months: int) -> str:
    """The method of the bridge in French, for the methodology appendix.

    ``by`` names the groups: ``"kind"``, ``"sector"``, ``"company"`` (a portfolio whose
    groups are its companies; ``"société"`` is accepted too) or anything else (groups given
    by the caller).
    """
    if dso_method == "bdf":
        dso = "DSO base Banque de France = encours × 360 / chiffre d'affaires TTC des 12 mois"
    else:
        span = "du dernier mois" if months == 1 else f"des {months} derniers mois"
        dso = f"DSO = encours de clôture / ventes nettes {span} × jours de la période"
    grouping = _GROUPING_TEXT.get(by, _GROUPING_TEXT["custom"])
    return (
        f"Décomposition de la variation du DSO entre deux fins de mois ({dso}). Avec v = "
        "ventes nettes / jours de la période (ventes quotidiennes), DSO = encours / v = somme "
        "sur les groupes de (part du groupe dans les ventes × DSO propre du groupe), les "
        f"groupes étant {grouping}. Effet mix : variation des parts de ventes des groupes, à "
        "DSO de groupe constant (des ventes qui se déplacent vers des clients payant plus "
        "lentement allongent le DSO). Effet volume : variation des ventes quotidiennes de "
        "chaque groupe, à encours constant (des ventes en hausse raccourcissent le DSO). "
        "Effet encaissement : variation de l'encours de chaque groupe, à ventes constantes "
        "(des clients qui paient plus tard l'allongent). Quand ventes et encours "
        "progressent ensemble, les effets volume et encaissement se compensent. Chaque "
        "étape est une décomposition symétrique au point milieu (valeur de Shapley à deux "
        "facteurs, indicateur de Bennet, 1920 ; Shorrocks, 2013), exacte : les trois effets "
        "somment à la variation du DSO. Un groupe sans vente positive à l'une des dates n'a "
        "pas de DSO propre : son entrée ou sa sortie est un effet mix, l'encours qu'il porte "
        "sans ventes un effet encaissement."
    )
