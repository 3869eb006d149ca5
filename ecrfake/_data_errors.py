"""Wire errors of the layer API (and the blob store behind ``/v2/``).

Each class is named like the ECR error shape it stands for and owns its message template; raise
sites pass fields only. Phase 2 folds these into :mod:`ecrfake.exceptions`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ecrfake.exceptions import EcrError, LayersNotFoundException

__all__ = [
    "EmptyUploadException",
    "InvalidLayerException",
    "InvalidLayerPartException",
    "LayerAlreadyExistsException",
    "LayerInaccessibleException",
    "LayerPartTooSmallException",
    "SigningConfigurationNotFoundException",
    "UploadNotFoundException",
    "layers_not_found",
]


class _Templated(EcrError):
    """An ``EcrError`` whose message comes from the class's ``fmt`` and the raise site's fields."""

    fmt: ClassVar[str] = "{message}"

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        super().__init__(self.fmt.format(**fields))


class UploadNotFoundException(_Templated):
    fmt = (
        "Upload with id '{upload_id}' is not found in the repository with name '{name}' in the "
        "registry with id '{registry_id}'"
    )


class InvalidLayerPartException(_Templated):
    """A part that does not start right after the last byte received, or whose size is wrong."""

    fmt = (
        "The layer part with first byte '{first}' and last byte '{last}' is not valid for the "
        "upload with id '{upload_id}' (last valid byte received: {last_valid})"
    )

    def to_body(self) -> dict[str, Any]:  # the shape carries the upload members too
        body: dict[str, Any] = dict(super().to_body())
        body.update(
            registryId=self.fields["registry_id"],
            repositoryName=self.fields["name"],
            uploadId=self.fields["upload_id"],
            lastValidByteReceived=self.fields["last_valid"],
        )
        return body


class LayerPartTooSmallException(_Templated):
    # The text ECR logs for it (CloudTrail, dotnet/sdk-container-builds#424).
    fmt = "All layer parts except the last part should be at least 5MB"


class EmptyUploadException(_Templated):
    fmt = "The upload with id '{upload_id}' does not contain any layer parts"


class InvalidLayerException(_Templated):
    fmt = (
        "The layer digest calculation performed by Amazon ECR upon receipt of the image layer "
        "({computed}) does not match the digest specified ({given})"
    )


class LayerAlreadyExistsException(_Templated):
    fmt = (
        "The layer with digest '{digest}' already exists in the repository with name '{name}' in "
        "the registry with id '{registry_id}'"
    )


class LayerInaccessibleException(_Templated):
    fmt = (
        "The layer with digest '{digest}' is not associated with an image in the repository with "
        "name '{name}' in the registry with id '{registry_id}'"
    )


def layers_not_found(digest: str, name: str, registry_id: str) -> LayersNotFoundException:
    """``LayersNotFoundException`` in the words ECR uses for one missing layer (aws-ecr-public#11)."""
    return LayersNotFoundException(
        f"The layer with digest '{digest}' does not exist within the repository with name "
        f"'{name}' in the registry with id '{registry_id}'"
    )


class SigningConfigurationNotFoundException(_Templated):
    fmt = "Signing configuration not found for registry with id '{registry_id}'"
