"""OrderedStore: the paging every paginated collection uses."""

from __future__ import annotations

import random

import pytest

from ecrfake.models._collections import OrderedStore


def _store(n: int, removed: set[int]) -> OrderedStore[int]:
    store: OrderedStore[int] = OrderedStore()
    for v in range(n):
        store.add(f"k{v}", v)
    for v in removed:
        store.remove(f"k{v}")
    return store


def _walk(store: OrderedStore[int], limit: int, everything: bool) -> list[list[int]]:
    predicate = (lambda v: True) if everything else None
    pages, after = [], 0
    while True:
        values, resume = store.page(after, limit, predicate)
        pages.append(values)
        if resume is None:
            return pages
        after = resume


@pytest.mark.parametrize("limit", [1, 3, 7, 100])
def test_page_without_predicate_matches_the_predicate_walk(limit):
    rng = random.Random(limit)
    store = _store(50, set(rng.sample(range(50), 15)))
    fast = _walk(store, limit, everything=False)
    slow = _walk(store, limit, everything=True)
    assert fast == slow
    assert [v for page in fast for v in page] == list(store.values())


def test_page_of_zero_resumes_where_it_started_when_values_remain():
    store = _store(3, set())
    assert store.page(0, 0) == ([], 0)
    assert store.page(0, 0, lambda v: True) == ([], 0)
    assert store.page(3, 0) == ([], None)


def test_page_last_full_page_has_no_resume_point():
    store = _store(4, set())
    assert store.page(0, 4) == ([0, 1, 2, 3], None)
    assert store.page(0, 3) == ([0, 1, 2], 3)


def test_sequence_is_the_resume_point_of_a_key():
    store = _store(5, {1})
    values, resume = store.page(0, 2)
    assert values == [0, 2]
    assert store.sequence("k2") == resume
    assert store.page(store.sequence("k3") or 0, 10) == ([4], None)
    assert store.sequence("k1") is None
    store.add("k2", 20)  # replacing keeps the place
    assert store.sequence("k2") == resume
