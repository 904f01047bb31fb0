"""The three pages a CFO reads first: the dashboard, the key messages, the action plan.

- :func:`dashboard`: eight tiles (value, last month, a twelve-month sparkline, the
  status against the target and where the target comes from), then the aged balance
  of the portfolio in one line;
- :func:`messages`: three to five messages ranked by the cash at stake
  (:func:`recouvrement.report.findings.messages.key_messages`), each with its debtors,
  action, owner and due date;
- :func:`plan`: the month's actions grouped by kind, with the debtors, the euros at
  stake, the owner, the due date and the status against last month's plan
  (:func:`recouvrement.audit.action_plan`); the per-debtor plan is in an appendix
  (:func:`plan_detail`) and in the workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.audit.action_plan import DONE, NEW, OPEN
from recouvrement.formatting import (
    fmt_count,
    fmt_date,
    fmt_eur,
    fmt_unit,
    is_missing,
)
from recouvrement.kpi.targets import Target, target_status
from recouvrement.report import charts
from recouvrement.report.attachments import Attachment, workbook_attachment
from recouvrement.report.context import Report
from recouvrement.report.findings.messages import Message, key_messages
from recouvrement.report.html import Html, esc, section_note
from recouvrement.report.html_tables import table_html
from recouvrement.report.sections.portfolio import evolution_chart

__all__ = [
    "TILE_KPIS",
    "dashboard",
    "messages",
    "plan",
    "plan_detail",
    "plan_frame",
    "report_messages",
    "workbook",
]

#: The KPI tiles of the dashboard, after the three amount tiles.
TILE_KPIS = (
    "dso_bdf",
    "average_days_delinquent",
    "cei",
    "recovery_rate_3m",
    "dispute_rate",
)

#: CSS class and French label of each status.
STATUSES = {
    "atteint": ("ok", "objectif atteint"),
    "à surveiller": ("watch", "à surveiller"),
    "hors objectif": ("bad", "hors objectif"),
    "sans objectif": ("none", "sans objectif"),
    "non disponible": ("none", "non disponible"),
}


@dataclass(frozen=True)
class Tile:
    """One dashboard tile: every text already formatted."""

    label: str
    value: str
    detail: str
    spark: Html
    status: str = "sans objectif"
    target: str = ""


def _tile_html(t: Tile) -> str:
    css, text = STATUSES.get(t.status, STATUSES["sans objectif"])
    target = f'<div class="rc-tile-target">{esc(t.target)}</div>' if t.target else ""
    return (
        f'<div class="rc-tile rc-tile-{css}">'
        f'<div class="rc-tile-label">{esc(t.label)}</div>'
        f'<div class="rc-tile-value">{esc(t.value)}</div>'
        f'<div class="rc-tile-detail">{esc(t.detail)}</div>'
        f'<div class="rc-tile-spark">{t.spark}</div>'
        f'<div class="rc-tile-status"><span class="rc-badge rc-badge-{css}">{esc(text)}</span>'
        f"</div>{target}</div>"
    )


def tiles_html(tiles: Sequence[Tile], per_row: int = 4) -> Html:
    """The tiles as rows of ``per_row`` (a table layout: the same in every renderer)."""
    rows = []
    for i in range(0, len(tiles), per_row):
        cells = "".join(
            f'<div class="rc-tile-cell">{_tile_html(t)}</div>' for t in tiles[i : i + per_row]
        )
        rows.append(f'<div class="rc-tile-row">{cells}</div>')
    return Html(f'<div class="rc-tiles">{"".join(rows)}</div>')


def _amount_tiles(r: Report) -> list[Tile]:
    h = r.history
    buckets = [c for c in h.columns if c not in (cv.UNAPPLIED_LABEL, cv.TOTAL_LABEL)]
    overdue = h[buckets[1:]].sum(axis=1)
    oldest = h[buckets[-1]]
    f = r.figures
    prev = h.iloc[-2] if len(h) > 1 else None

    def before(series: pd.Series) -> str:
        return f"mois précédent : {fmt_eur(series.iloc[-2], 0)}" if prev is not None else ""

    return [
        Tile(
            "Encours net",
            fmt_eur(f.encours, 0),
            before(h[cv.TOTAL_LABEL]),
            charts.sparkline(h[cv.TOTAL_LABEL].tolist()),
        ),
        Tile("Échu", fmt_eur(f.overdue, 0), before(overdue), charts.sparkline(overdue.tolist())),
        Tile(
            f"Échu {r.labels[-1]}",
            fmt_eur(f.oldest, 0),
            before(oldest),
            charts.sparkline(oldest.tolist()),
        ),
    ]


def _kpi_tile(r: Report, key: str) -> Tile:
    if key == "dso_bdf" and not r.kpis[key].available:
        key = "dso"  # less than a year of sales: the accounting DSO, without reference
    k = r.kpis[key]
    hist = r.kpi_history[r.kpi_history["key"] == key].sort_values("as_of")
    values = hist["value"].astype("float64").tolist()
    goal = r.goals.get(key)
    target = None if goal is None else goal.value
    status = target_status(key, k.value if k.available else None, target)
    prev = r.previous.get(key)
    detail = (
        "" if prev is None or is_missing(prev) else f"mois précédent : {fmt_unit(prev, k.unit)}"
    )
    return Tile(
        label=k.short_label if hasattr(k, "short_label") else k.label,
        value=fmt_unit(k.value, k.unit) if k.available else "non disponible",
        detail=detail,
        spark=charts.sparkline(values, target=target),
        status=status,
        target=""
        if goal is None or target is None
        else f"objectif {fmt_unit(target, k.unit)} ({short_source(goal)})",
    )


def short_source(goal: Target) -> str:
    """Where a target comes from, in a few words (the full source is under the KPI tables)."""
    ref = goal.reference
    if ref is None:
        return "objectifs de la société" if goal.source.startswith("objectifs") else goal.source
    raised = " relevé au meilleur DSO possible" if goal.value != ref.value else ""
    return f"{ref.publisher}, données {ref.data_period}{raised}"


def dashboard(r: Report) -> list[Html]:
    """The tiles, then the portfolio's aged balance in one line."""
    tiles = _amount_tiles(r) + [_kpi_tile(r, key) for key in TILE_KPIS if key in r.kpis]
    columns = [*r.labels, cv.UNAPPLIED_LABEL, cv.TOTAL_LABEL]
    total = r.snap.balance[columns].sum()
    frame = pd.DataFrame([total.to_numpy()], columns=columns)
    return [
        tiles_html(tiles),
        scope_note(r),
        table_html(
            frame,
            money=columns,
            caption=f"Balance âgée du portefeuille au {fmt_date(r.as_of)}",
            index=False,
            compact=True,
        ),
        *evolution_chart(r),
    ]


