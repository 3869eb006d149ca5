"""Repositories and images.

An :class:`Image` is one manifest (one digest) with the tags that currently point at it. A
:class:`Repository` holds its images in push order, a tag index, and which index manifests reference
each image. Manifest parsing lives in :mod:`ecrfake.models.manifest`; the read and batch operations
over a repository's images in :mod:`ecrfake.models.images`. Scanning state hangs off each image
(``Image.scans``) and belongs to :mod:`ecrfake.models.scanning`.
"""

from __future__ import annotations

import datetime
import fnmatch
import uuid
from dataclasses import dataclass, field
from typing import Any

from ecrfake._aws import dns_suffix, partition_of, repository_arn
from ecrfake.exceptions import (
    EcrFakeError,
    ExclusionFiltersNotAllowed,
    ExclusionFiltersRequired,
    ImageAlreadyExistsException,
    ImageDigestDoesNotMatchException,
    ImageNotFoundException,
    ImageTagAlreadyExistsException,
    KmsKeyWithAes256,
    ReferencedImagesNotFoundException,
    RepositoryNotFoundException,
)
from ecrfake.models._collections import OrderedStore
from ecrfake.models.manifest import (
    DOCKER_MANIFEST_V1,
    DOCKER_MANIFEST_V1_SIGNED,
    IMAGE_CONFIG_TYPES,
    INDEX_MEDIA_TYPES,
    parse_manifest,
)

__all__ = [
    "Image",
    "Repositories",
    "Repository",
    "check_settings",
    "default_kms_key",
    "image_id_key",
]

_EXCLUSION_MODES = ("MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION")


@dataclass(eq=False)
class Image:
    """One manifest in one repository."""

    digest: str
    manifest: str
    media_type: str
    artifact_media_type: str | None
    size: int
    pushed_at: datetime.datetime
    tags: list[str] = field(default_factory=list)
    children: tuple[str, ...] = ()
    subject: str | None = None
    last_recorded_pull_time: datetime.datetime | None = None
    #: ``ACTIVE``, ``ARCHIVED`` or ``ACTIVATING`` (DescribeImages' ``imageStatus``); a lifecycle
    #: ``transition`` archives an image.
    image_status: str = "ACTIVE"
    last_archived_at: datetime.datetime | None = None
    last_activated_at: datetime.datetime | None = None
    #: Scan state, owned by ecrfake.models.scanning (None: never scanned).
    scans: Any = None

    @property
    def is_index(self) -> bool:
        """An image index (manifest list)."""
        return self.media_type in INDEX_MEDIA_TYPES

    @property
    def is_scannable(self) -> bool:
        """A runnable container image (not an index, not a non-image artifact)."""
        if self.is_index:
            return False
        if self.media_type in (DOCKER_MANIFEST_V1, DOCKER_MANIFEST_V1_SIGNED):
            return True
        return self.artifact_media_type in IMAGE_CONFIG_TYPES

    @property
    def storage_class(self) -> str:
        """``STANDARD``, or ``ARCHIVE`` for an archived image (lifecycle policies' storage class)."""
        return "STANDARD" if self.image_status == "ACTIVE" else "ARCHIVE"

    @property
    def archived(self) -> bool:
        """Not ``ACTIVE``: described and listed when asked, never pulled or scanned."""
        return self.image_status != "ACTIVE"

    def archive(self, now: datetime.datetime) -> None:
        """Move the image to the archive storage class."""
        self.image_status = "ARCHIVED"
        self.last_archived_at = now

    def image_id(self, tag: str | None = None) -> dict[str, str]:
        """The API ``imageId``: the digest, with ``tag`` when given."""
        out = {"imageDigest": self.digest}
        if tag is not None:
            out["imageTag"] = tag
        return out


def image_id_key(image_id: Any) -> tuple[str, str]:
    """Check a user-supplied image id (seeds, plans) and return ``(kind, value)``.

    Raises :class:`EcrFakeError` naming the accepted keys on anything else.
    """
    if isinstance(image_id, dict) and len(image_id) == 1:
        ((key, value),) = image_id.items()
        if key in ("imageTag", "imageDigest") and isinstance(value, str) and value:
            return key, value
    raise EcrFakeError(
        f"image id {image_id!r} is not one ecrfake understands: pass exactly one of "
        "{'imageTag': '<tag>'} or {'imageDigest': 'sha256:<hex>'}"
    )


def default_kms_key(account_id: str, region: str) -> str:
    """The ARN of the AWS managed key ``aws/ecr`` of one account and region (stable per pair)."""
    key_id = uuid.uuid5(uuid.NAMESPACE_URL, f"ecrfake:aws/ecr:{account_id}:{region}")
    return f"arn:{partition_of(region)}:kms:{region}:{account_id}:key/{key_id}"


