"""The data path: layers, uploads, storage classes, signing."""

from __future__ import annotations

from typing import Any

from ecrfake.exceptions._base import EcrError
from ecrfake.exceptions._repositories import LayersNotFoundException

__all__ = [
    "BadTagKeyCharacters",
    "BadTagKeyLength",
    "BadTagValueCharacters",
    "BadTagValueLength",
    "EmptyUploadException",
    "ImageArchivedException",
    "ImageStorageClassUpdateNotSupportedException",
    "InvalidLayerException",
    "InvalidLayerPartException",
    "InvalidTagParameterException",
    "LayerAlreadyExistsException",
    "LayerInaccessibleException",
    "LayerNotInRepository",
    "LayerPartTooSmallException",
    "LayersMissingForPush",
    "ReferencedImagesNotFoundException",
    "ReservedTagKey",
    "SigningConfigurationNotFoundException",
    "TooManyTagsException",
    "UploadNotFoundException",
]


class LayerNotInRepository(LayersNotFoundException):
    # ECR's words for one missing layer (quoted in monken/aws-ecr-public#11).
    fmt = (
        "The layer with digest '{digest}' does not exist within the repository with name "
        "'{name}' in the registry with id '{registry_id}'"
    )


class LayersMissingForPush(LayersNotFoundException):
    # Modelled on ECR's text for missing index children ("Images with digests [...] required for
    # pushing image into repository [...] do not exist").
    fmt = (
        "Layers with digests '[{digests}]' required for pushing image into repository with name "
        "'{name}' in the registry with id '{registry_id}' do not exist"
    )


class UploadNotFoundException(EcrError):
    fmt = (
        "Upload with id '{upload_id}' is not found in the repository with name '{name}' in the "
        "registry with id '{registry_id}'"
    )


class InvalidLayerPartException(EcrError):
    """A part that does not start right after the last byte received, or whose size is wrong."""

    fmt = (
        "The layer part with first byte '{first}' and last byte '{last}' is not valid for the "
        "upload with id '{upload_id}' (last valid byte received: {last_valid})"
    )

    def to_body(self) -> dict[str, Any]:  # the shape carries the upload's members too
        body: dict[str, Any] = dict(super().to_body())
        body.update(
            registryId=self.fields["registry_id"],
            repositoryName=self.fields["name"],
            uploadId=self.fields["upload_id"],
            lastValidByteReceived=self.fields["last_valid"],
        )
        return body


class LayerPartTooSmallException(EcrError):
    # The text ECR gives (its CloudTrail entry, quoted in dotnet/sdk-container-builds#424).
    fmt = "All layer parts except the last part should be at least 5MB"


class EmptyUploadException(EcrError):
    fmt = "The upload with id '{upload_id}' does not contain any layer parts"


class InvalidLayerException(EcrError):
    fmt = (
        "The layer digest calculation performed by Amazon ECR upon receipt of the image layer "
        "({computed}) does not match the digest specified ({given})"
    )


class LayerAlreadyExistsException(EcrError):
    fmt = (
        "The layer with digest '{digest}' already exists in the repository with name '{name}' in "
        "the registry with id '{registry_id}'"
    )


class LayerInaccessibleException(EcrError):
    fmt = (
        "The layer with digest '{digest}' is not associated with an active image in the "
        "repository with name '{name}' in the registry with id '{registry_id}'"
    )


class ImageStorageClassUpdateNotSupportedException(EcrError):
    fmt = (
        "The image with imageId {image_id} in the repository with name '{name}' is already in "
        "the {storage_class} storage class"
    )


class ImageArchivedException(EcrError):
    fmt = "The specified image is archived and cannot be scanned"


class SigningConfigurationNotFoundException(EcrError):
    fmt = "Signing configuration not found for registry with id '{registry_id}'"


class ReferencedImagesNotFoundException(EcrError):
    fmt = (
        "The image manifest list references images that do not exist in the repository with "
        "name '{name}': {missing}"
    )


class InvalidTagParameterException(EcrError):
    pass


class BadTagKeyLength(InvalidTagParameterException):
    fmt = "The tag key '{key}' is not valid: tag keys must be 1 to {limit} characters long."


class ReservedTagKey(InvalidTagParameterException):
    fmt = "The tag key '{key}' is not valid: tag keys that start with 'aws:' are reserved for AWS use."


class BadTagKeyCharacters(InvalidTagParameterException):
    fmt = (
        "The tag key '{key}' is not valid: tag keys may contain only letters, numbers, spaces "
        "and the characters _ . : / = + - @"
    )


class BadTagValueLength(InvalidTagParameterException):
    fmt = (
        "The value of the tag '{key}' is not valid: tag values can have a maximum length of "
        "{limit} characters."
    )


class BadTagValueCharacters(InvalidTagParameterException):
    fmt = (
        "The value of the tag '{key}' is not valid: tag values may contain only letters, "
        "numbers, spaces and the characters _ . : / = + - @"
    )


class TooManyTagsException(EcrError):
    fmt = (
        "The repository would have {count} tags; the maximum number of tags that can be applied "
        "to a repository is {limit}."
    )
