"""Registry scanning configuration and each repository's effective scanning (placeholder).

Owned by the scanning-configuration work. The interface below is what the rest of the model uses;
keep it (extend it if needed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecrfake.models.repository import Repository

__all__ = ["EffectiveScanning", "ScanConfig"]


@dataclass(frozen=True)
class EffectiveScanning:
    """How one repository is scanned under the registry configuration in force."""

    scan_type: str  # "BASIC" | "ENHANCED"
    frequency: str  # what BatchGetRepositoryScanningConfiguration reports: SCAN_ON_PUSH | CONTINUOUS_SCAN | MANUAL
    applied_filters: tuple[dict[str, str], ...] = ()
    scan_on_push: bool = False  # whether a push into the repository starts a scan
    continuous: bool = False  # ENHANCED + CONTINUOUS_SCAN

    @property
    def enhanced_scanned(self) -> bool:
        """Under ENHANCED, whether Inspector scans this repository at all."""
        return self.scan_type == "ENHANCED" and self.frequency in (
            "SCAN_ON_PUSH",
            "CONTINUOUS_SCAN",
        )


@dataclass
class ScanConfig:
    scan_type: str = "BASIC"
    rules: list[dict[str, Any]] = field(default_factory=list)

    def to_api(self) -> dict[str, Any]:
        return {"scanType": self.scan_type, "rules": [dict(r) for r in self.rules]}

    def effective(self, repo: Repository) -> EffectiveScanning:
        if self.scan_type == "BASIC" and repo.scan_on_push:
            return EffectiveScanning("BASIC", "SCAN_ON_PUSH", (), scan_on_push=True)
        return EffectiveScanning(self.scan_type, "MANUAL")
