"""The report's Excel workbook ``rapport.xlsx``: its tables whole, as numbers and dates.

:func:`workbook_bytes` writes five sheets from the figures of a
:class:`~recouvrement.report.context.Report`, computed nowhere else:

- « Balance âgée »: one row per debtor of the aged balance (code, name, each bucket,
  « Non affecté », « Total »), summed by the table's totals row;
- « Factures ouvertes »: one row per open invoice at the as-of date (the snapshot's
  open items, with the debtor's name and the dispute, insolvency and dunning flags),
  its amounts summed by the totals row;
- « Historique KPI »: one row per month end and KPI (the report's KPI history, long
  format: a pivot table makes any cross-table of it);
- « Plan d'action »: the frame given, else one row per debtor's decision;
- « Qualité des données »: one row per row set aside or repaired by the ledger.

Why Excel tables with a totals row rather than a « Total » line under the data: the
data stays one row per item (sorting, filtering or a pivot table never takes the
total for a debtor), and the total follows the filter (``SUBTOTAL(109, …)``). The cell
conventions (exact amounts, dates, « Oui »/« Non », client text never a formula) and
the fixed bytes are :mod:`recouvrement.report.xlsx_tables`'.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from openpyxl import Workbook

from recouvrement.formatting import fmt_date, fmt_month, money_symbol
from recouvrement.report.context import Report
from recouvrement.report.tables.quality import anomalies_table
from recouvrement.report.xlsx_tables import (
    MONEY_FORMAT,
    NUMBER_FORMAT,
    Column,
    frame_columns,
    number_cells,
    text,
    workbook_file,
    write_sheet,
)

#: Sheet titles, in workbook order.
SHEETS = (
    "Balance âgée",
    "Factures ouvertes",
    "Historique KPI",
    "Plan d'action",
    "Qualité des données",
)
#: Excel table name of each sheet (letters and ``_`` only, unique in the workbook).
TABLE_NAMES = ("Balance_agee", "Factures_ouvertes", "Historique_KPI", "Plan_action", "Qualite")

#: Number format of a KPI value by its unit (``€``: the amounts' format).
UNIT_FORMATS = {"%": '#,##0.00\\ "%"', "j": '#,##0.0\\ "j"', "ratio": "0.0000"}

#: A decision's kind (:data:`recouvrement.audit.decisions.ACTIONS`) in a word, to filter on.
ACTION_KINDS = {
    "declarer": "Déclaration de créance",
    "relever": "Relevé de forclusion",
    "forclos": "Forclusion",
    "lettrer": "Lettrage",
    "prescription": "Prescription",
    "relancer": "Relance",
    "contentieux": "Contentieux",
    "litige": "Litige",
    "risque": "Risque",
    "limite": "Limite de crédit",
}


def _names(ids: pd.Series | pd.Index, names: pd.Series) -> np.ndarray:
    """Debtor names of ``ids`` (missing when the debtor has none)."""
    return pd.Series(np.asarray(ids, dtype=object)).map(names).to_numpy(dtype=object)


def balance_frame(r: Report) -> pd.DataFrame:
    """« Balance âgée »: ``Code, Débiteur``, the buckets, ``Non affecté, Total`` (euros)."""
    b = r.snap.balance
    out = pd.DataFrame({"Code": b.index.astype("str"), "Débiteur": _names(b.index, r.names)})
    for label in b.columns:
        out[str(label)] = b[label].to_numpy(dtype="float64")
    return out


def open_items_frame(r: Report) -> pd.DataFrame:
    """« Factures ouvertes »: the snapshot's open items in French, one row per invoice.

    ``Jours de retard`` is negative for an invoice not yet due; ``À relancer``: the
    invoice is among those to dun (overdue, not disputed, debtor not insolvent).
    """
    items = r.snap.items
    return pd.DataFrame(
        {
            "Facture": items["invoice_id"].astype("str").to_numpy(),
            "Code débiteur": items["debtor_id"].astype("str").to_numpy(),
            "Débiteur": _names(items["debtor_id"], r.names),
            "Date de facture": items["issue_date"].to_numpy(),
            "Échéance": items["due_date"].to_numpy(),
            "Jours de retard": items["days_past_due"].to_numpy(dtype="int64"),
            "Tranche": items["bucket"].astype("str").to_numpy(),
            "Montant TTC": items["amount"].to_numpy(dtype="float64"),
            "Réglé": items["paid"].to_numpy(dtype="float64"),
            "Avoirs": items["credited"].to_numpy(dtype="float64"),
            "Passé en perte": items["written_off"].to_numpy(dtype="float64"),
            "Reste dû": items["residual"].to_numpy(dtype="float64"),
            "En litige": items["disputed"].to_numpy(dtype=bool),
            "Procédure collective": items["debtor_id"].isin(r.snap.insolvent).to_numpy(),
            "À relancer": items["invoice_id"].isin(r.snap.to_dun["invoice_id"]).to_numpy(),
        }
    )


def kpi_history_columns(r: Report, money: str) -> list[Column]:
    """« Historique KPI »: one row per month end and KPI, the value in its unit's format.

    ``Valeur`` is in the KPI's unit (percent, days, ratio, amount); ``Numérateur`` and
    ``Dénominateur`` are the figures it is computed from, in their own units.
    """
    h = r.kpi_history
    units = h["unit"].astype("str")
    frame = pd.DataFrame(
        {
            "Fin de mois": h["as_of"].to_numpy(),
            "Indicateur": h["label"].astype("str").to_numpy(),
            "Code": h["key"].astype("str").to_numpy(),
            "Valeur": h["value"].to_numpy(dtype="float64"),
            "Unité": units.where(units != "€", money_symbol(r.ledger.currency)).to_numpy(),
            "Numérateur": h["numerator"].to_numpy(dtype="float64"),
            "Dénominateur": h["denominator"].to_numpy(dtype="float64"),
            "Débiteurs": h["n_debtors"].astype("Int64").to_numpy(),
            "Significatif": h["significant"].to_numpy(dtype=bool),
            "Disponible": h["available"].to_numpy(dtype=bool),
            "Motif": h["reason"].to_numpy(dtype=object),
        }
    )
    value_formats = [money if u == "€" else UNIT_FORMATS.get(u, NUMBER_FORMAT) for u in units]
    plain = [NUMBER_FORMAT] * len(frame)
    cells = {
        "Valeur": number_cells(frame["Valeur"], value_formats),
        "Numérateur": number_cells(frame["Numérateur"], plain),
        "Dénominateur": number_cells(frame["Dénominateur"], plain),
    }
    return frame_columns(frame, money, cells=cells)


def decisions_frame(r: Report) -> pd.DataFrame | None:
    """« Plan d'action » by default: one action per debtor (``None`` without decisions)."""
    d = r.audit.decisions
    if d is None:
        return None
    return pd.DataFrame(
        {
            "Code": d["debtor_id"].astype("str").to_numpy(),
            "Débiteur": _names(d["debtor_id"], r.names),
            "Type d'action": d["key"].map(lambda k: ACTION_KINDS.get(k, k)).to_numpy(),
            "Action": d["action"].astype("str").to_numpy(),
            "Fondement": d["basis"].astype("str").to_numpy(),
            "Échéance": d["deadline"].to_numpy(),
            "Échéance estimée": d["estimated"].to_numpy(dtype=bool),
            "Montant": d["amount"].to_numpy(dtype="float64"),
            "Détail": d["detail"].astype("str").to_numpy(),
        }
    )


