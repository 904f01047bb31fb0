"""The FEC (Fichier des Écritures Comptables, art. A.47 A-1 LPF) read into a Ledger.

``read`` parses one FEC file of any dialect into typed lines (exact cents); the other
modules turn the receivable lines of one company's FEC files into the ledger's tables:
line roles from their entry, lettrage as of any date, opening entries, due dates.
"""
