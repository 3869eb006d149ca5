"""JSON in and out of the control API, shared by the server and :mod:`ecrfake.remote`.

Out (:func:`to_json`): timestamps become ISO 8601 strings, ``timedelta`` a number of days (the unit
``rescan_duration`` is set in), dataclasses and model objects plain objects, sets and tuples lists.

In (:func:`from_json`): what a client in any language can write. A string under a key ending in
``At`` (the API's timestamp members: ``firstObservedAt``, ``updatedAt``, ``imagePushedAt``...) that
reads as an ISO 8601 date-time becomes an aware ``datetime``; everything else stays as JSON gave it.

This module imports nothing beyond the standard library, so the Python client stays light.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import enum
import inspect
from collections.abc import Mapping
from typing import Any

__all__ = ["days", "from_json", "parse_timestamp", "to_json"]

_SECONDS_PER_DAY = 86400.0


def days(value: datetime.timedelta) -> float | int:
    """A duration as a number of days (an int when it is a whole number of days)."""
    count = value.total_seconds() / _SECONDS_PER_DAY
    return int(count) if count.is_integer() else count


def to_json(value: Any) -> Any:
    """``value`` as something ``json.dumps`` takes (see the module docstring for the rules)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return days(value)
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [to_json(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    to_api = getattr(value, "to_api", None)
    if callable(to_api) and _takes_no_arguments(to_api):
        return to_json(to_api())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    raise TypeError(f"ecrfake's control API cannot encode {type(value).__name__} as JSON")


def _takes_no_arguments(func: Any) -> bool:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(
        p.default is not inspect.Parameter.empty
        or p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        for p in params
    )


def parse_timestamp(text: str) -> datetime.datetime | None:
    """An ISO 8601 date-time (``Z`` or an offset; none means UTC) as an aware datetime, else None."""
    if len(text) < 16 or text[4:5] != "-" or "T" not in text.upper():
        return None
    candidate = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        parsed = datetime.datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


def from_json(value: Any, key: str | None = None) -> Any:
    """A decoded JSON value ready for a control call: ISO strings under ``...At`` keys become datetimes."""
    if isinstance(value, str):
        if key is not None and key.endswith("At"):
            parsed = parse_timestamp(value)
            if parsed is not None:
                return parsed
        return value
    if isinstance(value, dict):
        return {k: from_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value
