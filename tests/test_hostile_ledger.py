"""Hostile inputs at the level of files and rows: the ledger reads right, sets aside, or refuses.

Each case of :data:`CASES` is tested below (``docs/hostile-inputs.md`` lists them). A
hostile line is appended to one file of a small canonical company; the test asserts
the exact quality row(s) of that line, and that every other figure (the quality rows
of the other lines, every kept table, the aged balance, the counts) is that of the same
company without the line, or with the line written cleanly (its *twin*). A property
test then throws random corruptions at the company: a French ``LedgerError`` or a
ledger whose counts reconcile, never another exception.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest
from builders import HostileCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import recouvrement as rc
from recouvrement.conventions import TABLES
from recouvrement.formatting import fmt_eur

AS_OF = "2025-06-30"
WINDOW = (
    "date hors de la plage admise (du 01/01/2000 au 03/12/2028) : à corriger, ou élargir "
    "limits.date_min / limits.date_max dans recouvrement.yml"
)
CEILING = (
    "montant supérieur au plafond de 1\u00a0000\u00a0000\u00a0000\u00a0€ par ligne "
    "(limits.max_amount dans recouvrement.yml)"
)
CONTROL = "caractères de contrôle supprimés"
NOT_FINITE = "montant non fini"
HEADER = "le grand livre ne peut pas être construit"

CASES = [
    HostileCase(
        "amount-1,500-point-column",
        "« 1,500 » dans une colonne de montants au point décimal (lu 1,50 € auparavant)",
        "corrigée",
        "lu 1\u00a0500,00\u00a0€ : la virgule y sépare les milliers",
    ),
    HostileCase(
        "amount-12,345-point-column",
        "« 12,345 » dans une colonne au point décimal (lu 12,34 € « arrondi » auparavant)",
        "corrigée",
        "lu 12\u00a0345,00\u00a0€ : la virgule y sépare les milliers",
    ),
    HostileCase(
        "amount-1,5-point-column",
        "« 1,5 » dans une colonne de montants au point décimal",
        "écartée",
        "montant illisible : « 1,5 » ne suit pas le séparateur décimal de la colonne (point)",
    ),
    HostileCase(
        "amount-malformed-groups",
        "« 1,50,0 » : des milliers mal groupés",
        "écartée",
        "montant illisible : « 1,50,0 » ne suit pas le séparateur décimal de la colonne (point)",
    ),
    HostileCase(
        "amount-1.5-comma-column",
        "« 1.5 » dans une colonne de montants à la virgule décimale (fichier français)",
        "écartée",
        "montant illisible : « 1.5 » ne suit pas le séparateur décimal de la colonne (virgule)",
    ),
    HostileCase(
        "amount-dollars",
        "« $1234.56 » dans un grand livre en euros (pris pour des euros, puis écarté, "
        "auparavant) : converti au cours BCE du jour, 1 144,38 €",
        "corrigée",
        "montant converti de USD en EUR au cours de référence BCE du jour de la pièce",
    ),
    HostileCase(
        "amount-french-euro-sign",
        "« 1 234,56 € » dans un fichier français",
        "corrigée",
        "lu 1\u00a0234,56\u00a0€ : le signe de la devise du grand livre est retiré",
    ),
    HostileCase("amount-inf", "montant « inf »", "écartée", NOT_FINITE),
    HostileCase("amount-nan-written", "montant « NaN » écrit en toutes lettres", "écartée",
                NOT_FINITE),
    HostileCase(
        "amount-1e15-above-ceiling",
        "facture de 10¹⁵ € (mille milliards d'euros)",
        "écartée",
        CEILING,
    ),
    HostileCase(
        "amount-1e13-exact-ceiling-raised",
        "deux factures de près de 10¹³ € et des centimes, plafond relevé au maximum",
        "corrigée",
        "gardées au centime près (9\u00a0999\u00a0999\u00a0999\u00a0999,97\u00a0€) et rapprochées : "
        "vérifié",
    ),
    HostileCase(
        "ceiling-above-1e13",
        "plafond limits.max_amount relevé au-delà de 10¹³ € (les euros flottants perdraient "
        "les centimes)",
        "erreur",
        "limits.max_amount = « 10000000000000000 » : un montant en euros supérieur à 0 et au "
        "plus 10\u00a0000\u00a0milliards",
    ),
    HostileCase(
        "ledger-total-beyond-2-53-cents",
        "dix factures au plafond maximal : la somme dépasse 2⁵³ centimes",
        "erreur",
        "montants trop grands pour être calculés au centime près",
    ),
    HostileCase(
        "payment-in-usd",
        "règlement de 50 USD un samedi sur une facture en euros (compté un pour un, puis "
        "écarté, auparavant) : converti au cours BCE du vendredi, 48,03 €",
        "corrigée",
        "montant converti de USD en EUR au cours de référence BCE du jour de la pièce",
    ),
    HostileCase(
        "nul-in-invoice-id-duplicate",
        "octet NUL dans un numéro de facture existant (créait une deuxième facture)",
        "écartée",
        "identifiant de facture en double (ligne 2 conservée)",
    ),
    HostileCase(
        "nul-in-new-invoice-id",
        "octets NUL dans un nouveau numéro de facture",
        "corrigée",
        CONTROL,
    ),
    HostileCase(
        "control-chars-in-debtor-name",
        "sonnerie, tabulation et saut de ligne dans la raison sociale d'un débiteur",
        "corrigée",
        CONTROL,
    ),
    HostileCase(
        "action-level-inf",
        "niveau de relance « inf »",
        "écartée",
        "nombre entier illisible",
    ),
    HostileCase("date-1899-csv", "facture datée du 31/12/1899 (CSV)", "écartée", WINDOW),
    HostileCase("date-1900-csv", "facture datée du 01/01/1900 (CSV)", "écartée", WINDOW),
    HostileCase("date-2200-csv", "facture datée du 01/01/2200 (CSV)", "écartée", WINDOW),
    HostileCase(
        "due-date-2263-csv",
        "échéance au 01/05/2263 (CSV ; une trace OutOfBoundsDatetime auparavant)",
        "écartée",
        WINDOW,
    ),
    HostileCase("date-9999-csv", "facture datée du 31/12/9999 (CSV)", "écartée", WINDOW),
    HostileCase(
        "due-date-repair-beyond-window",
        "échéance manquante d'une facture du 20/11/2028 : date + 30 jours hors de la plage",
        "écartée",
        f"échéance manquante : date de facture + 30 jours, {WINDOW}",
    ),
    HostileCase("date-2263-xlsx", "date de facture 01/01/2263 dans un classeur .xlsx", "écartée",
                WINDOW),
    HostileCase("date-9999-xlsx", "échéance 31/12/9999 dans un classeur .xlsx", "écartée",
                WINDOW),
    HostileCase("date-1899-parquet", "date de facture 31/12/1899 dans un fichier Parquet",
                "écartée", WINDOW),
    HostileCase("date-9999-parquet", "date de facture 31/12/9999 dans un fichier Parquet",
                "écartée", WINDOW),
    HostileCase(
        "dates-us-csv",
        "export américain : dates M/J/AAAA (« 1/15/2025 ») sans date_format (à moitié écartées, "
        "à moitié gardées jour et mois inversés auparavant)",
        "erreur",
        "table des factures (invoices, invoices.csv), colonne issue_date : 1 date sur 3 ne se lit "
        "pas au format attendu par défaut (AAAA-MM-JJ ou J/M/AAAA) ; format probable : "
        "mois/jour/année (M/J/AAAA), qui les lit toutes (exemples : « 1/15/2025 », « 2/1/2025 », "
        "« 3/1/2025 »). La colonne est refusée en entier plutôt que gardée à moitié : 2 autres "
        "dates y seraient lues avec jour et mois inversés. Indiquer le format dans le "
        'recouvrement.yml de la société, pour cette table (tables: invoices: read: {date_format: '
        '"%m/%d/%Y"}) ou pour tous ses fichiers (read: {date_format: "%m/%d/%Y"})',
    ),
    HostileCase(
        "dates-ambiguous-csv",
        "dates J/M/AAAA dont aucun jour ne dépasse 12 (« 10/01/2025 »), sans date_format",
        "erreur",
        "table des factures (invoices, invoices.csv), colonne issue_date : dates ambiguës : "
        "chacune se lit aussi bien jour/mois que mois/jour (jour et mois au plus 12 ; exemples : "
        "« 10/01/2025 », « 01/02/2025 », « 01/03/2025 ») et aucune date de la table ne tranche ; "
        "format probable : jour/mois/année (J/M/AAAA) ou mois/jour/année (M/J/AAAA). La colonne "
        "est refusée plutôt que lue au hasard. Indiquer le format dans le recouvrement.yml de la "
        'société, pour cette table (tables: invoices: read: {date_format: "%d/%m/%Y"}) ou pour '
        'tous ses fichiers (read: {date_format: "%d/%m/%Y"}), ou "%m/%d/%Y" si les dates sont '
        "mois/jour/année (M/J/AAAA)",
    ),
    HostileCase(
        "debtor-missing-default-kind",
        "débiteur absent de la table des débiteurs, default_debtor_kind: professionnel",
        "corrigée",
        "débiteur absent de la table des débiteurs : type « professionnel » retenu par défaut "
        "(default_debtor_kind)",
    ),
    HostileCase(
        "debtor-missing-no-kind",
        "débiteur absent de la table des débiteurs, sans type par défaut",
        "corrigée",
        "débiteur absent de la table des débiteurs : type non renseigné (renseigner la table "
        "des débiteurs ou default_debtor_kind dans recouvrement.yml)",
    ),
    HostileCase(
        "unclosed-quote",
        "guillemet non fermé qui avale la ligne suivante",
        "écartée",
        "ligne mal formée : 3 champs au lieu de 5 (lignes 5 à 6 lues comme une seule : "
        "guillemet non fermé ?)",
    ),
    HostileCase(
        "utf8-with-a-cp1252-byte",
        "fichier UTF-8 avec un octet cp1252 égaré (tout le fichier était relu en cp1252)",
        "erreur",
        "debtors.csv, ligne 4 (octet 77) : l'octet 0xE9 n'est pas de l'UTF-8 alors que le reste "
        "du fichier l'est ; enregistrer le fichier en UTF-8, ou indiquer read.encoding: cp1252 "
        "dans recouvrement.yml",
    ),
    HostileCase(
        "pure-cp1252-file",
        "fichier entièrement en cp1252 (Windows), sans encodage indiqué",
        "corrigée",
        "lu en cp1252 : « Bêta SARL »",
    ),
    HostileCase(
        "utf16-file",
        "fichier UTF-16 avec BOM (« texte Unicode » d'Excel)",
        "corrigée",
        "lu en UTF-16 : « Bêta SARL »",
    ),
    HostileCase(
        "declared-encoding-wrong",
        "read.encoding: utf-8 pour un fichier en cp1252",
        "erreur",
        "debtors.csv, ligne 3 (octet 50) : l'octet 0xEA n'est pas du utf-8, l'encodage indiqué "
        "par read.encoding dans recouvrement.yml",
    ),
    HostileCase(
        "header-column-twice",
        "colonne « amount » deux fois dans l'en-tête",
        "erreur",
        "invoices.csv, ligne 1 : colonne(s) « amount » présente(s) plusieurs fois dans "
        "l'en-tête ; renommer l'une d'elles pour dire laquelle lire",
    ),
    HostileCase(
        "dataframe-without-amount",
        "tableau de factures sans colonne de montant (appel de la bibliothèque)",
        "erreur",
        "le grand livre ne peut pas être construit (1 problème(s)) :",
    ),
]

BY_ID = {case.id: case for case in CASES}

# -- the small canonical company ---------------------------------------------------------------
BASE = {
    "invoices": [
        "invoice_id,debtor_id,issue_date,due_date,amount",
        "F1,D1,2025-01-15,2025-02-14,1000.00",
        "F2,D2,2025-02-01,2025-03-03,250.50",
        "F3,D1,2025-03-01,2025-03-31,80.00",
    ],
    "payments": [
        "payment_id,debtor_id,invoice_id,date,amount,currency",
        "P1,D1,F1,2025-02-20,400.25,EUR",
        "P2,D2,F2,2025-03-10,100.00,EUR",
    ],
    "debtors": [
        "debtor_id,name,kind",
        "D1,Alpha SA,professionnel",
        "D2,Bêta SARL,particulier",
    ],
    "actions": [
        "debtor_id,invoice_id,date,level,channel",
        "D1,F1,2025-02-20,1,email",
    ],
}
FRENCH = {name: [line.replace(",", ";") for line in lines] for name, lines in BASE.items()}
FRENCH["invoices"][1:] = [
    "F1;D1;15/01/2025;14/02/2025;1 000,00",
    "F2;D2;01/02/2025;03/03/2025;250,50",
    "F3;D1;01/03/2025;31/03/2025;80,00",
]
FRENCH["payments"][1:] = ["P1;D1;F1;20/02/2025;400,25;EUR", "P2;D2;F2;10/03/2025;100,00;EUR"]
LIMITS_YML = "limits: {date_max: 2028-12-03}\n"


def company(
    folder: Path,
    extra: dict[str, list[str]] | None = None,
    *,
    style: str = "canonical",
    config: str = "",
    encodings: dict[str, str] | None = None,
) -> Path:
    """Write the company (``extra`` lines appended to its files) and return its folder."""
    folder.mkdir(parents=True, exist_ok=True)
    base = FRENCH if style == "french" else BASE
    for name, lines in base.items():
        text = "\n".join([*lines, *(extra or {}).get(name, [])]) + "\n"
        encoding = (encodings or {}).get(name, "utf-8")
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    (folder / "recouvrement.yml").write_text(LIMITS_YML + config, encoding="utf-8")
    return folder


def problems_of(led: rc.Ledger, table: str, row: int) -> pd.DataFrame:
    q = led.quality
    return q[(q["table"] == table) & (q["row"] == row)]


def assert_same_figures(led: rc.Ledger, reference: rc.Ledger, skip=()) -> None:
    """Every kept table, the aged balance and the reconciliation of ``led`` are ``reference``'s."""
    for table in TABLES:
        if table not in skip:
            assert_frame_equal(getattr(led, table), getattr(reference, table))
    assert_frame_equal(rc.aged_balance(led, AS_OF), rc.aged_balance(reference, AS_OF))
    assert rc.aging.reconcile(led, AS_OF).ok
    counts = led.counts
    assert (counts["read"] == counts["kept"] + counts["set_aside"]).all()


