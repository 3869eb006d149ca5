"""JSON 1.1 in and out: the only place that knows ECR's wire format.

* Requests: ``X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>``, a JSON object
  body (botocore sends ``{}`` for an operation without input).
* Responses: HTTP 200 with ``application/x-amz-json-1.1``, timestamps as epoch seconds (JSON
  numbers), an ``x-amzn-RequestId`` header; optional members left out when unset.
* Errors: ``{"__type": "<ExceptionName>", "message": "<text>"}`` with the error's status.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from ecrfake._http import request_id
from ecrfake.exceptions import BodyNotAnObject, EcrError, SerializationException

__all__ = [
    "CONTENT_TYPE",
    "TARGET_PREFIX",
    "body_bytes",
    "decode_body",
    "encode_error",
    "encode_not_implemented",
    "encode_result",
    "region_from_request",
]

TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921."
CONTENT_TYPE = "application/x-amz-json-1.1"

_SCOPE_RE = re.compile(r"Credential=[^/,\s]+/\d{8}/([a-z0-9-]+)/ecr/aws4_request")
_HOST_RE = re.compile(
    r"^(?:https?://)?(?:api\.)?ecr(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|api\.aws"
    r"|api\.amazonwebservices\.com\.cn)"
)


def _default(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    raise TypeError(f"ecrfake cannot encode {type(value).__name__} on the wire")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# One encoder and one decoder for the process: json.dumps/json.loads with options build new ones
# per call. check_circular is off: handlers return fresh trees, never cycles.
_ENCODER = json.JSONEncoder(default=_default, separators=(",", ":"), check_circular=False)
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _one_shot_encoder() -> Any:
    """The C encoder that ``_ENCODER.encode`` builds afresh on every call, built once (or the
    pure-Python ``encode`` where the C accelerator is missing or takes other arguments)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    try:
        encoder = make(
            None, _default, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, True
        )
        sample = {"a": [1, 2.5, "\u00e9", None, True], "b": {"c": datetime.datetime(2020, 1, 1)}}
        if "".join(encoder(sample, 0)) != _ENCODER.encode(sample):
            return None
    except Exception:  # another interpreter's accelerator: keep the documented path
        return None
    return encoder


_C_ENCODE = _one_shot_encoder()
_SCAN: Any = getattr(_DECODER, "scan_once")  # noqa: B009 (set in __init__, not in the stubs)


def body_bytes(body: Any) -> bytes | str | None:
    """The whole body of a request, whatever form the HTTP library left it in."""
    if body is None or isinstance(body, (bytes, str)):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    read = getattr(body, "read", None)
    if callable(read):  # a file-like body (botocore streams, requests' data=<file>)
        data = read()
        return data if isinstance(data, (bytes, str)) else b""
    chunks = list(body)  # an iterable of chunks (requests' data=<generator>)
    if all(isinstance(c, str) for c in chunks):
        return "".join(chunks)
    return b"".join(c.encode("utf-8") if isinstance(c, str) else bytes(c) for c in chunks)


def decode_body(body: Any) -> dict[str, Any]:
    """The request body as a dict; an empty body is ``{}``.

    Anything that is not one JSON object (bad UTF-8, bad syntax, ``NaN``/``Infinity``, nesting deep
    enough to exhaust the parser, a body that cannot be read) is ``SerializationException``.
    """
    if body is None:
        return {}
    try:
        raw = body if type(body) is bytes else body_bytes(body)  # botocore's: bytes
        if raw is None or raw in (b"", ""):
            return {}
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if text[0] == "{" and text[-1] == "}":  # botocore's compact object: the scanner alone
            value, end = _SCAN(text, 0)
            if end != len(text):
                raise ValueError("extra data after the JSON object")
        else:
            value = _DECODER.decode(text)
    except (UnicodeError, ValueError, TypeError, RecursionError, OSError, StopIteration):
        raise SerializationException() from None
    if not isinstance(value, dict):
        raise BodyNotAnObject()
    return value


def _headers(length: int) -> dict[str, str]:
    return {
        "Content-Type": CONTENT_TYPE,
        "x-amzn-RequestId": request_id(),
        "Content-Length": str(length),
    }


def encode_result(result: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    text = "".join(_C_ENCODE(result, 0)) if _C_ENCODE is not None else _ENCODER.encode(result)
    body = text.encode("utf-8")
    return 200, _headers(len(body)), body


def encode_error(error: EcrError) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps(error.to_body()).encode("utf-8")
    return error.status, _headers(len(body)), body


def encode_not_implemented(message: str) -> tuple[int, dict[str, str], bytes]:
    """HTTP 501 naming an operation ecrfake does not implement (the raw-HTTP paths)."""
    body = json.dumps({"__type": "NotImplementedByEcrFake", "message": message}).encode("utf-8")
    return 501, _headers(len(body)), body


def region_from_request(headers: Any, url: str) -> str | None:
    """The region of a request: the SigV4 credential scope first, then the host."""
    auth = headers.get("Authorization") if headers is not None else None
    if isinstance(auth, bytes):
        auth = auth.decode("latin-1")
    if auth:
        match = _SCOPE_RE.search(auth)
        if match:
            return match.group(1)
    match = _HOST_RE.match(url or "")
    if match:
        return match.group(1)
    return None
