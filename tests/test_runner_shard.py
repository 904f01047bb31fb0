"""``--shard k/N``: one share of a batch, the shares together make the whole batch."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from recouvrement import runner as rp
from recouvrement.cli import app
from recouvrement.runner.shard import parse_shard, shard_ids

COMPANIES = ["delta", "alpha", "echo", "charlie", "bravo"]


def test_shards_are_balanced_deterministic_and_keep_the_given_order():
    """Sorted: alpha bravo charlie delta echo -> 1/2: alpha charlie echo; 2/2: bravo
    delta; each listed in the order given."""
    assert shard_ids(COMPANIES, 1, 2) == ["alpha", "echo", "charlie"]
    assert shard_ids(COMPANIES, 2, 2) == ["delta", "bravo"]
    assert shard_ids(reversed(COMPANIES), 2, 2) == ["bravo", "delta"]
    assert shard_ids(COMPANIES, 1, 1) == COMPANIES


@given(st.lists(st.text("abcdefgh", min_size=1, max_size=6), unique=True), st.integers(1, 7))
def test_the_shards_partition_the_batch(ids, n):
    parts = [shard_ids(ids, k, n) for k in range(1, n + 1)]
    assert sorted(c for part in parts for c in part) == sorted(ids)
    sizes = [len(part) for part in parts]
    assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("2/4", {}, (2, 4)),
        (" 1 / 1 ", {}, (1, 1)),
        ("auto/4", {"JOB_COMPLETION_INDEX": "0"}, (1, 4)),  # Kubernetes: 0-based
        ("auto/4", {"SLURM_ARRAY_TASK_ID": "3"}, (4, 4)),  # SLURM array 0-3
        ("auto/4", {"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1"}, (4, 4)),  # 1-4
        ("auto/3", {"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5"}, (3, 3)),
    ],
)
def test_a_shard_is_read_from_the_option_or_the_scheduler(text, env, expected):
    """``auto``: the job's 0-based index (Kubernetes) or its array id counted from
    SLURM_ARRAY_TASK_MIN, plus one."""
    assert parse_shard(text, env) == expected


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("3", {}, "k/N est attendu"),
        ("0/2", {}, "la part 0 n'est pas entre 1 et 2"),
        ("3/2", {}, "la part 3 n'est pas entre 1 et 2"),
        ("1/0", {}, "le nombre de parts doit être au moins 1"),
        ("auto/2", {}, "JOB_COMPLETION_INDEX ou SLURM_ARRAY_TASK_ID, absents ici"),
        ("auto/2", {"JOB_COMPLETION_INDEX": "2"}, "la part 3 n'est pas entre 1 et 2"),
    ],
)
def test_a_bad_shard_is_refused_in_french(text, env, message):
    with pytest.raises(ValueError, match=message):
        parse_shard(text, env)


def _broken_companies(root, names):
    """Companies whose invoices file has no usable column: each fails at once, no kernel."""
    for name in names:
        (root / name).mkdir(parents=True)
        (root / name / "invoices.csv").write_text("x,y\n1,2\n", encoding="utf-8")


def test_the_shards_of_a_batch_take_their_companies_and_their_own_checklist(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    _broken_companies(data, COMPANIES)
    common = dict(data_dir=data, out_dir=out, jobs=1, progress=False)
    one = rp.run_batch("2026-10", shard=(1, 2), **common)
    two = rp.run_batch("2026-10", shard=(2, 2), **common)
    assert [r.company for r in one.results] == ["alpha", "charlie", "echo"]
    assert [r.company for r in two.results] == ["bravo", "delta"]
    assert one.checklist.name == "lettres-a-completer-1-sur-2.csv"
    assert two.checklist.name == "lettres-a-completer-2-sur-2.csv"
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(COMPANIES)


def test_the_cli_refuses_a_bad_shard_before_any_work(tmp_path):
    result = CliRunner().invoke(app, ["batch", "--data", str(tmp_path), "--shard", "5/2"])
    assert result.exit_code != 0
    assert "la part 5 n'est pas entre 1 et 2" in result.output


def test_the_index_links_every_shard_checklist(tmp_path):
    """Two jobs of a sharded batch: the index links both parts' checklists, in order."""
    from recouvrement.runner.index import checklist_links
    from recouvrement.runner.letters import write_batch_checklist

    write_batch_checklist(tmp_path, [], suffix="-2-sur-2")
    write_batch_checklist(tmp_path, [], suffix="-1-sur-2")
    assert [(link["label"], link["href"]) for link in checklist_links(tmp_path)] == [
        ("part 1/2 HTML", "lettres-a-completer-1-sur-2.html"),
        ("part 1/2 CSV", "lettres-a-completer-1-sur-2.csv"),
        ("part 2/2 HTML", "lettres-a-completer-2-sur-2.html"),
        ("part 2/2 CSV", "lettres-a-completer-2-sur-2.csv"),
    ]
