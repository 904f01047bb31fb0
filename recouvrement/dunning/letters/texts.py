"""The French text of a letter, built once as blocks from its facts.

Courteous, professional and firm; never a threat, never a third party (art. 312-10 and
226-1 du Code pénal). Only what is true is written: the history recalled is the log's,
a penalty or the indemnity only when claimed (with its legal basis), a deadline that
falls on a business day; nothing internal (provisional rate, kind to check, a missing
mention) is ever printed: those are :class:`~recouvrement.dunning.letters.model.ToDo`.
"""

from __future__ import annotations

import pandas as pd

from recouvrement.conventions.law import PRIVATE, PUBLIC
from recouvrement.dunning.letters.kinds import FORMAL_NOTICE, channel_words, level_words
from recouvrement.dunning.letters.model import Block, HistoryEntry, Letter
from recouvrement.formatting import fmt_date, fmt_eur, fmt_pct

__all__ = ["DRAFT_BANNER", "REGISTERED_HEADER", "civility_of", "compose", "greeting"]

#: The banner of a letter that lacks a mandatory mention.
DRAFT_BANNER = "PROJET — mentions obligatoires à compléter"
#: The header of a mise en demeure.
REGISTERED_HEADER = "Lettre recommandée avec accusé de réception"
#: Civility -> greeting word (and address word: "Madame Camille Breton").
CIVILITIES = {"Mme": "Madame", "M.": "Monsieur"}
_CIVILITY_CELLS = {
    "mme": "Mme",
    "madame": "Mme",
    "m.": "M.",
    "m": "M.",
    "monsieur": "M.",
    "mr": "M.",
}

#: What the late-payment interest is called, and from when it runs, per kind of debtor
#: (their articles come from the regime, :mod:`recouvrement.conventions.regimes`).
_NOUN = {PUBLIC: "intérêts moratoires"}
_COLUMN = {PUBLIC: "Intérêts moratoires"}
_START = {PUBLIC: "dès le lendemain de l'expiration du délai de paiement"}
_DEFAULT_NOUN = "pénalités de retard"
_DEFAULT_START = "dès le lendemain de la date d'échéance"