# -- one hostile line --------------------------------------------------------------------------
class Line(NamedTuple):
    """A hostile line appended to one file, and what must come of it.

    (A named tuple, not a dataclass: ``tools.hostile_inputs`` loads this module without
    registering it, which dataclasses need.)
    """

    file: str
    line: str
    expect: tuple[tuple[str, str, str], ...]  # (column, problem, action) on that line
    twin: str | None = None  # the same fact written cleanly; None: the line is set aside
    style: str = "canonical"
    config: str = ""
    reference_extra: tuple[tuple[str, tuple[str, ...]], ...] = ()  # lines of the reference
    skip: tuple[str, ...] = ()


def aside(column: str, problem: str) -> tuple[tuple[str, str, str], ...]:
    return ((column, problem, "écartée"),)


def inv(issue="2025-04-01", due="2025-04-30", amount="10.00", invoice="F9", debtor="D1") -> str:
    return f"{invoice},{debtor},{issue},{due},{amount}"


LINES = {
    "amount-1,500-point-column": Line("invoices", inv(amount='"1,500"'), (), twin=inv(amount="1500.00")),
    "amount-12,345-point-column": Line(
        "invoices", inv(amount='"12,345"'), (), twin=inv(amount="12345.00")
    ),
    "amount-1,5-point-column": Line("invoices", inv(amount='"1,5"'), aside("amount", BY_ID[
        "amount-1,5-point-column"].message)),
    "amount-malformed-groups": Line("invoices", inv(amount='"1,50,0"'), aside("amount", BY_ID[
        "amount-malformed-groups"].message)),
    "amount-1.5-comma-column": Line(
        "invoices",
        "F9;D1;01/04/2025;30/04/2025;1.5",
        aside("amount", BY_ID["amount-1.5-comma-column"].message),
        style="french",
    ),
    # 1 April 2025: 1 EUR = 1.0788 USD; 1234.56 / 1.0788 = 1144.3826 -> 1144.38 €
    "amount-dollars": Line(
        "invoices",
        inv(amount="$1234.56"),
        (("amount", BY_ID["amount-dollars"].message, "corrigée"),),
        twin=inv(amount="1144.38"),
        skip=("invoices",),  # the twin has no original amount and currency
    ),
    "amount-french-euro-sign": Line(
        "invoices",
        "F9;D1;01/04/2025;30/04/2025;1 234,56 €",
        (),
        twin="F9;D1;01/04/2025;30/04/2025;1 234,56",
        style="french",
    ),
    "amount-inf": Line("invoices", inv(amount="inf"), aside("amount", NOT_FINITE)),
    "amount-nan-written": Line("invoices", inv(amount="NaN"), aside("amount", NOT_FINITE)),
    "amount-1e15-above-ceiling": Line(
        "invoices", inv(amount="1000000000000000"), aside("amount", CEILING)
    ),
    # Saturday 1 March 2025: the rate of Friday 28 February, 1 EUR = 1.0411 USD;
    # 50.00 / 1.0411 = 48.0261 -> 48.03 €
    "payment-in-usd": Line(
        "payments",
        "P9,D1,F1,2025-03-01,50.00,USD",
        (("amount", BY_ID["payment-in-usd"].message, "corrigée"),),
        twin="P9,D1,F1,2025-03-01,48.03,EUR",
        skip=("payments",),
    ),
    "nul-in-invoice-id-duplicate": Line(
        "invoices",
        inv(invoice="F1\x00"),
        (
            ("invoice_id", CONTROL, "corrigée"),
            ("invoice_id", "identifiant de facture en double (ligne 2 conservée)", "écartée"),
        ),
    ),
    "nul-in-new-invoice-id": Line(
        "invoices",
        inv(invoice="F\x009\x00"),
        (("invoice_id", CONTROL, "corrigée"),),
        twin=inv(invoice="F9"),
    ),
    "control-chars-in-debtor-name": Line(
        "debtors",
        'D3,"Gamma\x07 & Fils\tSA\nLyon",professionnel',
        (("name", CONTROL, "corrigée"),),
        twin="D3,Gamma & Fils SA Lyon,professionnel",
    ),
    "action-level-inf": Line(
        "actions", "D1,F1,2025-03-01,inf,email", aside("level", "nombre entier illisible")
    ),
    "date-1899-csv": Line("invoices", inv(issue="1899-12-31"), aside("issue_date", WINDOW)),
    "date-1900-csv": Line("invoices", inv(issue="1900-01-01"), aside("issue_date", WINDOW)),
    "date-2200-csv": Line("invoices", inv(issue="2200-01-01"), aside("issue_date", WINDOW)),
    "due-date-2263-csv": Line("invoices", inv(due="2263-05-01"), aside("due_date", WINDOW)),
    "date-9999-csv": Line("invoices", inv(issue="9999-12-31"), aside("issue_date", WINDOW)),
    "due-date-repair-beyond-window": Line(
        "invoices",
        inv(issue="2028-11-20", due=""),
        aside("due_date", BY_ID["due-date-repair-beyond-window"].message),
    ),
    "debtor-missing-default-kind": Line(
        "invoices",
        inv(debtor="D3"),
        (("debtor_id", BY_ID["debtor-missing-default-kind"].message, "corrigée"),),
        twin=inv(debtor="D3"),
        config="default_debtor_kind: professionnel\n",
        reference_extra=(("debtors", ("D3,Gamma,professionnel",)),),
        skip=("debtors",),
    ),
    "debtor-missing-no-kind": Line(
        "invoices",
        inv(debtor="D3"),
        (("debtor_id", BY_ID["debtor-missing-no-kind"].message, "corrigée"),),
        twin=inv(debtor="D3"),
        reference_extra=(("debtors", ("D3,Gamma,",)),),
        skip=("debtors",),
    ),
    "unclosed-quote": Line(
        "invoices",
        'F9,D1,"2025-04-01,2025-04-30,10.00\nF10,D1,2025-04-02,2025-05-02,20.00',
        (("", BY_ID["unclosed-quote"].message, "écartée"),),
    ),
}


