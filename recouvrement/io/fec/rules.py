"""The rules of reading a FEC, in French, for the methodology appendix of the report."""

from __future__ import annotations

from recouvrement.io.fec.roles import FecOptions
from recouvrement.io.fec.terms import MIN_OBSERVED

__all__ = ["fec_rules"]


def fec_rules(options: FecOptions, partial_after_days: int) -> list[tuple[str, str]]:
    """(rule, French text) of the FEC reading actually applied (the company's prefixes...)."""
    scope = ", ".join(f"{p}*" for p in options.scope)
    journals = ", ".join(options.opening_journals)
    return [
        (
            "FEC (art. A.47 A-1 LPF)",
            "Fichier des écritures comptables lu sans paramétrage : séparateur tabulation ou "
            "barre verticale, UTF-8 (avec ou sans BOM), ISO-8859-15 ou cp1252, variantes "
            "Montant + Sens et comptabilité de trésorerie, montants en centimes exacts, "
            "dates AAAAMMJJ (19000101 et vides : date absente) ; un fichier dont les débits "
            "et crédits ne "
            "s'équilibrent pas est refusé. La période vient des écritures, jamais du nom du "
            "fichier ; plusieurs exercices consécutifs forment un seul grand livre.",
        ),
        (
            "Comptes clients",
            f"Lignes des comptes {scope} (clients, douteux, avances) ; le débiteur est le "
            "compte auxiliaire (CompAuxNum), ou le compte lui-même sans auxiliaire ; les codes "
            "auxiliaires des autres comptes sont ignorés. Chaque ligne reçoit l'identifiant "
            "journal-numéro d'écriture-position (PieceRef n'est pas unique ; il reste la "
            "référence de la facture).",
        ),
        (
            "Nature des lignes",
            "Lue dans l'écriture entière : un débit client contre des ventes (7*) ou de la TVA "
            "(445*) est une facture, son crédit un avoir ; un crédit contre une banque ou une "
            "caisse (5*) est un règlement, un débit contre une banque un remboursement ; un "
            "crédit contre une perte (654*, 6714*) est un passage en perte ; un transfert "
            "en créances douteuses (411 → 416, même client, même montant) déplace les "
            "factures lettrées avec lui, qui gardent leur ancienneté ; le reste "
            "(régularisation) n'est ni une vente ni un encaissement. Les rôles des journaux "
            "peuvent être imposés (fec: journals:).",
        ),
        (
            "Lettrage à date",
            "Les lignes d'un même débiteur et d'un même compte portant le même code, dans un "
            "même exercice, forment un groupe ; un code réutilisé par un autre client est un "
            "autre groupe. Une ligne "
            "est lettrée à sa DateLet, à défaut à la dernière date d'écriture de son groupe ; "
            "un lettrage postérieur à la date d'arrêté est ignoré (le règlement est alors « non "
            "affecté » et la facture ouverte). Dans un groupe, les crédits soldent les débits "
            "du plus ancien au plus récent ; un groupe partiellement lettré laisse son reste "
            "ouvert ; un crédit non lettré réduit le solde de son débiteur (non affecté).",
        ),
        (
            "À-nouveaux",
            f"Écritures des journaux {journals} : avec le FEC de l'exercice précédent, elles "
            "ne sont pas comptées une seconde fois (leur total par client doit égaler son "
            "solde de clôture, au centime, sinon les fichiers sont refusés) et la ligne qui "
            "reprend une facture (même client, même PieceRef) la représente dans le lettrage "
            "du nouvel exercice, la facture gardant son ancienneté. Sans lui, ce sont des "
            "soldes d'ouverture, jamais des ventes de la période (DSO, CEI et nombres de "
            "factures les excluent), âgés depuis leur PieceDate ou, à défaut, depuis la date "
            "d'ouverture avec la mention « antériorité inconnue ».",
        ),
        (
            "Échéances",
            "Le FEC n'en contient pas : délai contractuel du débiteur (fec: terms_days ou "
            "colonne terms_days de la table des débiteurs), sinon délai estimé (délai médian "
            f"de règlement par paiement de ses factures, dès {MIN_OBSERVED} factures, sur "
            "l'ensemble du FEC, plafonné à 60 jours, art. L.441-10 I), sinon délai par défaut "
            "(default_terms_days) ; la source de chaque débiteur est indiquée.",
        ),
        (
            "Rapprochement avec la comptabilité",
            "À chaque fin de mois des données jusqu'à la date d'arrêté, pour chaque débiteur, "
            "balance âgée (tranches + non affecté) = Σ (débit − crédit) de ses lignes de "
            "comptes clients datées au plus tard à cette date, au centime ; un écart arrête "
            "le rapport.",
        ),
        (
            "Qualité du lettrage",
            "Règlements non lettrés égaux à une facture ouverte du même client, groupes "
            "partiellement lettrés depuis plus de "
            f"{partial_after_days} jours dont les factures doivent encore, groupes sans "
            "facture, codes réutilisés d'un exercice à l'autre (information).",
        ),
    ]
