"""The pull-through cache model without HTTP: URL forms, prefix mapping, rule choice, manifests."""

from __future__ import annotations

import json

import pytest

from ecrfake.exceptions import UnsupportedUpstreamRegistryException, ValidationException
from ecrfake.models._upstreams import (
    check_credential_arn,
    check_custom_role_arn,
    synthetic_manifest,
    upstream_of_url,
)
from ecrfake.models.manifest import parse_manifest
from ecrfake.models.registry import RegistryModel


@pytest.fixture
def registry():
    return RegistryModel("123456789012", "us-east-1")


@pytest.mark.parametrize(
    ("url", "upstream"),
    [
        ("public.ecr.aws", "ecr-public"),
        ("quay.io", "quay"),
        ("registry.k8s.io", "k8s"),
        ("registry-1.docker.io", "docker-hub"),
        ("ghcr.io", "github-container-registry"),
        ("contoso1.azurecr.io", "azure-container-registry"),
        ("registry.gitlab.com", "gitlab-container-registry"),
        ("cgr.dev", "chainguard"),
        ("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "ecr"),
        ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "ecr"),
        ("123456789012.dkr.ecr.us-gov-west-1.amazonaws.com", "ecr"),
    ],
)
def test_upstream_of_url_known_forms(url, upstream):
    assert upstream_of_url(url) == upstream


@pytest.mark.parametrize(
    "url",
    [
        "gitlab.com",
        "QUAY.IO",
        "my_reg.azurecr.io",
        "123456789012.dkr.ecr.amazonaws.com",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/path",
        "",
    ],
)
def test_upstream_of_url_other_forms_raise_unsupported(url):
    with pytest.raises(UnsupportedUpstreamRegistryException) as exc:
        upstream_of_url(url)

    assert exc.value.message == (
        f"The upstream registry URL {url} is invalid. Specify a valid upstream registry URL and "
        "try again"
    )


def test_check_credential_arn_same_account_and_region_passes():
    check_credential_arn(
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/x-AbCdEf",
        "123456789012",
        "us-east-1",
    )


def test_check_credential_arn_china_partition_passes():
    check_credential_arn(
        "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:ecr-pullthroughcache/x",
        "123456789012",
        "cn-north-1",
    )


def test_check_credential_arn_extra_colon_fields_raise_validation():
    arn = "arn:aws:secretsmanager:us-east-1:extra:123456789012:secret:ecr-pullthroughcache/x"

    with pytest.raises(ValidationException) as exc:
        check_credential_arn(arn, "123456789012", "us-east-1")

    assert exc.value.message.startswith(f"The credentialArn {arn} is not a valid AWS Secrets")


def test_check_custom_role_arn_not_a_role_raises_validation():
    arn = "arn:aws:iam::123456789012:user/someone"

    with pytest.raises(ValidationException) as exc:
        check_custom_role_arn(arn, "123456789012")

    assert exc.value.message == (
        f"The customRoleArn {arn} is not a valid IAM role ARN. Specify a role ARN of the form "
        "arn:<partition>:iam::<account>:role/<name> and try again"
    )


@pytest.mark.parametrize(
    ("ecr_prefix", "upstream_prefix", "name", "upstream"),
    [  # the user guide's mapping table, plus a trailing slash on either side
        ("ecr-public", None, "ecr-public/my-app/image1", "my-app/image1"),
        ("ROOT", None, "my-app/image1", "my-app/image1"),
        ("team-a", "team-a", "team-a/myapp/image1", "team-a/myapp/image1"),
        ("my-app", "upstream-app", "my-app/image1", "upstream-app/image1"),
        ("my-app/", "upstream-app/", "my-app/image1", "upstream-app/image1"),
        ("docker-hub", None, "docker-hub/library/nginx", "library/nginx"),
    ],
)
def test_rule_upstream_repository_maps_like_the_user_guide(
    registry, ecr_prefix, upstream_prefix, name, upstream
):
    rule = registry.pull_through.create_rule(
        ecr_prefix, "public.ecr.aws", upstream_repository_prefix=upstream_prefix
    )

    assert rule.covers(name)
    assert rule.upstream_repository(name) == upstream


def test_rule_for_longest_prefix_wins_root_is_fallback(registry):
    model = registry.pull_through
    for prefix in ("ROOT", "team", "team/app", "teams"):
        model.create_rule(prefix, "quay.io")

    chosen = {
        name: model.rule_for(name).ecr_repository_prefix  # type: ignore[union-attr]
        for name in ("team/app/x", "team/app", "team/other", "teams/x", "team", "elsewhere")
    }

    assert chosen == {
        "team/app/x": "team/app",
        "team/app": "team",
        "team/other": "team",
        "teams/x": "teams",
        "team": "ROOT",
        "elsewhere": "ROOT",
    }


def test_rule_for_no_rule_covers_name(registry):
    registry.pull_through.create_rule("team", "quay.io")

    assert registry.pull_through.rule_for("team") is None
    assert registry.pull_through.rule_for("other/x") is None


def test_synthetic_manifest_is_deterministic_and_a_scannable_image():
    first = synthetic_manifest("quay.io", "coreos/etcd", "v3.5.0")
    again = synthetic_manifest("quay.io", "coreos/etcd", "v3.5.0")
    other_tag = synthetic_manifest("quay.io", "coreos/etcd", "v3.5.1")
    other_url = synthetic_manifest("public.ecr.aws", "coreos/etcd", "v3.5.0")

    info = parse_manifest(first)
    assert first == again
    assert len({parse_manifest(m).digest for m in (first, other_tag, other_url)}) == 3
    assert info.media_type == "application/vnd.docker.distribution.manifest.v2+json"
    assert info.artifact_media_type == "application/vnd.docker.container.image.v1+json"
    assert info.size == sum(layer["size"] for layer in json.loads(first)["layers"]) > 0


def test_delete_rule_keeps_order_of_the_rest(registry):
    model = registry.pull_through
    for prefix in ("aa", "bb", "cc"):
        model.create_rule(prefix, "quay.io")

    model.delete_rule("bb/")
    page, token = model.describe_rules()

    assert [r.ecr_repository_prefix for r in page] == ["aa", "cc"]
    assert token is None
