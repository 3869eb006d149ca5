"""Replication backfills through boto3: images pushed before a rule matched them."""

from __future__ import annotations

import datetime
import re

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError

from .._floor import needs_model
from ..conftest import code_and_message
from ._replication_helpers import OTHER, SOURCE, allow_replication, configure, policy_text, rule

pytestmark = needs_model(operation="StartReplicationBackfill")

WEST = {"region": "us-west-2", "registryId": SOURCE}
T0 = datetime.datetime(2030, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture
def before_rule(ecr, push_image):
    """Two images (three tags) in team/app and one elsewhere, pushed before replication."""
    ecr.create_repository(repositoryName="team/app")
    ecr.create_repository(repositoryName="other")
    first = push_image("team/app", "v1", seed="one")
    push_image("team/app", "latest", seed="one")
    push_image("team/app", "v2", seed="two")
    push_image("other", "v1")
    configure(ecr, rule(("us-west-2", SOURCE), filters=("team/",)))
    return first


def test_start_replication_backfill_answers_preparing(ecr, before_rule):
    with time_machine.travel(T0, tick=False):
        out = ecr.start_replication_backfill(destination=WEST)
    assert UUID.match(out["replicationBackfillId"])
    assert out["registryId"] == SOURCE and out["destination"] == WEST
    assert out["status"] == "PREPARING" and out["startedAt"] == T0


def test_backfill_replicates_existing_images_with_progress_and_results(ecr, before_rule):
    backfill_id = ecr.start_replication_backfill(destination=WEST)["replicationBackfillId"]
    out = ecr.describe_replication_backfill_results(replicationBackfillId=backfill_id)
    assert out["status"] == "COMPLETE" and out["destination"] == WEST
    assert out["progress"] == {
        "totalReplicationCount": 3,
        "completedReplicationCount": 3,
        "failedReplicationCount": 0,
        "failureCodes": [],
    }
    assert sorted(r["imageId"]["imageTag"] for r in out["results"]) == ["latest", "v1", "v2"]
    assert {r["repositoryName"] for r in out["results"]} == {"team/app"}
    west = boto3.client("ecr", region_name="us-west-2")
    assert [r["repositoryName"] for r in west.describe_repositories()["repositories"]] == [
        "team/app"
    ]
    tags = sorted(i["imageTag"] for i in west.list_images(repositoryName="team/app")["imageIds"])
    assert tags == ["latest", "v1", "v2"]
    status = ecr.describe_image_replication_status(
        repositoryName="team/app", imageId={"imageTag": "v2"}
    )
    assert [s["status"] for s in status["replicationStatuses"]] == ["COMPLETE"]


def test_backfill_failures_counted_with_codes(ecr, ecr_fake, before_rule):
    configure(ecr, rule(("eu-west-1", OTHER), filters=("team/",)))  # no policy there
    backfill_id = ecr.start_replication_backfill(
        destination={"region": "eu-west-1", "registryId": OTHER}
    )["replicationBackfillId"]
    out = ecr.describe_replication_backfill_results(
        replicationBackfillId=backfill_id, resultStatusFilter="FAILED"
    )
    assert out["progress"]["failedReplicationCount"] == 3
    assert out["progress"]["failureCodes"] == ["ACCESS_DENIED"]
    assert [r["failureCode"] for r in out["results"]] == ["ACCESS_DENIED"] * 3
    assert (
        ecr.describe_replication_backfill_results(
            replicationBackfillId=backfill_id, resultStatusFilter="COMPLETE"
        )["results"]
        == []
    )


def test_backfill_cross_account_with_policy_completes(ecr, ecr_fake, before_rule):
    allow_replication(ecr_fake, OTHER, "eu-west-1", policy_text())
    configure(ecr, rule(("eu-west-1", OTHER), filters=("team/",)))
    backfill_id = ecr.start_replication_backfill(
        destination={"region": "eu-west-1", "registryId": OTHER}
    )["replicationBackfillId"]
    out = ecr.describe_replication_backfill_results(replicationBackfillId=backfill_id)
    assert out["status"] == "COMPLETE" and out["progress"]["completedReplicationCount"] == 3
    other = boto3.client("ecr", region_name="eu-west-1")
    assert (
        len(other.describe_images(registryId=OTHER, repositoryName="team/app")["imageDetails"]) == 2
    )


def test_start_replication_backfill_unconfigured_destination_raises_validation(ecr, before_rule):
    with pytest.raises(ClientError) as exc:
        ecr.start_replication_backfill(destination={"region": "eu-west-3", "registryId": SOURCE})
    assert code_and_message(exc)[0] == "ValidationException"


def test_start_replication_backfill_same_region_in_progress_raises(ecr, before_rule):
    ecr.start_replication_backfill(destination=WEST)
    with pytest.raises(ClientError) as exc:
        ecr.start_replication_backfill(destination=WEST)
    assert code_and_message(exc)[0] == "ReplicationBackfillInProgressException"


def test_stop_replication_backfill_while_preparing_copies_nothing(ecr, before_rule):
    backfill_id = ecr.start_replication_backfill(destination=WEST)["replicationBackfillId"]
    stopped = ecr.stop_replication_backfill(replicationBackfillId=backfill_id)
    assert stopped["status"] == "STOPPED" and stopped["replicationBackfillId"] == backfill_id
    (summary,) = ecr.list_replication_backfills()["backfills"]
    assert summary["status"] == "STOPPED" and "progress" not in summary and "endedAt" in summary
    assert (
        boto3.client("ecr", region_name="us-west-2").describe_repositories()["repositories"] == []
    )
    with pytest.raises(ClientError) as exc:
        ecr.stop_replication_backfill(replicationBackfillId=backfill_id)
    assert code_and_message(exc)[0] == "ReplicationBackfillInvalidStatusException"
    ecr.start_replication_backfill(destination=WEST)  # a stopped one no longer blocks the region


def test_backfill_unknown_id_raises_not_found(ecr):
    unknown = "00000000-0000-4000-8000-000000000000"
    for call in (ecr.stop_replication_backfill, ecr.describe_replication_backfill_results):
        with pytest.raises(ClientError) as exc:
            call(replicationBackfillId=unknown)
        assert code_and_message(exc)[0] == "ReplicationBackfillNotFoundException"


def test_list_replication_backfills_pages_and_keeps_90_days(ecr, push_image):
    regions = ["us-west-1", "us-west-2", "eu-west-1", "eu-west-2"]
    configure(ecr, rule(*[(r, SOURCE) for r in regions]))
    with time_machine.travel(T0, tick=False):
        ids = [
            ecr.start_replication_backfill(destination={"region": r, "registryId": SOURCE})[
                "replicationBackfillId"
            ]
            for r in regions
        ]
        page = ecr.list_replication_backfills(maxResults=3)
        seen = [b["replicationBackfillId"] for b in page["backfills"]]
        page = ecr.list_replication_backfills(maxResults=3, nextToken=page["nextToken"])
        seen += [b["replicationBackfillId"] for b in page["backfills"]]
        assert seen == ids and "nextToken" not in page
    with time_machine.travel(T0 + datetime.timedelta(days=91), tick=False):
        assert ecr.list_replication_backfills()["backfills"] == []


def test_backfill_result_of_an_index_carries_sub_image_failure_codes(ecr, push_image):
    from ..conftest import make_index, make_manifest

    ecr.create_repository(repositoryName="app")
    children = [make_manifest("a"), make_manifest("b")]
    for child in children:
        push_image("app", None, manifest=child)
    push_image("app", "multi", manifest=make_index(children))
    configure(ecr, rule(("us-west-2", SOURCE)))
    backfill_id = ecr.start_replication_backfill(destination=WEST)["replicationBackfillId"]
    results = ecr.describe_replication_backfill_results(replicationBackfillId=backfill_id)[
        "results"
    ]
    by_tag = {r["imageId"].get("imageTag"): r for r in results}
    assert by_tag["multi"]["subImageFailureCodes"] == []
    assert all(
        "subImageFailureCodes" not in r for r in results if r["imageId"].get("imageTag") is None
    )
    assert len(results) == 3
