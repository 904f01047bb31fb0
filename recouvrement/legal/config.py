"""The ``legal:`` section of a company's recouvrement.yml: contractual rate, claim policy.

``legal: {contractual_rate: 12.0, claim_policy: {default: réclamer, by_risk_class:
{fiable: renoncer}, debtors: {C042: réclamer}}}`` reaches the rules as
``ledger.meta["legal"]`` (a plain mapping, or ``None``). :func:`contractual_rate_of`
reads the contractual penalty rate (percent per year), :func:`claim_policy_of` what the
company does with the penalties and indemnities it may claim (:class:`ClaimPolicy`).
Both check what they read and say what is wrong in French, naming the file and the key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from recouvrement.conventions.risk import RISK_CLASSES
from recouvrement.ledger import Ledger

#: Keys accepted in the ``legal:`` mapping of a company's recouvrement.yml.
LEGAL_CONFIG_KEYS = ("contractual_rate", "claim_policy")

#: How the messages name the company's configuration file.
CONFIG_FILE = "recouvrement.yml"

#: The example of every message on a rate.
RATE_EXAMPLE = "par exemple 12.0 pour 12 %"

#: What the company does with what it may claim from a debtor: claim it, or waive it.
CLAIM, WAIVE = "réclamer", "renoncer"
CLAIM_CHOICES = (CLAIM, WAIVE)

#: Keys of ``legal: claim_policy:``.
CLAIM_POLICY_KEYS = ("default", "by_risk_class", "debtors")

_POLICY = f"{CONFIG_FILE} : legal.claim_policy"


def check_rate(value: Any, name: str) -> float:
    """A rate given in percent per year, validated, as a float.

    Parameters
    ----------
    value : number
        The rate, percent per year (``12.0`` for 12 %).
    name : str
        How the messages name it (e.g. ``"contractual_rate"``).

    Raises
    ------
    ValueError
        In French, naming ``name`` and the value: ``value`` is not a number, not in
        ]0, 100], or below 1 (taken for a fraction).

    """
    shown = f"« {value} »"
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(
            f"{name} = {shown} : un taux en pour cent par an est attendu, écrit comme un "
            f"nombre ({RATE_EXAMPLE})"
        )
    x = float(value)
    if not math.isfinite(x) or x <= 0 or x > 100:
        raise ValueError(
            f"{name} = {shown} : un taux en pour cent par an, supérieur à 0 et au plus égal "
            f"à 100, est attendu ({RATE_EXAMPLE})"
        )
    if x < 1:
        raise ValueError(
            f"{name} = {shown} : ce taux ressemble à une fraction ; le donner en pour cent "
            f"par an ({RATE_EXAMPLE}, et non 0.12)"
        )
    return x


def legal_config(ledger: Ledger) -> Mapping[str, Any]:
    """The ``legal:`` mapping of the company's configuration, its keys checked.

    Reads ``ledger.meta["legal"]``; an empty mapping when absent.

    Raises
    ------
    ValueError
        In French, naming the file: ``legal`` is not a mapping, or has unknown keys
        (admitted: :data:`LEGAL_CONFIG_KEYS`).

    """
    legal = ledger.meta.get("legal")
    if legal is None:
        return {}
    if not isinstance(legal, Mapping):
        raise ValueError(
            f"{CONFIG_FILE} : legal = « {legal} » : une table est attendue "
            "(par exemple legal: {contractual_rate: 12.0})"
        )
    unknown = sorted(str(k) for k in legal if k not in LEGAL_CONFIG_KEYS)
    if unknown:
        raise ValueError(
            f"{CONFIG_FILE} : legal : clé(s) inconnue(s) {', '.join(unknown)} ; "
            f"clés admises : {', '.join(LEGAL_CONFIG_KEYS)}"
        )
    return legal


def contractual_rate_of(ledger: Ledger) -> float | None:
    """The contractual penalty rate of the company's configuration, validated.

    Reads ``ledger.meta["legal"]`` (the ``legal:`` mapping of recouvrement.yml, e.g.
    ``{contractual_rate: 12.0}``, percent per year). ``None`` when absent. It applies
    to professional debtors only
    (:data:`~recouvrement.conventions.law.CONTRACTUAL_RATE_KINDS`).

    Raises
    ------
    ValueError
        In French, naming the file and the key: ``legal`` is not a mapping, has unknown
        keys, or the rate is not a percentage in ]0, 100] (a value below 1 is taken for
        a fraction and refused).

    """
    value = legal_config(ledger).get("contractual_rate")
    if value is None:
        return None
    return check_rate(value, f"{CONFIG_FILE} : legal.contractual_rate")


@dataclass(frozen=True)
class ClaimPolicy:
    """What the company does with the penalties and indemnities it may claim.

    Attributes
    ----------
    default : {"réclamer", "renoncer"}
        The choice of a debtor without a choice of its own nor of its risk class.
    by_risk_class : mapping
        Risk class (``fiable``, ``modéré``, ``à risque``) -> choice.
    debtors : mapping
        Debtor id -> choice (prevails over its class and the default).
    configured : bool
        Whether recouvrement.yml has a ``claim_policy`` (otherwise: claim everything).

    """

    default: str = CLAIM
    by_risk_class: Mapping[str, str] = field(default_factory=dict)
    debtors: Mapping[str, str] = field(default_factory=dict)
    configured: bool = False

    def decide(self, debtor_id: str, risk_class: str | None = None) -> tuple[str, str]:
        """The choice for a debtor and, in French, which rule gave it.

        The debtor's own entry, else its risk class's, else the default, else
        ``réclamer``.

        Examples
        --------
        >>> ClaimPolicy(WAIVE, {"fiable": CLAIM}, {"B": WAIVE}, True).decide("A", "fiable")
        ('réclamer', 'classe de risque « fiable »')

        """
        if debtor_id in self.debtors:
            return self.debtors[debtor_id], "décision propre au débiteur"
        if risk_class is not None and risk_class in self.by_risk_class:
            return self.by_risk_class[risk_class], f"classe de risque « {risk_class} »"
        if self.configured:
            return self.default, "règle par défaut"
        return self.default, "aucune politique configurée"


def _choice(value: Any, where: str) -> str:
    if value not in CLAIM_CHOICES:
        raise ValueError(f"{where} = « {value} » : {' ou '.join(CLAIM_CHOICES)} est attendu")
    return str(value)


def _mapping(value: Any, where: str, example: str) -> Mapping[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{where} = « {value} » : une table est attendue (par exemple {example})")
    return value


def claim_policy_of(ledger: Ledger) -> ClaimPolicy:
    """The claim policy of the company's configuration, validated.

    Reads ``ledger.meta["legal"]["claim_policy"]``: ``default`` (``réclamer`` or
    ``renoncer``), ``by_risk_class`` (risk class -> choice) and ``debtors`` (debtor id
    -> choice). Without one: claim everything (:class:`ClaimPolicy` defaults).

    Raises
    ------
    ValueError
        In French, naming the file and the key: not a mapping, an unknown key, a
        choice other than ``réclamer`` / ``renoncer``, an unknown risk class.

    """
    raw = legal_config(ledger).get("claim_policy")
    if raw is None:
        return ClaimPolicy()
    policy = _mapping(raw, _POLICY, "claim_policy: {default: réclamer}")
    unknown = sorted(str(k) for k in policy if k not in CLAIM_POLICY_KEYS)
    if unknown:
        raise ValueError(
            f"{_POLICY} : clé(s) inconnue(s) {', '.join(unknown)} ; clés admises : "
            f"{', '.join(CLAIM_POLICY_KEYS)}"
        )
    default = policy.get("default")
    classes = _mapping(
        policy.get("by_risk_class"), f"{_POLICY}.by_risk_class", "{fiable: renoncer}"
    )
    odd = sorted(str(k) for k in classes if k not in RISK_CLASSES)
    if odd:
        raise ValueError(
            f"{_POLICY}.by_risk_class : classe(s) de risque inconnue(s) {', '.join(odd)} ; "
            f"classes admises : {', '.join(RISK_CLASSES)}"
        )
    debtors = _mapping(policy.get("debtors"), f"{_POLICY}.debtors", "{C042: réclamer}")
    return ClaimPolicy(
        default=CLAIM if default is None else _choice(default, f"{_POLICY}.default"),
        by_risk_class={
            str(k): _choice(v, f"{_POLICY}.by_risk_class.{k}") for k, v in classes.items()
        },
        debtors={str(k): _choice(v, f"{_POLICY}.debtors.{k}") for k, v in debtors.items()},
        configured=True,
    )
