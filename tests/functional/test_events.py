"""fake.events(): the EventBridge envelopes AWS documents, from what happened in the fake."""

from __future__ import annotations

import datetime
import re
from typing import Any

import boto3
import pytest
import time_machine

from ecrfake import basic_finding, enhanced_finding

from .._event_samples import ENVELOPE_KEYS, shape_problems

T0 = datetime.datetime(2026, 5, 4, 3, 2, 1, tzinfo=datetime.timezone.utc)
ALL = [{"filter": "*", "filterType": "WILDCARD"}]


def _details(fake: Any, detail_type: str) -> list[dict[str, Any]]:
    return [e["detail"] for e in fake.events(detail_type=detail_type)]


def _check_all(fake: Any) -> None:
    for event in fake.events():
        assert set(event) == ENVELOPE_KEYS
        assert shape_problems(event["detail-type"], event["detail"]) == [], event


def test_push_and_delete_emit_ecr_image_action_at_the_fake_clock(ecr_fake, ecr, repo, push_image):
    with time_machine.travel(T0, tick=False):
        image = push_image("app", "1.0")
        ecr.batch_delete_image(repositoryName="app", imageIds=[{"imageTag": "1.0"}])
    events = ecr_fake.events(source="aws.ecr", detail_type="ECR Image Action")
    assert [e["detail"]["action-type"] for e in events] == ["PUSH", "DELETE"]
    assert events[0]["time"] == "2026-05-04T03:02:01Z"
    assert events[0]["account"] == "123456789012" and events[0]["region"] == "us-east-1"
    assert events[0]["detail"] == {
        "result": "SUCCESS",
        "repository-name": "app",
        "image-digest": image["imageDigest"],
        "action-type": "PUSH",
        "image-tag": "1.0",
    }
    assert events[1]["detail"]["image-tag"] == "1.0"
    _check_all(ecr_fake)


def test_basic_scan_emits_ecr_image_scan_with_found_severities(ecr_fake, ecr, push_image):
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    ecr_fake.registry().seed_basic_findings(
        "app",
        {"imageTag": "1"},
        [
            basic_finding("CVE-1", severity="CRITICAL"),
            basic_finding("CVE-2", severity="CRITICAL"),
            basic_finding("CVE-3", severity="MEDIUM"),
        ],
    )
    push_image("app", "1")
    (scan,) = ecr_fake.events(detail_type="ECR Image Scan")
    assert scan["detail"]["finding-severity-counts"] == {"CRITICAL": 2, "MEDIUM": 1}
    assert scan["detail"]["scan-status"] == "COMPLETE" and scan["detail"]["image-tags"] == ["1"]
    assert scan["resources"] == ["arn:aws:ecr:us-east-1:123456789012:repository/app"]
    _check_all(ecr_fake)


def test_enhanced_scan_emits_inspector2_scan_finding_and_coverage(ecr_fake, ecr, repo, push_image):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": ALL}]
    )
    ecr_fake.registry().seed_enhanced_findings(
        "app",
        {"imageTag": "1"},
        [
            enhanced_finding(
                "CVE-1",
                severity="CRITICAL",
                package_name="p",
                package_version="1",
                score=9.8,
                epss=0.5,
            )
        ],
    )
    push_image("app", "1")
    ecr.batch_delete_image(repositoryName="app", imageIds=[{"imageTag": "1"}])
    kinds = [e["detail-type"] for e in ecr_fake.events(source="aws.inspector2")]
    assert kinds == [
        "Inspector2 Finding",
        "Inspector2 Scan",
        "Inspector2 Coverage",
        "Inspector2 Finding",
    ]
    created, closed = _details(ecr_fake, "Inspector2 Finding")
    assert created["status"] == "ACTIVE" and closed["status"] == "CLOSED"
    assert created["findingArn"] == closed["findingArn"]
    assert created["epss"] == {"score": 0.5}
    assert re.fullmatch(
        r"\w{3} \w{3} \d\d \d\d:\d\d:\d\d\.\d{3} UTC \d{4}", created["firstObservedAt"]
    )
    (scan,) = _details(ecr_fake, "Inspector2 Scan")
    assert scan["finding-severity-counts"] == {"CRITICAL": 1, "HIGH": 0, "MEDIUM": 0, "TOTAL": 1}
    (coverage,) = _details(ecr_fake, "Inspector2 Coverage")
    assert coverage["scanStatus"] == {"reason": "SUCCESSFUL", "statusCodeValue": "ACTIVE"}
    _check_all(ecr_fake)


