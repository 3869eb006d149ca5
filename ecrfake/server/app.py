"""The ASGI application: one HTTP request in, the fake's answer out.

Every request that is not for the control API goes to the same dispatcher as the in-process fake
(:func:`forward`), with the URL :mod:`ecrfake.server.routing` gives it, so the server has no
implementation of any operation of its own. The body is read whole (within
:mod:`ecrfake.server.limits`) before anything is dispatched, and dispatch applies a request under
the state lock in one step, so a client that goes away mid-request changes nothing, and one that
goes away after its request was applied only misses the answer.

The dispatcher is synchronous and every request takes the one state lock anyway, so it runs on the
event loop itself (no thread hop); reading and writing of all connections stay concurrent.

An exception out of dispatch or a control is a bug in ecrfake: it is logged with its traceback on
the ``ecrfake.server`` logger and answered with HTTP 500; the server keeps serving.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from ecrfake.server.limits import Limits
from ecrfake.server.routing import Route, route_request

if TYPE_CHECKING:
    from ecrfake.models.state import FakeState
    from ecrfake.server.control import Controls

__all__ = ["App", "forward", "warm"]

logger = logging.getLogger("ecrfake.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Response = tuple[int, dict[str, str], bytes]

_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})


class _Headers(dict[str, str]):
    """Request headers, looked up case-insensitively (what the dispatcher and botocore expect)."""

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        super().__init__()
        for name, value in raw:
            key = name.decode("latin-1").lower()
            text = value.decode("latin-1")
            self[key] = f"{self[key]},{text}" if key in self else text

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())


def _json(status: int, payload: dict[str, Any], *, close: bool = False) -> Response:
    body = json.dumps(payload).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if close:
        headers["Connection"] = "close"
    return status, headers, body


def forward(state: FakeState, method: str, route: Route, headers: Any, body: bytes) -> Response:
    """The in-process dispatcher's answer to one ECR, Inspector2 or registry request.

    Exactly what the in-process ``requests`` path gets for the same request: the one entry for raw
    HTTP, :func:`ecrfake._dispatch.dispatch_http`, with the URL of the real AWS host.
    """
    from ecrfake import _dispatch

    return _dispatch.dispatch_http(state, method, route.url, headers, body)


def warm() -> None:
    """Load the handlers and botocore's ECR model now, so the first request is as fast as the rest."""
    from ecrfake import _dispatch, _service

    assert _dispatch.HANDLER_MODULES  # importing the dispatcher imported every handler
    _service.service_model()


class _Disconnected(Exception):
    pass


class _TooLarge(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            if message.get("more_body", False):
                await _drain(receive, limit)
            raise _TooLarge
        if chunk:
            chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


#: How much of an oversized streamed body is read (and thrown away) before the 413, so a client
#: still sending can finish and read the answer instead of meeting a reset connection; past it the
#: connection is closed on the client.
_DRAIN_LIMIT = 64 * 1024 * 1024


async def _drain(receive: Receive, limit: int) -> None:
    """Read the rest of a body that is already too large, keeping none of it (bounded)."""
    drained = 0
    while drained <= max(_DRAIN_LIMIT, limit):
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        drained += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


class App:
    """ASGI 3 application over one :class:`~ecrfake.models.state.FakeState`."""

    def __init__(self, state: FakeState, controls: Controls, limits: Limits | None = None) -> None:
        self.state = state
        self.controls = controls
        self.limits = limits or Limits()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        answer = await self._answer(scope, receive)
        if answer is None:  # the client went away before its request was complete
            return
        status, headers, body = answer
        method = scope["method"]
        out = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in headers.items()
            if name.lower() not in _HOP_BY_HOP or name.lower() == "connection"
        ]
        if method == "HEAD":
            length = headers.get("Content-Length") or headers.get("content-length")
            if length is not None:
                out.append((b"content-length", str(length).encode("latin-1")))
            body = b""
        else:
            out.append((b"content-length", str(len(body)).encode("latin-1")))
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": body})

    async def _answer(self, scope: Scope, receive: Receive) -> Response | None:
        method = scope["method"]
        headers = _Headers(scope.get("headers") or [])
        path: str = scope["path"]
        raw_path: bytes = scope.get("raw_path") or path.encode("utf-8")
        query: bytes = scope.get("query_string") or b""
        target = raw_path.decode("latin-1") + (f"?{query.decode('latin-1')}" if query else "")
        route = route_request(
            path, target, headers, self.state.default_account, self.state.default_region
        )
        limit = self.limits.for_route(route.service)
        declared = headers.get("content-length")
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                return _json(400, {"message": "bad Content-Length"}, close=True)
            if too_large:
                return _too_large(route, limit)
        try:
            body = await _read_body(receive, limit)
        except _Disconnected:
            return None
        except _TooLarge:
            return _too_large(route, limit)
        try:
            if route.service == "control":
                return self.controls.handle(method, path, body)
            return forward(self.state, method, route, headers, body)
        except Exception as error:
            logger.exception("ecrfake failed on %s %s", method, target)
            message = (
                f"ecrfake failed on this request (a bug in ecrfake: {type(error).__name__}: "
                f"{error}); the traceback is in the server log"
            )
            if route.service == "control":
                return _json(500, {"error": "InternalError", "message": message})
            return _json(500, {"__type": "InternalFailure", "message": message})


def _too_large(route: Route, limit: int) -> Response:
    message = f"the request body is larger than the {limit} bytes ecrfake takes for this API"
    key = "error" if route.service == "control" else "__type"
    return _json(413, {key: "RequestEntityTooLarge", "message": message}, close=True)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
