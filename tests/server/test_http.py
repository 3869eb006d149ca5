"""The HTTP layer: keep-alive, chunked bodies, limits, disconnects and handler bugs."""

from __future__ import annotations

import http.client
import json
import logging
import socket
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecrfake import _operations
from ecrfake.server import Server
from ecrfake.server.limits import Limits
from tests.conftest import make_manifest

from ._raw import header_block, signed_headers


def _connection(server: Server) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)


def _call(conn: http.client.HTTPConnection, operation: str, params: dict[str, Any]) -> Any:
    body = json.dumps(params).encode()
    conn.request("POST", "/", body=body, headers=signed_headers(operation, body))
    response = conn.getresponse()
    return response.status, json.loads(response.read())


def test_keep_alive_one_connection_serves_many_requests(server: Server, remote: Any) -> None:
    conn = _connection(server)
    try:
        for n in range(5):
            status, body = _call(conn, "CreateRepository", {"repositoryName": f"app{n}"})
            assert status == 200, body
        sock = conn.sock
        status, body = _call(conn, "DescribeRepositories", {})
        assert conn.sock is sock, "the server closed a keep-alive connection"
        assert len(body["repositories"]) == 5
    finally:
        conn.close()


def test_chunked_request_body_is_dispatched(server: Server, client: Any) -> None:
    conn = _connection(server)
    payload = json.dumps({"repositoryName": "chunked"}).encode()
    headers = signed_headers("CreateRepository", payload)
    try:
        conn.request(
            "POST",
            "/",
            body=iter([payload[:7], payload[7:15], payload[15:]]),
            headers=headers,
            encode_chunked=True,
        )
        response = conn.getresponse()
        assert response.status == 200, response.read()
        response.read()
    finally:
        conn.close()
    names = [r["repositoryName"] for r in client().describe_repositories()["repositories"]]
    assert names == ["chunked"]


def test_put_image_manifest_over_4_mib_is_invalid_parameter(client: Any) -> None:
    ecr = client()
    ecr.create_repository(repositoryName="app")
    huge = make_manifest() + " " * (4 * 1024 * 1024)
    with pytest.raises(ClientError) as error:
        ecr.put_image(repositoryName="app", imageTag="big", imageManifest=huge)
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"
    assert ecr.list_images(repositoryName="app")["imageIds"] == []


def test_declared_body_over_limit_is_413_without_reading_it(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        headers = signed_headers("CreateRepository", b"")
        headers["Content-Length"] = str(10 * 1024 * 1024 * 1024)  # 10 GiB that never come
        headers["Host"] = "127.0.0.1"
        sock.sendall(header_block("POST", "/", headers))
        answer = sock.makefile("rb").read()  # the server answers and closes
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"RequestEntityTooLarge" in answer


def test_chunked_body_over_limit_is_413() -> None:
    with Server(limits=Limits(ecr_api=64 * 1024)) as small:
        conn = _connection(small)
        chunk = b" " * 8192
        headers = signed_headers("CreateRepository", b"")
        try:
            conn.request("POST", "/", body=iter([chunk] * 20), headers=headers, encode_chunked=True)
            response = conn.getresponse()
            assert response.status == 413
            assert json.loads(response.read())["__type"] == "RequestEntityTooLarge"
        finally:
            conn.close()


def test_client_gone_mid_body_changes_nothing(server: Server, client: Any) -> None:
    body = json.dumps({"repositoryName": "half"}).encode()
    headers = signed_headers("CreateRepository", body)
    headers["Content-Length"] = str(len(body))
    headers["Host"] = "127.0.0.1"
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(header_block("POST", "/", headers) + body[: len(body) // 2])
    ecr = client()
    ecr.create_repository(repositoryName="after")  # the server still serves
    names = [r["repositoryName"] for r in ecr.describe_repositories()["repositories"]]
    assert names == ["after"]


def test_client_gone_before_the_answer_leaves_the_request_whole(
    server: Server, client: Any
) -> None:
    body = json.dumps({"repositoryName": "whole", "tags": [{"Key": "k", "Value": "v"}]}).encode()
    headers = signed_headers("CreateRepository", body)
    headers["Content-Length"] = str(len(body))
    headers["Host"] = "127.0.0.1"
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(header_block("POST", "/", headers) + body)
        sock.shutdown(socket.SHUT_RDWR)
    ecr = client()
    for _ in range(10_000):  # bounded: the server applies the request soon after it arrives
        repositories = ecr.describe_repositories()["repositories"]
        if repositories:
            break
    (repository,) = repositories
    tags = ecr.list_tags_for_resource(resourceArn=repository["repositoryArn"])["tags"]
    assert tags == [{"Key": "k", "Value": "v"}]


def test_handler_bug_is_500_with_traceback_and_server_survives(
    server: Server, client: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(call: Any) -> dict[str, Any]:
        raise ZeroDivisionError("deliberately broken handler")

    monkeypatch.setitem(_operations.OPERATIONS, "DescribeRepositories", broken)
    conn = _connection(server)
    try:
        with caplog.at_level(logging.ERROR, logger="ecrfake.server"):
            status, body = _call(conn, "DescribeRepositories", {})
        assert status == 500
        assert body["__type"] == "InternalFailure"
        assert "ZeroDivisionError" in body["message"]
        assert any(r.exc_info for r in caplog.records)
        text = caplog.text
        assert "Traceback" in text and "deliberately broken handler" in text
        status, body = _call(conn, "CreateRepository", {"repositoryName": "still-up"})
        assert status == 200, body
    finally:
        conn.close()
    monkeypatch.undo()
    assert client().describe_repositories()["repositories"][0]["repositoryName"] == "still-up"


def test_unknown_control_path_is_not_forwarded(server: Server) -> None:
    conn = _connection(server)
    try:
        conn.request("GET", "/_ecrfake/v2/anything")
        response = conn.getresponse()
        assert response.status == 404
        assert json.loads(response.read())["error"] == "NotFound"
    finally:
        conn.close()


def test_frozen_time_moves_the_fake_clock_and_the_server_still_stops() -> None:
    import datetime

    import boto3
    from freezegun import freeze_time

    from .conftest import CREDENTIALS

    server = Server().start()
    try:
        with freeze_time("2020-01-02 03:04:05"):
            ecr = boto3.client(
                "ecr", endpoint_url=server.url, region_name="us-east-1", **CREDENTIALS
            )
            created = ecr.create_repository(repositoryName="frozen")["repository"]["createdAt"]
            assert created == datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
            server.stop()  # an event loop on the frozen clock would never see the stop
        assert not server.running
    finally:
        server.stop()


def test_unsigned_request_is_answered_as_the_in_process_path_answers(server: Server) -> None:
    from ecrfake import _dispatch
    from ecrfake.models.state import FakeState

    body = b"{}"
    headers = {
        "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories",
        "Content-Type": "application/x-amz-json-1.1",
    }
    status, _, expected = _dispatch.dispatch_http(
        FakeState(), "POST", "https://api.ecr.us-east-1.amazonaws.com/", headers, body
    )
    conn = _connection(server)
    try:
        conn.request("POST", "/", body=body, headers=headers)
        response = conn.getresponse()
        answer = response.read()
    finally:
        conn.close()
    assert response.status == status
    assert json.loads(answer).get("__type") == json.loads(expected).get("__type")
