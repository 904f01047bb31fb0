"""Hostile inputs at the level of reports and batches: months, paths, output folders, messages.

Each case of :data:`CASES` is tested below; ``docs/hostile-inputs.md`` lists them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from builders import HostileCase
from typer.testing import CliRunner

from recouvrement import runner as rp
from recouvrement.cli import app
from recouvrement.report.context import open_report
from recouvrement.report.plan import ReportError, make_plan
from recouvrement.report.sections import appendix, audit, portfolio
from recouvrement.runner.errors import OUT_OF_MEMORY, UNEXPECTED, ResourceLimitError, user_message
from recouvrement.runner.export import STAGE_SECONDS, time_bound
from recouvrement.runner.folders import clean_stale
from recouvrement.runner.manifest import NOTEBOOK

CASES = [
    HostileCase(
        "row-dated-2200-keeps-the-month",
        "une facture datée du 01/01/2200 dans une société ; mois par défaut du lot",
        "écartée",
        "date hors de la plage admise",
    ),
    HostileCase(
        "month-after-the-data",
        "rapport demandé pour 2031-01, après la fin des données",
        "erreur",
        "aucune donnée pour 2031-01 (factures et règlements du",
    ),
    HostileCase(
        "month-before-the-data",
        "rapport demandé pour 2019-01, avant le début des données",
        "erreur",
        "aucune donnée pour 2019-01",
    ),
    HostileCase(
        "targets-absolute-path",
        "--targets /etc/passwd",
        "erreur",
        "fichier d'objectifs « /etc/passwd » refusé",
    ),
    HostileCase(
        "targets-dot-dot",
        "--targets ../autre/objectifs.yml",
        "erreur",
        "sans « .. »",
    ),
    HostileCase(
        "targets-link-outside",
        "--targets objectifs.yml, lien vers un fichier hors du dossier de la société",
        "erreur",
        "c'est un lien vers un fichier hors du dossier de la société",
    ),
    HostileCase(
        "out-is-a-file",
        "--out désigne un fichier",
        "erreur",
        "est un fichier : choisir un dossier",
    ),
    HostileCase(
        "out-under-a-file",
        "--out désigne un dossier sous un fichier (impossible à créer)",
        "erreur",
        "impossible de créer le dossier des rapports",
    ),
    HostileCase(
        "ledger-error-in-the-notebook",
        "société sans colonne obligatoire : l'erreur survient dans le notebook",
        "erreur",
        "colonne(s) obligatoire(s) absente(s)",
    ),
    HostileCase(
        "unexpected-error-in-the-notebook",
        "erreur imprévue dans le notebook (un bug)",
        "erreur",
        UNEXPECTED,
    ),
    HostileCase(
        "debtor-name-with-dollars",
        "débiteur nommé « Morel $5 et $10 » ou « $\\foo$ » (mathtext)",
        "corrigée",
        "nom imprimé tel quel dans les graphiques",
    ),
    HostileCase(
        "anomalies-beyond-max-rows",
        "plus d'anomalies que limits.max_rows",
        "corrigée",
        "la liste complète (4 lignes) est dans le fichier anomalies.csv joint au rapport",
    ),
    HostileCase(
        "letters-beyond-max-letters",
        "plus de lettres à envoyer que limits.max_letters (des milliers de débiteurs)",
        "corrigée",
        "les 2 aux plus gros montants dus sont rédigées dans lettres.html et lettres.pdf "
        "(limits.max_letters), et la liste de toutes est dans relances.csv",
    ),
    HostileCase(
        "export-runs-away",
        "export ou impression qui n'en finit pas (document démesuré)",
        "erreur",
        "a dépassé 600 s : document trop volumineux ; réduire limits.max_rows ou "
        "limits.max_letters dans recouvrement.yml",
    ),
    HostileCase(
        "memory-runs-away",
        "rapport qui demande plus de mémoire que permis (WeasyPrint à 6 Go auparavant)",
        "erreur",
        OUT_OF_MEMORY,
    ),
    HostileCase(
        "leftovers-of-a-killed-run",
        "dossiers temporaires et fichiers de noyau d'une exécution interrompue",
        "corrigée",
        "supprimés au lot suivant (ceux d'une exécution en cours sont gardés)",
    ),
    HostileCase(
        "no-absolute-path-in-outputs",
        "rapport en échec puis rapport réussi : error.txt, manifeste et index",
        "corrigée",
        "aucun chemin absolu",
    ),
]
BY_ID = {case.id: case for case in CASES}
MONTH = "2026-10"


def _message(case_id: str) -> str:
    return BY_ID[case_id].message


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_a_row_dated_2200_neither_moves_the_month_nor_another_company(company_factory):
    data = company_factory("acme")
    company_factory("beta")
    _append(data / "acme" / "invoices.csv", "F9999,C001,2200-01-01,2200-01-31,100.00")
    acme = rp.plan_report("acme", None, data_dir=data, out_dir=data.parent / "out")
    beta = rp.plan_report("beta", None, data_dir=data, out_dir=data.parent / "out")
    # the factory's last operation is a payment of 03/01/2027, for both companies
    assert (acme.plan.month, beta.plan.month) == ("2027-01", "2027-01")
    report = open_report(acme.plan)
    quality = report.ledger.quality
    row = quality[quality["value"] == "2200-01-01"]
    assert row["action"].tolist() == ["écartée"]
    assert _message("row-dated-2200-keeps-the-month") in row["problem"].iloc[0]


@pytest.mark.parametrize("case_id", ["month-after-the-data", "month-before-the-data"])
def test_a_month_outside_the_data_is_refused_unless_asked(company_factory, case_id):
    data = company_factory("acme")
    month = "2031-01" if "after" in case_id else "2019-01"
    with pytest.raises(ReportError, match="aucune donnée pour") as caught:
        make_plan("acme", month, data_dir=data)
    assert _message(case_id) in str(caught.value)
    assert "--allow-empty" in str(caught.value)
    assert make_plan("acme", month, data_dir=data, allow_empty=True).month == month


@pytest.mark.parametrize(
    ("case_id", "targets"),
    [
        ("targets-absolute-path", "/etc/passwd"),
        ("targets-dot-dot", "../autre/objectifs.yml"),
        ("targets-link-outside", "objectifs.yml"),
    ],
    ids=["absolute", "dot-dot", "link-outside"],
)
def test_a_targets_file_outside_the_company_is_refused_before_reading(
    company_factory, tmp_path, case_id, targets
):
    data = company_factory("acme")
    secret = tmp_path / "secret.yml"
    secret.write_text("dso: 12  # SECRET-MARKER\n", encoding="utf-8")
    (data / "acme" / "objectifs.yml").symlink_to(secret)
    with pytest.raises(ReportError) as caught:
        make_plan("acme", MONTH, data_dir=data, targets_file=targets)
    assert _message(case_id) in str(caught.value)
    assert "SECRET-MARKER" not in str(caught.value)


@pytest.mark.parametrize("case_id", ["out-is-a-file", "out-under-a-file"])
def test_an_unusable_output_folder_is_a_clear_error(company_factory, tmp_path, case_id):
    data = company_factory("acme")
    a_file = tmp_path / "rapports.txt"
    a_file.write_text("x", encoding="utf-8")
    out = a_file if case_id == "out-is-a-file" else a_file / "sous-dossier"
    cli = CliRunner().invoke(
        app, ["report", "--company", "acme", "--data", str(data), "--out", str(out)]
    )
    assert cli.exit_code == 2
    assert _message(case_id) in cli.output
    assert "Traceback" not in cli.output


def _failed(result) -> tuple[str, str]:
    error_txt = (result.path / "error.txt").read_text(encoding="utf-8")
    return result.error, error_txt


def test_notebook_errors_read_as_sentences_and_error_txt_has_no_absolute_path(
    company_factory, tmp_path
):
    data = company_factory("acme")
    (data / "acme" / "invoices.csv").write_text("numero,client\nF1,C1\n", encoding="utf-8")
    result = rp.run_report("acme", MONTH, data_dir=data, out_dir=tmp_path / "out", allow_empty=True)
    message, details = _failed(result)
    assert result.status == "failed"
    assert _message("ledger-error-in-the-notebook") in message
    assert "LedgerError" not in message and "cellule" not in message
    assert "LedgerError" in details and "cellule" in details  # for whoever debugs it
    for absolute in (str(tmp_path), str(data), sys.prefix, str(Path.home())):
        assert absolute not in details


def test_an_unexpected_error_says_where_its_details_are(company_factory, tmp_path):
    data = company_factory("acme")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("{}['clé absente']"))
    broken = tmp_path / "casse.ipynb"
    nbformat.write(nb, broken)
    result = rp.run_report("acme", MONTH, data_dir=data, out_dir=tmp_path / "out", notebook=broken)
    message, details = _failed(result)
    assert message == _message("unexpected-error-in-the-notebook")
    assert "KeyError" in details and str(tmp_path) not in details


def test_debtor_names_with_dollars_are_printed_as_written(company_factory):
    data = company_factory(
        "acme", debtor_names=("Morel $5 et $10", "$\\foo$", "Dupont SA"), bad_rows=False
    )
    report = open_report(company="acme", month=MONTH, data_dir=data)
    blocks = portfolio.top_overdue_debtors(report)  # draws the chart: no mathtext error
    assert "Morel $5 et $10" in str(blocks[0]) and "$\\foo$" in str(blocks[0])


def test_anomalies_beyond_max_rows_go_to_a_csv(company_factory):
    data = company_factory("acme")
    _append(data / "acme" / "recouvrement.yml", "limits: {max_rows: 2}")
    report = open_report(company="acme", month=MONTH, data_dir=data)
    # the factory's four bad rows: negative amount, 31/02, missing due date, unknown invoice
    n = len(report.ledger.quality)
    assert n == 4
    table, csv = appendix.anomalies(report)
    assert _message("anomalies-beyond-max-rows") in str(table)
    assert "Autres lignes, dans anomalies.csv (2)" in str(table)
    assert csv.payload["name"] == "anomalies" and csv.payload["count"] == 4
    assert csv.payload["content"].count("\n") == 5  # header + every row
    assert csv.payload["content"].startswith("\ufeffTable;Fichier;Ligne;Champ;Valeur lue;")


def test_letters_beyond_max_letters_are_listed_in_a_csv(company_factory):
    data = company_factory("acme")
    _append(data / "acme" / "recouvrement.yml", "limits: {max_letters: 2}")
    # a dunning log (one early reminder): every debtor with an overdue invoice gets a letter
    (data / "acme" / "actions.csv").write_text(
        "debtor_id,invoice_id,date,level,channel\nC001,F00001,2025-12-01,1,email\n",
        encoding="utf-8",
    )
    report = open_report(company="acme", month=MONTH, data_dir=data)
    letters = report.audit.letters
    assert len(letters) == 3  # one per debtor of the factory
    blocks = audit.next_actions(report)
    note, drafts, listing = blocks[-3:]
    assert _message("letters-beyond-max-letters") in str(note)
    assert "3 lettres (relances et mises en demeure)" in str(note)
    assert drafts.payload["name"] == "lettres" and drafts.payload["count"] == 2
    largest = sorted(letters, key=lambda x: -x.principal)[:2]
    for letter in letters:
        assert (letter.debtor_name in drafts.payload["content"]) == (letter in largest)
    assert listing.payload["name"] == "relances" and listing.payload["count"] == 3
    rows = listing.payload["content"].lstrip("\ufeff").splitlines()
    assert rows[0] == ("Code;Débiteur;Lettre;Niveau;Factures;Reste dû;Pénalités;Indemnités;Rédigée")
    assert sorted(r.rsplit(";", 1)[1] for r in rows[1:]) == ["non", "oui", "oui"]


def test_leftovers_of_a_killed_run_are_removed_and_live_ones_kept(tmp_path, monkeypatch):
    out = tmp_path / "out"
    dead = 2**22 + 12345  # above pid_max on this kind of machine: no such process
    leftovers = [
        out / "acme" / f".2026-10.tmp-{dead}-abc",
        out / "acme" / f".2026-10.old-{dead}-123",
    ]
    live = out / "acme" / f".2026-10.tmp-{os.getpid()}-def"
    for folder in [*leftovers, live, out / "acme" / "2026-10"]:
        folder.mkdir(parents=True)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    (temp / f"rc-kernel-{dead}-x").mkdir()
    (temp / f"rc-kernel-{os.getpid()}-y").mkdir()
    removed = clean_stale(out)
    assert sorted(removed) == sorted([p.name for p in leftovers] + [f"rc-kernel-{dead}-x"])
    assert live.is_dir() and (out / "acme" / "2026-10").is_dir()
    assert (temp / f"rc-kernel-{os.getpid()}-y").is_dir()


def test_outputs_hold_no_absolute_path(company_factory, tmp_path):
    data = company_factory("acme")
    company_factory("beta")
    (data / "beta" / "invoices.csv").write_text("numero\n1\n", encoding="utf-8")
    out = tmp_path / "out"
    cli = CliRunner().invoke(
        app,
        [
            "batch",
            "--data",
            str(data),
            "--out",
            str(out),
            "--month",
            MONTH,
            "--jobs",
            "1",
            "--no-progress",
        ],
    )
    assert cli.exit_code == 1  # beta failed, acme was made
    texts = {
        "manifest": (out / "acme" / MONTH / "manifest.json").read_text(encoding="utf-8"),
        "error.txt": (out / "beta" / f"{MONTH}.failed" / "error.txt").read_text(encoding="utf-8"),
        "index": (out / "index.html").read_text(encoding="utf-8"),
    }
    for name, text in texts.items():
        assert str(tmp_path) not in text, name
        assert str(data) not in text, name
    manifest = json.loads(texts["manifest"])
    assert "data_dir" not in manifest["parameters"]
    assert "Traceback" not in cli.output and "LedgerError" not in cli.output


def test_the_help_of_the_commands_names_allow_empty():
    out = subprocess.run(
        [sys.executable, "-m", "recouvrement.cli", "batch", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--allow-empty" in out


def test_an_export_stage_that_runs_away_fails_its_company_in_french(monkeypatch):
    assert STAGE_SECONDS["pdf"] == 600
    with pytest.raises(ResourceLimitError) as caught, time_bound(1, "l'impression"):
        time.sleep(3)
    assert str(caught.value) == "l'impression " + _message("export-runs-away").replace("600", "1")
    assert user_message(caught.value) == str(caught.value)  # shown as is to the user


def test_a_report_beyond_its_memory_bound_fails_in_french():
    code = (
        "from recouvrement.runner import bound_memory\n"
        "from recouvrement.runner.errors import user_message\n"
        "bound_memory(4 * 2**30)\n"
        "try:\n"
        "    block = bytearray(6 * 2**30)\n"
        "except MemoryError as exc:\n"
        "    print(user_message(exc))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == _message("memory-runs-away")
