"""Bulk: folders and archives of PDFs, with concurrency, a resumable ledger and an overview.

:mod:`.run` schedules the papers (lock, signals, ledger, overview), :mod:`.workers` reads
each in a child process, :mod:`.archive` finds the PDFs in folders, zips and tars,
:mod:`.batch` uses the OpenAI Batch API, :mod:`.overview` writes index.html and
summary.csv, :mod:`.progress` shows the run.
"""
