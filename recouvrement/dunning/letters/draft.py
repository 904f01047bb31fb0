"""One letter drafted from its facts: kind, date, deadline, amounts claimed, notes, text."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.conventions.law import PRIVATE, PROFESSIONAL
from recouvrement.conventions.regimes import Regime, regime_of
from recouvrement.dunning.letters.furniture import furniture
from recouvrement.dunning.letters.kinds import (
    DEADLINE_DAYS,
    FORMAL_NOTICE,
    FORMAL_NOTICE_DAYS,
    NOTICE_WORDS,
    letter_kind,
)
from recouvrement.dunning.letters.model import (
    Block,
    Furniture,
    HistoryEntry,
    InvoiceRows,
    Letter,
    ToDo,
)
from recouvrement.dunning.letters.texts import civility_of, compose
from recouvrement.formatting import fmt_date

__all__ = [
    "CLAIM",
    "NOTES",
    "addressee",
    "assemble_letter",
    "claimed_invoices",
    "draft_letter",
    "letter_deadline",
    "letter_of",
    "regime_for",
]

#: The ``policy`` of an interest row that claims (the other is ``renoncer``).
CLAIM = "réclamer"

#: The letter's own checks, never printed in it (see :class:`ToDo`).
NOTES = {
    "name": ToDo("Nom ou raison sociale du débiteur, absent de la table des débiteurs", "", True),
    "kind": ToDo(
        "Type du débiteur non renseigné (professionnel, particulier ou public) : lettre "
        "sans pénalité ni indemnité ; le renseigner dans la table des débiteurs",
        "art. L.441-10 du code de commerce ; art. L.2192-13 du code de la commande "
        "publique ; art. 1231-6 du code civil",
    ),
    "address": ToDo(
        "Adresse postale des destinataires : absente des données, à reporter sur chaque "
        "lettre (ou par publipostage depuis lettres.csv)",
    ),
    "provisional": ToDo(
        "Taux des pénalités provisoire (taux BCE absent de recouvrement/data/rates : table "
        "à mettre à jour) : vérifier les pénalités avant envoi",
        "art. L.441-10 II du code de commerce",
    ),
}

_INVOICE_COLUMNS = ("invoice_id", "issue_date", "due_date", "amount", "residual")


def addressee(name: object) -> str:
    """The debtor's name as text, ``""`` when the ledger has none (never its id)."""
    if name is None or (not isinstance(name, str) and pd.isna(name)):
        return ""
    return " ".join(str(name).split())


def _article(source: str) -> str:
    """``art. L.441-10 II du code de commerce`` from a regime's source sentence."""
    head = source.split(" : ", 1)[0].strip()
    return f"art. {head[5:]}" if head.startswith("Art. ") else head


def _column(frame: pd.DataFrame, name: str, default: Any) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series([default] * len(frame), index=frame.index, dtype="object")


def _flags(values: pd.Series) -> np.ndarray:
    """Booleans of a column, a missing value False (an invoice without interest row)."""
    return np.array([False if pd.isna(v) else bool(v) for v in values], dtype=bool)


