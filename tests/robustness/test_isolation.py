"""State never leaks between activations: decorated tests, class-decorated methods, fixture uses.

Each ``*_starts_empty`` test below first checks that every kind of state is at its default (no
repositories, no images, BASIC scanning without rules, no cache rules, no seeds or plans, no scan
quota used) and then leaves some of each behind. Whichever of them runs second fails if anything
leaks, in any order (pytest-randomly shuffles them) and on any xdist worker.
"""

from __future__ import annotations

import asyncio
import unittest
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from ecrfake import basic_finding, mock_ecr_scanning

from ..conftest import make_manifest

NAME = "isolated/app"

# Each test leaves a scan plan for a tag it never pushes, on purpose (it must not leak into the
# next activation); ecrfake's warning about the unused plan is expected here.
pytestmark = pytest.mark.filterwarnings("ignore::ecrfake.exceptions.EcrFakeWarning")


def assert_pristine_then_dirty(fake: Any, region: str = "us-east-1") -> None:
    """Check every kind of state is at its default, then change all of them."""
    ecr = boto3.client("ecr", region_name=region)
    # pristine
    assert ecr.describe_repositories()["repositories"] == []
    assert ecr.get_registry_scanning_configuration()["scanningConfiguration"] == {
        "scanType": "BASIC",
        "rules": [],
    }
    assert ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"] == []
    with pytest.raises(ClientError) as missing:
        ecr.describe_images(repositoryName=NAME)
    assert missing.value.response["Error"]["Code"] == "RepositoryNotFoundException"
    # dirty: a repository with a scanned image (quota used, seeded findings), a plan left unused,
    # a registry scanning configuration and a cache rule
    registry = fake.registry(region=region)
    registry.seed_basic_findings(
        NAME, {"imageTag": "v1"}, [basic_finding("CVE-2020-0001", severity="LOW")]
    )
    registry.plan_scan(NAME, {"imageTag": "v2"}, status="FAILED", description="left behind")
    ecr.create_repository(repositoryName=NAME)
    ecr.put_image(repositoryName=NAME, imageManifest=make_manifest("iso-1"), imageTag="v1")
    ecr.start_image_scan(repositoryName=NAME, imageId={"imageTag": "v1"})
    found = ecr.describe_image_scan_findings(repositoryName=NAME, imageId={"imageTag": "v1"})
    assert [f["name"] for f in found["imageScanFindings"]["findings"]] == ["CVE-2020-0001"]
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="iso",
        upstreamRegistryUrl="public.ecr.aws",
        upstreamRegistry="ecr-public",
    )


def assert_seeds_and_quota_are_fresh(fake: Any) -> None:
    """A scan of the image an earlier activation seeded and scanned: no findings, no quota used."""
    ecr = boto3.client("ecr", region_name="us-east-1")
    ecr.create_repository(repositoryName=NAME)
    ecr.put_image(repositoryName=NAME, imageManifest=make_manifest("iso-1"), imageTag="v1")
    ecr.put_image(repositoryName=NAME, imageManifest=make_manifest("iso-2"), imageTag="v2")
    for tag in ("v1", "v2"):
        ecr.start_image_scan(repositoryName=NAME, imageId={"imageTag": tag})
        found = ecr.describe_image_scan_findings(repositoryName=NAME, imageId={"imageTag": tag})
        assert found["imageScanStatus"]["status"] == "COMPLETE"
        assert found["imageScanFindings"]["findings"] == []


# -- decorated functions ----------------------------------------------------------------------------


@mock_ecr_scanning
def test_decorated_function_a_starts_empty() -> None:
    with mock_ecr_scanning() as inner:  # nested: shares the decorator's state
        assert_pristine_then_dirty(inner)


@mock_ecr_scanning
def test_decorated_function_b_starts_empty() -> None:
    with mock_ecr_scanning() as inner:
        assert_pristine_then_dirty(inner)


def test_decorated_async_function_starts_empty_each_run() -> None:
    @mock_ecr_scanning(region="eu-west-1")
    async def use() -> None:
        with mock_ecr_scanning() as inner:
            assert_pristine_then_dirty(inner, region="eu-west-1")

    asyncio.run(use())
    asyncio.run(use())


