"""The layer API: InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload,
BatchCheckLayerAvailability, GetDownloadUrlForLayer, and the presigned URL it returns."""

from __future__ import annotations

import datetime

import boto3
import pytest
import requests
import time_machine
from botocore.exceptions import ClientError

from ecrfake import mock_ecr_scanning

from ..conftest import code_and_message
from ._data_path import MIB, manifest_over, sha, upload_layer

LAYER = bytes(range(256)) * (6 * MIB // 256)  # 6 MiB: two parts of 5 MiB + 1 MiB
CONFIG = b'{"architecture":"amd64","os":"linux"}'


def push_real_image(ecr, repository="app", tag="1.0", layers=(LAYER,)):
    for data in (CONFIG, *layers):
        upload_layer(ecr, repository, data)
    manifest = manifest_over(CONFIG, list(layers))
    ecr.put_image(repositoryName=repository, imageManifest=manifest, imageTag=tag)
    return manifest


def test_initiate_layer_upload_returns_an_upload_id_and_ecrs_part_size(ecr, repo):
    out = ecr.initiate_layer_upload(repositoryName=repo)
    assert len(out["uploadId"]) == 36
    assert out["partSize"] == 10 * MIB


def test_initiate_layer_upload_unknown_repository_raises_repository_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.initiate_layer_upload(repositoryName="nope")
    assert code_and_message(exc)[0] == "RepositoryNotFoundException"


def test_upload_layer_part_returns_last_byte_received(ecr, repo):
    upload_id = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    out = ecr.upload_layer_part(
        repositoryName=repo,
        uploadId=upload_id,
        partFirstByte=0,
        partLastByte=9,
        layerPartBlob=b"0123456789",
    )
    assert out == {
        "registryId": "123456789012",
        "repositoryName": repo,
        "uploadId": upload_id,
        "lastByteReceived": 9,
        "ResponseMetadata": out["ResponseMetadata"],
    }


def test_upload_layer_part_out_of_order_raises_invalid_layer_part_with_last_valid_byte(ecr, repo):
    upload_id = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    ecr.upload_layer_part(
        repositoryName=repo,
        uploadId=upload_id,
        partFirstByte=0,
        partLastByte=2,
        layerPartBlob=b"abc",
    )
    with pytest.raises(ClientError) as exc:
        ecr.upload_layer_part(
            repositoryName=repo,
            uploadId=upload_id,
            partFirstByte=10,
            partLastByte=12,
            layerPartBlob=b"def",
        )
    assert exc.value.response["Error"]["Code"] == "InvalidLayerPartException"
    assert exc.value.response["lastValidByteReceived"] == 2
    assert exc.value.response["uploadId"] == upload_id


def test_upload_layer_part_unknown_upload_raises_upload_not_found(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.upload_layer_part(
            repositoryName=repo,
            uploadId="00000000-0000-0000-0000-000000000000",
            partFirstByte=0,
            partLastByte=0,
            layerPartBlob=b"x",
        )
    assert code_and_message(exc)[0] == "UploadNotFoundException"


def test_complete_layer_upload_checks_the_sha256(ecr, repo):
    upload_id = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    ecr.upload_layer_part(
        repositoryName=repo,
        uploadId=upload_id,
        partFirstByte=0,
        partLastByte=2,
        layerPartBlob=b"abc",
    )
    with pytest.raises(ClientError) as exc:
        ecr.complete_layer_upload(repositoryName=repo, uploadId=upload_id, layerDigests=[sha(b"x")])
    code, message = code_and_message(exc)
    assert code == "InvalidLayerException"
    assert sha(b"abc") in message


def test_complete_layer_upload_without_parts_raises_empty_upload(ecr, repo):
    upload_id = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    with pytest.raises(ClientError) as exc:
        ecr.complete_layer_upload(repositoryName=repo, uploadId=upload_id, layerDigests=[sha(b"")])
    assert code_and_message(exc)[0] == "EmptyUploadException"


def test_complete_layer_upload_small_part_before_last_raises_layer_part_too_small(ecr, repo):
    upload_id = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    for first, chunk in ((0, b"abc"), (3, b"def")):
        ecr.upload_layer_part(
            repositoryName=repo,
            uploadId=upload_id,
            partFirstByte=first,
            partLastByte=first + 2,
            layerPartBlob=chunk,
        )
    with pytest.raises(ClientError) as exc:
        ecr.complete_layer_upload(
            repositoryName=repo, uploadId=upload_id, layerDigests=[sha(b"abcdef")]
        )
    assert code_and_message(exc) == (
        "LayerPartTooSmallException",
        "All layer parts except the last part should be at least 5MB",
    )


def test_complete_layer_upload_twice_raises_layer_already_exists(ecr, repo):
    upload_layer(ecr, repo, b"layer")
    with pytest.raises(ClientError) as exc:
        upload_layer(ecr, repo, b"layer")
    assert code_and_message(exc)[0] == "LayerAlreadyExistsException"


def test_batch_check_layer_availability_reports_each_digest(ecr, repo):
    push_real_image(ecr)
    missing = sha(b"never uploaded")
    out = ecr.batch_check_layer_availability(
        repositoryName=repo, layerDigests=[sha(LAYER), missing, "not-a-digest", ""]
    )
    assert out["layers"] == [
        {
            "layerDigest": sha(LAYER),
            "layerAvailability": "AVAILABLE",
            "layerSize": len(LAYER),
            "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
        },
        {"layerDigest": missing, "layerAvailability": "UNAVAILABLE"},
    ]
    assert [f["failureCode"] for f in out["failures"]] == [
        "InvalidLayerDigest",
        "MissingLayerDigest",
    ]


def test_batch_check_layer_availability_is_per_repository(ecr, repo):
    ecr.create_repository(repositoryName="other")
    upload_layer(ecr, "other", b"elsewhere")
    out = ecr.batch_check_layer_availability(repositoryName=repo, layerDigests=[sha(b"elsewhere")])
    assert out["layers"][0]["layerAvailability"] == "UNAVAILABLE"


def test_get_download_url_for_layer_prowler_style_download_returns_the_bytes(ecr, repo, sockets):
    # given: an image pushed with real layers (what prowler's secrets check reads)
    push_real_image(ecr)
    # when: the tool reads the manifest, asks for each layer's URL and downloads it with requests
    image = ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageTag": "1.0"}])["images"][0]
    import json

    layer = json.loads(image["imageManifest"])["layers"][0]
    url = ecr.get_download_url_for_layer(repositoryName=repo, layerDigest=layer["digest"])[
        "downloadUrl"
    ]
    response = requests.get(url, timeout=5)
    # then
    assert url.startswith(
        "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/"
    )
    assert "X-Amz-Signature=" in url
    assert response.status_code == 200
    assert response.content == LAYER
    assert sockets == []


def test_get_download_url_for_layer_after_an_hour_gets_s3s_request_has_expired(ecr, repo):
    push_real_image(ecr)
    url = ecr.get_download_url_for_layer(repositoryName=repo, layerDigest=sha(LAYER))["downloadUrl"]
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1, seconds=5)
    with time_machine.travel(later, tick=False):
        response = requests.get(url, timeout=5)
    assert response.status_code == 403
    assert "<Code>AccessDenied</Code><Message>Request has expired</Message>" in response.text


def test_get_download_url_for_layer_tampered_url_is_signature_does_not_match(ecr, repo):
    push_real_image(ecr)
    url = ecr.get_download_url_for_layer(repositoryName=repo, layerDigest=sha(LAYER))["downloadUrl"]
    response = requests.get(url.replace("X-Amz-Expires=3600", "X-Amz-Expires=99999"), timeout=5)
    assert response.status_code == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in response.text


def test_get_download_url_for_layer_never_uploaded_raises_layers_not_found(ecr, repo, push_image):
    push_image(repo)  # a synthetic manifest: its layers were never uploaded
    with pytest.raises(ClientError) as exc:
        ecr.get_download_url_for_layer(repositoryName=repo, layerDigest=sha(b"x"))
    code, message = code_and_message(exc)
    assert code == "LayersNotFoundException"
    assert "does not exist within the repository with name 'app'" in message


def test_get_download_url_for_layer_in_no_image_raises_layer_inaccessible(ecr, repo):
    digest = upload_layer(ecr, repo, b"orphan")
    with pytest.raises(ClientError) as exc:
        ecr.get_download_url_for_layer(repositoryName=repo, layerDigest=digest)
    assert code_and_message(exc)[0] == "LayerInaccessibleException"


def test_put_image_with_real_layers_sizes_the_image_from_them(ecr, repo):
    push_real_image(ecr)
    detail = ecr.describe_images(repositoryName=repo)["imageDetails"][0]
    assert detail["imageSizeInBytes"] == len(LAYER)


def test_put_image_strict_layers_refuses_missing_layers(ecr_fake, ecr, repo, push_image):
    ecr_fake.registry().strict_layers = True
    with pytest.raises(ClientError) as exc:
        push_image(repo)
    code, message = code_and_message(exc)
    assert code == "LayersNotFoundException"
    assert "required for pushing image into repository with name 'app'" in message
    push_real_image(ecr)  # uploaded layers are fine
    assert ecr.list_images(repositoryName=repo)["imageIds"] == [
        {
            "imageDigest": ecr.describe_images(repositoryName=repo)["imageDetails"][0][
                "imageDigest"
            ],
            "imageTag": "1.0",
        }
    ]


def test_put_image_strict_layers_off_by_default_accepts_synthetic_manifests(
    ecr_fake, push_image, repo
):
    assert ecr_fake.registry().strict_layers is False
    assert push_image(repo)["imageTag"] == "latest"


def test_strict_layers_rejects_non_bool():
    from ecrfake import EcrFakeError

    with mock_ecr_scanning() as fake, pytest.raises(EcrFakeError, match="strict_layers"):
        fake.registry().strict_layers = "yes"


def test_layers_go_with_their_repository(ecr, repo):
    upload_layer(ecr, repo, b"gone soon")
    ecr.delete_repository(repositoryName=repo, force=True)
    ecr.create_repository(repositoryName=repo)
    out = ecr.batch_check_layer_availability(repositoryName=repo, layerDigests=[sha(b"gone soon")])
    assert out["layers"][0]["layerAvailability"] == "UNAVAILABLE"


def test_layer_api_other_region_is_another_registry(ecr_fake):
    west = boto3.client("ecr", region_name="eu-west-1")
    west.create_repository(repositoryName="app")
    upload_layer(west, "app", b"west")
    assert ecr_fake.registry(region="eu-west-1").model.blobs.contains("app", sha(b"west"))
    assert not ecr_fake.registry().model.blobs.contains("app", sha(b"west"))


def test_replicated_image_brings_its_layers_to_the_destination(ecr, repo):
    ecr.put_replication_configuration(
        replicationConfiguration={
            "rules": [{"destinations": [{"region": "eu-west-1", "registryId": "123456789012"}]}]
        }
    )
    push_real_image(ecr)
    west = boto3.client("ecr", region_name="eu-west-1")
    url = west.get_download_url_for_layer(repositoryName=repo, layerDigest=sha(LAYER))[
        "downloadUrl"
    ]
    assert "prod-eu-west-1-starport-layer-bucket" in url
    assert requests.get(url, timeout=5).content == LAYER
