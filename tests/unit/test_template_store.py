"""Repository creation templates: prefixes (assumed trailing /, ROOT), appliedFor, checks, paging."""

from __future__ import annotations

import datetime

import pytest

from ecrfake.exceptions import (
    InvalidParameterException,
    TemplateAlreadyExistsException,
    TemplateNotFoundException,
    ValidationException,
)
from ecrfake.models.templates import TemplateStore, template_key

NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
LATER = NOW + datetime.timedelta(hours=1)


def store_with(*templates: tuple[str, list[str]]) -> TemplateStore:
    store = TemplateStore("123456789012", "us-east-1")
    for prefix, applied in templates:
        store.create({"prefix": prefix, "appliedFor": applied}, NOW)
    return store


def test_template_key_trailing_slash_is_assumed():
    assert template_key("prod/") == template_key("prod") == "prod"
    assert template_key("ROOT") == "ROOT"


def test_create_template_duplicate_prefix_with_slash_raises_already_exists():
    store = store_with(("prod", ["REPLICATION"]))
    with pytest.raises(TemplateAlreadyExistsException) as err:
        store.create({"prefix": "prod/", "appliedFor": ["REPLICATION"]}, NOW)
    assert "prod/" in err.value.message and "123456789012" in err.value.message


def test_match_prefix_covers_names_below_it_not_the_prefix_itself():
    store = store_with(("prod", ["REPLICATION"]))
    assert store.match("prod/app", "REPLICATION") is not None
    assert store.match("prod", "REPLICATION") is None
    assert store.match("production/app", "REPLICATION") is None


def test_match_most_specific_prefix_wins():
    store = store_with(
        ("prod", ["REPLICATION"]), ("prod/team", ["REPLICATION"]), ("ROOT", ["REPLICATION"])
    )
    assert store.match("prod/team/app", "REPLICATION").prefix == "prod/team"
    assert store.match("prod/other", "REPLICATION").prefix == "prod"
    assert store.match("dev/app", "REPLICATION").prefix == "ROOT"


def test_match_ignores_templates_not_applied_for_the_creation():
    store = store_with(("prod/team", ["PULL_THROUGH_CACHE"]), ("prod", ["REPLICATION"]))
    assert store.match("prod/team/app", "REPLICATION").prefix == "prod"
    assert store.match("prod/team/app", "CREATE_ON_PUSH") is None


def test_create_template_empty_applied_for_raises_validation():
    store = TemplateStore("123456789012", "us-east-1")
    with pytest.raises(ValidationException):
        store.create({"prefix": "a1", "appliedFor": []}, NOW)
    assert len(store) == 0


def test_create_template_exclusions_without_exclusion_mode_raises_invalid_parameter():
    store = TemplateStore("123456789012", "us-east-1")
    with pytest.raises(InvalidParameterException):
        store.create(
            {
                "prefix": "a1",
                "appliedFor": ["REPLICATION"],
                "imageTagMutability": "IMMUTABLE",
                "imageTagMutabilityExclusionFilters": [{"filter": "x*", "filterType": "WILDCARD"}],
            },
            NOW,
        )


def test_create_template_role_of_other_account_raises_validation():
    store = TemplateStore("123456789012", "us-east-1")
    with pytest.raises(ValidationException):
        store.create(
            {
                "prefix": "a1",
                "appliedFor": ["REPLICATION"],
                "customRoleArn": "arn:aws:iam::210987654321:role/r",
            },
            NOW,
        )
    with pytest.raises(ValidationException):  # malformed: as for pull-through rules
        store.create(
            {"prefix": "a1", "appliedFor": ["REPLICATION"], "customRoleArn": "not-an-arn"}, NOW
        )


@pytest.mark.parametrize("member", ["repositoryPolicy", "lifecyclePolicy"])
def test_create_template_policy_not_json_raises_invalid_parameter(member):
    store = TemplateStore("123456789012", "us-east-1")
    with pytest.raises(InvalidParameterException):
        store.create({"prefix": "a1", "appliedFor": ["REPLICATION"], member: "{not json"}, NOW)


def test_create_template_bad_tag_raises_invalid_parameter():
    store = TemplateStore("123456789012", "us-east-1")
    with pytest.raises(InvalidParameterException):
        store.create(
            {
                "prefix": "a1",
                "appliedFor": ["REPLICATION"],
                "resourceTags": [{"Key": "aws:x", "Value": "v"}],
            },
            NOW,
        )


