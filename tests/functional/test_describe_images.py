"""DescribeImages: every ImageDetail field, imageIds, filters and paging."""

from __future__ import annotations

import datetime
import json

import pytest
from botocore.exceptions import ClientError

from tests.conftest import code_and_message as _error
from tests.conftest import digest_of as _digest
from tests.conftest import make_index, make_manifest

from .._floor import needs_model

ACCOUNT = "123456789012"


@needs_model(member=("ImageDetail", "imageStatus"))
def test_describe_images_detail_of_a_pushed_image(ecr, repo, push_image):
    manifest = make_manifest("one", layer_sizes=(1000, 2345))
    push_image(repo, "1.0", manifest=manifest)

    (detail,) = ecr.describe_images(repositoryName=repo)["imageDetails"]

    pushed_at = detail.pop("imagePushedAt")
    assert isinstance(pushed_at, datetime.datetime)
    assert detail == {
        "registryId": ACCOUNT,
        "repositoryName": "app",
        "imageDigest": _digest(manifest),
        "imageTags": ["1.0"],
        "imageSizeInBytes": 3345,
        "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "artifactMediaType": "application/vnd.docker.container.image.v1+json",
        "imageStatus": "ACTIVE",
    }


def test_describe_images_untagged_image_has_no_image_tags(ecr, repo, push_image):
    push_image(repo, None, seed="one")

    (detail,) = ecr.describe_images(repositoryName=repo)["imageDetails"]

    assert "imageTags" not in detail


def test_describe_images_index_has_no_artifact_media_type(ecr, repo, push_image):
    child = make_manifest("amd64")
    push_image(repo, None, manifest=child)
    push_image(repo, "multi", manifest=make_index([child]))

    detail = ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "multi"}])[
        "imageDetails"
    ][0]

    assert detail["imageManifestMediaType"] == "application/vnd.oci.image.index.v1+json"
    assert "artifactMediaType" not in detail


@needs_model(member=("ImageDetail", "subjectManifestDigest"))
def test_describe_images_referrer_has_subject_manifest_digest(ecr, repo, push_image):
    subject_digest = push_image(repo, "1.0", seed="image")["imageDigest"]
    signature = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "artifactType": "application/vnd.dev.cosign.artifact.sig.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.empty.v1+json",
                "digest": "sha256:" + "4" * 64,
                "size": 2,
            },
            "layers": [],
            "subject": {
                "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "digest": subject_digest,
                "size": 10,
            },
        }
    )
    push_image(repo, None, manifest=signature)

    detail = ecr.describe_images(
        repositoryName=repo, imageIds=[{"imageDigest": _digest(signature)}]
    )["imageDetails"][0]

    assert detail["subjectManifestDigest"] == subject_digest
    assert detail["artifactMediaType"] == "application/vnd.dev.cosign.artifact.sig.v1+json"


def test_describe_images_shows_last_recorded_pull_time(ecr_fake, ecr, repo, push_image):
    push_image(repo, "1.0")
    pulled = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    ecr_fake.registry().repositories.get(repo).find_image(
        {"imageTag": "1.0"}
    ).last_recorded_pull_time = pulled

    detail = ecr.describe_images(repositoryName=repo)["imageDetails"][0]

    assert detail["lastRecordedPullTime"] == pulled


def test_describe_images_merges_the_scan_members(ecr_fake, ecr, repo, push_image, monkeypatch):
    digest = push_image(repo, "1.0")["imageDigest"]
    scanning = ecr_fake.registry().model.scanning
    seen = []

    def fields(repository, image):
        seen.append((repository.name, image.digest))
        return {"imageScanStatus": {"status": "COMPLETE", "description": "done"}}

    monkeypatch.setattr(scanning, "describe_image_fields", fields)

    detail = ecr.describe_images(repositoryName=repo)["imageDetails"][0]

    assert seen == [("app", digest)]
    assert detail["imageScanStatus"] == {"status": "COMPLETE", "description": "done"}


def test_describe_images_in_push_order(ecr, repo, push_image):
    digests = [push_image(repo, f"v{i}", seed=str(i))["imageDigest"] for i in range(5)]
    push_image(repo, "latest", seed="2")  # re-tagging does not move an image

    details = ecr.describe_images(repositoryName=repo)["imageDetails"]

    assert [d["imageDigest"] for d in details] == digests


def test_describe_images_by_ids_in_request_order_each_once(ecr, repo, push_image):
    a = push_image(repo, "a", seed="a")["imageDigest"]
    b = push_image(repo, "b", seed="b")["imageDigest"]

    details = ecr.describe_images(
        repositoryName=repo,
        imageIds=[{"imageTag": "b"}, {"imageDigest": a}, {"imageDigest": b}],
    )["imageDetails"]

    assert [d["imageDigest"] for d in details] == [b, a]


