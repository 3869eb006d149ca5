"""Every non-control request reaches ``dispatch_http`` whole, with the real AWS host in its URL."""

from __future__ import annotations

import http.client
from typing import Any

import pytest

from ecrfake import _dispatch
from ecrfake.server import Server

SCOPE = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/{region}/{service}/aws4_request, x"


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, Any, bytes]]:
    calls: list[tuple[str, str, Any, bytes]] = []

    def record(state: Any, method: str, url: str, headers: Any, body: bytes) -> Any:
        calls.append((method, url, headers, body))
        return 207, {"Content-Type": "text/plain", "X-Seen": "yes", "Content-Length": "99"}, b"ok"

    monkeypatch.setattr(_dispatch, "dispatch_http", record)
    return calls


def _send(
    server: Server, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_registry_request_reaches_dispatch_with_the_registry_host(
    server: Server, recorded: list[Any]
) -> None:
    status, headers, body = _send(
        server,
        "PUT",
        "/v2/app/manifests/1.0?x=1",
        b"{}",
        {"Host": "111122223333.dkr.ecr.eu-west-1.localhost:1", "Authorization": "Basic QVdTOng="},
    )
    ((method, url, seen, sent),) = recorded
    assert (method, url, sent) == (
        "PUT",
        "https://111122223333.dkr.ecr.eu-west-1.amazonaws.com/v2/app/manifests/1.0?x=1",
        b"{}",
    )
    assert seen.get("authorization") == seen.get("Authorization") == "Basic QVdTOng="
    assert (status, headers["X-Seen"], body) == (207, "yes", b"ok")
    assert headers["Content-Length"] == "2"  # the server counts the body it sends


def test_head_request_keeps_the_dispatcher_content_length(
    server: Server, recorded: list[Any]
) -> None:
    status, headers, body = _send(server, "HEAD", "/v2/app/blobs/sha256:00", None, {})
    assert (
        recorded[0][1]
        == "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/app/blobs/sha256:00"
    )
    assert (status, headers["Content-Length"], body) == (207, "99", b"")


def test_inspector2_request_reaches_dispatch_at_the_inspector2_host(
    server: Server, recorded: list[Any]
) -> None:
    auth = SCOPE.format(region="eu-west-1", service="inspector2")
    _send(server, "POST", "/findings/list", b'{"maxResults": 5}', {"Authorization": auth})
    (method, url, _, sent) = recorded[0]
    assert (method, url, sent) == (
        "POST",
        "https://inspector2.eu-west-1.amazonaws.com/findings/list",
        b'{"maxResults": 5}',
    )
