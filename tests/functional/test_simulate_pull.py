"""``Registry.simulate_pull``: what a docker pull through a pull-through cache rule does to ECR."""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

import boto3
import pytest
import time_machine

from ecrfake import EcrFakeError, enhanced_finding, mock_ecr_scanning

from ..conftest import make_index, make_manifest

ACCOUNT = "123456789012"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/hub-AbCdEf"
T0 = datetime.datetime(2030, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)


def rule(ecr, prefix: str, url: str = "public.ecr.aws", **kw):
    return ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix=prefix, upstreamRegistryUrl=url, **kw
    )


def image_detail(ecr, name: str, tag: str) -> dict:
    (detail,) = ecr.describe_images(repositoryName=name, imageIds=[{"imageTag": tag}])[
        "imageDetails"
    ]
    return detail


def test_simulate_pull_first_pull_creates_repository_with_ecr_defaults(ecr, ecr_fake):
    rule(ecr, "ecr-public")

    ecr_fake.registry().simulate_pull("ecr-public/nginx/nginx", "1.25")

    (repo,) = ecr.describe_repositories(repositoryNames=["ecr-public/nginx/nginx"])["repositories"]
    assert repo["repositoryName"] == "ecr-public/nginx/nginx"
    assert repo["imageTagMutability"] == "MUTABLE"
    assert repo["imageScanningConfiguration"] == {"scanOnPush": False}
    assert repo["encryptionConfiguration"] == {"encryptionType": "AES256"}
    model = ecr_fake.registry().repositories.get("ecr-public/nginx/nginx")
    assert model.created_by_pull_through == "ecr-public"


def test_simulate_pull_caches_image_and_records_pull_time(ecr, ecr_fake):
    rule(ecr, "ecr-public")

    with time_machine.travel(T0, tick=False):
        out = ecr_fake.registry().simulate_pull("ecr-public/nginx/nginx", "1.25")

    detail = image_detail(ecr, "ecr-public/nginx/nginx", "1.25")
    assert out == {"imageDigest": detail["imageDigest"], "imageTag": "1.25"}
    assert detail["imageTags"] == ["1.25"]
    assert detail["imagePushedAt"] == T0
    assert detail["lastRecordedPullTime"] == T0
    assert detail["imageManifestMediaType"] == (
        "application/vnd.docker.distribution.manifest.v2+json"
    )


def test_simulate_pull_default_tag_is_latest(ecr, ecr_fake):
    rule(ecr, "quay", "quay.io")

    out = ecr_fake.registry().simulate_pull("quay/coreos/etcd")

    assert out["imageTag"] == "latest"
    assert image_detail(ecr, "quay/coreos/etcd", "latest")["imageDigest"] == out["imageDigest"]


def test_simulate_pull_same_pull_same_digest_across_fakes():
    digests = []
    for _ in range(2):
        with mock_ecr_scanning() as fake:
            rule(boto3.client("ecr", region_name="us-east-1"), "ecr-public")
            digests.append(fake.registry().simulate_pull("ecr-public/nginx/nginx", "1.25"))

    assert digests[0] == digests[1]


def test_simulate_pull_digest_depends_on_upstream_repository_and_tag(ecr, ecr_fake):
    rule(ecr, "ecr-public")
    rule(ecr, "quay", "quay.io")
    reg = ecr_fake.registry()

    digests = {
        reg.simulate_pull("ecr-public/nginx/nginx", "1.25")["imageDigest"],
        reg.simulate_pull("ecr-public/nginx/nginx", "1.26")["imageDigest"],
        reg.simulate_pull("ecr-public/nginx/other", "1.25")["imageDigest"],
        reg.simulate_pull("quay/nginx/nginx", "1.25")["imageDigest"],
    }

    assert len(digests) == 4


