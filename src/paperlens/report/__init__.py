"""Stage 7, render: a Result as a self-contained HTML report, Markdown and JSON
(:mod:`.render`: the Jinja environments and the writes), from the view model in
:mod:`.view`, worded by :mod:`.format`, with the charts of :mod:`.charts`; the
terminal summary (:mod:`.terminal`); and two results compared (:mod:`.diff`).
"""
