"""ListCoverage / ListCoverageStatistics: what Inspector scans of one registry, and how.

While Inspector's ECR scanning is on (the registry uses ``ENHANCED`` scanning), every repository
and every image is a covered resource (``AWS_ECR_REPOSITORY`` / ``AWS_ECR_CONTAINER_IMAGE``, scan
type ``PACKAGE``) with a ``scanStatus`` in Inspector's codes. ecrfake derives them from ECR's own
state (see :func:`repository_status` and :func:`image_status`, and docs/inspector2.md):

=================================  ==========  ===============================
ECR state                           statusCode  reason
=================================  ==========  ===============================
repository under a continuous or    ACTIVE      SUCCESSFUL
scan-on-push rule
repository under no rule            INACTIVE    SCAN_FREQUENCY_MANUAL
image ``PENDING`` (first scan)      ACTIVE      PENDING_INITIAL_SCAN
image ``ACTIVE`` (continuous)       ACTIVE      SUCCESSFUL
image ``COMPLETE`` (scan on push)   INACTIVE    SCAN_FREQUENCY_SCAN_ON_PUSH
image ``SCAN_ELIGIBILITY_EXPIRED``  INACTIVE    SCAN_ELIGIBILITY_EXPIRED
image in a repository under no      INACTIVE    SCAN_FREQUENCY_MANUAL
rule (``FINDINGS_UNAVAILABLE``)
``UNSUPPORTED_IMAGE``               INACTIVE    UNSUPPORTED_MEDIA_TYPE
``IMAGE_SIZE_EXCEEDED``,            INACTIVE    the same name
``IMAGE_ARCHIVED``
=================================  ==========  ===============================
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ecrfake.models.inspector2_filters import DATE, NUMBER, STRING, STRINGS, Field, compile_criteria

__all__ = [
    "COVERAGE_FIELDS",
    "GROUP_KEYS",
    "IMAGE",
    "REPOSITORY",
    "CoverageRecord",
    "coverage_statistics",
    "filter_coverage",
    "image_status",
    "repository_status",
]

REPOSITORY = "AWS_ECR_REPOSITORY"
IMAGE = "AWS_ECR_CONTAINER_IMAGE"

#: ECR ``imageScanStatus.status`` (enhanced) -> Inspector coverage (statusCode, reason).
_IMAGE_STATUS = {
    "PENDING": ("ACTIVE", "PENDING_INITIAL_SCAN"),
    "IN_PROGRESS": ("ACTIVE", "PENDING_INITIAL_SCAN"),
    "ACTIVE": ("ACTIVE", "SUCCESSFUL"),
    "COMPLETE": ("INACTIVE", "SCAN_FREQUENCY_SCAN_ON_PUSH"),
    "SCAN_ELIGIBILITY_EXPIRED": ("INACTIVE", "SCAN_ELIGIBILITY_EXPIRED"),
    "FINDINGS_UNAVAILABLE": ("INACTIVE", "SCAN_FREQUENCY_MANUAL"),
    "UNSUPPORTED_IMAGE": ("INACTIVE", "UNSUPPORTED_MEDIA_TYPE"),
    "FAILED": ("INACTIVE", "UNSUPPORTED_OS"),
    "IMAGE_SIZE_EXCEEDED": ("INACTIVE", "IMAGE_SIZE_EXCEEDED"),
    "IMAGE_ARCHIVED": ("INACTIVE", "IMAGE_ARCHIVED"),
    "LIMIT_EXCEEDED": ("INACTIVE", "INTERNAL_ERROR"),
}


def repository_status(scan_frequency: str) -> tuple[str, str]:
    """Coverage of a repository whose enhanced scan frequency is ``scan_frequency``."""
    if scan_frequency in ("CONTINUOUS_SCAN", "SCAN_ON_PUSH"):
        return ("ACTIVE", "SUCCESSFUL")
    return ("INACTIVE", "SCAN_FREQUENCY_MANUAL")


def image_status(ecr_status: str | None, scan_frequency: str) -> tuple[str, str]:
    """Coverage of an image from its enhanced ``imageScanStatus`` (None: not scanned yet)."""
    if scan_frequency == "MANUAL":
        return ("INACTIVE", "SCAN_FREQUENCY_MANUAL")
    if ecr_status is None:
        return ("ACTIVE", "PENDING_INITIAL_SCAN")
    return _IMAGE_STATUS.get(ecr_status, ("INACTIVE", "INTERNAL_ERROR"))


@dataclass(frozen=True)
class CoverageRecord:
    """One covered resource, as ListCoverage reports it."""

    resource_type: str
    resource_id: str
    account_id: str
    region: str
    repository_name: str
    status_code: str
    reason: str
    scan_frequency: str = "MANUAL"
    image_tags: tuple[str, ...] = ()
    last_scanned_at: datetime.datetime | None = None
    image_pulled_at: datetime.datetime | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "resourceType": self.resource_type,
            "resourceId": self.resource_id,
            "accountId": self.account_id,
            "scanType": "PACKAGE",
            "scanStatus": {"statusCode": self.status_code, "reason": self.reason},
        }
        if self.resource_type == REPOSITORY:
            out["resourceMetadata"] = {
                "ecrRepository": {
                    "name": self.repository_name,
                    "scanFrequency": self.scan_frequency,
                }
            }
        else:
            image: dict[str, Any] = {"tags": list(self.image_tags)}
            if self.image_pulled_at is not None:
                image["imagePulledAt"] = self.image_pulled_at
            out["resourceMetadata"] = {"ecrImage": image}
        if self.last_scanned_at is not None:
            out["lastScannedAt"] = self.last_scanned_at
        return out


def _get(name: str) -> Any:
    return lambda record: getattr(record, name)


def _image_only(name: str) -> Any:
    return lambda r: getattr(r, name) if r.resource_type == IMAGE else None


#: ``CoverageFilterCriteria`` keys that apply to ECR resources.
COVERAGE_FIELDS: dict[str, Field] = {
    "scanStatusCode": Field(STRING, _get("status_code")),
    "scanStatusReason": Field(STRING, _get("reason")),
    "accountId": Field(STRING, _get("account_id")),
    "resourceId": Field(STRING, _get("resource_id")),
    "resourceType": Field(STRING, _get("resource_type")),
    "scanType": Field(STRING, lambda r: "PACKAGE"),
    "ecrRepositoryName": Field(STRING, _get("repository_name")),
    "ecrImageTags": Field(STRINGS, _image_only("image_tags")),
    "lastScannedAt": Field(DATE, _get("last_scanned_at")),
    "imagePulledAt": Field(DATE, _get("image_pulled_at")),
    "ecrImageInUseCount": Field(NUMBER, lambda r: None),
    "ecrImageLastInUseAt": Field(DATE, lambda r: None),
    "cloudProvider": Field(STRING, lambda r: "AWS"),
    "cloudProviderAccountId": Field(STRING, _get("account_id")),
    "cloudProviderRegion": Field(STRING, _get("region")),
    "cloudContainerRepositoryName": Field(STRING, _get("repository_name")),
    "cloudContainerImageTags": Field(STRINGS, _image_only("image_tags")),
}


def filter_coverage(
    records: Sequence[CoverageRecord], criteria: Mapping[str, Any] | None
) -> list[CoverageRecord]:
    predicate = compile_criteria(criteria, COVERAGE_FIELDS)
    return list(records) if predicate is None else [r for r in records if predicate(r)]


#: ListCoverageStatistics ``groupBy`` -> the fact it groups by.
GROUP_KEYS: dict[str, Any] = {
    "SCAN_STATUS_CODE": _get("status_code"),
    "SCAN_STATUS_REASON": _get("reason"),
    "ACCOUNT_ID": _get("account_id"),
    "RESOURCE_TYPE": _get("resource_type"),
    "ECR_REPOSITORY_NAME": _get("repository_name"),
    "PROVIDER": lambda r: "AWS",
    "PROVIDER_ACCOUNT_ID": _get("account_id"),
    "PROVIDER_REGION": _get("region"),
    "PROVIDER_ORG_ID": lambda r: None,
}


def coverage_statistics(
    records: Sequence[CoverageRecord], group_by: str | None
) -> tuple[int, list[dict[str, Any]]]:
    """``(totalCounts, countsByGroup)`` (every group, largest count first, then by name).

    Each ``Counts`` item carries the ``groupKey`` asked for and the group's ``count``; the group's
    own value is not part of the API's shape, so groups are told apart by order only.
    """
    total = len(records)
    if group_by is None:
        return total, []
    key = GROUP_KEYS[group_by]
    counts: dict[Any, int] = {}
    for record in records:
        value = key(record)
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return total, [{"count": n, "groupKey": group_by} for _value, n in ordered]
