"""Errors.

Two families, never mixed:

* :class:`EcrError` and its subclasses are *wire* errors: each class is named exactly like the ECR
  error shape it stands for (``ScanNotFoundException``), so its ``code`` is its class name. The wire
  layer turns them into ``{"__type": code, "message": message}`` with HTTP 400.
* :class:`EcrFakeError` is raised in the test process for misuse of the fake itself (a bad seed, an
  unknown image id form). It never crosses the wire.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "EcrError",
    "EcrFakeError",
    "EcrFakeNetworkError",
    "EcrFakeWarning",
    "ImageAlreadyExistsException",
    "ImageDigestDoesNotMatchException",
    "ImageNotFoundException",
    "ImageTagAlreadyExistsException",
    "InvalidParameterException",
    "InvalidTagParameterException",
    "LayersNotFoundException",
    "LimitExceededException",
    "OperationNotImplementedError",
    "PullThroughCacheRuleAlreadyExistsException",
    "PullThroughCacheRuleNotFoundException",
    "ReferencedImagesNotFoundException",
    "RepositoryAlreadyExistsException",
    "RepositoryNotEmptyException",
    "RepositoryNotFoundException",
    "ScanNotFoundException",
    "SecretNotFoundException",
    "SerializationException",
    "TooManyTagsException",
    "UnknownOperationException",
    "UnsupportedImageTypeException",
    "UnsupportedUpstreamRegistryException",
    "ValidationException",
]


class EcrFakeError(Exception):
    """Misuse of ecrfake itself (bad seed, bad plan, unknown image id form).

    Raised in the test process at the offending call; never sent over the wire.
    """


class EcrFakeWarning(UserWarning):
    """Something in the test's use of the fake is probably a mistake, but not certainly one.

    Given when the outermost fake stops while seeds or scan plans remain for images that were never
    pushed (see ``Registry.unused_seeds()``).
    """


class EcrFakeNetworkError(EcrFakeError):
    """A request to an ECR host tried to leave the process while a fake was active.

    Raised by the socket guard, before any DNS lookup, for a client stack that ecrfake does not
    answer (botocore, aiobotocore and ``requests`` calls are answered long before a socket).
    """

    def __init__(self, host: str, stack: str) -> None:
        self.host = host
        self.stack = stack
        super().__init__(
            f"ecrfake stopped a connection to the ECR host {host!r} while a fake is active: "
            f"the request came from {stack}, a client stack ecrfake does not answer (it answers "
            "botocore, boto3, aiobotocore, aioboto3 and requests). Nothing was looked up or sent."
        )


class OperationNotImplementedError(NotImplementedError):
    """An ECR operation that ecrfake does not implement was called.

    Raised in the test (botocore path) so the gap is loud; the request never reaches the network.
    """

    def __init__(self, operation: str) -> None:
        self.operation = operation
        super().__init__(
            f"ecrfake does not implement the ECR operation {operation!r}. "
            "See docs/operations.md for the operations it answers; the request was not sent "
            "anywhere."
        )


class EcrError(Exception):
    """A wire error: an ECR error shape with an HTTP status and a message."""

    code: ClassVar[str] = "EcrError"
    status: ClassVar[int] = 400

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.code = cls.__name__

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_body(self) -> dict[str, str]:
        return {"__type": self.code, "message": self.message}


def _image_id_text(image_id: dict[str, Any]) -> str:
    digest = image_id.get("imageDigest")
    tag = image_id.get("imageTag")
    return (
        f"{{imageDigest:'{digest if digest is not None else 'null'}', "
        f"imageTag:'{tag if tag is not None else 'null'}'}}"
    )


class InvalidParameterException(EcrError):
    """A request member breaks the service model's constraints (length, pattern, enum, range)."""

    @classmethod
    def constraint(cls, path: str, constraint: str) -> InvalidParameterException:
        return cls(f"Invalid parameter at '{path}' failed to satisfy constraint: '{constraint}'")


class ValidationException(EcrError):
    """The request passes the model but breaks a rule between fields or against state."""


class SerializationException(EcrError):
    """The request body is not a JSON object."""


class UnknownOperationException(EcrError):
    """The ``X-Amz-Target`` header is missing or names no ECR operation."""


class RepositoryNotFoundException(EcrError):
    def __init__(self, name: str, registry_id: str) -> None:
        super().__init__(
            f"The repository with name '{name}' does not exist in the registry with id "
            f"'{registry_id}'"
        )


class RepositoryAlreadyExistsException(EcrError):
    def __init__(self, name: str, registry_id: str) -> None:
        super().__init__(
            f"The repository with name '{name}' already exists in the registry with id "
            f"'{registry_id}'"
        )


class RepositoryNotEmptyException(EcrError):
    def __init__(self, name: str, registry_id: str) -> None:
        super().__init__(
            f"The repository with name '{name}' in registry with id '{registry_id}' cannot be "
            "deleted because it still contains images"
        )


class ImageNotFoundException(EcrError):
    def __init__(self, image_id: dict[str, Any], name: str, registry_id: str) -> None:
        super().__init__(
            f"The image with imageId {_image_id_text(image_id)} does not exist within the "
            f"repository with name '{name}' in the registry with id '{registry_id}'"
        )


class ScanNotFoundException(EcrError):
    def __init__(self, image_id: dict[str, Any], name: str, registry_id: str) -> None:
        super().__init__(
            f"Image scan does not exist for the image with '{_image_id_text(image_id)}' in the "
            f"repository with name '{name}' in the registry with id '{registry_id}'"
        )


class ImageAlreadyExistsException(EcrError):
    pass


class ImageTagAlreadyExistsException(EcrError):
    pass


class ImageDigestDoesNotMatchException(EcrError):
    pass


class LayersNotFoundException(EcrError):
    pass


class ReferencedImagesNotFoundException(EcrError):
    pass


class LimitExceededException(EcrError):
    SCAN_QUOTA = "The scan quota per image has been exceeded. Wait and try again."


class UnsupportedImageTypeException(EcrError):
    pass


class InvalidTagParameterException(EcrError):
    pass


class TooManyTagsException(EcrError):
    pass


class PullThroughCacheRuleAlreadyExistsException(EcrError):
    pass


class PullThroughCacheRuleNotFoundException(EcrError):
    pass


class UnsupportedUpstreamRegistryException(EcrError):
    pass


class SecretNotFoundException(EcrError):
    pass
