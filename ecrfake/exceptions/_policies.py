"""Lifecycle, repository and registry policies, account settings."""

from __future__ import annotations

from ecrfake.exceptions._base import EcrError
from ecrfake.exceptions._wire import InvalidPolicyText, ValidationException

__all__ = [
    "InvalidAccountSettingName",
    "InvalidAccountSettingValue",
    "LifecyclePolicyNotFoundException",
    "LifecyclePolicyPreviewInProgressException",
    "LifecyclePolicyPreviewNotFoundException",
    "NonEcrRegistryPolicyAction",
    "RegistryPolicyNotFoundException",
    "RepositoryPolicyNotFoundException",
]


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
