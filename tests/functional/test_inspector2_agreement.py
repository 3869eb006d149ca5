"""ECR and Inspector2 agree as an image is pushed, scanned, rescanned, deleted and moved out of
enhanced scanning; coverage, account state and configuration follow the registry."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError

from ecrfake import enhanced_finding

from ..conftest import code_and_message

T0 = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)
ALL = [{"filter": "*", "filterType": "WILDCARD"}]


@pytest.fixture
def inspector(ecr_fake: Any) -> Any:
    return boto3.client("inspector2", region_name="us-east-1")


def _statuses(inspector: Any) -> list[str]:
    return [f["status"] for f in inspector.list_findings()["findings"]]


def _seed(ecr_fake: Any, repo: str = "app", tag: str = "1.0", *vulns: str) -> None:
    ecr_fake.registry().seed_enhanced_findings(
        repo,
        {"imageTag": tag},
        [
            enhanced_finding(v, severity="HIGH", package_name="pkg", package_version="1")
            for v in vulns
        ],
    )


def test_lifecycle_push_scan_rescan_delete(ecr_fake, ecr, inspector, repo, push_image):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": ALL}]
    )
    _seed(ecr_fake, "app", "1.0", "CVE-1", "CVE-2")
    # nothing before the push
    assert inspector.list_findings()["findings"] == []
    push_image("app", "1.0")
    assert _statuses(inspector) == ["ACTIVE", "ACTIVE"]
    # a new seed for a continuously scanned image is a re-scan: CVE-2 fixed, CVE-3 found
    _seed(ecr_fake, "app", "1.0", "CVE-1", "CVE-3")
    found = {
        f["packageVulnerabilityDetails"]["vulnerabilityId"]: f["status"]
        for f in inspector.list_findings()["findings"]
    }
    assert found == {"CVE-1": "ACTIVE", "CVE-2": "CLOSED", "CVE-3": "ACTIVE"}
    ecr_side = ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    active = {
        f["findingArn"]
        for f in inspector.list_findings(
            filterCriteria={"findingStatus": [{"comparison": "EQUALS", "value": "ACTIVE"}]}
        )["findings"]
    }
    assert {f["findingArn"] for f in ecr_side["imageScanFindings"]["enhancedFindings"]} == active
    # deleting the image closes its findings: closed, not gone
    ecr.batch_delete_image(repositoryName="app", imageIds=[{"imageTag": "1.0"}])
    assert _statuses(inspector) == ["CLOSED", "CLOSED", "CLOSED"]


def test_retag_updates_finding_image_tags(ecr_fake, ecr, inspector, repo, push_image):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": ALL}]
    )
    _seed(ecr_fake, "app", "1.0", "CVE-1")
    push_image("app", "1.0", seed="s")
    push_image("app", "stable", seed="s")  # the same manifest under a second tag
    tags = inspector.list_findings()["findings"][0]["resources"][0]["details"][
        "awsEcrContainerImage"
    ]["imageTags"]
    assert sorted(tags) == ["1.0", "stable"]


def test_repository_leaving_enhanced_scanning_closes_and_return_reopens(
    ecr_fake, ecr, inspector, repo, push_image
):
    rules = [
        {
            "scanFrequency": "CONTINUOUS_SCAN",
            "repositoryFilters": [{"filter": "app", "filterType": "WILDCARD"}],
        }
    ]
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=rules)
    _seed(ecr_fake, "app", "1.0", "CVE-1")
    push_image("app", "1.0")
    other = [
        {
            "scanFrequency": "CONTINUOUS_SCAN",
            "repositoryFilters": [{"filter": "other", "filterType": "WILDCARD"}],
        }
    ]
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=other)
    assert _statuses(inspector) == ["CLOSED"]
    status = ecr.describe_images(repositoryName="app")["imageDetails"][0]["imageScanStatus"]
    assert status["status"] == "FINDINGS_UNAVAILABLE"
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=rules)
    assert _statuses(inspector) == ["ACTIVE"]
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[])
    assert _statuses(inspector) == ["CLOSED"]


def test_scan_eligibility_expiry_closes_findings_and_lifetime_keeps_them(
    ecr_fake, ecr, inspector, repo, push_image
):
    with time_machine.travel(T0, tick=False) as traveller:
        ecr.put_registry_scanning_configuration(
            scanType="ENHANCED",
            rules=[{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": ALL}],
        )
        _seed(ecr_fake, "app", "1.0", "CVE-1")
        push_image("app", "1.0")
        traveller.shift(datetime.timedelta(days=31))
        finding = inspector.list_findings()["findings"][0]
        assert finding["status"] == "CLOSED"
        assert finding["updatedAt"] == T0 + datetime.timedelta(days=30)  # when eligibility ended
        coverage = inspector.list_coverage(
            filterCriteria={
                "resourceType": [{"comparison": "EQUALS", "value": "AWS_ECR_CONTAINER_IMAGE"}]
            }
        )["coveredResources"]
        assert coverage[0]["scanStatus"] == {
            "statusCode": "INACTIVE",
            "reason": "SCAN_ELIGIBILITY_EXPIRED",
        }
        # LIFETIME: the image is eligible again, its findings re-open
        inspector.update_configuration(ecrConfiguration={"rescanDuration": "LIFETIME"})
        assert ecr_fake.registry().rescan_duration is None
        (reopened,) = inspector.list_findings()["findings"]
        assert reopened["status"] == "ACTIVE"
        assert reopened["updatedAt"] == T0 + datetime.timedelta(days=31)  # re-opened now


def test_enable_ecr_turns_registry_enhanced_and_disable_basic(ecr_fake, ecr, inspector, repo):
    assert (
        inspector.batch_get_account_status()["accounts"][0]["resourceState"]["ecr"]["status"]
        == "DISABLED"
    )
    out = inspector.enable(resourceTypes=["ECR"])
    assert out["accounts"][0]["resourceStatus"]["ecr"] == "ENABLED"
    config = ecr.get_registry_scanning_configuration()["scanningConfiguration"]
    assert config["scanType"] == "ENHANCED"
    assert config["rules"] == [{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": ALL}]
    state = inspector.batch_get_account_status()["accounts"][0]
    assert state["state"]["status"] == "ENABLED" and state["resourceState"]["ecr"]["status"] == (
        "ENABLED"
    )
    inspector.disable(resourceTypes=["ECR"])
    assert ecr.get_registry_scanning_configuration()["scanningConfiguration"]["scanType"] == (
        "BASIC"
    )
    assert inspector.batch_get_account_status()["accounts"][0]["state"]["status"] == "DISABLED"


def test_ecr_enhanced_reads_as_inspector_enabled(ecr, inspector):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": ALL}]
    )
    assert (
        inspector.batch_get_account_status()["accounts"][0]["resourceState"]["ecr"]["status"]
        == "ENABLED"
    )
    # Enable on an already enhanced registry keeps its rules
    inspector.enable(resourceTypes=["ECR"])
    rules = ecr.get_registry_scanning_configuration()["scanningConfiguration"]["rules"]
    assert rules[0]["scanFrequency"] == "SCAN_ON_PUSH"


def test_enable_other_resource_types_is_remembered(inspector):
    inspector.enable(resourceTypes=["EC2"])
    state = inspector.batch_get_account_status(accountIds=["123456789012"])["accounts"][0]
    assert state["resourceState"]["ec2"]["status"] == "ENABLED"
    assert state["resourceState"]["ecr"]["status"] == "DISABLED"


def test_account_status_of_another_account_fails(inspector):
    out = inspector.batch_get_account_status(accountIds=["210987654321"])
    assert out["accounts"] == []
    assert out["failedAccounts"][0]["accountId"] == "210987654321"


def test_get_and_update_configuration_rescan_duration(ecr_fake, inspector):
    got = inspector.get_configuration()["ecrConfiguration"]["rescanDurationState"]
    assert got["rescanDuration"] == "DAYS_30"
    inspector.update_configuration(
        ecrConfiguration={
            "rescanDuration": "DAYS_90",
            "pullDateRescanDuration": "DAYS_14",
            "pullDateRescanMode": "LAST_PULL_DATE",
        }
    )
    assert ecr_fake.registry().rescan_duration == datetime.timedelta(days=90)
    got = inspector.get_configuration()["ecrConfiguration"]["rescanDurationState"]
    assert got["rescanDuration"] == "DAYS_90"
    assert got["pullDateRescanDuration"] == "DAYS_14"
    assert got["pullDateRescanMode"] == "LAST_PULL_DATE"
    ecr_fake.registry().rescan_duration = datetime.timedelta(days=7)
    got = inspector.get_configuration()["ecrConfiguration"]["rescanDurationState"]
    assert got["rescanDuration"] == "DAYS_7"


def test_update_configuration_bad_duration_is_validation_exception(inspector):
    with pytest.raises(ClientError) as exc:
        inspector.update_configuration(ecrConfiguration={"rescanDuration": "DAYS_5"})
    assert code_and_message(exc)[0] == "ValidationException"


def _coverage(inspector: Any, **criteria: Any) -> list[dict[str, Any]]:
    return (
        inspector.list_coverage(filterCriteria=criteria)["coveredResources"]
        if criteria
        else (inspector.list_coverage()["coveredResources"])
    )


def test_list_coverage_repositories_and_images(ecr_fake, ecr, inspector, push_image):
    ecr.create_repository(repositoryName="cont")
    ecr.create_repository(repositoryName="sop")
    ecr.create_repository(repositoryName="none")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "cont", "filterType": "WILDCARD"}],
            },
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "sop", "filterType": "WILDCARD"}],
            },
        ],
    )
    push_image("cont", "1")
    push_image("sop", "1")
    push_image("none", "1")
    by_repo = {}
    for item in _coverage(
        inspector, resourceType=[{"comparison": "EQUALS", "value": "AWS_ECR_CONTAINER_IMAGE"}]
    ):
        name = item["resourceId"].split("repository/")[1].split("/")[0]
        by_repo[name] = (item["scanStatus"]["statusCode"], item["scanStatus"]["reason"])
    assert by_repo == {
        "cont": ("ACTIVE", "SUCCESSFUL"),
        "sop": ("INACTIVE", "SCAN_FREQUENCY_SCAN_ON_PUSH"),
        "none": ("INACTIVE", "SCAN_FREQUENCY_MANUAL"),
    }
    repos = _coverage(
        inspector, resourceType=[{"comparison": "EQUALS", "value": "AWS_ECR_REPOSITORY"}]
    )
    frequencies = {
        r["resourceMetadata"]["ecrRepository"]["name"]: r["resourceMetadata"]["ecrRepository"][
            "scanFrequency"
        ]
        for r in repos
    }
    assert frequencies == {"cont": "CONTINUOUS_SCAN", "sop": "SCAN_ON_PUSH", "none": "MANUAL"}
    active = _coverage(
        inspector,
        scanStatusCode=[{"comparison": "EQUALS", "value": "ACTIVE"}],
        ecrRepositoryName=[{"comparison": "NOT_EQUALS", "value": "sop"}],
    )
    assert {a["resourceType"] for a in active} == {"AWS_ECR_REPOSITORY", "AWS_ECR_CONTAINER_IMAGE"}
    assert all("/cont" in a["resourceId"] for a in active)
    tagged = _coverage(inspector, ecrImageTags=[{"comparison": "EQUALS", "value": "1"}])
    assert len(tagged) == 3


def test_list_coverage_empty_while_ecr_scanning_disabled(ecr, inspector, repo, push_image):
    push_image("app", "1")
    assert _coverage(inspector) == []


def test_list_coverage_paging(ecr, inspector, push_image):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": ALL}]
    )
    for name in ("a1", "b1", "c1"):
        ecr.create_repository(repositoryName=name)
    first = inspector.list_coverage(maxResults=2)
    assert len(first["coveredResources"]) == 2
    rest = inspector.list_coverage(maxResults=2, nextToken=first["nextToken"])
    assert len(rest["coveredResources"]) == 1 and "nextToken" not in rest


def test_list_coverage_statistics(ecr, inspector, push_image):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "a*", "filterType": "WILDCARD"}],
            }
        ],
    )
    for name in ("a1", "a2", "b1"):
        ecr.create_repository(repositoryName=name)
        push_image(name, "1")
    total = inspector.list_coverage_statistics()
    assert total["totalCounts"] == 6 and "countsByGroup" not in total
    grouped = inspector.list_coverage_statistics(groupBy="SCAN_STATUS_CODE")
    assert [g["count"] for g in grouped["countsByGroup"]] == [4, 2]
    assert {g["groupKey"] for g in grouped["countsByGroup"]} == {"SCAN_STATUS_CODE"}
    images = inspector.list_coverage_statistics(
        filterCriteria={
            "resourceType": [{"comparison": "EQUALS", "value": "AWS_ECR_CONTAINER_IMAGE"}]
        },
        groupBy="ECR_REPOSITORY_NAME",
    )
    assert images["totalCounts"] == 3 and len(images["countsByGroup"]) == 3


def test_held_enhanced_scan_has_no_findings_until_it_finishes(
    ecr_fake, ecr, inspector, repo, push_image
):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": ALL}]
    )
    _seed(ecr_fake, "app", "1.0", "CVE-1")
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, polls=1)
    push_image("app", "1.0")
    assert inspector.list_findings()["findings"] == []
    image = _coverage(
        inspector, resourceType=[{"comparison": "EQUALS", "value": "AWS_ECR_CONTAINER_IMAGE"}]
    )[0]
    assert image["scanStatus"] == {"statusCode": "ACTIVE", "reason": "PENDING_INITIAL_SCAN"}
    ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})  # one poll
    assert _statuses(inspector) == ["ACTIVE"]
    assert [e["detail-type"] for e in ecr_fake.events(source="aws.inspector2")][:2] == [
        "Inspector2 Finding",
        "Inspector2 Scan",
    ]


def test_delete_repository_with_force_closes_its_findings(
    ecr_fake, ecr, inspector, repo, push_image
):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": ALL}]
    )
    _seed(ecr_fake, "app", "1.0", "CVE-1", "CVE-2")
    push_image("app", "1.0")
    ecr.delete_repository(repositoryName="app", force=True)
    assert _statuses(inspector) == ["CLOSED", "CLOSED"]
    assert [
        e["detail"]["action-type"] for e in ecr_fake.events(detail_type="ECR Image Action")
    ] == ["PUSH", "DELETE"]


def test_inspector2_region_is_the_client_region(ecr_fake, push_image):
    ecr = boto3.client("ecr", region_name="eu-west-1")
    inspector = boto3.client("inspector2", region_name="eu-west-1")
    inspector.enable(resourceTypes=["ECR"])
    ecr.create_repository(repositoryName="app")
    _seed_region = ecr_fake.registry(region="eu-west-1")
    _seed_region.seed_enhanced_findings(
        "app", {"imageTag": "1"}, [enhanced_finding("CVE-1", severity="LOW")]
    )
    ecr.put_image(repositoryName="app", imageManifest=json_manifest(), imageTag="1")
    (finding,) = inspector.list_findings()["findings"]
    assert finding["findingArn"].startswith("arn:aws:inspector2:eu-west-1:123456789012:finding/")
    assert finding["resources"][0]["region"] == "eu-west-1"
    assert boto3.client("inspector2", region_name="us-east-1").list_findings()["findings"] == []


def json_manifest() -> str:
    from ..conftest import make_manifest

    return make_manifest("eu")


def test_pull_date_rescan_duration_keeps_a_pulled_image_eligible(
    ecr_fake, ecr, inspector, repo, push_image
):
    with time_machine.travel(T0, tick=False) as traveller:
        ecr.put_registry_scanning_configuration(
            scanType="ENHANCED",
            rules=[{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": ALL}],
        )
        inspector.update_configuration(
            ecrConfiguration={
                "rescanDuration": "DAYS_14",
                "pullDateRescanDuration": "DAYS_30",
                "pullDateRescanMode": "LAST_PULL_DATE",
            }
        )
        _seed(ecr_fake, "app", "1.0", "CVE-1")
        push_image("app", "1.0")
        traveller.shift(datetime.timedelta(days=10))
        ecr_fake.registry().simulate_pull("app", "1.0")  # pulled on day 10: eligible to day 40
        traveller.shift(datetime.timedelta(days=20))  # day 30: pushed 30 days ago, pulled 20
        assert _statuses(inspector) == ["ACTIVE"]
        status = ecr.describe_images(repositoryName="app")["imageDetails"][0]["imageScanStatus"]
        assert status["status"] == "ACTIVE"
        traveller.shift(datetime.timedelta(days=11))  # day 41
        assert _statuses(inspector) == ["CLOSED"]
        status = ecr.describe_images(repositoryName="app")["imageDetails"][0]["imageScanStatus"]
        assert status["status"] == "SCAN_ELIGIBILITY_EXPIRED"
