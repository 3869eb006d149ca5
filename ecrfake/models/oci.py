"""The pure parts of the registry HTTP API (Docker Registry V2 / OCI distribution) as ECR serves it.

Nothing here touches state: the request path parser, the error bodies the spec defines (with the
texts ECR gives), Accept negotiation and ECR's manifest conversion, ``Content-Range`` parsing, the
tags-list page and the referrers index. ``handlers/registry_api.py`` puts them together over the
registry model.

Sources: the OCI distribution spec (``spec.md``: endpoints end-1 to end-13, error codes code-1 to
code-14, the referrers API); ECR's User Guide "Private registry authentication" (the Basic
challenge), "Container image manifest format support" (conversion when pulling by tag); real ECR
answers quoted in public issues (``Not Authorized`` for a missing credential, ``denied: Your
authorization token has expired. Reauthenticate and try again.``, ``manifest unknown: Requested
image not found``, 201 for a chunk PATCH: openai/tart#273, jdx/mise#11376).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

__all__ = [
    "DIGEST_RE",
    "EXPIRED_TOKEN_MESSAGE",
    "MANIFEST_UNKNOWN_MESSAGE",
    "NAME_RE",
    "OCI_EMPTY_CONFIG",
    "TAG_RE",
    "RegistryError",
    "Route",
    "accepted_media_types",
    "challenge",
    "convert_manifest",
    "digest_of_bytes",
    "error_body",
    "negotiate",
    "parse_content_range",
    "parse_route",
    "referrers_index",
    "tags_page",
]

#: A repository name, as the distribution spec and ECR's model define it.
NAME_RE = re.compile(
    r"[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*"
)
#: A tag (the spec's reference grammar).
TAG_RE = re.compile(r"[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}")
#: A digest ``algorithm:encoded`` (the OCI image spec grammar).
DIGEST_RE = re.compile(r"[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")
_SHA256_RE = re.compile(r"sha256:[a-f0-9]{64}")

MANIFEST_UNKNOWN_MESSAGE = "Requested image not found"
EXPIRED_TOKEN_MESSAGE = "Your authorization token has expired. Reauthenticate and try again."
OCI_EMPTY_CONFIG = "application/vnd.oci.empty.v1+json"

DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
_DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
_OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
_LAYER_TYPES = {
    "application/vnd.docker.image.rootfs.diff.tar.gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip": (
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
    ),
}

#: HTTP status of each spec error code.
STATUS = {
    "BLOB_UNKNOWN": 404,
    "BLOB_UPLOAD_INVALID": 400,
    "BLOB_UPLOAD_UNKNOWN": 404,
    "DIGEST_INVALID": 400,
    "MANIFEST_BLOB_UNKNOWN": 400,
    "MANIFEST_INVALID": 400,
    "MANIFEST_UNKNOWN": 404,
    "NAME_INVALID": 400,
    "NAME_UNKNOWN": 404,
    "SIZE_INVALID": 400,
    "UNAUTHORIZED": 401,
    "DENIED": 403,
    "UNSUPPORTED": 405,
    "TOOMANYREQUESTS": 429,
    "TAG_INVALID": 400,
    "RANGE_INVALID": 416,
}


class RegistryError(Exception):
    """An error answered in the spec's form: ``{"errors": [{"code", "message", "detail"}]}``."""

    def __init__(self, code: str, message: str, *, status: int | None = None, detail: Any = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status if status is not None else STATUS.get(code, 400)
        self.detail = detail

    def body(self) -> bytes:
        return error_body(self.code, self.message, self.detail)


def digest_of_bytes(data: bytes) -> str:
    """``sha256:<hex>`` of a manifest body as sent."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def error_body(code: str, message: str, detail: Any = None) -> bytes:
    """The spec's error JSON for one error."""
    entry: dict[str, Any] = {"code": code, "message": message}
    if detail is not None:
        entry["detail"] = detail
    return json.dumps({"errors": [entry]}).encode()


def challenge(account_id: str, host: str) -> str:
    """ECR's ``WWW-Authenticate`` value: Basic, realm the registry URL, service ``ecr.amazonaws.com``."""
    del account_id  # the realm is the host the client called, which names the account
    return f'Basic realm="https://{host}/",service="ecr.amazonaws.com"'


@dataclass(frozen=True)
class Route:
    """One parsed ``/v2/`` request."""

    #: base, catalog, manifest, blob, upload_start, upload, tags, referrers
    kind: str
    name: str = ""
    reference: str = ""
    query: dict[str, list[str]] = field(default_factory=dict)

    def param(self, key: str) -> str | None:
        values = self.query.get(key)
        return values[0] if values else None


_PATH_RE = re.compile(
    r"(?P<name>.+)/(?P<kind>manifests|blobs/uploads|blobs|tags|referrers)(?:/(?P<ref>[^/]*))?"
)


def parse_route(url: str) -> Route | None:
    """The route of a ``/v2/`` URL, ``None`` if it is not one (then the caller answers 404).

    Names and references are checked: a bad name is ``NAME_INVALID``, a bad tag ``TAG_INVALID`` (the
    spec's ``MANIFEST_INVALID`` family is for bodies), a bad digest ``DIGEST_INVALID``.
    """
    parts = urlsplit(url)
    path = parts.path
    query = parse_qs(parts.query, keep_blank_values=True)
    if path in ("/v2", "/v2/"):
        return Route("base", query=query)
    if not path.startswith("/v2/"):
        return None
    rest = path[4:]
    if rest.rstrip("/") == "_catalog":
        return Route("catalog", query=query)
    match = _PATH_RE.fullmatch(rest)
    if match is None:
        return None
    name, kind, ref = match["name"], match["kind"], match["ref"]
    if NAME_RE.fullmatch(name) is None or len(name) > 256:
        raise RegistryError("NAME_INVALID", f"invalid repository name: {name[:300]}")
    if kind == "manifests":
        if not ref:
            return None
        if ":" in ref:
            _check_digest(ref)
        elif TAG_RE.fullmatch(ref) is None:
            raise RegistryError("TAG_INVALID", f"invalid tag: {ref[:300]}")
        return Route("manifest", name, ref, query)
    if kind == "blobs/uploads":
        return Route("upload" if ref else "upload_start", name, ref or "", query)
    if kind == "blobs":
        if not ref:
            return None
        _check_digest(ref)
        return Route("blob", name, ref, query)
    if kind == "tags":
        return Route("tags", name, "", query) if ref == "list" else None
    if not ref:
        return None
    _check_digest(ref)
    return Route("referrers", name, ref, query)


def _check_digest(value: str) -> None:
    if DIGEST_RE.fullmatch(value) is None or (
        value.startswith("sha256:") and _SHA256_RE.fullmatch(value) is None
    ):
        raise RegistryError("DIGEST_INVALID", f"invalid digest: {value[:300]}")


def check_digest(value: str | None) -> str:
    """A well-formed sha256 digest from a query parameter, else ``DIGEST_INVALID``."""
    if value is None or _SHA256_RE.fullmatch(value) is None:
        raise RegistryError("DIGEST_INVALID", "provided digest did not match uploaded content")
    return value


def parse_content_range(value: str | None) -> tuple[int, int] | None:
    """``(first, last)`` of a chunk's ``Content-Range`` (``0-99`` or ``bytes 0-99/*``); ``None`` if
    absent. A malformed one is ``RANGE_INVALID`` (416, as the spec answers an out-of-order chunk)."""
    if value is None:
        return None
    match = re.fullmatch(r"\s*(?:bytes[ =])?(\d+)-(\d+)(?:/(?:\d+|\*))?\s*", value)
    if match is None or int(match[2]) < int(match[1]):
        raise RegistryError(
            "BLOB_UPLOAD_INVALID", f"invalid content range: {value[:100]}", status=416
        )
    return int(match[1]), int(match[2])


def accepted_media_types(accept: Iterable[str]) -> set[str] | None:
    """The media types an ``Accept`` header names (several headers or comma lists); ``None`` for
    anything (no header, or ``*/*``)."""
    types: set[str] = set()
    for header in accept:
        for item in header.split(","):
            media = item.split(";", 1)[0].strip().lower()
            if media:
                types.add(media)
    if not types or "*/*" in types or "application/*" in types:
        return None
    return types


def negotiate(
    stored_type: str, manifest: str, accept: Iterable[str], *, by_tag: bool
) -> tuple[str, str]:
    """``(media_type, body)`` to answer a manifest GET with, following ECR's conversion table.

    Pulled by tag, a Docker V2 schema 2 manifest is converted to OCI for a client that accepts only
    OCI, and an OCI manifest to Docker V2 schema 2 for one that accepts only that. Pulled by digest,
    nothing is converted. Whatever cannot be converted is answered as stored (as the Docker and
    OCI reference registries do; ECR's guide says the client falls back).
    """
    accepted = accepted_media_types(accept)
    if accepted is None or stored_type in accepted or not by_tag:
        return stored_type, manifest
    if stored_type == DOCKER_V2 and OCI_MANIFEST in accepted:
        return OCI_MANIFEST, convert_manifest(manifest, OCI_MANIFEST)
    if stored_type == OCI_MANIFEST and DOCKER_V2 in accepted:
        return DOCKER_V2, convert_manifest(manifest, DOCKER_V2)
    return stored_type, manifest


def convert_manifest(manifest: str, target: str) -> str:
    """The manifest rewritten to ``target`` (Docker V2 schema 2 <-> OCI image manifest)."""
    doc = json.loads(manifest)
    to_oci = target == OCI_MANIFEST
    layer_map = _LAYER_TYPES if to_oci else {v: k for k, v in _LAYER_TYPES.items()}
    doc["mediaType"] = target
    config = doc.get("config")
    if isinstance(config, dict):
        config["mediaType"] = _OCI_CONFIG if to_oci else _DOCKER_CONFIG
    for layer in doc.get("layers") or []:
        if isinstance(layer, dict) and layer.get("mediaType") in layer_map:
            layer["mediaType"] = layer_map[layer["mediaType"]]
    return json.dumps(doc, indent=3)


def tags_page(
    name: str, tags: Iterable[str], n: str | None, last: str | None
) -> tuple[dict[str, Any], str | None]:
    """The tags-list body (lexically ordered, after ``last``, at most ``n``) and a ``Link`` header
    value when more follow. An ``n`` that is not a non-negative integer is ignored (the spec
    says nothing of it)."""
    ordered = sorted(tags)
    if last is not None:
        ordered = [t for t in ordered if t > last]
    limit = int(n) if n is not None and n.isdigit() else None
    link = None
    if limit is not None and len(ordered) > limit:
        ordered = ordered[:limit]
        if ordered:
            link = f'</v2/{name}/tags/list?n={limit}&last={quote(ordered[-1])}>; rel="next"'
    return {"name": name, "tags": ordered}, link


def referrers_index(
    descriptors: Sequence[dict[str, Any]], artifact_type: str | None
) -> tuple[dict[str, Any], bool]:
    """The referrers API's image index of ``descriptors`` (filtered to ``artifact_type`` if
    given) and whether the filter was applied (the ``OCI-Filters-Applied`` header)."""
    chosen = [
        d for d in descriptors if artifact_type is None or d.get("artifactType") == artifact_type
    ]
    index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": list(chosen)}
    return index, artifact_type is not None
