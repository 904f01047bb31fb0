"""The terminal summary (``make summary``) on the bundled samples."""

from __future__ import annotations

from pathlib import Path

import recouvrement as rc
from recouvrement.formatting import fmt_eur
from recouvrement.report import summary

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def test_summary_of_one_sample_company(capsys):
    assert (
        summary.main(["--data", str(SAMPLES), "--company", "conseil-horizon", "--month", "2026-10"])
        == 0
    )
    out = capsys.readouterr().out
    assert "Conseil Horizon SARL — octobre 2026 (au 31/10/2026)" in out
    assert ": vérifié." in out  # the reconciliation statement
    assert "Taux de recouvrement" in out and "DSO (méthode par épuisement)" in out
    # the deliberate problems of this sample are listed
    assert "échéance manquante" in out and "facture inconnue" in out and "date illisible" in out
    # the printed total is the aged balance total
    ledger = rc.read_ledger(SAMPLES / "conseil-horizon")
    total = rc.aged_balance(ledger, "2026-10-31")["Total"].sum()
    assert f"total {fmt_eur(total)}" in out


def test_latest_month_and_unreadable_company(tmp_path, capsys):
    (tmp_path / "broken").mkdir()
    assert summary.main(["--data", str(tmp_path)]) == 1
    assert "broken" in capsys.readouterr().err
    # without --month, each company's own latest month (its last invoice or payment)
    assert summary.main(["--data", str(SAMPLES), "--company", "conseil-horizon"]) == 0
    assert "Conseil Horizon SARL — octobre 2026 (au 31/10/2026)" in capsys.readouterr().out
