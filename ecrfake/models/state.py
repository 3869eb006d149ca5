"""All state of one activation: registries keyed by (account, region), created lazily.

The outermost activation owns one :class:`FakeState`; nested activations share it. One re-entrant
lock guards every registry, so concurrent requests (and test code seeding from another thread) are
applied one at a time and nothing is lost.
"""

from __future__ import annotations

import threading

from ecrfake.models.registry import Registry

__all__ = ["DEFAULT_ACCOUNT_ID", "DEFAULT_REGION", "AccountId", "FakeState", "RegionName"]

AccountId = str
RegionName = str
RegistryKey = tuple[AccountId, RegionName]

DEFAULT_ACCOUNT_ID: AccountId = "123456789012"
DEFAULT_REGION: RegionName = "us-east-1"


class FakeState:
    def __init__(self, default_account: str | None = None, default_region: str | None = None):
        self.default_account = default_account or DEFAULT_ACCOUNT_ID
        self.default_region = default_region or DEFAULT_REGION
        self.lock = threading.RLock()
        self._registries: dict[RegistryKey, Registry] = {}

    def registry(self, account: str | None = None, region: str | None = None) -> Registry:
        key = (account or self.default_account, region or self.default_region)
        registry = self._registries.get(key)
        if registry is None:
            with self.lock:
                registry = self._registries.get(key)
                if registry is None:
                    registry = Registry(key[0], key[1], self.lock)
                    self._registries[key] = registry
        return registry

    def registries(self) -> list[Registry]:
        """Every registry created so far, in creation order."""
        with self.lock:
            return list(self._registries.values())

    def reset(self) -> None:
        with self.lock:
            self._registries = {}
