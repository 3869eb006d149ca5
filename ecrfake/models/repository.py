"""Repositories and images.

An :class:`Image` is one manifest (one digest) with the tags that currently point at it. A
:class:`Repository` holds its images in push order and a tag index. Digests are the sha256 of the
manifest bytes, as in ECR and every OCI registry. Scanning state hangs off each image (``Image.scans``)
and belongs to :mod:`ecrfake.models.scanning`.
"""

from __future__ import annotations

import datetime
import fnmatch
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from ecrfake.exceptions import (
    EcrFakeError,
    ImageAlreadyExistsException,
    ImageDigestDoesNotMatchException,
    ImageNotFoundException,
    ImageTagAlreadyExistsException,
    InvalidParameterException,
    ReferencedImagesNotFoundException,
)
from ecrfake.models._collections import OrderedStore

__all__ = [
    "DOCKER_MANIFEST_LIST",
    "DOCKER_MANIFEST_V2",
    "INDEX_MEDIA_TYPES",
    "OCI_INDEX",
    "OCI_MANIFEST",
    "Image",
    "ManifestInfo",
    "Repository",
    "image_id_key",
    "parse_manifest",
]

DOCKER_MANIFEST_V1 = "application/vnd.docker.distribution.manifest.v1+json"
DOCKER_MANIFEST_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws"
DOCKER_MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
INDEX_MEDIA_TYPES = frozenset({DOCKER_MANIFEST_LIST, OCI_INDEX})
#: Config media types of runnable container images; anything else is a non-image artifact.
IMAGE_CONFIG_TYPES = frozenset(
    {
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.oci.image.config.v1+json",
    }
)


@dataclass(frozen=True)
class ManifestInfo:
    digest: str
    media_type: str
    artifact_media_type: str | None
    size: int
    children: tuple[str, ...]
    subject: str | None


def digest_of(manifest: str) -> str:
    return "sha256:" + hashlib.sha256(manifest.encode("utf-8")).hexdigest()


def parse_manifest(manifest: str, media_type: str | None = None) -> ManifestInfo:
    """Digest, media types, size and referenced manifests of an image manifest.

    The media type comes from ``imageManifestMediaType`` when given, else from the manifest's own
    ``mediaType``, else from its form (schema 1, index with ``manifests``, or OCI image manifest).
    """
    try:
        doc = json.loads(manifest)
    except ValueError:
        raise InvalidParameterException.constraint("imageManifest", "Invalid JSON syntax") from None
    if not isinstance(doc, dict):
        raise InvalidParameterException.constraint("imageManifest", "Invalid JSON syntax")
    declared = doc.get("mediaType") if isinstance(doc.get("mediaType"), str) else None
    if media_type is None:
        if declared:
            media_type = declared
        elif doc.get("schemaVersion") == 1:
            media_type = DOCKER_MANIFEST_V1_SIGNED if "signatures" in doc else DOCKER_MANIFEST_V1
        elif isinstance(doc.get("manifests"), list):
            media_type = OCI_INDEX
        else:
            media_type = OCI_MANIFEST
    elif declared and declared != media_type:
        raise InvalidParameterException(
            f"Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint: "
            f"'Manifest media type {declared} does not match the specified media type "
            f"{media_type}'"
        )
    children: tuple[str, ...] = ()
    artifact: str | None = None
    size = 0
    if media_type in INDEX_MEDIA_TYPES:
        entries = doc.get("manifests") or []
        children = tuple(
            m["digest"] for m in entries if isinstance(m, dict) and isinstance(m.get("digest"), str)
        )
        if isinstance(doc.get("artifactType"), str):
            artifact = doc["artifactType"]
    else:
        config = doc.get("config")
        if isinstance(doc.get("artifactType"), str):
            artifact = doc["artifactType"]
        elif isinstance(config, dict) and isinstance(config.get("mediaType"), str):
            artifact = config["mediaType"]
        for layer in doc.get("layers") or doc.get("fsLayers") or []:
            if isinstance(layer, dict) and isinstance(layer.get("size"), int):
                size += layer["size"]
    subject = doc.get("subject")
    subject_digest = subject.get("digest") if isinstance(subject, dict) else None
    return ManifestInfo(
        digest=digest_of(manifest),
        media_type=media_type,
        artifact_media_type=artifact,
        size=size,
        children=children,
        subject=subject_digest if isinstance(subject_digest, str) else None,
    )


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
    #: Scan state, owned by ecrfake.models.scanning (None: never scanned).
    scans: Any = None

    @property
    def is_index(self) -> bool:
        return self.media_type in INDEX_MEDIA_TYPES

    @property
    def is_scannable(self) -> bool:
        """A runnable container image (not an index, not a non-image artifact)."""
        if self.is_index:
            return False
        if self.media_type in (DOCKER_MANIFEST_V1, DOCKER_MANIFEST_V1_SIGNED):
            return True
        return self.artifact_media_type in IMAGE_CONFIG_TYPES

    def image_id(self, tag: str | None = None) -> dict[str, str]:
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