@pytest.fixture(scope="module")
def reference_of(tmp_path_factory):
    """The ledger of the company with ``extra`` lines, read once per module for each variant."""
    ledgers: dict[tuple, rc.Ledger] = {}

    def read(extra: dict[str, list[str]], style: str, config: str) -> rc.Ledger:
        key = (style, config, tuple(sorted((k, tuple(v)) for k, v in extra.items())))
        if key not in ledgers:
            folder = company(tmp_path_factory.mktemp("reference"), extra, style=style,
                             config=config)
            ledgers[key] = rc.read_ledger(folder)
        return ledgers[key]

    return read


@pytest.mark.parametrize("case_id", list(LINES), ids=list(LINES))
def test_a_hostile_line_changes_nothing_else(case_id, tmp_path, reference_of):
    case, spec = BY_ID[case_id], LINES[case_id]
    hostile = rc.read_ledger(
        company(tmp_path, {spec.file: [spec.line]}, style=spec.style, config=spec.config)
    )
    extra = {spec.file: [spec.twin]} if spec.twin else {}
    for name, lines in spec.reference_extra:
        extra[name] = [*extra.get(name, []), *lines]
    reference = reference_of(extra, spec.style, spec.config)
    row = len(BASE[spec.file]) + 1
    mine = problems_of(hostile, spec.file, row)
    assert [(r.column, r.problem, r.action) for r in mine.itertuples()] == list(spec.expect)
    if spec.expect:
        assert case.outcome == spec.expect[-1][2]
        assert any(case.message in problem for _, problem, _ in spec.expect)
    else:  # read right: the message says what was read
        cents = hostile.cents(spec.file)[-1]
        assert fmt_eur(cents / 100) in case.message and case.outcome == "corrigée"
    assert "\x00" not in "".join(hostile.quality["value"])
    others = hostile.quality.drop(mine.index).reset_index(drop=True)
    assert_frame_equal(others, reference.quality)
    assert_same_figures(hostile, reference, skip=spec.skip)
    read = hostile.counts.set_index("table")["read"]
    assert read[spec.file] == reference.counts.set_index("table")["read"][spec.file] + (
        0 if spec.twin else 1
    )


