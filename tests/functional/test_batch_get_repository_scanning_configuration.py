"""BatchGetRepositoryScanningConfiguration through boto3 (ecr-behavior.md §2.3, §3.3, decisions 2-6)."""

from __future__ import annotations

import boto3
import botocore.config
import pytest
from botocore.exceptions import ClientError

from ecrfake import mock_ecr_scanning

from .._floor import needs_current_model

ARN = "arn:aws:ecr:us-east-1:123456789012:repository/"


def rule(frequency, *filters):
    return {
        "scanFrequency": frequency,
        "repositoryFilters": [{"filter": f, "filterType": "WILDCARD"} for f in filters],
    }


def filters(*patterns):
    return [{"filter": p, "filterType": "WILDCARD"} for p in patterns]


def create(ecr, *names, scan_on_push=None):
    for name in names:
        kwargs = {}
        if scan_on_push is not None:
            kwargs["imageScanningConfiguration"] = {"scanOnPush": scan_on_push}
        ecr.create_repository(repositoryName=name, **kwargs)


def batch(ecr, *names):
    response = ecr.batch_get_repository_scanning_configuration(repositoryNames=list(names))
    return response["scanningConfigurations"], response["failures"]


def one(ecr, name):
    found, failures = batch(ecr, name)
    assert failures == []
    (entry,) = found
    return entry


def summary(entry):
    return entry["scanOnPush"], entry["scanFrequency"], entry["appliedScanFilters"]


# -- shape and defaults ---------------------------------------------------------------------------


def test_batch_get_repository_scanning_configuration_default_registry_reports_manual(ecr):
    create(ecr, "team/app")
    assert one(ecr, "team/app") == {
        "repositoryArn": ARN + "team/app",
        "repositoryName": "team/app",
        "scanOnPush": False,
        "scanFrequency": "MANUAL",
        "appliedScanFilters": [],
    }


def test_batch_get_repository_scanning_configuration_basic_repo_flag_without_rule_is_scan_on_push(
    ecr,
):
    # decision 4
    create(ecr, "flagged", scan_on_push=True)
    assert summary(one(ecr, "flagged")) == (True, "SCAN_ON_PUSH", [])


def test_batch_get_repository_scanning_configuration_repo_created_with_flag_false(ecr):
    create(ecr, "plain", scan_on_push=False)
    assert summary(one(ecr, "plain")) == (False, "MANUAL", [])


# -- BASIC rules ----------------------------------------------------------------------------------


def test_batch_get_repository_scanning_configuration_basic_scan_on_push_rule(ecr):
    create(ecr, "prod-api", "dev-api")
    ecr.put_registry_scanning_configuration(
        scanType="BASIC", rules=[rule("SCAN_ON_PUSH", "prod", "*api", "nothing")]
    )
    found, _ = batch(ecr, "prod-api", "dev-api")
    assert [summary(e) for e in found] == [
        (False, "SCAN_ON_PUSH", filters("prod", "*api")),
        (False, "SCAN_ON_PUSH", filters("*api")),
    ]


def test_batch_get_repository_scanning_configuration_scan_on_push_is_repository_flag_not_recomputed(
    ecr,
):
    # steampipe #1716: a rule-matched repository keeps reporting its own (false) flag
    create(ecr, "ruled", scan_on_push=False)
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[rule("SCAN_ON_PUSH", "*")])
    assert summary(one(ecr, "ruled")) == (False, "SCAN_ON_PUSH", filters("*"))


def test_batch_get_repository_scanning_configuration_basic_manual_rule_reports_manual_with_filters(
    ecr,
):
    create(ecr, "legacy-a")
    create(ecr, "legacy-b", scan_on_push=True)
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[rule("MANUAL", "legacy")])
    found, _ = batch(ecr, "legacy-a", "legacy-b")
    assert [summary(e) for e in found] == [
        (False, "MANUAL", filters("legacy")),
        (True, "MANUAL", filters("legacy")),
    ]


