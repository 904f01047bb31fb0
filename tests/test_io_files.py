"""One export file as text cells: the encoding decided per file, French messages, line numbers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from recouvrement.io.files import decode, find_file, read_csv, read_file
from recouvrement.ledger import LedgerError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "batiment-durand"
HEADER = "debtor_id,name\n"


def put(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def problems(call) -> list[str]:
    with pytest.raises(LedgerError) as err:
        call()
    assert str(err.value).startswith("le grand livre ne peut pas être construit")
    return err.value.problems


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (HEADER.encode() + "D1,Ménard\n".encode(), "Ménard"),
        (codecs.BOM_UTF8 + HEADER.encode() + "D1,Ménard\n".encode(), "Ménard"),
        ((HEADER + "D1,Ménard\n").encode("utf-16"), "Ménard"),
        ((HEADER + "D1,Ménard\n").encode("cp1252"), "Ménard"),
        ((HEADER + "D1,Lefèvre – Œuvres\n").encode("cp1252"), "Lefèvre – Œuvres"),
        ((HEADER + "D1,Dupont\n").encode("ascii"), "Dupont"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "cp1252", "cp1252-dash-oe", "ascii"],
)
def test_the_encoding_is_decided_per_file(tmp_path, data, text):
    decoded = decode(put(tmp_path, "debtors.csv", data), None)
    assert decoded.lstrip("\ufeff").splitlines()[1] == f"D1,{text}"


def test_the_bundled_cp1252_sample_is_read_as_cp1252(tmp_path):
    for name in ("clients.csv", "factures.csv"):
        data = (SAMPLE / name).read_bytes()
        assert decode(put(tmp_path, name, data), None) == data.decode("cp1252")


def test_a_utf8_file_with_a_stray_cp1252_byte_is_refused(tmp_path):
    lines = [HEADER] + [f"D{i},Dupont\n" for i in range(1, 10)]
    lines[3] = "D3,Ménard\n"  # valid UTF-8
    lines[9] = "D9,Gu\xe9rin\n"  # written in cp1252 below
    data = "".join(lines[:9]).encode("utf-8") + lines[9].encode("cp1252")
    offset = data.index(b"\xe9")
    path = put(tmp_path, "debtors.csv", data)
    assert problems(lambda: decode(path, None)) == [
        f"debtors.csv, ligne 10 (octet {offset}) : l'octet 0xE9 n'est pas de l'UTF-8 alors que "
        "le reste du fichier l'est ; enregistrer le fichier en UTF-8, ou indiquer "
        "read.encoding: cp1252 dans recouvrement.yml"
    ]


def test_a_bom_says_utf8_so_a_stray_byte_is_refused(tmp_path):
    data = codecs.BOM_UTF8 + b"debtor_id,name\nD1,Gu\xe9rin\n"
    path = put(tmp_path, "debtors.csv", data)
    assert problems(lambda: decode(path, None)) == [
        "debtors.csv, ligne 2 (octet 23) : l'octet 0xE9 n'est pas de l'UTF-8 alors que le reste "
        "du fichier l'est ; enregistrer le fichier en UTF-8, ou indiquer read.encoding: cp1252 "
        "dans recouvrement.yml"
    ]


def test_a_byte_of_neither_encoding_is_refused(tmp_path):
    path = put(tmp_path, "debtors.csv", b"debtor_id,name\nD1,A\x81\n")
    assert problems(lambda: decode(path, None)) == [
        "debtors.csv, ligne 2 (octet 19) : l'octet 0x81 n'est ni de l'UTF-8 ni du cp1252 "
        "(Windows) ; enregistrer le fichier en UTF-8, ou indiquer son encodage par "
        "read.encoding dans recouvrement.yml"
    ]


def test_an_explicit_encoding_is_obeyed_and_its_failures_named(tmp_path):
    path = put(tmp_path, "invoices.csv", "id\nF1\nDé\n".encode("cp1252"))
    assert decode(path, "cp1252") == "id\nF1\nDé\n"
    assert decode(path, "latin-1") == "id\nF1\nDé\n"
    assert problems(lambda: decode(path, "utf-8")) == [
        "invoices.csv, ligne 3 (octet 7) : l'octet 0xE9 n'est pas du utf-8, l'encodage indiqué "
        "par read.encoding dans recouvrement.yml ; enregistrer le fichier en utf-8, ou "
        "corriger read.encoding (utf-8 ou cp1252 le plus souvent)"
    ]
    assert problems(lambda: decode(path, "klingon")) == [
        "invoices.csv : encodage « klingon » inconnu (read.encoding dans recouvrement.yml) ; "
        "indiquer par exemple utf-8 ou cp1252"
    ]


def test_a_utf8_file_declared_cp1252_is_read_as_declared(tmp_path):
    path = put(tmp_path, "debtors.csv", "debtor_id,name\nD1,Ménard\n")
    assert decode(path, "cp1252").splitlines()[1] == "D1,MÃ©nard"  # what the user asked


def test_csv_rows_carry_the_line_they_start_on(tmp_path):
    path = put(
        tmp_path,
        "invoices.csv",
        'invoice_id;name\nF1;"Alpha\nsur deux lignes"\n\nF2;Bêta\nF3;a;b\n',
    )
    frame, numbers, bad = read_csv(path, {})
    assert frame.to_numpy().tolist() == [["F1", "Alpha\nsur deux lignes"], ["F2", "Bêta"]]
    assert numbers == [2, 5]
    assert bad == [
        {"row": 6, "column": "", "value": "F3;a;b", "problem": "ligne mal formée : 3 champs au lieu de 2"}
    ]


def test_an_unclosed_quote_names_the_lines_it_swallowed(tmp_path):
    path = put(tmp_path, "invoices.csv", 'id,amount,x\nF1,1,a\nF2,"2,b\nF3,3,c\nF4,4,d\n')
    frame, numbers, bad = read_csv(path, {})
    assert numbers == [2] and frame["id"].tolist() == ["F1"]
    assert bad == [
        {
            "row": 3,
            "column": "",
            "value": "F2,2,b\nF3,3,c\nF4,4,d\n",
            "problem": "ligne mal formée : 2 champs au lieu de 3 (lignes 3 à 5 lues comme une "
            "seule : guillemet non fermé ?)",
        }
    ]


def test_nul_bytes_reach_the_ledger_as_characters_to_clean(tmp_path):
    path = put(tmp_path, "invoices.csv", b"id,amount\nF1\x00,1\n")
    frame, numbers, bad = read_csv(path, {})
    assert frame["id"].tolist() == ["F1\x00"] and numbers == [2] and bad == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "invoices.csv : fichier vide, ou sans ligne d'en-tête"),
        (b"\n\nid\n", "invoices.csv : fichier vide, ou sans ligne d'en-tête"),
        (
            b"id,amount,id\nF1,1,F1\n",
            "invoices.csv, ligne 1 : colonne(s) « id » présente(s) plusieurs fois dans l'en-tête",
        ),
        (
            b'id\n"' + b"x" * 200_000 + b"\n",
            "invoices.csv, ligne 2 : un champ dépasse 131\u00a0072 caractères",
        ),
    ],
    ids=["empty", "blank-header", "header-twice", "field-too-large"],
)
def test_unreadable_csv_files_are_refused_in_french(tmp_path, data, message):
    path = put(tmp_path, "invoices.csv", data)
    assert problems(lambda: read_csv(path, {}))[0].startswith(message)


def test_spreadsheet_and_parquet_rows_keep_their_sheet_row(tmp_path):
    frame = pd.DataFrame({"id": ["F1", None, "F3"], "amount": [1.0, None, 3.0]})
    frame.to_excel(tmp_path / "invoices.xlsx", index=False)
    cells, numbers, bad = read_file(tmp_path / "invoices.xlsx", {})
    assert cells["id"].tolist() == ["F1", "F3"] and numbers == [2, 4] and bad == []
    frame.to_parquet(tmp_path / "invoices.parquet")
    cells, numbers, _ = read_file(tmp_path / "invoices.parquet", {})
    assert numbers == [1, 2, 3]


@pytest.mark.parametrize(
    ("name", "data", "read", "message"),
    [
        (
            "invoices.xlsx",
            b"not a zip",
            {},
            "invoices.xlsx : fichier .xlsx illisible ; vérifier qu'il s'ouvre, l'enregistrer à "
            "nouveau en .xlsx ou l'exporter en CSV",
        ),
        (
            "invoices.parquet",
            b"PAR1 nope",
            {},
            "invoices.parquet : fichier .parquet illisible",
        ),
        (
            "invoices.ods",
            b"",
            {},
            "invoices.ods : type de fichier .ods non pris en charge ; utiliser .csv, .xlsx ou "
            ".parquet",
        ),
    ],
    ids=["bad-xlsx", "bad-parquet", "unsupported"],
)
def test_unreadable_files_are_refused_in_french(tmp_path, name, data, read, message):
    path = put(tmp_path, name, data)
    assert problems(lambda: read_file(path, read))[0].startswith(message)


def test_a_missing_sheet_lists_the_sheets(tmp_path):
    pd.DataFrame({"id": ["F1"]}).to_excel(tmp_path / "invoices.xlsx", index=False, sheet_name="Ventes")
    assert problems(lambda: read_file(tmp_path / "invoices.xlsx", {"sheet": "Factures"})) == [
        "invoices.xlsx : pas de feuille « Factures » (read.sheet dans recouvrement.yml) ; "
        "feuilles du classeur : Ventes (ou leur numéro à partir de 0)"
    ]
    assert read_file(tmp_path / "invoices.xlsx", {"sheet": "Ventes"})[0]["id"].tolist() == ["F1"]


def test_two_candidate_files_are_refused(tmp_path):
    put(tmp_path, "invoices.csv", "id\n")
    put(tmp_path, "factures.xlsx", b"")
    assert problems(lambda: find_file(tmp_path, "invoices")) == [
        "invoices : plusieurs fichiers possibles (invoices.csv, factures.xlsx) ; n'en garder "
        "qu'un, ou nommer le bon dans recouvrement.yml (tables: invoices: file: ...)"
    ]
    assert find_file(tmp_path, "payments") is None