def test_simulate_pull_with_manifest_caches_that_manifest(ecr, ecr_fake):
    rule(ecr, "hub", "registry-1.docker.io", credentialArn=SECRET)
    manifest = make_manifest("nginx-official")

    out = ecr_fake.registry().simulate_pull("hub/library/nginx", "stable", manifest=manifest)

    assert out["imageDigest"] == "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
    got = ecr.batch_get_image(repositoryName="hub/library/nginx", imageIds=[{"imageTag": "stable"}])
    assert got["images"][0]["imageManifest"] == manifest


def test_simulate_pull_again_reuses_cached_image_and_moves_pull_time(ecr, ecr_fake):
    rule(ecr, "ecr-public")
    reg = ecr_fake.registry()
    later = T0 + datetime.timedelta(days=3)
    with time_machine.travel(T0, tick=False):
        first = reg.simulate_pull("ecr-public/nginx/nginx", "1.25")

    with time_machine.travel(later, tick=False):
        second = reg.simulate_pull("ecr-public/nginx/nginx", "1.25")

    assert first == second
    assert len(ecr.list_images(repositoryName="ecr-public/nginx/nginx")["imageIds"]) == 1
    detail = image_detail(ecr, "ecr-public/nginx/nginx", "1.25")
    assert (detail["imagePushedAt"], detail["lastRecordedPullTime"]) == (T0, later)
    assert [p.cached for p in reg.pulls] == [True, False]


def test_simulate_pull_records_upstream_mapping(ecr, ecr_fake):
    rule(
        ecr,
        "my-app",
        f"{ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com",
        upstreamRepositoryPrefix="upstream-app",
    )
    reg = ecr_fake.registry()

    reg.simulate_pull("my-app/image1", "v1")

    (pull,) = reg.pulls
    assert (pull.rule_prefix, pull.upstream_registry_url, pull.upstream_repository) == (
        "my-app",
        f"{ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com",
        "upstream-app/image1",
    )


def test_simulate_pull_longest_prefix_wins(ecr, ecr_fake):
    rule(ecr, "team", "quay.io")
    rule(ecr, "team/app", "public.ecr.aws")
    reg = ecr_fake.registry()

    reg.simulate_pull("team/app/api", "v1")
    reg.simulate_pull("team/web", "v1")

    assert [(p.rule_prefix, p.upstream_registry_url, p.upstream_repository) for p in reg.pulls] == [
        ("team/app", "public.ecr.aws", "api"),
        ("team", "quay.io", "web"),
    ]


def test_simulate_pull_root_rule_takes_names_no_other_rule_takes(ecr, ecr_fake):
    rule(ecr, "ROOT", "public.ecr.aws")
    rule(ecr, "quay", "quay.io")
    reg = ecr_fake.registry()

    reg.simulate_pull("docker/library/alpine", "3.20")
    reg.simulate_pull("quay/coreos/etcd", "v3")

    names = {r["repositoryName"] for r in ecr.describe_repositories()["repositories"]}
    assert names == {"docker/library/alpine", "quay/coreos/etcd"}
    assert [(p.rule_prefix, p.upstream_repository) for p in reg.pulls] == [
        ("ROOT", "docker/library/alpine"),
        ("quay", "coreos/etcd"),
    ]


def test_simulate_pull_name_under_no_rule_raises_fake_error(ecr, ecr_fake):
    rule(ecr, "ecr-public")

    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry().simulate_pull("elsewhere/nginx", "1.25")

    assert str(exc.value) == (
        f"simulate_pull: there is no repository 'elsewhere/nginx' in registry {ACCOUNT} "
        "(us-east-1) and no pull-through cache rule covers that name (rules: ecr-public). Create a "
        "rule whose prefix covers it, or push the image first"
    )
    assert ecr.describe_repositories()["repositories"] == []


def test_simulate_pull_name_equal_to_prefix_is_not_covered(ecr, ecr_fake):
    rule(ecr, "ecr-public")

    with pytest.raises(EcrFakeError, match="no pull-through cache rule covers that name"):
        ecr_fake.registry().simulate_pull("ecr-public", "1.25")


