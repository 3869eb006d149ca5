"""ecrfake next to moto's ``mock_aws``: ECR to ecrfake, everything else to moto, in either order."""

from __future__ import annotations

import json
import os

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from moto import mock_aws

from ecrfake import mock_ecr_scanning


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def _client(service: str):
    return boto3.client(service, region_name="us-east-1")


def _moto_answers_s3_and_sts() -> None:
    s3 = _client("s3")
    s3.create_bucket(Bucket="side-by-side")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["side-by-side"]
    assert _client("sts").get_caller_identity()["Account"] == "123456789012"


def _moto_repository_names() -> list[str]:
    return [r["repositoryName"] for r in _client("ecr").describe_repositories()["repositories"]]


def _signed_post(url: str, target: str, body: dict) -> requests.Response:
    data = json.dumps(body)
    headers = {"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"}
    if "ecr" not in url:
        headers["Content-Type"] = "application/x-amz-json-1.0"
    request = AWSRequest("POST", url, data=data, headers=headers)
    service = "ecr" if "ecr" in url else "dynamodb"
    SigV4Auth(Credentials("AKIAHANDSIGNED000000", "secret"), service, "us-east-1").add_auth(request)
    return requests.post(url, data=data, headers=dict(request.headers), timeout=5)


def test_moto_started_first_ecr_goes_to_ecrfake_and_back_to_moto_after():
    with mock_aws():
        ecr = _client("ecr")
        ecr.create_repository(repositoryName="in-moto")
        with mock_ecr_scanning() as fake:
            # given moto holds "in-moto", ecrfake does not: creating it again succeeds
            ecr.create_repository(repositoryName="in-moto")
            _client("ecr").create_repository(repositoryName="in-ecrfake")
            assert sorted(fake.registry().repositories.keys()) == ["in-ecrfake", "in-moto"]
            _moto_answers_s3_and_sts()
        assert _moto_repository_names() == ["in-moto"]
        ecr.create_repository(repositoryName="in-moto-after")
        assert _moto_repository_names() == ["in-moto", "in-moto-after"]


def test_ecrfake_started_first_ecr_stays_with_ecrfake_while_moto_runs():
    with mock_ecr_scanning() as fake:
        with mock_aws():
            _client("ecr").create_repository(repositoryName="app")
            assert list(fake.registry().repositories.keys()) == ["app"]
            _moto_answers_s3_and_sts()
        # moto stopped: ecrfake still answers ECR, with its state intact
        assert _client("ecr").create_repository(repositoryName="other")["repository"]
        assert sorted(fake.registry().repositories.keys()) == ["app", "other"]


@pytest.mark.parametrize("order", ["moto-first", "ecrfake-first"])
def test_environment_restored_after_both_stop(order):
    before = dict(os.environ)
    first, second = (
        (mock_aws(), mock_ecr_scanning())
        if order == "moto-first"
        else (mock_ecr_scanning(), mock_aws())
    )
    with first, second:
        _client("ecr").create_repository(repositoryName="app")
    assert dict(os.environ) == before


def test_decorators_stacked_moto_outside():
    @mock_aws
    @mock_ecr_scanning
    def scenario():
        _client("ecr").create_repository(repositoryName="app")
        _moto_answers_s3_and_sts()
        return _client("ecr").create_repository(repositoryName="app")

    with pytest.raises(Exception) as exc:
        scenario()
    assert exc.value.response["Error"]["Code"] == "RepositoryAlreadyExistsException"
    assert "registry with id '123456789012'" in exc.value.response["Error"]["Message"]


def test_requests_path_moto_first_ecr_to_ecrfake_other_aws_to_moto():
    with mock_aws():
        _client("dynamodb").create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        with mock_ecr_scanning() as fake:
            ecr = _signed_post(
                "https://api.ecr.us-east-1.amazonaws.com/",
                "AmazonEC2ContainerRegistry_V20150921.CreateRepository",
                {"repositoryName": "app"},
            )
            assert ecr.status_code == 200
            assert "app" in fake.registry().repositories
            tables = _signed_post(
                "https://dynamodb.us-east-1.amazonaws.com/", "DynamoDB_20120810.ListTables", {}
            )
            assert tables.json() == {"TableNames": ["t"]}


def test_requests_path_ecrfake_first_moto_on_top_answers_ecr_requests_calls():
    """Known limitation: moto's requests mock sits above ecrfake's and claims every AWS host."""
    with mock_ecr_scanning() as fake, mock_aws():
        response = _signed_post(
            "https://api.ecr.us-east-1.amazonaws.com/",
            "AmazonEC2ContainerRegistry_V20150921.CreateRepository",
            {"repositoryName": "app"},
        )
        assert response.status_code == 200
        assert "app" not in fake.registry().repositories
        assert _moto_repository_names() == []  # botocore still reaches ecrfake, not moto
