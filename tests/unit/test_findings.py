"""ecrfake.findings: the seed builders, their checks, and the serve-time fill-in."""

from __future__ import annotations

import datetime
import re

import pytest
from botocore.validate import ParamValidator

from ecrfake import EcrFakeError, basic_finding, enhanced_finding
from ecrfake._service import service_model
from ecrfake.findings import check_findings
from ecrfake.models.served_findings import ImageContext, serve_enhanced, severity_counts

T0 = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
T1 = T0 + datetime.timedelta(hours=1)
DIGEST = "sha256:" + "ab" * 32
CTX = ImageContext(
    account_id="123456789012",
    region="eu-west-1",
    repository_name="team/app",
    digest=DIGEST,
    tags=("1.0", "latest"),
    pushed_at=T0,
    first_observed_at=T0,
    last_observed_at=T1,
)


def _valid(value, shape_name):
    report = ParamValidator().validate(value, service_model().shape_for(shape_name))
    return report.generate_report() if report.has_errors() else ""


def test_enhanced_finding_matches_the_api_shape():
    finding = enhanced_finding(
        "CVE-2021-44228",
        severity="CRITICAL",
        package_name="log4j-core",
        package_version="2.14.1",
        fixed_in_version="2.17.1",
        score=10.0,
    )
    assert _valid(finding, "EnhancedImageScanFinding") == ""
    assert finding["severity"] == "CRITICAL"
    assert finding["score"] == 10.0
    assert finding["scoreDetails"]["cvss"]["score"] == 10.0
    assert finding["fixAvailable"] == "YES"
    assert finding["type"] == "PACKAGE_VULNERABILITY"
    assert finding["title"] == "CVE-2021-44228 - log4j-core"
    details = finding["packageVulnerabilityDetails"]
    assert details["vulnerabilityId"] == "CVE-2021-44228"
    assert details["vulnerablePackages"] == [
        {"name": "log4j-core", "version": "2.14.1", "fixedInVersion": "2.17.1"}
    ]
    assert details["sourceUrl"] == "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"


def test_enhanced_finding_leaves_image_dependent_fields_out():
    finding = enhanced_finding("CVE-1", severity="LOW")
    for field in ("awsAccountId", "findingArn", "resources", "firstObservedAt", "lastObservedAt"):
        assert field not in finding


def test_enhanced_finding_without_fix_says_no_fix():
    finding = enhanced_finding("CVE-1", severity="LOW", package_name="zlib")
    assert finding["fixAvailable"] == "NO"
    assert finding["remediation"] == {"recommendation": {"text": "None Provided"}}
    assert "score" not in finding


def test_enhanced_finding_overrides_in_camel_or_snake_case():
    finding = enhanced_finding(
        "CVE-1", severity="HIGH", exploit_available="YES", title="custom", status=None
    )
    assert finding["exploitAvailable"] == "YES"
    assert finding["title"] == "custom"
    assert "status" not in finding


def test_enhanced_finding_unknown_override_raises_naming_the_fields():
    with pytest.raises(EcrFakeError, match=r"unknown field 'cvss_vector'.*findingArn"):
        enhanced_finding("CVE-1", severity="HIGH", cvss_vector="AV:N")


def test_enhanced_finding_bad_severity_raises():
    with pytest.raises(EcrFakeError, match="UNTRIAGED"):
        enhanced_finding("CVE-1", severity="SEVERE")


def test_enhanced_finding_untriaged_severity_is_accepted():
    assert enhanced_finding("CVE-1", severity="UNTRIAGED")["severity"] == "UNTRIAGED"


@pytest.mark.parametrize("score", [-1, 10.5, "9.8", True])
def test_enhanced_finding_bad_score_raises(score):
    with pytest.raises(EcrFakeError, match="score"):
        enhanced_finding("CVE-1", severity="HIGH", score=score)


def test_enhanced_finding_override_of_wrong_type_raises():
    with pytest.raises(EcrFakeError, match="not a valid EnhancedImageScanFinding"):
        enhanced_finding("CVE-1", severity="HIGH", score_details="high")


def test_basic_finding_matches_the_api_shape_with_ecr_attribute_order():
    finding = basic_finding(
        "CVE-2019-5021",
        severity="HIGH",
        description="d",
        uri="https://example.com",
        package_name="alpine-baselayout",
        package_version="3.1.0",
    )
    assert _valid(finding, "ImageScanFinding") == ""
    assert finding == {
        "name": "CVE-2019-5021",
        "description": "d",
        "uri": "https://example.com",
        "severity": "HIGH",
        "attributes": [
            {"key": "package_version", "value": "3.1.0"},
            {"key": "package_name", "value": "alpine-baselayout"},
        ],
    }