def claimed_invoices(
    invoices: pd.DataFrame,
    *,
    penalties: bool | np.ndarray,
    indemnities: bool | np.ndarray,
    penalty_rate: float | None = None,
    provisional: bool = False,
) -> pd.DataFrame:
    """The invoices of letters with what each states: ``claimed, interest, indemnity...``.

    ``invoices`` as in :func:`draft_letter` (one letter's, or many letters' at once);
    ``penalties`` and ``indemnities``: whether the debtor's regime has them (per row or
    for all). Returns ``invoice_id, issue_date, due_date, amount, residual, interest,
    indemnity`` (0 when not claimed), ``rate`` (the row's; ``penalty_rate`` when
    ``invoices`` has no ``rate`` column),
    ``claimed``, ``basis`` (``""`` without one) and ``provisional`` (the row's, else
    ``provisional``), on the index of ``invoices``.
    """
    inv = invoices.loc[:, list(_INVOICE_COLUMNS)].copy()
    interest = pd.to_numeric(_column(invoices, "interest", np.nan), errors="coerce")
    if "claimed" in invoices.columns:  # the interest table's own: claimable and claimed
        asked = _flags(invoices["claimed"])
    else:
        policy = _column(invoices, "policy", None)
        agreed = (policy.isna() | (policy.astype("object") == CLAIM)).to_numpy(dtype=bool)
        asked = _flags(_column(invoices, "claimable", True)) & agreed
    claimed = asked & interest.notna().to_numpy() & np.asarray(penalties, dtype=bool)
    indemnity = pd.to_numeric(_column(invoices, "indemnity", 0.0), errors="coerce").fillna(0.0)
    inv["interest"] = np.where(claimed, interest.fillna(0.0), 0.0)
    inv["indemnity"] = np.where(claimed & np.asarray(indemnities, dtype=bool), indemnity, 0.0)
    rate = pd.to_numeric(_column(invoices, "rate", np.nan), errors="coerce").astype("float64")
    if penalty_rate is not None and "rate" not in invoices.columns:
        rate = rate.fillna(float(penalty_rate))  # rows without rates: the one given
    inv["rate"] = rate
    inv["claimed"] = claimed
    inv["basis"] = [str(b) if isinstance(b, str) else "" for b in _column(invoices, "basis", "")]
    if "provisional" in invoices.columns:
        inv["provisional"] = _flags(invoices["provisional"])
    else:
        inv["provisional"] = bool(provisional)
    return inv


def regime_for(debtor_kind: str | None, day: pd.Timestamp) -> Regime | None:
    """The regime of a kind of debtor at ``day``, None for an unknown kind."""
    return regime_of(debtor_kind, day) if debtor_kind in cv.DEBTOR_KINDS else None


