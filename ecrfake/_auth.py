"""Requests that real ECR refuses before reading them: no signature, or an incomplete one.

ecrfake accepts any credentials (it checks no signature's value), but a request must be signed the
way an AWS SDK signs it, as real ECR requires (docs/behaviour-notes.md, "Unsigned requests"):

* no ``Authorization`` header and no presigned query (``X-Amz-Signature``): HTTP 400
  ``MissingAuthenticationTokenException`` "Missing Authentication Token";
* an ``Authorization`` header that is not a complete SigV4 one: HTTP 400
  ``IncompleteSignatureException`` naming each missing part, as AWS's JSON services word it.
"""

from __future__ import annotations

import json
from typing import Any

from ecrfake._http import header

__all__ = ["refusal"]

_JSON = {"Content-Type": "application/x-amz-json-1.1"}


def _sdk_signed(authorization: str) -> bool:
    """A complete SigV4 header in the form every AWS SDK writes it, ``x-amz-date`` among the signed
    headers: the common case, accepted without taking the header apart (each test here implies
    the matching one of the full check below)."""
    return (
        authorization.startswith("AWS4-HMAC-SHA256 Credential=")
        and ", SignedHeaders=" in authorization
        and ", Signature=" in authorization
        and "x-amz-date" in authorization
    )


def _error(code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps({"__type": code, "message": message}).encode()
    return 400, {**_JSON, "x-amzn-ErrorType": code}, body


def refusal(headers: Any, url: str) -> tuple[int, dict[str, str], bytes] | None:
    """ECR's answer to a request it refuses for its signature, or ``None`` to go on."""
    authorization = header(headers, "Authorization")
    if authorization is not None and _sdk_signed(authorization):
        return None
    if authorization is None:
        if "X-Amz-Signature=" in url:  # presigned: the signature is in the query
            return None
        return _error("MissingAuthenticationTokenException", "Missing Authentication Token")
    parts = authorization.split(" ", 1)
    fields = parts[1] if len(parts) == 2 and parts[0] == "AWS4-HMAC-SHA256" else ""
    present = {item.split("=", 1)[0].strip() for item in fields.split(",") if "=" in item}
    missing = [
        f"Authorization header requires '{name}' parameter."
        for name in ("Credential", "Signature", "SignedHeaders")
        if name not in present
    ]
    if not missing and "x-amz-date" in fields:  # signed (SigV4 lists signed headers lowercase)
        return None
    if header(headers, "X-Amz-Date") is None and header(headers, "Date") is None:
        missing.append(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        )
    if not missing:
        return None
    return _error(
        "IncompleteSignatureException", " ".join([*missing, f"Authorization={authorization}"])
    )
