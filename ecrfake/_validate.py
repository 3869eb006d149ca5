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

__all__ = ["LINEAR_EQUIVALENTS", "validate_input"]

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


def _fail(path: str, constraint: str) -> None:
    raise InvalidParameterException(path=path or "request", constraint=constraint)


def _length_checks(meta: dict[str, Any], member_word: str) -> Callable[[int, str], None]:
    lo = meta.get("min")
    hi = meta.get("max")

    def check(n: int, path: str) -> None:
        if lo is not None and n < lo:
            _fail(path, f"{member_word}must have length greater than or equal to {lo}")
        if hi is not None and n > hi:
            _fail(path, f"{member_word}must have length less than or equal to {hi}")

    return check


def _compile(shape: Any) -> Checker:
    """The checker of ``shape``, compiled on first use and shared by every thread after that.

    Compilation runs under a lock and publishes its checkers only once the outermost shape is
    complete, so a thread making its first request of an operation while another is compiling
    never sees a half-built checker.
    """
    name = f"{shape.type_name}:{shape.name}"
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
            checker = _pending[name] = _build(shape)
            if outermost:
                _cache.update(_pending)
        finally:
            if outermost:
                _pending.clear()
        return checker


def _build(shape: Any) -> Checker:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        members = {m: _compile(s) for m, s in shape.members.items()}
        required = tuple(shape.required_members)

        def check_structure(value: Any, path: str) -> None:
            if not isinstance(value, dict):
                _fail(path, "Member must be a structure")
            prefix = f"{path}." if path else ""
            for req in required:
                if value.get(req) is None:
                    _fail(prefix + req, "Member must not be null")
            for key, item in value.items():
                sub = members.get(key)
                if sub is not None and item is not None:
                    sub(item, prefix + key)

        return check_structure
    if kind == "list":
        item_check = _compile(shape.member)
        length = _length_checks(meta, "Member ")

        def check_list(value: Any, path: str) -> None:
            if not isinstance(value, list):
                _fail(path, "Member must be a list")
            length(len(value), path)
            for i, item in enumerate(value, 1):
                if item is None:
                    _fail(f"{path}.{i}.member", "Member must not be null")
                item_check(item, f"{path}.{i}.member")

        return check_list
    if kind == "map":
        key_check = _compile(shape.key)
        value_check = _compile(shape.value)
        length = _length_checks(meta, "Member ")

        def check_map(value: Any, path: str) -> None:
            if not isinstance(value, dict):
                _fail(path, "Member must be a map")
            length(len(value), path)
            for k, v in value.items():
                key_check(k, f"{path}.key")
                if v is None:
                    _fail(f"{path}.value", "Member must not be null")
                value_check(v, f"{path}.value")

        return check_map
    if kind == "string":
        length = _length_checks(meta, "")
        pattern = meta.get("pattern")
        regex = re.compile(LINEAR_EQUIVALENTS.get(pattern, pattern)) if pattern else None
        enum = tuple(shape.enum) if shape.enum else ()
        enum_text = ", ".join(enum)

        def check_string(value: Any, path: str) -> None:
            if not isinstance(value, str):
                _fail(path, "Member must be of type String")
            length(len(value), path)
            if enum and value not in enum:
                _fail(path, f"Member must satisfy enum value set: [{enum_text}]")
            if regex is not None and regex.fullmatch(value) is None:
                _fail(path, f"must satisfy regular expression '{pattern}'")

        return check_string
    if kind in ("integer", "long", "float", "double"):
        lo = meta.get("min")
        hi = meta.get("max")
        integral = kind in ("integer", "long")

        def check_number(value: Any, path: str) -> None:
            ok = isinstance(value, int) if integral else isinstance(value, (int, float))
            if isinstance(value, bool) or not ok:
                _fail(path, f"Member must be of type {'Integer' if integral else 'Number'}")
            if lo is not None and value < lo:
                _fail(path, f"Member must have value greater than or equal to {lo}")
            if hi is not None and value > hi:
                _fail(path, f"Member must have value less than or equal to {hi}")

        return check_number
    if kind == "boolean":

        def check_boolean(value: Any, path: str) -> None:
            if not isinstance(value, bool):
                _fail(path, "Member must be of type Boolean")

        return check_boolean
    if kind == "timestamp":

        def check_timestamp(value: Any, path: str) -> None:
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                _fail(path, "Member must be of type Timestamp")

        return check_timestamp
    if kind == "blob":

        def check_blob(value: Any, path: str) -> None:
            if not isinstance(value, str):
                _fail(path, "Member must be of type Blob")

        return check_blob

    def check_any(value: Any, path: str) -> None:
        return None

    return check_any


def validate_input(operation_model: Any, params: Any) -> None:
    """Raise :class:`InvalidParameterException` if ``params`` breaks the operation's input shape."""
    shape = operation_model.input_shape
    if shape is None:
        if not isinstance(params, dict):
            _fail("", "Member must be a structure")
        return
    _compile(shape)(params, "")
