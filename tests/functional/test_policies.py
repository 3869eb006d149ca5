"""Repository and registry policies, tag mutability and account settings through boto3."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from ecrfake import basic_finding
from tests.conftest import code_and_message, make_manifest

ACCOUNT = "123456789012"

PULL_POLICY = {
    "Version": "2008-10-17",
    "Statement": [
        {
            "Sid": "allow public pull",
            "Effect": "Allow",
            "Principal": "*",
            "Action": [
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
            ],
        }
    ],
}
# What ECR answers for PULL_POLICY (the AWS CLI's set-repository-policy example output).
PULL_POLICY_STORED = (
    '{\n  "Version" : "2008-10-17",\n  "Statement" : [ {\n    "Sid" : "allow public pull",\n'
    '    "Effect" : "Allow",\n    "Principal" : "*",\n    "Action" : [ '
    '"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" ]\n'
    "  } ]\n}"
)
REPLICATION_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReplicationAccessCrossAccount",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
            "Resource": f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/*",
        }
    ],
}
LOCKOUT = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": ["ecr:SetRepositoryPolicy"]},
    ],
}


# -- repository policies ---------------------------------------------------------------------------


def test_set_repository_policy_answers_the_policy_as_ecr_writes_it(ecr, repo):
    out = ecr.set_repository_policy(repositoryName=repo, policyText=json.dumps(PULL_POLICY))
    assert out == {
        "registryId": ACCOUNT,
        "repositoryName": repo,
        "policyText": PULL_POLICY_STORED,
        "ResponseMetadata": out["ResponseMetadata"],
    }


def test_get_repository_policy_reads_the_stored_policy(ecr, repo):
    ecr.set_repository_policy(repositoryName=repo, policyText=json.dumps(PULL_POLICY, indent=8))
    out = ecr.get_repository_policy(repositoryName=repo)
    assert out["policyText"] == PULL_POLICY_STORED
    assert json.loads(out["policyText"]) == PULL_POLICY


def test_delete_repository_policy_answers_it_then_get_raises_not_found(ecr, repo):
    ecr.set_repository_policy(repositoryName=repo, policyText=json.dumps(PULL_POLICY))
    assert ecr.delete_repository_policy(repositoryName=repo)["policyText"] == PULL_POLICY_STORED
    with pytest.raises(ClientError) as exc:
        ecr.get_repository_policy(repositoryName=repo)
    assert code_and_message(exc) == (
        "RepositoryPolicyNotFoundException",
        "Repository policy does not exist for the repository with name 'app' in the registry "
        f"with id '{ACCOUNT}'",
    )


def test_delete_repository_policy_without_a_policy_raises_not_found(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.delete_repository_policy(repositoryName=repo)
    assert code_and_message(exc)[0] == "RepositoryPolicyNotFoundException"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        json.dumps({"Version": "2012-10-17"}),
        json.dumps({"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "ecr:*"}]}),
        json.dumps({"Statement": [{"Effect": "Allow", "Action": "ecr:*"}]}),  # no principal
        json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*"}]}),  # no action
    ],
)
def test_set_repository_policy_refuses_text_that_is_not_a_valid_policy(ecr, repo, text):
    with pytest.raises(ClientError) as exc:
        ecr.set_repository_policy(repositoryName=repo, policyText=text)
    assert code_and_message(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository "
        "policy provided'",
    )


def test_set_repository_policy_that_locks_the_policy_needs_force(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.set_repository_policy(repositoryName=repo, policyText=json.dumps(LOCKOUT))
    code, message = code_and_message(exc)
    assert code == "InvalidParameterException"
    assert "force" in message
    with pytest.raises(ClientError):
        ecr.get_repository_policy(repositoryName=repo)  # nothing stored
    ecr.set_repository_policy(repositoryName=repo, policyText=json.dumps(LOCKOUT), force=True)
    assert json.loads(ecr.get_repository_policy(repositoryName=repo)["policyText"]) == LOCKOUT


@pytest.mark.parametrize(
    ("method", "extra"),
    [
        ("set_repository_policy", {"policyText": json.dumps(PULL_POLICY)}),
        ("get_repository_policy", {}),
        ("delete_repository_policy", {}),
    ],
)
def test_repository_policy_on_a_missing_repository_raises_repository_not_found(ecr, method, extra):
    with pytest.raises(ClientError) as exc:
        getattr(ecr, method)(repositoryName="nope", **extra)
    assert code_and_message(exc)[0] == "RepositoryNotFoundException"


def test_repository_policy_goes_with_its_repository(ecr, repo):
    ecr.set_repository_policy(repositoryName=repo, policyText=json.dumps(PULL_POLICY))
    ecr.delete_repository(repositoryName=repo)
    ecr.create_repository(repositoryName=repo)
    with pytest.raises(ClientError) as exc:
        ecr.get_repository_policy(repositoryName=repo)
    assert code_and_message(exc)[0] == "RepositoryPolicyNotFoundException"


# -- the registry policy ---------------------------------------------------------------------------


def test_put_registry_policy_then_get_and_delete(ecr, ecr_fake):
    out = ecr.put_registry_policy(policyText=json.dumps(REPLICATION_POLICY))
    assert out["registryId"] == ACCOUNT
    assert json.loads(out["policyText"]) == REPLICATION_POLICY
    assert ecr.get_registry_policy()["policyText"] == out["policyText"]
    model = ecr_fake.registry().model
    assert model.registry_policy.allows("111122223333", "ecr:ReplicateImage")
    assert not model.registry_policy.allows("444455556666", "ecr:ReplicateImage")
    assert ecr.delete_registry_policy()["policyText"] == out["policyText"]
    assert model.registry_policy is None


@pytest.mark.parametrize("method", ["get_registry_policy", "delete_registry_policy"])
def test_registry_policy_read_without_a_policy_raises_not_found(ecr, method):
    with pytest.raises(ClientError) as exc:
        getattr(ecr, method)()
    assert code_and_message(exc) == (
        "RegistryPolicyNotFoundException",
        f"Registry policy does not exist in the registry with id '{ACCOUNT}'",
    )


@pytest.mark.parametrize(
    "text",
    [
        "{",
        json.dumps({"Statement": []}),
        # the V2 scope allows every ECR action, and only ECR actions
        json.dumps(
            {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"]}]}
        ),
    ],
)
def test_put_registry_policy_refuses_an_invalid_policy(ecr, text):
    with pytest.raises(ClientError) as exc:
        ecr.put_registry_policy(policyText=text)
    assert code_and_message(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry "
        "policy provided'",
    )


def test_put_registry_policy_accepts_any_ecr_action_under_v2(ecr):
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["ecr:*", "ecr:BatchImportUpstreamImage", "ecr:DescribeImages"],
                "Resource": "*",
            }
        ],
    }
    ecr.put_registry_policy(policyText=json.dumps(policy))
    assert json.loads(ecr.get_registry_policy()["policyText"]) == policy


def test_registry_policy_belongs_to_the_callers_registry(ecr, ecr_fake):
    import boto3

    ecr.put_registry_policy(policyText=json.dumps(REPLICATION_POLICY))
    other_region = boto3.client("ecr", region_name="eu-west-1")
    with pytest.raises(ClientError) as exc:
        other_region.get_registry_policy()
    assert code_and_message(exc)[0] == "RegistryPolicyNotFoundException"


# -- tag mutability --------------------------------------------------------------------------------


def put(ecr, repo, seed, tag):
    return ecr.put_image(repositoryName=repo, imageManifest=make_manifest(seed), imageTag=tag)


def test_put_image_tag_mutability_answers_and_describe_repositories_shows_it(ecr, repo):
    out = ecr.put_image_tag_mutability(repositoryName=repo, imageTagMutability="IMMUTABLE")
    assert {k: out[k] for k in ("registryId", "repositoryName", "imageTagMutability")} == {
        "registryId": ACCOUNT,
        "repositoryName": repo,
        "imageTagMutability": "IMMUTABLE",
    }
    assert "imageTagMutabilityExclusionFilters" not in out
    (described,) = ecr.describe_repositories(repositoryNames=[repo])["repositories"]
    assert described["imageTagMutability"] == "IMMUTABLE"


def test_put_image_tag_mutability_immutable_refuses_moving_an_existing_tag(ecr, repo):
    put(ecr, repo, "a", "v1")
    ecr.put_image_tag_mutability(repositoryName=repo, imageTagMutability="IMMUTABLE")
    with pytest.raises(ClientError) as exc:
        put(ecr, repo, "b", "v1")
    assert code_and_message(exc) == (
        "ImageTagAlreadyExistsException",
        "The image tag 'v1' already exists in the 'app' repository and cannot be overwritten "
        "because the tag is immutable.",
    )
    put(ecr, repo, "b", "v2")  # a new tag is fine
    ecr.put_image_tag_mutability(repositoryName=repo, imageTagMutability="MUTABLE")
    put(ecr, repo, "c", "v1")  # later pushes follow the new setting


def test_put_image_tag_mutability_immutable_with_exclusion_lets_matching_tags_move(ecr, repo):
    out = ecr.put_image_tag_mutability(
        repositoryName=repo,
        imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters=[
            {"filterType": "WILDCARD", "filter": "latest"},
            {"filterType": "WILDCARD", "filter": "dev-*"},
        ],
    )
    assert out["imageTagMutabilityExclusionFilters"] == [
        {"filter": "latest", "filterType": "WILDCARD"},
        {"filter": "dev-*", "filterType": "WILDCARD"},
    ]
    for tag in ("latest", "dev-1", "v1"):
        put(ecr, repo, f"{tag}-a", tag)
    put(ecr, repo, "latest-b", "latest")
    put(ecr, repo, "dev-b", "dev-1")
    with pytest.raises(ClientError) as exc:
        put(ecr, repo, "v1-b", "v1")
    assert code_and_message(exc)[0] == "ImageTagAlreadyExistsException"


def test_put_image_tag_mutability_mutable_with_exclusion_protects_matching_tags(ecr, repo):
    ecr.put_image_tag_mutability(
        repositoryName=repo,
        imageTagMutability="MUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters=[{"filterType": "WILDCARD", "filter": "release-*"}],
    )
    put(ecr, repo, "r-a", "release-1")
    put(ecr, repo, "l-a", "latest")
    put(ecr, repo, "l-b", "latest")
    with pytest.raises(ClientError) as exc:
        put(ecr, repo, "r-b", "release-1")
    assert code_and_message(exc)[0] == "ImageTagAlreadyExistsException"
    (described,) = ecr.describe_repositories(repositoryNames=[repo])["repositories"]
    assert described["imageTagMutabilityExclusionFilters"] == [
        {"filter": "release-*", "filterType": "WILDCARD"}
    ]


def test_put_image_tag_mutability_with_exclusion_needs_filters(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.put_image_tag_mutability(
            repositoryName=repo, imageTagMutability="IMMUTABLE_WITH_EXCLUSION"
        )
    assert code_and_message(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: "
        "'ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as "
        "IMMUTABLE_WITH_EXCLUSION'",
    )


def test_put_image_tag_mutability_filters_only_with_an_exclusion_setting(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.put_image_tag_mutability(
            repositoryName=repo,
            imageTagMutability="IMMUTABLE",
            imageTagMutabilityExclusionFilters=[{"filterType": "WILDCARD", "filter": "x*"}],
        )
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_put_image_tag_mutability_bad_enum_or_filter_is_invalid(ecr, repo):
    with pytest.raises(ClientError) as exc:
        ecr.put_image_tag_mutability(repositoryName=repo, imageTagMutability="SOMETIMES")
    assert code_and_message(exc)[0] == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        ecr.put_image_tag_mutability(
            repositoryName=repo,
            imageTagMutability="MUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters=[{"filterType": "WILDCARD", "filter": "a/b"}],
        )
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_put_image_tag_mutability_on_a_missing_repository_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.put_image_tag_mutability(repositoryName="nope", imageTagMutability="MUTABLE")
    assert code_and_message(exc)[0] == "RepositoryNotFoundException"


# -- account settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("BASIC_SCAN_TYPE_VERSION", "AWS_NATIVE"),
        ("REGISTRY_POLICY_SCOPE", "V2"),
        ("BLOB_MOUNTING", "DISABLED"),
    ],
)
def test_get_account_setting_answers_each_default(ecr, name, default):
    out = ecr.get_account_setting(name=name)
    assert (out["name"], out["value"]) == (name, default)


def test_put_account_setting_changes_what_get_reads(ecr, ecr_fake):
    out = ecr.put_account_setting(name="BLOB_MOUNTING", value="ENABLED")
    assert (out["name"], out["value"]) == ("BLOB_MOUNTING", "ENABLED")
    assert ecr.get_account_setting(name="BLOB_MOUNTING")["value"] == "ENABLED"
    assert ecr_fake.registry().model.account_settings.get("BLOB_MOUNTING") == "ENABLED"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "REGISTRY_POLICY_SCOPE",
            "V1",
            "Invalid value 'V1' for account setting REGISTRY_POLICY_SCOPE. Valid values are: V2",
        ),
        (
            "BASIC_SCAN_TYPE_VERSION",
            "CLAIR",
            "Invalid value 'CLAIR' for account setting BASIC_SCAN_TYPE_VERSION. Valid values are: "
            "AWS_NATIVE",
        ),
        (
            "NO_SUCH_SETTING",
            "X",
            "Invalid account setting name 'NO_SUCH_SETTING'. Valid names are: "
            "BASIC_SCAN_TYPE_VERSION, BLOB_MOUNTING, REGISTRY_POLICY_SCOPE",
        ),
    ],
)
def test_put_account_setting_refuses_removed_or_unknown_values(ecr, name, value, message):
    with pytest.raises(ClientError) as exc:
        ecr.put_account_setting(name=name, value=value)
    assert code_and_message(exc) == ("ValidationException", message)


def test_get_account_setting_unknown_name_raises_validation(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.get_account_setting(name="NOPE")
    assert code_and_message(exc)[0] == "ValidationException"


def test_get_account_setting_name_too_long_is_invalid_parameter(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.get_account_setting(name="X" * 65)
    assert code_and_message(exc)[0] == "InvalidParameterException"


def test_account_settings_are_per_registry(ecr):
    import boto3

    ecr.put_account_setting(name="BLOB_MOUNTING", value="ENABLED")
    other = boto3.client("ecr", region_name="eu-west-1")
    assert other.get_account_setting(name="BLOB_MOUNTING")["value"] == "DISABLED"


def _scan_on_push_with_a_finding(ecr, ecr_fake, repo):
    ecr.put_registry_scanning_configuration(
        scanType="BASIC",
        rules=[
            {
                "scanFrequency": "SCAN_ON_PUSH",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ],
    )
    ecr_fake.registry().seed_basic_findings(
        repo, {"imageTag": "v1"}, [basic_finding("CVE-2020-0001", severity="HIGH")]
    )
    put(ecr, repo, "a", "v1")


def test_aws_native_basic_scans_leave_describe_images_scan_members_out_today(ecr, ecr_fake, repo):
    # given: today's DescribeImages, which follows the account's basic scanner
    ecr_fake.registry().describe_images_scan_fields = "current"
    ecr.put_account_setting(name="BASIC_SCAN_TYPE_VERSION", value="AWS_NATIVE")
    _scan_on_push_with_a_finding(ecr, ecr_fake, repo)

    # then: scan results are read through DescribeImageScanFindings only
    (detail,) = ecr.describe_images(repositoryName=repo)["imageDetails"]
    assert "imageScanStatus" not in detail and "imageScanFindingsSummary" not in detail
    findings = ecr.describe_image_scan_findings(repositoryName=repo, imageId={"imageTag": "v1"})
    assert findings["imageScanStatus"]["status"] == "COMPLETE"
    assert findings["imageScanFindings"]["findingSeverityCounts"] == {"HIGH": 1}


def test_basic_scan_type_version_is_the_scanner_describe_images_follows(ecr, ecr_fake, repo):
    scanning = ecr_fake.registry().model.scanning
    assert scanning.basic_scanner() == "AWS_NATIVE"
    _scan_on_push_with_a_finding(ecr, ecr_fake, repo)
    # the default mode keeps decision 10's members whatever the scanner
    (detail,) = ecr.describe_images(repositoryName=repo)["imageDetails"]
    assert detail["imageScanStatus"]["status"] == "COMPLETE"


@pytest.mark.parametrize("depth", [900, 1500])
def test_set_repository_policy_nested_too_deep_is_refused_not_a_server_error(ecr, repo, depth):
    deep = '{"k":' * depth + '"x"' + "}" * depth
    text = (
        '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Condition":'
        + deep
        + "}]}"
    )
    try:
        ecr.set_repository_policy(repositoryName=repo, policyText=text)
    except ClientError as exc:
        assert exc.response["Error"]["Code"] == "InvalidParameterException"
    else:  # shallow enough to keep: then it reads back as it was
        stored = ecr.get_repository_policy(repositoryName=repo)["policyText"]
        assert stored.count("{") == depth + 2


# -- validation shared by the #11 operations -------------------------------------------------------

LIFECYCLE_TEXT = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "imageCountMoreThan",
                    "countNumber": 1,
                },
                "action": {"type": "expire"},
            }
        ]
    }
)
REPOSITORY_OPERATIONS = [
    ("put_lifecycle_policy", {"lifecyclePolicyText": LIFECYCLE_TEXT}),
    ("get_lifecycle_policy", {}),
    ("delete_lifecycle_policy", {}),
    ("start_lifecycle_policy_preview", {}),
    ("get_lifecycle_policy_preview", {}),
    ("set_repository_policy", {"policyText": json.dumps(PULL_POLICY)}),
    ("get_repository_policy", {}),
    ("delete_repository_policy", {}),
    ("put_image_tag_mutability", {"imageTagMutability": "MUTABLE"}),
]


@pytest.mark.parametrize(("method", "extra"), REPOSITORY_OPERATIONS)
def test_repository_operation_with_an_invalid_repository_name_is_invalid_parameter(
    ecr, method, extra
):
    with pytest.raises(ClientError) as exc:
        getattr(ecr, method)(repositoryName="Not_Valid", **extra)
    code, message = code_and_message(exc)
    assert code == "InvalidParameterException"
    assert message.startswith("Invalid parameter at 'repositoryName' failed to satisfy constraint")


@pytest.mark.parametrize(("method", "extra"), REPOSITORY_OPERATIONS)
def test_repository_operation_with_an_invalid_registry_id_is_invalid_parameter(
    ecr, repo, method, extra
):
    with pytest.raises(ClientError) as exc:
        getattr(ecr, method)(registryId="12345", repositoryName=repo, **extra)
    assert code_and_message(exc)[0] == "InvalidParameterException"


@pytest.mark.parametrize(("method", "extra"), REPOSITORY_OPERATIONS)
def test_repository_operation_addresses_the_registry_its_registry_id_names(
    ecr, repo, method, extra
):
    with pytest.raises(ClientError) as exc:
        getattr(ecr, method)(registryId="111122223333", repositoryName=repo, **extra)
    assert code_and_message(exc) == (
        "RepositoryNotFoundException",
        "The repository with name 'app' does not exist in the registry with id '111122223333'",
    )
