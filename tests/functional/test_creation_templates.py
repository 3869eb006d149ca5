"""Repository creation templates through boto3, and the repositories they shape."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from .._floor import needs_model
from ..conftest import code_and_message, make_manifest
from ._replication_helpers import SOURCE, configure, rule

LIFECYCLE = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "selection": {
                    "tagStatus": "any",
                    "countType": "imageCountMoreThan",
                    "countNumber": 5,
                },
                "action": {"type": "expire"},
            }
        ]
    }
)
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}
        ],
    }
)


def template(ecr, prefix, applied_for=("REPLICATION",), **kw):
    return ecr.create_repository_creation_template(
        prefix=prefix, appliedFor=list(applied_for), **kw
    )["repositoryCreationTemplate"]


# -- the four operations --------------------------------------------------------------------------


def test_create_repository_creation_template_answers_the_template(ecr):
    out = ecr.create_repository_creation_template(
        prefix="team",
        description="team repos",
        appliedFor=["PULL_THROUGH_CACHE", "REPLICATION"],
        imageTagMutability="IMMUTABLE",
        resourceTags=[{"Key": "team", "Value": "a"}],
        lifecyclePolicy=LIFECYCLE,
    )
    assert out["registryId"] == SOURCE
    made = out["repositoryCreationTemplate"]
    assert made["prefix"] == "team" and made["description"] == "team repos"
    assert made["appliedFor"] == ["PULL_THROUGH_CACHE", "REPLICATION"]
    assert made["imageTagMutability"] == "IMMUTABLE"
    assert made["resourceTags"] == [{"Key": "team", "Value": "a"}]
    assert made["lifecyclePolicy"] == LIFECYCLE
    assert made["createdAt"] == made["updatedAt"]


def test_create_repository_creation_template_same_prefix_with_slash_raises_already_exists(ecr):
    template(ecr, "team")
    with pytest.raises(ClientError) as exc:
        template(ecr, "team/")
    code, message = code_and_message(exc)
    assert code == "TemplateAlreadyExistsException" and "team/" in message


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"prefix": "Bad"}, "InvalidParameterException"),
        ({"prefix": "x" * 257}, "InvalidParameterException"),
        ({"appliedFor": ["PUSH"]}, "InvalidParameterException"),
        ({"appliedFor": []}, "ValidationException"),
        ({"imageTagMutability": "MUTABLE_WITH_EXCLUSION"}, "InvalidParameterException"),
        ({"repositoryPolicy": "{nope"}, "InvalidParameterException"),
        ({"lifecyclePolicy": "[]"}, "InvalidParameterException"),
        ({"customRoleArn": "arn:aws:iam::210987654321:role/r"}, "ValidationException"),
        (
            {
                "encryptionConfiguration": {
                    "encryptionType": "AES256",
                    "kmsKey": "arn:aws:kms:us-east-1:123456789012:key/k",
                }
            },
            "InvalidParameterException",
        ),
        ({"resourceTags": [{"Key": "aws:reserved", "Value": "v"}]}, "InvalidParameterException"),
    ],
)
def test_create_repository_creation_template_bad_input_raises(ecr, kwargs, code):
    args = {"prefix": "team", "appliedFor": ["REPLICATION"], **kwargs}
    raw = boto3.client("ecr", region_name="us-east-1", config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as exc:
        raw.create_repository_creation_template(**args)
    assert code_and_message(exc)[0] == code
    assert ecr.describe_repository_creation_templates()["repositoryCreationTemplates"] == []


def test_describe_repository_creation_templates_pages_and_filters(ecr):
    for i in range(5):
        template(ecr, f"p{i}")
    page = ecr.describe_repository_creation_templates(maxResults=2)
    seen = [t["prefix"] for t in page["repositoryCreationTemplates"]]
    while "nextToken" in page:
        page = ecr.describe_repository_creation_templates(maxResults=2, nextToken=page["nextToken"])
        seen += [t["prefix"] for t in page["repositoryCreationTemplates"]]
    assert seen == ["p0", "p1", "p2", "p3", "p4"]
    named = ecr.describe_repository_creation_templates(prefixes=["p3", "nope"])
    assert [t["prefix"] for t in named["repositoryCreationTemplates"]] == ["p3"]
    paginator = ecr.get_paginator("describe_repository_creation_templates")
    assert (
        sum(
            len(p["repositoryCreationTemplates"])
            for p in paginator.paginate(PaginationConfig={"PageSize": 2})
        )
        == 5
    )


def test_update_repository_creation_template_replaces_given_members_only(ecr):
    template(ecr, "team", description="old", imageTagMutability="IMMUTABLE")
    out = ecr.update_repository_creation_template(prefix="team", description="new")
    made = out["repositoryCreationTemplate"]
    assert made["description"] == "new" and made["imageTagMutability"] == "IMMUTABLE"
    assert made["updatedAt"] >= made["createdAt"]


def test_update_or_delete_missing_template_raises_template_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.update_repository_creation_template(prefix="nope", description="x")
    assert code_and_message(exc)[0] == "TemplateNotFoundException"
    with pytest.raises(ClientError) as exc:
        ecr.delete_repository_creation_template(prefix="nope")
    assert code_and_message(exc)[0] == "TemplateNotFoundException"


def test_delete_repository_creation_template_answers_and_removes_it(ecr):
    template(ecr, "team")
    out = ecr.delete_repository_creation_template(prefix="team/")
    assert out["repositoryCreationTemplate"]["prefix"] == "team"
    assert ecr.describe_repository_creation_templates()["repositoryCreationTemplates"] == []


# -- templates applied ----------------------------------------------------------------------------


def test_simulate_pull_creates_repository_from_pull_through_cache_template(ecr, ecr_fake):
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="ecr-public", upstreamRegistryUrl="public.ecr.aws"
    )
    template(
        ecr,
        "ecr-public",
        ("PULL_THROUGH_CACHE",),
        imageTagMutability="IMMUTABLE",
        resourceTags=[{"Key": "cache", "Value": "yes"}],
        encryptionConfiguration={"encryptionType": "KMS"},
        repositoryPolicy=POLICY,
        lifecyclePolicy=LIFECYCLE,
    )
    template(ecr, "ROOT", ("PULL_THROUGH_CACHE",), imageTagMutability="MUTABLE")

    ecr_fake.registry().simulate_pull("ecr-public/nginx/nginx", "1.25")

    (repo,) = ecr.describe_repositories()["repositories"]
    assert repo["imageTagMutability"] == "IMMUTABLE"
    assert repo["encryptionConfiguration"]["encryptionType"] == "KMS"
    assert repo["encryptionConfiguration"]["kmsKey"].startswith(
        "arn:aws:kms:us-east-1:123456789012:key/"
    )
    tags = ecr.list_tags_for_resource(resourceArn=repo["repositoryArn"])["tags"]
    assert tags == [{"Key": "cache", "Value": "yes"}]
    model = ecr_fake.registry().get_repository("ecr-public/nginx/nginx")
    assert model.repository_policy_text == POLICY and model.lifecycle_policy_text == LIFECYCLE


def test_simulate_pull_without_matching_template_uses_ecr_defaults(ecr, ecr_fake):
    ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="quay", upstreamRegistryUrl="quay.io")
    template(ecr, "quay", ("REPLICATION",), imageTagMutability="IMMUTABLE")  # not for pulls
    ecr_fake.registry().simulate_pull("quay/org/app", "1")
    (repo,) = ecr.describe_repositories()["repositories"]
    assert repo["imageTagMutability"] == "MUTABLE"
    assert repo["encryptionConfiguration"] == {"encryptionType": "AES256"}


def test_replication_creates_destination_repository_from_most_specific_template(ecr, push_image):
    west = boto3.client("ecr", region_name="us-west-2")
    template(west, "ROOT", imageTagMutability="IMMUTABLE")
    template(
        west,
        "team",
        imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters=[{"filter": "dev-*", "filterType": "WILDCARD"}],
        resourceTags=[{"Key": "from", "Value": "team"}],
    )
    template(
        west, "team/svc", ("PULL_THROUGH_CACHE",), imageTagMutability="MUTABLE"
    )  # not for replication
    template(ecr, "team", imageTagMutability="MUTABLE")  # the source's templates play no part
    configure(ecr, rule(("us-west-2", SOURCE)))
    for name in ("team/svc/api", "solo"):
        ecr.create_repository(repositoryName=name)
        push_image(name, "v1")

    repos = {r["repositoryName"]: r for r in west.describe_repositories()["repositories"]}
    assert repos["team/svc/api"]["imageTagMutability"] == "IMMUTABLE_WITH_EXCLUSION"
    assert repos["team/svc/api"]["imageTagMutabilityExclusionFilters"] == [
        {"filter": "dev-*", "filterType": "WILDCARD"}
    ]
    assert west.list_tags_for_resource(resourceArn=repos["team/svc/api"]["repositoryArn"])[
        "tags"
    ] == [{"Key": "from", "Value": "team"}]
    assert repos["solo"]["imageTagMutability"] == "IMMUTABLE"


@needs_model(enum=("RCTAppliedFor", "CREATE_ON_PUSH"))
def test_put_image_to_missing_repository_creates_it_from_create_on_push_template(ecr):
    template(ecr, "auto", ("CREATE_ON_PUSH",), imageTagMutability="IMMUTABLE")
    ecr.put_image(repositoryName="auto/app", imageManifest=make_manifest("cop"), imageTag="v1")
    (repo,) = ecr.describe_repositories()["repositories"]
    assert repo["repositoryName"] == "auto/app" and repo["imageTagMutability"] == "IMMUTABLE"
    assert [i["imageTag"] for i in ecr.list_images(repositoryName="auto/app")["imageIds"]] == ["v1"]


def test_put_image_to_missing_repository_without_create_on_push_template_raises_not_found(ecr):
    template(ecr, "auto", ("REPLICATION", "PULL_THROUGH_CACHE"))
    with pytest.raises(ClientError) as exc:
        ecr.put_image(repositoryName="auto/app", imageManifest=make_manifest("x"), imageTag="v1")
    assert code_and_message(exc)[0] == "RepositoryNotFoundException"
    assert ecr.describe_repositories()["repositories"] == []


@needs_model(enum=("RCTAppliedFor", "CREATE_ON_PUSH"))
def test_put_image_refused_leaves_no_repository_created_on_push(ecr):
    template(ecr, "ROOT", ("CREATE_ON_PUSH",))
    with pytest.raises(ClientError) as exc:
        ecr.put_image(repositoryName="app", imageManifest="{not json", imageTag="v1")
    assert code_and_message(exc)[0] == "InvalidParameterException"
    assert ecr.describe_repositories()["repositories"] == []


@needs_model(enum=("RCTAppliedFor", "CREATE_ON_PUSH"))
def test_create_on_push_repository_replicates_the_push(ecr):
    template(ecr, "ROOT", ("CREATE_ON_PUSH",))
    configure(ecr, rule(("us-west-2", SOURCE)))
    ecr.put_image(repositoryName="fresh", imageManifest=make_manifest("f"), imageTag="v1")
    west = boto3.client("ecr", region_name="us-west-2")
    assert [r["repositoryName"] for r in west.describe_repositories()["repositories"]] == ["fresh"]
