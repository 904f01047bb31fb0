"""Plain-text audit summary of every company of a data folder (the terminal main job).

For each company sub-folder: the aged balance at the month end (top debtors and the
portfolio total per bucket), its reconciliation with the ledger, the KPI table
against targets and the data-quality findings. Nothing is written to disk.

Usage::

    recouvrement summary --data data/samples [--month 2026-10]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import aged_balance, reconcile
from recouvrement.formatting import fmt_date, fmt_eur, fmt_month, fmt_number, fmt_unit
from recouvrement.io import list_companies, read_ledger
from recouvrement.kpi import compare_to_targets, kpi_pack
from recouvrement.kpi.targets import kpi_targets, target_values
from recouvrement.ledger import Ledger, LedgerError
from recouvrement.report.tables.quality import defaults_table, excluded_counts

TOP_DEBTORS = 10


def _money_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(lambda v: fmt_number(v, 2) if isinstance(v, float) else v)


def company_summary(ledger: Ledger, month: str | None = None) -> str:
    """The text summary of one company at the end of ``month``.

    The default month is the month of the ledger's last invoice or payment
    (:func:`recouvrement.conventions.last_activity_date`), as for a batch of reports.
    """
    as_of = cv.month_end(month or cv.month_of(cv.last_activity_date(ledger)))
    lines = [
        "=" * 100,
        f"{ledger.name} — {fmt_month(as_of)} (au {fmt_date(as_of)})",
        "=" * 100,
    ]
    balance = aged_balance(ledger, as_of)
    names = ledger.debtor_names
    top = balance.head(TOP_DEBTORS).copy()
    top.insert(0, "Débiteur", [str(names.get(d, d)) for d in top.index])
    totals = balance.sum(axis=0)
    lines.append(
        f"Balance âgée : {len(balance)} débiteurs, total {fmt_eur(totals[cv.TOTAL_LABEL])}"
    )
    lines.append(f"Top {TOP_DEBTORS} débiteurs par montant échu :")
    lines.append(_money_frame(top).to_string())
    lines.append("Total portefeuille par tranche :")
    lines.append(_money_frame(totals.to_frame("Total").T).to_string())
    lines.append(reconcile(ledger, as_of, balance).describe())
    lines.append("")
    pack = kpi_pack(ledger, as_of)
    goals = kpi_targets(
        pack,
        sector=ledger.meta.get("sector"),
        size=(ledger.meta.get("report") or {}).get("size"),
        as_of=as_of,
    )
    table = compare_to_targets(pack, target_values(goals))
    shown = pd.DataFrame(
        {
            "Indicateur": [r.label for r in pack.values()],
            "Résultat": [r.formatted() for r in pack.values()],
        }
    )
    by_label = table.set_index("Indicateur")
    shown["Objectif"] = [
        fmt_unit(by_label.loc[r.label, "Objectif"], r.unit) if r.label in by_label.index else ""
        for r in pack.values()
    ]
    shown["Écart"] = [
        by_label.loc[label, "écart_texte"] if label in by_label.index else ""
        for label in shown["Indicateur"]
    ]
    lines.append("Indicateurs (Objectif / Résultat / Écart) :")
    lines.append(shown.to_string(index=False))
    lines.append("")
    q = ledger.quality
    lines.append(
        f"Qualité des données : {len(q)} anomalie(s) — "
        f"{(q['action'] == 'écartée').sum()} ligne(s) écartée(s), "
        f"{(q['action'] == 'corrigée').sum()} corrigée(s) ; "
        f"{int(excluded_counts(ledger).sum())} ligne(s) exclue(s) par un filtre where:"
    )
    if len(q):
        lines.append(q.to_string(index=False))
    for d in defaults_table(ledger).itertuples(index=False):
        lines.append(
            f"Valeur par défaut : {d.Table}.{d.Colonne} = {d.Valeur}, "
            f"{d[3]} ligne(s) complétée(s) ({d.Origine})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the summary of every company of ``--data``; exit 1 if one cannot be read."""
    parser = argparse.ArgumentParser(description="Audit summary of each company of a data folder.")
    parser.add_argument(
        "--data", default="data/samples", help="folder with one sub-folder per company"
    )
    parser.add_argument(
        "--month", default=None, help="YYYY-MM (default: each company's latest month)"
    )
    parser.add_argument("--company", action="append", help="only this company (repeatable)")
    args = parser.parse_args(argv)
    root = Path(args.data)
    if not root.is_dir():
        print(f"error: no data folder {root}", file=sys.stderr)
        return 2
    folders = [root / c for c in list_companies(root)]
    if args.company:
        folders = [p for p in folders if p.name in set(args.company)]
    failed = 0
    with pd.option_context(
        "display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60
    ):
        for folder in folders:
            try:
                ledger = read_ledger(folder)
            except LedgerError as exc:
                failed += 1
                print(f"{folder.name}: {exc}", file=sys.stderr)
                continue
            print(company_summary(ledger, args.month))
            print()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