@pytest.mark.parametrize("case_id", ["debtor-missing-default-kind", "debtor-missing-no-kind"],
                         ids=["default-kind", "no-kind"])
def test_a_missing_debtor_takes_the_default_kind(case_id, tmp_path):
    spec = LINES[case_id]
    led = rc.read_ledger(company(tmp_path, {"invoices": [spec.line]}, config=spec.config))
    kinds = led.kinds()
    assert kinds[["D1", "D2"]].tolist() == ["professionnel", "particulier"]
    if spec.config:
        assert kinds["D3"] == "professionnel" and led.default_kind == "professionnel"
    else:
        assert pd.isna(kinds["D3"]) and led.default_kind is None


# -- dates of spreadsheets and Parquet files -----------------------------------------------------
SHEET_DATES = {
    "date-2263-xlsx": (".xlsx", "issue_date", dt.datetime(2263, 1, 1), "2263-01-01 00:00:00"),
    "date-9999-xlsx": (".xlsx", "due_date", dt.datetime(9999, 12, 31), "9999-12-31 00:00:00"),
    "date-1899-parquet": (".parquet", "issue_date", dt.datetime(1899, 12, 31), "1899-12-31"),
    "date-9999-parquet": (".parquet", "issue_date", dt.date(9999, 12, 31), "9999-12-31"),
}


