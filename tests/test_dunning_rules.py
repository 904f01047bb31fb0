"""The French dunning rules of the methodology appendix."""

from __future__ import annotations

from recouvrement import dunning


def test_rules_are_french_pairs():
    assert all(isinstance(r, str) and isinstance(t, str) and t for r, t in dunning.RULES)
    assert any("mandataire judiciaire" in t for _, t in dunning.RULES)
