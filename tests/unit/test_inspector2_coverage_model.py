"""models.inspector2_coverage and inspector2_account: coverage codes, filters, statistics, state."""

from __future__ import annotations

import datetime

import pytest

from ecrfake.models.inspector2_account import InspectorAccount, rescan_enum, rescan_timedelta
from ecrfake.models.inspector2_coverage import (
    IMAGE,
    REPOSITORY,
    CoverageRecord,
    coverage_statistics,
    filter_coverage,
    image_status,
    repository_status,
)

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("ecr", "frequency", "expected"),
    [
        (None, "CONTINUOUS_SCAN", ("ACTIVE", "PENDING_INITIAL_SCAN")),
        ("PENDING", "SCAN_ON_PUSH", ("ACTIVE", "PENDING_INITIAL_SCAN")),
        ("ACTIVE", "CONTINUOUS_SCAN", ("ACTIVE", "SUCCESSFUL")),
        ("COMPLETE", "SCAN_ON_PUSH", ("INACTIVE", "SCAN_FREQUENCY_SCAN_ON_PUSH")),
        ("SCAN_ELIGIBILITY_EXPIRED", "CONTINUOUS_SCAN", ("INACTIVE", "SCAN_ELIGIBILITY_EXPIRED")),
        ("FINDINGS_UNAVAILABLE", "MANUAL", ("INACTIVE", "SCAN_FREQUENCY_MANUAL")),
        ("UNSUPPORTED_IMAGE", "CONTINUOUS_SCAN", ("INACTIVE", "UNSUPPORTED_MEDIA_TYPE")),
    ],
)
def test_image_status_maps_ecr_status(ecr, frequency, expected):
    assert image_status(ecr, frequency) == expected


def test_repository_status():
    assert repository_status("CONTINUOUS_SCAN") == ("ACTIVE", "SUCCESSFUL")
    assert repository_status("MANUAL") == ("INACTIVE", "SCAN_FREQUENCY_MANUAL")


def _records():
    return [
        CoverageRecord(
            REPOSITORY,
            "arn:aws:ecr:us-east-1:123456789012:repository/web",
            "123456789012",
            "us-east-1",
            "web",
            "ACTIVE",
            "SUCCESSFUL",
            scan_frequency="CONTINUOUS_SCAN",
        ),
        CoverageRecord(
            IMAGE,
            "arn:aws:ecr:us-east-1:123456789012:repository/web/sha256:" + "a" * 64,
            "123456789012",
            "us-east-1",
            "web",
            "ACTIVE",
            "SUCCESSFUL",
            image_tags=("1.0",),
        ),
        CoverageRecord(
            IMAGE,
            "arn:aws:ecr:us-east-1:123456789012:repository/api/sha256:" + "b" * 64,
            "123456789012",
            "us-east-1",
            "api",
            "INACTIVE",
            "SCAN_FREQUENCY_MANUAL",
        ),
    ]


def test_filter_coverage_equals_and_not_equals():
    recs = _records()
    images = filter_coverage(recs, {"resourceType": [{"comparison": "EQUALS", "value": IMAGE}]})
    assert len(images) == 2
    active = filter_coverage(
        recs,
        {
            "scanStatusCode": [{"comparison": "NOT_EQUALS", "value": "INACTIVE"}],
            "ecrRepositoryName": [{"comparison": "EQUALS", "value": "web"}],
        },
    )
    assert [r.resource_type for r in active] == [REPOSITORY, IMAGE]
    tagged = filter_coverage(recs, {"ecrImageTags": [{"comparison": "EQUALS", "value": "1.0"}]})
    assert len(tagged) == 1


def test_coverage_statistics_group_by_status():
    total, groups = coverage_statistics(_records(), "SCAN_STATUS_CODE")
    assert total == 3
    assert groups == [
        {"count": 2, "groupKey": "SCAN_STATUS_CODE"},
        {"count": 1, "groupKey": "SCAN_STATUS_CODE"},
    ]
    assert coverage_statistics(_records(), None) == (3, [])


def test_coverage_record_to_api_shapes():
    repo, image, _ = _records()
    assert repo.to_api()["resourceMetadata"] == {
        "ecrRepository": {"name": "web", "scanFrequency": "CONTINUOUS_SCAN"}
    }
    assert image.to_api()["resourceMetadata"] == {"ecrImage": {"tags": ["1.0"]}}


@pytest.mark.parametrize(
    ("duration", "name"),
    [
        (None, "LIFETIME"),
        (30 * DAY, "DAYS_30"),
        (3 * DAY, "DAYS_3"),
        (45 * DAY, "DAYS_60"),
        (181 * DAY, "LIFETIME"),
        (DAY, "DAYS_3"),
    ],
)
def test_rescan_enum(duration, name):
    assert rescan_enum(duration) == name


def test_rescan_timedelta_round_trips():
    assert rescan_timedelta("LIFETIME") is None
    assert rescan_enum(rescan_timedelta("DAYS_90")) == "DAYS_90"


def test_account_state_follows_ecr_switch_and_others():
    account = InspectorAccount("123456789012")
    assert account.account_state(False)["state"] == {"status": "DISABLED"}
    on = account.account_state(True)
    assert on["state"]["status"] == "ENABLED"
    assert on["resourceState"]["ecr"] == {"status": "ENABLED"}
    assert on["resourceState"]["ec2"] == {"status": "DISABLED"}
    account.set_others(["EC2", "ECR"], True)
    assert account.account(False)["resourceStatus"]["ec2"] == "ENABLED"
    assert account.account(False)["status"] == "ENABLED"
