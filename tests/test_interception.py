"""What the fake answers: ECR from any client and endpoint form; everything else passes through."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.session
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from ecrfake import _dispatch, _service, mock_ecr_scanning
from ecrfake.exceptions import OperationNotImplementedError

NO_RETRY = Config(retries={"total_max_attempts": 1})


class Marker(Exception):
    """Raised by a before-send handler: the request took botocore's normal path."""


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def _first_unimplemented_operation(monkeypatch) -> str:
    """An ECR operation the fake does not answer: one taken out of the table for the test when
    ecrfake answers them all."""
    import ecrfake.handlers  # noqa: F401  (fills the table)

    model = _service.service_model()
    missing = [name for name in model.operation_names if name not in _dispatch.OPERATIONS]
    if missing:
        return missing[0]
    name = sorted(_dispatch.OPERATIONS)[0]
    monkeypatch.delitem(_dispatch.OPERATIONS, name)
    return name


# -- clients created before import, before start, after start -------------------------------------

_BEFORE_IMPORT = textwrap.dedent(
    """
    import socket, sys
    import boto3

    client = boto3.client("ecr", region_name="eu-west-1")
    assert "ecrfake" not in sys.modules

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("test guard: no network")

    socket.socket.connect = socket.getaddrinfo = refuse
    import ecrfake

    with ecrfake.mock_ecr_scanning() as fake:
        arn = client.create_repository(repositoryName="app")["repository"]["repositoryArn"]
        assert fake.registry(region="eu-west-1").get_repository("app").name == "app"
    print(arn)
    """
)


