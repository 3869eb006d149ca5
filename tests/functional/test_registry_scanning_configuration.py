"""Get/PutRegistryScanningConfiguration through boto3 (ecr-behavior.md §2.1-2.2, decisions 2-3)."""

from __future__ import annotations

import boto3
import botocore.config
import pytest
from botocore.exceptions import ClientError

from ecrfake import mock_ecr_scanning


def rule(frequency, *filters):
    return {
        "scanFrequency": frequency,
        "repositoryFilters": [{"filter": f, "filterType": "WILDCARD"} for f in filters],
    }


@pytest.fixture
def unchecked(ecr_fake):
    """A client that sends what it is given (botocore checks only minimums itself)."""
    return boto3.client(
        "ecr",
        region_name="us-east-1",
        config=botocore.config.Config(parameter_validation=False),
    )


def config_of(ecr):
    return ecr.get_registry_scanning_configuration()["scanningConfiguration"]


# -- Get ------------------------------------------------------------------------------------------


def test_get_registry_scanning_configuration_default_is_basic_without_rules(ecr):
    response = ecr.get_registry_scanning_configuration()
    assert response["registryId"] == "123456789012"
    assert response["scanningConfiguration"] == {"scanType": "BASIC", "rules": []}


@mock_ecr_scanning(account_id="111122223333")
def test_get_registry_scanning_configuration_echoes_the_fake_default_account():
    ecr = boto3.client("ecr", region_name="eu-west-1")
    assert ecr.get_registry_scanning_configuration()["registryId"] == "111122223333"


# -- Put: round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scan_type", "rules"),
    [
        ("BASIC", [rule("SCAN_ON_PUSH", "prod", "team/*")]),
        ("BASIC", [rule("SCAN_ON_PUSH", "*"), rule("MANUAL", "legacy")]),
        ("BASIC", [rule("MANUAL", "*")]),
        ("ENHANCED", [rule("CONTINUOUS_SCAN", "*")]),
        ("ENHANCED", [rule("CONTINUOUS_SCAN", "prod*"), rule("SCAN_ON_PUSH", "*")]),
        ("ENHANCED", [rule("SCAN_ON_PUSH", "a"), rule("SCAN_ON_PUSH", "b")]),
        ("ENHANCED", [rule("CONTINUOUS_SCAN")]),
        ("BASIC", []),
    ],
)
def test_put_registry_scanning_configuration_round_trips(ecr, scan_type, rules):
    response = ecr.put_registry_scanning_configuration(scanType=scan_type, rules=rules)
    expected = {"scanType": scan_type, "rules": rules}
    assert response["registryScanningConfiguration"] == expected
    assert config_of(ecr) == expected


def test_put_registry_scanning_configuration_enhanced_empty_rules_is_stored_empty(ecr):
    # decision 3: an explicit empty list is stored and read back as given
    response = ecr.put_registry_scanning_configuration(scanType="ENHANCED", rules=[])
    assert response["registryScanningConfiguration"] == {"scanType": "ENHANCED", "rules": []}
    assert config_of(ecr) == {"scanType": "ENHANCED", "rules": []}


def test_put_registry_scanning_configuration_enhanced_rules_omitted_scans_everything(ecr):
    # The 2021 user guide: "when no rules are specified, Amazon ECR sets the scanning
    # configuration to continuous scanning for all repositories" (docs/behaviour-notes.md).
    response = ecr.put_registry_scanning_configuration(scanType="ENHANCED")
    everything = {"scanType": "ENHANCED", "rules": [rule("CONTINUOUS_SCAN", "*")]}
    assert response["registryScanningConfiguration"] == everything
    assert config_of(ecr) == everything


def test_put_registry_scanning_configuration_replaces_previous_rules(ecr):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "*"), rule("SCAN_ON_PUSH", "x")]
    )
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[rule("SCAN_ON_PUSH", "y")])
    assert config_of(ecr) == {"scanType": "BASIC", "rules": [rule("SCAN_ON_PUSH", "y")]}


