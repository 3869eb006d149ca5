"""Pull-time update exclusions: register, deregister, limit, paging, who is excluded."""

from __future__ import annotations

import datetime

import pytest

from ecrfake.exceptions import (
    ExclusionAlreadyExistsException,
    ExclusionNotFoundException,
    InvalidParameterException,
    LimitExceededException,
)
from ecrfake.models.pull_time import MAX_EXCLUSIONS, ExclusionStore, principal_identity

NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
ROLE = "arn:aws:iam::123456789012:role/ci/scanner"


def test_register_exclusion_twice_raises_already_exists():
    store = ExclusionStore("123456789012", "us-east-1")
    assert store.register(ROLE, NOW) == NOW
    with pytest.raises(ExclusionAlreadyExistsException):
        store.register(ROLE, NOW)


def test_register_exclusion_past_limit_raises_limit_exceeded():
    store = ExclusionStore("123456789012", "us-east-1")
    for i in range(MAX_EXCLUSIONS):
        store.register(f"arn:aws:iam::123456789012:user/u{i}", NOW)
    with pytest.raises(LimitExceededException):
        store.register("arn:aws:iam::123456789012:user/one-more", NOW)


def test_deregister_missing_exclusion_raises_not_found():
    store = ExclusionStore("123456789012", "us-east-1")
    with pytest.raises(ExclusionNotFoundException):
        store.deregister(ROLE)


def test_excludes_role_and_its_assumed_role_sessions_until_deregistered():
    store = ExclusionStore("123456789012", "us-east-1")
    store.register(ROLE, NOW)
    assert store.excludes(ROLE)
    assert store.excludes("arn:aws:sts::123456789012:assumed-role/scanner/session-1")
    assert not store.excludes("arn:aws:sts::123456789012:assumed-role/builder/session-1")
    assert not store.excludes("arn:aws:sts::210987654321:assumed-role/scanner/s")
    assert not store.excludes(None)
    store.deregister(ROLE)
    assert not store.excludes("arn:aws:sts::123456789012:assumed-role/scanner/session-1")


def test_principal_identity_forms():
    assert principal_identity("arn:aws:iam::123456789012:user/a/b") == (
        "aws",
        "123456789012",
        "user",
        "b",
    )
    assert principal_identity("arn:aws:iam::123456789012:root") is None


def test_list_exclusions_pages_in_registration_order():
    store = ExclusionStore("123456789012", "us-east-1")
    arns = [f"arn:aws:iam::123456789012:user/u{i}" for i in range(5)]
    for arn in arns:
        store.register(arn, NOW)
    seen, token = store.list_page(2, None)
    while token:
        more, token = store.list_page(2, token)
        seen += more
    assert seen == arns
    with pytest.raises(InvalidParameterException):
        store.list_page(None, "bogus")