@pytest.mark.parametrize("credentials", [False, True], ids=["no-credentials", "user-credentials"])
def test_client_created_before_import_is_answered(credentials, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env["AWS_CONFIG_FILE"] = env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "none")
    if credentials:
        env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"] = "AKIAUSER", "secret"
    done = subprocess.run(
        [sys.executable, "-c", _BEFORE_IMPORT], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "arn:aws:ecr:eu-west-1:123456789012:repository/app"


def test_client_created_before_start_without_credentials_is_answered(sockets):
    client = boto3.session.Session().client("ecr", region_name="us-west-2")  # finds no keys
    assert client._request_signer._credentials is None
    with mock_ecr_scanning() as fake:
        repo = client.create_repository(repositoryName="app")["repository"]
        assert repo["repositoryArn"] == "arn:aws:ecr:us-west-2:123456789012:repository/app"
        assert fake.registry(region="us-west-2").get_repository("app").name == "app"
    assert sockets == []


def test_client_created_before_start_with_credentials_is_answered(sockets, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUSERKEY000000000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "user-secret")
    client = boto3.client("ecr", region_name="us-east-1")
    with mock_ecr_scanning():
        assert client.create_repository(repositoryName="app")["repository"]["registryId"]
    assert sockets == []


def test_client_created_after_start_is_answered(sockets):
    with mock_ecr_scanning():
        client = boto3.client("ecr", region_name="us-east-1")
        assert client.create_repository(repositoryName="app")["repository"]["repositoryName"]
    assert sockets == []


def test_client_after_stop_goes_to_the_network(sockets):
    client = boto3.client(
        "ecr",
        region_name="us-east-1",
        config=NO_RETRY,
        aws_access_key_id="AKIAUSERKEY000000000",
        aws_secret_access_key="user-secret",
    )
    with mock_ecr_scanning():
        client.create_repository(repositoryName="app")
    with pytest.raises(EndpointConnectionError):
        client.create_repository(repositoryName="app")
    assert sockets == ["api.ecr.us-east-1.amazonaws.com"]  # the guard stopped it, not the fake


# -- endpoint forms -------------------------------------------------------------------------------

ENDPOINTS = {
    "default": ({}, "https://api.ecr.us-west-2.amazonaws.com/"),
    "ecr-host": (
        {"endpoint_url": "https://ecr.us-west-2.amazonaws.com"},
        "https://ecr.us-west-2.amazonaws.com/",
    ),
    "fips": (
        {"config": Config(use_fips_endpoint=True)},
        # older botocore endpoint rulesets chose ecr-fips.<region> (the fake answers both)
        (
            "https://api.ecr-fips.us-west-2.amazonaws.com/",
            "https://ecr-fips.us-west-2.amazonaws.com/",
        ),
    ),
    "dualstack": (
        {"config": Config(use_dualstack_endpoint=True)},
        "https://ecr.us-west-2.api.aws/",
    ),
    "fips-dualstack": (
        {"config": Config(use_fips_endpoint=True, use_dualstack_endpoint=True)},
        "https://ecr-fips.us-west-2.api.aws/",
    ),
    "localstack": ({"endpoint_url": "http://localhost:4566"}, "http://localhost:4566/"),
}


@pytest.mark.parametrize("form", ENDPOINTS)
def test_every_ecr_endpoint_form_is_answered_by_the_fake(form, sockets):
    kwargs, url = ENDPOINTS[form]
    urls: list[str] = []
    with mock_ecr_scanning() as fake:
        client = boto3.client("ecr", region_name="us-west-2", **kwargs)
        client.meta.events.register(
            "request-created.ecr", lambda request, **_: urls.append(request.url)
        )
        repo = client.create_repository(repositoryName="app")["repository"]
        assert repo["repositoryArn"] == "arn:aws:ecr:us-west-2:123456789012:repository/app"
        assert fake.registry(region="us-west-2").get_repository("app").name == "app"
    assert len(urls) == 1
    assert urls[0] in (url if isinstance(url, tuple) else (url,))
    assert sockets == []


def test_region_comes_from_the_signature_scope_not_the_host(sockets):
    with mock_ecr_scanning() as fake:
        client = boto3.client(
            "ecr", region_name="eu-north-1", endpoint_url="https://api.ecr.us-east-1.amazonaws.com"
        )
        repo = client.create_repository(repositoryName="app")["repository"]
        assert repo["repositoryArn"].startswith("arn:aws:ecr:eu-north-1:")
        assert "app" in fake.registry(region="eu-north-1").repositories
        assert "app" not in fake.registry(region="us-east-1").repositories


def test_create_repository_unsigned_client_is_refused_as_ecr_refuses_it(sockets):
    # Real ECR answers an unsigned request with HTTP 400 MissingAuthenticationTokenException
    # (docs/behaviour-notes.md, "Unsigned requests"); so does the fake, and nothing is created.
    from botocore import UNSIGNED

    with mock_ecr_scanning() as fake:
        client = boto3.client(
            "ecr", region_name="ap-south-1", config=Config(signature_version=UNSIGNED)
        )
        with pytest.raises(ClientError) as exc:
            client.create_repository(repositoryName="app")
        assert "app" not in fake.registry(region="ap-south-1").repositories
    error = exc.value.response
    assert error["Error"] == {
        "Code": "MissingAuthenticationTokenException",
        "Message": "Missing Authentication Token",
    }
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert sockets == []


# -- what is not ECR -------------------------------------------------------------------------------


@pytest.mark.parametrize("service", ["sts", "s3", "ecr-public"])
def test_other_services_take_botocores_normal_path(service):
    def before_send(request, **_):
        raise Marker(request.url)

    with mock_ecr_scanning():
        client = boto3.client(service, region_name="us-east-1")
        client.meta.events.register("before-send", before_send)
        call = {
            "sts": lambda: client.get_caller_identity(),
            "s3": lambda: client.list_buckets(),
            "ecr-public": lambda: client.describe_registries(),
        }[service]
        with pytest.raises(Marker):
            call()


def test_other_service_client_without_credentials_is_not_given_fake_ones(sockets):
    sts = boto3.session.Session().client("sts", region_name="us-east-1")
    with mock_ecr_scanning(), pytest.raises(NoCredentialsError):
        sts.get_caller_identity()
    assert sockets == []


def test_ecr_before_send_handlers_are_bypassed_while_active_and_run_after():
    calls: list[str] = []

    def before_send(request, **_):
        calls.append(request.url)
        body = b'{"repository": {"repositoryName": "from-handler"}}'
        response = AWSResponse(request.url, 200, {}, None)
        response._content = body
        return response

    client = boto3.client(
        "ecr",
        region_name="us-east-1",
        aws_access_key_id="AKIAUSERKEY000000000",
        aws_secret_access_key="user-secret",
    )
    client.meta.events.register("before-send.ecr", before_send)
    with mock_ecr_scanning():
        name = client.create_repository(repositoryName="app")["repository"]["repositoryName"]
        assert (name, calls) == ("app", [])
    name = client.create_repository(repositoryName="app")["repository"]["repositoryName"]
    assert (name, len(calls)) == ("from-handler", 1)


def test_before_parse_and_after_call_events_still_run_for_ecr():
    events: list[str] = []
    with mock_ecr_scanning():
        client = boto3.client("ecr", region_name="us-east-1")
        client.meta.events.register("before-parse.ecr", lambda **_: events.append("before-parse"))
        client.meta.events.register("after-call.ecr", lambda **_: events.append("after-call"))
        client.create_repository(repositoryName="app")
    assert events == ["before-parse", "after-call"]


# -- unimplemented operations -----------------------------------------------------------------------


def test_unimplemented_operation_raises_naming_it_and_opens_no_socket(sockets, monkeypatch):
    name = _first_unimplemented_operation(monkeypatch)
    with mock_ecr_scanning():
        client = boto3.client(
            "ecr", region_name="us-east-1", config=Config(parameter_validation=False)
        )
        with pytest.raises(OperationNotImplementedError) as exc:
            getattr(client, botocore.xform_name(name))()
    assert isinstance(exc.value, NotImplementedError)
    assert exc.value.operation == name
    assert str(exc.value) == (
        f"ecrfake does not implement the ECR operation {name!r}. See docs/operations.md for the "
        "operations it answers; the request was not sent anywhere."
    )
    assert sockets == []


# -- threads ----------------------------------------------------------------------------------------


def test_several_threads_calling_ecr_through_one_active_fake():
    with mock_ecr_scanning() as fake:
        client = boto3.client("ecr", region_name="us-east-1")
        barrier = threading.Barrier(4)

        def work(worker: int) -> list[str]:
            barrier.wait()
            return [
                client.create_repository(repositoryName=f"w{worker}/r{i}")["repository"][
                    "repositoryName"
                ]
                for i in range(10)
            ]

        with ThreadPoolExecutor(4) as pool:
            names = [name for batch in pool.map(work, range(4)) for name in batch]
        assert len(set(names)) == 40
        assert sorted(fake.registry().repositories.keys()) == sorted(names)


def test_several_threads_racing_for_one_name_exactly_one_wins():
    with mock_ecr_scanning():
        client = boto3.client("ecr", region_name="us-east-1")
        barrier = threading.Barrier(4)

        def work(_: int) -> str:
            barrier.wait()
            try:
                client.create_repository(repositoryName="contested")
            except client.exceptions.RepositoryAlreadyExistsException:
                return "lost"
            return "won"

        with ThreadPoolExecutor(4) as pool:
            outcomes = sorted(pool.map(work, range(4)))
    assert outcomes == ["lost", "lost", "lost", "won"]


def test_response_bodies_are_json_objects():
    with mock_ecr_scanning():
        client = boto3.client("ecr", region_name="us-east-1")
        bodies: list[bytes] = []
        client.meta.events.register(
            "before-parse.ecr", lambda response_dict, **_: bodies.append(response_dict["body"])
        )
        client.create_repository(repositoryName="app")
    assert isinstance(json.loads(bodies[0]), dict)
