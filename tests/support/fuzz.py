"""Hypothesis strategies for fuzzing what users and models hand Hamlet: JSON-like data,
and a valid document with one value somewhere swapped for another."""

from __future__ import annotations

import copy
import os
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

# Few examples and no deadline: the suite stays fast and never fails on a slow machine.
# HAMLET_FUZZ_EXAMPLES=1000 searches harder, by hand.
# On CI the examples are the same every run (a red build names a bug, not bad luck);
# elsewhere each run explores new ones.
FUZZ = settings(
    max_examples=int(os.environ.get("HAMLET_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["", "0", "-1", "12:00", "2024-03-05T07:00:00", "home", "a:b:c", "∞"]),
)

json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def _place(draw: st.DrawFn, data: Any) -> tuple:
    """A place in nested dicts and lists, reached by a walk from the root that may stop
    at any level: every level of the structure is as likely as the long lists in it."""
    path: tuple = ()
    node = data
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 3)):
        step = draw(
            st.sampled_from(list(node.keys()) if isinstance(node, dict) else range(len(node)))
        )
        path, node = (*path, step), node[step]
    return path


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """`document` with one to three values replaced, dropped or added."""
    data = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(_place(data))
        if not path:
            data = draw(json_values)
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["replace", "drop", "add"]))
        if how == "replace":
            parent[path[-1]] = draw(json_values)
        elif how == "drop":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(json_values)
        else:
            parent.insert(path[-1], draw(json_values))
    return data
