"""Replication configuration checks, destination resolution, plans, statuses, deletions, backfill."""

from __future__ import annotations

import datetime

import pytest

from ecrfake.exceptions import (
    EcrFakeError,
    InvalidParameterException,
    LimitExceededException,
    ReplicationBackfillInProgressException,
    ReplicationBackfillInvalidStatusException,
    ReplicationBackfillNotFoundException,
    ValidationException,
)
from ecrfake.models.backfill import BackfillResult, BackfillStore
from ecrfake.models.replication import (
    Destination,
    Replica,
    ReplicationConfiguration,
    ReplicationModel,
    ReplicationPlan,
    check_plan,
)

ACCOUNT, REGION = "123456789012", "us-east-1"
WEST = Destination("us-west-2", ACCOUNT)
OTHER = Destination("us-east-1", "210987654321")
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def rule(*destinations, filters=(), delete=None):
    out = {"destinations": [d.to_api() for d in destinations]}
    if filters:
        out["repositoryFilters"] = [{"filter": f, "filterType": "PREFIX_MATCH"} for f in filters]
    if delete is not None:
        out["deleteReplication"] = {"enabled": delete}
    return out


def config(*rules):
    return ReplicationConfiguration.parse({"rules": list(rules)}, ACCOUNT, REGION)


class Target:
    """A destination registry stand-in that records what replication did to it."""

    def __init__(self, account_id, region, code=None):
        self.account_id, self.region, self.code = account_id, region, code
        self.received: list[Replica] = []
        self.removed: list[tuple[str, str, str | None]] = []

    def accept_replica(self, replica):
        if self.code is None:
            self.received.append(replica)
        return self.code

    def remove_replica(self, repository_name, digest, tag):
        self.removed.append((repository_name, digest, tag))


def lookup_for(targets):
    def lookup(account, region):
        return targets.setdefault((account, region), Target(account, region))

    return lookup


def replica(name="team/app", digest="sha256:" + "a" * 64, tags=("v1",)):
    return Replica(ACCOUNT, REGION, name, digest, "{}", "application/json", tags)


def test_put_replication_configuration_destination_equal_to_source_raises_invalid_parameter():
    with pytest.raises(InvalidParameterException) as err:
        config(rule(Destination(REGION, ACCOUNT)))
    assert "same as the source registry" in err.value.message


def test_put_replication_configuration_other_partition_raises_validation():
    with pytest.raises(ValidationException):
        config(rule(Destination("cn-north-1", ACCOUNT)))


def test_configuration_round_trips_to_api():
    raw = {"rules": [rule(WEST, filters=("team",), delete=True), rule(OTHER)]}
    assert ReplicationConfiguration.parse(raw, ACCOUNT, REGION).to_api() == raw
    assert ReplicationConfiguration().to_api() == {"rules": []}


def test_destinations_for_prefix_match_and_rule_without_filters():
    cfg = config(rule(WEST, filters=("team/",)), rule(OTHER))
    assert [d for d, _ in cfg.destinations_for("team/app")] == [WEST, OTHER]
    assert [d for d, _ in cfg.destinations_for("teams")] == [OTHER]


def test_destinations_for_same_destination_in_two_rules_once_delete_from_any():
    cfg = config(rule(WEST, filters=("a",)), rule(WEST, filters=("ab",), delete=True))
    assert cfg.destinations_for("abc") == [(WEST, True)]
    assert cfg.destinations_for("ax") == [(WEST, False)]


def test_on_push_delivers_to_each_destination_and_records_complete():
    model, targets = ReplicationModel(ACCOUNT, REGION), {}
    model.put_configuration({"rules": [rule(WEST, OTHER)]})
    records = model.on_push(replica(), lookup_for(targets))
    assert [r.status for r in records] == ["COMPLETE", "COMPLETE"]
    assert len(targets[(ACCOUNT, "us-west-2")].received) == 1
    statuses = model.statuses("team/app", replica().digest, lookup_for(targets))
    assert statuses == [
        {"region": "us-west-2", "registryId": ACCOUNT, "status": "COMPLETE"},
        {"region": "us-east-1", "registryId": "210987654321", "status": "COMPLETE"},
    ]


