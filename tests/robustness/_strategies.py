"""Hypothesis strategies for ECR requests, built from botocore's ECR input shapes.

Every strategy draws the *wire form* of a request: a JSON-able dict as it travels in the body
(timestamps as epoch numbers, blobs as base64 text). Two families per shape:

* :meth:`RequestFuzzer.valid` draws values the model accepts: enums from the enum, patterned
  strings from the pattern (``from_regex``) within the length bounds, numbers in range, lists of
  allowed size. Members named in :class:`Seeds` are drawn mostly from the seeded state (existing
  repository names, tags, digests, manifests, rule prefixes), so operations get past
  ``RepositoryNotFoundException`` and reach their success paths.
* :meth:`RequestFuzzer.invalid` draws values that break the model: wrong JSON types, numbers out of
  range, strings too short, too long or off-pattern, odd Unicode (lone surrogates, NUL, bidi
  controls), empty and oversized lists, structures missing required members or carrying unknown ones.

:meth:`RequestFuzzer.request` mixes them: two thirds of the drawn requests are wholly valid, the
rest break a few members anywhere in the tree. Shrinking leads towards the valid form, so a
failure shrinks to the smallest change that breaks the fake.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from ecrfake._validate import LINEAR_EQUIVALENTS

from ._seeded import (
    DEFAULT_ACCOUNT,
    Seeds,
    Strategy,
    b64_text,
    json_values,
    odd_text,
    seeded_hints,
)

__all__ = ["DEFAULT_ACCOUNT", "RequestFuzzer", "Seeds", "b64_text", "json_values", "odd_text"]

#: Lists in valid requests stay short (the model's maximum, when lower, wins).
_MAX_LIST = 4
#: Unbounded strings in valid requests stay short.
_MAX_TEXT = 16


def _mostly(valid: Strategy, invalid: Strategy, one_in: int) -> Strategy:
    """``valid`` except one draw in ``one_in``; shrinks towards ``valid``."""
    return st.integers(0, one_in - 1).flatmap(lambda i: invalid if i == one_in - 1 else valid)


def _compiled(pattern: str) -> re.Pattern[str]:
    """The model's pattern, in the linear-time form the fake itself matches it with."""
    return re.compile(LINEAR_EQUIVALENTS.get(pattern, pattern))


def _length_ok(lo: int | None, hi: int | None) -> Callable[[str], bool]:
    return lambda s: (lo is None or len(s) >= lo) and (hi is None or len(s) <= hi)