def typed_invoices(extra: dict | None = None) -> pd.DataFrame:
    rows = [
        ("F1", "D1", dt.datetime(2025, 1, 15), dt.datetime(2025, 2, 14), 1000.0),
        ("F2", "D2", dt.datetime(2025, 2, 1), dt.datetime(2025, 3, 3), 250.5),
        ("F3", "D1", dt.datetime(2025, 3, 1), dt.datetime(2025, 3, 31), 80.0),
    ]
    if extra is not None:
        row = {"invoice_id": "F9", "debtor_id": "D1", "issue_date": dt.datetime(2025, 4, 1),
               "due_date": dt.datetime(2025, 4, 30), "amount": 10.0, **extra}
        rows.append(tuple(row.values()))
    frame = pd.DataFrame(rows, columns=["invoice_id", "debtor_id", "issue_date", "due_date",
                                        "amount"])
    frame = frame.astype({"issue_date": "object", "due_date": "object"})
    if extra is not None and type(extra.get("issue_date")) is dt.date:
        # a date32 column of Parquet: every cell a date, read back as date objects
        frame["issue_date"] = [v if type(v) is dt.date else v.date() for v in frame["issue_date"]]
    return frame


@pytest.mark.parametrize("case_id", list(SHEET_DATES), ids=list(SHEET_DATES))
def test_a_far_date_of_a_spreadsheet_or_parquet_file_is_set_aside(case_id, tmp_path):
    case = BY_ID[case_id]
    suffix, column, value, shown = SHEET_DATES[case_id]
    ledgers = []
    for folder, extra in ((tmp_path / "h", {column: value}), (tmp_path / "r", None)):
        company(folder)
        (folder / "invoices.csv").unlink()
        frame = typed_invoices(extra)
        if extra is None and case_id == "date-9999-parquet":
            frame["issue_date"] = [v.date() for v in frame["issue_date"]]
        if suffix == ".xlsx":
            frame.to_excel(folder / "invoices.xlsx", index=False)
        else:
            frame.to_parquet(folder / "invoices.parquet")
        ledgers.append(rc.read_ledger(folder))
    hostile, reference = ledgers
    row = 5 if suffix == ".xlsx" else 4
    q = hostile.quality
    assert q[["table", "row", "column", "value", "problem", "action"]].to_numpy().tolist() == [
        ["invoices", row, column, shown, case.message, case.outcome]
    ]
    assert reference.quality.empty
    assert_same_figures(hostile, reference)