def test_update_template_keeps_omitted_members_and_moves_updated_at():
    store = TemplateStore("123456789012", "us-east-1")
    store.create(
        {
            "prefix": "a1",
            "appliedFor": ["REPLICATION"],
            "description": "d",
            "imageTagMutability": "IMMUTABLE",
        },
        NOW,
    )
    updated = store.update({"prefix": "a1/", "description": "e"}, LATER)
    api = updated.to_api()
    assert api["description"] == "e"
    assert api["imageTagMutability"] == "IMMUTABLE"
    assert api["appliedFor"] == ["REPLICATION"]
    assert api["createdAt"] == NOW and api["updatedAt"] == LATER


def test_update_template_rejected_change_leaves_template_unchanged():
    store = store_with(("a1", ["REPLICATION"]))
    with pytest.raises(ValidationException):
        store.update({"prefix": "a1", "appliedFor": []}, LATER)
    assert store.get("a1").applied_for == ["REPLICATION"]


def test_update_or_delete_missing_template_raises_not_found():
    store = TemplateStore("123456789012", "us-east-1")
    with pytest.raises(TemplateNotFoundException):
        store.update({"prefix": "nope"}, NOW)
    with pytest.raises(TemplateNotFoundException):
        store.delete("nope")


def test_describe_templates_pages_and_filters_by_prefix():
    store = store_with(*[(f"p{i}", ["REPLICATION"]) for i in range(5)])
    first, token = store.describe(None, 2, None)
    assert [t.prefix for t in first] == ["p0", "p1"]
    second, token = store.describe(None, 2, token)
    third, last = store.describe(None, 2, token)
    assert [t.prefix for t in second + third] == ["p2", "p3", "p4"] and last is None
    named, _ = store.describe(["p3/", "missing"], None, None)
    assert [t.prefix for t in named] == ["p3"]


def test_describe_templates_foreign_token_raises_invalid_parameter():
    store = store_with(*[(f"p{i}", ["REPLICATION"]) for i in range(3)])
    _, token = store.describe(None, 1, None)
    with pytest.raises(InvalidParameterException):
        store.describe(["p1"], 1, token)


def test_template_settings_carry_everything_applied_to_a_repository():
    store = TemplateStore("123456789012", "us-east-1")
    store.create(
        {
            "prefix": "team",
            "appliedFor": ["CREATE_ON_PUSH"],
            "imageTagMutability": "IMMUTABLE_WITH_EXCLUSION",
            "imageTagMutabilityExclusionFilters": [{"filter": "dev*", "filterType": "WILDCARD"}],
            "encryptionConfiguration": {"encryptionType": "KMS"},
            "resourceTags": [{"Key": "team", "Value": "a"}],
            "repositoryPolicy": '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}',
            "lifecyclePolicy": '{"rules": []}',
            "customRoleArn": "arn:aws:iam::123456789012:role/creator",
        },
        NOW,
    )
    settings = store.match("team/app", "CREATE_ON_PUSH").settings()
    assert settings.image_tag_mutability == "IMMUTABLE_WITH_EXCLUSION"
    assert settings.mutability_exclusions == [{"filter": "dev*", "filterType": "WILDCARD"}]
    assert settings.encryption == {"encryptionType": "KMS"}
    assert settings.tags == [{"Key": "team", "Value": "a"}]
    assert settings.repository_policy and settings.lifecycle_policy
    assert settings.custom_role_arn == "arn:aws:iam::123456789012:role/creator"


def test_update_template_to_plain_mutability_drops_stored_exclusions():
    store = TemplateStore("123456789012", "us-east-1")
    store.create(
        {
            "prefix": "a1",
            "appliedFor": ["REPLICATION"],
            "imageTagMutability": "IMMUTABLE_WITH_EXCLUSION",
            "imageTagMutabilityExclusionFilters": [{"filter": "x*", "filterType": "WILDCARD"}],
        },
        NOW,
    )
    updated = store.update({"prefix": "a1", "imageTagMutability": "MUTABLE"}, LATER).to_api()
    assert updated["imageTagMutability"] == "MUTABLE"
    assert "imageTagMutabilityExclusionFilters" not in updated
