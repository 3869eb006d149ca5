"""Server-side validation of requests against botocore's ECR service model.

botocore checks only required members, Python types and minimums on the client; a client with
``parameter_validation=False`` or a hand-made request sends anything. Real ECR then answers
``InvalidParameterException`` in the form
``Invalid parameter at '<member>' failed to satisfy constraint: '<constraint>'``; this module does
the same for every constraint the model states: required members, JSON types, string lengths,
patterns, enums, list and map sizes and numeric ranges. Nested members are addressed as ECR does,
``rules.1.member.repositoryFilters.1.member.filter`` (1-based).

One validator is compiled per input shape and cached, so a call costs a walk of the request, not of
the model.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from ecrfake.exceptions import InvalidParameterException

__all__ = ["ECR_ENUM_ORDER", "LINEAR_EQUIVALENTS", "constraint_text", "validate_input"]

Checker = Callable[[Any], None]

_cache: dict[str, Checker] = {}
#: How many accepted values each string shape remembers, and the longest it remembers (names,
#: tags and enum values; not manifests or policy texts, whose hashing would cost what it saves).
_ACCEPTED_PER_SHAPE = 256
_ACCEPTED_LENGTH = 256
_pending: dict[str, Checker] = {}
_lock = threading.RLock()


#: Model patterns that Python's backtracking matcher takes exponential time to reject, mapped to
#: equivalent patterns it rejects in linear time (messages still quote the model's pattern).
#:
#: ScanningRepositoryFilterValue: ``[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*`` accepts the strings over
#: ``[a-z0-9*]`` and the separators ``._-/`` that start and end with a non-separator and have no two
#: separators in a row, which is ``[a-z0-9*]+(?:[._\-/][a-z0-9*]+)*`` without the ambiguity (the
#: optional separator could also be a name character, so "aaa...aA" had 2^n ways to fail).
LINEAR_EQUIVALENTS = {
    "^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$": "^[a-z0-9*]+(?:[._\\-/][a-z0-9*]+)*$",
}


#: ECR's text for each kind of model constraint: the ``<constraint>`` of ``Invalid parameter at
#: '<member>' failed to satisfy constraint: '<constraint>'``. Captured real texts (behaviour
#: reference §1.3) fix the forms: a string's length and pattern have no "Member" in front, a list's
#: length and an enum do.
CONSTRAINT_TEXTS = {
    "required": "Member must not be null",
    "type": "Member must be of type {type}",
    "string_min": "must have length greater than or equal to {limit}",
    "string_max": "must have length less than or equal to {limit}",
    "size_min": "Member must have length greater than or equal to {limit}",
    "size_max": "Member must have length less than or equal to {limit}",
    "value_min": "Member must have value greater than or equal to {limit}",
    "value_max": "Member must have value less than or equal to {limit}",
    "enum": "Member must satisfy enum value set: [{values}]",
    "pattern": "must satisfy regular expression '{pattern}'",
}

#: Enums whose values ECR lists in another order than botocore's model does; the captured
#: CreateRepository refusal lists ``[IMMUTABLE, MUTABLE, MUTABLE_WITH_EXCLUSION,
#: IMMUTABLE_WITH_EXCLUSION]`` (behaviour reference §1.3). Every other enum keeps the model's order.
ECR_ENUM_ORDER: dict[str, tuple[str, ...]] = {
    "ImageTagMutability": (
        "IMMUTABLE",
        "MUTABLE",
        "MUTABLE_WITH_EXCLUSION",
        "IMMUTABLE_WITH_EXCLUSION",
    ),
}


def quoted_pattern(pattern: str) -> str:
    """A model pattern as ECR quotes it: the model's JSON escapes ``/`` as ``\\/``; ECR's own
    regular expression has a plain ``/`` (the captured repository-name refusal)."""
    return pattern.replace("\\/", "/")


def enum_text(shape_name: str, values: tuple[str, ...]) -> str:
    """An enum's values in ECR's order, comma-separated."""
    ordered = ECR_ENUM_ORDER.get(shape_name)
    if ordered is None or set(ordered) != set(values):
        ordered = values
    return ", ".join(ordered)


def constraint_text(kind: str, **values: Any) -> str:
    """The one renderer of ECR's constraint texts (``CONSTRAINT_TEXTS``)."""
    return CONSTRAINT_TEXTS[kind].format(**values)


class _Invalid(Exception):
    """A broken constraint on its way up to :func:`validate_input`, gathering its member path.

    Checkers build no path while a request is valid (most are): each container adds its segment
    as the failure passes through it (``rules``, ``1.member``, ``filter``, innermost first).
    """

    def __init__(self, kind: str, *segments: str, **values: Any) -> None:
        super().__init__(kind)
        self.kind = kind
        self.values = values
        self.segments = list(reversed(segments))

    def at(self, segment: str) -> _Invalid:
        self.segments.append(segment)
        return self


def _length_check(meta: dict[str, Any], kind: str) -> Callable[[int], None] | None:
    lo = meta.get("min")
    hi = meta.get("max")
    if lo is None and hi is None:
        return None

    def check(n: int) -> None:
        if lo is not None and n < lo:
            raise _Invalid(f"{kind}_min", limit=lo)
        if hi is not None and n > hi:
            raise _Invalid(f"{kind}_max", limit=hi)

    return check


