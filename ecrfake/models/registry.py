"""One private registry: one account in one region.

It holds the repositories (with their images), the registry scanning configuration and scan state
(:mod:`ecrfake.models.scanning`), and the pull-through cache rules
(:mod:`ecrfake.models.pull_through`). The methods without a leading underscore that api.md names
(``seed_*``, ``plan_scan``, ``rescan_duration``, ``simulate_pull``) are public; the rest are called by
the handlers under the state lock.
"""

from __future__ import annotations

import base64
import datetime
import threading
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from ecrfake import _clock
from ecrfake.exceptions import (
    InvalidParameterException,
    RepositoryAlreadyExistsException,
    RepositoryNotEmptyException,
    RepositoryNotFoundException,
)
from ecrfake.models import _paging, images
from ecrfake.models._aws import dns_suffix
from ecrfake.models._collections import OrderedStore
from ecrfake.models._tags import check_tag_keys, merged_tags, parse_repository_arn
from ecrfake.models.pull_through import PullThroughModel
from ecrfake.models.repository import Image, Repository, check_settings
from ecrfake.models.scanning import ScanningModel

__all__ = ["Registry", "unused_seeds_warning"]

_LISTED = 20  # repositories named per registry in the unused-seeds warning


class Registry:
    """The model of one private registry (``fake.registry(account_id, region)``)."""

    def __init__(self, account_id: str, region: str, lock: threading.RLock | None = None) -> None:
        self.account_id = account_id
        self.region = region
        self._lock = lock if lock is not None else threading.RLock()
        self.repositories: OrderedStore[Repository] = OrderedStore()
        self.scanning = ScanningModel(self)
        self.pull_through = PullThroughModel(self)

    def __repr__(self) -> str:
        return f"<Registry {self.account_id} {self.region}: {len(self.repositories)} repositories>"

    # -- public test API (api.md) ----------------------------------------------------------------

    @property
    def rescan_duration(self) -> datetime.timedelta:
        """How long after its push a continuously scanned image stays eligible (default 30 days).

        Past it the image reads ``SCAN_ELIGIBILITY_EXPIRED``.
        """
        return self.scanning.rescan_duration

    @rescan_duration.setter
    def rescan_duration(self, value: datetime.timedelta) -> None:
        with self._lock:
            self.scanning.set_rescan_duration(value)

    def seed_enhanced_findings(
        self, repository_name: str, image_id: dict[str, str], findings: Sequence[dict[str, Any]]
    ) -> None:
        """Findings an enhanced (Inspector) scan of that image reports.

        ``image_id`` is ``{"imageTag": ...}`` or ``{"imageDigest": ...}``. Seeding may come before or
        after the push; the seed applies when the image is scanned (at once for an image already
        under continuous scanning). Image-dependent fields left out of each finding are filled in from
        the image when served.
        """
        with self._lock:
            self.scanning.seed(repository_name, image_id, list(findings), enhanced=True)

    def seed_basic_findings(
        self, repository_name: str, image_id: dict[str, str], findings: Sequence[dict[str, Any]]
    ) -> None:
        """Findings a basic scan of that image reports (applied at its next scan)."""
        with self._lock:
            self.scanning.seed(repository_name, image_id, list(findings), enhanced=False)

    def plan_scan(
        self,
        repository_name: str,
        image_id: dict[str, str],
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
        with self._lock:
            self.scanning.plan(
                repository_name, image_id, status=status, description=description, polls=polls
            )

    def simulate_pull(
        self, repository_name: str, tag: str = "latest", manifest: str | None = None
    ) -> dict[str, str]:
        """Do what ``docker pull <registry>/<repository_name>:<tag>`` does to ECR.

        Under a pull-through cache rule a missing repository is created and the image cached (with
        ``manifest`` or a deterministic synthetic one); scanning applies as on a push; the pull time
        is recorded. Returns ``{"imageDigest": ..., "imageTag": ...}``.
        """
        with self._lock:
            return self.pull_through.simulate_pull(repository_name, tag, manifest)

    def unused_seeds(self) -> list[str]:
        """Seeds and scan plans of this registry that no image has used yet, one line each.

        A seed is used once a finished scan has reported it; a plan once a scan has followed it.
        Each line names the registry, the repository and the image id, and says whether an image
        it names was ever pushed. ``[]`` when every seed and plan has applied.
        """
        with self._lock:
            return [u.describe(self.account_id, self.region) for u in self.scanning.store.unused()]

    def _never_pushed(self) -> list[str]:
        """The lines of :meth:`unused_seeds` whose image was never pushed."""
        with self._lock:
            return [
                u.describe(self.account_id, self.region)
                for u in self.scanning.store.unused()
                if not u.pushed
            ]

    def _repositories_text(self) -> str:
        names = list(self.repositories.keys())
        if not names:
            return f"registry {self.account_id}/{self.region} has no repositories"
        shown = ", ".join(f"'{n}'" for n in names[:_LISTED])
        more = f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
        return f"registry {self.account_id}/{self.region} has repositories {shown}{more}"

    # -- repositories and images (called by handlers) -------------------------------------------

    def get_repository(self, name: str) -> Repository:
        """The repository ``name``, or ``RepositoryNotFoundException``."""
        repo = self.repositories.get(name)
        if repo is None:
            raise RepositoryNotFoundException(name, self.account_id)
        return repo

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
            raise RepositoryAlreadyExistsException(name, self.account_id)
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
            raise RepositoryNotEmptyException(name, self.account_id)
        self.repositories.remove(name)
        self.scanning.on_repository_deleted(repo)
        return repo

    def set_scan_on_push(self, name: str, scan_on_push: bool) -> Repository:
        """PutImageScanningConfiguration: the repository-level scan-on-push flag."""
        repo = self.get_repository(name)
        repo.scan_on_push = scan_on_push
        return repo

    def repository_by_arn(self, arn: str) -> Repository:
        """The repository an ARN names; it must be in this registry's account and region.

        A malformed ARN, or one for another region, is ``InvalidParameterException``; a repository
        of another account is not found (the API cannot tag across accounts).
        """
        account, region, name = parse_repository_arn(arn)
        if region != self.region:
            raise InvalidParameterException.constraint("resourceArn", "Invalid ARN")
        if account != self.account_id:
            raise RepositoryNotFoundException(name, account)
        return self.get_repository(name)

    def tag_repository(self, repo: Repository, tags: Sequence[dict[str, Any]]) -> None:
        """TagResource: add or overwrite tags (at most 50 in all)."""
        repo.tags = merged_tags(repo.tags, tags)

    def untag_repository(self, repo: Repository, keys: Sequence[str]) -> None:
        """UntagResource: remove the keys (a key the repository lacks is ignored)."""
        check_tag_keys(keys)
        for key in keys:
            repo.tags.pop(key, None)

    def push_image(
        self,
        repo: Repository,
        manifest: str,
        tag: str | None = None,
        media_type: str | None = None,
        digest: str | None = None,
    ) -> Image:
        """PutImage: store the manifest and run scan on push when the repository's frequency says."""
        image, created = repo.put_image(
            manifest, _clock.now(), tag=tag, media_type=media_type, digest=digest
        )
        self.scanning.on_image_pushed(repo, image, created=created, tag=tag)
        return image

    def delete_image(self, repo: Repository, image: Image) -> None:
        """Remove one image with all its tags."""
        repo.delete_image(image)
        self.scanning.on_image_deleted(repo, image)

    def batch_delete_images(
        self, repo: Repository, image_ids: Sequence[dict[str, Any]]
    ) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
        """BatchDeleteImage: the deleted image ids and the failures."""
        return images.batch_delete(
            repo, image_ids, lambda image: self.scanning.on_image_deleted(repo, image)
        )

    def batch_get_images(
        self,
        repo: Repository,
        image_ids: Sequence[dict[str, Any]],
        accepted_media_types: Sequence[str] | None = None,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """BatchGetImage: the images (a pull: records the pull time) and the failures."""
        return images.batch_get(repo, image_ids, accepted_media_types, _clock.now())

    def list_images(
        self,
        repo: Repository,
        filter_: dict[str, Any] | None,
        max_results: int | None,
        next_token: str | None,
    ) -> tuple[list[dict[str, str]], str | None]:
        """ListImages: one page of image ids and the next token."""
        return images.list_page(repo, filter_, max_results, next_token)

    def describe_images(
        self,
        repo: Repository,
        image_ids: Sequence[dict[str, Any]] | None,
        filter_: dict[str, Any] | None,
        max_results: int | None,
        next_token: str | None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """DescribeImages: ``ImageDetail`` dicts (with the scan members) and the next token."""
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

    def authorization_data(self) -> dict[str, Any]:
        """GetAuthorizationToken's ``AuthorizationData`` for this registry.

        The token decodes to ``AWS:<password>`` (what ``docker login --username AWS`` takes), valid
        for 12 hours from the fake's clock; the password is random and means nothing.
        """
        password = base64.b64encode(uuid.uuid4().bytes * 4).decode()
        token = base64.b64encode(f"AWS:{password}".encode()).decode()
        return {
            "authorizationToken": token,
            "expiresAt": _clock.now() + datetime.timedelta(hours=12),
            "proxyEndpoint": f"https://{self.account_id}.dkr.ecr.{self.region}.{dns_suffix(self.region)}",
        }


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
