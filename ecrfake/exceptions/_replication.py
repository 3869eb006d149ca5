"""Replication, creation templates, pull-time exclusions."""

from __future__ import annotations

from ecrfake.exceptions._base import EcrError
from ecrfake.exceptions._scanning import LimitExceededException
from ecrfake.exceptions._wire import InvalidParameterException, ValidationException

__all__ = [
    "AppliedForEmpty",
    "BackfillDestinationNotConfigured",
    "BackfillLimit",
    "ExclusionAlreadyExistsException",
    "ExclusionLimit",
    "ExclusionNotFoundException",
    "ReplicationAcrossPartitions",
    "ReplicationBackfillInProgressException",
    "ReplicationBackfillInvalidStatusException",
    "ReplicationBackfillNotFoundException",
    "ReplicationDestinationIsSource",
    "TemplateAlreadyExistsException",
    "TemplateNotFoundException",
]


class TemplateAlreadyExistsException(EcrError):
    fmt = (
        "The repository creation template with prefix '{prefix}' already exists in the registry "
        "with id '{registry_id}'"
    )


class TemplateNotFoundException(EcrError):
    fmt = (
        "The repository creation template with prefix '{prefix}' does not exist in the registry "
        "with id '{registry_id}'"
    )


class AppliedForEmpty(ValidationException):
    fmt = "appliedFor must name at least one of PULL_THROUGH_CACHE, REPLICATION, CREATE_ON_PUSH"


class ExclusionAlreadyExistsException(EcrError):
    fmt = (
        "The pull time update exclusion for principal '{principal_arn}' already exists in the "
        "registry with id '{registry_id}'"
    )


class ExclusionNotFoundException(EcrError):
    fmt = (
        "The pull time update exclusion for principal '{principal_arn}' does not exist in the "
        "registry with id '{registry_id}'"
    )


class ExclusionLimit(LimitExceededException):
    fmt = (
        "The registry with id '{registry_id}' already has {limit} pull time update exclusions, "
        "the maximum"
    )


class ReplicationDestinationIsSource(InvalidParameterException):
    # The text moto gives (AWS's own is not on record).
    fmt = (
        "Invalid parameter at 'replicationConfiguration' failed to satisfy constraint: "
        "'Replication destination cannot be the same as the source registry'"
    )


class ReplicationAcrossPartitions(ValidationException):
    fmt = (
        "The replication destination region '{destination}' is not in the partition of the "
        "source region '{source}'"
    )


class ReplicationBackfillNotFoundException(EcrError):
    fmt = (
        "The replication backfill with id '{backfill_id}' does not exist in the registry with id "
        "'{registry_id}'"
    )


class ReplicationBackfillInProgressException(EcrError):
    fmt = (
        "A replication backfill to the destination Region '{region}' is already in progress in "
        "the registry with id '{registry_id}'"
    )


class ReplicationBackfillInvalidStatusException(EcrError):
    fmt = (
        "The replication backfill with id '{backfill_id}' is {status} and cannot be stopped; only "
        "a PREPARING or IN_PROGRESS backfill can be stopped"
    )


class BackfillLimit(LimitExceededException):
    fmt = (
        "The registry with id '{registry_id}' already has {limit} replication backfills in "
        "progress, the maximum"
    )


class BackfillDestinationNotConfigured(ValidationException):
    fmt = (
        "The destination region '{region}' and registry '{registry_id}' is not in the replication "
        "configuration of the registry with id '{source}'"
    )
