"""The executive findings of one month: :func:`executive_findings` and :class:`Findings`.

The inputs are checked by :mod:`~.history`; each section is written by the module of
its rule: :mod:`~.moves` (rules 1-2), :mod:`~.status` (rules 3 and 6), :mod:`~.drivers`
(rule 4) and :mod:`~.actions` (rule 5).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from recouvrement.report.findings.actions import actions
from recouvrement.report.findings.drivers import drivers
from recouvrement.report.findings.history import debtor_names, read_history, read_targets
from recouvrement.report.findings.language import Language
from recouvrement.report.findings.moves import moves
from recouvrement.report.findings.status import off_target, unavailable


@dataclass(frozen=True)
class Findings:
    """The written findings of one month, as plain-text sentences (not HTML).

    Attributes
    ----------
    as_of : Timestamp
        The last month end of the history.
    previous : Timestamp or None
        The month end compared with (``None`` for the first month of the history).
    language : {"fr", "en"}
    moves : list of str
        Material moves since ``previous`` and consistent trends (rules 1-2); for the
        first month, one sentence saying no comparison is possible.
    off_target : list of str
        KPIs on the wrong side of their target (rule 3).
    drivers : list of str
        Total overdue, top debtors, concentration, oldest-bucket share (rule 4), or a
        sentence saying why there is nothing to analyse.
    actions : list of str
        Recommended next steps (rule 5).
    unavailable : list of str
        KPIs not available at ``as_of`` with their reason (rule 6).

    """

    as_of: pd.Timestamp
    previous: pd.Timestamp | None
    language: str
    moves: list[str]
    off_target: list[str]
    drivers: list[str]
    actions: list[str]
    unavailable: list[str]

    def sections(self) -> list[tuple[str, list[str]]]:
        """The five sections, in report order, as ``[(title, sentences), ...]``.

        Titles are localized. An empty section holds one sentence saying so (e.g.
        ``Aucun indicateur hors objectif.``), except the KPIs not available: with every
        KPI available that section is left out (a heading announcing nothing).
        """
        lang = Language(self.language)
        t = lang.t
        no_move = (
            t["no_move"].format(prev_date=lang.date(self.previous))
            if self.previous is not None
            else t["empty"]
        )
        parts = [
            (t["title_moves"], self.moves, no_move),
            (t["title_off_target"], self.off_target, t["no_off_target"]),
            (t["title_drivers"], self.drivers, t["empty"]),
            (t["title_actions"], self.actions, t["no_action"]),
        ]
        if self.unavailable:
            parts.append((t["title_unavailable"], self.unavailable, ""))
        return [(title, list(items) if items else [empty]) for title, items, empty in parts]


def executive_findings(
    history: pd.DataFrame,
    *,
    targets: Mapping[str, float] | None = None,
    balance: pd.DataFrame | None = None,
    names: Mapping[str, str] | pd.Series | None = None,
    language: str = "fr",
    not_to_dun: Collection[str] = (),
) -> Findings:
    """The written findings of the executive summary at the last month end of ``history``.

    Parameters
    ----------
    history : DataFrame
        Tidy output of :func:`recouvrement.kpi.kpi_history`: columns ``as_of, key,
        label, value, unit, numerator, denominator, n_debtors, significant,
        available``; an optional ``reason`` column (French ``non disponible : ...``
        text of :attr:`recouvrement.kpi.KpiResult.reason`) is used when present.
        Values in the KPI's unit (percent for rates, days, euros, ratio).
    targets : mapping of str to float, optional
        Target per KPI key, in the KPI's unit; default
        :data:`recouvrement.kpi.DEFAULT_TARGETS`.
    balance : DataFrame, optional
        :func:`recouvrement.aging.aged_balance` at the last ``as_of`` of ``history``
        (basis ``"due"``): index ``debtor_id``, the bucket columns youngest first
        (``Non échu`` first), ``Non affecté`` and ``Total``, in euros. Without it,
        the drivers say the balance was not provided.
    names : mapping or Series of debtor_id to name, optional
        Debtor names; a debtor without a name is shown by its id.
    language : {"fr", "en"}
        Language of the sentences and titles.
    not_to_dun : collection of str
        Debtor ids whose one action is not a reminder (insolvency proceedings, dispute,
        cash to match: :func:`recouvrement.audit.debtor_decisions`); they are never
        named in a dunning recommendation.

    Returns
    -------
    Findings
        Plain-text sentences per section (see :class:`Findings`).

    Raises
    ------
    ValueError
        When ``language`` is not ``"fr"`` or ``"en"``, ``history`` is empty, lacks a
        column or repeats an ``(as_of, key)`` pair, a target key is not a known KPI
        key, or ``balance`` lacks the aged-balance columns.

    Notes
    -----
    The rules and thresholds are those of :mod:`recouvrement.report.findings`
    (French text in :data:`~.rules.RULES`). The month compared with is the previous
    ``as_of`` of the history (normally the previous month end); with a single
    ``as_of``, no comparison is made and ``moves`` says so. Only the last ``as_of`` is
    used for the off-target, driver, action and unavailability sections. Inputs are
    never mutated.

    Examples
    --------
    >>> history = kpi_history(ledger, "2026-10-31", 3)  # doctest: +SKIP
    >>> balance = aged_balance(ledger, "2026-10-31")  # doctest: +SKIP
    >>> for title, sentences in executive_findings(history, balance=balance).sections():
    ...     print(title, sentences)  # doctest: +SKIP

    """
    lang = Language(language)  # checks the language first
    by_date = read_history(history)
    goals = read_targets(targets)
    dates = list(by_date)
    as_of = dates[-1]
    now = by_date[as_of]

    sentences, previous = moves(lang, by_date)
    off = off_target(lang, now, goals)
    overdue = drivers(lang, balance, debtor_names(names), as_of)
    # one debtor, one action: a debtor whose decision is not to dun (insolvency
    # proceedings, dispute, cash to match) is never named in a dunning recommendation
    skip = {debtor_names(names).get(d, d) for d in not_to_dun}
    named = replace(
        overdue,
        top=[n for n in overdue.top if n not in skip],
        old_names=[n for n in overdue.old_names if n not in skip],
    )
    return Findings(
        as_of=as_of,
        previous=previous,
        language=language,
        moves=sentences,
        off_target=[text for *_, text in off],
        drivers=overdue.sentences,
        actions=actions(lang, off, named, now),
        unavailable=unavailable(lang, now),
    )
