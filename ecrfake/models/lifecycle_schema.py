"""The schema pass of lifecycle policy validation: refusals worded like ECR's schema validator.

ECR checks a lifecycle policy document against a JSON schema first, and its refusals read as that
validator writes them (``object has missing required properties (["rules"])``, ``instance type
(null) does not match any allowed primitive type (allowed: ["array"])``, seen from real ECR in
cloudposse/terraform-aws-ecr#158 and simple-container-com/api#34). These helpers check one value
each and raise :class:`PolicyTextError` with that wording.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "PolicyTextError",
    "expect",
    "json_array",
    "json_enum",
    "json_integer",
    "json_object",
    "json_strings",
]

# ECR counts and compares integers as Java ints.
_INT_MAX = 2**31 - 1


class PolicyTextError(ValueError):
    """A lifecycle policy text ECR would refuse; ``reason`` is ECR's wording of why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _names(items: Iterable[str]) -> str:
    return "[" + ",".join(json.dumps(i) for i in items) + "]"


def expect(value: Any, kind: str) -> None:
    actual = _json_type(value)
    # JSON schema's "number" accepts integers; ECR's "integer" accepts 3.0 but not 3.5.
    if actual == kind or (kind == "integer" and actual == "number" and float(value).is_integer()):
        return
    raise PolicyTextError(
        f'instance type ({actual}) does not match any allowed primitive type (allowed: ["{kind}"])'
    )


def json_object(value: Any, allowed: Sequence[str], required: Sequence[str]) -> dict[str, Any]:
    expect(value, "object")
    assert isinstance(value, dict)
    missing = sorted(k for k in required if k not in value)
    if missing:
        raise PolicyTextError(f"object has missing required properties ({_names(missing)})")
    extra = sorted(k for k in value if k not in allowed)
    if extra:
        raise PolicyTextError(
            f"object instance has properties which are not allowed by the schema: ({_names(extra)})"
        )
    return value


def json_enum(value: Any, allowed: Sequence[str]) -> str:
    expect(value, "string")
    if value not in allowed:
        raise PolicyTextError(
            f"instance value ({value}) not found in enum (possible values: {_names(allowed)})"
        )
    return str(value)


def json_integer(value: Any, minimum: int) -> int:
    expect(value, "integer")
    number = int(value)
    if number < minimum:
        raise PolicyTextError(
            f"numeric instance is lower than the required minimum (minimum: {minimum}, found: "
            f"{number})"
        )
    if number > _INT_MAX:
        raise PolicyTextError(
            f"numeric instance is greater than the allowed maximum (maximum: {_INT_MAX}, found: "
            f"{number})"
        )
    return number


def json_array(value: Any, min_items: int, max_items: int | None = None) -> list[Any]:
    expect(value, "array")
    assert isinstance(value, list)
    if len(value) < min_items:
        raise PolicyTextError(
            f"array is too short: must have at least {min_items} elements but instance has "
            f"{len(value)} elements"
        )
    if max_items is not None and len(value) > max_items:
        raise PolicyTextError(
            f"array is too long: must have at most {max_items} elements but instance has "
            f"{len(value)} elements"
        )
    return value


def json_strings(value: Any) -> tuple[str, ...]:
    items = json_array(value, 1)
    for item in items:
        expect(item, "string")
        if not item:
            raise PolicyTextError('string "" is too short (length: 0, required minimum: 1)')
    return tuple(items)
