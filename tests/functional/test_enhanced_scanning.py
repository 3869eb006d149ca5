"""Enhanced (Inspector) scanning through boto3: statuses, findings, switching scan types."""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError

from ecrfake import basic_finding, enhanced_finding
from tests.conftest import make_index, make_manifest

LOG4SHELL = enhanced_finding(
    "CVE-2021-44228",
    severity="CRITICAL",
    package_name="log4j-core",
    package_version="2.14.1",
    fixed_in_version="2.17.1",
    score=10.0,
)
ACTIVE = {"status": "ACTIVE", "description": "Continuous scan is selected for image."}
COMPLETE = {"status": "COMPLETE", "description": "The scan was completed successfully."}


def _rule(frequency, *filters):
    return {
        "scanFrequency": frequency,
        "repositoryFilters": [{"filter": f, "filterType": "WILDCARD"} for f in filters],
    }


def _enhanced(ecr, *rules):
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=list(rules))


def _findings(ecr, repo="app", tag="1.0"):
    return ecr.describe_image_scan_findings(repositoryName=repo, imageId={"imageTag": tag})


def _error(exc_info):
    return exc_info.value.response["Error"]["Code"], exc_info.value.response["Error"]["Message"]


def test_describe_image_scan_findings_continuous_push_is_active_with_seeded_findings(
    ecr, ecr_fake, push_image
):
    # given
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [LOG4SHELL])
    # when
    digest = push_image("app", "1.0")["imageDigest"]
    out = _findings(ecr)
    # then
    assert out["imageScanStatus"] == ACTIVE
    findings = out["imageScanFindings"]
    assert findings["findingSeverityCounts"] == {"CRITICAL": 1}
    assert findings["findings"] == []  # real ECR sends it alongside (aws/aws-cli#6759)
    (served,) = findings["enhancedFindings"]
    assert served["packageVulnerabilityDetails"]["vulnerabilityId"] == "CVE-2021-44228"
    assert served["awsAccountId"] == "123456789012"
    assert re.fullmatch(
        r"arn:aws:inspector2:us-east-1:123456789012:finding/[0-9a-f]{32}", served["findingArn"]
    )
    (resource,) = served["resources"]
    assert resource["type"] == "AWS_ECR_CONTAINER_IMAGE"
    assert resource["id"] == f"arn:aws:ecr:us-east-1:123456789012:repository/app/{digest}"
    image = resource["details"]["awsEcrContainerImage"]
    assert image["imageHash"] == digest
    assert image["imageTags"] == ["1.0"]
    assert image["registry"] == "123456789012"
    assert image["repositoryName"] == "app"
    assert image["pushedAt"] == served["firstObservedAt"]


def test_describe_image_scan_findings_enhanced_finding_arn_is_stable(ecr, ecr_fake, push_image):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [LOG4SHELL])
    first = _findings(ecr)["imageScanFindings"]["enhancedFindings"][0]["findingArn"]
    second = _findings(ecr)["imageScanFindings"]["enhancedFindings"][0]["findingArn"]
    assert first == second


def test_describe_image_scan_findings_enhanced_keeps_fields_the_test_set(ecr, ecr_fake, push_image):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    custom = enhanced_finding(
        "CVE-2023-1",
        severity="HIGH",
        findingArn="arn:aws:inspector2:us-east-1:123456789012:finding/" + "a" * 32,
        awsAccountId="999999999999",
        exploit_available="YES",
    )
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [custom])
    push_image("app", "1.0")
    (served,) = _findings(ecr)["imageScanFindings"]["enhancedFindings"]
    assert served["findingArn"].endswith("a" * 32)
    assert served["awsAccountId"] == "999999999999"
    assert served["exploitAvailable"] == "YES"


