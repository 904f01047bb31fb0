"""The ``recouvrement`` command: monthly audit reports for one company or a batch.

::

    recouvrement report --company conseil-horizon [--month 2026-10] [--allow-empty]
    recouvrement batch [--month 2026-10] [--companies a,b] [--data data/samples]
                       [--out reports] [--jobs 2] [--force] [--allow-empty] [--shard k/N]
                       [--executor local|dask] [--scheduler tcp://host:8786]
    recouvrement summary [--data data/samples] [--month 2026-10]
    recouvrement portfolio [--month 2026-10] [--companies a,b] [--data data/samples]
                           [--out reports]
    recouvrement d441-6 --company atelier-rivage --date 2025-12-31 [--start 2025-01-01]
                        [--data data/samples] [--out reports]

``--month`` defaults, for each company, to the latest month of its own data (its last
invoice or payment within its plausible dates). A month outside a company's data is
refused for that company unless ``--allow-empty``. Exit status: 0 when every report
was produced or up to date, 1 when a report failed, 2 for a usage error (unknown
company, invalid id or month, unusable output folder, unknown executor, Dask not
installed or a Dask worker of another version: the message says which).
``d441-6`` writes the table of art. D.441-6 code de commerce (invoices issued, unpaid and
late at a fiscal year end) as ``<out>/<company>/d441-6-<date>.html``, ``.pdf`` and
``.xlsx``; exit 1 when the company's files cannot be read, 2 for a usage error.
``portfolio`` writes the month's portfolio report (every company compared, roll rates,
DSO decomposition) as ``<out>/_portefeuille/<YYYY-MM>/portefeuille.html``, ``.pdf`` and
``.xlsx``; exit 2 when it cannot be made (the message says why).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from recouvrement import runner as rp
from recouvrement.io import CompanyError
from recouvrement.report.plan import validate_month
from recouvrement.runner.shard import parse_shard

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Audit du poste client : rapports mensuels HTML et PDF (une société ou un lot).",
)

DataOpt = Annotated[
    Path, typer.Option("--data", help="Dossier des sociétés (un sous-dossier par société).")
]
OutOpt = Annotated[Path, typer.Option("--out", help="Dossier des rapports.")]
MonthOpt = Annotated[
    str | None,
    typer.Option(
        "--month",
        help="Mois audité AAAA-MM (défaut : pour chaque société, le dernier mois de ses données).",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Refaire les rapports déjà à jour.")]
BucketsOpt = Annotated[str, typer.Option("--buckets", help="Tranches d'âge : jours, 120 ou mois.")]
AllowEmptyOpt = Annotated[
    bool,
    typer.Option(
        "--allow-empty",
        help="Faire le rapport même pour un mois sans données (sinon refusé, avec la période).",
    ),
]
TargetsOpt = Annotated[
    str,
    typer.Option(
        "--targets", help="Fichier YAML d'objectifs, relatif au dossier de chaque société."
    ),
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"erreur : {message}", err=True)
    return typer.Exit(2)


def _month(month: str | None) -> str | None:
    return validate_month(month) if month else None


@app.command()
def report(
    company: Annotated[
        str, typer.Option("--company", help="Identifiant (nom du dossier) de la société.")
    ],
    month: MonthOpt = None,
    data: DataOpt = Path("data/samples"),
    out: OutOpt = Path("reports"),
    force: ForceOpt = False,
    buckets: BucketsOpt = "jours",
    targets: TargetsOpt = "",
    allow_empty: AllowEmptyOpt = False,
) -> None:
    """Rapport d'une société pour un mois : HTML, PDF, notebook exécuté et manifeste."""
    try:
        result = rp.run_report(
            company,
            _month(month),
            data_dir=data,
            out_dir=out,
            force=force,
            buckets=buckets,
            targets_file=targets,
            allow_empty=allow_empty,
        )
    except CompanyError as exc:
        raise _fail(str(exc)) from None
    rp.write_index(out)
    where = os.path.relpath(result.path)
    if result.status == "failed":
        typer.echo(
            f"{company} {result.month} : ÉCHEC — {result.error}\n  détails : {where}", err=True
        )
        raise typer.Exit(1)
    state = (
        "à jour (inchangé)" if result.status == "skipped" else f"produit en {result.duration:.1f} s"
    )
    typer.echo(f"{company} {result.month} : {state}")
    typer.echo(f"  {os.path.join(where, rp.HTML_NAME)}\n  {os.path.join(where, rp.PDF_NAME)}")


