"""Repository and image operations: the ones a realistic scanning test needs around it.

Each handler reads ``call.params`` (already validated against the model), makes one model call and
builds the response. The behaviour lives in :mod:`ecrfake.models.registry`,
:mod:`ecrfake.models.repository` and :mod:`ecrfake.models.images`.
"""

from __future__ import annotations

from typing import Any

from ecrfake._dispatch import Call, operation
from ecrfake.models._paging import reject_paging_with_ids
from ecrfake.models._tags import tags_to_api

__all__: list[str] = []


def _page(key: str, items: list[Any], token: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {key: items}
    if token is not None:
        out["nextToken"] = token
    return out


# -- repositories ---------------------------------------------------------------------------------


@operation("CreateRepository")
def create_repository(call: Call) -> dict[str, Any]:
    p = call.params
    repo = call.registry.create_repository(
        p["repositoryName"],
        tags=p.get("tags") or (),
        image_tag_mutability=p.get("imageTagMutability"),
        mutability_exclusions=p.get("imageTagMutabilityExclusionFilters"),
        scan_on_push=bool((p.get("imageScanningConfiguration") or {}).get("scanOnPush", False)),
        encryption=p.get("encryptionConfiguration"),
    )
    return {"repository": repo.to_api()}


@operation("DescribeRepositories")
def describe_repositories(call: Call) -> dict[str, Any]:
    p = call.params
    reject_paging_with_ids(p, "repositoryNames")
    repos, token = call.registry.describe_repositories(
        p.get("repositoryNames"), p.get("maxResults"), p.get("nextToken")
    )
    return _page("repositories", [r.to_api() for r in repos], token)


@operation("DeleteRepository")
def delete_repository(call: Call) -> dict[str, Any]:
    p = call.params
    repo = call.registry.delete_repository(p["repositoryName"], force=bool(p.get("force", False)))
    return {"repository": repo.to_api()}


@operation("PutImageScanningConfiguration")
def put_image_scanning_configuration(call: Call) -> dict[str, Any]:
    p = call.params
    scan_on_push = bool(p["imageScanningConfiguration"].get("scanOnPush", False))
    repo = call.registry.set_scan_on_push(p["repositoryName"], scan_on_push)
    return {
        "registryId": repo.registry_id,
        "repositoryName": repo.name,
        "imageScanningConfiguration": {"scanOnPush": repo.scan_on_push},
    }


# -- images ---------------------------------------------------------------------------------------


@operation("PutImage")
def put_image(call: Call) -> dict[str, Any]:
    p = call.params
    repo = call.registry.get_repository(p["repositoryName"])
    image = call.registry.push_image(
        repo,
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
    repo = call.registry.get_repository(p["repositoryName"])
    images, failures = call.registry.batch_get_images(
        repo, p["imageIds"], p.get("acceptedMediaTypes")
    )
    return {"images": images, "failures": failures}


@operation("BatchDeleteImage")
def batch_delete_image(call: Call) -> dict[str, Any]:
    p = call.params
    repo = call.registry.get_repository(p["repositoryName"])
    deleted, failures = call.registry.batch_delete_images(repo, p["imageIds"])
    return {"imageIds": deleted, "failures": failures}


@operation("ListImages")
def list_images(call: Call) -> dict[str, Any]:
    p = call.params
    repo = call.registry.get_repository(p["repositoryName"])
    ids, token = call.registry.list_images(
        repo, p.get("filter"), p.get("maxResults"), p.get("nextToken")
    )
    return _page("imageIds", ids, token)


@operation("DescribeImages")
def describe_images(call: Call) -> dict[str, Any]:
    p = call.params
    reject_paging_with_ids(p, "imageIds")
    repo = call.registry.get_repository(p["repositoryName"])
    details, token = call.registry.describe_images(
        repo, p.get("imageIds"), p.get("filter"), p.get("maxResults"), p.get("nextToken")
    )
    return _page("imageDetails", details, token)


# -- registry -------------------------------------------------------------------------------------


@operation("DescribeRegistry")
def describe_registry(call: Call) -> dict[str, Any]:
    # ecrfake models no replication: the configuration is always the empty rule list.
    return {"registryId": call.registry_id, "replicationConfiguration": {"rules": []}}


@operation("GetAuthorizationToken")
def get_authorization_token(call: Call) -> dict[str, Any]:
    ids = call.params.get("registryIds") or [call.registry_id]
    region = call.registry.region
    return {
        "authorizationData": [
            call.state.registry(rid, region).authorization_data() for rid in dict.fromkeys(ids)
        ]
    }


# -- resource tags --------------------------------------------------------------------------------


@operation("TagResource")
def tag_resource(call: Call) -> dict[str, Any]:
    repo = call.registry.repository_by_arn(call.params["resourceArn"])
    call.registry.tag_repository(repo, call.params["tags"])
    return {}


@operation("UntagResource")
def untag_resource(call: Call) -> dict[str, Any]:
    repo = call.registry.repository_by_arn(call.params["resourceArn"])
    call.registry.untag_repository(repo, call.params["tagKeys"])
    return {}


@operation("ListTagsForResource")
def list_tags_for_resource(call: Call) -> dict[str, Any]:
    repo = call.registry.repository_by_arn(call.params["resourceArn"])
    return {"tags": tags_to_api(repo.tags)}