def test_decorated_function_called_twice_starts_empty_each_time() -> None:
    calls: list[int] = []

    @mock_ecr_scanning
    def use() -> None:
        with mock_ecr_scanning() as inner:
            assert_pristine_then_dirty(inner)
        calls.append(1)

    use()
    use()
    assert calls == [1, 1]


def test_decorated_function_seeds_plans_and_quota_do_not_carry_over() -> None:
    @mock_ecr_scanning
    def first() -> None:
        with mock_ecr_scanning() as inner:
            assert_pristine_then_dirty(inner)

    @mock_ecr_scanning
    def second() -> None:
        with mock_ecr_scanning() as inner:
            assert_seeds_and_quota_are_fresh(inner)

    first()
    second()


# -- class decorators ---------------------------------------------------------------------------


@mock_ecr_scanning
class TestDecoratedTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.fake = self.ecr_fake  # type: ignore[attr-defined]

    def test_method_a_starts_empty(self) -> None:
        assert_pristine_then_dirty(self.fake)

    def test_method_b_starts_empty(self) -> None:
        assert_pristine_then_dirty(self.fake)

    def test_method_c_sees_fresh_seeds_and_quota(self) -> None:
        assert_seeds_and_quota_are_fresh(self.fake)


@mock_ecr_scanning
class TestDecoratedPlainClass:
    def test_method_a_starts_empty(self) -> None:
        with mock_ecr_scanning() as inner:
            assert_pristine_then_dirty(inner)

    def test_method_b_starts_empty(self) -> None:
        with mock_ecr_scanning() as inner:
            assert_pristine_then_dirty(inner)


# -- the pytest fixture ---------------------------------------------------------------------------


def test_fixture_use_a_starts_empty(ecr_fake: Any) -> None:
    assert_pristine_then_dirty(ecr_fake)


def test_fixture_use_b_starts_empty(ecr_fake: Any) -> None:
    assert_pristine_then_dirty(ecr_fake)


@pytest.mark.parametrize("round_", [1, 2, 3])
def test_fixture_parametrized_use_starts_empty(ecr_fake: Any, round_: int) -> None:
    assert_pristine_then_dirty(ecr_fake)


# -- within and across activations --------------------------------------------------------------


def test_with_blocks_in_sequence_start_empty_and_nested_blocks_share() -> None:
    with mock_ecr_scanning() as outer:
        assert_pristine_then_dirty(outer)
        with mock_ecr_scanning() as inner:
            assert inner.registry().repositories.get(NAME) is not None
        # leaving the inner block leaves the outer state in place
        assert outer.registry().get_repository(NAME).name == NAME
    with mock_ecr_scanning() as again:
        assert_pristine_then_dirty(again)


def test_reset_returns_to_empty_state_within_one_activation() -> None:
    with mock_ecr_scanning() as fake:
        assert_pristine_then_dirty(fake)
        fake.reset()
        assert_pristine_then_dirty(fake)


def test_registries_of_other_accounts_and_regions_start_empty() -> None:
    with mock_ecr_scanning() as fake:
        assert_pristine_then_dirty(fake, region="us-east-1")
        assert_pristine_then_dirty(fake, region="ap-southeast-2")
        other = boto3.client("ecr", region_name="us-east-1")
        other.create_repository(repositoryName=NAME, registryId="210987654321")
        with pytest.raises(ClientError) as exists:
            other.create_repository(repositoryName=NAME)
        assert exists.value.response["Error"]["Code"] == "RepositoryAlreadyExistsException"
        assert [
            r["registryId"]
            for r in other.describe_repositories(registryId="210987654321")["repositories"]
        ] == ["210987654321"]


def test_handle_of_a_stopped_fake_reads_its_last_state_until_the_next_start() -> None:
    with mock_ecr_scanning() as fake:
        assert_pristine_then_dirty(fake)
    assert NAME in fake.registry().repositories  # readable after stop
    with fake:
        assert NAME not in fake.registry().repositories  # the next start is fresh


def test_handle_of_a_never_started_fake_refuses_use() -> None:
    with pytest.raises(RuntimeError, match="was never started"):
        mock_ecr_scanning().registry()
