"""Scan lifecycle: scans on push and on demand, what DescribeImageScanFindings and DescribeImages
report, seeds and plans.

Each image keeps a basic and an enhanced scan apart (:mod:`ecrfake.models.scan_state`); the
registry's scan type decides which one the API shows (decision 11). By default a scan finishes the
moment it starts, so every read after StartImageScan's own ``IN_PROGRESS`` answer sees the result;
``plan_scan`` can hold a scan for a number of DescribeImageScanFindings polls and choose how it
ends. Findings come only from seeds (:mod:`ecrfake.models.findings_store`): a scan reports what was
seeded for the image when the scan finished, and an image under continuous enhanced scanning picks
up a new seed at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ecrfake import _clock
from ecrfake.exceptions import (
    EcrFakeError,
    ImageArchivedException,
    ManualScanUnderEnhanced,
    ScanNotFoundException,
    ScanQuotaExceeded,
    UnsupportedImageTypeException,
)
from ecrfake.models._paging import decode_token, encode_token, page_size
from ecrfake.models.findings_store import FindingsStore
from ecrfake.models.repository import Repositories
from ecrfake.models.scan_config import CONTINUOUS_EVERYWHERE, ScanConfig
from ecrfake.models.scan_report import (
    FindingsReport,
    repository_configurations,
    unscannable_media_type,
    unsupported_text,
)
from ecrfake.models.scan_seeding import ScanSeeding
from ecrfake.models.scan_state import (
    BASIC,
    DEFAULT_DESCRIPTIONS,
    ENHANCED,
    ImageScans,
    Scan,
    carries_findings,
    scan_status,
)
from ecrfake.models.served_findings import ImageContext, serve_enhanced, severity_counts

if TYPE_CHECKING:
    from ecrfake.models.repository import Image, Repository

__all__ = ["ScanningModel"]

_OPERATION = "DescribeImageScanFindings"
#: The most enhanced findings one DescribeImageScanFindings page holds (boto/boto3#3449).
ENHANCED_PAGE_LIMIT = 100
#: The values of ``Registry.describe_images_scan_fields``.
SCAN_FIELD_MODES = ("always", "current")


class ScanningModel(ScanSeeding):
    """One registry's scan configuration, per-image scan state, seeds and plans.

    It reads the registry's repositories (the store it is given) and never reaches back to the
    registry itself. Seeds and plans (the test API) are :class:`ScanSeeding`'s part.
    """

    def __init__(
        self,
        account_id: str,
        region: str,
        repositories: Repositories,
        on_finished: Callable[[Repository, Image, Scan, bool], None] | None = None,
    ) -> None:
        self.account_id = account_id
        self.region = region
        self.repositories = repositories
        self.config = ScanConfig()
        #: ``None`` is Inspector's LIFETIME: continuously scanned images never expire.
        self.rescan_duration: datetime.timedelta | None = datetime.timedelta(days=30)
        #: Inspector's pull-date re-scan duration (LAST_PULL_DATE mode); None: push date only.
        self.pull_rescan_duration: datetime.timedelta | None = None
        self.store = FindingsStore()
        #: Told of every scan that finishes: ``(repo, image, scan, first_finish)``.
        self.on_finished = on_finished
        #: How DescribeImages shows scans (``Registry.describe_images_scan_fields``).
        self.scan_fields = "always"
        #: The account's basic scanner (``BASIC_SCAN_TYPE_VERSION``): ``AWS_NATIVE`` or ``CLAIR``.
        self.basic_scanner: Callable[[], str] = lambda: "AWS_NATIVE"

    # -- reading one image's scan -----------------------------------------------------------------

    def _visible(self, image: Image) -> Scan | None:
        scans: ImageScans | None = image.scans
        return None if scans is None else scans.of(self.config.scan_type)

    def _expired(self, image: Image, now: datetime.datetime) -> bool:
        expiry = self.expires_at(image)
        return expiry is not None and now > expiry

    def expires_at(self, image: Image) -> datetime.datetime | None:
        """When a continuously scanned image's eligibility ends (None: never).

        Inspector keeps an image eligible while it was pushed within the re-scan duration or, when
        a pull-date duration is set, pulled within that one (EcrRescanDurationState).
        """
        if self.rescan_duration is None:
            return None
        expiry = image.pushed_at + self.rescan_duration
        pulled = image.last_recorded_pull_time
        if self.pull_rescan_duration is not None and pulled is not None:
            expiry = max(expiry, pulled + self.pull_rescan_duration)
        return expiry

    def enhanced_status(self, repo: Repository, image: Image) -> str | None:
        """The image's enhanced ``imageScanStatus`` now (None: none, or not under ENHANCED)."""
        if self.config.scan_type != ENHANCED:
            return None
        scans: ImageScans | None = image.scans
        scan = None if scans is None else scans.enhanced
        if scan is None:
            return None
        return self._status(repo, image, scan)[0]

    def enhanced_view(
        self, repo: Repository, image: Image
    ) -> tuple[str | None, list[dict[str, Any]] | None]:
        """What Inspector sees of one image: its enhanced scan status (None: no enhanced scan, or
        the registry is not under ENHANCED) and, when that status carries findings, the findings
        as ECR serves them."""
        status = self.enhanced_status(repo, image)
        if status is None or not carries_findings(status):
            return status, None
        scan = image.scans.enhanced if image.scans is not None else None
        assert scan is not None
        ctx = self._context(repo, image, scan)
        return status, [serve_enhanced(f, ctx, inspector=True) for f in scan.findings]

    def _status(self, repo: Repository, image: Image, scan: Scan) -> tuple[str, str | None]:
        if image.archived:  # "Archived images cannot be scanned" (User Guide, image scanning)
            return "IMAGE_ARCHIVED", DEFAULT_DESCRIPTIONS["IMAGE_ARCHIVED"]
        if scan.scan_type == BASIC:
            return scan_status(scan)
        eff = self.config.effective(repo)
        return scan_status(
            scan,
            matched=eff.enhanced_scanned,
            continuous=eff.continuous,
            expired=self._expired(image, _clock.now()),
        )

    def _summary(self, scan: Scan) -> dict[str, Any]:
        return {
            "imageScanCompletedAt": scan.completed_at,
            "vulnerabilitySourceUpdatedAt": scan.completed_at,
            "findingSeverityCounts": severity_counts(scan.findings),
        }

    def describe_image_fields(self, repo: Repository, image: Image) -> dict[str, Any]:
        """The scan members of DescribeImages' ImageDetail for ``image``.

        ``{}`` for an image without a scan of the registry's scan type, else ``imageScanStatus``
        and, for a COMPLETE or ACTIVE scan, ``imageScanFindingsSummary`` (decision 10). With
        ``scan_fields == "current"`` they follow today's ECR instead: enhanced scans never fill
        them, and basic scans only under the Clair scanner (``BASIC_SCAN_TYPE_VERSION=CLAIR``), not
        the AWS-native one (containers-roadmap#1662, aws-exporters/ecr#12). Reading here never
        counts as a poll of a held scan.
        """
        scan = self._visible(image)
        if scan is None or (self.scan_fields == "current" and not self._fills_scan_fields(scan)):
            return {}
        status, description = self._status(repo, image, scan)
        out: dict[str, Any] = {"imageScanStatus": {"status": status}}
        if description is not None:
            out["imageScanStatus"]["description"] = description
        if carries_findings(status):
            out["imageScanFindingsSummary"] = self._summary(scan)
        return out

    def _fills_scan_fields(self, scan: Scan) -> bool:
        return scan.scan_type == BASIC and self.basic_scanner() == "CLAIR"

    def set_scan_fields(self, mode: str) -> None:
        if mode not in SCAN_FIELD_MODES:
            raise EcrFakeError(
                f"describe_images_scan_fields must be one of {', '.join(map(repr, SCAN_FIELD_MODES))}"
                f" ('always': the 2021 API, decision 10; 'current': today's ECR), not {mode!r}"
            )
        self.scan_fields = mode

    def describe_findings(
        self,
        repository_name: str,
        image_id: dict[str, Any],
        *,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> FindingsReport:
        """DescribeImageScanFindings: the visible scan's status and one page of its findings.

        Answering counts as one poll of a held scan. ``ScanNotFoundException`` for an image without
        a scan of the registry's scan type (decision 9).
        """
        repo = self.repositories.require(repository_name)
        image = repo.get_image(image_id)
        scan = self._visible(image)
        if scan is None:
            raise ScanNotFoundException(
                image_id=image_id, name=repo.name, registry_id=repo.registry_id
            )
        status, description = self._status(repo, image, scan)
        scope = f"{repo.name}@{image.digest}/{scan.scan_type}"
        start = decode_token(next_token, _OPERATION, scope)
        findings: dict[str, Any] | None = None
        token: str | None = None
        if carries_findings(status):
            limit = page_size(max_results)
            if scan.scan_type == ENHANCED:
                # Inspector serves at most 100 findings a page, whatever maxResults asks
                # (boto/boto3#3449, aws/aws-sdk#370).
                limit = min(limit, ENHANCED_PAGE_LIMIT)
            end = start + limit
            page = scan.findings[start:end]
            findings = self._summary(scan)
            if scan.scan_type == ENHANCED:
                # Real ECR sends an empty basic list alongside Inspector's (aws/aws-cli#6759).
                ctx = self._context(repo, image, scan)
                findings["findings"] = []
                findings["enhancedFindings"] = [serve_enhanced(f, ctx) for f in page]
            else:
                findings["findings"] = page
            if end < len(scan.findings):
                token = encode_token(_OPERATION, scope, end)
        if scan.poll():
            self._finish(repo, image, scan, _clock.now())
        return FindingsReport(repo, image, status, description, findings, token)

    def _context(self, repo: Repository, image: Image, scan: Scan) -> ImageContext:
        last = scan.completed_at or scan.started_at
        return ImageContext(
            account_id=self.account_id,
            region=self.region,
            repository_name=repo.name,
            digest=image.digest,
            tags=tuple(image.tags),
            pushed_at=image.pushed_at,
            first_observed_at=scan.started_at,
            last_observed_at=last,
        )

    # -- starting and finishing scans ---------------------------------------------------------------

    def _finish(self, repo: Repository, image: Image, scan: Scan, now: datetime.datetime) -> None:
        enhanced = scan.scan_type == ENHANCED
        first = not scan.finished
        scan.finish(now, self.store.findings(repo.name, image.digest, enhanced=enhanced))
        if self.on_finished is not None:
            self.on_finished(repo, image, scan, first)

    def _start(
        self, repo: Repository, image: Image, scan_type: str, now: datetime.datetime
    ) -> Scan:
        if image.scans is None:
            image.scans = ImageScans()
        if image.is_scannable:
            scan = Scan.start(
                scan_type, now, self.store.take_plan(repo.name, image.digest, scan_type)
            )
            image.scans.put(scan)  # before it finishes: what a finish sets off reads it
            if not scan.held:
                self._finish(repo, image, scan, now)
        else:
            scan = Scan(
                scan_type, now, end_status="UNSUPPORTED_IMAGE", description=unsupported_text(image)
            )
            scan.finish(now, [])
            image.scans.put(scan)
            if self.on_finished is not None:
                self.on_finished(repo, image, scan, True)
        return scan

    def start_scan(
        self, repository_name: str, image_id: dict[str, Any]
    ) -> tuple[Repository, Image]:
        """StartImageScan: a basic scan of one image, at most one per image per rolling 24 hours.

        Refused under ENHANCED scanning (decision 1), for an index or non-image artifact, and while
        the image's previous basic scan (on push or manual, finished or not) is under 24 hours old
        (decision 8).
        """
        repo = self.repositories.require(repository_name)
        image = repo.get_image(image_id)
        if image.archived:
            raise ImageArchivedException()
        if self.config.scan_type == ENHANCED:
            raise ManualScanUnderEnhanced(registry_id=repo.registry_id)
        if not image.is_scannable:
            raise UnsupportedImageTypeException(media_type=unscannable_media_type(image))
        now = _clock.now()
        if image.scans is not None and image.scans.quota_exhausted(now):
            raise ScanQuotaExceeded()
        self._start(repo, image, BASIC, now)
        return repo, image

    # -- configuration ------------------------------------------------------------------------------

    def replace_config(
        self, scan_type: str | None, rules: Sequence[dict[str, Any]] | None
    ) -> ScanConfig:
        """PutRegistryScanningConfiguration: store a new configuration and apply it.

        ``scan_type`` omitted keeps the registry's current scan type (BASIC if never set). ``rules``
        omitted is not an empty list: under ENHANCED it stores continuous scanning of every
        repository (``CONTINUOUS_EVERYWHERE``), under BASIC no rules; an explicit ``[]`` stores no
        rules (decision 3). The new configuration is validated before anything changes.
        """
        old = self.config
        kind = scan_type or old.scan_type
        if rules is None and kind == ENHANCED:
            rules = CONTINUOUS_EVERYWHERE
        new = ScanConfig(kind, list(rules or ()))
        self.config = new
        self.on_config_changed(old, new)
        return new

    def repository_configurations(
        self, names: Sequence[str]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """BatchGetRepositoryScanningConfiguration (see :func:`scan_report.repository_configurations`)."""
        return repository_configurations(self.config, self.repositories, self.account_id, names)

    # -- hooks from the rest of the model -----------------------------------------------------------

    def on_config_changed(self, old: ScanConfig, new: ScanConfig) -> None:
        """PutRegistryScanningConfiguration replaced ``old`` by ``new`` (already in ``self.config``).

        Under ENHANCED, every image of a repository a rule matches comes under enhanced scanning at
        once; an image already scanned whose repository just became continuously scanned is
        re-scanned with its current seed (decisions 7 and 11).
        """
        if new.scan_type != ENHANCED:
            return
        now = _clock.now()
        for repo in list(self.repositories.values()):
            eff = new.effective(repo)
            if not eff.enhanced_scanned:
                continue
            was_continuous = old.scan_type == ENHANCED and old.effective(repo).continuous
            for image in list(repo.images.values()):
                scans: ImageScans | None = image.scans
                scan = None if scans is None else scans.enhanced
                if scan is None:
                    self._start(repo, image, ENHANCED, now)
                elif eff.continuous and not was_continuous:
                    self._rescan_continuous(repo, image, scan, now)

    def _rescan_continuous(
        self, repo: Repository, image: Image, scan: Scan, now: datetime.datetime
    ) -> None:
        if scan.finished and scan.end_status is None and not self._expired(image, now):
            self._finish(repo, image, scan, now)

    def on_repository_created(self, repo: Repository) -> None:
        """Nothing to do: a new repository has no images; its pushes are scanned by the rules."""
        return None

    def on_repository_deleted(self, repo: Repository) -> None:
        """Scan state goes with the images; seeds and plans stay keyed by name and digest."""
        return None

    def on_image_pushed(
        self, repo: Repository, image: Image, *, created: bool, tag: str | None
    ) -> None:
        """A push (PutImage, or a pull-through cache fill): bind waiting seeds, scan on push."""
        if tag is not None:
            self.store.bind_tag(repo.name, tag, image.digest)
        self.store.note_image(repo.name, image.digest)
        if not created:
            return
        eff = self.config.effective(repo)
        # A scan on push starts the moment the image lands.
        if eff.scan_type == BASIC and eff.scan_on_push:
            self._start(repo, image, BASIC, image.pushed_at)
        elif eff.enhanced_scanned:
            self._start(repo, image, ENHANCED, image.pushed_at)

    def on_image_deleted(self, repo: Repository, image: Image) -> None:
        """Scan state lived on the image and is gone with it."""
        return None

    def set_rescan_duration(self, value: datetime.timedelta | None) -> None:
        if value is not None and (
            not isinstance(value, datetime.timedelta) or value <= datetime.timedelta(0)
        ):
            raise EcrFakeError(
                "rescan_duration must be a positive datetime.timedelta, or None for Inspector's "
                f"LIFETIME, not {value!r}"
            )
        self.rescan_duration = value
