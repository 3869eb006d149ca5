"""DescribeRegistry and GetAuthorizationToken."""

from __future__ import annotations

import base64
import datetime

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError

from ecrfake import mock_ecr_scanning

ACCOUNT = "123456789012"


def test_describe_registry_has_no_replication_rules(ecr):
    response = ecr.describe_registry()

    assert response["registryId"] == ACCOUNT
    assert response["replicationConfiguration"] == {"rules": []}


def test_describe_registry_of_the_fake_account():
    with mock_ecr_scanning(account_id="111122223333"):
        client = boto3.client("ecr", region_name="us-east-1")

        assert client.describe_registry()["registryId"] == "111122223333"


def test_get_authorization_token_for_the_default_registry(ecr):
    (data,) = ecr.get_authorization_token()["authorizationData"]

    user, password = base64.b64decode(data["authorizationToken"]).decode().split(":", 1)
    assert user == "AWS"
    assert password
    assert data["proxyEndpoint"] == f"https://{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com"


def test_get_authorization_token_expires_after_12_hours(ecr):
    start = datetime.datetime(2030, 6, 1, 8, 0, tzinfo=datetime.timezone.utc)

    with time_machine.travel(start, tick=False):
        (data,) = ecr.get_authorization_token()["authorizationData"]

    assert data["expiresAt"] == start + datetime.timedelta(hours=12)


def test_get_authorization_token_one_entry_per_registry_id(ecr):
    response = ecr.get_authorization_token(registryIds=["111122223333", ACCOUNT, "111122223333"])

    endpoints = [d["proxyEndpoint"] for d in response["authorizationData"]]
    assert endpoints == [
        "https://111122223333.dkr.ecr.us-east-1.amazonaws.com",
        f"https://{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com",
    ]


def test_get_authorization_token_china_region_endpoint(ecr_fake):
    client = boto3.client("ecr", region_name="cn-north-1")

    (data,) = client.get_authorization_token()["authorizationData"]

    assert data["proxyEndpoint"] == f"https://{ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn"


def test_get_authorization_token_tokens_differ(ecr):
    first = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    second = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]

    assert first != second


def test_get_authorization_token_bad_registry_id_raises_invalid_parameter(ecr):
    with pytest.raises(ClientError) as exc:
        ecr.get_authorization_token(registryIds=["12345"])

    assert exc.value.response["Error"]["Code"] == "InvalidParameterException"
    assert exc.value.response["Error"]["Message"] == (
        "Invalid parameter at 'registryIds.1.member' failed to satisfy constraint: "
        "'must satisfy regular expression '[0-9]{12}''"
    )
