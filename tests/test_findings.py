"""The findings package as a whole: sections, contract, rules text and the bundled sample.

The rules are tested module by module, with exact sentences (no-break spaces
``\\u00a0`` and minus signs ``\\u2212`` of the French formatting written out):
``test_findings_moves`` (rules 1-2), ``test_findings_status`` (rules 3 and 6),
``test_findings_drivers`` (rule 4), ``test_findings_actions`` (rule 5),
``test_findings_language`` (English) and ``test_findings_audit`` (the audit layer's
findings); their inputs are built by ``builders`` (findings inputs).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from builders import NAMES, NO_REMINDERS, OCT, SEP, history, kpi, october_balance, two_months
from pandas.testing import assert_frame_equal, assert_series_equal

import recouvrement as rc
from recouvrement.report import findings as fd

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def test_sections_titles_and_placeholders():
    out = fd.executive_findings(two_months("dso", 40.0, 41.0), targets={})
    assert out.sections() == [
        (
            "Évolutions du mois",
            ["Aucune variation au-delà des seuils de matérialité depuis le 30/09/2026."],
        ),
        ("Hors objectif", ["Aucun indicateur hors objectif."]),
        (
            "Origine de l'échu",
            ["Balance âgée non fournie : l'origine de l'échu n'est pas analysée."],
        ),
        ("Actions recommandées", ["Aucune action recommandée par les règles ce mois-ci."]),
    ]  # every KPI available: no section « Indicateurs non disponibles »


@pytest.mark.parametrize("language", ["de", "FR", "", None], ids=["de", "FR", "empty", "none"])
def test_invalid_language_raises(language):
    with pytest.raises(ValueError, match="language"):
        fd.executive_findings(history(kpi(OCT, "dso", 40.0)), language=language)


def test_invalid_history_raises():
    with pytest.raises(ValueError, match="empty"):
        fd.executive_findings(history())
    with pytest.raises(ValueError, match="columns"):
        fd.executive_findings(history(kpi(OCT, "dso", 40.0)).drop(columns="unit"))
    with pytest.raises(ValueError, match="duplicated"):
        fd.executive_findings(history(kpi(OCT, "dso", 40.0), kpi(OCT, "dso", 41.0)))


def test_inputs_not_mutated():
    balance = october_balance()
    hist = history(
        kpi(SEP, "dso", 64.0),
        kpi(OCT, "dso", 72.4),
        kpi(OCT, "activation_rate", None, reason=NO_REMINDERS),
    )
    names = pd.Series(NAMES, name="name")
    targets = {"dso": 60.0}
    hist_before, balance_before, names_before = hist.copy(), balance.copy(), names.copy()
    fd.executive_findings(hist, balance=balance, names=names, targets=targets)
    assert_frame_equal(hist, hist_before)
    assert_frame_equal(balance, balance_before)
    assert_series_equal(names, names_before)
    assert targets == {"dso": 60.0}


def test_findings_is_frozen():
    out = fd.executive_findings(history(kpi(OCT, "dso", 40.0)), targets={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.moves = []  # type: ignore[misc]


def test_rules_cover_every_threshold():
    text = " ".join(f"{rule} {threshold}" for rule, threshold in fd.RULES)
    for needle in ["1\u00a0point", "3\u00a0j", "10\u00a0%", "0,01", "25\u00a0%", "50\u00a0%"]:
        assert needle in text
    assert rc.executive_findings is fd.executive_findings
    assert rc.Findings is fd.Findings


# ---------------------------------------------------------------------------
# Integration on a bundled sample
# ---------------------------------------------------------------------------
def test_conseil_horizon_sample():
    ledger = rc.read_ledger(SAMPLES / "conseil-horizon")
    hist = rc.kpi_history(ledger, "2026-10-31", 3)
    balance = rc.aged_balance(ledger, "2026-10-31")
    names = ledger.debtors.set_index("debtor_id")["name"]
    out = rc.executive_findings(hist, balance=balance, names=names)
    assert out.as_of == pd.Timestamp("2026-10-31")
    assert out.previous == pd.Timestamp("2026-09-30")
    sections = out.sections()
    assert len(sections) == 4 + bool(out.unavailable)  # « non disponibles » only when some are
    assert all(sentences and all(s.strip() for s in sentences) for _, sentences in sections)
    top = names[balance.index[0]]  # aged_balance sorts by overdue amount
    assert out.drivers[1].startswith(f"{top} : ")
    assert any(top in action for action in out.actions)
    assert out.drivers[0].startswith("Échu total au 31/10/2026 : ")
    table = rc.compare_to_targets(rc.kpi_pack(ledger, "2026-10-31"))
    unfavourable = table[~table["favorable"] & table["Résultat"].notna()]
    assert len(out.off_target) == len(unfavourable) > 0
    for label, sentence in zip(unfavourable["Indicateur"], out.off_target, strict=True):
        assert sentence.startswith(f"{label} : ")


def test_public_names():
    for name in fd.__all__:
        assert hasattr(fd, name), name
    assert (fd.MOVE_THRESHOLD_PTS, fd.MOVE_THRESHOLD_DAYS) == (1.0, 3.0)
    assert (fd.MOVE_THRESHOLD_RELATIVE, fd.MOVE_THRESHOLD_RATIO) == (0.10, 0.01)
    assert (fd.TREND_MONTHS, fd.TOP_DEBTORS) == (3, 3)
    assert (fd.OLD_SHARE_THRESHOLD, fd.CONCENTRATION_THRESHOLD) == (25.0, 50.0)
    assert fd.PRESCRIPTION_URGENT_DAYS == 183
    assert fd.LANGUAGES == ("fr", "en")
    assert rc.audit_findings is fd.audit_findings
