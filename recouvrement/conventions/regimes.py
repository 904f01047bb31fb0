"""The legal regime of each kind of debtor, read from a dated, sourced table.

A debtor is a professional (``professionnel``), a public buyer (``public``: the State,
local authorities and their public bodies, under the *code de la commande publique*)
or a private individual (``particulier``). Each kind has its own rules for the maximum
payment terms, the late-payment interest, the fixed recovery indemnity and the
prescription of the claim; they are data, in ``recouvrement/data/regimes/
debtor_regimes.csv``, one row per kind and date of entry into force, every rule with
the article it comes from:

===============  =====================  ========================  ============  =============
kind             maximum terms          late-payment interest     indemnity     prescription
===============  =====================  ========================  ============  =============
professionnel    60 days (L.441-10 I)   ECB + 10 pts, per          40 €          5 years from
                                        half-year (L.441-10 II)   (D.441-5)     due date
                                                                                (L.110-4)
public           30 days (R.2192-10;    ECB + 8 pts, rate of the  40 €          4 years from
                 50 for public          half-year the interest    (D.2192-35)   1 January
                 hospitals, R.2192-11)  starts (R.2192-31)                      after the due
                                                                                year (loi
                                                                                68-1250)
particulier      none                   legal interest rate from  none          2 years from
                                        the formal notice                       due date
                                        (art. 1231-6 C. civ.)                   (L.218-2
                                                                                C. consom.)
===============  =====================  ========================  ============  =============

:func:`regime_of` gives the :class:`Regime` of a kind at a date; every rule of
:mod:`recouvrement.legal` and the letters ask it rather than testing the kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from recouvrement.conventions import data
from recouvrement.conventions.tables import DEBTOR_KINDS

__all__ = ["REGIMES_FILE", "Regime", "load_regimes", "regime_of"]

#: The table of regimes, inside the package.
REGIMES_FILE = ("data", "regimes", "debtor_regimes.csv")

#: How the late-payment rate is built: from the ECB rate (plus a margin), from the
#: legal interest rate (``professional`` column: the creditor is a professional), or none.
PENALTY_BASES = ("ecb", "legal_rate", "none")
#: From when interest runs: the day after the due date, or the formal notice.
PENALTY_FROM = ("due_date", "formal_notice")
#: Which rate applies: the one of each half-year (L.441-10), or the one of the
#: half-year in which interest started to run, for the whole period (R.2192-31).
RATE_FIXING = ("half_year", "start")
#: Where the prescription period starts: the due date, or 1 January of the next year.
PRESCRIPTION_FROM = ("due_date", "january_next")


@dataclass(frozen=True)
class Regime:
    """The rules of one kind of debtor (one row of the regimes table).

    Attributes
    ----------
    kind, label : str
        ``professionnel``, ``public`` or ``particulier``, and its French label.
    valid_from : Timestamp
        First day the row applies.
    max_terms_days : int or None
        Legal maximum of the agreed payment terms (None: no legal cap).
    penalty : {"ecb", "legal_rate", "none"}
        Basis of the late-payment rate.
    margin_points : int
        Points added to the basis (10 for L.441-10, 8 for R.2192-31).
    penalty_from : {"due_date", "formal_notice"}
        Interest runs from the day after the due date, or from the formal notice.
    rate_fixing : {"half_year", "start"}
        The rate of each half-year, or the rate of the half-year interest started.
    indemnity_cents : int
        Fixed recovery indemnity per invoice paid late, cents (0: none).
    prescription_years : int
    prescription_from : {"due_date", "january_next"}
    terms_source, penalty_source, indemnity_source, prescription_source : str
        The article each rule comes from (French, quoted in the report).

    """

    kind: str
    valid_from: pd.Timestamp
    label: str
    max_terms_days: int | None
    terms_source: str
    penalty: str
    margin_points: int
    penalty_from: str
    rate_fixing: str
    penalty_source: str
    indemnity_cents: int
    indemnity_source: str
    prescription_years: int
    prescription_from: str
    prescription_source: str

    @property
    def indemnity_eur(self) -> float:
        """The fixed indemnity, euros."""
        return self.indemnity_cents / 100

    @property
    def has_penalties(self) -> bool:
        """Whether interest runs without a formal notice (professionals, public buyers)."""
        return self.penalty != "none" and self.penalty_from == "due_date"

    def prescription_start(self, due: pd.Timestamp) -> pd.Timestamp:
        """Start of the prescription period of a claim due on ``due``."""
        if self.prescription_from == "january_next":
            return pd.Timestamp(year=due.year + 1, month=1, day=1)
        return due


def _choice(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ValueError(f"{where} : « {value} » inconnu ; valeurs admises : {', '.join(allowed)}")
    return value


@cache
def load_regimes() -> tuple[Regime, ...]:
    """Every row of the regimes table, checked, sorted by kind then date.

    Raises
    ------
    ValueError
        A kind outside :data:`~recouvrement.conventions.DEBTOR_KINDS`, an unknown
        choice, a missing source, or a kind without any row (French message naming
        the file and the line).

    """
    name = data.label(*REGIMES_FILE)
    table = data.read_csv(*REGIMES_FILE)
    out = []
    for i, row in enumerate(table.to_dict("records"), start=2):
        where = f"{name}, ligne {i}"
        for col in ("terms_source", "penalty_source", "indemnity_source", "prescription_source"):
            if not row[col].strip():
                raise ValueError(f"{where} : colonne {col} vide ; chaque règle cite sa source")
        out.append(
            Regime(
                kind=_choice(row["kind"], DEBTOR_KINDS, where),
                valid_from=pd.Timestamp(row["valid_from"]),
                label=row["label"],
                max_terms_days=int(row["max_terms_days"]) if row["max_terms_days"] else None,
                terms_source=row["terms_source"],
                penalty=_choice(row["penalty"], PENALTY_BASES, where),
                margin_points=int(row["margin_points"]),
                penalty_from=_choice(row["penalty_from"], PENALTY_FROM, where),
                rate_fixing=_choice(row["rate_fixing"], RATE_FIXING, where),
                penalty_source=row["penalty_source"],
                indemnity_cents=round(float(row["indemnity_eur"]) * 100),
                indemnity_source=row["indemnity_source"],
                prescription_years=int(row["prescription_years"]),
                prescription_from=_choice(row["prescription_from"], PRESCRIPTION_FROM, where),
                prescription_source=row["prescription_source"],
            )
        )
    missing = set(DEBTOR_KINDS) - {r.kind for r in out}
    if missing:
        raise ValueError(f"{name} : aucune ligne pour {', '.join(sorted(missing))}")
    return tuple(sorted(out, key=lambda r: (r.kind, r.valid_from)))


def regime_of(kind: str | None, day: object = None) -> Regime | None:
    """The regime of a kind of debtor in force at ``day`` (None for an unknown kind).

    ``day`` missing: the latest row. A date before the kind's first row gets that
    first row (the table states from when its rules apply; see the methodology
    appendix).
    """
    if kind not in DEBTOR_KINDS:
        return None
    rows = [r for r in load_regimes() if r.kind == kind]
    if day is None:
        return rows[-1]
    when = pd.Timestamp(day)
    valid = [r for r in rows if r.valid_from <= when]
    return valid[-1] if valid else rows[0]
