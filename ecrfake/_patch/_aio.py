"""The aiobotocore seam: the only module that touches aiobotocore.

aiobotocore's ``AioEndpoint`` subclasses botocore's ``Endpoint`` and overrides
``_do_get_response`` with a coroutine, so the botocore seam never sees its calls. This wraps that
coroutine the same way: for an ECR operation the fake's response (an ``AioAWSResponse`` over an
async body) is handed to aiobotocore's own ``_do_get_response`` through a view of the endpoint
whose ``before-send`` event yields it. aiobotocore then checks checksums, parses, records history,
fills modeled error fields and emits its events as for a real response, so its paginators, waiters
and ``ClientError`` work unchanged. The seam is the same in aiobotocore 2.x and 3.x.

aiobotocore is optional (the ``async`` extra). It is patched when it is importable, whether or not
it has been imported yet: a client stack cannot slip past the fake because it was imported late.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecrfake._patch._botocore import answer, answered_service
from ecrfake._patch._seam import Seam

if TYPE_CHECKING:
    from ecrfake.models.state import FakeState

__all__ = ["available", "install"]

_available: bool | None = None  # a cache of find_spec's answer, not activation state


def available() -> bool:
    """Whether aiobotocore can be imported here (looked up once per process)."""
    global _available
    if _available is None:
        _available = "aiobotocore" in sys.modules or (
            importlib.util.find_spec("aiobotocore") is not None
        )
    return _available


class _AioRaw:
    """An async body, as aiobotocore's ``AioAWSResponse.content`` reads it."""

    __slots__ = ("_body",)

    def __init__(self, body: bytes) -> None:
        self._body = body

    async def read(self, amt: int | None = None) -> bytes:
        body, self._body = self._body, b""
        return body


class _AioEmitterView:
    """The endpoint's (async) emitter, except that ``before-send`` yields the fake's response."""

    __slots__ = ("_emitter", "_response")

    def __init__(self, emitter: Any, response: Any) -> None:
        self._emitter = emitter
        self._response = response

    async def emit(self, event_name: str, **kwargs: Any) -> Any:
        if event_name.startswith("before-send."):
            return [(None, self._response)]
        return await self._emitter.emit(event_name, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._emitter, name)


class _AioEndpointView:
    """The endpoint with the emitter view; ``_response_parser_factory`` copied in, as the botocore
    seam's view does."""

    __slots__ = ("_endpoint", "_event_emitter", "_response_parser_factory")

    def __init__(self, endpoint: Any, emitter: Any) -> None:
        self._endpoint = endpoint
        self._event_emitter = emitter
        factory = getattr(endpoint, "_response_parser_factory", None)
        if factory is not None:  # else the unset slot falls back to __getattr__
            self._response_parser_factory = factory

    def __getattr__(self, name: str) -> Any:
        return getattr(self._endpoint, name)


def _wrap_do_get_response(state: FakeState) -> Callable[[Any, Seam], Callable[..., Any]]:
    # import_module: aiobotocore ships no types (and types-aiobotocore may or may not be there).
    AioAWSResponse = importlib.import_module("aiobotocore.awsrequest").AioAWSResponse

    def make(original: Any, seam: Seam) -> Callable[..., Any]:
        async def _do_get_response(
            self: Any, request: Any, operation_model: Any, context: Any
        ) -> Any:
            service = answered_service(operation_model) if seam.enabled else None
            if service is None:
                return await original(self, request, operation_model, context)
            region = context.get("client_region") if context else None
            status, headers, body = answer(request, operation_model, state, region, service)
            response = AioAWSResponse(request.url, status, headers, _AioRaw(body))
            view = _AioEndpointView(self, _AioEmitterView(self._event_emitter, response))
            return await original(view, request, operation_model, context)

        return _do_get_response

    return make


def install(state: FakeState) -> list[Seam]:
    """Wrap aiobotocore's endpoint (nothing when aiobotocore is not installed)."""
    if not available():
        return []
    endpoint = importlib.import_module("aiobotocore.endpoint")
    return [Seam(endpoint.AioEndpoint, "_do_get_response", _wrap_do_get_response(state))]
