"""French tables of the portfolio: top overdue debtors, disputes, write-offs, payers, currencies.

Pure functions on a :class:`~recouvrement.aging.Snapshot`, a ledger or the results of
the layers below (frames in, frames out, nothing printed, inputs never modified).
Column names are French: these frames are shown as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.formatting import MISSING, fmt_int, fmt_money, fmt_month
from recouvrement.kpi import KpiResult
from recouvrement.ledger import Ledger
from recouvrement.report.tables.common import named


def top_overdue(snap: Snapshot, *, n: int = 10) -> pd.DataFrame:
    """The ``n`` debtors with the largest overdue amount at the snapshot's date.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the as-of date, with the report's bucket scheme.
    n : int
        Number of debtors (default 10).

    Returns
    -------
    DataFrame
        Index ``Code`` (debtor id), columns ``Débiteur, Échu, Part de l'échu`` (percent of
        the portfolio's overdue), the oldest bucket's amount (e.g. ``> 90``),
        ``Factures échues``, ``Retard max.`` (days past due of the oldest overdue
        invoice), ``En litige`` (overdue invoices under an open dispute) and ``Total``
        (the debtor's whole balance, unapplied included). Sorted by overdue amount,
        largest first; ties by debtor id. Empty when nothing is overdue.

    Notes
    -----
    Overdue = Σ of every bucket but ``Non échu``; the share is of the total overdue of
    the portfolio, so the top ``n`` shares sum to the concentration of the overdue.

    """
    ledger, balance = snap.ledger, snap.balance
    labels = snap.buckets.labels()
    late_labels = labels[1:]
    overdue = balance[late_labels].sum(axis=1)
    total_overdue = float(overdue.sum())
    items = snap.items
    late = items[items["days_past_due"] > 0]
    stats = late.groupby("debtor_id").agg(
        factures=("invoice_id", "size"),
        retard=("days_past_due", "max"),
        litiges=("disputed", "sum"),
    )
    chosen = (
        overdue[overdue > 0]
        .rename("overdue")
        .reset_index()
        .sort_values(["overdue", "debtor_id"], ascending=[False, True], kind="stable")
        .head(n)["debtor_id"]
    )
    out = pd.DataFrame(index=pd.Index(chosen, name="Code", dtype="str"))
    out["Débiteur"] = out.index.map(ledger.debtor_names).astype("str")
    out["Échu"] = overdue.reindex(out.index).round(2)
    out["Part de l'échu"] = out["Échu"] / total_overdue * 100 if total_overdue else float("nan")
    out[labels[-1]] = balance[labels[-1]].reindex(out.index)
    out["Factures échues"] = stats["factures"].reindex(out.index).astype("int64")
    out["Retard max."] = stats["retard"].reindex(out.index).astype("int64")
    out["En litige"] = stats["litiges"].reindex(out.index).astype("int64")
    out[cv.TOTAL_LABEL] = balance[cv.TOTAL_LABEL].reindex(out.index)
    return out


def open_disputes(snap: Snapshot) -> pd.DataFrame:
    """Open invoices under a dispute open at the snapshot's date, oldest dispute first.

    Returns
    -------
    DataFrame
        Columns ``Facture, Code, Débiteur, Ouvert le, Jours de litige, Reste dû,
        Jours de retard``. A dispute is open at ``D`` when opened on or before ``D``
        and unresolved or resolved after ``D``; an invoice with several open
        disputes appears once, with the earliest opening date. Invoices fully
        settled at ``as_of`` are not listed (nothing left to recover).

    """
    ledger, day = snap.ledger, snap.as_of
    items = snap.items
    items = items[items["disputed"]]
    disputes = ledger.disputes
    live = disputes[
        (disputes["opened_date"] <= day)
        & (disputes["resolved_date"].isna() | (disputes["resolved_date"] > day))
    ]
    opened = live.groupby("invoice_id")["opened_date"].min().astype(cv.DATE_DTYPE)
    out = pd.DataFrame(
        {
            "Facture": items["invoice_id"].to_numpy(),
            "Code": items["debtor_id"].to_numpy(),
            "Débiteur": items["debtor_id"].map(ledger.debtor_names).astype("str").to_numpy(),
            "Ouvert le": opened.reindex(items["invoice_id"]).to_numpy(),
            "Reste dû": items["residual"].to_numpy(),
            "Jours de retard": items["days_past_due"].clip(lower=0).to_numpy(),
        }
    )
    out.insert(4, "Jours de litige", (day - out["Ouvert le"]).dt.days.astype("int64"))
    return out.sort_values(["Ouvert le", "Facture"], kind="stable").reset_index(drop=True)


def write_offs(ledger: Ledger, as_of: object, *, months: int = 12) -> pd.DataFrame:
    """Write-offs ("pertes sur créances") dated in the ``months`` months ending at ``as_of``.

    Returns
    -------
    DataFrame
        Columns ``Date, Facture, Code, Débiteur, Montant facture, Perte``, by date.
        The period is ``(as_of − months, as_of]`` (calendar months).

    """
    day = cv.as_date(as_of)
    start = cv.shift_months(day, -months)
    w = ledger.write_offs
    w = w[(w["date"] > start) & (w["date"] <= day)]
    inv = ledger.invoices.set_index("invoice_id")
    debtor = w["invoice_id"].map(inv["debtor_id"])
    out = pd.DataFrame(
        {
            "Date": w["date"].to_numpy(),
            "Facture": w["invoice_id"].to_numpy(),
            "Code": debtor.to_numpy(),
            "Débiteur": debtor.map(ledger.debtor_names).astype("str").to_numpy(),
            "Montant facture": w["invoice_id"].map(inv["amount"]).astype("float64").to_numpy(),
            "Perte": w["amount"].to_numpy(),
        }
    )
    return out.sort_values(["Date", "Facture"], kind="stable").reset_index(drop=True)


def worst_payers(
    behaviour: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None, *, n: int = 15
) -> pd.DataFrame:
    """The ``n`` debtors who paid latest, from :func:`recouvrement.kpi.payment_behaviour`.

    Parameters
    ----------
    behaviour : DataFrame
        Output of :func:`~recouvrement.kpi.payment_behaviour` (one row per debtor).
    names : mapping, optional
        Debtor id -> name.
    n : int
        Rows kept (default 15).

    Returns
    -------
    DataFrame
        Index ``Code``; columns ``Débiteur, Factures réglées, Montant réglé, Délai moyen,
        Retard moyen, Part payée en retard, Retard max.``; sorted by amount-weighted
        days late (largest first), then by amount settled, then id.

    """
    b = behaviour.sort_values(
        ["days_late", "amount", "debtor_id"], ascending=[False, False, True], kind="stable"
    ).head(n)
    out = pd.DataFrame(
        {
            "Débiteur": named(b, names).to_numpy(),
            "Factures réglées": b["n_invoices"].to_numpy(),
            "Montant réglé": b["amount"].to_numpy(),
            "Délai moyen": b["days_to_pay"].to_numpy(),
            "Retard moyen": b["days_late"].to_numpy(),
            "Part payée en retard": b["share_late"].to_numpy(),
            "Retard max.": b["max_days_late"].to_numpy(),
        },
        index=pd.Index(b["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )
    return out


def aged_balance_table(balance: pd.DataFrame, names: Mapping[str, str] | pd.Series) -> pd.DataFrame:
    """The aged balance as shown: ``Débiteur`` first, then the buckets, ``Part du total`` last.

    Index ``Code`` (debtor id); ``Part du total`` = the debtor's Total / Σ Total × 100.
    """
    aged = balance.copy()
    aged.insert(0, "Débiteur", aged.index.map(names))
    aged["Part du total"] = aged[cv.TOTAL_LABEL] / aged[cv.TOTAL_LABEL].sum() * 100
    aged.index.name = "Code"
    return aged


def evolution_table(history: pd.DataFrame) -> pd.DataFrame:
    """The portfolio's aged balance at each month end, months in words (``octobre 2026``)."""
    evolution = history.copy()
    evolution.index = evolution.index.map(fmt_month)
    evolution.index.name = "Fin de mois"
    return evolution


def recovery_segments_table(segments: pd.DataFrame) -> pd.DataFrame:
    """:func:`recouvrement.kpi.recovery_by_segment` with French columns and significance."""
    out = segments.rename(
        columns={
            "segment": "Ancienneté",
            "base": "Échu à recouvrer",
            "collected": "Recouvré",
            "rate": "Taux",
            "n_debtors": "Débiteurs",
            "significant": "Significatif",
        }
    )
    out["Significatif"] = out["Significatif"].map(
        {True: "oui", False: "non (moins de 10 débiteurs)"}
    )
    return out


def doubtful_table(doubtful: KpiResult) -> pd.DataFrame:
    """The debtors in insolvency proceedings behind the doubtful receivables, French columns."""
    return doubtful.details.rename(
        columns={
            "debtor_id": "Code",
            "name": "Débiteur",
            "insolvency_date": "Jugement",
            "n_open_invoices": "Factures ouvertes",
            "residual": "Reste dû",
        }
    )


def _rate_text(rate: float, code: str, company: str) -> str:
    """``1 EUR = 1,172 USD``: the ECB convention, six significant digits at most."""
    if pd.isna(rate):
        return MISSING
    return f"1 {company} = {format(rate, '.6g').replace('.', ',')} {code}"


def revaluation_table(
    revalued: pd.DataFrame, names: Mapping[str, str] | pd.Series, currency: str
) -> pd.DataFrame:
    """:func:`recouvrement.aging.revaluation` as shown, amounts written in their currency.

    Parameters
    ----------
    revalued : DataFrame
        One row per debtor and currency (:func:`~recouvrement.aging.revaluation`).
    names : mapping
        Debtor id -> name.
    currency : str
        The company's currency (the currency of ``booked``, ``revalued``, ``difference``).

    Returns
    -------
    DataFrame
        Index ``Code``; text columns ``Débiteur, Devise, Factures`` (count), ``Reste dû en
        devise`` (in the document's currency), ``Cours BCE`` (``1 EUR = 1,172 USD``),
        ``Valeur comptable`` (in the aged balance), ``Valeur au cours du jour`` and
        ``Écart de change latent`` (in the company's currency, signed), then a ``Total``
        row of the three last (summed in cents; ``non disponible`` when a rate is
        missing). Empty (no row, no total) when ``revalued`` is.

    """
    columns = [
        "Débiteur",
        "Devise",
        "Factures",
        "Reste dû en devise",
        "Cours BCE",
        "Valeur comptable",
        "Valeur au cours du jour",
        "Écart de change latent",
    ]
    if revalued.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="Code", dtype="str"))
    r = revalued
    out = pd.DataFrame(
        {
            "Débiteur": named(r, names).fillna("").to_numpy(),
            "Devise": r["currency"].to_numpy(),
            "Factures": [fmt_int(n) for n in r["n_invoices"]],
            "Reste dû en devise": [
                fmt_money(v, c) for v, c in zip(r["open_original"], r["currency"], strict=True)
            ],
            "Cours BCE": [
                _rate_text(v, c, currency) for v, c in zip(r["rate"], r["currency"], strict=True)
            ],
            "Valeur comptable": [fmt_money(v, currency) for v in r["booked"]],
            "Valeur au cours du jour": [fmt_money(v, currency) for v in r["revalued"]],
            "Écart de change latent": [fmt_money(v, currency, sign=True) for v in r["difference"]],
        },
        index=pd.Index(r["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )
    cents = {
        c: np.rint(r[c].to_numpy(dtype="float64") * 100)
        for c in ("booked", "revalued", "difference")
    }
    known = not np.isnan(cents["revalued"]).any()

    def total(col: str, sign: bool = False) -> str:
        if col != "booked" and not known:
            return MISSING
        return fmt_money(int(cents[col].astype("int64").sum()) / 100, currency, sign=sign)

    out.loc["Total"] = [
        "",
        "",
        fmt_int(int(r["n_invoices"].sum())),
        "",
        "",
        total("booked"),
        total("revalued"),
        total("difference", sign=True),
    ]
    return out
