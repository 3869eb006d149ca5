"""Repositories and images."""

from __future__ import annotations

from typing import Any

from ecrfake.exceptions._base import EcrError, image_id_text

__all__ = [
    "ImageAlreadyExistsException",
    "ImageDigestDoesNotMatchException",
    "ImageNotFoundException",
    "ImageTagAlreadyExistsException",
    "LayersNotFoundException",
    "RepositoryAlreadyExistsException",
    "RepositoryNotEmptyException",
    "RepositoryNotFoundException",
]


class RepositoryNotFoundException(EcrError):
    fmt = "The repository with name '{name}' does not exist in the registry with id '{registry_id}'"


class RepositoryAlreadyExistsException(EcrError):
    fmt = "The repository with name '{name}' already exists in the registry with id '{registry_id}'"


class RepositoryNotEmptyException(EcrError):
    fmt = (
        "The repository with name '{name}' in registry with id '{registry_id}' cannot be deleted "
        "because it still contains images"
    )


class ImageNotFoundException(EcrError):
    fmt = (
        "The image with imageId {image_id} does not exist within the repository with name "
        "'{name}' in the registry with id '{registry_id}'"
    )

    def __init__(self, *, image_id: dict[str, Any], name: str, registry_id: str) -> None:
        super().__init__(image_id=image_id_text(image_id), name=name, registry_id=registry_id)


class ImageAlreadyExistsException(EcrError):
    fmt = (
        "Image with digest '{digest}' and tag '{tag}' already exists in the repository with name "
        "'{name}' in registry with id '{registry_id}'"
    )


class ImageTagAlreadyExistsException(EcrError):
    fmt = (
        "The image tag '{tag}' already exists in the '{name}' repository and cannot be "
        "overwritten because the tag is immutable."
    )


class ImageDigestDoesNotMatchException(EcrError):
    fmt = (
        "Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The provided image "
        "digest {given} does not match the calculated digest {calculated}'"
    )


class LayersNotFoundException(EcrError):
    pass
