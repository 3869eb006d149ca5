"""Registry.plan_scan: held scans, chosen ends, and the waiter against them."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, WaiterError

from ecrfake import EcrFakeError, basic_finding, enhanced_finding

COMPLETE = {"status": "COMPLETE", "description": "The scan was completed successfully."}


def _findings(ecr, tag="1.0"):
    return ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": tag})


def _image_status(ecr, tag="1.0"):
    (detail,) = ecr.describe_images(repositoryName="app", imageIds=[{"imageTag": tag}])[
        "imageDetails"
    ]
    return detail.get("imageScanStatus"), detail.get("imageScanFindingsSummary")


@pytest.fixture
def app(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    return push_image("app", "1.0")["imageDigest"]


def test_plan_scan_polls_hold_the_scan_in_progress_for_that_many_describes(ecr, ecr_fake, app):
    # given
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, polls=2)
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    # when
    statuses = [_findings(ecr)["imageScanStatus"] for _ in range(3)]
    # then
    assert statuses == [{"status": "IN_PROGRESS"}, {"status": "IN_PROGRESS"}, COMPLETE]


def test_plan_scan_held_scan_has_no_findings_yet(ecr, ecr_fake, app):
    reg = ecr_fake.registry()
    reg.seed_basic_findings("app", {"imageTag": "1.0"}, [basic_finding("CVE-1", severity="HIGH")])
    reg.plan_scan("app", {"imageTag": "1.0"}, polls=1)
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    held = _findings(ecr)
    done = _findings(ecr)
    assert "imageScanFindings" not in held
    assert done["imageScanFindings"]["findingSeverityCounts"] == {"HIGH": 1}


def test_plan_scan_describe_images_shows_held_scan_without_using_polls(ecr, ecr_fake, app):
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, polls=1)
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    assert _image_status(ecr) == ({"status": "IN_PROGRESS"}, None)
    assert _image_status(ecr) == ({"status": "IN_PROGRESS"}, None)
    assert _findings(ecr)["imageScanStatus"] == {"status": "IN_PROGRESS"}
    status, summary = _image_status(ecr)
    assert status == COMPLETE
    assert summary["findingSeverityCounts"] == {}


def test_plan_scan_failed_end_carries_status_and_description_only(ecr, ecr_fake, app):
    ecr_fake.registry().plan_scan(
        "app", {"imageTag": "1.0"}, status="FAILED", description="Scanner exploded."
    )
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    out = _findings(ecr)
    assert out["imageScanStatus"] == {"status": "FAILED", "description": "Scanner exploded."}
    assert "imageScanFindings" not in out
    assert _image_status(ecr) == (out["imageScanStatus"], None)


def test_plan_scan_failed_without_description_uses_ecr_text(ecr, ecr_fake, app):
    ecr_fake.registry().plan_scan("app", {"imageDigest": app}, status="FAILED")
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    assert _findings(ecr)["imageScanStatus"] == {
        "status": "FAILED",
        "description": "UnsupportedImageError: The operating system and/or package manager are "
        "not supported.",
    }


def test_plan_scan_before_push_applies_to_scan_on_push(ecr, ecr_fake, push_image):
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, status="UNSUPPORTED_IMAGE", polls=1)
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    push_image("app", "1.0")
    assert _findings(ecr)["imageScanStatus"] == {"status": "IN_PROGRESS"}
    assert _findings(ecr)["imageScanStatus"]["status"] == "UNSUPPORTED_IMAGE"


def test_plan_scan_is_used_up_by_one_scan(ecr, ecr_fake, push_image):
    # given: one plan, two images carrying the tag one after the other
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, status="FAILED")
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    push_image("app", "1.0", seed="first")
    first = _findings(ecr)["imageScanStatus"]["status"]
    # when
    push_image("app", "1.0", seed="second")
    # then
    assert first == "FAILED"
    assert _findings(ecr)["imageScanStatus"] == COMPLETE


def test_plan_scan_enhanced_reads_pending_then_active(ecr, ecr_fake, push_image):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    reg = ecr_fake.registry()
    reg.plan_scan("app", {"imageTag": "1.0"}, polls=1)
    reg.seed_enhanced_findings(
        "app", {"imageTag": "1.0"}, [enhanced_finding("CVE-1", severity="LOW")]
    )
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    pending = _findings(ecr)
    active = _findings(ecr)
    assert pending["imageScanStatus"] == {"status": "PENDING"}
    assert active["imageScanStatus"]["status"] == "ACTIVE"
    assert len(active["imageScanFindings"]["enhancedFindings"]) == 1


def test_plan_scan_waiter_polls_a_held_scan_until_complete(ecr, ecr_fake, app, monkeypatch):
    slept = []
    monkeypatch.setattr("botocore.waiter.time.sleep", slept.append)
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, polls=2)
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    ecr.get_waiter("image_scan_complete").wait(repositoryName="app", imageId={"imageTag": "1.0"})
    assert slept == [5, 5]


def test_plan_scan_waiter_fails_on_failed_scan(ecr, ecr_fake, app, monkeypatch):
    monkeypatch.setattr("botocore.waiter.time.sleep", lambda s: None)
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, status="FAILED")
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    with pytest.raises(WaiterError) as exc:
        ecr.get_waiter("image_scan_complete").wait(
            repositoryName="app", imageId={"imageTag": "1.0"}
        )
    assert "terminal failure state" in str(exc.value)
    assert '"FAILED"' in str(exc.value)


def test_plan_scan_limit_exceeded_status_under_basic(ecr, ecr_fake, app):
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, status="LIMIT_EXCEEDED")
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    assert _findings(ecr)["imageScanStatus"]["status"] == "LIMIT_EXCEEDED"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"status": "IN_PROGRESS"}, "use polls=N"),
        ({"status": "DONE"}, "not a status a scan can end with"),
        ({"polls": -1}, "polls"),
        ({"polls": True}, "polls"),
        ({"polls": 1.5}, "polls"),
        ({"description": 3}, "description"),
        ({"status": "ACTIVE"}, "only fits ENHANCED scans"),
    ],
)
def test_plan_scan_bad_arguments_raise_ecr_fake_error(ecr_fake, kwargs, needle):
    with pytest.raises(EcrFakeError, match=needle.replace("(", r"\(")):
        ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, **kwargs)


@pytest.mark.parametrize(
    "image_id",
    [{"imageTagg": "1.0"}, {}, {"imageTag": "1", "imageDigest": "sha256:ab"}, "1.0"],
)
def test_plan_scan_bad_image_id_raises_ecr_fake_error(ecr_fake, image_id):
    with pytest.raises(EcrFakeError, match="imageTag"):
        ecr_fake.registry().plan_scan("app", image_id)


def test_plan_scan_digest_without_algorithm_raises_ecr_fake_error(ecr_fake):
    with pytest.raises(EcrFakeError, match=r"a digest is .sha256:. and 64 lowercase hex digits"):
        ecr_fake.registry().plan_scan("app", {"imageDigest": "abc123"})


def test_plan_scan_enhanced_only_status_under_enhanced_is_accepted(ecr, ecr_fake, push_image):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    ecr_fake.registry().plan_scan("app", {"imageTag": "1.0"}, status="IMAGE_SIZE_EXCEEDED")
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")
    out = _findings(ecr)
    assert out["imageScanStatus"]["status"] == "IMAGE_SIZE_EXCEEDED"
    with pytest.raises(ClientError):
        ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
