"""The shortcuts that keep a call cheap must not change what the fake answers."""

from __future__ import annotations

import json
import re
from typing import Any

import botocore.session
import pytest

from ecrfake import _dispatch, _service, _wire
from ecrfake.models.state import FakeState

TARGET = "AmazonEC2ContainerRegistry_V20150921."
URL = "https://api.ecr.us-east-1.amazonaws.com/"


@pytest.fixture
def client_model() -> Any:
    """botocore's model of ECR as a client holds it: another copy than ecrfake's own."""
    return botocore.session.Session().get_service_model("ecr")


def test_dispatch_with_the_clients_operation_model_does_not_load_its_own(client_model, monkeypatch):
    def refuse() -> None:
        raise AssertionError("dispatch loaded its own copy of the service model")

    monkeypatch.setattr(_service, "operation_model", lambda name, service="ecr": refuse())
    state = FakeState()
    status, _, body = _dispatch.dispatch(
        state,
        TARGET + "CreateRepository",
        b'{"repositoryName": "app", "registryId": "111122223333"}',
        {},
        URL,
        client_model.operation_model("CreateRepository"),
    )
    assert status == 200
    assert json.loads(body)["repository"]["registryId"] == "111122223333"
    assert "app" in state.registry("111122223333", "us-east-1").repositories


def test_dispatch_with_the_clients_operation_model_still_validates(client_model):
    status, _, body = _dispatch.dispatch(
        FakeState(),
        TARGET + "CreateRepository",
        b'{"repositoryName": "A"}',
        {},
        URL,
        client_model.operation_model("CreateRepository"),
    )
    assert status == 400
    error = json.loads(body)
    assert error["__type"] == "InvalidParameterException"
    assert error["message"].startswith("Invalid parameter at 'repositoryName' failed to satisfy")


def test_dispatch_ignores_an_operation_model_for_another_operation(client_model):
    # The target names the operation; a model for another one is not trusted.
    status, _, body = _dispatch.dispatch(
        FakeState(),
        TARGET + "GetRegistryScanningConfiguration",
        b'{"registryId": "111122223333"}',
        {},
        URL,
        client_model.operation_model("CreateRepository"),
    )
    assert status == 200
    assert json.loads(body)["registryId"] == "123456789012"


def test_request_ids_are_uuid_shaped_and_unique():
    ids = [_wire.encode_result({})[1]["x-amzn-RequestId"] for _ in range(1000)]
    assert len(set(ids)) == 1000
    pattern = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    assert all(pattern.fullmatch(i) for i in ids)


def test_encode_result_is_compact_json_with_epoch_timestamps():
    import datetime

    when = datetime.datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=datetime.timezone.utc)
    status, headers, body = _wire.encode_result({"a": [1, {"b": when}], "c": "é"})
    assert status == 200
    assert body == b'{"a":[1,{"b":1704164645.5}],"c":"\\u00e9"}'
    assert headers["Content-Length"] == str(len(body))
