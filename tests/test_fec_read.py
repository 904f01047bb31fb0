"""The FEC reader: every dialect to the same typed lines, exact cents, problems in French."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.io.fec.dialect import (
    FEC_COLUMNS,
    normalise_endings,
    parse_amounts,
    parse_dates,
    parse_sens,
)
from recouvrement.io.fec.read import LINE_COLUMNS, FecFile, check_balance, is_fec, read_fec_file
from recouvrement.ledger import LedgerError
from tests.fec_fixtures import CASH_BASIS, HEADER, fec_bytes, invoice, row, write

NAME = "123456789FEC20241231.txt"
FIX = "ré-exporter le FEC complet depuis le logiciel comptable"
FIX_LINE = "corriger l'écriture dans le logiciel comptable et ré-exporter le FEC"

#: Two entries: a sale to "Société Générale" and its payment, lettered AA.
ROWS = [
    row(entry="0001", aux="00042", aux_lib="Société Générale", debit="120,00", credit="0,00",
        let="AA", date_let="20240215"),
    row(entry="0001", account="706000", account_lib="Ventes", debit="0,00", credit="100,00"),
    row(entry="0001", account="445710", account_lib="TVA collectée", debit="0,00",
        credit="20,00"),
    row("BQ", "0001", "20240215", "512000", journal_lib="Banque", account_lib="Banque",
        piece_ref="VIR1", piece_date="20240215", label="Règlement F1", debit="120,00",
        credit="0,00", valid_date="20240215"),
    row("BQ", "0001", "20240215", "411000", journal_lib="Banque", aux="00042",
        aux_lib="Société Générale", piece_ref="VIR1", piece_date="20240215",
        label="Règlement F1", debit="0,00", credit="120,00", let="AA", date_let="20240215",
        valid_date="20240215"),
]  # fmt: skip


def expected_lines(first_line: int = 2) -> pd.DataFrame:
    """The typed lines of :data:`ROWS`, by hand."""
    jan, feb = pd.Timestamp("2024-01-31"), pd.Timestamp("2024-02-15")
    na = np.nan
    text = {
        "journal": ["VE", "VE", "VE", "BQ", "BQ"],
        "journal_lib": ["Ventes", "Ventes", "Ventes", "Banque", "Banque"],
        "entry": ["0001"] * 5,
        "account": ["411000", "706000", "445710", "512000", "411000"],
        "account_lib": ["Clients", "Ventes", "TVA collectée", "Banque", "Clients"],
        "aux": ["00042", na, na, na, "00042"],
        "aux_lib": ["Société Générale", na, na, na, "Société Générale"],
        "piece_ref": ["F1", "F1", "F1", "VIR1", "VIR1"],
        "label": ["Facture F1"] * 3 + ["Règlement F1"] * 2,
        "let": ["AA", na, na, na, "AA"],
        "currency": [na] * 5,
    }
    frame = pd.DataFrame({k: pd.Series(v, dtype="str") for k, v in text.items()})
    frame["line"] = np.arange(first_line, first_line + 5, dtype="int64")
    frame["date"] = pd.Series([jan, jan, jan, feb, feb], dtype="datetime64[ns]")
    frame["piece_date"] = frame["date"]
    frame["valid_date"] = frame["date"]
    frame["date_let"] = pd.Series([feb, None, None, None, feb], dtype="datetime64[ns]")
    frame["debit"] = np.array([12000, 0, 0, 12000, 0], dtype="int64")
    frame["credit"] = np.array([0, 10000, 2000, 0, 12000], dtype="int64")
    frame["currency_amount"] = pd.array([pd.NA] * 5, dtype="Int64")
    return frame[list(LINE_COLUMNS)]


def refused(path) -> list[str]:
    with pytest.raises(LedgerError) as err:
        read_fec_file(path)
    return err.value.problems


def test_a_plain_fec_is_read_whole(tmp_path):
    path = write(tmp_path, fec_bytes(ROWS, bom=True, ending="\r\n"))
    fec = read_fec_file(path)
    assert isinstance(fec, FecFile)
    assert (fec.source, fec.read, fec.problems) == (NAME, 5, [])
    assert fec.dialect == "TAB, UTF-8 avec BOM, CRLF, 18 colonnes"
    pd.testing.assert_frame_equal(fec.lines, expected_lines())


def test_the_canonical_columns_are_the_18_of_the_norm():
    assert FEC_COLUMNS == tuple(HEADER)


@pytest.mark.parametrize(
    ("options", "dialect"),
    [
        ({"sep": "|"}, "|, UTF-8, LF, 18 colonnes"),
        ({"sep": "|", "trailing": True, "ending": "\r\n"}, "|, UTF-8, CRLF, séparateur final, 18 colonnes"),
        ({"trailing": True}, "TAB, UTF-8, LF, séparateur final, 18 colonnes"),
        ({"ending": "\r"}, "TAB, UTF-8, CR, 18 colonnes"),
        ({"ending": "\r\r\n"}, "TAB, UTF-8, CRLF doublé (CR CR LF), 18 colonnes"),
        ({"final_ending": False}, "TAB, UTF-8, LF, 18 colonnes"),
        ({"encoding": "iso-8859-15"}, "TAB, ISO-8859-15, LF, 18 colonnes"),
        ({"encoding": "utf-16", "ending": "\r\n"}, "TAB, UTF-16, CRLF, 18 colonnes"),
        ({"pad": 24, "sep": "|"}, "|, UTF-8, LF, 18 colonnes, champs complétés d'espaces"),
        ({"sep": ";"}, "; (hors norme), UTF-8, LF, 18 colonnes"),
    ],
    ids=["pipe", "pipe-trailing-crlf", "tab-trailing", "cr", "cr-cr-lf", "no-final-ending",
         "iso-8859-15", "utf-16", "fixed-width", "semicolon"],
)
def test_every_dialect_reads_to_the_same_lines(tmp_path, options, dialect):
    fec = read_fec_file(write(tmp_path, fec_bytes(ROWS, **options)))
    assert (fec.dialect, fec.read, fec.problems) == (dialect, 5, [])
    pd.testing.assert_frame_equal(fec.lines, expected_lines())


def test_a_cp1252_file_is_decided_by_its_windows_letters(tmp_path):
    rows = [r.copy() for r in ROWS]
    rows[0][7] = rows[4][7] = "Lefèvre – Œuvres d’art"  # – Œ ’: bytes 0x96 0x8C 0x92
    fec = read_fec_file(write(tmp_path, fec_bytes(rows, encoding="cp1252")))
    assert fec.dialect == "TAB, cp1252, LF, 18 colonnes"
    assert fec.lines["aux_lib"].tolist()[::4] == ["Lefèvre – Œuvres d’art"] * 2


def test_an_iso_8859_15_file_reads_its_euro_sign_and_oe(tmp_path):
    rows = [r.copy() for r in ROWS]
    rows[3][10] = "Acompte 120 € du cœur"  # € is 0xA4, œ 0xBD in ISO-8859-15
    data = fec_bytes(rows, encoding="iso-8859-15")
    assert b"\xa4" in data and b"\xbd" in data
    fec = read_fec_file(write(tmp_path, data))
    assert fec.dialect == "TAB, ISO-8859-15, LF, 18 colonnes"
    assert fec.lines.loc[3, "label"] == "Acompte 120 € du cœur"


def test_a_utf8_file_with_a_stray_latin_byte_is_refused(tmp_path):
    data = fec_bytes(ROWS)  # UTF-8: "Société" holds UTF-8 sequences
    data = data.replace("Règlement".encode(), b"R\xe8glement", 1)
    offset = data.index(b"\xe8")
    assert refused(write(tmp_path, data)) == [
        f"{NAME}, ligne 5 (octet {offset}) : l'octet 0xE8 n'est pas de l'UTF-8 alors que le "
        f"reste du fichier l'est ; {FIX} en UTF-8 ou en ISO-8859-15"
    ]


def test_ids_are_text_with_their_leading_zeros(tmp_path):
    lines = read_fec_file(write(tmp_path, fec_bytes(ROWS))).lines
    assert lines["entry"].tolist() == ["0001"] * 5
    assert lines["aux"].dropna().tolist() == ["00042", "00042"]
    assert lines["account"].tolist()[0] == "411000"
    assert all(pd.api.types.is_string_dtype(lines[c]) for c in ("journal", "entry", "account", "aux"))


def test_header_names_are_matched_whatever_their_case_or_order(tmp_path):
    header = [h.upper() for h in HEADER]
    header[16] = "MontantDevise"
    order = list(range(18))[::-1]
    rows = [[r[i] for i in order] for r in ROWS]
    fec = read_fec_file(write(tmp_path, fec_bytes(rows, header=[header[i] for i in order])))
    assert fec.problems == []
    pd.testing.assert_frame_equal(fec.lines, expected_lines())


def test_the_cash_basis_variant_and_its_22_columns(tmp_path):
    rows = [r + ["20240215", "VIR", "", "C42"] for r in ROWS]
    fec = read_fec_file(write(tmp_path, fec_bytes(rows, header=HEADER + CASH_BASIS, sep="|")))
    assert fec.dialect == (
        "|, UTF-8, LF, 22 colonnes, colonnes en plus ignorées : DateRglt, ModeRglt, NatOp, "
        "IdClient"
    )
    pd.testing.assert_frame_equal(fec.lines, expected_lines())


@pytest.mark.parametrize(
    ("debit", "credit"), [("D", "C"), ("+1", "-1"), ("d", "c"), ("Débit", "Crédit")],
    ids=["D-C", "plus-minus-1", "lower-case", "words"],
)
def test_the_montant_and_sens_variant(tmp_path, debit, credit):
    header = [*HEADER[:11], "Montant", "Sens", *HEADER[13:]]
    rows = []
    for r in ROWS:
        amount, sens = (r[11], debit) if r[11] != "0,00" else (r[12], credit)
        rows.append([*r[:11], amount, sens, *r[13:]])
    fec = read_fec_file(write(tmp_path, fec_bytes(rows, header=header)))
    assert fec.dialect == "TAB, UTF-8, LF, 18 colonnes, Montant + Sens"
    pd.testing.assert_frame_equal(fec.lines, expected_lines())


def amounts(*cells: str, blank: int | None = 0):
    return parse_amounts(pa.array(list(cells), pa.large_string()), blank=blank)


@pytest.mark.parametrize(
    ("cell", "cents"),
    [
        ("0000000074,70", 7470),
        ("74,7", 7470),
        ("74", 7400),
        ("1234.5", 123450),
        ("1 234,56", 123456),
        ("1\u00a0234\u00a0567,89", 123456789),
        ("-0,00", 0),
        ("", 0),
        ("-12,50", -1250),
        ("12,50-", -1250),
        ("+12,50", 1250),
        ("74,700", 7470),
        (",5", 50),
        ("5,", 500),
        ("00000000000000000074,70", 7470),
        ("10000000000000,00", 10**15),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_amounts_are_exact_cents_from_their_digits(cell, cents):
    got, missing, problem, _ = amounts(cell)
    assert (got.tolist(), missing.tolist(), problem.tolist()) == ([cents], [False], [None])


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("12,3x", f"montant illisible (attendu par exemple 1234,56) ; {FIX_LINE}"),
        ("1.234,56", f"montant illisible (attendu par exemple 1234,56) ; {FIX_LINE}"),
        ("12 34,00", f"montant illisible (attendu par exemple 1234,56) ; {FIX_LINE}"),
        ("-12,50-", f"montant illisible (attendu par exemple 1234,56) ; {FIX_LINE}"),
        (",", f"montant illisible (attendu par exemple 1234,56) ; {FIX_LINE}"),
        ("1e3", f"montant illisible (attendu par exemple 1234,56) ; {FIX_LINE}"),
        ("٣", f"montant illisible (attendu par exemple 1234,56) ; {FIX_LINE}"),
        ("74,705", f"montant au-delà du centime, jamais arrondi ; {FIX_LINE}"),
        ("10000000000000,01", "montant au-delà du plafond de 10\u00a0000\u00a0000\u00a0000"
         f"\u00a0000\u00a0€ ; {FIX_LINE}"),
        ("99999999999999999999,00", "montant au-delà du plafond de 10\u00a0000\u00a0000"
         f"\u00a0000\u00a0000\u00a0€ ; {FIX_LINE}"),
    ],
    ids=["letter", "dot-thousands", "bad-groups", "two-signs", "comma-alone", "exponent",
         "arabic-digit", "sub-cent", "above-ceiling", "20-digits"],
)
def test_an_unreadable_amount_is_never_guessed(cell, problem):
    got, _, problems, _ = amounts(cell)
    assert (got.tolist(), problems.tolist()) == ([0], [problem])


def test_an_empty_currency_amount_is_missing_and_the_formats_are_named():
    got, missing, _, formats = amounts("", "-0012,50", "1 000.5", "3,00-", blank=None)
    assert (got.tolist(), missing.tolist()) == ([0, -1250, 100050, -300], [True, False, False, False])
    assert formats == {
        "montants à zéros en tête", "montants à point décimal",
        "montants à espaces de milliers", "signe moins final",
    }


@pytest.mark.parametrize(
    ("cell", "date", "missing"),
    [
        ("20240131", "2024-01-31", False),
        ("2024-01-31", "2024-01-31", False),
        ("31/01/2024", "2024-01-31", False),
        ("20240131 00:00:00", "2024-01-31", False),
        ("2024-01-31T10:22", "2024-01-31", False),
        ("", None, True),
        ("00000000", None, True),
        ("19000101", None, True),
        ("1900-01-01", None, True),
        ("30/12/1899", None, True),
        ("99991231", None, True),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_dates_and_their_placeholders(cell, date, missing):
    dates, is_missing, problem, _ = parse_dates(pa.array([cell], pa.large_string()))
    assert dates.dtype == "datetime64[ns]"
    assert (str(pd.Timestamp(dates[0]).date()) if date else pd.isna(dates[0])) == (date or True)
    assert (is_missing.tolist(), problem.tolist()) == ([missing], [None])


@pytest.mark.parametrize("cell", ["20240230", "2024131", "31-01-2024", "01/31/2024", "janvier", "25000101"])
def test_an_unreadable_date_is_a_problem(cell):
    dates, missing, problem, _ = parse_dates(pa.array([cell], pa.large_string()))
    assert pd.isna(dates[0]) and not missing[0]
    assert problem.tolist() == [
        f"date illisible (attendue AAAAMMJJ, par exemple 20240131) ; {FIX_LINE}"
    ]


def test_sens_values():
    sign, problem = parse_sens(pa.array(["D", "c", "+1", "-1", "", "X"], pa.large_string()))
    assert sign.tolist() == [1, -1, 1, -1, 0, 0]
    assert problem.tolist() == [None] * 5 + [
        f"sens illisible (attendu D ou C, +1 ou -1) ; {FIX_LINE}"
    ]


@pytest.mark.parametrize(
    ("text", "endings"),
    [
        ("a\nb\n", "LF"),
        ("a\r\nb\r\n", "CRLF"),
        ("a\rb\r", "CR"),
        ("a\r\r\nb\r\r\n", "CRLF doublé (CR CR LF)"),
        ("a\r\nb\r\nc\n", "fins de ligne mêlées (CRLF, LF)"),
        ("a\nb\n\x1a", "LF"),
    ],
    ids=["lf", "crlf", "cr", "cr-cr-lf", "mixed", "ctrl-z"],
)
def test_line_endings_each_end_one_line(text, endings):
    assert normalise_endings(text) == (text.rstrip("\x1a").replace("\r\r\n", "\n")
                                       .replace("\r\n", "\n").replace("\r", "\n"), endings)


def test_zero_padded_amounts_in_a_file(tmp_path):
    rows = invoice(ttc="0000000074,70", ht="0000000062,25", tva="0000000012,45")
    fec = read_fec_file(write(tmp_path, fec_bytes(rows)))
    assert fec.lines[["debit", "credit"]].to_numpy().tolist() == [[7470, 0], [0, 6225], [0, 1245]]
    assert fec.dialect == "TAB, UTF-8, LF, 18 colonnes, montants à zéros en tête"


def test_negative_amounts_are_booked_on_the_other_side(tmp_path):
    rows = invoice(ttc="120,00", ht="-100,00", tva="20,00")  # 706 "debited" -100: a credit
    rows[1][11], rows[1][12] = "-100,00", "0,00"
    rows[2][11], rows[2][12] = "0,00", "20,00"
    fec = read_fec_file(write(tmp_path, fec_bytes(rows)))
    assert fec.lines[["debit", "credit"]].to_numpy().tolist() == [[12000, 0], [0, 10000], [0, 2000]]
    assert fec.dialect.endswith("montants négatifs (reportés au sens opposé)")


def test_currency_amount_and_currency(tmp_path):
    rows = invoice(ttc="120,00", currency_amount="-0130,50", currency=" USD ")
    lines = read_fec_file(write(tmp_path, fec_bytes(rows))).lines
    assert lines["currency_amount"].tolist() == [-13050] * 3
    assert lines["currency"].tolist() == ["USD"] * 3


def test_a_line_with_the_wrong_number_of_fields_is_set_aside_with_its_line_number(tmp_path):
    rows = [*ROWS, *invoice("0002", label="Facture | F2")]
    lines = fec_bytes(rows, sep="|", ending="\r\r\n").split(b"\r\r\n")
    data = b"\r\r\n".join([*lines[:3], b"   ", *lines[3:]])  # a blank line 4, not a line read
    fec = read_fec_file(write(tmp_path, data))
    assert fec.read == 8
    assert fec.lines["line"].tolist() == [2, 3, 5, 6, 7]
    assert [p["row"] for p in fec.problems] == [8, 9, 10]
    full = (
        "VE|Ventes|0002|20240131|411000|Clients|C001|Client C001|F1|20240131|Facture | F2|"
        "120,00|0,00||||20240131||"
    )
    assert fec.problems[0] == {
        "row": 8,
        "column": "(ligne entière)",
        "value": full[:79] + "…",
        "problem": "19 champs au lieu de 18 (séparateur « | » dans un libellé, champ en trop "
        f"ou manquant ?) ; {FIX_LINE}",
    }


def test_lines_without_a_final_separator_in_a_file_that_has_them(tmp_path):
    data = fec_bytes(ROWS, sep="|", trailing=True)
    data = data.replace(b"|||\n", b"||EUR\n", 1)  # line 2: no final "|" after its currency
    fec = read_fec_file(write(tmp_path, data))
    assert fec.problems == []
    assert fec.lines["currency"].tolist() == ["EUR", np.nan, np.nan, np.nan, np.nan]


def test_final_separators_on_the_lines_only_are_a_dialect_too(tmp_path):
    lines = fec_bytes(ROWS, sep="|", trailing=True).split(b"\n")
    data = b"\n".join([lines[0].removesuffix(b"|"), *lines[1:]])
    fec = read_fec_file(write(tmp_path, data))
    assert fec.dialect == "|, UTF-8, LF, séparateur final, 18 colonnes"
    pd.testing.assert_frame_equal(fec.lines, expected_lines())


def test_whole_entries_set_aside_are_listed_and_the_rest_is_kept(tmp_path):
    rows = [*ROWS, *invoice("0002", date="20240230"), *invoice("0003", date="00000000")]
    fec = read_fec_file(write(tmp_path, fec_bytes(rows)))
    assert fec.read == 11
    pd.testing.assert_frame_equal(fec.lines, expected_lines())
    unreadable = f"date illisible (attendue AAAAMMJJ, par exemple 20240131) ; {FIX_LINE}"
    no_date = f"date d'écriture absente (vide ou date de remplacement) ; {FIX_LINE}"
    assert fec.problems == [
        {"row": r, "column": "EcritureDate", "value": "20240230", "problem": unreadable}
        for r in (7, 8, 9)
    ] + [
        {"row": r, "column": "EcritureDate", "value": "00000000", "problem": no_date}
        for r in (10, 11, 12)
    ]


def test_a_line_may_have_several_problems(tmp_path):
    rows = invoice("0002", journal="")
    rows = [[*r[:11], "x" if r[11] != "0,00" else r[11], *r[12:]] for r in rows]
    rows[0][4] = " "  # CompteNum empty once stripped
    fec = read_fec_file(write(tmp_path, fec_bytes([*ROWS, *rows])))
    empty = f"champ obligatoire vide ; {FIX_LINE}"
    assert [(p["row"], p["column"], p["value"]) for p in fec.problems] == [
        (7, "JournalCode", ""), (7, "CompteNum", ""), (7, "Debit", "x"),
        (8, "JournalCode", ""), (9, "JournalCode", ""),
    ]
    assert {p["problem"] for p in fec.problems[:2]} == {empty}


def test_a_control_character_in_a_value_is_shown_escaped(tmp_path):
    rows = invoice("0002", date="2024\x0001\x1b31")
    fec = read_fec_file(write(tmp_path, fec_bytes([*ROWS, *rows])))
    assert {p["value"] for p in fec.problems} == {"2024\\x0001\\x1b31"}


def test_a_line_set_aside_unbalances_its_entry_and_the_file_is_refused(tmp_path):
    rows = [r.copy() for r in ROWS]
    rows[1][12] = "100,0x"
    assert refused(write(tmp_path, fec_bytes(rows))) == [
        f"{NAME} : FEC déséquilibré, jamais utilisé ainsi : total des débits 240,00\u00a0€, "
        "total des crédits 140,00\u00a0€, écart 100,00\u00a0€ ; 1 écriture(s) "
        f"déséquilibrée(s) ; 1 ligne(s) écartée(s) à la lecture, cause probable ; {FIX}",
        f"{NAME}, ligne(s) 2, 4 : écriture « 0001 » du journal « VE » déséquilibrée de "
        "100,00\u00a0€ (débits moins crédits)",
        f"{NAME}, ligne 3, Credit « 100,0x » : montant illisible (attendu par exemple "
        f"1234,56) ; {FIX_LINE}",
    ]


def test_entries_balance_one_by_one_not_only_in_total(tmp_path):
    rows = [r.copy() for r in ROWS]
    rows[0][11] = "120,01"  # VE 0001: one cent too many...
    rows[3][11] = "119,99"  # ...BQ 0001: one cent short; the file's totals still agree
    assert refused(write(tmp_path, fec_bytes(rows))) == [
        f"{NAME} : FEC déséquilibré, jamais utilisé ainsi : total des débits 240,00\u00a0€, "
        "total des crédits 240,00\u00a0€, écart 0,00\u00a0€ ; 2 écriture(s) "
        f"déséquilibrée(s) ; {FIX}",
        f"{NAME}, ligne(s) 2, 3, 4 : écriture « 0001 » du journal « VE » déséquilibrée de "
        "0,01\u00a0€ (débits moins crédits)",
        f"{NAME}, ligne(s) 5, 6 : écriture « 0001 » du journal « BQ » déséquilibrée de "
        "\u22120,01\u00a0€ (débits moins crédits)",
    ]


def test_only_the_first_five_unbalanced_entries_are_quoted(tmp_path):
    rows = [line for n in range(7) for line in invoice(f"{n + 1:04d}", tva="19,99")]
    problems = refused(write(tmp_path, fec_bytes(rows)))
    assert len(problems) == 7
    assert problems[0].startswith(
        f"{NAME} : FEC déséquilibré, jamais utilisé ainsi : total des débits 840,00\u00a0€, "
        "total des crédits 839,93\u00a0€, écart 0,07\u00a0€ ; 7 écriture(s) déséquilibrée(s)"
    )
    assert problems[5].startswith(f"{NAME}, ligne(s) 14, 15, 16 : écriture « 0005 »")
    assert problems[6] == f"{NAME} : et 2 autre(s) écriture(s)"


def test_a_file_missing_mandatory_fields_is_not_a_fec(tmp_path):
    header = [h for h in HEADER if h not in ("ValidDate", "Idevise")]
    rows = [[f for h, f in zip(HEADER, r, strict=True) if h in header] for r in ROWS]
    assert refused(write(tmp_path, fec_bytes(rows, header=header))) == [
        f"{NAME}, ligne 1 : ce n'est pas un FEC complet, champ(s) obligatoire(s) absent(s) de "
        f"l'en-tête : ValidDate, Idevise (champs lus : {', '.join(header)}) ; {FIX} (les 18 "
        "champs de l'art. A.47 A-1 LPF)"
    ]


def test_without_debit_and_credit_montant_and_sens_are_named(tmp_path):
    header = [h for h in HEADER if h != "Credit"]
    problems = refused(write(tmp_path, fec_bytes([], header=header)))
    assert "absent(s) de l'en-tête : Credit, (ou Montant et Sens au lieu de Debit et Credit)" in problems[0]


def test_a_field_named_twice_is_refused(tmp_path):
    header = [*HEADER, "montantdevise"]
    assert refused(write(tmp_path, fec_bytes([], header=header))) == [
        f"{NAME}, ligne 1 : champ(s) « Montantdevise », « montantdevise » présent(s) plusieurs "
        f"fois dans l'en-tête du FEC ; {FIX}"
    ]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", f"{NAME}, ligne 1 : fichier vide ou sans en-tête ; {FIX}"),
        (b"\n\n", f"{NAME}, ligne 1 : fichier vide ou sans en-tête ; {FIX}"),
        (b"invoice_id,debtor_id,amount\nF1,C1,12.50\n",
         f"{NAME}, ligne 1 : en-tête sans tabulation ni « | » : ce n'est pas un FEC ; {FIX}"),
    ],
    ids=["empty", "blank-lines", "comma-csv"],
)
def test_an_empty_file_or_a_csv_is_not_a_fec(tmp_path, data, problem):
    assert refused(write(tmp_path, data)) == [problem]


def test_a_fec_of_which_no_line_is_readable_is_refused(tmp_path):
    rows = invoice(date="2024-13-01")
    problems = refused(write(tmp_path, fec_bytes(rows)))
    assert problems[0] == f"{NAME} : aucune des 3 lignes du FEC n'est lisible ; {FIX}"
    assert problems[1] == (
        f"{NAME}, ligne 2, EcritureDate « 2024-13-01 » : date illisible (attendue AAAAMMJJ, "
        f"par exemple 20240131) ; {FIX_LINE}"
    )


def test_a_header_alone_is_an_empty_fec(tmp_path):
    fec = read_fec_file(write(tmp_path, fec_bytes([])))
    assert (fec.read, fec.problems, list(fec.lines.columns)) == (0, [], list(LINE_COLUMNS))
    pd.testing.assert_series_equal(fec.lines.dtypes, expected_lines().dtypes)


def test_a_missing_file_is_named_in_french(tmp_path):
    assert refused(tmp_path / NAME) == [
        f"{NAME} : fichier introuvable ; vérifier son nom et son dossier"
    ]


@pytest.mark.parametrize(
    ("options", "header", "expected"),
    [
        ({}, None, True),
        ({"sep": "|", "bom": True}, None, True),
        ({"encoding": "utf-16"}, None, True),
        ({"sep": ";"}, None, True),
        ({}, [h.lower() for h in HEADER], True),
        ({}, [h for h in HEADER if h != "Idevise"], True),  # a FEC, refused on reading
        ({"sep": ","}, None, False),
        ({}, ["invoice_id", "debtor_id", "EcritureDate", "Debit", "Credit"], False),
        ({}, ["JournalCode", "Debit", "Credit"], False),
    ],
    ids=["tab", "pipe-bom", "utf-16", "semicolon", "lower-case", "field-missing", "comma",
         "no-journal-or-entry", "three-fields"],
)
def test_is_fec_reads_the_first_line_only(tmp_path, options, header, expected):
    assert is_fec(write(tmp_path, fec_bytes([], header=header, **options))) is expected


def test_is_fec_of_an_empty_or_missing_file(tmp_path):
    assert not is_fec(write(tmp_path, b""))
    assert not is_fec(tmp_path / "absent.txt")
    assert not is_fec(tmp_path)


# -- property: random small ledgers in random dialects read back to the cent ----------

#: Text that every encoding of the dialects can write (no separator, no line break).
SAFE_TEXT = st.text(alphabet="abcdeXYZ éèàçÉ'-.0123456789", max_size=12)

ids = st.builds(lambda n, width: f"{n:0{width}d}", st.integers(0, 99999), st.integers(1, 8))


@st.composite
def ledgers(draw):
    """Balanced entries: lines of (journal, entry, date, account, aux, label, net cents)."""
    lines = []
    for number in draw(st.lists(ids, min_size=1, max_size=5, unique=True)):
        journal = draw(st.sampled_from(["VE", "BQ", "OD", "AN", "ACH"]))
        date = draw(st.dates(pd.Timestamp("2000-01-01").date(), pd.Timestamp("2030-12-31").date()))
        nets = draw(st.lists(st.integers(-(10**11), 10**11), min_size=1, max_size=3))
        for net in [*nets, -sum(nets)]:
            account = draw(st.sampled_from(["411000", "0411", "706000", "512000", "445710"]))
            aux = draw(st.one_of(st.just(""), ids))
            lines.append((journal, number, date, account, aux, draw(SAFE_TEXT), net))
    return lines


@st.composite
def dialects(draw):
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "iso-8859-15", "utf-16"]))
    return {
        "sep": draw(st.sampled_from(["\t", "|", ";"])),
        "encoding": encoding,
        "bom": encoding == "utf-8" and draw(st.booleans()),
        "ending": draw(st.sampled_from(["\n", "\r\n", "\r", "\r\r\n"])),
        "trailing": draw(st.booleans()),
        "pad": draw(st.sampled_from([0, 0, 40])),
        "final_ending": draw(st.booleans()),
        # how the values are written
        "zeros": draw(st.sampled_from([0, 16])),
        "decimal": draw(st.sampled_from([",", "."])),
        "thousands": draw(st.booleans()),
        "negatives": draw(st.booleans()),
        "sens": draw(st.sampled_from([None, ("D", "C"), ("+1", "-1")])),
        "cash_basis": draw(st.booleans()),
        "date": draw(st.sampled_from(["%Y%m%d", "%Y-%m-%d", "%d/%m/%Y"])),
        "case": draw(st.sampled_from([str, str.lower, str.upper])),
    }


def money(cents: int, d: dict) -> str:
    """``cents`` written as the dialect ``d`` writes amounts."""
    euros, rest = divmod(abs(cents), 100)
    whole = f"{euros:,}".replace(",", " ") if d["thousands"] else str(euros).zfill(d["zeros"])
    return ("-" if cents < 0 else "") + f"{whole}{d['decimal']}{rest:02d}"


def fec_of(lines: list[tuple], d: dict) -> bytes:
    header = HEADER.copy()
    if d["sens"]:
        header[11:13] = ["Montant", "Sens"]
    header = [d["case"](h) for h in header] + (CASH_BASIS if d["cash_basis"] else [])
    rows = []
    for journal, number, date, account, aux, label, net in lines:
        if d["sens"]:
            amounts = [money(abs(net), d), d["sens"][net < 0]]
        elif d["negatives"] and net < 0:
            amounts = [money(net, d), ""]  # a credit written as a negative debit
        else:
            amounts = [money(max(net, 0), d), money(max(-net, 0), d)]
        day = date.strftime(d["date"])
        fields = row(journal, number, day, account, aux=aux, label=label, piece_date=day,
                     valid_date=day)  # fmt: skip
        fields[11:13] = amounts
        rows.append(fields + (["", "", "", ""] if d["cash_basis"] else []))
    options = ("sep", "encoding", "bom", "ending", "trailing", "pad", "final_ending")
    return fec_bytes(rows, header=header, **{k: d[k] for k in options})


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(lines=ledgers(), d=dialects())
def test_random_ledgers_in_random_dialects_read_back_to_the_cent(tmp_path, lines, d):
    fec = read_fec_file(write(tmp_path, fec_of(lines, d)))
    assert (fec.problems, fec.read) == ([], len(lines))
    got = fec.lines
    assert got["line"].tolist() == list(range(2, len(lines) + 2))
    assert (got["debit"] - got["credit"]).tolist() == [line[6] for line in lines]
    assert ((got["debit"] >= 0) & (got["credit"] >= 0)).all()
    assert got["journal"].tolist() == [line[0] for line in lines]
    assert got["entry"].tolist() == [line[1] for line in lines]
    assert got["account"].tolist() == [line[3] for line in lines]
    assert got["aux"].fillna("").tolist() == [line[4] for line in lines]
    assert got["label"].fillna("").tolist() == [line[5].strip() for line in lines]
    assert got["date"].dt.date.tolist() == [line[2] for line in lines]


def test_a_wrong_line_is_shown_whole_in_a_file_with_final_separators(tmp_path):
    rows = [*ROWS, row("OD", "9", debit="1,00", label="a|b")]
    fec = read_fec_file(write(tmp_path, fec_bytes(rows, sep="|", trailing=True)))
    assert [(p["row"], p["value"][-11:]) for p in fec.problems] == [(7, "20240131|||")]
    assert fec.problems[0]["problem"].startswith("19 champs au lieu de 18")


def test_the_balance_is_exact_beyond_int64():
    big = 2**62
    lines = pd.DataFrame({
        "line": [2, 3, 4, 5], "journal": ["OD"] * 4, "entry": ["1"] * 4,
        "debit": np.array([big, big, 0, 0], dtype="int64"),
        "credit": np.array([0, 0, big, big - 1], dtype="int64"),
    })  # fmt: skip
    with pytest.raises(LedgerError) as err:
        check_balance(NAME, lines, [])
    total = f"{2 * big // 100:,}".replace(",", "\u00a0")
    assert err.value.problems[0].startswith(
        f"{NAME} : FEC déséquilibré, jamais utilisé ainsi : total des débits {total},"
        f"{2 * big % 100:02d}\u00a0€"
    )
    assert "déséquilibrée de 0,01\u00a0€" in err.value.problems[1]
    lines.loc[3, "credit"] = big
    check_balance(NAME, lines, [])  # balanced: no error
