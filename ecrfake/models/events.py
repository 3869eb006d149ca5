"""The Amazon EventBridge events AWS would have emitted, kept cheaply and built when read.

Emitting an event appends one small tuple (a builder and the immutable facts it needs) to the
fake's :class:`EventLog`; nothing is formatted until ``EcrFake.events()`` reads the log, and each
envelope is built once. So a push costs the same whether or not a test ever reads events.

Every builder copies the shape of AWS's documented sample for its ``detail-type`` (sources in
docs/events.md):

* ``aws.ecr`` "ECR Image Action" (PUSH, DELETE), "ECR Image Scan" (a finished basic scan),
  "ECR Scan Resource Change", "ECR Pull Through Cache Action", "ECR Replication Action":
  Amazon ECR User Guide, "Amazon ECR events and EventBridge" and "EventBridge events sent for
  enhanced scanning in Amazon ECR";
* ``aws.inspector2`` "Inspector2 Scan", "Inspector2 Finding", "Inspector2 Coverage": Amazon
  Inspector User Guide, "Amazon EventBridge event schema for Amazon Inspector events".
"""

from __future__ import annotations

import copy
import datetime
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = [
    "ECR",
    "INSPECTOR2",
    "EventLog",
    "ecr_image_action",
    "ecr_image_scan",
    "ecr_pull_through_cache_action",
    "ecr_replication_action",
    "ecr_scan_resource_change",
    "envelope_time",
    "inspector2_coverage",
    "inspector2_finding",
    "inspector2_scan",
    "inspector_time",
]

ECR = "aws.ecr"
INSPECTOR2 = "aws.inspector2"

#: What a builder returns: (source, detail-type, resources, detail).
Built = tuple[str, str, list[str], dict[str, Any]]
Builder = Callable[..., Built]


def envelope_time(moment: datetime.datetime) -> str:
    """An envelope's ``time``: ISO 8601 UTC to the second (``2019-11-16T01:54:34Z``)."""
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def inspector_time(moment: datetime.datetime) -> str:
    """A timestamp inside an Inspector2 Finding detail (``Wed Sep 04 16:55:38.411 UTC 2024``)."""
    utc = moment.astimezone(datetime.timezone.utc)
    return (
        utc.strftime("%a %b %d %H:%M:%S.")
        + f"{utc.microsecond // 1000:03d}"
        + utc.strftime(" UTC %Y")
    )


def _precise_time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _repository_arn(partition: str, region: str, account: str, repository: str) -> str:
    return f"arn:{partition}:ecr:{region}:{account}:repository/{repository}"


class EventLog:
    """Every event emitted in one fake, oldest first; envelopes are built on first read."""

    def __init__(self) -> None:
        self._raw: list[tuple[str, str, datetime.datetime, Builder, tuple[Any, ...]]] = []
        self._built: list[dict[str, Any]] = []

    def __len__(self) -> int:
        return len(self._raw)

    def emit(
        self,
        account: str,
        region: str,
        moment: datetime.datetime,
        builder: Builder,
        *args: Any,
    ) -> None:
        """Record one event; ``args`` must not change afterwards (strings, tuples, frozen data)."""
        self._raw.append((account, region, moment, builder, args))

    def clear(self) -> None:
        self._raw.clear()
        self._built.clear()

    def _build_pending(self) -> None:
        for index in range(len(self._built), len(self._raw)):
            account, region, moment, builder, args = self._raw[index]
            source, detail_type, resources, detail = builder(account, region, *args)
            self._built.append(
                {
                    "version": "0",
                    "id": str(
                        uuid.UUID(int=(index + 1) * 0x9E3779B97F4A7C15 % (1 << 128), version=4)
                    ),
                    "detail-type": detail_type,
                    "source": source,
                    "account": account,
                    "time": envelope_time(moment),
                    "region": region,
                    "resources": resources,
                    "detail": detail,
                }
            )

    def events(
        self, *, source: str | None = None, detail_type: str | None = None
    ) -> list[dict[str, Any]]:
        """The envelopes, oldest first, keeping those whose ``source``/``detail-type`` equal the
        values given; each call returns fresh copies."""
        self._build_pending()
        return [
            copy.deepcopy(event)
            for event in self._built
            if (source is None or event["source"] == source)
            and (detail_type is None or event["detail-type"] == detail_type)
        ]


# -- aws.ecr -----------------------------------------------------------------------------------


def ecr_image_action(
    account: str,
    region: str,
    action_type: str,
    repository: str,
    digest: str,
    tag: str | None,
    result: str = "SUCCESS",
) -> Built:
    """The "ECR Image Action" event: a finished push (``PUSH``) or delete (``DELETE``) of one image.

    ``image-tag`` is the tag pushed or deleted; it is left out for an image pushed or deleted by
    digest alone.
    """
    detail: dict[str, Any] = {
        "result": result,
        "repository-name": repository,
        "image-digest": digest,
        "action-type": action_type,
    }
    if tag is not None:
        detail["image-tag"] = tag
    return ECR, "ECR Image Action", [], detail


