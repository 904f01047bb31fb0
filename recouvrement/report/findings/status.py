"""Rules 3 and 6 of the findings: where each KPI stands at the last month end.

:func:`off_target` lists the available KPIs on the wrong side of their target
(``direction × (value − target) < 0``, direction from
:func:`recouvrement.kpi.kpi_direction`), flagging those not significant;
:func:`unavailable` lists the KPIs not available, with their reason or the table they
need (:data:`~.rules.KPI_TABLES`).
"""

from __future__ import annotations

from recouvrement import conventions as cv
from recouvrement.kpi import kpi_direction
from recouvrement.report.findings.history import KpiRow
from recouvrement.report.findings.language import Language
from recouvrement.report.findings.rules import KPI_TABLES

#: One KPI off target: ``(key, kpi, target, sentence)``.
OffTarget = tuple[str, KpiRow, float, str]


def off_target(
    lang: Language, now: dict[str, KpiRow], targets: dict[str, float]
) -> list[OffTarget]:
    """``(key, kpi, target, sentence)`` of the available KPIs on the wrong side of target."""
    t = lang.t
    out = []
    for key, k in now.items():
        if key not in targets or k.value is None:
            continue
        target = targets[key]
        gap = k.value - target
        direction = kpi_direction(key)
        if direction is None or round(direction * gap, 9) >= 0:
            continue
        text = t["off_target"].format(
            label=lang.label(key, k.label),
            value=lang.value(k.unit, k.value),
            target=lang.value(k.unit, target),
            gap=lang.gap(k.unit, gap),
        )
        if not k.significant:
            if k.n_debtors is None:
                text += t["off_target_ns_unknown"]
            else:
                text += t["off_target_ns"].format(n=k.n_debtors, min=cv.MIN_DEBTORS_SIGNIFICANT)
        out.append((key, k, target, text))
    return out


def unavailable(lang: Language, now: dict[str, KpiRow]) -> list[str]:
    """One sentence per KPI not available in ``now``, with its reason or the table it needs.

    The reason given by the history is used when present; otherwise the table the KPI
    needs (:data:`~.rules.KPI_TABLES`) is named, or the reason is said to be unknown.
    """
    t = lang.t
    out = []
    for key, k in now.items():
        if k.value is not None:
            continue
        label = lang.label(key, k.label)
        if k.reason is not None:
            out.append(t["unavailable"].format(label=label, reason=lang.reason(k.reason)))
        elif key in KPI_TABLES:
            out.append(
                t["unavailable_table"].format(label=label, table=lang.table(KPI_TABLES[key]))
            )
        else:
            out.append(t["unavailable_unknown"].format(label=label))
    return out
