"""The ``requests`` path: hand-signed ECR calls are answered, other traffic passes through."""

from __future__ import annotations

import json

import pytest
import requests
import responses
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from ecrfake import _dispatch, _service, mock_ecr_scanning

from .conftest import sigv4_headers

TARGET = "AmazonEC2ContainerRegistry_V20150921."
CREATE = json.dumps({"repositoryName": "app"})


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))


def _post(
    body: str | bytes,
    target: str | None = "CreateRepository",
    *,
    url: str = "https://api.ecr.eu-west-1.amazonaws.com/",
    region: str | None = "eu-west-1",
) -> requests.Response:
    """POST like a hand-written client: SigV4-signed with botocore (``region=None``: unsigned)."""
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    if target is not None:
        headers["X-Amz-Target"] = TARGET + target if "." not in target else target
    request = AWSRequest("POST", url, data=body, headers=headers)
    if region is not None:
        SigV4Auth(Credentials("AKIAHANDSIGNED000000", "secret"), "ecr", region).add_auth(request)
    return requests.post(url, data=body, headers=dict(request.headers), timeout=5)


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


# -- answered ---------------------------------------------------------------------------------------


def test_signed_post_is_answered_by_the_fake(sockets):
    with mock_ecr_scanning() as fake:
        response = _post(CREATE)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/x-amz-json-1.1"
        assert response.headers["x-amzn-RequestId"]
        repo = response.json()["repository"]
        assert repo["repositoryArn"] == "arn:aws:ecr:eu-west-1:123456789012:repository/app"
        assert isinstance(repo["createdAt"], (int, float))
        assert fake.registry(region="eu-west-1").get_repository("app").name == "app"
    assert sockets == []


@pytest.mark.parametrize(
    ("url", "region"),
    [
        ("https://api.ecr.us-west-2.amazonaws.com/", "us-west-2"),
        ("https://ecr.us-west-2.amazonaws.com/", "us-west-2"),
        ("https://api.ecr-fips.us-gov-west-1.amazonaws.com/", "us-gov-west-1"),
        ("https://ecr.eu-west-3.api.aws/", "eu-west-3"),
        ("https://ecr-fips.us-east-2.api.aws/", "us-east-2"),
        ("https://api.ecr.cn-north-1.amazonaws.com.cn/", "cn-north-1"),
        ("https://ecr.cn-northwest-1.api.amazonwebservices.com.cn/", "cn-northwest-1"),
        ("https://api.ecr.us-iso-east-1.c2s.ic.gov/", "us-iso-east-1"),
    ],
)
def test_every_ecr_api_host_is_answered_in_the_region_of_the_signature(url, region, sockets):
    with mock_ecr_scanning() as fake:
        response = _post(CREATE, url=url, region=region)
        assert response.status_code == 200, response.text
        assert fake.registry(region=region).get_repository("app").region == region
    assert sockets == []


def test_unsigned_post_is_refused_with_missing_authentication_token(sockets):
    # Real ECR: HTTP 400 MissingAuthenticationTokenException "Missing Authentication Token"
    # (docs/behaviour-notes.md, "Unsigned requests").
    with mock_ecr_scanning() as fake:
        response = _post(CREATE, url="https://api.ecr.ap-south-1.amazonaws.com/", region=None)
        assert response.status_code == 400
        assert response.json() == {
            "__type": "MissingAuthenticationTokenException",
            "message": "Missing Authentication Token",
        }
        assert "app" not in fake.registry(region="ap-south-1").repositories
    assert sockets == []


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        (
            "Bearer abc",
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            "Authorization=Bearer abc",
        ),
        (
            "AWS4-HMAC-SHA256 Credential=AKIA/20250101/us-east-1/ecr/aws4_request",
            "Authorization header requires 'Signature' parameter. Authorization header requires "
            "'SignedHeaders' parameter. "
            "Authorization=AWS4-HMAC-SHA256 Credential=AKIA/20250101/us-east-1/ecr/aws4_request",
        ),
    ],
)
def test_post_with_an_incomplete_signature_is_refused(authorization, message):
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": TARGET + "CreateRepository",
        "X-Amz-Date": "20250101T000000Z",
        "Authorization": authorization,
    }
    with mock_ecr_scanning() as fake:
        response = requests.post(
            "https://api.ecr.us-east-1.amazonaws.com/", data=CREATE, headers=headers, timeout=5
        )
        assert response.status_code == 400
        assert response.json() == {"__type": "IncompleteSignatureException", "message": message}
        assert "app" not in fake.registry().repositories


