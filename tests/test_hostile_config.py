"""Hostile configurations and files leading out of the company folder.

Each case of :data:`CASES` is a company folder whose ``recouvrement.yml`` or files are
wrong or malicious; reading it as a report does (``read_ledger(confined=True)``) must
refuse it with exactly the French message of the case, and must open nothing outside
the folder: the files outside hold a marker that never appears in a message, and every
file opened during the read is recorded (an audit hook) and checked.
``docs/hostile-inputs.md`` lists the cases.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import HostileCase

from recouvrement.dunning import DunningConfigError, calendar_for
from recouvrement.io import read_ledger
from recouvrement.ledger import LedgerError

INVOICES = "invoice_id,debtor_id,issue_date,due_date,amount\nF1,D1,2025-01-15,2025-02-14,1000.50\n"
PAYMENTS = "payment_id,debtor_id,invoice_id,date,amount\nP1,D1,F1,2025-02-20,400.25\n"

#: The content of every file outside the company folder: it must never reach a message.
MARKER = "MARQUEUR-HORS-DOSSIER-7f3a"

Y = "recouvrement.yml"
OUT = (
    "mène hors du dossier de la société (lien symbolique) ; un rapport ne lit que les fichiers "
    "de son propre dossier : remplacer le lien par une copie du fichier"
)
TERMS = "un nombre entier de jours est attendu (par exemple 30)"
LOOP = "tirer chacune de la table dont le fichier la contient (par exemple from: invoices)"
COPY = "copier le fichier dans le dossier et le nommer par son nom (par exemple file: factures.csv)"
TABLES = "invoices, payments, credit_notes, write_offs, disputes, debtors, actions, costs"
KEYS = (
    "name, sector, notes, currency, default_terms_days, default_debtor_kind, defaults, read, "
    "tables, dunning, legal, creditor, report, limits, fec"
)
TEXT = "un texte est attendu (par exemple sector: construction)"

CASES = [
    HostileCase(
        "terms-in-words",
        "default_terms_days: trente",
        "erreur",
        f"{Y} : default_terms_days = « trente » : {TERMS}",
    ),
    HostileCase(
        "terms-with-decimals",
        "default_terms_days: 30.9 (naguère tronqué en 30 sans rien dire)",
        "erreur",
        f"{Y} : default_terms_days = « 30.9 » : {TERMS}",
    ),
    HostileCase(
        "terms-in-quotes",
        'default_terms_days: "30"',
        "erreur",
        f"{Y} : default_terms_days = « 30 » : {TERMS} ; l'écrire sans guillemets",
    ),
    HostileCase(
        "tables-as-a-list",
        "tables: [invoices]",
        "erreur",
        f"{Y} : tables doit associer chaque nom de table à sa description (par exemple "
        "tables: {invoices: {file: factures.csv}}), pas une liste",
    ),
    HostileCase(
        "read-as-a-text",
        "read: utf-8 (un seul message, non un par lettre)",
        "erreur",
        f"{Y} : read = « utf-8 » : une table d'options est attendue (par exemple "
        "read: {encoding: utf-8})",
    ),
    HostileCase(
        "unknown-key",
        "nmae: Acme (faute de frappe)",
        "erreur",
        f"{Y} : clé inconnue « nmae » (vouliez-vous écrire « name » ?) ; clés admises : {KEYS}",
    ),
    HostileCase(
        "unknown-table",
        "tables: {factures: {file: invoices.csv}} (nom français de la table)",
        "erreur",
        f"{Y} : tables : table inconnue « factures » ; tables connues : {TABLES}",
    ),
    HostileCase(
        "name-yes",
        "name: yes (lu par YAML comme « vrai »)",
        "erreur",
        f'{Y} : name = « true » : un texte est attendu (par exemple name: "Bâtiment Durand SAS")'
        " ; l'écrire entre guillemets (YAML lit yes, no, on, off comme vrai ou faux)",
    ),
    HostileCase(
        "sector-a-list",
        "sector: [bâtiment, travaux]",
        "erreur",
        f"{Y} : sector = « [bâtiment, travaux] » : {TEXT}",
    ),
    HostileCase(
        "currency-lowercase",
        "currency: eur",
        "erreur",
        f"{Y} : currency = « eur » : un code de devise de trois lettres capitales est attendu "
        "(par exemple EUR)",
    ),
    HostileCase(
        "debtor-kind-unknown",
        "default_debtor_kind: entreprise",
        "erreur",
        f"{Y} : default_debtor_kind = « entreprise » : professionnel, particulier ou public est attendu "
        "(par exemple default_debtor_kind: professionnel)",
    ),
    HostileCase(
        "defaults-kind-unknown",
        "defaults: {kind: entreprise}",
        "erreur",
        f"{Y} : defaults.kind = « entreprise » : professionnel, particulier ou public est attendu "
        "(par exemple defaults: {kind: professionnel})",
    ),
    HostileCase(
        "defaults-kinds-contradict",
        "defaults: {kind: particulier} et default_debtor_kind: professionnel",
        "erreur",
        f"{Y} : defaults.kind = « particulier » et default_debtor_kind = « professionnel » se "
        "contredisent : c'est le même réglage, le type d'un débiteur que les fichiers ne disent "
        "pas ; n'en garder qu'un (par exemple defaults: {kind: particulier})",
    ),
    HostileCase(
        "fec-prefix-octal",
        "fec: {receivable_accounts: [0411]} (YAML lit 0411 comme le nombre octal 265)",
        "erreur",
        f"{Y} : fec.receivable_accounts[0] = « 265 » : un préfixe de compte en chiffres, entre "
        'guillemets, est attendu (par exemple receivable_accounts: ["411"])',
    ),
    HostileCase(
        "fec-terms-in-words",
        "fec: {terms_days: {C001: quarante-cinq}}",
        "erreur",
        f"{Y} : fec.terms_days.C001 = « quarante-cinq » : un nombre entier de jours entre 0 et "
        "365 est attendu (par exemple C001: 45)",
    ),
    HostileCase(
        "fec-role-unknown",
        "fec: {journals: {VT: ventes}} (les rôles s'écrivent en anglais)",
        "erreur",
        f"{Y} : fec.journals.VT = « ventes » : un rôle de journal est attendu : sales (ventes), "
        "bank (banque), opening (à-nouveaux), write_off (pertes) ou misc (opérations diverses) "
        "(par exemple VT: sales)",
    ),
    HostileCase(
        "date-format-without-year",
        'read: {date_format: "%d/%m"} (l\'année serait 1900)',
        "erreur",
        f"{Y} : read.date_format = « %d/%m » : un format de date strptime avec le jour, le mois "
        'et l\'année est attendu (par exemple date_format: "%d/%m/%Y")',
    ),
    HostileCase(
        "encoding-unknown",
        "read: {encoding: klingon}",
        "erreur",
        f"{Y} : read.encoding = « klingon » : un encodage de texte connu de Python est attendu "
        "(par exemple encoding: cp1252 ou encoding: utf-8)",
    ),
    HostileCase(
        "values-not-a-mapping",
        "tables: {invoices: {values: {currency: EUR}}}",
        "erreur",
        f"{Y} : tables.invoices.values.currency = « EUR » : une table « valeur lue : valeur "
        'retenue » est attendue (par exemple {"€": EUR})',
    ),
    HostileCase(
        "where-yes",
        "tables: {disputes: {from: invoices, where: {Litige: yes}}} (jamais égal à « yes »)",
        "erreur",
        f"{Y} : tables.disputes.where.Litige = « true » : un texte, « * » (toute valeur non "
        "vide) ou une liste de textes est attendu, entre guillemets s'il ressemble à un nombre "
        'ou à oui/non (par exemple Litige: "Oui")',
    ),
    HostileCase(
        "where-missing-column",
        "tables: {disputes: {from: invoices, where: {Litige: Oui}}}, sans colonne Litige",
        "erreur",
        "invoices.csv : colonne(s) « Litige » de tables.disputes.where (recouvrement.yml) "
        "absente(s) du fichier ; ses colonnes sont « invoice_id », « debtor_id », « issue_date », "
        "« due_date », « amount » ; corriger le nom dans recouvrement.yml",
    ),
    HostileCase(
        "from-loop",
        "tables: {disputes: {from: payments}, payments: {from: disputes}}",
        "erreur",
        f"{Y} : tables.disputes.from = « payments » et tables.payments.from = « disputes » "
        f"forment une boucle ; {LOOP}",
    ),
    HostileCase(
        "from-unknown-table",
        "tables: {disputes: {from: factures}}",
        "erreur",
        f"{Y} : tables.disputes.from = « factures » : le nom d'une table est attendu ({TABLES} ; "
        "par exemple from: invoices)",
    ),
    HostileCase(
        "column-mapped-twice",
        'tables: {invoices: {columns: {"Montant HT": amount, "Montant TTC": amount}}}',
        "erreur",
        f"{Y} : tables.invoices.columns : « Montant HT » et « Montant TTC » vont toutes vers "
        "amount ; n'en garder qu'une",
    ),
    HostileCase(
        "limits-a-list",
        "limits: [2000-01-01]",
        "erreur",
        f"{Y} : limits doit associer chaque limite à sa valeur (par exemple limits: "
        "{max_letters: 200}), pas une liste",
    ),
    HostileCase(
        "limits-zero-letters",
        "limits: {max_letters: 0}",
        "erreur",
        f"{Y} : limits.max_letters = « 0 » : un nombre entier au moins égal à 1 est attendu "
        "(par exemple max_letters: 200)",
    ),
    HostileCase(
        "limits-dates-reversed",
        "limits: {date_min: 2030-01-01, date_max: 2020-01-01}",
        "erreur",
        f"{Y} : limits : date_min (01/01/2030) est après date_max (01/01/2020) ; aucune date ne "
        "serait admise : corriger l'une des deux",
    ),
    HostileCase(
        "dunning-a-text",
        "dunning: progressif",
        "erreur",
        f"{Y} : dunning = « progressif » : une table de réglages des relances est attendue "
        "(par exemple dunning: {calendar: progressif})",
    ),
    HostileCase(
        "dunning-notice-in-words",
        "dunning: {pre_due_notice: oui}",
        "erreur",
        f"{Y} : dunning.pre_due_notice = « oui » : true, false ou un nombre entier de jours est "
        "attendu (par exemple pre_due_notice: 5)",
    ),
    HostileCase(
        "dunning-unknown-calendar",
        "dunning: {calendar: hebdo} (refusé à l'audit des relances)",
        "erreur",
        f"{Y} : calendrier de relance inconnu « hebdo » ; calendriers connus : progressif, "
        "standard (ou un calendrier de la société, sous dunning.calendars)",
    ),
    HostileCase(
        "legal-a-number",
        "legal: 12",
        "erreur",
        f"{Y} : legal = « 12 » : une table est attendue (par exemple legal: "
        "{contractual_rate: 12.0})",
    ),
    HostileCase(
        "legal-rate-a-fraction",
        "legal: {contractual_rate: 0.12}",
        "erreur",
        f"{Y} : legal.contractual_rate = « 0.12 » : un taux en pour cent par an est attendu, pas "
        "une fraction (par exemple contractual_rate: 12.0 pour 12 %, et non 0.12)",
    ),
    HostileCase(
        "yaml-syntax",
        "accolade non fermée à la ligne 2",
        "erreur",
        f"{Y}, ligne 3 : YAML mal formé : accolade non fermée ou virgule manquante (ouvert "
        "ligne 2) ; corriger cette ligne",
    ),
    HostileCase(
        "yaml-key-twice",
        "default_terms_days écrit deux fois (YAML garderait le second sans rien dire)",
        "erreur",
        f"{Y}, ligne 2 : la clé « default_terms_days » est écrite deux fois ; n'en garder qu'une",
    ),
    HostileCase(
        "yaml-alias",
        "alias YAML (&a, *a), par lesquels un petit fichier peut devenir immense",
        "erreur",
        f"{Y}, ligne 2 : les alias YAML (*nom) ne sont pas admis : écrire la valeur en entier",
    ),
    HostileCase(
        "yaml-nested-too-deep",
        "notes: cent mille crochets ouverts puis fermés (la pile de l'analyseur déborderait)",
        "erreur",
        f"{Y} : listes ou tables imbriquées sur des milliers de niveaux ; une configuration "
        "n'en a que quelques-uns : vérifier qu'il s'agit du bon fichier",
    ),
    HostileCase(
        "yaml-python-tag",
        'name: !!python/object/apply:os.system ["id"] (du code à exécuter)',
        "erreur",
        f"{Y}, ligne 1 : YAML mal formé : étiquette YAML (!!…) non admise : écrire la valeur "
        "simplement ; corriger cette ligne",
    ),
    HostileCase(
        "config-not-utf8",
        "recouvrement.yml enregistré en Latin-1",
        "erreur",
        f"{Y} : pas en UTF-8 (octet n° 11) ; l'enregistrer en UTF-8",
    ),
    HostileCase(
        "file-absolute",
        "tables: {invoices: {file: /etc/passwd}}",
        "erreur",
        f"{Y} : tables.invoices.file = « /etc/passwd » : un chemin relatif au dossier de la "
        f"société est attendu, pas un chemin absolu : {COPY}",
    ),
    HostileCase(
        "file-windows-absolute",
        r"tables: {invoices: {file: 'C:\exports\factures.csv'}}",
        "erreur",
        f"{Y} : tables.invoices.file = « C:\\exports\\factures.csv » : un chemin relatif au "
        f"dossier de la société est attendu, pas un chemin absolu : {COPY}",
    ),
    HostileCase(
        "file-dot-dot",
        "tables: {invoices: {file: ../dehors/secret.csv}}",
        "erreur",
        f"{Y} : tables.invoices.file = « ../dehors/secret.csv » : un fichier du dossier de la "
        f"société est attendu, sans « .. » : {COPY}",
    ),
    HostileCase(
        "file-dot-dot-back-inside",
        "tables: {invoices: {file: exports/../invoices.csv}} (revient dans le dossier)",
        "erreur",
        f"{Y} : tables.invoices.file = « exports/../invoices.csv » : un fichier du dossier de la "
        f"société est attendu, sans « .. » : {COPY}",
    ),
    HostileCase(
        "fec-file-dot-dot",
        "fec: {files: [../dehors/FEC.txt]}",
        "erreur",
        f"{Y} : fec.files[0] = « ../dehors/FEC.txt » : un fichier du dossier de la société est "
        "attendu, sans « .. » : copier le fichier dans le dossier et le nommer par son nom (par "
        'exemple files: ["FEC2024.txt"])',
    ),
    HostileCase(
        "fec-file-absolute",
        "fec: {files: [/etc/passwd]}",
        "erreur",
        f"{Y} : fec.files[0] = « /etc/passwd » : un chemin relatif au dossier de la société est "
        "attendu, pas un chemin absolu : copier le fichier dans le dossier et le nommer par son "
        'nom (par exemple files: ["FEC2024.txt"])',
    ),
    HostileCase(
        "fec-file-twice",
        "fec: {files: [FEC2024.txt, ./FEC2024.txt]} (ses écritures compteraient deux fois)",
        "erreur",
        f"{Y} : fec.files : « ./FEC2024.txt » est nommé deux fois ; ses écritures seraient lues "
        "deux fois : n'en garder qu'un",
    ),
    HostileCase(
        "link-out-usual-name",
        "invoices.csv : lien symbolique vers un fichier hors du dossier",
        "erreur",
        f"invoices.csv : ce fichier du dossier {OUT}",
    ),
    HostileCase(
        "link-out-named-in-config",
        "tables: {invoices: {file: factures.csv}}, factures.csv lien vers l'extérieur",
        "erreur",
        f"{Y} : tables.invoices.file = « factures.csv » {OUT}",
    ),
    HostileCase(
        "folder-link-out",
        "tables: {invoices: {file: exports/secret.csv}}, exports lien vers un dossier extérieur",
        "erreur",
        f"{Y} : tables.invoices.file = « exports/secret.csv » {OUT}",
    ),
    HostileCase(
        "config-link-out",
        "recouvrement.yml : lien symbolique vers un fichier hors du dossier",
        "erreur",
        f"{Y} : ce fichier {OUT}",
    ),
]


def _config(text: str | bytes) -> Callable[[Path, Path], None]:
    def setup(folder: Path, outside: Path) -> None:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / Y).write_bytes(data)

    return setup


def _link(name: str, config: str = "") -> Callable[[Path, Path], None]:
    def setup(folder: Path, outside: Path) -> None:
        (folder / "invoices.csv").unlink()
        (folder / name).symlink_to(outside / "secret.csv")
        if config:
            (folder / Y).write_text(config, encoding="utf-8")

    return setup


def _folder_link(folder: Path, outside: Path) -> None:
    (folder / "exports").symlink_to(outside, target_is_directory=True)
    (folder / Y).write_text("tables: {invoices: {file: exports/secret.csv}}\n", encoding="utf-8")


def _config_link(folder: Path, outside: Path) -> None:
    (folder / Y).symlink_to(outside / "secret.yml")


SETUPS: dict[str, Callable[[Path, Path], None]] = {
    "terms-in-words": _config("default_terms_days: trente\n"),
    "terms-with-decimals": _config("default_terms_days: 30.9\n"),
    "terms-in-quotes": _config('default_terms_days: "30"\n'),
    "tables-as-a-list": _config("tables: [invoices]\n"),
    "read-as-a-text": _config("read: utf-8\n"),
    "unknown-key": _config("nmae: Acme\n"),
    "unknown-table": _config("tables:\n  factures: {file: invoices.csv}\n"),
    "name-yes": _config("name: yes\n"),
    "sector-a-list": _config("sector: [bâtiment, travaux]\n"),
    "currency-lowercase": _config("currency: eur\n"),
    "debtor-kind-unknown": _config("default_debtor_kind: entreprise\n"),
    "defaults-kind-unknown": _config("defaults: {kind: entreprise}\n"),
    "defaults-kinds-contradict": _config(
        "defaults: {kind: particulier}\ndefault_debtor_kind: professionnel\n"
    ),
    "fec-prefix-octal": _config("fec: {receivable_accounts: [0411]}\n"),
    "fec-terms-in-words": _config("fec: {terms_days: {C001: quarante-cinq}}\n"),
    "fec-role-unknown": _config("fec: {journals: {VT: ventes}}\n"),
    "date-format-without-year": _config('read: {date_format: "%d/%m"}\n'),
    "encoding-unknown": _config("read: {encoding: klingon}\n"),
    "values-not-a-mapping": _config("tables:\n  invoices:\n    values: {currency: EUR}\n"),
    "where-yes": _config(
        "tables:\n  disputes:\n    from: invoices\n    where: {Litige: yes}\n"
        "    columns: {invoice_id: invoice_id, issue_date: opened_date}\n"
    ),
    "where-missing-column": _config(
        "tables:\n  disputes:\n    from: invoices\n    where: {Litige: Oui}\n"
        "    columns: {invoice_id: invoice_id, issue_date: opened_date}\n"
    ),
    "from-loop": _config("tables:\n  disputes: {from: payments}\n  payments: {from: disputes}\n"),
    "from-unknown-table": _config("tables:\n  disputes: {from: factures}\n"),
    "column-mapped-twice": _config(
        'tables:\n  invoices:\n    columns: {"Montant HT": amount, "Montant TTC": amount}\n'
    ),
    "limits-a-list": _config("limits: [2000-01-01]\n"),
    "limits-zero-letters": _config("limits: {max_letters: 0}\n"),
    "limits-dates-reversed": _config("limits: {date_min: 2030-01-01, date_max: 2020-01-01}\n"),
    "dunning-a-text": _config("dunning: progressif\n"),
    "dunning-notice-in-words": _config("dunning: {pre_due_notice: oui}\n"),
    "dunning-unknown-calendar": _config("dunning: {calendar: hebdo}\n"),
    "legal-a-number": _config("legal: 12\n"),
    "legal-rate-a-fraction": _config("legal: {contractual_rate: 0.12}\n"),
    "yaml-syntax": _config("name: Acme\ntables: {invoices: {file: invoices.csv}\n"),
    "yaml-key-twice": _config("default_terms_days: 30\ndefault_terms_days: 45\n"),
    "yaml-alias": _config("name: &n Acme\nsector: *n\n"),
    "yaml-nested-too-deep": _config("notes: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    "yaml-python-tag": _config('name: !!python/object/apply:os.system ["id"]\n'),
    "config-not-utf8": _config("name: Soci\xe9t\xe9\n".encode("latin-1")),
    "file-absolute": _config("tables: {invoices: {file: /etc/passwd}}\n"),
    "file-windows-absolute": _config("tables: {invoices: {file: 'C:\\exports\\factures.csv'}}\n"),
    "file-dot-dot": _config("tables: {invoices: {file: ../dehors/secret.csv}}\n"),
    "file-dot-dot-back-inside": _config("tables: {invoices: {file: exports/../invoices.csv}}\n"),
    "fec-file-dot-dot": _config("fec: {files: [../dehors/FEC.txt]}\n"),
    "fec-file-absolute": _config("fec: {files: [/etc/passwd]}\n"),
    "fec-file-twice": _config("fec: {files: [FEC2024.txt, ./FEC2024.txt]}\n"),
    "link-out-usual-name": _link("invoices.csv"),
    "link-out-named-in-config": _link("factures.csv", "tables: {invoices: {file: factures.csv}}\n"),
    "folder-link-out": _folder_link,
    "config-link-out": _config_link,
}

#: Cases refused when the configuration is used (the dunning audit), not when it is read.
AT_AUDIT = {"dunning-unknown-calendar"}

#: Paths opened while a case is read (every ``open`` of the process, recorded by a hook).
OPENED: list[str] = []
RECORDING = [False]


def _record(event: str, args: tuple) -> None:
    if RECORDING[0] and event == "open" and args and isinstance(args[0], str | bytes | Path):
        OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_record)


@pytest.fixture
def company(tmp_path) -> tuple[Path, Path]:
    """``(company folder, folder outside it)``: canonical files inside, the marker outside."""
    folder, outside = tmp_path / "société", tmp_path / "dehors"
    folder.mkdir()
    outside.mkdir()
    (folder / "invoices.csv").write_text(INVOICES, encoding="utf-8")
    (folder / "payments.csv").write_text(PAYMENTS, encoding="utf-8")
    (outside / "secret.csv").write_text(f"{MARKER}\n{MARKER},1\n", encoding="utf-8")
    (outside / "secret.yml").write_text(f"name: {MARKER}\n", encoding="utf-8")
    return folder, outside


def _refused(folder: Path, case_id: str) -> list[str]:
    OPENED.clear()
    RECORDING[0] = True
    try:
        if case_id in AT_AUDIT:
            with pytest.raises(DunningConfigError) as err:
                calendar_for(read_ledger(folder, confined=True))
            return [str(err.value)]
        with pytest.raises(LedgerError) as err:
            read_ledger(folder, confined=True)
        return err.value.problems
    finally:
        RECORDING[0] = False


def test_every_case_has_its_setup():
    assert [case.id for case in CASES] == list(SETUPS)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_hostile_configuration_is_refused_in_french(company, case):
    folder, outside = company
    SETUPS[case.id](folder, outside)
    problems = _refused(folder, case.id)
    assert problems == [case.message]
    assert MARKER not in " ".join(problems)
    opened_outside = [p for p in OPENED if Path(p).resolve().is_relative_to(outside.resolve())]
    assert opened_outside == [] and "/etc/passwd" not in OPENED


def test_a_link_inside_the_folder_is_read(company):
    folder, _ = company
    (folder / "exports").mkdir()
    (folder / "invoices.csv").rename(folder / "exports" / "factures.csv")
    (folder / "invoices.csv").symlink_to(Path("exports") / "factures.csv")  # relative link
    (folder / "payments.csv").rename(folder / "exports" / "reglements.csv")
    (folder / "reglements.csv").symlink_to(folder / "exports" / "reglements.csv")  # absolute
    led = read_ledger(folder, confined=True)
    assert led.invoices["invoice_id"].tolist() == ["F1"]
    assert led.payments["amount"].tolist() == [400.25]


def test_the_audit_hook_sees_what_is_read(company):
    folder, _ = company
    OPENED.clear()
    RECORDING[0] = True
    try:
        read_ledger(folder, confined=True)
    finally:
        RECORDING[0] = False
    assert {Path(p).name for p in OPENED} >= {"invoices.csv", "payments.csv"}
