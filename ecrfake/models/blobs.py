"""Layer blobs and upload sessions of one registry: the store behind the layer API and ``/v2/``.

Blobs are content addressed: each distinct digest's bytes are held once per registry, however many
repositories hold it, and each repository keeps the set of digests it holds (what ECR's
``BatchCheckLayerAvailability`` answers per repository). An upload keeps the parts it was sent as
they came (the ``bytes`` objects of the requests, never copied) and hashes them as they arrive, so
completing it costs one join (none for a single part) and no second pass over the data. Memory held
per stored byte stays at one byte plus a small constant per blob.

The rules are ECR's (botocore's model documentation and the texts ECR gives):

* a part must start right after the last byte received and be exactly ``last - first + 1`` bytes
  (else ``InvalidLayerPartException`` with ``lastValidByteReceived``), at most 20 MiB;
* every part but the last must be at least 5 MiB, checked when the upload completes
  (``LayerPartTooSmallException``);
* completing an upload with no part is ``EmptyUploadException``; a sha256 that is not among the
  digests given is ``InvalidLayerException``; a digest the repository already holds is
  ``LayerAlreadyExistsException``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ecrfake.exceptions import (
    EmptyUploadException,
    InvalidLayerException,
    InvalidLayerPartException,
    LayerAlreadyExistsException,
    LayerPartTooSmallException,
    UploadNotFoundException,
)

__all__ = [
    "PART_MAX_BYTES",
    "PART_MIN_BYTES",
    "PART_SIZE",
    "BlobStore",
    "Upload",
    "sha256_digest",
]

#: Every part but the last must be at least this long ("at least 5 MiB", botocore's model).
PART_MIN_BYTES = 5 * 1024 * 1024
#: The largest part UploadLayerPart takes ("20971520 bytes", botocore's model).
PART_MAX_BYTES = 20 * 1024 * 1024
#: The ``partSize`` InitiateLayerUpload suggests (the AWS CLI's example answer).
PART_SIZE = 10 * 1024 * 1024


def sha256_digest(data: bytes) -> str:
    """``sha256:<hex>`` of ``data``."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass
class Upload:
    """One upload session: the parts received so far, in order, and their running sha256."""

    upload_id: str
    repository: str
    parts: list[bytes] = field(default_factory=list)
    size: int = 0
    #: Some part before the latest one is shorter than :data:`PART_MIN_BYTES`.
    small_part: bool = False
    _hash: Any = field(default_factory=hashlib.sha256, repr=False)

    def append(self, data: bytes) -> None:
        """Add the next part (kept as given, hashed now)."""
        if self.parts and len(self.parts[-1]) < PART_MIN_BYTES:
            self.small_part = True
        self.parts.append(data)
        self.size += len(data)
        self._hash.update(data)

    def digest(self) -> str:
        """The sha256 digest of everything received so far."""
        return "sha256:" + str(self._hash.hexdigest())

    def data(self) -> bytes:
        """The whole upload as one ``bytes`` (the part itself when there is only one)."""
        if len(self.parts) == 1:
            return self.parts[0]
        return b"".join(self.parts)

    @property
    def last_byte(self) -> int:
        """The offset of the last byte received (0 before anything arrived), as ECR reports it."""
        return max(self.size - 1, 0)