def test_signature_scope_wins_over_the_host():
    with mock_ecr_scanning() as fake:
        _post(CREATE, url="https://api.ecr.us-east-1.amazonaws.com/", region="eu-north-1")
        assert "app" in fake.registry(region="eu-north-1").repositories
        assert "app" not in fake.registry(region="us-east-1").repositories


def test_ecr_error_comes_back_as_aws_json():
    with mock_ecr_scanning():
        _post(CREATE)
        response = _post(CREATE)
    assert response.status_code == 400
    assert response.json() == {
        "__type": "RepositoryAlreadyExistsException",
        "message": "The repository with name 'app' already exists in the registry with id "
        "'123456789012'",
    }


# -- malformed requests: AWS-style 400s, never a 500 or a traceback ---------------------------------


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (b"{not json", "SerializationException", "The request body is not valid JSON."),
        (b"\xff\xfe{}", "SerializationException", "The request body is not valid JSON."),
        (
            b"[1, 2]",
            "SerializationException",
            "Start of structure or map found where not expected: the request body must be a "
            "JSON object.",
        ),
        (
            b"null",
            "SerializationException",
            "Start of structure or map found where not expected: the request body must be a "
            "JSON object.",
        ),
        (
            b'"app"',
            "SerializationException",
            "Start of structure or map found where not expected: the request body must be a "
            "JSON object.",
        ),
    ],
    ids=["broken", "not-utf8", "array", "null", "string"],
)
def test_malformed_body_is_a_serialization_exception(body, code, message):
    with mock_ecr_scanning():
        response = _post(body)
    assert response.status_code == 400
    assert response.json() == {"__type": code, "message": message}


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            None,
            "The request has no X-Amz-Target header naming an Amazon ECR operation "
            "('AmazonEC2ContainerRegistry_V20150921.<Operation>').",
        ),
        (
            "DynamoDB_20120810.ListTables",
            "The request has no X-Amz-Target header naming an Amazon ECR operation "
            "('AmazonEC2ContainerRegistry_V20150921.<Operation>').",
        ),
        ("NoSuchOperation", "Amazon ECR has no operation named 'NoSuchOperation'."),
        ("", "Amazon ECR has no operation named ''."),
    ],
    ids=["missing", "other-service", "unknown", "empty"],
)
def test_missing_or_unknown_target_is_an_unknown_operation_exception(target, message):
    with mock_ecr_scanning():
        response = _post(CREATE, target=target)
    assert response.status_code == 400
    assert response.json() == {"__type": "UnknownOperationException", "message": message}


def test_empty_body_is_an_empty_request_checked_against_the_model():
    with mock_ecr_scanning():
        response = _post(b"")
    assert response.status_code == 400
    assert response.json()["__type"] == "InvalidParameterException"
    assert "repositoryName" in response.json()["message"]


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_other_http_methods_are_unknown_operations(method):
    with mock_ecr_scanning():
        response = requests.request(
            method,
            "https://api.ecr.us-east-1.amazonaws.com/",
            headers={"X-Amz-Target": TARGET + "CreateRepository", **sigv4_headers()},
            data=CREATE,
            timeout=5,
        )
    assert response.status_code == 400
    assert response.json()["__type"] == "UnknownOperationException"


def test_chunked_body_is_read():
    def chunks():
        yield b'{"repositoryName":'
        yield b' "app"}'

    with mock_ecr_scanning() as fake:
        response = requests.post(
            "https://api.ecr.us-east-1.amazonaws.com/",
            data=chunks(),
            headers={"X-Amz-Target": TARGET + "CreateRepository", **sigv4_headers()},
            timeout=5,
        )
        assert response.status_code == 200, response.text
        assert "app" in fake.registry().repositories


def test_unimplemented_operation_is_a_501_naming_it(sockets, monkeypatch):
    name = _first_unimplemented_operation(monkeypatch)
    with mock_ecr_scanning():
        response = _post("{}", target=name)
    assert response.status_code == 501
    assert response.json() == {
        "__type": "NotImplementedByEcrFake",
        "message": f"ecrfake does not implement the ECR operation {name!r}. See "
        "docs/operations.md for the operations it answers; the request was not sent anywhere.",
    }
    assert sockets == []


