"""Aging bucket schemes: edges in days or calendar months, and their French labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Label of the bucket of open items not yet due (age ≤ 0).
NOT_DUE_LABEL = "Non échu"
#: Column of the amounts that are not aged (unapplied cash, unallocated credits, overpayments).
UNAPPLIED_LABEL = "Non affecté"
#: Column of a debtor's whole balance.
TOTAL_LABEL = "Total"

#: Default edges of the aging buckets, in days past due (DOMAIN.md).
DEFAULT_BUCKETS = (30, 60, 90)


@dataclass(frozen=True)
class Buckets:
    """A bucket scheme: increasing edges in ``days`` or whole calendar ``months``.

    With edges ``(30, 60, 90)`` in days the labels are ``Non échu`` (age ≤ 0),
    ``1-30``, ``31-60``, ``61-90``, ``> 90``: a bucket ``a-b`` holds ages
    ``a ≤ age ≤ b``. With edges ``(2, 6)`` in months the labels are ``Non échu``,
    ``< 2 mois``, ``2-6 mois``, ``> 6 mois``: the age is the number of *complete*
    calendar months elapsed since the reference date, a bucket ``a-b mois`` holds
    ``a ≤ months < b``.
    """

    edges: tuple[int, ...] = DEFAULT_BUCKETS
    unit: Literal["days", "months"] = "days"

    def __post_init__(self) -> None:
        edges = tuple(int(e) for e in self.edges)
        if not edges:
            raise ValueError("a bucket scheme needs at least one edge")
        if any(e <= 0 for e in edges) or any(
            b <= a for a, b in zip(edges, edges[1:], strict=False)
        ):
            raise ValueError(
                f"bucket edges must be positive and strictly increasing, got {self.edges!r}"
            )
        if self.unit not in ("days", "months"):
            raise ValueError(f"bucket unit must be 'days' or 'months', got {self.unit!r}")
        object.__setattr__(self, "edges", edges)

    def labels(self, basis: str = "due") -> list[str]:
        """Labels of the buckets, youngest first.

        With ``basis="issue"`` (age since the issue date) there is no "not due"
        bucket: the first bucket starts at age 0.
        """
        e = self.edges
        if self.unit == "days":
            first = NOT_DUE_LABEL if basis == "due" else f"0-{e[0]}"
            middle = [f"{a + 1}-{b}" for a, b in zip(e, e[1:], strict=False)]
            if basis == "due":
                middle = [f"1-{e[0]}", *middle]
            return [first, *middle, f"> {e[-1]}"]
        first_label = f"< {e[0]} mois"
        middle = [f"{a}-{b} mois" for a, b in zip(e, e[1:], strict=False)]
        head = [NOT_DUE_LABEL, first_label] if basis == "due" else [first_label]
        return [*head, *middle, f"> {e[-1]} mois"]

    def describe(self) -> str:
        """One French sentence describing the scheme, for the methodology appendix."""
        unit = "jours" if self.unit == "days" else "mois calendaires complets"
        return f"tranches d'âge en {unit}, bornes {', '.join(str(e) for e in self.edges)}"


#: The month scheme of DOMAIN.md (``< 2 mois``, ``2-6 mois``, ``> 6 mois``).
MONTH_BUCKETS = Buckets((2, 6), unit="months")

#: Age segments of the recovery rate (DOMAIN.md): by months past due.
RECOVERY_SEGMENTS = MONTH_BUCKETS

#: Named bucket schemes (the ``buckets`` parameter of a report), in menu order.
BUCKET_PRESETS: dict[str, Buckets] = {
    "jours": Buckets(),
    "120": Buckets((30, 60, 90, 120)),
    "mois": MONTH_BUCKETS,
}


def as_buckets(buckets: Buckets | tuple[int, ...] | list[int] | str | None) -> Buckets:
    """Normalise a ``buckets=`` argument.

    Accepts a :class:`Buckets`, a sequence of day edges, ``None`` (the default
    scheme) or a preset name: ``"jours"`` (30/60/90), ``"120"`` (30/60/90/120)
    or ``"mois"`` (2/6 months).
    """
    if buckets is None:
        return Buckets()
    if isinstance(buckets, Buckets):
        return buckets
    if isinstance(buckets, str):
        try:
            return BUCKET_PRESETS[buckets]
        except KeyError:
            raise ValueError(
                f"unknown bucket preset {buckets!r}; choose one of {sorted(BUCKET_PRESETS)} "
                "or give increasing edges such as (30, 60, 90, 120)"
            ) from None
    return Buckets(tuple(buckets))
