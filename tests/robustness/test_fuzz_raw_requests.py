"""Hand-made HTTP requests to the ECR API host (through ``requests``, answered via ``responses``).

No SDK shields the fake here: bodies that are not JSON, JSON that is not an object, missing or
unknown ``X-Amz-Target`` headers, other content types and methods. Every answer is an ECR-style JSON
error (or a success), never an exception in the caller and never a 5xx, and the fake keeps working.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

import ecrfake.handlers  # noqa: F401  (fills OPERATIONS)
from ecrfake import mock_ecr_scanning
from ecrfake._dispatch import OPERATIONS
from ecrfake._service import service_model

from ..conftest import sigv4_headers
from ._harness import SEEDS, allowed_codes
from ._strategies import RequestFuzzer, json_values
from .conftest import fuzz_settings, recording

URL = "https://api.ecr.us-east-1.amazonaws.com/"
PREFIX = "AmazonEC2ContainerRegistry_V20150921."
JSON_11 = "application/x-amz-json-1.1"


def post(body: Any, target: str | None = PREFIX + "DescribeRepositories", **headers: str) -> Any:
    sent = {"Content-Type": JSON_11, **sigv4_headers(), **headers}
    if target is not None:
        sent["X-Amz-Target"] = target
    return requests.post(URL, data=body, headers=sent, timeout=5)


def error_of(response: Any) -> tuple[str, str]:
    body = response.json()
    return body["__type"], body["message"]


@pytest.fixture
def fake() -> Any:
    with mock_ecr_scanning() as active:
        yield active


# -- bodies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b'{"repositoryNames": [}',
        b"{'single': 'quotes'}",
        b"\xff\xfe\x00",
        b"{} {}",
        b"NaN",
        b'{"maxResults": NaN}',
        b'{"maxResults": Infinity}',
        b"[" * 50_000,
        b'{"a":' * 50_000,
    ],
    ids=[
        "truncated",
        "broken-list",
        "single-quotes",
        "bad-utf8",
        "two-objects",
        "nan",
        "nan-member",
        "infinity-member",
        "deep-list",
        "deep-object",
    ],
)
def test_raw_request_malformed_json_is_serialization_exception(fake: Any, body: bytes) -> None:
    response = post(body)
    assert response.status_code == 400
    assert error_of(response) == ("SerializationException", "The request body is not valid JSON.")


@pytest.mark.parametrize(
    "body", [b"[]", b'"text"', b"42", b"null", b"true", b'[{"repositoryName": "a"}]']
)
def test_raw_request_json_that_is_not_an_object_is_serialization_exception(
    fake: Any, body: bytes
) -> None:
    response = post(body)
    assert response.status_code == 400
    code, message = error_of(response)
    assert code == "SerializationException"
    assert "must be a JSON object" in message


def test_raw_request_empty_body_is_an_empty_request(fake: Any) -> None:
    # DescribeRepositories has no required member: an empty body lists the (empty) registry.
    assert post(b"").json() == {"repositories": []}
    # CreateRepository requires repositoryName.
    response = post(b"", PREFIX + "CreateRepository")
    assert response.status_code == 400
    assert error_of(response) == (
        "InvalidParameterException",
        "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must not be null'",
    )


def test_raw_request_streamed_body_is_read_whole(fake: Any) -> None:
    response = post(iter([b'{"repositoryName"', b': "streamed"}']), PREFIX + "CreateRepository")
    assert response.status_code == 200
    assert response.json()["repository"]["repositoryName"] == "streamed"


# -- targets, methods, content types --------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            None,
            "The request has no X-Amz-Target header naming an Amazon ECR operation "
            "('AmazonEC2ContainerRegistry_V20150921.<Operation>').",
        ),
        (
            "",
            "The request has no X-Amz-Target header naming an Amazon ECR operation "
            "('AmazonEC2ContainerRegistry_V20150921.<Operation>').",
        ),
        (
            "AmazonSSM.DescribeParameters",
            "The request has no X-Amz-Target header naming an Amazon "
            "ECR operation ('AmazonEC2ContainerRegistry_V20150921.<Operation>').",
        ),
        (PREFIX + "DescribeKittens", "Amazon ECR has no operation named 'DescribeKittens'."),
        (PREFIX, "Amazon ECR has no operation named ''."),
        (PREFIX + "createrepository", "Amazon ECR has no operation named 'createrepository'."),
    ],
    ids=["missing", "empty", "other-service", "unknown-operation", "no-operation", "wrong-case"],
)
def test_raw_request_bad_target_is_unknown_operation(fake: Any, target: Any, message: str) -> None:
    response = post(b"{}", target)
    assert response.status_code == 400
    assert error_of(response) == ("UnknownOperationException", message)


def test_raw_request_unknown_operation_names_are_not_cached(fake: Any) -> None:
    from ecrfake import _service

    post(b"{}", PREFIX + "CreateRepository")
    before = _service._known_operation_model.cache_info().currsize
    for n in range(50):
        assert post(b"{}", f"{PREFIX}Made-Up-{n}").status_code == 400
    assert _service._known_operation_model.cache_info().currsize == before


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_raw_request_other_method_is_unknown_operation(fake: Any, method: str) -> None:
    response = requests.request(
        method,
        URL,
        data=b"{}",
        headers={"X-Amz-Target": PREFIX + "DescribeRepositories", **sigv4_headers()},
        timeout=5,
    )
    assert response.status_code == 400
    assert error_of(response)[0] == "UnknownOperationException"


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "", "application/x-amz-json-1.0"]
)
def test_raw_request_content_type_is_not_checked(fake: Any, content_type: str) -> None:
    response = post(
        b'{"repositoryName": "typed"}',
        PREFIX + "CreateRepository",
        **{"Content-Type": content_type},
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == JSON_11
    assert response.json()["repository"]["repositoryName"] == "typed"


def test_raw_request_unimplemented_operation_answers_501_without_network(
    fake: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = sorted(set(service_model().operation_names) - set(OPERATIONS))
    if not missing:  # every ECR operation is answered: take one out of the table for the test
        missing = [sorted(OPERATIONS)[0]]
        monkeypatch.delitem(OPERATIONS, missing[0])
    response = post(b"{}", PREFIX + missing[0])
    assert response.status_code == 501
    code, message = error_of(response)
    assert code == "NotImplementedByEcrFake"
    assert f"does not implement the ECR operation '{missing[0]}'" in message


# -- properties -----------------------------------------------------------------------------------

ALL_OPERATIONS = sorted(service_model().operation_names)
targets = st.one_of(
    st.sampled_from(ALL_OPERATIONS).map(lambda op: PREFIX + op),
    st.sampled_from(sorted(OPERATIONS)).map(lambda op: PREFIX + op),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=30),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=20).map(
        lambda s: PREFIX + s
    ),
    st.none(),
)
bodies = st.one_of(
    st.binary(max_size=64),
    json_values(8).map(lambda v: json.dumps(v).encode()),
    st.dictionaries(
        st.sampled_from(
            [
                "repositoryName",
                "registryId",
                "imageIds",
                "maxResults",
                "nextToken",
                "imageManifest",
                "rules",
                "scanType",
                "ecrRepositoryPrefix",
            ]
        ),
        json_values(4),
        max_size=4,
    ).map(lambda v: json.dumps(v).encode()),
)


@fuzz_settings
@given(
    target=targets, body=bodies, content_type=st.sampled_from([JSON_11, "application/json", "x/y"])
)
def test_raw_request_anything_is_answered_with_an_ecr_error_or_success(
    target: str | None, body: bytes, content_type: str
) -> None:
    with mock_ecr_scanning(), recording() as log:
        response = post(body, target, **{"Content-Type": content_type})
        after = post(b'{"repositoryName": "still-works"}', PREFIX + "CreateRepository")
    assert not log.escaped, log.escaped
    assert response.status_code in (200, 400, 501), response.text
    if response.status_code != 200:
        code, message = error_of(response)
        assert code and message
        operation = (target or "").removeprefix(PREFIX)
        assert (response.status_code == 501) == (
            operation in ALL_OPERATIONS and operation not in OPERATIONS
        )
    assert after.status_code == 200, after.text


FUZZER = RequestFuzzer(SEEDS)
HOSTS = st.sampled_from(
    [
        "api.ecr.us-east-1.amazonaws.com",
        "ecr.eu-west-1.amazonaws.com",
        "api.ecr-fips.us-gov-west-1.amazonaws.com",
        "ecr.ap-south-2.api.aws",
        "api.ecr.cn-north-1.amazonaws.com.cn",
    ]
)
OPERATION_BODIES = st.sampled_from(sorted(set(OPERATIONS) & set(ALL_OPERATIONS))).flatmap(
    lambda op: FUZZER.request(service_model().operation_model(op)).map(lambda body: (op, body))
)


@fuzz_settings
@given(request=OPERATION_BODIES, host=HOSTS)
def test_raw_request_modelled_bodies_through_requests_answer_like_boto3(
    request: tuple[str, dict[str, Any]], host: str
) -> None:
    operation, body = request
    with mock_ecr_scanning(), recording() as log:
        response = requests.post(
            f"https://{host}/",
            data=json.dumps(body).encode(),
            headers={
                "X-Amz-Target": PREFIX + operation,
                "Content-Type": JSON_11,
                **sigv4_headers(),
            },
            timeout=5,
        )
    assert not log.escaped, log.escaped
    assert response.headers["Content-Type"] == JSON_11
    if response.status_code != 200:
        assert response.status_code == 400, response.text
        code, message = error_of(response)
        assert code in allowed_codes(operation), (code, message)
        assert message
