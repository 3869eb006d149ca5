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

Checker = Callable[[Any, str], None]

_cache: dict[str, Checker] = {}
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


def _fail(path: str, kind: str, **values: Any) -> None:
    raise InvalidParameterException(
        path=path or "request", constraint=constraint_text(kind, **values)
    )


def _length_checks(meta: dict[str, Any], kind: str) -> Callable[[int, str], None]:
    lo = meta.get("min")
    hi = meta.get("max")

    def check(n: int, path: str) -> None:
        if lo is not None and n < lo:
            _fail(path, f"{kind}_min", limit=lo)
        if hi is not None and n > hi:
            _fail(path, f"{kind}_max", limit=hi)

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
        _pending[name] = lambda value, path: _cache[name](value, path)
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

        def check_structure(value: Any, path: str) -> None:
            if not isinstance(value, dict):
                _fail(path, "type", type="Structure")
            prefix = f"{path}." if path else ""
            for req in required:
                if value.get(req) is None:
                    _fail(prefix + req, "required")
            for key, item in value.items():
                sub = members.get(key)
                if sub is not None and item is not None:
                    sub(item, prefix + key)

        return check_structure
    if kind == "list":
        item_check = _compile(shape.member, service)
        length = _length_checks(meta, "size")

        def check_list(value: Any, path: str) -> None:
            if not isinstance(value, list):
                _fail(path, "type", type="List")
            length(len(value), path)
            for i, item in enumerate(value, 1):
                if item is None:
                    _fail(f"{path}.{i}.member", "required")
                item_check(item, f"{path}.{i}.member")

        return check_list
    if kind == "map":
        key_check = _compile(shape.key, service)
        value_check = _compile(shape.value, service)
        length = _length_checks(meta, "size")

        def check_map(value: Any, path: str) -> None:
            if not isinstance(value, dict):
                _fail(path, "type", type="Map")
            length(len(value), path)
            for k, v in value.items():
                key_check(k, f"{path}.key")
                if v is None:
                    _fail(f"{path}.value", "required")
                value_check(v, f"{path}.value")

        return check_map
    if kind == "string":
        length = _length_checks(meta, "string")
        pattern = meta.get("pattern")
        regex = re.compile(LINEAR_EQUIVALENTS.get(pattern, pattern)) if pattern else None
        shown = quoted_pattern(pattern) if pattern else ""
        enum = tuple(shape.enum) if shape.enum else ()
        values = enum_text(shape.name, enum)

        def check_string(value: Any, path: str) -> None:
            if not isinstance(value, str):
                _fail(path, "type", type="String")
            length(len(value), path)
            if enum and value not in enum:
                _fail(path, "enum", values=values)
            if regex is not None and regex.fullmatch(value) is None:
                _fail(path, "pattern", pattern=shown)

        return check_string
    if kind in ("integer", "long", "float", "double"):
        lo = meta.get("min")
        hi = meta.get("max")
        integral = kind in ("integer", "long")

        def check_number(value: Any, path: str) -> None:
            ok = isinstance(value, int) if integral else isinstance(value, (int, float))
            if isinstance(value, bool) or not ok:
                _fail(path, "type", type="Integer" if integral else "Number")
            if lo is not None and value < lo:
                _fail(path, "value_min", limit=lo)
            if hi is not None and value > hi:
                _fail(path, "value_max", limit=hi)

        return check_number
    if kind == "boolean":

        def check_boolean(value: Any, path: str) -> None:
            if not isinstance(value, bool):
                _fail(path, "type", type="Boolean")

        return check_boolean
    if kind == "timestamp":

        def check_timestamp(value: Any, path: str) -> None:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                _fail(path, "type", type="Timestamp")

        return check_timestamp
    if kind == "blob":

        def check_blob(value: Any, path: str) -> None:
            if not isinstance(value, str):
                _fail(path, "type", type="Blob")

        return check_blob

    def check_any(value: Any, path: str) -> None:
        return None

    return check_any


def validate_input(operation_model: Any, params: Any) -> None:
    """Raise :class:`InvalidParameterException` if ``params`` breaks the operation's input shape."""
    shape = operation_model.input_shape
    if shape is None:
        if not isinstance(params, dict):
            _fail("", "type", type="Structure")
        return
    _compile(shape, operation_model.service_model.service_name)(params, "")