@pytest.mark.parametrize("manual_first", [False, True])
def test_batch_get_repository_scanning_configuration_basic_scan_on_push_beats_manual(
    ecr, manual_first
):
    create(ecr, "svc")
    rules = [rule("SCAN_ON_PUSH", "sv*"), rule("MANUAL", "*")]
    if manual_first:
        rules.reverse()
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=rules)
    assert summary(one(ecr, "svc")) == (False, "SCAN_ON_PUSH", filters("sv*"))


def test_batch_get_repository_scanning_configuration_basic_same_frequency_first_rule_wins(ecr):
    create(ecr, "app")
    ecr.put_registry_scanning_configuration(
        scanType="BASIC", rules=[rule("SCAN_ON_PUSH", "a*", "app"), rule("SCAN_ON_PUSH", "*")]
    )
    assert summary(one(ecr, "app")) == (False, "SCAN_ON_PUSH", filters("a*", "app"))


# -- ENHANCED rules -------------------------------------------------------------------------------


def test_batch_get_repository_scanning_configuration_enhanced_continuous_all(ecr):
    create(ecr, "a/b/c", scan_on_push=False)
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "*")]
    )
    assert summary(one(ecr, "a/b/c")) == (False, "CONTINUOUS_SCAN", filters("*"))


@pytest.mark.parametrize("push_first", [False, True])
def test_batch_get_repository_scanning_configuration_enhanced_continuous_beats_scan_on_push(
    ecr, push_first
):
    create(ecr, "prod-web", "dev-web")
    rules = [rule("CONTINUOUS_SCAN", "prod*"), rule("SCAN_ON_PUSH", "*web", "web")]
    if push_first:
        rules.reverse()
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=rules)
    found, _ = batch(ecr, "prod-web", "dev-web")
    assert [summary(e) for e in found] == [
        (False, "CONTINUOUS_SCAN", filters("prod*")),
        (False, "SCAN_ON_PUSH", filters("*web", "web")),
    ]


def test_batch_get_repository_scanning_configuration_enhanced_same_frequency_first_rule_wins(ecr):
    create(ecr, "app")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("SCAN_ON_PUSH", "*p"), rule("SCAN_ON_PUSH", "app", "*")]
    )
    assert summary(one(ecr, "app")) == (False, "SCAN_ON_PUSH", filters("*p"))


def test_batch_get_repository_scanning_configuration_enhanced_ignores_repo_flag(ecr):
    create(ecr, "flagged", scan_on_push=True)
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=[rule("SCAN_ON_PUSH", "x")])
    # the flag is still reported, but the repository matches no rule: MANUAL
    assert summary(one(ecr, "flagged")) == (True, "MANUAL", [])


def test_batch_get_repository_scanning_configuration_enhanced_rules_omitted_is_continuous(ecr):
    create(ecr, "app")
    ecr.put_registry_scanning_configuration(scanType="ENHANCED")
    assert summary(one(ecr, "app")) == (
        False,
        "CONTINUOUS_SCAN",
        [{"filter": "*", "filterType": "WILDCARD"}],
    )


def test_batch_get_repository_scanning_configuration_enhanced_empty_rules_is_manual(ecr):
    create(ecr, "app")
    ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=[])
    assert summary(one(ecr, "app")) == (False, "MANUAL", [])


# -- the official truth table, both scan types ------------------------------------------------------

TRUTH_REPOSITORIES = ("prod", "repo-prod", "prod-repo", "repo-prod-repo", "prodrepo")
TRUTH_TABLE = {
    "prod": (True, True, True, True, True),
    "*prod": (True, True, False, False, False),
    "prod*": (True, False, True, False, True),
    "*prod*": (True, True, True, True, True),
    "prod*repo": (False, False, True, False, True),
}


