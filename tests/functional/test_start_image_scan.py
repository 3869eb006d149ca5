"""StartImageScan through boto3: basic scans on demand, the 24-hour quota, refusals."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.conftest import make_index, make_manifest

DIGEST_NULL = "null"


@pytest.fixture
def ecr1(ecr_fake):
    """A client that does not retry: botocore's standard mode retries LimitExceededException."""
    return boto3.client(
        "ecr", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )


def _error(exc_info):
    return exc_info.value.response["Error"]["Code"], exc_info.value.response["Error"]["Message"]


def test_start_image_scan_by_digest_echoes_digest_only_and_reports_in_progress(ecr, push_image):
    # given
    ecr.create_repository(repositoryName="app")
    digest = push_image("app", "1.0")["imageDigest"]
    # when
    out = ecr.start_image_scan(repositoryName="app", imageId={"imageDigest": digest})
    # then
    assert out["registryId"] == "123456789012"
    assert out["repositoryName"] == "app"
    assert out["imageId"] == {"imageDigest": digest}
    assert out["imageScanStatus"] == {"status": "IN_PROGRESS"}


def test_start_image_scan_by_tag_echoes_digest_and_tag(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    digest = push_image("app", "1.0")["imageDigest"]
    out = ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    assert out["imageId"] == {"imageDigest": digest, "imageTag": "1.0"}
    assert out["imageScanStatus"] == {"status": "IN_PROGRESS"}


def test_start_image_scan_then_describe_reports_complete(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    out = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert out["imageScanStatus"] == {
        "status": "COMPLETE",
        "description": "The scan was completed successfully.",
    }


def test_start_image_scan_waiter_succeeds_on_first_poll_without_sleeping(
    ecr, push_image, monkeypatch
):
    # given
    ecr.create_repository(repositoryName="app")
    digest = push_image("app", "1.0")["imageDigest"]
    slept = []
    monkeypatch.setattr("botocore.waiter.time.sleep", slept.append)
    # when
    ecr.start_image_scan(repositoryName="app", imageId={"imageDigest": digest})
    ecr.get_waiter("image_scan_complete").wait(
        repositoryName="app", imageId={"imageDigest": digest}
    )
    # then
    assert slept == []


def test_start_image_scan_missing_repository_raises_repository_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName="nope", imageId={"imageTag": "1.0"})
    assert _error(exc) == (
        "RepositoryNotFoundException",
        "The repository with name 'nope' does not exist in the registry with id '123456789012'",
    )


def test_start_image_scan_missing_image_raises_image_not_found(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "2.0"})
    assert _error(exc) == (
        "ImageNotFoundException",
        "The image with imageId {imageDigest:'null', imageTag:'2.0'} does not exist within the "
        "repository with name 'app' in the registry with id '123456789012'",
    )


def test_start_image_scan_under_enhanced_scanning_raises_validation(ecr, push_image):
    # given
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    # when
    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    # then
    code, message = _error(exc)
    assert code == "ValidationException"
    assert message.startswith("Manual scans using enhanced scanning are not supported")
    assert "'123456789012'" in message


def test_start_image_scan_image_index_raises_unsupported_image_type(ecr, push_image):
    # given
    ecr.create_repository(repositoryName="app")
    child = make_manifest("amd64")
    push_image("app", None, manifest=child)
    push_image("app", "multi", manifest=make_index([child]))
    # when
    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "multi"})
    # then
    assert _error(exc) == (
        "UnsupportedImageTypeException",
        "An artifact with media type 'application/vnd.oci.image.index.v1+json' cannot be "
        "scanned. For more information, see the Amazon ECR documentation.",
    )


def test_start_image_scan_non_image_artifact_raises_unsupported_image_type(ecr, push_image):
    ecr.create_repository(repositoryName="charts")
    manifest = make_manifest(
        "chart",
        media_type="application/vnd.oci.image.manifest.v1+json",
        config_media_type="application/vnd.cncf.helm.config.v1+json",
    )
    push_image("charts", "0.1.0", manifest=manifest)
    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName="charts", imageId={"imageTag": "0.1.0"})
    assert _error(exc) == (
        "UnsupportedImageTypeException",
        "An artifact with media type 'application/vnd.cncf.helm.config.v1+json' cannot be "
        "scanned. For more information, see the Amazon ECR documentation.",
    )


def test_start_image_scan_twice_within_24h_raises_limit_exceeded(ecr1, push_image):
    ecr1.create_repository(repositoryName="app")
    push_image("app", "1.0")
    ecr1.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    with pytest.raises(ClientError) as exc:
        ecr1.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    assert _error(exc) == (
        "LimitExceededException",
        "The scan quota per image has been exceeded. Wait and try again.",
    )


def test_start_image_scan_after_scan_on_push_raises_limit_exceeded(ecr1, push_image):
    ecr1.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    push_image("app", "1.0")
    with pytest.raises(ClientError) as exc:
        ecr1.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    assert _error(exc)[0] == "LimitExceededException"


def test_start_image_scan_quota_is_per_image(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    push_image("app", "2.0")
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    out = ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "2.0"})
    assert out["imageScanStatus"]["status"] == "IN_PROGRESS"


def test_start_image_scan_quota_follows_the_digest_not_the_tag(ecr1, push_image):
    # given: two tags on one image
    ecr1.create_repository(repositoryName="app")
    manifest = make_manifest("same")
    push_image("app", "a", manifest=manifest)
    push_image("app", "b", manifest=manifest)
    ecr1.start_image_scan(repositoryName="app", imageId={"imageTag": "a"})
    # when / then
    with pytest.raises(ClientError) as exc:
        ecr1.start_image_scan(repositoryName="app", imageId={"imageTag": "b"})
    assert _error(exc)[0] == "LimitExceededException"


def test_start_image_scan_with_registry_id_scans_in_that_registry(ecr, ecr_fake):
    # given: a repository in another account's registry
    other = ecr_fake.registry("210987654321")
    repo = other.model.create_repository("app")
    other.model.push_image(repo, make_manifest("x"), tag="1.0")
    # when
    out = ecr.start_image_scan(
        registryId="210987654321", repositoryName="app", imageId={"imageTag": "1.0"}
    )
    # then
    assert out["registryId"] == "210987654321"
    with pytest.raises(ClientError) as exc:
        ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    assert _error(exc)[0] == "RepositoryNotFoundException"
