"""Cross-checks against the behaviour reference: the waiter (§3.8) and the members each
pull-through cache operation returns (§2.11-§2.15), read off the wire rather than from boto3's
parse (which drops members the output shape does not have).
"""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import WaiterError

from ecrfake import _dispatch, enhanced_finding
from tests.conftest import make_index, make_manifest

from .._floor import needs_current_model

ACCOUNT = "123456789012"
TAG = {"imageTag": "1.0"}
SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:ecr-pullthroughcache/hub-AbCdEf"
ROTATED = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:ecr-pullthroughcache/new-AbCdEf"


@pytest.fixture
def wire():
    """The result dict of every operation the fake answers during the test, by operation name."""
    seen: dict[str, dict] = {}
    previous = _dispatch.response_observer

    def observe(operation, result):
        seen[operation] = result
        if previous is not None:
            previous(operation, result)

    _dispatch.response_observer = observe
    yield seen
    _dispatch.response_observer = previous


@pytest.fixture
def slept(monkeypatch):
    calls: list[float] = []
    monkeypatch.setattr("botocore.waiter.time.sleep", calls.append)
    return calls


def _wait(ecr, **config):
    extra = {"WaiterConfig": config} if config else {}
    ecr.get_waiter("image_scan_complete").wait(repositoryName="app", imageId=TAG, **extra)


# -- §3.8 the image_scan_complete waiter ---------------------------------------------------------


def test_image_scan_complete_waiter_scan_not_found_fails_at_once(ecr, push_image, slept):
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")

    with pytest.raises(WaiterError) as exc:
        _wait(ecr)

    assert slept == []
    assert exc.value.last_response["Error"]["Code"] == "ScanNotFoundException"
    assert "An error occurred (ScanNotFoundException): Image scan does not exist" in str(exc.value)


def test_image_scan_complete_waiter_active_never_satisfies_it(ecr, push_image, slept):
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")

    with pytest.raises(WaiterError) as exc:
        _wait(ecr, Delay=5, MaxAttempts=3)

    assert "Max attempts exceeded" in str(exc.value)
    assert exc.value.last_response["imageScanStatus"]["status"] == "ACTIVE"
    assert slept == [5, 5]


def test_image_scan_complete_waiter_unsupported_image_keeps_polling(ecr, push_image, slept):
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    child = make_manifest("child")
    push_image("app", "child", manifest=child)
    push_image("app", "1.0", manifest=make_index([child]))

    with pytest.raises(WaiterError) as exc:
        _wait(ecr, Delay=5, MaxAttempts=2)

    assert "Max attempts exceeded" in str(exc.value)
    assert exc.value.last_response["imageScanStatus"]["status"] == "UNSUPPORTED_IMAGE"
    assert slept == [5]


# -- §2.11-§2.15 members per pull-through cache operation ----------------------------------------


@pytest.fixture
def updated_rule(ecr):
    """A Docker Hub rule whose credential was rotated: it has createdAt and updatedAt."""
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="hub", upstreamRegistryUrl="registry-1.docker.io", credentialArn=SECRET
    )
    ecr.update_pull_through_cache_rule(ecrRepositoryPrefix="hub", credentialArn=ROTATED)
    return "hub"