def test_basic_finding_attributes_override():
    attrs = [{"key": "CVSS2_SCORE", "value": "7.5"}]
    assert basic_finding("CVE-1", severity="LOW", attributes=attrs)["attributes"] == attrs


def test_basic_finding_untriaged_is_not_a_basic_severity():
    with pytest.raises(EcrFakeError, match="UNDEFINED"):
        basic_finding("CVE-1", severity="UNTRIAGED")


def test_check_findings_copies_so_later_edits_do_not_leak():
    finding = basic_finding("CVE-1", severity="LOW")
    (copied,) = check_findings([finding], enhanced=False)
    finding["severity"] = "HIGH"
    assert copied["severity"] == "LOW"


@pytest.mark.parametrize("bad", [{"name": "x"}, "CVE-1", None, ["CVE-1"]])
def test_check_findings_rejects_what_is_not_a_list_of_dicts(bad):
    with pytest.raises(EcrFakeError):
        check_findings(bad, enhanced=False)


def test_check_findings_rejects_a_basic_finding_given_as_enhanced():
    with pytest.raises(EcrFakeError, match="EnhancedImageScanFinding"):
        check_findings([basic_finding("CVE-1", severity="LOW")], enhanced=True)


def test_severity_counts_counts_by_severity_and_is_empty_for_none():
    findings = [{"severity": "LOW"}, {"severity": "LOW"}, {"severity": "UNTRIAGED"}]
    assert severity_counts(findings) == {"LOW": 2, "UNTRIAGED": 1}
    assert severity_counts([]) == {}


def test_serve_enhanced_fills_image_fields():
    served = serve_enhanced(enhanced_finding("CVE-1", severity="LOW", package_name="zlib"), CTX)
    assert _valid(served, "EnhancedImageScanFinding") == ""
    assert served["awsAccountId"] == "123456789012"
    assert re.fullmatch(
        r"arn:aws:inspector2:eu-west-1:123456789012:finding/[0-9a-f]{32}", served["findingArn"]
    )
    assert served["firstObservedAt"] == T0
    assert served["lastObservedAt"] == T1
    assert served["updatedAt"] == T1
    (resource,) = served["resources"]
    assert resource["id"] == f"arn:aws:ecr:eu-west-1:123456789012:repository/team/app/{DIGEST}"
    assert resource["type"] == "AWS_ECR_CONTAINER_IMAGE"
    assert resource["details"]["awsEcrContainerImage"] == {
        "architecture": "amd64",
        "imageHash": DIGEST,
        "imageTags": ["1.0", "latest"],
        "pushedAt": T0,
        "registry": "123456789012",
        "repositoryName": "team/app",
    }


def test_serve_enhanced_finding_arn_depends_on_image_and_vulnerability():
    a = serve_enhanced(enhanced_finding("CVE-1", severity="LOW"), CTX)["findingArn"]
    b = serve_enhanced(enhanced_finding("CVE-2", severity="LOW"), CTX)["findingArn"]
    other = ImageContext(**{**CTX.__dict__, "digest": "sha256:" + "cd" * 32})
    c = serve_enhanced(enhanced_finding("CVE-1", severity="LOW"), other)["findingArn"]
    again = serve_enhanced(enhanced_finding("CVE-1", severity="LOW"), CTX)["findingArn"]
    assert len({a, b, c}) == 3
    assert a == again


def test_serve_enhanced_keeps_what_the_test_set_and_leaves_the_seed_alone():
    seed = enhanced_finding("CVE-1", severity="LOW", resources=[], first_observed_at=T1)
    served = serve_enhanced(seed, CTX)
    assert served["resources"] == []
    assert served["firstObservedAt"] == T1
    assert "awsAccountId" not in seed


def test_serve_enhanced_uses_cn_partition_in_china():
    ctx = ImageContext(**{**CTX.__dict__, "region": "cn-north-1"})
    served = serve_enhanced(enhanced_finding("CVE-1", severity="LOW"), ctx)
    assert served["findingArn"].startswith("arn:aws-cn:inspector2:cn-north-1:")
    assert served["resources"][0]["id"].startswith("arn:aws-cn:ecr:cn-north-1:")