def test_simulate_pull_existing_repository_with_tag_is_a_recorded_pull(ecr, ecr_fake, push_image):
    ecr.create_repository(repositoryName="app")
    pushed = push_image("app", "1.0")

    with time_machine.travel(T0, tick=False):
        out = ecr_fake.registry().simulate_pull("app", "1.0")

    assert out == {"imageDigest": pushed["imageDigest"], "imageTag": "1.0"}
    assert image_detail(ecr, "app", "1.0")["lastRecordedPullTime"] == T0


def test_simulate_pull_existing_repository_without_tag_and_no_rule_raises(
    ecr, ecr_fake, push_image
):
    ecr.create_repository(repositoryName="app")
    push_image("app", "1.0")

    with pytest.raises(EcrFakeError) as exc:
        ecr_fake.registry().simulate_pull("app", "2.0")

    assert str(exc.value) == (
        f"simulate_pull: the repository 'app' has no image tagged '2.0' in registry {ACCOUNT} "
        "(us-east-1) and no pull-through cache rule covers that name (rules: none). Create a rule "
        "whose prefix covers it, or push the image first"
    )


def test_simulate_pull_new_tag_of_cached_repository_is_cached(ecr, ecr_fake):
    rule(ecr, "ecr-public")
    reg = ecr_fake.registry()
    reg.simulate_pull("ecr-public/nginx/nginx", "1.25")

    reg.simulate_pull("ecr-public/nginx/nginx", "1.26")

    tags = sorted(
        i["imageTag"] for i in ecr.list_images(repositoryName="ecr-public/nginx/nginx")["imageIds"]
    )
    assert tags == ["1.25", "1.26"]


def test_simulate_pull_after_rule_deleted_cache_stays_but_nothing_new(ecr, ecr_fake):
    rule(ecr, "ecr-public")
    reg = ecr_fake.registry()
    cached = reg.simulate_pull("ecr-public/nginx/nginx", "1.25")

    ecr.delete_pull_through_cache_rule(ecrRepositoryPrefix="ecr-public")

    assert reg.simulate_pull("ecr-public/nginx/nginx", "1.25") == cached
    with pytest.raises(EcrFakeError, match=re.escape("has no image tagged '1.26'")):
        reg.simulate_pull("ecr-public/nginx/nginx", "1.26")
    with pytest.raises(EcrFakeError, match="there is no repository 'ecr-public/redis'"):
        reg.simulate_pull("ecr-public/redis", "7")


def test_simulate_pull_different_manifest_for_cached_tag_raises(ecr, ecr_fake):
    rule(ecr, "ecr-public")
    reg = ecr_fake.registry()
    reg.simulate_pull("ecr-public/nginx/nginx", "1.25", manifest=make_manifest("one"))

    with pytest.raises(EcrFakeError, match="already cached as sha256:"):
        reg.simulate_pull("ecr-public/nginx/nginx", "1.25", manifest=make_manifest("two"))

    assert reg.simulate_pull("ecr-public/nginx/nginx", "1.25", manifest=make_manifest("one"))


def test_simulate_pull_index_manifest_raises_and_creates_nothing(ecr, ecr_fake):
    rule(ecr, "ecr-public")

    with pytest.raises(EcrFakeError, match="manifest is an image index"):
        ecr_fake.registry().simulate_pull(
            "ecr-public/multi", "1", manifest=make_index([make_manifest("a"), make_manifest("b")])
        )

    assert ecr.describe_repositories()["repositories"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ecr-public/Bad", "1"), "is not a valid repository name"),
        (("ecr-public/" + "a" * 250, "1"), "is not a valid repository name"),
        (("ecr-public/ok", ""), "tag must be a non-empty string"),
        (("ecr-public/ok", "1", "{not json"), "manifest is not usable"),
    ],
)
def test_simulate_pull_bad_arguments_raise_fake_error(ecr, ecr_fake, args, message):
    rule(ecr, "ecr-public")

    with pytest.raises(EcrFakeError, match=message):
        ecr_fake.registry().simulate_pull(*args)

    assert ecr.describe_repositories()["repositories"] == []


