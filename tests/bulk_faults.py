"""Faults injected inside bulk's worker processes, for the crash-isolation tests.

The tests patch :func:`paperlens.bulk.ingest_paper` (the function the parent submits)
with :func:`ingest_paper` here, which the spawned workers import from tests/. A paper
named ``crash*`` kills its worker outright, as a segfault in PDFium would; one named
``hang*`` blocks where the timeout alarm cannot interrupt it, as a hang inside C code;
one named ``boom*`` makes the ground stage raise an unexpected exception (as a bug in
that stage would), for that paper only.
"""

from __future__ import annotations

import os
import signal
import time

from paperlens.bulk import run as bulk
from paperlens.assess import ground
from paperlens.ingest import document as ingest


def _stuck(*args, **kwargs):
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # the alarm never runs
    time.sleep(3600)


def ingest_paper(path, estimate_tokens=None):
    if path.name.startswith("crash"):
        os._exit(70)
    if path.name.startswith("hang"):
        ingest.read_pdf = _stuck
    if path.name.startswith("boom"):
        real = ground._Locator

        def broken(*args, **kwargs):
            return {}["three\nhundred"]  # a KeyError from inside the stage

        ground._Locator = broken
        try:
            return bulk.ingest_paper(path, estimate_tokens)
        finally:
            ground._Locator = real
    return bulk.ingest_paper(path, estimate_tokens)
