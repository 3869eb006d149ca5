"""Findings as ECR serves them: what a seed becomes in a response for one image.

A seeded enhanced finding leaves out what depends on the image it is reported for; each time it is
served, :func:`serve_enhanced` fills those fields in from an :class:`ImageContext` (the same
``findingArn`` for the same finding of the same image, so ECR's and Inspector2's answers agree).
:func:`severity_counts` is the ``findingSeverityCounts`` of a scan.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ecrfake._aws import partition_of
from ecrfake.findings import DEFAULT_ARCHITECTURE, INSPECTOR_ONLY_MEMBERS

__all__ = ["ImageContext", "serve_enhanced", "severity_counts"]


def severity_counts(findings: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """``findingSeverityCounts``: findings counted by their ``severity`` (``{}`` for none)."""
    counts: dict[str, int] = {}
    for finding in findings:
        severity = finding.get("severity")
        if isinstance(severity, str):
            counts[severity] = counts.get(severity, 0) + 1
    return counts


@dataclass(frozen=True)
class ImageContext:
    """What an enhanced finding's image-dependent fields are filled from."""

    account_id: str
    region: str
    repository_name: str
    digest: str
    tags: tuple[str, ...]
    pushed_at: datetime.datetime
    first_observed_at: datetime.datetime
    last_observed_at: datetime.datetime

    @property
    def partition(self) -> str:
        return partition_of(self.region)


def _finding_arn(finding: Mapping[str, Any], ctx: ImageContext) -> str:
    details = finding.get("packageVulnerabilityDetails") or {}
    packages = details.get("vulnerablePackages") or []
    key = "|".join(
        [
            ctx.account_id,
            ctx.region,
            ctx.repository_name,
            ctx.digest,
            str(details.get("vulnerabilityId") or finding.get("title") or ""),
            *(f"{p.get('name')}@{p.get('version')}" for p in packages if isinstance(p, Mapping)),
        ]
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"arn:{ctx.partition}:inspector2:{ctx.region}:{ctx.account_id}:finding/{digest}"


def serve_enhanced(
    finding: Mapping[str, Any], ctx: ImageContext, *, inspector: bool = False
) -> dict[str, Any]:
    """A seeded enhanced finding as served for one image: image-dependent fields filled in.

    Fields the test set are kept as they are; the seed itself is not modified. The
    Inspector-only members (:data:`INSPECTOR_ONLY_MEMBERS`) are kept for Inspector2
    (``inspector=True``) and left out of ECR's responses.
    """
    out = copy.deepcopy(dict(finding))
    if not inspector:
        for member in INSPECTOR_ONLY_MEMBERS:
            out.pop(member, None)
    out.setdefault("awsAccountId", ctx.account_id)
    out.setdefault("findingArn", _finding_arn(finding, ctx))
    if "resources" not in out:
        out["resources"] = [
            {
                "details": {
                    "awsEcrContainerImage": {
                        "architecture": DEFAULT_ARCHITECTURE,
                        "imageHash": ctx.digest,
                        "imageTags": list(ctx.tags),
                        "pushedAt": ctx.pushed_at,
                        "registry": ctx.account_id,
                        "repositoryName": ctx.repository_name,
                    }
                },
                "id": (
                    f"arn:{ctx.partition}:ecr:{ctx.region}:{ctx.account_id}:repository/"
                    f"{ctx.repository_name}/{ctx.digest}"
                ),
                "type": "AWS_ECR_CONTAINER_IMAGE",
            }
        ]
    out.setdefault("firstObservedAt", ctx.first_observed_at)
    out.setdefault("lastObservedAt", ctx.last_observed_at)
    out.setdefault("updatedAt", ctx.last_observed_at)
    return out
