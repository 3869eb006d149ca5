"""The dispatcher: which registry a request addresses."""

from __future__ import annotations

import json

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from ecrfake import _dispatch, _operations, _service
from ecrfake.models.state import FakeState


def _signed(operation: str, body: dict, region: str = "eu-west-1") -> AWSRequest:
    request = AWSRequest(
        "POST",
        f"https://api.ecr.{region}.amazonaws.com/",
        data=json.dumps(body).encode(),
        headers={
            "X-Amz-Target": f"AmazonEC2ContainerRegistry_V20150921.{operation}",
            "Content-Type": "application/x-amz-json-1.1",
        },
    )
    SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "ecr", region).add_auth(request)
    return request


def _send(state: FakeState, request: AWSRequest) -> tuple[int, dict]:
    status, _, body = _dispatch.dispatch(
        state, request.headers["X-Amz-Target"], request.body, request.headers, request.url
    )
    return status, json.loads(body)


def test_dispatch_registry_id_addresses_another_account():
    state = FakeState()
    status, body = _send(
        state, _signed("CreateRepository", {"repositoryName": "app", "registryId": "111122223333"})
    )
    assert status == 200
    assert body["repository"]["registryId"] == "111122223333"
    assert "app" in state.registry("111122223333", "eu-west-1").repositories
    assert "app" not in state.registry(region="eu-west-1").repositories


def test_dispatch_registry_id_is_ignored_by_operations_without_one():
    # GetRegistryScanningConfiguration has no registryId member: it always acts on the caller's
    # own registry, whatever a hand-made body adds.
    state = FakeState()
    status, body = _send(
        state, _signed("GetRegistryScanningConfiguration", {"registryId": "111122223333"})
    )
    assert status == 200
    assert body["registryId"] == "123456789012"


def test_dispatch_region_comes_from_the_credential_scope():
    state = FakeState()
    request = _signed("CreateRepository", {"repositoryName": "app"}, region="ap-south-2")
    request.url = "http://localhost:4566/"  # a custom endpoint carries no region
    status, body = _send(state, request)
    assert status == 200
    assert body["repository"]["repositoryArn"].startswith("arn:aws:ecr:ap-south-2:")


def test_dispatch_region_falls_back_to_the_host_then_the_default():
    state = FakeState(default_region="sa-east-1")
    _, _, body = _dispatch.dispatch(
        state,
        "AmazonEC2ContainerRegistry_V20150921.CreateRepository",
        b'{"repositoryName": "a1"}',
        {},
        "https://ecr.ca-central-1.amazonaws.com/",
    )
    assert json.loads(body)["repository"]["repositoryArn"].startswith("arn:aws:ecr:ca-central-1:")
    _status, _, body = _dispatch.dispatch(
        state,
        "AmazonEC2ContainerRegistry_V20150921.CreateRepository",
        b'{"repositoryName": "a2"}',
        {},
        "http://localhost:4566/",
    )
    assert json.loads(body)["repository"]["repositoryArn"].startswith("arn:aws:ecr:sa-east-1:")


def test_dispatch_answers_boto3_in_the_clients_region(ecr_fake):
    client = boto3.client("ecr", region_name="eu-central-1")
    client.create_repository(repositoryName="app")
    assert "app" in ecr_fake.registry(region="eu-central-1").repositories
    assert "app" not in ecr_fake.registry().repositories


def test_operation_table_survives_handler_modules_being_imported_again(monkeypatch):
    # pytester's in-process runs drop ecrfake.handlers.* from sys.modules; the next import must
    # re-register the same handlers rather than fail with "registered twice".
    import sys

    import ecrfake.handlers  # noqa: F401

    before = set(_dispatch.OPERATIONS)
    for name in [m for m in sys.modules if m.startswith("ecrfake.handlers")]:
        monkeypatch.delitem(sys.modules, name)
    import importlib

    importlib.import_module("ecrfake.handlers")
    assert set(_dispatch.OPERATIONS) == before


def test_operation_refuses_a_second_handler_for_the_same_operation(monkeypatch):
    import pytest

    monkeypatch.setitem(
        _dispatch.OPERATIONS,
        "StartImageScan",
        _dispatch.OPERATIONS.get("StartImageScan") or (lambda call: {}),
    )

    def other(call):
        return {}

    with pytest.raises(RuntimeError, match="registered twice"):
        _operations.operation("StartImageScan")(other)


def test_service_model_loads_whatever_aws_profile_says(monkeypatch):
    # A profile that does not exist breaks botocore Sessions; the fake's model must not care.
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile-anywhere")
    _service.service_model.cache_clear()
    try:
        model = _service.service_model()
    finally:
        _service.service_model.cache_clear()
    assert model.metadata["targetPrefix"] == "AmazonEC2ContainerRegistry_V20150921"
    assert "StartImageScan" in model.operation_names
