"""Pull-through cache rule operations through boto3: create, describe, update, delete, validate."""

from __future__ import annotations

import datetime

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from ecrfake import mock_ecr_scanning

from .._floor import needs_current_model, needs_model

ACCOUNT = "123456789012"
REGION = "us-east-1"


def secret(name: str = "creds", account: str = ACCOUNT, region: str = REGION) -> str:
    return f"arn:aws:secretsmanager:{region}:{account}:secret:ecr-pullthroughcache/{name}-AbCdEf"


def role(account: str = ACCOUNT) -> str:
    return f"arn:aws:iam::{account}:role/ecr-pull-through"


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    err = exc.value.response["Error"]
    return err["Code"], err["Message"]


@pytest.fixture
def raw_ecr(ecr_fake):
    """A client that skips botocore's own checks, so the fake's validation answers."""
    return boto3.client("ecr", region_name=REGION, config=Config(parameter_validation=False))


# -- upstream registries -------------------------------------------------------------------------

UNAUTHENTICATED = [
    ("public.ecr.aws", "ecr-public"),
    ("quay.io", "quay"),
    ("registry.k8s.io", "k8s"),
]
AUTHENTICATED = [
    ("registry-1.docker.io", "docker-hub"),
    ("ghcr.io", "github-container-registry"),
    ("myregistry.azurecr.io", "azure-container-registry"),
    ("registry.gitlab.com", "gitlab-container-registry"),
    ("cgr.dev", "chainguard"),
]


@pytest.mark.parametrize(("url", "upstream"), UNAUTHENTICATED)
def test_create_pull_through_cache_rule_unauthenticated_upstream_derives_registry(
    ecr, url, upstream
):
    out = ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="cache", upstreamRegistryUrl=url)

    assert out["upstreamRegistry"] == upstream
    assert out["upstreamRegistryUrl"] == url
    assert out["ecrRepositoryPrefix"] == "cache"
    assert out["registryId"] == ACCOUNT
    assert out["upstreamRepositoryPrefix"] == "ROOT"
    assert "credentialArn" not in out
    assert isinstance(out["createdAt"], datetime.datetime)


@pytest.mark.parametrize(("url", "upstream"), AUTHENTICATED)
def test_create_pull_through_cache_rule_authenticated_upstream_with_secret(ecr, url, upstream):
    out = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="cache", upstreamRegistryUrl=url, credentialArn=secret()
    )

    assert out["upstreamRegistry"] == upstream
    assert out["credentialArn"] == secret()


@pytest.mark.parametrize(("url", "upstream"), AUTHENTICATED)
def test_create_pull_through_cache_rule_authenticated_upstream_without_secret_raises_validation(
    ecr, url, upstream
):
    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="cache", upstreamRegistryUrl=url)

    assert error_of(exc) == (
        "ValidationException",
        f"The upstream registry {upstream} requires authentication. Specify a credentialArn of "
        "an AWS Secrets Manager secret whose name starts with ecr-pullthroughcache/ and try again",
    )
    assert ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"] == []


@pytest.mark.parametrize(
    ("url", "upstream"),
    [
        # An explicit upstreamRegistry is checked against the client's enum (older models lack some)
        pytest.param(url, upstream, marks=needs_model(enum=("UpstreamRegistry", upstream)))
        for url, upstream in UNAUTHENTICATED + AUTHENTICATED
    ],
)
def test_create_pull_through_cache_rule_explicit_matching_upstream_accepted(ecr, url, upstream):
    kwargs = {"credentialArn": secret()} if (url, upstream) in AUTHENTICATED else {}

    out = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="cache", upstreamRegistryUrl=url, upstreamRegistry=upstream, **kwargs
    )

    assert out["upstreamRegistry"] == upstream


def test_create_pull_through_cache_rule_upstream_not_matching_url_raises_validation(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="cache", upstreamRegistryUrl="quay.io", upstreamRegistry="k8s"
        )

    assert error_of(exc) == (
        "ValidationException",
        "The upstream registry URL quay.io does not match the upstream registry k8s. Specify the "
        "URL of k8s or omit upstreamRegistry and try again",
    )


@pytest.mark.parametrize(
    "url",
    [
        "harbor.example.com",
        "https://quay.io",
        "docker.io",
        "quay.io/",
        "azurecr.io",
        "123.dkr.ecr.us-east-1.amazonaws.com",
    ],
)
def test_create_pull_through_cache_rule_unknown_url_raises_unsupported_upstream(ecr, url):
    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="cache", upstreamRegistryUrl=url)

    assert error_of(exc) == (
        "UnsupportedUpstreamRegistryException",
        f"The upstream registry URL {url} is invalid. Specify a valid upstream registry URL and "
        "try again",
    )


