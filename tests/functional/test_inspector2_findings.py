"""Inspector2 ListFindings / BatchGetFindingDetails / ListFindingAggregations through boto3."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from ecrfake import enhanced_finding

from ..conftest import code_and_message

CONTINUOUS_ALL = [
    {
        "scanFrequency": "CONTINUOUS_SCAN",
        "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
    }
]


@pytest.fixture
def inspector(ecr_fake: Any) -> Any:
    return boto3.client("inspector2", region_name="us-east-1")


@pytest.fixture
def world(ecr_fake: Any, ecr: Any, push_image: Any) -> dict[str, Any]:
    """Two repositories under continuous enhanced scanning, three images, five findings."""
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=CONTINUOUS_ALL)
    ecr.create_repository(repositoryName="web", tags=[{"Key": "team", "Value": "core"}])
    ecr.create_repository(repositoryName="api")
    reg = ecr_fake.registry()
    reg.seed_enhanced_findings(
        "web",
        {"imageTag": "1.0"},
        [
            enhanced_finding(
                "CVE-2021-44228",
                severity="CRITICAL",
                package_name="log4j-core",
                package_version="2.14.1",
                fixed_in_version="2.17.1",
                score=10.0,
                epss=0.97,
                exploit_available="YES",
            ),
            enhanced_finding(
                "CVE-2022-0001",
                severity="MEDIUM",
                package_name="zlib",
                package_version="1.2.11",
                score=5.5,
            ),
        ],
    )
    reg.seed_enhanced_findings(
        "web",
        {"imageTag": "2.0"},
        [
            enhanced_finding(
                "CVE-2021-44228",
                severity="CRITICAL",
                package_name="log4j-core",
                package_version="2.15.0",
                fixed_in_version="2.17.1",
                score=10.0,
            ),
        ],
    )
    reg.seed_enhanced_findings(
        "api",
        {"imageTag": "1.0"},
        [
            enhanced_finding(
                "GHSA-xxxx", severity="LOW", package_name="requests", package_version="2.0.0"
            ),
            enhanced_finding(
                "CVE-2023-0002",
                severity="HIGH",
                package_name="openssl",
                package_version="3.0.1",
                score=7.5,
            ),
        ],
    )
    ids = {
        "web:1.0": push_image("web", "1.0", seed="w1"),
        "web:2.0": push_image("web", "2.0", seed="w2"),
        "api:1.0": push_image("api", "1.0", seed="a1"),
    }
    return ids


def _eq(value: str) -> dict[str, str]:
    return {"comparison": "EQUALS", "value": value}


def _vulns(inspector: Any, **kwargs: Any) -> list[str]:
    findings = inspector.list_findings(**kwargs)["findings"]
    return [f["packageVulnerabilityDetails"]["vulnerabilityId"] for f in findings]


def test_list_findings_same_arn_as_describe_image_scan_findings(inspector, ecr, world):
    ecr_side = ecr.describe_image_scan_findings(repositoryName="web", imageId={"imageTag": "1.0"})
    arns = {f["findingArn"] for f in ecr_side["imageScanFindings"]["enhancedFindings"]}
    listed = inspector.list_findings(
        filterCriteria={"ecrImageRepositoryName": [_eq("web")], "ecrImageTags": [_eq("1.0")]}
    )["findings"]
    assert {f["findingArn"] for f in listed} == arns
    log4j = next(f for f in listed if f["title"].startswith("CVE-2021-44228"))
    assert log4j["inspectorScore"] == 10.0
    assert log4j["inspectorScoreDetails"]["adjustedCvss"]["score"] == 10.0
    assert log4j["epss"] == {"score": 0.97}
    resource = log4j["resources"][0]
    assert resource["type"] == "AWS_ECR_CONTAINER_IMAGE"
    assert resource["region"] == "us-east-1" and resource["partition"] == "aws"
    assert resource["tags"] == {"team": "core"}
    assert resource["details"]["awsEcrContainerImage"]["imageTags"] == ["1.0"]


def test_list_findings_epss_is_inspector_only(ecr, world):
    ecr_side = ecr.describe_image_scan_findings(repositoryName="web", imageId={"imageTag": "1.0"})
    assert all("epss" not in f for f in ecr_side["imageScanFindings"]["enhancedFindings"])


def test_list_findings_no_criteria_lists_all(inspector, world):
    assert len(inspector.list_findings()["findings"]) == 5


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"severity": [_eq("CRITICAL")]}, ["CVE-2021-44228", "CVE-2021-44228"]),
        ({"severity": [_eq("LOW"), _eq("HIGH")]}, ["GHSA-xxxx", "CVE-2023-0002"]),
        ({"vulnerabilityId": [{"comparison": "PREFIX", "value": "GHSA"}]}, ["GHSA-xxxx"]),
        (
            {
                "severity": [
                    {"comparison": "NOT_EQUALS", "value": "CRITICAL"},
                    {"comparison": "NOT_EQUALS", "value": "MEDIUM"},
                ]
            },
            ["GHSA-xxxx", "CVE-2023-0002"],
        ),
        ({"ecrImageRepositoryName": [_eq("api")], "severity": [_eq("HIGH")]}, ["CVE-2023-0002"]),
        ({"fixAvailable": [_eq("YES")]}, ["CVE-2021-44228", "CVE-2021-44228"]),
        ({"exploitAvailable": [_eq("YES")]}, ["CVE-2021-44228"]),
        (
            {"inspectorScore": [{"lowerInclusive": 5.0, "upperInclusive": 8.0}]},
            ["CVE-2022-0001", "CVE-2023-0002"],
        ),
        ({"epssScore": [{"lowerInclusive": 0.5}]}, ["CVE-2021-44228"]),
        (
            {"vulnerablePackages": [{"name": _eq("log4j-core"), "version": _eq("2.15.0")}]},
            ["CVE-2021-44228"],
        ),
        (
            {"resourceTags": [{"comparison": "EQUALS", "key": "team", "value": "core"}]},
            ["CVE-2021-44228", "CVE-2022-0001", "CVE-2021-44228"],
        ),
        (
            {
                "findingType": [_eq("PACKAGE_VULNERABILITY")],
                "findingStatus": [_eq("ACTIVE")],
                "resourceType": [_eq("AWS_ECR_CONTAINER_IMAGE")],
                "awsAccountId": [_eq("123456789012")],
                "ecrImageRegistry": [_eq("123456789012")],
                "ecrImageTags": [_eq("2.0")],
            },
            ["CVE-2021-44228"],
        ),
        ({"title": [{"comparison": "PREFIX", "value": "CVE-2022"}]}, ["CVE-2022-0001"]),
        ({"vulnerabilitySource": [_eq("NVD")], "vendorSeverity": [_eq("LOW")]}, ["GHSA-xxxx"]),
        ({"ec2InstanceVpcId": [_eq("vpc-1")]}, []),
        (
            {
                "lambdaFunctionName": [{"comparison": "NOT_EQUALS", "value": "f"}],
                "ecrImageRepositoryName": [_eq("api")],
            },
            ["GHSA-xxxx", "CVE-2023-0002"],
        ),
    ],
)
def test_list_findings_filter_criteria(inspector, world, criteria, expected):
    assert _vulns(inspector, filterCriteria=criteria) == expected


def test_list_findings_filter_by_image_hash_and_resource_id(inspector, world):
    digest = world["api:1.0"]["imageDigest"]
    by_hash = _vulns(inspector, filterCriteria={"ecrImageHash": [_eq(digest)]})
    assert by_hash == ["GHSA-xxxx", "CVE-2023-0002"]
    resource_id = f"arn:aws:ecr:us-east-1:123456789012:repository/api/{digest}"
    assert _vulns(inspector, filterCriteria={"resourceId": [_eq(resource_id)]}) == by_hash


def test_list_findings_date_ranges(inspector, world):
    now = datetime.datetime.now(datetime.timezone.utc)
    hour = datetime.timedelta(hours=1)
    for key in ("firstObservedAt", "lastObservedAt", "updatedAt", "ecrImagePushedAt"):
        inside = {key: [{"startInclusive": now - hour, "endInclusive": now + hour}]}
        assert len(_vulns(inspector, filterCriteria=inside)) == 5, key
        before = {key: [{"endInclusive": now - hour}]}
        assert _vulns(inspector, filterCriteria=before) == [], key


def test_list_findings_sort_criteria(inspector, world):
    by_severity = _vulns(inspector, sortCriteria={"field": "SEVERITY", "sortOrder": "DESC"})
    assert by_severity == [
        "CVE-2021-44228",
        "CVE-2021-44228",
        "CVE-2023-0002",
        "CVE-2022-0001",
        "GHSA-xxxx",
    ]
    by_score = _vulns(inspector, sortCriteria={"field": "INSPECTOR_SCORE", "sortOrder": "ASC"})
    assert by_score[:2] == ["CVE-2022-0001", "CVE-2023-0002"] and by_score[-1] == "GHSA-xxxx"
    by_repo = inspector.list_findings(
        sortCriteria={"field": "ECR_IMAGE_REPOSITORY_NAME", "sortOrder": "ASC"}
    )["findings"]
    repos = [
        f["resources"][0]["details"]["awsEcrContainerImage"]["repositoryName"] for f in by_repo
    ]
    assert repos == sorted(repos)


def test_list_findings_paging(inspector, world):
    first = inspector.list_findings(maxResults=2)
    assert len(first["findings"]) == 2 and "nextToken" in first
    second = inspector.list_findings(maxResults=2, nextToken=first["nextToken"])
    third = inspector.list_findings(maxResults=2, nextToken=second["nextToken"])
    assert "nextToken" not in third
    arns = [f["findingArn"] for page in (first, second, third) for f in page["findings"]]
    assert len(arns) == len(set(arns)) == 5
    paginated = inspector.get_paginator("list_findings").paginate(PaginationConfig={"PageSize": 2})
    assert sum(len(p["findings"]) for p in paginated) == 5


def test_list_findings_max_results_over_limit_is_validation_exception(inspector, world):
    with pytest.raises(ClientError) as exc:
        inspector.list_findings(maxResults=101)
    code, message = code_and_message(exc)
    assert code == "ValidationException"
    assert "maxResults" in message and "less than or equal to 100" in message
    assert exc.value.response["reason"] == "FIELD_VALIDATION_FAILED"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_list_findings_too_many_filters_is_validation_exception(inspector, world):
    with pytest.raises(ClientError) as exc:
        inspector.list_findings(filterCriteria={"severity": [_eq("LOW")] * 11})
    assert code_and_message(exc)[0] == "ValidationException"


def test_list_findings_foreign_token_is_validation_exception(inspector, world):
    token = inspector.list_findings(maxResults=1)["nextToken"]
    with pytest.raises(ClientError) as exc:
        inspector.list_findings(
            maxResults=1, nextToken=token, filterCriteria={"severity": [_eq("LOW")]}
        )
    assert code_and_message(exc)[0] == "ValidationException"
    with pytest.raises(ClientError):
        inspector.list_findings(nextToken="garbage")


def test_batch_get_finding_details_known_and_unknown(inspector, world):
    arn = inspector.list_findings(maxResults=1)["findings"][0]["findingArn"]
    unknown = "arn:aws:inspector2:us-east-1:123456789012:finding/" + "0" * 32
    out = inspector.batch_get_finding_details(findingArns=[arn, unknown])
    assert [d["findingArn"] for d in out["findingDetails"]] == [arn]
    assert out["errors"][0]["findingArn"] == unknown
    assert out["errors"][0]["errorCode"] == "FINDING_DETAILS_NOT_FOUND"


def test_batch_get_finding_details_epss_score(inspector, world):
    log4j = inspector.list_findings(filterCriteria={"epssScore": [{"lowerInclusive": 0.5}]})
    arn = log4j["findings"][0]["findingArn"]
    detail = inspector.batch_get_finding_details(findingArns=[arn])["findingDetails"][0]
    assert detail["epssScore"] == 0.97


def _agg(inspector: Any, kind: str, request: dict[str, Any] | None = None, **kw: Any) -> list:
    args: dict[str, Any] = {"aggregationType": kind, **kw}
    if request is not None:
        member = {
            "REPOSITORY": "repositoryAggregation",
            "AWS_ECR_CONTAINER": "awsEcrContainerAggregation",
            "PACKAGE": "packageAggregation",
            "TITLE": "titleAggregation",
            "IMAGE_LAYER": "imageLayerAggregation",
            "ACCOUNT": "accountAggregation",
            "FINDING_TYPE": "findingTypeAggregation",
        }[kind]
        args["aggregationRequest"] = {member: request}
    return inspector.list_finding_aggregations(**args)["responses"]


def test_list_finding_aggregations_repository_counts_and_sorting(inspector, world):
    items = [r["repositoryAggregation"] for r in _agg(inspector, "REPOSITORY")]
    assert [i["repository"] for i in items] == ["web", "api"]  # CRITICAL desc by default
    web = items[0]
    assert web["affectedImages"] == 2
    assert web["severityCounts"]["critical"] == 2 and web["severityCounts"]["all"] == 3
    asc = _agg(inspector, "REPOSITORY", {"sortBy": "ALL", "sortOrder": "ASC"})
    assert [r["repositoryAggregation"]["repository"] for r in asc] == ["api", "web"]


def test_list_finding_aggregations_types(inspector, world):
    images = [r["awsEcrContainerAggregation"] for r in _agg(inspector, "AWS_ECR_CONTAINER")]
    assert len(images) == 3 and images[0]["severityCounts"]["critical"] == 1
    packages = [r["packageAggregation"]["packageName"] for r in _agg(inspector, "PACKAGE")]
    assert packages[0] == "log4j-core" and len(packages) == 4
    titles = _agg(inspector, "TITLE", {"vulnerabilityIds": [_eq("CVE-2021-44228")]})
    assert [t["titleAggregation"]["severityCounts"]["all"] for t in titles] == [2]
    account = _agg(inspector, "ACCOUNT")[0]["accountAggregation"]
    assert account["severityCounts"]["all"] == 5 and account["fixAvailableCount"] == 2
    assert account["exploitAvailableCount"] == 1
    finding_type = _agg(inspector, "FINDING_TYPE", {"findingType": "PACKAGE_VULNERABILITY"})
    assert finding_type[0]["findingTypeAggregation"]["severityCounts"]["all"] == 5
    assert _agg(inspector, "IMAGE_LAYER") == []  # no seeded layer hashes
    assert _agg(inspector, "AWS_LAMBDA_FUNCTION") == []


def test_list_finding_aggregations_paging(inspector, world):
    first = inspector.list_finding_aggregations(aggregationType="AWS_ECR_CONTAINER", maxResults=2)
    assert len(first["responses"]) == 2
    rest = inspector.list_finding_aggregations(
        aggregationType="AWS_ECR_CONTAINER", maxResults=2, nextToken=first["nextToken"]
    )
    assert len(rest["responses"]) == 1 and "nextToken" not in rest


def test_list_finding_aggregations_mismatched_request_is_validation_exception(inspector, world):
    with pytest.raises(ClientError) as exc:
        inspector.list_finding_aggregations(
            aggregationType="REPOSITORY", aggregationRequest={"packageAggregation": {}}
        )
    assert code_and_message(exc)[0] == "ValidationException"


def test_unimplemented_inspector2_operation_names_it(inspector):
    from ecrfake.exceptions import OperationNotImplementedError

    with pytest.raises(OperationNotImplementedError, match="ListFilters"):
        inspector.list_filters()


def _filter_keys() -> dict[str, str]:
    """Every FilterCriteria key of the installed model and the type of its filters."""
    from ecrfake._service import shape

    return {k: v.member.name for k, v in shape("FilterCriteria", "inspector2").members.items()}


def test_list_findings_every_filter_key_of_the_model(ecr_fake, inspector, world):
    from ecrfake.models.inspector2 import FINDING_FIELDS

    records = list(ecr_fake.registry().model.inspector.findings)
    total = len(records)
    far = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    for key, member in _filter_keys().items():
        field = FINDING_FIELDS.get(key)
        if member == "StringFilter":
            none = _vulns(inspector, filterCriteria={key: [_eq("no-such-value")]})
            assert none == [], key
            everything = _vulns(
                inspector,
                filterCriteria={key: [{"comparison": "NOT_EQUALS", "value": "no-such-value"}]},
            )
            assert len(everything) == total, key
            values = [] if field is None else [field.get(r) for r in records]
            values = [v[0] if isinstance(v, tuple) else v for v in values if v]
            if values:  # a fact some finding has: EQUALS on it finds that finding
                assert _vulns(inspector, filterCriteria={key: [_eq(values[0])]}), key
        elif member == "DateFilter":
            got = _vulns(inspector, filterCriteria={key: [{"startInclusive": far}]})
            assert len(got) == (total if field is not None else 0), key
        elif member == "NumberFilter":
            got = _vulns(inspector, filterCriteria={key: [{"lowerInclusive": 0.0}]})
            expected = sum(field.get(r) is not None for r in records) if field else 0
            assert len(got) == expected, key
        elif member == "MapFilter":
            got = _vulns(
                inspector,
                filterCriteria={key: [{"comparison": "EQUALS", "key": "team", "value": "core"}]},
            )
            assert len(got) == (3 if field is not None else 0), key
        elif member == "PackageFilter":
            got = _vulns(inspector, filterCriteria={key: [{"name": _eq("zlib")}]})
            assert got == ["CVE-2022-0001"], key
        else:  # PortRangeFilter: network reachability, never an ECR finding
            assert _vulns(inspector, filterCriteria={key: [{"beginInclusive": 1}]}) == [], key
