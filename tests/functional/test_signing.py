"""Managed signing: the signing configuration, rules matching repositories, signing statuses,
and ``Registry.plan_signing`` to decide an outcome."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from ecrfake import EcrFakeError

from ..conftest import code_and_message
from ._data_path import requires_operations

P1 = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/release"
P2 = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/audit"

pytestmark = requires_operations("PutSigningConfiguration", "DescribeImageSigningStatus")


def configure(ecr, *rules):
    return ecr.put_signing_configuration(signingConfiguration={"rules": list(rules)})


def rule(profile, *filters):
    out = {"signingProfileArn": profile}
    if filters:
        out["repositoryFilters"] = [{"filter": f, "filterType": "WILDCARD_MATCH"} for f in filters]
    return out


def statuses(ecr, repository, tag):
    return ecr.describe_image_signing_status(repositoryName=repository, imageId={"imageTag": tag})[
        "signingStatuses"
    ]


def test_put_then_get_signing_configuration(ecr):
    put = configure(ecr, rule(P1, "prod/*"))
    assert put["signingConfiguration"] == {"rules": [rule(P1, "prod/*")]}
    got = ecr.get_signing_configuration()
    assert got["registryId"] == "123456789012"
    assert got["signingConfiguration"] == {"rules": [rule(P1, "prod/*")]}


def test_get_signing_configuration_without_one_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.get_signing_configuration()
    assert code_and_message(exc)[0] == "SigningConfigurationNotFoundException"


def test_delete_signing_configuration_returns_it_and_leaves_signatures(ecr, repo, push_image):
    configure(ecr, rule(P1))
    push_image(repo, "1.0")
    deleted = ecr.delete_signing_configuration()
    assert deleted["signingConfiguration"] == {"rules": [rule(P1)]}
    push_image(repo, "2.0")
    assert statuses(ecr, repo, "1.0") == [{"signingProfileArn": P1, "status": "COMPLETE"}]
    assert statuses(ecr, repo, "2.0") == []
    with pytest.raises(ClientError) as exc:
        ecr.delete_signing_configuration()
    assert code_and_message(exc)[0] == "SigningConfigurationNotFoundException"


def test_put_signing_configuration_bad_profile_arn_raises_invalid_parameter(ecr):
    with pytest.raises(ClientError) as exc:
        configure(ecr, rule("arn:aws:iam::123456789012:role/x"))
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_push_is_signed_by_every_profile_whose_rule_matches(ecr, push_image):
    configure(ecr, rule(P1, "prod/*"), rule(P2, "*api*"), rule(P1))
    for name in ("prod/api", "dev/api", "dev/web"):
        ecr.create_repository(repositoryName=name)
        push_image(name, "1.0")
    assert [s["signingProfileArn"] for s in statuses(ecr, "prod/api", "1.0")] == [P1, P2]
    assert [s["signingProfileArn"] for s in statuses(ecr, "dev/api", "1.0")] == [P2, P1]
    assert [s["signingProfileArn"] for s in statuses(ecr, "dev/web", "1.0")] == [P1]


def test_push_in_no_matching_repository_has_no_signing_status(ecr, repo, push_image):
    configure(ecr, rule(P1, "prod/*"))
    push_image(repo, "1.0")
    assert statuses(ecr, repo, "1.0") == []


def test_plan_signing_failed_after_polls(ecr_fake, ecr, repo, push_image):
    configure(ecr, rule(P1))
    ecr_fake.registry().plan_signing(
        repo,
        {"imageTag": "1.0"},
        status="FAILED",
        failure_code="AccessDenied",
        failure_reason="not allowed to use the profile",
        polls=1,
    )
    push_image(repo, "1.0")
    assert statuses(ecr, repo, "1.0") == [{"signingProfileArn": P1, "status": "IN_PROGRESS"}]
    assert statuses(ecr, repo, "1.0") == [
        {
            "signingProfileArn": P1,
            "status": "FAILED",
            "failureCode": "AccessDenied",
            "failureReason": "not allowed to use the profile",
        }
    ]


def test_plan_signing_for_one_profile_leaves_the_others_complete(ecr_fake, ecr, repo, push_image):
    configure(ecr, rule(P1), rule(P2))
    ecr_fake.registry().plan_signing(
        repo, {"imageTag": "1.0"}, status="FAILED", signing_profile_arn=P2
    )
    push_image(repo, "1.0")
    assert [s["status"] for s in statuses(ecr, repo, "1.0")] == ["COMPLETE", "FAILED"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"status": "DONE"}, "status"),
        ({"polls": -1}, "polls"),
        ({"failure_code": "X"}, "only reported"),
        ({"status": "FAILED", "failure_reason": ""}, "failure_reason"),
        ({"signing_profile_arn": "arn:aws:iam::1:role/x"}, "signing profile ARN"),
    ],
)
def test_plan_signing_bad_arguments_raise_ecrfake_error(ecr_fake, kwargs, match):
    with pytest.raises(EcrFakeError, match=match):
        ecr_fake.registry().plan_signing("app", {"imageTag": "1.0"}, **kwargs)


def test_plan_signing_bad_image_id_raises_ecrfake_error(ecr_fake):
    with pytest.raises(EcrFakeError, match="imageTag"):
        ecr_fake.registry().plan_signing("app", {"tag": "1.0"})


def test_describe_image_signing_status_unknown_image_raises_image_not_found(ecr, repo):
    with pytest.raises(ClientError) as exc:
        statuses(ecr, repo, "nope")
    assert code_and_message(exc)[0] == "ImageNotFoundException"


# -- signing plans nothing used ----------------------------------------------------------------------


def test_signing_plan_for_a_tag_never_pushed_is_listed_by_unused_seeds(ecr_fake, ecr, repo):
    configure(ecr, rule(P1))
    ecr_fake.registry().plan_signing(repo, {"imageTag": "9.9"}, status="FAILED")
    assert ecr_fake.registry().unused_seeds() == [
        "signing plan for repository 'app', image {imageTag: '9.9'}, in registry "
        "123456789012/us-east-1: no image with that tag was pushed"
    ]
    ecr_fake.reset()  # forget the plan: the stopping fixture would warn about it (as intended)


def test_signing_plan_of_a_push_no_rule_signs_says_so(ecr_fake, ecr, repo, push_image):
    configure(ecr, rule(P1, "prod/*"))  # does not match "app"
    ecr_fake.registry().plan_signing(repo, {"imageTag": "1.0"}, status="FAILED")
    push_image(repo, "1.0")
    assert ecr_fake.registry().unused_seeds() == [
        "signing plan for repository 'app', image {imageTag: '1.0'}, in registry "
        "123456789012/us-east-1: no signing job of it started since the plan (does a signing "
        "rule match the repository?)"
    ]


def test_signing_plan_a_push_used_is_not_listed(ecr_fake, ecr, repo, push_image):
    configure(ecr, rule(P1))
    ecr_fake.registry().plan_signing(repo, {"imageTag": "1.0"}, status="FAILED")
    push_image(repo, "1.0")
    assert ecr_fake.registry().unused_seeds() == []
    assert statuses(ecr, repo, "1.0")[0]["status"] == "FAILED"
