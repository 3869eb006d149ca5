"""The ``requests`` seam: a ``responses.RequestsMock`` answering ECR API hosts.

Everything else is passed to the ``HTTPAdapter.send`` that was current at start (the network, or
another mock such as moto's): mocks chain, they do not hijack each other.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ecrfake import _dispatch
from ecrfake._aws import (
    ECR_API_HOST_RE,
    INSPECTOR2_API_HOST_RE,
    LAYER_BUCKET_URL_RE,
    REGISTRY_URL_RE,
)

if TYPE_CHECKING:
    from ecrfake.models.state import FakeState

__all__ = ["RequestsSeam"]

#: What the mock answers: the ECR API, Inspector2's API, registry hosts (``/v2/``), the layer bucket.
_ANSWERED_URLS = (ECR_API_HOST_RE, INSPECTOR2_API_HOST_RE, REGISTRY_URL_RE, LAYER_BUCKET_URL_RE)

#: A mock stopped cleanly is kept for the next activation: building one (seven callbacks, a
#: pass-through) is most of the cost of start(). A cache, not activation state: only its
#: pass-through target and its callback's state change between uses.
_spare: list[Any] = []


def _make_callback(state: FakeState, mock: Any) -> Any:
    def answer(request: Any) -> tuple[int, dict[str, str], bytes]:
        """A request in, (status, headers, body) out: the single raw-HTTP entry of dispatch."""
        _forget_calls(mock)
        return _dispatch.dispatch_http(
            state, request.method, request.url, request.headers, request.body
        )

    return answer


def _forget_calls(mock: Any) -> None:
    """Drop responses' log of the calls answered before this one: it keeps every request and
    response (layer bodies included) for the life of the mock, and nothing here reads it."""
    mock.calls.reset()
    for match in mock.registered():
        match.calls.reset()


class _Route:
    """The one callback every ECR route calls; it answers from the state it is pointed at."""

    __slots__ = ("callback",)

    def __init__(self) -> None:
        self.callback: Any = None

    def __call__(self, request: Any) -> Any:
        return self.callback(request)


def _build(current_send: Any, route: _Route) -> Any:
    import responses

    mock = responses.RequestsMock(
        assert_all_requests_are_fired=False, real_adapter_send=current_send
    )
    for method in ("POST", "GET", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"):
        for pattern in _ANSWERED_URLS:
            mock.add_callback(method, pattern, callback=route)
    mock.add_passthru(re.compile(r".*"))
    return mock


class RequestsSeam:
    """The mock chained onto ``HTTPAdapter.send`` for one activation; :meth:`undo` removes it."""

    __slots__ = ("installed_send", "mock", "route")

    def __init__(self, state: FakeState) -> None:
        import requests.adapters

        current_send: Any = requests.adapters.HTTPAdapter.send  # maybe another mock's send
        if _spare:
            self.mock, self.route = _spare.pop()
            # responses keeps the pass-through target in _real_send (set from real_adapter_send).
            self.mock._real_send = current_send
            self.mock.calls.reset()
        else:
            self.route = _Route()
            self.mock = _build(current_send, self.route)
        self.route.callback = _make_callback(state, self.mock)
        self.mock.start()
        self.installed_send = requests.adapters.HTTPAdapter.send

    def undo(self) -> None:
        """Uninstall the mock, unless another mock was installed on top of it and is still there.

        Stopping ours then would throw the other mock out, and when that one stops it would put
        ours back. Instead ours stays in the chain as a pure pass-through to the send it wrapped.
        """
        import requests.adapters

        if requests.adapters.HTTPAdapter.send is self.installed_send:
            self.mock.stop(allow_assert=False)
            self.route.callback = None
            _spare[:] = [(self.mock, self.route)]
        else:
            self.mock.reset()
            self.mock.add_passthru(re.compile(r".*"))