class BlobStore:
    """The blobs and uploads of one registry (``account_id`` in ``region``)."""

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region
        self._blobs: dict[str, bytes] = {}
        self._holders: dict[str, int] = {}
        self._repositories: dict[str, set[str]] = {}
        self._uploads: dict[str, Upload] = {}
        self._downloads: dict[str, tuple[str, str]] = {}

    # --- reads -----------------------------------------------------------------------------------

    def contains(self, repository: str, digest: str) -> bool:
        """Whether ``repository`` holds the blob ``digest``."""
        return digest in self._repositories.get(repository, ())

    def get(self, repository: str, digest: str) -> bytes | None:
        """The bytes of blob ``digest`` in ``repository`` (the stored object, not a copy)."""
        return self._blobs[digest] if self.contains(repository, digest) else None

    def size(self, repository: str, digest: str) -> int | None:
        """The size of blob ``digest`` in ``repository``, ``None`` if it does not hold it."""
        data = self.get(repository, digest)
        return None if data is None else len(data)

    def holds_any(self, repository: str) -> bool:
        """Whether ``repository`` holds any blob at all (most tests' repositories hold none)."""
        return bool(self._repositories.get(repository))

    def digests(self, repository: str) -> frozenset[str]:
        """Every blob digest ``repository`` holds."""
        return frozenset(self._repositories.get(repository, ()))

    def stored_bytes(self) -> int:
        """The bytes held for blobs, each digest counted once."""
        return sum(len(data) for data in self._blobs.values())

    # --- writes ----------------------------------------------------------------------------------

    def add(self, repository: str, data: bytes, digest: str | None = None) -> str:
        """Store ``data`` in ``repository`` under its sha256 (``digest`` if the caller hashed it).

        The bytes are kept once per digest: a second repository (or a second push) adds a
        reference, not a copy. Returns the digest.
        """
        digest = digest or sha256_digest(data)
        held = self._repositories.setdefault(repository, set())
        if digest in held:
            return digest
        if digest not in self._blobs:
            self._blobs[digest] = bytes(data) if not isinstance(data, bytes) else data
            self._holders[digest] = 0
        held.add(digest)
        self._holders[digest] += 1
        return digest

    def mount(self, repository: str, source: str, digest: str) -> bool:
        """Make ``repository`` hold blob ``digest`` of ``source`` (a cross-repository mount)."""
        data = self.get(source, digest)
        if data is None:
            return False
        self.add(repository, data, digest)
        return True

    def drop_repository(self, repository: str) -> None:
        """Forget what ``repository`` holds (it was deleted); unreferenced bytes are released."""
        for digest in self._repositories.pop(repository, set()):
            self._holders[digest] -= 1
            if not self._holders[digest]:
                del self._holders[digest]
                del self._blobs[digest]
        for upload_id in [u for u, up in self._uploads.items() if up.repository == repository]:
            del self._uploads[upload_id]
        for key in [k for k, (repo, _) in self._downloads.items() if repo == repository]:
            del self._downloads[key]

    # --- uploads ---------------------------------------------------------------------------------

    def initiate(self, repository: str) -> Upload:
        """A new upload session into ``repository``."""
        upload = Upload(upload_id=str(uuid.uuid4()), repository=repository)
        self._uploads[upload.upload_id] = upload
        return upload

    def upload(self, repository: str, upload_id: str) -> Upload:
        """The open upload ``upload_id`` of ``repository`` (``UploadNotFoundException`` if none)."""
        upload = self._uploads.get(upload_id.lower())
        if upload is None or upload.repository != repository:
            raise UploadNotFoundException(
                upload_id=upload_id, name=repository, registry_id=self.account_id
            )
        return upload

    def cancel(self, repository: str, upload_id: str) -> None:
        """Drop an open upload (``UploadNotFoundException`` if there is none)."""
        del self._uploads[self.upload(repository, upload_id).upload_id]

    def upload_part(
        self, repository: str, upload_id: str, first: int, last: int, data: bytes
    ) -> int:
        """UploadLayerPart: append one part; returns the last byte received."""
        upload = self.upload(repository, upload_id)
        if first != upload.size or last < first or last - first + 1 != len(data):
            raise self._bad_part(upload, first, last)
        if len(data) > PART_MAX_BYTES:
            raise self._bad_part(upload, first, last)
        upload.append(data)
        return upload.last_byte

    def append(self, repository: str, upload_id: str, data: bytes) -> Upload:
        """Append a chunk at the end of an upload (the ``/v2/`` PATCH); the caller checks ranges."""
        upload = self.upload(repository, upload_id)
        if data:
            upload.append(data)
        return upload

    def complete(self, repository: str, upload_id: str, digests: Iterable[str]) -> str:
        """CompleteLayerUpload: check and store the upload; returns the layer digest."""
        upload = self.upload(repository, upload_id)
        self._check_complete(upload, list(digests))
        digest = upload.digest()
        if self.contains(repository, digest):
            del self._uploads[upload.upload_id]
            raise LayerAlreadyExistsException(
                digest=digest, name=repository, registry_id=self.account_id
            )
        return self._store(upload, digest)

    def finish(self, repository: str, upload_id: str, digest: str, tail: bytes = b"") -> str:
        """Complete an upload from ``/v2/`` (PUT with ``?digest=``): like :meth:`complete`, but
        a blob the repository already holds is not an error (the spec's PUT is idempotent)."""
        upload = self.append(repository, upload_id, tail)
        self._check_complete(upload, [digest])
        return self._store(upload, upload.digest())

    def _check_complete(self, upload: Upload, digests: list[str]) -> None:
        if not upload.parts:
            raise EmptyUploadException(upload_id=upload.upload_id)
        if upload.small_part:
            raise LayerPartTooSmallException()
        computed = upload.digest()
        if computed not in [d.lower() for d in digests]:
            raise InvalidLayerException(computed=computed, given=", ".join(digests))

    def _store(self, upload: Upload, digest: str) -> str:
        del self._uploads[upload.upload_id]
        data = upload.data()
        upload.parts.clear()
        return self.add(upload.repository, data, digest)

    def _bad_part(self, upload: Upload, first: int, last: int) -> InvalidLayerPartException:
        return InvalidLayerPartException(
            first=first,
            last=last,
            upload_id=upload.upload_id,
            last_valid=upload.last_byte,
            name=upload.repository,
            registry_id=self.account_id,
        )

    # --- download keys ---------------------------------------------------------------------------

    def download_key(self, repository: str, digest: str) -> str:
        """A fresh object key naming blob ``digest`` of ``repository`` (for a presigned URL)."""
        key = str(uuid.uuid4())
        self._downloads[key] = (repository, digest)
        return key

    def download(self, key: str) -> bytes | None:
        """The bytes a download key names, ``None`` if the key or the blob is gone."""
        found = self._downloads.get(key)
        return None if found is None else self.get(*found)
