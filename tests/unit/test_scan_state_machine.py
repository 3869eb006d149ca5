"""ecrfake.models.scan_state and the ScanningModel around it, without HTTP."""

from __future__ import annotations

import datetime

import pytest

from ecrfake import EcrFakeError, basic_finding
from ecrfake.models.registry import RegistryModel
from ecrfake.models.scan_config import ScanConfig
from ecrfake.models.scan_state import (
    BASIC,
    ENHANCED,
    ImageScans,
    Scan,
    ScanPlan,
    carries_findings,
    scan_status,
)
from tests.conftest import make_manifest

T0 = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


def _finished(scan_type, **kw):
    scan = Scan(scan_type, T0, **kw)
    scan.finish(T0, [])
    return scan


def test_scan_status_basic_natural_end_is_complete():
    assert scan_status(_finished(BASIC)) == ("COMPLETE", "The scan was completed successfully.")


def test_scan_status_held_basic_is_in_progress_without_description():
    assert scan_status(Scan.start(BASIC, T0, ScanPlan(polls=1))) == ("IN_PROGRESS", None)


def test_scan_status_held_enhanced_is_pending():
    assert scan_status(Scan.start(ENHANCED, T0, ScanPlan(polls=1))) == ("PENDING", None)


@pytest.mark.parametrize(
    ("matched", "continuous", "expired", "status"),
    [
        (True, True, False, "ACTIVE"),
        (True, True, True, "SCAN_ELIGIBILITY_EXPIRED"),
        (True, False, False, "COMPLETE"),
        (True, False, True, "COMPLETE"),
        (False, True, False, "FINDINGS_UNAVAILABLE"),
        (False, False, False, "FINDINGS_UNAVAILABLE"),
    ],
)
def test_scan_status_enhanced_natural_end(matched, continuous, expired, status):
    scan = _finished(ENHANCED)
    got, description = scan_status(scan, matched=matched, continuous=continuous, expired=expired)
    assert got == status
    assert description


def test_scan_status_fixed_end_and_description_win():
    scan = _finished(ENHANCED, end_status="IMAGE_ARCHIVED", description="cold")
    assert scan_status(scan, matched=False, continuous=True) == ("IMAGE_ARCHIVED", "cold")


def test_scan_status_natural_end_takes_the_planned_description():
    scan = _finished(BASIC, description="done!")
    assert scan_status(scan) == ("COMPLETE", "done!")


@pytest.mark.parametrize(
    ("status", "carries"),
    [("COMPLETE", True), ("ACTIVE", True), ("FAILED", False), ("SCAN_ELIGIBILITY_EXPIRED", False)],
)
def test_carries_findings_only_complete_and_active(status, carries):
    assert carries_findings(status) is carries


def test_scan_poll_counts_down_and_reports_the_last_poll():
    scan = Scan.start(BASIC, T0, ScanPlan(polls=2))
    assert [scan.poll(), scan.poll(), scan.poll()] == [False, True, False]


def test_scan_plan_fits_only_its_scan_types():
    assert ScanPlan("FAILED").fits(BASIC) and not ScanPlan("FAILED").fits(ENHANCED)
    assert ScanPlan("ACTIVE").fits(ENHANCED) and not ScanPlan("ACTIVE").fits(BASIC)
    assert ScanPlan("COMPLETE").fits(BASIC) and ScanPlan("COMPLETE").fits(ENHANCED)
    assert ScanPlan().fits(BASIC) and ScanPlan().fits(ENHANCED)


def test_scan_plan_rejects_held_statuses():
    with pytest.raises(EcrFakeError, match="polls=N"):
        ScanPlan("PENDING")


def test_image_scans_quota_is_a_rolling_24_hours_from_the_last_basic_start():
    scans = ImageScans()
    assert not scans.quota_exhausted(T0)
    scans.put(Scan(BASIC, T0))
    assert scans.quota_exhausted(T0 + datetime.timedelta(hours=23, minutes=59))
    assert not scans.quota_exhausted(T0 + datetime.timedelta(hours=24))


