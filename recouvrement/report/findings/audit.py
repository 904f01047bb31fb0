"""Written findings of the audit layer: dunning, creditor's rights and risk.

:func:`audit_findings` turns a :class:`recouvrement.audit.AuditLayer` into two
sections of plain-text sentences (findings, then the actions they call for), in French
or in English (:data:`AUDIT_TEXTS`). Counts use the French thousands separator in both
languages (:func:`recouvrement.formatting.fmt_int`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from recouvrement.conventions.risk import A_RISQUE
from recouvrement.formatting import fmt_int
from recouvrement.report.findings.audit_texts import AUDIT_TEXTS
from recouvrement.report.findings.language import Language
from recouvrement.report.findings.rules import PRESCRIPTION_URGENT_DAYS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from recouvrement.audit import AuditLayer


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
    decisions = layer.decisions
    after = layer.after_settlement
    dunned = layer.dunned

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
        if after is not None and len(after):
            found.append(_after_settlement(t, after))
    acts = layer.planned_actions
    if acts is not None:
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
        if dunned is not None:
            top = top[top["debtor_id"].isin(dunned)]
        if len(top):
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
        if len(urgent) and decisions is None:
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
        if len(exposed) and decisions is None:
            actions.append(t["act_risk"].format(names=who(exposed["debtor_id"].head(3))))
        if len(breach) and decisions is None:
            order = breach.assign(excess=excess).sort_values(
                ["excess", "debtor_id"], ascending=[False, True]
            )
            actions.append(t["act_breaches"].format(names=who(order["debtor_id"].head(3))))
    if decisions is not None:
        actions.extend(_decided(t, lang, decisions, who))
    return [(t["title"], found), (t["title_actions"], actions or [t["act_none"]])]


def _decided(t: Mapping[str, Any], lang: Language, decisions: pd.DataFrame, who: Any) -> list[str]:
    """One sentence per action of the per-debtor decisions other than the dunning steps.

    Each debtor is named under its one action (:func:`recouvrement.audit.debtor_decisions`),
    so no debtor is told two contradictory things; the dunning steps are the sentence
    ``act_next`` above. The three largest amounts are named.
    """
    out = []
    rest = decisions[decisions["key"] != "relancer"]
    for key in dict.fromkeys(rest["key"]):
        grp = rest[rest["key"] == key].sort_values(["amount", "debtor_id"], ascending=[False, True])
        first = grp["deadline"].min()
        values = {
            "action": grp["action"].iloc[0],
            "names": who(grp["debtor_id"].head(3)),
            "n": fmt_int(len(grp)),
            "amount": lang.eur(grp["amount"].sum()),
        }
        if pd.isna(first):
            out.append(t["act_decision"].format(**values))
        else:
            estimated = bool(grp.loc[grp["deadline"] == first, "estimated"].any())
            out.append(
                t["act_decision_deadline"].format(
                    **values,
                    deadline=lang.date(first),
                    estimated=t["estimated"] if estimated else "",
                )
            )
    return out


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