def test_create_pull_through_cache_rule_unauthenticated_upstream_with_secret_raises_validation(
    ecr,
):
    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="cache", upstreamRegistryUrl="quay.io", credentialArn=secret()
        )

    assert error_of(exc) == (
        "ValidationException",
        "The upstream registry quay does not use a credentialArn. Remove the credentialArn and "
        "try again",
    )


@pytest.mark.parametrize(
    ("arn", "what"),
    [
        (secret(account="210987654321"), "account"),
        (secret(region="eu-west-1"), "region"),
        pytest.param(
            secret().replace("arn:aws:", "arn:aws-cn:"),
            "partition",
            marks=needs_current_model("credentialArn pattern (any partition)"),
        ),
    ],
)
def test_create_pull_through_cache_rule_secret_elsewhere_raises_validation(ecr, arn, what):
    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="hub", upstreamRegistryUrl="registry-1.docker.io", credentialArn=arn
        )

    assert error_of(exc) == (
        "ValidationException",
        f"The credentialArn {arn} must be a secret in the same account ({ACCOUNT}) and region "
        f"({REGION}) as the pull through cache rule",
    )


def test_create_pull_through_cache_rule_secret_breaking_pattern_raises_invalid_parameter(raw_ecr):
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub/creds-AbCdEf"

    with pytest.raises(ClientError) as exc:
        raw_ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="hub", upstreamRegistryUrl="registry-1.docker.io", credentialArn=arn
        )

    code, message = error_of(exc)
    assert code == "InvalidParameterException"
    assert message.startswith("Invalid parameter at 'credentialArn' failed to satisfy constraint")


def test_create_pull_through_cache_rule_ecr_upstream_same_account_needs_no_role(ecr):
    url = f"{ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com"

    out = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="mirror", upstreamRegistryUrl=url, upstreamRepositoryPrefix="team-a"
    )

    assert out["upstreamRegistry"] == "ecr"
    assert out["upstreamRepositoryPrefix"] == "team-a"
    assert "customRoleArn" not in out


def test_create_pull_through_cache_rule_ecr_upstream_cross_account_with_role(ecr):
    url = "210987654321.dkr.ecr.us-west-2.amazonaws.com"

    out = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="mirror", upstreamRegistryUrl=url, customRoleArn=role()
    )

    assert out["customRoleArn"] == role()
    assert out["upstreamRegistry"] == "ecr"


def test_create_pull_through_cache_rule_ecr_upstream_cross_account_without_role_raises(ecr):
    url = "210987654321.dkr.ecr.us-west-2.amazonaws.com"

    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="mirror", upstreamRegistryUrl=url)

    assert error_of(exc) == (
        "ValidationException",
        f"The upstream registry {url} is in another account. Specify a customRoleArn of an IAM "
        f"role in account {ACCOUNT} that Amazon ECR can assume and try again",
    )


def test_create_pull_through_cache_rule_role_in_other_account_raises_validation(ecr):
    url = "210987654321.dkr.ecr.us-west-2.amazonaws.com"

    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="mirror",
            upstreamRegistryUrl=url,
            customRoleArn=role("210987654321"),
        )

    assert error_of(exc) == (
        "ValidationException",
        f"The customRoleArn {role('210987654321')} must be an IAM role in the same account "
        f"({ACCOUNT}) as the registry",
    )


def test_create_pull_through_cache_rule_role_for_non_ecr_upstream_raises_validation(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="cache", upstreamRegistryUrl="public.ecr.aws", customRoleArn=role()
        )

    assert error_of(exc) == (
        "ValidationException",
        "A customRoleArn can only be specified for the ecr upstream registry, not for ecr-public",
    )


def test_create_pull_through_cache_rule_upstream_prefix_for_other_upstreams_accepted(ecr):
    # Chainguard's own ECR guide scopes a cgr.dev rule with --upstream-repository-prefix.
    out = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="cg-ecr",
        upstreamRegistryUrl="cgr.dev",
        upstreamRepositoryPrefix="example.com",
        credentialArn=secret(),
    )

    assert out["upstreamRepositoryPrefix"] == "example.com"


