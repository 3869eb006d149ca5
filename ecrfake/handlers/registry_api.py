"""The registry HTTP API (``/v2/``) on a registry host, and the layer bucket's presigned GETs.

Thin: each request is parsed (:mod:`ecrfake.models.oci`), authenticated against the passwords
GetAuthorizationToken issued, answered by ONE registry model call, and written back with the
status and headers ECR uses. ECR's wire errors are mapped onto the spec's codes here, so the model
stays the one the JSON API uses (a manifest PUT here is a push, a pull under a pull-through rule is
``simulate_pull``'s).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ecrfake import _clock
from ecrfake._http import header
from ecrfake.exceptions import (
    EcrError,
    EmptyUploadException,
    ImageDigestDoesNotMatchException,
    ImageNotFoundException,
    ImageTagAlreadyExistsException,
    InvalidLayerException,
    InvalidLayerPartException,
    InvalidParameterException,
    LayerPartTooSmallException,
    LayersNotFoundException,
    LimitExceededException,
    ReferencedImagesNotFoundException,
    RepositoryNotFoundException,
    UploadNotFoundException,
)
from ecrfake.models import oci, presign
from ecrfake.models.registry_auth import AuthOutcome

if TYPE_CHECKING:
    from ecrfake.models.registry import RegistryModel

__all__ = ["answer", "answer_layer_download"]

Reply = tuple[int, dict[str, str], bytes]
_API_VERSION = {"Docker-Distribution-Api-Version": "registry/2.0"}

#: ECR wire errors (from the shared model) -> the spec's code for the same failure.
_SPEC_CODES: dict[type[EcrError], str] = {
    RepositoryNotFoundException: "NAME_UNKNOWN",
    ImageNotFoundException: "MANIFEST_UNKNOWN",
    ImageTagAlreadyExistsException: "TAG_INVALID",
    LayersNotFoundException: "MANIFEST_BLOB_UNKNOWN",
    ReferencedImagesNotFoundException: "MANIFEST_BLOB_UNKNOWN",
    InvalidParameterException: "MANIFEST_INVALID",
    ImageDigestDoesNotMatchException: "DIGEST_INVALID",
    UploadNotFoundException: "BLOB_UPLOAD_UNKNOWN",
    InvalidLayerException: "DIGEST_INVALID",
    LayerPartTooSmallException: "BLOB_UPLOAD_INVALID",
    EmptyUploadException: "BLOB_UPLOAD_INVALID",
    LimitExceededException: "TOOMANYREQUESTS",
}


def _reply(status: int, body: bytes = b"", /, **headers: str) -> Reply:
    out = dict(_API_VERSION)
    out.update({k.replace("_", "-"): v for k, v in headers.items()})
    return status, out, body


def _json(status: int, doc: Any, /, **headers: str) -> Reply:
    return _reply(status, json.dumps(doc).encode(), Content_Type="application/json", **headers)


def _spec_error(error: oci.RegistryError, extra: dict[str, str] | None = None) -> Reply:
    status, out, body = _reply(error.status, error.body(), Content_Type="application/json")
    out.update(extra or {})
    return status, out, body


def _from_ecr(error: EcrError) -> Reply:
    if isinstance(error, InvalidLayerPartException):
        last = error.fields["last_valid"]
        return _spec_error(
            oci.RegistryError("BLOB_UPLOAD_INVALID", error.message, status=416),
            {"Range": f"0-{last}"},
        )
    code = next((c for cls, c in _SPEC_CODES.items() if isinstance(error, cls)), None)
    if code is None:  # any other ECR refusal: the spec's catch-all, with ECR's text
        return _spec_error(oci.RegistryError("UNSUPPORTED", error.message, status=400))
    message = oci.MANIFEST_UNKNOWN_MESSAGE if code == "MANIFEST_UNKNOWN" else error.message
    return _spec_error(oci.RegistryError(code, message))


def answer(
    registry: RegistryModel,
    host: str,
    method: str,
    url: str,
    headers: Mapping[str, Any] | None,
    body: bytes,
) -> Reply:
    """Answer one request to ``registry``'s host (the caller holds the state lock).

    A HEAD answer carries the headers of the GET and no body.
    """
    status, out, data = _answer(registry, host, method, url, headers, body)
    return (status, out, b"") if method.upper() == "HEAD" else (status, out, data)


def _answer(
    registry: RegistryModel,
    host: str,
    method: str,
    url: str,
    headers: Mapping[str, Any] | None,
    body: bytes,
) -> Reply:
    outcome = registry.auth.check(header(headers, "Authorization"), _clock.now())
    if outcome is AuthOutcome.UNAUTHORIZED:
        return _reply(
            401,
            b"Not Authorized\n",
            Content_Type="text/plain; charset=utf-8",
            WWW_Authenticate=oci.challenge(registry.account_id, host),
        )
    if outcome is AuthOutcome.EXPIRED:
        return _spec_error(oci.RegistryError("DENIED", oci.EXPIRED_TOKEN_MESSAGE))
    try:
        route = oci.parse_route(url)
        if route is None:
            return _spec_error(oci.RegistryError("UNSUPPORTED", "Not Found", status=404))
        return _route(registry, route, method.upper(), headers, body)
    except oci.RegistryError as error:
        return _spec_error(error)
    except EcrError as error:
        return _from_ecr(error)


def _route(
    registry: RegistryModel,
    route: oci.Route,
    method: str,
    headers: Mapping[str, Any] | None,
    body: bytes,
) -> Reply:
    kind = route.kind
    if kind == "base":
        return _json(200, {})
    if kind == "catalog" and method == "GET":
        names = list(registry.repositories.keys())
        page, link = oci.tags_page("", names, route.param("n"), route.param("last"))
        extra = {"Link": link.replace("/v2//tags/list", "/v2/_catalog")} if link else {}
        return _json(200, {"repositories": page["tags"]}, **extra)
    if kind == "manifest":
        return _manifest(registry, route, method, headers, body)
    if kind == "blob" and method in ("GET", "HEAD"):
        return _blob(registry, route, method)
    if kind in ("upload_start", "upload"):
        return _upload(registry, route, method, headers, body)
    if kind == "tags" and method == "GET":
        tags = registry.v2_tags(route.name)
        page, link = oci.tags_page(route.name, tags, route.param("n"), route.param("last"))
        return _json(200, page, **({"Link": link} if link else {}))
    if kind == "referrers" and method == "GET":
        artifact_type = route.param("artifactType")
        found = registry.list_referrers(route.name, route.reference, None)
        index, applied = oci.referrers_index(found, artifact_type)
        extra = {"OCI-Filters-Applied": "artifactType"} if applied else {}
        status, out, data = _json(200, index, **extra)
        out["Content-Type"] = oci.OCI_INDEX
        return status, out, data
    raise oci.RegistryError("UNSUPPORTED", f"The operation {method} is unsupported.")


def _manifest(
    registry: RegistryModel,
    route: oci.Route,
    method: str,
    headers: Mapping[str, Any] | None,
    body: bytes,
) -> Reply:
    if method in ("GET", "HEAD"):
        accept = [a for a in [header(headers, "Accept")] if a]
        image = registry.v2_pull_manifest(route.name, route.reference, record=method == "GET")
        by_tag = ":" not in route.reference
        media, text = oci.negotiate(image.media_type, image.manifest, accept, by_tag=by_tag)
        data = text.encode()
        digest = image.digest if text is image.manifest else oci.digest_of_bytes(data)
        return _reply(
            200,
            b"" if method == "HEAD" else data,
            Content_Type=media,
            Docker_Content_Digest=digest,
            Content_Length=str(len(data)),
        )
    if method == "PUT":
        media_type = header(headers, "Content-Type")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise oci.RegistryError("MANIFEST_INVALID", "manifest invalid") from None
        image = registry.v2_push_manifest(route.name, route.reference, text, media_type)
        extra = {"OCI-Subject": image.subject} if image.subject else {}
        return _reply(
            201,
            Location=f"/v2/{route.name}/manifests/{image.digest}",
            Docker_Content_Digest=image.digest,
            Content_Length="0",
            **extra,
        )
    if method == "DELETE":
        registry.v2_delete_manifest(route.name, route.reference)
        return _reply(202, Content_Length="0")
    raise oci.RegistryError("UNSUPPORTED", f"The operation {method} is unsupported.")


def _blob(registry: RegistryModel, route: oci.Route, method: str) -> Reply:
    try:
        size = registry.v2_blob_size(route.name, route.reference)
    except LayersNotFoundException as error:
        raise oci.RegistryError("BLOB_UNKNOWN", error.message) from None
    if method == "HEAD":
        return _reply(
            200,
            Content_Length=str(size),
            Docker_Content_Digest=route.reference,
            Content_Type="application/octet-stream",
        )
    # ECR answers a blob GET with a redirect to the layer's presigned S3 URL.
    location = registry.layer_download_url(route.name, route.reference)
    return _reply(307, Location=location, Docker_Content_Digest=route.reference)


def _upload(
    registry: RegistryModel,
    route: oci.Route,
    method: str,
    headers: Mapping[str, Any] | None,
    body: bytes,
) -> Reply:
    name = route.name
    blobs = registry.blobs
    if route.kind == "upload_start":
        if method != "POST":
            raise oci.RegistryError("UNSUPPORTED", f"The operation {method} is unsupported.")
        registry.v2_repository(name)
        mount, source = route.param("mount"), route.param("from")
        if mount and source and blobs.mount(name, source, oci.check_digest(mount)):
            return _blob_created(name, mount)
        digest = route.param("digest")
        if digest is not None:
            stored = registry.v2_store_blob(name, body, oci.check_digest(digest))
            return _blob_created(name, stored)
        upload = blobs.initiate(name)
        return _upload_state(202, name, upload.upload_id, upload.size)
    upload = blobs.upload(name, route.reference)
    if method == "GET":
        return _upload_state(204, name, upload.upload_id, upload.size)
    if method == "DELETE":
        blobs.cancel(name, upload.upload_id)
        return _reply(204, Content_Length="0")
    if method not in ("PATCH", "PUT"):
        raise oci.RegistryError("UNSUPPORTED", f"The operation {method} is unsupported.")
    span = oci.parse_content_range(header(headers, "Content-Range"))
    if span is not None and body and (span[0] != upload.size or span[1] - span[0] + 1 != len(body)):
        return _spec_error(
            oci.RegistryError(
                "BLOB_UPLOAD_INVALID", "the chunk does not continue the upload", status=416
            ),
            {
                "Location": f"/v2/{name}/blobs/uploads/{upload.upload_id}",
                "Range": f"0-{max(upload.size - 1, 0)}",
            },
        )
    if method == "PATCH":
        blobs.append(name, upload.upload_id, body)
        # ECR answers a chunk with 201, not the spec's 202 (openai/tart#273, jdx/mise#11376).
        return _upload_state(201, name, upload.upload_id, upload.size)
    digest = oci.check_digest(route.param("digest"))
    stored = blobs.finish(name, upload.upload_id, digest, body)
    return _blob_created(name, stored)


def _upload_state(status: int, name: str, upload_id: str, size: int) -> Reply:
    return _reply(
        status,
        Location=f"/v2/{name}/blobs/uploads/{upload_id}",
        Range=f"0-{max(size - 1, 0)}",
        Docker_Upload_UUID=upload_id,
        Content_Length="0",
    )


def _blob_created(name: str, digest: str) -> Reply:
    return _reply(
        201,
        Location=f"/v2/{name}/blobs/{digest}",
        Docker_Content_Digest=digest,
        Content_Length="0",
    )


def answer_layer_download(registry_for: Any, url: str) -> Reply:
    """A GET of a layer's presigned URL: the bytes, or S3's XML error.

    ``registry_for(account_id, region)`` gives the registry model the URL names.
    """
    now = _clock.now()
    try:
        found = presign.verify_url(url, now)
        data = registry_for(found.account_id, found.region).blobs.download(found.key)
        if data is None:
            raise presign.no_such_key(url)
    except presign.S3Error as error:
        return error.status, {"Content-Type": "application/xml"}, error.body()
    return (
        200,
        {"Content-Type": "application/octet-stream", "Content-Length": str(len(data))},
        data,
    )