def ecr_image_scan(
    account: str,
    region: str,
    partition: str,
    repository: str,
    digest: str,
    tags: Sequence[str],
    counts: Mapping[str, int],
    status: str = "COMPLETE",
) -> Built:
    """The "ECR Image Scan" event: a basic scan finished; ``finding-severity-counts`` has only the
    severities found (none for a clean image)."""
    detail = {
        "scan-status": status,
        "repository-name": repository,
        "finding-severity-counts": {k: v for k, v in counts.items() if v},
        "image-digest": digest,
        "image-tags": list(tags),
    }
    return ECR, "ECR Image Scan", [_repository_arn(partition, region, account, repository)], detail


def ecr_scan_resource_change(
    account: str,
    region: str,
    partition: str,
    changes: Sequence[tuple[str, str, str]],
    action_type: str = "SCAN_FREQUENCY_CHANGE",
) -> Built:
    """The "ECR Scan Resource Change" event: repositories whose enhanced scan frequency changed.

    ``changes`` holds ``(repository name, scan frequency, previous scan frequency)``.
    """
    detail = {
        "action-type": action_type,
        "repositories": [
            {
                "repository-name": name,
                "repository-arn": _repository_arn(partition, region, account, name),
                "scan-frequency": frequency,
                "previous-scan-frequency": previous,
            }
            for name, frequency, previous in changes
        ],
        "resource-type": "REPOSITORY",
        "scan-type": "ENHANCED",
    }
    return ECR, "ECR Scan Resource Change", [], detail


def ecr_pull_through_cache_action(
    account: str,
    region: str,
    partition: str,
    repository: str,
    prefix: str,
    upstream_url: str,
    tag: str | None,
    digest: str,
    sync_status: str = "SUCCESS",
    rule_version: str = "1",
) -> Built:
    """The "ECR Pull Through Cache Action" event: a pull through a cache rule filled the cache."""
    detail: dict[str, Any] = {
        "rule-version": rule_version,
        "sync-status": sync_status,
        "ecr-repository-prefix": prefix,
        "repository-name": repository,
        "upstream-registry-url": upstream_url,
    }
    if tag is not None:
        detail["image-tag"] = tag
    detail["image-digest"] = digest
    resources = [_repository_arn(partition, region, account, repository)]
    return ECR, "ECR Pull Through Cache Action", resources, detail


def ecr_replication_action(
    account: str,
    region: str,
    partition: str,
    repository: str,
    digest: str,
    tag: str | None,
    source_account: str,
    source_region: str,
    result: str = "SUCCESS",
) -> Built:
    """The "ECR Replication Action" event: one image arrived (or failed to) in the destination registry.

    Emitted in the destination's account and region; ``source-account``/``source-region`` name
    where it came from.
    """
    detail: dict[str, Any] = {
        "result": result,
        "repository-name": repository,
        "image-digest": digest,
        "source-account": source_account,
        "action-type": "REPLICATE",
        "source-region": source_region,
    }
    if tag is not None:
        detail["image-tag"] = tag
    resources = [_repository_arn(partition, region, account, repository)]
    return ECR, "ECR Replication Action", resources, detail


# -- aws.inspector2 ----------------------------------------------------------------------------


def inspector2_scan(
    account: str,
    region: str,
    partition: str,
    repository: str,
    digest: str,
    tags: Sequence[str],
    severities: Sequence[str],
) -> Built:
    """The "Inspector2 Scan" event: Inspector finished the initial scan of one image.

    As in AWS's sample, ``repository-name`` holds the repository's ARN, and the counts always have
    ``CRITICAL``, ``HIGH``, ``MEDIUM`` and ``TOTAL`` (all findings, every severity).
    """
    counts = {"CRITICAL": 0, "HIGH": 0, "MEDIUM": 0}
    for severity in severities:
        if severity in counts:
            counts[severity] += 1
    repository_arn = _repository_arn(partition, region, account, repository)
    detail = {
        "scan-status": "INITIAL_SCAN_COMPLETE",
        "repository-name": repository_arn,
        "finding-severity-counts": {**counts, "TOTAL": len(severities)},
        "image-digest": digest,
        "image-tags": list(tags),
        "version": "1.0",
    }
    return INSPECTOR2, "Inspector2 Scan", [repository_arn], detail


def _detail_times(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return inspector_time(value)
    if isinstance(value, dict):
        return {k: _detail_times(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_detail_times(v) for v in value]
    return value


def inspector2_finding(account: str, region: str, finding: Mapping[str, Any]) -> Built:
    """The "Inspector2 Finding" event: a finding was created, updated or closed; ``detail`` is the finding
    (one ``Finding`` object, timestamps written as Inspector writes them in events)."""
    resources = [r["id"] for r in finding.get("resources") or []]
    return INSPECTOR2, "Inspector2 Finding", resources, _detail_times(dict(finding))


def inspector2_coverage(
    account: str,
    region: str,
    resource_id: str,
    status_code: str,
    reason: str,
    moment: datetime.datetime,
) -> Built:
    """The "Inspector2 Coverage" event: a resource's scan coverage changed (``scanStatus`` is the new one)."""
    detail = {
        "scanStatus": {"reason": reason, "statusCodeValue": status_code},
        "scanType": "PACKAGE",
        "provider": "AWS",
        "providerAccountId": account,
        "providerRegion": region,
        "eventTimestamp": _precise_time(moment),
        "version": "1.0",
    }
    return INSPECTOR2, "Inspector2 Coverage", [resource_id], detail
