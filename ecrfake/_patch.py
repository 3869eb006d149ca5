"""The only module that touches botocore's and responses' internals.

Interception is installed when the first fake starts and removed when the last one stops:

* **botocore**: ``Endpoint._do_get_response`` is wrapped at class level, so every client answers from
  the fake, including clients created before ecrfake was imported or the fake started. For an ECR
  operation the wrapper builds the fake's HTTP response and then runs botocore's own code with a view
  of the endpoint whose ``before-send`` event yields that response: botocore parses, records history
  and emits ``before-parse`` exactly as for a real response. Other ``before-send`` handlers (moto's,
  say) never see ECR requests while ecrfake is active, whichever started first. Non-ECR requests go
  to botocore untouched.
* **requests**: a ``responses.RequestsMock`` answers ECR API hosts and passes everything else to the
  ``HTTPAdapter.send`` that was current at start (the network, or another mock such as moto's).
"""

from __future__ import annotations

import io
import re
import threading
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSResponse

from ecrfake import _dispatch, _service, _wire
from ecrfake._aws import ECR_API_HOST_RE, INSPECTOR2_API_HOST_RE

if TYPE_CHECKING:
    from ecrfake.models.state import FakeState

__all__ = ["ECR_HOST_RE", "activate", "current_state", "deactivate"]

ECR_HOST_RE = ECR_API_HOST_RE

_lock = threading.Lock()
_state: FakeState | None = None
_original_do_get_response: Any = None
_original_add_auth: Any = None
_requests_mock: Any = None


def current_state() -> FakeState | None:
    """The state interception answers from, or ``None`` when no fake is active."""
    return _state


class _Raw(io.BytesIO):
    """What botocore's ``AWSResponse`` reads a body from."""

    def stream(self, **kwargs: Any) -> Any:
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
    __slots__ = ("_endpoint", "_event_emitter")

    def __init__(self, endpoint: Any, response: Any) -> None:
        self._endpoint = endpoint
        self._event_emitter = _EmitterView(endpoint._event_emitter, response)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._endpoint, name)


def _served(operation_model: Any) -> bool:
    """Whether an operation belongs to a service ecrfake answers: ECR's API (by its JSON target
    prefix, not its host) or Amazon Inspector's (``inspector2``)."""
    service = operation_model.service_model
    return bool(
        service.metadata.get("targetPrefix") == _ECR_TARGET
        or service.endpoint_prefix == _service.INSPECTOR2
    )


_ECR_TARGET = _wire.TARGET_PREFIX.rstrip(".")  # the model's targetPrefix


def _answer_botocore(request: Any, operation_model: Any, state: FakeState, region: Any) -> Any:
    if operation_model.service_model.endpoint_prefix == _service.INSPECTOR2:
        status, out_headers, body = _dispatch.dispatch_inspector2(
            state,
            request.method,
            request.url,
            request.headers,
            request.body,
            operation_model,
            region,
        )
        return AWSResponse(request.url, status, out_headers, _Raw(body))
    # botocore wrote X-Amz-Target from this very operation model, so the name is taken from it
    # (no header parsing), and the client's own model saves the fake a second copy.
    status, out_headers, body = _dispatch.dispatch(
        state,
        _wire.TARGET_PREFIX + operation_model.name,
        request.body,
        request.headers,
        request.url,
        operation_model,
        region,
    )
    return AWSResponse(request.url, status, out_headers, _Raw(body))


def _patched_do_get_response(self: Any, request: Any, operation_model: Any, context: Any) -> Any:
    """``Endpoint._do_get_response`` while installed: ECR from the fake, the rest untouched."""
    state = _state
    if state is None or not _served(operation_model):
        return _original_do_get_response(self, request, operation_model, context)
    response = _answer_botocore(request, operation_model, state, context.get("client_region"))
    return _original_do_get_response(
        _EndpointView(self, response), request, operation_model, context
    )


def _patched_add_auth(self: Any, request: Any) -> Any:
    """Sign ECR requests of clients that found no credentials (created before the fake started)."""
    if self.credentials is None and _state is not None and self._service_name in _SIGNED:
        from botocore.credentials import Credentials

        from ecrfake._env import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

        self.credentials = Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY).get_frozen_credentials()
    return _original_add_auth(self, request)


_SIGNED = ("ecr", _service.INSPECTOR2)