@dataclass(eq=False)
class Repository:
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
    images: OrderedStore[Image] = field(default_factory=OrderedStore)
    tag_index: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        partition = "aws-cn" if self.region.startswith("cn-") else "aws"
        return f"arn:{partition}:ecr:{self.region}:{self.registry_id}:repository/{self.name}"

    @property
    def uri(self) -> str:
        suffix = "amazonaws.com.cn" if self.region.startswith("cn-") else "amazonaws.com"
        return f"{self.registry_id}.dkr.ecr.{self.region}.{suffix}/{self.name}"

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
        image = self.find_image(image_id)
        if image is None:
            raise ImageNotFoundException(image_id, self.name, self.registry_id)
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
        is ``ImageAlreadyExistsException``; moving a tag in an immutable repository is
        ``ImageTagAlreadyExistsException``; an index must reference manifests that exist.
        """
        info = parse_manifest(manifest, media_type)
        if digest is not None and digest != info.digest:
            raise ImageDigestDoesNotMatchException(
                f"Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The provided "
                f"image digest {digest} does not match the calculated digest {info.digest}'"
            )
        existing = self.images.get(info.digest)
        if tag is not None:
            current = self.tag_index.get(tag)
            if current == info.digest or (existing is not None and tag in existing.tags):
                raise ImageAlreadyExistsException(
                    f"Image with digest '{info.digest}' and tag '{tag}' already exists in the "
                    f"repository with name '{self.name}' in registry with id '{self.registry_id}'"
                )
            if current is not None and self._tag_is_immutable(tag):
                raise ImageTagAlreadyExistsException(
                    f"The image tag '{tag}' already exists in the '{self.name}' repository and "
                    "cannot be overwritten because the tag is immutable."
                )
        elif existing is not None:
            raise ImageAlreadyExistsException(
                f"Image with digest '{info.digest}' already exists in the repository with name "
                f"'{self.name}' in registry with id '{self.registry_id}'"
            )
        missing = [child for child in info.children if child not in self.images]
        if missing:
            raise ReferencedImagesNotFoundException(
                f"The image manifest list references images that do not exist in the repository "
                f"with name '{self.name}': {', '.join(missing)}"
            )
        created = existing is None
        if existing is None:
            size = info.size
            if info.children:
                size = max((self.images.get(c).size for c in info.children), default=0)  # type: ignore[union-attr]  # children checked above
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
        if tag is not None:
            self.move_tag(tag, existing)
        return existing, created

    def move_tag(self, tag: str, image: Image) -> None:
        previous = self.tag_index.get(tag)
        if previous is not None and previous != image.digest:
            old = self.images.get(previous)
            if old is not None and tag in old.tags:
                old.tags.remove(tag)
        self.tag_index[tag] = image.digest
        if tag not in image.tags:
            image.tags.append(tag)

    def delete_image(self, image: Image) -> None:
        for tag in image.tags:
            self.tag_index.pop(tag, None)
        self.images.remove(image.digest)

    def untag(self, image: Image, tag: str) -> None:
        """Remove one tag; an image left without tags is deleted, as BatchDeleteImage does."""
        if tag in image.tags:
            image.tags.remove(tag)
        self.tag_index.pop(tag, None)
        if not image.tags:
            self.images.remove(image.digest)
