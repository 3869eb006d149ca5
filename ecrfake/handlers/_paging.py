"""What every paginated handler's answer has in common."""

from __future__ import annotations

from typing import Any

__all__ = ["page"]


def page(key: str, items: list[Any], token: str | None) -> dict[str, Any]:
    """``{key: items}`` with ``nextToken`` when there is a next page."""
    out: dict[str, Any] = {key: items}
    if token is not None:
        out["nextToken"] = token
    return out
