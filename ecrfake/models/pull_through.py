"""Pull-through cache rules and the first pull (placeholder, filled in by issue 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecrfake.exceptions import EcrFakeError

if TYPE_CHECKING:
    from ecrfake.models.registry import Registry

__all__ = ["PullThroughModel"]


class PullThroughModel:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def simulate_pull(self, repository_name: str, tag: str, manifest: str | None) -> dict[str, str]:
        raise EcrFakeError("simulate_pull is not implemented yet")
