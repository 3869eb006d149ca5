"""Hand-made HTTP requests to the server, signed the way botocore signs them."""

from __future__ import annotations

import datetime
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

TARGET = "AmazonEC2ContainerRegistry_V20150921."


def signed_headers(
    operation: str, body: bytes, *, region: str = "us-east-1", url: str = "http://127.0.0.1/"
) -> dict[str, str]:
    """The headers of a SigV4-signed ECR JSON request (``X-Amz-Target`` included)."""
    request = AWSRequest(
        method="POST",
        url=url,
        data=body,
        headers={
            "X-Amz-Target": TARGET + operation,
            "Content-Type": "application/x-amz-json-1.1",
        },
    )
    signer = SigV4Auth(Credentials("AKIDEXAMPLE", "not-a-secret"), "ecr", region)
    request.context["timestamp"] = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    signer.add_auth(request)
    return dict(request.headers.items())


def header_block(method: str, path: str, headers: dict[str, Any]) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")
