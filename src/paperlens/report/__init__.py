"""Stage 7, render: a Result as a self-contained HTML report, Markdown, JSON and a
terminal summary (:mod:`.render`, charts in :mod:`.charts`), and two results compared
(:mod:`.diff`).
"""
