"""The wire and the model's constraints."""

from __future__ import annotations

from typing import ClassVar

from ecrfake.exceptions._base import EcrError

__all__ = [
    "AggregationRequestMismatch",
    "BodyNotAnObject",
    "ExclusionFiltersNotAllowed",
    "ExclusionFiltersRequired",
    "InspectorConstraint",
    "InspectorUnparsable",
    "InvalidLifecyclePolicy",
    "InvalidManifestJson",
    "InvalidPageToken",
    "InvalidParameterException",
    "InvalidPolicyText",
    "KmsKeyWithAes256",
    "ManifestMediaTypeMismatch",
    "MissingTarget",
    "OperationNotInInstalledModel",
    "RepositoryPolicyLockout",
    "SerializationException",
    "UnknownOperationException",
    "ValidationException",
]


class InvalidParameterException(EcrError):
    """A request member breaks the service model's constraints (length, pattern, enum, range)."""

    fmt = "Invalid parameter at '{path}' failed to satisfy constraint: '{constraint}'"


class InvalidManifestJson(InvalidParameterException):
    # Real ECR names the member 'ImageManifest' in this message (aws/aws-sdk#193).
    fmt = "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"


class ManifestMediaTypeMismatch(InvalidParameterException):
    fmt = (
        "Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint: "
        "'Manifest media type {declared} does not match the specified media type {given}'"
    )


class ExclusionFiltersRequired(InvalidParameterException):
    # Real text (aws/aws-cdk#35246).
    fmt = (
        "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: "
        "'ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as "
        "{mode}'"
    )


class ExclusionFiltersNotAllowed(InvalidParameterException):
    fmt = (
        "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: "
        "'ImageTagMutabilityExclusionFilters can only be set when imageTagMutability is set as "
        "MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION'"
    )


class KmsKeyWithAes256(InvalidParameterException):
    fmt = (
        "Invalid parameter at 'encryptionConfiguration.kmsKey' failed to satisfy constraint: "
        "'A KMS key can only be specified with the KMS or KMS_DSSE encryption type'"
    )


class InvalidPolicyText(InvalidParameterException):
    fmt = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid {kind} policy provided'"


class RepositoryPolicyLockout(InvalidParameterException):
    # ecrfake's text: ECR documents the rule (SetRepositoryPolicy's `force`), not its message.
    fmt = (
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'The repository policy "
        "would prevent you from setting another repository policy in the future; set force to "
        "true to apply it anyway'"
    )


class InvalidLifecyclePolicy(InvalidParameterException):
    # Real form (cloudposse/terraform-aws-ecr#158); the reason is the validator's.
    fmt = (
        "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle "
        "policy validation failure: {reason}'"
    )


class ValidationException(EcrError):
    """The request passes the model but breaks a rule between fields or against state.

    Amazon Inspector's shape of the same name also carries a ``reason`` (``FIELD_VALIDATION_FAILED``,
    ``CANNOT_PARSE`` or ``OTHER``); ECR's wire form leaves it out.
    """

    reason: ClassVar[str] = "OTHER"


class InspectorConstraint(ValidationException):
    """An Inspector2 request member breaks the model's constraints (AWS's Coral wording)."""

    fmt = (
        "1 validation error detected: Value at '{path}' failed to satisfy constraint: {constraint}"
    )
    reason = "FIELD_VALIDATION_FAILED"


class InspectorUnparsable(ValidationException):
    fmt = "The request body could not be parsed as a JSON object."
    reason = "CANNOT_PARSE"


class InvalidPageToken(ValidationException):
    fmt = "The nextToken is not valid: it was not issued by {operation} for this request."


class AggregationRequestMismatch(ValidationException):
    fmt = "aggregationRequest must set {member} for aggregationType {kind}, not {given}"


class SerializationException(EcrError):
    """The request body is not a JSON object."""

    fmt = "The request body is not valid JSON."


class BodyNotAnObject(SerializationException):
    fmt = (
        "Start of structure or map found where not expected: the request body must be a JSON "
        "object."
    )


class UnknownOperationException(EcrError):
    """The ``X-Amz-Target`` header is missing or names no operation of the service."""

    fmt = "{service} has no operation named '{name}'."


class OperationNotInInstalledModel(UnknownOperationException):
    """An ECR operation ecrfake answers, named by a raw request, that the installed botocore's model
    lacks: ecrfake validates and answers from that model, so it cannot serve the call."""

    fmt = (
        "Amazon ECR has an operation named '{name}', but the ECR model of the installed botocore "
        "{version} lacks it and ecrfake answers from that model: upgrade botocore to call it."
    )


class MissingTarget(UnknownOperationException):
    fmt = (
        "The request has no X-Amz-Target header naming an Amazon ECR operation "
        "('{prefix}<Operation>')."
    )
