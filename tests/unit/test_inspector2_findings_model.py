"""models.inspector2: the ECR -> Inspector2 finding conversion, the store, filters and sorting."""

from __future__ import annotations

import datetime

import botocore.session
import pytest
from botocore.validate import ParamValidator

from ecrfake import enhanced_finding
from ecrfake.models.inspector2 import (
    CLOSED,
    FindingRecord,
    InspectorFindings,
    to_inspector_finding,
)
from ecrfake.models.served_findings import ImageContext, serve_enhanced

T0 = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
HOUR = datetime.timedelta(hours=1)
ACCOUNT = "123456789012"
INSPECTOR = botocore.session.get_session().get_service_model("inspector2")


def _ctx(repo="team/app", digest_byte="ab", tags=("1.0",), pushed=T0):
    return ImageContext(
        account_id=ACCOUNT,
        region="eu-west-1",
        repository_name=repo,
        digest="sha256:" + digest_byte * 32,
        tags=tags,
        pushed_at=pushed,
        first_observed_at=pushed,
        last_observed_at=pushed + HOUR,
    )


def _record(
    vuln="CVE-2021-44228",
    severity="CRITICAL",
    repo="team/app",
    digest_byte="ab",
    tags=("1.0",),
    repo_tags=None,
    pushed=T0,
    **kw,
):
    seed = enhanced_finding(vuln, severity=severity, **kw)
    served = serve_enhanced(seed, _ctx(repo, digest_byte, tags, pushed))
    return FindingRecord(
        to_inspector_finding(served, region="eu-west-1", partition="aws", repository_tags=repo_tags)
    )


def _shape_errors(value, shape="Finding"):
    report = ParamValidator().validate(value, INSPECTOR.shape_for(shape))
    return report.generate_report() if report.has_errors() else ""


def test_to_inspector_finding_matches_inspector_shape():
    record = _record(
        package_name="log4j-core", package_version="2.14.1", fixed_in_version="2.17.1", score=10.0
    )
    assert _shape_errors(record.api) == ""


def test_to_inspector_finding_keeps_arn_and_maps_score_and_resource():
    seed = enhanced_finding(
        "CVE-1", severity="HIGH", score=7.5, package_name="p", package_version="1"
    )
    served = serve_enhanced(seed, _ctx())
    api = to_inspector_finding(
        served, region="eu-west-1", partition="aws", repository_tags={"team": "core"}
    )
    assert api["findingArn"] == served["findingArn"]
    assert api["inspectorScore"] == 7.5
    resource = api["resources"][0]
    assert resource["partition"] == "aws" and resource["region"] == "eu-west-1"
    assert resource["tags"] == {"team": "core"}
    assert resource["details"]["awsEcrContainerImage"]["repositoryName"] == "team/app"
    assert api["firstObservedAt"] == T0 and api["lastObservedAt"] == T0 + HOUR


def test_to_inspector_finding_renames_recommendation_url():
    seed = enhanced_finding(
        "CVE-1", severity="LOW", remediation={"recommendation": {"text": "t", "url": "https://x"}}
    )
    api = to_inspector_finding(serve_enhanced(seed, _ctx()), region="us-east-1", partition="aws")
    assert api["remediation"] == {"recommendation": {"text": "t", "Url": "https://x"}}


def test_to_inspector_finding_adjusted_cvss_from_score_details_with_vector():
    seed = enhanced_finding("CVE-1", severity="HIGH", score=7.5)
    seed["scoreDetails"]["cvss"]["scoringVector"] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
    api = to_inspector_finding(serve_enhanced(seed, _ctx()), region="us-east-1", partition="aws")
    adjusted = api["inspectorScoreDetails"]["adjustedCvss"]
    assert adjusted["score"] == 7.5 and adjusted["scoringVector"].startswith("CVSS:3.1")
    assert _shape_errors(api) == ""


def test_store_put_keeps_order_and_indexes_by_repository():
    store = InspectorFindings()
    a = _record("CVE-A", repo="a")
    b = _record("CVE-B", repo="b")
    c = _record("CVE-C", repo="a", digest_byte="cd")
    for r in (a, b, c):
        store.put(r)
    assert [r.arn for r in store.of_repository("a")] == [a.arn, c.arn]
    assert [
        r.arn
        for r in store.query({"ecrImageRepositoryName": [{"comparison": "EQUALS", "value": "a"}]})
    ] == [a.arn, c.arn]


def test_store_close_image_reads_closed_not_gone():
    store = InspectorFindings()
    a = _record("CVE-A")
    store.put(a)
    closed = store.close_image("team/app", a.digest, T0 + 5 * HOUR)
    assert [r.status for r in closed] == [CLOSED]
    assert store.get(a.arn).status == CLOSED
    assert store.get(a.arn).updated == T0 + 5 * HOUR
    assert a.status == "ACTIVE"  # the old record (kept by an event) is unchanged


def test_store_replace_image_closes_findings_no_longer_reported():
    store = InspectorFindings()
    a, b = _record("CVE-A"), _record("CVE-B")
    store.replace_image("team/app", a.digest, [a, b], T0)
    changed, closed = store.replace_image("team/app", a.digest, [a], T0 + HOUR)
    assert changed == [] and [r.arn for r in closed] == [b.arn]