def workbook_bytes(r: Report, *, action_plan: pd.DataFrame | None = None) -> bytes:
    """The report's workbook ``rapport.xlsx`` as bytes (see the module docstring).

    Parameters
    ----------
    r : Report
        The report (:func:`~recouvrement.report.context.open_report`).
    action_plan : DataFrame, optional
        The « Plan d'action » sheet as is, French headers expected: datetimes are
        dates, integers integers, **float columns amounts** (exact cents), booleans
        « Oui »/« Non », a named index a first column
        (:func:`~recouvrement.report.xlsx_tables.frame_columns`). Default: the
        debtors' decisions (``r.audit.decisions``, one action per debtor).

    Returns
    -------
    bytes
        An ``.xlsx`` file (Office Open XML). Its properties: title, subject, creator
        « recouvrement », the report's stamp; its dates are the as-of date, so the same
        report gives the same bytes.

    Raises
    ------
    ValueError
        A sheet longer than Excel's 1 048 576 rows.

    Examples
    --------
    >>> r = open_report(company="meca-precision", month="2026-10")  # doctest: +SKIP
    >>> Path("rapport.xlsx").write_bytes(workbook_bytes(r))  # doctest: +SKIP

    """
    money = MONEY_FORMAT.format(unit=money_symbol(r.ledger.currency))
    day = fmt_date(r.as_of)
    plan = decisions_frame(r) if action_plan is None else action_plan
    sheets = [
        (frame_columns(balance_frame(r), money, totals=True), f"Aucun solde au {day}."),
        (
            frame_columns(open_items_frame(r), money, totals=True),
            f"Aucune facture ouverte au {day}.",
        ),
        (kpi_history_columns(r, money), "Aucun indicateur calculé."),
        (
            frame_columns(plan if plan is not None else pd.DataFrame(), money)
            or [Column("Action", [])],
            f"Aucune action à mener au {day}."
            if plan is not None
            else "Plan d'action non disponible : décisions non calculées.",
        ),
        (frame_columns(anomalies_table(r.ledger), money), "Aucune anomalie dans les fichiers lus."),
    ]
    wb = Workbook(write_only=True)
    props = wb.properties
    props.title = f"Audit du poste client — {text(r.ledger.name)} — {fmt_month(r.plan.month)}"
    props.subject = (
        "Balance âgée, factures ouvertes, indicateurs, plan d'action et qualité des données "
        f"au {day}"
    )
    props.creator = props.lastModifiedBy = "recouvrement"
    props.keywords = "poste client; balance âgée; recouvrement"
    props.description = f"Empreinte du rapport {r.plan.stamp} (recouvrement {r.plan.version})"
    props.language = "fr-FR"
    totals = [
        write_sheet(wb, title, table, columns, empty)
        for title, table, (columns, empty) in zip(SHEETS, TABLE_NAMES, sheets, strict=True)
    ]
    return workbook_file(wb, dt.datetime.combine(r.as_of.date(), dt.time()), totals)
