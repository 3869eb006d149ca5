"""Image manifests: media types, digests, and what PutImage reads out of a manifest.

A digest is the sha256 of the manifest bytes, as in ECR and every OCI registry. The rest of
:class:`ManifestInfo` is what DescribeImages reports (manifest and artifact media types, size, the
``subject`` of a referrer) and what PutImage checks (the manifests an index references).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ecrfake.exceptions import InvalidManifestJson, ManifestMediaTypeMismatch

__all__ = [
    "DOCKER_MANIFEST_LIST",
    "DOCKER_MANIFEST_V1",
    "DOCKER_MANIFEST_V1_SIGNED",
    "DOCKER_MANIFEST_V2",
    "IMAGE_CONFIG_TYPES",
    "INDEX_MEDIA_TYPES",
    "OCI_INDEX",
    "OCI_MANIFEST",
    "ManifestInfo",
    "digest_of",
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
    """What ecrfake reads out of one manifest."""

    digest: str
    media_type: str
    #: The config media type (or the OCI ``artifactType``); ``None`` for an index.
    artifact_media_type: str | None
    #: Sum of the layer sizes; an index's size is filled in from its children by the repository.
    size: int
    #: Digests of the manifests an index references.
    children: tuple[str, ...]
    #: Digest of the manifest this one refers to (OCI ``subject``), if any.
    subject: str | None


_SCAN: Any = getattr(json.JSONDecoder(), "scan_once")  # noqa: B009 (set in __init__, not in the stubs)
_JSON_WHITESPACE = " \t\n\r"


def _load(text: str) -> Any:
    """``json.loads(text)``, with the C scanner called directly (one call instead of four layers of
    Python per push); raises ``ValueError`` where ``json.loads`` does."""
    body = text.strip(_JSON_WHITESPACE)
    try:
        value, end = _SCAN(body, 0)
    except StopIteration:
        raise ValueError("not JSON") from None
    if end != len(body):
        raise ValueError("extra data after the JSON value")
    return value


def digest_of(manifest: str) -> str:
    """The ``sha256:<hex>`` digest of the manifest text (its UTF-8 bytes)."""
    return "sha256:" + hashlib.sha256(manifest.encode("utf-8")).hexdigest()


def _media_type(doc: dict[str, Any], given: str | None) -> str:
    value = doc.get("mediaType")
    declared = value if isinstance(value, str) else None
    if given is not None:
        if declared and declared != given:
            raise ManifestMediaTypeMismatch(declared=declared, given=given)
        return given
    if declared:
        return declared
    if doc.get("schemaVersion") == 1:
        return DOCKER_MANIFEST_V1_SIGNED if "signatures" in doc else DOCKER_MANIFEST_V1
    # A schema-2 manifest with no mediaType of its own needs imageManifestMediaType: real ECR
    # refuses it as invalid JSON otherwise (aws/aws-sdk#193, containers/image#584).
    raise InvalidManifestJson()


def parse_manifest(manifest: str, media_type: str | None = None) -> ManifestInfo:
    """Digest, media types, size and referenced manifests of an image manifest.

    The media type comes from ``imageManifestMediaType`` when given (it must agree with the
    manifest's own ``mediaType``), else from the manifest's ``mediaType``; a schema-1 manifest is
    recognised by its ``schemaVersion``. Anything else is ``InvalidParameterException``.
    """
    try:
        doc = _load(manifest)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser allows
        raise InvalidManifestJson() from None
    if not isinstance(doc, dict):
        raise InvalidManifestJson()
    media_type = _media_type(doc, media_type)
    children: tuple[str, ...] = ()
    artifact: str | None = None
    size = 0
    if media_type in INDEX_MEDIA_TYPES:
        entries = doc.get("manifests")
        if not isinstance(entries, list):
            raise InvalidManifestJson()
        children = tuple(
            m["digest"] for m in entries if isinstance(m, dict) and isinstance(m.get("digest"), str)
        )
    else:
        config = doc.get("config")
        if isinstance(doc.get("artifactType"), str):
            artifact = doc["artifactType"]
        elif isinstance(config, dict) and isinstance(config.get("mediaType"), str):
            artifact = config["mediaType"]
        layers = doc.get("layers") or doc.get("fsLayers") or []
        for layer in layers if isinstance(layers, list) else []:
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
