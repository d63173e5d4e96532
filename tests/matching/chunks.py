"""A round turned into the solver's one chunk (households, pairs, coverage), for tests of its parts."""

from __future__ import annotations

from matching import Options, Problem, scoring
from matching.candidates import build_candidates
from matching.chunk import Chunk
from matching.norms import load_norms
from matching.solver import build_chunks, lock_positions
from matching.tables import build_tables


def one_chunk(p: Problem) -> Chunk:
    """The whole round as one chunk (no locks)."""
    options = Options(workers=1)
    t = build_tables(p, load_norms())
    cands = build_candidates(t)
    d, pr, sz = scoring.score_parts(t, cands.hh[cands.ok], cands.home[cands.ok], cands.km, options)
    (chunk,), _ = build_chunks(t, cands, cands.ok, d + pr + sz, lock_positions(t).capacity_left, options)
    return chunk
