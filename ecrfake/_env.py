"""Fake AWS credentials in the environment while a fake is active, restored exactly on stop."""

from __future__ import annotations

import os
from typing import Any
from unittest import mock

__all__ = ["fake_credentials"]

FAKE_ACCESS_KEY = "AKIAECRFAKE000000000"  # not a real key: 'ECRFAKE' marks it
FAKE_SECRET_KEY = "ecrfake-secret-key-not-used-by-anyone"


def fake_credentials(region: str) -> Any:
    """A ``patch.dict`` of ``os.environ`` that adds fake credentials when none are set.

    When the environment has no ``AWS_ACCESS_KEY_ID``, fake keys go in and ``AWS_PROFILE`` /
    ``AWS_DEFAULT_PROFILE`` are taken out for the duration (botocore skips environment keys when a
    profile is named, and a profile may reach for SSO or STS over the network). A region is set when
    none is, so ``boto3.client("ecr")`` works out of the box. ``patch.dict`` puts every key back as it
    was on stop, including keys it removed.
    """
    values: dict[str, str] = {}
    if not os.environ.get("AWS_ACCESS_KEY_ID"):
        values["AWS_ACCESS_KEY_ID"] = FAKE_ACCESS_KEY
        values["AWS_SECRET_ACCESS_KEY"] = FAKE_SECRET_KEY
        values["AWS_SESSION_TOKEN"] = ""
    if not (os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")):
        values["AWS_DEFAULT_REGION"] = region
    return mock.patch.dict(os.environ, values)


def drop_profile_vars() -> None:
    """Called inside the patch: remove profile selectors so the fake keys are the ones used."""
    if os.environ.get("AWS_ACCESS_KEY_ID", "").startswith(FAKE_ACCESS_KEY):
        os.environ.pop("AWS_PROFILE", None)
        os.environ.pop("AWS_DEFAULT_PROFILE", None)
        if os.environ.get("AWS_SESSION_TOKEN") == "":
            del os.environ["AWS_SESSION_TOKEN"]