def check_settings(
    account_id: str,
    region: str,
    mutability: str | None,
    exclusions: list[dict[str, str]] | None,
    encryption: dict[str, str] | None,
) -> tuple[str, list[dict[str, str]], dict[str, str]]:
    """CreateRepository's rules between fields; returns the settings to store.

    ``*_WITH_EXCLUSION`` needs exclusion filters and only it takes them. KMS and KMS_DSSE without a
    ``kmsKey`` use the account's AWS managed key; AES256 takes no key.
    """
    mode = mutability or "MUTABLE"
    if mode in _EXCLUSION_MODES and not exclusions:
        raise ExclusionFiltersRequired(mode=mode)
    if mode not in _EXCLUSION_MODES and exclusions:
        raise ExclusionFiltersNotAllowed()
    stored = {"encryptionType": "AES256"}
    if encryption is not None:
        kind = encryption["encryptionType"]
        key = encryption.get("kmsKey")
        if kind == "AES256":
            if key is not None:
                raise KmsKeyWithAes256()
        else:
            stored = {"encryptionType": kind, "kmsKey": key or default_kms_key(account_id, region)}
    kept = [{"filter": f["filter"], "filterType": f["filterType"]} for f in exclusions or []]
    return mode, kept, stored


@dataclass(eq=False)
class Repository:
    """One repository: its settings, resource tags and images."""

    registry_id: str
    region: str
    name: str
    created_at: datetime.datetime
    image_tag_mutability: str = "MUTABLE"
    mutability_exclusions: list[dict[str, str]] = field(default_factory=list)
    scan_on_push: bool = False
    encryption: dict[str, str] = field(default_factory=lambda: {"encryptionType": "AES256"})
    tags: dict[str, str] = field(default_factory=dict)
    created_by_pull_through: str | None = None
    #: The repository policy (SetRepositoryPolicy) and lifecycle policy (PutLifecyclePolicy) texts as
    #: stored; a creation template may set them when it creates the repository, through
    #: ``LifecycleModel.store`` and ``PoliciesModel.store`` (which keep them as ECR keeps them).
    repository_policy_text: str | None = None
    lifecycle_policy_text: str | None = None
    #: When a lifecycle pass last evaluated the lifecycle policy, and the repository's last
    #: lifecycle preview (owned by ecrfake.models.lifecycle).
    lifecycle_evaluated_at: datetime.datetime | None = None
    lifecycle_preview: Any = None
    #: How many of the images are not ACTIVE (listings then filter by status).
    archived_images: int = 0
    #: ``arn:<partition>:ecr:<region>:<account>:repository/<name>``: a repository is never renamed
    #: or moved, so it is worked out once.
    arn: str = field(init=False, repr=False)
    images: OrderedStore[Image] = field(default_factory=OrderedStore)
    tag_index: dict[str, str] = field(default_factory=dict)
    #: child digest -> digests of the index manifests in this repository that reference it.
    parents: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.arn = repository_arn(self.registry_id, self.region, self.name)

    @property
    def uri(self) -> str:
        """``<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<name>``."""
        return f"{self.registry_id}.dkr.ecr.{self.region}.{dns_suffix(self.region)}/{self.name}"

    def to_api(self) -> dict[str, Any]:
        """The API's ``Repository`` shape."""
        out: dict[str, Any] = {
            "repositoryArn": self.arn,
            "registryId": self.registry_id,
            "repositoryName": self.name,
            "repositoryUri": self.uri,
            "createdAt": self.created_at,
            "imageTagMutability": self.image_tag_mutability,
            "imageScanningConfiguration": {"scanOnPush": self.scan_on_push},
            "encryptionConfiguration": dict(self.encryption),
        }
        if self.mutability_exclusions:
            out["imageTagMutabilityExclusionFilters"] = [
                dict(f) for f in self.mutability_exclusions
            ]
        return out

    # -- lookups ----------------------------------------------------------------------------------

    def find_image(self, image_id: dict[str, Any]) -> Image | None:
        """The image an API ``imageId`` names (digest and tag must agree when both are given)."""
        digest = image_id.get("imageDigest")
        tag = image_id.get("imageTag")
        if tag is not None:
            tagged = self.tag_index.get(tag)
            if tagged is None or (digest is not None and digest != tagged):
                return None
            digest = tagged
        if digest is None:
            return None
        return self.images.get(digest)

    def get_image(self, image_id: dict[str, Any]) -> Image:
        """:meth:`find_image`, or ``ImageNotFoundException``."""
        image = self.find_image(image_id)
        if image is None:
            raise ImageNotFoundException(
                image_id=image_id, name=self.name, registry_id=self.registry_id
            )
        return image

    def _tag_is_immutable(self, tag: str) -> bool:
        mode = self.image_tag_mutability
        if mode in ("MUTABLE", "IMMUTABLE"):
            return mode == "IMMUTABLE"
        excluded = any(
            fnmatch.fnmatchcase(tag, f.get("filter", "")) for f in self.mutability_exclusions
        )
        # *_WITH_EXCLUSION: the listed tags take the opposite setting.
        return excluded if mode == "MUTABLE_WITH_EXCLUSION" else not excluded

    # -- writes -----------------------------------------------------------------------------------

    def put_image(
        self,
        manifest: str,
        now: datetime.datetime,
        tag: str | None = None,
        media_type: str | None = None,
        digest: str | None = None,
    ) -> tuple[Image, bool]:
        """Store a manifest (and move ``tag`` to it). Returns the image and whether it is new.

        Follows ECR: the digest must match when given; the same manifest under a tag it already has
        is ``ImageAlreadyExistsException``; moving an immutable tag is
        ``ImageTagAlreadyExistsException``; an index must reference manifests that exist.
        """
        info = parse_manifest(manifest, media_type)
        if digest is not None and digest != info.digest:
            raise ImageDigestDoesNotMatchException(given=digest, calculated=info.digest)
        existing = self.images.get(info.digest)
        if tag is not None:
            current = self.tag_index.get(tag)
            if current == info.digest:
                raise ImageAlreadyExistsException(
                    digest=info.digest, tag=tag, name=self.name, registry_id=self.registry_id
                )
            if current is not None and self._tag_is_immutable(tag):
                raise ImageTagAlreadyExistsException(tag=tag, name=self.name)
        elif existing is not None:
            raise ImageAlreadyExistsException(
                digest=info.digest, tag="null", name=self.name, registry_id=self.registry_id
            )
        missing = [child for child in info.children if child not in self.images]
        if missing:
            raise ReferencedImagesNotFoundException(name=self.name, missing=", ".join(missing))
        created = existing is None
        if existing is None:
            size = info.size
            if info.children:
                size = max(self._image(c).size for c in info.children)
            existing = Image(
                digest=info.digest,
                manifest=manifest,
                media_type=info.media_type,
                artifact_media_type=info.artifact_media_type,
                size=size,
                pushed_at=now,
                children=info.children,
                subject=info.subject,
            )
            self.images.add(info.digest, existing)
            for child in info.children:
                self.parents.setdefault(child, set()).add(info.digest)
        if tag is not None:
            self.move_tag(tag, existing)
        return existing, created

    def _image(self, digest: str) -> Image:
        image = self.images.get(digest)
        if image is None:  # pragma: no cover - callers check membership first
            raise KeyError(digest)
        return image

    def move_tag(self, tag: str, image: Image) -> None:
        """Point ``tag`` at ``image`` (taking it off the image it was on)."""
        previous = self.tag_index.get(tag)
        if previous is not None and previous != image.digest:
            old = self.images.get(previous)
            if old is not None and tag in old.tags:
                old.tags.remove(tag)
        self.tag_index[tag] = image.digest
        if tag not in image.tags:
            image.tags.append(tag)

    def referencing_indexes(self, image: Image) -> list[str]:
        """Digests of the index manifests in this repository that reference ``image``."""
        return sorted(self.parents.get(image.digest, ()))

    def archive_image(self, image: Image, now: datetime.datetime) -> None:
        """Move one of the images to the archive storage class."""
        if image.image_status == "ACTIVE":
            self.archived_images += 1
        image.archive(now)

    def restore_image(self, image: Image, now: datetime.datetime) -> None:
        """Bring an archived image back to the standard storage class (a restore that, in the
        fake, has finished by the next read)."""
        if image.image_status != "ACTIVE":
            self.archived_images -= 1
        image.image_status = "ACTIVE"
        image.last_activated_at = now

    def delete_image(self, image: Image) -> None:
        """Remove the image and all its tags."""
        if image.image_status != "ACTIVE":
            self.archived_images -= 1
        for tag in image.tags:
            self.tag_index.pop(tag, None)
        self.images.remove(image.digest)
        self.parents.pop(image.digest, None)
        for child in image.children:
            refs = self.parents.get(child)
            if refs is not None:
                refs.discard(image.digest)
                if not refs:
                    del self.parents[child]

    def untag(self, image: Image, tag: str) -> bool:
        """Remove one tag. Returns whether the image went with it.

        As BatchDeleteImage does, an image left without tags is deleted, unless an index in the
        repository still references it (it then stays, untagged).
        """
        if tag in image.tags:
            image.tags.remove(tag)
        self.tag_index.pop(tag, None)
        if image.tags or image.digest in self.parents:
            return False
        self.delete_image(image)
        return True


class Repositories(OrderedStore[Repository]):
    """One registry's repositories by name, in creation order."""

    __slots__ = ("registry_id",)

    def __init__(self, registry_id: str) -> None:
        super().__init__()
        self.registry_id = registry_id

    def require(self, name: str) -> Repository:
        """The repository ``name``, or ``RepositoryNotFoundException``."""
        repo = self.get(name)
        if repo is None:
            raise RepositoryNotFoundException(name=name, registry_id=self.registry_id)
        return repo
