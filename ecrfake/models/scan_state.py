"""One image's scans: the state machine behind ``imageScanStatus``.

Every image keeps its latest basic scan and its enhanced scan apart (:class:`ImageScans`); which one
the API shows depends on the registry's scan type (decision 11). A :class:`Scan` is held
(``IN_PROGRESS`` / ``PENDING``) while it has polls left, then ends with a fixed status (a plan's, or
``UNSUPPORTED_IMAGE``) or its natural end, which for enhanced scans is worked out when read
(:func:`scan_status`): ``COMPLETE`` for scan on push, ``ACTIVE`` for continuous scanning,
``SCAN_ELIGIBILITY_EXPIRED`` past the re-scan duration, ``FINDINGS_UNAVAILABLE`` while no rule
matches the repository (decision 7). Only ``COMPLETE`` and ``ACTIVE`` scans carry findings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from ecrfake.exceptions import EcrFakeError
from ecrfake.models.scan_config import BASIC, ENHANCED

__all__ = [
    "BASIC",
    "DEFAULT_DESCRIPTIONS",
    "ENHANCED",
    "SCAN_WINDOW",
    "ImageScans",
    "Scan",
    "ScanPlan",
    "carries_findings",
    "scan_status",
]

#: The per-image basic scan quota: one scan per rolling 24 hours (decision 8).
SCAN_WINDOW = datetime.timedelta(hours=24)

#: Statuses a scan can end with (``IN_PROGRESS``/``PENDING`` are what a held scan reads).
END_STATUSES = (
    "COMPLETE",
    "FAILED",
    "UNSUPPORTED_IMAGE",
    "ACTIVE",
    "SCAN_ELIGIBILITY_EXPIRED",
    "FINDINGS_UNAVAILABLE",
    "LIMIT_EXCEEDED",
    "IMAGE_ARCHIVED",
    "IMAGE_SIZE_EXCEEDED",
)
#: End statuses that only one scan type has (decision 7 and the reference's status table).
BASIC_ONLY = frozenset({"FAILED", "LIMIT_EXCEEDED"})
ENHANCED_ONLY = frozenset(
    {"ACTIVE", "SCAN_ELIGIBILITY_EXPIRED", "FINDINGS_UNAVAILABLE", "IMAGE_SIZE_EXCEEDED"}
)

#: ``imageScanStatus.description`` per status. COMPLETE, ACTIVE and FAILED are texts seen from
#: real ECR; the others are ecrfake's wording (AWS's is not established).
DEFAULT_DESCRIPTIONS = {
    "COMPLETE": "The scan was completed successfully.",
    "ACTIVE": "Continuous scan is selected for image.",
    "FAILED": "UnsupportedImageError: The operating system and/or package manager are not supported.",
    "UNSUPPORTED_IMAGE": "UnsupportedImageError: The operating system and/or package manager are not supported.",
    "SCAN_ELIGIBILITY_EXPIRED": "Continuous scan eligibility has expired for the image: it was pushed longer ago than the re-scan duration.",
    "FINDINGS_UNAVAILABLE": "Findings are unavailable: the repository no longer matches an enhanced scanning rule.",
    "LIMIT_EXCEEDED": "The daily basic scan quota for the registry has been exceeded.",
    "IMAGE_ARCHIVED": "The image is archived and cannot be scanned.",
    "IMAGE_SIZE_EXCEEDED": "The image is larger than the maximum size that can be scanned.",
}


@dataclass(frozen=True)
class ScanPlan:
    """How the next scan of one image goes (``Registry.plan_scan``)."""

    status: str | None = None
    description: str | None = None
    polls: int = 0

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in END_STATUSES:
            held = (
                " (a held scan reads it while polls are left; use polls=N)"
                if self.status
                in (
                    "IN_PROGRESS",
                    "PENDING",
                )
                else ""
            )
            raise EcrFakeError(
                f"plan_scan(status={self.status!r}) is not a status a scan can end with{held}; use "
                f"None (the natural end) or one of {', '.join(END_STATUSES)}"
            )
        if self.description is not None and not isinstance(self.description, str):
            raise EcrFakeError(
                f"plan_scan(description=...) must be a str, not {self.description!r}"
            )
        if isinstance(self.polls, bool) or not isinstance(self.polls, int) or self.polls < 0:
            raise EcrFakeError(f"plan_scan(polls=...) must be an int >= 0, not {self.polls!r}")

    def fits(self, scan_type: str) -> bool:
        """Whether a scan of ``scan_type`` can end the way this plan says."""
        if self.status is None:
            return True
        banned = ENHANCED_ONLY if scan_type == BASIC else BASIC_ONLY
        return self.status not in banned


#: A scan with no plan: its natural end, at once.
_NO_PLAN = ScanPlan()


@dataclass(eq=False)
class Scan:
    """One scan of one image (basic or enhanced)."""

    scan_type: str
    started_at: datetime.datetime
    polls_left: int = 0
    #: A fixed end (from a plan, or UNSUPPORTED_IMAGE); None: the natural end.
    end_status: str | None = None
    #: The plan's description, replacing the status's usual one.
    description: str | None = None
    completed_at: datetime.datetime | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls, scan_type: str, now: datetime.datetime, plan: ScanPlan | None = None) -> Scan:
        plan = plan or _NO_PLAN
        return cls(
            scan_type,
            now,
            polls_left=plan.polls,
            end_status=plan.status,
            description=plan.description,
        )

    @property
    def held(self) -> bool:
        return self.polls_left > 0

    @property
    def finished(self) -> bool:
        return self.completed_at is not None

    def finish(self, now: datetime.datetime, findings: list[dict[str, Any]]) -> None:
        """The scan ends now, reporting ``findings`` (kept only if its status carries them)."""
        self.polls_left = 0
        self.completed_at = now
        self.findings = findings

    def poll(self) -> bool:
        """One DescribeImageScanFindings call was answered; True when that ends the hold."""
        if self.polls_left <= 0:
            return False
        self.polls_left -= 1
        return self.polls_left == 0


@dataclass
class ImageScans:
    """Both scan types' latest scans of one image, and its basic-scan quota window."""

    basic: Scan | None = None
    enhanced: Scan | None = None
    last_basic_start: datetime.datetime | None = None

    def of(self, scan_type: str) -> Scan | None:
        return self.basic if scan_type == BASIC else self.enhanced

    def quota_exhausted(self, now: datetime.datetime) -> bool:
        """Whether a basic scan started within the last 24 hours (decision 8)."""
        return self.last_basic_start is not None and now - self.last_basic_start < SCAN_WINDOW

    def put(self, scan: Scan) -> None:
        if scan.scan_type == BASIC:
            self.basic = scan
            self.last_basic_start = scan.started_at
        else:
            self.enhanced = scan


def scan_status(
    scan: Scan, *, matched: bool = True, continuous: bool = False, expired: bool = False
) -> tuple[str, str | None]:
    """``(status, description)`` of ``scan`` as read now.

    For an enhanced scan: ``matched`` says whether an enhanced rule still covers the repository,
    ``continuous`` whether it is continuously scanned, ``expired`` whether the image was pushed
    longer ago than the re-scan duration. A held scan has no description.
    """
    if scan.held or not scan.finished:
        return ("IN_PROGRESS" if scan.scan_type == BASIC else "PENDING"), None
    status = scan.end_status
    if status is None:
        if scan.scan_type == BASIC:
            status = "COMPLETE"
        elif not matched:
            return "FINDINGS_UNAVAILABLE", DEFAULT_DESCRIPTIONS["FINDINGS_UNAVAILABLE"]
        elif continuous:
            status = "SCAN_ELIGIBILITY_EXPIRED" if expired else "ACTIVE"
        else:
            status = "COMPLETE"
    return status, scan.description or DEFAULT_DESCRIPTIONS.get(status)


def carries_findings(status: str) -> bool:
    """Only COMPLETE and ACTIVE scans carry findings and a summary (decision 7)."""
    return status in ("COMPLETE", "ACTIVE")