# -- amounts at the limits of exactness ---------------------------------------------------------
MAX_CEILING = "limits: {date_max: 2028-12-03, max_amount: 10000000000000}\n"


def test_amounts_of_1e13_are_exact_and_reconcile_with_the_ceiling_raised(tmp_path):
    case = BY_ID["amount-1e13-exact-ceiling-raised"]
    lines = [inv(amount="9999999999999.97"), inv(invoice="F10", amount="9999999999999.99")]
    folder = company(tmp_path, {"invoices": lines})
    (folder / "recouvrement.yml").write_text(MAX_CEILING, encoding="utf-8")
    led = rc.read_ledger(folder)
    assert led.quality.empty
    cents = led.cents("invoices")
    assert cents[-2:].tolist() == [999_999_999_999_997, 999_999_999_999_999]
    assert fmt_eur(cents[-2] / 100) in case.message
    arrays = rc.aging.ledger_arrays(led)
    assert int(arrays.amount.sum()) == 133_050 + 1_999_999_999_999_996
    assert int(arrays.ev_amount.sum()) == 50_025
    check = rc.aging.reconcile(led, AS_OF)
    assert check.ok and check.describe().endswith(": vérifié.")
    assert round(check.ledger_balance * 100) == 133_050 + 1_999_999_999_999_996 - 50_025


def test_a_ceiling_above_1e13_is_refused(tmp_path):
    case = BY_ID["ceiling-above-1e13"]
    folder = company(tmp_path)
    (folder / "recouvrement.yml").write_text(
        "limits: {max_amount: 10000000000000000}\n", encoding="utf-8"
    )
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(folder)
    assert err.value.problems[0].startswith("recouvrement.yml : " + case.message)