def test_image_scans_enhanced_scan_does_not_use_the_basic_quota():
    scans = ImageScans()
    scans.put(Scan(ENHANCED, T0))
    assert not scans.quota_exhausted(T0)
    assert scans.of(ENHANCED) is not None and scans.of(BASIC) is None


# -- the model around the state machine ---------------------------------------------------------


@pytest.fixture
def registry():
    return RegistryModel("123456789012", "us-east-1")


def _push(registry, name="app", tag="1.0", seed="x", scan_on_push=False):
    repo = registry.repositories.get(name) or registry.create_repository(
        name, scan_on_push=scan_on_push
    )
    return repo, registry.push_image(repo, make_manifest(seed), tag=tag)


def test_model_describe_image_fields_empty_for_never_scanned_image(registry):
    repo, image = _push(registry)
    assert registry.scanning.describe_image_fields(repo, image) == {}


def test_model_scan_on_push_fills_describe_image_fields(registry):
    registry.scanning.seed(
        "app", {"imageTag": "1.0"}, [basic_finding("C", severity="LOW")], enhanced=False
    )
    repo, image = _push(registry, scan_on_push=True)
    fields = registry.scanning.describe_image_fields(repo, image)
    assert fields["imageScanStatus"]["status"] == "COMPLETE"
    assert fields["imageScanFindingsSummary"]["findingSeverityCounts"] == {"LOW": 1}
    assert fields["imageScanFindingsSummary"]["imageScanCompletedAt"] == image.pushed_at


def test_model_retag_push_binds_a_waiting_seed_without_scanning(registry):
    repo, image = _push(registry, tag="a")
    registry.scanning.seed(
        "app", {"imageTag": "b"}, [basic_finding("C", severity="LOW")], enhanced=False
    )
    registry.push_image(repo, image.manifest, tag="b")
    assert image.scans is None
    registry.scanning.start_scan("app", {"imageTag": "a"})
    assert [f["name"] for f in image.scans.basic.findings] == ["C"]


def test_model_seed_by_tag_binds_to_the_image_carrying_it_then(registry):
    _, first = _push(registry, seed="first")
    registry.scanning.seed(
        "app", {"imageTag": "1.0"}, [basic_finding("C", severity="LOW")], enhanced=False
    )
    _, second = _push(registry, seed="second")
    registry.scanning.start_scan("app", {"imageDigest": first.digest})
    registry.scanning.start_scan("app", {"imageDigest": second.digest})
    assert len(first.scans.basic.findings) == 1
    assert second.scans.basic.findings == []


def test_model_reseed_replaces_the_earlier_seed(registry):
    reg = registry
    reg.scanning.seed(
        "app", {"imageTag": "1.0"}, [basic_finding("A", severity="LOW")], enhanced=False
    )
    reg.scanning.seed(
        "app", {"imageTag": "1.0"}, [basic_finding("B", severity="LOW")], enhanced=False
    )
    _, image = _push(registry, scan_on_push=True)
    assert [f["name"] for f in image.scans.basic.findings] == ["B"]


def test_model_seed_survives_delete_and_repush_of_the_same_manifest(registry):
    _, image = _push(registry, scan_on_push=True)
    registry.scanning.seed(
        "app", {"imageDigest": image.digest}, [basic_finding("A", severity="LOW")], enhanced=False
    )
    registry.batch_delete_image("app", [{"imageDigest": image.digest}])
    _, again = _push(registry, scan_on_push=True)
    assert [f["name"] for f in again.scans.basic.findings] == ["A"]


def test_model_config_change_within_basic_scans_nothing(registry):
    _, image = _push(registry)
    old = registry.scanning.config
    registry.scanning.config = ScanConfig(scan_type="BASIC")
    registry.scanning.on_config_changed(old, registry.scanning.config)
    assert image.scans is None
