"""The portfolio report's Excel workbook ``portefeuille.xlsx``: every figure of the report, whole.

Sheets (Excel tables, one row per item, French headers, exact amounts from cents):
« Sociétés » (one row per company), « Quartiles » (each company's standing per KPI),
« Références » (each company against the public references, with both bases),
« Exceptions » (all of them, not only the first twenty printed), « Migrations » (every
company's monthly roll matrices in cents, then euros), « DSO » (each company's DSO
decomposition), « Tendances » (the KPI histories). Same bytes for the same portfolio
(dates of the document set to the month end).
"""

from __future__ import annotations

import base64
import datetime as dt

import pandas as pd
from openpyxl import Workbook

from recouvrement.formatting import fmt_date
from recouvrement.report.attachments import Attachment
from recouvrement.report.overview.context import Overview
from recouvrement.report.xlsx_tables import (
    MONEY_FORMAT,
    frame_columns,
    number_cells,
    workbook_file,
    write_sheet,
)

__all__ = ["SHEETS", "WORKBOOK_NAME", "overview_attachment", "overview_workbook_bytes"]

#: The workbook's file name (without ``.xlsx``).
WORKBOOK_NAME = "portefeuille"

#: Sheet titles and their Excel table names.
SHEETS = (
    ("Sociétés", "Societes"),
    ("Quartiles", "Quartiles"),
    ("Références", "References"),
    ("Exceptions", "Exceptions"),
    ("Migrations", "Migrations"),
    ("DSO", "Decomposition_DSO"),
    ("Tendances", "Tendances"),
)

#: Number format of the plain figures (days, percentages, ratios).
FIGURE_FORMAT = "#,##0.00"


def _figures(frame: pd.DataFrame, columns: list[str]) -> dict[str, list]:
    """Non-money float columns as plain numbers (never amounts, never summed)."""
    return {c: number_cells(frame[c].tolist(), [FIGURE_FORMAT] * len(frame)) for c in columns}


def _companies(o: Overview) -> pd.DataFrame:
    rows = []
    for v in o.companies:
        f = v.figures
        rows.append(
            {
                "Société": v.name,
                "Identifiant": v.company,
                "Secteur": v.sector,
                "Taille": v.size,
                "Devise": v.currency,
                "Encours": f.encours,
                "Échu": f.overdue,
                "> 90 jours": f.oldest,
                **{r.label: r.value for r in v.kpis.values()},
            }
        )
    return pd.DataFrame(rows)


def _rolls(o: Overview) -> pd.DataFrame:
    frames = []
    for v in o.companies:
        frame = v.rolls.copy()
        cents = [c for c in frame.columns if c not in ("month", "as_of", "bucket")]
        for c in cents:
            frame[c] = frame[c] / 100  # exact: cents → amounts written from the cents
        frame.insert(0, "Devise", v.currency)
        frame.insert(0, "Société", v.name)
        frames.append(
            frame.rename(
                columns={
                    "month": "Mois",
                    "as_of": "Fin de mois",
                    "bucket": "Tranche au mois précédent",
                    "encours_cents": "Encours au mois précédent",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _bridges(o: Overview) -> pd.DataFrame:
    rows = []
    for v in o.companies:
        b = v.bridge
        rows.append(
            {
                "Société": v.name,
                "Mois précédent": b.dso_from,
                "Effet volume": b.volume_effect,
                "Effet mix": b.mix_effect,
                "Effet encaissement": b.collection_effect,
                "Mois": b.dso_to,
            }
        )
    return pd.DataFrame(rows)


def overview_workbook_bytes(o: Overview) -> bytes:
    """The workbook as bytes (see the module docstring)."""
    names = {v.company: v.name for v in o.companies}
    companies = _companies(o)
    kpi_cols = [
        c
        for c in companies.columns
        if c
        not in (
            "Société",
            "Identifiant",
            "Secteur",
            "Taille",
            "Devise",
            "Encours",
            "Échu",
            "> 90 jours",
        )
    ]
    standing = o.standing.assign(
        company=o.standing["company"].map(names),
        key=o.standing["key"].map(lambda k: o.companies[0].kpis[k].label),
    )
    standing = standing.rename(
        columns={
            "company": "Société",
            "key": "Indicateur",
            "value": "Valeur",
            "n": "Sociétés",
            "q1": "1er quartile",
            "median": "Médiane",
            "q3": "3e quartile",
            "rank": "Rang",
            "quartile": "Quartile",
        }
    )
    refs = o.references.assign(company=o.references["company"].map(names)).rename(
        columns={
            "company": "Société",
            "key": "Clé",
            "indicator": "Indicateur",
            "value": "Valeur",
            "reference": "Référence",
            "gap": "Écart",
            "company_basis": "Base société",
            "reference_basis": "Base référence",
            "reference_label": "Référence publiée",
            "scope": "Périmètre",
            "reason": "Motif",
        }
    )
    exc = o.exceptions.assign(company=o.exceptions["company"].map(names)).rename(
        columns={
            "company": "Société",
            "key": "Clé",
            "label": "Indicateur",
            "unit": "Unité",
            "before": "Mois précédent",
            "after": "Mois",
            "delta": "Variation",
            "sense": "Sens",
            "size": "Seuils",
            "crossed": "Objectif franchi",
            "reason": "Motif",
        }
    )
    bridges = _bridges(o)
    trends = pd.concat([v.history.assign(Société=v.name) for v in o.companies], ignore_index=True)[
        ["Société", "as_of", "label", "value", "unit"]
    ].rename(
        columns={"as_of": "Fin de mois", "label": "Indicateur", "value": "Valeur", "unit": "Unité"}
    )
    money = MONEY_FORMAT.format(unit="€")
    day = fmt_date(o.as_of)
    sheets = [
        frame_columns(companies, money, cells=_figures(companies, kpi_cols)),
        frame_columns(
            standing,
            money,
            cells=_figures(
                standing, ["Valeur", "1er quartile", "Médiane", "3e quartile", "Rang", "Quartile"]
            ),
        ),
        frame_columns(refs, money, cells=_figures(refs, ["Valeur", "Référence", "Écart"])),
        frame_columns(
            exc, money, cells=_figures(exc, ["Mois précédent", "Mois", "Variation", "Seuils"])
        ),
        frame_columns(_rolls(o), money, totals=False),
        frame_columns(bridges, money, cells=_figures(bridges, list(bridges.columns[1:]))),
        frame_columns(trends, money, cells=_figures(trends, ["Valeur"])),
    ]
    wb = Workbook(write_only=True)
    props = wb.properties
    props.title = f"Portefeuille — {o.month_label}"
    props.subject = f"Comparaison des sociétés, migrations et DSO au {day}"
    props.creator = props.lastModifiedBy = "recouvrement"
    props.description = f"Empreinte {o.stamp} (recouvrement {o.version})"
    props.language = "fr-FR"
    totals = [
        write_sheet(wb, title, table, columns, f"Aucune ligne au {day}.")
        for (title, table), columns in zip(SHEETS, sheets, strict=True)
    ]
    return workbook_file(wb, dt.datetime.combine(o.as_of.date(), dt.time()), totals)


def overview_attachment(o: Overview) -> Attachment:
    """The workbook as an attachment: the runner writes it as ``portefeuille.xlsx``."""
    content = base64.b64encode(overview_workbook_bytes(o)).decode("ascii")
    return Attachment(WORKBOOK_NAME, content, len(SHEETS), "xlsx")