def test_on_push_refused_by_destination_records_failed_with_code():
    model = ReplicationModel(ACCOUNT, REGION)
    model.put_configuration({"rules": [rule(OTHER)]})
    targets = {("210987654321", "us-east-1"): Target("210987654321", "us-east-1", "ACCESS_DENIED")}
    (record,) = model.on_push(replica(), lookup_for(targets))
    assert record.to_api()["status"] == "FAILED" and record.failure_code == "ACCESS_DENIED"


def test_plan_holds_replication_in_progress_for_polls_then_delivers():
    model, targets = ReplicationModel(ACCOUNT, REGION), {}
    model.put_configuration({"rules": [rule(WEST)]})
    model.add_plan(ReplicationPlan("team/app", ("imageTag", "v1"), None, None, None, polls=2))
    lookup = lookup_for(targets)
    model.on_push(replica(), lookup)
    digest = replica().digest
    assert model.statuses("team/app", digest, lookup)[0]["status"] == "IN_PROGRESS"
    assert model.statuses("team/app", digest, lookup)[0]["status"] == "IN_PROGRESS"
    assert (ACCOUNT, "us-west-2") not in targets
    assert model.statuses("team/app", digest, lookup)[0]["status"] == "COMPLETE"
    assert len(targets[(ACCOUNT, "us-west-2")].received) == 1
    # used up: the next push replicates at once
    model.on_push(replica(digest="sha256:" + "b" * 64), lookup)
    assert len(targets[(ACCOUNT, "us-west-2")].received) == 2


def test_plan_failed_for_one_destination_only():
    model, targets = ReplicationModel(ACCOUNT, REGION), {}
    model.put_configuration({"rules": [rule(WEST, OTHER)]})
    model.add_plan(ReplicationPlan("team/app", None, OTHER, "FAILED", "BOOM", polls=0))
    records = model.on_push(replica(), lookup_for(targets))
    assert [(r.status, r.failure_code) for r in records] == [("COMPLETE", None), ("FAILED", "BOOM")]


def test_plan_without_destination_applies_to_every_destination_of_one_push():
    model, targets = ReplicationModel(ACCOUNT, REGION), {}
    model.put_configuration({"rules": [rule(WEST, OTHER)]})
    model.add_plan(ReplicationPlan("team/app", None, None, "FAILED", None, polls=0))
    first = model.on_push(replica(), lookup_for(targets))
    second = model.on_push(replica(digest="sha256:" + "c" * 64), lookup_for(targets))
    assert [r.failure_code for r in first] == ["REPLICATION_FAILED", "REPLICATION_FAILED"]
    assert [r.status for r in second] == ["COMPLETE", "COMPLETE"]


def test_plan_for_other_image_is_kept():
    model, targets = ReplicationModel(ACCOUNT, REGION), {}
    model.put_configuration({"rules": [rule(WEST)]})
    model.add_plan(ReplicationPlan("team/app", ("imageTag", "v9"), None, "FAILED", None, polls=0))
    (record,) = model.on_push(replica(), lookup_for(targets))
    assert record.status == "COMPLETE" and len(model.plans) == 1


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"status": "DONE"}, "status"),
        ({"status": None, "failure_code": "X"}, "failure_code"),
        ({"polls": -1}, "polls"),
        ({"polls": True}, "polls"),
        ({"destination": {"region": "us-west-2"}}, "destination"),
    ],
)
def test_check_plan_bad_arguments_raise_ecrfake_error(kwargs, needle):
    args = {"status": None, "failure_code": None, "polls": 0, "destination": None, **kwargs}
    with pytest.raises(EcrFakeError, match=needle):
        check_plan(args["status"], args["failure_code"], args["polls"], args["destination"])


def test_deletions_replicate_only_where_enabled():
    model, targets = ReplicationModel(ACCOUNT, REGION), {}
    model.put_configuration({"rules": [rule(WEST, delete=True), rule(OTHER)]})
    lookup = lookup_for(targets)
    model.on_push(replica(), lookup)
    model.on_tag_removed("team/app", replica().digest, "v1", lookup)
    model.on_image_deleted("team/app", replica().digest, lookup)
    assert targets[(ACCOUNT, "us-west-2")].removed == [
        ("team/app", replica().digest, "v1"),
        ("team/app", replica().digest, None),
    ]
    assert targets[("210987654321", "us-east-1")].removed == []
    assert model.statuses("team/app", replica().digest, lookup) == []


