"""The socket guard: no ECR host is looked up or connected to while a fake is active.

Every seam above (botocore, aiobotocore, ``requests``) answers ECR before a socket is involved. A
client stack ecrfake does not know (``http.client``, ``urllib``, ``httpx``, a new SDK...) gets here
instead: ``socket.getaddrinfo`` and ``socket.create_connection`` refuse ECR's API and registry
hosts with :class:`~ecrfake.exceptions.EcrFakeNetworkError` naming the host and the stack, before
any DNS lookup. Other hosts are untouched.

The error is deliberately not an ``OSError``: HTTP libraries turn those into their own connection
errors (losing the text) and retry them; this one propagates as it is.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from typing import Any

from ecrfake._patch._hosts import is_ecr_host
from ecrfake._patch._seam import Seam

__all__ = ["install"]

#: Modules that are the plumbing between a client and the socket, not the client stack.
_PLUMBING = ("socket", "ssl", "selectors", "asyncio", "concurrent", "threading", "ecrfake")


def calling_stack(frame: Any) -> str:
    """The packages between the test and the socket, innermost first (``http <- urllib <- ...``)."""
    names: list[str] = []
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        top = module.split(".", 1)[0]
        if top and top not in _PLUMBING and (not names or names[-1] != top):
            names.append(top)
        frame = frame.f_back
    return " <- ".join(names[:4]) or "unknown"


def _refuse(host: Any) -> None:
    from ecrfake.exceptions import EcrFakeNetworkError

    name = host.decode("ascii", "replace") if isinstance(host, (bytes, bytearray)) else host
    raise EcrFakeNetworkError(host=name, stack=calling_stack(sys._getframe(2)))


def _make_getaddrinfo(original: Any, seam: Seam) -> Callable[..., Any]:
    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if seam.enabled and is_ecr_host(host):
            _refuse(host)
        return original(host, *args, **kwargs)

    return getaddrinfo


def _make_create_connection(original: Any, seam: Seam) -> Callable[..., Any]:
    def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
        if seam.enabled and isinstance(address, tuple) and address and is_ecr_host(address[0]):
            _refuse(address[0])
        return original(address, *args, **kwargs)

    return create_connection


def install() -> list[Seam]:
    """Guard ``socket.getaddrinfo`` and ``socket.create_connection``; the seams, for undo."""
    seams = [Seam(socket, "getaddrinfo", _make_getaddrinfo)]
    try:
        seams.append(Seam(socket, "create_connection", _make_create_connection))
    except BaseException:
        seams[0].undo()
        raise
    return seams
