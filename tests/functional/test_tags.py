"""Repository resource tags: CreateRepository tags, TagResource, UntagResource, ListTagsForResource."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"


def _error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    err = exc.value.response["Error"]
    return err["Code"], err["Message"]


@pytest.fixture
def arn(ecr):
    return ecr.create_repository(repositoryName="app", tags=[{"Key": "team", "Value": "a"}])[
        "repository"
    ]["repositoryArn"]


def test_create_repository_tags_are_listed(ecr, arn):
    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == [{"Key": "team", "Value": "a"}]


def test_list_tags_for_resource_untagged_repository(ecr):
    arn = ecr.create_repository(repositoryName="bare")["repository"]["repositoryArn"]

    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == []


def test_tag_resource_adds_and_overwrites(ecr, arn):
    ecr.tag_resource(
        resourceArn=arn, tags=[{"Key": "team", "Value": "b"}, {"Key": "env", "Value": ""}]
    )

    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == [
        {"Key": "team", "Value": "b"},
        {"Key": "env", "Value": ""},
    ]


def test_untag_resource_removes_keys_and_ignores_unknown_ones(ecr, arn):
    ecr.tag_resource(resourceArn=arn, tags=[{"Key": "env", "Value": "prod"}])

    ecr.untag_resource(resourceArn=arn, tagKeys=["team", "never-set"])

    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == [{"Key": "env", "Value": "prod"}]


def test_tags_go_with_the_repository(ecr, arn):
    ecr.delete_repository(repositoryName="app")
    ecr.create_repository(repositoryName="app")

    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == []


@pytest.mark.parametrize("operation", ["list", "tag", "untag"])
def test_tag_operations_unknown_repository_raise_not_found(ecr, operation):
    arn = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/ghost"
    calls = {
        "list": lambda: ecr.list_tags_for_resource(resourceArn=arn),
        "tag": lambda: ecr.tag_resource(resourceArn=arn, tags=[{"Key": "k", "Value": "v"}]),
        "untag": lambda: ecr.untag_resource(resourceArn=arn, tagKeys=["k"]),
    }

    with pytest.raises(ClientError) as exc:
        calls[operation]()

    assert _error(exc) == (
        "RepositoryNotFoundException",
        f"The repository with name 'ghost' does not exist in the registry with id '{ACCOUNT}'",
    )


@pytest.mark.parametrize(
    "bad_arn",
    [
        "not-an-arn",
        f"arn:aws:s3:us-east-1:{ACCOUNT}:repository/app",
        f"arn:aws:ecr:us-east-1:{ACCOUNT}:cluster/app",
        f"arn:aws:ecr:eu-west-1:{ACCOUNT}:repository/app",
    ],
)
def test_list_tags_for_resource_bad_arn_raises_invalid_parameter(ecr, arn, bad_arn):
    with pytest.raises(ClientError) as exc:
        ecr.list_tags_for_resource(resourceArn=bad_arn)

    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'",
    )


def test_tag_resource_of_another_account_raises_not_found(ecr, arn):
    with pytest.raises(ClientError) as exc:
        ecr.tag_resource(
            resourceArn=arn.replace(ACCOUNT, "111122223333"), tags=[{"Key": "k", "Value": "v"}]
        )

    assert _error(exc) == (
        "RepositoryNotFoundException",
        "The repository with name 'app' does not exist in the registry with id '111122223333'",
    )


def test_tag_resource_past_50_tags_raises_too_many_tags(ecr, arn):
    ecr.tag_resource(resourceArn=arn, tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])

    with pytest.raises(ClientError) as exc:
        ecr.tag_resource(resourceArn=arn, tags=[{"Key": "one-more", "Value": "v"}])

    assert _error(exc) == (
        "TooManyTagsException",
        "The repository would have 51 tags; the maximum number of tags that can be applied to a "
        "repository is 50.",
    )
    assert len(ecr.list_tags_for_resource(resourceArn=arn)["tags"]) == 50


def test_tag_resource_overwriting_at_the_limit_is_allowed(ecr, arn):
    ecr.tag_resource(resourceArn=arn, tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])

    ecr.tag_resource(resourceArn=arn, tags=[{"Key": "team", "Value": "z"}])

    assert {"Key": "team", "Value": "z"} in ecr.list_tags_for_resource(resourceArn=arn)["tags"]


def test_create_repository_with_51_tags_raises_too_many_tags(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.create_repository(
            repositoryName="app", tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]
        )

    assert _error(exc)[0] == "TooManyTagsException"
    assert ecr.describe_repositories()["repositories"] == []


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        (
            {"Key": "aws:owner", "Value": "x"},
            "The tag key 'aws:owner' is not valid: tag keys that start with 'aws:' are reserved "
            "for AWS use.",
        ),
        (
            {"Key": "AWS:owner", "Value": "x"},
            "The tag key 'AWS:owner' is not valid: tag keys that start with 'aws:' are reserved "
            "for AWS use.",
        ),
        (
            {"Key": "k" * 129, "Value": "x"},
            f"The tag key '{'k' * 129}' is not valid: tag keys must be 1 to 128 characters long.",
        ),
        (
            {"Key": "", "Value": "x"},
            "The tag key '' is not valid: tag keys must be 1 to 128 characters long.",
        ),
        (
            {"Key": "long", "Value": "v" * 257},
            "The value of the tag 'long' is not valid: tag values can have a maximum length of "
            "256 characters.",
        ),
        (
            {"Key": "bad#key", "Value": "x"},
            "The tag key 'bad#key' is not valid: tag keys may contain only letters, numbers, "
            "spaces and the characters _ . : / = + - @",
        ),
    ],
)
def test_tag_resource_bad_tag_raises_invalid_tag_parameter(ecr, arn, tag, message):
    with pytest.raises(ClientError) as exc:
        ecr.tag_resource(resourceArn=arn, tags=[tag])

    assert _error(exc) == ("InvalidTagParameterException", message)


def test_tag_resource_limits_are_inclusive(ecr, arn):
    tags = [{"Key": "k" * 128, "Value": "v" * 256}, {"Key": "a.b:c/d=e+f-g@h_i j", "Value": "é"}]

    ecr.tag_resource(resourceArn=arn, tags=tags)

    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"][1:] == tags


def test_create_repository_bad_tag_raises_invalid_tag_parameter(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.create_repository(repositoryName="app", tags=[{"Key": "aws:x", "Value": "y"}])

    assert _error(exc)[0] == "InvalidTagParameterException"
    assert ecr.describe_repositories()["repositories"] == []


def test_untag_resource_reserved_key_raises_invalid_tag_parameter(ecr, arn):
    with pytest.raises(ClientError) as exc:
        ecr.untag_resource(resourceArn=arn, tagKeys=["aws:cloudformation:stack-name"])

    assert _error(exc)[0] == "InvalidTagParameterException"
