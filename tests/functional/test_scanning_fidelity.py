"""Where review against real ECR found the fake and AWS apart (issue #16)."""

from __future__ import annotations

import pytest

from ecrfake import EcrFakeError, basic_finding, enhanced_finding

CONTINUOUS_ALL = [
    {
        "scanFrequency": "CONTINUOUS_SCAN",
        "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
    }
]


def _enhanced(n):
    return [
        enhanced_finding(f"CVE-2024-{i:05d}", severity="HIGH", package_name=f"pkg{i}")
        for i in range(n)
    ]


def test_describe_image_scan_findings_enhanced_page_is_at_most_100_even_asked_for_1000(
    ecr, ecr_fake, push_image
):
    # given: 150 enhanced findings for an image under continuous scanning
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=CONTINUOUS_ALL)
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, _enhanced(150))
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    # when
    first = ecr.describe_image_scan_findings(
        repositoryName="app", imageId={"imageTag": "1.0"}, maxResults=1000
    )
    # then: real ECR's cap (boto/boto3#3449), and the rest behind nextToken
    assert len(first["imageScanFindings"]["enhancedFindings"]) == 100
    rest = ecr.describe_image_scan_findings(
        repositoryName="app",
        imageId={"imageTag": "1.0"},
        maxResults=1000,
        nextToken=first["nextToken"],
    )
    assert len(rest["imageScanFindings"]["enhancedFindings"]) == 50
    assert "nextToken" not in rest


def test_describe_image_scan_findings_enhanced_smaller_max_results_is_honoured(
    ecr, ecr_fake, push_image
):
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=CONTINUOUS_ALL)
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, _enhanced(30))
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    page = ecr.describe_image_scan_findings(
        repositoryName="app", imageId={"imageTag": "1.0"}, maxResults=20
    )
    assert len(page["imageScanFindings"]["enhancedFindings"]) == 20
    assert "nextToken" in page


def test_describe_image_scan_findings_enhanced_paginator_sees_every_finding(
    ecr, ecr_fake, push_image
):
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=CONTINUOUS_ALL)
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, _enhanced(250))
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    pages = ecr.get_paginator("describe_image_scan_findings").paginate(
        repositoryName="app", imageId={"imageTag": "1.0"}, PaginationConfig={"PageSize": 1000}
    )
    sizes = [len(p["imageScanFindings"]["enhancedFindings"]) for p in pages]
    assert sizes == [100, 100, 50]


def test_describe_image_scan_findings_basic_page_takes_up_to_1000(ecr, ecr_fake, push_image):
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    ecr_fake.registry().seed_basic_findings(
        "app",
        {"imageTag": "1.0"},
        [basic_finding(f"CVE-2024-{i:05d}", severity="LOW") for i in range(150)],
    )
    push_image("app", "1.0")
    page = ecr.describe_image_scan_findings(
        repositoryName="app", imageId={"imageTag": "1.0"}, maxResults=1000
    )
    assert len(page["imageScanFindings"]["findings"]) == 150
    assert "nextToken" not in page


def test_put_registry_scanning_configuration_enhanced_rules_omitted_scans_pushes_continuously(
    ecr, push_image
):
    ecr.put_registry_scanning_configuration(scanType="ENHANCED")
    ecr.create_repository(repositoryName="team/app")
    push_image("team/app", "1.0")
    status = ecr.describe_image_scan_findings(
        repositoryName="team/app", imageId={"imageTag": "1.0"}
    )["imageScanStatus"]
    assert status == {"status": "ACTIVE", "description": "Continuous scan is selected for image."}


def test_put_registry_scanning_configuration_enhanced_empty_rules_scans_nothing(ecr, push_image):
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=[])
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    with pytest.raises(ecr.exceptions.ScanNotFoundException):
        ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})


# -- DescribeImages scan fields: decision 10 by default, today's ECR on request --------------------


def _detail(ecr):
    (detail,) = ecr.describe_images(repositoryName="app")["imageDetails"]
    return detail


def test_describe_images_scan_fields_default_always_for_enhanced(ecr, ecr_fake, push_image):
    assert ecr_fake.registry().describe_images_scan_fields == "always"
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=CONTINUOUS_ALL)
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    detail = _detail(ecr)
    assert detail["imageScanStatus"]["status"] == "ACTIVE"
    assert detail["imageScanFindingsSummary"]["findingSeverityCounts"] == {}


def test_describe_images_scan_fields_current_leaves_enhanced_scans_out(ecr, ecr_fake, push_image):
    ecr_fake.registry().describe_images_scan_fields = "current"
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=CONTINUOUS_ALL)
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    detail = _detail(ecr)
    assert "imageScanStatus" not in detail
    assert "imageScanFindingsSummary" not in detail
    # the scan itself is there: DescribeImageScanFindings is where today's ECR reports it
    findings = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert findings["imageScanStatus"]["status"] == "ACTIVE"


def test_describe_images_scan_fields_current_leaves_aws_native_basic_scans_out(
    ecr, ecr_fake, push_image
):
    ecr_fake.registry().describe_images_scan_fields = "current"
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    push_image("app", "1.0")
    assert "imageScanStatus" not in _detail(ecr)


def test_describe_images_scan_fields_current_follows_a_clair_basic_scanner(
    ecr, ecr_fake, push_image
):
    registry = ecr_fake.registry()
    registry.describe_images_scan_fields = "current"
    registry.model.scanning.basic_scanner = lambda: "CLAIR"
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    push_image("app", "1.0")
    assert _detail(ecr)["imageScanStatus"]["status"] == "COMPLETE"


@pytest.mark.parametrize("mode", ["never", "ALWAYS", None, 1])
def test_describe_images_scan_fields_bad_mode_raises_ecr_fake_error(ecr_fake, mode):
    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry().describe_images_scan_fields = mode
    assert str(exc.value).endswith(f"not {mode!r}")
