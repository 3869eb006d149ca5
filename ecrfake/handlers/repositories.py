"""Repositories and their resource tags: CreateRepository, DescribeRepositories, DeleteRepository,
TagResource, UntagResource, ListTagsForResource. The behaviour lives in
:mod:`ecrfake.models.registry` and :mod:`ecrfake.models.repository`.
"""

from __future__ import annotations

from typing import Any

from ecrfake._operations import Call, operation
from ecrfake.handlers._paging import page
from ecrfake.models._paging import reject_paging_with_ids

__all__: list[str] = []


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
    return page("repositories", [r.to_api() for r in repos], token)


@operation("DeleteRepository")
def delete_repository(call: Call) -> dict[str, Any]:
    p = call.params
    repo = call.registry.delete_repository(p["repositoryName"], force=bool(p.get("force", False)))
    return {"repository": repo.to_api()}


@operation("TagResource")
def tag_resource(call: Call) -> dict[str, Any]:
    call.registry.tag_resource(call.params["resourceArn"], call.params["tags"])
    return {}


@operation("UntagResource")
def untag_resource(call: Call) -> dict[str, Any]:
    call.registry.untag_resource(call.params["resourceArn"], call.params["tagKeys"])
    return {}


@operation("ListTagsForResource")
def list_tags_for_resource(call: Call) -> dict[str, Any]:
    return {"tags": call.registry.list_tags(call.params["resourceArn"])}


@operation("PutImageTagMutability")
def put_image_tag_mutability(call: Call) -> dict[str, Any]:
    p = call.params
    repo = call.registry.put_image_tag_mutability(
        p["repositoryName"], p["imageTagMutability"], p.get("imageTagMutabilityExclusionFilters")
    )
    out: dict[str, Any] = {
        "registryId": repo.registry_id,
        "repositoryName": repo.name,
        "imageTagMutability": repo.image_tag_mutability,
    }
    if repo.mutability_exclusions:
        out["imageTagMutabilityExclusionFilters"] = [dict(f) for f in repo.mutability_exclusions]
    return out