@pytest.mark.parametrize(
    ("call", "members"),
    [
        (
            "create",
            {
                "ecrRepositoryPrefix",
                "upstreamRegistryUrl",
                "createdAt",
                "registryId",
                "upstreamRegistry",
                "credentialArn",
                "upstreamRepositoryPrefix",
            },
        ),
        (
            "describe",
            {
                "ecrRepositoryPrefix",
                "upstreamRegistryUrl",
                "createdAt",
                "registryId",
                "upstreamRegistry",
                "credentialArn",
                "upstreamRepositoryPrefix",
                "updatedAt",
            },
        ),
        (
            "update",
            {
                "ecrRepositoryPrefix",
                "registryId",
                "updatedAt",
                "credentialArn",
                "upstreamRepositoryPrefix",
            },
        ),
        (
            "validate",
            {
                "ecrRepositoryPrefix",
                "registryId",
                "upstreamRegistryUrl",
                "credentialArn",
                "upstreamRepositoryPrefix",
                "isValid",
            },
        ),
        (
            "delete",
            {
                "ecrRepositoryPrefix",
                "upstreamRegistryUrl",
                "createdAt",
                "registryId",
                "credentialArn",
                "upstreamRepositoryPrefix",
            },
        ),
    ],
)
def test_pull_through_cache_rule_operations_send_their_own_members(
    ecr, wire, updated_rule, call, members
):
    """Create has no updatedAt; Update no URL, upstreamRegistry or createdAt; Validate neither
    timestamp nor upstreamRegistry; Delete no upstreamRegistry and no updatedAt (§2.11-§2.15)."""
    if call == "create":
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="hub2",
            upstreamRegistryUrl="registry-1.docker.io",
            credentialArn=SECRET,
        )
        sent = wire["CreatePullThroughCacheRule"]
    elif call == "describe":
        ecr.describe_pull_through_cache_rules(ecrRepositoryPrefixes=[updated_rule])
        (sent,) = wire["DescribePullThroughCacheRules"]["pullThroughCacheRules"]
    elif call == "update":
        ecr.update_pull_through_cache_rule(ecrRepositoryPrefix=updated_rule, credentialArn=SECRET)
        sent = wire["UpdatePullThroughCacheRule"]
    elif call == "validate":
        ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix=updated_rule)
        sent = wire["ValidatePullThroughCacheRule"]
    else:
        ecr.delete_pull_through_cache_rule(ecrRepositoryPrefix=updated_rule)
        sent = wire["DeletePullThroughCacheRule"]

    assert set(sent) == members


def test_delete_pull_through_cache_rule_of_updated_rule_returns_its_current_credential(
    ecr, updated_rule
):
    out = ecr.delete_pull_through_cache_rule(ecrRepositoryPrefix=updated_rule)

    assert out["credentialArn"] == ROTATED
    assert "updatedAt" not in out
    assert "upstreamRegistry" not in out


# -- one partition for every ARN of a region ------------------------------------------------------


_PARTITION_ARNS = needs_current_model("credentialArn pattern (any partition)")


@pytest.mark.parametrize(
    ("region", "partition", "suffix"),
    [
        pytest.param("us-gov-west-1", "aws-us-gov", "amazonaws.com", marks=_PARTITION_ARNS),
        pytest.param("cn-north-1", "aws-cn", "amazonaws.com.cn", marks=_PARTITION_ARNS),
        ("eu-west-1", "aws", "amazonaws.com"),
    ],
)
def test_every_arn_of_a_region_uses_its_partition(ecr_fake, region, partition, suffix):
    ecr = boto3.client("ecr", region_name=region)
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    repo = ecr.create_repository(
        repositoryName="app", encryptionConfiguration={"encryptionType": "KMS"}
    )["repository"]
    ecr_fake.registry(region=region).seed_enhanced_findings(
        "app", TAG, [enhanced_finding("CVE-1", severity="LOW")]
    )
    ecr.put_image(repositoryName="app", imageManifest=make_manifest("a"), imageTag="1.0")
    (finding,) = ecr.describe_image_scan_findings(repositoryName="app", imageId=TAG)[
        "imageScanFindings"
    ]["enhancedFindings"]
    secret = f"arn:{partition}:secretsmanager:{region}:{ACCOUNT}:secret:ecr-pullthroughcache/x"
    rule = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="hub", upstreamRegistryUrl="registry-1.docker.io", credentialArn=secret
    )

    assert repo["repositoryArn"] == f"arn:{partition}:ecr:{region}:{ACCOUNT}:repository/app"
    assert repo["repositoryUri"] == f"{ACCOUNT}.dkr.ecr.{region}.{suffix}/app"
    assert repo["encryptionConfiguration"]["kmsKey"].startswith(f"arn:{partition}:kms:{region}:")
    assert finding["findingArn"].startswith(f"arn:{partition}:inspector2:{region}:{ACCOUNT}:")
    assert finding["resources"][0]["id"].startswith(f"arn:{partition}:ecr:{region}:{ACCOUNT}:")
    assert rule["credentialArn"] == secret
