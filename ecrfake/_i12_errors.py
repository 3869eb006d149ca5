"""Wire errors of replication, templates and pull-time exclusions (staged; move into exceptions.py).

Each class is named exactly like the ECR error shape, and owns its message text; raise sites pass
fields only.
"""

from __future__ import annotations

from ecrfake.exceptions import EcrError

__all__ = [
    "ExclusionAlreadyExistsException",
    "ExclusionNotFoundException",
    "ReplicationBackfillInProgressException",
    "ReplicationBackfillInvalidStatusException",
    "ReplicationBackfillNotFoundException",
    "TemplateAlreadyExistsException",
    "TemplateNotFoundException",
]


class TemplateAlreadyExistsException(EcrError):
    def __init__(self, prefix: str, registry_id: str) -> None:
        super().__init__(
            f"The repository creation template with prefix '{prefix}' already exists in the "
            f"registry with id '{registry_id}'"
        )


class TemplateNotFoundException(EcrError):
    def __init__(self, prefix: str, registry_id: str) -> None:
        super().__init__(
            f"The repository creation template with prefix '{prefix}' does not exist in the "
            f"registry with id '{registry_id}'"
        )


class ExclusionAlreadyExistsException(EcrError):
    def __init__(self, principal_arn: str, registry_id: str) -> None:
        super().__init__(
            f"The pull time update exclusion for principal '{principal_arn}' already exists in "
            f"the registry with id '{registry_id}'"
        )


class ExclusionNotFoundException(EcrError):
    def __init__(self, principal_arn: str, registry_id: str) -> None:
        super().__init__(
            f"The pull time update exclusion for principal '{principal_arn}' does not exist in "
            f"the registry with id '{registry_id}'"
        )


class ReplicationBackfillNotFoundException(EcrError):
    def __init__(self, backfill_id: str, registry_id: str) -> None:
        super().__init__(
            f"The replication backfill with id '{backfill_id}' does not exist in the registry "
            f"with id '{registry_id}'"
        )


class ReplicationBackfillInProgressException(EcrError):
    def __init__(self, region: str, registry_id: str) -> None:
        super().__init__(
            f"A replication backfill to the destination Region '{region}' is already in progress "
            f"in the registry with id '{registry_id}'"
        )


class ReplicationBackfillInvalidStatusException(EcrError):
    def __init__(self, backfill_id: str, status: str) -> None:
        super().__init__(
            f"The replication backfill with id '{backfill_id}' is {status} and cannot be stopped; "
            "only a PREPARING or IN_PROGRESS backfill can be stopped"
        )
