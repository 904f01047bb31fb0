"""The last sections: data quality and the methodology appendix.

Each function takes the :class:`~recouvrement.report.context.Report` and returns the
blocks of one notebook cell, in order (``display(*blocks)``). The appendix is written
from the results themselves: the conventions in force, each KPI's own convention text
and the rules of the findings, the dunning audit, the legal items and the scoring.
"""

from __future__ import annotations

from recouvrement import dunning, legal, scoring
from recouvrement.audit import decisions
from recouvrement.audit.action_plan import PLAN_RULES
from recouvrement.conventions.data import label as data_label
from recouvrement.formatting import fmt_count, fmt_date, fmt_eur, fmt_int, fmt_pct
from recouvrement.kpi.targets import WATCH_BAND
from recouvrement.ledger.fx import describe_conversion
from recouvrement.legal.rates import ECB_RATE, LEGAL_RATE, RATES_FOLDER, table_period
from recouvrement.report.attachments import Attachment, bounded_table, table_csv
from recouvrement.report.context import Report
from recouvrement.report.findings import RULES as FINDINGS_RULES
from recouvrement.report.findings.messages import MESSAGE_RULES
from recouvrement.report.html import Html, facts
from recouvrement.report.html_tables import table_html
from recouvrement.report.tables import anomalies_table, counts_table, rules_applied_table
from recouvrement.report.tables.quality import defaults_table, excluded_rows_table

#: The note under the counts: how they add up.
COUNTS_NOTE = (
    "Lues = conservées + écartées + exclues. Exclues : lignes du fichier qu'un filtre "
    "where: de recouvrement.yml a laissées hors de la table ; un fichier qui alimente "
    "plusieurs tables compte dans chacune, une ligne exclue d'une table pouvant être reprise "
    "par une autre. Corrigées : lignes conservées après correction."
)


def counts(r: Report) -> list[Html | Attachment]:
    """Rows read, kept, set aside, excluded and repaired per table; exclusions; defaults.

    Then the lines a ``where:`` filter excluded, only when there are some: counted by
    filter and by the tables that took them instead, listed whole in ``exclusions.csv``
    beside the report, and printed one by one only for those no table took (at most
    ``limits.max_rows``),
    and the ``defaults:`` values used with the rows each filled, only when the
    configuration sets some.
    """
    blocks: list[Html | Attachment] = [
        table_html(
            counts_table(r.ledger),
            ints=["Lues", "Conservées", "Écartées", "Exclues", "Corrigées"],
            total_row=True,
            index=False,
            caption="Lignes lues, conservées, écartées, exclues et corrigées par table",
            note=COUNTS_NOTE,
        )
    ]
    excluded = excluded_rows_table(r.ledger)
    if len(excluded):
        summary = (
            excluded.groupby(["Table", "Fichier", "Filtre", "Reprise par"], sort=False)
            .size()
            .rename("Lignes")
            .reset_index()
        )
        lost = excluded[excluded["Reprise par"] == "aucune"]
        blocks += [
            table_html(
                summary,
                ints=["Lignes"],
                total_row=True,
                index=False,
                compact=True,
                caption=f"Lignes exclues par un filtre where: de recouvrement.yml "
                f"({fmt_int(len(excluded))}), par filtre",
                note="Reprise par : les autres tables qui ont lu la même ligne (une ligne "
                "d'un fichier commun exclue d'une table est souvent celle d'une autre). "
                "Liste ligne à ligne : exclusions.csv, joint au rapport.",
            ),
            table_csv("exclusions", excluded),
        ]
        if len(lost):
            blocks.append(
                table_html(
                    lost.astype({"Ligne": "str"}),  # a line number, not a count to add up
                    index=False,
                    compact=True,
                    max_rows=r.limits.max_rows,
                    others_label="Autres lignes, dans exclusions.csv",
                    caption=f"Lignes exclues reprises par aucune table ({fmt_int(len(lost))})",
                )
            )
    defaults = defaults_table(r.ledger)
    if len(defaults):
        blocks.append(
            table_html(
                defaults,
                ints=["Lignes complétées"],
                index=False,
                caption="Valeurs par défaut appliquées aux colonnes absentes ou vides",
            )
        )
    return blocks


def anomalies(r: Report) -> list[Html | Attachment]:
    """Every row set aside or repaired, with the file, line, column, value and rule.

    At most ``limits.max_rows`` rows are printed; beyond, the whole list goes to
    ``anomalies.csv`` beside the report, and the table says so.
    """
    frame = anomalies_table(r.ledger)
    aside = frame[frame["Traitement"] == "écartée"]
    unknown = int(aside["Montant de la ligne"].isna().sum())
    note = (
        f"Lignes écartées : {fmt_count(len(aside), 'ligne')}, "
        f"{fmt_eur(aside['Montant de la ligne'].sum())} hors des chiffres du rapport"
        + (f", plus {fmt_count(unknown, 'ligne')} au montant illisible" if unknown else "")
        + ". Montant de la ligne : montant TTC tel que lu dans le fichier."
    )
    return bounded_table(
        "anomalies",
        frame,
        r.limits.max_rows,
        ints=["Ligne"],
        unsummed=["Ligne"],
        money=["Montant de la ligne"],
        missing="non chiffrable",
        index=False,
        compact=True,
        note=note if len(frame) else None,
        caption=f"Anomalies relevées ({fmt_int(len(frame))})",
        empty="Aucune anomalie : toutes les lignes lues ont été conservées sans correction.",
    )


