"""The creditor's mandatory mentions, payment details and letter settings; what is missing.

Every letter of a company states its name, legal form and share capital, its
registration in the RCS (city of the registry and SIREN) and its registered office
(art. R.123-237 du code de commerce), read from the company's ``creditor:`` section
(``ledger.meta["creditor"]``), with how to pay (IBAN and BIC, or a ``payment`` text).
The nature of the goods or services, the contact and the signatory come from
``dunning: letters:``. Nothing missing is invented nor left as a placeholder in the
letter: each missing item is a :class:`~recouvrement.dunning.letters.model.ToDo`
(the letter is then a draft, with a banner) and goes to the company's checklist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from recouvrement.dunning.letters.model import Furniture, ToDo

__all__ = ["CREDITOR_ITEMS", "MANDATORY_MENTIONS", "SETTING_ITEMS", "furniture", "text_of"]

#: The article of the mandatory mentions of a company's letters.
MANDATORY_MENTIONS = "art. R.123-237 du code de commerce"

#: ``creditor:`` key -> French label of the checklist (all of art. R.123-237).
CREDITOR_ITEMS: dict[str, str] = {
    "name": "Dénomination sociale du créancier (creditor: name)",
    "legal_form": "Forme juridique du créancier (creditor: legal_form)",
    "capital": "Montant du capital social (creditor: capital)",
    "rcs": "Mention RCS suivie de la ville du greffe (creditor: rcs)",
    "siren": "Numéro SIREN (creditor: siren)",
    "address": "Adresse du siège social (creditor: address)",
}
#: How the debtor pays: IBAN and BIC, or a text.
PAYMENT_ITEM = (
    "Coordonnées de paiement : IBAN et BIC, ou modalités de règlement "
    "(creditor: iban, bic ou payment)"
)
#: ``dunning: letters:`` key -> French label of the checklist.
SETTING_ITEMS: dict[str, str] = {
    "nature": "Nature des produits ou prestations facturés (dunning: letters: nature)",
    "contact": "Service et coordonnées à contacter (dunning: letters: contact)",
    "signatory": "Nom et fonction du signataire (dunning: letters: signatory)",
}


def text_of(mapping: Mapping[str, Any], key: str) -> str:
    """``mapping[key]`` as stripped text, ``""`` when absent, empty or not text-like."""
    value = mapping.get(key)
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return " ".join(str(value).split())


def _rcs(rcs: str, siren: str) -> str:
    """``RCS Nantes 999 303 101``: the registry's city and the SIREN, once each."""
    if not rcs:
        return f"SIREN {siren}" if siren else ""
    text = rcs if rcs.upper().startswith("RCS") else f"RCS {rcs}"
    digits = re.sub(r"\D", "", siren)
    if digits and digits not in re.sub(r"\D", "", text):
        text = f"{text} {siren}"
    return text


def furniture(
    creditor: Mapping[str, Any] | str | None,
    settings: Mapping[str, Any] | None = None,
    *,
    fallback_name: str = "",
) -> Furniture:
    """The creditor's letterhead, mentions and payment details, and what is missing.

    Parameters
    ----------
    creditor : mapping or str, optional
        ``ledger.meta["creditor"]`` (``name, legal_form, capital, rcs, siren,
        address, iban, bic, payment``); a str is a name alone.
    settings : mapping, optional
        ``ledger.meta["dunning"]["letters"]`` (``nature, contact, signatory``).
    fallback_name : str
        The name signed with when ``creditor`` has none (the company's name in the
        report); the dénomination is listed as missing all the same.

    """
    given: dict[str, Any] = (
        {"name": creditor} if isinstance(creditor, str) else dict(creditor or {})
    )
    settings = dict(settings or {})
    c = {key: text_of(given, key) for key in (*CREDITOR_ITEMS, "iban", "bic", "payment")}
    missing = [
        ToDo(label, MANDATORY_MENTIONS, True) for key, label in CREDITOR_ITEMS.items() if not c[key]
    ]
    name = c["name"] or " ".join(str(fallback_name or "").split())
    bank = f"IBAN {c['iban']} – BIC {c['bic']}" if c["iban"] and c["bic"] else ""
    if bank or c["payment"]:
        parts = [f"Règlement par virement : {bank}" if bank else "", c["payment"]]
        payment = " ; ".join(p for p in parts if p)
        payment = payment if payment.endswith(".") else f"{payment}."
    else:
        payment = ""
        missing.append(ToDo(PAYMENT_ITEM, "", True))
    items = {key: text_of(settings, key) for key in SETTING_ITEMS}
    missing += [ToDo(label, "", True) for key, label in SETTING_ITEMS.items() if not items[key]]
    identity = name
    if c["legal_form"]:
        identity = f"{identity}, {c['legal_form']}" if identity else c["legal_form"]
    if c["capital"]:
        identity = f"{identity} au capital de {c['capital']}"
    office = f"Siège social : {c['address']}" if c["address"] else ""
    mentions = " – ".join(p for p in (identity, _rcs(c["rcs"], c["siren"]), office) if p)
    letterhead = tuple(p for p in (name, c["address"], items["contact"]) if p)
    return Furniture(
        creditor=name,
        letterhead=letterhead,
        mentions=tuple(p for p in (mentions, payment) if p),
        payment=payment,
        nature=items["nature"],
        contact=items["contact"],
        signatory=items["signatory"],
        missing=tuple(missing),
    )
