"""models.events: each builder's detail against AWS's documented sample, and the lazy log."""

from __future__ import annotations

import datetime
import re

from ecrfake import enhanced_finding
from ecrfake.models import events as ev
from ecrfake.models.inspector2 import to_inspector_finding
from ecrfake.models.served_findings import ImageContext, serve_enhanced
from tests._event_samples import ENVELOPE_KEYS, shape_problems

T0 = datetime.datetime(2024, 9, 4, 16, 55, 38, 411000, tzinfo=datetime.timezone.utc)
ACCOUNT, REGION = "123456789012", "eu-central-1"
DIGEST = "sha256:" + "84" * 32


def _log_with_every_event():
    log = ev.EventLog()
    log.emit(ACCOUNT, REGION, T0, ev.ecr_image_action, "PUSH", "app", DIGEST, "latest")
    log.emit(ACCOUNT, REGION, T0, ev.ecr_image_action, "DELETE", "app", DIGEST, None)
    log.emit(
        ACCOUNT,
        REGION,
        T0,
        ev.ecr_image_scan,
        "aws",
        "app",
        DIGEST,
        ("latest",),
        {"CRITICAL": 2, "LOW": 0},
    )
    log.emit(
        ACCOUNT,
        REGION,
        T0,
        ev.ecr_scan_resource_change,
        "aws",
        (("app", "CONTINUOUS_SCAN", "MANUAL"),),
    )
    log.emit(
        ACCOUNT,
        REGION,
        T0,
        ev.ecr_pull_through_cache_action,
        "aws",
        "docker-hub/alpine",
        "docker-hub",
        "registry-1.docker.io",
        "3.17.2",
        DIGEST,
    )
    log.emit(
        ACCOUNT,
        REGION,
        T0,
        ev.ecr_replication_action,
        "aws",
        "app",
        DIGEST,
        "latest",
        "210987654321",
        "us-west-2",
    )
    log.emit(
        ACCOUNT,
        REGION,
        T0,
        ev.inspector2_scan,
        "aws",
        "app",
        DIGEST,
        ("latest",),
        ("CRITICAL", "LOW"),
    )
    seed = enhanced_finding(
        "CVE-2024-6119",
        severity="MEDIUM",
        package_name="openssl",
        package_version="3.0.13",
        fixed_in_version="3.0.14",
        score=5.9,
    )
    seed["epss"] = {"score": 0.00045}  # an Inspector-only member (also enhanced_finding(epss=))
    ctx = ImageContext(ACCOUNT, REGION, "app", DIGEST, ("latest",), T0, T0, T0)
    finding = to_inspector_finding(
        serve_enhanced(seed, ctx, inspector=True),
        region=REGION,
        partition="aws",
        repository_tags={"team": "core"},
    )
    log.emit(ACCOUNT, REGION, T0, ev.inspector2_finding, finding)
    log.emit(
        ACCOUNT,
        REGION,
        T0,
        ev.inspector2_coverage,
        f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/app/{DIGEST}",
        "ACTIVE",
        "SUCCESSFUL",
        T0,
    )
    return log


def test_every_event_detail_matches_the_documented_sample():
    for event in _log_with_every_event().events():
        assert set(event) == ENVELOPE_KEYS
        assert shape_problems(event["detail-type"], event["detail"]) == [], event["detail-type"]


def test_envelopes_have_documented_header_values():
    events = _log_with_every_event().events()
    first = events[0]
    assert first["version"] == "0" and first["account"] == ACCOUNT and first["region"] == REGION
    assert first["time"] == "2024-09-04T16:55:38Z"
    assert re.fullmatch(r"[0-9a-f-]{36}", first["id"])
    assert len({e["id"] for e in events}) == len(events)
    sources = {e["detail-type"]: e["source"] for e in events}
    assert sources["ECR Image Scan"] == "aws.ecr" and sources["Inspector2 Scan"] == "aws.inspector2"


def test_finding_event_detail_uses_inspector_timestamps_and_resource_ids():
    finding = _log_with_every_event().events(detail_type="Inspector2 Finding")[0]
    assert finding["detail"]["firstObservedAt"] == "Wed Sep 04 16:55:38.411 UTC 2024"
    assert finding["resources"] == [f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/app/{DIGEST}"]
    assert finding["detail"]["epss"] == {"score": 0.00045}


def test_scan_counts_only_found_severities_and_inspector_totals():
    log = _log_with_every_event()
    basic = log.events(detail_type="ECR Image Scan")[0]["detail"]
    assert basic["finding-severity-counts"] == {"CRITICAL": 2}
    inspector = log.events(detail_type="Inspector2 Scan")[0]["detail"]
    assert inspector["finding-severity-counts"] == {
        "CRITICAL": 1,
        "HIGH": 0,
        "MEDIUM": 0,
        "TOTAL": 2,
    }
    assert inspector["repository-name"] == f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/app"


def test_events_filter_by_source_and_detail_type():
    log = _log_with_every_event()
    assert len(log.events(source="aws.inspector2")) == 3
    assert [e["detail"]["action-type"] for e in log.events(detail_type="ECR Image Action")] == [
        "PUSH",
        "DELETE",
    ]
    assert log.events(source="aws.ecr", detail_type="Inspector2 Scan") == []


def test_events_are_built_once_and_returned_as_copies():
    calls = []

    def builder(account, region, value):
        calls.append(value)
        return "aws.ecr", "ECR Image Action", [], {"n": value}

    log = ev.EventLog()
    log.emit(ACCOUNT, REGION, T0, builder, 1)
    assert calls == []  # nothing built at emit time
    first = log.events()
    first[0]["detail"]["n"] = 99
    assert log.events()[0]["detail"] == {"n": 1}
    assert calls == [1]
    log.clear()
    assert log.events() == [] and len(log) == 0
