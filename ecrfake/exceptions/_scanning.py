"""Scanning."""

from __future__ import annotations

from typing import Any

from ecrfake.exceptions._base import EcrError, image_id_text
from ecrfake.exceptions._wire import ValidationException

__all__ = [
    "FrequencyNotAllowed",
    "InvalidScanType",
    "LimitExceededException",
    "ManualScanUnderEnhanced",
    "ScanNotFoundException",
    "ScanQuotaExceeded",
    "UnsupportedImageTypeException",
]


class ScanNotFoundException(EcrError):
    fmt = (
        "Image scan does not exist for the image with '{image_id}' in the repository with name "
        "'{name}' in the registry with id '{registry_id}'"
    )

    def __init__(self, *, image_id: dict[str, Any], name: str, registry_id: str) -> None:
        super().__init__(image_id=image_id_text(image_id), name=name, registry_id=registry_id)


class LimitExceededException(EcrError):
    pass


class ScanQuotaExceeded(LimitExceededException):
    # Real text, from several CLI logs (reference §1.5).
    fmt = "The scan quota per image has been exceeded. Wait and try again."


class UnsupportedImageTypeException(EcrError):
    # Real text (alexjurkiewicz/ecr-scan-image#43).
    fmt = (
        "An artifact with media type '{media_type}' cannot be scanned. For more information, see "
        "the Amazon ECR documentation."
    )


class ManualScanUnderEnhanced(ValidationException):
    fmt = (
        "Manual scans using enhanced scanning are not supported: the registry with id "
        "'{registry_id}' uses ENHANCED scanning, which scans images according to its scanning "
        "rules."
    )


class InvalidScanType(ValidationException):
    fmt = "Invalid scan type '{scan_type}'. Valid scan types are BASIC and ENHANCED."


class FrequencyNotAllowed(ValidationException):
    fmt = (
        "Scan frequency '{frequency}' in 'rules.{index}.member.scanFrequency' is not supported "
        "with scan type '{scan_type}'. Supported scan frequencies for {scan_type} are "
        "[{allowed}]."
    )
