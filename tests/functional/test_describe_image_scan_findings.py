"""DescribeImageScanFindings through boto3: basic results, echoes, errors, pagination."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from ecrfake import basic_finding


def _error(exc_info):
    return exc_info.value.response["Error"]["Code"], exc_info.value.response["Error"]["Message"]


@pytest.fixture
def scanned(ecr, push_image):
    """A repository 'app' whose image '1.0' has been scanned (nothing seeded); returns its digest."""
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    return push_image("app", "1.0")["imageDigest"]


def test_describe_image_scan_findings_never_scanned_raises_scan_not_found(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert _error(exc) == (
        "ScanNotFoundException",
        "Image scan does not exist for the image with '{imageDigest:'null', imageTag:'1.0'}' in "
        "the repository with name 'app' in the registry with id '123456789012'",
    )


def test_describe_image_scan_findings_never_scanned_by_digest_names_the_digest(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    digest = push_image("app", "1.0")["imageDigest"]
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageDigest": digest})
    assert _error(exc)[1].startswith(
        f"Image scan does not exist for the image with '{{imageDigest:'{digest}', imageTag:'null'}}'"
    )


def test_describe_image_scan_findings_nothing_seeded_has_empty_findings_and_counts(ecr, scanned):
    out = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageDigest": scanned})
    findings = out["imageScanFindings"]
    assert findings["findings"] == []
    assert findings["findingSeverityCounts"] == {}
    assert "enhancedFindings" not in findings
    assert findings["imageScanCompletedAt"] == findings["vulnerabilitySourceUpdatedAt"]
    assert "nextToken" not in out


def test_describe_image_scan_findings_by_digest_echoes_digest_only(ecr, scanned):
    out = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageDigest": scanned})
    assert out["imageId"] == {"imageDigest": scanned}
    assert out["registryId"] == "123456789012"
    assert out["repositoryName"] == "app"


def test_describe_image_scan_findings_by_tag_echoes_digest_and_tag(ecr, scanned):
    out = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert out["imageId"] == {"imageDigest": scanned, "imageTag": "1.0"}


def test_describe_image_scan_findings_serves_seeded_basic_findings(ecr, ecr_fake, push_image):
    # given
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    seeded = [
        basic_finding(
            "CVE-2019-5021",
            severity="HIGH",
            description="Alpine root password",
            uri="https://nvd.nist.gov/vuln/detail/CVE-2019-5021",
            package_name="alpine-baselayout",
            package_version="3.1.0-r3",
        ),
        basic_finding("CVE-2020-0001", severity="MEDIUM"),
        basic_finding("CVE-2020-0002", severity="MEDIUM"),
    ]
    ecr_fake.registry().seed_basic_findings("app", {"imageTag": "1.0"}, seeded)
    # when
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    out = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    # then
    findings = out["imageScanFindings"]
    assert findings["findings"] == seeded
    assert findings["findingSeverityCounts"] == {"HIGH": 1, "MEDIUM": 2}
    assert findings["findings"][0]["attributes"] == [
        {"key": "package_version", "value": "3.1.0-r3"},
        {"key": "package_name", "value": "alpine-baselayout"},
    ]


def test_describe_image_scan_findings_seed_before_push_applies_on_push(ecr, ecr_fake, push_image):
    ecr_fake.registry().seed_basic_findings(
        "app", {"imageTag": "1.0"}, [basic_finding("CVE-1", severity="LOW")]
    )
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    push_image("app", "1.0")
    out = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert [f["name"] for f in out["imageScanFindings"]["findings"]] == ["CVE-1"]


def test_describe_image_scan_findings_seed_after_scan_waits_for_next_scan(ecr, ecr_fake, scanned):
    ecr_fake.registry().seed_basic_findings(
        "app", {"imageDigest": scanned}, [basic_finding("CVE-1", severity="LOW")]
    )
    out = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert out["imageScanFindings"]["findings"] == []


def test_describe_image_scan_findings_missing_repository_raises_repository_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_scan_findings(repositoryName="nope", imageId={"imageTag": "x"})
    assert _error(exc) == (
        "RepositoryNotFoundException",
        "The repository with name 'nope' does not exist in the registry with id '123456789012'",
    )


def test_describe_image_scan_findings_missing_image_raises_image_not_found(ecr, scanned):
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "2.0"})
    assert _error(exc) == (
        "ImageNotFoundException",
        "The image with imageId {imageDigest:'null', imageTag:'2.0'} does not exist within the "
        "repository with name 'app' in the registry with id '123456789012'",
    )


@pytest.fixture
def many(ecr, ecr_fake, push_image):
    """Image 'app:1.0' scanned with 250 seeded findings."""
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    seeded = [
        basic_finding(f"CVE-2024-{i:05d}", severity=("LOW", "HIGH")[i % 2]) for i in range(250)
    ]
    ecr_fake.registry().seed_basic_findings("app", {"imageTag": "1.0"}, seeded)
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    return seeded


def test_describe_image_scan_findings_default_page_is_100_with_full_counts(ecr, many):
    out = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert out["imageScanFindings"]["findings"] == many[:100]
    assert out["imageScanFindings"]["findingSeverityCounts"] == {"LOW": 125, "HIGH": 125}
    assert out["nextToken"]


def test_describe_image_scan_findings_next_token_resumes(ecr, many):
    first = ecr.describe_image_scan_findings(
        repositoryName="app", imageId={"imageTag": "1.0"}, maxResults=200
    )
    second = ecr.describe_image_scan_findings(
        repositoryName="app", imageId={"imageTag": "1.0"}, nextToken=first["nextToken"]
    )
    assert first["imageScanFindings"]["findings"] == many[:200]
    assert second["imageScanFindings"]["findings"] == many[200:]
    assert "nextToken" not in second


def test_describe_image_scan_findings_paginator_aggregates_every_finding(ecr, many):
    paginator = ecr.get_paginator("describe_image_scan_findings")
    pages = list(paginator.paginate(repositoryName="app", imageId={"imageTag": "1.0"}))
    full = paginator.paginate(repositoryName="app", imageId={"imageTag": "1.0"}).build_full_result()
    assert len(pages) == 3
    assert full["imageScanFindings"]["findings"] == many
    assert full["imageScanStatus"]["status"] == "COMPLETE"


def test_describe_image_scan_findings_max_results_1000_returns_all(ecr, many):
    out = ecr.describe_image_scan_findings(
        repositoryName="app", imageId={"imageTag": "1.0"}, maxResults=1000
    )
    assert len(out["imageScanFindings"]["findings"]) == 250
    assert "nextToken" not in out


def test_describe_image_scan_findings_max_results_over_1000_raises_invalid_parameter(ecr, scanned):
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_scan_findings(
            repositoryName="app", imageId={"imageTag": "1.0"}, maxResults=1001
        )
    code, message = _error(exc)
    assert code == "InvalidParameterException"
    assert "maxResults" in message


def test_describe_image_scan_findings_foreign_token_raises_invalid_parameter(ecr, many, push_image):
    # given: a token issued for another image
    token = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})[
        "nextToken"
    ]
    push_image("app", "2.0")
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "2.0"})
    # when
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_scan_findings(
            repositoryName="app", imageId={"imageTag": "2.0"}, nextToken=token
        )
    # then
    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'nextToken' failed to satisfy constraint: "
        "'The token is not valid for this request'",
    )


def test_describe_image_scan_findings_garbage_token_raises_invalid_parameter(ecr, scanned):
    with pytest.raises(ClientError) as exc:
        ecr.describe_image_scan_findings(
            repositoryName="app", imageId={"imageTag": "1.0"}, nextToken="not-a-token"
        )
    assert _error(exc)[0] == "InvalidParameterException"
