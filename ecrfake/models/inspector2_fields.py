"""What Inspector2's ListFindings filters and sorts an ECR finding by: one getter per criteria key
and per sort field, reading the facts a :class:`~ecrfake.models.inspector2.FindingRecord` keeps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecrfake.models.inspector2_filters import DATE, MAP, NUMBER, PACKAGE, STRING, STRINGS, Field

__all__ = ["FINDING_FIELDS", "RESOURCE_TYPE", "SEVERITY_RANK", "SORT_FIELDS", "sort_records"]

#: Severity order for sorting: Inspector ranks UNTRIAGED below INFORMATIONAL.
SEVERITY_RANK = {
    "UNTRIAGED": 0,
    "INFORMATIONAL": 1,
    "LOW": 2,
    "MEDIUM": 3,
    "HIGH": 4,
    "CRITICAL": 5,
}

RESOURCE_TYPE = "AWS_ECR_CONTAINER_IMAGE"


def _get(name: str) -> Any:
    return lambda record: getattr(record, name)


def _const(value: Any) -> Any:
    return lambda _record: value


#: ListFindings ``filterCriteria`` keys that can match an ECR finding, and how each reads one.
#: Every other key of the model is a fact ECR findings do not have (see inspector2_filters).
FINDING_FIELDS: dict[str, Field] = {
    "findingArn": Field(STRING, _get("arn")),
    "awsAccountId": Field(STRING, _get("account")),
    "findingType": Field(STRING, _get("type")),
    "severity": Field(STRING, _get("severity")),
    "firstObservedAt": Field(DATE, _get("first")),
    "lastObservedAt": Field(DATE, _get("last")),
    "updatedAt": Field(DATE, _get("updated")),
    "findingStatus": Field(STRING, _get("status")),
    "title": Field(STRING, _get("title")),
    "inspectorScore": Field(NUMBER, _get("score")),
    "resourceType": Field(STRING, _const(RESOURCE_TYPE)),
    "resourceId": Field(STRING, _get("resource_id")),
    "resourceTags": Field(MAP, _get("resource_tags")),
    "ecrImagePushedAt": Field(DATE, _get("pushed_at")),
    "ecrImageArchitecture": Field(STRING, _get("architecture")),
    "ecrImageRegistry": Field(STRING, _get("registry")),
    "ecrImageRepositoryName": Field(STRING, _get("repository")),
    "ecrImageTags": Field(STRINGS, _get("tags")),
    "ecrImageHash": Field(STRING, _get("digest")),
    "vulnerabilityId": Field(STRING, _get("vulnerability_id")),
    "vulnerabilitySource": Field(STRING, _get("source")),
    "vendorSeverity": Field(STRING, _get("vendor_severity")),
    "vulnerablePackages": Field(PACKAGE, _get("packages")),
    "relatedVulnerabilities": Field(STRINGS, _get("related")),
    "fixAvailable": Field(STRING, _get("fix")),
    "exploitAvailable": Field(STRING, _get("exploit")),
    "epssScore": Field(NUMBER, _get("epss")),
    # The provider-neutral keys read the same facts for an AWS container image.
    "cloudProvider": Field(STRING, _const("AWS")),
    "cloudProviderAccountId": Field(STRING, _get("account")),
    "cloudImageRepositoryName": Field(STRING, _get("repository")),
    "cloudImageRegistry": Field(STRING, _get("registry")),
    "cloudImageDigest": Field(STRING, _get("digest")),
    "cloudImageTags": Field(STRINGS, _get("tags")),
    "cloudImagePushedAt": Field(DATE, _get("pushed_at")),
    "cloudImageArchitecture": Field(STRING, _get("architecture")),
}


def _severity_key(record: Any) -> int:
    return SEVERITY_RANK.get(record.severity, -1)


#: ListFindings ``sortCriteria.field`` -> the sort key it reads (None sorts after every value).
SORT_FIELDS: dict[str, Any] = {
    "AWS_ACCOUNT_ID": _get("account"),
    "FINDING_TYPE": _get("type"),
    "SEVERITY": _severity_key,
    "FIRST_OBSERVED_AT": _get("first"),
    "LAST_OBSERVED_AT": _get("last"),
    "FINDING_STATUS": _get("status"),
    "RESOURCE_TYPE": _const(RESOURCE_TYPE),
    "ECR_IMAGE_PUSHED_AT": _get("pushed_at"),
    "ECR_IMAGE_REPOSITORY_NAME": _get("repository"),
    "ECR_IMAGE_REGISTRY": _get("registry"),
    "NETWORK_PROTOCOL": _const(None),
    "COMPONENT_TYPE": _const(None),
    "VULNERABILITY_ID": _get("vulnerability_id"),
    "VULNERABILITY_SOURCE": _get("source"),
    "INSPECTOR_SCORE": _get("score"),
    "VENDOR_SEVERITY": _get("vendor_severity"),
    "EPSS_SCORE": _get("epss"),
}


def sort_records(records: list[Any], sort_criteria: Mapping[str, Any] | None) -> list[Any]:
    """``records`` in ``sortCriteria`` order; ties (and records without the value) keep the
    store's order, and records without the value come last in either direction."""
    if not sort_criteria:
        return records
    key = SORT_FIELDS[sort_criteria["field"]]
    present = [r for r in records if key(r) is not None]
    absent = [r for r in records if key(r) is None]
    present.sort(key=key, reverse=sort_criteria.get("sortOrder") == "DESC")
    return present + absent
