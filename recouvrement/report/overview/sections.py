"""The blocks of each section of the portfolio report, one function per notebook cell.

Each function takes the :class:`~recouvrement.report.overview.context.Overview` and returns
escaped HTML blocks (:class:`~recouvrement.report.html.Html`); nothing is computed here
beyond choosing and formatting columns.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from recouvrement.formatting import fmt_count, fmt_date, fmt_number, fmt_unit
from recouvrement.report.findings.rules import MOVE_THRESHOLDS
from recouvrement.report.html import Html, cover_page, figure, paragraph, prose, section_note
from recouvrement.report.html_tables import table_html
from recouvrement.report.overview.charts import MAX_PANELS, trend_panels
from recouvrement.report.overview.context import STANDING_KEYS, CompanyView, Overview
from recouvrement.report.overview.tables import filter_bar, sortable_table, table_scripts

__all__ = [
    "companies_table",
    "cover",
    "exceptions",
    "methodology",
    "references",
    "set_aside",
    "standing",
    "technical",
    "trends",
]

#: The company table of the HTML report (the filter bar's target).
COMPANIES_ID = "rc-societes"

#: KPIs drawn in small multiples, with their chart titles.
TREND_KEYS = ("dso", "recovery_rate_3m", "average_days_delinquent")


def _label(o: Overview, key: str) -> str:
    """The French label of a KPI, as the KPI pack states it."""
    return o.companies[0].kpis[key].label


def _unit(o: Overview, key: str) -> str:
    """The unit of a KPI (``j``, ``%``...), as the KPI pack states it."""
    return o.companies[0].kpis[key].unit


def _sector(view: CompanyView) -> str:
    return view.sector or "non renseigné"


def cover(o: Overview) -> list[Html]:
    """The cover: the portfolio, the month, how many companies, the report's reference."""
    names = sorted({v.consultant for v in o.companies if v.consultant})
    facts = {
        "Date d'arrêté": fmt_date(o.as_of),
        "Sociétés analysées": fmt_count(len(o.companies), "société"),
    }
    if o.skipped:
        facts["Sociétés écartées"] = fmt_count(len(o.skipped), "société")
    if len(names) == 1:
        facts["Cabinet"] = names[0]
    return [
        cover_page(
            "Portefeuille de sociétés",
            o.month_label,
            facts,
            title="Recouvrement : vue de portefeuille",
            subtitle="Comparaison des sociétés, migrations et DSO",
            stamp=o.stamp,
            footer=["Confidentiel : réservé au cabinet"],
        ),
        table_scripts(),
    ]


def companies_table(o: Overview) -> list[Html]:
    """One row per company: encours, échu, DSO and its rank, references, with filters."""
    rank = o.standing.set_index(["company", "key"])["rank"]
    rows = []
    for v in o.companies:
        k = v.kpis
        f = v.figures
        rows.append(
            {
                "Société": v.name,
                "Secteur": _sector(v),
                "Encours": f.encours,
                "Échu (%)": f.overdue_share,
                "> 90 j (%)": f.oldest_share,
                "DSO": k["dso"].value,
                "Rang DSO": rank.get((v.company, "dso")),
                "DSO BdF": k["dso_bdf"].value,
                "ADD": k["average_days_delinquent"].value,
                "CEI (%)": k["cei"].value,
                "Recouvr. 3 m (%)": k["recovery_rate_3m"].value,
            }
        )
    frame = pd.DataFrame(rows)
    kinds = {
        "Encours": "money",
        "Échu (%)": "pct",
        "> 90 j (%)": "pct",
        "DSO": "days",
        "Rang DSO": "rank",
        "DSO BdF": "days",
        "ADD": "days",
        "CEI (%)": "pct",
        "Recouvr. 3 m (%)": "pct",
    }
    sectors = [_sector(v) for v in o.companies]
    return [
        filter_bar(COMPANIES_ID, sectors),
        sortable_table(
            frame,
            kinds,
            table_id=COMPANIES_ID,
            search=[f"{v.name} {v.company}" for v in o.companies],
            sectors=sectors,
            currencies=[v.currency for v in o.companies],
            caption=f"Les sociétés du portefeuille au {fmt_date(o.as_of)}",
            note=(
                "Encours dans la devise de chaque société. Rang DSO : 1 = DSO le plus court du "
                "portefeuille. Cliquer sur un titre de colonne pour trier ; le filtre ne "
                "s'applique qu'à la version HTML."
            ),
        ),
    ]


