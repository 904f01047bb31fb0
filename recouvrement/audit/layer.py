"""The audit layer of one company at one date: dunning audit, legal claims, risk scoring, letters.

:func:`audit_layer` runs :mod:`recouvrement.dunning` (with its letter drafts),
:mod:`recouvrement.legal` and :mod:`recouvrement.scoring` once, on one
:class:`~recouvrement.aging.Snapshot` of the ledger at the audit date, and keeps what
the report shows. This module is a layer of its own, between those rules and the
report: it composes them and computes nothing itself.

A part whose inputs are missing is ``None`` and its reason is in
:attr:`AuditLayer.reasons` (French, ``non disponible : …``): a section whose data is
absent says so, it never shows a plausible figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from recouvrement import dunning, legal, scoring
from recouvrement.aging import CashMatches, Snapshot, proposed_matches
from recouvrement.audit.decisions import debtor_decisions
from recouvrement.dunning import letters

__all__ = ["AuditLayer", "audit_layer"]


@dataclass
class AuditLayer:
    """Results of the audit layer at ``as_of`` (``None`` = not available, see ``reasons``).

    Attributes
    ----------
    as_of : Timestamp
    calendar : dunning.Calendar or None
        The company's dunning calendar (default calendar when debtors have no class).
    coverage, adherence, effectiveness, next_actions
        From :mod:`recouvrement.dunning`.
    after_settlement : DataFrame or None
        The logged dunning actions dated after their invoice was settled
        (:func:`recouvrement.dunning.actions_after_settlement`).
    interest, claims, totals, prescription, long_terms, penalty
        From :mod:`recouvrement.legal` (``penalty``: the rate of the as-of half-year).
    scores, changes
        From :mod:`recouvrement.scoring`.
    cash : CashMatches or None
        Unapplied payments and credit notes proposed against open invoices
        (:func:`recouvrement.aging.proposed_matches`): what they cover is not dunned.
    decisions : DataFrame or None
        One action per debtor (:func:`~recouvrement.audit.decisions.debtor_decisions`):
        the plan, the summary's actions and the letters derive from it.
    letters : list of letters.Letter
        Drafts for the debtors whose decision is a dunning step.
    reasons : dict
        Part -> French reason it is not available.

    """

    as_of: pd.Timestamp
    calendar: dunning.Calendar | None = None
    coverage: dunning.Coverage | None = None
    adherence: dunning.Adherence | None = None
    effectiveness: pd.DataFrame | None = None
    next_actions: dunning.NextActions | None = None
    after_settlement: pd.DataFrame | None = None
    interest: pd.DataFrame | None = None
    claims: pd.DataFrame | None = None
    totals: pd.Series | None = None
    prescription: pd.DataFrame | None = None
    long_terms: pd.DataFrame | None = None
    penalty: legal.PenaltyRate | None = None
    scores: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None
    cash: CashMatches | None = None
    decisions: pd.DataFrame | None = None
    letters: list[letters.Letter] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def dunned(self) -> frozenset[str] | None:
        """Debtors whose one action is a dunning step (None before the decisions exist)."""
        if self.decisions is None:
            return None
        d = self.decisions
        return frozenset(d.loc[d["key"] == "relancer", "debtor_id"])

    @property
    def planned_actions(self) -> pd.DataFrame | None:
        """The dunning procedures of the debtors decided for dunning (:attr:`dunned`)."""
        if self.next_actions is None:
            return None
        acts = self.next_actions.actions
        return acts if self.dunned is None else acts[acts["debtor_id"].isin(self.dunned)]

    def reason(self, part: str) -> str:
        """Why ``part`` is not available (``""`` when it is)."""
        return self.reasons.get(part, "")


def audit_layer(snap: Snapshot) -> AuditLayer:
    """Compute the dunning audit, the legal claims, the scores and the letters at a date.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (a month end in the monthly report), see
        :func:`recouvrement.aging.snapshot`; every part shares it.

    Returns
    -------
    AuditLayer

    Notes
    -----
    Order: risk scores first (a company's calendar may depend on the debtor's risk
    class), then the dunning audit with those classes (and the actions logged after
    their invoice was settled), the legal computations, and
    the letters of the next actions with the penalties of their invoices.
    Configuration errors (an invalid ``dunning:`` or ``legal:`` section) raise: the
    report must not run with a configuration it cannot honour. A debtor's kind is
    :meth:`recouvrement.ledger.Ledger.kinds`' for the penalties and the letters alike
    (the company's default kind included): without a debtors table, the legal part
    says why only when no default kind is configured either.

    """
    ledger, day = snap.ledger, snap.as_of
    out = AuditLayer(as_of=day)

    # dunning what was paid is the creditor's error: not a reminder the debtor needed
    after, ignored = (
        dunning.actions_and_rows_after_settlement(snap) if ledger.has("actions") else (None, ())
    )
    out.scores = scoring.risk_scores(snap, ignored_actions=ignored)
    out.changes = scoring.class_changes(snap, scores=out.scores, ignored_actions=ignored)
    classes = out.scores.set_index("debtor_id")["risk_class"].dropna().to_dict()

    out.calendar = dunning.calendar_for(ledger)
    if ledger.has("actions"):
        out.coverage = dunning.dunning_coverage(snap, risk_classes=classes)
        out.adherence = dunning.adherence(snap, risk_classes=classes)
        out.effectiveness = dunning.effectiveness(snap)
        out.after_settlement = after
    else:
        out.reasons["dunning"] = (
            "non disponible : pas de journal des relances (table des actions) dans les "
            "données ; le plan d'action part du premier niveau du calendrier pour chaque "
            "facture échue (les relances déjà faites ne sont pas connues), et la couverture, "
            "le respect du calendrier et l'efficacité des relances ne peuvent être mesurés"
        )
    out.cash = proposed_matches(snap)  # cash before dunning: what it covers is not dunned
    covered = out.cash.covered[out.cash.covered > 0]
    out.next_actions = dunning.next_actions(
        snap, risk_classes=classes, covered=covered.index.astype("str").tolist()
    )

    contractual = legal.contractual_rate_of(ledger)
    out.penalty = legal.penalty_rate(day, contractual_rate=contractual)
    out.interest = legal.late_payment_interest(snap, contractual_rate=contractual)
    out.claims = legal.claimable_by_debtor(out.interest)
    out.totals = legal.interest_totals(out.interest)
    out.prescription = legal.prescription_watch(snap)
    out.long_terms = legal.long_payment_terms(ledger)
    if not ledger.has("debtors") and ledger.kinds().isna().all():
        out.reasons["legal"] = (
            "pénalités non calculées : pas de fichier des débiteurs, donc pas de nature "
            "(professionnel ou particulier) connue"
        )

    out.decisions = debtor_decisions(
        snap, out.next_actions, prescription=out.prescription, scores=out.scores, covered=covered
    )
    if out.next_actions is not None:
        out.letters = letters.letters_for(
            snap,
            out.planned_actions,
            out.interest,
            penalty_rate=out.penalty.rate,
            provisional=out.penalty.provisional,
        )
    return out