def test_create_pull_through_cache_rule_root_with_upstream_prefix_raises_validation(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="ROOT",
            upstreamRegistryUrl="public.ecr.aws",
            upstreamRepositoryPrefix="team-a",
        )

    assert error_of(exc) == (
        "ValidationException",
        "The upstreamRepositoryPrefix can only be specified when the ecrRepositoryPrefix is not ROOT",
    )


def test_create_pull_through_cache_rule_root_with_root_upstream_prefix_accepted(ecr):
    out = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="ROOT",
        upstreamRegistryUrl="public.ecr.aws",
        upstreamRepositoryPrefix="ROOT",
    )

    assert (out["ecrRepositoryPrefix"], out["upstreamRepositoryPrefix"]) == ("ROOT", "ROOT")


def test_create_pull_through_cache_rule_created_at_from_fake_clock(ecr):
    import time_machine

    moment = datetime.datetime(2030, 5, 17, 8, 30, tzinfo=datetime.timezone.utc)
    with time_machine.travel(moment, tick=False):
        out = ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="cache", upstreamRegistryUrl="quay.io"
        )

    assert out["createdAt"] == moment


# -- prefixes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix",
    [
        "ab",
        "a" * 30,
        "ROOT",
        "team/app",
        "team/app/",
        "a.b_c-d",
        pytest.param(
            "a__b", marks=needs_current_model("PullThroughCacheRuleRepositoryPrefix pattern")
        ),
        "x/y/z",
    ],
)
def test_create_pull_through_cache_rule_valid_prefix_accepted(ecr, prefix):
    out = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix=prefix, upstreamRegistryUrl="public.ecr.aws"
    )

    assert out["ecrRepositoryPrefix"] == prefix


def test_create_pull_through_cache_rule_one_character_prefix_refused_by_botocore(ecr):
    with pytest.raises(ParamValidationError):
        ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="a", upstreamRegistryUrl="quay.io")


@pytest.mark.parametrize(
    ("prefix", "constraint"),
    [
        ("a", "must have length greater than or equal to 2"),
        ("a" * 31, "must have length less than or equal to 30"),
    ],
)
def test_create_pull_through_cache_rule_prefix_length_raises_invalid_parameter(
    raw_ecr, prefix, constraint
):
    with pytest.raises(ClientError) as exc:
        raw_ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=prefix, upstreamRegistryUrl="quay.io"
        )

    assert error_of(exc) == (
        "InvalidParameterException",
        f"Invalid parameter at 'ecrRepositoryPrefix' failed to satisfy constraint: '{constraint}'",
    )


@pytest.mark.parametrize("prefix", ["/team", "team//app", "Team", "root", "ROOT/", "te am", "a//"])
def test_create_pull_through_cache_rule_bad_prefix_raises_invalid_parameter(raw_ecr, prefix):
    if prefix == "root":  # lowercase "root" is an ordinary prefix, only "ROOT" is the keyword
        raw_ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=prefix, upstreamRegistryUrl="quay.io"
        )
        return
    with pytest.raises(ClientError) as exc:
        raw_ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=prefix, upstreamRegistryUrl="quay.io"
        )

    code, message = error_of(exc)
    assert code == "InvalidParameterException"
    assert message.startswith(
        "Invalid parameter at 'ecrRepositoryPrefix' failed to satisfy constraint: "
    )


@pytest.mark.parametrize(
    ("first", "second"), [("team", "team"), ("team", "team/"), ("team/", "team")]
)
def test_create_pull_through_cache_rule_duplicate_prefix_raises_already_exists(ecr, first, second):
    ecr.create_pull_through_cache_rule(ecrRepositoryPrefix=first, upstreamRegistryUrl="quay.io")

    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=second, upstreamRegistryUrl="public.ecr.aws"
        )

    assert error_of(exc) == (
        "PullThroughCacheRuleAlreadyExistsException",
        f"A pull through cache rule with the ECR repository prefix '{second}' already exists in "
        f"the registry with id '{ACCOUNT}'",
    )


def test_create_pull_through_cache_rule_overlapping_prefixes_accepted(ecr):
    for prefix in ("team", "team/app", "ROOT"):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=prefix, upstreamRegistryUrl="quay.io"
        )

    rules = ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"]
    assert [r["ecrRepositoryPrefix"] for r in rules] == ["team", "team/app", "ROOT"]


def test_create_pull_through_cache_rule_51st_raises_limit_exceeded(ecr):
    for i in range(50):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=f"cache-{i:02d}", upstreamRegistryUrl="public.ecr.aws"
        )

    with pytest.raises(ClientError) as exc:
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="one-too-many", upstreamRegistryUrl="public.ecr.aws"
        )

    assert error_of(exc) == (
        "LimitExceededException",
        f"The maximum number of pull through cache rules (50) for the registry with id "
        f"'{ACCOUNT}' has been reached",
    )