def test_describe_image_scan_findings_enhanced_scan_on_push_is_complete(ecr, ecr_fake, push_image):
    _enhanced(ecr, _rule("SCAN_ON_PUSH", "app"))
    ecr.create_repository(repositoryName="app")
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [LOG4SHELL])
    push_image("app", "1.0")
    out = _findings(ecr)
    assert out["imageScanStatus"] == COMPLETE
    assert len(out["imageScanFindings"]["enhancedFindings"]) == 1


def test_describe_image_scan_findings_enhanced_counts_use_inspector_severities(
    ecr, ecr_fake, push_image
):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    seeded = [
        enhanced_finding("CVE-1", severity="MEDIUM"),
        enhanced_finding("CVE-2", severity="UNTRIAGED"),
        enhanced_finding("CVE-3", severity="MEDIUM"),
    ]
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, seeded)
    push_image("app", "1.0")
    counts = _findings(ecr)["imageScanFindings"]["findingSeverityCounts"]
    assert counts == {"MEDIUM": 2, "UNTRIAGED": 1}


def test_describe_image_scan_findings_enhanced_nothing_seeded_has_empty_list(ecr, push_image):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    findings = _findings(ecr)["imageScanFindings"]
    assert findings["enhancedFindings"] == []
    assert findings["findingSeverityCounts"] == {}


def test_describe_image_scan_findings_enhanced_repository_outside_filters_raises_scan_not_found(
    ecr, push_image
):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "prod-*"))
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    with pytest.raises(ClientError) as exc:
        _findings(ecr)
    assert _error(exc)[0] == "ScanNotFoundException"


def test_describe_image_scan_findings_seed_under_continuous_scanning_applies_at_once(
    ecr, ecr_fake, push_image
):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    assert _findings(ecr)["imageScanFindings"]["enhancedFindings"] == []
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [LOG4SHELL])
    assert len(_findings(ecr)["imageScanFindings"]["enhancedFindings"]) == 1


def test_describe_image_scan_findings_seed_after_scan_on_push_does_not_change_the_scan(
    ecr, ecr_fake, push_image
):
    _enhanced(ecr, _rule("SCAN_ON_PUSH", "*"))
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [LOG4SHELL])
    assert _findings(ecr)["imageScanFindings"]["enhancedFindings"] == []


def test_put_registry_scanning_configuration_to_enhanced_scans_existing_images_at_once(
    ecr, ecr_fake, push_image
):
    # given: images pushed under BASIC, never scanned
    ecr.create_repository(repositoryName="app")
    ecr.create_repository(repositoryName="other")
    push_image("app", "1.0")
    push_image("other", "1.0")
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [LOG4SHELL])
    # when
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "app"))
    # then
    out = _findings(ecr)
    assert out["imageScanStatus"] == ACTIVE
    assert len(out["imageScanFindings"]["enhancedFindings"]) == 1
    with pytest.raises(ClientError) as exc:
        _findings(ecr, repo="other")
    assert _error(exc)[0] == "ScanNotFoundException"


def test_put_registry_scanning_configuration_switching_types_hides_and_restores_scans(
    ecr, ecr_fake, push_image
):
    # given: a basic scan with one finding
    reg = ecr_fake.registry()
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    reg.seed_basic_findings("app", {"imageTag": "1.0"}, [basic_finding("CVE-B", severity="LOW")])
    reg.seed_enhanced_findings("app", {"imageTag": "1.0"}, [LOG4SHELL])
    push_image("app", "1.0")
    # when: ENHANCED
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    enhanced = _findings(ecr)
    # and back to BASIC
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[])
    basic = _findings(ecr)
    # and ENHANCED again
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    again = _findings(ecr)
    # then
    assert enhanced["imageScanStatus"] == ACTIVE
    assert enhanced["imageScanFindings"]["findings"] == []
    assert basic["imageScanStatus"] == COMPLETE
    assert [f["name"] for f in basic["imageScanFindings"]["findings"]] == ["CVE-B"]
    assert "enhancedFindings" not in basic["imageScanFindings"]
    assert again["imageScanStatus"] == ACTIVE
    assert again["imageScanFindings"]["findingSeverityCounts"] == {"CRITICAL": 1}


