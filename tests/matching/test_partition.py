"""Components of the candidate graph: households that share no home or association path are apart."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from matching.partition import components


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    pairs = {(int(x), int(y)) for x, y in zip(a, b, strict=True)}
    return len(pairs) == len({x for x, _ in pairs}) == len({y for _, y in pairs})


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_components_are_those_of_the_whole_graph(data):
    n_hh, n_homes, n_as = (data.draw(st.integers(1, 8)) for _ in range(3))
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n_hh - 1), st.integers(0, n_homes - 1))))
    cover = sorted(data.draw(st.lists(st.tuples(st.integers(0, n_homes - 1), st.integers(0, n_as - 1)))))
    hh, home = (np.asarray([p[k] for p in pairs], dtype=np.int64) for k in (0, 1))
    c_home, c_as = (np.asarray([c[k] for c in cover], dtype=np.int64) for k in (0, 1))
    n = n_hh + n_homes + n_as
    rows = np.concatenate([hh, n_hh + c_home])
    cols = np.concatenate([n_hh + home, n_hh + n_homes + c_as])
    _, whole = connected_components(
        coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)), directed=False
    )
    found = components(n_hh, n_homes, n_as, hh, home, c_home, c_as)
    with_pairs = np.unique(hh)  # households without pairs are never put in a chunk
    assert same_partition(found[with_pairs], whole[with_pairs])


def test_households_reaching_homes_of_one_association_are_one_component():
    labels = components(
        3, 3, 2, np.array([0, 1, 2]), np.array([0, 1, 2]), np.array([0, 1, 2]), np.array([0, 0, 1])
    )
    assert labels[0] == labels[1] != labels[2]
