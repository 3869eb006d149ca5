"""Server-side validation against the service model, through a client that validates nothing.

botocore checks only required members, types and minimums; with ``parameter_validation=False`` it
checks nothing, so every constraint kind reaches ecrfake, which answers as ECR does:
``InvalidParameterException`` with ``Invalid parameter at '<member>' failed to satisfy constraint``.
"""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ecrfake import _dispatch
from tests.conftest import make_manifest

from .._floor import needs_current_model

# As real ECR quotes it: '/' where botocore's model has '\/' (behaviour reference §1.3).
NAME_PATTERN = r"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*"


@pytest.fixture
def raw(ecr_fake):
    """A client that sends whatever it is given."""
    client = boto3.client("ecr", region_name="us-east-1", config=Config(parameter_validation=False))
    client.create_repository(repositoryName="app")
    return client


def _invalid(call, **kwargs) -> str:
    with pytest.raises(ClientError) as exc:
        call(**kwargs)
    assert exc.value.response["Error"]["Code"] == "InvalidParameterException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return exc.value.response["Error"]["Message"]


def _text(member: str, constraint: str) -> str:
    return f"Invalid parameter at '{member}' failed to satisfy constraint: '{constraint}'"


def test_validation_required_member(raw):
    message = _invalid(raw.put_image, repositoryName="app")

    assert message == _text("imageManifest", "Member must not be null")


def test_validation_type(raw):
    message = _invalid(raw.describe_images, repositoryName="app", maxResults="ten")

    assert message == _text("maxResults", "Member must be of type Integer")


def test_validation_min_length(raw):
    message = _invalid(raw.create_repository, repositoryName="a")

    assert message == _text("repositoryName", "must have length greater than or equal to 2")


def test_validation_max_length(raw):
    message = _invalid(raw.create_repository, repositoryName="a" * 257)

    assert message == _text("repositoryName", "must have length less than or equal to 256")


@needs_current_model("RepositoryName pattern")
def test_validation_pattern(raw):
    message = _invalid(raw.create_repository, repositoryName="Upper-Case")

    assert message == _text("repositoryName", f"must satisfy regular expression '{NAME_PATTERN}'")


def test_validation_enum(raw):
    message = _invalid(raw.create_repository, repositoryName="repo", imageTagMutability="SOMETIMES")

    assert message == _text(
        "imageTagMutability",
        "Member must satisfy enum value set: "
        "[IMMUTABLE, MUTABLE, MUTABLE_WITH_EXCLUSION, IMMUTABLE_WITH_EXCLUSION]",
    )


def test_validation_list_size(raw):
    ids = [{"imageTag": f"t{i}"} for i in range(101)]

    message = _invalid(raw.batch_delete_image, repositoryName="app", imageIds=ids)

    assert message == _text("imageIds", "Member must have length less than or equal to 100")


@pytest.mark.parametrize(
    ("value", "constraint"),
    [
        (0, "Member must have value greater than or equal to 1"),
        (1001, "Member must have value less than or equal to 1000"),
    ],
)
def test_validation_max_results_range(raw, value, constraint):
    message = _invalid(raw.list_images, repositoryName="app", maxResults=value)

    assert message == _text("maxResults", constraint)


def test_validation_max_results_bounds_are_accepted(raw):
    assert raw.list_images(repositoryName="app", maxResults=1)["imageIds"] == []
    assert raw.describe_repositories(maxResults=1000)["repositories"][0]["repositoryName"] == "app"


def test_validation_nested_member_path(raw):
    message = _invalid(
        raw.create_repository,
        repositoryName="tagged",
        tags=[{"Key": "ok", "Value": "v"}, {"Value": "no key"}],
    )

    assert message == _text("tags.2.member.Key", "Member must not be null")


def test_validation_nested_member_type(raw):
    message = _invalid(
        raw.tag_resource,
        resourceArn="arn:aws:ecr:us-east-1:123456789012:repository/app",
        tags=[{"Key": 7, "Value": "v"}],
    )

    assert message == _text("tags.1.member.Key", "Member must be of type String")


def test_validation_nested_pattern_in_exclusion_filter(raw):
    message = _invalid(
        raw.create_repository,
        repositoryName="mixed",
        imageTagMutability="MUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters=[{"filter": "bad/filter", "filterType": "WILDCARD"}],
    )

    assert message == _text(
        "imageTagMutabilityExclusionFilters.1.member.filter",
        "must satisfy regular expression '^[0-9a-zA-Z._*-]{1,128}$'",
    )


def test_validation_registry_id_pattern(raw):
    message = _invalid(raw.describe_repositories, registryId="12")

    assert message == _text("registryId", "must satisfy regular expression '[0-9]{12}'")


def test_validation_failure_changes_nothing(raw):
    _invalid(raw.create_repository, repositoryName="x")

    names = [r["repositoryName"] for r in raw.describe_repositories()["repositories"]]
    assert names == ["app"]


def test_validation_null_optional_members_count_as_absent(raw):
    digest = raw.put_image(
        repositoryName="app",
        imageManifest=make_manifest("one"),
        imageTag="1.0",
        imageDigest=None,
    )["image"]["imageId"]["imageDigest"]

    details = raw.describe_images(
        repositoryName="app", imageIds=[{"imageTag": "1.0", "imageDigest": None}], maxResults=None
    )["imageDetails"]
    got = raw.batch_get_image(
        repositoryName="app",
        imageIds=[
            {"imageDigest": digest, "imageTag": None},
            {"imageTag": "x", "imageDigest": None},
        ],
    )

    assert [d["imageDigest"] for d in details] == [digest]
    assert got["images"][0]["imageId"] == {"imageDigest": digest}
    assert got["failures"][0]["imageId"] == {"imageTag": "x"}


def test_validation_unknown_members_are_not_echoed(ecr_fake):
    # botocore cannot send unknown members; a hand-made request can.
    body = {
        "repositoryName": "mixed",
        "imageTagMutability": "MUTABLE_WITH_EXCLUSION",
        "imageTagMutabilityExclusionFilters": [
            {"filter": "dev-*", "filterType": "WILDCARD", "extra": "ignored"}
        ],
        "encryptionConfiguration": {"encryptionType": "AES256", "extra": "ignored"},
    }

    status, _, raw_body = _dispatch.dispatch(
        ecr_fake.state,
        "AmazonEC2ContainerRegistry_V20150921.CreateRepository",
        json.dumps(body),
        {},
        "https://api.ecr.us-east-1.amazonaws.com/",
    )
    repo = json.loads(raw_body)["repository"]

    assert status == 200
    assert repo["imageTagMutabilityExclusionFilters"] == [
        {"filter": "dev-*", "filterType": "WILDCARD"}
    ]
    assert repo["encryptionConfiguration"] == {"encryptionType": "AES256"}
