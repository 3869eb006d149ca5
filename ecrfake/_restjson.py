"""REST-JSON in and out, for Amazon Inspector (``inspector2``): the only place that knows its wire.

* Requests: the operation is named by method and path (``POST /findings/list``), not by a header;
  members come from the JSON body and, for some operations, from URI labels and the query string,
  as each member's ``location`` in botocore's model says. Timestamps in a body are epoch seconds
  (botocore's REST-JSON serializer writes ``unixtimestamp`` unless a shape says otherwise) and
  become aware UTC datetimes here.
* Responses: HTTP 200, ``application/json``, timestamps as epoch seconds, ``x-amzn-RequestId``.
* Errors: the error shape's HTTP status, an ``x-amzn-ErrorType: <Code>`` header (what botocore's
  ``RestJSONParser`` reads the code from) and a body with ``message`` and the shape's other members
  (``reason`` and ``fields`` for ``ValidationException``).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from ecrfake import _service
from ecrfake._aws import INSPECTOR2_API_HOST_RE
from ecrfake._http import request_id

__all__ = [
    "CONTENT_TYPE",
    "SERVICE",
    "decode_request",
    "encode_error",
    "encode_result",
    "parse_timestamps",
    "region_from_request",
    "resolve",
    "signed_for_inspector2",
]

SERVICE = _service.INSPECTOR2
CONTENT_TYPE = "application/json"

_SCOPE_RE = re.compile(r"Credential=[^/,\s]+/\d{8}/([a-z0-9-]+)/inspector2/aws4_request")


def _route_regex(uri: str) -> re.Pattern[str]:
    path = uri.split("?", 1)[0]
    out = ""
    for piece in re.split(r"(\{[^}]+\})", path):
        if piece.startswith("{"):
            greedy = piece.endswith("+}")
            out += "(.+)" if greedy else "([^/]+)"
        else:
            out += re.escape(piece)
    return re.compile(f"^{out}/?$")


@functools.lru_cache(maxsize=1)
def _routes() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    model = _service.service_model(SERVICE)
    routes = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        routes.append((http["method"], _route_regex(http["requestUri"]), name))
    # Literal paths first: "/findings/list" must not be taken for a "/findings/{id}" label.
    routes.sort(key=lambda r: r[1].pattern.count("("))
    return tuple(routes)


def resolve(method: str, url: str) -> str | None:
    """The Inspector2 operation a request names by its method and path (None: no operation)."""
    path = urllib.parse.urlsplit(url).path or "/"
    for route_method, regex, name in _routes():
        if route_method == method.upper() and regex.match(path):
            return name
    return None


def _to_datetime(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    if isinstance(value, str):
        try:
            parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)
    return value


def _timestamps(shape: Any, value: Any, depth: int = 0) -> Any:
    """``value`` with every member the shape types as a timestamp turned into a datetime."""
    if depth > 32 or value is None:
        return value
    kind = shape.type_name
    if kind == "timestamp":
        return _to_datetime(value)
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {
            k: (_timestamps(members[k], v, depth + 1) if k in members else v)
            for k, v in value.items()
        }
    if kind == "list" and isinstance(value, list):
        return [_timestamps(shape.member, v, depth + 1) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _timestamps(shape.value, v, depth + 1) for k, v in value.items()}
    return value


@functools.cache
def _has_timestamp(shape_name: str) -> bool:
    seen: set[str] = set()

    def walk(shape: Any) -> bool:
        if shape.name in seen:
            return False
        seen.add(shape.name)
        kind = shape.type_name
        if kind == "timestamp":
            return True
        if kind == "structure":
            return any(walk(m) for m in shape.members.values())
        if kind == "list":
            return walk(shape.member)
        if kind == "map":
            return walk(shape.value)
        return False

    return walk(_service.service_model(SERVICE).shape_for(shape_name))


def decode_request(model: Any, url: str, body: Any) -> dict[str, Any]:
    """The request's members: the JSON body, URI labels and query string, as the model places them.

    Raises ``ValueError`` for a body that is not one JSON object.
    """
    params: dict[str, Any] = {}
    if body not in (None, b"", ""):
        text = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else str(body)
        value = json.loads(text)
        if not isinstance(value, dict):
            raise ValueError("the request body is not a JSON object")
        params.update(value)
    shape = model.input_shape
    if shape is None:
        return params
    split = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(split.query)
    labels: dict[str, str] = {}
    match = _route_regex(model.http["requestUri"]).match(split.path or "/")
    if match:
        names = re.findall(r"\{([^}+]+)\+?\}", model.http["requestUri"].split("?", 1)[0])
        labels = {n: urllib.parse.unquote(v) for n, v in zip(names, match.groups(), strict=False)}
    for member, member_shape in shape.members.items():
        location = member_shape.serialization.get("location")
        wire = member_shape.serialization.get("name", member)
        if location == "uri" and wire in labels:
            params[member] = labels[wire]
        elif location == "querystring" and wire in query:
            values = query[wire]
            if member_shape.type_name == "list":
                params[member] = values
            elif member_shape.type_name in ("integer", "long"):
                params[member] = int(values[0]) if values[0].lstrip("-").isdigit() else values[0]
            else:
                params[member] = values[0]
    return params


def parse_timestamps(model: Any, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` (validated) with every member the input shape types as a timestamp a datetime."""
    shape = model.input_shape
    if shape is None or not _has_timestamp(shape.name):
        return params
    result: dict[str, Any] = _timestamps(shape, params)
    return result


def _default(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    raise TypeError(f"ecrfake cannot encode {type(value).__name__} on the wire")


_ENCODER = json.JSONEncoder(default=_default, separators=(",", ":"), check_circular=False)


def _headers(length: int) -> dict[str, str]:
    return {
        "Content-Type": CONTENT_TYPE,
        "x-amzn-RequestId": request_id(),
        "Content-Length": str(length),
    }


def encode_result(result: Mapping[str, Any]) -> tuple[int, dict[str, str], bytes]:
    body = _ENCODER.encode(result).encode("utf-8")
    return 200, _headers(len(body)), body


def encode_error(
    code: str, status: int, fields: Mapping[str, Any]
) -> tuple[int, dict[str, str], bytes]:
    """An error response: ``fields`` is the error shape's body (``message`` and the rest)."""
    body = _ENCODER.encode(dict(fields)).encode("utf-8")
    headers = _headers(len(body))
    headers["x-amzn-ErrorType"] = code
    return status, headers, body


def _authorization(headers: Any) -> str | None:
    auth = headers.get("Authorization") if headers is not None else None
    if isinstance(auth, bytes):
        auth = auth.decode("latin-1")
    return auth if isinstance(auth, str) else None


def signed_for_inspector2(headers: Any) -> bool:
    """Whether a request's SigV4 credential scope names the ``inspector2`` service."""
    auth = _authorization(headers)
    return bool(auth and _SCOPE_RE.search(auth))


def region_from_request(headers: Any, url: str) -> str | None:
    """The region of a request: the SigV4 credential scope first, then the host."""
    auth = _authorization(headers)
    if auth:
        match = _SCOPE_RE.search(auth)
        if match:
            return match.group(1)
    match = INSPECTOR2_API_HOST_RE.match(url or "")
    return match.group(1) if match else None
