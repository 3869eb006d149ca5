"""Repository and image operations: the ones a realistic scanning test needs around it."""

from __future__ import annotations

from typing import Any

from ecrfake._dispatch import Call, operation
from ecrfake.models.repository import Repository

__all__: list[str] = []


def repository_to_api(repo: Repository) -> dict[str, Any]:
    out: dict[str, Any] = {
        "repositoryArn": repo.arn,
        "registryId": repo.registry_id,
        "repositoryName": repo.name,
        "repositoryUri": repo.uri,
        "createdAt": repo.created_at,
        "imageTagMutability": repo.image_tag_mutability,
        "imageScanningConfiguration": {"scanOnPush": repo.scan_on_push},
        "encryptionConfiguration": dict(repo.encryption),
    }
    if repo.mutability_exclusions:
        out["imageTagMutabilityExclusionFilters"] = [dict(f) for f in repo.mutability_exclusions]
    return out


@operation("CreateRepository")
def create_repository(call: Call) -> dict[str, Any]:
    p = call.params
    settings: dict[str, Any] = {}
    if "imageTagMutability" in p:
        settings["image_tag_mutability"] = p["imageTagMutability"]
    if "imageScanningConfiguration" in p:
        settings["scan_on_push"] = bool(p["imageScanningConfiguration"].get("scanOnPush", False))
    repo = call.registry.create_repository(p["repositoryName"], **settings)
    return {"repository": repository_to_api(repo)}


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
    image_id: dict[str, Any] = {"imageDigest": image.digest}
    if p.get("imageTag") is not None:
        image_id["imageTag"] = p["imageTag"]
    return {
        "image": {
            "registryId": repo.registry_id,
            "repositoryName": repo.name,
            "imageId": image_id,
            "imageManifest": image.manifest,
            "imageManifestMediaType": image.media_type,
        }
    }
