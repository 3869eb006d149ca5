"""Archived images: UpdateImageStorageClass and what ECR documents for an archived image."""

from __future__ import annotations

import pytest
import requests
from botocore.exceptions import ClientError

from ..conftest import code_and_message
from ._data_path import BASE, auth, requires_operations

pytestmark = requires_operations("UpdateImageStorageClass")


@pytest.fixture
def image(ecr, repo, push_image):
    return push_image(repo, "1.0")


def archive(ecr, tag="1.0"):
    return ecr.update_image_storage_class(
        repositoryName="app", imageId={"imageTag": tag}, targetStorageClass="ARCHIVE"
    )


def test_update_image_storage_class_archive_answers_archived(ecr, image):
    out = archive(ecr)
    assert out["imageStatus"] == "ARCHIVED"
    assert out["imageId"] == image
    assert out["repositoryName"] == "app"


def test_archived_image_is_described_only_when_asked(ecr, image):
    archive(ecr)
    assert ecr.describe_images(repositoryName="app")["imageDetails"] == []
    assert ecr.list_images(repositoryName="app")["imageIds"] == []
    archived = ecr.describe_images(repositoryName="app", filter={"imageStatus": "ARCHIVED"})
    detail = archived["imageDetails"][0]
    assert detail["imageStatus"] == "ARCHIVED"
    assert "lastArchivedAt" in detail
    listed = ecr.list_images(repositoryName="app", filter={"imageStatus": "ANY"})["imageIds"]
    assert listed == [image]
    by_id = ecr.describe_images(repositoryName="app", imageIds=[{"imageTag": "1.0"}])
    assert by_id["imageDetails"][0]["imageStatus"] == "ARCHIVED"


def test_archived_image_cannot_be_pulled(ecr, image):
    archive(ecr)
    out = ecr.batch_get_image(repositoryName="app", imageIds=[{"imageTag": "1.0"}])
    assert out["images"] == []
    assert out["failures"][0]["failureCode"] == "ImageNotFound"
    response = requests.get(f"{BASE}/v2/app/manifests/1.0", headers=auth(ecr), timeout=5)
    assert response.status_code == 404  # "Requests to pull the archived image will fail with a 404"


def test_archived_image_cannot_be_scanned(ecr, image):
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    archive(ecr)
    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    assert code_and_message(exc)[0] == "ImageArchivedException"
    detail = ecr.describe_images(repositoryName="app", filter={"imageStatus": "ARCHIVED"})
    assert detail["imageDetails"][0]["imageScanStatus"]["status"] == "IMAGE_ARCHIVED"
    assert "imageScanFindingsSummary" not in detail["imageDetails"][0]


def test_restore_answers_activating_then_reads_active(ecr, image):
    archive(ecr)
    out = ecr.update_image_storage_class(
        repositoryName="app", imageId={"imageTag": "1.0"}, targetStorageClass="STANDARD"
    )
    assert out["imageStatus"] == "ACTIVATING"
    detail = ecr.describe_images(repositoryName="app")["imageDetails"][0]
    assert detail["imageStatus"] == "ACTIVE"
    assert "lastActivatedAt" in detail and "lastArchivedAt" in detail


def test_push_again_restores_an_archived_image(ecr_fake, ecr, image):
    archive(ecr)
    stored = ecr_fake.registry().get_repository("app").images.get(image["imageDigest"])
    ecr.put_image(repositoryName="app", imageManifest=stored.manifest, imageTag="again")
    assert ecr.describe_images(repositoryName="app")["imageDetails"][0]["imageStatus"] == "ACTIVE"


@pytest.mark.parametrize(("target", "twice"), [("ARCHIVE", True), ("STANDARD", False)])
def test_update_image_storage_class_to_the_class_it_has_is_not_supported(ecr, image, target, twice):
    if twice:
        archive(ecr)
    with pytest.raises(ClientError) as exc:
        ecr.update_image_storage_class(
            repositoryName="app", imageId={"imageTag": "1.0"}, targetStorageClass=target
        )
    assert code_and_message(exc)[0] == "ImageStorageClassUpdateNotSupportedException"


def test_update_image_storage_class_unknown_image_raises_image_not_found(ecr, repo):
    with pytest.raises(ClientError) as exc:
        archive(ecr, "nope")
    assert code_and_message(exc)[0] == "ImageNotFoundException"


def test_update_image_storage_class_bad_target_raises_invalid_parameter(ecr, image):
    with pytest.raises(ClientError) as exc:
        ecr.update_image_storage_class(
            repositoryName="app", imageId={"imageTag": "1.0"}, targetStorageClass="GLACIER"
        )
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_layers_of_an_archived_image_read_archived_and_cannot_be_downloaded(ecr, repo):
    from ._data_path import manifest_over, sha, upload_layer

    config, layer = b'{"os":"linux"}', b"archived layer"
    for blob in (config, layer):
        upload_layer(ecr, repo, blob)
    ecr.put_image(repositoryName=repo, imageManifest=manifest_over(config, [layer]), imageTag="old")
    archive(ecr, "old")
    out = ecr.batch_check_layer_availability(repositoryName=repo, layerDigests=[sha(layer)])
    assert out["layers"][0]["layerAvailability"] == "ARCHIVED"
    with pytest.raises(ClientError) as exc:
        ecr.get_download_url_for_layer(repositoryName=repo, layerDigest=sha(layer))
    assert code_and_message(exc)[0] == "LayerInaccessibleException"