def scope_note(r: Report) -> Html:
    """The report's counts, each with its base in words (the same base, the same number)."""
    f = r.figures
    overdue_debtors = int(
        r.snap.items.loc[r.snap.items["days_past_due"] > 0, "debtor_id"].nunique()
    )
    return section_note(
        f"Périmètre au {fmt_date(r.as_of)} : "
        f"{fmt_count(f.n_debtors, 'débiteur facturé', 'débiteurs facturés')} "
        f"depuis le début des données, dont {fmt_count(f.n_with_balance, 'débiteur')} avec un "
        f"solde (balance âgée) et {fmt_count(overdue_debtors, 'débiteur')} avec au moins une "
        f"facture échue ; {fmt_count(f.n_open_items, 'facture ouverte', 'factures ouvertes')}, "
        f"dont {fmt_count(f.n_overdue_items, 'échue', 'échues')}."
    )


def report_messages(r: Report) -> list[Message]:
    """The report's key messages (claims as the company's policy sets them)."""
    totals = r.audit.totals
    goal = r.goals.get("dso_bdf")
    k = r.kpis.get("dso_bdf")
    gap = None
    if goal is not None and goal.value is not None and k is not None and k.available:
        gap = (r.figures.encours, float(k.value), float(goal.value))
    return key_messages(
        r.action_plan,
        r.as_of,
        claimed=None if totals is None else float(totals["claimed_total"]),
        claimed_debtors=None if totals is None else int(totals["n_debtors_claimed"]),
        dso=gap,
    )


def _due_text(due: pd.Timestamp | None, overdue: bool) -> str:
    if due is None or pd.isna(due):
        return "—"
    return f"immédiate (prévue le {fmt_date(due)})" if overdue else fmt_date(due)


