"""One shard of a batch: ``--shard k/N`` splits the companies over N independent jobs.

A firm with thousands of client companies splits its monthly batch over machines with
what it already runs — Kubernetes indexed jobs, SLURM job arrays, CI matrices — and no
extra dependency: job k of N builds the reports of its share of the companies, all
jobs write to the same output folder, and together they build exactly the reports of
one whole batch.

The split is deterministic and balanced: the company ids are sorted and the i-th
(0-based) goes to shard ``i mod N + 1``. Every company is in exactly one shard, the
shards differ in size by one company at most, and the split does not depend on the
order the ids were given in.

``k`` may be ``auto``: it is then read from the scheduler's environment,
``JOB_COMPLETION_INDEX`` (Kubernetes indexed job, 0-based) or ``SLURM_ARRAY_TASK_ID``
(SLURM array, counted from ``SLURM_ARRAY_TASK_MIN``, default 0): ``--shard auto/8`` is
the same command line for the eight jobs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

__all__ = ["SHARD_ENV", "parse_shard", "shard_ids", "shard_label"]

#: Environment variables giving a job's 0-based index, in the order they are read.
SHARD_ENV = ("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID")

_SHARD = re.compile(r"^\s*(auto|\d+)\s*/\s*(\d+)\s*$")


def _index_from_env(env: Mapping[str, str]) -> int | None:
    """The job's 0-based index from the scheduler's environment, or ``None``."""
    if env.get("JOB_COMPLETION_INDEX", "").strip():
        return int(env["JOB_COMPLETION_INDEX"])
    if env.get("SLURM_ARRAY_TASK_ID", "").strip():
        return int(env["SLURM_ARRAY_TASK_ID"]) - int(env.get("SLURM_ARRAY_TASK_MIN") or 0)
    return None


def parse_shard(text: str, env: Mapping[str, str] | None = None) -> tuple[int, int]:
    """``"k/N"`` (or ``"auto/N"``) as ``(k, N)`` with 1 ≤ k ≤ N.

    Raises
    ------
    ValueError
        In French, naming the value and what is expected.

    """
    m = _SHARD.match(str(text))
    if not m:
        raise ValueError(
            f"--shard « {text} » : k/N est attendu, k le numéro de la part (de 1 à N) ou "
            "auto, N le nombre de parts (par exemple --shard 1/4 ou --shard auto/4)"
        )
    n = int(m[2])
    if n < 1:
        raise ValueError(f"--shard « {text} » : le nombre de parts doit être au moins 1")
    if m[1] == "auto":
        try:
            index = _index_from_env(os.environ if env is None else env)
        except ValueError:
            index = -1
        if index is None:
            raise ValueError(
                f"--shard « {text} » : auto lit le numéro de la part dans "
                f"{' ou '.join(SHARD_ENV)}, absents ici ; donner k/N explicitement"
            )
        k = index + 1
    else:
        k = int(m[1])
    if not 1 <= k <= n:
        raise ValueError(f"--shard « {text} » : la part {k} n'est pas entre 1 et {n}")
    return k, n


def shard_ids(ids: Iterable[str], k: int, n: int) -> list[str]:
    """The ids of shard ``k`` of ``n``, in the order they were given (module docstring)."""
    ids = list(ids)
    mine = {c for i, c in enumerate(sorted(set(ids))) if i % n == k - 1}
    return [c for c in ids if c in mine]


def shard_label(k: int, n: int) -> str:
    """``"part 2 sur 4"``, for messages and file names' readers."""
    return f"part {k} sur {n}"
