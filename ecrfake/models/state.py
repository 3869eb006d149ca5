"""All state of one activation: registries keyed by (account, region), created lazily.

The outermost activation owns one :class:`FakeState`; nested activations share it. One re-entrant
lock guards every registry: ``_dispatch`` takes it around each request and the public test
controls take it around each call, so concurrent requests (and test code seeding from another
thread) apply one at a time and nothing is lost.
"""

from __future__ import annotations

import threading
from typing import Any

from ecrfake.models.events import EventLog
from ecrfake.models.registry import RegistryModel

__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_REGION",
    "AccountId",
    "FakeState",
    "RegionName",
    "RegistryKey",
]

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
        self._registries: dict[RegistryKey, RegistryModel] = {}
        #: The EventBridge events of every registry, oldest first (``EcrFake.events()``).
        self.events = EventLog()

    def __repr__(self) -> str:
        keys = ", ".join(f"{a}/{r}" for a, r in self._registries)
        return (
            f"<FakeState default={self.default_account}/{self.default_region} registries=[{keys}]>"
        )

    def registry(self, account: str | None = None, region: str | None = None) -> RegistryModel:
        key = (account or self.default_account, region or self.default_region)
        registry = self._registries.get(key)
        if registry is None:
            with self.lock:
                registry = self._registries.get(key)
                if registry is None:
                    registry = RegistryModel(key[0], key[1], self.registry, self.events)
                    self._registries[key] = registry
        return registry

    def registries(self) -> list[RegistryModel]:
        """Every registry created so far, in creation order."""
        with self.lock:
            return list(self._registries.values())

    def authorization_data(self, registry_ids: list[str], region: str) -> list[dict[str, Any]]:
        """GetAuthorizationToken: one ``AuthorizationData`` per distinct registry id."""
        with self.lock:
            return [
                self.registry(rid, region).authorization_data()
                for rid in dict.fromkeys(registry_ids)
            ]

    def reset(self) -> None:
        with self.lock:
            self._registries = {}
            self.events.clear()