def test_put_registry_scanning_configuration_back_to_basic_hides_enhanced_only_scans(
    ecr, push_image
):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[])
    with pytest.raises(ClientError) as exc:
        _findings(ecr)
    assert _error(exc)[0] == "ScanNotFoundException"


def test_describe_image_scan_findings_rule_no_longer_matching_reads_findings_unavailable(
    ecr, ecr_fake, push_image
):
    # given
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "app"))
    ecr.create_repository(repositoryName="app")
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [LOG4SHELL])
    push_image("app", "1.0")
    # when: the rule stops matching
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "prod-*"))
    unavailable = _findings(ecr)
    # and matches again
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    back = _findings(ecr)
    # then
    assert unavailable["imageScanStatus"]["status"] == "FINDINGS_UNAVAILABLE"
    assert "imageScanFindings" not in unavailable
    assert back["imageScanStatus"] == ACTIVE
    assert len(back["imageScanFindings"]["enhancedFindings"]) == 1


def test_describe_image_scan_findings_enhanced_image_index_reads_unsupported_image(ecr, push_image):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    child = make_manifest("amd64")
    push_image("app", None, manifest=child)
    push_image("app", "multi", manifest=make_index([child]))
    out = _findings(ecr, tag="multi")
    assert out["imageScanStatus"] == {
        "status": "UNSUPPORTED_IMAGE",
        "description": "An artifact with media type 'application/vnd.oci.image.index.v1+json' "
        "cannot be scanned. For more information, see the Amazon ECR documentation.",
    }
    assert "imageScanFindings" not in out
    # the child image itself is scanned
    child_digest = ecr.describe_images(repositoryName="app", filter={"tagStatus": "UNTAGGED"})[
        "imageDetails"
    ][0]["imageDigest"]
    child_out = ecr.describe_image_scan_findings(
        repositoryName="app", imageId={"imageDigest": child_digest}
    )
    assert child_out["imageScanStatus"] == ACTIVE


def test_describe_image_scan_findings_enhanced_paginator_aggregates_250_findings(
    ecr, ecr_fake, push_image
):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    seeded = [enhanced_finding(f"CVE-2024-{i:05d}", severity="LOW") for i in range(250)]
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, seeded)
    push_image("app", "1.0")
    paginator = ecr.get_paginator("describe_image_scan_findings")
    full = paginator.paginate(repositoryName="app", imageId={"imageTag": "1.0"}).build_full_result()
    ids = [
        f["packageVulnerabilityDetails"]["vulnerabilityId"]
        for f in full["imageScanFindings"]["enhancedFindings"]
    ]
    assert ids == [f"CVE-2024-{i:05d}" for i in range(250)]
    assert len({f["findingArn"] for f in full["imageScanFindings"]["enhancedFindings"]}) == 250
    # Each page also carries an empty basic list (aws/aws-cli#6759); it aggregates to [].
    assert full["imageScanFindings"]["findings"] == []
    assert full["imageScanFindings"]["findingSeverityCounts"] == {"LOW": 250}
    assert full["imageScanStatus"] == ACTIVE
    assert "nextToken" not in full


def test_describe_images_enhanced_scan_fields_match_describe_image_scan_findings(
    ecr, ecr_fake, push_image
):
    _enhanced(ecr, _rule("CONTINUOUS_SCAN", "*"))
    ecr.create_repository(repositoryName="app")
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, [LOG4SHELL])
    push_image("app", "1.0")
    (detail,) = ecr.describe_images(repositoryName="app")["imageDetails"]
    findings = _findings(ecr)
    assert detail["imageScanStatus"] == findings["imageScanStatus"]
    summary = detail["imageScanFindingsSummary"]
    assert summary["findingSeverityCounts"] == {"CRITICAL": 1}
    assert summary["imageScanCompletedAt"] == findings["imageScanFindings"]["imageScanCompletedAt"]