@pytest.mark.parametrize(
    ("scan_type", "frequency"), [("BASIC", "SCAN_ON_PUSH"), ("ENHANCED", "CONTINUOUS_SCAN")]
)
@pytest.mark.parametrize("filter_", list(TRUTH_TABLE))
def test_batch_get_repository_scanning_configuration_follows_truth_table(
    ecr, scan_type, frequency, filter_
):
    create(ecr, *TRUTH_REPOSITORIES)
    ecr.put_registry_scanning_configuration(scanType=scan_type, rules=[rule(frequency, filter_)])
    found, failures = batch(ecr, *TRUTH_REPOSITORIES)
    assert failures == []
    expected = [
        (frequency, filters(filter_)) if hit else ("MANUAL", []) for hit in TRUTH_TABLE[filter_]
    ]
    assert [e["repositoryName"] for e in found] == list(TRUTH_REPOSITORIES)
    assert [(e["scanFrequency"], e["appliedScanFilters"]) for e in found] == expected


# -- failures, order, duplicates ------------------------------------------------------------------


def test_batch_get_repository_scanning_configuration_missing_repository_is_a_failure(ecr):
    create(ecr, "here")
    found, failures = batch(ecr, "gone", "here")
    assert [e["repositoryName"] for e in found] == ["here"]
    assert failures == [
        {
            "repositoryName": "gone",
            "failureCode": "REPOSITORY_NOT_FOUND",
            "failureReason": "The repository with name 'gone' does not exist in the registry "
            "with id '123456789012'",
        }
    ]


def test_batch_get_repository_scanning_configuration_only_missing_repositories(ecr):
    found, failures = batch(ecr, "nope", "none")
    assert found == []
    assert [(f["repositoryName"], f["failureCode"]) for f in failures] == [
        ("nope", "REPOSITORY_NOT_FOUND"),
        ("none", "REPOSITORY_NOT_FOUND"),
    ]


def test_batch_get_repository_scanning_configuration_preserves_request_order(ecr):
    names = [f"repo-{i:02d}" for i in range(25)]
    create(ecr, *names)
    requested = [*reversed(names[:12]), "missing-b", "missing-a", *names[12:23]]
    found, failures = batch(ecr, *requested)
    assert [e["repositoryName"] for e in found] == [n for n in requested if not n.startswith("m")]
    assert [f["repositoryName"] for f in failures] == ["missing-b", "missing-a"]


def test_batch_get_repository_scanning_configuration_duplicates_answered_once(ecr):
    create(ecr, "app")
    found, failures = batch(ecr, "app", "ghost", "app", "ghost")
    assert [e["repositoryName"] for e in found] == ["app"]
    assert [f["repositoryName"] for f in failures] == ["ghost"]


def test_batch_get_repository_scanning_configuration_other_region_repository_is_missing(ecr):
    boto3.client("ecr", region_name="eu-west-1").create_repository(repositoryName="elsewhere")
    found, failures = batch(ecr, "elsewhere")
    assert found == []
    assert failures[0]["failureCode"] == "REPOSITORY_NOT_FOUND"


def test_batch_get_repository_scanning_configuration_uses_its_own_regions_config(ecr):
    west = boto3.client("ecr", region_name="eu-west-1")
    create(ecr, "app")
    create(west, "app")
    west.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "*")]
    )
    assert summary(one(ecr, "app")) == (False, "MANUAL", [])
    assert one(west, "app")["repositoryArn"] == "arn:aws:ecr:eu-west-1:123456789012:repository/app"
    assert summary(one(west, "app")) == (False, "CONTINUOUS_SCAN", filters("*"))


# -- the answer follows later changes -----------------------------------------------------------------


def test_batch_get_repository_scanning_configuration_follows_config_changes(ecr):
    create(ecr, "app")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "*")]
    )
    assert one(ecr, "app")["scanFrequency"] == "CONTINUOUS_SCAN"
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("SCAN_ON_PUSH", "app")]
    )
    assert one(ecr, "app")["scanFrequency"] == "SCAN_ON_PUSH"
    ecr.put_registry_scanning_configuration(scanType="BASIC")
    assert one(ecr, "app")["scanFrequency"] == "MANUAL"


