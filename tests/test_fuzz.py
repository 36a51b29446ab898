"""Fuzz: damaged and pathological PDFs give a Result or a typed one-line error, never anything else.

Seeded and bounded in time. Inputs: the generated fixtures and a few corpus
papers, mutated (byte flips, truncation, damaged cross-reference tables,
deleted trailers, swapped objects), and hand-made pathological files
(compression bombs, page-tree cycles, a huge /Count, deep nesting, long digit
runs, a huge text object, many pages). Each goes through ``paperlens.analyze``
under both text engines with a generous time limit (a hang guard, not a speed
assertion). Outcomes are counted per class and printed (``pytest -s``).

``PAPERLENS_FUZZ_SEED`` (default 13) picks the mutations; ``PAPERLENS_FUZZ_SECONDS``
(default 60) is the budget: inputs past it are left out, and the count says so.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections import Counter
from pathlib import Path

import pytest

import paperlens
from paperlens.errors import PaperlensError, TimeLimitError
from conftest import CORPUS, FIXTURES
from pdfbuild import (assemble, bomb_pdf, broken_stream_pdf, cycle_pdf, deep_pdf, stream, text_content,
                      text_pdf)

SEED = int(os.environ.get("PAPERLENS_FUZZ_SEED", "13"))
BUDGET = float(os.environ.get("PAPERLENS_FUZZ_SECONDS", "60"))
HANG_GUARD = 60.0  # seconds per input and engine
ENGINES = ("pdfium", "pypdf")


# ------------------------------------------------------------------ mutations


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randint(len(data) // 10, len(data) - 1)]


def damage_xref(data: bytes, rng: random.Random) -> bytes:
    at = data.rfind(b"xref")
    if at < 0:  # a cross-reference stream: damage the last startxref offset instead
        return re.sub(rb"startxref\s+\d+", b"startxref\n" + str(rng.randrange(len(data))).encode(), data)
    out = bytearray(data)
    for i in range(at + 4, min(len(out), at + 4 + rng.randint(20, 400))):
        if rng.random() < 0.3:
            out[i] = rng.choice(b"0123456789 nf\n")
    return bytes(out)


def delete_trailer(data: bytes, rng: random.Random) -> bytes:
    at = data.rfind(b"trailer")
    if at < 0:
        at = data.rfind(b"startxref")
    return data[:at] + data[at:].split(b"%%EOF")[-1] if at >= 0 else data[: len(data) // 2]


def swap_objects(data: bytes, rng: random.Random) -> bytes:
    spans = [m.span() for m in re.finditer(rb"\d+ 0 obj.*?endobj", data, re.S)]
    if len(spans) < 2:
        return flip_bytes(data, rng)
    (a0, a1), (b0, b1) = sorted(rng.sample(spans, 2))
    return data[:a0] + data[b0:b1] + data[a1:b0] + data[a0:a1] + data[b1:]


MUTATIONS = [flip_bytes, truncate, damage_xref, delete_trailer, swap_objects]


# ------------------------------------------------------------------ pathological files


def huge_count() -> bytes:
    return text_pdf(["The total supply is 1,000,000 tokens. " * 5], count=10**9)


def long_digit_runs() -> bytes:
    return text_pdf(["Total supply " + "1,000," * 5000, "Total supply " + "1 " * 15000,
                     "Allocation " + "10% team " * 3000, "1" * 30000 + "\u00bd"])


def huge_text_object() -> bytes:
    return text_pdf([], contents=[b"BT /F1 9 Tf 40 800 Td (" + b"1,000 tokens 20% " * 60000 + b") Tj ET"])


def many_text_operators() -> bytes:
    return text_pdf([], contents=[b"BT /F1 9 Tf 40 800 Td\n" + b"(1,0) Tj\n" * 100000 + b"ET"])


def many_pages() -> bytes:
    return text_pdf(["Team 20% of the supply, vested over 24 months. Total supply 1,000,000 tokens."] * 3000)


def nested_forms(depth: int = 200) -> bytes:
    """A page drawing a form that draws a form ... ``depth`` deep, the last one drawing the first."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                  b"/XObject << /X 10 0 R >> >> /Contents 5 0 R >>",
               5: stream(b"/X Do " + text_content("Total supply 5,000,000 tokens. " * 4))}
    for i in range(depth):
        nxt = 10 + (i + 1) % depth
        objects[10 + i] = stream(b"/X Do", extra=b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                                                 b"/Resources << /XObject << /X %d 0 R >> >>" % nxt)
    return assemble(objects)


