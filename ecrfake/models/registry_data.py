"""The registry's data path: layers, the ``/v2/`` reads and writes, referrers, archiving, signing.

A part of the aggregate root kept in its own module: :class:`RegistryDataPath` is a base of the
registry model, so these methods run on the registry itself (the only object that coordinates
repositories, pushes, scans and pull-through rules) while ``registry.py`` stays readable. The
stores it uses (``blobs``, ``auth``, ``signing``) are sub-models that know nothing of the registry.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ecrfake import _clock
from ecrfake._aws import dns_suffix
from ecrfake.exceptions import (
    ImageAlreadyExistsException,
    ImageNotFoundException,
    ImageStorageClassUpdateNotSupportedException,
    InvalidLayerException,
    LayerInaccessibleException,
    LayerNotInRepository,
    LayersMissingForPush,
    RepositoryNotFoundException,
    image_id_text,
)
from ecrfake.models import _paging, presign
from ecrfake.models.blobs import PART_SIZE, sha256_digest
from ecrfake.models.oci import RegistryError
from ecrfake.models.registry_core import RegistryCore

if TYPE_CHECKING:
    from ecrfake.models.repository import Image, Repository

__all__ = ["RegistryDataPath", "manifest_blobs"]

_LAYER_DIGEST = re.compile(r"[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+")
_GENERIC_TYPES = {"", "application/json", "application/octet-stream", "text/plain"}


@functools.lru_cache(maxsize=4096)
def manifest_blobs(manifest: str) -> tuple[tuple[str, int, str | None], ...]:
    """``(digest, size, mediaType)`` of the config and layers a manifest references (none for an
    index, or for text that is not a manifest)."""
    try:
        doc = json.loads(manifest)
    except (ValueError, RecursionError):
        return ()
    if not isinstance(doc, dict):
        return ()
    entries = [doc.get("config"), *(doc.get("layers") or [])]
    found = []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("digest"), str):
            size = entry.get("size")
            media = entry.get("mediaType")
            found.append(
                (
                    entry["digest"],
                    size if isinstance(size, int) else 0,
                    media if isinstance(media, str) else None,
                )
            )
    return tuple(found)


class RegistryDataPath(RegistryCore):
    """The data-path methods of the registry model (see the module docstring)."""

    # --- what every push sets off ----------------------------------------------------------------

    def after_push(self, repo: Repository, image: Image, *, created: bool) -> None:
        """After a manifest is stored: restore it if archived, size it from its real layers, and
        start the signing jobs of the rules that match (a new image only)."""
        if image.archived:  # "restored ... by re-pushing the image" (User Guide)
            repo.restore_image(image, _clock.now())
        size = self.real_size(repo.name, image)
        if size is not None:
            image.size = size
        if created:
            self.signing.on_push(repo.name, image.digest, list(image.tags))

    # --- replication of layers --------------------------------------------------------------------

    def replica_layers(self, repository_name: str, image: Image) -> tuple[tuple[str, bytes], ...]:
        """The blobs of ``image`` this repository holds, for a replica to take along."""
        found = []
        for digest, _, _ in manifest_blobs(image.manifest):
            data = self.blobs.get(repository_name, digest)
            if data is not None:
                found.append((digest, data))
        return tuple(found)

    def accept_layers(self, repository_name: str, layers: Sequence[tuple[str, bytes]]) -> None:
        """Store a replica's blobs in the destination repository (the same bytes objects)."""
        for digest, data in layers:
            self.blobs.add(repository_name, data, digest)

    # --- archiving -------------------------------------------------------------------------------

    def update_image_storage_class(
        self, name: str, image_id: dict[str, Any], target: str
    ) -> dict[str, Any]:
        """UpdateImageStorageClass: ``ARCHIVE`` an active image or restore (``STANDARD``) an
        archived one. A restore answers ``ACTIVATING`` and has finished by the next read."""
        repo = self.get_repository(name)
        image = repo.get_image(image_id)
        wanted = "ARCHIVE" if target == "ARCHIVE" else "STANDARD"
        if image.storage_class == wanted:
            raise ImageStorageClassUpdateNotSupportedException(
                image_id=image_id_text(image_id), name=name, storage_class=wanted
            )
        if wanted == "ARCHIVE":
            repo.archive_image(image, _clock.now())
        else:
            repo.restore_image(image, _clock.now())
        return {
            **self._ids(name),
            "imageId": image.image_id(image_id.get("imageTag")),
            "imageStatus": "ARCHIVED" if wanted == "ARCHIVE" else "ACTIVATING",
        }

    # --- signing ---------------------------------------------------------------------------------

    def describe_image_signing_status(self, name: str, image_id: dict[str, Any]) -> dict[str, Any]:
        repo = self.get_repository(name)
        image = repo.get_image(image_id)
        return {
            **self._ids(name),
            "imageId": image.image_id(image_id.get("imageTag")),
            "signingStatuses": self.signing.statuses(name, image.digest),
        }

    def unused_signing_plans(self) -> list[tuple[str, bool]]:
        """Each signing plan no push has used: its ``unused_seeds`` line, and whether its image
        exists."""
        return self.signing.unused_plan_lines(self.account_id, self.region, self.repositories)

    # --- the layer API ---------------------------------------------------------------------------

    def initiate_layer_upload(self, name: str) -> dict[str, Any]:
        self.repository_for_push(name)
        return {"uploadId": self.blobs.initiate(name).upload_id, "partSize": PART_SIZE}

    def upload_layer_part(
        self, name: str, upload_id: str, first: int, last: int, data: bytes
    ) -> dict[str, Any]:
        self.get_repository(name)
        received = self.blobs.upload_part(name, upload_id, first, last, data)
        return {**self._ids(name), "uploadId": upload_id, "lastByteReceived": received}

    def complete_layer_upload(
        self, name: str, upload_id: str, digests: Sequence[str]
    ) -> dict[str, Any]:
        self.get_repository(name)
        digest = self.blobs.complete(name, upload_id, digests)
        return {**self._ids(name), "uploadId": upload_id, "layerDigest": digest}

    def batch_check_layer_availability(self, name: str, digests: Sequence[str]) -> dict[str, Any]:
        repo = self.get_repository(name)
        media = self._layer_media_types(repo)
        layers: list[dict[str, Any]] = []
        failures: list[dict[str, Any]] = []
        for digest in digests:
            if not digest:
                failures.append(
                    _layer_failure(digest, "MissingLayerDigest", "Missing layer digest")
                )
                continue
            if _LAYER_DIGEST.fullmatch(digest) is None:
                failures.append(
                    _layer_failure(digest, "InvalidLayerDigest", "Invalid layer digest")
                )
                continue
            size = self.blobs.size(name, digest)
            if size is None:
                layers.append({"layerDigest": digest, "layerAvailability": "UNAVAILABLE"})
                continue
            entry: dict[str, Any] = {
                "layerDigest": digest,
                "layerAvailability": "ARCHIVED"
                if self._only_archived(repo, digest)
                else "AVAILABLE",
                "layerSize": size,
            }
            if media.get(digest):
                entry["mediaType"] = media[digest]
            layers.append(entry)
        return {"layers": layers, "failures": failures}

    def get_download_url_for_layer(self, name: str, digest: str) -> dict[str, Any]:
        repo = self.get_repository(name)
        if not self.blobs.contains(name, digest):
            raise LayerNotInRepository(digest=digest, name=name, registry_id=self.account_id)
        holders = [image for image in repo.images.values() if _references(image, digest)]
        if not holders or all(_archived(image) for image in holders):
            raise LayerInaccessibleException(digest=digest, name=name, registry_id=self.account_id)
        return {"downloadUrl": self.layer_download_url(name, digest), "layerDigest": digest}

    def layer_download_url(self, name: str, digest: str) -> str:
        """A presigned URL of blob ``digest`` of repository ``name`` (it must hold it)."""
        key = self.blobs.download_key(name, digest)
        return presign.build_url(
            self.account_id, self.region, dns_suffix(self.region), key, _clock.now()
        )

    def check_layers(self, name: str, manifest: str) -> None:
        """Under ``strict_layers``, ``LayersNotFoundException`` for blobs the repository lacks."""
        if not self.strict_layers:
            return
        missing = [d for d, _, _ in manifest_blobs(manifest) if not self.blobs.contains(name, d)]
        if missing:
            raise LayersMissingForPush(
                digests=", ".join(missing), name=name, registry_id=self.account_id
            )

    def real_size(self, name: str, image: Image) -> int | None:
        """The image's size from its stored layers, when every one of them was uploaded."""
        if not self.blobs.holds_any(name):  # a synthetic image: no manifest to read again
            return None
        entries = manifest_blobs(image.manifest)[1:]  # the layers, not the config
        sizes = [self.blobs.size(name, d) for d, _, _ in entries]
        if not entries or any(size is None for size in sizes):
            return None
        return sum(size for size in sizes if size is not None)

    # --- /v2/ ------------------------------------------------------------------------------------

    def v2_repository(self, name: str) -> Repository:
        return self.repository_for_push(name)

    def v2_pull_manifest(self, name: str, reference: str, *, record: bool) -> Image:
        """A manifest GET/HEAD: the image; a tag under a pull-through rule is pulled through it
        exactly as ``simulate_pull`` does (the repository created, the image cached and scanned)."""
        image_id = {"imageDigest": reference} if ":" in reference else {"imageTag": reference}
        repo = self.repositories.get(name)
        image = repo.find_image(image_id) if repo is not None else None
        through = (
            "imageTag" in image_id
            and self.pull_through.rule_for(name) is not None
            and (image is None or (record and not image.archived))
        )
        if through:  # a HEAD caches; only a GET counts as a pull
            self.simulate_pull(name, reference, None, record=record)
            repo = self.repositories.get(name)
            image = repo.find_image(image_id) if repo is not None else None
        if repo is None:
            raise RepositoryNotFoundException(name=name, registry_id=self.account_id)
        if image is None or image.archived:  # archived images "fail with a 404" (User Guide)
            raise ImageNotFoundException(image_id=image_id, name=name, registry_id=self.account_id)
        if record and not through:
            image.last_recorded_pull_time = _clock.now()
        return image

    def v2_push_manifest(
        self, name: str, reference: str, manifest: str, media_type: str | None
    ) -> Image:
        """A manifest PUT: a push (the same push PutImage makes); pushing what is there is fine."""
        repo = self.v2_repository(name)
        tag, digest = (None, reference) if ":" in reference else (reference, None)
        media = None if media_type is None else media_type.split(";", 1)[0].strip().lower()
        media = None if media in _GENERIC_TYPES else media
        self.check_layers(name, manifest)
        try:
            return self.push_image(repo, manifest, tag=tag, media_type=media, digest=digest)
        except ImageAlreadyExistsException:
            return repo.get_image({"imageDigest": sha256_digest(manifest.encode())})

    def v2_delete_manifest(self, name: str, reference: str) -> None:
        repo = self.get_repository(name)
        if ":" not in reference:
            raise RegistryError("UNSUPPORTED", "Deleting a manifest by tag is not supported.")
        image = repo.get_image({"imageDigest": reference})
        self.batch_delete_image(name, [{"imageDigest": image.digest}])

    def v2_tags(self, name: str) -> list[str]:
        return list(self.get_repository(name).tag_index)

    def v2_blob_size(self, name: str, digest: str) -> int:
        self.get_repository(name)
        size = self.blobs.size(name, digest)
        if size is None:
            raise LayerNotInRepository(digest=digest, name=name, registry_id=self.account_id)
        return size

    def v2_store_blob(self, name: str, data: bytes, digest: str) -> str:
        """A monolithic blob upload: ``data`` must hash to ``digest``."""
        computed = sha256_digest(data)
        if computed != digest:
            raise InvalidLayerException(computed=computed, given=digest)
        return self.blobs.add(name, data, digest)

    # --- referrers -------------------------------------------------------------------------------

    def referrers(self, name: str, subject: str) -> list[dict[str, Any]]:
        """Every image of ``name`` whose ``subject`` is ``subject``, as ``ImageReferrer`` dicts."""
        repo = self.get_repository(name)
        return [_referrer(image) for image in repo.images.values() if image.subject == subject]

    def list_referrers(
        self, name: str, subject: str, filter_: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        """The referrers ``/v2/`` serves: active ones, as OCI descriptors."""
        del filter_
        return [
            {k: v for k, v in r.items() if k != "artifactStatus"}
            for r in self.referrers(name, subject)
            if r.get("artifactStatus", "ACTIVE") == "ACTIVE"
        ]

    def list_image_referrers(
        self,
        name: str,
        subject: str,
        filter_: dict[str, Any] | None,
        max_results: int | None,
        next_token: str | None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """ListImageReferrers: one page and the next token."""
        filter_ = filter_ or {}
        types = filter_.get("artifactTypes") or None
        status = filter_.get("artifactStatus", "ACTIVE")
        chosen = [
            r
            for r in self.referrers(name, subject)
            if (types is None or r.get("artifactType") in types)
            and status in ("ANY", r.get("artifactStatus", "ACTIVE"))
        ]
        scope = f"{self.account_id}/{name}@{subject}"
        start = _paging.decode_token(next_token, "ListImageReferrers", scope)
        end = start + _paging.page_size(max_results)
        token = (
            _paging.encode_token("ListImageReferrers", scope, end) if end < len(chosen) else None
        )
        return chosen[start:end], token

    # --- helpers ---------------------------------------------------------------------------------

    def _ids(self, name: str) -> dict[str, str]:
        return {"registryId": self.account_id, "repositoryName": name}

    def _layer_media_types(self, repo: Repository) -> dict[str, str]:
        found: dict[str, str] = {}
        for image in repo.images.values():
            for digest, _, media in manifest_blobs(image.manifest):
                if media:
                    found.setdefault(digest, media)
        return found

    def _only_archived(self, repo: Repository, digest: str) -> bool:
        holders = [image for image in repo.images.values() if _references(image, digest)]
        return bool(holders) and all(_archived(image) for image in holders)


def _layer_failure(digest: str, code: str, reason: str) -> dict[str, Any]:
    return {"layerDigest": digest, "failureCode": code, "failureReason": reason}


def _references(image: Image, digest: str) -> bool:
    return any(d == digest for d, _, _ in manifest_blobs(image.manifest))


def _archived(image: Image) -> bool:
    return image.archived


def _referrer(image: Image) -> dict[str, Any]:
    out: dict[str, Any] = {
        "digest": image.digest,
        "mediaType": image.media_type,
        "size": len(image.manifest.encode()),
    }
    if image.artifact_media_type:
        out["artifactType"] = image.artifact_media_type
    try:
        annotations = json.loads(image.manifest).get("annotations")
    except (ValueError, AttributeError):
        annotations = None
    if isinstance(annotations, dict) and annotations:
        out["annotations"] = {str(k): str(v) for k, v in annotations.items()}
    out["artifactStatus"] = "ARCHIVED" if _archived(image) else "ACTIVE"
    return out
