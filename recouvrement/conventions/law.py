"""French legal constants of receivables (DOMAIN.md, "Dunning and legal rules").

Each constant cites the article it comes from; :mod:`recouvrement.legal` applies them
and the report's methodology appendix quotes them. Rates themselves are dated tables
(``recouvrement/data/rates``), not constants; the rules of each kind of debtor (terms,
interest, indemnity, prescription) are the regimes table
(:mod:`recouvrement.conventions.regimes`).

The older names of the professional rules (:data:`ECB_MARGIN_POINTS`,
:data:`RECOVERY_INDEMNITY_EUR`, :data:`RECOVERY_INDEMNITY_FROM`,
:data:`PRESCRIPTION_YEARS_PROFESSIONAL`, :data:`PRESCRIPTION_YEARS_PRIVATE`,
:data:`MAX_TERMS_DAYS`) are kept for the code that names them, but they are read
from that table when first asked for (a rule exists once): the table is their one
source.
"""

from __future__ import annotations

from typing import Any

from recouvrement.conventions.regimes import regime_of
from recouvrement.conventions.tables import DEBTOR_KINDS

#: The three kinds of debtor of the data contract (their rules:
#: :mod:`recouvrement.conventions.regimes`).
PROFESSIONAL, PRIVATE, PUBLIC = DEBTOR_KINDS

#: A contractual penalty rate may not be below this multiple of the legal interest rate
#: (art. L.441-10 II code de commerce).
LEGAL_RATE_MULTIPLIER = 3

#: Kinds of debtor whose late-payment rate may be set by contract (art. L.441-10 II
#: code de commerce: the general terms of sale). A public buyer's rate is set by
#: art. R.2192-31 of the code de la commande publique (ECB + 8 points), which a
#: contract cannot change; an individual owes the legal interest rate (art. 1231-6
#: code civil).
CONTRACTUAL_RATE_KINDS = (PROFESSIONAL,)

#: Claims (principal + penalties + indemnities) strictly below this amount qualify for
#: the small-claims procedures (euros).
SMALL_CLAIMS_LIMIT_EUR = 5000

#: Day-count basis of the penalties (simple interest, rate / 365 per day, leap years too).
DAY_COUNT_DAYS = 365

#: The judgment opening insolvency proceedings stops the running of legal and
#: contractual interest (art. L.622-28 code de commerce; L.631-14 and L.641-3 for the
#: redressement and the liquidation).
INSOLVENCY_INTEREST_STOP = "art. L.622-28 C. com."

#: Short legal basis of each rule, per kind of debtor, as the tables print it (the full
#: text of each rule is in the regimes table, ``*_source``).
PENALTY_BASIS = {
    PROFESSIONAL: "art. L.441-10 C. com.",
    PUBLIC: "art. R.2192-31 CCP",
    PRIVATE: "art. 1231-6 C. civ.",
}
INDEMNITY_BASIS = {
    PROFESSIONAL: "art. D.441-5 C. com.",
    PUBLIC: "art. D.2192-35 CCP",
    PRIVATE: "",
}
TERMS_BASIS = {
    PROFESSIONAL: "art. L.441-10 I C. com.",
    PUBLIC: "art. R.2192-10 CCP",
    PRIVATE: "",
}
PRESCRIPTION_BASIS = {
    PROFESSIONAL: "art. L.110-4 C. com.",
    PUBLIC: "loi n° 68-1250, art. 1er",
    PRIVATE: "art. L.218-2 C. consom.",
}

#: The regime shown for a debtor of unknown kind (no regime applies; see each rule).
UNKNOWN_KIND_LABEL = "type non renseigné"

#: What the late-payment interest of each kind is called in the reasons and notes.
INTEREST_LABEL = {
    PROFESSIONAL: "pénalités",
    PUBLIC: "intérêts moratoires",
    PRIVATE: "intérêts au taux légal",
}

#: The text that set the first day of each kind's indemnity (the ``valid_from`` of its
#: first row in the regimes table), quoted when an invoice is older: the indemnity is
#: due for the claims whose payment term starts on or after it, the term being taken
#: to start at the invoice's issue date.
INDEMNITY_FROM_SOURCE = {
    PROFESSIONAL: "décret n° 2012-1115, art. 2",
    PUBLIC: "décret n° 2013-269 du 29 mars 2013",
    PRIVATE: "",
}

#: Interrupting a prescription: a part payment acknowledges the debt (art. 2240 code
#: civil); against a public buyer, any written claim about the debt too (loi
#: n° 68-1250, art. 2), the period restarting on 1 January of the next year.
PART_PAYMENT_BASIS = "art. 2240 C. civ."
WRITTEN_CLAIM_BASIS = "loi n° 68-1250, art. 2"


def _professional() -> Any:
    return regime_of(PROFESSIONAL)


def _private() -> Any:
    return regime_of(PRIVATE)


#: The older names, read from the regimes table (see the module's docstring).
_FROM_TABLE = {
    # points added to the ECB rate (art. L.441-10 II code de commerce)
    "ECB_MARGIN_POINTS": lambda: _professional().margin_points,
    # fixed indemnity per invoice paid late, professional debtors (art. D.441-5), euros
    "RECOVERY_INDEMNITY_EUR": lambda: _professional().indemnity_eur,
    # first day of the indemnity (loi n° 2012-387, décret n° 2012-1115, art. 2)
    "RECOVERY_INDEMNITY_FROM": lambda: f"{_professional().valid_from:%Y-%m-%d}",
    # years between professionals (art. L.110-4 code de commerce)
    "PRESCRIPTION_YEARS_PROFESSIONAL": lambda: _professional().prescription_years,
    # years against a private person (art. L.218-2 code de la consommation)
    "PRESCRIPTION_YEARS_PRIVATE": lambda: _private().prescription_years,
    # maximum agreed terms from issue between professionals (art. L.441-10 I), days
    "MAX_TERMS_DAYS": lambda: _professional().max_terms_days,
}


def __getattr__(name: str) -> Any:
    """The older names of the professional rules, read from the regimes table (PEP 562)."""
    if name in _FROM_TABLE:
        return _FROM_TABLE[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
