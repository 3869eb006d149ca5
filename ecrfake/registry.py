"""The public test controls of one registry: what ``fake.registry(account_id, region)`` returns.

:class:`Registry` is the surface a test uses to shape and inspect the fake (seeds, scan plans,
replication plans, pulls, the re-scan duration); the handler-facing model behind it is
:class:`ecrfake.models.registry.RegistryModel` (``Registry.model``). Every control checks its
arguments first and raises :class:`~ecrfake.EcrFakeError` naming the bad value and the rule, then
makes one model call under the state lock (taken in one place: :meth:`Registry._locked`).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ecrfake._controls import (
    check_repository_name,
    check_signing_outcome,
    image_id_arg,
    signing_key,
)
from ecrfake.exceptions import EcrFakeError

if TYPE_CHECKING:  # annotations only: importing ecrfake must not load the models
    from ecrfake.findings import ImageIdentifier
    from ecrfake.models.pull_through import PullRecord
    from ecrfake.models.registry import RegistryModel
    from ecrfake.models.repository import Repositories, Repository

__all__ = ["Registry", "unused_seeds_warning"]

_LISTED = 20  # repositories named per registry in the unused-seeds warning


class Registry:
    """The model of one private registry (one account in one region), as a test sees it."""

    __slots__ = ("_lock", "model")

    def __init__(self, model: RegistryModel, lock: threading.RLock) -> None:
        self.model = model
        self._lock = lock

    def __repr__(self) -> str:
        return (
            f"<Registry {self.account_id} {self.region}: "
            f"{len(self.model.repositories)} repositories>"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Registry) and other.model is self.model

    def __hash__(self) -> int:
        return id(self.model)

    def _locked(self) -> AbstractContextManager[Any]:
        """The state lock: every control runs under it, as every request does."""
        return self._lock

    # -- reading -------------------------------------------------------------------------------

    @property
    def account_id(self) -> str:
        return self.model.account_id

    @property
    def region(self) -> str:
        return self.model.region

    @property
    def repositories(self) -> Repositories:
        """The repositories by name, in creation order (read them; change them through the API)."""
        return self.model.repositories

    def get_repository(self, name: str) -> Repository:
        """The repository ``name`` (``RepositoryNotFoundException`` if there is none)."""
        with self._locked():
            return self.model.get_repository(name)

    @property
    def pulls(self) -> list[PullRecord]:
        """Every :meth:`simulate_pull` of this registry, oldest first."""
        with self._locked():
            return list(self.model.pull_through.pulls)

    # -- scanning controls ---------------------------------------------------------------------

    @property
    def rescan_duration(self) -> datetime.timedelta | None:
        """How long after its push a continuously scanned image stays eligible (default 30 days).

        Past it the image reads ``SCAN_ELIGIBILITY_EXPIRED``. ``None`` is Inspector's ``LIFETIME``
        (never expires). Inspector2's GetConfiguration reports it as ``ecrConfiguration``'s
        ``rescanDuration``, and UpdateConfiguration sets it.
        """
        return self.model.scanning.rescan_duration

    @rescan_duration.setter
    def rescan_duration(self, value: datetime.timedelta | None) -> None:
        with self._locked():
            self.model.scanning.set_rescan_duration(value)

    @property
    def describe_images_scan_fields(self) -> str:
        """Which images DescribeImages gives ``imageScanStatus``/``imageScanFindingsSummary``.

        ``"always"`` (the default, decision 10: the 2021 API): every scanned image, basic and
        enhanced alike. ``"current"``: what ECR does today: never for enhanced scans, and for basic
        scans only while the account's ``BASIC_SCAN_TYPE_VERSION`` is ``CLAIR`` (the AWS-native
        scanner leaves them out; read DescribeImageScanFindings instead).
        """
        return self.model.scanning.scan_fields

    @describe_images_scan_fields.setter
    def describe_images_scan_fields(self, mode: str) -> None:
        with self._locked():
            self.model.scanning.set_scan_fields(mode)

    def seed_enhanced_findings(
        self,
        repository_name: str,
        image_id: ImageIdentifier,
        findings: Sequence[Mapping[str, Any]],
    ) -> None:
        """Findings an enhanced (Inspector) scan of that image reports.

        ``image_id`` is ``{"imageTag": ...}`` or ``{"imageDigest": ...}``. Seeding may come before or
        after the push; the seed applies when the image is scanned (at once for an image already
        under continuous scanning). Image-dependent fields left out of each finding are filled in from
        the image when served.
        """
        check_repository_name(repository_name, "seed_enhanced_findings")
        with self._locked():
            self.model.scanning.seed(
                repository_name, image_id_arg(image_id), list(findings), enhanced=True
            )

    def seed_basic_findings(
        self,
        repository_name: str,
        image_id: ImageIdentifier,
        findings: Sequence[Mapping[str, Any]],
    ) -> None:
        """Findings a basic scan of that image reports (applied at its next scan)."""
        check_repository_name(repository_name, "seed_basic_findings")
        with self._locked():
            self.model.scanning.seed(
                repository_name, image_id_arg(image_id), list(findings), enhanced=False
            )

    def plan_scan(
        self,
        repository_name: str,
        image_id: ImageIdentifier,
        *,
        status: str | None = None,
        description: str | None = None,
        polls: int = 0,
    ) -> None:
        """Decide how the next scan of that image goes.

        The scan reads ``IN_PROGRESS`` (``PENDING`` for an enhanced scan) until ``polls`` more
        DescribeImageScanFindings calls have been answered, then ends with ``status`` (``None``: the
        natural end, ``COMPLETE`` or ``ACTIVE``) and ``description``. Used up by one scan.
        """
        check_repository_name(repository_name, "plan_scan")
        with self._locked():
            self.model.scanning.plan(
                repository_name,
                image_id_arg(image_id),
                status=status,
                description=description,
                polls=polls,
            )

    def unused_seeds(self) -> list[str]:
        """Seeds, scan plans, replication plans and signing plans of this registry that nothing
        has used yet.

        A seed is used once a finished scan has reported it; a scan plan once a scan has followed
        it; a replication plan once a push has been replicated under it; a signing plan once a push
        started a signing job under it. One line each, naming the registry, the repository and the
        image id, and saying whether an image it names was ever pushed. ``[]`` when every seed and
        plan has applied.
        """
        with self._locked():
            return [line for line, _ in self._unused()]

    def _unused(self) -> list[tuple[str, bool]]:
        """Every unused seed and plan: its line, and whether an image it names was pushed."""
        return (
            [
                (u.describe(self.account_id, self.region), u.pushed)
                for u in self.model.scanning.store.unused()
            ]
            + self.model.unused_replication_plans()
            + self.model.unused_signing_plans()
        )

    # -- lifecycle policies --------------------------------------------------------------------

    def apply_lifecycle_policies(self) -> list[dict[str, Any]]:
        """Run ECR's lifecycle pass now: every repository's lifecycle policy acts on its images.

        Real ECR applies a lifecycle policy on its own within 24 hours; in the fake the pass happens
        when a test calls this. Policies are evaluated against the fake's clock exactly as a
        preview started now would evaluate them. An expired image is gone as after
        ``BatchDeleteImage`` (its tags, scans and findings with it); a transitioned image moves to
        the archive storage class (``imageStatus`` ``ARCHIVED``). Each evaluated policy's
        ``lastEvaluatedAt`` becomes the clock's time.

        Returns one dict per image acted on, ``{"repositoryName", "imageDigest", "imageTags",
        "action": "EXPIRE" | "TRANSITION", "appliedRulePriority"}``, ordered by repository name, then
        by push time (oldest first).
        """
        with self._locked():
            return self.model.apply_lifecycle_policies()

    # -- pull-through cache --------------------------------------------------------------------

    def simulate_pull(
        self,
        repository_name: str,
        tag: str = "latest",
        manifest: str | None = None,
        *,
        principal_arn: str | None = None,
    ) -> dict[str, str]:
        """Do what ``docker pull <registry>/<repository_name>:<tag>`` does to ECR.

        Under a pull-through cache rule a missing repository is created (from the matching
        ``PULL_THROUGH_CACHE`` creation template, else with ECR's defaults) and the image cached
        (with ``manifest`` or a deterministic synthetic one); scanning and replication apply as on a
        push; the pull time is recorded. ``principal_arn`` names who pulls (default: the account's
        root); a principal registered as a pull-time update exclusion (or a session of such a
        role) leaves ``lastRecordedPullTime`` unchanged. Returns ``{"imageDigest": ...,
        "imageTag": ...}``.
        """
        check_repository_name(repository_name, "simulate_pull")
        if not isinstance(tag, str) or not tag:
            raise EcrFakeError(f"simulate_pull: tag must be a non-empty string, not {tag!r}")
        if manifest is not None and not isinstance(manifest, str):
            raise EcrFakeError("simulate_pull: manifest must be a JSON string or None")
        if principal_arn is not None and (
            not isinstance(principal_arn, str) or not principal_arn.startswith("arn:")
        ):
            raise EcrFakeError(
                f"simulate_pull: principal_arn must be an IAM principal ARN such as "
                f"'arn:aws:iam::{self.account_id}:role/ci' or None (the account root), not "
                f"{principal_arn!r}"
            )
        with self._locked():
            return self.model.simulate_pull(repository_name, tag, manifest, principal_arn)

    # -- replication ---------------------------------------------------------------------------

    def plan_replication(
        self,
        repository_name: str,
        image_id: ImageIdentifier | None = None,
        *,
        destination: Mapping[str, str] | None = None,
        status: str | None = None,
        failure_code: str | None = None,
        polls: int = 0,
    ) -> None:
        """Decide how the next replication of a push into ``repository_name`` goes.

        ``image_id`` (``{"imageTag": ...}`` or ``{"imageDigest": ...}``; ``None``: any image) picks
        the push; ``destination`` (``{"region": ..., "registryId": ...}``; ``None``: every
        destination of the push) the copies it governs. Those read ``IN_PROGRESS`` in
        DescribeImageReplicationStatus, without the image in the destination, until ``polls`` more
        answers of it, then end: ``status=None`` (or ``"COMPLETE"``) delivers the image,
        ``"FAILED"`` does not and reads ``failureCode`` ``failure_code`` (default
        ``REPLICATION_FAILED``). Used up by one push.
        """
        check_repository_name(repository_name, "plan_replication")
        target = dict(destination) if isinstance(destination, Mapping) else destination
        with self._locked():
            self.model.plan_replication(
                repository_name,
                None if image_id is None else image_id_arg(image_id),
                destination=target,
                status=status,
                failure_code=failure_code,
                polls=polls,
            )

    # -- the data path -------------------------------------------------------------------------

    @property
    def strict_layers(self) -> bool:
        """Whether PutImage and a ``/v2/`` manifest PUT refuse a manifest whose layers (and
        config) were never uploaded to the repository, as ECR does (``LayersNotFoundException``,
        ``MANIFEST_BLOB_UNKNOWN``). Default ``False``: synthetic manifests push as they are."""
        return self.model.strict_layers

    @strict_layers.setter
    def strict_layers(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise EcrFakeError(f"strict_layers must be True or False, not {value!r}")
        with self._locked():
            self.model.strict_layers = value

    def plan_signing(
        self,
        repository_name: str,
        image_id: ImageIdentifier,
        *,
        status: str = "COMPLETE",
        failure_code: str | None = None,
        failure_reason: str | None = None,
        polls: int = 0,
        signing_profile_arn: str | None = None,
    ) -> None:
        """Decide how the next managed-signing job of that image goes (like :meth:`plan_scan`).

        The job reads ``IN_PROGRESS`` in DescribeImageSigningStatus until ``polls`` more calls
        have been answered, then ends with ``status`` (``COMPLETE`` or ``FAILED``; a ``FAILED`` job
        carries ``failure_code`` and ``failure_reason``). ``signing_profile_arn`` limits the plan
        to that profile's job (default: every profile whose rule matches). Used up by the image's
        next push; without a plan a job completes at once.
        """
        check_repository_name(repository_name, "plan_signing")
        key = signing_key(image_id)
        check_signing_outcome(status, polls, failure_code, failure_reason, signing_profile_arn)
        from ecrfake.models.signing import SigningPlan  # models load when a control is used

        plan = SigningPlan(
            status=status,
            failure_code=failure_code,
            failure_reason=failure_reason,
            polls=polls,
            profile_arn=signing_profile_arn,
        )
        with self._locked():
            self.model.signing.plan(repository_name, key, plan)

    # -- for the unused-seeds warning ----------------------------------------------------------

    def _never_pushed(self) -> list[str]:
        """The lines of :meth:`unused_seeds` whose image was never pushed."""
        with self._locked():
            return [line for line, pushed in self._unused() if not pushed]

    def _repositories_text(self) -> str:
        names = list(self.model.repositories.keys())
        if not names:
            return f"registry {self.account_id}/{self.region} has no repositories"
        shown = ", ".join(f"'{n}'" for n in names[:_LISTED])
        more = f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
        return f"registry {self.account_id}/{self.region} has repositories {shown}{more}"


def unused_seeds_warning(registries: Iterable[Registry]) -> str | None:
    """The text of the warning a stopping fake gives for seeds whose image was never pushed.

    ``None`` when there are none. Names each such seed (and plan), then the repositories of its
    registry and of every other registry that has some, since a typo'd repository name and a seed
    made in another region than the client's are the usual causes.
    """
    registries = list(registries)
    lines: list[str] = []
    affected: list[Registry] = []
    for registry in registries:
        found = registry._never_pushed()
        if found:
            lines.extend(f"  - {line}" for line in found)
            affected.append(registry)
    if not lines:
        return None
    where = [registry._repositories_text() for registry in affected]
    where += [
        registry._repositories_text()
        for registry in registries
        if registry not in affected and len(registry.repositories)
    ]
    return (
        f"ecrfake: {len(lines)} seed(s) or scan plan(s) never applied, because no image they "
        "name was pushed (a misspelt repository or tag, or a seed made in another registry than "
        "the one the client used?):\n"
        + "\n".join(lines)
        + "\n"
        + "\n".join(f"  {text}" for text in where)
    )
