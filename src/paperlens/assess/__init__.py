"""Stages 4-6: from extracted facts to findings and a grade.

:mod:`.ground` checks every quote against the page text, :mod:`.agree` combines the LLM's
facts with the rules backend's, :mod:`.language`, :mod:`.quarantine` and :mod:`.mentions`
read the text itself, :mod:`.kind` names the kind of paper, :mod:`.figures` and
:mod:`.schedule` compute every figure once, :mod:`.validate` turns them into findings under
the policy, :mod:`.grade` (with :mod:`.coverage`) scores them; :mod:`.check` re-grades a
saved result.
"""