class RequestFuzzer:
    """Builds (and caches) strategies for the input shapes of one service model."""

    def __init__(self, seeds: Seeds) -> None:
        self.seeds = seeds
        self._valid: dict[str, Strategy] = {}
        self._fuzzed: dict[str, Strategy] = {}
        self._hints = seeded_hints(seeds)

    # -- valid values ---------------------------------------------------------------------------

    def valid(self, shape: Any) -> Strategy:
        """Values of ``shape`` that satisfy every constraint of the model."""
        key = f"{shape.type_name}:{shape.name}"
        if key not in self._valid:
            self._valid[key] = st.deferred(lambda: self._build_valid(shape))
        return self._valid[key]

    def _build_valid(self, shape: Any) -> Strategy:
        kind = shape.type_name
        if kind != "string" and shape.name in self._hints:
            return _mostly(self._hints[shape.name], self._build_generic(shape), 3)
        return self._build_generic(shape)

    def _build_generic(self, shape: Any) -> Strategy:
        kind = shape.type_name
        meta = shape.metadata
        lo, hi = meta.get("min"), meta.get("max")
        if kind == "structure":
            required = {m: self.valid(shape.members[m]) for m in shape.required_members}
            optional = {
                m: self.valid(s)
                for m, s in shape.members.items()
                if m not in shape.required_members
            }
            return st.fixed_dictionaries(required, optional=optional)
        if kind == "list":
            size_hi = min(hi if hi is not None else _MAX_LIST, max(lo or 0, _MAX_LIST))
            return st.lists(self.valid(shape.member), min_size=lo or 0, max_size=size_hi)
        if kind == "map":
            size_hi = min(hi if hi is not None else _MAX_LIST, max(lo or 0, _MAX_LIST))
            return st.dictionaries(
                self.valid(shape.key), self.valid(shape.value), min_size=lo or 0, max_size=size_hi
            )
        if kind == "string":
            return self._valid_string(shape)
        if kind in ("integer", "long"):
            return st.integers(
                lo if lo is not None else -(2**31), hi if hi is not None else 2**31 - 1
            )
        if kind in ("float", "double"):
            return st.floats(lo, hi, allow_nan=False, allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "timestamp":
            return st.integers(0, 2**32)
        if kind == "blob":
            return st.binary(max_size=64).map(lambda b: base64.b64encode(b).decode())
        return json_values()

    def _valid_string(self, shape: Any) -> Strategy:
        meta = shape.metadata
        lo, hi = meta.get("min"), meta.get("max")
        if shape.enum:
            return st.sampled_from(list(shape.enum))
        pattern = meta.get("pattern")
        if pattern:
            generic = st.from_regex(_compiled(pattern), fullmatch=True).filter(_length_ok(lo, hi))
        else:
            size_lo = lo or 0
            generic = st.text(
                min_size=size_lo, max_size=min(hi or size_lo + _MAX_TEXT, size_lo + _MAX_TEXT)
            )
        hint = self._hints.get(shape.name)
        if hint is None:
            return generic
        ok = _length_ok(lo, hi)
        regex = _compiled(pattern) if pattern else None
        hint = hint.filter(lambda v: ok(v) and (regex is None or regex.fullmatch(v) is not None))
        return _mostly(hint, generic, 4)

    # -- invalid values -------------------------------------------------------------------------

    def invalid(self, shape: Any) -> Strategy:
        """Values that break the model's constraints for ``shape`` (or its JSON type)."""
        kind = shape.type_name
        meta = shape.metadata
        lo, hi = meta.get("min"), meta.get("max")
        options: list[Strategy] = [_wrong_type(kind), st.none()]
        if kind == "string":
            if lo:
                options.append(st.integers(0, lo - 1).map(lambda n: "a" * n))
            if hi is not None:
                options.append(st.integers(hi + 1, hi + 3).map(lambda n: "b" * n))
            else:
                options.append(st.integers(5_000, 70_000).map(lambda n: "c" * n))
            options.append(odd_text())
            if shape.enum:
                options.append(st.sampled_from([e.lower() for e in shape.enum] + ["", " "]))
            pattern = meta.get("pattern")
            if pattern:
                regex = _compiled(pattern)
                options.append(
                    st.tuples(
                        self.valid(shape), st.sampled_from(["A", " ", "..", "//", "é", "\x00"])
                    )
                    .map(lambda t: t[0] + t[1])
                    .filter(lambda s: regex.fullmatch(s) is None)
                )
        elif kind in ("integer", "long", "float", "double"):
            options.append(st.sampled_from([-1, 0, 2**31, 2**63, -(2**63) - 1, 10**30, 1.5, -0.0]))
            if lo is not None:
                options.append(st.just(lo - 1))
            if hi is not None:
                options.append(st.integers(hi + 1, hi + 10**6))
        elif kind == "list":
            item = self.valid(shape.member)
            if lo:
                options.append(st.just([]))
            if hi is not None:
                options.append(item.map(lambda v: [v] * (hi + 1)))
            options.append(st.lists(st.none(), min_size=1, max_size=2))
            options.append(st.lists(self.invalid(shape.member), min_size=1, max_size=2))
        elif kind == "map":
            options.append(st.dictionaries(st.text(max_size=3), st.none(), min_size=1, max_size=2))
        elif kind == "structure":
            options.append(self._structure_missing_required(shape))
            options.append(
                st.tuples(self.valid(shape), _unknown_members()).map(lambda t: {**t[0], **t[1]})
            )
        elif kind == "timestamp":
            options.append(st.sampled_from(["yesterday", "", "2026-13-45T99:99:99Z", "1e400"]))
        elif kind == "blob":
            options.append(st.sampled_from(["not base64!", "====", "a"]))
        return st.one_of(options)

    def _structure_missing_required(self, shape: Any) -> Strategy:
        if not shape.required_members:
            return st.just({})
        return st.tuples(self.valid(shape), st.sampled_from(shape.required_members)).map(
            lambda t: {k: v for k, v in t[0].items() if k != t[1]}
        )

    # -- valid with some invalid parts ----------------------------------------------------------

    def fuzzed(self, shape: Any) -> Strategy:
        """Mostly valid values of ``shape`` with invalid parts anywhere in the tree."""
        key = f"{shape.type_name}:{shape.name}"
        if key not in self._fuzzed:
            self._fuzzed[key] = st.deferred(lambda: self._build_fuzzed(shape))
        return self._fuzzed[key]

    def _build_fuzzed(self, shape: Any) -> Strategy:
        kind = shape.type_name
        if kind == "structure":
            inner = self._fuzzed_members(shape)
        elif kind == "list":
            hi = shape.metadata.get("max")
            inner = st.lists(self.fuzzed(shape.member), max_size=min(hi or _MAX_LIST, _MAX_LIST))
        elif kind == "map":
            inner = st.dictionaries(self.fuzzed(shape.key), self.fuzzed(shape.value), max_size=3)
        else:
            inner = self.valid(shape)
        return _mostly(inner, self.invalid(shape), 4)

    def _fuzzed_members(self, shape: Any) -> Strategy:
        """A structure (a dict) whose members are fuzzed, now and then with unknown members."""
        members = {m: self.fuzzed(s) for m, s in shape.members.items()}
        required = {m: members[m] for m in shape.required_members}
        optional = {m: v for m, v in members.items() if m not in required}
        body = st.fixed_dictionaries(required, optional=optional)
        with_unknown = st.tuples(body, _unknown_members()).map(lambda t: {**t[1], **t[0]})
        return _mostly(body, with_unknown, 6)

    def request(self, operation_model: Any) -> Strategy:
        """Request bodies (always JSON objects) for one operation: two thirds valid, one fuzzed."""
        shape = operation_model.input_shape
        if shape is None:
            return st.one_of(st.just({}), _unknown_members())
        fuzzed = st.one_of(self._fuzzed_members(shape), self._structure_missing_required(shape))
        return _mostly(self.valid(shape), fuzzed, 3)


def _unknown_members() -> Strategy:
    names = st.one_of(
        st.sampled_from(["RepositoryName", "registryID", "__type", "", "imageTags"]),
        st.text(min_size=1, max_size=8),
    )
    return st.dictionaries(names, json_values(3), min_size=1, max_size=2)


def _wrong_type(kind: str) -> Strategy:
    by_kind: dict[str, Strategy] = {
        "string": st.one_of(
            st.integers(), st.booleans(), st.lists(st.text(max_size=3), max_size=2), st.just({})
        ),
        "integer": st.one_of(st.text(max_size=5), st.booleans(), st.just([1]), st.just({})),
        "long": st.one_of(st.text(max_size=5), st.booleans(), st.just([1])),
        "float": st.one_of(st.text(max_size=5), st.booleans()),
        "double": st.one_of(st.text(max_size=5), st.booleans()),
        "boolean": st.one_of(st.sampled_from(["true", "false", 0, 1, "", []])),
        "list": st.one_of(st.text(max_size=5), st.integers(), st.just({}), st.just({"member": 1})),
        "map": st.one_of(st.text(max_size=5), st.integers(), st.just([]), st.just([["k", "v"]])),
        "structure": st.one_of(st.text(max_size=5), st.integers(), st.just([]), st.just([{}])),
        "timestamp": st.one_of(st.booleans(), st.just({}), st.just([])),
        "blob": st.one_of(st.integers(), st.booleans(), st.just({})),
    }
    return by_kind.get(kind, st.none())