def messages(r: Report) -> list[Html]:
    """The key messages, one block each, largest cash at stake first."""
    found = report_messages(r)
    if not found:
        return [
            Html('<p class="rc-note">Aucune action à engager ce mois : aucun montant en jeu.</p>')
        ]
    out = ['<ol class="rc-messages">']
    for m in found:
        facts = []
        if m.debtors_text:
            facts.append(("Débiteurs", m.debtors_text))
        facts += [
            ("Action recommandée", m.action),
            ("Responsable", m.owner),
            ("Échéance", "immédiate (étapes déjà en retard)" if m.overdue else fmt_date(m.due)),
        ]
        if m.detail:
            facts.append(("Précision", m.detail))
        rows = "".join(f"<dt>{esc(a)}</dt><dd>{esc(b)}</dd>" for a, b in facts)
        out.append(
            '<li class="rc-message">'
            f'<div class="rc-message-amount">{esc(fmt_eur(m.amount, 0))}</div>'
            f'<div class="rc-message-body"><p class="rc-message-title">{esc(m.title)}</p>'
            f'<dl class="rc-message-facts">{rows}</dl></div></li>'
        )
    out.append("</ol>")
    return [Html("".join(out))]


def _status_text(statuses: pd.Series) -> str:
    counts = statuses.value_counts()
    parts = []
    for status, (one, many) in {
        NEW: ("nouvelle", "nouvelles"),
        OPEN: ("toujours ouverte", "toujours ouvertes"),
    }.items():
        if counts.get(status, 0):
            parts.append(fmt_count(counts[status], one, many))
    return ", ".join(parts)


def plan_table(r: Report) -> pd.DataFrame:
    """The actions of the month grouped by their wording (French columns)."""
    p = r.action_plan
    todo = p[p["status"] != DONE]
    rows = []
    for action, grp in todo.groupby("action", sort=False):
        grp = grp.sort_values("amount", ascending=False)
        first = grp.loc[grp["due"].idxmin()]
        names = ", ".join(grp["name"].astype(str).head(2))
        more = len(grp) - min(len(grp), 2)
        rows.append(
            {
                "Action": action,
                "Débiteurs": f"{fmt_count(len(grp), 'débiteur')} : {names}"
                + (f" et {fmt_count(more, 'autre')}" if more else ""),
                "Montant en jeu": round(float(grp["amount"].sum()), 2),
                "Responsable": grp["owner"].iloc[0],
                "Échéance": _due_text(first["due"], bool(first["overdue"])),
                "Statut": _status_text(grp["status"]),
            }
        )
    frame = pd.DataFrame(rows)
    if len(frame):
        frame = frame.sort_values("Montant en jeu", ascending=False, kind="stable")
    return frame.reset_index(drop=True)


def plan(r: Report) -> list[Html]:
    """The month's action plan, grouped; then what last month's plan saw done."""
    p = r.action_plan
    done = p[p["status"] == DONE]
    out = [
        table_html(
            plan_table(r),
            money=["Montant en jeu"],
            caption=f"Plan d'action au {fmt_date(r.as_of)}",
            total_row=True,
            empty="Aucune action à engager ce mois.",
            note="Une ligne par action ; le détail par débiteur figure en annexe et dans le "
            "classeur rapport.xlsx. Statut : comparé au plan du mois précédent, recalculé à "
            "partir du grand livre tel qu'il était connu à la fin de ce mois.",
        )
    ]
    if len(done):
        settled = int((done["detail"] == "solde réglé").sum())
        out.append(
            section_note(
                f"Actions du mois précédent réalisées : {fmt_count(len(done), 'débiteur')} "
                f"({fmt_eur(done['amount'].sum())} en jeu le mois dernier), dont "
                f"{fmt_count(settled, 'débiteur')} au solde réglé.",
                "ok",
            )
        )
    return out


def plan_frame(r: Report) -> pd.DataFrame:
    """The per-debtor plan with French columns (the appendix table and the workbook sheet)."""
    p = r.action_plan
    return pd.DataFrame(
        {
            "Code": p["debtor_id"].astype("str"),
            "Débiteur": p["name"],
            "Action": p["action"],
            "Montant": p["amount"].astype("float64"),
            "Échéance": p["due"],
            "Responsable": p["owner"],
            "Statut": p["status"],
            "Précision": p["detail"],
            "Fondement": p["basis"],
        }
    )


def plan_detail(r: Report) -> list[Html]:
    """The per-debtor plan, for the appendix (``limits.max_rows``)."""
    frame = plan_frame(r).drop(columns=["Code", "Fondement"])
    return [
        table_html(
            frame,
            money=["Montant"],
            dates=["Échéance"],
            caption="Plan d'action par débiteur",
            max_rows=r.limits.max_rows,
            others_label="Autres débiteurs",
            compact=True,
            missing="—",
            empty="Aucune action.",
        )
    ]


def workbook(r: Report) -> Attachment:
    """The report's Excel workbook (``rapport.xlsx``), its plan sheet the per-debtor plan."""
    return workbook_attachment(r, plan_frame(r))