def conventions(r: Report) -> list[Html]:
    """The conventions actually applied to this report."""
    return [
        facts(
            {
                "Date d'arrêté": f"{fmt_date(r.as_of)} (dernier jour du mois audité)",
                "Tranches d'âge": f"{r.snap.buckets.describe()} : {', '.join(r.labels)}",
                "Base de l'âge": "jours de retard = date d'arrêté − date d'échéance ; "
                "une facture échéant le jour de l'arrêté n'est pas échue",
                "Échéance manquante": f"date de facture + {r.ledger.default_terms_days} jours "
                "(délai de paiement par défaut)",
                "Reconstitution à date": "solde d'une facture = montant − règlements, avoirs et "
                "pertes datés au plus tard à la date d'arrêté ; les factures émises après cette "
                "date sont ignorées",
                "Non affecté": "règlements non lettrés, avoirs non imputés et trop-perçus : non "
                "âgés, présentés par débiteur en montant négatif",
                "Contrôle": "Σ tranches + Σ non affecté = Σ factures − Σ règlements − Σ avoirs "
                "− Σ pertes, au centime ; un écart arrête le rapport",
                "Devise": f"{describe_conversion(r.ledger)} ; montants TTC calculés en "
                "centimes entiers",
                "Limites de plausibilité": r.limits.describe()
                + " ; à modifier par limits: dans recouvrement.yml",
            }
        )
    ]


def technical(r: Report) -> list[Html]:
    """The run: its reference (stamp), what computed it and with which parameters."""
    plan = r.plan
    version, python, pandas = r.versions
    return [
        facts(
            {
                "Référence du rapport (empreinte d'exécution)": f"{plan.stamp} : empreinte "
                "SHA-256 des fichiers lus, des paramètres et de la version du logiciel ; "
                "même référence, mêmes chiffres",
                "Logiciel": f"recouvrement {version}, Python {python}, pandas {pandas}",
                "Paramètres": f"société « {plan.company} », mois {plan.month}, tranches "
                f"« {plan.buckets} », langue « {plan.language} », objectifs : "
                f"{plan.targets_name or 'aucun fichier'}",
                "Tables de taux du logiciel": " ; ".join(
                    f"{series.table_fr} du {fmt_date(first)} au {fmt_date(last)} "
                    f"({data_label(*RATES_FOLDER, series.file)})"
                    for series in (ECB_RATE, LEGAL_RATE)
                    for first, last in [table_period(series)]
                )
                + " ; un taux postérieur est appliqué à titre provisoire : ajouter sa ligne, "
                "avec sa source, au fichier",
                "Références publiques": f"{data_label('data', 'references')} (Banque de "
                "France, Altares : une ligne datée et sourcée par chiffre publié)",
            },
            long=True,
        )
    ]


def rules_applied(r: Report) -> list[Html]:
    """The repair and set-aside rules applied this month, with their row counts."""
    return [
        table_html(
            rules_applied_table(r.ledger),
            ints=["Lignes"],
            index=False,
            empty="Aucune règle de correction n'a eu à s'appliquer : aucune anomalie relevée.",
        )
    ]


def kpi_conventions(r: Report) -> list[Html]:
    """Each KPI's formula and convention, as written by the computation itself."""
    return [
        facts(
            {
                k.label: k.convention if k.available else f"{k.convention} — {k.reason}"
                for k in r.kpis.values()
            },
            long=True,
        )
    ]


def findings_rules() -> list[Html]:
    """The rules and thresholds of the written findings and of the key messages."""
    return [
        facts(
            {
                **dict(FINDINGS_RULES),
                "Messages clés": MESSAGE_RULES[0],
                "Plan d'action": PLAN_RULES,
                "Objectifs et statuts": "objectif de chaque indicateur : le fichier "
                "d'objectifs de la société s'il est fourni ; sinon la référence publique datée "
                "calculée sur la même base (Banque de France, délais clients = créances "
                "clients TTC × 360 / chiffre d'affaires TTC des 12 mois, pour le DSO base "
                "Banque de France, jamais en dessous du meilleur DSO possible de la société "
                "sur cette base ; Altares, retard moyen de paiement au-delà du terme, pour le "
                "retard moyen des encours) ; sinon aucun objectif. Statut : « objectif "
                "atteint » du bon côté de l'objectif ; « à surveiller » du mauvais côté d'au "
                f"plus {fmt_pct(WATCH_BAND * 100, 0)} de l'objectif ; « hors objectif » "
                "au-delà ; « sans objectif » sans objectif.",
            },
            long=True,
        )
    ]


def audit_rules() -> list[Html]:
    """The rules of the dunning audit, the legal items and the scoring."""
    rules = dunning.RULES + legal.RULES + scoring.RULES + decisions.RULES
    return [facts(dict(rules), long=True)]
