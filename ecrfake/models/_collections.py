"""An insertion-ordered store that pages in O(log n + page), used for every paginated collection.

Every item gets a sequence number when it is added; a page token remembers the last sequence number
served, and the next page starts with a bisect, so paging through 10,000 images costs the same per
page as paging through 100. Removal keeps the order of what is left.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")

__all__ = ["OrderedStore"]


class OrderedStore(Generic[V]):
    __slots__ = ("_items", "_next", "_seq_of", "_seqs")

    def __init__(self) -> None:
        self._items: dict[str, tuple[int, V]] = {}
        self._seqs: list[int] = []
        self._seq_of: dict[int, str] = {}
        self._next = 0

    def __repr__(self) -> str:
        keys = list(self._items)
        shown = ", ".join(repr(k) for k in keys[:10])
        more = f", ... {len(keys)} in all" if len(keys) > 10 else ""
        return f"{type(self).__name__}([{shown}{more}])"

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        """The keys in insertion order, as iterating a dict gives them."""
        return iter(self._items)

    def get(self, key: str) -> V | None:
        entry = self._items.get(key)
        return None if entry is None else entry[1]

    def add(self, key: str, value: V) -> None:
        """Add ``value`` at the end; replacing an existing key keeps its place."""
        entry = self._items.get(key)
        if entry is not None:
            self._items[key] = (entry[0], value)
            return
        self._next += 1
        self._items[key] = (self._next, value)
        self._seqs.append(self._next)
        self._seq_of[self._next] = key

    def remove(self, key: str) -> V | None:
        entry = self._items.pop(key, None)
        if entry is None:
            return None
        seq, value = entry
        index = bisect.bisect_left(self._seqs, seq)
        del self._seqs[index]
        del self._seq_of[seq]
        return value

    def values(self) -> Iterator[V]:
        for _, value in self._items.values():
            yield value

    def keys(self) -> Iterator[str]:
        return iter(self._items)

    def sequence(self, key: str) -> int | None:
        """The sequence number of ``key`` (what :meth:`page` resumes after), or ``None``.

        Lets a caller that served part of a page name the exact resume point in O(1) instead of
        paging again up to it.
        """
        entry = self._items.get(key)
        return None if entry is None else entry[0]

    def page(
        self,
        after: int,
        limit: int,
        predicate: Callable[[V], bool] | None = None,
    ) -> tuple[list[V], int | None]:
        """Up to ``limit`` values after sequence number ``after`` (0: from the start).

        Returns the values and the sequence number to resume after, or ``None`` when no further
        value (matching ``predicate``) exists.
        """
        seqs = self._seqs
        i = bisect.bisect_right(seqs, after)
        n = len(seqs)
        if predicate is None:  # every value matches: the page is a slice
            chunk = seqs[i : i + limit]
            items, seq_of = self._items, self._seq_of
            out = [items[seq_of[seq]][1] for seq in chunk]
            if i + limit < n:
                return out, chunk[-1] if chunk else after
            return out, None
        out = []
        last = after
        while i < n:
            seq = seqs[i]
            value = self._items[self._seq_of[seq]][1]
            i += 1
            if predicate is not None and not predicate(value):
                continue
            if len(out) == limit:
                return out, last
            out.append(value)
            last = seq
        return out, None
