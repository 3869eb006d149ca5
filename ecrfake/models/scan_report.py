"""What the scanning operations report, apart from the scan lifecycle itself.

DescribeImageScanFindings' answer before the handler wraps it, the ``imageId`` ECR echoes, ECR's
refusal text for an image it cannot scan, and each repository's effective scanning as
BatchGetRepositoryScanningConfiguration lists it. Pure: it reads models and changes none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecrfake.exceptions import RepositoryNotFoundException, UnsupportedImageTypeException

if TYPE_CHECKING:
    from ecrfake.models.repository import Image, Repositories, Repository
    from ecrfake.models.scan_config import ScanConfig

__all__ = [
    "FindingsReport",
    "echo_image_id",
    "repository_configurations",
    "unscannable_media_type",
    "unsupported_text",
]


def unscannable_media_type(image: Image) -> str:
    """The media type ECR names when it refuses to scan an index or a non-image artifact."""
    if not image.is_index and image.artifact_media_type:
        return image.artifact_media_type
    return image.media_type


def unsupported_text(image: Image) -> str:
    """ECR's text for an image that cannot be scanned (an index or a non-image artifact)."""
    return UnsupportedImageTypeException(media_type=unscannable_media_type(image)).message


def echo_image_id(requested: dict[str, Any], image: Image) -> dict[str, str]:
    """The ``imageId`` ECR echoes: asked by digest, the digest only; asked by tag, both."""
    return image.image_id(requested.get("imageTag"))


@dataclass(frozen=True)
class FindingsReport:
    """One DescribeImageScanFindings answer, before the handler wraps it."""

    repository: Repository
    image: Image
    status: str
    description: str | None
    findings: dict[str, Any] | None
    next_token: str | None

    def scan_status_to_api(self) -> dict[str, str]:
        out = {"status": self.status}
        if self.description is not None:
            out["description"] = self.description
        return out


def repository_configurations(
    config: ScanConfig, repositories: Repositories, account_id: str, names: Sequence[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """BatchGetRepositoryScanningConfiguration: one entry per distinct name, in request order.

    Missing repositories go to the failures.
    """
    found: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for name in dict.fromkeys(names):
        repo = repositories.get(name)
        if repo is None:
            failures.append(
                {
                    "repositoryName": name,
                    "failureCode": "REPOSITORY_NOT_FOUND",
                    "failureReason": RepositoryNotFoundException(
                        name=name, registry_id=account_id
                    ).message,
                }
            )
            continue
        effective = config.effective(repo)
        found.append(
            {
                "repositoryArn": repo.arn,
                "repositoryName": repo.name,
                "scanOnPush": repo.scan_on_push,  # the repository's own flag, never recomputed
                "scanFrequency": effective.frequency,
                "appliedScanFilters": effective.applied_filters_to_api(),
            }
        )
    return found, failures