def civility_of(value: object) -> str | None:
    """``"M."``, ``"Mme"`` or None from a civility cell (``Madame``, ``mme``, ``M``...)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return _CIVILITY_CELLS.get(str(value).strip().casefold())


def greeting(letter: Letter) -> str:
    """``Madame`` or ``Monsieur`` for an individual with a civility, else ``Madame, Monsieur``."""
    if letter.debtor_kind == PRIVATE and letter.civility in CIVILITIES:
        return CIVILITIES[letter.civility]
    return "Madame, Monsieur"


def penalty_noun(debtor_kind: str | None) -> str:
    """``pénalités de retard``, or ``intérêts moratoires`` for a public buyer."""
    return _NOUN.get(debtor_kind or "", _DEFAULT_NOUN)


def _addressee(letter: Letter) -> str:
    """``Madame Camille Breton`` for an individual with a civility, else the name as is."""
    word, name = greeting(letter), letter.debtor_name
    if not name or word == "Madame, Monsieur":
        return name
    first, _, rest = name.partition(" ")
    if rest and civility_of(first) is not None:  # "Mme Camille Breton": the civility once
        name = rest
    return f"{word} {name}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} et {parts[-1]}"


def _history(letter: Letter) -> str:
    """``Par nos relances du 06/10/2026 (première relance, par courriel) et du ...``."""
    ids = set(letter.invoices["invoice_id"])
    n = len(ids)

    def words(h: HistoryEntry) -> str:
        by = _join(list(dict.fromkeys(w for w in map(channel_words, h.channels) if w)) or [""])
        said = ", ".join(w for w in (level_words(h.level), by) if w)
        if n > 1 and h.invoices and set(h.invoices) != ids:
            named = [i for i in letter.invoices["invoice_id"] if i in h.invoices]
            said += f", {'facture' if len(named) == 1 else 'factures'} {', '.join(named)}"
        return f"{fmt_date(h.date)} ({said})"

    dated = [f"du {words(h)}" for h in letter.history]
    which = "l'échéance de cette facture" if n == 1 else "l'échéance de ces factures"
    ours = "notre relance" if len(dated) == 1 else "nos relances"
    return f"Par {ours} {_join(dated)}, nous vous avons rappelé {which}."


def _intro(letter: Letter) -> str:
    n = len(letter.invoices)
    nature = f", relative{'s' if n > 1 else ''} à {letter.nature}," if letter.nature else ""
    if n == 1:
        said = f"la facture ci-dessous{nature} n'a pas été réglée à son échéance"
    else:
        said = f"les factures ci-dessous{nature} n'ont pas été réglées à leur échéance"
    return f"Sauf erreur de notre part, {said}."


def _table(letter: Letter) -> Block:
    inv = letter.invoices
    claimed = inv["claimed"].to_numpy(dtype=bool)
    rates = inv.loc[claimed, "rate"].dropna().unique()
    show_rate = letter.claims and len(rates) > 1
    show_indemnity = letter.indemnities > 0
    header = ["Facture n°", "Date", "Échéance", "Montant TTC", "Reste dû"]
    numeric = [False, False, False, True, True]
    if show_rate:
        header.append("Taux annuel")
        numeric.append(True)
    if letter.claims:
        header.append(
            f"{_COLUMN.get(letter.debtor_kind or '', 'Pénalités')} au {fmt_date(letter.amounts_at)}"
        )
        numeric.append(True)
    if show_indemnity:
        header.append("Indemnité")
        numeric.append(True)
    rows = []
    for row, claim in zip(inv.itertuples(index=False), claimed, strict=True):
        cells = [
            str(row.invoice_id),
            fmt_date(row.issue_date),
            fmt_date(row.due_date),
            fmt_eur(row.amount),
            fmt_eur(row.residual),
        ]
        if show_rate:
            cells.append(fmt_pct(row.rate, 2) if claim else "—")
        if letter.claims:
            cells.append(fmt_eur(row.interest) if claim else "—")
        if show_indemnity:
            cells.append(fmt_eur(row.indemnity) if claim and row.indemnity > 0 else "—")
        rows.append(tuple(cells))
    footer = ["Total", "", "", "", fmt_eur(letter.principal)]
    if show_rate:
        footer.append("")
    if letter.claims:
        footer.append(fmt_eur(letter.penalties))
    if show_indemnity:
        footer.append(fmt_eur(letter.indemnities))
    return Block(
        "table",
        header=tuple(header),
        rows=tuple(rows),
        footer=tuple(footer),
        numeric=tuple(numeric),
    )


def _penalties(letter: Letter, penalty_ref: str, indemnity_ref: str) -> str:
    """The legal basis of the penalties and indemnity claimed, and the amount due."""
    inv = letter.invoices[letter.invoices["claimed"]]
    if letter.penalty_rate is not None:
        rate = f" au taux annuel de {fmt_pct(letter.penalty_rate, 2)}"
    elif len(inv["rate"].dropna().unique()) > 1:
        rate = " au taux annuel indiqué pour chaque facture"
    else:
        rate = ""
    text = (
        "Tout retard de paiement fait courir de plein droit, "
        f"{_START.get(letter.debtor_kind or '', _DEFAULT_START)}, "
        f"des {penalty_noun(letter.debtor_kind)}{rate} ({penalty_ref})"
    )
    if letter.indemnities > 0:
        amounts = inv.loc[inv["indemnity"] > 0, "indemnity"].unique()
        each = (
            f"de {fmt_eur(amounts[0])} par facture"
            if len(amounts) == 1
            else "indiquée pour chaque facture"
        )
        text += (
            f", ainsi qu'une indemnité forfaitaire pour frais de recouvrement {each} "
            f"({indemnity_ref})"
        )
    text += "."
    if letter.kind == "relance_1":
        return f"{text} Nous vous en faisons part à titre d'information."
    due = f"Le montant dû au {fmt_date(letter.amounts_at)} s'élève ainsi à {fmt_eur(letter.total)}."
    return f"{text} {due}"


def _request(letter: Letter, interest_ref: str) -> list[str]:
    """What the letter asks, by when, and (mise en demeure) what follows."""
    total, deadline = fmt_eur(letter.total), letter.deadline
    if letter.kind == "relance_1":
        return [
            "Nous vous remercions de bien vouloir procéder au règlement de "
            f"{fmt_eur(letter.principal)} au plus tard le {deadline}."
        ]
    if letter.kind == "relance_2":
        return [
            "Nous vous demandons de bien vouloir régulariser cette situation en nous réglant "
            f"la somme de {total} au plus tard le {deadline}."
        ]
    if letter.kind != FORMAL_NOTICE:
        return [
            "Par la présente, nous vous adressons un dernier rappel amiable et vous demandons "
            f"de régler la somme de {total} au plus tard le {deadline}. À défaut, nous serons "
            "amenés à engager une procédure de recouvrement. Si vous rencontrez des "
            "difficultés de trésorerie, nous restons disposés à convenir avec vous d'un "
            "échéancier adapté."
        ]
    notice = (
        "Par la présente, nous vous mettons en demeure, au sens de l'article 1344 du code "
        f"civil, de nous régler la somme de {total} dans un délai de {deadline}."
    )
    if letter.claims:
        noun = penalty_noun(letter.debtor_kind)
        notice += f" Les {noun} continuent de courir jusqu'au complet paiement."
    elif letter.debtor_kind in (PRIVATE, None):
        notice += (
            " Cette somme portera intérêts au taux légal à compter de la réception de la "
            f"présente mise en demeure ({interest_ref})."
        )
    return [
        notice,
        "À défaut de règlement dans ce délai, nous pourrons saisir la juridiction compétente "
        "afin de faire valoir nos droits. Nous restons disposés à examiner toute proposition "
        "de règlement amiable dans ce même délai.",
    ]


def compose(
    letter: Letter, *, penalty_ref: str = "", indemnity_ref: str = "", interest_ref: str = ""
) -> tuple[Block, ...]:
    """The blocks of a letter, from its facts (``letter.blocks`` is ignored).

    ``penalty_ref`` and ``indemnity_ref``: the articles of the penalties and of the
    indemnity claimed (``art. L.441-10 II du code de commerce``); ``interest_ref``:
    those of the legal interest a mise en demeure makes run (art. 1231-6 and 1344-1
    du code civil), stated when no penalty is claimed from an individual or a debtor of
    unknown kind.
    """
    f = letter.furniture
    blocks = []
    if letter.draft:
        blocks.append(Block("banner", (DRAFT_BANNER,)))
    if letter.registered:
        blocks.append(Block("registered", (REGISTERED_HEADER,)))
    if f.letterhead:
        blocks.append(Block("letterhead", f.letterhead))
    to = _addressee(letter)
    blocks.append(Block("recipient", (*((to,) if to else ()), f"Réf. client : {letter.debtor_id}")))
    blocks.append(Block("place_date", (f"Le {fmt_date(letter.date)}",)))
    n = len(letter.invoices)
    if letter.kind == "relance_1":
        subject = (
            f"rappel de paiement – {'facture' if n == 1 else 'factures'} en attente de règlement"
        )
    elif letter.kind == "relance_2":
        subject = f"{letter.title.lower()} – {'facture impayée' if n == 1 else 'factures impayées'}"
    elif letter.kind == FORMAL_NOTICE:
        subject = "mise en demeure de payer"
    else:
        subject = f"{letter.title.lower()} – dernier rappel amiable"
    blocks.append(Block("object", (f"Objet : {subject}",)))
    salutation = greeting(letter)
    blocks.append(Block("greeting", (f"{salutation},",)))
    blocks.append(Block("paragraph", (_intro(letter),)))
    if letter.history:
        blocks.append(Block("paragraph", (_history(letter),)))
    blocks.append(_table(letter))
    if letter.claims:
        blocks.append(Block("paragraph", (_penalties(letter, penalty_ref, indemnity_ref),)))
    blocks += [Block("paragraph", (p,)) for p in _request(letter, interest_ref)]
    this = "la présente" if letter.registered else "ce courrier"
    last = (
        f"Si le règlement a déjà été effectué, nous vous prions de ne pas tenir compte de {this}."
    )
    if f.contact:
        last += f" Pour toute question, vous pouvez contacter {f.contact}."
    blocks.append(Block("paragraph", (last,)))
    regards = f"Nous vous prions d'agréer, {salutation}, l'expression de nos salutations"
    blocks.append(Block("paragraph", (f"{regards} distinguées.",)))
    signature = tuple(p for p in (f.signatory, f.creditor) if p)
    if signature:
        blocks.append(Block("signature", signature))
    if f.mentions:
        blocks.append(Block("mentions", f.mentions))
    return tuple(blocks)
