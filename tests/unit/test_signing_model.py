"""Signing rules, statuses per profile, and plans (pure model)."""

from __future__ import annotations

import pytest

from ecrfake.exceptions import SigningConfigurationNotFoundException
from ecrfake.models.signing import SigningModel, SigningPlan, filter_matches

P1 = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/one"
P2 = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/two"


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        ("myapp/*", "myapp/web", True),
        ("myapp/*", "other/web", False),
        ("*/production", "team/production", True),
        ("*prod*", "a-prod-b", True),
        ("app", "app", True),
        ("app", "myapp", False),
    ],
)
def test_filter_matches_the_whole_name(pattern, name, expected):
    assert filter_matches(pattern, name) is expected


def test_get_without_configuration_raises_not_found():
    with pytest.raises(SigningConfigurationNotFoundException):
        SigningModel("123456789012").get()


def test_push_under_two_profiles_reports_one_status_per_profile():
    model = SigningModel("123456789012")
    model.put(
        [
            {"signingProfileArn": P1},
            {
                "signingProfileArn": P2,
                "repositoryFilters": [{"filter": "prod/*", "filterType": "WILDCARD_MATCH"}],
            },
            {
                "signingProfileArn": P1,
                "repositoryFilters": [{"filter": "prod/*", "filterType": "WILDCARD_MATCH"}],
            },
        ]
    )
    model.on_push("prod/api", "sha256:d", ["1"])
    assert model.statuses("prod/api", "sha256:d") == [
        {"signingProfileArn": P1, "status": "COMPLETE"},
        {"signingProfileArn": P2, "status": "COMPLETE"},
    ]
    model.on_push("dev/api", "sha256:e", [])
    assert [s["signingProfileArn"] for s in model.statuses("dev/api", "sha256:e")] == [P1]


def test_planned_failure_reads_in_progress_for_polls_then_failed():
    model = SigningModel("123456789012")
    model.put([{"signingProfileArn": P1}])
    model.plan(
        "app", "1.0", SigningPlan(status="FAILED", failure_code="X", failure_reason="y", polls=1)
    )
    model.on_push("app", "sha256:d", ["1.0"])
    assert model.statuses("app", "sha256:d")[0]["status"] == "IN_PROGRESS"
    assert model.statuses("app", "sha256:d") == [
        {"signingProfileArn": P1, "status": "FAILED", "failureCode": "X", "failureReason": "y"}
    ]
    assert model.unused_plans() == []


def test_delete_keeps_existing_statuses_and_stops_new_signing():
    model = SigningModel("123456789012")
    model.put([{"signingProfileArn": P1}])
    model.on_push("app", "sha256:d", [])
    assert model.delete()["rules"][0]["signingProfileArn"] == P1
    model.on_push("app", "sha256:e", [])
    assert model.statuses("app", "sha256:d")[0]["status"] == "COMPLETE"
    assert model.statuses("app", "sha256:e") == []
