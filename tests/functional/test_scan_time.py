"""Time-dependent scanning, driven by freezegun AND time-machine: the 24-hour quota and
continuous-scan eligibility expiry."""

from __future__ import annotations

import datetime

import boto3
import freezegun
import pytest
import time_machine
from botocore.config import Config
from botocore.exceptions import ClientError

from ecrfake import basic_finding, enhanced_finding
from tests.conftest import make_manifest

START = datetime.datetime(2024, 3, 1, 23, 0, tzinfo=datetime.timezone.utc)


class Clock:
    """Moves the frozen time of either library."""

    def __init__(self, advance):
        self.advance = advance


@pytest.fixture(params=["freezegun", "time-machine"])
def clock(request):
    if request.param == "freezegun":
        with freezegun.freeze_time(START) as frozen:
            yield Clock(lambda delta: frozen.tick(delta))
    else:
        with time_machine.travel(START, tick=False) as traveller:
            yield Clock(traveller.shift)


@pytest.fixture
def ecr1(clock, ecr_fake):
    """No retries: botocore's standard mode retries LimitExceededException with backoff."""
    return boto3.client(
        "ecr", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )


@pytest.fixture
def app(ecr1):
    ecr1.create_repository(repositoryName="app")
    ecr1.put_image(repositoryName="app", imageManifest=make_manifest("app"), imageTag="1.0")


def _scan(ecr):
    return ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})


def _findings(ecr):
    return ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})


def _code(exc_info):
    return exc_info.value.response["Error"]["Code"]


def test_start_image_scan_just_under_24h_later_raises_limit_exceeded(ecr1, clock, app):
    _scan(ecr1)
    clock.advance(datetime.timedelta(hours=24) - datetime.timedelta(seconds=1))
    with pytest.raises(ClientError) as exc:
        _scan(ecr1)
    assert _code(exc) == "LimitExceededException"
    assert exc.value.response["Error"]["Message"] == (
        "The scan quota per image has been exceeded. Wait and try again."
    )


def test_start_image_scan_24h_later_is_allowed(ecr1, clock, app):
    _scan(ecr1)
    clock.advance(datetime.timedelta(hours=24))
    assert _scan(ecr1)["imageScanStatus"] == {"status": "IN_PROGRESS"}


def test_start_image_scan_after_midnight_is_still_within_the_rolling_window(ecr1, clock, app):
    # given: a scan at 23:00 UTC
    _scan(ecr1)
    # when: two hours later, on the next calendar day
    clock.advance(datetime.timedelta(hours=2))
    # then
    with pytest.raises(ClientError) as exc:
        _scan(ecr1)
    assert _code(exc) == "LimitExceededException"


def test_start_image_scan_while_previous_scan_in_progress_raises_limit_exceeded(
    ecr1, ecr_fake, clock, app
):
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, polls=10)
    _scan(ecr1)
    clock.advance(datetime.timedelta(hours=1))
    assert _findings(ecr1)["imageScanStatus"] == {"status": "IN_PROGRESS"}
    with pytest.raises(ClientError) as exc:
        _scan(ecr1)
    assert _code(exc) == "LimitExceededException"


def test_start_image_scan_window_counts_from_scan_on_push(ecr1, clock):
    ecr1.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    ecr1.put_image(repositoryName="app", imageManifest=make_manifest("p"), imageTag="1.0")
    clock.advance(datetime.timedelta(hours=23))
    with pytest.raises(ClientError) as exc:
        _scan(ecr1)
    assert _code(exc) == "LimitExceededException"
    clock.advance(datetime.timedelta(hours=1))
    assert _scan(ecr1)["imageScanStatus"]["status"] == "IN_PROGRESS"


def test_describe_image_scan_findings_completed_at_is_the_clock_time(ecr1, clock, app):
    clock.advance(datetime.timedelta(minutes=5))
    _scan(ecr1)
    findings = _findings(ecr1)["imageScanFindings"]
    assert findings["imageScanCompletedAt"] == START + datetime.timedelta(minutes=5)


def test_describe_image_scan_findings_held_scan_completes_at_the_last_poll(
    ecr1, ecr_fake, clock, app
):
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, polls=1)
    _scan(ecr1)
    clock.advance(datetime.timedelta(minutes=3))
    _findings(ecr1)
    clock.advance(datetime.timedelta(minutes=3))
    completed = _findings(ecr1)["imageScanFindings"]["imageScanCompletedAt"]
    assert completed == START + datetime.timedelta(minutes=3)


def test_start_image_scan_next_day_reports_the_new_seed(ecr1, ecr_fake, clock, app):
    # given: a first scan, then a new seed
    _scan(ecr1)
    ecr_fake.registry().seed_basic_findings(
        "app", {"imageTag": "1.0"}, [basic_finding("CVE-2024-1", severity="CRITICAL")]
    )
    before = _findings(ecr1)["imageScanFindings"]["findings"]
    # when
    clock.advance(datetime.timedelta(days=1))
    _scan(ecr1)
    # then
    assert before == []
    assert _findings(ecr1)["imageScanFindings"]["findingSeverityCounts"] == {"CRITICAL": 1}


@pytest.fixture
def continuous(ecr1, ecr_fake):
    ecr1.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    ecr_fake.registry().seed_enhanced_findings(
        "app", {"imageTag": "1.0"}, [enhanced_finding("CVE-1", severity="HIGH")]
    )
    ecr1.create_repository(repositoryName="app")
    ecr1.put_image(repositoryName="app", imageManifest=make_manifest("c"), imageTag="1.0")


def test_describe_image_scan_findings_continuous_image_within_30_days_is_active(
    ecr1, clock, continuous
):
    clock.advance(datetime.timedelta(days=30))
    out = _findings(ecr1)
    assert out["imageScanStatus"]["status"] == "ACTIVE"
    assert out["imageScanFindings"]["findingSeverityCounts"] == {"HIGH": 1}


def test_describe_image_scan_findings_continuous_image_past_30_days_is_eligibility_expired(
    ecr1, clock, continuous
):
    clock.advance(datetime.timedelta(days=30, seconds=1))
    out = _findings(ecr1)
    assert out["imageScanStatus"]["status"] == "SCAN_ELIGIBILITY_EXPIRED"
    assert out["imageScanStatus"]["description"]
    assert "imageScanFindings" not in out
    (detail,) = ecr1.describe_images(repositoryName="app")["imageDetails"]
    assert detail["imageScanStatus"] == out["imageScanStatus"]
    assert "imageScanFindingsSummary" not in detail


def test_describe_image_scan_findings_rescan_duration_sets_the_expiry(
    ecr1, ecr_fake, clock, continuous
):
    reg = ecr_fake.registry()
    reg.rescan_duration = datetime.timedelta(days=14)
    clock.advance(datetime.timedelta(days=14))
    active = _findings(ecr1)["imageScanStatus"]["status"]
    clock.advance(datetime.timedelta(seconds=1))
    expired = _findings(ecr1)["imageScanStatus"]["status"]
    assert (active, expired) == ("ACTIVE", "SCAN_ELIGIBILITY_EXPIRED")
    assert reg.rescan_duration == datetime.timedelta(days=14)


def test_put_registry_scanning_configuration_enhanced_after_30_days_reads_expired(ecr1, clock, app):
    clock.advance(datetime.timedelta(days=31))
    ecr1.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    assert _findings(ecr1)["imageScanStatus"]["status"] == "SCAN_ELIGIBILITY_EXPIRED"
