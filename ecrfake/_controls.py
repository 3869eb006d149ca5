"""Checks of the test controls' arguments: one copy of each rule the handle enforces.

``mock_ecr_scanning(...)``, ``fake.registry(...)`` and the :class:`~ecrfake.Registry` controls
refuse a bad account, region, repository name or image id with :class:`~ecrfake.EcrFakeError`,
naming the value and the rule, before anything changes. (A leaf above ``_aws``: importing ecrfake
must not load the models.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecrfake import _aws
from ecrfake.exceptions import EcrFakeError

__all__ = [
    "check_account",
    "check_region",
    "check_repository_name",
    "check_signing_outcome",
    "image_id_arg",
    "signing_key",
]


def check_account(account_id: Any, what: str) -> None:
    if account_id is not None and not (
        isinstance(account_id, str) and _aws.ACCOUNT_RE.match(account_id)
    ):
        raise EcrFakeError(
            f"{what}(account_id=...) must be a 12-digit AWS account id such as '123456789012', "
            f"not {account_id!r}"
        )


def check_region(region: Any, what: str) -> None:
    if region is not None and not (isinstance(region, str) and _aws.REGION_RE.match(region)):
        raise EcrFakeError(
            f"{what}(region=...) must be an AWS region name such as 'us-east-1' "
            f"(<area>-<direction>-<number>), not {region!r}"
        )


def check_repository_name(name: Any, what: str) -> str:
    """A repository name as ECR accepts it, or ``EcrFakeError`` naming it and the rule."""
    if (
        not isinstance(name, str)
        or not 2 <= len(name) <= 256
        or not _aws.REPOSITORY_NAME_RE.match(name)
    ):
        raise EcrFakeError(
            f"{what}: {name!r} is not a valid repository name (2-256 lowercase letters, digits, "
            "'.', '_', '-' in '/'-separated components, as ECR's CreateRepository accepts)"
        )
    return name


def signing_key(image_id: Any) -> str:
    """The tag or digest a ``plan_signing`` image id names, or ``EcrFakeError``."""
    if isinstance(image_id, Mapping) and len(image_id) == 1:
        ((key, value),) = image_id.items()
        if key == "imageTag" and isinstance(value, str) and value:
            return value
        if key == "imageDigest" and isinstance(value, str) and _aws.DIGEST_RE.match(value):
            return value
    raise EcrFakeError(
        f"plan_signing: image id {image_id!r} is not one ecrfake understands: pass exactly one of "
        "{'imageTag': '<tag>'} or {'imageDigest': 'sha256:<hex>'}"
    )


def image_id_arg(image_id: Any) -> dict[str, str]:
    """The image id a test passed, as a plain dict (its form is checked by the model)."""
    return dict(image_id) if isinstance(image_id, Mapping) else image_id


def check_signing_outcome(
    status: Any,
    polls: Any,
    failure_code: Any,
    failure_reason: Any,
    signing_profile_arn: Any,
) -> None:
    """``plan_signing``'s outcome arguments: an end state, polls, failure fields, the profile."""
    if status not in ("COMPLETE", "FAILED"):
        raise EcrFakeError(
            f"plan_signing: status {status!r} is not an end state of a signing job "
            "(COMPLETE or FAILED; IN_PROGRESS is what polls=N shows first)"
        )
    if not isinstance(polls, int) or isinstance(polls, bool) or polls < 0:
        raise EcrFakeError(f"plan_signing: polls must be a non-negative int, not {polls!r}")
    for name, value in (("failure_code", failure_code), ("failure_reason", failure_reason)):
        if value is not None and (not isinstance(value, str) or not value):
            raise EcrFakeError(f"plan_signing: {name} must be a non-empty str or None")
        if value is not None and status != "FAILED":
            raise EcrFakeError(f"plan_signing: {name} is only reported for status='FAILED'")
    if signing_profile_arn is not None and not _aws.SIGNING_PROFILE_RE.match(
        str(signing_profile_arn)
    ):
        raise EcrFakeError(
            f"plan_signing: {signing_profile_arn!r} is not an AWS Signer signing profile ARN "
            "(arn:aws:signer:<region>:<account>:/signing-profiles/<name>)"
        )
