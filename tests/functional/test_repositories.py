"""CreateRepository, DescribeRepositories, DeleteRepository and PutImageScanningConfiguration."""

from __future__ import annotations

import datetime

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"


def _error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    err = exc.value.response["Error"]
    return err["Code"], err["Message"]


# -- CreateRepository -----------------------------------------------------------------------------


def test_create_repository_defaults(ecr):
    repo = ecr.create_repository(repositoryName="team/app")["repository"]

    assert repo["repositoryArn"] == f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/team/app"
    assert repo["registryId"] == ACCOUNT
    assert repo["repositoryName"] == "team/app"
    assert repo["repositoryUri"] == f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/team/app"
    assert isinstance(repo["createdAt"], datetime.datetime)
    assert repo["imageTagMutability"] == "MUTABLE"
    assert repo["imageScanningConfiguration"] == {"scanOnPush": False}
    assert repo["encryptionConfiguration"] == {"encryptionType": "AES256"}
    assert "imageTagMutabilityExclusionFilters" not in repo


def test_create_repository_twice_raises_already_exists(ecr):
    ecr.create_repository(repositoryName="app")

    with pytest.raises(ClientError) as exc:
        ecr.create_repository(repositoryName="app")

    assert _error(exc) == (
        "RepositoryAlreadyExistsException",
        f"The repository with name 'app' already exists in the registry with id '{ACCOUNT}'",
    )


def test_create_repository_with_settings_reads_them_back(ecr):
    repo = ecr.create_repository(
        repositoryName="app",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
    )["repository"]

    assert repo["imageTagMutability"] == "IMMUTABLE"
    assert repo["imageScanningConfiguration"] == {"scanOnPush": True}
    described = ecr.describe_repositories(repositoryNames=["app"])["repositories"][0]
    assert described == repo


def test_create_repository_in_another_account_and_region(ecr_fake):
    import boto3

    client = boto3.client("ecr", region_name="eu-west-1")
    repo = client.create_repository(repositoryName="app", registryId="111122223333")["repository"]

    assert repo["repositoryArn"] == "arn:aws:ecr:eu-west-1:111122223333:repository/app"
    assert repo["repositoryUri"] == "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app"
    assert "app" in ecr_fake.registry("111122223333", "eu-west-1").repositories
    assert "app" not in ecr_fake.registry().repositories


@pytest.mark.parametrize("mode", ["MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION"])
def test_create_repository_with_exclusion_mode_and_filters(ecr, mode):
    filters = [
        {"filter": "latest", "filterType": "WILDCARD"},
        {"filter": "dev-*", "filterType": "WILDCARD"},
    ]

    repo = ecr.create_repository(
        repositoryName="app", imageTagMutability=mode, imageTagMutabilityExclusionFilters=filters
    )["repository"]

    assert repo["imageTagMutability"] == mode
    assert repo["imageTagMutabilityExclusionFilters"] == filters


@pytest.mark.parametrize("mode", ["MUTABLE_WITH_EXCLUSION", "IMMUTABLE_WITH_EXCLUSION"])
def test_create_repository_exclusion_mode_without_filters_raises_invalid_parameter(ecr, mode):
    with pytest.raises(ClientError) as exc:
        ecr.create_repository(repositoryName="app", imageTagMutability=mode)

    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: "
        f"'ImageTagMutabilityExclusionFilters can't be null when imageTagMutability is set as {mode}'",
    )


@pytest.mark.parametrize("mode", [None, "MUTABLE", "IMMUTABLE"])
def test_create_repository_filters_without_exclusion_mode_raises_invalid_parameter(ecr, mode):
    args = {"imageTagMutability": mode} if mode else {}

    with pytest.raises(ClientError) as exc:
        ecr.create_repository(
            repositoryName="app",
            imageTagMutabilityExclusionFilters=[{"filter": "x", "filterType": "WILDCARD"}],
            **args,
        )

    code, message = _error(exc)
    assert code == "InvalidParameterException"
    assert message.startswith(
        "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: "
        "'ImageTagMutabilityExclusionFilters can only be set when imageTagMutability is set as "
    )
    assert "app" not in {r["repositoryName"] for r in ecr.describe_repositories()["repositories"]}


