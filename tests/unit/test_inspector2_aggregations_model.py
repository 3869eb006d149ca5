"""models.inspector2_aggregations: groups, counts and sorting of ListFindingAggregations."""

from __future__ import annotations

import datetime

import botocore.session
from botocore.validate import ParamValidator

from ecrfake import enhanced_finding
from ecrfake.models.inspector2 import FindingRecord, to_inspector_finding
from ecrfake.models.inspector2_aggregations import aggregate
from ecrfake.models.served_findings import ImageContext, serve_enhanced

from .._floor import needs_model

T0 = datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc)
INSPECTOR = botocore.session.get_session().get_service_model("inspector2")


def _rec(vuln, severity, repo, byte, package, layer=None, status=None):
    seed = enhanced_finding(vuln, severity=severity, package_name=package, package_version="1")
    if layer:
        seed["packageVulnerabilityDetails"]["vulnerablePackages"][0]["sourceLayerHash"] = layer
    ctx = ImageContext(
        "123456789012", "us-east-1", repo, "sha256:" + byte * 32, ("v1",), T0, T0, T0
    )
    record = FindingRecord(
        to_inspector_finding(serve_enhanced(seed, ctx), region="us-east-1", partition="aws")
    )
    return record.with_status(status, T0) if status else record


RECORDS = [
    _rec("CVE-1", "CRITICAL", "web", "aa", "openssl", "sha256:" + "1" * 64),
    _rec("CVE-2", "HIGH", "web", "aa", "zlib", "sha256:" + "1" * 64),
    _rec("CVE-1", "CRITICAL", "web", "bb", "openssl"),
    _rec("CVE-3", "LOW", "api", "cc", "requests"),
    _rec("CVE-4", "CRITICAL", "api", "cc", "urllib3", status="CLOSED"),
]


def _valid(kind_items):
    shape = INSPECTOR.operation_model("ListFindingAggregations").output_shape
    body = {"aggregationType": "REPOSITORY", "responses": kind_items}
    report = ParamValidator().validate(body, shape)
    assert not report.has_errors(), report.generate_report()


@needs_model(member=("SeverityCounts", "low"), service="inspector2")
def test_aggregate_repository_counts_active_findings_and_images():
    items = aggregate(RECORDS, "REPOSITORY", None)
    _valid(items)
    web, api = (i["repositoryAggregation"] for i in items)
    assert web["repository"] == "web" and web["affectedImages"] == 2
    assert web["severityCounts"]["critical"] == 2 and web["severityCounts"]["all"] == 3
    assert api["severityCounts"] == {
        "all": 1,
        "critical": 0,
        "high": 0,
        "medium": 0,
        "low": 1,
        "informational": 0,
        "untriaged": 0,
    }


def test_aggregate_repository_sort_by_all_ascending():
    items = aggregate(RECORDS, "REPOSITORY", {"sortBy": "ALL", "sortOrder": "ASC"})
    assert [i["repositoryAggregation"]["repository"] for i in items] == ["api", "web"]


def test_aggregate_repository_filter():
    items = aggregate(
        RECORDS, "REPOSITORY", {"repositories": [{"comparison": "EQUALS", "value": "api"}]}
    )
    assert [i["repositoryAggregation"]["repository"] for i in items] == ["api"]


@needs_model(member=("SeverityCounts", "low"), service="inspector2")
def test_aggregate_ecr_container_per_image():
    items = aggregate(RECORDS, "AWS_ECR_CONTAINER", None)
    _valid(items)
    shas = [i["awsEcrContainerAggregation"]["imageSha"][-2:] for i in items]
    assert shas == ["aa", "bb", "cc"]
    assert items[0]["awsEcrContainerAggregation"]["repository"] == "web"


@needs_model(member=("SeverityCounts", "low"), service="inspector2")
def test_aggregate_package_title_layer_account():
    packages = [i["packageAggregation"]["packageName"] for i in aggregate(RECORDS, "PACKAGE", None)]
    assert packages == ["openssl", "requests", "zlib"]  # critical count, then name
    titles = aggregate(
        RECORDS, "TITLE", {"vulnerabilityIds": [{"comparison": "EQUALS", "value": "CVE-1"}]}
    )
    assert [t["titleAggregation"]["severityCounts"]["all"] for t in titles] == [2]
    layers = aggregate(RECORDS, "IMAGE_LAYER", None)
    assert len(layers) == 1 and layers[0]["imageLayerAggregation"]["severityCounts"]["all"] == 2
    account = aggregate(RECORDS, "ACCOUNT", None)
    assert account[0]["accountAggregation"]["severityCounts"]["all"] == 4
    for kind in ("PACKAGE", "TITLE", "IMAGE_LAYER", "ACCOUNT", "FINDING_TYPE", "CONTAINER_IMAGE"):
        _valid(aggregate(RECORDS, kind, None))


def test_aggregate_other_resource_types_are_empty():
    assert aggregate(RECORDS, "AWS_LAMBDA_FUNCTION", None) == []
    assert aggregate(RECORDS, "TITLE", {"resourceType": "AWS_EC2_INSTANCE"}) == []


def test_aggregate_account_ids_filter():
    assert aggregate(RECORDS, "ACCOUNT", None, [{"comparison": "EQUALS", "value": "1" * 12}]) == []
