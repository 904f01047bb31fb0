"""The portfolio report's sections on movement: roll rates between age buckets, DSO bridge.

Amounts are summed over the companies of one currency only (the euro: a portfolio's
cents are additive, a dollar and a euro are not); the companies in another currency keep
their own lines and are named. Shares are always recomputed from summed cents
(:func:`recouvrement.portfolio.roll_rates`), never averaged.
"""

from __future__ import annotations

import pandas as pd

from recouvrement.formatting import fmt_date, fmt_days
from recouvrement.portfolio import (
    ENCOURS_COLUMN,
    RATE_COLUMNS,
    DsoBridge,
    combine_rolls,
    dso_bridge_from_cents,
    dso_waterfall,
    roll_rates,
)
from recouvrement.report.html import Html, figure, paragraph, section_note
from recouvrement.report.html_tables import table_html
from recouvrement.report.overview.charts import bridge_chart, roll_heatmap
from recouvrement.report.overview.context import ROLL_MONTHS, CompanyView, Overview

__all__ = ["PORTFOLIO_CURRENCY", "bridge_table", "dso_bridges", "portfolio_bridge", "rolls"]

#: The one currency whose companies' amounts are summed into the portfolio's figures.
PORTFOLIO_CURRENCY = "EUR"


def _summed(o: Overview) -> tuple[list[CompanyView], list[CompanyView]]:
    """The companies summed into the portfolio's amounts, and those kept apart."""
    kept = [v for v in o.companies if v.currency == PORTFOLIO_CURRENCY]
    return kept, [v for v in o.companies if v.currency != PORTFOLIO_CURRENCY]


def _apart_note(apart: list[CompanyView]) -> list[Html]:
    if not apart:
        return []
    names = ", ".join(f"{v.name} ({v.currency})" for v in apart)
    return [section_note(f"Hors des totaux du portefeuille (autre devise que l'euro) : {names}.")]


def rolls(o: Overview) -> list[Html]:
    """The portfolio's roll-rate heatmap over 12 months, and each company's roll rates."""
    kept, apart = _summed(o)
    blocks: list[Html] = []
    if kept:
        rates = roll_rates(combine_rolls([v.rolls for v in kept]))
        shares = rates.drop(columns=[ENCOURS_COLUMN, *RATE_COLUMNS])
        blocks.append(
            figure(
                roll_heatmap(
                    shares,
                    f"Où se trouve l'encours d'une fin de mois un mois plus tard "
                    f"({ROLL_MONTHS} derniers mois)",
                ),
                caption=(
                    "Migrations entre tranches d'âge, part des montants, moyenne pondérée "
                    f"par les montants des {ROLL_MONTHS} transitions mensuelles et des "
                    f"{len(kept)} sociétés en euros"
                ),
            )
        )
    blocks.extend(_apart_note(apart))
    blocks.append(rolls_table(o))
    return blocks


def rolls_table(o: Overview) -> Html:
    """Each company's roll rate per bucket and cure rate of the oldest, over 12 months."""
    rows = []
    for v in o.companies:
        rates = roll_rates(combine_rolls([v.rolls]))
        labels = list(rates.index)
        row: dict[str, object] = {"Société": v.name}
        for here, there in zip(labels[:-1], labels[1:], strict=True):
            row[f"{here} → {there}"] = rates.loc[here, "roll_rate"] * 100
        row[f"Guérison {labels[-1]}"] = rates.loc[labels[-1], "cure_rate"] * 100
        rows.append(row)
    frame = pd.DataFrame(rows)
    return table_html(
        frame,
        pct=[c for c in frame.columns if c != "Société"],
        caption=f"Taux de migration vers la tranche suivante et de guérison, {ROLL_MONTHS} mois",
        missing="—",
        note=(
            "Taux de migration : part de l'encours d'une tranche en fin de mois qui est dans "
            "la tranche suivante un mois plus tard. Guérison : part réglée (ou revenue dans "
            "une tranche plus jeune). « — » : tranche vide sur la période."
        ),
    )


def portfolio_bridge(o: Overview) -> DsoBridge | None:
    """The portfolio's DSO bridge, each company (in euros) a group of the mix effect."""
    kept, _ = _summed(o)
    if not kept:
        return None
    cents = pd.DataFrame(
        [
            {
                "receivables_from_cents": v.bridge.receivables_from_cents,
                "receivables_to_cents": v.bridge.receivables_to_cents,
                "sales_from_cents": v.bridge.sales_from_cents,
                "sales_to_cents": v.bridge.sales_to_cents,
            }
            for v in kept
        ],
        index=pd.Index([v.name for v in kept], name="group"),
    )
    first = kept[0].bridge
    return dso_bridge_from_cents(
        cents,
        as_of_from=first.as_of_from,
        as_of_to=first.as_of_to,
        days_from=first.days_from,
        days_to=first.days_to,
        by="société",
        dso_method=first.dso_method,
        months=first.months,
    )


def bridge_table(o: Overview) -> Html:
    """Each company's DSO change split into volume, mix and collection effects."""
    rows = []
    for v in o.companies:
        b = v.bridge
        rows.append(
            {
                "Société": v.name,
                f"DSO au {fmt_date(b.as_of_from)}": b.dso_from,
                "Effet volume": b.volume_effect,
                "Effet mix": b.mix_effect,
                "Effet encaissement": b.collection_effect,
                f"DSO au {fmt_date(b.as_of_to)}": b.dso_to,
            }
        )
    frame = pd.DataFrame(rows)
    return table_html(
        frame,
        decimals={c: 1 for c in frame.columns if c != "Société"},
        caption="Variation du DSO du mois, par société (jours)",
        missing="non disponible",
        note=(
            "Effets en jours, de somme égale à la variation du DSO. Effet volume : variation "
            "des ventes de la période ; effet mix : déplacement des ventes entre catégories "
            "de débiteurs ; effet encaissement : variation de l'encours rapporté aux ventes "
            "de chaque catégorie."
        ),
    )


def dso_bridges(o: Overview) -> list[Html]:
    """The portfolio's DSO waterfall and each company's effects."""
    kept, apart = _summed(o)
    blocks: list[Html] = []
    bridge = portfolio_bridge(o)
    if bridge is not None and bridge.available:
        blocks.append(
            figure(
                bridge_chart(
                    dso_waterfall(bridge), "DSO du portefeuille : de quoi vient la variation"
                ),
                caption=(
                    f"DSO du portefeuille (encours / ventes des {bridge.months} derniers mois × "
                    f"jours) du {fmt_date(bridge.as_of_from)} au {fmt_date(bridge.as_of_to)} ; "
                    "l'effet mix est ici le déplacement des ventes entre sociétés"
                ),
            )
        )
        blocks.append(
            paragraph(
                f"Le DSO du portefeuille passe de {fmt_days(bridge.dso_from)} à "
                f"{fmt_days(bridge.dso_to)} : effet volume "
                f"{fmt_days(bridge.volume_effect, sign=True)}, effet mix "
                f"{fmt_days(bridge.mix_effect, sign=True)}, effet encaissement "
                f"{fmt_days(bridge.collection_effect, sign=True)}."
            )
        )
    elif bridge is not None:
        blocks.append(
            section_note(f"DSO du portefeuille non disponible : {bridge.reason}.", "missing")
        )
    blocks.extend(_apart_note(apart))
    blocks.append(bridge_table(o))
    return blocks
