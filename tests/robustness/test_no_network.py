"""No ECR call ever opens a socket while the fake is active, implemented or not.

The ``no_network`` fixture makes every way of reaching the network (DNS lookups, ``connect``,
``create_connection``) record the attempt and raise. The control tests prove the guard really catches
traffic: a non-ECR call made while the fake is active is caught by it.
"""

from __future__ import annotations

import socket
from typing import Any

import boto3
import pytest
import requests
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError

import ecrfake.handlers  # noqa: F401  (fills OPERATIONS)
from ecrfake import mock_ecr_scanning
from ecrfake._dispatch import OPERATIONS
from ecrfake._service import service_model
from ecrfake.exceptions import OperationNotImplementedError

from ..conftest import sigv4_headers

ALL_OPERATIONS = sorted(service_model().operation_names)
_CONFIG = Config(parameter_validation=False, retries={"total_max_attempts": 1, "mode": "standard"})


class NetworkAttempt(Exception):
    """Raised by the guard instead of touching the network."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse (and record) every DNS lookup and socket connection for the test's duration."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def guard(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise NetworkAttempt(f"{what} called: the test tried to reach the network")

        return guard

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def call_any(client: Any, operation: str) -> str:
    """Call ``operation`` with an empty request: 'ok', the error code, or 'not implemented'."""
    try:
        getattr(client, xform_name(operation))()
    except ClientError as error:
        return str(error.response["Error"]["Code"])
    except OperationNotImplementedError:
        return "not implemented"
    return "ok"


def test_every_ecr_operation_through_boto3_never_opens_a_socket(no_network: list[str]) -> None:
    with mock_ecr_scanning():
        client = boto3.client("ecr", region_name="eu-west-1", config=_CONFIG)
        outcomes = {op: call_any(client, op) for op in ALL_OPERATIONS}
    assert no_network == []
    unimplemented = {op for op, outcome in outcomes.items() if outcome == "not implemented"}
    assert unimplemented == set(ALL_OPERATIONS) - set(OPERATIONS)


@pytest.mark.parametrize(
    "client_kwargs",
    [
        {"endpoint_url": "http://localhost:4566"},
        {"endpoint_url": "https://vpce-0123.api.ecr.us-east-1.vpce.amazonaws.com"},
        {"config": Config(use_fips_endpoint=True)},
        {"config": Config(use_dualstack_endpoint=True)},
        {"region_name": "cn-north-1"},
    ],
    ids=["custom-endpoint", "vpc-endpoint", "fips", "dualstack", "china"],
)
def test_ecr_call_to_any_endpoint_never_opens_a_socket(
    no_network: list[str], client_kwargs: dict[str, Any]
) -> None:
    with mock_ecr_scanning():
        client = boto3.client("ecr", **{"region_name": "us-east-1", **client_kwargs})
        client.create_repository(repositoryName="anywhere")
        names = [r["repositoryName"] for r in client.describe_repositories()["repositories"]]
        # An answer the fake gives from its own state, without a request reaching the network.
        with pytest.raises(ClientError) as exc:
            client.get_lifecycle_policy(repositoryName="anywhere")
        assert exc.value.response["Error"]["Code"] == "LifecyclePolicyNotFoundException"
    assert names == ["anywhere"]
    assert no_network == []


def test_client_created_before_the_fake_never_opens_a_socket(
    no_network: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/ecrfake-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/ecrfake-credentials")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    early = boto3.session.Session().client("ecr", region_name="us-east-1", config=_CONFIG)
    with mock_ecr_scanning():
        outcomes = {op: call_any(early, op) for op in ALL_OPERATIONS}
    assert no_network == []
    assert outcomes["DescribeRepositories"] == "ok"


@pytest.mark.parametrize(
    "host",
    [
        "api.ecr.us-east-1.amazonaws.com",
        "ecr.eu-west-1.amazonaws.com",
        "api.ecr-fips.us-east-1.amazonaws.com",
        "ecr.us-east-1.api.aws",
        "api.ecr.cn-north-1.amazonaws.com.cn",
    ],
)
def test_every_ecr_operation_through_requests_never_opens_a_socket(
    no_network: list[str], host: str
) -> None:
    statuses: dict[str, int] = {}
    with mock_ecr_scanning():
        for op in ALL_OPERATIONS:
            response = requests.post(
                f"https://{host}/",
                data=b"{}",
                headers={
                    "X-Amz-Target": f"AmazonEC2ContainerRegistry_V20150921.{op}",
                    **sigv4_headers(),
                },
                timeout=5,
            )
            statuses[op] = response.status_code
    assert no_network == []
    assert {op for op, status in statuses.items() if status == 501} == set(ALL_OPERATIONS) - set(
        OPERATIONS
    )
    assert set(statuses.values()) <= {200, 400, 501}


def test_guard_catches_other_services_while_the_fake_is_active(no_network: list[str]) -> None:
    # The control: the guard is live, and only ECR is answered by the fake.
    with mock_ecr_scanning():
        sts = boto3.client("sts", region_name="us-east-1", config=_CONFIG)
        with pytest.raises(HTTPClientError, match="tried to reach the network"):
            sts.get_caller_identity()
        assert len(no_network) == 1
        with pytest.raises(NetworkAttempt):
            requests.get("https://example.com/", timeout=5)
    assert len(no_network) == 2


def test_guard_catches_ecr_once_the_fake_has_stopped(no_network: list[str]) -> None:
    with mock_ecr_scanning():
        client = boto3.client("ecr", region_name="us-east-1", config=_CONFIG)
        client.describe_repositories()
    assert no_network == []
    with pytest.raises(HTTPClientError, match="tried to reach the network"):
        client.describe_repositories()
    assert len(no_network) == 1
