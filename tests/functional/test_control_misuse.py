"""The handle refuses misuse with EcrFakeError naming the bad value and the rule (issue #9)."""

from __future__ import annotations

import pytest

from ecrfake import EcrFakeError, basic_finding, enhanced_finding


@pytest.mark.parametrize("account_id", ["1234", "12345678901a", "", 123456789012])
def test_registry_bad_account_id_raises_ecr_fake_error(ecr_fake, account_id):
    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry(account_id=account_id)
    assert str(exc.value) == (
        "registry(account_id=...) must be a 12-digit AWS account id such as '123456789012', "
        f"not {account_id!r}"
    )


@pytest.mark.parametrize("region", ["EU_WEST", "moon-1", "eu-west", "us-east-1 "])
def test_registry_bad_region_raises_ecr_fake_error(ecr_fake, region):
    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry(region=region)
    assert str(exc.value) == (
        "registry(region=...) must be an AWS region name such as 'us-east-1' "
        f"(<area>-<direction>-<number>), not {region!r}"
    )


@pytest.mark.parametrize("region", ["us-east-1", "cn-north-1", "us-gov-west-1", "eu-isoe-west-1"])
def test_registry_real_region_forms_are_accepted(ecr_fake, region):
    assert ecr_fake.registry(region=region).region == region


@pytest.mark.parametrize("digest", ["sha256:abc", "sha256:" + "A" * 64, "md5:" + "a" * 32])
def test_seed_short_or_unknown_digest_raises_ecr_fake_error(ecr_fake, digest):
    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry().seed_basic_findings(
            "app", {"imageDigest": digest}, [basic_finding("CVE-1", severity="LOW")]
        )
    assert f"{digest!r} is not an image digest" in str(exc.value)


@pytest.mark.parametrize("name", ["App_Upper", "a", "-app", "app/", ""])
def test_seed_invalid_repository_name_raises_ecr_fake_error(ecr_fake, name):
    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry().seed_enhanced_findings(
            name, {"imageTag": "1.0"}, [enhanced_finding("CVE-1", severity="LOW")]
        )
    assert str(exc.value).startswith(
        f"seed_enhanced_findings: {name!r} is not a valid repository name"
    )


def test_seed_basic_finding_without_severity_raises_ecr_fake_error(ecr_fake):
    finding = basic_finding("CVE-1", severity="LOW")
    del finding["severity"]
    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry().seed_basic_findings("app", {"imageTag": "1.0"}, [finding])
    assert str(exc.value) == (
        "basic finding #0 has no severity; every finding needs one of INFORMATIONAL, LOW, "
        "MEDIUM, HIGH, CRITICAL, UNDEFINED"
    )


def test_plan_scan_and_simulate_pull_check_repository_names(ecr_fake):
    registry = ecr_fake.registry()
    with pytest.raises(EcrFakeError, match="plan_scan: 'Bad' is not a valid repository name"):
        registry.plan_scan("Bad", {"imageTag": "x"})
    with pytest.raises(EcrFakeError, match="simulate_pull: 'Bad' is not a valid repository"):
        registry.simulate_pull("Bad")


def test_reprs_name_what_they_hold(ecr_fake, ecr):
    ecr.create_repository(repositoryName="app")
    registry = ecr_fake.registry()
    assert repr(registry) == "<Registry 123456789012 us-east-1: 1 repositories>"
    assert repr(registry.repositories) == "Repositories(['app'])"
