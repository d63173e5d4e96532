from pathlib import Path

import numpy as np
import pytest

from matching import assign

ORLIB = next(
    (
        p / "shared/benchmarks/orlib"
        for p in Path(__file__).resolve().parents
        if (p / "shared/benchmarks/orlib").is_dir()
    ),
    None,
)


def test_prefers_two_light_edges_or_one_heavy_one_as_weights_say():
    assert assign(2, 2, [(0, 0, 5), (1, 1, 5), (0, 1, 9)]).total_weight == 10
    result = assign(2, 2, [(0, 0, 1), (1, 1, 1), (0, 1, 9)])
    assert result.total_weight == 9 and result.edges.tolist() == [[0, 1, 9]]


def test_empty_and_non_positive_edges():
    assert assign(3, 3, np.zeros((0, 3), dtype=np.int64)).total_weight == 0
    assert assign(1, 1, [(0, 0, -4)]).total_weight == 0


def test_out_of_range_endpoints_are_refused():
    with pytest.raises(ValueError):
        assign(1, 1, [(0, 2, 1)])


def load(name: str) -> tuple[int, np.ndarray]:
    assert ORLIB is not None
    tokens = (ORLIB / f"{name}.txt").read_text().split()
    n, values = int(tokens[0]), np.asarray(tokens[1:], dtype=np.int64)
    if name.startswith("assignp"):
        return n, values.reshape(-1, 3) - np.array([1, 1, 0])
    i, j = np.indices((n, n))
    return n, np.column_stack([i.ravel(), j.ravel(), values])


@pytest.mark.skipif(ORLIB is None, reason="shared/benchmarks/orlib is not beside the repository")
@pytest.mark.parametrize(
    "name",
    [
        "assign100",
        "assign200",
        "assign300",
        "assign400",
        "assign500",
        "assign600",
        "assign700",
        "assign800",
        "assignp800",
        "assignp1500",
        "assignp3000",
        "assignp5000",
    ],
)
def test_orlib_published_optimum(name):
    assert ORLIB is not None
    optima = dict(
        line.split()[:2] for line in (ORLIB / "assignopt.txt").read_text().splitlines()[1:] if line.strip()
    )
    n, arcs = load(name)
    big = n * int(arcs[:, 2].max()) + 1
    edges = arcs.copy()
    edges[:, 2] = big - arcs[:, 2]
    result = assign(n, n, edges)
    assert n * big - result.total_weight == int(optima[name])
    assert len(np.unique(result.edges[:, 1])) == n