def test_create_pull_through_cache_rule_limit_is_per_registry(ecr):
    for i in range(50):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=f"cache-{i:02d}", upstreamRegistryUrl="public.ecr.aws"
        )
    other_region = boto3.client("ecr", region_name="eu-west-1")

    out = other_region.create_pull_through_cache_rule(
        ecrRepositoryPrefix="cache-50", upstreamRegistryUrl="public.ecr.aws"
    )

    assert out["ecrRepositoryPrefix"] == "cache-50"


def test_create_pull_through_cache_rule_registry_id_addresses_that_account(ecr, ecr_fake):
    other = "210987654321"
    out = ecr.create_pull_through_cache_rule(
        registryId=other,
        ecrRepositoryPrefix="hub",
        upstreamRegistryUrl="registry-1.docker.io",
        credentialArn=secret(account=other),
    )

    assert out["registryId"] == other
    assert ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"] == []
    rules = ecr.describe_pull_through_cache_rules(registryId=other)["pullThroughCacheRules"]
    assert [r["ecrRepositoryPrefix"] for r in rules] == ["hub"]


# -- describe ------------------------------------------------------------------------------------


def test_describe_pull_through_cache_rules_empty(ecr):
    out = ecr.describe_pull_through_cache_rules()

    assert out["pullThroughCacheRules"] == []
    assert "nextToken" not in out


def test_describe_pull_through_cache_rules_lists_every_member(ecr):
    created = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="hub",
        upstreamRegistryUrl="registry-1.docker.io",
        credentialArn=secret(),
    )

    (rule,) = ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"]

    assert rule == {
        "ecrRepositoryPrefix": "hub",
        "upstreamRegistryUrl": "registry-1.docker.io",
        "createdAt": created["createdAt"],
        "registryId": ACCOUNT,
        "credentialArn": secret(),
        "upstreamRegistry": "docker-hub",
        "upstreamRepositoryPrefix": "ROOT",
    }


def test_describe_pull_through_cache_rules_requested_prefixes_in_creation_order(ecr):
    for prefix in ("alpha", "beta", "gamma/", "delta"):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=prefix, upstreamRegistryUrl="quay.io"
        )

    out = ecr.describe_pull_through_cache_rules(ecrRepositoryPrefixes=["delta", "gamma", "alpha"])

    assert [r["ecrRepositoryPrefix"] for r in out["pullThroughCacheRules"]] == [
        "alpha",
        "gamma/",
        "delta",
    ]


def test_describe_pull_through_cache_rules_unknown_prefix_raises_not_found(ecr):
    ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="alpha", upstreamRegistryUrl="quay.io")

    with pytest.raises(ClientError) as exc:
        ecr.describe_pull_through_cache_rules(ecrRepositoryPrefixes=["alpha", "nope"])

    assert error_of(exc) == (
        "PullThroughCacheRuleNotFoundException",
        f"The pull through cache rule with the ECR repository prefix 'nope' does not exist in the "
        f"registry with id '{ACCOUNT}'",
    )


def test_describe_pull_through_cache_rules_paginator_walks_50_rules(ecr):
    for i in range(50):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=f"cache-{i:02d}", upstreamRegistryUrl="public.ecr.aws"
        )

    pages = list(
        ecr.get_paginator("describe_pull_through_cache_rules").paginate(
            PaginationConfig={"PageSize": 7}
        )
    )

    assert [len(p["pullThroughCacheRules"]) for p in pages] == [7] * 7 + [1]
    prefixes = [r["ecrRepositoryPrefix"] for p in pages for r in p["pullThroughCacheRules"]]
    assert prefixes == [f"cache-{i:02d}" for i in range(50)]
    assert "nextToken" not in pages[-1]


def test_describe_pull_through_cache_rules_default_page_is_100(ecr):
    for i in range(50):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=f"cache-{i:02d}", upstreamRegistryUrl="public.ecr.aws"
        )

    out = ecr.describe_pull_through_cache_rules()

    assert len(out["pullThroughCacheRules"]) == 50
    assert "nextToken" not in out