def test_scan_frequency_change_emits_ecr_scan_resource_change(ecr_fake, ecr):
    ecr.create_repository(repositoryName="web")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": ALL}]
    )
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": ALL}]
    )
    ecr.create_repository(repositoryName="api")
    changes = [d["repositories"] for d in _details(ecr_fake, "ECR Scan Resource Change")]
    assert [
        [(r["repository-name"], r["scan-frequency"], r["previous-scan-frequency"]) for r in c]
        for c in changes
    ] == [
        [("web", "SCAN_ON_PUSH", "MANUAL")],
        [("web", "CONTINUOUS_SCAN", "SCAN_ON_PUSH")],
        [("api", "CONTINUOUS_SCAN", "MANUAL")],
    ]
    assert changes[0][0]["repository-arn"] == "arn:aws:ecr:us-east-1:123456789012:repository/web"
    _check_all(ecr_fake)


def test_pull_through_cache_fill_emits_pull_through_cache_action(ecr_fake, ecr):
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="ecr-public", upstreamRegistryUrl="public.ecr.aws"
    )
    ecr_fake.registry().simulate_pull("ecr-public/docker/library/alpine", "3.19")
    (event,) = ecr_fake.events(detail_type="ECR Pull Through Cache Action")
    detail = event["detail"]
    assert detail["sync-status"] == "SUCCESS" and detail["ecr-repository-prefix"] == "ecr-public"
    assert detail["upstream-registry-url"] == "public.ecr.aws"
    assert detail["repository-name"] == "ecr-public/docker/library/alpine"
    assert detail["image-tag"] == "3.19"
    _check_all(ecr_fake)


def test_replication_emit_function_has_documented_shape(ecr_fake):
    reg = ecr_fake.registry(region="eu-west-1")
    reg.model.replication_completed("app", "sha256:" + "a" * 64, "1.0", "123456789012", "us-east-1")
    (event,) = ecr_fake.events(detail_type="ECR Replication Action")
    assert event["region"] == "eu-west-1"
    assert event["detail"]["source-region"] == "us-east-1"
    assert event["detail"]["action-type"] == "REPLICATE"
    _check_all(ecr_fake)


def test_events_filters_and_reset(ecr_fake, repo, push_image):
    push_image("app", "1")
    assert len(ecr_fake.events(source="aws.ecr")) == 1
    assert ecr_fake.events(source="aws.inspector2") == []
    assert ecr_fake.events(detail_type="ECR Image Scan") == []
    ecr_fake.reset()
    assert ecr_fake.events() == []


def test_events_ids_are_unique_and_stable(ecr_fake, repo, push_image):
    push_image("app", "1")
    push_image("app", "2")
    first = [e["id"] for e in ecr_fake.events()]
    assert len(set(first)) == 2 and [e["id"] for e in ecr_fake.events()] == first


def test_events_of_another_region_carry_its_region(ecr_fake):
    client = boto3.client("ecr", region_name="us-west-2")
    client.create_repository(repositoryName="xy")
    client.put_image(
        repositoryName="xy",
        imageManifest='{"schemaVersion": 2, "mediaType": '
        '"application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": '
        '"application/vnd.oci.image.config.v1+json", "size": 1, "digest": '
        '"sha256:' + "b" * 64 + '"}, "layers": []}',
        imageTag="t",
    )
    (event,) = ecr_fake.events()
    assert event["region"] == "us-west-2"


@pytest.mark.parametrize("detail_type", ["ECR Image Action", "ECR Image Scan"])
def test_events_source_is_aws_ecr(ecr_fake, detail_type):
    assert all(e["source"] == "aws.ecr" for e in ecr_fake.events(detail_type=detail_type))


def test_ecr_replication_action_event_when_a_push_replicates(ecr_fake):
    import boto3

    ecr = boto3.client("ecr", region_name="us-east-1")
    ecr.put_replication_configuration(
        replicationConfiguration={
            "rules": [{"destinations": [{"region": "eu-west-1", "registryId": "123456789012"}]}]
        }
    )
    ecr.create_repository(repositoryName="app")
    ecr.put_image(repositoryName="app", imageManifest=_replication_manifest(), imageTag="1.0")
    (event,) = ecr_fake.events(detail_type="ECR Replication Action")
    assert event["region"] == "eu-west-1"  # emitted where the replica arrives
    assert event["detail"] == {
        "result": "SUCCESS",
        "repository-name": "app",
        "image-digest": event["detail"]["image-digest"],
        "source-account": "123456789012",
        "action-type": "REPLICATE",
        "source-region": "us-east-1",
        "image-tag": "1.0",
    }
    assert event["detail"]["image-digest"].startswith("sha256:")
    assert event["resources"] == ["arn:aws:ecr:eu-west-1:123456789012:repository/app"]


def _replication_manifest():
    from tests.conftest import make_manifest

    return make_manifest("replicated")
