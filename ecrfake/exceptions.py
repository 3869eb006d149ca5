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
    "AggregationRequestMismatch",
    "AppliedForEmpty",
    "BackfillDestinationNotConfigured",
    "BackfillLimit",
    "BadTagKeyCharacters",
    "BadTagKeyLength",
    "BadTagValueCharacters",
    "BadTagValueLength",
    "BodyNotAnObject",
    "CredentialNotUsed",
    "CredentialRequired",
    "EcrError",
    "EcrFakeError",
    "EcrFakeNetworkError",
    "EcrFakeWarning",
    "EmptyUploadException",
    "ExclusionAlreadyExistsException",
    "ExclusionFiltersNotAllowed",
    "ExclusionFiltersRequired",
    "ExclusionLimit",
    "ExclusionNotFoundException",
    "ForeignCredentialArn",
    "ForeignRoleArn",
    "FrequencyNotAllowed",
    "ImageAlreadyExistsException",
    "ImageArchivedException",
    "ImageDigestDoesNotMatchException",
    "ImageNotFoundException",
    "ImageStorageClassUpdateNotSupportedException",
    "ImageTagAlreadyExistsException",
    "InspectorConstraint",
    "InspectorUnparsable",
    "InvalidAccountSettingName",
    "InvalidAccountSettingValue",
    "InvalidLayerException",
    "InvalidLayerPartException",
    "InvalidLifecyclePolicy",
    "InvalidManifestJson",
    "InvalidPageToken",
    "InvalidParameterException",
    "InvalidPolicyText",
    "InvalidScanType",
    "InvalidTagParameterException",
    "KmsKeyWithAes256",
    "LayerAlreadyExistsException",
    "LayerInaccessibleException",
    "LayerNotInRepository",
    "LayerPartTooSmallException",
    "LayersMissingForPush",
    "LayersNotFoundException",
    "LifecyclePolicyNotFoundException",
    "LifecyclePolicyPreviewInProgressException",
    "LifecyclePolicyPreviewNotFoundException",
    "LimitExceededException",
    "MalformedCredentialArn",
    "MalformedRoleArn",
    "ManifestMediaTypeMismatch",
    "ManualScanUnderEnhanced",
    "MissingTarget",
    "NonEcrRegistryPolicyAction",
    "OperationNotImplementedError",
    "OperationNotInInstalledModel",
    "PullThroughCacheRuleAlreadyExistsException",
    "PullThroughCacheRuleNotFoundException",
    "PullThroughRuleLimit",
    "ReferencedImagesNotFoundException",
    "RegistryPolicyNotFoundException",
    "ReplicationAcrossPartitions",
    "ReplicationBackfillInProgressException",
    "ReplicationBackfillInvalidStatusException",
    "ReplicationBackfillNotFoundException",
    "ReplicationDestinationIsSource",
    "RepositoryAlreadyExistsException",
    "RepositoryNotEmptyException",
    "RepositoryNotFoundException",
    "RepositoryPolicyLockout",
    "RepositoryPolicyNotFoundException",
    "ReservedTagKey",
    "RoleNotUsed",
    "RoleRequired",
    "ScanNotFoundException",
    "ScanQuotaExceeded",
    "SecretNotFoundException",
    "SerializationException",
    "SigningConfigurationNotFoundException",
    "TemplateAlreadyExistsException",
    "TemplateNotFoundException",
    "TooManyTagsException",
    "UnknownOperationException",
    "UnsupportedImageTypeException",
    "UnsupportedUpstreamRegistryException",
    "UploadNotFoundException",
    "UpstreamMismatch",
    "UpstreamPrefixWithRoot",
    "ValidationException",
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


# -- the wire and the model's constraints -------------------------------------------------------


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


# -- lifecycle, repository and registry policies, account settings ------------------------------


class LifecyclePolicyNotFoundException(EcrError):
    fmt = (
        "Lifecycle policy does not exist for the repository with name '{name}' in the registry "
        "with id '{registry_id}'"
    )


class LifecyclePolicyPreviewNotFoundException(EcrError):
    # ecrfake's text, after the model's description ("There is no dry run for this repository").
    fmt = (
        "There is no dry run for the repository with name '{name}' in the registry with id "
        "'{registry_id}'"
    )


class LifecyclePolicyPreviewInProgressException(EcrError):
    fmt = (
        "The previous lifecycle policy preview request has not completed for the repository with "
        "name '{name}' in the registry with id '{registry_id}'"
    )


class RepositoryPolicyNotFoundException(EcrError):
    # Real text (quoted from the AWS CLI in public code).
    fmt = (
        "Repository policy does not exist for the repository with name '{name}' in the registry "
        "with id '{registry_id}'"
    )


class RegistryPolicyNotFoundException(EcrError):
    fmt = "Registry policy does not exist in the registry with id '{registry_id}'"


class NonEcrRegistryPolicyAction(InvalidPolicyText):
    """Under the V2 registry policy scope a registry policy grants ECR actions only."""


class InvalidAccountSettingName(ValidationException):
    fmt = "Invalid account setting name '{name}'. Valid names are: {valid}"


