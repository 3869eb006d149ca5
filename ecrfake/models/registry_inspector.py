"""The part of :class:`~ecrfake.models.registry.RegistryModel` that keeps Inspector and the event
log in step with ECR (a mixin, so the aggregate root stays one class in files of a readable size).

ECR's state is the truth; Inspector's findings follow it:

* an enhanced scan that finishes (first time, continuous re-scan, new seed) re-reads the image's
  findings as ECR serves them and stores them as Inspector findings (same ``findingArn``);
* an image deleted, or whose repository leaves enhanced scanning (a rule no longer matches, the
  registry goes back to BASIC), or whose continuous-scan eligibility expires, has its findings
  closed (``CLOSED``, ``updatedAt`` of that moment); coming back re-opens them;
* Inspector's ``Enable``/``Disable`` of ECR set the registry's scan type (ENHANCED with a
  continuous rule for every repository / BASIC), and ECR's ENHANCED scan type reads as Inspector's
  ECR scanning ``ENABLED``; ``UpdateConfiguration`` sets the registry's re-scan duration.

Every event goes to the fake's log through :meth:`emit` (cheap: nothing is formatted until read).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ecrfake import _clock
from ecrfake._aws import partition_of, repository_arn
from ecrfake.models import events
from ecrfake.models.inspector2 import FindingRecord, to_inspector_finding
from ecrfake.models.inspector2_account import PULL_DATE_DURATIONS, rescan_timedelta
from ecrfake.models.inspector2_coverage import (
    IMAGE,
    REPOSITORY,
    CoverageRecord,
    image_status,
    repository_status,
)
from ecrfake.models.registry_core import RegistryCore
from ecrfake.models.scan_config import BASIC, CONTINUOUS_EVERYWHERE, ENHANCED, MANUAL
from ecrfake.models.served_findings import severity_counts

if TYPE_CHECKING:
    from ecrfake.models.repository import Image, Repository
    from ecrfake.models.scan_state import Scan

__all__ = ["InspectorCoordination"]


class InspectorCoordination(RegistryCore):
    """Inspector and event hooks of the registry (mixed into ``RegistryModel``)."""

    # -- events --------------------------------------------------------------------------------

    def emit(self, builder: events.Builder, *args: Any) -> None:
        """Record one event of this registry at the fake's current time."""
        if self._events is not None:
            self._events.emit(self.account_id, self.region, _clock.now(), builder, *args)

    @property
    def partition(self) -> str:
        return partition_of(self.region)

    def replication_completed(
        self,
        repository: str,
        digest: str,
        tag: str | None,
        source_account: str,
        source_region: str,
        result: str = "SUCCESS",
    ) -> None:
        """An image replicated into this (destination) registry: "ECR Replication Action"."""
        self.emit(
            events.ecr_replication_action,
            self.partition,
            repository,
            digest,
            tag,
            source_account,
            source_region,
            result,
        )

    # -- ECR -> Inspector ----------------------------------------------------------------------

    def _scan_finished(self, repo: Repository, image: Image, scan: Scan, first: bool) -> None:
        if scan.scan_type == BASIC:
            self.emit(
                events.ecr_image_scan,
                self.partition,
                repo.name,
                image.digest,
                tuple(image.tags),
                severity_counts(scan.findings),
                scan.end_status or "COMPLETE",
            )
            return
        self._sync_image(repo, image, initial=first)
        if first:
            status = self.scanning.enhanced_status(repo, image)
            code, reason = image_status(status, self._frequency(repo))
            self.emit(
                events.inspector2_coverage,
                self._image_arn(repo, image),
                code,
                reason,
                _clock.now(),
            )

    def _frequency(self, repo: Repository) -> str:
        eff = self.scanning.config.effective(repo)
        return eff.frequency if eff.enhanced_scanned else MANUAL

    def _image_arn(self, repo: Repository, image: Image) -> str:
        return f"{repository_arn(self.account_id, self.region, repo.name)}/{image.digest}"

    def _sync_image(self, repo: Repository, image: Image, *, initial: bool = False) -> None:
        """Inspector's findings of one image become what ECR serves for it now."""
        now = _clock.now()
        status, served = self.scanning.enhanced_view(repo, image)
        if served is None:
            expiry = self.scanning.expires_at(image)
            if status == "SCAN_ELIGIBILITY_EXPIRED" and expiry is not None:
                now = min(now, expiry)  # closed when the eligibility ended, not when noticed
            self.inspector.image_gone(repo.name, image.digest, now)
            return
        records = [
            FindingRecord(
                to_inspector_finding(
                    f, region=self.region, partition=self.partition, repository_tags=repo.tags
                )
            )
            for f in served
        ]
        self.inspector.image_scanned(
            repo.name, image.digest, image.tags, records, now, initial=initial
        )
        expiry = self.scanning.expires_at(image)
        continuous = expiry is not None and self.scanning.config.effective(repo).continuous
        if continuous and (self._next_expiry is None or expiry < self._next_expiry):  # type: ignore[operator]  # expiry is set when continuous
            self._next_expiry = expiry

    def _sync_all(self) -> None:
        self._next_expiry = None
        self._expiry_duration = (self.scanning.rescan_duration, self.scanning.pull_rescan_duration)
        for repo in list(self.repositories.values()):
            for image in list(repo.images.values()):
                self._sync_image(repo, image)
        for name in self.inspector.findings.repositories():
            if name not in self.repositories:
                self._image_gone_in(name)

    def _image_gone_in(self, repository: str) -> None:
        now = _clock.now()
        for record in self.inspector.findings.of_repository(repository):
            self.inspector.image_gone(repository, record.digest, now)

    def refresh_inspector(self) -> None:
        """Before an Inspector read: close what expired since, or follow a new re-scan duration."""
        now = _clock.now()
        duration_changed = self._expiry_duration != (
            self.scanning.rescan_duration,
            self.scanning.pull_rescan_duration,
        )
        if duration_changed or (self._next_expiry is not None and now > self._next_expiry):
            self._sync_all()

    def _repository_created(self, repo: Repository) -> None:
        """Under ENHANCED, a new repository is a scan resource change (ECR's documented case)."""
        if self.scanning.config.scan_type == ENHANCED:
            frequency = self._frequency(repo)
            if frequency != MANUAL:
                change = ((repo.name, frequency, MANUAL),)
                self.emit(events.ecr_scan_resource_change, self.partition, change)

    def _image_pushed(self, repo: Repository, image: Image, tag: str | None, created: bool) -> None:
        self.emit(events.ecr_image_action, "PUSH", repo.name, image.digest, tag)
        if not created and self.inspector.findings.of_image(repo.name, image.digest):
            self._sync_image(repo, image)  # a tag moved onto it: the findings' imageTags change

    def _images_deleted(
        self, repo: Repository, deleted: Sequence[Mapping[str, str]], gone: Sequence[Image]
    ) -> None:
        for entry in deleted:
            self.emit(
                events.ecr_image_action,
                "DELETE",
                repo.name,
                entry["imageDigest"],
                entry.get("imageTag"),
            )
        now = _clock.now()
        gone_digests = {image.digest for image in gone}
        for image in gone:
            self.inspector.image_gone(repo.name, image.digest, now)
        for digest in {e["imageDigest"] for e in deleted} - gone_digests:
            kept = repo.images.get(digest)
            if kept is not None and self.inspector.findings.of_image(repo.name, digest):
                self._sync_image(repo, kept)  # untagged, still there

    def _config_replaced(self, before: dict[str, str], was_enhanced: bool) -> None:
        """After PutRegistryScanningConfiguration (or Enable/Disable): events and findings.

        BASIC before and after changes nothing Inspector holds: its findings come from enhanced
        scans only, and the switch away from ENHANCED already closed them.
        """
        now_enhanced = self.scanning.config.scan_type == ENHANCED
        if not (was_enhanced or now_enhanced):
            return
        changes = []
        for repo in self.repositories.values():
            previous = before.get(repo.name, MANUAL) if was_enhanced else MANUAL
            current = self._frequency(repo) if now_enhanced else MANUAL
            if previous != current:
                changes.append((repo.name, current, previous))
        if changes:
            self.emit(events.ecr_scan_resource_change, self.partition, tuple(changes))
        self._sync_all()

    def _frequencies(self) -> dict[str, str]:
        if self.scanning.config.scan_type != ENHANCED:
            return {}
        return {repo.name: self._frequency(repo) for repo in self.repositories.values()}

    def put_scanning_configuration(
        self, scan_type: str | None, rules: Sequence[dict[str, Any]] | None
    ) -> Any:
        """PutRegistryScanningConfiguration, with what it changes for Inspector and events."""
        before = self._frequencies()
        was_enhanced = self.scanning.config.scan_type == ENHANCED
        config = self.scanning.replace_config(scan_type, rules)
        self._config_replaced(before, was_enhanced)
        return config

    # -- Inspector's own API -------------------------------------------------------------------

    @property
    def inspector_ecr_enabled(self) -> bool:
        return self.scanning.config.scan_type == ENHANCED

    def _foreign(self, account_ids: Sequence[str] | None) -> list[dict[str, Any]]:
        return [
            {
                "accountId": account,
                "errorCode": "ACCESS_DENIED",
                "errorMessage": f"Account {account} is not a member of {self.account_id}'s "
                "Amazon Inspector organization.",
            }
            for account in dict.fromkeys(account_ids or ())
            if account != self.account_id
        ]

    def inspector_account_status(self, account_ids: Sequence[str] | None) -> dict[str, Any]:
        own = not account_ids or self.account_id in account_ids
        accounts = [self.inspector.account.account_state(self.inspector_ecr_enabled)] if own else []
        return {"accounts": accounts, "failedAccounts": self._foreign(account_ids)}

    def inspector_enable(
        self, resource_types: Sequence[str], account_ids: Sequence[str] | None
    ) -> dict[str, Any]:
        """Enable: ECR switches the registry to ENHANCED (continuous for every repository)."""
        own = not account_ids or self.account_id in account_ids
        if own:
            self.inspector.account.set_others(resource_types, True)
            if "ECR" in resource_types and not self.inspector_ecr_enabled:
                self.put_scanning_configuration(ENHANCED, CONTINUOUS_EVERYWHERE)
        return self._account_reply(own, account_ids)

    def inspector_disable(
        self, resource_types: Sequence[str] | None, account_ids: Sequence[str] | None
    ) -> dict[str, Any]:
        """Disable: ECR switches the registry back to BASIC; no types given disables them all."""
        own = not account_ids or self.account_id in account_ids
        if own:
            types = list(
                resource_types or ("EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY")
            )
            self.inspector.account.set_others(types, False)
            if "ECR" in types and self.inspector_ecr_enabled:
                self.put_scanning_configuration(BASIC, [])
        return self._account_reply(own, account_ids)

    def _account_reply(self, own: bool, account_ids: Sequence[str] | None) -> dict[str, Any]:
        accounts = [self.inspector.account.account(self.inspector_ecr_enabled)] if own else []
        return {"accounts": accounts, "failedAccounts": self._foreign(account_ids)}

    def inspector_configuration(self) -> dict[str, Any]:
        account = self.inspector.account
        return {
            "ecrConfiguration": account.ecr_configuration(
                self.scanning.rescan_duration, _clock.now()
            )
        }

    def inspector_update_configuration(self, ecr: Mapping[str, Any] | None) -> dict[str, Any]:
        """UpdateConfiguration: ``rescanDuration`` becomes the registry's re-scan duration."""
        if ecr:
            account = self.inspector.account
            self.scanning.set_rescan_duration(rescan_timedelta(ecr["rescanDuration"]))
            account.pull_date_rescan_duration = ecr.get("pullDateRescanDuration")
            account.pull_date_rescan_mode = ecr.get("pullDateRescanMode")
            pull_days = PULL_DATE_DURATIONS.get(account.pull_date_rescan_duration or "")
            # LAST_IN_USE_AT counts running containers, which the fake has none of.
            by_pull = account.pull_date_rescan_mode in (None, "LAST_PULL_DATE")
            self.scanning.pull_rescan_duration = (
                datetime.timedelta(days=pull_days) if pull_days and by_pull else None
            )
            account.configuration_updated_at = _clock.now()
            self._sync_all()
        return {}

    def coverage_records(self) -> list[CoverageRecord]:
        """Every covered ECR resource while Inspector's ECR scanning is on (else none)."""
        if not self.inspector_ecr_enabled:
            return []
        out = []
        for repo in self.repositories.values():
            frequency = self._frequency(repo)
            code, reason = repository_status(frequency)
            repo_arn = repository_arn(self.account_id, self.region, repo.name)
            out.append(
                CoverageRecord(
                    REPOSITORY,
                    repo_arn,
                    self.account_id,
                    self.region,
                    repo.name,
                    code,
                    reason,
                    scan_frequency=frequency,
                )
            )
            for image in repo.images.values():
                status = self.scanning.enhanced_status(repo, image)
                code, reason = image_status(status, frequency)
                scans = image.scans
                scan = None if scans is None else scans.enhanced
                out.append(
                    CoverageRecord(
                        IMAGE,
                        f"{repo_arn}/{image.digest}",
                        self.account_id,
                        self.region,
                        repo.name,
                        code,
                        reason,
                        scan_frequency=frequency,
                        image_tags=tuple(image.tags),
                        last_scanned_at=None if scan is None else scan.completed_at,
                        image_pulled_at=image.last_recorded_pull_time,
                    )
                )
        return out
