"""The pull-through cache."""

from __future__ import annotations

from ecrfake.exceptions._base import EcrError
from ecrfake.exceptions._scanning import LimitExceededException
from ecrfake.exceptions._wire import ValidationException

__all__ = [
    "CredentialNotUsed",
    "CredentialRequired",
    "ForeignCredentialArn",
    "ForeignRoleArn",
    "MalformedCredentialArn",
    "MalformedRoleArn",
    "PullThroughCacheRuleAlreadyExistsException",
    "PullThroughCacheRuleNotFoundException",
    "PullThroughRuleLimit",
    "RoleNotUsed",
    "RoleRequired",
    "SecretNotFoundException",
    "UnsupportedUpstreamRegistryException",
    "UpstreamMismatch",
    "UpstreamPrefixWithRoot",
]


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
