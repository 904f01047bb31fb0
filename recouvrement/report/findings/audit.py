"""Written findings of the audit layer: dunning, creditor's rights and risk.

:func:`audit_findings` turns a :class:`recouvrement.audit.AuditLayer` into two
sections of plain-text sentences (findings, then the actions they call for), in French
or in English (:data:`AUDIT_TEXTS`). Counts use the French thousands separator in both
languages (:func:`recouvrement.formatting.fmt_int`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from recouvrement.conventions.risk import A_RISQUE
from recouvrement.formatting import fmt_int
from recouvrement.report.findings.language import Language
from recouvrement.report.findings.rules import PRESCRIPTION_URGENT_DAYS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from recouvrement.audit import AuditLayer

#: Templates by language code, then by name; a pair is (singular, plural).
AUDIT_TEXTS: dict[str, dict[str, str | tuple[str, str]]] = {
    "fr": {
        "title": "Relances, droits du créancier et risques",
        "title_actions": "Actions issues de l'audit",
        "no_dunning": "Audit des relances {reason}.",
        "coverage": (
            "{share} des factures échues à relancer ({n} sur {total}, {amount}) n'ont fait "
            "l'objet d'aucune relance au {date}."
        ),
        "coverage_full": (
            "Toutes les factures échues à relancer ({total}) ont été relancées au {date}."
        ),
        "behind": (
            "{n} facture échue ({amount}) est en retard sur le calendrier de relance "
            "« {calendar} » : le niveau attendu n'a pas été atteint.",
            "{n} factures échues ({amount}) sont en retard sur le calendrier de relance "
            "« {calendar} » : le niveau attendu n'a pas été atteint.",
        ),
        "after_settlement": (
            "{n} relance a été envoyée après le règlement de la facture{registered} : vérifier "
            "le lettrage avant chaque relance.",
            "{n} relances ont été envoyées après le règlement de la facture{registered} : "
            "vérifier le lettrage avant chaque relance.",
        ),
        "registered": (" (dont {k} lettre recommandée)", " (dont {k} lettres recommandées)"),
        "registered_all": (" (lettre recommandée)", " (toutes des lettres recommandées)"),
        "next": (
            "{n} procédure de relance est à engager d'ici au {until} ({late} déjà en retard), "
            "pour {amount} ; projets de lettres joints au rapport : {letters}.",
            "{n} procédures de relance sont à engager d'ici au {until} ({late} déjà en retard), "
            "pour {amount} ; {letters} projets de lettres sont joints au rapport.",
        ),
        "claims": (
            "{total} de pénalités de retard et d'indemnités forfaitaires sont réclamables "
            "({interest} de pénalités, {indemnities} d'indemnités, {n} débiteurs "
            "professionnels) ; aucune facturation de pénalités ne figure dans les données."
        ),
        "claims_none": "Aucune pénalité ni indemnité n'est réclamable au {date}.",
        "provisional": "Montant provisoire : {note}.",
        "prescription": (
            "{n} factures ({amount}) se prescrivent dans les six mois et {gone} sont déjà "
            "prescrites."
        ),
        "terms": (
            "{n} facture a un délai de paiement convenu supérieur à 60 jours à compter de "
            "l'émission (art. L.441-10 du Code de commerce).",
            "{n} factures ont un délai de paiement convenu supérieur à 60 jours à compter de "
            "l'émission (art. L.441-10 du Code de commerce).",
        ),
        "risk": (
            "{n} débiteur est classé « à risque » ({amount} d'encours, {share} du total) ; "
            "{worse} débiteur(s) ont vu leur classe se dégrader depuis le mois précédent.",
            "{n} débiteurs sont classés « à risque » ({amount} d'encours, {share} du total) ; "
            "{worse} ont vu leur classe se dégrader depuis le mois précédent.",
        ),
        "breaches": (
            "{n} débiteur dépasse sa limite de crédit, de {amount}.",
            "{n} débiteurs dépassent leur limite de crédit, de {amount} au total.",
        ),
        "act_next": (
            "Engager les {n} relances du calendrier (projets de lettres joints), en commençant "
            "par les {late} en retard."
        ),
        "act_after_settlement": (
            "Rapprocher les règlements reçus (lettrage) avant toute relance, en commençant par "
            "les débiteurs relancés après règlement : {names}."
        ),
        "act_claims": (
            "Facturer les pénalités et indemnités réclamables aux débiteurs professionnels, "
            "en priorité {names}."
        ),
        "act_prescription": (
            "Interrompre la prescription des {n} factures concernées (reconnaissance de dette "
            "ou action en justice) avant leur date de prescription."
        ),
        "act_risk": (
            "Exiger un paiement comptant ou un acompte des débiteurs « à risque » : {names}."
        ),
        "act_breaches": "Suspendre les livraisons au-delà de la limite de crédit : {names}.",
        "act_none": "Aucune action particulière issue de l'audit des relances et des droits.",
    },
    "en": {
        "title": "Dunning, creditor's rights and risk",
        "title_actions": "Actions from the audit",
        "no_dunning": "Dunning audit {reason}.",
        "coverage": (
            "{share} of the overdue invoices to dun ({n} of {total}, {amount}) have had no "
            "reminder as of {date}."
        ),
        "coverage_full": "Every overdue invoice to dun ({total}) has had a reminder as of {date}.",
        "behind": (
            "{n} overdue invoice ({amount}) is behind the '{calendar}' dunning calendar: the "
            "expected level was not reached.",
            "{n} overdue invoices ({amount}) are behind the '{calendar}' dunning calendar: the "
            "expected level was not reached.",
        ),
        "after_settlement": (
            "{n} reminder was sent after its invoice was settled{registered}: check the "
            "matching of payments before every reminder.",
            "{n} reminders were sent after their invoice was settled{registered}: check the "
            "matching of payments before every reminder.",
        ),
        "registered": (" (of which {k} registered letter)", " (of which {k} registered letters)"),
        "registered_all": (" (a registered letter)", " (all registered letters)"),
        "next": (
            "{n} dunning procedure is due by {until} ({late} already late), for {amount}; "
            "draft letters attached to the report: {letters}.",
            "{n} dunning procedures are due by {until} ({late} already late), for {amount}; "
            "{letters} draft letters are attached to the report.",
        ),
        "claims": (
            "{total} of late-payment penalties and recovery indemnities are claimable "
            "({interest} of penalties, {indemnities} of indemnities, {n} professional "
            "debtors); the data shows no penalty invoiced."
        ),
        "claims_none": "No penalty or indemnity is claimable as of {date}.",
        "provisional": "Provisional amount: {note}.",
        "prescription": (
            "{n} invoices ({amount}) become time-barred within six months and {gone} already are."
        ),
        "terms": (
            "{n} invoice has agreed payment terms above 60 days from issue (art. L.441-10 "
            "Code de commerce).",
            "{n} invoices have agreed payment terms above 60 days from issue (art. L.441-10 "
            "Code de commerce).",
        ),
        "risk": (
            "{n} debtor is rated 'à risque' ({amount} of receivables, {share} of the total); "
            "{worse} moved to a worse class since last month.",
            "{n} debtors are rated 'à risque' ({amount} of receivables, {share} of the total); "
            "{worse} moved to a worse class since last month.",
        ),
        "breaches": (
            "{n} debtor exceeds its credit limit, by {amount}.",
            "{n} debtors exceed their credit limit, by {amount} in total.",
        ),
        "act_next": (
            "Send the {n} reminders of the calendar (draft letters attached), starting with "
            "the {late} late ones."
        ),
        "act_after_settlement": (
            "Match the payments received before any reminder, starting with the debtors "
            "dunned after payment: {names}."
        ),
        "act_claims": (
            "Invoice the claimable penalties and indemnities to professional debtors, first "
            "{names}."
        ),
        "act_prescription": (
            "Interrupt the limitation period of the {n} invoices concerned (acknowledgement "
            "of debt or court action) before they become time-barred."
        ),
        "act_risk": "Require cash payment or a deposit from the 'à risque' debtors: {names}.",
        "act_breaches": "Hold deliveries beyond the credit limit: {names}.",
        "act_none": "No particular action from the dunning and rights audit.",
    },
}


def audit_findings(
    layer: AuditLayer,
    names: Mapping[str, str] | pd.Series | None = None,
    *,
    language: str = "fr",
) -> list[tuple[str, list[str]]]:
    """Written findings of the audit layer: what the dunning, legal and risk audit found.

    Parameters
    ----------
    layer : recouvrement.audit.AuditLayer
        The audit layer at the report's date.
    names : mapping or Series, optional
        Debtor id -> name, to name debtors in the actions.
    language : {"fr", "en"}
        Language of the sentences (French by default).

    Returns
    -------
    list of (title, sentences)
        Two sections: the findings (coverage of reminders, calendar adherence, actions
        logged after their invoice was settled, next actions and letters, claimable
        penalties and indemnities, prescription, long terms, risk classes and limit
        breaches) and the actions they call for. A part that is not available says so.

    Notes
    -----
    Rules: every overdue invoice without a reminder is a finding; so is every dunning
    action logged after its invoice was settled (how many, how many registered letters;
    the three debtors dunned last are named in the action); penalties are said
    claimable when ``total_claimable > 0`` (professional debtors, no open dispute, no
    insolvency) and, the data contract having no penalty invoices, the sentence says
    none appears in the data; a claim prescribing within
    :data:`PRESCRIPTION_URGENT_DAYS` calls for interrupting the prescription; the three
    largest claims, the three lowest scores and the three largest limit breaches are
    named in the actions.

    """
    lang = Language(language)  # checks the language first
    t = AUDIT_TEXTS[language]
    names = pd.Series(dict(names) if names is not None else {}, dtype="str")

    def who(ids: pd.Series) -> str:
        return lang.join([str(names.get(i, i)) for i in ids])

    found: list[str] = []
    actions: list[str] = []
    date = lang.date(layer.as_of)
    if layer.coverage is None:
        found.append(t["no_dunning"].format(reason=layer.reason("dunning")))
    else:
        cov = layer.coverage.table()
        total = int(cov.loc["total", "n_invoices"])
        n = int(cov.loc["sans relance", "n_invoices"])
        if n:
            found.append(
                t["coverage"].format(
                    share=lang.share(cov.loc["sans relance", "share_invoices"]),
                    n=fmt_int(n),
                    total=fmt_int(total),
                    amount=lang.eur(cov.loc["sans relance", "amount"]),
                    date=date,
                )
            )
        elif total:
            found.append(t["coverage_full"].format(total=fmt_int(total), date=date))
        summary = layer.adherence.summary
        if "en retard" in summary.index and summary.loc["en retard", "n_invoices"]:
            found.append(
                _pl(t["behind"], summary.loc["en retard", "n_invoices"]).format(
                    n=fmt_int(summary.loc["en retard", "n_invoices"]),
                    amount=lang.eur(summary.loc["en retard", "amount"]),
                    calendar=layer.calendar.name,
                )
            )
        after = layer.after_settlement
        if after is not None and len(after):
            found.append(_after_settlement(t, after))
        acts = layer.next_actions.actions
        if len(acts):
            late = int((acts["status"] == "en retard").sum())
            found.append(
                _pl(t["next"], len(acts)).format(
                    n=fmt_int(len(acts)),
                    until=lang.date(layer.as_of + pd.Timedelta(days=30)),
                    late=fmt_int(late),
                    amount=lang.eur(acts["amount"].sum()),
                    letters=fmt_int(len(layer.letters)),
                )
            )
            actions.append(t["act_next"].format(n=fmt_int(len(acts)), late=fmt_int(late)))
        if after is not None and len(after):
            recent = after.sort_values(["date", "debtor_id"], ascending=[False, True])
            actions.append(
                t["act_after_settlement"].format(
                    names=who(recent["debtor_id"].drop_duplicates().head(3))
                )
            )
    totals = layer.totals
    if totals is not None and totals["total_claimable"] > 0:
        found.append(
            t["claims"].format(
                total=lang.eur(totals["total_claimable"]),
                interest=lang.eur(totals["claimable_interest"]),
                indemnities=lang.eur(totals["claimable_indemnities"]),
                n=fmt_int((layer.claims["total_claimable"] > 0).sum()),
            )
        )
        if totals["provisional"]:
            found.append(t["provisional"].format(note=str(totals["provisional_note"]).rstrip(".")))
        top = layer.claims.sort_values(["total_claimable", "debtor_id"], ascending=[False, True])
        actions.append(t["act_claims"].format(names=who(top["debtor_id"].head(3))))
    elif totals is not None:
        found.append(t["claims_none"].format(date=date))
    watch = layer.prescription
    if watch is not None and len(watch):
        soon = watch[~watch["prescribed"]]
        found.append(
            t["prescription"].format(
                n=fmt_int(len(soon)),
                amount=lang.eur(soon["residual"].sum()),
                gone=fmt_int(int(watch["prescribed"].sum())),
            )
        )
        urgent = soon[soon["days_left"] <= PRESCRIPTION_URGENT_DAYS]
        if len(urgent):
            actions.append(t["act_prescription"].format(n=fmt_int(len(urgent))))
    if layer.long_terms is not None and layer.long_terms["breach"].any():
        found.append(
            _pl(t["terms"], int(layer.long_terms["breach"].sum())).format(
                n=fmt_int(int(layer.long_terms["breach"].sum()))
            )
        )
    scores = layer.scores
    if scores is not None:
        risky = scores[scores["risk_class"] == A_RISQUE]
        total_encours = float(scores["encours"].sum())
        found.append(
            _pl(t["risk"], len(risky)).format(
                n=fmt_int(len(risky)),
                amount=lang.eur(risky["encours"].sum()),
                share=lang.share(
                    risky["encours"].sum() / total_encours * 100 if total_encours else 0
                ),
                worse=fmt_int(len(layer.changes) if layer.changes is not None else 0),
            )
        )
        breach = scores[scores["limit_breach"].fillna(False).astype(bool)]
        if len(breach):
            excess = breach["encours"] - breach["credit_limit"]
            found.append(
                _pl(t["breaches"], len(breach)).format(
                    n=fmt_int(len(breach)), amount=lang.eur(excess.sum())
                )
            )
        exposed = risky[risky["encours"] > 0].sort_values(["score", "debtor_id"])
        if len(exposed):
            actions.append(t["act_risk"].format(names=who(exposed["debtor_id"].head(3))))
        if len(breach):
            order = breach.assign(excess=excess).sort_values(
                ["excess", "debtor_id"], ascending=[False, True]
            )
            actions.append(t["act_breaches"].format(names=who(order["debtor_id"].head(3))))
    return [(t["title"], found), (t["title_actions"], actions or [t["act_none"]])]


def _after_settlement(t: Mapping[str, str | tuple[str, str]], after: pd.DataFrame) -> str:
    """The sentence of the actions logged after their invoice was settled."""
    n, k = len(after), int(after["registered"].sum())
    registered = ""
    if k == n:
        registered = _pl(t["registered_all"], n)
    elif k:
        registered = _pl(t["registered"], k).format(k=fmt_int(k))
    return _pl(t["after_settlement"], n).format(n=fmt_int(n), registered=registered)


def _pl(forms: tuple[str, str], n: int) -> str:
    """``forms[0]`` (singular) when ``n`` is 1, else ``forms[1]`` (plural)."""
    return forms[0] if int(n) == 1 else forms[1]
