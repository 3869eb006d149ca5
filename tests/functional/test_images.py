"""PutImage, BatchGetImage, BatchDeleteImage and ListImages."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.conftest import code_and_message as _error
from tests.conftest import digest_of as _digest
from tests.conftest import make_index, make_manifest

ACCOUNT = "123456789012"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


# -- PutImage -------------------------------------------------------------------------------------


def test_put_image_returns_the_image(ecr, repo):
    manifest = make_manifest("one")

    image = ecr.put_image(repositoryName=repo, imageManifest=manifest, imageTag="1.0")["image"]

    assert image == {
        "registryId": ACCOUNT,
        "repositoryName": "app",
        "imageId": {"imageDigest": _digest(manifest), "imageTag": "1.0"},
        "imageManifest": manifest,
        "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json",
    }


def test_put_image_without_tag_returns_digest_only(ecr, repo):
    manifest = make_manifest("one")

    image = ecr.put_image(repositoryName=repo, imageManifest=manifest)["image"]

    assert image["imageId"] == {"imageDigest": _digest(manifest)}


def test_put_image_missing_repository_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.put_image(repositoryName="ghost", imageManifest=make_manifest())

    assert _error(exc) == (
        "RepositoryNotFoundException",
        f"The repository with name 'ghost' does not exist in the registry with id '{ACCOUNT}'",
    )


def test_put_image_matching_digest_is_accepted(ecr, repo):
    manifest = make_manifest("one")

    image = ecr.put_image(
        repositoryName=repo, imageManifest=manifest, imageDigest=_digest(manifest)
    )

    assert image["image"]["imageId"]["imageDigest"] == _digest(manifest)


def test_put_image_wrong_digest_raises_digest_does_not_match(ecr, repo):
    manifest = make_manifest("one")
    wrong = "sha256:" + "0" * 64

    with pytest.raises(ClientError) as exc:
        ecr.put_image(repositoryName=repo, imageManifest=manifest, imageDigest=wrong)

    assert _error(exc) == (
        "ImageDigestDoesNotMatchException",
        "Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The provided image "
        f"digest {wrong} does not match the calculated digest {_digest(manifest)}'",
    )


def test_put_image_same_manifest_and_tag_twice_raises_already_exists(ecr, repo, push_image):
    digest = push_image(repo, "1.0", seed="one")["imageDigest"]

    with pytest.raises(ClientError) as exc:
        push_image(repo, "1.0", seed="one")

    assert _error(exc) == (
        "ImageAlreadyExistsException",
        f"Image with digest '{digest}' and tag '1.0' already exists in the repository with name "
        f"'app' in registry with id '{ACCOUNT}'",
    )


def test_put_image_existing_manifest_new_tag_adds_the_tag(ecr, repo, push_image):
    push_image(repo, "1.0", seed="one")
    push_image(repo, "stable", seed="one")

    details = ecr.describe_images(repositoryName=repo)["imageDetails"]

    assert len(details) == 1
    assert details[0]["imageTags"] == ["1.0", "stable"]


def test_put_image_moves_a_mutable_tag(ecr, repo, push_image):
    old = push_image(repo, "latest", seed="one")["imageDigest"]
    new = push_image(repo, "latest", seed="two")["imageDigest"]

    details = {
        d["imageDigest"]: d for d in ecr.describe_images(repositoryName=repo)["imageDetails"]
    }

    assert details[new]["imageTags"] == ["latest"]
    assert "imageTags" not in details[old]


def test_put_image_immutable_tag_raises_tag_already_exists(ecr, push_image):
    ecr.create_repository(repositoryName="locked", imageTagMutability="IMMUTABLE")
    push_image("locked", "1.0", seed="one")

    with pytest.raises(ClientError) as exc:
        push_image("locked", "1.0", seed="two")

    assert _error(exc) == (
        "ImageTagAlreadyExistsException",
        "The image tag '1.0' already exists in the 'locked' repository and cannot be overwritten "
        "because the tag is immutable.",
    )


def test_put_image_immutable_with_exclusion_lets_excluded_tags_move(ecr, push_image):
    ecr.create_repository(
        repositoryName="mixed",
        imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters=[{"filter": "dev-*", "filterType": "WILDCARD"}],
    )
    push_image("mixed", "dev-1", seed="one")
    push_image("mixed", "1.0", seed="one")

    push_image("mixed", "dev-1", seed="two")  # excluded: mutable
    with pytest.raises(ClientError) as exc:
        push_image("mixed", "1.0", seed="two")

    assert _error(exc)[0] == "ImageTagAlreadyExistsException"


def test_put_image_mutable_with_exclusion_locks_excluded_tags(ecr, push_image):
    ecr.create_repository(
        repositoryName="mixed",
        imageTagMutability="MUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters=[{"filter": "release-*", "filterType": "WILDCARD"}],
    )
    push_image("mixed", "latest", seed="one")
    push_image("mixed", "release-1", seed="one")

    push_image("mixed", "latest", seed="two")
    with pytest.raises(ClientError) as exc:
        push_image("mixed", "release-1", seed="two")

    assert _error(exc)[0] == "ImageTagAlreadyExistsException"


def test_put_image_index_of_pushed_children(ecr, repo, push_image):
    small = make_manifest("amd64", layer_sizes=(10, 20))
    big = make_manifest("arm64", layer_sizes=(500,))
    push_image(repo, None, manifest=small)
    push_image(repo, None, manifest=big)
    index = make_index([small, big])

    image = ecr.put_image(repositoryName=repo, imageManifest=index, imageTag="multi")["image"]

    assert image["imageManifestMediaType"] == OCI_INDEX
    detail = ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "multi"}])
    # An index's size is the largest of its manifests.
    assert detail["imageDetails"][0]["imageSizeInBytes"] == 500


def test_put_image_index_with_missing_child_raises_referenced_images_not_found(ecr, repo):
    child = make_manifest("amd64")
    index = make_index([child])

    with pytest.raises(ClientError) as exc:
        ecr.put_image(repositoryName=repo, imageManifest=index, imageTag="multi")

    assert _error(exc) == (
        "ReferencedImagesNotFoundException",
        "The image manifest list references images that do not exist in the repository with "
        f"name 'app': {_digest(child)}",
    )


def test_put_image_not_json_raises_invalid_parameter(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.put_image(repositoryName=repo, imageManifest="{not json")

    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
    )


def test_put_image_manifest_without_media_type_needs_the_parameter(ecr, repo):
    doc = json.loads(make_manifest("helm"))
    del doc["mediaType"]
    manifest = json.dumps(doc)

    with pytest.raises(ClientError) as exc:
        ecr.put_image(repositoryName=repo, imageManifest=manifest)
    image = ecr.put_image(
        repositoryName=repo,
        imageManifest=manifest,
        imageManifestMediaType="application/vnd.oci.image.manifest.v1+json",
    )["image"]

    assert _error(exc)[0] == "InvalidParameterException"
    assert image["imageManifestMediaType"] == "application/vnd.oci.image.manifest.v1+json"


def test_put_image_media_type_parameter_contradicting_manifest_raises_invalid_parameter(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.put_image(
            repositoryName=repo,
            imageManifest=make_manifest("one"),
            imageManifestMediaType="application/vnd.oci.image.manifest.v1+json",
        )

    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint: 'Manifest "
        "media type application/vnd.docker.distribution.manifest.v2+json does not match the "
        "specified media type application/vnd.oci.image.manifest.v1+json'",
    )


# -- BatchGetImage --------------------------------------------------------------------------------


def test_batch_get_image_by_tag_and_digest(ecr, repo, push_image):
    first = push_image(repo, "1.0", seed="one")
    second = push_image(repo, "2.0", seed="two")

    response = ecr.batch_get_image(
        repositoryName=repo,
        imageIds=[{"imageTag": "1.0"}, {"imageDigest": second["imageDigest"]}],
    )

    assert response["failures"] == []
    assert [i["imageId"] for i in response["images"]] == [
        first,
        {"imageDigest": second["imageDigest"]},
    ]
    assert response["images"][0]["imageManifest"] == make_manifest("one")
    assert response["images"][0]["registryId"] == ACCOUNT
    assert response["images"][0]["repositoryName"] == "app"


def test_batch_get_image_failures(ecr, repo, push_image):
    one = push_image(repo, "1.0", seed="one")["imageDigest"]
    push_image(repo, "2.0", seed="two")
    missing = "sha256:" + "a" * 64

    response = ecr.batch_get_image(
        repositoryName=repo,
        imageIds=[
            {"imageTag": "nope"},
            {"imageDigest": missing},
            {"imageDigest": one, "imageTag": "2.0"},
            {"imageDigest": "not-a-digest"},
            {},
        ],
    )

    assert response["images"] == []
    assert [(f["imageId"], f["failureCode"]) for f in response["failures"]] == [
        ({"imageTag": "nope"}, "ImageNotFound"),
        ({"imageDigest": missing}, "ImageNotFound"),
        ({"imageDigest": one, "imageTag": "2.0"}, "ImageTagDoesNotMatchDigest"),
        ({"imageDigest": "not-a-digest"}, "InvalidImageDigest"),
        ({}, "MissingDigestAndTag"),
    ]
    assert response["failures"][0]["failureReason"] == "Requested image not found"
    assert response["failures"][4]["failureReason"] == (
        "Invalid request parameters: both tag and digest cannot be null"
    )


def test_batch_get_image_accepted_media_types(ecr, repo, push_image):
    push_image(repo, "1.0", seed="one")

    accepted = ecr.batch_get_image(
        repositoryName=repo,
        imageIds=[{"imageTag": "1.0"}],
        acceptedMediaTypes=["application/vnd.docker.distribution.manifest.v2+json"],
    )
    refused = ecr.batch_get_image(
        repositoryName=repo,
        imageIds=[{"imageTag": "1.0"}],
        acceptedMediaTypes=["application/vnd.oci.image.manifest.v1+json"],
    )

    assert len(accepted["images"]) == 1
    assert refused["images"] == []
    assert refused["failures"][0]["failureCode"] == "ImageNotFound"


def test_batch_get_image_records_the_pull_time(ecr, repo, push_image):
    push_image(repo, "1.0")
    before = ecr.describe_images(repositoryName=repo)["imageDetails"][0]

    ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageTag": "1.0"}])
    after = ecr.describe_images(repositoryName=repo)["imageDetails"][0]

    assert "lastRecordedPullTime" not in before
    assert after["lastRecordedPullTime"] >= after["imagePushedAt"]


def test_batch_get_image_missing_repository_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.batch_get_image(repositoryName="ghost", imageIds=[{"imageTag": "x"}])

    assert _error(exc)[0] == "RepositoryNotFoundException"


# -- BatchDeleteImage -----------------------------------------------------------------------------


def test_batch_delete_image_by_tag_removes_only_that_tag(ecr, repo, push_image):
    digest = push_image(repo, "1.0", seed="one")["imageDigest"]
    push_image(repo, "stable", seed="one")

    response = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageTag": "1.0"}])

    assert response == {
        "imageIds": [{"imageDigest": digest, "imageTag": "1.0"}],
        "failures": [],
        "ResponseMetadata": response["ResponseMetadata"],
    }
    remaining = ecr.describe_images(repositoryName=repo)["imageDetails"]
    assert [(d["imageDigest"], d["imageTags"]) for d in remaining] == [(digest, ["stable"])]


def test_batch_delete_image_last_tag_deletes_the_image(ecr, repo, push_image):
    push_image(repo, "1.0", seed="one")

    ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageTag": "1.0"}])

    assert ecr.list_images(repositoryName=repo)["imageIds"] == []


def test_batch_delete_image_by_digest_deletes_every_tag(ecr, repo, push_image):
    digest = push_image(repo, "1.0", seed="one")["imageDigest"]
    push_image(repo, "stable", seed="one")

    response = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": digest}])

    assert response["imageIds"] == [
        {"imageDigest": digest, "imageTag": "1.0"},
        {"imageDigest": digest, "imageTag": "stable"},
    ]
    assert ecr.list_images(repositoryName=repo)["imageIds"] == []


def test_batch_delete_image_untagged_by_digest(ecr, repo, push_image):
    digest = push_image(repo, None, seed="one")["imageDigest"]

    response = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": digest}])

    assert response["imageIds"] == [{"imageDigest": digest}]


def test_batch_delete_image_missing_reports_image_not_found(ecr, repo):
    response = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageTag": "latest"}])

    # The body real ECR returned in aws/aws-cli#6424.
    assert response["imageIds"] == []
    assert response["failures"] == [
        {
            "imageId": {"imageTag": "latest"},
            "failureCode": "ImageNotFound",
            "failureReason": "Requested image not found",
        }
    ]


def test_batch_delete_image_child_of_an_index_by_digest_is_refused(ecr, repo, push_image):
    child = make_manifest("amd64")
    child_digest = push_image(repo, None, manifest=child)["imageDigest"]
    index_digest = push_image(repo, "multi", manifest=make_index([child]))["imageDigest"]

    refused = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": child_digest}])
    ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": index_digest}])
    allowed = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": child_digest}])

    assert refused["imageIds"] == []
    assert refused["failures"] == [
        {
            "imageId": {"imageDigest": child_digest},
            "failureCode": "ImageReferencedByManifestList",
            "failureReason": f"Requested image referenced by manifest list: [{index_digest}]",
        }
    ]
    assert allowed["imageIds"] == [{"imageDigest": child_digest}]


def test_batch_delete_image_same_id_twice_second_is_not_found(ecr, repo, push_image):
    push_image(repo, "1.0")

    response = ecr.batch_delete_image(
        repositoryName=repo, imageIds=[{"imageTag": "1.0"}, {"imageTag": "1.0"}]
    )

    assert len(response["imageIds"]) == 1
    assert [f["failureCode"] for f in response["failures"]] == ["ImageNotFound"]


def test_batch_delete_image_missing_repository_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.batch_delete_image(repositoryName="ghost", imageIds=[{"imageTag": "x"}])

    assert _error(exc)[0] == "RepositoryNotFoundException"


# -- ListImages -----------------------------------------------------------------------------------


def test_list_images_one_id_per_tag_and_digest_only_when_untagged(ecr, repo, push_image):
    a = push_image(repo, "1.0", seed="a")["imageDigest"]
    push_image(repo, "stable", seed="a")
    b = push_image(repo, None, seed="b")["imageDigest"]

    ids = ecr.list_images(repositoryName=repo)["imageIds"]

    assert ids == [
        {"imageDigest": a, "imageTag": "1.0"},
        {"imageDigest": a, "imageTag": "stable"},
        {"imageDigest": b},
    ]


@pytest.mark.parametrize(
    ("status", "expected"), [("TAGGED", ["a"]), ("UNTAGGED", ["b"]), ("ANY", ["a", "b"])]
)
def test_list_images_tag_status_filter(ecr, repo, push_image, status, expected):
    digests = {"a": push_image(repo, "1.0", seed="a")["imageDigest"]}
    digests["b"] = push_image(repo, None, seed="b")["imageDigest"]

    ids = ecr.list_images(repositoryName=repo, filter={"tagStatus": status})["imageIds"]

    assert [i["imageDigest"] for i in ids] == [digests[k] for k in expected]


def test_list_images_pages_split_an_image_tags(ecr, repo, push_image):
    for tag in ("t1", "t2", "t3"):
        push_image(repo, tag, seed="a")
    push_image(repo, "u1", seed="b")
    push_image(repo, None, seed="c")

    pages = []
    token = None
    while True:
        args = {"nextToken": token} if token else {}
        page = ecr.list_images(repositoryName=repo, maxResults=2, **args)
        pages.append([i.get("imageTag", "-") for i in page["imageIds"]])
        token = page.get("nextToken")
        if token is None:
            break

    assert pages == [["t1", "t2"], ["t3", "u1"], ["-"]]


@pytest.mark.parametrize("page_size", [1, 2, 3, 4, 7])
def test_list_images_paginator_returns_every_id_once(ecr, repo, push_image, page_size):
    expected = []
    for i in range(5):
        tags = [f"v{i}-{j}" for j in range(i % 3)]
        digest = push_image(repo, tags[0] if tags else None, seed=str(i))["imageDigest"]
        for tag in tags[1:]:
            push_image(repo, tag, seed=str(i))
        expected += [{"imageDigest": digest, "imageTag": t} for t in tags] or [
            {"imageDigest": digest}
        ]

    pages = ecr.get_paginator("list_images").paginate(
        repositoryName=repo, PaginationConfig={"PageSize": page_size}
    )

    assert [i for page in pages for i in page["imageIds"]] == expected


def test_list_images_bad_token_raises_invalid_parameter(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.list_images(repositoryName=repo, nextToken="garbage")

    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'nextToken' failed to satisfy constraint: "
        "'The token is not valid for this request'",
    )


def test_list_images_token_of_another_repository_raises_invalid_parameter(ecr, repo, push_image):
    ecr.create_repository(repositoryName="other")
    push_image("other", "a")
    push_image("other", "b")
    token = ecr.list_images(repositoryName="other", maxResults=1)["nextToken"]

    with pytest.raises(ClientError) as exc:
        ecr.list_images(repositoryName=repo, nextToken=token)

    assert _error(exc)[0] == "InvalidParameterException"


def test_list_images_missing_repository_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.list_images(repositoryName="ghost")

    assert _error(exc)[0] == "RepositoryNotFoundException"