def test_a_ledger_whose_sum_passes_2_53_cents_is_refused(tmp_path):
    case = BY_ID["ledger-total-beyond-2-53-cents"]
    lines = [inv(invoice=f"G{i}", amount="10000000000000") for i in range(10)]
    folder = company(tmp_path, {"invoices": lines})
    (folder / "recouvrement.yml").write_text(MAX_CEILING, encoding="utf-8")
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(folder)
    assert err.value.problems == [
        f"{case.message} : la somme des factures, règlements, avoirs et pertes (en valeur "
        "absolue) atteint 100\u00a0000\u00a0000\u00a0001\u00a0830\u00a0€, au-delà de "
        "90\u00a0071\u00a0992\u00a0547\u00a0409\u00a0€ ; vérifier les montants des fichiers "
        "(séparateur décimal, colonne décalée) ou abaisser limits.max_amount dans "
        "recouvrement.yml"
    ]
    # nine of them are still exact
    (folder / "invoices.csv").write_text(
        "\n".join((folder / "invoices.csv").read_text(encoding="utf-8").splitlines()[:-1]) + "\n",
        encoding="utf-8",
    )
    assert rc.aging.reconcile(rc.read_ledger(folder), AS_OF).ok


# -- the format of a date column ----------------------------------------------------------------
US = ["F1,D1,1/15/2025,2/14/2025,1000.00", "F2,D2,2/1/2025,3/3/2025,250.50",
      "F3,D1,3/1/2025,3/31/2025,80.00"]  # fmt: skip
AMBIGUOUS = ["F1,D1,10/01/2025,02/02/2025,1000.00", "F2,D2,01/02/2025,03/03/2025,250.50",
             "F3,D1,01/03/2025,04/04/2025,80.00"]  # fmt: skip (due dates: day = month)


def invoices_written(folder: Path, lines: list[str]) -> None:
    text = "\n".join([BASE["invoices"][0], *lines]) + "\n"
    (folder / "invoices.csv").write_text(text, encoding="utf-8")


def test_a_us_export_is_refused_whole_then_read_with_its_format(tmp_path):
    folder = company(tmp_path / "us")
    invoices_written(folder, US)
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(folder)
    assert err.value.problems[0] == BY_ID["dates-us-csv"].message
    assert err.value.problems[1].startswith(
        "table des factures (invoices, invoices.csv), colonne due_date : 2 dates sur 3 ne se "
    )
    fixed = company(tmp_path / "fixed", config='tables: {invoices: {read: {date_format: "%m/%d/%Y"}}}\n')
    invoices_written(fixed, US)
    led = rc.read_ledger(fixed)
    assert led.quality.empty
    assert_same_figures(led, rc.read_ledger(company(tmp_path / "reference")))


def test_an_ambiguous_date_column_is_refused_unless_its_format_is_given(tmp_path):
    folder = company(tmp_path / "ambiguous")
    invoices_written(folder, AMBIGUOUS)
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(folder)
    assert err.value.problems == [BY_ID["dates-ambiguous-csv"].message]
    given = company(tmp_path / "given", config='read: {date_format: "%d/%m/%Y"}\n')
    invoices_written(given, AMBIGUOUS)
    (given / "payments.csv").write_text(
        "\n".join(line.replace("2025-02-20", "20/02/2025").replace("2025-03-10", "10/03/2025")
                  for line in BASE["payments"]) + "\n", encoding="utf-8")  # fmt: skip
    (given / "actions.csv").write_text(
        "\n".join(BASE["actions"]).replace("2025-02-20", "20/02/2025") + "\n", encoding="utf-8"
    )
    led = rc.read_ledger(given)
    assert led.quality.empty
    assert led.invoices["issue_date"].tolist() == [
        pd.Timestamp("2025-01-10"), pd.Timestamp("2025-02-01"), pd.Timestamp("2025-03-01")
    ]
    assert led.invoices["due_date"].tolist() == [
        pd.Timestamp("2025-02-02"), pd.Timestamp("2025-03-03"), pd.Timestamp("2025-04-04")
    ]


# -- encodings -----------------------------------------------------------------------------------
def test_a_utf8_file_with_a_stray_cp1252_byte_is_refused(tmp_path):
    case = BY_ID["utf8-with-a-cp1252-byte"]
    folder = company(tmp_path)
    data = ("\n".join(BASE["debtors"]) + "\n").encode("utf-8") + "D3,Gu\xe9rin,\n".encode("cp1252")
    (folder / "debtors.csv").write_bytes(data)
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(folder)
    assert err.value.problems == [case.message]


