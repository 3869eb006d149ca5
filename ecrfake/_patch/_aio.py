"""The aiobotocore seam: the only module that touches aiobotocore.

aiobotocore's ``AioEndpoint`` subclasses botocore's ``Endpoint`` and overrides
``_do_get_response`` with a coroutine, so the botocore seam never sees its calls. This wraps that
coroutine the same way: for an ECR operation the fake's response (an ``AioAWSResponse`` over an
async body) is handed to aiobotocore's own ``_do_get_response`` through a view of the endpoint
whose ``before-send`` event yields it. aiobotocore then checks checksums, parses, records history,
fills modeled error fields and emits its events as for a real response, so its paginators, waiters
and ``ClientError`` work unchanged. The seam is the same in aiobotocore 2.x and 3.x.

aiobotocore is optional (the ``async`` extra). It is patched at start when it is imported already,
and otherwise the moment it is imported while the fake is active: a client stack cannot slip past
the fake because it was imported late, and a test that never imports it does not pay for importing
it (a quarter of a second).
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


def _response_class() -> Any:
    # import_module: aiobotocore ships no types (and types-aiobotocore may or may not be there).
    return importlib.import_module("aiobotocore.awsrequest").AioAWSResponse


def _wrap_do_get_response(state: FakeState) -> Callable[[Any, Seam], Callable[..., Any]]:
    response_class: list[Any] = []  # looked up on the first answer: the seam may be made while
    # aiobotocore.endpoint is still being imported

    def make(original: Any, seam: Seam) -> Callable[..., Any]:
        async def _do_get_response(
            self: Any, request: Any, operation_model: Any, context: Any
        ) -> Any:
            service = answered_service(operation_model) if seam.enabled else None
            if service is None:
                return await original(self, request, operation_model, context)
            region = context.get("client_region") if context else None
            status, headers, body = answer(request, operation_model, state, region, service)
            if not response_class:
                response_class.append(_response_class())
            response = response_class[0](request.url, status, headers, _AioRaw(body))
            view = _AioEndpointView(self, _AioEmitterView(self._event_emitter, response))
            return await original(view, request, operation_model, context)

        return _do_get_response

    return make


class _WhenImported:
    """Wraps ``AioEndpoint`` the moment ``aiobotocore.endpoint`` defines it, if that happens while
    the fake is active (a hook on botocore's ``Endpoint.__init_subclass__``, which AioEndpoint
    subclasses). So an aiobotocore that is installed but unused costs a test nothing, and one
    imported late is answered all the same."""

    def __init__(self, state: FakeState) -> None:
        import botocore.endpoint

        self._owner: Any = botocore.endpoint.Endpoint
        self._own: Any = vars(self._owner).get("__init_subclass__")
        self.seams: list[Seam] = []
        owner, seams, previous = self._owner, self.seams, self._own
        wrap = _wrap_do_get_response(state)

        def __init_subclass__(cls: Any, /, **kwargs: Any) -> None:
            if previous is not None:
                previous.__get__(None, cls)(**kwargs)
            else:
                next_in_mro(owner, cls).__init_subclass__(**kwargs)
            if cls.__name__ == "AioEndpoint" and cls.__module__ == _ENDPOINT_MODULE:
                seams.append(Seam(cls, "_do_get_response", wrap))

        self._hook: Any = classmethod(__init_subclass__)
        type.__setattr__(owner, "__init_subclass__", self._hook)

    def undo(self) -> None:
        for seam in reversed(self.seams):
            seam.undo()
        self.seams.clear()
        if vars(self._owner).get("__init_subclass__") is self._hook:
            if self._own is None:
                type.__delattr__(self._owner, "__init_subclass__")
            else:
                type.__setattr__(self._owner, "__init_subclass__", self._own)

    def __repr__(self) -> str:
        return f"<aiobotocore seam, when imported: {len(self.seams)} installed>"


_ENDPOINT_MODULE = "aiobotocore.endpoint"
#: ``super`` with two arguments, as a plain callable: the hook's owner is only known at run time.
next_in_mro: Any = super


def install(state: FakeState) -> list[Seam | _WhenImported]:
    """Wrap aiobotocore's endpoint: now if aiobotocore is imported, else when it is (nothing when
    aiobotocore is not installed)."""
    endpoint = sys.modules.get(_ENDPOINT_MODULE)
    if endpoint is not None and hasattr(endpoint, "AioEndpoint"):
        return [Seam(endpoint.AioEndpoint, "_do_get_response", _wrap_do_get_response(state))]
    if not available():
        return []
    return [_WhenImported(state)]
