"""The botocore seams: ``Endpoint._do_get_response`` and ``SigV4Auth.add_auth``.

``Endpoint._do_get_response`` is wrapped at class level, so every client answers from the fake,
including clients created before ecrfake was imported or the fake started. For an ECR operation the
wrapper builds the fake's HTTP response and then runs botocore's own code with a view of the
endpoint whose ``before-send`` event yields that response: botocore parses, records history and
emits ``before-parse`` exactly as for a real response. Other ``before-send`` handlers (moto's, say)
never see ECR requests while ecrfake is active, whichever started first. Non-ECR requests go to
botocore untouched.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ecrfake import _dispatch, _service, _wire
from ecrfake._auth import refusal
from ecrfake._patch._seam import Seam

if TYPE_CHECKING:
    from ecrfake.models.state import FakeState

__all__ = ["SIGNED", "answer", "answered_service", "install"]

_ECR_TARGET = _wire.TARGET_PREFIX.rstrip(".")  # the model's targetPrefix
#: The signing names of the services answered: a client of these with no credentials signs with
#: the fake's.
SIGNED = ("ecr", _service.INSPECTOR2)


def answered_service(operation_model: Any) -> str | None:
    """The service of an operation ecrfake answers (``"ecr"`` for ECR's API, known by its JSON
    target prefix rather than its host; ``"inspector2"`` for Amazon Inspector's), else ``None``."""
    metadata = operation_model.service_model.metadata
    if metadata.get("targetPrefix") == _ECR_TARGET:
        return "ecr"
    if metadata.get("endpointPrefix") == _service.INSPECTOR2:
        return _service.INSPECTOR2
    return None


def answer(
    request: Any,
    operation_model: Any,
    state: FakeState,
    region: str | None = None,
    service: str | None = None,
) -> tuple[int, Any, bytes]:
    """The fake's (status, headers, body) for one botocore request of an answered operation.

    ``region`` is the client's own (from the request context), for Inspector2's region rules;
    ``service`` is :func:`answered_service`'s answer when the caller has it already.
    """
    if (service or answered_service(operation_model)) == _service.INSPECTOR2:
        return _dispatch.dispatch_inspector2(
            state,
            request.method,
            request.url,
            request.headers,
            request.body,
            operation_model,
            region,
        )
    refused = refusal(request.headers, request.url)  # a client made with signature UNSIGNED
    if refused is not None:
        return refused
    # botocore wrote X-Amz-Target from this very operation model, so the name is taken from it
    # (no header parsing), and the client's own model saves the fake a second copy.
    return _dispatch.dispatch_operation(
        state,
        operation_model.name,
        operation_model,
        request.body,
        request.headers,
        request.url,
        region,
    )


class _Raw(io.BytesIO):
    """What botocore's ``AWSResponse`` reads a body from."""

    def stream(self, **kwargs: Any) -> Iterator[bytes]:
        contents = self.read()
        while contents:
            yield contents
            contents = self.read()


class _EmitterView:
    """The endpoint's emitter, except that ``before-send`` answers with the fake's response."""

    __slots__ = ("_emitter", "_response")

    def __init__(self, emitter: Any, response: Any) -> None:
        self._emitter = emitter
        self._response = response

    def emit(self, event_name: str, **kwargs: Any) -> Any:
        if event_name.startswith("before-send."):
            return [(None, self._response)]
        return self._emitter.emit(event_name, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._emitter, name)


class _EndpointView:
    """The endpoint, with the emitter view in place of its emitter.

    ``_response_parser_factory`` (read on every call) is copied in: a miss through ``__getattr__``
    costs a raised ``AttributeError``.
    """

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
    from botocore.awsrequest import AWSResponse

    def make(original: Any, seam: Seam) -> Callable[..., Any]:
        def _do_get_response(self: Any, request: Any, operation_model: Any, context: Any) -> Any:
            service = answered_service(operation_model) if seam.enabled else None
            if service is None:
                return original(self, request, operation_model, context)
            region = context.get("client_region") if context else None
            status, headers, body = answer(request, operation_model, state, region, service)
            response = AWSResponse(request.url, status, headers, _Raw(body))
            view = _EndpointView(self, _EmitterView(self._event_emitter, response))
            return original(view, request, operation_model, context)

        return _do_get_response

    return make


def _make_add_auth(original: Any, seam: Seam) -> Callable[..., Any]:
    def add_auth(self: Any, request: Any) -> Any:
        # Sign ECR requests of clients that found no credentials (created before the fake started).
        if seam.enabled and self.credentials is None and self._service_name in SIGNED:
            from botocore.credentials import Credentials

            from ecrfake._env import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

            self.credentials = Credentials(
                FAKE_ACCESS_KEY, FAKE_SECRET_KEY
            ).get_frozen_credentials()
        return original(self, request)

    return add_auth


def install(state: FakeState) -> list[Seam]:
    """Wrap botocore's endpoint and signer; the seams, for :meth:`Seam.undo`."""
    import botocore.auth
    import botocore.endpoint

    seams = [Seam(botocore.endpoint.Endpoint, "_do_get_response", _wrap_do_get_response(state))]
    try:
        seams.append(Seam(botocore.auth.SigV4Auth, "add_auth", _make_add_auth))
    except BaseException:
        seams[0].undo()
        raise
    return seams