def _compile(shape: Any, service: str = "ecr") -> Checker:
    """The checker of ``shape``, compiled on first use and shared by every thread after that.

    Compilation runs under a lock and publishes its checkers only once the outermost shape is
    complete, so a thread making its first request of an operation while another is compiling
    never sees a half-built checker.
    """
    # Shape names repeat across services (both models have a NextToken, with other limits).
    name = f"{service}:{shape.type_name}:{shape.name}"
    checker = _cache.get(name)
    if checker is not None:
        return checker
    with _lock:
        checker = _cache.get(name) or _pending.get(name)
        if checker is not None:
            return checker
        outermost = not _pending
        # Placeholder for recursive shapes: resolved through the cache at call time.
        _pending[name] = lambda value: _cache[name](value)
        try:
            checker = _pending[name] = _build(shape, service)
            if outermost:
                _cache.update(_pending)
        finally:
            if outermost:
                _pending.clear()
        return checker


def _build(shape: Any, service: str) -> Checker:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        members = {m: _compile(s, service) for m, s in shape.members.items()}
        required = tuple(shape.required_members)

        def check_structure(value: Any) -> None:
            if not isinstance(value, dict):
                raise _Invalid("type", type="Structure")
            for req in required:
                if value.get(req) is None:
                    raise _Invalid("required", req)
            for key, item in value.items():
                sub = members.get(key)
                if sub is not None and item is not None:
                    try:
                        sub(item)
                    except _Invalid as invalid:
                        raise invalid.at(key) from None

        return check_structure
    if kind == "list":
        item_check = _compile(shape.member, service)
        size = _length_check(meta, "size")

        def check_list(value: Any) -> None:
            if not isinstance(value, list):
                raise _Invalid("type", type="List")
            if size is not None:
                size(len(value))
            for i, item in enumerate(value, 1):
                if item is None:
                    raise _Invalid("required", f"{i}.member")
                try:
                    item_check(item)
                except _Invalid as invalid:
                    raise invalid.at(f"{i}.member") from None

        return check_list
    if kind == "map":
        key_check = _compile(shape.key, service)
        value_check = _compile(shape.value, service)
        size = _length_check(meta, "size")

        def check_map(value: Any) -> None:
            if not isinstance(value, dict):
                raise _Invalid("type", type="Map")
            if size is not None:
                size(len(value))
            for k, v in value.items():
                try:
                    key_check(k)
                except _Invalid as invalid:
                    raise invalid.at("key") from None
                if v is None:
                    raise _Invalid("required", "value")
                try:
                    value_check(v)
                except _Invalid as invalid:
                    raise invalid.at("value") from None

        return check_map
    if kind == "string":
        length = _length_check(meta, "string")
        pattern = meta.get("pattern")
        regex = re.compile(LINEAR_EQUIVALENTS.get(pattern, pattern)) if pattern else None
        shown = quoted_pattern(pattern) if pattern else ""
        enum = frozenset(shape.enum) if shape.enum else frozenset()
        values = enum_text(shape.name, tuple(shape.enum or ()))
        # Values this shape accepted already (a test sends the same names and tags again and
        # again): a set lookup instead of the length, enum and pattern checks. Bounded; a value's
        # verdict never changes, so a racing add is harmless.
        accepted: set[str] = set()

        def check_string(value: Any) -> None:
            if not isinstance(value, str):
                raise _Invalid("type", type="String")
            if value in accepted:
                return
            if length is not None:
                length(len(value))
            if enum and value not in enum:
                raise _Invalid("enum", values=values)
            if regex is not None and regex.fullmatch(value) is None:
                raise _Invalid("pattern", pattern=shown)
            if len(value) <= _ACCEPTED_LENGTH and len(accepted) < _ACCEPTED_PER_SHAPE:
                accepted.add(value)

        return check_string
    if kind in ("integer", "long", "float", "double"):
        lo = meta.get("min")
        hi = meta.get("max")
        integral = kind in ("integer", "long")

        def check_number(value: Any) -> None:
            ok = isinstance(value, int) if integral else isinstance(value, (int, float))
            if isinstance(value, bool) or not ok:
                raise _Invalid("type", type="Integer" if integral else "Number")
            if lo is not None and value < lo:
                raise _Invalid("value_min", limit=lo)
            if hi is not None and value > hi:
                raise _Invalid("value_max", limit=hi)

        return check_number
    if kind == "boolean":

        def check_boolean(value: Any) -> None:
            if not isinstance(value, bool):
                raise _Invalid("type", type="Boolean")

        return check_boolean
    if kind == "timestamp":

        def check_timestamp(value: Any) -> None:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise _Invalid("type", type="Timestamp")

        return check_timestamp
    if kind == "blob":

        def check_blob(value: Any) -> None:
            if not isinstance(value, str):
                raise _Invalid("type", type="Blob")

        return check_blob

    def check_any(value: Any) -> None:
        return None

    return check_any


#: The checker of each operation's input shape, by service and shape name (input shape names are
#: unique within a service): one dict lookup per request once compiled.
_inputs: dict[tuple[str, str], Checker] = {}


def validate_input(operation_model: Any, params: Any, service: str | None = None) -> None:
    """Raise :class:`InvalidParameterException` if ``params`` breaks the operation's input shape.

    ``service`` is the botocore service name when the caller knows it (it saves reading the model).
    """
    shape = operation_model.input_shape
    try:
        if shape is None:
            if not isinstance(params, dict):
                raise _Invalid("type", type="Structure")
            return
        if service is None:
            service = operation_model.service_model.service_name
        key = (service, shape.name)
        checker = _inputs.get(key)
        if checker is None:
            checker = _inputs[key] = _compile(shape, service)
        checker(params)
    except _Invalid as invalid:
        path = ".".join(reversed(invalid.segments))
        raise InvalidParameterException(
            path=path or "request", constraint=constraint_text(invalid.kind, **invalid.values)
        ) from None
