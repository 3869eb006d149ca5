"""The part of :class:`~ecrfake.models.registry.RegistryModel` that coordinates across registries.

Replication, backfills, repository creation templates and pull-time exclusions, kept in their own
module so the registry stays readable. :class:`ReplicationCoordination` is a base class of
``RegistryModel`` (not a separate object): the registry itself is the source of a replication and,
in another registry, the :class:`~ecrfake.models.replication.ReplicaTarget` that receives it. The
other registries are reached only through the lookup callable the state gives the registry
(``(account, region) -> RegistryModel``); no model keeps a pointer to another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from ecrfake import _clock
from ecrfake.exceptions import EcrError, ImageNotFoundException
from ecrfake.models.backfill import Backfill, BackfillResult, BackfillStore
from ecrfake.models.policy_document import PolicyDocument
from ecrfake.models.pull_time import ExclusionStore
from ecrfake.models.registry_core import RegistryCore
from ecrfake.models.replication import (
    Destination,
    Replica,
    ReplicationModel,
    ReplicationPlan,
    ReplicationRecord,
    check_plan,
)
from ecrfake.models.repository import Image, Repository, image_id_key
from ecrfake.models.templates import TemplateStore

__all__ = ["RegistryLookup", "ReplicationCoordination"]

RegistryLookup = Callable[[str, str], "ReplicationCoordination"]
_WORD = re.compile(r"(?<!^)(?=[A-Z])")


def failure_code(error: EcrError) -> str:
    """``ImageTagAlreadyExistsException`` -> ``IMAGE_TAG_ALREADY_EXISTS``."""
    return _WORD.sub("_", error.code.removesuffix("Exception")).upper()


class ReplicationCoordination(RegistryCore):
    """Replication source and target, templates and exclusions of one registry."""

    registry_policy: PolicyDocument | None
    replication: ReplicationModel
    backfills: BackfillStore
    templates: TemplateStore
    pull_time_exclusions: ExclusionStore
    _lookup: RegistryLookup

    def _init_replication(self, lookup: RegistryLookup | None) -> None:
        self.replication = ReplicationModel(self.account_id, self.region)
        self.backfills = BackfillStore(self.account_id, self.region)
        self.templates = TemplateStore(self.account_id, self.region)
        self.pull_time_exclusions = ExclusionStore(self.account_id, self.region)
        self._lookup = lookup if lookup is not None else _standalone(self)

    # -- creation templates ----------------------------------------------------------------------

    def create_repository_for(
        self, name: str, applied_for: str, *, created_by_pull_through: str | None = None
    ) -> Repository:
        """A repository ECR creates on the caller's behalf: the matching template, else defaults."""
        template = self.templates.match(name, applied_for)
        if template is None:
            return self.create_repository(name, created_by_pull_through=created_by_pull_through)
        settings = template.settings()
        repo = self.create_repository(
            name,
            tags=settings.tags,
            image_tag_mutability=settings.image_tag_mutability,
            mutability_exclusions=settings.mutability_exclusions,
            encryption=settings.encryption,
            created_by_pull_through=created_by_pull_through,
        )
        repo.repository_policy_text = settings.repository_policy
        repo.lifecycle_policy_text = settings.lifecycle_policy
        return repo

    def repository_for_push(self, name: str) -> Repository:
        """The repository a push goes to; a missing one is created when a ``CREATE_ON_PUSH``
        template matches its name (else ``RepositoryNotFoundException``)."""
        repo = self.repositories.get(name)
        if repo is not None:
            return repo
        if self.templates.match(name, "CREATE_ON_PUSH") is None:
            return self.repositories.require(name)
        return self.create_repository_for(name, "CREATE_ON_PUSH")

    # -- replication as the source ---------------------------------------------------------------

    def put_replication_configuration(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"replicationConfiguration": self.replication.put_configuration(raw).to_api()}

    def _replica(self, repo: Repository, image: Image, tags: Sequence[str]) -> Replica:
        """What leaves for a destination; an index takes the images it references along."""
        children = tuple(
            self._replica(repo, child, ())
            for child in (repo.images.get(digest) for digest in image.children)
            if child is not None
        )
        return Replica(
            source_account=self.account_id,
            source_region=self.region,
            repository_name=repo.name,
            digest=image.digest,
            manifest=image.manifest,
            media_type=image.media_type,
            tags=tuple(tags),
            children=children,
            layers=self.replica_layers(repo.name, image),
        )

    def _replicate_push(self, repo: Repository, image: Image) -> None:
        if self.replication.config.rules:
            self.replication.on_push(self._replica(repo, image, image.tags), self._lookup)

    def _replicate_deletion(self, repo: Repository, image: Image) -> None:
        self.replication.on_image_deleted(repo.name, image.digest, self._lookup)

    def _replicate_untag(self, repo: Repository, image: Image, tag: str) -> None:
        self.replication.on_tag_removed(repo.name, image.digest, tag, self._lookup)

    def describe_image_replication_status(
        self, repository_name: str, image_id: dict[str, Any]
    ) -> dict[str, Any]:
        """DescribeImageReplicationStatus (an answered call moves a held replication on)."""
        repo = self.repositories.require(repository_name)
        image = repo.find_image(image_id)
        if image is None:
            raise ImageNotFoundException(
                image_id=image_id, name=repository_name, registry_id=self.account_id
            )
        echoed = {"imageDigest": image.digest}
        if image_id.get("imageTag") is not None:
            echoed["imageTag"] = image_id["imageTag"]
        return {
            "repositoryName": repository_name,
            "imageId": echoed,
            "replicationStatuses": self.replication.statuses(
                repository_name, image.digest, self._lookup
            ),
        }

    def plan_replication(
        self,
        repository_name: str,
        image_id: dict[str, str] | None,
        *,
        destination: Any,
        status: str | None,
        failure_code: str | None,
        polls: int,
    ) -> None:
        """The model side of ``Registry.plan_replication`` (arguments checked here)."""
        target = check_plan(status, failure_code, polls, destination)
        key = None if image_id is None else image_id_key(image_id)
        self.replication.add_plan(
            ReplicationPlan(repository_name, key, target, status, failure_code, polls)
        )

    def unused_replication_plans(self) -> list[tuple[str, bool]]:
        """Each plan no push has used: its ``unused_seeds`` line, and whether its image exists."""
        out = []
        for plan in self.replication.plans:
            repo = self.repositories.get(plan.repository_name)
            if repo is None:
                pushed = False
            elif plan.image_key is None:
                pushed = len(repo.images) > 0
            else:
                kind, value = plan.image_key
                pushed = repo.find_image({kind: value}) is not None
            out.append((plan.describe(self.account_id, self.region, pushed), pushed))
        return out

    # -- backfill --------------------------------------------------------------------------------

    def start_replication_backfill(self, destination: dict[str, str]) -> Backfill:
        return self.backfills.start(
            Destination.from_api(destination), self.replication.config, _clock.now()
        )

    def _run_backfill(self, destination: Destination) -> list[BackfillResult]:
        """Replicate every image and tag of the repositories a rule sends to ``destination``."""
        results = []
        for repo in list(self.repositories.values()):
            targets = [d for d, _ in self.replication.config.destinations_for(repo.name)]
            if destination not in targets:
                continue
            for image in list(repo.images.values()):
                tags: list[str | None] = list(image.tags) or [None]
                for tag in tags:
                    replica = self._replica(repo, image, () if tag is None else (tag,))
                    record = self.replication.replicate(replica, destination, self._lookup)
                    results.append(_result(repo.name, image, tag, record))
        return results

    def _backfills_now(self) -> BackfillStore:
        """The backfill store after every backfill still preparing has done its work."""
        self.backfills.advance(self._run_backfill, _clock.now())
        return self.backfills

    def stop_replication_backfill(self, backfill_id: str) -> Backfill:
        return self.backfills.stop(backfill_id, _clock.now())

    def list_replication_backfills(
        self, max_results: int | None, next_token: str | None
    ) -> dict[str, Any]:
        """ListReplicationBackfills (a backfill still preparing does its work first)."""
        page, token = self._backfills_now().list_page(max_results, next_token, _clock.now())
        out: dict[str, Any] = {
            "registryId": self.account_id,
            "backfills": [b.summary() for b in page],
        }
        if token is not None:
            out["nextToken"] = token
        return out

    def describe_replication_backfill_results(
        self,
        backfill_id: str,
        status_filter: str | None,
        max_results: int | None,
        next_token: str | None,
    ) -> dict[str, Any]:
        """DescribeReplicationBackfillResults: status, progress and (once terminal) results."""
        store = self._backfills_now()
        backfill = store.get(backfill_id, _clock.now())
        results, token = store.results_page(backfill, status_filter, max_results, next_token)
        summary = backfill.summary()
        out: dict[str, Any] = {
            "registryId": self.account_id,
            **{k: summary[k] for k in summary if k != "replicationBackfillId"},
            "replicationBackfillId": backfill.backfill_id,
            "results": [r.to_api() for r in results],
        }
        if token is not None:
            out["nextToken"] = token
        return out

    # -- replication as the target ---------------------------------------------------------------

    def accept_replica(self, replica: Replica) -> str | None:
        """Store a replica from another registry; ``None``, or the failure code.

        Another account's replica needs this registry's policy to allow the source account
        ``ecr:ReplicateImage`` (and ``ecr:CreateRepository`` when the repository is missing). The
        replica is pushed as images are pushed here (scanning applies), but not replicated again.
        """
        cross_account = replica.source_account != self.account_id
        policy = self.registry_policy
        if cross_account and (
            policy is None or not policy.allows(replica.source_account, "ecr:ReplicateImage")
        ):
            return "ACCESS_DENIED"
        repo = self.repositories.get(replica.repository_name)
        try:
            if repo is None:
                if cross_account and not (
                    policy is not None
                    and policy.allows(replica.source_account, "ecr:CreateRepository")
                ):
                    return "REPOSITORY_NOT_FOUND"
                repo = self.create_repository_for(replica.repository_name, "REPLICATION")
            for child in (replica, *replica.children):
                self.accept_layers(repo.name, child.layers)
            for child in replica.children:
                if child.digest not in repo.images:
                    self.push_image(
                        repo, child.manifest, media_type=child.media_type, replicate=False
                    )
            for tag in replica.tags or (None,):
                if tag is None and replica.digest in repo.images:
                    continue
                if tag is not None and repo.tag_index.get(tag) == replica.digest:
                    continue
                self.push_image(
                    repo, replica.manifest, tag=tag, media_type=replica.media_type, replicate=False
                )
        except EcrError as error:
            return failure_code(error)
        for tag in replica.tags or (None,):
            self.replication_completed(
                replica.repository_name,
                replica.digest,
                tag,
                replica.source_account,
                replica.source_region,
            )
        return None

    def remove_replica(self, repository_name: str, digest: str, tag: str | None) -> None:
        """A deletion replicated here: the tag, or the whole image (not replicated further)."""
        repo = self.repositories.get(repository_name)
        image = repo.images.get(digest) if repo is not None else None
        if repo is None or image is None:
            return
        if tag is not None:
            if tag in image.tags and repo.untag(image, tag):
                self.scanning.on_image_deleted(repo, image)
            return
        if digest in repo.parents:  # an index here still references it: it stays
            return
        repo.delete_image(image)
        self.scanning.on_image_deleted(repo, image)

    # -- pull-time exclusions --------------------------------------------------------------------

    def records_pull_time(self, principal_arn: str | None) -> bool:
        """Whether a pull by ``principal_arn`` updates ``lastRecordedPullTime``."""
        return not self.pull_time_exclusions.excludes(principal_arn)


def _result(
    repository_name: str, image: Image, tag: str | None, record: ReplicationRecord
) -> BackfillResult:
    image_id = image.image_id(tag)
    status = "FAILED" if record.status == "FAILED" else "COMPLETE"
    sub_codes = None
    if image.is_index:
        sub_codes = () if record.failure_code is None else (record.failure_code,)
    return BackfillResult(repository_name, image_id, status, record.failure_code, sub_codes)


def _standalone(registry: ReplicationCoordination) -> RegistryLookup:
    """A lookup for a registry made outside a state (unit tests): itself, else new registries."""
    made: dict[tuple[str, str], ReplicationCoordination] = {
        (registry.account_id, registry.region): registry
    }

    def lookup(account: str, region: str) -> ReplicationCoordination:
        key = (account, region)
        if key not in made:
            made[key] = type(registry)(account, region)  # type: ignore[call-arg]  # RegistryModel(account, region)
        return made[key]

    return lookup