def results(n_ok, n_failed):
    ok = [BackfillResult("r", {"imageDigest": f"d{i}"}, "COMPLETE") for i in range(n_ok)]
    bad = [BackfillResult("r", {"imageDigest": f"e{i}"}, "FAILED", "X") for i in range(n_failed)]
    return ok + bad


def test_start_backfill_destination_not_configured_raises_validation():
    store = BackfillStore(ACCOUNT, REGION)
    with pytest.raises(ValidationException):
        store.start(WEST, config(rule(OTHER)), NOW)


def test_start_backfill_second_for_same_region_raises_in_progress():
    store, cfg = (
        BackfillStore(ACCOUNT, REGION),
        config(rule(WEST, Destination("us-west-2", "210987654321"))),
    )
    store.start(WEST, cfg, NOW)
    with pytest.raises(ReplicationBackfillInProgressException):
        store.start(Destination("us-west-2", "210987654321"), cfg, NOW)


def test_start_backfill_eleventh_in_progress_raises_limit_exceeded():
    regions = [f"eu-west-{i}" for i in range(1, 12)]
    cfg = config(rule(*[Destination(r, ACCOUNT) for r in regions]))
    store = BackfillStore(ACCOUNT, REGION)
    for region in regions[:10]:
        store.start(Destination(region, ACCOUNT), cfg, NOW)
    with pytest.raises(LimitExceededException):
        store.start(Destination(regions[10], ACCOUNT), cfg, NOW)


def test_backfill_runs_at_next_read_and_reports_progress_and_results():
    store, cfg = BackfillStore(ACCOUNT, REGION), config(rule(WEST))
    backfill = store.start(WEST, cfg, NOW)
    assert backfill.summary()["status"] == "PREPARING" and "progress" not in backfill.summary()
    assert store.results_page(backfill, None, None, None) == ([], None)
    store.advance(lambda destination: results(3, 1), NOW)
    summary = backfill.summary()
    assert summary["status"] == "COMPLETE" and summary["endedAt"] == NOW
    assert summary["progress"] == {
        "totalReplicationCount": 4,
        "completedReplicationCount": 3,
        "failedReplicationCount": 1,
        "failureCodes": ["X"],
    }
    failed, _ = store.results_page(backfill, "FAILED", None, None)
    assert [r.status for r in failed] == ["FAILED"]
    page, token = store.results_page(backfill, None, 3, None)
    rest, last = store.results_page(backfill, None, 3, token)
    assert len(page) == 3 and len(rest) == 1 and last is None


def test_backfill_half_failed_after_100_reads_failed():
    store = BackfillStore(ACCOUNT, REGION)
    backfill = store.start(WEST, config(rule(WEST)), NOW)
    store.advance(lambda destination: results(50, 50), NOW)
    assert backfill.status == "FAILED" and backfill.failure_code


def test_stop_backfill_while_preparing_stops_without_progress_then_refuses():
    store = BackfillStore(ACCOUNT, REGION)
    backfill = store.start(WEST, config(rule(WEST)), NOW)
    store.stop(backfill.backfill_id, NOW)
    store.advance(lambda destination: pytest.fail("a stopped backfill must not run"), NOW)
    assert backfill.summary()["status"] == "STOPPED" and "progress" not in backfill.summary()
    with pytest.raises(ReplicationBackfillInvalidStatusException):
        store.stop(backfill.backfill_id, NOW)


def test_backfill_kept_90_days_after_it_ended():
    store = BackfillStore(ACCOUNT, REGION)
    backfill = store.start(WEST, config(rule(WEST)), NOW)
    store.advance(lambda destination: [], NOW)
    later = NOW + datetime.timedelta(days=91)
    assert store.list_page(None, None, NOW)[0] == [backfill]
    assert store.list_page(None, None, later)[0] == []
    with pytest.raises(ReplicationBackfillNotFoundException):
        store.get(backfill.backfill_id, later)


def test_list_backfills_pages_in_start_order():
    regions = [f"eu-west-{i}" for i in range(1, 6)]
    cfg = config(rule(*[Destination(r, ACCOUNT) for r in regions]))
    store = BackfillStore(ACCOUNT, REGION)
    started = [store.start(Destination(r, ACCOUNT), cfg, NOW) for r in regions]
    seen, token = store.list_page(2, None, NOW)
    while token:
        more, token = store.list_page(2, token, NOW)
        seen += more
    assert seen == started