@pytest.fixture
def store():
    s = InspectorFindings()
    s.put(
        _record(
            "CVE-1",
            "CRITICAL",
            repo="web",
            tags=("1.0", "latest"),
            score=9.8,
            package_name="openssl",
            package_version="3.0.1",
            fixed_in_version="3.0.2",
            repo_tags={"team": "core"},
        )
    )
    s.put(
        _record(
            "CVE-2",
            "HIGH",
            repo="web",
            digest_byte="cd",
            tags=(),
            score=7.5,
            package_name="zlib",
            package_version="1.2",
            exploit_available="YES",
        )
    )
    s.put(
        _record(
            "GHSA-3",
            "LOW",
            repo="api",
            tags=("2.0",),
            pushed=T0 + 48 * HOUR,
            package_name="requests",
            package_version="2.0",
        )
    )
    return s


def _ids(store, criteria, sort=None):
    return [r.vulnerability_id for r in store.query(criteria, sort)]


def _eq(v):
    return {"comparison": "EQUALS", "value": v}


def test_filter_values_within_one_key_or(store):
    assert _ids(store, {"severity": [_eq("CRITICAL"), _eq("LOW")]}) == ["CVE-1", "GHSA-3"]


def test_filter_keys_and(store):
    assert _ids(
        store,
        {
            "severity": [_eq("CRITICAL"), _eq("HIGH")],
            "ecrImageRepositoryName": [_eq("web")],
            "fixAvailable": [_eq("YES")],
        },
    ) == ["CVE-1"]


def test_filter_prefix(store):
    assert _ids(store, {"vulnerabilityId": [{"comparison": "PREFIX", "value": "CVE-"}]}) == [
        "CVE-1",
        "CVE-2",
    ]


def test_filter_not_equals_each_excludes(store):
    crit = {
        "severity": [
            {"comparison": "NOT_EQUALS", "value": "CRITICAL"},
            {"comparison": "NOT_EQUALS", "value": "LOW"},
        ]
    }
    assert _ids(store, crit) == ["CVE-2"]


def test_filter_not_equals_with_equals_both_apply(store):
    crit = {
        "ecrImageRepositoryName": [
            _eq("web"),
            _eq("api"),
            {"comparison": "NOT_EQUALS", "value": "api"},
        ]
    }
    assert _ids(store, crit) == ["CVE-1", "CVE-2"]


def test_filter_multi_valued_tags_any_matches(store):
    assert _ids(store, {"ecrImageTags": [_eq("latest")]}) == ["CVE-1"]
    assert _ids(store, {"ecrImageTags": [{"comparison": "NOT_EQUALS", "value": "latest"}]}) == [
        "CVE-2",
        "GHSA-3",
    ]


def test_filter_number_range(store):
    assert _ids(store, {"inspectorScore": [{"lowerInclusive": 7.5, "upperInclusive": 9.0}]}) == [
        "CVE-2"
    ]
    assert _ids(store, {"inspectorScore": [{"lowerInclusive": 9.0}]}) == ["CVE-1"]


def test_filter_date_range(store):
    after = {"ecrImagePushedAt": [{"startInclusive": T0 + HOUR}]}
    assert _ids(store, after) == ["GHSA-3"]
    naive = {"ecrImagePushedAt": [{"endInclusive": (T0 + HOUR).replace(tzinfo=None)}]}
    assert _ids(store, naive) == ["CVE-1", "CVE-2"]


def test_filter_vulnerable_packages_all_subfilters_on_one_package(store):
    crit = {"vulnerablePackages": [{"name": _eq("openssl"), "version": _eq("3.0.1")}]}
    assert _ids(store, crit) == ["CVE-1"]
    crit = {"vulnerablePackages": [{"name": _eq("openssl"), "version": _eq("1.2")}]}
    assert _ids(store, crit) == []


def test_filter_resource_tags_map(store):
    assert _ids(
        store, {"resourceTags": [{"comparison": "EQUALS", "key": "team", "value": "core"}]}
    ) == ["CVE-1"]


def test_filter_keys_of_other_resources_match_nothing_positive(store):
    assert _ids(store, {"ec2InstanceVpcId": [_eq("vpc-1")]}) == []
    assert (
        len(_ids(store, {"lambdaFunctionName": [{"comparison": "NOT_EQUALS", "value": "f"}]})) == 3
    )


def test_filter_exploit_and_resource_type(store):
    assert _ids(
        store, {"exploitAvailable": [_eq("YES")], "resourceType": [_eq("AWS_ECR_CONTAINER_IMAGE")]}
    ) == ["CVE-2"]


def test_sort_by_severity_desc_and_score_asc(store):
    assert _ids(store, None, {"field": "SEVERITY", "sortOrder": "DESC"}) == [
        "CVE-1",
        "CVE-2",
        "GHSA-3",
    ]
    # GHSA-3 has no score: last in either direction
    assert _ids(store, None, {"field": "INSPECTOR_SCORE", "sortOrder": "ASC"}) == [
        "CVE-2",
        "CVE-1",
        "GHSA-3",
    ]
    assert _ids(store, None, {"field": "INSPECTOR_SCORE", "sortOrder": "DESC"}) == [
        "CVE-1",
        "CVE-2",
        "GHSA-3",
    ]


def test_sort_by_repository_name(store):
    assert _ids(store, None, {"field": "ECR_IMAGE_REPOSITORY_NAME", "sortOrder": "ASC"}) == [
        "GHSA-3",
        "CVE-1",
        "CVE-2",
    ]
