"""Replication through boto3: configuration, pushes copied into other registries, statuses."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ecrfake import EcrFakeError

from .._floor import needs_model
from ..conftest import code_and_message, digest_of, make_index, make_manifest
from ._replication_helpers import (
    OTHER,
    SOURCE,
    allow_replication,
    configure,
    policy_text,
    rule,
    statuses,
)

WEST = ("us-west-2", SOURCE)
EU_OTHER = ("eu-west-1", OTHER)


def client(region: str):
    return boto3.client("ecr", region_name=region)


# -- PutReplicationConfiguration / DescribeRegistry ----------------------------------------------


def test_describe_registry_without_configuration_has_no_rules(ecr):
    out = ecr.describe_registry()
    assert out["registryId"] == SOURCE
    assert out["replicationConfiguration"] == {"rules": []}


@needs_model(member=("ReplicationRule", "deleteReplication"))
def test_put_replication_configuration_is_read_back_by_describe_registry(ecr):
    config = {"rules": [rule(WEST, filters=("team/",), delete=True), rule(EU_OTHER)]}
    out = ecr.put_replication_configuration(replicationConfiguration=config)
    assert out["replicationConfiguration"] == config
    assert ecr.describe_registry()["replicationConfiguration"] == config
    configure(ecr)  # replaces it
    assert ecr.describe_registry()["replicationConfiguration"] == {"rules": []}


def test_put_replication_configuration_destination_is_source_raises_invalid_parameter(ecr):
    with pytest.raises(ClientError) as exc:
        configure(ecr, rule(("us-east-1", SOURCE)))
    code, message = code_and_message(exc)
    assert code == "InvalidParameterException"
    assert "same as the source registry" in message
    assert ecr.describe_registry()["replicationConfiguration"] == {"rules": []}


def test_put_replication_configuration_other_partition_raises_validation(ecr):
    with pytest.raises(ClientError) as exc:
        configure(ecr, rule(("cn-north-1", SOURCE)))
    assert code_and_message(exc)[0] == "ValidationException"


@pytest.mark.parametrize(
    ("config", "member"),
    [
        ({"rules": [rule(WEST)] * 26}, "replicationConfiguration.rules"),
        (
            {"rules": [{"destinations": [{"region": "us-west-2", "registryId": SOURCE}] * 101}]},
            "destinations",
        ),
        ({"rules": [{**rule(WEST), "repositoryFilters": []}]}, "repositoryFilters"),
        ({"rules": [rule(WEST, filters=("x" * 257,))]}, "filter"),
        ({"rules": [rule(WEST, filters=("Upper",))]}, "filter"),
        (
            {
                "rules": [
                    {
                        **rule(WEST),
                        "repositoryFilters": [{"filter": "ab", "filterType": "WILDCARD"}],
                    }
                ]
            },
            "filterType",
        ),
        ({"rules": [rule(("x", SOURCE))]}, "region"),
        ({"rules": [rule(("us-west-2", "12345"))]}, "registryId"),
    ],
)
def test_put_replication_configuration_model_limits_raise_invalid_parameter(ecr, config, member):
    with pytest.raises(ClientError) as exc:
        boto3.client(
            "ecr", region_name="us-east-1", config=Config(parameter_validation=False)
        ).put_replication_configuration(replicationConfiguration=config)
    code, message = code_and_message(exc)
    assert code == "InvalidParameterException"
    assert member in message


# -- a push replicates ----------------------------------------------------------------------------


def test_put_image_replicates_cross_region_with_digest_manifest_and_tags(ecr, push_image):
    configure(ecr, rule(WEST))
    ecr.create_repository(repositoryName="app")
    manifest = make_manifest("cross-region")
    image_id = push_image("app", "v1", manifest=manifest)

    west = client("us-west-2")
    (detail,) = west.describe_images(repositoryName="app")["imageDetails"]
    assert detail["imageDigest"] == image_id["imageDigest"] == digest_of(manifest)
    assert detail["imageTags"] == ["v1"]
    assert detail["registryId"] == SOURCE
    (got,) = west.batch_get_image(repositoryName="app", imageIds=[{"imageTag": "v1"}])["images"]
    assert got["imageManifest"] == manifest
    assert statuses(ecr, "app", {"imageTag": "v1"}) == [("us-west-2", SOURCE, "COMPLETE", None)]


def test_put_image_replicates_cross_account_when_destination_policy_allows(
    ecr, ecr_fake, push_image
):
    allow_replication(ecr_fake, OTHER, "eu-west-1", policy_text())
    configure(ecr, rule(EU_OTHER))
    ecr.create_repository(repositoryName="team/app")
    image_id = push_image("team/app", "v1")

    other = client("eu-west-1")
    (detail,) = other.describe_images(registryId=OTHER, repositoryName="team/app")["imageDetails"]
    assert detail["imageDigest"] == image_id["imageDigest"]
    assert detail["registryId"] == OTHER and detail["imageTags"] == ["v1"]
    (repo,) = other.describe_repositories(registryId=OTHER)["repositories"]
    assert repo["repositoryArn"] == f"arn:aws:ecr:eu-west-1:{OTHER}:repository/team/app"
    assert statuses(ecr, "team/app", {"imageTag": "v1"}) == [("eu-west-1", OTHER, "COMPLETE", None)]


def test_put_image_cross_account_without_registry_policy_fails_access_denied(
    ecr, ecr_fake, push_image
):
    configure(ecr, rule(EU_OTHER))
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1")
    assert statuses(ecr, "app", {"imageTag": "v1"}) == [
        ("eu-west-1", OTHER, "FAILED", "ACCESS_DENIED")
    ]
    assert client("eu-west-1").describe_repositories(registryId=OTHER)["repositories"] == []


def test_put_image_cross_account_without_create_repository_needs_existing_repository(
    ecr, ecr_fake, push_image
):
    allow_replication(ecr_fake, OTHER, "eu-west-1", policy_text(actions=("ecr:ReplicateImage",)))
    configure(ecr, rule(EU_OTHER))
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1")
    assert statuses(ecr, "app", {"imageTag": "v1"})[0][2:] == ("FAILED", "REPOSITORY_NOT_FOUND")

    # the destination account creates the repository itself: the next push replicates
    ecr_fake.registry(OTHER, "eu-west-1").model.create_repository("app")
    push_image("app", "v2")
    assert statuses(ecr, "app", {"imageTag": "v2"})[0][2:] == ("COMPLETE", None)
    tags = client("eu-west-1").list_images(registryId=OTHER, repositoryName="app")["imageIds"]
    assert [i.get("imageTag") for i in tags] == ["v2"]


def test_put_image_cross_account_denied_by_explicit_deny_fails(ecr, ecr_fake, push_image):
    import json

    doc = json.loads(policy_text())
    doc["Statement"].append(
        {
            "Effect": "Deny",
            "Principal": {"AWS": SOURCE},
            "Action": "ecr:ReplicateImage",
            "Resource": "*",
        }
    )
    allow_replication(ecr_fake, OTHER, "eu-west-1", json.dumps(doc))
    configure(ecr, rule(EU_OTHER))
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1")
    assert statuses(ecr, "app", {"imageTag": "v1"})[0][2:] == ("FAILED", "ACCESS_DENIED")


def test_put_image_prefix_filter_decides_which_repositories_replicate(ecr, push_image):
    configure(ecr, rule(WEST, filters=("team/",)))
    for name in ("team/app", "teamwork", "other"):
        ecr.create_repository(repositoryName=name)
        push_image(name, "v1")
    west = client("us-west-2")
    assert [r["repositoryName"] for r in west.describe_repositories()["repositories"]] == [
        "team/app"
    ]
    assert statuses(ecr, "other", {"imageTag": "v1"}) == []


def test_put_image_to_three_destinations_reports_each(ecr, ecr_fake, push_image):
    allow_replication(ecr_fake, OTHER, "us-east-1", policy_text())
    configure(ecr, rule(WEST, ("us-east-1", OTHER)), rule(WEST, ("eu-central-1", SOURCE)))
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1")
    assert statuses(ecr, "app", {"imageTag": "v1"}) == [
        ("us-west-2", SOURCE, "COMPLETE", None),
        ("us-east-1", OTHER, "COMPLETE", None),
        ("eu-central-1", SOURCE, "COMPLETE", None),
    ]


def test_replica_is_scanned_by_the_destination_scanning_configuration(ecr, push_image):
    west = client("us-west-2")
    west.put_registry_scanning_configuration(
        scanType="BASIC",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    configure(ecr, rule(WEST))
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1")
    (detail,) = west.describe_images(repositoryName="app")["imageDetails"]
    assert detail["imageScanStatus"]["status"] in ("COMPLETE", "IN_PROGRESS")
    (source,) = ecr.describe_images(repositoryName="app")["imageDetails"]
    assert "imageScanStatus" not in source


def test_replica_is_not_replicated_again_from_its_destination(ecr, push_image):
    configure(ecr, rule(WEST))
    west = client("us-west-2")
    west.put_replication_configuration(
        replicationConfiguration={
            "rules": [rule(("us-east-1", SOURCE)), rule(("eu-west-3", SOURCE))]
        }
    )
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1")
    assert statuses(west, "app", {"imageTag": "v1"}) == []
    assert client("eu-west-3").describe_repositories()["repositories"] == []


def test_second_tag_and_moved_tag_replicate(ecr, push_image):
    configure(ecr, rule(WEST))
    ecr.create_repository(repositoryName="app")
    manifest = make_manifest("one")
    push_image("app", "v1", manifest=manifest)
    push_image("app", "latest", manifest=manifest)  # a second tag on the same image
    push_image("app", "v1", manifest=make_manifest("two"))  # v1 moves to a new image
    west = client("us-west-2")
    by_digest = {
        d["imageDigest"]: sorted(d.get("imageTags", []))
        for d in west.describe_images(repositoryName="app")["imageDetails"]
    }
    assert by_digest == {digest_of(manifest): ["latest"], digest_of(make_manifest("two")): ["v1"]}


def test_index_replicates_after_its_children(ecr, push_image):
    configure(ecr, rule(WEST))
    ecr.create_repository(repositoryName="app")
    children = [make_manifest("amd"), make_manifest("arm")]
    for child in children:
        push_image("app", None, manifest=child)
    index = make_index(children)
    push_image("app", "multi", manifest=index)
    assert statuses(ecr, "app", {"imageTag": "multi"}) == [("us-west-2", SOURCE, "COMPLETE", None)]
    assert len(client("us-west-2").describe_images(repositoryName="app")["imageDetails"]) == 3


def test_index_pushed_before_its_children_were_replicated_takes_them_along(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    children = [make_manifest("amd-early"), make_manifest("arm-early")]
    for child in children:
        push_image("app", None, manifest=child)
    configure(ecr, rule(WEST))  # the children were pushed before any rule
    push_image("app", "multi", manifest=make_index(children))
    assert statuses(ecr, "app", {"imageTag": "multi"}) == [("us-west-2", SOURCE, "COMPLETE", None)]
    west = client("us-west-2")
    digests = {d["imageDigest"] for d in west.describe_images(repositoryName="app")["imageDetails"]}
    assert digests >= {digest_of(c) for c in children}


def test_immutable_destination_tag_fails_image_tag_already_exists(ecr, push_image):
    west = client("us-west-2")
    west.create_repository(repositoryName="app", imageTagMutability="IMMUTABLE")
    west.put_image(repositoryName="app", imageManifest=make_manifest("theirs"), imageTag="v1")
    configure(ecr, rule(WEST))
    ecr.create_repository(repositoryName="app")
    push_image("app", "v1", seed="ours")
    assert statuses(ecr, "app", {"imageTag": "v1"})[0][2:] == ("FAILED", "IMAGE_TAG_ALREADY_EXISTS")


# -- DescribeImageReplicationStatus errors -----------------------------------------------------------


def test_describe_image_replication_status_missing_image_raises_image_not_found(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_replication_status(repositoryName=repo, imageId={"imageTag": "nope"})
    assert code_and_message(exc)[0] == "ImageNotFoundException"


def test_describe_image_replication_status_missing_repository_raises_repository_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_replication_status(repositoryName="nope", imageId={"imageTag": "v1"})
    assert code_and_message(exc)[0] == "RepositoryNotFoundException"


def test_describe_image_replication_status_echoes_digest_and_tag(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    image_id = push_image("app", "v1")
    out = ecr.describe_image_replication_status(repositoryName="app", imageId={"imageTag": "v1"})
    assert out["imageId"] == {"imageDigest": image_id["imageDigest"], "imageTag": "v1"}
    assert out["repositoryName"] == "app" and out["replicationStatuses"] == []


# -- deletions ----------------------------------------------------------------------------------------


def test_deletions_not_replicated_without_delete_replication(ecr, push_image):
    configure(ecr, rule(WEST))
    ecr.create_repository(repositoryName="app")
    image_id = push_image("app", "v1")
    ecr.batch_delete_image(
        repositoryName="app", imageIds=[{"imageDigest": image_id["imageDigest"]}]
    )
    assert len(client("us-west-2").describe_images(repositoryName="app")["imageDetails"]) == 1


@needs_model(member=("ReplicationRule", "deleteReplication"))
def test_delete_replication_removes_tag_then_image_in_destination(ecr, push_image):
    configure(ecr, rule(WEST, delete=True))
    ecr.create_repository(repositoryName="app")
    manifest = make_manifest("del")
    push_image("app", "v1", manifest=manifest)
    push_image("app", "v2", manifest=manifest)
    west = client("us-west-2")

    ecr.batch_delete_image(repositoryName="app", imageIds=[{"imageTag": "v1"}])
    (detail,) = west.describe_images(repositoryName="app")["imageDetails"]
    assert detail["imageTags"] == ["v2"]

    ecr.batch_delete_image(repositoryName="app", imageIds=[{"imageTag": "v2"}])  # the last tag
    assert west.describe_images(repositoryName="app")["imageDetails"] == []


@needs_model(member=("ReplicationRule", "deleteReplication"))
def test_delete_replication_by_digest_deletes_image_in_destination(ecr, push_image):
    configure(ecr, rule(WEST, delete=True))
    ecr.create_repository(repositoryName="app")
    image_id = push_image("app", "v1")
    ecr.batch_delete_image(
        repositoryName="app", imageIds=[{"imageDigest": image_id["imageDigest"]}]
    )
    assert client("us-west-2").describe_images(repositoryName="app")["imageDetails"] == []


# -- plan_replication ---------------------------------------------------------------------------------


def test_plan_replication_holds_in_progress_then_delivers(ecr, ecr_fake, push_image):
    configure(ecr, rule(WEST))
    ecr.create_repository(repositoryName="app")
    ecr_fake.registry().plan_replication("app", {"imageTag": "v1"}, polls=2)
    push_image("app", "v1")
    west = client("us-west-2")
    for _ in range(2):
        assert statuses(ecr, "app", {"imageTag": "v1"})[0][2] == "IN_PROGRESS"
        assert west.describe_repositories()["repositories"] == []
    assert statuses(ecr, "app", {"imageTag": "v1"})[0][2] == "COMPLETE"
    assert len(west.describe_images(repositoryName="app")["imageDetails"]) == 1


def test_plan_replication_fails_one_destination_with_code(ecr, ecr_fake, push_image):
    allow_replication(ecr_fake, OTHER, "eu-west-1", policy_text())
    configure(ecr, rule(WEST, EU_OTHER))
    ecr.create_repository(repositoryName="app")
    ecr_fake.registry().plan_replication(
        "app",
        destination={"region": "eu-west-1", "registryId": OTHER},
        status="FAILED",
        failure_code="KMS_ERROR",
    )
    push_image("app", "v1")
    assert statuses(ecr, "app", {"imageTag": "v1"}) == [
        ("us-west-2", SOURCE, "COMPLETE", None),
        ("eu-west-1", OTHER, "FAILED", "KMS_ERROR"),
    ]
    assert client("eu-west-1").describe_repositories(registryId=OTHER)["repositories"] == []


@pytest.mark.parametrize(
    ("args", "kwargs", "needle"),
    [
        (("BAD NAME",), {}, "repository name"),
        (("app", {"imageTagg": "v1"}), {}, "image id"),
        (("app",), {"status": "IN_PROGRESS"}, "status"),
        (("app",), {"failure_code": "X"}, "failure_code"),
        (("app",), {"polls": -1}, "polls"),
        (("app",), {"destination": ("us-west-2", SOURCE)}, "destination"),
        (("app",), {"destination": {"region": "us-west-2", "registryId": "1"}}, "destination"),
        (("app",), {"destination": {"region": "west", "registryId": SOURCE}}, "destination"),
    ],
)
def test_plan_replication_bad_arguments_raise_ecrfake_error(ecr_fake, args, kwargs, needle):
    with pytest.raises(EcrFakeError, match=needle):
        ecr_fake.registry().plan_replication(*args, **kwargs)


def test_unused_replication_plan_is_listed_by_unused_seeds(ecr, ecr_fake, push_image):
    reg = ecr_fake.registry()
    ecr.create_repository(repositoryName="app")
    reg.plan_replication("app", {"imageTag": "v1"}, status="FAILED")
    assert reg.unused_seeds() == [
        "replication plan for repository 'app', image {imageTag: 'v1'}, in registry "
        "123456789012/us-east-1: no image with that tag was pushed"
    ]
    push_image("app", "v1")  # no rule matches: the plan stays unused
    assert reg.unused_seeds()[0].endswith("(does a replication rule match it?)")
    configure(ecr, rule(WEST))
    push_image("app", "v1", seed="again")
    assert reg.unused_seeds() == []