def test_put_registry_scanning_configuration_scan_type_omitted_keeps_current_type(ecr):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "*")]
    )
    response = ecr.put_registry_scanning_configuration(rules=[rule("SCAN_ON_PUSH", "app")])
    expected = {"scanType": "ENHANCED", "rules": [rule("SCAN_ON_PUSH", "app")]}
    assert response["registryScanningConfiguration"] == expected
    assert config_of(ecr) == expected


def test_put_registry_scanning_configuration_scan_type_omitted_never_configured_is_basic(ecr):
    response = ecr.put_registry_scanning_configuration(rules=[rule("SCAN_ON_PUSH", "*")])
    assert response["registryScanningConfiguration"]["scanType"] == "BASIC"


def test_put_registry_scanning_configuration_scan_type_omitted_checks_frequency_against_current(
    ecr,
):
    ecr.put_registry_scanning_configuration(scanType="ENHANCED")
    with pytest.raises(ClientError) as exc:
        ecr.put_registry_scanning_configuration(rules=[rule("MANUAL", "*")])
    assert exc.value.response["Error"]["Code"] == "ValidationException"


def test_put_registry_scanning_configuration_empty_request_resets_rules_keeps_type(ecr):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "*")]
    )
    ecr.put_registry_scanning_configuration(rules=[rule("SCAN_ON_PUSH", "x")])
    response = ecr.put_registry_scanning_configuration()
    # Rules omitted under ENHANCED: continuous scanning of every repository, as above.
    assert response["registryScanningConfiguration"] == {
        "scanType": "ENHANCED",
        "rules": [rule("CONTINUOUS_SCAN", "*")],
    }
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[rule("SCAN_ON_PUSH", "x")])
    response = ecr.put_registry_scanning_configuration()
    assert response["registryScanningConfiguration"] == {"scanType": "BASIC", "rules": []}


def test_put_registry_scanning_configuration_notifies_lifecycle_with_old_and_new(ecr, ecr_fake):
    scanning = ecr_fake.registry().model.scanning
    seen = []
    scanning.on_config_changed = lambda old, new: seen.append(
        (old.to_api(), new.to_api(), scanning.config is new)
    )
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "*")]
    )
    ecr.put_registry_scanning_configuration(scanType="BASIC")
    assert seen == [
        (
            {"scanType": "BASIC", "rules": []},
            {"scanType": "ENHANCED", "rules": [rule("CONTINUOUS_SCAN", "*")]},
            True,
        ),
        (
            {"scanType": "ENHANCED", "rules": [rule("CONTINUOUS_SCAN", "*")]},
            {"scanType": "BASIC", "rules": []},
            True,
        ),
    ]


# -- Put: cross-field rules (decision 2) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("scan_type", "frequency", "supported"),
    [
        ("BASIC", "CONTINUOUS_SCAN", "[SCAN_ON_PUSH, MANUAL]"),
        ("ENHANCED", "MANUAL", "[CONTINUOUS_SCAN, SCAN_ON_PUSH]"),
    ],
)
def test_put_registry_scanning_configuration_frequency_not_allowed_raises_validation(
    ecr, scan_type, frequency, supported
):
    with pytest.raises(ClientError) as exc:
        ecr.put_registry_scanning_configuration(
            scanType=scan_type, rules=[rule("SCAN_ON_PUSH", "*"), rule(frequency, "app")]
        )
    error = exc.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        f"Scan frequency '{frequency}' in 'rules.2.member.scanFrequency' is not supported with "
        f"scan type '{scan_type}'. Supported scan frequencies for {scan_type} are {supported}."
    )
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_put_registry_scanning_configuration_refused_leaves_config_unchanged(ecr):
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=[rule("SCAN_ON_PUSH", "x")])
    with pytest.raises(ClientError):
        ecr.put_registry_scanning_configuration(
            scanType="BASIC", rules=[rule("CONTINUOUS_SCAN", "*")]
        )
    assert config_of(ecr) == {"scanType": "BASIC", "rules": [rule("SCAN_ON_PUSH", "x")]}


# -- Put: model constraints (InvalidParameterException) -------------------------------------------

FILTER = "rules.1.member.repositoryFilters.1.member.filter"


