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


def test_encode_result_answers_the_same_through_the_documented_json_path(monkeypatch):
    import datetime

    result = {"when": datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc), "n": [1.5, None]}
    fast = _wire.encode_result(result)[2]
    monkeypatch.setattr(_wire, "_C_ENCODE", None)  # an interpreter without the C accelerator
    assert _wire.encode_result(result)[2] == fast == b'{"when":1577836800.0,"n":[1.5,null]}'


@pytest.mark.parametrize(
    "body",
    [b'{"repositoryName":"app"}}', b'{"repositoryName":"app"} }', b"{ }x}", b"{", b"{}}"],
)
def test_a_body_that_is_not_exactly_one_json_object_is_a_serialization_exception(body):
    with pytest.raises(Exception) as error:
        _wire.decode_body(body)
    assert type(error.value).__name__ == "SerializationException"


@pytest.mark.parametrize("body", [b' {"a": 1} ', b'{"a": 1}\n', b'\t{ "a" : 1 }'])
def test_a_json_object_with_whitespace_around_it_decodes(body):
    assert _wire.decode_body(body) == {"a": 1}


def test_a_name_refused_once_is_refused_again_after_valid_names_were_remembered(client_model):
    model = client_model.operation_model("CreateRepository")

    def answer(name: str) -> int:
        body = json.dumps({"repositoryName": name}).encode()
        return _dispatch.dispatch(FakeState(), TARGET + "CreateRepository", body, {}, URL, model)[0]

    assert [answer("good-name"), answer("good-name")] == [200, 200]
    assert [answer("Bad_Name"), answer("Bad_Name")] == [400, 400]


@pytest.mark.parametrize(
    ("authorization", "refused"),
    [
        # what every SDK sends: accepted on the fast path
        (
            "AWS4-HMAC-SHA256 Credential=AKIA/20261201/us-east-1/ecr/aws4_request, "
            "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc",
            None,
        ),
        # no x-amz-date among the signed headers and no date header: the full check refuses
        (
            "AWS4-HMAC-SHA256 Credential=AKIA/20261201/us-east-1/ecr/aws4_request, "
            "SignedHeaders=host, Signature=abc",
            "IncompleteSignatureException",
        ),
        (
            "AWS4-HMAC-SHA256 Credential=AKIA, SignedHeaders=x-amz-date",
            "IncompleteSignatureException",
        ),
    ],
)
def test_the_signature_fast_path_accepts_only_what_the_full_check_accepts(authorization, refused):
    from ecrfake._auth import refusal

    answer = refusal({"Authorization": authorization}, URL)
    code = None if answer is None else json.loads(answer[2])["__type"]
    assert code == refused


@pytest.mark.parametrize(
    ("tags", "path"),
    [({"k" * 129: "v"}, "tags.key"), ({"k": "v" * 257}, "tags.value")],
)
def test_a_map_member_that_fails_is_named_by_its_key_or_value(tags, path):
    # Member paths are gathered only on failure; a map's part is ".key" or ".value" as ECR words it.
    from ecrfake import _validate
    from ecrfake.exceptions import InvalidParameterException

    model = _service.operation_model("TagResource", "inspector2")
    with pytest.raises(InvalidParameterException) as error:
        _validate.validate_input(model, {"resourceArn": "arn:aws:inspector2:x", "tags": tags})
    assert error.value.message.startswith(f"Invalid parameter at '{path}' failed to satisfy")