def _answer_requests(request: Any) -> tuple[int, dict[str, str], bytes]:
    """The ``responses`` callback for ECR API hosts: a request in, (status, headers, body) out.

    Every raw HTTP request goes through :func:`ecrfake._dispatch.dispatch_http`, as the server's do.
    """
    state = _state
    if state is None:  # pragma: no cover - the callbacks are removed with the state
        raise RuntimeError("ecrfake's requests mock answered after the fake stopped")
    return _dispatch.dispatch_http(
        state, request.method, request.url, request.headers, request.body
    )


def activate(state: FakeState) -> None:
    """Install the interception (first activation only) answering from ``state``."""
    global _state, _original_do_get_response, _original_add_auth, _requests_mock
    with _lock:
        if _state is not None:
            raise RuntimeError("ecrfake interception is already installed")
        import botocore.auth
        import botocore.endpoint

        try:
            if botocore.endpoint.Endpoint._do_get_response is not _patched_do_get_response:
                _original_do_get_response = botocore.endpoint.Endpoint._do_get_response
                botocore.endpoint.Endpoint._do_get_response = _patched_do_get_response
            if botocore.auth.SigV4Auth.add_auth is not _patched_add_auth:
                _original_add_auth = botocore.auth.SigV4Auth.add_auth
                botocore.auth.SigV4Auth.add_auth = _patched_add_auth
            _requests_mock = _start_requests_mock()
        except BaseException:
            _uninstall()
            raise
        _state = state


def deactivate() -> None:
    """Remove the interception (last activation only); safe to call when none is installed."""
    with _lock:
        _uninstall()


def _uninstall() -> None:
    """Put botocore's methods back and stop the requests mock.

    The saved originals are kept (they are botocore's own functions), so a call already inside a
    wrapper on another thread still finds them; with no state the wrappers just delegate.
    """
    global _state, _requests_mock
    import botocore.auth
    import botocore.endpoint

    _state = None
    try:
        if botocore.endpoint.Endpoint._do_get_response is _patched_do_get_response:
            botocore.endpoint.Endpoint._do_get_response = _original_do_get_response
        if botocore.auth.SigV4Auth.add_auth is _patched_add_auth:
            botocore.auth.SigV4Auth.add_auth = _original_add_auth
        if _requests_mock is not None:
            _stop_requests_mock(_requests_mock)
    finally:
        _requests_mock = None


_installed_send: Any = None
#: A mock stopped cleanly is kept for the next activation: building one (seven callbacks, a
#: pass-through) is most of the cost of start(). Only its pass-through target changes.
_spare_mock: Any = None


def _build_requests_mock(current_send: Any) -> Any:
    import responses

    mock = responses.RequestsMock(
        assert_all_requests_are_fired=False, real_adapter_send=current_send
    )
    for method in ("POST", "GET", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"):
        mock.add_callback(method, ECR_HOST_RE, callback=_answer_requests)
        mock.add_callback(method, INSPECTOR2_API_HOST_RE, callback=_answer_requests)
    mock.add_passthru(re.compile(r".*"))
    return mock


def _start_requests_mock() -> Any:
    """A ``responses`` mock answering ECR API hosts, chained onto the current ``send``."""
    global _installed_send, _spare_mock
    import requests.adapters

    current_send: Any = requests.adapters.HTTPAdapter.send  # maybe another mock's send
    mock, _spare_mock = _spare_mock, None
    if mock is not None and hasattr(mock, "_real_send"):
        # responses keeps the pass-through target in _real_send (set from real_adapter_send).
        mock._real_send = current_send
        mock.calls.reset()
    else:
        mock = _build_requests_mock(current_send)
    mock.start()
    _installed_send = requests.adapters.HTTPAdapter.send
    return mock


def _stop_requests_mock(mock: Any) -> None:
    """Uninstall ``mock``, unless another mock was installed on top of it and is still there.

    Stopping ours then would throw the other mock out, and when that one stops it would put ours
    back. Instead ours stays in the chain as a pure pass-through to the send it wrapped.
    """
    global _installed_send, _spare_mock
    import requests.adapters

    installed, _installed_send = _installed_send, None
    if requests.adapters.HTTPAdapter.send is installed:
        mock.stop(allow_assert=False)
        _spare_mock = mock
    else:
        mock.reset()
        mock.add_passthru(re.compile(r".*"))