@pytest.mark.parametrize(
    ("request_", "path", "constraint"),
    [
        (
            {"scanType": "BASIC", "rules": [rule("SCAN_ON_PUSH", "a")] * 3},
            "rules",
            "Member must have length less than or equal to 2",
        ),
        (
            {"rules": [rule("SCAN_ON_PUSH", *(f"r{i}" for i in range(101)))]},
            "rules.1.member.repositoryFilters",
            "Member must have length less than or equal to 100",
        ),
        (
            {"rules": [rule("SCAN_ON_PUSH", "Prod")]},
            FILTER,
            "must satisfy regular expression '^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$'",
        ),
        (
            {"rules": [rule("SCAN_ON_PUSH", "team//app")]},
            FILTER,
            "must satisfy regular expression '^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$'",
        ),
        (
            {"rules": [rule("SCAN_ON_PUSH", "a" * 256)]},
            FILTER,
            "must have length less than or equal to 255",
        ),
        (
            {"scanType": "FOO"},
            "scanType",
            "Member must satisfy enum value set: [BASIC, ENHANCED]",
        ),
        (
            {"rules": [rule("HOURLY", "a")]},
            "rules.1.member.scanFrequency",
            "Member must satisfy enum value set: [SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL]",
        ),
        (
            {
                "rules": [
                    rule("SCAN_ON_PUSH", "a"),
                    {
                        "scanFrequency": "SCAN_ON_PUSH",
                        "repositoryFilters": [{"filter": "a", "filterType": "PREFIX"}],
                    },
                ]
            },
            "rules.2.member.repositoryFilters.1.member.filterType",
            "Member must satisfy enum value set: [WILDCARD]",
        ),
        (
            {"rules": [{"scanFrequency": "SCAN_ON_PUSH"}]},
            "rules.1.member.repositoryFilters",
            "Member must not be null",
        ),
    ],
    ids=[
        "three-rules",
        "101-filters",
        "uppercase-filter",
        "double-slash-filter",
        "filter-too-long",
        "unknown-scan-type",
        "unknown-frequency",
        "unknown-filter-type",
        "rule-without-filters",
    ],
)
def test_put_registry_scanning_configuration_model_violation_raises_invalid_parameter(
    unchecked, request_, path, constraint
):
    with pytest.raises(ClientError) as exc:
        unchecked.put_registry_scanning_configuration(**request_)
    error = exc.value.response["Error"]
    assert error["Code"] == "InvalidParameterException"
    assert error["Message"] == (
        f"Invalid parameter at '{path}' failed to satisfy constraint: '{constraint}'"
    )
    assert config_of(unchecked) == {"scanType": "BASIC", "rules": []}


def test_put_registry_scanning_configuration_hundred_filters_accepted(ecr):
    filters = [f"r{i}" for i in range(100)]
    ecr.put_registry_scanning_configuration(
        scanType="BASIC", rules=[rule("SCAN_ON_PUSH", *filters)]
    )
    assert len(config_of(ecr)["rules"][0]["repositoryFilters"]) == 100


# -- isolation ------------------------------------------------------------------------------------


def test_put_registry_scanning_configuration_is_per_region(ecr):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED", rules=[rule("CONTINUOUS_SCAN", "*")]
    )
    other = boto3.client("ecr", region_name="eu-west-1")
    assert config_of(other) == {"scanType": "BASIC", "rules": []}
    other.put_registry_scanning_configuration(scanType="BASIC", rules=[rule("SCAN_ON_PUSH", "x")])
    assert config_of(ecr) == {"scanType": "ENHANCED", "rules": [rule("CONTINUOUS_SCAN", "*")]}
    assert config_of(other) == {"scanType": "BASIC", "rules": [rule("SCAN_ON_PUSH", "x")]}


def test_put_registry_scanning_configuration_is_per_account(ecr, ecr_fake):
    ecr.put_registry_scanning_configuration(scanType="ENHANCED")
    assert ecr_fake.registry().model.scanning.config.scan_type == "ENHANCED"
    assert ecr_fake.registry("111122223333").model.scanning.config.to_api() == {
        "scanType": "BASIC",
        "rules": [],
    }


def test_registry_scanning_configuration_starts_fresh_after_reset(ecr, ecr_fake):
    ecr.put_registry_scanning_configuration(scanType="ENHANCED")
    ecr_fake.reset()
    assert config_of(ecr) == {"scanType": "BASIC", "rules": []}