PATHOLOGICAL = {
    "bomb": lambda: bomb_pdf(300), "broken_streams": broken_stream_pdf, "page_tree_cycle": cycle_pdf,
    "huge_count": huge_count, "deep_nesting": deep_pdf, "nested_forms": nested_forms,
    "long_digit_runs": long_digit_runs, "huge_text_object": huge_text_object,
    "many_text_operators": many_text_operators, "many_pages": many_pages,
}


# ------------------------------------------------------------------ the run


def _seeds() -> list[tuple[str, bytes]]:
    """The files that are mutated: every generated fixture, and the three smallest corpus papers."""
    seeds = [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.pdf"))]
    corpus = sorted(CORPUS.glob("*.pdf"), key=lambda p: p.stat().st_size) if CORPUS.is_dir() else []
    seeds += [(f"corpus:{p.name}", p.read_bytes()) for p in corpus[:3]]
    return seeds


def inputs(rng: random.Random) -> list[tuple[str, bytes]]:
    """Every input, pathological files first, then mutants in a seeded order."""
    out = [(f"pathological:{name}", make()) for name, make in PATHOLOGICAL.items()]
    mutants = []
    for name, data in _seeds():
        for mutate in MUTATIONS:
            mutants.append((f"{mutate.__name__}:{name}", mutate(data, rng)))
    rng.shuffle(mutants)
    return out + mutants


def outcome(path: Path, engine: str) -> str:
    """The class of what analyze gave: "Result", a PaperlensError's class name, or raises."""
    try:
        paperlens.analyze(path, backend="rules", engine=engine, timeout=HANG_GUARD, use_cache=False)
    except TimeLimitError:
        return "hang"
    except PaperlensError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message, message
        return type(exc).__name__
    return "Result"


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="no generated fixtures")
def test_fuzz_gives_a_result_or_a_typed_error(tmp_path):
    rng = random.Random(SEED)
    started = time.monotonic()
    counts: Counter = Counter()
    per_kind: dict[str, Counter] = {}
    failures, hangs, slow, done = [], [], [], 0
    todo = inputs(rng)
    for name, data in todo:
        if time.monotonic() - started > BUDGET:
            break
        path = tmp_path / f"input-{done}.pdf"
        path.write_bytes(data)
        for engine in ENGINES:
            begun = time.monotonic()
            try:
                got = outcome(path, engine)
            except Exception as exc:  # anything untyped is a failure of paperlens
                got = f"UNTYPED {type(exc).__name__}"
                failures.append(f"{name} [{engine}]: {type(exc).__name__}: {exc}"[:300])
            if got == "hang":
                hangs.append(f"{name} [{engine}]")
            if time.monotonic() - begun > 5:
                slow.append(f"{name} [{engine}] {time.monotonic() - begun:.0f} s")
            counts[got] += 1
            kind = name.split(":")[0]  # the mutation, or the pathological file by name
            per_kind.setdefault(name if kind == "pathological" else kind, Counter())[got] += 1
        path.unlink()
        done += 1
    elapsed = time.monotonic() - started
    print(f"\nfuzz (seed {SEED}): {done} of {len(todo)} inputs x {len(ENGINES)} engines in {elapsed:.0f} s "
          f"(budget {BUDGET:g} s)")
    for label, n in counts.most_common():
        print(f"  {label}: {n}")
    for kind, c in sorted(per_kind.items()):
        print(f"  {kind}: " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
    if slow:
        print("  over 5 s: " + "; ".join(slow))
    assert not failures, "\n".join(failures)
    assert not hangs, f"past the {HANG_GUARD:g} s hang guard: {hangs}"
    assert done >= len(PATHOLOGICAL), "the budget must cover at least the pathological files"
