"""The registry's /v2/ API through ``ecrfake serve``, end to end, on the same store as the API."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
from typing import Any

from ecrfake.server import Server

MANIFEST = json.dumps(
    {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "size": 2,
            "digest": "sha256:" + hashlib.sha256(b"{}").hexdigest(),
        },
        "layers": [],
    }
).encode()


def _request(
    server: Server, method: str, path: str, host: str, body: bytes | None = None, **headers: str
) -> tuple[int, Any, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Host": host, **headers})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def _basic(client: Any) -> str:
    token = client("ecr").get_authorization_token()["authorizationData"][0]["authorizationToken"]
    return "Basic " + token  # the token is base64("AWS:<password>") already


def test_v2_challenge_then_push_with_the_tokens_password_is_a_push(server, client):
    host = "123456789012.dkr.ecr.us-east-1.localhost"
    # given: the challenge a client meets first
    status, headers, _ = _request(server, "GET", "/v2/", host)
    assert status == 401
    assert headers["WWW-Authenticate"].startswith("Basic ")
    ecr = client("ecr")
    ecr.create_repository(repositoryName="app")
    auth = _basic(client)
    blob = b"{}"
    # when: the config blob and the manifest go up through /v2/
    status, headers, _ = _request(
        server,
        "POST",
        "/v2/app/blobs/uploads/?digest=sha256:" + hashlib.sha256(blob).hexdigest(),
        host,
        body=blob,
        Authorization=auth,
        **{"Content-Type": "application/octet-stream"},
    )
    assert status == 201
    status, headers, _ = _request(
        server,
        "PUT",
        "/v2/app/manifests/1.0",
        host,
        body=MANIFEST,
        Authorization=auth,
        **{"Content-Type": "application/vnd.oci.image.manifest.v1+json"},
    )
    # then: it is an image the API sees, with the digest /v2/ answered
    assert status == 201
    digest = headers["Docker-Content-Digest"]
    assert digest == "sha256:" + hashlib.sha256(MANIFEST).hexdigest()
    (image,) = ecr.describe_images(repositoryName="app")["imageDetails"]
    assert (image["imageDigest"], image["imageTags"]) == (digest, ["1.0"])
    status, _, body = _request(
        server,
        "GET",
        "/v2/app/manifests/1.0",
        host,
        Authorization=auth,
        Accept="application/vnd.oci.image.manifest.v1+json",
    )
    assert (status, body) == (200, MANIFEST)


def test_v2_wrong_password_is_401(server, client):
    host = "123456789012.dkr.ecr.us-east-1.localhost"
    client("ecr").get_authorization_token()
    wrong = "Basic " + base64.b64encode(b"AWS:not-the-password").decode()
    status, headers, body = _request(server, "GET", "/v2/", host, Authorization=wrong)
    # ECR's own answer (docs/data-path.md): the challenge again, and a plain-text body
    assert (status, body) == (401, b"Not Authorized\n")
    assert headers["WWW-Authenticate"].startswith("Basic ")