def test_describe_pull_through_cache_rules_pages_requested_prefixes(ecr):
    for prefix in ("a1", "b1", "a2", "b2", "a3"):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=prefix, upstreamRegistryUrl="quay.io"
        )

    first = ecr.describe_pull_through_cache_rules(
        ecrRepositoryPrefixes=["a1", "a2", "a3"], maxResults=2
    )
    second = ecr.describe_pull_through_cache_rules(
        ecrRepositoryPrefixes=["a1", "a2", "a3"], maxResults=2, nextToken=first["nextToken"]
    )

    assert [r["ecrRepositoryPrefix"] for r in first["pullThroughCacheRules"]] == ["a1", "a2"]
    assert [r["ecrRepositoryPrefix"] for r in second["pullThroughCacheRules"]] == ["a3"]
    assert "nextToken" not in second


def test_describe_pull_through_cache_rules_foreign_token_raises_invalid_parameter(ecr):
    for prefix in ("a1", "a2"):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=prefix, upstreamRegistryUrl="quay.io"
        )
    token = ecr.describe_pull_through_cache_rules(maxResults=1)["nextToken"]

    with pytest.raises(ClientError) as exc:
        ecr.describe_pull_through_cache_rules(ecrRepositoryPrefixes=["a1"], nextToken=token)

    assert error_of(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'nextToken' failed to satisfy constraint: "
        "'The token is not valid for this request'",
    )


def test_describe_pull_through_cache_rules_max_results_over_1000_raises_invalid_parameter(raw_ecr):
    with pytest.raises(ClientError) as exc:
        raw_ecr.describe_pull_through_cache_rules(maxResults=1001)

    assert error_of(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'maxResults' failed to satisfy constraint: "
        "'Member must have value less than or equal to 1000'",
    )


# -- delete --------------------------------------------------------------------------------------


def test_delete_pull_through_cache_rule_returns_deleted_rule(ecr):
    created = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="hub/",
        upstreamRegistryUrl="registry-1.docker.io",
        credentialArn=secret(),
    )

    out = ecr.delete_pull_through_cache_rule(ecrRepositoryPrefix="hub")

    out.pop("ResponseMetadata")
    assert out == {
        "ecrRepositoryPrefix": "hub/",
        "upstreamRegistryUrl": "registry-1.docker.io",
        "createdAt": created["createdAt"],
        "registryId": ACCOUNT,
        "credentialArn": secret(),
        "upstreamRepositoryPrefix": "ROOT",
    }
    assert ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"] == []


def test_delete_pull_through_cache_rule_frees_prefix_and_quota(ecr):
    for i in range(50):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix=f"cache-{i:02d}", upstreamRegistryUrl="public.ecr.aws"
        )

    ecr.delete_pull_through_cache_rule(ecrRepositoryPrefix="cache-07")
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="cache-07", upstreamRegistryUrl="quay.io"
    )

    rules = ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"]
    assert len(rules) == 50
    assert rules[-1]["ecrRepositoryPrefix"] == "cache-07"
    assert rules[-1]["upstreamRegistry"] == "quay"


def test_delete_pull_through_cache_rule_missing_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.delete_pull_through_cache_rule(ecrRepositoryPrefix="nope")

    assert error_of(exc) == (
        "PullThroughCacheRuleNotFoundException",
        f"The pull through cache rule with the ECR repository prefix 'nope' does not exist in the "
        f"registry with id '{ACCOUNT}'",
    )


# -- update --------------------------------------------------------------------------------------


def test_update_pull_through_cache_rule_replaces_secret_and_sets_updated_at(ecr):
    import time_machine

    created_at = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    updated_at = datetime.datetime(2030, 2, 1, tzinfo=datetime.timezone.utc)
    with time_machine.travel(created_at, tick=False):
        ecr.create_pull_through_cache_rule(
            ecrRepositoryPrefix="hub",
            upstreamRegistryUrl="registry-1.docker.io",
            credentialArn=secret(),
        )
    with time_machine.travel(updated_at, tick=False):
        out = ecr.update_pull_through_cache_rule(
            ecrRepositoryPrefix="hub/", credentialArn=secret("rotated")
        )

    out.pop("ResponseMetadata")
    assert out == {
        "ecrRepositoryPrefix": "hub",
        "registryId": ACCOUNT,
        "updatedAt": updated_at,
        "credentialArn": secret("rotated"),
        "upstreamRepositoryPrefix": "ROOT",
    }
    (rule,) = ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"]
    assert (rule["createdAt"], rule["updatedAt"]) == (created_at, updated_at)
    assert rule["credentialArn"] == secret("rotated")


