"""Seeds that never apply: Registry.unused_seeds() and the EcrFakeWarning when the fake stops."""

from __future__ import annotations

import warnings

import boto3
import pytest

from ecrfake import basic_finding, enhanced_finding, mock_ecr_scanning
from ecrfake.exceptions import EcrFakeWarning
from tests.conftest import make_manifest

CVE = [basic_finding("CVE-2019-5021", severity="HIGH")]
ENHANCED = [enhanced_finding("CVE-2021-44228", severity="CRITICAL")]


def _stop_and_collect(body) -> list[warnings.WarningMessage]:
    """Run ``body(fake, ecr)`` inside an outermost fake; the EcrFakeWarnings its stop gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with mock_ecr_scanning() as fake:
            body(fake, boto3.client("ecr", region_name="us-east-1"))
    return [w for w in caught if issubclass(w.category, EcrFakeWarning)]


def _push(ecr, repository="shop/api", tag="v2", seed="api"):
    ecr.put_image(repositoryName=repository, imageManifest=make_manifest(seed), imageTag=tag)


def test_stop_typod_repository_warns_once_naming_registry_repository_and_image():
    def body(fake, ecr):
        ecr.create_repository(
            repositoryName="shop/api", imageScanningConfiguration={"scanOnPush": True}
        )
        fake.registry().seed_basic_findings("shop/apii", {"imageTag": "v2"}, CVE)
        _push(ecr)

    caught = _stop_and_collect(body)
    assert len(caught) == 1
    assert str(caught[0].message) == (
        "ecrfake: 1 seed(s) or scan plan(s) never applied, because no image they name was pushed "
        "(a misspelt repository or tag, or a seed made in another registry than the one the "
        "client used?):\n"
        "  - basic findings for repository 'shop/apii', image {imageTag: 'v2'}, in registry "
        "123456789012/us-east-1: no image with that tag was pushed\n"
        "  registry 123456789012/us-east-1 has repositories 'shop/api'"
    )


def test_stop_seed_in_another_region_than_the_client_names_both_registries():
    def body(fake, ecr):
        eu = boto3.client("ecr", region_name="eu-west-1")
        eu.create_repository(repositoryName="shop/api")
        fake.registry().seed_enhanced_findings("shop/api", {"imageTag": "v2"}, ENHANCED)
        _push(eu)

    (caught,) = _stop_and_collect(body)
    text = str(caught.message)
    assert (
        "enhanced findings for repository 'shop/api', image {imageTag: 'v2'}, in registry "
        "123456789012/us-east-1: no image with that tag was pushed" in text
    )
    assert "registry 123456789012/us-east-1 has no repositories" in text
    assert "registry 123456789012/eu-west-1 has repositories 'shop/api'" in text


def test_stop_seed_used_by_a_scan_gives_no_warning():
    def body(fake, ecr):
        ecr.create_repository(
            repositoryName="shop/api", imageScanningConfiguration={"scanOnPush": True}
        )
        fake.registry().seed_basic_findings("shop/api", {"imageTag": "v2"}, CVE)
        _push(ecr)
        assert fake.registry().unused_seeds() == []

    assert _stop_and_collect(body) == []


def test_stop_seed_for_a_pushed_but_unscanned_image_gives_no_warning():
    def body(fake, ecr):
        ecr.create_repository(repositoryName="shop/api")
        _push(ecr)
        fake.registry().seed_basic_findings("shop/api", {"imageTag": "v2"}, CVE)

    assert _stop_and_collect(body) == []


def test_stop_of_a_nested_fake_does_not_warn_and_the_outermost_does():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with mock_ecr_scanning() as outer:
            with mock_ecr_scanning() as inner:
                inner.registry().plan_scan("app", {"imageTag": "1.0"})
            assert caught == []
            assert outer.active
    assert [w.category for w in caught] == [EcrFakeWarning]
    assert "scan plan for repository 'app', image {imageTag: '1.0'}" in str(caught[0].message)


def test_stop_after_reset_does_not_warn():
    def body(fake, ecr):
        fake.registry().seed_basic_findings("gone", {"imageTag": "v1"}, CVE)
        fake.reset()

    assert _stop_and_collect(body) == []


def test_unused_seeds_lists_waiting_and_unscanned_seeds_and_plans(ecr, ecr_fake, push_image):
    reg = ecr_fake.registry()
    ecr.create_repository(repositoryName="app")
    digest = push_image("app", "1.0")["imageDigest"]
    reg.seed_basic_findings("app", {"imageTag": "1.0"}, CVE)  # image there, never scanned
    reg.seed_enhanced_findings("ap", {"imageTag": "2.0"}, ENHANCED)  # never pushed
    reg.plan_scan("app", {"imageDigest": digest}, polls=1)
    reg.plan_scan("app", {"imageDigest": "sha256:" + "0" * 64}, status="FAILED")

    assert reg.unused_seeds() == [
        "basic findings for repository 'app', image {imageTag: '1.0'}, in registry "
        "123456789012/us-east-1: the image was not scanned since the seed",
        "enhanced findings for repository 'ap', image {imageTag: '2.0'}, in registry "
        "123456789012/us-east-1: no image with that tag was pushed",
        f"scan plan for repository 'app', image {{imageDigest: '{digest}'}}, in registry "
        "123456789012/us-east-1: the image was not scanned since the plan",
        "scan plan for repository 'app', image {imageDigest: 'sha256:" + "0" * 64 + "'}, in "
        "registry 123456789012/us-east-1: no image with that digest was pushed",
    ]
    ecr_fake.reset()  # keep the fixture's stop quiet


def test_unused_seeds_empties_as_scans_use_them(ecr, ecr_fake, push_image):
    reg = ecr_fake.registry()
    ecr.create_repository(repositoryName="app")
    reg.seed_basic_findings("app", {"imageTag": "1.0"}, CVE)
    reg.plan_scan("app", {"imageTag": "1.0"}, polls=1)
    push_image("app", "1.0")
    assert len(reg.unused_seeds()) == 2  # pushed, not yet scanned
    ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
    assert len(reg.unused_seeds()) == 1  # the plan is used; the held scan has not finished
    ecr.describe_image_scan_findings(repositoryName="app", imageId={"imageTag": "1.0"})
    assert reg.unused_seeds() == []


def test_unused_seeds_a_new_seed_is_unused_until_the_next_scan(ecr, ecr_fake, push_image):
    reg = ecr_fake.registry()
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})
    reg.seed_basic_findings("app", {"imageTag": "1.0"}, CVE)
    push_image("app", "1.0")
    reg.seed_basic_findings("app", {"imageTag": "1.0"}, [])
    assert reg.unused_seeds() == [
        "basic findings for repository 'app', image {imageTag: '1.0'}, in registry "
        "123456789012/us-east-1: the image was not scanned since the seed"
    ]


def test_unused_seeds_continuous_enhanced_seed_applies_at_once(ecr, ecr_fake, push_image):
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
    ecr_fake.registry().seed_enhanced_findings("app", {"imageTag": "1.0"}, ENHANCED)
    assert ecr_fake.registry().unused_seeds() == []


@pytest.mark.parametrize("count", [0, 3, 25])
def test_repositories_iterates_names_in_creation_order(ecr, ecr_fake, count):
    names = [f"repo-{i:02d}" for i in range(count)]
    for name in names:
        ecr.create_repository(repositoryName=name)
    repositories = ecr_fake.registry().repositories
    assert list(repositories) == names
    assert sorted(repositories, reverse=True) == sorted(names, reverse=True)
    assert all(repositories.get(name).name == name for name in repositories)


def test_stop_names_a_signing_plan_whose_image_was_never_pushed():
    def body(fake, ecr):
        ecr.create_repository(repositoryName="shop/api")
        fake.registry().plan_signing("shop/apii", {"imageTag": "v2"}, status="FAILED")

    (caught,) = _stop_and_collect(body)
    assert (
        "  - signing plan for repository 'shop/apii', image {imageTag: 'v2'}, in registry "
        "123456789012/us-east-1: no image with that tag was pushed\n"
    ) in str(caught.message)
