"""One private registry (one account in one region): the aggregate root of the model.

:class:`RegistryModel` holds the repositories (with their images), the scanning model (configuration,
scan state, seeds and plans: :mod:`ecrfake.models.scanning`) and the pull-through cache rules
(:mod:`ecrfake.models.pull_through`). It is the one model that coordinates them: a push can start
a scan, a pull through a rule creates a repository and caches an image. Sub-models get what they
need (account, region, the repository store) and never a pointer back here.

Handlers call one method of it per request (or one method of a sub-model that suffices alone).
Nothing here locks: ``_dispatch`` holds the state lock around each request, and the public test
controls (:class:`ecrfake.registry.Registry`) take the same lock.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from typing import Any

from ecrfake import _clock
from ecrfake._aws import partition_of
from ecrfake.exceptions import (
    EcrError,
    InvalidParameterException,
    RepositoryAlreadyExistsException,
    RepositoryNotEmptyException,
    RepositoryNotFoundException,
)
from ecrfake.models import _paging, images
from ecrfake.models._tags import check_tag_keys, merged_tags, parse_repository_arn, tags_to_api
from ecrfake.models.account_settings import AccountSettings
from ecrfake.models.blobs import BlobStore
from ecrfake.models.events import EventLog
from ecrfake.models.inspector2_service import InspectorModel
from ecrfake.models.lifecycle import LifecycleModel
from ecrfake.models.policies import PoliciesModel
from ecrfake.models.policy_document import PolicyDocument
from ecrfake.models.pull_through import PullThroughModel
from ecrfake.models.registry_auth import AuthTokens
from ecrfake.models.registry_data import RegistryDataPath
from ecrfake.models.registry_inspector import InspectorCoordination
from ecrfake.models.registry_pulls import PullCoordination
from ecrfake.models.registry_replication import RegistryLookup, ReplicationCoordination
from ecrfake.models.repository import Image, Repositories, Repository, check_settings
from ecrfake.models.scanning import ScanningModel
from ecrfake.models.signing import SigningModel

__all__ = ["RegistryModel"]


class RegistryModel(
    ReplicationCoordination, InspectorCoordination, RegistryDataPath, PullCoordination
):
    """The model of one private registry (and Amazon Inspector's view of it).

    ``registry_lookup`` is how it reaches the other registries of the state (replication
    destinations): ``FakeState.registry``. Without one (a registry built alone), destinations are
    registries it makes for itself. ``events`` is the fake's event log (``None``: no events kept).
    """

    def __init__(
        self,
        account_id: str,
        region: str,
        registry_lookup: RegistryLookup | None = None,
        events: EventLog | None = None,
    ) -> None:
        self.account_id = account_id
        self.region = region
        self._events = events
        self._next_expiry = None
        self._expiry_duration = (datetime.timedelta(days=30), None)
        self.repositories = Repositories(account_id)
        self.scanning = ScanningModel(
            account_id, region, self.repositories, on_finished=self._scan_finished
        )
        self.inspector = InspectorModel(account_id, region, partition_of(region), self.emit)
        self.pull_through = PullThroughModel(account_id, region)
        self.blobs = BlobStore(account_id, region)
        self.auth = AuthTokens()
        self.signing = SigningModel(account_id)
        #: ``Registry.strict_layers``: refuse manifests whose layers were never uploaded.
        self.strict_layers = False
        self._init_replication(registry_lookup)
        self.lifecycle = LifecycleModel(self.repositories)
        self.policies = PoliciesModel(account_id, self.repositories)
        #: GetAccountSetting/PutAccountSetting (``account_settings.get("BASIC_SCAN_TYPE_VERSION")``).
        self.account_settings = AccountSettings()
        # Scanning reads the account's basic scanner (for ``describe_images_scan_fields``).
        self.scanning.basic_scanner = functools.partial(
            self.account_settings.get, "BASIC_SCAN_TYPE_VERSION"
        )

    def __repr__(self) -> str:
        return (
            f"<RegistryModel {self.account_id} {self.region}: "
            f"{len(self.repositories)} repositories>"
        )

    @property
    def registry_policy(self) -> PolicyDocument | None:
        """PutRegistryPolicy's document (``None``: no registry policy); ``.allows(account, action)``."""
        return self.policies.registry_policy

    @registry_policy.setter
    def registry_policy(self, document: PolicyDocument | None) -> None:
        self.policies.registry_policy = document

    # -- repositories --------------------------------------------------------------------------

    def get_repository(self, name: str) -> Repository:
        """The repository ``name``, or ``RepositoryNotFoundException``."""
        return self.repositories.require(name)

    def create_repository(
        self,
        name: str,
        *,
        tags: Sequence[dict[str, Any]] = (),
        image_tag_mutability: str | None = None,
        mutability_exclusions: list[dict[str, str]] | None = None,
        scan_on_push: bool = False,
        encryption: dict[str, str] | None = None,
        created_by_pull_through: str | None = None,
    ) -> Repository:
        """CreateRepository: check the settings and tags, then add the repository."""
        if name in self.repositories:
            raise RepositoryAlreadyExistsException(name=name, registry_id=self.account_id)
        mode, exclusions, stored_encryption = check_settings(
            self.account_id, self.region, image_tag_mutability, mutability_exclusions, encryption
        )
        repo = Repository(
            registry_id=self.account_id,
            region=self.region,
            name=name,
            created_at=_clock.now(),
            image_tag_mutability=mode,
            mutability_exclusions=exclusions,
            scan_on_push=scan_on_push,
            encryption=stored_encryption,
            tags=merged_tags({}, tags),
            created_by_pull_through=created_by_pull_through,
        )
        self.repositories.add(name, repo)
        self.scanning.on_repository_created(repo)
        self._repository_created(repo)
        return repo

    def describe_repositories(
        self, names: Sequence[str] | None, max_results: int | None, next_token: str | None
    ) -> tuple[list[Repository], str | None]:
        """DescribeRepositories: the named repositories (each once), or one page of all of them."""
        if names is not None:
            return [self.get_repository(n) for n in dict.fromkeys(names)], None
        scope = f"{self.account_id}/{self.region}"
        after = _paging.decode_token(next_token, "DescribeRepositories", scope)
        repos, last = self.repositories.page(after, _paging.page_size(max_results))
        token = None if last is None else _paging.encode_token("DescribeRepositories", scope, last)
        return repos, token

    def delete_repository(self, name: str, force: bool = False) -> Repository:
        """DeleteRepository: a repository with images goes only with ``force``."""
        repo = self.get_repository(name)
        if len(repo.images) and not force:
            raise RepositoryNotEmptyException(name=name, registry_id=self.account_id)
        self.repositories.remove(name)
        self.scanning.on_repository_deleted(repo)
        self.blobs.drop_repository(name)
        self.signing.forget(name)
        self.replication.forget_repository(name, list(repo.images.keys()))
        gone = list(repo.images.values())
        deleted = [{"imageDigest": image.digest} for image in gone]
        self._images_deleted(repo, deleted, gone)
        return repo

    def put_image_tag_mutability(
        self, name: str, mode: str, exclusions: list[dict[str, str]] | None
    ) -> Repository:
        """PutImageTagMutability: CreateRepository's rules for the setting; later pushes follow it."""
        repo = self.get_repository(name)
        mode, kept, _ = check_settings(self.account_id, self.region, mode, exclusions, None)
        repo.image_tag_mutability = mode
        repo.mutability_exclusions = kept
        return repo

    def set_scan_on_push(self, name: str, scan_on_push: bool) -> Repository:
        """PutImageScanningConfiguration: the repository-level scan-on-push flag."""
        repo = self.get_repository(name)
        repo.scan_on_push = scan_on_push
        return repo

    # -- resource tags -------------------------------------------------------------------------

    def repository_by_arn(self, arn: str) -> Repository:
        """The repository an ARN names; it must be in this registry's account and region.

        A malformed ARN, or one for another region, is ``InvalidParameterException``; a repository
        of another account is not found (the API cannot tag across accounts).
        """
        account, region, name = parse_repository_arn(arn)
        if region != self.region:
            raise InvalidParameterException(path="resourceArn", constraint="Invalid ARN")
        if account != self.account_id:
            raise RepositoryNotFoundException(name=name, registry_id=account)
        return self.get_repository(name)

    def tag_resource(self, arn: str, tags: Sequence[dict[str, Any]]) -> None:
        """TagResource: add or overwrite tags (at most 50 in all)."""
        repo = self.repository_by_arn(arn)
        repo.tags = merged_tags(repo.tags, tags)

    def untag_resource(self, arn: str, keys: Sequence[str]) -> None:
        """UntagResource: remove the keys (a key the repository lacks is ignored)."""
        repo = self.repository_by_arn(arn)
        check_tag_keys(keys)
        for key in keys:
            repo.tags.pop(key, None)

    def list_tags(self, arn: str) -> list[dict[str, str]]:
        """ListTagsForResource: the API tag list."""
        return tags_to_api(self.repository_by_arn(arn).tags)

    # -- images --------------------------------------------------------------------------------

    def put_image(
        self,
        repository_name: str,
        manifest: str,
        tag: str | None = None,
        media_type: str | None = None,
        digest: str | None = None,
    ) -> tuple[Repository, Image]:
        """PutImage: store the manifest in the named repository (a push).

        A missing repository is created when a ``CREATE_ON_PUSH`` template matches its name; if
        the push is then refused, the repository goes again.
        """
        missing = repository_name not in self.repositories
        repo = self.repository_for_push(repository_name)
        try:
            self.check_layers(repository_name, manifest)
            return repo, self.push_image(repo, manifest, tag, media_type, digest)
        except EcrError:
            if missing:
                self.repositories.remove(repository_name)
                self.scanning.on_repository_deleted(repo)
            raise

    def push_image(
        self,
        repo: Repository,
        manifest: str,
        tag: str | None = None,
        media_type: str | None = None,
        digest: str | None = None,
        *,
        replicate: bool = True,
    ) -> Image:
        """Every push (PutImage, a pull-through cache fill, a replica): store, then what a push
        sets off.

        Scan on push runs when the repository's effective frequency says so; the push is
        replicated to every destination a replication rule names for the repository (a replica
        arriving from another registry is not replicated again: ``replicate=False``). Signing rules that
        match start their jobs; pushing an archived image again restores it.
        """
        image, created = repo.put_image(
            manifest, _clock.now(), tag=tag, media_type=media_type, digest=digest
        )
        self.after_push(repo, image, created=created)
        self._image_pushed(repo, image, tag, created)
        self.scanning.on_image_pushed(repo, image, created=created, tag=tag)
        if replicate:
            self._replicate_push(repo, image)
        return image

    def _image_deleted(self, repo: Repository, image: Image) -> None:
        """What every deletion of an image sets off (BatchDeleteImage, a lifecycle expiry): scans,
        signing statuses and replication; the caller then tells Inspector and the event log
        (``_images_deleted``)."""
        self.scanning.on_image_deleted(repo, image)
        self.signing.forget(repo.name, image.digest)
        self._replicate_deletion(repo, image)

    def batch_delete_image(
        self, repository_name: str, image_ids: Sequence[dict[str, Any]]
    ) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
        """BatchDeleteImage: the deleted image ids and the failures."""
        repo = self.get_repository(repository_name)
        gone: list[Image] = []

        def deleted_one(image: Image) -> None:
            self._image_deleted(repo, image)
            gone.append(image)

        deleted, failures = images.batch_delete(
            repo,
            image_ids,
            deleted_one,
            on_untagged=lambda image, tag: self._replicate_untag(repo, image, tag),
        )
        self._images_deleted(repo, deleted, gone)
        return deleted, failures

    def batch_get_image(
        self,
        repository_name: str,
        image_ids: Sequence[dict[str, Any]],
        accepted_media_types: Sequence[str] | None = None,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """BatchGetImage: the images (a pull: records the pull time) and the failures."""
        repo = self.get_repository(repository_name)
        return images.batch_get(repo, image_ids, accepted_media_types, _clock.now())

    def list_images(
        self,
        repository_name: str,
        filter_: dict[str, Any] | None,
        max_results: int | None,
        next_token: str | None,
    ) -> tuple[list[dict[str, str]], str | None]:
        """ListImages: one page of image ids and the next token."""
        repo = self.get_repository(repository_name)
        return images.list_page(repo, filter_, max_results, next_token)

    def describe_images(
        self,
        repository_name: str,
        image_ids: Sequence[dict[str, Any]] | None,
        filter_: dict[str, Any] | None,
        max_results: int | None,
        next_token: str | None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """DescribeImages: ``ImageDetail`` dicts (with the scan members) and the next token."""
        repo = self.get_repository(repository_name)
        if image_ids is not None:
            found, token = images.requested_images(repo, image_ids), None
        else:
            found, token = images.describe_page(repo, filter_, max_results, next_token)
        details = []
        for image in found:
            detail = images.image_detail(repo, image)
            detail.update(self.scanning.describe_image_fields(repo, image))
            details.append(detail)
        return details, token

    # -- lifecycle -----------------------------------------------------------------------------

    def apply_lifecycle_policies(self) -> list[dict[str, Any]]:
        """ECR's lifecycle pass, now: every repository's policy acts on its images.

        An expired image goes as BatchDeleteImage removes it (tags, scans, findings); a transitioned
        one is archived. Returns what was done, by repository name, then push time.
        """
        now = _clock.now()
        done: list[dict[str, Any]] = []
        for repo, decisions in self.lifecycle.plan(now):
            for decision in decisions:
                image = decision.image
                done.append(
                    {
                        "repositoryName": repo.name,
                        "imageDigest": image.digest,
                        "imageTags": list(image.tags),
                        "action": decision.action_type,
                        "appliedRulePriority": decision.rule.priority,
                    }
                )
                if decision.action_type == "EXPIRE":
                    gone = [{"imageDigest": image.digest, "imageTag": t} for t in image.tags]
                    repo.delete_image(image)
                    self._image_deleted(repo, image)
                    self._images_deleted(repo, gone or [{"imageDigest": image.digest}], [image])
                else:
                    repo.archive_image(image, now)
        return done

    # -- registry-level ------------------------------------------------------------------------

    def describe_registry(self) -> dict[str, Any]:
        """DescribeRegistry: the registry id and its replication configuration."""
        return {
            "registryId": self.account_id,
            "replicationConfiguration": self.replication.config.to_api(),
        }