class InvalidAccountSettingValue(ValidationException):
    fmt = "Invalid value '{value}' for account setting {name}. Valid values are: {valid}"


# -- repositories and images --------------------------------------------------------------------


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


# -- the data path: layers, uploads, storage classes, signing -------------------------------------


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


# -- scanning -----------------------------------------------------------------------------------


class ScanNotFoundException(EcrError):
    fmt = (
        "Image scan does not exist for the image with '{image_id}' in the repository with name "
        "'{name}' in the registry with id '{registry_id}'"
    )

    def __init__(self, *, image_id: dict[str, Any], name: str, registry_id: str) -> None:
        super().__init__(image_id=image_id_text(image_id), name=name, registry_id=registry_id)


class LimitExceededException(EcrError):
    pass


class ScanQuotaExceeded(LimitExceededException):
    # Real text, from several CLI logs (reference §1.5).
    fmt = "The scan quota per image has been exceeded. Wait and try again."


class UnsupportedImageTypeException(EcrError):
    # Real text (alexjurkiewicz/ecr-scan-image#43).
    fmt = (
        "An artifact with media type '{media_type}' cannot be scanned. For more information, see "
        "the Amazon ECR documentation."
    )


class ManualScanUnderEnhanced(ValidationException):
    fmt = (
        "Manual scans using enhanced scanning are not supported: the registry with id "
        "'{registry_id}' uses ENHANCED scanning, which scans images according to its scanning "
        "rules."
    )


class InvalidScanType(ValidationException):
    fmt = "Invalid scan type '{scan_type}'. Valid scan types are BASIC and ENHANCED."


class FrequencyNotAllowed(ValidationException):
    fmt = (
        "Scan frequency '{frequency}' in 'rules.{index}.member.scanFrequency' is not supported "
        "with scan type '{scan_type}'. Supported scan frequencies for {scan_type} are "
        "[{allowed}]."
    )


# -- pull-through cache -------------------------------------------------------------------------


class PullThroughCacheRuleAlreadyExistsException(EcrError):
    fmt = (
        "A pull through cache rule with the ECR repository prefix '{prefix}' already exists in "
        "the registry with id '{registry_id}'"
    )


class PullThroughCacheRuleNotFoundException(EcrError):
    fmt = (
        "The pull through cache rule with the ECR repository prefix '{prefix}' does not exist in "
        "the registry with id '{registry_id}'"
    )


class PullThroughRuleLimit(LimitExceededException):
    fmt = (
        "The maximum number of pull through cache rules ({limit}) for the registry with id "
        "'{registry_id}' has been reached"
    )


class UnsupportedUpstreamRegistryException(EcrError):
    # Real text (goharbor/harbor#20174).
    fmt = (
        "The upstream registry URL {url} is invalid. Specify a valid upstream registry URL and "
        "try again"
    )


class SecretNotFoundException(EcrError):
    pass


class CredentialRequired(ValidationException):
    fmt = (
        "The upstream registry {upstream} requires authentication. Specify a credentialArn of an "
        "AWS Secrets Manager secret whose name starts with ecr-pullthroughcache/ and try again"
    )


class CredentialNotUsed(ValidationException):
    fmt = (
        "The upstream registry {upstream} does not use a credentialArn. Remove the credentialArn "
        "and try again"
    )


class RoleNotUsed(ValidationException):
    fmt = "A customRoleArn can only be specified for the ecr upstream registry, not for {upstream}"


class RoleRequired(ValidationException):
    fmt = (
        "The upstream registry {url} is in another account. Specify a customRoleArn of an IAM "
        "role in account {account} that Amazon ECR can assume and try again"
    )


class UpstreamMismatch(ValidationException):
    fmt = (
        "The upstream registry URL {url} does not match the upstream registry {upstream}. Specify "
        "the URL of {upstream} or omit upstreamRegistry and try again"
    )


class UpstreamPrefixWithRoot(ValidationException):
    fmt = (
        "The upstreamRepositoryPrefix can only be specified when the ecrRepositoryPrefix is not "
        "ROOT"
    )


class MalformedCredentialArn(ValidationException):
    fmt = (
        "The credentialArn {arn} is not a valid AWS Secrets Manager secret ARN. Specify a secret "
        "ARN of the form arn:<partition>:secretsmanager:<region>:<account>:secret:"
        "ecr-pullthroughcache/<name> and try again"
    )


class ForeignCredentialArn(ValidationException):
    fmt = (
        "The credentialArn {arn} must be a secret in the same account ({account}) and region "
        "({region}) as the pull through cache rule"
    )


class MalformedRoleArn(ValidationException):
    fmt = (
        "The customRoleArn {arn} is not a valid IAM role ARN. Specify a role ARN of the form "
        "arn:<partition>:iam::<account>:role/<name> and try again"
    )


class ForeignRoleArn(ValidationException):
    fmt = "The customRoleArn {arn} must be an IAM role in the same account ({account}) as the registry"


# -- replication, creation templates, pull-time exclusions (#12) ----------------------------------


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