def test_update_pull_through_cache_rule_replaces_role_of_ecr_upstream(ecr):
    url = "210987654321.dkr.ecr.us-west-2.amazonaws.com"
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="mirror", upstreamRegistryUrl=url, customRoleArn=role()
    )
    new_role = f"arn:aws:iam::{ACCOUNT}:role/other"

    out = ecr.update_pull_through_cache_rule(ecrRepositoryPrefix="mirror", customRoleArn=new_role)

    assert out["customRoleArn"] == new_role
    assert "credentialArn" not in out


def test_update_pull_through_cache_rule_secret_in_other_region_raises_validation(ecr):
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="hub",
        upstreamRegistryUrl="registry-1.docker.io",
        credentialArn=secret(),
    )
    arn = secret(region="eu-west-1")

    with pytest.raises(ClientError) as exc:
        ecr.update_pull_through_cache_rule(ecrRepositoryPrefix="hub", credentialArn=arn)

    assert error_of(exc) == (
        "ValidationException",
        f"The credentialArn {arn} must be a secret in the same account ({ACCOUNT}) and region "
        f"({REGION}) as the pull through cache rule",
    )
    (rule,) = ecr.describe_pull_through_cache_rules()["pullThroughCacheRules"]
    assert rule["credentialArn"] == secret()
    assert "updatedAt" not in rule


def test_update_pull_through_cache_rule_secret_for_unauthenticated_upstream_raises(ecr):
    ecr.create_pull_through_cache_rule(ecrRepositoryPrefix="qy", upstreamRegistryUrl="quay.io")

    with pytest.raises(ClientError) as exc:
        ecr.update_pull_through_cache_rule(ecrRepositoryPrefix="qy", credentialArn=secret())

    assert error_of(exc) == (
        "ValidationException",
        "The upstream registry quay does not use a credentialArn. Remove the credentialArn and "
        "try again",
    )


def test_update_pull_through_cache_rule_missing_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.update_pull_through_cache_rule(ecrRepositoryPrefix="nope", credentialArn=secret())

    assert error_of(exc) == (
        "PullThroughCacheRuleNotFoundException",
        f"The pull through cache rule with the ECR repository prefix 'nope' does not exist in the "
        f"registry with id '{ACCOUNT}'",
    )


# -- validate ------------------------------------------------------------------------------------


def test_validate_pull_through_cache_rule_with_secret_is_valid(ecr):
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="gh", upstreamRegistryUrl="ghcr.io", credentialArn=secret()
    )

    out = ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix="gh")

    out.pop("ResponseMetadata")
    assert out == {
        "ecrRepositoryPrefix": "gh",
        "registryId": ACCOUNT,
        "upstreamRegistryUrl": "ghcr.io",
        "credentialArn": secret(),
        "upstreamRepositoryPrefix": "ROOT",
        "isValid": True,
    }


def test_validate_pull_through_cache_rule_unauthenticated_upstream_is_valid(ecr):
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="k8s", upstreamRegistryUrl="registry.k8s.io"
    )

    out = ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix="k8s/")

    assert out["isValid"] is True
    assert "failure" not in out


def test_validate_pull_through_cache_rule_missing_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix="nope")

    assert error_of(exc) == (
        "PullThroughCacheRuleNotFoundException",
        f"The pull through cache rule with the ECR repository prefix 'nope' does not exist in the "
        f"registry with id '{ACCOUNT}'",
    )


def test_validate_pull_through_cache_rule_broken_credential_is_invalid(ecr, ecr_fake):
    ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="gh", upstreamRegistryUrl="ghcr.io", credentialArn=secret()
    )
    # A rule can only be stored broken by reaching into the model; the API never lets one in.
    bad = secret(region="eu-west-1")
    ecr_fake.registry().model.pull_through.get_rule("gh").credential_arn = bad

    out = ecr.validate_pull_through_cache_rule(ecrRepositoryPrefix="gh")

    assert out["isValid"] is False
    assert out["failure"] == (
        f"The credentialArn {bad} must be a secret in the same account ({ACCOUNT}) and region "
        f"({REGION}) as the pull through cache rule"
    )


@mock_ecr_scanning(region="eu-central-1")
def test_create_pull_through_cache_rule_secret_follows_client_region():
    ecr = boto3.client("ecr", region_name="eu-central-1")
    arn = secret(region="eu-central-1")

    out = ecr.create_pull_through_cache_rule(
        ecrRepositoryPrefix="hub", upstreamRegistryUrl="registry-1.docker.io", credentialArn=arn
    )

    assert out["credentialArn"] == arn
