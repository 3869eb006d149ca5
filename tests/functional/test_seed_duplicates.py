"""Seeding the same finding twice is refused: a scanner reports one per vulnerability and package."""

from __future__ import annotations

import pytest

from ecrfake import EcrFakeError, basic_finding, enhanced_finding


def test_seed_basic_findings_identical_duplicates_raise_naming_the_finding(ecr_fake):
    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry().seed_basic_findings(
            "app", {"imageTag": "1.0"}, [basic_finding("CVE-X", severity="HIGH")] * 3
        )
    assert str(exc.value) == (
        "seed_basic_findings: findings #0 and #1 are the same finding (CVE-X in no package); a "
        "scan reports one finding per vulnerability and package, so seed each once"
    )
    assert ecr_fake.registry().unused_seeds() == []  # nothing was stored


def test_seed_basic_findings_same_name_and_package_with_other_severity_raises(ecr_fake):
    findings = [
        basic_finding("CVE-X", severity="HIGH", package_name="zlib", package_version="1.2"),
        basic_finding("CVE-Y", severity="LOW"),
        basic_finding("CVE-X", severity="LOW", package_name="zlib", package_version="1.2"),
    ]
    with pytest.raises(
        EcrFakeError, match=r"findings #0 and #2 are the same finding \(CVE-X in zlib 1.2\)"
    ):
        ecr_fake.registry().seed_basic_findings("app", {"imageTag": "1.0"}, findings)


def test_seed_basic_findings_same_name_in_other_packages_is_accepted(ecr, ecr_fake, push_image):
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    ecr_fake.registry().seed_basic_findings(
        "app",
        {"imageTag": "1.0"},
        [
            basic_finding("CVE-X", severity="HIGH", package_name="zlib", package_version="1.2"),
            basic_finding("CVE-X", severity="HIGH", package_name="zlib", package_version="1.3"),
            basic_finding("CVE-X", severity="HIGH", package_name="libz", package_version="1.2"),
        ],
    )
    push_image("app", "1.0")
    found = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert found["imageScanFindings"]["findingSeverityCounts"] == {"HIGH": 3}


def test_seed_enhanced_findings_duplicate_vulnerability_and_package_raises(ecr_fake):
    findings = [
        enhanced_finding(
            "CVE-2021-44228",
            severity="CRITICAL",
            package_name="log4j-core",
            package_version="2.14.1",
        ),
        enhanced_finding(
            "CVE-2021-44228",
            severity="HIGH",
            package_name="log4j-core",
            package_version="2.14.1",
            title="another title",
        ),
    ]
    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, findings)
    assert str(exc.value) == (
        "seed_enhanced_findings: findings #0 and #1 are the same finding (CVE-2021-44228 in "
        "log4j-core 2.14.1); a scan reports one finding per vulnerability and package, so seed "
        "each once"
    )


def test_seed_enhanced_findings_same_vulnerability_in_two_versions_is_accepted(ecr_fake):
    reg = ecr_fake.registry()
    reg.seed_enhanced_findings(
        "app",
        {"imageTag": "1.0"},
        [
            enhanced_finding("CVE-1", severity="HIGH", package_name="p", package_version="1"),
            enhanced_finding("CVE-1", severity="HIGH", package_name="p", package_version="2"),
        ],
    )
    assert len(reg.unused_seeds()) == 1
    ecr_fake.reset()  # keep the fixture's stop quiet
