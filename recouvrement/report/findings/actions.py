"""Rule 5 of the findings: the recommended actions, by rule, in the order of the rules.

Only significant KPIs trigger an action: a dunning KPI off target (tighten reminders on
the top overdue debtors), the oldest bucket above :data:`~.rules.OLD_SHARE_THRESHOLD`
(provisioning, formal notice), the top debtors above
:data:`~.rules.CONCENTRATION_THRESHOLD` (individual follow-up), one action per other
KPI off target, doubtful receivables (file the claims), then the data to provide or
check for the KPIs not available.
"""

from __future__ import annotations

from recouvrement.report.findings.drivers import Drivers
from recouvrement.report.findings.history import KpiRow
from recouvrement.report.findings.language import Language, table_of_reason
from recouvrement.report.findings.rules import (
    CONCENTRATION_THRESHOLD,
    DUNNING_TRIGGER_KEYS,
    KPI_TABLES,
    OLD_SHARE_THRESHOLD,
)
from recouvrement.report.findings.status import OffTarget


def actions(
    lang: Language,
    off: list[OffTarget],
    drivers: Drivers,
    now: dict[str, KpiRow],
) -> list[str]:
    """The recommended actions at the last month end (rule 5).

    Parameters
    ----------
    lang : Language
        The language of the sentences.
    off : list of (key, kpi, target, sentence)
        The KPIs off target (:func:`~.status.off_target`).
    drivers : Drivers
        The overdue analysis (:func:`~.drivers.drivers`).
    now : dict of str to KpiRow
        The KPIs at the last month end.

    """
    t = lang.t
    significant = {key: (k, target) for key, k, target, _ in off if k.significant}

    def why(keys: tuple[str, ...]) -> str:
        parts = []
        for key in keys:
            if key in significant:
                k, target = significant[key]
                assert k.value is not None
                parts.append(
                    t["kpi_vs_target"].format(
                        label=lang.label(key, k.label),
                        value=lang.value(k.unit, k.value),
                        target=lang.value(k.unit, target),
                    )
                )
        return " ; ".join(parts) if lang.fr else "; ".join(parts)

    out = []
    triggers = tuple(key for key in DUNNING_TRIGGER_KEYS if key in significant)
    if triggers:
        if drivers.top:
            out.append(
                t["act_dunning_named"].format(names=lang.join(drivers.top), why=why(triggers))
            )
        else:
            out.append(t["act_dunning"].format(why=why(triggers)))
    if drivers.old_share is not None and round(drivers.old_share, 9) >= OLD_SHARE_THRESHOLD:
        out.append(
            t["act_old"].format(
                bucket=drivers.oldest,
                share=lang.share(drivers.old_share),
                names=lang.join(drivers.old_names),
            )
        )
    if drivers.top_share is not None and round(drivers.top_share, 9) >= CONCENTRATION_THRESHOLD:
        out.append(
            t["act_concentration"].format(
                names=lang.join(drivers.top), share=lang.share(drivers.top_share)
            )
        )
    for key, template in (
        ("dispute_rate", "act_dispute"),
        ("dunning_coverage_rate", "act_coverage"),
        ("activation_rate", "act_activation"),
        ("cost_per_euro_collected", "act_cost"),
        ("bad_debt_rate", "act_bad_debt"),
    ):
        if key in significant:
            out.append(t[template].format(why=why((key,))))
    doubtful = now.get("doubtful_receivables")
    if doubtful is not None and doubtful.value is not None and doubtful.value > 0:
        out.append(t["act_doubtful"].format(amount=lang.eur(doubtful.value)))
    out.extend(_data_actions(lang, now))
    return out


def _data_actions(lang: Language, now: dict[str, KpiRow]) -> list[str]:
    """Rule 5j: the table to provide (grouped by table) or the data to check."""
    t = lang.t
    by_table: dict[tuple[str, bool], list[str]] = {}
    checks = []
    for key, k in now.items():
        if k.value is not None:
            continue
        label = lang.label(key, k.label)
        table = table_of_reason(k.reason)
        if table is not None:
            by_table.setdefault((table, True), []).append(label)
        elif k.reason is None and key in KPI_TABLES:
            by_table.setdefault((KPI_TABLES[key], False), []).append(label)
        elif k.reason is None:
            checks.append(t["act_check_unknown"].format(label=label))
        else:
            checks.append(t["act_check"].format(label=label, reason=lang.reason(k.reason)))
    out = [
        t["act_table" if sure else "act_table_maybe"].format(
            table=lang.table(table), labels=", ".join(labels)
        )
        for (table, sure), labels in by_table.items()
    ]
    return out + checks
