"""pyarrow's split of a CSV against Python's csv reader: same cells, lines and messages."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.io.csv_arrow import first_line, header_fields, split_records
from recouvrement.io.files import read_csv, read_csv_records
from recouvrement.ledger.parse_text import PY_SPACE

SPLIT = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def both(text: str, sep: str = ";"):
    """``(pyarrow's split or None, Python's split)`` of ``text`` (a file named f.csv)."""
    path = Path("f.csv")
    python = read_csv_records(path, text, sep)
    found = header_fields(text, sep)
    if found is None:
        return None, python
    names = [h.strip() for h in found[0]]
    return split_records(text, sep, names, found[1]), python


def same(arrow, python) -> None:
    frame, numbers, bad = arrow
    expected, expected_numbers, expected_bad = python
    assert numbers == expected_numbers
    assert bad == expected_bad
    assert list(frame.columns) == list(expected.columns)
    assert frame.astype(object).to_numpy().tolist() == expected.to_numpy().tolist()


def test_python_whitespace_is_the_class_written_out():
    assert PY_SPACE == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\nid\n",
        "a;b\r\nc;d",
        "a\x0cb;c\nx",
        "a;b\u2028c\n",
    ],
)
def test_first_line_is_that_of_splitlines(text):
    assert first_line(text) == (text.splitlines() or [""])[0]


@pytest.mark.parametrize(
    "text",
    [
        'a;b;c\n1;2;3\n\n4;5\n;;\n"x\ny";z;w\n6;7;8;9\n  \n10;"1""1";12\n',
        'a;b;c\r\n"ab"c;d;e\r\n"a" ;b;c\r\n1;2;"3"x"y"\r\n\t;;\r\n',
        'a;b;c\n"1\r\n2";"3\r4";5\r6;7;8\n9;10;11',
        "a;b;c\n1;2\x00;3\n1;2;3\n\n\n",
        'a;b\n"x\n\n\ny";1\nF3;a;b\n;\n',
        "id\n\n\nF1\n \nF2\n",
    ],
    ids=[
        "mixed",
        "quotes-after-close",
        "lone-cr",
        "nul-trailing-blanks",
        "blank-lines-in-quotes",
        "one-column",
    ],
)
def test_arrow_splits_as_python(text):
    arrow, python = both(text)
    assert arrow is not None
    same(arrow, python)


@pytest.mark.parametrize(
    "text",
    [
        'id,amount,x\nF1,1,a\nF2,"2,b\nF3,3,c\nF4,4,d\n',  # unclosed quote: to the end
        '"a\nb";c\n1;2\n',  # a quoted line break in the header
        "id\n",  # no record
    ],
    ids=["unclosed-quote", "header-on-two-lines", "header-only"],
)
def test_files_pyarrow_could_split_otherwise_are_left_to_python(text):
    sep = "," if text.startswith("id,") else ";"
    arrow, _ = both(text, sep)
    assert arrow is None


def test_a_field_over_the_csv_limit_is_left_to_python():
    text = "id;x\n" + "x" * 200_000 + ";1\n"
    assert split_records(text, ";", ["id", "x"], 5) is None


def test_a_read_csv_gives_arrow_text_columns(tmp_path):
    path = tmp_path / "invoices.csv"
    path.write_text("id;amount\nF1;1,5\n\nF2;2\nF3\n", encoding="utf-8")
    frame, numbers, bad = read_csv(path, {})
    assert isinstance(frame["id"].dtype, pd.StringDtype)
    assert frame["id"].tolist() == ["F1", "F2"] and numbers == [2, 4]
    assert bad == [
        {
            "row": 5,
            "column": "",
            "value": "F3",
            "problem": "ligne mal formée : 1 champs au lieu de 2",
        }
    ]


CELL = st.text(alphabet=st.sampled_from(list('ab1 ;,"\n\r\t\x00é\u202f')), max_size=6)


@SPLIT
@given(
    header=st.lists(
        st.text(alphabet="abc ", min_size=1, max_size=3),
        min_size=1,
        max_size=3,
        unique_by=str.strip,
    ),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=4), max_size=8),
    glue=st.sampled_from(["\n", "\r\n", "\r"]),
    quote=st.booleans(),
    tail=st.booleans(),
)
def test_arrow_splits_random_files_as_python(header, rows, glue, quote, tail):
    def field(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if quote and cell else cell

    lines = [";".join(header)] + [";".join(field(c) for c in row) for row in rows]
    text = glue.join(lines) + (glue if tail else "")
    arrow, python = both(text)
    if arrow is not None:
        same(arrow, python)


@SPLIT
@given(text=st.text(alphabet=st.sampled_from(list('ab;"\n\r ')), max_size=40))
def test_arrow_splits_any_text_as_python_or_declines(text):
    text = "a;b\n" + text
    arrow, python = both(text)
    if arrow is not None:
        same(arrow, python)