def test_create_repository_kms_without_key_uses_the_aws_managed_key(ecr):
    first = ecr.create_repository(
        repositoryName="one", encryptionConfiguration={"encryptionType": "KMS"}
    )["repository"]["encryptionConfiguration"]
    second = ecr.create_repository(
        repositoryName="two", encryptionConfiguration={"encryptionType": "KMS"}
    )["repository"]["encryptionConfiguration"]

    assert first["encryptionType"] == "KMS"
    assert first["kmsKey"].startswith(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/")
    key_id = first["kmsKey"].rsplit("/", 1)[1]
    assert len(key_id) == 36 and key_id.count("-") == 4
    # One AWS managed key per account and region, shared by every repository.
    assert second == first


@pytest.mark.parametrize("kind", ["KMS", "KMS_DSSE"])
def test_create_repository_kms_with_key_keeps_it(ecr, kind):
    key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"

    repo = ecr.create_repository(
        repositoryName="app", encryptionConfiguration={"encryptionType": kind, "kmsKey": key}
    )["repository"]

    assert repo["encryptionConfiguration"] == {"encryptionType": kind, "kmsKey": key}


def test_create_repository_aes256_with_kms_key_raises_invalid_parameter(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.create_repository(
            repositoryName="app",
            encryptionConfiguration={"encryptionType": "AES256", "kmsKey": "alias/mine"},
        )

    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'encryptionConfiguration.kmsKey' failed to satisfy constraint: "
        "'A KMS key can only be specified with the KMS or KMS_DSSE encryption type'",
    )


def test_create_repository_bad_name_raises_invalid_parameter(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.create_repository(repositoryName="App")

    code, message = _error(exc)
    assert code == "InvalidParameterException"
    assert message.startswith(
        "Invalid parameter at 'repositoryName' failed to satisfy constraint: "
        "'must satisfy regular expression '"
    )


# -- DescribeRepositories -------------------------------------------------------------------------


def test_describe_repositories_empty_registry(ecr):
    response = ecr.describe_repositories()

    assert response["repositories"] == []
    assert "nextToken" not in response


def test_describe_repositories_lists_in_creation_order(ecr):
    for name in ("c", "a", "b"):
        ecr.create_repository(repositoryName=f"repo-{name}")

    names = [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]]

    assert names == ["repo-c", "repo-a", "repo-b"]


def test_describe_repositories_by_name_in_request_order(ecr):
    for name in ("one", "two", "three"):
        ecr.create_repository(repositoryName=name)

    repos = ecr.describe_repositories(repositoryNames=["three", "one", "three"])["repositories"]

    assert [r["repositoryName"] for r in repos] == ["three", "one"]


def test_describe_repositories_missing_name_raises_not_found(ecr):
    ecr.create_repository(repositoryName="one")

    with pytest.raises(ClientError) as exc:
        ecr.describe_repositories(repositoryNames=["one", "ghost"])

    assert _error(exc) == (
        "RepositoryNotFoundException",
        f"The repository with name 'ghost' does not exist in the registry with id '{ACCOUNT}'",
    )


def test_describe_repositories_names_with_max_results_raises_invalid_parameter(ecr):
    ecr.create_repository(repositoryName="one")

    with pytest.raises(ClientError) as exc:
        ecr.describe_repositories(repositoryNames=["one"], maxResults=5)

    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'maxResults' failed to satisfy constraint: "
        "'maxResults cannot be used when repositoryNames is specified'",
    )


def test_describe_repositories_pages_with_max_results(ecr):
    for i in range(5):
        ecr.create_repository(repositoryName=f"repo-{i}")

    first = ecr.describe_repositories(maxResults=2)
    second = ecr.describe_repositories(maxResults=2, nextToken=first["nextToken"])
    third = ecr.describe_repositories(maxResults=2, nextToken=second["nextToken"])

    assert [r["repositoryName"] for r in first["repositories"]] == ["repo-0", "repo-1"]
    assert [r["repositoryName"] for r in second["repositories"]] == ["repo-2", "repo-3"]
    assert [r["repositoryName"] for r in third["repositories"]] == ["repo-4"]
    assert "nextToken" not in third