def standing(o: Overview) -> list[Html]:
    """The portfolio's quartiles of each KPI, and the best and last company."""
    names = {v.company: v.name for v in o.companies}
    rows = []
    for key in STANDING_KEYS:
        part = o.standing[o.standing["key"] == key]
        ranked = part.dropna(subset=["rank"]).sort_values(["rank", "company"])
        unit = _unit(o, key)
        first = part.iloc[0]
        rows.append(
            {
                "Indicateur": _label(o, key),
                "Sociétés": int(first["n"]),
                "1er quartile": fmt_unit(first["q1"], unit),
                "Médiane": fmt_unit(first["median"], unit),
                "3e quartile": fmt_unit(first["q3"], unit),
                "Meilleure": names[ranked.iloc[0]["company"]] if len(ranked) else "—",
                "Dernière": names[ranked.iloc[-1]["company"]] if len(ranked) > 1 else "—",
            }
        )
    return [
        table_html(
            pd.DataFrame(rows),
            caption="Position des sociétés : quartiles du portefeuille par indicateur",
            ints=["Sociétés"],
            unsummed=["Sociétés"],
            note=(
                "Quartiles par interpolation linéaire entre les sociétés qui ont une valeur ; "
                "« Meilleure » selon le sens de l'indicateur (DSO le plus court, recouvrement "
                "le plus élevé…)."
            ),
        )
    ]


def references(o: Overview) -> list[Html]:
    """Each company against the public references, on the reference's own basis."""
    names = {v.company: v.name for v in o.companies}
    frame = o.references
    rows = []
    for rec in frame.to_dict("records"):
        rows.append(
            {
                "Société": names[rec["company"]],
                "Indicateur": _label(o, rec["key"]),
                "Société (valeur)": fmt_unit(rec["value"], "j"),
                "Référence": fmt_unit(rec["reference"], "j"),
                "Écart": fmt_unit(rec["gap"], "j", sign=True),
                "Périmètre de la référence": rec["scope"],
            }
        )
    labels = sorted({r for r in frame["reference_label"] if r})
    bases = frame.drop_duplicates("key")
    basis_text = [
        f"{_label(o, b['key'])} : société = {b['company_basis']} ; "
        f"référence = {b['reference_basis'] or 'aucune'}."
        for b in bases.to_dict("records")
    ]
    return [
        table_html(
            pd.DataFrame(rows),
            caption="Les sociétés face aux références publiques, chacune sur sa base",
            max_rows=None,
        ),
        prose([("Bases de calcul", basis_text), ("Références retenues", labels)]),
        section_note(
            "La référence de la Banque de France est une moyenne de ratios individuels en fin "
            "d'exercice ; le chiffre de la société est calculé à la date d'arrêté du mois : "
            "l'écart situe la société, il ne la juge pas.",
            "info",
        ),
    ]


def exceptions(o: Overview, limit: int = 20) -> list[Html]:
    """The month's exceptions: material moves and target crossings, largest first."""
    frame = o.exceptions
    if frame.empty:
        return [
            paragraph(
                "Aucune variation significative ni aucun franchissement d'objectif ce mois-ci."
            )
        ]
    names = {v.company: v.name for v in o.companies}
    rows = [
        {
            "Société": names[r["company"]],
            "Indicateur": r["label"],
            "Mois précédent": fmt_unit(r["before"], r["unit"]),
            "Mois": fmt_unit(r["after"], r["unit"]),
            "Sens": r["sense"],
            "Motif": r["reason"],
        }
        for r in frame.head(limit).to_dict("records")
    ]
    note = None
    if len(frame) > limit:
        note = f"{fmt_count(len(frame) - limit, 'autre exception')} dans le classeur."
    return [
        table_html(
            pd.DataFrame(rows),
            caption=f"Exceptions du mois : {fmt_count(len(frame), 'variation')} à examiner",
            note=note,
        )
    ]


def trends(o: Overview) -> list[Html]:
    """Small multiples: each company's DSO, recovery and ADD over the months."""
    largest = sorted(o.companies, key=lambda v: -v.figures.encours)[:MAX_PANELS]
    blocks = []
    for key in TREND_KEYS:
        series = {}
        for v in largest:
            h = v.history[v.history["key"] == key].set_index("as_of")["value"]
            series[v.name] = h
        all_values = pd.concat(series, axis=1)
        median = all_values.median(axis=1, skipna=True)
        unit = _unit(o, key)
        blocks.append(
            figure(
                trend_panels(series, _label(o, key), unit, median=median),
                caption=(
                    f"{_label(o, key)} sur {len(all_values)} fins de mois ; en "
                    "pointillé, la médiane des sociétés représentées"
                ),
            )
        )
    if len(o.companies) > MAX_PANELS:
        blocks.append(
            paragraph(
                f"Les {MAX_PANELS} sociétés au plus gros encours sont représentées ; les "
                f"{len(o.companies) - MAX_PANELS} autres sont dans le classeur."
            )
        )
    return blocks


