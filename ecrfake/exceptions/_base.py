"""The bases: misuse errors, the wire error with its message template, image ids in messages."""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "EcrError",
    "EcrFakeError",
    "EcrFakeNetworkError",
    "EcrFakeWarning",
    "OperationNotImplementedError",
    "image_id_text",
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

    def __init__(self, operation: str, service: str = "ECR") -> None:
        self.operation = operation
        self.service = service
        page = "docs/inspector2.md" if service == "Amazon Inspector" else "docs/operations.md"
        super().__init__(
            f"ecrfake does not implement the {service} operation {operation!r}. "
            f"See {page} for the operations it answers; the request was not sent anywhere."
        )


class EcrError(Exception):
    """A wire error: an error shape of the service's model, with an HTTP status and a message.

    The class owns its message: ``fmt`` is a template filled from the keyword fields the raise
    site passes (botocore's ``BotoCoreError.fmt`` idea), so one ECR text is written once::

        raise RepositoryNotFoundException(name="app", registry_id="123456789012")

    A class whose name ends in ``Exception`` names an error shape, and that name is its ``code``.
    A subclass with any other name is a *variant*: one message of its parent's code (several
    distinct ``ValidationException`` texts, say), named for what went wrong.
    """

    code: ClassVar[str] = "EcrError"
    status: ClassVar[int] = 400
    fmt: ClassVar[str] = "{message}"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__name__.endswith("Exception"):
            cls.code = cls.__name__

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        self.message = self.fmt.format(**fields)
        super().__init__(self.message)

    def to_body(self) -> dict[str, str]:
        return {"__type": self.code, "message": self.message}


def image_id_text(image_id: dict[str, Any]) -> str:
    """An image id as ECR prints it in messages: ``{imageDigest:'<d or null>', imageTag:'<t or null>'}``."""
    digest = image_id.get("imageDigest")
    tag = image_id.get("imageTag")
    return (
        f"{{imageDigest:'{digest if digest is not None else 'null'}', "
        f"imageTag:'{tag if tag is not None else 'null'}'}}"
    )