@pytest.mark.parametrize(
    ("image_id", "text"),
    [
        ({"imageTag": "nope"}, "{imageDigest:'null', imageTag:'nope'}"),
        (
            {"imageDigest": "sha256:" + "f" * 64},
            "{imageDigest:'sha256:" + "f" * 64 + "', imageTag:'null'}",
        ),
    ],
)
def test_describe_images_missing_id_raises_image_not_found(ecr, repo, push_image, image_id, text):
    push_image(repo, "1.0")

    with pytest.raises(ClientError) as exc:
        ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "1.0"}, image_id])

    assert _error(exc) == (
        "ImageNotFoundException",
        f"The image with imageId {text} does not exist within the repository with name 'app' "
        f"in the registry with id '{ACCOUNT}'",
    )


@pytest.mark.parametrize("extra", [{"maxResults": 5}, {"nextToken": "abc"}])
def test_describe_images_ids_with_paging_raises_invalid_parameter(ecr, repo, push_image, extra):
    push_image(repo, "1.0")
    member = next(iter(extra))

    with pytest.raises(ClientError) as exc:
        ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "1.0"}], **extra)

    assert _error(exc) == (
        "InvalidParameterException",
        f"Invalid parameter at '{member}' failed to satisfy constraint: "
        f"'{member} cannot be used when imageIds is specified'",
    )


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"tagStatus": "TAGGED"}, ["a"]),
        ({"tagStatus": "UNTAGGED"}, ["b"]),
        ({"tagStatus": "ANY"}, ["a", "b"]),
        pytest.param(
            {"imageStatus": "ACTIVE"},
            ["a", "b"],
            marks=needs_model(member=("DescribeImagesFilter", "imageStatus")),
        ),
        pytest.param(
            {"imageStatus": "ANY"},
            ["a", "b"],
            marks=needs_model(member=("DescribeImagesFilter", "imageStatus")),
        ),
        pytest.param(
            {"imageStatus": "ARCHIVED"},
            [],
            marks=needs_model(member=("DescribeImagesFilter", "imageStatus")),
        ),
    ],
)
def test_describe_images_filter(ecr, repo, push_image, filter_, expected):
    digests = {"a": push_image(repo, "1.0", seed="a")["imageDigest"]}
    digests["b"] = push_image(repo, None, seed="b")["imageDigest"]

    details = ecr.describe_images(repositoryName=repo, filter=filter_)["imageDetails"]

    assert [d["imageDigest"] for d in details] == [digests[k] for k in expected]


def test_describe_images_pages_with_max_results(ecr, repo, push_image):
    digests = [push_image(repo, f"v{i}", seed=str(i))["imageDigest"] for i in range(5)]

    first = ecr.describe_images(repositoryName=repo, maxResults=2)
    second = ecr.describe_images(repositoryName=repo, maxResults=2, nextToken=first["nextToken"])
    third = ecr.describe_images(repositoryName=repo, maxResults=2, nextToken=second["nextToken"])

    assert [d["imageDigest"] for d in first["imageDetails"]] == digests[:2]
    assert [d["imageDigest"] for d in second["imageDetails"]] == digests[2:4]
    assert [d["imageDigest"] for d in third["imageDetails"]] == digests[4:]
    assert "nextToken" not in third


def test_describe_images_filtered_pages_hold_only_matches(ecr, repo, push_image):
    tagged = []
    for i in range(6):
        digest = push_image(repo, f"v{i}" if i % 2 else None, seed=str(i))["imageDigest"]
        if i % 2:
            tagged.append(digest)

    pages = ecr.get_paginator("describe_images").paginate(
        repositoryName=repo, filter={"tagStatus": "TAGGED"}, PaginationConfig={"PageSize": 2}
    )
    page_list = list(pages)

    assert [d["imageDigest"] for p in page_list for d in p["imageDetails"]] == tagged
    assert [len(p["imageDetails"]) for p in page_list] == [2, 1]


def test_describe_images_default_page_is_100(ecr_fake, ecr, repo):
    registry = ecr_fake.registry()
    repository = registry.get_repository(repo)
    for i in range(101):
        registry.model.push_image(repository, make_manifest(str(i)))

    response = ecr.describe_images(repositoryName=repo)

    assert len(response["imageDetails"]) == 100
    assert "nextToken" in response


def test_describe_images_token_survives_deleting_the_last_served_image(ecr, repo, push_image):
    digests = [push_image(repo, f"v{i}", seed=str(i))["imageDigest"] for i in range(4)]
    first = ecr.describe_images(repositoryName=repo, maxResults=2)
    ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": digests[1]}])

    rest = ecr.describe_images(repositoryName=repo, maxResults=2, nextToken=first["nextToken"])

    assert [d["imageDigest"] for d in rest["imageDetails"]] == digests[2:]


def test_describe_images_missing_repository_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.describe_images(repositoryName="ghost")

    assert _error(exc) == (
        "RepositoryNotFoundException",
        f"The repository with name 'ghost' does not exist in the registry with id '{ACCOUNT}'",
    )
