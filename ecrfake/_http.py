"""HTTP facts every wire module shares (a leaf: imports nothing from ecrfake).

One copy each of: a request header read without regard to case (whatever mapping the HTTP library
left the headers in), and the ``x-amzn-RequestId`` every AWS answer carries.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from typing import Any

__all__ = ["header", "request_id"]


def header(headers: Mapping[str, Any] | Any, name: str) -> str | None:
    """The request header ``name``, matched without regard to case (``None`` when absent)."""
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if str(k).lower() == lowered), None)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return None if value is None else str(value)


# Request ids are UUID-shaped: a random prefix per process and a counter (uuid4() costs more than
# the rest of encoding a small response). The counter starts at 16**11, so hex() always gives the
# last group its 12 digits without a format spec.
_PREFIX = os.urandom(10).hex()
_PREFIX = f"{_PREFIX[:8]}-{_PREFIX[8:12]}-4{_PREFIX[13:16]}-a{_PREFIX[17:20]}-"
_COUNTER = itertools.count(16**11)


def request_id() -> str:
    """A fresh, UUID-shaped request id."""
    return _PREFIX + hex(next(_COUNTER))[2:]
