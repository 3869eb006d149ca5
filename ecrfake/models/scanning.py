"""Registry scanning configuration, scan state machine and seeded findings (placeholder).

Filled in by the scanning work (issue 3); the hooks below are what the rest of the model calls.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from ecrfake.exceptions import EcrFakeError
from ecrfake.models.scan_config import ScanConfig

if TYPE_CHECKING:
    from ecrfake.models.registry import Registry
    from ecrfake.models.repository import Image, Repository

__all__ = ["ScanningModel"]


class ScanningModel:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.config = ScanConfig()
        self.rescan_duration = datetime.timedelta(days=30)

    def on_config_changed(self, old: ScanConfig, new: ScanConfig) -> None:
        """PutRegistryScanningConfiguration replaced ``old`` by ``new`` (already in ``self.config``)."""
        return None

    def describe_image_fields(self, repo: Repository, image: Image) -> dict[str, Any]:
        """The scan members of DescribeImages' ImageDetail for ``image``.

        ``{}`` for a never-scanned image, else ``imageScanStatus`` and, once finished,
        ``imageScanFindingsSummary`` (decision 10).
        """
        return {}

    def set_rescan_duration(self, value: datetime.timedelta) -> None:
        if not isinstance(value, datetime.timedelta) or value <= datetime.timedelta(0):
            raise EcrFakeError("rescan_duration must be a positive datetime.timedelta")
        self.rescan_duration = value

    def on_repository_created(self, repo: Repository) -> None:
        return None

    def on_repository_deleted(self, repo: Repository) -> None:
        return None

    def on_image_pushed(
        self, repo: Repository, image: Image, *, created: bool, tag: str | None
    ) -> None:
        return None

    def on_image_deleted(self, repo: Repository, image: Image) -> None:
        return None

    def seed(
        self,
        repository_name: str,
        image_id: dict[str, str],
        findings: list[dict[str, Any]],
        *,
        enhanced: bool,
    ) -> None:
        raise EcrFakeError("seeding findings is not implemented yet")

    def plan(
        self,
        repository_name: str,
        image_id: dict[str, str],
        *,
        status: str | None,
        description: str | None,
        polls: int,
    ) -> None:
        raise EcrFakeError("plan_scan is not implemented yet")
