"""The rules backend runs the sections its package lists, in that order."""

from __future__ import annotations

from conftest import make_doc

from paperlens.extract import rules
from paperlens.extract.rules import base, economics, terms


def test_extract_rules_runs_the_listed_sections_in_order(monkeypatch):
    ran: list[str] = []

    def recording(t, warnings, name, fields, fn, *args):
        ran.append(name)
        return base.run_step(t, warnings, name, fields, fn, *args)

    monkeypatch.setattr(economics, "run_step", recording)
    monkeypatch.setattr(terms, "run_step", recording)
    doc = make_doc("Token allocation\nThe total supply of ACME is 1,000,000,000 tokens.\n"
                   "Team 20%\nToken sale 50%\nReserve 30%\n")
    t = rules.extract_rules(doc)
    assert t.allocation, "the paper needs an allocation for the vesting step to run"
    assert tuple(ran) == rules.SECTIONS
