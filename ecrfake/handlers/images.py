"""Images: PutImage, BatchGetImage, BatchDeleteImage, ListImages, DescribeImages,
ListImageReferrers, UpdateImageStorageClass.

The behaviour lives in :mod:`ecrfake.models.registry` (the push path) and
:mod:`ecrfake.models.images` (reads and batch writes over one repository's images).
"""

from __future__ import annotations

from typing import Any

from ecrfake._operations import Call, operation
from ecrfake.handlers._paging import page
from ecrfake.models._paging import reject_paging_with_ids

__all__: list[str] = []


@operation("PutImage")
def put_image(call: Call) -> dict[str, Any]:
    p = call.params
    repo, image = call.registry.put_image(
        p["repositoryName"],
        p["imageManifest"],
        tag=p.get("imageTag"),
        media_type=p.get("imageManifestMediaType"),
        digest=p.get("imageDigest"),
    )
    return {
        "image": {
            "registryId": repo.registry_id,
            "repositoryName": repo.name,
            "imageId": image.image_id(p.get("imageTag")),
            "imageManifest": image.manifest,
            "imageManifestMediaType": image.media_type,
        }
    }


@operation("BatchGetImage")
def batch_get_image(call: Call) -> dict[str, Any]:
    p = call.params
    images, failures = call.registry.batch_get_image(
        p["repositoryName"], p["imageIds"], p.get("acceptedMediaTypes")
    )
    return {"images": images, "failures": failures}


@operation("BatchDeleteImage")
def batch_delete_image(call: Call) -> dict[str, Any]:
    p = call.params
    deleted, failures = call.registry.batch_delete_image(p["repositoryName"], p["imageIds"])
    return {"imageIds": deleted, "failures": failures}


@operation("ListImages")
def list_images(call: Call) -> dict[str, Any]:
    p = call.params
    ids, token = call.registry.list_images(
        p["repositoryName"], p.get("filter"), p.get("maxResults"), p.get("nextToken")
    )
    return page("imageIds", ids, token)


@operation("DescribeImages")
def describe_images(call: Call) -> dict[str, Any]:
    p = call.params
    reject_paging_with_ids(p, "imageIds")
    details, token = call.registry.describe_images(
        p["repositoryName"],
        p.get("imageIds"),
        p.get("filter"),
        p.get("maxResults"),
        p.get("nextToken"),
    )
    return page("imageDetails", details, token)


@operation("ListImageReferrers")
def list_image_referrers(call: Call) -> dict[str, Any]:
    p = call.params
    referrers, token = call.registry.list_image_referrers(
        p["repositoryName"],
        p["subjectId"]["imageDigest"],
        p.get("filter"),
        p.get("maxResults"),
        p.get("nextToken"),
    )
    return page("referrers", referrers, token)


@operation("UpdateImageStorageClass")
def update_image_storage_class(call: Call) -> dict[str, Any]:
    p = call.params
    return call.registry.update_image_storage_class(
        p["repositoryName"], p["imageId"], p["targetStorageClass"]
    )