def set_aside(o: Overview) -> list[Html]:
    """The companies left out of the portfolio's figures, with their reason."""
    if not o.skipped:
        return [paragraph("Toutes les sociétés du dossier ont été lues et rapprochées.")]
    frame = pd.DataFrame(
        [{"Société": c, "Motif": reason} for c, reason in sorted(o.skipped.items())]
    )
    return [
        table_html(frame, caption="Sociétés écartées des chiffres du portefeuille"),
        paragraph(
            "Une société écartée n'est jamais comptée pour zéro : elle est absente des "
            f"quartiles, des migrations et des totaux ({fmt_number(len(o.skipped), 0)} au total)."
        ),
    ]


def methodology(o: Overview, bridge_method: str) -> list[Html]:
    """The methodology appendix: every comparison, rate and decomposition, in words."""
    thresholds = "; ".join(
        f"{unit} : {fmt_number(value * (100 if unit == '€' else 1), 1)}"
        f"{' % de la valeur précédente' if unit == '€' else ''}"
        for unit, value in MOVE_THRESHOLDS.items()
    )
    return [
        prose(
            [
                (
                    "Sociétés comparées",
                    [
                        "Chaque société est lue dans son seul dossier, à la fin du mois "
                        f"({fmt_date(o.as_of)}), avec les mêmes règles que son rapport mensuel ; "
                        "sa balance âgée est rapprochée au centime avant tout calcul. Une société "
                        "illisible, sans données ce mois-là ou non rapprochée est écartée avec "
                        "son motif, jamais comptée pour zéro.",
                        "Quartiles : interpolation linéaire entre les valeurs des sociétés qui en "
                        "ont une (type 7 de Hyndman et Fan, celui de numpy). Rang : 1 pour la "
                        "meilleure selon le sens de l'indicateur, ex aequo au meilleur rang ; "
                        "quartile = ⌈4 × (rang − 0,5) / n⌉.",
                    ],
                ),
                (
                    "Références publiques",
                    [
                        "Le DSO de la société sur la base de la Banque de France (encours TTC × "
                        "360 / chiffre d'affaires TTC des 12 derniers mois) est comparé aux "
                        "délais clients de l'Observatoire des délais de paiement pour son "
                        "secteur et sa taille (ceux du créancier) ; l'ADD (DSO − meilleur DSO "
                        "possible) au retard moyen de paiement mesuré par Altares, tous payeurs "
                        "confondus (Altares classe par secteur et taille du payeur).",
                        "Seule une référence publiée à la date d'arrêté est retenue ; la plus "
                        "précise (secteur et taille) l'emporte, puis la plus récente.",
                    ],
                ),
                (
                    "Migrations entre tranches (roll rates)",
                    [
                        "Chaque facture ouverte en fin de mois t est suivie à la fin du mois "
                        "t + 1 : réglée, annulée par un avoir, passée en perte, ou toujours "
                        "ouverte dans sa nouvelle tranche d'âge, en centimes ; chaque ligne de la "
                        "matrice se rapproche au centime de l'encours de la tranche en t.",
                        "Taux de migration = part de l'encours de la tranche b en t qui est dans "
                        "la tranche b + 1 en t + 1 ; taux de guérison = part réglée ou revenue "
                        "dans une tranche plus jeune. Les moyennes sur 12 mois et le "
                        "portefeuille additionnent les centimes avant de calculer les parts "
                        "(moyennes pondérées par les montants), jamais une moyenne de taux.",
                    ],
                ),
                ("Décomposition du DSO", [bridge_method]),
                (
                    "Exceptions du mois",
                    [
                        "Une variation est retenue quand elle atteint le seuil de matérialité "
                        f"des rapports mensuels ({thresholds}), ou quand l'indicateur change de "
                        "statut face à son objectif (atteint, à surveiller, hors objectif). "
                        "Elles sont classées franchissements d'abord, puis par nombre de seuils.",
                    ],
                ),
            ]
        )
    ]


def technical(o: Overview) -> list[Html]:
    """Annex: the report's reference, version, and each company's files (count, SHA-256)."""
    rows = [
        {
            "Société": v.company,
            "Fichiers lus": len(v.plan.inputs),
            "Empreinte (SHA-256 des empreintes)": _digest(v.plan.inputs),
        }
        for v in o.companies
    ]
    return [
        paragraph(
            f"Référence du rapport : {o.stamp} ; recouvrement {o.version} ; "
            f"tranches « {o.buckets} »."
        ),
        table_html(
            pd.DataFrame(rows),
            ints=["Fichiers lus"],
            unsummed=["Fichiers lus"],
            mono=["Empreinte (SHA-256 des empreintes)"],
            caption="Fichiers de chaque société",
        ),
    ]


def _digest(inputs: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]
