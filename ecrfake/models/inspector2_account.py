"""Inspector's account state and ECR configuration for one registry (account and region).

Inspector's ECR scanning and the registry's ``ENHANCED`` scan type are one switch seen from two
APIs (docs/inspector2.md, "ECR and Inspector agree"): Inspector reads ECR scanning as ``ENABLED``
exactly while the registry's scan type is ``ENHANCED``. The other resource types (EC2, Lambda,
Lambda code, code repositories) have nothing to scan in ecrfake; enabling them is remembered and
reported, nothing more.

The ECR re-scan duration is the registry's ``rescan_duration`` (a ``timedelta``, ``None`` for
``LIFETIME``); :func:`rescan_enum` and :func:`rescan_timedelta` translate between the two.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "PULL_DATE_DURATIONS",
    "RESCAN_DURATIONS",
    "RESOURCE_STATE_MEMBERS",
    "InspectorAccount",
    "rescan_enum",
    "rescan_timedelta",
]

#: ``EcrRescanDuration`` values and the days they stand for (``LIFETIME``: never expires).
RESCAN_DURATIONS: dict[str, int | None] = {
    "DAYS_3": 3,
    "DAYS_7": 7,
    "DAYS_14": 14,
    "DAYS_30": 30,
    "DAYS_60": 60,
    "DAYS_90": 90,
    "DAYS_180": 180,
    "LIFETIME": None,
}
#: ``EcrPullDateRescanDuration`` values (no LIFETIME).
PULL_DATE_DURATIONS: dict[str, int] = {
    "DAYS_3": 3,
    "DAYS_7": 7,
    "DAYS_14": 14,
    "DAYS_30": 30,
    "DAYS_60": 60,
    "DAYS_90": 90,
    "DAYS_180": 180,
}

#: ResourceScanType (Enable/Disable) -> its member of ResourceState / ResourceStatus.
RESOURCE_STATE_MEMBERS = {
    "EC2": "ec2",
    "ECR": "ecr",
    "LAMBDA": "lambda",
    "LAMBDA_CODE": "lambdaCode",
    "CODE_REPOSITORY": "codeRepository",
}


def rescan_enum(duration: datetime.timedelta | None) -> str:
    """The ``EcrRescanDuration`` reporting ``duration``.

    ``None`` is ``LIFETIME``; a duration of exactly one of Inspector's values reads as that value;
    any other reads as the shortest Inspector value that is at least as long (``LIFETIME`` past 180
    days), the setting under which the image would still be eligible.
    """
    if duration is None:
        return "LIFETIME"
    for name, days in RESCAN_DURATIONS.items():
        if days is not None and duration <= datetime.timedelta(days=days):
            return name
    return "LIFETIME"


def rescan_timedelta(name: str) -> datetime.timedelta | None:
    days = RESCAN_DURATIONS[name]
    return None if days is None else datetime.timedelta(days=days)


def _state(status: str) -> dict[str, Any]:
    return {"status": status}


@dataclass
class InspectorAccount:
    """What Inspector remembers for one account in one region besides ECR's own state."""

    account_id: str
    #: Resource types other than ECR that a test enabled (ECR's state is the registry's scan type).
    enabled_other: set[str] = field(default_factory=set)
    pull_date_rescan_duration: str | None = None
    pull_date_rescan_mode: str | None = None
    configuration_updated_at: datetime.datetime | None = None

    def statuses(self, ecr_enabled: bool) -> dict[str, str]:
        """ResourceStatus: each resource type's status."""
        out = {}
        for resource_type, member in RESOURCE_STATE_MEMBERS.items():
            on = ecr_enabled if resource_type == "ECR" else resource_type in self.enabled_other
            out[member] = "ENABLED" if on else "DISABLED"
        return out

    def status(self, ecr_enabled: bool) -> str:
        """The account's Inspector status: ENABLED while any resource type is."""
        return "ENABLED" if "ENABLED" in self.statuses(ecr_enabled).values() else "DISABLED"

    def account_state(self, ecr_enabled: bool) -> dict[str, Any]:
        """BatchGetAccountStatus' ``AccountState``."""
        return {
            "accountId": self.account_id,
            "state": _state(self.status(ecr_enabled)),
            "resourceState": {k: _state(v) for k, v in self.statuses(ecr_enabled).items()},
        }

    def account(self, ecr_enabled: bool) -> dict[str, Any]:
        """Enable / Disable's ``Account``."""
        return {
            "accountId": self.account_id,
            "status": self.status(ecr_enabled),
            "resourceStatus": self.statuses(ecr_enabled),
        }

    def set_others(self, resource_types: Iterable[str], enabled: bool) -> None:
        for resource_type in resource_types:
            if resource_type == "ECR":
                continue
            if enabled:
                self.enabled_other.add(resource_type)
            else:
                self.enabled_other.discard(resource_type)

    def ecr_configuration(
        self, rescan_duration: datetime.timedelta | None, updated_at: datetime.datetime
    ) -> dict[str, Any]:
        """GetConfiguration's ``ecrConfiguration``."""
        state: dict[str, Any] = {
            "rescanDuration": rescan_enum(rescan_duration),
            "status": "SUCCESS",
            "updatedAt": self.configuration_updated_at or updated_at,
        }
        if self.pull_date_rescan_duration is not None:
            state["pullDateRescanDuration"] = self.pull_date_rescan_duration
        if self.pull_date_rescan_mode is not None:
            state["pullDateRescanMode"] = self.pull_date_rescan_mode
        return {"rescanDurationState": state}
