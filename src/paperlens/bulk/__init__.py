"""Bulk: folders and archives of PDFs, with concurrency, a resumable ledger and an overview.

:mod:`.run` schedules the papers (signals, reserve, overview as it goes), :mod:`.ledger`
keeps results.jsonl, :mod:`.lock` checks and holds the output folder, :mod:`.dryrun`
plans a run with token and cost estimates, :mod:`.summary` says what a run did,
:mod:`.workers` reads each paper in a child process, :mod:`.archive` finds the PDFs in
folders, zips and tars, :mod:`.batch` uses the OpenAI Batch API, :mod:`.overview`
writes index.html and summary.csv, :mod:`.progress` shows the run.
"""
