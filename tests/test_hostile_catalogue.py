"""The hostile-input corpus and its catalogue ``docs/hostile-inputs.md`` say the same thing."""

from __future__ import annotations

from collections import Counter

from tools.hostile_inputs import DOC, GROUPS, load_cases, render


def test_every_case_is_in_the_catalogue_as_tested():
    cases = load_cases()
    assert set(cases) == set(GROUPS), "a corpus module is missing"
    written = DOC.read_text(encoding="utf-8")
    assert written == render(cases), "docs/hostile-inputs.md is stale: python -m tools.hostile_inputs"


def test_the_corpus_is_large_and_its_ids_unique():
    ids = [case.id for group in load_cases().values() for case in group]
    assert len(ids) >= 40
    assert [i for i, n in Counter(ids).items() if n > 1] == []