def test_describe_repositories_paginator_sees_every_repository_once(ecr):
    for i in range(7):
        ecr.create_repository(repositoryName=f"repo-{i}")

    pages = ecr.get_paginator("describe_repositories").paginate(PaginationConfig={"PageSize": 3})
    names = [r["repositoryName"] for page in pages for r in page["repositories"]]

    assert names == [f"repo-{i}" for i in range(7)]


def test_describe_repositories_default_page_is_100(ecr_fake, ecr):
    registry = ecr_fake.registry()
    for i in range(101):
        registry.model.create_repository(f"repo-{i:03}")

    response = ecr.describe_repositories()

    assert len(response["repositories"]) == 100
    assert "nextToken" in response


def test_describe_repositories_foreign_token_raises_invalid_parameter(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    push_image("app", "a")
    push_image("app", "b")
    token = ecr.list_images(repositoryName="app", maxResults=1)["nextToken"]

    with pytest.raises(ClientError) as exc:
        ecr.describe_repositories(nextToken=token)

    assert _error(exc) == (
        "InvalidParameterException",
        "Invalid parameter at 'nextToken' failed to satisfy constraint: "
        "'The token is not valid for this request'",
    )


# -- DeleteRepository -----------------------------------------------------------------------------


def test_delete_repository_returns_it_and_removes_it(ecr):
    created = ecr.create_repository(repositoryName="app")["repository"]

    deleted = ecr.delete_repository(repositoryName="app")["repository"]

    assert deleted == created
    assert ecr.describe_repositories()["repositories"] == []


def test_delete_repository_with_images_raises_not_empty(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    push_image("app")

    with pytest.raises(ClientError) as exc:
        ecr.delete_repository(repositoryName="app")

    assert _error(exc) == (
        "RepositoryNotEmptyException",
        f"The repository with name 'app' in registry with id '{ACCOUNT}' cannot be deleted "
        "because it still contains images",
    )


def test_delete_repository_force_deletes_images_too(ecr, push_image):
    ecr.create_repository(repositoryName="app")
    push_image("app")

    ecr.delete_repository(repositoryName="app", force=True)
    ecr.create_repository(repositoryName="app")

    assert ecr.list_images(repositoryName="app")["imageIds"] == []


def test_delete_repository_missing_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.delete_repository(repositoryName="ghost")

    assert _error(exc)[0] == "RepositoryNotFoundException"


# -- PutImageScanningConfiguration ----------------------------------------------------------------


def test_put_image_scanning_configuration_stores_scan_on_push(ecr):
    ecr.create_repository(repositoryName="app")

    response = ecr.put_image_scanning_configuration(
        repositoryName="app", imageScanningConfiguration={"scanOnPush": True}
    )

    assert response["registryId"] == ACCOUNT
    assert response["repositoryName"] == "app"
    assert response["imageScanningConfiguration"] == {"scanOnPush": True}
    repo = ecr.describe_repositories(repositoryNames=["app"])["repositories"][0]
    assert repo["imageScanningConfiguration"] == {"scanOnPush": True}


def test_put_image_scanning_configuration_without_flag_turns_it_off(ecr):
    ecr.create_repository(repositoryName="app", imageScanningConfiguration={"scanOnPush": True})

    response = ecr.put_image_scanning_configuration(
        repositoryName="app", imageScanningConfiguration={}
    )

    assert response["imageScanningConfiguration"] == {"scanOnPush": False}


def test_put_image_scanning_configuration_missing_repository_raises_not_found(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.put_image_scanning_configuration(
            repositoryName="ghost", imageScanningConfiguration={"scanOnPush": True}
        )

    assert _error(exc) == (
        "RepositoryNotFoundException",
        f"The repository with name 'ghost' does not exist in the registry with id '{ACCOUNT}'",
    )