def test_simulate_pull_in_other_account_uses_that_registrys_rules(ecr_fake):
    other = "210987654321"
    ecr = boto3.client("ecr", region_name="us-east-1")
    rule(ecr, "ecr-public", registryId=other)

    ecr_fake.registry(other).simulate_pull("ecr-public/nginx/nginx", "1.25")

    repos = ecr.describe_repositories(registryId=other)["repositories"]
    assert [(r["registryId"], r["repositoryName"]) for r in repos] == [
        (other, "ecr-public/nginx/nginx")
    ]
    with pytest.raises(EcrFakeError):
        ecr_fake.registry().simulate_pull("ecr-public/nginx/nginx", "1.25")


# -- scanning applies as on a push ---------------------------------------------------------------


def test_simulate_pull_enhanced_continuous_scan_reports_seeded_findings(ecr, ecr_fake):
    rule(ecr, "ecr-public")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    reg = ecr_fake.registry()
    reg.seed_enhanced_findings(
        "ecr-public/apache/tomcat",
        {"imageTag": "9"},
        [
            enhanced_finding(
                "CVE-2021-44228",
                severity="CRITICAL",
                package_name="log4j-core",
                package_version="2.14.1",
                fixed_in_version="2.17.1",
                score=10.0,
            )
        ],
    )

    pulled = reg.simulate_pull("ecr-public/apache/tomcat", "9")

    out = ecr.describe_image_scan_findings(
        repositoryName="ecr-public/apache/tomcat", imageId={"imageTag": "9"}
    )
    assert out["imageId"]["imageDigest"] == pulled["imageDigest"]
    assert out["imageScanStatus"]["status"] == "ACTIVE"
    findings = out["imageScanFindings"]["enhancedFindings"]
    assert [f["packageVulnerabilityDetails"]["vulnerabilityId"] for f in findings] == [
        "CVE-2021-44228"
    ]
    assert out["imageScanFindings"]["findingSeverityCounts"] == {"CRITICAL": 1}


def test_simulate_pull_basic_scan_on_push_rule_scans_cached_image(ecr, ecr_fake):
    rule(ecr, "quay", "quay.io")
    ecr.put_registry_scanning_configuration(
        scanType="BASIC",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "quay/*", "filterType": "WILDCARD"}],
            }
        ],
    )

    ecr_fake.registry().simulate_pull("quay/coreos/etcd", "v3.5.0")

    out = ecr.describe_image_scan_findings(
        repositoryName="quay/coreos/etcd", imageId={"imageTag": "v3.5.0"}
    )
    assert out["imageScanStatus"]["status"] == "COMPLETE"
    assert out["imageScanFindings"]["findings"] == []


def test_simulate_pull_repository_outside_scan_filters_is_not_scanned(ecr, ecr_fake):
    rule(ecr, "quay", "quay.io")
    ecr.put_registry_scanning_configuration(
        scanType="BASIC",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "prod-*", "filterType": "WILDCARD"}],
            }
        ],
    )

    ecr_fake.registry().simulate_pull("quay/coreos/etcd", "v3.5.0")

    with pytest.raises(ecr.exceptions.ScanNotFoundException):
        ecr.describe_image_scan_findings(
            repositoryName="quay/coreos/etcd", imageId={"imageTag": "v3.5.0"}
        )


# -- docs/pull-through-cache.md ------------------------------------------------------------------


def test_simulate_pull_docs_example_runs(ecr_fake):
    page = (Path(__file__).resolve().parents[2] / "docs" / "pull-through-cache.md").read_text()
    source = re.search(r"```python\n(.*?)```", page, re.S).group(1)
    namespace: dict = {}
    exec(compile(source, "docs/pull-through-cache.md", "exec"), namespace)

    namespace["test_first_pull_through_the_cache_is_scanned"](ecr_fake)