@app.command()
def batch(
    month: MonthOpt = None,
    companies: Annotated[
        str | None,
        typer.Option("--companies", help="Sociétés séparées par des virgules (défaut : toutes)."),
    ] = None,
    data: DataOpt = Path("data/samples"),
    out: OutOpt = Path("reports"),
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            min=1,
            help="Processus en parallèle (avec --executor dask : travailleurs de la grappe "
            "locale ; sans effet avec --scheduler).",
        ),
    ] = min(2, os.cpu_count() or 1),
    force: ForceOpt = False,
    buckets: BucketsOpt = "jours",
    targets: TargetsOpt = "",
    progress: Annotated[bool, typer.Option(help="Barre de progression.")] = True,
    allow_empty: AllowEmptyOpt = False,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            help="Part k/N du lot (ou auto/N : k lu dans JOB_COMPLETION_INDEX ou "
            "SLURM_ARRAY_TASK_ID) : N tâches sur le même dossier de sortie font le lot entier.",
        ),
    ] = None,
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            help="Où produire les rapports : local (processus de ce poste, défaut) ou dask "
            "(grappe Dask : locale de --jobs travailleurs, ou celle de --scheduler ; "
            "pip install 'recouvrement[dask]'). Voir docs/deployment.md.",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Avec --executor dask : adresse du planificateur d'une grappe Dask existante "
            "(tcp://hôte:8786) ; données et rapports sur un chemin partagé par ses machines.",
        ),
    ] = None,
) -> None:
    """Rapports de toutes les sociétés (ou de --companies), en parallèle."""
    ids = [c.strip() for c in companies.split(",") if c.strip()] if companies else None
    try:
        part = parse_shard(shard) if shard else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    try:
        result = rp.run_batch(
            _month(month),
            companies=ids,
            data_dir=data,
            out_dir=out,
            jobs=jobs,
            force=force,
            buckets=buckets,
            targets_file=targets,
            progress=progress,
            allow_empty=allow_empty,
            shard=part,
            executor=executor.strip().lower(),
            scheduler=scheduler,
        )
    except CompanyError as exc:
        raise _fail(str(exc)) from None
    typer.echo(result.table())
    typer.echo(f"Ouvrir : {os.path.relpath(result.index)}")
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def summary(
    data: DataOpt = Path("data/samples"),
    month: MonthOpt = None,
) -> None:
    """Synthèse en console (balance âgée et indicateurs) de chaque société, sans rapport."""
    from recouvrement.report.summary import main

    argv = ["--data", str(data)] + (["--month", month] if month else [])
    raise typer.Exit(main(argv))


@app.command("d441-6")
def d441_6(
    company: Annotated[
        str, typer.Option("--company", help="Identifiant (nom du dossier) de la société.")
    ],
    date: Annotated[str, typer.Option("--date", help="Date de clôture de l'exercice AAAA-MM-JJ.")],
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="Premier jour de l'exercice AAAA-MM-JJ (défaut : les douze mois finissant "
            "à la clôture).",
        ),
    ] = None,
    data: DataOpt = Path("data/samples"),
    out: OutOpt = Path("reports"),
) -> None:
    """Tableau des délais de paiement clients (art. D.441-6) : HTML, PDF et XLSX."""
    from recouvrement.runner.d441_6 import D4416Error, run_d441_6

    try:
        files = run_d441_6(company, date, data_dir=data, out_dir=out, year_start=start)
    except CompanyError as exc:
        raise _fail(str(exc)) from None
    except D4416Error as exc:
        typer.echo(f"ÉCHEC — {exc}", err=True)
        raise typer.Exit(1) from None
    t = files.table
    typer.echo(
        f"{company} : tableau D.441-6 au {t.year_end:%d/%m/%Y} (exercice du "
        f"{t.year_start:%d/%m/%Y}) produit ; rapproché de la balance âgée au centime"
    )
    for path in (files.html, files.pdf, files.xlsx):
        typer.echo(f"  {os.path.relpath(path)}")


@app.command()
def portfolio(
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="Mois analysé AAAA-MM (défaut : le dernier mois avec des données parmi les "
            "sociétés).",
        ),
    ] = None,
    companies: Annotated[
        str | None,
        typer.Option(
            "--companies", help="Sociétés, séparées par des virgules (défaut : toutes)."
        ),
    ] = None,
    data: DataOpt = Path("data/samples"),
    out: OutOpt = Path("reports"),
    buckets: BucketsOpt = "jours",
) -> None:
    """Vue de portefeuille du mois : sociétés comparées, migrations, DSO (HTML, PDF, XLSX)."""
    from recouvrement.formatting import fmt_number
    from recouvrement.runner.portfolio import run_portfolio

    ids = [c.strip() for c in companies.split(",") if c.strip()] if companies else None
    try:
        result = run_portfolio(month, data_dir=data, out_dir=out, companies=ids, buckets=buckets)
    except (CompanyError, rp.ReportError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(
        f"vue de portefeuille de {result.month} produite en "
        f"{fmt_number(result.duration_s, 1)} s ({result.pdf_pages} pages)"
    )
    for name in result.files:
        typer.echo(f"  {os.path.relpath(result.folder / name)}")


def main() -> None:
    """Entry point of the ``recouvrement`` command and of ``python -m recouvrement.cli``.

    The command's process is bounded in memory (:func:`recouvrement.runner.bound_memory`,
    inherited by the kernels it starts): a runaway report fails with a French message
    instead of exhausting the machine. Functions called from Python are not bounded.
    """
    rp.bound_memory()
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
