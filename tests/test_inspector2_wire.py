"""Inspector2 next to moto's mock_aws (either order), and over raw HTTP (requests)."""

from __future__ import annotations

import json

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from moto import mock_aws

from ecrfake import mock_ecr_scanning

URL = "https://inspector2.eu-west-1.amazonaws.com"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))


def _enable_and_read_ecr_scan_type() -> str:
    boto3.client("inspector2", region_name="us-east-1").enable(resourceTypes=["ECR"])
    config = boto3.client("ecr", region_name="us-east-1").get_registry_scanning_configuration()
    return config["scanningConfiguration"]["scanType"]


def test_inspector2_goes_to_ecrfake_when_moto_started_first():
    with mock_aws(), mock_ecr_scanning() as fake:
        assert _enable_and_read_ecr_scan_type() == "ENHANCED"
        assert fake.registry().model.scanning.config.scan_type == "ENHANCED"
        # moto still answers the rest
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="side-by-side")


def test_inspector2_goes_to_ecrfake_when_ecrfake_started_first():
    with mock_ecr_scanning() as fake, mock_aws():
        assert _enable_and_read_ecr_scan_type() == "ENHANCED"
        assert fake.registry().model.scanning.config.scan_type == "ENHANCED"
        assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"]


def _signed(method: str, path: str, body: dict | None, region: str = "eu-west-1"):
    data = json.dumps(body) if body is not None else ""
    request = AWSRequest(
        method, URL + path, data=data, headers={"Content-Type": "application/json"}
    )
    SigV4Auth(Credentials("AKIAHANDSIGNED000000", "secret"), "inspector2", region).add_auth(request)
    return requests.request(method, URL + path, data=data, headers=dict(request.headers), timeout=5)


def test_signed_requests_post_is_answered_in_the_signature_region(sockets):
    with mock_ecr_scanning() as fake:
        reply = _signed("POST", "/enable", {"resourceTypes": ["ECR"]})
        assert reply.status_code == 200
        assert reply.json()["accounts"][0]["resourceStatus"]["ecr"] == "ENABLED"
        assert fake.registry(region="eu-west-1").model.scanning.config.scan_type == "ENHANCED"
        assert fake.registry().model.scanning.config.scan_type == "BASIC"
    assert sockets == []


def test_requests_validation_error_has_error_type_header_and_reason(sockets):
    with mock_ecr_scanning():
        reply = _signed("POST", "/findings/list", {"maxResults": 0})
    assert reply.status_code == 400
    assert reply.headers["x-amzn-ErrorType"] == "ValidationException"
    assert reply.json()["reason"] == "FIELD_VALIDATION_FAILED"
    assert "maxResults" in reply.json()["message"]


def test_requests_unparsable_body_is_cannot_parse(sockets):
    with mock_ecr_scanning():
        url = URL + "/findings/list"
        reply = requests.post(url, data="{not json", timeout=5)
    assert reply.status_code == 400 and reply.json()["reason"] == "CANNOT_PARSE"


def test_requests_unimplemented_operation_is_501_naming_it(sockets):
    with mock_ecr_scanning():
        reply = _signed("POST", "/filters/list", {})
    assert reply.status_code == 501 and "ListFilters" in reply.json()["message"]


def test_requests_unknown_path_is_unknown_operation(sockets):
    with mock_ecr_scanning():
        reply = _signed("GET", "/no/such/thing", None)
    assert reply.status_code == 400
    assert reply.headers["x-amzn-ErrorType"] == "UnknownOperationException"


def test_dispatch_http_routes_a_request_signed_for_inspector2_on_a_local_host():
    from ecrfake import _dispatch

    data = json.dumps({"resourceTypes": ["ECR"]})
    url = "http://127.0.0.1:5000/enable"
    request = AWSRequest("POST", url, data=data, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials("AKIAHANDSIGNED000000", "secret"), "inspector2", "eu-west-1").add_auth(
        request
    )
    with mock_ecr_scanning() as fake:
        status, _headers, body = _dispatch.dispatch_http(
            fake.state, "POST", url, dict(request.headers), data.encode()
        )
        assert status == 200 and json.loads(body)["accounts"][0]["resourceStatus"]["ecr"] == (
            "ENABLED"
        )
        assert fake.registry(region="eu-west-1").model.scanning.config.scan_type == "ENHANCED"
