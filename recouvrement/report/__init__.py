"""What a report notebook calls: context, tables, findings prose, HTML blocks, charts.

The report layer computes nothing new: it loads a report's inputs once
(:mod:`~recouvrement.report.context`), shapes the results of the layers below into
French tables (:mod:`~recouvrement.report.listings`), sentences
(:mod:`~recouvrement.report.findings`), escaped HTML blocks
(:mod:`~recouvrement.report.display`) and charts (:mod:`~recouvrement.report.charts`),
and renders the letter drafts (:mod:`~recouvrement.report.letters`).
"""