@pytest.mark.parametrize(
    ("case_id", "encoding"),
    [("pure-cp1252-file", "cp1252"), ("utf16-file", "utf-16")],
    ids=["cp1252", "utf-16"],
)
def test_a_whole_file_in_another_encoding_is_read_as_such(case_id, encoding, tmp_path):
    case = BY_ID[case_id]
    led = rc.read_ledger(company(tmp_path / "h", encodings={"debtors": encoding}))
    reference = rc.read_ledger(company(tmp_path / "r"))
    name = led.debtors.loc[led.debtors["debtor_id"] == "D2", "name"].item()
    assert f"« {name} »" in case.message and name == "Bêta SARL"
    assert led.quality.empty
    assert_same_figures(led, reference)


def test_a_wrong_declared_encoding_names_the_byte(tmp_path):
    case = BY_ID["declared-encoding-wrong"]
    folder = company(tmp_path, config="read: {encoding: utf-8}\n", encodings={"debtors": "cp1252"})
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(folder)
    assert err.value.problems[0].startswith(case.message)
    assert str(err.value).startswith(HEADER)


def test_a_column_twice_in_the_header_is_refused(tmp_path):
    case = BY_ID["header-column-twice"]
    folder = company(tmp_path)
    lines = [line + ",1" for line in BASE["invoices"]]
    lines[0] = BASE["invoices"][0] + ",amount"
    (folder / "invoices.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(folder)
    assert err.value.problems == [case.message]


def test_a_frame_without_a_mandatory_column_is_refused_in_french():
    case = BY_ID["dataframe-without-amount"]
    frame = pd.DataFrame({"invoice_id": ["F1"], "debtor_id": ["D1"], "issue_date": ["2025-01-01"]})
    with pytest.raises(rc.LedgerError) as err:
        rc.Ledger(frame)
    assert str(err.value).startswith(case.message)
    assert "colonne(s) obligatoire(s) manquante(s) : amount" in err.value.problems[0]


def test_every_case_is_tested_once():
    tested = {*LINES, *SHEET_DATES} | {
        "amount-1e13-exact-ceiling-raised",
        "ceiling-above-1e13",
        "ledger-total-beyond-2-53-cents",
        "utf8-with-a-cp1252-byte",
        "pure-cp1252-file",
        "utf16-file",
        "declared-encoding-wrong",
        "header-column-twice",
        "dataframe-without-amount",
        "dates-us-csv",
        "dates-ambiguous-csv",
    }
    assert tested == set(BY_ID) and len(BY_ID) == len(CASES) >= 20


# -- random corruptions --------------------------------------------------------------------------
GARBAGE = st.one_of(
    st.sampled_from(
        [
            "inf", "-inf", "NaN", "Infinity", "1e309", "-1e15", "1e15", "0", "-0", "1,5,0",
            "1,500", "$12", "12 USD", "2263-01-01", "9999-12-31", "0000-00-00", "1899-12-31",
            "31/02/2025", "", " ", '"', "\x00", "F1\x00", "\x1b[31m", "é", "\ufeff", "\u202e",
            "professionnel", "1" * 400,
        ]
    ),
    st.text(max_size=12),
)


@st.composite
def corruptions(draw):
    """A few random edits of the company's files: cells, duplicated lines, flipped bytes."""
    files = {name: list(lines) for name, lines in BASE.items()}
    flips = []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(files)))
        lines = files[name]
        kind = draw(st.sampled_from(["cell", "cell", "duplicate", "flip"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "cell":
            cells = lines[i].split(",")
            j = draw(st.integers(0, len(cells) - 1))
            cells[j] = draw(GARBAGE)
            lines[i] = ",".join(cells)
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        else:
            flips.append((name, draw(st.integers(0, 10_000)), draw(st.integers(0, 255))))
    return files, flips


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(corruptions())
def test_random_corruptions_are_refused_in_french_or_reconcile(tmp_path, corrupted):
    files, flips = corrupted
    folder = tmp_path / "company"
    folder.mkdir(exist_ok=True)
    for name, lines in files.items():
        data = bytearray(("\n".join(lines) + "\n").encode("utf-8"))
        for flip_name, at, byte in flips:
            if flip_name == name:
                data[at % len(data)] = byte
        (folder / f"{name}.csv").write_bytes(bytes(data))
    (folder / "recouvrement.yml").write_text(LIMITS_YML, encoding="utf-8")
    try:
        led = rc.read_ledger(folder)
    except rc.LedgerError as err:
        assert str(err).startswith(HEADER) and err.problems
        return
    counts = led.counts
    assert (counts["read"] == counts["kept"] + counts["set_aside"]).all()
    assert not led.quality["value"].str.contains("\x00", regex=False).any()
    for table in ("invoices", "payments", "credit_notes", "write_offs", "costs"):
        assert len(led.cents(table)) == len(getattr(led, table))
    rc.aged_balance(led, AS_OF)