def test_batch_get_repository_scanning_configuration_repository_created_after_config(ecr):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "new*")]
    )
    create(ecr, "new-service")
    assert summary(one(ecr, "new-service")) == (False, "CONTINUOUS_SCAN", filters("new*"))


def test_batch_get_repository_scanning_configuration_follows_repository_flag_changes(ecr):
    create(ecr, "app")
    assert summary(one(ecr, "app")) == (False, "MANUAL", [])
    ecr.put_image_scanning_configuration(
        repositoryName="app", imageScanningConfiguration={"scanOnPush": True}
    )
    assert summary(one(ecr, "app")) == (True, "SCAN_ON_PUSH", [])
    ecr.put_image_scanning_configuration(
        repositoryName="app", imageScanningConfiguration={"scanOnPush": False}
    )
    assert summary(one(ecr, "app")) == (False, "MANUAL", [])


def test_batch_get_repository_scanning_configuration_deleted_repository_is_a_failure(ecr):
    create(ecr, "app")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "*")]
    )
    assert one(ecr, "app")["scanFrequency"] == "CONTINUOUS_SCAN"
    ecr.delete_repository(repositoryName="app")
    found, failures = batch(ecr, "app")
    assert found == []
    assert [(f["repositoryName"], f["failureCode"]) for f in failures] == [
        ("app", "REPOSITORY_NOT_FOUND")
    ]
    create(ecr, "app")
    assert one(ecr, "app")["scanFrequency"] == "CONTINUOUS_SCAN"


# -- model constraints ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "path", "constraint"),
    [
        (
            [f"repo-{i}" for i in range(26)],
            "repositoryNames",
            "Member must have length less than or equal to 25",
        ),
        ([], "repositoryNames", "Member must have length greater than or equal to 1"),
        pytest.param(
            ["ok", "Upper"],
            "repositoryNames.2.member",
            "must satisfy regular expression '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*'",
            marks=needs_current_model("RepositoryName pattern"),
        ),
        (["x"], "repositoryNames.1.member", "must have length greater than or equal to 2"),
    ],
    ids=["26-names", "no-names", "bad-name", "short-name"],
)
def test_batch_get_repository_scanning_configuration_model_violation_raises_invalid_parameter(
    ecr_fake, names, path, constraint
):
    client = boto3.client(
        "ecr", region_name="us-east-1", config=botocore.config.Config(parameter_validation=False)
    )
    with pytest.raises(ClientError) as exc:
        client.batch_get_repository_scanning_configuration(repositoryNames=names)
    assert exc.value.response["Error"]["Code"] == "InvalidParameterException"
    assert exc.value.response["Error"]["Message"] == (
        f"Invalid parameter at '{path}' failed to satisfy constraint: '{constraint}'"
    )


def test_batch_get_repository_scanning_configuration_twenty_five_names_accepted(ecr):
    found, failures = batch(ecr, *(f"repo-{i}" for i in range(25)))
    assert found == []
    assert len(failures) == 25


# -- docs/scanning-configuration.md ---------------------------------------------------------------


@mock_ecr_scanning
def test_batch_get_repository_scanning_configuration_docs_example():
    ecr = boto3.client("ecr", region_name="us-east-1")
    for name in ("prod/api", "prod/web", "sandbox/tool"):
        ecr.create_repository(repositoryName=name)
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "prod/*", "filterType": "WILDCARD"}],
            }
        ],
    )
    got = ecr.batch_get_repository_scanning_configuration(
        repositoryNames=["prod/api", "sandbox/tool", "missing"]
    )
    assert [c["scanFrequency"] for c in got["scanningConfigurations"]] == [
        "CONTINUOUS_SCAN",
        "MANUAL",
    ]
    assert got["failures"][0]["failureCode"] == "REPOSITORY_NOT_FOUND"