# -- pass-through and chaining ----------------------------------------------------------------------


def test_other_traffic_passes_through_to_a_users_responses_mock_started_before():
    with responses.RequestsMock() as user:
        user.add(responses.GET, "https://example.com/data", json={"from": "user"})
        user.add(responses.POST, "https://api.ecr-public.us-east-1.amazonaws.com/", json={"p": 1})
        with mock_ecr_scanning() as fake:
            assert requests.get("https://example.com/data", timeout=5).json() == {"from": "user"}
            public = requests.post("https://api.ecr-public.us-east-1.amazonaws.com/", timeout=5)
            assert public.json() == {"p": 1}
            # Registry hosts are ecrfake's now (the /v2/ API): its challenge, not the user's mock.
            registry = "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/"
            assert requests.get(registry, timeout=5).status_code == 401
            assert _post(CREATE).status_code == 200  # the user's mock has no ECR API route
            assert "app" in fake.registry(region="eu-west-1").repositories
        assert requests.get("https://example.com/data", timeout=5).json() == {"from": "user"}
        assert len(user.calls) == 3


def test_other_traffic_passes_through_to_the_network(sockets):
    with mock_ecr_scanning(), pytest.raises(requests.ConnectionError):
        requests.get("http://192.0.2.1:9/", timeout=5)
    assert sockets[0] == "192.0.2.1"


def test_after_stop_ecr_requests_go_to_the_network(sockets):
    with mock_ecr_scanning():
        _post(CREATE)
    with pytest.raises(requests.ConnectionError):
        _post(CREATE)
    assert sockets == ["api.ecr.eu-west-1.amazonaws.com"]


def test_a_mock_started_on_top_survives_ecrfake_stopping_first(sockets, monkeypatch):
    original = requests.adapters.HTTPAdapter.send
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", original)  # undone at teardown
    fake = mock_ecr_scanning().start()
    user = responses.RequestsMock(assert_all_requests_are_fired=False)
    user.start()
    try:
        user.add(responses.GET, "https://example.com/data", body="user")
        fake.stop()
        assert requests.get("https://example.com/data", timeout=5).text == "user"
    finally:
        user.stop()
    # ecrfake's mock stayed underneath as a pure pass-through: requests reach the network
    assert requests.adapters.HTTPAdapter.send is not original
    with pytest.raises(requests.ConnectionError):
        requests.get("https://api.ecr.us-east-1.amazonaws.com/", timeout=5)
    assert sockets == ["api.ecr.us-east-1.amazonaws.com"]
    with mock_ecr_scanning():
        assert _post(CREATE).status_code == 200


def test_requests_mock_is_reused_across_activations_and_rechained():
    # start() keeps a cleanly stopped responses mock for the next activation; it must still chain
    # onto whatever HTTPAdapter.send is current at the next start.
    import requests.adapters

    from ecrfake import mock_ecr_scanning
    from ecrfake._patch import _requests

    original = requests.adapters.HTTPAdapter.send
    with mock_ecr_scanning():
        pass
    assert requests.adapters.HTTPAdapter.send is original
    ((first, _route),) = _requests._spare
    with mock_ecr_scanning():
        assert _requests._spare == []  # in use
        assert first._real_send is original
        assert requests.adapters.HTTPAdapter.send is not original
    assert requests.adapters.HTTPAdapter.send is original


def test_raw_request_for_an_operation_the_installed_botocore_lacks_says_so(monkeypatch):
    # At an older botocore, a hand-made call of a newer operation cannot be served from the model;
    # the error says why instead of claiming ECR has no such operation.
    import botocore

    from ecrfake import _service

    known = _service.operation_model
    monkeypatch.setattr(
        _service,
        "operation_model",
        lambda name, service="ecr": None if name == "CreateRepository" else known(name, service),
    )
    with mock_ecr_scanning():
        response = _post(CREATE, url="https://api.ecr.us-east-1.amazonaws.com/", region="us-east-1")
    assert response.status_code == 400
    assert response.json() == {
        "__type": "UnknownOperationException",
        "message": "Amazon ECR has an operation named 'CreateRepository', but the ECR model of the "
        f"installed botocore {botocore.__version__} lacks it and ecrfake answers from that model: "
        "upgrade botocore to call it.",
    }