def letter_deadline(kind: str, day: pd.Timestamp, settings: Mapping[str, Any]) -> str:
    """The deadline a letter of ``kind`` dated ``day`` gives, in words (``dunning: letters:``)."""
    if kind == FORMAL_NOTICE:
        notice = settings.get("notice_days", FORMAL_NOTICE_DAYS)
        if isinstance(notice, bool) or notice not in NOTICE_WORDS:
            raise ValueError(
                f"dunning.letters.notice_days: {notice!r}; a mise en demeure gives "
                f"{', '.join(map(str, NOTICE_WORDS))} days"
            )
        return f"{NOTICE_WORDS[notice]} jours à compter de la réception de la présente"
    days = settings.get("deadline_days", DEADLINE_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
        raise ValueError(
            f"dunning.letters.deadline_days: {days!r}; expected a number of days, 1 to 60"
        )
    return fmt_date(cv.next_business_day(day + pd.Timedelta(days=days)))


def draft_letter(
    debtor_id: str,
    debtor_name: str | None,
    level: int,
    invoices: pd.DataFrame,
    as_of: object,
    *,
    channel: str | None = "courrier",
    debtor_kind: str | None = PROFESSIONAL,
    civility: str | None = None,
    creditor: Mapping[str, Any] | str | None = None,
    settings: Mapping[str, Any] | None = None,
    history: Iterable[HistoryEntry] = (),
    amounts_at: object = None,
    penalty_rate: float | None = None,
    provisional: bool = False,
    creditor_name: str = "",
) -> Letter:
    """Draft the letter of one debtor procedure (one dunning step).

    Parameters
    ----------
    debtor_id, debtor_name : str
        The debtor (a missing name: a checklist item, the letter addressed by reference).
    level, channel : int, str
        The dunning step: a registered channel makes a mise en demeure, another
        channel a reminder (:func:`~recouvrement.dunning.letters.kinds.letter_kind`).
    invoices : DataFrame
        The invoices claimed: ``invoice_id, issue_date, due_date, amount, residual``
        and, from :func:`recouvrement.legal.late_payment_interest`, optionally
        ``interest, indemnity, rate, claimable, policy, claimed, basis, provisional``
        (euros, percent). Not modified. Penalties and the indemnity
        of an invoice are stated only when its ``interest`` is known, it is claimed
        (``claimed`` when the column is there, else ``claimable`` when that one is,
        and ``policy`` absent or ``réclamer``), and the debtor's regime makes them run
        without notice (professionals and public buyers; never individuals nor a
        debtor of unknown kind).
    as_of : date-like
        When it is sent: dated then, or on the next business day (French public
        holidays), and its deadline moved to a business day too.
    debtor_kind : str or None
        ``professionnel``, ``particulier``, ``public`` or None (unknown: nothing
        claimed, a checklist item).
    civility : str, optional
        ``M.`` or ``Mme``: an individual's letter greets ``Monsieur,`` or ``Madame,``.
    creditor : mapping or str, optional
        The creditor's mentions (``ledger.meta["creditor"]``), or its name alone.
    settings : mapping, optional
        ``dunning: letters:``: ``nature, contact, signatory, deadline_days``
        (reminders, default 8) and ``notice_days`` (mise en demeure: 8, 10 or 15,
        default 10).
    history : iterable of HistoryEntry
        The logged actions the letter recalls (chosen by the caller), oldest first.
    amounts_at : date-like, optional
        Date the residuals and penalties were computed at (``as_of`` by default).
    penalty_rate : float, optional
        The rate stated when ``invoices`` has no ``rate`` column (percent per year).
    provisional : bool
        The rate is provisional (for invoices without a ``provisional`` column): a
        checklist item, never printed.
    creditor_name : str
        The name signed with when ``creditor`` gives none.

    Raises
    ------
    ValueError
        No invoice, a missing column, a level below 1, a step that gets no letter, a
        non-positive residual (a paid invoice is never dunned) or an invalid deadline
        setting.

    """
    kind_title = letter_kind(level, channel)
    if kind_title is None:
        raise ValueError(f"a step by {channel!r} gets no letter (call, agency or court)")
    kind, title = kind_title
    missing = [c for c in _INVOICE_COLUMNS if c not in invoices.columns]
    if missing:
        raise ValueError(f"invoices lack column(s) {missing}")
    if invoices.empty:
        raise ValueError(f"no invoice to claim from debtor {debtor_id!r}")
    if (invoices["residual"] <= 0).any():
        paid = invoices.loc[invoices["residual"] <= 0, "invoice_id"].tolist()
        raise ValueError(f"invoice(s) {paid} have nothing left to pay: never dun what is paid")
    asked = cv.as_date(as_of)
    day = cv.next_business_day(asked)  # dated on a business day (French public holidays)
    regime = regime_for(debtor_kind, day)
    inv = claimed_invoices(
        invoices,
        penalties=regime is not None and regime.has_penalties,
        indemnities=regime is not None and regime.indemnity_cents > 0,
        penalty_rate=penalty_rate,
        provisional=provisional,
    )
    inv = inv.sort_values(["due_date", "invoice_id"], kind="stable").reset_index(drop=True)
    return assemble_letter(
        debtor_id,
        debtor_name,
        level,
        channel,
        inv,
        day,
        debtor_kind=debtor_kind,
        civility=civility,
        furniture=furniture(creditor, settings, fallback_name=creditor_name),
        settings=settings,
        history=history,
        amounts_at=cv.as_date(amounts_at) if amounts_at is not None else asked,
    )


def assemble_letter(
    debtor_id: str,
    debtor_name: str | None,
    level: int,
    channel: str | None,
    invoices: pd.DataFrame,
    day: pd.Timestamp,
    *,
    debtor_kind: str | None,
    civility: str | None,
    furniture: Furniture,
    settings: Mapping[str, Any] | None,
    history: Iterable[HistoryEntry],
    amounts_at: pd.Timestamp,
) -> Letter:
    """The letter of prepared invoices (:func:`claimed_invoices`, sorted), dated ``day``.

    What :func:`draft_letter` does once its invoices are prepared (``letters_for``
    prepares every letter's at once and calls :func:`letter_of`).
    """
    claimed = invoices[invoices["claimed"]]
    rates = claimed["rate"].dropna().unique()
    return letter_of(
        debtor_id,
        debtor_name,
        level,
        channel,
        InvoiceRows(invoices.drop(columns=["provisional"]), 0, len(invoices)),
        day,
        debtor_kind=debtor_kind,
        civility=civility,
        furniture=furniture,
        settings=settings,
        history=history,
        amounts_at=amounts_at,
        penalty_rate=float(rates[0]) if len(rates) == 1 else None,
        provisional=bool(claimed["provisional"].any()),
    )


@functools.lru_cache(maxsize=256)
def _composer(debtor_kind: str | None, day: pd.Timestamp) -> Callable[[Letter], tuple[Block, ...]]:
    """``compose`` with the articles of the regime of ``debtor_kind`` at ``day``, in full.

    The interest table's ``basis`` is short (the register keeps it); a letter quotes
    the articles in full, from the regime.
    """
    refs = {"interest_ref": _article(regime_of(PRIVATE, day).penalty_source)}
    regime = regime_for(debtor_kind, day)
    if regime is not None:
        refs["penalty_ref"] = _article(regime.penalty_source)
        refs["indemnity_ref"] = _article(regime.indemnity_source)
    return functools.partial(compose, **refs)


def letter_of(
    debtor_id: str,
    debtor_name: str | None,
    level: int,
    channel: str | None,
    rows: InvoiceRows,
    day: pd.Timestamp,
    *,
    debtor_kind: str | None,
    civility: str | None,
    furniture: Furniture,
    settings: Mapping[str, Any] | None,
    history: Iterable[HistoryEntry],
    amounts_at: pd.Timestamp,
    penalty_rate: float | None,
    provisional: bool,
    deadline: str | None = None,
) -> Letter:
    """The letter of invoice ``rows`` already prepared, its rate and provisional flag known.

    ``rows``: :func:`claimed_invoices`' columns but ``provisional``, sorted by due date
    and invoice; ``penalty_rate``: the one rate of the claimed invoices (None when
    several or none); ``provisional``: a claimed invoice's rate is provisional;
    ``deadline``: the deadline in words when already known (else computed). The text
    (:attr:`Letter.blocks`) is composed when first asked.
    """
    kind, title = letter_kind(level, channel) or ("", "")
    if not kind:
        raise ValueError(f"a step by {channel!r} gets no letter (call, agency or court)")
    kind_known = debtor_kind in cv.DEBTOR_KINDS
    notes = [NOTES["address"]]
    name = addressee(debtor_name)
    if not name:
        notes.insert(0, dataclasses.replace(NOTES["name"], debtor=str(debtor_id)))
    if not kind_known:
        notes.append(dataclasses.replace(NOTES["kind"], debtor=str(debtor_id)))
    if provisional:
        notes.append(dataclasses.replace(NOTES["provisional"], debtor=str(debtor_id)))
    return Letter(
        debtor_id=str(debtor_id),
        debtor_name=name,
        kind=kind,
        title=title,
        level=int(level),
        channel="" if channel is None else str(channel),
        date=day,
        deadline=letter_deadline(kind, day, dict(settings or {})) if deadline is None else deadline,
        debtor_kind=debtor_kind if kind_known else None,
        civility=civility_of(civility),
        rows=rows,
        penalty_rate=penalty_rate,
        history=tuple(history),
        furniture=furniture,
        amounts_at=amounts_at,
        provisional=provisional,
        notes=tuple(notes),
        composer=_composer(debtor_kind if kind_known else None, day),
    )
