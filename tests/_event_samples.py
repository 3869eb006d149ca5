"""The shapes of AWS's documented EventBridge sample events, to compare ecrfake's events against.

Each sample keeps the structure (keys and value types) of the sample AWS publishes; the values are
placeholders. Sources:

* ECR_SAMPLES: Amazon ECR User Guide, "Amazon ECR events and EventBridge",
  https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html, and "EventBridge
  events sent for enhanced scanning in Amazon ECR",
  https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced-events.html
* INSPECTOR_SAMPLES: Amazon Inspector User Guide, "Amazon EventBridge event schema for Amazon
  Inspector events", https://docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.html
  (the "Amazon ECR ..." tabs, and the coverage sample).
"""

from __future__ import annotations

from typing import Any

ENVELOPE_KEYS = {
    "version",
    "id",
    "detail-type",
    "source",
    "account",
    "time",
    "region",
    "resources",
    "detail",
}

S = "string"
DETAILS: dict[str, dict[str, Any]] = {
    "ECR Image Action": {
        "result": S,
        "repository-name": S,
        "image-digest": S,
        "action-type": S,
        "image-tag": S,
    },
    "ECR Image Scan": {
        "scan-status": S,
        "repository-name": S,
        "finding-severity-counts": {"CRITICAL": 0},
        "image-digest": S,
        "image-tags": [S],
    },
    "ECR Scan Resource Change": {
        "action-type": S,
        "repositories": [
            {
                "repository-name": S,
                "repository-arn": S,
                "scan-frequency": S,
                "previous-scan-frequency": S,
            }
        ],
        "resource-type": S,
        "scan-type": S,
    },
    "ECR Pull Through Cache Action": {
        "rule-version": S,
        "sync-status": S,
        "ecr-repository-prefix": S,
        "repository-name": S,
        "upstream-registry-url": S,
        "image-tag": S,
        "image-digest": S,
    },
    "ECR Replication Action": {
        "result": S,
        "repository-name": S,
        "image-digest": S,
        "source-account": S,
        "action-type": S,
        "source-region": S,
        "image-tag": S,
    },
    "Inspector2 Scan": {
        "scan-status": S,
        "repository-name": S,
        "finding-severity-counts": {"CRITICAL": 0, "HIGH": 0, "MEDIUM": 0, "TOTAL": 0},
        "image-digest": S,
        "image-tags": [S],
        "version": S,
    },
    "Inspector2 Coverage": {
        "scanStatus": {"reason": S, "statusCodeValue": S},
        "scanType": S,
        "provider": S,
        "providerAccountId": S,
        "providerRegion": S,
        "eventTimestamp": S,
        "version": S,
    },
    # The ECR package vulnerability finding tab; members a finding may lack are optional below.
    "Inspector2 Finding": {
        "awsAccountId": S,
        "description": S,
        "epss": {"score": 0.0},
        "exploitAvailable": S,
        "findingArn": S,
        "firstObservedAt": S,
        "fixAvailable": S,
        "inspectorScore": 0.0,
        "inspectorScoreDetails": {
            "adjustedCvss": {
                "adjustments": [],
                "cvssSource": S,
                "score": 0.0,
                "scoreSource": S,
                "scoringVector": S,
                "version": S,
            }
        },
        "lastObservedAt": S,
        "packageVulnerabilityDetails": {
            "cvss": [],
            "referenceUrls": [],
            "relatedVulnerabilities": [],
            "source": S,
            "sourceUrl": S,
            "vendorCreatedAt": S,
            "vendorSeverity": S,
            "vulnerabilityId": S,
            "vulnerablePackages": [
                {
                    "arch": S,
                    "epoch": 0,
                    "fixedInVersion": S,
                    "name": S,
                    "packageManager": S,
                    "release": S,
                    "remediation": S,
                    "sourceLayerHash": S,
                    "version": S,
                }
            ],
        },
        "remediation": {"recommendation": {"text": S}},
        "resources": [
            {
                "details": {
                    "awsEcrContainerImage": {
                        "architecture": S,
                        "imageHash": S,
                        "imageTags": [S],
                        "platform": S,
                        "pushedAt": S,
                        "registry": S,
                        "repositoryName": S,
                    }
                },
                "id": S,
                "partition": S,
                "region": S,
                "tags": {"key": S},
                "type": S,
            }
        ],
        "severity": S,
        "status": S,
        "title": S,
        "type": S,
        "updatedAt": S,
    },
}

#: Members ecrfake may leave out because the finding or image does not have them.
OPTIONAL = {
    "ECR Image Action": {"image-tag"},
    "ECR Pull Through Cache Action": {"image-tag"},
    "ECR Replication Action": {"image-tag"},
    "Inspector2 Finding": {
        "epss",
        "exploitAvailable",
        "inspectorScore",
        "inspectorScoreDetails",
        "title",
        "vendorCreatedAt",
        "sourceUrl",
        "arch",
        "epoch",
        "fixedInVersion",
        "packageManager",
        "release",
        "remediation",
        "sourceLayerHash",
        "platform",
        "tags",
        "cvss",
        "relatedVulnerabilities",
        "referenceUrls",
        "vendorSeverity",
    },
}
#: Maps whose keys vary (severity counts, tags): only the value type is compared.
FREE_KEYS = {"finding-severity-counts", "tags"}


def shape_problems(
    detail_type: str, value: Any, sample: Any = None, path: str = "detail", key: str = ""
) -> list[str]:
    """Where ``value`` departs from the documented sample's structure ([] when it does not)."""
    if sample is None and path == "detail":
        sample = DETAILS[detail_type]
    optional = OPTIONAL.get(detail_type, set())
    if isinstance(sample, dict):
        if not isinstance(value, dict):
            return [f"{path}: expected an object, got {value!r}"]
        if key in FREE_KEYS:
            kinds = {type(v) for v in sample.values()} or {int}
            return [f"{path}.{k}: {v!r}" for k, v in value.items() if type(v) not in kinds]
        problems = [f"{path}.{k}: not in AWS's sample" for k in value if k not in sample]
        problems += [f"{path}.{k}: missing" for k in sample if k not in value and k not in optional]
        for k, v in value.items():
            if k in sample:
                problems += shape_problems(detail_type, v, sample[k], f"{path}.{k}", k)
        return problems
    if isinstance(sample, list):
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {value!r}"]
        if not sample:
            return []
        return [
            p
            for i, v in enumerate(value)
            for p in shape_problems(detail_type, v, sample[0], f"{path}[{i}]", key)
        ]
    if isinstance(sample, float):
        return (
            []
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else [f"{path}: expected a number, got {value!r}"]
        )
    if isinstance(sample, int):
        return [] if isinstance(value, int) else [f"{path}: expected an integer, got {value!r}"]
    return [] if isinstance(value, str) else [f"{path}: expected a string, got {value!r}"]
