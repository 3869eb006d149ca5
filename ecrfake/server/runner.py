""":class:`Server`: one fake state behind an HTTP listener, run on a background thread.

The HTTP layer is uvicorn (with its pure-Python h11 protocol) serving :class:`~ecrfake.server.app.App`;
see docs/architecture.md for why uvicorn. The listening socket is bound here, before uvicorn runs,
so ``port=0`` gives a free port that is known (and already accepting connections into the backlog)
by the time :meth:`Server.start` returns. The server runs on its own thread with its own event loop,
so the same class serves the CLI (whose main thread waits for a signal) and the pytest fixture
(whose main thread runs the tests).

The server's state is its own: it never activates the in-process interception, so a test process
that hosts a server can still use ``mock_ecr_scanning`` for other tests.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import threading
import time
from typing import TYPE_CHECKING, Any

from ecrfake.server.limits import Limits

if TYPE_CHECKING:
    from types import TracebackType

    from ecrfake.fake import EcrFake
    from ecrfake.models.state import FakeState

__all__ = ["Server", "is_loopback"]

#: How long a stop waits for requests in flight before closing their connections.
_GRACE_SECONDS = 3
_START_TIMEOUT = 30.0
_STOP_TIMEOUT = 30.0

#: The real monotonic clock, kept in a tuple: freezegun swaps module attributes that are the real
#: ``time.monotonic`` for its fake, and an event loop whose clock stops (or jumps back years when a
#: test freezes time) never wakes for its timers. Test code freezing time still moves the fake's
#: own clock (``ecrfake._clock``), as in process; only the server's event loop keeps real time.
_REAL_MONOTONIC = (time.monotonic,)

logger = logging.getLogger("ecrfake.server")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) only ever means this machine."""
    if host.lower() in ("localhost", "localhost.") or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(
        host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except BaseException:
        sock.close()
        raise
    return sock


def bound_fake(state: FakeState) -> EcrFake:
    """An ``EcrFake`` handle on ``state`` that installs no interception (the server's handle)."""
    from ecrfake.fake import EcrFake

    fake = EcrFake(state.default_account, state.default_region)
    fake._state = state
    return fake


class Server:
    """ecrfake over HTTP: ``with Server() as server: ... server.url ...``.

    ``host`` defaults to loopback; ``port=0`` picks a free port. ``account_id`` and ``region`` are
    the defaults of requests and of the control API, as for ``mock_ecr_scanning``. Needs the
    ``server`` extra (``pip install 'ecrfake[server]'``).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        account_id: str | None = None,
        region: str | None = None,
        limits: Limits | None = None,
    ) -> None:
        from ecrfake._version import __version__
        from ecrfake.fake import EcrFake
        from ecrfake.models.state import FakeState
        from ecrfake.server.app import App, warm
        from ecrfake.server.control import Controls

        EcrFake(account_id, region)  # validates both the way mock_ecr_scanning does (EcrFakeError)
        self.state = FakeState(account_id, region)
        self.fake = bound_fake(self.state)
        self.app = App(self.state, Controls(self.fake, __version__), limits)
        self._host = host
        self._socket = _bind(host, port)
        warm()
        self._uvicorn: Any = None
        self._loop: Any = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._failure: BaseException | None = None

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` (IPv6 addresses in brackets)."""
        host = self._host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    def __repr__(self) -> str:
        status = "running" if self.running else "stopped"
        return f"<ecrfake Server {self.url} {status}>"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Server:
        """Serve on a background thread; returns once requests are being answered."""
        import uvicorn

        if self._thread is not None:
            raise RuntimeError(f"{self!r} was already started")
        config = uvicorn.Config(
            self.app,
            interface="asgi3",
            http="h11",
            ws="none",
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            proxy_headers=False,
            server_header=False,
            timeout_graceful_shutdown=_GRACE_SECONDS,
        )
        started = self._started

        class _Uvicorn(uvicorn.Server):
            async def startup(self, sockets: list[socket.socket] | None = None) -> None:
                await super().startup(sockets=sockets)
                started.set()

        self._uvicorn = _Uvicorn(config)
        self._thread = threading.Thread(target=self._run, name=f"ecrfake-server-{self.port}")
        self._thread.daemon = True
        self._thread.start()
        if not started.wait(_START_TIMEOUT) or self._failure is not None:
            self.stop()
            raise RuntimeError(f"ecrfake's server did not start: {self._failure!r}")
        return self

    def _run(self) -> None:
        import asyncio

        class _Loop(asyncio.SelectorEventLoop):
            def time(self) -> float:
                return _REAL_MONOTONIC[0]()

        loop = _Loop()
        self._loop = loop
        try:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self._uvicorn.serve(sockets=[self._socket]))
            loop.run_until_complete(loop.shutdown_asyncgens())
        except BaseException as error:  # reported by start(), or lost with the thread
            self._failure = error
        finally:
            asyncio.set_event_loop(None)
            loop.close()
            self._started.set()

    def stop(self) -> None:
        """Stop serving (requests in flight get a few seconds to finish) and close the socket."""
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True
        loop = self._loop
        if loop is not None and not loop.is_closed():
            # Wake the loop to see should_exit now; a loop closed meanwhile is ending anyway.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(lambda: None)
        thread = self._thread
        if thread is not None:
            thread.join(_STOP_TIMEOUT)
            if thread.is_alive():  # a daemon thread: it cannot keep the process alive
                logger.warning("ecrfake's server thread did not stop within %ss", _STOP_TIMEOUT)
            else:
                self._thread = None
        self._socket.close()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
