"""Builders for seeded findings (placeholder; filled in by the scanning work)."""

from __future__ import annotations

from typing import Any

__all__ = ["basic_finding", "enhanced_finding"]


def enhanced_finding(vulnerability_id: str, **fields: Any) -> dict[str, Any]:
    raise NotImplementedError


def basic_finding(name: str, **fields: Any) -> dict[str, Any]:
    raise NotImplementedError
