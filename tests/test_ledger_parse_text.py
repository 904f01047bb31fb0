"""Control characters in ids and free text: removed, listed, shown escaped."""

from __future__ import annotations

import pandas as pd
import pytest

from recouvrement.ledger.parse_text import CONTROL_PROBLEM, escape_controls, strip_controls


@pytest.mark.parametrize(
    ("raw", "free_text", "cleaned"),
    [
        ("F1\x00", False, "F1"),
        ("F\x1b[31m1", False, "F[31m1"),
        ("A\tB\nC", False, "ABC"),
        ("Alpha\tSA\r\nbis", True, "Alpha SA  bis"),
        ("Bell\x07e\x7f\x85", True, "Belle "),
        ("Ménard & Fils", True, "Ménard & Fils"),
    ],
    ids=["nul-id", "escape-id", "tab-newline-id", "tab-newline-text", "bell-del-nel", "clean"],
)
def test_control_characters_are_removed(raw, free_text, cleaned):
    for dtype in ("object", "str"):
        out, hit = strip_controls(pd.Series([raw, None], dtype=dtype), free_text=free_text)
        assert out[0] == cleaned
        assert hit.tolist() == [raw != cleaned, False]


def test_other_cells_are_left_as_they_are():
    raw = pd.Series([12.5, None, "ok", "x\x00"], dtype="object")
    out, hit = strip_controls(raw, free_text=False)
    assert out.tolist()[:3] == [12.5, None, "ok"] and out[3] == "x"
    assert hit.tolist() == [False, False, False, True]
    floats = pd.Series([1.0, 2.0])
    assert strip_controls(floats, free_text=False)[0] is floats


def test_escaped_values_print_on_one_line():
    assert escape_controls("F1\x00\n\x7f") == "F1\\x00\\x0a\\x7f"
    assert escape_controls("Ménard") == "Ménard"
    assert CONTROL_PROBLEM == "caractères de contrôle supprimés"
